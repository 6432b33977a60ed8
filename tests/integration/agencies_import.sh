#!/usr/bin/env bash
# `ykien agencies import`: an .xlsx of 100 agencies written with openpyxl
# (Vietnamese names, a title row above the header, several addresses in a
# cell).  With three broken rows every problem is reported with its row
# and nothing is written; fixed, the file written is accepted by
# check-config through an @include; a re-import with two agencies renamed
# and one removed keeps every code, retires the removed one's and reports
# the changes; the removed agency coming back gets a new code.  An .ods
# (repeated columns and rows, a hostile repeat refused) and a windows-1258
# .csv are read too.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/tap.sh"
. "$here/../lib/ykien-env.sh"

PY=/usr/bin/python3   # Debian's, with python3-openpyxl
if ! $PY -c 'import openpyxl' 2>/dev/null; then
    skip "python3-openpyxl missing"
    tap_done
    exit
fi
T=$(mktemp -d /tmp/ykagencies.XXXXXX)
trap 'rm -rf "$T"' EXIT
GEN="$PY $YK_TOP/tests/lib/agencies_sheet.py"
Y() { "$YKIEN" "$@"; }
# code and first address of each agency of a file written by the import
pairs() { awk -F'"' '/ code = /{c=$2} / emails = /{print c, $2}' "$1" | sort; }

$GEN xlsx errors "$T/agencies.xlsx" && $GEN xlsx ok "$T/ok.xlsx" && $GEN xlsx v2 "$T/v2.xlsx" &&
    $GEN ods ok "$T/agencies.ods" && $GEN ods hostile "$T/hostile.ods" &&
    $GEN csv1258 "$T/agencies.csv"
is "the test sheets are written" "$?" 0

# ---- errors: reported by row, nothing written -----------------------------
Y agencies import "$T/agencies.xlsx" -o "$T/agencies.conf" > "$T/out" 2> "$T/err"
is "a sheet with problems exits 65 (EX_DATAERR)" "$?" 65
is "every problem with its sheet row, nothing else" "$(cat "$T/err")" \
"agencies.xlsx: row 17: no email for Sở Y tế
agencies.xlsx: row 43: sonongnghiepvaphattriennongthon@soctrang.gov.vn is also the address of row 8 (Sở Nông nghiệp và Phát triển nông thôn); an address belongs to one agency
agencies.xlsx: row 63: \"ubnd.xa@@soctrang\" is not an email address (UBND xã Liêu Tú)
ykien agencies import: 3 problems in agencies.xlsx: nothing written"
check "nothing written" test ! -e "$T/agencies.conf"
is "nothing on standard output" "$(wc -c < "$T/out")" 0

# ---- fixed: written, included, accepted -----------------------------------
cp "$T/ok.xlsx" "$T/agencies.xlsx"
Y agencies import "$T/agencies.xlsx" -o "$T/agencies.conf" > "$T/out" 2> "$T/err"
is "the fixed sheet imports" "$?" 0
is "its report" "$(cat "$T/err")" "100 agencies (no previous file: all new)"
is "100 agencies written" "$(grep -c '^    code = ' "$T/agencies.conf")" 100
cp "$T/agencies.conf" "$T/v1.conf"
for want in 'SYT Sở Y tế' 'SKHDT Sở Kế hoạch và Đầu tư' 'SVHTTDL Sở Văn hóa, Thể thao và Du lịch' \
            'SNV Sở Nội vụ' 'SNV_2 Sở Ngoại vụ' 'UBND_TRANDE Ủy ban nhân dân huyện Trần Đề' \
            'UBND_VINHCHAU UBND thị xã Vĩnh Châu' 'UBND_SOCTRANG UBND thành phố Sóc Trăng' \
            'UBND_DAIAN2 UBND xã Đại Ân 2' 'DPTTH Đài Phát thanh và Truyền hình'; do
    got=$(awk -F'"' -v c="${want%% *}" '/ code = /{k=$2} / name = / && k==c {print k, $2}' "$T/agencies.conf")
    is "code ${want%% *}" "$got" "$want"
done
check "several addresses of one cell" grep -q 'emails = \[ "sokehoachvadautu@soctrang.gov.vn", "vanthu.skhdt@soctrang.gov.vn" \]' "$T/agencies.conf"
check "the mã định danh as edoc_id" grep -q 'edoc_id = "000.00.15.H49";' "$T/agencies.conf"
check "the group" grep -q 'group = "UBND cấp xã";' "$T/agencies.conf"
check "the header says where it came from and how to include it" \
    sh -c "head -5 '$T/agencies.conf' | grep -q 'from' && grep -q '@include \"agencies.conf\"' '$T/agencies.conf'"
