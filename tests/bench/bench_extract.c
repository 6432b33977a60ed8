/*
 * bench_extract CONFIG FILE.eml... — extraction throughput next to a bare
 * GMime loop (parse, then decode every part into nothing) over the same
 * messages held in memory.  The two loops take turns, eight slices of a
 * quarter of a second of CPU time each (not wall time: the machine is
 * shared), so that both meet the same moments of a noisy machine.
 * With -x as the first argument only the extraction loop runs (for perf).
 *
 * The bare loop is the yardstick: GMime parses each message and decodes
 * every leaf part, attachments included, into a null stream.  Extraction
 * does all that is needed to fill the parse --json contract; where it can
 * skip work (a picture's bytes, which no reader reads) it does.
 */
#include <gmime/gmime.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "config.h"
#include "extract.h"

struct msg {
	char *data;
	size_t len;
};

/*
 * CPU seconds used so far, this process and its finished children (the
 * .doc reader runs antiword): on a shared machine wall time measures the
 * neighbours as much as us.
 */
static double
now(void)
{
	struct timespec ts;
	struct rusage ru;
	double t;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	t = (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
	if (getrusage(RUSAGE_CHILDREN, &ru) == 0)
		t += (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
		     (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
	return t;
}

static void
decode_part(GMimeObject *parent, GMimeObject *part, gpointer data)
{
	GMimeStream *sink = data;
	(void)parent;

	if (GMIME_IS_PART(part)) {
		GMimeDataWrapper *w = g_mime_part_get_content(GMIME_PART(part));
		if (w)
			g_mime_data_wrapper_write_to_stream(w, sink);
	}
}

static void
bare_gmime(const struct msg *m)
{
	GMimeStream *in = g_mime_stream_mem_new_with_buffer(m->data, m->len);
	GMimeParser *p = g_mime_parser_new_with_stream(in);
	GMimeMessage *msg = g_mime_parser_construct_message(p, NULL);

	if (msg) {
		GMimeStream *sink = g_mime_stream_null_new();
		g_mime_message_foreach(msg, decode_part, sink);
		g_object_unref(sink);
		g_object_unref(msg);
	}
	g_object_unref(p);
	g_object_unref(in);
}

static int
load(const char *path, struct msg *m)
{
	FILE *f = fopen(path, "rb");
	long n;

	if (!f)
		return -1;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	m->data = malloc((size_t)n + 1);
	m->len = m->data ? fread(m->data, 1, (size_t)n, f) : 0;
	fclose(f);
	return m->data ? 0 : -1;
}

int
main(int argc, char **argv)
{
	struct yk_config *cfg;
	struct yk_err err = { 0 };
	struct msg *msgs;
	size_t n = 0, nbare = 0, next = 0;
	double t0, bare = 0, ext, tbare = 0, text = 0;
	bool only_extract = argc > 1 && !strcmp(argv[1], "-x");

	if (only_extract) {
		argv++;
		argc--;
	}
	if (argc < 3) {
		fprintf(stderr, "usage: bench_extract [-x] CONFIG FILE.eml...\n");
		return 64;
	}
	if (config_load(argv[1], &cfg, NULL, &err)) {
		fprintf(stderr, "%s\n", err.msg);
		return 78;
	}
	extract_global_init();
	msgs = calloc((size_t)argc, sizeof *msgs);
	for (int i = 2; i < argc; i++)
		if (load(argv[i], &msgs[n]) == 0)
			n++;
	if (n == 0)
		return 66;

	for (int slice = 0; slice < (only_extract ? 1 : 8); slice++) {
		double t;
		if (!only_extract) {
			t0 = now();
			for (t = t0; t - t0 < 0.25; t = now(), nbare++)
				bare_gmime(&msgs[nbare % n]);
			tbare += t - t0;
		}
		t0 = now();
		for (t = t0; t - t0 < (only_extract ? 2.0 : 0.25); t = now(), next++) {
			struct extract_result *r = NULL;
			if (extract_message(cfg, msgs[next % n].data, msgs[next % n].len, &r, &err) == 0)
				extract_free(r);
		}
		text += t - t0;
	}
	bare = tbare > 0 ? (double)nbare / tbare : 0;
	ext = (double)next / text;

	printf("  %zu messages, cycled: bare GMime parse+decode %.0f msg/s; ykien extraction "
	       "(classify, read, find sections) %.0f msg/s; ratio %.2f\n", n, bare, ext, ext / bare);
	for (size_t i = 0; i < n; i++)
		free(msgs[i].data);
	free(msgs);
	extract_global_shutdown();
	config_free(cfg);
	return 0;
}
