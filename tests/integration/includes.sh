#!/usr/bin/env bash
# @include as administrators write it, through `ykien check-config`:
#  - an absolute name (libconfig 1.5 put the configuration's folder in
#    front of it: "cannot open include file"), a name relative to the
#    including file's folder, and a nested include relative to its own
#    file's folder, not the top file's;
#  - a missing include named with the file and line of its @include and
#    the reason; a mistake inside an included file named with that file
#    and its own line; a file that includes itself stopped.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/tap.sh"
. "$here/../lib/ykien-env.sh"   # YK_TOP, YKIEN

T=$(mktemp -d /tmp/ykinc.XXXXXX)
trap 'rm -rf "$T"' EXIT
mkdir -p "$T/etc/ykien/agencies.d" "$T/elsewhere"

# the demo configuration, its agencies in a file of their own (what
# `ykien agencies import` writes), split once more in two
D="$YK_TOP/conf/demo.conf"
demo() { sed -e "s#DEMO_PORT#1#g" -e "s#DEMO_DIR#$T/data#g" "$D"; }
demo | sed -n '/^agencies = (/,/^);/p' > "$T/all-agencies"
n=$(wc -l < "$T/all-agencies")
head -n 3 "$T/all-agencies" > "$T/etc/ykien/agencies.d/agencies.conf"
echo '  @include "tail.conf"   # nested: relative to agencies.d' >> "$T/etc/ykien/agencies.d/agencies.conf"
tail -n $((n - 3)) "$T/all-agencies" > "$T/etc/ykien/agencies.d/tail.conf"
top() { # TOP-FILE INCLUDE-LINE: the demo with its agencies replaced by the line
    demo | awk -v inc="$2" '/^agencies = \(/ { print inc; skip = 1; next }
                            skip && /^\);/ { skip = 0; next } !skip' > "$1"
}

top "$T/etc/ykien/ykien.conf" "@include \"$T/etc/ykien/agencies.d/agencies.conf\""
"$YKIEN" -c "$T/etc/ykien/ykien.conf" check-config > "$T/out" 2>&1
is "an absolute @include is read (check-config exits 0)" "$?" 0
# the campaign asks the first and the last agency: one from each file
first=$(grep -oE 'code = "[A-Z_]+"' "$T/etc/ykien/agencies.d/agencies.conf" | head -1 | cut -d'"' -f2)
last=$(grep -oE 'code = "[A-Z_]+"' "$T/etc/ykien/agencies.d/tail.conf" | tail -1 | cut -d'"' -f2)
sed -i "s#agencies = \"all\";#agencies = [ \"$first\", \"$last\" ];#" "$T/etc/ykien/ykien.conf"
"$YKIEN" -c "$T/etc/ykien/ykien.conf" check-config > "$T/out" 2>&1
is "... with the agencies of both files ($first, $last)" "$?" 0
sed -i "s#\"$last\" \]#\"NOPE\" ]#" "$T/etc/ykien/ykien.conf"
"$YKIEN" -c "$T/etc/ykien/ykien.conf" check-config > "$T/out" 2>&1
check "... (an agency in neither is unknown, named in the top file)" \
    grep -qE "^$T/etc/ykien/ykien.conf:[0-9]+: campaign .*unknown agency code \"NOPE\"" "$T/out"

top "$T/etc/ykien/ykien.conf" '@include "agencies.d/agencies.conf"'
( cd "$T/elsewhere" && "$YKIEN" -c "$T/etc/ykien/ykien.conf" check-config ) > "$T/out" 2>&1
is "a relative @include is relative to the including file, not the working folder" "$?" 0

cp "$T/etc/ykien/ykien.conf" "$T/etc/ykien/bad.conf"
sed -i 's#@include "tail.conf"#@include "../missing/tail.conf"#' "$T/etc/ykien/agencies.d/agencies.conf"
"$YKIEN" -c "$T/etc/ykien/ykien.conf" check-config > "$T/out" 2>&1
is "a missing include is a configuration error" "$?" 78
check "... named with the file and line of its @include, its name and why" \
    grep -qF "$T/etc/ykien/agencies.d/agencies.conf:4: cannot open include file ../missing/tail.conf: No such file or directory" "$T/out"

sed -i 's#@include "../missing/tail.conf"#@include "tail.conf"#' "$T/etc/ykien/agencies.d/agencies.conf"
sed -i '0,/emails = \[ "/s//emails = [ "not an address /' "$T/etc/ykien/agencies.d/tail.conf"
"$YKIEN" -c "$T/etc/ykien/ykien.conf" check-config > "$T/out" 2>&1
is "a mistake in a nested file is an error" "$?" 78
line=$(grep -n 'not an address' "$T/etc/ykien/agencies.d/tail.conf" | cut -d: -f1)
check "... named with that file and its own line ($line)" \
    grep -qF "$T/etc/ykien/agencies.d/tail.conf:$line: " "$T/out"

top "$T/etc/ykien/loop.conf" '@include "loop.conf"'
"$YKIEN" -c "$T/etc/ykien/loop.conf" check-config > "$T/out" 2>&1
is "a file that includes itself is an error, not a hang" "$?" 78
check "... that says so" grep -q "loop.conf:[0-9]*: cannot include \"loop.conf\": includes nested" "$T/out"

tap_done
