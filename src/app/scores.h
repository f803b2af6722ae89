/* scores.h — scoring a feature in any framework (RICE, ICE, WSJF, weighted
 * criteria, value vs effort, MoSCoW, Kano), the criteria of weighted scoring,
 * each product's main framework and rankings by framework.
 *
 * PMs score and edit (CAP_PRODUCT); anyone signed in reads (CAP_READ). Every
 * change runs in one transaction with its audit record: "feature.score" and
 * "feature.unscore" on the feature (so score changes are in its history),
 * "criterion.add|update|remove" and "product.framework" on the product.
 * Results live in x->a. */
#ifndef KEEL_APP_SCORES_H
#define KEEL_APP_SCORES_H

#include <jansson.h>

#include "app/app.h"
#include "domain/frameworks.h"

/* One framework's score of a feature, as shown. */
struct score_view {
  enum framework fw;
  int set;            /* the feature is scored in this framework */
  int has_score;      /* weighted: 0 when the product's weights leave no score */
  double score;       /* the exact value */
  const char *display; /* the value rounded by the framework's convention, or the category */
  const char *explain; /* the arithmetic */
  const char *label;   /* MoSCoW and Kano: the category; else "" */
  const char *inputs;  /* JSON object text ("{}" when not set) */
  int64_t updated_at;  /* 0 for RICE and ICE (see the feature's updated_at) */
};

/* Every framework's score of one feature. */
struct feature_scores {
  struct feature feature;
  enum framework main;               /* the product's main framework */
  int64_t product_version;           /* for the form that changes it */
  struct score_view items[FW_COUNT]; /* indexed by enum framework */
  struct criterion *criteria;        /* the product's criteria, with this feature's values */
  size_t ncriteria;
  double *values;
  int *has_value;
};

/* Reads a JSON object's members as inputs: numbers and strings; anything
 * else is KEEL_EINVAL naming the member. pairs point into obj (keep it alive)
 * and are allocated in a. Returns KEEL_OK with *pairs and *n. */
int app_score_pairs_from_json(arena *a, json_t *obj, struct fw_pair **pairs, size_t *n, struct keel_err *e);

/* Parses a framework name; KEEL_ENOTFOUND (field "framework") when unknown. */
int app_framework_parse(struct app *x, const char *name, enum framework *out);

/* Scores feature key in framework with pairs[0..n) (weighted: criterion
 * names to values 0..10, one for each of the product's criteria). RICE and
 * ICE write the feature's own columns. The feature's version is bumped;
 * expect_version 0 means the current one. out receives the new score. */
int app_score_set(struct app *x, const char *key, const char *framework, const struct fw_pair *pairs, size_t n,
                  int64_t expect_version, struct score_view *out);

/* Removes a feature's score in framework. KEEL_ENOTFOUND when it had none. */
int app_score_clear(struct app *x, const char *key, const char *framework, int64_t expect_version);

/* Reads every framework's score of feature key and the product's main framework. */
int app_scores_get(struct app *x, const char *key, struct feature_scores *out);

/* Appends a score view as JSON: {"framework","scored","score","display","explain","label","inputs"}. */
void repr_score_view(buf *b, const struct score_view *s);

/* ---- criteria ---- */
struct criterion_patch {
  const char *name; /* NULL: unchanged */
  int has_weight;
  double weight;
  int has_position;
  int64_t position;
  int has_objective;
  int64_t objective_id; /* 0: none */
};

/* Adds a criterion to a product (name and weight required). */
int app_criterion_add(struct app *x, const char *product_key, const struct criterion_patch *p, struct criterion *out);

/* Lists a product's criteria by position. */
int app_criterion_list(struct app *x, const char *product_key, struct criterion **out, size_t *n);

/* Reads a criterion and its product's key (in x->a). */
int app_criterion_get(struct app *x, int64_t id, struct criterion *out, const char **product_key);

/* Edits a criterion. A new weight changes every weighted score of the
 * product at once: they are computed from the values when read, so nothing
 * else is rewritten. Weights may not all be 0. */
int app_criterion_update(struct app *x, int64_t id, const struct criterion_patch *p, int64_t expect_version,
                         struct criterion *out);

/* Removes a criterion (its values with it); features left without any value
 * are no longer scored in weighted. */
int app_criterion_remove(struct app *x, int64_t id, int64_t expect_version);

/* Appends a criterion as JSON. */
void repr_criterion(buf *b, const struct criterion *c);

/* ---- main framework and rankings ---- */

/* Sets a product's main framework (expect_version: the product's). */
int app_product_framework_set(struct app *x, const char *product_key, const char *framework, int64_t expect_version,
                              int64_t *new_version);

/* Reads a product's main framework. */
int app_product_framework(struct app *x, const char *product_key, enum framework *out);

struct rank_in {
  const char *product;   /* key, required */
  const char *framework; /* NULL or "": the product's main framework */
  const char *offset;    /* NULL or a count of places to skip */
  const char *limit;     /* NULL: 50; at most 1000 */
};
struct rank_item {
  int64_t place; /* 1-based */
  const char *key, *title;
  double score;
  const char *display, *label;
};
struct rank_page {
  enum framework fw;
  struct rank_item *items;
  size_t n;
  int64_t next_offset; /* -1 when this is the last page */
};

/* Ranks a product's features scored in a framework, best first; ties keep
 * the backlog order. */
int app_rank(struct app *x, const struct rank_in *in, struct rank_page *out);

#endif
