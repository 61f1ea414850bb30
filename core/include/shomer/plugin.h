/*
 * shomer/plugin.h - the one header a Shomer plugin includes.
 *
 * A plugin is a shared object named shomer-<name>.so that exports exactly one
 * function, SHOMER_PLUGIN_ENTRY, returning a pointer to a constant descriptor.
 * The host checks the descriptor (ABI version, struct and pointer sizes, name)
 * before it calls anything else, then calls desc->init() once with the host
 * service table.  Everything a plugin does to the host - commands, XML
 * namespaces, migrations, report sections, site hooks - is registered from
 * inside init(); if init() fails, the host undoes every registration.
 *
 * Compatibility rules (the same as SQLite's sqlite3_api_routines):
 *   - A change that breaks existing plugins bumps SHOMER_ABI_MAJOR.
 *   - New services are appended to the end of struct shomer_api and bump
 *     SHOMER_ABI_MINOR.  A plugin built against minor M runs on any host with
 *     the same major and a minor >= M.  A plugin that wants to run on older
 *     hosts checks api->size before touching a newer slot:
 *         if (api->size >= SHOMER_API_HAS(some_new_slot)) ...
 *   - Every struct that crosses the boundary starts with its own size (or is
 *     only ever read by the side that did not allocate it, and grows only at
 *     the end).
 *   - Frozen within a major version (a change is a major bump): struct
 *     shomer_plugin_desc, and the structs passed as arrays of elements
 *     (shomer_session, shomer_xy, shomer_xml_attr, shomer_migration,
 *     shomer_value), since a bigger element would shift every later one.
 *
 * Ownership, stated once for the whole interface:
 *   - Every pointer the host passes into a callback (sites, XML elements, row
 *     values, argv) is borrowed and valid only until the callback returns.
 *   - Every string the host returns to the plugin that the plugin must free
 *     is documented as such and is freed with api->free().
 *   - Error text goes out through `char **errmsg`: the callee sets *errmsg to
 *     a string allocated with api->alloc()/api->errorf() (never a literal),
 *     and the caller frees it with api->free().  Passing errmsg == NULL is
 *     allowed everywhere and discards the text.
 *   - Everything a plugin registers (descriptor, command and handler structs,
 *     their strings, migration SQL) must stay valid for the life of the
 *     process: the host keeps pointers to it and never dlclose()s a plugin.
 *
 * Threads: the host never calls into a plugin from two threads at once, but
 * not always from the main thread: during `shomer import`, XML handlers and
 * site hooks run on the import's writer thread (the main thread parses).
 * A plugin keeps no thread-local state between calls, and one that runs
 * threads of its own must not call back into the host from them.
 */
#ifndef SHOMER_PLUGIN_H
#define SHOMER_PLUGIN_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SHOMER_ABI_MAJOR 1
#define SHOMER_ABI_MINOR 4

/* Status returned by every host service and every plugin hook. */
#define SHOMER_OK  0
#define SHOMER_ERR (-1)

/* Exit codes a command's run() returns (the process exit status). */
#define SHOMER_EXIT_OK       0 /* done */
#define SHOMER_EXIT_FAILED   1 /* failed */
#define SHOMER_EXIT_USAGE    2 /* usage error */
#define SHOMER_EXIT_REJECTED 3 /* input rejected, nothing was changed */

/* The name of the one symbol a plugin exports. */
#define SHOMER_PLUGIN_ENTRY      shomer_plugin_entry
#define SHOMER_PLUGIN_ENTRY_NAME "shomer_plugin_entry"

#if defined(__GNUC__)
#define SHOMER_EXPORT       __attribute__((visibility("default")))
#define SHOMER_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define SHOMER_EXPORT
#define SHOMER_PRINTF(f, a)
#endif

/*
 * Opaque handle the host gives each plugin.  It identifies the plugin in
 * every service call (so log lines carry the plugin's name and registrations
 * are attributed to it).
 */
struct shomer_host;

struct shomer_api;

