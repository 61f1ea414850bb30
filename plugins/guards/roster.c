/*
 * roster.c - see roster.h.
 */
#include "roster.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "anneal.h"
#include "patrol.h"

#include "banned.h"

#define WEEK_MIN (7 * 1440)

/* ---- who may take a shift at all ---- */

static int window_holds(const struct roster_guard *g, int a, int b)
{
	for (size_t i = 0; i < g->n_windows; i++)
		for (int k = -1; k <= 1; k++) {
			int wa = g->windows[i].a + k * WEEK_MIN,
			    wb = g->windows[i].b + k * WEEK_MIN;
			if (wa <= a && b <= wb)
				return 1;
		}
	return 0;
}

static int contains(const int *v, size_t n, int x)
{
	for (size_t i = 0; i < n; i++)
		if (v[i] == x)
			return 1;
	return 0;
}

static int available(const struct roster_guard *g, const struct roster_shift *s)
{
	if (!window_holds(g, s->week_min, s->week_min + s->minutes))
		return 0;
	for (size_t i = 0; i < g->n_absent; i++)
		if (g->absent[2 * i] <= s->day && s->day <= g->absent[2 * i + 1])
			return 0;
	return !contains(g->never, g->n_never, s->site);
}

/* ---- the state ---- */

struct gstate {
	int *shifts; /* assigned shift indexes, by start */
	size_t n, a;
	double *week_hours;
	double hours;
	int *sites, *site_n; /* sites served and how many shifts at each */
	size_t n_sites, a_sites;
};

struct state {
	const struct roster_guard *g;
	size_t n_guards;
	const struct roster_shift *s;
	size_t n_shifts;
	const struct roster_params *p;
	int weeks;
	struct gstate *gs;
	int **cand; /* per shift: candidate guards */
	size_t *n_cand;
	unsigned char *reach_any, *reach_lead; /* per shift */
	struct roster_slot *slots;
	size_t n_slots;
};

static double km(double ax, double ay, double bx, double by)
{
	return hypot(ax - bx, ay - by) / 1000.0;
}

/* Seconds needed between the end of shift i and the start of shift j for
 * guard g: the drive, and at least the guard's rest. */
static double gap_needed(const struct state *st, int gi, int i, int j)
{
	double drive = km(st->s[i].x, st->s[i].y, st->s[j].x, st->s[j].y) / st->p->speed_kmh * 3600;
	double rest = st->g[gi].min_rest * 3600;
	return drive > rest ? drive : rest;
}

