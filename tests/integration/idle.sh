#!/usr/bin/env bash
# IMAP IDLE between polls (mailbox.idle, RFC 2177), against a private
# Dovecot: with a poll interval of 300 s, a message APPENDed while ykiend
# idles is in the database within 2 s; the idle daemon uses under 50 ms of
# CPU in 10 s; SIGTERM during IDLE stops it at once and SIGHUP reloads; a
# dropped IDLE (kicked, or Dovecot killed and restarted) is not fatal: the
# next poll files the later mail and IDLE resumes; mailbox.idle = false
# polls (no IDLE command reaches the server, no connection held between
# polls, and mail waits for the poll); so does a server without IDLE.  Each
# IDLE is renewed before the server's limit (shown with a watchdog's short
# interval).
set -u
diag() { echo "# $*"; }
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/tap.sh"
. "$here/../lib/dovecot.sh"
. "$here/../lib/ykien-env.sh"

T=$(mktemp -d /tmp/ykidle.XXXXXX)
pid=
trap '[ -n "$pid" ] && kill -KILL $pid 2>/dev/null; ykien_env_stop; [ -n "${KEEP:-}" ] || rm -rf "$T"' EXIT
# every IMAP session's commands, for the check that idle = false sends no IDLE
DOVECOT_RAWLOG_DIR=$T/rawlog
mkdir -p "$DOVECOT_RAWLOG_DIR"
export DOVECOT_RAWLOG_DIR
ykien_env_start "$T" || { not_ok "private Dovecot starts"; tap_done; exit 1; }
chmod 777 "$DOVECOT_RAWLOG_DIR"
data=$YK_TOP/tests/data/replies
sed -i 's/poll_interval = 10;/poll_interval = 300;/' "$YK_CONF"

count() { sqlite3 "$T/ykien.db" 'SELECT count(*) FROM messages' 2>/dev/null || echo 0; }
# wait_for SECONDS CMD...: until CMD succeeds; 1 when it never did
wait_for() {
    local end=$(($(date +%s%N) + $1 * 1000000000))
    while [ "$(date +%s%N)" -lt $end ]; do "${@:2}" && return 0; sleep 0.02; done
    return 1
}
# lines LOG PATTERN: how many lines of LOG match
lines() { grep -c -- "$2" "$1" 2>/dev/null || true; }
# idling N: the daemon's log shows its Nth IDLE begun
idling() { [ "$(lines "$T/d.log" 'waiting for new mail: IMAP IDLE')" -ge "$1" ]; }
# a message of its own each time (a Message-ID and bytes not filed before)
MSG=0
append() {
    MSG=$((MSG + 1))
    sed "s/^Message-ID: .*/Message-ID: <idle-$MSG-$$@test.example>/I" "$data/01-snv-inline.eml" > "$T/m$MSG.eml"
    grep -qi '^Message-ID:' "$T/m$MSG.eml" || sed -i "1i Message-ID: <idle-$MSG-$$@test.example>" "$T/m$MSG.eml"
    dovecot_append "$T/m$MSG.eml"
}
# filed_within SECONDS N: the database holds N messages within SECONDS
at_least() { [ "$(count)" -ge "$1" ]; }
filed_within() { wait_for "$1" at_least "$2"; }
# conns: the daemon's established TCP connections to Dovecot
conns() { ss -Htnp state established "( dport = :$DOVECOT_PORT )" 2>/dev/null | grep -c "pid=$pid," || true; }
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$pid/stat"; }

start() {
    "$YKIEND" -v -c "$1" 2> "$T/d.log" &
    pid=$!
}

# --- idle on (the default) ---
start "$YK_CONF"
check "the daemon idles after its first poll" wait_for 10 idling 1
is "it holds one connection to the server while it idles" "$(conns)" 1
n0=$(count)
t0=$(date +%s%N)
append
check "a message APPENDed during IDLE is in the database within 2 s" filed_within 2 $((n0 + 1))
t1=$(date +%s%N)
diag "filed $(( (t1 - t0) / 1000000 )) ms after the APPEND began"
check "the log says IDLE announced it" grep -q 'new mail announced by IMAP IDLE' "$T/d.log"
check "and the daemon idles again" wait_for 5 idling 2

