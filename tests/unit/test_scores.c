/* test_scores.c — unit tests for store/scores and app/scores on a temporary
 * SQLite database: setting and clearing scores in each framework (RICE and
 * ICE in the feature's columns, the others in feature_scores), refusals that
 * change nothing, who may score, the audit records, criteria with versions,
 * rescoring when a weight changes or a criterion goes, rankings with stable
 * ties, and the main framework. The same tests run again on PostgreSQL
 * when KEEL_TEST_PG names a cluster (a fresh database per test, made and
 * dropped with psql). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/app.h"
#include "app/scores.h"
#include "store/plan.h"
#include "store/scores.h"
#include "fixture.h"

enum { T0 = 1780000000 };

struct fx {
  char dir[64], path[128];
  db *d;
  arena *a;
  struct keel_err e;
  struct actor pm, viewer;
  struct app x;
};

/* PostgreSQL: the cluster's URL (NULL: SQLite) and a counter for database names. */
static const char *pg_url;
static int pg_seq;

/* Runs one statement on the cluster's "postgres" database with psql. */
static int psql(const char *sql) {
  char cmd[1024];
  snprintf(cmd, sizeof cmd, "psql '%s/postgres' -q -v ON_ERROR_STOP=1 -c '%s' >/dev/null", pg_url, sql);
  return system(cmd) == 0 ? 0 : -1;
}

static int setup(void **state) {
  struct fx *f = calloc(1, sizeof *f);
  if (!f) return -1;
  if (pg_url) {
    char sql[128];
    snprintf(f->dir, sizeof f->dir, "keel_unit_scores_%d_%d", (int)getpid(), ++pg_seq);
    snprintf(sql, sizeof sql, "CREATE DATABASE %s", f->dir);
    snprintf(f->path, sizeof f->path, "%s/%s", pg_url, f->dir);
    if (psql(sql) || db_open(f->path, DB_OPEN_EXISTING, &f->d, &f->e)) return -1;
  } else {
    if (fixture_tmpdb(f->dir, sizeof f->dir, f->path, sizeof f->path, "scores")) return -1;
    if (db_open(f->path, DB_OPEN_CREATE, &f->d, &f->e)) return -1;
  }
  f->a = arena_new(0);
  f->pm = (struct actor){fixture_add_user(f->d, "pm@example.com", ROLE_PM, T0), ROLE_PM, "Pat", "pm@example.com", 0};
  f->viewer = (struct actor){fixture_add_user(f->d, "v@example.com", ROLE_VIEWER, T0), ROLE_VIEWER, "Vic", "v@example.com", 0};
  f->x = (struct app){f->d, f->a, &f->pm, T0, &f->e};
  struct product p;
  if (app_product_create(&f->x, "PAY", "Payments", "", &p)) return -1;
  for (int i = 0; i < 4; i++) {
    struct feature_patch fp = {.title = "Feature"};
    struct feature out;
    if (app_feature_create(&f->x, "PAY", &fp, &out)) return -1;
  }
  *state = f;
  return 0;
}

static int teardown(void **state) {
  struct fx *f = *state;
  db_close(f->d);
  arena_free(f->a);
  if (pg_url) {
    char sql[128];
    snprintf(sql, sizeof sql, "DROP DATABASE %s", f->dir);
    psql(sql);
  } else {
    fixture_remove(f->dir, f->path);
  }
  free(f);
  return 0;
}

static struct fw_pair num(const char *name, double v) { return (struct fw_pair){name, 1, v, NULL}; }
static struct fw_pair str(const char *name, const char *v) { return (struct fw_pair){name, 0, 0, v}; }

static void set_wsjf(struct fx *f, const char *key, int bv, int tc, int rr, int js) {
  struct fw_pair p[4] = {num("business_value", bv), num("time_criticality", tc), num("risk_reduction", rr),
                         num("job_size", js)};
  struct score_view v;
  assert_int_equal(app_score_set(&f->x, key, "wsjf", p, 4, 0, &v), KEEL_OK);
}

