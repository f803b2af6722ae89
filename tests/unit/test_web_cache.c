/* test_web_cache.c — the per-worker response cache (web/cache.c): hits only
 * at the generation a response was stored at, expiry, replacement, eviction
 * of the least recently used entries within the byte budget, and size limits. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "web/cache.h"

static void put(struct resp_cache *c, const char *key, int64_t gen, int64_t now, const char *body) {
  const char *names[] = {"ETag"};
  const char *values[] = {"\"7\""};
  cache_put(c, key, gen, now, 200, "application/json", 1, names, values, body, strlen(body));
}

static void test_hit_and_generation(void **state) {
  (void)state;
  struct resp_cache *c = cache_new(1 << 20);
  put(c, "/api/v1/features?sort=rice|", 5, 100, "{\"items\":[]}");
  const struct cache_entry *en = cache_get(c, "/api/v1/features?sort=rice|", 5, 100, 0);
  assert_non_null(en);
  assert_int_equal(en->status, 200);
  assert_string_equal(en->content_type, "application/json");
  assert_int_equal(en->nhdr, 1);
  assert_string_equal(en->hdr_name[0], "ETag");
  assert_string_equal(en->hdr_value[0], "\"7\"");
  assert_int_equal(en->len, 12);
  assert_memory_equal(en->body, "{\"items\":[]}", 12);
  /* Another key, or another generation, is a miss; a stale entry is dropped. */
  assert_null(cache_get(c, "/api/v1/features?sort=ice|", 5, 100, 0));
  assert_null(cache_get(c, "/api/v1/features?sort=rice|", 6, 100, 0));
  assert_null(cache_get(c, "/api/v1/features?sort=rice|", 5, 100, 0));
  uint64_t hits, misses;
  size_t bytes, entries;
  cache_stats(c, &hits, &misses, &bytes, &entries);
  assert_int_equal(hits, 1);
  assert_int_equal(misses, 3);
  assert_int_equal(entries, 0);
  assert_int_equal(bytes, 0);
  cache_free(c);
}

static void test_expiry_and_replacement(void **state) {
  (void)state;
  struct resp_cache *c = cache_new(1 << 20);
  put(c, "/backlog?|sA", 1, 1000, "<p>one</p>");
  assert_non_null(cache_get(c, "/backlog?|sA", 1, 1029, 30));
  assert_null(cache_get(c, "/backlog?|sA", 1, 1030, 30)); /* 30 s old: expired */
  put(c, "/backlog?|sA", 1, 2000, "<p>one</p>");
  put(c, "/backlog?|sA", 1, 2001, "<p>two</p>"); /* same key: replaced, not duplicated */
  const struct cache_entry *en = cache_get(c, "/backlog?|sA", 1, 2002, 30);
  assert_non_null(en);
  assert_memory_equal(en->body, "<p>two</p>", 10);
  size_t bytes, entries;
  uint64_t h, m;
  cache_stats(c, &h, &m, &bytes, &entries);
  assert_int_equal(entries, 1);
  /* A newer generation clears everything older when something is stored. */
  put(c, "/board?|sA", 2, 2003, "<p>board</p>");
  cache_stats(c, &h, &m, &bytes, &entries);
  assert_int_equal(entries, 1);
  assert_null(cache_get(c, "/backlog?|sA", 1, 2004, 0));
  cache_free(c);
}

static void test_budget_and_lru(void **state) {
  (void)state;
  char body[1000];
  memset(body, 'x', sizeof body - 1);
  body[sizeof body - 1] = '\0';
  struct resp_cache *c = cache_new(4 * 1300); /* room for four entries of ~1.25 KB, not five */
  char key[32];
  for (int i = 0; i < 4; i++) {
    snprintf(key, sizeof key, "k%d", i);
    put(c, key, 1, 0, body);
  }
  assert_non_null(cache_get(c, "k0", 1, 0, 0)); /* k0 is now the most recently used */
  put(c, "k4", 1, 0, body);                      /* something must go: the least recently used, k1 */
  assert_non_null(cache_get(c, "k0", 1, 0, 0));
  assert_null(cache_get(c, "k1", 1, 0, 0));
  assert_non_null(cache_get(c, "k4", 1, 0, 0));
  size_t bytes, entries;
  uint64_t h, m;
  cache_stats(c, &h, &m, &bytes, &entries);
  assert_true(bytes <= 4 * 1300);
  assert_int_equal(entries, 4);
  /* Bodies over the per-entry limit, or over the whole budget, are not kept. */
  static char big[CACHE_ENTRY_MAX + 1];
  memset(big, 'y', sizeof big - 1);
  put(c, "big", 1, 0, big);
  assert_null(cache_get(c, "big", 1, 0, 0));
  cache_free(c);
  c = cache_new(100);
  put(c, "k", 1, 0, body);
  assert_null(cache_get(c, "k", 1, 0, 0));
  cache_free(c);
}

static void test_many_keys(void **state) {
  (void)state;
  /* More keys than the table's slots: older ones are evicted, lookups stay right. */
  struct resp_cache *c = cache_new(64 << 20);
  char key[32], val[32];
  for (int i = 0; i < 3000; i++) {
    snprintf(key, sizeof key, "/ideas?after=%d|u1", i);
    snprintf(val, sizeof val, "v%d", i);
    put(c, key, 9, 0, val);
    const struct cache_entry *en = cache_get(c, key, 9, 0, 0);
    assert_non_null(en);
    assert_memory_equal(en->body, val, strlen(val));
  }
  size_t bytes, entries;
  uint64_t h, m;
  cache_stats(c, &h, &m, &bytes, &entries);
  assert_true(entries <= 512);
  assert_non_null(cache_get(c, "/ideas?after=2999|u1", 9, 0, 0));
  assert_null(cache_get(c, "/ideas?after=0|u1", 9, 0, 0));
  cache_free(c);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_hit_and_generation),
      cmocka_unit_test(test_expiry_and_replacement),
      cmocka_unit_test(test_budget_and_lru),
      cmocka_unit_test(test_many_keys),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
