/*
 * records.h - the cctv plugin's records in the database: its tables
 * (migrations), the XML sections it imports and exports, and scenes loaded
 * from them for the geometry.
 *
 * Tables (all prefixed cctv_, keyed by (site_id, id), ON DELETE CASCADE
 * from sites):
 *   cctv_cameras    one row per camera, position in projected metres and
 *                   as given (lat/lon or east/north, for a faithful export)
 *   cctv_buildings  footprint ring as text "x y;x y;..." (projected metres)
 *                   and as given
 *   cctv_walls      line, thickness
 *   cctv_areas      ring, kind, level, label
 */
#ifndef CCTV_RECORDS_H
#define CCTV_RECORDS_H

#include "cctv.h"
#include "scene.h"

extern const struct shomer_migration cctv_migrations[];
extern const size_t cctv_n_migrations;
/* <camera>, <building>, <wall>, <area> inside a site; a <cameras> document. */
extern const struct shomer_xml_handler cctv_xml;

/*
 * The site hook (plugin.c registers it): when a site is stored with a new
 * location, the places given as offsets from it are worked out again in
 * metres, and a ring that this makes invalid refuses the import.
 */
int cctv_records_site_hook(struct shomer_host *host, void *ud, const char *site_id,
                           enum shomer_site_event ev, char **errmsg);

/* Called for each scene by cctv_scenes_load; the scene is the callee's to
 * keep (cctv_scene_release) or to leave: the loader releases it after the
 * call unless cb sets *kept. */
typedef int (*cctv_scene_fn)(void *ud, const struct shomer_site *site, struct cctv_scene *s,
                             int *kept);

/*
 * Loads the scene of every site named in ids (n_ids > 0; an unknown id is
 * SHOMER_ERR "no site 'ID'"), or of every site that has CCTV records
 * (n_ids == 0), in site id order, and calls cb with each.  One query per
 * table for all the sites, so that 10,000 sites load in well under a
 * second.  Returns SHOMER_OK, SHOMER_ERR with *errmsg, or what cb returned.
 */
int cctv_scenes_load(struct shomer_host *host, const char *const *ids, size_t n_ids,
                     cctv_scene_fn cb, void *ud, char **errmsg);

#endif
