/*
 * plugin.c - the guards plugin's descriptor and init (docs/guards.md).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "guards.h"
#include "records.h"

#include "banned.h"

SHOMER_EXPORT const struct shomer_plugin_desc *SHOMER_PLUGIN_ENTRY(void);

const struct shomer_api *guards_api;

int guards_fail(char **errmsg, int rc, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	if (!errmsg)
		return rc;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	guards_api->free(*errmsg);
	*errmsg = guards_api->strdup(buf);
	return rc;
}

FILE *guards_private_open(const char *path, char **tmp, char **errmsg)
{
	size_t n = strlen(path) + 16;
	FILE *f;
	int fd;

	*tmp = guards_api->alloc(n);
	snprintf(*tmp, n, "%s.tmp-XXXXXX", path);
	/* mkstemp creates it with O_EXCL and mode 0600 */
	fd = mkstemp(*tmp);
	if (fd < 0) {
		guards_fail(errmsg, SHOMER_ERR, "cannot create '%s': %s", path, strerror(errno));
		guards_api->free(*tmp);
		*tmp = NULL;
		return NULL;
	}
	f = fdopen(fd, "w");
	if (!f || fchmod(fd, 0600) != 0) {
		guards_fail(errmsg, SHOMER_ERR, "cannot write '%s': %s", path, strerror(errno));
		if (f)
			fclose(f);
		else
			close(fd);
		unlink(*tmp);
		guards_api->free(*tmp);
		*tmp = NULL;
		return NULL;
	}
	return f;
}

int guards_private_close(FILE *f, char *tmp, const char *path, int ok, char **errmsg)
{
	int rc = ok ? SHOMER_OK : SHOMER_ERR;

	if (rc == SHOMER_OK && (fflush(f) != 0 || ferror(f) || fsync(fileno(f)) != 0))
		rc = guards_fail(errmsg, SHOMER_ERR, "cannot write '%s': %s", path,
		                 strerror(errno));
	if (fclose(f) != 0 && rc == SHOMER_OK)
		rc = guards_fail(errmsg, SHOMER_ERR, "cannot write '%s': %s", path,
		                 strerror(errno));
	if (rc == SHOMER_OK && rename(tmp, path) != 0)
		rc = guards_fail(errmsg, SHOMER_ERR, "cannot write '%s': %s", path,
		                 strerror(errno));
	if (rc != SHOMER_OK)
		unlink(tmp);
	guards_api->free(tmp);
	return rc;
}

static int guards_init(struct shomer_host *host, const struct shomer_api *api, char **errmsg)
{
	if (api->size < SHOMER_API_HAS(money_format)) {
		if (errmsg)
			*errmsg =
			        api->strdup("the guards plugin needs a host with ABI 1.3 or newer");
		return SHOMER_ERR;
	}
	guards_api = api;
	if (api->register_migrations(host, guards_migrations, guards_n_migrations, errmsg) !=
	            SHOMER_OK ||
	    api->register_xml(host, &guards_xml, errmsg) != SHOMER_OK ||
	    api->register_command(host, &guards_solve_cmd, errmsg) != SHOMER_OK ||
	    api->register_command(host, &guards_demand_cmd, errmsg) != SHOMER_OK ||
	    api->register_command(host, &guards_roster_cmd, errmsg) != SHOMER_OK)
		return SHOMER_ERR;
	return api->register_command(host, &guards_patrols_cmd, errmsg);
}

static const struct shomer_plugin_desc guards_desc = {
        SHOMER_DESC_HEADER,
        .name = "guards",
        .version = "0.1.0",
        .description = "guard rostering (its solver, on the Curtois benchmark) and patrol plans",
        .init = guards_init,
};

SHOMER_EXPORT const struct shomer_plugin_desc *SHOMER_PLUGIN_ENTRY(void)
{
	return &guards_desc;
}
