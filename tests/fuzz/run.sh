#!/usr/bin/env bash
# Runs libFuzzer targets built by `make fuzz`, each for FUZZ_SECONDS
# (default 60), one after the other (the machine is shared; run two by
# hand at most).  Seeds: tests/data (messages) and tests/fuzz/corpus-*/;
# what a run adds goes to BUILD/fuzz/corpus-<target>/ (not in git).
# Findings are written to BUILD/fuzz/findings/ and make the run fail.
#   tests/fuzz/run.sh BUILD TARGET...
# Prints, per target, "fuzz_<target>: <runs> runs in <s> s" from
# libFuzzer's closing statistics.
set -u
cd "$(dirname "$0")/../.."
B=$1; shift
secs=${FUZZ_SECONDS:-60}
status=0
export LSAN_OPTIONS="suppressions=$PWD/tests/fuzz/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
for t in "$@"; do
    bin=$B/fuzz/fuzz_$t
    work=$B/fuzz/corpus-$t
    findings=$B/fuzz/findings
    mkdir -p "$work" "$findings"
    seeds=()
    [ -d "tests/fuzz/corpus-$t" ] && seeds+=("tests/fuzz/corpus-$t")
    case $t in
        message) seeds+=(tests/data/replies tests/data/extract tests/data/attach) ;;
    esac
    log=$B/fuzz/fuzz_$t.log
    # -rss_limit_mb: ykien's own limits keep one input far below this;
    # -timeout: one input must not take seconds (antiword has its own).
    "$bin" -max_total_time="$secs" -timeout=30 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$findings/$t-" "$work" "${seeds[@]}" > "$log" 2>&1
    rc=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    echo "fuzz_$t: ${runs:-?} runs in $secs s (exit $rc, log $log)"
    if [ "$rc" -ne 0 ]; then
        status=1
        grep -E 'ERROR|SUMMARY|runtime error' "$log" | head -5
    fi
done
exit $status
