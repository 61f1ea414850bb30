/*
 * core_schema.h - the core's own tables, as numbered migrations.
 *
 * PRAGMA user_version records how many have been applied.  Append new
 * migrations; never edit one that has shipped.
 */
#ifndef SHOMER_CORE_SCHEMA_H
#define SHOMER_CORE_SCHEMA_H

#include <stddef.h>

#include "shomer/plugin.h"

extern const struct shomer_migration core_migrations[];
extern const size_t core_migrations_count;

/* Incident categories, CST's six first, as schemas/incident.xsd lists them. */
extern const char *const core_incident_categories[];
extern const size_t core_incident_categories_count;

/* Site kinds, in the order the schema and reports list them. */
extern const char *const core_site_kinds[];
extern const size_t core_site_kinds_count;

#endif /* SHOMER_CORE_SCHEMA_H */
