/*
 * cli.h - the core's commands: one table of them (name, synopsis, summary,
 * whether the database must exist, and the function), shared helpers for
 * option parsing and output.
 */
#ifndef SHOMER_CLI_H
#define SHOMER_CLI_H

#include <stdio.h>

#include "shomer/plugin.h"

struct host;

#define SHOMER_VERSION_STRING "0.1.0"

struct cli {
	struct host *host;
	const char *db_path;
	const char *exe_dir;
};

/* A core command.  run() gets argv[0] = the command name; returns an exit
 * code and prints its own errors ("shomer: ..."). */
struct cli_command {
	const char *name;
	const char *usage;
	const char *summary;
	int needs_db; /* open the database before run() */
	int (*run)(struct cli *c, int argc, char **argv);
};

extern const struct cli_command cli_commands[];

/* Prints "shomer: <msg>" on stderr and returns `code`. */
int cli_fail(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Prints the message in *errmsg (then frees it) and returns `code`. */
int cli_fail_msg(int code, char **errmsg);
/* Usage error for command `cmd`: the message and its synopsis; returns 2. */
int cli_usage(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Opens FILE for writing a result (0600 by the process umask), or stdout for
 * NULL or "-".  cli_close_out reports a write error. */
FILE *cli_open_out(const char *path, char **errmsg);

/*
 * A private file (0600) written beside `path` and renamed onto it only
 * when complete, so that a failed write never leaves half a file where a
 * whole one was: cli_open_private gives the stream and *tmp (the
 * temporary name, malloc'd); cli_close_private flushes, syncs and renames
 * it, or removes it when `ok` is 0 or anything fails (0 or -1 with
 * *errmsg naming `path`), and frees tmp.
 */
FILE *cli_open_private(const char *path, char **tmp, char **errmsg);
int cli_close_private(FILE *f, char *tmp, const char *path, int ok, char **errmsg);
int cli_close_out(FILE *f, const char *path, char **errmsg);

/* The individual commands. */
int cmd_init(struct cli *c, int argc, char **argv);
int cmd_import(struct cli *c, int argc, char **argv);
int cmd_export(struct cli *c, int argc, char **argv);
int cmd_sites(struct cli *c, int argc, char **argv);
int cmd_incidents(struct cli *c, int argc, char **argv);
int cmd_threat(struct cli *c, int argc, char **argv);
int cmd_plugins(struct cli *c, int argc, char **argv);
int cmd_report(struct cli *c, int argc, char **argv);
int cmd_doctor(struct cli *c, int argc, char **argv);
int cmd_help(struct cli *c, int argc, char **argv);

/* `shomer help` text, core and plugin commands. */
void cli_print_help(struct cli *c, FILE *out);

#endif /* SHOMER_CLI_H */
