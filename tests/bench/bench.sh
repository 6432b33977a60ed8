#!/usr/bin/env bash
# make bench: intake speed of ykiend against mbsync (Debian's isync, its
# default durable settings) on the same private Dovecot mailbox, in the
# same run; peak memory; the cost of an idle poll; how it scales.
#   BENCH_SIZES="1000 10000" (default)   BENCH_ATTACH=0.083 (share of
#   messages with a 0.1-2 MB attachment: about 1.2 GB for 10,000)
#   BENCH_LATENCY_MS=10 (each way, through a delaying proxy: a 20 ms round
#   trip) for the latency section on 1,000 messages; 0 skips it
#   BENCH_LATENCY_ROUNDS=3 (first syncs of each client, alternating order)
#   BENCH_LATENCY_ATTACH=0 (share of the latency set's messages with an
#   attachment, as BENCH_ATTACH; 0: text replies of 1-2 kB)
#   BENCH_LATENCY_RATE=1000000 (bytes/s each connection may carry in the
#   second latency run, as over a window-limited long path; 0 skips it)
#   BENCH_SCALE="10000 100000" (the scale section, this script's last: ykiend
#   alone, text-only messages of 1-2 kB; its time, peak RSS, database bytes per
#   message, largest archive folder; the last size's time against the
#   first's; 0 or "" skips it)   BENCH_SCALE_MONTHS=36 (months the scale
#   set's dates spread over, genmail.py --months)
# Like for like: every ykiend-mbsync comparison is over STARTTLS, both
# clients trusting the same self-signed certificate of the private Dovecot,
# and both meet a warm server: every message read once beforehand with the
# sizes, dates and flags both clients ask for (dovecot_warm).
# ykiend runs with YKIEND_PROFILE set: it logs where its time went (the
# breakdown printed after the 10,000-message line).
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
# mbsync over STARTTLS: "localhost" (127.0.0.1), the name its check of the
# certificate's owner looks for (it reads no IP address in it)
mbsyncrc() { # dir port [FSync yes|no]
    cat <<RC
FSync ${3:-yes}

IMAPAccount bench
Host localhost
Port $2
User $DOVECOT_USER
Pass $DOVECOT_PASS
SSLType STARTTLS
CertificateFile $DOVECOT_DIR/ca.pem
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
# every message read once, with what the clients ask for besides BODY[]
dovecot_warm() {
    doveadm -c "$DOVECOT_DIR/dovecot.conf" fetch -u tester \
        "uid flags size.virtual date.received text" mailbox INBOX > /dev/null
}
field() { sed -n "s/.*$1=\([0-9.]*\).*/\1/p" "$2" | tail -1; }
# env_tls DIR: the private Dovecot with TLS, $YK_CONF over STARTTLS (its
# certificate trusted through ca_file, plain text refused)
env_tls() {
    DOVECOT_TLS=1 ykien_env_start "$1" > /dev/null || return 1
    sed -i 's/allow_plaintext = true;/allow_plaintext = false;/' "$YK_CONF"
    mailbox_option "ca_file = \"$DOVECOT_DIR/ca.pem\";"
}

echo "ykien benchmark — $(nproc) cores, $(uname -r), $(date -u +%Y-%m-%dT%H:%MZ)"
echo "every ykiend-mbsync comparison over STARTTLS, both clients trusting the same certificate,"
echo "both meeting a warm server (each message, its size, date and flags read once before)"
for n in $SIZES; do
    T=$W/n$n
    mkdir -p "$T"
    env_tls "$T" || { echo "bench: Dovecot did not start" >&2; exit 1; }
    bytes=$(python3 "$YK_TOP/tests/lib/genmail.py" "$T/gen" "$n" --attach-fraction "$ATTACH" --prefix b)
    maildir_deliver_dir "$T/gen" move
    # index and read every message once, so that both clients meet a warm
    # server: with the sizes, dates and flags both ask for, which Dovecot
    # otherwise works out (reading every file again) and caches for the
    # first client only; that was ykiend, which ran first: about 1 s of
    # 10,000 messages went to it and not to mbsync
    dovecot_warm
    # the set-up's gigabyte on disk before the clock starts: ykiend's
    # syncfs would otherwise pay for writing it, mbsync's fsyncs not
    sync
    mb=$(python3 -c "print('%.1f' % ($bytes / 1e6))")

    YKIEND_PROFILE=1 measure "$YKIEND" -c "$YK_CONF" --once 2> "$T/ykiend.log"
    yk_s=$(field wall_s "$T/ykiend.log"); yk_rss=$(field rss_kb "$T/ykiend.log")
    filed=$(sqlite3 "$T/ykien.db" 'SELECT count(*) FROM messages')
    yk_times=$(sed -n 's/.*cycle time: //p' "$T/ykiend.log" | tail -1)

    mkdir -p "$T/mbsync"
    mbsyncrc "$T/mbsync" "$DOVECOT_PORT" > "$T/mbsyncrc"
    measure mbsync -q -c "$T/mbsyncrc" bench 2> "$T/mbsync.log"
    mb_s=$(field wall_s "$T/mbsync.log")
    mb_n=$(find "$T/mbsync/INBOX/cur" "$T/mbsync/INBOX/new" -type f | wc -l)
    # mbsync without its fsync per message: what durability costs it
    mkdir -p "$T/mbsync-nofsync"
    mbsyncrc "$T/mbsync-nofsync" "$DOVECOT_PORT" no > "$T/mbsyncrc-nofsync"
    measure mbsync -q -c "$T/mbsyncrc-nofsync" bench 2> "$T/mbsync-nofsync.log"
    mbn_s=$(field wall_s "$T/mbsync-nofsync.log")
    mbn_n=$(find "$T/mbsync-nofsync/INBOX/cur" "$T/mbsync-nofsync/INBOX/new" -type f | wc -l)

    measure "$YKIEND" -c "$YK_CONF" --once -v 2> "$T/idle.log"
    idle_s=$(field wall_s "$T/idle.log")
    idle_cmds=$(sed -n 's/.*, \([0-9]*\) IMAP commands.*/\1/p' "$T/idle.log" | tail -1)
    idle_ms=$(sed -n 's/.* IMAP commands, \([0-9]*\) ms.*/\1/p' "$T/idle.log" | tail -1)

    python3 - "$n" "$mb" "$yk_s" "$yk_rss" "$filed" "$mb_s" "$mb_n" "$idle_s" "$idle_cmds" "$idle_ms" \
        "$mbn_s" "$mbn_n" "$yk_times" <<'PY'
import sys
n, mb, yk, rss, filed, ms, mn, idle, cmds, idle_ms, mns, mnn, times = sys.argv[1:]
n, mb, yk, ms, idle, mns = int(n), float(mb), float(yk), float(ms), float(idle), float(mns)
print()
print("%d messages, %.1f MB, both clients over STARTTLS" % (n, mb))
print("  ykiend --once (fetch, parse, archive, file): %7.2f s  %7.0f msg/s  %6.1f MB/s  peak RSS %.1f MB  (%s filed)"
      % (yk, n / yk, mb / yk, int(rss) / 1024, filed))
print("  mbsync (fsync per message, its default):   %7.2f s  %7.0f msg/s  %6.1f MB/s  (%s copied)"
      % (ms, n / ms, mb / ms, mn))
print("  mbsync with FSync no:                        %7.2f s  %7.0f msg/s  %6.1f MB/s  (%s copied)"
      % (mns, n / mns, mb / mns, mnn))
print("  ratio ykiend / mbsync: %.2f   against mbsync with FSync no: %.2f" % (yk / ms, yk / mns))
if times:
    # the filing thread's time by stage (YKIEND_PROFILE); the helper
    # connections fetch beside it, so "fetch" is what it waited
    parts = [p.rsplit(" ", 2) for p in times.split("; ")]
    total = sum(float(p[1]) for p in parts)
    print("  where ykiend's time went (filing thread, %.2f s timed of %.2f s):" % (total, yk))
    for name, secs, _ in parts:
        print("    %-28s %6.2f s  %4.0f%%" % (name, float(secs), 100 * float(secs) / yk))
    print("    %-28s %6.2f s  %4.0f%%" % ("the rest (start, login, search)", yk - total,
                                        100 * (yk - total) / yk))
print("  idle poll: %s ms in the daemon's cycle (connect, login, %s IMAP commands after it:"
      " EXAMINE, UID SEARCH; then LOGOUT); ykiend --once as a whole process: %.0f ms"
      % (idle_ms, cmds, idle * 1000))
PY
    ykien_env_stop
    # no deletion here: ext4 makes new files slower near recently deleted ones
done

# latency_rounds NAME TITLE [PROXY OPTIONS]: the three clients' first syncs
# through a delay_proxy.py of their own, the medians compared.
latency_rounds() {
    local name=$1 title=$2 pport r R c order who rounds
    shift 2
    mkdir -p "$T/$name"
    python3 "$YK_TOP/tests/lib/delay_proxy.py" "$DOVECOT_PORT" "$LAT" "$T/$name/proxy.port" \
        "$T/$name/proxy.stats" 900 "$@" &
    proxy=$!
    for _ in $(seq 1 100); do [ -s "$T/$name/proxy.port" ] && break; sleep 0.05; done
    pport=$(cat "$T/$name/proxy.port")
    # Each round is a first sync into fresh folders (nothing is deleted
    # in between: ext4 creates files slowly near recently deleted ones),
    # the order rotating, so that no client always meets another's dirty
    # pages; the medians are compared.  ykiend twice: over one pipelined
    # connection (max_connections = 1) and over four (the default).
    rounds=${BENCH_LATENCY_ROUNDS:-3}
    : > "$T/$name/rounds"
    for r in $(seq 1 "$rounds"); do
        R=$T/$name/r$r
        mkdir -p "$R/mbsync"
        for c in 1 4; do
            mkdir -p "$R/c$c"
            cp "$T/imap.pass" "$R/c$c/"
            # ca_file under $T too: the sed below moves the path
            mkdir -p "$R/c$c/dc" && cp "$DOVECOT_DIR/ca.pem" "$R/c$c/dc/"
            sed -e "s|$T/|$R/c$c/|g" -e "s|127.0.0.1:$DOVECOT_PORT|127.0.0.1:$pport|" \
                -e "s#^mailbox = {#&\n  max_connections = $c;#" "$YK_CONF" > "$R/c$c/ykien.conf"
        done
        mbsyncrc "$R/mbsync" "$pport" > "$R/mbsyncrc"
        case $((r % 3)) in
        1) order="c1 c4 mb" ;; 2) order="mb c1 c4" ;; 0) order="c4 mb c1" ;;
        esac
        for who in $order; do
            if [ "$who" = mb ]; then
                measure mbsync -q -c "$R/mbsyncrc" bench 2> "$R/mbsync.log"
            else
                measure "$YKIEND" -c "$R/$who/ykien.conf" --once 2> "$R/$who/ykiend.log"
            fi
        done
        echo "$(field wall_s "$R/c1/ykiend.log") $(field wall_s "$R/c4/ykiend.log")" \
            "$(field wall_s "$R/mbsync.log")" \
            "$(sqlite3 "$R/c1/ykien.db" 'SELECT count(*) FROM messages')" \
            "$(sqlite3 "$R/c4/ykien.db" 'SELECT count(*) FROM messages')" \
            "$(find "$R/mbsync/INBOX/cur" "$R/mbsync/INBOX/new" -type f | wc -l)" \
            "$(sed -n 's/.* over \([0-9]*\) IMAP connection.*/\1/p' "$R/c4/ykiend.log" | tail -1)" \
            "$order" >> "$T/$name/rounds"
    done
    kill $proxy 2>/dev/null; proxy=
    python3 - "$title" "$T/$name/rounds" <<'PY'
