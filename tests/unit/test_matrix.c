/* test_matrix.c — unit tests for the impact vs effort matrix: quadrants at
 * their edges, the layout of points that share a position (all apart, none
 * outside its cell), and reading the matrix from a workspace (app/matrix.c,
 * store/matrix.c) with its filters, what counts as unscored, and who may see
 * it. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/matrix.h"
#include "domain/matrix.h"
#include "fixture.h"

enum { T0 = 1700000000 };

static void test_quadrants(void **state) {
  (void)state;
  assert_int_equal(matrix_quadrant(10, 1), Q_QUICK_WINS);
  assert_int_equal(matrix_quadrant(5.5, 5.49), Q_QUICK_WINS); /* the middle counts as high */
  assert_int_equal(matrix_quadrant(5.5, 5.5), Q_BIG_BETS);
  assert_int_equal(matrix_quadrant(5.49, 5.49), Q_FILL_INS);
  assert_int_equal(matrix_quadrant(1, 10), Q_TIME_SINKS);
  assert_int_equal(matrix_quadrant(5.49, 5.5), Q_TIME_SINKS);
  assert_string_equal(quadrant_name(Q_BIG_BETS), "big_bets");
  assert_string_equal(quadrant_label(Q_FILL_INS), "Fill-ins");
  assert_string_equal(quadrant_name(Q_TIME_SINKS), "time_sinks");
}

/* Fifty points on one position and one alone: the lone one is not moved;
 * the fifty are pairwise apart, within the spread, and in the caller's order
 * row by row. */
static void test_layout(void **state) {
  (void)state;
  enum { N = 51 };
  struct matrix_point p[N];
  memset(p, 0, sizeof p);
  for (int i = 0; i < N; i++) {
    p[i].id = i + 1;
    p[i].value = i == N - 1 ? 2 : 8;
    p[i].effort = i == N - 1 ? 9 : 3;
  }
  matrix_layout(p, N);
  assert_true(p[N - 1].dx == 0 && p[N - 1].dy == 0);
  assert_int_equal(p[N - 1].quadrant, Q_TIME_SINKS);
  for (int i = 0; i < N - 1; i++) {
    assert_int_equal(p[i].quadrant, Q_QUICK_WINS);
    assert_true(fabs(p[i].dx) <= MATRIX_SPREAD && fabs(p[i].dy) <= MATRIX_SPREAD);
    for (int j = 0; j < i; j++) {
      double d = hypot(p[i].dx - p[j].dx, p[i].dy - p[j].dy);
      assert_true(d > 0.05); /* 8 x 8 grid over 0.84: pitch 0.105 */
    }
  }
  assert_true(p[0].dx < p[1].dx); /* row by row, in order */
  assert_true(p[0].dy == p[1].dy);
  /* one point alone is left on its position */
  struct matrix_point one = {.id = 1, .value = 3, .effort = 3, .dx = 7, .dy = 7};
  matrix_layout(&one, 1);
  assert_true(one.dx == 0 && one.dy == 0);
  assert_int_equal(one.quadrant, Q_FILL_INS);
}

static void test_order(void **state) {
  (void)state;
  struct matrix_point p[4] = {
      {.id = 4, .value = 5, .effort = 2}, {.id = 3, .value = 9, .effort = 7},
      {.id = 2, .value = 9, .effort = 2}, {.id = 1, .value = 9, .effort = 2},
  };
  qsort(p, 4, sizeof p[0], matrix_point_cmp);
  assert_int_equal(p[0].id, 1); /* value high first, then effort low, then id */
  assert_int_equal(p[1].id, 2);
  assert_int_equal(p[2].id, 3);
  assert_int_equal(p[3].id, 4);
}

struct fx {
  char dir[64], path[160];
  db *d;
  arena *a;
  struct keel_err e;
  int64_t team, initiative, other_team;
};

static struct app ctx(struct fx *f, const struct actor *who) {
  err_clear(&f->e);
  struct app x = {f->d, f->a, who, T0 + 100, &f->e};
  return x;
}

