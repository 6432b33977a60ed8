#!/usr/bin/env bash
# Deterministic crash test: the test build of ykiend (build/tests/ykiend-
# fault, lib/fault.h) stops with _exit() at a named durable step, then the
# ordinary ykiend runs a clean cycle.  Afterwards nothing is lost and
# nothing is done twice.
#
#  - the intake: every step a mode passes through (archive-written,
#    archive-synced, committed; stored-seen with "seen"; moved with "move")
#    x keep / seen / move x one and four IMAP connections, 250 messages
#    (two group commits, so the stop lands with one batch done and one in
#    hand), and with the WAL checkpointed by the sync thread (a stop at
#    checkpointed): every message filed exactly once, one archive file each, and on
#    the server every message flagged (seen), in exactly one per-agency
#    folder (move) or untouched (keep);
#  - the outbox: reminder-recorded, smtp-accepted (a receipt and a
#    reminder), receipt-recorded: every reminder and receipt of the run
#    reaches the SMTP server, none twice.  The one exception is the
#    message the server had accepted at the moment of the stop: nothing on
#    our side can know it arrived, so it goes again, with the same
#    Message-ID (a mail program shows one); that is checked too.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/tap.sh"
. "$here/../lib/dovecot.sh"
. "$here/../lib/ykien-env.sh"
. "$here/../lib/smtp-sink.sh"
FAULTD=$YK_BUILD/tests/ykiend-fault
N=${FAULT_MESSAGES:-250}

if [ ! -x "$FAULTD" ]; then
    not_ok "the test build $FAULTD exists (make $YKIEN_BUILD/tests/ykiend-fault)"
    tap_done
    exit 1
