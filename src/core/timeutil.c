/* timeutil.c — clock reading and date formatting. */
#include "core/timeutil.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

int64_t time_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return (int64_t)ts.tv_sec;
}

int64_t time_mono_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* Civil date from days since 1970-01-01 (Howard Hinnant's days_from_civil,
 * inverted), so formatting a timestamp needs neither gmtime nor strftime. */
static void civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d) {
  z += 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  unsigned doe = (unsigned)(z - era * 146097);
  unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  unsigned mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = (int64_t)yoe + era * 400 + (*m <= 2);
}

static void two(char *o, unsigned v) {
  o[0] = (char)('0' + v / 10 % 10);
  o[1] = (char)('0' + v % 10);
}

void time_iso(int64_t t, char out[TIME_ISO_LEN]) {
  int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
  int64_t secs = t - days * 86400;
  int64_t y;
  unsigned m, d;
  civil_from_days(days, &y, &m, &d);
  if (y < 0 || y > 9999) {
    memcpy(out, "0000-01-01T00:00:00Z", TIME_ISO_LEN);
    return;
  }
  two(out, (unsigned)y / 100);
  two(out + 2, (unsigned)y % 100);
  out[4] = '-';
  two(out + 5, m);
  out[7] = '-';
  two(out + 8, d);
  out[10] = 'T';
  two(out + 11, (unsigned)(secs / 3600));
  out[13] = ':';
  two(out + 14, (unsigned)(secs / 60 % 60));
  out[16] = ':';
  two(out + 17, (unsigned)(secs % 60));
  out[19] = 'Z';
  out[20] = '\0';
}

void time_ago(buf *b, int64_t now, int64_t t) {
  int64_t d = now - t;
  if (d < 0) d = 0;
  if (d < 60) buf_puts(b, "just now");
  else if (d < 3600) buf_printf(b, "%lld min ago", (long long)(d / 60));
  else if (d < 86400) buf_printf(b, "%lld h ago", (long long)(d / 3600));
  else if (d < 2 * 86400) buf_puts(b, "yesterday");
  else if (d < 31 * 86400) buf_printf(b, "%lld days ago", (long long)(d / 86400));
  else {
    char iso[TIME_ISO_LEN];
    time_iso(t, iso);
    buf_printf(b, "%.*s", 10, iso);
  }
}
