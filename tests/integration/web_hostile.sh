#!/usr/bin/env bash
# Hostile input stays inert at the web desk (issue 22's second acceptance
# test): two messages built with Python's email package — one whose
# subject, sender's name, body and attachment name hold <script>,
# "><img onerror=…>, javascript: links and HTML, one with only an HTML body
# full of script — are filed with `ykien import`; tests/web/hostile.py
# opens the campaigns, the status page, the review list and each message in
# headless Chromium and finds no dialog, no console error, no injected
# element, and the hostile strings as text; the attachment downloads as
# application/octet-stream with a safe Content-Disposition.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/tap.sh"
. "$here/../lib/ykien-env.sh"
. "$here/../lib/webserver.sh"

T=$(mktemp -d /tmp/ykwebhostile.XXXXXX)
trap 'web_stop; rm -rf "$T"' EXIT
PY=/usr/bin/python3   # Debian's, with python3-selenium
C=118-UBND-TH
ART=$YK_BUILD/artefacts
mkdir -p "$ART"
rm -f "$ART"/web-hostile-*.png
CLERK=clerk1
PASS=hostile-test-password

sed -e "s#DEMO_PORT#1#g" -e "s#DEMO_DIR#$T#g" "$YK_TOP/conf/demo.conf" > "$T/ykien.conf"
cat >> "$T/ykien.conf" <<CONF
web = { users_file = "$T/web-users"; };
CONF
Y() { "$YKIEN" -c "$T/ykien.conf" "$@"; }
db() { sqlite3 "$T/ykien.db" "$@"; }

ATT_NAME='"><img src=x onerror=alert(2)><script>alert(1)</script>../../etc/passwd.txt'
printf 'an attachment <script>alert(7)</script>\r\n\x00\x01 bytes\n' > "$T/att.bin"
ATT_NAME=$ATT_NAME $PY - "$T" <<'PY'
import os, sys
from email.message import EmailMessage
from email.headerregistry import Address
from email import policy
d = sys.argv[1]
S = "<script>alert(1)</script>"
I = '"><img src=x onerror=alert(2)>'
J = "javascript:alert(3)"

a = EmailMessage(policy=policy.SMTP)
a["From"] = Address(display_name=S + " " + I, addr_spec="hostile@mail.example")
a["To"] = "tonghop@soctrang.example"
a["Subject"] = "Re: 118/UBND-TH " + S + " " + I
a["Date"] = "Sat, 20 Jan 2024 10:00:00 +0700"
a["Message-ID"] = "<hostile-a@mail.example>"
a.set_content(
    "1. Nhận xét về tính thiết thực và hiệu quả của Hội thi cải cách hành chính:\n"
    "%s %s <a href=\"%s\">bấm</a> %s <b onmouseover=alert(4)>đậm</b> <iframe src=%s></iframe>\n\n"
    "2. Đề nghị tiếp tục tổ chức Hội thi hoặc hình thức tuyên truyền khác:\n"
    "☒ Đề nghị tiếp tục tổ chức Hội thi.\n"
    "☐ Đề nghị hình thức tuyên truyền khác.\n\n"
    "3. Ý kiến khác, đề xuất (nếu có):\n"
    "<svg onload=alert(5)></svg> '-alert(6)-' </textarea></pre>%s\n" % (S, I, J, J, J, S),
    charset="utf-8")
a.add_attachment(open(os.path.join(d, "att.bin"), "rb").read(), maintype="application",
                 subtype="octet-stream", filename=os.environ["ATT_NAME"])
open(os.path.join(d, "a.eml"), "wb").write(a.as_bytes())

b = EmailMessage(policy=policy.SMTP)
b["From"] = Address(display_name="Sở Tài chính " + S, addr_spec="stc@soctrang.example")
b["To"] = "tonghop@soctrang.example"
b["Subject"] = "Tra loi 118/UBND-TH " + S
b["Date"] = "Mon, 22 Jan 2024 09:00:00 +0700"
b["Message-ID"] = "<hostile-b@soctrang.example>"
b.set_content(
    "<html><head><script>alert(1)</script><meta http-equiv=refresh content=\"0;url=javascript:alert(8)\">"
    "<base href=\"http://evil.example/\"><style>body{background:url(javascript:alert(9))}</style></head>"
    "<body onload=\"alert(10)\">"
    "<p>1. Nhận xét về tính thiết thực và hiệu quả của Hội thi cải cách hành chính:</p>"
    "<p><a href=\"javascript:alert(3)\">bấm vào đây</a> <img src=x onerror=alert(2)>"
    "<iframe srcdoc=\"<script>alert(11)</script>\"></iframe> &lt;script&gt;alert(1)&lt;/script&gt;</p>"
    "<p>2. Đề nghị tiếp tục tổ chức Hội thi hoặc hình thức tuyên truyền khác:</p>"
    "<p>☒ Đề nghị tiếp tục tổ chức Hội thi.<br>☐ Đề nghị hình thức tuyên truyền khác.</p>"
    "<p>3. Ý kiến khác, đề xuất (nếu có):</p><p><form action=\"http://evil.example/\"><input name=x>"
    "<button>gửi</button></form><object data=\"javascript:alert(12)\"></object></p>"
    "<script>document.write('<img src=x onerror=alert(13)>')</script></body></html>\n",
    subtype="html", charset="utf-8")
open(os.path.join(d, "b.eml"), "wb").write(b.as_bytes())
PY
is "the hostile messages are built" "$?" 0

Y import "$T/a.eml" "$T/b.eml" > "$T/import.out" 2>&1
is "ykien import of the hostile messages exits 0" "$?" 0
SHA_A=$(sha256sum < "$T/a.eml" | cut -c1-64)
SHA_B=$(sha256sum < "$T/b.eml" | cut -c1-64)
is "the multipart one is filed" "$(db "SELECT count(*) FROM messages WHERE sha256 = '$SHA_A'")" 1
is "the HTML one is filed" "$(db "SELECT count(*) FROM messages WHERE sha256 = '$SHA_B'")" 1
check "the HTML one is STC's reply to the campaign" sh -c \
    "'$YKIEN' -c '$T/ykien.conf' export --json | grep -F '\"sha256\":\"$SHA_B\"' | grep -q '\"agency\":\"STC\"'"

printf '%s\n' "$PASS" | Y web-user add "$CLERK" --role clerk > "$T/useradd.out" 2>&1
is "ykien web-user add exits 0" "$?" 0

if ! web_start "$T/ykien.conf" "$T/web.log"; then
    not_ok "ykien-web starts and listens ($YKIEN_WEB)"
    tap_done
    exit 1
fi
ok "ykien-web starts and says it listens on $WEB_URL"

YW_URL=$WEB_URL YW_USER=$CLERK YW_PASS=$PASS YW_DIR=$T YW_ART=$ART YW_CAMPAIGN=$C \
YW_SHA_A=$SHA_A YW_SHA_B=$SHA_B YW_ATT_NAME=$ATT_NAME YW_ATT_FILE=$T/att.bin \
    web_tap timeout 110 "$PY" "$YK_TOP/tests/web/hostile.py"

check "ykien-web is still running" kill -0 "$WEB_PID"
web_stop
is "ykien-web stops on SIGTERM with status 0" "$WEB_RC" 0
if [ "$TAP_FAILED" -gt 0 ]; then
    echo "# ykien-web's log:"; sed 's/^/#   /' "$T/web.log" | tail -30
fi
tap_done
