/* plan.c — the planner benchmark: 10,000 candidate features across 10 teams
 * with dependencies, planned by domain/plan_solve.c, against a greedy reference
 * (score per person-month, in one pass) on the same instance; then the whole
 * `keel plan` operation (app_plan: reading a SQLite workspace and planning)
 * against raw SQLite reading the same candidate rows.
 *
 * Usage: keel-bench-plan [DIR]   (DIR for the SQLite workspace; default /tmp)
 * Prints one line per measurement; bench/RESULTS.md records the figures. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app/plan.h"
#include "domain/plan.h"
#include "store/db.h"

enum { N = 10000, TEAMS = 10, RUNS = 5, PARTS = 4 };

static uint64_t seed = 12345;
static uint32_t rnd(void) {
  seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
  return (uint32_t)(seed >> 33);
}

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static double median(double *v, int n) {
  qsort(v, (size_t)n, sizeof *v, cmp_double);
  return v[n / 2];
}

static struct plan_team teams[TEAMS];
static struct plan_item items[N];
static size_t deps[N][2];
static char keys[N][12];

/* cross: percent of dependencies that cross teams; targets: allocation on. */
static void make(struct plan_input *in, int cross, int targets, size_t n, int dep_pct) {
  seed = 12345;
  for (int t = 0; t < TEAMS; t++) teams[t] = (struct plan_team){t + 1, "team", 60 + rnd() % 60};
  for (size_t i = 0; i < n; i++) {
    struct plan_item *it = &items[i];
    snprintf(keys[i], sizeof keys[i], "PAY-%zu", i + 1);
    memset(it, 0, sizeof *it);
    it->id = (int64_t)i + 1;
    it->key = keys[i];
    it->title = "";
    it->candidate = rnd() % 20 != 0;
    it->satisfies = !it->candidate || rnd() % 50 == 0;
    it->team = i % TEAMS;
    it->size = 0.5 * (1 + rnd() % 16);
    it->score = it->size * (20 + rnd() % 200) + rnd() % 100; /* RICE-like, loosely tied to size */
    it->scored = 1;
    it->category = 1 + (int)(rnd() % (PC_COUNT - 1));
    /* dep_pct percent depend on one or two earlier features */
    size_t nd = (int)(rnd() % 100) < dep_pct ? 1 + rnd() % 2 : 0;
    for (size_t k = 0; k < nd && i >= TEAMS; k++) {
      size_t d;
      if ((int)(rnd() % 100) < cross) d = rnd() % i;
      else d = it->team + TEAMS * (rnd() % (i / TEAMS)); /* same team, earlier */
      deps[i][it->ndeps++] = d;
    }
    it->deps = deps[i];
  }
  memset(in, 0, sizeof *in);
  in->teams = teams;
  in->nteams = TEAMS;
  in->items = items;
  in->nitems = n;
  if (targets) {
    in->has_targets = 1;
    double share[PC_COUNT] = {0, 30, 20, 25, 15, 10};
    for (int c = 1; c < PC_COUNT; c++) {
      in->target_set[c] = 1;
      in->share[c] = share[c];
    }
  }
}

/* The greedy reference: by score per person-month, taking what fits and
 * whose dependencies are already taken (or shipped / in progress). */
static double greedy(const struct plan_input *in, size_t *order) {
  size_t n = in->nitems;
  static char taken[N];
  double used[TEAMS] = {0}, cat[PC_COUNT] = {0}, cap = 0, total = 0;
  for (int t = 0; t < TEAMS; t++) cap += teams[t].capacity;
  size_t m = 0;
  for (size_t i = 0; i < n; i++)
    if (items[i].candidate) order[m++] = i;
  /* shell sort by score per person-month, highest first */
  static double key[N];
  for (size_t k = 0; k < m; k++) key[order[k]] = items[order[k]].score / items[order[k]].size;
  size_t gap;
  for (gap = m / 2; gap > 0; gap /= 2)
    for (size_t a = gap; a < m; a++)
      for (size_t b = a; b >= gap && key[order[b - gap]] < key[order[b]]; b -= gap) {
        size_t x = order[b];
        order[b] = order[b - gap];
        order[b - gap] = x;
      }
  memset(taken, 0, sizeof taken);
  for (size_t k = 0; k < m; k++) {
    const struct plan_item *it = &items[order[k]];
    int ok = used[it->team] + it->size <= teams[it->team].capacity;
    if (ok && in->has_targets && in->target_set[it->category])
      ok = cat[it->category] + it->size <= in->share[it->category] / 100 * cap;
    for (size_t d = 0; ok && d < it->ndeps; d++) ok = items[it->deps[d]].satisfies || taken[it->deps[d]];
    if (!ok) continue;
    taken[order[k]] = 1;
    used[it->team] += it->size;
    cat[it->category] += it->size;
    total += it->score;
  }
  return total;
}