/* ------------------------------------------------------------------ */
/* Values and database access                                          */
/* ------------------------------------------------------------------ */

enum shomer_type { SHOMER_NULL = 0, SHOMER_INT = 1, SHOMER_REAL = 2, SHOMER_TEXT = 3 };

/*
 * A bound parameter or a column value.  Build parameters with the
 * SHOMER_V_* macros below.  In a row callback, text is borrowed.
 */
struct shomer_value {
	enum shomer_type type;
	union {
		int64_t i;
		double r;
		const char *s;
	} u;
};

#define SHOMER_V_NULL    ((struct shomer_value){.type = SHOMER_NULL})
#define SHOMER_V_INT(v)  ((struct shomer_value){.type = SHOMER_INT, .u.i = (v)})
#define SHOMER_V_REAL(v) ((struct shomer_value){.type = SHOMER_REAL, .u.r = (v)})
#define SHOMER_V_TEXT(v) ((struct shomer_value){.type = SHOMER_TEXT, .u.s = (v)})

/*
 * Row callback for api->db_query.  `cols` holds `ncols` values, borrowed
 * until the callback returns.  Return SHOMER_OK to continue, or a positive
 * value of the plugin's choosing to stop the query early (db_query then
 * returns that value); SHOMER_ERR from db_query always means the host failed
 * and has set *errmsg.
 */
typedef int (*shomer_row_fn)(void *ud, int ncols, const struct shomer_value *cols);

/*
 * A schema migration of a plugin's own tables.  The host applies, in order,
 * every migration whose version is above the plugin's recorded version, each
 * in its own transaction together with the record of (plugin, version).
 * SQL stays in the subset SQLite and PostgreSQL share; `sql` may hold several
 * statements separated by ';'.  Versions start at 1 and increase by 1.
 */
struct shomer_migration {
	int version;
	const char *sql;
};

/* ------------------------------------------------------------------ */
/* Sites                                                               */
/* ------------------------------------------------------------------ */

/* A point in the database's projected CRS, metres. */
struct shomer_xy {
	double x, y;
};

/* One weekly session: day 0 = Monday .. 6 = Sunday; minutes after 00:00. */
struct shomer_session {
	int day;
	int start_min;
	int end_min; /* may be < start_min for a session past midnight */
	const char *label;
	int attendance; /* expected attendance, 0 when unknown */
};

/*
 * A site as plugins see it.  Borrowed: valid until the callback that received
 * it returns.  Strings are never NULL ("" when absent) unless stated.
 */
struct shomer_site {
	const char *id; /* stable code, e.g. "LDN-SYN-0001" */
	const char *name;
	const char *kind; /* synagogue school cemetery community-centre shop office other */
	const char *region;
	const char *police_force;
	const char *address;
	const char *postcode;
	const char *notes;
	double lat, lon; /* WGS84 degrees */
	double x, y;     /* projected CRS metres */
	int capacity;    /* 0 when unknown */
	/* Perimeter ring in projected metres, not repeating the first point;
	 * n_perimeter == 0 when the site has none.  perimeter_ll holds the same
	 * ring as (x = lon, y = lat) degrees. */
	const struct shomer_xy *perimeter;
	const struct shomer_xy *perimeter_ll;
	size_t n_perimeter;
	const struct shomer_session *sessions;
	size_t n_sessions;
	const char *const *tags;
	size_t n_tags;
};

/* Filter for api->site_foreach; NULL fields match everything. */
struct shomer_site_filter {
	size_t size; /* sizeof(struct shomer_site_filter) */
	const char *region;
	const char *kind;
	const char *tag;
	const char *police_force;
};

/*
 * Site callback.  For spatial queries `dist` is the distance in metres from
 * the query point (0 for other iterations).  Return SHOMER_OK to continue;
 * anything else stops the iteration and is returned by the service.
 */
typedef int (*shomer_site_fn)(void *ud, const struct shomer_site *site, double dist);

/* What happened to a site, for site hooks. */
enum shomer_site_event {
	SHOMER_SITE_UPSERTED = 1, /* created or changed by import */
	SHOMER_SITE_REMOVED = 2   /* removed by `shomer sites rm` (before the row goes) */
};

