#!/usr/bin/env bash
# Hostile mail (issue 9): the messages of tests/hostile/gen.py delivered to
# the private Dovecot, one `ykiend --once` over all of them.  Each must be
# filed with its reason, the run must go on past every one, its peak RSS
# must stay under HOSTILE_MAX_RSS_KB, and nothing may be written outside
# the archive and the database.  Then `ykien parse --json` on each.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/tap.sh"
. "$here/../lib/dovecot.sh"
. "$here/../lib/ykien-env.sh"

# The issue's bound on the daemon's peak resident set.
HOSTILE_MAX_RSS_KB=$((128 * 1024))

T=$(mktemp -d /tmp/ykhost.XXXXXX)
trap 'ykien_env_stop; [ -n "${KEEP:-}" ] || rm -rf "$T"' EXIT
chmod go+x "$T"
G=$T/gen
# Generated once per run, under the test's own folder; the 200 MB
# attachment is a sparse file (a hole), so it costs neither disk nor time.
if ! python3 "$YK_TOP/tests/hostile/gen.py" "$G" > "$T/gen.txt"; then
    not_ok "tests/hostile/gen.py writes the hostile messages"
    tap_done; exit 1
fi
n=$(ls "$G"/*.eml | wc -l)
ok "tests/hostile/gen.py wrote $n hostile messages"

if ! ykien_env_start "$T/env"; then
    not_ok "private Dovecot starts"
    tap_done; exit 1
fi
ok "private Dovecot starts on 127.0.0.1:$DOVECOT_PORT"
db() { sqlite3 "$T/env/ykien.db" "$@"; }

# Everything under the ykien folder except the archive, the database and
# Dovecot's own folder: nothing of this may change.
listing() {
    (cd "$T/env" && find . -path ./archive -prune -o -path ./dc -prune -o \
        -name 'ykien.db*' -prune -o -print | sort)
}
for f in $(ls "$G" | sort); do
    maildir_deliver "$G/$f"
done
rm -f /tmp/ykien-escape*.txt /tmp/ykien-2231.txt
before=$(listing)

python3 "$YK_TOP/tests/bench/measure.py" "$YKIEND" -c "$YK_CONF" --once \
    2> "$T/run.log" > /dev/null
rc=$?
is "ykiend --once over the hostile messages exits 0" "$rc" 0
rss=$(sed -n 's/.*rss_kb=\([0-9]*\).*/\1/p' "$T/run.log" | tail -1)
# Under AddressSanitizer (make asan) shadow memory and the free quarantine
# add tens of MB: the bound is the plain build's.
asan=0
ldd "$YKIEND" 2>/dev/null | grep -q libasan && asan=1
if [ "$asan" = 1 ]; then
    skip "peak RSS ${rss:-?} kB: bound not checked under AddressSanitizer"
else
    check "peak RSS ${rss:-?} kB is under $HOSTILE_MAX_RSS_KB kB" [ "${rss:-999999999}" -lt "$HOSTILE_MAX_RSS_KB" ]
fi
is "every hostile message is recorded (ykiend went on to the next)" \
    "$(db 'SELECT count(*) FROM messages')" "$n"
is "the high-water UID passed the last one" "$(db 'SELECT last_uid FROM mailbox_state')" "$n"
is "nothing written outside the archive and the database" "$(listing)" "$before"
is "no attachment name escaped to /tmp" \
    "$(ls /tmp/ykien-escape*.txt /tmp/ykien-2231.txt 2>/dev/null | wc -l)" 0
is "every archived file is under the archive folder" \
    "$(db 'SELECT archive_path FROM messages' | grep -cE '(^/|(^|/)\.\.(/|$))')" 0
missing=0
for p in $(db 'SELECT archive_path FROM messages'); do
    [ -f "$T/env/archive/$p" ] || missing=$((missing + 1))
done
is "every recorded archive path exists" "$missing" 0

# name  SQL-side check on the row: kind and a reason
# (review_reasons come from parsed_json, the parse --json contract)
reason() { # message-id-part, expected substring of a review reason
    db "SELECT parsed_json FROM messages WHERE message_id = 'hostile-$1@test.example'" |
        python3 -c 'import json,sys
# parsed_json holds the fields of parse --json without the braces
rows = [json.loads("{" + l + "}") for l in sys.stdin if l.strip()]
want = sys.argv[1]
ok = len(rows) == 1 and rows[0].get("needs_review") and \
     any(want in r for r in rows[0].get("review_reasons", []))
if not ok: print("#", rows[:1])
sys.exit(0 if ok else 1)' "$2"
}
check "MIME nesting 10,000 deep: filed, nesting or part limit named" reason deep "limit reached"
check "100,000 parts: filed, part count limit named" reason parts "part count limit"
check "200 MB attachment: filed as too large, headers only" reason big "too large"
bigp=$(db "SELECT archive_path FROM messages WHERE message_id = 'hostile-big@test.example'")
bigsz=$(stat -c %s "$T/env/archive/$bigp" 2>/dev/null || echo 999999999)
check "200 MB attachment: only its headers were archived ($bigsz bytes)" [ "$bigsz" -lt 100000 ]
check ".docx zip bomb: filed, attachment refused" reason zip-bomb "could not be read"
check "invalid UTF-8: filed, replaced bytes named" reason utf8 "invalid in its charset"
check "unknown charset: filed, replaced bytes named" reason charset "invalid in its charset"
check "broken base64: filed for review" reason b64 ""
check "broken quoted-printable: filed for review" reason qp ""
check "1 MB header line: filed for review" reason long ""
check "headers only: filed for review" reason hdr ""
for nm in dotdot absolute backslash control long rfc2231; do
    check "attachment name ($nm): filed for review" reason "name-$nm" ""
done
is "NUL bytes in headers: filed" \
    "$(db "SELECT count(*) FROM messages WHERE message_id = 'hostile-nul@test.example'")" 1
is "the empty message: filed as unrelated" "$(db "SELECT kind FROM messages WHERE size = 0")" unrelated

# ykien parse --json on each file: one object each, no crash, bounded.
fails=0 maxrss=0
for f in "$G"/*.eml; do
    case $f in */big-attachment.eml) continue ;; esac
    if ! python3 "$YK_TOP/tests/bench/measure.py" "$YKIEN" -c "$YK_CONF" parse --json "$f" \
        > "$T/parse.json" 2> "$T/parse.err"; then
        fails=$((fails + 1))
        echo "# parse --json $(basename "$f") failed: $(head -c 300 "$T/parse.err")"
    fi
    python3 -c 'import json,sys; r=json.loads(open(sys.argv[1]).read()); sys.exit(0 if "kind" in r else 1)' \
        "$T/parse.json" 2>/dev/null ||
        { fails=$((fails + 1)); echo "# parse --json $(basename "$f"): not one JSON object"; }
    r=$(sed -n 's/.*rss_kb=\([0-9]*\).*/\1/p' "$T/parse.err" | tail -1)
    [ "${r:-0}" -gt "$maxrss" ] && maxrss=$r
done
is "ykien parse --json gives one object for each hostile message" "$fails" 0
if [ "$asan" = 1 ]; then
    skip "ykien parse --json peak RSS $maxrss kB: bound not checked under AddressSanitizer"
else
    check "ykien parse --json peak RSS $maxrss kB under $HOSTILE_MAX_RSS_KB kB" [ "$maxrss" -lt "$HOSTILE_MAX_RSS_KB" ]
fi

tap_done
