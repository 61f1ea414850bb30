/*
 * demand.c - see demand.h.
 *
 * Local times become UTC through the host's parse_time, which reads a
 * time without a zone as Europe/London: a Friday 18:00 session is 17:00Z
 * in October before the clocks go back and 18:00Z after.
 */
#include "demand.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "records.h"

#include "banned.h"

/* A posture rule: kind ("any" or a site kind), from attendance, from
 * threat level: guards, and whether one must lead. */
struct rule {
	char kind[24];
	int min_attendance, threat, guards, team_leader;
};

/*
 * The defaults, and why (docs/guards.md has the table): every session has
 * someone on the door; more people need more eyes and someone in charge;
 * a raised threat adds a guard at every size; schools and their children
 * get one more than the same crowd elsewhere, a cemetery or a shop one
 * fewer (small, brief, mostly daytime).
 */
static const struct rule defaults[] = {
        {"any", 0, 1, 1, 0},    {"any", 0, 3, 2, 0},      {"any", 0, 4, 3, 1},
        {"any", 0, 5, 4, 1},    {"any", 150, 1, 2, 0},    {"any", 150, 3, 3, 1},
        {"any", 150, 4, 4, 1},  {"any", 150, 5, 6, 1},    {"any", 500, 1, 3, 1},
        {"any", 500, 3, 5, 1},  {"any", 500, 4, 6, 1},    {"any", 500, 5, 8, 1},
        {"school", 0, 1, 2, 0}, {"school", 0, 3, 3, 1},   {"school", 0, 4, 4, 1},
        {"school", 0, 5, 5, 1}, {"cemetery", 0, 1, 1, 0}, {"cemetery", 0, 4, 2, 0},
        {"shop", 0, 1, 1, 0},   {"shop", 0, 4, 2, 0},
};

struct rules {
	struct rule *v;
	size_t n, a;
};

static int rule_row(void *ud, int ncols, const struct shomer_value *v)
{
	struct rules *r = ud;

	if (ncols != 5)
		return SHOMER_ERR;
	if (r->n == r->a) {
		size_t a = r->a ? r->a * 2 : 32;
		struct rule *nv = guards_api->alloc(a * sizeof(*nv));
		if (r->n)
			memcpy(nv, r->v, r->n * sizeof(*nv));
		guards_api->free(r->v);
		r->v = nv;
		r->a = a;
	}
	struct rule *q = &r->v[r->n++];
	snprintf(q->kind, sizeof(q->kind), "%s", v[0].type == SHOMER_TEXT ? v[0].u.s : "");
	q->min_attendance = v[1].type == SHOMER_INT ? (int)v[1].u.i : 0;
	q->threat = v[2].type == SHOMER_INT ? (int)v[2].u.i : 1;
	q->guards = v[3].type == SHOMER_INT ? (int)v[3].u.i : 0;
	q->team_leader = v[4].type == SHOMER_INT && v[4].u.i;
	return SHOMER_OK;
}

/* The rule for a session: the site's own kind before "any", then the
 * highest threat and the largest attendance that still apply. */
static const struct rule *rule_for(const struct rule *v, size_t n, const char *kind, int attendance,
                                   int threat)
{
	const struct rule *best = NULL;

	for (int pass = 0; pass < 2 && !best; pass++) {
		const char *want = pass == 0 ? kind : "any";
		for (size_t i = 0; i < n; i++) {
			const struct rule *r = &v[i];
			if (strcmp(r->kind, want) != 0 || r->min_attendance > attendance ||
			    r->threat > threat)
				continue;
			if (!best || r->threat > best->threat ||
			    (r->threat == best->threat && r->min_attendance > best->min_attendance))
				best = r;
		}
	}
	return best;
}

struct site_info {
	char id[65];
	char *name, *kind, *region;
	double x, y;
	int threat;
	struct shomer_session *sessions;
	char **labels;
	size_t n_sessions;
};

struct gather {
	struct shomer_host *host;
	struct site_info *v;
	size_t n, a;
	char **errmsg;
	int failed;
};

