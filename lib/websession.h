/*
 * websession — the web desk's sessions and its login throttle, as pure
 * logic: the clock is the caller's (every call takes NOW, in seconds, any
 * monotonic origin), so a test decides when a session expires.  Only the
 * session ids and CSRF tokens come from the kernel (getrandom).
 *
 * A session: a 256-bit id (64 hex digits, the cookie ykien_session), the
 * login, whether it may write, its CSRF token (64 hex digits), the time of
 * its last use, and a one-line notice waiting for the next page.  It ends
 * after idle_seconds without a request, on logout, or when the table is
 * full and it is the least recently used.  An expired session's id is
 * kept, without what it held, until its place is needed: it answers
 * WS_EXPIRED (the login page says so) rather than WS_NONE.
 *
 * The throttle counts failed logins per user and per client address over
 * the last WS_THROTTLE_WINDOW seconds; once either has WS_THROTTLE_MAX of
 * them, the next attempt is refused with the seconds to wait.
 *
 * Every function is thread-safe (one mutex): the server answers from a
 * pool of threads.  struct websession is owned by the caller of
 * websession_new() (websession_free()); strings passed in are copied.
 */
#ifndef YK_WEBSESSION_H
#define YK_WEBSESSION_H

#include <stdbool.h>
#include <stddef.h>

#define WS_ID_HEX          64    /* 256 bits as hex */
#define WS_USER_MAX        32    /* [a-z0-9._-]{1,32} */
#define WS_FLASH_MAX       300
#define WS_ADDR_MAX        64
#define WS_THROTTLE_WINDOW 60.0  /* seconds */
#define WS_THROTTLE_MAX    5     /* failures allowed in the window; the 6th attempt is refused */
#define WS_THROTTLE_KEYS   4096  /* users and addresses remembered; the stalest is dropped */

struct websession;

enum ws_state { WS_OK, WS_NONE, WS_EXPIRED };

/* What a request learns of its session (copied out under the lock). */
struct ws_info {
	char user[WS_USER_MAX + 1];
	bool can_write;
	char csrf[WS_ID_HEX + 1];
	char flash[WS_FLASH_MAX + 1];   /* the waiting notice, taken ("" when none) */
};

/* A table of at most MAX sessions, each ending after IDLE_SECONDS without
 * use.  NULL when out of memory. */
struct websession *websession_new(size_t max, double idle_seconds);
void websession_free(struct websession *ws);

/* A new session for USER: its id and CSRF token into ID and CSRF (65 bytes
 * each).  Returns 0, or -1 when the kernel gave no random bytes. */
int websession_create(struct websession *ws, const char *user, bool can_write, double now,
                      char id[WS_ID_HEX + 1], char csrf[WS_ID_HEX + 1]);

/* The session of cookie value ID at NOW: WS_OK (its last use becomes NOW,
 * INFO filled, the notice taken when TAKE_FLASH), WS_EXPIRED (idle too
 * long: it is ended) or WS_NONE (unknown or malformed).  The ids are compared in
 * constant time. */
enum ws_state websession_get(struct websession *ws, const char *id, double now, bool take_flash,
                             struct ws_info *info);

/* Leaves NOTICE (cut to WS_FLASH_MAX bytes at a character) for the
 * session's next page. */
void websession_set_flash(struct websession *ws, const char *id, const char *notice);

/* Ends the session ID (logout).  Returns whether there was one. */
bool websession_destroy(struct websession *ws, const char *id);

/* Ends every session of USER (an account deleted, or its role changed).
 * Returns how many. */
size_t websession_end_user(struct websession *ws, const char *user);

/* The number of live sessions, the expired not counted (tests). */
size_t websession_count(struct websession *ws);

/* May USER log in from ADDR at NOW?  0: yes; else the seconds to wait
 * (at least 1). */
int websession_throttle_check(struct websession *ws, const char *user, const char *addr,
                              double now);
/* Records a failed login of USER from ADDR at NOW. */
void websession_throttle_fail(struct websession *ws, const char *user, const char *addr,
                              double now);
/* A successful login of USER: its failures are forgotten (its address's stay). */
void websession_throttle_ok(struct websession *ws, const char *user);

/* A fresh random token of 256 bits as hex (the login form's double-submit
 * cookie).  Returns 0 or -1. */
int websession_token(char out[WS_ID_HEX + 1]);

/* Are A and B the same string?  In time that depends on their lengths
 * only. */
bool websession_equal(const char *a, const char *b);

#endif
