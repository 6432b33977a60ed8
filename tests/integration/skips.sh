#!/usr/bin/env bash
# Silent skips made loud: what a server or a slow step does that used to
# make ykiend pass over mail, or be killed, without anyone being told.
#  - a UID FETCH answer that leaves out UIDs the server still has (a proxy
#    drops them, once): they are asked for again, the log names them, and
#    every message ends filed once — over one and over four connections;
#  - the systemd watchdog (WATCHDOG_USEC = 2 s) during a batch whose OCR
#    takes longer than that: WATCHDOG=1 keeps arriving and the batch commits.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/tap.sh"
. "$here/../lib/dovecot.sh"
. "$here/../lib/ykien-env.sh"

T=
proxy=
trap '[ -n "$proxy" ] && kill $proxy 2>/dev/null; ykien_env_stop; [ -n "$T" ] && rm -rf "$T"' EXIT

# --- a UID FETCH answer with holes ------------------------------------------
# dropped_run CONNECTIONS
dropped_run() {
    local conns=$1 t="UID FETCH without UIDs 5 and 77, $1 conn." db
    T=$(mktemp -d /tmp/ykskip.XXXXXX)
    ykien_env_start "$T" || { not_ok "$t: private Dovecot starts"; return; }
    python3 "$YK_TOP/tests/lib/genmail.py" "$T/gen" 120 --prefix hole > /dev/null
    maildir_deliver_dir "$T/gen"
    python3 "$YK_TOP/tests/lib/delay_proxy.py" "$DOVECOT_PORT" 0 "$T/proxy.port" "$T/proxy.stats" 120 \
        --drop-fetch 5,77 &
    proxy=$!
    for _ in $(seq 1 100); do [ -s "$T/proxy.port" ] && break; sleep 0.05; done
    sed -i "s|127.0.0.1:$DOVECOT_PORT|127.0.0.1:$(cat "$T/proxy.port")|" "$YK_CONF"
    mailbox_option "max_connections = $conns;"
    db="sqlite3 $T/ykien.db"
    "$YKIEND" -c "$YK_CONF" --once 2> "$T/run1.log"
    is "$t: the cycle exits 0" "$?" 0
    is "$t: 118 filed, the two left out are not" "$($db 'SELECT count(*) FROM messages')" 118
    check "$t: the log names them" \
        grep -q 'left 2 message(s) it still has out of its answer to UID FETCH (UID 5, 77)' "$T/run1.log"
    is "$t: the high-water mark stays below the first of them" \
        "$($db 'SELECT last_uid FROM mailbox_state')" 4
    "$YKIEND" -c "$YK_CONF" --once 2> "$T/run2.log"
    is "$t: the next cycle exits 0" "$?" 0
    is "$t: the next cycle files them: all 120 once" \
        "$($db 'SELECT count(*) || "/" || count(DISTINCT uid) || "/" || count(DISTINCT sha256) FROM messages')" \
        "120/120/120"
    is "$t: the mark reaches the last UID" "$($db 'SELECT last_uid FROM mailbox_state')" 120
    kill $proxy 2>/dev/null; wait $proxy 2>/dev/null; proxy=
    ykien_env_stop
    rm -rf "$T"; T=
}
dropped_run 1
dropped_run 4

