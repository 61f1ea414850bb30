/*
 * records.c - the spend plugin's tables, and its records in XML: import
 * (every rule a finance officer relies on, checked before anything is
 * written) and export (the same document back, in the order it was
 * recorded).
 *
 * Nothing recorded changes.  Importing a record that is already in the
 * ledger exactly as it is does nothing, so a file can be imported twice;
 * the same id with anything different is refused, and the way to change
 * money is a <correct> record.  Projects are the exception while no money
 * has moved on them: until then a new quote, supplier or grant replaces
 * the old.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ledger.h"
#include "records.h"
#include "spend.h"

#include "banned.h"

/* ------------------------------------------------------------------ */
/* Tables                                                              */
/* ------------------------------------------------------------------ */

/*
 * Postings go in before their transaction; the transaction's row is
 * accepted only when they are at least two and sum to zero in every
 * currency, and nothing can be added to it afterwards.  A posting whose
 * transaction never arrives breaks the deferred foreign key, so the
 * enclosing transaction cannot commit.  Nothing is ever updated or
 * deleted.
 */
const struct shomer_migration spend_migrations[] = {
        {1, "CREATE TABLE spend_grants ("
            "id TEXT PRIMARY KEY, "
            "funder TEXT NOT NULL, "
            "programme TEXT NOT NULL, "
            "currency TEXT NOT NULL, "
            "amount INTEGER NOT NULL CHECK (amount > 0), "
            "awarded_on TEXT NOT NULL, "
            "fy INTEGER NOT NULL, "
            "match_pct INTEGER NOT NULL CHECK (match_pct BETWEEN 1 AND 100), "
            "claim TEXT NOT NULL CHECK (claim IN ('advance', 'reclaim')), "
            "claim_deadline TEXT NOT NULL, "
            "maintenance_months INTEGER NOT NULL CHECK (maintenance_months >= 0), "
            "eligible TEXT NOT NULL, "
            "note TEXT); "
            "CREATE TABLE spend_projects ("
            "id TEXT PRIMARY KEY, "
            "site_id TEXT NOT NULL REFERENCES sites (id) DEFERRABLE INITIALLY DEFERRED, "
            "grant_id TEXT REFERENCES spend_grants (id), "
            "category TEXT NOT NULL, "
            "supplier TEXT NOT NULL, "
            "quote INTEGER NOT NULL CHECK (quote >= 0), "
            "currency TEXT NOT NULL, "
            "description TEXT, "
            "after_seq INTEGER NOT NULL); "
            "CREATE INDEX spend_projects_site ON spend_projects (site_id); "
            "CREATE TABLE spend_txns ("
            "seq INTEGER PRIMARY KEY, "
            "id TEXT NOT NULL UNIQUE, "
            "kind TEXT NOT NULL CHECK (kind IN ('award', 'allocate', 'commit', 'invoice', "
            "'pay', 'reclaim', 'receive')), "
            "corrects TEXT UNIQUE REFERENCES spend_txns (id), "
            "date TEXT NOT NULL, "
            "grant_id TEXT NOT NULL REFERENCES spend_grants (id), "
            "project_id TEXT REFERENCES spend_projects (id), "
            "ref TEXT, "
            "amount INTEGER NOT NULL, "
            "currency TEXT NOT NULL, "
            "note TEXT, "
            "CHECK ((corrects IS NULL AND amount > 0) OR (corrects IS NOT NULL AND amount < 0))); "
            "CREATE INDEX spend_txns_project ON spend_txns (project_id, kind, amount); "
            "CREATE INDEX spend_txns_grant ON spend_txns (grant_id, kind, amount); "
            "CREATE INDEX spend_txns_ref ON spend_txns (ref, kind, amount); "
            "CREATE TABLE spend_postings ("
            "txn_seq INTEGER NOT NULL REFERENCES spend_txns (seq) "
            "DEFERRABLE INITIALLY DEFERRED, "
            "line INTEGER NOT NULL, "
            "account TEXT NOT NULL, "
            "amount INTEGER NOT NULL, "
            "currency TEXT NOT NULL, "
            "PRIMARY KEY (txn_seq, line)); "
            "CREATE TRIGGER spend_postings_closed BEFORE INSERT ON spend_postings "
            "WHEN EXISTS (SELECT 1 FROM spend_txns WHERE seq = NEW.txn_seq) "
            "BEGIN SELECT RAISE(ABORT, 'spend: postings cannot be added to a recorded "
            "transaction'); END; "
            "CREATE TRIGGER spend_postings_kept BEFORE DELETE ON spend_postings "
            "BEGIN SELECT RAISE(ABORT, 'spend: a posting is never deleted: record a "
            "correction'); END; "
            "CREATE TRIGGER spend_postings_fixed BEFORE UPDATE ON spend_postings "
            "BEGIN SELECT RAISE(ABORT, 'spend: a posting is never changed: record a "
            "correction'); END; "
            "CREATE TRIGGER spend_txns_balanced BEFORE INSERT ON spend_txns "
            "WHEN (SELECT COUNT(*) FROM spend_postings WHERE txn_seq = NEW.seq) < 2 "
            "OR EXISTS (SELECT 1 FROM spend_postings WHERE txn_seq = NEW.seq "
            "GROUP BY currency HAVING SUM(amount) <> 0) "
            "BEGIN SELECT RAISE(ABORT, 'spend: unbalanced transaction: its postings do not "
            "sum to zero'); END; "
            "CREATE TRIGGER spend_txns_kept BEFORE DELETE ON spend_txns "
            "BEGIN SELECT RAISE(ABORT, 'spend: a transaction is never deleted: record a "
            "correction'); END; "
            "CREATE TRIGGER spend_txns_fixed BEFORE UPDATE ON spend_txns "
            "BEGIN SELECT RAISE(ABORT, 'spend: a transaction is never changed: record a "
            "correction'); END; "
            "CREATE TRIGGER spend_grants_kept BEFORE DELETE ON spend_grants "
            "BEGIN SELECT RAISE(ABORT, 'spend: a grant is never deleted'); END; "
            "CREATE TRIGGER spend_grants_fixed BEFORE UPDATE ON spend_grants "
            "BEGIN SELECT RAISE(ABORT, 'spend: a grant is never changed: correct its "
            "award'); END"},
};

const size_t spend_n_migrations = sizeof(spend_migrations) / sizeof(spend_migrations[0]);

/* ------------------------------------------------------------------ */
/* Reading an element                                                  */
/* ------------------------------------------------------------------ */

/* One import call's view of its element. */
struct rec {
	struct shomer_host *host;
	struct shomer_import *imp;
	const struct shomer_xml_elem *e;
	long line;
	const char *id;
	int failed; /* a database error, already in errmsg-less form below */
};

static const char *attr(const struct rec *r, const char *name)
{
	return spend_api->xml_attr(r->e, name);
}

static const char *child_text(const struct rec *r, const char *name)
{
	const struct shomer_xml_elem *c = spend_api->xml_child(r->e, name);
	return c ? c->text : NULL;
}

/* Reports at the element's line; always SHOMER_ERR. */
#define REFUSE(r, ...) spend_api->import_error((r)->imp, (r)->line, __VA_ARGS__)

