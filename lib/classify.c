/*
 * classify — see classify.h.  RFC 3834 (Auto-Submitted), RFC 3464
 * (delivery-status), RFC 6522 (multipart/report), RFC 2369 (List-*).
 */
#include "classify.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "authres.h"
#include "orgname.h"
#include "text.h"

/* --- kind ------------------------------------------------------------------ */

static bool
has_word(const char *hay, const char *needle)
{
	return hay && strcasestr(hay, needle) != NULL;
}

static bool
auto_subject(const char *subject)
{
	static const char *const pats[] = {
		"tra loi tu dong", "tu dong tra loi", "thu tra loi tu dong", "vang mat",
		"khong co mat tai van phong", "automatic reply", "auto reply", "autoreply",
		"auto response", "out of office", "out of the office", "abwesenheit",
	};
	char *k;
	bool hit = false;

	if (!subject)
		return false;
	k = text_key(subject, strlen(subject), NULL);
	if (!k)
		return false;
	for (size_t i = 0; i < sizeof pats / sizeof *pats && !hit; i++)
		hit = text_key_find(k, pats[i]) != 0;
	/* "Auto: …" as Outlook prefixes it. */
	if (!hit)
		hit = strncmp(k, "auto ", 5) == 0 && subject[4] == ':';
	free(k);
	return hit;
}

static bool
is_daemon(const char *addr)
{
	if (!addr)
		return false;
	return strncasecmp(addr, "mailer-daemon@", 14) == 0 ||
	       strncasecmp(addr, "postmaster@", 11) == 0 ||
	       strcasecmp(addr, "mailer-daemon") == 0;
}

enum msg_kind
classify_kind(const struct mime_msg *m)
{
	const char *as = mime_header(m, "Auto-Submitted");
	const char *prec = mime_header(m, "Precedence");
	bool list = mime_header(m, "List-Id") || mime_header(m, "List-Unsubscribe") ||
	            mime_header(m, "List-Post");

	if ((m->report_type && !strcmp(m->report_type, "delivery-status")) || m->delivery_status)
		return KIND_BOUNCE;
	if (is_daemon(m->from) || is_daemon(m->sender))
		return KIND_BOUNCE;
	if (as) {
		while (*as == ' ' || *as == '\t')
			as++;
		if (strncasecmp(as, "no", 2) != 0 || (as[2] && as[2] != ' ' && as[2] != ';'))
			return KIND_AUTO_REPLY;
	}
	if (mime_header(m, "X-Autoreply") || mime_header(m, "X-Autorespond") ||
	    mime_header(m, "X-Autoreply-From") || mime_header(m, "X-Mail-Autoreply"))
		return KIND_AUTO_REPLY;
	if ((m->report_type && !strcmp(m->report_type, "disposition-notification")) ||
	    m->disposition_notification)
		return KIND_AUTO_REPLY;
	if (prec && has_word(prec, "auto_reply"))
		return KIND_AUTO_REPLY;
	if (list)
		return KIND_UNRELATED; /* a mailing list is nobody's form reply */
	if (prec && (has_word(prec, "bulk") || has_word(prec, "junk") || has_word(prec, "list")))
		return KIND_AUTO_REPLY;
	if (auto_subject(m->subject))
		return KIND_AUTO_REPLY;
	return KIND_FORM_REPLY;
}

int
classify_bounced(const struct mime_msg *m, char ***out, size_t *n)
{
	const char *p = m->delivery_status;
	char **v;
	size_t k = 0;
	char *pending = NULL;

	*out = NULL;
	*n = 0;
	if (!p)
		return 0;
	v = calloc(CLASSIFY_MAX_BOUNCED, sizeof *v);
	if (!v)
		return YK_ENOMEM;
	/* Per-recipient blocks: Final-Recipient (or Original-Recipient)
	 * then Action; a failed action keeps the address. */
	while (*p && k < CLASSIFY_MAX_BOUNCED) {
		const char *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) : strlen(p);

		if (len > 16 && !strncasecmp(p, "Final-Recipient:", 16)) {
			const char *a = memchr(p, ';', len);
			const char *e = p + len;

			free(pending);
			pending = NULL;
			a = a ? a + 1 : p + 16;
			while (a < e && (*a == ' ' || *a == '<'))
				a++;
			while (e > a && (e[-1] == ' ' || e[-1] == '\r' || e[-1] == '>'))
				e--;
			if (e > a) {
				pending = strndup(a, (size_t)(e - a));
				for (char *c = pending; c && *c; c++)
					if (*c >= 'A' && *c <= 'Z')
						*c = (char)(*c - 'A' + 'a');
			}
		} else if (len > 7 && !strncasecmp(p, "Action:", 7) && pending) {
			if (strcasestr(p + 7, "failed") && strcasestr(p + 7, "failed") < p + len) {
				v[k++] = pending;
				pending = NULL;
			}
		}
		p = eol ? eol + 1 : p + len;
	}
	free(pending);
	*out = v;
	*n = k;
	return 0;
}

