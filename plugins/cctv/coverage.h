/*
 * coverage.h - what a site's cameras see, with GEOS (reentrant API).
 *
 * Every figure is for the site's outdoor area: inside the perimeter, outside
 * the building footprints and walls (a camera does not see inside a
 * building, and nobody needs it to).  Only working cameras count; the faulty
 * ones are also computed as if they worked, to say what their loss costs.
 * Planned cameras are left out.
 *
 * Views are polygons from vis.c's rays; every area, length and blind spot
 * is a GEOS overlay of them (coverage.c).  A ring GEOS finds invalid (a
 * bow-tie building) is taken as GEOSMakeValid_r repairs it.  No global
 * state: threads may compute sites at once, each with its own context.
 *
 * Some figures are detail, computed only when `keep_geometry` is asked
 * (the JSON, GeoJSON and SVG outputs): each camera's area at the levels
 * above detection, and each area of interest's at levels other than its
 * own.  They are 0 otherwise.
 */
#ifndef CCTV_COVERAGE_H
#define CCTV_COVERAGE_H

#include <geos_c.h>

#include "scene.h"

struct cctv_blind {
	double area;   /* square metres */
	double cx, cy; /* centroid */
	GEOSGeometry *geom;
};

struct cctv_aoi_cover {
	double area; /* its outdoor part (less buildings and walls), square metres */
	/* of it, seen at each level or better (outside buildings and walls) */
	double seen[CCTV_N_LEVELS];
	double share; /* seen at its required level / area */
	int covered;  /* share >= params.aoi_share */
};

struct cctv_cam_cover {
	/* outdoor area this camera sees, each level (with no perimeter: all
	   its view but what lies inside the buildings and walls); detection
	   always, the others with keep_geometry */
	double seen[CCTV_N_LEVELS];
	GEOSGeometry *view[CCTV_N_LEVELS]; /* clipped to the outdoor area (no
	                                      perimeter: less the occluders);
	                                      NULL unless kept */
};

struct cctv_coverage {
	int has_perimeter;
	double site_area;              /* inside the perimeter */
	double outdoor_area;           /* site_area less buildings and walls */
	double covered[CCTV_N_LEVELS]; /* outdoor area seen at each level or better */
	double share[CCTV_N_LEVELS];   /* covered / outdoor_area */
	/* seen at detection or better (to 0.1 mm where an occluder meets the
	   perimeter) */
	double perimeter_length, perimeter_seen;
	double perimeter_share;
	size_t n_aoi;
	struct cctv_aoi_cover *aoi;
	size_t n_aoi_covered;
	size_t n_blind;
	struct cctv_blind *blind; /* largest first; at least params.min_blind each */
	double blind_area;        /* of the blind spots listed */
	/* outdoor area seen more than once at detection: the working cameras'
	   own areas summed, less the area they see together (a place seen by
	   three cameras counts twice) */
	double overlap;
	size_t n_cams;
	struct cctv_cam_cover *cams; /* one per scene camera, in scene order */
	size_t n_working, n_faulty, n_planned;
	double faulty_gain[CCTV_N_LEVELS]; /* share the faulty cameras would add */
	double faulty_gain_perimeter;
	size_t faulty_gain_aoi; /* areas they would bring to cover */
	GEOSGeometry *outdoor;  /* kept geometry, or NULL */
	GEOSGeometry *union_view[CCTV_N_LEVELS];
};

/*
 * Computes the coverage of scene `s`.  With keep_geometry the views, their
 * unions, the outdoor area and the blind spots stay in *out for drawing.
 * Returns 0, or -1 with *errmsg (malloc'd) on a GEOS failure or no memory.
 */
int cctv_coverage_compute(GEOSContextHandle_t g, const struct cctv_scene *s,
                          const struct cctv_params *p, int keep_geometry, struct cctv_coverage *out,
                          char **errmsg);
void cctv_coverage_release(GEOSContextHandle_t g, struct cctv_coverage *c);

/*
 * Checks a ring or a wall for import: NULL when valid, else GEOS's reason
 * (malloc'd), e.g. "Self-intersection[5 5]"; also "fewer than 3 distinct
 * points", "fewer than 2 distinct points", "thickness must be more than 0".
 */
char *cctv_ring_invalid(GEOSContextHandle_t g, const struct cctv_path *ring);
char *cctv_wall_invalid(GEOSContextHandle_t g, const struct cctv_wall *w);

#endif
