/*
 * nearmiss — see nearmiss.h.
 */
#include "nearmiss.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unictype.h>
#include <unistr.h>

#include "classify.h"
#include "err.h"
#include "orgname.h"
#include "text.h"

/*
 * A contest is named "Hội thi <name>"; the name of ours comes from the
 * campaign's title and its form's headings ("… về Hội thi cải cách hành
 * chính năm 2023": "cchc").  Words that follow "Hội thi" in a sentence
 * about it rather than in its name ("Hội thi đã giúp …") are not a name.
 */
static const char *const contest_not_name[] = {
	"hoac", "nay", "tren", "va", "voi", "nam", "la", "se", "duoc", "do", "o", "tai", "cua",
	"khong", "da", "can", "co", "de", "cho", "lan", "theo", "nhu", "vao", "trong", "nhung",
	"ma", "nen", "hang", "dinh", "thuong", "dat", "rat", "deu", "thi", "giua", "con", "cung",
	"tiep", "moi", "nhieu", "mot", "cac", "ve", "tu", "den", "ra", "bi", "phai", "sau",
	"truoc", "giup", "mang", "tao", "thu", "chua", "hay", "dang", "hien", "nham", "qua",
	"vua", "cap", "neu", "khi", "vi", "ket", "nhan", "thuc", "chi", "gan", "it", "kha",
	"lai", "luon", "con", "tuy", "hieu", "thiet", "tot", "gop",
	/* a place is no name ("Hội thi tỉnh Sóc Trăng"; keys: "h" is huyện) */
	"tinh", "h", "tx", "tp", "xa",
};
/* Words before "Hội thi" that introduce its name. */
static const char *const contest_lead[] = { "ve", "cua", "phieu", "mau", "gia", "chuc", "kien",
	                                    "du" };
/* Words that answer a letter before its number: "Phúc đáp Công văn số …". */
static const char *const answer_lead[] = { "phuc dap", "tra loi", "hoi dap", "thuc hien",
	                                   "kem theo", "theo", "can cu", "yeu cau", "chi dao" };
static const char *const letter_word[] = { "cong van so", "cong van", "cv so", "cv",
	                                   "van ban so", "van ban" };

static bool
in_list(const char *w, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (orgname_starts(w, list[i], strlen(list[i])))
			return true;
	return false;
}

/* Our contests' names (keys after "hoi thi", without "nam 2023"). */
struct contests {
	char *name[NEARMISS_MAX_CONTESTS];
	size_t camp[NEARMISS_MAX_CONTESTS]; /* the campaign of each name */
	size_t n;
};

/* KEY: TEXT's orgname_key() when the configuration made it at load, else
 * NULL (it is made here) */
static void
contest_add(struct contests *cs, size_t camp, const char *text, const char *key)
{
	char *k;
	const char *p;
	size_t at;

	if (!text || cs->n >= NEARMISS_MAX_CONTESTS ||
	    !(k = key ? strdup(key) : orgname_key(text, strlen(text))))
		return;
	at = text_key_find(k, "hoi thi");
	p = at ? k + at - 1 + strlen("hoi thi") : NULL;
	if (p && *p == ' ') {
		char *name = strdup(p + 1);
		char *y;

		if (name && (y = strstr(name, " nam ")) != NULL && y[5] >= '0' && y[5] <= '9')
			*y = '\0';
		if (name && *name && !in_list(name, contest_not_name,
		                              sizeof contest_not_name / sizeof *contest_not_name)) {
			cs->camp[cs->n] = camp;
			cs->name[cs->n++] = name;
		} else {
			free(name);
		}
	}
	free(k);
}

static void
contests_of(const struct yk_config *cfg, struct contests *cs)
{
	memset(cs, 0, sizeof *cs);
	for (size_t c = 0; c < cfg->n_campaigns; c++) {
		const struct yk_campaign *cp = &cfg->campaigns[c];

		contest_add(cs, c, cp->title, cp->title_key);
		for (size_t s = 0; cp->form && s < cp->form->n_sections; s++)
			contest_add(cs, c, cp->form->sections[s].heading, cp->form->sections[s].org_key);
	}
}

