/*
 * util.c - see util.h.
 */
#include "util.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "banned.h"

static void die_oom(size_t n)
{
	fprintf(stderr, "shomer: out of memory allocating %zu bytes\n", n);
	abort();
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		die_oom(n);
	return p;
}

void *xcalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);
	if (!p)
		die_oom(nmemb * size);
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		die_oom(n);
	return q;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *xstrvfmt(const char *fmt, va_list ap)
{
	struct strbuf sb = STRBUF_INIT;
	sb_vaddf(&sb, fmt, ap);
	return sb_detach(&sb);
}

char *xstrfmt(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = xstrvfmt(fmt, ap);
	va_end(ap);
	return s;
}

int err_vset(char **errmsg, const char *fmt, va_list ap)
{
	if (errmsg) {
		free(*errmsg);
		*errmsg = xstrvfmt(fmt, ap);
	}
	return -1;
}

int err_set(char **errmsg, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	err_vset(errmsg, fmt, ap);
	va_end(ap);
	return -1;
}

/* ---- strbuf ---- */

char strbuf_empty[1];

void sb_init(struct strbuf *sb)
{
	sb->buf = strbuf_empty;
	sb->len = 0;
	sb->alloc = 0;
}

void sb_release(struct strbuf *sb)
{
	if (sb->alloc)
		free(sb->buf);
	sb_init(sb);
}

char *sb_detach(struct strbuf *sb)
{
	char *s;
	if (!sb->alloc)
		s = xstrdup("");
	else
		s = sb->buf;
	sb_init(sb);
	return s;
}

void sb_reset(struct strbuf *sb)
{
	if (sb->alloc) {
		sb->len = 0;
		sb->buf[0] = '\0';
	} else {
		sb_init(sb);
	}
}

void sb_grow(struct strbuf *sb, size_t extra)
{
	if (!sb->buf)
		sb_init(sb);
	if (sb->len + extra + 1 <= sb->alloc)
		return;
	size_t want = sb->len + extra + 1;
	size_t n = sb->alloc ? sb->alloc : 64;
	while (n < want)
		n *= 2;
	if (!sb->alloc) {
		char *p = xmalloc(n);
		memcpy(p, sb->buf, sb->len + 1);
		sb->buf = p;
	} else {
		sb->buf = xrealloc(sb->buf, n);
	}
	sb->alloc = n;
}

void sb_add(struct strbuf *sb, const void *data, size_t n)
{
	sb_grow(sb, n);
	memcpy(sb->buf + sb->len, data, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
}

void sb_adds(struct strbuf *sb, const char *s)
{
	sb_add(sb, s, strlen(s));
}

void sb_addc(struct strbuf *sb, char c)
{
	sb_add(sb, &c, 1);
}

void sb_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
{
	va_list cp;
	va_copy(cp, ap);
	int n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		return;
	sb_grow(sb, (size_t)n);
	vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
	sb->len += (size_t)n;
}

void sb_addf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	sb_vaddf(sb, fmt, ap);
	va_end(ap);
}

void sb_add_xml_escaped(struct strbuf *sb, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': sb_adds(sb, "&amp;"); break;
		case '<': sb_adds(sb, "&lt;"); break;
		case '>': sb_adds(sb, "&gt;"); break;
		case '"': sb_adds(sb, "&quot;"); break;
		case '\'': sb_adds(sb, "&#39;"); break;
		default: sb_addc(sb, *s);
		}
	}
}

/* ---- numbers ---- */

char *fmt_double(char buf[FMT_DOUBLE_MAX], double v)
{
	if (isnan(v)) {
		snprintf(buf, FMT_DOUBLE_MAX, "nan");
		return buf;
	}
	if (isinf(v)) {
		snprintf(buf, FMT_DOUBLE_MAX, v < 0 ? "-inf" : "inf");
		return buf;
	}
	if (v == 0) {
		snprintf(buf, FMT_DOUBLE_MAX, "0");
		return buf;
	}
	/*
	 * 17 significant digits always read back exactly.  A value that came
	 * from a decimal of at most 15 digits (every coordinate a person types)
	 * reads back from %.15g, which prints that decimal without trailing
	 * zeros; only the rest need 16 or 17.  Trying 15 first keeps this cheap
	 * on the import path, which formats every perimeter vertex.
	 */
	for (int prec = 15; prec <= 17; prec++) {
		snprintf(buf, FMT_DOUBLE_MAX, "%.*g", prec, v);
		if (strtod(buf, NULL) == v)
			break;
	}
	return buf;
}

