#!/usr/bin/env bash
# The kinds of reply ykien used to misread (issue 19): every folder of
# tests/data/misread/ holds messages of one kind and, in expect.json, what
# `ykien parse --json` must say of each (tests/lib/expect.py).  A folder's
# own ykien.conf, when it has one, replaces docs/examples/ykien.conf (a second
# campaign, say).
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/tap.sh"
. "$here/../lib/ykien-env.sh"
T=$(mktemp -d /tmp/ykmisread.XXXXXX)
trap 'rm -rf "$T"' EXIT

for dir in "$YK_TOP"/tests/data/misread/*/; do
    [ -f "$dir/expect.json" ] || continue
    kind=$(basename "$dir")
    conf=$YK_TOP/docs/examples/ykien.conf
    [ -f "$dir/ykien.conf" ] && conf=$dir/ykien.conf
    timeout 600 "$YKIEN" -c "$conf" parse --json "$dir"/*.eml > "$T/$kind.json" 2> "$T/$kind.err"
    is "$kind: ykien parse --json exits 0" "$?" 0
    python3 "$here/../lib/expect.py" "$dir/expect.json" "$TAP_N" < "$T/$kind.json" > "$T/$kind.tap"
    grep -v '^#counts' "$T/$kind.tap"
    set -- $(sed -n 's/^#counts //p' "$T/$kind.tap")
    TAP_N=$((TAP_N + ${1:-0} + ${2:-0}))
    TAP_FAILED=$((TAP_FAILED + ${2:-0}))
    [ -z "${1:-}" ] && not_ok "$kind: expect.py gave no counts"
done
tap_done
