/*
 * source_maildir — the Maildir source (source.h over lib/maildir.h).
 *
 * A message is known by the unique part of its file name: what the store
 * holds under that name is filed, the rest is new and is filed oldest
 * first, in the same batches and group commits as IMAP.  A Maildir has no
 * UIDs: the mark recorded with each commit only says the folder was seen.
 */
#include "source.h"

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract.h"
#include "fault.h"
#include "maildir.h"

struct maildir_src {
	struct source base;
	const char *root;           /* in cfg->mailbox.url */
	struct maildir_msg *v;      /* the folder's messages, oldest first */
	size_t n;
	GHashTable *filed;          /* the names filed before this cycle */
	struct buf msg;
};

static int
md_open(const struct source_env *env, struct source **out, struct yk_err *err)
{
	struct maildir_src *s = calloc(1, sizeof *s);

	if (!s)
		return yk_err_set(err, YK_ENOMEM, "out of memory");
	s->base.ops = &source_maildir_ops;
	s->base.env = env;
	s->root = env->cfg->mailbox.url + strlen("maildir://");
	s->filed = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	buf_init(&s->msg, 0);
	*out = &s->base;
	return 0;
}

static void
md_close(struct source *base)
{
	struct maildir_src *s = (struct maildir_src *)base;

	maildir_list_free(s->v, s->n);
	g_hash_table_destroy(s->filed);
	buf_free(&s->msg);
	free(s);
}

static int
md_select(struct source *base, struct yk_err *err)
{
	(void)err;
	memset(base->env->state, 0, sizeof *base->env->state);
	base->env->state->found = true;
	return 0;
}

static int
add_key(void *ctx, const char *file)
{
	g_hash_table_add(ctx, g_strdup(file));
	return 0;
}

static int
md_list_new(struct source *base, size_t *total, struct yk_err *err)
{
	struct maildir_src *s = (struct maildir_src *)base;
	const struct source_env *env = base->env;

	*total = 0;
	if (maildir_list(s->root, &s->v, &s->n, err) ||
	    store_each_file(env->st, env->cfg->mailbox.url, add_key, s->filed, err))
		return err->code;
	*total = s->n;
	return 0;
}

/* after_filing for one message: seen sets the S flag, move files it into
 * the Maildir++ folder .<prefix>.<leaf> */
static int
act_one(const struct source_env *env, const char *root, const char *src, const char *leaf,
        struct yk_err *err)
{
	const struct yk_mailbox *mb = &env->cfg->mailbox;
	char folder[SOURCE_FOLDER_MAX + 1];

	if (mb->after_filing == AFTER_SEEN) {
		if (maildir_mark_seen(root, src, err))
			return err->code;
		fault_point("stored-seen");
	} else if (mb->after_filing == AFTER_MOVE) {
		if (source_folder(env->cfg, "", '.', leaf, folder, sizeof folder, err) ||
		    maildir_move(root, src, folder, err))
			return err->code;
		fault_point("moved");
	}
	return 0;
}

static int
md_act(struct source *base, const struct source_filed *v, size_t n, struct yk_err *err)
{
	struct maildir_src *s = (struct maildir_src *)base;

	for (size_t i = 0; i < n; i++)
		if (act_one(base->env, s->root, v[i].src, v[i].leaf, err))
			return err->code;
	return 0;
}

/* A message filed before whose after_filing did not happen (a crash after
 * the commit) gets it now. */
static int
md_heal(struct source *base, struct yk_err *err)
{
	struct maildir_src *s = (struct maildir_src *)base;
	const struct source_env *env = base->env;
	const struct yk_mailbox *mb = &env->cfg->mailbox;

	for (size_t i = 0; i < s->n && !source_stopped(env); i++) {
		const struct maildir_msg *m = &s->v[i];
		struct extract_result *r = NULL;
		const char *leaf = "_other";
		int rc;

		if (!g_hash_table_contains(s->filed, m->key) ||
		    !((mb->after_filing == AFTER_SEEN && !m->seen) || mb->after_filing == AFTER_MOVE))
			continue;
		/* the folder a move goes to depends on what the message is */
		if (mb->after_filing == AFTER_MOVE) {
			bool large = m->size > mb->max_message_size;
			if (maildir_read(s->root, m->rel, (size_t)mb->max_message_size, large, &s->msg,
			                 err) ||
			    /* the folder the reply was filed for, a dispatched one's too */
			    extract_message_in(env->cfg, env->dispatched, s->msg.data ? s->msg.data : "",
			                       s->msg.len, NULL, &r, err))
				return err->code;
			leaf = source_leaf(source_beside_replies(extract_kind_name(r->kind)),
			                   r->campaign != NULL,
			                   r->agency ? r->agency->code : NULL);
		}
		rc = act_one(env, s->root, m->rel, leaf, err);
		extract_free(r);
		if (rc)
			return rc;
	}
	return 0;
}

static int
md_fetch(struct source *base, const struct source_sink *sink, struct yk_err *err)
{
	struct maildir_src *s = (struct maildir_src *)base;
	const struct source_env *env = base->env;
	const struct yk_mailbox *mb = &env->cfg->mailbox;

	for (size_t i = 0; i < s->n && !source_stopped(env); i++) {
		const struct maildir_msg *v = &s->v[i];
		bool large = v->size > mb->max_message_size;
		char note[160];
		int rc;

		if (g_hash_table_contains(s->filed, v->key))
			continue;
		if ((rc = maildir_read(s->root, v->rel, (size_t)mb->max_message_size, large, &s->msg,
		                       err))) {
			if (rc != YK_ENOTFOUND)
				return rc;
			/* a mail reader moved it meanwhile: it is seen again next cycle */
			yk_err_clear(err);
			continue;
		}
		if (large)
			snprintf(note, sizeof note, "too large: %lld bytes (max_message_size %lld); only "
			         "its headers were read", v->size, mb->max_message_size);
		{
			struct source_msg m = { .file = v->key, .src = v->rel,
				                .arrived = (int64_t)v->mtime,
				                .data = s->msg.data ? s->msg.data : "", .len = s->msg.len,
				                .size = v->size, .note = large ? note : NULL };
			if (sink->take(sink->ctx, &m, err))
				return err->code;
		}
		if (large)
			env->stats->too_large++;
		if (sink->held(sink->ctx) == SOURCE_BATCH_MAX && sink->commit(sink->ctx, false, 0, err))
			return err->code;
	}
	return sink->commit(sink->ctx, false, 0, err);
}

const struct source_ops source_maildir_ops = {
	.origin = "maildir",
	.open = md_open,
	.select = md_select,
	.list_new = md_list_new,
	.heal = md_heal,
	.fetch = md_fetch,
	.act = md_act,
	.close = md_close,
};
