/*
 * cmd_coverage.c - `shomer cctv coverage`: what each site's cameras see,
 * printed, drawn, and published as shared site attributes.
 *
 *   shomer cctv coverage [SITE...] [--night] [--format table|csv|json|geojson]
 *                        [--svg DIR]
 *
 * The named sites, or every site with CCTV records.  Scenes are loaded on
 * this thread (the host may only be called from it), computed by two
 * worker threads, each with a GEOS context of its own, and printed and
 * stored back here in site order.  The work goes in batches: while the
 * workers compute one batch, this thread loads the next, then prints and
 * stores the batch before; so at most two batches of scenes and results
 * are in memory, however many sites there are.
 *
 * What is published, for each site computed (in one attr_set_site call):
 *   cctv.coverage.detection, .observation, .recognition, .identification
 *       share of the site's outdoor area seen at that level or better,
 *       0..1 with 4 decimals ("0.8734")
 *   cctv.perimeter      share of the perimeter seen at detection or better
 *   cctv.blind_spots    number of blind spots (of at least 1 m2)
 *   cctv.aoi_covered    share of the site's areas of interest covered at
 *                       the level each needs; absent when it has none
 *
 * A site without a perimeter has no outdoor area to take shares of: its
 * row says "no perimeter", and its coverage, perimeter and blind-spot
 * attributes are deleted, not set, so that a reader (the risk plugin's
 * protection credit) sees "unknown" rather than a stale or invented
 * figure.  Its areas of interest are rings of their own and do not need
 * the perimeter, so cctv.aoi_covered is still published when it has some.
 *
 * --night computes what the cameras see by their infra-red alone and
 * stores nothing: the attributes always mean daytime coverage, so that a
 * night run never replaces what other plugins read.
 *
 * A hidden variant checks the geometry (GEOS) against the raster
 * reference on a seeded random sample of the sites, and times both; it
 * stores nothing (bench/ and tests/cli/t_cctv.sh use it):
 *
 *   shomer cctv coverage --check-raster [--cell M] [--sample F] [--seed N] [SITE...]
 */
#include <getopt.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <libxml/parser.h>

#include "cmds.h"
#include "coverage.h"
#include "out.h"
#include "raster.h"
#include "records.h"
#include "svg.h"

#include "banned.h"

/* The machine this was written for has two cores. */
#define COV_THREADS 2
/* Scenes a batch: enough to keep both workers busy, few enough that two
 * batches of the largest sites stay small. */
#define COV_BATCH 256
/* GeoJSON outlines are simplified to within a centimetre: the arcs at a
 * camera's reach are drawn with a point every quarter degree, far closer
 * than anyone can see on a map. */
#define GEOJSON_TOLERANCE 0.01
/* What on_scene returns to stop the loader when something failed. */
#define STOP 1

struct cov_opts {
	char **ids;
	size_t n_ids;
	int night;
	int fmt_given;
	enum shomer_format fmt;
	const char *svg_dir;
	int check, tuned;
	double cell, sample;
	long seed;
};

static int parse_opts(int argc, char **argv, struct cov_opts *o, char **errmsg)
{
	static const struct option longs[] = {
	        {"night", no_argument, NULL, 'n'},      {"format", required_argument, NULL, 'f'},
	        {"svg", required_argument, NULL, 's'},  {"check-raster", no_argument, NULL, 'C'},
	        {"cell", required_argument, NULL, 'c'}, {"sample", required_argument, NULL, 'S'},
	        {"seed", required_argument, NULL, 'E'}, {NULL, 0, NULL, 0},
	};
	int c;

	memset(o, 0, sizeof(*o));
	o->fmt = SHOMER_FMT_TABLE;
	o->cell = 0.25;
	o->sample = 1;
	o->seed = 1;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", longs, NULL)) != -1) {
		switch (c) {
		case 'n': o->night = 1; break;
		case 's': o->svg_dir = optarg; break;
		case 'C': o->check = 1; break;
		case 'f':
			if (cctv_api->format_parse(optarg, &o->fmt) != SHOMER_OK)
				return cctv_out_fail(errmsg, SHOMER_EXIT_USAGE,
				                     "unknown format '%s' (use table, csv, json or "
				                     "geojson)",
				                     optarg);
			o->fmt_given = 1;
			break;
		case 'c':
			o->tuned = 1;
			if (cctv_out_parse_double(optarg, 0.01, 10, &o->cell))
				return cctv_out_fail(errmsg, SHOMER_EXIT_USAGE,
				                     "--cell '%s' is not a number of metres from "
				                     "0.01 to 10",
				                     optarg);
			break;
		case 'S':
			o->tuned = 1;
			if (cctv_out_parse_double(optarg, 1e-9, 1, &o->sample))
				return cctv_out_fail(errmsg, SHOMER_EXIT_USAGE,
				                     "--sample '%s' is not a fraction above 0, at "
				                     "most 1",
				                     optarg);
			break;
		case 'E':
			o->tuned = 1;
			if (cctv_out_parse_long(optarg, 0, 2147483647L, &o->seed))
				return cctv_out_fail(errmsg, SHOMER_EXIT_USAGE,
				                     "--seed '%s' is not a whole number", optarg);
			break;
		default: return cctv_out_usage(errmsg, c, argv[optind - 1]);
		}
	}
	if (o->tuned && !o->check)
		return cctv_out_fail(errmsg, SHOMER_EXIT_USAGE,
		                     "--cell, --sample and --seed go with --check-raster");
	if (o->check && (o->fmt_given || o->svg_dir))
		return cctv_out_fail(errmsg, SHOMER_EXIT_USAGE,
		                     "--check-raster prints its own figures: no --format or --svg");
	o->ids = argv + optind;
	o->n_ids = (size_t)(argc - optind);
	return SHOMER_EXIT_OK;
}

