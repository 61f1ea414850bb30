/*
 * cmd_explain.c - `shomer risk explain SITE [--as-of DATE]`: one site's
 * score taken apart, every part with the inputs it came from, so that a
 * planner can answer a trustee's "why is this number what it is?".
 *
 * The score is computed by the same code as `risk score`, on the incidents
 * of the grid cells around the site: the grid numbers its cells from the
 * CRS origin, so the same terms are added in the same order and the two
 * commands agree to the last bit (tree.h, scorer.h).
 */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmds.h"
#include "config.h"
#include "incidents.h"
#include "kernel.h"
#include "opts.h"
#include "scorer.h"
#include "sites.h"

#include "banned.h"

/* How many of the largest contributions are listed. */
#define EXPLAIN_TOP 10

/* One incident's share of the pressure. */
struct contrib {
	size_t idx; /* in the loaded set */
	double dist, age_days, weight, kernel, decay, term;
};

struct explain {
	struct shomer_host *host;
	struct risk_params p;
	int64_t as_of;
	struct risk_siteset sites;
	struct risk_incload inc;
	struct risk_scorer scorer;
	struct risk_scored sc;
	struct contrib *c; /* every incident within the cut-off */
	size_t nc;
	size_t n_nr;     /* near-repeat incidents */
	size_t n_nr_old; /* within the near-repeat radius but older than the window */
};

static int by_term(const void *a, const void *b)
{
	const struct contrib *p = a, *q = b;
	if (p->term != q->term)
		return p->term > q->term ? -1 : 1;
	return p->idx < q->idx ? -1 : p->idx > q->idx;
}

/* Every incident's part in the pressure and the near-repeat count. */
static int collect(struct explain *x)
{
	const struct risk_site *s = &x->sites.v[0];
	const struct risk_incset *set = &x->inc.set;
	double window = x->p.nr_window_days * RISK_DAY;

	x->c = malloc((set->n ? set->n : 1) * sizeof(*x->c));
	if (!x->c)
		return -1;
	for (size_t i = 0; i < set->n; i++) {
		double dx = set->x[i] - s->x, dy = set->y[i] - s->y;
		double d2 = dx * dx + dy * dy, age = (double)(x->as_of - set->ref[i]);
		int cat = set->cat[i];
		if (age < 0)
			age = 0;
		if (d2 <= x->scorer.k.nr2) {
			if (age <= window)
				x->n_nr++;
			else
				x->n_nr_old++;
		}
		if (d2 > x->scorer.k.cut2)
			continue;
		struct contrib *c = &x->c[x->nc++];
		c->idx = i;
		c->dist = sqrt(d2);
		c->age_days = age / RISK_DAY;
		c->weight = x->p.weight[cat];
		c->kernel = exp(-d2 * x->scorer.k.inv2h2);
		c->decay = risk_decay(age, x->p.half_life_days * RISK_DAY);
		c->term = x->scorer.w[i] * c->kernel;
	}
	qsort(x->c, x->nc, sizeof(*x->c), by_term);
	return 0;
}

/* ---- printing, one part at a time ---- */

static void say_exposure(const struct explain *x, const char *shown)
{
	const struct risk_site *s = &x->sites.v[0];
	const struct risk_result *r = &x->sc.r;

	printf("  %8s  exposure\n", shown);
	printf("            kind %s: %.2f points%s\n", risk_kind_name(s->kind), r->exposure_kind,
	       strcmp(risk_kind_name(s->kind), s->kind_name) ? " (kind not known to the model)"
	                                                     : "");
	if (s->peak > 0)
		printf("            peak scheduled attendance %d (%s %02d:%02d, %s):\n"
		       "              %g x ln(1 + %d / %g) = %.2f points\n",
		       s->peak, risk_day_name(s->peak_day), s->peak_start / 60, s->peak_start % 60,
		       s->peak_label, x->p.attendance_points, s->peak, x->p.attendance_scale,
		       r->exposure_attendance);
	else if (s->n_sessions == 0)
		printf("            no schedule: the kind's base points only\n");
	else
		printf("            no session gives an attendance: the kind's base points only\n");
	printf("            %.2f + %.2f = %.2f, cap %g: %.2f points\n", r->exposure_kind,
	       r->exposure_attendance, r->exposure_kind + r->exposure_attendance, x->p.exposure_cap,
	       r->exposure);
}

