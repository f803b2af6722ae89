/* form.c — form and query-string decoding. */
#include "core/form.h"

#include <string.h>

#include "core/utf8.h"

static int hexval(int c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* Decodes s[0..n) (starting at byte offset base of the whole input) into the arena. */
static int decode(arena *a, const char *s, size_t n, size_t base, const char **out,
                  struct keel_err *e) {
  char *d = arena_alloc(a, n + 1);
  size_t j = 0;
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    if (c == '+') {
      d[j++] = ' ';
    } else if (c == '%') {
      int hi = i + 2 < n ? hexval((unsigned char)s[i + 1]) : -1;
      int lo = i + 2 < n ? hexval((unsigned char)s[i + 2]) : -1;
      if (hi < 0 || lo < 0)
        return err_set(e, KEEL_EPARSE, NULL, "malformed form data: bad %%-escape at byte %zu", base + i + 1);
      int v = hi * 16 + lo;
      if (v == 0)
        return err_set(e, KEEL_EPARSE, NULL, "malformed form data: NUL byte at byte %zu", base + i + 1);
      d[j++] = (char)v;
      i += 2;
    } else if (c == '\0') {
      /* A raw NUL (bodies are length-delimited) would silently cut the text short. */
      return err_set(e, KEEL_EPARSE, NULL, "malformed form data: NUL byte at byte %zu", base + i + 1);
    } else {
      d[j++] = c;
    }
  }
  d[j] = '\0';
  if (!utf8_valid(d, j))
    return err_set(e, KEEL_EPARSE, NULL, "malformed form data: text near byte %zu is not valid UTF-8", base + 1);
  *out = d;
  return KEEL_OK;
}

int form_parse(arena *a, const char *s, size_t len, struct kvlist *out, struct keel_err *e) {
  out->items = NULL;
  out->n = 0;
  size_t pairs = 0;
  for (size_t i = 0; i < len; i++)
    if (s[i] == '&') pairs++;
  pairs++;
  if (pairs > FORM_MAX_PAIRS && len > 0) {
    /* Count only non-empty pairs before refusing. */
    size_t nonempty = 0, start = 0;
    for (size_t i = 0; i <= len; i++)
      if (i == len || s[i] == '&') {
        if (i > start) nonempty++;
        start = i + 1;
      }
    if (nonempty > FORM_MAX_PAIRS)
      return err_set(e, KEEL_ETOOBIG, NULL, "too many form fields (at most %d)", FORM_MAX_PAIRS);
    pairs = nonempty;
  }
  out->items = arena_alloc(a, (pairs ? pairs : 1) * sizeof *out->items);
  size_t start = 0;
  for (size_t i = 0; i <= len; i++) {
    if (i < len && s[i] != '&') continue;
    size_t plen = i - start;
    if (plen > 0) {
      const char *p = s + start;
      const char *eq = memchr(p, '=', plen);
      size_t klen = eq ? (size_t)(eq - p) : plen;
      struct kv *kv = &out->items[out->n];
      int rc = decode(a, p, klen, start, &kv->key, e);
      if (rc) return rc;
      if (eq) rc = decode(a, eq + 1, plen - klen - 1, start + klen + 1, &kv->val, e);
      else kv->val = "";
      if (rc) return rc;
      out->n++;
    }
    start = i + 1;
  }
  return KEEL_OK;
}

const char *kv_get(const struct kvlist *l, const char *key) {
  for (size_t i = 0; i < l->n; i++)
    if (strcmp(l->items[i].key, key) == 0) return l->items[i].val;
  return NULL;
}
