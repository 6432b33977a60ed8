#!/usr/bin/env bash
# A private Courier IMAP 5.0 for tests, beside Dovecot: Debian's courier-imap,
# courier-base and courier-authlib* unpacked into tests/tmp/servers/courier
# (tests/lib/debserver.sh: courier-imap conflicts with dovecot-imapd), a free
# port chosen at run time, nothing in /etc touched.  Source this file, then:
#   courier_start DIR       -> sets COURIER_PORT, COURIER_DIR, COURIER_USER,
#                              COURIER_PASS, COURIER_MAILDIR; 1 on failure, 2
#                              when Courier cannot be had here (COURIER_WHY
#                              says why: for a SKIP)
#   courier_stop            -> stops it (safe to call twice; use in a trap)
#   courier_deliver FILE... -> each file into INBOX (the Maildir's new/),
#                              unseen, its arrival as INTERNALDATE: fast
#   courier_append FILE...  -> APPEND each file to INBOX, unseen, CRLF line
#                              ends, INTERNALDATE = its arrival (tests/lib/imapc.py)
#   courier_append_to FOLDER FILE...
#   courier_list [FOLDER]   -> "UID FLAGS MESSAGE-ID" per message (default
#                              INBOX), read with EXAMINE: nothing changes
#   courier_count FOLDER    -> how many messages (0 if there is no such folder)
#   courier_folders         -> every folder, one a line
#   courier_all             -> "FOLDER UID FLAGS MESSAGE-ID" for every message
#   courier_clear           -> every message expunged, in every folder (folders stay)
#   courier_transcript      -> what the server logged (logins, errors)
#   courier_mark FILE, courier_refusals [FILE]
#                           -> its error lines (since the mark)
# How it runs: Courier's paths are compiled in (/etc/courier,
# /run/courier/authdaemon, /usr/lib/courier-authlib), so it runs in a private
# mount and PID namespace where the unpacked packages lie over /usr, /etc
# has a private layer (DIR/ns/etc) holding its /etc/courier, and /run is
# empty.  Debian's /etc/courier/imapd is used as shipped except the address
# and port (127.0.0.1, a free one) and STARTTLS (off: no certificate); the
# user is in a userdb (authuserdb, crypt(3) password) with uid/gid 65534 and
# the Maildir DIR/home/Maildir.  Personal folders are INBOX.NAME, "." between
# levels.  couriertcpd, imaplogin and authdaemond run as root, as on Debian;
# imapd runs as the user's uid.
. "$(dirname "${BASH_SOURCE[0]}")/debserver.sh"

COURIER_PKGS="courier-authlib courier-authdaemon courier-authlib-userdb courier-base courier-imap"