static void exec(struct fx *f, const char *sql) {
  if (db_exec(f->d, sql, &f->e)) fail_msg("%s: %s", sql, f->e.msg);
}

/* PAY with five features: PAY-1 quick win (team Core, initiative Growth),
 * PAY-2 big bet (Core), PAY-3 time sink, PAY-4 unscored, PAY-5 shipped
 * (scored, never drawn); INS-1 a fill-in; PAY-6 has a broken stored score. */
static int setup(void **state) {
  struct fx *f = calloc(1, sizeof *f);
  if (!f || fixture_tmpdb(f->dir, sizeof f->dir, f->path, sizeof f->path, "matrix")) return -1;
  if (db_open(f->path, DB_OPEN_CREATE, &f->d, &f->e)) return -1;
  f->a = arena_new(0);
  struct app x = ctx(f, &app_owner);
  struct product p;
  struct feature ft;
  int rc = app_product_create(&x, "PAY", "Payments", "", &p);
  if (!rc) rc = app_product_create(&x, "INS", "Insights", "", &p);
  const char *titles[] = {"Apple Pay", "Multi-currency", "Invoice logos", "Payouts", "Old thing", "Broken"};
  for (int i = 0; i < 6 && !rc; i++) rc = app_feature_create(&x, "PAY", &(struct feature_patch){.title = titles[i]}, &ft);
  if (!rc) rc = app_feature_create(&x, "INS", &(struct feature_patch){.title = "Dashboards <b>"}, &ft);
  if (rc) return -1;
  *state = f;
  exec(f, "INSERT INTO teams(id, product_id, name, created_at, updated_at) VALUES (1, 1, 'Core', 0, 0), (2, 1, 'Edge', 0, 0), "
          "(3, 2, 'Core', 0, 0)");
  exec(f, "INSERT INTO initiatives(id, product_id, name, created_at, updated_at) VALUES (1, 1, 'Growth', 0, 0)");
  exec(f, "UPDATE features SET team_id = 1, initiative_id = 1 WHERE id = 1");
  exec(f, "UPDATE features SET team_id = 1 WHERE id = 2");
  exec(f, "UPDATE features SET status = 'shipped' WHERE id = 5");
  exec(f, "INSERT INTO feature_scores(feature_id, framework, inputs, score, updated_at) VALUES "
          "(1, 'value_effort', '{\"value\":9,\"effort\":2}', 4.5, 0), (2, 'value_effort', '{\"value\":8,\"effort\":8}', 1, 0), "
          "(3, 'value_effort', '{\"value\":2,\"effort\":9}', 0.2, 0), (5, 'value_effort', '{\"value\":9,\"effort\":1}', 9, 0), "
          "(6, 'value_effort', '{\"value\":\"high\"}', 0, 0), (7, 'value_effort', '{\"value\":3,\"effort\":2}', 1.5, 0), "
          "(4, 'wsjf', '{}', 3, 0)");
  return 0;
}

static int teardown(void **state) {
  struct fx *f = *state;
  db_close(f->d);
  arena_free(f->a);
  fixture_remove(f->dir, f->path);
  free(f);
  return 0;
}

