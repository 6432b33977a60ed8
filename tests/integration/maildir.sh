#!/usr/bin/env bash
# maildir:// — a mailbox on the same host, with the same guarantees: new/
# and cur/ read, nothing modified with after_filing = keep, nothing filed
# twice, seen and move acting only after the commit, and a crash test.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/tap.sh"
. "$here/../lib/ykien-env.sh"

T=$(mktemp -d /tmp/ykmd.XXXXXX)
trap 'rm -rf "$T"' EXIT
M=$T/Maildir
mkdir -p "$M"/{new,cur,tmp}
db() { sqlite3 "$T/ykien.db" "$@" 2>/dev/null; }
listing() { (cd "$M" && find . -type f | sort); }
sed -e "s|imap://127.0.0.1:DEMO_PORT/INBOX|maildir://$M|" -e "s#DEMO_DIR#$T#g" \
    "$YK_TOP/conf/demo.conf" > "$T/ykien.conf"
data=$YK_TOP/tests/data/replies
cp "$data/01-snv-inline.eml" "$M/new/1700000001.A.host"
cp "$data/02-stp-no-diacritics.eml" "$M/cur/1700000002.B.host:2,S"
cp "$data/05-out-of-office.eml" "$M/cur/1700000003.C.host:2,"
python3 "$YK_TOP/tests/lib/arrival.py" "$M"/new/* "$M"/cur/*   # delivered when sent
before=$(listing)

"$YKIEND" -c "$T/ykien.conf" --once 2> "$T/run1.log"
is "keep: the cycle exits 0" "$?" 0
is "keep: new/ and cur/ are both read" "$(db 'SELECT count(*) FROM messages')" 3
is "keep: the Maildir is left exactly as it was" "$(listing)" "$before"
check "the SNV reply is filed under its agency" grep -q 'agency SNV' "$T/run1.log"
# a mail reader moves a message to cur/ and flags it: still the same message
mv "$M/new/1700000001.A.host" "$M/cur/1700000001.A.host:2,FS"
"$YKIEND" -c "$T/ykien.conf" --once 2> "$T/run2.log"
is "a message a reader moved or flagged is not filed again" "$(db 'SELECT count(*) FROM messages')" 3

sed -i 's|^  after_filing = "keep";|  after_filing = "seen";|' "$T/ykien.conf"
cp "$data/03-chauthanh-domain.eml" "$M/new/1700000004.D.host"
"$YKIEND" -c "$T/ykien.conf" --once 2> "$T/run3.log"
is "seen: the new message is filed" "$(db 'SELECT count(*) FROM messages')" 4
check "seen: it now lies in cur/ with the S flag" [ -f "$M/cur/1700000004.D.host:2,S" ]
check "seen: other flags are kept (F stays, S added)" [ -f "$M/cur/1700000001.A.host:2,FS" ]

sed -i 's|^  after_filing = "seen";|  after_filing = "move";|' "$T/ykien.conf"
cp "$data/06-syt-reply.eml" "$M/new/1700000005.E.host"
"$YKIEND" -c "$T/ykien.conf" --once 2> "$T/run4.log"
is "move: the new message is filed" "$(db 'SELECT count(*) FROM messages')" 5
check "move: the SYT reply is in .YKien.SYT/cur" sh -c "ls '$M/.YKien.SYT/cur/' | grep -q '^1700000005.E.host'"
check "move: the auto-reply is in .YKien._other/cur" sh -c "ls '$M/.YKien._other/cur/' | grep -q '^1700000003.C.host'"
is "move: the inbox holds nothing filed" "$(find "$M/new" "$M/cur" -type f | wc -l)" 0
is "move: nothing filed twice" "$(db 'SELECT count(*) FROM messages')" 5

# crash test: 600 messages, SIGKILL at 8 random moments, then complete
python3 "$YK_TOP/tests/lib/genmail.py" "$T/gen" 600 --prefix md > /dev/null
i=0
for f in "$T"/gen/*.eml; do i=$((i + 1)); mv "$f" "$M/new/1700001$(printf %03d $i).X.host"; done
sed -i 's|^  after_filing = "move";|  after_filing = "keep";|' "$T/ykien.conf"
for d in 0.05 0.1 0.15 0.08 0.2 0.12 0.3 0.06; do
    "$YKIEND" -c "$T/ykien.conf" --once 2>> "$T/crash.log" &
    pid=$!; sleep "$d"; kill -KILL "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
done
"$YKIEND" -c "$T/ykien.conf" --once 2>> "$T/crash.log"
is "after 8 kills: every message filed" "$(db 'SELECT count(*) FROM messages')" 605
is "after 8 kills: none twice" "$(db 'SELECT count(DISTINCT file) FROM messages WHERE origin = '"'"'maildir'"'"'')" 605
is "one archive file per message" "$(find "$T/archive" -name '*.eml' | wc -l)" 605
tap_done