typedef int (*shomer_site_hook_fn)(struct shomer_host *host, void *ud, const char *site_id,
                                   enum shomer_site_event ev, char **errmsg);

/* ------------------------------------------------------------------ */
/* XML records                                                         */
/* ------------------------------------------------------------------ */

struct shomer_xml_attr {
	const char *name; /* local name; attributes in no namespace */
	const char *value;
};

/*
 * A validated XML element, as the host hands it to a namespace handler.
 * The host has already checked it against the plugin's XSD.  Borrowed.
 * `text` is the element's own text content (character data directly inside
 * it, concatenated, whitespace kept), "" when none.
 */
struct shomer_xml_elem {
	const char *ns;   /* namespace URI, "" for none */
	const char *name; /* local name */
	long line;        /* line in the source file */
	const struct shomer_xml_attr *attrs;
	size_t n_attrs;
	const char *text;
	const struct shomer_xml_elem *const *children;
	size_t n_children;
};

/* Import context handed to a namespace handler; opaque. */
struct shomer_import;

/* Writer handed to a namespace handler's export hook; opaque. */
struct shomer_xml_out;

/*
 * A plugin's XML namespace.  Documents whose root element is in `ns` belong to
 * the plugin, and so do sections in `ns` inside a core <site> element.
 *
 * import(): called once per record, inside the import's one transaction:
 *   - for a section inside a site: site_id is that site's id and `e` the
 *     section element (the site row already exists);
 *   - for a document the plugin owns: site_id is NULL and `e` is each child
 *     of the root element in turn.
 *   Report every problem with api->import_error() (which names file and line)
 *   and return SHOMER_ERR if there was any; the host rolls back the whole
 *   import and exits 3.  import() must be idempotent: re-importing the same
 *   file must leave the database as it was (upsert by the record's id).
 * export_site(): optional; writes the plugin's sections of one site (called
 *   inside that site's element during `shomer export`).  The outermost
 *   element a hook starts with api->xml_start is put in the handler's
 *   namespace (declared as the default); its children inherit it.
 * export_docs(): optional; writes the plugin's own documents' records as
 *   children of a root element the host has opened in `ns` with name
 *   `root_name`.
 */
struct shomer_xml_handler {
	size_t size;           /* sizeof(struct shomer_xml_handler) */
	const char *ns;        /* e.g. "urn:shomer:cctv:1" */
	const char *xsd;       /* file name in the schema directory, e.g. "cctv.xsd" */
	const char *root_name; /* root element of the plugin's documents, or NULL */
	int (*import)(struct shomer_host *host, void *ud, struct shomer_import *imp,
	              const char *site_id, const struct shomer_xml_elem *e);
	int (*export_site)(struct shomer_host *host, void *ud, struct shomer_xml_out *out,
	                   const char *site_id, char **errmsg);
	int (*export_docs)(struct shomer_host *host, void *ud, struct shomer_xml_out *out,
	                   char **errmsg);
	void *ud;
};

/* ------------------------------------------------------------------ */
/* Commands                                                            */
/* ------------------------------------------------------------------ */

/*
 * `shomer <group> <verb> ARGS...`.  group is usually the plugin's name but
 * need not be (the guards plugin also owns `patrols`).  run() receives argv
 * with argv[0] = verb and returns a SHOMER_EXIT_* code; on failure it sets
 * *errmsg (the host prints "shomer: <group> <verb>: <msg>").
 *
 * The host opens the database before it runs a command, and fails when
 * there is none, unless flags (ABI 1.4) has SHOMER_CMD_NO_DB: the command
 * works on files it is given alone and must not call a service that reads
 * or writes the database.
 */
#define SHOMER_CMD_NO_DB 1u

