/*
 * common.c - see spend.h: text, dates, money and the records as the
 * database holds them.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spend.h"

#include "banned.h"

static const char *const kind_names[SPEND_N_KINDS] = {
        "award", "allocate", "commit", "invoice", "pay", "reclaim", "receive",
};

static const char *const kind_nouns[SPEND_N_KINDS] = {
        "award", "allocation", "commitment", "invoice", "payment", "reclaim", "receipt",
};

const char *spend_kind_name(enum spend_kind k)
{
	return (unsigned)k < SPEND_N_KINDS ? kind_names[k] : "";
}

const char *spend_kind_noun(enum spend_kind k)
{
	return (unsigned)k < SPEND_N_KINDS ? kind_nouns[k] : "";
}

int spend_kind_parse(const char *s)
{
	for (int k = 0; k < SPEND_N_KINDS; k++)
		if (s && strcmp(s, kind_names[k]) == 0)
			return k;
	return -1;
}

int spend_fail(char **errmsg, int rc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	rc = shomer_vfail(spend_api, errmsg, rc, fmt, ap);
	va_end(ap);
	return rc;
}

int spend_usage(char **errmsg, int opt, const char *arg)
{
	return shomer_usage_fail(spend_api, errmsg, opt, arg);
}

void spend_copy(char *buf, size_t n, const char *s)
{
	size_t len = s ? strlen(s) : 0;

	if (n == 0)
		return;
	if (len >= n)
		len = n - 1;
	if (len)
		memcpy(buf, s, len);
	buf[len] = '\0';
}

char *spend_strdup(const char *s)
{
	return s ? spend_api->strdup(s) : NULL;
}

const char *spend_money(int64_t pence, char *buf)
{
	return spend_api->money_format(pence, buf, SPEND_MONEY_MAX);
}

/* Howard Hinnant's days-from-civil, in integers. */
int64_t spend_days(const char *date)
{
	int64_t y = 0, m = 0, d = 0;

	for (int i = 0; i < 4; i++)
		y = y * 10 + (date[i] - '0');
	m = (date[5] - '0') * 10 + (date[6] - '0');
	d = (date[8] - '0') * 10 + (date[9] - '0');
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void spend_date_of(int64_t days, char *buf)
{
	int64_t z = days + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t y = yoe + era * 400;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int64_t d = doy - (153 * mp + 2) / 5 + 1;
	int64_t m = mp < 10 ? mp + 3 : mp - 9;

	y += m <= 2;
	snprintf(buf, SPEND_DATE_LEN, "%04d-%02d-%02d", (int)y, (int)m, (int)d);
}

int spend_fy_of(const char *date)
{
	int y = 0, m = (date[5] - '0') * 10 + (date[6] - '0');

	for (int i = 0; i < 4; i++)
		y = y * 10 + (date[i] - '0');
	return m >= 4 ? y : y - 1;
}

int64_t spend_share_of(int64_t paid, int64_t allocated, int match)
{
	int64_t s = paid > 0 ? paid / 100 * match + paid % 100 * match / 100 : 0;
	return s < allocated ? s : allocated;
}

int spend_in_list(const char *list, const char *cat)
{
	size_t n = strlen(cat);

	for (const char *p = list; p && *p;) {
		while (*p == ' ')
			p++;
		size_t w = strcspn(p, " ");
		if (w == n && strncmp(p, cat, n) == 0)
			return 1;
		p += w;
	}
	return 0;
}

/* ---- records from the database ---- */

void spend_grant_release(struct spend_grant *g)
{
	spend_api->free(g->funder);
	spend_api->free(g->programme);
	spend_api->free(g->eligible);
	spend_api->free(g->note);
	memset(g, 0, sizeof(*g));
}

void spend_project_release(struct spend_project *p)
{
	spend_api->free(p->supplier);
	spend_api->free(p->description);
	memset(p, 0, sizeof(*p));
}

void spend_txn_release(struct spend_txn *t)
{
	spend_api->free(t->note);
	memset(t, 0, sizeof(*t));
}

static const char *text(const struct shomer_value *v)
{
	return v->type == SHOMER_TEXT ? v->u.s : NULL;
}

static int64_t integer(const struct shomer_value *v)
{
	return v->type == SHOMER_INT ? v->u.i : 0;
}

struct got {
	void *rec;
	int found;
};

static int grant_row(void *ud, int ncols, const struct shomer_value *v)
{
	struct got *got = ud;
	struct spend_grant *g = got->rec;

	if (ncols != 13)
		return SHOMER_ERR;
	spend_copy(g->id, sizeof(g->id), text(&v[0]));
	g->funder = spend_strdup(text(&v[1]));
	g->programme = spend_strdup(text(&v[2]));
	spend_copy(g->currency, sizeof(g->currency), text(&v[3]));
	g->amount = integer(&v[4]);
	spend_copy(g->awarded_on, sizeof(g->awarded_on), text(&v[5]));
	g->fy = (int)integer(&v[6]);
	g->match = (int)integer(&v[7]);
	g->advance = text(&v[8]) && strcmp(text(&v[8]), "advance") == 0;
	spend_copy(g->claim_deadline, sizeof(g->claim_deadline), text(&v[9]));
	g->maintenance_months = (int)integer(&v[10]);
	g->eligible = spend_strdup(text(&v[11]));
	g->note = spend_strdup(text(&v[12]));
	got->found = 1;
	return SHOMER_OK;
}

int spend_grant_get(struct shomer_host *host, const char *id, struct spend_grant *g, int *found,
                    char **errmsg)
{
	struct shomer_value p = SHOMER_V_TEXT(id);
	struct got got = {g, 0};
	int rc;

	memset(g, 0, sizeof(*g));
	rc = spend_api->db_query(host,
	                         "SELECT id, funder, programme, currency, amount, awarded_on, fy, "
	                         "match_pct, claim, claim_deadline, maintenance_months, eligible, "
	                         "note FROM spend_grants WHERE id = ?",
	                         &p, 1, grant_row, &got, errmsg);
	*found = got.found;
	return rc == SHOMER_OK ? SHOMER_OK : SHOMER_ERR;
}

static int project_row(void *ud, int ncols, const struct shomer_value *v)
{
	struct got *got = ud;
	struct spend_project *p = got->rec;

	if (ncols != 9)
		return SHOMER_ERR;
	spend_copy(p->id, sizeof(p->id), text(&v[0]));
	spend_copy(p->site, sizeof(p->site), text(&v[1]));
	spend_copy(p->grant, sizeof(p->grant), text(&v[2]));
	spend_copy(p->category, sizeof(p->category), text(&v[3]));
	p->supplier = spend_strdup(text(&v[4]));
	p->quote = integer(&v[5]);
	spend_copy(p->currency, sizeof(p->currency), text(&v[6]));
	p->description = spend_strdup(text(&v[7]));
	p->after_seq = integer(&v[8]);
	got->found = 1;
	return SHOMER_OK;
}

int spend_project_get(struct shomer_host *host, const char *id, struct spend_project *p, int *found,
                      char **errmsg)
{
	struct shomer_value v = SHOMER_V_TEXT(id);
	struct got got = {p, 0};
	int rc;

	memset(p, 0, sizeof(*p));
	rc = spend_api->db_query(
	        host,
	        "SELECT id, site_id, grant_id, category, supplier, quote, currency, "
	        "description, after_seq FROM spend_projects WHERE id = ?",
	        &v, 1, project_row, &got, errmsg);
	*found = got.found;
	return rc == SHOMER_OK ? SHOMER_OK : SHOMER_ERR;
}

static int txn_row(void *ud, int ncols, const struct shomer_value *v)
{
	struct got *got = ud;
	struct spend_txn *t = got->rec;
	int k;

	if (ncols != 11 || (k = spend_kind_parse(text(&v[2]))) < 0)
		return SHOMER_ERR;
	t->seq = integer(&v[0]);
	spend_copy(t->id, sizeof(t->id), text(&v[1]));
	t->kind = (enum spend_kind)k;
	spend_copy(t->corrects, sizeof(t->corrects), text(&v[3]));
	spend_copy(t->date, sizeof(t->date), text(&v[4]));
	spend_copy(t->grant, sizeof(t->grant), text(&v[5]));
	spend_copy(t->project, sizeof(t->project), text(&v[6]));
	spend_copy(t->ref, sizeof(t->ref), text(&v[7]));
	t->amount = integer(&v[8]);
	spend_copy(t->currency, sizeof(t->currency), text(&v[9]));
	t->note = spend_strdup(text(&v[10]));
	got->found = 1;
	return SHOMER_OK;
}

int spend_txn_get(struct shomer_host *host, const char *id, struct spend_txn *t, int *found,
                  char **errmsg)
{
	struct shomer_value v = SHOMER_V_TEXT(id);
	struct got got = {t, 0};
	int rc;

	memset(t, 0, sizeof(*t));
	rc = spend_api->db_query(host,
	                         "SELECT seq, id, kind, corrects, date, grant_id, project_id, ref, "
	                         "amount, currency, note FROM spend_txns WHERE id = ?",
	                         &v, 1, txn_row, &got, errmsg);
	*found = got.found;
	return rc == SHOMER_OK ? SHOMER_OK : SHOMER_ERR;
}

/* ---- shared site attributes ---- */

struct site_sums {
	char text[2][256]; /* invested, open commitments */
	size_t len[2];
};

static void sums_add(struct site_sums *s, int which, int64_t pence, const char *cur)
{
	char m[SPEND_MONEY_MAX];
	size_t room = sizeof(s->text[which]) - s->len[which];
	int n = snprintf(s->text[which] + s->len[which], room, "%s%s %s", s->len[which] ? "; " : "",
	                 spend_money(pence, m), cur);
	if (n > 0 && (size_t)n < room)
		s->len[which] += (size_t)n;
}

static int site_sum_row(void *ud, int ncols, const struct shomer_value *v)
{
	struct site_sums *s = ud;

	if (ncols != 3)
		return SHOMER_ERR;
	const char *cur = text(&v[0]);
	sums_add(s, 0, integer(&v[1]), cur ? cur : "");
	sums_add(s, 1, integer(&v[2]), cur ? cur : "");
	return SHOMER_OK;
}

/* Values are "12000.00 GBP", one per currency joined by "; " (in practice
 * one): what was paid at the site, and what is ordered but not invoiced. */
int spend_publish_site(struct shomer_host *host, const char *site, char **errmsg)
{
	static const char *const keys[2] = {"spend.invested", "spend.open_commitments"};
	struct shomer_value p = SHOMER_V_TEXT(site);
	struct site_sums s;
	const char *values[2];

	memset(&s, 0, sizeof(s));
	if (spend_api->db_query(host,
	                        "SELECT p.currency, "
	                        "COALESCE(SUM(CASE WHEN t.kind = 'pay' THEN t.amount END), 0), "
	                        "COALESCE(SUM(CASE WHEN t.kind = 'commit' THEN t.amount END), 0) - "
	                        "COALESCE(SUM(CASE WHEN t.kind = 'invoice' THEN t.amount END), 0) "
	                        "FROM spend_projects p JOIN spend_txns t ON t.project_id = p.id "
	                        "WHERE p.site_id = ? AND t.kind IN ('commit', 'invoice', 'pay') "
	                        "GROUP BY p.currency ORDER BY p.currency",
	                        &p, 1, site_sum_row, &s, errmsg) != SHOMER_OK)
		return SHOMER_ERR;
	if (s.len[0] == 0) {
		/* nothing ordered at the site (or all of it reversed) */
		if (spend_api->attr_del(host, site, keys[0], errmsg) != SHOMER_OK ||
		    spend_api->attr_del(host, site, keys[1], errmsg) != SHOMER_OK)
			return SHOMER_ERR;
		return SHOMER_OK;
	}
	values[0] = s.text[0];
	values[1] = s.text[1];
	return spend_api->attr_set_site(host, site, 2, keys, values, errmsg);
}
