/*
 * import.c - see import.h.
 *
 * Two threads share the work, because parsing with schema validation and
 * storing cost about the same and the machines we run on have two cores:
 *
 *   reader (the main thread) parses and validates each file with libxml2's
 *          streaming reader and turns each record (a child of the root)
 *          into a plain element tree (xmltree.h), queued in batches;
 *   writer (a second thread) reads the tree into a site, projects it,
 *          checks what needs the whole import (duplicate ids, simple
 *          polygons), writes to SQLite and calls the plugins' handlers, all
 *          inside one transaction.
 *          Only this thread touches PROJ, SQLite and the plugins while the
 *          import runs.
 *
 * libxml2 stays on the main thread because its per-thread globals cost a
 * thread-local lookup on every access anywhere else, which made parsing a
 * third slower.
 *
 * A record the reader found invalid is never queued: its problems are
 * already reported, and interpreting it would only add noise.  The reader
 * does as little as it can beyond parsing, because it is the slower half.  Errors from
 * both threads go to one list, printed at the end sorted by file and line so
 * that the output does not depend on thread timing.
 */
#include "import.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlreader.h>

#include "geo.h"
#include "host.h"
#include "incident.h"
#include "site.h"
#include "store.h"
#include "util.h"
#include "xmlmsg.h"
#include "xmlsec.h"
#include "xmltree.h"

#include "banned.h"

#define XINCLUDE_NS     "http://www.w3.org/2001/XInclude"
#define XINCLUDE_OLD_NS "http://www.w3.org/2003/XInclude"

/*
 * Records travel in batches: handing over each one alone costs two context
 * switches, more than storing it.  At most QUEUE_CAP batches are in flight,
 * which bounds memory on huge files.
 */
#define BATCH     64
#define QUEUE_CAP 8

enum side { READER = 0, WRITER = 1 };

/* Where an error came from, so that knock-on errors can be dropped. */
enum origin { FROM_SHOMER = 0, FROM_PARSER = 1, FROM_VALIDATOR = 2 };

struct import_err {
	size_t file_idx;
	long line;
	enum side side;
	size_t seq;
	enum origin origin;
	char *text; /* "FILE:LINE: message" */
};

/* A reference to a site or region, checked once the import is complete. */
struct deferred_ref {
	int is_region;
	char *name;
	size_t file_idx;
	long line;
};

/* One record handed from the reader to the writer: a child of a root
 * element, as a plain tree. */
struct rec {
	size_t file_idx;
	int is_site;               /* a core <site>; else a plugin document's record */
	const struct host_xml *hx; /* the plugin owning the document */
	struct xmltree_arena *arena;
	const struct shomer_xml_elem *e;
};

struct batch {
	struct rec *v[BATCH];
	size_t n;
	struct batch *next; /* on the used list */
};

struct queue {
	pthread_mutex_t mu;
	pthread_cond_t more, room;
	struct batch *buf[QUEUE_CAP];
	size_t head, count;
	/* batches the writer has finished with, freed by the reader: memory
	 * goes back to the thread that allocated it, sparing glibc's arenas the
	 * cross-thread locking that otherwise slowed parsing */
	struct batch *used;
	int done;  /* the reader has finished */
	int abort; /* the writer has failed: the reader stops */
};

struct shomer_import {
	struct host *host;
	char *const *files;
	size_t nfiles;
	struct import_stats *stats;
	xmlSchemaPtr schema;

	pthread_mutex_t err_mu;
	struct import_err *errors;
	size_t n_errors, a_errors, seq;
	/*
	 * Lines of the reader's errors in the current file, sorted.  The parser
	 * reads ahead of the record being handled (a small file is parsed whole
	 * by the first read), so a record's problems are found by the lines it
	 * spans, not by when they were reported.  Line 0 (no line known) stands
	 * for the whole file.
	 */
	long *rlines;
	size_t n_rlines, a_rlines;

