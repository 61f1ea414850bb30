/*
 * params.c - see params.h.  The defaults and their reasons are in
 * docs/risk.md; keep the two, and schemas/risk.xsd, in step.
 */
#include "params.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "banned.h"

static const char *const category_names[RISK_N_CATS] = {
        "extreme-violence",       "assault",    "damage-desecration", "threats",
        "abusive-behaviour",      "literature", "suspicious-package", "suspicious-behaviour",
        "hostile-reconnaissance", "other",
};

static const char *const kind_names[RISK_N_KINDS] = {
        "synagogue", "school", "cemetery", "community-centre", "shop", "office", "other",
};

#define OFF(f) offsetof(struct risk_params, f)
#define PLAIN(key, el, attr, field, lo, hi, def, unit)             \
	{                                                          \
		key, el, NULL, attr, OFF(field), lo, hi, def, unit \
	}
#define KIND(k, field, def)                                                                     \
	{                                                                                       \
		"kind." k, "kind", k, "points", OFF(kind_points) + (field) * sizeof(double), 0, \
		        100, def, "points"                                                      \
	}
#define CAT(c, field, def)                                                                         \
	{                                                                                          \
		"category." c, "category", c, "weight", OFF(weight) + (field) * sizeof(double), 0, \
		        100, def, ""                                                               \
	}
#define LEVEL(attr, lvl, def)                                                           \
	{                                                                               \
		"threat-multipliers." attr, "threat-multipliers", NULL, attr,           \
		        OFF(threat_mult) + ((lvl)-1) * sizeof(double), 0.1, 5, def, "x" \
	}

const struct risk_param_def risk_param_defs[] = {
        PLAIN("pressure.bandwidth", "pressure", "bandwidth", bandwidth, 10, 5000, 400, "m"),
        PLAIN("pressure.cutoff", "pressure", "cutoff", cutoff, 50, 10000, 1500, "m"),
        PLAIN("pressure.half-life-days", "pressure", "half-life-days", half_life_days, 1, 3650, 180,
              "days"),
        PLAIN("pressure.cap", "pressure", "cap", pressure_cap, 0, 100, 40, "points"),
        PLAIN("pressure.saturation", "pressure", "saturation", saturation, 0.1, 1000, 15, ""),
        PLAIN("near-repeat.radius", "near-repeat", "radius", nr_radius, 10, 2000, 400, "m"),
        PLAIN("near-repeat.window-days", "near-repeat", "window-days", nr_window_days, 1, 365, 60,
              "days"),
        PLAIN("near-repeat.points-per-weight", "near-repeat", "points-per-weight", nr_points, 0, 50,
              4, "points"),
        PLAIN("near-repeat.cap", "near-repeat", "cap", nr_cap, 0, 100, 20, "points"),
        PLAIN("exposure.cap", "exposure", "cap", exposure_cap, 0, 100, 30, "points"),
        PLAIN("exposure.attendance-points", "exposure", "attendance-points", attendance_points, 0,
              50, 5, "points"),
        PLAIN("exposure.attendance-scale", "exposure", "attendance-scale", attendance_scale, 1,
              10000, 50, "people"),
        KIND("synagogue", RISK_KIND_SYNAGOGUE, 12),
        KIND("school", RISK_KIND_SCHOOL, 14),
        KIND("cemetery", RISK_KIND_CEMETERY, 6),
        KIND("community-centre", RISK_KIND_COMMUNITY_CENTRE, 10),
        KIND("shop", RISK_KIND_SHOP, 8),
        KIND("office", RISK_KIND_OFFICE, 5),
        KIND("other", RISK_KIND_OTHER, 5),
        CAT("extreme-violence", RISK_CAT_EXTREME_VIOLENCE, 5),
        CAT("assault", RISK_CAT_ASSAULT, 3),
        CAT("damage-desecration", RISK_CAT_DAMAGE_DESECRATION, 2),
        CAT("threats", RISK_CAT_THREATS, 2),
        CAT("abusive-behaviour", RISK_CAT_ABUSIVE_BEHAVIOUR, 1),
        CAT("literature", RISK_CAT_LITERATURE, 0.5),
        CAT("suspicious-package", RISK_CAT_SUSPICIOUS_PACKAGE, 3),
        CAT("suspicious-behaviour", RISK_CAT_SUSPICIOUS_BEHAVIOUR, 1.5),
        CAT("hostile-reconnaissance", RISK_CAT_HOSTILE_RECONNAISSANCE, 4),
        CAT("other", RISK_CAT_OTHER, 0.5),
        LEVEL("low", 1, 0.8),
        LEVEL("moderate", 2, 1.0),
        LEVEL("substantial", 3, 1.2),
        LEVEL("severe", 4, 1.4),
        LEVEL("critical", 5, 1.6),
        PLAIN("protection.cctv-weight", "protection", "cctv-weight", cctv_weight, 0, 1, 0.25, ""),
        PLAIN("protection.guards-weight", "protection", "guards-weight", guards_weight, 0, 1, 0.20,
              ""),
        PLAIN("protection.max-credit", "protection", "max-credit", max_credit, 0, 0.9, 0.35, ""),
};

