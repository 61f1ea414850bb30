/*
 * xmlmsg.c - see xmlmsg.h.  The rules follow the texts of libxml2 2.9
 * (xmlschemas.c, parser.c); a text they do not match is passed through.
 */
#include "xmlmsg.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

#include "banned.h"

/* Copies s without "{namespace}" prefixes, lines joined, ends trimmed. */
static char *tidy(const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	for (const char *p = s; *p; p++) {
		if (*p == '{' && p[1] != '\'') { /* a namespace, not an enumeration's set */
			const char *close = strchr(p, '}');
			if (close) {
				p = close;
				continue;
			}
		}
		if (*p == '\n' || *p == '\r') {
			if (sb.len && sb.buf[sb.len - 1] != ' ')
				sb_addc(&sb, ' ');
			continue;
		}
		sb_addc(&sb, *p);
	}
	while (sb.len && (sb.buf[sb.len - 1] == ' ' || sb.buf[sb.len - 1] == '.'))
		sb.buf[--sb.len] = '\0';
	char *out = sb_detach(&sb);
	char *start = out;
	while (*start == ' ')
		start++;
	memmove(out, start, strlen(start) + 1);
	return out;
}

/* The text between `open` and `close` after *p; advances *p past close. */
static char *between(const char **p, const char *open, const char *close)
{
	const char *a = strstr(*p, open);
	if (!a)
		return NULL;
	a += strlen(open);
	const char *b = strstr(a, close);
	if (!b)
		return NULL;
	*p = b + strlen(close);
	return xstrndup(a, (size_t)(b - a));
}

/* "'a', 'b', 'c'" -> "a, b, c" */
static char *unquote_list(const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	for (; *s; s++) {
		if (*s != '\'')
			sb_addc(&sb, *s);
	}
	return sb_detach(&sb);
}

/* "( a, b )" element lists -> "<a>, <b>" */
static char *element_list(const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	while (*s) {
		while (*s == ' ' || *s == ',' || *s == '(' || *s == ')')
			s++;
		if (!*s)
			break;
		const char *e = s;
		while (*e && *e != ',' && *e != ' ' && *e != ')')
			e++;
		sb_addf(&sb, "%s<%.*s>", sb.len ? ", " : "", (int)(e - s), s);
		s = e;
	}
	return sb_detach(&sb);
}

/* What a value of a pattern-restricted field should look like, by name. */
static const char *pattern_hint(const char *field)
{
	static const struct {
		const char *field, *hint;
	} hints[] = {
	        {"id",
	         "upper-case letters and digits in dash-separated groups, such as LDN-SYN-0001"},
	        {"start", "a time HH:MM, from 00:00 to 24:00"},
	        {"end", "a time HH:MM, from 00:00 to 24:00"},
	        {"postcode", "upper-case letters, digits and spaces, such as NW11 8QX"},
	        {"tag", "lower-case words joined by dashes, such as high-profile"},
	        {"amount", "pounds with at most two decimals, such as 1234.56: no sign, "
	                   "separators or exponent"},
	        {"quote", "pounds with at most two decimals, such as 1234.56: no sign, "
	                  "separators or exponent"},
	        {"currency", "three upper-case letters, such as GBP"},
	        {"supplier", "letters, digits, & ' . , / - and single spaces"},
	};
	for (size_t i = 0; i < ARRAY_SIZE(hints); i++) {
		if (strcmp(hints[i].field, field) == 0)
			return hints[i].hint;
	}
	return NULL;
}

static const char *type_words(const char *type)
{
	static const struct {
		const char *type, *words;
	} types[] = {
	        {"xs:nonNegativeInteger", "a whole number"},
	        {"xs:positiveInteger", "a whole number above zero"},
	        {"xs:integer", "a whole number"},
	        {"xs:int", "a whole number"},
	        {"xs:decimal", "a number"},
	        {"xs:double", "a number"},
	        {"xs:boolean", "true or false"},
	        {"xs:date", "a date (YYYY-MM-DD)"},
	        {"xs:dateTime", "a date and time (YYYY-MM-DDTHH:MM:SS with a zone, such as Z)"},
	        {"xs:gYearMonth", "a month (YYYY-MM)"},
	};
	for (size_t i = 0; i < ARRAY_SIZE(types); i++) {
		if (strcmp(types[i].type, type) == 0)
			return types[i].words;
	}
	return NULL;
}

