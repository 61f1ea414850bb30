/*
 * host.c - see host.h.  Plugin loading and registration; the service
 * functions themselves are in host_api.c.
 */
#include "host.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "geo.h"
#include "core_xml.h"
#include "host_api.h"
#include "loader.h"
#include "spindex.h"
#include "store.h"
#include "util.h"
#include "xmlsec.h"

#include "banned.h"

#define NO_PLUGIN HOST_CORE

/*
 * The smallest struct a plugin may pass: the size the struct had in ABI 1.0.
 * Structs grow at the end within a major version, so a plugin built for an
 * older minor passes a smaller size; the host reads a newer field only when
 * the size covers it.
 */
#define V1_SIZE(type, last)  (offsetof(type, last) + sizeof(((type *)0)->last))
#define COMMAND_SIZE_1_0     V1_SIZE(struct shomer_command, ud)
#define XML_HANDLER_SIZE_1_0 V1_SIZE(struct shomer_xml_handler, ud)

struct shomer_host {
	struct host *host;
	size_t idx; /* into host->plugins, or NO_PLUGIN for the core */
};

const char *const host_reserved_groups[] = {
        "init", "import", "export",    "sites",  "plugins", "report",
        "help", "doctor", "incidents", "threat", "version", NULL,
};

struct shomer_host *host_owner_handle(struct host *h, size_t owner)
{
	return owner == NO_PLUGIN ? h->core_handle : h->plugins[owner].handle;
}

const char *host_owner_name(const struct host *h, size_t owner)
{
	return owner == NO_PLUGIN ? "core" : h->plugins[owner].name;
}

struct host *host_of(struct shomer_host *handle)
{
	return handle->host;
}

const char *host_plugin_name(const struct shomer_host *handle)
{
	if (handle->idx == NO_PLUGIN)
		return "core";
	return handle->host->plugins[handle->idx].name;
}

size_t host_plugin_index(const struct shomer_host *handle)
{
	return handle->idx;
}

int host_init(struct host *h, const char *db_path, char **plugin_dirs, size_t n_plugin_dirs,
              const char *schema_dir, char **errmsg)
{
	memset(h, 0, sizeof(*h));
	h->in_init = NO_PLUGIN;
	h->db_path = xstrdup(db_path);
	h->schema_dir = xstrdup(schema_dir);
	h->plugin_dirs = xcalloc(n_plugin_dirs + 1, sizeof(char *));
	for (size_t i = 0; i < n_plugin_dirs; i++)
		h->plugin_dirs[i] = xstrdup(plugin_dirs[i]);
	h->n_plugin_dirs = n_plugin_dirs;
	host_api_fill(&h->api);
	h->core_handle = xmalloc(sizeof(*h->core_handle));
	h->core_handle->host = h;
	h->core_handle->idx = NO_PLUGIN;
	struct stat sb;
	if (stat(schema_dir, &sb) != 0 || !S_ISDIR(sb.st_mode))
		return err_set(errmsg, "schema directory '%s' not found", schema_dir);
	xmlsec_init(schema_dir);
	/* The core's own documents, handled like a plugin's. */
	for (size_t i = 0; i < core_xml_count; i++) {
		ALLOC_GROW(h->xml, h->n_xml + 1, h->a_xml);
		h->xml[h->n_xml].h = core_xml[i];
		h->xml[h->n_xml].owner = NO_PLUGIN;
		h->xml[h->n_xml].xsd_path = xstrfmt("%s/%s", schema_dir, core_xml[i]->xsd);
		h->n_xml++;
	}
	return 0;
}

static void plugin_release(struct host_plugin *p)
{
	free(p->path);
	free(p->name);
	free(p->version);
	free(p->description);
	free(p->refused);
	free(p->handle);
}

void host_release(struct host *h)
{
	for (size_t i = 0; i < h->n_plugins; i++)
		plugin_release(&h->plugins[i]);
	free(h->plugins);
	free(h->commands);
	for (size_t i = 0; i < h->n_xml; i++)
		free(h->xml[i].xsd_path);
	free(h->xml);
	free(h->reports);
	free(h->site_hooks);
	free(h->core_handle);
	host_sites_changed(h);
	store_close(h->store);
	geo_free(h->geo);
	for (size_t i = 0; i < h->n_plugin_dirs; i++)
		free(h->plugin_dirs[i]);
	free(h->plugin_dirs);
	free(h->db_path);
	free(h->schema_dir);
	xmlsec_cleanup();
	memset(h, 0, sizeof(*h));
}

