/*
 * util.h - allocation, error text, growable strings and number formatting
 * shared by every core module.
 *
 * The host allocator is malloc/free: anything these functions return is
 * released with free(), and plugins free it with api->free().
 */
#ifndef SHOMER_UTIL_H
#define SHOMER_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#if defined(__GNUC__)
#define UTIL_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define UTIL_NORETURN     __attribute__((noreturn))
#else
#define UTIL_PRINTF(f, a)
#define UTIL_NORETURN
#endif

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Allocation that never returns NULL: out of memory ends the process. */
void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Formatted, malloc'ed string. */
char *xstrfmt(const char *fmt, ...) UTIL_PRINTF(1, 2);
char *xstrvfmt(const char *fmt, va_list ap);

/*
 * Grows array `p` (with `alloc` slots) so that it holds at least `n`
 * elements; the usual git ALLOC_GROW.
 */
#define ALLOC_GROW(p, n, alloc)                                              \
	do {                                                                 \
		if ((size_t)(n) > (alloc)) {                                 \
			size_t alloc_grow_new_ = (alloc) ? (alloc)*2 : 8;    \
			if (alloc_grow_new_ < (size_t)(n))                   \
				alloc_grow_new_ = (size_t)(n);               \
			(p) = xrealloc((p), alloc_grow_new_ * sizeof(*(p))); \
			(alloc) = alloc_grow_new_;                           \
		}                                                            \
	} while (0)

/*
 * Sets *errmsg (when errmsg is not NULL) to a malloc'ed formatted message,
 * freeing any previous one, and returns -1, so that callers can write
 * `return err_set(errmsg, "cannot open '%s'", path);`.
 */
int err_set(char **errmsg, const char *fmt, ...) UTIL_PRINTF(2, 3);
int err_vset(char **errmsg, const char *fmt, va_list ap);

/* A growable NUL-terminated byte string (git's strbuf). */
struct strbuf {
	char *buf; /* always a NUL-terminated string, never NULL */
	size_t len;
	size_t alloc;
};

/* Shared empty buffer, so that a new strbuf's buf is always a valid string
 * (git's strbuf_slopbuf); never written to. */
extern char strbuf_empty[1];

/* clang-format off */
#define STRBUF_INIT {strbuf_empty, 0, 0}
/* clang-format on */

void sb_init(struct strbuf *sb);
void sb_release(struct strbuf *sb);
/* Returns the buffer (caller frees) and resets sb to empty. */
char *sb_detach(struct strbuf *sb);
void sb_reset(struct strbuf *sb);
void sb_grow(struct strbuf *sb, size_t extra);
void sb_add(struct strbuf *sb, const void *data, size_t n);
void sb_adds(struct strbuf *sb, const char *s);
void sb_addc(struct strbuf *sb, char c);
void sb_addf(struct strbuf *sb, const char *fmt, ...) UTIL_PRINTF(2, 3);
void sb_vaddf(struct strbuf *sb, const char *fmt, va_list ap);
/* Appends s with &, <, >, " and ' escaped for XML/HTML text and attributes. */
void sb_add_xml_escaped(struct strbuf *sb, const char *s);

/*
 * Writes the shortest decimal form of `v` that reads back as the same double
 * ("51.5", not "51.500000000000001") into buf and returns buf.  Non-finite
 * values print as "nan", "inf", "-inf".
 */
#define FMT_DOUBLE_MAX 32
char *fmt_double(char buf[FMT_DOUBLE_MAX], double v);
/* Like fmt_double, rounded to `decimals` places with trailing zeros cut. */
char *fmt_fixed(char buf[FMT_DOUBLE_MAX], double v, int decimals);

/*
 * Strict number parsing: the whole string must be the number (no leading or
 * trailing space, no empty string), in range and finite.  Return 0 or -1.
 */
int parse_double(const char *s, double *out);
int parse_long(const char *s, long *out);

/*
 * Money as people write it: pounds (or any currency's major unit) with at
 * most two decimals, "1234", "1234.5" or "1234.56", read into integer minor
 * units (pence) with integer arithmetic alone; floating point never touches
 * money.  Refused (-1): NULL, an empty string, a sign, separators ("1,000"),
 * exponents ("1e3"), more than two decimals ("12.345"), a lone point ("5.",
 * ".5"), words ("NaN"), spaces, and more than MONEY_MAX_DIGITS digits of
 * pounds.  money_format writes "-12.05" style text (no separators, no
 * symbol) into buf (MONEY_FMT_MAX bytes are always enough).
 */
#define MONEY_MAX_DIGITS 12
#define MONEY_FMT_MAX    32
int money_parse(const char *s, int64_t *pence);
char *money_format(int64_t pence, char *buf, size_t n);

/* Current UTC time as ISO 8601 "YYYY-MM-DDTHH:MM:SSZ" into buf (>= 21 bytes). */
char *utc_now_iso(char buf[32]);

/* strerror() with its first letter lowercased, as Shomer's messages are;
 * returns a static buffer (not thread-safe). */
const char *strerror_lc(int errnum);

/* Strips leading and trailing spaces, tabs and line breaks in place (xs:token
 * and xs:boolean values arrive with the document's spacing); returns s.
 * NULL stays NULL. */
char *str_trim(char *s);

/* 1 if s begins with prefix. */
int starts_with(const char *s, const char *prefix);

/*
 * A string set (open addressing, FNV-1a) for duplicate checks over large
 * imports.  Each key maps to a caller-chosen long (for example the line where
 * it was first seen).
 */
struct strset_entry {
	char *key;
	long value;
};

struct strset {
	struct strset_entry *slots;
	size_t nslots; /* power of two */
	size_t count;
};

void strset_init(struct strset *set);
void strset_release(struct strset *set);
/* Returns the entry for key, or NULL. */
struct strset_entry *strset_find(const struct strset *set, const char *key);
/* Adds key with value; returns 1 if added, 0 if it was already there (then
 * *old, when not NULL, points at the existing entry). */
int strset_add(struct strset *set, const char *key, long value, struct strset_entry **old);

#endif /* SHOMER_UTIL_H */
