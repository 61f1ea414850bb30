/*
 * shiftprob.c - see shiftprob.h.
 */
#include "shiftprob.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

/* ---- reading ---- */

struct reader {
	const char *p, *end;
	long line;
	char buf[4096]; /* the current line, comment and spaces stripped */
	char *err;
	size_t errlen;
};

static int fail(struct reader *r, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(r->err, r->errlen, "line %ld: %s", r->line, msg);
	return -1;
}

/* The next line that is not a comment into r->buf ("" for a blank line);
 * 0, 1 at the end of the text, -1 for a line too long. */
static int next_line(struct reader *r)
{
	const char *s, *e;
	size_t n;

	for (;;) {
		if (r->p >= r->end)
			return 1;
		s = r->p;
		e = memchr(s, '\n', (size_t)(r->end - s));
		if (!e)
			e = r->end;
		r->p = e < r->end ? e + 1 : e;
		r->line++;
		while (e > s && (e[-1] == '\r' || e[-1] == ' ' || e[-1] == '\t'))
			e--;
		while (s < e && (*s == ' ' || *s == '\t'))
			s++;
		if (s < e && *s == '#')
			continue;
		n = (size_t)(e - s);
		if (n >= sizeof(r->buf))
			return fail(r, "line too long");
		memcpy(r->buf, s, n);
		r->buf[n] = '\0';
		return 0;
	}
}

/* Splits r->buf at `sep` in place; up to max fields. */
static int split(char *s, char sep, char **f, int max)
{
	int n = 0;

	for (;;) {
		if (n == max)
			return max + 1;
		f[n++] = s;
		char *c = strchr(s, sep);
		if (!c)
			return n;
		*c = '\0';
		s = c + 1;
	}
}

static int to_int(struct reader *r, const char *s, const char *what, long lo, long hi, int *out)
{
	char *end;
	long v;

	if (!*s || (*s != '-' && (*s < '0' || *s > '9')))
		return fail(r, "%s '%s' is not a whole number", what, s);
	v = strtol(s, &end, 10);
	if (*end)
		return fail(r, "%s '%s' is not a whole number", what, s);
	if (v < lo || v > hi)
		return fail(r, "%s %ld is out of range (%ld to %ld)", what, v, lo, hi);
	*out = (int)v;
	return 0;
}

static char *dup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *c = malloc(n);
	if (c)
		memcpy(c, s, n);
	return c;
}

static int shift_index(const struct sp_problem *p, const char *id)
{
	for (int s = 0; s < p->n_shifts; s++)
		if (strcmp(p->shift_id[s], id) == 0)
			return s;
	return -1;
}

static int person_index(const struct sp_problem *p, const char *id)
{
	for (int i = 0; i < p->n_people; i++)
		if (strcmp(p->people[i].id, id) == 0)
			return i;
	return -1;
}

/* Expects the section header `name` next (skipping blank lines). */
static int expect_section(struct reader *r, const char *name)
{
	int rc;

	do {
		rc = next_line(r);
		if (rc > 0)
			return fail(r, "the file ends before %s", name);
		if (rc < 0)
			return -1;
	} while (!r->buf[0]);
	if (strcmp(r->buf, name) != 0)
		return fail(r, "expected %s, found '%s'", name, r->buf);
	return 0;
}

/* The next line of a section: 0 with a line, 1 at its end (a blank line or
 * the end of the file), -1 on error. */
static int section_line(struct reader *r)
{
	int rc = next_line(r);
	if (rc != 0)
		return rc;
	return r->buf[0] ? 0 : 1;
}

#define MAX_DAYS   3660
#define MAX_SHIFTS 100
#define MAX_PEOPLE 100000

