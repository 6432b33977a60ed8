#!/usr/bin/env bash
# make systemd-check: ykien's .deb under a real systemd (issue 17).
#   tests/systemd/check.sh build/ykien_VERSION_ARCH.deb
# Builds (once, cached under tests/tmp/systemd/, keyed by what goes in) a
# minimal Debian 12 tree with mmdebstrap, boots a throw-away overlay of it
# with systemd-nspawn --boot, installs the .deb there with apt-get (so its
# Depends come from Debian's mirror and are proved enough), and checks
# against a private Dovecot and SMTP server on the host's loopback (which
# the container shares):
#   ykiend.service starts (READY) and files a reply written in the mail, a
#   .doc (antiword under the unit's seccomp filter and
#   MemoryDenyWriteExecute) and a scan (tesseract); the journal has ykiend's
#   lines with their priorities; receipts log in to SMTP with the credential
#   smtp.pass; `systemctl reload` applies a changed configuration; an
#   instance ykiend@NAME.service runs beside it without its smtp.pass file;
#   `systemctl stop` is clean; systemd-analyze security is 1.5 or lower for
#   both units.  ykien-web.service (issue 22) starts beside ykiend, answers
#   GET /login from inside the container, logs a clerk in and serves the
#   status page of what ykiend filed, holds only the web-users credential,
#   stops cleanly and scores 1.5 or lower too.
# Commands run inside the container through nsenter into the namespaces of
# its PID 1 (--register=no: no machined, so no systemd-run -M / machinectl).
# Needs root, mmdebstrap and systemd-container (make deps).  TAP output, and
# the run time on the last line.
set -u
here=$(cd "$(dirname "$0")" && pwd)
# in a mount namespace of our own: the overlay goes away with us, whatever
# happens to this script
if [ -z "${YK_SYSTEMD_CHECK_NS:-}" ]; then
    [ "$(id -u)" = 0 ] || { echo "systemd-check: needs root (mount, systemd-nspawn)" >&2; exit 1; }
    YK_SYSTEMD_CHECK_NS=1 exec unshare --mount --propagation private bash "$0" "$@"
fi
. "$here/../lib/tap.sh"
. "$here/../lib/dovecot.sh"
. "$here/../lib/ykien-env.sh"
. "$here/../lib/smtp-sink.sh"
PY=/usr/bin/python3
T0=$(date +%s%N)
DEB=${1:?usage: check.sh YKIEN.deb}
DEB=$(cd "$(dirname "$DEB")" && pwd)/$(basename "$DEB")

for tool in mmdebstrap systemd-nspawn nsenter; do
    command -v "$tool" > /dev/null ||
        { echo "systemd-check: $tool is missing (make deps: mmdebstrap, systemd-container)" >&2; exit 1; }
done

# --- the Debian 12 tree, cached ------------------------------------------
CACHE=$YK_TOP/tests/tmp/systemd
SUITE=bookworm
INCLUDE=systemd,systemd-sysv,dbus
MIRRORS=("deb http://deb.debian.org/debian bookworm main"
         "deb http://deb.debian.org/debian bookworm-updates main"
         "deb http://deb.debian.org/debian-security bookworm-security main")
key=$(printf '%s\n' minbase "$SUITE" "$INCLUDE" "${MIRRORS[@]}" | sha256sum | cut -c1-12)
BASE=$CACHE/base-$key
mkdir -p "$CACHE/apt-archives/partial"
if [ ! -d "$BASE" ]; then
    # package lists kept: apt-get install needs no update while they are fresh
    rm -rf "$CACHE"/base-*
    echo "# mmdebstrap $SUITE ($INCLUDE) into $BASE"
    t=$(date +%s)
    mmdebstrap --quiet --variant=minbase --include="$INCLUDE" --skip=cleanup/apt/lists \
        "$SUITE" "$BASE.tmp" "${MIRRORS[@]}" > "$CACHE/mmdebstrap.log" 2>&1 &&
        mv "$BASE.tmp" "$BASE" ||
        { tail -20 "$CACHE/mmdebstrap.log"; not_ok "mmdebstrap builds a Debian 12 tree"; tap_done; exit 1; }
    echo "# mmdebstrap took $(( $(date +%s) - t )) s"
