#!/usr/bin/env python3
"""imapc.py — a small IMAP client for the tests against servers other than
Dovecot (Cyrus, Courier), where there is no doveadm and no Maildir to write
into.  Speaks plain IMAP on 127.0.0.1; the password comes from $IMAPC_PASS.

  imapc.py PORT USER append FOLDER FILE...   APPEND each file, unseen, with
                                             CRLF line ends and its arrival
                                             (tests/lib/arrival.py) as
                                             INTERNALDATE
  imapc.py PORT USER list FOLDER             one line per message, read with
                                             EXAMINE (nothing changes):
                                             "UID FLAGS <message-id>", flags
                                             space-separated, \\Recent left out
  imapc.py PORT USER folders                 every folder name, one a line
  imapc.py PORT USER namespace               the NAMESPACE answer
  imapc.py PORT USER count FOLDER            how many messages (0: none or
                                             no such folder)
"""
import email.utils
import imaplib
import os
import re
import sys


def arrival(path):
    # the same rule as tests/lib/arrival.py: Received, else Date, else mtime
    with open(path, "rb") as f:
        head = f.read(65536)
    cut = min(x for x in (head.find(b"\n\n"), head.find(b"\r\n\r\n"), len(head)) if x >= 0)
    import email.parser
    import email.policy
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
    return os.stat(path).st_mtime


def connect(port, user):
    m = imaplib.IMAP4("127.0.0.1", int(port), timeout=60)
    m.login(user, os.environ["IMAPC_PASS"])
    return m


def quote(name):
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main():
    port, user, cmd = sys.argv[1:4]
    args = sys.argv[4:]
    m = connect(port, user)
    if cmd == "append":
        folder = args[0]
        for path in args[1:]:
            with open(path, "rb") as f:
                data = f.read()
            # CRLF everywhere: Cyrus refuses a bare LF in APPEND
            data = re.sub(rb"\r?\n", b"\r\n", data)
            when = imaplib.Time2Internaldate(arrival(path))
            typ, resp = m.append(quote(folder), None, when, data)
            if typ != "OK":
                sys.exit("APPEND %s: %s %r" % (path, typ, resp))
    elif cmd == "list" or cmd == "count":
        typ, resp = m.select(quote(args[0]), readonly=True)
        if typ != "OK":
            if cmd == "count":
                print(0)
                return
            sys.exit("EXAMINE %s: %s %r" % (args[0], typ, resp))
        n = int(resp[0])
        if cmd == "count":
            print(n)
            return
        if n == 0:
            return
        typ, resp = m.uid("FETCH", "1:*", "(FLAGS BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])")
        recs = []  # [meta, header]: FLAGS may come before or after the literal
        for item in resp:
            if isinstance(item, tuple):
                recs.append([item[0], item[1]])
            elif recs and item:
                recs[-1][0] += b" " + item
        out = []
        for meta, hdr in recs:
            uid = re.search(rb"UID (\d+)", meta)
            flags = re.search(rb"FLAGS \(([^)]*)\)", meta)
            mid = re.search(rb"<([^>]*)>", hdr)
            fl = [x for x in (flags.group(1).decode().split() if flags else []) if x != "\\Recent"]
            out.append((int(uid.group(1)), " ".join(sorted(fl)) or "-",
                        mid.group(1).decode() if mid else "-"))
        for uid, fl, mid in sorted(out):
            print(uid, fl, mid)
    elif cmd == "folders":
        typ, resp = m.list()
        for line in resp:
            line = line.decode()
            mm = re.match(r'\(([^)]*)\) (NIL|"[^"]*") (.*)$', line)
            if mm:
                name = mm.group(3)
                if name.startswith('"'):
                    name = name[1:-1].replace('\\"', '"').replace("\\\\", "\\")
                print(name)
    elif cmd == "namespace":
        typ, resp = m.namespace()
        print(resp[0].decode())
    else:
        sys.exit("imapc.py: unknown command " + cmd)
    try:
        m.logout()
    except Exception:
        pass


if __name__ == "__main__":
    main()
