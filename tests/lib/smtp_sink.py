#!/usr/bin/python3
# A private SMTP server for the reminder tests (Debian's python3-aiosmtpd):
# listens on 127.0.0.1:PORT, stores each accepted message in DIR as
# NNNN.eml (the bytes as received) with its envelope recipients in
# NNNN.rcpt, and can misbehave on request:
#   --fail-once         answer the first message "451" (temporary), accept later ones
#   --reject ADDR       answer "550" to RCPT TO:<ADDR> (repeatable)
#   --slow-once SECONDS store the first message, then wait before answering it
#                       (a client killed meanwhile never learns it was delivered)
#   --drop-once         store the first message, then drop the connection
#                       without answering it (the client cannot know)
#   --auth USER:PASS    advertise AUTH PLAIN LOGIN (without TLS: loopback only)
#                       and accept mail only after a login as USER with PASS;
#                       a wrong login is answered "535"; NNNN.auth holds the
#                       user a stored message was sent by
# Writes DIR/ready when it listens.  Stops on SIGTERM.
import argparse
import asyncio
import os
import signal
import sys
import threading
import warnings

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Sink:
    def __init__(self, args):
        self.dir = args.dir
        self.reject = {a.lower() for a in args.reject}
        self.fail_once = args.fail_once
        self.slow_once = args.slow_once
        self.drop_once = args.drop_once
        self.seq = 0
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.reject:
            return "550 5.1.1 <%s>: Recipient address rejected: User unknown" % address
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 Ok"

    async def handle_DATA(self, server, session, envelope):
        if self.fail_once:
            self.fail_once = False
            return "451 4.3.0 Temporary failure, try again later"
        with self.lock:
            self.seq += 1
            name = os.path.join(self.dir, "%04d" % self.seq)
        data = envelope.original_content or envelope.content
        with open(name + ".tmp", "wb") as f:
            f.write(data)
        with open(name + ".rcpt", "w") as f:
            f.write("\n".join(envelope.rcpt_tos) + "\n")
        if session.authenticated:
            with open(name + ".auth", "w") as f:
                f.write("%s\n" % session.auth_data.login.decode("utf-8", "replace"))
        os.rename(name + ".tmp", name + ".eml")
        if self.drop_once:
            self.drop_once = False
            server.transport.abort()   # the reply below is never written
            return "250 2.0.0 Ok: queued"
        if self.slow_once:
            wait, self.slow_once = self.slow_once, 0
            await asyncio.sleep(wait)
        return "250 2.0.0 Ok: queued"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--dir", required=True)
    p.add_argument("--reject", action="append", default=[])
    p.add_argument("--fail-once", action="store_true")
    p.add_argument("--slow-once", type=float, default=0)
    p.add_argument("--drop-once", action="store_true")
    p.add_argument("--auth", metavar="USER:PASS")
    args = p.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    auth = {}
    if args.auth:
        user, _, password = args.auth.partition(":")
        want = LoginPassword(user.encode(), password.encode())

        def authenticator(server, session, envelope, mechanism, data):
            good = isinstance(data, LoginPassword) and data == want
            return AuthResult(success=good, handled=False, auth_data=data if good else None)

        auth = dict(authenticator=authenticator, auth_required=True, auth_require_tls=False)
        warnings.filterwarnings("ignore", "Requiring AUTH while not requiring TLS")
    ctl = Controller(Sink(args), hostname="127.0.0.1", port=args.port, **auth)
    ctl.start()
    with open(os.path.join(args.dir, "ready"), "w") as f:
        f.write("%d\n" % os.getpid())
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *a: stop.set())
    signal.signal(signal.SIGINT, lambda *a: stop.set())
    while not stop.wait(0.5):
        pass
    ctl.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