# --- a server whose UID SEARCH misses new mail ------------------------------
# GNU imap4d answered "UID SEARCH UID n:*" with nothing: new mail was never
# filed after the first sync, and the cycle said it succeeded.  Here a proxy
# blanks every UID SEARCH UID answer; UIDNEXT says mail arrived, so the
# folder is listed with UID FETCH instead, and the log says so.  Mail
# expunged before it was filed moves the mark up, once.
search_run() {
    local t="UID SEARCH that finds nothing" db
    T=$(mktemp -d /tmp/yksrch.XXXXXX)
    ykien_env_start "$T" || { not_ok "$t: private Dovecot starts"; return; }
    python3 "$YK_TOP/tests/lib/genmail.py" "$T/gen" 30 --prefix s1 > /dev/null
    maildir_deliver_dir "$T/gen"
    db="sqlite3 $T/ykien.db"
    python3 "$YK_TOP/tests/lib/delay_proxy.py" "$DOVECOT_PORT" 0 "$T/proxy.port" "$T/proxy.stats" 120 \
        --blank-search &
    proxy=$!
    for _ in $(seq 1 100); do [ -s "$T/proxy.port" ] && break; sleep 0.05; done
    sed -i "s|127.0.0.1:$DOVECOT_PORT|127.0.0.1:$(cat "$T/proxy.port")|" "$YK_CONF"
    # the first sync searches by date (SINCE), which the proxy leaves alone
    "$YKIEND" -c "$YK_CONF" --once 2> "$T/run1.log"
    is "$t: the first sync files 30" "$($db 'SELECT count(*) FROM messages')" 30
    python3 "$YK_TOP/tests/lib/genmail.py" "$T/gen2" 5 --prefix s2 > /dev/null
    maildir_deliver_dir "$T/gen2"
    "$YKIEND" -c "$YK_CONF" --once 2> "$T/run2.log"
    is "$t: the cycle exits 0" "$?" 0
    is "$t: the 5 new messages are filed all the same" "$($db 'SELECT count(*) FROM messages')" 35
    check "$t: the log says the search was not reliable" \
        grep -q "found no new mail although the folder's UIDNEXT says some arrived; 5 message(s)" "$T/run2.log"
    # three more arrive and are deleted before the next poll
    python3 "$YK_TOP/tests/lib/genmail.py" "$T/gen3" 3 --prefix s3 > /dev/null
    maildir_deliver_dir "$T/gen3"
    doveadm -c "$DOVECOT_DIR/dovecot.conf" mailbox status -u tester uidnext INBOX > /dev/null
    doveadm -c "$DOVECOT_DIR/dovecot.conf" expunge -u tester mailbox INBOX header Message-ID s3- > /dev/null
    "$YKIEND" -c "$YK_CONF" --once 2> "$T/run3.log"
    is "$t: mail expunged before it was filed: the mark moves past it" \
        "$($db 'SELECT last_uid FROM mailbox_state')" 38
    check "$t: and the log says so" grep -q 'up to UID 38 was expunged before it could be filed' "$T/run3.log"
    kill $proxy 2>/dev/null; wait $proxy 2>/dev/null; proxy=
    ykien_env_stop
    rm -rf "$T"; T=
}
search_run

# --- the watchdog during a long batch ---------------------------------------
# Three scanned replies; a stand-in tesseract takes 3 s a page (more than
# WatchdogSec = 2 s): only pings while the OCR child runs keep the daemon
# from being killed by systemd.
watchdog_run() {
    local t="WatchdogSec 2 s, OCR 3 s a page" sink pid start k
    T=$(mktemp -d /tmp/ykwd.XXXXXX)
    if ! /usr/bin/python3 -c 'import PIL' 2> /dev/null; then
        skip "$t: python3-pil is missing (make deps)"
        return
    fi
    ykien_env_start "$T" || { not_ok "$t: private Dovecot starts"; return; }
    /usr/bin/python3 "$YK_TOP/tests/lib/genscan.py" "$T/gen" > /dev/null
    for k in 1 2 3; do
        sed "s/^Message-I[Dd]: *<\(.*\)>/Message-ID: <wd$k-\1>/" "$T/gen/scan_png.eml" > "$T/scan$k.eml"
        maildir_deliver "$T/scan$k.eml"
    done
    mkdir -p "$T/bin"
    printf '#!/bin/sh\nsleep 3\necho "Nhan xet: Hoi thi thiet thuc."\n' > "$T/bin/tesseract"
    chmod +x "$T/bin/tesseract"
    python3 "$YK_TOP/tests/lib/notify_sink.py" "$T/notify.sock" "$T/notify.txt" --stamp &
    sink=$!
    for _ in $(seq 1 50); do [ -S "$T/notify.sock" ] && break; sleep 0.05; done
    start=$(date +%s.%N)
    PATH=$T/bin:$PATH NOTIFY_SOCKET=$T/notify.sock WATCHDOG_USEC=2000000 \
        "$YKIEND" -c "$YK_CONF" 2> "$T/daemon.log" &
    pid=$!
    for _ in $(seq 1 300); do
        [ "$(sqlite3 "$T/ykien.db" 'SELECT count(*) FROM messages' 2>/dev/null)" = 3 ] && break
        sleep 0.1
    done
    end=$(date +%s.%N)
    kill -TERM $pid; wait $pid
    kill $sink 2>/dev/null; wait $sink 2>/dev/null
    is "$t: the batch of three scans commits" \
        "$(sqlite3 "$T/ykien.db" "SELECT count(*) FROM messages WHERE source = 'image'")" 3
    gap=$( (echo "$start WATCHDOG=1"; grep ' WATCHDOG=1$' "$T/notify.txt"; echo "$end WATCHDOG=1") |
           awk '{ if (NR > 1 && $1 - last > max) max = $1 - last; last = $1 } END { printf "%.2f", max }')
    echo "# $t: $(grep -c ' WATCHDOG=1$' "$T/notify.txt") pings, the longest silence $gap s"
    check "$t: WATCHDOG=1 kept arriving, never 2 s apart (longest silence $gap s)" \
        awk -v g="$gap" 'BEGIN { exit !(g < 2.0) }'
    ykien_env_stop
    rm -rf "$T"; T=
}
watchdog_run

tap_done