/* --- campaign ------------------------------------------------------------- */

/* classify_cites() on KEY, the text already folded with text_key(). */
static bool
cites_key(const struct yk_campaign *c, const char *key)
{
	static const char *const lead[] = { "so", "cv", "van", "cong van" };
	static const char *const after_ok[] = { "ngay", "cua", "ve", "v", "nam", "thang" };
	char *ref;
	char num[16];
	bool hit = false;
	size_t nl;

	if (!c->reference || !key)
		return false;
	ref = text_key(c->reference, strlen(c->reference), NULL);
	if (!ref || !*ref) {
		free(ref);
		return false;
	}
	hit = text_key_find(key, ref) != 0;
	/* "số 118", "CV 118 ngày …": the number alone after a word that
	 * introduces a letter, unless another letter code follows. */
	nl = strcspn(ref, " ");
	if (!hit && nl > 0 && nl < sizeof num && ref[0] >= '0' && ref[0] <= '9') {
		const char *next = ref[nl] ? ref + nl + 1 : "";
		size_t nextl = strcspn(next, " ");

		memcpy(num, ref, nl);
		num[nl] = '\0';
		for (size_t i = 0; i < sizeof lead / sizeof *lead && !hit; i++) {
			char pat[64];
			const char *p = key;

			snprintf(pat, sizeof pat, "%s %s", lead[i], num);
			while (!hit && (p = strstr(p, pat)) != NULL) {
				const char *after = p + strlen(pat);
				bool left = p == key || p[-1] == ' ';

				if (left && (*after == '\0' || *after == ' ')) {
					const char *w = *after ? after + 1 : after;
					size_t wl = strcspn(w, " ");

					if (wl == 0 || (w[0] >= '0' && w[0] <= '9') ||
					    (wl == nextl && !strncmp(w, next, wl)))
						hit = true;
					for (size_t j = 0; !hit && j < sizeof after_ok / sizeof *after_ok; j++)
						hit = wl == strlen(after_ok[j]) && !strncmp(w, after_ok[j], wl);
				}
				p++;
			}
		}
	}
	free(ref);
	return hit;
}

bool
classify_cites(const struct yk_campaign *c, const char *text)
{
	char *key;
	bool hit;

	if (!c->reference || !text)
		return false;
	key = text_key(text, strlen(text), NULL);
	hit = cites_key(c, key);
	free(key);
	return hit;
}

static bool
refs_letter(const struct yk_campaign *c, const struct mime_msg *m)
{
	const char *id = c->letter_message_id;
	size_t l;

	if (!id || !*id)
		return false;
	if (*id == '<')
		id++;
	l = strcspn(id, ">");
	if (l == 0)
		return false;
	for (int i = 0; i < 2; i++) {
		const char *h = i == 0 ? m->in_reply_to : m->references;

		for (const char *p = h; p && (p = strstr(p, id)) != NULL; p++)
			if ((p == h || p[-1] == '<' || p[-1] == ' ') &&
			    (p[l] == '>' || p[l] == '\0' || p[l] == ' '))
				return true;
	}
	return false;
}

bool
classify_in_thread(const struct yk_campaign *c, const struct mime_msg *m)
{
	return refs_letter(c, m);
}

