/* test_plan.c — unit tests for planning: the planner (domain/plan_solve.c) against
 * brute force on many small random instances (same optimum, every selection
 * feasible), hand cases for dependencies, allocation caps, cycles and the
 * reasons given for misses, the node budget and its reported gap; the checks
 * on teams, capacity and targets; and the app/ and store/ operations on a
 * temporary SQLite database (PostgreSQL is covered by the black-box tests). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/plan.h"
#include "domain/plan.h"
#include "fixture.h"

#define assert_near(a, b) assert_true(near((a), (b)))
static int near(double a, double b) { return fabs(a - b) <= 1e-6 * fmax(1.0, fabs(b)); }

enum { RAND_MAX_ITEMS = 13, RAND_MAX_TEAMS = 3, RAND_INSTANCES = 600 };

struct inst {
  struct plan_team teams[RAND_MAX_TEAMS];
  struct plan_item items[RAND_MAX_ITEMS];
  size_t deps[RAND_MAX_ITEMS][RAND_MAX_ITEMS];
  char keys[RAND_MAX_ITEMS][8];
  struct plan_input in;
};

static uint64_t rng_state;
static uint32_t rnd(void) {
  rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
  return (uint32_t)(rng_state >> 33);
}

static void make(struct inst *x, int with_targets) {
  memset(x, 0, sizeof *x);
  size_t nt = 1 + rnd() % RAND_MAX_TEAMS, n = 1 + rnd() % RAND_MAX_ITEMS;
  for (size_t t = 0; t < nt; t++) x->teams[t] = (struct plan_team){(int64_t)t + 1, "T", (double)(rnd() % 12)};
  for (size_t i = 0; i < n; i++) {
    struct plan_item *it = &x->items[i];
    snprintf(x->keys[i], sizeof x->keys[i], "P-%zu", i + 1);
    it->id = (int64_t)i + 1;
    it->key = x->keys[i];
    it->title = "";
    unsigned kind = rnd() % 10;
    it->candidate = kind < 8;
    it->satisfies = kind == 7 || kind == 8; /* in progress (a candidate) or shipped */
    it->team = rnd() % nt;
    it->size = 0.5 * (1 + rnd() % 10);
    it->score = (rnd() % 4 == 0) ? 0 : (double)(rnd() % 100) / 4.0;
    it->scored = it->score > 0;
    it->category = (int)(rnd() % PC_COUNT);
    /* dependencies on earlier items (the store refuses cycles; a hand case covers them) */
    size_t nd = rnd() % 3;
    for (size_t k = 0; k < nd; k++) {
      size_t d = rnd() % n;
      if (d >= i) continue;
      x->deps[i][it->ndeps++] = d;
    }
    it->deps = x->deps[i];
  }
  x->in.teams = x->teams;
  x->in.nteams = nt;
  x->in.items = x->items;
  x->in.nitems = n;
  if (with_targets) {
    x->in.has_targets = 1;
    double left = 100;
    for (int c = 1; c < PC_COUNT; c++)
      if (rnd() % 2) {
        x->in.target_set[c] = 1;
        x->in.share[c] = fmin(left, (double)(rnd() % 60));
        left -= x->in.share[c];
      }
  }
}

/* Returns 1 when the selection mask is feasible for x. */
static int feasible(const struct inst *x, unsigned mask, double *score) {
  double used[RAND_MAX_TEAMS] = {0}, cat[PC_COUNT] = {0}, cap = 0;
  *score = 0;
  for (size_t t = 0; t < x->in.nteams; t++) cap += x->teams[t].capacity;
  for (size_t i = 0; i < x->in.nitems; i++) {
    if (!(mask >> i & 1)) continue;
    const struct plan_item *it = &x->items[i];
    if (!it->candidate) return 0;
    for (size_t k = 0; k < it->ndeps; k++) {
      size_t d = it->deps[k];
      if (!x->items[d].satisfies && !(mask >> d & 1)) return 0;
    }
    used[it->team] += it->size;
    cat[it->category] += it->size;
    *score += it->score;
  }
  for (size_t t = 0; t < x->in.nteams; t++)
    if (used[t] > x->teams[t].capacity + 1e-9) return 0;
  for (int c = 1; c < PC_COUNT; c++)
    if (x->in.has_targets && x->in.target_set[c] && cat[c] > x->in.share[c] / 100 * cap + 1e-9) return 0;
  return 1;
}

