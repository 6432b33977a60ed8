#!/usr/bin/env bash
# Every fuzz target replays its corpus once, without mutation (the
# *-replay binaries the Makefile builds with the normal compiler, see
# tests/fuzz/replay_main.c): an input that once crashed a target, kept in
# tests/fuzz/corpus-*, fails `make check` for good, and `make asan` turns a
# memory error on any of them into a failure.  fuzz_message replays the
# sample mail of tests/data and the hostile messages tests/hostile/gen.py
# writes (deep nesting, 100 000 parts, a zip bomb, a 1 MB header line, a
# 200 MB attachment cut to the replay's limit).
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/tap.sh"
. "$here/../lib/ykien-env.sh"   # YK_TOP, YK_BUILD

T=$(mktemp -d /tmp/ykreplay.XXXXXX)
trap 'rm -rf "$T"' EXIT
export TMPDIR=$T   # fuzz_config writes its input to a temporary file

if python3 "$YK_TOP/tests/hostile/gen.py" "$T/hostile" > /dev/null; then
    ok "tests/hostile/gen.py wrote $(ls "$T/hostile" | wc -l) hostile messages"
else
    not_ok "tests/hostile/gen.py writes the hostile messages"
fi

# replay TARGET DIR...: one TAP line; the inputs that ran and, on a crash,
# the input it died on and the sanitizer's summary
replay() {
    local t=$1 bin=$YK_BUILD/tests/fuzz_$1-replay rc n last
    shift
    if [ ! -x "$bin" ]; then
        not_ok "fuzz_$t: $bin is missing (make $bin)"
        return
    fi
    "$bin" "$@" > "$T/$t.out" 2> "$T/$t.err"
    rc=$?
    n=$(sed -n 's/^replayed \([0-9]*\) inputs$/\1/p' "$T/$t.out")
    if [ "$rc" -eq 0 ] && [ "${n:-0}" -gt 0 ]; then
        ok "fuzz_$t replays $n inputs of $(echo "$@" | sed "s#$YK_TOP/##g; s#$T/##g")"
    else
        last=$(grep '^# replay ' "$T/$t.err" | tail -1 | sed 's/^# replay //')
        not_ok "fuzz_$t: exit $rc after ${n:-?} inputs, last input: $last"
        grep -E 'ERROR|SUMMARY|runtime error|^replay:' "$T/$t.err" | head -5 | sed 's/^/# /'
    fi
}

C=$YK_TOP/tests/fuzz
replay message "$YK_TOP/tests/data/replies" "$YK_TOP/tests/data/extract" \
    "$YK_TOP/tests/data/attach" "$T/hostile"
replay text "$C/corpus-text"
replay docx "$C/corpus-docx"
replay html "$C/corpus-html"
replay config "$C/corpus-config"
replay imap "$C/corpus-imap"
replay sheet "$C/corpus-sheet"

# every target of the Makefile is replayed here, and every corpus has one
for d in "$C"/corpus-*; do
    t=${d##*/corpus-}
    check "corpus-$t has a replayed target" [ -x "$YK_BUILD/tests/fuzz_$t-replay" ]
done

# the replay itself fails on what it cannot read, so a wrong path is not a pass
"$YK_BUILD/tests/fuzz_text-replay" "$T/no-such-input" > /dev/null 2>&1
check "a missing input fails the replay" [ $? -ne 0 ]

tap_done