fi

# --- a throw-away overlay of it, booted ----------------------------------
T=$(mktemp -d /tmp/yksd.XXXXXX)   # short: Dovecot's sockets live in it
R=$T/ct
mkdir -p "$R/upper" "$R/work" "$R/root"
NSPAWN=
cleanup() {
    stop_sink
    dovecot_stop
    if [ -n "$NSPAWN" ] && kill -0 "$NSPAWN" 2> /dev/null; then
        kill -TERM "$NSPAWN"          # nspawn shuts the container down in order
        for _ in $(seq 100); do kill -0 "$NSPAWN" 2> /dev/null || break; sleep 0.1; done
        kill -KILL "$NSPAWN" 2> /dev/null
        wait "$NSPAWN" 2> /dev/null
    fi
    umount "$R/root" 2> /dev/null
    [ -n "${KEEP:-}" ] && { echo "# kept $T"; return; }
    rm -rf "$T"
}
trap cleanup EXIT
mount -t overlay overlay -o "lowerdir=$BASE,upperdir=$R/upper,workdir=$R/work" "$R/root" ||
    { not_ok "an overlay of the Debian tree mounts"; tap_done; exit 1; }
cp "$DEB" "$R/root/root/"
debname=$(basename "$DEB")

systemd-nspawn -D "$R/root" --boot --register=no --keep-unit --console=read-only \
    --machine="yksd$$" --bind="$CACHE/apt-archives:/var/cache/apt/archives" \
    > "$T/console.log" 2>&1 &
NSPAWN=$!
# the container's PID 1 is systemd, a child of systemd-nspawn: wait for
# that process by its name (the first child may be a short-lived helper
# on a busy machine)
LEADER=
for _ in $(seq 300); do
    LEADER=$(pgrep -P "$NSPAWN" -x systemd | head -1)
    [ -n "$LEADER" ] && break
    sleep 0.1
done
# ct CMD...: CMD as root inside the container, in all its namespaces
ct() { nsenter -t "$LEADER" -a -- env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 "$@"; }
state=
if [ -n "$LEADER" ]; then
    for _ in $(seq 60); do
        state=$(ct timeout 60 systemctl is-system-running --wait 2> /dev/null)
        case $state in running|degraded) break ;; esac
        sleep 0.5
    done
fi
case $state in
    running|degraded) ok "the tree boots systemd $(ct systemctl --version | sed -n '1s/^systemd \([0-9]*\).*/\1/p') ($state)"
                      [ "$state" = running ] || ct systemctl --failed --no-legend | sed 's/^/# /' ;;
    *) not_ok "the tree boots (state '$state')"; tail -20 "$T/console.log"; tap_done; exit 1 ;;
esac

# --- the package ----------------------------------------------------------
apt_install() {
    ct sh -c "DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
              /root/$debname" > "$T/apt.log" 2>&1
}
t=$(date +%s)
apt_install || { ct apt-get update -q > "$T/apt-update.log" 2>&1 && apt_install; }
rc=$?
is "apt-get install ./$debname: its Depends installed from Debian's mirror" "$rc" 0
[ "$rc" = 0 ] || { tail -20 "$T/apt.log" | sed 's/^/# /'; tap_done; exit 1; }
echo "# apt-get install took $(( $(date +%s) - t )) s"
is "the unit is installed, not enabled" "$(ct systemctl is-enabled ykiend.service 2>&1)" disabled
is "ykien-web.service is installed, not enabled" "$(ct systemctl is-enabled ykien-web.service 2>&1)" disabled
check "ykien-web is installed" ct test -x /usr/sbin/ykien-web
is "no ykiend runs after the install" "$(ct systemctl is-active ykiend.service 2>&1)" inactive
conffiles() { ct dpkg-query -W -f '${Conffiles}' ykien | grep -q '^ /etc/ykien/ykien.conf '; }
check "/etc/ykien/ykien.conf is a conffile" conffiles
for u in ykiend.service ykiend@box2.service ykien-web.service; do
    e=$(ct systemd-analyze security "$u" 2>&1 | sed -n 's/.*Overall exposure level for .*: \([0-9.]*\).*/\1/p')
    check "systemd-analyze security $u: $e, at most 1.5" \
        awk -v e="${e:-99}" 'BEGIN { exit !(e <= 1.5) }'