/* ---- one site's work, done on a worker thread ---- */

struct cfg {
	struct cctv_params p;
	int keep;    /* keep the geometry: for --svg and GeoJSON */
	int geojson; /* views and blind spots as plain rings */
	const char *svg_dir;
	int check;
	double cell;
};

struct job {
	struct cctv_scene scene;
	int has_cov;
	struct cctv_coverage cov;     /* its numbers only: no GEOS geometry */
	struct cctv_out_shape *views; /* camera i, level l at [i * CCTV_N_LEVELS + l] */
	size_t n_views;
	struct cctv_out_shape *blind; /* n_blind, one per blind spot */
	size_t n_blind;
	char *svg;
	size_t svg_len;
	struct cctv_raster raster;
	double geos_s, raster_s;
	char *err; /* malloc'd */
};

/* The numbers of `src` into `dst` without its geometry, which belongs to
 * the worker's GEOS context and is released there. */
static int cov_keep_numbers(const struct cctv_coverage *src, struct cctv_coverage *dst)
{
	*dst = *src;
	dst->aoi = NULL;
	dst->blind = NULL;
	dst->cams = NULL;
	dst->outdoor = NULL;
	for (int l = 0; l < CCTV_N_LEVELS; l++)
		dst->union_view[l] = NULL;
	if (src->n_aoi) {
		dst->aoi = malloc(src->n_aoi * sizeof(*dst->aoi));
		if (!dst->aoi)
			return -1;
		memcpy(dst->aoi, src->aoi, src->n_aoi * sizeof(*dst->aoi));
	}
	if (src->n_blind) {
		dst->blind = malloc(src->n_blind * sizeof(*dst->blind));
		if (!dst->blind)
			return -1;
		memcpy(dst->blind, src->blind, src->n_blind * sizeof(*dst->blind));
		for (size_t i = 0; i < src->n_blind; i++)
			dst->blind[i].geom = NULL;
	}
	if (src->n_cams) {
		dst->cams = malloc(src->n_cams * sizeof(*dst->cams));
		if (!dst->cams)
			return -1;
		memcpy(dst->cams, src->cams, src->n_cams * sizeof(*dst->cams));
		for (size_t i = 0; i < src->n_cams; i++)
			for (int l = 0; l < CCTV_N_LEVELS; l++)
				dst->cams[i].view[l] = NULL;
	}
	return 0;
}

static void cov_numbers_free(struct cctv_coverage *c)
{
	free(c->aoi);
	free(c->blind);
	free(c->cams);
	memset(c, 0, sizeof(*c));
}

static int take_shapes(GEOSContextHandle_t g, const struct cctv_coverage *c, struct job *j)
{
	j->n_views = c->n_cams * CCTV_N_LEVELS;
	if (j->n_views) {
		j->views = calloc(j->n_views, sizeof(*j->views));
		if (!j->views)
			return -1;
	}
	for (size_t i = 0; i < c->n_cams; i++)
		for (int l = 0; l < CCTV_N_LEVELS; l++)
			if (cctv_out_shape_from_geos(g, c->cams[i].view[l], GEOJSON_TOLERANCE,
			                             &j->views[i * CCTV_N_LEVELS + (size_t)l]))
				return -1;
	if (c->n_blind) {
		j->blind = calloc(c->n_blind, sizeof(*j->blind));
		if (!j->blind)
			return -1;
		j->n_blind = c->n_blind;
	}
	for (size_t i = 0; i < c->n_blind; i++)
		if (cctv_out_shape_from_geos(g, c->blind[i].geom, GEOJSON_TOLERANCE, &j->blind[i]))
			return -1;
	return 0;
}

static void job_fail(struct job *j, const char *msg)
{
	if (!j->err)
		j->err = strdup(msg);
}

/* Computes one site: no call into the host from here. */
static void job_run(struct job *j, const struct cfg *cfg, struct cctv_out_geos *gx)
{
	struct cctv_coverage c;
	char *err = NULL;
	double t0;

	memset(&c, 0, sizeof(c));
	gx->error[0] = '\0';
	t0 = cctv_out_clock();
	if (cctv_coverage_compute(gx->g, &j->scene, &cfg->p, cfg->keep, &c, &err) != 0) {
		j->err = err ? err : strdup(*gx->error ? gx->error : "the geometry failed");
		return;
	}
	j->geos_s = cctv_out_clock() - t0;
	if (cfg->check && c.has_perimeter) {
		t0 = cctv_out_clock();
		if (cctv_raster_coverage(&j->scene, &cfg->p, cfg->cell, &j->raster) != 0)
			job_fail(j, "out of memory in the raster reference");
		j->raster_s = cctv_out_clock() - t0;
	}
	if (!j->err && cfg->geojson && take_shapes(gx->g, &c, j))
		job_fail(j, *gx->error ? gx->error : "out of memory taking the outlines");
	if (!j->err && cfg->svg_dir &&
	    cctv_svg_render(gx->g, &j->scene, &c, &j->svg, &j->svg_len, &err))
		j->err = err ? err : strdup("cannot draw the svg");
	if (!j->err) {
		if (cov_keep_numbers(&c, &j->cov)) {
			cov_numbers_free(&j->cov);
			job_fail(j, "out of memory");
		} else
			j->has_cov = 1;
	}
	cctv_coverage_release(gx->g, &c);
}