const struct yk_campaign *
classify_campaign(const struct yk_config *cfg, const struct mime_msg *m,
                  const char *const *texts, size_t n_texts)
{
	/* the subject and the texts, folded once for every campaign */
	char *keys[CLASSIFY_MAX_TEXTS + 1] = { NULL };
	const struct yk_campaign *found = NULL;
	size_t nk = n_texts < CLASSIFY_MAX_TEXTS ? n_texts : CLASSIFY_MAX_TEXTS;

	for (size_t c = 0; c < cfg->n_campaigns; c++)
		if (refs_letter(&cfg->campaigns[c], m))
			return &cfg->campaigns[c];
	keys[0] = m->subject ? text_key(m->subject, strlen(m->subject), NULL) : NULL;
	for (size_t t = 0; t < nk; t++)
		keys[t + 1] = texts[t] ? text_key(texts[t], strlen(texts[t]), NULL) : NULL;
	for (size_t c = 0; c < cfg->n_campaigns && !found; c++)
		for (size_t t = 0; t <= nk && !found; t++)
			if (cites_key(&cfg->campaigns[c], keys[t]))
				found = &cfg->campaigns[c];
	for (size_t t = 0; t <= nk; t++)
		free(keys[t]);
	return found;
}

/* --- agency --------------------------------------------------------------- */

bool
classify_address_matches(const struct yk_agency *a, const char *addr)
{
	const char *at;
	char local[256], host[256];
	size_t ll;

	if (!addr || !(at = strrchr(addr, '@')))
		return false;
	ll = (size_t)(at - addr);
	if (ll >= sizeof local || strlen(at + 1) >= sizeof host)
		return false;
	memcpy(local, addr, ll);
	local[ll] = '\0';
	/* "user+tag@host" is user's mailbox (RFC 5233 subaddress). */
	local[strcspn(local, "+")] = '\0';
	snprintf(host, sizeof host, "%s", at + 1);
	for (size_t i = 0; i < a->n_emails; i++) {
		const char *e = a->emails[i];
		const char *eat = strrchr(e, '@');

		if (!eat)
			continue;
		if (e[0] == '@') {
			size_t hl = strlen(host), dl = strlen(e + 1);

			if (!strcasecmp(host, e + 1) ||
			    (hl > dl && host[hl - dl - 1] == '.' && !strcasecmp(host + hl - dl, e + 1)))
				return true;
		} else if ((size_t)(eat - e) == strlen(local) &&
		           !strncasecmp(e, local, strlen(local)) && !strcasecmp(eat + 1, host)) {
			return true;
		}
	}
	return false;
}

static const struct yk_agency *
by_addr(const struct yk_config *cfg, const char *addr)
{
	if (!addr)
		return NULL;
	for (size_t i = 0; i < cfg->n_agencies; i++)
		if (classify_address_matches(&cfg->agencies[i], addr))
			return &cfg->agencies[i];
	return NULL;
}

const struct yk_agency *
classify_agency_by_address(const struct yk_config *cfg, const struct mime_msg *m,
                           const char **by)
{
	const struct yk_agency *a;

	*by = NULL;
	if ((a = by_addr(cfg, m->from)) != NULL)
		*by = "from";
	else if ((a = by_addr(cfg, m->reply_to)) != NULL)
		*by = "reply_to";
	else if ((a = by_addr(cfg, m->sender)) != NULL)
		*by = "sender";
	return a;
}

/*
 * The agencies' names as keys (lib/orgname.h), built once per call: each
 * name and alias, the same without "huyện" ("UBND Châu Thành"), and for a
 * People's Committee its place ("tx nga nam") and, when no other agency's
 * name holds it, the bare place name ("nga nam").
 */
struct name_keys {
	size_t *agency;      /* index in cfg->agencies */
	char **key;
	char **no_h;         /* key without "h ", NULL when it has none */
	const char **place;  /* into key (orgname_place()), NULL when none */
	const char **bare;   /* into key, NULL when none; unique or not is
	                        asked only when it is met (bare_elsewhere()) */
	size_t n;
};

static void
names_free(struct name_keys *nk)
{
	for (size_t i = 0; i < nk->n; i++) {
		free(nk->key[i]);
		free(nk->no_h[i]);
	}
	free(nk->agency);
	free(nk->key);
	free(nk->no_h);
	free(nk->place);
	free(nk->bare);
	memset(nk, 0, sizeof *nk);
}

static const char *
next_word(const char *p)
{
	p += strcspn(p, " ");
	return *p ? p + 1 : p;
}

