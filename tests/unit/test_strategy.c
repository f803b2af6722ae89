/* test_strategy.c — unit tests for the strategy area: the domain rules (vision
 * checks and the reason rule, persona and objective checks, key-result
 * progress for rising and falling metrics, objective progress as the mean of
 * clamped key results) and the app operations on a temporary SQLite database
 * (vision revisions refused when stale or without a reason, writing nothing;
 * check-ins moving the key result's current value in the same transaction;
 * personas of a feature refused when unknown; who may write; audit rows). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "app/competitors.h"
#include "app/strategy.h"
#include "fixture.h"

enum { T0 = 1790000000 };

/* ---- domain ---- */

static void test_kr_progress(void **state) {
  (void)state;
  struct key_result up = {.baseline = 0, .target = 40, .current = 10};
  assert_true(fabs(kr_progress(&up) - 25.0) < 1e-9);
  struct key_result down = {.baseline = 48, .target = 24, .current = 30};
  assert_true(fabs(kr_progress(&down) - 75.0) < 1e-9);
  down.current = 60; /* worse than the start */
  assert_true(fabs(kr_progress(&down) + 50.0) < 1e-9);
  assert_true(progress_clamp(kr_progress(&down)) == 0.0);
  up.current = 50; /* past the target */
  assert_true(fabs(kr_progress(&up) - 125.0) < 1e-9);
  assert_true(progress_clamp(kr_progress(&up)) == 100.0);
  assert_true(progress_clamp((double)NAN) == 0.0);
  struct key_result flat = {.baseline = 5, .target = 5, .current = 9};
  assert_true(kr_progress(&flat) == 0.0);
  struct key_result both[] = {{.baseline = 48, .target = 24, .current = 36}, {.baseline = 0, .target = 40, .current = 50}};
  assert_true(fabs(objective_progress(both, 2) - 75.0) < 1e-9); /* (50 + 100) / 2 */
  assert_true(objective_progress(NULL, 0) == 0.0);
}

static void test_checks(void **state) {
  (void)state;
  struct keel_err e;
  struct vision v = {.revision = 1, .reason = ""};
  for (int i = 0; i < VISION_NFIELDS; i++) v.fields[i] = "";
  assert_int_equal(vision_check(&v, &e), KEEL_OK);
  v.revision = 2;
  assert_int_equal(vision_check(&v, &e), KEEL_EINVAL);
  assert_string_equal(e.field, "reason");
  v.reason = "sharper";
  assert_int_equal(vision_check(&v, &e), KEEL_OK);
  v.fields[2] = "bad \x01 control";
  assert_int_equal(vision_check(&v, &e), KEEL_EINVAL);
  assert_string_equal(e.field, "what");
  assert_int_equal(vision_field_index("value_proposition"), 3);
  assert_int_equal(vision_field_index("nope"), -1);

  struct persona p = {.name = ""};
  for (int i = 0; i < PERSONA_NFIELDS; i++) p.fields[i] = "";
  assert_int_equal(persona_check(&p, &e), KEEL_EINVAL);
  assert_string_equal(e.field, "name");
  p.name = "Fiona";
  assert_int_equal(persona_check(&p, &e), KEEL_OK);

  struct objective o = {.period = "2026-Q5", .title = "t", .description = ""};
  assert_int_equal(objective_check(&o, &e), KEEL_EINVAL);
  assert_string_equal(e.field, "period");
  o.period = "2026-Q4";
  assert_int_equal(objective_check(&o, &e), KEEL_OK);
  o.title = "";
  assert_int_equal(objective_check(&o, &e), KEEL_EINVAL);
  assert_string_equal(e.field, "title");
  enum objective_status s;
  assert_int_equal(objective_status_parse("missed", &s), 0);
  assert_int_equal(s, OBJ_MISSED);
  assert_int_equal(objective_status_parse("done", &s), -1);

  struct key_result k = {.title = "KR", .metric = "", .unit = "", .baseline = 3, .target = 3};
  assert_int_equal(kr_check(&k, &e), KEEL_EINVAL);
  assert_string_equal(e.field, "target");
  k.target = (double)INFINITY;
  assert_int_equal(kr_check(&k, &e), KEEL_EINVAL);
  k.target = 4;
  assert_int_equal(kr_check(&k, &e), KEEL_OK);
  struct kr_checkin c = {.value = (double)NAN, .comment = ""};
  assert_int_equal(kr_checkin_check(&c, &e), KEEL_EINVAL);
  assert_string_equal(e.field, "value");
}

