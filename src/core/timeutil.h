/* timeutil.h — wall-clock time as Unix seconds, and its presentations. */
#ifndef KEEL_CORE_TIMEUTIL_H
#define KEEL_CORE_TIMEUTIL_H

#include <stdint.h>

#include "core/buf.h"

enum { TIME_ISO_LEN = 21 }; /* "2026-11-22T01:04:20Z" plus NUL */

/* Returns the current time in seconds since the Unix epoch (UTC). */
int64_t time_now(void);

/* Returns monotonic time in nanoseconds, for measuring durations. */
int64_t time_mono_ns(void);

/* Writes t as ISO 8601 UTC ("2026-11-22T01:04:20Z") into out. */
void time_iso(int64_t t, char out[TIME_ISO_LEN]);

/* Parses a date or time as people and exports write them, into Unix seconds:
 * ISO 8601 "2019-12-13", "2019-12-13T14:50:30Z", "2019-12-13 14:50",
 * "2019-12-13T14:50:30.123+01:00" (fractions dropped; no zone means UTC), and
 * the US form "12/13/2019 9:50:30" or "12/13/2019" (month first, UTC).
 * Surrounding blanks are allowed. Returns 0, or -1 when s is none of these or
 * not a real date (2019-02-30, 25:00). */
int time_parse(const char *s, int64_t *out);

/* Appends a short human phrase for how long before now t was ("3 min ago",
 * "yesterday", "2026-03-04" for dates over a month ago). */
void time_ago(buf *b, int64_t now, int64_t t);

#endif
