/*
 * test_risk_model.c - the risk score from its inputs (plugins/risk/model.c,
 * scorer.c, tree.c, grid.c, engine.c), without a host: scores worked out by
 * hand for small cases, the two monotonicity promises (one more incident
 * never lowers a score; a higher threat level never lowers one) over many
 * random cases with a fixed seed, clamping, the parts adding up, missing
 * protection giving no credit, and the indexed sums against the
 * brute-force reference.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "model.h"
#include "risk.h"
#include "scorer.h"

/* The plugin's host table: the files linked here never call it. */
const struct shomer_api *risk_api;

#define DAY 86400

/* 2026-11-01T00:00:00Z */
static const int64_t AS_OF = 1793491200;

/* ---- a fixed-seed generator (splitmix64) ---- */

static uint64_t rng_state = 20261101;

static uint64_t rng_next(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static double rng_unit(void)
{
	return (double)(rng_next() >> 11) * 0x1.0p-53;
}

static int rng_below(int n)
{
	return (int)(rng_next() % (uint64_t)n);
}

/* ---- helpers ---- */

/* Scores a site at (x, y) against `set` with the index or by brute force. */
static void score_at(const struct risk_params *p, const struct risk_incset *set,
                     const struct risk_inputs *base, double x, double y, int brute,
                     struct risk_scored *out)
{
	struct risk_scorer s;
	struct risk_inputs in = *base;
	double P, W;

	if (risk_scorer_init(&s, p, AS_OF, set, 1)) {
		CHECK(0, "the scorer builds");
		memset(out, 0, sizeof(*out));
		return;
	}
	if (brute)
		risk_scorer_brute(&s, x, y, &P, &W);
	else
		risk_scorer_eval(&s, x, y, &P, &W);
	risk_score_finish(p, &in, P, W, out);
	risk_scorer_release(&s);
}

static void push(struct risk_incset *s, double x, double y, int64_t occ, int month_only, int cat)
{
	if (risk_incset_push(s, x, y, occ, risk_reference_time(occ, month_only), cat))
		abort();
}

static struct risk_inputs synagogue(int level)
{
	struct risk_inputs in = {
	        .kind = RISK_KIND_SYNAGOGUE, .peak_attendance = 520, .level = level};
	return in;
}

/* ---- worked by hand ---- */

static void one_incident(void)
{
	struct risk_params p;
	struct risk_incset set = {0};
	struct risk_inputs in = synagogue(SHOMER_THREAT_SUBSTANTIAL);
	struct risk_scored sc;

	risk_params_default(&p);
	/* A synagogue (12 points) whose busiest session has 520 people, one
	 * assault (weight 3) 300 m away, 90 days before the as-of date, the
	 * threat level SUBSTANTIAL (x 1.2), CCTV recognition coverage 0.8
	 * and no guard cover:
	 *   exposure   12 + 5 ln(1 + 520/50) = 12 + 5 x 2.4336133554 = 24.16806677700225
	 *   kernel     exp(-300^2 / (2 x 400^2)) = exp(-0.28125) = 0.7548396019890073
	 *   decay      2^(-90/180) = 0.7071067811865476
	 *   P          3 x 0.75484 x 0.70711 = 1.6012566038237448
	 *   pressure   40 x (1 - exp(-1.60126 / 15)) = 4.050002527573797
	 *   near-repeat 0: 300 m is within 400 m, but 90 days is past the 60-day window
	 *   subtotal   24.16807 + 4.05000 = 28.218069304576048
	 *   threat     28.21807 x (1.2 - 1) = 5.643613860915
	 *   credit     0.25 x 0.8 = 0.2; protection -(28.21807 x 1.2 x 0.2) = -6.772336633098
	 *   score      28.21807 x 1.2 x 0.8 = 27.08934653239301 */
	push(&set, 300, 0, AS_OF - 90 * DAY, 0, RISK_CAT_ASSAULT);
	in.has_cctv = 1;
	in.cctv = 0.8;
	score_at(&p, &set, &in, 0, 0, 0, &sc);
	CHECK_NEAR(sc.r.exposure, 24.16806677700225, 1e-12, "hand: exposure");
	CHECK_NEAR(sc.P, 1.6012566038237448, 1e-12, "hand: pressure sum P");
	CHECK_NEAR(sc.r.pressure, 4.050002527573797, 1e-12, "hand: pressure points");
	CHECK(sc.r.near_repeat == 0.0, "hand: outside the near-repeat window");
	CHECK_NEAR(sc.r.threat, 5.643613860915210, 1e-11, "hand: threat adjustment");
	CHECK_NEAR(sc.r.protection, -6.772336633098252, 1e-11, "hand: protection credit");
	CHECK_NEAR(sc.r.score, 27.08934653239301, 1e-11, "hand: score");
	CHECK(sc.score_cents == 2709, "hand: shown as 27.09");
	CHECK(sc.r.clamp == 0.0, "hand: no clamp");

	/* The same assault 45 days back: inside the window, so near-repeat
	 * 4 x 3 = 12 points; decay 2^(-45/180) = 0.8408964152537145,
	 * P = 3 x 0.75484 x 0.84090 = 1.9042257462122905, pressure
	 * 40 x (1 - exp(-1.90423 / 15)) = 4.7688346188301045, subtotal
	 * 24.16807 + 4.76883 + 12 = 40.93690139583235, score
	 * 40.93690 x 1.2 x 0.8 = 39.29942533999906 */
	set.occ[0] = AS_OF - 45 * DAY;
	set.ref[0] = set.occ[0];
	score_at(&p, &set, &in, 0, 0, 0, &sc);
	CHECK_NEAR(sc.r.near_repeat, 12.0, 1e-12, "hand: near-repeat 4 x 3");
	CHECK_NEAR(sc.r.pressure, 4.7688346188301045, 1e-12, "hand: pressure at 45 days");
	CHECK_NEAR(sc.r.score, 39.29942533999906, 1e-11, "hand: score at 45 days");

	/* After the as-of date: not counted at all. */
	set.occ[0] = AS_OF + DAY;
	set.ref[0] = set.occ[0];
	score_at(&p, &set, &in, 0, 0, 0, &sc);
	CHECK(sc.P == 0.0 && sc.W == 0.0, "an incident after the as-of date counts for nothing");
	risk_incset_release(&set);
}

static void no_schedule_no_incidents(void)
{
	struct risk_params p;
	struct risk_incset set = {0};
	struct risk_inputs in = {.kind = RISK_KIND_CEMETERY, .level = SHOMER_THREAT_LOW};
	struct risk_scored sc;

	risk_params_default(&p);
	/* a cemetery, no schedule, no incident, level LOW:
	 * 6 x 0.8 = 4.8, of which the threat adjustment is 6 x (0.8 - 1) = -1.2 */
	score_at(&p, &set, &in, 0, 0, 0, &sc);
	CHECK_NEAR(sc.r.exposure, 6.0, 0, "no schedule: the kind's base points only");
	CHECK_NEAR(sc.r.score, 4.8, 1e-12, "a quiet cemetery at LOW scores 4.8");
	CHECK(sc.cents[RISK_PART_THREAT] == -120, "LOW takes 1.20 off");
}

static void cutoff_edges(void)
{
	struct risk_params p;
	struct risk_incset set = {0};
	struct risk_inputs in = synagogue(SHOMER_THREAT_MODERATE);
	struct risk_scored sc;

	risk_params_default(&p);
	push(&set, 1500, 0, AS_OF, 0, RISK_CAT_LITERATURE);        /* at the cut-off: counts */
	push(&set, 0, 1500.001, AS_OF, 0, RISK_CAT_ASSAULT);       /* beyond it: does not */
	push(&set, 400, 0, AS_OF - 60 * DAY, 0, RISK_CAT_THREATS); /* both edges of near-repeat */
	push(&set, 400.001, 0, AS_OF, 0, RISK_CAT_ASSAULT);        /* pressure only */
	score_at(&p, &set, &in, 0, 0, 0, &sc);
	double want = 0.5 * exp(-1500.0 * 1500 / 320000) +
	              2 * exp(-400.0 * 400 / 320000) * exp2(-60.0 / 180) +
	              3 * exp(-400.001 * 400.001 / 320000);
	CHECK_NEAR(sc.P, want, 1e-14, "the cut-off radius is inclusive, beyond it nothing");
	CHECK_NEAR(sc.W, 2.0, 0, "near-repeat: 400 m and 60 days count, 400.001 m does not");
	risk_incset_release(&set);
}

/* ---- clamping, rounding, credit ---- */

static void clamping(void)
{
	struct risk_params p;
	struct risk_incset set = {0};
	struct risk_inputs in = {
	        .kind = RISK_KIND_SCHOOL, .peak_attendance = 5000, .level = SHOMER_THREAT_CRITICAL};
	struct risk_scored sc;

	risk_params_default(&p);
	for (int i = 0; i < 40; i++)
		push(&set, 10.0 * i, 5, AS_OF - i * DAY, 0, RISK_CAT_EXTREME_VIOLENCE);
	score_at(&p, &set, &in, 0, 0, 0, &sc);
	CHECK(sc.r.unclamped > 100,
	      "a school amid violence at CRITICAL is past 100 before clamping");
	CHECK(sc.r.score == 100.0, "the score is clamped to 100");
	CHECK_NEAR(sc.r.clamp, 100.0 - sc.r.unclamped, 1e-12, "the clamp part is what was cut");
	long sum = 0;
	for (int k = 0; k < RISK_N_PARTS; k++)
		sum += sc.cents[k];
	CHECK(sum == 10000 && sc.score_cents == 10000, "the clamped parts still add up to 100.00");
	risk_incset_release(&set);
}

static void missing_protection(void)
{
	struct risk_params p;
	struct risk_inputs in = synagogue(SHOMER_THREAT_MODERATE);
	struct risk_result r;

	risk_params_default(&p);
	CHECK(risk_protection_credit(&p, 0, 0.9, 0, 0.9) == 0.0,
	      "absent attributes give no credit, whatever value is lying about");
	CHECK_NEAR(risk_protection_credit(&p, 1, 1.0, 1, 1.0), 0.35, 0,
	           "full cover earns at most the maximum credit");
	CHECK_NEAR(risk_protection_credit(&p, 0, 0, 1, 0.5), 0.10, 1e-15,
	           "guards alone: 0.20 x 0.5");
	in.has_cctv = 0;
	in.cctv = 1.0;
	in.has_guards = 0;
	in.guards = 1.0;
	risk_score_site(&p, &in, &r);
	CHECK(r.protection == 0.0 && r.credit == 0.0, "a site without attributes gets no credit");
}

static void parts_add_up(void)
{
	struct risk_params p;
	int bad = 0;

	risk_params_default(&p);
	for (int i = 0; i < 20000; i++) {
		struct risk_inputs in = {
		        .kind = rng_below(RISK_N_KINDS),
		        .peak_attendance = rng_below(3) ? rng_below(2000) : 0,
		        .pressure = rng_unit() * 60,
		        .nr_weight = rng_unit() * 8,
		        .level = 1 + rng_below(5),
		        .has_cctv = rng_below(2),
		        .cctv = rng_unit(),
		        .has_guards = rng_below(2),
		        .guards = rng_unit(),
		};
		struct risk_result r;
		long cents[RISK_N_PARTS], score, sum = 0;
		risk_score_site(&p, &in, &r);
		risk_round_parts(&r, cents, &score);
		for (int k = 0; k < RISK_N_PARTS; k++) {
			sum += cents[k];
			bad += labs(cents[k] - lround((k == 0   ? r.exposure
			                               : k == 1 ? r.pressure
			                               : k == 2 ? r.near_repeat
			                               : k == 3 ? r.threat
			                               : k == 4 ? r.protection
			                                        : r.clamp) *
			                              100)) > 3;
		}
		bad += sum != score || score < 0 || score > 10000;
	}
	CHECK(bad == 0,
	      "20,000 random scores: shown parts add up to the shown score, each within 0.03");
}

/* ---- monotonicity ---- */

static void random_set(struct risk_incset *set, int n)
{
	for (int i = 0; i < n; i++)
		push(set, (rng_unit() - 0.5) * 4000, (rng_unit() - 0.5) * 4000,
		     AS_OF - (int64_t)(rng_unit() * 800 * DAY), rng_below(4) == 0,
		     rng_below(RISK_N_CATS));
}

static void more_incidents_never_lower(void)
{
	struct risk_params p;
	int lower_exact = 0, lower_indexed = 0, lower_shown = 0, cases = 0;

	risk_params_default(&p);
	for (int c = 0; c < 300; c++) {
		struct risk_incset set = {0};
		struct risk_inputs in = {.kind = rng_below(RISK_N_KINDS),
		                         .peak_attendance = rng_below(800),
		                         .level = 1 + rng_below(5)};
		struct risk_scored b0, b1, i0, i1;
		double sx = (rng_unit() - 0.5) * 2000, sy = (rng_unit() - 0.5) * 2000;
		/* up to 400 incidents, so that the tree has nodes with moments */
		random_set(&set, rng_below(3) ? rng_below(40) : 200 + rng_below(200));
		score_at(&p, &set, &in, sx, sy, 1, &b0);
		score_at(&p, &set, &in, sx, sy, 0, &i0);
		/* one more, within 1.5 km of the site (sometimes at it) */
		double r = rng_below(5) ? rng_unit() * 1500 : 0, a = rng_unit() * 6.283185307179586;
		push(&set, sx + r * cos(a), sy + r * sin(a),
		     AS_OF - (int64_t)(rng_unit() * 400 * DAY), rng_below(4) == 0,
		     rng_below(RISK_N_CATS));
		score_at(&p, &set, &in, sx, sy, 1, &b1);
		score_at(&p, &set, &in, sx, sy, 0, &i1);
		lower_exact += b1.P < b0.P || b1.W < b0.W || b1.r.score < b0.r.score;
		/* the index may add in another order: allow its rounding */
		lower_indexed += i1.r.score < i0.r.score - 1e-9 * (1 + i0.r.score);
		lower_shown += i1.score_cents < i0.score_cents;
		cases++;
		risk_incset_release(&set);
	}
	CHECK(cases == 300 && lower_exact == 0, "300 random cases: one more incident never lowers "
	                                        "P, W or the score (reference sums)");
	CHECK(lower_indexed == 0, "nor the indexed score, beyond rounding");
	CHECK(lower_shown == 0, "nor the shown score");
}

static void higher_level_never_lowers(void)
{
	struct risk_params p;
	int lower = 0;

	risk_params_default(&p);
	for (int c = 0; c < 20000; c++) {
		struct risk_inputs in = {
		        .kind = rng_below(RISK_N_KINDS),
		        .peak_attendance = rng_below(3000),
		        .pressure = rng_unit() * 100,
		        .nr_weight = rng_unit() * 10,
		        .has_cctv = rng_below(2),
		        .cctv = rng_unit(),
		        .has_guards = rng_below(2),
		        .guards = rng_unit(),
		};
		struct risk_result prev;
		long cents[RISK_N_PARTS], prev_shown = -1, shown;
		for (int level = 1; level <= 5; level++) {
			struct risk_result r;
			in.level = level;
			risk_score_site(&p, &in, &r);
			risk_round_parts(&r, cents, &shown);
			if (level > 1)
				lower += r.score < prev.score || shown < prev_shown;
			prev = r;
			prev_shown = shown;
		}
	}
	CHECK(lower == 0,
	      "20,000 random sites: each step up in threat level never lowers the score");
}

/* ---- the index against the reference ---- */

static void index_matches_reference(void)
{
	struct risk_params p;
	struct risk_incset set = {0};
	struct risk_scorer s;
	double worst = 0;
	int w_differs = 0;

	risk_params_default(&p);
	/* 30,000 incidents in three dense clusters and a sparse spread */
	for (int i = 0; i < 30000; i++) {
		int c = rng_below(4);
		double cx = c == 0 ? 0 : c == 1 ? 2500 : c == 2 ? -1800 : 0;
		double cy = c == 0 ? 0 : c == 1 ? 900 : c == 2 ? 2100 : 0;
		double spread = c == 3 ? 9000 : 700;
		push(&set, cx + (rng_unit() - 0.5) * spread, cy + (rng_unit() - 0.5) * spread,
		     AS_OF - (int64_t)(rng_unit() * 700 * DAY), rng_below(5) == 0,
		     rng_below(RISK_N_CATS));
	}
	if (!CHECK(risk_scorer_init(&s, &p, AS_OF, &set, 2) == 0, "the index builds"))
		return;
	CHECK(s.tree.nmom > 0, "the tree has nodes summed by their moments");
	for (int i = 0; i < 400; i++) {
		double x = (rng_unit() - 0.5) * 8000, y = (rng_unit() - 0.5) * 8000, P, W, Pb, Wb;
		risk_scorer_eval(&s, x, y, &P, &W);
		risk_scorer_brute(&s, x, y, &Pb, &Wb);
		double rel = Pb > 0 ? fabs(P - Pb) / Pb : fabs(P);
		if (rel > worst)
			worst = rel;
		w_differs += fabs(W - Wb) > 1e-12 * (1 + Wb);
	}
	CHECK(worst <= 1e-9, "400 points: the indexed pressure is within 1e-9 of brute force");
	if (worst > 1e-9)
		printf("#   worst relative difference %g\n", worst);
	CHECK(w_differs == 0, "the near-repeat weights agree");

	/* what `risk explain` does: only the incidents within reach */
	double x = 120, y = -80, P, W, Ps, Ws;
	risk_scorer_eval(&s, x, y, &P, &W);
	struct risk_incset sub = {0};
	double reach = risk_scorer_reach(&p);
	for (size_t i = 0; i < set.n; i++) {
		double dx = set.x[i] - x, dy = set.y[i] - y;
		if (dx * dx + dy * dy <= reach * reach &&
		    risk_incset_push(&sub, set.x[i], set.y[i], set.occ[i], set.ref[i], set.cat[i]))
			abort();
	}
	struct risk_scorer s2;
	if (CHECK(risk_scorer_init(&s2, &p, AS_OF, &sub, 1) == 0, "the subset's index builds")) {
		risk_scorer_eval(&s2, x, y, &Ps, &Ws);
		CHECK(P == Ps && W == Ws,
		      "the incidents within reach give the very same sums, bit for bit");
		risk_scorer_release(&s2);
	}
	risk_incset_release(&sub);
	risk_scorer_release(&s);
	risk_incset_release(&set);
}

int main(void)
{
	one_incident();
	no_schedule_no_incidents();
	cutoff_edges();
	clamping();
	missing_protection();
	parts_add_up();
	more_incidents_never_lower();
	higher_level_never_lowers();
	index_matches_reference();
	return check_done();
}
