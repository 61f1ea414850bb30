/*
 * cmd_report.c - `shomer spend report`: where every grant's money stands,
 * grouped by grant, site, region, category, month or ledger account, and
 * which grants will lapse unspent at the pace they are being spent.
 *
 * Every figure is a sum of whole pence from the ledger; the only division
 * is the grant's share of what was paid (rounded down to the penny, as
 * the import's reclaim rule rounds it) and the burn rate (rounded down).
 * docs/spend.md defines each column.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmds.h"
#include "map.h"
#include "report.h"
#include "spend.h"

#include "banned.h"

/* Pace over the last 13 weeks, per month of 30 days. */
#define BURN_DAYS 91

/* ---- gathering ---- */

void spend_figures_add(struct spend_figures *a, const struct spend_figures *b)
{
	for (int k = 0; k < SPEND_N_KINDS; k++)
		a->sum[k] += b->sum[k];
	a->reclaimable += b->reclaimable;
	a->share_paid += b->share_paid;
	a->recent_share += b->recent_share;
	a->recent_paid += b->recent_paid;
	a->on_order += b->on_order;
	a->projects += b->projects;
}

static const char *text(const struct shomer_value *v)
{
	return v->type == SHOMER_TEXT ? v->u.s : "";
}

static int64_t integer(const struct shomer_value *v)
{
	return v->type == SHOMER_INT ? v->u.i : 0;
}

static int grant_row(void *ud, int ncols, const struct shomer_value *v)
{
	struct spend_ledger *l = ud;
	struct spend_grant_fig *g;

	if (ncols != 10)
		return SHOMER_ERR;
	if (l->n_grants == l->a_grants) {
		size_t a = l->a_grants ? l->a_grants * 2 : 16;
		struct spend_grant_fig *ng = spend_api->alloc(a * sizeof(*ng));
		if (l->n_grants)
			memcpy(ng, l->grants, l->n_grants * sizeof(*ng));
		spend_api->free(l->grants);
		l->grants = ng;
		l->a_grants = a;
	}
	g = &l->grants[l->n_grants];
	memset(g, 0, sizeof(*g));
	spend_copy(g->id, sizeof(g->id), text(&v[0]));
	spend_copy(g->funder, sizeof(g->funder), text(&v[1]));
	spend_copy(g->programme, sizeof(g->programme), text(&v[2]));
	spend_copy(g->currency, sizeof(g->currency), text(&v[3]));
	g->fy = (int)integer(&v[4]);
	g->match = (int)integer(&v[5]);
	g->advance = strcmp(text(&v[6]), "advance") == 0;
	spend_copy(g->claim_deadline, sizeof(g->claim_deadline), text(&v[7]));
	spend_copy(g->awarded_on, sizeof(g->awarded_on), text(&v[8]));
	g->maintenance_months = (int)integer(&v[9]);
	spend_map_put(&l->grant_index, g->id, l->n_grants++);
	return SHOMER_OK;
}

/* Sums of each kind straight from the grant's transactions. */
static int grant_sum_row(void *ud, int ncols, const struct shomer_value *v)
{
	struct spend_ledger *l = ud;
	size_t i;
	int k;

	if (ncols != 3)
		return SHOMER_ERR;
	i = spend_map_get(&l->grant_index, text(&v[0]));
	k = spend_kind_parse(text(&v[1]));
	if (i != (size_t)-1 && k >= 0)
		l->grants[i].f.sum[k] += integer(&v[2]);
	return SHOMER_OK;
}

