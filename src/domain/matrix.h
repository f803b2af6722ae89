/* matrix.h — the impact vs effort matrix: which quadrant a feature falls in,
 * and where its point goes when many features share the same scores.
 *
 * A feature is on the matrix when it is scored in the value vs effort
 * framework (value and effort each 1..10). The quadrants split both axes at
 * MATRIX_MID, the middle of the 1..10 scale: high value and low effort are
 * quick wins, high value and high effort big bets, low value and low effort
 * fill-ins, low value and high effort time sinks. A score exactly on the
 * middle counts as high. */
#ifndef KEEL_DOMAIN_MATRIX_H
#define KEEL_DOMAIN_MATRIX_H

#include <stddef.h>
#include <stdint.h>

#define MATRIX_MIN 1.0
#define MATRIX_MAX 10.0
#define MATRIX_MID 5.5

enum quadrant { Q_QUICK_WINS, Q_BIG_BETS, Q_FILL_INS, Q_TIME_SINKS, Q_COUNT };

struct matrix_point {
  int64_t id;
  const char *key;   /* "PAY-12" */
  const char *title;
  const char *status;
  double value, effort; /* MATRIX_MIN..MATRIX_MAX */
  enum quadrant quadrant;
  /* Offset from (effort, value) in axis units, within ±MATRIX_SPREAD, so
   * that points with equal scores stay apart; set by matrix_layout. */
  double dx, dy;
};

#define MATRIX_SPREAD 0.42

/* Returns the quadrant of a value and an effort (see above). */
enum quadrant matrix_quadrant(double value, double effort);

/* "quick_wins", "big_bets", "fill_ins", "time_sinks" (for the API). */
const char *quadrant_name(enum quadrant q);

/* "Quick wins", ... (for people). */
const char *quadrant_label(enum quadrant q);

/* One line on what a quadrant asks of a PM ("high value, little effort: do first"). */
const char *quadrant_advice(enum quadrant q);

/* Sets quadrant, dx and dy of each of p[0..n). Points with the same value and
 * effort are laid out on a square grid centred on their position, in the
 * order of p (call after sorting); a lone point stays on its position. The
 * grid's pitch shrinks with the number of points so that it never leaves
 * ±MATRIX_SPREAD. Sorts nothing; O(n log n) time, O(n) scratch from the heap
 * (freed before return). */
void matrix_layout(struct matrix_point *p, size_t n);

/* Returns the order of a and b for the matrix: value high to low, then
 * effort low to high, then id (qsort comparator over struct matrix_point). */
int matrix_point_cmp(const void *a, const void *b);

#endif
