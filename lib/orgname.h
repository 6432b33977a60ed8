/*
 * orgname — the names of Vietnamese public bodies as people write them:
 * full or abbreviated ("Ủy ban nhân dân" / "UBND", "Văn hóa, Thể thao và Du
 * lịch" / "VHTT&DL" / "VHTTDL"), with or without diacritics, and the
 * sub-units that sign for a body ("Phòng Nội vụ thị xã Ngã Năm" for UBND
 * thị xã Ngã Năm, "Văn thư Cục Thuế" for Cục Thuế).
 *
 * Pure functions on keys: a key is text_key() (lib/text.h) with every
 * abbreviation of the table brought to one short form, so that two ways
 * of writing a name give the same key.  Every char * returned is malloc'd
 * and owned by the caller; NULL means out of memory or input too large.
 */
#ifndef YK_ORGNAME_H
#define YK_ORGNAME_H

#include <stdbool.h>
#include <stddef.h>

/* Words between a sub-unit word and the place or body it belongs to
 * ("Phòng Tài chính - Kế hoạch huyện …": 3); a longer run is a sentence,
 * not a name. */
#define ORGNAME_MAX_DEPT_WORDS 6

/* The key of S (N bytes): folded, abbreviations in their short form:
 * "Phòng Nội vụ thị xã Ngã Năm" and "P. NV TX Nga Nam" give "phong nv tx
 * nga nam" (a "P." stays "p"). */
char *orgname_key(const char *s, size_t n);

/*
 * The next sub-unit of a key at or after FROM (a word start in it): a
 * sub-unit word ("phong", "p" before a department, "vp", "van thu",
 * "bo phan", "to" but not "to chuc") at a word start.  Returns the start
 * of the words after it (it may be the end of the key), or NULL.
 */
const char *orgname_subunit(const char *from);

/* The place of a People's Committee's key: "ubnd tx nga nam" gives "tx nga
 * nam" (its level word: tx, h, tp, q), NULL for any other body. */
const char *orgname_place(const char *name_key);

/* The core of a body's name key, without the province after "tinh": "cuc
 * thue tinh soc trang" → "cuc thue".  Its length in NAME_KEY. */
size_t orgname_core_len(const char *name_key);

/* Does the word at W (in a key) start the name of a body other than a
 * People's Committee: "s" (Sở), "cuc", "chi cuc", "ban", "dai", "trung
 * tam"? */
bool orgname_body_word(const char *w);

/* Is the word at W one of a sentence ("đã", "gửi", "chúng tôi"),
 * which ends the search for a sub-unit's owner? */
bool orgname_break_word(const char *w);

/* Does key K start with key P, ending at a word boundary of K? */
bool orgname_starts(const char *k, const char *p, size_t plen);

#endif
