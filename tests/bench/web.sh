#!/usr/bin/env bash
# make bench, web section: the status page of 120 agencies over 5
# campaigns (about 500 replies filed with `ykien import`), 1,000 GETs from
# 8 clients at once, logged in; the 50th/95th/99th percentiles of the
# server's time (its Server-Timing header) and of the client's latency,
# and whether the server's p95 is under 20 ms (issue 22).  Figures only:
# it fails when something does not work, never on speed.
#   BENCH_WEB_AGENCIES=120 BENCH_WEB_CAMPAIGNS=5 BENCH_WEB_REQUESTS=1000
#   BENCH_WEB_CLIENTS=8
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/dovecot.sh"     # free_port
. "$here/../lib/ykien-env.sh"
. "$here/../lib/web.sh"
PY=/usr/bin/python3
AG=${BENCH_WEB_AGENCIES:-120}
CA=${BENCH_WEB_CAMPAIGNS:-5}
REQ=${BENCH_WEB_REQUESTS:-1000}
CL=${BENCH_WEB_CLIENTS:-8}
W=$(mktemp -d /tmp/ykwebbench.XXXXXX)
WEB_PID=
trap 'web_stop; rm -rf "$W"' EXIT

[ -x "$YKIENWEB" ] || { echo "bench: ykien-web is missing ($YKIENWEB)" >&2; exit 1; }
n=$("$PY" "$here/webdata.py" "$W" "$AG" "$CA") || exit 1
t0=$(date +%s%N)
"$YKIEN" -c "$W/ykien.conf" import "$W"/replies/*.eml > "$W/import.log" 2>&1 ||
    { echo "bench: ykien import failed" >&2; tail -5 "$W/import.log" >&2; exit 1; }
imp=$(( ($(date +%s%N) - t0) / 1000000 ))
web_config "$W/ykien.conf" "$W/web-users" 30
web_user "$W/ykien.conf" bench clerk pw-bench-web > /dev/null || { echo "bench: web-user add failed" >&2; exit 1; }
web_start "$W/ykien.conf" "$W/web.log" || exit 1
paths=()
for c in $(sed -n 's/^  { id = "\([^"]*\)"; reference.*/\1/p' "$W/ykien.conf"); do paths+=("/c/$c"); done
echo
echo "web ($(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) before the run):"
echo "web: the status page /c/ID of $AG agencies, $CA campaigns ($n replies filed by ykien import in $imp ms)," \
     "$REQ GETs from $CL clients at once, the campaigns in turn:"
"$PY" "$here/webbench.py" "$WEB_URL" bench pw-bench-web "$REQ" "$CL" "${paths[@]}" || exit 1
echo "web: the same status pages from 1 client (no queueing: the server's time alone):"
"$PY" "$here/webbench.py" "$WEB_URL" bench pw-bench-web 200 1 "${paths[@]}" || exit 1
echo "web: the campaigns page / (every campaign's counts), $REQ GETs from $CL clients:"
"$PY" "$here/webbench.py" "$WEB_URL" bench pw-bench-web "$REQ" "$CL" / || exit 1
echo "web: the campaigns page / from 1 client:"
"$PY" "$here/webbench.py" "$WEB_URL" bench pw-bench-web 200 1 / || exit 1
