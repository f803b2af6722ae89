/* product.h — a product: the unit that owns ideas, features and a board. */
#ifndef KEEL_DOMAIN_PRODUCT_H
#define KEEL_DOMAIN_PRODUCT_H

#include <stdint.h>

#include "core/err.h"

enum { PRODUCT_KEY_MAX = 10 };

struct product {
  int64_t id;
  const char *key; /* "PAY": 2–10 capitals and digits, starting with a letter; never changes */
  const char *name;
  const char *description; /* Markdown, may be "" */
  int64_t feature_count;   /* features ever numbered in this product */
  int64_t created_at, updated_at, version;
};

/* Returns KEEL_OK when key is a valid product key, else KEEL_EINVAL for field "key". */
int product_key_check(const char *key, struct keel_err *e);

/* Checks a product's user-editable fields. Returns KEEL_OK or KEEL_EINVAL naming the field. */
int product_check(const struct product *p, struct keel_err *e);

#endif
