/*
 * police_csv.c - see police_csv.h.
 */
#include "police_csv.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "geo.h"
#include "host.h"
#include "incident.h"
#include "site.h"
#include "store.h"
#include "timeutil.h"
#include "util.h"

#include "banned.h"

#define NCOLS 12

static const char *const header[NCOLS] = {
        "Crime ID",
        "Month",
        "Reported by",
        "Falls within",
        "Longitude",
        "Latitude",
        "Location",
        "LSOA code",
        "LSOA name",
        "Crime type",
        "Last outcome category",
        "Context",
};

enum col { C_ID, C_MONTH, C_REPORTED_BY, C_FORCE, C_LON, C_LAT, C_LOCATION, C_TYPE = 9 };

/*
 * police.uk crime types to Shomer's categories.  Violence against the person
 * and robbery are assaults; criminal damage and arson are damage; public
 * order offences are abusive behaviour (harassment, causing fear or
 * distress); carrying a weapon near a site is a threat.  Property crime and
 * drugs are "other": background crime that still says something about a
 * place (Risk Terrain Modeling), weighted lowest by the risk plugin.
 */
static const struct {
	const char *type, *category;
} crime_types[] = {
        {"Violence and sexual offences", "assault"},
        {"Robbery", "assault"},
        {"Criminal damage and arson", "damage-desecration"},
        {"Public order", "abusive-behaviour"},
        {"Anti-social behaviour", "abusive-behaviour"},
        {"Possession of weapons", "threats"},
        {"Burglary", "other"},
        {"Bicycle theft", "other"},
        {"Drugs", "other"},
        {"Other theft", "other"},
        {"Shoplifting", "other"},
        {"Theft from the person", "other"},
        {"Vehicle crime", "other"},
        {"Other crime", "other"},
};

const char *police_category(const char *crime_type)
{
	for (size_t i = 0; i < ARRAY_SIZE(crime_types); i++) {
		if (strcmp(crime_types[i].type, crime_type) == 0)
			return crime_types[i].category;
	}
	return NULL;
}

/*
 * Splits one CSV record (RFC 4180: quoted fields, doubled quotes) into at
 * most `max` fields, in place.  Returns the number of fields, or -1 for an
 * unterminated quote.
 */
static int split_csv(char *line, char **fields, int max)
{
	int n = 0;
	char *p = line;
	for (;;) {
		/* a field is rewritten in place from where it starts */
		char *w = p, *start = p;
		if (*p == '"') {
			p++;
			for (;;) {
				if (*p == '\0')
					return -1;
				if (*p == '"' && p[1] == '"') {
					*w++ = '"';
					p += 2;
				} else if (*p == '"') {
					p++;
					break;
				} else {
					*w++ = *p++;
				}
			}
		} else {
			while (*p && *p != ',')
				*w++ = *p++;
		}
		char term = *p;
		*w = '\0';
		if (n < max)
			fields[n] = start;
		n++;
		if (term != ',')
			break;
		p++;
	}
	return n;
}

struct counts {
	size_t rows, new_, changed, unchanged, no_id, no_location, repeated, bad;
};

struct run {
	struct host *h;
	FILE *err;
	int skip_bad;
	const char *file;
	struct counts c;
	struct strset seen;
	int64_t now;
	int failed; /* database error */
};

static void bad_row(struct run *r, long line, const char *fmt, ...) UTIL_PRINTF(3, 4);
static void bad_row(struct run *r, long line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = xstrvfmt(fmt, ap);
	va_end(ap);
	fprintf(r->err, "shomer: %s:%ld: %s%s\n", r->file, line, r->skip_bad ? "skipped: " : "",
	        msg);
	free(msg);
	r->c.bad++;
}

static int month_ok(const char *m)
{
	return strlen(m) == 7 && m[4] == '-';
}

static void import_row(struct run *r, char **f, long line)
{
	r->c.rows++;
	if (!*f[C_ID]) {
		r->c.no_id++;
		return;
	}
	if (!*f[C_LON] || !*f[C_LAT]) {
		r->c.no_location++;
		return;
	}
	struct incident inc;
	incident_init(&inc);
	inc.source = "police-uk";
	inc.line = line;
	int month_only = 0;
	const char *category = police_category(f[C_TYPE]);
	if (!month_ok(f[C_MONTH]) || time_parse(f[C_MONTH], &inc.pub.occurred_unix, &month_only) ||
	    !month_only) {
		bad_row(r, line, "month '%s' is not YYYY-MM", f[C_MONTH]);
		goto out;
	}
	if (parse_double(f[C_LAT], &inc.pub.lat) || parse_double(f[C_LON], &inc.pub.lon) ||
	    inc.pub.lat < -90 || inc.pub.lat > 90 || inc.pub.lon < -180 || inc.pub.lon > 180) {
		bad_row(r, line, "'%s, %s' is not a longitude and latitude", f[C_LON], f[C_LAT]);
		goto out;
	}
	if (!category) {
		bad_row(r, line, "unknown crime type '%s'", f[C_TYPE]);
		goto out;
	}
	char iso[32];
	time_format(inc.pub.occurred_unix, iso);
	inc.id = xstrfmt("PUK-%s", f[C_ID]);
	inc.occurred = xstrdup(iso);
	inc.pub.month_only = 1;
	inc.category = xstrdup(category);
	inc.police_force = xstrdup(f[C_FORCE]);
	inc.description = xstrdup(f[C_LOCATION]);
	inc.pub.reported_to_police = 1;
	inc.own_location = inc.pub.has_location = 1;
	incident_sync_view(&inc);
	struct site_problems probs = {0};
	if (incident_check(&inc, r->h->geo, r->now, &probs)) {
		for (size_t i = 0; i < probs.n; i++)
			bad_row(r, line, "%s", probs.v[i].msg);
		site_problems_release(&probs);
		goto out;
	}
	/* One crime with several suspects appears on several rows: one incident. */
	if (!strset_add(&r->seen, inc.id, line, NULL)) {
		r->c.repeated++;
		goto out;
	}
	int changed;
	char *why = NULL;
	if (incident_upsert(r->h->store, &inc, &changed, &why)) {
		fprintf(r->err, "shomer: %s:%ld: cannot store the incident: %s\n", r->file, line,
		        why);
		free(why);
		r->failed = 1;
		goto out;
	}
	if (changed == 0)
		r->c.unchanged++;
	else if (changed == 1)
		r->c.new_++;
	else
		r->c.changed++;
out:
	incident_release(&inc);
}

