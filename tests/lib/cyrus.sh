#!/usr/bin/env bash
# A private Cyrus IMAP 3.6 for tests, beside Dovecot: Debian's cyrus-imapd
# and cyrus-common unpacked into tests/tmp/servers/cyrus (tests/lib/debserver.sh:
# they conflict with dovecot-imapd), its own imapd.conf and cyrus.conf in a
# temporary folder, a free port chosen at run time, nothing in /etc touched.
# Source this file, then:
#   cyrus_start DIR       -> sets CYRUS_PORT, CYRUS_DIR, CYRUS_USER, CYRUS_PASS;
#                            1 on failure, 2 when Cyrus cannot be had here
#                            (CYRUS_WHY says why: for a SKIP)
#   cyrus_stop            -> stops it (safe to call twice; use in a trap)
#   cyrus_append FILE...  -> APPEND each file to INBOX, unseen, CRLF line
#                            ends, INTERNALDATE = its arrival (tests/lib/imapc.py;
#                            MULTIAPPEND, 100 a command: one fsync each)
#   cyrus_deliver FILE... -> the same (the name courier.sh and servers.sh use)
#   cyrus_append_to FOLDER FILE...
#   cyrus_list [FOLDER]   -> "UID FLAGS MESSAGE-ID" per message (default INBOX),
#                            read with EXAMINE: nothing changes
#   cyrus_count FOLDER    -> how many messages (0 if there is no such folder)
#   cyrus_folders         -> every folder, one a line
#   cyrus_all             -> "FOLDER UID FLAGS MESSAGE-ID" for every message
#   cyrus_clear           -> every message expunged, in every folder (folders stay)
#   cyrus_transcript      -> the protocol of every session so far (Cyrus's
#                            telemetry log) and the server's syslog lines
#   cyrus_mark FILE, cyrus_refusals [FILE]
#                         -> each command answered NO or BAD, with the answer
#                            (since the mark)
# How it runs: Cyrus refuses to run as root, so master runs as nobody
# (uid/gid 65534), who owns DIR's spool and config folders; it runs in a
# private mount and PID namespace where the unpacked packages lie over /usr
# and /dev/log is a socket writing to DIR/syslog.log (Cyrus logs only to
# syslog).  The user and its password live in DIR/sasldb2 (saslpasswd2, from
# sasl2-bin); Debian's own settings otherwise: altnamespace: no and
# unixhierarchysep: no, so personal folders are INBOX.NAME with "." between
# levels; INBOX is created at the first login (autocreate_quota: 0).
# DIR must be short: Cyrus's unix sockets live in it (sun_path is 108 bytes).
. "$(dirname "${BASH_SOURCE[0]}")/debserver.sh"

CYRUS_PKGS="cyrus-common cyrus-imapd"

