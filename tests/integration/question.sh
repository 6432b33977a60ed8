#!/usr/bin/env bash
# Questions about a campaign (issue 19, kind 7): imported, a question is
# filed as kind 'question', never as a reply (the agency's reply still
# counts, reminders still go); `ykien review`, `ykien status` and the
# digest show it as needing an answer until `ykien set SHA answered=yes`.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/tap.sh"
. "$here/../lib/ykien-env.sh"

T=$(mktemp -d /tmp/ykquestion.XXXXXX)
trap '[ -n "${KEEP:-}" ] || rm -rf "$T"' EXIT
Q=$YK_TOP/tests/data/misread/questions
NOW=2024-01-25T08:00:00+07:00
sed -e "s#DEMO_PORT#1#g" -e "s#DEMO_DIR#$T#g" "$YK_TOP/conf/demo.conf" > "$T/ykien.conf"
cat >> "$T/ykien.conf" <<'CONF'
smtp = { url = "smtp://127.0.0.1:1"; from = "VP UBND <tonghop@soctrang.example>"; allow_plaintext = true; };
CONF
sed -i 's|^    agencies = "all"; }|    agencies = "all"; reminders = { before_days = [ 7 ]; send_at = "08:00"; working_days_only = false; }; }|' "$T/ykien.conf"
yk() { "$YKIEN" -c "$T/ykien.conf" "$@"; }
db() { sqlite3 "$T/ykien.db" "$@"; }

# STP replies with its form, then asks a question in the same thread;
# Kế Sách only asks
sed -e 's/stc@soctrang.example/stp@soctrang.example/' -e 's/CAH7pLm2x9Q/CAH7pLm2x9R/' \
    "$Q/n01_filled_form_also_asks.eml" > "$T/stp_reply.eml"
yk import "$T/stp_reply.eml" "$Q/q01_gmail_scan_or_word.eml" "$Q/q03_zimbra_where_to_send.eml" \
    > "$T/import.log" 2>&1
is "the reply and the two questions are imported" "$?" 0
check "a question is filed as a question, not counted" \
    grep -q 'q01_gmail_scan_or_word.eml: question, campaign 118-UBND-TH, agency STP.*not_counted' \
    "$T/import.log"
is "the messages table says 'question'" \
    "$(db "SELECT count(*) FROM messages WHERE kind = 'question'")" 2
is "no question has a row in replies" \
    "$(db "SELECT count(*) FROM replies r JOIN messages m ON m.id = r.message WHERE m.kind = 'question'")" 0
is "STP's reply still counts" \
    "$(db "SELECT r.status FROM replies r WHERE r.agency = 'STP'")" effective
QSHA=$(db "SELECT sha256 FROM messages WHERE kind = 'question' AND agency = 'STP'")
KSHA=$(db "SELECT sha256 FROM messages WHERE kind = 'question' AND agency = 'UBND_KESACH'")

yk review > "$T/review.txt"
check "review lists STP's question as needing an answer" \
    grep -qF "${QSHA:0:12}  118-UBND-TH  STP" "$T/review.txt"
check "review says what was asked" grep -q 'needs an answer: a question about the campaign, "Re: V/v tham gia' "$T/review.txt"
check "review says how to mark it answered" grep -q '2 of them are a question that needs an answer.*answered=yes' "$T/review.txt"

yk status --json > "$T/status.json"
check "status counts the questions" grep -q '"questions":2' "$T/status.json"
yk status --now "$NOW" > "$T/status.txt" 2>&1
check "status says two of those to review are questions" grep -q '2 of those to review are a question' "$T/status.txt"

yk digest --now "$NOW" > "$T/digest1.txt"
is "digest exits 0" "$?" 0
check "the digest lists the questions apart" grep -q '^Câu hỏi cần trả lời (2):' "$T/digest1.txt"
check "with the agency, the subject and when it came" \
    grep -q '^  - Sở Tư pháp (STP): "Re: V/v tham gia ý kiến về Hội thi cải cách hành chính năm 2023", gửi lúc 09 giờ 12 ngày 17/01/2024' \
    "$T/digest1.txt"

yk remind --dry-run --now 2024-01-24T08:30:00+07:00 > "$T/dry.txt"
check "a question does not stop the reminders of the agency that asked" \
    grep -qE 'UBND_KESACH +before-7 +send' "$T/dry.txt"
check "STP, which replied, is not reminded" bash -c "! grep -qE '^ *STP +before' '$T/dry.txt'"

yk set "${QSHA:0:12}" comments=x > "$T/set_bad.txt" 2>&1
check "a question has no answers to correct" test "$?" -ne 0
check "and the error says what can be set" grep -q 'the only setting is answered=yes' "$T/set_bad.txt"
yk set "${QSHA:0:12}" answered=yes > "$T/set.txt" 2>&1
is "ykien set SHA answered=yes exits 0" "$?" 0
yk review > "$T/review2.txt"
check "the answered question leaves the review list" bash -c "! grep -qF '${QSHA:0:12}' '$T/review2.txt'"
check "the other one stays" grep -qF "${KSHA:0:12}" "$T/review2.txt"
yk show "${QSHA:0:12}" > "$T/show.txt"
check "show says it was answered" grep -qE 'needs answer +answered' "$T/show.txt"
yk digest --now "$NOW" > "$T/digest2.txt"
check "the digest lists one question now" grep -q '^Câu hỏi cần trả lời (1):' "$T/digest2.txt"
check "not the answered one" bash -c "! grep -q 'Sở Tư pháp (STP): \"Re' '$T/digest2.txt'"

# after_filing = "move": a question goes with the asking agency's mail
# (source_beside_replies), mail about something else to _other
M=$T/Maildir
mkdir -p "$M"/{new,cur,tmp} "$T/md"
sed -e "s|imap://127.0.0.1:DEMO_PORT/INBOX|maildir://$M|" -e "s#DEMO_DIR#$T/md#g" \
    -e 's|^  after_filing = "keep";|  after_filing = "move";|' \
    "$YK_TOP/conf/demo.conf" > "$T/md.conf"
cp "$Q/q03_zimbra_where_to_send.eml" "$M/new/1700000001.A.host"
cp "$Q/n03_question_not_about_campaign.eml" "$M/new/1700000002.B.host"
python3 "$YK_TOP/tests/lib/arrival.py" "$M"/new/*
"$YKIEND" -c "$T/md.conf" --once 2> "$T/md.log"
is "move: the cycle exits 0" "$?" 0
check "move: the question is in the asking agency's folder" \
    sh -c "ls '$M/.YKien.UBND_KESACH/cur/' | grep -q '^1700000001.A.host'"
check "move: the question about something else is in _other" \
    sh -c "ls '$M/.YKien._other/cur/' | grep -q '^1700000002.B.host'"
tap_done
