/*
 * cmd_propose.c - `shomer spend propose --from-plan FILE`: the cameras the
 * CCTV plugin proposes for a site (its `cctv plan --format xml` output,
 * the <cameras> document of urn:shomer:cctv:1) become a project with a
 * quote, written as a <spend> document for finance to review and import.
 *
 * The plan file is untrusted input: it is parsed with no network, no DTD
 * and no entity expansion, and validated against the CCTV schema before
 * anything in it is used.  Nothing is written to the database here:
 * finance approves a proposal by importing it.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlwriter.h>

#include "cmds.h"
#include "spend.h"

#include "banned.h"

#define CCTV_NS "urn:shomer:cctv:1"

struct plan {
	char site[SPEND_ID_MAX];
	char **cams; /* ids of the planned cameras */
	size_t n, a;
	char *error; /* the first problem, "FILE:LINE: ..." (malloc'd) */
	const char *file;
};

static void plan_release(struct plan *p)
{
	for (size_t i = 0; i < p->n; i++)
		free(p->cams[i]);
	free(p->cams);
	free(p->error);
}

static void plan_error(struct plan *p, long line, const char *fmt, ...) SHOMER_PRINTF(3, 4);

static void plan_error(struct plan *p, long line, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	size_t n;

	if (p->error)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	n = strlen(p->file) + strlen(msg) + 32;
	p->error = malloc(n);
	if (p->error) {
		if (line > 0)
			snprintf(p->error, n, "%s:%ld: %s", p->file, line, msg);
		else
			snprintf(p->error, n, "%s: %s", p->file, msg);
	}
}

/* libxml2's structured errors: the first one, with its line, trimmed. */
static void on_xml_error(void *ud, xmlErrorPtr e)
{
	struct plan *p = ud;
	char msg[400];
	size_t n;

	if (!e || p->error)
		return;
	snprintf(msg, sizeof(msg), "%s", e->message ? e->message : "not well-formed XML");
	n = strlen(msg);
	while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		msg[--n] = '\0';
	plan_error(p, e->line, "%s", msg);
}

static int is_cctv(xmlNodePtr n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && n->ns && n->ns->href &&
	       strcmp((const char *)n->ns->href, CCTV_NS) == 0 &&
	       strcmp((const char *)n->name, name) == 0;
}

/* A plan is a few kilobytes; anything past this is not one. */
#define PLAN_MAX (16u << 20)

/* The file's bytes (malloc'd): the parser gets them from memory, since
 * the host lets libxml2 itself open nothing but its schemas. */
static char *slurp(struct plan *p, size_t *len)
{
	FILE *f = fopen(p->file, "rb");
	char *buf;
	size_t n = 0, got;

	if (!f) {
		plan_error(p, 0, "cannot open it: %s", strerror(errno));
		return NULL;
	}
	buf = malloc(PLAN_MAX + 1);
	if (!buf) {
		fclose(f);
		plan_error(p, 0, "out of memory");
		return NULL;
	}
	while ((got = fread(buf + n, 1, PLAN_MAX + 1 - n, f)) > 0)
		n += got;
	if (ferror(f) || n > PLAN_MAX) {
		plan_error(p, 0, ferror(f) ? "cannot read it" : "too large for a CCTV plan");
		fclose(f);
		free(buf);
		return NULL;
	}
	fclose(f);
	*len = n;
	return buf;
}