	/* the reader's position */
	size_t r_file;
	/* the writer's position (plugin errors are reported against it) */
	size_t w_file;

	struct queue q;
	struct batch *batch;    /* the reader's batch being filled */
	struct strset site_ids; /* id -> where first seen (file_idx << 32 | line) */
	struct strset claims;   /* "kind\037id" -> where first claimed, for any record */
	/* references checked when every file has been read (writer thread adds,
	 * main thread checks after the join) */
	struct deferred_ref *refs;
	size_t n_refs, a_refs;
	char *fatal; /* the database failed */
};

/* ---- errors ---- */

static void add_error_from(struct shomer_import *imp, enum side side, enum origin origin,
                           size_t file_idx, long line, const char *msg, size_t len);

static void add_error(struct shomer_import *imp, enum side side, size_t file_idx, long line,
                      const char *msg, size_t len)
{
	add_error_from(imp, side, FROM_SHOMER, file_idx, line, msg, len);
}

/* Keeps rlines sorted; errors arrive mostly in line order, so this is
 * nearly always an append.  Called with err_mu held. */
static void note_reader_line(struct shomer_import *imp, long line)
{
	ALLOC_GROW(imp->rlines, imp->n_rlines + 1, imp->a_rlines);
	size_t i = imp->n_rlines++;
	while (i > 0 && imp->rlines[i - 1] > line) {
		imp->rlines[i] = imp->rlines[i - 1];
		i--;
	}
	imp->rlines[i] = line;
}

static void add_error_from(struct shomer_import *imp, enum side side, enum origin origin,
                           size_t file_idx, long line, const char *msg, size_t len)
{
	const char *file = imp->files[file_idx];
	char *text = line > 0 ? xstrfmt("%s:%ld: %.*s", file, line, (int)len, msg)
	                      : xstrfmt("%s: %.*s", file, (int)len, msg);
	pthread_mutex_lock(&imp->err_mu);
	ALLOC_GROW(imp->errors, imp->n_errors + 1, imp->a_errors);
	imp->errors[imp->n_errors++] =
	        (struct import_err){file_idx, line, side, imp->seq++, origin, text};
	if (side == READER)
		note_reader_line(imp, line);
	pthread_mutex_unlock(&imp->err_mu);
}

static size_t error_count(struct shomer_import *imp)
{
	pthread_mutex_lock(&imp->err_mu);
	size_t n = imp->n_errors;
	pthread_mutex_unlock(&imp->err_mu);
	return n;
}

/* 1 if the reader reported a problem on a line in [lo, hi] of this file. */
static int reader_error_within(struct shomer_import *imp, long lo, long hi)
{
	pthread_mutex_lock(&imp->err_mu);
	size_t a = 0, b = imp->n_rlines;
	while (a < b) {
		size_t mid = (a + b) / 2;
		if (imp->rlines[mid] < lo)
			a = mid + 1;
		else
			b = mid;
	}
	int hit = (imp->n_rlines && imp->rlines[0] <= 0) ||
	          (a < imp->n_rlines && imp->rlines[a] <= hi);
	pthread_mutex_unlock(&imp->err_mu);
	return hit;
}

static void verror(struct shomer_import *imp, enum side side, long line, const char *fmt,
                   va_list ap)
{
	char *msg = xstrvfmt(fmt, ap);
	add_error(imp, side, side == READER ? imp->r_file : imp->w_file, line, msg, strlen(msg));
	free(msg);
}

int import_verror(struct shomer_import *imp, long line, const char *fmt, va_list ap)
{
	verror(imp, WRITER, line, fmt, ap);
	return SHOMER_ERR;
}

static int rerror(struct shomer_import *imp, long line, const char *fmt, ...) UTIL_PRINTF(3, 4);
static int rerror(struct shomer_import *imp, long line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	verror(imp, READER, line, fmt, ap);
	va_end(ap);
	return -1;
}

