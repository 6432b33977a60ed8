/*
 * fuzz_imap — the parsing of IMAP server responses (lib/imapproto.c):
 * the input is split into responses with imapproto_complete(), as the
 * client does with what it receives, and each one goes through every
 * parser.  The bytes are copied into a buffer of exactly their size, so
 * that ASan sees a read past the end.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "imapproto.h"

/* What the client allows for one literal (a message under the default
 * size limit); smaller here so that big literals stay cheap to fuzz. */
#define FUZZ_MAX_LITERAL ((size_t)1 << 20)
/* UIDs collected from SEARCH responses. */
#define FUZZ_MAX_UIDS 4096

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

static void
one_response(const char *r, size_t n)
{
	struct imap_resp resp;
	const char *lit;
	size_t litn, nu = 0;
	uint32_t v, *uids = NULL;
	uint64_t v64;
	int64_t t;

	imapproto_classify(r, n, "A0001", &resp);
	if (resp.text && resp.text_len)
		(void)memchr(resp.text, '\r', resp.text_len);
	imapproto_literal(r, n, &lit, &litn);
	imapproto_resp_code_num(r, n, "UIDVALIDITY", &v);
	imapproto_resp_code_num(r, n, "UIDNEXT", &v);
	imapproto_exists(r, n, &v);
	{
		uint32_t ex = 3; /* a folder of three: EXISTS above, at and below it */
		(void)imapproto_idle_news(r, n, &ex);
	}
	if (imapproto_search(r, n, &uids, &nu, FUZZ_MAX_UIDS, NULL) == 0 && nu > 0) {
		char set[512];

		imapproto_uid_set(uids, nu, set, sizeof set);
	}
	free(uids);
	imapproto_is_fetch(r, n);
	imapproto_fetch_num(r, n, "UID", &v64);
	imapproto_fetch_num(r, n, "RFC822.SIZE", &v64);
	imapproto_fetch_internaldate(r, n, &t);
	{
		char ns[64], sep;
		imapproto_namespace(r, n, ns, sizeof ns, &sep);
	}
	imapproto_has_capability(r, n, "MOVE");
	imapproto_has_capability(r, n, "UIDPLUS");
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size ? size : 1);
	size_t off = 0;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	while (off < size) {
		size_t rlen = 0;
		enum imap_complete c = imapproto_complete(buf + off, size - off,
		                                           FUZZ_MAX_LITERAL, &rlen);

		if (c != IMAP_COMPLETE || rlen == 0)
			break;
		if (rlen > size - off)
			abort(); /* a length past what it was given: a bug */
		/* Each response in its own exact-size copy. */
		{
			char *r = malloc(rlen);

			if (!r)
				break;
			memcpy(r, buf + off, rlen);
			one_response(r, rlen);
			free(r);
		}
		off += rlen;
	}
	/* The whole input as one name for the mailbox-name encoder. */
	{
		char *z = malloc(size + 1), name[1024];

		if (z) {
			memcpy(z, data, size);
			z[size] = '\0';
			imapproto_mailbox_name(z, name, sizeof name);
			free(z);
		}
	}
	free(buf);
	return 0;
}