static int take_site(void *ud, const struct shomer_site *s, double dist)
{
	struct gather *g = ud;
	enum shomer_threat lvl = 0;

	(void)dist;
	if (g->n == g->a) {
		size_t a = g->a ? g->a * 2 : 64;
		struct site_info *nv = guards_api->alloc(a * sizeof(*nv));
		if (g->n)
			memcpy(nv, g->v, g->n * sizeof(*nv));
		guards_api->free(g->v);
		g->v = nv;
		g->a = a;
	}
	struct site_info *i = &g->v[g->n++];
	memset(i, 0, sizeof(*i));
	snprintf(i->id, sizeof(i->id), "%s", s->id);
	i->name = guards_api->strdup(s->name);
	i->kind = guards_api->strdup(s->kind);
	i->region = guards_api->strdup(s->region);
	i->x = s->x;
	i->y = s->y;
	if (guards_api->threat_level(g->host, s->region, &lvl, g->errmsg) != SHOMER_OK)
		return SHOMER_ERR;
	/* with no level recorded anywhere, the UK's long-standing national
	 * level, substantial */
	i->threat = lvl > 0 ? (int)lvl : 3;
	i->n_sessions = s->n_sessions;
	i->sessions = guards_api->alloc((s->n_sessions + 1) * sizeof(*i->sessions));
	i->labels = guards_api->alloc((s->n_sessions + 1) * sizeof(*i->labels));
	for (size_t k = 0; k < s->n_sessions; k++) {
		i->sessions[k] = s->sessions[k];
		i->labels[k] = guards_api->strdup(s->sessions[k].label ? s->sessions[k].label : "");
		i->sessions[k].label = i->labels[k];
	}
	return SHOMER_OK;
}

static void gather_release(struct gather *g)
{
	for (size_t i = 0; i < g->n; i++) {
		guards_api->free(g->v[i].name);
		guards_api->free(g->v[i].kind);
		guards_api->free(g->v[i].region);
		for (size_t k = 0; k < g->v[i].n_sessions; k++)
			guards_api->free(g->v[i].labels[k]);
		guards_api->free(g->v[i].labels);
		guards_api->free(g->v[i].sessions);
	}
	guards_api->free(g->v);
}