static int read_plan(const char *schema_dir, struct plan *p)
{
	char xsd[4096];
	xmlDocPtr doc;
	xmlSchemaParserCtxtPtr pc = NULL;
	xmlSchemaPtr schema = NULL;
	xmlSchemaValidCtxtPtr vc = NULL;
	int rc = SHOMER_ERR;

	/* hardened: no network, no DTD loading or validation, no entity
	 * substitution, no huge documents */
	size_t len = 0;
	char *text = slurp(p, &len);
	if (!text)
		return SHOMER_ERR;
	xmlStructuredErrorFunc old = xmlStructuredError;
	void *old_ctx = xmlStructuredErrorContext;
	xmlSetStructuredErrorFunc(p, on_xml_error);
	doc = xmlReadMemory(text, (int)len, p->file, NULL, XML_PARSE_NONET | XML_PARSE_NOWARNING);
	xmlSetStructuredErrorFunc(old_ctx, old);
	free(text);
	if (!doc) {
		plan_error(p, 0, "cannot read it as XML");
		return SHOMER_ERR;
	}
	if (doc->intSubset || doc->extSubset) {
		plan_error(p, xmlGetLineNo((xmlNodePtr)doc->intSubset),
		           "a document type declaration (DTD) is not accepted");
		goto out;
	}
	xmlNodePtr root = xmlDocGetRootElement(doc);
	if (!root || !is_cctv(root, "cameras")) {
		plan_error(p, root ? xmlGetLineNo(root) : 0,
		           "not a CCTV plan: the root element must be <cameras> in %s "
		           "(what `shomer cctv plan --format xml` writes)",
		           CCTV_NS);
		goto out;
	}
	snprintf(xsd, sizeof(xsd), "%s/cctv.xsd", schema_dir);
	pc = xmlSchemaNewParserCtxt(xsd);
	schema = pc ? xmlSchemaParse(pc) : NULL;
	vc = schema ? xmlSchemaNewValidCtxt(schema) : NULL;
	if (!vc) {
		plan_error(p, 0, "cannot load the CCTV schema %s", xsd);
		goto out;
	}
	xmlSchemaSetValidStructuredErrors(vc, on_xml_error, p);
	if (xmlSchemaValidateDoc(vc, doc) != 0) {
		plan_error(p, 0, "does not match the CCTV schema");
		goto out;
	}
	for (xmlNodePtr c = root->children; c; c = c->next) {
		if (!is_cctv(c, "camera"))
			continue;
		xmlChar *site = xmlGetNoNsProp(c, (const xmlChar *)"site");
		xmlChar *status = xmlGetNoNsProp(c, (const xmlChar *)"status");
		xmlChar *id = xmlGetNoNsProp(c, (const xmlChar *)"id");
		int planned = status && strcmp((const char *)status, "planned") == 0;
		if (!site) {
			plan_error(p, xmlGetLineNo(c), "camera names no site");
		} else if (p->site[0] && strcmp(p->site, (const char *)site) != 0) {
			plan_error(p, xmlGetLineNo(c),
			           "camera '%s' is for site '%s', but the plan is for '%s': "
			           "propose one site at a time",
			           id ? (const char *)id : "", (const char *)site, p->site);
		} else if (strlen((const char *)site) >= SPEND_ID_MAX) {
			plan_error(p, xmlGetLineNo(c), "site id too long");
		} else if (planned) {
			spend_copy(p->site, sizeof(p->site), (const char *)site);
			if (p->n == p->a) {
				p->a = p->a ? p->a * 2 : 8;
				p->cams = realloc(p->cams, p->a * sizeof(*p->cams));
			}
			p->cams[p->n++] = strdup(id ? (const char *)id : "");
		}
		xmlFree(site);
		xmlFree(status);
		xmlFree(id);
		if (p->error)
			goto out;
	}
	if (p->n == 0) {
		plan_error(p, 0, "has no planned camera (status=\"planned\") to propose");
		goto out;
	}
	rc = SHOMER_OK;
out:
	xmlSchemaFreeValidCtxt(vc);
	xmlSchemaFree(schema);
	xmlSchemaFreeParserCtxt(pc);
	xmlFreeDoc(doc);
	return rc;
}

/* What the schema allows as an id: [A-Z0-9]+(-[A-Z0-9]+)*, at most 64. */
static int valid_id(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > 64 || s[0] == '-' || s[n - 1] == '-')
		return 0;
	for (size_t i = 0; i < n; i++) {
		int ok = (s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') ||
		         (s[i] == '-' && s[i + 1] != '-');
		if (!ok)
			return 0;
	}
	return 1;
}

/* And as a supplier: words of letters, digits and & ' . , / - with single
 * spaces between, at most 80. */
static int valid_supplier(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > 80 || s[0] == ' ' || s[n - 1] == ' ')
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		int ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		         (c >= '0' && c <= '9') || strchr("&'.,/-", c) ||
		         (c == ' ' && s[i + 1] != ' ');
		if (!ok || c == '\0')
			return 0;
	}
	return 1;
}

static int site_seen(void *ud, const struct shomer_site *site, double dist)
{
	(void)site;
	(void)dist;
	*(int *)ud = 1;
	return SHOMER_OK;
}

struct options {
	const char *plan, *id, *grant, *supplier, *out;
	int64_t each;
	int have_each;
};

