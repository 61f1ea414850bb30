/*
 * report.c - the risk section of `shomer report`: the threat posture in
 * force, and the ten highest scores with their parts, as `risk score`
 * last stored them (the shared attributes every plugin reads, so the
 * report shows what guards and patrols plan from).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmds.h"
#include "opts.h"
#include "sites.h"

#include "banned.h"

#define REPORT_TOP 10

struct ranked {
	size_t site;
	double score;
};

struct report_ctx {
	struct shomer_host *host;
	struct risk_siteset sites;
	struct ranked *top; /* the best REPORT_TOP, highest first */
	size_t ntop, scored;
};

/* Keeps the REPORT_TOP highest scores (ties by id, as the sites come). */
static void rank(struct report_ctx *c, size_t site, double score)
{
	size_t k = c->ntop < REPORT_TOP ? c->ntop++ : REPORT_TOP;

	if (k == REPORT_TOP && score <= c->top[REPORT_TOP - 1].score)
		return;
	if (k == REPORT_TOP)
		k = REPORT_TOP - 1;
	while (k > 0 && c->top[k - 1].score < score) {
		c->top[k] = c->top[k - 1];
		k--;
	}
	c->top[k].site = site;
	c->top[k].score = score;
}

static int read_scores(struct report_ctx *c, char **errmsg)
{
	for (size_t i = 0; i < c->sites.n; i++) {
		char *v = NULL;
		double score;
		if (risk_api->attr_get(c->host, c->sites.v[i].id, "risk.score", &v, NULL, errmsg) !=
		    SHOMER_OK)
			return SHOMER_ERR;
		if (v && risk_parse_double(v, 0, 100, &score) == 0) {
			c->scored++;
			rank(c, i, score);
		}
		risk_api->free(v);
	}
	return SHOMER_OK;
}

static int posture_table(struct report_ctx *c, struct shomer_report *rep, char **errmsg)
{
	static const char *const cols[] = {"region", "level in force"};
	static const enum shomer_col kinds[] = {SHOMER_COL_TEXT, SHOMER_COL_TEXT};
	struct shomer_table *t = risk_api->table_new(cols, kinds, 2);
	enum shomer_threat level = 0;

	if (risk_api->threat_level(c->host, NULL, &level, errmsg) != SHOMER_OK) {
		risk_api->table_free(t);
		return SHOMER_ERR;
	}
	const char *nat[] = {"(national)", level ? risk_api->threat_name(level) : "none recorded"};
	risk_api->table_row(t, nat);
	for (size_t i = 0; i < c->sites.n; i++) {
		const struct risk_site *s = &c->sites.v[i];
		size_t j;
		for (j = 0; j < i && strcmp(c->sites.v[j].region, s->region) != 0; j++)
			;
		if (j < i || !*s->region)
			continue;
		const char *row[] = {s->region,
		                     s->level ? risk_api->threat_name(s->level) : "none recorded"};
		risk_api->table_row(t, row);
	}
	return risk_api->report_table(rep, t);
}

static int top_table(struct report_ctx *c, struct shomer_report *rep, char **errmsg)
{
	static const char *const keys[] = {"risk.score",       "risk.exposure", "risk.pressure",
	                                   "risk.near_repeat", "risk.threat",   "risk.protection",
	                                   "risk.clamp",       "risk.as_of"};
	static const char *const cols[] = {"id",         "name",     "region",      "score",
	                                   "exposure",   "pressure", "near_repeat", "threat",
	                                   "protection", "clamp",    "as_of"};
	static const enum shomer_col kinds[] = {
	        SHOMER_COL_TEXT,   SHOMER_COL_TEXT,   SHOMER_COL_TEXT,   SHOMER_COL_NUMBER,
	        SHOMER_COL_NUMBER, SHOMER_COL_NUMBER, SHOMER_COL_NUMBER, SHOMER_COL_NUMBER,
	        SHOMER_COL_NUMBER, SHOMER_COL_NUMBER, SHOMER_COL_TEXT};
	struct shomer_table *t = risk_api->table_new(cols, kinds, 11);
	int rc = SHOMER_OK;

	for (size_t k = 0; k < c->ntop && rc == SHOMER_OK; k++) {
		const struct risk_site *s = &c->sites.v[c->top[k].site];
		char *v[8] = {NULL};
		for (int i = 0; i < 8 && rc == SHOMER_OK; i++)
			rc = risk_api->attr_get(c->host, s->id, keys[i], &v[i], NULL, errmsg);
		if (rc == SHOMER_OK) {
			const char *row[] = {s->id, s->name, s->region, v[0], v[1], v[2],
			                     v[3],  v[4],    v[5],      v[6], v[7]};
			risk_api->table_row(t, row);
		}
		for (int i = 0; i < 8; i++)
			risk_api->free(v[i]);
	}
	if (rc != SHOMER_OK) {
		risk_api->table_free(t);
		return rc;
	}
	return risk_api->report_table(rep, t);
}

int risk_report(struct shomer_host *host, void *ud, struct shomer_report *rep, char **errmsg)
{
	struct ranked top[REPORT_TOP];
	struct report_ctx c = {.host = host, .top = top};
	char line[256];
	int rc;

	(void)ud;
	rc = risk_sites_load(host, NULL, 0, &c.sites, errmsg);
	/* the threat levels only: protection attributes are not reported here */
	for (size_t i = 0; rc == SHOMER_OK && i < c.sites.n; i++) {
		enum shomer_threat level = 0;
		const char *region = c.sites.v[i].region;
		rc = risk_api->threat_level(host, *region ? region : NULL, &level, errmsg);
		c.sites.v[i].level = (int)level;
	}
	if (rc == SHOMER_OK)
		rc = read_scores(&c, errmsg);
	if (rc == SHOMER_OK)
		rc = risk_api->report_heading(rep, "Risk");
	if (rc == SHOMER_OK)
		rc = risk_api->report_text(
		        rep,
		        "The threat level in force: a region's is the higher of its own and the "
		        "national level.  It multiplies every score in its region (LOW 0.8 to "
		        "CRITICAL 1.6 by default).");
	if (rc == SHOMER_OK)
		rc = posture_table(&c, rep, errmsg);
	if (rc == SHOMER_OK) {
		if (c.scored == 0)
			snprintf(line, sizeof(line),
			         "No site has a risk score yet: run 'shomer risk score'.");
		else
			snprintf(line, sizeof(line),
			         "The %zu highest risk scores (0-100) of the %zu scored site%s, as "
			         "'shomer "
			         "risk score' last stored them; each score is the sum of its "
			         "parts.  "
			         "'shomer risk explain SITE' gives the reasons.",
			         c.ntop, c.scored, c.scored == 1 ? "" : "s");
		rc = risk_api->report_text(rep, line);
	}
	if (rc == SHOMER_OK && c.ntop)
		rc = top_table(&c, rep, errmsg);
	risk_siteset_release(&c.sites);
	if (rc != SHOMER_OK && errmsg && !*errmsg)
		*errmsg = risk_api->strdup("cannot write the risk section");
	return rc == SHOMER_OK ? SHOMER_OK : SHOMER_ERR;
}
