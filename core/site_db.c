/*
 * site_db.c - keeping sites in the database (see site.h and core_schema.c).
 */
#include "site.h"

#include <math.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "store.h"
#include "util.h"

#include "banned.h"

/* ---- database ---- */

/*
 * Appends v rounded to millimetres ("531234.567", "-12.5"): integer
 * arithmetic, because snprintf("%.3f") dominated the import profile.
 */
static void sb_add_milli(struct strbuf *sb, double v)
{
	if (!isfinite(v) || fabs(v) > 9e15) {
		char b[FMT_DOUBLE_MAX];
		sb_adds(sb, fmt_double(b, v));
		return;
	}
	long long m = llround(v * 1000.0);
	char tmp[32];
	int n = 0, neg = m < 0;
	unsigned long long u = neg ? (unsigned long long)(-(m + 1)) + 1 : (unsigned long long)m;
	unsigned frac = (unsigned)(u % 1000);
	u /= 1000;
	do {
		tmp[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (neg && (frac || n > 1 || tmp[0] != '0'))
		sb_addc(sb, '-');
	while (n)
		sb_addc(sb, tmp[--n]);
	if (frac) {
		char f[4] = {(char)('0' + frac / 100), (char)('0' + frac / 10 % 10),
		             (char)('0' + frac % 10), 0};
		for (int i = 2; i > 0 && f[i] == '0'; i--)
			f[i] = 0;
		sb_addc(sb, '.');
		sb_adds(sb, f);
	}
}

static char *ring_ll_text(const struct shomer_xy *pts, size_t n)
{
	struct strbuf sb = STRBUF_INIT;
	char a[FMT_DOUBLE_MAX], b[FMT_DOUBLE_MAX];
	for (size_t i = 0; i < n; i++)
		sb_addf(&sb, "%s%s %s", i ? "," : "", fmt_double(a, pts[i].x),
		        fmt_double(b, pts[i].y));
	return sb_detach(&sb);
}

static char *ring_xy_text(const struct shomer_xy *pts, size_t n)
{
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < n; i++) {
		if (i)
			sb_addc(&sb, ',');
		sb_add_milli(&sb, pts[i].x);
		sb_addc(&sb, ' ');
		sb_add_milli(&sb, pts[i].y);
	}
	return sb_detach(&sb);
}

static struct shomer_xy *ring_from_text(const char *t, size_t *n)
{
	size_t alloc = 0;
	struct shomer_xy *pts = NULL;
	*n = 0;
	while (t && *t) {
		char *end;
		double x = strtod(t, &end);
		double y = strtod(end, &end);
		ALLOC_GROW(pts, *n + 1, alloc);
		pts[*n].x = x;
		pts[*n].y = y;
		(*n)++;
		t = *end == ',' ? end + 1 : NULL;
	}
	return pts;
}

/* See core_schema.c for the text forms of sessions and tags. */
static char *sessions_text(const struct shomer_site *p)
{
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < p->n_sessions; i++) {
		const struct shomer_session *q = &p->sessions[i];
		sb_addf(&sb, "%s%d\t%d\t%d\t%d\t%s", i ? "\n" : "", q->day, q->start_min,
		        q->end_min, q->attendance, q->label);
	}
	return sb_detach(&sb);
}

static void sessions_from_text(struct site *s, const char *t)
{
	size_t alloc = 0, la = 0, n = 0;
	while (t && *t) {
		const char *eol = strchr(t, '\n');
		size_t len = eol ? (size_t)(eol - t) : strlen(t);
		char *end;
		struct shomer_session q = {0};
		q.day = (int)strtol(t, &end, 10);
		q.start_min = (int)strtol(end, &end, 10);
		q.end_min = (int)strtol(end, &end, 10);
		q.attendance = (int)strtol(end, &end, 10);
		if (*end == '\t')
			end++;
		if (q.day < 0 || q.day > 6)
			q.day = 0;
		ALLOC_GROW(s->sessions, n + 1, alloc);
		ALLOC_GROW(s->session_labels, n + 1, la);
		s->sessions[n] = q;
		s->session_labels[n] = xstrndup(end, len - (size_t)(end - t));
		n++;
		t = eol ? eol + 1 : NULL;
	}
	s->pub.n_sessions = n;
}

static char *tags_text(const struct shomer_site *p)
{
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < p->n_tags; i++)
		sb_addf(&sb, "%s%s", i ? " " : "", p->tags[i]);
	return sb_detach(&sb);
}

