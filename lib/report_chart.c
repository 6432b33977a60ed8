/*
 * report_chart — the tally of a choice section as an SVG bar chart
 * (report_chart.h).
 */
#include "report_chart.h"

#include "escape.h"

#define CHART_WIDTH 720      /* px: the whole chart */
#define CHART_BAR_MAX 440    /* px: the bar of 100 % */
#define CHART_ROW 46         /* px: one option (label above, bar below) */

/* OPEN, S escaped, CLOSE. */
static void
tag(struct buf *b, const char *open, const char *s, const char *close)
{
	buf_adds(b, open);
	esc_html(b, s);
	buf_adds(b, close);
}

static void
bar(struct buf *b, const struct report_words *w, int y, const char *label, size_t n, size_t base)
{
	unsigned pm = summary_permille(n, base);
	unsigned width = pm * CHART_BAR_MAX / 1000;

	buf_printf(b, "<text x=\"0\" y=\"%d\">", y + 14);
	esc_html(b, label);
	buf_printf(b, "</text>\n<rect class=\"bar\" x=\"0\" y=\"%d\" width=\"%u\" height=\"20\" "
	           "fill=\"#1f5fa8\"/>\n<text x=\"%u\" y=\"%d\">%zu (", y + 20,
	           width ? width : 1, width + 8, y + 35, n);
	summary_fmt_percent(b, pm, w->decimal);
	buf_adds(b, ")</text>\n");
}

void
report_chart_svg(struct buf *b, const struct report_words *w, const struct yk_section *sec,
                 const struct report_tally *t)
{
	int height = (int)t->n * CHART_ROW + 8;

	buf_printf(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" "
	           "role=\"img\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
	           "aria-label=\"", CHART_WIDTH, height, CHART_WIDTH, height);
	tag(b, "", w->chart, ": ");
	tag(b, "", sec->heading, "\">\n<title>");
	tag(b, "", sec->heading, "</title>\n");
	for (size_t k = 0; k < t->n; k++)
		bar(b, w, (int)k * CHART_ROW, t->label[k], t->count[k], t->base);
	buf_adds(b, "</svg>\n");
}
