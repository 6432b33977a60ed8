/*
 * orgname — see orgname.h.  The abbreviations are those of Vietnamese
 * administration (Nghị định 30/2020/NĐ-CP, phụ lục I, and common use).
 */
#include "orgname.h"

#include <stdlib.h>
#include <string.h>

#include "text.h"

/*
 * Long or other forms (as keys: "&", "-", "," are word breaks) → the one
 * short form.  Longer forms first where one starts another.  "so" (Sở)
 * and "huyen" are shortened as well because letterheads write "S." and
 * "H."; both sides of a comparison go through the same table, so "số"
 * becoming "s" does no harm.
 */
static const char *const abbrev[][2] = {
	{ "uy ban nhan dan", "ubnd" },
	{ "hoi dong nhan dan", "hdnd" },
	{ "van phong", "vp" },
	{ "thi xa", "tx" },
	{ "thanh pho", "tp" },
	{ "so", "s" },
	{ "huyen", "h" },
	{ "noi vu", "nv" },
	{ "van hoa the thao va du lich", "vhttdl" },
	{ "van hoa the thao du lich", "vhttdl" },
	{ "vh tt va dl", "vhttdl" },
	{ "vh tt dl", "vhttdl" },
	{ "vhtt dl", "vhttdl" },
	{ "lao dong thuong binh va xa hoi", "ldtbxh" },
	{ "lao dong thuong binh xa hoi", "ldtbxh" },
	{ "ld tb va xh", "ldtbxh" },
	{ "ld tbxh", "ldtbxh" },
	{ "ld tb xh", "ldtbxh" },
	{ "ldtb xh", "ldtbxh" },
	{ "ke hoach va dau tu", "khdt" },
	{ "ke hoach dau tu", "khdt" },
	{ "kh dt", "khdt" },
	{ "tai nguyen va moi truong", "tnmt" },
	{ "tai nguyen moi truong", "tnmt" },
	{ "tn mt", "tnmt" },
	{ "nong nghiep va phat trien nong thon", "nnptnt" },
	{ "nong nghiep phat trien nong thon", "nnptnt" },
	{ "nong nghiep va ptnt", "nnptnt" },
	{ "nn ptnt", "nnptnt" },
	{ "giao duc va dao tao", "gddt" },
	{ "giao duc dao tao", "gddt" },
	{ "gd dt", "gddt" },
	{ "thong tin va truyen thong", "tttt" },
	{ "thong tin truyen thong", "tttt" },
	{ "tt tt", "tttt" },
	{ "giao thong van tai", "gtvt" },
	{ "phat thanh va truyen hinh", "ptth" },
	{ "phat thanh truyen hinh", "ptth" },
	{ "pt th", "ptth" },
	{ "cai cach hanh chinh", "cchc" },
	/* the other way: an acronym of a sub-unit to its words */
	{ "pnv", "phong nv" },
	{ "vpub", "vp ubnd" },
};
/* The longest short form over the shortest word it replaces ("pnv" →
 * "phong nv"): a key grows by at most this factor. */
#define ORGNAME_GROWTH 3

/* Sub-unit words; "p" only before a department word ("P. Nội vụ", not
 * "P. 6" the ward of an address). */
static const char *const subunits[] = { "phong", "vp", "van thu", "bo phan", "to", "p" };
static const char *const not_subunit[] = { "to chuc", "to cao", "phong chong", "phong ngua",
	                                   "phong hop", "phong tranh" };
static const char *const p_depts[] = { "nv", "tu", "tai", "tc", "van", "vh", "vhtt", "giao", "gd",
	                               "gddt", "lao", "ld", "ldtbxh", "kinh", "kt", "tn", "tnmt",
	                               "y", "quan", "ql", "nong", "nn", "tttt", "dan", "hanh" };
