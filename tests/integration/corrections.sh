#!/usr/bin/env bash
# A person's work shows everywhere: after `ykien assign` of an unassigned
# reply and `ykien set` of an answer, export --json, status (--json and the
# table), the reports (csv, md) and the digest give the agency and the
# answers that count, the extracted ones kept beside them, with who made
# the change (the clerk's name from `clerks`, else the login; never a bare
# uid) and when.  `ykien set REF not_reply=yes` takes a message out of the
# count and off the review list, and the earlier reply of its agency
# counts again.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/tap.sh"
. "$here/../lib/ykien-env.sh"

T=$(mktemp -d /tmp/ykcorr.XXXXXX)
trap 'rm -rf "$T"' EXIT
sed -e "s#DEMO_PORT#1#g" -e "s#DEMO_DIR#$T#g" "$YK_TOP/conf/demo.conf" > "$T/ykien.conf"
cat >> "$T/ykien.conf" <<'CONF'
clerks = ( { user = "lan"; name = "Nguyễn Thị Lan"; } );
CONF
Y() { "$YKIEN" -c "$T/ykien.conf" "$@"; }
db() { sqlite3 "$T/ykien.db" "$@"; }
PY=/usr/bin/python3
C=118-UBND-TH
LAN="Nguyễn Thị Lan"

