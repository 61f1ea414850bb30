/*
 * ledger.c - see ledger.h.
 */
#include "ledger.h"

#include <stdio.h>
#include <string.h>

#include "banned.h"

/* Account `a:b:c:d` (NULL parts left out) with `amount`. */
static void put(struct spend_posting *p, int64_t amount, const char *a, const char *b,
                const char *c, const char *d)
{
	const char *parts[4] = {a, b, c, d};
	size_t n = 0;

	p->account[0] = '\0';
	for (int i = 0; i < 4 && parts[i]; i++) {
		int w = snprintf(p->account + n, sizeof(p->account) - n, "%s%s", n ? ":" : "",
		                 parts[i]);
		if (w < 0 || (size_t)w >= sizeof(p->account) - n)
			break;
		n += (size_t)w;
	}
	p->amount = amount;
}

size_t spend_postings_for(const struct spend_txn *t, const struct spend_grant *g,
                          const struct spend_project *p, struct spend_posting *out)
{
	int64_t a = t->amount;
	const char *G = g->id, *P = p ? p->id : "", *S = p && p->supplier ? p->supplier : "";

	switch (t->kind) {
	case SPEND_AWARD:
		put(&out[0], a, "grants", G, "unallocated", NULL);
		put(&out[1], -a, "grants", G, "awarded", NULL);
		return 2;
	case SPEND_ALLOCATE:
		put(&out[0], a, "grants", G, "allocated", P);
		put(&out[1], -a, "grants", G, "unallocated", NULL);
		return 2;
	case SPEND_COMMIT:
		put(&out[0], a, "commitments", P, "open", NULL);
		put(&out[1], -a, "commitments", P, "ordered", NULL);
		return 2;
	case SPEND_INVOICE:
		put(&out[0], -a, "commitments", P, "open", NULL);
		put(&out[1], a, "commitments", P, "ordered", NULL);
		put(&out[2], a, "expenses:security", p ? p->category : "", p ? p->site : "", NULL);
		put(&out[3], -a, "liabilities:suppliers", S, NULL, NULL);
		return 4;
	case SPEND_PAY:
		put(&out[0], a, "liabilities:suppliers", S, NULL, NULL);
		put(&out[1], -a, "assets:bank", NULL, NULL, NULL);
		return 2;
	case SPEND_RECLAIM:
		put(&out[0], a, "assets:receivable:grants", G, NULL, NULL);
		put(&out[1], -a, "income:grants", G, NULL, NULL);
		return 2;
	case SPEND_RECEIVE:
		put(&out[0], a, "assets:bank", NULL, NULL, NULL);
		put(&out[1], -a, g->advance ? "income:grants" : "assets:receivable:grants", G, NULL,
		    NULL);
		return 2;
	case SPEND_N_KINDS: break;
	}
	return 0;
}

static struct shomer_value text_or_null(const char *s)
{
	return s && *s ? SHOMER_V_TEXT(s) : SHOMER_V_NULL;
}

static int seq_row(void *ud, int ncols, const struct shomer_value *v)
{
	int64_t *seq = ud;

	if (ncols != 1 || v[0].type != SHOMER_INT)
		return SHOMER_ERR;
	*seq = v[0].u.i;
	return SHOMER_OK;
}

int spend_post(struct shomer_host *host, struct spend_txn *t, const struct spend_posting *p,
               size_t n, char **errmsg)
{
	int64_t seq = 0;

	if (spend_api->db_query(host, "SELECT COALESCE(MAX(seq), 0) + 1 FROM spend_txns", NULL, 0,
	                        seq_row, &seq, errmsg) != SHOMER_OK)
		return SHOMER_ERR;
	for (size_t i = 0; i < n; i++) {
		struct shomer_value v[5] = {
		        SHOMER_V_INT(seq),           SHOMER_V_INT((int64_t)i + 1),
		        SHOMER_V_TEXT(p[i].account), SHOMER_V_INT(p[i].amount),
		        SHOMER_V_TEXT(t->currency),
		};
		if (spend_api->db_exec(
		            host,
		            "INSERT INTO spend_postings (txn_seq, line, account, amount, "
		            "currency) VALUES (?, ?, ?, ?, ?)",
		            v, 5, errmsg) != SHOMER_OK)
			return SHOMER_ERR;
	}
	struct shomer_value v[11] = {
	        SHOMER_V_INT(seq),
	        SHOMER_V_TEXT(t->id),
	        SHOMER_V_TEXT(spend_kind_name(t->kind)),
	        text_or_null(t->corrects),
	        SHOMER_V_TEXT(t->date),
	        SHOMER_V_TEXT(t->grant),
	        text_or_null(t->project),
	        text_or_null(t->ref),
	        SHOMER_V_INT(t->amount),
	        SHOMER_V_TEXT(t->currency),
	        text_or_null(t->note),
	};
	if (spend_api->db_exec(host,
	                       "INSERT INTO spend_txns (seq, id, kind, corrects, date, grant_id, "
	                       "project_id, ref, amount, currency, note) "
	                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	                       v, 11, errmsg) != SHOMER_OK)
		return SHOMER_ERR;
	t->seq = seq;
	return SHOMER_OK;
}

struct reversed {
	struct spend_posting p[SPEND_MAX_POSTINGS];
	size_t n;
};

static int posting_row(void *ud, int ncols, const struct shomer_value *v)
{
	struct reversed *r = ud;

	if (ncols != 2 || v[0].type != SHOMER_TEXT || v[1].type != SHOMER_INT ||
	    r->n == SPEND_MAX_POSTINGS)
		return SHOMER_ERR;
	spend_copy(r->p[r->n].account, sizeof(r->p[r->n].account), v[0].u.s);
	r->p[r->n++].amount = -v[1].u.i;
	return SHOMER_OK;
}

int spend_post_reversal(struct shomer_host *host, const struct spend_txn *orig, struct spend_txn *c,
                        char **errmsg)
{
	struct shomer_value seq = SHOMER_V_INT(orig->seq);
	struct reversed r = {.n = 0};

	if (spend_api->db_query(host,
	                        "SELECT account, amount FROM spend_postings WHERE txn_seq = ? "
	                        "ORDER BY line",
	                        &seq, 1, posting_row, &r, errmsg) != SHOMER_OK)
		return SHOMER_ERR;
	c->kind = orig->kind;
	spend_copy(c->corrects, sizeof(c->corrects), orig->id);
	spend_copy(c->grant, sizeof(c->grant), orig->grant);
	spend_copy(c->project, sizeof(c->project), orig->project);
	spend_copy(c->ref, sizeof(c->ref), orig->ref);
	spend_copy(c->currency, sizeof(c->currency), orig->currency);
	c->amount = -orig->amount;
	return spend_post(host, c, r.p, r.n, errmsg);
}
