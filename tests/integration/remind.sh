#!/usr/bin/env bash
# Reminders against a real SMTP server on 127.0.0.1 (tests/lib/smtp_sink.py,
# Debian's python3-aiosmtpd), started here on a free port and stopped on exit:
#  - what arrives parses, carries the headers, and the Vietnamese subject,
#    body and attachment come back exactly; an agency that replied gets
#    nothing; a second run sends nothing twice;
#  - a 550 for one of two addresses still delivers to the other;
#  - a server that answers 451 once receives the reminder exactly once;
#  - kill -9 right after a message was delivered (server slow to confirm):
#    the next run sends that one again with the same Message-ID, skips none;
#  - the connection dropped after the message, before the server's answer:
#    that reminder waits for a retry (the others of the run go out on a new
#    connection) and is sent again with the same Message-ID, once.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/tap.sh"
. "$here/../lib/dovecot.sh"     # free_port
. "$here/../lib/ykien-env.sh"   # YK_TOP, YKIEN
. "$here/../lib/smtp-sink.sh"   # start_sink, stop_sink, msgs
PY=$SINK_PY
smtp_sink_available || { tap_done; exit 0; }

T=$(mktemp -d /tmp/ykrm.XXXXXX)
trap 'stop_sink; rm -rf "$T"' EXIT

ATTACH="$T/Phiếu tham gia ý kiến (mẫu).docx"
head -c 3000 /dev/urandom > "$ATTACH"
printf '\r\n.\r\n..\r\nFrom x\n' >> "$ATTACH"   # dot-stuffing and CRLF must not alter it
cat > "$T/nhac-nho.txt" <<'EOF'
Subject: Nhắc gửi {title} (Công văn số {reference})

Kính gửi: {agency}

Ngày {sent}, Ủy ban nhân dân tỉnh đã ban hành Công văn số {reference}.
Văn phòng UBND tỉnh trân trọng đề nghị Quý cơ quan gửi phiếu ý kiến trước {deadline}; còn {days_left} ngày.{attached}
.
Trân trọng./.
EOF

# mkconf NAME AGENCIES -> $T/NAME.conf, database $T/NAME/ykien.db, sink on $SINK_PORT
mkconf() {
    sink_conf "$T/$1.conf" "$T/$1"
    cat >> "$T/$1.conf" <<EOF
campaigns = (
  { id = "118-UBND-TH"; reference = "118/UBND-TH"; form = "hoi-thi-cchc";
    title = "Phiếu tham gia ý kiến về Hội thi cải cách hành chính năm 2023";
    letter_message_id = "20240115153912.5E2A1C0118@mail.soctrang.example";
    sent = "2024-01-15T08:00:00+07:00"; deadline = "2024-01-31T17:00:00+07:00";
    agencies = $2;
    reminders = { before_days = [ 7, 3, 1 ]; overdue_every_days = 2; overdue_max = 3;
                  send_at = "08:00"; working_days_only = true; holidays = [ "2024-01-26" ]; };
    template = "$T/nhac-nho.txt";
    attach = "$ATTACH"; }
);
EOF
}
WED="2024-01-24T08:30:00+07:00"   # before-7 falls on Wednesday 24/01 at 08:00