import statistics
import sys
title, path = sys.argv[1:]
rows = [l.split(None, 7) for l in open(path) if l.strip()]
print()
print("%s, %d rounds, both clients over STARTTLS;" % (title, len(rows)))
print("ykiend over one pipelined connection (max_connections = 1) and over four (= 4):")
for i, (c1, c4, mb, f1, f4, copied, used, order) in enumerate(rows, 1):
    print("  round %d (%s): 1 conn %5.2f s (%s filed)  4 conns %5.2f s (%s filed, %s used)  "
          "mbsync %5.2f s (%s copied)  ratios %.2f / %.2f"
          % (i, order.strip().replace("c1", "1").replace("c4", "4").replace(" ", ","),
             float(c1), f1, float(c4), f4, used, float(mb), copied,
             float(c1) / float(mb), float(c4) / float(mb)))
m1 = statistics.median(float(r[0]) for r in rows)
m4 = statistics.median(float(r[1]) for r in rows)
mb = statistics.median(float(r[2]) for r in rows)
print("  median: ykiend 1 conn %.2f s, 4 conns %.2f s, mbsync %.2f s" % (m1, m4, mb))
print("  ratio to mbsync: max_connections = 1: %.2f   max_connections = 4: %.2f" % (m1 / mb, m4 / mb))
PY
}

