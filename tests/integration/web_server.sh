#!/usr/bin/env bash
# The web desk's server, quickly (the security acceptance tests are
# tests/integration/web_security*.sh): ykien web-user add/list/del with the
# password on standard input and the users file 0600; ykien-web starts on
# a free port and says where; the login page, a 303 to /login without a
# session, the security headers and Server-Timing on every answer, a 404
# outside the routes, a 413 for a body too large, a login that works and a
# wrong one that is slowed, logged and answered 401; ?lang= sets its
# cookie; SIGTERM stops it; only ykien-web links libmicrohttpd; then the same over TLS with a self-signed
# certificate; and check-config's errors for a bad web group.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/tap.sh"
. "$here/../lib/ykien-env.sh"
YKWEB=$YK_BUILD/ykien-web

T=$(mktemp -d /tmp/ykweb.XXXXXX)
pid=
trap '[ -n "$pid" ] && kill -KILL $pid 2>/dev/null; rm -rf "$T"' EXIT
free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}
write_conf() { # $1: extra lines of the web group; $2: session_idle_minutes
    sed -e "s#DEMO_PORT#1#g" -e "s#DEMO_DIR#$T#g" "$YK_TOP/conf/demo.conf" > "$T/ykien.conf"
    printf 'web = {\n  users_file = "%s/web-users";\n  session_idle_minutes = %s;\n%s\n};\n' \
        "$T" "${2:-0.05}" "$1" >> "$T/ykien.conf"
}
Y() { "$YKIEN" -c "$T/ykien.conf" "$@"; }
write_conf ''

# only the web desk speaks HTTP
for b in "$YKIEND" "$YKIEN"; do
    check "$(basename "$b") does not link libmicrohttpd" sh -c "! readelf -d '$b' | grep -q microhttpd"
done
check "ykien-web links libmicrohttpd" sh -c "readelf -d '$YKWEB' | grep -q microhttpd"

# ---- accounts ----
printf 'correct horse\n' | Y web-user add lan --role clerk
is "web-user add: exit 0" "$?" 0
printf 'viewer pass\n' | Y web-user add xem --role viewer
is "users file mode 0600" "$(stat -c %a "$T/web-users")" 600
check "the hash is yescrypt" grep -q '^lan:\$y\$[^:]*:clerk$' "$T/web-users"
check "the password is not in the file" sh -c "! grep -q 'correct horse' '$T/web-users'"
is "web-user list" "$(Y web-user list | tr '\n' ' ')" "lan clerk xem viewer "
printf 'x\n' | Y web-user add 'Bad Name' --role clerk 2>/dev/null
is "a bad name is refused (EX_USAGE)" "$?" 64
printf 'x\n' | Y web-user add bob --role admin 2>/dev/null
is "a bad role is refused" "$?" 64
printf 'tmp\n' | Y web-user add tam --role viewer && Y web-user del tam
is "web-user del" "$(Y web-user list | tr '\n' ' ')" "lan clerk xem viewer "
Y web-user del nobody 2>/dev/null
check "del of an unknown user fails" [ $? -ne 0 ]
chmod 644 "$T/web-users"
Y web-user list > /dev/null 2> "$T/err"
check "a users file readable by others is refused" grep -q 'mode 0644' "$T/err"
chmod 600 "$T/web-users"
cp "$T/web-users" "$T/web-users.good"
echo 'broken line' >> "$T/web-users"
Y web-user list > /dev/null 2> "$T/err"
check "a bad line is named file:line" grep -q "web-users:3: expected name:hash:role" "$T/err"
cp "$T/web-users.good" "$T/web-users"

# at a terminal: asked twice, without echo; two different answers refused
cat > "$T/askpw.py" <<'PY'
import os, pty, select, signal, sys, time
def read_some(fd, deadline):
    # never blocks past the deadline: a program that waits for input it
    # lost fails the check instead of hanging the suite
    left = deadline - time.time()
    if left <= 0 or not select.select([fd], [], [], left)[0]:
        return None
    try:
        return os.read(fd, 1024)
    except OSError:
        return b""
