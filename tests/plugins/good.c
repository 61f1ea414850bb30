/*
 * good.c - "probe", a small but complete test plugin (install it as
 * shomer-probe.so).  It registers one of everything, so that host tests can
 * drive a real plugin from end to end:
 *
 *   command     shomer probe hello      "hello from probe: N sites"
 *               shomer probe near SITE METRES   the host's spatial index
 *               shomer probe mark SITE KEY=VALUE...   attr_set_site (1.2)
 *   namespace   urn:shomer:probe:1 (probe.xsd), one section shape inside a
 *               core <site>:  <note xmlns="urn:shomer:probe:1" text="..."/>
 *   migration   1: the table probe_notes
 *   report      a "Probe notes" section with the note and site counts
 *   attribute   probe.seen = "1" on every site that carried a note
 */
#include "shomer/plugin.h"

#include <stddef.h>
#include <string.h>

SHOMER_EXPORT const struct shomer_plugin_desc *SHOMER_PLUGIN_ENTRY(void);

#define PROBE_NS "urn:shomer:probe:1"

/*
 * What a row callback returns to stop a query on its own account.  It is not
 * SHOMER_ERR, so the caller can tell "the callback stopped" (no *errmsg yet)
 * from "the query failed" (*errmsg set by the host).
 */
#define PROBE_STOP 1

/* The host's service table; plugin.h promises it lives as long as the process. */
static const struct shomer_api *api;