# CPU while idle: utime + stime over 10 s (clock ticks of 1/CLK_TCK s)
sleep 0.5
hz=$(getconf CLK_TCK)
c0=$(cpu_ticks)
sleep 10
c1=$(cpu_ticks)
ms=$(( (c1 - c0) * 1000 / hz ))
diag "CPU over 10 idle seconds: $ms ms ($((c1 - c0)) ticks of 1/$hz s)"
check "the idle daemon used under 50 ms of CPU in 10 s" test "$ms" -lt 50

# SIGHUP during IDLE: reloaded at once, and it idles again on the new configuration
k=$(lines "$T/d.log" 'waiting for new mail: IMAP IDLE')
kill -HUP "$pid"
check "SIGHUP during IDLE reloads at once" wait_for 2 grep -q 'configuration reloaded' "$T/d.log"
check "still running after SIGHUP" kill -0 "$pid"
check "it idles again after the reload" wait_for 5 idling $((k + 1))
n0=$(count)
append
check "mail is filed within 2 s after the reload too" filed_within 2 $((n0 + 1))
check "and the daemon idles again" wait_for 5 idling $((k + 2))

# SIGTERM during IDLE: gone within about a second, exit status 0
sleep 0.3
t0=$(date +%s%N)
kill -TERM "$pid"
wait_for 3 sh -c "! kill -0 $pid 2>/dev/null"
t1=$(date +%s%N)
wait "$pid"
is "SIGTERM during IDLE: exit status 0" "$?" 0
ms=$(( (t1 - t0) / 1000000 ))
diag "stopped $ms ms after SIGTERM"
check "SIGTERM during IDLE stops it within 1.2 s" test "$ms" -lt 1200
pid=
# Dovecot writes a session's rawlog when it ends
check "Dovecot's rawlog shows the IDLE command (the check idle = false relies on)" \
    wait_for 3 sh -c "grep -rqiE '^[0-9.]+ [^ ]+ IDLE' '$DOVECOT_RAWLOG_DIR'"

# --- after_filing = "move": our own moves shrink the folder (EXPUNGE),
# which is no new mail; a message arriving after them is, though the folder
# is back to the size it had ---
sed 's/after_filing = "keep";/after_filing = "move";/' "$YK_CONF" > "$T/move.conf"
start "$T/move.conf"
check "move: the daemon idles" wait_for 10 idling 1
for i in 1 2 3; do
    n0=$(count)
    append
    check "move: message $i is filed within 2 s" filed_within 2 $((n0 + 1))
    check "move: and the daemon idles again" wait_for 5 idling $((i + 1))
done
is "move: INBOX is empty (each was moved)" "$(imap_flags | grep -c .)" 0
c=$(lines "$T/d.log" 'cycle done')
sleep 2
is "move: the moves woke no cycle of their own" "$(lines "$T/d.log" 'cycle done')" "$c"
kill -TERM "$pid"
wait "$pid"
is "exit status 0" "$?" 0
pid=

# --- a dropped IDLE: kicked by the server, then the server killed and restarted ---
sed 's/poll_interval = 300;/poll_interval = 4;/' "$YK_CONF" > "$T/short.conf"
start "$T/short.conf"
check "short poll: the daemon idles" wait_for 10 idling 1
k=$(lines "$T/d.log" 'waiting for new mail: IMAP IDLE')
doveadm -c "$DOVECOT_DIR/dovecot.conf" kick "$DOVECOT_USER" > /dev/null 2>&1
check "a kicked IDLE connection is logged" wait_for 3 grep -q 'IMAP IDLE ended' "$T/d.log"
check "the daemon survives it" kill -0 "$pid"
n0=$(count)
append
check "a later message is filed at the next poll" filed_within 10 $((n0 + 1))
check "and IDLE resumes after that poll" wait_for 10 idling $((k + 1))
e=$(lines "$T/d.log" 'IMAP IDLE ended')
dovecot_kill
check "Dovecot killed during IDLE: logged" wait_for 3 sh -c "[ \$(grep -c 'IMAP IDLE ended' '$T/d.log') -gt $e ]"
check "the daemon survives it" kill -0 "$pid"
dovecot_restart
n0=$(count)
append
check "after a restart, a later message is filed" filed_within 15 $((n0 + 1))
k=$(lines "$T/d.log" 'waiting for new mail: IMAP IDLE')
check "and IDLE resumes" wait_for 10 idling $((k + 1))
n0=$(count)
append
check "then mail is filed within 2 s again" filed_within 2 $((n0 + 1))
kill -TERM "$pid"
wait "$pid"
is "exit status 0" "$?" 0
pid=