static void job_release(struct job *j)
{
	cctv_scene_release(&j->scene);
	if (j->has_cov)
		cov_numbers_free(&j->cov);
	for (size_t i = 0; i < j->n_views; i++)
		cctv_out_shape_release(&j->views[i]);
	free(j->views);
	for (size_t i = 0; i < j->n_blind; i++)
		cctv_out_shape_release(&j->blind[i]);
	free(j->blind);
	free(j->svg);
	free(j->err);
	memset(j, 0, sizeof(*j));
}

/* ---- the workers ---- */

struct pool {
	pthread_mutex_t mu;
	pthread_cond_t work, done;
	struct job *jobs;
	size_t n, next, finished;
	int quit;
	const struct cfg *cfg;
	pthread_t tid[COV_THREADS];
	size_t n_threads;
	struct cctv_out_geos own; /* when no worker could start: this thread's */
};

static void *worker_main(void *arg)
{
	struct pool *p = arg;
	struct cctv_out_geos gx;
	int ok = cctv_out_geos_init(&gx) == 0;

	pthread_mutex_lock(&p->mu);
	for (;;) {
		struct job *j;
		while (!p->quit && p->next >= p->n)
			pthread_cond_wait(&p->work, &p->mu);
		if (p->next >= p->n)
			break;
		j = &p->jobs[p->next++];
		pthread_mutex_unlock(&p->mu);
		if (ok)
			job_run(j, p->cfg, &gx);
		else
			job_fail(j, "cannot start a GEOS context");
		pthread_mutex_lock(&p->mu);
		if (++p->finished == p->n)
			pthread_cond_broadcast(&p->done);
	}
	pthread_mutex_unlock(&p->mu);
	if (ok)
		cctv_out_geos_finish(&gx);
	return NULL;
}

static int pool_start(struct pool *p, const struct cfg *cfg)
{
	memset(p, 0, sizeof(*p));
	p->cfg = cfg;
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->work, NULL);
	pthread_cond_init(&p->done, NULL);
	for (size_t i = 0; i < COV_THREADS; i++) {
		if (pthread_create(&p->tid[p->n_threads], NULL, worker_main, p) != 0)
			break;
		p->n_threads++;
	}
	if (p->n_threads == 0 && cctv_out_geos_init(&p->own) != 0)
		return -1;
	return 0;
}

static void pool_submit(struct pool *p, struct job *jobs, size_t n)
{
	pthread_mutex_lock(&p->mu);
	p->jobs = jobs;
	p->n = n;
	p->next = 0;
	p->finished = 0;
	pthread_cond_broadcast(&p->work);
	pthread_mutex_unlock(&p->mu);
}

static void pool_wait(struct pool *p)
{
	if (p->n_threads == 0) {
		for (; p->next < p->n; p->next++, p->finished++)
			job_run(&p->jobs[p->next], p->cfg, &p->own);
		return;
	}
	pthread_mutex_lock(&p->mu);
	while (p->finished < p->n)
		pthread_cond_wait(&p->done, &p->mu);
	pthread_mutex_unlock(&p->mu);
}

static void pool_stop(struct pool *p)
{
	pthread_mutex_lock(&p->mu);
	p->quit = 1;
	pthread_cond_broadcast(&p->work);
	pthread_mutex_unlock(&p->mu);
	for (size_t i = 0; i < p->n_threads; i++)
		pthread_join(p->tid[i], NULL);
	cctv_out_geos_finish(&p->own);
	pthread_cond_destroy(&p->done);
	pthread_cond_destroy(&p->work);
	pthread_mutex_destroy(&p->mu);
}

/* ---- the run, on the command's thread ---- */

struct run {
	struct shomer_host *host;
	const struct cov_opts *o;
	struct cfg cfg;
	struct pool pool;
	struct job *fill, *busy; /* the batch being loaded; the one computing */
	size_t n_fill, n_busy;
	size_t emitted, total;
	int store;
	struct shomer_table *table;
	size_t n_out; /* JSON objects or GeoJSON features printed */
	char **errmsg;
	double wait_s, emit_s; /* this thread waiting for the workers; printing */
	uint64_t rng;
	/* --check-raster */
	size_t n_checked, n_skipped;
	double geos_s, raster_s, max_diff, max_perim_diff;
	char *worst;
};

static const char *const attr_keys[] = {
        "cctv.coverage.detection",
        "cctv.coverage.observation",
        "cctv.coverage.recognition",
        "cctv.coverage.identification",
        "cctv.perimeter",
        "cctv.blind_spots",
        "cctv.aoi_covered",
};
#define N_SHARE_KEYS 6 /* all but cctv.aoi_covered */

