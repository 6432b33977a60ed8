#!/usr/bin/env bash
# The intake against two more IMAP servers from Debian 12's own packages,
# beside the Dovecot of the other tests: Cyrus IMAP 3.6 and Courier IMAP 5.0,
# each run privately on 127.0.0.1 (tests/lib/cyrus.sh, tests/lib/courier.sh).
# On each, for after_filing keep, seen and move over one and four
# connections: N messages (tests/lib/genmail.py) delivered, `ykiend --once`,
# every message filed once (the Message-IDs filed are exactly those
# delivered) and the server as the mode says (keep: untouched and unseen;
# seen: \Seen; move: INBOX empty, each message in INBOX.YKien.<agency code>,
# .._unassigned or .._other, the folder its filing says: both servers'
# personal namespace is "INBOX." with "." between levels); then 5 new
# messages and a second cycle files them.  Then the service idles on each
# server's IMAP IDLE and files a message APPENDed at once.  Then a short
# crash test on each:
# SIGKILLs at random moments during the intake of a few hundred messages,
# a clean cycle, everything filed once and \Seen.
#   SERVERS="cyrus courier"  which servers (default both)
#   SERVERS_MESSAGES=60      messages per case: with 4 connections, more than
#                            one job of 50 (lib/source_imapfetch.c), so a helper connects
#   CRASH_MESSAGES=500 CRASH_KILLS=5 CRASH_SEED=n   the crash test (kill points)
# A server that cannot be had here (not root, Debian's packages not
# downloadable) is a SKIP that says why, never a failure.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/tap.sh"
. "$here/../lib/cyrus.sh"
. "$here/../lib/courier.sh"
. "$here/../lib/ykien-env.sh"
N=${SERVERS_MESSAGES:-60}
CRASH_N=${CRASH_MESSAGES:-500}
KILLS=${CRASH_KILLS:-5}
SEED=${CRASH_SEED:-$RANDOM}
echo "# crash seed $SEED (CRASH_SEED=$SEED reproduces the kill times)"

T=$(mktemp -d /tmp/yksrv.XXXXXX)
trap 'cyrus_stop; courier_stop; [ -n "${KEEP:-}" ] || rm -rf "$T"' EXIT

S=            # the server under test: cyrus or courier
srv() { "${S}_$1" "${@:2}"; }
srv_port() { if [ "$S" = cyrus ]; then echo "$CYRUS_PORT"; else echo "$COURIER_PORT"; fi; }
srv_pass() { if [ "$S" = cyrus ]; then echo "$CYRUS_PASS"; else echo "$COURIER_PASS"; fi; }

# write_conf DIR MODE CONNS: conf/demo.conf as tests/lib/ykien-env.sh makes
# it, for the server under test (user tester, allow_plaintext on loopback)
write_conf() {
    local d=$1
    srv_pass > "$d/imap.pass"
    chmod 600 "$d/imap.pass"
    sed -e "s#DEMO_PORT#$(srv_port)#g" -e "s#DEMO_DIR#$d#g" \
        -e "s|^  after_filing = .*;|  after_filing = \"$2\";|" \
        "$YK_TOP/conf/demo.conf" > "$d/ykien.conf"
    YK_CONF=$d/ykien.conf mailbox_option "max_connections = $3;"
}

