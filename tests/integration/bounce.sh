#!/usr/bin/env bash
# A bounce of one of our reminders: the failed recipient is recorded as
# bouncing, and the next reminders report it instead of mailing it.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/tap.sh"
. "$here/../lib/ykien-env.sh"

T=$(mktemp -d /tmp/ykbounce.XXXXXX)
trap 'rm -rf "$T"' EXIT
sed -e "s#DEMO_PORT#1#g" -e "s#DEMO_DIR#$T#g" "$YK_TOP/conf/demo.conf" > "$T/ykien.conf"
cat >> "$T/ykien.conf" <<'CONF'
smtp = { url = "smtp://127.0.0.1:1"; from = "VP UBND <tonghop@soctrang.example>"; allow_plaintext = true; };
CONF
sed -i 's|^    agencies = "all"; }|    agencies = "all"; reminders = { before_days = [ 7 ]; send_at = "08:00"; working_days_only = false; }; }|' "$T/ykien.conf"
# the delivery report of a reminder to STP: 5.1.1 for stp@, delayed for another
sed -e 's/Old.Unit@So.Tinh.Example/STP@soctrang.example/' \
    "$YK_TOP/tests/data/extract/bounce_dsn.eml" > "$T/bounce.eml"
"$YKIEN" -c "$T/ykien.conf" import "$T/bounce.eml" > "$T/import.log" 2>&1
is "the report is imported" "$?" 0
check "it is filed as a bounce, not counted" grep -q ': bounce, .*not_counted' "$T/import.log"
is "the failed recipient is recorded as bouncing, in lower case" \
    "$(sqlite3 "$T/ykien.db" 'SELECT address FROM bouncing')" "stp@soctrang.example"
"$YKIEN" -c "$T/ykien.conf" remind --dry-run --now 2024-01-24T08:30:00+07:00 > "$T/dry.txt"
is "remind --dry-run exits 0" "$?" 0
check "STP's reminder is reported as unmailable, not sent" \
    grep -qE 'STP .*unmailable stp@soctrang.example \(bounces: not mailed\)' "$T/dry.txt"
check "another agency is still reminded" grep -qE 'STC +before-7 +send' "$T/dry.txt"
tap_done