static int werror(struct shomer_import *imp, long line, const char *fmt, ...) UTIL_PRINTF(3, 4);
static int werror(struct shomer_import *imp, long line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	verror(imp, WRITER, line, fmt, ap);
	va_end(ap);
	return -1;
}

/* libxml2's parser and validator errors, as FILE:LINE: message in words a
 * planner can act on (xmlmsg.h). */
static void libxml_error(void *ud, xmlErrorPtr e)
{
	struct shomer_import *imp = ud;
	if (!e || !e->message || e->level == XML_ERR_WARNING)
		return;
	enum origin origin = e->domain == XML_FROM_SCHEMASV ? FROM_VALIDATOR : FROM_PARSER;
	char *msg = xmlmsg_plain(e->message);
	add_error_from(imp, READER, origin, imp->r_file, e->line, msg, strlen(msg));
	free(msg);
}

/* libxml2's untargeted output (xmlGenericError) would reach stderr raw;
 * everything it reports also comes through libxml_error. */
static void libxml_generic(void *ud, const char *fmt, ...)
{
	(void)ud;
	(void)fmt;
}

/* Drops the reader's errors about the current file (superseded by a clearer one). */
static void drop_file_errors(struct shomer_import *imp)
{
	pthread_mutex_lock(&imp->err_mu);
	size_t j = 0;
	for (size_t i = 0; i < imp->n_errors; i++) {
		struct import_err *e = &imp->errors[i];
		if (e->side == READER && e->file_idx == imp->r_file)
			free(e->text);
		else
			imp->errors[j++] = *e;
	}
	imp->n_errors = j;
	imp->n_rlines = 0;
	pthread_mutex_unlock(&imp->err_mu);
}

static int cmp_err(const void *a, const void *b)
{
	const struct import_err *x = a, *y = b;
	if (x->file_idx != y->file_idx)
		return x->file_idx < y->file_idx ? -1 : 1;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->side != y->side)
		return x->side < y->side ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* ---- the queue ---- */

static void queue_init(struct queue *q)
{
	memset(q, 0, sizeof(*q));
	pthread_mutex_init(&q->mu, NULL);
	pthread_cond_init(&q->more, NULL);
	pthread_cond_init(&q->room, NULL);
}

static void queue_destroy(struct queue *q)
{
	pthread_mutex_destroy(&q->mu);
	pthread_cond_destroy(&q->more);
	pthread_cond_destroy(&q->room);
}

/* Returns -1 (and keeps nothing) when the writer has aborted. */
static int queue_push(struct queue *q, struct batch *r)
{
	pthread_mutex_lock(&q->mu);
	while (q->count == QUEUE_CAP && !q->abort)
		pthread_cond_wait(&q->room, &q->mu);
	int rc = q->abort ? -1 : 0;
	if (!rc) {
		q->buf[(q->head + q->count) % QUEUE_CAP] = r;
		q->count++;
		pthread_cond_signal(&q->more);
	}
	pthread_mutex_unlock(&q->mu);
	return rc;
}

/* NULL when the reader is done and the queue empty. */
static struct batch *queue_pop(struct queue *q)
{
	pthread_mutex_lock(&q->mu);
	while (q->count == 0 && !q->done)
		pthread_cond_wait(&q->more, &q->mu);
	struct batch *r = NULL;
	if (q->count) {
		r = q->buf[q->head];
		q->head = (q->head + 1) % QUEUE_CAP;
		q->count--;
		pthread_cond_signal(&q->room);
	}
	pthread_mutex_unlock(&q->mu);
	return r;
}

static void queue_finish(struct queue *q, int abort)
{
	pthread_mutex_lock(&q->mu);
	if (abort)
		q->abort = 1;
	else
		q->done = 1;
	pthread_cond_broadcast(&q->more);
	pthread_cond_broadcast(&q->room);
	pthread_mutex_unlock(&q->mu);
}

