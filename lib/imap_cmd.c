/*
 * imap_cmd — the IMAP commands after login (RFC 3501/9051; UIDPLUS RFC
 * 4315, MOVE RFC 6851, NAMESPACE RFC 2342), over the connection and
 * command loop of imap.c (imap_p.h).  Every command is built here from
 * numbers and validated names: no untrusted text reaches a command line.
 */
#include "imap_p.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fault.h"
#include "imapproto.h"

struct select_ctx {
	uint32_t uidvalidity, uidnext, exists;
	bool have_uidvalidity;
};

static int
on_select(void *vctx, const char *resp, size_t rlen)
{
	struct select_ctx *c = vctx;
	uint32_t v;

	if (imapproto_resp_code_num(resp, rlen, "UIDVALIDITY", &v)) {
		c->uidvalidity = v;
		c->have_uidvalidity = true;
	} else if (imapproto_resp_code_num(resp, rlen, "UIDNEXT", &v)) {
		c->uidnext = v;
	} else if (imapproto_exists(resp, rlen, &v)) {
		c->exists = v;
	}
	return 0;
}

int
imap_select(struct imap *im, bool readonly, uint32_t *uidvalidity, uint32_t *uidnext,
            uint32_t *exists, struct yk_err *err)
{
	struct select_ctx c = { 0 };
	char cmd[2100];

	snprintf(cmd, sizeof cmd, "%s %s", readonly ? "EXAMINE" : "SELECT", im->folder_arg);
	if (imap_command(im, cmd, on_select, &c, err)) {
		if (err->code == YK_EPROTO) {
			err->code = YK_ENOTFOUND;
			snprintf(err->msg, sizeof err->msg, "IMAP folder \"%.200s\" not found or not selectable",
			         im->folder);
		}
		return err->code;
	}
	if (!c.have_uidvalidity)
		return yk_err_set(err, YK_EPROTO, "IMAP server sent no UIDVALIDITY for \"%s\"",
		                  im->folder);
	*uidvalidity = c.uidvalidity;
	if (uidnext)
		*uidnext = c.uidnext;
	if (exists)
		*exists = c.exists;
	return 0;
}

struct search_ctx {
	uint32_t *uids;
	size_t n;
};

static int
on_search(void *vctx, const char *resp, size_t rlen)
{
	struct search_ctx *c = vctx;

	return imapproto_search(resp, rlen, &c->uids, &c->n, IMAP_MAX_SEARCH, NULL);
}

static int
cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

static int
search_with(struct imap *im, const char *cmd, untagged_fn fn, uint32_t from, uint32_t **uids,
            size_t *n, struct yk_err *err)
{
	struct search_ctx c = { 0 };
	size_t k = 0;

	*uids = NULL;
	*n = 0;
	if (imap_command(im, cmd, fn, &c, err)) {
		free(c.uids);
		return err->code;
	}
	if (c.n)
		qsort(c.uids, c.n, sizeof *c.uids, cmp_u32);
	/* "UID n:*" always matches the highest UID even when it is < n
	 * (RFC 3501 §6.4.8): drop what is below from, and repeats */
	for (size_t i = 0; i < c.n; i++)
		if (c.uids[i] >= from && (k == 0 || c.uids[k - 1] != c.uids[i]))
			c.uids[k++] = c.uids[i];
	*uids = c.uids;
	*n = k;
	return 0;
}

static int
search(struct imap *im, const char *cmd, uint32_t from, uint32_t **uids, size_t *n,
       struct yk_err *err)
{
	return search_with(im, cmd, on_search, from, uids, n, err);
}

int
imap_search_from(struct imap *im, uint32_t from, uint32_t **uids, size_t *n, struct yk_err *err)
{
	char cmd[64];

	/* an explicit upper bound, not "n:*": GNU imap4d answers every
	 * "UID n:*" with an empty SEARCH */
	snprintf(cmd, sizeof cmd, "UID SEARCH UID %u:4294967295", from ? from : 1);
	return search(im, cmd, from, uids, n, err);
}

