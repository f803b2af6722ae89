/* frameworks.c — WSJF, weighted criteria, value vs effort, MoSCoW and Kano:
 * inputs, ranges, scores, displayed values and the arithmetic.
 *
 * Conventions and sources:
 * - WSJF (SAFe, Scaled Agile Framework, "Weighted Shortest Job First",
 *   framework.scaledagile.com/wsjf; after Reinertsen, The Principles of
 *   Product Development Flow, 2009): cost of delay = user-business value +
 *   time criticality + risk reduction / opportunity enablement, each and the
 *   job size estimated relatively on SAFe's modified Fibonacci scale 1, 2, 3,
 *   5, 8, 13, 20; WSJF = cost of delay ÷ job size. SAFe defines the formula
 *   and the scale but no rounding; Keel displays one decimal place, as WSJF
 *   worksheets commonly do, rounded half up from the exact fraction (the
 *   inputs are whole numbers, so the rounding is done on integers and an
 *   exact x.x5 always rounds up). The API also returns the exact value.
 * - Value vs effort: value ÷ effort, each 1..10; shown to two decimals,
 *   rounded the same way.
 * - MoSCoW (Clegg, DSDM): must, should, could, won't; score 4..1.
 * - Kano: categories from a functional / dysfunctional answer pair through
 *   the standard evaluation table (Berger et al., "Kano's methods for
 *   understanding customer-defined quality", Center for Quality Management
 *   Journal 2(4), 1993). Score (the order Berger et al. recommend serving
 *   them in): must-be 5, performance 4, attractive 3, indifferent 2,
 *   questionable 1, reverse 0.
 * - Weighted criteria: sum(weight × value) ÷ sum(weight), values 0..10. */
#include "domain/frameworks.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "domain/feature.h"
#include "domain/score.h"
#include "domain/text.h"

const int wsjf_scale[WSJF_SCALE_N] = {1, 2, 3, 5, 8, 13, 20};

static const char *const fw_names[FW_COUNT] = {"rice", "ice", "wsjf", "weighted", "value_effort", "moscow", "kano"};
static const char *const fw_labels[FW_COUNT] = {"RICE", "ICE", "WSJF", "Weighted criteria", "Value vs effort",
                                                "MoSCoW", "Kano"};
static const char *const kano_names[KANO_COUNT] = {"reverse", "questionable", "indifferent",
                                                   "attractive", "performance", "must_be"};
static const char *const answer_names[KA_COUNT] = {"like", "expect", "neutral", "live_with", "dislike"};
static const char *const moscow_names[] = {"", "wont", "could", "should", "must"};

/* The Kano evaluation table: rows are the functional answer, columns the
 * dysfunctional one, both in the order like, expect (must-be), neutral,
 * live with, dislike. */
#define Q KANO_QUESTIONABLE
#define A KANO_ATTRACTIVE
#define P KANO_PERFORMANCE
#define R KANO_REVERSE
#define I KANO_INDIFFERENT
#define M KANO_MUST_BE
static const enum kano kano_table[KA_COUNT][KA_COUNT] = {
    {Q, A, A, A, P}, /* like */
    {R, I, I, I, M}, /* expect */
    {R, I, I, I, M}, /* neutral */
    {R, I, I, I, M}, /* live with */
    {R, R, R, R, Q}, /* dislike */
};
#undef Q
#undef A
#undef P
#undef R
#undef I
#undef M

const char *framework_name(enum framework f) { return f >= 0 && f < FW_COUNT ? fw_names[f] : ""; }
const char *framework_label(enum framework f) { return f >= 0 && f < FW_COUNT ? fw_labels[f] : ""; }

static int parse_name(const char *s, const char *const *names, int n, int *out) {
  if (!s) return -1;
  for (int i = 0; i < n; i++)
    if (*names[i] && strcmp(s, names[i]) == 0) {
      *out = i;
      return 0;
    }
  return -1;
}