/* ---- registration ---- */

/* Removes every registration owned by plugin idx (after a failed init). */
static void undo_registrations(struct host *h, size_t idx)
{
	size_t j = 0;
	for (size_t i = 0; i < h->n_commands; i++) {
		if (h->commands[i].owner != idx)
			h->commands[j++] = h->commands[i];
	}
	h->n_commands = j;
	j = 0;
	for (size_t i = 0; i < h->n_xml; i++) {
		if (h->xml[i].owner != idx)
			h->xml[j++] = h->xml[i];
		else
			free(h->xml[i].xsd_path);
	}
	h->n_xml = j;
	j = 0;
	for (size_t i = 0; i < h->n_reports; i++) {
		if (h->reports[i].owner != idx)
			h->reports[j++] = h->reports[i];
	}
	h->n_reports = j;
	j = 0;
	for (size_t i = 0; i < h->n_site_hooks; i++) {
		if (h->site_hooks[i].owner != idx)
			h->site_hooks[j++] = h->site_hooks[i];
	}
	h->n_site_hooks = j;
	h->plugins[idx].migrations = NULL;
	h->plugins[idx].n_migrations = 0;
}

/* Registration is only allowed from inside the caller's own init(). */
static int check_in_init(struct shomer_host *hd, const char *what, char **errmsg)
{
	if (hd->idx == NO_PLUGIN || hd->host->in_init != hd->idx)
		return err_set(errmsg, "%s must be registered inside init()", what);
	return 0;
}

static int valid_word(const char *s)
{
	if (!s || !*s)
		return 0;
	for (; *s; s++) {
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-'))
			return 0;
	}
	return 1;
}

int host_register_command(struct shomer_host *hd, const struct shomer_command *cmd, char **errmsg)
{
	struct host *h = hd->host;
	if (check_in_init(hd, "commands", errmsg))
		return SHOMER_ERR;
	if (!cmd || cmd->size < COMMAND_SIZE_1_0 || !cmd->run)
		return err_set(errmsg, "command descriptor is incomplete"), SHOMER_ERR;
	if (!valid_word(cmd->group) || !valid_word(cmd->verb))
		return err_set(errmsg, "command '%s %s' must be lowercase words",
		               cmd->group ? cmd->group : "", cmd->verb ? cmd->verb : ""),
		       SHOMER_ERR;
	for (size_t i = 0; host_reserved_groups[i]; i++) {
		if (strcmp(cmd->group, host_reserved_groups[i]) == 0)
			return err_set(errmsg, "command group '%s' belongs to the core",
			               cmd->group),
			       SHOMER_ERR;
	}
	if (host_find_command(h, cmd->group, cmd->verb))
		return err_set(errmsg, "command '%s %s' is already registered", cmd->group,
		               cmd->verb),
		       SHOMER_ERR;
	ALLOC_GROW(h->commands, h->n_commands + 1, h->a_commands);
	h->commands[h->n_commands].cmd = cmd;
	h->commands[h->n_commands].owner = hd->idx;
	h->n_commands++;
	return SHOMER_OK;
}

int host_register_xml(struct shomer_host *hd, const struct shomer_xml_handler *x, char **errmsg)
{
	struct host *h = hd->host;
	if (check_in_init(hd, "xml namespaces", errmsg))
		return SHOMER_ERR;
	if (!x || x->size < XML_HANDLER_SIZE_1_0 || !x->ns || !x->xsd || !x->import)
		return err_set(errmsg, "xml handler descriptor is incomplete"), SHOMER_ERR;
	if (!starts_with(x->ns, "urn:shomer:") || strcmp(x->ns, "urn:shomer:site:1") == 0)
		return err_set(errmsg,
		               "namespace '%s' is not a plugin namespace (urn:shomer:NAME:N)",
		               x->ns),
		       SHOMER_ERR;
	if (host_find_xml(h, x->ns))
		return err_set(errmsg, "namespace '%s' is already registered", x->ns), SHOMER_ERR;
	if (strstr(x->xsd, "..") || (x->xsd[0] != '/' && strchr(x->xsd, '/')))
		return err_set(errmsg, "schema file '%s' must be a plain file name", x->xsd),
		       SHOMER_ERR;
	char *path = x->xsd[0] == '/' ? xstrdup(x->xsd) : xstrfmt("%s/%s", h->schema_dir, x->xsd);
	if (access(path, R_OK) != 0) {
		err_set(errmsg, "schema '%s' not found", path);
		free(path);
		return SHOMER_ERR;
	}
	if (x->xsd[0] == '/')
		xmlsec_allow(path);
	ALLOC_GROW(h->xml, h->n_xml + 1, h->a_xml);
	h->xml[h->n_xml].h = x;
	h->xml[h->n_xml].owner = hd->idx;
	h->xml[h->n_xml].xsd_path = path;
	h->n_xml++;
	return SHOMER_OK;
}

