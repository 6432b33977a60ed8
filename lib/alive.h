/*
 * alive — "still working", for a watchdog (systemd's WatchdogSec=).
 *
 * Long work (a batch of scans: OCR may take tens of seconds a page) is
 * handed a struct yk_alive and calls yk_alive_ping() as it goes: per
 * message, and every half second while it waits for a converter child.  The
 * caller (daemon/) decides what a ping does and how often it tells
 * systemd; lib/ holds no state for it.  NULL means nobody is watching.
 * The struct is owned by the caller and must outlive the work.
 */
#ifndef YK_ALIVE_H
#define YK_ALIVE_H

struct yk_alive {
	void (*fn)(void *ctx);
	void *ctx;
};

static inline void
yk_alive_ping(const struct yk_alive *a)
{
	if (a && a->fn)
		a->fn(a->ctx);
}

#endif