static void fmt_share(char *buf, size_t n, double share)
{
	snprintf(buf, n, "%.4f", share < 0 ? 0 : share > 1 ? 1 : share);
}

static int store_site(struct run *r, const struct job *j)
{
	const struct cctv_coverage *c = &j->cov;
	const char *id = j->scene.site_id;
	char buf[7][32];
	const char *values[7];
	size_t n = 0;

	if (c->has_perimeter) {
		for (int l = 0; l < CCTV_N_LEVELS; l++) {
			fmt_share(buf[l], sizeof(buf[l]), c->share[l]);
			values[n++] = buf[l];
		}
		fmt_share(buf[4], sizeof(buf[4]), c->perimeter_share);
		values[n++] = buf[4];
		snprintf(buf[5], sizeof(buf[5]), "%zu", c->n_blind);
		values[n++] = buf[5];
	} else {
		for (size_t k = 0; k < N_SHARE_KEYS; k++)
			if (cctv_api->attr_del(r->host, id, attr_keys[k], r->errmsg) != SHOMER_OK)
				return SHOMER_ERR;
	}
	if (c->n_aoi) {
		fmt_share(buf[6], sizeof(buf[6]), (double)c->n_aoi_covered / (double)c->n_aoi);
		values[n++] = buf[6];
	} else if (cctv_api->attr_del(r->host, id, attr_keys[6], r->errmsg) != SHOMER_OK)
		return SHOMER_ERR;
	if (!n)
		return SHOMER_OK;
	/* with no perimeter only cctv.aoi_covered is left to set */
	return cctv_api->attr_set_site(r->host, id, n, c->has_perimeter ? attr_keys : attr_keys + 6,
	                               values, r->errmsg);
}

/* ---- table ---- */

static const char *const table_cols[] = {
        "site",          "cameras",          "detection %", "observation %",
        "recognition %", "identification %", "perimeter %", "areas covered",
        "blind spots",   "blind m2",         "overlap m2",  "faulty cost %",
        "note",
};
static const enum shomer_col table_kinds[] = {
        SHOMER_COL_TEXT,   SHOMER_COL_TEXT,   SHOMER_COL_NUMBER, SHOMER_COL_NUMBER,
        SHOMER_COL_NUMBER, SHOMER_COL_NUMBER, SHOMER_COL_NUMBER, SHOMER_COL_TEXT,
        SHOMER_COL_NUMBER, SHOMER_COL_NUMBER, SHOMER_COL_NUMBER, SHOMER_COL_NUMBER,
        SHOMER_COL_TEXT,
};
#define N_TABLE_COLS (sizeof(table_cols) / sizeof(table_cols[0]))

static void table_site(struct run *r, const struct job *j)
{
	const struct cctv_coverage *c = &j->cov;
	char num[N_TABLE_COLS][48];
	const char *cells[N_TABLE_COLS];
	int per = c->has_perimeter;

	memset(cells, 0, sizeof(cells));
	cells[0] = j->scene.site_id;
	snprintf(num[1], sizeof(num[1]), "%zu/%zu/%zu", c->n_working, c->n_faulty, c->n_planned);
	cells[1] = num[1];
	for (int l = 0; l < CCTV_N_LEVELS; l++) {
		snprintf(num[2 + l], sizeof(num[2 + l]), "%.2f", 100 * c->share[l]);
		cells[2 + l] = per ? num[2 + l] : NULL;
	}
	snprintf(num[6], sizeof(num[6]), "%.2f", 100 * c->perimeter_share);
	cells[6] = per ? num[6] : NULL;
	snprintf(num[7], sizeof(num[7]), "%zu/%zu", c->n_aoi_covered, c->n_aoi);
	cells[7] = c->n_aoi ? num[7] : NULL;
	snprintf(num[8], sizeof(num[8]), "%zu", c->n_blind);
	cells[8] = per ? num[8] : NULL;
	snprintf(num[9], sizeof(num[9]), "%.1f", c->blind_area);
	cells[9] = per ? num[9] : NULL;
	snprintf(num[10], sizeof(num[10]), "%.1f", c->overlap);
	cells[10] = num[10];
	/* what the faulty cameras cost: the detection share they would add */
	snprintf(num[11], sizeof(num[11]), "%.2f", 100 * c->faulty_gain[CCTV_DETECTION]);
	cells[11] = per && c->n_faulty ? num[11] : NULL;
	cells[12] = per ? NULL : "no perimeter";
	cctv_api->table_row(r->table, cells);
}

/* ---- JSON ---- */

/* json_dump_callback's sink: stdout, each line indented by `data` spaces. */
static int dump_indented(const char *buf, size_t size, void *data)
{
	static const char spaces[] = "        ";
	size_t indent = (size_t) * (const int *)data, start = 0;

	for (size_t i = 0; i < size; i++) {
		if (buf[i] != '\n')
			continue;
		if (fwrite(buf + start, 1, i + 1 - start, stdout) != i + 1 - start ||
		    fwrite(spaces, 1, indent < 8 ? indent : 8, stdout) != (indent < 8 ? indent : 8))
			return -1;
		start = i + 1;
	}
	if (start < size && fwrite(buf + start, 1, size - start, stdout) != size - start)
		return -1;
	return 0;
}

/* Prints one element of the array being printed (site objects or
 * features): the separator, then `v` (which it takes). */
