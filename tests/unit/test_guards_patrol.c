/*
 * test_guards_patrol.c - patrol coverage and routes: ORIGAMI's coverage
 * worked by hand and checked against the same game solved as a linear
 * program by GLPK; systematic sampling's exact marginals; and many drawn
 * plans whose visit frequencies match the coverage statistically.
 */
#include <glpk.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "patrol.h"

/* The game as an LP: minimise L subject to (1 - c_i) v_i <= L,
 * sum c_i <= m, 0 <= c_i <= 1.  Returns the optimal L. */
static double lp_level(const double *v, size_t n, double m)
{
	glp_prob *lp = glp_create_prob();
	int *ia = malloc((3 * n + 2) * sizeof(int)), *ja = malloc((3 * n + 2) * sizeof(int));
	double *ar = malloc((3 * n + 2) * sizeof(double)), level;
	int k = 0;

	glp_set_obj_dir(lp, GLP_MIN);
	glp_add_cols(lp, (int)n + 1); /* c_1..c_n, then L */
	for (size_t i = 1; i <= n; i++)
		glp_set_col_bnds(lp, (int)i, GLP_DB, 0, 1);
	glp_set_col_bnds(lp, (int)n + 1, GLP_LO, 0, 0);
	glp_set_obj_coef(lp, (int)n + 1, 1);
	glp_add_rows(lp, (int)n + 1);
	for (size_t i = 1; i <= n; i++) {
		/* v_i c_i + L >= v_i */
		glp_set_row_bnds(lp, (int)i, GLP_LO, v[i - 1], 0);
		k++, ia[k] = (int)i, ja[k] = (int)i, ar[k] = v[i - 1];
		k++, ia[k] = (int)i, ja[k] = (int)n + 1, ar[k] = 1;
	}
	glp_set_row_bnds(lp, (int)n + 1, GLP_UP, 0, m);
	for (size_t i = 1; i <= n; i++)
		k++, ia[k] = (int)n + 1, ja[k] = (int)i, ar[k] = 1;
	glp_load_matrix(lp, k, ia, ja, ar);
	glp_smcp parm;
	glp_init_smcp(&parm);
	parm.msg_lev = GLP_MSG_OFF;
	glp_simplex(lp, &parm);
	level = glp_get_obj_val(lp);
	glp_delete_prob(lp);
	free(ia);
	free(ja);
	free(ar);
	return level;
}

static void test_by_hand(void)
{
	/* Values 10, 8, 2 and one visit an hour: the two best sites are
	 * covered so that each leaves the attacker L; (1 - L/10) + (1 - L/8)
	 * = 1 gives L = 1 / (1/10 + 1/8) = 40/9 = 4.444; the third, worth 2,
	 * is left alone. */
	const double v[3] = {10, 8, 2};
	double c[3];
	double level = patrol_coverage(v, 3, 1.0, c);
	CHECK_NEAR(level, 40.0 / 9.0, 1e-12, "ORIGAMI by hand: L = 40/9");
	CHECK_NEAR(c[0], 1 - 4.0 / 9.0, 1e-12, "site worth 10 covered 5/9");
	CHECK_NEAR(c[1], 1 - 5.0 / 9.0, 1e-12, "site worth 8 covered 4/9");
	CHECK(c[2] == 0, "site worth 2 not covered");
	/* more visits than sites: all covered fully, nothing left to gain */
	level = patrol_coverage(v, 3, 5.0, c);
	CHECK(level == 0 && c[0] == 1 && c[1] == 1 && c[2] == 1, "enough patrols cover all");
	/* no value, no coverage */
	const double z[2] = {0, 0};
	CHECK(patrol_coverage(z, 2, 1.0, c) == 0 && c[0] == 0 && c[1] == 0, "worthless sites");
}

static void test_against_lp(void)
{
	struct guards_rng g;
	int agree = 1, sums = 1, best_response = 1;

	guards_rng_seed(&g, 42);
	for (int trial = 0; trial < 200; trial++) {
		size_t n = 1 + (size_t)(guards_rng_unit(&g) * 30);
		double v[32], c[32], m = guards_rng_unit(&g) * (double)n * 0.8;
		for (size_t i = 0; i < n; i++)
			v[i] = 1 + guards_rng_unit(&g) * 99;
		double level = patrol_coverage(v, n, m, c), lp = lp_level(v, n, m), sum = 0;
		if (fabs(level - lp) > 1e-7 * (1 + lp))
			agree = 0;
		for (size_t i = 0; i < n; i++) {
			sum += c[i];
			/* no site leaves the attacker more than L */
			if ((1 - c[i]) * v[i] > level + 1e-9)
				best_response = 0;
		}
		if (sum > m + 1e-9)
			sums = 0;
	}
	CHECK(agree, "ORIGAMI's level equals the LP optimum on 200 random games");
	CHECK(sums, "coverage never uses more visits than there are");
	CHECK(best_response, "no site is worth more than L to the attacker");
}