/* What the texts name: ours (a campaign's reference or contest), another
 * letter or contest. */
struct named {
	bool ours;
	bool other;
	size_t camp;         /* the campaign whose contest is named */
	bool camp_named;
	bool camps_several;  /* the contests of two campaigns */
};

/*
 * A contest named at NAME (a key: the words after "hoi thi" to the end of
 * the clause): ours, or another when AS_NAME (see contests_in()), its
 * first word is not one of a sentence about the contest, and it is of a
 * name's length ("năm 2023", "lần thứ III" left out).
 */
static void
contest_judge(const struct contests *cs, const char *name, bool as_name, struct named *nd)
{
	const char *end, *lan;
	size_t words = 0;

	for (size_t i = 0; i < cs->n; i++) {
		if (!orgname_starts(name, cs->name[i], strlen(cs->name[i])))
			continue;
		if (nd->camp_named && nd->camp != cs->camp[i])
			nd->camps_several = true;
		nd->camp = cs->camp[i];
		nd->camp_named = true;
		nd->ours = true;
		return;
	}
	if (!as_name || (*name >= '0' && *name <= '9') ||
	    in_list(name, contest_not_name, sizeof contest_not_name / sizeof *contest_not_name))
		return;
	end = strstr(name, " nam ");
	if (!end || end[5] < '0' || end[5] > '9')
		end = name + strlen(name);
	if ((lan = strstr(name, " lan thu ")) != NULL && lan < end)
		end = lan;
	for (const char *q = name; q < end; q++)
		words += q == name || q[-1] == ' ';
	if (words >= 2 && words <= NEARMISS_MAX_CONTEST_WORDS)
		nd->other = true;
}

/*
 * The contests named in CLAUSE (a piece of text between punctuation;
 * HEADING: it ends with ':', or is of a subject).  "Hội thi <words>" reads as a name when
 * introduced as one (after "về", "của", "Phiếu …", "tổ chức", or opening
 * the clause) and either capitalised ("Hội thi Hòa giải viên giỏi") or,
 * after such a word, ending a heading ("… của Hội thi hòa giải viên
 * giỏi:"); "Hội thi bổ ích cho công chức trẻ." does not.
 */
static int
contests_in(const struct contests *cs, const char *clause, bool heading, struct named *nd)
{
	struct text_span *map = NULL;
	size_t len = strlen(clause);
	char *k = text_key(clause, len, &map);
	int rc = 0;

	if (!k)
		return YK_ENOMEM;
	for (const char *p = k; !rc && (p = strstr(p, "hoi thi")) != NULL; p++) {
		const char *w = p + 7, *prev;
		size_t src;
		ucs4_t uc = 0;
		char *name;
		bool lead_word, as_name;

		if ((p != k && p[-1] != ' ') || *w != ' ')
			continue;
		w++;
		for (prev = p; prev > k && prev[-1] == ' '; prev--)
			;
		while (prev > k && prev[-1] != ' ')
			prev--;
		lead_word = p != k &&
		            in_list(prev, contest_lead, sizeof contest_lead / sizeof *contest_lead);
		src = map[w - k].start;
		u8_mbtouc(&uc, (const uint8_t *)clause + src, len - src);
		as_name = (p == k || lead_word) && (uc_is_upper(uc) || (heading && lead_word));
		/* past NEARMISS_MAX_CONTEST_BYTES the rest of the clause is no
		 * name; cut, so that many "Hội thi" in one clause stay cheap */
		if (len - src > NEARMISS_MAX_CONTEST_BYTES)
			as_name = false;
		name = orgname_key(clause + src, len - src < NEARMISS_MAX_CONTEST_BYTES ?
		                                 len - src : NEARMISS_MAX_CONTEST_BYTES);
		if (!name) {
			rc = YK_ENOMEM;
			break;
		}
		contest_judge(cs, name, as_name, nd);
		free(name);
	}
	free(map);
	free(k);
	return rc;
}

/* Does the issuer of a reference (the code after the number, up to its
 * first '-': "ubnd" of "ubnd-nc", folded), ISS of ISSLEN bytes, issue a
 * campaign's letter?  Yes when no campaign has a reference to compare. */
