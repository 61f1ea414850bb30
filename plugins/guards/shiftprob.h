/*
 * shiftprob.h - the shift-assignment problem the guards solver works on:
 * people, days, shift types, and the rules of the Curtois & Qu employee
 * scheduling benchmark (schedulingbenchmarks.org), which a roster of guards
 * at sites is one case of.
 *
 * Each person works at most one shift a day.  Hard rules: days off, shift
 * types that may not follow each other on consecutive days, the most
 * shifts of each type, the least and most minutes in all, the longest and
 * shortest runs of working days, the shortest run of days off (runs that
 * touch either end of the horizon are not held to the shortest: they may
 * go on beyond it), and the most weekends worked (a weekend is worked if
 * Saturday or Sunday is; day 0 is a Monday).  Soft, weighted: a person's
 * request to work a shift on a day, or not to, and each day and shift's
 * cover (under and over the requirement).  The objective is the weighted
 * sum of the soft penalties of a schedule that keeps every hard rule.
 *
 * Pure C, no host: the unit tests and the benchmark use it directly.
 */
#ifndef GUARDS_SHIFTPROB_H
#define GUARDS_SHIFTPROB_H

#include <stddef.h>
#include <stdint.h>

#define SP_OFF (-1) /* no shift that day */

struct sp_person {
	char *id;
	int *max_shifts; /* per shift type */
	int max_minutes, min_minutes;
	int max_consec, min_consec, min_consec_off;
	int max_weekends;
	unsigned char *day_off; /* per day: 1 = may not work */
};

struct sp_request {
	int person, day, shift, weight;
};

struct sp_cover {
	int requirement, under_weight, over_weight; /* all 0: no cover rule */
};

struct sp_problem {
	int days;
	int n_shifts;
	char **shift_id;
	int *shift_minutes;
	unsigned char *forbid; /* [a * n_shifts + b]: b may not follow a */
	int n_people;
	struct sp_person *people;
	struct sp_request *on, *off;
	size_t n_on, n_off;
	struct sp_cover *cover; /* [day * n_shifts + shift] */
	/* derived by sp_prepare: request weights per person, day and shift */
	int *on_w, *off_w; /* [(p * days + d) * n_shifts + s] */
};

void sp_problem_release(struct sp_problem *p);

/*
 * Reads a problem in the benchmark's text format (SECTION_HORIZON,
 * SECTION_SHIFTS, SECTION_STAFF, SECTION_DAYS_OFF, SECTION_SHIFT_ON_REQUESTS,
 * SECTION_SHIFT_OFF_REQUESTS, SECTION_COVER; '#' comments; CRLF or LF).
 * Returns 0, or -1 with the first problem in err ("line 12: ...").
 */
int sp_read_nrp(const char *text, size_t len, struct sp_problem *p, char *err, size_t errlen);

/* Fills the derived tables; 0, or -1 when out of memory. */
int sp_prepare(struct sp_problem *p);

/* What a schedule costs, and which hard rules it breaks. */
struct sp_score {
	long soft;        /* the objective */
	long hard;        /* units of hard-rule breach: 0 for a feasible schedule */
	long on, off;     /* request penalties */
	long under, over; /* cover penalties */
};

/* x[person * days + day] is a shift index or SP_OFF. */
void sp_evaluate(const struct sp_problem *p, const int *x, struct sp_score *s);

/* One person's hard breach and request penalty (for the solver's deltas). */
void sp_person_cost(const struct sp_problem *p, int person, const int *row, long *hard, long *soft);

#endif
