#!/usr/bin/env bash
# make demo: the daemon's main job on bundled sample data.  A private
# Dovecot on 127.0.0.1 receives the sample replies in tests/data/replies,
# `ykiend --once` files them with conf/demo.conf, `ykien status` shows who
# replied and who did not.  Nothing outside a temporary folder is touched.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib/dovecot.sh"
. "$here/lib/ykien-env.sh"

T=$(mktemp -d /tmp/ykdemo.XXXXXX)
trap 'ykien_env_stop; rm -rf "$T"' EXIT
ykien_env_start "$T" || { echo "demo: could not start the private Dovecot" >&2; exit 1; }
echo "== A private Dovecot listens on 127.0.0.1:$DOVECOT_PORT; the sample replies arrive:"
for f in "$here"/data/replies/*.eml; do
    maildir_deliver "$f"
    printf '   %s\n' "$(basename "$f")"
done
echo
echo "== ykiend --once (one poll: fetch, archive, classify, extract, file):"
"$YKIEND" -c "$YK_CONF" --once || { echo "demo: ykiend failed" >&2; exit 1; }
echo
echo "== ykien status:"
"$YKIEN" -c "$YK_CONF" status || exit 1
echo
echo "== The archive (raw messages, filed by campaign and agency):"
(cd "$T/archive" && find . -name '*.eml' | sort | sed 's#^\./#   #')
