/* idset.h — a set of positive 64-bit ids, in an arena.
 *
 * For counting distinct things while streaming rows (distinct customers,
 * distinct feedback items) without a sort: open addressing, linear probing,
 * grown by doubling at half full. Memory is about 32 bytes per id at most and
 * lives until the arena is freed. One owner; not thread-safe. */
#ifndef KEEL_CORE_IDSET_H
#define KEEL_CORE_IDSET_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"

struct idset {
  arena *a;
  int64_t *slots; /* 0 marks an empty slot */
  size_t cap;     /* a power of two, or 0 before the first add */
  size_t n;       /* ids held */
};

/* Starts an empty set whose memory comes from a. */
void idset_init(struct idset *s, arena *a);

/* Adds id (> 0). Returns 1 when it was new, 0 when it was already there, and
 * -1 (adding nothing) when id <= 0. */
int idset_add(struct idset *s, int64_t id);

/* Returns 1 when id is in the set, else 0. */
int idset_has(const struct idset *s, int64_t id);

#endif
