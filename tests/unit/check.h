/*
 * check.h - the unit-test harness: TAP output that tests/run.sh counts.
 *
 *   CHECK(cond, "what was checked")            one assertion
 *   CHECK_NEAR(a, b, tol, "what")              |a - b| <= tol
 *   CHECK_STR(a, b, "what")                    strcmp(a, b) == 0 (NULL-safe)
 *   return check_done();                       at the end of main()
 *
 * Every assertion prints "ok N - what" or "not ok N - what" with the values
 * that differed, so a failure explains itself.  check_done() prints the plan
 * and returns 1 if anything failed.
 */
#ifndef SHOMER_CHECK_H
#define SHOMER_CHECK_H

#include <math.h>
#include <stdio.h>
#include <string.h>

static int check_n_, check_failed_;

static inline int check_report_(int ok, const char *file, int line, const char *what)
{
	check_n_++;
	if (!ok)
		check_failed_++;
	printf("%sok %d - %s\n", ok ? "" : "not ", check_n_, what);
	if (!ok)
		printf("#   at %s:%d\n", file, line);
	fflush(stdout);
	return ok;
}

#define CHECK(cond, what) check_report_(!!(cond), __FILE__, __LINE__, (what))

#define CHECK_NEAR(a, b, tol, what)                                                              \
	do {                                                                                     \
		double check_a_ = (a), check_b_ = (b);                                           \
		if (!check_report_(fabs(check_a_ - check_b_) <= (tol), __FILE__, __LINE__,       \
		                   (what)))                                                      \
			printf("#   got %.10g, want %.10g (tolerance %g)\n", check_a_, check_b_, \
			       (double)(tol));                                                   \
	} while (0)

#define CHECK_STR(a, b, what)                                                                  \
	do {                                                                                   \
		const char *check_a_ = (a), *check_b_ = (b);                                   \
		int check_ok_ = (check_a_ && check_b_) ? strcmp(check_a_, check_b_) == 0       \
		                                       : check_a_ == check_b_;                 \
		if (!check_report_(check_ok_, __FILE__, __LINE__, (what)))                     \
			printf("#   got '%s'\n#  want '%s'\n", check_a_ ? check_a_ : "(null)", \
			       check_b_ ? check_b_ : "(null)");                                \
	} while (0)

static inline int check_done(void)
{
	printf("1..%d\n", check_n_);
	return check_failed_ ? 1 : 0;
}

#endif /* SHOMER_CHECK_H */