static int project_row(void *ud, int ncols, const struct shomer_value *v)
{
	struct spend_ledger *l = ud;
	struct spend_project_fig *p;
	size_t gi;

	if (ncols != 11)
		return SHOMER_ERR;
	gi = spend_map_get(&l->grant_index, text(&v[3]));
	if (gi == (size_t)-1)
		return SHOMER_OK; /* a grant the --fy filter left out */
	if (l->n_projects == l->a_projects) {
		size_t a = l->a_projects ? l->a_projects * 2 : 256;
		struct spend_project_fig *np = spend_api->alloc(a * sizeof(*np));
		if (l->n_projects)
			memcpy(np, l->projects, l->n_projects * sizeof(*np));
		spend_api->free(l->projects);
		l->projects = np;
		l->a_projects = a;
	}
	p = &l->projects[l->n_projects++];
	memset(p, 0, sizeof(*p));
	spend_copy(p->id, sizeof(p->id), text(&v[0]));
	spend_copy(p->site, sizeof(p->site), text(&v[1]));
	spend_copy(p->category, sizeof(p->category), text(&v[2]));
	p->grant = gi;
	p->f.projects = 1;
	p->f.sum[SPEND_ALLOCATE] = integer(&v[4]);
	p->f.sum[SPEND_COMMIT] = integer(&v[5]);
	p->f.sum[SPEND_INVOICE] = integer(&v[6]);
	p->f.sum[SPEND_PAY] = integer(&v[7]);
	p->f.sum[SPEND_RECLAIM] = integer(&v[8]);
	p->f.sum[SPEND_RECEIVE] = integer(&v[9]);
	p->f.recent_paid = integer(&v[10]);

	const struct spend_grant_fig *g = &l->grants[gi];
	int64_t share = spend_share_of(p->f.sum[SPEND_PAY], p->f.sum[SPEND_ALLOCATE], g->match);
	p->f.share_paid = share;
	/* the part of the share paid in the last weeks: the share now less
	 * the share before them */
	p->f.recent_share = share - spend_share_of(p->f.sum[SPEND_PAY] - p->f.recent_paid,
	                                           p->f.sum[SPEND_ALLOCATE], g->match);
	p->f.on_order =
	        spend_share_of(p->f.sum[SPEND_COMMIT], p->f.sum[SPEND_ALLOCATE], g->match) - share;
	if (p->f.on_order < 0)
		p->f.on_order = 0;
	if (!g->advance && share > p->f.sum[SPEND_RECLAIM])
		p->f.reclaimable = share - p->f.sum[SPEND_RECLAIM];
	return SHOMER_OK;
}

void spend_ledger_release(struct spend_ledger *l)
{
	spend_api->free(l->grants);
	spend_api->free(l->projects);
	spend_map_release(&l->grant_index);
	memset(l, 0, sizeof(*l));
}

int spend_ledger_load(struct shomer_host *host, int fy, struct spend_ledger *l, char **errmsg)
{
	char now[32];
	struct shomer_value fyv = SHOMER_V_INT(fy);

	memset(l, 0, sizeof(*l));
	spend_map_init(&l->grant_index);
	spend_api->format_time(spend_api->now(host), now);
	now[10] = '\0';
	spend_copy(l->today, sizeof(l->today), now);
	spend_date_of(spend_days(l->today) - BURN_DAYS, l->since);

	if (spend_api->db_query(
	            host,
	            fy ? "SELECT id, funder, programme, currency, fy, match_pct, claim, "
	                 "claim_deadline, awarded_on, maintenance_months "
	                 "FROM spend_grants WHERE fy = ? ORDER BY id"
	               : "SELECT id, funder, programme, currency, fy, match_pct, claim, "
	                 "claim_deadline, awarded_on, maintenance_months "
	                 "FROM spend_grants ORDER BY id",
	            &fyv, fy ? 1 : 0, grant_row, l, errmsg) != SHOMER_OK ||
	    spend_api->db_query(host,
	                        "SELECT grant_id, kind, SUM(amount) FROM spend_txns "
	                        "GROUP BY grant_id, kind",
	                        NULL, 0, grant_sum_row, l, errmsg) != SHOMER_OK)
		return SHOMER_ERR;

	struct shomer_value since = SHOMER_V_TEXT(l->since);
	if (spend_api->db_query(
	            host,
	            "SELECT p.id, p.site_id, p.category, p.grant_id, "
	            "COALESCE(SUM(CASE WHEN t.kind = 'allocate' THEN t.amount END), 0), "
	            "COALESCE(SUM(CASE WHEN t.kind = 'commit' THEN t.amount END), 0), "
	            "COALESCE(SUM(CASE WHEN t.kind = 'invoice' THEN t.amount END), 0), "
	            "COALESCE(SUM(CASE WHEN t.kind = 'pay' THEN t.amount END), 0), "
	            "COALESCE(SUM(CASE WHEN t.kind = 'reclaim' THEN t.amount END), 0), "
	            "COALESCE(SUM(CASE WHEN t.kind = 'receive' THEN t.amount END), 0), "
	            "COALESCE(SUM(CASE WHEN t.kind = 'pay' AND t.date > ? THEN t.amount END), 0) "
	            "FROM spend_projects p JOIN spend_txns t ON t.project_id = p.id "
	            "WHERE p.grant_id IS NOT NULL GROUP BY p.id",
	            &since, 1, project_row, l, errmsg) != SHOMER_OK)
		return SHOMER_ERR;

	for (size_t i = 0; i < l->n_projects; i++) {
		struct spend_grant_fig *g = &l->grants[l->projects[i].grant];
		g->f.reclaimable += l->projects[i].f.reclaimable;
		g->f.share_paid += l->projects[i].f.share_paid;
		g->f.recent_share += l->projects[i].f.recent_share;
		g->f.recent_paid += l->projects[i].f.recent_paid;
		g->f.on_order += l->projects[i].f.on_order;
		g->f.projects++;
	}
	for (size_t i = 0; i < l->n_grants; i++)
		spend_grant_outlook(l, &l->grants[i]);
	return SHOMER_OK;
}