static void test_wsjf_set_get_clear(void **state) {
  struct fx *f = *state;
  struct fw_pair p[4] = {num("business_value", 8), num("time_criticality", 5), num("risk_reduction", 3),
                         num("job_size", 5)};
  struct score_view v;
  struct feature before;
  assert_int_equal(app_feature_get(&f->x, "PAY-1", &before), KEEL_OK);
  assert_int_equal(app_score_set(&f->x, "PAY-1", "wsjf", p, 4, before.version, &v), KEEL_OK);
  assert_true(fabs(v.score - 3.2) < 1e-12);
  assert_string_equal(v.display, "3.2");
  assert_string_equal(v.explain, "(8 + 5 + 3) ÷ 5 = 3.2");
  assert_string_equal(v.inputs, "{\"business_value\":8,\"time_criticality\":5,\"risk_reduction\":3,\"job_size\":5}");
  /* The stale version is refused and nothing changes. */
  p[0] = num("business_value", 20);
  assert_int_equal(app_score_set(&f->x, "PAY-1", "wsjf", p, 4, before.version, &v), KEEL_ESTALE);
  struct feature_scores fs;
  assert_int_equal(app_scores_get(&f->x, "PAY-1", &fs), KEEL_OK);
  assert_int_equal(fs.main, FW_RICE);
  assert_true(fs.items[FW_WSJF].set);
  assert_string_equal(fs.items[FW_WSJF].display, "3.2");
  assert_string_equal(fs.items[FW_WSJF].explain, "(8 + 5 + 3) ÷ 5 = 3.2");
  assert_int_equal(fs.feature.version, before.version + 1);
  assert_false(fs.items[FW_KANO].set);
  /* Out of range: refused naming the field, nothing written. */
  p[3] = num("job_size", 4);
  assert_int_equal(app_score_set(&f->x, "PAY-1", "wsjf", p, 4, 0, &v), KEEL_EINVAL);
  assert_string_equal(f->e.field, "job_size");
  assert_int_equal(fixture_count(f->d, "SELECT COUNT(*) FROM feature_scores WHERE inputs LIKE '%\"job_size\":4%'"), 0);
  assert_int_equal(app_score_set(&f->x, "PAY-1", "nope", p, 4, 0, &v), KEEL_ENOTFOUND);
  assert_string_equal(f->e.field, "framework");
  /* History: one feature.score record with before and after. */
  assert_int_equal(fixture_count(f->d, "SELECT COUNT(*) FROM audit WHERE action = 'feature.score'"), 1);
  assert_int_equal(fixture_count(f->d, "SELECT COUNT(*) FROM audit WHERE action = 'feature.score' AND before_json IS NULL "
                                       "AND after_json LIKE '%\"score\":\"3.2\"%'"), 1);
  assert_int_equal(app_score_clear(&f->x, "PAY-1", "wsjf", 0), KEEL_OK);
  assert_int_equal(fixture_count(f->d, "SELECT COUNT(*) FROM feature_scores"), 0);
  assert_int_equal(fixture_count(f->d, "SELECT COUNT(*) FROM audit WHERE action = 'feature.unscore'"), 1);
  assert_int_equal(app_score_clear(&f->x, "PAY-1", "wsjf", 0), KEEL_ENOTFOUND);
}

static void test_roles(void **state) {
  struct fx *f = *state;
  struct app vx = {f->d, f->a, &f->viewer, T0, &f->e};
  struct fw_pair p[1] = {str("category", "must")};
  struct score_view v;
  assert_int_equal(app_score_set(&vx, "PAY-1", "moscow", p, 1, 0, &v), KEEL_EPERM);
  struct criterion_patch cp = {.name = "Revenue", .has_weight = 1, .weight = 2};
  struct criterion c;
  assert_int_equal(app_criterion_add(&vx, "PAY", &cp, &c), KEEL_EPERM);
  int64_t ver;
  assert_int_equal(app_product_framework_set(&vx, "PAY", "wsjf", 0, &ver), KEEL_EPERM);
  struct feature_scores fs;
  assert_int_equal(app_scores_get(&vx, "PAY-1", &fs), KEEL_OK);
  assert_int_equal(fixture_count(f->d, "SELECT COUNT(*) FROM feature_scores"), 0);
}