static int header_ok(char **f, int n)
{
	if (n != NCOLS)
		return 0;
	/* a byte-order mark before the first name is common in exported CSVs */
	const char *first = f[0];
	if ((unsigned char)first[0] == 0xEF && (unsigned char)first[1] == 0xBB &&
	    (unsigned char)first[2] == 0xBF)
		first += 3;
	if (strcmp(first, header[0]) != 0)
		return 0;
	for (int i = 1; i < NCOLS; i++) {
		if (strcmp(f[i], header[i]) != 0)
			return 0;
	}
	return 1;
}

static void import_file(struct run *r)
{
	FILE *fp = fopen(r->file, "r");
	if (!fp) {
		fprintf(r->err, "shomer: cannot open '%s': %s\n", r->file, strerror_lc(errno));
		r->c.bad++;
		return;
	}
	char *buf = NULL;
	size_t cap = 0;
	ssize_t len;
	long line = 0;
	while ((len = getline(&buf, &cap, fp)) >= 0 && !r->failed) {
		line++;
		while (len && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
			buf[--len] = '\0';
		char *f[NCOLS];
		int n = split_csv(buf, f, NCOLS);
		if (line == 1) {
			if (!header_ok(f, n)) {
				fprintf(r->err,
				        "shomer: %s:1: not a police.uk street-level CSV: the "
				        "header must be "
				        "Crime ID,Month,Reported by,Falls "
				        "within,Longitude,Latitude,Location,"
				        "LSOA code,LSOA name,Crime type,Last outcome "
				        "category,Context\n",
				        r->file);
				r->c.bad++;
				break;
			}
			continue;
		}
		if (len == 0)
			continue;
		if (n < 0)
			bad_row(r, line, "a quoted field is not closed");
		else if (n != NCOLS)
			bad_row(r, line, "expected %d columns, found %d", NCOLS, n);
		else
			import_row(r, f, line);
	}
	if (line == 0) {
		fprintf(r->err, "shomer: %s: the file is empty\n", r->file);
		r->c.bad++;
	}
	free(buf);
	fclose(fp);
}

int police_import_files(struct host *h, char *const *files, size_t n, int skip_bad, int quiet,
                        FILE *err)
{
	struct run r = {.h = h, .err = err, .skip_bad = skip_bad, .now = time_now()};
	strset_init(&r.seen);
	char *why = NULL;
	if (store_begin(h->store, &why)) {
		fprintf(err, "shomer: %s\n", why);
		free(why);
		return 1;
	}
	for (size_t i = 0; i < n && !r.failed; i++) {
		r.file = files[i];
		import_file(&r);
	}
	strset_release(&r.seen);
	int rejected = r.c.bad && !skip_bad;
	if (r.failed || rejected) {
		store_rollback(h->store);
		if (rejected)
			fprintf(err,
			        "shomer: import rejected: %zu bad row%s; nothing was changed "
			        "(--skip-bad imports the rest)\n",
			        r.c.bad, r.c.bad == 1 ? "" : "s");
		return r.failed ? 1 : 3;
	}
	if (store_commit(h->store, &why)) {
		store_rollback(h->store);
		fprintf(err, "shomer: %s\n", why);
		free(why);
		return 1;
	}
	if (!quiet)
		printf("imported %zu police.uk row%s from %zu file%s: %zu new incidents, %zu "
		       "changed, "
		       "%zu unchanged; %zu rows had no Crime ID (anti-social behaviour), %zu had "
		       "no "
		       "coordinates, %zu repeated a Crime ID%s\n",
		       r.c.rows, r.c.rows == 1 ? "" : "s", n, n == 1 ? "" : "s", r.c.new_,
		       r.c.changed, r.c.unchanged, r.c.no_id, r.c.no_location, r.c.repeated,
		       skip_bad && r.c.bad ? "; bad rows skipped as listed above" : "");
	return 0;
}
