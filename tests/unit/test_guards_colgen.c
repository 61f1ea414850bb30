/*
 * test_guards_colgen.c - column generation for the shift problem, against
 * brute force on random small instances.
 *
 *   - One person, cover rules that only charge for each shift worked (a
 *     requirement of 0): the relaxation is then integral, so its bound is
 *     the optimum, and the optimum is the cheapest of every schedule that
 *     keeps the rules, found by trying them all.  Random rules of every
 *     kind (days off, shift types that may not follow, caps per type,
 *     least and most minutes, longest and shortest runs, shortest rests,
 *     weekends) test that the pricing's states hold each rule exactly:
 *     a rule held too loosely gives a bound below the optimum, one held
 *     too tightly a bound above it.
 *   - Two people sharing the cover: the bound is never above the optimum
 *     found by trying every pair, and the schedule returned keeps every
 *     rule and costs no less than that optimum.
 *   - The same rounds give the same schedule.
 *   - The relaxation of benchmark Instance 8 (30 people), started as the
 *     solver starts it from an annealed schedule, is solved to the end
 *     within 300 rounds (it takes a few dozen), and its bound is its value
 *     rounded up.
 *   - Branch and price, by a count of nodes, on random instances of two
 *     and three people: it ends with the optimum found by trying every
 *     combination and closes every node, which raises the bound to it.
 *   - On benchmark Instance 1, whose relaxation is worth 558, branch and
 *     price finds the proven optimum, 607, and proves it.
 *   - On benchmark Instance 5, neighbourhoods that each search their own
 *     tree reach the optimum, 1143, where dives alone stop above it.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "colgen.h"
#include "rng.h"
#include "solve.h"

#define MAX_TEXT       8192
#define NEIGHBOURHOODS 30

/* Appends to the instance text. */
static void put(char *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(char *t, const char *fmt, ...)
{
	va_list ap;
	size_t n = strlen(t);
	va_start(ap, fmt);
	vsnprintf(t + n, MAX_TEXT - n, fmt, ap);
	va_end(ap);
}

static const char *const shift_ids[] = {"E", "L"};

/* A random instance: `people` people, `days` days, `shifts` types; with
 * need_zero every cover requirement is 0 (over-cover weights only). */
static void random_instance(struct guards_rng *g, int people, int days, int shifts, int need_zero,
                            char *t)
{
	t[0] = '\0';
	put(t, "SECTION_HORIZON\n%d\n\nSECTION_SHIFTS\n", days);
	for (int s = 0; s < shifts; s++) {
		put(t, "%s,%d,", shift_ids[s],
		    s == 0 ? 480 : 480 + 120 * (int)guards_rng_below(g, 2));
		if (s > 0 && guards_rng_below(g, 2))
			put(t, "E"); /* L may not follow E */
		put(t, "\n");
	}
	put(t, "\nSECTION_STAFF\n");
	for (int i = 0; i < people; i++) {
		put(t, "P%d,", i);
		for (int s = 0; s < shifts; s++) {
			/* no cap, a cap, or never */
			int r = (int)guards_rng_below(g, 4);
			int cap = r == 0 ? days : r == 3 ? 0 : 1 + (int)guards_rng_below(g, 4);
			put(t, "%s%s=%d", s ? "|" : "", shift_ids[s], cap);
		}
		int lo = 480 * (int)guards_rng_below(g, 4);
		int hi = lo + 480 * (1 + (int)guards_rng_below(g, 6));
		put(t, ",%d,%d,%d,%d,%d,%d\n", hi, lo, 2 + (int)guards_rng_below(g, 4),
		    1 + (int)guards_rng_below(g, 3), 1 + (int)guards_rng_below(g, 3),
		    (int)guards_rng_below(g, 3));
	}
	put(t, "\nSECTION_DAYS_OFF\n");
	for (int i = 0; i < people; i++)
		if (guards_rng_below(g, 2))
			put(t, "P%d,%d\n", i, (int)guards_rng_below(g, (unsigned)days));
	for (int on = 1; on >= 0; on--) { /* three requests each to work, then not to */
		put(t, "\nSECTION_SHIFT_%s_REQUESTS\n", on ? "ON" : "OFF");
		for (int i = 0; i < people; i++)
			for (int k = 0; k < 3; k++)
				put(t, "P%d,%d,%s,%d\n", i,
				    (int)guards_rng_below(g, (unsigned)days),
				    shift_ids[guards_rng_below(g, (unsigned)shifts)],
				    1 + (int)guards_rng_below(g, 9));
	}
	put(t, "\nSECTION_COVER\n");
	for (int d = 0; d < days; d++)
		for (int s = 0; s < shifts; s++) {
			int need = need_zero ? 0 : (int)guards_rng_below(g, 3);
			int under = need_zero ? 0 : 1 + (int)guards_rng_below(g, 20);
			put(t, "%d,%s,%d,%d,%d\n", d, shift_ids[s], need, under,
			    (int)guards_rng_below(g, 6));
		}
}

/* Every schedule of one person that keeps the rules, as rows of `days`;
 * their count. */
static size_t feasible_rows(const struct sp_problem *p, int person, int **out)
{
	const int D = p->days, S = p->n_shifts;
	size_t total = 1, n = 0;
	for (int d = 0; d < D; d++)
		total *= (size_t)(S + 1);
	int *rows = malloc(total * (size_t)D * sizeof(int)), row[32];
	for (size_t k = 0; rows && k < total; k++) {
		size_t v = k;
		for (int d = 0; d < D; d++) {
			int c = (int)(v % (size_t)(S + 1));
			v /= (size_t)(S + 1);
			row[d] = c == S ? SP_OFF : c;
		}
		long h, soft;
		sp_person_cost(p, person, row, &h, &soft);
		if (h == 0)
			memcpy(rows + n++ * (size_t)D, row, (size_t)D * sizeof(int));
	}
	*out = rows;
	return n;
}

/* Brute force over every combination of the people's schedules. */
struct combos {
	const struct sp_problem *p;
	int *rows[3];
	long *cost[3]; /* each schedule's own penalty */
	size_t n[3];
	int count[32]; /* people on each day and shift so far */
	long best;
};

static void combine(struct combos *c, int e, long so_far)
{
	const struct sp_problem *p = c->p;
	const int D = p->days, S = p->n_shifts;

	if (e == p->n_people) {
		for (int k = 0; k < D * S; k++) {
			const struct sp_cover *cv = &p->cover[k];
			int n = c->count[k];
			so_far += n < cv->requirement
			                  ? (long)(cv->requirement - n) * cv->under_weight
			                  : (long)(n - cv->requirement) * cv->over_weight;
		}
		if (c->best < 0 || so_far < c->best)
			c->best = so_far;
		return;
	}
	for (size_t i = 0; i < c->n[e]; i++) {
		const int *row = c->rows[e] + i * (size_t)D;
		for (int d = 0; d < D; d++)
			if (row[d] >= 0)
				c->count[d * S + row[d]]++;
		combine(c, e + 1, so_far + c->cost[e][i]);
		for (int d = 0; d < D; d++)
			if (row[d] >= 0)
				c->count[d * S + row[d]]--;
	}
}

/* The optimum of an instance of at most three people by trying every
 * combination; -1 when someone has no schedule. */
static long optimum(const struct sp_problem *p)
{
	struct combos c = {.p = p, .best = -1};
	int ok = p->n_people <= 3 && p->days * p->n_shifts <= 32;

	for (int e = 0; ok && e < p->n_people; e++) {
		c.n[e] = feasible_rows(p, e, &c.rows[e]);
		c.cost[e] = malloc((c.n[e] + 1) * sizeof(long));
		ok = c.rows[e] && c.cost[e] && c.n[e] > 0;
		for (size_t i = 0; ok && i < c.n[e]; i++) {
			long h;
			sp_person_cost(p, e, c.rows[e] + i * (size_t)p->days, &h, &c.cost[e][i]);
		}
	}
	if (ok)
		combine(&c, 0, 0);
	for (int e = 0; e < p->n_people && e < 3; e++) {
		free(c.rows[e]);
		free(c.cost[e]);
	}
	return c.best;
}

static int read_instance(const char *text, struct sp_problem *p)
{
	char err[256];
	if (sp_read_nrp(text, strlen(text), p, err, sizeof(err)) || sp_prepare(p)) {
		fprintf(stderr, "# instance not read: %s\n%s", err, text);
		return -1;
	}
	return 0;
}

static void test_one_person(void)
{
	struct guards_rng g;
	static char text[MAX_TEXT];
	int exact = 0, none = 0, found = 0, tried = 0;

	guards_rng_seed(&g, 11);
	for (int k = 0; k < 60; k++) {
		int shifts = k % 2 ? 2 : 1, days = shifts == 2 ? 7 : 14;
		struct sp_problem p;
		random_instance(&g, 1, days, shifts, 1, text);
		if (read_instance(text, &p)) {
			CHECK(0, "a random instance reads");
			continue;
		}
		tried++;
		int *rows, x[32];
		size_t n = feasible_rows(&p, 0, &rows);
		long best = -1;
		for (size_t i = 0; i < n; i++) {
			struct sp_score s;
			sp_evaluate(&p, rows + i * (size_t)days, &s);
			if (best < 0 || s.soft < best)
				best = s.soft;
		}
		for (int d = 0; d < days; d++)
			x[d] = SP_OFF;
		struct sp_colgen_opts o = {.lp_seconds = 30, .dive_seconds = 30};
		struct sp_colgen_result r;
		int rc = sp_colgen(&p, x, &o, &r);
		struct sp_score s;
		sp_evaluate(&p, x, &s);
		if (rc == 0 && r.applicable && n == 0) {
			none += r.bound == -1;
		} else if (rc == 0 && r.applicable && r.converged && r.bound == best) {
			exact++;
			found += s.hard == 0 && s.soft == best;
		} else {
			fprintf(stderr, "# instance %d: bound %ld, optimum %ld (%zu schedules)\n%s",
			        k, r.bound, best, n, text);
		}
		free(rows);
		sp_problem_release(&p);
	}
	printf("# one person: %d instances, %d with no schedule, %d bounds exact, %d "
	       "optimal schedules\n",
	       tried, none, exact, found);
	CHECK(tried == 60, "60 random one-person instances");
	CHECK(exact + none == tried,
	      "the bound is the optimum of every schedule that keeps the rules");
	CHECK(found == exact, "the schedule found is an optimal one");
	CHECK(exact >= 30, "most instances have a schedule (the test is not empty)");
}

static void test_two_people(void)
{
	struct guards_rng g;
	static char text[MAX_TEXT];
	int valid = 0, kept = 0, tried = 0, tight = 0;

	guards_rng_seed(&g, 12);
	for (int k = 0; k < 30; k++) {
		const int days = 7, shifts = 2;
		struct sp_problem p;
		random_instance(&g, 2, days, shifts, 0, text);
		if (read_instance(text, &p))
			continue;
		int x[14];
		long best = optimum(&p);
		if (best < 0) { /* someone has no schedule at all */
			sp_problem_release(&p);
			continue;
		}
		tried++;
		for (int c = 0; c < 2 * days; c++)
			x[c] = SP_OFF;
		struct sp_colgen_opts o = {.lp_seconds = 30, .dive_seconds = 30};
		struct sp_colgen_result r;
		struct sp_score s;
		if (sp_colgen(&p, x, &o, &r) == 0 && r.applicable) {
			sp_evaluate(&p, x, &s);
			valid += r.converged && r.bound >= 0 && r.bound <= best;
			kept += s.hard == 0 && s.soft >= best && s.soft >= r.bound;
			tight += r.bound == best;
		}
		sp_problem_release(&p);
	}
	printf("# two people: %d instances, bound at the optimum on %d\n", tried, tight);
	CHECK(tried >= 15, "enough two-person instances with schedules");
	CHECK(valid == tried, "the bound is never above the optimum of every pair");
	CHECK(kept == tried, "the schedule keeps the rules and costs no less than the optimum");
}

static void test_repeat(void)
{
	struct guards_rng g;
	static char text[MAX_TEXT];
	struct sp_problem p;
	int x[2][3 * 14], same = 1;

	guards_rng_seed(&g, 13);
	random_instance(&g, 3, 14, 2, 0, text);
	if (read_instance(text, &p)) {
		CHECK(0, "the instance reads");
		return;
	}
	for (int k = 0; k < 2; k++) {
		struct guards_rng dr;
		guards_rng_seed(&dr, 5);
		for (int c = 0; c < 3 * 14; c++)
			x[k][c] = SP_OFF;
		struct sp_colgen_opts o = {.dive_seconds = 1, .max_iterations = 4, .rng = &dr};
		struct sp_colgen_result r;
		CHECK(sp_colgen(&p, x[k], &o, &r) == 0, "column generation by rounds runs");
	}
	for (int c = 0; c < 3 * 14; c++)
		same &= x[0][c] == x[1][c];
	CHECK(same, "the same rounds give the same schedule");
	sp_problem_release(&p);
}

/* Reads ../shared/data/curtois/Instance<k>.txt (or under
 * $SHOMER_SHARED_DATA) into p, and anneals a start into *x as the solver
 * does; 0, or -1 (reported). */
static int annealed(int k, struct sp_problem *p, int **x)
{
	const char *dir = getenv("SHOMER_SHARED_DATA");
	char path[1024];
	static char text[1 << 20];

	snprintf(path, sizeof(path), "%s/curtois/Instance%d.txt",
	         dir && *dir ? dir : "../shared/data", k);
	FILE *fp = fopen(path, "rb");
	CHECK(fp != NULL, "the instance opens");
	if (!fp) {
		printf("#   path %s\n", path);
		return -1;
	}
	size_t n = fread(text, 1, sizeof(text) - 1, fp);
	fclose(fp);
	text[n] = '\0';
	if (read_instance(text, p)) {
		CHECK(0, "the instance reads");
		return -1;
	}
	struct sp_solve_opts so = {
	        .time_limit = 60, .seed = 1, .max_rounds = 2, .max_mip = 1, .max_pricing = 1};
	struct sp_solve_result sr;
	if (sp_solve(p, &so, &sr)) {
		CHECK(0, "the instance anneals");
		sp_problem_release(p);
		return -1;
	}
	*x = sr.x;
	return 0;
}

/* An instance annealed as the solver starts it, and room for two
 * schedules to work on. */
struct start {
	struct sp_problem p;
	int *x, *y, *z;
	size_t cells;
};

static void start_free(struct start *st)
{
	free(st->x);
	free(st->y);
	free(st->z);
	sp_problem_release(&st->p);
}

/* Instance k into st (see annealed); 0, or -1 (reported, nothing held). */
static int start_of(int k, struct start *st)
{
	if (annealed(k, &st->p, &st->x))
		return -1;
	st->cells = (size_t)st->p.n_people * st->p.days;
	st->y = malloc(st->cells * sizeof(int));
	st->z = malloc(st->cells * sizeof(int));
	CHECK(st->y && st->z, "memory");
	if (st->y && st->z)
		return 0;
	start_free(st);
	return -1;
}

/* w, set to the annealed schedule. */
static int *from_start(const struct start *st, int *w)
{
	memcpy(w, st->x, st->cells * sizeof(int));
	return w;
}

static void test_converges(void)
{
	struct sp_problem p;
	int *x;

	/* started, as the solver starts it, from an annealed schedule */
	if (annealed(8, &p, &x))
		return;
	struct sp_colgen_opts o = {.max_iterations = 300};
	struct sp_colgen_result r;
	CHECK(sp_colgen(&p, x, &o, &r) == 0 && r.applicable, "column generation runs");
	printf("# Instance 8: %ld rounds, bound %ld, converged %d\n", r.iterations, r.bound,
	       r.converged);
	CHECK(r.converged && r.iterations < 300, "the relaxation is solved to the end");
	/* 1297 is the relaxation's value rounded up; the optimum is 1300 */
	CHECK(r.bound == 1297, "its bound is the relaxation's value, rounded up");
	free(x);
	sp_problem_release(&p);
}

/*
 * Branch and price, counted in nodes so that it repeats, on random
 * instances of up to three people: it must end with the optimum found by
 * trying every combination, and close every node, which raises the bound
 * to it.  With fixing by reduced cost (fix), what it rules out must never
 * include the optimum.
 */
static void test_branch_and_price(int fix)
{
	struct guards_rng g;
	static char text[MAX_TEXT];
	int tried = 0, gaps = 0, proved = 0, found = 0;
	long ruled = 0;

	guards_rng_seed(&g, 14);
	for (int k = 0; k < 80; k++) {
		const int people = 2 + k % 2, days = 7, shifts = people == 2 ? 2 : 1;
		struct sp_problem p;
		random_instance(&g, people, days, shifts, 0, text);
		if (read_instance(text, &p))
			continue;
		long best = optimum(&p);
		int x[3 * 7];
		struct sp_colgen_result r;
		struct sp_score s;
		for (int c = 0; c < people * days; c++)
			x[c] = SP_OFF;
		struct sp_colgen_opts root = {.max_iterations = 300};
		if (best < 0 || sp_colgen(&p, x, &root, &r) || !r.applicable || !r.converged) {
			sp_problem_release(&p);
			continue;
		}
		tried++;
		gaps += r.bound < best;
		for (int c = 0; c < people * days; c++)
			x[c] = SP_OFF;
		struct sp_colgen_opts o = {
		        .max_iterations = 300, .dive_seconds = 1, .max_nodes = 10000, .fix = fix};
		if (sp_colgen(&p, x, &o, &r) == 0) {
			ruled += r.ruled_out;
			sp_evaluate(&p, x, &s);
			found += s.hard == 0 && s.soft == best;
			proved += r.bound == best && r.nodes < 10000;
			if (r.bound != best || s.soft != best)
				fprintf(stderr,
				        "# instance %d: %ld nodes, bound %ld, schedule %ld, "
				        "optimum %ld\n%s",
				        k, r.nodes, r.bound, s.soft, best, text);
		}
		sp_problem_release(&p);
	}
	printf("# branch and price%s: %d instances (%d with a gap at the root), %d found, %d "
	       "proved, %ld choices ruled out\n",
	       fix ? " fixing by reduced cost" : "", tried, gaps, found, proved, ruled);
	CHECK(tried >= 30, "enough instances with schedules");
	CHECK(fix ? ruled > 0 : ruled == 0, "choices are ruled out only when asked");
	CHECK(found == tried, "the search ends with the optimum");
	CHECK(proved == tried, "and closes every node: its bound is the optimum");
}

/*
 * Instance 1 (8 people, 14 days): the relaxation is worth 558 and the
 * optimum, proven by Curtois and Qu, is 607.  Branch and price must find
 * it and prove it, raising the bound from 558 to 607; and again with
 * fixing by reduced cost after the first dive (and columns parked by
 * reduced cost), which must leave the optimum in.
 */
static void test_instance1(void)
{
	struct start st;

	if (start_of(1, &st))
		return;
	for (int fix = 0; fix < 2; fix++) {
		struct sp_colgen_opts o = {
		        .max_iterations = 300, .dive_seconds = 1, .max_nodes = 20000, .fix = fix};
		struct sp_colgen_result r;
		struct sp_score s;
		CHECK(sp_colgen(&st.p, from_start(&st, st.y), &o, &r) == 0 && r.applicable &&
		              r.converged,
		      "branch and price runs");
		sp_evaluate(&st.p, st.y, &s);
		printf("# Instance 1%s: %ld nodes, %ld rounds, schedule %ld (hard %ld), bound %ld, "
		       "%ld choices ruled out\n",
		       fix ? " fixing by reduced cost" : "", r.nodes, r.iterations, s.soft, s.hard,
		       r.bound, r.ruled_out);
		CHECK(s.hard == 0 && s.soft == 607, "it finds the optimum, 607");
		CHECK(r.bound == 607 && r.nodes < 20000, "and proves it: every node is closed");
		CHECK(fix ? r.ruled_out > 0 : r.ruled_out == 0,
		      "choices are ruled out only when asked");
	}
	start_free(&st);
}

/*
 * Neighbourhoods by count, after Instance 5's first dive, and no tree:
 * each with a branch and price of its own over the people it frees, they
 * must reach the optimum, 1143 (proven by Curtois and Qu; the relaxation
 * is worth 1141), where the same neighbourhoods ending with a dive alone
 * do not; and the same count gives the same schedule.  None of them may
 * claim a bound: their trees' roots are not the problem's.
 */
static void test_neighbourhoods(void)
{
	struct start st;
	long cost[3] = {0, 0, 0};

	if (start_of(5, &st))
		return;
	for (int k = 0; k < 3; k++) {
		struct guards_rng g;
		guards_rng_seed(&g, 3);
		struct sp_colgen_opts o = {.max_iterations = 300,
		                           .dive_seconds = 1,
		                           .max_neighbourhoods = NEIGHBOURHOODS,
		                           .sub_nodes = k == 0 ? 0 : 100,
		                           .fix = 1,
		                           .rng = &g};
		struct sp_colgen_result r;
		struct sp_score s;
		int *w = from_start(&st, k == 2 ? st.z : st.y);
		CHECK(sp_colgen(&st.p, w, &o, &r) == 0 && r.converged,
		      "neighbourhoods by count run");
		sp_evaluate(&st.p, w, &s);
		printf("# Instance 5, %d neighbourhoods%s: %ld better, schedule %ld (hard %ld), "
		       "bound %ld\n",
		       NEIGHBOURHOODS, k ? " with their own trees" : " with a dive alone",
		       r.neighbourhoods_better, s.soft, s.hard, r.bound);
		CHECK(r.neighbourhoods == NEIGHBOURHOODS && r.nodes == 0,
		      "the neighbourhoods, and no tree, ran");
		CHECK(s.hard == 0 && r.bound <= 1143, "a schedule, and no bound above the optimum");
		cost[k] = s.soft;
	}
	CHECK(cost[1] == 1143, "with their own trees, the neighbourhoods reach the optimum");
	CHECK(cost[0] > 1143, "with a dive alone, they do not");
	CHECK(memcmp(st.y, st.z, st.cells * sizeof(int)) == 0,
	      "the same count gives the same schedule");
	start_free(&st);
}

/*
 * One dive by rounds on Instance 1 from the annealed start: holding
 * everyone by the relaxation's shares ends at 609; with its last three
 * people scheduled exactly, the same dive ends at the optimum, 607, and
 * does so again from the same start.
 */
static void test_dive_end(void)
{
	struct start st;
	long cost[3] = {0, 0, 0};

	if (start_of(1, &st))
		return;
	for (int k = 0; k < 3; k++) {
		struct sp_colgen_opts o = {
		        .max_iterations = 300, .dive_seconds = 1, .dive_end = k == 0 ? 0 : 3};
		struct sp_colgen_result r;
		struct sp_score s;
		int *w = from_start(&st, k == 2 ? st.z : st.y);
		CHECK(sp_colgen(&st.p, w, &o, &r) == 0 && r.dives == 1, "one dive by rounds");
		sp_evaluate(&st.p, w, &s);
		printf("# Instance 1, one dive%s: schedule %ld (hard %ld)\n",
		       k ? ", the last three exactly" : "", s.soft, s.hard);
		cost[k] = s.hard == 0 ? s.soft : -1;
	}
	CHECK(cost[0] > 607, "by the shares alone, the dive misses the optimum");
	CHECK(cost[1] == 607, "with its last people exact, it reaches 607");
	CHECK(memcmp(st.y, st.z, st.cells * sizeof(int)) == 0, "and repeats");
	start_free(&st);
}

/*
 * By the clock, a tree still open when the neighbourhoods' time is over
 * is searched on until tree_seconds: on Instance 1, with no time for
 * neighbourhoods at all, it must still find and prove 607.  With a
 * neighbourhood's time shorter than the relaxation took, there is no
 * tree at all: its nodes would not fit their slices.
 */
static void test_tree_by_clock(void)
{
	struct start st;
	struct guards_rng g;
	struct sp_colgen_result r;
	struct sp_score s;
	struct sp_colgen_opts o = {.lp_seconds = 300,
	                           .dive_seconds = 300,
	                           .lns_step_seconds = 300,
	                           .tree_seconds = 600,
	                           .rng = &g};
	if (start_of(1, &st))
		return;
	guards_rng_seed(&g, 1);
	CHECK(sp_colgen(&st.p, from_start(&st, st.y), &o, &r) == 0 && r.converged,
	      "a run by the clock");
	sp_evaluate(&st.p, st.y, &s);
	printf("# Instance 1 by the clock, tree after the neighbourhoods: %ld nodes, schedule %ld, "
	       "bound %ld\n",
	       r.nodes, s.soft, r.bound);
	CHECK(r.neighbourhoods == 0 && r.nodes > 0, "the tree runs after the neighbourhoods' time");
	CHECK(s.hard == 0 && s.soft == 607 && r.bound == 607, "and proves the optimum, 607");

	o.lns_step_seconds = 1e-9;
	CHECK(sp_colgen(&st.p, from_start(&st, st.y), &o, &r) == 0 && r.converged,
	      "again, with no time for a node");
	CHECK(r.nodes == 0 && r.bound < 607, "a relaxation slower than a neighbourhood: no tree");
	start_free(&st);
}

int main(void)
{
	test_one_person();
	test_two_people();
	test_repeat();
	test_converges();
	test_branch_and_price(0);
	test_branch_and_price(1);
	test_instance1();
	test_neighbourhoods();
	test_dive_end();
	test_tree_by_clock();
	return check_done();
}