done

# --- the mail servers on the host's loopback -------------------------------
dovecot_start "$T/dc" || { not_ok "private Dovecot starts"; tap_done; exit 1; }
SMTP_USER=tonghop@soctrang.example
SMTP_PASS=smtp-secret-$$
start_sink "$T/sink" --auth "$SMTP_USER:$SMTP_PASS" ||
    { not_ok "private SMTP server starts"; tap_done; exit 1; }
"$PY" "$here/gendoc.py" "$T/reply.doc" "$T/doc.eml" &&
    "$PY" "$YK_TOP/tests/lib/genscan.py" "$T/gen" > /dev/null
is "a .doc reply and a scanned reply are made" "$?" 0
maildir_deliver "$YK_TOP/tests/data/replies/06-syt-reply.eml"   # SYT, inline
maildir_deliver "$T/doc.eml"                                    # STP, .doc
maildir_deliver "$T/gen/scan_png.eml"                           # SNV, a scan

# conf_for NAME STATEDIR: the demo configuration for the unit, the passwords
# left to the credentials
conf_for() {
    sed -e "s#DEMO_PORT#$DOVECOT_PORT#g" -e "s#DEMO_DIR#$2#g" -e '/password_file/d' \
        -e 's#poll_interval = 10;#poll_interval = 2;#' \
        -e 's#^    agencies = "all"; }#    agencies = "all"; acknowledge = true; }#' \
        "$YK_TOP/conf/demo.conf"
    cat <<CONF
smtp = {
  url = "smtp://127.0.0.1:$SINK_PORT";
  user = "$SMTP_USER";
  from = "Văn phòng UBND tỉnh Sóc Trăng <$SMTP_USER>";
  allow_plaintext = true;
  timeout = 20;
};
CONF
}
E=$R/root/etc/ykien
conf_for ykien /var/lib/ykien > "$E/ykien.conf"
printf '%s\n' "$DOVECOT_PASS" > "$E/imap.pass"
printf '%s\n' "$SMTP_PASS" > "$E/smtp.pass"
chmod 600 "$E/imap.pass" "$E/smtp.pass"

# --- ykiend.service -------------------------------------------------------
t=$(date +%s%N)
ct timeout 120 systemctl start ykiend.service
rc=$?
[ "$rc" = 0 ] || ct journalctl -u ykiend.service -o cat --no-pager | tail -15 | sed 's/^/# /'
is "systemctl start ykiend: READY after its first poll ($(( ($(date +%s%N) - t) / 1000000 )) ms)" "$rc" 0
is "ykiend.service is active" "$(ct systemctl is-active ykiend.service)" active
status=$(ct systemctl show -P StatusText ykiend.service)
check "its STATUS= line is shown: $status" test -n "$status"

export_json() { ct ykien -c "/etc/ykien/$1.conf" export --json 2> "$T/export.err"; }
export_json ykien > "$T/export1.json"
check "three replies filed: inline (SYT), .doc (STP), scan (SNV), answers read" \
    "$PY" - "$T/export1.json" "$T/gen/comment.txt" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
by = {r["agency"]: r for r in rows}
scan_comment = open(sys.argv[2], encoding="utf-8").read().split()[:4]
ok = (len(rows) == 3 and set(by) == {"SYT", "STP", "SNV"}
      and by["SYT"]["source"] == "inline"
      and by["STP"]["source"] == "doc"
      and "nắm vững quy trình" in (by["STP"]["answers"].get("comments") or "")
      and by["STP"]["answers"]["proposal"]["choices"] == ["continue_contest"]
      and by["SNV"]["source"] == "image" and by["SNV"]["ocr"] is True
      and " ".join(scan_comment[:2]) in (by["SNV"]["answers"].get("comments") or ""))