static double brute(const struct inst *x) {
  double best = 0, s;
  for (unsigned mask = 0; mask < (1u << x->in.nitems); mask++)
    if (feasible(x, mask, &s) && s > best) best = s;
  return best;
}

static void check_instance(const struct inst *x) {
  arena *a = arena_new(0);
  struct plan_result r;
  struct keel_err e;
  assert_int_equal(plan_solve(a, &x->in, &r, &e), KEEL_OK);
  assert_true(r.optimal);
  assert_near(r.gap, 0);
  unsigned mask = 0;
  for (size_t k = 0; k < r.nselected; k++) mask |= 1u << r.selected[k];
  double s;
  assert_true(feasible(x, mask, &s));
  assert_near(s, r.total_score);
  if (!near(r.total_score, brute(x))) {
    fprintf(stderr, "got %g want %g targets %d\n", r.total_score, brute(x), x->in.has_targets);
    for (size_t t = 0; t < x->in.nteams; t++) fprintf(stderr, "team %zu cap %g\n", t, x->teams[t].capacity);
    for (size_t i = 0; i < x->in.nitems; i++) {
      const struct plan_item *it = &x->items[i];
      fprintf(stderr, "%zu c%d s%d t%zu size %g score %g cat %d deps", i, it->candidate, it->satisfies, it->team, it->size, it->score, it->category);
      for (size_t k = 0; k < it->ndeps; k++) fprintf(stderr, " %zu", it->deps[k]);
      fprintf(stderr, "\n");
    }
  }
  assert_near(r.total_score, brute(x));
  /* every candidate is either selected or missed, with a reason */
  size_t cands = 0;
  for (size_t i = 0; i < x->in.nitems; i++) cands += x->items[i].candidate;
  assert_int_equal(r.nselected + r.nmissed, cands);
  for (size_t k = 0; k < r.nmissed; k++) {
    const struct plan_missed *m = &r.missed[k];
    assert_false(mask >> m->item & 1);
    if (m->why == PW_DEPENDENCY) assert_false(mask >> m->dep & 1);
    if (m->why == PW_CAPACITY && m->item < x->in.nitems) {
      const struct plan_item *it = &x->items[m->item];
      assert_true(it->size > x->teams[it->team].capacity - r.used[it->team] - 1e-9 ||
                  it->size > x->teams[it->team].capacity);
    }
  }
  for (size_t k = 1; k < r.nselected; k++)
    assert_true(x->items[r.selected[k - 1]].score >= x->items[r.selected[k]].score);
  /* Stopped after one node, the selection is still feasible and the upper
   * bound (the root's bounds) is never below the optimum. */
  struct plan_input one = x->in;
  one.node_budget = 1;
  double opt = brute(x);
  assert_int_equal(plan_solve(a, &one, &r, &e), KEEL_OK);
  mask = 0;
  for (size_t k = 0; k < r.nselected; k++) mask |= 1u << r.selected[k];
  assert_true(feasible(x, mask, &s));
  assert_true(r.upper_bound >= opt - 1e-6);
  assert_true(r.total_score <= opt + 1e-6);
  if (!r.optimal) assert_near(r.gap, r.upper_bound - r.total_score);
  arena_free(a);
}

static void planner_matches_brute_force(void **state) {
  (void)state;
  rng_state = 42;
  struct inst x;
  for (int k = 0; k < RAND_INSTANCES; k++) {
    make(&x, k % 2);
    check_instance(&x);
  }
}

