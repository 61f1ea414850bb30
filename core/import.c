/*
 * import.c - see import.h.
 */
#include "import.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlreader.h>

#include "geo.h"
#include "host.h"
#include "site.h"
#include "store.h"
#include "util.h"
#include "xmlsec.h"
#include "xmltree.h"

#include "banned.h"

#define XINCLUDE_NS "http://www.w3.org/2001/XInclude"
#define XINCLUDE_OLD_NS "http://www.w3.org/2003/XInclude"

struct shomer_import {
	struct host *host;
	const char *file;     /* the file being read */
	size_t file_idx;
	char **errors;        /* "FILE:LINE: message", in order */
	size_t n_errors, a_errors;
	size_t file_first_error; /* index of the current file's first error */
	struct strset site_ids;  /* id -> where first seen (file_idx << 32 | line) */
	char *const *files;
	struct import_stats *stats;
	int fatal;            /* the database failed: stop at once */
	char *fatal_msg;
};

static void add_error(struct shomer_import *imp, const char *file, long line, const char *msg,
                      size_t len)
{
	char *e = line > 0 ? xstrfmt("%s:%ld: %.*s", file, line, (int)len, msg)
	                   : xstrfmt("%s: %.*s", file, (int)len, msg);
	/* libxml2 can report one problem through two channels; keep one. */
	if (imp->n_errors && strcmp(imp->errors[imp->n_errors - 1], e) == 0) {
		free(e);
		return;
	}
	ALLOC_GROW(imp->errors, imp->n_errors + 1, imp->a_errors);
	imp->errors[imp->n_errors++] = e;
}

int import_verror(struct shomer_import *imp, long line, const char *fmt, va_list ap)
{
	char *msg = xstrvfmt(fmt, ap);
	add_error(imp, imp->file, line, msg, strlen(msg));
	free(msg);
	return SHOMER_ERR;
}

static int import_error(struct shomer_import *imp, long line, const char *fmt, ...)
	UTIL_PRINTF(3, 4);
static int import_error(struct shomer_import *imp, long line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	import_verror(imp, line, fmt, ap);
	va_end(ap);
	return -1;
}

/* libxml2's parser and validator errors, rewritten as FILE:LINE: message. */
static void libxml_error(void *ud, xmlErrorPtr e)
{
	struct shomer_import *imp = ud;
	if (!e || !e->message || e->level == XML_ERR_WARNING)
		return;
	size_t n = strlen(e->message);
	while (n && (e->message[n - 1] == '\n' || e->message[n - 1] == ' '))
		n--;
	add_error(imp, imp->file, e->line, e->message, n);
}

/* Drops the errors of the current file (superseded by a clearer one). */
static void drop_file_errors(struct shomer_import *imp)
{
	while (imp->n_errors > imp->file_first_error)
		free(imp->errors[--imp->n_errors]);
}

/* ---- bounds that the schema cannot express for every namespace ---- */

static void check_bounds(struct shomer_import *imp, const xmlNode *n, int depth)
{
	if (depth > XMLSEC_MAX_DEPTH) {
		import_error(imp, xmlGetLineNo(n), "elements nested deeper than %d levels",
		             XMLSEC_MAX_DEPTH);
		return;
	}
	for (const xmlAttr *a = n->properties; a; a = a->next) {
		for (const xmlNode *t = a->children; t; t = t->next) {
			if (t->content && strlen((const char *)t->content) > XMLSEC_MAX_TEXT)
				import_error(imp, xmlGetLineNo(n),
				             "attribute '%s' is longer than %d bytes", a->name,
				             XMLSEC_MAX_TEXT);
		}
	}
	for (const xmlNode *c = n->children; c; c = c->next) {
		if (c->type == XML_ELEMENT_NODE) {
			const char *ns = c->ns && c->ns->href ? (const char *)c->ns->href : "";
			if (strcmp(ns, XINCLUDE_NS) == 0 || strcmp(ns, XINCLUDE_OLD_NS) == 0)
				import_error(imp, xmlGetLineNo(c), "XInclude is not allowed");
			else
				check_bounds(imp, c, depth + 1);
		} else if (c->type == XML_ENTITY_REF_NODE) {
			import_error(imp, xmlGetLineNo(n), "entity references are not allowed");
		} else if (c->content && strlen((const char *)c->content) > XMLSEC_MAX_TEXT) {
			import_error(imp, xmlGetLineNo(n), "text longer than %d bytes in element '%s'",
			             XMLSEC_MAX_TEXT, n->name);
		}
	}
}

/* ---- records ---- */

static int call_handler(struct shomer_import *imp, const struct host_xml *hx,
                        const char *site_id, const xmlNode *n)
{
	struct xmltree_arena *a = xmltree_arena_new();
	const struct shomer_xml_elem *e = xmltree_build(a, n);
	struct host_plugin *p = &imp->host->plugins[hx->owner];
	size_t before = imp->n_errors;
	int rc = hx->h->import(p->handle, hx->h->ud, imp, site_id, e);
	xmltree_arena_free(a);
	if (rc != SHOMER_OK && imp->n_errors == before)
		import_error(imp, xmlGetLineNo(n), "plugin '%s' rejected this record", p->name);
	if (rc == SHOMER_OK)
		imp->stats->plugin_records++;
	return rc == SHOMER_OK ? 0 : -1;
}