# the example configuration with its agencies replaced by the include
awk '/^agencies = \(/{s=1; print "@include \"agencies.conf\""; next}
     s==1 && /^\);/{s=2; next} s!=1' "$YK_TOP/docs/examples/ykien.conf" > "$T/ykien.conf"
is "check-config accepts it through @include" "$(cd / && Y -c "$T/ykien.conf" check-config 2>&1)" ok
sed 's/edoc_id = "000.00.15.H49";/edoc_id = "H49 15";/' "$T/agencies.conf" > "$T/bad.conf"
sed 's/"agencies.conf"/"bad.conf"/' "$T/ykien.conf" > "$T/ykien-bad.conf"
Y -c "$T/ykien-bad.conf" check-config > "$T/out" 2>&1
is "check-config refuses an edoc_id that is not one" "$?" 78
check "and says where and why" grep -q 'bad.conf:[0-9]*: edoc_id "H49 15": expected' "$T/out"
Y agencies import "$T/agencies.xlsx" > "$T/stdout.conf" 2> /dev/null
is "without -o the same file on standard output" \
    "$(grep -v ' on 20' "$T/stdout.conf" | md5sum)" "$(grep -v ' on 20' "$T/v1.conf" | md5sum)"

# ---- re-import: two renamed, one removed ----------------------------------
cp "$T/v2.xlsx" "$T/agencies.xlsx"
Y agencies import "$T/agencies.xlsx" -o "$T/agencies.conf" > "$T/out" 2> "$T/err"
is "the re-import exits 0" "$?" 0
is "the changes reported" "$(cat "$T/err")" \
'changed STP: name "Sở Tư pháp" -> "Sở Tư pháp tỉnh Sóc Trăng" (row 4)
changed UBND_HOATU1: name "UBND xã Hòa Tú 1" -> "Ủy ban nhân dân xã Hòa Tú 1" (row 88)
removed UBND_KEAN: UBND xã Kế An (its code is retired)
99 agencies: 0 added, 2 changed, 1 removed'
is "every code kept for the same agency" "$(pairs "$T/agencies.conf")" \
    "$(pairs "$T/v1.conf" | grep -v '^UBND_KEAN ')"
check "the removed agency's code retired in the file" grep -qx '# retired: UBND_KEAN UBND xã Kế An' "$T/agencies.conf"
check "the renamed name written" grep -q 'name = "Ủy ban nhân dân xã Hòa Tú 1";' "$T/agencies.conf"
is "check-config still accepts it" "$(Y -c "$T/ykien.conf" check-config 2>&1)" ok

# ---- the removed agency back: a new code, never the retired one -----------
cp "$T/ok.xlsx" "$T/agencies.xlsx"
Y agencies import "$T/agencies.xlsx" -o "$T/agencies.conf" > "$T/out" 2> "$T/err"
is "imported again" "$?" 0
check "Kế An back under a new code" grep -qx 'added UBND_KEAN_2: UBND xã Kế An (row 73)' "$T/err"
check "the old code stays retired" grep -qx '# retired: UBND_KEAN UBND xã Kế An' "$T/agencies.conf"
check "and is given to no agency" sh -c "! grep -q 'code = \"UBND_KEAN\"' '$T/agencies.conf'"
is "the same report from --previous, to standard output" \
    "$(Y agencies import "$T/v2.xlsx" --previous "$T/agencies.conf" 2>&1 >/dev/null | tail -1)" \
    "99 agencies: 0 added, 2 changed, 1 removed"

# ---- -o at the main configuration by mistake: refused, untouched -----------
for conf in ykien.conf v1.conf; do
    # the main configuration, with its include, or with its own agencies
    if [ $conf = ykien.conf ]; then cp "$T/ykien.conf" "$T/main.conf"
    else cat "$YK_TOP/docs/examples/ykien.conf" > "$T/main.conf"; fi
    cp "$T/main.conf" "$T/main.orig"
    Y agencies import "$T/ok.xlsx" -o "$T/main.conf" > "$T/out" 2> "$T/err"
    is "-o naming a whole configuration ($conf) is refused" "$?" 65
    check "and says why" grep -q "main.conf: has .*, so it is not a file written by" "$T/err"
    check "the configuration is untouched" cmp -s "$T/main.orig" "$T/main.conf"
