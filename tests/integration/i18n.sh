#!/usr/bin/env bash
# The command line in Vietnamese (GNU gettext, lib/po/vi.po): under
# LANG=vi_VN.UTF-8 (or LANGUAGE=vi) `ykien status` and `ykien --help` speak
# Vietnamese, under LANG=C English; what a program reads (--json, the report
# of a chosen --lang) is byte for byte the same under both, with no decimal
# comma; the catalogue compiles with msgfmt -c and translates every marked
# string, fuzzy or untranslated ones failing.  The Vietnamese locale is
# compiled here with localedef into a private folder (LOCPATH): nothing
# system-wide, root or not.  The sample replies come in with `ykien import`
# (no mail server).
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/tap.sh"
. "$here/../lib/ykien-env.sh"

T=$(mktemp -d /tmp/yki18n.XXXXXX)
trap 'rm -rf "$T"' EXIT
sed -e "s#DEMO_PORT#1#g" -e "s#DEMO_DIR#$T#g" "$YK_TOP/conf/demo.conf" > "$T/ykien.conf"
C=118-UBND-TH

# ---- the catalogue --------------------------------------------------------
MO=$YK_BUILD/locale/vi/LC_MESSAGES/ykien.mo
check "make all compiled the catalogue into $MO" test -s "$MO"
msgfmt -c --statistics -o /dev/null "$YK_TOP/lib/po/vi.po" > "$T/stats" 2>&1
is "lib/po/vi.po compiles with msgfmt -c" "$?" 0
check "vi.po: no fuzzy or untranslated entry ($(cat "$T/stats"))" \
    grep -qE '^[0-9]+ translated messages?\.$' "$T/stats"
# the strings marked in the sources now, not only those vi.po knows: a
# message added or changed without its translation fails here
(cd "$YK_TOP" && xgettext --language=C --from-code=UTF-8 --keyword=_ --keyword=N_ \
    --keyword=P_:1,2 -o "$T/ykien.pot" --files-from=lib/po/POTFILES) 2> "$T/xgettext.err"
is "xgettext reads every file of lib/po/POTFILES" "$?" 0
msgmerge --quiet -o "$T/merged.po" "$YK_TOP/lib/po/vi.po" "$T/ykien.pot" 2>> "$T/xgettext.err"
msgfmt -c --statistics -o /dev/null "$T/merged.po" > "$T/stats2" 2>&1
check "every marked string of the sources is translated ($(cat "$T/stats2"))" \
    grep -qE '^[0-9]+ translated messages?\.$' "$T/stats2"
n_marked=$(grep -c '^msgid "' "$T/ykien.pot")
check "the sources mark more than 80 messages ($n_marked, with the header)" [ "$n_marked" -gt 80 ]

# ---- the Vietnamese locale, compiled privately ------------------------------
check "the locales package's vi_VN source is installed (make deps)" \
    test -f /usr/share/i18n/locales/vi_VN
mkdir -p "$T/loc"
localedef -i vi_VN -f UTF-8 "$T/loc/vi_VN.UTF-8" > "$T/localedef.out" 2>&1
check "localedef compiles vi_VN.UTF-8 ($(tail -1 "$T/localedef.out"))" \
    test -f "$T/loc/vi_VN.UTF-8/LC_MESSAGES/SYS_LC_MESSAGES"
is "the compiled locale writes a decimal comma (so the checks below mean something)" \
    "$(LOCPATH=$T/loc LC_ALL=vi_VN.UTF-8 locale decimal_point)" ","

# run ykien under a language: only the variables named here
vi() { env -u LC_ALL -u LC_MESSAGES -u LANGUAGE LOCPATH="$T/loc" LANG=vi_VN.UTF-8 \
           YKIEN_LOCALEDIR="$YK_BUILD/locale" "$YKIEN" -c "$T/ykien.conf" "$@"; }
en() { env -u LC_ALL -u LC_MESSAGES -u LANGUAGE LANG=C \
           YKIEN_LOCALEDIR="$YK_BUILD/locale" "$YKIEN" -c "$T/ykien.conf" "$@"; }

# a late reply (after the end of 31/01/2024), so "late" shows
cat > "$T/late-stc.eml" <<'MAIL'
From: So Tai chinh <stc@soctrang.example>
To: tonghop@soctrang.example
Subject: Tra loi Cong van 118/UBND-TH
Date: Fri, 02 Feb 2024 08:30:00 +0700
Message-ID: <stc-0202-i18n@soctrang.example>
MIME-Version: 1.0
Content-Type: text/plain; charset=UTF-8
Content-Transfer-Encoding: 8bit

1. Nhận xét về tính thiết thực và hiệu quả của Hội thi cải cách hành chính:
Hội thi thiết thực.

2. Đề nghị tiếp tục tổ chức Hội thi hoặc hình thức tuyên truyền khác:
☒ Đề nghị tiếp tục tổ chức Hội thi.
☒ Đề nghị hình thức tuyên truyền khác.