int
imap_search(struct imap *im, const char *criteria, uint32_t from, uint32_t **uids, size_t *n,
            struct yk_err *err)
{
	char cmd[256];

	if ((size_t)snprintf(cmd, sizeof cmd, "UID SEARCH %s", criteria) >= sizeof cmd ||
	    strpbrk(criteria, "\r\n"))
		return yk_err_set(err, YK_EINVAL, "IMAP: bad search criteria");
	return search(im, cmd, from, uids, n, err);
}

/* "* n FETCH (UID u)": u into the list, as a SEARCH would */
static int
on_fetch_uid(void *vctx, const char *resp, size_t rlen)
{
	struct search_ctx *c = vctx;
	uint64_t uid;
	uint32_t *grown;

	if (!imapproto_fetch_num(resp, rlen, "UID", &uid) || uid == 0 || uid > UINT32_MAX)
		return 0;
	if (c->n >= IMAP_MAX_SEARCH)
		return YK_ELIMIT;
	if (!(grown = realloc(c->uids, (c->n + 1) * sizeof *grown)))
		return YK_ENOMEM;
	c->uids = grown;
	c->uids[c->n++] = (uint32_t)uid;
	return 0;
}

int
imap_list_range(struct imap *im, uint32_t from, uint32_t to, uint32_t **uids, size_t *n,
                struct yk_err *err)
{
	char cmd[64];

	snprintf(cmd, sizeof cmd, "UID FETCH %u:%u (UID)", from ? from : 1, to);
	return search_with(im, cmd, on_fetch_uid, from, uids, n, err);
}

struct fetch_ctx {
	uint32_t uid;
	struct buf *out;
	bool found;
	int64_t arrived;
};

static int
on_fetch(void *vctx, const char *resp, size_t rlen)
{
	struct fetch_ctx *c = vctx;
	uint64_t uid;
	const char *data;
	size_t n;

	if (!imapproto_fetch_num(resp, rlen, "UID", &uid) ||
	    uid != c->uid)
		return 0; /* an unsolicited FETCH (flags changed elsewhere) */
	if (!imapproto_literal(resp, rlen, &data, &n))
		return 0;
	c->found = true;
	if (!imapproto_fetch_internaldate(resp, rlen, &c->arrived))
		c->arrived = 0;
	buf_reset(c->out);
	return buf_add(c->out, data, n);
}

int
imap_fetch_header(struct imap *im, uint32_t uid, struct buf *out, bool *found, int64_t *arrived,
                  struct yk_err *err)
{
	struct fetch_ctx c = { .uid = uid, .out = out };
	char cmd[64];

	buf_reset(out);
	/* INTERNALDATE before the literal: imapproto reads it from the line */
	snprintf(cmd, sizeof cmd, "UID FETCH %u (UID INTERNALDATE BODY.PEEK[HEADER])", uid);
	if (imap_command(im, cmd, on_fetch, &c, err))
		return err->code;
	*found = c.found;
	*arrived = c.arrived;
	return 0;
}


struct many_ctx {
	imap_size_fn size_fn;
	imap_body_fn body_fn;
	void *ctx;
	int status;     /* first non-zero from body_fn: stop handing over */
	/* imap_fetch_finish_spill() */
	struct imap *im;
	struct imap_spill *sp;
	imap_spilled_fn spilled_fn;
	struct yk_err *err;
};

/* A body that arrived whole (smaller than a receive chunk) goes to the
 * spill too: the callback always finds it there. */
static int
spill_write(struct many_ctx *c, const char *data, size_t n, int *fd, int64_t *off)
{
	struct imap_spill *sp = c->sp;
	int64_t at;

	if (sp->limit && (uint64_t)(sp->limit - sp->used) < n)
		return yk_err_set(c->err, YK_ELIMIT, "IMAP: the server sent more than the %lld bytes "
		                  "it announced", (long long)sp->limit);
	imap_spill_target(sp, fd, off);
	at = *off;
	while (n > 0) {
		ssize_t w = pwrite(*fd, data, n, (off_t)at);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			int e = errno;
			if (*fd != sp->fd)
				close(*fd);
			return yk_err_set(c->err, YK_EIO, "IMAP: cannot write a message to the spill: %s",
			                  w < 0 ? strerror(e) : "no room");
		}
		at += w;
		if (*fd == sp->fd)
			sp->at = at;
		sp->used += w;
		data += w;
		n -= (size_t)w;
	}
	return 0;
}

