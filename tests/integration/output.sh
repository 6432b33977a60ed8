#!/usr/bin/env bash
# Output that cannot be written is an error, never a silent success: parse,
# export, report and status to /dev/full exit non-zero with one message on
# stderr (a full disk under `ykien export --json > file` must not look like a
# complete export).  `report -o FILE` writes the whole file, leaves no
# temporary file beside it, and a FILE that cannot be written is an error too.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/tap.sh"
. "$here/../lib/ykien-env.sh"

T=$(mktemp -d /tmp/ykoutput.XXXXXX)
trap 'chmod -R u+w "$T" 2>/dev/null; rm -rf "$T"' EXIT
sed -e "s#DEMO_PORT#1#g" -e "s#DEMO_DIR#$T#g" "$YK_TOP/conf/demo.conf" > "$T/ykien.conf"
Y() { "$YKIEN" -c "$T/ykien.conf" "$@"; }
C=118-UBND-TH
data=$YK_TOP/tests/data/replies

Y import "$data"/*.eml > /dev/null 2>&1
is "ykien import of the sample replies exits 0" "$?" 0

# full CMD...: CMD with stdout on /dev/full fails, with exactly one line on
# stderr that names standard output
full() {
    local name=$1 rc lines; shift
    Y "$@" > /dev/full 2> "$T/err"
    rc=$?
    check "$name > /dev/full exits non-zero (got $rc)" [ "$rc" -ne 0 ]
    lines=$(wc -l < "$T/err")
    check "$name > /dev/full: one message on stderr (got $lines: $(head -c 300 "$T/err"))" \
        [ "$lines" -eq 1 ]
    check "$name > /dev/full: the message says standard output" \
        grep -qi 'standard output' "$T/err"
}

full "export --json" export --json
full "export --json --campaign" export --json --campaign $C
full "parse --json" parse --json "$data"/*.eml
full "status" status
full "status --json" status --json
full "report md" report --campaign $C --format md
full "report html" report --campaign $C --format html
full "report csv" report --campaign $C --format csv
full "report xlsx" report --campaign $C --format xlsx
full "check-config" check-config

# the same commands to a pipe still work, and exit 0
Y export --json > "$T/export.json"
is "export --json to a file exits 0" "$?" 0
n=$(wc -l < "$T/export.json")
check "export --json wrote one line per filed message ($n)" [ "$n" -ge 7 ]

# ---- report -o -----------------------------------------------------------
for f in md html csv xlsx; do
    Y report --campaign $C --format $f -o "$T/out.$f" 2> "$T/err"
    is "report --format $f -o exits 0" "$?" 0
    if [ $f = xlsx ]; then
        Y report --campaign $C --format $f > "$T/stdout.$f"
        check "report --format xlsx -o wrote a whole workbook (a zip with its end record)" \
            sh -c "unzip -tq '$T/out.xlsx' >/dev/null 2>&1 || python3 -c 'import zipfile,sys; zipfile.ZipFile(sys.argv[1]).testzip()' '$T/out.xlsx'"
    else
        Y report --campaign $C --format $f > "$T/stdout.$f"
        check "report --format $f -o wrote the same bytes as stdout" cmp -s "$T/out.$f" "$T/stdout.$f"
    fi
done
check "report -o leaves no temporary file" sh -c "! ls '$T' | grep -q 'tmp-'"
mode=$(stat -c %a "$T/out.md")
is "report -o file is readable by others (0644)" "$mode" 644

# an existing report is replaced whole
printf 'old report, much longer than nothing at all\n%.0s' $(seq 1 2000) > "$T/out.md"
Y report --campaign $C --format md -o "$T/out.md"
check "report -o replaces an existing file by the new one" cmp -s "$T/out.md" "$T/stdout.md"

# a folder that cannot be written: an error, no file, no temporary left
mkdir "$T/ro"
chmod 555 "$T/ro"
if [ "$(id -u)" = 0 ]; then
    skip "report -o into a read-only folder fails (root writes anyway)"
    skip "report -o into a read-only folder: a message naming the file"
else
    Y report --campaign $C --format md -o "$T/ro/r.md" 2> "$T/err"
    check "report -o into a read-only folder fails" [ $? -ne 0 ]
    check "report -o into a read-only folder: a message naming the file" grep -q "$T/ro/r.md" "$T/err"
fi
Y report --campaign $C --format md -o "$T/nosuchdir/r.md" 2> "$T/err"
check "report -o into a missing folder fails" [ $? -ne 0 ]
check "report -o into a missing folder: one message" [ "$(wc -l < "$T/err")" -eq 1 ]

tap_done
