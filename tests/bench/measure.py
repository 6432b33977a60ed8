#!/usr/bin/env python3
"""measure.py CMD ARGS... — runs the command, then prints one line
"wall_s=<seconds> rss_kb=<peak resident set of the child>" on stderr.
Exits with the command's status."""
import os
import resource
import subprocess
import sys
import time

t0 = time.monotonic()
p = subprocess.run(sys.argv[1:])
wall = time.monotonic() - t0
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
sys.stderr.write("wall_s=%.3f rss_kb=%d\n" % (wall, rss))
sys.exit(p.returncode)
