/* idset.c — see idset.h. */
#include "core/idset.h"

enum { IDSET_FIRST_CAP = 64 };

/* Spreads consecutive ids over the table: Fibonacci hashing (multiply by
 * 2^64 divided by the golden ratio), folding the high bits into the low ones
 * that the mask keeps. */
static size_t slot_of(int64_t id, size_t cap) {
  uint64_t h = (uint64_t)id * 0x9e3779b97f4a7c15ULL;
  h ^= h >> 32;
  return (size_t)h & (cap - 1);
}

static void put(int64_t *slots, size_t cap, int64_t id) {
  size_t i = slot_of(id, cap);
  while (slots[i]) i = (i + 1) & (cap - 1);
  slots[i] = id;
}

void idset_init(struct idset *s, arena *a) { *s = (struct idset){.a = a}; }

int idset_has(const struct idset *s, int64_t id) {
  if (id <= 0 || !s->cap) return 0;
  for (size_t i = slot_of(id, s->cap);; i = (i + 1) & (s->cap - 1)) {
    if (s->slots[i] == id) return 1;
    if (!s->slots[i]) return 0;
  }
}

int idset_add(struct idset *s, int64_t id) {
  if (id <= 0) return -1;
  if (idset_has(s, id)) return 0;
  if ((s->n + 1) * 2 > s->cap) {
    size_t cap = s->cap ? s->cap * 2 : IDSET_FIRST_CAP;
    int64_t *slots = arena_zalloc(s->a, cap * sizeof *slots);
    for (size_t i = 0; i < s->cap; i++)
      if (s->slots[i]) put(slots, cap, s->slots[i]);
    s->slots = slots;
    s->cap = cap;
  }
  put(s->slots, s->cap, id);
  s->n++;
  return 1;
}