struct shomer_command {
	size_t size; /* sizeof(struct shomer_command) */
	const char *group;
	const char *verb;
	const char *usage;   /* argument synopsis, e.g. "[--format table|json] [SITE...]" */
	const char *summary; /* one line for `shomer help` */
	int (*run)(struct shomer_host *host, void *ud, int argc, char **argv, char **errmsg);
	void *ud;
	unsigned flags; /* ABI 1.4: SHOMER_CMD_* */
};

/* ------------------------------------------------------------------ */
/* Output: tables and reports                                          */
/* ------------------------------------------------------------------ */

/* A result table the host prints as an aligned table, CSV, JSON or GeoJSON. */
struct shomer_table;

enum shomer_format {
	SHOMER_FMT_TABLE = 0,
	SHOMER_FMT_CSV = 1,
	SHOMER_FMT_JSON = 2,
	SHOMER_FMT_GEOJSON = 3
};

/*
 * Column kinds: numbers are emitted unquoted in JSON and right-aligned.
 * Money (ABI 1.3) is right-aligned too but stays the exact decimal text in
 * JSON ("1234.56"), never a binary floating-point number.
 */
enum shomer_col { SHOMER_COL_TEXT = 0, SHOMER_COL_NUMBER = 1, SHOMER_COL_MONEY = 2 };

/* A report being built by `shomer report`; opaque. */
struct shomer_report;

/*
 * Report hook: adds the plugin's section to `rep` with the api->report_*
 * services.  Called once per `shomer report`, after the core's summary.
 */
typedef int (*shomer_report_fn)(struct shomer_host *host, void *ud, struct shomer_report *rep,
                                char **errmsg);

/* ------------------------------------------------------------------ */
/* Incidents and threat posture (ABI 1.1)                              */
/* ------------------------------------------------------------------ */

/* The UK threat levels, in increasing order. */
enum shomer_threat {
	SHOMER_THREAT_LOW = 1,         /* an attack is highly unlikely */
	SHOMER_THREAT_MODERATE = 2,    /* possible but not likely */
	SHOMER_THREAT_SUBSTANTIAL = 3, /* likely */
	SHOMER_THREAT_SEVERE = 4,      /* highly likely */
	SHOMER_THREAT_CRITICAL = 5     /* highly likely in the near future */
};

/*
 * An incident as plugins see it.  Borrowed.  Plugins never see an
 * incident's description or its personal fields (victim, contact): those
 * stay in the core.
 */
struct shomer_incident {
	const char *id;
	const char *occurred;     /* ISO 8601 UTC, "2025-03-14T21:30:00Z" */
	int64_t occurred_unix;    /* the same instant, seconds since 1970 UTC */
	int month_only;           /* 1: only the month is known (police.uk data);
	                           occurred is the first of the month */
	const char *category;     /* extreme-violence, assault, damage-desecration,
	                           threats, abusive-behaviour, literature,
	                           suspicious-package, suspicious-behaviour,
	                           hostile-reconnaissance, other */
	int has_location;         /* lat, lon, x, y are set (the incident's own
	                           place, or its site's) */
	double lat, lon;          /* WGS84 degrees */
	double x, y;              /* projected CRS metres */
	const char *site_id;      /* "" when not tied to a site */
	const char *police_force; /* "" when unknown */
	int reported_to_police;
};

/* Filter for api->incident_foreach; zero/NULL fields match everything. */
struct shomer_incident_filter {
	size_t size;       /* sizeof(struct shomer_incident_filter) */
	int64_t from_unix; /* occurred >= from (0: no lower bound) */
	int64_t to_unix;   /* occurred < to (0: no upper bound) */
	const char *category;
	const char *site_id;
	const char *police_force;
	int near;            /* 1: only located incidents within radius of (x, y) */
	double x, y, radius; /* projected metres */
	/* ABI 1.2: 1 fills only id, occurred_unix, month_only, category,
	 * has_location, x and y (the rest "" or 0), read from an index alone:
	 * for plugins that go through every incident. */
	int lean;
};

/* Attribute callback for api->attr_foreach: one site's value, borrowed. */
typedef int (*shomer_attr_fn)(void *ud, const char *site_id, const char *value, const char *set_at);

