#!/usr/bin/env python3
"""delay_proxy.py TARGET_PORT DELAY_MS PORTFILE STATSFILE [MAX_SECONDS] [--cut N:BYTES]
                [--record FILE] [--rate BYTES_PER_SECOND] [--stall N:BYTES]

A TCP proxy for tests on 127.0.0.1 only: listens on a free port (written to
PORTFILE), forwards every connection to 127.0.0.1:TARGET_PORT and delays
each chunk by DELAY_MS in each direction (a round trip of twice that),
without limiting bandwidth.  Bytes from the server to the client are
counted in STATSFILE ("down N up M").  Stops by itself after MAX_SECONDS
(default 600).  --cut N:BYTES breaks the N-th connection (counting from
1 in the order they are accepted) once BYTES have come from the server on
it, as a network failure would.  --record FILE appends everything the
clients send (the commands, for a test to count) to FILE.  --rate limits
what each connection carries from the server, as a long path whose TCP
window caps every connection (each one alone, not their sum).  --stall
N:BYTES lets the N-th connection carry BYTES from the server and then
nothing more, leaving it open: a server gone silent.  --drop-fetch UIDS
(comma-separated) leaves the answer "* n FETCH (UID u ... BODY[] {..}"
for each of those UIDs out of what the server sends, once per UID, as a
server that skips messages in a UID FETCH answer.  --blank-search answers
every "UID SEARCH UID ..." with an empty "* SEARCH", as GNU imap4d does for
"UID n:*".  --add-capability WORD adds WORD to every CAPABILITY the server
announces (e.g. AUTH=CRAM-MD5, a mechanism it will then refuse, as GNU
imap4d offers GSSAPI without a keytab).  --drop-capability WORD takes WORD
out of every CAPABILITY (e.g. MOVE: a server such as Courier without it).
--split-literals sends each FETCH answer's BODY[] literal apart from the
rest of its line (")" and CRLF come 3 ms later, as Courier's answers may
arrive): a client must not take the message's end for the answer's."""
import asyncio
import re
import sys
import time

args = sys.argv[1:]
cut = None
if "--cut" in args:
    i = args.index("--cut")
    cut = tuple(int(x) for x in args[i + 1].split(":"))
    del args[i:i + 2]
stall = None
if "--stall" in args:
    i = args.index("--stall")
    stall = tuple(int(x) for x in args[i + 1].split(":"))
    del args[i:i + 2]
record = None
rate = None
if "--rate" in args:
    i = args.index("--rate")
    rate = float(args[i + 1])
    del args[i:i + 2]
if "--record" in args:
    i = args.index("--record")
    record = open(args[i + 1], "ab", buffering=0)
    del args[i:i + 2]
drop_fetch = set()
if "--drop-fetch" in args:
    i = args.index("--drop-fetch")
    drop_fetch = {int(x) for x in args[i + 1].split(",")}
    del args[i:i + 2]
add_cap = None
if "--add-capability" in args:
    i = args.index("--add-capability")
    add_cap = args[i + 1].encode()
    del args[i:i + 2]
drop_cap = None
if "--drop-capability" in args:
    i = args.index("--drop-capability")
    drop_cap = b" " + args[i + 1].encode()
    del args[i:i + 2]
blank_search = "--blank-search" in args
if blank_search:
    args.remove("--blank-search")
split_literals = "--split-literals" in args
if split_literals:
    args.remove("--split-literals")
SPLIT_GAP = 0.003
target, delay = int(args[0]), int(args[1]) / 1000.0
portfile, statsfile = args[2], args[3]
max_seconds = float(args[4]) if len(args) > 4 else 600.0
counts = {"down": 0, "up": 0, "connections": 0}


def save():
    with open(statsfile, "w") as f:
        f.write("down %d up %d connections %d\n"
                % (counts["down"], counts["up"], counts["connections"]))


LITERAL = re.compile(rb"\{(\d+)\+?\}\r\n$")
FETCH_UID = re.compile(rb"^\* \d+ FETCH \(.*?\bUID (\d+)")


