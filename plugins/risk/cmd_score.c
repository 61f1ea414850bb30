/*
 * cmd_score.c - `shomer risk score`: score every site (of a region), store
 * the score and its parts as shared site attributes, print them.
 *
 *   shomer risk score [--region R] [--top N] [--as-of DATE]
 *                     [--format table|csv|json]
 *
 * A hidden variant checks the index against the brute-force reference
 * (every site against every incident) on a random sample of sites, and
 * times both; it stores nothing.  bench/risk.sh uses it:
 *
 *   shomer risk score --brute-force [--sample F] [--seed N] [--as-of DATE]
 */
#include <getopt.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "brute.h"
#include "cmds.h"
#include "config.h"
#include "incidents.h"
#include "opts.h"
#include "scorer.h"
#include "sites.h"

#include "banned.h"

struct score_opts {
	const char *region, *as_of;
	long top;
	enum shomer_format fmt;
	int brute;
	double sample;
	long seed;
};

static int parse_opts(int argc, char **argv, struct score_opts *o, char **errmsg)
{
	static const struct option longs[] = {
	        {"region", required_argument, NULL, 'r'}, {"top", required_argument, NULL, 'n'},
	        {"as-of", required_argument, NULL, 'a'},  {"format", required_argument, NULL, 'f'},
	        {"brute-force", no_argument, NULL, 'B'},  {"sample", required_argument, NULL, 'S'},
	        {"seed", required_argument, NULL, 'E'},   {NULL, 0, NULL, 0},
	};
	int c;

	memset(o, 0, sizeof(*o));
	o->fmt = SHOMER_FMT_TABLE;
	o->sample = 0.02;
	o->seed = 1;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", longs, NULL)) != -1) {
		switch (c) {
		case 'r': o->region = optarg; break;
		case 'a': o->as_of = optarg; break;
		case 'B': o->brute = 1; break;
		case 'n':
			if (risk_parse_long(optarg, 1, 1000000000L, &o->top))
				return risk_fail(errmsg, SHOMER_EXIT_USAGE,
				                 "--top '%s' is not a positive whole number",
				                 optarg);
			break;
		case 'f':
			if (risk_format(optarg,
			                1u << SHOMER_FMT_TABLE | 1u << SHOMER_FMT_CSV |
			                        1u << SHOMER_FMT_JSON,
			                &o->fmt, errmsg) != SHOMER_OK)
				return SHOMER_EXIT_USAGE;
			break;
		case 'S':
			if (risk_parse_double(optarg, 1e-9, 1, &o->sample))
				return risk_fail(
				        errmsg, SHOMER_EXIT_USAGE,
				        "--sample '%s' is not a fraction above 0, at most 1",
				        optarg);
			break;
		case 'E':
			if (risk_parse_long(optarg, 0, 2147483647L, &o->seed))
				return risk_fail(errmsg, SHOMER_EXIT_USAGE,
				                 "--seed '%s' is not a whole number", optarg);
			break;
		default: return risk_usage_error(errmsg, c, argv[optind - 1]);
		}
	}
	if (optind < argc)
		return risk_fail(errmsg, SHOMER_EXIT_USAGE, "unexpected argument '%s'",
		                 argv[optind]);
	return SHOMER_EXIT_OK;
}

/* ---- scoring every site ---- */

struct run {
	struct shomer_host *host;
	struct risk_params p;
	int64_t as_of;
	struct risk_siteset sites;
	struct risk_incload inc;
	struct risk_scorer scorer;
	struct risk_scored *out;
	double *x, *y, *P, *W;
	double index_secs, eval_secs;
};

static void run_release(struct run *r)
{
	risk_scorer_release(&r->scorer);
	risk_incload_release(&r->inc);
	risk_siteset_release(&r->sites);
	free(r->out);
	free(r->x);
	free(r->y);
	free(r->P);
	free(r->W);
}

/* The incident index, built on a thread of its own while the sites are read. */
struct index_job {
	struct run *r;
	int rc;
};

static void *index_main(void *arg)
{
	struct index_job *j = arg;
	j->rc = risk_scorer_init(&j->r->scorer, &j->r->p, j->r->as_of, &j->r->inc.set,
	                         RISK_THREADS);
	return NULL;
}

