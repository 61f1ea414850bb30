/*
 * svg.h - a site's CCTV coverage drawn as an SVG plan, written with
 * libxml2's xmlTextWriter (which escapes every name and label that came
 * from an imported file).
 *
 * The drawing, north up, the site scaled to fit about 800 pixels:
 *   - the perimeter, the outdoor ground lightly filled;
 *   - what the working cameras see, one shade per image quality level of
 *     IEC EN 62676-4, detection lightest, drawn lowest level first so that
 *     each level shows on top of the one below;
 *   - blind spots hatched (an SVG <pattern>);
 *   - buildings filled grey, walls as lines of their thickness;
 *   - areas of interest outlined, green when covered at the level they
 *     need and red when not, labelled with their name, level and state;
 *   - cameras as dots with their id and a tick showing where they point
 *     (faulty ones red, planned ones hollow);
 *   - a title with the headline figures, a north arrow, a scale bar of a
 *     round number of metres and a legend.
 *
 * Pure: no call into the host, so worker threads draw.
 */
#ifndef CCTV_SVG_H
#define CCTV_SVG_H

#include <stddef.h>

#include <geos_c.h>

#include "coverage.h"
#include "scene.h"

/*
 * Draws scene `s` with its coverage `c`, computed with keep_geometry (the
 * views' unions and the blind spots are drawn from it).  Returns 0 and
 * *out (malloc'd, *len bytes, a complete UTF-8 SVG document), or -1 with
 * *errmsg (malloc'd) when out of memory or GEOS fails.
 */
int cctv_svg_render(GEOSContextHandle_t g, const struct cctv_scene *s,
                    const struct cctv_coverage *c, char **out, size_t *len, char **errmsg);

#endif /* CCTV_SVG_H */
