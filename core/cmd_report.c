/*
 * cmd_report.c - `shomer report`: the registry's summary, then one section
 * from each loaded plugin, as text on stdout and optionally as one HTML file
 * and the site map as an SVG file.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "core_schema.h"
#include "host.h"
#include "incident.h"
#include "store.h"
#include "threat.h"
#include "timeutil.h"
#include "report.h"
#include "site.h"
#include "table.h"
#include "util.h"

#include "banned.h"

/* Per-region tallies gathered in one pass over the sites. */
struct region_sum {
	char *name;
	size_t by_kind[16];
	size_t total;
	long capacity;
	long day_attendance[7];
	size_t no_perimeter, no_schedule, no_force;
};

struct summary {
	struct region_sum *r;
	size_t n, alloc;
	struct site *sites; /* copies for the map */
	size_t n_sites, a_sites;
};

static struct region_sum *region_of(struct summary *s, const char *name)
{
	for (size_t i = 0; i < s->n; i++) {
		if (strcmp(s->r[i].name, name) == 0)
			return &s->r[i];
	}
	ALLOC_GROW(s->r, s->n + 1, s->alloc);
	struct region_sum *r = &s->r[s->n++];
	memset(r, 0, sizeof(*r));
	r->name = xstrdup(name);
	return r;
}

static size_t kind_index(const char *kind)
{
	for (size_t i = 0; i < core_site_kinds_count; i++) {
		if (strcmp(core_site_kinds[i], kind) == 0)
			return i;
	}
	return core_site_kinds_count - 1;
}

/* A deep copy of the parts of a site the map draws. */
static void copy_for_map(struct site *dst, const struct site *src)
{
	const struct shomer_site *p = &src->pub;
	site_init(dst);
	dst->id = xstrdup(p->id);
	dst->name = xstrdup(p->name);
	dst->kind = xstrdup(p->kind);
	dst->region = xstrdup(p->region);
	dst->police_force = xstrdup(p->police_force);
	dst->pub.lat = p->lat;
	dst->pub.lon = p->lon;
	dst->pub.x = p->x;
	dst->pub.y = p->y;
	if (p->n_perimeter) {
		size_t bytes = p->n_perimeter * sizeof(struct shomer_xy);
		dst->perimeter = xmalloc(bytes);
		dst->perimeter_ll = xmalloc(bytes);
		memcpy(dst->perimeter, p->perimeter, bytes);
		memcpy(dst->perimeter_ll, p->perimeter_ll, bytes);
		dst->pub.n_perimeter = p->n_perimeter;
	}
	site_sync_view(dst);
}

static int tally(void *ud, const struct site *st)
{
	struct summary *s = ud;
	const struct shomer_site *p = &st->pub;
	struct region_sum *r = region_of(s, p->region);
	r->by_kind[kind_index(p->kind)]++;
	r->total++;
	r->capacity += p->capacity;
	r->no_perimeter += p->n_perimeter == 0;
	r->no_schedule += p->n_sessions == 0;
	r->no_force += !*p->police_force;
	/* A site's busiest session each day, not the sum of its sessions: a
	 * school's arrival, day and departure are the same pupils. */
	int peak[7] = {0};
	for (size_t i = 0; i < p->n_sessions; i++) {
		const struct shomer_session *q = &p->sessions[i];
		if (q->attendance > peak[q->day])
			peak[q->day] = q->attendance;
	}
	for (int d = 0; d < 7; d++)
		r->day_attendance[d] += peak[d];
	ALLOC_GROW(s->sites, s->n_sites + 1, s->a_sites);
	copy_for_map(&s->sites[s->n_sites++], st);
	return 0;
}