/* Loads everything and scores every site; SHOMER_EXIT_* and *errmsg. */
static int run_score(struct run *r, const struct score_opts *o, char **errmsg)
{
	struct index_job job = {r, 0};
	pthread_t tid;
	int threaded, rc;
	size_t n;
	double t0;

	t0 = risk_clock();
	if (risk_config_load(r->host, &r->p, NULL, errmsg) != SHOMER_OK)
		return SHOMER_EXIT_FAILED;
	if (risk_incidents_load(r->host, r->as_of, 0, 0, 0, 0, 0, &r->inc, errmsg) != SHOMER_OK)
		return SHOMER_EXIT_FAILED;
	risk_api->log(r->host, SHOMER_LOG_DEBUG, "read %zu incidents in %.3f s", r->inc.set.n,
	              risk_clock() - t0);
	t0 = risk_clock();
	/* the index is computation only, no call into the host: the sites are
	 * read from the database meanwhile */
	threaded = pthread_create(&tid, NULL, index_main, &job) == 0;
	if (!threaded)
		index_main(&job);
	r->sites.as_of = r->as_of;
	rc = risk_sites_load(r->host, o->region, 1, &r->sites, errmsg);
	n = r->sites.n;
	risk_api->log(r->host, SHOMER_LOG_DEBUG, "read %zu sites in %.3f s", n, risk_clock() - t0);
	if (threaded)
		pthread_join(tid, NULL);
	if (rc != SHOMER_OK)
		return SHOMER_EXIT_FAILED;
	if (n == 0 && o->region)
		return risk_fail(errmsg, SHOMER_EXIT_REJECTED, "no sites in region '%s'",
		                 o->region);
	r->out = calloc(n ? n : 1, sizeof(*r->out));
	r->x = malloc((n ? n : 1) * sizeof(double));
	r->y = malloc((n ? n : 1) * sizeof(double));
	r->P = malloc((n ? n : 1) * sizeof(double));
	r->W = malloc((n ? n : 1) * sizeof(double));
	if (!r->out || !r->x || !r->y || !r->P || !r->W || job.rc)
		return risk_fail(errmsg, SHOMER_EXIT_FAILED, "out of memory indexing %zu incidents",
		                 r->inc.set.n);
	for (size_t i = 0; i < n; i++) {
		r->x[i] = r->sites.v[i].x;
		r->y[i] = r->sites.v[i].y;
	}
	r->index_secs = risk_clock() - t0;
	risk_api->log(r->host, SHOMER_LOG_DEBUG,
	              "indexed the incidents, reading the sites meanwhile, in %.3f s",
	              r->index_secs);
	return SHOMER_EXIT_OK;
}

/* Sites lo..hi-1 from their kernel sums to their scores. */
static void finish_sites(struct run *r, size_t lo, size_t hi)
{
	for (size_t i = lo; i < hi; i++) {
		struct risk_inputs in;
		risk_site_inputs(&r->sites.v[i], &in);
		risk_score_finish(&r->p, &in, r->P[i], r->W[i], &r->out[i]);
	}
}

/* Scores every site at once: for the check against brute force, which
 * times the index on its own. */
static void eval_all(struct run *r)
{
	size_t n = r->sites.n;
	double t0 = risk_clock();

	if (risk_scorer_eval_many(&r->scorer, n, r->x, r->y, r->P, r->W, RISK_THREADS))
		risk_api->log(r->host, SHOMER_LOG_WARN, "could not start a second thread");
	r->eval_secs = risk_clock() - t0;
	risk_api->log(r->host, SHOMER_LOG_DEBUG, "scored %zu sites in %.3f s", n, r->eval_secs);
	finish_sites(r, 0, n);
}

/* ---- storing ---- */

static int store_site(struct shomer_host *host, const struct risk_site *s,
                      const struct risk_scored *sc, const char *as_of, char **errmsg)
{
	static const char *const keys[RISK_N_PARTS + 2] = {
	        "risk.score",  "risk.exposure",   "risk.pressure", "risk.near_repeat",
	        "risk.threat", "risk.protection", "risk.clamp",    "risk.as_of",
	};
	char buf[RISK_N_PARTS + 1][24];
	const char *values[RISK_N_PARTS + 2];

	values[0] = risk_fmt_cents(buf[0], sc->score_cents);
	for (int k = 0; k < RISK_N_PARTS; k++)
		values[k + 1] = risk_fmt_cents(buf[k + 1], sc->cents[k]);
	values[RISK_N_PARTS + 1] = as_of;
	return risk_api->attr_set_site(host, s->id, RISK_N_PARTS + 2, keys, values, errmsg);
}

