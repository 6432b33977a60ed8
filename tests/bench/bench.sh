#!/usr/bin/env bash
# make bench: intake speed of ykiend against mbsync (Debian's isync, its
# default durable settings) on the same private Dovecot mailbox, in the
# same run; peak memory; the cost of an idle poll.
#   BENCH_SIZES="1000 10000" (default)   BENCH_ATTACH=0.083 (share of
#   messages with a 0.1-2 MB attachment: about 1.2 GB for 10,000)
#   BENCH_LATENCY_MS=10 (each way, through a delaying proxy: a 20 ms round
#   trip) for the latency section on 1,000 messages; 0 skips it
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/dovecot.sh"
. "$here/../lib/ykien-env.sh"
SIZES=${BENCH_SIZES:-"1000 10000"}
ATTACH=${BENCH_ATTACH:-0.083}
W=$(mktemp -d /tmp/ykbench.XXXXXX)
trap '[ -n "$proxy" ] && kill $proxy 2>/dev/null; ykien_env_stop; rm -rf "$W"' EXIT
measure() { python3 "$here/measure.py" "$@"; }
LAT=${BENCH_LATENCY_MS:-10}
proxy=
mbsyncrc() { # dir port
    cat <<RC
IMAPAccount bench
Host 127.0.0.1
Port $2
User $DOVECOT_USER
Pass $DOVECOT_PASS
SSLType None
AuthMechs LOGIN

IMAPStore far
Account bench

MaildirStore near
Path $1/
Inbox $1/INBOX

Channel bench
Far :far:
Near :near:
Patterns INBOX
Create Near
Sync Pull
SyncState *
RC
}
field() { sed -n "s/.*$1=\([0-9.]*\).*/\1/p" "$2" | tail -1; }

echo "ykien benchmark — $(nproc) cores, $(uname -r), $(date -u +%Y-%m-%dT%H:%MZ)"
for n in $SIZES; do
    T=$W/n$n
    mkdir -p "$T"
    ykien_env_start "$T" > /dev/null || { echo "bench: Dovecot did not start" >&2; exit 1; }
    bytes=$(python3 "$YK_TOP/tests/lib/genmail.py" "$T/gen" "$n" --attach-fraction "$ATTACH" --prefix b)
    maildir_deliver_dir "$T/gen" move
    # index and read every message once, so that both clients meet a warm server
    doveadm -c "$DOVECOT_DIR/dovecot.conf" fetch -u tester text mailbox INBOX > /dev/null
    mb=$(python3 -c "print('%.1f' % ($bytes / 1e6))")

    measure "$YKIEND" -c "$YK_CONF" --once 2> "$T/ykiend.log"
    yk_s=$(field wall_s "$T/ykiend.log"); yk_rss=$(field rss_kb "$T/ykiend.log")
    filed=$(sqlite3 "$T/ykien.db" 'SELECT count(*) FROM messages')

    mkdir -p "$T/mbsync"
    mbsyncrc "$T/mbsync" "$DOVECOT_PORT" > "$T/mbsyncrc"
    measure mbsync -q -c "$T/mbsyncrc" bench 2> "$T/mbsync.log"
    mb_s=$(field wall_s "$T/mbsync.log")
    mb_n=$(find "$T/mbsync/INBOX" -type f | wc -l)

    measure "$YKIEND" -c "$YK_CONF" --once -v 2> "$T/idle.log"
    idle_s=$(field wall_s "$T/idle.log")
    idle_cmds=$(sed -n 's/.*, \([0-9]*\) IMAP commands.*/\1/p' "$T/idle.log" | tail -1)

    python3 - "$n" "$mb" "$yk_s" "$yk_rss" "$filed" "$mb_s" "$mb_n" "$idle_s" "$idle_cmds" <<'PY'
import sys
n, mb, yk, rss, filed, ms, mn, idle, cmds = sys.argv[1:]
n, mb, yk, ms, idle = int(n), float(mb), float(yk), float(ms), float(idle)
print()
print("%d messages, %.1f MB" % (n, mb))
print("  ykiend --once (fetch, parse, archive, file): %7.2f s  %7.0f msg/s  %6.1f MB/s  peak RSS %.1f MB  (%s filed)"
      % (yk, n / yk, mb / yk, int(rss) / 1024, filed))
