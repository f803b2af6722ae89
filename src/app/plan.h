/* plan.h — capacity planning operations: teams and their capacity per
 * period, allocation targets, a feature's team, size, category and
 * dependencies, and the planner's proposal (app/plan.c, app/planner.c).
 *
 * PMs (CAP_PRODUCT) change; anyone signed in (CAP_READ) reads. Periods are
 * quarters ("2026-Q4"); NULL or "" means the current one. Results live in x->a. */
#ifndef KEEL_APP_PLAN_H
#define KEEL_APP_PLAN_H

#include "app/app.h"
#include "domain/period.h"
#include "domain/plan.h"
#include "store/plan.h"

/* ---- teams (app/plan.c) ---- */

/* Adds team name to the product; wip_limit -1 for none. */
int app_team_create(struct app *x, const char *product_key, const char *name, int64_t wip_limit, struct team *out);

/* A team by id ("12"), or by name within product_key (then required).
 * KEEL_ENOTFOUND (field "team") when there is none. Capacity is period's. */
int app_team_get(struct app *x, const char *product_key, const char *ref, const char *period, struct team *out);

/* The product's teams by name, with their capacity in period; *period_out is
 * the period used. */
int app_team_list(struct app *x, const char *product_key, const char *period, struct team **out, size_t *n,
                  const char **period_out);

/* A change to a team: name NULL keeps it; has_wip 0 keeps the limit. */
struct team_patch {
  const char *name;
  int has_wip;
  int64_t wip_limit; /* -1: none */
};
int app_team_update(struct app *x, const char *product_key, const char *ref, const struct team_patch *p,
                    int64_t expect_version, struct team *out);

/* Removes a team and its capacities; its features keep no team. */
int app_team_remove(struct app *x, const char *product_key, const char *ref, int64_t expect_version);

/* Sets a team's capacity (person-months, >= 0) for period; out is the team
 * with that capacity. */
int app_team_capacity_set(struct app *x, const char *product_key, const char *ref, const char *period, double capacity,
                          struct team *out);

/* ---- a feature's planning fields and dependencies (app/plan.c) ---- */

/* Planning fields in a feature change (see struct feature_patch's plan). */
struct feature_plan_patch {
  const char *team;     /* NULL: unchanged; "": none; else a team of the feature's product, by id or name */
  int has_size;
  double size;          /* 0: none (the RICE effort counts), else > 0 */
  const char *category; /* NULL: unchanged; "" for none, or a category's name */
};

/* Applies p to feature f inside the caller's transaction, with its audit
 * record. KEEL_EINVAL naming "team", "size" or "category". */
int app_feature_plan_apply_tx(struct app *x, const struct feature *f, const struct feature_plan_patch *p);

struct feature_planning {
  struct feature_plan plan;
  const char **depends_on; /* keys */
  size_t ndepends_on;
  const char **needed_by; /* keys of features depending on this one */
  size_t nneeded_by;
};

/* Reads a feature's planning fields and dependencies. */
int app_feature_planning(struct app *x, const char *key, struct feature_planning *out);

/* Makes feature key depend on feature on (same product), or with remove no
 * longer. A dependency that would close a cycle is refused with
 * KEEL_ECONFLICT naming "depends_on" and the cycle; a missing one on remove
 * is KEEL_ENOTFOUND; an existing one on add is KEEL_EEXISTS. */
int app_feature_depend(struct app *x, const char *key, const char *on, int remove);

/* ---- allocation (app/plan.c) ---- */

/* Replaces the product's allocation targets for period by those set[c]
 * (percent, each 0..100, summing to at most 100). */
int app_allocation_set(struct app *x, const char *product_key, const char *period, const double share[PC_COUNT],
                       const int set[PC_COUNT]);

struct allocation_row {
  int has_target;
  double target;  /* percent */
  double planned; /* person-months */
  double actual;  /* percent of the planned person-months */
  double gap;     /* actual - target, percentage points (0 without a target) */
};

struct allocation_part {
  int64_t team_id; /* 0: features without a team (or the total) */
  const char *name;
  double planned;
  struct allocation_row rows[PC_COUNT];
};

/* Target against actual: the actual shares are those of what is planned now,
 * the open features on the Now horizon with a size, by category. */
struct allocation_view {
  const char *product, *period;
  int has_targets;
  struct allocation_part total;
  struct allocation_part *teams;
  size_t nteams;
};
int app_allocation_show(struct app *x, const char *product_key, const char *period, struct allocation_view *out);

/* ---- the planner (app/planner.c) ---- */

struct plan_view {
  const char *product, *period, *framework;
  struct plan_team *teams;
  struct plan_item *items;
  const struct plan_row *rows; /* parallel to items */
  size_t nitems, nteams;
  struct plan_input in;
  struct plan_result r;
  double elapsed_ms;
  size_t *incomplete; /* open features without a team or a size (not candidates), by number */
  size_t nincomplete;
};

/* Proposes the product's plan for period (see domain/plan.h). */
int app_plan(struct app *x, const char *product_key, const char *period, struct plan_view *out);

/* Returns, in a, why a missed feature was left out ("capacity of team Core: 2 of 12 left, needs 3"). */
const char *plan_why_text(arena *a, const struct plan_view *v, const struct plan_missed *m);

/* Returns the name of m->why ("capacity", "dependency", "allocation", "cycle"). */
const char *plan_why_name(const struct plan_missed *m);

/* JSON of a team, the plan, the allocation view and a feature's planning fields. */
void repr_team(buf *b, const struct team *t);
void repr_plan(buf *b, const struct plan_view *v);
void repr_allocation(buf *b, const struct allocation_view *v);
void repr_feature_planning(buf *b, const struct feature_planning *p);

/* Reads period (NULL or "" for the quarter holding x->now) into out.
 * KEEL_EINVAL naming "period" when it is not like 2026-Q4. */
int app_period(struct app *x, const char *period, char out[PERIOD_LEN]);

#endif