int framework_parse(const char *s, enum framework *out) {
  int i;
  if (parse_name(s, fw_names, FW_COUNT, &i)) return -1;
  *out = (enum framework)i;
  return 0;
}

int framework_in_table(enum framework f) { return f != FW_RICE && f != FW_ICE; }

enum kano kano_evaluate(enum kano_answer functional, enum kano_answer dysfunctional) {
  return kano_table[functional][dysfunctional];
}
const char *kano_name(enum kano k) { return k >= 0 && k < KANO_COUNT ? kano_names[k] : ""; }
int kano_parse(const char *s, enum kano *out) {
  int i;
  if (parse_name(s, kano_names, KANO_COUNT, &i)) return -1;
  *out = (enum kano)i;
  return 0;
}
const char *kano_answer_name(enum kano_answer a) { return a >= 0 && a < KA_COUNT ? answer_names[a] : ""; }
int kano_answer_parse(const char *s, enum kano_answer *out) {
  int i;
  if (parse_name(s, answer_names, KA_COUNT, &i)) return -1;
  *out = (enum kano_answer)i;
  return 0;
}
const char *moscow_name(enum moscow m) { return m >= MOSCOW_WONT && m <= MOSCOW_MUST ? moscow_names[m] : ""; }
int moscow_parse(const char *s, enum moscow *out) {
  int i;
  if (parse_name(s, moscow_names, 5, &i)) return -1;
  *out = (enum moscow)i;
  return 0;
}

int wsjf_on_scale(int v) {
  for (int i = 0; i < WSJF_SCALE_N; i++)
    if (wsjf_scale[i] == v) return 1;
  return 0;
}

double wsjf_score(const struct wsjf *w) {
  return (double)(w->business_value + w->time_criticality + w->risk_reduction) / w->job_size;
}

/* ---- reading name/value pairs ---- */

/* What one framework takes: names, and whether each is a whole number (kind 0),
 * any number (1) or text (2). */
struct spec {
  const char *name;
  int kind;
};

static const struct spec *find_pair_spec(const struct spec *s, size_t n, const char *name) {
  for (size_t i = 0; i < n; i++)
    if (strcmp(s[i].name, name) == 0) return &s[i];
  return NULL;
}

/* Looks up name in pairs: returns it or NULL. */
static const struct fw_pair *get(const struct fw_pair *p, size_t n, const char *name) {
  for (size_t i = 0; i < n; i++)
    if (strcmp(p[i].name, name) == 0) return &p[i];
  return NULL;
}

/* Checks pairs against the spec: unknown, duplicate, wrong type. Missing
 * required ones are checked by the caller (Kano takes one of two shapes). */
static int check_pairs(const struct fw_pair *p, size_t n, const struct spec *s, size_t ns, struct keel_err *e) {
  for (size_t i = 0; i < n; i++) {
    const struct spec *sp = find_pair_spec(s, ns, p[i].name);
    if (!sp) return err_set(e, KEEL_EUNKNOWN, p[i].name, "unknown input %s", p[i].name);
    for (size_t j = 0; j < i; j++)
      if (strcmp(p[j].name, p[i].name) == 0) return err_set(e, KEEL_EINVAL, p[i].name, "%s is given twice", p[i].name);
    if (sp->kind == 2 && p[i].is_num) return err_set(e, KEEL_EINVAL, p[i].name, "%s must be a name, not a number", p[i].name);
    if (sp->kind != 2 && !p[i].is_num) return err_set(e, KEEL_EINVAL, p[i].name, "%s must be a number", p[i].name);
    if (sp->kind != 2 && !isfinite(p[i].num)) return err_set(e, KEEL_EINVAL, p[i].name, "%s must be a number", p[i].name);
  }
  return KEEL_OK;
}

