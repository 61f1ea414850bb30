/*
 * cli.c - the command table and shared command-line helpers.
 */
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "host.h"
#include "util.h"

#include "banned.h"

const struct cli_command cli_commands[] = {
        {"init", "[--crs EPSG:NNNN]", "create a new database with its projected CRS", 0, cmd_init},
        {"import", "[--quiet] [--format xml|police-uk] [--skip-bad] FILE...",
         "validate XML records and apply them all in one transaction", 1, cmd_import},
        {"export",
         "[--region R] [--kind K] [--tag T] [--owner incidents|threat|PLUGIN] "
         "[--with-description] [--with-personal] [--out FILE]",
         "write the records as XML that import accepts", 1, cmd_export},
        {"sites",
         "list [--region R] [--kind K] [--tag T] [--police-force F] [--format "
         "table|csv|json|geojson] "
         "[--geometry point|perimeter] | show ID [--format table|json] | rm ID...",
         "list, show or remove sites", 1, cmd_sites},
        {"incidents",
         "add --id ID --occurred WHEN --category C [--lat LAT --lon LON] [--site ID] ... | "
         "list [--from D] [--to D] [--category C] [--near SITE --radius M] [--police-force F] "
         "[--with-description] [--with-personal] [--format table|csv|json|geojson] | "
         "share --force NAME --from YYYY-MM --to YYYY-MM --out FILE ...",
         "record, list and share incidents", 1, cmd_incidents},
        {"threat", "set LEVEL [--region R] --reason TEXT [--since WHEN] | show [--history]",
         "set and show the national and regional threat levels", 1, cmd_threat},
        {"plugins", "[--format table|csv|json]", "list plugins, their status and commands", 0,
         cmd_plugins},
        {"report", "[--html FILE] [--map FILE]",
         "summary of the registry with a section from each plugin", 1, cmd_report},
        {"doctor", "", "check the installation, the database and the CRS transform", 0, cmd_doctor},
        {"help", "[COMMAND]", "show commands, including plugin commands", 0, cmd_help},
        {NULL, NULL, NULL, 0, NULL},
};

int cli_fail(int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("shomer: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	return code;
}

int cli_fail_msg(int code, char **errmsg)
{
	cli_fail(code, "%s", *errmsg ? *errmsg : "unknown error");
	free(*errmsg);
	*errmsg = NULL;
	return code;
}

int cli_usage(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("shomer: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	for (const struct cli_command *k = cli_commands; k->name; k++) {
		if (strcmp(k->name, cmd) == 0)
			fprintf(stderr, "usage: shomer %s %s\n", k->name, k->usage);
	}
	return SHOMER_EXIT_USAGE;
}

FILE *cli_open_out(const char *path, char **errmsg)
{
	if (!path || strcmp(path, "-") == 0)
		return stdout;
	/* An export holds sensitive data: 0600 even when it replaces a file that
	 * was readable by others. */
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0 || fchmod(fd, 0600) != 0) {
		err_set(errmsg, "cannot write '%s': %s", path, strerror_lc(errno));
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	FILE *f = fdopen(fd, "w");
	if (!f) {
		err_set(errmsg, "cannot write '%s': %s", path, strerror_lc(errno));
		close(fd);
	}
	return f;
}

FILE *cli_open_private(const char *path, char **tmp, char **errmsg)
{
	size_t n = strlen(path) + 16;
	int fd;

	*tmp = xmalloc(n);
	snprintf(*tmp, n, "%s.tmp-XXXXXX", path);
	/* mkstemp creates it with O_EXCL and mode 0600 */
	fd = mkstemp(*tmp);
	if (fd < 0) {
		err_set(errmsg, "cannot create '%s': %s", path, strerror_lc(errno));
		free(*tmp);
		*tmp = NULL;
		return NULL;
	}
	FILE *f = fdopen(fd, "w");
	if (!f || fchmod(fd, 0600) != 0) {
		err_set(errmsg, "cannot write '%s': %s", path, strerror_lc(errno));
		if (f)
			fclose(f);
		else
			close(fd);
		unlink(*tmp);
		free(*tmp);
		*tmp = NULL;
		return NULL;
	}
	return f;
}

int cli_close_private(FILE *f, char *tmp, const char *path, int ok, char **errmsg)
{
	int rc = ok ? 0 : -1;

	if (rc == 0 && (fflush(f) != 0 || ferror(f) || fsync(fileno(f)) != 0))
		rc = err_set(errmsg, "cannot write '%s': %s", path,
		             strerror_lc(errno ? errno : EIO));
	if (fclose(f) != 0 && rc == 0)
		rc = err_set(errmsg, "cannot write '%s': %s", path, strerror_lc(errno));
	if (rc == 0 && rename(tmp, path) != 0)
		rc = err_set(errmsg, "cannot write '%s': %s", path, strerror_lc(errno));
	if (rc != 0)
		unlink(tmp);
	free(tmp);
	return rc;
}

int cli_close_out(FILE *f, const char *path, char **errmsg)
{
	int bad = ferror(f);
	if (f == stdout)
		bad |= fflush(f) != 0;
	else
		bad |= fclose(f) != 0;
	if (bad)
		return err_set(errmsg, "cannot write '%s': %s", path ? path : "standard output",
		               strerror_lc(errno ? errno : EIO));
	return 0;
}

void cli_print_help(struct cli *c, FILE *out)
{
	fprintf(out, "usage: shomer [--db FILE] [--plugins DIR] COMMAND [ARGS]\n\n"
	             "Core commands:\n");
	for (const struct cli_command *k = cli_commands; k->name; k++)
		fprintf(out, "  %-10s %s\n             %s\n", k->name, k->usage, k->summary);
	struct host *h = c->host;
	for (size_t i = 0; i < h->n_plugins; i++) {
		const struct host_plugin *p = &h->plugins[i];
		if (p->refused)
			continue;
		fprintf(out, "\nPlugin '%s' (%s):\n", p->name,
		        p->description ? p->description : "");
		for (size_t j = 0; j < h->n_commands; j++) {
			const struct shomer_command *k = h->commands[j].cmd;
			if (h->commands[j].owner == i)
				fprintf(out, "  %s %s %s\n             %s\n", k->group, k->verb,
				        k->usage ? k->usage : "", k->summary ? k->summary : "");
		}
	}
	fprintf(out, "\nExit codes: 0 done, 1 failed, 2 usage error, 3 input rejected "
	             "(nothing was changed).\nThe database is ./shomer.db unless --db or "
	             "SHOMER_DB says otherwise.  See shomer(1).\n");
}

int cmd_help(struct cli *c, int argc, char **argv)
{
	if (argc > 1) {
		for (const struct cli_command *k = cli_commands; k->name; k++) {
			if (strcmp(k->name, argv[1]) == 0) {
				printf("usage: shomer %s %s\n  %s\n", k->name, k->usage,
				       k->summary);
				return 0;
			}
		}
		struct host *h = c->host;
		int any = 0;
		for (size_t j = 0; j < h->n_commands; j++) {
			const struct shomer_command *k = h->commands[j].cmd;
			if (strcmp(k->group, argv[1]) == 0) {
				printf("usage: shomer %s %s %s\n  %s\n", k->group, k->verb,
				       k->usage ? k->usage : "", k->summary ? k->summary : "");
				any = 1;
			}
		}
		if (!any)
			return cli_usage("help", "unknown command '%s'", argv[1]);
		return 0;
	}
	cli_print_help(c, stdout);
	return 0;
}
