/*
 * core_schema.c - see core_schema.h.
 *
 * Perimeters are kept as text rings ("lon lat,lon lat,...") rather than one
 * row per vertex: a site is always read whole, and the import of national
 * data sets writes one row per site instead of ten.
 */
#include "core_schema.h"

#include "banned.h"

const char *const core_site_kinds[] = {
	"synagogue", "school", "cemetery", "community-centre", "shop", "office", "other",
};
const size_t core_site_kinds_count = sizeof(core_site_kinds) / sizeof(core_site_kinds[0]);

static const char core_v1[] =
	"CREATE TABLE meta ("
	"  key TEXT PRIMARY KEY,"
	"  value TEXT NOT NULL);"
	"CREATE TABLE sites ("
	"  id TEXT PRIMARY KEY,"
	"  name TEXT NOT NULL,"
	"  kind TEXT NOT NULL CHECK (kind IN ('synagogue', 'school', 'cemetery',"
	"    'community-centre', 'shop', 'office', 'other')),"
	"  region TEXT NOT NULL,"
	"  police_force TEXT NOT NULL DEFAULT '',"
	"  address TEXT NOT NULL DEFAULT '',"
	"  postcode TEXT NOT NULL DEFAULT '',"
	"  lat DOUBLE PRECISION NOT NULL CHECK (lat BETWEEN -90 AND 90),"
	"  lon DOUBLE PRECISION NOT NULL CHECK (lon BETWEEN -180 AND 180),"
	"  x DOUBLE PRECISION NOT NULL,"
	"  y DOUBLE PRECISION NOT NULL,"
	"  perimeter_ll TEXT NOT NULL DEFAULT '',"
	"  perimeter_xy TEXT NOT NULL DEFAULT '',"
	"  capacity INTEGER NOT NULL DEFAULT 0 CHECK (capacity >= 0),"
	"  notes TEXT NOT NULL DEFAULT '');"
	"CREATE INDEX sites_region_kind ON sites (region, kind);"
	"CREATE TABLE site_sessions ("
	"  site_id TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,"
	"  seq INTEGER NOT NULL,"
	"  day INTEGER NOT NULL CHECK (day BETWEEN 0 AND 6),"
	"  start_min INTEGER NOT NULL CHECK (start_min BETWEEN 0 AND 1440),"
	"  end_min INTEGER NOT NULL CHECK (end_min BETWEEN 0 AND 1440),"
	"  label TEXT NOT NULL,"
	"  attendance INTEGER NOT NULL DEFAULT 0 CHECK (attendance >= 0),"
	"  PRIMARY KEY (site_id, seq));"
	"CREATE TABLE site_tags ("
	"  site_id TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,"
	"  tag TEXT NOT NULL,"
	"  PRIMARY KEY (site_id, tag));"
	"CREATE INDEX site_tags_tag ON site_tags (tag);"
	"CREATE TABLE site_attrs ("
	"  site_id TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,"
	"  key TEXT NOT NULL,"
	"  value TEXT NOT NULL,"
	"  set_at TEXT NOT NULL,"
	"  PRIMARY KEY (site_id, key));"
	"CREATE TABLE plugin_versions ("
	"  plugin TEXT PRIMARY KEY,"
	"  version INTEGER NOT NULL CHECK (version >= 0));";

const struct shomer_migration core_migrations[] = {
	{1, core_v1},
};
const size_t core_migrations_count = sizeof(core_migrations) / sizeof(core_migrations[0]);