/* A database failure while checking: reported at the line, with the reason. */
static int db_failed(const struct rec *r, char **errmsg)
{
	int rc = REFUSE(r, "cannot check '%s' against the ledger: %s", r->id,
	                errmsg && *errmsg ? *errmsg : "database error");
	if (errmsg) {
		spend_api->free(*errmsg);
		*errmsg = NULL;
	}
	return rc;
}

/* The amount in attribute `name`, more than 0: SHOMER_OK or refused. */
static int amount_of(const struct rec *r, const char *name, int64_t *pence)
{
	const char *s = attr(r, name);

	if (spend_api->money_parse(s, pence) != SHOMER_OK)
		return REFUSE(r,
		              "attribute '%s' of <%s>: '%s' is not an amount of pounds with at "
		              "most two decimals, such as 1234.56",
		              name, r->e->name, s ? s : "");
	if (*pence <= 0 && strcmp(name, "quote") != 0)
		return REFUSE(r, "attribute '%s' of <%s>: an amount of money must be more than 0",
		              name, r->e->name);
	return SHOMER_OK;
}

/* A date attribute as YYYY-MM-DD (the schema has checked the form). */
static int date_of(const struct rec *r, const char *name, char out[SPEND_DATE_LEN])
{
	const char *s = attr(r, name);

	if (!s || strlen(s) != 10)
		return REFUSE(r, "attribute '%s' of <%s>: '%s' is not a date YYYY-MM-DD", name,
		              r->e->name, s ? s : "");
	spend_copy(out, SPEND_DATE_LEN, s);
	return SHOMER_OK;
}

/* Whitespace runs as single spaces, none at the ends, in place. */
static void squeeze(char *s)
{
	char *w = s;
	int space = 0;

	for (const char *p = s; *p; p++) {
		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
			space = w != s;
			continue;
		}
		if (space)
			*w++ = ' ';
		space = 0;
		*w++ = *p;
	}
	*w = '\0';
}

static int same_text(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

/* ------------------------------------------------------------------ */
/* Sums over the ledger                                                */
/* ------------------------------------------------------------------ */

static int sum_row(void *ud, int ncols, const struct shomer_value *v)
{
	int64_t *sum = ud;

	if (ncols != 1)
		return SHOMER_ERR;
	*sum = v[0].type == SHOMER_INT ? v[0].u.i : 0;
	return SHOMER_OK;
}

/* The net sum of kind k's transactions whose `column` is `key`. */
static int sum_of(struct shomer_host *host, const char *column, const char *key, enum spend_kind k,
                  int64_t *sum, char **errmsg)
{
	static const char *const sql[] = {
	        "SELECT COALESCE(SUM(amount), 0) FROM spend_txns WHERE project_id = ? AND kind = ?",
	        "SELECT COALESCE(SUM(amount), 0) FROM spend_txns WHERE grant_id = ? AND kind = ?",
	        "SELECT COALESCE(SUM(amount), 0) FROM spend_txns WHERE ref = ? AND kind = ?",
	};
	struct shomer_value v[2] = {SHOMER_V_TEXT(key), SHOMER_V_TEXT(spend_kind_name(k))};
	int which = strcmp(column, "project") == 0 ? 0 : strcmp(column, "grant") == 0 ? 1 : 2;

	*sum = 0;
	return spend_api->db_query(host, sql[which], v, 2, sum_row, sum, errmsg) == SHOMER_OK
	               ? SHOMER_OK
	               : SHOMER_ERR;
}

static int id_row(void *ud, int ncols, const struct shomer_value *v)
{
	char *out = ud;

	if (ncols != 1 || v[0].type != SHOMER_TEXT)
		return SHOMER_ERR;
	spend_copy(out, SPEND_ID_MAX, v[0].u.s);
	return SHOMER_OK;
}

/* The correction that reverses `id`, into out ("" when none). */
static int reversal_of(struct shomer_host *host, const char *id, char out[SPEND_ID_MAX],
                       char **errmsg)
{
	struct shomer_value v = SHOMER_V_TEXT(id);

	out[0] = '\0';
	return spend_api->db_query(host, "SELECT id FROM spend_txns WHERE corrects = ?", &v, 1,
	                           id_row, out, errmsg) == SHOMER_OK
	               ? SHOMER_OK
	               : SHOMER_ERR;
}

/* A record of kind k against `ref` that stands (not reversed), into out. */
static int standing_on(struct shomer_host *host, const char *ref, enum spend_kind k,
                       char out[SPEND_ID_MAX], char **errmsg)
{
	struct shomer_value v[2] = {SHOMER_V_TEXT(ref), SHOMER_V_TEXT(spend_kind_name(k))};

	out[0] = '\0';
	return spend_api->db_query(host,
	                           "SELECT t.id FROM spend_txns t WHERE t.ref = ? AND t.kind = ? "
	                           "AND t.corrects IS NULL AND NOT EXISTS (SELECT 1 FROM "
	                           "spend_txns c WHERE c.corrects = t.id) ORDER BY t.seq LIMIT 1",
	                           v, 2, id_row, out, errmsg) == SHOMER_OK
	               ? SHOMER_OK
	               : SHOMER_ERR;
}

/* A new record's id must name nothing yet: no transaction (a grant's
 * award has the grant's id) and no project. */
static int id_free(struct rec *r, char **errmsg)
{
	struct shomer_value v[2] = {SHOMER_V_TEXT(r->id), SHOMER_V_TEXT(r->id)};
	int64_t n = 0;

	if (spend_api->db_query(r->host,
	                        "SELECT (SELECT COUNT(*) FROM spend_txns WHERE id = ?) + "
	                        "(SELECT COUNT(*) FROM spend_projects WHERE id = ?)",
	                        v, 2, sum_row, &n, errmsg) != SHOMER_OK)
		return db_failed(r, errmsg);
	if (n > 0)
		return REFUSE(r, "id '%s' is already taken by another record", r->id);
	return SHOMER_OK;
}

/* ------------------------------------------------------------------ */
/* Grants                                                              */
/* ------------------------------------------------------------------ */

static int grant_same(const struct spend_grant *a, const struct spend_grant *b)
{
	return strcmp(a->currency, b->currency) == 0 && a->amount == b->amount &&
	       strcmp(a->awarded_on, b->awarded_on) == 0 && a->fy == b->fy &&
	       a->match == b->match && a->advance == b->advance &&
	       strcmp(a->claim_deadline, b->claim_deadline) == 0 &&
	       a->maintenance_months == b->maintenance_months && same_text(a->funder, b->funder) &&
	       same_text(a->programme, b->programme) && same_text(a->eligible, b->eligible) &&
	       same_text(a->note, b->note);
}

static int small_int(const struct rec *r, const char *name, long dflt, long *out)
{
	const char *s = attr(r, name);
	long v = 0;

	if (!s) {
		*out = dflt;
		return SHOMER_OK;
	}
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9' || v > 100000)
			return REFUSE(r, "attribute '%s' of <%s>: '%s' is not a whole number", name,
			              r->e->name, s);
		v = v * 10 + (*p - '0');
	}
	*out = v;
	return SHOMER_OK;
}

