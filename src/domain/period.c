/* period.c — calendar quarters as planning periods. */
#include "domain/period.h"

#include <stdio.h>

int period_parse(const char *s, struct period *out) {
  int year = 0;
  for (int i = 0; i < 4; i++) {
    if (s[i] < '0' || s[i] > '9') return -1;
    year = year * 10 + (s[i] - '0');
  }
  if (year < 1970 || s[4] != '-' || (s[5] != 'Q' && s[5] != 'q')) return -1;
  if (s[6] < '1' || s[6] > '4' || s[7] != '\0') return -1;
  out->year = year;
  out->quarter = s[6] - '0';
  return 0;
}

void period_format(struct period p, char out[PERIOD_LEN]) {
  /* Clamped so the compiler can see that the text fits. */
  unsigned y = (unsigned)(p.year < 0 ? 0 : p.year) % 10000u, q = p.quarter < 1 ? 1u : p.quarter > 4 ? 4u : (unsigned)p.quarter;
  snprintf(out, PERIOD_LEN, "%04u-Q%u", y, q);
}

/* Days from 1970-01-01 to the first day of month m (1..12) of year y, in the
 * proleptic Gregorian calendar (Howard Hinnant's days_from_civil). */
static int64_t days_from_civil(int64_t y, int m) {
  y -= m <= 2;
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t yoe = y - era * 400;
  int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

struct period period_of(int64_t t) {
  int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
  /* civil_from_days, year and month only */
  int64_t z = days + 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  int m = (int)(mp < 10 ? mp + 3 : mp - 9);
  int64_t y = yoe + era * 400 + (m <= 2);
  struct period p = {(int)y, (m - 1) / 3 + 1};
  return p;
}

struct period period_add(struct period p, int n) {
  int64_t q = (int64_t)p.year * 4 + (p.quarter - 1) + n;
  struct period r = {(int)(q / 4), (int)(q % 4) + 1};
  return r;
}

void period_bounds(struct period p, int64_t *start, int64_t *end) {
  struct period next = period_add(p, 1);
  *start = days_from_civil(p.year, (p.quarter - 1) * 3 + 1) * 86400;
  *end = days_from_civil(next.year, (next.quarter - 1) * 3 + 1) * 86400;
}
