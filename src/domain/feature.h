/* feature.h — a feature: something the team may build, scored and ranked.
 *
 * A feature has a key made of its product's key and a number ("PAY-12"), a
 * status in its life cycle, a horizon on the Now / Next / Later board, a manual
 * rank within its product, and optional RICE and ICE inputs. */
#ifndef KEEL_DOMAIN_FEATURE_H
#define KEEL_DOMAIN_FEATURE_H

#include <stdint.h>

#include "core/arena.h"
#include "core/err.h"
#include "domain/product.h"

enum feature_status { FS_CANDIDATE, FS_PLANNED, FS_IN_PROGRESS, FS_SHIPPED, FS_ARCHIVED, FS_COUNT };
enum horizon { HZ_NOW, HZ_NEXT, HZ_LATER, HZ_UNPLANNED, HZ_COUNT };

enum { FEATURE_KEY_MAX = PRODUCT_KEY_MAX + 21 };

/* RICE (Intercom): reach per quarter, impact on the 0.25/0.5/1/2/3 scale,
 * confidence in percent, effort in person-months. */
struct rice {
  int set; /* 0: not scored */
  double reach, impact, confidence, effort;
};

/* ICE: impact, confidence and ease, each 1–10. */
struct ice {
  int set;
  int impact, confidence, ease;
};

enum { RICE_REACH_MAX = 1000000000, RICE_EFFORT_MAX = 1000 };

struct feature {
  int64_t id;
  int64_t product_id;
  const char *product_key;
  int64_t number;
  const char *key; /* "PAY-12" */
  const char *title;
  const char *description; /* Markdown, may be "" */
  enum feature_status status;
  enum horizon horizon;
  int64_t rank; /* smaller comes first; see domain/rank.h */
  struct rice rice;
  struct ice ice;
  int64_t created_by;
  const char *created_by_name;
  int64_t created_at, updated_at, version;
  int64_t idea_count; /* linked ideas (read-only, filled by the store) */
  int64_t vote_count; /* votes on linked ideas (read-only) */
};

/* Name/parse pairs. Parsers return 0 and *out, or -1 for an unknown name. */
const char *feature_status_name(enum feature_status s);
const char *feature_status_label(enum feature_status s); /* "In progress" */
int feature_status_parse(const char *s, enum feature_status *out);
const char *horizon_name(enum horizon h);
const char *horizon_label(enum horizon h); /* "Now" */
int horizon_parse(const char *s, enum horizon *out);

/* Checks RICE inputs: reach 0..RICE_REACH_MAX, impact one of 0.25/0.5/1/2/3,
 * confidence 0..100, effort > 0 and <= RICE_EFFORT_MAX. Fields are named
 * "rice.reach" etc. Returns KEEL_OK or KEEL_EINVAL. Unset inputs pass. */
int rice_check(const struct rice *r, struct keel_err *e);

/* Checks ICE inputs (each 1..10), fields "ice.impact" etc. */
int ice_check(const struct ice *i, struct keel_err *e);

/* Checks a feature's user-editable fields (title, description, scores). */
int feature_check(const struct feature *f, struct keel_err *e);

/* Returns "PAY-12" for product key PAY and number 12, in the arena. */
const char *feature_key_format(arena *a, const char *product_key, int64_t number);

/* Splits "PAY-12" into product key and number. Returns 0, or -1 when key is
 * not of that form. product_key must hold PRODUCT_KEY_MAX + 1 bytes. */
int feature_key_parse(const char *key, char *product_key, int64_t *number);

#endif
