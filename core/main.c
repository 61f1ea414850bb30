/*
 * main.c - `shomer [--db FILE] [--plugins DIR] COMMAND ...`
 *
 * Finds the schema and plugin directories relative to the executable
 * (<prefix>/bin/shomer -> <prefix>/share/shomer/schemas and
 * <prefix>/lib/shomer/plugins), the same in the build tree and once
 * installed, so nothing needs an environment variable.  SHOMER_DB,
 * SHOMER_PLUGINS (colon-separated) and SHOMER_SCHEMA_DIR override.
 */
#include <errno.h>
#include <time.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/parser.h>

#include "cli.h"
#include "host.h"
#include "util.h"

#include "banned.h"

static char *exe_dir(void)
{
	char buf[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
	if (n <= 0)
		return xstrdup(".");
	buf[n] = '\0';
	char *slash = strrchr(buf, '/');
	if (slash)
		*slash = '\0';
	return xstrdup(buf);
}

static void usage(FILE *out)
{
	fprintf(out, "usage: shomer [--db FILE] [--plugins DIR] COMMAND [ARGS]\n"
	             "try 'shomer help' for the list of commands\n");
}

struct plugin_dirs {
	char **v;
	size_t n, alloc;
};

static void add_dirs(struct plugin_dirs *d, const char *list)
{
	const char *p = list;
	while (*p) {
		const char *colon = strchr(p, ':');
		size_t len = colon ? (size_t)(colon - p) : strlen(p);
		if (len) {
			ALLOC_GROW(d->v, d->n + 1, d->alloc);
			d->v[d->n++] = xstrndup(p, len);
		}
		p += len + (colon ? 1 : 0);
	}
}

/*
 * Plugin directories are made absolute (loading from a path relative to a
 * working directory an attacker may choose is refused by the loader), and
 * one the user named must exist: a typo would otherwise load nothing,
 * silently.
 */
static int absolutize(struct plugin_dirs *d)
{
	for (size_t i = 0; i < d->n; i++) {
		char *abs = realpath(d->v[i], NULL);
		if (!abs)
			return cli_fail(SHOMER_EXIT_USAGE, "plugin directory '%s': %s", d->v[i],
			                strerror_lc(errno));
		free(d->v[i]);
		d->v[i] = abs;
	}
	return 0;
}

static int group_exists(const struct host *h, const char *group)
{
	for (size_t i = 0; i < h->n_commands; i++) {
		if (strcmp(h->commands[i].cmd->group, group) == 0)
			return 1;
	}
	return 0;
}

/* -1 when argv[0] is no plugin's command group. */
static int run_plugin_command(struct cli *c, int argc, char **argv)
{
	struct host *h = c->host;
	if (!group_exists(h, argv[0]))
		return -1;
	if (argc < 2)
		return cli_fail(SHOMER_EXIT_USAGE, "'%s' needs a verb; try 'shomer help %s'",
		                argv[0], argv[0]);
	/* A command that needs no database runs without one.  Any other opens
	 * it before being looked up (again): a plugin whose migration fails
	 * is unregistered, which moves the others. */
	char *why = NULL;
	const struct host_command *hc = host_find_command(h, argv[0], argv[1]);
	if (!hc || !(host_command_flags(hc->cmd) & SHOMER_CMD_NO_DB)) {
		if (host_open_db(h, 0, NULL, &why))
			return cli_fail_msg(SHOMER_EXIT_FAILED, &why);
		hc = host_find_command(h, argv[0], argv[1]);
	}
	if (!hc)
		return cli_fail(SHOMER_EXIT_USAGE, "unknown command '%s %s'; try 'shomer help %s'",
		                argv[0], argv[1], argv[0]);
	const struct shomer_command *k = hc->cmd;
	struct host_plugin *p = &h->plugins[hc->owner];
	int rc = k->run(p->handle, k->ud, argc - 1, argv + 1, &why);
	if (why) {
		cli_fail(rc ? rc : SHOMER_EXIT_FAILED, "%s %s: %s", k->group, k->verb, why);
		free(why);
	}
	return rc;
}

static int dispatch(struct cli *c, int argc, char **argv)
{
	for (const struct cli_command *k = cli_commands; k->name; k++) {
		if (strcmp(k->name, argv[0]) != 0)
			continue;
		if (k->needs_db) {
			char *why = NULL;
			if (host_open_db(c->host, 0, NULL, &why))
				return cli_fail_msg(SHOMER_EXIT_FAILED, &why);
		}
		return k->run(c, argc, argv);
	}
	int rc = run_plugin_command(c, argc, argv);
	if (rc >= 0)
		return rc;
	return cli_fail(SHOMER_EXIT_USAGE, "unknown command '%s'; try 'shomer help'", argv[0]);
}

int main(int argc, char **argv)
{
	/* Everything Shomer creates - database, journals, exports - is private. */
	umask(077);
	/* Times people write without a zone are UK local time (timeutil.h). */
	if (!getenv("TZ"))
		setenv("TZ", "Europe/London", 1);
	tzset();

	const char *db = getenv("SHOMER_DB");
	struct plugin_dirs dirs = {0};
	int dirs_given = 0;
	static const struct option opts[] = {
	        {"db", required_argument, NULL, 'd'},
	        {"plugins", required_argument, NULL, 'p'},
	        {"version", no_argument, NULL, 'V'},
	        {"help", no_argument, NULL, 'h'},
	        {NULL, 0, NULL, 0},
	};
	int o;
	while ((o = getopt_long(argc, argv, "+d:p:Vh", opts, NULL)) != -1) {
		switch (o) {
		case 'd': db = optarg; break;
		case 'p':
			add_dirs(&dirs, optarg);
			dirs_given = 1;
			break;
		case 'V':
			printf("shomer %s (plugin ABI %d.%d)\n", SHOMER_VERSION_STRING,
			       SHOMER_ABI_MAJOR, SHOMER_ABI_MINOR);
			return 0;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return SHOMER_EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return SHOMER_EXIT_USAGE;
	}
	char *bindir = exe_dir();
	if (!dirs_given && getenv("SHOMER_PLUGINS"))
		add_dirs(&dirs, getenv("SHOMER_PLUGINS"));
	int rc = absolutize(&dirs);
	if (dirs.n == 0) {
		/* the installed directory beside the binary; absent means none */
		char *def = xstrfmt("%s/../lib/shomer/plugins", bindir);
		char *abs = realpath(def, NULL);
		ALLOC_GROW(dirs.v, dirs.n + 1, dirs.alloc);
		dirs.v[dirs.n++] = abs ? abs : def;
		if (abs)
			free(def);
	}
	char *schemas = NULL;
	if (getenv("SHOMER_SCHEMA_DIR"))
		schemas = xstrdup(getenv("SHOMER_SCHEMA_DIR"));
	else
		schemas = xstrfmt("%s/../share/shomer/schemas", bindir);

	struct host host;
	struct cli c = {.host = &host, .db_path = db ? db : "shomer.db", .exe_dir = bindir};
	char *why = NULL;
	if (rc == 0 && host_init(&host, c.db_path, dirs.v, dirs.n, schemas, &why)) {
		rc = cli_fail_msg(SHOMER_EXIT_FAILED, &why);
		host_release(&host);
	} else if (rc == 0) {
		host_load_plugins(&host);
		rc = dispatch(&c, argc - optind, argv + optind);
		host_release(&host);
	}
	for (size_t i = 0; i < dirs.n; i++)
		free(dirs.v[i]);
	free(dirs.v);
	free(schemas);
	free(bindir);
	xmlCleanupParser();
	if (fflush(stdout) != 0 && rc == 0)
		rc = cli_fail(SHOMER_EXIT_FAILED, "cannot write standard output: %s",
		              strerror_lc(errno));
	return rc;
}
