/*
 * test_risk_kernel.c - the risk plugin's kernel mathematics
 * (plugins/risk/kernel.c, model.c): the truncated Gaussian kernel, the
 * half-life decay, the month-only reference time, and a 1-D Gaussian KDE
 * with Scott's bandwidth checked against every value of the published
 * oracles in $SHOMER_SHARED_DATA/reference/kde_oracles.csv (scipy's
 * gaussian_kde tests), to 1e-7.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "kernel.h"
#include "model.h"
#include "risk.h"

/* The plugin's host table: the files linked here never call it. */
const struct shomer_api *risk_api;

/* ---- the oracle file ---- */

#define MAX_VALUES 64

/* Reads the space-separated numbers of a quoted CSV field into v. */
static size_t numbers(const char *s, double *v)
{
	size_t n = 0;
	char *end;

	while (*s && n < MAX_VALUES) {
		errno = 0;
		double d = strtod(s, &end);
		if (end == s || errno)
			break;
		v[n++] = d;
		s = end;
	}
	return n;
}

/* Splits one CSV line (fields maybe in double quotes, no escaped quotes)
 * into at most 4 fields, in place. */
static int fields(char *line, char *f[4])
{
	int k = 0;
	char *p = line;

	while (k < 4 && *p && *p != '\n') {
		if (*p == '"') {
			f[k++] = ++p;
			p = strchr(p, '"');
			if (!p)
				return -1;
			*p++ = '\0';
		} else {
			f[k++] = p;
			p += strcspn(p, ",\n");
		}
		if (*p == ',')
			*p++ = '\0';
		else if (*p == '\n')
			*p = '\0';
	}
	return k;
}

static void oracle_cases(void)
{
	const char *dir = getenv("SHOMER_SHARED_DATA");
	const char *root = getenv("ROOT");
	char path[1024], line[4096];
	int cases = 0;
	FILE *fp;

	if (dir && *dir)
		snprintf(path, sizeof(path), "%s/reference/kde_oracles.csv", dir);
	else
		snprintf(path, sizeof(path), "%s/../shared/data/reference/kde_oracles.csv",
		         root && *root ? root : ".");
	fp = fopen(path, "r");
	CHECK(fp != NULL, "the KDE oracle file opens");
	if (!fp) {
		printf("#   path %s\n", path);
		return;
	}
	while (fgets(line, sizeof(line), fp)) {
		char *f[4], what[160];
		double data[MAX_VALUES], at[MAX_VALUES], want[MAX_VALUES];
		if (line[0] == '#' || strncmp(line, "case,", 5) == 0 || line[0] == '\n')
			continue;
		if (!CHECK(fields(line, f) == 4, "an oracle line has four fields"))
			continue;
		size_t n = numbers(f[1], data), m = numbers(f[2], at), k = numbers(f[3], want);
		snprintf(what, sizeof(what), "oracle '%s': as many expected values as points",
		         f[0]);
		if (!CHECK(n >= 2 && m > 0 && m == k, what))
			continue;
		double bw = risk_scott_bandwidth(data, n);
		for (size_t i = 0; i < m; i++) {
			snprintf(what, sizeof(what), "oracle '%s': density at %g", f[0], at[i]);
			CHECK_NEAR(risk_kde1d(data, n, bw, at[i]), want[i], 1e-7, what);
		}
		cases++;
	}
	fclose(fp);
	CHECK(cases >= 2, "the oracle file holds the two scipy cases");
}

/* ---- the kernel, the decay, the reference time ---- */