/* Incident callback; return SHOMER_OK to continue, a positive value to stop. */
typedef int (*shomer_incident_fn)(void *ud, const struct shomer_incident *inc);

/* ------------------------------------------------------------------ */
/* Log levels                                                          */
/* ------------------------------------------------------------------ */

enum shomer_log_level {
	SHOMER_LOG_ERROR = 0,
	SHOMER_LOG_WARN = 1,
	SHOMER_LOG_INFO = 2,
	SHOMER_LOG_DEBUG = 3
};

/* ------------------------------------------------------------------ */
/* The host service table                                              */
/* ------------------------------------------------------------------ */

/*
 * Passed to init() and valid for the life of the process.  Append-only:
 * never reorder, never remove; new slots at the end, with a minor bump.
 */
struct shomer_api {
	size_t size; /* sizeof(struct shomer_api) as the host built it */
	uint16_t abi_major;
	uint16_t abi_minor;

	/* --- memory: the one allocator that crosses the boundary --- */
	void *(*alloc)(size_t n);       /* never returns NULL (aborts on OOM) */
	void (*free)(void *p);          /* frees what the host allocated; NULL is fine */
	char *(*strdup)(const char *s); /* host-allocated copy */
	/* host-allocated formatted text */
	char *(*errorf)(const char *fmt, ...)SHOMER_PRINTF(1, 2);

	/* --- logging: stderr, prefixed "shomer: <plugin>: " --- */
	void (*log)(struct shomer_host *host, enum shomer_log_level level, const char *fmt, ...)
	        SHOMER_PRINTF(3, 4);
	/* Progress for long work; printed only when stderr is a terminal.
	 * total may be 0 when unknown; call with done == total to finish. */
	void (*progress)(struct shomer_host *host, const char *what, uint64_t done, uint64_t total);

	/* --- registration: only inside init() --- */
	int (*register_command)(struct shomer_host *host, const struct shomer_command *cmd,
	                        char **errmsg);
	int (*register_xml)(struct shomer_host *host, const struct shomer_xml_handler *h,
	                    char **errmsg);
	/* `m` holds n migrations in increasing version order; applied at load. */
	int (*register_migrations)(struct shomer_host *host, const struct shomer_migration *m,
	                           size_t n, char **errmsg);
	int (*register_report)(struct shomer_host *host, shomer_report_fn fn, void *ud,
	                       char **errmsg);
	int (*register_site_hook)(struct shomer_host *host, shomer_site_hook_fn fn, void *ud,
	                          char **errmsg);

	/* --- database: the plugin's own tables (prefix them "<plugin>_") --- */
	/* Run one statement with bound parameters ('?' placeholders). */
	int (*db_exec)(struct shomer_host *host, const char *sql, const struct shomer_value *params,
	               size_t nparams, char **errmsg);
	/* Run a query; cb is called for each row.  Returns SHOMER_OK, SHOMER_ERR,
	 * or the first non-OK value cb returned. */
	int (*db_query)(struct shomer_host *host, const char *sql,
	                const struct shomer_value *params, size_t nparams, shomer_row_fn cb,
	                void *ud, char **errmsg);
	/* Savepoints nest; names are plain identifiers. */
	int (*db_savepoint)(struct shomer_host *host, const char *name, char **errmsg);
	int (*db_release)(struct shomer_host *host, const char *name, char **errmsg);
	int (*db_rollback_to)(struct shomer_host *host, const char *name, char **errmsg);

	/* --- sites --- */
	/* Calls cb once with the site `id`; SHOMER_ERR and "no site 'ID'" if absent. */
	int (*site_get)(struct shomer_host *host, const char *id, shomer_site_fn cb, void *ud,
	                char **errmsg);
	/* Every site matching `filter` (NULL: all), in id order. */
	int (*site_foreach)(struct shomer_host *host, const struct shomer_site_filter *filter,
	                    shomer_site_fn cb, void *ud, char **errmsg);
	/* Sites within `radius` metres of (x, y) in the projected CRS, nearest first. */
	int (*site_near)(struct shomer_host *host, double x, double y, double radius,
	                 shomer_site_fn cb, void *ud, char **errmsg);
	/* Sites whose location lies in the box, in id order. */
	int (*site_in_box)(struct shomer_host *host, double minx, double miny, double maxx,
	                   double maxy, shomer_site_fn cb, void *ud, char **errmsg);

