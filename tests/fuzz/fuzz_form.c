/* fuzz_form.c — libFuzzer target for form bodies and query strings (core/form.c).
 *
 * The input is an application/x-www-form-urlencoded body. form_parse reads it
 * into an arena; on success every key and value must be valid UTF-8, at most
 * FORM_MAX_PAIRS pairs may come back, kv_get of the first key must return the
 * first value, and each pair must equal what a small independent decoder in
 * this file makes of the same bytes (which also catches text cut short by an
 * embedded NUL). On failure the code must be KEEL_EPARSE or KEEL_ETOOBIG with
 * a message. A violation traps. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/form.h"
#include "core/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond) \
  do {              \
    if (!(cond)) __builtin_trap(); \
  } while (0)

static int hex(int c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* Checks that got is the decoding of raw s[0..n): '+' is a space, %XX a byte,
 * anything else itself. The parser succeeded, so every escape is well formed. */
static void check_decoded(const char *s, size_t n, const char *got) {
  size_t glen = strlen(got);
  CHECK(utf8_valid(got, glen));
  size_t j = 0;
  for (size_t i = 0; i < n; i++, j++) {
    int c = (unsigned char)s[i];
    if (c == '+') {
      c = ' ';
    } else if (c == '%') {
      CHECK(i + 2 < n); /* both hex digits are inside the key or value */
      int hi = hex((unsigned char)s[i + 1]), lo = hex((unsigned char)s[i + 2]);
      CHECK(hi >= 0 && lo >= 0);
      c = hi * 16 + lo;
      i += 2;
    }
    CHECK(c != 0);
    CHECK(j < glen && (unsigned char)got[j] == c);
  }
  CHECK(j == glen);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *s = (const char *)data;
  arena *a = arena_new(1024);
  struct kvlist l;
  struct keel_err e = {0};
  int rc = form_parse(a, s, size, &l, &e);
  if (rc) {
    CHECK(rc == KEEL_EPARSE || rc == KEEL_ETOOBIG);
    CHECK(e.rc == rc && e.msg[0] != '\0');
    arena_free(a);
    return 0;
  }
  CHECK(l.n <= FORM_MAX_PAIRS);
  CHECK(l.n == 0 || l.items != NULL);
  if (l.n > 0) {
    const char *first = kv_get(&l, l.items[0].key);
    CHECK(first == l.items[0].val);
  }
  /* Walk the non-empty pairs of the input alongside the parsed list. */
  size_t k = 0, start = 0;
  for (size_t i = 0; i <= size; i++) {
    if (i < size && s[i] != '&') continue;
    size_t plen = i - start;
    if (plen > 0) {
      CHECK(k < l.n);
      const char *p = s + start;
      const char *eq = memchr(p, '=', plen);
      size_t klen = eq ? (size_t)(eq - p) : plen;
      CHECK(l.items[k].key != NULL && l.items[k].val != NULL);
      check_decoded(p, klen, l.items[k].key);
      if (eq) check_decoded(eq + 1, plen - klen - 1, l.items[k].val);
      else CHECK(l.items[k].val[0] == '\0');
      k++;
    }
    start = i + 1;
  }
  CHECK(k == l.n);
  arena_free(a);
  return 0;
}
