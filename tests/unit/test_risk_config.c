/*
 * test_risk_config.c - the risk plugin's configuration (plugins/risk/
 * config.c, params.c) against a mock host (collectd's plugin_mock.c
 * style): a struct shomer_api whose database is an array, whose XML
 * elements are built here, and whose import errors are recorded.  Checks
 * that <risk-config> elements store what they say, that values the model
 * cannot take are refused with a message and change nothing, that the
 * export writes back what was imported, and that schemas/risk.xsd bounds
 * every parameter exactly as params.c does.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "config.h"
#include "risk.h"

const struct shomer_api *risk_api;

/* ---- the mock host ---- */

#define MAX_ROWS 64

static struct {
	char name[64];
	double value;
} rows[MAX_ROWS];
static size_t nrows;
static char errors[4096];
static int nerrors;
static char xml_out[8192];

static void *m_alloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		abort();
	return p;
}

static void m_free(void *p)
{
	free(p);
}

static char *m_strdup(const char *s)
{
	char *d = m_alloc(strlen(s) + 1);
	memcpy(d, s, strlen(s) + 1);
	return d;
}

static int m_import_error(struct shomer_import *imp, long line, const char *fmt, ...)
{
	va_list ap;
	size_t n = strlen(errors);

	(void)imp;
	n += (size_t)snprintf(errors + n, sizeof(errors) - n, "%ld: ", line);
	va_start(ap, fmt);
	vsnprintf(errors + n, sizeof(errors) - n, fmt, ap);
	va_end(ap);
	n = strlen(errors);
	snprintf(errors + n, sizeof(errors) - n, "\n");
	nerrors++;
	return SHOMER_ERR;
}

static int m_db_exec(struct shomer_host *host, const char *sql, const struct shomer_value *v,
                     size_t n, char **errmsg)
{
	(void)host;
	(void)errmsg;
	if (strncmp(sql, "INSERT INTO risk_params", 23) != 0 || n != 2 || v[1].type != SHOMER_REAL)
		return SHOMER_ERR;
	for (size_t i = 0; i < nrows; i++)
		if (strcmp(rows[i].name, v[0].u.s) == 0) {
			rows[i].value = v[1].u.r;
			return SHOMER_OK;
		}
	if (nrows == MAX_ROWS)
		return SHOMER_ERR;
	snprintf(rows[nrows].name, sizeof(rows[nrows].name), "%s", v[0].u.s);
	rows[nrows++].value = v[1].u.r;
	return SHOMER_OK;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const char *)a), ((const char *)b));
}

static int m_db_query(struct shomer_host *host, const char *sql, const struct shomer_value *p,
                      size_t np, shomer_row_fn cb, void *ud, char **errmsg)
{
	(void)host;
	(void)p;
	(void)np;
	(void)errmsg;
	if (!strstr(sql, "FROM risk_params"))
		return SHOMER_ERR;
	qsort(rows, nrows, sizeof(rows[0]), by_name); /* ORDER BY name */
	for (size_t i = 0; i < nrows; i++) {
		struct shomer_value v[2] = {SHOMER_V_TEXT(rows[i].name),
		                            SHOMER_V_REAL(rows[i].value)};
		int rc = cb(ud, 2, v);
		if (rc != SHOMER_OK)
			return rc;
	}
	return SHOMER_OK;
}

static const char *m_xml_attr(const struct shomer_xml_elem *e, const char *name)
{
	for (size_t i = 0; i < e->n_attrs; i++)
		if (strcmp(e->attrs[i].name, name) == 0)
			return e->attrs[i].value;
	return NULL;
}

static void out_add(const char *s)
{
	size_t n = strlen(xml_out);
	snprintf(xml_out + n, sizeof(xml_out) - n, "%s", s);
}

static int m_xml_start(struct shomer_xml_out *o, const char *name)
{
	(void)o;
	out_add("<");
	out_add(name);
	return SHOMER_OK;
}

static int m_xml_attr_out(struct shomer_xml_out *o, const char *name, const char *value)
{
	(void)o;
	out_add(" ");
	out_add(name);
	out_add("=\"");
	out_add(value);
	out_add("\"");
	return SHOMER_OK;
}

static int m_xml_end(struct shomer_xml_out *o)
{
	(void)o;
	out_add("/>\n");
	return SHOMER_OK;
}

static struct shomer_api mock = {
        .size = sizeof(struct shomer_api),
        .abi_major = SHOMER_ABI_MAJOR,
        .abi_minor = SHOMER_ABI_MINOR,
        .alloc = m_alloc,
        .free = m_free,
        .strdup = m_strdup,
        .db_exec = m_db_exec,
        .db_query = m_db_query,
        .import_error = m_import_error,
        .xml_attr = m_xml_attr,
        .xml_start = m_xml_start,
        .xml_attr_out = m_xml_attr_out,
        .xml_end = m_xml_end,
};

/* ---- building elements ---- */