static bool
same_issuer(const struct yk_config *cfg, const char *iss, size_t isslen)
{
	bool any_ref = false;

	for (size_t i = 0; i < cfg->n_campaigns; i++) {
		const char *r = cfg->campaigns[i].reference, *slash;
		char *f;
		bool same;

		if (!r || !(slash = strchr(r, '/')))
			continue;
		any_ref = true;
		if (!(f = text_fold(slash + 1, strcspn(slash + 1, "-/&"))))
			continue;
		same = strlen(f) == isslen && !strncmp(f, iss, isslen);
		free(f);
		if (same)
			return true;
	}
	return !any_ref;
}

/*
 * The letters named in folded text F (punctuation kept): "NNN/CODE"
 * answered ("Phúc đáp Công văn số 2045/UBND-NC", "Thực hiện CV
 * 95/UBND-KT") or, when ANY (a subject), every reference of the office
 * that issued ours.  A plan or a report ("Kế hoạch số 45/KH-UBND") is not
 * a letter being answered.
 */
static void
letters_in(const struct yk_config *cfg, const char *f, bool any, struct named *nd)
{
	for (const char *p = f; *p; p++) {
		const char *d = p, *q, *c;
		char ref[64], before[64];
		size_t dl, bl;
		bool letter = any, ours = false, alpha = false;
		char *rk, *bk;

		if (*p < '0' || *p > '9' || (p > f && ((p[-1] >= '0' && p[-1] <= '9') ||
		                                       (p[-1] >= 'a' && p[-1] <= 'z'))))
			continue;
		for (q = d; *q >= '0' && *q <= '9'; q++)
			;
		dl = (size_t)(q - d);
		p = q - 1;
		while (*q == ' ')
			q++;
		if (dl > 6 || *q != '/')
			continue;
		for (c = ++q; *c == ' '; c++)
			;
		for (q = c; (*q >= 'a' && *q <= 'z') || (*q >= '0' && *q <= '9') || *q == '-' ||
		            *q == '/' || *q == '&'; q++)
			alpha |= *q >= 'a' && *q <= 'z';
		if (!alpha || dl + 1 + (size_t)(q - c) >= sizeof ref)
			continue;
		snprintf(ref, sizeof ref, "%.*s/%.*s", (int)dl, d, (int)(q - c), c);
		/* in a subject, a letter of the office that sent ours ("UBND" of
		 * "118/UBND-TH"), not the agency's own number ("25/STP-VP") */
		if (letter)
			letter = same_issuer(cfg, c, strcspn(c, "-/&"));
		if (!letter) {
			/* the words before it: "… phúc đáp Công văn số" */
			const char *b = d - (d - f < (ptrdiff_t)(sizeof before - 1) ? d - f :
			                     (ptrdiff_t)(sizeof before - 1));

			bl = (size_t)(d - b);
			memcpy(before, b, bl);
			before[bl] = '\0';
			bk = text_key(before, bl, NULL);
			if (!bk)
				continue;
			for (size_t i = 0; i < sizeof letter_word / sizeof *letter_word && !letter; i++) {
				size_t kl = strlen(bk), wl = strlen(letter_word[i]);

				if (kl >= wl && !strcmp(bk + kl - wl, letter_word[i]) &&
				    (kl == wl || bk[kl - wl - 1] == ' ')) {
					bk[kl - wl] = '\0';
					for (size_t j = 0; j < sizeof answer_lead / sizeof *answer_lead && !letter;
					     j++)
						letter = text_key_find(bk, answer_lead[j]) != 0;
				}
			}
			free(bk);
		}
		if (!letter)
			continue;
		if (!(rk = text_key(ref, strlen(ref), NULL)))
			continue;
		for (size_t i = 0; i < cfg->n_campaigns && !ours; i++) {
			const char *cr = cfg->campaigns[i].reference;
			char *ck = cr ? text_key(cr, strlen(cr), NULL) : NULL;

			ours = ck && !strcmp(ck, rk);
			free(ck);
		}
		free(rk);
		if (ours)
			nd->ours = true;
		else
			nd->other = true;
	}
}

