/*
 * report.c - the guards section of `shomer report`: the sites whose last
 * roster filled least of the guard-hours they needed (guards.cover, as
 * `shomer guards roster` last stored it).  No guard is named.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guards.h"

#include "banned.h"

#define REPORT_WORST 10

struct cover {
	char id[65];
	char at[32];
	double share;
};

struct covers {
	struct cover *v;
	size_t n, a;
};

static int take(void *ud, const char *site_id, const char *value, const char *set_at)
{
	struct covers *c = ud;
	char *end;
	double v = strtod(value, &end);

	if (*end)
		return SHOMER_OK;
	if (c->n == c->a) {
		size_t a = c->a ? c->a * 2 : 64;
		struct cover *nv = guards_api->alloc(a * sizeof(*nv));
		if (c->n)
			memcpy(nv, c->v, c->n * sizeof(*nv));
		guards_api->free(c->v);
		c->v = nv;
		c->a = a;
	}
	struct cover *w = &c->v[c->n++];
	snprintf(w->id, sizeof(w->id), "%s", site_id);
	snprintf(w->at, sizeof(w->at), "%s", set_at ? set_at : "");
	w->share = v;
	return SHOMER_OK;
}

static int by_share(const void *a, const void *b)
{
	const struct cover *p = a, *q = b;
	if (p->share != q->share)
		return p->share < q->share ? -1 : 1;
	return strcmp(p->id, q->id);
}

int guards_report(struct shomer_host *host, void *ud, struct shomer_report *rep, char **errmsg)
{
	static const char *const cols[] = {"site", "guard-hours filled %", "rostered at"};
	static const enum shomer_col kinds[] = {SHOMER_COL_TEXT, SHOMER_COL_NUMBER,
	                                        SHOMER_COL_TEXT};
	struct covers c = {0};
	char line[320];
	int rc;

	(void)ud;
	rc = guards_api->attr_foreach(host, "guards.cover", take, &c, errmsg);
	if (rc == SHOMER_OK)
		rc = guards_api->report_heading(rep, "Guards");
	if (rc == SHOMER_OK) {
		size_t shown = c.n < REPORT_WORST ? c.n : REPORT_WORST;
		if (c.n)
			qsort(c.v, c.n, sizeof(*c.v), by_share);
		if (shown == 0)
			snprintf(line, sizeof(line),
			         "No site has been rostered yet: run 'shomer guards roster'.");
		else
			snprintf(line, sizeof(line),
			         "The %zu site%s whose last roster filled least of the guard-hours "
			         "the posture asks for, of the %zu rostered.",
			         shown, shown == 1 ? "" : "s", c.n);
		rc = guards_api->report_text(rep, line);
		if (rc == SHOMER_OK && shown) {
			struct shomer_table *t = guards_api->table_new(cols, kinds, 3);
			for (size_t i = 0; i < shown; i++) {
				char pc[32];
				snprintf(pc, sizeof(pc), "%.1f", 100.0 * c.v[i].share);
				const char *row[3] = {c.v[i].id, pc, c.v[i].at};
				guards_api->table_row(t, row);
			}
			rc = guards_api->report_table(rep, t);
		}
	}
	guards_api->free(c.v);
	return rc == SHOMER_OK ? SHOMER_OK : SHOMER_ERR;
}