static int read_shifts(struct reader *r, struct sp_problem *p, char ***follow, long **lines)
{
	int rc, a = 0;
	char *f[4];

	while ((rc = section_line(r)) == 0) {
		if (split(r->buf, ',', f, 3) != 3)
			return fail(r, "a shift is ID, minutes, shifts that cannot follow it");
		if (!*f[0] || shift_index(p, f[0]) >= 0)
			return fail(r, "shift id '%s' is empty or repeated", f[0]);
		if (p->n_shifts == MAX_SHIFTS)
			return fail(r, "more than %d shift types", MAX_SHIFTS);
		if (p->n_shifts == a) {
			a = a ? a * 2 : 8;
			p->shift_id = realloc(p->shift_id, (size_t)a * sizeof(*p->shift_id));
			p->shift_minutes =
			        realloc(p->shift_minutes, (size_t)a * sizeof(*p->shift_minutes));
			*follow = realloc(*follow, (size_t)a * sizeof(**follow));
			*lines = realloc(*lines, (size_t)a * sizeof(**lines));
			if (!p->shift_id || !p->shift_minutes || !*follow || !*lines)
				return fail(r, "out of memory");
		}
		int s = p->n_shifts;
		(*follow)[s] = NULL;
		(*lines)[s] = r->line;
		p->shift_id[s] = dup(f[0]);
		p->n_shifts++;
		if (!p->shift_id[s] ||
		    to_int(r, f[1], "shift length", 1, 1440, &p->shift_minutes[s]))
			return p->shift_id[s] ? -1 : fail(r, "out of memory");
		(*follow)[s] = dup(f[2]);
		if (!(*follow)[s])
			return fail(r, "out of memory");
	}
	if (rc < 0)
		return -1;
	if (p->n_shifts == 0)
		return fail(r, "no shift types");
	return 0;
}

static int read_staff(struct reader *r, struct sp_problem *p)
{
	int rc, a = 0;
	char *f[9], *m[MAX_SHIFTS + 1];

	while ((rc = section_line(r)) == 0) {
		if (split(r->buf, ',', f, 8) != 8)
			return fail(r,
			            "a staff line is ID, MaxShifts, MaxTotalMinutes, "
			            "MinTotalMinutes, MaxConsecutiveShifts, MinConsecutiveShifts, "
			            "MinConsecutiveDaysOff, MaxWeekends");
		if (!*f[0] || person_index(p, f[0]) >= 0)
			return fail(r, "staff id '%s' is empty or repeated", f[0]);
		if (p->n_people == MAX_PEOPLE)
			return fail(r, "more than %d staff", MAX_PEOPLE);
		if (p->n_people == a) {
			a = a ? a * 2 : 16;
			p->people = realloc(p->people, (size_t)a * sizeof(*p->people));
			if (!p->people)
				return fail(r, "out of memory");
		}
		struct sp_person *e = &p->people[p->n_people++];
		memset(e, 0, sizeof(*e));
		e->id = dup(f[0]);
		e->max_shifts = calloc((size_t)p->n_shifts, sizeof(int));
		e->day_off = calloc((size_t)p->days, 1);
		if (!e->id || !e->max_shifts || !e->day_off)
			return fail(r, "out of memory");
		int nm = split(f[1], '|', m, MAX_SHIFTS);
		if (nm > MAX_SHIFTS)
			return fail(r, "too many MaxShifts entries");
		for (int i = 0; i < nm; i++) {
			char *eq = strchr(m[i], '=');
			if (!eq)
				return fail(r, "MaxShifts entry '%s' is not SHIFT=N", m[i]);
			*eq = '\0';
			int s = shift_index(p, m[i]);
			if (s < 0)
				return fail(r, "MaxShifts names unknown shift '%s'", m[i]);
			if (to_int(r, eq + 1, "MaxShifts", 0, MAX_DAYS, &e->max_shifts[s]))
				return -1;
		}
		if (to_int(r, f[2], "MaxTotalMinutes", 0, 1440 * MAX_DAYS, &e->max_minutes) ||
		    to_int(r, f[3], "MinTotalMinutes", 0, 1440 * MAX_DAYS, &e->min_minutes) ||
		    to_int(r, f[4], "MaxConsecutiveShifts", 0, MAX_DAYS, &e->max_consec) ||
		    to_int(r, f[5], "MinConsecutiveShifts", 0, MAX_DAYS, &e->min_consec) ||
		    to_int(r, f[6], "MinConsecutiveDaysOff", 0, MAX_DAYS, &e->min_consec_off) ||
		    to_int(r, f[7], "MaxWeekends", 0, MAX_DAYS, &e->max_weekends))
			return -1;
		if (e->min_minutes > e->max_minutes)
			return fail(r, "MinTotalMinutes %d is more than MaxTotalMinutes %d",
			            e->min_minutes, e->max_minutes);
	}
	if (rc < 0)
		return -1;
	if (p->n_people == 0)
		return fail(r, "no staff");
	return 0;
}

