/* timeutil.c — clock reading and date formatting. */
#include "core/timeutil.h"

#include <ctype.h>
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

/* Days since 1970-01-01 of a civil date (Howard Hinnant's days_from_civil). */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  unsigned yoe = (unsigned)(y - era * 400);
  unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + (int64_t)doe - 719468;
}

/* Reads 1..max digits at *p into *v; returns how many. */
static int digits(const char **p, int max, int *v) {
  int n = 0;
  *v = 0;
  while (n < max && isdigit((unsigned char)**p)) {
    *v = *v * 10 + (**p - '0');
    (*p)++;
    n++;
  }
  return n;
}

static int valid_date(int y, int m, int d) {
  static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1) return 0;
  int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return d <= mdays[m - 1] + (m == 2 && leap);
}

int time_parse(const char *s, int64_t *out) {
  if (!s) return -1;
  const char *p = s;
  while (*p == ' ' || *p == '\t') p++;
  int y, m, d, hh = 0, mm = 0, ss = 0, n;
  const char *q = p;
  int a = 0;
  n = digits(&q, 4, &a);
  if (n == 4 && *q == '-') { /* ISO 8601 */
    y = a;
    p = q + 1;
    if (digits(&p, 2, &m) != 2 || *p++ != '-' || digits(&p, 2, &d) != 2) return -1;
  } else if (n >= 1 && n <= 2 && *q == '/') { /* US: M/D/YYYY */
    m = a;
    p = q + 1;
    if (digits(&p, 2, &d) < 1 || *p++ != '/' || digits(&p, 4, &y) != 4) return -1;
  } else {
    return -1;
  }
  if (!valid_date(y, m, d)) return -1;
  int64_t zone = 0;
  if (*p == 'T' || (*p == ' ' && isdigit((unsigned char)p[1]))) {
    p++;
    if (digits(&p, 2, &hh) < 1 || *p++ != ':' || digits(&p, 2, &mm) != 2) return -1;
    if (*p == ':') {
      p++;
      if (digits(&p, 2, &ss) != 2) return -1;
      if (*p == '.' || *p == ',') {
        p++;
        if (!isdigit((unsigned char)*p)) return -1;
        while (isdigit((unsigned char)*p)) p++;
      }
    }
    if (hh > 23 || mm > 59 || ss > 60) return -1;
    if (*p == 'Z') {
      p++;
    } else if (*p == '+' || *p == '-') {
      int sign = *p++ == '-' ? -1 : 1, zh, zm = 0;
      if (digits(&p, 2, &zh) != 2) return -1;
      if (*p == ':') p++;
      if (isdigit((unsigned char)*p) && digits(&p, 2, &zm) != 2) return -1;
      if (zh > 14 || zm > 59) return -1;
      zone = sign * (zh * 3600 + zm * 60);
    }
  }
  while (*p == ' ' || *p == '\t') p++;
  if (*p) return -1;
  *out = days_from_civil(y, (unsigned)m, (unsigned)d) * 86400 + hh * 3600 + mm * 60 + ss - zone;
  return 0;
}
