#!/usr/bin/env bash
# Sets up a private Dovecot and a ykien configuration for it (used by the
# integration tests and `make demo`).  Source after tests/lib/dovecot.sh:
#   ykien_env_start DIR   -> Dovecot running, $YK_CONF written, $YK_DIR
#   ykien_env_stop        -> Dovecot stopped
#   maildir_deliver FILE [FLAGS]  -> put FILE in the Maildir (unseen unless
#                                    FLAGS, e.g. "S"), as a new message
# A delivered file's time is when the message was sent (tests/lib/arrival.py):
# Dovecot's INTERNALDATE, the arrival ykien judges lateness by.
YK_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
YK_BUILD=${YKIEN_BUILD:-build}
case $YK_BUILD in /*) ;; *) YK_BUILD=$YK_TOP/$YK_BUILD ;; esac
YKIEN=$YK_BUILD/ykien
YKIEND=$YK_BUILD/ykiend

ykien_env_start() {
    YK_DIR=$1
    dovecot_start "$YK_DIR/dc" || return 1
    printf '%s\n' "$DOVECOT_PASS" > "$YK_DIR/imap.pass"
    chmod 600 "$YK_DIR/imap.pass"
    YK_CONF=$YK_DIR/ykien.conf
    sed -e "s#DEMO_PORT#$DOVECOT_PORT#g" -e "s#DEMO_DIR#$YK_DIR#g" \
        "$YK_TOP/conf/demo.conf" > "$YK_CONF"
    export YK_DIR YK_CONF
}

ykien_env_stop() {
    dovecot_stop
}

MAILDIR_SEQ=0
maildir_deliver() {
    local f=$1 flags=${2:-} name
    MAILDIR_SEQ=$((MAILDIR_SEQ + 1))
    name="$(date +%s).M${MAILDIR_SEQ}P$$.ykientest"
    if [ -n "$flags" ]; then
        cp "$f" "$DOVECOT_MAILDIR/cur/$name:2,$flags"
        python3 "$YK_TOP/tests/lib/arrival.py" "$DOVECOT_MAILDIR/cur/$name:2,$flags"
        chown "$(stat -c %u:%g "$DOVECOT_MAILDIR")" "$DOVECOT_MAILDIR/cur/$name:2,$flags"
    else
        cp "$f" "$DOVECOT_MAILDIR/tmp/$name"
        python3 "$YK_TOP/tests/lib/arrival.py" "$DOVECOT_MAILDIR/tmp/$name"
        chown "$(stat -c %u:%g "$DOVECOT_MAILDIR")" "$DOVECOT_MAILDIR/tmp/$name"
        mv "$DOVECOT_MAILDIR/tmp/$name" "$DOVECOT_MAILDIR/new/$name"
    fi
}

# imap_flags: "uid flags" lines for every message, read without changing them
imap_flags() {
    curl -s --max-time 20 -u "$DOVECOT_USER:$DOVECOT_PASS" \
        "imap://127.0.0.1:$DOVECOT_PORT/INBOX" -X 'UID FETCH 1:* (FLAGS)' |
        sed -n 's/^\* [0-9]* FETCH (UID \([0-9]*\) FLAGS (\(.*\)))\r*$/\1 \2/p' |
        sed 's/ *\\Recent//; s/ *$//' | sort -n
}

# maildir_deliver_dir DIR [move]: every *.eml in DIR as a new message, in
# name order (with "move", the files leave DIR: no copy of a large set);
# each keeps its file's time as its arrival (genmail.py sets it to the Date)
maildir_deliver_dir() {
    local owner; owner=$(stat -c %u:%g "$DOVECOT_MAILDIR")
    local tmp=$DOVECOT_MAILDIR/tmp/bulk.$$
    mkdir -p "$tmp"
    if [ "${2:-}" = move ]; then
        find "$1" -maxdepth 1 -name '*.eml' -exec mv -t "$tmp" {} +
    else
        find "$1" -maxdepth 1 -name '*.eml' -exec cp -p -t "$tmp" {} +
    fi
    chown -R "$owner" "$tmp"
    # renamed in one process: a mv per message took 18 minutes for the
    # bench's 100,000
    python3 - "$tmp" "$DOVECOT_MAILDIR/new" <<'PY'
import os, sys
src, dst = sys.argv[1], sys.argv[2]
for n, f in enumerate(sorted(os.listdir(src)), 1):
    os.rename(os.path.join(src, f), os.path.join(dst, "1700000000.B%06d.%s" % (n, f)))
PY
    rmdir "$tmp"
}

# mailbox_option "name = value;": one more setting in $YK_CONF's mailbox group
mailbox_option() {
    sed -i "s#^mailbox = {#&\n  $1#" "$YK_CONF"
}

# term_timed PID: SIGTERM to PID, wait for it; rc gets its exit status and
# ms the milliseconds it took to go
term_timed() {
    local start
    start=$(date +%s%N)
    kill -TERM "$1"
    wait "$1"
    rc=$?
    ms=$(( ($(date +%s%N) - start) / 1000000 ))
}