if not ok:
    print("# " + json.dumps(rows, ensure_ascii=False)[:2000])
sys.exit(0 if ok else 1)
PY

# receipts: sent with AUTH as the smtp user, the password from smtp.pass
for _ in $(seq 100); do [ "$(msgs "$T/sink")" -ge 3 ] && break; sleep 0.2; done
is "three receipts (acknowledge = true) reached the SMTP server" "$(msgs "$T/sink")" 3
is "each after logging in as $SMTP_USER (credential smtp.pass)" \
    "$(cat "$T"/sink/*.auth 2> /dev/null | grep -cx "$SMTP_USER")" 3

# reload: an agency added to the configuration; a reply from its address,
# delivered after `systemctl reload`, is filed under it
sed -i 's#^  { code = "UBND_KESACH"#  { code = "PTP_CT"; name = "Phòng Tư pháp huyện Châu Thành"; emails = [ "nguyenvana@mail.example" ]; },\n&#' \
    "$E/ykien.conf"
ct systemctl reload ykiend.service
rc=$?
is "systemctl reload ykiend" "$rc" 0
[ "$rc" = 0 ] || ct journalctl -u ykiend.service -o cat --no-pager | tail -5 | sed 's/^/# /'
maildir_deliver "$YK_TOP/tests/data/replies/04-unknown-sender.eml"
n=0
for _ in $(seq 150); do
    n=$(export_json ykien | grep -c .)
    [ "$n" -ge 4 ] && break
    sleep 0.2
done
is "the message delivered after the reload is filed" "$n" 4
# journal_has UNIT REGEX: a line of UNIT's journal matches
journal_has() { ct journalctl -u "$1" -o cat --no-pager | grep -q "$2"; }
check "the journal says the configuration was reloaded" \
    journal_has ykiend.service 'configuration reloaded from /etc/ykien/ykien.conf'
is "it is filed under the agency the reloaded configuration added" \
    "$(export_json ykien | grep -c '"message_id":"a-0119@mail.example".*"agency":"PTP_CT","agency_by":"from"')" 1

# --- ykiend@box2.service: a second mailbox configuration, no smtp.pass ----
# It starts with acknowledge = false: ykiend (daemon/ykiend.c) says READY=1
# only after a cycle with no error, and a receipt it cannot send is one, so
# a start that must send without a password would wait for
# TimeoutStartSec=.  The reload below then asks for receipts.
conf_for box2 /var/lib/ykien-box2 | sed 's#acknowledge = true;#acknowledge = false;#' > "$E/box2.conf"
printf '%s\n' "$DOVECOT_PASS" > "$E/box2.imap.pass"
chmod 600 "$E/box2.imap.pass"
ct timeout 120 systemctl start ykiend@box2.service
rc=$?
is "systemctl start ykiend@box2 without /etc/ykien/box2.smtp.pass: started" "$rc" 0
[ "$rc" = 0 ] || ct journalctl -u ykiend@box2.service -o cat --no-pager | tail -8 | sed 's/^/# /'
is "ykiend@box2.service is active" "$(ct systemctl is-active ykiend@box2.service)" active
is "it filed the same mailbox into its own database" "$(export_json box2 | grep -c .)" 4
check "its database is in its own state directory" \
    ct test -s /var/lib/ykien-box2/ykien.db
is "ykiend.service's database is still its own" "$(export_json ykien | grep -c .)" 4
is "its credential smtp.pass is the unit's stand-in, an empty line" \
    "$(ct sh -c 'od -An -c /run/credentials/ykiend@box2.service/smtp.pass' | tr -d ' ')" '\n'