static int print_item(struct run *r, json_t *v, size_t flags, int indent)
{
	int rc;

	if (!v)
		return cctv_out_fail(r->errmsg, SHOMER_ERR, "out of memory building the output");
	printf("%s%*s", r->n_out ? ",\n" : "\n", indent, "");
	rc = json_dump_callback(v, dump_indented, &indent, flags);
	json_decref(v);
	r->n_out++;
	if (rc)
		return cctv_out_fail(r->errmsg, SHOMER_ERR, "cannot write the output");
	return SHOMER_OK;
}

static json_t *levels_object(const double *v, int decimals)
{
	json_t *o = json_object();

	for (int l = 0; l < CCTV_N_LEVELS; l++)
		json_object_set_new(o, cctv_level_name[l], cctv_out_json_real(v[l], decimals));
	return o;
}

static json_t *share_or_null(int known, double v)
{
	return known ? cctv_out_json_real(v, 4) : json_null();
}

static json_t *areas_json(const struct job *j)
{
	const struct cctv_coverage *c = &j->cov;
	json_t *items = json_array();

	for (size_t i = 0; i < c->n_aoi && i < j->scene.n_areas; i++) {
		const struct cctv_area *a = &j->scene.areas[i];
		const struct cctv_aoi_cover *ac = &c->aoi[i];
		json_t *o = json_object();
		json_object_set_new(o, "id", json_string(a->id ? a->id : ""));
		json_object_set_new(o, "kind", json_string(a->kind ? a->kind : ""));
		json_object_set_new(o, "label", json_string(a->label ? a->label : ""));
		json_object_set_new(o, "level", json_string(cctv_level_name[a->level]));
		json_object_set_new(o, "area_m2", cctv_out_json_real(ac->area, 2));
		json_object_set_new(o, "seen_m2", levels_object(ac->seen, 2));
		json_object_set_new(o, "share", cctv_out_json_real(ac->share, 4));
		json_object_set_new(o, "covered", json_boolean(ac->covered));
		json_array_append_new(items, o);
	}
	return json_pack("{s:I, s:I, s:o}", "total", (json_int_t)c->n_aoi, "covered",
	                 (json_int_t)c->n_aoi_covered, "items", items);
}

static int blind_json(struct run *r, const struct job *j, json_t **out)
{
	const struct cctv_coverage *c = &j->cov;
	json_t *items = json_array();

	for (size_t i = 0; i < c->n_blind; i++) {
		double lat, lon;
		if (cctv_api->geo_to_latlon(r->host, c->blind[i].cx, c->blind[i].cy, &lat, &lon,
		                            r->errmsg) != SHOMER_OK) {
			json_decref(items);
			return SHOMER_ERR;
		}
		json_array_append_new(items, json_pack("{s:o, s:o, s:o}", "area_m2",
		                                       cctv_out_json_real(c->blind[i].area, 2),
		                                       "lat", cctv_out_json_real(lat, 7), "lon",
		                                       cctv_out_json_real(lon, 7)));
	}
	*out = json_pack("{s:I, s:o, s:o}", "count", (json_int_t)c->n_blind, "area_m2",
	                 cctv_out_json_real(c->blind_area, 2), "items", items);
	return SHOMER_OK;
}

static json_t *cameras_json(const struct job *j)
{
	const struct cctv_coverage *c = &j->cov;
	json_t *items = json_array();

	for (size_t i = 0; i < c->n_cams && i < j->scene.n_cameras; i++) {
		const struct cctv_camera *cam = &j->scene.cameras[i];
		json_array_append_new(items, json_pack("{s:s, s:s, s:s, s:o}", "id",
		                                       cam->id ? cam->id : "", "status",
		                                       cctv_status_name[cam->status], "type",
		                                       cctv_type_name[cam->type], "seen_m2",
		                                       levels_object(c->cams[i].seen, 2)));
	}
	return items;
}

static int json_site(struct run *r, const struct job *j)
{
	const struct cctv_coverage *c = &j->cov;
	int per = c->has_perimeter;
	json_t *o = json_object(), *cov = json_object(), *blind = NULL;

	json_object_set_new(o, "site", json_string(j->scene.site_id));
	json_object_set_new(o, "night", json_boolean(r->o->night));
	json_object_set_new(o, "has_perimeter", json_boolean(per));
	json_object_set_new(o, "cameras",
	                    json_pack("{s:I, s:I, s:I}", "working", (json_int_t)c->n_working,
	                              "faulty", (json_int_t)c->n_faulty, "planned",
	                              (json_int_t)c->n_planned));
	json_object_set_new(o, "site_area_m2", cctv_out_json_real(c->site_area, 2));
	json_object_set_new(o, "outdoor_area_m2", cctv_out_json_real(c->outdoor_area, 2));
	for (int l = 0; l < CCTV_N_LEVELS; l++)
		json_object_set_new(cov, cctv_level_name[l],
		                    json_pack("{s:o, s:o}", "covered_m2",
		                              cctv_out_json_real(c->covered[l], 2), "share",
		                              share_or_null(per, c->share[l])));
	json_object_set_new(o, "coverage", cov);
	json_object_set_new(o, "perimeter",
	                    json_pack("{s:o, s:o, s:o}", "length_m",
	                              cctv_out_json_real(c->perimeter_length, 2), "seen_m",
	                              cctv_out_json_real(c->perimeter_seen, 2), "share",
	                              share_or_null(per, c->perimeter_share)));
	json_object_set_new(o, "areas", areas_json(j));
	if (per) {
		if (blind_json(r, j, &blind) != SHOMER_OK) {
			json_decref(o);
			return SHOMER_ERR;
		}
		json_object_set_new(o, "blind_spots", blind);
	} else
		json_object_set_new(o, "blind_spots", json_null());
	json_object_set_new(o, "overlap_m2", cctv_out_json_real(c->overlap, 2));
	json_object_set_new(
	        o, "faulty_gain",
	        json_pack("{s:o, s:o, s:o, s:o, s:o, s:I}", "detection",
	                  share_or_null(per, c->faulty_gain[CCTV_DETECTION]), "observation",
	                  share_or_null(per, c->faulty_gain[CCTV_OBSERVATION]), "recognition",
	                  share_or_null(per, c->faulty_gain[CCTV_RECOGNITION]), "identification",
	                  share_or_null(per, c->faulty_gain[CCTV_IDENTIFICATION]), "perimeter",
	                  share_or_null(per, c->faulty_gain_perimeter), "areas",
	                  (json_int_t)c->faulty_gain_aoi));
	json_object_set_new(o, "per_camera", cameras_json(j));
	return print_item(r, o, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15), 2);
}