/* Our references, contests and other letters named in TEXT (its first
 * NEARMISS_MAX_BYTES). */
/* Does the clause hold "thi" as a word after a word that starts with
 * 'h' ("Hội thi", "HỘI THI", "Hoi thi")?  A cheap test before the
 * clause is folded ("thiết thực" is not one). */
static bool
hoi_thi_in(const char *clause)
{
	for (const char *p = clause; (p = strcasestr(p, "thi")) != NULL; p += 3) {
		const char *w = p;
		unsigned char after = (unsigned char)p[3];

		if (w == clause || w[-1] != ' ' || (after != '\0' && after != ' ' && after >= 0x80) ||
		    ((after | 0x20) >= 'a' && (after | 0x20) <= 'z'))
			continue;
		w--;
		while (w > clause && w[-1] != ' ')
			w--;
		if (*w == 'h' || *w == 'H')
			return true;
	}
	return false;
}

static int
named_in(const struct yk_config *cfg, const struct contests *cs, const char *text, bool subject,
         struct named *nd)
{
	size_t len = strnlen(text, NEARMISS_MAX_BYTES);
	char *f = text_fold(text, len), *copy, *clause;
	int rc = 0;

	if (!f)
		return YK_ENOMEM;
	letters_in(cfg, f, subject, nd);
	if (!(copy = strndup(text, len))) {
		free(f);
		return YK_ENOMEM;
	}
	/* clause by clause, in the original (a name is capitalised): a
	 * contest's name runs to the end of its clause */
	if (!strstr(f, "hoi thi")) {
		free(f);
		free(copy);
		return 0;
	}
	free(f);
	for (char *save = NULL, *s = copy;
	     !rc && (clause = strtok_r(s, "\n().:;,?!", &save)) != NULL; s = NULL)
		/* "thi" of "Hội thi" carries no mark in any case or form */
		if (hoi_thi_in(clause))
			rc = contests_in(cs, clause,
		                 subject || text[(size_t)(clause - copy) + strlen(clause)] == ':', nd);
	free(copy);
	return rc;
}

/* classify_cites() on the first NEARMISS_MAX_BYTES of TEXT; out of
 * memory: cited (the mail stays a reply, for a person to see). */
static bool
cites_within(const struct yk_campaign *c, const char *text)
{
	size_t len = strnlen(text, NEARMISS_MAX_BYTES);
	char *copy;
	bool hit;

	if (len < NEARMISS_MAX_BYTES)
		return classify_cites(c, text);
	copy = strndup(text, len);
	hit = !copy || classify_cites(c, copy);
	free(copy);
	return hit;
}

bool
nearmiss_names_other(const struct yk_config *cfg, const char *subject,
                     const char *const *texts, size_t n_texts,
                     const struct yk_campaign **by_contest)
{
	struct contests cs;
	struct named nd = { 0 };
	int rc = 0;

	contests_of(cfg, &cs);
	for (size_t t = 0; t < n_texts && t < NEARMISS_MAX_TEXTS && !rc; t++) {
		if (texts[t])
			rc = named_in(cfg, &cs, texts[t], false, &nd);
	}
	if (subject && !rc)
		rc = named_in(cfg, &cs, subject, true, &nd);
	/* whether one of ours is cited matters only beside another letter or
	 * contest: looked for then (each look folds the whole text again) */
	for (size_t c = 0; !rc && nd.other && !nd.ours && c < cfg->n_campaigns; c++) {
		for (size_t t = 0; t < n_texts && t < NEARMISS_MAX_TEXTS && !nd.ours; t++)
			nd.ours = texts[t] && cites_within(&cfg->campaigns[c], texts[t]);
		if (subject && !nd.ours)
			nd.ours = cites_within(&cfg->campaigns[c], subject);
	}
	for (size_t i = 0; i < cs.n; i++)
		free(cs.name[i]);
	if (by_contest)
		*by_contest = !rc && nd.camp_named && !nd.camps_several && !nd.other ?
		              &cfg->campaigns[nd.camp] : NULL;
	return !rc && nd.other && !nd.ours;
}