static void test_draw(void)
{
	const double c[5] = {0.9, 0.35, 0.5, 0.05, 0.7}; /* sum 2.5 */
	unsigned char chosen[5];
	long hits[5] = {0}, sizes[4] = {0};
	const int N = 100000;

	for (int k = 0; k < N; k++) {
		double u = (k + 0.5) / N; /* an even grid over [0, 1) */
		size_t m = patrol_draw(c, 5, u, chosen);
		sizes[m < 4 ? m : 3]++;
		for (int i = 0; i < 5; i++)
			hits[i] += chosen[i];
	}
	int exact = 1;
	for (int i = 0; i < 5; i++)
		if (fabs((double)hits[i] / N - c[i]) > 1e-4)
			exact = 0;
	CHECK(exact, "systematic sampling draws each site with its coverage exactly");
	CHECK(sizes[2] + sizes[3] == N && sizes[2] == N / 2,
	      "and 2 or 3 sites, half the time each");
}

static void test_plans(void)
{
	/* six sites on a line 500 m apart, values 30, 25, 20, 12, 8, 5 */
	const double x[6] = {0, 500, 1000, 1500, 2000, 2500}, y[6] = {0};
	const double v[6] = {30, 25, 20, 12, 8, 5};
	double c[6];
	double per = patrol_visits_per_hour(x, y, 6, 30, 10);
	CHECK_NEAR(per, 60.0 / 11.0, 1e-9, "a unit makes 60 / (10 + 1) visits an hour");
	patrol_coverage(v, 6, 1.5, c);

	/* 400 plans of 10 hours: 4,000 independent hourly draws per site */
	long visits[6] = {0}, total_hours = 0;
	int same = 1, units_ok = 1, times_ok = 1;
	for (uint64_t seed = 1; seed <= 400; seed++) {
		struct patrol_params pp = {.units = 2,
		                           .hours = 10,
		                           .speed_kmh = 30,
		                           .dwell_min = 10,
		                           .base_x = 1250,
		                           .base_y = 0,
		                           .seed = seed};
		struct patrol_plan a, b;
		if (patrol_plan(x, y, c, 6, &pp, &a) || patrol_plan(x, y, c, 6, &pp, &b))
			return;
		if (a.n_stops != b.n_stops ||
		    memcmp(a.stops, b.stops, a.n_stops * sizeof(*a.stops)) != 0)
			same = 0;
		for (size_t i = 0; i < a.n_stops; i++) {
			visits[a.stops[i].site]++;
			if (a.stops[i].unit < 0 || a.stops[i].unit >= 2)
				units_ok = 0;
			if (a.stops[i].depart - a.stops[i].arrive != 10 ||
			    a.stops[i].arrive < 60.0 * a.stops[i].hour)
				times_ok = 0;
		}
		total_hours += 10;
		patrol_plan_release(&a);
		patrol_plan_release(&b);
	}
	CHECK(same, "the same seed draws the same plan");
	CHECK(units_ok && times_ok,
	      "stops belong to the units, dwell 10 min, never before their hour");
	/* each site's visits are binomial(4000, c): within 4.5 standard
	 * deviations, a chance of about 1 in 150,000 each of failing by luck */
	int within = 1;
	char why[160];
	for (int i = 0; i < 6; i++) {
		double mean = c[i] * total_hours, sd = sqrt(total_hours * c[i] * (1 - c[i]));
		if (fabs(visits[i] - mean) > 4.5 * sd + 1e-9) {
			within = 0;
			snprintf(why, sizeof(why),
			         "#   site %d: %ld visits, expected %.1f +- %.1f\n", i, visits[i],
			         mean, sd);
			fputs(why, stdout);
		}
	}
	CHECK(within, "over 400 plans each site is visited as often as its coverage says");
}

int main(void)
{
	glp_term_out(GLP_OFF);
	test_by_hand();
	test_against_lp();
	test_draw();
	test_plans();
	return check_done();
}
