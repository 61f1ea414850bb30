/*
 * cmd_db.c - `shomer init`, `import`, `export` and `doctor`.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/xmlwriter.h>

#include "cli.h"
#include "geo.h"
#include "host.h"
#include "host_api.h"
#include "import.h"
#include "incident.h"
#include "police_csv.h"
#include "site.h"
#include "store.h"
#include "util.h"

#include "banned.h"

#define DEFAULT_CRS "EPSG:27700"
/* Which operation PROJ uses, at the centre of the CRS's area of use (for
 * the National Grid, the middle of Great Britain), and its accuracy. */
static void describe_transform(struct geo *g, FILE *out)
{
	char *name = NULL, *why = NULL;
	double acc, lat, lon;
	geo_area_centre(g, &lat, &lon);
	if (geo_describe(g, lat, lon, &name, &acc, &why) == 0) {
		fprintf(out, "transform: %s\n", name);
		if (acc >= 0)
			fprintf(out, "accuracy: %g m (as PROJ states it for this operation)\n",
			        acc);
		else
			fprintf(out, "accuracy: unknown (PROJ states none for this operation)\n");
	} else {
		fprintf(out, "transform: cannot describe: %s\n", why);
	}
	free(name);
	free(why);
}

int cmd_init(struct cli *c, int argc, char **argv)
{
	const char *crs = DEFAULT_CRS;
	static const struct option opts[] = {{"crs", required_argument, NULL, 'c'},
	                                     {NULL, 0, NULL, 0}};
	int o;
	optind = 0;
	while ((o = getopt_long(argc, argv, "c:", opts, NULL)) != -1) {
		if (o == 'c')
			crs = optarg;
		else
			return cli_usage("init", "unknown option");
	}
	if (optind != argc)
		return cli_usage("init", "unexpected argument '%s'", argv[optind]);
	char *why = NULL;
	if (host_open_db(c->host, 1, crs, &why))
		return cli_fail_msg(SHOMER_EXIT_FAILED, &why);
	printf("created database '%s'\ncrs: %s\n", c->db_path, crs);
	describe_transform(c->host->geo, stdout);
	return 0;
}

int cmd_import(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {{"quiet", no_argument, NULL, 'q'},
	                                     {"format", required_argument, NULL, 'f'},
	                                     {"skip-bad", no_argument, NULL, 's'},
	                                     {NULL, 0, NULL, 0}};
	int o, quiet = 0, police = 0, skip_bad = 0;
	optind = 0;
	while ((o = getopt_long(argc, argv, "q", opts, NULL)) != -1) {
		if (o == 'q')
			quiet = 1;
		else if (o == 's')
			skip_bad = 1;
		else if (o == 'f' &&
		         (strcmp(optarg, "xml") == 0 || strcmp(optarg, "police-uk") == 0))
			police = strcmp(optarg, "police-uk") == 0;
		else if (o == 'f')
			return cli_usage("import", "unknown format '%s': xml or police-uk", optarg);
		else
			return cli_usage("import", "unknown option");
	}
	if (optind >= argc)
		return cli_usage("import", "no files to import");
	if (skip_bad && !police)
		return cli_usage("import", "--skip-bad is for --format police-uk: an XML import is "
		                           "all or nothing");
	char *const *files = argv + optind;
	size_t n = (size_t)(argc - optind);
	if (police)
		return police_import_files(c->host, files, n, skip_bad, quiet, stderr);
	struct import_stats st;
	char *why = NULL;
	int rc = import_files(c->host, files, n, stderr, &st, &why);
	if (rc == SHOMER_EXIT_FAILED)
		return cli_fail_msg(rc, &why);
	if (rc == 0 && !quiet)
		printf("imported %zu file%s: %zu new site%s, %zu changed, %zu unchanged, "
		       "%zu other record%s\n",
		       st.files, st.files == 1 ? "" : "s", st.sites_new,
		       st.sites_new == 1 ? "" : "s", st.sites_changed, st.sites_unchanged,
		       st.plugin_records, st.plugin_records == 1 ? "" : "s");
	return rc;
}

/* ---- export ---- */

struct export_ctx {
	struct host *host;
	xmlTextWriterPtr w;
	char *why;
	size_t n;
};