/* Days since 1970-01-01 of "YYYY-MM-DD", and back. */
int64_t guards_day_number(const char *d)
{
	int64_t y = 0, m, dd;
	for (int i = 0; i < 4; i++)
		y = y * 10 + (d[i] - '0');
	m = (d[5] - '0') * 10 + (d[6] - '0');
	dd = (d[8] - '0') * 10 + (d[9] - '0');
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400, yoe = y - era * 400;
	int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + dd - 1;
	return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

static void date_of(int64_t days, char out[11])
{
	int64_t z = days + 719468, era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097, yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
	int64_t d = doy - (153 * mp + 2) / 5 + 1, m = mp < 10 ? mp + 3 : mp - 9,
	        y = yoe + era * 400;
	snprintf(out, 11, "%04d-%02d-%02d", (int)(y + (m <= 2)), (int)m, (int)d);
}

/* UTC seconds of local `date` plus `minutes` (which may pass midnight). */
static int local_time(int64_t day, int minutes, int64_t *out)
{
	char d[11], text[32];
	date_of(day + minutes / 1440, d);
	minutes %= 1440;
	snprintf(text, sizeof(text), "%sT%02d:%02d", d, minutes / 60, minutes % 60);
	return guards_api->parse_time(text, out);
}

static int add_shift(struct guards_demand *d, const struct site_info *s, const struct rule *r,
                     int64_t day, int start_min, int end_min, const char *label, int attendance,
                     int from_event)
{
	int stop = end_min > start_min ? end_min : end_min + 1440;
	struct guards_shift *sh;

	if (d->n == d->a) {
		size_t a = d->a ? d->a * 2 : 128;
		struct guards_shift *nv = guards_api->alloc(a * sizeof(*nv));
		if (d->n)
			memcpy(nv, d->v, d->n * sizeof(*nv));
		guards_api->free(d->v);
		d->v = nv;
		d->a = a;
	}
	sh = &d->v[d->n];
	memset(sh, 0, sizeof(*sh));
	if (local_time(day, start_min, &sh->start) != SHOMER_OK ||
	    local_time(day, stop, &sh->end) != SHOMER_OK)
		return SHOMER_ERR;
	d->n++;
	snprintf(sh->site, sizeof(sh->site), "%s", s->id);
	sh->site_name = guards_api->strdup(s->name);
	sh->kind = guards_api->strdup(s->kind);
	sh->region = guards_api->strdup(s->region);
	sh->label = guards_api->strdup(label);
	date_of(day, sh->date);
	sh->start_min = start_min;
	sh->end_min = end_min;
	sh->attendance = attendance;
	sh->threat = s->threat;
	sh->guards = r ? r->guards : 0;
	sh->team_leader = r ? r->team_leader : 0;
	sh->x = s->x;
	sh->y = s->y;
	sh->from_event = from_event;
	return SHOMER_OK;
}

struct event_ctx {
	struct guards_demand *d;
	struct gather *g;
	const struct rule *rules;
	size_t n_rules;
	int failed;
};

/* Columns: site_id, date, start_min, end_min, attendance, label. */
static int event_row(void *ud, int ncols, const struct shomer_value *v)
{
	struct event_ctx *c = ud;

	if (ncols != 6 || v[0].type != SHOMER_TEXT || v[1].type != SHOMER_TEXT)
		return SHOMER_ERR;
	for (size_t i = 0; i < c->g->n; i++) {
		const struct site_info *s = &c->g->v[i];
		if (strcmp(s->id, v[0].u.s) != 0)
			continue;
		int att = v[4].type == SHOMER_INT ? (int)v[4].u.i : 0;
		const struct rule *r = rule_for(c->rules, c->n_rules, s->kind, att, s->threat);
		return add_shift(c->d, s, r, guards_day_number(v[1].u.s), (int)v[2].u.i,
		                 (int)v[3].u.i, v[5].type == SHOMER_TEXT ? v[5].u.s : "", att, 1);
	}
	return SHOMER_OK; /* a site outside the region asked for */
}

static int by_start(const void *a, const void *b)
{
	const struct guards_shift *p = a, *q = b;
	if (p->start != q->start)
		return p->start < q->start ? -1 : 1;
	return strcmp(p->site, q->site);
}

int guards_demand_build(struct shomer_host *host, const char *from, const char *to,
                        const char *region, struct guards_demand *d, char **errmsg)
{
	struct rules rs = {0};
	struct gather g = {.host = host, .errmsg = errmsg};
	struct shomer_site_filter f = {.size = sizeof(f), .region = region};
	int rc = SHOMER_ERR;

	memset(d, 0, sizeof(*d));
	if (guards_api->db_query(host,
	                         "SELECT kind, min_attendance, threat, guards, team_leader "
	                         "FROM guards_posture",
	                         NULL, 0, rule_row, &rs, errmsg) != SHOMER_OK)
		goto out;
	const struct rule *rules = rs.n ? rs.v : defaults;
	size_t n_rules = rs.n ? rs.n : sizeof(defaults) / sizeof(defaults[0]);
	d->default_posture = rs.n == 0;
	if (guards_api->site_foreach(host, &f, take_site, &g, errmsg) != SHOMER_OK)
		goto out;
	for (int64_t day = guards_day_number(from); day <= guards_day_number(to); day++) {
		int wd = (int)(((day + 3) % 7 + 7) % 7); /* 1970-01-01 was a Thursday */
		for (size_t i = 0; i < g.n; i++) {
			const struct site_info *s = &g.v[i];
			for (size_t k = 0; k < s->n_sessions; k++) {
				const struct shomer_session *se = &s->sessions[k];
				if (se->day != wd)
					continue;
				const struct rule *r = rule_for(rules, n_rules, s->kind,
				                                se->attendance, s->threat);
				if (add_shift(d, s, r, day, se->start_min, se->end_min, se->label,
				              se->attendance, 0) != SHOMER_OK) {
					guards_fail(
					        errmsg, SHOMER_ERR,
					        "cannot place a session of site '%s' in local time",
					        s->id);
					goto out;
				}
			}
		}
	}
	struct shomer_value p[2] = {SHOMER_V_TEXT(from), SHOMER_V_TEXT(to)};
	struct event_ctx ec = {.d = d, .g = &g, .rules = rules, .n_rules = n_rules};
	if (guards_api->db_query(host,
	                         "SELECT site_id, date, start_min, end_min, attendance, label "
	                         "FROM guards_events WHERE date BETWEEN ? AND ? ORDER BY id",
	                         p, 2, event_row, &ec, errmsg) != SHOMER_OK)
		goto out;
	qsort(d->v, d->n, sizeof(*d->v), by_start);
	rc = SHOMER_OK;
out:
	guards_api->free(rs.v);
	gather_release(&g);
	return rc;
}

void guards_demand_release(struct guards_demand *d)
{
	for (size_t i = 0; i < d->n; i++) {
		guards_api->free(d->v[i].site_name);
		guards_api->free(d->v[i].kind);
		guards_api->free(d->v[i].region);
		guards_api->free(d->v[i].label);
	}
	guards_api->free(d->v);
	memset(d, 0, sizeof(*d));
}
