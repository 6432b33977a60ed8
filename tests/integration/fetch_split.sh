#!/usr/bin/env bash
# A message's bytes go to a spill file as they arrive (lib/imap.c, spill.h),
# and the answer's end is still read right when the server's packets cut
# it anywhere: here a proxy sends each FETCH answer's BODY[] literal apart
# from the ")" and CRLF that end it, as Courier's answers can come.  Over
# four connections and over one, every message is filed once, whole, and
# the daemon does not spin (a first version looped there: its helpers
# burnt the CPU and never finished).
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/tap.sh"
. "$here/../lib/dovecot.sh"
. "$here/../lib/ykien-env.sh"

N=300
T=$(mktemp -d /tmp/yksplit.XXXXXX)
proxy=
trap '[ -n "$proxy" ] && kill $proxy 2>/dev/null; ykien_env_stop; rm -rf "$T"' EXIT

ykien_env_start "$T" > /dev/null || { not_ok "private Dovecot starts"; tap_done; exit 1; }
python3 "$YK_TOP/tests/lib/genmail.py" "$T/gen" "$N" --prefix split --attach-fraction 0.1 \
    > /dev/null
maildir_deliver_dir "$T/gen"
python3 "$YK_TOP/tests/lib/delay_proxy.py" "$DOVECOT_PORT" 0 "$T/proxy.port" "$T/proxy.stats" \
    300 --split-literals &
proxy=$!
for _ in $(seq 1 100); do [ -s "$T/proxy.port" ] && break; sleep 0.05; done

for c in 4 1; do
    R=$T/c$c
    mkdir -p "$R"
    cp "$T/imap.pass" "$R/"
    sed -e "s|$T/|$R/|g" -e "s|127.0.0.1:$DOVECOT_PORT|127.0.0.1:$(cat "$T/proxy.port")|" \
        -e "s#^mailbox = {#&\n  max_connections = $c;#" "$YK_CONF" > "$R/ykien.conf"
    start=$(date +%s)
    timeout -k 10 180 "$YKIEND" -c "$R/ykien.conf" --once 2> "$R/log"
    rc=$?
    secs=$(( $(date +%s) - start ))
    is "max_connections = $c: the sync ends by itself (${secs} s)" "$rc" 0
    is "max_connections = $c: every message filed once" \
        "$(sqlite3 "$R/ykien.db" 'SELECT count(*) || "/" || count(DISTINCT uid) FROM messages')" \
        "$N/$N"
    bad=0
    while IFS='|' read -r p size; do
        [ "$(stat -c %s "$R/archive/$p" 2> /dev/null)" = "$size" ] || bad=$((bad + 1))
    done < <(sqlite3 "$R/ykien.db" 'SELECT archive_path, size FROM messages')
    is "max_connections = $c: each archived file has the server's size" "$bad" 0
done
check "four connections were used" grep -q "over 4 IMAP connection" "$T/c4/log"
tap_done
