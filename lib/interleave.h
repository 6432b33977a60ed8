/*
 * interleave — answers typed between the quoted lines of a reply.
 *
 * "Sở trả lời trực tiếp vào nội dung mẫu bên dưới (các dòng không có dấu
 * >)": the agency hits Reply and types its answers as unquoted lines under
 * each quoted heading of the letter's own form.  quote_strip() would drop
 * the headings with the quote and leave answers that belong to no section.
 *
 * The rule: when the quoted original holds unquoted lines of the writer's
 * own (not blank, not a signature, not a question) with quoted lines both
 * above and below them, those lines are answers to the quoted heading
 * above them.  The text the form reader sees is then rebuilt: the text
 * above the quote, then the quoted lines without their '>' (so the
 * headings are there) with the writer's lines in place under them.
 * Answers come only from the writer's lines:
 *  - the quoted form's own marks (☐, [ ], a ☒ of an earlier copy) are
 *    taken off every quoted line, so the blank form chooses nothing, and
 *    an option whose quoted line the writer deleted is left out as in a
 *    form retyped without it;
 *  - a writer's line that only marks ("X", "(x)", "☒", "Chọn", "Đồng ý",
 *    "OK", "<-- x") ticks the quoted option line next to it (the one just
 *    above, else the one just below); "Không" next to an option only says
 *    it is not chosen and is dropped (a form printed without boxes: its
 *    options are the short quoted lines under a heading ending with ':');
 *  - a writer's line that names an option by its number ("Chọn phương án
 *    2") next to the quoted options ticks that one;
 *  - a writer's line that retypes a quoted option ("Đề nghị tiếp tục tổ
 *    chức Hội thi", "Chọn: Đề nghị …", also without its first words:
 *    "Tiếp tucc tổ chức Hội thi", typos forgiven), at its start or after a
 *    few words of its own that do not say no ("Sở Công Thương: thống nhất
 *    đề nghị tiếp tục …"), ticks it where it is quoted, wherever the line
 *    stands among the options (its wording, not its place, says which);
 *    what follows the option on the line (a proposal) stays as the
 *    writer's text.  Only a bare mark line ticks by its place;
 *  - a leader before an answer ("=> Có", "->", "→") is not its text;
 *  - a name typed under the quoted "Cơ quan, đơn vị: ……" is that line's
 *    answer (the agency named in the form);
 *  - a label the writer puts before an answer ("Ý kiến:", "Trả lời:",
 *    "TL:", "Nhận xét:" under the heading "Nhận xét về …") is dropped, so
 *    the answer is not read as a second copy of the heading;
 *  - a writer's line that starts in lower case right after a long quoted
 *    line is the rest of that line wrapped by the mail program, not an
 *    answer.
 * Lines after the whole quote are kept (the last heading's answer is often
 * typed below the quote); a signature there ends the form as anywhere.
 * The quoted letter's closing and footer after the last answer are left
 * out, and a "--" line separates the text above the quote from it, so an
 * answer written above is not run on into the quoted letter.  A
 * quote with no writer's line inside it (a blank form quoted under an
 * answer, or alone, or "Đã nhận, cảm ơn" below it) is not rebuilt.
 *
 * Pure functions, no global state; the result is malloc'd (caller frees).
 */
#ifndef YK_INTERLEAVE_H
#define YK_INTERLEAVE_H

#include <stdbool.h>
#include <stddef.h>

/* A quoted line at least this many characters long (with its '>') may
 * have been wrapped by the mail program. */
#define INTERLEAVE_WRAP_COLS 60
/* Words of a label before ':' ("Ý kiến của đơn vị:") dropped at most. */
#define INTERLEAVE_LABEL_WORDS 6
/* Words of a line that only marks an option ("Chọn phương án này"). */
#define INTERLEAVE_MARK_WORDS 5
/* Quoted option lines compared with a retyped one, at most. */
#define INTERLEAVE_MAX_OPTIONS 32
/* Words of a quoted line taken for an option of a form printed without
 * boxes (the line under a heading that ends with ':'). */
#define INTERLEAVE_OPTION_WORDS 12
/* Words of the writer's before an option named inside a line ("Sở Công
 * Thương: thống nhất đề nghị tiếp tục …"), at most. */
#define INTERLEAVE_NAME_LEAD 8
/* Key bytes of one line compared (options are one short sentence). */
#define INTERLEAVE_KEY_CAP 200

/*
 * The text of an inline body for the form reader when the writer answered
 * between the quoted lines: *out gets the rebuilt text (malloc'd), or NULL
 * when the body is not of this kind (then quote_strip() is the text).
 * Returns 0 or YK_ENOMEM.
 */
int interleave_text(const char *text, size_t len, char **out);

#endif
