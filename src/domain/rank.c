/* rank.c — midpoint ranks. */
#include "domain/rank.h"

int rank_between(int has_prev, int64_t prev, int has_next, int64_t next, int64_t *out) {
  if (!has_prev && !has_next) {
    *out = RANK_GAP;
    return 1;
  }
  if (!has_prev) {
    *out = next - RANK_GAP;
    return 1;
  }
  if (!has_next) {
    *out = prev + RANK_GAP;
    return 1;
  }
  if (next - prev < 2) return 0;
  *out = prev + (next - prev) / 2;
  return 1;
}
