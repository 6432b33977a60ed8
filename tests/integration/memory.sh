#!/usr/bin/env bash
# The daemon's memory stays small and flat with max_connections = 4 (the
# default): what the connections fetch waits in spill files in the
# archive's folder (lib/spill.h), not in memory, and the filing thread maps
# one message at a time.  So:
# - the peak resident size of a first sync of a few thousand messages,
#   one in twelve with an attachment of up to 2 MB (make bench's mix),
#   stays under 32 MB (issue 23);
# - messages of 5.5 MB cost one such message above an idle poll, not
#   connections times batches (before: 48 MB of batches ahead);
# - no spill file is left behind, and one a crashed process left under a
#   name (where O_TMPFILE is missing) is removed at the next start.
#   MEMORY_N=1200 (generated messages)  MEMORY_BIG=4 (of 5.5 MB)
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/tap.sh"
. "$here/../lib/dovecot.sh"
. "$here/../lib/ykien-env.sh"

N=${MEMORY_N:-1200}
BIG=${MEMORY_BIG:-4}
LIMIT_KB=32768
T=$(mktemp -d /tmp/ykmem.XXXXXX)
trap 'ykien_env_stop; rm -rf "$T"' EXIT
db() { sqlite3 "$T/ykien.db" "$@" 2>/dev/null; }
# peak LOG ARGS...: runs ARGS, prints its exit status and its peak resident
# size in kB (the kernel's maximum RSS of the child: its VmHWM)
peak() {
    python3 - "$@" <<'PY'
import resource, subprocess, sys
with open(sys.argv[1], "w") as log:
    rc = subprocess.run(sys.argv[2:], stderr=log).returncode
print("%d %d" % (rc, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
PY
}
sanitizer=false
ldd "$YKIEND" 2> /dev/null | grep -q 'lib[at]san' && sanitizer=true

ykien_env_start "$T" > /dev/null || { not_ok "private Dovecot starts"; tap_done; exit 1; }
is "the default is four connections" "$(grep -c max_connections "$YK_CONF")" "0"
python3 "$YK_TOP/tests/lib/genmail.py" "$T/gen" "$N" --prefix mem --attach-fraction 0.083 \
    > /dev/null
maildir_deliver_dir "$T/gen" move

# a leftover of a process killed between naming its spill file and
# removing the name: PID 4194304 is above any pid_max
mkdir -p "$T/archive"
echo stale > "$T/archive/.ykien-spill-4194304-0"

read -r rc sync_kb <<< "$(peak "$T/sync.log" "$YKIEND" -c "$YK_CONF" --once)"
is "first sync succeeds" "$rc" 0
is "every message filed once" \
    "$(db 'SELECT count(*) || "/" || count(DISTINCT uid) FROM messages')" "$N/$N"
check "over four connections" grep -q "over 4 IMAP connection" "$T/sync.log"
is "the stale spill file is gone, no other left" \
    "$(find "$T/archive" -name '.ykien-spill-*' -o -name '.tmp-*' | wc -l)" 0
largest=$(db 'SELECT max(size) FROM messages')
echo "# peak RSS of the first sync of $N messages (the largest $largest bytes): $sync_kb kB"
if $sanitizer; then
    skip "peak RSS under 32 MB (a sanitizer build keeps its own shadow memory)"
else
    check "peak RSS of the first sync under 32 MB ($sync_kb kB)" test "$sync_kb" -lt "$LIMIT_KB"
fi

# larger than any genmail makes: 4 MB attachments, 5.5 MB messages
mkdir -p "$T/big"
python3 - "$T/big" "$BIG" <<'PY'
import base64, os, random, sys
out, n = sys.argv[1], int(sys.argv[2])
rng = random.Random(23)
for i in range(n):
    blob = base64.encodebytes(rng.randbytes(4_000_000)).replace(b"\n", b"\r\n")
    msg = (b"From: Big Sender <big@other.example>\r\nTo: tonghop@soctrang.example\r\n"
           b"Subject: big %d\r\nDate: Wed, 17 Jan 2024 08:%02d:00 +0700\r\n"
           b"Message-ID: <big-%d@gen.example>\r\nMIME-Version: 1.0\r\n"
           b"Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\n"
           b"Content-Type: text/plain; charset=UTF-8\r\n\r\nSee the file.\r\n--b\r\n"
           b"Content-Type: application/octet-stream; name=\"big.bin\"\r\n"
           b"Content-Transfer-Encoding: base64\r\n\r\n" % (i, i, i) + blob + b"--b--\r\n")
    with open(os.path.join(out, "big-%d.eml" % i), "wb") as f:
        f.write(msg)
PY
maildir_deliver_dir "$T/big" move
read -r rc big_kb <<< "$(peak "$T/big.log" "$YKIEND" -c "$YK_CONF" --once)"
is "the big messages' poll succeeds" "$rc" 0
is "they are archived whole" \
    "$(db "SELECT count(*) FROM messages WHERE subject LIKE 'big %' AND size > 5400000")" "$BIG"
bad=0
for p in $(db "SELECT archive_path FROM messages WHERE subject LIKE 'big %'"); do
    [ "$(stat -c %s "$T/archive/$p")" -gt 5400000 ] || bad=$((bad + 1))
done
is "their files are whole" "$bad" 0
read -r rc idle_kb <<< "$(peak "$T/idle.log" "$YKIEND" -c "$YK_CONF" --once)"
is "a poll with nothing new succeeds" "$rc" 0
echo "# peak RSS: $BIG messages of 5.5 MB $big_kb kB, a poll with nothing new $idle_kb kB"
if $sanitizer; then
    skip "5.5 MB messages cost one message above an idle poll (sanitizer build)"
else
    # one message mapped at a time, whatever the connections (5.5 MB + 3)
    check "5.5 MB messages cost at most 8.5 MB above an idle poll ($big_kb - $idle_kb kB)" \
        test $((big_kb - idle_kb)) -lt 8704
fi
tap_done