static int
on_many(void *vctx, const char *resp, size_t rlen)
{
	struct many_ctx *c = vctx;
	uint64_t uid, size;
	int64_t arrived;
	const char *data;
	size_t n;

	if (!imapproto_fetch_num(resp, rlen, "UID", &uid) ||
	    uid == 0 || uid > UINT32_MAX)
		return 0; /* unsolicited FETCH (flags changed by another client) */
	if (c->size_fn) {
		if (imapproto_fetch_num(resp, rlen, "RFC822.SIZE", &size))
			c->size_fn(c->ctx, (uint32_t)uid, size);
		return 0;
	}
	/* a spilled body not handed over below gets its room back (consume()) */
	if (c->status || !imapproto_literal(resp, rlen, &data, &n))
		return 0;
	if (!imapproto_fetch_internaldate(resp, rlen, &arrived))
		arrived = 0;
	if (c->sp) {
		int64_t off = 0;
		size_t len;
		int fd;
		if (c->im->spilled) {
			fd = c->im->spilled_fd;
			off = c->im->spilled_off;
			len = (size_t)c->im->spilled_len;
			c->im->spill_claimed = true;
		} else {
			len = n;
			if ((c->status = spill_write(c, data, n, &fd, &off)))
				return 0;
		}
		c->status = c->spilled_fn(c->ctx, (uint32_t)uid, arrived, fd, off, len);
		return 0;
	}
	c->status = c->body_fn(c->ctx, (uint32_t)uid, arrived, data, n);
	return 0;
}

/* Runs "UID <verb> <set> <tail>" over all of UIDS, in as many commands as
 * the sets need. */
static int
uid_command_many(struct imap *im, const char *verb, const uint32_t *uids, size_t n,
                 const char *tail, untagged_fn fn, void *ctx, struct yk_err *err)
{
	char set[IMAP_SET_MAX], cmd[IMAP_MAX_COMMAND];

	while (n > 0) {
		size_t used = imapproto_uid_set(uids, n, set, sizeof set);
		int len;
		if (used == 0)
			return yk_err_set(err, YK_EINVAL, "IMAP: cannot write a UID set");
		len = snprintf(cmd, sizeof cmd, "UID %s %s%s%s", verb, set, *tail ? " " : "", tail);
		if (len < 0 || (size_t)len >= sizeof cmd)
			return yk_err_set(err, YK_EINVAL, "IMAP command too long");
		if (imap_command(im, cmd, fn, ctx, err))
			return err->code;
		uids += used;
		n -= used;
	}
	return 0;
}

int
imap_uids_present(struct imap *im, const uint32_t *uids, size_t n, uint32_t **present,
                  size_t *np, struct yk_err *err)
{
	struct search_ctx c = { 0 };

	*present = NULL;
	*np = 0;
	if (uid_command_many(im, "SEARCH UID", uids, n, "", on_search, &c, err)) {
		free(c.uids);
		return err->code;
	}
	*present = c.uids;
	*np = c.n;
	return 0;
}

int
imap_fetch_sizes(struct imap *im, const uint32_t *uids, size_t n, imap_size_fn fn, void *ctx,
                 struct yk_err *err)
{
	struct many_ctx c = { .size_fn = fn, .ctx = ctx };

	return uid_command_many(im, "FETCH", uids, n, "(UID RFC822.SIZE)", on_many, &c, err);
}

int
imap_store_seen(struct imap *im, const uint32_t *uids, size_t n, struct yk_err *err)
{
	return uid_command_many(im, "STORE", uids, n, "+FLAGS.SILENT (\\Seen)", NULL, NULL, err);
}

/* LIST "" NAME: does the folder exist? */
static int
on_list_any(void *ctx, const char *resp, size_t rlen)
{
	if (rlen > 7 && !strncasecmp(resp, "* LIST ", 7))
		*(bool *)ctx = true;
	return 0;
}