def run(argv, answers):
    pid, fd = pty.fork()
    if pid == 0:
        os.execv(argv[0], argv)
    out = b""
    for a in answers:
        deadline = time.time() + 10
        while not out.rstrip().endswith(b":"):
            d = read_some(fd, deadline)
            if not d:
                break
            out += d
        os.write(fd, a.encode() + b"\n")
        out += b"|"
    deadline = time.time() + 20
    while True:
        d = read_some(fd, deadline)
        if d is None:
            os.kill(pid, signal.SIGKILL)
            out += b"[timed out]"
            break
        if not d:
            break
        out += d
    _, st = os.waitpid(pid, 0)
    return (os.WEXITSTATUS(st) if os.WIFEXITED(st) else 128), out.decode(errors="replace")
argv = sys.argv[1:]
rc1, o1 = run(argv, ["s3cret-one", "s3cret-two"])
rc2, o2 = run(argv, ["s3cret-one", "s3cret-one"])
print(rc1, rc2, "echoed" if "s3cret" in o1 + o2 else "silent", "differ" if "differ" in o1 else "-",
      o1.count("Password"))
PY
is "at a terminal: two different passwords refused, the same accepted, never echoed" \
    "$(python3 "$T/askpw.py" "$YKIEN" -c "$T/ykien.conf" web-user add tty --role viewer)" "65 0 silent differ 2"
Y web-user del tty

# ---- the server ----
start() { # $1: scheme
    port=$(free_port)
    "$YKWEB" -c "$T/ykien.conf" --listen "127.0.0.1:$port" 2> "$T/web.log" &
    pid=$!
    for _ in $(seq 1 100); do grep -q 'listening on' "$T/web.log" 2>/dev/null && break; sleep 0.05; done
    base="$1://127.0.0.1:$port"
}
CURL=(curl -s -k --max-time 10)
start http
check "it says where it listens" grep -q "^ykien-web: listening on http://127.0.0.1:$port\$" "$T/web.log"

"${CURL[@]}" -D "$T/h" -o "$T/b" "$base/login"
check "GET /login: 200" grep -q '^HTTP/1.1 200' "$T/h"
check "the login form" grep -q 'id="login"' "$T/b"
for h in "Content-Security-Policy: default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'" \
         "X-Content-Type-Options: nosniff" "X-Frame-Options: DENY" "Referrer-Policy: same-origin" \
         "Cache-Control: no-store"; do
    check "header $h" grep -qiF "$h" "$T/h"
done
check "Server-Timing: app;dur=MS" grep -qiE '^Server-Timing: app;dur=[0-9]+\.[0-9]+' "$T/h"
check "the login token cookie" grep -qiE '^Set-Cookie: ykien_login=[0-9a-f]{64}; Path=/; HttpOnly; SameSite=Strict' "$T/h"
tok=$(sed -n 's/^[Ss]et-[Cc]ookie: ykien_login=\([0-9a-f]*\);.*/\1/p' "$T/h")

code=$("${CURL[@]}" -o /dev/null -w '%{http_code} %{redirect_url}' "$base/")
is "GET / without a session: 303 to /login" "$code" "303 $base/login"
code=$("${CURL[@]}" -o /dev/null -w '%{http_code}' "$base/review")
is "GET /review without a session: 303" "$code" 303
code=$("${CURL[@]}" -o /dev/null -w '%{http_code}' -X POST -H "Origin: $base" "$base/review")
is "POST without a session: 403" "$code" 403
"${CURL[@]}" -D "$T/h" -o /dev/null "$base/nothing/here"
check "outside the routes: 404" grep -q '^HTTP/1.1 404' "$T/h"
check "a 404 has the headers too" grep -qi '^X-Frame-Options: DENY' "$T/h"
code=$("${CURL[@]}" -o /dev/null -w '%{http_code}' "$base/static/ykien.css")
is "the style sheet without a session" "$code" 200
head -c 300000 /dev/zero | tr '\0' a > "$T/big"
code=$("${CURL[@]}" -o /dev/null -w '%{http_code}' -H "Origin: $base" --data-binary @"$T/big" "$base/login")
is "a body over 256 KiB: 413" "$code" 413
code=$("${CURL[@]}" -o /dev/null -w '%{http_code}' -X DELETE "$base/")
is "DELETE: 405" "$code" 405
"${CURL[@]}" -D "$T/h" -o /dev/null "$base/login?lang=en"
check "?lang=en: 303 to the same path" grep -qi '^Location: /login' "$T/h"
check "and the language cookie" grep -qi '^Set-Cookie: ykien_lang=en' "$T/h"