/* Does any agency but A name BARE? */
static bool
bare_elsewhere(const struct name_keys *nk, size_t a, const char *bare)
{
	for (size_t j = 0; j < nk->n; j++)
		if (nk->agency[j] != a && text_key_find(nk->key[j], bare))
			return true;
	return false;
}

static int
names_build(const struct yk_config *cfg, struct name_keys *nk)
{
	size_t total = 0;

	memset(nk, 0, sizeof *nk);
	for (size_t i = 0; i < cfg->n_agencies; i++)
		total += 1 + cfg->agencies[i].n_aliases;
	nk->agency = calloc(total + 1, sizeof *nk->agency);
	nk->key = calloc(total + 1, sizeof *nk->key);
	nk->no_h = calloc(total + 1, sizeof *nk->no_h);
	nk->place = calloc(total + 1, sizeof *nk->place);
	nk->bare = calloc(total + 1, sizeof *nk->bare);
	if (!nk->agency || !nk->key || !nk->no_h || !nk->place || !nk->bare) {
		names_free(nk);
		return YK_ENOMEM;
	}
	for (size_t i = 0; i < cfg->n_agencies; i++) {
		const struct yk_agency *a = &cfg->agencies[i];

		for (size_t j = 0; j < 1 + a->n_aliases; j++) {
			const char *name = j == 0 ? a->name : a->aliases[j - 1];
			char *k, *h;

			if (!name)
				continue;
			k = a->name_keys && a->name_keys[j] ? strdup(a->name_keys[j]) :
			    orgname_key(name, strlen(name));
			if (!k) {
				names_free(nk);
				return YK_ENOMEM;
			}
			if (strlen(k) < 4) { /* too short to stand for a name */
				free(k);
				continue;
			}
			nk->agency[nk->n] = i;
			nk->key[nk->n++] = k;
			if ((h = strstr(k, " h ")) != NULL) {
				char *c = strdup(k);

				if (!c) {
					names_free(nk);
					return YK_ENOMEM;
				}
				memmove(c + (h - k) + 1, c + (h - k) + 3, strlen(h + 3) + 1);
				nk->no_h[nk->n - 1] = c;
			}
		}
	}
	for (size_t i = 0; i < nk->n; i++) {
		const char *place = orgname_place(nk->key[i]);
		const char *bare = place ? next_word(place) : NULL;

		nk->place[i] = place;
		nk->bare[i] = bare && *bare ? bare : NULL;
	}
	return 0;
}

/* What a text names: one agency, none, or several. */
struct pick {
	size_t agency;
	bool any;
	bool several;
};

static void
pick_add(struct pick *p, size_t a)
{
	if (p->any && p->agency != a)
		p->several = true;
	p->agency = a;
	p->any = true;
}

/* Agencies whose name or alias key K holds. */
/*
 * Is the name at K + AT (a key) a third party in its sentence, not the
 * writer: the one a request or a letter goes to ("Đề nghị Sở Nội vụ cung
 * cấp …", "gửi Sở Tư pháp") or whose paper is cited ("Báo cáo số
 * 02/BC-SNV của Sở Nội vụ")?
 */
static bool
third_party_at(const char *k, size_t at)
{
	static const char *const before[] = { "de nghi", "kinh gui", "gui", "cua" };
	size_t e = at;

	while (e > 0 && k[e - 1] == ' ')
		e--;
	for (size_t i = 0; i < sizeof before / sizeof *before; i++) {
		size_t l = strlen(before[i]);

		if (e >= l && !strncmp(k + e - l, before[i], l) && (e == l || k[e - l - 1] == ' ')) {
			/* "ý kiến của Sở Tư pháp", "phiếu góp ý của …": the writer */
			size_t w = e - l, ws;

			while (w > 0 && k[w - 1] == ' ')
				w--;
			for (ws = w; ws > 0 && k[ws - 1] != ' '; ws--)
				;
			if (i == 3 && ((w - ws == 4 && !strncmp(k + ws, "kien", 4)) ||
			               (w - ws == 1 && k[ws] == 'y') ||
			               (w - ws == 5 && !strncmp(k + ws, "phieu", 5))))
				return false;
			return true;
		}
	}
	return false;
}

/* Does name PAT occur in K other than as a third party's? */
static bool
named_as_writer(const char *k, const char *pat)
{
	for (size_t from = 0, at; (at = text_key_find(k + from, pat)) != 0;) {
		at += from - 1;
		if (!third_party_at(k, at))
			return true;
		from = at + strcspn(k + at, " ");
	}
	return false;
}