	/* --- geodesy: WGS84 <-> the database's projected CRS --- */
	int (*geo_to_xy)(struct shomer_host *host, double lat, double lon, double *x, double *y,
	                 char **errmsg);
	int (*geo_to_latlon)(struct shomer_host *host, double x, double y, double *lat, double *lon,
	                     char **errmsg);
	/* The CRS, e.g. "EPSG:27700"; borrowed, valid for the process. */
	const char *(*geo_crs)(struct shomer_host *host);

	/* --- shared site attributes: how plugins see each other --- */
	/* key is namespaced "<plugin>.<name>"; a plugin may only set its own keys.
	 * The attribute carries the time (UTC, ISO 8601) its value last changed:
	 * setting the value it already has changes nothing, so that re-running
	 * an import or a computation on the same data leaves the database as
	 * it was. */
	int (*attr_set)(struct shomer_host *host, const char *site_id, const char *key,
	                const char *value, char **errmsg);
	/* *value (and *set_at when not NULL) are host-allocated, free with api->free.
	 * Returns SHOMER_OK with *value = NULL when the attribute is absent. */
	int (*attr_get)(struct shomer_host *host, const char *site_id, const char *key,
	                char **value, char **set_at, char **errmsg);
	/* Removes the plugin's own attribute (absent is fine). */
	int (*attr_del)(struct shomer_host *host, const char *site_id, const char *key,
	                char **errmsg);

	/* --- XML import and export --- */
	/* Records an error at `line` of the file being imported; always returns
	 * SHOMER_ERR so a handler can `return api->import_error(...)`. */
	int (*import_error)(struct shomer_import *imp, long line, const char *fmt, ...)
	        SHOMER_PRINTF(3, 4);
	/* Value of attribute `name` of `e`, or NULL. */
	const char *(*xml_attr)(const struct shomer_xml_elem *e, const char *name);
	/* First child of `e` named `name` in `e`'s namespace, or NULL. */
	const struct shomer_xml_elem *(*xml_child)(const struct shomer_xml_elem *e,
	                                           const char *name);
	int (*xml_start)(struct shomer_xml_out *out, const char *name);
	int (*xml_attr_out)(struct shomer_xml_out *out, const char *name, const char *value);
	int (*xml_text)(struct shomer_xml_out *out, const char *text);
	int (*xml_end)(struct shomer_xml_out *out);

	/* --- result tables --- */
	/* A table with `ncols` columns; names and kinds borrowed only during the call. */
	struct shomer_table *(*table_new)(const char *const *names, const enum shomer_col *kinds,
	                                  size_t ncols);
	/* Appends a row of ncols cells (copied; NULL for an empty cell). */
	void (*table_row)(struct shomer_table *t, const char *const *cells);
	/* Gives the last row a GeoJSON geometry: npts points as (x = lon, y = lat);
	 * 1 point makes a Point, more make a Polygon (ring closed by the host). */
	void (*table_geometry)(struct shomer_table *t, const struct shomer_xy *ll, size_t npts);
	/* Prints in `fmt`; SHOMER_ERR with *errmsg for GeoJSON on rows with no geometry. */
	int (*table_print)(struct shomer_table *t, enum shomer_format fmt, FILE *out,
	                   char **errmsg);
	void (*table_free)(struct shomer_table *t);
	/* Parses "table", "csv", "json", "geojson"; SHOMER_ERR if unknown. */
	int (*format_parse)(const char *s, enum shomer_format *fmt);

