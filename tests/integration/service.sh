#!/usr/bin/env bash
# ykiend as a service: SIGHUP with a broken configuration keeps the old one
# and logs FILE:LINE; SIGHUP with a good one that adds an agency takes it;
# sd_notify READY/STATUS/RELOADING/STOPPING/WATCHDOG reach the socket;
# SIGTERM exits 0 within 2 seconds with nothing half-filed.  Then the
# installation layout, the unit's checks and the man pages.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/tap.sh"
. "$here/../lib/dovecot.sh"
. "$here/../lib/ykien-env.sh"

T=$(mktemp -d /tmp/yksvc.XXXXXX)
pid= sink=
trap '[ -n "$pid" ] && kill -KILL $pid 2>/dev/null; [ -n "$sink" ] && kill $sink 2>/dev/null; ykien_env_stop; rm -rf "$T"' EXIT
ykien_env_start "$T" || { not_ok "private Dovecot starts"; tap_done; exit 1; }
db() { sqlite3 "$T/ykien.db" "$@" 2>/dev/null; }
sed -i 's|^  poll_interval = .*;|  poll_interval = 2;|' "$YK_CONF"
cp "$YK_CONF" "$T/good.conf"
maildir_deliver "$YK_TOP/tests/data/replies/01-snv-inline.eml"

python3 "$YK_TOP/tests/lib/notify_sink.py" "$T/notify.sock" "$T/notify.txt" &
sink=$!
for _ in $(seq 1 50); do [ -S "$T/notify.sock" ] && break; sleep 0.05; done
NOTIFY_SOCKET=$T/notify.sock WATCHDOG_USEC=2000000 \
    "$YKIEND" -c "$YK_CONF" 2> "$T/daemon.log" &
pid=$!
for _ in $(seq 1 100); do grep -q '^READY=1' "$T/notify.txt" 2>/dev/null && break; sleep 0.05; done
check "READY=1 after the first poll logged in" grep -q '^READY=1' "$T/notify.txt"
check "the first message was filed before READY=1" [ "$(db 'SELECT count(*) FROM messages')" = 1 ]
for _ in $(seq 1 40); do grep -q '^STATUS=' "$T/notify.txt" && break; sleep 0.05; done
check "STATUS= tells replies, pending and the next poll" \
    grep -qE '^STATUS=1 replies, 6 pending, next poll [0-9]{2}:[0-9]{2}$' "$T/notify.txt"
cpu() { awk '{ print $14 + $15 }' "/proc/$pid/stat"; }
before=$(cpu)
sleep 1.5
used=$(( $(cpu) - before ))
check "no busy waiting: $used clock ticks of CPU in 1.5 s between polls" [ "$used" -lt 15 ]
check "WATCHDOG=1 while it waits (WatchdogSec 2 s)" grep -q '^WATCHDOG=1' "$T/notify.txt"

# a broken configuration: kept running on the old one, every error logged
sed -e 's|^  url = .*|  url = 42;|' -e 's|deadline = "[^"]*"|deadline = "soon"|' \
    "$T/good.conf" > "$YK_CONF"
kill -HUP "$pid"
sleep 0.5
check "SIGHUP with a broken config: still running" kill -0 "$pid"
check "the broken config's errors are logged with file:line" \
    grep -qE "$YK_CONF:[0-9]+: 'mailbox.url' must be a string" "$T/daemon.log"
check "and the second error too" grep -qE "$YK_CONF:[0-9]+: 'campaigns\[0\].deadline'" "$T/daemon.log"
check "it says it keeps the old configuration" grep -q 'not reloaded: keeping the old one' "$T/daemon.log"
check "RELOADING=1 was notified" grep -q '^RELOADING=1' "$T/notify.txt"
maildir_deliver "$YK_TOP/tests/data/replies/02-stp-no-diacritics.eml"
for _ in $(seq 1 60); do [ "$(db 'SELECT count(*) FROM messages')" = 2 ] && break; sleep 0.1; done
is "on the old configuration it goes on filing" "$(db 'SELECT count(*) FROM messages')" 2

# a good configuration that adds an agency
sed 's|^agencies = (|agencies = (\n  { code = "SCT"; name = "Sở Công Thương"; emails = [ "sct@soctrang.example" ]; },|' \
    "$T/good.conf" > "$YK_CONF"
kill -HUP "$pid"
for _ in $(seq 1 40); do grep -q 'configuration reloaded' "$T/daemon.log" && break; sleep 0.05; done
check "SIGHUP with a good config: reloaded" grep -q 'configuration reloaded' "$T/daemon.log"
check "the new agency appears in ykien status" sh -c "'$YKIEN' -c '$YK_CONF' status | grep -qE '^ +SCT +Sở Công Thương +missing'"
maildir_deliver "$YK_TOP/tests/data/replies/03-chauthanh-domain.eml"

