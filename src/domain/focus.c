/* focus.c — the Now capacity rule and the focus health figures (see focus.h). */
#include "domain/focus.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Sizes are compared with this slack, so 0.1 + 0.2 fits in 0.3. */
#define FOCUS_EPSILON 1e-9

struct now_limit now_limit_of(int has_team_capacity, double team_capacity, int64_t now_limit) {
  if (has_team_capacity) return (struct now_limit){NOW_BY_SIZE, team_capacity};
  if (now_limit >= 0) return (struct now_limit){NOW_BY_COUNT, (double)now_limit};
  return (struct now_limit){NOW_UNLIMITED, 0};
}

const char *now_basis_unit(enum now_basis b) {
  return b == NOW_BY_SIZE ? "person-months" : b == NOW_BY_COUNT ? "features" : "";
}

const char *now_basis_name(enum now_basis b) {
  return b == NOW_BY_SIZE ? "size" : b == NOW_BY_COUNT ? "count" : "none";
}

double now_weight(enum now_basis b, double size, double rice_effort) {
  if (b == NOW_BY_COUNT) return 1;
  if (b == NOW_UNLIMITED) return 0;
  if (size > 0) return size;
  if (rice_effort > 0) return rice_effort;
  return FOCUS_UNSIZED_SIZE;
}

int now_fits(const struct now_limit *l, double load, double needed) {
  if (l->basis == NOW_UNLIMITED) return 1;
  return load + needed <= l->capacity + FOCUS_EPSILON;
}

static int is_entry(const struct hz_change *c) { return c->to == HZ_NOW && c->from != HZ_NOW; }
static int is_exit(const struct hz_change *c) { return c->from == HZ_NOW && c->to != HZ_NOW; }

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

/* Sorting changes by feature, then time, to pair each departure from Now with its entry. */
static int cmp_by_feature(const void *a, const void *b) {
  const struct hz_change *x = *(const struct hz_change *const *)a, *y = *(const struct hz_change *const *)b;
  if (x->feature_id != y->feature_id) return x->feature_id < y->feature_id ? -1 : 1;
  if (x->at != y->at) return x->at < y->at ? -1 : 1;
  return x->id < y->id ? -1 : x->id > y->id;
}

static int cmp_dwell_exit(const void *a, const void *b) {
  const struct focus_dwell *x = a, *y = b;
  if (x->left_now->at != y->left_now->at) return x->left_now->at < y->left_now->at ? -1 : 1;
  return x->left_now->id < y->left_now->id ? -1 : x->left_now->id > y->left_now->id;
}

