/*
 * colgen.c - see colgen.h.
 *
 * The pricing's states are packed in 64 bits: the last day's shift class
 * (or rest, or "before the first day"), the length of the current run, the
 * minutes so far in units of the shift lengths' greatest common divisor,
 * the weekends worked, and a count per capped shift type.  Each day's
 * states sit in one layer (a hash from state to its cheapest way in), kept
 * until the path back is read.  A person whose states do not fit the 64
 * bits makes the problem not applicable; the solver then goes on without.
 */
#include "colgen.h"

#include <glpk.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "anneal.h"
#include "mip.h"
#include "rng.h"

#include "banned.h"

#define RUN_BITS    6
#define MINUTE_BITS 16
#define WEEK_BITS   5
#define COUNT_BITS  29 /* what is left of the 64 */
#define MAX_CAPPED  8
/* more states than this in one person's pricing (about 100 MB): no bound */
#define MAX_STATES 4000000u
#define EPS        1e-6
/* a simplex this long has cycled: the relaxation is given up */
#define SIMPLEX_MOST 200000
/* people priced at once */
#define PRICE_THREADS 2
/* how far the prices priced lean toward those of the best bound so far */
#ifndef SMOOTH
#define SMOOTH 0.5
#endif
/* the last people of a dive are scheduled exactly in at least these
 * seconds, even past its deadline */
#define DIVE_END_LEAST 0.5
/* the share of the people a neighbourhood frees */
#ifndef LNS_SHARE
#define LNS_SHARE 0.6
#endif
#ifndef LNS_MOST
#define LNS_MOST 18
#endif
/* reduced costs this far over the gap count as within it: the simplex's
 * tolerances */
#define GAP_SLACK 1e-3
/* a slice of branch and price is one neighbourhood's time, and one more
 * for each neighbourhood in a row that saved nothing, up to this many */
#ifndef TREE_MOST
#define TREE_MOST 3
#endif
#ifndef PARK_EVERY
#define PARK_EVERY 50
#endif

/* ---- pricing ---- */

/* One person's rules as the states see them. */
struct rules {
	int S, D;
	int unit;     /* minutes */
	int len[128]; /* each shift's length, in units */
	int max_len;  /* the longest shift, in units */
	int min_len;  /* the shortest, in units (at least 1) */
	int min_u, max_u;
	int run_cap; /* runs are held exactly up to this length */
	int max_run; /* 0: no longest run within the horizon */
	int min_run, min_rest;
	int max_weekends;
	int n_capped;
	int cap_max[MAX_CAPPED], cap_shift[MAX_CAPPED], cap_width[MAX_CAPPED];
	int cap_index[128]; /* per shift type: its place among the capped, or -1 */
	/* Shift types that forbid the same next shifts leave the same future:
	 * the states hold the class of the last shift, and class k's first
	 * shift type stands for it. */
	int cls[128], rep[128];
};

#define KEY_LAST(k)    ((int)((k)&0xff))
#define KEY_RUN(k)     ((int)(((k) >> 8) & ((1u << RUN_BITS) - 1)))
#define KEY_MINUTES(k) ((int)(((k) >> 14) & ((1u << MINUTE_BITS) - 1)))
#define KEY_WEEKS(k)   ((int)(((k) >> 30) & ((1u << WEEK_BITS) - 1)))
#define KEY_COUNTS(k)  ((k) >> 35)

static uint64_t key_of(int last, int run, int minutes, int weeks, uint64_t counts)
{
	return (uint64_t)last | (uint64_t)run << 8 | (uint64_t)minutes << 14 |
	       (uint64_t)weeks << 30 | counts << 35;
}

static int gcd(int a, int b)
{
	while (b) {
		int t = a % b;
		a = b;
		b = t;
	}
	return a;
}

/* 0, or -1 when person e's rules do not fit the states. */
static int rules_of(const struct sp_problem *p, int e, struct rules *r)
{
	const struct sp_person *pe = &p->people[e];
	const int S = p->n_shifts, D = p->days;
	int bits = 0;

	if (S > 128) /* the last shift class, rest and start fit 8 bits */
		return -1;
	memset(r, 0, sizeof(*r));
	r->S = S;
	r->D = D;
	r->unit = 0;
	for (int s = 0; s < S; s++)
		r->unit = gcd(r->unit, p->shift_minutes[s]);
	if (r->unit <= 0)
		return -1;
	r->min_len = INT_MAX;
	for (int s = 0; s < S; s++) {
		r->len[s] = p->shift_minutes[s] / r->unit;
		if (r->len[s] > r->max_len)
			r->max_len = r->len[s];
		if (r->len[s] < r->min_len)
			r->min_len = r->len[s];
	}
	if (r->min_len < 1)
		return -1;
	long max_u = pe->max_minutes / r->unit, all = (long)D * r->max_len;
	if (max_u > all)
		max_u = all;
	if (max_u < 0 || max_u >= (1L << MINUTE_BITS))
		return -1;
	r->max_u = (int)max_u;
	r->min_u = (pe->min_minutes + r->unit - 1) / r->unit;
	/* a run is held exactly as far as a rule looks at its length */
	r->max_run = pe->max_consec < D ? pe->max_consec : 0;
	r->min_run = pe->min_consec;
	r->min_rest = pe->min_consec_off;
	r->run_cap = r->max_run > 0 ? r->max_run : r->min_run;
	if (r->min_rest > r->run_cap)
		r->run_cap = r->min_rest;
	if (r->run_cap < 1)
		r->run_cap = 1;
	if (r->run_cap >= (1 << RUN_BITS) - 1)
		return -1;
	r->max_weekends = pe->max_weekends < D / 7 ? pe->max_weekends : D / 7 + 1;
	if (r->max_weekends < 0 || r->max_weekends >= (1 << WEEK_BITS))
		return -1;
	int n_cls = 0;
	for (int s = 0; s < S; s++) {
		int k = 0;
		while (k < n_cls && memcmp(p->forbid + (size_t)r->rep[k] * S,
		                           p->forbid + (size_t)s * S, (size_t)S) != 0)
			k++;
		if (k == n_cls)
			r->rep[n_cls++] = s;
		r->cls[s] = k;
	}
	for (int s = 0; s < S; s++) {
		r->cap_index[s] = -1;
		int m = pe->max_shifts[s];
		if (m <= 0 || m >= D)
			continue;
		int b = 0;
		while ((1 << b) <= m)
			b++;
		if (r->n_capped == MAX_CAPPED || bits + b > COUNT_BITS)
			return -1;
		r->cap_index[s] = r->n_capped;
		r->cap_width[r->n_capped] = b;
		r->cap_max[r->n_capped] = m;
		r->cap_shift[r->n_capped] = bits;
		r->n_capped++;
		bits += b;
	}
	return 0;
}

struct layer {
	size_t n, cap;
	uint64_t *key;
	double *cost;
	uint32_t *pred;
	uint8_t *pick;  /* the shift taken into the state, or S for rest */
	uint32_t *slot; /* hash: index + 1, 0 empty */
	size_t mask;
};

static void layer_free(struct layer *l)
{
	free(l->key);
	free(l->cost);
	free(l->pred);
	free(l->pick);
	free(l->slot);
	memset(l, 0, sizeof(*l));
}

static size_t hash64(uint64_t k)
{
	k ^= k >> 33;
	k *= 0xff51afd7ed558ccdULL;
	k ^= k >> 33;
	k *= 0xc4ceb9fe1a85ec53ULL;
	k ^= k >> 33;
	return (size_t)k;
}

static int layer_rehash(struct layer *l, size_t slots)
{
	uint32_t *slot = calloc(slots, sizeof(*slot));
	if (!slot)
		return -1;
	free(l->slot);
	l->slot = slot;
	l->mask = slots - 1;
	for (size_t i = 0; i < l->n; i++) {
		size_t h = hash64(l->key[i]) & l->mask;
		while (l->slot[h])
			h = (h + 1) & l->mask;
		l->slot[h] = (uint32_t)i + 1;
	}
	return 0;
}

/* Keeps (key, cost) if it is the cheapest way into key so far; 0, or -1. */
static int layer_offer(struct layer *l, uint64_t key, double cost, uint32_t pred, int pick)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 1024;
		uint64_t *k = realloc(l->key, cap * sizeof(*k));
		if (k)
			l->key = k;
		double *c = realloc(l->cost, cap * sizeof(*c));
		if (c)
			l->cost = c;
		uint32_t *pr = realloc(l->pred, cap * sizeof(*pr));
		if (pr)
			l->pred = pr;
		uint8_t *pk = realloc(l->pick, cap);
		if (pk)
			l->pick = pk;
		if (!k || !c || !pr || !pk)
			return -1;
		l->cap = cap;
	}
	/* at most half the slots taken */
	if (!l->slot || (l->n + 1) * 2 > l->mask + 1)
		if (layer_rehash(l, l->slot ? (l->mask + 1) * 2 : 2048))
			return -1;
	size_t h = hash64(key) & l->mask;
	while (l->slot[h]) {
		uint32_t i = l->slot[h] - 1;
		if (l->key[i] == key) {
			if (cost < l->cost[i]) {
				l->cost[i] = cost;
				l->pred[i] = pred;
				l->pick[i] = (uint8_t)pick;
			}
			return 0;
		}
		h = (h + 1) & l->mask;
	}
	size_t i = l->n++;
	l->key[i] = key;
	l->cost[i] = cost;
	l->pred[i] = pred;
	l->pick[i] = (uint8_t)pick;
	l->slot[h] = (uint32_t)i + 1;
	return 0;
}

