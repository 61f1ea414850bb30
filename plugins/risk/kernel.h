/*
 * kernel.h - the spatial kernel, the temporal decay and a 1-D kernel
 * density estimate: the pure mathematics under the risk score.
 *
 * Nothing here touches the host; every function is a pure function of its
 * arguments, so the unit tests (tests/unit/test_risk_kernel.c) check them
 * directly against published values.
 */
#ifndef RISK_KERNEL_H
#define RISK_KERNEL_H

#include <stddef.h>

/* Seconds in a day; ages and windows are kept in seconds. */
#define RISK_DAY 86400.0

/*
 * The Gaussian kernel used for incident pressure, unnormalised:
 *     K(d) = exp(-d^2 / (2 h^2))   for d <= cutoff,   0 beyond.
 * K(0) = 1, so an incident at the site counts with its full weight, and the
 * truncation at `cutoff` keeps the sum local (CrimeStat and ArcGIS truncate
 * their kernels at a search radius in the same way).  `d` and `h` in metres,
 * h > 0.  Returns a value in [0, 1].
 */
double risk_kernel(double d, double h, double cutoff);

/*
 * The same kernel from a squared distance and the precomputed constant
 * inv2h2 = 1 / (2 h^2), with the cut-off also squared: the form the scoring
 * loop uses, so that the indexed and the brute-force paths compute the very
 * same floating-point expression.
 */
static inline double risk_kernel_d2(double d2, double inv2h2, double cutoff2);

/*
 * Exponential decay with a half-life: 2^(-age / half_life).  Ages below zero
 * count as zero (an incident cannot weigh more than when it happened).  Both
 * in the same unit; half_life > 0.  Returns a value in (0, 1].
 */
double risk_decay(double age, double half_life);

/*
 * Scott's rule bandwidth for a 1-D Gaussian KDE of `n` >= 2 samples:
 *     bw^2 = var(x, ddof = 1) * n^(-2/5)
 * (Scott 1992; the d = 1 case of n^(-1/(d+4)) scaling of the standard
 * deviation, as scipy.stats.gaussian_kde uses).  Returns bw (not bw^2), or a
 * negative value when n < 2 or all samples are equal.
 */
double risk_scott_bandwidth(const double *x, size_t n);

/*
 * A normalised 1-D Gaussian kernel density estimate at `at`:
 *     f(at) = 1 / (n bw sqrt(2 pi)) * sum_i exp(-(at - x_i)^2 / (2 bw^2))
 * with bandwidth `bw` > 0.  Returns the density (0 when n == 0).
 */
double risk_kde1d(const double *x, size_t n, double bw, double at);

/* ---- inline definitions ---- */

#include <math.h>

static inline double risk_kernel_d2(double d2, double inv2h2, double cutoff2)
{
	return d2 <= cutoff2 ? exp(-d2 * inv2h2) : 0.0;
}

#endif /* RISK_KERNEL_H */
