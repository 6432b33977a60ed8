#!/usr/bin/env bash
# ykien-web for tests and the benchmark.  Source after tests/lib/dovecot.sh
# (free_port) and tests/lib/ykien-env.sh ($YK_BUILD):
#   web_config CONF USERS [IDLE_MINUTES [CERT KEY]]
#                          -> a `web` group appended to CONF, listening on a
#                             free port of 127.0.0.1 (sets WEB_PORT)
#   web_user CONF NAME ROLE PASSWORD   -> `ykien web-user add`, password on stdin
#   web_start CONF LOG     -> ykien-web running (WEB_PID), its stderr in LOG,
#                             back once it says it listens (WEB_URL); 1 if it
#                             is missing, dies or never listens
#   web_stop [PID]         -> SIGTERM, waited for (rc: its exit status)
YKIENWEB=$YK_BUILD/ykien-web

web_config() {
    local conf=$1 users=$2 idle=${3:-30} cert=${4:-} key=${5:-}
    WEB_PORT=$(free_port)
    {
        echo "web = {"
        echo "  listen = \"127.0.0.1:$WEB_PORT\";"
        echo "  users_file = \"$users\";"
        echo "  session_idle_minutes = $idle;"
        if [ -n "$cert" ]; then
            echo "  tls_cert = \"$cert\";"
            echo "  tls_key = \"$key\";"
        fi
        echo "};"
    } >> "$conf"
}

web_user() {
    printf '%s\n' "$4" | "$YKIEN" -c "$1" web-user add "$2" --role "$3"
}

web_start() {
    local conf=$1 log=$2 i
    if [ ! -x "$YKIENWEB" ]; then
        echo "ykien-web is missing: $YKIENWEB (make all builds it)" >&2
        return 1
    fi
    "$YKIENWEB" -c "$conf" 2> "$log" &
    WEB_PID=$!
    for i in $(seq 1 200); do
        WEB_URL=$(sed -n 's/^ykien-web: listening on \(https\{0,1\}:\/\/[^ ]*\).*/\1/p' "$log" | head -1)
        [ -n "$WEB_URL" ] && { WEB_URL=${WEB_URL%/}; return 0; }
        kill -0 "$WEB_PID" 2> /dev/null || { echo "ykien-web exited; its log:" >&2; sed 's/^/# /' "$log" >&2; WEB_PID=; return 1; }
        sleep 0.05
    done
    echo "ykien-web did not say it listens within 10 s; its log:" >&2
    sed 's/^/# /' "$log" >&2
    return 1
}

web_stop() {
    local pid=${1:-${WEB_PID:-}}
    rc=0
    [ -n "$pid" ] || return 0
    kill -0 "$pid" 2> /dev/null || { wait "$pid" 2> /dev/null; rc=$?; return 0; }
    kill -TERM "$pid"
    wait "$pid" 2> /dev/null
    rc=$?
}

# tap_from CMD...: CMD's "ok - …" / "not ok - …" lines counted as ours
# (tests/lib/tap.sh numbers them), other lines passed through
tap_from() {
    local line
    while IFS= read -r line; do
        case $line in
            "ok - "*) ok "${line#ok - }" ;;
            "not ok - "*) not_ok "${line#not ok - }" ;;
            *) echo "$line" ;;
        esac
    done < <("$@" 2>&1)
}