	/* --- report sections --- */
	int (*report_heading)(struct shomer_report *rep, const char *title);
	int (*report_text)(struct shomer_report *rep, const char *text);
	/* Adds a table; the report takes ownership of `t`. */
	int (*report_table)(struct shomer_report *rep, struct shomer_table *t);
	/* Adds an SVG image (a complete <svg> element) to the HTML report; the
	 * text report shows `caption` instead. */
	int (*report_svg)(struct shomer_report *rep, const char *svg, const char *caption);

	/* --- paths --- */
	/* Directory of the installed schemas; borrowed. */
	const char *(*schema_dir)(struct shomer_host *host);

	/* ---- ABI 1.1: incidents, threat posture, time ---- */

	/* Every incident matching `filter` (NULL: all), oldest first (then by id). */
	int (*incident_foreach)(struct shomer_host *host,
	                        const struct shomer_incident_filter *filter, shomer_incident_fn cb,
	                        void *ud, char **errmsg);
	/* The threat level in force for `region` now: the higher of the region's
	 * own and the national one (region NULL: the national level); *level is
	 * 0 when no level has been recorded at all. */
	int (*threat_level)(struct shomer_host *host, const char *region, enum shomer_threat *level,
	                    char **errmsg);
	/* "LOW" .. "CRITICAL"; "" for a value out of range. */
	const char *(*threat_name)(enum shomer_threat level);
	/*
	 * Records that the record at `line` refers to site `site_id`.  The host
	 * checks every such reference when the import's files have all been
	 * read, so a site defined in a later file of the same import counts, and
	 * reports an unknown one at that line.
	 */
	void (*import_require_site)(struct shomer_import *imp, long line, const char *site_id);
	/*
	 * Claims record id `id` of kind `kind` (e.g. "camera") for this import:
	 * SHOMER_OK the first time; the second time the same (kind, id) is
	 * claimed in one import, the host reports "duplicate <kind> id 'ID'
	 * (first at FILE:LINE)" at `line` and returns SHOMER_ERR.
	 */
	int (*import_claim_id)(struct shomer_import *imp, long line, const char *kind,
	                       const char *id);
	/* "Now" for computations, UTC seconds; SHOMER_NOW (ISO 8601) in the
	 * environment fixes it, so that tests and reports are reproducible. */
	int64_t (*now)(struct shomer_host *host);
	/* Parses "YYYY-MM-DD", "YYYY-MM-DDTHH:MM[:SS]" with "Z" or "+HH:MM", as
	 * UTC seconds.  A date or a time without a zone is Europe/London local
	 * time, as people in the organisation write it.  SHOMER_ERR if malformed. */
	int (*parse_time)(const char *text, int64_t *out);
	/* Formats UTC seconds as "YYYY-MM-DDTHH:MM:SSZ" into out (>= 21 bytes). */
	void (*format_time)(int64_t t, char *out);
	/* threat_level as it stood at instant `at` (UTC seconds): for scores
	 * computed "as of" a past date. */
	int (*threat_level_at)(struct shomer_host *host, const char *region, int64_t at,
	                       enum shomer_threat *level, char **errmsg);
	/* Every site's value of attribute `key` (any plugin's), in site id
	 * order: one query instead of one attr_get per site. */
	int (*attr_foreach)(struct shomer_host *host, const char *key, shomer_attr_fn cb, void *ud,
	                    char **errmsg);

	/* ---- ABI 1.2: shared attributes in bulk ---- */
	/* attr_set for n of one site's attributes at once (keys[i] gets
	 * values[i]): the same rules and result, at a fraction of the cost
	 * per value, for plugins that store several results for every site. */
	int (*attr_set_site)(struct shomer_host *host, const char *site_id, size_t n,
	                     const char *const *keys, const char *const *values, char **errmsg);

	/* ---- ABI 1.3: money ---- */
	/* Reads an amount written as "1234", "1234.5" or "1234.56" into integer
	 * minor units (pence), with integer arithmetic only; SHOMER_ERR for
	 * anything else: "", a sign, "1,000", "1e3", "12.345", "5.", ".5",
	 * "NaN", spaces, or more than 12 digits before the point.  Pure: any
	 * thread may call it. */
	int (*money_parse)(const char *text, int64_t *pence);
	/* Writes pence as "-12.05" (no separators, no symbol) into buf, which
	 * 32 bytes always fit; returns buf.  Pure. */
	char *(*money_format)(int64_t pence, char *buf, size_t n);

