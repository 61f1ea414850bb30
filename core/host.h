/*
 * host.h - the host: the state behind one run of `shomer` (database, CRS,
 * schema directory, plugins and everything they registered) and the service
 * table (struct shomer_api) plugins call.
 *
 * Lifecycle: host_init, host_load_plugins (never fails as a whole: a plugin
 * that is refused is kept in the list with its reason), then host_open_db
 * when a command needs the database (it applies plugin migrations), and
 * host_release at the end.
 */
#ifndef SHOMER_HOST_H
#define SHOMER_HOST_H

#include "shomer/plugin.h"

struct store;
struct geo;
struct spindex;

/* One plugin file the host looked at. */
struct host_plugin {
	char *path;
	char *name;    /* from the file name, or the descriptor once vetted */
	char *version; /* NULL when refused before the descriptor was read */
	char *description;
	unsigned abi_major, abi_minor;
	char *refused; /* NULL when loaded; else why it was refused */
	struct shomer_host *handle;
	const struct shomer_migration *migrations;
	size_t n_migrations;
};

struct host_command {
	const struct shomer_command *cmd;
	size_t owner; /* index into host.plugins */
};

struct host_xml {
	const struct shomer_xml_handler *h;
	size_t owner;
	char *xsd_path; /* absolute */
};

struct host_report {
	shomer_report_fn fn;
	void *ud;
	size_t owner;
};

struct host_site_hook {
	shomer_site_hook_fn fn;
	void *ud;
	size_t owner;
};

struct host {
	char *db_path;
	char *schema_dir;
	char **plugin_dirs;
	size_t n_plugin_dirs;

	struct store *store; /* NULL until host_open_db */
	struct geo *geo;

	struct host_plugin *plugins;
	size_t n_plugins, a_plugins;
	struct host_command *commands;
	size_t n_commands, a_commands;
	struct host_xml *xml;
	size_t n_xml, a_xml;
	struct host_report *reports;
	size_t n_reports, a_reports;
	struct host_site_hook *site_hooks;
	size_t n_site_hooks, a_site_hooks;

	/* the plugin whose init() is running, or (size_t)-1 */
	size_t in_init;
	/* the core's own handle, for the records the core owns through the same
	 * handler interface as plugins (incidents, threat posture) */
	struct shomer_host *core_handle;
	/* what `export` of incidents includes (enum incident_detail) */
	unsigned export_detail;

	/* spatial index over site locations, built on first use */
	struct spindex *index;
	char **index_ids;
	size_t index_n;

	/* set_at for shared attributes: formatted again only when the second
	 * changes, since a scoring run stores hundreds of thousands of them */
	int64_t attr_time;
	char attr_time_text[32];

	struct shomer_api api;
};

/* Core command names that plugins may not take as a group. */
extern const char *const host_reserved_groups[];

int host_init(struct host *h, const char *db_path, char **plugin_dirs, size_t n_plugin_dirs,
              const char *schema_dir, char **errmsg);
void host_release(struct host *h);

/* Loads every plugin in the plugin directories, in order. */
void host_load_plugins(struct host *h);

/*
 * Opens the database (creating it with `crs` when create is set), opens the
 * CRS transform, applies every loaded plugin's migrations.
 */
int host_open_db(struct host *h, int create, const char *crs, char **errmsg);

const struct host_command *host_find_command(const struct host *h, const char *group,
                                             const char *verb);
/* A command's SHOMER_CMD_* flags: 0 for one built before ABI 1.4. */
unsigned host_command_flags(const struct shomer_command *cmd);
/* The handler owning namespace `ns`, or NULL. */
const struct host_xml *host_find_xml(const struct host *h, const char *ns);

/* Tells every site hook; stops at the first failure. */
int host_site_event(struct host *h, const char *site_id, enum shomer_site_event ev, char **errmsg);

/* Drops the spatial index after sites changed. */
void host_sites_changed(struct host *h);

/* Registration owners: an index into plugins, or HOST_CORE for the core. */
#define HOST_CORE ((size_t)-1)
struct shomer_host *host_owner_handle(struct host *h, size_t owner);
const char *host_owner_name(const struct host *h, size_t owner);

/* Name of the plugin behind a handle ("core" for the host's own). */
const char *host_plugin_name(const struct shomer_host *handle);

/* The host's own handle, for core code that calls plugin hooks. */
struct host *host_of(struct shomer_host *handle);

/* Progress line on stderr when it is a terminal. */
void host_progress(const char *what, uint64_t done, uint64_t total);

#endif /* SHOMER_HOST_H */
