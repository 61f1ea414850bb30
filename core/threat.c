/*
 * threat.c - see threat.h.
 */
#include "threat.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "store.h"
#include "table.h"
#include "timeutil.h"
#include "util.h"

#include "banned.h"

static const char *const names[] = {"", "LOW", "MODERATE", "SUBSTANTIAL", "SEVERE", "CRITICAL"};

const char *threat_name(enum shomer_threat level)
{
	return level >= 1 && level <= 5 ? names[level] : "";
}

enum shomer_threat threat_parse(const char *name)
{
	for (int i = 1; i <= 5; i++) {
		if (name && strcasecmp(name, names[i]) == 0)
			return (enum shomer_threat)i;
	}
	return 0;
}

int threat_record(struct store *st, const char *region, enum shomer_threat level, int64_t since,
                  const char *reason, char **errmsg)
{
	char iso[32];
	time_format(since, iso);
	struct shomer_value v[] = {SHOMER_V_TEXT(region ? region : ""), SHOMER_V_INT(level),
	                           SHOMER_V_TEXT(iso), SHOMER_V_INT(since), SHOMER_V_TEXT(reason)};
	return store_exec(st,
	                  "INSERT INTO threat_levels (region, level, since, since_unix, reason) "
	                  "VALUES (?, ?, ?, ?, ?) ON CONFLICT (region, since_unix) DO UPDATE SET "
	                  "level = excluded.level, reason = excluded.reason",
	                  v, ARRAY_SIZE(v), errmsg);
}

static int latest(struct store *st, const char *region, int64_t at, enum shomer_threat *out,
                  char **errmsg)
{
	int64_t v = 0;
	int found = 0;
	struct shomer_value p[] = {SHOMER_V_TEXT(region), SHOMER_V_INT(at)};
	if (store_query_int(st,
	                    "SELECT level FROM threat_levels WHERE region = ? AND since_unix <= ? "
	                    "ORDER BY since_unix DESC LIMIT 1",
	                    p, 2, &v, &found, errmsg))
		return -1;
	*out = found ? (enum shomer_threat)v : 0;
	return 0;
}

int threat_in_force(struct store *st, const char *region, int64_t at, enum shomer_threat *level,
                    enum shomer_threat *national, enum shomer_threat *regional, char **errmsg)
{
	enum shomer_threat n = 0, r = 0;
	if (latest(st, "", at, &n, errmsg))
		return -1;
	if (region && *region && latest(st, region, at, &r, errmsg))
		return -1;
	*level = n > r ? n : r;
	if (national)
		*national = n;
	if (regional)
		*regional = r;
	return 0;
}

struct each {
	threat_cb cb;
	void *ud;
};

static int each_row(void *ud, int ncols, const struct shomer_value *v)
{
	struct each *e = ud;
	(void)ncols;
	struct threat_entry t = {v[0].u.s, (enum shomer_threat)v[1].u.i, v[2].u.s, v[3].u.i,
	                         v[4].u.s};
	return e->cb(e->ud, &t);
}

int threat_foreach(struct store *st, threat_cb cb, void *ud, char **errmsg)
{
	struct each e = {cb, ud};
	return store_query(st,
	                   "SELECT region, level, since, since_unix, reason FROM threat_levels "
	                   "ORDER BY since_unix, region",
	                   NULL, 0, each_row, &e, errmsg);
}

struct regions {
	char **v;
	size_t n, alloc;
};

static int region_row(void *ud, int ncols, const struct shomer_value *v)
{
	struct regions *r = ud;
	(void)ncols;
	ALLOC_GROW(r->v, r->n + 1, r->alloc);
	r->v[r->n++] = xstrdup(v[0].u.s);
	return 0;
}

static const char *name_or(enum shomer_threat level, const char *none)
{
	return level ? threat_name(level) : none;
}

struct shomer_table *threat_table(struct store *st, int64_t at, char **errmsg)
{
	static const char *const cols[] = {"scope", "in force", "own level", "national"};
	static const enum shomer_col kinds[] = {SHOMER_COL_TEXT, SHOMER_COL_TEXT, SHOMER_COL_TEXT,
	                                        SHOMER_COL_TEXT};
	struct regions r = {0};
	enum shomer_threat level, national, own;
	struct shomer_table *t = NULL;
	if (store_query(st, "SELECT DISTINCT region FROM sites ORDER BY region", NULL, 0,
	                region_row, &r, errmsg) == 0 &&
	    threat_in_force(st, NULL, at, &level, &national, NULL, errmsg) == 0) {
		t = table_new(cols, kinds, 4);
		const char *cells[] = {"national", name_or(level, "not recorded"),
		                       name_or(national, "not recorded"), ""};
		table_row(t, cells);
	}
	for (size_t i = 0; t && i < r.n; i++) {
		if (threat_in_force(st, r.v[i], at, &level, &national, &own, errmsg)) {
			table_free(t);
			t = NULL;
			break;
		}
		const char *cells[] = {r.v[i], name_or(level, "not recorded"), name_or(own, "none"),
		                       name_or(national, "not recorded")};
		table_row(t, cells);
	}
	for (size_t i = 0; i < r.n; i++)
		free(r.v[i]);
	free(r.v);
	return t;
}

int threat_region_known(struct store *st, const char *region, int *known, char **errmsg)
{
	int64_t one = 0;
	struct shomer_value p[] = {SHOMER_V_TEXT(region)};
	return store_query_int(st, "SELECT 1 FROM sites WHERE region = ? LIMIT 1", p, 1, &one,
	                       known, errmsg);
}