char *fmt_fixed(char buf[FMT_DOUBLE_MAX], double v, int decimals)
{
	if (!isfinite(v))
		return fmt_double(buf, v);
	snprintf(buf, FMT_DOUBLE_MAX, "%.*f", decimals, v);
	char *dot = strchr(buf, '.');
	if (dot) {
		char *end = buf + strlen(buf) - 1;
		while (end > dot && *end == '0')
			*end-- = '\0';
		if (end == dot)
			*end = '\0';
	}
	if (strcmp(buf, "-0") == 0)
		snprintf(buf, FMT_DOUBLE_MAX, "0");
	return buf;
}

int parse_double(const char *s, double *out)
{
	if (!s || !*s || *s == ' ' || *s == '\t' || *s == '\n')
		return -1;
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (*end || errno == ERANGE || !isfinite(v))
		return -1;
	*out = v;
	return 0;
}

int parse_long(const char *s, long *out)
{
	if (!s || !*s || *s == ' ' || *s == '\t' || *s == '\n')
		return -1;
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (*end || errno == ERANGE)
		return -1;
	*out = v;
	return 0;
}

int money_parse(const char *s, int64_t *pence)
{
	int64_t pounds = 0, frac = 0;
	size_t nd = 0, nf = 0;

	if (!s)
		return -1;
	for (; *s >= '0' && *s <= '9'; s++, nd++) {
		if (nd == MONEY_MAX_DIGITS)
			return -1;
		pounds = pounds * 10 + (*s - '0');
	}
	if (nd == 0)
		return -1;
	if (*s == '.') {
		for (s++; *s >= '0' && *s <= '9'; s++, nf++) {
			if (nf == 2)
				return -1;
			frac = frac * 10 + (*s - '0');
		}
		if (nf == 0)
			return -1;
		if (nf == 1)
			frac *= 10;
	}
	if (*s)
		return -1;
	*pence = pounds * 100 + frac;
	return 0;
}

char *money_format(int64_t pence, char *buf, size_t n)
{
	const char *sign = pence < 0 ? "-" : "";
	uint64_t a = pence < 0 ? (uint64_t)0 - (uint64_t)pence : (uint64_t)pence;

	snprintf(buf, n, "%s%llu.%02llu", sign, (unsigned long long)(a / 100),
	         (unsigned long long)(a % 100));
	return buf;
}

char *utc_now_iso(char buf[32])
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return buf;
}

const char *strerror_lc(int errnum)
{
	static char buf[256];
	snprintf(buf, sizeof(buf), "%s", strerror(errnum));
	if (buf[0] >= 'A' && buf[0] <= 'Z' && !(buf[1] >= 'A' && buf[1] <= 'Z'))
		buf[0] = (char)(buf[0] - 'A' + 'a');
	return buf;
}

char *str_trim(char *s)
{
	if (!s)
		return NULL;
	char *a = s;
	while (*a == ' ' || *a == '\t' || *a == '\n' || *a == '\r')
		a++;
	size_t n = strlen(a);
	while (n && (a[n - 1] == ' ' || a[n - 1] == '\t' || a[n - 1] == '\n' || a[n - 1] == '\r'))
		n--;
	memmove(s, a, n);
	s[n] = '\0';
	return s;
}

int starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* ---- strset ---- */

static uint64_t fnv1a(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h;
}

void strset_init(struct strset *set)
{
	set->slots = NULL;
	set->nslots = 0;
	set->count = 0;
}

void strset_release(struct strset *set)
{
	for (size_t i = 0; i < set->nslots; i++)
		free(set->slots[i].key);
	free(set->slots);
	strset_init(set);
}

static struct strset_entry *strset_slot(const struct strset *set, const char *key)
{
	size_t mask = set->nslots - 1;
	for (size_t i = fnv1a(key) & mask;; i = (i + 1) & mask) {
		struct strset_entry *e = &set->slots[i];
		if (!e->key || strcmp(e->key, key) == 0)
			return e;
	}
}

struct strset_entry *strset_find(const struct strset *set, const char *key)
{
	if (!set->nslots)
		return NULL;
	struct strset_entry *e = strset_slot(set, key);
	return e->key ? e : NULL;
}

static void strset_rehash(struct strset *set, size_t nslots)
{
	struct strset old = *set;
	set->slots = xcalloc(nslots, sizeof(*set->slots));
	set->nslots = nslots;
	for (size_t i = 0; i < old.nslots; i++) {
		if (old.slots[i].key)
			*strset_slot(set, old.slots[i].key) = old.slots[i];
	}
	free(old.slots);
}

int strset_add(struct strset *set, const char *key, long value, struct strset_entry **old)
{
	/* Keep the load factor under 1/2 so that probes stay short. */
	if ((set->count + 1) * 2 > set->nslots)
		strset_rehash(set, set->nslots ? set->nslots * 2 : 64);
	struct strset_entry *e = strset_slot(set, key);
	if (e->key) {
		if (old)
			*old = e;
		return 0;
	}
	e->key = xstrdup(key);
	e->value = value;
	set->count++;
	return 1;
}
