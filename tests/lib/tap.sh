#!/usr/bin/env bash
# TAP helpers for the integration tests (tests/run.sh counts the lines).

# The tests read ykien's messages in English, its message ids, whatever
# locale runs them: LC_MESSAGES=C (LANGUAGE counts only under another).  A
# LC_ALL would override it, so its character type is kept as LC_CTYPE.
# tests/integration/i18n.sh sets the Vietnamese locale per command.
if [ -n "${LC_ALL:-}" ]; then export LC_CTYPE=$LC_ALL; unset LC_ALL; fi
unset LANGUAGE
export LC_MESSAGES=C
TAP_N=0
TAP_FAILED=0
ok()      { TAP_N=$((TAP_N + 1)); echo "ok $TAP_N - $*"; }
not_ok()  { TAP_N=$((TAP_N + 1)); TAP_FAILED=$((TAP_FAILED + 1)); echo "not ok $TAP_N - $*"; }
skip()    { TAP_N=$((TAP_N + 1)); echo "ok $TAP_N - $* # SKIP"; }
# check "description" command...: ok when the command succeeds
check()   { local d=$1; shift; if "$@"; then ok "$d"; else not_ok "$d"; fi; }
# is "description" got want
is()      { if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1 (got '$2', want '$3')"; fi; }
tap_done() { echo "1..$TAP_N"; [ "$TAP_FAILED" -eq 0 ]; }