static int import_grant(struct rec *r, char **errmsg)
{
	struct spend_grant g, old;
	const char *cur = attr(r, "currency"), *claim = attr(r, "claim");
	char *elig = spend_strdup(child_text(r, "eligible"));
	long fy = 0, match = 0, months = 0;
	int found = 0, rc = SHOMER_ERR;
	char fy_from[32], fy_to[32];

	memset(&g, 0, sizeof(g));
	memset(&old, 0, sizeof(old));
	spend_copy(g.id, sizeof(g.id), r->id);
	g.funder = spend_strdup(attr(r, "funder"));
	g.programme = spend_strdup(attr(r, "programme"));
	g.note = spend_strdup(child_text(r, "note"));
	g.eligible = elig;
	if (elig)
		squeeze(elig);
	spend_copy(g.currency, sizeof(g.currency), cur ? cur : "GBP");
	g.advance = claim && strcmp(claim, "advance") == 0;
	if (amount_of(r, "amount", &g.amount) != SHOMER_OK ||
	    date_of(r, "awarded-on", g.awarded_on) != SHOMER_OK ||
	    date_of(r, "claim-deadline", g.claim_deadline) != SHOMER_OK ||
	    small_int(r, "fy", 0, &fy) != SHOMER_OK ||
	    small_int(r, "match", 100, &match) != SHOMER_OK ||
	    small_int(r, "maintenance-months", 0, &months) != SHOMER_OK)
		goto out;
	g.fy = (int)fy;
	g.match = (int)match;
	g.maintenance_months = (int)months;
	if (!elig || !*elig) {
		rc = REFUSE(r, "grant '%s' names no eligible category", r->id);
		goto out;
	}
	snprintf(fy_from, sizeof(fy_from), "%04d-04-01", g.fy);
	snprintf(fy_to, sizeof(fy_to), "%04d-03-31", g.fy + 1);
	if (spend_fy_of(g.awarded_on) != g.fy) {
		rc = REFUSE(r,
		            "grant '%s' is awarded on %s, outside its fiscal year %d "
		            "(%s to %s)",
		            r->id, g.awarded_on, g.fy, fy_from, fy_to);
		goto out;
	}
	if (strcmp(g.claim_deadline, g.awarded_on) < 0) {
		rc = REFUSE(r, "grant '%s' has its claim deadline %s before its award on %s", r->id,
		            g.claim_deadline, g.awarded_on);
		goto out;
	}
	if (spend_grant_get(r->host, r->id, &old, &found, errmsg) != SHOMER_OK) {
		rc = db_failed(r, errmsg);
		goto out;
	}
	if (found) {
		if (grant_same(&g, &old))
			rc = SHOMER_OK; /* already recorded as it is */
		else
			rc = REFUSE(
			        r,
			        "grant '%s' is already recorded with other terms; a grant never "
			        "changes: reverse its award with <correct reverses=\"%s\"> and "
			        "record the grant under a new id",
			        r->id, r->id);
		goto out;
	}
	if (id_free(r, errmsg) != SHOMER_OK)
		goto out;
	struct shomer_value v[13] = {
	        SHOMER_V_TEXT(g.id),
	        SHOMER_V_TEXT(g.funder),
	        SHOMER_V_TEXT(g.programme),
	        SHOMER_V_TEXT(g.currency),
	        SHOMER_V_INT(g.amount),
	        SHOMER_V_TEXT(g.awarded_on),
	        SHOMER_V_INT(g.fy),
	        SHOMER_V_INT(g.match),
	        SHOMER_V_TEXT(g.advance ? "advance" : "reclaim"),
	        SHOMER_V_TEXT(g.claim_deadline),
	        SHOMER_V_INT(g.maintenance_months),
	        SHOMER_V_TEXT(g.eligible),
	        g.note ? SHOMER_V_TEXT(g.note) : SHOMER_V_NULL,
	};
	if (spend_api->db_exec(r->host,
	                       "INSERT INTO spend_grants (id, funder, programme, currency, amount, "
	                       "awarded_on, fy, match_pct, claim, claim_deadline, "
	                       "maintenance_months, eligible, note) "
	                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	                       v, 13, errmsg) != SHOMER_OK) {
		rc = db_failed(r, errmsg);
		goto out;
	}
	/* the award: the grant's own transaction, under its id */
	struct spend_txn t = {0};
	struct spend_posting p[SPEND_MAX_POSTINGS];
	memset(&t, 0, sizeof(t));
	spend_copy(t.id, sizeof(t.id), g.id);
	t.kind = SPEND_AWARD;
	spend_copy(t.date, sizeof(t.date), g.awarded_on);
	spend_copy(t.grant, sizeof(t.grant), g.id);
	t.amount = g.amount;
	spend_copy(t.currency, sizeof(t.currency), g.currency);
	size_t n = spend_postings_for(&t, &g, NULL, p);
	rc = spend_post(r->host, &t, p, n, errmsg) == SHOMER_OK ? SHOMER_OK : db_failed(r, errmsg);
out:
	spend_grant_release(&g);
	spend_grant_release(&old);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Projects                                                            */
/* ------------------------------------------------------------------ */

static int import_project(struct rec *r, char **errmsg)
{
	struct spend_project p, old;
	struct spend_grant g = {0};
	const char *cur = attr(r, "currency"), *grant = attr(r, "grant");
	int found = 0, gfound = 0, rc = SHOMER_ERR;
	int64_t moved = 0;

	memset(&p, 0, sizeof(p));
	memset(&old, 0, sizeof(old));
	memset(&g, 0, sizeof(g));
	spend_copy(p.id, sizeof(p.id), r->id);
	spend_copy(p.site, sizeof(p.site), attr(r, "site"));
	spend_copy(p.grant, sizeof(p.grant), grant);
	spend_copy(p.category, sizeof(p.category), attr(r, "category"));
	spend_copy(p.currency, sizeof(p.currency), cur ? cur : "GBP");
	p.supplier = spend_strdup(attr(r, "supplier"));
	p.description = spend_strdup(child_text(r, "description"));
	if (amount_of(r, "quote", &p.quote) != SHOMER_OK)
		goto out;
	spend_api->import_require_site(r->imp, r->line, p.site);
	if (grant) {
		if (spend_grant_get(r->host, grant, &g, &gfound, errmsg) != SHOMER_OK) {
			rc = db_failed(r, errmsg);
			goto out;
		}
		if (!gfound) {
			rc = REFUSE(r, "project '%s' names grant '%s', which is not recorded",
			            r->id, grant);
			goto out;
		}
		if (strcmp(g.currency, p.currency) != 0) {
			rc = REFUSE(r,
			            "project '%s' is in %s but grant '%s' is in %s: a project is "
			            "paid in its grant's currency",
			            r->id, p.currency, grant, g.currency);
			goto out;
		}
		if (!spend_in_list(g.eligible, p.category)) {
			rc = REFUSE(r,
			            "project '%s' is for %s, which grant '%s' does not pay for "
			            "(eligible: %s)",
			            r->id, p.category, grant, g.eligible);
			goto out;
		}
	}
	if (spend_project_get(r->host, r->id, &old, &found, errmsg) != SHOMER_OK) {
		rc = db_failed(r, errmsg);
		goto out;
	}
	if (found) {
		if (strcmp(old.site, p.site) == 0 && strcmp(old.grant, p.grant) == 0 &&
		    strcmp(old.category, p.category) == 0 &&
		    strcmp(old.currency, p.currency) == 0 && same_text(old.supplier, p.supplier) &&
		    old.quote == p.quote && same_text(old.description, p.description)) {
			rc = SHOMER_OK;
			goto out;
		}
		struct shomer_value k = SHOMER_V_TEXT(r->id);
		if (spend_api->db_query(r->host,
		                        "SELECT COUNT(*) FROM spend_txns WHERE project_id = ?", &k,
		                        1, sum_row, &moved, errmsg) != SHOMER_OK) {
			rc = db_failed(r, errmsg);
			goto out;
		}
		if (moved > 0 &&
		    (strcmp(old.site, p.site) != 0 || strcmp(old.grant, p.grant) != 0 ||
		     strcmp(old.category, p.category) != 0 ||
		     strcmp(old.currency, p.currency) != 0 ||
		     !same_text(old.supplier, p.supplier))) {
			rc = REFUSE(r,
			            "project '%s' already has money recorded against it: its site, "
			            "grant, category, currency and supplier no longer change (only "
			            "its quote and description may)",
			            r->id);
			goto out;
		}
		struct shomer_value v[8] = {
		        SHOMER_V_TEXT(p.site),
		        p.grant[0] ? SHOMER_V_TEXT(p.grant) : SHOMER_V_NULL,
		        SHOMER_V_TEXT(p.category),
		        SHOMER_V_TEXT(p.supplier),
		        SHOMER_V_INT(p.quote),
		        SHOMER_V_TEXT(p.currency),
		        p.description ? SHOMER_V_TEXT(p.description) : SHOMER_V_NULL,
		        SHOMER_V_TEXT(p.id),
		};
		rc = spend_api->db_exec(r->host,
		                        "UPDATE spend_projects SET site_id = ?, grant_id = ?, "
		                        "category = ?, supplier = ?, quote = ?, currency = ?, "
		                        "description = ? WHERE id = ?",
		                        v, 8, errmsg) == SHOMER_OK
		             ? SHOMER_OK
		             : db_failed(r, errmsg);
		goto out;
	}
	if (id_free(r, errmsg) != SHOMER_OK)
		goto out;
	struct shomer_value v[8] = {
	        SHOMER_V_TEXT(p.id),
	        SHOMER_V_TEXT(p.site),
	        p.grant[0] ? SHOMER_V_TEXT(p.grant) : SHOMER_V_NULL,
	        SHOMER_V_TEXT(p.category),
	        SHOMER_V_TEXT(p.supplier),
	        SHOMER_V_INT(p.quote),
	        SHOMER_V_TEXT(p.currency),
	        p.description ? SHOMER_V_TEXT(p.description) : SHOMER_V_NULL,
	};
	rc = spend_api->db_exec(r->host,
	                        "INSERT INTO spend_projects (id, site_id, grant_id, category, "
	                        "supplier, quote, currency, description, after_seq) "
	                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
	                        "(SELECT COALESCE(MAX(seq), 0) FROM spend_txns))",
	                        v, 8, errmsg) == SHOMER_OK
	             ? SHOMER_OK
	             : db_failed(r, errmsg);
out:
	spend_project_release(&p);
	spend_project_release(&old);
	spend_grant_release(&g);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Money events                                                        */
/* ------------------------------------------------------------------ */

/* An event as read, and what it refers to. */
struct event {
	struct spend_txn t;
	struct spend_grant g;
	struct spend_project p;
	int have_p;
	struct spend_txn target; /* the commitment, invoice or reclaim it is against */
	int have_target;
};

static void event_release(struct event *ev)
{
	spend_txn_release(&ev->t);
	spend_grant_release(&ev->g);
	spend_project_release(&ev->p);
	spend_txn_release(&ev->target);
}

/* Loads project `id` and its grant into ev; refused if either is missing. */
static int load_project(struct rec *r, struct event *ev, const char *id, char **errmsg)
{
	int found = 0;

	if (spend_project_get(r->host, id, &ev->p, &found, errmsg) != SHOMER_OK)
		return db_failed(r, errmsg);
	if (!found)
		return REFUSE(r, "%s '%s' is for project '%s', which is not recorded",
		              spend_kind_noun(ev->t.kind), r->id, id);
	ev->have_p = 1;
	if (!ev->p.grant[0])
		return REFUSE(r,
		              "%s '%s' is for project '%s', which names no grant yet: add "
		              "grant=\"...\" to the project first",
		              spend_kind_noun(ev->t.kind), r->id, id);
	if (spend_grant_get(r->host, ev->p.grant, &ev->g, &found, errmsg) != SHOMER_OK)
		return db_failed(r, errmsg);
	if (!found)
		return REFUSE(r, "project '%s' names grant '%s', which is not recorded", id,
		              ev->p.grant);
	spend_copy(ev->t.project, sizeof(ev->t.project), ev->p.id);
	spend_copy(ev->t.grant, sizeof(ev->t.grant), ev->g.id);
	return SHOMER_OK;
}

/* Loads the record `id` of kind k that ev is against (and its project). */
static int load_target(struct rec *r, struct event *ev, const char *id, enum spend_kind k,
                       char **errmsg)
{
	int found = 0;
	char rev[SPEND_ID_MAX];

	if (spend_txn_get(r->host, id, &ev->target, &found, errmsg) != SHOMER_OK)
		return db_failed(r, errmsg);
	if (!found || ev->target.kind != k || ev->target.corrects[0])
		return REFUSE(r, "%s '%s' is against %s '%s', which is not recorded",
		              spend_kind_noun(ev->t.kind), r->id, spend_kind_noun(k), id);
	ev->have_target = 1;
	if (reversal_of(r->host, id, rev, errmsg) != SHOMER_OK)
		return db_failed(r, errmsg);
	if (rev[0])
		return REFUSE(r, "%s '%s' is against %s '%s', which '%s' reversed",
		              spend_kind_noun(ev->t.kind), r->id, spend_kind_noun(k), id, rev);
	if (strcmp(ev->t.date, ev->target.date) < 0)
		return REFUSE(r, "%s '%s' is dated %s, before %s '%s' (%s) it is against",
		              spend_kind_noun(ev->t.kind), r->id, ev->t.date, spend_kind_noun(k),
		              id, ev->target.date);
	spend_copy(ev->t.ref, sizeof(ev->t.ref), id);
	if (ev->target.project[0])
		return load_project(r, ev, ev->target.project, errmsg);
	return SHOMER_OK;
}

static int fy_check(struct rec *r, const struct event *ev)
{
	if (spend_fy_of(ev->t.date) == ev->g.fy)
		return SHOMER_OK;
	return REFUSE(r,
	              "%s '%s' is dated %s, outside the fiscal year of grant '%s', %d "
	              "(%04d-04-01 to %04d-03-31)",
	              spend_kind_noun(ev->t.kind), r->id, ev->t.date, ev->g.id, ev->g.fy, ev->g.fy,
	              ev->g.fy + 1);
}

/* The rules of each kind, on an event whose references are loaded. */
static int event_rules(struct rec *r, struct event *ev, char **errmsg)
{
	struct spend_txn *t = &ev->t;
	const struct spend_grant *g = &ev->g;
	char a[SPEND_MONEY_MAX], b[SPEND_MONEY_MAX], c[SPEND_MONEY_MAX], d[SPEND_MONEY_MAX];
	char e[SPEND_MONEY_MAX];
	int64_t s1 = 0, s2 = 0, s3 = 0;

	switch (t->kind) {
	case SPEND_ALLOCATE:
		if (fy_check(r, ev) != SHOMER_OK)
			return SHOMER_ERR;
		if (!spend_in_list(g->eligible, ev->p.category))
			return REFUSE(r,
			              "allocation '%s': project '%s' is for %s, which grant '%s' "
			              "does not pay for (eligible: %s)",
			              r->id, ev->p.id, ev->p.category, g->id, g->eligible);
		if (sum_of(r->host, "grant", g->id, SPEND_AWARD, &s1, errmsg) != SHOMER_OK ||
		    sum_of(r->host, "grant", g->id, SPEND_ALLOCATE, &s2, errmsg) != SHOMER_OK)
			return db_failed(r, errmsg);
		if (t->amount > s1 - s2)
			return REFUSE(r,
			              "allocation '%s' of %s %s is more than grant '%s' has "
			              "unallocated (%s %s of %s awarded)",
			              r->id, spend_money(t->amount, a), t->currency, g->id,
			              spend_money(s1 - s2, b), g->currency, spend_money(s1, c));
		return SHOMER_OK;
	case SPEND_COMMIT:
		if (strcmp(t->date, g->claim_deadline) > 0)
			return REFUSE(r,
			              "commitment '%s' is dated %s, after the claim deadline of "
			              "grant '%s', %s",
			              r->id, t->date, g->id, g->claim_deadline);
		if (spend_fy_of(t->date) < g->fy)
			return fy_check(r, ev);
		return SHOMER_OK;
	case SPEND_INVOICE:
		if (sum_of(r->host, "ref", t->ref, SPEND_INVOICE, &s1, errmsg) != SHOMER_OK)
			return db_failed(r, errmsg);
		if (t->amount > ev->target.amount - s1)
			return REFUSE(r,
			              "invoice '%s' of %s %s is above its commitment '%s': %s %s "
			              "ordered, %s already invoiced, %s left",
			              r->id, spend_money(t->amount, a), t->currency, t->ref,
			              spend_money(ev->target.amount, b), t->currency,
			              spend_money(s1, c), spend_money(ev->target.amount - s1, d));
		return SHOMER_OK;
	case SPEND_PAY:
		if (sum_of(r->host, "ref", t->ref, SPEND_PAY, &s1, errmsg) != SHOMER_OK)
			return db_failed(r, errmsg);
		if (t->amount > ev->target.amount - s1)
			return REFUSE(r,
			              "payment '%s' of %s %s is more than invoice '%s' has unpaid "
			              "(%s %s of %s)",
			              r->id, spend_money(t->amount, a), t->currency, t->ref,
			              spend_money(ev->target.amount - s1, b), t->currency,
			              spend_money(ev->target.amount, c));
		return SHOMER_OK;
	case SPEND_RECLAIM: {
		if (g->advance)
			return REFUSE(r,
			              "reclaim '%s': grant '%s' is paid in advance, so there is "
			              "nothing to reclaim",
			              r->id, g->id);
		if (sum_of(r->host, "project", ev->p.id, SPEND_PAY, &s1, errmsg) != SHOMER_OK ||
		    sum_of(r->host, "project", ev->p.id, SPEND_ALLOCATE, &s2, errmsg) !=
		            SHOMER_OK ||
		    sum_of(r->host, "project", ev->p.id, SPEND_RECLAIM, &s3, errmsg) != SHOMER_OK)
			return db_failed(r, errmsg);
		int64_t share = spend_share_of(s1, s2, g->match);
		if (t->amount > share - s3)
			return REFUSE(r,
			              "reclaim '%s' of %s %s is above the share of grant '%s' in "
			              "project '%s': %d%% of %s paid (at most the %s allocated) is "
			              "%s, of which %s is already reclaimed",
			              r->id, spend_money(t->amount, a), t->currency, g->id,
			              ev->p.id, g->match, spend_money(s1, b), spend_money(s2, c),
			              spend_money(share, d), spend_money(s3, e));
		return SHOMER_OK;
	}
	case SPEND_RECEIVE:
		if (ev->have_target) {
			if (sum_of(r->host, "ref", t->ref, SPEND_RECEIVE, &s1, errmsg) != SHOMER_OK)
				return db_failed(r, errmsg);
			if (t->amount > ev->target.amount - s1)
				return REFUSE(r,
				              "receipt '%s' of %s %s is more than reclaim '%s' has "
				              "outstanding (%s %s of %s)",
				              r->id, spend_money(t->amount, a), t->currency, t->ref,
				              spend_money(ev->target.amount - s1, b), t->currency,
				              spend_money(ev->target.amount, c));
			return SHOMER_OK;
		}
		if (!g->advance)
			return REFUSE(r,
			              "receipt '%s': grant '%s' is paid by reclaim; receive money "
			              "against a reclaim (reclaim=\"...\")",
			              r->id, g->id);
		if (sum_of(r->host, "grant", g->id, SPEND_AWARD, &s1, errmsg) != SHOMER_OK ||
		    sum_of(r->host, "grant", g->id, SPEND_RECEIVE, &s2, errmsg) != SHOMER_OK)
			return db_failed(r, errmsg);
		if (t->amount > s1 - s2)
			return REFUSE(r,
			              "receipt '%s' of %s %s is more than grant '%s' has still to "
			              "pay (%s %s of %s awarded)",
			              r->id, spend_money(t->amount, a), t->currency, g->id,
			              spend_money(s1 - s2, b), g->currency, spend_money(s1, c));
		if (strcmp(t->date, g->awarded_on) < 0)
			return REFUSE(
			        r, "receipt '%s' is dated %s, before grant '%s' was awarded (%s)",
			        r->id, t->date, g->id, g->awarded_on);
		return SHOMER_OK;
	case SPEND_AWARD:
	case SPEND_N_KINDS: break;
	}
	return SHOMER_OK;
}

/* Whether stored transaction `old` is the event just read. */
static int event_same(const struct spend_txn *old, const struct spend_txn *t)
{
	return old->kind == t->kind && same_text(old->corrects, t->corrects) &&
	       strcmp(old->date, t->date) == 0 && old->amount == t->amount &&
	       strcmp(old->currency, t->currency) == 0 && same_text(old->note, t->note) &&
	       same_text(old->ref, t->ref) && same_text(old->project, t->project) &&
	       same_text(old->grant, t->grant);
}

/* After a record that changes what a site has ordered or paid. */
static int publish(struct rec *r, const struct event *ev, char **errmsg)
{
	if (!ev->have_p ||
	    (ev->t.kind != SPEND_COMMIT && ev->t.kind != SPEND_INVOICE && ev->t.kind != SPEND_PAY))
		return SHOMER_OK;
	if (spend_publish_site(r->host, ev->p.site, errmsg) != SHOMER_OK)
		return db_failed(r, errmsg);
	return SHOMER_OK;
}

/* An event already in the ledger: nothing to do when it is the same. */
static int already(struct rec *r, const struct spend_txn *t, int *done, char **errmsg)
{
	struct spend_txn old = {0};
	int found = 0, rc = SHOMER_OK;
	char a[SPEND_MONEY_MAX];

	*done = 0;
	if (spend_txn_get(r->host, r->id, &old, &found, errmsg) != SHOMER_OK)
		return db_failed(r, errmsg);
	if (found) {
		*done = 1;
		if (!event_same(&old, t))
			rc = REFUSE(
			        r,
			        "'%s' is already in the ledger as %s %s of %s %s on %s; recorded "
			        "money never changes: reverse it with <correct reverses=\"%s\"> "
			        "and record the right one under a new id",
			        r->id, old.corrects[0] ? "a correction of" : "the",
			        spend_kind_noun(old.kind), spend_money(old.amount, a), old.currency,
			        old.date, r->id);
	}
	spend_txn_release(&old);
	return rc;
}

static int import_event(struct rec *r, enum spend_kind kind, char **errmsg)
{
	struct event ev;
	const char *cur = attr(r, "currency");
	int rc = SHOMER_ERR, done = 0, found = 0;

	memset(&ev, 0, sizeof(ev));
	ev.t.kind = kind;
	spend_copy(ev.t.id, sizeof(ev.t.id), r->id);
	ev.t.note = spend_strdup(child_text(r, "note"));
	if (date_of(r, "date", ev.t.date) != SHOMER_OK ||
	    amount_of(r, "amount", &ev.t.amount) != SHOMER_OK)
		goto out;
	switch (kind) {
	case SPEND_ALLOCATE:
	case SPEND_COMMIT:
	case SPEND_RECLAIM: rc = load_project(r, &ev, attr(r, "project"), errmsg); break;
	case SPEND_INVOICE:
		rc = load_target(r, &ev, attr(r, "commitment"), SPEND_COMMIT, errmsg);
		break;
	case SPEND_PAY: rc = load_target(r, &ev, attr(r, "invoice"), SPEND_INVOICE, errmsg); break;
	case SPEND_RECEIVE: {
		const char *rc_id = attr(r, "reclaim"), *g_id = attr(r, "grant");
		if (!rc_id == !g_id) {
			rc = REFUSE(
			        r,
			        "receipt '%s' names %s: it needs exactly one of reclaim=\"...\" "
			        "or grant=\"...\"",
			        r->id,
			        rc_id ? "both a reclaim and a grant"
			              : "neither a reclaim nor a grant");
			break;
		}
		if (rc_id) {
			rc = load_target(r, &ev, rc_id, SPEND_RECLAIM, errmsg);
			break;
		}
		if (spend_grant_get(r->host, g_id, &ev.g, &found, errmsg) != SHOMER_OK) {
			rc = db_failed(r, errmsg);
			break;
		}
		if (!found) {
			rc = REFUSE(r, "receipt '%s' is for grant '%s', which is not recorded",
			            r->id, g_id);
			break;
		}
		spend_copy(ev.t.grant, sizeof(ev.t.grant), ev.g.id);
		rc = SHOMER_OK;
		break;
	}
	case SPEND_AWARD:
	case SPEND_N_KINDS: rc = SHOMER_ERR; break;
	}
	if (rc != SHOMER_OK)
		goto out;
	rc = SHOMER_ERR;
	spend_copy(ev.t.currency, sizeof(ev.t.currency), cur ? cur : ev.g.currency);
	if (already(r, &ev.t, &done, errmsg) != SHOMER_OK)
		goto out;
	if (done) {
		rc = SHOMER_OK;
		goto out;
	}
	if (id_free(r, errmsg) != SHOMER_OK)
		goto out;
	if (strcmp(ev.t.currency, ev.g.currency) != 0) {
		rc = REFUSE(r, "%s '%s' is in %s but grant '%s' is in %s", spend_kind_noun(kind),
		            r->id, ev.t.currency, ev.g.id, ev.g.currency);
		goto out;
	}
	if (event_rules(r, &ev, errmsg) != SHOMER_OK)
		goto out;
	struct spend_posting p[SPEND_MAX_POSTINGS];
	size_t n = spend_postings_for(&ev.t, &ev.g, ev.have_p ? &ev.p : NULL, p);
	if (spend_post(r->host, &ev.t, p, n, errmsg) != SHOMER_OK) {
		rc = db_failed(r, errmsg);
		goto out;
	}
	rc = publish(r, &ev, errmsg);
out:
	event_release(&ev);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Corrections                                                         */
/* ------------------------------------------------------------------ */

/* What still stands on `orig` and would be left without ground. */
static int reversal_rules(struct rec *r, const struct spend_txn *orig, char **errmsg)
{
	char dep[SPEND_ID_MAX], a[SPEND_MONEY_MAX], b[SPEND_MONEY_MAX];
	int64_t s1 = 0, s2 = 0, s3 = 0;
	struct spend_grant g = {0};
	int found = 0, rc = SHOMER_OK;
	static const enum spend_kind on[SPEND_N_KINDS] = {
	        [SPEND_COMMIT] = SPEND_INVOICE,
	        [SPEND_INVOICE] = SPEND_PAY,
	        [SPEND_RECLAIM] = SPEND_RECEIVE,
	};

	if (on[orig->kind]) {
		if (standing_on(r->host, orig->id, on[orig->kind], dep, errmsg) != SHOMER_OK)
			return db_failed(r, errmsg);
		if (dep[0])
			return REFUSE(r,
			              "correction '%s' cannot reverse %s '%s': %s '%s' stands on "
			              "it; reverse that first",
			              r->id, spend_kind_noun(orig->kind), orig->id,
			              spend_kind_noun(on[orig->kind]), dep);
	}
	switch (orig->kind) {
	case SPEND_AWARD:
		if (sum_of(r->host, "grant", orig->grant, SPEND_ALLOCATE, &s1, errmsg) !=
		            SHOMER_OK ||
		    sum_of(r->host, "grant", orig->grant, SPEND_RECEIVE, &s2, errmsg) != SHOMER_OK)
			return db_failed(r, errmsg);
		if (s1 > 0 || s2 > 0)
			return REFUSE(
			        r,
			        "correction '%s' cannot reverse the award of grant '%s': %s is "
			        "allocated from it and %s received; reverse those first",
			        r->id, orig->grant, spend_money(s1, a), spend_money(s2, b));
		return SHOMER_OK;
	case SPEND_ALLOCATE:
	case SPEND_PAY:
		if (spend_grant_get(r->host, orig->grant, &g, &found, errmsg) != SHOMER_OK)
			return db_failed(r, errmsg);
		if (sum_of(r->host, "project", orig->project, SPEND_PAY, &s1, errmsg) !=
		            SHOMER_OK ||
		    sum_of(r->host, "project", orig->project, SPEND_ALLOCATE, &s2, errmsg) !=
		            SHOMER_OK ||
		    sum_of(r->host, "project", orig->project, SPEND_RECLAIM, &s3, errmsg) !=
		            SHOMER_OK) {
			spend_grant_release(&g);
			return db_failed(r, errmsg);
		}
		if (orig->kind == SPEND_PAY)
			s1 -= orig->amount;
		else
			s2 -= orig->amount;
		if (!g.advance && spend_share_of(s1, s2, g.match) < s3)
			rc = REFUSE(r,
			            "correction '%s' cannot reverse %s '%s': %s is already "
			            "reclaimed for project '%s', more than the grant's share "
			            "would be without it (%s); reverse the reclaim first",
			            r->id, spend_kind_noun(orig->kind), orig->id,
			            spend_money(s3, a), orig->project,
			            spend_money(spend_share_of(s1, s2, g.match), b));
		spend_grant_release(&g);
		return rc;
	default: return SHOMER_OK;
	}
}

static int import_correct(struct rec *r, char **errmsg)
{
	struct spend_txn c, orig;
	const char *target = attr(r, "reverses");
	char rev[SPEND_ID_MAX];
	int found = 0, done = 0, rc = SHOMER_ERR;

	memset(&c, 0, sizeof(c));
	memset(&orig, 0, sizeof(orig));
	spend_copy(c.id, sizeof(c.id), r->id);
	c.note = spend_strdup(child_text(r, "note"));
	if (date_of(r, "date", c.date) != SHOMER_OK)
		goto out;
	if (spend_txn_get(r->host, target ? target : "", &orig, &found, errmsg) != SHOMER_OK) {
		rc = db_failed(r, errmsg);
		goto out;
	}
	if (!found) {
		rc = REFUSE(r, "correction '%s' reverses '%s', which is not in the ledger", r->id,
		            target ? target : "");
		goto out;
	}
	/* what the correction would be, to compare with one already recorded */
	c.kind = orig.kind;
	spend_copy(c.corrects, sizeof(c.corrects), orig.id);
	spend_copy(c.grant, sizeof(c.grant), orig.grant);
	spend_copy(c.project, sizeof(c.project), orig.project);
	spend_copy(c.ref, sizeof(c.ref), orig.ref);
	spend_copy(c.currency, sizeof(c.currency), orig.currency);
	c.amount = -orig.amount;
	if (already(r, &c, &done, errmsg) != SHOMER_OK)
		goto out;
	if (done) {
		rc = SHOMER_OK;
		goto out;
	}
	if (id_free(r, errmsg) != SHOMER_OK)
		goto out;
	if (orig.corrects[0]) {
		rc = REFUSE(r,
		            "correction '%s' reverses '%s', which is itself a correction (of "
		            "'%s'); record the original again under a new id instead",
		            r->id, orig.id, orig.corrects);
		goto out;
	}
	if (reversal_of(r->host, orig.id, rev, errmsg) != SHOMER_OK) {
		rc = db_failed(r, errmsg);
		goto out;
	}
	if (rev[0]) {
		rc = REFUSE(r, "correction '%s' reverses '%s', which '%s' already reversed", r->id,
		            orig.id, rev);
		goto out;
	}
	if (strcmp(c.date, orig.date) < 0) {
		rc = REFUSE(r, "correction '%s' is dated %s, before the %s '%s' it reverses (%s)",
		            r->id, c.date, spend_kind_noun(orig.kind), orig.id, orig.date);
		goto out;
	}
	if (reversal_rules(r, &orig, errmsg) != SHOMER_OK)
		goto out;
	if (spend_post_reversal(r->host, &orig, &c, errmsg) != SHOMER_OK) {
		rc = db_failed(r, errmsg);
		goto out;
	}
	rc = SHOMER_OK;
	if (orig.project[0] &&
	    (orig.kind == SPEND_COMMIT || orig.kind == SPEND_INVOICE || orig.kind == SPEND_PAY)) {
		struct spend_project p = {0};
		if (spend_project_get(r->host, orig.project, &p, &found, errmsg) != SHOMER_OK ||
		    (found && spend_publish_site(r->host, p.site, errmsg) != SHOMER_OK))
			rc = db_failed(r, errmsg);
		spend_project_release(&p);
	}
out:
	spend_txn_release(&c);
	spend_txn_release(&orig);
	return rc;
}

/* ------------------------------------------------------------------ */
/* The handler                                                         */
/* ------------------------------------------------------------------ */

static int spend_import(struct shomer_host *host, void *ud, struct shomer_import *imp,
                        const char *site_id, const struct shomer_xml_elem *e)
{
	struct rec r = {.host = host, .imp = imp, .e = e, .line = e->line};
	char *errmsg = NULL;
	int rc;

	(void)ud;
	if (site_id)
		return REFUSE(&r, "<%s> belongs in a <spend> document, not inside a site", e->name);
	r.id = attr(&r, "id");
	if (!r.id)
		return REFUSE(&r, "<%s> has no id", e->name);
	if (spend_api->import_claim_id(imp, e->line, "spend record", r.id) != SHOMER_OK)
		return SHOMER_ERR;
	if (strcmp(e->name, "grant") == 0)
		rc = import_grant(&r, &errmsg);
	else if (strcmp(e->name, "project") == 0)
		rc = import_project(&r, &errmsg);
	else if (strcmp(e->name, "correct") == 0)
		rc = import_correct(&r, &errmsg);
	else if (spend_kind_parse(e->name) > SPEND_AWARD)
		rc = import_event(&r, (enum spend_kind)spend_kind_parse(e->name), &errmsg);
	else
		rc = REFUSE(&r, "<%s> is not a spend record", e->name);
	spend_api->free(errmsg);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Export                                                              */
/* ------------------------------------------------------------------ */

struct xout {
	struct shomer_host *host;
	struct shomer_xml_out *out;
	int failed;
	/* projects, in the order recorded, interleaved by after_seq */
	struct spend_project *projects;
	size_t n_projects, a_projects, next_project;
};

static int put_attr(struct xout *x, const char *name, const char *value)
{
	if (!x->failed && value && *value &&
	    spend_api->xml_attr_out(x->out, name, value) != SHOMER_OK)
		x->failed = 1;
	return x->failed;
}

static int put_money(struct xout *x, const char *name, int64_t pence)
{
	char m[SPEND_MONEY_MAX];
	return put_attr(x, name, spend_money(pence, m));
}

static int put_child(struct xout *x, const char *name, const char *text)
{
	if (x->failed || !text)
		return x->failed;
	if (spend_api->xml_start(x->out, name) != SHOMER_OK ||
	    spend_api->xml_text(x->out, text) != SHOMER_OK ||
	    spend_api->xml_end(x->out) != SHOMER_OK)
		x->failed = 1;
	return x->failed;
}

static int start(struct xout *x, const char *name)
{
	if (!x->failed && spend_api->xml_start(x->out, name) != SHOMER_OK)
		x->failed = 1;
	return x->failed;
}

static int end(struct xout *x)
{
	if (!x->failed && spend_api->xml_end(x->out) != SHOMER_OK)
		x->failed = 1;
	return x->failed;
}

static int project_list_row(void *ud, int ncols, const struct shomer_value *v)
{
	struct xout *x = ud;
	struct spend_project *p;

	if (ncols != 9)
		return SHOMER_ERR;
	if (x->n_projects == x->a_projects) {
		size_t a = x->a_projects ? x->a_projects * 2 : 64;
		struct spend_project *np = spend_api->alloc(a * sizeof(*np));
		if (x->n_projects)
			memcpy(np, x->projects, x->n_projects * sizeof(*np));
		spend_api->free(x->projects);
		x->projects = np;
		x->a_projects = a;
	}
	p = &x->projects[x->n_projects++];
	memset(p, 0, sizeof(*p));
	spend_copy(p->id, sizeof(p->id), v[0].type == SHOMER_TEXT ? v[0].u.s : "");
	spend_copy(p->site, sizeof(p->site), v[1].type == SHOMER_TEXT ? v[1].u.s : "");
	spend_copy(p->grant, sizeof(p->grant), v[2].type == SHOMER_TEXT ? v[2].u.s : "");
	spend_copy(p->category, sizeof(p->category), v[3].type == SHOMER_TEXT ? v[3].u.s : "");
	p->supplier = spend_strdup(v[4].type == SHOMER_TEXT ? v[4].u.s : "");
	p->quote = v[5].type == SHOMER_INT ? v[5].u.i : 0;
	spend_copy(p->currency, sizeof(p->currency), v[6].type == SHOMER_TEXT ? v[6].u.s : "");
	p->description = spend_strdup(v[7].type == SHOMER_TEXT ? v[7].u.s : NULL);
	p->after_seq = v[8].type == SHOMER_INT ? v[8].u.i : 0;
	return SHOMER_OK;
}

static void put_project(struct xout *x, const struct spend_project *p)
{
	char m[SPEND_MONEY_MAX];

	start(x, "project");
	put_attr(x, "id", p->id);
	put_attr(x, "site", p->site);
	put_attr(x, "grant", p->grant);
	put_attr(x, "category", p->category);
	put_attr(x, "supplier", p->supplier);
	put_attr(x, "quote", spend_money(p->quote, m));
	put_attr(x, "currency", p->currency);
	put_child(x, "description", p->description);
	end(x);
}

/* The projects recorded before transaction `seq` (or all: INT64_MAX). */
static void projects_before(struct xout *x, int64_t seq)
{
	while (x->next_project < x->n_projects && x->projects[x->next_project].after_seq < seq)
		put_project(x, &x->projects[x->next_project++]);
}

static void put_grant(struct xout *x, const struct spend_grant *g)
{
	char n[16];

	start(x, "grant");
	put_attr(x, "id", g->id);
	put_attr(x, "funder", g->funder);
	put_attr(x, "programme", g->programme);
	put_attr(x, "currency", g->currency);
	put_money(x, "amount", g->amount);
	put_attr(x, "awarded-on", g->awarded_on);
	snprintf(n, sizeof(n), "%d", g->fy);
	put_attr(x, "fy", n);
	snprintf(n, sizeof(n), "%d", g->match);
	put_attr(x, "match", n);
	put_attr(x, "claim", g->advance ? "advance" : "reclaim");
	put_attr(x, "claim-deadline", g->claim_deadline);
	snprintf(n, sizeof(n), "%d", g->maintenance_months);
	put_attr(x, "maintenance-months", n);
	put_child(x, "eligible", g->eligible);
	put_child(x, "note", g->note);
	end(x);
}

static int txn_out_row(void *ud, int ncols, const struct shomer_value *v)
{
	struct xout *x = ud;
	struct spend_txn t = {0};
	int k;

	if (ncols != 11 || v[2].type != SHOMER_TEXT || (k = spend_kind_parse(v[2].u.s)) < 0)
		return SHOMER_ERR;
	memset(&t, 0, sizeof(t));
	t.seq = v[0].u.i;
	spend_copy(t.id, sizeof(t.id), v[1].u.s);
	t.kind = (enum spend_kind)k;
	spend_copy(t.corrects, sizeof(t.corrects), v[3].type == SHOMER_TEXT ? v[3].u.s : "");
	spend_copy(t.date, sizeof(t.date), v[4].type == SHOMER_TEXT ? v[4].u.s : "");
	spend_copy(t.project, sizeof(t.project), v[6].type == SHOMER_TEXT ? v[6].u.s : "");
	spend_copy(t.ref, sizeof(t.ref), v[7].type == SHOMER_TEXT ? v[7].u.s : "");
	t.amount = v[8].type == SHOMER_INT ? v[8].u.i : 0;
	spend_copy(t.currency, sizeof(t.currency), v[9].type == SHOMER_TEXT ? v[9].u.s : "");
	const char *note = v[10].type == SHOMER_TEXT ? v[10].u.s : NULL;
	const char *grant = v[5].type == SHOMER_TEXT ? v[5].u.s : "";

	projects_before(x, t.seq);
	if (t.corrects[0]) {
		start(x, "correct");
		put_attr(x, "id", t.id);
		put_attr(x, "date", t.date);
		put_attr(x, "reverses", t.corrects);
		put_child(x, "note", note);
		end(x);
	} else if (t.kind == SPEND_AWARD) {
		struct spend_grant g = {0};
		int found = 0;
		char *err = NULL;
		if (spend_grant_get(x->host, grant, &g, &found, &err) != SHOMER_OK || !found)
			x->failed = 1;
		else
			put_grant(x, &g);
		spend_api->free(err);
		spend_grant_release(&g);
	} else {
		start(x, spend_kind_name(t.kind));
		put_attr(x, "id", t.id);
		put_attr(x, "date", t.date);
		put_money(x, "amount", t.amount);
		put_attr(x, "currency", t.currency);
		switch (t.kind) {
		case SPEND_INVOICE: put_attr(x, "commitment", t.ref); break;
		case SPEND_PAY: put_attr(x, "invoice", t.ref); break;
		case SPEND_RECEIVE:
			if (t.ref[0])
				put_attr(x, "reclaim", t.ref);
			else
				put_attr(x, "grant", grant);
			break;
		default: put_attr(x, "project", t.project); break;
		}
		put_child(x, "note", note);
		end(x);
	}
	return x->failed ? SHOMER_ERR : SHOMER_OK;
}

static int spend_export_docs(struct shomer_host *host, void *ud, struct shomer_xml_out *out,
                             char **errmsg)
{
	struct xout x = {.host = host, .out = out};
	int rc;

	(void)ud;
	rc = spend_api->db_query(
	        host,
	        "SELECT id, site_id, grant_id, category, supplier, quote, currency, "
	        "description, after_seq FROM spend_projects "
	        "ORDER BY after_seq, rowid",
	        NULL, 0, project_list_row, &x, errmsg);
	if (rc == SHOMER_OK)
		rc = spend_api->db_query(
		        host,
		        "SELECT seq, id, kind, corrects, date, grant_id, project_id, "
		        "ref, amount, currency, note FROM spend_txns ORDER BY seq",
		        NULL, 0, txn_out_row, &x, errmsg);
	if (rc == SHOMER_OK)
		projects_before(&x, INT64_MAX);
	for (size_t i = 0; i < x.n_projects; i++)
		spend_project_release(&x.projects[i]);
	spend_api->free(x.projects);
	if (rc == SHOMER_OK && x.failed)
		return spend_fail(errmsg, SHOMER_ERR, "cannot write the spend records");
	return rc == SHOMER_OK ? SHOMER_OK : SHOMER_ERR;
}

const struct shomer_xml_handler spend_xml = {
        .size = sizeof(struct shomer_xml_handler),
        .ns = SPEND_NS,
        .xsd = "spend.xsd",
        .root_name = SPEND_ROOT,
        .import = spend_import,
        .export_site = NULL,
        .export_docs = spend_export_docs,
        .ud = NULL,
};

/* ------------------------------------------------------------------ */
/* Sites                                                               */
/* ------------------------------------------------------------------ */

/* A site with projects cannot go: the ledger keeps every record. */
int spend_site_hook(struct shomer_host *host, void *ud, const char *site_id,
                    enum shomer_site_event ev, char **errmsg)
{
	struct shomer_value v = SHOMER_V_TEXT(site_id);
	char first[SPEND_ID_MAX];

	(void)ud;
	if (ev != SHOMER_SITE_REMOVED)
		return SHOMER_OK;
	first[0] = '\0';
	if (spend_api->db_query(
	            host, "SELECT id FROM spend_projects WHERE site_id = ? ORDER BY id LIMIT 1", &v,
	            1, id_row, first, errmsg) != SHOMER_OK)
		return SHOMER_ERR;
	if (first[0])
		return spend_fail(errmsg, SHOMER_ERR,
		                  "site '%s' has spend projects (such as '%s'), which the ledger "
		                  "keeps; it cannot be removed",
		                  site_id, first);
	return SHOMER_OK;
}
