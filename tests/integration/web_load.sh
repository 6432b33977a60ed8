#!/usr/bin/env bash
# The pages keep answering while ykiend files: 2,000 messages from a
# private Dovecot filed by `ykiend --once` while four logged-in clients
# request the status page, the campaign list, the review list and a
# message page without pause, and a fifth posts a correction every half
# second.  Every GET answers 200, every POST 303, none says "database is
# locked", neither program logs it, and at the end every message is filed.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/tap.sh"
. "$here/../lib/dovecot.sh"
. "$here/../lib/ykien-env.sh"
. "$here/../lib/web.sh"
PY=/usr/bin/python3
N=${WEB_LOAD_MESSAGES:-2000}
C=118-UBND-TH

T=$(mktemp -d /tmp/ykwebload.XXXXXX)
WEB_PID='' LOAD=''
trap '[ -n "$LOAD" ] && touch "$T/stop" && wait "$LOAD"; web_stop; ykien_env_stop; rm -rf "$T"' EXIT

if [ ! -x "$YKIENWEB" ]; then
    not_ok "ykien-web is built ($YKIENWEB missing)"
    tap_done; exit 1
fi
ykien_env_start "$T" || { not_ok "private Dovecot starts"; tap_done; exit 1; }
"$PY" "$YK_TOP/tests/lib/genmail.py" "$T/gen" "$N" --prefix load > /dev/null
maildir_deliver_dir "$T/gen" move

# the sample replies first, so that the pages have a message and a review item
"$YKIEN" -c "$YK_CONF" import "$YK_TOP"/tests/data/replies/*.eml > "$T/import.out" 2>&1
is "the sample replies are imported" "$?" 0
base=$("$YKIEN" -c "$YK_CONF" export --json | grep -c .)
SHA=$("$YKIEN" -c "$YK_CONF" export --json | "$PY" -c "
import json, sys
for l in sys.stdin:
    r = json.loads(l)
    if r['message_id'] == 'snv-0116@soctrang.example': print(r['sha256'])")
web_config "$YK_CONF" "$T/web-users" 30
web_user "$YK_CONF" lan clerk pw-lan
if web_start "$YK_CONF" "$T/web.log"; then
    ok "ykien-web listens on $WEB_URL"
else
    not_ok "ykien-web starts"; tap_done; exit 1
fi

"$PY" "$YK_TOP/tests/lib/webload.py" "$WEB_URL" lan pw-lan "$T/stop" "$T/load.json" 4 "$SHA" \
    "/c/$C" / /review "/m/$SHA" &
LOAD=$!
sleep 1   # the clients are logged in and at work before the intake starts
t0=$(date +%s%N)
"$YKIEND" -c "$YK_CONF" --once 2> "$T/ykiend.log"
rc=$?
secs=$(( ($(date +%s%N) - t0) / 1000000 ))
is "ykiend --once files while the pages are read, exit 0 ($secs ms)" "$rc" 0
sleep 1
touch "$T/stop"
wait "$LOAD"
is "the load clients ended" "$?" 0
LOAD=

J() { "$PY" -c "import json, sys; s = json.load(open('$T/load.json')); print($1)"; }
echo "# requests: $(J 's["requests"]'), by status $(J 's["by_status"]'), POSTs $(J 's["posts"]'), slowest: server $(J '"%.1f" % s["server_ms_max"]') ms, client $(J '"%.1f" % s["client_ms_max"]') ms"
is "the four readers and the writer logged in" "$(J 's["logins"]')" 5
check "the pages were read throughout the intake ($(J 's["requests"]') requests in $secs ms)" \
    [ "$(J 's["requests"]')" -ge 50 ]
is "every GET answered 200" "$(J 's["bad"]')" "[]"
is "every POST answered 303" "$(J 's["post_bad"]')" "[]"
check "the corrections were posted ($(J 's["posts"]'))" [ "$(J 's["posts"]')" -ge 3 ]
is "no connection failed" "$(J 's["errors"]')" "[]"
is "no response said \"database is locked\"" "$(J 's["locked"]')" 0
is "no 500" "$(J 's["by_status"].get("500", 0)')" 0
check "ykien-web logged no \"database is locked\"" sh -c "! grep -qi 'database is locked' '$T/web.log'"
check "ykiend logged no \"database is locked\"" sh -c "! grep -qi 'database is locked' '$T/ykiend.log'"
check "no sanitizer's report in either log" \
    sh -c "! grep -qE 'ERROR: (Address|Leak)Sanitizer|runtime error:' '$T/web.log' '$T/ykiend.log'"
is "every message is filed (export --json)" "$("$YKIEN" -c "$YK_CONF" export --json | grep -c .)" $((base + N))
web_stop
is "ykien-web stops on SIGTERM with status 0" "$rc" 0
WEB_PID=
tap_done
