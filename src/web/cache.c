/* cache.c — response cache: a small hash table with least-recently-used eviction. */
#include "web/cache.h"

#include <stdlib.h>
#include <string.h>

#include "core/mem.h"

enum { SLOTS = 1024 }; /* open addressing; at most SLOTS / 2 entries */

struct resp_cache {
  struct cache_entry *slot[SLOTS];
  size_t entries, bytes, max_bytes;
  int64_t clock;
  uint64_t hits, misses;
};

static uint64_t key_hash(const char *s) {
  uint64_t h = 1469598103934665603ULL;
  for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ULL;
  return h;
}

static void entry_free(struct cache_entry *en) {
  free(en->key);
  free(en->content_type);
  for (int i = 0; i < en->nhdr; i++) {
    free(en->hdr_name[i]);
    free(en->hdr_value[i]);
  }
  free(en->body);
  free(en);
}

struct resp_cache *cache_new(size_t max_bytes) {
  struct resp_cache *c = xcalloc(1, sizeof *c);
  c->max_bytes = max_bytes;
  return c;
}

/* Removes the entry in slot i and re-inserts the cluster after it, keeping
 * linear probing correct. */
static void remove_slot(struct resp_cache *c, size_t i) {
  struct cache_entry *en = c->slot[i];
  c->bytes -= en->cost;
  c->entries--;
  entry_free(en);
  c->slot[i] = NULL;
  for (size_t j = (i + 1) % SLOTS; c->slot[j]; j = (j + 1) % SLOTS) {
    struct cache_entry *moved = c->slot[j];
    c->slot[j] = NULL;
    size_t k = (size_t)(key_hash(moved->key) % SLOTS);
    while (c->slot[k]) k = (k + 1) % SLOTS;
    c->slot[k] = moved;
  }
}

void cache_free(struct resp_cache *c) {
  if (!c) return;
  for (size_t i = 0; i < SLOTS; i++)
    if (c->slot[i]) entry_free(c->slot[i]);
  free(c);
}

static size_t find(const struct resp_cache *c, const char *key) {
  size_t i = (size_t)(key_hash(key) % SLOTS);
  while (c->slot[i] && strcmp(c->slot[i]->key, key) != 0) i = (i + 1) % SLOTS;
  return i;
}

const struct cache_entry *cache_get(struct resp_cache *c, const char *key, int64_t gen, int64_t now, int max_age) {
  size_t i = find(c, key);
  struct cache_entry *en = c->slot[i];
  if (!en || en->generation != gen || (max_age > 0 && now - en->stored_at >= max_age)) {
    if (en) remove_slot(c, i); /* stale: it can never be served again */
    c->misses++;
    return NULL;
  }
  en->last_used = ++c->clock;
  c->hits++;
  return en;
}

void cache_put(struct resp_cache *c, const char *key, int64_t gen, int64_t now, int status, const char *content_type,
               int nhdr, const char *const *hdr_name, const char *const *hdr_value, const char *body, size_t len) {
  if (len > CACHE_ENTRY_MAX || nhdr > CACHE_HEADERS_MAX) return;
  struct cache_entry *en = xcalloc(1, sizeof *en);
  en->key = xstrdup(key);
  en->generation = gen;
  en->stored_at = now;
  en->last_used = ++c->clock;
  en->status = status;
  en->content_type = xstrdup(content_type ? content_type : "text/plain; charset=utf-8");
  en->nhdr = nhdr;
  en->cost = sizeof *en + strlen(key) + len + 64;
  for (int i = 0; i < nhdr; i++) {
    en->hdr_name[i] = xstrdup(hdr_name[i]);
    en->hdr_value[i] = xstrdup(hdr_value[i]);
    en->cost += strlen(hdr_name[i]) + strlen(hdr_value[i]);
  }
  en->body = xmalloc(len ? len : 1);
  memcpy(en->body, body, len);
  en->len = len;
  if (en->cost > c->max_bytes) {
    entry_free(en);
    return;
  }
  /* Drop the old copy of this key and everything from older generations. */
  int removed;
  do { /* removal moves entries between slots, so scan until nothing goes */
    removed = 0;
    for (size_t i = 0; i < SLOTS; i++)
      if (c->slot[i] && (c->slot[i]->generation < gen || strcmp(c->slot[i]->key, key) == 0)) {
        remove_slot(c, i);
        removed = 1;
      }
  } while (removed);
  /* Then the least recently used, until it fits. */
  while (c->entries && (c->bytes + en->cost > c->max_bytes || c->entries >= SLOTS / 2)) {
    size_t victim = SLOTS;
    for (size_t i = 0; i < SLOTS; i++)
      if (c->slot[i] && (victim == SLOTS || c->slot[i]->last_used < c->slot[victim]->last_used)) victim = i;
    remove_slot(c, victim);
  }
  c->slot[find(c, key)] = en;
  c->entries++;
  c->bytes += en->cost;
}

void cache_stats(const struct resp_cache *c, uint64_t *hits, uint64_t *misses, size_t *bytes, size_t *entries) {
  *hits = c->hits;
  *misses = c->misses;
  *bytes = c->bytes;
  *entries = c->entries;
}
