#!/usr/bin/env bash
# A campaign that plans reminders and names no template: check-config says
# ok, and that is true: the reminders go out with the built-in công văn đôn
# đốc (lib/compose.c), through the real SMTP server on 127.0.0.1, and
# `ykiend --once` does not fail on them.  A template file still overrides it.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/tap.sh"
. "$here/../lib/dovecot.sh"     # free_port
. "$here/../lib/ykien-env.sh"   # YK_TOP, YKIEN
. "$here/../lib/smtp-sink.sh"   # start_sink, stop_sink, msgs, sink_conf
PY=$SINK_PY
smtp_sink_available || { tap_done; exit 0; }

T=$(mktemp -d /tmp/ykrmdef.XXXXXX)
trap 'stop_sink; rm -rf "$T"' EXIT

# mkconf NAME [TEMPLATE-LINE] -> $T/NAME.conf, database in $T/NAME; the
# office's words (signature, the letter's issuer) from its 'office' group
mkconf() {
    sink_conf "$T/$1.conf" "$T/$1"
    cat >> "$T/$1.conf" <<EOF
office = {
  parent_body = "UBND tỉnh Sóc Trăng"; issuing_body = "Sở Nội vụ"; abbreviation = "SNV";
  province = "tỉnh Sóc Trăng"; contact = "Phòng CCHC, Sở Nội vụ, điện thoại 0299 3822 000";
};
campaigns = (
  { id = "118-UBND-TH"; reference = "118/UBND-TH"; form = "hoi-thi-cchc";
    title = "Phiếu tham gia ý kiến về Hội thi cải cách hành chính năm 2023";
    about = "nâng cao hiệu quả công tác tuyên truyền cải cách hành chính";
    sent = "2024-01-15T08:00:00+07:00"; deadline = "2024-01-31T17:00:00+07:00";
    agencies = [ "STP", "STC" ];
    reminders = { before_days = [ 7 ]; send_at = "08:00"; };
    ${2:-} }
);
EOF
}
WED="2024-01-24T08:30:00+07:00"   # before-7 is due on Wednesday 24/01 at 08:00

if ! start_sink "$T/mail"; then
    not_ok "SMTP server starts"; tap_done; exit 1
fi
mkconf one
out=$("$YKIEN" -c "$T/one.conf" check-config 2>&1)
is "check-config: a campaign with reminders and no template is ok" "$out" ok

"$YKIEN" -c "$T/one.conf" remind --send --now "$WED" > "$T/send.txt" 2>&1
is "remind --send exits 0" "$?" 0
check "no 'no template set' failure" sh -c "! grep -q 'no template' '$T/send.txt'"
is "both agencies get a reminder" "$(msgs "$T/mail")" 2
is "both recorded as sent" \
    "$(sqlite3 "$T/one/ykien.db" "SELECT group_concat(state) FROM reminders")" "sent,sent"

check "each reminder carries the built-in text, filled in for its agency" \
    "$PY" - "$T/mail" <<'PY'
import email, email.policy, glob, sys
names = {"stp": "Sở Tư pháp", "stc": "Sở Tài chính"}
subject = ("V/v đôn đốc gửi Phiếu tham gia ý kiến về Hội thi cải cách hành chính năm 2023 "
           "(Công văn số 118/UBND-TH)")
body = ("Kính gửi: {0}.\n\n"
        "Thực hiện Công văn số 118/UBND-TH ngày 15/01/2024 của UBND tỉnh Sóc Trăng về việc "
        "nâng cao hiệu quả công tác tuyên truyền cải cách hành chính, đề nghị {0} khẩn trương "
        "hoàn thiện và gửi Phiếu tham gia ý kiến về Hội thi cải cách hành chính năm 2023 "
        "trước 17 giờ 00 ngày 31/01/2024.\n\n"
        "Thời hạn gửi Phiếu còn 7 ngày.\n\n"
        "Phiếu gửi về bằng cách trả lời thư này (ghi ý kiến vào nội dung thư hoặc gửi kèm tệp "
        "Phiếu đã điền).\n\n"
        "Trường hợp Quý cơ quan đã gửi Phiếu, đề nghị bỏ qua thư này.\n\n"
        "Trân trọng./.\n\n"
        "UBND TỈNH SÓC TRĂNG\n"
        "SỞ NỘI VỤ\n"
        "Liên hệ: Phòng CCHC, Sở Nội vụ, điện thoại 0299 3822 000\n\n"
        "--\n"
        "Thư này được gửi tự động từ hệ thống tiếp nhận Phiếu ý kiến.\n")
bad = []
files = sorted(glob.glob(sys.argv[1] + "/*.eml"))
if len(files) != 2:
    bad.append("%d messages" % len(files))
for f in files:
    m = email.message_from_bytes(open(f, "rb").read(), policy=email.policy.default)
    to = m["To"].addresses[0]
    name = names.get(to.username)
    if str(m["Subject"]) != subject:
        bad.append("%s: subject %r" % (f, str(m["Subject"])))
    if str(m.get("Auto-Submitted", "")) != "auto-generated":
        bad.append(f + ": no Auto-Submitted")
    text = m.get_body(("plain",)).get_content().replace("\r\n", "\n")
    if name is None or text != body.format(name):
        bad.append("%s: body %r" % (f, text))
    if "{" in text:
        bad.append(f + ": a placeholder left")
    # no form attached to this campaign: no word of one
    if "gửi kèm thư" in text or "xin vui lòng" in text.lower():
        bad.append(f + ": names an attached form, or pleads")
