#!/bin/sh
# The Debian packages ykien needs to build and to run its tests.
#   deps.sh check    install what is missing (as root), else say what to run
#   deps.sh install  the same; kept as a separate word for `make deps`
# Each package is named for what it gives: see README.md, "Dependencies".
# make fuzz needs clang and, on Debian 12, libclang-rt-14-dev (it holds the
# libFuzzer runtime, libclang_rt.fuzzer-x86_64.a, behind -fsanitize=fuzzer);
# make valgrind needs valgrind.  make deb needs dpkg-dev (dpkg-shlibdeps);
# make systemd-check needs mmdebstrap and systemd-container (systemd-nspawn).
set -u
PKGS="gcc make pkg-config
libcurl4-openssl-dev libgmime-3.0-dev libsqlite3-dev libconfig-dev
libxml2-dev libzip-dev libunistring-dev libpoppler-glib-dev libssl-dev libsystemd-dev
libcmocka-dev
dovecot-imapd curl sqlite3 python3 openssl ca-certificates procps groff-base python3-aiosmtpd
antiword catdoc
tesseract-ocr tesseract-ocr-vie poppler-utils python3-pil fonts-dejavu-core
isync
libxlsxwriter-dev chromium python3-openpyxl
clang libclang-rt-14-dev valgrind
dpkg-dev mmdebstrap systemd-container"

missing=""
for p in $PKGS; do
    st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)
    case "$st" in
        *"install ok installed"*) ;;
        *) missing="$missing $p" ;;
    esac
done
[ -z "$missing" ] && exit 0
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
