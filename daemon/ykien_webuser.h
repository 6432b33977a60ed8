/*
 * ykien_webuser — `ykien web-user add|del|list`: the accounts of the web
 * desk in the users file (lib/webusers.h), for the administrator.
 */
#ifndef YKIEN_WEBUSER_H
#define YKIEN_WEBUSER_H

#include "config.h"

/* ARGV[0] is "add", "del" or "list" (ARGC words); reports its own errors
 * on standard error and returns a sysexits status. */
int webuser_command(const struct yk_config *cfg, int argc, char **argv);

#endif
