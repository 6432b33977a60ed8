/*
 * agcode — the pure rules of `ykien agencies import`: which column a
 * header cell names (Vietnamese or English, matched without diacritics
 * or case) and the code an agency gets from its name when the sheet gives
 * none.  No I/O, no global state.
 */
#ifndef YK_AGCODE_H
#define YK_AGCODE_H

#include <stdbool.h>
#include <stddef.h>

/* Longest code made from a name (config allows 64; a suffix may follow). */
#define AGCODE_MAX 40

enum agcode_col {
	AGCOL_NONE = 0,
	AGCOL_CODE,     /* Mã, Code */
	AGCOL_NAME,     /* Tên cơ quan, Tên đơn vị, Tên cơ quan/đơn vị, Name */
	AGCOL_EMAIL,    /* Email, Thư điện tử */
	AGCOL_GROUP,    /* Khối, Nhóm, Group */
	AGCOL_EDOC,     /* Mã định danh, ID */
	AGCOL_ALIASES,  /* Tên khác, Aliases */
	AGCOL_N
};

/* The column a header cell names, AGCOL_NONE for another (STT, Ghi chú). */
enum agcode_col agcode_header(const char *cell);

/*
 * The code made from an agency's NAME: upper-case ASCII letters, digits
 * and '_'.  A people's committee is UBND_ and its place ("UBND huyện Trần
 * Đề", "Ủy ban nhân dân huyện Trần Đề" → UBND_TRANDE); any other name its
 * initials, "và", "các", "của" left out and a word written in capitals
 * kept whole ("Sở Kế hoạch và Đầu tư" → SKHDT, "Văn phòng HĐND" →
 * VPHDND).  At most AGCODE_MAX bytes; "AGENCY" for a name with no letter.
 * Malloc'd (caller frees); NULL: out of memory.
 */
char *agcode_from_name(const char *name);

/* An agency code or campaign id as the configuration takes it: 1-64
 * letters, digits, '_', '-', '.', not starting with '.' or '-' (it names a
 * folder in the archive: no "..", no hidden names). */
bool agcode_valid(const char *code);

/* An edoc_id (the mã định danh of QĐ 20/2020/QĐ-TTg, "H49.12"): 1-64
 * letters, digits and dots, not at either end. */
bool agcode_valid_edoc_id(const char *id);

#endif