/*
 * The state after day d, with the weekends and capped counts that can no
 * longer matter set to 0: a cap that even every shift still possible
 * (days left, and minutes left at the shortest shift) cannot reach, or
 * weekends that all those left cannot take over the most.  States that
 * differ only there have the same futures, so they become one.
 */
static uint64_t state_key(const struct rules *r, int d, int last, int run, int m, int w,
                          uint64_t counts)
{
	const int left = r->D - 1 - d;
	int shifts = (r->max_u - m) / r->min_len;
	if (shifts > left)
		shifts = left;
	if (w + (left + 1) / 7 + 1 <= r->max_weekends)
		w = 0;
	for (int i = 0; i < r->n_capped; i++) {
		uint64_t field = (((uint64_t)1 << r->cap_width[i]) - 1) << r->cap_shift[i];
		int have = (int)((counts & field) >> r->cap_shift[i]);
		if (have + shifts <= r->cap_max[i])
			counts &= ~field;
	}
	return key_of(last, run, m, w, counts);
}

/*
 * Whether a schedule in state k before day d may take choice s that day
 * (s = S: rest) and still keep every hard rule; if so, the state after it
 * into *next.
 */
static int next_state(const struct sp_problem *p, const struct rules *r, int d, uint64_t k, int s,
                      uint64_t *next)
{
	const int S = r->S, REST = S, left = r->D - 1 - d, sunday = d % 7 == 6;
	const int last = KEY_LAST(k), run = KEY_RUN(k), m = KEY_MINUTES(k), w = KEY_WEEKS(k);
	const uint64_t counts = KEY_COUNTS(k);

	if (s == REST) {
		int nrun = 1;
		if (last < S) { /* a run of work ends: long enough, or from day 0 */
			if (run < r->min_run && run != d)
				return 0;
		} else if (last == REST)
			nrun = run + 1 > r->run_cap ? r->run_cap : run + 1;
		int nw = w + (sunday && last < S);
		/* minutes still reachable */
		if (nw > r->max_weekends || m + left * r->max_len < r->min_u)
			return 0;
		*next = state_key(r, d, REST, nrun, m, nw, counts);
		return 1;
	}
	int nrun = 1;
	if (last < S) {
		if (p->forbid[r->rep[last] * S + s])
			return 0;
		nrun = run + 1;
		if (r->max_run > 0 && nrun > r->max_run)
			return 0;
		if (nrun > r->run_cap)
			nrun = r->run_cap;
	} else if (last == REST) {
		/* a rest ends: long enough, or from day 0 */
		if (run < r->min_rest && run != d)
			return 0;
	}
	int nm = m + r->len[s];
	if (nm > r->max_u || nm + left * r->max_len < r->min_u)
		return 0;
	int nw = w + sunday;
	if (nw > r->max_weekends)
		return 0;
	uint64_t nc = counts;
	int ci = r->cap_index[s];
	if (ci >= 0) {
		int have = (int)((counts >> r->cap_shift[ci]) &
		                 (((uint64_t)1 << r->cap_width[ci]) - 1));
		if (have + 1 > r->cap_max[ci])
			return 0;
		nc = counts + ((uint64_t)1 << r->cap_shift[ci]);
	}
	*next = state_key(r, d, r->cls[s], nrun, nm, nw, nc);
	return 1;
}

/*
 * The cheapest schedule with day costs c[d * (S + 1) + s]
 * (s = S: rest; HUGE_VAL: not allowed) that keeps every hard rule and
 * costs less than limit, into row; *cost its cost.  A state is dropped as
 * soon as its cost and the cheapest choice of each day left (rules
 * aside) reach the limit: no schedule through it can be under it.  0; 1
 * when no schedule keeps the rules under the limit; -1 out of memory; -2
 * too many states.
 */
static int price(const struct sp_problem *p, const struct rules *r, const double *c, double limit,
                 struct layer *L, double *rest_lb, int *row, double *cost)
{
	const int S = r->S, D = r->D, REST = S, START = S + 1;
	size_t total = 0;
	int rc = 0;

	for (int d = 0; d <= D; d++) {
		L[d].n = 0;
		if (L[d].slot)
			memset(L[d].slot, 0, (L[d].mask + 1) * sizeof(*L[d].slot));
	}
	/* rest_lb[d]: the cheapest choice of every day from d on */
	rest_lb[D] = 0;
	for (int d = D - 1; d >= 0; d--) {
		double least = HUGE_VAL;
		for (int s = 0; s <= S; s++)
			if (c[(size_t)d * (S + 1) + s] < least)
				least = c[(size_t)d * (S + 1) + s];
		rest_lb[d] = rest_lb[d + 1] + least;
	}
	if (!(rest_lb[0] < limit))
		return 1;
	/* L[0]: before the first day; L[d + 1]: after day d */
	if (layer_offer(&L[0], key_of(START, 0, 0, 0, 0), 0.0, 0, REST))
		return -1;
	for (int d = 0; d < D && rc == 0; d++) {
		const struct layer *in = &L[d];
		struct layer *out = &L[d + 1];
		const double *cd = c + (size_t)d * (S + 1);
		const double ahead = rest_lb[d + 1];
		for (size_t i = 0; i < in->n && rc == 0; i++) {
			const double base = in->cost[i];
			/* rest first, then each shift */
			for (int t = 0; t <= S && rc == 0; t++) {
				const int s = t == 0 ? REST : t - 1;
				uint64_t next;
				if (cd[s] < HUGE_VAL && base + cd[s] + ahead < limit &&
				    next_state(p, r, d, in->key[i], s, &next))
					rc = layer_offer(out, next, base + cd[s], (uint32_t)i, s);
			}
		}
		total += out->n;
		if (rc == 0 && total > MAX_STATES)
			rc = -2;
	}
	if (rc != 0)
		return rc;
	const struct layer *end = &L[D];
	size_t best = (size_t)-1;
	for (size_t i = 0; i < end->n; i++) {
		if (KEY_MINUTES(end->key[i]) < r->min_u)
			continue;
		if (best == (size_t)-1 || end->cost[i] < end->cost[best])
			best = i;
	}
	if (best == (size_t)-1)
		return 1;
	*cost = end->cost[best];
	for (int d = D; d > 0; d--) {
		int pick = L[d].pick[best];
		row[d - 1] = pick == REST ? SP_OFF : pick;
		best = L[d].pred[best];
	}
	return 0;
}

/* ---- the master problem ---- */

struct master {
	const struct sp_problem *p;
	glp_prob *lp;
	int n_cover;     /* cover rows, 1..n_cover; person i's row n_cover + 1 + i */
	int *cover_row;  /* [d * S + s]: its row, or 0 */
	int first_col;   /* the first schedule column */
	double floor;    /* the relaxation over every schedule: no less */
	double cutoff;   /* a bound that rounds up to this ends the generation */
	int *col_person; /* per schedule column, from first_col */
	int **col_x;     /* its schedule */
	/* per schedule column: left out of the relaxation (held at 0, which
	 * the simplex skips) until the pricing asks for it again */
	unsigned char *parked;
	size_t n_cols, cap_cols;
	size_t *known; /* hash of (person, schedule): column index + 1, 0 empty */
	size_t known_mask;
	int *ind;
	double *val;
};

/* The request penalty of a schedule keeping every hard rule, or -1. */
static long schedule_cost(const struct sp_problem *p, int e, const int *row)
{
	long h = 0, soft = 0;
	sp_person_cost(p, e, row, &h, &soft);
	return h == 0 ? soft : -1;
}

static size_t row_hash(int e, const int *row, int D)
{
	uint64_t h = (uint64_t)e;
	for (int d = 0; d < D; d++)
		h = hash64(h * 31 + (uint64_t)(row[d] + 2));
	return (size_t)h;
}

/* The column index of person e's schedule row, or -1 when it is not one. */
static long find_column(const struct master *m, int e, const int *row)
{
	const int D = m->p->days;

	if (!m->known)
		return -1;
	for (size_t h = row_hash(e, row, D) & m->known_mask; m->known[h];
	     h = (h + 1) & m->known_mask) {
		size_t j = m->known[h] - 1;
		if (m->col_person[j] == e && memcmp(m->col_x[j], row, (size_t)D * sizeof(int)) == 0)
			return (long)j;
	}
	return -1;
}

static void file_column(struct master *m, size_t j)
{
	size_t h = row_hash(m->col_person[j], m->col_x[j], m->p->days) & m->known_mask;
	while (m->known[h])
		h = (h + 1) & m->known_mask;
	m->known[h] = j + 1;
}

/* Files column j under its schedule, the table growing to stay half
 * empty; -1 out of memory. */
static int know_column(struct master *m, size_t j)
{
	if (!m->known || 2 * (j + 1) > m->known_mask + 1) {
		size_t slots = m->known ? 2 * (m->known_mask + 1) : 1024;
		size_t *t = calloc(slots, sizeof(*t));
		if (!t)
			return -1;
		free(m->known);
		m->known = t;
		m->known_mask = slots - 1;
		for (size_t i = 0; i < j; i++)
			file_column(m, i);
	}
	file_column(m, j);
	return 0;
}

