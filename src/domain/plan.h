/* plan.h — capacity planning: teams, allocation categories and the planner.
 *
 * The planner chooses, among a product's candidate features (open, with a
 * team and a size), the set with the highest total score such that
 *   - each team's selected sizes fit its capacity for the period,
 *   - a feature is selected only if every feature it depends on is selected,
 *     shipped or in progress,
 *   - when allocation targets are set, the sizes selected in a category with
 *     a target do not exceed that share of the total capacity (categories
 *     without a target, and uncategorised features, are not limited).
 * It is exact: branch and bound over the features in order of score per
 * person-month, bounded by the fractional (LP) relaxation of each team's
 * knapsack, with a dependency's whole closure taken in or left out at once.
 * Teams that no dependency and no allocation target ties together are solved
 * separately. The search starts from the greedy choice (by score per
 * person-month, taking a feature when its dependencies are taken), so it is
 * never worse than that. A budget of nodes and work stops very hard
 * instances; the result then says it is not proven optimal and gives the best
 * upper bound known (so the gap). Pure: no
 * I/O; everything lives in the caller's arena. */
#ifndef KEEL_DOMAIN_PLAN_H
#define KEEL_DOMAIN_PLAN_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/err.h"

/* Portfolio categories. PC_NONE is a feature without one (stored as ""). */
enum plan_category {
  PC_NONE,
  PC_INNOVATION,
  PC_INFRASTRUCTURE,
  PC_CUSTOMER_REQUESTS,
  PC_OBJECTIVES,
  PC_KTLO,
  PC_COUNT
};

enum {
  TEAM_NAME_MAX = 80,               /* characters */
  TEAM_WIP_MAX = 1000,              /* features in progress at once */
  PLAN_NODE_BUDGET = 2000000,       /* branch-and-bound nodes before the planner stops searching */
  PLAN_WORK_BUDGET = 10000000,      /* nodes plus features looked at by bounds (about 50 ms here) */
  PLAN_SUBGRADIENT_STEPS = 60,      /* steps improving the root's Lagrangian multipliers */
  PLAN_SUBGRADIENT_PATIENCE = 5,    /* steps without progress before the step size halves */
  PLAN_DEPS_MAX = 1000,             /* dependencies one feature may have */
};

#define TEAM_CAPACITY_MAX 100000.0 /* person-months in one period */
#define FEATURE_SIZE_MAX 1000.0    /* person-months, as RICE effort */

/* Returns the category's name ("innovation"; "" for PC_NONE). */
const char *plan_category_name(int c);

/* Returns a label for people ("Keep the lights on"; "None"). */
const char *plan_category_label(int c);

/* Parses a category name; "" gives PC_NONE. Returns 0, or -1 if unknown. */
int plan_category_parse(const char *s, int *out);

/* Checks a team name (1..TEAM_NAME_MAX characters, one line) and a WIP limit
 * (-1 for none, else 0..TEAM_WIP_MAX). KEEL_EINVAL naming "name" or
 * "wip_limit". */
int team_check(const char *name, int64_t wip_limit, struct keel_err *e);

/* Checks a capacity (0..TEAM_CAPACITY_MAX person-months, finite): KEEL_EINVAL
 * naming "capacity" otherwise. */
int team_capacity_check(double capacity, struct keel_err *e);

/* Checks a feature size (> 0 and <= FEATURE_SIZE_MAX): KEEL_EINVAL naming "size". */
int feature_size_check(double size, struct keel_err *e);

/* Checks allocation target shares in percent, indexed by category (share[PC_NONE]
 * ignored; set[c] says whether category c has a target): each 0..100 and
 * their sum at most 100. KEEL_EINVAL naming the category ("innovation") or
 * "share" for the sum. */
int plan_targets_check(const double share[PC_COUNT], const int set[PC_COUNT], struct keel_err *e);

struct plan_team {
  int64_t id;
  const char *name;
  double capacity; /* person-months in the period; 0 when none was set */
};

struct plan_item {
  int64_t id;
  const char *key;
  const char *title;
  int candidate;  /* open, with a team and a size: the planner may select it */
  int satisfies;  /* shipped or in progress: features depending on it may be selected */
  size_t team;    /* index into the teams (candidates only) */
  double size;    /* person-months, > 0 (candidates only) */
  double score;   /* >= 0 */
  int scored;     /* 0: no score in the main framework (score 0) */
  int category;   /* enum plan_category */
  const size_t *deps; /* indices into the items of the features this one depends on */
  size_t ndeps;
};

struct plan_input {
  const struct plan_team *teams;
  size_t nteams;
  const struct plan_item *items;
  size_t nitems;
  int has_targets;          /* allocation targets apply */
  int target_set[PC_COUNT]; /* which categories have a target */
  double share[PC_COUNT];   /* percent of the total capacity */
  int64_t node_budget;      /* 0: PLAN_NODE_BUDGET */
  int64_t work_budget;      /* 0: PLAN_WORK_BUDGET */
};

/* Why a candidate was not selected. */
enum plan_why {
  PW_CAPACITY,   /* its team has no room left for it (or never had: size over capacity) */
  PW_DEPENDENCY, /* a feature it depends on is not selected (dep names it) */
  PW_ALLOCATION, /* its category's target share is used up */
  PW_CYCLE,      /* it depends on itself through other features */
};

struct plan_missed {
  size_t item;
  enum plan_why why;
  size_t dep;      /* PW_DEPENDENCY: the item not selected */
  double room;     /* PW_CAPACITY: team capacity left; PW_ALLOCATION: category room left */
};

struct plan_result {
  size_t *selected; /* item indices, highest score first (ties: smaller size, then key order) */
  size_t nselected;
  struct plan_missed *missed; /* candidates not selected, highest score first */
  size_t nmissed;
  size_t *unscored; /* candidates without a score, in item order */
  size_t nunscored;
  double *used;               /* per team: selected person-months */
  double cat_used[PC_COUNT];  /* selected person-months per category */
  double cat_cap[PC_COUNT];   /* the cap from the targets (when set), person-months */
  double total_capacity;
  double total_score;
  double upper_bound; /* no selection scores more than this */
  double gap;         /* upper_bound - total_score (0 when proven optimal) */
  int optimal;        /* 1: proven optimal */
  int64_t nodes;      /* branch-and-bound nodes visited */
};

/* Plans in. Returns KEEL_OK with *out filled (arrays in a), or KEEL_EINVAL
 * when an item's team or dependency index is out of range. */
int plan_solve(arena *a, const struct plan_input *in, struct plan_result *out, struct keel_err *e);

/* Dependency edges "from depends on to", as feature ids. */
struct plan_edge {
  int64_t from, to;
};

/* Looks for a path of dependencies from `from` to `to` through edges (so that
 * adding "to depends on from" would close a cycle). Returns the number of ids
 * on the path (from first, to last) with *path in a, or 0 when there is none. */
size_t plan_dep_path(arena *a, const struct plan_edge *edges, size_t n, int64_t from, int64_t to, int64_t **path);

#endif