void spend_grant_outlook(const struct spend_ledger *l, struct spend_grant_fig *g)
{
	int64_t awarded = g->f.sum[SPEND_AWARD];
	int64_t left = spend_days(g->claim_deadline) - spend_days(l->today);

	g->remaining = awarded - g->f.share_paid;
	if (g->remaining < 0)
		g->remaining = 0;
	g->burn_month = g->f.recent_share / 3;
	if (g->remaining == 0) {
		g->at_risk = 0;
		g->status = "spent";
	} else if (left < 0) {
		g->at_risk = g->remaining;
		g->status = "lapsed";
	} else {
		/* what will still be spent by the deadline: at least what is on
		 * order, or what the last 13 weeks' pace spends, if more */
		int64_t r = g->f.recent_share;
		int64_t pace = r / BURN_DAYS * left + r % BURN_DAYS * left / BURN_DAYS;
		g->expected = pace > g->f.on_order ? pace : g->f.on_order;
		g->at_risk = g->remaining > g->expected ? g->remaining - g->expected : 0;
		g->status = g->at_risk > 0 ? "at risk" : "on track";
	}
}

/* ---- printing ---- */

enum by { BY_GRANT, BY_SITE, BY_REGION, BY_CATEGORY, BY_MONTH, BY_ACCOUNT };

static const char *const by_names[] = {"grant", "site", "region", "category", "month", "account"};

static const char *money(int64_t pence, char *buf)
{
	return spend_money(pence, buf);
}

static struct shomer_table *grant_table(const struct spend_ledger *l)
{
	static const char *const names[] = {
	        "grant",       "funder",         "fy",        "currency",  "awarded",
	        "allocated",   "unallocated",    "committed", "invoiced",  "paid",
	        "reclaimable", "reclaimed",      "received",  "remaining", "on_order",
	        "burn_month",  "claim_deadline", "at_risk",   "status"};
	static const enum shomer_col kinds[] = {
	        SHOMER_COL_TEXT,  SHOMER_COL_TEXT,  SHOMER_COL_NUMBER, SHOMER_COL_TEXT,
	        SHOMER_COL_MONEY, SHOMER_COL_MONEY, SHOMER_COL_MONEY,  SHOMER_COL_MONEY,
	        SHOMER_COL_MONEY, SHOMER_COL_MONEY, SHOMER_COL_MONEY,  SHOMER_COL_MONEY,
	        SHOMER_COL_MONEY, SHOMER_COL_MONEY, SHOMER_COL_MONEY,  SHOMER_COL_MONEY,
	        SHOMER_COL_TEXT,  SHOMER_COL_MONEY, SHOMER_COL_TEXT};
	struct shomer_table *t = spend_api->table_new(names, kinds, 19);

