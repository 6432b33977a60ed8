#!/usr/bin/env bash
# Faults at the edges, each cleared afterwards: a slow server (a proxy on
# 127.0.0.1 adding 40 ms each way) and a full disk (RLIMIT_FSIZE).  After
# each, every message is filed exactly once.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/tap.sh"
. "$here/../lib/dovecot.sh"
. "$here/../lib/ykien-env.sh"

T=$(mktemp -d /tmp/ykfaults.XXXXXX)
proxy=
trap '[ -n "$proxy" ] && kill $proxy 2>/dev/null; ykien_env_stop; rm -rf "$T"' EXIT
ykien_env_start "$T" || { not_ok "private Dovecot starts"; tap_done; exit 1; }
db() { sqlite3 "$T/ykien.db" "$@" 2>/dev/null; }
python3 "$YK_TOP/tests/lib/genmail.py" "$T/gen" 300 --prefix slow > /dev/null
maildir_deliver_dir "$T/gen"

# --- a slow server ---------------------------------------------------------
python3 "$YK_TOP/tests/lib/delay_proxy.py" "$DOVECOT_PORT" 40 "$T/proxy.port" "$T/proxy.stats" 300 &
proxy=$!
for _ in $(seq 1 100); do [ -s "$T/proxy.port" ] && break; sleep 0.05; done
sed "s|127.0.0.1:$DOVECOT_PORT|127.0.0.1:$(cat "$T/proxy.port")|" "$YK_CONF" > "$T/slow.conf"
start=$(date +%s%N)
"$YKIEND" -c "$T/slow.conf" --once 2> "$T/slow.log"
rc=$?
ms=$(( ($(date +%s%N) - start) / 1000000 ))
is "through an 80 ms round trip: the cycle exits 0 (${ms} ms)" "$rc" 0
is "every message filed once" "$(db 'SELECT count(*) || "/" || count(DISTINCT uid) FROM messages')" "300/300"
kill $proxy 2>/dev/null; proxy=

# --- a full disk ----------------------------------------------------------
python3 "$YK_TOP/tests/lib/genmail.py" "$T/big" 40 --prefix full --attach-fraction 1 --seed 7 > /dev/null
maildir_deliver_dir "$T/big"
# at most 1 MB may be written per file: most of the 40 messages of
# 0.1-2.7 MB cannot be archived
(ulimit -f 1024; "$YKIEND" -c "$YK_CONF" --once) 2> "$T/full.log"
rc=$?
check "the disk is full: the cycle fails (exit $rc), it is not killed" [ "$rc" = 75 ]
check "the cause is logged" grep -qiE 'too large|File too large|durable' "$T/full.log"
partial=$(db 'SELECT count(*) FROM messages')
echo "# $partial of 340 filed while the disk was full"
is "what is recorded is in the archive, whole" \
    "$(db "SELECT archive_path || ' ' || sha256 FROM messages" | while read -r p sha; do
          [ "$(sha256sum "$T/archive/$p" | cut -d' ' -f1)" = "$sha" ] || echo bad; done | wc -l)" 0
"$YKIEND" -c "$YK_CONF" --once 2> "$T/after.log"
is "the disk has room again: the cycle exits 0" "$?" 0
is "every message filed exactly once" "$(db 'SELECT count(*) || "/" || count(DISTINCT uid) FROM messages')" "340/340"
is "one archive file per message" "$(find "$T/archive" -name '*.eml' | wc -l)" 340
tap_done