static int read_days_off(struct reader *r, struct sp_problem *p)
{
	int rc;
	char *f[MAX_DAYS + 2];

	while ((rc = section_line(r)) == 0) {
		int n = split(r->buf, ',', f, MAX_DAYS + 1);
		if (n > MAX_DAYS + 1)
			return fail(r, "too many days off");
		int e = person_index(p, f[0]);
		if (e < 0)
			return fail(r, "unknown staff id '%s'", f[0]);
		for (int i = 1; i < n; i++) {
			int d;
			if (to_int(r, f[i], "day", 0, p->days - 1, &d))
				return -1;
			p->people[e].day_off[d] = 1;
		}
	}
	return rc < 0 ? -1 : 0;
}

static int read_requests(struct reader *r, struct sp_problem *p, struct sp_request **v, size_t *n)
{
	int rc;
	size_t a = 0;
	char *f[5];

	while ((rc = section_line(r)) == 0) {
		if (split(r->buf, ',', f, 4) != 4)
			return fail(r, "a request is EmployeeID, Day, ShiftID, Weight");
		if (*n == a) {
			a = a ? a * 2 : 64;
			*v = realloc(*v, a * sizeof(**v));
			if (!*v)
				return fail(r, "out of memory");
		}
		struct sp_request *q = &(*v)[*n];
		q->person = person_index(p, f[0]);
		if (q->person < 0)
			return fail(r, "unknown staff id '%s'", f[0]);
		if (to_int(r, f[1], "day", 0, p->days - 1, &q->day))
			return -1;
		q->shift = shift_index(p, f[2]);
		if (q->shift < 0)
			return fail(r, "unknown shift '%s'", f[2]);
		if (to_int(r, f[3], "weight", 0, 1000000, &q->weight))
			return -1;
		(*n)++;
	}
	return rc < 0 ? -1 : 0;
}

static int read_cover(struct reader *r, struct sp_problem *p)
{
	int rc, d, s;
	char *f[6];

	while ((rc = section_line(r)) == 0) {
		if (split(r->buf, ',', f, 5) != 5)
			return fail(r,
			            "a cover line is Day, ShiftID, Requirement, Weight for under, "
			            "Weight for over");
		if (to_int(r, f[0], "day", 0, p->days - 1, &d))
			return -1;
		s = shift_index(p, f[1]);
		if (s < 0)
			return fail(r, "unknown shift '%s'", f[1]);
		struct sp_cover *c = &p->cover[d * p->n_shifts + s];
		if (to_int(r, f[2], "requirement", 0, MAX_PEOPLE, &c->requirement) ||
		    to_int(r, f[3], "under weight", 0, 1000000, &c->under_weight) ||
		    to_int(r, f[4], "over weight", 0, 1000000, &c->over_weight))
			return -1;
	}
	return rc < 0 ? -1 : 0;
}

