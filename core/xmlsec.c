/*
 * xmlsec.c - see xmlsec.h.
 */
#include "xmlsec.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/globals.h>

#include "util.h"

#include "banned.h"

static char *allowed_dir;
static char **allowed_files;
static size_t n_allowed, a_allowed;

/* Maps a URL or path given to the loader to a canonical local path. */
static char *local_path(const char *url)
{
	if (!url)
		return NULL;
	if (starts_with(url, "file://"))
		url += 7;
	if (url[0] != '/')
		return NULL;
	return realpath(url, NULL);
}

static int is_allowed(const char *path)
{
	size_t n = allowed_dir ? strlen(allowed_dir) : 0;
	if (n && strncmp(path, allowed_dir, n) == 0 && path[n] == '/' && !strchr(path + n + 1, '/'))
		return 1;
	for (size_t i = 0; i < n_allowed; i++) {
		if (strcmp(path, allowed_files[i]) == 0)
			return 1;
	}
	return 0;
}

/*
 * The only way libxml2 reaches outside the document: schema imports come
 * through here, and so would external entities, DTDs and XIncludes if any
 * slipped past the other defences.  Anything but our schema files is refused.
 */
static xmlParserInputPtr guarded_loader(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
	(void)id;
	char *path = local_path(url);
	if (path && is_allowed(path)) {
		xmlParserInputPtr in = xmlNewInputFromFile(ctxt, path);
		free(path);
		return in;
	}
	free(path);
	/* libxml2 reports the failed load itself, with file and line. */
	(void)ctxt;
	return NULL;
}

void xmlsec_init(const char *schema_dir)
{
	free(allowed_dir);
	allowed_dir = schema_dir ? realpath(schema_dir, NULL) : NULL;
	xmlInitParser();
	xmlSetExternalEntityLoader(guarded_loader);
	/* Global defaults that older code paths consult. */
	xmlSubstituteEntitiesDefault(0);
	xmlLoadExtDtdDefaultValue = 0;
	xmlPedanticParserDefault(0);
}

void xmlsec_allow(const char *path)
{
	char *p = realpath(path, NULL);
	if (!p)
		p = xstrdup(path);
	ALLOC_GROW(allowed_files, n_allowed + 1, a_allowed);
	allowed_files[n_allowed++] = p;
}

void xmlsec_cleanup(void)
{
	for (size_t i = 0; i < n_allowed; i++)
		free(allowed_files[i]);
	free(allowed_files);
	allowed_files = NULL;
	n_allowed = a_allowed = 0;
	free(allowed_dir);
	allowed_dir = NULL;
}

/* Skips "<?...?>" or "<!--...-->" starting at p; NULL if unterminated. */
static const char *skip_markup(const char *p, const char *end, long *line)
{
	const char *close = p[1] == '?' ? "?>" : "-->";
	size_t cl = strlen(close);
	for (p += 2; p + cl <= end; p++) {
		if (*p == '\n')
			(*line)++;
		if (memcmp(p, close, cl) == 0)
			return p + cl;
	}
	return NULL;
}

/* 1 if the bytes start like UTF-16 or UTF-32, with or without a BOM. */
static int looks_wide(const unsigned char *p, size_t n)
{
	if (n >= 2 && ((p[0] == 0xFE && p[1] == 0xFF) || (p[0] == 0xFF && p[1] == 0xFE)))
		return 1;
	return n >= 2 && (p[0] == 0 || p[1] == 0);
}

/* The encoding named by an XML declaration "<?xml ... encoding='X' ?>"
 * spanning [p, q), or NULL when it names none. */
static char *declared_encoding(const char *p, const char *q)
{
	const char *e = p;
	while ((e = memchr(e, 'e', (size_t)(q - e))) && (size_t)(q - e) > 8) {
		if (memcmp(e, "encoding", 8) == 0)
			break;
		e++;
	}
	if (!e || (size_t)(q - e) <= 8)
		return NULL;
	e += 8;
	while (e < q && (*e == ' ' || *e == '=' || *e == '\t'))
		e++;
	if (e >= q || (*e != '"' && *e != '\''))
		return NULL;
	const char *v = e + 1, *close = memchr(v, *e, (size_t)(q - v));
	return close ? xstrndup(v, (size_t)(close - v)) : NULL;
}

static int is_utf8_name(const char *enc)
{
	return strcasecmp(enc, "UTF-8") == 0 || strcasecmp(enc, "UTF8") == 0;
}