print("  mbsync (fsync per message, its default):   %7.2f s  %7.0f msg/s  %6.1f MB/s  (%s copied)"
      % (ms, n / ms, mb / ms, mn))
print("  ratio ykiend / mbsync: %.2f" % (yk / ms))
print("  idle poll: %.0f ms, %s IMAP commands after login (EXAMINE, UID SEARCH; then LOGOUT)"
      % (idle * 1000, cmds))
PY
    ykien_env_stop
    # no deletion here: ext4 makes new files slower near recently deleted ones
done

if [ "$LAT" -gt 0 ]; then
    T=$W/latency
    mkdir -p "$T"
    ykien_env_start "$T" > /dev/null || exit 1
    python3 "$YK_TOP/tests/lib/genmail.py" "$T/gen" 1000 --prefix lat > /dev/null
    maildir_deliver_dir "$T/gen" move
    doveadm -c "$DOVECOT_DIR/dovecot.conf" fetch -u tester text mailbox INBOX > /dev/null
    python3 "$YK_TOP/tests/lib/delay_proxy.py" "$DOVECOT_PORT" "$LAT" "$T/proxy.port" "$T/proxy.stats" 900 &
    proxy=$!
    for _ in $(seq 1 100); do [ -s "$T/proxy.port" ] && break; sleep 0.05; done
    pport=$(cat "$T/proxy.port")
    sed -i "s|127.0.0.1:$DOVECOT_PORT|127.0.0.1:$pport|" "$YK_CONF"
    measure "$YKIEND" -c "$YK_CONF" --once 2> "$T/ykiend.log"
    yk_s=$(field wall_s "$T/ykiend.log")
    mkdir -p "$T/mbsync"
    mbsyncrc "$T/mbsync" "$pport" > "$T/mbsyncrc"
    measure mbsync -q -c "$T/mbsyncrc" bench 2> "$T/mbsync.log"
    mb_s=$(field wall_s "$T/mbsync.log")
    python3 - "$LAT" "$yk_s" "$mb_s" "$(sqlite3 "$T/ykien.db" 'SELECT count(*) FROM messages')" \
        "$(find "$T/mbsync/INBOX" -type f | wc -l)" <<'PY'
import sys
lat, yk, ms, filed, copied = sys.argv[1:]
yk, ms = float(yk), float(ms)
print()
print("1000 messages through a proxy adding %s ms each way (%d ms round trip)" % (lat, 2 * int(lat)))
print("  ykiend --once: %6.2f s (%s filed)   mbsync: %6.2f s (%s copied)   ratio %.2f"
      % (yk, filed, ms, copied, yk / ms))
PY
    kill $proxy 2>/dev/null; proxy=
    ykien_env_stop
fi

echo
echo "extraction (the same mixed replies, in memory, no I/O):"
"$YK_BUILD/bench_extract" "$YK_TOP/conf/demo.conf" "$YK_TOP"/tests/data/replies/*.eml "$YK_TOP"/tests/data/extract/*.eml "$YK_TOP"/tests/data/attach/*.eml

# OCR (issue 10): one generated A4 page, as a PNG and as a PDF without a
# text layer (rendered at 300 dpi first); the best of three runs each.
echo
if command -v tesseract > /dev/null && /usr/bin/python3 -c 'import PIL' 2> /dev/null; then
    /usr/bin/python3 "$YK_TOP/tests/lib/genscan.py" "$W/ocr" > /dev/null
    sed -e "s#DEMO_PORT#1#g" -e "s#DEMO_DIR#$W/ocr/w#g" "$YK_TOP/conf/demo.conf" > "$W/ocr/ykien.conf"
    for kind in png pdf; do
        best=
        for _ in 1 2 3; do
            t0=$(date +%s.%N)
            "$YKIEN" -c "$W/ocr/ykien.conf" parse --json "$W/ocr/scan_$kind.eml" > /dev/null
            t1=$(date +%s.%N)
            best=$(python3 -c "b='$best'; t=$t1-$t0; print('%.3f' % (t if not b or t < float(b) else float(b)))")
        done
        echo "OCR time per page ($kind scan, one A4 page, ykien parse): $best s"
    done
else
    echo "OCR time per page: skipped (tesseract or python3-pil missing: make deps)"
fi
