/*
 * config.c - see config.h.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

const struct shomer_migration risk_migrations[] = {
        {1, "CREATE TABLE risk_params ("
            "name TEXT PRIMARY KEY, "
            "value DOUBLE PRECISION NOT NULL)"},
};

const size_t risk_n_migrations = sizeof(risk_migrations) / sizeof(risk_migrations[0]);

/* What a row callback returns to stop on its own account (not SHOMER_ERR). */
#define CONFIG_STOP 1

/* ---- reading the table ---- */

struct load_ctx {
	struct risk_params *p;
	unsigned char *seen; /* one flag per risk_param_defs entry, or NULL */
	int stored;
};

static int load_row(void *ud, int ncols, const struct shomer_value *v)
{
	struct load_ctx *c = ud;
	const struct risk_param_def *d;
	double value;

	if (ncols != 2 || v[0].type != SHOMER_TEXT)
		return CONFIG_STOP;
	if (v[1].type == SHOMER_REAL)
		value = v[1].u.r;
	else if (v[1].type == SHOMER_INT)
		value = (double)v[1].u.i;
	else
		return CONFIG_STOP;
	d = risk_param_find(v[0].u.s);
	if (!d)
		return SHOMER_OK; /* a parameter a newer version wrote: not ours to read */
	if (!(value >= d->min && value <= d->max))
		return CONFIG_STOP;
	risk_param_set(c->p, d, value);
	if (c->seen)
		c->seen[d - risk_param_defs] = 1;
	c->stored++;
	return SHOMER_OK;
}

static int load_stored(struct shomer_host *host, struct risk_params *p, unsigned char *seen,
                       int *stored, char **errmsg)
{
	struct load_ctx c;
	int rc;

	risk_params_default(p);
	c.p = p;
	c.seen = seen;
	c.stored = 0;
	rc = risk_api->db_query(host, "SELECT name, value FROM risk_params ORDER BY name", NULL, 0,
	                        load_row, &c, errmsg);
	if (rc == CONFIG_STOP)
		return risk_fail(errmsg, SHOMER_ERR,
		                 "the table risk_params holds a value out of range");
	if (rc != SHOMER_OK)
		return SHOMER_ERR;
	if (stored)
		*stored = c.stored;
	return SHOMER_OK;
}

int risk_config_load(struct shomer_host *host, struct risk_params *p, int *stored, char **errmsg)
{
	char why[200];

	if (load_stored(host, p, NULL, stored, errmsg) != SHOMER_OK)
		return SHOMER_ERR;
	if (risk_params_check(p, why, sizeof(why)))
		return risk_fail(errmsg, SHOMER_ERR, "stored risk configuration: %s", why);
	return SHOMER_OK;
}

/* ---- import ---- */

/* Strict decimal: the whole string, finite.  The schema has checked the
 * form already; this guards the conversion. */
static int parse_number(const char *s, double *out)
{
	char *end;

	if (!s || !*s)
		return -1;
	errno = 0;
	*out = strtod(s, &end);
	return *end || errno || !isfinite(*out) ? -1 : 0;
}

/*
 * Applies one attribute to `p`, reporting a problem at the element's line;
 * returns 0 or -1.
 */
static int apply_attr(struct shomer_import *imp, const struct shomer_xml_elem *e, const char *name,
                      const struct shomer_xml_attr *a, struct risk_params *p,
                      const struct risk_param_def **used, size_t *nused)
{
	const struct risk_param_def *d;
	double v;

	if (name && strcmp(a->name, "name") == 0)
		return 0;
	d = risk_param_at(e->name, name, a->name);
	if (!d) {
		risk_api->import_error(imp, e->line, "<%s> has no parameter '%s'", e->name,
		                       a->name);
		return -1;
	}
	if (parse_number(a->value, &v)) {
		risk_api->import_error(imp, e->line, "<%s %s='%s'> is not a number", e->name,
		                       a->name, a->value);
		return -1;
	}
	if (v < d->min || v > d->max) {
		risk_api->import_error(imp, e->line, "<%s %s='%s'> is out of range (%g to %g)",
		                       e->name, a->name, a->value, d->min, d->max);
		return -1;
	}
	risk_param_set(p, d, v);
	used[(*nused)++] = d;
	return 0;
}

static int store_param(struct shomer_host *host, const struct risk_param_def *d, double v,
                       char **errmsg)
{
	struct shomer_value params[2] = {SHOMER_V_TEXT(d->key), SHOMER_V_REAL(v)};

	return risk_api->db_exec(host,
	                         "INSERT INTO risk_params (name, value) VALUES (?, ?) "
	                         "ON CONFLICT (name) DO UPDATE SET value = excluded.value",
	                         params, 2, errmsg);
}