static void test_other_frameworks(void **state) {
  struct fx *f = *state;
  struct score_view v;
  struct fw_pair m[1] = {str("category", "should")};
  assert_int_equal(app_score_set(&f->x, "PAY-1", "moscow", m, 1, 0, &v), KEEL_OK);
  assert_string_equal(v.label, "should");
  struct fw_pair k[2] = {str("functional", "like"), str("dysfunctional", "expect")};
  assert_int_equal(app_score_set(&f->x, "PAY-1", "kano", k, 2, 0, &v), KEEL_OK);
  assert_string_equal(v.label, "attractive");
  struct fw_pair ve[2] = {num("value", 9), num("effort", 2)};
  assert_int_equal(app_score_set(&f->x, "PAY-1", "value_effort", ve, 2, 0, &v), KEEL_OK);
  assert_int_equal(fixture_count(f->d, "SELECT COUNT(*) FROM feature_scores WHERE framework = 'value_effort' AND "
                                       "inputs = '{\"value\":9,\"effort\":2}' AND score = 4.5"), 1);
  /* RICE and ICE go to the feature's columns. */
  struct fw_pair r[4] = {num("reach", 450), num("impact", 3), num("confidence", 100), num("effort", 2)};
  assert_int_equal(app_score_set(&f->x, "PAY-1", "rice", r, 4, 0, &v), KEEL_OK);
  assert_string_equal(v.display, "675");
  assert_int_equal(fixture_count(f->d, "SELECT rice_score FROM features WHERE number = 1"), 675);
  struct fw_pair bad[4] = {num("reach", 450), num("impact", 3), num("confidence", 101), num("effort", 2)};
  assert_int_equal(app_score_set(&f->x, "PAY-1", "rice", bad, 4, 0, &v), KEEL_EINVAL);
  assert_string_equal(f->e.field, "rice.confidence");
  struct fw_pair ice[3] = {num("impact", 8), num("confidence", 6), num("ease", 5)};
  assert_int_equal(app_score_set(&f->x, "PAY-1", "ice", ice, 3, 0, &v), KEEL_OK);
  struct feature_scores fs;
  assert_int_equal(app_scores_get(&f->x, "PAY-1", &fs), KEEL_OK);
  assert_string_equal(fs.items[FW_ICE].display, "240");
  assert_string_equal(fs.items[FW_KANO].explain, "functional like, dysfunctional expect → attractive = 3 of 5");
  assert_int_equal(app_score_clear(&f->x, "PAY-1", "ice", 0), KEEL_OK);
  assert_int_equal(fixture_count(f->d, "SELECT COUNT(*) FROM features WHERE ice_score IS NOT NULL"), 0);
  assert_int_equal(app_score_clear(&f->x, "PAY-1", "ice", 0), KEEL_ENOTFOUND);
}