static int queue_aborted(struct queue *q)
{
	pthread_mutex_lock(&q->mu);
	int a = q->abort;
	pthread_mutex_unlock(&q->mu);
	return a;
}

static void rec_free(struct rec *r)
{
	if (!r)
		return;
	xmltree_arena_free(r->arena);
	free(r);
}

static void batch_free(struct batch *b)
{
	while (b) {
		struct batch *next = b->next;
		for (size_t i = 0; i < b->n; i++)
			rec_free(b->v[i]);
		free(b);
		b = next;
	}
}

/* The writer hands a finished batch back. */
static void queue_recycle(struct queue *q, struct batch *b)
{
	pthread_mutex_lock(&q->mu);
	b->next = q->used;
	q->used = b;
	pthread_mutex_unlock(&q->mu);
}

/* The reader frees what the writer has finished with. */
static void queue_free_used(struct queue *q)
{
	pthread_mutex_lock(&q->mu);
	struct batch *b = q->used;
	q->used = NULL;
	pthread_mutex_unlock(&q->mu);
	batch_free(b);
}

/* Queues the reader's batch, if any; -1 when the writer has aborted. */
static int flush_batch(struct shomer_import *imp)
{
	struct batch *b = imp->batch;
	imp->batch = NULL;
	queue_free_used(&imp->q);
	if (!b)
		return 0;
	if (queue_push(&imp->q, b)) {
		batch_free(b);
		return -1;
	}
	return 0;
}

/* ---- the reader ---- */

/* Bounds the schema cannot express for every namespace; *last gets the
 * last line the subtree reaches. */
static void check_bounds(struct shomer_import *imp, const xmlNode *n, int depth, long *last)
{
	long line = xmlGetLineNo(n);
	if (line > *last)
		*last = line;
	if (depth > XMLSEC_MAX_DEPTH) {
		rerror(imp, xmlGetLineNo(n), "elements nested deeper than %d levels",
		       XMLSEC_MAX_DEPTH);
		return;
	}
	for (const xmlAttr *a = n->properties; a; a = a->next) {
		for (const xmlNode *t = a->children; t; t = t->next) {
			if (t->content && strlen((const char *)t->content) > XMLSEC_MAX_TEXT)
				rerror(imp, xmlGetLineNo(n),
				       "attribute '%s' is longer than %d bytes", a->name,
				       XMLSEC_MAX_TEXT);
		}
	}
	for (const xmlNode *c = n->children; c; c = c->next) {
		if (c->type == XML_ELEMENT_NODE) {
			const char *ns = c->ns && c->ns->href ? (const char *)c->ns->href : "";
			if (strcmp(ns, XINCLUDE_NS) == 0 || strcmp(ns, XINCLUDE_OLD_NS) == 0)
				rerror(imp, xmlGetLineNo(c), "XInclude is not allowed");
			else
				check_bounds(imp, c, depth + 1, last);
		} else if (c->type == XML_ENTITY_REF_NODE) {
			rerror(imp, xmlGetLineNo(n), "entity references are not allowed");
		} else if (c->content && strlen((const char *)c->content) > XMLSEC_MAX_TEXT) {
			rerror(imp, xmlGetLineNo(n), "text longer than %d bytes in element '%s'",
			       XMLSEC_MAX_TEXT, n->name);
		}
		if (c->type == XML_TEXT_NODE && xmlGetLineNo(c) > *last)
			*last = xmlGetLineNo(c);
	}
}

struct owner {
	int core;                  /* urn:shomer:site:1 */
	const struct host_xml *hx; /* a plugin's */
};

