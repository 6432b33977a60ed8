/*
 * campaign_new — see campaign_new.h.
 */
#include "campaign_new.h"

#include <errno.h>
#include <fcntl.h>
#include <libconfig.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "letter.h"
#include "readers/readers.h"

/* The text of the document at PATH, as an attachment's would be read. */
static int
read_text(const char *path, char **text, struct yk_err *err)
{
	struct buf b;
	bool scan = false;
	enum reader_fmt f;
	int rc;

	*text = NULL;
	buf_init(&b, READER_MAX_INPUT);
	if ((rc = buf_read_file(&b, path, err))) {
		buf_free(&b);
		return rc;
	}
	f = reader_detect(path, NULL, b.data ? b.data : "", b.len);
	if (f == READER_NONE || f == READER_IMAGE) {
		buf_free(&b);
		return yk_err_set(err, YK_EINVAL, "%s: not a document ykien reads (.docx, .odt, .pdf, "
		                  ".doc, .txt, .html)", path);
	}
	rc = reader_text(f, b.data ? b.data : "", b.len, text, &scan, err);
	buf_free(&b);
	if (!rc && scan) {
		free(*text);
		*text = NULL;
		return yk_err_set(err, YK_EINVAL, "%s: a PDF without a text layer (a scan): give the "
		                  "letter as .docx or as the PDF it was printed to", path);
	}
	if (rc && err->msg[0] && !strstr(err->msg, path)) {
		struct yk_err e2 = { 0 };
		yk_err_set(&e2, rc, "%s: %s", path, err->msg);
		*err = e2;
	}
	return rc;
}

int
campaign_new(const struct yk_config *cfg, const char *letter_path, const char *form_path,
             const char *message_id, struct buf *out, struct yk_err *err)
{
	const char *groups[64];
	const char **codes = calloc(3 * cfg->n_agencies + 1, sizeof *codes);
	struct letter_who who = { .groups = groups, .codes = codes, .names = codes + cfg->n_agencies,
		                  .agency_group = codes + 2 * cfg->n_agencies,
		                  .n_agencies = cfg->n_agencies };
	char *lt_text = NULL, *fm_text = NULL, mid[1000] = "";
	const char *base;
	struct letter lt;
	int rc;

	if (message_id) {
		size_t n = strlen(message_id);
		/* as the configuration takes it: no <>, no space, one line */
		if (n >= 2 && message_id[0] == '<' && message_id[n - 1] == '>')
			message_id++, n -= 2;
		if (n == 0 || n >= sizeof mid || memchr(message_id, '@', n) == NULL ||
		    strcspn(message_id, "<> \t\r\n\"\\") < n) {
			free(codes);
			return yk_err_set(err, YK_EINVAL, "--message-id \"%s\": expected the letter's "
			                  "Message-ID, like <20240115153912.5E2A1C0118@mail.example>",
			                  message_id);
		}
		memcpy(mid, message_id, n);
		mid[n] = '\0';
	}
	if (!codes)
		return yk_err_set(err, YK_ENOMEM, "campaign new: out of memory");
	/* the distinct groups, in the order of the agencies */
	for (size_t i = 0; i < cfg->n_agencies; i++) {
		const char *g = cfg->agencies[i].group;
		size_t j;

		codes[i] = cfg->agencies[i].code;
		codes[cfg->n_agencies + i] = cfg->agencies[i].name;
		codes[2 * cfg->n_agencies + i] = g;
		if (!g || !*g) {
			who.ungrouped++;
			continue;
		}
		for (j = 0; j < who.n_groups && strcmp(groups[j], g); j++)
			;
		if (j == who.n_groups && who.n_groups < 64)
			groups[who.n_groups++] = g;
	}
	if ((rc = read_text(letter_path, &lt_text, err)) ||
	    (form_path && (rc = read_text(form_path, &fm_text, err)))) {
		free(lt_text);
		free(codes);
		return rc;
	}
	rc = letter_parse(lt_text, strlen(lt_text), fm_text, fm_text ? strlen(fm_text) : 0, &lt, err);
	base = strrchr(letter_path, '/') ? strrchr(letter_path, '/') + 1 : letter_path;
	lt.message_id = mid[0] ? mid : NULL;
	if (!rc)
		rc = letter_write(&lt, &who, base, out, err);
	letter_free(&lt);
	free(lt_text);
	free(fm_text);
	free(codes);
	return rc;
}

/* The id of the first campaign in a libconfig text, or NULL. */
static const char *
first_campaign_id(const config_t *c)
{
	const config_setting_t *l = config_lookup(c, "campaigns");
	const config_setting_t *g = l ? config_setting_get_elem(l, 0) : NULL;
	const char *id = NULL;

	if (g)
		config_setting_lookup_string(g, "id", &id);
	return id;
}

int
campaign_new_may_replace(const char *path, const struct buf *draft, struct yk_err *err)
{
	config_t old, neu;
	const config_setting_t *root, *l;
	const char *id, *other = NULL;
	char *text;
	int rc = 0;

	if (access(path, F_OK) != 0)
		return errno == ENOENT ? 0 : yk_err_set(err, YK_EIO, "%s: %s", path, strerror(errno));
	if (!(text = malloc(draft->len + 1)))
		return yk_err_set(err, YK_ENOMEM, "out of memory");
	memcpy(text, draft->data, draft->len);
	text[draft->len] = '\0';
	config_init(&old);
	config_init(&neu);
	if (!config_read_string(&neu, text) || !(id = first_campaign_id(&neu)))
		id = "";
	if (!config_read_file(&old, path)) {
		rc = yk_err_set(err, YK_EINVAL,
		    "%s: exists and is not a file `ykien campaign new` wrote (line %d: %s): "
		    "not replaced; name another file with -o", path, config_error_line(&old),
		    config_error_text(&old));
		goto out;
	}
	root = config_root_setting(&old);
	for (unsigned i = 0; i < (unsigned)config_setting_length(root); i++) {
		const char *name = config_setting_name(config_setting_get_elem(root, i));
		if (strcmp(name, "forms") && strcmp(name, "campaigns")) {
			rc = yk_err_set(err, YK_EINVAL,
			    "%s: holds the setting '%s', not only forms and campaigns: not replaced; "
			    "name another file with -o", path, name);
			goto out;
		}
	}
	l = config_lookup(&old, "campaigns");
	for (unsigned i = 0; l && i < (unsigned)config_setting_length(l); i++) {
		const char *cid = NULL;
		config_setting_lookup_string(config_setting_get_elem(l, i), "id", &cid);
		if (!cid || strcmp(cid, id)) {
			other = cid ? cid : "(no id)";
			break;
		}
	}
	if (other)
		rc = yk_err_set(err, YK_EINVAL,
		    "%s: holds campaign \"%s\", which the draft would replace: not replaced; "
		    "draft into another file and copy its forms and campaigns entries into "
		    "the lists of %s", path, other, path);
out:
	config_destroy(&old);
	config_destroy(&neu);
	free(text);
	return rc;
}
