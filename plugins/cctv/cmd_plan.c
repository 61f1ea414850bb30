/*
 * cmd_plan.c - `shomer cctv plan`: where a site's next cameras should go.
 *
 *   shomer cctv plan SITE --add N [--level detection|observation|recognition|identification]
 *                   [--cost-per-camera AMOUNT] [--format table|json|xml]
 *
 * Runs the greedy planner (plan.h) for N new cameras at the level (by
 * default recognition, the quality that names an intruder), then measures
 * the site with the geometry (coverage.h) before and after, the proposed
 * cameras counted as working: the share of the outdoor area seen at the
 * level, the perimeter seen (at detection, what a perimeter needs) and the
 * areas of interest covered at the level each needs.  Each camera is
 * shown with what it adds, measured after the ones before it.
 *
 * --format xml writes the proposal as a <cameras> document (status
 * "planned") that `shomer import` reads back.  Its camera ids are "P1",
 * "P2", ... skipping any id the site already has, so that importing a
 * second plan adds to the first instead of overwriting it.
 *
 * The cost is counted in pence, never in floating point: AMOUNT is pounds
 * with at most two decimals, and the total is cameras x AMOUNT.
 */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <libxml/xmlwriter.h>

#include "cmds.h"
#include "coverage.h"
#include "out.h"
#include "plan.h"
#include "records.h"

#include "banned.h"

#define MAX_ADD  100
#define CURRENCY "GBP"

enum plan_fmt { PLAN_TABLE, PLAN_JSON, PLAN_XML };

struct plan_cli {
	const char *site;
	long add;
	enum cctv_level level;
	int has_cost;
	int64_t pence;
	enum plan_fmt fmt;
};

