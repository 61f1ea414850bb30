/*
 * kernel.c - see kernel.h.
 */
#include "kernel.h"

#include <math.h>

#include "banned.h"

double risk_kernel(double d, double h, double cutoff)
{
	if (!(h > 0) || d < 0 || d > cutoff)
		return 0.0;
	return risk_kernel_d2(d * d, 1.0 / (2.0 * h * h), cutoff * cutoff);
}

double risk_decay(double age, double half_life)
{
	if (age <= 0)
		return 1.0;
	return exp2(-age / half_life);
}

double risk_scott_bandwidth(const double *x, size_t n)
{
	double mean = 0, ss = 0;

	if (n < 2)
		return -1.0;
	/* Two passes: the textbook one-pass formula loses digits when the
	 * mean is large against the spread. */
	for (size_t i = 0; i < n; i++)
		mean += x[i];
	mean /= (double)n;
	for (size_t i = 0; i < n; i++)
		ss += (x[i] - mean) * (x[i] - mean);
	if (!(ss > 0))
		return -1.0;
	return sqrt(ss / (double)(n - 1) * pow((double)n, -0.4));
}

double risk_kde1d(const double *x, size_t n, double bw, double at)
{
	double sum = 0;

	if (n == 0 || !(bw > 0))
		return 0.0;
	for (size_t i = 0; i < n; i++) {
		double u = (at - x[i]) / bw;
		sum += exp(-0.5 * u * u);
	}
	return sum / ((double)n * bw * sqrt(2.0 * M_PI));
}