/*
 * Scoring and storing overlap: a thread scores the sites a chunk at a time,
 * in id order, while this one stores the chunks already scored in the
 * order the table keeps them.
 */
#define CHUNK_MIN 1024
#define CHUNKS    16

struct pipe {
	struct run *r;
	size_t chunk, n_chunks;
	size_t done; /* chunks scored so far */
	int failed;  /* a second thread could not be started */
	pthread_mutex_t mu;
	pthread_cond_t cv;
};

static void *score_chunks(void *arg)
{
	struct pipe *pp = arg;
	struct run *r = pp->r;

	for (size_t c = 0; c < pp->n_chunks; c++) {
		size_t lo = c * pp->chunk,
		       hi = lo + pp->chunk < r->sites.n ? lo + pp->chunk : r->sites.n;
		int rc = risk_scorer_eval_many(&r->scorer, hi - lo, r->x + lo, r->y + lo, r->P + lo,
		                               r->W + lo, RISK_THREADS);
		finish_sites(r, lo, hi);
		pthread_mutex_lock(&pp->mu);
		pp->failed |= rc != 0;
		pp->done = c + 1;
		pthread_cond_signal(&pp->cv);
		pthread_mutex_unlock(&pp->mu);
	}
	return NULL;
}

/* Waits for chunk c; returns its end. */
static size_t wait_chunk(struct pipe *pp, size_t c)
{
	size_t hi = (c + 1) * pp->chunk;

	pthread_mutex_lock(&pp->mu);
	while (pp->done <= c)
		pthread_cond_wait(&pp->cv, &pp->mu);
	pthread_mutex_unlock(&pp->mu);
	return hi < pp->r->sites.n ? hi : pp->r->sites.n;
}

static int score_and_store(struct run *r, char **errmsg)
{
	struct pipe pp = {.r = r};
	size_t n = r->sites.n, i = 0;
	char as_of[32];
	double t0 = risk_clock();
	pthread_t tid;
	int threaded, saved, rc;

	pp.chunk = n / CHUNKS > CHUNK_MIN ? (n + CHUNKS - 1) / CHUNKS : CHUNK_MIN;
	pp.n_chunks = (n + pp.chunk - 1) / pp.chunk;
	pthread_mutex_init(&pp.mu, NULL);
	pthread_cond_init(&pp.cv, NULL);
	threaded = pthread_create(&tid, NULL, score_chunks, &pp) == 0;
	if (!threaded)
		score_chunks(&pp);
	risk_api->format_time(r->as_of, as_of);
	/* every site or none */
	rc = risk_api->db_savepoint(r->host, "risk_score", errmsg);
	saved = rc == SHOMER_OK;
	for (size_t c = 0; c < pp.n_chunks && rc == SHOMER_OK; c++) {
		size_t hi = wait_chunk(&pp, c);
		for (; i < hi && rc == SHOMER_OK; i++) {
			rc = store_site(r->host, &r->sites.v[i], &r->out[i], as_of, errmsg);
			if (n > 1000 && (i % 1000 == 0 || i + 1 == n))
				risk_api->progress(r->host, "scoring and storing", i + 1, n);
		}
	}
	if (threaded)
		pthread_join(tid, NULL);
	pthread_cond_destroy(&pp.cv);
	pthread_mutex_destroy(&pp.mu);
	if (pp.failed)
		risk_api->log(r->host, SHOMER_LOG_WARN, "could not start a second thread");
	if (rc == SHOMER_OK)
		rc = risk_api->db_release(r->host, "risk_score", errmsg);
	else if (saved) {
		risk_api->db_rollback_to(r->host, "risk_score", NULL);
		risk_api->db_release(r->host, "risk_score", NULL);
	}
	risk_api->log(r->host, SHOMER_LOG_DEBUG, "scored and stored %zu sites in %.3f s", n,
	              risk_clock() - t0);
	return rc;
}

/* ---- printing ---- */

static const struct run *sort_run; /* qsort has no user pointer; one sort at a time */