static int parse_opts(int argc, char **argv, struct plan_cli *o, char **errmsg)
{
	static const struct option longs[] = {
	        {"add", required_argument, NULL, 'a'},
	        {"level", required_argument, NULL, 'l'},
	        {"cost-per-camera", required_argument, NULL, 'c'},
	        {"format", required_argument, NULL, 'f'},
	        {NULL, 0, NULL, 0},
	};
	int c, lv;

	memset(o, 0, sizeof(*o));
	o->level = CCTV_RECOGNITION;
	o->fmt = PLAN_TABLE;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", longs, NULL)) != -1) {
		switch (c) {
		case 'a':
			if (cctv_out_parse_long(optarg, 1, MAX_ADD, &o->add))
				return cctv_out_fail(
				        errmsg, SHOMER_EXIT_USAGE,
				        "--add '%s' is not a number of cameras from 1 to %d",
				        optarg, MAX_ADD);
			break;
		case 'l':
			lv = cctv_level_from_name(optarg);
			if (lv < 0)
				return cctv_out_fail(
				        errmsg, SHOMER_EXIT_USAGE,
				        "unknown level '%s' (use detection, observation, "
				        "recognition or identification)",
				        optarg);
			o->level = (enum cctv_level)lv;
			break;
		case 'c':
			if (cctv_api->money_parse(optarg, &o->pence) != SHOMER_OK)
				return cctv_out_fail(
				        errmsg, SHOMER_EXIT_USAGE,
				        "--cost-per-camera '%s' is not an amount of pounds "
				        "with at most two decimals, such as 1234.56",
				        optarg);
			o->has_cost = 1;
			break;
		case 'f':
			if (!strcmp(optarg, "table"))
				o->fmt = PLAN_TABLE;
			else if (!strcmp(optarg, "json"))
				o->fmt = PLAN_JSON;
			else if (!strcmp(optarg, "xml"))
				o->fmt = PLAN_XML;
			else
				return cctv_out_fail(errmsg, SHOMER_EXIT_USAGE,
				                     "unknown format '%s' (use table, json or xml)",
				                     optarg);
			break;
		default: return cctv_out_usage(errmsg, c, argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return cctv_out_fail(errmsg, SHOMER_EXIT_USAGE, "which site? give one site id");
	o->site = argv[optind];
	if (optind + 1 < argc)
		return cctv_out_fail(errmsg, SHOMER_EXIT_USAGE, "unexpected argument '%s'",
		                     argv[optind + 1]);
	if (!o->add)
		return cctv_out_fail(errmsg, SHOMER_EXIT_USAGE,
		                     "--add N is required: how many cameras to add");
	return SHOMER_EXIT_OK;
}

/* ---- the site's scene ---- */

struct one_scene {
	struct cctv_scene s;
	int got;
};

static int keep_scene(void *ud, const struct shomer_site *site, struct cctv_scene *s, int *kept)
{
	struct one_scene *o = ud;

	(void)site;
	if (o->got)
		return SHOMER_OK;
	o->s = *s; /* its contents are ours now */
	o->got = 1;
	*kept = 1;
	return SHOMER_OK;
}

/* ---- the plan and its coverage ---- */

/* Coverage at the plan's level with some of the picks. */
struct step {
	double share;     /* of the outdoor area, at the level */
	double perimeter; /* seen at detection */
	size_t covered, n_aoi;
};

struct plan_run {
	struct shomer_host *host;
	const struct plan_cli *o;
	struct cctv_scene scene;
	struct cctv_params p;
	struct cctv_plan_opts po;
	struct cctv_plan plan;
	int loaded, planned;
	char (*ids)[24];    /* the picks' ids as printed */
	struct step *steps; /* steps[i]: with the first i picks; plan.n + 1 */
	double *lat, *lon;  /* the picks' positions */
};

static void plan_run_release(struct plan_run *r)
{
	if (r->planned)
		cctv_plan_release(&r->plan);
	if (r->loaded)
		cctv_scene_release(&r->scene);
	free(r->ids);
	free(r->steps);
	free(r->lat);
	free(r->lon);
}

static int id_taken(const struct plan_run *r, const char *id, size_t n_named)
{
	for (size_t i = 0; i < r->scene.n_cameras; i++)
		if (r->scene.cameras[i].id && !strcmp(r->scene.cameras[i].id, id))
			return 1;
	for (size_t i = 0; i < n_named; i++)
		if (!strcmp(r->ids[i], id))
			return 1;
	return 0;
}

/* "P1", "P2", ... not used by the site's cameras nor an earlier pick. */
static void name_picks(struct plan_run *r)
{
	unsigned long k = 1;

	for (size_t i = 0; i < r->plan.n; i++) {
		do
			snprintf(r->ids[i], sizeof(r->ids[i]), "P%lu", k++);
		while (id_taken(r, r->ids[i], i));
	}
}

/* The coverage with the first 0, 1, ... n picks, each counted as working. */
static int measure_steps(struct plan_run *r, char **errmsg)
{
	struct cctv_out_geos gx;
	struct cctv_scene sc = r->scene;
	struct cctv_camera *cams;
	size_t n0 = r->scene.n_cameras;
	int rc = SHOMER_OK;

	cams = malloc((n0 + r->plan.n + 1) * sizeof(*cams));
	if (!cams)
		return cctv_out_fail(errmsg, SHOMER_ERR, "out of memory");
	if (cctv_out_geos_init(&gx) != 0) {
		free(cams);
		return cctv_out_fail(errmsg, SHOMER_ERR, "cannot start a GEOS context");
	}
	if (n0)
		memcpy(cams, r->scene.cameras, n0 * sizeof(*cams));
	for (size_t i = 0; i < r->plan.n; i++) {
		cams[n0 + i] = r->plan.picks[i].cam;
		cams[n0 + i].id = r->ids[i];
		cams[n0 + i].status = CCTV_WORKING;
	}
	sc.cameras = cams;
	for (size_t i = 0; i <= r->plan.n && rc == SHOMER_OK; i++) {
		struct cctv_coverage c;
		char *err = NULL;
		memset(&c, 0, sizeof(c));
		sc.n_cameras = n0 + i;
		if (cctv_coverage_compute(gx.g, &sc, &r->p, 0, &c, &err) != 0) {
			rc = cctv_out_fail(errmsg, SHOMER_ERR, "coverage of site '%s': %s",
			                   r->scene.site_id,
			                   err         ? err
			                   : *gx.error ? gx.error
			                               : "the geometry failed");
			free(err);
			break;
		}
		r->steps[i].share = c.share[r->o->level];
		r->steps[i].perimeter = c.perimeter_share;
		r->steps[i].covered = c.n_aoi_covered;
		r->steps[i].n_aoi = c.n_aoi;
		cctv_coverage_release(gx.g, &c);
	}
	cctv_out_geos_finish(&gx);
	free(cams);
	return rc;
}

static int plan_compute(struct plan_run *r, char **errmsg)
{
	struct one_scene one;
	const char *ids[1];
	char *err = NULL;
	size_t n;

	ids[0] = r->o->site;
	memset(&one, 0, sizeof(one));
	if (cctv_scenes_load(r->host, ids, 1, keep_scene, &one, errmsg) != SHOMER_OK)
		return SHOMER_EXIT_FAILED;
	if (!one.got)
		return cctv_out_fail(errmsg, SHOMER_EXIT_REJECTED, "no site '%s'", r->o->site);
	r->scene = one.s;
	r->loaded = 1;
	if (r->scene.perimeter.n == 0)
		return cctv_out_fail(errmsg, SHOMER_EXIT_REJECTED,
		                     "site '%s' has no perimeter: there is no ground to plan for",
		                     r->o->site);
	cctv_params_default(&r->p);
	cctv_plan_opts_default(&r->po);
	r->po.add = r->o->add;
	r->po.level = r->o->level;
	if (cctv_plan_run(&r->scene, &r->p, &r->po, &r->plan, &err) != 0) {
		cctv_out_fail(errmsg, SHOMER_EXIT_FAILED, "planning site '%s': %s", r->o->site,
		              err ? err : "out of memory");
		free(err);
		return SHOMER_EXIT_FAILED;
	}
	r->planned = 1;
	n = r->plan.n;
	r->ids = calloc(n + 1, sizeof(*r->ids));
	r->steps = calloc(n + 1, sizeof(*r->steps));
	r->lat = calloc(n + 1, sizeof(double));
	r->lon = calloc(n + 1, sizeof(double));
	if (!r->ids || !r->steps || !r->lat || !r->lon)
		return cctv_out_fail(errmsg, SHOMER_EXIT_FAILED, "out of memory");
	name_picks(r);
	for (size_t i = 0; i < n; i++)
		if (cctv_api->geo_to_latlon(r->host, r->plan.picks[i].cam.x, r->plan.picks[i].cam.y,
		                            &r->lat[i], &r->lon[i], errmsg) != SHOMER_OK)
			return SHOMER_EXIT_FAILED;
	if (measure_steps(r, errmsg) != SHOMER_OK)
		return SHOMER_EXIT_FAILED;
	return SHOMER_EXIT_OK;
}

/* ---- figures every format shows ---- */

/* What the greedy plan is sure to reach, as a share of the best possible:
 * worth / bound (the bound is at least the best), or the 1 - 1/e every
 * greedy maximum coverage reaches (Nemhauser, Wolsey and Fisher 1978),
 * whichever is higher; rounded down, so that "at least" stays true. */
static double at_least(const struct cctv_plan *pl)
{
	double ratio = pl->bound > 0 ? pl->worth / pl->bound : 1;
	double best = fmax(fmin(ratio, 1), 1 - exp(-1));

	return floor(best * 1000) / 1000;
}

static void model_text(const struct cctv_camera *c, char *buf, size_t n)
{
	snprintf(buf, n, "%s %ldpx %gdeg @%gm", cctv_type_name[c->type], c->pixels, c->fov,
	         c->height);
}

static double bearing_norm(double b)
{
	b = fmod(b, 360);
	return b < 0 ? b + 360 : b;
}

static long areas_added(const struct plan_run *r, size_t i)
{
	return (long)r->steps[i + 1].covered - (long)r->steps[i].covered;
}

/* ---- table ---- */

static void print_summary(const struct plan_run *r)
{
	const struct step *b = &r->steps[0], *a = &r->steps[r->plan.n];
	const char *level = cctv_level_name[r->o->level];
	char cb[32], ca[32];

	printf("plan for site %s: %zu camera%s for %s (%g px/m), chosen from %zu candidate "
	       "mounts\n",
	       r->o->site, r->plan.n, r->plan.n == 1 ? "" : "s", level, cctv_level_ppm[r->o->level],
	       r->plan.n_candidates);
	if (r->plan.n < (size_t)r->o->add)
		printf("only %zu of the %ld cameras asked for add anything\n", r->plan.n,
		       r->o->add);
	printf("\n%-22s %9s %9s\n", "coverage", "before", "after");
	printf("%-22s %8.2f%% %8.2f%%\n", level, 100 * b->share, 100 * a->share);
	printf("%-22s %8.2f%% %8.2f%%\n", "perimeter (detection)", 100 * b->perimeter,
	       100 * a->perimeter);
	snprintf(cb, sizeof(cb), "%zu/%zu", b->covered, b->n_aoi);
	snprintf(ca, sizeof(ca), "%zu/%zu", a->covered, a->n_aoi);
	printf("%-22s %9s %9s\n\n", "areas covered", cb, ca);
}

static int print_cameras(const struct plan_run *r, char **errmsg)
{
	static const char *const cols[] = {"id",          "east m",       "north m", "lat",
	                                   "lon",         "bearing",      "model",   "adds m2",
	                                   "in areas m2", "areas covered"};
	static const enum shomer_col kinds[] = {
	        SHOMER_COL_TEXT,   SHOMER_COL_NUMBER, SHOMER_COL_NUMBER, SHOMER_COL_NUMBER,
	        SHOMER_COL_NUMBER, SHOMER_COL_NUMBER, SHOMER_COL_TEXT,   SHOMER_COL_NUMBER,
	        SHOMER_COL_NUMBER, SHOMER_COL_NUMBER};
	struct shomer_table *t = cctv_api->table_new(cols, kinds, sizeof(cols) / sizeof(cols[0]));
	int rc;

	for (size_t i = 0; i < r->plan.n; i++) {
		const struct cctv_plan_pick *pk = &r->plan.picks[i];
		char v[9][48];
		snprintf(v[0], sizeof(v[0]), "%.2f", pk->cam.x - r->scene.site_x);
		snprintf(v[1], sizeof(v[1]), "%.2f", pk->cam.y - r->scene.site_y);
		snprintf(v[2], sizeof(v[2]), "%.6f", r->lat[i]);
		snprintf(v[3], sizeof(v[3]), "%.6f", r->lon[i]);
		snprintf(v[4], sizeof(v[4]), "%.1f", bearing_norm(pk->cam.bearing));
		model_text(&pk->cam, v[5], sizeof(v[5]));
		snprintf(v[6], sizeof(v[6]), "%.1f", pk->gain_m2);
		snprintf(v[7], sizeof(v[7]), "%.1f", pk->gain_aoi_m2);
		snprintf(v[8], sizeof(v[8]), "%+ld", areas_added(r, i));
		const char *cells[] = {r->ids[i], v[0], v[1], v[2], v[3],
		                       v[4],      v[5], v[6], v[7], v[8]};
		cctv_api->table_row(t, cells);
	}
	rc = cctv_api->table_print(t, SHOMER_FMT_TABLE, stdout, errmsg);
	cctv_api->table_free(t);
	return rc;
}

static int print_table(const struct plan_run *r, char **errmsg)
{
	char each[32], total[32];

	print_summary(r);
	if (r->plan.n && print_cameras(r, errmsg) != SHOMER_OK)
		return SHOMER_ERR;
	printf("\nbound: greedy reaches at least %.1f%% of the best possible (worth %.1f; no "
	       "%zu of the candidates reach more than %.1f)\n",
	       100 * at_least(&r->plan), r->plan.worth, r->plan.n, r->plan.bound);
	if (r->o->has_cost) {
		cctv_api->money_format(r->o->pence, each, sizeof(each));
		cctv_api->money_format(r->o->pence * (int64_t)r->plan.n, total, sizeof(total));
		printf("estimated cost: %zu x %s %s = %s %s\n", r->plan.n, each, CURRENCY, total,
		       CURRENCY);
	}
	return SHOMER_OK;
}

/* ---- JSON ---- */

static json_t *step_json(const struct step *s)
{
	return json_pack("{s:o, s:o, s:I, s:I}", "share", cctv_out_json_real(s->share, 4),
	                 "perimeter_share", cctv_out_json_real(s->perimeter, 4), "areas_covered",
	                 (json_int_t)s->covered, "areas", (json_int_t)s->n_aoi);
}

static json_t *camera_json(const struct plan_run *r, size_t i)
{
	const struct cctv_plan_pick *pk = &r->plan.picks[i];
	json_t *o = json_object();

	json_object_set_new(o, "id", json_string(r->ids[i]));
	json_object_set_new(o, "east_m", cctv_out_json_real(pk->cam.x - r->scene.site_x, 2));
	json_object_set_new(o, "north_m", cctv_out_json_real(pk->cam.y - r->scene.site_y, 2));
	json_object_set_new(o, "lat", cctv_out_json_real(r->lat[i], 7));
	json_object_set_new(o, "lon", cctv_out_json_real(r->lon[i], 7));
	json_object_set_new(o, "bearing", cctv_out_json_real(bearing_norm(pk->cam.bearing), 2));
	json_object_set_new(o, "type", json_string(cctv_type_name[pk->cam.type]));
	json_object_set_new(o, "height_m", cctv_out_json_real(pk->cam.height, 2));
	json_object_set_new(o, "fov_deg", cctv_out_json_real(pk->cam.fov, 2));
	json_object_set_new(o, "pixels", json_integer(pk->cam.pixels));
	json_object_set_new(o, "ir_range_m", cctv_out_json_real(pk->cam.ir_range, 1));
	json_object_set_new(o, "gain", cctv_out_json_real(pk->gain, 2));
	json_object_set_new(o, "gain_m2", cctv_out_json_real(pk->gain_m2, 2));
	json_object_set_new(o, "gain_aoi_m2", cctv_out_json_real(pk->gain_aoi_m2, 2));
	json_object_set_new(o, "areas_covered_added", json_integer(areas_added(r, i)));
	return o;
}

static int print_json(const struct plan_run *r, char **errmsg)
{
	json_t *o = json_object(), *cams = json_array(), *cost = json_null();
	int rc;

	for (size_t i = 0; i < r->plan.n; i++)
		json_array_append_new(cams, camera_json(r, i));
	if (r->o->has_cost) {
		char each[32], total[32];
		int64_t t = r->o->pence * (int64_t)r->plan.n;
		cctv_api->money_format(r->o->pence, each, sizeof(each));
		cctv_api->money_format(t, total, sizeof(total));
		json_decref(cost);
		cost = json_pack("{s:s, s:I, s:s, s:I, s:s}", "per_camera", each, "cameras",
		                 (json_int_t)r->plan.n, "total", total, "total_pence",
		                 (json_int_t)t, "currency", CURRENCY);
	}
	json_object_set_new(o, "site", json_string(r->o->site));
	json_object_set_new(o, "level", json_string(cctv_level_name[r->o->level]));
	json_object_set_new(o, "asked", json_integer(r->o->add));
	json_object_set_new(o, "proposed", json_integer((json_int_t)r->plan.n));
	json_object_set_new(o, "candidates", json_integer((json_int_t)r->plan.n_candidates));
	json_object_set_new(o, "before", step_json(&r->steps[0]));
	json_object_set_new(o, "after", step_json(&r->steps[r->plan.n]));
	json_object_set_new(o, "cameras", cams);
	json_object_set_new(o, "worth", cctv_out_json_real(r->plan.worth, 2));
	json_object_set_new(o, "bound", cctv_out_json_real(r->plan.bound, 2));
	json_object_set_new(o, "at_least", cctv_out_json_real(at_least(&r->plan), 3));
	json_object_set_new(o, "cost", cost ? cost : json_null());
	rc = json_dumpf(o, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
	json_decref(o);
	if (rc || fputc('\n', stdout) == EOF)
		return cctv_out_fail(errmsg, SHOMER_ERR, "cannot write the output");
	return SHOMER_OK;
}

/* ---- XML: a <cameras> document `shomer import` reads ---- */

struct xw {
	xmlTextWriterPtr w;
	int err;
};

static void x_start(struct xw *x, const char *name)
{
	if (!x->err && xmlTextWriterStartElement(x->w, BAD_CAST name) < 0)
		x->err = 1;
}

static void x_end(struct xw *x)
{
	if (!x->err && xmlTextWriterEndElement(x->w) < 0)
		x->err = 1;
}

static void x_attr(struct xw *x, const char *name, const char *value)
{
	if (!x->err && xmlTextWriterWriteAttribute(x->w, BAD_CAST name, BAD_CAST value) < 0)
		x->err = 1;
}

static void x_text(struct xw *x, const char *s)
{
	if (!x->err && xmlTextWriterWriteString(x->w, BAD_CAST s) < 0)
		x->err = 1;
}

/* A decimal as the schema's xs:decimal wants it: fixed point, no exponent. */
static void x_num(struct xw *x, const char *name, double v, int decimals)
{
	char buf[64];

	snprintf(buf, sizeof(buf), "%.*f", decimals, v);
	x_attr(x, name, buf);
}

static void xml_camera(struct xw *x, const struct plan_run *r, size_t i)
{
	const struct cctv_plan_pick *pk = &r->plan.picks[i];
	char buf[64], note[200];

	x_start(x, "camera");
	x_attr(x, "id", r->ids[i]);
	x_attr(x, "site", r->o->site);
	x_attr(x, "type", cctv_type_name[pk->cam.type]);
	x_attr(x, "status", "planned");
	x_start(x, "point");
	/* nine decimals of a degree: a tenth of a millimetre */
	x_num(x, "lat", r->lat[i], 9);
	x_num(x, "lon", r->lon[i], 9);
	x_end(x);
	x_start(x, "mount");
	x_num(x, "height", pk->cam.height, 2);
	/* the schema wants [0, 360): 359.9996 must not print as 360.000 */
	snprintf(buf, sizeof(buf), "%.3f", bearing_norm(pk->cam.bearing));
	x_attr(x, "bearing", strcmp(buf, "360.000") ? buf : "0.000");
	x_end(x);
	x_start(x, "fov");
	x_num(x, "degrees", pk->cam.fov, 3);
	x_end(x);
	x_start(x, "resolution");
	snprintf(buf, sizeof(buf), "%ld", pk->cam.pixels);
	x_attr(x, "horizontal", buf);
	x_end(x);
	if (pk->cam.ir_range > 0) {
		x_start(x, "ir");
		x_num(x, "range", pk->cam.ir_range, 1);
		x_end(x);
	}
	x_start(x, "note");
	snprintf(note, sizeof(note), "proposed by shomer cctv plan for %s: adds %.1f m2",
	         cctv_level_name[r->o->level], pk->gain_m2);
	x_text(x, note);
	x_end(x);
	x_end(x); /* camera */
}

static int print_xml(const struct plan_run *r, char **errmsg)
{
	xmlBufferPtr buf = xmlBufferCreate();
	struct xw x = {NULL, 0};
	int rc = SHOMER_ERR;

	if (buf)
		x.w = xmlNewTextWriterMemory(buf, 0);
	if (!x.w) {
		if (buf)
			xmlBufferFree(buf);
		return cctv_out_fail(errmsg, SHOMER_ERR, "out of memory writing the xml");
	}
	if (xmlTextWriterStartDocument(x.w, NULL, "UTF-8", NULL) < 0)
		x.err = 1;
	xmlTextWriterSetIndent(x.w, 1);
	xmlTextWriterSetIndentString(x.w, BAD_CAST "  ");
	x_start(&x, "cameras");
	x_attr(&x, "xmlns", CCTV_NS);
	for (size_t i = 0; i < r->plan.n; i++)
		xml_camera(&x, r, i);
	x_end(&x);
	if (!x.err && xmlTextWriterEndDocument(x.w) < 0)
		x.err = 1;
	xmlFreeTextWriter(x.w);
	if (x.err)
		cctv_out_fail(errmsg, SHOMER_ERR, "cannot write the xml");
	else if (fwrite(xmlBufferContent(buf), 1, (size_t)xmlBufferLength(buf), stdout) !=
	         (size_t)xmlBufferLength(buf))
		cctv_out_fail(errmsg, SHOMER_ERR, "cannot write the output");
	else
		rc = SHOMER_OK;
	xmlBufferFree(buf);
	return rc;
}

/* ---- the command ---- */

static int plan_cmd_run(struct shomer_host *host, void *ud, int argc, char **argv, char **errmsg)
{
	struct plan_cli o;
	struct plan_run r;
	int rc;

	(void)ud;
	rc = parse_opts(argc, argv, &o, errmsg);
	if (rc != SHOMER_EXIT_OK)
		return rc;
	if (cctv_out_site_exists(host, o.site, errmsg) != SHOMER_OK)
		return SHOMER_EXIT_REJECTED;
	memset(&r, 0, sizeof(r));
	r.host = host;
	r.o = &o;
	rc = plan_compute(&r, errmsg);
	if (rc == SHOMER_EXIT_OK) {
		int out = o.fmt == PLAN_XML    ? print_xml(&r, errmsg)
		          : o.fmt == PLAN_JSON ? print_json(&r, errmsg)
		                               : print_table(&r, errmsg);
		if (out == SHOMER_OK && (fflush(stdout) != 0 || ferror(stdout)))
			out = cctv_out_fail(errmsg, SHOMER_ERR, "cannot write the output");
		rc = out == SHOMER_OK ? SHOMER_EXIT_OK : SHOMER_EXIT_FAILED;
	}
	plan_run_release(&r);
	return rc;
}

const struct shomer_command cctv_plan_cmd = {
        .size = sizeof(struct shomer_command),
        .group = "cctv",
        .verb = "plan",
        .usage = "SITE --add N [--level detection|observation|recognition|identification] "
                 "[--cost-per-camera AMOUNT] [--format table|json|xml]",
        .summary = "where a site's next N cameras should go, what they add and cost",
        .run = plan_cmd_run,
        .ud = NULL,
};
