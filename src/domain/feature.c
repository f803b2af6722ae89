/* feature.c — feature rules and names. */
#include "domain/feature.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "domain/text.h"

static const char *const status_names[FS_COUNT] = {"candidate", "planned", "in_progress", "shipped", "archived"};
static const char *const status_labels[FS_COUNT] = {"Candidate", "Planned", "In progress", "Shipped", "Archived"};
static const char *const horizon_names[HZ_COUNT] = {"now", "next", "later", "unplanned"};
static const char *const horizon_labels[HZ_COUNT] = {"Now", "Next", "Later", "Unplanned"};

static int parse_name(const char *s, const char *const *names, int count) {
  for (int i = 0; s && i < count; i++)
    if (strcmp(s, names[i]) == 0) return i;
  return -1;
}

const char *feature_status_name(enum feature_status s) { return s < FS_COUNT ? status_names[s] : "candidate"; }
const char *feature_status_label(enum feature_status s) { return s < FS_COUNT ? status_labels[s] : "Candidate"; }
const char *horizon_name(enum horizon h) { return h < HZ_COUNT ? horizon_names[h] : "unplanned"; }
const char *horizon_label(enum horizon h) { return h < HZ_COUNT ? horizon_labels[h] : "Unplanned"; }

int feature_status_parse(const char *s, enum feature_status *out) {
  int i = parse_name(s, status_names, FS_COUNT);
  if (i < 0) return -1;
  *out = (enum feature_status)i;
  return 0;
}

int horizon_parse(const char *s, enum horizon *out) {
  int i = parse_name(s, horizon_names, HZ_COUNT);
  if (i < 0) return -1;
  *out = (enum horizon)i;
  return 0;
}

int rice_check(const struct rice *r, struct keel_err *e) {
  if (!r->set) return KEEL_OK;
  if (!isfinite(r->reach) || r->reach < 0 || r->reach > RICE_REACH_MAX)
    return err_set(e, KEEL_EINVAL, "rice.reach", "rice.reach must be between 0 and %d people per quarter",
                   RICE_REACH_MAX);
  static const double impacts[] = {0.25, 0.5, 1, 2, 3};
  int ok = 0;
  for (size_t i = 0; i < sizeof impacts / sizeof impacts[0]; i++)
    if (r->impact == impacts[i]) ok = 1;
  if (!ok)
    return err_set(e, KEEL_EINVAL, "rice.impact",
                   "rice.impact must be 0.25 (minimal), 0.5 (low), 1 (medium), 2 (high) or 3 (massive)");
  if (!isfinite(r->confidence) || r->confidence < 0 || r->confidence > 100)
    return err_set(e, KEEL_EINVAL, "rice.confidence", "rice.confidence must be a percentage from 0 to 100");
  if (!isfinite(r->effort) || r->effort <= 0 || r->effort > RICE_EFFORT_MAX)
    return err_set(e, KEEL_EINVAL, "rice.effort",
                   "rice.effort must be more than 0 and at most %d person-months", RICE_EFFORT_MAX);
  return KEEL_OK;
}

int ice_check(const struct ice *i, struct keel_err *e) {
  if (!i->set) return KEEL_OK;
  if (i->impact < 1 || i->impact > 10) return err_set(e, KEEL_EINVAL, "ice.impact", "ice.impact must be from 1 to 10");
  if (i->confidence < 1 || i->confidence > 10)
    return err_set(e, KEEL_EINVAL, "ice.confidence", "ice.confidence must be from 1 to 10");
  if (i->ease < 1 || i->ease > 10) return err_set(e, KEEL_EINVAL, "ice.ease", "ice.ease must be from 1 to 10");
  return KEEL_OK;
}

int feature_check(const struct feature *f, struct keel_err *e) {
  int rc = text_check_line("title", f->title, TITLE_MAX_CHARS, 1, e);
  if (!rc) rc = text_check_body("description", f->description, DESCRIPTION_MAX_BYTES, 0, e);
  if (!rc && (f->status < 0 || f->status >= FS_COUNT)) rc = err_set(e, KEEL_EINVAL, "status", "unknown status");
  if (!rc && (f->horizon < 0 || f->horizon >= HZ_COUNT)) rc = err_set(e, KEEL_EINVAL, "horizon", "unknown horizon");
  if (!rc) rc = rice_check(&f->rice, e);
  if (!rc) rc = ice_check(&f->ice, e);
  return rc;
}

int feature_key_parse(const char *key, char *product_key, int64_t *number) {
  if (!key) return -1;
  const char *dash = strrchr(key, '-');
  if (!dash || dash == key || (size_t)(dash - key) > PRODUCT_KEY_MAX) return -1;
  const char *digits = dash + 1;
  size_t nd = strlen(digits);
  if (nd == 0 || nd > 15 || strspn(digits, "0123456789") != nd || digits[0] == '0') return -1;
  memcpy(product_key, key, (size_t)(dash - key));
  product_key[dash - key] = '\0';
  if (product_key_check(product_key, NULL)) return -1;
  *number = strtoll(digits, NULL, 10);
  return 0;
}

const char *feature_key_format(arena *a, const char *product_key, int64_t number) {
  char digits[24];
  size_t nd = 0;
  uint64_t u = number < 0 ? 0 : (uint64_t)number;
  do {
    digits[nd++] = (char)('0' + u % 10);
    u /= 10;
  } while (u);
  size_t pl = strlen(product_key);
  char *k = arena_alloc(a, pl + 1 + nd + 1);
  memcpy(k, product_key, pl);
  k[pl] = '-';
  for (size_t i = 0; i < nd; i++) k[pl + 1 + i] = digits[nd - 1 - i];
  k[pl + 1 + nd] = '\0';
  return k;
}