int host_register_migrations(struct shomer_host *hd, const struct shomer_migration *m, size_t n,
                             char **errmsg)
{
	if (check_in_init(hd, "migrations", errmsg))
		return SHOMER_ERR;
	struct host_plugin *p = &hd->host->plugins[hd->idx];
	if (p->migrations)
		return err_set(errmsg, "migrations are already registered"), SHOMER_ERR;
	for (size_t i = 0; i < n; i++) {
		if (m[i].version != (int)i + 1 || !m[i].sql)
			return err_set(errmsg, "migration %zu must have version %zu and sql", i + 1,
			               i + 1),
			       SHOMER_ERR;
	}
	p->migrations = m;
	p->n_migrations = n;
	return SHOMER_OK;
}

int host_register_report(struct shomer_host *hd, shomer_report_fn fn, void *ud, char **errmsg)
{
	struct host *h = hd->host;
	if (check_in_init(hd, "report sections", errmsg))
		return SHOMER_ERR;
	if (!fn)
		return err_set(errmsg, "report hook is NULL"), SHOMER_ERR;
	ALLOC_GROW(h->reports, h->n_reports + 1, h->a_reports);
	h->reports[h->n_reports++] = (struct host_report){fn, ud, hd->idx};
	return SHOMER_OK;
}

int host_register_site_hook(struct shomer_host *hd, shomer_site_hook_fn fn, void *ud, char **errmsg)
{
	struct host *h = hd->host;
	if (check_in_init(hd, "site hooks", errmsg))
		return SHOMER_ERR;
	if (!fn)
		return err_set(errmsg, "site hook is NULL"), SHOMER_ERR;
	ALLOC_GROW(h->site_hooks, h->n_site_hooks + 1, h->a_site_hooks);
	h->site_hooks[h->n_site_hooks++] = (struct host_site_hook){fn, ud, hd->idx};
	return SHOMER_OK;
}

/* ---- loading ---- */

static struct host_plugin *new_plugin(struct host *h, const char *path)
{
	ALLOC_GROW(h->plugins, h->n_plugins + 1, h->a_plugins);
	struct host_plugin *p = &h->plugins[h->n_plugins++];
	memset(p, 0, sizeof(*p));
	p->path = xstrdup(path);
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	if (starts_with(base, "shomer-"))
		base += strlen("shomer-");
	size_t n = strlen(base);
	if (n > 3 && strcmp(base + n - 3, ".so") == 0)
		n -= 3;
	p->name = xstrndup(base, n);
	return p;
}

static int name_taken(const struct host *h, size_t self, const char *name, const char **where)
{
	for (size_t i = 0; i < h->n_plugins; i++) {
		if (i != self && !h->plugins[i].refused && strcmp(h->plugins[i].name, name) == 0) {
			*where = h->plugins[i].path;
			return 1;
		}
	}
	return 0;
}

static void load_one(struct host *h, const char *path)
{
	struct host_plugin *p = new_plugin(h, path);
	size_t idx = h->n_plugins - 1;
	struct loader_plugin lp;
	char *why = NULL;
	if (loader_open(path, &lp, &why)) {
		p->refused = why;
		return;
	}
	const struct shomer_plugin_desc *d = lp.desc;
	free(p->name);
	p->name = xstrdup(d->name);
	p->version = xstrdup(d->version ? d->version : "");
	p->description = xstrdup(d->description ? d->description : "");
	p->abi_major = d->abi_major;
	p->abi_minor = d->abi_minor;
	loader_plugin_release(&lp);
	const char *where;
	if (name_taken(h, idx, p->name, &where)) {
		p->refused =
		        xstrfmt("a plugin named '%s' is already loaded from '%s'", p->name, where);
		return;
	}
	p->handle = xmalloc(sizeof(*p->handle));
	p->handle->host = h;
	p->handle->idx = idx;
	h->in_init = idx;
	int rc = d->init(p->handle, &h->api, &why);
	h->in_init = NO_PLUGIN;
	if (rc != SHOMER_OK) {
		undo_registrations(h, idx);
		p->refused = xstrfmt("init failed: %s", why ? why : "no reason given");
		free(why);
	}
}

