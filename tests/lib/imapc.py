#!/usr/bin/env python3
"""imapc.py — a small IMAP client for the tests against servers other than
Dovecot (Cyrus, Courier), where there is no doveadm and no Maildir to write
into.  Speaks plain IMAP on 127.0.0.1; the password comes from $IMAPC_PASS.

  imapc.py PORT USER append FOLDER FILE...   APPEND each file, unseen, with
                                             CRLF line ends and its arrival
                                             (tests/lib/arrival.py) as
                                             INTERNALDATE (MULTIAPPEND when
                                             the server has it)
  imapc.py PORT USER list FOLDER             one line per message, read with
                                             EXAMINE (nothing changes):
                                             "UID FLAGS MESSAGE-ID", FLAGS
                                             comma-separated or "-", \\Recent
                                             left out
  imapc.py PORT USER folders                 every folder name, one a line
  imapc.py PORT USER namespace               the NAMESPACE answer
  imapc.py PORT USER count FOLDER            how many messages (0: none or
                                             no such folder)
  imapc.py PORT USER all                     "FOLDER UID FLAGS MESSAGE-ID"
                                             for every message in every folder
  imapc.py maildir MAILDIR UID GID FILE...   no IMAP: each file into
                                             MAILDIR/new, LF line ends, owned
                                             by UID:GID, its time its arrival
  imapc.py PORT USER clear                   every message in every folder
                                             expunged (the folders stay)
"""
import email.utils
import imaplib
import os
import re
import sys
import time


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


def folder_list(m):
    names = []
    typ, resp = m.list()
    for line in resp:
        if not line:
            continue
        line = line.decode()
        mm = re.match(r'\(([^)]*)\) (NIL|"[^"]*") (.*)$', line)
        if mm:
            name = mm.group(3)
            if name.startswith('"'):
                name = name[1:-1].replace('\\"', '"').replace("\\\\", "\\")
            names.append((name, mm.group(1)))
    return names


def messages(m, folder):
    """[(uid, flags, message-id)] of FOLDER, read with EXAMINE; None if it
    cannot be examined"""
    typ, resp = m.select(quote(folder), readonly=True)
    if typ != "OK":
        return None
    if int(resp[0]) == 0:
        return []
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
        out.append((int(uid.group(1)), ",".join(sorted(fl)) or "-",
                    mid.group(1).decode() if mid else "-"))
    return sorted(out)


def append(m, folder, paths):
    """APPEND each file; with MULTIAPPEND and LITERAL+ (Cyrus), 100 to a
    command: one command is one fsync on the server, not one per message"""
    typ, dat = m.capability()
    caps = dat[0].decode().upper().split()
    multi = "MULTIAPPEND" in caps and "LITERAL+" in caps
    step = 100 if multi else 1
    for i in range(0, len(paths), step):
        chunk = []
        for path in paths[i:i + step]:
            with open(path, "rb") as f:
                data = f.read()
            # CRLF everywhere: Cyrus refuses a bare LF in APPEND
            data = re.sub(rb"\r?\n", b"\r\n", data)
            chunk.append((path, data, imaplib.Time2Internaldate(arrival(path))))
        if not multi:
            path, data, when = chunk[0]
            typ, resp = m.append(quote(folder), None, when, data)
            if typ != "OK":
                sys.exit("APPEND %s: %s %r" % (path, typ, resp))
            continue
        tag = m._new_tag()
        cmd = [tag + b" APPEND " + quote(folder).encode()]
        for path, data, when in chunk:
            cmd.append(b" () " + when.encode() + b" {%d+}\r\n" % len(data) + data)
        m.send(b"".join(cmd) + b"\r\n")
        while True:
            line = m.readline()
            if not line:
                sys.exit("APPEND: the server closed the connection")
            if line.startswith(tag + b" "):
                if not line[len(tag) + 1:].upper().startswith(b"OK"):
                    sys.exit("APPEND of %d messages: %s" % (len(chunk), line.decode(errors="replace").strip()))
                break


def quote(name):
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


def maildir_deliver(maildir, uid, gid, paths):
    """each file into MAILDIR/new as a new message, LF line ends, owned by
    UID:GID, its time its arrival (Courier's INTERNALDATE is that time)"""
    seq = 0
    for path in paths:
        with open(path, "rb") as f:
            data = re.sub(rb"\r\n", b"\n", f.read())
        seq += 1
        name = "%d.M%dP%d.ykientest" % (time.time(), seq, os.getpid())
        tmp = os.path.join(maildir, "tmp", name)
        with open(tmp, "wb") as f:
            f.write(data)
        t = arrival(path)
        os.utime(tmp, (t, t))
        os.chown(tmp, uid, gid)
        os.rename(tmp, os.path.join(maildir, "new", name))


def main():
    if sys.argv[1] == "maildir":
        maildir_deliver(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5:])
        return
    port, user, cmd = sys.argv[1:4]
    args = sys.argv[4:]
    m = connect(port, user)
    if cmd == "append":
        append(m, args[0], args[1:])
    elif cmd == "list":
        msgs = messages(m, args[0])
        if msgs is None:
            sys.exit("EXAMINE %s refused" % args[0])
        for uid, fl, mid in msgs:
            print(uid, fl, mid)
    elif cmd == "count":
        typ, resp = m.select(quote(args[0]), readonly=True)
        print(int(resp[0]) if typ == "OK" else 0)
    elif cmd == "folders":
        for name, _ in folder_list(m):
            print(name)
    elif cmd == "all":
        for name, attrs in folder_list(m):
            if "\\Noselect" in attrs:
                continue
            for uid, fl, mid in messages(m, name) or []:
                print(name, uid, fl, mid)
    elif cmd == "clear":
        # every message expunged, the folders left: Courier takes seconds
        # over each DELETE
        for name, attrs in folder_list(m):
            if "\\Noselect" in attrs:
                continue
            typ, resp = m.select(quote(name))
            if typ == "OK" and int(resp[0]) > 0:
                m.store("1:*", "+FLAGS.SILENT", "(\\Deleted)")
                m.expunge()
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