static int choose_owner(struct shomer_import *imp, xmlTextReaderPtr r, struct owner *o)
{
	const char *ns = (const char *)xmlTextReaderConstNamespaceUri(r);
	const char *name = (const char *)xmlTextReaderConstLocalName(r);
	/* the node's own line: the parser's is wherever it has read ahead to */
	long line = xmlGetLineNo(xmlTextReaderCurrentNode(r));
	ns = ns ? ns : "";
	o->core = strcmp(ns, SITE_NS) == 0;
	o->hx = o->core ? NULL : host_find_xml(imp->host, ns);
	if (o->core || (o->hx && o->hx->h->root_name))
		return 0;
	/* The validator has complained about the root too; ours says more. */
	drop_file_errors(imp);
	if (!*ns)
		return rerror(imp, line,
		              "root element '%s' has no namespace; site documents use '%s'", name,
		              SITE_NS);
	if (o->hx)
		return rerror(imp, line,
		              "namespace '%s' has no documents of its own; its elements "
		              "belong inside a site",
		              ns);
	return rerror(imp, line,
	              "unknown namespace '%s' of root element '%s' "
	              "(no loaded plugin owns it)",
	              ns, name);
}

/* Queues one expanded record as a plain tree; 0, or -1 to stop. */
static int read_record(struct shomer_import *imp, const struct owner *o, const xmlNode *n)
{
	long first = xmlGetLineNo(n), last = first;
	check_bounds(imp, n, 2, &last);
	if (reader_error_within(imp, first, last))
		return 0;
	struct rec *r = xmalloc(sizeof(*r));
	r->file_idx = imp->r_file;
	r->is_site = o->core;
	r->hx = o->hx;
	r->arena = xmltree_arena_new();
	r->e = xmltree_build(r->arena, n);
	if (!imp->batch)
		imp->batch = xcalloc(1, sizeof(*imp->batch));
	imp->batch->v[imp->batch->n++] = r;
	return imp->batch->n == BATCH ? flush_batch(imp) : 0;
}

static const char dtd_refused[] = "document type declarations are not allowed "
                                  "(no DTDs, no entities)";

static void read_file(struct shomer_import *imp)
{
	const char *file = imp->files[imp->r_file];
	pthread_mutex_lock(&imp->err_mu);
	imp->n_rlines = 0;
	pthread_mutex_unlock(&imp->err_mu);
	long bad_line;
	const char *problem;
	char *why = NULL;
	int bad = xmlsec_check_prolog(file, &bad_line, &problem, &why);
	if (bad < 0) {
		/* the message names the file already */
		pthread_mutex_lock(&imp->err_mu);
		ALLOC_GROW(imp->errors, imp->n_errors + 1, imp->a_errors);
		imp->errors[imp->n_errors++] =
		        (struct import_err){imp->r_file, 0, READER, imp->seq++, FROM_SHOMER, why};
		pthread_mutex_unlock(&imp->err_mu);
		return;
	}
	if (bad > 0) {
		rerror(imp, bad_line, "%s", problem);
		return;
	}
	xmlTextReaderPtr r =
	        xmlReaderForFile(file, NULL, XMLSEC_PARSE_OPTIONS | XML_PARSE_BIG_LINES);
	if (!r) {
		rerror(imp, 0, "cannot open: %s", strerror_lc(errno));
		return;
	}
	xmlTextReaderSetStructuredErrorHandler(r, libxml_error, imp);
	if (xmlTextReaderSetSchema(r, imp->schema) != 0) {
		rerror(imp, 0, "cannot start schema validation");
		xmlFreeTextReader(r);
		return;
	}
	struct owner o = {0};
	int ret = xmlTextReaderRead(r);
	while (ret == 1) {
		int type = xmlTextReaderNodeType(r), depth = xmlTextReaderDepth(r);
		if (type == XML_READER_TYPE_DOCUMENT_TYPE) {
			rerror(imp, xmlGetLineNo(xmlTextReaderCurrentNode(r)), "%s", dtd_refused);
			break;
		}
		if (type == XML_READER_TYPE_ENTITY_REFERENCE) {
			rerror(imp, xmlGetLineNo(xmlTextReaderCurrentNode(r)),
			       "entity references are not allowed");
			break;
		}
		if (type == XML_READER_TYPE_ELEMENT && depth == 0) {
			if (choose_owner(imp, r, &o))
				break;
		} else if (type == XML_READER_TYPE_ELEMENT && depth == 1) {
			xmlNode *n = xmlTextReaderExpand(r);
			if (!n || read_record(imp, &o, n))
				break; /* a fatal parse error (reported), or the writer failed */
			ret = xmlTextReaderNext(r);
			continue;
		}
		ret = xmlTextReaderRead(r);
	}
	xmlFreeTextReader(r);
}

