/*
 * sites.c - see sites.h.
 */
#include "sites.h"

#include <stdlib.h>
#include <string.h>

#include "opts.h"

#include "banned.h"

/*
 * Recognition (125 px/m, IEC EN 62676-4) is what lets a recording name an
 * intruder, so it is the coverage credited in full.  Identification is
 * stricter: its coverage is a lower bound of recognition coverage, so it
 * stands in at full value.  Observation and detection see that someone is
 * there but not who: they deter less, and are credited at a half and a
 * quarter.
 */
const struct risk_cctv_level risk_cctv_levels[] = {
        {"cctv.coverage.recognition", 1.0},
        {"cctv.coverage.identification", 1.0},
        {"cctv.coverage.observation", 0.5},
        {"cctv.coverage.detection", 0.25},
};
const size_t risk_n_cctv_levels = sizeof(risk_cctv_levels) / sizeof(risk_cctv_levels[0]);

const char *risk_day_name(int day)
{
	static const char *const days[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
	return day >= 0 && day < 7 ? days[day] : "?";
}

static char *dup_or_empty(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	char *d = malloc(n + 1);
	if (d) {
		if (n)
			memcpy(d, s, n);
		d[n] = '\0';
	}
	return d;
}

static void site_release(struct risk_site *s)
{
	free(s->id);
	free(s->name);
	free(s->region);
	free(s->kind_name);
	free(s->peak_label);
	free(s->cctv_text);
	free(s->guards_text);
}

void risk_siteset_release(struct risk_siteset *set)
{
	for (size_t i = 0; i < set->n; i++)
		site_release(&set->v[i]);
	free(set->v);
	memset(set, 0, sizeof(*set));
}

/* ---- the sites themselves ---- */

#define SITES_NOMEM 1 /* what take_site returns to stop when out of memory */

static int take_site(void *ud, const struct shomer_site *site, double dist)
{
	struct risk_siteset *set = ud;
	struct risk_site *s;
	const struct shomer_session *best = NULL;

	(void)dist;
	if (set->n == set->alloc) {
		size_t a = set->alloc ? set->alloc * 2 : 64;
		struct risk_site *v = realloc(set->v, a * sizeof(*v));
		if (!v)
			return SITES_NOMEM;
		set->v = v;
		set->alloc = a;
	}
	s = &set->v[set->n];
	memset(s, 0, sizeof(*s));
	for (size_t i = 0; i < site->n_sessions; i++) {
		const struct shomer_session *ss = &site->sessions[i];
		if (ss->attendance > 0 && (!best || ss->attendance > best->attendance))
			best = ss;
	}
	s->id = dup_or_empty(site->id);
	s->name = dup_or_empty(site->name);
	s->region = dup_or_empty(site->region);
	s->kind_name = dup_or_empty(site->kind);
	s->peak_label = dup_or_empty(best ? best->label : "");
	set->n++; /* counted now, so that a failure below is released */
	if (!s->id || !s->name || !s->region || !s->kind_name || !s->peak_label)
		return SITES_NOMEM;
	s->x = site->x;
	s->y = site->y;
	s->kind = risk_kind_from_name(site->kind);
	if (s->kind < 0)
		s->kind = RISK_KIND_OTHER;
	s->n_sessions = site->n_sessions;
	if (best) {
		s->peak = best->attendance;
		s->peak_day = best->day;
		s->peak_start = best->start_min;
	}
	return SHOMER_OK;
}

/* ---- threat levels, one look-up per region ---- */

static int threat_levels(struct shomer_host *host, struct risk_siteset *set, char **errmsg)
{
	for (size_t i = 0; i < set->n; i++) {
		struct risk_site *s = &set->v[i];
		enum shomer_threat level = 0;
		size_t j;
		/* sites come in id order, not region order: look back for the
		 * region (a handful of regions, so the scan is short) */
		for (j = 0; j < i; j++)
			if (strcmp(set->v[j].region, s->region) == 0)
				break;
		if (j < i) {
			s->level = set->v[j].level;
			continue;
		}
		/* a score "as of" a past date uses the level in force then */
		const char *region = *s->region ? s->region : NULL;
		int rc = set->as_of && risk_api->size >= SHOMER_API_HAS(threat_level_at)
		                 ? risk_api->threat_level_at(host, region, set->as_of, &level,
		                                             errmsg)
		                 : risk_api->threat_level(host, region, &level, errmsg);
		if (rc != SHOMER_OK)
			return SHOMER_ERR;
		s->level = (int)level;
	}
	return SHOMER_OK;
}

/* ---- protection attributes ---- */

/* A fraction 0..1, or RISK_ATTR_INVALID keeping the text for the explanation. */
static enum risk_attr_state read_fraction(const char *text, double *out, char **keep)
{
	if (risk_parse_double(text, 0, 1, out) == 0)
		return RISK_ATTR_OK;
	*keep = dup_or_empty(text);
	return RISK_ATTR_INVALID;
}

static int protection(struct shomer_host *host, struct risk_site *s, char **errmsg)
{
	char *v = NULL;

	for (size_t k = 0; k < risk_n_cctv_levels && s->cctv_state == RISK_ATTR_MISSING; k++) {
		if (risk_api->attr_get(host, s->id, risk_cctv_levels[k].key, &v, NULL, errmsg) !=
		    SHOMER_OK)
			return SHOMER_ERR;
		if (!v)
			continue;
		s->cctv_key = risk_cctv_levels[k].key;
		s->cctv_factor = risk_cctv_levels[k].factor;
		s->cctv_state = read_fraction(v, &s->cctv_raw, &s->cctv_text);
		risk_api->free(v);
		v = NULL;
	}
	if (risk_api->attr_get(host, s->id, "guards.cover", &v, NULL, errmsg) != SHOMER_OK)
		return SHOMER_ERR;
	if (v) {
		s->guards_state = read_fraction(v, &s->guards, &s->guards_text);
		risk_api->free(v);
	}
	return SHOMER_OK;
}

/* ---- protection attributes in bulk: one query per key ---- */

struct bulk {
	struct risk_siteset *set;
	size_t level; /* index into risk_cctv_levels; risk_n_cctv_levels for guards */
};

static struct risk_site *find_site(struct risk_siteset *set, const char *id)
{
	size_t a = 0, b = set->n;
	while (a < b) {
		size_t m = a + (b - a) / 2;
		int c = strcmp(set->v[m].id, id);
		if (c == 0)
			return &set->v[m];
		if (c < 0)
			a = m + 1;
		else
			b = m;
	}
	return NULL;
}

static int bulk_one(void *ud, const char *site_id, const char *value, const char *set_at)
{
	struct bulk *b = ud;
	struct risk_site *s = find_site(b->set, site_id);
	(void)set_at;
	if (!s)
		return SHOMER_OK;
	if (b->level == risk_n_cctv_levels) {
		s->guards_state = read_fraction(value, &s->guards, &s->guards_text);
	} else if (s->cctv_state == RISK_ATTR_MISSING) {
		/* levels come in order of preference: the first present wins */
		s->cctv_key = risk_cctv_levels[b->level].key;
		s->cctv_factor = risk_cctv_levels[b->level].factor;
		s->cctv_state = read_fraction(value, &s->cctv_raw, &s->cctv_text);
	}
	return SHOMER_OK;
}

/* The sites are in id order (site_foreach), as attr_foreach gives values. */
static int protection_bulk(struct shomer_host *host, struct risk_siteset *set, char **errmsg)
{
	for (size_t k = 0; k <= risk_n_cctv_levels; k++) {
		struct bulk b = {set, k};
		const char *key = k < risk_n_cctv_levels ? risk_cctv_levels[k].key : "guards.cover";
		if (risk_api->attr_foreach(host, key, bulk_one, &b, errmsg) != SHOMER_OK)
			return SHOMER_ERR;
	}
	return SHOMER_OK;
}

static int finish(struct shomer_host *host, struct risk_siteset *set, int inputs, int rc,
                  char **errmsg)
{
	if (rc == SITES_NOMEM)
		return risk_fail(errmsg, SHOMER_ERR, "out of memory loading the sites");
	if (rc != SHOMER_OK)
		return SHOMER_ERR;
	if (!inputs)
		return SHOMER_OK;
	if (threat_levels(host, set, errmsg) != SHOMER_OK)
		return SHOMER_ERR;
	risk_api->log(host, SHOMER_LOG_DEBUG, "read %zu sites; now their protection attributes",
	              set->n);
	if (set->n > 1 && risk_api->size >= SHOMER_API_HAS(attr_foreach))
		return protection_bulk(host, set, errmsg);
	for (size_t i = 0; i < set->n; i++) {
		if (protection(host, &set->v[i], errmsg) != SHOMER_OK)
			return SHOMER_ERR;
		if (set->n > 1000 && (i % 1000 == 0 || i + 1 == set->n))
			risk_api->progress(host, "reading protection attributes", i + 1, set->n);
	}
	return SHOMER_OK;
}

int risk_sites_load(struct shomer_host *host, const char *region, int inputs,
                    struct risk_siteset *set, char **errmsg)
{
	struct shomer_site_filter f = {.size = sizeof(f), .region = region};

	return finish(host, set, inputs, risk_api->site_foreach(host, &f, take_site, set, errmsg),
	              errmsg);
}

int risk_sites_load_one(struct shomer_host *host, const char *id, struct risk_siteset *set,
                        char **errmsg)
{
	return finish(host, set, 1, risk_api->site_get(host, id, take_site, set, errmsg), errmsg);
}

void risk_site_inputs(const struct risk_site *s, struct risk_inputs *in)
{
	memset(in, 0, sizeof(*in));
	in->kind = s->kind;
	in->peak_attendance = s->peak;
	in->level = s->level ? s->level : SHOMER_THREAT_MODERATE;
	in->has_cctv = s->cctv_state == RISK_ATTR_OK;
	in->cctv = s->cctv_raw * s->cctv_factor;
	in->has_guards = s->guards_state == RISK_ATTR_OK;
	in->guards = s->guards;
}
