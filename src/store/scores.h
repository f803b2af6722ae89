/* scores.h — scores in the frameworks kept in feature_scores (WSJF, weighted,
 * value vs effort, MoSCoW, Kano), the criteria of weighted scoring and each
 * feature's value per criterion, rescoring, rankings by any framework
 * (RICE and ICE from the features' own columns), and each product's main
 * framework. Results live in the caller's arena. */
#ifndef KEEL_STORE_SCORES_H
#define KEEL_STORE_SCORES_H

#include <stddef.h>
#include <stdint.h>

#include "domain/frameworks.h"
#include "store/db.h"

/* One feature_scores row. */
struct score_row {
  int64_t feature_id;
  enum framework fw;
  const char *inputs; /* JSON object text */
  int has_score;      /* 0: score is NULL (weighted, when the product has no weight left) */
  double score;
  const char *label;
  int64_t updated_by; /* 0: the command line */
  int64_t updated_at;
};

/* One place in a ranking. */
struct rank_row {
  int64_t feature_id;
  const char *key, *title;
  double score;
  const char *label;  /* MoSCoW and Kano: the category; else "" */
  const char *inputs; /* frameworks in feature_scores: the inputs JSON; RICE and ICE: NULL */
};

/* Writes a feature's score in a framework kept in feature_scores (insert or
 * replace). has_score 0 stores NULL. Returns KEEL_OK or a database error. */
int store_score_put(db *d, const struct score_row *s, struct keel_err *e);

/* Reads one score. KEEL_ENOTFOUND when the feature has none in fw. */
int store_score_get(db *d, arena *a, int64_t feature_id, enum framework fw, struct score_row *out, struct keel_err *e);

/* Deletes a feature's score in fw (and, for weighted, its criterion values).
 * *found tells whether there was one. */
int store_score_delete(db *d, int64_t feature_id, enum framework fw, int *found, struct keel_err *e);

/* Lists a feature's feature_scores rows in framework order. */
int store_score_list(db *d, arena *a, int64_t feature_id, struct score_row **out, size_t *n, struct keel_err *e);

/* Bumps a feature's version from version (a score changed); the new one in
 * *new_version. KEEL_ESTALE when version is not current. */
int store_feature_touch(db *d, int64_t feature_id, int64_t version, int64_t now, int64_t *new_version,
                        struct keel_err *e);

/* ---- criteria ---- */

/* Inserts c (product_id, name, weight, objective_id, position, times) with
 * version 1; sets id and version. KEEL_EEXISTS (field "name") when the product
 * has a criterion of that name. */
int store_criterion_insert(db *d, struct criterion *c, struct keel_err *e);

/* Sets *found to 1 when objective id belongs to product_id. */
int store_objective_of_product(db *d, int64_t id, int64_t product_id, int *found, struct keel_err *e);

/* Reads a criterion. KEEL_ENOTFOUND when absent. */
int store_criterion_get(db *d, arena *a, int64_t id, struct criterion *out, struct keel_err *e);

/* Lists a product's criteria by position, then id. */
int store_criterion_list(db *d, arena *a, int64_t product_id, struct criterion **out, size_t *n, struct keel_err *e);

/* Writes name, weight, objective_id and position when c->version is current;
 * bumps it. KEEL_ESTALE otherwise, KEEL_EEXISTS when the name is taken. */
int store_criterion_update(db *d, struct criterion *c, struct keel_err *e);

/* Deletes a criterion at version (its values go with it). KEEL_ESTALE when
 * the version is not current. */
int store_criterion_delete(db *d, int64_t id, int64_t version, struct keel_err *e);

/* Replaces a feature's values for the criteria ids[0..n) with v[0..n). */
int store_criterion_values_put(db *d, int64_t feature_id, const int64_t *ids, const double *v, size_t n,
                               struct keel_err *e);

/* Reads a feature's value for each criterion in cs[0..n): has[i] = 0 when
 * there is none. v and has are caller arrays of n. */
int store_criterion_values_get(db *d, int64_t feature_id, const struct criterion *cs, size_t n, double *v, int *has,
                               struct keel_err *e);

/* A weighted score is not stored: it is computed when read, from the values
 * and the criteria's current weights, so that a new weight ranks a million
 * features again without rewriting one row (feature_scores.score stays NULL
 * for the framework "weighted"; the row says the feature is scored in it). */
struct weighted_score {
  int64_t feature_id;
  double score; /* sum(weight x value) / sum(weight); missing values count 0 */
};

/* Computes the weighted score of every feature of product_id that has a
 * value for one of its criteria, in one pass over the values. *out is in
 * the arena, by feature id; *n is 0 when the product has no criteria or
 * every weight is 0. Returns KEEL_OK or a database error. */
int store_weighted_scores(db *d, arena *a, int64_t product_id, struct weighted_score **out, size_t *n,
                          struct keel_err *e);

/* Removes the weighted score of every feature of product_id left without a
 * value for any of its criteria (after a criterion is removed). */
int store_weighted_prune(db *d, int64_t product_id, struct keel_err *e);

/* ---- rankings and the main framework ---- */

/* Returns a product's features scored in fw, best first (ties by backlog
 * rank, then id), skipping offset rows and returning at most limit. Keys
 * are made with product_key. Weighted scores are computed (see above) and
 * only the best offset + limit (with their ties) are read in full. */
int store_rank(db *d, arena *a, int64_t product_id, const char *product_key, enum framework fw, int64_t offset,
               int limit, struct rank_row **out, size_t *n, struct keel_err *e);

/* Reads a product's main framework. */
int store_product_framework(db *d, arena *a, int64_t product_id, enum framework *out, struct keel_err *e);

/* Sets a product's main framework when version is current; bumps the
 * product's version into *new_version. KEEL_ESTALE otherwise. */
int store_product_framework_set(db *d, int64_t product_id, enum framework fw, int64_t version, int64_t now,
                                int64_t *new_version, struct keel_err *e);

#endif
