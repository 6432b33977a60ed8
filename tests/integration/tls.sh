#!/usr/bin/env bash
# TLS and clear errors: imaps:// and STARTTLS against a Dovecot with a
# self-signed certificate, verified through ca_file; a certificate that is
# not trusted, a wrong password, an unknown folder and an unreachable host
# each fail with their own message, and never file anything.  Further
# connections (max_connections) are verified and encrypted like the first.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/tap.sh"
. "$here/../lib/dovecot.sh"
. "$here/../lib/ykien-env.sh"

T=$(mktemp -d /tmp/yktls.XXXXXX)
trap 'ykien_env_stop; rm -rf "$T"' EXIT
DOVECOT_TLS=1 ykien_env_start "$T" || { not_ok "private Dovecot with TLS starts"; tap_done; exit 1; }
maildir_deliver "$YK_TOP/tests/data/replies/01-snv-inline.eml"
db() { sqlite3 "$T/ykien.db" "$@" 2>/dev/null; }
base=$(cat "$YK_CONF")
conf() { # url extra-settings
    printf '%s\n' "$base" | sed -e "s|^  url = .*|  url = \"$1\"; $2|" -e '/allow_plaintext = true;/d' > "$YK_CONF"
}
run() { "$YKIEND" -c "$YK_CONF" --once 2> "$T/run.log"; }

conf "imaps://127.0.0.1:$DOVECOT_IMAPS_PORT/INBOX" "ca_file = \"$DOVECOT_DIR/ca.pem\";"
run
is "imaps:// with ca_file: the cycle succeeds" "$?" 0
is "imaps:// with ca_file: the message is filed" "$(db 'SELECT count(*) FROM messages')" 1

maildir_deliver "$YK_TOP/tests/data/replies/02-stp-no-diacritics.eml"
conf "imap://127.0.0.1:$DOVECOT_PORT/INBOX" "ca_file = \"$DOVECOT_DIR/ca.pem\";"
run
is "imap:// upgrades with STARTTLS: the cycle succeeds" "$?" 0
is "STARTTLS: the new message is filed" "$(db 'SELECT count(*) FROM messages')" 2
check "the STARTTLS login went over TLS (Dovecot's last login line says so)" \
    sh -c "grep 'Login: ' '$DOVECOT_DIR/dovecot.log' | tail -1 | grep -q ', TLS'"

conf "imaps://127.0.0.1:$DOVECOT_IMAPS_PORT/INBOX" ""
run
check "an untrusted certificate fails the cycle" [ "$?" -ne 0 ]
check "it says TLS and certificate" grep -qi 'TLS failure.*certificate' "$T/run.log"

conf "imaps://127.0.0.1:$DOVECOT_IMAPS_PORT/Nowhere" "ca_file = \"$DOVECOT_DIR/ca.pem\";"
run
check "an unknown folder fails the cycle" [ "$?" -ne 0 ]
check "it names the folder" grep -q 'folder "Nowhere" not found' "$T/run.log"

conf "imaps://127.0.0.1:$DOVECOT_IMAPS_PORT/INBOX" "ca_file = \"$DOVECOT_DIR/ca.pem\";"
printf 'wrong\n' > "$T/imap.pass"
run
check "a wrong password fails the cycle" [ "$?" -ne 0 ]
check "it says the login was refused" grep -q 'login refused' "$T/run.log"
printf '%s\n' "$DOVECOT_PASS" > "$T/imap.pass"

port=$(free_port)
conf "imaps://127.0.0.1:$port/INBOX" "ca_file = \"$DOVECOT_DIR/ca.pem\";"
run
check "an unreachable host fails the cycle" [ "$?" -ne 0 ]
check "it says unreachable" grep -q 'unreachable' "$T/run.log"
is "nothing was filed by the failed cycles" "$(db 'SELECT count(*) FROM messages')" 2

# further connections (max_connections) make their own TLS sessions, each
# in its own thread, verified like the first
python3 "$YK_TOP/tests/lib/genmail.py" "$T/gen" 300 --prefix tls > /dev/null
maildir_deliver_dir "$T/gen"
conf "imaps://127.0.0.1:$DOVECOT_IMAPS_PORT/INBOX" "ca_file = \"$DOVECOT_DIR/ca.pem\"; max_connections = 4;"
run
is "imaps:// over 4 connections: the cycle succeeds" "$?" 0
is "imaps:// over 4 connections: every message filed once" \
    "$(db 'SELECT count(*) || "/" || count(DISTINCT uid) FROM messages')" "302/302"
check "the log says 4 connections" grep -q 'filed over 4 IMAP connection(s)' "$T/run.log"
is "each of them logged in over TLS" \
    "$(grep 'Login: user=<tester>' "$DOVECOT_DIR/dovecot.log" | tail -4 | grep -c ', TLS')" 4
tap_done