static int write_proposal(const struct options *o, const struct plan *p, int64_t quote,
                          const char *id, FILE *f)
{
	xmlBufferPtr buf = xmlBufferCreate();
	xmlTextWriterPtr w = buf ? xmlNewTextWriterMemory(buf, 0) : NULL;
	char m[SPEND_MONEY_MAX], each[SPEND_MONEY_MAX], desc[600];
	size_t len;
	int ok;

	if (!w) {
		xmlBufferFree(buf);
		return SHOMER_ERR;
	}
	len = (size_t)snprintf(desc, sizeof(desc),
	                       "%zu planned camera%s at %s each, proposed by "
	                       "shomer cctv plan:",
	                       p->n, p->n == 1 ? "" : "s", spend_money(o->each, each));
	for (size_t i = 0; i < p->n && len < sizeof(desc); i++)
		len += (size_t)snprintf(desc + len, sizeof(desc) - len, " %s", p->cams[i]);
	if (len >= 480) /* the schema allows 500 characters */
		snprintf(desc + 470, sizeof(desc) - 470, " ...");
	xmlTextWriterSetIndent(w, 1);
	xmlTextWriterSetIndentString(w, (const xmlChar *)"  ");
	ok = xmlTextWriterStartDocument(w, NULL, "UTF-8", NULL) >= 0 &&
	     xmlTextWriterStartElementNS(w, NULL, (const xmlChar *)"spend",
	                                 (const xmlChar *)SPEND_NS) >= 0 &&
	     xmlTextWriterWriteComment(w,
	                               (const xmlChar *)" a proposal for finance to approve: "
	                                                "import it to record the project ") >= 0 &&
	     xmlTextWriterStartElement(w, (const xmlChar *)"project") >= 0 &&
	     xmlTextWriterWriteAttribute(w, (const xmlChar *)"id", (const xmlChar *)id) >= 0 &&
	     xmlTextWriterWriteAttribute(w, (const xmlChar *)"site", (const xmlChar *)p->site) >=
	             0 &&
	     (!o->grant || xmlTextWriterWriteAttribute(w, (const xmlChar *)"grant",
	                                               (const xmlChar *)o->grant) >= 0) &&
	     xmlTextWriterWriteAttribute(w, (const xmlChar *)"category", (const xmlChar *)"cctv") >=
	             0 &&
	     xmlTextWriterWriteAttribute(w, (const xmlChar *)"supplier",
	                                 (const xmlChar *)o->supplier) >= 0 &&
	     xmlTextWriterWriteAttribute(w, (const xmlChar *)"quote",
	                                 (const xmlChar *)spend_money(quote, m)) >= 0 &&
	     xmlTextWriterWriteElement(w, (const xmlChar *)"description", (const xmlChar *)desc) >=
	             0 &&
	     xmlTextWriterEndElement(w) >= 0 && xmlTextWriterEndElement(w) >= 0 &&
	     xmlTextWriterEndDocument(w) >= 0;
	xmlFreeTextWriter(w);
	if (ok)
		ok = fwrite(xmlBufferContent(buf), 1, (size_t)xmlBufferLength(buf), f) ==
		     (size_t)xmlBufferLength(buf);
	xmlBufferFree(buf);
	return ok ? SHOMER_OK : SHOMER_ERR;
}

