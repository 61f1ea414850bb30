/*
 * import.h - `shomer import FILE...`: every file validated against its
 * owner's schema and applied in one transaction, all or nothing.
 *
 * The owner of a document is chosen by its root element's namespace: the
 * core for urn:shomer:site:1, otherwise the plugin that registered it.  Files
 * are read with libxml2's streaming reader, one record (a child of the root)
 * at a time, so memory does not grow with the file.  Every problem in every
 * file is printed as "shomer: FILE:LINE: message"; if there is any, the
 * transaction is rolled back and the exit code is 3.
 */
#ifndef SHOMER_IMPORT_H
#define SHOMER_IMPORT_H

#include <stdarg.h>
#include <stddef.h>

#include "shomer/plugin.h"

struct host;

struct import_stats {
	size_t files;
	size_t sites_new, sites_changed, sites_unchanged;
	size_t plugin_records;
	size_t errors;
};

/*
 * Imports `files` into the host's open database.  Returns SHOMER_EXIT_OK,
 * SHOMER_EXIT_REJECTED (errors printed to `err`, nothing changed) or
 * SHOMER_EXIT_FAILED (*errmsg set: the database itself failed).
 */
int import_files(struct host *h, char *const *files, size_t n, FILE *err,
                 struct import_stats *stats, char **errmsg);

/* Records an error at `line` of the file being imported (the API slot). */
int import_verror(struct shomer_import *imp, long line, const char *fmt, va_list ap);

/* The API's deferred reference checks and id claims (plugin.h). */
void import_require_site(struct shomer_import *imp, long line, const char *site_id);
int import_claim_id(struct shomer_import *imp, long line, const char *kind, const char *id);
/* The core's own deferred check: some site is in `region` when the import
 * ends (the threat posture names regions). */
void import_require_region(struct shomer_import *imp, long line, const char *region);

#endif /* SHOMER_IMPORT_H */
