/*
 * report.c - the spend section of `shomer report`: each grant's award,
 * what is paid and reclaimed, and what will lapse unspent at the pace it
 * is being spent (the same figures as `shomer spend report`).
 */
#include <stdio.h>
#include <string.h>

#include "cmds.h"
#include "report.h"

#include "banned.h"

int spend_report_section(struct shomer_host *host, void *ud, struct shomer_report *rep,
                         char **errmsg)
{
	static const char *const names[] = {
	        "grant",    "funder",    "currency",       "awarded", "paid",  "reclaimable",
	        "received", "remaining", "claim_deadline", "at_risk", "status"};
	static const enum shomer_col kinds[] = {
	        SHOMER_COL_TEXT,  SHOMER_COL_TEXT,  SHOMER_COL_TEXT,  SHOMER_COL_MONEY,
	        SHOMER_COL_MONEY, SHOMER_COL_MONEY, SHOMER_COL_MONEY, SHOMER_COL_MONEY,
	        SHOMER_COL_TEXT,  SHOMER_COL_MONEY, SHOMER_COL_TEXT};
	struct spend_ledger l;
	struct shomer_table *t;
	char line[256];
	size_t risky = 0;

	(void)ud;
	if (spend_ledger_load(host, 0, &l, errmsg) != SHOMER_OK) {
		spend_ledger_release(&l);
		return SHOMER_ERR;
	}
	if (spend_api->report_heading(rep, "Grants and spend") != SHOMER_OK) {
		spend_ledger_release(&l);
		return SHOMER_ERR;
	}
	if (l.n_grants == 0) {
		spend_ledger_release(&l);
		return spend_api->report_text(rep, "No grants are recorded.");
	}
	t = spend_api->table_new(names, kinds, 11);
	for (size_t i = 0; i < l.n_grants; i++) {
		const struct spend_grant_fig *g = &l.grants[i];
		char m[6][SPEND_MONEY_MAX];
		const char *cells[11] = {
		        g->id,
		        g->funder,
		        g->currency,
		        spend_money(g->f.sum[SPEND_AWARD], m[0]),
		        spend_money(g->f.sum[SPEND_PAY], m[1]),
		        spend_money(g->f.reclaimable, m[2]),
		        spend_money(g->f.sum[SPEND_RECEIVE], m[3]),
		        spend_money(g->remaining, m[4]),
		        g->claim_deadline,
		        spend_money(g->at_risk, m[5]),
		        g->status,
		};
		spend_api->table_row(t, cells);
		risky += g->at_risk > 0;
	}
	snprintf(line, sizeof(line),
	         "%zu grant%s recorded; %zu at risk of lapsing unspent at the pace of the last "
	         "13 weeks (as of %s).",
	         l.n_grants, l.n_grants == 1 ? "" : "s", risky, l.today);
	spend_ledger_release(&l);
	if (spend_api->report_text(rep, line) != SHOMER_OK)
		return SHOMER_ERR;
	return spend_api->report_table(rep, t);
}