/* Adds person e's schedule row as a column; its index, or -1. */
static int add_column(struct master *m, int e, const int *row, long cost)
{
	const struct sp_problem *p = m->p;
	const int D = p->days, S = p->n_shifts;

	if (m->n_cols == m->cap_cols) {
		size_t cap = m->cap_cols ? m->cap_cols * 2 : 256;
		int *cp = realloc(m->col_person, cap * sizeof(*cp));
		if (cp)
			m->col_person = cp;
		int **cx = realloc(m->col_x, cap * sizeof(*cx));
		if (cx)
			m->col_x = cx;
		unsigned char *pk = realloc(m->parked, cap);
		if (pk)
			m->parked = pk;
		if (!cp || !cx || !pk)
			return -1;
		m->cap_cols = cap;
	}
	int *copy = malloc((size_t)D * sizeof(int));
	if (!copy)
		return -1;
	memcpy(copy, row, (size_t)D * sizeof(int));
	int n = 0;
	m->ind[++n] = m->n_cover + 1 + e;
	m->val[n] = 1;
	for (int d = 0; d < D; d++)
		if (row[d] >= 0 && m->cover_row[d * S + row[d]]) {
			m->ind[++n] = m->cover_row[d * S + row[d]];
			m->val[n] = 1;
		}
	int col = glp_add_cols(m->lp, 1);
	glp_set_col_bnds(m->lp, col, GLP_LO, 0, 0);
	glp_set_obj_coef(m->lp, col, (double)cost);
	glp_set_mat_col(m->lp, col, n, m->ind, m->val);
	m->col_person[m->n_cols] = e;
	m->col_x[m->n_cols] = copy;
	m->parked[m->n_cols] = 0;
	m->n_cols++;
	return know_column(m, m->n_cols - 1) ? -1 : col;
}

/*
 * The cost of person e's "no schedule" column: more than any schedule of
 * theirs can add (its requests, and one more over cover on each day), so
 * that any schedule keeping the rules replaces it.  Kept this small, the
 * simplex's tolerances, which scale with the largest cost, stay fine.
 */
static double no_schedule_cost(const struct sp_problem *p, int e)
{
	const int D = p->days, S = p->n_shifts;
	const int *on = p->on_w + (size_t)e * D * S, *off = p->off_w + (size_t)e * D * S;
	double a = 1;

	for (int d = 0; d < D; d++) {
		int most_off = 0, most_over = 0;
		for (int s = 0; s < S; s++) {
			a += on[d * S + s];
			if (off[d * S + s] > most_off)
				most_off = off[d * S + s];
			if (p->cover[d * S + s].over_weight > most_over)
				most_over = p->cover[d * S + s].over_weight;
		}
		a += most_off + most_over;
	}
	return a;
}

/* Whether someone is left without a schedule in the relaxation. */
static int unscheduled(const struct master *m)
{
	const int P = m->p->n_people;

	for (int e = 0; e < P; e++)
		if (glp_get_col_prim(m->lp, m->first_col - P + e) > EPS)
			return 1;
	return 0;
}

static int master_init(struct master *m, const struct sp_problem *p)
{
	const int D = p->days, S = p->n_shifts;

	memset(m, 0, sizeof(*m));
	m->p = p;
	m->floor = -HUGE_VAL;
	m->cutoff = HUGE_VAL;
	m->cover_row = calloc((size_t)D * S, sizeof(int));
	m->ind = malloc((size_t)(D + 2) * sizeof(int));
	m->val = malloc((size_t)(D + 2) * sizeof(double));
	m->lp = glp_create_prob();
	if (!m->cover_row || !m->ind || !m->val || !m->lp)
		return -1;
	glp_set_obj_dir(m->lp, GLP_MIN);
	for (int d = 0; d < D; d++)
		for (int s = 0; s < S; s++) {
			const struct sp_cover *c = &p->cover[d * S + s];
			if (c->under_weight == 0 && c->over_weight == 0)
				continue;
			m->cover_row[d * S + s] = ++m->n_cover;
		}
	if (m->n_cover)
		glp_add_rows(m->lp, m->n_cover);
	glp_add_rows(m->lp, p->n_people);
	for (int d = 0; d < D; d++)
		for (int s = 0; s < S; s++) {
			int i = m->cover_row[d * S + s];
			if (!i)
				continue;
			const struct sp_cover *c = &p->cover[d * S + s];
			glp_set_row_bnds(m->lp, i, GLP_FX, c->requirement, c->requirement);
			/* short of it, u; over it, o */
			int u = glp_add_cols(m->lp, 2), ind[2] = {0, i};
			double plus[2] = {0, 1}, minus[2] = {0, -1};
			glp_set_col_bnds(m->lp, u, GLP_LO, 0, 0);
			glp_set_col_bnds(m->lp, u + 1, GLP_LO, 0, 0);
			glp_set_obj_coef(m->lp, u, c->under_weight);
			glp_set_obj_coef(m->lp, u + 1, c->over_weight);
			glp_set_mat_col(m->lp, u, 1, ind, plus);
			glp_set_mat_col(m->lp, u + 1, 1, ind, minus);
		}
	for (int e = 0; e < p->n_people; e++) {
		int i = m->n_cover + 1 + e, ind[2] = {0, i};
		double one[2] = {0, 1};
		glp_set_row_bnds(m->lp, i, GLP_FX, 1, 1);
		/* no schedule at all: keeps the relaxation feasible from the
		 * start */
		int a = glp_add_cols(m->lp, 1);
		glp_set_col_bnds(m->lp, a, GLP_LO, 0, 0);
		glp_set_obj_coef(m->lp, a, no_schedule_cost(p, e));
		glp_set_mat_col(m->lp, a, 1, ind, one);
	}
	m->first_col = glp_get_num_cols(m->lp) + 1;
	return 0;
}

static void master_free(struct master *m)
{
	if (m->lp)
		glp_delete_prob(m->lp);
	for (size_t j = 0; j < m->n_cols; j++)
		free(m->col_x[j]);
	free(m->col_x);
	free(m->col_person);
	free(m->parked);
	free(m->known);
	free(m->cover_row);
	free(m->ind);
	free(m->val);
}

/* Person e's day costs less the duals, into c (see price); a choice that
 * ban (e's days by S + 1 choices, the last rest) counts is not allowed. */
static void day_costs(const struct master *m, int e, const double *dual, const int *ban, double *c)
{
	const struct sp_problem *p = m->p;
	const struct sp_person *pe = &p->people[e];
	const int D = p->days, S = p->n_shifts;
	const int *on = p->on_w + (size_t)e * D * S, *off = p->off_w + (size_t)e * D * S;

	for (int d = 0; d < D; d++) {
		double missed = 0;
		for (int s = 0; s < S; s++)
			missed += on[d * S + s];
		double *cd = c + (size_t)d * (S + 1);
		const int *bd = ban + (size_t)d * (S + 1);
		cd[S] = bd[S] ? HUGE_VAL : missed;
		for (int s = 0; s < S; s++) {
			if (pe->day_off[d] || pe->max_shifts[s] <= 0 || bd[s]) {
				cd[s] = HUGE_VAL;
				continue;
			}
			int row = m->cover_row[d * S + s];
			cd[s] = missed - on[d * S + s] + off[d * S + s] - (row ? dual[row] : 0);
		}
	}
}

/* One thread's share of the pricing: every PRICE_THREADS-th person. */
struct worker {
	struct pricing *pr;
	int first;
	struct layer *L; /* days + 1 layers */
	double *c;       /* day costs */
	double *rest_lb; /* days + 1 */
};

/* What the pricing needs, for every person. */
struct pricing {
	const struct master *m;
	struct rules *rules;
	double *dual;    /* by row: the prices priced */
	double *lp_dual; /* the relaxation's own */
	double *center;  /* those of the best Lagrangian bound so far */
	int *fixed;      /* per person: the column they are held to, or 0 */
	int *ban;        /* [(person * days + day) * (S + 1) + choice]: not allowed */
	int *beyond;     /* the same: no schedule cheaper than the best makes it */
	int *rows;       /* per person: the cheapest schedule priced */
	int *got;        /* per person: price()'s answer */
	double *cost;    /* per person: that schedule's cost less the duals */
	struct worker w[PRICE_THREADS];
};

static void *price_share(void *arg)
{
	struct worker *w = arg;
	struct pricing *pr = w->pr;
	const struct sp_problem *p = pr->m->p;

	for (int e = w->first; e < p->n_people; e += PRICE_THREADS) {
		pr->got[e] = 1;
		if (pr->fixed[e])
			continue;
		day_costs(pr->m, e, pr->dual, pr->ban + (size_t)e * p->days * (p->n_shifts + 1),
		          w->c);
		/* only a column of negative reduced cost is of use */
		double limit = pr->dual[pr->m->n_cover + 1 + e] - EPS;
		pr->got[e] = price(p, &pr->rules[e], w->c, limit, w->L, w->rest_lb,
		                   pr->rows + (size_t)e * p->days, &pr->cost[e]);
	}
	return NULL;
}

/* Prices every person not held, the shares in parallel: each person's
 * answer does not depend on which thread found it. */
static void price_all(struct pricing *pr)
{
	pthread_t tid[PRICE_THREADS];
	int started[PRICE_THREADS] = {0};

	for (int k = 1; k < PRICE_THREADS; k++)
		started[k] = pthread_create(&tid[k], NULL, price_share, &pr->w[k]) == 0;
	price_share(&pr->w[0]);
	for (int k = 1; k < PRICE_THREADS; k++) {
		if (started[k])
			pthread_join(tid[k], NULL);
		else
			price_share(&pr->w[k]);
	}
}