/* A hand case where the greedy by score per person-month is not optimal. */
static void planner_beats_greedy(void **state) {
  (void)state;
  struct plan_team t[] = {{1, "Core", 10}};
  struct plan_item it[] = {
      {1, "P-1", "", 1, 0, 0, 1, 2, 1, PC_NONE, NULL, 0},    /* ratio 2 */
      {2, "P-2", "", 1, 0, 0, 5, 9, 1, PC_NONE, NULL, 0},    /* ratio 1.8 */
      {3, "P-3", "", 1, 0, 0, 5, 9, 1, PC_NONE, NULL, 0},
  };
  struct plan_input in = {t, 1, it, 3, 0, {0}, {0}, 0, 0};
  arena *a = arena_new(0);
  struct plan_result r;
  struct keel_err e;
  assert_int_equal(plan_solve(a, &in, &r, &e), KEEL_OK);
  assert_near(r.total_score, 18);
  assert_int_equal(r.nselected, 2);
  assert_int_equal(r.nmissed, 1);
  assert_int_equal(r.missed[0].item, 0);
  assert_int_equal(r.missed[0].why, PW_CAPACITY);
  assert_near(r.used[0], 10);
  assert_true(r.optimal);
  arena_free(a);
}

static void planner_dependencies_and_reasons(void **state) {
  (void)state;
  struct plan_team t[] = {{1, "Core", 6}, {2, "Edge", 3}};
  static const size_t d2[] = {0}, d3[] = {4}, d5[] = {6}, d6[] = {5};
  struct plan_item it[] = {
      {1, "P-1", "", 1, 0, 0, 4, 1, 1, PC_NONE, NULL, 0},         /* low score, size 4: the price of P-2 */
      {2, "P-2", "", 1, 0, 1, 3, 30, 1, PC_NONE, d2, 1},          /* on Edge, needs P-1 from Core */
      {3, "P-3", "", 1, 0, 0, 1, 5, 1, PC_NONE, d3, 1},           /* needs P-5, which is archived */
      {4, "P-4", "", 1, 0, 0, 2, 3, 1, PC_NONE, NULL, 0},
      {5, "P-5", "", 0, 0, 0, 1, 0, 0, PC_NONE, NULL, 0},         /* archived */
      {6, "P-6", "", 1, 0, 0, 1, 9, 1, PC_NONE, d5, 1},           /* cycle with P-7 */
      {7, "P-7", "", 1, 0, 0, 1, 9, 1, PC_NONE, d6, 1},
      {8, "P-8", "", 1, 0, 0, 2, 0, 0, PC_NONE, NULL, 0},         /* unscored, fits */
  };
  struct plan_input in = {t, 2, it, 8, 0, {0}, {0}, 0, 0};
  arena *a = arena_new(0);
  struct plan_result r;
  struct keel_err e;
  assert_int_equal(plan_solve(a, &in, &r, &e), KEEL_OK);
  /* P-1 (4) + P-4 (2) on Core, P-2 (3) on Edge: 1 + 3 + 30 */
  assert_near(r.total_score, 34);
  assert_int_equal(r.selected[0], 1);
  int seen_dep = 0, seen_cycle = 0, seen_cap = 0;
  for (size_t k = 0; k < r.nmissed; k++) {
    if (r.missed[k].item == 2) {
      assert_int_equal(r.missed[k].why, PW_DEPENDENCY);
      assert_int_equal(r.missed[k].dep, 4);
      seen_dep = 1;
    }
    if (r.missed[k].item == 5 || r.missed[k].item == 6) {
      assert_int_equal(r.missed[k].why, PW_CYCLE);
      seen_cycle++;
    }
    if (r.missed[k].item == 7) {
      assert_int_equal(r.missed[k].why, PW_CAPACITY);
      seen_cap = 1;
    }
  }
  assert_true(seen_dep && seen_cycle == 2 && seen_cap);
  assert_int_equal(r.nunscored, 1); /* P-8 */
  assert_int_equal(r.unscored[0], 7);
  arena_free(a);
}

