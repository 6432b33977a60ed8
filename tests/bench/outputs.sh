#!/usr/bin/env bash
# Writes every user-visible output of ykien over fixed data into OUTDIR, so
# that a restructuring can be shown to change nothing:
#   tests/bench/outputs.sh OUTDIR [BUILD]
#   (at the old commit) ... OUT.old; (now) ... OUT.new; diff -r OUT.old OUT.new
# parse --json over tests/data, ../shared/corpus and ../shared/peer-mail
# (when there), and after importing the sample replies: export --json,
# status (text and JSON), review, the report in every format and language,
# the reminder schedule and the digest, all at a fixed --now.  Each
# command's exit status (and a report's error) is in OUTDIR/rcs.txt.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:?usage: outputs.sh OUTDIR [BUILD]}
build=${2:-$top/build}
Y=$build/ykien
mkdir -p "$out"
T=$(mktemp -d /tmp/ykout.XXXXXX)
trap 'rm -rf "$T"' EXIT
sed -e "s#DEMO_PORT#1#g" -e "s#DEMO_DIR#$T#g" "$top/conf/demo.conf" > "$T/ykien.conf"
y() { "$Y" -c "$T/ykien.conf" "$@"; }
NOW=2024-01-29T02:00:00Z
: > "$out/rcs.txt"
rc() {          # WHAT STATUS [ERRFILE]: a line of rcs.txt, then the error said
    printf '%s rc=%s\n' "$1" "$2" >> "$out/rcs.txt"
    [ $# -lt 3 ] || cat "$3" >> "$out/rcs.txt"
}
corpus=()
[ -d "$top/../shared/corpus" ] && corpus=("$top"/../shared/corpus/*.eml)

parse_set() {   # NAME FILE... : one line of JSON (or the error) per file
    local name=$1; shift
    for f in "$@"; do
        printf '== %s\n' "${f#$top/}"
        y parse --json "$f" 2>&1 | sed "s#$T#T#g"
        printf 'rc=%s\n' "${PIPESTATUS[0]}"
    done > "$out/parse-$name.txt"
}
mapfile -t own < <(find "$top/tests/data" -name '*.eml' | LC_ALL=C sort)
parse_set data "${own[@]}"
if [ -d "$top/../shared/corpus" ]; then
    parse_set corpus "${corpus[@]}"
fi
if [ -d "$top/../shared/peer-mail" ]; then
    mapfile -t peer < <(find "$top/../shared/peer-mail" -type f ! -name '*.json' ! -name '*.md' | LC_ALL=C sort)
    parse_set peer "${peer[@]}"
fi

y import "$top"/tests/data/replies/*.eml "${corpus[@]}" > "$out/import.txt" 2>&1
echo "rc=$?" >> "$out/import.txt"
C=118-UBND-TH
# filing times are the clock's: blank them
y export --json | sed -E 's/"(filed_at|stored_at|created_at)":"[^"]*"/"\1":"-"/g' > "$out/export.json"
rc export "${PIPESTATUS[0]}"
y status --now $NOW > "$out/status.txt" 2>&1
rc status $?
y status --json --now $NOW > "$out/status.json" 2>&1
rc "status --json" $?
y review > "$out/review.txt" 2>&1
rc review $?
y remind --dry-run --now $NOW > "$out/remind.txt" 2>&1
rc remind $?
y digest --now $NOW > "$out/digest.txt" 2>&1
rc digest $?
for lang in vi en; do
    for f in html csv md; do
        y report --campaign $C --format $f --lang $lang -o "$out/report-$lang.$f" > /dev/null 2> "$T/err"
        rc "report $lang $f" $? "$T/err"
    done
    y report --campaign $C --format xlsx --lang $lang -o "$T/r.xlsx" > /dev/null 2> "$T/err"
    rc "report $lang xlsx" $? "$T/err"
    mkdir -p "$out/report-$lang.xlsx.d"
    (cd "$out/report-$lang.xlsx.d" && unzip -qo "$T/r.xlsx" && rm -f docProps/core.xml)
done
# the time a report was compiled is the clock's: blank it (only that)
grep -rlE 'Compiled at|Tổng hợp lúc' "$out" | xargs -r sed -i -E \
    's/(Compiled at:|Tổng hợp lúc:) [0-9][0-9 :\/-]*[0-9]/\1 TIME/g'
# the scratch folder's name is random, the checkout's may differ
grep -rl "$T" "$out" | xargs -r sed -i "s#$T#T#g"
grep -rl "$top" "$out" | xargs -r sed -i "s#$top#TOP#g"