static void reader_main(struct shomer_import *imp)
{
	/* libxml2 keeps the generic error handler per thread. */
	xmlSetStructuredErrorFunc(imp, libxml_error);
	xmlSetGenericErrorFunc(imp, libxml_generic);
	for (imp->r_file = 0; imp->r_file < imp->nfiles && !queue_aborted(&imp->q); imp->r_file++)
		read_file(imp);
	flush_batch(imp);
	xmlSetStructuredErrorFunc(NULL, NULL);
	xmlSetGenericErrorFunc(NULL, NULL);
	queue_finish(&imp->q, 0);
}

/* ---- the writer ---- */

static int call_handler(struct shomer_import *imp, const struct host_xml *hx, const char *site_id,
                        const struct shomer_xml_elem *e)
{
	struct host *h = imp->host;
	size_t before = error_count(imp);
	int rc = hx->h->import(host_owner_handle(h, hx->owner), hx->h->ud, imp, site_id, e);
	if (rc != SHOMER_OK && error_count(imp) == before)
		werror(imp, e->line, "%s rejected this record",
		       hx->owner == HOST_CORE ? "the core" : host_owner_name(h, hx->owner));
	if (rc == SHOMER_OK)
		imp->stats->plugin_records++;
	return rc == SHOMER_OK ? 0 : -1;
}

/* ---- deferred references and id claims ---- */

static void defer_ref(struct shomer_import *imp, int is_region, long line, const char *name)
{
	ALLOC_GROW(imp->refs, imp->n_refs + 1, imp->a_refs);
	imp->refs[imp->n_refs++] =
	        (struct deferred_ref){is_region, xstrdup(name), imp->w_file, line};
}

void import_require_site(struct shomer_import *imp, long line, const char *site_id)
{
	defer_ref(imp, 0, line, site_id);
}

void import_require_region(struct shomer_import *imp, long line, const char *region)
{
	defer_ref(imp, 1, line, region);
}

int import_claim_id(struct shomer_import *imp, long line, const char *kind, const char *id)
{
	char *key = xstrfmt("%s\037%s", kind, id);
	struct strset_entry *old;
	long where = (long)((imp->w_file << 32) | (size_t)line);
	int added = strset_add(&imp->claims, key, where, &old);
	free(key);
	if (added)
		return SHOMER_OK;
	size_t f = (size_t)old->value >> 32;
	long l = (long)((size_t)old->value & 0xffffffffu);
	werror(imp, line, "duplicate %s id '%s' (first at %s:%ld)", kind, id, imp->files[f], l);
	return SHOMER_ERR;
}

/* Checks every deferred reference against the database as the import left
 * it (main thread, after the writer has finished). */
static int check_refs(struct shomer_import *imp, char **errmsg)
{
	struct store *st = imp->host->store;
	for (size_t i = 0; i < imp->n_refs; i++) {
		struct deferred_ref *r = &imp->refs[i];
		int64_t one = 0;
		int found = 0;
		struct shomer_value p[] = {SHOMER_V_TEXT(r->name)};
		if (store_query_int(st,
		                    r->is_region ? "SELECT 1 FROM sites WHERE region = ? LIMIT 1"
		                                 : "SELECT 1 FROM sites WHERE id = ?",
		                    p, 1, &one, &found, errmsg))
			return -1;
		if (!found) {
			char *msg = r->is_region ? xstrfmt("unknown region '%s' (no site is in it)",
			                                   r->name)
			                         : xstrfmt("unknown site '%s'", r->name);
			add_error(imp, WRITER, r->file_idx, r->line, msg, strlen(msg));
			free(msg);
		}
	}
	return 0;
}

