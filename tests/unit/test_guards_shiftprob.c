/*
 * test_guards_shiftprob.c - the guards solver's problem: reading the
 * benchmark's format (and its errors, by line), scoring schedules worked
 * out by hand for every hard rule and every soft penalty, and the solver
 * finding the optimum of a small instance, the same way for the same seed.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "shiftprob.h"
#include "solve.h"

/*
 * Two shift types of 8 hours, E and L; L may not be followed by E.  A:
 * at most 5 E and 5 L, 960-2400 minutes, runs of work 2-3 days, runs off
 * at least 2, one weekend, day 3 off; asks for E on day 0 (weight 2) and
 * not L on day 1 (weight 3).  B: anything but runs over 3 days and any
 * weekend.  Cover: one E on day 0 and one L on day 1 (100 a person short,
 * 1 a person over).
 */
static const char tiny[] = "# a comment\r\n"
                           "SECTION_HORIZON\r\n"
                           "7\r\n"
                           "\r\n"
                           "SECTION_SHIFTS\r\n"
                           "E,480,\r\n"
                           "L,480,E\r\n"
                           "\r\n"
                           "SECTION_STAFF\r\n"
                           "A,E=5|L=5,2400,960,3,2,2,1\r\n"
                           "B,E=7|L=7,3360,0,3,1,1,0\r\n"
                           "\r\n"
                           "SECTION_DAYS_OFF\r\n"
                           "A,3\r\n"
                           "\r\n"
                           "SECTION_SHIFT_ON_REQUESTS\r\n"
                           "A,0,E,2\r\n"
                           "\r\n"
                           "SECTION_SHIFT_OFF_REQUESTS\r\n"
                           "A,1,L,3\r\n"
                           "\r\n"
                           "SECTION_COVER\r\n"
                           "0,E,1,100,1\r\n"
                           "1,L,1,100,1\r\n";

enum { O = SP_OFF, E = 0, L = 1 };

static void score_of(const struct sp_problem *p, const int a[7], const int b[7], struct sp_score *s)
{
	int x[14];
	memcpy(x, a, 7 * sizeof(int));
	memcpy(x + 7, b, 7 * sizeof(int));
	sp_evaluate(p, x, s);
}

static void test_read(void)
{
	struct sp_problem p;
	char err[256];

	CHECK(sp_read_nrp(tiny, sizeof(tiny) - 1, &p, err, sizeof(err)) == 0,
	      "tiny instance reads");
	CHECK(p.days == 7 && p.n_shifts == 2 && p.n_people == 2, "7 days, 2 shifts, 2 staff");
	CHECK(p.forbid[L * 2 + E] && !p.forbid[E * 2 + L], "E may not follow L; L may follow E");
	CHECK(p.people[0].day_off[3] && !p.people[0].day_off[2], "A's day off is day 3");
	CHECK(p.people[0].min_minutes == 960 && p.people[1].max_weekends == 0, "staff limits read");
	CHECK(p.cover[1 * 2 + L].requirement == 1 && p.cover[1 * 2 + E].requirement == 0,
	      "cover read, absent cover is no rule");
	sp_problem_release(&p);
}

static void test_read_errors(void)
{
	static const struct {
		const char *text, *want;
	} bad[] = {
	        {"SECTION_SHIFTS\n", "line 1: expected SECTION_HORIZON, found 'SECTION_SHIFTS'"},
	        {"SECTION_HORIZON\n10\n",
	         "line 2: the horizon, 10 days, is not a whole number of weeks"},
	        {"SECTION_HORIZON\n7\n\nSECTION_SHIFTS\nE,x,\n",
	         "line 5: shift length 'x' is not a whole number"},
	        {"SECTION_HORIZON\n7\n\nSECTION_SHIFTS\nE,480,N\n\nSECTION_STAFF\n",
	         "line 5: shift 'E' names unknown shift 'N'"},
	        {"SECTION_HORIZON\n7\n\nSECTION_SHIFTS\nE,480,\n\nSECTION_STAFF\n"
	         "A,E=7,2400,0,3\n",
	         "line 8: a staff line is ID, MaxShifts, MaxTotalMinutes, MinTotalMinutes, "
	         "MaxConsecutiveShifts, MinConsecutiveShifts, MinConsecutiveDaysOff, MaxWeekends"},
	        {"SECTION_HORIZON\n7\n\nSECTION_SHIFTS\nE,480,\n\nSECTION_STAFF\n"
	         "A,E=7,2400,0,3,1,1,1\n\nSECTION_DAYS_OFF\nA,9\n",
	         "line 11: day 9 is out of range (0 to 6)"},
	        {"SECTION_HORIZON\n7\n\nSECTION_SHIFTS\nE,480,\n\nSECTION_STAFF\n"
	         "A,E=7,2400,0,3,1,1,1\n\nSECTION_DAYS_OFF\n\nSECTION_SHIFT_ON_REQUESTS\n"
	         "Z,1,E,1\n",
	         "line 13: unknown staff id 'Z'"},
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct sp_problem p;
		char err[512] = "";
		int rc = sp_read_nrp(bad[i].text, strlen(bad[i].text), &p, err, sizeof(err));
		CHECK(rc == -1, "a malformed file is refused");
		CHECK_STR(err, bad[i].want, "with its line and reason");
	}
}