/* Where shift j would go in guard g's list (the first with a later start). */
static size_t position(const struct state *st, const struct gstate *g, int j)
{
	size_t lo = 0, hi = g->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		const struct roster_shift *m = &st->s[g->shifts[mid]];
		if (m->start < st->s[j].start || (m->start == st->s[j].start && g->shifts[mid] < j))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Whether guard gi can also take shift j (not yet theirs). */
static int fits(const struct state *st, int gi, int j)
{
	const struct gstate *g = &st->gs[gi];
	const struct roster_shift *s = &st->s[j];
	size_t at = position(st, g, j);

	if (st->g[gi].max_hours * 60 < g->week_hours[s->week] * 60 + s->minutes - 1e-6)
		return 0;
	if (at > 0) {
		int i = g->shifts[at - 1];
		if ((double)st->s[i].end + gap_needed(st, gi, i, j) > (double)s->start)
			return 0;
	}
	if (at < g->n) {
		int k = g->shifts[at];
		if ((double)s->end + gap_needed(st, gi, j, k) > (double)st->s[k].start)
			return 0;
	}
	return 1;
}

static int site_count(const struct gstate *g, int site)
{
	for (size_t i = 0; i < g->n_sites; i++)
		if (g->sites[i] == site)
			return g->site_n[i];
	return 0;
}

/* What guard gi taking shift j adds to the penalty (j not theirs). */
static double marginal(const struct state *st, int gi, int j)
{
	const struct roster_guard *g = &st->g[gi];
	const struct gstate *gs = &st->gs[gi];
	const struct roster_shift *s = &st->s[j];
	double h = s->minutes / 60.0, c;

	c = 2 * km(g->x, g->y, s->x, s->y) * ROSTER_PER_KM;
	c += ROSTER_PER_HOUR2 * ((gs->hours + h) * (gs->hours + h) - gs->hours * gs->hours);
	if (g->n_prefers && !contains(g->prefers, g->n_prefers, s->site))
		c += ROSTER_NOT_PREFERRED;
	if (gs->n_sites > 0 && site_count(gs, s->site) == 0)
		c += ROSTER_PER_EXTRA_SITE;
	return c;
}

static double unfilled_cost(const struct roster_shift *s)
{
	return ROSTER_UNFILLED_PER_HOUR * (s->minutes / 60.0) * s->weight;
}

static void *grow(void *v, size_t *a, size_t need, size_t size)
{
	if (need <= *a)
		return v;
	size_t na = *a ? *a * 2 : 8;
	while (na < need)
		na *= 2;
	void *nv = realloc(v, na * size);
	if (nv)
		*a = na;
	return nv;
}

static int take(struct state *st, int gi, int j)
{
	struct gstate *g = &st->gs[gi];
	const struct roster_shift *s = &st->s[j];
	size_t at = position(st, g, j), a = g->a;
	int *ns = grow(g->shifts, &a, g->n + 1, sizeof(int));

	if (!ns)
		return -1;
	g->shifts = ns;
	g->a = a;
	memmove(g->shifts + at + 1, g->shifts + at, (g->n - at) * sizeof(int));
	g->shifts[at] = j;
	g->n++;
	g->week_hours[s->week] += s->minutes / 60.0;
	g->hours += s->minutes / 60.0;
	for (size_t i = 0; i < g->n_sites; i++)
		if (g->sites[i] == s->site) {
			g->site_n[i]++;
			return 0;
		}
	size_t as = g->a_sites, as2 = g->a_sites;
	int *sites = grow(g->sites, &as, g->n_sites + 1, sizeof(int));
	if (!sites)
		return -1;
	g->sites = sites;
	int *counts = grow(g->site_n, &as2, g->n_sites + 1, sizeof(int));
	if (!counts)
		return -1;
	g->site_n = counts;
	g->a_sites = as < as2 ? as : as2;
	g->sites[g->n_sites] = s->site;
	g->site_n[g->n_sites++] = 1;
	return 0;
}

static void give_up(struct state *st, int gi, int j)
{
	struct gstate *g = &st->gs[gi];
	const struct roster_shift *s = &st->s[j];
	size_t at = position(st, g, j);

	if (at >= g->n || g->shifts[at] != j)
		return;
	memmove(g->shifts + at, g->shifts + at + 1, (g->n - at - 1) * sizeof(int));
	g->n--;
	g->week_hours[s->week] -= s->minutes / 60.0;
	g->hours -= s->minutes / 60.0;
	for (size_t i = 0; i < g->n_sites; i++)
		if (g->sites[i] == s->site) {
			if (--g->site_n[i] == 0) {
				g->sites[i] = g->sites[g->n_sites - 1];
				g->site_n[i] = g->site_n[g->n_sites - 1];
				g->n_sites--;
			}
			break;
		}
}

static int qualified(const struct state *st, int gi, const struct roster_slot *sl)
{
	return !sl->lead || (st->g[gi].quals & ROSTER_Q_LEADER);
}

/* ---- set-up ---- */

static int candidates(struct state *st)
{
	const double reach = st->p->reach_km;

	st->cand = calloc(st->n_shifts + 1, sizeof(*st->cand));
	st->n_cand = calloc(st->n_shifts + 1, sizeof(*st->n_cand));
	st->reach_any = calloc(st->n_shifts + 1, 1);
	st->reach_lead = calloc(st->n_shifts + 1, 1);
	if (!st->cand || !st->n_cand || !st->reach_any || !st->reach_lead)
		return -1;
	/* shifts of one site share everything but the time: the guards in
	 * reach are found once per site */
	int *near = malloc((st->n_guards + 1) * sizeof(int));
	if (!near)
		return -1;
	int last_site = -1;
	size_t n_near = 0;
	for (size_t j = 0; j < st->n_shifts; j++) {
		const struct roster_shift *s = &st->s[j];
		if (s->site != last_site) {
			n_near = 0;
			for (size_t gi = 0; gi < st->n_guards; gi++)
				if (km(st->g[gi].x, st->g[gi].y, s->x, s->y) <= reach)
					near[n_near++] = (int)gi;
			last_site = s->site;
		}
		size_t a = 0;
		for (size_t k = 0; k < n_near; k++) {
			int gi = near[k];
			st->reach_any[j] = 1;
			if (st->g[gi].quals & ROSTER_Q_LEADER)
				st->reach_lead[j] = 1;
			if (!available(&st->g[gi], s))
				continue;
			int *nv = grow(st->cand[j], &a, st->n_cand[j] + 1, sizeof(int));
			if (!nv) {
				free(near);
				return -1;
			}
			st->cand[j] = nv;
			st->cand[j][st->n_cand[j]++] = gi;
		}
	}
	free(near);
	return 0;
}

/* Shifts in the order of their sites, so that candidates() finds the
 * guards in reach once per site: an index permutation. */
static int by_site_cmp_ctx(const struct roster_shift *s, int a, int b)
{
	if (s[a].site != s[b].site)
		return s[a].site < s[b].site ? -1 : 1;
	return (a > b) - (a < b);
}

/* ---- the search ---- */

static void fill_greedy(struct state *st)
{
	for (size_t k = 0; k < st->n_slots; k++) {
		struct roster_slot *sl = &st->slots[k];
		int j = sl->shift, best = -1;
		double bc = 0;
		for (size_t c = 0; c < st->n_cand[j]; c++) {
			int gi = st->cand[j][c];
			if (!qualified(st, gi, sl) || !fits(st, gi, j))
				continue;
			double m = marginal(st, gi, j);
			if (best < 0 || m < bc) {
				best = gi;
				bc = m;
			}
		}
		if (best >= 0 && bc < unfilled_cost(&st->s[j]) && take(st, best, j) == 0)
			sl->guard = best;
	}
}

/* The move made tentatively by propose(): slot sl from guard old (-1:
 * unfilled) to guard gi. */
struct search {
	struct state *st;
	struct roster_slot *sl;
	int gi, old;
};

/* One move (anneal.h): a slot drawn at random, and a candidate for it. */
static int propose(void *ctx, struct guards_rng *g, double *delta)
{
	struct search *se = ctx;
	struct state *st = se->st;
	struct roster_slot *sl = &st->slots[(size_t)(guards_rng_unit(g) * (double)st->n_slots)];
	int j = sl->shift;

	if (st->n_cand[j] == 0)
		return 0;
	int gi = st->cand[j][(size_t)(guards_rng_unit(g) * (double)st->n_cand[j])];
	if (gi == sl->guard || !qualified(st, gi, sl))
		return 0;
	double before;
	se->sl = sl;
	se->gi = gi;
	se->old = sl->guard;
	if (se->old >= 0) {
		give_up(st, se->old, j);
		before = marginal(st, se->old, j);
	} else {
		before = unfilled_cost(&st->s[j]);
	}
	if (!fits(st, gi, j)) {
		if (se->old >= 0)
			take(st, se->old, j); /* put back: it fitted before */
		return 0;
	}
	*delta = marginal(st, gi, j) - before;
	return 1;
}

static int keep(void *ctx)
{
	struct search *se = ctx;

	if (take(se->st, se->gi, se->sl->shift) != 0)
		return -1;
	se->sl->guard = se->gi;
	return 0;
}

static void undo(void *ctx)
{
	struct search *se = ctx;

	if (se->old >= 0)
		take(se->st, se->old, se->sl->shift); /* put back: it fitted before */
}

/* The search: anneal.c's, cooling from 30 to 0.2 (in units of the
 * penalty), within the budget of moves and the time limit. */
static void anneal(struct state *st, struct roster_result *r)
{
	static const struct anneal_ops ops = {propose, keep, undo, NULL};
	struct anneal_params ap = {
	        .moves = st->p->moves > 0 ? st->p->moves : 40L * (long)st->n_slots + 200000,
	        .t_start = 30,
	        .t_end = 0.2,
	        .deadline = st->p->time_limit,
	};
	struct search se = {.st = st};
	struct guards_rng g;
	double t0 = anneal_seconds();

	guards_rng_seed(&g, st->p->seed);
	if (st->n_slots > 0)
		r->moves += anneal_run(&ops, &se, &ap, &g);
	r->seconds = anneal_seconds() - t0;
}

static void reasons(struct state *st)
{
	for (size_t k = 0; k < st->n_slots; k++) {
		struct roster_slot *sl = &st->slots[k];
		int j = sl->shift, any = 0;
		if (sl->guard >= 0) {
			sl->reason = ROSTER_FILLED;
			continue;
		}
		if (!(sl->lead ? st->reach_lead[j] : st->reach_any[j])) {
			sl->reason = ROSTER_NO_QUALIFIED;
			continue;
		}
		for (size_t c = 0; c < st->n_cand[j] && !any; c++)
			any = qualified(st, st->cand[j][c], sl);
		sl->reason = any ? ROSTER_CONFLICTS : ROSTER_NO_AVAILABLE;
	}
}

static void penalties(const struct state *st, struct roster_result *r)
{
	r->unfilled = r->travel = r->fairness = r->preference = r->continuity = 0;
	for (size_t k = 0; k < st->n_slots; k++) {
		const struct roster_slot *sl = &st->slots[k];
		const struct roster_shift *s = &st->s[sl->shift];
		if (sl->guard < 0) {
			r->unfilled += unfilled_cost(s);
			continue;
		}
		const struct roster_guard *g = &st->g[sl->guard];
		r->travel += 2 * km(g->x, g->y, s->x, s->y) * ROSTER_PER_KM;
		if (g->n_prefers && !contains(g->prefers, g->n_prefers, s->site))
			r->preference += ROSTER_NOT_PREFERRED;
	}
	for (size_t gi = 0; gi < st->n_guards; gi++) {
		const struct gstate *g = &st->gs[gi];
		r->fairness += ROSTER_PER_HOUR2 * g->hours * g->hours;
		if (g->n_sites > 1)
			r->continuity += ROSTER_PER_EXTRA_SITE * (double)(g->n_sites - 1);
		r->hours[gi] = g->hours;
	}
	r->total = r->unfilled + r->travel + r->fairness + r->preference + r->continuity;
}

static const struct roster_shift *sort_shifts;

static int shift_order(const void *a, const void *b)
{
	return by_site_cmp_ctx(sort_shifts, *(const int *)a, *(const int *)b);
}

int roster_solve(const struct roster_guard *g, size_t n_guards, const struct roster_shift *s,
                 size_t n_shifts, const struct roster_params *p, struct roster_result *r)
{
	struct state st = {.g = g, .n_guards = n_guards, .s = s, .n_shifts = n_shifts, .p = p};
	int rc = -1;

	memset(r, 0, sizeof(*r));
	for (size_t j = 0; j < n_shifts; j++)
		if (s[j].week + 1 > st.weeks)
			st.weeks = s[j].week + 1;
	st.gs = calloc(n_guards + 1, sizeof(*st.gs));
	r->hours = calloc(n_guards + 1, sizeof(double));
	if (!st.gs || !r->hours)
		goto out;
	for (size_t gi = 0; gi < n_guards; gi++) {
		st.gs[gi].week_hours = calloc((size_t)st.weeks + 1, sizeof(double));
		if (!st.gs[gi].week_hours)
			goto out;
	}
	/* candidates per shift, found site by site */
	{
		int *order = malloc((n_shifts + 1) * sizeof(int));
		struct roster_shift *sorted = malloc((n_shifts + 1) * sizeof(*sorted));
		if (!order || !sorted) {
			free(order);
			free(sorted);
			goto out;
		}
		for (size_t j = 0; j < n_shifts; j++)
			order[j] = (int)j;
		sort_shifts = s;
		qsort(order, n_shifts, sizeof(int), shift_order);
		for (size_t j = 0; j < n_shifts; j++)
			sorted[j] = s[order[j]];
		st.s = sorted;
		int bad = candidates(&st);
		st.s = s;
		/* back to the caller's order */
		int **cand = calloc(n_shifts + 1, sizeof(*cand));
		size_t *n_cand = calloc(n_shifts + 1, sizeof(*n_cand));
		unsigned char *ra = calloc(n_shifts + 1, 1), *rl = calloc(n_shifts + 1, 1);
		if (!bad && cand && n_cand && ra && rl) {
			for (size_t j = 0; j < n_shifts; j++) {
				cand[order[j]] = st.cand[j];
				n_cand[order[j]] = st.n_cand[j];
				ra[order[j]] = st.reach_any[j];
				rl[order[j]] = st.reach_lead[j];
			}
		}
		free(st.cand);
		free(st.n_cand);
		free(st.reach_any);
		free(st.reach_lead);
		st.cand = cand;
		st.n_cand = n_cand;
		st.reach_any = ra;
		st.reach_lead = rl;
		free(order);
		free(sorted);
		if (bad || !cand || !n_cand || !ra || !rl)
			goto out;
	}
	for (size_t j = 0; j < n_shifts; j++)
		st.n_slots += (size_t)s[j].guards;
	st.slots = calloc(st.n_slots + 1, sizeof(*st.slots));
	if (!st.slots)
		goto out;
	{
		size_t k = 0;
		for (size_t j = 0; j < n_shifts; j++)
			for (int i = 0; i < s[j].guards; i++) {
				st.slots[k].shift = (int)j;
				st.slots[k].lead = s[j].team_leader && i == 0;
				st.slots[k++].guard = -1;
			}
	}
	fill_greedy(&st);
	anneal(&st, r);
	reasons(&st);
	penalties(&st, r);
	r->slots = st.slots;
	r->n_slots = st.n_slots;
	st.slots = NULL;
	rc = 0;
out:
	if (st.gs)
		for (size_t gi = 0; gi < n_guards; gi++) {
			free(st.gs[gi].shifts);
			free(st.gs[gi].week_hours);
			free(st.gs[gi].sites);
			free(st.gs[gi].site_n);
		}
	free(st.gs);
	if (st.cand)
		for (size_t j = 0; j < n_shifts; j++)
			free(st.cand[j]);
	free(st.cand);
	free(st.n_cand);
	free(st.reach_any);
	free(st.reach_lead);
	free(st.slots);
	if (rc)
		roster_result_release(r);
	return rc;
}

void roster_result_release(struct roster_result *r)
{
	free(r->slots);
	free(r->hours);
	memset(r, 0, sizeof(*r));
}
