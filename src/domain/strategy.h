/* strategy.h — a product's strategy: its vision (kept as numbered revisions),
 * personas with their empathy maps, and objectives with key results per
 * quarter. Pure rules: field tables, checks and the progress arithmetic. */
#ifndef KEEL_DOMAIN_STRATEGY_H
#define KEEL_DOMAIN_STRATEGY_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

enum {
  VISION_FIELD_MAX_BYTES = 16 * 1024, /* each vision field, Markdown */
  PERSONA_NAME_MAX = 120,
  PERSONA_FIELD_MAX_BYTES = 8 * 1024,
  OBJECTIVE_TITLE_MAX = 200,
  KR_TITLE_MAX = 200,
  KR_METRIC_MAX = 120,
  KR_UNIT_MAX = 20,
  VISION_NFIELDS = 7,
  PERSONA_NFIELDS = 7,
};

/* Metric values are kept well inside the range where doubles are exact
 * enough to compare and subtract. */
#define KR_VALUE_MAX 1e15

/* ---- vision ---- */

/* One revision of a product's vision. fields[] follows vision_field_names. */
struct vision {
  int64_t id, product_id;
  int64_t revision; /* 1, 2, ... ; 0: the product has no vision yet */
  const char *fields[VISION_NFIELDS];
  const char *reason; /* why this revision was made; "" for the first */
  int64_t author_id;
  const char *author_name; /* read-only */
  int64_t created_at;
};

/* The vision fields in order: "why", "how", "what", "value_proposition",
 * "target_personas", "differentiation", "alignment". */
extern const char *const vision_field_names[VISION_NFIELDS];
/* Their labels for people ("Why it exists", ...). */
extern const char *const vision_field_labels[VISION_NFIELDS];

/* Returns the index of the vision field called name, or -1. */
int vision_field_index(const char *name);

/* Checks a new revision: every field valid UTF-8 up to VISION_FIELD_MAX_BYTES;
 * a reason (1..REASON_MAX_CHARS) required when v->revision > 1. Returns
 * KEEL_OK or KEEL_EINVAL naming the field. */
int vision_check(const struct vision *v, struct keel_err *e);

/* Returns 1 when field i differs between a and b. */
int vision_field_changed(const struct vision *a, const struct vision *b, int i);

/* ---- personas ---- */

struct persona {
  int64_t id, product_id;
  const char *product_key; /* read-only */
  const char *name;
  const char *fields[PERSONA_NFIELDS]; /* as persona_field_names */
  int64_t created_at, updated_at, version;
  int64_t feature_count; /* read-only: features serving this persona */
};

/* "description", "says", "thinks", "does", "feels", "goals", "pains". */
extern const char *const persona_field_names[PERSONA_NFIELDS];
extern const char *const persona_field_labels[PERSONA_NFIELDS];
enum { PERSONA_DESCRIPTION, PERSONA_SAYS, PERSONA_THINKS, PERSONA_DOES, PERSONA_FEELS, PERSONA_GOALS, PERSONA_PAINS };

/* Returns the index of the persona field called name, or -1. */
int persona_field_index(const char *name);

/* Checks a persona: name 1..PERSONA_NAME_MAX characters; fields up to
 * PERSONA_FIELD_MAX_BYTES. Returns KEEL_OK or KEEL_EINVAL naming the field. */
int persona_check(const struct persona *p, struct keel_err *e);

/* ---- objectives and key results ---- */

enum objective_status { OBJ_ACTIVE, OBJ_ACHIEVED, OBJ_MISSED, OBJ_DROPPED, OBJ_STATUS_COUNT };

/* "active", "achieved", "missed", "dropped". */
const char *objective_status_name(enum objective_status s);
/* Returns 0 with *out, or -1 for an unknown name. */
int objective_status_parse(const char *s, enum objective_status *out);

struct key_result {
  int64_t id, objective_id;
  const char *title, *metric, *unit;
  double baseline, target, current;
  int64_t created_at, updated_at, version;
};

struct kr_checkin {
  int64_t id, key_result_id;
  double value;
  const char *comment;
  int64_t author_id;
  const char *author_name; /* read-only */
  int64_t at;
};

struct objective {
  int64_t id, product_id;
  const char *product_key; /* read-only */
  const char *period;      /* "2026-Q4" */
  const char *title, *description;
  int64_t owner_id;
  const char *owner_name; /* read-only, "" when none */
  enum objective_status status;
  int64_t created_at, updated_at, version;
};

/* Checks an objective: period a quarter ("2026-Q4"), title 1..OBJECTIVE_TITLE_MAX
 * characters, description up to DESCRIPTION_MAX_BYTES. KEEL_OK or KEEL_EINVAL. */
int objective_check(const struct objective *o, struct keel_err *e);

/* Checks a key result: title required, metric and unit lengths, finite values
 * within +-KR_VALUE_MAX, and target != baseline (field "target"). */
int kr_check(const struct key_result *k, struct keel_err *e);

/* Checks a check-in's value (finite, within +-KR_VALUE_MAX, field "value") and
 * comment (up to COMMENT_MAX_BYTES). */
int kr_checkin_check(const struct kr_checkin *c, struct keel_err *e);

/* Returns a key result's progress in percent: 100 * (current - baseline) /
 * (target - baseline). Works for falling metrics (target < baseline) too; can
 * be below 0 or above 100 (see kr_progress_clamped). 0 when target == baseline. */
double kr_progress(const struct key_result *k);

/* Returns p limited to 0..100. */
double progress_clamp(double p);

/* Returns the mean of the clamped progress of krs[0..n), or 0 when n is 0
 * (an objective's progress). */
double objective_progress(const struct key_result *krs, size_t n);

/* ---- initiatives (themes linking objectives to features) ---- */

enum { INITIATIVE_NAME_MAX = 120 };

struct initiative {
  int64_t id, product_id;
  const char *product_key; /* read-only */
  const char *name, *description;
  int64_t created_at, updated_at, version;
  int64_t feature_count, objective_count; /* read-only */
};

/* Checks an initiative: name 1..INITIATIVE_NAME_MAX characters, description up
 * to DESCRIPTION_MAX_BYTES. KEEL_OK or KEEL_EINVAL naming the field. */
int initiative_check(const struct initiative *i, struct keel_err *e);

#endif
