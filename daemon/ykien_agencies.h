/*
 * ykien_agencies — `ykien agencies import FILE [-o OUT] [--previous FILE]`,
 * the administrator's side of lib/agimport.h: it reads the files, prints
 * the problems and the changes on standard error, and writes the file
 * (standard output without -o) only when there is no problem.  It needs
 * no configuration: it writes one.
 */
#ifndef YK_YKIEN_AGENCIES_H
#define YK_YKIEN_AGENCIES_H

/* argv[0] is "agencies"; returns a sysexits status. */
int agencies_command(int argc, char **argv);

#endif
