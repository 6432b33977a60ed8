#!/usr/bin/env bash
# The archive's folders stay small: mail of no campaign, which never ends,
# is split by month, _other/YYYY-MM/AGENCY/, where it once piled into
# _other/AGENCY/, and so are a campaign's replies of no agency,
# CAMPAIGN/_unassigned/YYYY-MM/ (issue 23: no folder past 10,000 entries);
# an agency's replies stay in CAMPAIGN/AGENCY/.  A row filed
# under the old layout still reads: its archive_path is kept, and `ykien
# show` finds it by that path.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/tap.sh"
. "$here/../lib/dovecot.sh"
. "$here/../lib/ykien-env.sh"

T=$(mktemp -d /tmp/yklayout.XXXXXX)
trap 'ykien_env_stop; rm -rf "$T"' EXIT
db() { sqlite3 "$T/ykien.db" "$@" 2>/dev/null; }

ykien_env_start "$T" > /dev/null || { not_ok "private Dovecot starts"; tap_done; exit 1; }
mkdir -p "$T/in"
# unrelated mail of two months, sent and arrived then
n=0
for d in "Mon, 15 Jan 2024 10:00:00 +0000" "Wed, 31 Jan 2024 23:30:00 +0000" \
          "Thu, 01 Feb 2024 00:30:00 +0000"; do
    n=$((n + 1))
    printf 'From: Friend <friend@elsewhere.example>\r\nTo: tonghop@soctrang.example\r\nSubject: Lunch plans %d\r\nDate: %s\r\nMessage-ID: <lunch-%d@elsewhere.example>\r\n\r\nShall we meet for lunch on Friday at noon?\r\n' \
        "$n" "$d" "$n" > "$T/in/$n.eml"
    maildir_deliver "$T/in/$n.eml"
done
"$YKIEND" -c "$YK_CONF" --once 2> "$T/sync.log"
is "three messages filed" "$(db 'SELECT count(*) FROM messages')" 3
is "each in the folder of its month" \
    "$(db "SELECT archive_path FROM messages ORDER BY uid" | sed 's|/[^/]*$||' | tr '\n' ' ')" \
    "_other/2024-01/_unassigned _other/2024-01/_unassigned _other/2024-02/_unassigned "
for p in $(db "SELECT archive_path FROM messages"); do
    [ -f "$T/archive/$p" ] || not_ok "$p is in the archive"
done
is "no file straight under _other/_unassigned" \
    "$(find "$T/archive/_other" -maxdepth 2 -type f | wc -l)" 0
# the name and the folder agree: the file's date is in its month
bad=0
for p in $(db "SELECT archive_path FROM messages"); do
    m=$(echo "$p" | cut -d/ -f2 | tr -d -); f=$(basename "$p")
    [ "$m" = "${f:0:6}" ] || bad=$((bad + 1))
done
is "the month is the file name's" "$bad" 0

# a row filed before the split: its file where the old layout put it
old=$(db "SELECT archive_path FROM messages WHERE subject = 'Lunch plans 1'")
mkdir -p "$T/archive/_other/_unassigned"
mv "$T/archive/$old" "$T/archive/_other/_unassigned/"
oldpath=_other/_unassigned/$(basename "$old")
db "UPDATE messages SET archive_path = '$oldpath' WHERE subject = 'Lunch plans 1'"
"$YKIEN" -c "$YK_CONF" show "$oldpath" > "$T/show.txt" 2>&1
is "ykien show finds a message by its old path" "$?" 0
check "and shows it" grep -q "Lunch plans 1" "$T/show.txt"
"$YKIEND" -c "$YK_CONF" --once 2> "$T/again.log"
is "the next poll files nothing again" "$(db 'SELECT count(*) FROM messages')" 3
is "the old row keeps its path" \
    "$(db "SELECT archive_path FROM messages WHERE subject = 'Lunch plans 1'")" "$oldpath"

# replies to the campaign: from an agency's address, and from a sender of
# none (genmail's 3rd and 6th messages, both the form, January 2024)
python3 "$YK_TOP/tests/lib/genmail.py" "$T/gen" 6 --prefix lay > /dev/null
for i in 3 6; do maildir_deliver "$T/gen/lay-$(printf %06d "$i").eml"; done
"$YKIEND" -c "$YK_CONF" --once 2> "$T/replies.log"
is "an agency's reply in CAMPAIGN/AGENCY" \
    "$(db "SELECT archive_path FROM messages WHERE message_id = 'lay-3@gen.example'" | sed 's|/[^/]*$||')" \
    "118-UBND-TH/SGDDT"
is "a reply of no agency in CAMPAIGN/_unassigned/YYYY-MM" \
    "$(db "SELECT archive_path FROM messages WHERE message_id = 'lay-6@gen.example'" | sed 's|/[^/]*$||')" \
    "118-UBND-TH/_unassigned/2024-01"
is "both are in the archive" "$(for p in $(db "SELECT archive_path FROM messages WHERE message_id LIKE 'lay-%'"); do
    [ -f "$T/archive/$p" ] && echo y; done | wc -l)" 2
is "no file straight under the campaign's _unassigned" \
    "$(find "$T/archive/118-UBND-TH/_unassigned" -maxdepth 1 -type f | wc -l)" 0
tap_done
