/*
 * records.h - the guards plugin's tables and <guards> documents, and the
 * small parsers of days, times and threat levels they share.
 */
#ifndef GUARDS_RECORDS_H
#define GUARDS_RECORDS_H

#include "guards.h"

#define GUARDS_NS "urn:shomer:guards:1"

extern const struct shomer_xml_handler guards_xml;
extern const struct shomer_migration guards_migrations[];
extern const size_t guards_n_migrations;

/* "mon".."sun" to 0..6, or -1. */
int guards_day_parse(const char *s);
const char *guards_day_name(int d);
/* "HH:MM" (to "24:00") to minutes after midnight, or -1. */
int guards_time_parse(const char *s);
/* "low".."critical" to 1..5, or -1. */
int guards_threat_parse(const char *s);

#endif