/* ---- GeoJSON ---- */

/* A shape as a GeoJSON Polygon or MultiPolygon in WGS84 (lon, lat), each
 * ring closed; NULL in *out when it has no polygon. */
static int shape_geojson(struct run *r, const struct cctv_out_shape *sh, json_t **out)
{
	json_t *polys = json_array();

	*out = NULL;
	for (size_t i = 0; i < sh->n; i++) {
		json_t *rings = json_array();
		for (size_t k = 0; k < sh->polys[i].n_rings; k++) {
			const struct cctv_path *ring = &sh->polys[i].rings[k];
			json_t *pts = json_array();
			for (size_t m = 0; m <= ring->n; m++) {
				size_t q = m == ring->n ? 0 : m;
				double lat, lon;
				if (cctv_api->geo_to_latlon(r->host, ring->x[q], ring->y[q], &lat,
				                            &lon, r->errmsg) != SHOMER_OK) {
					json_decref(pts);
					json_decref(rings);
					json_decref(polys);
					return SHOMER_ERR;
				}
				json_array_append_new(pts, json_pack("[o, o]",
				                                     cctv_out_json_real(lon, 7),
				                                     cctv_out_json_real(lat, 7)));
			}
			json_array_append_new(rings, pts);
		}
		json_array_append_new(polys, rings);
	}
	if (json_array_size(polys) == 1)
		*out = json_pack("{s:s, s:O}", "type", "Polygon", "coordinates",
		                 json_array_get(polys, 0));
	else if (json_array_size(polys) > 1)
		*out = json_pack("{s:s, s:O}", "type", "MultiPolygon", "coordinates", polys);
	json_decref(polys);
	return SHOMER_OK;
}

static int feature(struct run *r, json_t *props, const struct cctv_out_shape *sh)
{
	json_t *geom;

	if (shape_geojson(r, sh, &geom) != SHOMER_OK) {
		json_decref(props);
		return SHOMER_ERR;
	}
	if (!geom) {
		json_decref(props);
		return SHOMER_OK;
	}
	return print_item(r,
	                  json_pack("{s:s, s:o, s:o}", "type", "Feature", "properties", props,
	                            "geometry", geom),
	                  JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15), 2);
}

static int geojson_site(struct run *r, const struct job *j)
{
	const char *site = j->scene.site_id;

	for (size_t i = 0; i < j->cov.n_cams && i < j->scene.n_cameras; i++) {
		const struct cctv_camera *cam = &j->scene.cameras[i];
		for (int l = 0; l < CCTV_N_LEVELS; l++) {
			size_t k = i * CCTV_N_LEVELS + (size_t)l;
			if (k >= j->n_views)
				continue;
			if (feature(r,
			            json_pack("{s:s, s:s, s:s, s:s, s:s}", "feature", "view",
			                      "site", site, "camera", cam->id ? cam->id : "",
			                      "status", cctv_status_name[cam->status], "level",
			                      cctv_level_name[l]),
			            &j->views[k]) != SHOMER_OK)
				return SHOMER_ERR;
		}
	}
	for (size_t i = 0; i < j->n_blind && i < j->cov.n_blind; i++)
		if (feature(r,
		            json_pack("{s:s, s:s, s:o}", "feature", "blind-spot", "site", site,
		                      "area_m2", cctv_out_json_real(j->cov.blind[i].area, 2)),
		            &j->blind[i]) != SHOMER_OK)
			return SHOMER_ERR;
	return SHOMER_OK;
}

/* ---- --check-raster ---- */

static void check_site(struct run *r, const struct job *j)
{
	double worst = 0;

	if (!j->cov.has_perimeter) {
		r->n_skipped++;
		return;
	}
	r->n_checked++;
	r->geos_s += j->geos_s;
	r->raster_s += j->raster_s;
	for (int l = 0; l < CCTV_N_LEVELS; l++)
		worst = fmax(worst, fabs(j->cov.share[l] - j->raster.share[l]));
	if (!r->worst || worst > r->max_diff) {
		r->max_diff = worst;
		free(r->worst);
		r->worst = strdup(j->scene.site_id);
	}
	r->max_perim_diff =
	        fmax(r->max_perim_diff, fabs(j->cov.perimeter_share - j->raster.perimeter_share));
}