/* The prices dual (by row) of the cover rows schedule row works. */
static double covered_price(const struct master *m, const int *row, const double *dual)
{
	const int D = m->p->days, S = m->p->n_shifts;
	double sum = 0;

	for (int d = 0; d < D; d++)
		if (row[d] >= 0 && m->cover_row[d * S + row[d]])
			sum += dual[m->cover_row[d * S + row[d]]];
	return sum;
}

/*
 * Column generation on the master's relaxation until no column prices out
 * (*converged = 1), the relaxation reaches m->floor (no less is possible:
 * also *converged = 1), `iterations` rounds (when > 0) or the deadline
 * (when > 0), or until the bound rounded up reaches m->cutoff.  Fixed
 * people are not priced.  0, or -1 out of memory.
 *
 * The prices priced are smoothed (Wentges): SMOOTH of the way from the
 * relaxation's duals toward those that gave the best Lagrangian bound so
 * far, which damps the duals' swings that make the last rounds many.  A
 * column is added only when it prices out at the relaxation's own duals;
 * when none does, the smoothing steps back toward them, and only a round
 * priced at them exactly can end the generation.  Every set of prices
 * gives a Lagrangian bound (the cover rows' prices times the requirement,
 * plus each person's cheapest schedule at those prices), and the best of
 * the complete rounds raises *bound.
 */
static int generate(struct master *m, struct pricing *pr, long iterations, double deadline,
                    double *bound, int *converged, long *rounds)
{
	const struct sp_problem *p = m->p;
	const int P = p->n_people, D = p->days, R = m->n_cover + P;
	double *lpd = pr->lp_dual, *center = pr->center, center_bound = -HUGE_VAL;
	glp_smcp lpp;

	glp_init_smcp(&lpp);
	lpp.msg_lev = GLP_MSG_OFF;
	lpp.it_lim = SIMPLEX_MOST;
	*converged = 0;
	for (long it = 0;; it++) {
		if ((iterations > 0 && it >= iterations) ||
		    (deadline > 0 && anneal_seconds() >= deadline))
			return 0;
		if (deadline > 0) { /* a simplex that stalls stops at the deadline too */
			double ms = (deadline - anneal_seconds()) * 1000;
			lpp.tm_lim = ms < 1 ? 1 : ms < INT_MAX ? (int)ms : INT_MAX;
		}
		/* held people and branches change bounds, which leaves the last
		 * basis dual feasible; new columns leave it primal feasible */
		lpp.meth = it == 0 ? GLP_DUALP : GLP_PRIMAL;
		if (glp_simplex(m->lp, &lpp) != 0 || glp_get_status(m->lp) != GLP_OPT)
			return 0;
		(*rounds)++;
		if (glp_get_obj_val(m->lp) <= m->floor + EPS) {
			*converged = 1;
			return 0;
		}
		for (int i = 1; i <= R; i++)
			lpd[i] = glp_get_row_dual(m->lp, i);
		if (it == 0)
			memcpy(center, lpd, ((size_t)R + 1) * sizeof(double));
		int added = 0, complete = 1;
		for (double alpha = SMOOTH;; alpha = alpha > SMOOTH / 2 ? alpha - SMOOTH / 2 : 0) {
			/* prices the relaxation's own already: nothing to step back */
			if (memcmp(center, lpd, ((size_t)R + 1) * sizeof(double)) == 0)
				alpha = 0;
			for (int i = 1; i <= R; i++)
				pr->dual[i] = alpha * center[i] + (1 - alpha) * lpd[i];
			price_all(pr);
			double lagrange = 0;
			complete = 1;
			for (int i = 1; i <= m->n_cover; i++)
				lagrange += pr->dual[i] * glp_get_row_lb(m->lp, i);
			for (int e = 0; e < P; e++) {
				if (pr->fixed[e]) { /* one schedule is all e has */
					const int *held = m->col_x[pr->fixed[e] - m->first_col];
					lagrange += glp_get_obj_coef(m->lp, pr->fixed[e]) -
					            covered_price(m, held, pr->dual);
					continue;
				}
				if (pr->got[e] == -1)
					return -1;
				if (pr->got[e] == -2) { /* too many states: no bound */
					complete = 0;
					continue;
				}
				if (pr->got[e] == 1) { /* none under the limit: e's least */
					lagrange += pr->dual[m->n_cover + 1 + e] - EPS;
					continue;
				}
				lagrange += pr->cost[e];
				const int *row = pr->rows + (size_t)e * D;
				long cost = schedule_cost(p, e, row);
				if (cost < 0)
					return -1; /* the pricing broke a rule */
				/* priced at the relaxation's own duals; a column the
				 * master has already is one the simplex holds to price
				 * out by less than its tolerance */
				double reduced = (double)cost - lpd[m->n_cover + 1 + e] -
				                 covered_price(m, row, lpd);
				if (reduced < -EPS) {
					long j = find_column(m, e, row);
					if (j < 0) {
						if (add_column(m, e, row, cost) < 0)
							return -1;
						added++;
					} else if (m->parked[j]) { /* back into the relaxation */
						m->parked[j] = 0;
						glp_set_col_bnds(m->lp, m->first_col + (int)j,
						                 GLP_LO, 0, 0);
						added++;
					}
				}
			}
			if (complete && lagrange > center_bound) {
				center_bound = lagrange;
				memcpy(center, pr->dual, ((size_t)R + 1) * sizeof(double));
			}
			if (complete && lagrange > *bound)
				*bound = lagrange;
			if (ceil(*bound - EPS) >= m->cutoff)
				return 0;
			if (added || alpha == 0)
				break;
		}
		if (!added) {
			*converged = complete;
			return 0;
		}
	}
}

/* Holds person e to column col (a schedule column's index). */
static void fix_person(struct master *m, struct pricing *pr, int e, int col)
{
	const int P = m->p->n_people;

	pr->fixed[e] = col;
	m->parked[col - m->first_col] = 0;
	glp_set_col_bnds(m->lp, col, GLP_LO, 0, 0);
	glp_set_col_bnds(m->lp, m->first_col - P + e, GLP_FX, 0, 0);
	for (size_t j = 0; j < m->n_cols; j++)
		if (m->col_person[j] == e && m->first_col + (int)j != col)
			glp_set_col_bnds(m->lp, m->first_col + (int)j, GLP_FX, 0, 0);
}

/* Lets everyone go again, for another dive, and undoes any branch. */
static void unfix_all(struct master *m, struct pricing *pr)
{
	const struct sp_problem *p = m->p;
	const int P = p->n_people;

	memcpy(pr->ban, pr->beyond, (size_t)P * p->days * (p->n_shifts + 1) * sizeof(int));
	for (int e = 0; e < P; e++) {
		pr->fixed[e] = 0;
		glp_set_col_bnds(m->lp, m->first_col - P + e, GLP_LO, 0, 0);
	}
	for (size_t j = 0; j < m->n_cols; j++)
		if (m->parked[j])
			glp_set_col_bnds(m->lp, m->first_col + (int)j, GLP_FX, 0, 0);
		else
			glp_set_col_bnds(m->lp, m->first_col + (int)j, GLP_LO, 0, 0);
}

/*
 * The end of a dive: the people not yet held scheduled exactly (mip.h)
 * around those held, into y (each held person's row too).  The dive's last
 * steps are its slowest: the fewer people are left, the more rounds of
 * pricing their relaxation takes, and the likelier it is cut short by the
 * clock, so that its shares are no guide.  The exact re-solve of a few
 * people takes a fraction of that and is their best.  It has the
 * re-solves' limits (mip.h), and by the clock stops at the deadline too;
 * by rounds only the count of nodes holds, so that a run repeats.  1
 * done, 0 no schedule within the limits (y's rows of the people left as
 * they were), -1 out of memory; who: room for everyone.
 */
static int dive_end(struct master *m, const struct pricing *pr, double deadline, int *who, int *y)
{
	const struct sp_problem *p = m->p;
	const int D = p->days;
	int n = 0, nodes = 0, proven = 0;

	for (int e = 0; e < p->n_people; e++)
		if (pr->fixed[e])
			memcpy(y + (size_t)e * D, m->col_x[pr->fixed[e] - m->first_col],
			       (size_t)D * sizeof(int));
		else
			who[n++] = e;
	double seconds = 1e6;
	if (deadline > 0) {
		seconds = deadline - anneal_seconds();
		if (seconds > SP_MIP_SECONDS)
			seconds = SP_MIP_SECONDS;
		if (seconds < DIVE_END_LEAST)
			seconds = DIVE_END_LEAST;
	}
	return sp_mip_reoptimise(p, y, who, n, 0, D - 1, seconds, SP_MIP_NODES, &nodes, &proven);
}

/*
 * A schedule from the relaxation by diving: the people whose relaxation
 * already picks one schedule are held to it, and of the rest those whose
 * schedule has the largest share; the relaxation is solved again with new
 * columns, until everyone is held, or `end` people are left (> 0): they
 * are scheduled exactly (dive_end), and only if that finds nothing does
 * the dive go on.  One person a step, or as many as the time left needs
 * at the pace so far (with a deadline).  With g, the one held is drawn
 * from the three largest shares.  A dive whose relaxation shows that it
 * cannot end below `cutoff` (when >= 0) stops there.  Into y; 0, 1 cut
 * off (y as it was), or -1 out of memory.
 */
