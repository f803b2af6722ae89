/* customer.c — customer and contact rules. */
#include "domain/customer.h"

#include <ctype.h>
#include <string.h>

#include "core/buf.h"
#include "domain/text.h"

char *customer_name_key(arena *a, const char *name) {
  const char *t = text_trim(a, name ? name : "");
  char *k = arena_strdup(a, t);
  for (char *p = k; *p; p++) *p = (char)tolower((unsigned char)*p);
  return k;
}

char *customer_segment_normal(arena *a, const char *segment) {
  const char *t = text_trim(a, segment ? segment : "");
  size_t n = strlen(t);
  char *out = arena_alloc(a, n + 1);
  size_t k = 0;
  int gap = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)t[i];
    if (c == ' ' || c == '\t' || c == '-' || c == '_') {
      gap = 1;
      continue;
    }
    if (gap && k) out[k++] = '-';
    gap = 0;
    out[k++] = (char)tolower(c);
  }
  out[k] = '\0';
  return out;
}

int customer_check(const struct customer *c, struct keel_err *e) {
  int rc = text_check_line("name", c->name, CUSTOMER_NAME_MAX, 1, e);
  if (!rc) rc = text_check_line("segment", c->segment, CUSTOMER_SEGMENT_MAX, 0, e);
  if (!rc) rc = text_check_line("plan", c->plan, CUSTOMER_PLAN_MAX, 0, e);
  if (!rc && (c->arr < 0 || c->arr > CUSTOMER_ARR_MAX))
    rc = err_set(e, KEEL_EINVAL, "arr", "arr (annual recurring revenue) must be from 0 to %lld",
                 (long long)CUSTOMER_ARR_MAX);
  return rc;
}

int contact_check(const struct contact *c, struct keel_err *e) {
  int rc = text_check_line("name", c->name, CONTACT_NAME_MAX, 1, e);
  if (!rc && c->email && *c->email) rc = email_check(c->email, e);
  return rc;
}