static void plugin_sections(struct shomer_import *imp, const char *site_id, xmlNode *node)
{
	for (xmlNode *c = node->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		const char *ns = c->ns && c->ns->href ? (const char *)c->ns->href : "";
		if (strcmp(ns, SITE_NS) == 0 || strcmp(ns, XINCLUDE_NS) == 0 ||
		    strcmp(ns, XINCLUDE_OLD_NS) == 0)
			continue;
		const struct host_xml *hx = host_find_xml(imp->host, ns);
		if (!hx) {
			import_error(imp, xmlGetLineNo(c),
			             "unknown namespace '%s' on element '%s' in site '%s' "
			             "(no loaded plugin owns it)",
			             ns, c->name, site_id);
			continue;
		}
		call_handler(imp, hx, site_id, c);
	}
}

static int duplicate_id(struct shomer_import *imp, const char *id, long line)
{
	struct strset_entry *old;
	long where = (long)((imp->file_idx << 32) | (size_t)line);
	if (strset_add(&imp->site_ids, id, where, &old))
		return 0;
	size_t f = (size_t)old->value >> 32;
	long l = (long)((size_t)old->value & 0xffffffffu);
	import_error(imp, line, "duplicate site id '%s' (first at %s:%ld)", id, imp->files[f], l);
	return 1;
}

static void import_site(struct shomer_import *imp, xmlNode *node)
{
	struct host *h = imp->host;
	struct site s;
	struct site_problems probs = {0};
	int rc = site_from_xml(node, h->geo, &s, &probs);
	for (size_t i = 0; i < probs.n; i++)
		import_error(imp, probs.v[i].line, "%s", probs.v[i].msg);
	site_problems_release(&probs);
	if (rc || duplicate_id(imp, s.id, xmlGetLineNo(node))) {
		site_release(&s);
		return;
	}
	int changed;
	char *why = NULL;
	if (site_upsert(h->store, &s, &changed, &why)) {
		imp->fatal = 1;
		imp->fatal_msg = xstrfmt("%s:%ld: cannot store site '%s': %s", imp->file,
		                         xmlGetLineNo(node), s.id, why);
		free(why);
		site_release(&s);
		return;
	}
	if (changed == 0)
		imp->stats->sites_unchanged++;
	else if (changed == 1)
		imp->stats->sites_new++;
	else
		imp->stats->sites_changed++;
	plugin_sections(imp, s.id, node);
	if (changed && host_site_event(h, s.id, SHOMER_SITE_UPSERTED, &why)) {
		import_error(imp, xmlGetLineNo(node), "%s", why);
		free(why);
	}
	site_release(&s);
}

/* What the root element says about who owns the document. */
struct owner {
	int core;                 /* urn:shomer:site:1 */
	const struct host_xml *hx; /* a plugin's */
};

static int choose_owner(struct shomer_import *imp, xmlTextReaderPtr r, struct owner *o)
{
	const char *ns = (const char *)xmlTextReaderConstNamespaceUri(r);
	const char *name = (const char *)xmlTextReaderConstLocalName(r);
	long line = xmlTextReaderGetParserLineNumber(r);
	ns = ns ? ns : "";
	o->core = strcmp(ns, SITE_NS) == 0;
	o->hx = o->core ? NULL : host_find_xml(imp->host, ns);
	if (o->core || o->hx)
		return 0;
	/* The validator has complained about the root too; ours says more. */
	drop_file_errors(imp);
	if (!*ns)
		return import_error(imp, line,
		                    "root element '%s' has no namespace; site documents use '%s'",
		                    name, SITE_NS);
	return import_error(imp, line, "unknown namespace '%s' of root element '%s' "
	                               "(no loaded plugin owns it)", ns, name);
}

static void import_record(struct shomer_import *imp, const struct owner *o, xmlNode *n,
                          size_t errors_before)
{
	check_bounds(imp, n, 2);
	/* A record that failed validation is not interpreted: its problems are
	 * already reported, and guessing at its meaning would only add noise. */
	if (imp->n_errors != errors_before)
		return;
	if (o->core)
		import_site(imp, n);
	else
		call_handler(imp, o->hx, NULL, n);
}