sed -i 's#acknowledge = false;#acknowledge = true;#' "$E/box2.conf"
ct systemctl reload ykiend@box2.service
for _ in $(seq 100); do journal_has ykiend@box2.service '^receipts: .*smtp.pass' && break; sleep 0.2; done
check "asked for receipts, box2 says it cannot send them (credential smtp.pass)" \
    journal_has ykiend@box2.service '^receipts: .*smtp.pass'
is "and goes on running" "$(ct systemctl is-active ykiend@box2.service)" active
is "no receipt left box2 without a password" "$(msgs "$T/sink")" 4

# the journal: ykiend's own lines, each with its priority (not "<6>" text):
# info for the filing, err for box2's receipts that could not log in
ct journalctl -u ykiend.service -u ykiend@box2.service -o json --no-pager > "$T/journal.json"
check "the journal has ykiend's lines with priorities (info; err: box2 cannot send)" \
    "$PY" - "$T/journal.json" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
own = [r for r in rows if r.get("SYSLOG_IDENTIFIER") == "ykiend" and r.get("_PID")]
prios = {r.get("PRIORITY") for r in own}
text = [r.get("MESSAGE", "") for r in own if isinstance(r.get("MESSAGE"), str)]
ok = (own and all(r.get("PRIORITY") for r in own) and "6" in prios and "3" in prios
      and not any(t.startswith("<") for t in text))
print("# ykiend lines: %d, priorities %s" % (len(own), sorted(p for p in prios if p)))
sys.exit(0 if ok else 1)
PY

# --- ykien-web.service: the clerks' desk beside ykiend ---------------------
# The configuration has no web group: the defaults, 127.0.0.1:8480 and the
# users file /etc/ykien/web-users (the unit's credential web-users).  The
# container shares the host's loopback, so the port must be free there.
WEBPORT=8480
if (exec 3<> "/dev/tcp/127.0.0.1/$WEBPORT") 2> /dev/null; then
    echo "# 127.0.0.1:$WEBPORT is already taken on the host: ykien-web.service cannot listen there"
fi
printf '%s\n' "pw-web-lan-$$" | ct ykien -c /etc/ykien/ykien.conf web-user add lan --role clerk
is "ykien web-user add lan --role clerk (password on stdin)" "$?" 0
is "/etc/ykien/web-users is mode 0600" "$(ct stat -c %a /etc/ykien/web-users 2>&1)" 600
t=$(date +%s%N)
ct timeout 60 systemctl start ykien-web.service
rc=$?
[ "$rc" = 0 ] || ct journalctl -u ykien-web.service -o cat --no-pager | tail -15 | sed 's/^/# /'
is "systemctl start ykien-web: READY when listening ($(( ($(date +%s%N) - t) / 1000000 )) ms)" "$rc" 0
is "ykien-web.service is active" "$(ct systemctl is-active ykien-web.service)" active
is "ykiend.service runs beside it" "$(ct systemctl is-active ykiend.service)" active
check "the journal says it listens on http://127.0.0.1:$WEBPORT" \
    journal_has ykien-web.service "listening on http://127.0.0.1:$WEBPORT"
