/*
 * xmltree.h - turns a libxml2 subtree into the plain struct shomer_xml_elem
 * tree that plugins receive, so that the plugin ABI does not depend on
 * libxml2's types.  All memory comes from one arena, freed at once.
 */
#ifndef SHOMER_XMLTREE_H
#define SHOMER_XMLTREE_H

#include <libxml/tree.h>

#include "shomer/plugin.h"

struct xmltree_arena;

struct xmltree_arena *xmltree_arena_new(void);
void xmltree_arena_free(struct xmltree_arena *a);

/* Converts element `n` and its element descendants; comments and processing
 * instructions are dropped, text kept.  The result lives in the arena. */
const struct shomer_xml_elem *xmltree_build(struct xmltree_arena *a, const xmlNode *n);

/* The plugin API's accessors. */
const char *xmltree_attr(const struct shomer_xml_elem *e, const char *name);
const struct shomer_xml_elem *xmltree_child(const struct shomer_xml_elem *e, const char *name);

#endif /* SHOMER_XMLTREE_H */