static const char *const bodies[] = { "s", "cuc", "chi cuc", "ban", "dai", "trung tam" };
static const char *const levels[] = { "tx", "h", "tp", "q" };
/* Words of a sentence, never of a unit's name: "Phòng chúng tôi làm việc
 * tại huyện …" is no "Phòng … huyện …".  ("tai" and "dang" are not in
 * it: they are also "Tài chính" and "Đảng".) */
static const char *const breaks[] = { "da", "se", "gui", "xin", "de", "cho", "voi",
	                              "la", "khong", "duoc", "nhu", "toi", "chung", "em", "ve" };

bool
orgname_starts(const char *k, const char *p, size_t plen)
{
	return plen > 0 && *k == *p && strncmp(k, p, plen) == 0 &&
	       (k[plen] == ' ' || k[plen] == '\0');
}

static bool
starts_word(const char *k, const char *w)
{
	return orgname_starts(k, w, strlen(w));
}

char *
orgname_key(const char *s, size_t n)
{
	char *k = text_key(s, n, NULL), *out, *o;
	const char *p;

	if (!k)
		return NULL;
	out = malloc(strlen(k) * ORGNAME_GROWTH + 1);
	if (!out) {
		free(k);
		return NULL;
	}
	o = out;
	p = k;
	while (*p) {
		bool hit = false;

		for (size_t i = 0; i < sizeof abbrev / sizeof *abbrev && !hit; i++) {
			size_t len, sl;

			/* most words start no form: two bytes tell */
			if (abbrev[i][0][0] != p[0] || abbrev[i][0][1] != p[1])
				continue;
			len = strlen(abbrev[i][0]);
			if (!orgname_starts(p, abbrev[i][0], len))
				continue;
			sl = strlen(abbrev[i][1]);
			memcpy(o, abbrev[i][1], sl);
			o += sl;
			p += len;
			hit = true;
		}
		if (!hit)
			while (*p && *p != ' ')
				*o++ = *p++;
		if (*p == ' ')
			*o++ = *p++;
	}
	*o = '\0';
	free(k);
	return out;
}

static const char *
next_word(const char *p)
{
	p += strcspn(p, " ");
	return *p ? p + 1 : p;
}

const char *
orgname_subunit(const char *from)
{
	for (const char *p = from; p && *p; p = next_word(p)) {
		for (size_t i = 0; i < sizeof subunits / sizeof *subunits; i++) {
			const char *after;
			bool skip = false;

			if (!starts_word(p, subunits[i]))
				continue;
			for (size_t j = 0; j < sizeof not_subunit / sizeof *not_subunit && !skip; j++)
				skip = starts_word(p, not_subunit[j]);
			if (skip)
				break;
			after = p + strlen(subunits[i]);
			after += *after == ' ';
			if (!strcmp(subunits[i], "p")) {
				bool dept = false;

				for (size_t j = 0; j < sizeof p_depts / sizeof *p_depts && !dept; j++)
					dept = starts_word(after, p_depts[j]);
				if (!dept)
					break;
			}
			return after;
		}
	}
	return NULL;
}

const char *
orgname_place(const char *name_key)
{
	const char *p;

	if (!starts_word(name_key, "ubnd"))
		return NULL;
	p = name_key + 5;
	for (size_t i = 0; i < sizeof levels / sizeof *levels; i++)
		if (starts_word(p, levels[i]) && p[strlen(levels[i])] == ' ')
			return p;
	return NULL;
}

size_t
orgname_core_len(const char *name_key)
{
	size_t len = strlen(name_key);

	for (const char *p = name_key; *p; p = next_word(p))
		if (p != name_key && starts_word(p, "tinh"))
			return (size_t)(p - name_key) - 1;
	return len;
}

bool
orgname_body_word(const char *w)
{
	for (size_t i = 0; i < sizeof bodies / sizeof *bodies; i++)
		if (starts_word(w, bodies[i]))
			return true;
	return false;
}

bool
orgname_break_word(const char *w)
{
	for (size_t i = 0; i < sizeof breaks / sizeof *breaks; i++)
		if (starts_word(w, breaks[i]))
			return true;
	return false;
}