static int probe_streq(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

/* ---- shomer probe hello ---- */

static int probe_count_site(void *ud, const struct shomer_site *site, double dist)
{
	size_t *n = ud;

	(void)site;
	(void)dist;
	(*n)++;
	return SHOMER_OK;
}

static int probe_hello(struct shomer_host *host, void *ud, int argc, char **argv, char **errmsg)
{
	size_t n = 0;

	(void)ud;
	if (argc > 1) {
		if (errmsg)
			*errmsg = api->errorf("unexpected argument '%s'", argv[1]);
		return SHOMER_EXIT_USAGE;
	}
	if (api->site_foreach(host, NULL, probe_count_site, &n, errmsg) != SHOMER_OK)
		return SHOMER_EXIT_FAILED;
	printf("hello from probe: %zu site%s\n", n, n == 1 ? "" : "s");
	return SHOMER_EXIT_OK;
}

static const struct shomer_command probe_hello_cmd = {
        .size = sizeof(struct shomer_command),
        .group = "probe",
        .verb = "hello",
        .usage = "",
        .summary = "say hello and count the sites",
        .run = probe_hello,
        .ud = NULL,
};

/* `probe mark SITE KEY=VALUE...`: the values, all at once, through
 * attr_set_site (ABI 1.2). */
#define PROBE_MAX_MARKS 8

static int probe_mark(struct shomer_host *host, void *ud, int argc, char **argv, char **errmsg)
{
	const char *keys[PROBE_MAX_MARKS], *values[PROBE_MAX_MARKS];
	char *eq;
	size_t n = 0;

	(void)ud;
	if (argc < 3 || argc - 2 > PROBE_MAX_MARKS) {
		if (errmsg)
			*errmsg = api->errorf("usage: probe mark SITE KEY=VALUE... (at most %d)",
			                      PROBE_MAX_MARKS);
		return SHOMER_EXIT_USAGE;
	}
	for (int i = 2; i < argc; i++) {
		eq = strchr(argv[i], '=');
		if (!eq) {
			if (errmsg)
				*errmsg = api->errorf("'%s' is not KEY=VALUE", argv[i]);
			return SHOMER_EXIT_USAGE;
		}
		*eq = '\0';
		keys[n] = argv[i];
		values[n++] = eq + 1;
	}
	if (api->attr_set_site(host, argv[1], n, keys, values, errmsg) != SHOMER_OK)
		return SHOMER_EXIT_REJECTED;
	printf("marked %s with %zu value%s\n", argv[1], n, n == 1 ? "" : "s");
	return SHOMER_EXIT_OK;
}

static const struct shomer_command probe_mark_cmd = {
        .size = sizeof(struct shomer_command),
        .group = "probe",
        .verb = "mark",
        .usage = "SITE KEY=VALUE...",
        .summary = "set several shared attributes of a site at once",
        .run = probe_mark,
        .ud = NULL,
};

/* ---- XML: <note text="..."/> sections ---- */

static int probe_import(struct shomer_host *host, void *ud, struct shomer_import *imp,
                        const char *site_id, const struct shomer_xml_elem *e)
{
	struct shomer_value params[2];
	const char *text;
	char *err = NULL;
	int rc;

	(void)ud;
	/* root_name is NULL, so every record arrives inside a site; the schema
	 * has been checked, so these only guard against a host bug. */
	if (!site_id)
		return api->import_error(imp, e->line, "<%s> must be inside a <site>", e->name);
	if (!probe_streq(e->name, "note"))
		return api->import_error(imp, e->line, "unexpected element <%s>", e->name);
	text = api->xml_attr(e, "text");
	if (!text)
		return api->import_error(imp, e->line, "<note> has no text attribute");

	params[0] = SHOMER_V_TEXT(site_id);
	params[1] = SHOMER_V_TEXT(text);
	/* idempotent, as the host requires: re-importing a file changes nothing */
	if (api->db_exec(host,
	                 "INSERT INTO probe_notes (site_id, note) VALUES (?, ?) "
	                 "ON CONFLICT (site_id, note) DO NOTHING",
	                 params, 2, &err) == SHOMER_OK &&
	    api->attr_set(host, site_id, "probe.seen", "1", &err) == SHOMER_OK)
		return SHOMER_OK;
	rc = api->import_error(imp, e->line, "%s", err ? err : "cannot store the note");
	if (err)
		api->free(err);
	return rc;
}

static int probe_export_row(void *ud, int ncols, const struct shomer_value *cols)
{
	struct shomer_xml_out *out = ud;

	if (ncols != 1 || cols[0].type != SHOMER_TEXT)
		return PROBE_STOP;
	if (api->xml_start(out, "note") != SHOMER_OK ||
	    api->xml_attr_out(out, "text", cols[0].u.s) != SHOMER_OK ||
	    api->xml_end(out) != SHOMER_OK)
		return PROBE_STOP;
	return SHOMER_OK;
}

static int probe_export_site(struct shomer_host *host, void *ud, struct shomer_xml_out *out,
                             const char *site_id, char **errmsg)
{
	struct shomer_value param = SHOMER_V_TEXT(site_id);
	int rc;

	(void)ud;
	/* ORDER BY note: the table has no portable insertion order, and a
	 * stable export order keeps exports diffable. */
	rc = api->db_query(host, "SELECT note FROM probe_notes WHERE site_id = ? ORDER BY note",
	                   &param, 1, probe_export_row, out, errmsg);
	if (rc == PROBE_STOP) {
		if (errmsg)
			*errmsg = api->errorf("cannot write the notes of site '%s'", site_id);
		return SHOMER_ERR;
	}
	return rc == SHOMER_OK ? SHOMER_OK : SHOMER_ERR;
}

static const struct shomer_xml_handler probe_xml = {
        .size = sizeof(struct shomer_xml_handler),
        .ns = PROBE_NS,
        .xsd = "probe.xsd",
        .root_name = NULL,
        .import = probe_import,
        .export_site = probe_export_site,
        .export_docs = NULL,
        .ud = NULL,
};

/* ---- migrations ---- */

static const struct shomer_migration probe_migrations[] = {
        {1, "CREATE TABLE probe_notes ("
            "site_id TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE, "
            "note TEXT NOT NULL, "
            "PRIMARY KEY (site_id, note))"},
};

/* ---- report ---- */

static int probe_counts_row(void *ud, int ncols, const struct shomer_value *cols)
{
	long long *counts = ud;

	if (ncols != 2 || cols[0].type != SHOMER_INT || cols[1].type != SHOMER_INT)
		return PROBE_STOP;
	counts[0] = (long long)cols[0].u.i;
	counts[1] = (long long)cols[1].u.i;
	return SHOMER_OK;
}

static int probe_report(struct shomer_host *host, void *ud, struct shomer_report *rep,
                        char **errmsg)
{
	long long counts[2] = {0, 0};
	char line[128];
	int rc;

	(void)ud;
	rc = api->db_query(host, "SELECT COUNT(*), COUNT(DISTINCT site_id) FROM probe_notes", NULL,
	                   0, probe_counts_row, counts, errmsg);
	if (rc == PROBE_STOP) {
		if (errmsg)
			*errmsg = api->errorf("unexpected result counting probe notes");
		return SHOMER_ERR;
	}
	if (rc != SHOMER_OK)
		return SHOMER_ERR;
	snprintf(line, sizeof(line), "%lld note%s on %lld site%s", counts[0],
	         counts[0] == 1 ? "" : "s", counts[1], counts[1] == 1 ? "" : "s");
	if (api->report_heading(rep, "Probe notes") != SHOMER_OK ||
	    api->report_text(rep, line) != SHOMER_OK) {
		if (errmsg)
			*errmsg = api->errorf("cannot add the probe section to the report");
		return SHOMER_ERR;
	}
	return SHOMER_OK;
}

/* ---- shomer probe near SITE RADIUS: the host's spatial index ---- */

struct probe_centre {
	double x, y;
	int found;
};

static int probe_take_centre(void *ud, const struct shomer_site *site, double dist)
{
	struct probe_centre *c = ud;
	(void)dist;
	c->x = site->x;
	c->y = site->y;
	c->found = 1;
	return SHOMER_OK;
}

static int probe_print_near(void *ud, const struct shomer_site *site, double dist)
{
	(void)ud;
	printf("%s %.1f\n", site->id, dist);
	return SHOMER_OK;
}

/* Parses a non-negative number of metres without the C library's locale. */
static int probe_metres(const char *s, double *out)
{
	double v = 0;
	if (!*s)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (*s - '0');
	}
	*out = v;
	return 0;
}

