#!/usr/bin/env bash
# ykien dispatch: the letter sent by ykien itself, against a real SMTP
# server on 127.0.0.1 (tests/lib/smtp_sink.py):
#  - --dry-run sends and records nothing;
#  - --send: one message per expected agency with a mailbox, the letter and
#    the form attached byte for byte, a Message-ID and a Reply-To of its own
#    carrying the same random token; a second --send sends nothing more;
#  - killed between the record and the send (fault point dispatch-recorded,
#    build/tests/ykien-fault): the next --send sends each agency exactly one
#    message, the one killed with the Message-ID recorded before the kill;
#  - a reply from a personal address keeping only In-Reply-To, or only the
#    reply address, is filed under its agency ("dispatch") for the campaign,
#    with no letter_message_id configured and a trusted server that did
#    not vouch for the sender; a forged token is not;
#  - a delivery report returning a dispatched letter is recorded;
#  - ykien status shows who was sent the letter, when, and who bounced it;
#  - a reminder is threaded under the letter dispatched to its agency;
#  - a running ykiend sees letters dispatched after it started, at its
#    next poll, and files a reply keeping only References to one.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/tap.sh"
. "$here/../lib/dovecot.sh"     # free_port
. "$here/../lib/ykien-env.sh"   # YK_TOP, YKIEN
. "$here/../lib/smtp-sink.sh"   # start_sink, stop_sink, msgs, sink_conf
PY=$SINK_PY
FAULT=$YK_BUILD/tests/ykien-fault
smtp_sink_available || { tap_done; exit 0; }

T=$(mktemp -d /tmp/ykdsp.XXXXXX)
trap 'stop_sink; [ -n "${KEEP:-}" ] || rm -rf "$T"' EXIT

LETTER="$T/118-UBND-TH.pdf"
FORM="$T/Phiếu tham gia ý kiến (mẫu).docx"
{ printf '%%PDF-1.4\n'; head -c 2000 /dev/urandom; } > "$LETTER"
head -c 3000 /dev/urandom > "$FORM"
printf '\r\n.\r\n..\r\nFrom x\n' >> "$FORM"   # dot-stuffing and CRLF must not alter it
CAMP=118-UBND-TH
MAILED="SGDDT SNV STC STP SYT UBND_KESACH"   # UBND_CHAUTHANH has only "@domain"

# mkconf NAME -> $T/NAME.conf mailing to the sink, database $T/NAME/ykien.db;
# no letter_message_id: the dispatched Message-IDs are enough
mkconf() {
    sink_conf "$T/$1.conf" "$T/$1"
    # a trusted server: a From it did not vouch for is "unverified", unless
    # the dispatch token identifies the agency
    sed -i 's|^  after_filing = "keep";|&\n  trusted_authserv_id = "mx.soctrang.example";|' "$T/$1.conf"
    cat >> "$T/$1.conf" <<EOF
office = { parent_body = "UBND tỉnh Sóc Trăng"; issuing_body = "Sở Nội vụ"; };
campaigns = (
  { id = "$CAMP"; reference = "118/UBND-TH"; form = "hoi-thi-cchc";
    title = "Phiếu tham gia ý kiến về Hội thi cải cách hành chính năm 2023";
    sent = "2024-01-15T08:00:00+07:00"; deadline = "2024-01-31";
    agencies = "all";
    letter = "$LETTER"; letter_name = "Công văn 118-UBND-TH.pdf";
    attach = "$FORM";
    reply_address = "tonghop+%s@soctrang.example"; }
);
EOF
}

# sql NAME QUERY
sql() { sqlite3 "$T/$1/ykien.db" "$2"; }

start_sink "$T/sink1" || { not_ok "the SMTP sink starts"; tap_done; exit 1; }
mkconf a
is "check-config accepts the dispatch keys" "$("$YKIEN" -c "$T/a.conf" check-config 2>&1)" ok

# 1. --dry-run sends nothing
"$YKIEN" -c "$T/a.conf" dispatch --campaign "$CAMP" --dry-run > "$T/dry.txt" 2>&1
is "dispatch --dry-run exits 0" "$?" 0
is "--dry-run sends nothing" "$(msgs "$T/sink1")" 0
is "--dry-run records nothing" "$(sql a 'SELECT count(*) FROM dispatches')" 0
is "--dry-run lists every agency with a mailbox" "$(grep -c 'would send to' "$T/dry.txt")" 6
check "--dry-run shows the Message-ID pattern" \
    grep -q "Message-ID: <ykien.d.$CAMP.CODE.TOKEN@soctrang.example>" "$T/dry.txt"
