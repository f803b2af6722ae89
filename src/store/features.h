/* features.h — features in the database. Results live in the caller's arena.
 *
 * The stored RICE and ICE scores are derived here from their inputs on every
 * write (domain/score.h), so they can never disagree with them. */
#ifndef KEEL_STORE_FEATURES_H
#define KEEL_STORE_FEATURES_H

#include <stddef.h>

#include "domain/feature.h"
#include "domain/listing.h"
#include "store/db.h"

struct feature_query {
  int64_t product_id;   /* 0: every product */
  unsigned status_mask; /* bit (1u << status) per status wanted; 0: all */
  int horizon;          /* -1: any, else enum horizon */
  const char *text;     /* NULL, or words the title must contain (case-insensitive) */
  int with_description; /* 0: items come back with description NULL (lighter pages) */
  enum feature_sort sort;
  struct cursor after;
  int limit;
};

/* Inserts f (product_id, number, title, description, status, horizon, rank,
 * rice, ice, created_by, times); sets f->id and f->version = 1. */
int store_feature_insert(db *d, struct feature *f, struct keel_err *e);

/* Reads a feature by key ("PAY-12") or id. KEEL_ENOTFOUND when absent. */
int store_feature_get(db *d, arena *a, const char *key, struct feature *out, struct keel_err *e);
int store_feature_get_id(db *d, arena *a, int64_t id, struct feature *out, struct keel_err *e);

/* Writes title, description, status, horizon, rice and ice when f->version
 * is current; sets f->version to the new one. KEEL_ESTALE otherwise. */
int store_feature_update(db *d, struct feature *f, struct keel_err *e);

/* Writes horizon and rank when f->version is current (a move); bumps it. */
int store_feature_set_position(db *d, struct feature *f, struct keel_err *e);

/* Returns up to q->limit + 1 features in q's order starting after q->after;
 * the extra row tells the caller there is a next page. */
int store_feature_list(db *d, arena *a, const struct feature_query *q, struct feature **out, size_t *n,
                       struct keel_err *e);

/* Finds the rank next to position (rank, id) within a product, skipping
 * exclude_id: the previous one when dir < 0, the next when dir > 0. With
 * from_end set, (rank, id) is ignored and the first (dir > 0) or last (dir < 0)
 * rank of the product is returned. *found is 0 when there is none. */
int store_feature_neighbor(db *d, int64_t product_id, int64_t exclude_id, int64_t rank, int64_t id, int dir,
                           int from_end, int64_t *rank_out, int *found, struct keel_err *e);

/* Respaces a product's ranks RANK_GAP apart, keeping their order. Versions are
 * not changed: no feature's position relative to the others moves. */
int store_feature_renumber(db *d, int64_t product_id, struct keel_err *e);

#endif
