/*
 * cmd_roster.c - `shomer guards roster --from DATE --to DATE`: the demand
 * of the period (demand.c) filled from the guards (roster.c); every
 * assignment, every unfilled slot with its reason, the penalty by part;
 * as a table, CSV, JSON or an RFC 5545 calendar.  Stores guards.cover, the
 * share of each site's required guard-hours that the roster fills.
 *
 * Guards appear by id.  Their names are personal data: they appear only
 * with --with-names, which the manager who needs them asks for by name.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demand.h"
#include "guards.h"
#include "records.h"
#include "roster.h"

#include "banned.h"

struct gmeta {
	char id[65];
	char *name, *role;
};

struct loaded {
	struct roster_guard *g;
	struct gmeta *meta;
	size_t n, a;
	/* sites of the demand, for preferences */
	char (*site_ids)[65];
	size_t n_sites;
};

static int find_guard(const struct loaded *l, const char *id)
{
	size_t lo = 0, hi = l->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(l->meta[mid].id, id);
		if (c == 0)
			return (int)mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

static int find_site(const struct loaded *l, const char *id)
{
	for (size_t i = 0; i < l->n_sites; i++)
		if (strcmp(l->site_ids[i], id) == 0)
			return (int)i;
	return -1;
}

static const char *text(const struct shomer_value *v)
{
	return v->type == SHOMER_TEXT ? v->u.s : "";
}

static double real(const struct shomer_value *v)
{
	return v->type == SHOMER_REAL ? v->u.r : v->type == SHOMER_INT ? (double)v->u.i : 0;
}

static int guard_row(void *ud, int ncols, const struct shomer_value *v)
{
	struct loaded *l = ud;

	if (ncols != 8)
		return SHOMER_ERR;
	if (l->n == l->a) {
		size_t a = l->a ? l->a * 2 : 64;
		struct roster_guard *ng = guards_api->alloc(a * sizeof(*ng));
		struct gmeta *nm = guards_api->alloc(a * sizeof(*nm));
		if (l->n) {
			memcpy(ng, l->g, l->n * sizeof(*ng));
			memcpy(nm, l->meta, l->n * sizeof(*nm));
		}
		guards_api->free(l->g);
		guards_api->free(l->meta);
		l->g = ng;
		l->meta = nm;
		l->a = a;
	}
	struct roster_guard *g = &l->g[l->n];
	struct gmeta *m = &l->meta[l->n++];
	memset(g, 0, sizeof(*g));
	memset(m, 0, sizeof(*m));
	snprintf(m->id, sizeof(m->id), "%s", text(&v[0]));
	m->name = guards_api->strdup(text(&v[1]));
	m->role = guards_api->strdup(text(&v[2]));
	const char *q = text(&v[3]);
	if (strstr(q, "sia-licence"))
		g->quals |= ROSTER_Q_SIA;
	if (strstr(q, "first-aid"))
		g->quals |= ROSTER_Q_FIRST;
	if (strstr(q, "team-leader"))
		g->quals |= ROSTER_Q_LEADER;
	g->max_hours = real(&v[4]);
	g->min_rest = real(&v[5]);
	g->x = real(&v[6]);
	g->y = real(&v[7]);
	return SHOMER_OK;
}

static void *push(void *v, size_t n, size_t size)
{
	void *nv = guards_api->alloc((n + 1) * size);
	if (n)
		memcpy(nv, v, n * size);
	guards_api->free(v);
	return nv;
}

static int window_row(void *ud, int ncols, const struct shomer_value *v)
{
	struct loaded *l = ud;
	int gi = ncols == 4 ? find_guard(l, text(&v[0])) : -1;

	if (gi < 0)
		return SHOMER_OK;
	struct roster_guard *g = &l->g[gi];
	int d = (int)v[1].u.i, a = (int)v[2].u.i, b = (int)v[3].u.i;
	g->windows = push(g->windows, g->n_windows, sizeof(*g->windows));
	g->windows[g->n_windows].a = d * 1440 + a;
	g->windows[g->n_windows++].b = d * 1440 + (b > a ? b : b + 1440);
	return SHOMER_OK;
}

static int absence_row(void *ud, int ncols, const struct shomer_value *v)
{
	struct loaded *l = ud;
	int gi = ncols == 3 ? find_guard(l, text(&v[0])) : -1;

	if (gi < 0 || strlen(text(&v[1])) != 10 || strlen(text(&v[2])) != 10)
		return SHOMER_OK;
	struct roster_guard *g = &l->g[gi];
	int64_t *na = guards_api->alloc((2 * g->n_absent + 2) * sizeof(int64_t));
	if (g->n_absent)
		memcpy(na, g->absent, 2 * g->n_absent * sizeof(int64_t));
	guards_api->free(g->absent);
	g->absent = na;
	g->absent[2 * g->n_absent] = guards_day_number(text(&v[1]));
	g->absent[2 * g->n_absent + 1] = guards_day_number(text(&v[2]));
	g->n_absent++;
	return SHOMER_OK;
}

static int pref_row(void *ud, int ncols, const struct shomer_value *v)
{
	struct loaded *l = ud;
	int gi = ncols == 3 ? find_guard(l, text(&v[0])) : -1;
	int site = gi >= 0 ? find_site(l, text(&v[1])) : -1;

	if (gi < 0)
		return SHOMER_OK;
	struct roster_guard *g = &l->g[gi];
	/* a site with no demand in the period still counts as preferred:
	 * the guard's other shifts are then not at a preferred site */
	if (v[2].type == SHOMER_INT && v[2].u.i) {
		if (site < 0)
			return SHOMER_OK;
		g->never = push(g->never, g->n_never, sizeof(int));
		g->never[g->n_never++] = site;
	} else {
		g->prefers = push(g->prefers, g->n_prefers, sizeof(int));
		g->prefers[g->n_prefers++] = site;
	}
	return SHOMER_OK;
}

struct weights {
	const struct loaded *l;
	double *w;
};

static int score_row(void *ud, const char *site_id, const char *value, const char *set_at)
{
	struct weights *w = ud;
	int s = find_site(w->l, site_id);
	char *end;
	double v;

	(void)set_at;
	if (s < 0)
		return SHOMER_OK;
	errno = 0;
	v = strtod(value, &end);
	if (!*end && !errno && isfinite(v) && v >= 0)
		w->w[s] = 1.0 + v / 20.0;
	return SHOMER_OK;
}

static void loaded_release(struct loaded *l)
{
	for (size_t i = 0; i < l->n; i++) {
		guards_api->free(l->g[i].windows);
		guards_api->free(l->g[i].absent);
		guards_api->free(l->g[i].prefers);
		guards_api->free(l->g[i].never);
		guards_api->free(l->meta[i].name);
		guards_api->free(l->meta[i].role);
	}
	guards_api->free(l->g);
	guards_api->free(l->meta);
	guards_api->free(l->site_ids);
}

static const char *reason_text(enum roster_reason r, int lead)
{
	switch (r) {
	case ROSTER_FILLED: return "";
	case ROSTER_NO_QUALIFIED:
		return lead ? "no team leader within reach" : "no one within reach";
	case ROSTER_NO_AVAILABLE:
		return lead ? "no team leader available then" : "no one available then";
	case ROSTER_CONFLICTS: return "only guards busy elsewhere, resting or at their hours";
	}
	return "";
}

/* ---- the calendar (RFC 5545) ---- */

/* A content line, escaped and folded at 75 octets. */
static void ics_line(FILE *f, const char *name, const char *value, int escape)
{
	char buf[2048];
	size_t n = (size_t)snprintf(buf, sizeof(buf), "%s:", name);

	for (const char *p = value; *p && n < sizeof(buf) - 3; p++) {
		if (escape && (*p == '\\' || *p == ';' || *p == ',')) {
			buf[n++] = '\\';
			buf[n++] = *p;
		} else if (escape && *p == '\n') {
			buf[n++] = '\\';
			buf[n++] = 'n';
		} else if ((unsigned char)*p >= 0x20) {
			buf[n++] = *p;
		}
	}
	buf[n] = '\0';
	size_t at = 0, width = 75;
	while (n - at > width) {
		/* never split a UTF-8 sequence */
		size_t cut = at + width;
		while (cut > at && ((unsigned char)buf[cut] & 0xC0) == 0x80)
			cut--;
		fwrite(buf + at, 1, cut - at, f);
		fputs("\r\n ", f);
		at = cut;
		width = 74;
	}
	fputs(buf + at, f);
	fputs("\r\n", f);
}

static void ics_time(int64_t t, char out[20])
{
	char iso[32];
	guards_api->format_time(t, iso); /* YYYY-MM-DDTHH:MM:SSZ */
	snprintf(out, 20, "%.4s%.2s%.2sT%.2s%.2s%.2sZ", iso, iso + 5, iso + 8, iso + 11, iso + 14,
	         iso + 17);
}

struct options {
	const char *from, *to, *region, *out, *only_guard;
	enum { F_TABLE, F_CSV, F_JSON, F_ICS } fmt;
	int with_names;
	struct roster_params p;
};

static void write_ics(FILE *f, const struct guards_demand *d, const struct roster_result *r,
                      const struct loaded *l, const struct options *o, int64_t stamp)
{
	char ts[20], te[20], tn[20], uid[256], sum[512], desc[512];

	ics_time(stamp, tn);
	fputs("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Shomer//guards roster//EN\r\n"
	      "CALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\n",
	      f);
	for (size_t k = 0; k < r->n_slots; k++) {
		const struct roster_slot *sl = &r->slots[k];
		if (sl->guard < 0)
			continue;
		const struct gmeta *gm = &l->meta[sl->guard];
		if (o->only_guard && strcmp(gm->id, o->only_guard) != 0)
			continue;
		const struct guards_shift *s = &d->v[sl->shift];
		ics_time(s->start, ts);
		ics_time(s->end, te);
		snprintf(uid, sizeof(uid), "%s-%s-%04d-%zu-%s@shomer", s->date, s->site,
		         s->start_min, k, gm->id);
		snprintf(sum, sizeof(sum), "%s at %s", sl->lead ? "Team leader" : "Guard duty",
		         s->site_name);
		snprintf(desc, sizeof(desc), "%s (%d expected). Guard %s%s%s.", s->label,
		         s->attendance, gm->id, o->with_names ? ": " : "",
		         o->with_names ? gm->name : "");
		fputs("BEGIN:VEVENT\r\n", f);
		ics_line(f, "UID", uid, 0);
		ics_line(f, "DTSTAMP", tn, 0);
		ics_line(f, "DTSTART", ts, 0);
		ics_line(f, "DTEND", te, 0);
		ics_line(f, "SUMMARY", sum, 1);
		ics_line(f, "LOCATION", s->site_name, 1);
		ics_line(f, "DESCRIPTION", desc, 1);
		fputs("END:VEVENT\r\n", f);
	}
	fputs("END:VCALENDAR\r\n", f);
}

static int write_table(FILE *f, const struct guards_demand *d, const struct roster_result *r,
                       const struct loaded *l, const struct options *o, char **errmsg)
{
	static const char *const names[] = {"date",   "start", "end",  "start_utc", "end_utc",
	                                    "site",   "label", "slot", "guard",     "status",
	                                    "reason", "km",    "name"};
	static const enum shomer_col kinds[] = {SHOMER_COL_TEXT, SHOMER_COL_TEXT, SHOMER_COL_TEXT,
	                                        SHOMER_COL_TEXT, SHOMER_COL_TEXT, SHOMER_COL_TEXT,
	                                        SHOMER_COL_TEXT, SHOMER_COL_TEXT, SHOMER_COL_TEXT,
	                                        SHOMER_COL_TEXT, SHOMER_COL_TEXT, SHOMER_COL_NUMBER,
	                                        SHOMER_COL_TEXT};
	struct shomer_table *t = guards_api->table_new(names, kinds, o->with_names ? 13 : 12);
	int slot_no = 0, last_shift = -1;

	for (size_t k = 0; k < r->n_slots; k++) {
		const struct roster_slot *sl = &r->slots[k];
		if (o->only_guard &&
		    (sl->guard < 0 || strcmp(l->meta[sl->guard].id, o->only_guard) != 0))
			continue;
		const struct guards_shift *s = &d->v[sl->shift];
		char a[8], b[8], slot[16], kmv[16] = "", su[32], eu[32];
		guards_api->format_time(s->start, su);
		guards_api->format_time(s->end, eu);
		slot_no = sl->shift == last_shift ? slot_no + 1 : 1;
		last_shift = sl->shift;
		snprintf(a, sizeof(a), "%02d:%02d", s->start_min / 60 % 24, s->start_min % 60);
		snprintf(b, sizeof(b), "%02d:%02d", s->end_min / 60 % 24, s->end_min % 60);
		snprintf(slot, sizeof(slot), "%d%s", slot_no, sl->lead ? " lead" : "");
		if (sl->guard >= 0) {
			const struct roster_guard *g = &l->g[sl->guard];
			snprintf(kmv, sizeof(kmv), "%.1f",
			         hypot(g->x - s->x, g->y - s->y) / 1000.0);
		}
		const char *cells[13] = {s->date,
		                         a,
		                         b,
		                         su,
		                         eu,
		                         s->site,
		                         s->label,
		                         slot,
		                         sl->guard >= 0 ? l->meta[sl->guard].id : "",
		                         sl->guard >= 0 ? "assigned" : "unfilled",
		                         reason_text(sl->reason, sl->lead),
		                         kmv,
		                         sl->guard >= 0 ? l->meta[sl->guard].name : ""};
		guards_api->table_row(t, cells);
	}
	int rc = guards_api->table_print(t,
	                                 o->fmt == F_CSV    ? SHOMER_FMT_CSV
	                                 : o->fmt == F_JSON ? SHOMER_FMT_JSON
	                                                    : SHOMER_FMT_TABLE,
	                                 f, errmsg);
	guards_api->table_free(t);
	return rc;
}

static void summary(FILE *f, const struct guards_demand *d, const struct roster_result *r,
                    const struct options *o)
{
	size_t filled = 0, by[4] = {0};
	double need_h = 0, got_h = 0;

	for (size_t k = 0; k < r->n_slots; k++) {
		const struct guards_shift *s = &d->v[r->slots[k].shift];
		double h = (double)(s->end - s->start) / 3600.0;
		need_h += h;
		if (r->slots[k].guard >= 0) {
			filled++;
			got_h += h;
		}
		by[r->slots[k].reason]++;
	}
	fprintf(f,
	        "\n%zu of %zu slots filled from %s to %s (%.1f of %.1f guard-hours, %.1f%%); "
	        "unfilled: %zu with no one in reach, %zu with no one available, %zu with "
	        "only busy guards\n",
	        filled, r->n_slots, o->from, o->to, got_h, need_h,
	        need_h > 0 ? 100.0 * got_h / need_h : 100.0, by[ROSTER_NO_QUALIFIED],
	        by[ROSTER_NO_AVAILABLE], by[ROSTER_CONFLICTS]);
	fprintf(f,
	        "penalty %.1f: unfilled %.1f, travel %.1f, fairness %.1f, preferences %.1f, "
	        "continuity %.1f (docs/guards.md gives the weights)\n",
	        r->total, r->unfilled, r->travel, r->fairness, r->preference, r->continuity);
}

/* guards.cover per site: the share of its required guard-hours filled. */
static int publish(struct shomer_host *host, const struct guards_demand *d,
                   const struct roster_result *r, const struct loaded *l, char **errmsg)
{
	double *need = calloc(l->n_sites + 1, sizeof(double)),
	       *got = calloc(l->n_sites + 1, sizeof(double));
	int rc = SHOMER_OK;

	if (!need || !got) {
		free(need);
		free(got);
		return guards_fail(errmsg, SHOMER_ERR, "out of memory");
	}
	for (size_t k = 0; k < r->n_slots; k++) {
		const struct guards_shift *s = &d->v[r->slots[k].shift];
		int site = find_site(l, s->site);
		double h = (double)(s->end - s->start) / 3600.0;
		need[site] += h;
		if (r->slots[k].guard >= 0)
			got[site] += h;
	}
	for (size_t i = 0; i < l->n_sites && rc == SHOMER_OK; i++) {
		char v[32];
		if (need[i] <= 0)
			continue;
		snprintf(v, sizeof(v), "%.4f", got[i] / need[i]);
		rc = guards_api->attr_set(host, l->site_ids[i], "guards.cover", v, errmsg);
	}
	free(need);
	free(got);
	return rc;
}

static int roster_run(struct shomer_host *host, void *ud, int argc, char **argv, char **errmsg)
{
	static const struct option opts[] = {
	        {"from", required_argument, NULL, 'f'},
	        {"to", required_argument, NULL, 't'},
	        {"region", required_argument, NULL, 'r'},
	        {"seed", required_argument, NULL, 's'},
	        {"time-limit", required_argument, NULL, 'l'},
	        {"format", required_argument, NULL, 'o'},
	        {"out", required_argument, NULL, 'O'},
	        {"guard", required_argument, NULL, 'g'},
	        {"with-names", no_argument, NULL, 'n'},
	        {"speed", required_argument, NULL, 'v'},
	        {"reach", required_argument, NULL, 'R'},
	        {NULL, 0, NULL, 0},
	};
	struct options o = {.fmt = F_TABLE,
	                    .p = {.speed_kmh = 30, .reach_km = 25, .time_limit = 60, .seed = 1}};
	struct guards_demand d;
	struct loaded l = {0};
	struct roster_result r;
	char *end;
	int c, rc;

	(void)ud;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (c) {
		case 'f': o.from = optarg; break;
		case 't': o.to = optarg; break;
		case 'r': o.region = optarg; break;
		case 'O': o.out = optarg; break;
		case 'g': o.only_guard = optarg; break;
		case 'n': o.with_names = 1; break;
		case 's': {
			errno = 0;
			unsigned long long v = strtoull(optarg, &end, 10);
			if (!*optarg || *end || errno || *optarg == '-')
				return guards_fail(errmsg, SHOMER_EXIT_USAGE,
				                   "--seed '%s' is not a whole number from 0",
				                   optarg);
			o.p.seed = v;
			break;
		}
		case 'l':
		case 'v':
		case 'R': {
			errno = 0;
			double v = strtod(optarg, &end);
			double hi = c == 'l' ? 86400 : c == 'v' ? 200 : 500;
			if (!*optarg || *end || errno || !(v > 0) || v > hi)
				return guards_fail(errmsg, SHOMER_EXIT_USAGE,
				                   "%s '%s' is not a number above 0 (at most %g)",
				                   c == 'l'   ? "--time-limit"
				                   : c == 'v' ? "--speed"
				                              : "--reach",
				                   optarg, hi);
			*(c == 'l'   ? &o.p.time_limit
			  : c == 'v' ? &o.p.speed_kmh
			             : &o.p.reach_km) = v;
			break;
		}
		case 'o':
			if (strcmp(optarg, "table") == 0)
				o.fmt = F_TABLE;
			else if (strcmp(optarg, "csv") == 0)
				o.fmt = F_CSV;
			else if (strcmp(optarg, "json") == 0)
				o.fmt = F_JSON;
			else if (strcmp(optarg, "ics") == 0)
				o.fmt = F_ICS;
			else
				return guards_fail(
				        errmsg, SHOMER_EXIT_USAGE,
				        "--format '%s' is not one of table, csv, json, ics",
				        optarg);
			break;
		default: return guards_usage(errmsg, c, argv[optind - 1]);
		}
	}
	if (optind < argc)
		return guards_fail(errmsg, SHOMER_EXIT_USAGE, "unexpected argument '%s'",
		                   argv[optind]);
	if ((rc = guards_parse_period(o.from, o.to, errmsg)) != SHOMER_OK)
		return rc;

	if (guards_demand_build(host, o.from, o.to, o.region, &d, errmsg) != SHOMER_OK) {
		guards_demand_release(&d);
		return SHOMER_EXIT_FAILED;
	}
	/* the demand's sites, in order of first appearance */
	l.site_ids = guards_api->alloc((d.n + 1) * sizeof(*l.site_ids));
	for (size_t i = 0; i < d.n; i++)
		if (find_site(&l, d.v[i].site) < 0)
			snprintf(l.site_ids[l.n_sites++], 65, "%s", d.v[i].site);
	rc = SHOMER_EXIT_FAILED;
	if (guards_api->db_query(
	            host,
	            "SELECT id, name, role, quals, max_hours, min_rest, home_x, home_y "
	            "FROM guards_guards ORDER BY id",
	            NULL, 0, guard_row, &l, errmsg) != SHOMER_OK ||
	    guards_api->db_query(host,
	                         "SELECT guard_id, day, start_min, end_min FROM guards_windows",
	                         NULL, 0, window_row, &l, errmsg) != SHOMER_OK ||
	    guards_api->db_query(host, "SELECT guard_id, from_date, to_date FROM guards_absences",
	                         NULL, 0, absence_row, &l, errmsg) != SHOMER_OK ||
	    guards_api->db_query(host, "SELECT guard_id, site_id, never FROM guards_site_prefs",
	                         NULL, 0, pref_row, &l, errmsg) != SHOMER_OK)
		goto out;
	if (o.only_guard && find_guard(&l, o.only_guard) < 0) {
		rc = guards_fail(errmsg, SHOMER_EXIT_REJECTED, "no guard '%s'", o.only_guard);
		goto out;
	}
	struct weights w = {.l = &l, .w = guards_api->alloc((l.n_sites + 1) * sizeof(double))};
	for (size_t i = 0; i < l.n_sites; i++)
		w.w[i] = 1.0;
	if (guards_api->attr_foreach(host, "risk.score", score_row, &w, errmsg) != SHOMER_OK) {
		guards_api->free(w.w);
		goto out;
	}
	struct roster_shift *sh = guards_api->alloc((d.n + 1) * sizeof(*sh));
	int64_t monday = guards_day_number(o.from);
	monday -= ((monday + 3) % 7 + 7) % 7;
	for (size_t i = 0; i < d.n; i++) {
		const struct guards_shift *s = &d.v[i];
		int64_t day = guards_day_number(s->date);
		int wd = (int)(((day + 3) % 7 + 7) % 7);
		int site = find_site(&l, s->site);
		sh[i] = (struct roster_shift){.site = site,
		                              .x = s->x,
		                              .y = s->y,
		                              .start = s->start,
		                              .end = s->end,
		                              .week_min = wd * 1440 + s->start_min,
		                              .minutes = (int)((s->end - s->start) / 60),
		                              .day = day,
		                              .week = (int)((day - monday) / 7),
		                              .guards = s->guards,
		                              .team_leader = s->team_leader,
		                              .weight = w.w[site]};
	}
	guards_api->free(w.w);
	int solved = roster_solve(l.g, l.n, sh, d.n, &o.p, &r);
	guards_api->free(sh);
	if (solved) {
		rc = guards_fail(errmsg, SHOMER_EXIT_FAILED, "out of memory");
		goto out;
	}
	FILE *f = stdout;
	char *tmp = NULL;
	if (o.out && !(f = guards_api->file_open_private(o.out, &tmp, errmsg))) {
		roster_result_release(&r);
		goto out;
	}
	int ok = SHOMER_OK;
	if (o.fmt == F_ICS)
		write_ics(f, &d, &r, &l, &o, guards_api->now(host));
	else
		ok = write_table(f, &d, &r, &l, &o, errmsg);
	if (ok == SHOMER_OK && o.fmt == F_TABLE)
		summary(f, &d, &r, &o);
	if (o.out)
		ok = guards_api->file_close_private(f, tmp, o.out, ok == SHOMER_OK, errmsg);
	if (ok == SHOMER_OK && o.out)
		summary(stdout, &d, &r, &o);
	if (ok == SHOMER_OK && !o.only_guard)
		ok = publish(host, &d, &r, &l, errmsg);
	roster_result_release(&r);
	rc = ok == SHOMER_OK ? SHOMER_EXIT_OK : SHOMER_EXIT_FAILED;
out:
	loaded_release(&l);
	guards_demand_release(&d);
	return rc;
}

const struct shomer_command guards_roster_cmd = {
        .size = sizeof(struct shomer_command),
        .group = "guards",
        .verb = "roster",
        .usage = "--from DATE --to DATE [--region R] [--seed N] [--time-limit S] "
                 "[--format table|csv|json|ics] [--out FILE] [--guard ID] [--with-names] "
                 "[--speed KMH] [--reach KM]",
        .summary = "who guards which session: assignments, unfilled slots and why",
        .run = roster_run,
        .ud = NULL,
};