# --- IDLE renewed: each IDLE is cut at half the watchdog's interval (here
# 1 s; without a watchdog, at 25 min, before the server's 30) and issued
# again, and mail is still filed at once ---
WATCHDOG_USEC=2000000 "$YKIEND" -v -c "$YK_CONF" 2> "$T/d.log" &
pid=$!
check "watchdog: the daemon idles" wait_for 10 idling 1
check "each IDLE is renewed: 4 in about 3 s" wait_for 6 idling 4
n0=$(count)
append
check "mail is filed within 2 s between renewals" filed_within 2 $((n0 + 1))
is "renewals are not failures" "$(lines "$T/d.log" 'IMAP IDLE ended')" 0
kill -TERM "$pid"
wait "$pid"
is "exit status 0" "$?" 0
pid=

# --- a server that does not offer IDLE: polls, says so once ---
sed -i 's/imap_capability = +MOVE/imap_capability = IMAP4rev1 LITERAL+ UIDPLUS MOVE NAMESPACE/' \
    "$DOVECOT_DIR/dovecot.conf"
doveadm -c "$DOVECOT_DIR/dovecot.conf" reload
sleep 0.5
start "$YK_CONF"
check "no IDLE offered: the first poll is done" wait_for 10 grep -q 'cycle done' "$T/d.log"
check "no IDLE offered: said once" wait_for 3 grep -q 'does not offer IDLE' "$T/d.log"
sleep 0.5
n0=$(count)
append
sleep 2
is "no IDLE offered: mail waits for the next poll" "$(count)" "$n0"
is "no IDLE offered: no connection held between polls" "$(conns)" 0
kill -TERM "$pid"
wait "$pid"
is "exit status 0" "$?" 0
pid=
sed -i 's/imap_capability = IMAP4rev1 LITERAL+ UIDPLUS MOVE NAMESPACE/imap_capability = +MOVE/' \
    "$DOVECOT_DIR/dovecot.conf"
doveadm -c "$DOVECOT_DIR/dovecot.conf" reload
sleep 0.5

# --- SIGHUP to a configuration with idle = false: the IDLE connection goes ---
cp "$YK_CONF" "$T/hup.conf"
start "$T/hup.conf"
check "before the reload: the daemon idles" wait_for 10 idling 1
sed -i 's/^mailbox = {/&\n  idle = false;/' "$T/hup.conf"
kill -HUP "$pid"
check "reloaded with idle = false" wait_for 2 grep -q 'configuration reloaded' "$T/d.log"
check "after the reload: a poll is done" \
    wait_for 10 sh -c "sed -n '/configuration reloaded/,\$p' '$T/d.log' | grep -q 'cycle done'"
sleep 0.5
is "after the reload: no connection held between polls" "$(conns)" 0
is "after the reload: no IDLE begun" \
    "$(sed -n '/configuration reloaded/,$p' "$T/d.log" | grep -c 'waiting for new mail')" 0
kill -TERM "$pid"
wait "$pid"
is "exit status 0" "$?" 0
pid=

# --- mailbox.idle = false: polls ---
rm -rf "$DOVECOT_RAWLOG_DIR"/*
sed 's/^mailbox = {/&\n  idle = false;/' "$YK_CONF" > "$T/noidle.conf"
start "$T/noidle.conf"
check "idle = false: the first poll is done" wait_for 10 grep -q 'cycle done' "$T/d.log"
sleep 0.5
n0=$(count)
append
sleep 3
is "idle = false: mail waits for the next poll" "$(count)" "$n0"
is "idle = false: no connection held between polls" "$(conns)" 0
check "idle = false: the daemon logs no IDLE" sh -c "! grep -q 'IDLE' '$T/d.log'"
check "Dovecot's rawlog has the daemon's session" sh -c "grep -rlq 'SEARCH' '$DOVECOT_RAWLOG_DIR'"
check "idle = false: no IDLE command reached the server" sh -c "! grep -rqiE '^[0-9.]+ [^ ]+ IDLE' '$DOVECOT_RAWLOG_DIR'"
kill -TERM "$pid"
wait "$pid"
is "exit status 0" "$?" 0
pid=
tap_done