static void kernel(void)
{
	const double h = 400, cut = 1500;

	CHECK_NEAR(risk_kernel(0, h, cut), 1.0, 0,
	           "K(0) = 1: an incident at the site counts in full");
	CHECK_NEAR(risk_kernel(h, h, cut), exp(-0.5), 1e-15, "K(h) = e^(-1/2)");
	/* 300 m: exp(-300^2 / (2 x 400^2)) = exp(-0.28125) = 0.7548396019890073 */
	CHECK_NEAR(risk_kernel(300, h, cut), 0.7548396019890073, 1e-15, "K(300 m) by hand");
	CHECK_NEAR(risk_kernel(cut, h, cut), exp(-cut * cut / (2 * h * h)), 1e-18,
	           "the cut-off radius itself still counts");
	CHECK(risk_kernel(cut + 1e-6, h, cut) == 0.0, "just beyond the cut-off: nothing");
	CHECK(risk_kernel(5000, h, cut) == 0.0, "far beyond the cut-off: nothing");
	CHECK(risk_kernel(-1, h, cut) == 0.0, "a negative distance is refused");
	int falls = 1;
	for (double d = 0; d < cut; d += 7.5)
		falls &= risk_kernel(d + 7.5, h, cut) <= risk_kernel(d, h, cut);
	CHECK(falls, "the kernel never rises with distance");
	CHECK(risk_kernel_d2(cut * cut, 1 / (2 * h * h), cut * cut) == risk_kernel(cut, h, cut),
	      "the squared form is the same kernel");
}

static void decay(void)
{
	const double H = 180 * RISK_DAY;

	CHECK_NEAR(risk_decay(0, H), 1.0, 0, "decay at age 0 is 1");
	CHECK_NEAR(risk_decay(H, H), 0.5, 1e-15, "decay after one half-life is 1/2");
	CHECK_NEAR(risk_decay(2 * H, H), 0.25, 1e-15, "after two half-lives 1/4");
	CHECK_NEAR(risk_decay(90 * RISK_DAY, H), 0.7071067811865476, 1e-15,
	           "after half a half-life 1/sqrt(2)");
	CHECK_NEAR(risk_decay(-RISK_DAY, H), 1.0, 0, "a negative age counts as zero");
	CHECK(risk_decay(731 * RISK_DAY, H) < risk_decay(730 * RISK_DAY, H),
	      "older incidents weigh less");
}

static void reference_time(void)
{
	/* 2026-02-01T00:00Z = 1769904000; February 2026 has 28 days, so its
	 * middle is 14 days on: 2026-02-15T00:00Z = 1771113600 */
	CHECK(risk_reference_time(1769904000, 1) == 1771113600,
	      "a month-only incident is aged from the middle of its month");
	/* January: 31 days, middle 2026-01-16T12:00Z = 1768564800 */
	CHECK(risk_reference_time(1767225600, 1) == 1768564800, "the middle of a 31-day month");
	/* the first of February written as local midnight in summer time
	 * would be 23:00 the day before; June 2026: 1780272000 = 06-01T00:00Z */
	CHECK(risk_reference_time(1780272000 - 3600, 1) == 1780272000 + 15 * 86400,
	      "a month's first stored an hour early still names its month");
	CHECK(risk_reference_time(1769904000 + 12345, 0) == 1769904000 + 12345,
	      "an exact time is its own reference");
}

static void scott(void)
{
	const double one[] = {3.0}, same[] = {2.0, 2.0, 2.0};
	/* 0..4: sample variance 2.5, n^(-2/5) = 5^(-0.4); bw^2 = 2.5 x 5^(-0.4) */
	const double five[] = {0, 1, 2, 3, 4};

	CHECK_NEAR(risk_scott_bandwidth(five, 5), sqrt(2.5 * pow(5, -0.4)), 1e-15,
	           "Scott's bandwidth by hand");
	CHECK(risk_scott_bandwidth(one, 1) < 0, "one sample has no bandwidth");
	CHECK(risk_scott_bandwidth(same, 3) < 0, "equal samples have no bandwidth");
	CHECK(risk_kde1d(five, 0, 1, 0) == 0.0, "no samples, no density");
}

int main(void)
{
	kernel();
	decay();
	reference_time();
	scott();
	oracle_cases();
	return check_done();
}