/* Reads a required whole number in [lo, hi]. */
static int need_int(const struct fw_pair *p, size_t n, const char *name, int lo, int hi, int *out, struct keel_err *e) {
  const struct fw_pair *v = get(p, n, name);
  if (!v) return err_set(e, KEEL_EINVAL, name, "%s is required", name);
  if (v->num != floor(v->num) || v->num < lo || v->num > hi)
    return err_set(e, KEEL_EINVAL, name, "%s must be a whole number from %d to %d", name, lo, hi);
  *out = (int)v->num;
  return KEEL_OK;
}

static int need_num(const struct fw_pair *p, size_t n, const char *name, double *out, struct keel_err *e) {
  const struct fw_pair *v = get(p, n, name);
  if (!v) return err_set(e, KEEL_EINVAL, name, "%s is required", name);
  *out = v->num;
  return KEEL_OK;
}

static int need_fib(const struct fw_pair *p, size_t n, const char *name, int *out, struct keel_err *e) {
  const struct fw_pair *v = get(p, n, name);
  if (!v) return err_set(e, KEEL_EINVAL, name, "%s is required", name);
  if (v->num != floor(v->num) || v->num < 1 || v->num > 20 || !wsjf_on_scale((int)v->num))
    return err_set(e, KEEL_EINVAL, name, "%s must be on the scale 1, 2, 3, 5, 8, 13, 20", name);
  *out = (int)v->num;
  return KEEL_OK;
}

static int parse_wsjf(const struct fw_pair *p, size_t n, struct fw_inputs *o, struct keel_err *e) {
  static const struct spec s[] = {{"business_value", 0}, {"time_criticality", 0}, {"risk_reduction", 0}, {"job_size", 0}};
  int rc = check_pairs(p, n, s, 4, e);
  if (!rc) rc = need_fib(p, n, "business_value", &o->wsjf.business_value, e);
  if (!rc) rc = need_fib(p, n, "time_criticality", &o->wsjf.time_criticality, e);
  if (!rc) rc = need_fib(p, n, "risk_reduction", &o->wsjf.risk_reduction, e);
  if (!rc) rc = need_fib(p, n, "job_size", &o->wsjf.job_size, e);
  return rc;
}

static int parse_value_effort(const struct fw_pair *p, size_t n, struct fw_inputs *o, struct keel_err *e) {
  static const struct spec s[] = {{"value", 0}, {"effort", 0}};
  int rc = check_pairs(p, n, s, 2, e);
  if (!rc) rc = need_int(p, n, "value", VALUE_EFFORT_MIN, VALUE_EFFORT_MAX, &o->value, e);
  if (!rc) rc = need_int(p, n, "effort", VALUE_EFFORT_MIN, VALUE_EFFORT_MAX, &o->effort, e);
  return rc;
}

static int parse_moscow(const struct fw_pair *p, size_t n, struct fw_inputs *o, struct keel_err *e) {
  static const struct spec s[] = {{"category", 2}};
  int rc = check_pairs(p, n, s, 1, e);
  if (rc) return rc;
  const struct fw_pair *c = get(p, n, "category");
  if (!c) return err_set(e, KEEL_EINVAL, "category", "category is required (must, should, could or wont)");
  if (moscow_parse(c->str, &o->moscow))
    return err_set(e, KEEL_EINVAL, "category", "category must be must, should, could or wont");
  return KEEL_OK;
}