/* The schema validator's "what is wrong" part, after the subject. */
static void schema_detail(struct strbuf *out, const char *field, const char *rest)
{
	const char *p = rest;
	char *a = NULL, *b = NULL;
	if (starts_with(rest, "[facet 'enumeration']") && (a = between(&p, "value '", "'")) &&
	    (b = between(&p, "set {", "}"))) {
		char *list = unquote_list(b);
		sb_addf(out, "'%s' is not one of: %s", a, list);
		free(list);
	} else if (starts_with(rest, "[facet 'pattern']") && (a = between(&p, "value '", "'"))) {
		const char *hint = pattern_hint(field);
		sb_addf(out, "'%s' is not in the expected form%s%s%s", a, hint ? " (" : "",
		        hint ? hint : "", hint ? ")" : "");
	} else if (starts_with(rest, "[facet 'maxInclusive']") &&
	           (a = between(&p, "value '", "'")) && (b = between(&p, "allowed ('", "')"))) {
		sb_addf(out, "%s is above the largest allowed, %s", a, b);
	} else if (starts_with(rest, "[facet 'minInclusive']") &&
	           (a = between(&p, "value '", "'")) && (b = between(&p, "allowed ('", "')"))) {
		sb_addf(out, "%s is below the smallest allowed, %s", a, b);
	} else if (starts_with(rest, "[facet 'maxExclusive']") &&
	           (a = between(&p, "value '", "'")) && (b = between(&p, "less than '", "'"))) {
		sb_addf(out, "%s is too large: it must be less than %s", a, b);
	} else if (starts_with(rest, "[facet 'minExclusive']") &&
	           (a = between(&p, "value '", "'")) && (b = between(&p, "greater than '", "'"))) {
		sb_addf(out, "%s is too small: it must be greater than %s", a, b);
	} else if (starts_with(rest, "[facet 'maxLength']") &&
	           (a = between(&p, "length of '", "'")) &&
	           (b = between(&p, "maximum length of '", "'"))) {
		sb_addf(out, "is %s characters long; at most %s are allowed", a, b);
	} else if (starts_with(rest, "[facet 'minLength']") &&
	           (a = between(&p, "length of '", "'")) &&
	           (b = between(&p, "minimum length of '", "'"))) {
		if (strcmp(a, "0") == 0)
			sb_adds(out, "must not be empty");
		else
			sb_addf(out, "is %s characters long; at least %s are needed", a, b);
	} else if ((a = between(&p, "'", "' is not a valid value of the atomic type '")) &&
	           (b = xstrndup(p, strcspn(p, "'")))) {
		const char *words = type_words(b);
		sb_addf(out, "'%s' is not %s%s", a, words ? words : "a valid ", words ? "" : b);
	} else if ((a = between(&p, "The attribute '", "' is required but missing"))) {
		sb_addf(out, "attribute '%s' is required", a);
	} else if ((a = between(&p, "The attribute '", "' is not allowed"))) {
		sb_addf(out, "attribute '%s' is not allowed", a);
	} else if (starts_with(rest, "This element is not expected.")) {
		p = rest;
		b = between(&p, "Expected is", ")");
		if (b) {
			int one_of = starts_with(b, " one of");
			char *list = element_list(one_of ? b + 7 : b);
			sb_addf(out, "is not expected here; expected %s%s", one_of ? "one of " : "",
			        list);
			free(list);
		} else {
			sb_adds(out, "is not expected here");
		}
	} else if (starts_with(rest, "Missing child element(s).")) {
		p = rest;
		b = between(&p, "Expected is", ")");
		if (b && starts_with(b, " one of")) {
			char *list = element_list(b + 7);
			sb_addf(out, "is missing an element: the next must be one of %s", list);
			free(list);
		} else if (b) {
			char *list = element_list(b);
			sb_addf(out, "is missing %s", list);
			free(list);
		} else {
			sb_adds(out, "is missing an element");
		}
	} else if (starts_with(rest, "Element content is not allowed")) {
		sb_adds(out, "must hold text only, not elements");
	} else if (starts_with(rest, "Character content other than whitespace is not allowed")) {
		sb_adds(out, "must hold elements only, not text");
	} else if (starts_with(rest, "No matching global declaration available")) {
		sb_adds(out, "is not a kind of document this installation knows");
	} else {
		sb_adds(out, rest);
	}
	free(a);
	free(b);
}