# http_ct METHOD PATH [COOKIE [BODY]]: one HTTP/1.0 exchange from inside the
# container, headers and body as received (bash's /dev/tcp: the tree has no
# curl or python)
http_ct() {
    ct bash -c 'exec 3<> "/dev/tcp/127.0.0.1/$1" || exit 1
        { printf "%s %s HTTP/1.0\r\nHost: 127.0.0.1:%s\r\n" "$2" "$3" "$1"
          [ -n "$4" ] && printf "Cookie: %s\r\n" "$4"
          [ "$2" = POST ] && printf "Origin: http://127.0.0.1:%s\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\n" "$1" "${#5}"
          printf "\r\n%s" "$5"; } >&3
        cat <&3' http "$WEBPORT" "$@"
}
status_of() { sed -n '1s/^HTTP\/1\.[01] \([0-9]*\).*/\1/p' "$1"; }
cookie_of() { sed -n "s/^Set-Cookie: $2=\([^;]*\).*/\1/Ip" "$1" | tr -d '\r' | head -1; }
http_ct GET /login > "$T/login.http"
is "GET /login from inside the container: 200" "$(status_of "$T/login.http")" 200
check "it is the login form" grep -q 'id="login"' "$T/login.http"
pre=$(cookie_of "$T/login.http" ykien_login)
http_ct POST /login "ykien_login=$pre" "user=lan&password=pw-web-lan-$$&csrf=$pre" > "$T/post.http"
is "POST /login as lan: 303" "$(status_of "$T/post.http")" 303
sid=$(cookie_of "$T/post.http" ykien_session)
check "a session cookie of 64 hex digits" sh -c "echo '$sid' | grep -qxE '[0-9a-f]{64}'"
http_ct GET /c/118-UBND-TH "ykien_session=$sid" > "$T/status.http"
is "the status page of the campaign: 200" "$(status_of "$T/status.http")" 200
is "with the replies ykiend.service filed (SYT, STP, SNV) in their rows" \
    "$(grep -oE 'data-agency="(SYT|STP|SNV)"[^>]*data-state="(on_time|late|review)"' "$T/status.http" | sort -u | wc -l)" 3
check "the whoami says lan" grep -q '<span id="whoami">lan</span>' "$T/status.http"
# web-users, and web.key (the TLS key, here the unit's stand-in: no TLS)
creds=$(ct ls -A /run/credentials/ykien-web.service 2>&1 | tr '\n' ' ')
check "its credentials directory holds web-users and nothing of IMAP or SMTP ($creds)" \
    sh -c "echo '$creds' | grep -qw web-users && [ -z \"\$(echo '$creds' | tr ' ' '\n' | grep -vxE 'web-users|web\.key|')\" ]"
is "its web.key is the unit's stand-in, an empty line" \
    "$(ct sh -c 'od -An -c /run/credentials/ykien-web.service/web.key' 2>&1 | tr -d ' ')" '\n'
ct systemctl cat ykien-web.service > "$T/web.unit" 2>&1
check "the unit loads the credential web-users and no imap.pass or smtp.pass" \
    sh -c "grep -q '^LoadCredential=web-users:' '$T/web.unit' && ! grep -qE 'imap\.pass|smtp\.pass' '$T/web.unit'"
pid=$(ct systemctl show -P MainPID ykien-web.service)
uid=$(ct sed -n 's/^Uid:[[:space:]]*\([0-9]*\).*/\1/p' "/proc/$pid/status")
check "ykien-web does not run as root (uid $uid)" test -n "$uid" -a "$uid" != 0
as_web() { ct setpriv --reuid="$uid" --regid="$uid" --clear-groups "$@" > /dev/null 2>&1; }
check "its user reads /etc/ykien/ykien.conf" as_web cat /etc/ykien/ykien.conf
fails() { ! "$@"; }
check "but not /etc/ykien/imap.pass" fails as_web cat /etc/ykien/imap.pass
check "nor /etc/ykien/smtp.pass" fails as_web cat /etc/ykien/smtp.pass
check "nor /etc/ykien/web-users (it has it as a credential)" fails as_web cat /etc/ykien/web-users
is "no error line in ykien-web's journal" \
    "$(ct journalctl -u ykien-web.service -p err -o cat --no-pager | grep -c .)" 0

# --- stop ----------------------------------------------------------------
for u in ykien-web.service ykiend.service ykiend@box2.service; do
    t=$(date +%s%N)
    ct timeout 60 systemctl stop "$u"
    rc=$?
    ms=$(( ($(date +%s%N) - t) / 1000000 ))
    is "systemctl stop $u ($ms ms)" "$rc" 0
    is "$u ended cleanly" "$(ct systemctl show -P Result "$u") $(ct systemctl show -P ExecMainStatus "$u")" \
        "success 0"
done
check "ykiend said it was stopping" journal_has ykiend.service '^stopping$'

echo "# systemd-check run time: $(( ($(date +%s%N) - T0) / 1000000000 )) s"
tap_done
