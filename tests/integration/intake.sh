#!/usr/bin/env bash
# Intake against a real Dovecot on 127.0.0.1: five messages filed once,
# nothing twice on a second run, only the new ones after more arrive, the
# same bytes under a new UID not filed again, the server's flags left
# exactly as they were (after_filing = "keep").
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/tap.sh"
. "$here/../lib/dovecot.sh"
. "$here/../lib/ykien-env.sh"

T=$(mktemp -d /tmp/ykit.XXXXXX)
trap 'ykien_env_stop; rm -rf "$T"' EXIT
if ! ykien_env_start "$T"; then
    not_ok "private Dovecot starts"
    tap_done; exit 1
fi
ok "private Dovecot starts on 127.0.0.1:$DOVECOT_PORT"
data=$YK_TOP/tests/data/replies

db() { sqlite3 "$T/ykien.db" "$@"; }

# five messages; one already read by a person (\Seen), one flagged
maildir_deliver "$data/01-snv-inline.eml"
maildir_deliver "$data/02-stp-no-diacritics.eml" S
maildir_deliver "$data/03-chauthanh-domain.eml"
maildir_deliver "$data/04-unknown-sender.eml" F
maildir_deliver "$data/05-out-of-office.eml"
flags_before=$(imap_flags)
is "five messages on the server" "$(echo "$flags_before" | grep -c .)" 5

"$YKIEND" -c "$YK_CONF" --once 2> "$T/run1.log"
is "first ykiend --once exits 0" "$?" 0
is "five messages recorded" "$(db 'SELECT count(*) FROM messages')" 5
is "five distinct UIDs recorded" "$(db 'SELECT count(DISTINCT uid) FROM messages')" 5
is "five files in the archive" "$(find "$T/archive" -name '*.eml' -type f | wc -l)" 5
is "no temporary file left in the archive" "$(find "$T/archive" -name '.tmp-*' | wc -l)" 0
is "high-water UID is 5" "$(db 'SELECT last_uid FROM mailbox_state')" 5
ok_bytes=1
for f in $(db 'SELECT archive_path FROM messages'); do
    sha=$(sha256sum "$T/archive/$f" | cut -d' ' -f1)
    [ "$(db "SELECT sha256 FROM messages WHERE archive_path = '$f'")" = "$sha" ] || ok_bytes=0
done
is "archived files hold the bytes whose hash is recorded" "$ok_bytes" 1
is "one log line per filed message" "$(grep -c 'filed uid' "$T/run1.log")" 5
is "server flags untouched with after_filing = keep" "$(imap_flags)" "$flags_before"

"$YKIEND" -c "$YK_CONF" --once 2> "$T/run2.log"
is "second ykiend --once exits 0" "$?" 0
is "nothing filed twice" "$(db 'SELECT count(*) FROM messages')" 5
is "no new archive file" "$(find "$T/archive" -name '*.eml' -type f | wc -l)" 5

maildir_deliver "$data/06-syt-reply.eml"
maildir_deliver "$data/07-sgddt-quoted-blank.eml"
"$YKIEND" -c "$YK_CONF" --once 2> "$T/run3.log"
is "third ykiend --once exits 0" "$?" 0
is "the two new messages are added" "$(db 'SELECT count(*) FROM messages')" 7
is "only UIDs 6 and 7 were added" "$(db 'SELECT group_concat(uid) FROM (SELECT uid FROM messages WHERE id > 5 ORDER BY uid)')" "6,7"
is "third run filed exactly two" "$(grep -c 'filed uid' "$T/run3.log")" 2

# status names who replied and who did not
"$YKIEN" -c "$YK_CONF" status > "$T/status.txt"
is "ykien status exits 0" "$?" 0
check "status lists SNV as replied" grep -qE '^ +SNV +.* replied ' "$T/status.txt"
check "status lists STC as missing" grep -qE '^ +STC +.* missing ' "$T/status.txt"
check "status lists UBND_KESACH as missing" grep -qE '^ +UBND_KESACH +.* missing ' "$T/status.txt"
check "status prints totals" grep -q '^Totals: 7 expected' "$T/status.txt"
"$YKIEN" -c "$YK_CONF" status --json > "$T/status.json"
check "status --json is one JSON object per line" \
    python3 -c 'import json,sys; [json.loads(l) for l in open(sys.argv[1])]' "$T/status.json"

# the database and the status agree on the number of agencies that replied
replied_db=$(db "SELECT count(DISTINCT agency) FROM replies WHERE status = 'effective' AND agency IS NOT NULL")
replied_status=$(python3 -c 'import json,sys; print(sum(1 for l in open(sys.argv[1]) if json.loads(l).get("replied")))' "$T/status.json")
is "status and database agree on agencies that replied" "$replied_status" "$replied_db"

# filed but not yet acted on at the server (as after a crash between the
# commit and the STORE): the next cycle with after_filing = seen does it
sed -i 's|^  after_filing = "keep";|  after_filing = "seen";|' "$YK_CONF"
"$YKIEND" -c "$YK_CONF" --once 2> "$T/run-heal.log"
is "heal: the cycle exits 0" "$?" 0
is "heal: every filed message is now \\Seen on the server" "$(imap_flags | grep -vc Seen)" 0
is "heal: nothing filed twice" "$(db 'SELECT count(*) FROM messages')" 7
is "heal: recorded as done" "$(db 'SELECT count(*) FROM messages WHERE server_done = 0')" 0

# a filed message comes back under a new UID (a person moved it out of
# the folder and back; Dovecot keeps its bytes): it is neither filed nor
# acted on again (with after_filing = seen: it stays unread)
maildir_deliver "$data/06-syt-reply.eml"
"$YKIEND" -c "$YK_CONF" --once 2> "$T/run3b.log"
is "the same bytes under a new UID: the cycle exits 0" "$?" 0
is "the same bytes under a new UID: not filed again" "$(db 'SELECT count(*) FROM messages')" 7
check "the same bytes under a new UID: the log says so" \
    grep -q '1 message(s) of .* were filed already (the same bytes: under another UID' "$T/run3b.log"
is "the same bytes under a new UID: the mark moves past it" \
    "$(db 'SELECT last_uid FROM mailbox_state')" 8
is "the same bytes under a new UID: left as it was on the server" \
    "$(imap_flags | sed -n 's/^8 *//p')" ""
sed -i 's|^  after_filing = "seen";|  after_filing = "keep";|' "$YK_CONF"

# a wrong password is a clear error, not a crash
printf 'wrong\n' > "$T/imap.pass"
"$YKIEND" -c "$YK_CONF" --once 2> "$T/run4.log"
rc=$?
check "a wrong password fails the cycle (exit $rc)" [ "$rc" -ne 0 ]
check "a wrong password is reported as such" grep -q 'login refused: wrong user or password' "$T/run4.log"
printf '%s\n' "$DOVECOT_PASS" > "$T/imap.pass"

# a password file others can read is refused
chmod 644 "$T/imap.pass"
"$YKIEND" -c "$YK_CONF" --once 2> "$T/run5.log"
check "a world-readable password file is refused" grep -q 'readable by group or others' "$T/run5.log"
chmod 600 "$T/imap.pass"

tap_done