static struct shomer_table *kinds_table(const struct summary *s)
{
	size_t nk = core_site_kinds_count, nc = nk + 3;
	const char **cols = xmalloc(nc * sizeof(*cols));
	enum shomer_col *kinds = xmalloc(nc * sizeof(*kinds));
	cols[0] = "region";
	kinds[0] = SHOMER_COL_TEXT;
	for (size_t i = 0; i < nk; i++) {
		cols[i + 1] = core_site_kinds[i];
		kinds[i + 1] = SHOMER_COL_NUMBER;
	}
	cols[nk + 1] = "total";
	cols[nk + 2] = "capacity";
	kinds[nk + 1] = kinds[nk + 2] = SHOMER_COL_NUMBER;
	struct shomer_table *t = table_new(cols, kinds, nc);
	char **cells = xcalloc(nc, sizeof(*cells));
	for (size_t i = 0; i < s->n; i++) {
		const struct region_sum *r = &s->r[i];
		cells[0] = xstrdup(r->name);
		for (size_t k = 0; k < nk; k++)
			cells[k + 1] = xstrfmt("%zu", r->by_kind[k]);
		cells[nk + 1] = xstrfmt("%zu", r->total);
		cells[nk + 2] = xstrfmt("%ld", r->capacity);
		table_row(t, (const char *const *)cells);
		for (size_t k = 0; k < nc; k++)
			free(cells[k]);
	}
	free(cells);
	free(cols);
	free(kinds);
	return t;
}

static struct shomer_table *attendance_table(const struct summary *s)
{
	static const char *const cols[] = {"region", "mon", "tue", "wed",     "thu",
	                                   "fri",    "sat", "sun", "peak day"};
	enum shomer_col kinds[ARRAY_SIZE(cols)];
	for (size_t i = 0; i < ARRAY_SIZE(cols); i++)
		kinds[i] = SHOMER_COL_NUMBER;
	kinds[0] = kinds[8] = SHOMER_COL_TEXT;
	struct shomer_table *t = table_new(cols, kinds, ARRAY_SIZE(cols));
	for (size_t i = 0; i < s->n; i++) {
		const struct region_sum *r = &s->r[i];
		char num[7][24];
		const char *cells[9];
		int peak = 0;
		cells[0] = r->name;
		for (int d = 0; d < 7; d++) {
			snprintf(num[d], sizeof(num[d]), "%ld", r->day_attendance[d]);
			cells[d + 1] = num[d];
			if (r->day_attendance[d] > r->day_attendance[peak])
				peak = d;
		}
		cells[8] = site_day_names[peak];
		table_row(t, cells);
	}
	return t;
}

static struct shomer_table *quality_table(const struct summary *s)
{
	static const char *const cols[] = {"region", "no perimeter", "no schedule",
	                                   "no police force"};
	static const enum shomer_col kinds[] = {SHOMER_COL_TEXT, SHOMER_COL_NUMBER,
	                                        SHOMER_COL_NUMBER, SHOMER_COL_NUMBER};
	struct shomer_table *t = table_new(cols, kinds, 4);
	for (size_t i = 0; i < s->n; i++) {
		const struct region_sum *r = &s->r[i];
		char a[24], b[24], c[24];
		snprintf(a, sizeof(a), "%zu", r->no_perimeter);
		snprintf(b, sizeof(b), "%zu", r->no_schedule);
		snprintf(c, sizeof(c), "%zu", r->no_force);
		const char *cells[] = {r->name, a, b, c};
		table_row(t, cells);
	}
	return t;
}

static void summary_release(struct summary *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->r[i].name);
	free(s->r);
	for (size_t i = 0; i < s->n_sites; i++)
		site_release(&s->sites[i]);
	free(s->sites);
}

static int cmp_force(const void *a, const void *b)
{
	const struct site *x = a, *y = b;
	int c = strcmp(x->police_force ? x->police_force : "",
	               y->police_force ? y->police_force : "");
	return c ? c : strcmp(x->id, y->id);
}

/*
 * The overview map of every site, then one map per police force area: at
 * national scale a town's sites sit on top of each other, and a force area
 * is both compact and the unit the police liaison works in.
 */