if bad:
    print("\n".join(bad))
sys.exit(1 if bad else 0)
PY

"$YKIEN" -c "$T/one.conf" remind --send --now "2024-01-24T10:00:00+07:00" > /dev/null 2>&1
is "a second run sends nothing twice" "$(msgs "$T/mail")" 2

# the service: the mailbox (port 1) is unreachable (75), but no reminder fails
mkconf two
"$YKIEND" -c "$T/two.conf" --once --now "$WED" 2> "$T/daemon.log"
is "ykiend --once: only the unreachable mailbox makes it fail (75)" "$?" 75
is "ykiend --once sends the reminders with the built-in text" "$(msgs "$T/mail")" 4
check "ykiend logs no 'no template set'" sh -c "! grep -q 'no template' '$T/daemon.log'"

# a template file overrides the built-in text
printf 'Subject: Riêng {reference}\n\nKính gửi: {agency}\n' > "$T/own.txt"
start_sink "$T/mail3" || not_ok "SMTP server restarts"
mkconf three "template = \"$T/own.txt\";"
"$YKIEN" -c "$T/three.conf" remind --send --now "$WED" > /dev/null 2>&1
is "with a template: two reminders" "$(msgs "$T/mail3")" 2
check "with a template: its own subject and text" \
    "$PY" -c '
import email, email.policy, glob, sys
for f in glob.glob(sys.argv[1] + "/*.eml"):
    m = email.message_from_bytes(open(f, "rb").read(), policy=email.policy.default)
    assert str(m["Subject"]) == "Riêng 118/UBND-TH", m["Subject"]
    assert m.get_body(("plain",)).get_content().startswith("Kính gửi: Sở T"), f
' "$T/mail3"

# the shipped conf/templates/nhac-nho.txt gives the same mail as the built-in
start_sink "$T/mail4" || not_ok "SMTP server restarts"
mkconf four "template = \"$YK_TOP/conf/templates/nhac-nho.txt\";"
"$YKIEN" -c "$T/four.conf" remind --send --now "$WED" > /dev/null 2>&1
is "with conf/templates/nhac-nho.txt: two reminders" "$(msgs "$T/mail4")" 2
check "conf/templates/nhac-nho.txt reads as the built-in text" \
    "$PY" -c '
import email, email.policy, glob, sys
def texts(d):
    out = []
    for f in sorted(glob.glob(d + "/*.eml")):
        m = email.message_from_bytes(open(f, "rb").read(), policy=email.policy.default)
        out.append((str(m["To"]), str(m["Subject"]), m.get_body(("plain",)).get_content()))
    return sorted(out)
# $T/mail holds the same two twice (remind, then ykiend)
a, b = set(texts(sys.argv[1])), texts(sys.argv[2])
assert len(b) == 2 and a == set(b), (a, b)
' "$T/mail" "$T/mail4"

# a misspelt placeholder: nothing sent, the error names the file and line
printf 'Subject: V/v {title}\n\nKính gửi: {agency}.\n\nĐề nghị {agncy}.\n' > "$T/bad.txt"
start_sink "$T/mail5" || not_ok "SMTP server restarts"
mkconf five "template = \"$T/bad.txt\";"
"$YKIEN" -c "$T/five.conf" remind --send --now "$WED" > "$T/bad.out" 2>&1
is "a misspelt placeholder: nothing sent" "$(msgs "$T/mail5")" 0
check "the error names the file, the line and the placeholder" \
    grep -qF "$T/bad.txt:5: unknown placeholder {agncy}" "$T/bad.out"
"$YKIEN" -c "$T/five.conf" check-config > "$T/check5.out" 2>&1
is "check-config refuses the misspelt placeholder (EX_CONFIG)" "$?" 78
check "check-config names the file, the line and the placeholder" \
    grep -qF "$T/bad.txt:5: unknown placeholder {agncy}" "$T/check5.out"

# the three shipped templates, each where it belongs, pass check-config
mkconf six "template = \"$YK_TOP/conf/templates/nhac-nho.txt\"; acknowledge = true;
    receipt_template = \"$YK_TOP/conf/templates/bien-nhan.txt\";"
sed -i "s|^  url = \"smtp://.*|&\n  digest_template = \"$YK_TOP/conf/templates/tong-hop-ngay.txt\";|" "$T/six.conf"
check "digest_template is in the smtp group" grep -q "digest_template = " "$T/six.conf"
out=$("$YKIEN" -c "$T/six.conf" check-config 2>&1)
is "check-config: the shipped reminder, receipt and digest templates are ok" "$out" ok
# a receipt template with the reminder's {days_left}: not a receipt's word
printf 'Kính gửi: {agency}. {days_left}\n' > "$T/bad-receipt.txt"
mkconf seven "acknowledge = true; receipt_template = \"$T/bad-receipt.txt\";"
"$YKIEN" -c "$T/seven.conf" check-config > "$T/check7.out" 2>&1
is "check-config: a receipt template is checked against the receipt's words" "$?" 78
check "... naming file and line" grep -qF "$T/bad-receipt.txt:1: unknown placeholder {days_left}" "$T/check7.out"

tap_done
