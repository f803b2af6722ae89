/* strategy.c — the vision's fields and checks, personas, objectives and the
 * progress arithmetic of key results. */
#include "domain/strategy.h"

#include <math.h>
#include <string.h>

#include "domain/period.h"
#include "domain/text.h"

const char *const vision_field_names[VISION_NFIELDS] = {
    "why", "how", "what", "value_proposition", "target_personas", "differentiation", "alignment"};
const char *const vision_field_labels[VISION_NFIELDS] = {
    "Why it exists", "How it will get there", "What it is", "Value proposition",
    "Target personas", "Differentiation", "Strategic alignment"};

const char *const persona_field_names[PERSONA_NFIELDS] = {"description", "says", "thinks", "does",
                                                          "feels", "goals", "pains"};
const char *const persona_field_labels[PERSONA_NFIELDS] = {"Description", "Says", "Thinks", "Does",
                                                           "Feels", "Goals", "Pains"};

static int index_of(const char *const *names, int n, const char *name) {
  if (!name) return -1;
  for (int i = 0; i < n; i++)
    if (strcmp(names[i], name) == 0) return i;
  return -1;
}

int vision_field_index(const char *name) { return index_of(vision_field_names, VISION_NFIELDS, name); }

int persona_field_index(const char *name) { return index_of(persona_field_names, PERSONA_NFIELDS, name); }

int vision_check(const struct vision *v, struct keel_err *e) {
  for (int i = 0; i < VISION_NFIELDS; i++) {
    int rc = text_check_body(vision_field_names[i], v->fields[i], VISION_FIELD_MAX_BYTES, 0, e);
    if (rc) return rc;
  }
  int rc = text_check_line("reason", v->reason, REASON_MAX_CHARS, v->revision > 1, e);
  if (rc && v->revision > 1 && (!v->reason || !*v->reason))
    return err_set(e, KEEL_EINVAL, "reason", "say why the vision changes (reason)");
  return rc;
}

int vision_field_changed(const struct vision *a, const struct vision *b, int i) {
  const char *x = a->fields[i] ? a->fields[i] : "", *y = b->fields[i] ? b->fields[i] : "";
  return strcmp(x, y) != 0;
}

int persona_check(const struct persona *p, struct keel_err *e) {
  int rc = text_check_line("name", p->name, PERSONA_NAME_MAX, 1, e);
  for (int i = 0; !rc && i < PERSONA_NFIELDS; i++)
    rc = text_check_body(persona_field_names[i], p->fields[i], PERSONA_FIELD_MAX_BYTES, 0, e);
  return rc;
}

static const char *const status_names[OBJ_STATUS_COUNT] = {"active", "achieved", "missed", "dropped"};

const char *objective_status_name(enum objective_status s) {
  return (unsigned)s < OBJ_STATUS_COUNT ? status_names[s] : "active";
}

int objective_status_parse(const char *s, enum objective_status *out) {
  int i = index_of(status_names, OBJ_STATUS_COUNT, s);
  if (i < 0) return -1;
  *out = (enum objective_status)i;
  return 0;
}

int objective_check(const struct objective *o, struct keel_err *e) {
  struct period p;
  if (!o->period || period_parse(o->period, &p) != 0)
    return err_set(e, KEEL_EINVAL, "period", "period must be a quarter like 2026-Q4");
  int rc = text_check_line("title", o->title, OBJECTIVE_TITLE_MAX, 1, e);
  if (!rc) rc = text_check_body("description", o->description, DESCRIPTION_MAX_BYTES, 0, e);
  if (!rc && (unsigned)o->status >= OBJ_STATUS_COUNT)
    rc = err_set(e, KEEL_EINVAL, "status", "status must be active, achieved, missed or dropped");
  return rc;
}

static int value_check(const char *field, double v, struct keel_err *e) {
  if (!isfinite(v) || fabs(v) > KR_VALUE_MAX)
    return err_set(e, KEEL_EINVAL, field, "%s must be a number between -1e15 and 1e15", field);
  return KEEL_OK;
}

int kr_check(const struct key_result *k, struct keel_err *e) {
  int rc = text_check_line("title", k->title, KR_TITLE_MAX, 1, e);
  if (!rc) rc = text_check_line("metric", k->metric, KR_METRIC_MAX, 0, e);
  if (!rc) rc = text_check_line("unit", k->unit, KR_UNIT_MAX, 0, e);
  if (!rc) rc = value_check("baseline", k->baseline, e);
  if (!rc) rc = value_check("target", k->target, e);
  if (!rc) rc = value_check("current", k->current, e);
  if (!rc && k->target == k->baseline)
    rc = err_set(e, KEEL_EINVAL, "target", "the target must differ from the baseline");
  return rc;
}

int kr_checkin_check(const struct kr_checkin *c, struct keel_err *e) {
  int rc = value_check("value", c->value, e);
  if (!rc) rc = text_check_body("comment", c->comment, COMMENT_MAX_BYTES, 0, e);
  return rc;
}

double kr_progress(const struct key_result *k) {
  double span = k->target - k->baseline;
  if (span == 0) return 0;
  return 100.0 * (k->current - k->baseline) / span;
}

double progress_clamp(double p) {
  if (!(p > 0)) return 0;
  return p > 100 ? 100 : p;
}

double objective_progress(const struct key_result *krs, size_t n) {
  if (!n) return 0;
  double sum = 0;
  for (size_t i = 0; i < n; i++) sum += progress_clamp(kr_progress(&krs[i]));
  return sum / (double)n;
}

int initiative_check(const struct initiative *i, struct keel_err *e) {
  int rc = text_check_line("name", i->name, INITIATIVE_NAME_MAX, 1, e);
  if (!rc) rc = text_check_body("description", i->description, DESCRIPTION_MAX_BYTES, 0, e);
  return rc;
}
