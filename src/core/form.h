/* form.h — application/x-www-form-urlencoded bodies and URL query strings.
 *
 * Both use the same grammar: pairs separated by '&' (';' is not a separator),
 * key and value separated by the first '=', '+' meaning space and %XX escapes.
 * Decoded text must be valid UTF-8 without NUL bytes. */
#ifndef KEEL_CORE_FORM_H
#define KEEL_CORE_FORM_H

#include <stddef.h>

#include "core/arena.h"
#include "core/err.h"

enum { FORM_MAX_PAIRS = 256 };

struct kv {
  const char *key;
  const char *val; /* never NULL: "a" alone decodes to value "" */
};

struct kvlist {
  struct kv *items; /* in input order, in the arena */
  size_t n;
};

/* Parses s[0..len) into *out, strings allocated in a. Returns KEEL_OK;
 * KEEL_EPARSE naming the byte offset of a bad %-escape, invalid UTF-8 or a NUL;
 * KEEL_ETOOBIG past FORM_MAX_PAIRS pairs. Empty pairs ("a=1&&b=2") are skipped. */
int form_parse(arena *a, const char *s, size_t len, struct kvlist *out, struct keel_err *e);

/* Returns the first value for key, or NULL when absent. */
const char *kv_get(const struct kvlist *l, const char *key);

#endif