int
imap_ensure_folder(struct imap *im, const char *folder, struct yk_err *err)
{
	char arg[2048], cmd[2100];
	struct yk_err e2 = { 0 };

	if (!imapproto_mailbox_name(folder, arg, sizeof arg))
		return yk_err_set(err, YK_EINVAL, "IMAP: unusable folder name");
	/* every batch moves into the same few folders: ask once per connection */
	for (size_t i = 0; i < im->n_created; i++)
		if (!strcmp(im->created[i], folder))
			return 0;
	snprintf(cmd, sizeof cmd, "CREATE %s", arg);
	/* a refusal is fine when the folder is there (NO [ALREADYEXISTS], or
	 * an older server's own words for it): LIST tells */
	if (imap_command(im, cmd, NULL, NULL, &e2)) {
		bool exists = false;
		struct yk_err e3 = { 0 };
		if (e2.code != YK_EPROTO)
			return yk_err_set(err, e2.code, "%s", e2.msg);
		snprintf(cmd, sizeof cmd, "LIST \"\" %s", arg);
		if (imap_command(im, cmd, on_list_any, &exists, &e3) && e3.code != YK_EPROTO)
			return yk_err_set(err, e3.code, "%s", e3.msg);
		if (!exists)
			return yk_err_set(err, YK_EPROTO, "%s", e2.msg);
	}
	if (im->n_created < IMAP_CREATED_MAX && (im->created[im->n_created] = strdup(folder)))
		im->n_created++;
	return 0;
}

bool
imap_can_move(struct imap *im)
{
	return imap_has_cap(im, "MOVE");
}

/* A Message-ID that can go in a quoted string of a SEARCH as it is:
 * printable ASCII, no quote or backslash. */
static bool
searchable(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < 0x20 || *s > 0x7e || *s == '"' || *s == '\\')
			return false;
	return true;
}

int
imap_folder_holds(struct imap *im, const char *folder, const char *const *mids, size_t n,
                  bool *found, struct yk_err *err)
{
	char arg[2048], cmd[2400];
	struct yk_err e2 = { 0 };

	for (size_t i = 0; i < n; i++)
		found[i] = false;
	if (!imapproto_mailbox_name(folder, arg, sizeof arg))
		return yk_err_set(err, YK_EINVAL, "IMAP: unusable folder name");
	snprintf(cmd, sizeof cmd, "EXAMINE %s", arg);
	if (imap_command(im, cmd, NULL, NULL, &e2))
		return e2.code == YK_EPROTO ? 0 : yk_err_set(err, e2.code, "%s", e2.msg);
	for (size_t i = 0; i < n; i++) {
		uint32_t *v = NULL;
		size_t k = 0;
		if (!mids[i] || !searchable(mids[i]) || strlen(mids[i]) > 1000)
			continue;
		snprintf(cmd, sizeof cmd, "UID SEARCH HEADER Message-ID \"%s\"", mids[i]);
		if (search(im, cmd, 1, &v, &k, err))
			return err->code;
		found[i] = k > 0;
		free(v);
	}
	return 0;
}

int
imap_delete(struct imap *im, const uint32_t *uids, size_t n, struct yk_err *err)
{
	if (uid_command_many(im, "STORE", uids, n, "+FLAGS.SILENT (\\Deleted)", NULL, NULL, err))
		return err->code;
	if (imap_has_cap(im, "UIDPLUS"))
		return uid_command_many(im, "EXPUNGE", uids, n, "", NULL, NULL, err);
	return imap_command(im, "EXPUNGE", NULL, NULL, err);
}

int
imap_move(struct imap *im, const uint32_t *uids, size_t n, const char *folder, struct yk_err *err)
{
	char arg[2048];

	if (!imapproto_mailbox_name(folder, arg, sizeof arg))
		return yk_err_set(err, YK_EINVAL, "IMAP: unusable folder name");
	if (imap_has_cap(im, "MOVE"))
		return uid_command_many(im, "MOVE", uids, n, arg, NULL, NULL, err);
	if (uid_command_many(im, "COPY", uids, n, arg, NULL, NULL, err))
		return err->code;
	/* a crash from here to the EXPUNGE leaves a copy made: the heal looks
	 * for it (imap_folder_holds) before copying again */
	fault_point("copied");
	/* without UIDPLUS a plain EXPUNGE also removes what others marked \Deleted:
	 * that is the server's documented meaning of the flag */
	return imap_delete(im, uids, n, err);
}

