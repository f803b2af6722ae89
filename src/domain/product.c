/* product.c — product rules. */
#include "domain/product.h"

#include <string.h>

#include "domain/text.h"

int product_key_check(const char *key, struct keel_err *e) {
  size_t n = key ? strlen(key) : 0;
  if (n < 2 || n > PRODUCT_KEY_MAX || key[0] < 'A' || key[0] > 'Z')
    return err_set(e, KEEL_EINVAL, "key",
                   "key must be 2 to %d capital letters or digits, starting with a letter (like PAY)",
                   PRODUCT_KEY_MAX);
  for (size_t i = 1; i < n; i++)
    if (!((key[i] >= 'A' && key[i] <= 'Z') || (key[i] >= '0' && key[i] <= '9')))
      return err_set(e, KEEL_EINVAL, "key",
                     "key must be 2 to %d capital letters or digits, starting with a letter (like PAY)",
                     PRODUCT_KEY_MAX);
  return KEEL_OK;
}

int product_check(const struct product *p, struct keel_err *e) {
  int rc = product_key_check(p->key, e);
  if (!rc) rc = text_check_line("name", p->name, NAME_MAX_CHARS, 1, e);
  if (!rc) rc = text_check_body("description", p->description, DESCRIPTION_MAX_BYTES, 0, e);
  return rc;
}