cyrus_start() {
    local dir=$1
    CYRUS_WHY=
    if [ "$(id -u)" != 0 ]; then
        CYRUS_WHY="the private Cyrus needs root (a mount namespace; Cyrus then runs as nobody)"; return 2
    fi
    local t
    for t in unshare setpriv saslpasswd2; do
        command -v "$t" > /dev/null ||
            { CYRUS_WHY="no $t here (make deps installs it: sasl2-bin, util-linux)"; return 2; }
    done
    if ! debserver_fetch cyrus $CYRUS_PKGS; then
        CYRUS_WHY="Debian's $CYRUS_PKGS cannot be had: $DEBSERVER_WHY"; return 2
    fi
    local libs
    libs=$(debserver_libs usr/lib/cyrus/bin/master usr/lib/cyrus/bin/imapd usr/lib/cyrus/bin/ctl_cyrusdb)
    if [ -n "$libs" ]; then
        CYRUS_WHY="Cyrus's shared libraries are missing: $libs (make deps installs them)"; return 2
    fi
    mkdir -p "$dir" || return 1
    local d=$dir
    while [ "$d" != / ]; do chmod go+x "$d" 2>/dev/null || true; d=$(dirname "$d"); done
    CYRUS_DIR=$dir
    CYRUS_USER=tester
    CYRUS_PASS=secret-pass
    CYRUS_PORT=$(debserver_free_port)
    mkdir -p "$dir/conf/log/$CYRUS_USER" "$dir/conf/proc" "$dir/conf/socket" "$dir/conf/lock" \
        "$dir/conf/db" "$dir/spool"
    printf '%s' "$CYRUS_PASS" |
        saslpasswd2 -p -c -f "$dir/sasldb2" -u localhost "$CYRUS_USER" || return 1
    cat > "$dir/imapd.conf" <<CONF
configdirectory: $dir/conf
proc_path: $dir/conf/proc
mboxname_lockpath: $dir/conf/lock
defaultpartition: default
partition-default: $dir/spool
servername: localhost
cyrus_user: nobody
cyrus_group: nogroup
altnamespace: no
unixhierarchysep: no
allowanonymouslogin: no
autocreate_quota: 0
umask: 077
hashimapspool: true
allowplaintext: yes
sasl_pwcheck_method: auxprop
sasl_auxprop_plugin: sasldb
sasl_sasldb_path: $dir/sasldb2
sasl_auto_transition: no
lmtpsocket: $dir/conf/socket/lmtp
idlesocket: $dir/conf/socket/idle
notifysocket: $dir/conf/socket/notify
syslog_prefix: cyrus-test
CONF
    # master does not hand its -C to the services: each gets its own.
    # idled tells an imapd in IDLE of new mail at once (without it, imapd
    # looks every imapidlepoll seconds, 60 by default)
    cat > "$dir/cyrus.conf" <<CONF
START {
  recover cmd="/usr/lib/cyrus/bin/ctl_cyrusdb -C $dir/imapd.conf -r"
}
SERVICES {
  imap cmd="/usr/lib/cyrus/bin/imapd -C $dir/imapd.conf" listen="127.0.0.1:$CYRUS_PORT" prefork=1 maxchild=50
}
EVENTS {
  checkpoint cmd="/usr/lib/cyrus/bin/ctl_cyrusdb -C $dir/imapd.conf -c" period=30
}
DAEMON {
  idled cmd="/usr/lib/cyrus/bin/idled -C $dir/imapd.conf"
}
CONF
    cat > "$dir/run.sh" <<RUN
exec setpriv --reuid=65534 --regid=65534 --clear-groups \\
    /usr/lib/cyrus/bin/master -C $dir/imapd.conf -M $dir/cyrus.conf -p $dir/conf/master.pid -D \\
    >> $dir/master.log 2>&1
RUN
    chown -R 65534:65534 "$dir/conf" "$dir/spool" "$dir/sasldb2"
    debserver_run "$dir" "$dir/run.sh"
    CYRUS_NSPID=$DEBSERVER_PID
    if ! debserver_wait_port "$CYRUS_PORT"; then
        echo "cyrus did not listen on 127.0.0.1:$CYRUS_PORT; its logs:" >&2
        cat "$dir/ns.log" "$dir/master.log" "$dir/syslog.log" >&2 2>/dev/null
        debserver_stop
        return 1
    fi
    export CYRUS_PORT CYRUS_DIR CYRUS_USER CYRUS_PASS
    return 0
}

cyrus_stop() {
    debserver_stop "${CYRUS_NSPID:-}"
    CYRUS_NSPID=
}

cyrus_imapc() {
    IMAPC_PASS=$CYRUS_PASS python3 "$DEBSERVER_TOP/tests/lib/imapc.py" "$CYRUS_PORT" "$CYRUS_USER" "$@"
}
cyrus_append()    { cyrus_imapc append INBOX "$@"; }
cyrus_deliver()   { cyrus_imapc append INBOX "$@"; }
cyrus_append_to() { cyrus_imapc append "$@"; }
cyrus_list()      { cyrus_imapc list "${1:-INBOX}"; }
cyrus_count()     { cyrus_imapc count "$1"; }
cyrus_folders()   { cyrus_imapc folders; }
cyrus_all()       { cyrus_imapc all; }
cyrus_clear()     { cyrus_imapc clear; }

# cyrus_mark FILE: where the telemetry logs end now; cyrus_refusals [FILE]:
# each command Cyrus answered NO or BAD ("C: tag command", "S: tag NO
# words"), only those after the mark when FILE is given.  (A log file is one
# imapd process's, and a process serves one session after another.)
cyrus_mark() {
    local f
    for f in "$CYRUS_DIR/conf/log/$CYRUS_USER"/*; do
        [ -f "$f" ] && echo "$(stat -c %s "$f") $f"
    done > "$1"
}
cyrus_refusals() {
    local f from
    for f in "$CYRUS_DIR/conf/log/$CYRUS_USER"/*; do
        [ -f "$f" ] || continue
        from=0
        [ -n "${1:-}" ] && from=$(awk -v f="$f" '$2 == f { print $1 }' "$1")
        tail -c +$((${from:-0} + 1)) "$f" | tr -d '\r' | awk '
            /^<[0-9]+</ { sub(/^<[0-9]+</, ""); split($0, w, " "); cmd[w[1]] = $0; next }
            /^>[0-9]+>/ { sub(/^>[0-9]+>/, "") }
            { split($0, w, " ") }
            (w[2] == "NO" || w[2] == "BAD") && (w[1] in cmd) { print "C: " cmd[w[1]]; print "S: " $0 }'
    done
}

cyrus_transcript() {
    local f
    for f in "$CYRUS_DIR/conf/log/$CYRUS_USER"/*; do
        [ -f "$f" ] || continue
        echo "== session $(basename "$f")"
        cat "$f"
    done
    echo "== syslog"
    cat "$CYRUS_DIR/syslog.log" 2>/dev/null
}