static int
on_list(void *ctx, const char *resp, size_t rlen)
{
	char *sep = ctx;
	const char *q;

	/* * LIST (\Noselect) "." "" */
	if (rlen < 8 || strncasecmp(resp, "* LIST ", 7))
		return 0;
	q = memchr(resp, ')', rlen);
	if (q && (size_t)(q - resp) + 4 < rlen && q[1] == ' ' && q[2] == '"' && q[3] != '\\' &&
	    q[4] == '"')
		*sep = q[3];
	return 0;
}

/* The server's hierarchy separator ('/', '.', …) from LIST "" "";
 * '/' when it names none. */
static int
imap_separator(struct imap *im, char *sep, struct yk_err *err)
{
	*sep = '/';
	return imap_command(im, "LIST \"\" \"\"", on_list, sep, err);
}

struct ns_ctx {
	char *prefix;
	size_t n;
	char sep;
	bool found;
};

static int
on_namespace(void *vctx, const char *resp, size_t rlen)
{
	struct ns_ctx *c = vctx;

	if (!c->found && imapproto_namespace(resp, rlen, c->prefix, c->n, &c->sep))
		c->found = true;
	return 0;
}

int
imap_namespace(struct imap *im, char *prefix, size_t n, char *sep, struct yk_err *err)
{
	struct ns_ctx c = { .prefix = prefix, .n = n };

	prefix[0] = '\0';
	if (imap_has_cap(im, "NAMESPACE") && imap_command(im, "NAMESPACE", on_namespace, &c, err))
		return err->code;
	if (c.found && c.sep) {
		*sep = c.sep;
		return 0;
	}
	if (!c.found)
		prefix[0] = '\0'; /* a response that did not parse may have begun it */
	return imap_separator(im, sep, err);
}


int
imap_fetch_send(struct imap *im, const uint32_t *uids, size_t n, char tag[16], struct yk_err *err)
{
	char set[IMAP_SET_MAX], cmd[IMAP_MAX_COMMAND];

	if (imapproto_uid_set(uids, n, set, sizeof set) != n)
		return yk_err_set(err, YK_ELIMIT, "IMAP: the UID set does not fit one command");
	snprintf(cmd, sizeof cmd, "UID FETCH %s (UID INTERNALDATE BODY.PEEK[])", set);
	return imap_send_command(im, cmd, tag, err);
}

int
imap_fetch_finish(struct imap *im, const char *tag, imap_body_fn fn, void *ctx, struct yk_err *err)
{
	struct many_ctx c = { .body_fn = fn, .ctx = ctx };

	if (imap_await_tag(im, tag, "UID FETCH", on_many, &c, err))
		return err->code;
	return c.status;
}

int
imap_fetch_finish_spill(struct imap *im, const char *tag, struct imap_spill *sp,
                        imap_spilled_fn fn, void *ctx, struct yk_err *err)
{
	struct many_ctx c = { .ctx = ctx, .im = im, .sp = sp, .spilled_fn = fn, .err = err };
	int rc;

	im->spill = sp;
	im->spilled = im->spill_claimed = false;
	im->spill_left = 0;
	rc = imap_await_tag(im, tag, "UID FETCH", on_many, &c, err);
	if (im->spill_left)
		im->dead = true; /* a literal left half read */
	if (im->spilled && !im->spill_claimed && im->spilled_fd >= 0 && im->spilled_fd != sp->fd)
		close(im->spilled_fd); /* a body's own file, its answer never read whole */
	im->spilled_fd = -1;
	im->spill = NULL;
	im->spill_left = 0;
	im->spilled = im->spill_claimed = false;
	return rc ? rc : c.status;
}
