#!/usr/bin/env bash
# How ykiend logs in (mailbox.auth_mechanisms), and a server that offers a
# mechanism it cannot do (GNU imap4d offers GSSAPI without a keytab; here a
# proxy adds AUTH=CRAM-MD5 to what Dovecot announces, and Dovecot refuses
# it): libcurl picks it, is refused, and ykiend falls back to PLAIN.  A
# wrong password is tried once and said so, in the server's words.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/tap.sh"
. "$here/../lib/dovecot.sh"
. "$here/../lib/ykien-env.sh"

T=$(mktemp -d /tmp/ykauth.XXXXXX)
proxy=
trap '[ -n "$proxy" ] && kill $proxy 2>/dev/null; ykien_env_stop; rm -rf "$T"' EXIT
ykien_env_start "$T" || { not_ok "private Dovecot starts"; tap_done; exit 1; }
maildir_deliver "$YK_TOP/tests/data/replies/01-snv-inline.eml"
cp "$YK_CONF" "$T/base.conf"
logins() { grep -c "imap-login: Info: Login: user=<tester>, method=$1," "$DOVECOT_DIR/dovecot.log"; }

# conf_with SETTING: the test configuration, mailbox.SETTING added
conf_with() {
    sed "s#^mailbox = {#&\n  $1#" "$T/base.conf" > "$YK_CONF"
}

conf_with 'auth_mechanisms = "LOGIN";'
before=$(logins LOGIN)
"$YKIEND" -c "$YK_CONF" --once 2> "$T/login.log"
is "auth_mechanisms = LOGIN: the cycle exits 0" "$?" 0
is "Dovecot saw a login with method LOGIN" "$(logins LOGIN)" $((before + 1))

conf_with 'auth_mechanisms = "CRAM-MD5 PLAIN";'
before=$(logins PLAIN)
"$YKIEND" -c "$YK_CONF" --once 2> "$T/cram.log"
is "CRAM-MD5 (not offered) then PLAIN: the cycle exits 0" "$?" 0
is "the login was PLAIN's" "$(logins PLAIN)" $((before + 1))

# a server offering a mechanism it refuses
python3 "$YK_TOP/tests/lib/delay_proxy.py" "$DOVECOT_PORT" 0 "$T/proxy.port" "$T/proxy.stats" 120 \
    --add-capability AUTH=CRAM-MD5 --record "$T/sent.txt" &
proxy=$!
for _ in $(seq 1 100); do [ -s "$T/proxy.port" ] && break; sleep 0.05; done
sed -i "s|127.0.0.1:$DOVECOT_PORT|127.0.0.1:$(cat "$T/proxy.port")|" "$T/base.conf"
cp "$T/base.conf" "$YK_CONF"
before=$(logins PLAIN)
"$YKIEND" -c "$YK_CONF" --once 2> "$T/fallback.log"
is "a mechanism offered and refused: ykiend falls back and the cycle exits 0" "$?" 0
check "libcurl tried CRAM-MD5 first" grep -q 'AUTHENTICATE CRAM-MD5' "$T/sent.txt"
is "then logged in with PLAIN" "$(logins PLAIN)" $((before + 1))

# helper connections (max_connections = 4) log in the way that worked, at once
python3 "$YK_TOP/tests/lib/genmail.py" "$T/gen" 300 --prefix auth > /dev/null
maildir_deliver_dir "$T/gen"
sed -i "s#^mailbox = {#&\n  max_connections = 4;#" "$YK_CONF"
: > "$T/sent.txt"
before=$(logins PLAIN)
"$YKIEND" -c "$YK_CONF" --once 2> "$T/helpers.log"
is "four connections behind the fallback: the cycle exits 0" "$?" 0
n=$(( $(logins PLAIN) - before ))
cram=$(grep -c 'AUTHENTICATE CRAM-MD5' "$T/sent.txt")
check "helpers logged in ($n logins), CRAM-MD5 tried once only ($cram)" [ "$n" -gt 1 -a "$cram" = 1 ]

# a wrong password: one try, the server's words
echo wrong > "$T/imap.pass"
: > "$T/sent.txt"
"$YKIEND" -c "$YK_CONF" --once 2> "$T/wrong.log"
is "wrong password: the cycle fails (75)" "$?" 75
check "the log says so, with the server's [AUTHENTICATIONFAILED]" \
    grep -q 'wrong user or password.*AUTHENTICATIONFAILED' "$T/wrong.log"
is "the password is not tried with another mechanism" \
    "$(grep -c 'AUTHENTICATE\|LOGIN ' "$T/sent.txt")" 2

# a mechanism nobody knows is a configuration error at its line
conf_with 'auth_mechanisms = "PLAN";'
out=$("$YKIEN" -c "$YK_CONF" check-config 2>&1)
check "check-config rejects an unknown mechanism with FILE:LINE" \
    grep -qE "ykien.conf:[0-9]+: mailbox.auth_mechanisms: expected SASL mechanisms" <<< "$out"
tap_done
