/*
 * letter_p — what lib/letter.c, letter_deadline.c and letter_form.c share
 * (not an interface: lib/letter.h is).  A letter is read as cleaned lines,
 * each with its key (text_key()); the lt_ helpers read keys and text.
 */
#ifndef YK_LETTER_P_H
#define YK_LETTER_P_H

#include <stdbool.h>
#include <stddef.h>

#include "letter.h"

struct line {
	char *s;             /* cleaned original: layout and ** * _ emphasis taken out */
	char *k;             /* text_key() of s */
};

struct lines {
	struct line *l;
	size_t n;
};

/* A copy of N bytes of S, NUL-terminated (malloc'd). */
char *lt_xstrndup(const char *s, size_t n);
/* Does key K begin with the words P?  What follows (after a space), or NULL. */
const char *lt_kw(const char *k, const char *p);
/* A number of 1 to MAXD digits at the start of key K, a whole word: what
 * follows, or NULL. */
const char *lt_num(const char *k, int maxd, int *v);
/* Days in month M of year Y; days since 1970-01-01 and back. */
/* A date at key K ("ngay 15 thang 01 nam 2024", "15 01 2024"; *y 0 when
 * left out): what follows, or NULL. */
const char *lt_key_date(const char *k, int *y, int *m, int *d);
/* S in lower case; S with a capital first letter (malloc'd, NULL: no memory). */
char *lt_lower(const char *s, size_t n);
char *lt_capital(const char *s);
/* A line in capitals (three letters or more, none lower case). */
bool lt_all_caps(const char *s);
/* Does S begin with a lower-case letter (a line continuing the one above)? */
bool lt_starts_lower(const char *s);
/* The length of a bullet ("- ", "• ") or a tick box ("☐") at the start of
 * S, else 0. */
size_t lt_bullet(const char *s);
size_t lt_box(const char *s);
/* N bytes of S without the white space around (malloc'd). */
char *lt_trim_dup(const char *s, size_t n);
/* S cut before its final CHARS and spaces, in place. */
void lt_strip_end(char *s, const char *chars);
/* The key a group or "Kính gửi" item is compared by (malloc'd). */
char *lt_group_key(const char *s);

/* letter_deadline.c: the deadline phrase of lines [FROM, TO) into LT. */
int letter_read_deadline(struct letter *lt, const struct lines *ls, size_t from, size_t to);
/* letter_form.c: the form from line FROM (its title, else its first
 * section); GIVEN: a form file of its own, which may have no title. */
int letter_read_form(struct letter *lt, const struct lines *ls, size_t from, bool given);
/* letter_form.c: is L the form's title (capitals beginning MẪU or
 * PHIẾU)?  The campaign's title made from FORM_TITLE, with the capitals
 * the letter LS writes (malloc'd). */
bool letter_form_title_line(const struct line *l);
char *letter_title_of(const char *form_title, const struct lines *ls);

#endif