static int export_plugin_sections(struct export_ctx *x, const char *site_id)
{
	struct host *h = x->host;
	for (size_t i = 0; i < h->n_xml; i++) {
		const struct shomer_xml_handler *xh = h->xml[i].h;
		if (!xh->export_site)
			continue;
		size_t owner = h->xml[i].owner;
		struct shomer_xml_out *out = xml_out_new(x->w, xh->ns);
		char *why = NULL;
		int rc = xh->export_site(host_owner_handle(h, owner), xh->ud, out, site_id, &why);
		if (xml_out_finish(out) && rc == SHOMER_OK) {
			rc = SHOMER_ERR;
			why = xstrfmt("left elements open");
		}
		xml_out_free(out);
		if (rc != SHOMER_OK) {
			x->why = xstrfmt("plugin '%s' cannot export site '%s': %s",
			                 host_owner_name(h, owner), site_id,
			                 why ? why : "no reason given");
			free(why);
			return -1;
		}
	}
	return 0;
}

static int export_site(void *ud, const struct site *s)
{
	struct export_ctx *x = ud;
	if (site_write_xml_open(x->w, s) || export_plugin_sections(x, s->pub.id) ||
	    xmlTextWriterEndElement(x->w) < 0) {
		if (!x->why)
			x->why = xstrfmt("cannot write site '%s'", s->pub.id);
		return -1;
	}
	x->n++;
	return 0;
}

/* A plugin by name; the core's documents by their root ("incidents",
 * "threat" for threat-posture). */
static int owner_matches(const struct host *h, const struct host_xml *hx, const char *owner)
{
	if (hx->owner == HOST_CORE)
		return starts_with(hx->h->root_name, owner) && *owner;
	return strcmp(host_owner_name(h, hx->owner), owner) == 0;
}

static int export_owner(struct export_ctx *x, const char *owner)
{
	struct host *h = x->host;
	for (size_t i = 0; i < h->n_xml; i++) {
		const struct shomer_xml_handler *xh = h->xml[i].h;
		if (!owner_matches(h, &h->xml[i], owner) || !xh->export_docs || !xh->root_name)
			continue;
		struct shomer_xml_out *out = xml_out_new(x->w, xh->ns);
		char *why = NULL;
		int rc = h->api.xml_start(out, xh->root_name);
		if (rc == SHOMER_OK)
			rc = xh->export_docs(host_owner_handle(h, h->xml[i].owner), xh->ud, out,
			                     &why);
		if (rc == SHOMER_OK)
			rc = h->api.xml_end(out);
		if (xml_out_finish(out) && rc == SHOMER_OK)
			rc = SHOMER_ERR;
		xml_out_free(out);
		if (rc != SHOMER_OK) {
			x->why = xstrfmt("plugin '%s' cannot export: %s", owner,
			                 why ? why : "write failed");
			free(why);
			return -1;
		}
		return 0;
	}
	x->why = xstrfmt("'%s' has no documents to export (try incidents, threat or a plugin's "
	                 "name)",
	                 owner);
	return -1;
}

int cmd_export(struct cli *c, int argc, char **argv)
{
	struct shomer_site_filter f = {.size = sizeof(f)};
	const char *out_path = NULL, *owner = NULL;
	static const struct option opts[] = {
	        {"region", required_argument, NULL, 'r'},
	        {"kind", required_argument, NULL, 'k'},
	        {"tag", required_argument, NULL, 't'},
	        {"owner", required_argument, NULL, 'w'},
	        {"out", required_argument, NULL, 'o'},
	        {"with-description", no_argument, NULL, 'D'},
	        {"with-personal", no_argument, NULL, 'P'},
	        {NULL, 0, NULL, 0},
	};
	int o;
	optind = 0;
	while ((o = getopt_long(argc, argv, "r:k:t:w:o:DP", opts, NULL)) != -1) {
		switch (o) {
		case 'D': c->host->export_detail |= INCIDENT_WITH_DESCRIPTION; break;
		case 'P': c->host->export_detail |= INCIDENT_WITH_PERSONAL; break;
		case 'r': f.region = optarg; break;
		case 'k': f.kind = optarg; break;
		case 't': f.tag = optarg; break;
		case 'w': owner = optarg; break;
		case 'o': out_path = optarg; break;
		default: return cli_usage("export", "unknown option");
		}
	}
	if (optind != argc)
		return cli_usage("export", "unexpected argument '%s'", argv[optind]);
	if (owner && strcmp(owner, "core") == 0)
		owner = NULL;
	char *why = NULL;
	FILE *fp = cli_open_out(out_path, &why);
	if (!fp)
		return cli_fail_msg(SHOMER_EXIT_FAILED, &why);
	xmlOutputBufferPtr ob = xmlOutputBufferCreateFile(fp, NULL);
	xmlTextWriterPtr w = ob ? xmlNewTextWriter(ob) : NULL;
	if (!w)
		return cli_fail(SHOMER_EXIT_FAILED, "cannot start the xml writer");
	xmlTextWriterSetIndent(w, 1);
	xmlTextWriterSetIndentString(w, BAD_CAST "  ");
	struct export_ctx x = {.host = c->host, .w = w};
	int rc = xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL) < 0 ? -1 : 0;
	if (rc == 0 && owner) {
		rc = export_owner(&x, owner);
	} else if (rc == 0) {
		rc = xmlTextWriterStartElementNS(w, NULL, BAD_CAST "sites", BAD_CAST SITE_NS) < 0;
		if (rc == 0)
			rc = site_foreach(c->host->store, &f, export_site, &x, &why) ? -1 : 0;
		if (rc == 0)
			rc = xmlTextWriterEndElement(w) < 0 ? -1 : 0;
	}
	if (rc == 0)
		rc = xmlTextWriterEndDocument(w) < 0 ? -1 : 0;
	xmlFreeTextWriter(w);
	int closed = cli_close_out(fp, out_path, rc ? NULL : &why);
	if (rc || closed) {
		if (out_path)
			unlink(out_path);
		if (x.why) {
			free(why);
			why = x.why;
		}
		return why ? cli_fail_msg(SHOMER_EXIT_FAILED, &why)
		           : cli_fail(SHOMER_EXIT_FAILED, "export failed");
	}
	if (out_path)
		fprintf(stderr, "shomer: exported %zu sites to '%s'\n", x.n, out_path);
	return 0;
}