static void planner_allocation_caps(void **state) {
  (void)state;
  struct plan_team t[] = {{1, "Core", 20}};
  struct plan_item it[] = {
      {1, "P-1", "", 1, 0, 0, 4, 40, 1, PC_INNOVATION, NULL, 0},
      {2, "P-2", "", 1, 0, 0, 4, 30, 1, PC_INNOVATION, NULL, 0},
      {3, "P-3", "", 1, 0, 0, 4, 5, 1, PC_KTLO, NULL, 0},
  };
  struct plan_input in = {t, 1, it, 3, 1, {0}, {0}, 0, 0};
  in.target_set[PC_INNOVATION] = 1;
  in.share[PC_INNOVATION] = 30; /* 6 person-months */
  arena *a = arena_new(0);
  struct plan_result r;
  struct keel_err e;
  assert_int_equal(plan_solve(a, &in, &r, &e), KEEL_OK);
  assert_near(r.total_score, 45);
  assert_near(r.cat_cap[PC_INNOVATION], 6);
  assert_near(r.cat_used[PC_INNOVATION], 4);
  assert_int_equal(r.nmissed, 1);
  assert_int_equal(r.missed[0].item, 1);
  assert_int_equal(r.missed[0].why, PW_ALLOCATION);
  arena_free(a);
}

/* Many items with a tiny budget: the result is feasible, not proven optimal,
 * and the upper bound holds. */
static void planner_budget_reports_gap(void **state) {
  (void)state;
  enum { N = 400 };
  static struct plan_item it[N];
  static char keys[N][8];
  struct plan_team t[] = {{1, "A", 50}, {2, "B", 50}};
  rng_state = 7;
  for (size_t i = 0; i < N; i++) {
    snprintf(keys[i], sizeof keys[i], "P-%zu", i + 1);
    it[i] = (struct plan_item){(int64_t)i + 1, keys[i], "", 1, 0, i % 2, 1 + rnd() % 9, 10 + rnd() % 90, 1,
                               PC_NONE, NULL, 0};
    it[i].score = it[i].size * 10 + rnd() % 7; /* strongly correlated: hard */
  }
  struct plan_input in = {t, 2, it, N, 0, {0}, {0}, 50, 0};
  arena *a = arena_new(0);
  struct plan_result r;
  struct keel_err e;
  assert_int_equal(plan_solve(a, &in, &r, &e), KEEL_OK);
  assert_true(r.nodes <= 50);
  assert_true(r.upper_bound >= r.total_score);
  assert_near(r.gap, r.upper_bound - r.total_score);
  assert_true(r.used[0] <= 50 + 1e-9 && r.used[1] <= 50 + 1e-9);
  /* With the full budget the answer is at least as good, and within the bound. */
  double ub = r.upper_bound, got = r.total_score;
  in.node_budget = 0;
  assert_int_equal(plan_solve(a, &in, &r, &e), KEEL_OK);
  assert_true(r.total_score >= got - 1e-9);
  assert_true(r.total_score <= ub + 1e-6);
  arena_free(a);
}

static void planner_rejects_bad_indices(void **state) {
  (void)state;
  struct plan_team t[] = {{1, "Core", 10}};
  static const size_t bad[] = {9};
  struct plan_item it[] = {{1, "P-1", "", 1, 0, 0, 1, 1, 1, PC_NONE, bad, 1}};
  struct plan_input in = {t, 1, it, 1, 0, {0}, {0}, 0, 0};
  arena *a = arena_new(0);
  struct plan_result r;
  struct keel_err e;
  assert_int_equal(plan_solve(a, &in, &r, &e), KEEL_EINVAL);
  it[0].ndeps = 0;
  it[0].team = 3;
  assert_int_equal(plan_solve(a, &in, &r, &e), KEEL_EINVAL);
  arena_free(a);
}