	for (size_t i = 0; i < l->n_grants; i++) {
		const struct spend_grant_fig *g = &l->grants[i];
		const struct spend_figures *f = &g->f;
		char m[14][SPEND_MONEY_MAX], fy[16];
		snprintf(fy, sizeof(fy), "%d", g->fy);
		const char *cells[19] = {
		        g->id,
		        g->funder,
		        fy,
		        g->currency,
		        money(f->sum[SPEND_AWARD], m[0]),
		        money(f->sum[SPEND_ALLOCATE], m[1]),
		        money(f->sum[SPEND_AWARD] - f->sum[SPEND_ALLOCATE], m[2]),
		        money(f->sum[SPEND_COMMIT], m[3]),
		        money(f->sum[SPEND_INVOICE], m[4]),
		        money(f->sum[SPEND_PAY], m[5]),
		        money(f->reclaimable, m[6]),
		        money(f->sum[SPEND_RECLAIM], m[7]),
		        money(f->sum[SPEND_RECEIVE], m[8]),
		        money(g->remaining, m[9]),
		        money(f->on_order, m[12]),
		        money(g->burn_month, m[10]),
		        g->claim_deadline,
		        money(g->at_risk, m[11]),
		        g->status,
		};
		spend_api->table_row(t, cells);
	}
	return t;
}

/* One group of projects: a site, region or category, in one currency. */
struct group {
	char key[SPEND_ID_MAX + SPEND_CUR_LEN + 1]; /* "key\tGBP", for the map */
	char name[128];
	char currency[SPEND_CUR_LEN];
	struct spend_figures f;
};

static int group_cmp(const void *a, const void *b)
{
	const struct group *x = a, *y = b;
	int c = strcmp(x->name, y->name);
	return c ? c : strcmp(x->currency, y->currency);
}

struct regions {
	struct spend_map index;
	char **names;
	size_t n, a;
};

static int region_site(void *ud, const struct shomer_site *site, double dist)
{
	struct regions *r = ud;

	(void)dist;
	if (r->n == r->a) {
		size_t a = r->a ? r->a * 2 : 256;
		char **nn = spend_api->alloc(a * sizeof(*nn));
		if (r->n)
			memcpy(nn, r->names, r->n * sizeof(*nn));
		spend_api->free(r->names);
		r->names = nn;
		r->a = a;
	}
	r->names[r->n] = spend_api->strdup(site->region ? site->region : "");
	spend_map_put(&r->index, site->id, r->n++);
	return SHOMER_OK;
}

static void regions_release(struct regions *r)
{
	for (size_t i = 0; i < r->n; i++)
		spend_api->free(r->names[i]);
	spend_api->free(r->names);
	spend_map_release(&r->index);
}

static struct shomer_table *group_table(struct shomer_host *host, const struct spend_ledger *l,
                                        enum by by, char **errmsg)
{
	static const char *const tail[] = {"currency",  "projects", "allocated", "committed",
	                                   "invoiced",  "paid",     "open",      "reclaimable",
	                                   "reclaimed", "received", "burn_month"};
	const char *names[12];
	enum shomer_col kinds[12];
	struct regions reg;
	struct spend_map index;
	struct group *groups = NULL;
	size_t n = 0, a = 0;
	struct shomer_table *t = NULL;