# wrong password: slowed, 401, logged with the address
t0=$(date +%s%N)
code=$("${CURL[@]}" -o "$T/b" -w '%{http_code}' -H "Origin: $base" -b "ykien_login=$tok" \
    --data "csrf=$tok&user=lan&password=wrong" "$base/login")
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
is "a wrong password: 401" "$code" 401
check "slowed to about a second ($ms ms)" [ "$ms" -ge 900 ]
check "the page says why" grep -q 'id="login-error"' "$T/b"
check "the log says who and from where" grep -q 'login failed for lan from 127.0.0.1' "$T/web.log"
code=$("${CURL[@]}" -o /dev/null -w '%{http_code}' -H "Origin: http://evil.example" -b "ykien_login=$tok" \
    --data "csrf=$tok&user=lan&password=correct+horse" "$base/login")
is "a login from another Origin: 403" "$code" 403
code=$("${CURL[@]}" -o /dev/null -w '%{http_code}' -H "Origin: $base" -b "ykien_login=$tok" \
    --data "csrf=0&user=lan&password=correct+horse" "$base/login")
is "a login without the form's token: 403" "$code" 403

# the right one
"${CURL[@]}" -D "$T/h" -o /dev/null -H "Origin: $base" -b "ykien_login=$tok" \
    --data "csrf=$tok&user=lan&password=correct+horse" "$base/login"
check "login: 303 to /" grep -qi $'^Location: /\r$' "$T/h"
check "the session cookie: 256 bits, HttpOnly, SameSite=Strict, no Secure over HTTP" \
    grep -qiE '^Set-Cookie: ykien_session=[0-9a-f]{64}; Path=/; HttpOnly; SameSite=Strict\s*$' "$T/h"
sid=$(sed -n 's/^[Ss]et-[Cc]ookie: ykien_session=\([0-9a-f]*\);.*/\1/p' "$T/h")
check "the log says who logged in" grep -q 'login lan (clerk) from 127.0.0.1' "$T/web.log"
code=$("${CURL[@]}" -o /dev/null -w '%{http_code}' -b "ykien_session=$sid" "$base/")
is "GET / with the session: 200" "$code" 200
sleep 3.5   # session_idle_minutes = 0.05: 3 s
code=$("${CURL[@]}" -o /dev/null -w '%{http_code}' -b "ykien_session=$sid" "$base/")
is "after 3 idle seconds the session has expired: 303" "$code" 303
"${CURL[@]}" -o "$T/b" -b "ykien_session=$sid" "$base/login"
check "the login page says it expired" grep -q 'id="login-error"' "$T/b"

# four wrong passwords at once are each held a second, without holding the
# threads that answer: a page asked meanwhile comes at once
held=
for i in 1 2 3 4; do
    "${CURL[@]}" -o /dev/null -w '%{http_code}\n' -H "Origin: $base" -b "ykien_login=$tok" \
        --data "csrf=$tok&user=u$i&password=wrong" "$base/login" > "$T/par.$i" &
    held="$held $!"
done
sleep 0.3
t0=$(date +%s%N)
"${CURL[@]}" -o /dev/null "$base/login"
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
check "while four failed logins are held, a page answers at once ($ms ms)" [ "$ms" -lt 500 ]
wait $held
is "the four failed logins: 401 each" "$(cat "$T"/par.* | tr '\n' ' ')" "401 401 401 401 "
code=$("${CURL[@]}" -o "$T/b" -w '%{http_code}' -H "Origin: $base" -b "ykien_login=$tok" \
    --data "csrf=$tok&user=lan&password=correct+horse" "$base/login")
is "the sixth attempt from the address within a minute: 429, even with the right password" "$code" 429
check "the page says how long to wait" grep -qE 'id="login-error"[^<]*[0-9]+ (seconds|giây)' "$T/b"
check "the log says so" grep -q 'login refused for lan from 127.0.0.1: too many failures' "$T/web.log"

# an account added while it runs counts at once (the file is read again)
printf 'late pass\n' | Y web-user add muon --role viewer
code=$("${CURL[@]}" -D "$T/h" -o /dev/null -w '%{http_code}' -H "Origin: $base" -b "ykien_login=$tok" \
    -H 'X-Forwarded-For: 192.0.2.9' --data "csrf=$tok&user=muon&password=late+pass" "$base/login")