# check_mail DIR: every message parses and is exactly what was meant
check_mail() {
    "$PY" - "$1" "$ATTACH" <<'PY'
import email, email.policy, glob, sys
d, attach = sys.argv[1], open(sys.argv[2], "rb").read()
names = {"stp": "Sở Tư pháp", "stc": "Sở Tài chính", "syt": "Sở Y tế",
         "sgddt": "Sở Giáo dục và Đào tạo", "ubnd.kesach": "UBND huyện Kế Sách",
         "snv": "Sở Nội vụ"}
subject = ("Nhắc gửi Phiếu tham gia ý kiến về Hội thi cải cách hành chính năm 2023 "
           "(Công văn số 118/UBND-TH)")
body = ("Kính gửi: {}\n\nNgày 15/01/2024, Ủy ban nhân dân tỉnh đã ban hành Công văn số "
        "118/UBND-TH.\nVăn phòng UBND tỉnh trân trọng đề nghị Quý cơ quan gửi phiếu ý kiến "
        "trước 17 giờ 00 ngày 31/01/2024; còn 7 ngày. Mẫu phiếu gửi kèm thư này.\n.\n"
        "Trân trọng./.\n")
bad = []
for f in sorted(glob.glob(d + "/*.eml")):
    m = email.message_from_bytes(open(f, "rb").read(), policy=email.policy.default)
    def want(h, v):
        if str(m.get(h, "")) != v:
            bad.append("%s: %s is %r, want %r" % (f, h, m.get(h), v))
    want("Auto-Submitted", "auto-generated")
    want("X-Auto-Response-Suppress", "All")
    want("In-Reply-To", "<20240115153912.5E2A1C0118@mail.soctrang.example>")
    want("References", "<20240115153912.5E2A1C0118@mail.soctrang.example>")
    want("Subject", subject)
    if "=?" not in open(f, "rb").read().decode("ascii", "replace").split("\r\n\r\n")[0]:
        bad.append(f + ": subject not RFC 2047-encoded")
    if not m.get("Date") or not m.get("Message-ID", "").endswith("@soctrang.example>"):
        bad.append(f + ": Date or Message-ID missing")
    to = m["To"].addresses[0]
    name = names.get(to.username)
    if to.display_name != name:
        bad.append("%s: To name %r" % (f, to.display_name))
    text = m.get_body(("plain",)).get_content().replace("\r\n", "\n")
    if text != body.format(name):
        bad.append("%s: body differs: %r" % (f, text))
    atts = list(m.iter_attachments())
    if len(atts) != 1 or atts[0].get_filename() != "Phiếu tham gia ý kiến (mẫu).docx":
        bad.append("%s: attachment name %r" % (f, [a.get_filename() for a in atts]))
    elif atts[0].get_content() != attach:
        bad.append(f + ": attachment bytes differ")
if bad:
    print("\n".join(bad))
sys.exit(1 if bad else 0)
PY
}

# ---- 1: delivery, contents, replied agency, 550 for one of two addresses ----
if ! start_sink "$T/mail1" --reject vanphong.sgddt@soctrang.example; then
    not_ok "SMTP server starts"; tap_done; exit 1
fi
ok "SMTP server (aiosmtpd) listens on 127.0.0.1:$SINK_PORT"
mkconf one '"all"'
db1() { sqlite3 "$T/one/ykien.db" "$@"; }
"$YKIEN" -c "$T/one.conf" check-config > /dev/null
is "the configuration with smtp and reminders is valid" "$?" 0
"$YKIEN" -c "$T/one.conf" import "$YK_TOP/tests/data/replies/01-snv-inline.eml" > /dev/null
is "SNV's reply is filed" "$(db1 "SELECT count(*) FROM replies WHERE agency = 'SNV'")" 1

"$YKIEN" -c "$T/one.conf" remind --dry-run --now "$WED" > "$T/dry.txt"
is "remind --dry-run exits 0" "$?" 0
check "dry run lists before-7 due for STP" grep -qE 'STP +before-7 +send ' "$T/dry.txt"
check "dry run lists the schedule ahead (overdue-3 for STC on 06/02)" \
    grep -qE '^  2024-02-06 08:00  STC +overdue-3 +later ' "$T/dry.txt"
check "dry run gives SNV (replied) nothing" bash -c "! grep -qE '  SNV ' '$T/dry.txt'"
is "dry run sends nothing" "$(msgs "$T/mail1")" 0
is "dry run records nothing" "$(db1 'SELECT count(*) FROM reminders')" 0