int xmlsec_check_prolog(const char *path, long *line, const char **problem, char **errmsg)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return err_set(errmsg, "cannot open '%s': %s", path, strerror_lc(errno));
	/* The prolog of any document we accept fits in one chunk; a longer one
	 * is read in full before the verdict. */
	struct strbuf sb = STRBUF_INIT;
	char chunk[8192];
	size_t got;
	int verdict = 0;
	*line = 1;
	*problem = NULL;
	while ((got = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		sb_add(&sb, chunk, got);
		const char *p = sb.buf, *end = sb.buf + sb.len;
		long ln = 1;
		if (looks_wide((const unsigned char *)p, sb.len)) {
			*problem =
			        "only UTF-8 documents are accepted (this one is UTF-16 or UTF-32)";
			verdict = 1;
			break;
		}
		if (sb.len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
			p += 3;
		int decided = 0;
		while (p < end) {
			if (*p == '\n') {
				ln++;
				p++;
			} else if (*p == ' ' || *p == '\t' || *p == '\r') {
				p++;
			} else if (*p == '<' && p + 1 < end && (p[1] == '?' || p[1] == '!')) {
				if (p[1] == '!' && (size_t)(end - p) >= 9 &&
				    memcmp(p, "<!DOCTYPE", 9) == 0) {
					*line = ln;
					*problem = "document type declarations are not allowed "
					           "(no DTDs, no entities)";
					verdict = decided = 1;
					break;
				}
				if (p[1] == '!' && (size_t)(end - p) < 9)
					break; /* need more bytes */
				long at = ln;
				const char *q = skip_markup(p, end, &ln);
				if (!q)
					break; /* unterminated: need more */
				char *enc = p[1] == '?' && (size_t)(q - p) > 5 &&
				                            memcmp(p, "<?xml", 5) == 0
				                    ? declared_encoding(p, q)
				                    : NULL;
				if (enc && !is_utf8_name(enc)) {
					*line = at;
					*problem = "only UTF-8 documents are accepted";
					verdict = decided = 1;
				}
				free(enc);
				if (decided)
					break;
				p = q;
			} else {
				decided = 1; /* the root element, or not XML: the parser says */
				break;
			}
		}
		if (decided)
			break;
	}
	if (ferror(f)) {
		verdict = err_set(errmsg, "cannot read '%s': %s", path, strerror_lc(errno));
	} else if (verdict == 0 && sb.len == strspn(sb.buf, " \t\r\n")) {
		*problem = "the file is empty";
		verdict = 1;
	}
	fclose(f);
	sb_release(&sb);
	return verdict;
}

static void collect_schema_error(void *ud, xmlErrorPtr e)
{
	struct strbuf *sb = ud;
	if (!e || !e->message)
		return;
	size_t n = strlen(e->message);
	while (n && e->message[n - 1] == '\n')
		n--;
	if (sb->len)
		sb_adds(sb, "; ");
	if (e->file)
		sb_addf(sb, "%s:%d: ", e->file, e->line);
	sb_add(sb, e->message, n);
}

int xmlsec_load_schemas(const char *const *ns, const char *const *paths, size_t n,
                        xmlSchemaPtr *out, char **errmsg)
{
	struct strbuf doc = STRBUF_INIT, errs = STRBUF_INIT;
	sb_adds(&doc, "<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\">\n");
	for (size_t i = 0; i < n; i++) {
		sb_adds(&doc, "<xs:import namespace=\"");
		sb_add_xml_escaped(&doc, ns[i]);
		sb_adds(&doc, "\" schemaLocation=\"");
		sb_add_xml_escaped(&doc, paths[i]);
		sb_adds(&doc, "\"/>\n");
	}
	sb_adds(&doc, "</xs:schema>\n");

	*out = NULL;
	xmlSchemaParserCtxtPtr pc = xmlSchemaNewMemParserCtxt(doc.buf, (int)doc.len);
	if (pc) {
		xmlSchemaSetParserStructuredErrors(pc, collect_schema_error, &errs);
		*out = xmlSchemaParse(pc);
		xmlSchemaFreeParserCtxt(pc);
	}
	sb_release(&doc);
	if (!*out || errs.len) {
		err_set(errmsg, "cannot load schemas: %s", errs.len ? errs.buf : "unknown error");
		sb_release(&errs);
		if (*out)
			xmlSchemaFree(*out);
		*out = NULL;
		return -1;
	}
	sb_release(&errs);
	return 0;
}
