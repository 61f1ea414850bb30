/*
 * core_schema.c - see core_schema.h.
 *
 * A site is one row.  Its perimeter ("lon lat,lon lat,..."), weekly sessions
 * (one per line: "day<TAB>start<TAB>end<TAB>attendance<TAB>label", minutes
 * after midnight, day 0 = Monday) and tags (space-separated, sorted) are
 * text columns rather than child tables: a site is always read and written
 * whole (plugins see sessions through the host, never through SQL), and an
 * import of national data writes one row per site instead of fifteen.  The
 * schema forbids tabs and line breaks in labels and spaces in tags, so the
 * separators cannot occur inside a field.
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
        "  sessions TEXT NOT NULL DEFAULT '',"
        "  tags TEXT NOT NULL DEFAULT '',"
        "  notes TEXT NOT NULL DEFAULT '');"
        "CREATE INDEX sites_region_kind ON sites (region, kind);"
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