static int import(const char *name, const struct shomer_xml_attr *attrs, size_t n)
{
	struct shomer_xml_elem e = {
	        .ns = RISK_NS, .name = name, .line = 7, .attrs = attrs, .n_attrs = n, .text = ""};
	errors[0] = '\0';
	nerrors = 0;
	return risk_config_import(NULL, NULL, NULL, NULL, &e);
}

#define IMPORT(name, ...)                                              \
	import(name, (const struct shomer_xml_attr[]){__VA_ARGS__},    \
	       sizeof((const struct shomer_xml_attr[]){__VA_ARGS__}) / \
	               sizeof(struct shomer_xml_attr))

static double loaded(const char *key)
{
	struct risk_params p;
	const struct risk_param_def *d = risk_param_find(key);
	if (!d || risk_config_load(NULL, &p, NULL, NULL) != SHOMER_OK)
		return -1;
	return risk_param_get(&p, d);
}

/* ---- the tests ---- */

static void defaults(void)
{
	struct risk_params p;
	int stored = -1;
	char why[200];

	CHECK(risk_config_load(NULL, &p, &stored, NULL) == SHOMER_OK && stored == 0,
	      "an empty table gives the defaults");
	CHECK(p.bandwidth == 400 && p.cutoff == 1500 && p.half_life_days == 180 &&
	              p.nr_radius == 400 && p.nr_window_days == 60 && p.pressure_cap == 40 &&
	              p.nr_cap == 20 && p.exposure_cap == 30 && p.max_credit == 0.35,
	      "the documented defaults");
	CHECK(p.threat_mult[0] == 0.8 && p.threat_mult[1] == 1.0 && p.threat_mult[2] == 1.2 &&
	              p.threat_mult[3] == 1.4 && p.threat_mult[4] == 1.6,
	      "threat multipliers LOW 0.8 .. CRITICAL 1.6");
	CHECK(p.weight[RISK_CAT_EXTREME_VIOLENCE] > p.weight[RISK_CAT_ASSAULT] &&
	              p.weight[RISK_CAT_LITERATURE] <= p.weight[RISK_CAT_ABUSIVE_BEHAVIOUR] &&
	              p.weight[RISK_CAT_HOSTILE_RECONNAISSANCE] >= p.weight[RISK_CAT_ASSAULT] &&
	              p.weight[RISK_CAT_SUSPICIOUS_PACKAGE] >= p.weight[RISK_CAT_ASSAULT],
	      "severity weights: extreme violence above assault, literature lowest, the "
	      "security categories high");
	for (int c = 0; c < RISK_N_CATS; c++)
		if (c != RISK_CAT_LITERATURE && c != RISK_CAT_OTHER &&
		    p.weight[c] < p.weight[RISK_CAT_LITERATURE])
			CHECK(0, "no category weighs less than literature");
	CHECK(risk_params_check(&p, why, sizeof(why)) == 0, "the defaults pass their own checks");
	for (size_t i = 0; i < risk_n_param_defs; i++) {
		const struct risk_param_def *d = &risk_param_defs[i];
		if (!(d->def >= d->min && d->def <= d->max))
			CHECK(0, d->key);
	}
}

static void good_elements(void)
{
	CHECK(IMPORT("pressure", {"bandwidth", "250"}, {"cutoff", "1000"}, {"half-life-days", "90"},
	             {"cap", "45"}, {"saturation", "12.5"}) == SHOMER_OK,
	      "a <pressure> element is accepted");
	CHECK(nrows == 5 && loaded("pressure.bandwidth") == 250 &&
	              loaded("pressure.cutoff") == 1000 && loaded("pressure.saturation") == 12.5,
	      "it stores all five values, which load back");
	CHECK(IMPORT("kind", {"name", "school"}, {"points", "16"}) == SHOMER_OK &&
	              loaded("kind.school") == 16,
	      "<kind name='school' points='16'> stores kind.school");
	CHECK(IMPORT("category", {"name", "hostile-reconnaissance"}, {"weight", "6"}) ==
	                      SHOMER_OK &&
	              loaded("category.hostile-reconnaissance") == 6,
	      "a category weight is stored");
	CHECK(IMPORT("pressure", {"bandwidth", "250"}, {"cutoff", "1000"}, {"half-life-days", "90"},
	             {"cap", "45"}, {"saturation", "12.5"}) == SHOMER_OK &&
	              nrows == 7,
	      "importing the same element again changes nothing (idempotent)");
}

