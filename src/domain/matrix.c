/* matrix.c — quadrants of the impact vs effort matrix and the layout of
 * points that share a position. */
#include "domain/matrix.h"

#include <math.h>
#include <stdlib.h>

#include "core/mem.h"

static const char *const names[Q_COUNT] = {"quick_wins", "big_bets", "fill_ins", "time_sinks"};
static const char *const labels[Q_COUNT] = {"Quick wins", "Big bets", "Fill-ins", "Time sinks"};
static const char *const advice[Q_COUNT] = {
    "high value, little effort: do these first",
    "high value, much effort: choose a few and plan them",
    "low value, little effort: fit them in when there is room",
    "low value, much effort: say no",
};

enum quadrant matrix_quadrant(double value, double effort) {
  int high_value = value >= MATRIX_MID, high_effort = effort >= MATRIX_MID;
  if (high_value) return high_effort ? Q_BIG_BETS : Q_QUICK_WINS;
  return high_effort ? Q_TIME_SINKS : Q_FILL_INS;
}

const char *quadrant_name(enum quadrant q) { return q >= 0 && q < Q_COUNT ? names[q] : "fill_ins"; }
const char *quadrant_label(enum quadrant q) { return q >= 0 && q < Q_COUNT ? labels[q] : "Fill-ins"; }
const char *quadrant_advice(enum quadrant q) { return q >= 0 && q < Q_COUNT ? advice[q] : ""; }

int matrix_point_cmp(const void *a, const void *b) {
  const struct matrix_point *x = a, *y = b;
  if (x->value != y->value) return x->value > y->value ? -1 : 1;
  if (x->effort != y->effort) return x->effort < y->effort ? -1 : 1;
  return (x->id > y->id) - (x->id < y->id);
}

/* A point's position and its index in the caller's array: sorting these
 * brings equal positions together without reordering the caller's points. */
struct slot {
  double value, effort;
  size_t index;
};

static int by_position(const void *a, const void *b) {
  const struct slot *x = a, *y = b;
  if (x->value != y->value) return x->value < y->value ? -1 : 1;
  if (x->effort != y->effort) return x->effort < y->effort ? -1 : 1;
  return (x->index > y->index) - (x->index < y->index);
}

void matrix_layout(struct matrix_point *p, size_t n) {
  for (size_t i = 0; i < n; i++) {
    p[i].quadrant = matrix_quadrant(p[i].value, p[i].effort);
    p[i].dx = p[i].dy = 0;
  }
  if (n < 2) return;
  struct slot *s = xmalloc(n * sizeof *s);
  for (size_t i = 0; i < n; i++) s[i] = (struct slot){p[i].value, p[i].effort, i};
  qsort(s, n, sizeof *s, by_position);
  for (size_t start = 0; start < n;) {
    size_t end = start + 1;
    while (end < n && s[end].value == s[start].value && s[end].effort == s[start].effort) end++;
    size_t count = end - start;
    if (count > 1) {
      size_t side = (size_t)ceil(sqrt((double)count));
      double pitch = 2 * MATRIX_SPREAD / (double)side;
      double first = -MATRIX_SPREAD + pitch / 2;
      for (size_t k = 0; k < count; k++) {
        struct matrix_point *q = &p[s[start + k].index];
        q->dx = first + pitch * (double)(k % side);
        q->dy = first + pitch * (double)(k / side);
      }
    }
    start = end;
  }
  free(s);
}