static void test_competitor_rules(void **state) {
  (void)state;
  struct keel_err e;
  int l = -1;
  assert_int_equal(capability_level_parse("on-par", &l), 0);
  assert_int_equal(l, 2);
  assert_int_equal(capability_level_parse("3", &l), 0);
  assert_int_equal(l, 3);
  assert_int_equal(capability_level_parse("4", &l), -1);
  assert_int_equal(capability_level_parse("", &l), -1);
  assert_string_equal(capability_level_label(1), "partial");
  assert_string_equal(capability_level_label(9), "?");
  struct competitor c = {.name = "Stripe", .website = "javascript:alert(1)", .strengths = "", .weaknesses = ""};
  assert_int_equal(competitor_check(&c, &e), KEEL_EINVAL);
  assert_string_equal(e.field, "website");
  c.website = "https://stripe.com";
  assert_int_equal(competitor_check(&c, &e), KEEL_OK);
  struct capability k = {.name = "Payouts", .ours = 4, .note = ""};
  assert_int_equal(capability_check(&k, &e), KEEL_EINVAL);
  assert_string_equal(e.field, "ours");
  k.ours = 0;
  assert_int_equal(capability_check(&k, &e), KEEL_OK);
}

/* ---- app, on a temporary SQLite database ---- */

struct fx {
  char dir[64], path[128];
  db *d;
  arena *a;
  struct keel_err e;
  struct actor pm, viewer;
};