static void test_weighted_rescoring(void **state) {
  struct fx *f = *state;
  struct criterion rev, fit, c;
  struct criterion_patch cp = {.name = "Revenue", .has_weight = 1, .weight = 3};
  struct fw_pair p[2] = {num("Revenue", 8), num("Fit", 5)};
  struct score_view v;
  /* No criteria yet: weighted scoring is refused. */
  assert_int_equal(app_score_set(&f->x, "PAY-1", "weighted", p, 1, 0, &v), KEEL_ECONFLICT);
  assert_int_equal(app_criterion_add(&f->x, "PAY", &cp, &rev), KEEL_OK);
  cp = (struct criterion_patch){.name = "Fit", .has_weight = 1, .weight = 1};
  assert_int_equal(app_criterion_add(&f->x, "PAY", &cp, &fit), KEEL_OK);
  assert_int_equal(app_criterion_add(&f->x, "PAY", &cp, &c), KEEL_EEXISTS);
  cp = (struct criterion_patch){.name = "Bad", .has_weight = 1, .weight = -1};
  assert_int_equal(app_criterion_add(&f->x, "PAY", &cp, &c), KEEL_EINVAL);
  assert_string_equal(f->e.field, "weight");
  assert_int_equal(app_score_set(&f->x, "PAY-1", "weighted", p, 2, 0, &v), KEEL_OK);
  assert_true(fabs(v.score - 7.25) < 1e-12);
  assert_string_equal(v.explain, "(3 × 8 + 1 × 5) ÷ 4 = 7.25");
  struct fw_pair q[2] = {num("Revenue", 2), num("Fit", 10)};
  assert_int_equal(app_score_set(&f->x, "PAY-2", "weighted", q, 2, 0, &v), KEEL_OK);
  assert_true(fabs(v.score - 4) < 1e-12);
  /* Missing a criterion, an unknown one, out of range: refused. */
  assert_int_equal(app_score_set(&f->x, "PAY-3", "weighted", p, 1, 0, &v), KEEL_EINVAL);
  assert_string_equal(f->e.field, "Fit");
  struct fw_pair u[3] = {num("Revenue", 2), num("Fit", 10), num("Speed", 1)};
  assert_int_equal(app_score_set(&f->x, "PAY-3", "weighted", u, 3, 0, &v), KEEL_EUNKNOWN);
  assert_string_equal(f->e.field, "Speed");
  u[1] = num("Fit", 11);
  assert_int_equal(app_score_set(&f->x, "PAY-3", "weighted", u, 2, 0, &v), KEEL_EINVAL);
  assert_string_equal(f->e.field, "Fit");
  /* Rank: PAY-1 (7.25) before PAY-2 (4). */
  struct rank_page rp;
  struct rank_in in = {.product = "PAY", .framework = "weighted"};
  assert_int_equal(app_rank(&f->x, &in, &rp), KEEL_OK);
  assert_int_equal(rp.n, 2);
  assert_string_equal(rp.items[0].key, "PAY-1");
  /* Fit weighs 9 now: PAY-1 = (24 + 45) / 12 = 5.75, PAY-2 = (6 + 90) / 12 = 8. Rescored in the same change. */
  struct criterion_patch w9 = {.has_weight = 1, .weight = 9};
  assert_int_equal(app_criterion_update(&f->x, fit.id, &w9, fit.version + 1, &c), KEEL_ESTALE);
  assert_int_equal(app_criterion_update(&f->x, fit.id, &w9, fit.version, &c), KEEL_OK);
  assert_int_equal(app_rank(&f->x, &in, &rp), KEEL_OK);
  assert_string_equal(rp.items[0].key, "PAY-2");
  assert_true(fabs(rp.items[0].score - 8) < 1e-12);
  assert_true(fabs(rp.items[1].score - 5.75) < 1e-12);
  /* All weights 0 is refused, nothing changes. */
  struct criterion_patch z = {.has_weight = 1, .weight = 0};
  assert_int_equal(app_criterion_update(&f->x, rev.id, &z, 0, &c), KEEL_OK);
  assert_int_equal(app_criterion_update(&f->x, fit.id, &z, 0, &c), KEEL_EINVAL);
  assert_string_equal(f->e.field, "weight");
  /* Removing the last weighted criterion is refused too (Revenue weighs 0). */
  assert_int_equal(app_criterion_remove(&f->x, fit.id, 0), KEEL_EINVAL);
  /* Removing Revenue: only Fit is left, scores are Fit's values. */
  assert_int_equal(app_criterion_remove(&f->x, rev.id, 0), KEEL_OK);
  assert_int_equal(app_rank(&f->x, &in, &rp), KEEL_OK);
  assert_string_equal(rp.items[0].key, "PAY-2");
  assert_true(fabs(rp.items[0].score - 10) < 1e-12);
  assert_true(fabs(rp.items[1].score - 5) < 1e-12);
  assert_int_equal(fixture_count(f->d, "SELECT COUNT(*) FROM feature_criterion_values"), 2);
  assert_int_equal(fixture_count(f->d, "SELECT COUNT(*) FROM audit WHERE action LIKE 'criterion.%'"), 5);
}