check "--dry-run shows the subject" \
    grep -q 'subject: Công văn số 118/UBND-TH ngày 15/01/2024 của UBND tỉnh Sóc Trăng V/v Phiếu tham gia' "$T/dry.txt"
check "--dry-run shows the attachments" grep -q "form: $FORM" "$T/dry.txt"
check "--dry-run says an agency without a mailbox cannot be sent it" \
    grep -qE 'UBND_CHAUTHANH +unmailable' "$T/dry.txt"
"$YKIEN" -c "$T/a.conf" dispatch --campaign "$CAMP" > /dev/null 2>&1
is "dispatch without --dry-run or --send is a usage error" "$?" 64
"$YKIEN" -c "$T/a.conf" dispatch --send > /dev/null 2>&1
is "dispatch without --campaign is a usage error" "$?" 64

mkconf noletter
sed -i '/^    letter = /d' "$T/noletter.conf"
"$YKIEN" -c "$T/noletter.conf" dispatch --campaign "$CAMP" --send > /dev/null 2> "$T/noletter.err"
is "a campaign without 'letter' is a configuration error" "$?" 78
check "...which names the key" grep -q "has no 'letter'" "$T/noletter.err"
check "...said before any database is created" [ ! -e "$T/noletter/ykien.db" ]
is "...and nothing is sent" "$(msgs "$T/sink1")" 0

# 2. --send: one per agency, the letter and the form attached, Reply-To
"$YKIEN" -c "$T/a.conf" dispatch --campaign "$CAMP" --send > "$T/send1.txt" 2>&1
is "dispatch --send exits 0" "$?" 0
is "one message per agency with a mailbox" "$(msgs "$T/sink1")" 6
check "--send reports 6 sent" grep -q '^dispatch: 6 sent, 0 already' "$T/send1.txt"
"$PY" - "$T/sink1" "$LETTER" "$FORM" "$T/a/ykien.db" > "$T/check1.txt" 2>&1 <<'PY'
import email, email.policy, glob, re, sqlite3, sys
d, letter, form, db = sys.argv[1], open(sys.argv[2], "rb").read(), open(sys.argv[3], "rb").read(), sys.argv[4]
want_to = {"SNV": "snv@soctrang.example, vanthu.snv@soctrang.example",
           "STP": "stp@soctrang.example", "STC": "stc@soctrang.example",
           "SYT": "syt@soctrang.example",
           "SGDDT": "sgddt@soctrang.example, vanphong.sgddt@soctrang.example",
           "UBND_KESACH": "ubnd.kesach@soctrang.example"}
rows = {r[0]: r[1:] for r in sqlite3.connect(db).execute(
    "SELECT agency, message_id, token, reply_address, state FROM dispatches")}
seen, bad = set(), []
for f in sorted(glob.glob(d + "/*.eml")):
    m = email.message_from_bytes(open(f, "rb").read(), policy=email.policy.default)
    mid = str(m["Message-ID"])
    g = re.fullmatch(r"<ykien\.d\.118-UBND-TH\.([A-Z_]+)\.([0-9a-f]{16})@soctrang\.example>", mid)
    if not g:
        bad.append("%s: Message-ID %s" % (f, mid)); continue
    code, token = g.groups()
    seen.add(code)
    to = ", ".join(a.addr_spec for a in m["To"].addresses)
    if to != want_to.get(code):
        bad.append("%s: To %s" % (code, to))
    rt = str(m.get("Reply-To", ""))
    if rt != "tonghop+%s-%s@soctrang.example" % (code.lower(), token):
        bad.append("%s: Reply-To %s" % (code, rt))
    if rows.get(code) != (mid[1:-1], token, rt, "sent"):
        bad.append("%s: recorded %r" % (code, rows.get(code)))
    # the letter's issuer named, from the 'office' group
    if not str(m["Subject"]).startswith("Công văn số 118/UBND-TH ngày 15/01/2024 của UBND tỉnh "
                                        "Sóc Trăng V/v "):
        bad.append("%s: Subject %s" % (code, m["Subject"]))
    atts = {p.get_filename(): p.get_content() for p in m.iter_attachments()}
    if atts.get("Công văn 118-UBND-TH.pdf") != letter:
        bad.append("%s: the letter is not attached as it is: %s" % (code, list(atts)))
    if atts.get("Phiếu tham gia ý kiến (mẫu).docx") != form:
        bad.append("%s: the form is not attached as it is" % code)
    body = m.get_body(("plain",)).get_content()
    if ("Kính gửi:" not in body or "Sở Nội vụ trân trọng gửi Quý cơ quan Công văn số "
            "118/UBND-TH ngày 15/01/2024" not in body
            or "chậm nhất trong ngày 31/01/2024" not in body or "Văn phòng UBND" in body):
        bad.append("%s: body %r" % (code, body[:80]))
