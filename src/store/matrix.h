/* matrix.h — what the impact vs effort matrix reads: the open features
 * scored in the value vs effort framework. Results live in the caller's
 * arena. (Teams and initiatives come from store/plan.h and
 * store/strategy.h.) */
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

/* Reads the open (not shipped, not archived) features f selects that have a
 * value vs effort score. A stored score whose inputs are not two numbers in
 * MATRIX_MIN..MATRIX_MAX counts as unscored. Returns KEEL_OK or a database
 * error. */
int store_matrix_read(db *d, arena *a, const struct matrix_filter *f, struct matrix_read *out, struct keel_err *e);

#endif