3. Ý kiến khác, đề xuất (nếu có):
Không.
MAIL
en import "$YK_TOP"/tests/data/replies/*.eml "$T/late-stc.eml" > "$T/import.out" 2>&1
is "ykien import exits 0" "$?" 0

# ---- status -------------------------------------------------------------
vi status --campaign $C > "$T/status.vi" 2> "$T/status.vi.err"
is "LANG=vi_VN.UTF-8 ykien status exits 0" "$?" 0
en status --campaign $C > "$T/status.en" 2> "$T/status.en.err"
is "LANG=C ykien status exits 0" "$?" 0
row() { grep -E "^  $1 " "$2"; }
check "vi: the campaign's line" grep -q "^Đợt lấy ý kiến $C — " "$T/status.vi"
check "vi: the headings (MÃ ĐƠN VỊ, ĐƠN VỊ, TÌNH TRẠNG, NGÀY TRẢ LỜI, PHƯƠNG ÁN, CẦN XEM XÉT)" \
    grep -qE '^  MÃ ĐƠN VỊ +ĐƠN VỊ +TÌNH TRẠNG +NGÀY TRẢ LỜI +PHƯƠNG ÁN +CẦN XEM XÉT +CHƯA XÁC THỰC +SỐ LẦN NHẮC +THƯ BỊ TRẢ LẠI$' \
    "$T/status.vi"
check "vi: SNV đã trả lời, at 09 giờ 12 ngày 16/01/2024 (a công văn's time)" \
    sh -c "grep -E '^  SNV ' '$T/status.vi' | grep -q ' đã trả lời  *09 giờ 12 ngày 16/01/2024  '"
check "vi: STC trễ hạn" sh -c "grep -E '^  STC ' '$T/status.vi' | grep -q ' trễ hạn '"
check "vi: UBND_KESACH chưa trả lời" \
    sh -c "grep -E '^  UBND_KESACH ' '$T/status.vi' | grep -q ' chưa trả lời '"
check "vi: the totals" grep -q '^Tổng cộng: 7 đơn vị được lấy ý kiến, 6 đã trả lời (5 đúng hạn, 1 trễ hạn), 1 chưa trả lời' "$T/status.vi"
check "vi: no English word of the table is left" \
    sh -c "! grep -qwE 'AGENCY|STATUS|CHOICE|replied|missing|late|Totals|Campaign' '$T/status.vi'"
check "C: the English headings" \
    grep -qE '^  AGENCY +NAME +STATUS +REPLIED AT +CHOICE +REVIEW +UNVERIFIED +REMINDERS +BOUNCING$' \
    "$T/status.en"
check "C: SNV replied on 2024-01-16 09:12" \
    sh -c "grep -E '^  SNV ' '$T/status.en' | grep -q ' replied  *2024-01-16 09:12 '"
check "C: STC late, UBND_KESACH missing" \
    sh -c "grep -E '^  STC ' '$T/status.en' | grep -q ' late ' &&
           grep -E '^  UBND_KESACH ' '$T/status.en' | grep -q ' missing '"
check "C: the totals" grep -q '^Totals: 7 expected, 6 replied (5 on time, 1 late), 1 missing' "$T/status.en"
check "C: no Vietnamese word of the table" \
    sh -c "! grep -qE 'Tổng cộng|đã trả lời|chưa trả lời|TÌNH TRẠNG' '$T/status.en'"
# the choice is the option's wording, in both languages; two options share the width
for l in vi en; do
    check "$l: SNV's choice is the option's wording, not its id" \
        sh -c "grep -E '^  SNV ' '$T/status.$l' | grep -q 'Đề nghị tiếp tục tổ chức Hội thi' &&
               ! grep -qE 'continue_contest|other_form' '$T/status.$l'"
    check "$l: STC's two options, without the words they share, the longer cut with …" \
        sh -c "grep -E '^  STC ' '$T/status.$l' |
               grep -q '  tiếp tục tổ chức Hội thi + hình thức tuyên truyền …  '"
done
# the columns line up by display width under the Vietnamese words too
cols=$(/usr/bin/python3 -c '
import sys, unicodedata
w = lambda s: sum(0 if unicodedata.combining(c) else 1 for c in s)
lines = [l.rstrip("\n") for l in open(sys.argv[1], encoding="utf-8")][1:9]
starts = set()
for l in lines:
    for word in ("TÌNH TRẠNG", "đã trả lời", "trễ hạn", "chưa trả lời"):
        if word in l:
            starts.add(w(l[:l.index(word)]))
            break
print(len(starts))
' "$T/status.vi")
is "vi: the TÌNH TRẠNG column starts at the same display column on every row" "$cols" 1

# LANGUAGE=vi under another locale than C (C.UTF-8 is always there)
env -u LC_ALL -u LC_MESSAGES LANG=C.UTF-8 LANGUAGE=vi YKIEN_LOCALEDIR="$YK_BUILD/locale" \
    "$YKIEN" -c "$T/ykien.conf" status --campaign $C > "$T/status.language" 2>&1
check "LANGUAGE=vi (LANG=C.UTF-8): Vietnamese too" grep -q '^Tổng cộng: 7 đơn vị' "$T/status.language"
# no catalogue where ykien looks: English, not an error
env -u LC_ALL -u LC_MESSAGES -u LANGUAGE LOCPATH="$T/loc" LANG=vi_VN.UTF-8 \
    YKIEN_LOCALEDIR="$T/nowhere" "$YKIEN" -c "$T/ykien.conf" status --campaign $C > "$T/status.nocat" 2>&1
is "no catalogue: exits 0" "$?" 0
check "no catalogue: the English table" grep -q '^Totals: 7 expected' "$T/status.nocat"

# the lines under the tables (lib/digest_cycle.c) follow: a configuration
# with a digest (no server is contacted by status)
cp "$T/ykien.conf" "$T/digest.conf"
cat >> "$T/digest.conf" <<'CONF'
smtp = {
  url = "smtp://127.0.0.1:1";
  from = "Văn phòng <tonghop@soctrang.example>";
  allow_plaintext = true;
  digest_to = [ "lanhdao@soctrang.example" ];
  digest_at = "07:30";
};
CONF
vi -c "$T/digest.conf" status > "$T/digest.vi" 2>&1
check "vi: the digest line under the tables" grep -qx \
    'Bản tổng hợp hằng ngày lúc 07:30 gửi đến lanhdao@soctrang.example; chưa gửi bản nào' \
    "$T/digest.vi"
en -c "$T/digest.conf" status > "$T/digest.en" 2>&1
check "C: the digest line in English" grep -qx \
    'Daily digest at 07:30 to lanhdao@soctrang.example; none sent yet' "$T/digest.en"

# ---- help and errors ----------------------------------------------------
vi --help > "$T/help.vi"; is "vi: ykien --help exits 0" "$?" 0
en --help > "$T/help.en"; is "C: ykien --help exits 0" "$?" 0
check "vi: --help in Vietnamese" sh -c "grep -q '^cách dùng: ykien \\[-c FILE\\] COMMAND' '$T/help.vi' &&
    grep -q '^Các lệnh:' '$T/help.vi' && grep -q '^Tùy chọn:' '$T/help.vi' &&
    grep -qE '^ +đơn vị nào đã trả lời, đơn vị nào chưa$' '$T/help.vi'"
check "C: --help in English" sh -c "grep -q '^usage: ykien \\[-c FILE\\] COMMAND' '$T/help.en' &&
    grep -q '^Commands:' '$T/help.en' && grep -qE '^ +who replied, who has not, per agency$' '$T/help.en'"
# every command of the English list is in the Vietnamese one, as typed
cmds() { grep -oE '^  [a-z][a-z-]+( [a-z]+)?' "$1" | sed 's/^ *//' | sort; }
is "vi: --help lists the same commands" "$(cmds "$T/help.vi")" "$(cmds "$T/help.en")"
vi status --help > "$T/shelp.vi"
check "vi: ykien status --help" sh -c "grep -q '^cách dùng: ykien \\[-c FILE\\] status \\[--campaign ID\\]' '$T/shelp.vi' &&
    grep -q '^Tình hình trả lời của từng đơn vị' '$T/shelp.vi'"
