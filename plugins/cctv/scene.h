/*
 * scene.h - one site as the CCTV geometry sees it, and what it sees.
 *
 * Everything here is in metres in the database's projected CRS (x east,
 * y north), never in degrees: the host projects, the plugin computes.  A
 * scene is plain data; the geometry (coverage.c, with GEOS) and the raster
 * reference (raster.c, without GEOS) both read it, so that the two can be
 * checked against each other.
 */
#ifndef CCTV_SCENE_H
#define CCTV_SCENE_H

#include <stddef.h>

/* Image quality levels of IEC EN 62676-4 (2015), lowest first. */
enum cctv_level {
	CCTV_DETECTION,      /* 25 px/m */
	CCTV_OBSERVATION,    /* 62.5 px/m */
	CCTV_RECOGNITION,    /* 125 px/m */
	CCTV_IDENTIFICATION, /* 250 px/m */
	CCTV_N_LEVELS
};

extern const double cctv_level_ppm[CCTV_N_LEVELS];
extern const char *const cctv_level_name[CCTV_N_LEVELS];

/* The level named `name`, or -1. */
int cctv_level_from_name(const char *name);

enum cctv_status { CCTV_WORKING, CCTV_FAULTY, CCTV_PLANNED };
enum cctv_type { CCTV_FIXED, CCTV_PTZ };

extern const char *const cctv_status_name[3];
extern const char *const cctv_type_name[2];

struct cctv_camera {
	char *id;
	double x, y;    /* position */
	double height;  /* mounting height, metres above the ground */
	double bearing; /* degrees clockwise from grid north, [0, 360) */
	double fov;     /* horizontal field of view, degrees, (0, 360] */
	long pixels;    /* horizontal resolution */
	enum cctv_type type;
	enum cctv_status status;
	double ir_range; /* metres; 0: none */
};

/* A ring or a line: n points, a ring not repeating its first point. */
struct cctv_path {
	size_t n;
	double *x, *y;
};

struct cctv_wall {
	char *id;
	struct cctv_path line;
	double thickness; /* metres */
};

struct cctv_building {
	char *id;
	struct cctv_path ring;
};

struct cctv_area {
	char *id;
	char *kind; /* entrance gate car-park playground other */
	char *label;
	enum cctv_level level;
	struct cctv_path ring;
};

struct cctv_scene {
	char *site_id;
	double site_x, site_y;      /* the site's location */
	struct cctv_path perimeter; /* n == 0: the site has none */
	struct cctv_camera *cameras;
	size_t n_cameras;
	struct cctv_building *buildings;
	size_t n_buildings;
	struct cctv_wall *walls;
	size_t n_walls;
	struct cctv_area *areas;
	size_t n_areas;
};

void cctv_scene_release(struct cctv_scene *s);

/* Whether (px, py) is inside ring r (even-odd; each edge half-open in y,
 * so a vertex on the horizontal through the point counts once). */
int cctv_path_contains(const struct cctv_path *r, double px, double py);
/* r's box into b: minx, miny, maxx, maxy. */
void cctv_path_box(const struct cctv_path *r, double *b);
/* Whether (x, y) is in box b, edges included. */
int cctv_box_has(const double *b, double x, double y);

/* Parameters of the model, with their defaults (docs/cctv.md says why). */
struct cctv_params {
	double target_height; /* metres: a face, 1.6 */
	double step_deg;      /* angular step of the visibility rays, 0.25 */
	double aoi_share;     /* an area counts as covered when this share of
	                         it is seen at its level, 0.95 */
	double min_blind;     /* square metres: smaller gaps are not reported, 1 */
	int night;            /* 1: cameras see only as far as their IR range */
	int detail;           /* 1: every camera's and area's figure at every
	                         level, not only those the summary needs */
};

void cctv_params_default(struct cctv_params *p);

/*
 * How far a camera reaches at a level: d = H / (2 ppm tan(FOV/2)), the
 * slant distance at which the target is imaged at ppm pixels a metre
 * (for a PTZ camera FOV is its widest, the one given).
 */
double cctv_reach(long pixels, double fov_deg, double ppm);

/*
 * The same along the ground: sqrt(d^2 - (height - target)^2), 0 when the
 * camera cannot reach target height at that quality at all; at night no
 * more than the IR range.
 */
double cctv_ground_reach(const struct cctv_camera *c, enum cctv_level level,
                         const struct cctv_params *p);

#endif