static void warn(arena *a, struct focus_report *r, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void warn(arena *a, struct focus_report *r, const char *code, const char *fmt, ...) {
  if (r->nwarnings >= FOCUS_WARNINGS_MAX) return;
  char msg[320];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  r->warnings[r->nwarnings++] = (struct focus_warning){code, arena_strdup(a, msg)};
}

static void churn(arena *a, const struct focus_in *in, struct focus_report *r) {
  r->counted = arena_alloc(a, (in->nchanges ? in->nchanges : 1) * sizeof *r->counted);
  int64_t week0 = in->now - (int64_t)FOCUS_WEEKS * 7 * FOCUS_DAY;
  for (size_t i = 0; i < in->nchanges; i++) {
    const struct hz_change *c = &in->changes[i];
    int entry = is_entry(c), exit_ = is_exit(c);
    if (!entry && !exit_) continue;
    if (c->at > week0 && c->at <= in->now) {
      int64_t w = (c->at - week0 - 1) / (7 * FOCUS_DAY);
      if (w >= 0 && w < FOCUS_WEEKS) r->weekly[w]++;
    }
    if (c->at <= r->window_start || c->at > in->now) continue;
    if (entry) r->entries++;
    else r->exits++;
    r->counted[r->ncounted++] = c;
  }
  int64_t base = in->now_count > 0 ? in->now_count : 1;
  r->churn_percent = (double)(r->entries + r->exits) * 100.0 / (double)base;
}

static void dwell(arena *a, const struct focus_in *in, struct focus_report *r) {
  size_t n = in->nchanges;
  const struct hz_change **by = arena_alloc(a, (n ? n : 1) * sizeof *by);
  for (size_t i = 0; i < n; i++) by[i] = &in->changes[i];
  if (n > 1) qsort(by, n, sizeof *by, cmp_by_feature);
  r->dwell = arena_alloc(a, (n ? n : 1) * sizeof *r->dwell);
  double *days = arena_alloc(a, (n ? n : 1) * sizeof *days);
  int64_t since = in->now - (int64_t)FOCUS_DWELL_WINDOW_DAYS * FOCUS_DAY;
  int64_t entered = 0, feature = 0;
  for (size_t i = 0; i < n; i++) {
    const struct hz_change *c = by[i];
    if (c->feature_id != feature) {
      feature = c->feature_id;
      entered = 0;
    }
    if (is_entry(c)) {
      entered = c->at;
      continue;
    }
    if (!is_exit(c)) continue;
    if (c->status != FS_SHIPPED && c->at > since && c->at <= in->now) {
      struct focus_dwell *d = &r->dwell[r->ndwell++];
      d->left_now = c;
      d->entered = entered;
      d->days = entered ? (double)(c->at - entered) / FOCUS_DAY : 0;
      if (entered) days[r->dwell_known++] = d->days;
    }
    entered = 0;
  }
  if (r->ndwell > 1) qsort(r->dwell, r->ndwell, sizeof *r->dwell, cmp_dwell_exit);
  if (r->dwell_known) {
    double sum = 0;
    for (size_t i = 0; i < r->dwell_known; i++) sum += days[i];
    r->dwell_mean = sum / (double)r->dwell_known;
    qsort(days, r->dwell_known, sizeof *days, cmp_double);
    size_t k = r->dwell_known;
    r->dwell_median = k % 2 ? days[k / 2] : (days[k / 2 - 1] + days[k / 2]) / 2;
  }
}

void focus_compute(arena *a, const struct focus_in *in, struct focus_report *out) {
  memset(out, 0, sizeof *out);
  out->window_start = in->now - (int64_t)FOCUS_WINDOW_DAYS * FOCUS_DAY;
  churn(a, in, out);
  dwell(a, in, out);
  out->vision_age_days = in->has_vision ? (double)(in->now - in->vision_at) / FOCUS_DAY : -1;
  out->objectives_age_days = in->objectives > 0 ? (double)(in->now - in->objectives_at) / FOCUS_DAY : -1;

  int64_t changes = out->entries + out->exits;
  if (changes >= FOCUS_CHURN_MIN_CHANGES && out->churn_percent > FOCUS_CHURN_WARN_PERCENT)
    warn(a, out, "churn",
         "Now changed %lld times in %d days (%lld in, %lld out): %.0f%% of the %lld features in Now, over %d%%",
         (long long)changes, FOCUS_WINDOW_DAYS, (long long)out->entries, (long long)out->exits, out->churn_percent,
         (long long)in->now_count, FOCUS_CHURN_WARN_PERCENT);
  if (out->dwell_known >= FOCUS_DWELL_MIN_ITEMS && out->dwell_median < FOCUS_DWELL_WARN_DAYS)
    warn(a, out, "dwell", "features leave Now unshipped after a median of %.1f days (%zu items), under %d days",
         out->dwell_median, out->dwell_known, FOCUS_DWELL_WARN_DAYS);
  for (size_t i = 0; i < in->nteams; i++) {
    struct team_wip *t = &in->teams[i];
    t->over = t->wip_limit >= 0 && t->in_progress > t->wip_limit;
    if (t->over)
      warn(a, out, "wip", "team %s has %lld features in progress, over its limit of %lld", t->name,
           (long long)t->in_progress, (long long)t->wip_limit);
  }
  if (in->vision_changes > FOCUS_VISION_CHANGES_WARN)
    warn(a, out, "vision", "the vision changed %lld times in %d days (more than %d)", (long long)in->vision_changes,
         FOCUS_WINDOW_DAYS, FOCUS_VISION_CHANGES_WARN);
  if (in->objectives > 0 && in->objectives_at > in->quarter_start + (int64_t)FOCUS_OBJECTIVES_SETTLE_DAYS * FOCUS_DAY &&
      in->now - in->objectives_at < (int64_t)FOCUS_OBJECTIVES_SETTLE_DAYS * FOCUS_DAY)
    warn(a, out, "objectives", "the quarter's objectives changed %.0f days ago, in the middle of the quarter",
         out->objectives_age_days);
}