static void test_scores(void)
{
	struct sp_problem p;
	struct sp_score s;
	char err[256];

	if (sp_read_nrp(tiny, sizeof(tiny) - 1, &p, err, sizeof(err)))
		return;
	{
		/* A works E, L: 960 minutes, a 2-day run at the start, off to the
		 * end.  Hard: none.  Soft: A's off request for L on day 1 is not
		 * kept (3); the cover is met. */
		const int a[7] = {E, L, O, O, O, O, O}, b[7] = {O, O, O, O, O, O, O};
		score_of(&p, a, b, &s);
		CHECK(s.hard == 0 && s.soft == 3 && s.off == 3 && s.on == 0,
		      "E L: feasible, costs 3");
	}
	{
		/* A works L, E, -, E: L then E (1), works its day off 3 (1), a
		 * 1-day run mid-week (1 short of 2), a 1-day rest on day 2 (1
		 * short of 2).  Soft: A's E request on day 0 missed (2), no E on
		 * day 0 and no L on day 1 (100 each). */
		const int a[7] = {L, E, O, E, O, O, O}, b[7] = {O, O, O, O, O, O, O};
		score_of(&p, a, b, &s);
		CHECK(s.hard == 4, "L E - E: four hard breaches");
		CHECK(s.soft == 202 && s.on == 2 && s.under == 200, "and costs 2 + 200");
	}
	{
		/* A works nothing: 960 minutes short, 16 hours of breach.  B works
		 * E six days from Monday: 3 over its run of 3, and, by working
		 * Saturday, one weekend over its none. */
		const int a[7] = {O, O, O, O, O, O, O}, b[7] = {E, E, E, E, E, E, O};
		score_of(&p, a, b, &s);
		CHECK(s.hard == 16 + 3 + 1, "short minutes, a run 3 too long, a weekend too many");
		CHECK(s.under == 100 && s.on == 2, "day 1 has no L, A's E request missed");
	}
	{
		/* Over-cover: both on E on day 0 (1 over), both on L day 1: L on
		 * day 1 is 1 over; B's 2-day run is fine, A's is at the start. */
		const int a[7] = {E, L, O, O, O, O, O}, b[7] = {E, L, O, O, O, O, O};
		score_of(&p, a, b, &s);
		CHECK(s.hard == 0 && s.over == 2 && s.soft == 5, "over cover costs 1 a person");
	}
	{
		/* A works the weekend only: one weekend is allowed; the run
		 * reaches the end of the horizon. */
		const int a[7] = {O, O, O, O, O, E, E}, b[7] = {E, L, O, O, O, O, O};
		score_of(&p, a, b, &s);
		CHECK(s.hard == 0, "a run at the end of the horizon may be short of nothing");
	}
	sp_problem_release(&p);
}

static void test_solve(void)
{
	struct sp_problem p;
	struct sp_solve_result r1, r2;
	char err[256];

	if (sp_read_nrp(tiny, sizeof(tiny) - 1, &p, err, sizeof(err)))
		return;
	struct sp_solve_opts o = {
	        .time_limit = 60, .seed = 7, .max_rounds = 3, .round_moves = 20000, .max_mip = 3};
	CHECK(sp_solve(&p, &o, &r1) == 0 && sp_solve(&p, &o, &r2) == 0, "the solver runs");
	/* The optimum by hand is 0: A works E on day 0 (its request; a run at
	 * the start may be short), B works L on day 1, and A works two more
	 * days later in the week for its minimum minutes (one weekend is
	 * allowed), resting at least two days between. */
	CHECK(r1.score.hard == 0 && r1.score.soft == 0, "finds the optimum, 0");
	CHECK(memcmp(r1.x, r2.x, 14 * sizeof(int)) == 0, "the same seed gives the same schedule");
	free(r1.x);
	free(r2.x);
	sp_problem_release(&p);
}

int main(void)
{
	test_read();
	test_read_errors();
	test_scores();
	test_solve();
	return check_done();
}