static void test_rank_ties_and_main(void **state) {
  struct fx *f = *state;
  set_wsjf(f, "PAY-3", 8, 5, 3, 5); /* 3.2 */
  set_wsjf(f, "PAY-1", 8, 5, 3, 5); /* 3.2: a tie, PAY-1 is higher in the backlog */
  set_wsjf(f, "PAY-2", 20, 20, 20, 1);
  int64_t ver;
  assert_int_equal(app_product_framework_set(&f->x, "PAY", "kano", 0, &ver), KEEL_OK);
  assert_int_equal(app_product_framework_set(&f->x, "PAY", "wsjf", ver - 1, &ver), KEEL_ESTALE);
  assert_int_equal(app_product_framework_set(&f->x, "PAY", "wsjf", ver, &ver), KEEL_OK);
  assert_int_equal(app_product_framework_set(&f->x, "PAY", "best", 0, &ver), KEEL_EINVAL);
  assert_string_equal(f->e.field, "main_framework");
  struct rank_page rp;
  struct rank_in in = {.product = "PAY"};
  assert_int_equal(app_rank(&f->x, &in, &rp), KEEL_OK);
  assert_int_equal(rp.fw, FW_WSJF);
  assert_int_equal(rp.n, 3);
  assert_string_equal(rp.items[0].key, "PAY-2");
  assert_string_equal(rp.items[1].key, "PAY-1");
  assert_string_equal(rp.items[2].key, "PAY-3");
  assert_string_equal(rp.items[2].display, "3.2");
  in.limit = "2";
  assert_int_equal(app_rank(&f->x, &in, &rp), KEEL_OK);
  assert_int_equal(rp.n, 2);
  assert_int_equal(rp.next_offset, 2);
  in.offset = "2";
  assert_int_equal(app_rank(&f->x, &in, &rp), KEEL_OK);
  assert_int_equal(rp.n, 1);
  assert_int_equal(rp.items[0].place, 3);
  assert_int_equal(rp.next_offset, -1);
  in.limit = "0";
  assert_int_equal(app_rank(&f->x, &in, &rp), KEEL_EINVAL);
  assert_string_equal(f->e.field, "limit");
  assert_int_equal(fixture_count(f->d, "SELECT COUNT(*) FROM audit WHERE action = 'product.framework'"), 2);
}

/* Weighted scores are computed when read: the rows keep no number; a new
 * weight reorders the ranking without touching a score row; pages of the
 * ranking agree with a sort done here (score, then backlog order, then id),
 * ties across the page boundary included; the planner reads the same
 * scores; a feature left without values by a removed criterion is no longer
 * scored. */