static void import_file(struct shomer_import *imp, xmlSchemaPtr schema)
{
	long dtd_line;
	char *why = NULL;
	int dtd = xmlsec_refuse_dtd(imp->file, &dtd_line, &why);
	if (dtd < 0) {
		/* The message names the file already. */
		ALLOC_GROW(imp->errors, imp->n_errors + 1, imp->a_errors);
		imp->errors[imp->n_errors++] = why;
		return;
	}
	if (dtd > 0) {
		import_error(imp, dtd_line,
		             "document type declarations are not allowed (no DTDs, no entities)");
		return;
	}
	xmlTextReaderPtr r = xmlReaderForFile(imp->file, NULL, XMLSEC_PARSE_OPTIONS |
	                                                         XML_PARSE_BIG_LINES);
	if (!r) {
		import_error(imp, 0, "cannot open: %s", strerror(errno));
		return;
	}
	xmlTextReaderSetStructuredErrorHandler(r, libxml_error, imp);
	if (xmlTextReaderSetSchema(r, schema) != 0) {
		import_error(imp, 0, "cannot start schema validation");
		xmlFreeTextReader(r);
		return;
	}
	struct owner o = {0};
	int ret = xmlTextReaderRead(r);
	uint64_t records = 0;
	while (ret == 1 && !imp->fatal) {
		int type = xmlTextReaderNodeType(r), depth = xmlTextReaderDepth(r);
		if (type == XML_READER_TYPE_DOCUMENT_TYPE) {
			import_error(imp, xmlTextReaderGetParserLineNumber(r),
			             "document type declarations are not allowed (no DTDs, no entities)");
			break;
		}
		if (type == XML_READER_TYPE_ENTITY_REFERENCE) {
			import_error(imp, xmlTextReaderGetParserLineNumber(r),
			             "entity references are not allowed");
			break;
		}
		if (type == XML_READER_TYPE_ELEMENT && depth == 0) {
			if (choose_owner(imp, r, &o))
				break;
		} else if (type == XML_READER_TYPE_ELEMENT && depth == 1) {
			size_t before = imp->n_errors;
			xmlNode *n = xmlTextReaderExpand(r);
			if (!n)
				break; /* a fatal parse error, already reported */
			import_record(imp, &o, n, before);
			if (++records % 1000 == 0)
				host_progress(imp->file, records, 0);
			ret = xmlTextReaderNext(r);
			continue;
		}
		ret = xmlTextReaderRead(r);
	}
	if (ret == 1 || ret == 0) {
		/* Drain anything left so that trailing errors are reported too. */
		while (ret == 1 && !imp->fatal)
			ret = xmlTextReaderRead(r);
	}
	if (ret == 0 && xmlTextReaderIsValid(r) != 1 && imp->n_errors == imp->file_first_error)
		import_error(imp, 0, "document is not valid against its schema");
	xmlFreeTextReader(r);
}

static int build_schema(struct host *h, xmlSchemaPtr *schema, char **errmsg)
{
	size_t n = h->n_xml + 1;
	const char **ns = xmalloc(n * sizeof(*ns)), **paths = xmalloc(n * sizeof(*paths));
	char *site_xsd = xstrfmt("%s/site.xsd", h->schema_dir);
	ns[0] = SITE_NS;
	paths[0] = site_xsd;
	for (size_t i = 0; i < h->n_xml; i++) {
		ns[i + 1] = h->xml[i].h->ns;
		paths[i + 1] = h->xml[i].xsd_path;
	}
	int rc = xmlsec_load_schemas(ns, paths, n, schema, errmsg);
	free(site_xsd);
	free(ns);
	free(paths);
	return rc;
}

int import_files(struct host *h, char *const *files, size_t n, FILE *err,
                 struct import_stats *stats, char **errmsg)
{
	xmlSchemaPtr schema;
	memset(stats, 0, sizeof(*stats));
	if (build_schema(h, &schema, errmsg))
		return SHOMER_EXIT_FAILED;
	if (store_begin(h->store, errmsg)) {
		xmlSchemaFree(schema);
		return SHOMER_EXIT_FAILED;
	}
	struct shomer_import imp = {.host = h, .files = files, .stats = stats};
	strset_init(&imp.site_ids);
	xmlSetStructuredErrorFunc(&imp, libxml_error);
	for (size_t i = 0; i < n && !imp.fatal; i++) {
		imp.file = files[i];
		imp.file_idx = i;
		imp.file_first_error = imp.n_errors;
		import_file(&imp, schema);
		stats->files++;
	}
	xmlSetStructuredErrorFunc(NULL, NULL);
	host_progress(NULL, 0, 0);
	host_sites_changed(h);

	int rc = SHOMER_EXIT_OK;
	if (imp.fatal) {
		store_rollback(h->store);
		err_set(errmsg, "%s", imp.fatal_msg);
		rc = SHOMER_EXIT_FAILED;
	} else if (imp.n_errors) {
		store_rollback(h->store);
		for (size_t i = 0; i < imp.n_errors; i++)
			fprintf(err, "shomer: %s\n", imp.errors[i]);
		fprintf(err, "shomer: import rejected: %zu error%s; nothing was changed\n",
		        imp.n_errors, imp.n_errors == 1 ? "" : "s");
		rc = SHOMER_EXIT_REJECTED;
	} else if (store_commit(h->store, errmsg)) {
		store_rollback(h->store);
		rc = SHOMER_EXIT_FAILED;
	}
	stats->errors = imp.n_errors;
	for (size_t i = 0; i < imp.n_errors; i++)
		free(imp.errors[i]);
	free(imp.errors);
	free(imp.fatal_msg);
	strset_release(&imp.site_ids);
	xmlSchemaFree(schema);
	return rc;
}
