/* plan.h — teams, their capacity per period, allocation targets, feature
 * planning fields and dependencies in the database, and what the planner
 * reads. Results live in the caller's arena. */
#ifndef KEEL_STORE_PLAN_H
#define KEEL_STORE_PLAN_H

#include <stddef.h>
#include <stdint.h>

#include "domain/plan.h"
#include "store/db.h"

struct team {
  int64_t id;
  int64_t product_id;
  const char *name;
  int64_t wip_limit; /* -1: none */
  int64_t created_at, updated_at, version;
  int has_capacity;  /* read with a period: whether a capacity is set for it */
  double capacity;   /* person-months in that period (0 when not set) */
};

/* Inserts t (product_id, name, wip_limit, times) with version 1; sets id and
 * version. KEEL_EEXISTS (field "name") when the product has a team of that name. */
int store_team_insert(db *d, struct team *t, struct keel_err *e);

/* Reads a team by id, or by product and name; with period non-NULL also its
 * capacity then. KEEL_ENOTFOUND when absent. */
int store_team_get(db *d, arena *a, int64_t id, const char *period, struct team *out, struct keel_err *e);
int store_team_by_name(db *d, arena *a, int64_t product_id, const char *name, const char *period, struct team *out,
                       struct keel_err *e);

/* Writes name and wip_limit when t->version is current and bumps it:
 * KEEL_ESTALE otherwise, KEEL_EEXISTS when the name is taken. */
int store_team_update(db *d, struct team *t, struct keel_err *e);

/* Deletes a team (its capacities with it); its features keep no team. */
int store_team_delete(db *d, int64_t id, struct keel_err *e);

/* Lists a product's teams by name, each with its capacity in period. */
int store_team_list(db *d, arena *a, int64_t product_id, const char *period, struct team **out, size_t *n,
                    struct keel_err *e);

/* Sets a team's capacity for period (adding or replacing it); *had and *before
 * say what it was. */
int store_team_capacity_set(db *d, int64_t team_id, const char *period, double capacity, int *had, double *before,
                            struct keel_err *e);

/* Reads a product's allocation targets for period: set[c] and share[c] per category. */
int store_targets_get(db *d, int64_t product_id, const char *period, double share[PC_COUNT], int set[PC_COUNT],
                      struct keel_err *e);

/* Replaces the product's targets for period with those set. */
int store_targets_replace(db *d, int64_t product_id, const char *period, const double share[PC_COUNT],
                          const int set[PC_COUNT], struct keel_err *e);

/* A feature's planning fields. */
struct feature_plan {
  int64_t team_id;       /* 0: none */
  const char *team_name; /* "" when none */
  double size;           /* 0: not set (the RICE effort counts) */
  int category;          /* enum plan_category */
};

/* Reads / writes a feature's planning fields (team_id 0 and size 0 store NULL). */
int store_feature_plan_get(db *d, arena *a, int64_t feature_id, struct feature_plan *out, struct keel_err *e);
int store_feature_plan_set(db *d, int64_t feature_id, const struct feature_plan *p, struct keel_err *e);

/* Adds "feature_id depends on on_id". KEEL_EEXISTS when it is there already. */
int store_dep_add(db *d, int64_t feature_id, int64_t on_id, int64_t now, struct keel_err *e);

/* Removes it. KEEL_ENOTFOUND when there was none. */
int store_dep_remove(db *d, int64_t feature_id, int64_t on_id, struct keel_err *e);

/* All dependencies between features of a product, as ids. */
int store_dep_edges(db *d, arena *a, int64_t product_id, struct plan_edge **out, size_t *n, struct keel_err *e);

/* The keys of the features feature_id depends on (dir 0) or that depend on it
 * (dir 1), by key. */
int store_dep_keys(db *d, arena *a, int64_t feature_id, int dir, const char ***out, size_t *n, struct keel_err *e);

/* Returns the name of the product's main framework ("rice" unless changed), in a. */
int store_product_framework_name(db *d, arena *a, int64_t product_id, const char **out, struct keel_err *e);

/* One feature of a product as the planner reads it. */
struct plan_row {
  int64_t id, number;
  const char *title;
  int status;  /* enum feature_status */
  int horizon; /* enum horizon */
  int64_t team_id;    /* 0: none */
  double size;        /* its size, else its RICE effort, else 0 */
  int category;
  int has_score;
  double score; /* in framework */
};

/* Reads every feature of the product (by number) with its score in framework. */
int store_plan_rows(db *d, arena *a, int64_t product_id, const char *framework, struct plan_row **out, size_t *n,
                    struct keel_err *e);

#endif