/* ---- doctor ---- */

/* Prints a file's mode; 1 if others can reach it. */
static int doctor_mode(const char *path)
{
	struct stat sb;
	if (stat(path, &sb) != 0)
		return 0;
	int open_to_others = (sb.st_mode & 077) != 0;
	printf("  %s: mode %03o%s\n", path, (unsigned)(sb.st_mode & 0777),
	       open_to_others ? " (others can read it: chmod 600)" : "");
	return open_to_others;
}

int cmd_doctor(struct cli *c, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	struct host *h = c->host;
	int problems = 0;
	char *why = NULL;
	/* The database first: opening it applies plugin migrations, which can
	 * refuse a plugin, and the statuses below must say so. */
	int have_db = access(c->db_path, F_OK) == 0;
	int db_ok = have_db && host_open_db(h, 0, NULL, &why) == 0;
	char *schemas = realpath(h->schema_dir, NULL);
	printf("shomer %s, plugin ABI %d.%d\nsqlite: %s\nproj: %s\nschemas: %s\n",
	       SHOMER_VERSION_STRING, SHOMER_ABI_MAJOR, SHOMER_ABI_MINOR, store_backend_version(),
	       geo_proj_version(), schemas ? schemas : h->schema_dir);
	free(schemas);
	for (size_t i = 0; i < h->n_plugin_dirs; i++)
		printf("plugin directory: %s\n", h->plugin_dirs[i]);
	for (size_t i = 0; i < h->n_plugins; i++) {
		const struct host_plugin *p = &h->plugins[i];
		printf("plugin %s: %s%s\n", p->name, p->refused ? "refused: " : "loaded",
		       p->refused ? p->refused : "");
		problems += p->refused != NULL;
	}
	if (!have_db) {
		printf("database: none at '%s' (create one with 'shomer init')\n", c->db_path);
		return problems ? SHOMER_EXIT_FAILED : 0;
	}
	if (!db_ok) {
		printf("database: %s\n", why);
		free(why);
		return SHOMER_EXIT_FAILED;
	}
	int64_t n = 0, bad = 0;
	site_count(h->store, &n, NULL);
	printf("database: %s (%lld sites)\n", c->db_path, (long long)n);
	char *wal = xstrfmt("%s-wal", c->db_path), *shm = xstrfmt("%s-shm", c->db_path);
	problems += doctor_mode(c->db_path) + doctor_mode(wal) + doctor_mode(shm);
	free(wal);
	free(shm);
	printf("crs: %s\n", geo_crs(h->geo));
	describe_transform(h->geo, stdout);
	store_query_int(h->store,
	                "SELECT count(*) FROM pragma_integrity_check WHERE integrity_check <> 'ok'",
	                NULL, 0, &bad, NULL, NULL);
	printf("integrity: %s\n",
	       bad == 0 ? "ok" : "PROBLEMS (run sqlite3 'PRAGMA integrity_check')");
	return (problems || bad) ? SHOMER_EXIT_FAILED : 0;
}