static int dive(struct master *m, struct pricing *pr, long iterations, double deadline, long cutoff,
                int end, struct guards_rng *g, int *y, long *rounds)
{
	const struct sp_problem *p = m->p;
	const int P = p->n_people, D = p->days;
	int left = 0, steps = 0;
	double *share = malloc((size_t)P * sizeof(double));
	int *pick = malloc((size_t)P * sizeof(int)), *order = malloc((size_t)P * sizeof(int));
	int rc = -1;
	const double t0 = anneal_seconds();

	if (!share || !pick || !order)
		goto out;
	for (int e = 0; e < P; e++)
		left += !pr->fixed[e];
	int ended = 0; /* the last people were tried exactly */
	while (left > 0) {
		if (left <= end && !ended) {
			ended = 1;
			int got = dive_end(m, pr, deadline, order, y);
			if (got != 0) {
				rc = got < 0 ? -1 : 0;
				goto out;
			}
		}
		double bound = -HUGE_VAL;
		int converged;
		m->cutoff = cutoff >= 0 ? (double)cutoff : HUGE_VAL;
		int got = generate(m, pr, iterations, deadline, &bound, &converged, rounds);
		m->cutoff = HUGE_VAL;
		if (got)
			goto out;
		if (cutoff >= 0 &&
		    (ceil(bound - EPS) >= (double)cutoff ||
		     (converged && ceil(glp_get_obj_val(m->lp) - EPS) >= (double)cutoff))) {
			rc = 1;
			goto out;
		}
		steps++;
		for (int e = 0; e < P; e++) {
			share[e] = -1;
			pick[e] = 0;
		}
		for (size_t j = 0; j < m->n_cols; j++) {
			int e = m->col_person[j], col = m->first_col + (int)j;
			if (pr->fixed[e])
				continue;
			double v = glp_get_col_prim(m->lp, col);
			if (v > share[e]) {
				share[e] = v;
				pick[e] = col;
			}
		}
		int n = 0, held = 0;
		for (int e = 0; e < P; e++)
			if (!pr->fixed[e] && pick[e])
				order[n++] = e;
		if (n == 0)
			break; /* only people no schedule fits are left */
		/* largest share first (insertion: a few dozen people) */
		for (int i = 1; i < n; i++)
			for (int j = i; j > 0 && share[order[j]] > share[order[j - 1]]; j--) {
				int t = order[j];
				order[j] = order[j - 1];
				order[j - 1] = t;
			}
		/* how many this step: one, or what the time left allows */
		int want = 1;
		if (deadline > 0) {
			double pace = (anneal_seconds() - t0) / steps,
			       rest = deadline - anneal_seconds();
			double fit = pace > 0 ? rest / pace : (double)left;
			if (fit < 1)
				fit = 1;
			want = (int)ceil(left / fit);
		}
		/* a later dive takes one of the three largest shares */
		int whole = 0;
		while (whole < n && share[order[whole]] > 1 - EPS)
			whole++;
		if (g && want == 1 && n - whole > 1) {
			int k = whole +
			        (int)guards_rng_below(g, (unsigned)(n - whole < 3 ? n - whole : 3));
			int t = order[whole];
			order[whole] = order[k];
			order[k] = t;
		}
		for (int k = 0; k < n; k++)
			if (k < whole || held - whole < want) {
				fix_person(m, pr, order[k], pick[order[k]]);
				held++;
			}
		left -= held;
	}
	for (int e = 0; e < P; e++)
		if (pr->fixed[e])
			memcpy(y + (size_t)e * D, m->col_x[pr->fixed[e] - m->first_col],
			       (size_t)D * sizeof(int));
	rc = 0;
out:
	free(share);
	free(pick);
	free(order);
	return rc;
}

/* The column of person e's schedule row, added when new; 0 when the row
 * breaks a rule, -1 out of memory. */
static int column_of(struct master *m, int e, const int *row)
{
	long j = find_column(m, e, row);
	if (j >= 0)
		return m->first_col + (int)j;
	long cost = schedule_cost(m->p, e, row);
	return cost < 0 ? 0 : add_column(m, e, row, cost);
}

/*
 * One neighbourhood of schedule x (cost *best): everyone but `k` people
 * drawn at random held to their schedule in x, the relaxation of the rest
 * solved by column generation, and, unless it proves no saving possible,
 * a dive for them (to the last person by the shares: the exact end is
 * for the dives from the whole relaxation, where the clock cuts the last
 * steps short), then (sub_nodes > 0) a branch and price of their own
 * of at most sub_nodes nodes.  A cheaper schedule replaces x.  *closed =
 * 1 when nothing cheaper is left in the neighbourhood: its relaxation or
 * its own tree shows it.  1 improved, 0 not, -1 out of memory.
 */
static int sub_search(struct master *m, struct pricing *pr, const int *held, int n, long nodes,
                      double deadline, int *x, int *y, long *best, long *rounds, int *closed);

static int neighbourhood(struct master *m, struct pricing *pr, int k, double deadline,
                         long sub_nodes, struct guards_rng *g, int *x, int *y, long *best,
                         long *rounds, int *closed)
{
	const struct sp_problem *p = m->p;
	const int P = p->n_people, D = p->days;
	int *who = malloc((size_t)P * sizeof(int)), rc = -1;

	if (!who)
		return -1;
	unfix_all(m, pr);
	for (int e = 0; e < P; e++)
		who[e] = e;
	for (int i = 0; i < k && i < P; i++) {
		int j = i + (int)guards_rng_below(g, (unsigned)(P - i)), t = who[i];
		who[i] = who[j];
		who[j] = t;
	}
	int n_held = 0;
	for (int i = k; i < P; i++) {
		int col = column_of(m, who[i], x + (size_t)who[i] * D);
		if (col < 0)
			goto out;
		if (col > 0) {
			fix_person(m, pr, who[i], col);
			who[k + n_held++] = who[i];
		}
	}
	double bound = -HUGE_VAL;
	int converged = 0;
	if (generate(m, pr, 0, deadline, &bound, &converged, rounds))
		goto out;
	rc = 0;
	*closed = 0;
	/* the freed people cannot do better than the relaxation says */
	if (converged && ceil(glp_get_obj_val(m->lp) - EPS) >= (double)*best) {
		*closed = 1;
		goto out;
	}
	memcpy(y, x, (size_t)P * D * sizeof(int));
	int got = dive(m, pr, 0, deadline, *best, 0, g, y, rounds);
	if (got < 0) {
		rc = -1;
		goto out;
	}
	struct sp_score s;
	if (got == 0) { /* a cut-off dive left y as x */
		sp_evaluate(p, y, &s);
		if (s.hard == 0 && s.soft < *best) {
			memcpy(x, y, (size_t)P * D * sizeof(int));
			*best = s.soft;
			rc = 1;
		}
	}
	if (sub_nodes > 0) {
		const long was = *best;
		if (sub_search(m, pr, who + k, n_held, sub_nodes, deadline, x, y, best, rounds,
		               closed)) {
			rc = -1;
			goto out;
		}
		if (*best < was)
			rc = 1;
	}
out:
	free(who);
	return rc;
}

/* ---- reduced-cost fixing ---- */

/* The index of state key in layer l, or -1. */
static long layer_find(const struct layer *l, uint64_t key)
{
	if (!l->slot)
		return -1;
	for (size_t h = hash64(key) & l->mask; l->slot[h]; h = (h + 1) & l->mask)
		if (l->key[l->slot[h] - 1] == key)
			return (long)l->slot[h] - 1;
	return -1;
}

/* The most reduced cost, at duals dual (by row) under which no schedule
 * prices out, of a column a schedule cheaper than best may use (see
 * below); a little over, for the simplex's tolerances. */
static double gap_of(const struct master *m, const double *dual, long best)
{
	double z = 0;

	for (int i = 1; i <= m->n_cover + m->p->n_people; i++)
		z += dual[i] * glp_get_row_lb(m->lp, i);
	return (double)best - 1 - z + GAP_SLACK;
}

/*
 * Leaves out of the relaxation every column whose reduced cost at dual
 * is beyond the gap to best, but a held person's: no schedule cheaper
 * than best uses one, and the pricing brings back any that a relaxation
 * needs, so the simplex, whose every step goes over the columns, works
 * on fewer.  How many are left out.
 */
static long park_columns(struct master *m, const struct pricing *pr, const double *dual, long best)
{
	const double gap = gap_of(m, dual, best);
	long n = 0;

	for (size_t j = 0; j < m->n_cols; j++) {
		const int col = m->first_col + (int)j, e = m->col_person[j];
		const double reduced = glp_get_obj_coef(m->lp, col) - dual[m->n_cover + 1 + e] -
		                       covered_price(m, m->col_x[j], dual);
		if (!(reduced > gap) || pr->fixed[e] == col)
			continue;
		if (!m->parked[j])
			glp_set_col_bnds(m->lp, col, GLP_FX, 0, 0);
		m->parked[j] = 1;
		n++;
	}
	return n;
}

/*
 * Rules out, in pr->beyond, every choice (a person's shift or rest on a
 * day) that no schedule cheaper than best can make.  At duals under which
 * no schedule prices out (dual, by row: the relaxation's over every
 * schedule), any schedule costs the duals' value z (the requirements and
 * one schedule per person, priced) plus the reduced costs of the columns
 * and cover slacks it uses, none of them negative; so one cheaper than
 * best uses no column whose reduced cost is above best - 1 - z.  The
 * pricing's states give, for each choice, the cheapest column through it:
 * the cheapest way into a state before it and on from the state after
 * it.  Every later relaxation, dive, neighbourhood and branch keeps what
 * is ruled out; *ruled counts it.  1 when someone has no column within
 * the gap (nothing is cheaper than best); 0; -1 out of memory.
 */
