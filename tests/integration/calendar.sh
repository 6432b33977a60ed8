#!/usr/bin/env bash
# The Vietnamese calendar in use (lib/vncal.h), with dates written as an
# office writes them (31/01/2025, 10/01/2025 08:00):
#  - a campaign running over Tết Ất Tỵ (off Sat 25/1 to Sun 2/2/2025, Mon
#    27/1 made up on Sat 8/2): `remind --dry-run` plans no reminder on any
#    day from 25/1 to 2/2, the slots that would fall there moved to the
#    working day before the deadline or after it; the make-up Saturday 8/2
#    is a working day;
#  - working_days_only = false still keeps reminders off public holidays;
#  - a deadline on mùng 2 Tết with deadline_next_working_day = true is the
#    end of Monday 3/2/2025: the reminders count from it and the report
#    says the letter's own date and why it moved;
#  - 'calendar' adds a later year's day off.
# No mail leaves: --dry-run and reports only.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/tap.sh"
. "$here/../lib/ykien-env.sh"   # YK_TOP, YKIEN
. "$here/../lib/smtp-sink.sh"   # sink_conf

T=$(mktemp -d /tmp/ykcal.XXXXXX)
trap 'rm -rf "$T"' EXIT
SINK_PORT=1   # nothing is sent: a dry run never connects

sink_conf "$T/tet.conf" "$T/tet"
cat >> "$T/tet.conf" <<'EOF'
calendar = { days_off = [ "2027-02-12" ]; working_days = [ "20/02/2027" ]; };
campaigns = (
  { id = "tet"; reference = "5/UBND-TH"; form = "hoi-thi-cchc";
    sent = "10/01/2025"; deadline = "10/02/2025";
    agencies = "all";
    reminders = { before_days = [ 21, 14, 10, 7, 3, 1 ]; overdue_every_days = 1;
                  overdue_max = 5; }; },
  { id = "anyday"; reference = "6/UBND-TH"; form = "hoi-thi-cchc";
    sent = "2025-01-10T08:00:00+07:00"; deadline = "24/01/2025 17:00";
    agencies = [ "STP" ];
    reminders = { overdue_every_days = 1; overdue_max = 9; working_days_only = false; }; },
  { id = "moved"; reference = "7/UBND-TH"; form = "hoi-thi-cchc";
    sent = "10/01/2025 08:00"; deadline = "30/01/2025"; deadline_next_working_day = true;
    agencies = [ "STP" ];
    reminders = { before_days = [ 1 ]; overdue_every_days = 2; overdue_max = 2; }; },
  { id = "later"; reference = "8/UBND-TH"; form = "hoi-thi-cchc";
    sent = "01/02/2027"; deadline = "12/02/2027"; deadline_next_working_day = true;
    agencies = [ "STP" ];
    reminders = { overdue_every_days = 1; overdue_max = 1; }; }
);
EOF
"$YKIEN" -c "$T/tet.conf" check-config > "$T/check.txt" 2>&1
is "a configuration with 'calendar', dates as 31/01/2025 and deadline_next_working_day is valid" \
    "$?" 0

NOW="2025-01-13T09:00:00+07:00"
dry() { "$YKIEN" -c "$T/tet.conf" remind --dry-run --campaign "$1" --now "$NOW" > "$T/$1.txt"; }
# the days of the planned reminders (the schedule's lines), sorted, unique
days() { grep -oE '^  20[0-9]{2}-[0-9]{2}-[0-9]{2} ' "$T/$1.txt" | tr -d ' ' | sort -u | tr '\n' ' '; }
in_tet() { days "$1" | tr ' ' '\n' | grep -E '^2025-(01-2[5-9]|01-3[01]|02-0[12])$'; }

dry tet
is "remind --dry-run over Tết exits 0" "$?" 0
is "no reminder planned from 25/1 to 2/2/2025" "$(in_tet tet)" ""
# before-14 (27/1) and before-10 (31/1) fall in Tết: moved to the working
# days before it, each its own day; before-7 is Monday 3/2 (the first
# working day), before-1 the make-up Saturday 8/2; overdue-1 after the
# deadline Mon 10/2 is Tue 11/2, overdue-5 Mon 17/2
is "the schedule over Tết is on working days only" "$(days tet)" \
    "2025-01-20 2025-01-23 2025-01-24 2025-02-03 2025-02-07 2025-02-08 2025-02-11 2025-02-12 2025-02-13 2025-02-14 2025-02-17 "
check "before-10 (31/1, mùng 3 Tết) moved to Friday 24/1" \
    grep -qE '^  2025-01-24 08:00  STP +before-10 +later' "$T/tet.txt"
check "before-1 on the make-up Saturday 8/2" \
    grep -qE '^  2025-02-08 08:00  STP +before-1 +later' "$T/tet.txt"

dry anyday
is "with working_days_only = false, still nothing from 25/1 to 2/2/2025" "$(in_tet anyday)" ""
# overdue every day from the deadline Fri 24/1, weekends allowed: the
# weekend 25-26/1 is the start of the Tết break, so the first is Mon 3/2,
# then every day, the weekend 8-9/2 included
is "without working_days_only, every day after the deadline but the Tết break's" \
    "$(days anyday)" \
    "2025-02-03 2025-02-04 2025-02-05 2025-02-06 2025-02-07 2025-02-08 2025-02-09 2025-02-10 2025-02-11 "

dry moved
is "the moved deadline's reminders: before-1 from Mon 3/2 is Fri 24/1, overdue every 2 days" \
    "$(days moved)" "2025-01-24 2025-02-05 2025-02-07 "
"$YKIEN" -c "$T/tet.conf" report --campaign moved --format md --now "2025-02-01T09:00:00+07:00" \
    > "$T/moved.md"
check "the report gives the moved deadline, the letter's date and why" \
    grep -qF "Hạn gửi ý kiến: 03/02/2025 (văn bản ghi 30/01/2025, trùng ngày nghỉ nên chuyển sang ngày làm việc tiếp theo)" "$T/moved.md"
"$YKIEN" -c "$T/tet.conf" report --campaign tet --format md --now "2025-02-01T09:00:00+07:00" \
    > "$T/tet.md"
check "a deadline on a working day is not said to have moved" \
    bash -c "grep -qF 'Hạn gửi ý kiến: 10/02/2025 ·' '$T/tet.md' && ! grep -q 'chuyển sang' '$T/tet.md'"

NOW="2027-02-02T09:00:00+07:00"
dry later
is "a configured day off (Fri 12/2/2027) moves the deadline past the weekend: overdue-1 on Tue 16/2" \
    "$(days later)" "2027-02-16 "

# a bad date names the forms it takes, with its line
sed -e 's#deadline = "10/02/2025"#deadline = "31/02/2025"#' "$T/tet.conf" > "$T/bad.conf"
"$YKIEN" -c "$T/bad.conf" check-config > "$T/bad.txt" 2>&1
is "a date that does not exist is refused (EX_CONFIG)" "$?" 78
check "... naming the file, the line and the accepted forms" \
    grep -qE "bad.conf:[0-9]+: 'campaigns\[0\]\.deadline' = \"31/02/2025\": expected a date \"31/01/2024\" or \"2024-01-31\"" "$T/bad.txt"

tap_done