static int setup(void **state) {
  struct fx *f = calloc(1, sizeof *f);
  if (!f) return -1;
  if (fixture_tmpdb(f->dir, sizeof f->dir, f->path, sizeof f->path, "strategy")) return -1;
  if (db_open(f->path, DB_OPEN_CREATE, &f->d, &f->e)) return -1;
  f->a = arena_new(0);
  f->pm = (struct actor){fixture_add_user(f->d, "pm@example.com", ROLE_PM, T0), ROLE_PM, "Pat PM", "pm@example.com", 0};
  f->viewer = (struct actor){fixture_add_user(f->d, "v@example.com", ROLE_VIEWER, T0), ROLE_VIEWER, "Vic", "v@example.com", 0};
  struct app x = {f->d, f->a, &app_owner, T0, &f->e};
  struct product p;
  if (app_product_create(&x, "PAY", "Payments", "", &p)) return -1;
  struct feature_patch fp = {.title = "Bulk refunds"};
  struct feature ft;
  if (app_feature_create(&x, "PAY", &fp, &ft)) return -1;
  *state = f;
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

static struct app ctx(struct fx *f, const struct actor *who) {
  err_clear(&f->e);
  return (struct app){f->d, f->a, who, T0 + 100, &f->e};
}

static int64_t count(struct fx *f, const char *sql) {
  int64_t n = fixture_count(f->d, sql);
  assert_true(n >= 0);
  return n;
}

static void test_vision_revisions(void **state) {
  struct fx *f = *state;
  struct app x = ctx(f, &f->pm);
  struct vision_patch p = {.fields = {"Money moves fast"}};
  struct vision v;
  assert_int_equal(app_vision_save(&x, "PAY", &p, 0, &v), KEEL_OK);
  assert_int_equal(v.revision, 1);
  int64_t audit = count(f, "SELECT COUNT(*) FROM audit");

  x = ctx(f, &f->pm);
  p = (struct vision_patch){.fields = {NULL, "Instant rails"}, .reason = "how"};
  assert_int_equal(app_vision_save(&x, "PAY", &p, 0, &v), KEEL_ESTALE); /* based on nothing, but 1 exists */
  assert_string_equal(f->e.field, "base_revision");
  x = ctx(f, &f->pm);
  p.reason = NULL;
  assert_int_equal(app_vision_save(&x, "PAY", &p, 1, &v), KEEL_EINVAL);
  assert_string_equal(f->e.field, "reason");
  x = ctx(f, &f->viewer);
  p.reason = "how";
  assert_int_equal(app_vision_save(&x, "PAY", &p, 1, &v), KEEL_EPERM);
  assert_int_equal(count(f, "SELECT COUNT(*) FROM vision_revisions"), 1);
  assert_int_equal(count(f, "SELECT COUNT(*) FROM audit"), audit);

  x = ctx(f, &f->pm);
  assert_int_equal(app_vision_save(&x, "PAY", &p, 1, &v), KEEL_OK);
  assert_int_equal(v.revision, 2);
  assert_string_equal(v.fields[0], "Money moves fast"); /* kept */
  assert_string_equal(v.fields[1], "Instant rails");
  assert_int_equal(count(f, "SELECT COUNT(*) FROM audit WHERE action = 'vision.revise'"), 2);

  struct vision a, b;
  x = ctx(f, &f->viewer);
  assert_int_equal(app_vision_compare(&x, "PAY", 1, 2, &a, &b), KEEL_OK);
  assert_false(vision_field_changed(&a, &b, 0));
  assert_true(vision_field_changed(&a, &b, 1));
  assert_int_equal(app_vision_compare(&x, "PAY", 1, 3, &a, &b), KEEL_ENOTFOUND);
}

static void test_checkins(void **state) {
  struct fx *f = *state;
  struct app x = ctx(f, &f->pm);
  struct objective_patch op = {.period = "2026-q4", .title = "Reliable payouts"};
  struct objective_view o;
  assert_int_equal(app_objective_create(&x, "PAY", &op, &o), KEEL_OK);
  assert_string_equal(o.o.period, "2026-Q4");
  assert_int_equal(o.o.owner_id, f->pm.user_id);
  x = ctx(f, &f->pm);
  struct kr_patch kp = {.title = "Payout time", .unit = "h", .has_baseline = 1, .baseline = 48, .has_target = 1, .target = 48};
  struct key_result k;
  assert_int_equal(app_kr_create(&x, o.o.id, &kp, &k), KEEL_EINVAL);
  assert_string_equal(f->e.field, "target");
  assert_int_equal(count(f, "SELECT COUNT(*) FROM key_results"), 0);
  x = ctx(f, &f->pm);
  kp.target = 24;
  assert_int_equal(app_kr_create(&x, o.o.id, &kp, &k), KEEL_OK);
  assert_true(k.current == 48);

  struct kr_checkin c;
  struct key_result after;
  x = ctx(f, &f->viewer);
  assert_int_equal(app_kr_checkin(&x, k.id, 30, "x", 0, &c, &after), KEEL_EPERM);
  x = ctx(f, &f->pm);
  assert_int_equal(app_kr_checkin(&x, k.id, (double)NAN, "x", 0, &c, &after), KEEL_EINVAL);
  x = ctx(f, &f->pm);
  assert_int_equal(app_kr_checkin(&x, k.id, 30, "x", 9, &c, &after), KEEL_ESTALE);
  assert_int_equal(count(f, "SELECT COUNT(*) FROM kr_checkins"), 0);
  x = ctx(f, &f->pm);
  assert_int_equal(app_kr_checkin(&x, k.id, 30, "batcher", 1, &c, &after), KEEL_OK);
  assert_int_equal(count(f, "SELECT COUNT(*) FROM kr_checkins"), 1);
  assert_int_equal(count(f, "SELECT CAST(current AS INTEGER) FROM key_results"), 30);
  assert_int_equal(after.version, 2);

  struct objective_view got;
  x = ctx(f, &f->viewer);
  assert_int_equal(app_objective_get(&x, o.o.id, &got), KEEL_OK);
  assert_true(fabs(got.progress - 75.0) < 1e-9);
  struct objective_view *list;
  size_t n;
  assert_int_equal(app_objective_list(&x, "PAY", "2026-Q4", &list, &n), KEEL_OK);
  assert_int_equal(n, 1);
  assert_int_equal(app_objective_list(&x, "PAY", "2027-Q1", &list, &n), KEEL_OK);
  assert_int_equal(n, 0);
  assert_int_equal(app_objective_list(&x, "PAY", "Q1", &list, &n), KEEL_EINVAL);
}

static void test_feature_personas(void **state) {
  struct fx *f = *state;
  struct app x = ctx(f, &f->pm);
  struct persona_patch pp = {.name = "Fiona"};
  struct persona p1, p2;
  assert_int_equal(app_persona_create(&x, "PAY", &pp, &p1), KEEL_OK);
  x = ctx(f, &f->pm);
  assert_int_equal(app_persona_create(&x, "PAY", &pp, &p2), KEEL_EEXISTS);
  x = ctx(f, &f->pm);
  pp.name = "Sam";
  assert_int_equal(app_persona_create(&x, "PAY", &pp, &p2), KEEL_OK);

  struct persona *out;
  size_t n;
  const char *refs[] = {"Fiona", "Nobody"};
  x = ctx(f, &f->pm);
  assert_int_equal(app_feature_personas(&x, "PAY-1", PERSONAS_SET, refs, 2, &out, &n), KEEL_EINVAL);
  assert_string_equal(f->e.field, "personas");
  assert_int_equal(count(f, "SELECT COUNT(*) FROM feature_personas"), 0);
  x = ctx(f, &f->pm);
  assert_int_equal(app_feature_personas(&x, "PAY-1", PERSONAS_ADD, refs, 1, &out, &n), KEEL_OK);
  const char *sam[] = {"Sam"};
  x = ctx(f, &f->pm);
  assert_int_equal(app_feature_personas(&x, "PAY-1", PERSONAS_ADD, sam, 1, &out, &n), KEEL_OK);
  assert_int_equal(n, 2);
  x = ctx(f, &f->pm);
  assert_int_equal(app_feature_personas(&x, "PAY-1", PERSONAS_REMOVE, refs, 1, &out, &n), KEEL_OK);
  assert_int_equal(n, 1);
  assert_string_equal(out[0].name, "Sam");

  x = ctx(f, &f->pm);
  assert_int_equal(app_persona_remove(&x, "PAY", "Sam", 5), KEEL_ESTALE);
  x = ctx(f, &f->pm);
  assert_int_equal(app_persona_remove(&x, "PAY", "Sam", 0), KEEL_OK);
  assert_int_equal(count(f, "SELECT COUNT(*) FROM feature_personas"), 0);
  assert_int_equal(count(f, "SELECT COUNT(*) FROM audit WHERE action LIKE 'persona.%'"), 3);
}

static void test_capability_matrix(void **state) {
  struct fx *f = *state;
  struct app x = ctx(f, &f->pm);
  struct competitor_patch cp = {.name = "Stripe"};
  struct competitor st;
  assert_int_equal(app_competitor_create(&x, "PAY", &cp, &st), KEEL_OK);
  struct capability cap;
  x = ctx(f, &f->pm);
  assert_int_equal(app_capability_add(&x, "PAY", "Payouts", 3, "", &cap), KEEL_OK);
  struct capability_set s = {.ours = -1, .competitor = "Stripe", .level = 5};
  x = ctx(f, &f->pm);
  assert_int_equal(app_capability_set(&x, "PAY", "Payouts", &s, 0, &cap), KEEL_EINVAL);
  assert_string_equal(f->e.field, "level");
  s.competitor = "Nobody";
  s.level = 2;
  x = ctx(f, &f->pm);
  assert_int_equal(app_capability_set(&x, "PAY", "Payouts", &s, 0, &cap), KEEL_EINVAL);
  assert_string_equal(f->e.field, "competitor");
  assert_int_equal(count(f, "SELECT COUNT(*) FROM competitor_capabilities"), 0);
  s.competitor = "Stripe";
  x = ctx(f, &f->viewer);
  assert_int_equal(app_capability_set(&x, "PAY", "Payouts", &s, 0, &cap), KEEL_EPERM);
  x = ctx(f, &f->pm);
  assert_int_equal(app_capability_set(&x, "PAY", "Payouts", &s, 0, &cap), KEEL_OK);
  s.level = 1; /* replaces, does not add */
  x = ctx(f, &f->pm);
  assert_int_equal(app_capability_set(&x, "PAY", "Payouts", &s, 0, &cap), KEEL_OK);
  struct capability_matrix m;
  x = ctx(f, &f->viewer);
  assert_int_equal(app_capability_matrix(&x, "PAY", &m), KEEL_OK);
  assert_int_equal(m.ncaps, 1);
  assert_int_equal(m.ncomps, 1);
  assert_int_equal(m.levels[0], 1);
  assert_int_equal(m.caps[0].ours, 3);
  x = ctx(f, &f->pm);
  assert_int_equal(app_competitor_remove(&x, "PAY", "Stripe", 0), KEEL_OK);
  assert_int_equal(count(f, "SELECT COUNT(*) FROM competitor_capabilities"), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_kr_progress),
      cmocka_unit_test(test_checks),
      cmocka_unit_test(test_competitor_rules),
      cmocka_unit_test_setup_teardown(test_capability_matrix, setup, teardown),
      cmocka_unit_test_setup_teardown(test_vision_revisions, setup, teardown),
      cmocka_unit_test_setup_teardown(test_checkins, setup, teardown),
      cmocka_unit_test_setup_teardown(test_feature_personas, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
