/* competitor.h — competitors of a product (strengths, weaknesses, website)
 * and the capabilities compared between them and us, each at a level:
 * 0 none, 1 partial, 2 on par, 3 leading. */
#ifndef KEEL_DOMAIN_COMPETITOR_H
#define KEEL_DOMAIN_COMPETITOR_H

#include <stdint.h>

#include "core/err.h"

enum {
  COMPETITOR_NAME_MAX = 120,
  COMPETITOR_WEBSITE_MAX = 300,
  COMPETITOR_TEXT_MAX_BYTES = 8 * 1024,
  CAPABILITY_NAME_MAX = 120,
  CAPABILITY_NOTE_MAX = 300,
  LEVEL_MIN = 0,
  LEVEL_MAX = 3,
};

struct competitor {
  int64_t id, product_id;
  const char *product_key; /* read-only */
  const char *name, *website, *strengths, *weaknesses;
  int64_t created_at, updated_at, version;
};

struct capability {
  int64_t id, product_id;
  const char *name;
  int ours; /* LEVEL_MIN..LEVEL_MAX */
  const char *note;
  int64_t created_at, updated_at, version;
};

/* A competitor's level at a capability. */
struct capability_level {
  int64_t competitor_id, capability_id;
  int level;
  const char *note;
};

/* "none", "partial", "on par", "leading" (level 0..3); "?" out of range. */
const char *capability_level_label(int level);

/* Reads a level: "0".."3" or "none", "partial", "on-par" / "on par" /
 * "on_par", "leading". Returns 0 with *out, or -1. */
int capability_level_parse(const char *s, int *out);

/* Checks a competitor: name 1..COMPETITOR_NAME_MAX characters; website empty
 * or an http:// or https:// address; strengths and weaknesses up to
 * COMPETITOR_TEXT_MAX_BYTES. KEEL_OK or KEEL_EINVAL naming the field. */
int competitor_check(const struct competitor *c, struct keel_err *e);

/* Checks a capability: name required, ours within LEVEL_MIN..LEVEL_MAX (field
 * "ours"), note length. */
int capability_check(const struct capability *c, struct keel_err *e);

/* Checks a level (field names it). */
int capability_level_check(const char *field, int level, struct keel_err *e);

#endif