static void say_pressure(const struct explain *x, const char *shown)
{
	printf("+ %8s  incident pressure\n", shown);
	printf("            %zu incident%s within the %g m cut-off up to the as-of date\n", x->nc,
	       x->nc == 1 ? "" : "s", x->p.cutoff);
	printf("            P = sum of weight x kernel x decay = %.4f\n"
	       "              (Gaussian kernel, bandwidth %g m; half-life %g days)\n",
	       x->sc.P, x->p.bandwidth, x->p.half_life_days);
	printf("            %g x (1 - e^(-%.4f / %g)) = %.2f points\n", x->p.pressure_cap, x->sc.P,
	       x->p.saturation, x->sc.r.pressure);
}

static void say_near_repeat(const struct explain *x, const char *shown)
{
	printf("+ %8s  near-repeat\n", shown);
	printf("            %zu incident%s within %g m in the %g days before the as-of date",
	       x->n_nr, x->n_nr == 1 ? "" : "s", x->p.nr_radius, x->p.nr_window_days);
	if (x->n_nr_old)
		printf(" (%zu older one%s within %g m not counted)", x->n_nr_old,
		       x->n_nr_old == 1 ? "" : "s", x->p.nr_radius);
	printf("\n            summed category weight %.2f: min(%g, %g x %.2f) = %.2f points\n",
	       x->sc.W, x->p.nr_cap, x->p.nr_points, x->sc.W, x->sc.r.near_repeat);
}

static void say_threat(const struct explain *x, const char *shown)
{
	const struct risk_site *s = &x->sites.v[0];
	const struct risk_result *r = &x->sc.r;

	printf("+ %8s  threat adjustment\n", shown);
	if (s->level)
		printf("            threat level %s in force for %s%s%s: multiplier %.2f\n",
		       risk_api->threat_name((enum shomer_threat)s->level),
		       *s->region ? "region '" : "the nation", s->region, *s->region ? "'" : "",
		       r->multiplier);
	else
		printf("            no threat level recorded: taken as MODERATE, multiplier %.2f\n",
		       r->multiplier);
	printf("            subtotal %.2f x (%.2f - 1) = %.2f points\n", r->subtotal, r->multiplier,
	       r->threat);
}

static void say_cctv(const struct risk_site *s, const struct risk_params *p)
{
	if (s->cctv_state == RISK_ATTR_OK)
		printf("            %s = %g: %g x %g%s = %.3f\n", s->cctv_key, s->cctv_raw,
		       p->cctv_weight, s->cctv_raw * s->cctv_factor,
		       s->cctv_factor < 1 ? " (level credited in part)" : "",
		       p->cctv_weight * s->cctv_raw * s->cctv_factor);
	else if (s->cctv_state == RISK_ATTR_INVALID)
		printf("            %s = '%s' is not a fraction 0..1: no credit\n", s->cctv_key,
		       s->cctv_text);
	else
		printf("            no cctv.coverage.* attribute: no credit\n");
}

static void say_protection(const struct explain *x, const char *shown)
{
	const struct risk_site *s = &x->sites.v[0];
	const struct risk_result *r = &x->sc.r;

	printf("- %8s  protection credit\n", shown + (*shown == '-'));
	say_cctv(s, &x->p);
	if (s->guards_state == RISK_ATTR_OK)
		printf("            guards.cover = %g: %g x %g = %.3f\n", s->guards,
		       x->p.guards_weight, s->guards, x->p.guards_weight * s->guards);
	else if (s->guards_state == RISK_ATTR_INVALID)
		printf("            guards.cover = '%s' is not a fraction 0..1: no credit\n",
		       s->guards_text);
	else
		printf("            no guards.cover attribute: no credit\n");
	printf("            credit %.3f (at most %g): %.2f x %.2f x %.3f = %.2f points\n",
	       r->credit, x->p.max_credit, r->subtotal, r->multiplier, r->credit, -r->protection);
}

