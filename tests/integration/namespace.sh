#!/usr/bin/env bash
# Folders where the server wants them, and a server that refuses a move.
# Dovecot is set up as Cyrus and Courier are: personal folders under the
# "INBOX." namespace, "." as separator (NAMESPACE (("INBOX." "."))).
#  - after_filing = move puts the replies in INBOX.YKien.<agency>;
#  - folder_prefix = "/YKien" (absolute, outside the namespace): the server
#    refuses the CREATE; the messages stay filed, the log quotes the
#    server, `ykien status` shows them waiting, and the next cycle still
#    files new mail (a refused move never blocks the intake).
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/tap.sh"
. "$here/../lib/dovecot.sh"
. "$here/../lib/ykien-env.sh"

T=$(mktemp -d /tmp/ykns.XXXXXX)
trap 'ykien_env_stop; rm -rf "$T"' EXIT
DOVECOT_NS_PREFIX=INBOX. ykien_env_start "$T" || { not_ok "private Dovecot starts"; tap_done; exit 1; }
doveadm_() { doveadm -c "$DOVECOT_DIR/dovecot.conf" "$@"; }
db() { sqlite3 "$T/ykien.db" "$@" 2>/dev/null; }
data=$YK_TOP/tests/data/replies
sed -i 's|^  after_filing = .*;|  after_filing = "move";|' "$YK_CONF"

maildir_deliver "$data/01-snv-inline.eml"
maildir_deliver "$data/03-chauthanh-domain.eml"
maildir_deliver "$data/05-out-of-office.eml"
"$YKIEND" -c "$YK_CONF" --once 2> "$T/run1.log"
is "INBOX. namespace, move: the cycle exits 0" "$?" 0
is "three filed" "$(db 'SELECT count(*) FROM messages')" 3
is "the inbox is empty" "$(doveadm_ search -u tester mailbox INBOX all | wc -l)" 0
is "SNV's reply is in INBOX.YKien.SNV" "$(doveadm_ search -u tester mailbox INBOX.YKien.SNV all | wc -l)" 1
is "the auto-reply is in INBOX.YKien._other" \
    "$(doveadm_ search -u tester mailbox INBOX.YKien._other all | wc -l)" 1
is "every move recorded done" "$(db 'SELECT count(*) FROM messages WHERE server_done = 1')" 3

# a prefix written absolute, which this server refuses
sed -i 's|^mailbox = {|&\n  folder_prefix = "/YKien";|' "$YK_CONF"
maildir_deliver "$data/02-stp-no-diacritics.eml"
maildir_deliver "$data/06-syt-reply.eml"
"$YKIEND" -c "$YK_CONF" --once 2> "$T/run2.log"
is "a refused move: the cycle still exits 0" "$?" 0
is "both new replies are filed" "$(db 'SELECT count(*) FROM messages')" 5
check "the log says the server refused, in the server's words" \
    grep -qE "2 message\(s\) were filed, but the server refused to move them: IMAP CREATE \"YKien\.[A-Z]+\" refused: Client tried to access nonexistent namespace" "$T/run2.log"
is "they stay in the inbox" "$(doveadm_ search -u tester mailbox INBOX all | wc -l)" 2
is "recorded as refused, not done" \
    "$(db 'SELECT count(*) FROM messages WHERE server_done = 0 AND server_attempts = 1')" 2
"$YKIEN" -c "$YK_CONF" status > "$T/status.txt" 2>&1
check "ykien status shows them waiting, with the server's words" \
    grep -qE '^Server: 2 filed message\(s\) not yet moved on the mail server, which refused: IMAP CREATE' "$T/status.txt"
check "ykien status --json counts them" \
    grep -q '"server_waiting":2' <("$YKIEN" -c "$YK_CONF" status --json 2>/dev/null)

# the next cycle: new mail is filed; the refused ones wait (back-off)
python3 "$YK_TOP/tests/lib/genmail.py" "$T/gen" 5 --prefix more > /dev/null
maildir_deliver_dir "$T/gen"
"$YKIEND" -c "$YK_CONF" --once 2> "$T/run3.log"
is "the next cycle exits 0" "$?" 0
is "it files the 5 new messages" "$(db 'SELECT count(*) FROM messages')" 10
is "the two refused before are not asked again before their wait" \
    "$(db 'SELECT count(*) FROM messages WHERE server_attempts = 1 AND server_done = 0 AND message_id LIKE "%soctrang%"')" 2

# the administrator mends the prefix: the waiting ones are moved when due
sed -i 's|^  folder_prefix = "/YKien";|  folder_prefix = "YKien";|' "$YK_CONF"
db "UPDATE messages SET server_next = 0"
"$YKIEND" -c "$YK_CONF" --once 2> "$T/run4.log"
is "after the mend: the cycle exits 0" "$?" 0
is "every message moved once, none waiting" \
    "$(db 'SELECT count(*) FROM messages WHERE server_done = 1')" 10
is "the inbox is empty" "$(doveadm_ search -u tester mailbox INBOX all | wc -l)" 0
"$YKIEN" -c "$YK_CONF" status > "$T/status2.txt" 2>&1
check "ykien status no longer shows a server line" bash -c "! grep -q '^Server:' '$T/status2.txt'"
tap_done