fi
T=$(mktemp -d /tmp/ykfp.XXXXXX)
trap 'stop_sink; ykien_env_stop; rm -rf "$T"' EXIT
ykien_env_start "$T" || { not_ok "private Dovecot starts"; tap_done; exit 1; }
python3 "$YK_TOP/tests/lib/genmail.py" "$T/gen" "$N" --prefix fp > /dev/null
want_ids=$(cat "$T"/gen/*.eml | sed -n 's/^Message-ID: <\(.*\)>\r*$/\1/p' | sort)
owner=$(stat -c %u:%g "$DOVECOT_MAILDIR")

# new_folder NAME: a Maildir++ folder of the private Dovecot holding the
# generated messages, unseen
new_folder() {
    local d=$DOVECOT_MAILDIR/.$1 f k=0
    mkdir -p "$d/cur" "$d/new" "$d/tmp"
    for f in $(ls "$T/gen" | sort); do
        k=$((k + 1))
        cp -p "$T/gen/$f" "$d/new/$(printf '1700000000.F%06d.%s' "$k" "$f")"
    done
    chown -R "$owner" "$d"
}

# mail in a Maildir folder: "flags" (the part after :2,) one line each
folder_flags() {
    local d=$DOVECOT_MAILDIR/.$1 f
    for f in "$d"/new/* "$d"/cur/*; do
        [ -e "$f" ] || continue
        case $f in *:2,*) echo "${f##*:2,}" ;; *) echo "" ;; esac
    done
}

K=0
# intake_case MODE CONNECTIONS STEP PASSAGE
intake_case() {
    local mode=$1 conns=$2 step=$3 at=$4 t="$1, $2 conn., stop at $3 #$4${FP_VALUE:+ ($FP_VALUE)}" rc d
    K=$((K + 1))
    d=$T/c$K
    mkdir -p "$d"
    new_folder "f$K"
    sed -e "s#/INBOX\";#/f$K\";#" -e "s#$T/ykien.db#$d/ykien.db#" -e "s#$T/archive#$d/archive#" \
        -e "s#^  after_filing = .*;#  after_filing = \"$mode\";#" "$YK_CONF" > "$d/ykien.conf"
    sed -i "s#^mailbox = {#&\n  max_connections = $conns;\n  folder_prefix = \"Y$K\";#" "$d/ykien.conf"
    YKIEN_VALUE=${FP_VALUE:-} YKIEN_FAULT=$step YKIEN_FAULT_AT=$at "$FAULTD" -c "$d/ykien.conf" --once \
        2> "$d/fault.log"
    rc=$?
    if [ "$rc" != 86 ] || ! grep -q "ykien-fault: stopped at $step" "$d/fault.log"; then
        not_ok "$t: the run stops at the fault point (exit $rc)"
        return
    fi
    n=$(sqlite3 "$d/ykien.db" 'SELECT count(*) FROM messages' 2>/dev/null)
    "$YKIEND" -c "$d/ykien.conf" --once 2> "$d/clean.log"
    rc=$?
    "$YKIEND" -c "$d/ykien.conf" --once 2>> "$d/clean.log" || rc=$?
    if [ "$rc" != 0 ]; then
        not_ok "$t: two clean cycles after it exit 0 (exit $rc: $(tail -1 "$d/clean.log"))"
        return
    fi
    local db="sqlite3 $d/ykien.db" problems=""
    [ "$($db 'SELECT count(*) FROM messages')" = "$N" ] || problems+=" count=$($db 'SELECT count(*) FROM messages')"
    [ "$($db 'SELECT count(DISTINCT sha256) FROM messages')" = "$N" ] || problems+=" sha-twice"
    [ "$($db 'SELECT message_id FROM messages' | sort)" = "$want_ids" ] || problems+=" ids"
    [ "$(find "$d/archive" -name '*.eml' -type f | wc -l)" = "$N" ] || problems+=" archive=$(find "$d/archive" -name '*.eml' -type f | wc -l)"
    [ "$(find "$d/archive" -name '.tmp-*' | wc -l)" = 0 ] || problems+=" tmp-left"
    [ "$($db 'PRAGMA integrity_check')" = ok ] || problems+=" integrity"
    case $mode in
    keep)
        [ "$(folder_flags "f$K" | wc -l)" = "$N" ] || problems+=" inbox=$(folder_flags "f$K" | wc -l)"
        [ "$(folder_flags "f$K" | grep -c S)" = 0 ] || problems+=" flagged"
        ;;
    seen)
        [ "$(folder_flags "f$K" | wc -l)" = "$N" ] || problems+=" inbox=$(folder_flags "f$K" | wc -l)"
        [ "$(folder_flags "f$K" | grep -c S)" = "$N" ] || problems+=" seen=$(folder_flags "f$K" | grep -c S)"
        [ "$($db 'SELECT count(*) FROM messages WHERE server_done = 1')" = "$N" ] || problems+=" not-done"
        ;;
    move)
        [ "$(folder_flags "f$K" | wc -l)" = 0 ] || problems+=" left=$(folder_flags "f$K" | wc -l)"
        local moved
        moved=$(cat "$DOVECOT_MAILDIR/.Y$K."*/cur/* "$DOVECOT_MAILDIR/.Y$K."*/new/* 2>/dev/null |
                sed -n 's/^Message-ID: <\(.*\)>\r*$/\1/p' | sort)
        [ "$moved" = "$want_ids" ] || problems+=" moved=$(echo "$moved" | grep -c .)"
        [ "$($db 'SELECT count(*) FROM messages WHERE server_done = 1')" = "$N" ] || problems+=" not-done"
        ;;
    esac
    if [ -z "$problems" ]; then
        ok "$t: $n filed at the stop; after a clean cycle all $N filed once, server action once"
    else
        not_ok "$t:$problems"
    fi
}

for conns in 1 4; do
    for mode in keep seen move; do
        steps="archive-written:120 archive-synced:2 committed:2"
        [ "$mode" = seen ] && steps+=" stored-seen:2"
        [ "$mode" = move ] && steps+=" moved:2"
        for s in $steps; do
            intake_case "$mode" "$conns" "${s%%:*}" "${s##*:}"
        done
    done
done

# --- checkpoints on the sync thread (lib/intake.c) --------------------------
# Past some 40 MB of WAL the thread that syncs a batch copies the WAL into
# the database, on a connection of its own, beside the filing thread.  The
# test build lowers that to 20 pages, so that the 250 messages cross it: a
# stop in the middle of that copy, or at a commit with copies around it,
# loses nothing and files nothing twice.
FP_VALUE=wal_pages=20
intake_case keep 4 checkpointed 1
intake_case move 4 checkpointed 1
intake_case move 1 committed 2
FP_VALUE=

# --- a move on a server without MOVE, stopped between COPY and EXPUNGE -----
# (Courier has no MOVE: COPY, then \Deleted and EXPUNGE.)  The copy is made
# but the original stays; the heal must not copy it again: it looks for the
# Message-ID in the folder first and only deletes what was copied.
K=$((K + 1))
d=$T/c$K
mkdir -p "$d"
new_folder "f$K"
python3 "$YK_TOP/tests/lib/delay_proxy.py" "$DOVECOT_PORT" 0 "$d/proxy.port" "$d/proxy.stats" 120 \
    --drop-capability MOVE --record "$d/sent.txt" &
proxy=$!
for _ in $(seq 1 100); do [ -s "$d/proxy.port" ] && break; sleep 0.05; done
sed -e "s#/INBOX\";#/f$K\";#" -e "s#$T/ykien.db#$d/ykien.db#" -e "s#$T/archive#$d/archive#" \
    -e "s#127.0.0.1:$DOVECOT_PORT#127.0.0.1:$(cat "$d/proxy.port")#" \
    -e "s#^  after_filing = .*;#  after_filing = \"move\";#" "$YK_CONF" > "$d/ykien.conf"
sed -i "s#^mailbox = {#&\n  max_connections = 1;\n  folder_prefix = \"Y$K\";#" "$d/ykien.conf"
YKIEN_FAULT=copied YKIEN_FAULT_AT=2 "$FAULTD" -c "$d/ykien.conf" --once 2> "$d/fault.log"
rc=$?
check "no MOVE: the run stops between a COPY and its EXPUNGE (exit $rc)" \
    grep -q 'ykien-fault: stopped at copied' "$d/fault.log"
check "no MOVE: the client copied (UID COPY), no UID MOVE" \
    bash -c "grep -q 'UID COPY' '$d/sent.txt' && ! grep -q 'UID MOVE' '$d/sent.txt'"
"$YKIEND" -c "$d/ykien.conf" --once 2> "$d/clean.log"
is "no MOVE: the clean cycle after it exits 0" "$?" 0
moved=$(cat "$DOVECOT_MAILDIR/.Y$K."*/cur/* "$DOVECOT_MAILDIR/.Y$K."*/new/* 2>/dev/null |
        sed -n 's/^Message-ID: <\(.*\)>\r*$/\1/p' | sort)
is "no MOVE: every message in exactly one folder, none copied twice" \
    "$(echo "$moved" | grep -c .)/$(echo "$moved" | sort -u | grep -c .)" "$N/$N"
is "no MOVE: the inbox is empty" "$(folder_flags "f$K" | wc -l)" 0
is "no MOVE: every move recorded done" \
    "$(sqlite3 "$d/ykien.db" 'SELECT count(*) FROM messages WHERE server_done = 1')" "$N"
kill $proxy 2>/dev/null; wait $proxy 2>/dev/null

# --- a hash that cannot be computed ----------------------------------------
# From the 5th message on, libcrypto "fails": the batch must fail and be
# retried, never file a made-up hash that makes every later message look
# filed already (they would be passed over for good).
K=$((K + 1))
d=$T/c$K
mkdir -p "$d"
new_folder "f$K"
sed -e "s#/INBOX\";#/f$K\";#" -e "s#$T/ykien.db#$d/ykien.db#" -e "s#$T/archive#$d/archive#" \
    "$YK_CONF" > "$d/ykien.conf"
YKIEN_FAIL=sha256 YKIEN_FAIL_AT=5 "$FAULTD" -c "$d/ykien.conf" --once 2> "$d/fail.log"
is "SHA-256 failing: the cycle fails (exit 75)" "$?" 75
check "SHA-256 failing: the log says why" grep -q 'SHA-256 of a message could not be computed' "$d/fail.log"
is "SHA-256 failing: nothing of the failed batch is filed" \
    "$(sqlite3 "$d/ykien.db" 'SELECT count(*) FROM messages')" 0
"$YKIEND" -c "$d/ykien.conf" --once 2> "$d/clean.log"
is "SHA-256 back: the next cycle files all $N, none passed over" \
    "$(sqlite3 "$d/ykien.db" 'SELECT count(*) || "/" || count(DISTINCT sha256) FROM messages')" "$N/$N"

# --- the outbox: receipts and reminders ------------------------------------
smtp_sink_available || { tap_done; exit $?; }
data=$YK_TOP/tests/data/replies
mkdir -p "$DOVECOT_MAILDIR/.box/cur" "$DOVECOT_MAILDIR/.box/new" "$DOVECOT_MAILDIR/.box/tmp"
for f in 01-snv-inline 02-stp-no-diacritics 06-syt-reply; do
    cp "$data/$f.eml" "$DOVECOT_MAILDIR/.box/new/1700000000.$f.eml"
done
python3 "$YK_TOP/tests/lib/arrival.py" "$DOVECOT_MAILDIR"/.box/new/*
chown -R "$owner" "$DOVECOT_MAILDIR/.box"
cat > "$T/nhac-nho.txt" <<'EOF'
Subject: Nhắc gửi {title} (Công văn số {reference})

Kính gửi: {agency}

Văn phòng UBND tỉnh đề nghị Quý cơ quan gửi phiếu ý kiến trước {deadline}.
EOF
WED="2024-01-24T08:30:00+07:00"   # before-7 falls on Wednesday 24/01 at 08:00

# outbox_conf DIR: the test configuration reading folder "box", with
# receipts, reminders and an smtp group for the sink on $SINK_PORT
outbox_conf() {
    local d=$1
    mkdir -p "$d"
    sed -e "s#/INBOX\";#/box\";#" -e "s#$T/ykien.db#$d/ykien.db#" -e "s#$T/archive#$d/archive#" \
        -e 's#^    agencies = "all"; }#    agencies = "all"; acknowledge = true;\n    reminders = { before_days = [ 7 ]; send_at = "08:00"; };\n    template = "TEMPLATE"; }#' \
        -e "s#TEMPLATE#$T/nhac-nho.txt#" "$YK_CONF" > "$d/ykien.conf"
    cat >> "$d/ykien.conf" <<CONF
smtp = {
  url = "smtp://127.0.0.1:$SINK_PORT";
  from = "Văn phòng UBND tỉnh Sóc Trăng <tonghop@soctrang.example>";
  allow_plaintext = true;
  timeout = 20;
};
CONF
}
# the Message-IDs the sink received, one line each (repeats kept)
sink_ids() {
    cat "$1"/*.eml 2>/dev/null | sed -n 's/^Message-I[Dd]: *<\(.*\)>\r*$/\1/p' | sort
}

start_sink "$T/ref-mail" || { not_ok "SMTP server (aiosmtpd) starts"; tap_done; exit 1; }
outbox_conf "$T/ref"
"$YKIEND" -c "$T/ref/ykien.conf" --once --now "$WED" 2> "$T/ref/run.log"
is "reference run without a fault exits 0" "$?" 0
ref=$(sink_ids "$T/ref-mail")
nref=$(echo "$ref" | grep -c .)
nrem=$(sqlite3 "$T/ref/ykien.db" "SELECT count(*) FROM reminders WHERE state = 'sent'")
nack=$(sqlite3 "$T/ref/ykien.db" "SELECT count(*) FROM acks WHERE state = 'sent'")
uniq_ids=$(echo "$ref" | uniq | grep -c .)
check "reference run: $nack receipts and $nrem reminders, each Message-ID once" \
    [ "$nack" -ge 3 -a "$nrem" -ge 3 -a "$nref" = $((nack + nrem)) -a "$uniq_ids" = "$nref" ]

# outbox_case STEP PASSAGE: stop there, then two clean cycles
outbox_case() {
    local step=$1 at=$2 t="outbox, stop at $1 #$2" d rc got twice
    K=$((K + 1))
    d=$T/o$K
    start_sink "$d-mail" || { not_ok "$t: SMTP server starts"; return; }
    outbox_conf "$d"
    YKIEN_FAULT=$step YKIEN_FAULT_AT=$at "$FAULTD" -c "$d/ykien.conf" --once --now "$WED" 2> "$d/fault.log"
    rc=$?
    if [ "$rc" != 86 ] || ! grep -q "ykien-fault: stopped at $step" "$d/fault.log"; then
        not_ok "$t: the run stops at the fault point (exit $rc)"
        return
    fi
    local before; before=$(sink_ids "$d-mail" | grep -c .)
    rc=0
    "$YKIEND" -c "$d/ykien.conf" --once --now "$WED" 2> "$d/clean.log" || rc=$?
    "$YKIEND" -c "$d/ykien.conf" --once --now "$WED" 2>> "$d/clean.log" || rc=$?
    is "$t: two clean cycles after it exit 0" "$rc" 0
    got=$(sink_ids "$d-mail")
    is "$t: every reminder and receipt reached the server ($before before the stop)" \
        "$(echo "$got" | uniq)" "$ref"
    twice=$(echo "$got" | uniq -d | grep -c .)
    if [ "$step" = smtp-accepted ]; then
        is "$t: only the message accepted at the stop went twice, same Message-ID" \
            "$(echo "$got" | grep -c .)" $((nref + 1))
    else
        is "$t: none went twice" "$twice" 0
    fi
    is "$t: every reminder and receipt recorded as sent" \
        "$(sqlite3 "$d/ykien.db" "SELECT (SELECT count(*) FROM reminders WHERE state = 'sent') + (SELECT count(*) FROM acks WHERE state = 'sent')")" \
        "$nref"
}
outbox_case receipt-recorded 2
outbox_case smtp-accepted 2      # the second receipt
outbox_case smtp-accepted $((nack + 2))  # the second reminder
outbox_case reminder-recorded 2
tap_done
