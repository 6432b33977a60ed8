#!/usr/bin/env bash
# ykien-web's defences, over HTTP with a plain client (no browser): without
# a session every page answers 303 to /login and every POST 403; a POST
# without the CSRF token, from another Origin or with none, or a viewer's,
# is 403 and changes nothing in `ykien export --json` (the same POST done
# right does); the sixth wrong password within a minute is 429 with a wait
# and logged, per user and per address; a session idle past
# session_idle_minutes (0.05 here: 3 s) is refused; logout kills the
# session server-side; cookie attributes over http and https (a self-signed
# certificate made here); the security headers on every response; session
# ids of 64 hex digits, all different; a 300 KB POST is 413; paths outside
# the routes are 404; attachment names with quotes, slashes and CRLF give a
# safe Content-Disposition.  The checks are in tests/lib/websec.py.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/tap.sh"
. "$here/../lib/dovecot.sh"
. "$here/../lib/ykien-env.sh"
. "$here/../lib/web.sh"
PY=/usr/bin/python3
C=118-UBND-TH

T=$(mktemp -d /tmp/ykwebsec.XXXXXX)
PIDS=()
trap 'for p in "${PIDS[@]}"; do web_stop "$p"; done; rm -rf "$T"' EXIT

if [ ! -x "$YKIENWEB" ]; then
    not_ok "ykien-web is built ($YKIENWEB missing)"
    tap_done; exit 1
fi

sed -e "s#DEMO_PORT#1#g" -e "s#DEMO_DIR#$T#g" "$YK_TOP/conf/demo.conf" > "$T/base.conf"
Y() { "$YKIEN" -c "$T/base.conf" "$@"; }

# a reply from STC whose two attachments have hostile names: quotes,
# slashes and "..", and (RFC 2231) CR LF followed by would-be headers
cat > "$T/hostile-names.eml" <<'MAIL'
From: So Tai chinh <stc@soctrang.example>
To: tonghop@soctrang.example
Subject: Tra loi Cong van 118/UBND-TH (dinh kem)
Date: Thu, 25 Jan 2024 08:30:00 +0700
Message-ID: <stc-att-names@soctrang.example>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="b1"

--b1
Content-Type: text/plain; charset=UTF-8

Xem tep dinh kem.

--b1
Content-Type: application/octet-stream; name="q.bin"
Content-Disposition: attachment; filename="..\\..\\\"quoted\" /etc/passwd.txt"
Content-Transfer-Encoding: base64

Zmlyc3QgYXR0YWNobWVudAo=
--b1
Content-Type: application/octet-stream
Content-Disposition: attachment; filename*=UTF-8''a%22b%0D%0ASet-Cookie%3A%20ykien_session%3Devil%0D%0AX-Evil%3A%201%2F..%2Fz.txt
Content-Transfer-Encoding: base64

c2Vjb25kIGF0dGFjaG1lbnQK
--b1--
MAIL
Y import "$YK_TOP"/tests/data/replies/*.eml "$T/hostile-names.eml" > "$T/import.out" 2>&1
is "the sample replies and the hostile-names reply are filed" "$?" 0
sha_of() { Y export --json | "$PY" -c "
import json, sys
for l in sys.stdin:
    r = json.loads(l)
    if r['message_id'] == sys.argv[1]: print(r['sha256'])" "$1"; }
SET_SHA=$(sha_of snv-0116@soctrang.example)
ATT_SHA=$(sha_of stc-att-names@soctrang.example)
check "their hashes are known" test -n "$SET_SHA" -a -n "$ATT_SHA"

# the users (one users file, three servers over one database)
cp "$T/base.conf" "$T/main.conf"
web_config "$T/main.conf" "$T/web-users" 30
for u in clerk1:clerk clerk2:clerk lockme:clerk racer:clerk viewer1:viewer; do
    web_user "$T/main.conf" "${u%%:*}" "${u#*:}" "pw-${u%%:*}"
done
is "ykien web-user add: five users" "$("$YKIEN" -c "$T/main.conf" web-user list 2> /dev/null | wc -l)" 5
is "the users file is mode 0600" "$(stat -c %a "$T/web-users")" 600
check "it holds yescrypt hashes, not the passwords" \
    sh -c "grep -c ':\\\$y\\\$' '$T/web-users' | grep -qx 5 && ! grep -q pw-clerk1 '$T/web-users'"

cp "$T/base.conf" "$T/idle.conf"
web_config "$T/idle.conf" "$T/web-users" 0.05
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 \
    -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" \
    -keyout "$T/web.key" -out "$T/web.crt" 2> /dev/null
chmod 600 "$T/web.key"
cp "$T/base.conf" "$T/tls.conf"
web_config "$T/tls.conf" "$T/web-users" 30 "$T/web.crt" "$T/web.key"

start() { # NAME -> URL in ${NAME}_URL
    if web_start "$T/$1.conf" "$T/$1.log"; then
        PIDS+=("$WEB_PID")
        printf -v "${1}_URL" %s "$WEB_URL"
        ok "ykien-web ($1) says: listening on $WEB_URL"
    else
        not_ok "ykien-web ($1) starts and listens"
        tap_done; exit 1
    fi
}
start main; start idle; start tls
case $tls_URL in https://*) ok "with tls_cert and tls_key it listens on https" ;;
                 *) not_ok "with tls_cert and tls_key it listens on https ($tls_URL)" ;; esac

tap_from "$PY" "$YK_TOP/tests/lib/websec.py" "$YKIEN" "$T/main.conf" "$main_URL" "$T/main.log" \
    "$idle_URL" "$tls_URL" "$T/web.crt" "$SET_SHA" "$ATT_SHA" "$C"

for p in "${PIDS[@]}"; do
    web_stop "$p"
    is "SIGTERM stops ykien-web (pid $p) with status 0" "$rc" 0
done
PIDS=()
check "no server log has a sanitizer's report" \
    sh -c "! grep -qE 'ERROR: (Address|Leak)Sanitizer|runtime error:' '$T'/*.log"
check "no server wrote an error about the database" \
    sh -c "! grep -qi 'database is locked' '$T'/*.log"
tap_done