static int propose_run(struct shomer_host *host, void *ud, int argc, char **argv, char **errmsg)
{
	static const struct option opts[] = {
	        {"from-plan", required_argument, NULL, 'p'},
	        {"cost-per-camera", required_argument, NULL, 'c'},
	        {"id", required_argument, NULL, 'i'},
	        {"grant", required_argument, NULL, 'g'},
	        {"supplier", required_argument, NULL, 's'},
	        {"out", required_argument, NULL, 'o'},
	        {NULL, 0, NULL, 0},
	};
	struct options o = {.supplier = "To be tendered"};
	struct plan p;
	char id[SPEND_ID_MAX + 16];
	int c, rc, seen = 0;

	(void)ud;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (c) {
		case 'p': o.plan = optarg; break;
		case 'c':
			if (spend_api->money_parse(optarg, &o.each) != SHOMER_OK)
				return spend_fail(
				        errmsg, SHOMER_EXIT_USAGE,
				        "--cost-per-camera '%s' is not an amount of pounds "
				        "with at most two decimals, such as 1234.56",
				        optarg);
			o.have_each = 1;
			break;
		case 'i': o.id = optarg; break;
		case 'g': o.grant = optarg; break;
		case 's': o.supplier = optarg; break;
		case 'o': o.out = optarg; break;
		default: return spend_usage(errmsg, c, argv[optind - 1]);
		}
	}
	if (optind < argc)
		return spend_fail(errmsg, SHOMER_EXIT_USAGE, "unexpected argument '%s'",
		                  argv[optind]);
	if (!o.plan)
		return spend_fail(errmsg, SHOMER_EXIT_USAGE, "--from-plan FILE is needed");
	if (!o.have_each)
		return spend_fail(errmsg, SHOMER_EXIT_USAGE,
		                  "--cost-per-camera AMOUNT is needed (supplied and fitted, in "
		                  "the grant's currency)");
	if (o.id && !valid_id(o.id))
		return spend_fail(errmsg, SHOMER_EXIT_USAGE,
		                  "--id '%s' is not an id (upper-case letters and digits in "
		                  "dash-separated groups, at most 64)",
		                  o.id);
	if (!valid_supplier(o.supplier))
		return spend_fail(errmsg, SHOMER_EXIT_USAGE,
		                  "--supplier '%s' is not a supplier's name (letters, digits, "
		                  "& ' . , / - and single spaces, at most 80)",
		                  o.supplier);

	memset(&p, 0, sizeof(p));
	p.file = o.plan;
	if (read_plan(spend_api->schema_dir(host), &p) != SHOMER_OK) {
		rc = spend_fail(errmsg, SHOMER_EXIT_REJECTED, "%s",
		                p.error ? p.error : "cannot read the plan");
		plan_release(&p);
		return rc;
	}
	if (spend_api->site_get(host, p.site, site_seen, &seen, NULL) != SHOMER_OK || !seen) {
		rc = spend_fail(errmsg, SHOMER_EXIT_REJECTED,
		                "%s: the plan is for site '%s', which "
		                "is not in the database",
		                o.plan, p.site);
		plan_release(&p);
		return rc;
	}
	if (o.grant) {
		struct spend_grant g = {0};
		int found = 0;
		rc = SHOMER_EXIT_OK;
		if (spend_grant_get(host, o.grant, &g, &found, errmsg) != SHOMER_OK)
			rc = SHOMER_EXIT_FAILED;
		else if (!found)
			rc = spend_fail(errmsg, SHOMER_EXIT_REJECTED, "no grant '%s'", o.grant);
		else if (!spend_in_list(g.eligible, "cctv"))
			rc = spend_fail(errmsg, SHOMER_EXIT_REJECTED,
			                "grant '%s' does not pay for cctv (eligible: %s)", o.grant,
			                g.eligible);
		else if (strcmp(g.currency, "GBP") != 0)
			rc = spend_fail(errmsg, SHOMER_EXIT_REJECTED,
			                "grant '%s' is in %s; a proposal is quoted in GBP", o.grant,
			                g.currency);
		spend_grant_release(&g);
		if (rc != SHOMER_EXIT_OK) {
			plan_release(&p);
			return rc;
		}
	}
	if (o.id) {
		spend_copy(id, sizeof(id), o.id);
	} else {
		snprintf(id, sizeof(id), "PROP-%s-CCTV", p.site);
		if (!valid_id(id)) {
			plan_release(&p);
			return spend_fail(errmsg, SHOMER_EXIT_USAGE,
			                  "'%s' is too long for a project id: give one with --id",
			                  id);
		}
	}
	/* at most 12 digits of pounds each, and a plan of a few cameras */
	if (p.n > 1000 || o.each > INT64_MAX / 1000) {
		plan_release(&p);
		return spend_fail(errmsg, SHOMER_EXIT_REJECTED, "%s: too many cameras to quote",
		                  o.plan);
	}
	int64_t quote = o.each * (int64_t)p.n;
	FILE *f = stdout;
	char *tmp = NULL;
	if (o.out && !(f = spend_api->file_open_private(o.out, &tmp, errmsg))) {
		plan_release(&p);
		return SHOMER_EXIT_FAILED;
	}
	rc = write_proposal(&o, &p, quote, id, f);
	if (o.out)
		rc = spend_api->file_close_private(f, tmp, o.out, rc == SHOMER_OK, errmsg);
	else if (fflush(stdout) != 0)
		rc = SHOMER_ERR;
	plan_release(&p);
	if (rc != SHOMER_OK) {
		if (errmsg && !*errmsg)
			spend_fail(errmsg, SHOMER_ERR, "cannot write the proposal");
		return SHOMER_EXIT_FAILED;
	}
	return SHOMER_EXIT_OK;
}

const struct shomer_command spend_propose_cmd = {
        .size = sizeof(struct shomer_command),
        .group = "spend",
        .verb = "propose",
        .usage = "--from-plan FILE --cost-per-camera AMOUNT [--id ID] [--grant GRANT] "
                 "[--supplier NAME] [--out FILE]",
        .summary = "turn a CCTV plan's cameras into a project with a quote, for approval",
        .run = propose_run,
        .ud = NULL,
};