static void
names_in(const struct name_keys *nk, const char *k, struct pick *pk)
{
	for (size_t i = 0; i < nk->n; i++)
		if (named_as_writer(k, nk->key[i]) || (nk->no_h[i] && named_as_writer(k, nk->no_h[i])))
			pick_add(pk, nk->agency[i]);
}

/*
 * The owner of a sub-unit whose words after the sub-unit word start at R:
 * after at most ORGNAME_MAX_DEPT_WORDS words of its own name, either a
 * place ("Phòng Nội vụ thị xã Ngã Năm": the People's Committee of that
 * place, even when the department shares a Sở's name) or a body ("Văn
 * thư Cục Thuế": the agency whose name, without its province, follows).
 * A number among the words is an address ("Phòng 302, … TP. Sóc Trăng"),
 * a word of a sentence ends the name ("Phòng chúng tôi … tại huyện …").
 */
static void
owner_of(const struct name_keys *nk, const char *r, struct pick *pk)
{
	const char *w = r;

	for (size_t n = 0; *w && n <= ORGNAME_MAX_DEPT_WORDS; n++, w = next_word(w)) {
		bool hit = false;

		if (*w >= '0' && *w <= '9')
			return;
		if (orgname_body_word(w)) {
			for (size_t i = 0; i < nk->n; i++)
				if (orgname_starts(w, nk->key[i], orgname_core_len(nk->key[i])))
					pick_add(pk, nk->agency[i]);
			return;
		}
		for (size_t i = 0; i < nk->n; i++) {
			const char *place = nk->place[i];

			if ((place && orgname_starts(w, place, strlen(place))) ||
			    (nk->bare[i] && orgname_starts(w, nk->bare[i], strlen(nk->bare[i])) &&
			     !bare_elsewhere(nk, nk->agency[i], nk->bare[i]))) {
				pick_add(pk, nk->agency[i]);
				hit = true;
			}
		}
		if (hit || orgname_break_word(w))
			return;
	}
}

/* Sub-units in key K and their owners. */
static void
subunits_in(const struct name_keys *nk, const char *k, struct pick *pk)
{
	const char *r = k;

	for (size_t guard = 0; guard < CLASSIFY_MAX_SUBUNITS; guard++) {
		r = orgname_subunit(r);
		if (!r)
			break;
		owner_of(nk, r, pk);
	}
}

/* A line that names addressees, not the writer: "Kính gửi: Sở Nội vụ",
 * "Nơi nhận:" (the recipients at the foot of a letter). */
static bool
addressee_head(const char *k)
{
	return orgname_starts(k, "kinh gui", 8) || orgname_starts(k, "dong kinh gui", 13) ||
	       orgname_starts(k, "noi nhan", 8);
}

/* Is line SP of S an item of a list ("- Sở Nội vụ;", "• …", "+ …")? */
static bool
list_item(const char *s, struct text_span sp)
{
	struct text_span t = text_trim(s, sp);
	const char *p = s + t.start;
	size_t l = t.end - t.start;

	return l > 0 && (*p == '-' || *p == '+' || *p == '*' ||
	                 (l >= 3 && (!strncmp(p, "\xe2\x80\x93", 3) ||    /* – */
	                             !strncmp(p, "\xe2\x80\xa2", 3))));  /* • */
}

/*
 * What S names, line by line: the agencies' names anywhere (a name may
 * run over two lines), and sub-units whose owner follows on their line or
 * the next.  The addressees ("Kính gửi: Sở Nội vụ", the list under
 * "Kính gửi:" or "Nơi nhận:") are not the writer.
 */