static int fix_by_reduced_cost(struct master *m, struct pricing *pr, const double *dual, long best,
                               long *ruled)
{
	const struct sp_problem *p = m->p;
	const int P = p->n_people, D = p->days, S = p->n_shifts, C = S + 1;
	struct worker *w = &pr->w[0];
	const struct layer *L = w->L;
	double **ahead = calloc((size_t)D + 1, sizeof(*ahead));
	double *least = malloc(((size_t)D * C + 1) * sizeof(double));
	int *none = calloc((size_t)D * C + 1, sizeof(int));
	int rc = -1;

	if (!ahead || !least || !none)
		goto out;
	const double gap = gap_of(m, dual, best);
	rc = 1;
	if (gap < 0)
		goto out;
	for (int e = 0; e < P; e++) {
		const struct rules *r = &pr->rules[e];
		const double limit = dual[m->n_cover + 1 + e] + gap + EPS;
		double cost;
		day_costs(m, e, dual, none, w->c);
		/* the states some column within the gap passes through */
		int got =
		        price(p, r, w->c, limit, w->L, w->rest_lb, pr->rows + (size_t)e * D, &cost);
		if (got == 1)
			goto out;
		if (got == -2)
			continue; /* too many states: nothing ruled out */
		if (got) {
			rc = -1;
			goto out;
		}
		for (int k = 0; k < D * C; k++)
			least[k] = HUGE_VAL;
		for (int d = D; d >= 0; d--) {
			double *a = realloc(ahead[d], (L[d].n + 1) * sizeof(double));
			if (!a) {
				rc = -1;
				goto out;
			}
			ahead[d] = a;
			if (d == D) { /* the ends: with enough minutes, or none */
				for (size_t i = 0; i < L[d].n; i++)
					a[i] = KEY_MINUTES(L[d].key[i]) >= r->min_u ? 0 : HUGE_VAL;
				continue;
			}
			for (size_t i = 0; i < L[d].n; i++) {
				a[i] = HUGE_VAL;
				for (int s = 0; s < C; s++) {
					const double cs = w->c[(size_t)d * C + s];
					uint64_t next;
					if (!(cs < HUGE_VAL) ||
					    !next_state(p, r, d, L[d].key[i], s, &next))
						continue;
					long j = layer_find(&L[d + 1], next);
					if (j < 0)
						continue;
					const double on = cs + ahead[d + 1][j];
					if (on < a[i])
						a[i] = on;
					if (L[d].cost[i] + on < least[d * C + s])
						least[d * C + s] = L[d].cost[i] + on;
				}
			}
		}
		/* of the choices the rules leave */
		int *beyond = pr->beyond + (size_t)e * D * C;
		for (int k = 0; k < D * C; k++)
			if (w->c[k] < HUGE_VAL && !(least[k] <= limit) && !beyond[k]) {
				beyond[k] = 1;
				(*ruled)++;
			}
	}
	rc = 0;
out:
	for (int d = 0; ahead && d <= D; d++)
		free(ahead[d]);
	free(ahead);
	free(least);
	free(none);
	return rc;
}

/* Fixes by reduced cost again (on the relaxation's duals over every
 * schedule, root_dual) when the best, `best`, is lower than the last
 * fixed on, *fixed_on; when that proves it optimal, it is r->bound.  1
 * proven, 0 not, -1 out of memory. */
static int refix(struct master *m, struct pricing *pr, const double *root_dual, long best,
                 long *fixed_on, struct sp_colgen_result *r)
{
	if (!root_dual || best < 0 || best >= *fixed_on)
		return 0;
	*fixed_on = best;
	park_columns(m, pr, root_dual, best);
	int got = fix_by_reduced_cost(m, pr, root_dual, best, &r->ruled_out);
	if (got == 1)
		r->bound = best;
	return got;
}

/* ---- branch and price ---- */

/*
 * A branch: person e takes choice s (S: rest) on day d, or does not.  It
 * forbids choices in e's pricing and the schedules that make them, and
 * changes no row of the master.
 */
struct branch {
	int takes, e, d, s;
};

/* An open node: the branches from the root to it, and its parent's
 * relaxation (no less is possible below it). */
struct node {
	struct branch *path;
	int depth;
	int cut; /* times the deadline cut its relaxation short */
	double est;
	/* the parent's final basis: 1 for each basic row, then column (of
	 * the first basis_cols), to start the node's simplex from */
	unsigned char *basis;
	size_t basis_cols;
};

struct tree {
	struct node *open; /* the next is taken by next_node() */
	size_t n, cap;
	long nodes;         /* relaxations solved */
	int plunge;         /* the last node solved was branched on */
	int exact;          /* every node closed so far was closed by its bound or a schedule */
	const double *dual; /* the root's duals, by which columns are parked */
	long parked_at;     /* the nodes solved when they last were */
	double *x;          /* [(e * D + d) * (S + 1) + s]: the relaxation's share */
};

/* Opens the child of parent with one more branch b (parent NULL: the
 * root), below a relaxation of est whose basis (n rows and columns) is
 * basis (or NULL); 0, or -1 out of memory. */
static int tree_push(struct tree *t, const struct node *parent, const struct branch *b, double est,
                     const unsigned char *basis, int rows, int cols)
{
	const size_t n = (size_t)rows + (size_t)cols;
	const int depth = parent ? parent->depth + 1 : 0;

	if (t->n == t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 64;
		struct node *o = realloc(t->open, cap * sizeof(*o));
		if (!o)
			return -1;
		t->open = o;
		t->cap = cap;
	}
	struct branch *path = malloc(((size_t)depth + 1) * sizeof(*path));
	unsigned char *copy = basis ? malloc(n) : NULL;
	if (!path || (basis && !copy)) {
		free(path);
		free(copy);
		return -1;
	}
	if (basis)
		memcpy(copy, basis, n);
	if (parent) {
		memcpy(path, parent->path, (size_t)parent->depth * sizeof(*path));
		path[depth - 1] = *b;
	}
	struct node *nd = &t->open[t->n++];
	nd->path = path;
	nd->depth = depth;
	nd->cut = 0;
	nd->est = est;
	nd->basis = copy;
	nd->basis_cols = (size_t)cols;
	return 0;
}

/*
 * Takes the open node to solve next: right after a branching its first
 * child, so that the search plunges for a schedule; otherwise, of those
 * whose bound rounds up lowest, the deepest, and of those the last
 * opened: back to where the cheapest schedule may be.
 */
static struct node next_node(struct tree *t)
{
	size_t k = t->n - 1;
	double level = ceil(t->open[k].est - EPS);

	for (size_t i = t->n - 1; !t->plunge && i-- > 0;) {
		double l = ceil(t->open[i].est - EPS);
		if (l < level || (l == level && t->open[i].depth > t->open[k].depth)) {
			k = i;
			level = l;
		}
	}
	struct node nd = t->open[k];
	memmove(t->open + k, t->open + k + 1, (t->n - k - 1) * sizeof(*t->open));
	t->n--;
	return nd;
}

static void tree_free(struct tree *t)
{
	for (size_t i = 0; i < t->n; i++) {
		free(t->open[i].path);
		free(t->open[i].basis);
	}
	free(t->open);
	free(t->x);
}

/* Sets the master to node nd: everyone free, then its branches. */
static void branch_apply(struct master *m, struct pricing *pr, const struct node *nd)
{
	const struct sp_problem *p = m->p;
	const int D = p->days, S = p->n_shifts, C = S + 1;

	unfix_all(m, pr);
	for (int k = 0; k < nd->depth; k++) {
		const struct branch *b = &nd->path[k];
		int *ban = pr->ban + ((size_t)b->e * D + b->d) * C;
		for (int c = 0; c < C; c++)
			ban[c] += b->takes ? c != b->s : c == b->s;
	}
	/* the schedules a branch forbids */
	for (size_t j = 0; j < m->n_cols; j++) {
		const int *row = m->col_x[j];
		const int *ban = pr->ban + (size_t)m->col_person[j] * D * C;
		for (int d = 0; d < D; d++)
			if (ban[d * C + (row[d] < 0 ? S : row[d])]) {
				glp_set_col_bnds(m->lp, m->first_col + (int)j, GLP_FX, 0, 0);
				break;
			}
	}
}

/* How far v is from the nearest integer. */
static double fractional(double v)
{
	double f = v - floor(v);
	return f < 1 - f ? f : 1 - f;
}

#define FRACTIONAL 1e-6

/*
 * Branches on the node's solved relaxation: on the person's choice of a
 * day whose share is nearest a half; the child the share leans to is
 * searched first.  1 branched; 0 the relaxation is whole (a schedule);
 * -1 out of memory.
 */
