/* timeutil.c — clock reading and date formatting. */
#include "core/timeutil.h"

#include <stdio.h>
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

void time_iso(int64_t t, char out[TIME_ISO_LEN]) {
  time_t tt = (time_t)t;
  struct tm tm;
  gmtime_r(&tt, &tm);
  strftime(out, TIME_ISO_LEN, "%Y-%m-%dT%H:%M:%SZ", &tm);
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