en status --help > "$T/shelp.en"
check "C: ykien status --help" grep -q '^Who replied, who has not, per agency' "$T/shelp.en"
vi no-such-command > /dev/null 2> "$T/err.vi"; is "vi: an unknown command exits 64" "$?" 64
check "vi: it is said in Vietnamese" grep -q '^ykien: không có lệnh "no-such-command"' "$T/err.vi"
en no-such-command > /dev/null 2> "$T/err.en"; is "C: an unknown command exits 64" "$?" 64
check "C: it is said in English" grep -q '^ykien: unknown command "no-such-command"' "$T/err.en"
vi report --campaign $C > /dev/null 2> "$T/err2.vi"
check "vi: a usage error of report" grep -q '^ykien report: hãy chỉ rõ --campaign ID và --format' "$T/err2.vi"

# ---- what programs read: the same bytes under both ----------------------
for args in "status --json" "status --campaign $C --json" "export --json" \
            "report --campaign $C --format md --lang en" "report --campaign $C --format csv --lang en" \
            "review"; do
    # shellcheck disable=SC2086
    vi $args > "$T/out.vi" 2>&1; rv=$?
    # shellcheck disable=SC2086
    en $args > "$T/out.en" 2>&1; re=$?
    check "ykien $args: the same bytes under vi_VN.UTF-8 and C (exit $rv, $re)" \
        sh -c "[ $rv = 0 ] && [ $re = 0 ] && [ -s '$T/out.en' ] && cmp -s '$T/out.vi' '$T/out.en'"
done
vi report --campaign $C --format md --lang en > "$T/report.vi"
check "the English report under vi_VN: shares with a decimal point (60.0%), no comma" \
    sh -c "grep -q '| 3 | 50.0% |' '$T/report.vi' && ! grep -qE '[0-9],[0-9]%' '$T/report.vi'"
vi status --campaign $C --json > "$T/status.json"
check "status --json under vi_VN keeps its ids and English keys" \
    sh -c "grep -q '\"choice\":\"continue_contest\"' '$T/status.json' &&
           grep -q '\"totals\":{\"campaign\":\"$C\",\"expected\":7,' '$T/status.json'"

tap_done