static int branch_on(struct master *m, struct tree *t, const struct node *nd)
{
	const struct sp_problem *p = m->p;
	const int P = p->n_people, D = p->days, S = p->n_shifts, C = S + 1;
	struct branch takes = {0}, refuses;
	double most = FRACTIONAL, v = 0;

	memset(t->x, 0, (size_t)P * D * C * sizeof(double));
	for (size_t j = 0; j < m->n_cols; j++) {
		double share = glp_get_col_prim(m->lp, m->first_col + (int)j);
		if (share <= FRACTIONAL)
			continue;
		const int *row = m->col_x[j];
		double *xe = t->x + (size_t)m->col_person[j] * D * C;
		for (int d = 0; d < D; d++)
			xe[d * C + (row[d] < 0 ? S : row[d])] += share;
	}
	for (int e = 0; e < P; e++)
		for (int d = 0; d < D; d++)
			for (int c = 0; c < C; c++) {
				double share = t->x[((size_t)e * D + d) * C + c];
				if (fractional(share) > most) {
					most = fractional(share);
					takes = (struct branch){1, e, d, c};
					v = share;
				}
			}
	if (most <= FRACTIONAL)
		return 0;
	refuses = takes;
	refuses.takes = 0;
	/* the one opened last is searched first */
	const struct branch *first = v < 0.5 ? &refuses : &takes,
	                    *second = v < 0.5 ? &takes : &refuses;
	double est = glp_get_obj_val(m->lp);
	const int R = glp_get_num_rows(m->lp), N = glp_get_num_cols(m->lp);
	unsigned char *basis = malloc((size_t)R + (size_t)N);
	if (!basis)
		return -1;
	for (int i = 1; i <= R; i++)
		basis[i - 1] = glp_get_row_stat(m->lp, i) == GLP_BS;
	for (int j = 1; j <= N; j++)
		basis[R + j - 1] = glp_get_col_stat(m->lp, j) == GLP_BS;
	int rc = tree_push(t, nd, second, est, basis, R, N) ||
	                         tree_push(t, nd, first, est, basis, R, N)
	                 ? -1
	                 : 1;
	free(basis);
	return rc;
}

/*
 * Solves the tree's next open node until the deadline, closing it when
 * its bound reaches *best, taking its schedule when the relaxation is
 * whole (into x and *best, when cheaper; y is room for it), branching
 * otherwise; its relaxation has `iterations` rounds of pricing (0: no
 * limit) until the deadline (0: none).  A node the deadline cuts short
 * stays open.  1 when no node is left open, 0 when some is, -1 out of
 * memory.
 */
static int branch_step(struct master *m, struct pricing *pr, struct tree *t, long iterations,
                       double deadline, int *x, int *y, long *best, long *rounds)
{
	const struct sp_problem *p = m->p;
	const int P = p->n_people, D = p->days;
	double bound = -HUGE_VAL;
	int converged = 0, rc = 0;

	if (t->n == 0)
		return 1;
	struct node nd = next_node(t);
	t->plunge = 0;
	if (t->dual && t->nodes - t->parked_at >= PARK_EVERY) {
		park_columns(m, pr, t->dual, *best);
		t->parked_at = t->nodes;
	}
	branch_apply(m, pr, &nd);
	if (nd.basis) { /* the parent's basis, the columns since then not in it */
		const int R = glp_get_num_rows(m->lp), N = glp_get_num_cols(m->lp);
		for (int i = 1; i <= R; i++)
			glp_set_row_stat(m->lp, i, nd.basis[i - 1] ? GLP_BS : GLP_NL);
		for (int j = 1; j <= N; j++)
			glp_set_col_stat(m->lp, j,
			                 (size_t)j <= nd.basis_cols && nd.basis[R + j - 1]
			                         ? GLP_BS
			                         : GLP_NL);
	}
	m->cutoff = (double)*best;
	rc = generate(m, pr, iterations, deadline, &bound, &converged, rounds);
	m->cutoff = HUGE_VAL;
	if (rc)
		goto out;
	if (ceil(bound - EPS) >= (double)*best ||
	    (converged && ceil(glp_get_obj_val(m->lp) - EPS) >= (double)*best)) {
		t->nodes++;
		goto out;
	}
	if (!converged) {
		if (deadline > 0 && anneal_seconds() >= deadline && ++nd.cut < 3) {
			t->open[t->n++] = nd; /* to be taken up again */
			return 0;
		}
		t->exact = 0; /* no bound for this node: it is given up */
		goto out;
	}
	t->nodes++;
	rc = branch_on(m, t, &nd);
	t->plunge = rc == 1;
	if (rc != 0)
		goto out;
	if (unscheduled(m)) { /* no schedule for someone: cannot be taken */
		t->exact = 0;
		goto out;
	}
	for (size_t j = 0; j < m->n_cols; j++)
		if (glp_get_col_prim(m->lp, m->first_col + (int)j) > 0.5)
			memcpy(y + (size_t)m->col_person[j] * D, m->col_x[j],
			       (size_t)D * sizeof(int));
	struct sp_score sc;
	sp_evaluate(p, y, &sc);
	if (sc.hard == 0 && sc.soft < *best) {
		memcpy(x, y, (size_t)P * D * sizeof(int));
		*best = sc.soft;
	}
out:
	free(nd.path);
	free(nd.basis);
	if (rc < 0)
		return -1;
	return t->n == 0;
}

/*
 * Searches the tree (from its root, on the first call) for `nodes` nodes
 * (when > 0) or until the deadline, on the schedule x of cost *best
 * (a schedule keeping every rule: the bounds close nodes against it); r
 * counts the nodes and the improvements (timed from t0).  When no node is left open,
 * *open = 0, and if every node was closed by its bound or its schedule,
 * nothing is cheaper than *best: it becomes r->bound.  0, or -1 out of
 * memory.
 */
static int search(struct master *m, struct pricing *pr, struct tree *t, long iterations,
                  double deadline, long nodes, int *x, int *y, long *best, double t0,
                  struct sp_colgen_result *r, int *open)
{
	const struct sp_problem *p = m->p;
	const long was = *best, first = t->nodes;
	int done = 0;

	if (!t->open) { /* the root: the relaxation over every schedule */
		t->x = malloc(((size_t)p->n_people * p->days * (p->n_shifts + 1) + 1) *
		              sizeof(double));
		if (!t->x || tree_push(t, NULL, NULL, -HUGE_VAL, NULL, 0, 0))
			return -1;
	}
	while (!done && (nodes <= 0 || t->nodes - first < nodes) &&
	       (deadline <= 0 || anneal_seconds() < deadline))
		if ((done = branch_step(m, pr, t, iterations, deadline, x, y, best,
		                        &r->iterations)) < 0)
			return -1;
	r->nodes = t->nodes;
	if (*best < was) {
		r->improved = 1;
		r->best_at = anneal_seconds() - t0;
	}
	if (done) { /* every node closed */
		*open = 0;
		if (t->exact)
			r->bound = *best;
	}
	return 0;
}

/*
 * A neighbourhood's own branch and price: the n people in `held` held to
 * their schedules in x by branches at its root (every other choice of
 * theirs forbidden), the rest free; at most `nodes` nodes, until the
 * deadline (when > 0).  A cheaper schedule replaces x; *closed = 1 when
 * every node was closed.  It takes no bound: its root is not the
 * problem's.  0, or -1 out of memory.
 */
static int sub_search(struct master *m, struct pricing *pr, const int *held, int n, long nodes,
                      double deadline, int *x, int *y, long *best, long *rounds, int *closed)
{
	const struct sp_problem *p = m->p;
	const int P = p->n_people, D = p->days, S = p->n_shifts;
	struct tree t = {.exact = 1};
	struct node root = {.est = -HUGE_VAL};
	int rc = -1;

	t.x = malloc(((size_t)P * D * (S + 1) + 1) * sizeof(double));
	t.open = malloc(sizeof(*t.open));
	root.path = malloc(((size_t)n * D + 1) * sizeof(*root.path));
	if (!t.x || !t.open || !root.path) {
		free(root.path);
		goto out;
	}
	for (int i = 0; i < n; i++)
		for (int d = 0; d < D; d++) {
			const int c = x[(size_t)held[i] * D + d];
			root.path[root.depth++] = (struct branch){1, held[i], d, c < 0 ? S : c};
		}
	t.open[0] = root;
	t.n = t.cap = 1;
	while (t.n > 0 && t.nodes < nodes && (deadline <= 0 || anneal_seconds() < deadline))
		if (branch_step(m, pr, &t, 0, deadline, x, y, best, rounds) < 0)
			goto out;
	*closed = t.n == 0;
	rc = 0;
out:
	tree_free(&t);
	return rc;
}

int sp_colgen(const struct sp_problem *p, int *x, const struct sp_colgen_opts *o,
              struct sp_colgen_result *r)
{
	const int D = p->days, S = p->n_shifts, P = p->n_people;
	const size_t cells = (size_t)P * D;
	struct master m;
	struct pricing pr = {
	        .m = &m,
	        .rules = calloc((size_t)P + 1, sizeof(*pr.rules)),
	        .fixed = calloc((size_t)P + 1, sizeof(int)),
	        .ban = calloc(cells * (S + 1) + 1, sizeof(int)),
	        .beyond = calloc(cells * (S + 1) + 1, sizeof(int)),
	        .rows = malloc((cells + 1) * sizeof(int)),
	        .got = malloc(((size_t)P + 1) * sizeof(int)),
	        .cost = malloc(((size_t)P + 1) * sizeof(double)),
	};
	int ready = pr.rules && pr.fixed && pr.ban && pr.beyond && pr.rows && pr.got && pr.cost;
	for (int k = 0; k < PRICE_THREADS; k++) {
		pr.w[k].pr = &pr;
		pr.w[k].first = k;
		pr.w[k].L = calloc((size_t)D + 1, sizeof(*pr.w[k].L));
		pr.w[k].c = malloc(((size_t)D * (S + 1) + 1) * sizeof(double));
		pr.w[k].rest_lb = malloc(((size_t)D + 1) * sizeof(double));
		ready = ready && pr.w[k].L && pr.w[k].c && pr.w[k].rest_lb;
	}
	int *y = malloc((cells + 1) * sizeof(int));
	double *root_dual = NULL; /* the relaxation's duals over every schedule */
	/* the search of the relaxation's branches, taken up in turns */
	struct tree tree = {.exact = 1};
	int rc = -1;
	const double t0 = anneal_seconds();

