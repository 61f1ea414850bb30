/*
 * map.h - a string-keyed table of indexes (open addressing, FNV-1a), for
 * the report's groups: a few hundred grants, tens of thousands of sites.
 * Keys are copied.  Out of memory ends the process, as the host's
 * allocator does.
 */
#ifndef SPEND_MAP_H
#define SPEND_MAP_H

#include <stddef.h>

struct spend_map {
	char **keys;
	size_t *vals;
	size_t cap, n;
};

void spend_map_init(struct spend_map *m);
void spend_map_release(struct spend_map *m);
/* The value of key, or (size_t)-1. */
size_t spend_map_get(const struct spend_map *m, const char *key);
/* Sets key to val (replacing any). */
void spend_map_put(struct spend_map *m, const char *key, size_t val);

#endif
