#!/usr/bin/env bash
# The daily digest (smtp.digest_to) against a real SMTP server on 127.0.0.1
# (tests/lib/smtp_sink.py, Debian's python3-aiosmtpd):
#  - `ykien digest` shows it and records nothing; before smtp.digest_at
#    nothing is sent; after it, one digest reaches every address, in
#    Vietnamese, saying who replied, who has not and what needs review;
#  - once a day: a second run the same day sends nothing; the next day's
#    lists as new only what was filed since;
#  - kill -9 after the server took it (slow to confirm): the next run sends
#    it again with the same Message-ID, once; the daemon sends it too;
#  - a 451 is retried at the next run; a 550 for one address is recorded
#    and never retried, the other address gets it once.
# The campaign's dates are set around today, since the digest speaks only
# of campaigns still running; replies count as new by the time ykien filed
# them, so the runs use real times (or later ones).
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/tap.sh"
. "$here/../lib/dovecot.sh"     # free_port
. "$here/../lib/ykien-env.sh"   # YK_TOP, YKIEN, YKIEND
. "$here/../lib/smtp-sink.sh"   # start_sink, stop_sink, msgs
PY=$SINK_PY
smtp_sink_available || { tap_done; exit 0; }

T=$(mktemp -d /tmp/ykdg.XXXXXX)
trap 'stop_sink; [ -n "${KEEP:-}" ] || rm -rf "$T"' EXIT
db() { sqlite3 "$T/db/ykien.db" "$@"; }

# Viet Nam's dates around now (UTC+7, no DST)
vn() { date -u -d "@$(( $(date +%s) + 7 * 3600 + $1 * 86400 ))" +%F; }
TODAY=$(vn 0)
iso_in_days() { date -u -d "@$(( $(date +%s) + $1 * 86400 ))" +%Y-%m-%dT%H:%M:%SZ; }

# mkconf NAME DIGEST_AT -> $T/NAME.conf; every configuration shares one database
mkconf() {
    sink_conf "$T/$1.conf" "$T/db" \
        'digest_to = [ "LanhDao@soctrang.example", "vanthu@soctrang.example" ];' \
        "digest_at = \"$2\";"
    cat >> "$T/$1.conf" <<EOF
office = { issuing_body = "Sở Nội vụ"; };
campaigns = (
  { id = "118-UBND-TH"; reference = "118/UBND-TH"; form = "hoi-thi-cchc";
    title = "Phiếu tham gia ý kiến về Hội thi cải cách hành chính năm 2023";
    sent = "$(vn -10)T08:00:00+07:00"; deadline = "$(vn 5)T17:00:00+07:00";
    agencies = "all"; }
);
EOF
}

# check_digest FILE NEW MISSING DAYS_LEFT: the digest parses, its headers
# and text say what they should; NEW and MISSING are the agency codes listed
check_digest() {
    "$PY" - "$@" <<'PY'
import email, email.policy, re, sys
f, new, missing, left = sys.argv[1], sys.argv[2].split(), sys.argv[3].split(), sys.argv[4]
m = email.message_from_bytes(open(f, "rb").read(), policy=email.policy.default)
bad = []
if m["Auto-Submitted"] != "auto-generated":
    bad.append("Auto-Submitted %r" % m["Auto-Submitted"])
when = r"\d\d giờ \d\d ngày \d\d/\d\d/\d{4}"
if not re.fullmatch(r"Tình hình tiếp nhận Phiếu tính đến " + when + r": \d+/7 cơ quan, đơn vị "
                    r"đã gửi \(Công văn số 118/UBND-TH\)", str(m["Subject"])):
    bad.append("Subject %r" % str(m["Subject"]))
to = sorted(a.addr_spec for a in m["To"].addresses)
if to != ["lanhdao@soctrang.example", "vanthu@soctrang.example"]:
    bad.append("To %r" % to)
text = m.get_body(("plain",)).get_content().replace("\r\n", "\n")
if not re.match(r"Tình hình tiếp nhận Phiếu tính đến " + when + r"[;.]", text):
    bad.append("heading: %r" % text[:200])
parts = re.split(r"^(Phiếu mới từ lần tổng hợp trước|Chưa gửi|Cần xem lại) \(\d+\):$", text,
                 flags=re.M)
if len(parts) != 7:
    bad.append("sections missing: %r" % text)
else:
    got_new = re.findall(r"^  - .* \(([A-Z_]+)\), gửi lúc", parts[2], re.M)
    got_missing = re.findall(r"^  - .* \(([A-Z_]+)\)$", parts[4], re.M)
    if sorted(got_new) != sorted(new):
        bad.append("new %r, want %r" % (got_new, new))
    if sorted(got_missing) != sorted(missing):
        bad.append("missing %r, want %r" % (got_missing, missing))
    if "nguyenvana@mail.example" not in parts[6]:
        bad.append("the unknown sender's reply is not in 'Cần xem lại'")
if "Hạn gửi: 17 giờ 00 ngày" not in text or (
        "(còn %s ngày)" % left if left != "0" else "(hôm nay là ngày cuối)") not in text:
    bad.append("deadline line: %r" % text[:400])
if bad:
    print("\n".join(bad))
sys.exit(1 if bad else 0)
PY
}