	memset(&reg, 0, sizeof(reg));
	spend_map_init(&reg.index);
	spend_map_init(&index);
	if (by == BY_REGION &&
	    spend_api->site_foreach(host, NULL, region_site, &reg, errmsg) != SHOMER_OK)
		goto out;
	for (size_t i = 0; i < l->n_projects; i++) {
		const struct spend_project_fig *p = &l->projects[i];
		const char *cur = l->grants[p->grant].currency, *name = p->site;
		char key[sizeof(groups->key)];
		if (by == BY_CATEGORY) {
			name = p->category;
		} else if (by == BY_REGION) {
			size_t r = spend_map_get(&reg.index, p->site);
			name = r == (size_t)-1 ? "" : reg.names[r];
		}
		snprintf(key, sizeof(key), "%s\t%s", name, cur);
		size_t gi = spend_map_get(&index, key);
		if (gi == (size_t)-1) {
			if (n == a) {
				a = a ? a * 2 : 64;
				struct group *ng = spend_api->alloc(a * sizeof(*ng));
				if (n)
					memcpy(ng, groups, n * sizeof(*ng));
				spend_api->free(groups);
				groups = ng;
			}
			gi = n++;
			memset(&groups[gi], 0, sizeof(groups[gi]));
			spend_copy(groups[gi].key, sizeof(groups[gi].key), key);
			spend_copy(groups[gi].name, sizeof(groups[gi].name), name);
			spend_copy(groups[gi].currency, sizeof(groups[gi].currency), cur);
			spend_map_put(&index, key, gi);
		}
		spend_figures_add(&groups[gi].f, &p->f);
	}
	if (n > 1)
		qsort(groups, n, sizeof(*groups), group_cmp);
	names[0] = by_names[by];
	kinds[0] = SHOMER_COL_TEXT;
	for (int i = 0; i < 11; i++) {
		names[i + 1] = tail[i];
		kinds[i + 1] = i == 0   ? SHOMER_COL_TEXT
		               : i == 1 ? SHOMER_COL_NUMBER
		                        : SHOMER_COL_MONEY;
	}
	t = spend_api->table_new(names, kinds, 12);
	for (size_t i = 0; i < n; i++) {
		const struct spend_figures *f = &groups[i].f;
		char m[10][SPEND_MONEY_MAX], np[24];
		snprintf(np, sizeof(np), "%lld", (long long)f->projects);
		const char *cells[12] = {
		        groups[i].name,
		        groups[i].currency,
		        np,
		        money(f->sum[SPEND_ALLOCATE], m[0]),
		        money(f->sum[SPEND_COMMIT], m[1]),
		        money(f->sum[SPEND_INVOICE], m[2]),
		        money(f->sum[SPEND_PAY], m[3]),
		        money(f->sum[SPEND_COMMIT] - f->sum[SPEND_INVOICE], m[4]),
		        money(f->reclaimable, m[5]),
		        money(f->sum[SPEND_RECLAIM], m[6]),
		        money(f->sum[SPEND_RECEIVE], m[7]),
		        money(f->recent_paid / 3, m[8]),
		};
		spend_api->table_row(t, cells);
	}
out:
	spend_api->free(groups);
	spend_map_release(&index);
	regions_release(&reg);
	return t;
}

/* ---- by month and by account: straight from the ledger ---- */

struct month_rows {
	struct shomer_table *t;
	char month[8], currency[SPEND_CUR_LEN];
	int64_t sum[SPEND_N_KINDS];
	int have;
};

static void month_flush(struct month_rows *m)
{
	char b[SPEND_N_KINDS][SPEND_MONEY_MAX];

	if (!m->have)
		return;
	const char *cells[9] = {m->month, m->currency};
	for (int k = 0; k < SPEND_N_KINDS; k++)
		cells[2 + k] = money(m->sum[k], b[k]);
	spend_api->table_row(m->t, cells);
	memset(m->sum, 0, sizeof(m->sum));
	m->have = 0;
}

static int month_row(void *ud, int ncols, const struct shomer_value *v)
{
	struct month_rows *m = ud;
	int k;

	if (ncols != 4)
		return SHOMER_ERR;
	if (m->have &&
	    (strcmp(m->month, text(&v[0])) != 0 || strcmp(m->currency, text(&v[1])) != 0))
		month_flush(m);
	spend_copy(m->month, sizeof(m->month), text(&v[0]));
	spend_copy(m->currency, sizeof(m->currency), text(&v[1]));
	m->have = 1;
	k = spend_kind_parse(text(&v[2]));
	if (k >= 0)
		m->sum[k] += integer(&v[3]);
	return SHOMER_OK;
}

