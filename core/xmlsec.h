/*
 * xmlsec.h - parsing untrusted XML safely with libxml2 (2.9.14 on Debian 12).
 *
 * DESIGN.md's rules, in one place:
 *   - never XML_PARSE_NOENT, DTDLOAD, DTDVALID or HUGE; always NONET;
 *   - an external entity loader that refuses everything but the schema files;
 *   - no document with a DTD at all (xmlsec_refuse_dtd scans the prolog
 *     before the parser runs; the reader loop also refuses a DOCTYPE node);
 *   - bounds on nesting depth and on the length of any one text or attribute.
 */
#ifndef SHOMER_XMLSEC_H
#define SHOMER_XMLSEC_H

#include <libxml/xmlschemas.h>

#define XMLSEC_PARSE_OPTIONS (XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_NOXINCNODE)

/* Deepest element nesting accepted in a document (root = 1). */
#define XMLSEC_MAX_DEPTH 32
/* Longest text node or attribute value accepted, in bytes. */
#define XMLSEC_MAX_TEXT 65536

/*
 * Installs the entity loader that admits only files in `schema_dir` (and
 * those added with xmlsec_allow), and switches off libxml2's global defaults
 * that load or substitute entities.  Call once before any parsing.
 */
void xmlsec_init(const char *schema_dir);
/* Admits one more schema file (an absolute path) to the entity loader. */
void xmlsec_allow(const char *path);
/* Forgets the allowed files. */
void xmlsec_cleanup(void);

/*
 * Reads the prolog of `path` (XML declaration, comments, processing
 * instructions) and fails with the line of a <!DOCTYPE if there is one.
 * Returns 0 when clean, 1 when a DTD was found (*line set), -1 if the file
 * cannot be read (*errmsg set).
 */
int xmlsec_refuse_dtd(const char *path, long *line, char **errmsg);

/*
 * Compiles one schema that imports every (namespace, xsd path) pair, so a
 * document and the plugin sections inside it are validated in one pass.
 * Errors in a schema itself (a broken plugin XSD) come back in *errmsg.
 */
int xmlsec_load_schemas(const char *const *ns, const char *const *paths, size_t n,
                        xmlSchemaPtr *out, char **errmsg);

#endif /* SHOMER_XMLSEC_H */
