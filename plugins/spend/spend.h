/*
 * spend.h - what the spend plugin's files share: the host's services, the
 * kinds of ledger transaction, the records as read from the database, and
 * small helpers for text, dates and money.
 *
 * Money is int64_t pence (minor units) everywhere; it is read and written
 * only through the host's money_parse and money_format.  Dates are the
 * text "YYYY-MM-DD", which sorts as it should.
 */
#ifndef SPEND_SPEND_H
#define SPEND_SPEND_H

#include <stdint.h>
#include <stdio.h>

#include "shomer/plugin.h"

#define SPEND_NS   "urn:shomer:spend:1"
#define SPEND_ROOT "spend"

/* The host's services, kept by init. */
extern const struct shomer_api *spend_api;

/* The money events.  A correction is stored with the kind of the record it
 * reverses and the opposite amount, so every sum of a kind is net of its
 * corrections. */
enum spend_kind {
	SPEND_AWARD = 0,
	SPEND_ALLOCATE,
	SPEND_COMMIT,
	SPEND_INVOICE,
	SPEND_PAY,
	SPEND_RECLAIM,
	SPEND_RECEIVE,
	SPEND_N_KINDS
};

/* "award", "allocate", ... as stored and as the XML elements are named
 * ("award" has no element: a <grant> records it). */
const char *spend_kind_name(enum spend_kind k);
/* The kind named `s`, or -1. */
int spend_kind_parse(const char *s);
/* "award", "allocation", "commitment", "invoice", "payment", "reclaim",
 * "receipt": the record in a sentence. */
const char *spend_kind_noun(enum spend_kind k);

#define SPEND_ID_MAX   65 /* 64 characters and the NUL */
#define SPEND_DATE_LEN 11 /* YYYY-MM-DD and the NUL */
#define SPEND_CUR_LEN  4

struct spend_grant {
	char id[SPEND_ID_MAX];
	char *funder, *programme, *eligible, *note; /* eligible: categories, space-separated */
	char currency[SPEND_CUR_LEN];
	int64_t amount;
	char awarded_on[SPEND_DATE_LEN];
	int fy;
	int match;   /* percent of a project's cost the grant pays */
	int advance; /* 1: paid in advance; 0: the site pays and reclaims */
	char claim_deadline[SPEND_DATE_LEN];
	int maintenance_months;
};

struct spend_project {
	char id[SPEND_ID_MAX];
	char site[SPEND_ID_MAX];
	char grant[SPEND_ID_MAX]; /* "" when not yet named */
	char category[32];
	char *supplier, *description;
	int64_t quote;
	char currency[SPEND_CUR_LEN];
	int64_t after_seq; /* the last transaction recorded before it */
};

/* A transaction as stored (spend_txns). */
struct spend_txn {
	int64_t seq;
	char id[SPEND_ID_MAX];
	enum spend_kind kind;
	char corrects[SPEND_ID_MAX]; /* "" unless it reverses that transaction */
	char date[SPEND_DATE_LEN];
	char grant[SPEND_ID_MAX];
	char project[SPEND_ID_MAX]; /* "" for an award or an advance */
	char ref[SPEND_ID_MAX];     /* the commitment, invoice or reclaim it is against */
	int64_t amount;             /* positive; negative for a correction */
	char currency[SPEND_CUR_LEN];
	char *note;
};

void spend_grant_release(struct spend_grant *g);
void spend_project_release(struct spend_project *p);
void spend_txn_release(struct spend_txn *t);

/* Loads a record by id: SHOMER_OK and *found (0 or 1); SHOMER_ERR with
 * *errmsg when the database fails. */
int spend_grant_get(struct shomer_host *host, const char *id, struct spend_grant *g, int *found,
                    char **errmsg);
int spend_project_get(struct shomer_host *host, const char *id, struct spend_project *p, int *found,
                      char **errmsg);
int spend_txn_get(struct shomer_host *host, const char *id, struct spend_txn *t, int *found,
                  char **errmsg);

/* Sets *errmsg (when not NULL) to a host-allocated message; returns rc. */
int spend_fail(char **errmsg, int rc, const char *fmt, ...) SHOMER_PRINTF(3, 4);
/* SHOMER_EXIT_USAGE for getopt_long's '?' and ':'. */
int spend_usage(char **errmsg, int opt, const char *arg);

/* Copies at most n - 1 bytes of s (NULL: "") into buf, always terminated. */
void spend_copy(char *buf, size_t n, const char *s);
/* A host-allocated copy of s, or NULL for NULL. */
char *spend_strdup(const char *s);

/* pence as "1234.56" into buf (SPEND_MONEY_MAX bytes). */
#define SPEND_MONEY_MAX 32
const char *spend_money(int64_t pence, char *buf);

/* Days since 1970-01-01 of a "YYYY-MM-DD" date (proleptic Gregorian). */
int64_t spend_days(const char *date);
/* "YYYY-MM-DD" of day number `days` into buf (SPEND_DATE_LEN bytes). */
void spend_date_of(int64_t days, char *buf);
/* The UK fiscal year a date falls in: the year of the 1 April on or before it. */
int spend_fy_of(const char *date);

/* The grant's share of a project's cost so far: match% of what was paid,
 * in whole pence rounded down, and never more than was allocated. */
int64_t spend_share_of(int64_t paid, int64_t allocated, int match);

/* Whether category `cat` is in the space-separated list `list`. */
int spend_in_list(const char *list, const char *cat);

/* The site attributes (spend.invested, spend.open_commitments) of `site`,
 * recomputed from the ledger and stored. */
int spend_publish_site(struct shomer_host *host, const char *site, char **errmsg);

/* The database: migrations (records.c). */
extern const struct shomer_migration spend_migrations[];
extern const size_t spend_n_migrations;

#endif
