#!/usr/bin/env python3
"""delay_proxy.py TARGET_PORT DELAY_MS PORTFILE STATSFILE [MAX_SECONDS]

A TCP proxy for tests on 127.0.0.1 only: listens on a free port (written to
PORTFILE), forwards every connection to 127.0.0.1:TARGET_PORT and delays
each chunk by DELAY_MS in each direction (a round trip of twice that),
without limiting bandwidth.  Bytes from the server to the client are
counted in STATSFILE ("down N up M").  Stops by itself after MAX_SECONDS
(default 600)."""
import asyncio
import sys
import time

target, delay = int(sys.argv[1]), int(sys.argv[2]) / 1000.0
portfile, statsfile = sys.argv[3], sys.argv[4]
max_seconds = float(sys.argv[5]) if len(sys.argv) > 5 else 600.0
counts = {"down": 0, "up": 0}


def save():
    with open(statsfile, "w") as f:
        f.write("down %d up %d\n" % (counts["down"], counts["up"]))


async def pump(reader, writer, direction):
    queue = asyncio.Queue()

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
    try:
        while True:
            data = await reader.read(65536)
            if not data:
                break
            counts[direction] += len(data)
            await queue.put((time.monotonic() + delay, data))
    except ConnectionError:
        pass
    await queue.put((0, None))
    try:
        await task
    except ConnectionError:
        pass
    save()


async def handle(cr, cw):
    try:
        sr, sw = await asyncio.open_connection("127.0.0.1", target)
    except OSError:
        cw.close()
        return
    await asyncio.gather(pump(cr, sw, "up"), pump(sr, cw, "down"))


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
