#!/usr/bin/env python3
"""notify_sink.py SOCKET OUTFILE [--stamp] — a stand-in for systemd's
notification socket: receives sd_notify(3) datagrams on a unix socket and
appends each one to OUTFILE, a line per assignment (with --stamp, each
line starts with the time it arrived, in seconds since the epoch, and a
space).  Runs until killed."""
import os
import socket
import sys

import time

path, out = sys.argv[1], sys.argv[2]
stamp = "--stamp" in sys.argv[3:]
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(path)
os.chmod(path, 0o777)
with open(out, "a", buffering=1) as f:
    while True:
        data = s.recv(4096).decode("utf-8", "replace")
        for line in data.splitlines():
            f.write(("%.3f " % time.time() if stamp else "") + line + "\n")
