#!/usr/bin/env bash
# The clerks' web desk in a real browser (issue 22's first acceptance
# test): the sample replies imported, a clerk added with `ykien web-user
# add`, ykien-web started on a free port, and tests/web/desk.py drives
# headless Chromium through Selenium: log in; the campaign's status lists
# every agency `ykien status --json` does; the review list; the
# unassigned reply assigned to its agency and two answers corrected through
# the forms, which `ykien export --json` then shows with the clerk's name;
# the .xlsx and .docx reports downloaded and read (openpyxl, python-docx);
# English and back; log out; a viewer reads the pages but sees no action
# form.  Screenshots: build/artefacts/web-*.png.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/tap.sh"
. "$here/../lib/ykien-env.sh"
. "$here/../lib/webserver.sh"

T=$(mktemp -d /tmp/ykwebdesk.XXXXXX)
trap 'web_stop; rm -rf "$T"' EXIT
PY=/usr/bin/python3   # Debian's, with python3-selenium, openpyxl and docx
C=118-UBND-TH
ART=$YK_BUILD/artefacts
mkdir -p "$ART"
rm -f "$ART"/web-*.png
CLERK=clerk1
CLERK_NAME="Trần Văn Thư"
PASS='mật khẩu: Hậu Giang 2024!'
VIEWER=lanh.dao
VIEWER_PASS=viewer-password-2024

sed -e "s#DEMO_PORT#1#g" -e "s#DEMO_DIR#$T#g" "$YK_TOP/conf/demo.conf" > "$T/ykien.conf"
cat >> "$T/ykien.conf" <<CONF
clerks = ( { user = "$CLERK"; name = "$CLERK_NAME"; } );
web = {
  users_file = "$T/web-users";
  session_idle_minutes = 30;
};
CONF
Y() { "$YKIEN" -c "$T/ykien.conf" "$@"; }
db() { sqlite3 "$T/ykien.db" "$@"; }

Y import "$YK_TOP"/tests/data/replies/*.eml > "$T/import.out" 2>&1
is "ykien import of the sample replies exits 0" "$?" 0
SHA=$(db "SELECT sha256 FROM messages WHERE file LIKE '%04-unknown-sender.eml'")
check "the reply from an unknown sender is filed unassigned" \
    sh -c "[ -n '$SHA' ] && '$YKIEN' -c '$T/ykien.conf' export --json | grep -F '\"sha256\":\"$SHA\"' | grep -q '\"agency\":null'"
check "UBND_KESACH, its agency, has not replied yet" sh -c \
    "'$YKIEN' -c '$T/ykien.conf' status --campaign $C --json | grep '\"agency\":\"UBND_KESACH\"' | grep -q '\"replied\":false'"

printf '%s\n' "$PASS" | Y web-user add "$CLERK" --role clerk > "$T/useradd.out" 2>&1
is "ykien web-user add $CLERK --role clerk (password on stdin) exits 0" "$?" 0
check "the users file holds the clerk with a yescrypt hash, mode 0600" sh -c \
    "grep -qE '^$CLERK:\\\$y\\\$[^:]+:clerk\$' '$T/web-users' && [ \"\$(stat -c %a '$T/web-users')\" = 600 ]"

printf '%s\n' "$VIEWER_PASS" | Y web-user add "$VIEWER" --role viewer > "$T/useradd2.out" 2>&1
is "ykien web-user add $VIEWER --role viewer exits 0" "$?" 0

if ! web_start "$T/ykien.conf" "$T/web.log"; then
    not_ok "ykien-web starts and listens ($YKIEN_WEB)"
    tap_done
    exit 1
fi
ok "ykien-web starts and says it listens on $WEB_URL"

YW_URL=$WEB_URL YW_USER=$CLERK YW_PASS=$PASS YW_VIEWER=$VIEWER YW_VIEWER_PASS=$VIEWER_PASS YW_CLERK_NAME=$CLERK_NAME YW_DIR=$T YW_ART=$ART \
YW_YKIEN=$YKIEN YW_CONF=$T/ykien.conf YW_CAMPAIGN=$C YW_SHA=$SHA \
YW_AGENCY=UBND_KESACH YW_AGENCY_NAME="UBND huyện Kế Sách" \
    web_tap timeout 150 "$PY" "$YK_TOP/tests/web/desk.py"

# what the clerk did is in the database, signed with the login
is "the assignment is recorded in the database" \
    "$(db "SELECT coalesce(r.agency, '-') FROM replies r JOIN messages m ON m.id = r.message WHERE m.sha256 = '$SHA'")" UBND_KESACH
check "the corrections are recorded with the clerk's login" \
    sh -c "[ \"\$(sqlite3 '$T/ykien.db' \"SELECT count(*) FROM corrections WHERE sha256 = '$SHA' AND who = '$CLERK'\")\" -ge 2 ]"
check "the log says who logged in" grep -q "$CLERK" "$T/web.log"
check "the log has the failed login" grep -qiE "fail|wrong|bad password|refused" "$T/web.log"
check "the password is in no log" sh -c "! grep -qF '$PASS' '$T/web.log'"

web_stop
is "ykien-web stops on SIGTERM with status 0" "$WEB_RC" 0
if [ "$TAP_FAILED" -gt 0 ]; then
    echo "# ykien-web's log:"; sed 's/^/#   /' "$T/web.log" | tail -30
fi
tap_done