static int maps(struct shomer_report *rep, struct summary *s, char **map_svg, char **why)
{
	struct shomer_site *views = xmalloc((s->n_sites ? s->n_sites : 1) * sizeof(*views));
	for (size_t i = 0; i < s->n_sites; i++)
		views[i] = s->sites[i].pub;
	int rc = report_site_map(views, s->n_sites, 900, map_svg, why);
	if (rc == 0)
		report_svg(rep, *map_svg, "map of the sites, coloured by kind");
	report_heading(rep, "Sites by police force area");
	qsort(s->sites, s->n_sites, sizeof(*s->sites), cmp_force);
	for (size_t i = 0; i < s->n_sites; i++)
		views[i] = s->sites[i].pub;
	for (size_t i = 0, j; rc == 0 && i < s->n_sites; i = j) {
		const char *force = views[i].police_force;
		for (j = i; j < s->n_sites && strcmp(views[j].police_force, force) == 0; j++)
			;
		char *svg = NULL;
		rc = report_site_map(views + i, j - i, 700, &svg, why);
		if (rc == 0) {
			char *cap = xstrfmt("%s: %zu site%s",
			                    *force ? force : "no police force recorded", j - i,
			                    j - i == 1 ? "" : "s");
			report_svg(rep, svg, cap);
			free(cap);
		}
		free(svg);
	}
	free(views);
	return rc;
}

/* ---- incidents and the threat posture ---- */

#define DAY 86400

struct incident_tally {
	int64_t now;
	size_t year[16], quarter[16], reported[16];
};

static size_t category_index(const char *category)
{
	for (size_t i = 0; i < core_incident_categories_count; i++) {
		if (strcmp(core_incident_categories[i], category) == 0)
			return i;
	}
	return core_incident_categories_count - 1;
}

static int tally_incident(void *ud, const struct incident *inc)
{
	struct incident_tally *t = ud;
	size_t c = category_index(inc->pub.category);
	t->year[c]++;
	t->quarter[c] += inc->pub.occurred_unix >= t->now - 91 * DAY;
	t->reported[c] += inc->pub.reported_to_police != 0;
	return 0;
}

static int incidents_section(struct host *h, struct shomer_report *rep, char **why)
{
	struct incident_tally t = {.now = time_now()};
	struct shomer_incident_filter f = {
	        .size = sizeof(f), .from_unix = t.now - 365 * DAY, .to_unix = t.now + 1};
	if (incident_foreach(h->store, &f, 0, tally_incident, &t, why))
		return -1;
	static const char *const cols[] = {"category", "last 12 months", "last 3 months",
	                                   "reported to police"};
	static const enum shomer_col kinds[] = {SHOMER_COL_TEXT, SHOMER_COL_NUMBER,
	                                        SHOMER_COL_NUMBER, SHOMER_COL_NUMBER};
	struct shomer_table *tab = table_new(cols, kinds, 4);
	size_t total = 0;
	for (size_t i = 0; i < core_incident_categories_count; i++) {
		char a[24], b[24], c[24];
		snprintf(a, sizeof(a), "%zu", t.year[i]);
		snprintf(b, sizeof(b), "%zu", t.quarter[i]);
		snprintf(c, sizeof(c), "%zu", t.reported[i]);
		const char *cells[] = {core_incident_categories[i], a, b, c};
		table_row(tab, cells);
		total += t.year[i];
	}
	report_heading(rep, "Incidents");
	char *line = xstrfmt("%zu incident%s recorded in the twelve months to the date of this "
	                     "report, by category.",
	                     total, total == 1 ? "" : "s");
	report_text(rep, line);
	free(line);
	report_table(rep, tab);
	return 0;
}

static int threat_section(struct host *h, struct shomer_report *rep, char **why)
{
	struct shomer_table *t = threat_table(h->store, time_now(), why);
	if (!t)
		return -1;
	report_heading(rep, "Threat posture");
	report_text(rep, "The level in force in each region is the higher of its own and the "
	                 "national level; a rise changes the guarding each site needs at once.");
	report_table(rep, t);
	return 0;
}