/* Names the parts the largest-remainder rounding moved by a hundredth. */
static void say_rounding(const struct explain *x)
{
	static const char *const names[RISK_N_PARTS] = {"exposure",          "incident pressure",
	                                                "near-repeat",       "threat adjustment",
	                                                "protection credit", "clamp"};
	const struct risk_result *r = &x->sc.r;
	const double v[RISK_N_PARTS] = {r->exposure, r->pressure,   r->near_repeat,
	                                r->threat,   r->protection, r->clamp};
	char a[24], b[24];

	for (int k = 0; k < RISK_N_PARTS; k++) {
		long plain = lround(v[k] * 100);
		if (plain == x->sc.cents[k])
			continue;
		printf("            (%s %s is shown as %s so that the parts add up to the score)\n",
		       names[k], risk_fmt_cents(a, plain), risk_fmt_cents(b, x->sc.cents[k]));
	}
}

static void say_parts(const struct explain *x)
{
	char buf[RISK_N_PARTS + 1][24];

	for (int i = 0; i < RISK_N_PARTS; i++)
		risk_fmt_cents(buf[i], x->sc.cents[i]);
	risk_fmt_cents(buf[RISK_N_PARTS], x->sc.score_cents);
	say_exposure(x, buf[RISK_PART_EXPOSURE]);
	say_pressure(x, buf[RISK_PART_PRESSURE]);
	say_near_repeat(x, buf[RISK_PART_NEAR_REPEAT]);
	say_threat(x, buf[RISK_PART_THREAT]);
	say_protection(x, buf[RISK_PART_PROTECTION]);
	say_rounding(x);
	if (x->sc.r.clamp != 0)
		printf("- %8s  clamp: %.2f is above the scale's top of 100\n",
		       buf[RISK_PART_CLAMP] + (buf[RISK_PART_CLAMP][0] == '-'), x->sc.r.unclamped);
	else
		printf("            (no clamp: %.2f lies within 0..100)\n", x->sc.r.unclamped);
	printf("= %8s  score (0..100; parts rounded to hundredths so that they add up)\n",
	       buf[RISK_N_PARTS]);
}

static int say_contributions(const struct explain *x, char **errmsg)
{
	static const char *const cols[] = {"incident", "category", "occurred", "distance_m",
	                                   "age_days", "weight",   "kernel",   "decay",
	                                   "pressure", "points"};
	static const enum shomer_col kinds[] = {
	        SHOMER_COL_TEXT,   SHOMER_COL_TEXT,   SHOMER_COL_TEXT,   SHOMER_COL_NUMBER,
	        SHOMER_COL_NUMBER, SHOMER_COL_NUMBER, SHOMER_COL_NUMBER, SHOMER_COL_NUMBER,
	        SHOMER_COL_NUMBER, SHOMER_COL_NUMBER};
	size_t shown = x->nc < EXPLAIN_TOP ? x->nc : EXPLAIN_TOP;
	struct shomer_table *t;
	int rc;

	if (shown == 0) {
		printf("\nNo incident within %g m contributes to the pressure.\n", x->p.cutoff);
		return SHOMER_OK;
	}
	printf("\nLargest contributions to the incident pressure (%zu of %zu):\n"
	       "  pressure = weight x kernel x decay; points = its share of the %.2f points\n\n",
	       shown, x->nc, x->sc.r.pressure);
	t = risk_api->table_new(cols, kinds, sizeof(cols) / sizeof(cols[0]));
	for (size_t k = 0; k < shown; k++) {
		const struct contrib *c = &x->c[k];
		char v[7][32];
		snprintf(v[0], sizeof(v[0]), "%.0f", c->dist);
		snprintf(v[1], sizeof(v[1]), "%.0f", floor(c->age_days));
		snprintf(v[2], sizeof(v[2]), "%g", c->weight);
		snprintf(v[3], sizeof(v[3]), "%.4f", c->kernel);
		snprintf(v[4], sizeof(v[4]), "%.4f", c->decay);
		snprintf(v[5], sizeof(v[5]), "%.4f", c->term);
		snprintf(v[6], sizeof(v[6]), "%.2f",
		         x->sc.P > 0 ? x->sc.r.pressure * c->term / x->sc.P : 0.0);
		const char *cells[] = {x->inc.info[c->idx].id,
		                       risk_category_name(x->inc.set.cat[c->idx]),
		                       x->inc.info[c->idx].occurred,
		                       v[0],
		                       v[1],
		                       v[2],
		                       v[3],
		                       v[4],
		                       v[5],
		                       v[6]};
		risk_api->table_row(t, cells);
	}
	rc = risk_api->table_print(t, SHOMER_FMT_TABLE, stdout, errmsg);
	risk_api->table_free(t);
	return rc;
}

