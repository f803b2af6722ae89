/* log.h — one-line messages to standard error for operators.
 *
 * Each line is written with a single write(2), so lines from different
 * threads never interleave. */
#ifndef KEEL_CORE_LOG_H
#define KEEL_CORE_LOG_H

/* Writes "2026-11-22T01:04:20Z LEVEL message\n" to standard error. */
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
