#!/usr/bin/env bash
# Whom to believe: a reply from a personal mailbox that only names an agency
# ("Sở Y tế" in its signature) does not replace the reply that came from the
# agency's registered address.  It is filed and held back (not counted):
# the agency's counted answers do not change, `ykien status` shows it as
# awaiting review, `ykien review` lists it with the reason, `ykien export
# --json` calls it not_counted; a person's `ykien set` (or `assign`)
# confirms it, and then it counts.  No mail server: `ykien import`.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/tap.sh"
. "$here/../lib/ykien-env.sh"

T=$(mktemp -d /tmp/yktrust.XXXXXX)
trap 'rm -rf "$T"' EXIT
sed -e "s#DEMO_PORT#1#g" -e "s#DEMO_DIR#$T#g" "$YK_TOP/conf/demo.conf" > "$T/ykien.conf"
Y() { "$YKIEN" -c "$T/ykien.conf" "$@"; }
db() { sqlite3 "$T/ykien.db" "$@"; }
C=118-UBND-TH

# reply FILE FROM MESSAGE-ID DAY TICK_A TICK_B SIGNATURE
reply() {
    cat > "$1" <<MAIL
From: $2
To: tonghop@soctrang.example
Subject: Tra loi Cong van 118/UBND-TH
Date: $4 Jan 2024 09:00:00 +0700
Message-ID: <$3>
MIME-Version: 1.0
Content-Type: text/plain; charset=UTF-8
Content-Transfer-Encoding: 8bit

1. Nhận xét về tính thiết thực và hiệu quả của Hội thi cải cách hành chính:
Hội thi thiết thực.

2. Đề nghị tiếp tục tổ chức Hội thi hoặc hình thức tuyên truyền khác:
$5 Đề nghị tiếp tục tổ chức Hội thi.
$6 Đề nghị hình thức tuyên truyền khác.

3. Ý kiến khác, đề xuất (nếu có):
Không.

$7
MAIL
}
reply "$T/1-registered.eml" "So Y te <syt@soctrang.example>" syt-1@soctrang.example 22 ☒ ☐ \
    "Sở Y tế tỉnh Sóc Trăng"
reply "$T/2-personal.eml" "Tran Van B <tranvanb@mail.example>" b-2@mail.example 24 ☐ ☒ \
    "Người gửi: Trần Văn B
Sở Y tế tỉnh Sóc Trăng"

syt_choice() { Y status --campaign $C --json | python3 -c '
import json, sys
for l in sys.stdin:
    r = json.loads(l)
    if r.get("agency") == "SYT":
        print(r["choice"], "awaiting" if r["awaiting_review"] else "-")'; }

Y import "$T/1-registered.eml" > /dev/null
is "import of the reply from the registered address exits 0" "$?" 0
is "the agency's choice is the one from its registered address" "$(syt_choice)" "continue_contest -"

Y import "$T/2-personal.eml" > /dev/null
is "import of the personal-address reply exits 0" "$?" 0
personal=$(db "SELECT sha256 FROM messages WHERE file LIKE '%2-personal.eml'")
is "the personal-address reply was identified by content, for SYT" \
    "$(db "SELECT agency || ' ' || agency_by FROM messages WHERE sha256 = '$personal'")" "SYT content"
is "it does not change the agency's counted answers" "$(syt_choice)" "continue_contest awaiting"
is "the effective reply is still the registered one" \
    "$(db "SELECT m.file LIKE '%1-registered.eml' FROM replies r JOIN messages m ON m.id = r.message WHERE r.agency = 'SYT' AND r.status = 'effective'")" 1
Y status --campaign $C > "$T/status.txt"
check "the status table shows it waiting for review" \
    grep -qE '^ +SYT +Sở Y tế +replied .* awaiting review ' "$T/status.txt"
check "the status table explains 'awaiting review'" grep -q '^  awaiting review: ' "$T/status.txt"
Y review --campaign $C > "$T/review.txt"
check "review lists it" grep -q "^${personal:0:12} " "$T/review.txt"
check "review gives the reason" \
    grep -q 'why: identified by content, would replace a reply from a registered address' "$T/review.txt"
is "export --json calls it not_counted" "$(Y export --json | python3 -c '
import json, sys
for l in sys.stdin:
    e = json.loads(l)
    if e.get("sha256") == sys.argv[1]:
        print(e["status"])' "$personal")" not_counted
Y report --campaign $C --format md --lang en > "$T/r.md"
check "the report marks the agency" grep -q '^| Sở Y tế | On time, .*; awaiting review |' "$T/r.md"
check "the report explains the mark" grep -q '^_Awaiting review: ' "$T/r.md"

# a person confirms it
Y set "${personal:0:12}" reviewed=yes > /dev/null
is "ykien set exits 0" "$?" 0
is "once confirmed, it counts" "$(syt_choice)" "other_form -"
is "the registered reply is superseded by it" \
    "$(db "SELECT r.status FROM replies r JOIN messages m ON m.id = r.message WHERE m.file LIKE '%1-registered.eml'")" \
    superseded
Y review --campaign $C > "$T/review2.txt"
check "review no longer lists it" sh -c "! grep -q '^${personal:0:12} ' '$T/review2.txt'"
Y status --campaign $C > "$T/status2.txt"
check "a confirmed reply is not marked any more" \
    sh -c "! grep -qE 'awaiting review|by content' '$T/status2.txt'"

# before anyone confirms: an agency whose only reply came from a personal
# mailbox counts it, marked "by content"
reply "$T/3-stp-personal.eml" "Le Thi C <lethic@mail.example>" c-3@mail.example 25 ☒ ☐ \
    "Sở Tư pháp tỉnh Sóc Trăng"
Y import "$T/3-stp-personal.eml" > /dev/null
Y status --campaign $C > "$T/status3.txt"
check "an agency's only reply, identified by content, counts and is marked" \
    grep -qE '^ +STP +Sở Tư pháp +replied .* by content ' "$T/status3.txt"
tap_done