static int probe_near(struct shomer_host *host, void *ud, int argc, char **argv, char **errmsg)
{
	struct probe_centre c = {0, 0, 0};
	double radius, lat, lon, x2, y2;
	(void)ud;
	if (argc != 3 || probe_metres(argv[2], &radius)) {
		if (errmsg)
			*errmsg = api->errorf("usage: probe near SITE METRES");
		return SHOMER_EXIT_USAGE;
	}
	if (api->site_get(host, argv[1], probe_take_centre, &c, errmsg) != SHOMER_OK)
		return SHOMER_EXIT_REJECTED;
	/* a round trip through the CRS, as plugins that take lat/lon input do */
	if (api->geo_to_latlon(host, c.x, c.y, &lat, &lon, errmsg) != SHOMER_OK ||
	    api->geo_to_xy(host, lat, lon, &x2, &y2, errmsg) != SHOMER_OK)
		return SHOMER_EXIT_FAILED;
	printf("crs %s centre %.1f %.1f\n", api->geo_crs(host), x2, y2);
	if (api->site_near(host, x2, y2, radius, probe_print_near, NULL, errmsg) != SHOMER_OK)
		return SHOMER_EXIT_FAILED;
	return SHOMER_EXIT_OK;
}

static const struct shomer_command probe_near_cmd = {
        .size = sizeof(struct shomer_command),
        .group = "probe",
        .verb = "near",
        .usage = "SITE METRES",
        .summary = "list the sites within METRES of SITE, nearest first",
        .run = probe_near,
        .ud = NULL,
};

/* `probe alone` and `probe old`: the same command, said to need no
 * database (ABI 1.4), once in a descriptor of today's size and once in one
 * of 1.3's size, which ends before the flags: the host must not read them
 * there, and opens the database as for any other command. */
static int probe_alone(struct shomer_host *host, void *ud, int argc, char **argv, char **errmsg)
{
	(void)host;
	(void)ud;
	(void)argc;
	(void)errmsg;
	printf("probe %s ran\n", argv[0]);
	return SHOMER_EXIT_OK;
}

static const struct shomer_command probe_alone_cmd = {
        .size = sizeof(struct shomer_command),
        .group = "probe",
        .verb = "alone",
        .usage = "",
        .summary = "run without a database",
        .run = probe_alone,
        .ud = NULL,
        .flags = SHOMER_CMD_NO_DB,
};

static const struct shomer_command probe_old_cmd = {
        .size = offsetof(struct shomer_command, flags),
        .group = "probe",
        .verb = "old",
        .usage = "",
        .summary = "the same, in a descriptor from before the flags",
        .run = probe_alone,
        .ud = NULL,
        .flags = SHOMER_CMD_NO_DB,
};

/* ---- descriptor ---- */

static int probe_init(struct shomer_host *host, const struct shomer_api *host_api, char **errmsg)
{
	api = host_api;
	if (api->register_migrations(host, probe_migrations,
	                             sizeof(probe_migrations) / sizeof(probe_migrations[0]),
	                             errmsg) != SHOMER_OK ||
	    api->register_command(host, &probe_hello_cmd, errmsg) != SHOMER_OK ||
	    api->register_command(host, &probe_near_cmd, errmsg) != SHOMER_OK ||
	    api->register_command(host, &probe_mark_cmd, errmsg) != SHOMER_OK ||
	    api->register_command(host, &probe_alone_cmd, errmsg) != SHOMER_OK ||
	    api->register_command(host, &probe_old_cmd, errmsg) != SHOMER_OK ||
	    api->register_xml(host, &probe_xml, errmsg) != SHOMER_OK ||
	    api->register_report(host, probe_report, NULL, errmsg) != SHOMER_OK)
		return SHOMER_ERR;
	return SHOMER_OK;
}

static const struct shomer_plugin_desc desc = {
        SHOMER_DESC_HEADER, .name = "probe",
        .version = "0.1.0", .description = "test: one of every registration",
        .init = probe_init,
};

SHOMER_EXPORT const struct shomer_plugin_desc *SHOMER_PLUGIN_ENTRY(void)
{
	return &desc;
}