static int parse_kano(const struct fw_pair *p, size_t n, struct fw_inputs *o, struct keel_err *e) {
  static const struct spec s[] = {{"category", 2}, {"functional", 2}, {"dysfunctional", 2}};
  int rc = check_pairs(p, n, s, 3, e);
  if (rc) return rc;
  const struct fw_pair *c = get(p, n, "category"), *f = get(p, n, "functional"), *d = get(p, n, "dysfunctional");
  if (c) {
    if (f || d)
      return err_set(e, KEEL_EINVAL, f ? "functional" : "dysfunctional",
                     "give either a category or the functional and dysfunctional answers, not both");
    if (kano_parse(c->str, &o->kano))
      return err_set(e, KEEL_EINVAL, "category",
                     "category must be must_be, performance, attractive, indifferent, reverse or questionable");
    return KEEL_OK;
  }
  if (!f) return err_set(e, KEEL_EINVAL, "functional", "functional is required (or give a category)");
  if (!d) return err_set(e, KEEL_EINVAL, "dysfunctional", "dysfunctional is required (or give a category)");
  if (kano_answer_parse(f->str, &o->functional))
    return err_set(e, KEEL_EINVAL, "functional", "functional must be like, expect, neutral, live_with or dislike");
  if (kano_answer_parse(d->str, &o->dysfunctional))
    return err_set(e, KEEL_EINVAL, "dysfunctional", "dysfunctional must be like, expect, neutral, live_with or dislike");
  o->kano_answers = 1;
  o->kano = kano_evaluate(o->functional, o->dysfunctional);
  return KEEL_OK;
}

static int parse_rice(const struct fw_pair *p, size_t n, struct fw_inputs *o, struct keel_err *e) {
  static const struct spec s[] = {{"reach", 1}, {"impact", 1}, {"confidence", 1}, {"effort", 1}};
  int rc = check_pairs(p, n, s, 4, e);
  if (!rc) rc = need_num(p, n, "reach", &o->rice_reach, e);
  if (!rc) rc = need_num(p, n, "impact", &o->rice_impact, e);
  if (!rc) rc = need_num(p, n, "confidence", &o->rice_confidence, e);
  if (!rc) rc = need_num(p, n, "effort", &o->rice_effort, e);
  if (rc) return rc;
  struct rice r = {1, o->rice_reach, o->rice_impact, o->rice_confidence, o->rice_effort};
  return rice_check(&r, e);
}

static int parse_ice(const struct fw_pair *p, size_t n, struct fw_inputs *o, struct keel_err *e) {
  static const struct spec s[] = {{"impact", 0}, {"confidence", 0}, {"ease", 0}};
  int rc = check_pairs(p, n, s, 3, e);
  if (!rc) rc = need_int(p, n, "impact", 1, 10, &o->ice_impact, e);
  if (!rc) rc = need_int(p, n, "confidence", 1, 10, &o->ice_confidence, e);
  if (!rc) rc = need_int(p, n, "ease", 1, 10, &o->ice_ease, e);
  return rc;
}

int fw_parse(enum framework fw, const struct fw_pair *pairs, size_t n, struct fw_inputs *out, struct keel_err *e) {
  memset(out, 0, sizeof *out);
  out->fw = fw;
  if (n > FW_PAIRS_MAX) return err_set(e, KEEL_EINVAL, "inputs", "at most %d inputs", FW_PAIRS_MAX);
  switch (fw) {
  case FW_WSJF: return parse_wsjf(pairs, n, out, e);
  case FW_VALUE_EFFORT: return parse_value_effort(pairs, n, out, e);
  case FW_MOSCOW: return parse_moscow(pairs, n, out, e);
  case FW_KANO: return parse_kano(pairs, n, out, e);
  case FW_RICE: return parse_rice(pairs, n, out, e);
  case FW_ICE: return parse_ice(pairs, n, out, e);
  default: return err_set(e, KEEL_EINVAL, "framework", "weighted scores are read against the product's criteria");
  }
}

/* Kano categories in serving order (see the top of this file). */
static double kano_order(enum kano k) {
  static const double order[KANO_COUNT] = {0, 1, 2, 3, 4, 5};
  return order[k];
}