start_sink "$T/mail" || { not_ok "SMTP server starts"; tap_done; exit 1; }
mkconf late "23:59"
mkconf due "00:00"
"$YKIEN" -c "$T/due.conf" check-config > /dev/null
is "smtp.digest_to and digest_at are valid configuration" "$?" 0
for f in 01-snv-inline 02-stp-no-diacritics 04-unknown-sender; do
    "$YKIEN" -c "$T/due.conf" import "$YK_TOP/tests/data/replies/$f.eml" > /dev/null
done
is "SNV and STP replied" "$(db "SELECT group_concat(agency, ' ') FROM (SELECT agency FROM replies ORDER BY agency)")" "SNV STP"

"$YKIEN" -c "$T/due.conf" digest > "$T/preview.txt"
is "ykien digest (preview) exits 0" "$?" 0
check "the preview shows the subject and the count" \
    grep -q '^Subject: Tình hình tiếp nhận Phiếu tính đến .* giờ .* ngày .*: 2/7 cơ quan, đơn vị đã gửi' "$T/preview.txt"

# an office's own frame (smtp.digest_template), its words around the lists
printf 'Subject: Báo cáo nhanh {until}\n\nKính gửi: Lãnh đạo {issuing_body}.\n\n{campaigns}--\n' \
    > "$T/tong-hop.txt"
sink_conf "$T/own.conf" "$T/db" 'digest_to = [ "vanthu@soctrang.example" ];' \
    "digest_template = \"$T/tong-hop.txt\";"
sed -n '/^office = {/,$p' "$T/due.conf" >> "$T/own.conf"
"$YKIEN" -c "$T/own.conf" digest > "$T/own.txt" 2>&1
check "digest_template: its subject and words, the lists inside" "$PY" - "$T/own.txt" <<'PY'
import re, sys
t = open(sys.argv[1]).read()
ok = re.match(r"Subject: Báo cáo nhanh \d\d giờ \d\d ngày \d\d/\d\d/\d{4}\n\n"
              r"Kính gửi: Lãnh đạo Sở Nội vụ\.\n\nCông văn số 118/UBND-TH — ", t)
sys.exit(0 if ok and "Chưa gửi (5):" in t else print(repr(t)) or 1)
PY
is "the preview records and sends nothing" "$(db 'SELECT count(*) FROM digests'):$(msgs "$T/mail")" "0:0"

"$YKIEN" -c "$T/late.conf" digest --send --now "${TODAY}T12:00:00+07:00" > "$T/send0.txt"
is "before digest_at: exits 0" "$?" 0
is "before digest_at: nothing recorded, nothing sent" \
    "$(db 'SELECT count(*) FROM digests'):$(msgs "$T/mail"):$(cat "$T/send0.txt")" "0:0:digest: nothing sent"

# filing times have whole seconds, and a reply filed in the second a digest
# is made counts as new in the next one too (better twice than never)
sleep 1.1
"$YKIEN" -c "$T/due.conf" digest --send > "$T/send1.txt"
is "after digest_at: exits 0" "$?" 0
is "one digest arrives" "$(msgs "$T/mail")" 1
is "to both addresses of digest_to, lower-cased" "$(sort "$T"/mail/0001.rcpt | tr '\n' ' ')" \
    "lanhdao@soctrang.example vanthu@soctrang.example "
check "it says SNV and STP replied, five agencies have not, one reply needs review" \
    check_digest "$T/mail/0001.eml" "SNV STP" "STC SYT SGDDT UBND_CHAUTHANH UBND_KESACH" 5
is "recorded as sent with its Message-ID" \
    "$(db "SELECT state || ' <' || message_id || '>' FROM digests")" \
    "sent $(grep -h '^Message-Id:' "$T/mail/0001.eml" | tr -d '\r' | cut -d' ' -f2)"

"$YKIEN" -c "$T/due.conf" digest --send > /dev/null
is "a second run the same day sends nothing" "$(msgs "$T/mail")" 1

"$YKIEN" -c "$T/due.conf" import "$YK_TOP/tests/data/replies/06-syt-reply.eml" > /dev/null
"$YKIEN" -c "$T/due.conf" digest --send --now "$(iso_in_days 1)" > "$T/send2.txt"
is "the next day: one more digest" "$(msgs "$T/mail")" 2
check "it lists only SYT, filed since the last digest, as new" \
    check_digest "$T/mail/0002.eml" "SYT" "STC SGDDT UBND_CHAUTHANH UBND_KESACH" 4

