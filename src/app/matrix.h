/* matrix.h — reading the impact vs effort matrix (see domain/matrix.h). */
#ifndef KEEL_APP_MATRIX_H
#define KEEL_APP_MATRIX_H

#include "app/app.h"
#include "domain/matrix.h"
#include "store/matrix.h"
#include "store/plan.h"
#include "store/strategy.h"

/* What to show: each NULL or "" for any. product is a key; initiative and
 * team are ids, or names within product (a name needs product). */
struct matrix_in {
  const char *product, *initiative, *team;
};

struct matrix_view {
  struct matrix_point *points; /* sorted by matrix_point_cmp, laid out */
  size_t n;
  size_t count[Q_COUNT];
  int64_t unscored, left_out; /* see struct matrix_read */
  const struct product *product; /* NULL when not filtered by product */
  int64_t initiative_id, team_id; /* 0: any */
  struct team *teams;             /* of product, by name (none without one) */
  struct initiative *initiatives; /* of product, by name */
  size_t nteams, ninitiatives;
};

/* Reads the matrix for in, for any signed-in member of staff. Returns
 * KEEL_OK with out filled (in the request arena), KEEL_EINVAL naming
 * "product", "initiative" or "team" when one names nothing, or
 * KEEL_EAUTH/KEEL_EPERM. */
int app_matrix(struct app *x, const struct matrix_in *in, struct matrix_view *out);

/* Appends v as the API's JSON object: midpoint, quadrants (label, count),
 * points (key, title, status, value, effort, quadrant), unscored, left_out. */
void repr_matrix(buf *b, const struct matrix_view *v);

#endif