static int by_score(const void *a, const void *b)
{
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	double si = sort_run->out[i].r.score, sj = sort_run->out[j].r.score;

	if (si != sj)
		return si > sj ? -1 : 1;
	return strcmp(sort_run->sites.v[i].id, sort_run->sites.v[j].id);
}

static const char *level_name(int level)
{
	return level ? risk_api->threat_name((enum shomer_threat)level) : "none";
}

static int print_table(const struct run *r, const struct score_opts *o, char **errmsg)
{
	static const char *const cols[] = {"id",     "name",       "region",   "level",
	                                   "score",  "exposure",   "pressure", "near_repeat",
	                                   "threat", "protection", "clamp"};
	static const enum shomer_col kinds[] = {
	        SHOMER_COL_TEXT,   SHOMER_COL_TEXT,   SHOMER_COL_TEXT,   SHOMER_COL_TEXT,
	        SHOMER_COL_NUMBER, SHOMER_COL_NUMBER, SHOMER_COL_NUMBER, SHOMER_COL_NUMBER,
	        SHOMER_COL_NUMBER, SHOMER_COL_NUMBER, SHOMER_COL_NUMBER};
	size_t n = r->sites.n, shown;
	size_t *order = malloc((n ? n : 1) * sizeof(size_t));
	struct shomer_table *t;
	int rc;

	if (!order)
		return risk_fail(errmsg, SHOMER_ERR, "out of memory sorting the scores");
	for (size_t i = 0; i < n; i++)
		order[i] = i;
	sort_run = r;
	qsort(order, n, sizeof(size_t), by_score);
	shown = o->top && (size_t)o->top < n ? (size_t)o->top : n;
	t = risk_api->table_new(cols, kinds, sizeof(cols) / sizeof(cols[0]));
	for (size_t k = 0; k < shown; k++) {
		const struct risk_site *s = &r->sites.v[order[k]];
		const struct risk_scored *sc = &r->out[order[k]];
		char num[RISK_N_PARTS + 1][24];
		risk_fmt_cents(num[0], sc->score_cents);
		for (int p = 0; p < RISK_N_PARTS; p++)
			risk_fmt_cents(num[p + 1], sc->cents[p]);
		const char *cells[] = {s->id,  s->name, s->region, level_name(s->level),
		                       num[0], num[1],  num[2],    num[3],
		                       num[4], num[5],  num[6]};
		risk_api->table_row(t, cells);
	}
	free(order);
	rc = risk_api->table_print(t, o->fmt, stdout, errmsg);
	risk_api->table_free(t);
	return rc;
}

/* ---- the command ---- */

static int score_run(struct shomer_host *host, void *ud, int argc, char **argv, char **errmsg)
{
	struct score_opts o;
	struct run r;
	int rc;

	(void)ud;
	rc = parse_opts(argc, argv, &o, errmsg);
	if (rc != SHOMER_EXIT_OK)
		return rc;
	memset(&r, 0, sizeof(r));
	r.host = host;
	if (risk_as_of(host, o.as_of, &r.as_of, errmsg) != SHOMER_OK)
		return SHOMER_EXIT_USAGE;
	rc = run_score(&r, &o, errmsg);
	if (rc == SHOMER_EXIT_OK && o.brute) {
		eval_all(&r);
		struct risk_check c = {.scorer = &r.scorer,
		                       .sites = &r.sites,
		                       .out = r.out,
		                       .index_secs = r.index_secs,
		                       .eval_secs = r.eval_secs,
		                       .sample = o.sample,
		                       .seed = (uint64_t)o.seed};
		rc = risk_check_brute(&c, errmsg);
	} else if (rc == SHOMER_EXIT_OK)
		rc = score_and_store(&r, errmsg) == SHOMER_OK &&
		                     print_table(&r, &o, errmsg) == SHOMER_OK
		             ? SHOMER_EXIT_OK
		             : SHOMER_EXIT_FAILED;
	run_release(&r);
	return rc;
}

const struct shomer_command risk_score_cmd = {
        .size = sizeof(struct shomer_command),
        .group = "risk",
        .verb = "score",
        .usage = "[--region R] [--top N] [--as-of DATE] [--format table|csv|json]",
        .summary = "score every site's risk (0-100) and store it as risk.* attributes",
        .run = score_run,
        .ud = NULL,
};