static int
name_pick(const struct name_keys *nk, const char *s, struct pick *pk)
{
	size_t len = strlen(s), n = 0, kept = 0, all = 0;
	struct text_span *lines = text_lines(s, len, CLASSIFY_MAX_NAME_LINES, &n);
	char **keys;
	char *joined;
	bool listing = false; /* in the list under an addressee's line */
	int rc = 0;

	if (!lines)
		return 0; /* not a name, nor the edges of a text */
	keys = calloc(n + 1, sizeof *keys);
	if (!keys) {
		free(lines);
		return YK_ENOMEM;
	}
	for (size_t i = 0; i < n && !rc; i++) {
		char *k = orgname_key(s + lines[i].start, lines[i].end - lines[i].start);

		if (!k) {
			rc = YK_ENOMEM;
		} else if (!*k) {
			free(k);
		} else if (addressee_head(k) || (listing && list_item(s, lines[i]))) {
			listing = true;
			free(k);
		} else {
			listing = false;
			keys[kept++] = k;
			all += strlen(k) + 1;
		}
	}
	free(lines);
	joined = rc ? NULL : malloc(all + 1);
	if (!joined && !rc)
		rc = YK_ENOMEM;
	if (!rc) {
		char *o = joined;

		for (size_t i = 0; i < kept; i++) {
			size_t l = strlen(keys[i]);

			if (i)
				*o++ = ' ';
			memcpy(o, keys[i], l);
			o += l;
		}
		*o = '\0';
		names_in(nk, joined, pk);
		/* a line and the next: "Phòng Nội vụ" / "huyện Long Phú" */
		for (size_t i = 0; i < kept; i++) {
			size_t l = strlen(keys[i]);
			size_t l2 = i + 1 < kept ? strlen(keys[i + 1]) : 0;

			memcpy(joined, keys[i], l);
			if (l2) {
				joined[l] = ' ';
				memcpy(joined + l + 1, keys[i + 1], l2);
				l += l2 + 1;
			}
			joined[l] = '\0';
			subunits_in(nk, joined, pk);
		}
	}
	free(joined);
	for (size_t i = 0; i < kept; i++)
		free(keys[i]);
	free(keys);
	return rc;
}

/* The first and last CLASSIFY_EDGE_LINES non-empty lines of s. */
static char *
edges(const char *s)
{
	size_t len = strlen(s), n = 0, first = 0, last = 0;
	struct text_span *lines = text_lines(s, len, (size_t)-1, &n);
	char *out, *o;
	size_t nonempty = 0;

	if (!lines)
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (text_trim(s, lines[i]).start < text_trim(s, lines[i]).end)
			nonempty++;
	out = malloc(len + n + 1);
	if (!out) {
		free(lines);
		return NULL;
	}
	o = out;
	for (size_t i = 0; i < n; i++) {
		struct text_span t = text_trim(s, lines[i]);

		if (t.start == t.end)
			continue;
		last++;
		if (first < CLASSIFY_EDGE_LINES || nonempty - last < CLASSIFY_EDGE_LINES) {
			memcpy(o, s + t.start, t.end - t.start);
			o += t.end - t.start;
			*o++ = '\n';
		}
		first++;
	}
	*o = '\0';
	free(lines);
	return out;
}

const struct yk_agency *
classify_agency_by_content(const struct yk_config *cfg, const char *unit,
                           const char *const *texts, size_t n_texts)
{
	struct name_keys nk;
	struct pick all = { 0 };
	const struct yk_agency *found = NULL;

	if (names_build(cfg, &nk))
		return NULL;
	if (unit) {
		struct pick pk = { 0 };

		if (!name_pick(&nk, unit, &pk) && pk.any && !pk.several) {
			found = &cfg->agencies[pk.agency];
			goto done;
		}
	}
	for (size_t t = 0; t < n_texts && !all.several; t++) {
		struct pick pk = { 0 };
		char *e;

		if (!texts[t])
			continue;
		e = edges(texts[t]);
		if (!e)
			continue;
		if (name_pick(&nk, e, &pk))
			all.several = true; /* out of memory: no guess */
		free(e);
		if (pk.several)
			all.several = true;
		else if (pk.any)
			pick_add(&all, pk.agency);
	}
	if (all.any && !all.several)
		found = &cfg->agencies[all.agency];
done:
	names_free(&nk);
	return found;
}

bool
classify_unverified(const struct yk_config *cfg, enum msg_kind kind, const char *from,
                    const char *data, size_t len, char *why, size_t n)
{
	const char *trusted = cfg->mailbox.trusted_authserv_id;

	if (!trusted || kind != KIND_FORM_REPLY || !from || !strchr(from, '@'))
		return false;
	/* a spoofed From is still filed, but marked and shown to a person */
	return !authres_verified(data, len, trusted, strrchr(from, '@') + 1, why, n);
}