static void test_weighted_computed_when_read(void **state) {
  struct fx *f = *state;
  enum { N = 40 };
  struct criterion a, b, c;
  struct criterion_patch cp = {.name = "A", .has_weight = 1, .weight = 2};
  assert_int_equal(app_criterion_add(&f->x, "PAY", &cp, &a), KEEL_OK);
  cp = (struct criterion_patch){.name = "B", .has_weight = 1, .weight = 1};
  assert_int_equal(app_criterion_add(&f->x, "PAY", &cp, &b), KEEL_OK);
  double va[N + 1], vb[N + 1];
  for (int i = 5; i <= N; i++) {
    struct feature_patch fp = {.title = "More"};
    struct feature out;
    assert_int_equal(app_feature_create(&f->x, "PAY", &fp, &out), KEEL_OK);
  }
  for (int i = 1; i <= N; i++) {
    va[i] = (double)((i * 7) % 5);  /* few distinct values: many ties */
    vb[i] = (double)((i * 3) % 4);
    struct fw_pair p[2] = {num("A", va[i]), num("B", vb[i])};
    struct score_view v;
    char key[16];
    snprintf(key, sizeof key, "PAY-%d", i);
    assert_int_equal(app_score_set(&f->x, key, "weighted", p, 2, 0, &v), KEEL_OK);
  }
  assert_int_equal(fixture_count(f->d, "SELECT COUNT(*) FROM feature_scores WHERE framework = 'weighted'"), N);
  assert_int_equal(fixture_count(f->d, "SELECT COUNT(*) FROM feature_scores WHERE framework = 'weighted' "
                                       "AND score IS NOT NULL"), 0);
  /* B weighs 5 now; no score row is written by that. */
  int64_t before = fixture_count(f->d, "SELECT SUM(updated_at) FROM feature_scores");
  f->x.now = T0 + 50;
  struct criterion_patch w5 = {.has_weight = 1, .weight = 5};
  assert_int_equal(app_criterion_update(&f->x, b.id, &w5, 0, &c), KEEL_OK);
  assert_int_equal(fixture_count(f->d, "SELECT SUM(updated_at) FROM feature_scores"), before);
  /* Expected order: score = (2a + 5b) / 7 high first; ties by backlog order,
   * which is creation order here, so by number. */
  int order[N];
  for (int i = 0; i < N; i++) order[i] = i + 1;
  for (int i = 1; i < N; i++)
    for (int j = i; j > 0; j--) {
      double sj = 2 * va[order[j]] + 5 * vb[order[j]], sp = 2 * va[order[j - 1]] + 5 * vb[order[j - 1]];
      if (sj > sp) {
        int t = order[j];
        order[j] = order[j - 1];
        order[j - 1] = t;
      }
    }
  struct rank_in in = {.product = "PAY", .framework = "weighted"};
  const char *limits[] = {"1", "3", "7", "40"};
  for (size_t li = 0; li < 4; li++) {
    int lim = atoi(limits[li]);
    for (int off = 0; off < N; off += lim) {
      char offs[16];
      snprintf(offs, sizeof offs, "%d", off);
      in.limit = limits[li];
      in.offset = offs;
      struct rank_page rp;
      assert_int_equal(app_rank(&f->x, &in, &rp), KEEL_OK);
      for (size_t k = 0; k < rp.n; k++) {
        char want[16];
        snprintf(want, sizeof want, "PAY-%d", order[off + (int)k]);
        assert_string_equal(rp.items[k].key, want);
        double ws = (2 * va[order[off + (int)k]] + 5 * vb[order[off + (int)k]]) / 7;
        assert_true(fabs(rp.items[k].score - ws) < 1e-12);
      }
      assert_int_equal(rp.n, (size_t)(N - off < lim ? N - off : lim));
    }
  }
  /* The planner reads the same computed scores. */
  struct plan_row *rows;
  size_t nr;
  assert_int_equal(store_plan_rows(f->d, f->a, 1, "weighted", &rows, &nr, &f->e), KEEL_OK);
  assert_int_equal(nr, N);
  for (size_t i = 0; i < nr; i++) {
    int num_ = (int)rows[i].number;
    assert_true(rows[i].has_score);
    assert_true(fabs(rows[i].score - (2 * va[num_] + 5 * vb[num_]) / 7) < 1e-12);
  }
  /* C is added after every feature was scored; removing A then B leaves
   * only the features with a value for C scored (none here: all are pruned
   * when B goes, apart from the one scored in C). */
  cp = (struct criterion_patch){.name = "C", .has_weight = 1, .weight = 1};
  assert_int_equal(app_criterion_add(&f->x, "PAY", &cp, &c), KEEL_OK);
  struct fw_pair p3[3] = {num("A", 1), num("B", 1), num("C", 9)};
  struct score_view v3;
  assert_int_equal(app_score_set(&f->x, "PAY-1", "weighted", p3, 3, 0, &v3), KEEL_OK);
  assert_int_equal(app_criterion_remove(&f->x, a.id, 0), KEEL_OK);
  assert_int_equal(fixture_count(f->d, "SELECT COUNT(*) FROM feature_scores WHERE framework = 'weighted'"), N);
  assert_int_equal(app_criterion_remove(&f->x, b.id, 0), KEEL_OK);
  assert_int_equal(fixture_count(f->d, "SELECT COUNT(*) FROM feature_scores WHERE framework = 'weighted'"), 1);
  in.limit = "10";
  in.offset = "0";
  struct rank_page rp;
  assert_int_equal(app_rank(&f->x, &in, &rp), KEEL_OK);
  assert_int_equal(rp.n, 1);
  assert_string_equal(rp.items[0].key, "PAY-1");
  assert_true(fabs(rp.items[0].score - 9) < 1e-12);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_wsjf_set_get_clear, setup, teardown),
      cmocka_unit_test_setup_teardown(test_roles, setup, teardown),
      cmocka_unit_test_setup_teardown(test_other_frameworks, setup, teardown),
      cmocka_unit_test_setup_teardown(test_weighted_rescoring, setup, teardown),
      cmocka_unit_test_setup_teardown(test_rank_ties_and_main, setup, teardown),
      cmocka_unit_test_setup_teardown(test_weighted_computed_when_read, setup, teardown),
  };
  int failed = cmocka_run_group_tests_name("scores on SQLite", tests, NULL, NULL);
  pg_url = getenv("KEEL_TEST_PG");
  if (pg_url && *pg_url) failed += cmocka_run_group_tests_name("scores on PostgreSQL", tests, NULL, NULL);
  else printf("scores on PostgreSQL: skipped (KEEL_TEST_PG is not set)\n");
  return failed;
}
