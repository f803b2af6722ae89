/* matrix.h — what the impact vs effort matrix reads: features scored in the
 * value vs effort framework, and the teams and initiatives it filters by.
 * Results live in the caller's arena. */
#ifndef KEEL_STORE_MATRIX_H
#define KEEL_STORE_MATRIX_H

#include <stddef.h>
#include <stdint.h>

#include "domain/matrix.h"
#include "store/db.h"

enum { MATRIX_POINTS_MAX = 20000 }; /* points read for one matrix; the rest are counted as left out */

struct matrix_filter {
  int64_t product_id, initiative_id, team_id; /* 0: any */
};

struct matrix_read {
  struct matrix_point *points; /* in id order, quadrant and offsets not set */
  size_t n;
  int64_t left_out; /* scored features past MATRIX_POINTS_MAX */
  int64_t unscored; /* open features the filter selects that have no value vs effort score */
};

struct named_id {
  int64_t id;
  const char *name;
};

/* Reads the open (not shipped, not archived) features f selects that have a
 * value vs effort score. A stored score whose inputs are not two numbers in
 * MATRIX_MIN..MATRIX_MAX counts as unscored. Returns KEEL_OK or a database
 * error. */
int store_matrix_read(db *d, arena *a, const struct matrix_filter *f, struct matrix_read *out, struct keel_err *e);

/* Reads the teams (table "teams") or initiatives ("initiatives") of a
 * product, by name; the table name is one of those two literals, never
 * input. Returns KEEL_OK or a database error. */
int store_matrix_options(db *d, arena *a, const char *table, int64_t product_id, struct named_id **out, size_t *n,
                         struct keel_err *e);

/* Finds the id of the team or initiative ("teams" / "initiatives") named
 * ref in a product: ref is an id, or a name when product_id is not 0.
 * Returns KEEL_OK with *id, or KEEL_ENOTFOUND. */
int store_matrix_option_find(db *d, const char *table, int64_t product_id, const char *ref, int64_t *id,
                             struct keel_err *e);

#endif
