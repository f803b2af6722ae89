/* log.c — timestamped lines on standard error. */
#include "core/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>

#include "core/timeutil.h"

enum { LOG_LINE_MAX = 2048 };

static void log_line(const char *level, const char *fmt, va_list ap) {
  char line[LOG_LINE_MAX];
  char iso[TIME_ISO_LEN];
  time_iso(time_now(), iso);
  int n = snprintf(line, sizeof line, "%s %s ", iso, level);
  if (n < 0) return;
  int m = vsnprintf(line + n, sizeof line - (size_t)n, fmt, ap);
  size_t len = (size_t)n + (m > 0 ? (size_t)m : 0);
  if (len > sizeof line - 2) len = sizeof line - 2;
  line[len++] = '\n';
  ssize_t w = write(STDERR_FILENO, line, len);
  (void)w;
}

void log_info(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  log_line("info", fmt, ap);
  va_end(ap);
}

void log_warn(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  log_line("warn", fmt, ap);
  va_end(ap);
}

void log_error(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  log_line("error", fmt, ap);
  va_end(ap);
}