static void bench_domain(const char *what, int cross, int targets, size_t n, int dep_pct) {
  struct plan_input in;
  make(&in, cross, targets, n, dep_pct);
  double t_plan[RUNS], t_greedy[RUNS], g = 0;
  struct plan_result r;
  struct keel_err e;
  static size_t order[N];
  for (int k = 0; k < RUNS; k++) {
    arena *a = arena_new(1 << 20);
    double t0 = now_ms();
    if (plan_solve(a, &in, &r, &e)) {
      fprintf(stderr, "plan: %s\n", e.msg);
      exit(1);
    }
    t_plan[k] = now_ms() - t0;
    double total = r.total_score, ub = r.upper_bound, gp = r.gap;
    int64_t nodes = r.nodes;
    int opt = r.optimal;
    size_t sel = r.nselected;
    arena_free(a);
    t0 = now_ms();
    g = greedy(&in, order);
    t_greedy[k] = now_ms() - t0;
    if (k == RUNS - 1)
      printf("%s: planner %.1f ms (median of %d), %zu selected, score %.0f, %s, upper bound %.0f, gap %.0f (%.4f%%), "
             "%lld nodes | greedy %.2f ms, score %.0f (%.3f%% below the planner) | time ratio %.1fx\n",
             what, median(t_plan, RUNS), RUNS, sel, total, opt ? "optimal" : "budget reached", ub, gp,
             ub > 0 ? 100 * gp / ub : 0, (long long)nodes, median(t_greedy, RUNS), g, 100 * (total - g) / total,
             median(t_plan, RUNS) / median(t_greedy, RUNS));
  }
}

static int exec(db *d, const char *sql) {
  struct keel_err e;
  if (db_exec(d, sql, &e)) {
    fprintf(stderr, "%s\n%s\n", e.msg, sql);
    return -1;
  }
  return 0;
}

/* A SQLite workspace with product PAY, 10 teams with capacity in 2026-Q4 and
 * 10,000 features with RICE scores, sizes, categories and dependencies. */