static int core_section(struct host *h, struct shomer_report *rep, char **map_svg, char **why)
{
	struct summary s = {0};
	if (site_foreach(h->store, NULL, tally, &s, why)) {
		summary_release(&s);
		return -1;
	}
	size_t total = 0;
	long cap = 0;
	for (size_t i = 0; i < s.n; i++) {
		total += s.r[i].total;
		cap += s.r[i].capacity;
	}
	report_heading(rep, "Site registry");
	char *line = xstrfmt("%zu site%s in %zu region%s, with room for %ld people in all.", total,
	                     total == 1 ? "" : "s", s.n, s.n == 1 ? "" : "s", cap);
	report_text(rep, line);
	free(line);
	report_table(rep, kinds_table(&s));
	report_heading(rep, "Peak attendance by day of the week");
	report_text(rep,
	            "For each day, the sum over the sites of each site's largest expected "
	            "attendance that day: how many people the buildings hold at their busiest, "
	            "and so which days need the most cover.");
	report_table(rep, attendance_table(&s));
	report_heading(rep, "Records to complete");
	report_text(rep, "Sites lacking a perimeter cannot be assessed for camera coverage; "
	                 "sites lacking a schedule produce no guarding demand.");
	report_table(rep, quality_table(&s));

	int rc = maps(rep, &s, map_svg, why);
	summary_release(&s);
	if (rc == 0)
		rc = threat_section(h, rep, why);
	if (rc == 0)
		rc = incidents_section(h, rep, why);
	return rc;
}

static int write_file(const char *path, const struct shomer_report *rep, const char *svg,
                      char **why)
{
	FILE *f = cli_open_out(path, why);
	if (!f)
		return -1;
	int rc = rep ? report_write_html(rep, f, why) : (fputs(svg, f) < 0 || fputc('\n', f) < 0);
	if (cli_close_out(f, path, rc ? NULL : why))
		rc = -1;
	return rc ? -1 : 0;
}

int cmd_report(struct cli *c, int argc, char **argv)
{
	const char *html = NULL, *map = NULL;
	static const struct option opts[] = {{"html", required_argument, NULL, 'H'},
	                                     {"map", required_argument, NULL, 'm'},
	                                     {NULL, 0, NULL, 0}};
	int o;
	optind = 0;
	while ((o = getopt_long(argc, argv, "H:m:", opts, NULL)) != -1) {
		if (o == 'H')
			html = optarg;
		else if (o == 'm')
			map = optarg;
		else
			return cli_usage("report", "unknown option");
	}
	if (optind != argc)
		return cli_usage("report", "unexpected argument '%s'", argv[optind]);
	struct host *h = c->host;
	struct shomer_report *rep = report_new("Shomer site report");
	char *why = NULL, *svg = NULL;
	int failed = 0;
	if (core_section(h, rep, &svg, &why)) {
		report_free(rep);
		free(svg);
		return cli_fail_msg(SHOMER_EXIT_FAILED, &why);
	}
	for (size_t i = 0; i < h->n_reports; i++) {
		struct host_report *r = &h->reports[i];
		struct host_plugin *p = &h->plugins[r->owner]; /* reports are plugins' only */
		if (r->fn(p->handle, r->ud, rep, &why) != SHOMER_OK) {
			cli_fail(SHOMER_EXIT_FAILED, "plugin '%s' could not write its section: %s",
			         p->name, why ? why : "no reason given");
			char *note = xstrfmt("The %s section could not be produced: %s", p->name,
			                     why ? why : "no reason given");
			report_text(rep, note);
			free(note);
			free(why);
			why = NULL;
			failed = 1;
		}
	}
	int rc = report_write_text(rep, stdout, &why);
	if (rc == 0 && html)
		rc = write_file(html, rep, NULL, &why);
	if (rc == 0 && map)
		rc = write_file(map, NULL, svg, &why);
	report_free(rep);
	free(svg);
	if (rc)
		return cli_fail_msg(SHOMER_EXIT_FAILED, &why);
	return failed ? SHOMER_EXIT_FAILED : 0;
}