/* The plugin sections inside a site, each given to its namespace's owner. */
static void write_sections(struct shomer_import *imp, const char *site_id,
                           const struct shomer_xml_elem *site)
{
	for (size_t i = 0; i < site->n_children; i++) {
		const struct shomer_xml_elem *c = site->children[i];
		if (strcmp(c->ns, SITE_NS) == 0)
			continue;
		const struct host_xml *hx = host_find_xml(imp->host, c->ns);
		if (!hx)
			werror(imp, c->line,
			       "unknown namespace '%s' on element '%s' in site '%s' "
			       "(no loaded plugin owns it)",
			       c->ns, c->name, site_id);
		else
			call_handler(imp, hx, site_id, c);
	}
}

static int duplicate_id(struct shomer_import *imp, const char *id, long line)
{
	struct strset_entry *old;
	long where = (long)((imp->w_file << 32) | (size_t)line);
	if (strset_add(&imp->site_ids, id, where, &old))
		return 0;
	size_t f = (size_t)old->value >> 32;
	long l = (long)((size_t)old->value & 0xffffffffu);
	werror(imp, line, "duplicate site id '%s' (first at %s:%ld)", id, imp->files[f], l);
	return 1;
}

/* Reads, checks and stores one site; -1 only when the database failed. */
static int write_site(struct shomer_import *imp, const struct rec *r)
{
	struct host *h = imp->host;
	struct site s;
	struct site_problems probs = {0};
	int rc = site_from_xml(r->e, &s, &probs);
	if (rc == 0)
		rc = site_project(&s, h->geo, &probs);
	for (size_t i = 0; i < probs.n; i++)
		werror(imp, probs.v[i].line, "%s", probs.v[i].msg);
	site_problems_release(&probs);
	if (rc || duplicate_id(imp, s.id, r->e->line)) {
		site_release(&s);
		return 0;
	}
	int changed;
	char *why = NULL;
	if (site_upsert(h->store, &s, &changed, &why)) {
		imp->fatal = xstrfmt("%s:%ld: cannot store site '%s': %s", imp->files[r->file_idx],
		                     r->e->line, s.id, why);
		free(why);
		site_release(&s);
		return -1;
	}
	if (changed == 0)
		imp->stats->sites_unchanged++;
	else if (changed == 1)
		imp->stats->sites_new++;
	else
		imp->stats->sites_changed++;
	write_sections(imp, s.id, r->e);
	if (changed && host_site_event(h, s.id, SHOMER_SITE_UPSERTED, &why)) {
		werror(imp, r->e->line, "%s", why);
		free(why);
	}
	site_release(&s);
	return 0;
}

static void *writer_main(void *arg)
{
	struct shomer_import *imp = arg;
	struct batch *b;
	uint64_t done = 0;
	while ((b = queue_pop(&imp->q))) {
		for (size_t i = 0; i < b->n; i++) {
			struct rec *r = b->v[i];
			imp->w_file = r->file_idx;
			if (imp->fatal)
				break;
			if (r->is_site)
				write_site(imp, r);
			else
				call_handler(imp, r->hx, NULL, r->e);
			if (imp->fatal)
				/* stop the reader; what it queued is drained */
				queue_finish(&imp->q, 1);
			if (++done % 1000 == 0)
				host_progress("importing records", done, 0);
		}
		queue_recycle(&imp->q, b);
	}
	return NULL;
}

/* ---- the command ---- */

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

/* 1 if file f is not well-formed: its schema errors are then knock-on
 * effects of the parse error, and only confuse. */