static void bad_elements(void)
{
	size_t before = nrows;

	CHECK(IMPORT("pressure", {"bandwidth", "800"}, {"cutoff", "600"}, {"half-life-days", "90"},
	             {"cap", "45"}, {"saturation", "12"}) == SHOMER_ERR &&
	              strstr(errors,
	                     "cut-off radius (600 m) is smaller than the bandwidth (800 m)"),
	      "a cut-off below the bandwidth is refused, with the reason");
	CHECK(nrows == before && loaded("pressure.bandwidth") == 250,
	      "and nothing of that element is stored");
	CHECK(IMPORT("threat-multipliers", {"low", "0.8"}, {"moderate", "1.0"},
	             {"substantial", "1.3"}, {"severe", "1.2"},
	             {"critical", "1.6"}) == SHOMER_ERR &&
	              strstr(errors, "a higher level must never lower a score"),
	      "threat multipliers that fall as the level rises are refused");
	CHECK(IMPORT("protection", {"cctv-weight", "0.3"}, {"guards-weight", "0.2"},
	             {"max-credit", "0.95"}) == SHOMER_ERR &&
	              strstr(errors, "out of range (0 to 0.9)"),
	      "an out-of-range value is refused even past the schema");
	CHECK(IMPORT("near-repeat", {"radius", "abc"}, {"window-days", "60"},
	             {"points-per-weight", "4"}, {"cap", "20"}) == SHOMER_ERR &&
	              strstr(errors, "is not a number"),
	      "a value that is not a number is refused");
	CHECK(IMPORT("kind", {"name", "castle"}, {"points", "3"}) == SHOMER_ERR &&
	              strstr(errors, "<kind name='castle'> is unknown"),
	      "an unknown kind is refused");
	CHECK(IMPORT("exposure", {"cap", "30"}, {"colour", "blue"}) == SHOMER_ERR &&
	              strstr(errors, "<exposure> has no parameter 'colour'"),
	      "an unknown parameter is refused");
	CHECK(strncmp(errors, "7: ", 3) == 0, "errors carry the element's line");
	CHECK(nrows == before, "no refused element stored anything");
}

static void export_back(void)
{
	xml_out[0] = '\0';
	CHECK(risk_config_export(NULL, NULL, NULL, NULL) == SHOMER_OK, "the export runs");
	CHECK(strstr(xml_out, "<pressure bandwidth=\"250\" cutoff=\"1000\" half-life-days=\"90\" "
	                      "cap=\"45\" saturation=\"12.5\"/>") != NULL,
	      "it writes the imported <pressure> back as it was written");
	CHECK(strstr(xml_out, "<kind name=\"school\" points=\"16\"/>") &&
	              strstr(xml_out, "<category name=\"hostile-reconnaissance\" weight=\"6\"/>"),
	      "and the keyed elements");
	CHECK(!strstr(xml_out, "near-repeat") && !strstr(xml_out, "synagogue"),
	      "but nothing that was never imported");
	CHECK(strstr(xml_out, "<pressure") < strstr(xml_out, "<kind"), "in the schema's order");
}

/* ---- the schema bounds every parameter as params.c does ---- */

static const char *type_of(const char *element)
{
	static const char *const map[][2] = {
	        {"pressure", "Pressure"},     {"near-repeat", "NearRepeat"},
	        {"exposure", "Exposure"},     {"kind", "Kind"},
	        {"category", "Category"},     {"threat-multipliers", "ThreatMultipliers"},
	        {"protection", "Protection"},
	};
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(map[i][0], element) == 0)
			return map[i][1];
	return "?";
}

static double bound_after(const char *from, const char *tag)
{
	const char *p = strstr(from, tag);
	return p ? strtod(p + strlen(tag), NULL) : -1e300;
}

static void schema_bounds(void)
{
	const char *root = getenv("ROOT");
	char path[1024], *text;
	FILE *fp;
	long len;
	int wrong = 0;

	snprintf(path, sizeof(path), "%s/schemas/risk.xsd", root && *root ? root : ".");
	fp = fopen(path, "rb");
	CHECK(fp != NULL, "schemas/risk.xsd opens");
	if (!fp)
		return;
	fseek(fp, 0, SEEK_END);
	len = ftell(fp);
	rewind(fp);
	text = m_alloc((size_t)len + 1);
	text[fread(text, 1, (size_t)len, fp)] = '\0';
	fclose(fp);
	for (size_t i = 0; i < risk_n_param_defs; i++) {
		const struct risk_param_def *d = &risk_param_defs[i];
		char type[80], attr[80];
		snprintf(type, sizeof(type), "<xs:complexType name=\"%s\">", type_of(d->element));
		snprintf(attr, sizeof(attr), "<xs:attribute name=\"%s\"", d->attr);
		const char *t = strstr(text, type), *a = t ? strstr(t, attr) : NULL;
		const char *end = t ? strstr(t, "</xs:complexType>") : NULL;
		if (!a || a > end || bound_after(a, "<xs:minInclusive value=\"") != d->min ||
		    bound_after(a, "<xs:maxInclusive value=\"") != d->max) {
			printf("#   %s: schema bounds differ from [%g, %g]\n", d->key, d->min,
			       d->max);
			wrong++;
		}
	}
	CHECK(wrong == 0, "risk.xsd bounds every parameter exactly as params.c does");
	free(text);
}

int main(void)
{
	risk_api = &mock;
	defaults();
	good_elements();
	bad_elements();
	export_back();
	schema_bounds();
	return check_done();
}
