/* focus.h — what the Now capacity rule, trade-offs and focus health read and
 * write: horizon changes, Now's open features with their sizes, team capacity
 * and work in progress, the product's now_limit, trade-off decisions, and the
 * ages of the vision and the quarter's objectives. Results live in the
 * caller's arena. */
#ifndef KEEL_STORE_FOCUS_H
#define KEEL_STORE_FOCUS_H

#include <stddef.h>

#include "domain/focus.h"
#include "store/db.h"

/* Records one horizon change of a feature (actor_id 0: the command line).
 * Returns KEEL_OK or a database error. */
int store_horizon_change_insert(db *d, int64_t feature_id, int64_t product_id, enum horizon from, enum horizon to,
                                enum feature_status status, int64_t actor_id, int64_t at, struct keel_err *e);

/* Reads a product's horizon changes at or after since, in time order, with
 * each feature's key and title and the actor's name, at most
 * FOCUS_CHANGES_MAX of the newest. */
int store_horizon_changes(db *d, arena *a, int64_t product_id, int64_t since, struct hz_change **out, size_t *n,
                          struct keel_err *e);

/* A feature that occupies Now: horizon now, not shipped or archived. */
struct now_item {
  int64_t id;
  const char *key, *title;
  enum feature_status status;
  double size;   /* 0: none */
  double effort; /* RICE effort, 0: none */
};

/* Takes the product's row lock for the rest of the write transaction, so two
 * moves into the same Now (on any server) are decided one after the other. */
int store_product_lock(db *d, int64_t product_id, struct keel_err *e);

/* Reads the product's open features in Now, in backlog order. */
int store_now_items(db *d, arena *a, int64_t product_id, struct now_item **out, size_t *n, struct keel_err *e);

/* Reads a feature's size and RICE effort (0 when unset). */
int store_feature_size(db *d, int64_t feature_id, double *size, double *effort, struct keel_err *e);

/* Sums the capacity its teams have for period; *has is 0 when no team of the
 * product has a capacity row for it. */
int store_now_capacity(db *d, int64_t product_id, const char *period, int *has, double *sum, struct keel_err *e);

/* Reads the product's now_limit (-1 when unset). */
int store_product_now_limit(db *d, int64_t product_id, int64_t *limit, struct keel_err *e);

/* Writes p's name, description and updated_at with the product's now_limit
 * (-1: unset) when p->version is current; sets p->version to the new one.
 * KEEL_ESTALE otherwise. */
int store_product_set_now_limit(db *d, struct product *p, int64_t limit, struct keel_err *e);

/* A trade-off decision: what went into a horizon and what moved out for it. */
struct tradeoff_out {
  int64_t feature_id;
  const char *key, *title;
  enum horizon to;
};

struct tradeoff {
  int64_t id;
  int64_t product_id;
  int64_t feature_id;
  const char *key, *title;
  enum horizon horizon;
  const char *reason;
  int64_t actor_id;
  const char *actor_name;
  int64_t at;
  struct tradeoff_out *out;
  size_t nout;
};

/* Inserts t (product, feature, horizon, reason, actor, at) and its displaced
 * features t->out[0..nout) (feature_id, to); sets t->id. */
int store_tradeoff_insert(db *d, struct tradeoff *t, struct keel_err *e);

/* Reads a product's trade-offs, newest first, at most limit, with what moved out. */
int store_tradeoff_list(db *d, arena *a, int64_t product_id, int limit, struct tradeoff **out, size_t *n,
                        struct keel_err *e);

/* The same for the trade-offs a feature of product_id took part in: it went
 * in, or moved out. */
int store_tradeoff_list_feature(db *d, arena *a, int64_t product_id, int64_t feature_id, int limit,
                                struct tradeoff **out, size_t *n, struct keel_err *e);

/* Reads a product's teams by name with their WIP limits (-1: none) and the
 * count of their features in progress. */
int store_team_wip(db *d, arena *a, int64_t product_id, struct team_wip **out, size_t *n, struct keel_err *e);

/* The vision's latest revision (*has 0 when none) and how many revisions were
 * made at or after since. */
int store_vision_age(db *d, int64_t product_id, int64_t since, int *has, int64_t *revision, int64_t *at,
                     int64_t *changes, struct keel_err *e);

/* The number of the product's objectives for period and their latest change
 * (the greatest created_at or updated_at; 0 when none). */
int store_objectives_age(db *d, int64_t product_id, const char *period, int64_t *count, int64_t *at,
                         struct keel_err *e);

#endif
