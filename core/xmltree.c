/*
 * xmltree.c - see xmltree.h.
 */
#include "xmltree.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

#include "banned.h"

/* Blocks of at least this size; bigger requests get a block of their own. */
#define ARENA_BLOCK 16384

struct arena_block {
	struct arena_block *next;
	size_t used, size;
	max_align_t data[];
};

struct xmltree_arena {
	struct arena_block *head;
};

struct xmltree_arena *xmltree_arena_new(void)
{
	return xcalloc(1, sizeof(struct xmltree_arena));
}

void xmltree_arena_free(struct xmltree_arena *a)
{
	if (!a)
		return;
	for (struct arena_block *b = a->head, *next; b; b = next) {
		next = b->next;
		free(b);
	}
	free(a);
}

static void *arena_alloc(struct xmltree_arena *a, size_t n)
{
	size_t align = sizeof(max_align_t);
	n = (n + align - 1) / align * align;
	struct arena_block *b = a->head;
	if (!b || b->size - b->used < n) {
		size_t size = n > ARENA_BLOCK ? n : ARENA_BLOCK;
		b = xmalloc(sizeof(*b) + size);
		b->size = size;
		b->used = 0;
		b->next = a->head;
		a->head = b;
	}
	void *p = (char *)b->data + b->used;
	b->used += n;
	return p;
}

static const char *arena_strdup(struct xmltree_arena *a, const char *s)
{
	size_t n = strlen(s);
	char *p = arena_alloc(a, n + 1);
	memcpy(p, s, n + 1);
	return p;
}

/* The text directly inside n; the common single text node is not copied
 * twice. */
static const char *own_text(struct xmltree_arena *a, const xmlNode *n)
{
	const xmlNode *only = NULL;
	size_t count = 0;
	for (const xmlNode *c = n->children; c; c = c->next) {
		if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content) {
			only = c;
			count++;
		}
	}
	if (count == 0)
		return "";
	if (count == 1)
		return arena_strdup(a, (const char *)only->content);
	struct strbuf sb = STRBUF_INIT;
	for (const xmlNode *c = n->children; c; c = c->next) {
		if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content)
			sb_adds(&sb, (const char *)c->content);
	}
	const char *s = arena_strdup(a, sb.buf);
	sb_release(&sb);
	return s;
}

static const char *attr_value(struct xmltree_arena *a, const xmlAttr *at)
{
	const xmlNode *t = at->children;
	if (!t)
		return "";
	if (!t->next && t->type == XML_TEXT_NODE)
		return arena_strdup(a, t->content ? (const char *)t->content : "");
	xmlChar *v = xmlNodeListGetString(at->doc, t, 1);
	const char *s = arena_strdup(a, v ? (const char *)v : "");
	xmlFree(v);
	return s;
}

const struct shomer_xml_elem *xmltree_build(struct xmltree_arena *a, const xmlNode *n)
{
	struct shomer_xml_elem *e = arena_alloc(a, sizeof(*e));
	e->ns = arena_strdup(a, n->ns && n->ns->href ? (const char *)n->ns->href : "");
	e->name = arena_strdup(a, (const char *)n->name);
	e->line = xmlGetLineNo(n);
	e->text = own_text(a, n);

	size_t na = 0, nc = 0;
	for (const xmlAttr *at = n->properties; at; at = at->next)
		na++;
	for (const xmlNode *c = n->children; c; c = c->next)
		nc += c->type == XML_ELEMENT_NODE;

	struct shomer_xml_attr *attrs = arena_alloc(a, (na ? na : 1) * sizeof(*attrs));
	size_t i = 0;
	for (const xmlAttr *at = n->properties; at; at = at->next, i++) {
		attrs[i].name = arena_strdup(a, (const char *)at->name);
		attrs[i].value = attr_value(a, at);
	}
	e->attrs = attrs;
	e->n_attrs = na;

	const struct shomer_xml_elem **kids = arena_alloc(a, (nc ? nc : 1) * sizeof(*kids));
	i = 0;
	for (const xmlNode *c = n->children; c; c = c->next) {
		if (c->type == XML_ELEMENT_NODE)
			kids[i++] = xmltree_build(a, c);
	}
	e->children = kids;
	e->n_children = nc;
	return e;
}

const char *xmltree_attr(const struct shomer_xml_elem *e, const char *name)
{
	for (size_t i = 0; e && i < e->n_attrs; i++) {
		if (strcmp(e->attrs[i].name, name) == 0)
			return e->attrs[i].value;
	}
	return NULL;
}

const struct shomer_xml_elem *xmltree_child(const struct shomer_xml_elem *e, const char *name)
{
	for (size_t i = 0; e && i < e->n_children; i++) {
		const struct shomer_xml_elem *c = e->children[i];
		if (strcmp(c->name, name) == 0 && strcmp(c->ns, e->ns) == 0)
			return c;
	}
	return NULL;
}
