/*
 * prof — per-stage time sums (prof.h).
 */
#include "prof.h"

#include <stdatomic.h>
#include <stdio.h>
#include <time.h>

static atomic_bool on;
static atomic_llong sums[PROF_STAGES]; /* nanoseconds */

static const char *const names[PROF_STAGES] = {
	[PROF_FETCH] = "fetch (TLS, IMAP, server)",
	[PROF_HASH] = "SHA-256",
	[PROF_PARSE] = "MIME parse",
	[PROF_EXTRACT] = "extraction",
	[PROF_ARCHIVE] = "archive writes",
	[PROF_SYNC] = "syncfs",
	[PROF_DB] = "SQLite",
	[PROF_ACT] = "server actions",
};

void
prof_enable(bool v)
{
	atomic_store(&on, v);
}

bool
prof_enabled(void)
{
	return atomic_load_explicit(&on, memory_order_relaxed);
}

static uint64_t
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

uint64_t
prof_start(void)
{
	return prof_enabled() ? now_ns() : 0;
}

void
prof_add(enum prof_stage stage, uint64_t t0)
{
	if (t0 && stage < PROF_STAGES)
		atomic_fetch_add_explicit(&sums[stage], (long long)(now_ns() - t0),
		                          memory_order_relaxed);
}

void
prof_sub(enum prof_stage stage, uint64_t t0)
{
	if (t0 && stage < PROF_STAGES)
		atomic_fetch_sub_explicit(&sums[stage], (long long)(now_ns() - t0),
		                          memory_order_relaxed);
}

double
prof_seconds(enum prof_stage stage)
{
	return stage < PROF_STAGES ? (double)atomic_load(&sums[stage]) / 1e9 : 0;
}

const char *
prof_name(enum prof_stage stage)
{
	return stage < PROF_STAGES ? names[stage] : "?";
}

void
prof_reset(void)
{
	for (int i = 0; i < PROF_STAGES; i++)
		atomic_store(&sums[i], 0);
}

void
prof_format(char *out, size_t n)
{
	size_t used = 0;

	if (n)
		out[0] = '\0';
	for (int i = 0; i < PROF_STAGES && used < n; i++) {
		int w = snprintf(out + used, n - used, "%s%s %.2f s", i ? "; " : "",
		                 names[i], prof_seconds((enum prof_stage)i));
		if (w < 0)
			break;
		used += (size_t)w;
	}
}