const size_t risk_n_param_defs = sizeof(risk_param_defs) / sizeof(risk_param_defs[0]);

/* Through memcpy: the offset is a double member's, but no pointer cast is
 * needed to say so. */
void risk_param_set(struct risk_params *p, const struct risk_param_def *d, double v)
{
	memcpy((char *)p + d->offset, &v, sizeof(v));
}

double risk_param_get(const struct risk_params *p, const struct risk_param_def *d)
{
	double v;

	memcpy(&v, (const char *)p + d->offset, sizeof(v));
	return v;
}

void risk_params_default(struct risk_params *p)
{
	memset(p, 0, sizeof(*p));
	for (size_t i = 0; i < risk_n_param_defs; i++)
		risk_param_set(p, &risk_param_defs[i], risk_param_defs[i].def);
}

const struct risk_param_def *risk_param_find(const char *key)
{
	for (size_t i = 0; i < risk_n_param_defs; i++)
		if (strcmp(risk_param_defs[i].key, key) == 0)
			return &risk_param_defs[i];
	return NULL;
}

const struct risk_param_def *risk_param_at(const char *element, const char *name, const char *attr)
{
	for (size_t i = 0; i < risk_n_param_defs; i++) {
		const struct risk_param_def *d = &risk_param_defs[i];
		if (strcmp(d->element, element) != 0 || strcmp(d->attr, attr) != 0)
			continue;
		if ((d->name == NULL) != (name == NULL))
			continue;
		if (d->name && strcmp(d->name, name) != 0)
			continue;
		return d;
	}
	return NULL;
}

int risk_params_check(const struct risk_params *p, char *buf, size_t len)
{
	if (p->cutoff < p->bandwidth) {
		snprintf(buf, len, "the cut-off radius (%g m) is smaller than the bandwidth (%g m)",
		         p->cutoff, p->bandwidth);
		return -1;
	}
	static const char *const levels[RISK_N_LEVELS] = {"LOW", "MODERATE", "SUBSTANTIAL",
	                                                  "SEVERE", "CRITICAL"};
	for (int i = 1; i < RISK_N_LEVELS; i++) {
		if (p->threat_mult[i] < p->threat_mult[i - 1]) {
			snprintf(buf, len,
			         "the threat multiplier for %s (%g) is below %s's (%g): a higher "
			         "level "
			         "must never lower a score",
			         levels[i], p->threat_mult[i], levels[i - 1],
			         p->threat_mult[i - 1]);
			return -1;
		}
	}
	return 0;
}

int risk_category_from_name(const char *s)
{
	for (int i = 0; i < RISK_N_CATS; i++)
		if (s && strcmp(s, category_names[i]) == 0)
			return i;
	return -1;
}

int risk_kind_from_name(const char *s)
{
	for (int i = 0; i < RISK_N_KINDS; i++)
		if (s && strcmp(s, kind_names[i]) == 0)
			return i;
	return -1;
}

const char *risk_category_name(int cat)
{
	return cat >= 0 && cat < RISK_N_CATS ? category_names[cat] : "";
}

const char *risk_kind_name(int kind)
{
	return kind >= 0 && kind < RISK_N_KINDS ? kind_names[kind] : "";
}