static struct shomer_table *month_table(struct shomer_host *host, int fy, char **errmsg)
{
	static const char *const names[] = {"month",     "currency",  "awarded",
	                                    "allocated", "committed", "invoiced",
	                                    "paid",      "reclaimed", "received"};
	static const enum shomer_col kinds[] = {
	        SHOMER_COL_TEXT,  SHOMER_COL_TEXT,  SHOMER_COL_MONEY,
	        SHOMER_COL_MONEY, SHOMER_COL_MONEY, SHOMER_COL_MONEY,
	        SHOMER_COL_MONEY, SHOMER_COL_MONEY, SHOMER_COL_MONEY};
	struct month_rows m;
	struct shomer_value v = SHOMER_V_INT(fy);

	memset(&m, 0, sizeof(m));
	m.t = spend_api->table_new(names, kinds, 9);
	if (spend_api->db_query(host,
	                        fy ? "SELECT substr(t.date, 1, 7), t.currency, t.kind, "
	                             "SUM(t.amount) FROM spend_txns t JOIN spend_grants g "
	                             "ON g.id = t.grant_id WHERE g.fy = ? GROUP BY 1, 2, 3 "
	                             "ORDER BY 1, 2"
	                           : "SELECT substr(date, 1, 7), currency, kind, SUM(amount) "
	                             "FROM spend_txns GROUP BY 1, 2, 3 ORDER BY 1, 2",
	                        &v, fy ? 1 : 0, month_row, &m, errmsg) != SHOMER_OK) {
		spend_api->table_free(m.t);
		return NULL;
	}
	month_flush(&m);
	return m.t;
}

static int account_row(void *ud, int ncols, const struct shomer_value *v)
{
	struct shomer_table *t = ud;
	char b[SPEND_MONEY_MAX];

	if (ncols != 3)
		return SHOMER_ERR;
	const char *cells[3] = {text(&v[0]), text(&v[1]), money(integer(&v[2]), b)};
	spend_api->table_row(t, cells);
	return SHOMER_OK;
}

static struct shomer_table *account_table(struct shomer_host *host, int fy, char **errmsg)
{
	static const char *const names[] = {"account", "currency", "balance"};
	static const enum shomer_col kinds[] = {SHOMER_COL_TEXT, SHOMER_COL_TEXT, SHOMER_COL_MONEY};
	struct shomer_table *t = spend_api->table_new(names, kinds, 3);
	struct shomer_value v = SHOMER_V_INT(fy);

	if (spend_api->db_query(host,
	                        fy ? "SELECT p.account, p.currency, SUM(p.amount) FROM "
	                             "spend_postings p JOIN spend_txns t ON t.seq = p.txn_seq "
	                             "JOIN spend_grants g ON g.id = t.grant_id WHERE g.fy = ? "
	                             "GROUP BY 1, 2 ORDER BY 1, 2"
	                           : "SELECT account, currency, SUM(amount) FROM spend_postings "
	                             "GROUP BY 1, 2 ORDER BY 1, 2",
	                        &v, fy ? 1 : 0, account_row, t, errmsg) != SHOMER_OK) {
		spend_api->table_free(t);
		return NULL;
	}
	return t;
}

/* Under a table for people: the grants that will not be spent in time. */
static void print_lapsing(const struct spend_ledger *l, FILE *out)
{
	int any = 0;

	for (size_t i = 0; i < l->n_grants; i++) {
		const struct spend_grant_fig *g = &l->grants[i];
		char a[SPEND_MONEY_MAX], b[SPEND_MONEY_MAX], c[SPEND_MONEY_MAX];
		char d[SPEND_MONEY_MAX];
		if (g->at_risk <= 0)
			continue;
		if (!any)
			fprintf(out, "\ngrants at risk of lapsing unspent (as of %s):\n", l->today);
		any = 1;
		if (strcmp(g->status, "lapsed") == 0)
			fprintf(out, "  %s (%s): %s %s unspent; its claim deadline %s has passed\n",
			        g->id, g->funder, money(g->remaining, a), g->currency,
			        g->claim_deadline);
		else
			fprintf(out,
			        "  %s (%s): %s %s unspent, %s of it on order, spending %s a month; "
			        "%lld days to its claim deadline %s: %s would lapse\n",
			        g->id, g->funder, money(g->remaining, a), g->currency,
			        money(g->f.on_order, d), money(g->burn_month, b),
			        (long long)(spend_days(g->claim_deadline) - spend_days(l->today)),
			        g->claim_deadline, money(g->at_risk, c));
	}
	if (!any && l->n_grants)
		fprintf(out, "\nno grant is at risk of lapsing unspent (as of %s)\n", l->today);
}