courier_start() {
    local dir=$1
    COURIER_WHY=
    if [ "$(id -u)" != 0 ]; then
        COURIER_WHY="the private Courier needs root (a mount namespace over /etc/courier)"; return 2
    fi
    local t
    for t in unshare openssl perl; do
        command -v "$t" > /dev/null || { COURIER_WHY="no $t here (make deps installs it)"; return 2; }
    done
    if ! debserver_fetch courier $COURIER_PKGS; then
        COURIER_WHY="Debian's $COURIER_PKGS cannot be had: $DEBSERVER_WHY"; return 2
    fi
    local libs
    libs=$(debserver_libs usr/sbin/couriertcpd usr/lib/courier/courier/imaplogin usr/bin/imapd \
        usr/lib/courier/courier-authlib/authdaemond usr/lib/courier-authlib/libauthuserdb.so)
    if [ -n "$libs" ]; then
        COURIER_WHY="Courier's shared libraries are missing: $libs (make deps installs them)"; return 2
    fi
    mkdir -p "$dir" || return 1
    local d=$dir
    while [ "$d" != / ]; do chmod go+x "$d" 2>/dev/null || true; d=$(dirname "$d"); done
    COURIER_DIR=$dir
    COURIER_USER=tester
    COURIER_PASS=secret-pass
    COURIER_PORT=$(debserver_free_port)
    COURIER_MAILDIR=$dir/home/Maildir
    mkdir -p "$COURIER_MAILDIR"/{cur,new,tmp}
    chown -R 65534:65534 "$dir/home"
    chmod -R go-rwx "$dir/home"
    local etc=$dir/ns/etc/courier
    mkdir -p "$etc"
    cp -a "$DEBSERVER_ROOT/etc/courier/." "$etc/"
    # Debian's settings, with our address and port, and no STARTTLS (no cert)
    sed -i -e 's/^ADDRESS=.*/ADDRESS=127.0.0.1/' -e "s/^PORT=.*/PORT=$COURIER_PORT/" \
        -e "s#^PIDFILE=.*#PIDFILE=/run/courier/imapd.pid#" "$etc/imapd"
    # without FAM, Courier's IDLE looks for new mail every IMAP_IDLE_TIMEOUT
    # seconds (60 as shipped): every second here, so a test of IDLE is quick
    sed -i -e 's/^IMAP_IDLE_TIMEOUT=.*/IMAP_IDLE_TIMEOUT=1/' "$etc/imapd"
    sed -i -e 's/^IMAPDSTARTTLS=.*/IMAPDSTARTTLS=NO/' "$etc/imapd-ssl"
    sed -i -e 's/^authmodulelist=.*/authmodulelist="authuserdb"/' "$etc/authdaemonrc"
    local hash
    hash=$(printf '%s' "$COURIER_PASS" | openssl passwd -6 -stdin) || return 1
    printf '%s\tuid=65534|gid=65534|home=%s|mail=%s|systempw=%s\n' \
        "$COURIER_USER" "$dir/home" "$COURIER_MAILDIR" "$hash" > "$etc/userdb"
    chmod 600 "$etc/userdb"
    cat > "$dir/run.sh" <<RUN
# inside the namespace: the userdb, authdaemond, then couriertcpd
mkdir -p /run/courier/authdaemon
makeuserdb || { echo "makeuserdb failed" >&2; exit 1; }
( set -a; . /etc/courier/authdaemonrc
  exec /usr/lib/courier/courier-authlib/authdaemond ) >> $dir/authdaemond.log 2>&1 &
for i in \$(seq 1 100); do [ -S /run/courier/authdaemon/socket ] && break; sleep 0.05; done
# as Debian's /usr/lib/courier/imapd start does it, without courierlogger:
# the server's log (stderr) goes to a file
exec /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin /bin/sh -c ' set -a
    . /etc/courier/imapd; . /etc/courier/imapd-ssl
    IMAP_STARTTLS=\$IMAPDSTARTTLS
    exec /usr/sbin/couriertcpd -address=\$ADDRESS -maxprocs=\$MAXDAEMONS -maxperip=\$MAXPERIP \
        \$TCPDOPTS \$PORT /usr/lib/courier/courier/imaplogin /usr/bin/imapd \$MAILDIRPATH' \
    >> $dir/imapd.log 2>&1
RUN
    debserver_run "$dir" "$dir/run.sh"
    COURIER_NSPID=$DEBSERVER_PID
    if ! debserver_wait_port "$COURIER_PORT"; then
        echo "courier did not listen on 127.0.0.1:$COURIER_PORT; its logs:" >&2
        cat "$dir/ns.log" "$dir/authdaemond.log" "$dir/imapd.log" "$dir/syslog.log" >&2 2>/dev/null
        debserver_stop
        return 1
    fi
    export COURIER_PORT COURIER_DIR COURIER_USER COURIER_PASS COURIER_MAILDIR
    return 0
}

courier_stop() {
    debserver_stop "${COURIER_NSPID:-}"
    COURIER_NSPID=
}

courier_imapc() {
    IMAPC_PASS=$COURIER_PASS python3 "$DEBSERVER_TOP/tests/lib/imapc.py" "$COURIER_PORT" "$COURIER_USER" "$@"
}
courier_append()    { courier_imapc append INBOX "$@"; }

# courier_deliver FILE...: each file into the Maildir's new/ as a new,
# unseen message, as Courier's own deliverquota does (LF line ends, owned by
# the mail user); its time, Courier's INTERNALDATE, is its arrival
# (tests/lib/arrival.py), all in one process (tests/lib/imapc.py maildir).
# Far faster than APPEND, which Courier fsyncs one message at a time.
courier_deliver() {
    python3 "$DEBSERVER_TOP/tests/lib/imapc.py" maildir "$COURIER_MAILDIR" 65534 65534 "$@"
}
courier_append_to() { courier_imapc append "$@"; }
courier_list()      { courier_imapc list "${1:-INBOX}"; }
courier_count()     { courier_imapc count "$1"; }
courier_folders()   { courier_imapc folders; }
courier_all()       { courier_imapc all; }
courier_clear()     { courier_imapc clear; }

# courier_mark FILE, courier_refusals [FILE]: the error lines Courier
# logged (since the mark).  It keeps no protocol log: the commands it
# refused are in ykiend's own log, with Courier's words.
courier_mark() {
    stat -c %s "$COURIER_DIR/imapd.log" > "$1" 2>/dev/null || echo 0 > "$1"
}
courier_refusals() {
    local from=0
    [ -n "${1:-}" ] && from=$(cat "$1")
    tail -c +$((from + 1)) "$COURIER_DIR/imapd.log" 2>/dev/null | grep -E 'ERR|rror|fail'
}

courier_transcript() {
    local f
    for f in imapd.log authdaemond.log syslog.log ns.log; do
        [ -s "$COURIER_DIR/$f" ] || continue
        echo "== $f"
        cat "$COURIER_DIR/$f"
    done
}
