/* cache.h — a per-worker cache of rendered GET responses.
 *
 * Backlogs and boards are read far more often than they change. A response
 * is stored with the workspace generation it was rendered at (the newest
 * audit id, read in the same snapshot as the data) and served again only
 * while the generation is unchanged, so a cached answer is never older than
 * the last change. Pages also expire after a few seconds because they show
 * relative times. Each worker thread owns its cache: nothing is shared. */
#ifndef KEEL_WEB_CACHE_H
#define KEEL_WEB_CACHE_H

#include <stddef.h>
#include <stdint.h>

enum { CACHE_HEADERS_MAX = 4, CACHE_ENTRY_MAX = 512 * 1024 };

struct cache_entry {
  char *key;
  int64_t generation;
  int64_t stored_at;
  int64_t last_used; /* a use counter, for eviction */
  int status;
  char *content_type;
  int nhdr;
  char *hdr_name[CACHE_HEADERS_MAX];
  char *hdr_value[CACHE_HEADERS_MAX];
  char *body;
  size_t len;
  size_t cost; /* bytes held */
};

struct resp_cache;

/* Returns a cache holding at most max_bytes. */
struct resp_cache *cache_new(size_t max_bytes);
void cache_free(struct resp_cache *c);

/* Returns the entry for key if it was stored at generation gen and is no
 * older than max_age seconds (0: no age limit); NULL otherwise. */
const struct cache_entry *cache_get(struct resp_cache *c, const char *key, int64_t gen, int64_t now, int max_age);

/* Stores a response (copied), evicting the least recently used entries and
 * every entry of an older generation. Bodies over CACHE_ENTRY_MAX are not kept. */
void cache_put(struct resp_cache *c, const char *key, int64_t gen, int64_t now, int status, const char *content_type,
               int nhdr, const char *const *hdr_name, const char *const *hdr_value, const char *body, size_t len);

/* Counts hits and misses (for tests and the operator). */
void cache_stats(const struct resp_cache *c, uint64_t *hits, uint64_t *misses, size_t *bytes, size_t *entries);

#endif
