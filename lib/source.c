/*
 * source — what the mailbox sources share (source.h): which one a URL
 * names, and the folder a move puts a message into.
 */
#include "source.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

const struct source_ops *
source_for(const char *url)
{
	return !strncmp(url, "maildir://", 10) ? &source_maildir_ops : &source_imap_ops;
}

/*
 * A question about a campaign (KIND_QUESTION) goes with the asking
 * agency's mail, not with unrelated mail: it concerns that agency's reply,
 * and whoever answers it reads the thread where the reply will come.  It
 * is not counted there (no replies row: lib/store_msg.c), and `ykien
 * review` lists it until a person marks it answered.  Its archive copy is
 * under the campaign and the agency likewise (intake.c's prepare()).
 */
bool
source_beside_replies(const char *kind)
{
	return kind && (!strcmp(kind, "form_reply") || !strcmp(kind, "question"));
}

const char *
source_leaf(bool form_reply, bool campaign, const char *agency)
{
	return !form_reply || !campaign ? "_other" : agency && *agency ? agency : "_unassigned";
}

int
source_folder(const struct yk_config *cfg, const char *ns, char sep, const char *leaf, char *out,
              size_t n, struct yk_err *err)
{
	const char *fp = cfg->mailbox.folder_prefix;
	size_t nl = strlen(ns);
	int len;

	if (fp[0] == '/') {
		fp++;
		ns = "";
	} else if (nl && !strncasecmp(fp, ns, nl)) {
		ns = "";
	}
	len = snprintf(out, n, "%s%s%c%s", ns, fp, sep, leaf);
	/* check-config bounds the configuration's names; a code recorded under
	 * an older configuration may still be longer: never move into a cut name */
	if (len < 0 || (size_t)len >= n)
		return yk_err_set(err, YK_ELIMIT, "folder name \"%s%s%c%s\" longer than %zu bytes",
		                  ns, fp, sep, leaf, n - 1);
	return 0;
}
