/* gen_scores.c — benchmark data for rescoring and ranking, and the bare C
 * reference.
 *
 * usage: keel-bench-gen-scores DB FEATURES
 *   Creates DB (which must not exist): product SCO with FEATURES features,
 *   three criteria (Revenue 3, Strategic fit 2, Reach 1), every feature
 *   rated 0–10 on each (one decimal, spread deterministically) and its
 *   weighted score stored, as Keel would have stored it. Bulk statements in
 *   one transaction (the benchmark is the rescoring, not the loading).
 * usage: keel-bench-gen-scores --bare DB WEIGHT
 *   Reads every value of product SCO into memory (not timed), then times a
 *   plain C loop doing the arithmetic of a rescore with Strategic fit at
 *   WEIGHT and picking the best 50 (ties by id): the floor any
 *   implementation could reach. Prints "bare_ms <ms> top <id> <score>". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/db.h"

enum { TOP = 50 };

static int fail(const char *what, const struct keel_err *e) {
  fprintf(stderr, "gen-scores: %s: %s\n", what, e->msg);
  return 1;
}

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

static int generate(const char *path, long n) {
  struct keel_err e = {0};
  db *d;
  if (db_open(path, DB_OPEN_CREATE, &d, &e)) return fail("open", &e);
  char sql[4096];
  snprintf(sql, sizeof sql,
           "BEGIN;"
           "INSERT INTO products(key, name, description, feature_seq, created_at, updated_at, version) "
           "VALUES ('SCO', 'Scoring bench', '', %ld, 1780000000, 1780000000, 1);"
           "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %ld) "
           "INSERT INTO features(product_id, number, title, status, horizon, backlog_rank, created_at, updated_at) "
           "SELECT 1, i, 'Feature ' || i, 'candidate', 'later', i * 65536, 1780000000, 1780000000 FROM n;"
           "INSERT INTO criteria(product_id, name, weight, position, created_at, updated_at) VALUES "
           "(1, 'Revenue', 3, 1, 1780000000, 1780000000), (1, 'Strategic fit', 2, 2, 1780000000, 1780000000), "
           "(1, 'Reach', 1, 3, 1780000000, 1780000000);"
           "INSERT INTO feature_criterion_values(feature_id, criterion_id, value) "
           "SELECT f.id, c.id, ((f.id * 7919 + c.id * 104729) %% 101) / 10.0 FROM features f CROSS JOIN criteria c;"
           "INSERT INTO feature_scores(feature_id, framework, inputs, score, label, updated_at) "
           "SELECT DISTINCT v.feature_id, 'weighted', '{}', NULL, '', 1780000000 " /* computed when read */
           "FROM feature_criterion_values v;"
           "COMMIT;",
           n, n);
  double t0 = now_ms();
  int rc = db_exec(d, sql, &e);
  if (rc) return fail("generate", &e);
  rc = db_exec(d, "ANALYZE;", &e);
  if (rc) return fail("analyze", &e);
  db_close(d);
  fprintf(stderr, "gen-scores: %ld features in %.1f s\n", n, (now_ms() - t0) / 1000);
  return 0;
}

struct best {
  int64_t id;
  double score;
};

/* 1 when a ranks before b: higher score, then lower id. */
static int before(const struct best *a, const struct best *b) {
  return a->score > b->score || (a->score == b->score && a->id < b->id);
}

static int bare(const char *path, double w_fit) {
  struct keel_err e = {0};
  db *d;
  if (db_open(path, DB_OPEN_EXISTING, &d, &e)) return fail("open", &e);
  db_stmt *st = db_prepare(d,
                           "SELECT v.feature_id, v.criterion_id, v.value FROM feature_criterion_values v "
                           "ORDER BY v.feature_id, v.criterion_id",
                           &e);
  if (!st) return fail("read", &e);
  size_t cap = 1 << 20, n = 0;
  int64_t *ids = malloc(cap * sizeof *ids);
  double *vals = malloc(cap * 3 * sizeof *vals);
  if (!ids || !vals) return 1;
  int r;
  while ((r = db_step(st)) > 0) {
    int64_t fid = db_col_int(st, 0), cid = db_col_int(st, 1);
    if (n == 0 || ids[n - 1] != fid) {
      if (n == cap) {
        cap *= 2;
        ids = realloc(ids, cap * sizeof *ids);
        vals = realloc(vals, cap * 3 * sizeof *vals);
        if (!ids || !vals) return 1;
      }
      ids[n++] = fid;
    }
    if (cid >= 1 && cid <= 3) vals[(n - 1) * 3 + (size_t)(cid - 1)] = db_col_double(st, 2);
  }
  db_done(st);
  db_close(d);
  double t0 = now_ms();
  double w[3] = {3, w_fit, 1}, total = w[0] + w[1] + w[2];
  double *scores = malloc(n * sizeof *scores);
  if (!scores) return 1;
  for (size_t i = 0; i < n; i++)
    scores[i] = (w[0] * vals[i * 3] + w[1] * vals[i * 3 + 1] + w[2] * vals[i * 3 + 2]) / total;
  struct best top[TOP];
  size_t nt = 0;
  for (size_t i = 0; i < n; i++) {
    struct best c = {ids[i], scores[i]};
    if (nt == TOP && !before(&c, &top[TOP - 1])) continue;
    size_t k = nt < TOP ? nt++ : TOP - 1;
    while (k > 0 && before(&c, &top[k - 1])) {
      top[k] = top[k - 1];
      k--;
    }
    top[k] = c;
  }
  double ms = now_ms() - t0;
  printf("bare_ms %.2f top %lld %.6f\n", ms, nt ? (long long)top[0].id : 0LL, nt ? top[0].score : 0.0);
  free(ids);
  free(vals);
  free(scores);
  return 0;
}

int main(int argc, char **argv) {
  if (db_global_init()) return 1;
  if (argc == 4 && strcmp(argv[1], "--bare") == 0) return bare(argv[2], atof(argv[3]));
  if (argc != 3) {
    fprintf(stderr, "usage: keel-bench-gen-scores DB FEATURES | --bare DB WEIGHT\n");
    return 2;
  }
  return generate(argv[1], atol(argv[2]));
}
