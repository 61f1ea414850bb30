/*
 * map.c - see map.h.
 */
#include "map.h"

#include <stdint.h>
#include <string.h>

#include "spend.h"

#include "banned.h"

static uint64_t hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

void spend_map_init(struct spend_map *m)
{
	memset(m, 0, sizeof(*m));
}

void spend_map_release(struct spend_map *m)
{
	for (size_t i = 0; i < m->cap; i++)
		spend_api->free(m->keys[i]);
	spend_api->free(m->keys);
	spend_api->free(m->vals);
	memset(m, 0, sizeof(*m));
}

/* The slot of key, or of the empty slot where it would go. */
static size_t slot(const struct spend_map *m, const char *key)
{
	size_t i = (size_t)hash(key) & (m->cap - 1);
	while (m->keys[i] && strcmp(m->keys[i], key) != 0)
		i = (i + 1) & (m->cap - 1);
	return i;
}

size_t spend_map_get(const struct spend_map *m, const char *key)
{
	if (m->cap == 0)
		return (size_t)-1;
	size_t i = slot(m, key);
	return m->keys[i] ? m->vals[i] : (size_t)-1;
}

static void grow(struct spend_map *m)
{
	struct spend_map old = *m;

	m->cap = old.cap ? old.cap * 2 : 64;
	m->keys = spend_api->alloc(m->cap * sizeof(*m->keys));
	m->vals = spend_api->alloc(m->cap * sizeof(*m->vals));
	memset(m->keys, 0, m->cap * sizeof(*m->keys));
	for (size_t i = 0; i < old.cap; i++) {
		if (!old.keys[i])
			continue;
		size_t j = slot(m, old.keys[i]);
		m->keys[j] = old.keys[i];
		m->vals[j] = old.vals[i];
	}
	spend_api->free(old.keys);
	spend_api->free(old.vals);
}

void spend_map_put(struct spend_map *m, const char *key, size_t val)
{
	if ((m->n + 1) * 2 > m->cap)
		grow(m);
	size_t i = slot(m, key);
	if (!m->keys[i]) {
		m->keys[i] = spend_api->strdup(key);
		m->n++;
	}
	m->vals[i] = val;
}