int sp_read_nrp(const char *text, size_t len, struct sp_problem *p, char *err, size_t errlen)
{
	struct reader r = {.p = text, .end = text + len, .err = err, .errlen = errlen};
	char **follow = NULL;
	long *follow_line = NULL;
	int rc = -1;

	memset(p, 0, sizeof(*p));
	if (expect_section(&r, "SECTION_HORIZON"))
		goto out;
	do {
		int e = next_line(&r);
		if (e > 0) {
			fail(&r, "the file ends before the horizon");
			goto out;
		}
		if (e < 0)
			goto out;
	} while (!r.buf[0]);
	if (to_int(&r, r.buf, "horizon", 7, MAX_DAYS, &p->days))
		goto out;
	if (p->days % 7) {
		fail(&r, "the horizon, %d days, is not a whole number of weeks", p->days);
		goto out;
	}
	if (expect_section(&r, "SECTION_SHIFTS") || read_shifts(&r, p, &follow, &follow_line))
		goto out;
	p->forbid = calloc((size_t)p->n_shifts * (size_t)p->n_shifts, 1);
	p->cover = calloc((size_t)p->days * (size_t)p->n_shifts, sizeof(*p->cover));
	if (!p->forbid || !p->cover) {
		fail(&r, "out of memory");
		goto out;
	}
	for (int a = 0; a < p->n_shifts; a++) {
		char *g[MAX_SHIFTS + 1];
		if (!follow[a][0])
			continue;
		int n = split(follow[a], '|', g, MAX_SHIFTS);
		for (int i = 0; i < n && i < MAX_SHIFTS; i++) {
			int b = shift_index(p, g[i]);
			if (b < 0) {
				snprintf(err, errlen,
				         "line %ld: shift '%s' names unknown shift '%s'",
				         follow_line[a], p->shift_id[a], g[i]);
				goto out;
			}
			p->forbid[a * p->n_shifts + b] = 1;
		}
	}
	if (expect_section(&r, "SECTION_STAFF") || read_staff(&r, p) ||
	    expect_section(&r, "SECTION_DAYS_OFF") || read_days_off(&r, p) ||
	    expect_section(&r, "SECTION_SHIFT_ON_REQUESTS") ||
	    read_requests(&r, p, &p->on, &p->n_on) ||
	    expect_section(&r, "SECTION_SHIFT_OFF_REQUESTS") ||
	    read_requests(&r, p, &p->off, &p->n_off) || expect_section(&r, "SECTION_COVER") ||
	    read_cover(&r, p))
		goto out;
	if (sp_prepare(p)) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	rc = 0;
out:
	if (follow)
		for (int a = 0; a < p->n_shifts; a++)
			free(follow[a]);
	free(follow);
	free(follow_line);
	if (rc)
		sp_problem_release(p);
	return rc;
}

int sp_prepare(struct sp_problem *p)
{
	size_t n = (size_t)p->n_people * (size_t)p->days * (size_t)p->n_shifts;

	free(p->on_w);
	free(p->off_w);
	p->on_w = calloc(n ? n : 1, sizeof(int));
	p->off_w = calloc(n ? n : 1, sizeof(int));
	if (!p->on_w || !p->off_w)
		return -1;
	for (size_t i = 0; i < p->n_on; i++) {
		const struct sp_request *q = &p->on[i];
		p->on_w[((size_t)q->person * p->days + q->day) * p->n_shifts + q->shift] +=
		        q->weight;
	}
	for (size_t i = 0; i < p->n_off; i++) {
		const struct sp_request *q = &p->off[i];
		p->off_w[((size_t)q->person * p->days + q->day) * p->n_shifts + q->shift] +=
		        q->weight;
	}
	return 0;
}

void sp_problem_release(struct sp_problem *p)
{
	for (int s = 0; s < p->n_shifts; s++)
		free(p->shift_id ? p->shift_id[s] : NULL);
	free(p->shift_id);
	free(p->shift_minutes);
	free(p->forbid);
	for (int i = 0; i < p->n_people; i++) {
		free(p->people[i].id);
		free(p->people[i].max_shifts);
		free(p->people[i].day_off);
	}
	free(p->people);
	free(p->on);
	free(p->off);
	free(p->cover);
	free(p->on_w);
	free(p->off_w);
	memset(p, 0, sizeof(*p));
}