	memset(r, 0, sizeof(*r));
	r->bound = -1;
	if (master_init(&m, p) || !ready || !y)
		goto out;
	const size_t rows = (size_t)glp_get_num_rows(m.lp) + 1;
	pr.dual = calloc(rows, sizeof(double));
	pr.lp_dual = calloc(rows, sizeof(double));
	pr.center = calloc(rows, sizeof(double));
	if (!pr.dual || !pr.lp_dual || !pr.center)
		goto out;
	r->applicable = S > 0;
	for (int e = 0; e < P; e++)
		if (rules_of(p, e, &pr.rules[e]))
			r->applicable = 0;
	if (!r->applicable) {
		rc = 0;
		goto out;
	}

	/* the incumbent's schedules, where they keep the rules, are columns */
	struct sp_score inc;
	sp_evaluate(p, x, &inc);
	for (int e = 0; e < P; e++) {
		long cost = schedule_cost(p, e, x + (size_t)e * D);
		if (cost >= 0 && add_column(&m, e, x + (size_t)e * D, cost) < 0)
			goto out;
	}

	double bound = -HUGE_VAL;
	if (generate(&m, &pr, o->max_iterations, o->max_iterations > 0 ? 0 : t0 + o->lp_seconds,
	             &bound, &r->converged, &r->iterations))
		goto out;
	if (bound > -HUGE_VAL && !(r->converged && unscheduled(&m)))
		r->bound = (long)ceil(bound - EPS);
	if (r->converged) { /* whatever is held later, the relaxation is no less */
		m.floor = glp_get_obj_val(m.lp);
		if (!(root_dual = malloc(rows * sizeof(double))))
			goto out;
		memcpy(root_dual, pr.lp_dual, rows * sizeof(double));
		if (o->fix)
			tree.dual = root_dual;
	}
	/* A schedule at the bound is optimal: nothing to dive for.  One dive
	 * by dive_seconds (or by rounds); then, by the clock, until
	 * lns_seconds, neighbourhoods of the best in turn with slices of
	 * branch and price (longer while the neighbourhoods save nothing),
	 * or, without a tree, with fresh dives drawing who is held, while one
	 * as long as the last still fits; a tree still open then has the time
	 * until tree_seconds.  There is no tree when the relaxation did not
	 * converge, or took longer than a neighbourhood's time: a node takes
	 * about as long, and would not fit its slice.  By rounds, max_nodes
	 * nodes of branch and price follow the dive.  A tree whose every
	 * node is closed proves the best optimal. */
	long best_soft = inc.hard == 0 ? inc.soft : -1;
	double until = o->max_iterations > 0 ? 0 : t0 + o->dive_seconds, last = 0;
	const double lns_until = t0 + o->lns_seconds;
	int lns_won = 0; /* the last neighbourhood saved something */
	/* people freed in a neighbourhood: a share of them, fewer when one
	 * does not fit its time */
	const int lns_most = (int)(P * LNS_SHARE) < LNS_MOST ? (int)(P * LNS_SHARE) : LNS_MOST;
	int lns_k = lns_most < 2 ? 2 : lns_most;
	/* with a tree: neighbourhoods in turns of a neighbourhood's time,
	 * each turn until lns_turn, then a slice of the tree */
	double lns_turn = 0;
	int turn_won = 0, turns_failed = 0; /* turns in a row that saved nothing */
	/* a tree only where the relaxation took no longer than a
	 * neighbourhood may: its nodes would not fit their slices */
	int tree_open = r->converged &&
	                (o->max_iterations > 0 || anneal_seconds() - t0 <= o->lns_step_seconds);
	const int by_clock = o->max_iterations == 0 && o->rng;
	long fixed_on = LONG_MAX; /* the best the reduced costs last fixed on */
	for (int n = 0; o->dive_seconds > 0 && !(best_soft >= 0 && r->bound >= best_soft); n++) {
		double start = anneal_seconds();
		const int proven = o->fix && tree_open
		                           ? refix(&m, &pr, root_dual, best_soft, &fixed_on, r)
		                           : 0;
		if (proven < 0)
			goto out;
		if (proven)
			break;
		/* by rounds: neighbourhoods, then nodes, each by count */
		const int counted = !by_clock && n > 0 && n <= o->max_neighbourhoods && o->rng &&
		                    best_soft >= 0;
		if (n > 0 && !by_clock && !counted) {
			if (o->max_nodes > 0 && tree_open && best_soft >= 0 &&
			    search(&m, &pr, &tree, o->max_iterations, 0, o->max_nodes, x, y,
			           &best_soft, t0, r, &tree_open))
				goto out;
			break;
		}
		if (n > 0 && by_clock && start >= lns_until)
			break;
		if (n == 1)
			lns_turn = start + o->lns_step_seconds;
		if (best_soft >= 0 &&
		    (counted || (tree_open ? start < lns_turn : n % 2 == 1) || lns_won)) {
			double stop = by_clock ? start + o->lns_step_seconds : 0;
			/* a neighbourhood's full time */
			const int whole = !by_clock || stop <= lns_until;
			if (!whole)
				stop = lns_until;
			/* with a tree, a neighbourhood searches its own */
			const long sub = tree_open ? o->sub_nodes : 0;
			int closed = 0;
			int got = neighbourhood(&m, &pr, lns_k, stop, sub, o->rng, x, y, &best_soft,
			                        &r->iterations, &closed);
			if (got < 0)
				goto out;
			/* one the time cut short frees fewer people next time; then
			 * with their own trees, one that closes without a saving
			 * frees one more, and one left open one fewer; without, one
			 * done in half the time frees one more */
			double took = anneal_seconds() - start;
			if (by_clock && whole && took >= o->lns_step_seconds)
				lns_k = lns_k * 3 / 4 > 2 ? lns_k * 3 / 4 : 2;
			else if (sub > 0 && !closed && lns_k > 2)
				lns_k--;
			else if (sub > 0 ? closed && !got && lns_k < P - 1
			                 : by_clock && took < o->lns_step_seconds / 2 &&
			                           lns_k < lns_most)
				lns_k++;
			r->neighbourhoods++;
			r->neighbourhoods_better += got;
			if (got) {
				r->improved = 1;
				r->best_at = anneal_seconds() - t0;
			}
			lns_won = got;
			turn_won |= got;
			continue;
		}
		if (n > 0 && tree_open && best_soft >= 0) {
			turns_failed = turn_won ? 0 : turns_failed + 1;
			turn_won = 0;
			double stop = start + o->lns_step_seconds *
			                              (1 + (turns_failed < TREE_MOST ? turns_failed
			                                                             : TREE_MOST));
			if (search(&m, &pr, &tree, 0, stop < lns_until ? stop : lns_until, 0, x, y,
			           &best_soft, t0, r, &tree_open))
				goto out;
			lns_turn = anneal_seconds() + o->lns_step_seconds;
			continue;
		}
		if (n > 0) {
			if (start + last > lns_until)
				continue;
			unfix_all(&m, &pr);
			until = lns_until;
		}
		memcpy(y, x, cells * sizeof(int));
		int got = dive(&m, &pr, o->max_iterations, until, best_soft, o->dive_end,
		               n > 0 ? o->rng : NULL, y, &r->iterations);
		if (got < 0)
			goto out;
		r->dives++;
		last = anneal_seconds() - start;
		struct sp_score s;
		sp_evaluate(p, y, &s);
		if (s.hard == 0 && (best_soft < 0 || s.soft < best_soft)) {
			memcpy(x, y, cells * sizeof(int));
			best_soft = s.soft;
			r->improved = 1;
			r->best_at = anneal_seconds() - t0;
		}
	}
	/* a tree still open is searched on in the time given to it */
	const double tree_until = t0 + o->tree_seconds;
	if (o->fix && by_clock && tree_open &&
	    refix(&m, &pr, root_dual, best_soft, &fixed_on, r) < 0)
		goto out;
	if (by_clock && tree_open && best_soft >= 0 && r->bound < best_soft &&
	    anneal_seconds() < tree_until) {
		if (search(&m, &pr, &tree, 0, tree_until, 0, x, y, &best_soft, t0, r, &tree_open))
			goto out;
	}
	r->columns = (long)m.n_cols;
	rc = 0;
out:
	tree_free(&tree);
	master_free(&m);
	for (int k = 0; k < PRICE_THREADS; k++) {
		if (pr.w[k].L)
			for (int d = 0; d <= D; d++)
				layer_free(&pr.w[k].L[d]);
		free(pr.w[k].L);
		free(pr.w[k].c);
		free(pr.w[k].rest_lb);
	}
	free(pr.rules);
	free(pr.dual);
	free(pr.lp_dual);
	free(pr.center);
	free(root_dual);
	free(pr.fixed);
	free(pr.ban);
	free(pr.beyond);
	free(pr.rows);
	free(pr.got);
	free(pr.cost);
	free(y);
	return rc;
}