Y import "$YK_TOP"/tests/data/replies/*.eml > "$T/import.out" 2>&1
is "ykien import exits 0" "$?" 0
unknown=$(db "SELECT m.sha256 FROM messages m JOIN replies r ON r.message = m.id WHERE r.agency IS NULL")
is "one reply has no agency" "${#unknown}" 64

# export --json as JSON: the line of SHA, then a Python expression over it (d)
ex() {
    Y export --json | $PY -c '
import json, sys
sha, expr = sys.argv[1], sys.argv[2]
for l in sys.stdin:
    d = json.loads(l)
    if d["sha256"] == sha:
        v = eval(expr)
        print(v if isinstance(v, str) else json.dumps(v, ensure_ascii=False))
' "$1" "$2"
}
# status --json: the row of AGENCY, then an expression over it (d)
st() {
    Y status --campaign $C --json | $PY -c '
import json, sys
code, expr = sys.argv[1], sys.argv[2]
for l in sys.stdin:
    d = json.loads(l)
    if d.get("agency") == code:
        v = eval(expr)
        print(v if isinstance(v, str) else json.dumps(v, ensure_ascii=False))
' "$1" "$2"
}

# ---- before anyone touched it ---------------------------------------------
is "export: unassigned as extracted" "$(ex "$unknown" 'd["agency"]')" null
is "export: nobody corrected it" "$(ex "$unknown" '[d["corrected_by"], d["corrected_at"]]')" "[null, null]"
is "export: no extracted member when nothing changed" "$(ex "$unknown" '"extracted" in d')" false
is "status: UBND_KESACH has not replied" "$(st UBND_KESACH 'd["replied"]')" false
is "export keeps the members of parse --json" \
    "$(ex "$unknown" 'sorted(k for k in d if k not in ("sha256","filed_at","archive_path","status","duplicate_of","superseded_by","corrected_by","corrected_at"))')" \
    "$(Y parse --json "$YK_TOP/tests/data/replies/04-unknown-sender.eml" | $PY -c 'import json,sys; print(json.dumps(sorted(json.loads(sys.stdin.read())), ensure_ascii=False))')"

# ---- assign, then correct -------------------------------------------------
SUDO_USER=lan Y assign "${unknown:0:12}" UBND_KESACH > "$T/assign.out"
is "assign exits 0" "$?" 0
check "assign names the login who made it" grep -q "by lan at" "$T/assign.out"
is "export: the agency assigned counts" "$(ex "$unknown" 'd["agency"]')" UBND_KESACH
is "export: agency_by is person" "$(ex "$unknown" 'd["agency_by"]')" person
is "export: the extracted agency beside it" "$(ex "$unknown" '[d["extracted"]["agency"], d["extracted"]["agency_by"]]')" "[null, null]"
is "export: corrected_by is the clerk's name" "$(ex "$unknown" 'd["corrected_by"]')" "$LAN"
check "export: corrected_at is ISO 8601 UTC" sh -c "echo '$(ex "$unknown" 'd["corrected_at"]')' | grep -qE '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$'"
is "export: answers not changed yet" "$(ex "$unknown" 'd["answers"] == d["extracted"]["answers"]')" true

sleep 1 # the correction is the later of the two, by its time
SUDO_USER=lan Y set "${unknown:0:12}" proposal=other_form comments="Đã sửa: tổ chức hằng năm" > /dev/null
is "set exits 0" "$?" 0
is "export: the corrected choice counts" "$(ex "$unknown" 'd["answers"]["proposal"]["choices"]')" '["other_form"]'
is "export: the corrected text counts" "$(ex "$unknown" 'd["answers"]["comments"]')" "Đã sửa: tổ chức hằng năm"
is "export: the extracted answers beside them" "$(ex "$unknown" 'd["extracted"]["answers"]["proposal"]["choices"]')" '["continue_contest"]'
is "export: the extracted comment beside it" "$(ex "$unknown" 'd["extracted"]["answers"]["comments"]')" "Tốt."
is "export: an answer nobody corrected stays" "$(ex "$unknown" 'd["answers"]["other_opinions"] == d["extracted"]["answers"]["other_opinions"]')" true
is "export: still the assigned agency" "$(ex "$unknown" 'd["agency"]')" UBND_KESACH
at=$(db "SELECT at FROM corrections WHERE sha256 = '$unknown' ORDER BY id DESC LIMIT 1")
is "export: corrected_at is the last change's" "$(ex "$unknown" 'd["corrected_at"]')" "$at"
# another message, untouched, has no extracted member and no one named
snv=$(db "SELECT sha256 FROM messages WHERE message_id = 'snv-0116@soctrang.example'")
is "export: an untouched reply names no one" "$(ex "$snv" '[d["corrected_by"], "extracted" in d]')" "[null, false]"

# ---- status ---------------------------------------------------------------
is "status --json: UBND_KESACH replied" "$(st UBND_KESACH 'd["replied"]')" true
is "status --json: the corrected choice" "$(st UBND_KESACH 'd["choice"]')" "other_form*"
is "status --json: who" "$(st UBND_KESACH 'd["corrected_by"]')" "$LAN"
is "status --json: when" "$(st UBND_KESACH 'd["corrected_at"]')" "$at"
is "status --json: assigned" "$(st UBND_KESACH 'd["assigned"]')" true
is "status --json: an untouched row names no one" "$(st SNV '[d["corrected_by"], d["assigned"]]')" "[null, false]"
Y status --campaign $C > "$T/status.txt"
check "status table: UBND_KESACH replied" grep -qE '^  UBND_KESACH +UBND huyện Kế Sách +replied' "$T/status.txt"
check "status table: who assigned or corrected it" grep -q "UBND_KESACH: assigned or corrected by $LAN" "$T/status.txt"

# ---- reports ----------------------------------------------------------------
Y report --campaign $C --format csv --lang en > "$T/r.csv"
is "report csv exits 0" "$?" 0
row=$(grep '^UBND_KESACH,' "$T/r.csv")
check "csv: the corrected comment" sh -c "echo '$row' | grep -q 'Đã sửa: tổ chức hằng năm'"
check "csv: the corrected choice" sh -c "echo '$row' | grep -q 'Đề nghị hình thức tuyên truyền khác'"
check "csv: who and when" sh -c "echo '$row' | grep -q '$LAN, 20'"
check "csv: the row counts as on time" sh -c "echo '$row' | grep -q ',On time,'"
Y report --campaign $C --format md --lang en > "$T/r.md"
is "report md exits 0" "$?" 0
# (Markdown escapes the code's underscore)
check "md: the assignment is listed with who" grep -qE "^\| UBND huyện Kế Sách \| Unit \| UBND huyện Kế Sách \(UBND\\\\?_KESACH\) \| $LAN \|" "$T/r.md"
check "md: the correction is listed with who" grep -qE "\| UBND huyện Kế Sách \| Nhận xét[^|]*\| Đã sửa: tổ chức hằng năm \| $LAN \|" "$T/r.md"

# ---- digest ----------------------------------------------------------------
Y digest --now 2024-01-25T09:00:00+07:00 > "$T/digest.txt"
is "digest preview exits 0" "$?" 0
check "digest: the assigned reply is counted" grep -q "Đã gửi: 6/7" "$T/digest.txt"
check "digest: who assigned or corrected it" grep -q "UBND huyện Kế Sách (UBND_KESACH): gán hoặc sửa bởi $LAN, lúc" "$T/digest.txt"

# ---- who: a login, never a bare uid ----------------------------------------
snv_short=${snv:0:12}
env -u SUDO_USER USER= "$YKIEN" -c "$T/ykien.conf" set "$snv_short" reviewed=yes > /dev/null
is "set without SUDO_USER nor USER exits 0" "$?" 0
is "the login name is recorded, not a uid" \
    "$(db "SELECT who FROM corrections WHERE sha256 = '$snv' ORDER BY id DESC LIMIT 1")" "$(id -un)"
is "export names that login (not a clerk)" "$(ex "$snv" 'd["corrected_by"]')" "$(id -un)"
is "reviewed=yes alone changes no answer: no extracted member" "$(ex "$snv" '"extracted" in d')" false

# ---- not a reply ------------------------------------------------------------
# a later mail from SNV's own address supersedes its reply ...
cat > "$T/snv-later.eml" <<'MAIL'
From: So Noi vu <snv@soctrang.example>
To: tonghop@soctrang.example
Subject: Thong bao lich hop
Date: Mon, 22 Jan 2024 08:00:00 +0700
Message-ID: <snv-0122@soctrang.example>
MIME-Version: 1.0
Content-Type: text/plain; charset=UTF-8
Content-Transfer-Encoding: 8bit

1. Nhận xét về tính thiết thực và hiệu quả của Hội thi cải cách hành chính:
Lịch họp tuần sau.

2. Đề nghị tiếp tục tổ chức Hội thi hoặc hình thức tuyên truyền khác:
☐ Đề nghị tiếp tục tổ chức Hội thi.
☒ Đề nghị hình thức tuyên truyền khác.
MAIL
Y import "$T/snv-later.eml" > /dev/null 2>&1
later=$(db "SELECT sha256 FROM messages WHERE message_id = 'snv-0122@soctrang.example'")
is "the later SNV mail was filed as a reply that counts" "$(db "SELECT status FROM messages WHERE sha256 = '$later'")" effective
is "status: SNV's answer is the later one's" "$(st SNV 'd["choice"]')" other_form
# ... but it is no reply: a person says so
Y set "${later:0:12}" not_reply=yes > "$T/notreply.out"
is "set not_reply=yes exits 0" "$?" 0
is "export: status not_counted" "$(ex "$later" 'd["status"]')" not_counted
is "export: its earlier reply counts again" "$(ex "$snv" 'd["status"]')" effective
is "status: SNV's answer is the earlier one's again" "$(st SNV 'd["choice"]')" continue_contest
is "status: SNV has one reply" "$(st SNV 'd["replies"]')" 1
is "status: nothing awaits review for SNV" "$(st SNV 'd["awaiting_review"]')" false
is "recorded in corrections with who and when" \
    "$(db "SELECT field || '=' || value || ' ' || (who <> '') || ' ' || (at LIKE '20%Z') FROM corrections WHERE sha256 = '$later'")" "not_reply=yes 1 1"
Y show "${later:0:12}" > "$T/show.txt"
check "show: says it is not a reply" grep -q "not_counted (a person marked it as not a reply" "$T/show.txt"
check "show: lists the correction" grep -q ": not_reply = yes" "$T/show.txt"
Y set "${later:0:12}" not_reply=yes comments=x > /dev/null 2>&1
check "not_reply=yes is said alone" [ $? -ne 0 ]
Y set "${later:0:12}" not_reply=no > /dev/null 2>&1
check "not_reply takes only yes" [ $? -ne 0 ]

# an unassigned reply that needs review leaves the list once it is no reply
cat > "$T/stranger.eml" <<'MAIL'
From: Tran Van B <tranvanb@mail.example>
To: tonghop@soctrang.example
Subject: Re: 118/UBND-TH
Date: Tue, 23 Jan 2024 10:00:00 +0700
Message-ID: <b-0123@mail.example>
MIME-Version: 1.0
Content-Type: text/plain; charset=UTF-8
Content-Transfer-Encoding: 8bit

1. Nhận xét về tính thiết thực và hiệu quả của Hội thi cải cách hành chính:
Quảng cáo.

2. Đề nghị tiếp tục tổ chức Hội thi hoặc hình thức tuyên truyền khác:
☒ Đề nghị tiếp tục tổ chức Hội thi.
MAIL
Y import "$T/stranger.eml" > /dev/null 2>&1
stranger=$(db "SELECT sha256 FROM messages WHERE message_id = 'b-0123@mail.example'")
Y review > "$T/review1.txt"
check "review lists the stranger's reply" grep -q "^${stranger:0:12}" "$T/review1.txt"
Y status --campaign $C --json | tail -n 1 > "$T/totals1.json"
SUDO_USER=lan Y set "${stranger:0:12}" not_reply=yes > /dev/null
is "not_reply of an unassigned reply exits 0" "$?" 0
Y review > "$T/review2.txt"
check "review no longer lists it" sh -c "! grep -q '^${stranger:0:12}' '$T/review2.txt'"
is "status: one fewer to review" \
    "$(Y status --campaign $C --json | tail -n 1 | $PY -c 'import json,sys; print(json.load(sys.stdin)["totals"]["needs_review"])')" \
    "$(($($PY -c 'import json,sys; print(json.load(open(sys.argv[1]))["totals"]["needs_review"])' "$T/totals1.json") - 1))"
is "export: the stranger's is not counted, by Lan" "$(ex "$stranger" '[d["status"], d["corrected_by"]]')" "[\"not_counted\", \"$LAN\"]"

tap_done
