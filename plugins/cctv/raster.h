/*
 * raster.h - the reference the geometry is checked against: the same
 * figures by sampling the site on a square lattice, point by point, with
 * cctv_vis_sees and no GEOS at all.
 */
#ifndef CCTV_RASTER_H
#define CCTV_RASTER_H

#include "scene.h"

struct cctv_raster {
	size_t samples;                /* lattice points in the outdoor area */
	double outdoor_area;           /* samples x cell^2 */
	double covered[CCTV_N_LEVELS]; /* square metres */
	double share[CCTV_N_LEVELS];
	double perimeter_share; /* of points every cell metres along it */
};

/* cell: lattice spacing in metres (e.g. 0.25).  -1 when out of memory. */
int cctv_raster_coverage(const struct cctv_scene *s, const struct cctv_params *p, double cell,
                         struct cctv_raster *out);

#endif
