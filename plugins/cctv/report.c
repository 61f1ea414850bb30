/*
 * report.c - the CCTV section of `shomer report`: the sites whose cameras
 * see least, as `cctv coverage` last stored them (the shared attributes,
 * which the risk score's protection credit reads too).  Nothing is
 * computed here, and no blind spot's place is shown: only shares and
 * counts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmds.h"

#include "banned.h"

#define REPORT_WORST 10

/* The stored figures, in this order. */
static const char *const report_keys[] = {
        "cctv.coverage.detection", "cctv.coverage.identification",
        "cctv.perimeter",          "cctv.aoi_covered",
        "cctv.blind_spots",
};
#define N_KEYS (sizeof(report_keys) / sizeof(report_keys[0]))

struct row {
	char *id, *name;
	char *v[N_KEYS];
	double detection; /* for the order; -1: no figures */
};

struct rows {
	struct row *v;
	size_t n, alloc;
	size_t key; /* the key attr_foreach is reading */
	size_t at;  /* merge cursor: sites and attributes both come in id order */
};

static char *copy(const char *s)
{
	size_t n = strlen(s ? s : "") + 1;
	char *c = malloc(n);

	if (c)
		memcpy(c, s ? s : "", n);
	return c;
}

static int take_site(void *ud, const struct shomer_site *site, double dist)
{
	struct rows *r = ud;
	struct row *w;

	(void)dist;
	if (r->n == r->alloc) {
		size_t a = r->alloc ? 2 * r->alloc : 64;
		struct row *v = realloc(r->v, a * sizeof(*v));
		if (!v)
			return SHOMER_ERR;
		r->v = v;
		r->alloc = a;
	}
	w = &r->v[r->n];
	memset(w, 0, sizeof(*w));
	w->detection = -1;
	w->id = copy(site->id);
	w->name = copy(site->name);
	r->n++;
	return w->id && w->name ? SHOMER_OK : SHOMER_ERR;
}

static int take_value(void *ud, const char *site_id, const char *value, const char *set_at)
{
	struct rows *r = ud;

	(void)set_at;
	while (r->at < r->n && strcmp(r->v[r->at].id, site_id) < 0)
		r->at++;
	if (r->at == r->n || strcmp(r->v[r->at].id, site_id) != 0)
		return SHOMER_OK;
	r->v[r->at].v[r->key] = copy(value);
	if (!r->v[r->at].v[r->key])
		return SHOMER_ERR;
	if (r->key == 0)
		r->v[r->at].detection = strtod(value, NULL);
	return SHOMER_OK;
}

static int by_detection(const void *a, const void *b)
{
	const struct row *p = a, *q = b;

	if (p->detection != q->detection)
		return p->detection < q->detection ? -1 : 1;
	return strcmp(p->id, q->id);
}

/* "0.8734" as "87.34"; "" stays "". */
static void percent(const char *share, char *out, size_t n)
{
	if (!share || !*share)
		snprintf(out, n, "%s", "");
	else
		snprintf(out, n, "%.2f", 100.0 * strtod(share, NULL));
}

static int worst_table(struct rows *r, size_t from, size_t count, struct shomer_report *rep)
{
	static const char *const cols[] = {"id",          "name",
	                                   "detection %", "identification %",
	                                   "perimeter %", "areas covered %",
	                                   "blind spots"};
	static const enum shomer_col kinds[] = {
	        SHOMER_COL_TEXT,   SHOMER_COL_TEXT,   SHOMER_COL_NUMBER, SHOMER_COL_NUMBER,
	        SHOMER_COL_NUMBER, SHOMER_COL_NUMBER, SHOMER_COL_NUMBER};
	struct shomer_table *t = cctv_api->table_new(cols, kinds, 7);

	for (size_t i = from; i < from + count; i++) {
		const struct row *w = &r->v[i];
		char pc[4][32];
		for (int k = 0; k < 4; k++)
			percent(w->v[k], pc[k], sizeof(pc[k]));
		const char *row[] = {
		        w->id, w->name, pc[0], pc[1], pc[2], pc[3], w->v[4] ? w->v[4] : ""};
		cctv_api->table_row(t, row);
	}
	return cctv_api->report_table(rep, t);
}

int cctv_report(struct shomer_host *host, void *ud, struct shomer_report *rep, char **errmsg)
{
	struct rows r = {0};
	size_t first = 0, shown;
	char line[320];
	int rc;

	(void)ud;
	rc = cctv_api->site_foreach(host, NULL, take_site, &r, errmsg);
	for (r.key = 0; r.key < N_KEYS && rc == SHOMER_OK; r.key++) {
		r.at = 0;
		rc = cctv_api->attr_foreach(host, report_keys[r.key], take_value, &r, errmsg);
	}
	if (rc == SHOMER_OK) {
		qsort(r.v, r.n, sizeof(*r.v), by_detection);
		while (first < r.n && r.v[first].detection < 0)
			first++;
		shown = r.n - first < REPORT_WORST ? r.n - first : REPORT_WORST;
		rc = cctv_api->report_heading(rep, "CCTV");
		if (rc == SHOMER_OK) {
			if (shown == 0)
				snprintf(line, sizeof(line),
				         "No site has CCTV coverage figures yet: run 'shomer cctv "
				         "coverage'.");
			else
				snprintf(line, sizeof(line),
				         "The %zu site%s whose cameras see least of the %zu with "
				         "figures, as 'shomer cctv coverage' last stored them: "
				         "shares "
				         "of the outdoor area seen at detection (25 px/m) and "
				         "identification (250 px/m), of the perimeter, and of the "
				         "areas "
				         "of interest covered at the level each needs.",
				         shown, shown == 1 ? "" : "s", r.n - first);
			rc = cctv_api->report_text(rep, line);
		}
		if (rc == SHOMER_OK && shown)
			rc = worst_table(&r, first, shown, rep);
	}
	for (size_t i = 0; i < r.n; i++) {
		free(r.v[i].id);
		free(r.v[i].name);
		for (size_t k = 0; k < N_KEYS; k++)
			free(r.v[i].v[k]);
	}
	free(r.v);
	if (rc != SHOMER_OK && errmsg && !*errmsg)
		*errmsg = cctv_api->strdup("cannot write the CCTV section");
	return rc == SHOMER_OK ? SHOMER_OK : SHOMER_ERR;
}
