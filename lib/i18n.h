/*
 * i18n — the messages a person reads, in their language (GNU gettext).
 * English is the message id; the catalogues are lib/po/LANG.po, compiled to
 * $(LOCALEDIR)/LANG/LC_MESSAGES/ykien.mo.  The program that shows them
 * (daemon/ykien.c) binds the domain and sets the locale; lib/ only marks
 * its strings.  A program that binds nothing (ykiend, the unit tests) gets
 * the English ids back, so a log or a test never depends on a locale.
 *
 * The domain is named at every call (dgettext), not taken from
 * textdomain(): lib/ is linked into programs whose own domain may differ.
 */
#ifndef YK_I18N_H
#define YK_I18N_H

#include <libintl.h>

#define YK_TEXTDOMAIN "ykien"

/* the translation of S (a format keeps its checks: dgettext is format_arg) */
#define _(s) dgettext(YK_TEXTDOMAIN, s)
/* S marked for xgettext, translated later with _() where it is shown */
#define N_(s) s
/* singular or plural by N (Vietnamese has one form) */
#define P_(s, p, n) dngettext(YK_TEXTDOMAIN, s, p, n)

#endif
