/*
 * police_csv.h - `shomer import --format police-uk FILE.csv...`: the
 * data.police.uk street-level crime CSV as incidents.
 *
 * Each row is one crime: month, anonymised location, force, crime type.  A
 * row without coordinates or without a Crime ID (anti-social behaviour has
 * none) cannot be an incident and is counted, not refused.  A malformed row
 * rejects the whole import, every such row named with its line, unless
 * skip_bad is set: then each is reported as skipped and the rest imported.
 * All files go in one transaction.  The crime-type mapping is documented in
 * docs/incidents.md.
 */
#ifndef SHOMER_POLICE_CSV_H
#define SHOMER_POLICE_CSV_H

#include <stdio.h>

struct host;

/* Returns an exit code; messages go to `err`, the summary to stdout. */
int police_import_files(struct host *h, char *const *files, size_t n, int skip_bad, int quiet,
                        FILE *err);

/* The Shomer category for a police.uk crime type; NULL if unknown. */
const char *police_category(const char *crime_type);

#endif /* SHOMER_POLICE_CSV_H */