/* ---- scoring ---- */

void sp_person_cost(const struct sp_problem *p, int person, const int *row, long *hard, long *soft)
{
	const struct sp_person *e = &p->people[person];
	const int D = p->days, S = p->n_shifts;
	const int *on = p->on_w + (size_t)person * D * S, *off = p->off_w + (size_t)person * D * S;
	int count[MAX_SHIFTS] = {0};
	long h = 0, sf = 0, minutes = 0;
	int run = 0, off_run = 0, weekends = 0;

	for (int d = 0; d < D; d++) {
		int s = row[d];
		const int *onr = on + d * S;
		/* every request to work this day is missed, but the one kept */
		for (int t = 0; t < S; t++)
			sf += onr[t];
		if (s >= 0) {
			sf -= onr[s];
			sf += off[d * S + s];
			count[s]++;
			minutes += p->shift_minutes[s];
			if (e->day_off[d])
				h++;
			if (d + 1 < D && row[d + 1] >= 0 && p->forbid[s * S + row[d + 1]])
				h++;
			/* a run of days off ends: short ones count unless at the start */
			if (off_run > 0 && off_run < e->min_consec_off && off_run != d)
				h += e->min_consec_off - off_run;
			off_run = 0;
			run++;
		} else {
			if (run > 0) {
				if (run > e->max_consec)
					h += run - e->max_consec;
				if (run < e->min_consec && run != d)
					h += e->min_consec - run;
			}
			run = 0;
			off_run++;
		}
		if (d % 7 == 6 && (row[d] >= 0 || row[d - 1] >= 0))
			weekends++;
	}
	/* the runs that reach the end of the horizon may go on beyond it */
	if (run > e->max_consec)
		h += run - e->max_consec;
	for (int t = 0; t < S; t++)
		if (count[t] > e->max_shifts[t])
			h += count[t] - e->max_shifts[t];
	if (minutes > e->max_minutes)
		h += (minutes - e->max_minutes + 59) / 60;
	if (minutes < e->min_minutes)
		h += (e->min_minutes - minutes + 59) / 60;
	if (weekends > e->max_weekends)
		h += weekends - e->max_weekends;
	*hard = h;
	*soft = sf;
}

static long cover_cost(const struct sp_cover *c, int n, long *under, long *over)
{
	long u = n < c->requirement ? (long)(c->requirement - n) * c->under_weight : 0;
	long o = n > c->requirement ? (long)(n - c->requirement) * c->over_weight : 0;
	if (under)
		*under += u;
	if (over)
		*over += o;
	return u + o;
}

void sp_evaluate(const struct sp_problem *p, const int *x, struct sp_score *sc)
{
	const int D = p->days, S = p->n_shifts;
	int *n = calloc((size_t)D * S, sizeof(int));

	memset(sc, 0, sizeof(*sc));
	for (int i = 0; i < p->n_people; i++) {
		long h, s;
		sp_person_cost(p, i, x + (size_t)i * D, &h, &s);
		sc->hard += h;
		for (int d = 0; d < D; d++) {
			int t = x[(size_t)i * D + d];
			if (t >= 0 && n)
				n[d * S + t]++;
		}
	}
	for (size_t k = 0; k < p->n_on; k++) {
		const struct sp_request *q = &p->on[k];
		if (x[(size_t)q->person * D + q->day] != q->shift)
			sc->on += q->weight;
	}
	for (size_t k = 0; k < p->n_off; k++) {
		const struct sp_request *q = &p->off[k];
		if (x[(size_t)q->person * D + q->day] == q->shift)
			sc->off += q->weight;
	}
	for (int d = 0; n && d < D; d++)
		for (int t = 0; t < S; t++)
			cover_cost(&p->cover[d * S + t], n[d * S + t], &sc->under, &sc->over);
	sc->soft = sc->on + sc->off + sc->under + sc->over;
	free(n);
}
