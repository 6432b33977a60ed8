/*
 * config_web — the 'web' group: where the clerks' web desk listens, its
 * users file, its TLS certificate and key, and how long an idle session
 * lives (ykien.conf(5), ykien-web(8)).  The whole group is optional.
 */
#include "config_p.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define WEB_IDLE_MAX_MINUTES (7.0 * 24 * 60)   /* a week */

int
config_web_listen(const char *s, struct sockaddr *sa, unsigned *len)
{
	char host[64];
	const char *colon, *hs, *he;
	char *end;
	unsigned long port;

	if (!s)
		return -1;
	if (s[0] == '[') {
		hs = s + 1;
		if (!(he = strchr(hs, ']')) || he[1] != ':')
			return -1;
		colon = he + 1;
	} else {
		hs = s;
		if (!(colon = strrchr(s, ':')))
			return -1;
		he = colon;
	}
	if ((size_t)(he - hs) >= sizeof host || he == hs)
		return -1;
	memcpy(host, hs, (size_t)(he - hs));
	host[he - hs] = '\0';
	if (!colon[1] || colon[1] < '0' || colon[1] > '9')
		return -1;
	errno = 0;
	port = strtoul(colon + 1, &end, 10);
	if (errno || *end || port < 1 || port > 65535)
		return -1;
	if (s[0] == '[') {
		struct sockaddr_in6 *a = (struct sockaddr_in6 *)sa;

		memset(a, 0, sizeof *a);
		a->sin6_family = AF_INET6;
		a->sin6_port = htons((uint16_t)port);
		if (inet_pton(AF_INET6, host, &a->sin6_addr) != 1)
			return -1;
		*len = sizeof *a;
	} else {
		struct sockaddr_in *a = (struct sockaddr_in *)sa;

		memset(a, 0, sizeof *a);
		a->sin_family = AF_INET;
		a->sin_port = htons((uint16_t)port);
		if (inet_pton(AF_INET, host, &a->sin_addr) != 1)
			return -1;
		*len = sizeof *a;
	}
	return 0;
}

void
config_load_web(struct loader *ld, config_t *c)
{
	static const char *const known[] = { "listen", "users_file", "tls_cert", "tls_key",
		"session_idle_minutes", NULL };
	config_setting_t *g = config_lookup(c, "web"), *s;
	struct yk_web *w = &ld->cfg->web;

	w->session_idle_minutes = 30;
	if (g && config_setting_type(g) != CONFIG_TYPE_GROUP) {
		config_bad(ld, g, "'web' must be a group: web = { listen = \"127.0.0.1:8480\"; ... };");
		g = NULL;
	}
	if (g) {
		struct sockaddr_in6 sa;
		unsigned len;

		config_check_members(ld, g, known);
		w->listen = config_get_str(ld, g, "listen", false);
		if (w->listen && config_web_listen(w->listen, (struct sockaddr *)&sa, &len)) {
			config_bad(ld, config_setting_get_member(g, "listen"),
			    "web.listen: expected a numeric address and port, \"127.0.0.1:8480\" or "
			    "\"[::1]:8480\", not \"%s\"", w->listen);
		}
		w->users_file = config_get_str(ld, g, "users_file", false);
		if (w->users_file && w->users_file[0] != '/')
			config_bad(ld, config_setting_get_member(g, "users_file"),
			    "web.users_file: expected an absolute path");
		w->tls_cert = config_get_str(ld, g, "tls_cert", false);
		w->tls_key = config_get_str(ld, g, "tls_key", false);
		if (!w->tls_cert != !w->tls_key)
			config_bad(ld, config_setting_get_member(g, w->tls_cert ? "tls_cert" : "tls_key"),
			    "web: tls_cert and tls_key go together: give both (HTTPS) or neither (HTTP)");
		if ((s = config_setting_get_member(g, "session_idle_minutes"))) {
			double v;
			char p[256];

			switch (config_setting_type(s)) {
			case CONFIG_TYPE_INT: v = config_setting_get_int(s); break;
			case CONFIG_TYPE_INT64: v = (double)config_setting_get_int64(s); break;
			case CONFIG_TYPE_FLOAT: v = config_setting_get_float(s); break;
			default:
				config_bad(ld, s, "'%s' must be a number of minutes",
				    config_path_of(s, p, sizeof p));
				v = 30;
			}
			if (!(v > 0) || v > WEB_IDLE_MAX_MINUTES) {
				config_bad(ld, s, "web.session_idle_minutes: expected more than 0 and at most "
				    "%.0f (a week), not %g", WEB_IDLE_MAX_MINUTES, v);
				v = 30;
			}
			w->session_idle_minutes = v;
		}
	}
	if (!w->listen)
		w->listen = config_strdup(CONFIG_WEB_LISTEN);
	if (!w->users_file)
		w->users_file = config_strdup(CONFIG_WEB_USERS_FILE);
}

int
config_web_check(const struct yk_config *cfg, struct buf *out)
{
	const char *files[] = { cfg->web.tls_cert, cfg->web.tls_key };
	const char *names[] = { "tls_cert", "tls_key" };
	int n = 0;

	for (int i = 0; i < 2; i++) {
		FILE *f;

		if (!files[i])
			continue;
		if (!(f = fopen(files[i], "r"))) {
			buf_printf(out, "%s: web.%s: cannot read %s: %s\n", cfg->path, names[i], files[i],
			           strerror(errno));
			n++;
			continue;
		}
		fclose(f);
	}
	return n;
}

void
config_free_web(struct yk_config *cfg)
{
	free(cfg->web.listen);
	free(cfg->web.users_file);
	free(cfg->web.tls_cert);
	free(cfg->web.tls_key);
}