void host_load_plugins(struct host *h)
{
	for (size_t d = 0; d < h->n_plugin_dirs; d++) {
		char **paths = NULL;
		size_t n = 0;
		char *why = NULL;
		if (loader_list(h->plugin_dirs[d], &paths, &n, &why)) {
			struct host_plugin *p = new_plugin(h, h->plugin_dirs[d]);
			free(p->name);
			p->name = xstrdup("(directory)");
			p->refused = why;
			continue;
		}
		for (size_t i = 0; i < n; i++) {
			load_one(h, paths[i]);
			free(paths[i]);
		}
		free(paths);
	}
}

/* ---- database ---- */

int host_open_db(struct host *h, int create, const char *crs, char **errmsg)
{
	char *why = NULL, *stored = NULL;
	if (create) {
		/* Check the CRS before creating anything. */
		if (geo_open(crs, &h->geo, errmsg))
			return -1;
	}
	if (store_open(h->db_path, create, &h->store, errmsg))
		return -1;
	if (create) {
		if (store_meta_set(h->store, "crs", crs, errmsg))
			return -1;
	} else {
		if (store_meta_get(h->store, "crs", &stored, errmsg))
			return -1;
		if (!stored)
			return err_set(errmsg,
			               "database '%s' has no crs; it was not made by 'shomer init'",
			               h->db_path);
		int rc = geo_open(stored, &h->geo, errmsg);
		free(stored);
		if (rc)
			return -1;
	}
	for (size_t i = 0; i < h->n_plugins; i++) {
		struct host_plugin *p = &h->plugins[i];
		if (p->refused || !p->n_migrations)
			continue;
		if (store_migrate_plugin(h->store, p->name, p->migrations, p->n_migrations, &why)) {
			fprintf(stderr, "shomer: plugin '%s' disabled: %s\n", p->name, why);
			undo_registrations(h, i);
			p->refused = xstrfmt("migration failed: %s", why);
			free(why);
			why = NULL;
		}
	}
	return 0;
}

/* ---- lookups and events ---- */

const struct host_command *host_find_command(const struct host *h, const char *group,
                                             const char *verb)
{
	for (size_t i = 0; i < h->n_commands; i++) {
		const struct shomer_command *c = h->commands[i].cmd;
		if (strcmp(c->group, group) == 0 && strcmp(c->verb, verb) == 0)
			return &h->commands[i];
	}
	return NULL;
}

unsigned host_command_flags(const struct shomer_command *cmd)
{
	return cmd->size >= V1_SIZE(struct shomer_command, flags) ? cmd->flags : 0;
}

const struct host_xml *host_find_xml(const struct host *h, const char *ns)
{
	for (size_t i = 0; i < h->n_xml; i++) {
		if (strcmp(h->xml[i].h->ns, ns) == 0)
			return &h->xml[i];
	}
	return NULL;
}

int host_site_event(struct host *h, const char *site_id, enum shomer_site_event ev, char **errmsg)
{
	for (size_t i = 0; i < h->n_site_hooks; i++) {
		struct host_site_hook *k = &h->site_hooks[i];
		struct host_plugin *p = &h->plugins[k->owner];
		char *why = NULL;
		if (k->fn(p->handle, k->ud, site_id, ev, &why) != SHOMER_OK) {
			err_set(errmsg, "plugin '%s' refused the change to site '%s': %s", p->name,
			        site_id, why ? why : "no reason given");
			free(why);
			return -1;
		}
	}
	return 0;
}

void host_sites_changed(struct host *h)
{
	spindex_free(h->index);
	h->index = NULL;
	for (size_t i = 0; i < h->index_n; i++)
		free(h->index_ids[i]);
	free(h->index_ids);
	h->index_ids = NULL;
	h->index_n = 0;
}

void host_progress(const char *what, uint64_t done, uint64_t total)
{
	static int shown;
	if (!isatty(STDERR_FILENO))
		return;
	if (!what) {
		if (shown)
			fputs("\r\033[K", stderr);
		shown = 0;
		return;
	}
	if (total)
		fprintf(stderr, "\r\033[Kshomer: %s: %llu/%llu", what, (unsigned long long)done,
		        (unsigned long long)total);
	else
		fprintf(stderr, "\r\033[Kshomer: %s: %llu", what, (unsigned long long)done);
	shown = 1;
	if (total && done >= total) {
		fputc('\n', stderr);
		shown = 0;
	}
	fflush(stderr);
}