static void dep_path_finds_cycles(void **state) {
  (void)state;
  struct plan_edge ed[] = {{1, 2}, {2, 3}, {3, 4}, {5, 1}};
  arena *a = arena_new(0);
  int64_t *p;
  size_t n = plan_dep_path(a, ed, 4, 1, 4, &p);
  assert_int_equal(n, 4);
  assert_int_equal(p[0], 1);
  assert_int_equal(p[3], 4);
  assert_int_equal(plan_dep_path(a, ed, 4, 4, 1, &p), 0);
  assert_int_equal(plan_dep_path(a, ed, 4, 5, 3, &p), 4);
  arena_free(a);
}

static void checks_name_fields(void **state) {
  (void)state;
  struct keel_err e;
  assert_int_equal(team_capacity_check(-1, &e), KEEL_EINVAL);
  assert_string_equal(e.field, "capacity");
  assert_int_equal(team_capacity_check(0, &e), KEEL_OK);
  assert_int_equal(team_capacity_check(nan(""), &e), KEEL_EINVAL);
  assert_int_equal(team_check("", -1, &e), KEEL_EINVAL);
  assert_string_equal(e.field, "name");
  assert_int_equal(team_check("Core", -2, &e), KEEL_EINVAL);
  assert_string_equal(e.field, "wip_limit");
  assert_int_equal(feature_size_check(0, &e), KEEL_EINVAL);
  assert_string_equal(e.field, "size");
  double share[PC_COUNT] = {0, 60, 50, 0, 0, 0};
  int set[PC_COUNT] = {0, 1, 1, 0, 0, 0};
  assert_int_equal(plan_targets_check(share, set, &e), KEEL_EINVAL);
  assert_string_equal(e.field, "share");
  share[2] = -1;
  assert_int_equal(plan_targets_check(share, set, &e), KEEL_EINVAL);
  assert_string_equal(e.field, "infrastructure");
  share[2] = 40;
  assert_int_equal(plan_targets_check(share, set, &e), KEEL_OK);
  int c;
  assert_int_equal(plan_category_parse("keep_the_lights_on", &c), 0);
  assert_int_equal(c, PC_KTLO);
  assert_int_equal(plan_category_parse("", &c), 0);
  assert_int_equal(c, PC_NONE);
  assert_int_equal(plan_category_parse("fun", &c), -1);
}


/* ---- app/ and store/ on a temporary database ---- */

enum { T0 = 1798761600 }; /* 2027-01-01: period 2027-Q1 */

struct fx {
  char dir[64], path[160];
  db *d;
  arena *a;
  struct keel_err e;
  struct app x;
};

static int fx_setup(void **state) {
  struct fx *f = calloc(1, sizeof *f);
  if (!f || fixture_tmpdb(f->dir, sizeof f->dir, f->path, sizeof f->path, "plan")) return -1;
  if (db_open(f->path, DB_OPEN_CREATE, &f->d, &f->e)) return -1;
  f->a = arena_new(0);
  f->x = (struct app){f->d, f->a, &app_owner, T0, &f->e};
  struct product p;
  if (app_product_create(&f->x, "PAY", "Payments", "", &p)) return -1;
  for (int i = 1; i <= 4; i++) {
    struct feature_patch fp = {.title = "F", .rice = {.has_reach = 1, .reach = 10.0 * i, .has_impact = 1, .impact = 1,
                                                      .has_confidence = 1, .confidence = 100, .has_effort = 1, .effort = i}};
    struct feature out;
    if (app_feature_create(&f->x, "PAY", &fp, &out)) return -1;
  }
  *state = f;
  return 0;
}

static int fx_teardown(void **state) {
  struct fx *f = *state;
  db_close(f->d);
  arena_free(f->a);
  fixture_remove(f->dir, f->path);
  free(f);
  return 0;
}

static int64_t count(struct fx *f, const char *sql) { return fixture_count(f->d, sql); }

