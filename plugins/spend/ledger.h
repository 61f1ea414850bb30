/*
 * ledger.h - the double-entry ledger: every money event becomes one
 * balanced transaction of postings in pence, written so that the database
 * itself refuses anything else (see the triggers in records.c's migration).
 *
 * The chart of accounts (G a grant, P a project, S a supplier, C a
 * category, X a site):
 *
 *   award      grants:G:unallocated   +A   grants:G:awarded          -A
 *   allocate   grants:G:allocated:P   +A   grants:G:unallocated      -A
 *   commit     commitments:P:open     +A   commitments:P:ordered     -A
 *   invoice    commitments:P:open     -A   commitments:P:ordered     +A
 *              expenses:security:C:X  +A   liabilities:suppliers:S   -A
 *   pay        liabilities:suppliers:S +A  assets:bank               -A
 *   reclaim    assets:receivable:grants:G +A   income:grants:G       -A
 *   receive    assets:bank            +A   assets:receivable:grants:G -A
 *     (advance) assets:bank           +A   income:grants:G           -A
 *   correction every posting of the record it reverses, negated
 *
 * The grants: and commitments: accounts are memorandum accounts: they
 * track a grant's budget and the orders placed, which move no money.
 */
#ifndef SPEND_LEDGER_H
#define SPEND_LEDGER_H

#include "spend.h"

#define SPEND_ACCOUNT_MAX 192

struct spend_posting {
	char account[SPEND_ACCOUNT_MAX];
	int64_t amount; /* pence, signed */
};

#define SPEND_MAX_POSTINGS 4

/*
 * The postings of money event `t` (not a correction), for its grant `g`
 * and, except for an award or an advance, its project `p`.  Returns how
 * many (2 or 4) were written to out.
 */
size_t spend_postings_for(const struct spend_txn *t, const struct spend_grant *g,
                          const struct spend_project *p, struct spend_posting *out);

/*
 * Records transaction `t` with its n postings: the postings first, then
 * the transaction row, which the database accepts only when they balance
 * in each currency.  t->seq is set to the new transaction's number.
 */
int spend_post(struct shomer_host *host, struct spend_txn *t, const struct spend_posting *p,
               size_t n, char **errmsg);

/*
 * Records correction `c` (its id, date and note set) of transaction `orig`:
 * the same kind, grant, project and reference, the opposite amount, and
 * every posting of `orig` negated.
 */
int spend_post_reversal(struct shomer_host *host, const struct spend_txn *orig, struct spend_txn *c,
                        char **errmsg);

#endif