static int bench_app(const char *dir) {
  char path[512];
  snprintf(path, sizeof path, "%s/keel-bench-plan-%d.db", dir, (int)getpid());
  struct keel_err e;
  db *d;
  if (db_open(path, DB_OPEN_CREATE, &d, &e)) {
    fprintf(stderr, "%s\n", e.msg);
    return 1;
  }
  int rc = exec(d, "BEGIN") || exec(d, "INSERT INTO products(key, name, feature_seq, created_at, updated_at) "
                                       "VALUES ('PAY', 'Payments', 10000, 0, 0)") ||
           exec(d, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10) "
                   "INSERT INTO teams(product_id, name, created_at, updated_at) SELECT 1, 'Team ' || i, 0, 0 FROM n") ||
           exec(d, "INSERT INTO team_capacity(team_id, period, capacity) SELECT id, '2026-Q4', 60 + (id * 37) % 60 FROM teams") ||
           exec(d, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10000) "
                   "INSERT INTO features(product_id, number, title, status, horizon, backlog_rank, rice_reach, rice_impact, "
                   "rice_confidence, rice_effort, rice_score, team_id, category, created_at, updated_at) "
                   "SELECT 1, i, 'Feature ' || i, CASE WHEN i % 20 = 0 THEN 'shipped' ELSE 'candidate' END, 'unplanned', "
                   "i * 1024, 100 + (i * 7919) % 5000, 1, 100, 0.5 * (1 + (i * 31) % 16), "
                   "(100 + (i * 7919) % 5000) / (0.5 * (1 + (i * 31) % 16)), 1 + i % 10, "
                   "CASE i % 5 WHEN 0 THEN 'innovation' WHEN 1 THEN 'infrastructure' WHEN 2 THEN 'customer_requests' "
                   "WHEN 3 THEN 'objectives' ELSE 'keep_the_lights_on' END, 0, 0 FROM n") ||
           exec(d, "INSERT INTO feature_deps(feature_id, depends_on, created_at) SELECT id, id - 10 * (1 + (id * 13) % 7), 0 "
                   "FROM features WHERE id % 3 = 0 AND id > 80") ||
           exec(d, "COMMIT");
  if (rc) return 1;
  arena *a = arena_new(1 << 20);
  struct app x = {d, a, &app_owner, 1795000000, &e};
  double t_app[RUNS], t_raw[RUNS];
  struct plan_view v;
  for (int k = 0; k < RUNS; k++) {
    double t0 = now_ms();
    if (app_plan(&x, "PAY", "2026-Q4", &v)) {
      fprintf(stderr, "app_plan: %s\n", e.msg);
      return 1;
    }
    t_app[k] = now_ms() - t0;
    /* The reference: read the same rows and dependencies with raw SQLite calls. */
    t0 = now_ms();
    double sink = 0;
    db_stmt *st = db_prepare(d,
                             "SELECT f.id, f.number, f.title, f.status, f.team_id, COALESCE(f.size, f.rice_effort), "
                             "f.category, f.rice_score FROM features f WHERE f.product_id = ? ORDER BY f.number",
                             &e);
    db_bind_int(st, 1, 1);
    while (db_step(st) > 0) sink += db_col_double(st, 7) + (double)db_col_int(st, 0);
    db_done(st);
    st = db_prepare(d, "SELECT x.feature_id, x.depends_on FROM feature_deps x JOIN features f ON f.id = x.feature_id "
                       "WHERE f.product_id = ? ORDER BY x.feature_id", &e);
    db_bind_int(st, 1, 1);
    while (db_step(st) > 0) sink += (double)db_col_int(st, 1);
    db_done(st);
    t_raw[k] = now_ms() - t0;
    if (sink < 0) puts("");
  }
  printf("D: keel plan (app_plan on SQLite, %zu features, %zu selected): %.1f ms (median of %d), %s, gap %.0f (%.4f%%) | "
         "raw SQLite reading the same rows: %.1f ms | ratio %.1fx\n",
         v.in.nitems, v.r.nselected, median(t_app, RUNS), RUNS, v.r.optimal ? "optimal" : "budget reached", v.r.gap,
         v.r.upper_bound > 0 ? 100 * v.r.gap / v.r.upper_bound : 0,
         median(t_raw, RUNS), median(t_app, RUNS) / median(t_raw, RUNS));
  arena_free(a);
  db_close(d);
  char side[600];
  unlink(path);
  snprintf(side, sizeof side, "%s-wal", path);
  unlink(side);
  snprintf(side, sizeof side, "%s-shm", path);
  unlink(side);
  return 0;
}

int main(int argc, char **argv) {
  if (db_global_init()) return 1;
  /* A third of the features depend on one or two others: a dense graph. */
  bench_domain("A: 10,000 candidates, 33% with dependencies, within teams, no targets", 0, 0, N, 33);
  bench_domain("B: 10,000 candidates, 33% with dependencies, 10% of them across teams, no targets", 10, 0, N, 33);
  bench_domain("C: 10,000 candidates, 33% with dependencies, 10% across teams, targets on every category", 10, 1, N, 33);
  /* One in ten with dependencies. */
  bench_domain("G: 10,000 candidates, 10% with dependencies, within teams, no targets", 0, 0, N, 10);
  bench_domain("H: 10,000 candidates, 10% with dependencies, 10% across teams, targets", 10, 1, N, 10);
  /* Smaller backlogs. */
  bench_domain("E: 1,000 candidates, 33% with dependencies, 10% across teams, targets", 10, 1, N / 10, 33);
  bench_domain("F: 300 candidates, 10% with dependencies, within teams, no targets", 0, 0, 300, 10);
  bench_domain("I: 300 candidates, 33% with dependencies, 10% across teams, targets", 10, 1, 300, 33);
  bench_domain("J: 100 candidates, 33% with dependencies, 10% across teams, targets", 10, 1, 100, 33);
  return bench_app(argc > 1 ? argv[1] : "/tmp");
}