"$YKIEN" -c "$T/one.conf" remind --send --now "$WED" > "$T/send1.txt" 2>&1
is "remind --send exits 0" "$?" 0
is "five reminders arrive (not SNV: replied; not Châu Thành: no mailbox)" "$(msgs "$T/mail1")" 5
check "received reminders parse, carry the headers, and round-trip exactly" check_mail "$T/mail1"
is "nothing to SNV" "$(cat "$T"/mail1/*.rcpt | grep -c '^snv@')" 0
sg=$(grep -l '^sgddt@' "$T"/mail1/*.rcpt)
is "550 for vanphong.sgddt: still delivered to sgddt@" "$(cat $sg)" "sgddt@soctrang.example"
is "the refused address is recorded with its 550" \
    "$(db1 "SELECT state || ' ' || code FROM reminder_recipients WHERE address = 'vanphong.sgddt@soctrang.example'")" \
    "rejected 550"
is "Message-IDs in the database match the mail" \
    "$(db1 "SELECT '<' || message_id || '>' FROM reminders WHERE state = 'sent' ORDER BY message_id" | tr '\n' ' ')" \
    "$(grep -h '^Message-Id:' "$T"/mail1/*.eml | tr -d '\r' | cut -d' ' -f2 | sort | tr '\n' ' ')"
is "Châu Thành (whole domain only) is recorded as failed, not mailed" \
    "$(db1 "SELECT state FROM reminders WHERE agency = 'UBND_CHAUTHANH'")" failed
"$YKIEN" -c "$T/one.conf" status > "$T/status.txt"
check "status shows the reminders and the refused address" \
    grep -q 'vanphong.sgddt@soctrang.example: 550' "$T/status.txt"
check "status summarises the reminders" grep -q '^Reminders: 5 sent' "$T/status.txt"

"$YKIEN" -c "$T/one.conf" remind --send --now "2024-01-24T10:00:00+07:00" > /dev/null 2>&1
is "a second run the same day sends nothing again" "$(msgs "$T/mail1")" 5
"$YKIEN" -c "$T/one.conf" remind --send --now "2024-01-25T08:15:00+07:00" > /dev/null 2>&1
is "on Thursday (before-3, moved off Sunday and the Friday holiday) five more" \
    "$(msgs "$T/mail1")" 10
is "no slot twice for any agency" \
    "$(db1 'SELECT count(*) FROM (SELECT 1 FROM reminders GROUP BY campaign, agency, slot HAVING count(*) > 1)')" 0

# the service does the same every cycle; its mailbox here (port 1) cannot be
# reached, and the reminders still go out from the replies already filed
"$YKIEND" -c "$T/one.conf" --once --now "2024-01-30T08:15:00+07:00" 2> "$T/daemon.log"
is "ykiend --once: the unreachable mailbox makes it exit 75" "$?" 75
is "ykiend --once sends the before-1 reminders all the same" "$(msgs "$T/mail1")" 15
check "ykiend logs each reminder it sent" grep -q 'reminder sent: campaign 118-UBND-TH, agency STP, slot before-1' "$T/daemon.log"

# ---- 2: 451 once, then accepted: exactly one reminder ----
start_sink "$T/mail2" --fail-once || not_ok "SMTP server restarts"
mkconf two '[ "STP" ]'
db2() { sqlite3 "$T/two/ykien.db" "$@"; }
"$YKIEN" -c "$T/two.conf" remind --send --now "$WED" > "$T/send2.txt" 2>&1
is "451: the run still exits 0" "$?" 0
is "451: nothing stored by the server" "$(msgs "$T/mail2")" 0
is "451: the reminder waits for a retry" "$(db2 "SELECT state FROM reminders")" retry
"$YKIEN" -c "$T/two.conf" remind --send --now "2024-01-24T08:31:00+07:00" > /dev/null 2>&1
is "451: not retried before its backoff" "$(msgs "$T/mail2")" 0
"$YKIEN" -c "$T/two.conf" remind --send --now "2024-01-24T08:40:00+07:00" > /dev/null 2>&1
is "451: retried after the backoff, accepted" "$(db2 "SELECT state FROM reminders")" sent
"$YKIEN" -c "$T/two.conf" remind --send --now "2024-01-24T09:30:00+07:00" > /dev/null 2>&1
is "451 once: the server received the reminder exactly once" "$(msgs "$T/mail2")" 1

# ---- 3: kill -9 right after the server took the message ----
start_sink "$T/mail3" --slow-once 30 || not_ok "SMTP server restarts"
mkconf three '[ "STP", "STC", "SYT" ]'
db3() { sqlite3 "$T/three/ykien.db" "$@"; }
"$YKIEN" -c "$T/three.conf" remind --send --now "$WED" > "$T/send3.txt" 2>&1 &
ykpid=$!
for _ in $(seq 100); do [ "$(msgs "$T/mail3")" -ge 1 ] && break; sleep 0.1; done
kill -9 "$ykpid"
wait "$ykpid" 2>/dev/null
is "crash: the server had the first message when ykien was killed" "$(msgs "$T/mail3")" 1
is "crash: its row was committed before sending, still pending" \
    "$(db3 "SELECT group_concat(agency || ':' || state) FROM reminders")" "STP:pending"
"$YKIEN" -c "$T/three.conf" remind --send --now "2024-01-24T08:32:00+07:00" > "$T/send3b.txt" 2>&1
is "restart: exits 0" "$?" 0
is "restart: every agency's reminder is now sent" \
    "$(db3 "SELECT group_concat(agency || ':' || state, ' ') FROM (SELECT * FROM reminders ORDER BY agency)")" \
    "STC:sent STP:sent SYT:sent"
is "restart: three distinct reminders reached the server" \
    "$(grep -h '^Message-Id:' "$T"/mail3/*.eml | sort -u | wc -l)" 3
is "restart: at most the one in flight was sent again, with the same Message-ID" \
    "$(grep -h '^Message-Id:' "$T"/mail3/*.eml | sort | uniq -d | tr -d '\r')" \
    "Message-Id: <$(db3 "SELECT message_id FROM reminders WHERE agency = 'STP'")>"
is "restart: four messages in all (3 + the one repeated)" "$(msgs "$T/mail3")" 4

# ---- 4: the connection dropped after the message, before the answer ----
start_sink "$T/mail4" --drop-once || not_ok "SMTP server restarts"
mkconf four '[ "STP", "STC" ]'
db4() { sqlite3 "$T/four/ykien.db" "$@"; }
"$YKIEN" -c "$T/four.conf" remind --send --now "$WED" > "$T/send4.txt" 2>&1
is "drop: the run exits 0" "$?" 0
is "drop: the server stored both messages (the first without answering it)" \
    "$(msgs "$T/mail4")" 2
first_mid=$(grep -h '^Message-Id:' "$T/mail4/0001.eml" | tr -d '\r' | sed 's/^Message-Id: <\(.*\)>$/\1/')
is "drop: the unanswered reminder waits for a retry, the other is sent" \
    "$(db4 "SELECT group_concat(state, ' ') FROM (SELECT CASE WHEN message_id = '$first_mid' THEN 'unanswered:' ELSE 'other:' END || state AS state FROM reminders ORDER BY 1)")" \
    "other:sent unanswered:retry"
check "drop: the retry says the message got no answer" \
    grep -q "no answer to the message" <<< "$(db4 "SELECT error FROM reminders WHERE message_id = '$first_mid'")"
"$YKIEN" -c "$T/four.conf" remind --send --now "2024-01-24T08:40:00+07:00" > /dev/null 2>&1
"$YKIEN" -c "$T/four.conf" remind --send --now "2024-01-24T09:30:00+07:00" > /dev/null 2>&1
is "drop: after the backoff both reminders are sent" \
    "$(db4 "SELECT group_concat(state, ' ') FROM reminders")" "sent sent"
is "drop: three messages in all, the repeated one with the same Message-ID" \
    "$(msgs "$T/mail4"):$(grep -h '^Message-Id:' "$T"/mail4/*.eml | tr -d '\r' | sort | uniq -d)" \
    "3:Message-Id: <$first_mid>"

stop_sink
tap_done