class FetchDropper:
    """Cuts the server's byte stream into whole responses (a line and the
    literals it announces) and leaves out the BODY[] answers of the UIDs
    in drop_fetch, each once."""

    def __init__(self, conn=None):
        self.buf = b""
        self.conn = conn  # per connection: {"blank": tag of a UID SEARCH UID}

    def feed(self, data):
        """The whole responses so far, as pieces to send apart."""
        self.buf += data
        out = [b""]
        while True:
            end = self.complete()
            if end is None:
                return [p for p in out if p]
            resp, self.buf = self.buf[:end], self.buf[end:]
            m = FETCH_UID.match(resp)
            if m and b"BODY[]" in resp[:200] and int(m.group(1)) in drop_fetch:
                drop_fetch.discard(int(m.group(1)))
                continue
            if drop_cap and b"CAPABILITY IMAP4rev1" in resp[:400]:
                resp = re.sub(re.escape(drop_cap) + rb"(?=[ \]\r])", b"", resp)
            if add_cap and b"CAPABILITY IMAP4rev1" in resp[:400]:
                resp = resp.replace(b"CAPABILITY IMAP4rev1", b"CAPABILITY IMAP4rev1 " + add_cap, 1)
            if self.conn is not None and self.conn.get("blank"):
                if resp.startswith(b"* SEARCH"):
                    resp = b"* SEARCH\r\n"
                elif resp.startswith(self.conn["blank"] + b" "):
                    self.conn["blank"] = None
            if split_literals and FETCH_UID.match(resp) and b"BODY[]" in resp[:200]:
                nl = resp.find(b"\r\n")
                m = LITERAL.search(resp[:nl + 2])
                if m:
                    cut = nl + 2 + int(m.group(1))
                    out[-1] += resp[:cut]
                    out += [resp[cut:], b""]
                    continue
            out[-1] += resp

    def complete(self):
        pos = 0
        while True:
            nl = self.buf.find(b"\r\n", pos)
            if nl < 0:
                return None
            m = LITERAL.search(self.buf[pos:nl + 2])
            if not m:
                return nl + 2
            pos = nl + 2 + int(m.group(1))
            if pos > len(self.buf):
                return None


async def pump(reader, writer, direction, limit=None, peers=(), hold=None, conn=None):
    queue = asyncio.Queue()
    seen = 0
    free_at = 0.0  # with --rate: when this connection's link is free again

    async def deliver():
        while True:
            due, data = await queue.get()
            if data is None:
                break
            wait = due - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            writer.write(data)
            await writer.drain()
        writer.close()

    task = asyncio.create_task(deliver())
    dropper = (FetchDropper(conn) if (drop_fetch or blank_search or add_cap or drop_cap or
                                      split_literals) and
               direction == "down" else None)
    try:
        while True:
            data = await reader.read(65536)
            if not data:
                break
            pieces = [data]
            if dropper:
                pieces = dropper.feed(data)
                if not pieces:
                    continue
                data = b"".join(pieces)
            counts[direction] += len(data)
            seen += len(data)
            if record and direction == "up":
                record.write(data)
            if blank_search and direction == "up":
                m = re.search(rb"(?:^|\n)(\S+) UID SEARCH UID ", data)
                if m:
                    conn["blank"] = m.group(1)
            if hold is not None and seen >= hold:
                await asyncio.sleep(max_seconds)  # silent, still open
                break
            if limit is not None and seen >= limit:
                for w in peers:  # both sides at once, as a dead link
                    w.transport.abort()
                break
            due = time.monotonic() + delay
            if rate and direction == "down":
                # its last byte leaves when the link has carried it
                due = max(due, free_at) + len(data) / rate
                free_at = due
            for k, piece in enumerate(pieces):
                await queue.put((due + k * SPLIT_GAP, piece))
    except ConnectionError:
        pass
    await queue.put((0, None))
    try:
        await task
    except ConnectionError:
        pass
    save()


async def handle(cr, cw):
    counts["connections"] += 1
    number = counts["connections"]
    try:
        sr, sw = await asyncio.open_connection("127.0.0.1", target)
    except OSError:
        cw.close()
        return
    limit = cut[1] if cut and cut[0] == number else None
    hold = stall[1] if stall and stall[0] == number else None
    conn = {"blank": None}
    await asyncio.gather(pump(cr, sw, "up", conn=conn),
                         pump(sr, cw, "down", limit, (cw, sw), hold, conn))


async def main():
    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    with open(portfile + ".tmp", "w") as f:
        f.write(str(server.sockets[0].getsockname()[1]))
    import os
    os.rename(portfile + ".tmp", portfile)
    save()
    async with server:
        await asyncio.sleep(max_seconds)


asyncio.run(main())
