#!/usr/bin/env bash
# Attachments of a reply are kept beside it in the archive, under names
# made safe: "../../etc/passwd", a 300-character name, control characters
# and an RFC 2231 name that decodes to a path never leave the archive.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/tap.sh"
. "$here/../lib/ykien-env.sh"

T=$(mktemp -d /tmp/ykatt.XXXXXX)
trap '[ -n "${KEEP:-}" ] || rm -rf "$T"' EXIT
sed -e "s#DEMO_PORT#1#g" -e "s#DEMO_DIR#$T/w#g" "$YK_TOP/conf/demo.conf" > "$T/ykien.conf"
mkdir -p "$T/w"
printf 'x\n' > "$T/w/imap.pass"; chmod 600 "$T/w/imap.pass"
python3 - "$T/reply.eml" <<'PY'
import sys
long = "Phiếu ý kiến " * 30 + ".docx"          # 390 characters
parts = [
    ('name="../../etc/passwd"', "root:x:0:0:pwned\n"),
    ('name="../../ho-so.pdf"', "%PDF-1.4 not really\n"),
    ('name="%s"' % long, "long name\n"),
    ('name="a\x01b.txt"', "control\n"),
    ("name*=UTF-8''..%2F..%2F..%2Ftmp%2Fykien-escape.txt", "rfc2231 path\n"),
]
body = ("1. Nhận xét về tính thiết thực và hiệu quả của Hội thi cải cách hành chính:\n"
        "Tốt.\n\n2. Đề nghị tiếp tục tổ chức Hội thi hoặc hình thức tuyên truyền khác:\n"
        "☒ Đề nghị tiếp tục tổ chức Hội thi.\n☐ Đề nghị hình thức tuyên truyền khác.\n\n"
        "3. Ý kiến khác, đề xuất (nếu có):\nKhông.\n")
out = ["From: snv@soctrang.example", "To: tonghop@soctrang.example",
       "Subject: 118/UBND-TH", "Message-ID: <att-1@soctrang.example>",
       "Date: Tue, 16 Jan 2024 09:00:00 +0700", "MIME-Version: 1.0",
       'Content-Type: multipart/mixed; boundary="b"', "", "--b",
       "Content-Type: text/plain; charset=UTF-8", "Content-Transfer-Encoding: 8bit", "", body]
for disp, data in parts:
    out += ["--b", "Content-Type: application/octet-stream",
            "Content-Disposition: attachment; filename" + disp[4:] if disp.startswith("name=") else
            "Content-Disposition: attachment; filename*" + disp[5:], "", data]
out.append("--b--")
open(sys.argv[1], "w", encoding="utf-8").write("\n".join(out) + "\n")
PY
touch "$T/import.log"
before=$(cd "$T" && find . -path ./w -prune -o -print | sort)
"$YKIEN" -c "$T/ykien.conf" import "$T/reply.eml" > "$T/import.log" 2>&1
is "the reply is imported" "$?" 0
dir=$(find "$T/w/archive" -mindepth 3 -maxdepth 3 -type d | head -1)
check "a folder beside the message holds its attachments" [ -n "$dir" ]
is "four attachments kept (documents and text)" "$(find "$dir" -type f | wc -l)" 4
check "\"../../ho-so.pdf\" is kept as ho-so.pdf, inside the archive" [ -f "$dir/ho-so.pdf" ]
check "\"../../etc/passwd\" (no known document type) is not unpacked at all" \
    [ -z "$(find "$T" -name 'passwd*')" ]
check "the RFC 2231 path is kept by its last component" [ -f "$dir/ykien-escape.txt" ]
check "nothing was written to /tmp/ykien-escape.txt" [ ! -e /tmp/ykien-escape.txt ]
check "control characters are replaced" [ -f "$dir/a_b.txt" ]
long=$(find "$dir" -name 'Phi*.docx' -printf '%f')
echo "# the long name became: $long"
check "the long name is cut to at most 120 bytes, its extension kept" \
    [ -n "$long" ] && [ "$(printf %s "$long" | wc -c)" -le 120 ]
is "nothing written outside the archive and the database" "$(cd "$T" && find . -path ./w -prune -o -print | sort)" "$before"
is "nothing under the work folder but the archive, the database and the password" \
    "$(cd "$T/w" && ls | sort | tr '\n' ' ')" "archive imap.pass ykien.db "
tap_done
