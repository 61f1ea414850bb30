/*
 * report.h - the ledger summed for reports: each grant's and each
 * project's figures, which `spend report` groups and `shomer report`
 * summarises.  Money in pence.
 */
#ifndef SPEND_REPORT_H
#define SPEND_REPORT_H

#include "map.h"
#include "spend.h"

struct spend_figures {
	int64_t sum[SPEND_N_KINDS]; /* net of corrections, per kind */
	int64_t reclaimable;        /* grant's share paid, not yet reclaimed */
	int64_t share_paid;         /* grant's share of what was paid */
	int64_t recent_share;       /* of it, paid in the last 13 weeks */
	int64_t recent_paid;        /* all paid in the last 13 weeks */
	int64_t on_order;           /* grant's share of what is ordered, not yet paid */
	int64_t projects;
};

void spend_figures_add(struct spend_figures *a, const struct spend_figures *b);

struct spend_grant_fig {
	char id[SPEND_ID_MAX];
	char funder[201], programme[201];
	char currency[SPEND_CUR_LEN];
	int fy, match, advance, maintenance_months;
	char claim_deadline[SPEND_DATE_LEN], awarded_on[SPEND_DATE_LEN];
	struct spend_figures f;
	int64_t remaining;  /* awarded less the grant's share paid */
	int64_t burn_month; /* grant's share paid per month, last 13 weeks */
	int64_t expected;   /* what will still be spent: the larger of the
	                       share on order and the pace to the deadline */
	int64_t at_risk;    /* remaining less expected: would lapse */
	const char *status; /* "on track", "at risk", "lapsed", "spent" */
};

struct spend_project_fig {
	char id[SPEND_ID_MAX];
	char site[SPEND_ID_MAX];
	char category[32];
	size_t grant; /* index into the ledger's grants */
	struct spend_figures f;
};

struct spend_ledger {
	char today[SPEND_DATE_LEN]; /* the host's "now", UTC date */
	char since[SPEND_DATE_LEN]; /* 13 weeks before */
	struct spend_grant_fig *grants;
	size_t n_grants, a_grants;
	struct spend_map grant_index;
	struct spend_project_fig *projects;
	size_t n_projects, a_projects;
};

/* Sums the ledger (the grants of fiscal year fy, or all when fy is 0). */
int spend_ledger_load(struct shomer_host *host, int fy, struct spend_ledger *l, char **errmsg);
void spend_ledger_release(struct spend_ledger *l);
/* Fills g's remaining, burn rate, lapse risk and status as of l->today. */
void spend_grant_outlook(const struct spend_ledger *l, struct spend_grant_fig *g);

#endif
