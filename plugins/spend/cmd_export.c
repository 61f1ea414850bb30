/*
 * cmd_export.c - `shomer spend export --format ledger --out FILE`: the
 * whole ledger as an hledger / Ledger journal, one transaction per record
 * in the order they were recorded, for the accountants' own tools.
 *
 * The file is private (0600) and appears only when complete
 * (the host's file_open_private), so a failed export never leaves half a journal
 * where a whole one was.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmds.h"
#include "spend.h"

#include "banned.h"

struct journal {
	FILE *f;
	int64_t seq; /* of the transaction being written, 0 before the first */
	long txns, postings;
};

static const char *col(const struct shomer_value *v)
{
	return v->type == SHOMER_TEXT ? v->u.s : NULL;
}

/* A note as one line of comment: control characters become spaces. */
static void put_comment(FILE *f, const char *s)
{
	fputs("  ; ", f);
	for (; *s; s++)
		fputc((unsigned char)*s < 0x20 ? ' ' : *s, f);
}

/* Columns: seq, id, kind, corrects, date, project, ref, note, grant,
 * account, amount, currency. */
static int journal_row(void *ud, int ncols, const struct shomer_value *v)
{
	struct journal *j = ud;
	char m[SPEND_MONEY_MAX];

	if (ncols != 12 || v[0].type != SHOMER_INT || v[10].type != SHOMER_INT || !col(&v[1]) ||
	    !col(&v[2]) || !col(&v[4]) || !col(&v[8]) || !col(&v[9]) || !col(&v[11]))
		return SHOMER_ERR;
	if (v[0].u.i != j->seq) {
		const char *corrects = col(&v[3]), *project = col(&v[5]), *ref = col(&v[6]);
		const char *note = col(&v[7]), *grant = col(&v[8]);
		int k = spend_kind_parse(col(&v[2]));

		fprintf(j->f, "%s%s (%s) ", j->seq ? "\n" : "", col(&v[4]), col(&v[1]));
		if (corrects)
			fprintf(j->f, "correction: reverses %s %s", spend_kind_noun(k), corrects);
		else if (k == SPEND_AWARD)
			fprintf(j->f, "award of grant %s", grant);
		else if (ref)
			fprintf(j->f, "%s against %s", spend_kind_noun(k), ref);
		else if (project)
			fprintf(j->f, "%s for project %s", spend_kind_noun(k), project);
		else
			fprintf(j->f, "%s from grant %s", spend_kind_noun(k), grant);
		if (note)
			put_comment(j->f, note);
		fputc('\n', j->f);
		j->seq = v[0].u.i;
		j->txns++;
	}
	fprintf(j->f, "    %s  %s %s\n", col(&v[9]), spend_money(v[10].u.i, m), col(&v[11]));
	j->postings++;
	return ferror(j->f) ? SHOMER_ERR : SHOMER_OK;
}

static int write_journal(struct shomer_host *host, struct journal *j, char **errmsg)
{
	char now[32];

	spend_api->format_time(spend_api->now(host), now);
	fprintf(j->f,
	        "; Shomer spend ledger, exported %s.\n"
	        "; One transaction per record, in the order recorded, amounts in each\n"
	        "; grant's currency; grants: and commitments: are memorandum accounts.\n\n",
	        now);
	return spend_api->db_query(host,
	                           "SELECT t.seq, t.id, t.kind, t.corrects, t.date, t.project_id, "
	                           "t.ref, t.note, t.grant_id, p.account, p.amount, p.currency "
	                           "FROM spend_txns t JOIN spend_postings p ON p.txn_seq = t.seq "
	                           "ORDER BY t.seq, p.line",
	                           NULL, 0, journal_row, j, errmsg);
}

static int export_run(struct shomer_host *host, void *ud, int argc, char **argv, char **errmsg)
{
	static const struct option opts[] = {
	        {"format", required_argument, NULL, 'f'},
	        {"out", required_argument, NULL, 'o'},
	        {NULL, 0, NULL, 0},
	};
	const char *out = NULL, *format = NULL;
	struct journal j = {0};
	char *tmp = NULL;
	int c, rc;

	(void)ud;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (c) {
		case 'f': format = optarg; break;
		case 'o': out = optarg; break;
		default: return spend_usage(errmsg, c, argv[optind - 1]);
		}
	}
	if (optind < argc)
		return spend_fail(errmsg, SHOMER_EXIT_USAGE, "unexpected argument '%s'",
		                  argv[optind]);
	if (!format || strcmp(format, "ledger") != 0)
		return spend_fail(errmsg, SHOMER_EXIT_USAGE,
		                  format ? "--format '%s' is not known: the one format is ledger"
		                         : "--format ledger is needed%s",
		                  format ? format : "");
	if (!out || !*out)
		return spend_fail(errmsg, SHOMER_EXIT_USAGE, "--out FILE is needed");

	j.f = spend_api->file_open_private(out, &tmp, errmsg);
	if (!j.f)
		return SHOMER_EXIT_FAILED;
	rc = write_journal(host, &j, errmsg);
	if (spend_api->file_close_private(j.f, tmp, out, rc == SHOMER_OK, errmsg) != SHOMER_OK) {
		if (errmsg && !*errmsg)
			spend_fail(errmsg, SHOMER_ERR, "cannot write '%s'", out);
		return SHOMER_EXIT_FAILED;
	}
	printf("wrote %ld transactions (%ld postings) to %s\n", j.txns, j.postings, out);
	return SHOMER_EXIT_OK;
}

const struct shomer_command spend_export_cmd = {
        .size = sizeof(struct shomer_command),
        .group = "spend",
        .verb = "export",
        .usage = "--format ledger --out FILE",
        .summary = "write the ledger as an hledger/Ledger journal",
        .run = export_run,
        .ud = NULL,
};
