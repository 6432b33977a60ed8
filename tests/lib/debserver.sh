#!/usr/bin/env bash
# IMAP servers from Debian's own packages that cannot be installed beside
# Dovecot (cyrus-imapd and courier-imap declare Conflicts: imap-server), for
# tests/lib/cyrus.sh and tests/lib/courier.sh.  Source this file, then:
#   debserver_fetch NAME PKG...  -> the .debs are in tests/tmp/debs (downloaded
#                                   once with `apt-get download`, as root) and
#                                   unpacked with `dpkg -x` into
#                                   DEBSERVER_ROOT=tests/tmp/servers/NAME;
#                                   on failure DEBSERVER_WHY says why
#   debserver_libs FILE...       -> the shared libraries those binaries lack
#                                   (none: exit 0), for a SKIP that names them
#   debserver_run DIR SCRIPT     -> runs bash SCRIPT in a private mount and PID
#                                   namespace (DEBSERVER_PID: unshare's)
#   debserver_stop [PID]         -> kills that namespace (or PID's), waits for it
# Inside the namespace: DEBSERVER_ROOT's usr/ is laid over /usr (the
# compiled-in paths work), /etc has a private writable layer whose upper
# folder is DIR/ns/etc (write config there before debserver_run), /run is an
# empty tmpfs, and /dev is private with a /dev/log whose syslog lines go to
# DIR/syslog.log (these servers log only to syslog).  Nothing outside DIR
# and tests/tmp is written.
DEBSERVER_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
DEBS_DIR=${YKIEN_DEBS:-$DEBSERVER_TOP/tests/tmp/debs}
DEBSERVER_DIRS=$DEBSERVER_TOP/tests/tmp/servers

# debserver_download PKG...: each package's .deb into $DEBS_DIR unless one
# is there already (also run by tests/lib/deps.sh for `make deps`)
debserver_download() {
    local p missing=""
    mkdir -p "$DEBS_DIR" || return 1
    for p in "$@"; do
        ls "$DEBS_DIR/${p}_"*.deb > /dev/null 2>&1 || missing="$missing $p"
    done
    [ -z "$missing" ] && return 0
    if ! command -v apt-get > /dev/null; then
        DEBSERVER_WHY="no apt-get to download$missing"; return 1
    fi
    # apt-get download writes into the current folder; as root it warns that
    # the _apt user cannot write there, and downloads all the same
    if ! (cd "$DEBS_DIR" && apt-get download -q $missing) > "$DEBS_DIR/download.log" 2>&1; then
        DEBSERVER_WHY="apt-get download$missing failed: $(grep -E '^E:' "$DEBS_DIR/download.log" | head -2 | tr '\n' ' ')(run make deps, which runs apt-get update first)"
        return 1
    fi
    return 0
}

debserver_fetch() {
    local name=$1; shift
    DEBSERVER_WHY=
    debserver_download "$@" || return 1
    local p f stamp=""
    for p in "$@"; do
        f=$(ls -v "$DEBS_DIR/${p}_"*.deb | tail -1)
        stamp="$stamp $(basename "$f")"
    done
    DEBSERVER_ROOT=$DEBSERVER_DIRS/$name
    if [ "$(cat "$DEBSERVER_ROOT/.debs" 2>/dev/null)" != "$stamp" ]; then
        local new=$DEBSERVER_ROOT.new.$$
        rm -rf "$new"; mkdir -p "$new"
        for f in $stamp; do
            dpkg -x "$DEBS_DIR/$f" "$new" ||
                { DEBSERVER_WHY="dpkg -x $f failed"; rm -rf "$new"; return 1; }
        done
        echo "$stamp" > "$new/.debs"
        rm -rf "$DEBSERVER_ROOT"
        mv "$new" "$DEBSERVER_ROOT"
    fi
    export DEBSERVER_ROOT
}

debserver_libs() {
    local f
    for f in "$@"; do
        LD_LIBRARY_PATH=$DEBSERVER_ROOT/usr/lib:$DEBSERVER_ROOT/usr/lib/x86_64-linux-gnu:$DEBSERVER_ROOT/usr/lib/courier-authlib \
            ldd "$DEBSERVER_ROOT/$f" 2>/dev/null | sed -n 's/^\s*\(\S*\) => not found.*/\1/p'
    done | sort -u | tr '\n' ' ' | sed 's/ $//'
}

# The namespace's first process: lays the mounts, starts the syslog socket,
# then runs the server's script ($3) and waits (bash as PID 1 reaps orphans).
DEBSERVER_INNER='
set -e
root=$1 dir=$2 script=$3
mount -t overlay overlay -o "lowerdir=$root/usr:/usr" /usr
mkdir -p "$dir/ns/etc" "$dir/ns/etc-work" "$dir/ns/dev"
mount -t overlay overlay -o "lowerdir=/etc,upperdir=$dir/ns/etc,workdir=$dir/ns/etc-work" /etc
mount -t tmpfs -o mode=755 tmpfs /run
d=$dir/ns/dev
mount -t tmpfs -o mode=755 tmpfs "$d"
for n in null:1:3 zero:1:5 full:1:7 random:1:8 urandom:1:9 tty:5:0; do
    IFS=: read -r name maj min <<< "$n"
    mknod -m 666 "$d/$name" c "$maj" "$min"
done
ln -s /proc/self/fd "$d/fd"
ln -s /proc/self/fd/0 "$d/stdin"; ln -s /proc/self/fd/1 "$d/stdout"; ln -s /proc/self/fd/2 "$d/stderr"
mkdir "$d/shm" "$d/pts"
mount --bind "$d" /dev
mount -t tmpfs -o mode=1777 tmpfs /dev/shm
python3 -c "
import socket, sys, os
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(\"/dev/log\")
os.chmod(\"/dev/log\", 0o666)
out = open(sys.argv[1], \"ab\", buffering=0)
while True:
    out.write(s.recv(65536).rstrip(b\"\\0\\n\") + b\"\\n\")
" "$dir/syslog.log" &
for i in $(seq 1 100); do [ -S /dev/log ] && break; sleep 0.05; done
set +e
bash "$script" &
wait
'

debserver_run() {
    local dir=$1 script=$2
    DEBSERVER_DIR=$dir
    unshare --mount --pid --kill-child --mount-proc --propagation private \
        bash -c "$DEBSERVER_INNER" debserver "$DEBSERVER_ROOT" "$dir" "$script" \
        > "$dir/ns.log" 2>&1 &
    DEBSERVER_PID=$!
}

debserver_stop() {
    local pid=${1:-${DEBSERVER_PID:-}}
    [ -n "$pid" ] || return 0
    # unshare ignores SIGTERM while its child runs: kill the child, the
    # namespace's PID 1, and the kernel kills every process in it
    local init
    init=$(pgrep -P "$pid")
    [ -n "$init" ] && kill -KILL $init 2>/dev/null
    kill -TERM "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    [ "$pid" = "${DEBSERVER_PID:-}" ] && DEBSERVER_PID=
    return 0
}

# debserver_wait_port PORT: 0 once something listens on 127.0.0.1:PORT
# (10 s), 1 if the namespace died or nothing listens
debserver_wait_port() {
    local i
    for i in $(seq 1 200); do
        (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
        kill -0 "$DEBSERVER_PID" 2>/dev/null || return 1
        sleep 0.05
    done
    return 1
}

debserver_free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
