/*
 * xmlsec.h - parsing untrusted XML safely with libxml2 (2.9.14 on Debian 12).
 *
 * DESIGN.md's rules, in one place:
 *   - never XML_PARSE_NOENT, DTDLOAD, DTDVALID or HUGE; always NONET;
 *   - an external entity loader that refuses everything but the schema files;
 *   - no document with a DTD at all (xmlsec_check_prolog scans the prolog
 *     before the parser runs; the reader loop also refuses a DOCTYPE node);
 *   - UTF-8 only: a document in another encoding could hide a DTD from
 *     that scan, and Shomer's formats are UTF-8 throughout;
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
 * instructions) before any parser sees it.  Returns 0 when it is clean; 1
 * when the document has a DTD or is not UTF-8 (*problem says which, a
 * static string, and *line where); -1 if the file cannot be read (*errmsg).
 */
int xmlsec_check_prolog(const char *path, long *line, const char **problem, char **errmsg);

/*
 * Compiles one schema that imports every (namespace, xsd path) pair, so a
 * document and the plugin sections inside it are validated in one pass.
 * Errors in a schema itself (a broken plugin XSD) come back in *errmsg.
 */
int xmlsec_load_schemas(const char *const *ns, const char *const *paths, size_t n,
                        xmlSchemaPtr *out, char **errmsg);

#endif /* SHOMER_XMLSEC_H */
