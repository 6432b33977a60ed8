#!/usr/bin/env bash
# A private Dovecot for tests, the demo and the benchmark: its own config in
# a temporary directory, a passwd-file user, a free port chosen at run time,
# nothing in /etc touched.  Source this file, then:
#   dovecot_start DIR      -> sets DOVECOT_PORT, DOVECOT_DIR, DOVECOT_USER,
#                             DOVECOT_PASS, DOVECOT_MAILDIR
#   dovecot_stop           -> stops it (safe to call twice; use in a trap)
#   dovecot_append FILE... -> IMAP APPEND each file to INBOX (curl)
# DOVECOT_MAX_USERIP: how many connections one user may have from one
# address (default 64).
# DOVECOT_NS_PREFIX: the personal namespace's prefix (e.g. "INBOX.", with
# "." as separator, as Cyrus and Courier have it; default none).
# With DOVECOT_TLS=1: a self-signed certificate for 127.0.0.1/localhost
# ($DOVECOT_DIR/ca.pem), STARTTLS on DOVECOT_PORT and IMAPS on
# DOVECOT_IMAPS_PORT.
# DOVECOT_RAWLOG_DIR: a folder (writable by the mail uid) where each IMAP
# session's traffic is written (Dovecot's rawlog_dir); default none.
# DIR must be short: Dovecot's unix sockets live in it (sun_path is 108 bytes).

free_port() {
    python3 - <<'PY'
import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()
PY
}

dovecot_start() {
    local dir=$1
    mkdir -p "$dir" && chmod go+x "$dir"
    # every folder above the Maildir must be searchable by the mail uid
    local d=$dir
    while [ "$d" != / ]; do chmod go+x "$d" 2>/dev/null || true; d=$(dirname "$d"); done
    DOVECOT_DIR=$dir
    DOVECOT_USER=tester
    DOVECOT_PASS=secret-pass
    DOVECOT_PORT=$(free_port)
    DOVECOT_IMAPS_PORT=0
    local ssl="ssl = no"
    if [ "${DOVECOT_TLS:-0}" = 1 ]; then
        DOVECOT_IMAPS_PORT=$(free_port)
        openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost \
            -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" \
            -keyout "$dir/key.pem" -out "$dir/ca.pem" 2>/dev/null || return 1
        ssl="ssl = yes
ssl_cert = <$dir/ca.pem
ssl_key = <$dir/key.pem"
    fi
    local uid gid login_user internal_user
    if [ "$(id -u)" = 0 ]; then
        uid=65534; gid=65534; login_user=dovenull; internal_user=dovecot
    else
        uid=$(id -u); gid=$(id -g); login_user=$(id -un); internal_user=$(id -un)
    fi
    local ns=""
    if [ -n "${DOVECOT_NS_PREFIX:-}" ]; then
        ns="namespace inbox {
  inbox = yes
  prefix = $DOVECOT_NS_PREFIX
  separator = .
}"
    fi
    mkdir -p "$dir/run" "$dir/home/Maildir"/{cur,new,tmp}
    chown -R "$uid:$gid" "$dir/home"
    DOVECOT_MAILDIR=$dir/home/Maildir
    echo "$DOVECOT_USER:{PLAIN}$DOVECOT_PASS:$uid:$gid::$dir/home" > "$dir/passwd"
    cat > "$dir/dovecot.conf" <<CONF
base_dir = $dir/run
instance_name = ykien-test-$DOVECOT_PORT
protocols = imap
listen = 127.0.0.1
log_path = $dir/dovecot.log
info_log_path = $dir/dovecot.log
auth_mechanisms = plain login
disable_plaintext_auth = no
$ssl
default_login_user = $login_user
default_internal_user = $internal_user
default_internal_group = $(id -gn "$internal_user")
mail_uid = $uid
mail_gid = $gid
first_valid_uid = $uid
last_valid_uid = 0
mail_location = maildir:~/Maildir
$ns
mail_fsync = never
protocol imap {
  ${DOVECOT_RAWLOG_DIR:+rawlog_dir = $DOVECOT_RAWLOG_DIR}
  mail_max_userip_connections = ${DOVECOT_MAX_USERIP:-64}
  imap_capability = +MOVE
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $DOVECOT_PORT
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = $DOVECOT_IMAPS_PORT
  }
  chroot =
}
service anvil {
  chroot =
}
service stats {
  unix_listener stats-writer {
    mode = 0666
  }
}
passdb {
  driver = passwd-file
  args = scheme=PLAIN $dir/passwd
}
userdb {
  driver = passwd-file
  args = $dir/passwd
}
CONF
    if ! dovecot -c "$dir/dovecot.conf"; then
        echo "dovecot failed to start; log:" >&2
        cat "$dir/dovecot.log" >&2 2>/dev/null
        return 1
    fi
    local i
    for i in $(seq 1 100); do
        if (exec 3<>"/dev/tcp/127.0.0.1/$DOVECOT_PORT") 2>/dev/null; then
            export DOVECOT_PORT DOVECOT_IMAPS_PORT DOVECOT_DIR DOVECOT_USER DOVECOT_PASS DOVECOT_MAILDIR
            return 0
        fi
        sleep 0.05
    done
    echo "dovecot did not listen on 127.0.0.1:$DOVECOT_PORT" >&2
    return 1
}

dovecot_stop() {
    [ -n "${DOVECOT_DIR:-}" ] && [ -f "$DOVECOT_DIR/dovecot.conf" ] || return 0
    doveadm -c "$DOVECOT_DIR/dovecot.conf" stop 2>/dev/null ||
        { [ -f "$DOVECOT_DIR/run/master.pid" ] && kill "$(cat "$DOVECOT_DIR/run/master.pid")" 2>/dev/null; }
    local i
    for i in $(seq 1 100); do
        [ -f "$DOVECOT_DIR/run/master.pid" ] && kill -0 "$(cat "$DOVECOT_DIR/run/master.pid")" 2>/dev/null || break
        sleep 0.05
    done
    return 0
}

dovecot_append() {
    local f
    for f in "$@"; do
        curl -s -S --max-time 30 -T "$f" -u "$DOVECOT_USER:$DOVECOT_PASS" \
            "imap://127.0.0.1:$DOVECOT_PORT/INBOX" || return 1
    done
}

# dovecot_restart: start the stopped server again, same config and port
dovecot_restart() {
    dovecot -c "$DOVECOT_DIR/dovecot.conf" || return 1
    local i
    for i in $(seq 1 100); do
        (exec 3<>"/dev/tcp/127.0.0.1/$DOVECOT_PORT") 2>/dev/null && return 0
        sleep 0.05
    done
    return 1
}

# dovecot_kill: the server dies at once, connections and all (SIGKILL to
# every process of its session), as in a crash or a pulled cable
dovecot_kill() {
    local pid sid
    pid=$(cat "$DOVECOT_DIR/run/master.pid" 2>/dev/null) || return 0
    sid=$(ps -o sid= -p "$pid" | tr -d ' ')
    # Dovecot daemonizes into a session of its own; never kill ours
    if [ -n "$sid" ] && [ "$sid" != "$(ps -o sid= -p $$ | tr -d ' ')" ]; then
        pkill -KILL -s "$sid"
    else
        kill -KILL "$pid"
    fi
    rm -f "$DOVECOT_DIR/run/master.pid"
    local i
    for i in $(seq 1 100); do
        (exec 3<>"/dev/tcp/127.0.0.1/$DOVECOT_PORT") 2>/dev/null || return 0
        sleep 0.05
    done
}
