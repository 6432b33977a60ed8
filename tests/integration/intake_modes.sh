#!/usr/bin/env bash
# after_filing = seen and move, a message above max_message_size, and a
# UIDVALIDITY change — each against a real Dovecot.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/tap.sh"
. "$here/../lib/dovecot.sh"
. "$here/../lib/ykien-env.sh"

T=$(mktemp -d /tmp/ykmode.XXXXXX)
trap 'ykien_env_stop; [ -n "${KEEP:-}" ] || rm -rf "$T"' EXIT
ykien_env_start "$T" || { not_ok "private Dovecot starts"; tap_done; exit 1; }
data=$YK_TOP/tests/data/replies
db() { sqlite3 "$T/ykien.db" "$@"; }
fresh_state() { rm -rf "$T/ykien.db"* "$T/archive"; }
set_conf() { sed -i "s|^  $1 = .*;|  $1 = $2;|" "$YK_CONF"; }
doveadm_() { doveadm -c "$DOVECOT_DIR/dovecot.conf" "$@"; }

# --- seen --------------------------------------------------------------
set_conf after_filing '"seen"'
maildir_deliver "$data/01-snv-inline.eml"
maildir_deliver "$data/02-stp-no-diacritics.eml"
"$YKIEND" -c "$YK_CONF" --once 2> "$T/seen.log"
is "after_filing = seen: cycle exits 0" "$?" 0
is "after_filing = seen: both filed" "$(db 'SELECT count(*) FROM messages')" 2
is "after_filing = seen: both marked \\Seen after filing" "$(imap_flags)" "1 \\Seen
2 \\Seen"

# --- move --------------------------------------------------------------
set_conf after_filing '"move"'
maildir_deliver "$data/03-chauthanh-domain.eml"
maildir_deliver "$data/04-unknown-sender.eml"
maildir_deliver "$data/05-out-of-office.eml"
"$YKIEND" -c "$YK_CONF" --once 2> "$T/move.log"
is "after_filing = move: cycle exits 0" "$?" 0
is "after_filing = move: three more filed" "$(db 'SELECT count(*) FROM messages')" 5
inbox_left=$(doveadm_ search -u tester mailbox INBOX all | wc -l)
is "after_filing = move: the three left INBOX" "$inbox_left" 2
is "moved into YKien.UBND_CHAUTHANH" "$(doveadm_ search -u tester mailbox YKien.UBND_CHAUTHANH all | wc -l)" 1
is "unassigned reply moved into YKien._unassigned" "$(doveadm_ search -u tester mailbox YKien._unassigned all | wc -l)" 1
is "auto-reply moved into YKien._other" "$(doveadm_ search -u tester mailbox YKien._other all | wc -l)" 1
"$YKIEND" -c "$YK_CONF" --once 2> "$T/move2.log"
is "after a move, nothing is filed twice" "$(db 'SELECT count(*) FROM messages')" 5
set_conf after_filing '"keep"'

# --- too large ----------------------------------------------------------
sed -i 's|^  after_filing = "keep";|  after_filing = "keep"; max_message_size = 4096;|' "$YK_CONF"
python3 - "$T/big.eml" <<'PY'
import sys
body = "".join("dong %d: noi dung dai de vuot gioi han kich thuoc\n" % i for i in range(400))
open(sys.argv[1], "w").write(
    "From: So Y te <syt@soctrang.example>\nTo: tonghop@soctrang.example\n"
    "Subject: 118/UBND-TH tep rat lon\nMessage-ID: <big-1@soctrang.example>\n"
    "Date: Thu, 25 Jan 2024 10:00:00 +0700\nMIME-Version: 1.0\n"
    "Content-Type: text/plain; charset=us-ascii\n\n" + body)
PY
maildir_deliver "$T/big.eml"
"$YKIEND" -c "$YK_CONF" --once 2> "$T/big.log"
is "a message above max_message_size: cycle exits 0" "$?" 0
is "it is recorded once" "$(db "SELECT count(*) FROM messages WHERE message_id LIKE '%big-1%'")" 1
is "it is marked for review as too large" \
    "$(db "SELECT count(*) FROM messages WHERE message_id LIKE '%big-1%' AND needs_review = 1 AND parsed_json LIKE '%too large%'")" 1
big=$(db "SELECT archive_path FROM messages WHERE message_id LIKE '%big-1%'")
check "only its headers were fetched" [ "$(stat -c %s "$T/archive/$big")" -lt 1024 ]
"$YKIEND" -c "$YK_CONF" --once 2> "$T/big2.log"
is "it is not fetched again at the next cycle" "$(db 'SELECT count(*) FROM messages')" 6

# --- UIDVALIDITY change -----------------------------------------------------
# (the size limit stays: the too-large message is recognised by its header)
before=$(db 'SELECT count(*) FROM messages')
doveadm_ mailbox update -u tester --uid-validity 4242 INBOX
maildir_deliver "$data/06-syt-reply.eml"
"$YKIEND" -c "$YK_CONF" --once 2> "$T/uv.log"
is "after a UIDVALIDITY change: cycle exits 0" "$?" 0
is "only the new message is filed" "$(db 'SELECT count(*) FROM messages')" $((before + 1))
check "the change is logged for the administrator" grep -q 'UIDVALIDITY .* changed' "$T/uv.log"
is "the new UIDVALIDITY is remembered" "$(db 'SELECT uidvalidity FROM mailbox_state')" 4242
"$YKIEND" -c "$YK_CONF" --once 2> "$T/uv2.log"
is "and nothing more at the next cycle" "$(db 'SELECT count(*) FROM messages')" $((before + 1))
tap_done