done

# ---- --json: the same findings as one object ------------------------------
Y agencies import "$T/ok.xlsx" -o "$T/j.conf" 2> /dev/null
Y agencies import "$T/v2.xlsx" -o "$T/j.conf" --json > "$T/j.json" 2> "$T/err"
is "--json exits 0" "$?" 0
is "--json: nothing on standard error" "$(wc -c < "$T/err")" 0
is "--json: the changes" "$($PY -c '
import json, sys
j = json.load(open(sys.argv[1]))
print(j["written"], j["agencies"], j["added"], j["changed"], j["removed"], j["problems"])
for c in j["changes"]:
    print(c["change"], c["code"], c.get("field"), c.get("old", c.get("name")), c.get("new"), c.get("row"))
' "$T/j.json")" "True 99 0 2 1 []
changed STP name Sở Tư pháp Sở Tư pháp tỉnh Sóc Trăng 4
changed UBND_HOATU1 name UBND xã Hòa Tú 1 Ủy ban nhân dân xã Hòa Tú 1 88
removed UBND_KEAN None UBND xã Kế An None None"
$GEN xlsx errors "$T/bad.xlsx"
Y agencies import "$T/bad.xlsx" -o "$T/j2.conf" --json > "$T/j.json" 2> "$T/err"
is "--json with problems exits 65" "$?" 65
is "--json: the problems by row, nothing written" "$($PY -c '
import json, sys
j = json.load(open(sys.argv[1]))
print(j["written"], [p["row"] for p in j["problems"]], j["problems"][0]["message"])
' "$T/j.json"; test -e "$T/j2.conf" && echo written)" "False [17, 43, 63] no email for Sở Y tế"

# ---- an .xlsx as other programs write it -----------------------------------
$GEN xlsx-hand bad "$T/hand.xlsx"
Y agencies import "$T/hand.xlsx" > "$T/out" 2> "$T/err"
is "inline strings, gaps: the problem on the sheet's own row" "$(head -1 "$T/err")" \
    "hand.xlsx: row 10: no email for Sở Tư pháp"
$GEN xlsx-hand ok "$T/hand.xlsx"
Y agencies import "$T/hand.xlsx" > "$T/hand.conf" 2> /dev/null
is "the first sheet of the workbook, not sheet1.xml; rich text joined, phonetic runs left out" \
    "$(awk -F'"' '/ (code|name|edoc_id|emails) = /{printf "%s|", $2}' "$T/hand.conf")" \
    "SYT|Sở Y tế|H49.12|syt@soctrang.gov.vn|UBND_X|UBND xã X|x@soctrang.gov.vn|STP|Sở Tư pháp|stp@soctrang.gov.vn|"

# ---- .ods: repeated columns and rows --------------------------------------
Y agencies import "$T/agencies.ods" > "$T/ods.conf" 2> "$T/err"
is "the .ods imports" "$?" 0
is "its 12 agencies" "$(grep -c '^    code = ' "$T/ods.conf")" 12
check "text:s and text:span read as the words they are" grep -q 'name = "Sở Kế hoạch và Đầu tư";' "$T/ods.conf"
check "the address from past the repeated empty columns" \
    grep -q 'emails = \[ "sotuphap@soctrang.gov.vn" \];' "$T/ods.conf"
check "the group beside it" grep -q 'group = "Sở, ban, ngành";' "$T/ods.conf"
timeout 30 "$YKIEN" agencies import "$T/hostile.ods" > "$T/out" 2> "$T/err"
rc=$?
check "a row repeated a million times is refused" sh -c "[ $rc -ne 0 ] && [ $rc -ne 124 ] && grep -q 'repeated 1000000 times' '$T/err'"

# ---- .csv in windows-1258 --------------------------------------------------
Y agencies import "$T/agencies.csv" > "$T/csv.conf" 2> "$T/err"
is "the windows-1258 .csv imports" "$?" 0
is "its names in UTF-8, composed (NFC)" \
    "$(awk -F'"' '/ name = /{print $2}' "$T/csv.conf" | $PY -c 'import sys, unicodedata; t = sys.stdin.read(); print(t == unicodedata.normalize("NFC", t), t.split(chr(10))[5])')" \
    "True UBND xã Ngọc Đông"
check "the code from a name read in windows-1258" grep -q 'code = "SKHDT";' "$T/csv.conf"
check "the Khối column" grep -q 'group = "Sở, ban, ngành";' "$T/csv.conf"

tap_done