if [ "$LAT" -gt 0 ]; then
    T=$W/latency
    mkdir -p "$T"
    env_tls "$T" || exit 1
    python3 "$YK_TOP/tests/lib/genmail.py" "$T/gen" 1000 --prefix lat --attach-fraction "${BENCH_LATENCY_ATTACH:-0}" > /dev/null
    maildir_deliver_dir "$T/gen" move
    dovecot_warm
    latency_rounds plain "1000 messages through a proxy adding $LAT ms each way ($((2 * LAT)) ms round trip)"
    # A long path whose TCP window caps each connection (throughput is
    # window / round trip): where several connections add up.
    RATE=${BENCH_LATENCY_RATE:-1000000}
    if [ "$RATE" -gt 0 ]; then
        latency_rounds capped "The same, each connection also limited to $RATE bytes/s" --rate "$RATE"
    fi
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

# Scale (issue 23): ykiend's first sync of BENCH_SCALE's sizes of text-only
# mail (1-2 kB each, to fit the disk), dated over BENCH_SCALE_MONTHS months
# (unrelated mail is archived by month: one month would pile it into one
# folder); each size against its own Dovecot over STARTTLS, its working
# folder removed before the next (the disk: the 10,000's folder is small,
# so ext4's slower creation near deleted files costs the next little).
# Each size is synced BENCH_SCALE_REPS times (3), each time into a new
# database and archive in a folder of its own (the mailbox stays as it is:
# after_filing = keep), and the median time taken: one run moves by 10%
# and more from the next on this machine, twice the goal's margin.  The
# last size's median against the first's: linear, give or take 5%.
SCALE=${BENCH_SCALE-"10000 100000"}
SCALE_MONTHS=${BENCH_SCALE_MONTHS:-36}
SCALE_REPS=${BENCH_SCALE_REPS:-3}
if [ -n "$SCALE" ] && [ "$SCALE" != 0 ]; then
    echo
    echo "scale: ykiend --once, text-only messages dated over $SCALE_MONTHS months, over STARTTLS"
    : > "$W/scale.rows"
    prev=
    for n in $SCALE; do
        # the previous size's mailbox, archive and database: the disk back
        [ -n "$prev" ] && rm -rf "$prev" && sync
        T=$W/scale$n
        prev=$T
        mkdir -p "$T"
        env_tls "$T" || { echo "bench: Dovecot did not start" >&2; exit 1; }
        bytes=$(python3 "$YK_TOP/tests/lib/genmail.py" "$T/gen" "$n" --prefix s \
            --months "$SCALE_MONTHS")
        maildir_deliver_dir "$T/gen" move
        dovecot_warm
        : > "$T/walls"
        for r in $(seq "$SCALE_REPS"); do
            # a folder of its own, not the last one's emptied (see above)
            mkdir -p "$T/r$r"
            sed -i "s#^\( *database = \).*#\1\"$T/r$r/ykien.db\";#; s#^\( *archive = \).*#\1\"$T/r$r/archive\";#" "$YK_CONF"
            sync
            YKIEND_PROFILE=1 measure "$YKIEND" -c "$YK_CONF" --once 2> "$T/ykiend.$r.log"
            echo "$(field wall_s "$T/ykiend.$r.log") $r" >> "$T/walls"
        done
        ykien_env_stop
        # the median run: its time and profile; the others' times beside
        med=$(sort -n "$T/walls" | sed -n "$(( (SCALE_REPS + 1) / 2 ))p" | cut -d' ' -f2)
        cp "$T/ykiend.$med.log" "$T/ykiend.log"
        # the median run's database as it stays: the WAL checkpointed into it first
        D=$T/r$med
        sqlite3 "$D/ykien.db" 'PRAGMA wal_checkpoint(TRUNCATE)' > /dev/null
        dbb=$(cat "$D/ykien.db" "$D/ykien.db-wal" 2> /dev/null | wc -c)
        # the folder of the archive with the most entries (files and folders)
        big=$(python3 -c '
import os, sys
top = sys.argv[1]
print(*max(((len(ds) + len(fs), os.path.relpath(d, top) + "/") for d, ds, fs in os.walk(top)),
           default=(0, "-")))
' "$D/archive")
        # the peak RSS: the highest of the runs
        rss=$(for r in $(seq "$SCALE_REPS"); do field rss_kb "$T/ykiend.$r.log"; done | sort -n | tail -1)
        echo "$n $bytes $(field wall_s "$T/ykiend.log") $rss" \
            "$(sqlite3 "$D/ykien.db" 'SELECT count(*) FROM messages')" "$dbb" \
            "${big:-0 -}" >> "$W/scale.rows"
        sed -n 's/.*cycle time: //p' "$T/ykiend.log" | tail -1 > "$T/times"
        python3 - "$W/scale.rows" "$T/times" "$T/walls" <<'PY'
import sys
n, b, wall, rss, filed, dbb, big, path = open(sys.argv[1]).read().split("\n")[-2].split(None, 7)
n, wall = int(n), float(wall)
walls = [l.split()[0] for l in open(sys.argv[3]) if l.strip()]
print("  %6d messages  %7.1f MB  %7.2f s  %6.0f msg/s  peak RSS %5.1f MB  database %5.0f bytes/msg"
      "  (%s filed)" % (n, int(b) / 1e6, wall, n / wall, int(rss) / 1024, int(dbb) / n, filed))
if len(walls) > 1:
    print("         median of %d runs, each into a new database and archive: %s s; "
          "peak RSS: the highest"
          % (len(walls), ", ".join(walls)))
print("         largest archive folder: %s entries (%s)" % (big, path))
times = open(sys.argv[2]).read().strip()
if times:
    print("         filing thread: " + ", ".join("%s %s s" % tuple(p.rsplit(" ", 2)[:2])
                                               for p in times.split("; ")))
PY
    done
    rm -rf "$prev"
    python3 - "$W/scale.rows" <<'PY'
import sys
rows = [l.split(None, 7) for l in open(sys.argv[1]) if l.strip()]
if len(rows) > 1:
    (n0, w0), (n1, w1) = [(int(r[0]), float(r[2])) for r in (rows[0], rows[-1])]
    print("  %d / %d time ratio (medians): %.2f (goal ≤ %.1f)" % (n1, n0, w1 / w0, 1.05 * n1 / n0))
print("  peak RSS %s (goal < 32 MB, flat)"
      % ", ".join("%s: %.1f MB" % (r[0], int(r[3]) / 1024) for r in rows))
big = max(rows, key=lambda r: int(r[6]))
print("  largest archive folder: %s entries, %s (goal ≤ 10,000)" % (big[6], big[7].strip()))
PY
fi
