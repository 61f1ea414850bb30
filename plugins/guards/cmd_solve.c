/*
 * cmd_solve.c - `shomer guards solve --nrp FILE`: the roster solver on an
 * instance of the Curtois & Qu employee scheduling benchmark, printing the
 * objective, its parts and the schedule in a form an independent checker
 * can score again:
 *
 *   OBJECTIVE 607
 *   FEASIBLE yes
 *   PENALTY on 0 off 0 under 0 over 607
 *   SOLUTION
 *   A,D,,D,D,...        (one line a person: a field a day, empty when off)
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guards.h"
#include "shiftprob.h"
#include "solve.h"

#include "banned.h"

/* The largest instance of the benchmark is under 2 MB. */
#define NRP_MAX (64u << 20)

static char *read_all(const char *path, size_t *len, char **errmsg, int *rc)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	size_t n = 0, got;

	if (!f) {
		*rc = guards_fail(errmsg, SHOMER_EXIT_REJECTED, "cannot open '%s': %s", path,
		                  strerror(errno));
		return NULL;
	}
	buf = malloc(NRP_MAX + 1);
	if (!buf) {
		fclose(f);
		*rc = guards_fail(errmsg, SHOMER_EXIT_FAILED, "out of memory");
		return NULL;
	}
	while ((got = fread(buf + n, 1, NRP_MAX + 1 - n, f)) > 0)
		n += got;
	if (ferror(f) || n > NRP_MAX) {
		*rc = guards_fail(errmsg, SHOMER_EXIT_REJECTED, "cannot read '%s': %s", path,
		                  ferror(f) ? strerror(errno) : "too large");
		fclose(f);
		free(buf);
		return NULL;
	}
	fclose(f);
	*len = n;
	return buf;
}

/* A positive number of seconds, strictly written. */
static int parse_seconds(const char *s, double *out)
{
	char *end;
	double v;

	if (!s || !*s || *s == ' ' || *s == '+' || *s == '-')
		return -1;
	errno = 0;
	v = strtod(s, &end);
	if (*end || errno || !(v > 0) || v > 86400.0)
		return -1;
	*out = v;
	return 0;
}

static int parse_count(const char *s, long lo, long hi, long *out)
{
	char *end;
	long v;

	if (!s || *s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (*end || errno || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

static int solve_run(struct shomer_host *host, void *ud, int argc, char **argv, char **errmsg)
{
	static const struct option opts[] = {
	        {"nrp", required_argument, NULL, 'n'},
	        {"time-limit", required_argument, NULL, 't'},
	        {"seed", required_argument, NULL, 's'},
	        {"rounds", required_argument, NULL, 'r'},
	        {NULL, 0, NULL, 0},
	};
	const char *file = NULL;
	struct sp_solve_opts o = {.time_limit = 60.0, .seed = 1};
	struct sp_problem p;
	struct sp_solve_result r;
	char err[600];
	size_t len = 0;
	long seed = 1;
	int c, rc = SHOMER_EXIT_OK;

	(void)host;
	(void)ud;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (c) {
		case 'n': file = optarg; break;
		case 't':
			if (parse_seconds(optarg, &o.time_limit))
				return guards_fail(
				        errmsg, SHOMER_EXIT_USAGE,
				        "--time-limit '%s' is not a number of seconds above 0 "
				        "(at most a day)",
				        optarg);
			break;
		case 's':
			if (parse_count(optarg, 0, 2147483647L, &seed))
				return guards_fail(errmsg, SHOMER_EXIT_USAGE,
				                   "--seed '%s' is not a whole number from 0",
				                   optarg);
			o.seed = (uint64_t)seed;
			break;
		case 'r':
			if (parse_count(optarg, 1, 1000000L, &o.max_rounds))
				return guards_fail(errmsg, SHOMER_EXIT_USAGE,
				                   "--rounds '%s' is not a whole number from 1",
				                   optarg);
			/* and five exact re-solves a round, so the work is fixed */
			o.max_mip = 5 * o.max_rounds;
			o.max_pricing = 10 * o.max_rounds;
			break;
		default: return guards_usage(errmsg, c, argv[optind - 1]);
		}
	}
	if (optind < argc)
		return guards_fail(errmsg, SHOMER_EXIT_USAGE, "unexpected argument '%s'",
		                   argv[optind]);
	if (!file)
		return guards_fail(errmsg, SHOMER_EXIT_USAGE, "--nrp FILE is needed");

	char *text = read_all(file, &len, errmsg, &rc);
	if (!text)
		return rc;
	if (sp_read_nrp(text, len, &p, err, sizeof(err))) {
		free(text);
		/* "line N: ..." becomes "FILE:N: ..." */
		if (strncmp(err, "line ", 5) == 0) {
			char *colon = strchr(err, ':');
			if (colon)
				return guards_fail(errmsg, SHOMER_EXIT_REJECTED, "%s:%.*s%s", file,
				                   (int)(colon - err - 5), err + 5, colon);
		}
		return guards_fail(errmsg, SHOMER_EXIT_REJECTED, "%s: %s", file, err);
	}
	free(text);
	if (sp_solve(&p, &o, &r)) {
		sp_problem_release(&p);
		return guards_fail(errmsg, SHOMER_EXIT_FAILED, "out of memory");
	}
	printf("# shomer guards solve: %s, %d days, %d staff, %d shift types; seed %llu, "
	       "%ld rounds of annealing, %ld of pricing (%ld schedules generated), %ld dives, "
	       "%ld neighbourhoods (%ld better), %ld branch nodes, %ld choices ruled out by "
	       "reduced cost and %ld exact re-solves (%ld better) in %.1f s, best found at %.1f "
	       "s\n",
	       file, p.days, p.n_people, p.n_shifts, (unsigned long long)o.seed, r.rounds,
	       r.cg_rounds, r.cg_columns, r.dives, r.neighbourhoods, r.neighbourhoods_better,
	       r.nodes, r.ruled_out, r.mip_steps, r.mip_better, r.seconds, r.best_at);
	printf("OBJECTIVE %ld\n", r.score.soft);
	if (r.bound >= 0)
		printf("BOUND %ld%s\n", r.bound, r.optimal ? " (optimal)" : "");
	printf("FEASIBLE %s\n", r.score.hard == 0 ? "yes" : "no");
	printf("PENALTY on %ld off %ld under %ld over %ld\n", r.score.on, r.score.off,
	       r.score.under, r.score.over);
	printf("SOLUTION\n");
	for (int i = 0; i < p.n_people; i++) {
		fputs(p.people[i].id, stdout);
		for (int d = 0; d < p.days; d++) {
			int s = r.x[(size_t)i * p.days + d];
			putchar(',');
			if (s >= 0)
				fputs(p.shift_id[s], stdout);
		}
		putchar('\n');
	}
	if (r.score.hard != 0)
		fprintf(stderr,
		        "shomer: guards solve: no schedule keeping every hard rule was found in "
		        "%.1f s (%ld units of breach left)\n",
		        r.seconds, r.score.hard);
	free(r.x);
	sp_problem_release(&p);
	return fflush(stdout) == 0 ? SHOMER_EXIT_OK : SHOMER_EXIT_FAILED;
}

const struct shomer_command guards_solve_cmd = {
        .size = sizeof(struct shomer_command),
        .group = "guards",
        .verb = "solve",
        .usage = "--nrp FILE [--time-limit S] [--seed N] [--rounds N]",
        .summary = "solve an employee scheduling benchmark instance with the roster solver",
        .run = solve_run,
        .ud = NULL,
        .flags = SHOMER_CMD_NO_DB, /* it reads the instance file alone */
};
