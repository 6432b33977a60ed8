/*
 * websession — sessions, CSRF tokens and the login throttle (websession.h).
 *
 * The tables are small arrays scanned whole: a desk has a few dozen clerks,
 * and scanning every entry with a constant-time comparison leaves nothing
 * for a timing attack to learn about which ids exist.
 */
#include "websession.h"

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#define ID_BYTES 32

struct session {
	bool used;
	bool expired;             /* kept (id only) to tell the login page why */
	unsigned char id[ID_BYTES];
	char user[WS_USER_MAX + 1];
	bool can_write;
	char csrf[WS_ID_HEX + 1];
	char flash[WS_FLASH_MAX + 1];
	double last;
};

/* The failures of one user ("u:NAME") or address ("a:ADDR"): a ring of the
 * last WS_THROTTLE_MAX times. */
struct tkey {
	bool used;
	char key[WS_ADDR_MAX + 3];
	double t[WS_THROTTLE_MAX];
	unsigned n;               /* how many of t[] are set */
	unsigned next;            /* where the next one goes */
	double last;
};

struct websession {
	pthread_mutex_t mu;
	struct session *s;
	size_t max;
	double idle;
	struct tkey *k;
};

static int
random_bytes(unsigned char *p, size_t n)
{
	size_t got = 0;

	while (got < n) {
		ssize_t r = getrandom(p + got, n - got, 0);

		if (r < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		got += (size_t)r;
	}
	return 0;
}

static void
to_hex(const unsigned char *p, size_t n, char *out)
{
	static const char hex[] = "0123456789abcdef";

	for (size_t i = 0; i < n; i++) {
		out[2 * i] = hex[p[i] >> 4];
		out[2 * i + 1] = hex[p[i] & 15];
	}
	out[2 * n] = '\0';
}

/* The 32 bytes of a 64-hex-digit id; false when S is not one. */
static bool
from_hex(const char *s, unsigned char *out)
{
	for (size_t i = 0; i < ID_BYTES; i++) {
		int v = 0;

		for (int j = 0; j < 2; j++) {
			char c = s[2 * i + (size_t)j];

			v <<= 4;
			if (c >= '0' && c <= '9')
				v |= c - '0';
			else if (c >= 'a' && c <= 'f')
				v |= c - 'a' + 10;
			else
				return false;
		}
		out[i] = (unsigned char)v;
	}
	return s[WS_ID_HEX] == '\0';
}

static bool
bytes_equal(const unsigned char *a, const unsigned char *b, size_t n)
{
	unsigned char d = 0;

	for (size_t i = 0; i < n; i++)
		d |= (unsigned char)(a[i] ^ b[i]);
	return d == 0;
}

bool
websession_equal(const char *a, const char *b)
{
	size_t la, lb;

	if (!a || !b)
		return false;
	la = strlen(a);
	lb = strlen(b);
	if (la != lb)
		return false;
	return bytes_equal((const unsigned char *)a, (const unsigned char *)b, la);
}

int
websession_token(char out[WS_ID_HEX + 1])
{
	unsigned char r[ID_BYTES];

	if (random_bytes(r, sizeof r))
		return -1;
	to_hex(r, sizeof r, out);
	return 0;
}

/* Copies S into D (N bytes) cut at a UTF-8 character boundary. */
static void
copy_cut(char *d, size_t n, const char *s)
{
	size_t l = strlen(s);

	if (l >= n) {
		l = n - 1;
		while (l > 0 && ((unsigned char)s[l] & 0xc0) == 0x80)
			l--;
	}
	memcpy(d, s, l);
	d[l] = '\0';
}

struct websession *
websession_new(size_t max, double idle_seconds)
{
	struct websession *ws = calloc(1, sizeof *ws);

	if (!ws)
		return NULL;
	ws->s = calloc(max ? max : 1, sizeof *ws->s);
	ws->k = calloc(WS_THROTTLE_KEYS, sizeof *ws->k);
	if (!ws->s || !ws->k || pthread_mutex_init(&ws->mu, NULL)) {
		free(ws->s);
		free(ws->k);
		free(ws);
		return NULL;
	}
	ws->max = max ? max : 1;
	ws->idle = idle_seconds;
	return ws;
}

void
websession_free(struct websession *ws)
{
	if (!ws)
		return;
	pthread_mutex_destroy(&ws->mu);
	/* the ids and tokens do not outlive the table in freed memory */
	memset(ws->s, 0, ws->max * sizeof *ws->s);
	free(ws->s);
	free(ws->k);
	free(ws);
}

int
websession_create(struct websession *ws, const char *user, bool can_write, double now,
                  char id[WS_ID_HEX + 1], char csrf[WS_ID_HEX + 1])
{
	unsigned char raw[ID_BYTES];
	struct session *slot = NULL;

	if (random_bytes(raw, sizeof raw) || websession_token(csrf))
		return -1;
	to_hex(raw, sizeof raw, id);
	pthread_mutex_lock(&ws->mu);
	/* a free slot, else an expired one, else the least recently used */
	for (size_t i = 0; i < ws->max && !slot; i++)
		if (!ws->s[i].used)
			slot = &ws->s[i];
	for (size_t i = 0; i < ws->max && !slot; i++)
		if (ws->s[i].expired || now - ws->s[i].last > ws->idle)
			slot = &ws->s[i];
	if (!slot) {
		slot = &ws->s[0];
		for (size_t i = 1; i < ws->max; i++)
			if (ws->s[i].last < slot->last)
				slot = &ws->s[i];
	}
	memset(slot, 0, sizeof *slot);
	slot->used = true;
	memcpy(slot->id, raw, sizeof raw);
	copy_cut(slot->user, sizeof slot->user, user);
	slot->can_write = can_write;
	memcpy(slot->csrf, csrf, WS_ID_HEX + 1);
	slot->last = now;
	pthread_mutex_unlock(&ws->mu);
	return 0;
}

/* The session of ID, under the lock; every slot is compared. */
static struct session *
find(struct websession *ws, const unsigned char *raw)
{
	struct session *hit = NULL;

	for (size_t i = 0; i < ws->max; i++) {
		bool eq = bytes_equal(ws->s[i].id, raw, ID_BYTES);

		if (eq && ws->s[i].used)
			hit = &ws->s[i];
	}
	return hit;
}

enum ws_state
websession_get(struct websession *ws, const char *id, double now, bool take_flash,
               struct ws_info *info)
{
	unsigned char raw[ID_BYTES];
	struct session *s;
	enum ws_state st = WS_NONE;

	memset(info, 0, sizeof *info);
	if (!id || strlen(id) != WS_ID_HEX || !from_hex(id, raw))
		return WS_NONE;
	pthread_mutex_lock(&ws->mu);
	if ((s = find(ws, raw))) {
		if (s->expired || now - s->last > ws->idle) {
			/* what it held goes; the id stays, so that a second look
			 * (the redirect's GET /login) still says why */
			unsigned char keep[ID_BYTES];
			double last = s->last;

			memcpy(keep, s->id, sizeof keep);
			memset(s, 0, sizeof *s);
			memcpy(s->id, keep, sizeof keep);
			s->used = s->expired = true;
			s->last = last;
			st = WS_EXPIRED;
		} else {
			s->last = now;
			memcpy(info->user, s->user, sizeof info->user);
			info->can_write = s->can_write;
			memcpy(info->csrf, s->csrf, sizeof info->csrf);
			if (take_flash) {
				memcpy(info->flash, s->flash, sizeof info->flash);
				s->flash[0] = '\0';
			}
			st = WS_OK;
		}
	}
	pthread_mutex_unlock(&ws->mu);
	return st;
}

void
websession_set_flash(struct websession *ws, const char *id, const char *notice)
{
	unsigned char raw[ID_BYTES];
	struct session *s;

	if (!id || strlen(id) != WS_ID_HEX || !from_hex(id, raw))
		return;
	pthread_mutex_lock(&ws->mu);
	if ((s = find(ws, raw)) && !s->expired)
		copy_cut(s->flash, sizeof s->flash, notice ? notice : "");
	pthread_mutex_unlock(&ws->mu);
}

bool
websession_destroy(struct websession *ws, const char *id)
{
	unsigned char raw[ID_BYTES];
	struct session *s;

	if (!id || strlen(id) != WS_ID_HEX || !from_hex(id, raw))
		return false;
	pthread_mutex_lock(&ws->mu);
	if ((s = find(ws, raw)))
		memset(s, 0, sizeof *s);
	pthread_mutex_unlock(&ws->mu);
	return s != NULL;
}

size_t
websession_end_user(struct websession *ws, const char *user)
{
	size_t n = 0;

	pthread_mutex_lock(&ws->mu);
	for (size_t i = 0; i < ws->max; i++)
		if (ws->s[i].used && !ws->s[i].expired && !strcmp(ws->s[i].user, user)) {
			memset(&ws->s[i], 0, sizeof ws->s[i]);
			n++;
		}
	pthread_mutex_unlock(&ws->mu);
	return n;
}

size_t
websession_count(struct websession *ws)
{
	size_t n = 0;

	pthread_mutex_lock(&ws->mu);
	for (size_t i = 0; i < ws->max; i++)
		n += ws->s[i].used && !ws->s[i].expired;
	pthread_mutex_unlock(&ws->mu);
	return n;
}

/* --- the throttle ------------------------------------------------------ */

static void
make_key(char *out, size_t n, char kind, const char *v)
{
	out[0] = kind;
	out[1] = ':';
	copy_cut(out + 2, n - 2, v ? v : "");
}

/* The entry of KEY, or NULL; with CREATE a new one (the stalest replaced
 * when the table is full).  Under the lock. */
static struct tkey *
tkey_find(struct websession *ws, const char *key, bool create)
{
	struct tkey *free_slot = NULL, *stalest = NULL;

	for (size_t i = 0; i < WS_THROTTLE_KEYS; i++) {
		struct tkey *k = &ws->k[i];

		if (!k->used) {
			if (!free_slot)
				free_slot = k;
			continue;
		}
		if (!strcmp(k->key, key))
			return k;
		if (!stalest || k->last < stalest->last)
			stalest = k;
	}
	if (!create)
		return NULL;
	/* full: the entry used longest ago goes (a flood of names from one
	 * address keeps that address's entry fresh, so its count stays) */
	if (!free_slot)
		free_slot = stalest;
	memset(free_slot, 0, sizeof *free_slot);
	free_slot->used = true;
	memcpy(free_slot->key, key, sizeof free_slot->key);
	return free_slot;
}

/* Seconds until K allows another attempt at NOW (0: now). */
static int
tkey_wait(const struct tkey *k, double now)
{
	unsigned live = 0;
	double oldest = now;

	if (!k)
		return 0;
	for (unsigned i = 0; i < k->n; i++)
		if (now - k->t[i] < WS_THROTTLE_WINDOW) {
			live++;
			if (k->t[i] < oldest)
				oldest = k->t[i];
		}
	if (live < WS_THROTTLE_MAX)
		return 0;
	{
		double w = oldest + WS_THROTTLE_WINDOW - now;
		int s = (int)w;

		if (s < w)
			s++;
		return s < 1 ? 1 : s;
	}
}

int
websession_throttle_check(struct websession *ws, const char *user, const char *addr, double now)
{
	char ku[sizeof ws->k->key], ka[sizeof ws->k->key];
	int wu, wa;

	make_key(ku, sizeof ku, 'u', user);
	make_key(ka, sizeof ka, 'a', addr);
	pthread_mutex_lock(&ws->mu);
	wu = tkey_wait(tkey_find(ws, ku, false), now);
	wa = tkey_wait(tkey_find(ws, ka, false), now);
	pthread_mutex_unlock(&ws->mu);
	return wu > wa ? wu : wa;
}

static void
tkey_add(struct tkey *k, double now)
{
	k->t[k->next] = now;
	k->next = (k->next + 1) % WS_THROTTLE_MAX;
	if (k->n < WS_THROTTLE_MAX)
		k->n++;
	k->last = now;
}

void
websession_throttle_fail(struct websession *ws, const char *user, const char *addr, double now)
{
	char ku[sizeof ws->k->key], ka[sizeof ws->k->key];

	make_key(ku, sizeof ku, 'u', user);
	make_key(ka, sizeof ka, 'a', addr);
	pthread_mutex_lock(&ws->mu);
	tkey_add(tkey_find(ws, ku, true), now);
	tkey_add(tkey_find(ws, ka, true), now);
	pthread_mutex_unlock(&ws->mu);
}

void
websession_throttle_ok(struct websession *ws, const char *user)
{
	char ku[sizeof ws->k->key];
	struct tkey *k;

	make_key(ku, sizeof ku, 'u', user);
	pthread_mutex_lock(&ws->mu);
	if ((k = tkey_find(ws, ku, false)))
		memset(k, 0, sizeof *k);
	pthread_mutex_unlock(&ws->mu);
}
