/*
 * site.h - the core's site record: reading it from a validated <site>
 * element, writing it back as XML, and keeping it in the database.
 *
 * struct site owns all its memory; site->pub is the read-only view handed to
 * plugins (struct shomer_site), whose pointers point into that memory.
 */
#ifndef SHOMER_SITE_H
#define SHOMER_SITE_H

#include <libxml/tree.h>
#include <libxml/xmlwriter.h>

#include "shomer/plugin.h"

struct store;
struct geo;

#define SITE_NS "urn:shomer:site:1"

struct site {
	struct shomer_site pub;
	/* owned storage behind pub */
	char *id, *name, *kind, *region, *police_force, *address, *postcode, *notes;
	struct shomer_xy *perimeter, *perimeter_ll;
	/* the perimeter as read from XML ("lon lat,..." with the document's own
	 * digits), stored as is; NULL for a site read from the database */
	char *perimeter_ll_text;
	/* where the record came from, for messages; 0 when not from XML */
	long line, perimeter_line;
	struct shomer_session *sessions;
	char **session_labels;
	char **tags;
};

void site_init(struct site *s);
void site_release(struct site *s);
/* Points pub's fields at the owned storage; call after filling the fields. */
void site_sync_view(struct site *s);

/* Day names as in the schema ("mon".."sun"), index 0 = Monday. */
extern const char *const site_day_names[7];
/* "HH:MM" -> minutes, -1 if malformed. */
int site_parse_time(const char *s);
/* Minutes after midnight -> "HH:MM" (24:00 for 1440). */
void site_format_time(char buf[8], int min);

/* Problems found while reading one element: the caller prefixes file:line. */
struct site_problem {
	long line;
	char *msg;
};

struct site_problems {
	struct site_problem *v;
	size_t n, alloc;
};

void site_problems_release(struct site_problems *p);
/* Appends a problem; returns -1 so that callers can return it. */
int site_problem_add(struct site_problems *p, long line, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

/*
 * Reads a <site> element that passed schema validation (as the plain tree
 * xmltree.h builds) into *out, WGS84 only.  Checks what the schema cannot:
 * latitude and longitude in range, the perimeter closed.  Every problem is
 * appended to *probs; returns 0 when there were none.
 */
int site_from_xml(const struct shomer_xml_elem *e, struct site *out, struct site_problems *probs);

/*
 * Projects the location and perimeter with `g` and checks that the
 * perimeter is a simple polygon in metres.  Problems as above.
 */
int site_project(struct site *s, struct geo *g, struct site_problems *probs);

/* Writes the site's core fields as a <site> element, leaving it open so
 * that plugin sections can follow; the caller ends it. */
int site_write_xml_open(xmlTextWriterPtr w, const struct site *s);

/*
 * Inserts or updates a site and its sessions and tags.  *changed is set to 0
 * when the stored record was identical (nothing written), 1 when it was new
 * and 2 when it changed.
 */
int site_upsert(struct store *st, const struct site *s, int *changed, char **errmsg);

/* Loads one site; *found = 0 when there is none. */
int site_load(struct store *st, const char *id, struct site *out, int *found, char **errmsg);

/*
 * Calls cb for every site matching the filter (NULL fields match all), in id
 * order.  The site is borrowed for the callback.  Stops at the first
 * non-zero return and returns it.
 */
typedef int (*site_cb)(void *ud, const struct site *s);
int site_foreach(struct store *st, const struct shomer_site_filter *f, site_cb cb, void *ud,
                 char **errmsg);

/* Deletes a site; its sessions, tags, attributes and plugin rows cascade. */
int site_remove(struct store *st, const char *id, int *found, char **errmsg);

/* Number of sites. */
int site_count(struct store *st, int64_t *n, char **errmsg);

#endif /* SHOMER_SITE_H */
