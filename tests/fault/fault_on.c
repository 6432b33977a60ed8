/*
 * The test build's fault points (lib/fault.h): _exit(FAULT_EXIT) at the
 * step named by $YKIEN_FAULT, on its $YKIEN_FAULT_AT-th passage.  Linked
 * only into build/tests/ykiend-fault, never into an installed program.
 * _exit, not exit: nothing is flushed or closed, as in a crash; a line on
 * stderr first tells the test the fault did fire.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fault.h"

static unsigned long passages, fail_passages;

void
fault_point(const char *step)
{
	const char *want = getenv("YKIEN_FAULT"), *at = getenv("YKIEN_FAULT_AT");
	unsigned long n = at ? strtoul(at, NULL, 10) : 1;

	if (!want || strcmp(want, step))
		return;
	/* several threads may pass here (helper connections do not, today) */
	if (__atomic_add_fetch(&passages, 1, __ATOMIC_SEQ_CST) != (n ? n : 1))
		return;
	fprintf(stderr, "ykien-fault: stopped at %s (passage %lu)\n", step, n ? n : 1);
	_exit(FAULT_EXIT);
}

bool
fault_fail(const char *what)
{
	const char *want = getenv("YKIEN_FAIL"), *at = getenv("YKIEN_FAIL_AT");
	unsigned long n = at ? strtoul(at, NULL, 10) : 1;

	if (!want || strcmp(want, what))
		return false;
	return __atomic_add_fetch(&fail_passages, 1, __ATOMIC_SEQ_CST) >= (n ? n : 1);
}

long
fault_value(const char *what, long def)
{
	const char *v = getenv("YKIEN_VALUE");
	size_t n = strlen(what);
	char *end;
	long x;

	if (!v || strncmp(v, what, n) || v[n] != '=')
		return def;
	x = strtol(v + n + 1, &end, 10);
	return end != v + n + 1 && !*end && x > 0 && x < 1L << 24 ? x : def;
}