double fw_score(const struct fw_inputs *in) {
  switch (in->fw) {
  case FW_WSJF: return wsjf_score(&in->wsjf);
  case FW_VALUE_EFFORT: return (double)in->value / in->effort;
  case FW_MOSCOW: return (double)in->moscow;
  case FW_KANO: return kano_order(in->kano);
  case FW_RICE: {
    struct rice r = {1, in->rice_reach, in->rice_impact, in->rice_confidence, in->rice_effort};
    return score_rice(&r);
  }
  case FW_ICE: {
    struct ice i = {1, in->ice_impact, in->ice_confidence, in->ice_ease};
    return score_ice(&i);
  }
  default: return 0;
  }
}

const char *fw_label(const struct fw_inputs *in) {
  if (in->fw == FW_MOSCOW) return moscow_name(in->moscow);
  if (in->fw == FW_KANO) return kano_name(in->kano);
  return "";
}

void fw_ratio_display(buf *b, int64_t num, int64_t den, int decimals) {
  if (decimals < 0) decimals = 0;
  if (decimals > FW_DECIMALS_MAX) decimals = FW_DECIMALS_MAX;
  int64_t scale = 1;
  for (int i = 0; i < decimals; i++) scale *= 10;
  int64_t q = (2 * num * scale + den) / (2 * den); /* round half up, exactly */
  int64_t whole = q / scale, frac = q % scale;
  buf_printf(b, "%lld", (long long)whole);
  if (frac) {
    char digits[FW_DECIMALS_MAX + 1];
    int len = decimals;
    for (int i = decimals - 1; i >= 0; i--, frac /= 10) digits[i] = (char)('0' + frac % 10);
    while (len && digits[len - 1] == '0') len--;
    digits[len] = '\0';
    buf_printf(b, ".%s", digits);
  }
}

void fw_display(buf *b, const struct fw_inputs *in) {
  const struct wsjf *w = &in->wsjf;
  switch (in->fw) {
  case FW_WSJF: fw_ratio_display(b, w->business_value + w->time_criticality + w->risk_reduction, w->job_size, 1); break;
  case FW_VALUE_EFFORT: fw_ratio_display(b, in->value, in->effort, 2); break;
  case FW_MOSCOW:
  case FW_KANO: buf_puts(b, fw_label(in)); break;
  default: score_display(b, fw_score(in)); break;
  }
}

void fw_explain(buf *b, const struct fw_inputs *in) {
  const struct wsjf *w = &in->wsjf;
  switch (in->fw) {
  case FW_WSJF:
    buf_printf(b, "(%d + %d + %d) ÷ %d = ", w->business_value, w->time_criticality, w->risk_reduction, w->job_size);
    fw_display(b, in);
    break;
  case FW_VALUE_EFFORT:
    buf_printf(b, "%d value ÷ %d effort = ", in->value, in->effort);
    fw_display(b, in);
    break;
  case FW_MOSCOW: buf_printf(b, "%s = %d of 4", moscow_name(in->moscow), (int)in->moscow); break;
  case FW_KANO:
    if (in->kano_answers)
      buf_printf(b, "functional %s, dysfunctional %s → %s = %d of 5", kano_answer_name(in->functional),
                 kano_answer_name(in->dysfunctional), kano_name(in->kano), (int)kano_order(in->kano));
    else buf_printf(b, "%s = %d of 5", kano_name(in->kano), (int)kano_order(in->kano));
    break;
  case FW_RICE: {
    struct rice r = {1, in->rice_reach, in->rice_impact, in->rice_confidence, in->rice_effort};
    score_rice_explain(b, &r);
    break;
  }
  case FW_ICE: {
    struct ice i = {1, in->ice_impact, in->ice_confidence, in->ice_ease};
    score_ice_explain(b, &i);
    break;
  }
  default: break;
  }
}

