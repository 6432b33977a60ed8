#!/usr/bin/env bash
# Starts and stops a private ykien-web for the browser tests (source after
# tests/lib/tap.sh and tests/lib/ykien-env.sh):
#   web_free_port               -> prints a free TCP port on 127.0.0.1
#   web_start CONF LOG          -> ykien-web -c CONF on a free port, stderr
#                                  into LOG; sets WEB_PID, WEB_PORT, WEB_URL
#                                  once it says it listens; 1 if it does not
#   web_stop                    -> SIGTERM, waits; WEB_RC its exit status
# A missing binary is a failure, never a skip: the tests exist to show that
# the program works.
YKIEN_WEB=$YK_BUILD/ykien-web

web_free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

web_start() {
    local conf=$1 log=$2 i
    WEB_PID='' WEB_URL=''
    if [ ! -x "$YKIEN_WEB" ]; then
        echo "# $YKIEN_WEB: not built" >&2
        return 1
    fi
    WEB_PORT=$(web_free_port)
    "$YKIEN_WEB" -c "$conf" --listen "127.0.0.1:$WEB_PORT" 2> "$log" &
    WEB_PID=$!
    for i in $(seq 1 100); do
        if grep -q "ykien-web: listening on http://127.0.0.1:$WEB_PORT" "$log"; then
            WEB_URL=http://127.0.0.1:$WEB_PORT
            return 0
        fi
        kill -0 "$WEB_PID" 2> /dev/null || break
        sleep 0.1
    done
    echo "# ykien-web did not say it listens; its log:" >&2
    sed 's/^/#   /' "$log" >&2
    return 1
}

web_stop() {
    WEB_RC=none
    [ -n "${WEB_PID:-}" ] || return 0
    kill -TERM "$WEB_PID" 2> /dev/null
    local i
    for i in $(seq 1 50); do
        kill -0 "$WEB_PID" 2> /dev/null || break
        sleep 0.1
    done
    if kill -0 "$WEB_PID" 2> /dev/null; then
        kill -KILL "$WEB_PID" 2> /dev/null
        WEB_RC=killed
    fi
    local rc
    wait "$WEB_PID" 2> /dev/null
    rc=$?
    [ "$WEB_RC" = killed ] || WEB_RC=$rc
    WEB_PID=''
}

# web_tap PROGRAM ARGS...: runs a python test that prints "ok - …" /
# "not ok - …" and numbers its lines into this script's TAP; a test that
# dies before its end is one more failure.
web_tap() {
    local line rc=none bad=0
    while IFS= read -r line; do
        case $line in
            "ok - "*) ok "${line#ok - }" ;;
            "not ok - "*) not_ok "${line#not ok - }"; bad=$((bad + 1)) ;;
            "exit "*) rc=${line#exit } ;;
            *) echo "# $line" ;;
        esac
    done < <("$@" 2> "$T/python.err"; echo "exit $?")
    if [ -s "$T/python.err" ]; then sed 's/^/# /' "$T/python.err" | tail -40; fi
    if [ "$rc" != 0 ] && [ "$bad" -eq 0 ]; then
        not_ok "$(basename "$2") ran to its end (exit $rc)"
    fi
    [ "$rc" = 0 ]
}
