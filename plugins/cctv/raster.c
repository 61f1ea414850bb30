/*
 * raster.c - see raster.h.
 *
 * Deliberately plain: every lattice point is classified with an even-odd
 * crossing test against the perimeter and the occluder polygons of vis.c,
 * then asked of the working cameras through cctv_vis_sees.  The only
 * shortcuts are ones that cannot change an answer: a camera whose reach
 * circle misses the point is not asked; once a camera has refused a point
 * surely within the reach asked, its longer reaches are not asked either
 * (field of view and occlusion do not depend on the reach); and the
 * occluder polygons are not tested where their boxes say the point is
 * outside.
 *
 * A nonpositive or non-finite cell also returns -1: there is no lattice to
 * sample.
 */
#include "raster.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "vis.h"

#include "banned.h"

/* A working camera, where vis.c takes it to stand (cctv_vis_stand: the
 * reach is measured from there), and how far it reaches along the ground
 * at each level (the reach shrinks as the level rises). */
struct rcam {
	const struct cctv_camera *c;
	double sx, sy;
	double reach[CCTV_N_LEVELS];
};

struct rctx {
	const struct cctv_occluders *o;
	const struct cctv_path *perimeter;
	double site[4]; /* the perimeter's box: minx, miny, maxx, maxy */
	const struct rcam *cams;
	size_t n_cams;
};

/* Inside the perimeter and outside every building and wall rectangle. */
static int outdoor(const struct rctx *k, double x, double y)
{
	return cctv_box_has(k->site, x, y) && cctv_occluders_outdoor(k->o, k->perimeter, x, y);
}

/*
 * The highest level at which some working camera sees (x, y), or -1.
 *
 * Per camera, the highest level whose reach the point may be within is
 * asked first.  A refusal from a camera the point is surely within reach
 * of means the point is outside its field of view or hidden, neither of
 * which depends on the reach, so its lower levels (longer reaches) are not
 * asked; near the rim they are, so that the answer is cctv_vis_sees's own.
 */
static int point_level(const struct rctx *k, double x, double y)
{
	int best = -1;

	for (size_t c = 0; c < k->n_cams && best < CCTV_N_LEVELS - 1; c++) {
		const struct rcam *rc = &k->cams[c];
		double d = hypot(x - rc->sx, y - rc->sy);

		for (int L = CCTV_N_LEVELS - 1; L > best; L--) {
			double r = rc->reach[L];

			if (!(r > 0) || d > r * (1 + 1e-9) + 1e-9)
				continue;
			if (cctv_vis_sees(k->o, rc->c, r, x, y)) {
				best = L;
				break;
			}
			if (d < r * (1 - 1e-9))
				break;
		}
	}
	return best;
}

/* Does a working camera see (x, y) at detection? */
static int seen_at_detection(const struct rctx *k, double x, double y)
{
	for (size_t c = 0; c < k->n_cams; c++) {
		const struct rcam *rc = &k->cams[c];
		double r = rc->reach[CCTV_DETECTION];

		if (!(r > 0) || hypot(x - rc->sx, y - rc->sy) > r * (1 + 1e-9) + 1e-9)
			continue;
		if (cctv_vis_sees(k->o, rc->c, r, x, y))
			return 1;
	}
	return 0;
}

/* Points every `cell` metres of arc length along the closed ring, from its
 * first vertex. */
static double perimeter_share(const struct rctx *k, double cell)
{
	const struct cctv_path *r = k->perimeter;
	size_t total = 0, seen = 0, next = 0;
	double t0 = 0;

	for (size_t i = 0; i < r->n; i++) {
		size_t j = (i + 1) % r->n;
		double ex = r->x[j] - r->x[i], ey = r->y[j] - r->y[i];
		double len = hypot(ex, ey);

		for (; (double)next * cell < t0 + len; next++) {
			double f = ((double)next * cell - t0) / len;
			double x = r->x[i] + f * ex, y = r->y[i] + f * ey;

			total++;
			seen += (size_t)seen_at_detection(k, x, y);
		}
		t0 += len;
	}
	return total ? (double)seen / (double)total : 0.0;
}

static void sample_site(const struct rctx *k, double cell, struct cctv_raster *out)
{
	size_t count[CCTV_N_LEVELS] = {0};
	double w = k->site[2] - k->site[0], h = k->site[3] - k->site[1];
	size_t nx = (size_t)ceil(w / cell), ny = (size_t)ceil(h / cell);

	for (size_t j = 0; j < ny; j++) {
		double y = k->site[1] + ((double)j + 0.5) * cell;

		for (size_t i = 0; i < nx; i++) {
			double x = k->site[0] + ((double)i + 0.5) * cell;
			int best;

			if (!outdoor(k, x, y))
				continue;
			out->samples++;
			best = point_level(k, x, y);
			for (int L = 0; L <= best; L++)
				count[L]++;
		}
	}
	out->outdoor_area = (double)out->samples * cell * cell;
	for (int L = 0; L < CCTV_N_LEVELS; L++) {
		out->covered[L] = (double)count[L] * cell * cell;
		out->share[L] = out->samples ? (double)count[L] / (double)out->samples : 0.0;
	}
}

int cctv_raster_coverage(const struct cctv_scene *s, const struct cctv_params *p, double cell,
                         struct cctv_raster *out)
{
	struct cctv_occluders o;
	struct rcam *cams = NULL;
	struct rctx k;
	size_t n = 0;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	if (!(cell > 0) || !isfinite(cell))
		return -1;
	if (s->perimeter.n < 3)
		return 0;
	if (cctv_occluders_build(s, &o))
		return -1;
	cams = malloc((s->n_cameras ? s->n_cameras : 1) * sizeof(*cams));
	if (!cams)
		goto out;
	for (size_t i = 0; i < s->n_cameras; i++) {
		const struct cctv_camera *c = &s->cameras[i];

		if (c->status != CCTV_WORKING)
			continue;
		cams[n].c = c;
		for (int L = 0; L < CCTV_N_LEVELS; L++)
			cams[n].reach[L] = cctv_ground_reach(c, (enum cctv_level)L, p);
		cctv_vis_stand(&o, c, &cams[n].sx, &cams[n].sy);
		if (cams[n].reach[CCTV_DETECTION] > 0)
			n++;
	}
	k.o = &o;
	k.perimeter = &s->perimeter;
	cctv_path_box(&s->perimeter, k.site);
	k.cams = cams;
	k.n_cams = n;
	sample_site(&k, cell, out);
	out->perimeter_share = perimeter_share(&k, cell);
	rc = 0;
out:
	free(cams);
	cctv_occluders_release(&o);
	return rc;
}
