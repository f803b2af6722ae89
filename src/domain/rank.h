/* rank.h — manual ordering with sparse integer ranks.
 *
 * Features carry an integer rank; smaller comes first. New ranks are spaced
 * RANK_GAP apart, so a move between two neighbours takes the midpoint and
 * touches one row. When neighbours are adjacent integers, the product's ranks
 * are renumbered (same order, fresh gaps) and the move is retried. */
#ifndef KEEL_DOMAIN_RANK_H
#define KEEL_DOMAIN_RANK_H

#include <stdint.h>

enum { RANK_GAP = 1 << 16 };

/* Computes a rank strictly between prev and next; either side may be missing
 * (has_prev/has_next = 0) for the top or bottom of the list. Returns 1 with
 * *out set, or 0 when no integer lies between them (renumber, then retry). */
int rank_between(int has_prev, int64_t prev, int has_next, int64_t next, int64_t *out);

#endif
