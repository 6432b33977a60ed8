#!/usr/bin/env bash
# The first sync takes only the mail that matters: a mailbox with 2,000
# messages that arrived before the campaign window and 100 inside it; only
# the 100 are downloaded (counted by a proxy between ykiend and Dovecot)
# and filed.  A campaign added later with an earlier date widens the window.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/tap.sh"
. "$here/../lib/dovecot.sh"
. "$here/../lib/ykien-env.sh"

T=$(mktemp -d /tmp/ykwin.XXXXXX)
proxy=
trap '[ -n "$proxy" ] && kill $proxy 2>/dev/null; ykien_env_stop; rm -rf "$T"' EXIT
ykien_env_start "$T" || { not_ok "private Dovecot starts"; tap_done; exit 1; }
db() { sqlite3 "$T/ykien.db" "$@" 2>/dev/null; }
python3 "$YK_TOP/tests/lib/genmail.py" "$T/old" 2000 --prefix old > /dev/null
python3 "$YK_TOP/tests/lib/genmail.py" "$T/new" 100 --prefix new > /dev/null
# Dovecot takes a Maildir file's mtime as its arrival date (INTERNALDATE):
# 2,000 arrived in 2023, 100 in January 2024; the campaign's letter went out
# on 15/01/2024 and the window opens 7 days before
touch -d '2023-06-01 10:00:00' "$T"/old/*.eml
touch -d '2024-01-20 10:00:00' "$T"/new/*.eml
# as in a real mailbox, UIDs follow arrival: the old mail is numbered first
maildir_deliver_dir "$T/old"
doveadm -c "$DOVECOT_DIR/dovecot.conf" mailbox status -u tester messages INBOX > /dev/null
maildir_deliver_dir "$T/new"
old_bytes=$(du -cb "$T"/old/*.eml | tail -1 | cut -f1)
new_bytes=$(du -cb "$T"/new/*.eml | tail -1 | cut -f1)

python3 "$YK_TOP/tests/lib/delay_proxy.py" "$DOVECOT_PORT" 0 "$T/proxy.port" "$T/proxy.stats" 300 &
proxy=$!
for _ in $(seq 1 100); do [ -s "$T/proxy.port" ] && break; sleep 0.05; done
sed -i "s|127.0.0.1:$DOVECOT_PORT|127.0.0.1:$(cat "$T/proxy.port")|" "$YK_CONF"

"$YKIEND" -c "$YK_CONF" --once 2> "$T/run1.log"
is "first sync exits 0" "$?" 0
is "it files the 100 messages inside the window" "$(db 'SELECT count(*) FROM messages')" 100
is "and only those" "$(db "SELECT count(*) FROM messages WHERE message_id LIKE 'new-%'")" 100
check "one log line says how many were passed over" grep -q '2000 message(s) older than the window' "$T/run1.log"
down=$(sed -n 's/down \([0-9]*\).*/\1/p' "$T/proxy.stats")
echo "# the proxy saw $down bytes from the server; the 100 messages are $new_bytes bytes, the 2,000 old ones $old_bytes"
check "the old messages were never downloaded ($down bytes in all)" [ "$down" -lt $((new_bytes + old_bytes / 20)) ]
check "but the new ones were" [ "$down" -ge "$new_bytes" ]

# later cycles use the high-water UID: new mail of any date is taken
python3 "$YK_TOP/tests/lib/genmail.py" "$T/later" 3 --prefix later > /dev/null
touch -d '2023-01-01 10:00:00' "$T"/later/*.eml
maildir_deliver_dir "$T/later"
"$YKIEND" -c "$YK_CONF" --once 2> "$T/run2.log"
is "a later cycle takes what arrived since, whatever its date" "$(db 'SELECT count(*) FROM messages')" 103

# a campaign added with an earlier date widens the window once
sed -i 's|^campaigns = (|campaigns = (\n  { id = "95-UBND-KT"; reference = "95/UBND-KT"; form = "hoi-thi-cchc";\n    sent = "2023-05-30T08:00:00+07:00"; deadline = "2023-06-30T17:00:00+07:00"; },|' "$YK_CONF"
"$YKIEND" -c "$YK_CONF" --once 2> "$T/run3.log"
is "the widened window takes the 2,000 older messages" "$(db 'SELECT count(*) FROM messages')" 2103
check "and says so" grep -q 'window moved earlier: 2000 older message' "$T/run3.log"
"$YKIEND" -c "$YK_CONF" --once 2> "$T/run4.log"
is "nothing twice afterwards" "$(db 'SELECT count(*) FROM messages')" 2103
is "no UID twice" "$(db 'SELECT count(DISTINCT uid) FROM messages')" 2103
tap_done