# SIGTERM: prompt, clean, exit 0
sleep 0.3
term_timed "$pid"
pid=
is "SIGTERM: exit status 0" "$rc" 0
check "SIGTERM: gone within 2 s (${ms} ms)" [ "$ms" -lt 2000 ]
check "STOPPING=1 was notified" grep -q '^STOPPING=1' "$T/notify.txt"
n=$(db 'SELECT count(*) FROM messages'); files=$(find "$T/archive" -name '*.eml' | wc -l)
is "nothing half-filed: one archive file per recorded message" "$files" "$n"
is "and the high-water UID is the last UID recorded" "$(db 'SELECT last_uid FROM mailbox_state')" \
    "$(db 'SELECT max(uid) FROM messages')"

# ---- READY=1 when the mailbox was read, even if nothing could be sent ----
# receipts are due at the first cycle but the SMTP server is down and the
# unit's smtp.pass credential is its empty stand-in: the intake counts
# (READY=1 at once), the sending is retried, and the log says why
: > "$T/notify.txt"
printf 'smtp = {\n  url = "smtp://127.0.0.1:1";\n  user = "tonghop";\n  from = "tonghop@soctrang.example";\n  allow_plaintext = true;\n};\n' >> "$T/good.conf"
sed -i 's|^    agencies = "all"; }|    agencies = "all"; acknowledge = true; }|' "$T/good.conf"
mkdir -p "$T/cred" && printf '\n' > "$T/cred/smtp.pass"
maildir_deliver "$YK_TOP/tests/data/replies/06-syt-reply.eml"
CREDENTIALS_DIRECTORY=$T/cred NOTIFY_SOCKET=$T/notify.sock "$YKIEND" -c "$T/good.conf" 2> "$T/ready.log" &
pid=$!
for _ in $(seq 1 100); do grep -q '^READY=1' "$T/notify.txt" 2>/dev/null && break; sleep 0.05; done
check "SMTP unusable at the first cycle: READY=1 all the same" grep -q '^READY=1' "$T/notify.txt"
check "the log says there is no SMTP password, and why" \
    grep -q 'smtp.user is set but there is no password: the systemd credential smtp.pass is empty' "$T/ready.log"
term_timed "$pid"
pid=
is "and it stops cleanly" "$rc" 0

# ---- installation ----
R=$T/root
# the catalogue's folder is compiled into ykien: install into the one this
# build holds, so that installing rebuilds nothing (a rebuild without the
# build's own flags would break a sanitizer build under test)
LOC=$(cat "$YK_BUILD/localedir.stamp" 2>/dev/null)
check "the build names its catalogue folder ($LOC)" test -n "$LOC"
INST=(DESTDIR="$R" PREFIX=/usr LOCALEDIR="$LOC" B="$YK_BUILD")
built=$(stat -c %Y.%s "$YK_BUILD/ykien")
make -s -C "$YK_TOP" install "${INST[@]}" > "$T/install.log" 2>&1
is "make install DESTDIR=… exits 0" "$?" 0
for f in usr/sbin/ykiend usr/sbin/ykien-web usr/bin/ykien etc/ykien/ykien.conf etc/ykien/agencies.conf \
         etc/ykien/campaigns.conf etc/ykien/templates/nhac-nho.txt usr/share/doc/ykien/examples/ykien.conf \
         usr/lib/systemd/system/ykiend.service usr/share/man/man1/ykien.1 \
         usr/share/man/man5/ykien.conf.5 usr/share/man/man8/ykiend.8 \
         usr/lib/systemd/system/ykien-web.service usr/share/man/man8/ykien-web.8; do
    check "installed: /$f" [ -f "$R/$f" ]
done
is "installed ykien.conf is readable by the service (0644)" "$(stat -c %a "$R/etc/ykien/ykien.conf")" 644
check "the installed skeleton configuration is valid" \
    sh -c "'$R/usr/bin/ykien' -c '$R/etc/ykien/ykien.conf' check-config > /dev/null"
check "the skeleton is short (under 60 lines): $(wc -l < "$R/etc/ykien/ykien.conf")" \
    [ "$(wc -l < "$R/etc/ykien/ykien.conf")" -lt 60 ]
is "the skeleton names the steps and points to the example instead of holding it" \
    "$(grep -c 'Sóc Trăng\|soctrang' "$R/etc/ykien/ykien.conf" "$R/etc/ykien/agencies.conf" "$R/etc/ykien/campaigns.conf" | awk -F: '{n += $2} END {print n + 0}') $(grep -c 'agencies import\|campaign new' "$R/etc/ykien/ykien.conf")" \
    "1 2"
