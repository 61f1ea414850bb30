/*
 * incidents.c - see incidents.h.
 */
#include "incidents.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "opts.h"

#include "banned.h"

#define INC_NOMEM 1 /* what take_incident returns to stop when out of memory */

struct load_ctx {
	struct shomer_host *host;
	struct risk_incload *out;
	int info;
	size_t seen;
};

static int take_info(struct risk_incload *l, const struct shomer_incident *inc)
{
	struct risk_incinfo *ri;

	if (l->n_info == l->info_alloc) {
		size_t a = l->info_alloc ? l->info_alloc * 2 : 1024;
		struct risk_incinfo *v = realloc(l->info, a * sizeof(*v));
		if (!v)
			return -1;
		l->info = v;
		l->info_alloc = a;
	}
	ri = &l->info[l->n_info];
	ri->id = malloc(strlen(inc->id) + 1);
	if (!ri->id)
		return -1;
	memcpy(ri->id, inc->id, strlen(inc->id) + 1);
	l->n_info++;
	/* police.uk gives the month only: show what is known, no more */
	snprintf(ri->occurred, sizeof(ri->occurred), "%.*s", inc->month_only ? 7 : 20,
	         inc->occurred);
	return 0;
}

static int take_incident(void *ud, const struct shomer_incident *inc)
{
	struct load_ctx *c = ud;
	struct risk_incload *l = c->out;
	int cat;

	if (++c->seen % 65536 == 0)
		risk_api->progress(c->host, "reading incidents", c->seen, 0);
	if (!inc->has_location) {
		l->unlocated++;
		return SHOMER_OK;
	}
	cat = risk_category_from_name(inc->category);
	if (cat < 0) {
		l->unknown_cat++;
		cat = RISK_CAT_OTHER;
	}
	if (risk_incset_push(&l->set, inc->x, inc->y, inc->occurred_unix,
	                     risk_reference_time(inc->occurred_unix, inc->month_only), cat))
		return INC_NOMEM;
	if (c->info && take_info(l, inc))
		return INC_NOMEM;
	return SHOMER_OK;
}

int risk_incidents_load(struct shomer_host *host, int64_t as_of, int near, double x, double y,
                        double radius, int info, struct risk_incload *out, char **errmsg)
{
	struct shomer_incident_filter f = {.size = sizeof(f)};
	struct load_ctx c = {host, out, info, 0};
	int rc;

	memset(out, 0, sizeof(*out));
	/* to_unix is exclusive: as_of + 1 keeps an incident at as-of itself */
	f.to_unix = as_of + 1;
	/* the index alone, unless the ids and times are to be shown */
	f.lean = !info;
	if (near) {
		f.near = 1;
		f.x = x;
		f.y = y;
		f.radius = radius;
	}
	rc = risk_api->incident_foreach(host, &f, take_incident, &c, errmsg);
	if (c.seen >= 65536)
		risk_api->progress(host, "reading incidents", c.seen, c.seen);
	if (rc == INC_NOMEM)
		return risk_fail(errmsg, SHOMER_ERR, "out of memory reading the incidents");
	return rc == SHOMER_OK ? SHOMER_OK : SHOMER_ERR;
}

void risk_incload_release(struct risk_incload *l)
{
	for (size_t i = 0; i < l->n_info; i++)
		free(l->info[i].id);
	free(l->info);
	risk_incset_release(&l->set);
	memset(l, 0, sizeof(*l));
}