	/* ---- ABI 1.3: private output files ---- */
	/* A file for a plugin's export, private (0600) and written beside
	 * `path` under a temporary name (*tmp, host-allocated); NULL with
	 * *errmsg on failure. */
	FILE *(*file_open_private)(const char *path, char **tmp, char **errmsg);
	/* Flushes, syncs and renames it onto `path`, or removes it when `ok`
	 * is 0 or anything fails; frees tmp.  SHOMER_OK or SHOMER_ERR with
	 * *errmsg naming `path`. */
	int (*file_close_private)(FILE *f, char *tmp, const char *path, int ok, char **errmsg);
};

/* Smallest api->size that includes `slot`. */
#define SHOMER_API_HAS(slot) \
	(offsetof(struct shomer_api, slot) + sizeof(((struct shomer_api *)0)->slot))

/*
 * How a plugin's call fails: *errmsg (unless errmsg is NULL) becomes the
 * formatted text in host memory, freeing what it held, and rc is returned.
 * Header-only, for a plugin's own variadic `<name>_fail()` to wrap.
 */
static inline int shomer_vfail(const struct shomer_api *api, char **errmsg, int rc, const char *fmt,
                               va_list ap)
{
	char buf[1024];

	if (!errmsg)
		return rc;
	vsnprintf(buf, sizeof(buf), fmt, ap);
	api->free(*errmsg);
	*errmsg = api->strdup(buf);
	return rc;
}

/* A command's bad option as getopt reports it (opt ':' for a missing
 * value, anything else an unknown option): SHOMER_EXIT_USAGE. */
static inline int shomer_usage_fail(const struct shomer_api *api, char **errmsg, int opt,
                                    const char *arg)
{
	char buf[256];

	if (!errmsg)
		return SHOMER_EXIT_USAGE;
	snprintf(buf, sizeof(buf), opt == ':' ? "option '%s' needs a value" : "unknown option '%s'",
	         arg ? arg : "?");
	api->free(*errmsg);
	*errmsg = api->strdup(buf);
	return SHOMER_EXIT_USAGE;
}

/* ------------------------------------------------------------------ */
/* The descriptor                                                      */
/* ------------------------------------------------------------------ */

struct shomer_plugin_desc {
	uint16_t abi_major;      /* SHOMER_ABI_MAJOR the plugin was built against */
	uint16_t abi_minor;      /* SHOMER_ABI_MINOR the plugin was built against */
	uint32_t desc_size;      /* sizeof(struct shomer_plugin_desc) */
	uint8_t ptr_size;        /* sizeof(void *) */
	uint8_t size_t_size;     /* sizeof(size_t) */
	const char *name;        /* must equal <name> in the file name shomer-<name>.so */
	const char *version;     /* the plugin's own version, e.g. "0.1.0"; may be NULL */
	const char *description; /* one line; may be NULL */
	/* Registers everything; SHOMER_OK, or SHOMER_ERR with *errmsg set. */
	int (*init)(struct shomer_host *host, const struct shomer_api *api, char **errmsg);
};

/* Fills the fixed header fields of a descriptor. */
#define SHOMER_DESC_HEADER                                                          \
	.abi_major = SHOMER_ABI_MAJOR, .abi_minor = SHOMER_ABI_MINOR,               \
	.desc_size = sizeof(struct shomer_plugin_desc), .ptr_size = sizeof(void *), \
	.size_t_size = sizeof(size_t)

/* The entry function's type. */
typedef const struct shomer_plugin_desc *(*shomer_entry_fn)(void);

/* The entry function every plugin defines (and exports: nothing else). */
SHOMER_EXPORT const struct shomer_plugin_desc *SHOMER_PLUGIN_ENTRY(void);

#ifdef __cplusplus
}
#endif

#endif /* SHOMER_PLUGIN_H */