sed "s#/var/lib/ykien#$T/lib#g" "$R/usr/share/doc/ykien/examples/ykien.conf" > "$T/example.conf"
check "the example shipped with the docs is valid" \
    sh -c "'$R/usr/bin/ykien' -c '$T/example.conf' check-config > /dev/null"
echo "# the administrator's own line" >> "$R/etc/ykien/agencies.conf"
for f in bien-nhan.txt tong-hop-ngay.txt; do
    check "installed: the template $f" [ -f "$R/etc/ykien/templates/$f" ]
done
echo "Trân trọng cảm ơn./." >> "$R/etc/ykien/templates/nhac-nho.txt"
make -s -C "$YK_TOP" install "${INST[@]}" > "$T/install2.log" 2>&1
check "a second make install keeps the administrator's files" \
    grep -q "the administrator's own line" "$R/etc/ykien/agencies.conf"
check "a second make install keeps the office's own reminder text" \
    grep -q "Trân trọng cảm ơn./." "$R/etc/ykien/templates/nhac-nho.txt"
check "installed: the Vietnamese catalogue where ykien looks for it" \
    [ -f "$R$LOC/vi/LC_MESSAGES/ykien.mo" ]
is "make install rebuilt nothing (ykien unchanged)" "$(stat -c %Y.%s "$YK_BUILD/ykien")" "$built"
if command -v systemd-analyze > /dev/null; then
    # both units, the web desk's too (no IMAP/SMTP credential, the same sandbox)
    for u in ykiend ykien-web; do
        sed -e "s|/usr/sbin/ykiend|$R/usr/sbin/ykiend|g" -e "s|/usr/sbin/ykien-web|$R/usr/sbin/ykien-web|g" \
            "$R/usr/lib/systemd/system/$u.service" > "$T/$u.service"
        systemd-analyze verify --man=no "$T/$u.service" > "$T/verify.txt" 2>&1
        is "systemd-analyze verify reports no error in $u.service" "$?" 0
        score=$(systemd-analyze security --offline=yes "$T/$u.service" 2>/dev/null |
                sed -n 's/.*Overall exposure level for .*: \([0-9.]*\).*/\1/p')
        check "systemd-analyze security rates $u.service 1.5 or lower ($score)" \
            python3 -c "import sys; sys.exit(0 if float('${score:-99}') <= 1.5 else 1)"
    done
    check "ykien-web.service gets no mail credential" \
        sh -c "! grep -qE 'imap|smtp' '$T/ykien-web.service'"
    check "ykien-web.service and ykiend.service run as the same dynamic user" \
        sh -c "grep -qx 'User=ykien' '$T/ykien-web.service' && grep -qx 'User=ykien' '$T/ykiend.service'"
    check "ykien-web.service reads its accounts as a credential" \
        grep -qx 'LoadCredential=web-users:/etc/ykien/web-users' "$T/ykien-web.service"
else
    skip "systemd-analyze not installed"
fi
make -s -C "$YK_TOP" uninstall "${INST[@]}" > /dev/null 2>&1
is "make uninstall removes the programs, pages, catalogue, unit and unchanged templates" \
    "$(find "$R" -type f ! -path '*/etc/ykien/*.conf' ! -path '*/templates/nhac-nho.txt' | wc -l)" 0
check "and keeps the template the office changed" \
    grep -q "Trân trọng cảm ơn./." "$R/etc/ykien/templates/nhac-nho.txt"

# ---- manual pages ----
for page in "$YK_TOP"/docs/*.[158]; do
    is "groff -man -ww: no warning in $(basename "$page")" "$(groff -man -ww -z "$page" 2>&1)" ""
done
missing=
for opt in $("$YKIEN" --help | grep -oE -- '--[a-z-]+' | sort -u) \
           $("$YKIEN" --help | sed -n 's/^  \([a-z-]*\)  .*/\1/p; s/^  \([a-z-]*\) --.*/\1/p'); do
    grep -q -- "$(echo "$opt" | sed 's/-/\\\\-/g')" "$YK_TOP/docs/ykien.1" || missing="$missing $opt"
done
is "every option and command of ykien --help is in ykien(1)" "$missing" ""
missing=
for opt in $("$YK_BUILD/ykien-web" --help | grep -oE -- '--[a-z-]+' | sort -u); do
    grep -q -- "$(echo "$opt" | sed 's/-/\\\\-/g')" "$YK_TOP/docs/ykien-web.8" || missing="$missing $opt"
done
is "every option of ykien-web --help is in ykien-web(8)" "$missing" ""
missing=
for opt in $("$YKIEND" --help | grep -oE -- '--[a-z-]+' | sort -u); do
    grep -q -- "$(echo "$opt" | sed 's/-/\\\\-/g')" "$YK_TOP/docs/ykiend.8" || missing="$missing $opt"
done
is "every option of ykiend --help is in ykiend(8)" "$missing" ""
tap_done
