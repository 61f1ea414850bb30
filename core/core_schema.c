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

/*
 * Incidents and the threat posture.  An incident's personal fields live in
 * their own table, so that nothing reads them by accident: only the code
 * that exports personal data on request joins it.  lat/lon/x/y are NULL
 * for an incident known only by its site until the import resolves the
 * site's place into them (own_location = 0 then, so export writes the
 * record as it came).
 */
static const char core_v2[] =
        "CREATE TABLE incidents ("
        "  id TEXT PRIMARY KEY,"
        "  occurred TEXT NOT NULL,"
        "  occurred_unix BIGINT NOT NULL,"
        "  month_only INTEGER NOT NULL DEFAULT 0 CHECK (month_only IN (0, 1)),"
        "  category TEXT NOT NULL CHECK (category IN ('extreme-violence', 'assault',"
        "    'damage-desecration', 'threats', 'abusive-behaviour', 'literature',"
        "    'suspicious-package', 'suspicious-behaviour', 'hostile-reconnaissance', 'other')),"
        "  own_location INTEGER NOT NULL DEFAULT 0 CHECK (own_location IN (0, 1)),"
        "  lat DOUBLE PRECISION,"
        "  lon DOUBLE PRECISION,"
        "  x DOUBLE PRECISION,"
        "  y DOUBLE PRECISION,"
        "  site_id TEXT REFERENCES sites (id) ON DELETE SET NULL DEFERRABLE INITIALLY DEFERRED,"
        "  police_force TEXT NOT NULL DEFAULT '',"
        "  police_reference TEXT NOT NULL DEFAULT '',"
        "  reported INTEGER NOT NULL DEFAULT 0 CHECK (reported IN (0, 1)),"
        "  description TEXT NOT NULL DEFAULT '',"
        "  source TEXT NOT NULL DEFAULT 'xml');"
        "CREATE INDEX incidents_time ON incidents (occurred_unix, id);"
        "CREATE INDEX incidents_site ON incidents (site_id);"
        "CREATE INDEX incidents_force ON incidents (police_force, occurred_unix);"
        "CREATE TABLE incident_personal ("
        "  incident_id TEXT PRIMARY KEY REFERENCES incidents (id) ON DELETE CASCADE,"
        "  victim_name TEXT NOT NULL DEFAULT '',"
        "  contact TEXT NOT NULL DEFAULT '');"
        "CREATE TABLE threat_levels ("
        "  region TEXT NOT NULL DEFAULT '',"
        "  level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),"
        "  since TEXT NOT NULL,"
        "  since_unix BIGINT NOT NULL,"
        "  reason TEXT NOT NULL,"
        "  PRIMARY KEY (region, since_unix));"
        "CREATE INDEX site_attrs_key ON site_attrs (key, site_id);";

/*
 * Shared attributes as a clustered table: a plugin that scores every site
 * writes hundreds of thousands of rows in one go, and a rowid table keeps
 * each of them in three B-trees (rows, primary key, key index) where this
 * keeps it in two.  The copy keeps every value and its set_at.
 */
static const char core_v3[] = "CREATE TABLE site_attrs_v3 ("
                              "  site_id TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,"
                              "  key TEXT NOT NULL,"
                              "  value TEXT NOT NULL,"
                              "  set_at TEXT NOT NULL,"
                              "  PRIMARY KEY (site_id, key)) WITHOUT ROWID;"
                              "INSERT INTO site_attrs_v3 (site_id, key, value, set_at)"
                              "  SELECT site_id, key, value, set_at FROM site_attrs;"
                              "DROP TABLE site_attrs;"
                              "ALTER TABLE site_attrs_v3 RENAME TO site_attrs;"
                              "CREATE INDEX site_attrs_key ON site_attrs (key, site_id);"
                              /* what scoring reads of every incident, in the order it reads them,
         * so that a million are read from the index alone */
                              "DROP INDEX incidents_time;"
                              "CREATE INDEX incidents_when ON incidents "
                              "  (occurred_unix, id, category, month_only, x, y);";

const struct shomer_migration core_migrations[] = {
        {1, core_v1},
        {2, core_v2},
        {3, core_v3},
};

const char *const core_incident_categories[] = {
        "extreme-violence",       "assault",    "damage-desecration", "threats",
        "abusive-behaviour",      "literature", "suspicious-package", "suspicious-behaviour",
        "hostile-reconnaissance", "other",
};
const size_t core_incident_categories_count =
        sizeof(core_incident_categories) / sizeof(core_incident_categories[0]);
const size_t core_migrations_count = sizeof(core_migrations) / sizeof(core_migrations[0]);
