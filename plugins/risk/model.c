/*
 * model.c - see model.h.  The reasons for each formula and default are in
 * docs/risk.md.
 */
#include "model.h"

#include <math.h>
#include <stdio.h>

#include "banned.h"

static double clampd(double v, double lo, double hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

double risk_exposure_points(const struct risk_params *p, int kind, int peak_attendance,
                            double *kind_pts, double *att_pts)
{
	double k, a = 0;

	if (kind < 0 || kind >= RISK_N_KINDS)
		kind = RISK_KIND_OTHER;
	k = p->kind_points[kind];
	/* Logarithmic in the crowd: going from 50 to 100 people matters as
	 * much as from 500 to 1,000, as a target's appeal and the harm of an
	 * attack grow with the crowd but ever more slowly. */
	if (peak_attendance > 0)
		a = p->attendance_points * log1p((double)peak_attendance / p->attendance_scale);
	if (kind_pts)
		*kind_pts = k;
	if (att_pts)
		*att_pts = a;
	return fmin(p->exposure_cap, k + a);
}

double risk_pressure_points(const struct risk_params *p, double pressure)
{
	if (!(pressure > 0))
		return 0.0;
	/* cap x (1 - e^(-P/P0)), written with expm1 to keep the digits when
	 * P is small. */
	return -p->pressure_cap * expm1(-pressure / p->saturation);
}

double risk_near_repeat_points(const struct risk_params *p, double weight)
{
	if (!(weight > 0))
		return 0.0;
	return fmin(p->nr_cap, p->nr_points * weight);
}

double risk_threat_multiplier(const struct risk_params *p, int level)
{
	if (level < 1 || level > RISK_N_LEVELS)
		return 1.0;
	return p->threat_mult[level - 1];
}

double risk_protection_credit(const struct risk_params *p, int has_cctv, double cctv,
                              int has_guards, double guards)
{
	double c = 0;

	if (has_cctv)
		c += p->cctv_weight * clampd(cctv, 0, 1);
	if (has_guards)
		c += p->guards_weight * clampd(guards, 0, 1);
	return fmin(p->max_credit, c);
}

void risk_score_site(const struct risk_params *p, const struct risk_inputs *in,
                     struct risk_result *r)
{
	r->exposure = risk_exposure_points(p, in->kind, in->peak_attendance, &r->exposure_kind,
	                                   &r->exposure_attendance);
	r->pressure = risk_pressure_points(p, in->pressure);
	r->near_repeat = risk_near_repeat_points(p, in->nr_weight);
	r->subtotal = r->exposure + r->pressure + r->near_repeat;
	r->multiplier = risk_threat_multiplier(p, in->level);
	r->threat = r->subtotal * (r->multiplier - 1.0);
	r->credit = risk_protection_credit(p, in->has_cctv, in->cctv, in->has_guards, in->guards);
	r->protection = -(r->subtotal * r->multiplier * r->credit);
	r->unclamped = r->subtotal * r->multiplier * (1.0 - r->credit);
	r->score = clampd(r->unclamped, 0, 100);
	r->clamp = r->score - r->unclamped;
}

void risk_round_parts(const struct risk_result *r, long cents[RISK_N_PARTS], long *score_cents)
{
	const double v[RISK_N_PARTS] = {r->exposure, r->pressure,   r->near_repeat,
	                                r->threat,   r->protection, r->clamp};
	double lost[RISK_N_PARTS];
	long sum = 0, target = lround(r->score * 100.0);

	for (int i = 0; i < RISK_N_PARTS; i++) {
		cents[i] = lround(v[i] * 100.0);
		lost[i] = v[i] * 100.0 - (double)cents[i]; /* > 0: rounded down */
		sum += cents[i];
	}
	/* Each rounding is off by at most half a hundredth, so the shown sum
	 * is off by at most three; move the parts that lost most. */
	while (sum != target) {
		int dir = sum < target ? 1 : -1, best = -1;
		for (int i = 0; i < RISK_N_PARTS; i++) {
			if (v[i] == 0.0)
				continue; /* never show a part that is not there */
			if (best < 0 || lost[i] * dir > lost[best] * dir)
				best = i;
		}
		if (best < 0)
			break;
		cents[best] += dir;
		lost[best] -= dir;
		sum += dir;
	}
	*score_cents = target;
}

char *risk_fmt_cents(char *buf, long cents)
{
	unsigned long a = cents < 0 ? 0UL - (unsigned long)cents : (unsigned long)cents;
	snprintf(buf, 24, "%s%lu.%02lu", cents < 0 ? "-" : "", a / 100, a % 100);
	return buf;
}

/* Days since 1970-01-01 of a civil date, and back (Hinnant's algorithms). */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, unsigned *m)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (int64_t)yoe + era * 400 + (*m <= 2);
}

static int64_t floor_div(int64_t a, int64_t b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

int64_t risk_reference_time(int64_t occurred_unix, int month_only)
{
	int64_t y, start, next;
	unsigned m;

	if (!month_only)
		return occurred_unix;
	civil_from_days(floor_div(occurred_unix + 43200, 86400), &y, &m);
	start = days_from_civil(y, m, 1) * 86400;
	next = (m == 12 ? days_from_civil(y + 1, 1, 1) : days_from_civil(y, m + 1, 1)) * 86400;
	return start + (next - start) / 2;
}