# ids DIR: the Message-IDs of the generated *.eml in DIR
ids() { sed -n 's/^Message-ID: <\(.*\)>\r*$/\1/p' "$1"/*.eml; }

# why D LOG: on a failure, the lines that say why: ykiend's, and what the
# server refused since mark() (Cyrus: command and answer)
mark() { srv mark "$T/mark"; }
why() {
    local d=$1 log=$2
    grep -E 'error|warning|refused|fail|NO |BAD ' "$d/$log" 2>/dev/null | tail -5 | sed 's/^/#   ykiend: /'
    srv refusals "$T/mark" 2>/dev/null | head -8 | sed 's/^/#   server: /'
}

# state_ok T D MODE COUNT: the database and the server after a cycle
state_ok() {
    local t=$1 d=$2 mode=$3 count=$4 db=$d/ykien.db state
    is "$t: $count filed" "$(sqlite3 "$db" 'SELECT count(*) FROM messages')" "$count"
    is "$t: each Message-ID filed once" \
        "$(sqlite3 "$db" 'SELECT count(DISTINCT message_id) FROM messages')" "$count"
    is "$t: the Message-IDs filed are those delivered" \
        "$(sqlite3 "$db" 'SELECT message_id FROM messages' | sort | md5sum)" \
        "$(sort "$d/ids" | md5sum)"
    srv all > "$d/state" || { not_ok "$t: the server's folders can be read"; return; }
    is "$t: the server holds $count messages" "$(wc -l < "$d/state")" "$count"
    case $mode in
    keep)
        is "$t: all still in INBOX" "$(grep -c '^INBOX ' "$d/state")" "$count"
        is "$t: none marked \\Seen (the server copy is untouched)" \
            "$(grep -c 'Seen' "$d/state")" 0 ;;
    seen)
        is "$t: all still in INBOX" "$(grep -c '^INBOX ' "$d/state")" "$count"
        is "$t: all marked \\Seen" "$(awk '$3 ~ /\\Seen/' "$d/state" | wc -l)" "$count" ;;
    move)
        is "$t: INBOX is empty" "$(grep -c '^INBOX ' "$d/state")" 0
        is "$t: all in INBOX.YKien.* folders" "$(grep -c '^INBOX\.YKien\.[^ ]* ' "$d/state")" "$count"
        # the folder each was moved to is the one its filing says
        is "$t: each in the folder of its agency (or _unassigned, _other)" \
            "$(awk '{ print $4, $1 }' "$d/state" | sort | md5sum)" \
            "$(sqlite3 -separator ' ' "$db" "SELECT message_id, 'INBOX.YKien.' ||
                 CASE WHEN kind = 'form_reply' AND campaign IS NOT NULL
                      THEN coalesce(nullif(agency, ''), '_unassigned') ELSE '_other' END
                 FROM messages" | sort | md5sum)" ;;
    esac
}

# run_case MODE CONNS
run_case() {
    local mode=$1 conns=$2 t="$S, $1, $2 conn" d=$T/$S-$1-$2 failed
    mkdir -p "$d"
    # every folder emptied; those an earlier move made stay, so the first
    # move case creates its folders and the second finds them there
    srv clear || { not_ok "$t: the mailbox is emptied"; return; }
    python3 "$YK_TOP/tests/lib/genmail.py" "$d/gen" "$N" --prefix "$S-$mode-$conns" > /dev/null
    ids "$d/gen" > "$d/ids"
    srv deliver "$d/gen"/*.eml || { not_ok "$t: $N messages delivered"; return; }
    write_conf "$d" "$mode" "$conns"
    failed=$TAP_FAILED; mark
    "$YKIEND" -c "$d/ykien.conf" --once 2> "$d/run1.log"
    is "$t: the cycle exits 0" "$?" 0
    if [ "$conns" -gt 1 ]; then
        check "$t: helper connections fetched too" \
            grep -qE 'filed over [2-9] IMAP connection' "$d/run1.log"
    fi
    state_ok "$t" "$d" "$mode" "$N"
    [ "$TAP_FAILED" = "$failed" ] || why "$d" run1.log

    python3 "$YK_TOP/tests/lib/genmail.py" "$d/gen2" 5 --seed 7 --prefix "$S-$mode-$conns-new" > /dev/null
    ids "$d/gen2" >> "$d/ids"
    srv deliver "$d/gen2"/*.eml || { not_ok "$t: 5 new messages delivered"; return; }
    failed=$TAP_FAILED; mark
    "$YKIEND" -c "$d/ykien.conf" --once 2> "$d/run2.log"
    is "$t, second cycle: exits 0" "$?" 0
    state_ok "$t, second cycle" "$d" "$mode" $((N + 5))
    [ "$TAP_FAILED" = "$failed" ] || why "$d" run2.log
}

# crash_case: after_filing = seen over four connections; CRASH_N messages,
# ykiend killed KILLS times, each time once a random number of messages is
# in its archive (so at a random moment of the intake: while fetching,
# around a commit of 200, while \Seen is being set), then a clean cycle.
# Should a run finish before its kill, CRASH_N/2 more messages arrive for
# the next one.
crash_case() {
    local t="$S, crash" d=$T/$S-crash mid=0 n=0 pid seen="" failed total=$CRASH_N k target base
    local -a got
    mkdir -p "$d"
    srv clear || { not_ok "$t: the mailbox is emptied"; return; }
    python3 "$YK_TOP/tests/lib/genmail.py" "$d/gen" "$CRASH_N" --prefix "$S-crash" > /dev/null
    ids "$d/gen" > "$d/ids"
    srv deliver "$d/gen"/*.eml || { not_ok "$t: $CRASH_N messages delivered"; return; }
    write_conf "$d" seen 4
    RANDOM=$SEED
    shopt -s globstar nullglob
    for k in $(seq 1 "$KILLS"); do
        if [ "$n" -ge "$total" ]; then
            python3 "$YK_TOP/tests/lib/genmail.py" "$d/more$k" $((CRASH_N / 2)) --seed "$k" \
                --prefix "$S-crash-$k" > /dev/null
            ids "$d/more$k" >> "$d/ids"
            srv deliver "$d/more$k"/*.eml || { not_ok "$t: more messages delivered"; return; }
            total=$((total + CRASH_N / 2))
        fi
        # counted from what is in the archive already: a killed run leaves
        # files that the next one writes again under the same names
        got=("$d"/archive/**/*.eml)
        base=$(( ${#got[@]} > n ? ${#got[@]} : n ))
        "$YKIEND" -c "$d/ykien.conf" --once 2>> "$d/runs.log" &
        pid=$!
        if [ "$base" -lt "$total" ]; then
            target=$((base + 1 + RANDOM % (total - base)))
            while kill -0 "$pid" 2>/dev/null; do
                got=("$d"/archive/**/*.eml)
                [ "${#got[@]}" -ge "$target" ] && break
                sleep 0.01
            done
        else
            # all archived, not all committed: at a random time instead
            target="$((RANDOM % 300))ms"
            sleep "$(printf '0.%03d' "${target%ms}")"
        fi
        kill -KILL "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
        n=$(sqlite3 "$d/ykien.db" 'SELECT count(*) FROM messages' 2>/dev/null)
        n=${n:-0}
        seen="$seen $n/$total@$target"
        [ "$n" -lt "$total" ] && mid=$((mid + 1))
    done
    shopt -u globstar nullglob
    echo "# $t: filed/delivered@archived when killed:$seen ($mid of $KILLS kills before the intake was complete)"
    check "$t: at least one kill landed in the middle of the intake" [ "$mid" -ge 1 ]
    failed=$TAP_FAILED; mark
    "$YKIEND" -c "$d/ykien.conf" --once 2>> "$d/runs.log"
    is "$t: a clean cycle after the kills exits 0" "$?" 0
    state_ok "$t" "$d" seen "$total"
    is "$t: no UID filed twice" "$(sqlite3 "$d/ykien.db" 'SELECT count(DISTINCT uid) FROM messages')" "$total"
    is "$t: the archive holds one file per message" \
        "$(find "$d/archive" -name '*.eml' -type f | wc -l)" "$total"
    is "$t: the high-water UID is the last UID" \
        "$(sqlite3 "$d/ykien.db" 'SELECT last_uid FROM mailbox_state')" \
        "$(sqlite3 "$d/ykien.db" 'SELECT max(uid) FROM messages')"
    [ "$TAP_FAILED" = "$failed" ] || why "$d" runs.log
}

# idle_case: the service (not --once) with a poll interval of 300 s idles
# on the server's IDLE (mailbox.idle, on by default); a message APPENDed
# then is filed long before the next poll (IDLE_WITHIN seconds: 2 on Cyrus,
# whose idled tells imapd at once; 5 on Courier, which without FAM looks for
# new mail every IMAP_IDLE_TIMEOUT seconds, 1 in tests/lib/courier.sh: ~3 s
# from APPEND to filed, measured),
# then SIGTERM stops it at once
idle_case() {
    local t="$S, idle" d=$T/$S-idle pid n0 t0 t1 i within=${IDLE_WITHIN:-2}
    [ "$S" = courier ] && within=${IDLE_WITHIN:-5}
    mkdir -p "$d"
    srv clear || { not_ok "$t: the mailbox is emptied"; return; }
    python3 "$YK_TOP/tests/lib/genmail.py" "$d/gen" 1 --prefix "$S-idle" > /dev/null
    ids "$d/gen" > "$d/ids"
    write_conf "$d" keep 1
    sed -i 's/poll_interval = 10;/poll_interval = 300;/' "$d/ykien.conf"
    "$YKIEND" -v -c "$d/ykien.conf" 2> "$d/run.log" &
    pid=$!
    for i in $(seq 1 200); do
        grep -q 'waiting for new mail: IMAP IDLE' "$d/run.log" && break
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.05
    done
    check "$t: the service idles (the server offers IDLE)" \
        grep -q 'waiting for new mail: IMAP IDLE' "$d/run.log"
    n0=$(sqlite3 "$d/ykien.db" 'SELECT count(*) FROM messages')
    t0=$(date +%s%N)
    srv append "$d/gen"/*.eml || { not_ok "$t: a message APPENDed"; }
    while [ "$(sqlite3 "$d/ykien.db" 'SELECT count(*) FROM messages')" -le "$n0" ] &&
          [ "$(date +%s%N)" -lt $((t0 + within * 1000000000)) ]; do
        sleep 0.05
    done
    t1=$(date +%s%N)
    echo "# $t: filed $(( (t1 - t0) / 1000000 )) ms after the APPEND began"
    is "$t: the message APPENDed during IDLE is filed within $within s" \
        "$(sqlite3 "$d/ykien.db" 'SELECT message_id FROM messages')" "$(cat "$d/ids")"
    check "$t: IDLE announced it" grep -q 'new mail announced by IMAP IDLE' "$d/run.log"
    kill -TERM "$pid"
    t0=$(date +%s%N)
    wait "$pid"
    is "$t: SIGTERM during IDLE: exit status 0" "$?" 0
    t1=$(date +%s%N)
    check "$t: stopped within 2 s" [ $(( (t1 - t0) / 1000000 )) -lt 2000 ]
    check "$t: no IDLE failure logged" sh -c "! grep -q 'IMAP IDLE ended\|IDLE not possible' '$d/run.log'"
}

for S in ${SERVERS:-cyrus courier}; do
    start=$(date +%s)
    srv start "$T/$S"
    rc=$?
    if [ "$rc" = 2 ]; then
        why_not=CYRUS_WHY; [ "$S" = courier ] && why_not=COURIER_WHY
        skip "$S: ${!why_not}"
        continue
    elif [ "$rc" != 0 ]; then
        not_ok "$S: the private server starts"
        continue
    fi
    ok "$S: the private server starts on 127.0.0.1:$(srv_port)"
    for mode in keep seen move; do
        for conns in 1 4; do
            run_case "$mode" "$conns"
        done
    done
    idle_case
    crash_case
    srv stop
    echo "# $S: $(( $(date +%s) - start )) s"
done
tap_done