is "an account added while it runs logs in (from a fresh address behind a local proxy)" "$code" 303
check "the log names the proxy's client" grep -q 'login muon (viewer) from 192.0.2.9' "$T/web.log"
msid=$(sed -n 's/^[Ss]et-[Cc]ookie: ykien_session=\([0-9a-f]*\);.*/\1/p' "$T/h")
is "its session works" "$("${CURL[@]}" -o /dev/null -w '%{http_code}' -b "ykien_session=$msid" "$base/")" 200
Y web-user del muon
is "deleted while it runs: its session ends at once" \
    "$("${CURL[@]}" -o /dev/null -w '%{http_code}' -b "ykien_session=$msid" "$base/")" 303
check "and the log says so" grep -q 'sessions of muon ended: the account was deleted' "$T/web.log"
check "libmicrohttpd had nothing to complain about" sh -c "! grep -q libmicrohttpd '$T/web.log'"
kill -TERM "$pid"; wait "$pid"; rc=$?; pid=
is "SIGTERM: exit 0" "$rc" 0
check "it says it stops" grep -q 'stopping (signal 15)' "$T/web.log"

# IPv6, when the machine has ::1
if python3 -c 'import socket; s=socket.socket(socket.AF_INET6); s.bind(("::1",0))' 2>/dev/null; then
    port=$(python3 -c 'import socket; s=socket.socket(socket.AF_INET6); s.bind(("::1",0)); print(s.getsockname()[1])')
    "$YKWEB" -c "$T/ykien.conf" --listen "[::1]:$port" 2> "$T/web6.log" &
    pid=$!
    for _ in $(seq 1 100); do grep -q 'listening on' "$T/web6.log" 2>/dev/null && break; sleep 0.05; done
    code=$("${CURL[@]}" -o /dev/null -w '%{http_code}' "http://[::1]:$port/login")
    is "--listen [::1]:PORT answers over IPv6" "$code" 200
    kill -TERM "$pid"; wait "$pid"; pid=
else
    skip "no IPv6 loopback here"
fi
"$YKWEB" -c "$T/ykien.conf" --listen "localhost:80" 2> "$T/err"
is "--listen with a host name: EX_USAGE" "$?" 64

# ---- TLS ----
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$T/web.key" -out "$T/web.crt" -days 2 \
    -subj /CN=127.0.0.1 2>/dev/null
chmod 600 "$T/web.key"
write_conf "  tls_cert = \"$T/web.crt\";
  tls_key = \"$T/web.key\";"
start https
check "over TLS it says https" grep -q "listening on https://127.0.0.1:$port" "$T/web.log"
"${CURL[@]}" -D "$T/h" -o /dev/null "$base/login"
check "GET /login over TLS: 200" grep -q '^HTTP/1.1 200' "$T/h"
check "the cookie is Secure under TLS" grep -qi '^Set-Cookie: ykien_login=.*; Secure' "$T/h"
tok=$(sed -n 's/^[Ss]et-[Cc]ookie: ykien_login=\([0-9a-f]*\);.*/\1/p' "$T/h")
"${CURL[@]}" -D "$T/h" -o /dev/null -H "Origin: $base" -b "ykien_login=$tok" \
    --data "csrf=$tok&user=xem&password=viewer+pass" "$base/login"
check "a login over TLS (Origin https://HOST)" grep -qiE '^Set-Cookie: ykien_session=[0-9a-f]{64};.*Secure' "$T/h"
code=$(curl -s --max-time 5 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/login")
check "plain HTTP to the TLS port gets no page ($code)" [ "$code" != 200 ]
kill -TERM "$pid"; wait "$pid"; pid=

# ---- check-config ----
write_conf '  listen = "localhost";
  tls_cert = "/nonexistent.crt";' 0
Y check-config > /dev/null 2> "$T/err"
check "check-config: listen must parse (file:line)" grep -qE 'ykien.conf:[0-9]+: web.listen' "$T/err"
check "check-config: tls both or neither" grep -qE 'ykien.conf:[0-9]+: web: tls_cert and tls_key go together' "$T/err"
check "check-config: session_idle_minutes > 0" grep -qE 'ykien.conf:[0-9]+: web.session_idle_minutes' "$T/err"
write_conf '  tls_cert = "/nonexistent.crt";
  tls_key = "/nonexistent.key";'
Y check-config > /dev/null 2> "$T/err"
check "check-config: the TLS files must be readable" grep -q 'web.tls_cert: cannot read /nonexistent.crt' "$T/err"
tap_done
