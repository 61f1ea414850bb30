/*
 * test_guards_anneal.c - the guards plugin's search core (anneal.c), on a
 * toy problem whose answer is known: bits with a cost each, and the search
 * turns them on or off one at a time.  Checks the Metropolis rule at both
 * ends of the temperature scale, the move budget, a refused keep, the
 * deadline, that the same seed repeats the search, and that it finds the
 * optimum of a problem with one.
 */
#include <math.h>
#include <string.h>

#include "anneal.h"
#include "check.h"

#define BITS 40

struct toy {
	int bit[BITS];
	double cost[BITS]; /* of having bit k on */
	int k;             /* the pending flip */
	long proposed, uphill, kept, undone, refuse_every;
};

static double toy_total(const struct toy *t)
{
	double s = 0;
	for (int k = 0; k < BITS; k++)
		s += t->bit[k] ? t->cost[k] : 0;
	return s;
}

static int propose(void *ctx, struct guards_rng *r, double *delta)
{
	struct toy *t = ctx;

	t->k = (int)guards_rng_below(r, BITS);
	t->bit[t->k] ^= 1;
	*delta = t->bit[t->k] ? t->cost[t->k] : -t->cost[t->k];
	t->proposed++;
	t->uphill += *delta > 0;
	return 1;
}

static int keep(void *ctx)
{
	struct toy *t = ctx;

	if (t->refuse_every > 0 && (t->proposed % t->refuse_every) == 0)
		return -1;
	t->kept++;
	return 0;
}

static void undo(void *ctx)
{
	struct toy *t = ctx;

	t->bit[t->k] ^= 1;
	t->undone++;
}

/* Half the bits cost 1 to have on, half save 1: the optimum is -BITS / 2. */
static void toy_init(struct toy *t)
{
	memset(t, 0, sizeof(*t));
	for (int k = 0; k < BITS; k++)
		t->cost[k] = k % 2 ? 1.0 : -1.0;
}

static const struct anneal_ops ops = {propose, keep, undo, NULL};

int main(void)
{
	struct toy t;
	struct guards_rng r;
	long n;

	/* cold: no dearer move is ever kept, so the search only goes down,
	 * and ends at the optimum */
	toy_init(&t);
	guards_rng_seed(&r, 1);
	struct anneal_params cold = {.moves = 5000, .t_start = 1e-6, .t_end = 1e-9};
	n = anneal_run(&ops, &t, &cold, &r);
	CHECK(n == 5000, "the whole budget is drawn");
	CHECK(t.proposed == 5000, "one proposal per move");
	CHECK(t.kept + t.undone == t.proposed, "every move is kept or undone");
	CHECK(t.kept == t.proposed - t.uphill,
	      "cold: exactly the moves that cost nothing more kept");
	CHECK_NEAR(toy_total(&t), -BITS / 2, 1e-12, "cold: the optimum found");

	/* hot: almost every dearer move is kept (exp(-1/1e9)) */
	toy_init(&t);
	guards_rng_seed(&r, 2);
	struct anneal_params hot = {.moves = 20000, .t_start = 1e9, .t_end = 1e9};
	anneal_run(&ops, &t, &hot, &r);
	CHECK(t.uphill > 5000, "hot: many moves go up");
	CHECK(t.kept == t.proposed, "hot: every move kept");

	/* in between, a dearer move by 1 at temperature T is kept with
	 * probability exp(-1 / T): at T = 1/ln 2, half of them */
	toy_init(&t);
	guards_rng_seed(&r, 3);
	double T = 1.0 / log(2.0);
	struct anneal_params mid = {.moves = 200000, .t_start = T, .t_end = T};
	anneal_run(&ops, &t, &mid, &r);
	long up_kept = t.kept - (t.proposed - t.uphill);
	double share = (double)up_kept / (double)t.uphill;
	/* about 1e5 up moves: 5 standard deviations of a binomial half */
	CHECK(fabs(share - 0.5) < 5 * 0.5 / sqrt((double)t.uphill),
	      "at T = 1/ln 2, half the dearer moves are kept");

	/* a keep that refuses is undone, and the state stays consistent */
	toy_init(&t);
	t.refuse_every = 3;
	guards_rng_seed(&r, 4);
	anneal_run(&ops, &t, &hot, &r);
	CHECK(t.undone >= t.proposed / 3, "refused keeps are undone");
	CHECK(t.kept + t.undone == t.proposed, "every move is kept or undone, refusals too");

	/* the same seed and budget: the same search */
	struct toy a, b;
	struct anneal_params warm = {.moves = 30000, .t_start = 5, .t_end = 0.01};
	toy_init(&a);
	toy_init(&b);
	guards_rng_seed(&r, 7);
	anneal_run(&ops, &a, &warm, &r);
	guards_rng_seed(&r, 7);
	anneal_run(&ops, &b, &warm, &r);
	CHECK(memcmp(a.bit, b.bit, sizeof(a.bit)) == 0 && a.kept == b.kept,
	      "the same seed repeats the search");
	CHECK_NEAR(toy_total(&a), -BITS / 2, 1e-12, "cooling from warm ends at the optimum");

	/* a deadline stops a budget that would take far longer */
	toy_init(&t);
	guards_rng_seed(&r, 8);
	struct anneal_params late = {
	        .moves = 4000000000L, .t_start = 1, .t_end = 0.1, .deadline = 0.05};
	n = anneal_run(&ops, &t, &late, &r);
	CHECK(n > 0 && n < late.moves, "the deadline stops the search");
	CHECK(n == t.proposed, "it reports the moves it drew");

	return check_done();
}