static int report_run(struct shomer_host *host, void *ud, int argc, char **argv, char **errmsg)
{
	static const struct option opts[] = {
	        {"fy", required_argument, NULL, 'y'},
	        {"by", required_argument, NULL, 'b'},
	        {"format", required_argument, NULL, 'f'},
	        {NULL, 0, NULL, 0},
	};
	enum shomer_format fmt = SHOMER_FMT_TABLE;
	enum by by = BY_GRANT;
	struct spend_ledger l;
	struct shomer_table *t = NULL;
	int fy = 0, c, rc;

	(void)ud;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (c) {
		case 'y': {
			const char *s = optarg;
			fy = 0;
			for (int i = 0; s[i]; i++)
				fy = i < 4 && s[i] >= '0' && s[i] <= '9' ? fy * 10 + (s[i] - '0')
				                                         : -1;
			if (strlen(s) != 4 || fy < 2000 || fy > 2099)
				return spend_fail(
				        errmsg, SHOMER_EXIT_USAGE,
				        "--fy '%s' is not a fiscal year such as 2026 (the "
				        "year it begins, 1 April)",
				        s);
			break;
		}
		case 'b': {
			size_t i;
			for (i = 0; i < sizeof(by_names) / sizeof(by_names[0]); i++)
				if (strcmp(optarg, by_names[i]) == 0)
					break;
			if (i == sizeof(by_names) / sizeof(by_names[0]))
				return spend_fail(errmsg, SHOMER_EXIT_USAGE,
				                  "--by '%s' is not one of grant, site, region, "
				                  "category, month, account",
				                  optarg);
			by = (enum by)i;
			break;
		}
		case 'f':
			if (spend_api->format_parse(optarg, &fmt) != SHOMER_OK ||
			    fmt == SHOMER_FMT_GEOJSON)
				return spend_fail(errmsg, SHOMER_EXIT_USAGE,
				                  "--format '%s' is not one of table, csv, json",
				                  optarg);
			break;
		default: return spend_usage(errmsg, c, argv[optind - 1]);
		}
	}
	if (optind < argc)
		return spend_fail(errmsg, SHOMER_EXIT_USAGE, "unexpected argument '%s'",
		                  argv[optind]);

	if (by == BY_MONTH)
		t = month_table(host, fy, errmsg);
	else if (by == BY_ACCOUNT)
		t = account_table(host, fy, errmsg);
	if (by == BY_MONTH || by == BY_ACCOUNT) {
		if (!t)
			return SHOMER_EXIT_FAILED;
		rc = spend_api->table_print(t, fmt, stdout, errmsg);
		spend_api->table_free(t);
		return rc == SHOMER_OK ? SHOMER_EXIT_OK : SHOMER_EXIT_FAILED;
	}
	if (spend_ledger_load(host, fy, &l, errmsg) != SHOMER_OK) {
		spend_ledger_release(&l);
		return SHOMER_EXIT_FAILED;
	}
	t = by == BY_GRANT ? grant_table(&l) : group_table(host, &l, by, errmsg);
	if (!t) {
		spend_ledger_release(&l);
		return SHOMER_EXIT_FAILED;
	}
	rc = spend_api->table_print(t, fmt, stdout, errmsg);
	spend_api->table_free(t);
	if (rc == SHOMER_OK && fmt == SHOMER_FMT_TABLE)
		print_lapsing(&l, stdout);
	spend_ledger_release(&l);
	return rc == SHOMER_OK ? SHOMER_EXIT_OK : SHOMER_EXIT_FAILED;
}

const struct shomer_command spend_report_cmd = {
        .size = sizeof(struct shomer_command),
        .group = "spend",
        .verb = "report",
        .usage = "[--fy YEAR] [--by grant|site|region|category|month|account] "
                 "[--format table|csv|json]",
        .summary = "where each grant's money stands, and what will lapse unspent",
        .run = report_run,
        .ud = NULL,
};
