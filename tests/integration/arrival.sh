#!/usr/bin/env bash
# When a reply arrived is when it reached the mailbox (IMAP INTERNALDATE;
# the file's time in a maildir://), not its Date header, which the sender
# writes.  A reply dated 29/01 that reached the mailbox on 01/02 is late
# for a deadline of 31/01 and listed for review; one whose Date agrees with
# its arrival is neither.  The same over maildir://.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/tap.sh"
. "$here/../lib/dovecot.sh"
. "$here/../lib/ykien-env.sh"

T=$(mktemp -d /tmp/ykarr.XXXXXX)
trap 'ykien_env_stop; rm -rf "$T"' EXIT
ykien_env_start "$T" || { not_ok "private Dovecot starts"; tap_done; exit 1; }
data=$YK_TOP/tests/data/replies
REASON='Date header more than a day from the time it arrived'

# SNV writes 29/01 in its Date header; the mail reaches the mailbox on
# 01/02 at 12:00 Viet Nam time (05:00 UTC).  STP: Date and arrival agree.
sed 's/^Date: .*/Date: Mon, 29 Jan 2024 10:00:00 +0700/' "$data/01-snv-inline.eml" > "$T/snv.eml"
cp "$data/02-stp-no-diacritics.eml" "$T/stp.eml"
touch -d '2024-02-01 05:00:00 UTC' "$T/snv.eml"
python3 "$YK_TOP/tests/lib/arrival.py" "$T/stp.eml"
mkdir -p "$T/in"
cp -p "$T/snv.eml" "$T/stp.eml" "$T/in/"
maildir_deliver_dir "$T/in"   # keeps the files' times: the arrivals

# check_arrival NAME CONF DB
check_arrival() {
    local t=$1 conf=$2 db=$3 status
    "$YKIEND" -c "$conf" --once 2> "$T/$t.log"
    is "$t: the cycle exits 0" "$?" 0
    is "$t: SNV's reply is recorded as arrived on 01/02, its Date kept beside it" \
        "$(sqlite3 "$db" "SELECT received_at || ' | ' || date FROM messages WHERE from_addr LIKE '%snv@%'")" \
        "2024-02-01T05:00:00Z | Mon, 29 Jan 2024 10:00:00 +0700"
    status=$("$YKIEN" -c "$conf" status --json --campaign 118-UBND-TH 2> "$T/$t.status.err")
    check "$t: status: SNV replied late (judged on its arrival), STP on time" \
        python3 - "$status" <<'PY'
import json, sys
rows = {}
for line in sys.argv[1].splitlines():
    o = json.loads(line)
    for r in (o.get("agencies") or [o]):
        if isinstance(r, dict) and "agency" in r:
            rows[r["agency"]] = r
snv, stp = rows["SNV"], rows["STP"]
sys.exit(0 if snv["replied"] and snv["late"] and stp["replied"] and not stp["late"] else 1)
PY
    "$YKIEN" -c "$conf" export --json > "$T/$t.export.json"
    check "$t: SNV's reply is listed for review with the reason; STP's is not" \
        python3 - "$T/$t.export.json" "$REASON" <<'PY'
import json, sys
reason = sys.argv[2]
by = {}
for line in open(sys.argv[1]):
    o = json.loads(line)
    by[o["agency"]] = o
snv, stp = by["SNV"], by["STP"]
ok = snv["needs_review"] and reason in snv["review_reasons"] and reason not in stp["review_reasons"]
sys.exit(0 if ok else 1)
PY
}
check_arrival imap "$YK_CONF" "$T/ykien.db"

# the same over maildir://: the file's time is the arrival
M=$T/md
mkdir -p "$M/new" "$M/cur" "$M/tmp"
cp -p "$T/snv.eml" "$M/new/1706763600.A.host"
cp -p "$T/stp.eml" "$M/new/1705476600.B.host"
sed -e "s|imap://127.0.0.1:$DOVECOT_PORT/INBOX|maildir://$M|" -e "s#$T/ykien.db#$T/md.db#" \
    -e "s#$T/archive#$T/md-archive#" "$YK_CONF" > "$T/md.conf"
check_arrival maildir "$T/md.conf" "$T/md.db"
tap_done
