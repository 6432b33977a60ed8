/*
 * html — HTML to plain text with libxml2's HTML parser (lenient: broken
 * markup is recovered, never an error).  Block elements become line
 * breaks, table cells of one row stay on one line separated by a tab,
 * entities are decoded, <script>/<style>/<head> are dropped, and the text
 * of a <blockquote> is prefixed with "> " so quote.h treats it as quoted.
 * So is the original under an Outlook reply's header block (a div with id
 * divRplyFwdMsg or a rule on top, reading "From: … Sent: …") when the
 * writer typed lines into it in a colour of their own (not black or grey,
 * not a link's): those lines stay unquoted, answers typed between quoted
 * lines (interleave.h).  Without such lines the original is left as it
 * always was.
 *
 * html_to_text() returns a malloc'd UTF-8 NFC string the caller frees, or
 * NULL when out of memory or past HTML_MAX_INPUT.
 */
#ifndef YK_HTML_H
#define YK_HTML_H

#include <stddef.h>

/* HTML bodies larger than this are not a form reply (an Outlook reply
 * with a full form is ~100 KiB); refusing bounds libxml2's tree. */
#define HTML_MAX_INPUT ((size_t)8 << 20)
/* Element nesting followed; deeper content is skipped (hostile mail). */
#define HTML_MAX_DEPTH 200
/* Text produced, at most. */
#define HTML_MAX_OUTPUT ((size_t)4 << 20)

/* html: UTF-8 (convert first); len bytes. */
char *html_to_text(const char *html, size_t len);

#endif