# ---- kill -9 after the server took the digest, before it answered ----
start_sink "$T/mail3" --slow-once 30 || not_ok "SMTP server restarts"
mkconf due "00:00"   # the new sink's port
"$YKIEN" -c "$T/due.conf" digest --send --now "$(iso_in_days 2)" > /dev/null 2>&1 &
ykpid=$!
for _ in $(seq 100); do [ "$(msgs "$T/mail3")" -ge 1 ] && break; sleep 0.1; done
kill -9 "$ykpid"; wait "$ykpid" 2>/dev/null
is "crash: the server had the digest when ykien was killed" "$(msgs "$T/mail3")" 1
is "crash: it was recorded before it was sent, still pending" \
    "$(db "SELECT state FROM digests ORDER BY day DESC LIMIT 1")" pending
"$YKIEND" -c "$T/due.conf" --once --now "$(iso_in_days 2)" 2> "$T/daemon.log"
is "ykiend --once: the unreachable mailbox makes it exit 75" "$?" 75
is "ykiend sent the pending digest again: two copies in all" "$(msgs "$T/mail3")" 2
is "with the same Message-ID" "$(grep -h '^Message-Id:' "$T"/mail3/*.eml | sort -u | wc -l)" 1
is "and recorded it as sent" "$(db "SELECT state FROM digests ORDER BY day DESC LIMIT 1")" sent
check "ykiend logs it" grep -q 'digest of .* sent, Message-ID' "$T/daemon.log"
"$YKIEND" -c "$T/due.conf" --once --now "$(iso_in_days 2)" 2> /dev/null
is "ykiend again the same day: nothing more" "$(msgs "$T/mail3")" 2
is "three days, three digests recorded" "$(db "SELECT count(*) FROM digests WHERE state = 'sent'")" 3

# ---- a 451 once, and a 550 for one of the two addresses ----
start_sink "$T/mail4" --fail-once --reject vanthu@soctrang.example || not_ok "SMTP server restarts"
mkconf due "00:00"
"$YKIEN" -c "$T/due.conf" digest --send --now "$(iso_in_days 3)" > "$T/send4.txt"
is "451: the run exits 0, nothing stored by the server" "$?:$(msgs "$T/mail4")" "0:0"
is "451: the digest waits for the next cycle, the 550 is never retried" \
    "$(db "SELECT state || ' ' || attempts || ' ' || refused FROM digests ORDER BY day DESC LIMIT 1")" \
    "pending 1 vanthu@soctrang.example"
check "the run reports the 451 and the 550" \
    grep -q "^digest .*: retry: .*lanhdao@soctrang.example: 451.*vanthu@soctrang.example: 550" "$T/send4.txt"
"$YKIEN" -c "$T/due.conf" digest --send --now "$(iso_in_days 3)" > "$T/send5.txt"
is "the next run: sent once, to the address that took it" \
    "$(msgs "$T/mail4"):$(cat "$T"/mail4/*.rcpt)" "1:lanhdao@soctrang.example"
check "reported as partial, with the refusal" \
    grep -q "^digest .*: partial: .*vanthu@soctrang.example: 550" "$T/send5.txt"
is "recorded as sent, the refusal kept" \
    "$(db "SELECT state || ' ' || (error LIKE '%vanthu@soctrang.example: 550%') FROM digests ORDER BY day DESC LIMIT 1")" "sent 1"
"$YKIEN" -c "$T/due.conf" digest --send --now "$(iso_in_days 3)" > /dev/null
is "nothing more that day, to either address" "$(msgs "$T/mail4")" 1
# ---- a day whose digest never left: the next day's supersedes it ----
start_sink "$T/mail5" --fail-once || not_ok "SMTP server restarts"
mkconf due "00:00"
"$YKIEN" -c "$T/due.conf" digest --send --now "$(iso_in_days 4)" > /dev/null
is "451: day 4's digest waits" "$(db "SELECT state FROM digests WHERE day = '$(vn 4)'")" pending
"$YKIEN" -c "$T/due.conf" import "$YK_TOP/tests/data/replies/07-sgddt-quoted-blank.eml" > /dev/null
"$YKIEN" -c "$T/due.conf" digest --send --now "$(iso_in_days 5)" > /dev/null
is "day 5: day 4's digest is given up, superseded; day 5's is sent" \
    "$(db "SELECT group_concat(state || ':' || coalesce(error LIKE '%superseded by the digest of $(vn 5)%', 0), ' ') FROM (SELECT * FROM digests WHERE day >= '$(vn 4)' ORDER BY day)")" \
    "failed:1 sent:0"
is "day 5's counts new replies from the last digest sent (day 3's), not from day 4's" \
    "$(db "SELECT (SELECT since FROM digests WHERE day = '$(vn 5)') = (SELECT until FROM digests WHERE day = '$(vn 3)')")" 1
check "day 5's: SGDDT replied (filed before day 3's digest: not new), three still missing" \
    check_digest "$T/mail5/0001.eml" "" "STC UBND_CHAUTHANH UBND_KESACH" 0

"$YKIEN" -c "$T/due.conf" status > "$T/status.txt"
check "ykien status tells where the digest goes and how the newest went" \
    grep -q "^Daily digest at 00:00 to lanhdao@soctrang.example, vanthu@soctrang.example; the newest, of $(vn 5): sent$" "$T/status.txt"

stop_sink
tap_done
