/*
 * incident.h - the incident log, a record the core keeps for everyone:
 * reading <incident> elements, checking them, storing them, iterating over
 * them, writing them back.
 *
 * An incident's description and personal fields (victim name, contact) are
 * held here and nowhere else: plugins see struct shomer_incident, which has
 * neither, and exports leave them out unless asked for them by name.
 */
#ifndef SHOMER_INCIDENT_H
#define SHOMER_INCIDENT_H

#include <libxml/xmlwriter.h>
#include <stdint.h>

#include "shomer/plugin.h"

#define INCIDENT_NS "urn:shomer:incident:1"

struct store;
struct geo;
struct site_problems;

struct incident {
	struct shomer_incident pub;
	char *id, *occurred, *category, *site_id, *police_force, *police_reference;
	char *force_in_effect; /* police_force, or the site's when that is empty */
	char *description;
	char *victim_name, *contact; /* personal: "" when none */
	int own_location;            /* the record gave its own location */
	long line;                   /* where it came from, for messages */
	const char *source;          /* "xml", "police-uk", "cli" (static) */
};

/* What an incident export includes beyond the facts: free text and personal
 * fields leave the core only when asked for by name. */
enum incident_detail { INCIDENT_WITH_DESCRIPTION = 1, INCIDENT_WITH_PERSONAL = 2 };

void incident_init(struct incident *inc);
void incident_release(struct incident *inc);
/* Points pub at the owned strings. */
void incident_sync_view(struct incident *inc);

/* 1 if `category` is one of the schema's categories. */
int incident_category_known(const char *category);

/*
 * Reads an <incident> element that passed the schema.  Problems (in words,
 * with lines) go to *probs; 0 when there were none.
 */
int incident_from_xml(const struct shomer_xml_elem *e, struct incident *out,
                      struct site_problems *probs);

/*
 * Checks what needs the world: the time is not in the future (after `now`),
 * the location lies in the CRS's area of use; projects the location.  The
 * site reference is checked by the caller (it may come later in an import).
 */
int incident_check(struct incident *inc, struct geo *g, int64_t now, struct site_problems *probs);

/* Inserts or updates by id, personal fields included; *changed as for sites
 * (0 unchanged, 1 new, 2 changed). */
int incident_upsert(struct store *st, const struct incident *inc, int *changed, char **errmsg);

/*
 * Gives incidents known only by their site the site's place.  Run once the
 * sites of an import are all stored.
 */
int incident_resolve_sites(struct store *st, char **errmsg);

/*
 * Iterates incidents matching `f` (NULL: all), oldest first.  The incident
 * is a borrowed view for the callback (its strings belong to the database
 * cursor: copy what you keep, never release it); the description and personal fields are loaded only when `detail`
 * (enum incident_detail) asks for them.  Stops at the first non-zero return.
 */
typedef int (*incident_cb)(void *ud, const struct incident *inc);
int incident_foreach(struct store *st, const struct shomer_incident_filter *f, unsigned detail,
                     incident_cb cb, void *ud, char **errmsg);

/* Writes one <incident>; `detail` is a mask of enum incident_detail. */
int incident_write_xml(xmlTextWriterPtr w, const struct incident *inc, unsigned detail);

#endif /* SHOMER_INCIDENT_H */
