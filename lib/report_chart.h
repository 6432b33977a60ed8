/*
 * report_chart — the bar chart of a choice section's tally as inline SVG:
 * one bar per option (and "no option chosen"), its count and share.  The
 * HTML report (lib/report_html.c) and the web desk's status page
 * (lib/webpage_status.c) draw the same chart with it.  Every label goes
 * through esc_html(); nothing is styled inline beyond the SVG's own fill,
 * so it sits under a strict Content-Security-Policy.  Appends to B; the
 * caller checks buf_status().
 */
#ifndef YK_REPORT_CHART_H
#define YK_REPORT_CHART_H

#include "buf.h"
#include "report.h"

void report_chart_svg(struct buf *b, const struct report_words *w, const struct yk_section *sec,
                      const struct report_tally *t);

#endif
