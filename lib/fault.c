/*
 * fault — the installed programs' fault points: none (see fault.h).
 * This file holds nothing else, so that a test build linking its own
 * fault_point() ahead of libykien.a never pulls this one in.
 */
#include "fault.h"

void
fault_point(const char *step)
{
	(void)step;
}

bool
fault_fail(const char *what)
{
	(void)what;
	return false;
}

long
fault_value(const char *what, long def)
{
	(void)what;
	return def;
}