static void tags_from_text(struct site *s, const char *t)
{
	size_t alloc = 0, n = 0;
	while (t && *t) {
		const char *sp = strchr(t, ' ');
		size_t len = sp ? (size_t)(sp - t) : strlen(t);
		if (len) {
			ALLOC_GROW(s->tags, n + 1, alloc);
			s->tags[n++] = xstrndup(t, len);
		}
		t = sp ? sp + 1 : NULL;
	}
	s->pub.n_tags = n;
}

#define SITE_COLUMNS                                                                \
	"id, name, kind, region, police_force, address, postcode, lat, lon, x, y, " \
	"perimeter_ll, perimeter_xy, capacity, sessions, tags, notes"

static const char *col_text(sqlite3_stmt *st, int i)
{
	const char *s = (const char *)sqlite3_column_text(st, i);
	return s ? s : "";
}

static void site_from_row(sqlite3_stmt *q, struct site *s)
{
	site_init(s);
	s->id = xstrdup(col_text(q, 0));
	s->name = xstrdup(col_text(q, 1));
	s->kind = xstrdup(col_text(q, 2));
	s->region = xstrdup(col_text(q, 3));
	s->police_force = xstrdup(col_text(q, 4));
	s->address = xstrdup(col_text(q, 5));
	s->postcode = xstrdup(col_text(q, 6));
	s->pub.lat = sqlite3_column_double(q, 7);
	s->pub.lon = sqlite3_column_double(q, 8);
	s->pub.x = sqlite3_column_double(q, 9);
	s->pub.y = sqlite3_column_double(q, 10);
	size_t n1, n2;
	s->perimeter_ll = ring_from_text(col_text(q, 11), &n1);
	s->perimeter = ring_from_text(col_text(q, 12), &n2);
	s->pub.n_perimeter = n1 < n2 ? n1 : n2;
	s->pub.capacity = sqlite3_column_int(q, 13);
	sessions_from_text(s, col_text(q, 14));
	tags_from_text(s, col_text(q, 15));
	s->notes = xstrdup(col_text(q, 16));
	site_sync_view(s);
}

