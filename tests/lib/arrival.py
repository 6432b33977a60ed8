#!/usr/bin/env python3
"""arrival.py FILE... — gives each message file the time it would have
reached a mailbox: its modification time becomes the date of its top
Received: header, else of its Date: header (a message arrives when it is
sent).  Dovecot's INTERNALDATE of a Maildir message and ykien's arrival
time of a maildir:// message are the file's modification time; test mail
copied in "now" with a Date of 2024 would otherwise look three years late.
Files without a readable date are left alone."""
import email.parser
import email.policy
import email.utils
import os
import sys


def arrival(path):
    with open(path, "rb") as f:
        head = f.read(65536)
    end = head.find(b"\n\n")
    end2 = head.find(b"\r\n\r\n")
    cut = min(x for x in (end, end2, len(head)) if x >= 0)
    msg = email.parser.BytesHeaderParser(policy=email.policy.compat32).parsebytes(head[:cut])
    for name in ("Received", "Date"):
        v = msg.get(name)
        if not v:
            continue
        v = str(v)
        if name == "Received":
            v = v.rsplit(";", 1)[-1]
        try:
            return email.utils.parsedate_to_datetime(v.strip()).timestamp()
        except (TypeError, ValueError, IndexError):
            continue
    return None


for p in sys.argv[1:]:
    t = arrival(p)
    if t is not None:
        os.utime(p, (t, t))