static void app_teams_and_capacity(void **state) {
  struct fx *f = *state;
  struct team t, u;
  assert_int_equal(app_team_create(&f->x, "PAY", " Core ", 3, &t), KEEL_OK);
  assert_string_equal(t.name, "Core");
  assert_int_equal(app_team_create(&f->x, "PAY", "Core", -1, &u), KEEL_EEXISTS);
  assert_string_equal(f->e.field, "name");
  int64_t audits = count(f, "SELECT COUNT(*) FROM audit");
  assert_int_equal(app_team_capacity_set(&f->x, "PAY", "Core", "2027-Q1", -0.5, &u), KEEL_EINVAL);
  assert_string_equal(f->e.field, "capacity");
  assert_int_equal(app_team_capacity_set(&f->x, "PAY", "Core", "2027-Q5", 1, &u), KEEL_EINVAL);
  assert_string_equal(f->e.field, "period");
  assert_int_equal(count(f, "SELECT COUNT(*) FROM team_capacity"), 0);
  assert_int_equal(count(f, "SELECT COUNT(*) FROM audit"), audits);
  assert_int_equal(app_team_capacity_set(&f->x, "PAY", "Core", NULL, 6, &u), KEEL_OK); /* the current quarter */
  assert_int_equal(app_team_capacity_set(&f->x, "PAY", "Core", NULL, 8, &u), KEEL_OK);
  assert_int_equal(count(f, "SELECT COUNT(*) FROM team_capacity WHERE period = '2027-Q1' AND capacity = 8"), 1);
  assert_int_equal(count(f, "SELECT COUNT(*) FROM audit WHERE action = 'team.capacity'"), 2);
  struct team_patch tp = {.name = "Platform"};
  assert_int_equal(app_team_update(&f->x, "PAY", "Core", &tp, 5, &u), KEEL_ESTALE);
  assert_int_equal(app_team_update(&f->x, "PAY", "Core", &tp, 1, &u), KEEL_OK);
  assert_int_equal(u.version, 2);
  struct actor viewer = {.user_id = 0, .role = ROLE_VIEWER};
  struct app vx = {f->d, f->a, &viewer, T0, &f->e};
  assert_int_equal(app_team_create(&vx, "PAY", "Viewers", -1, &u), KEEL_EPERM);
  struct team *ts;
  size_t n;
  const char *pd;
  assert_int_equal(app_team_list(&vx, "PAY", NULL, &ts, &n, &pd), KEEL_OK);
  assert_int_equal(n, 1);
  assert_string_equal(pd, "2027-Q1");
  assert_true(ts[0].has_capacity);
  assert_near(ts[0].capacity, 8);
}