static void say_header(const struct explain *x)
{
	const struct risk_site *s = &x->sites.v[0];
	char when[32];

	risk_api->format_time(x->as_of, when);
	printf("Risk score of %s, %s\n", s->id, s->name);
	printf("  kind %s, region %s, as of %s\n\n", s->kind_name,
	       *s->region ? s->region : "(none)", when);
}

/* ---- the command ---- */

static int explain_load(struct explain *x, const char *id, char **errmsg)
{
	const struct risk_site *s;
	struct risk_inputs in;
	double P, W, reach;

	if (risk_config_load(x->host, &x->p, NULL, errmsg) != SHOMER_OK)
		return SHOMER_EXIT_FAILED;
	x->sites.as_of = x->as_of;
	if (risk_sites_load_one(x->host, id, &x->sites, errmsg) != SHOMER_OK)
		return x->sites.n ? SHOMER_EXIT_FAILED : SHOMER_EXIT_REJECTED;
	s = &x->sites.v[0];
	/* whole grid cells, so that the sums are those of `risk score` */
	reach = risk_scorer_reach(&x->p);
	if (risk_incidents_load(x->host, x->as_of, 1, s->x, s->y, reach, 1, &x->inc, errmsg) !=
	    SHOMER_OK)
		return SHOMER_EXIT_FAILED;
	if (risk_scorer_init(&x->scorer, &x->p, x->as_of, &x->inc.set, 1) || collect(x))
		return risk_fail(errmsg, SHOMER_EXIT_FAILED, "out of memory");
	risk_scorer_eval(&x->scorer, s->x, s->y, &P, &W);
	risk_site_inputs(s, &in);
	risk_score_finish(&x->p, &in, P, W, &x->sc);
	return SHOMER_EXIT_OK;
}

static int explain_run(struct shomer_host *host, void *ud, int argc, char **argv, char **errmsg)
{
	static const struct option longs[] = {
	        {"as-of", required_argument, NULL, 'a'},
	        {NULL, 0, NULL, 0},
	};
	const char *as_of = NULL;
	struct explain x;
	int c, rc;

	(void)ud;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", longs, NULL)) != -1) {
		if (c != 'a')
			return risk_usage_error(errmsg, c, argv[optind - 1]);
		as_of = optarg;
	}
	if (argc - optind == 0)
		return risk_fail(errmsg, SHOMER_EXIT_USAGE, "no site given: name one by its id");
	if (argc - optind > 1)
		return risk_fail(errmsg, SHOMER_EXIT_USAGE, "unexpected argument '%s'",
		                 argv[optind + 1]);
	memset(&x, 0, sizeof(x));
	x.host = host;
	if (risk_as_of(host, as_of, &x.as_of, errmsg) != SHOMER_OK)
		return SHOMER_EXIT_USAGE;
	rc = explain_load(&x, argv[optind], errmsg);
	if (rc == SHOMER_EXIT_OK) {
		say_header(&x);
		say_parts(&x);
		if (say_contributions(&x, errmsg) != SHOMER_OK)
			rc = SHOMER_EXIT_FAILED;
	}
	free(x.c);
	risk_scorer_release(&x.scorer);
	risk_incload_release(&x.inc);
	risk_siteset_release(&x.sites);
	return rc;
}

const struct shomer_command risk_explain_cmd = {
        .size = sizeof(struct shomer_command),
        .group = "risk",
        .verb = "explain",
        .usage = "SITE [--as-of DATE]",
        .summary = "take one site's risk score apart, every part with its inputs",
        .run = explain_run,
        .ud = NULL,
};
