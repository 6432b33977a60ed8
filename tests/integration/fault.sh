#!/usr/bin/env bash
# Fault test: the IMAP server is stopped in the middle of a cycle and
# started again; the running ykiend retries by itself (backoff), completes
# the intake, files nothing twice, and stops cleanly on SIGTERM.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/tap.sh"
. "$here/../lib/dovecot.sh"
. "$here/../lib/ykien-env.sh"
N=2000

T=$(mktemp -d /tmp/ykfault.XXXXXX)
pid=
trap '[ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null; ykien_env_stop; rm -rf "$T"' EXIT
ykien_env_start "$T" || { not_ok "private Dovecot starts"; tap_done; exit 1; }
sed -i 's|^  poll_interval = .*;|  poll_interval = 1;|' "$YK_CONF"
python3 "$YK_TOP/tests/lib/genmail.py" "$T/gen" "$N" --prefix fault > /dev/null
maildir_deliver_dir "$T/gen"
db() { sqlite3 "$T/ykien.db" "$@" 2>/dev/null; }
count() { local n; n=$(db 'SELECT count(*) FROM messages'); echo "${n:-0}"; }

"$YKIEND" -c "$YK_CONF" 2> "$T/daemon.log" &
pid=$!
# wait until the intake is under way, then take the server away
for _ in $(seq 1 400); do [ "$(count)" -gt 0 ] && break; sleep 0.01; done
dovecot_kill
at_stop=$(count)
echo "# server stopped with $at_stop of $N filed"
check "the server went away in the middle of the intake" [ "$at_stop" -lt "$N" ]
sleep 2
check "ykiend keeps running while the server is away" kill -0 "$pid"
check "the failure is logged" grep -q 'poll of .* failed' "$T/daemon.log"
dovecot_restart || not_ok "Dovecot restarts"
for _ in $(seq 1 300); do [ "$(count)" -ge "$N" ] && break; sleep 0.1; done
is "after the server is back, the intake completes by itself" "$(count)" "$N"
is "no UID is recorded twice" "$(db 'SELECT count(DISTINCT uid) FROM messages')" "$N"
is "no Message-ID is recorded twice" "$(db 'SELECT count(DISTINCT message_id) FROM messages')" "$N"
is "one archive file per message" "$(find "$T/archive" -name '*.eml' -type f | wc -l)" "$N"

start=$(date +%s%N)
kill -TERM "$pid"
wait "$pid"
rc=$?
ms=$(( ($(date +%s%N) - start) / 1000000 ))
pid=
is "SIGTERM: ykiend exits 0" "$rc" 0
check "SIGTERM: it exits within 2 seconds (${ms} ms)" [ "$ms" -lt 2000 ]
tap_done