int site_load(struct store *st, const char *id, struct site *out, int *found, char **errmsg)
{
	*found = 0;
	site_init(out);
	sqlite3_stmt *q =
	        store_prepare(st, "SELECT " SITE_COLUMNS " FROM sites WHERE id = ?", errmsg);
	if (!q)
		return -1;
	sqlite3_bind_text(q, 1, id, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		site_from_row(q, out);
		*found = 1;
	}
	sqlite3_reset(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return err_set(errmsg, "cannot read site '%s'", id);
	return 0;
}

static int same_str(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

static int same_site(const struct site *a, const struct site *b)
{
	const struct shomer_site *p = &a->pub, *q = &b->pub;
	if (!same_str(p->name, q->name) || !same_str(p->kind, q->kind) ||
	    !same_str(p->region, q->region) || !same_str(p->police_force, q->police_force) ||
	    !same_str(p->address, q->address) || !same_str(p->postcode, q->postcode) ||
	    !same_str(p->notes, q->notes) || p->lat != q->lat || p->lon != q->lon ||
	    /* the projection too: a new transform (say the OSTN15 grid installed)
	     * makes re-importing update the metres */
	    fabs(p->x - q->x) > 5e-4 || fabs(p->y - q->y) > 5e-4 || p->capacity != q->capacity ||
	    p->n_perimeter != q->n_perimeter || p->n_sessions != q->n_sessions ||
	    p->n_tags != q->n_tags)
		return 0;
	for (size_t i = 0; i < p->n_perimeter; i++) {
		if (p->perimeter_ll[i].x != q->perimeter_ll[i].x ||
		    p->perimeter_ll[i].y != q->perimeter_ll[i].y)
			return 0;
	}
	for (size_t i = 0; i < p->n_sessions; i++) {
		const struct shomer_session *x = &p->sessions[i], *y = &q->sessions[i];
		if (x->day != y->day || x->start_min != y->start_min || x->end_min != y->end_min ||
		    x->attendance != y->attendance || strcmp(x->label, y->label) != 0)
			return 0;
	}
	for (size_t i = 0; i < p->n_tags; i++) {
		if (strcmp(p->tags[i], q->tags[i]) != 0)
			return 0;
	}
	return 1;
}

int site_upsert(struct store *st, const struct site *s, int *changed, char **errmsg)
{
	const struct shomer_site *p = &s->pub;
	struct site old;
	int found;
	if (site_load(st, p->id, &old, &found, errmsg))
		return -1;
	if (found && same_site(&old, s)) {
		site_release(&old);
		*changed = 0;
		return 0;
	}
	site_release(&old);
	*changed = found ? 2 : 1;

	char *ll = s->perimeter_ll_text ? s->perimeter_ll_text
	                                : ring_ll_text(p->perimeter_ll, p->n_perimeter);
	char *xy = ring_xy_text(p->perimeter, p->n_perimeter);
	char *ses = sessions_text(p), *tags = tags_text(p);
	struct shomer_value v[] = {
	        SHOMER_V_TEXT(p->id),
	        SHOMER_V_TEXT(p->name),
	        SHOMER_V_TEXT(p->kind),
	        SHOMER_V_TEXT(p->region),
	        SHOMER_V_TEXT(p->police_force),
	        SHOMER_V_TEXT(p->address),
	        SHOMER_V_TEXT(p->postcode),
	        SHOMER_V_REAL(p->lat),
	        SHOMER_V_REAL(p->lon),
	        SHOMER_V_REAL(p->x),
	        SHOMER_V_REAL(p->y),
	        SHOMER_V_TEXT(ll),
	        SHOMER_V_TEXT(xy),
	        SHOMER_V_INT(p->capacity),
	        SHOMER_V_TEXT(ses),
	        SHOMER_V_TEXT(tags),
	        SHOMER_V_TEXT(p->notes),
	};
	/* An upsert, never INSERT OR REPLACE: a replace would delete the row and
	 * cascade away every plugin's records of the site. */
	int rc = store_exec(st,
	                    "INSERT INTO sites (" SITE_COLUMNS ") VALUES "
	                    "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
	                    "ON CONFLICT (id) DO UPDATE SET name = excluded.name, "
	                    "kind = excluded.kind, region = excluded.region, "
	                    "police_force = excluded.police_force, address = excluded.address, "
	                    "postcode = excluded.postcode, lat = excluded.lat, lon = excluded.lon, "
	                    "x = excluded.x, y = excluded.y, perimeter_ll = excluded.perimeter_ll, "
	                    "perimeter_xy = excluded.perimeter_xy, capacity = excluded.capacity, "
	                    "sessions = excluded.sessions, tags = excluded.tags, "
	                    "notes = excluded.notes",
	                    v, ARRAY_SIZE(v), errmsg);
	if (ll != s->perimeter_ll_text)
		free(ll);
	free(xy);
	free(ses);
	free(tags);
	return rc;
}

int site_foreach(struct store *st, const struct shomer_site_filter *f, site_cb cb, void *ud,
                 char **errmsg)
{
	struct strbuf sql = STRBUF_INIT;
	struct shomer_value params[4];
	size_t np = 0;
	sb_adds(&sql, "SELECT " SITE_COLUMNS " FROM sites WHERE 1 = 1");
	if (f && f->region) {
		sb_adds(&sql, " AND region = ?");
		params[np++] = SHOMER_V_TEXT(f->region);
	}
	if (f && f->kind) {
		sb_adds(&sql, " AND kind = ?");
		params[np++] = SHOMER_V_TEXT(f->kind);
	}
	if (f && f->police_force) {
		sb_adds(&sql, " AND police_force = ?");
		params[np++] = SHOMER_V_TEXT(f->police_force);
	}
	if (f && f->tag) {
		/* tags is "a b c": match a whole word */
		sb_adds(&sql, " AND (' ' || tags || ' ') LIKE ('% ' || ? || ' %')");
		params[np++] = SHOMER_V_TEXT(f->tag);
	}
	sb_adds(&sql, " ORDER BY id");
	/* Its own statement (not the cache): callbacks may list sites again. */
	sqlite3_stmt *own = store_prepare_new(st, sql.buf, errmsg);
	sb_release(&sql);
	if (!own)
		return -1;
	if (store_bind(st, own, params, np, errmsg)) {
		store_finalize(own);
		return -1;
	}
	int rc, ret = 0;
	while ((rc = sqlite3_step(own)) == SQLITE_ROW) {
		struct site s;
		site_from_row(own, &s);
		ret = cb(ud, &s);
		site_release(&s);
		if (ret)
			break;
	}
	if (!ret && rc != SQLITE_DONE)
		ret = err_set(errmsg, "cannot list sites: %s",
		              sqlite3_errmsg(sqlite3_db_handle(own)));
	store_finalize(own);
	return ret;
}

int site_remove(struct store *st, const char *id, int *found, char **errmsg)
{
	struct shomer_value v[] = {SHOMER_V_TEXT(id)};
	if (store_exec(st, "DELETE FROM sites WHERE id = ?", v, 1, errmsg))
		return -1;
	*found = store_changes(st) > 0;
	return 0;
}

int site_count(struct store *st, int64_t *n, char **errmsg)
{
	return store_query_int(st, "SELECT count(*) FROM sites", NULL, 0, n, NULL, errmsg);
}