static void app_dependencies_and_plan(void **state) {
  struct fx *f = *state;
  struct team t;
  assert_int_equal(app_team_create(&f->x, "PAY", "Core", -1, &t), KEEL_OK);
  assert_int_equal(app_team_capacity_set(&f->x, "PAY", "Core", "2027-Q1", 5, &t), KEEL_OK);
  /* scores 10 each (reach 10i / effort i); sizes 1..4 from the RICE effort */
  for (int i = 1; i <= 4; i++) {
    struct feature_plan_patch pp = {.team = "Core", .category = i % 2 ? "innovation" : "objectives"};
    struct feature_patch fp = {.plan = &pp};
    struct feature out;
    char key[16];
    snprintf(key, sizeof key, "PAY-%d", i);
    assert_int_equal(app_feature_update(&f->x, key, &fp, 0, &out), KEEL_OK);
  }
  struct feature_plan_patch bad = {.category = "fun"};
  struct feature_patch fb = {.plan = &bad};
  struct feature out;
  int64_t v = count(f, "SELECT version FROM features WHERE number = 1");
  assert_int_equal(app_feature_update(&f->x, "PAY-1", &fb, 0, &out), KEEL_EINVAL);
  assert_string_equal(f->e.field, "category");
  assert_int_equal(count(f, "SELECT version FROM features WHERE number = 1"), v);
  assert_int_equal(app_feature_depend(&f->x, "PAY-4", "PAY-1", 0), KEEL_OK);
  assert_int_equal(app_feature_depend(&f->x, "PAY-1", "PAY-2", 0), KEEL_OK);
  assert_int_equal(app_feature_depend(&f->x, "PAY-2", "PAY-4", 0), KEEL_ECONFLICT);
  assert_string_equal(f->e.field, "depends_on");
  assert_non_null(strstr(f->e.msg, "PAY-2 -> PAY-4 -> PAY-1 -> PAY-2"));
  assert_int_equal(count(f, "SELECT COUNT(*) FROM feature_deps"), 2);
  assert_int_equal(app_feature_depend(&f->x, "PAY-2", "PAY-3", 1), KEEL_ENOTFOUND);

  /* Capacity 5, every score 10, sizes 1..4; PAY-1 needs PAY-2 and PAY-4 needs
   * PAY-1. No three features fit (the smallest three need 6), so the best is
   * two: 20 ({PAY-1, PAY-2} or {PAY-2, PAY-3}). */
  struct plan_view pv;
  assert_int_equal(app_plan(&f->x, "PAY", "2027-Q1", &pv), KEEL_OK);
  assert_true(pv.r.optimal);
  assert_near(pv.r.total_score, 20);
  assert_int_equal(pv.r.nselected, 2);
  buf b;
  buf_init(&b, 0);
  repr_plan(&b, &pv);
  assert_non_null(strstr(buf_cstr(&b), "\"optimal\":true"));
  assert_non_null(strstr(buf_cstr(&b), "\"capacity\":{\"Core\":{\"capacity\":5,"));
  buf_free(&b);

  /* Targets: objectives at most 10% of 5 = 0.5: PAY-2 and PAY-4 (sizes 2, 4)
   * cannot be chosen, so neither can PAY-1 (needs PAY-2): PAY-3 alone. */
  double share[PC_COUNT] = {0};
  int set[PC_COUNT] = {0};
  share[PC_OBJECTIVES] = 10;
  set[PC_OBJECTIVES] = 1;
  share[PC_INNOVATION] = 95;
  set[PC_INNOVATION] = 1;
  assert_int_equal(app_allocation_set(&f->x, "PAY", "2027-Q1", share, set), KEEL_EINVAL);
  assert_string_equal(f->e.field, "share");
  assert_int_equal(count(f, "SELECT COUNT(*) FROM allocation_targets"), 0);
  share[PC_INNOVATION] = 90;
  assert_int_equal(app_allocation_set(&f->x, "PAY", "2027-Q1", share, set), KEEL_OK);
  assert_int_equal(app_plan(&f->x, "PAY", "2027-Q1", &pv), KEEL_OK);
  assert_near(pv.r.total_score, 10);
  assert_string_equal(pv.items[pv.r.selected[0]].key, "PAY-3");
  struct allocation_view av;
  assert_int_equal(app_allocation_show(&f->x, "PAY", "2027-Q1", &av), KEEL_OK);
  assert_true(av.has_targets);
  assert_near(av.total.rows[PC_OBJECTIVES].target, 10);

  /* Removing the team leaves its features without one. */
  assert_int_equal(app_team_remove(&f->x, "PAY", "Core", 0), KEEL_OK);
  assert_int_equal(count(f, "SELECT COUNT(*) FROM features WHERE team_id IS NOT NULL"), 0);
  assert_int_equal(count(f, "SELECT COUNT(*) FROM team_capacity"), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(planner_matches_brute_force),
      cmocka_unit_test(planner_beats_greedy),
      cmocka_unit_test(planner_dependencies_and_reasons),
      cmocka_unit_test(planner_allocation_caps),
      cmocka_unit_test(planner_budget_reports_gap),
      cmocka_unit_test(planner_rejects_bad_indices),
      cmocka_unit_test(dep_path_finds_cycles),
      cmocka_unit_test(checks_name_fields),
      cmocka_unit_test_setup_teardown(app_teams_and_capacity, fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(app_dependencies_and_plan, fx_setup, fx_teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