/* "Element 'x', attribute 'a': rest" or "Element 'x': rest". */
static int schema_message(struct strbuf *out, const char *m)
{
	const char *p = m;
	char *elem = between(&p, "Element '", "'");
	if (!elem || !starts_with(m, "Element '"))
		return free(elem), 0;
	char *attr = NULL;
	if (starts_with(p, ", attribute '")) {
		attr = between(&p, ", attribute '", "'");
	}
	if (!starts_with(p, ": ")) {
		free(elem);
		free(attr);
		return 0;
	}
	p += 2;
	/* "The attribute 'x' is not allowed" names the attribute itself */
	if (attr && starts_with(p, "The attribute '")) {
		free(attr);
		attr = NULL;
	}
	struct strbuf detail = STRBUF_INIT;
	schema_detail(&detail, attr ? attr : elem, p);
	/* "<notes> is 66000 characters long", but "<capacity>: 'many' is ..." */
	const char *sep =
	        starts_with(detail.buf, "is ") || starts_with(detail.buf, "must ") ? " " : ": ";
	if (attr)
		sb_addf(out, "attribute '%s' of <%s>%s%s", attr, elem, sep, detail.buf);
	else
		sb_addf(out, "<%s>%s%s", elem, sep, detail.buf);
	sb_release(&detail);
	free(elem);
	free(attr);
	return 1;
}

/* The well-formedness messages a user meets most. */
static int parser_message(struct strbuf *out, const char *m)
{
	const char *p = m;
	char *a = NULL, *b = NULL;
	int done = 1;
	if (starts_with(m, "Excessive depth in document: ") &&
	    (a = xstrndup(m + 29, strspn(m + 29, "0123456789")))) {
		sb_addf(out, "elements nested deeper than %s levels", a);
	} else if (starts_with(m, "Input is not proper UTF-8")) {
		const char *bytes = strstr(m, "Bytes: ");
		if (bytes)
			sb_addf(out, "text is not valid UTF-8 (bytes %s); save the file as UTF-8",
			        bytes + 7);
		else
			sb_adds(out, "text is not valid UTF-8; save the file as UTF-8");
	} else if ((a = between(&p, "Entity '", "' not defined"))) {
		sb_addf(out, "entity references are not allowed ('&%s;')", a);
	} else if (starts_with(m, "Opening and ending tag mismatch: ") &&
	           (a = between(&p, "mismatch: ", " line ")) && (b = between(&p, "", " and "))) {
		sb_addf(out, "<%s> opened on line %s is closed by </%s>", a, b, p);
	} else if (starts_with(m, "Premature end of data in tag ") &&
	           (a = between(&p, "in tag ", " line ")) && *p) {
		sb_addf(out, "<%s> opened on line %s is never closed (the file ends first)", a, p);
	} else if (starts_with(m, "Document is empty") ||
	           starts_with(m, "Start tag expected, '<' not found")) {
		sb_adds(out,
		        "no XML document here (it is empty, or does not start with an element)");
	} else if (starts_with(m, "Extra content at the end of the document")) {
		sb_adds(out, "more content after the end of the document's root element");
	} else {
		done = 0;
	}
	free(a);
	free(b);
	return done;
}

char *xmlmsg_plain(const char *message)
{
	char *m = tidy(message ? message : "");
	struct strbuf out = STRBUF_INIT;
	if (!schema_message(&out, m) && !parser_message(&out, m)) {
		sb_adds(&out, m);
		/* house style: lowercase first word, unless it is an acronym */
		if (out.len > 1 && out.buf[0] >= 'A' && out.buf[0] <= 'Z' &&
		    !(out.buf[1] >= 'A' && out.buf[1] <= 'Z'))
			out.buf[0] = (char)(out.buf[0] - 'A' + 'a');
	}
	free(m);
	return sb_detach(&out);
}