static void test_read(void **state) {
  struct fx *f = *state;
  struct actor viewer = {99, ROLE_VIEWER, "Vic", "vic@example.com", 0};
  struct app x = ctx(f, &viewer);
  struct matrix_view v;
  assert_int_equal(app_matrix(&x, &(struct matrix_in){.product = "PAY"}, &v), KEEL_OK);
  assert_int_equal(v.n, 3);
  assert_string_equal(v.points[0].key, "PAY-1");
  assert_int_equal(v.points[0].quadrant, Q_QUICK_WINS);
  assert_string_equal(v.points[1].key, "PAY-2");
  assert_int_equal(v.points[1].quadrant, Q_BIG_BETS);
  assert_string_equal(v.points[2].key, "PAY-3");
  assert_int_equal(v.count[Q_TIME_SINKS], 1);
  assert_int_equal(v.count[Q_FILL_INS], 0);
  assert_int_equal(v.unscored, 2); /* PAY-4 (scored only in WSJF) and PAY-6 (unreadable inputs) */
  assert_int_equal(v.nteams, 2);
  assert_int_equal(v.ninitiatives, 1);

  assert_int_equal(app_matrix(&x, &(struct matrix_in){0}, &v), KEEL_OK);
  assert_int_equal(v.n, 4); /* every product */
  assert_int_equal(v.count[Q_FILL_INS], 1);
  assert_null(v.product);

  assert_int_equal(app_matrix(&x, &(struct matrix_in){.product = "PAY", .team = "Core"}, &v), KEEL_OK);
  assert_int_equal(v.n, 2);
  assert_int_equal(v.team_id, 1);
  assert_int_equal(v.unscored, 0);
  assert_int_equal(app_matrix(&x, &(struct matrix_in){.product = "PAY", .initiative = "Growth"}, &v), KEEL_OK);
  assert_int_equal(v.n, 1);
  assert_int_equal(app_matrix(&x, &(struct matrix_in){.initiative = "1"}, &v), KEEL_OK); /* an id needs no product */
  assert_int_equal(v.n, 1);
  assert_int_equal(app_matrix(&x, &(struct matrix_in){.product = "INS", .team = "3"}, &v), KEEL_OK);
  assert_int_equal(v.n, 0);
  assert_int_equal(v.unscored, 0);

  assert_int_equal(app_matrix(&x, &(struct matrix_in){.product = "NOPE"}, &v), KEEL_EINVAL);
  assert_string_equal(f->e.field, "product");
  assert_int_equal(app_matrix(&x, &(struct matrix_in){.product = "INS", .team = "1"}, &v), KEEL_EINVAL);
  assert_string_equal(f->e.field, "team"); /* team 1 is PAY's */
  assert_int_equal(app_matrix(&x, &(struct matrix_in){.team = "Core"}, &v), KEEL_EINVAL); /* a name needs a product */
  assert_int_equal(app_matrix(&x, &(struct matrix_in){.product = "PAY", .initiative = "Nope"}, &v), KEEL_EINVAL);
  assert_string_equal(f->e.field, "initiative");

  struct actor nobody = {0, ROLE_NONE, NULL, NULL, 0};
  struct actor portal = {98, ROLE_PORTAL, "Pia", "pia@acme.test", 1};
  x = ctx(f, &nobody);
  assert_int_equal(app_matrix(&x, &(struct matrix_in){0}, &v), KEEL_EAUTH);
  x = ctx(f, &portal);
  assert_int_equal(app_matrix(&x, &(struct matrix_in){0}, &v), KEEL_EPERM);
}

/* The JSON the API and the CLI print. */
static void test_repr(void **state) {
  struct fx *f = *state;
  struct app x = ctx(f, &app_owner);
  struct matrix_view v;
  assert_int_equal(app_matrix(&x, &(struct matrix_in){.product = "INS"}, &v), KEEL_OK);
  buf b;
  buf_init(&b, 0);
  repr_matrix(&b, &v);
  assert_string_equal(buf_cstr(&b),
                      "{\"product\":\"INS\",\"midpoint\":5.5,\"quadrants\":{\"quick_wins\":{\"label\":\"Quick wins\",\"count\":0},"
                      "\"big_bets\":{\"label\":\"Big bets\",\"count\":0},\"fill_ins\":{\"label\":\"Fill-ins\",\"count\":1},"
                      "\"time_sinks\":{\"label\":\"Time sinks\",\"count\":0}},\"points\":[{\"key\":\"INS-1\",\"title\":"
                      "\"Dashboards <b>\",\"status\":\"candidate\",\"value\":3,\"effort\":2,\"quadrant\":\"fill_ins\"}],"
                      "\"unscored\":0,\"left_out\":0}");
  buf_free(&b);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_quadrants),
      cmocka_unit_test(test_layout),
      cmocka_unit_test(test_order),
      cmocka_unit_test_setup_teardown(test_read, setup, teardown),
      cmocka_unit_test_setup_teardown(test_repr, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
