/*
 * params.h - the risk model's parameters: their compiled-in defaults, their
 * bounds, and the names they carry in the XML configuration and in the
 * plugin's table.
 *
 * Every parameter is described once, in a table (risk_param_defs), from
 * which the defaults, the bounds checks, the import of
 * <risk-config xmlns="urn:shomer:risk:1"> and its export are all driven.
 * docs/risk.md gives the reason for every default; schemas/risk.xsd repeats
 * the bounds so that a bad value is refused before any handler runs.
 * Pure: nothing here calls the host.
 */
#ifndef RISK_PARAMS_H
#define RISK_PARAMS_H

#include <stddef.h>

/* Incident categories, in the order of plugin.h's list. */
enum risk_category {
	RISK_CAT_EXTREME_VIOLENCE,
	RISK_CAT_ASSAULT,
	RISK_CAT_DAMAGE_DESECRATION,
	RISK_CAT_THREATS,
	RISK_CAT_ABUSIVE_BEHAVIOUR,
	RISK_CAT_LITERATURE,
	RISK_CAT_SUSPICIOUS_PACKAGE,
	RISK_CAT_SUSPICIOUS_BEHAVIOUR,
	RISK_CAT_HOSTILE_RECONNAISSANCE,
	RISK_CAT_OTHER,
	RISK_N_CATS
};

/* Site kinds, as site.xsd lists them. */
enum risk_kind {
	RISK_KIND_SYNAGOGUE,
	RISK_KIND_SCHOOL,
	RISK_KIND_CEMETERY,
	RISK_KIND_COMMUNITY_CENTRE,
	RISK_KIND_SHOP,
	RISK_KIND_OFFICE,
	RISK_KIND_OTHER,
	RISK_N_KINDS
};

/* Threat levels LOW .. CRITICAL are 1 .. 5 (enum shomer_threat). */
#define RISK_N_LEVELS 5

struct risk_params {
	/* incident pressure */
	double bandwidth;      /* h, metres */
	double cutoff;         /* kernel truncation radius, metres */
	double half_life_days; /* temporal decay */
	double pressure_cap;   /* points */
	double saturation;     /* P0: pressure giving 63% of the cap */
	/* near-repeat uplift */
	double nr_radius;      /* metres */
	double nr_window_days; /* days before as-of */
	double nr_points;      /* points per unit of category weight */
	double nr_cap;         /* points */
	/* exposure */
	double exposure_cap;      /* points */
	double attendance_points; /* points per e-fold of (1 + peak / scale) */
	double attendance_scale;  /* people */
	double kind_points[RISK_N_KINDS];
	/* incidents */
	double weight[RISK_N_CATS];
	/* threat multiplier, index level - 1 */
	double threat_mult[RISK_N_LEVELS];
	/* protection credit */
	double cctv_weight;
	double guards_weight;
	double max_credit;
};

/*
 * One parameter.  `element` and `attr` are its place in the XML
 * configuration: for keyed elements (<kind name="synagogue" points="..."/>)
 * `name` is the key and `attr` the value attribute; otherwise `name` is
 * NULL.  `key` is the name in the table risk_params ("pressure.bandwidth",
 * "kind.synagogue").
 */
struct risk_param_def {
	const char *key;
	const char *element;
	const char *name;
	const char *attr;
	size_t offset; /* into struct risk_params */
	double min, max, def;
	const char *unit;
};

extern const struct risk_param_def risk_param_defs[];
extern const size_t risk_n_param_defs;

/* Fills `p` with the compiled-in defaults. */
void risk_params_default(struct risk_params *p);

/* The definition with table key `key`, or NULL. */
const struct risk_param_def *risk_param_find(const char *key);

/* The definition at (element, name, attr) (name NULL for plain elements), or NULL. */
const struct risk_param_def *risk_param_at(const char *element, const char *name, const char *attr);

/* The value `d` describes inside `p`: set it, get it. */
void risk_param_set(struct risk_params *p, const struct risk_param_def *d, double v);
double risk_param_get(const struct risk_params *p, const struct risk_param_def *d);

/*
 * Checks the relations between parameters that no single bound expresses:
 * the cut-off is at least the bandwidth, and the threat multipliers never
 * fall as the level rises (so a higher level never lowers a score).
 * Returns 0, or -1 with a message (lowercase, no full stop) in buf.
 */
int risk_params_check(const struct risk_params *p, char *buf, size_t len);

/* Category / kind from its name; -1 when unknown. */
int risk_category_from_name(const char *s);
int risk_kind_from_name(const char *s);
const char *risk_category_name(int cat);
const char *risk_kind_name(int kind);

#endif /* RISK_PARAMS_H */