if seen != set(want_to):
    bad.append("agencies mailed: %s" % sorted(seen))
print("\n".join(bad) or "all good")
PY
is "each message: its agency, the letter and form attached, its Message-ID and Reply-To recorded" \
    "$(cat "$T/check1.txt")" "all good"
"$YKIEN" -c "$T/a.conf" dispatch --campaign "$CAMP" --send > "$T/send2.txt" 2>&1
is "a second --send exits 0" "$?" 0
is "a second --send sends nothing more" "$(msgs "$T/sink1")" 6
is "a second --send says each agency was already sent it" \
    "$(grep -c ': already sent to ' "$T/send2.txt")" 6

# 5. status shows the letter sent
"$YKIEN" -c "$T/a.conf" status --campaign "$CAMP" > "$T/status.txt" 2>&1
check "status has a LETTER SENT column" grep -q 'LETTER SENT' "$T/status.txt"
check "status shows when SNV was sent the letter" \
    grep -qE '^  SNV .* [0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2} ' "$T/status.txt"
"$YKIEN" -c "$T/a.conf" status --campaign "$CAMP" --json > "$T/status.json" 2>&1
is "status --json: every mailed agency's letter is sent" \
    "$("$PY" -c '
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if "agency" in json.loads(l)]
print(" ".join(sorted(r["agency"] for r in rows if r["letter_state"] == "sent" and r["letter_sent_at"])))
' "$T/status.json")" "$MAILED"

# 4. replies identified by the token
STC_MID=$(sql a "SELECT message_id FROM dispatches WHERE agency = 'STC'")
SYT_RT=$(sql a "SELECT reply_address FROM dispatches WHERE agency = 'SYT'")
SGDDT_MID=$(sql a "SELECT message_id FROM dispatches WHERE agency = 'SGDDT'")
# reply HEADER-LINE MESSAGE-ID FILE: from a personal mailbox, no agency named,
# no reference to the letter in the text
reply() {
    cat > "$3" <<EOF
From: Nguyen Van A <nguyenvana@gmail.example>
To: tonghop@soctrang.example
$1
Subject: Re: phieu
Date: Tue, 16 Jan 2024 09:12:00 +0700
Message-ID: <$2>
MIME-Version: 1.0
Content-Type: text/plain; charset=UTF-8
Content-Transfer-Encoding: 8bit

Gửi anh chị,

1. Nhận xét về tính thiết thực và hiệu quả của Hội thi cải cách hành chính:
Hội thi rất thiết thực.

2. Đề nghị tiếp tục tổ chức Hội thi hoặc hình thức tuyên truyền khác:
☒ Đề nghị tiếp tục tổ chức Hội thi.
☐ Đề nghị hình thức tuyên truyền khác.

3. Ý kiến khác, đề xuất (nếu có):
Không.
EOF
}
reply "In-Reply-To: <$STC_MID>" r1@gmail.example "$T/r1.eml"
reply "Cc: $SYT_RT" r2@gmail.example "$T/r2.eml"
FORGED=$(echo "$STC_MID" | sed -E 's/\.[0-9a-f]{16}@/.0123456789abcdef@/')
reply "In-Reply-To: <$FORGED>" r3@gmail.example "$T/r3.eml"
reply "Cc: tonghop+stc-0123456789abcdef@soctrang.example" r4@gmail.example "$T/r4.eml"
"$YKIEN" -c "$T/a.conf" import "$T/r1.eml" "$T/r2.eml" "$T/r3.eml" "$T/r4.eml" > "$T/import.txt" 2>&1
is "the replies are imported" "$?" 0
"$YKIEN" -c "$T/a.conf" export --json > "$T/export.json" 2>&1
# filed ID -> "campaign agency agency_by needs_review unverified-sender-reason"
filed() {
    "$PY" -c '
import json, sys
for l in open(sys.argv[1]):
    o = json.loads(l)
    if o.get("message_id") == sys.argv[2]:
        print(o.get("campaign"), o.get("agency"), o.get("agency_by"), o.get("needs_review"),
              any(r.startswith("unverified sender") for r in o.get("review_reasons") or []))
' "$T/export.json" "$1"
}
is "a reply keeping only In-Reply-To, from gmail, is STC's, by dispatch, for the campaign, nothing to review" \
    "$(filed r1@gmail.example)" "$CAMP STC dispatch False False"