void fw_inputs_json(buf *b, const struct fw_inputs *in) {
  const struct wsjf *w = &in->wsjf;
  switch (in->fw) {
  case FW_WSJF:
    buf_printf(b, "{\"business_value\":%d,\"time_criticality\":%d,\"risk_reduction\":%d,\"job_size\":%d}",
               w->business_value, w->time_criticality, w->risk_reduction, w->job_size);
    break;
  case FW_VALUE_EFFORT: buf_printf(b, "{\"value\":%d,\"effort\":%d}", in->value, in->effort); break;
  case FW_MOSCOW: buf_printf(b, "{\"category\":%J}", moscow_name(in->moscow)); break;
  case FW_KANO:
    if (in->kano_answers)
      buf_printf(b, "{\"functional\":%J,\"dysfunctional\":%J}", kano_answer_name(in->functional),
                 kano_answer_name(in->dysfunctional));
    else buf_printf(b, "{\"category\":%J}", kano_name(in->kano));
    break;
  case FW_RICE:
    buf_printf(b, "{\"reach\":%N,\"impact\":%N,\"confidence\":%N,\"effort\":%N}", in->rice_reach, in->rice_impact,
               in->rice_confidence, in->rice_effort);
    break;
  case FW_ICE:
    buf_printf(b, "{\"impact\":%d,\"confidence\":%d,\"ease\":%d}", in->ice_impact, in->ice_confidence, in->ice_ease);
    break;
  default: buf_puts(b, "{}"); break;
  }
}

/* ---- weighted ---- */

int criterion_check(const struct criterion *c, struct keel_err *e) {
  int rc = text_check_line("name", c->name, CRITERION_NAME_MAX, 1, e);
  if (rc) return rc;
  if (!isfinite(c->weight) || c->weight < 0 || c->weight > CRITERION_WEIGHT_MAX)
    return err_set(e, KEEL_EINVAL, "weight", "weight must be a number from 0 to %g", CRITERION_WEIGHT_MAX);
  return KEEL_OK;
}

int criteria_weights_check(const double *w, size_t n, struct keel_err *e) {
  double sum = 0;
  for (size_t i = 0; i < n; i++) {
    if (!isfinite(w[i]) || w[i] < 0) return err_set(e, KEEL_EINVAL, "weight", "weights cannot be negative");
    sum += w[i];
  }
  if (n > 0 && sum <= 0)
    return err_set(e, KEEL_EINVAL, "weight", "at least one criterion needs a weight above 0 (they cannot all be 0)");
  return KEEL_OK;
}

int criterion_value_check(const char *field, double v, struct keel_err *e) {
  if (!isfinite(v) || v < 0 || v > CRITERION_VALUE_MAX)
    return err_set(e, KEEL_EINVAL, field, "%s must be a number from 0 to %d", field, CRITERION_VALUE_MAX);
  return KEEL_OK;
}

int weighted_score(const double *w, const double *v, const int *has, size_t n, double *out) {
  double num = 0, den = 0;
  for (size_t i = 0; i < n; i++) {
    den += w[i];
    if (has[i]) num += w[i] * v[i];
  }
  if (den <= 0) return -1;
  *out = num / den;
  return 0;
}

/* Appends a number with up to 2 decimals, trailing zeros dropped. */
static void short_num(buf *b, double v) {
  char tmp[64];
  snprintf(tmp, sizeof tmp, "%.2f", v);
  size_t len = strlen(tmp);
  while (len && tmp[len - 1] == '0') tmp[--len] = '\0';
  if (len && tmp[len - 1] == '.') tmp[--len] = '\0';
  buf_puts(b, tmp);
}

void weighted_explain(buf *b, const double *w, const double *v, const int *has, size_t n) {
  double den = 0;
  buf_putc(b, '(');
  for (size_t i = 0; i < n; i++) {
    if (i) buf_puts(b, " + ");
    short_num(b, w[i]);
    buf_puts(b, " × ");
    if (has[i]) short_num(b, v[i]);
    else buf_puts(b, "0 (not rated)");
    den += w[i];
  }
  buf_puts(b, ") ÷ ");
  short_num(b, den);
  double s;
  if (weighted_score(w, v, has, n, &s) == 0) {
    buf_puts(b, " = ");
    score_display(b, s);
  }
}
