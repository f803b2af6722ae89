/* frameworks.h — the scoring frameworks beyond RICE and ICE: WSJF, weighted
 * criteria, value vs effort, MoSCoW and Kano. Pure rules: names, inputs and
 * their ranges, the exact score, the displayed value and the arithmetic.
 *
 * RICE and ICE live in domain/score.h (their inputs are feature columns);
 * this file names them too, so every framework has one name list.
 *
 * Inputs arrive as name/value pairs (from a JSON object or from the command
 * line's name=value words) and are checked here, so the API and the CLI
 * refuse the same things with the same field names. */
#ifndef KEEL_DOMAIN_FRAMEWORKS_H
#define KEEL_DOMAIN_FRAMEWORKS_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/err.h"

enum framework { FW_RICE, FW_ICE, FW_WSJF, FW_WEIGHTED, FW_VALUE_EFFORT, FW_MOSCOW, FW_KANO, FW_COUNT };

/* SAFe's modified Fibonacci scale for every WSJF input. */
enum { WSJF_SCALE_N = 7 };
extern const int wsjf_scale[WSJF_SCALE_N];

/* Limits. */
enum {
  VALUE_EFFORT_MIN = 1,
  VALUE_EFFORT_MAX = 10,
  CRITERION_VALUE_MAX = 10,  /* each feature's value per criterion: 0..10 */
  CRITERIA_MAX = 50,         /* criteria per product */
  CRITERION_NAME_MAX = 80,   /* characters */
  FW_PAIRS_MAX = 64,         /* name=value inputs in one request */
  FW_DECIMALS_MAX = 6,       /* fw_ratio_display */
};
#define CRITERION_WEIGHT_MAX 1000.0

enum moscow { MOSCOW_WONT = 1, MOSCOW_COULD, MOSCOW_SHOULD, MOSCOW_MUST };

/* Kano categories (Berger et al. 1993 names, "performance" for one-dimensional). */
enum kano { KANO_REVERSE, KANO_QUESTIONABLE, KANO_INDIFFERENT, KANO_ATTRACTIVE, KANO_PERFORMANCE, KANO_MUST_BE, KANO_COUNT };

/* Answers to the functional and dysfunctional Kano questions. */
enum kano_answer { KA_LIKE, KA_EXPECT, KA_NEUTRAL, KA_LIVE_WITH, KA_DISLIKE, KA_COUNT };

struct wsjf {
  int business_value, time_criticality, risk_reduction, job_size;
};

/* The inputs of one framework other than weighted (which reads criteria). */
struct fw_inputs {
  enum framework fw;
  struct wsjf wsjf;
  int value, effort;                    /* value_effort */
  enum moscow moscow;                   /* moscow */
  enum kano kano;                       /* kano: the category (given or evaluated) */
  int kano_answers;                     /* kano: 1 when given as two answers */
  enum kano_answer functional, dysfunctional;
  double rice_reach, rice_impact, rice_confidence, rice_effort; /* rice */
  int ice_impact, ice_confidence, ice_ease;                     /* ice */
};

/* One input: a number or a text. */
struct fw_pair {
  const char *name;
  int is_num;
  double num;
  const char *str;
};

/* Names: "wsjf", "value_effort", ... and labels: "WSJF", "Value vs effort". */
const char *framework_name(enum framework f);
const char *framework_label(enum framework f);

/* Parses a framework name. Returns 0 with *out, or -1 when unknown. */
int framework_parse(const char *s, enum framework *out);

/* Returns 1 for frameworks kept in feature_scores (not RICE or ICE). */
int framework_in_table(enum framework f);

/* Reads pairs[0..n) as the inputs of fw (not FW_WEIGHTED). Every input the
 * framework takes is required; an unknown name is KEEL_EUNKNOWN, a missing
 * one, a wrong type or a value out of range KEEL_EINVAL, each naming the
 * field. Returns KEEL_OK with *out filled. */
int fw_parse(enum framework fw, const struct fw_pair *pairs, size_t n, struct fw_inputs *out, struct keel_err *e);

/* Returns the exact score of checked inputs (MoSCoW and Kano: the category's
 * order, see below). */
double fw_score(const struct fw_inputs *in);

/* Returns the category of MoSCoW and Kano inputs ("must", "attractive"), or
 * "" for the numeric frameworks. Static text. */
const char *fw_label(const struct fw_inputs *in);

/* Appends the displayed value: WSJF one decimal, value vs effort two, both
 * rounded half up from the exact fraction; RICE and ICE as score_display;
 * MoSCoW and Kano the category. */
void fw_display(buf *b, const struct fw_inputs *in);

/* Appends the arithmetic, e.g. "(8 + 5 + 3) ÷ 5 = 3.2". */
void fw_explain(buf *b, const struct fw_inputs *in);

/* Appends the inputs as one canonical JSON object (fixed key order; Kano
 * given as answers keeps the answers). */
void fw_inputs_json(buf *b, const struct fw_inputs *in);

/* WSJF = (business value + time criticality + risk reduction) ÷ job size. */
double wsjf_score(const struct wsjf *w);

/* Returns 1 when v is on SAFe's modified Fibonacci scale. */
int wsjf_on_scale(int v);

/* Appends num ÷ den (den > 0, both >= 0) with `decimals` decimals, rounded
 * half up from the exact fraction (so 3 ÷ 20 reads 0.2, not the 0.1 that
 * rounding the binary double would give), trailing zeros dropped. */
void fw_ratio_display(buf *b, int64_t num, int64_t den, int decimals);

/* Kano: the category for a pair of answers, from the standard evaluation
 * table (Berger et al. 1993). */
enum kano kano_evaluate(enum kano_answer functional, enum kano_answer dysfunctional);
const char *kano_name(enum kano k);
int kano_parse(const char *s, enum kano *out);
const char *kano_answer_name(enum kano_answer a);
int kano_answer_parse(const char *s, enum kano_answer *out);
const char *moscow_name(enum moscow m);
int moscow_parse(const char *s, enum moscow *out);

/* ---- weighted scoring ---- */

/* A criterion of a product's weighted scoring. */
struct criterion {
  int64_t id, product_id;
  const char *name;
  double weight;        /* >= 0 */
  int64_t objective_id; /* 0: none */
  int64_t position;
  int64_t created_at, updated_at, version;
};

/* Checks a criterion's name (1..CRITERION_NAME_MAX characters, one line) and
 * weight (0..CRITERION_WEIGHT_MAX, finite). KEEL_EINVAL names "name" or "weight". */
int criterion_check(const struct criterion *c, struct keel_err *e);

/* Checks that the weights of a product's criteria can score: none negative
 * and not all zero (an empty list is allowed: nothing is scored). Returns
 * KEEL_OK or KEEL_EINVAL for field "weight". */
int criteria_weights_check(const double *w, size_t n, struct keel_err *e);

/* Checks one value (0..CRITERION_VALUE_MAX, finite) for field. */
int criterion_value_check(const char *field, double v, struct keel_err *e);

/* Weighted score: sum(w[i] * v[i]) / sum(w[i]); a criterion without a value
 * (has[i] == 0) counts 0. Returns 0 with *out, or -1 when the weights sum
 * to 0 (no score). */
int weighted_score(const double *w, const double *v, const int *has, size_t n, double *out);

/* Appends "(3 × 8 + 1 × 5) ÷ 4 = 7.25" for the criteria (names are not
 * shown; the caller lists them). */
void weighted_explain(buf *b, const double *w, const double *v, const int *has, size_t n);

#endif
