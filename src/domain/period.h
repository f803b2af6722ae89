/* period.h — planning periods: calendar quarters written "2026-Q4".
 *
 * Objectives, team capacity and allocation targets are kept per period. A
 * period is always a quarter of a UTC calendar year, so that periods sort as
 * text and every server agrees on which one is current. */
#ifndef KEEL_DOMAIN_PERIOD_H
#define KEEL_DOMAIN_PERIOD_H

#include <stdint.h>

enum { PERIOD_LEN = 8 }; /* "2026-Q4" plus NUL */

struct period {
  int year;    /* 1970..9999 */
  int quarter; /* 1..4 */
};

/* Parses "2026-Q4" (the Q may be lower case; nothing else is allowed around
 * it). Returns 0 with *out set, or -1 when s is not such a period. */
int period_parse(const char *s, struct period *out);

/* Writes p as "2026-Q4" into out. */
void period_format(struct period p, char out[PERIOD_LEN]);

/* Returns the quarter holding Unix time t (UTC). */
struct period period_of(int64_t t);

/* Returns the period n quarters after p (n may be negative). */
struct period period_add(struct period p, int n);

/* Returns the Unix times of p's first second and of the first second after
 * it, through *start and *end. */
void period_bounds(struct period p, int64_t *start, int64_t *end);

#endif