int risk_config_import(struct shomer_host *host, void *ud, struct shomer_import *imp,
                       const char *site_id, const struct shomer_xml_elem *e)
{
	const struct risk_param_def *used[64];
	size_t nused = 0;
	struct risk_params p;
	const char *name;
	char why[200], *err = NULL;
	int bad = 0;

	(void)ud;
	if (site_id)
		return risk_api->import_error(
		        imp, e->line, "<%s> belongs in a <risk-config> document, not in a site",
		        e->name);
	if (strcmp(e->ns, RISK_NS) != 0)
		return risk_api->import_error(imp, e->line, "unexpected element <%s>", e->name);
	name = risk_api->xml_attr(e, "name");
	if (name &&
	    !risk_param_at(e->name, name, strcmp(e->name, "kind") == 0 ? "points" : "weight"))
		return risk_api->import_error(imp, e->line, "<%s name='%s'> is unknown", e->name,
		                              name);
	if (e->n_attrs > sizeof(used) / sizeof(used[0]))
		return risk_api->import_error(imp, e->line, "<%s> has too many attributes",
		                              e->name);
	/* The element applied to what is in force now (earlier elements of
	 * this import included: they are already in the table), then the
	 * relations between parameters checked on the result. */
	if (load_stored(host, &p, NULL, NULL, &err) != SHOMER_OK) {
		bad = risk_api->import_error(imp, e->line, "%s", err ? err : "cannot read");
		risk_api->free(err);
		return bad;
	}
	for (size_t i = 0; i < e->n_attrs; i++)
		bad |= apply_attr(imp, e, name, &e->attrs[i], &p, used, &nused);
	if (bad)
		return SHOMER_ERR;
	if (nused == 0)
		return risk_api->import_error(imp, e->line, "<%s> sets no parameter", e->name);
	if (risk_params_check(&p, why, sizeof(why)))
		return risk_api->import_error(imp, e->line, "%s", why);
	for (size_t i = 0; i < nused; i++) {
		if (store_param(host, used[i], risk_param_get(&p, used[i]), &err) != SHOMER_OK) {
			bad = risk_api->import_error(imp, e->line, "cannot store '%s': %s",
			                             used[i]->key, err ? err : "unknown error");
			risk_api->free(err);
			return bad;
		}
	}
	return SHOMER_OK;
}

/* ---- export ---- */

/* The shortest of %.15g and %.17g that reads back as the same double. */
static void fmt_number(char *buf, size_t len, double v)
{
	double back;

	snprintf(buf, len, "%.15g", v);
	if (parse_number(buf, &back) || back != v)
		snprintf(buf, len, "%.17g", v);
}

static int out_attr(struct shomer_xml_out *out, const char *name, double v)
{
	char buf[40];

	fmt_number(buf, sizeof(buf), v);
	return risk_api->xml_attr_out(out, name, buf);
}

/* Writes the element of definition i: a keyed one alone, a plain one with
 * every parameter of its element.  *next gets the index after the group. */
static int export_group(struct shomer_xml_out *out, const struct risk_params *p, size_t i,
                        size_t *next)
{
	const struct risk_param_def *d = &risk_param_defs[i];
	int rc = risk_api->xml_start(out, d->element);

	if (d->name) {
		*next = i + 1;
		if (rc == SHOMER_OK)
			rc = risk_api->xml_attr_out(out, "name", d->name);
		if (rc == SHOMER_OK)
			rc = out_attr(out, d->attr, risk_param_get(p, d));
		return rc == SHOMER_OK ? risk_api->xml_end(out) : rc;
	}
	size_t j = i;
	for (; j < risk_n_param_defs && strcmp(risk_param_defs[j].element, d->element) == 0; j++)
		if (rc == SHOMER_OK)
			rc = out_attr(out, risk_param_defs[j].attr,
			              risk_param_get(p, &risk_param_defs[j]));
	*next = j;
	return rc == SHOMER_OK ? risk_api->xml_end(out) : rc;
}

int risk_config_export(struct shomer_host *host, void *ud, struct shomer_xml_out *out,
                       char **errmsg)
{
	unsigned char seen[128] = {0};
	struct risk_params p;
	size_t i = 0;

	(void)ud;
	if (load_stored(host, &p, seen, NULL, errmsg) != SHOMER_OK)
		return SHOMER_ERR;
	/* Only what was imported: an export read back into an empty
	 * database reproduces the table, defaults staying defaults.  A plain
	 * element's parameters are imported together, so a group with one
	 * stored value has them all. */
	while (i < risk_n_param_defs) {
		const struct risk_param_def *d = &risk_param_defs[i];
		size_t next = i + 1, j;
		int any = 0;
		if (d->name) {
			any = seen[i];
		} else {
			for (j = i; j < risk_n_param_defs &&
			            strcmp(risk_param_defs[j].element, d->element) == 0;
			     j++)
				any |= seen[j];
			next = j;
		}
		if (any && export_group(out, &p, i, &next) != SHOMER_OK)
			return risk_fail(errmsg, SHOMER_ERR, "cannot write <%s>", d->element);
		i = next;
	}
	return SHOMER_OK;
}