is "a reply to the reply address only is SYT's, by dispatch" \
    "$(filed r2@gmail.example | cut -d' ' -f1-4)" "$CAMP SYT dispatch False"
is "a forged token in In-Reply-To identifies no agency, and the sender is unverified" \
    "$(filed r3@gmail.example | cut -d' ' -f2-5)" "None None True True"
is "a forged token in the reply address identifies no agency" \
    "$(filed r4@gmail.example | cut -d' ' -f2-3)" "None None"
"$YKIEN" -c "$T/a.conf" status --campaign "$CAMP" --json > "$T/status2.json" 2>&1
is "status: STC and SYT replied (the token counts as a registered address)" \
    "$("$PY" -c '
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if "agency" in json.loads(l)]
print(" ".join(sorted(r["agency"] for r in rows if r["replied"] and not r["awaiting_review"])))
' "$T/status2.json")" "STC SYT"

# a delivery report returning SGDDT's letter
sed -e 's/Old.Unit@So.Tinh.Example/vanphong.sgddt@soctrang.example/' \
    -e "s/^Subject: V\/v tham gia y kien 118\/UBND-TH/Message-ID: <$SGDDT_MID>\n&/" \
    "$YK_TOP/tests/data/extract/bounce_dsn.eml" > "$T/bounce.eml"
"$YKIEN" -c "$T/a.conf" import "$T/bounce.eml" > "$T/bounce.txt" 2>&1
is "the delivery report is imported" "$?" 0
is "the bounce is recorded on SGDDT's letter only" \
    "$(sql a 'SELECT agency FROM dispatches WHERE bounced_at IS NOT NULL')" SGDDT
"$YKIEN" -c "$T/a.conf" status --campaign "$CAMP" > "$T/status3.txt" 2>&1
check "status shows SGDDT's letter bounced" grep -qE '^  SGDDT .* bounced' "$T/status3.txt"
"$YKIEN" -c "$T/a.conf" status --campaign "$CAMP" --json > "$T/status3.json" 2>&1
is "status --json: letter_bounced for SGDDT only" "$("$PY" -c '
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if "agency" in json.loads(l)]
print(" ".join(r["agency"] for r in rows if r["letter_bounced"]))
' "$T/status3.json")" SGDDT

# a reminder follows up the letter dispatched to its agency
SNV_MID=$(sql a "SELECT message_id FROM dispatches WHERE agency = 'SNV'")
sed -e 's|^    agencies = "all";|    agencies = "all"; reminders = { before_days = [ 7 ]; send_at = "08:00"; working_days_only = false; };|' \
    "$T/a.conf" > "$T/a-remind.conf"
"$YKIEN" -c "$T/a-remind.conf" remind --send --now 2024-01-24T08:30:00+07:00 > "$T/remind.txt" 2>&1
is "remind --send exits 0" "$?" 0
is "SNV's reminder is threaded under the letter dispatched to SNV" "$("$PY" - "$T/sink1" <<'PY'
import email, email.policy, glob, sys
for f in sorted(glob.glob(sys.argv[1] + "/*.eml")):
    m = email.message_from_bytes(open(f, "rb").read(), policy=email.policy.default)
    if str(m["Message-ID"]).endswith(".reminder@soctrang.example>") and \
       "snv@soctrang.example" in str(m["To"]):
        print(m["In-Reply-To"], m["References"])
PY
)" "<$SNV_MID> <$SNV_MID>"