static void check_print(const struct run *r)
{
	double n = r->n_checked ? (double)r->n_checked : 1;
	double g = 1e6 * r->geos_s / n, ras = 1e6 * r->raster_s / n;

	printf("sites %zu\n", r->n_checked);
	printf("geos-us-per-site %.1f\n", g);
	printf("raster-us-per-site %.1f\n", ras);
	printf("ratio %.2f\n", g > 0 ? ras / g : 0);
	printf("max-share-difference %.6f\n", r->max_diff);
	printf("worst-site %s\n", r->worst ? r->worst : "-");
	printf("max-perimeter-difference %.6f\n", r->max_perim_diff);
	printf("no-perimeter %zu\n", r->n_skipped);
}

/* ---- printing and storing a batch, in site order ---- */

static int svg_site(struct run *r, const struct job *j)
{
	char name[128];

	if (snprintf(name, sizeof(name), "%s.svg", j->scene.site_id) >= (int)sizeof(name))
		return cctv_out_fail(r->errmsg, SHOMER_ERR,
		                     "site id '%s' is too long for a file name", j->scene.site_id);
	return cctv_out_write_private(r->o->svg_dir, name, j->svg, j->svg_len, r->errmsg);
}

static int emit_job(struct run *r, const struct job *j)
{
	int rc = SHOMER_OK;

	if (j->err)
		return cctv_out_fail(r->errmsg, SHOMER_ERR, "site '%s': %s", j->scene.site_id,
		                     j->err);
	if (r->cfg.check) {
		check_site(r, j);
		return SHOMER_OK;
	}
	if (r->o->fmt == SHOMER_FMT_JSON)
		rc = json_site(r, j);
	else if (r->o->fmt == SHOMER_FMT_GEOJSON)
		rc = geojson_site(r, j);
	else
		table_site(r, j);
	if (rc == SHOMER_OK && j->svg)
		rc = svg_site(r, j);
	if (rc == SHOMER_OK && r->store)
		rc = store_site(r, j);
	return rc;
}

static void batch_release(struct job *jobs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		job_release(&jobs[i]);
}

/*
 * Waits for the batch computing, hands the batch just loaded to the
 * workers, then prints and stores the finished one while they compute:
 * the workers never wait for this thread's output.
 */
static int rotate(struct run *r)
{
	struct job *done = r->busy;
	size_t n_done = r->n_busy;
	int rc = SHOMER_OK;
	double t0 = cctv_out_clock();

	if (n_done)
		pool_wait(&r->pool);
	r->wait_s += cctv_out_clock() - t0;
	r->busy = r->fill;
	r->n_busy = r->n_fill;
	if (r->n_busy)
		pool_submit(&r->pool, r->busy, r->n_busy);
	t0 = cctv_out_clock();
	for (size_t i = 0; i < n_done && rc == SHOMER_OK; i++)
		rc = emit_job(r, &done[i]);
	r->emit_s += cctv_out_clock() - t0;
	r->emitted += n_done;
	batch_release(done, n_done);
	r->fill = done;
	r->n_fill = 0;
	if (rc == SHOMER_OK && n_done)
		cctv_api->progress(r->host, "computing coverage", r->emitted, r->total);
	return rc;
}

/* splitmix64 (Steele, Lea and Flood 2014): the sample must be the same for
 * the same seed on every machine. */
