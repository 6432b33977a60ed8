#!/usr/bin/env bash
# Runs every test and prints one closing line "N passed, N failed, N skipped".
# Unit tests are cmocka binaries (build/tests/test_*), integration tests are
# tests/integration/*.sh; both speak TAP ("ok …", "not ok …", "# SKIP").
#   tests/run.sh [unit|integration|tests/integration/NAME.sh...]
set -u
cd "$(dirname "$0")/.."
B=${YKIEN_BUILD:-build}
export YKIEN_BUILD=$B
which=${1:-all}
passed=0 failed=0 skipped=0
failures=()

count() { # name, TAP output file, exit status
    local name=$1 out=$2 status=$3 p f s
    p=$(grep -cE '^ok ' "$out" | head -1)
    s=$(grep -cE '^ok .*# ?SKIP' "$out" | head -1)
    f=$(grep -cE '^not ok ' "$out" | head -1)
    p=$((p - s))
    if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then
        # died before reporting a failure: a crash or a broken script
        f=1
        echo "not ok - $name exited with status $status"
    fi
    passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
    [ "$f" -gt 0 ] && failures+=("$name")
}

run_one() { # name, command...
    local name=$1; shift
    local out; out=$(mktemp)
    echo "# $name"
    # into a file first: counting while a tee still writes loses lines
    "$@" > "$out" 2>&1
    local status=$?
    cat "$out"
    count "$name" "$out" "$status"
    rm -f "$out"
}

if [ -f "$which" ]; then
    for t in "$@"; do
        run_one "$(basename "$t" .sh)" bash "$t"
    done
    which=none
fi
if [ "$which" = all ] || [ "$which" = unit ]; then
    for t in "$B"/tests/test_*; do
        [ -x "$t" ] || continue
        CMOCKA_MESSAGE_OUTPUT=TAP run_one "$(basename "$t")" "$t"
    done
fi
if [ "$which" = all ] || [ "$which" = integration ]; then
    for t in tests/integration/*.sh; do
        [ -f "$t" ] || continue
        run_one "$(basename "$t" .sh)" bash "$t"
    done
fi
echo
[ ${#failures[@]} -gt 0 ] && echo "failed in: ${failures[*]}"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