# 3. killed between the record and the send of the third letter
if [ ! -x "$FAULT" ]; then
    not_ok "the test build $FAULT exists (make $FAULT)"
else
    start_sink "$T/sink2" || not_ok "the second sink starts"
    mkconf b
    YKIEN_FAULT=dispatch-recorded YKIEN_FAULT_AT=3 \
        "$FAULT" -c "$T/b.conf" dispatch --campaign "$CAMP" --send > "$T/kill.txt" 2> "$T/kill.err"
    is "killed at the third record" "$?" 86
    is "two letters left before the kill" "$(msgs "$T/sink2")" 2
    is "three rows recorded, the third pending" \
        "$(sql b "SELECT group_concat(state, ' ') FROM (SELECT state FROM dispatches ORDER BY created_at, rowid)")" \
        "sent sent pending"
    KILLED=$(sql b "SELECT agency || ' ' || message_id FROM dispatches WHERE state = 'pending'")
    "$YKIEN" -c "$T/b.conf" dispatch --campaign "$CAMP" --send > "$T/after.txt" 2>&1
    is "the run after the kill exits 0" "$?" 0
    "$YKIEN" -c "$T/b.conf" dispatch --campaign "$CAMP" --send > "$T/after2.txt" 2>&1
    is "one message per agency across the kill and two more runs" "$(msgs "$T/sink2")" 6
    "$PY" - "$T/sink2" "$KILLED" > "$T/check2.txt" <<'PY'
import email, email.policy, glob, re, sys, collections
code, mid = sys.argv[2].split(" ")
ids = collections.Counter()
codes = collections.Counter()
for f in glob.glob(sys.argv[1] + "/*.eml"):
    m = email.message_from_bytes(open(f, "rb").read(), policy=email.policy.default)
    ids[str(m["Message-ID"])] += 1
    codes[re.match(r"<ykien\.d\.118-UBND-TH\.([A-Z_]+)\.", str(m["Message-ID"])).group(1)] += 1
bad = [i for i, n in ids.items() if n > 1] + [c for c, n in codes.items() if n > 1]
if ids.get("<%s>" % mid) != 1:
    bad.append("the killed one (%s) was not sent once with its recorded Message-ID" % code)
if sorted(codes) != "SGDDT SNV STC STP SYT UBND_KESACH".split():
    bad.append("agencies: %s" % sorted(codes))
print("\n".join(bad) or "all good")
PY
    is "none twice, and the one killed before its send went with the Message-ID recorded" \
        "$(cat "$T/check2.txt")" "all good"
    is "every row is sent after the second run" \
        "$(sql b "SELECT count(*) FROM dispatches WHERE state = 'sent'")" 6
fi

# 6. a running service, letters dispatched after it started
M=$T/Maildir
mkdir -p "$M"/{new,cur,tmp}
start_sink "$T/sink3" || not_ok "the third sink starts"
mkconf c
sed -i -e "s|imap://127.0.0.1:1/INBOX|maildir://$M|" -e 's|poll_interval = 10;|poll_interval = 1;|' \
    "$T/c.conf"
"$YKIEND" -c "$T/c.conf" 2> "$T/daemon.log" &
DPID=$!
for _ in $(seq 50); do [ -f "$T/c/ykien.db" ] && break; sleep 0.1; done
sleep 1.5   # a poll or two with no letter dispatched yet
"$YKIEN" -c "$T/c.conf" dispatch --campaign "$CAMP" --send > "$T/send-c.txt" 2>&1
is "dispatch --send beside the running service exits 0" "$?" 0
STP_MID=$(sql c "SELECT message_id FROM dispatches WHERE agency = 'STP'")
reply "References: <older@gmail.example> <$STP_MID>" r5@gmail.example "$M/tmp/r5"
mv "$M/tmp/r5" "$M/new/1700000005.E.host"
got=
for _ in $(seq 100); do
    got=$(sql c "SELECT agency || ' ' || agency_by FROM messages WHERE message_id = 'r5@gmail.example'" 2>/dev/null)
    [ -n "$got" ] && break
    sleep 0.1
done
term_timed "$DPID"
is "the service files a reply keeping only References under its agency, by dispatch" \
    "$got" "STP dispatch"
is "the service stops cleanly" "$rc" 0
tap_done