static uint64_t splitmix(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static int on_scene(void *ud, const struct shomer_site *site, struct cctv_scene *s, int *kept)
{
	struct run *r = ud;
	struct job *j;

	(void)site;
	if (r->cfg.check && r->o->sample < 1 &&
	    (double)(splitmix(&r->rng) >> 11) * 0x1.0p-53 >= r->o->sample)
		return SHOMER_OK;
	j = &r->fill[r->n_fill++];
	memset(j, 0, sizeof(*j));
	j->scene = *s; /* its contents are ours now */
	*kept = 1;
	if (r->n_fill == COV_BATCH && rotate(r) != SHOMER_OK)
		return STOP;
	return SHOMER_OK;
}

static int begin_output(struct run *r)
{
	if (r->cfg.check)
		return SHOMER_OK;
	if (r->o->fmt == SHOMER_FMT_JSON)
		fputs("[", stdout);
	else if (r->o->fmt == SHOMER_FMT_GEOJSON)
		fputs("{\"type\": \"FeatureCollection\", \"features\": [", stdout);
	else
		r->table = cctv_api->table_new(table_cols, table_kinds, N_TABLE_COLS);
	return SHOMER_OK;
}

static int end_output(struct run *r)
{
	if (r->cfg.check)
		check_print(r);
	else if (r->o->fmt == SHOMER_FMT_JSON)
		fputs(r->n_out ? "\n]\n" : "]\n", stdout);
	else if (r->o->fmt == SHOMER_FMT_GEOJSON)
		fputs(r->n_out ? "\n]}\n" : "]}\n", stdout);
	else if (cctv_api->table_print(r->table, r->o->fmt, stdout, r->errmsg) != SHOMER_OK)
		return SHOMER_ERR;
	if (fflush(stdout) != 0 || ferror(stdout))
		return cctv_out_fail(r->errmsg, SHOMER_ERR, "cannot write the output");
	return SHOMER_OK;
}

/* Loads, computes, prints and stores; SHOMER_OK or SHOMER_ERR. */
static int run_all(struct run *r)
{
	int rc;

	double t0 = cctv_out_clock();

	rc = cctv_scenes_load(r->host, (const char *const *)r->o->ids, r->o->n_ids, on_scene, r,
	                      r->errmsg);
	if (rc == SHOMER_OK)
		rc = rotate(r); /* the last full batch out, the rest in */
	if (rc == SHOMER_OK)
		rc = rotate(r); /* and out */
	cctv_api->log(r->host, SHOMER_LOG_DEBUG,
	              "loaded, computed and printed %zu sites in %.3f s: waited %.3f s for the "
	              "workers, printed and stored in %.3f s",
	              r->emitted, cctv_out_clock() - t0, r->wait_s, r->emit_s);
	/* after a failure: let the workers finish before anything is freed */
	if (r->n_busy)
		pool_wait(&r->pool);
	batch_release(r->busy, r->n_busy);
	batch_release(r->fill, r->n_fill);
	r->n_busy = r->n_fill = 0;
	return rc == SHOMER_OK ? SHOMER_OK : SHOMER_ERR;
}

static int coverage_run(struct shomer_host *host, void *ud, int argc, char **argv, char **errmsg)
{
	struct cov_opts o;
	struct run r;
	int rc, saved = 0;
	double t0 = cctv_out_clock();

	(void)ud;
	rc = parse_opts(argc, argv, &o, errmsg);
	if (rc != SHOMER_EXIT_OK)
		return rc;
	for (size_t i = 0; i < o.n_ids; i++)
		if (cctv_out_site_exists(host, o.ids[i], errmsg) != SHOMER_OK)
			return SHOMER_EXIT_REJECTED;
	if (o.svg_dir && cctv_out_prepare_dir(o.svg_dir, errmsg) != SHOMER_OK)
		return SHOMER_EXIT_FAILED;

	memset(&r, 0, sizeof(r));
	r.host = host;
	r.o = &o;
	r.errmsg = errmsg;
	r.total = o.n_ids;
	r.rng = (uint64_t)o.seed;
	cctv_params_default(&r.cfg.p);
	r.cfg.p.night = o.night;
	/* JSON prints every camera's and area's figure at every level */
	r.cfg.p.detail = o.fmt == SHOMER_FMT_JSON;
	r.cfg.geojson = o.fmt == SHOMER_FMT_GEOJSON && !o.check;
	r.cfg.svg_dir = o.svg_dir;
	r.cfg.keep = r.cfg.geojson || o.svg_dir;
	r.cfg.check = o.check;
	r.cfg.cell = o.cell;
	r.store = !o.night && !o.check;
	/* libxml2 wants its first use on the main thread; the workers draw */
	if (o.svg_dir)
		xmlInitParser();
	r.fill = calloc(COV_BATCH, sizeof(*r.fill));
	r.busy = calloc(COV_BATCH, sizeof(*r.busy));
	if (!r.fill || !r.busy || pool_start(&r.pool, &r.cfg) != 0) {
		free(r.fill);
		free(r.busy);
		return cctv_out_fail(errmsg, SHOMER_EXIT_FAILED,
		                     "out of memory starting the workers");
	}
	if (r.pool.n_threads < COV_THREADS)
		cctv_api->log(host, SHOMER_LOG_WARN, "could not start %d worker threads, using %zu",
		              COV_THREADS, r.pool.n_threads);

	/* every site's attributes, or none */
	rc = r.store ? cctv_api->db_savepoint(host, "cctv_coverage", errmsg) : SHOMER_OK;
	saved = r.store && rc == SHOMER_OK;
	if (rc == SHOMER_OK)
		rc = begin_output(&r);
	if (rc == SHOMER_OK)
		rc = run_all(&r);
	if (rc == SHOMER_OK)
		rc = end_output(&r);
	if (saved && rc == SHOMER_OK)
		rc = cctv_api->db_release(host, "cctv_coverage", errmsg);
	else if (saved) {
		cctv_api->db_rollback_to(host, "cctv_coverage", NULL);
		cctv_api->db_release(host, "cctv_coverage", NULL);
	}
	pool_stop(&r.pool);
	if (r.table)
		cctv_api->table_free(r.table);
	free(r.fill);
	free(r.busy);
	free(r.worst);
	cctv_api->log(host, SHOMER_LOG_DEBUG, "coverage of %zu sites in %.3f s", r.emitted,
	              cctv_out_clock() - t0);
	return rc == SHOMER_OK ? SHOMER_EXIT_OK : SHOMER_EXIT_FAILED;
}

const struct shomer_command cctv_coverage_cmd = {
        .size = sizeof(struct shomer_command),
        .group = "cctv",
        .verb = "coverage",
        .usage = "[SITE...] [--night] [--format table|csv|json|geojson] [--svg DIR]",
        .summary = "what each site's cameras see; stores the cctv.coverage.* attributes",
        .run = coverage_run,
        .ud = NULL,
};
