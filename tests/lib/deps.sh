#!/bin/sh
# The Debian packages ykien needs to build and to run its tests.
#   deps.sh check    install what is missing (as root), else say what to run
#   deps.sh install  the same; kept as a separate word for `make deps`
# Each package is named for what it gives: see README.md, "Dependencies".
# make fuzz needs clang and, on Debian 12, libclang-rt-14-dev (it holds the
# libFuzzer runtime, libclang_rt.fuzzer-x86_64.a, behind -fsanitize=fuzzer);
# make valgrind needs valgrind.  make deb needs dpkg-dev (dpkg-shlibdeps);
# make systemd-check needs mmdebstrap and systemd-container (systemd-nspawn).
# make all needs gettext (msgfmt compiles lib/po/*.po; xgettext and msgmerge
# for make po); tests/integration/i18n.sh needs locales (the vi_VN source
# that localedef compiles; gettext's runtime is glibc's).
# ykien-web needs libmicrohttpd-dev (HTTP) and libcrypt-dev (yescrypt, part of
# libc6-dev); its browser tests drive chromium through chromium-driver and
# python3-selenium.
set -u
PKGS="gcc make pkg-config
libcurl4-openssl-dev libgmime-3.0-dev libsqlite3-dev libconfig-dev
libxml2-dev libzip-dev libunistring-dev libpoppler-glib-dev libssl-dev libsystemd-dev
libcmocka-dev libleptonica-dev libpng-dev libjpeg-dev libmicrohttpd-dev libcrypt-dev
dovecot-imapd curl sqlite3 python3 openssl ca-certificates procps groff-base python3-aiosmtpd
libxapian30 libical3 sasl2-bin libsasl2-modules libsasl2-modules-db
libidn12 libcourier-unicode4 libgamin0 libltdl7 util-linux perl
antiword catdoc
tesseract-ocr tesseract-ocr-vie poppler-utils python3-pil fonts-dejavu-core
isync
libxlsxwriter-dev chromium chromium-driver python3-selenium python3-openpyxl python3-docx python3-reportlab
libreoffice-writer-nogui
clang libclang-rt-14-dev valgrind
dpkg-dev mmdebstrap systemd-container
gettext locales"

missing=""
for p in $PKGS; do
    st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)
    case "$st" in
        *"install ok installed"*) ;;
        *) missing="$missing $p" ;;
    esac
done
# Cyrus IMAP and Courier IMAP for tests/integration/servers.sh conflict with
# dovecot-imapd (Conflicts: imap-server): only their .debs are downloaded, into
# tests/tmp/debs (git-ignored), and the tests unpack them (tests/lib/debserver.sh);
# the libraries above are what they need.  A failed download is a warning:
# those tests then SKIP and say why.
fetch_debs() {
    bash -c '. "$1/cyrus.sh" && . "$1/courier.sh" &&
             debserver_download $CYRUS_PKGS $COURIER_PKGS || { echo "$DEBSERVER_WHY"; exit 1; }' \
        sh "$(cd "$(dirname "$0")" && pwd)" > "$1" 2>&1
}
server_debs() {
    [ "$(id -u)" = 0 ] || return 0
    log=$(mktemp)
    # stale package lists: update once and try again
    fetch_debs "$log" || { apt-get update -q > /dev/null 2>&1; fetch_debs "$log"; } ||
        echo "ykien: warning: Cyrus/Courier .debs not downloaded, their tests will SKIP: $(tail -1 "$log")" >&2
    rm -f "$log"
}
if [ -z "$missing" ]; then server_debs; exit 0; fi
echo "ykien: missing Debian packages:$missing"
if [ "$(id -u)" != 0 ]; then
    echo "ykien: run as root:  apt-get update && apt-get install -y$missing" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
# A fresh machine has empty or stale package lists: update first.
apt-get update -q >/dev/null || { echo "ykien: apt-get update failed" >&2; exit 1; }
# Do not let the packages start system services (dovecot) on install.
if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d
    trap 'rm -f /usr/sbin/policy-rc.d' EXIT
fi
apt-get install -y -q --no-install-recommends $missing >/dev/null ||
    { echo "ykien: apt-get install failed" >&2; exit 1; }
echo "ykien: installed$missing"
server_debs
