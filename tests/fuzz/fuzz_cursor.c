/* fuzz_cursor.c — libFuzzer target for the small domain parsers: page cursors
 * and page sizes (domain/listing.c), feature keys (domain/feature.c) and the
 * name/parse pairs of sorts, statuses, horizons, sources and roles.
 *
 * The input is split at its first NUL or newline into a sort name and the
 * text to parse. Without a separator the whole input is the text and the sort
 * name is the text before its first ':' — so a corpus file can be just a
 * cursor such as "rice:s:675:12". Checks (a violation traps):
 *   - cursor_decode fails only with KEEL_EINVAL on field "after"; when it
 *     succeeds, cursor_encode then cursor_decode gives back the same cursor;
 *   - page_limit_parse gives 1..PAGE_MAX or KEEL_EINVAL on field "limit";
 *   - feature_key_parse gives a valid product key and a number >= 1 that
 *     print back to exactly the text;
 *   - a name that parses (sort orders, feature and idea statuses, horizons,
 *     idea sources, roles; tried on both parts) prints back as itself. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/err.h"
#include "domain/feature.h"
#include "domain/idea.h"
#include "domain/listing.h"
#include "domain/product.h"
#include "domain/roles.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond) \
  do {              \
    if (!(cond)) __builtin_trap(); \
  } while (0)

/* Returns a malloc'd NUL-terminated copy of s[0..n) (never NULL). */
static char *dup_n(const uint8_t *s, size_t n) {
  char *d = malloc(n + 1);
  if (!d) abort();
  if (n) memcpy(d, s, n);
  d[n] = '\0';
  return d;
}

static int same_cursor(const struct cursor *a, const struct cursor *b) {
  return a->set == b->set && a->in_nulls == b->in_nulls && a->score == b->score && a->ival == b->ival &&
         a->id == b->id;
}

static void check_cursor(const char *sort, const char *text) {
  struct cursor c;
  struct keel_err e = {0};
  int rc = cursor_decode(text, sort, &c, &e);
  if (rc) {
    CHECK(rc == KEEL_EINVAL && e.rc == rc && strcmp(e.field, "after") == 0 && e.msg[0]);
    return;
  }
  if (!*text) {
    CHECK(!c.set);
    return;
  }
  CHECK(c.set && c.id >= 0);
  buf b;
  buf_init(&b, 0);
  cursor_encode(&b, sort, &c);
  struct cursor again;
  rc = cursor_decode(buf_cstr(&b), sort, &again, &e);
  CHECK(rc == KEEL_OK);
  CHECK(same_cursor(&c, &again));
  buf_free(&b);
}

static void check_limit(const char *text) {
  int limit = -1;
  struct keel_err e = {0};
  int rc = page_limit_parse(text, &limit, &e);
  if (rc) CHECK(rc == KEEL_EINVAL && strcmp(e.field, "limit") == 0 && e.msg[0]);
  else CHECK(limit >= 1 && limit <= PAGE_MAX);
}

static void check_feature_key(const char *text) {
  char pk[PRODUCT_KEY_MAX + 1];
  int64_t number = -1;
  if (feature_key_parse(text, pk, &number)) return;
  CHECK(product_key_check(pk, NULL) == KEEL_OK);
  CHECK(number >= 1);
  buf b;
  buf_init(&b, 0);
  buf_printf(&b, "%s-%lld", pk, (long long)number);
  CHECK(strcmp(buf_cstr(&b), text) == 0);
  buf_free(&b);
}

/* The name/parse pairs: a name that parses prints back as itself. */
static void check_names(const char *s) {
  enum feature_sort fs;
  if (feature_sort_parse(s, &fs) == 0) CHECK(strcmp(feature_sort_name(fs), s) == 0);
  enum idea_sort is;
  if (idea_sort_parse(s, &is) == 0) CHECK(strcmp(idea_sort_name(is), s) == 0);
  enum feature_status fst;
  if (feature_status_parse(s, &fst) == 0) CHECK(strcmp(feature_status_name(fst), s) == 0);
  enum horizon h;
  if (horizon_parse(s, &h) == 0) CHECK(strcmp(horizon_name(h), s) == 0);
  enum idea_status ist;
  if (idea_status_parse(s, &ist) == 0) CHECK(strcmp(idea_status_name(ist), s) == 0);
  enum idea_source isrc;
  if (idea_source_parse(s, &isrc) == 0) CHECK(strcmp(idea_source_name(isrc), s) == 0);
  enum role r;
  if (role_parse(s, &r) == 0) CHECK(strcmp(role_name(r), s) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  size_t cut = 0;
  while (cut < size && data[cut] != '\0' && data[cut] != '\n') cut++;
  char *sort, *text;
  if (cut < size) {
    sort = dup_n(data, cut);
    text = dup_n(data + cut + 1, size - cut - 1);
  } else {
    size_t colon = 0;
    while (colon < size && data[colon] != ':') colon++;
    sort = dup_n(data, colon);
    text = dup_n(data, size);
  }
  check_cursor(sort, text);
  check_limit(text);
  check_feature_key(text);
  check_names(sort);
  check_names(text);
  free(sort);
  free(text);
  return 0;
}
