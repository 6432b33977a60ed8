#!/usr/bin/env bash
# Crash test: 2,000 messages; ykiend killed with SIGKILL at 20 random
# moments during intake and restarted each time.  At the end every message
# is filed exactly once: the count, the UIDs and the Message-IDs agree with
# the server, and the archive holds one file per message.  Run twice: over
# one pipelined connection (max_connections = 1) and over four, where
# helper connections fetch ahead in their own threads.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/tap.sh"
. "$here/../lib/dovecot.sh"
. "$here/../lib/ykien-env.sh"
N=${CRASH_MESSAGES:-2000}
KILLS=${CRASH_KILLS:-20}
SEED=${CRASH_SEED:-$RANDOM}
echo "# seed $SEED (CRASH_SEED=$SEED reproduces the kill times)"

T=
trap 'ykien_env_stop; [ -n "$T" ] && rm -rf "$T"' EXIT
db() { sqlite3 "$T/ykien.db" "$@" 2>/dev/null; }

# crash_run CONNECTIONS NAME
crash_run() {
    local conns=$1 t=$2 delays mid=0 n d pid seen=""
    T=$(mktemp -d /tmp/ykcrash.XXXXXX)
    ykien_env_start "$T" || { not_ok "$t: private Dovecot starts"; return 1; }
    mailbox_option "max_connections = $conns;"
    python3 "$YK_TOP/tests/lib/genmail.py" "$T/gen" "$N" --prefix crash > /dev/null
    maildir_deliver_dir "$T/gen"

    # kill times: the time a run takes to start and log in (measured here,
    # on an empty folder: about 40 ms on an idle machine, much more on a
    # busy one or under a sanitizer), then uniform in 10-100 ms, so that
    # most kills land inside the intake; a sanitizer build is several
    # times slower at everything, so its window is four times as wide
    local slow=1 start
    case $YK_BUILD in *asan*|*tsan*) slow=4 ;; esac
    mkdir -p "$DOVECOT_MAILDIR/.cal/cur" "$DOVECOT_MAILDIR/.cal/new" "$DOVECOT_MAILDIR/.cal/tmp"
    chown -R "$(stat -c %u:%g "$DOVECOT_MAILDIR")" "$DOVECOT_MAILDIR/.cal"
    sed -e "s#/INBOX\";#/cal\";#" -e "s#$T/ykien.db#$T/cal.db#" -e "s#$T/archive#$T/cal-archive#" \
        "$YK_CONF" > "$T/cal.conf"
    start=$(date +%s%N)
    for _ in 1 2 3; do "$YKIEND" -c "$T/cal.conf" --once 2> /dev/null; done
    local t0=$(( ($(date +%s%N) - start) / 3000 ))   # microseconds, one run
    echo "# $t: a run starts and logs in in $((t0 / 1000)) ms"
    delays=$(python3 -c "import random; r = random.Random($SEED); print(' '.join('%.3f' % ($t0 / 1e6 + $slow * r.uniform(0.01, 0.10)) for _ in range($KILLS)))")
    for d in $delays; do
        "$YKIEND" -c "$YK_CONF" --once 2>> "$T/runs.log" &
        pid=$!
        sleep "$d"
        kill -KILL "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
        n=$(db 'SELECT count(*) FROM messages')
        n=${n:-0}
        seen="$seen $n"
        # killed before the intake was complete: in a batch being fetched,
        # archived or committed (a run commits every 200 messages)
        [ "$n" -lt "$N" ] && mid=$((mid + 1))
    done
    echo "# $t: filed after each kill:$seen"
    echo "# $t: $mid of $KILLS kills landed before the intake was complete"
    check "$t: at least 5 kills landed in the middle of the intake" [ "$mid" -ge 5 ]

    "$YKIEND" -c "$YK_CONF" --once 2>> "$T/runs.log"
    is "$t: a last run after the kills exits 0" "$?" 0
    is "$t: every message is recorded" "$(db 'SELECT count(*) FROM messages')" "$N"
    is "$t: no UID is recorded twice" "$(db 'SELECT count(DISTINCT uid) FROM messages')" "$N"
    server_ids=$(doveadm -c "$DOVECOT_DIR/dovecot.conf" fetch -u tester hdr.message-id mailbox INBOX |
                 sed -n 's/^hdr.message-id: <\(.*\)>.*/\1/p' | sort)
    db_ids=$(db 'SELECT message_id FROM messages' | sort)
    is "$t: the Message-IDs filed are exactly the server's" "$(echo "$db_ids" | md5sum)" "$(echo "$server_ids" | md5sum)"
    is "$t: the server holds $N messages" "$(echo "$server_ids" | grep -c .)" "$N"
    is "$t: the archive holds one file per message" "$(find "$T/archive" -name '*.eml' -type f | wc -l)" "$N"
    is "$t: no temporary file is left in the archive" "$(find "$T/archive" -name '.tmp-*' | wc -l)" 0
    bad=0
    while read -r path sha; do
        [ "$(sha256sum "$T/archive/$path" | cut -d' ' -f1)" = "$sha" ] || bad=$((bad + 1))
    done < <(db "SELECT archive_path || ' ' || sha256 FROM messages")
    is "$t: every archived file holds the bytes recorded for it" "$bad" 0
    is "$t: the high-water UID is the last UID" "$(db 'SELECT last_uid FROM mailbox_state')" \
        "$(db 'SELECT max(uid) FROM messages')"
    if [ "$conns" -gt 1 ]; then
        # each run logs in once; more logins are helpers' (max_connections)
        logins=$(grep -c 'Login: user=<tester>' "$DOVECOT_DIR/dovecot.log")
        check "$t: helper connections logged in ($logins logins in $((KILLS + 1)) runs)" \
            [ "$logins" -gt $((KILLS + 1)) ]
    fi
    ykien_env_stop
    rm -rf "$T"
    T=
}

crash_run 1 "1 connection"
crash_run 4 "4 connections"
tap_done
