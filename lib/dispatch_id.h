/*
 * dispatch_id — the names a dispatched letter goes under (`ykien
 * dispatch`, lib/dispatch.h) and the table that recognises them in a
 * reply.  Pure: no I/O, no store, no clock; the random token is drawn by
 * the caller (lib/dispatch.c) and recorded in the store before sending.
 *
 * A letter sent to one agency carries the Message-ID
 *     <ykien.d.CAMPAIGN.CODE.TOKEN@domain-of-smtp.from>
 * and, when the campaign has reply_address = "tonghop+%s@host", the
 * Reply-To tonghop+code-TOKEN@host (the code lower case).  TOKEN is
 * DISPATCH_TOKEN_BYTES random bytes in hex: the campaign and the code can
 * be guessed, the token cannot, so a reply that names the Message-ID (in
 * In-Reply-To or References) or the reply address (in To, Cc,
 * Delivered-To or X-Original-To) with a token ykien recorded is proof of
 * the agency it was sent to, whoever writes from wherever.
 *
 * struct dispatch_index is its owner's (dispatch_index_add() copies the
 * strings; dispatch_index_free()).  Lookups return pointers into it.
 */
#ifndef YK_DISPATCH_ID_H
#define YK_DISPATCH_ID_H

#include <stdbool.h>
#include <stddef.h>

#define DISPATCH_TOKEN_BYTES 8                      /* 64 bits: not guessed */
#define DISPATCH_TOKEN_HEX (2 * DISPATCH_TOKEN_BYTES)
#define DISPATCH_ID_MAX 256                         /* a Message-ID or an address */
#define DISPATCH_PREFIX "ykien.d."

/* TOKEN: DISPATCH_TOKEN_BYTES bytes as lower-case hex into OUT. */
void dispatch_token_hex(const unsigned char *bytes, char out[DISPATCH_TOKEN_HEX + 1]);

/* Is T a token as dispatch_token_hex() writes them? */
bool dispatch_token_valid(const char *t);

/* The Message-ID, without <>, into OUT: false when it does not fit. */
bool dispatch_message_id(const char *campaign, const char *agency, const char *token,
                         const char *domain, char *out, size_t n);

/* The token of a Message-ID dispatch_message_id() made (with or without
 * <>), into OUT: false when ID is not of that shape. */
bool dispatch_token_of(const char *id, char out[DISPATCH_TOKEN_HEX + 1]);

/* PATTERN's "%s" replaced by "code-token" (code lower case) into OUT:
 * false when it does not fit or PATTERN has no "%s". */
bool dispatch_reply_address(const char *pattern, const char *agency, const char *token,
                            char *out, size_t n);

/* The token at the end of a sub-address ADDR made by
 * dispatch_reply_address() ("tonghop+snv-<token>@host"), into OUT. */
bool dispatch_token_of_address(const char *addr, char out[DISPATCH_TOKEN_HEX + 1]);

struct dispatch_entry {
	char *campaign;
	char *agency;
	char *message_id;       /* without <> */
	char *reply_address;    /* NULL: none */
};

struct dispatch_index {
	struct dispatch_entry *v;
	size_t n, cap;
};

/* Copies the strings; false when out of memory. */
bool dispatch_index_add(struct dispatch_index *x, const char *campaign, const char *agency,
                        const char *message_id, const char *reply_address);
void dispatch_index_free(struct dispatch_index *x);

/*
 * The letter a reply answers: the first Message-ID of X named in
 * IN_REPLY_TO, then REFERENCES (header values, "<a> <b>"), else the first
 * reply address of X among the addresses in ADDRS[0..N) (header values;
 * NULL entries skipped).  *HOW (may be NULL) says which: "in_reply_to",
 * "references" or "address".  NULL when none: a token ykien did not
 * record matches nothing.
 */
const struct dispatch_entry *dispatch_match(const struct dispatch_index *x,
                                            const char *in_reply_to, const char *references,
                                            const char *const *addrs, size_t n,
                                            const char **how);

/* The entry of Message-ID ID (without <>), or NULL. */
const struct dispatch_entry *dispatch_by_message_id(const struct dispatch_index *x,
                                                    const char *id, size_t len);

/* A dispatched Message-ID on a "Message-ID:" line of DATA[0..LEN) (a
 * delivery report quotes the headers of the message it returns; a
 * reminder's References naming the letter do not count), or NULL. */
const struct dispatch_entry *dispatch_find_in(const struct dispatch_index *x, const char *data,
                                              size_t len);

#endif
