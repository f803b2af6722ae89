/* focus.h — the Now capacity rule and focus health, pure.
 *
 * The rule: a product's Now horizon holds what its teams can build this
 * quarter. With team capacity set for the current period, the capacity is the
 * sum of its teams' capacities (person-months) and the load the summed sizes
 * of the open features in Now (a feature's size, else its RICE effort, else
 * FOCUS_UNSIZED_SIZE). Without team capacity but with the product's now_limit,
 * features are counted instead. With neither, Now has no limit. Moving a
 * feature into a full Now must name what moves out (a trade-off).
 *
 * Focus health is computed from a product's horizon changes and its current
 * state: churn of the Now set, dwell time of what left Now unshipped, work in
 * progress per team against its limit, and how long the vision and the
 * quarter's objectives have stood, with warnings past named thresholds. */
#ifndef KEEL_DOMAIN_FOCUS_H
#define KEEL_DOMAIN_FOCUS_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "domain/feature.h"

/* An unsized feature (no size, no RICE effort) weighs one person-month. */
#define FOCUS_UNSIZED_SIZE 1.0

enum {
  FOCUS_DAY = 86400,
  FOCUS_WINDOW_DAYS = 30,         /* churn and vision changes are counted over this many days */
  FOCUS_DWELL_WINDOW_DAYS = 90,   /* dwell times are taken from items that left Now in this many days */
  FOCUS_WEEKS = 13,               /* the churn sparkline: this many weeks, the last ending now */
  FOCUS_CHURN_WARN_PERCENT = 50,  /* warn when entries + exits in the window exceed this share of Now */
  FOCUS_CHURN_MIN_CHANGES = 3,    /* ... and there were at least this many */
  FOCUS_DWELL_WARN_DAYS = 14,     /* warn when what leaves Now unshipped stayed a median under this */
  FOCUS_DWELL_MIN_ITEMS = 2,      /* ... over at least this many items */
  FOCUS_VISION_CHANGES_WARN = 2,  /* warn when the vision changed more often than this in the window */
  FOCUS_OBJECTIVES_SETTLE_DAYS = 14, /* warn when the quarter's objectives changed this recently, mid-quarter */
  FOCUS_WARNINGS_MAX = 16,
  FOCUS_CHANGES_MAX = 200000      /* horizon changes read for one report */
};

/* ---- the Now capacity rule ---- */

enum now_basis { NOW_UNLIMITED, NOW_BY_SIZE, NOW_BY_COUNT };

struct now_limit {
  enum now_basis basis;
  double capacity; /* person-months (by size) or features (by count); 0 when unlimited */
};

/* Chooses the rule: team capacity when has_team_capacity (team_capacity
 * person-months), else now_limit features when now_limit >= 0, else none. */
struct now_limit now_limit_of(int has_team_capacity, double team_capacity, int64_t now_limit);

/* Returns "person-months", "features" or "" for the basis. */
const char *now_basis_unit(enum now_basis b);
const char *now_basis_name(enum now_basis b); /* "size", "count", "none" */

/* A feature's weight in Now: 1 by count; by size its size when > 0, else its
 * RICE effort when > 0, else FOCUS_UNSIZED_SIZE. 0 when unlimited. */
double now_weight(enum now_basis b, double size, double rice_effort);

/* Returns 1 when load + needed fits within the limit (always when unlimited). */
int now_fits(const struct now_limit *l, double load, double needed);

/* ---- focus health ---- */

/* One horizon change of a feature, as recorded. */
struct hz_change {
  int64_t id;
  int64_t feature_id;
  const char *key;   /* "PAY-7" */
  const char *title;
  enum horizon from, to;
  enum feature_status status; /* after the change */
  const char *actor_name;
  int64_t at;
};

/* A team's work in progress. wip_limit < 0: none. */
struct team_wip {
  int64_t id;
  const char *name;
  int64_t wip_limit;
  int64_t in_progress;
  int over; /* filled by focus_compute */
};

struct focus_in {
  int64_t now;
  const struct hz_change *changes; /* the product's changes in time order (at, id) */
  size_t nchanges;
  int64_t now_count;               /* open features in Now today */
  struct team_wip *teams;          /* focus_compute sets each one's over */
  size_t nteams;
  int has_vision;
  int64_t vision_at;               /* the latest revision's time */
  int64_t vision_revision;
  int64_t vision_changes;          /* revisions made in the window */
  int64_t objectives;              /* objectives of the current quarter */
  int64_t objectives_at;           /* their latest change (created or updated); 0 when none */
  int64_t quarter_start;           /* the current quarter's first second */
};

/* An item that left Now without being shipped, and how long it had been there. */
struct focus_dwell {
  const struct hz_change *left_now;
  int64_t entered; /* 0 when its entry is not known */
  double days;
};

struct focus_warning {
  const char *code;    /* "churn", "dwell", "wip", "vision", "objectives" */
  const char *message; /* in the arena */
};

struct focus_report {
  int64_t window_start;
  /* churn */
  int64_t entries, exits;
  double churn_percent;                /* (entries + exits) / max(Now count, 1) * 100 */
  const struct hz_change **counted;    /* the entries and exits counted, in time order */
  size_t ncounted;
  int64_t weekly[FOCUS_WEEKS];         /* entries + exits per week, oldest first */
  /* dwell */
  struct focus_dwell *dwell;           /* in exit order */
  size_t ndwell;
  double dwell_median, dwell_mean;     /* days, over items with a known entry; 0 when none */
  size_t dwell_known;
  /* strategy age, in days (-1 when there is none) */
  double vision_age_days, objectives_age_days;
  /* warnings */
  struct focus_warning warnings[FOCUS_WARNINGS_MAX];
  size_t nwarnings;
};

/* Computes the report from in; lists live in a. Sets in->teams[i].over. */
void focus_compute(arena *a, const struct focus_in *in, struct focus_report *out);

#endif