static int malformed(const struct shomer_import *imp, size_t f)
{
	for (size_t i = 0; i < imp->n_errors; i++) {
		if (imp->errors[i].file_idx == f && imp->errors[i].origin == FROM_PARSER)
			return 1;
	}
	return 0;
}

static void print_errors(struct shomer_import *imp, FILE *err)
{
	qsort(imp->errors, imp->n_errors, sizeof(*imp->errors), cmp_err);
	char *bad = xcalloc(imp->nfiles ? imp->nfiles : 1, 1);
	for (size_t f = 0; f < imp->nfiles; f++)
		bad[f] = (char)malformed(imp, f);
	size_t shown = 0;
	const char *prev = NULL;
	for (size_t i = 0; i < imp->n_errors; i++) {
		const struct import_err *e = &imp->errors[i];
		if (e->origin == FROM_VALIDATOR && bad[e->file_idx])
			continue;
		/* libxml2 can report one problem through two channels; show it once */
		if (prev && strcmp(e->text, prev) == 0)
			continue;
		fprintf(err, "shomer: %s\n", e->text);
		prev = e->text;
		shown++;
	}
	free(bad);
	fprintf(err, "shomer: import rejected: %zu error%s; nothing was changed\n", shown,
	        shown == 1 ? "" : "s");
	imp->stats->errors = shown;
}

int import_files(struct host *h, char *const *files, size_t n, FILE *err,
                 struct import_stats *stats, char **errmsg)
{
	memset(stats, 0, sizeof(*stats));
	struct shomer_import imp = {.host = h, .files = files, .nfiles = n, .stats = stats};
	if (build_schema(h, &imp.schema, errmsg))
		return SHOMER_EXIT_FAILED;
	if (store_begin(h->store, errmsg)) {
		xmlSchemaFree(imp.schema);
		return SHOMER_EXIT_FAILED;
	}
	pthread_mutex_init(&imp.err_mu, NULL);
	queue_init(&imp.q);
	strset_init(&imp.site_ids);
	strset_init(&imp.claims);

	pthread_t writer;
	if (pthread_create(&writer, NULL, writer_main, &imp) == 0) {
		reader_main(&imp);
		pthread_join(writer, NULL);
		queue_free_used(&imp.q);
	} else {
		imp.fatal = xstrfmt("cannot start the writer thread: %s", strerror_lc(errno));
	}
	stats->files = n;
	host_progress(NULL, 0, 0);
	host_sites_changed(h);
	/* With every file read: references to sites defined anywhere in the
	 * import, and incidents known by their site take its place. */
	char *why = NULL;
	if (!imp.fatal && (check_refs(&imp, &why) || incident_resolve_sites(h->store, &why))) {
		imp.fatal = xstrfmt("cannot finish the import: %s", why);
		free(why);
	}

	int rc = SHOMER_EXIT_OK;
	if (imp.fatal) {
		store_rollback(h->store);
		if (imp.n_errors)
			print_errors(&imp, err);
		err_set(errmsg, "%s", imp.fatal);
		rc = SHOMER_EXIT_FAILED;
	} else if (imp.n_errors) {
		store_rollback(h->store);
		print_errors(&imp, err);
		rc = SHOMER_EXIT_REJECTED;
	} else if (store_commit(h->store, errmsg)) {
		store_rollback(h->store);
		rc = SHOMER_EXIT_FAILED;
	}
	for (size_t i = 0; i < imp.n_errors; i++)
		free(imp.errors[i].text);
	free(imp.errors);
	free(imp.rlines);
	free(imp.fatal);
	strset_release(&imp.site_ids);
	strset_release(&imp.claims);
	for (size_t i = 0; i < imp.n_refs; i++)
		free(imp.refs[i].name);
	free(imp.refs);
	queue_destroy(&imp.q);
	pthread_mutex_destroy(&imp.err_mu);
	xmlSchemaFree(imp.schema);
	return rc;
}
