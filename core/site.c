/*
 * site.c - the site record's lifecycle (see site.h); reading and writing it
 * are in site_xml.c and site_db.c.
 */
#include "site.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#include "banned.h"

const char *const site_day_names[7] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

void site_init(struct site *s)
{
	memset(s, 0, sizeof(*s));
	site_sync_view(s);
}

static void free_strv(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void site_release(struct site *s)
{
	free(s->id);
	free(s->name);
	free(s->kind);
	free(s->region);
	free(s->police_force);
	free(s->address);
	free(s->postcode);
	free(s->notes);
	free(s->perimeter);
	free(s->perimeter_ll);
	free(s->perimeter_ll_text);
	free(s->sessions);
	free_strv(s->session_labels, s->pub.n_sessions);
	free_strv(s->tags, s->pub.n_tags);
	site_init(s);
}

static const char *or_empty(const char *s)
{
	return s ? s : "";
}

void site_sync_view(struct site *s)
{
	struct shomer_site *p = &s->pub;
	p->id = or_empty(s->id);
	p->name = or_empty(s->name);
	p->kind = or_empty(s->kind);
	p->region = or_empty(s->region);
	p->police_force = or_empty(s->police_force);
	p->address = or_empty(s->address);
	p->postcode = or_empty(s->postcode);
	p->notes = or_empty(s->notes);
	p->perimeter = s->perimeter;
	p->perimeter_ll = s->perimeter_ll;
	p->sessions = s->sessions;
	for (size_t i = 0; i < p->n_sessions; i++)
		s->sessions[i].label = s->session_labels[i];
	p->tags = (const char *const *)s->tags;
}

void site_format_time(char buf[8], int min)
{
	snprintf(buf, 8, "%02d:%02d", (min / 60) % 100, min % 60);
}

int site_parse_time(const char *s)
{
	if (strlen(s) != 5 || s[2] != ':')
		return -1;
	for (int i = 0; i < 5; i++) {
		if (i != 2 && (s[i] < '0' || s[i] > '9'))
			return -1;
	}
	int h = (s[0] - '0') * 10 + (s[1] - '0'), m = (s[3] - '0') * 10 + (s[4] - '0');
	if (m > 59 || h > 24 || (h == 24 && m != 0))
		return -1;
	return h * 60 + m;
}
