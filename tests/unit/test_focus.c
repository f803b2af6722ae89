/* test_focus.c — unit tests for trade-offs and focus health: the Now rule in
 * domain/focus.c (which capacity applies, how features weigh, what fits),
 * focus figures computed from a scripted history with fixed times (churn,
 * dwell, WIP, strategy age, warnings), and the app operations on a temporary
 * SQLite database: every path that changes a feature's horizon records it,
 * a move into a full Now is refused with nothing changed unless it names what
 * moves out and why, and a trade-off writes the moves, their horizon changes,
 * the decision and the audit together. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/focus.h"
#include "app/import.h"
#include "fixture.h"

enum { T0 = 1796000000 }; /* 2026-11-29, in 2026-Q4 */
#define DAY ((int64_t)FOCUS_DAY)

/* ---- domain: the rule ---- */

static void test_rule(void **state) {
  (void)state;
  struct now_limit l = now_limit_of(1, 12, 5);
  assert_int_equal(l.basis, NOW_BY_SIZE); /* team capacity wins over the Now limit */
  assert_true(l.capacity == 12);
  l = now_limit_of(0, 0, 5);
  assert_int_equal(l.basis, NOW_BY_COUNT);
  assert_true(l.capacity == 5);
  l = now_limit_of(0, 0, -1);
  assert_int_equal(l.basis, NOW_UNLIMITED);
  l = now_limit_of(1, 0, -1); /* capacity set to 0: nothing fits */
  assert_int_equal(l.basis, NOW_BY_SIZE);
  assert_false(now_fits(&l, 0, 0.5));

  assert_true(now_weight(NOW_BY_SIZE, 3, 2) == 3);   /* size first */
  assert_true(now_weight(NOW_BY_SIZE, 0, 2) == 2);   /* else RICE effort */
  assert_true(now_weight(NOW_BY_SIZE, 0, 0) == FOCUS_UNSIZED_SIZE);
  assert_true(now_weight(NOW_BY_COUNT, 3, 2) == 1);
  assert_true(now_weight(NOW_UNLIMITED, 3, 2) == 0);

  struct now_limit c = {NOW_BY_SIZE, 12};
  assert_true(now_fits(&c, 9, 3));
  assert_false(now_fits(&c, 11, 3));
  assert_true(now_fits(&c, 11 - 2, 3)); /* displacing 2 makes room */
  struct now_limit tenths = {NOW_BY_SIZE, 0.3};
  assert_true(now_fits(&tenths, 0.1, 0.2)); /* no rounding surprise */
  struct now_limit none = {NOW_UNLIMITED, 0};
  assert_true(now_fits(&none, 1e9, 1e9));
  assert_string_equal(now_basis_unit(NOW_BY_SIZE), "person-months");
  assert_string_equal(now_basis_unit(NOW_BY_COUNT), "features");
}

/* ---- domain: focus figures from a scripted history ---- */

#define CH(id_, f, k, fr, t, st, at_) {id_, f, k, k, fr, t, st, "pm", at_}

static void test_focus_history(void **state) {
  (void)state;
  arena *a = arena_new(0);
  const int64_t now = T0;
  /* Feature 1 entered Now 40 days ago and left unshipped 10 days ago (30 days).
   * Feature 2 entered 20 days ago and left 15 days ago unshipped (5 days).
   * Feature 3 entered 20 days ago and shipped out of Now 2 days ago (not dwell).
   * Feature 4 entered 5 days ago and is still there.
   * Feature 5 moved next -> later (not a Now change). */
  const struct hz_change h[] = {
      CH(1, 1, "PAY-1", HZ_UNPLANNED, HZ_NOW, FS_PLANNED, now - 40 * DAY),
      CH(2, 2, "PAY-2", HZ_NEXT, HZ_NOW, FS_PLANNED, now - 20 * DAY),
      CH(3, 3, "PAY-3", HZ_NEXT, HZ_NOW, FS_PLANNED, now - 20 * DAY),
      CH(4, 2, "PAY-2", HZ_NOW, HZ_LATER, FS_PLANNED, now - 15 * DAY),
      CH(5, 1, "PAY-1", HZ_NOW, HZ_NEXT, FS_CANDIDATE, now - 10 * DAY),
      CH(6, 4, "PAY-4", HZ_NEXT, HZ_NOW, FS_PLANNED, now - 5 * DAY),
      CH(7, 5, "PAY-5", HZ_NEXT, HZ_LATER, FS_PLANNED, now - 4 * DAY),
      CH(8, 3, "PAY-3", HZ_NOW, HZ_UNPLANNED, FS_SHIPPED, now - 2 * DAY),
  };
  struct team_wip teams[] = {{1, "Core", 2, 3, 0}, {2, "Edge", 4, 4, 0}, {3, "Free", -1, 9, 0}};
  int64_t qs, qe;
  period_bounds(period_of(now), &qs, &qe);
  struct focus_in in = {.now = now, .changes = h, .nchanges = 8, .now_count = 2, .teams = teams, .nteams = 3,
                        .has_vision = 1, .vision_at = now - 3 * DAY, .vision_revision = 5, .vision_changes = 3,
                        .objectives = 2, .objectives_at = now - 6 * DAY, .quarter_start = qs};
  struct focus_report r;
  focus_compute(a, &in, &r);
  /* Window: the last 30 days: entries 2, 3 (day -20), 6 (day -5); exits 4, 5, 8. */
  assert_int_equal(r.entries, 3);
  assert_int_equal(r.exits, 3);
  assert_int_equal(r.ncounted, 6);
  assert_int_equal(r.counted[0]->id, 2);
  assert_int_equal(r.counted[5]->id, 8);
  assert_true(r.churn_percent > 299.9 && r.churn_percent < 300.1); /* 6 changes over 2 in Now */
  /* Weeks: the last week holds days -5 and -2 (2 changes), the week before -10, ... */
  assert_int_equal(r.weekly[FOCUS_WEEKS - 1], 2);
  assert_int_equal(r.weekly[FOCUS_WEEKS - 2], 1);
  int64_t total = 0;
  for (int i = 0; i < FOCUS_WEEKS; i++) total += r.weekly[i];
  assert_int_equal(total, 7); /* every entry and exit in 13 weeks, feature 5's move not among them */
  /* Dwell: features 2 (5 days) and 1 (30 days); 3 shipped, so it does not count. */
  assert_int_equal(r.ndwell, 2);
  assert_int_equal(r.dwell_known, 2);
  assert_string_equal(r.dwell[0].left_now->key, "PAY-2");
  assert_true(r.dwell[0].days == 5);
  assert_true(r.dwell[1].days == 30);
  assert_true(r.dwell_median == 17.5);
  assert_true(r.dwell_mean == 17.5);
  assert_true(r.vision_age_days == 3);
  assert_true(r.objectives_age_days == 6);
  /* Warnings: churn, WIP (Core only), vision (3 > 2), objectives (6 days ago, mid-quarter); dwell's median 17.5 is fine. */
  assert_int_equal(teams[0].over, 1);
  assert_int_equal(teams[1].over, 0);
  assert_int_equal(teams[2].over, 0);
  const char *codes[] = {"churn", "wip", "vision", "objectives"};
  assert_int_equal(r.nwarnings, 4);
  for (size_t i = 0; i < 4; i++) assert_string_equal(r.warnings[i].code, codes[i]);
  assert_non_null(strstr(r.warnings[1].message, "Core"));

  /* A calm history: nothing warns; an exit whose entry is unknown counts as an item without a dwell. */
  const struct hz_change calm[] = {
      CH(1, 7, "PAY-7", HZ_NOW, HZ_NEXT, FS_PLANNED, now - 3 * DAY),
      CH(2, 8, "PAY-8", HZ_NEXT, HZ_NOW, FS_PLANNED, now - 1 * DAY),
  };
  struct focus_in in2 = {.now = now, .changes = calm, .nchanges = 2, .now_count = 10, .quarter_start = qs};
  focus_compute(a, &in2, &r);
  assert_int_equal(r.entries + r.exits, 2);
  assert_true(r.churn_percent == 20);
  assert_int_equal(r.ndwell, 1);
  assert_int_equal(r.dwell_known, 0);
  assert_int_equal(r.nwarnings, 0);
  assert_true(r.vision_age_days < 0);
  assert_true(r.objectives_age_days < 0);

  /* Short dwell warns: two items that stayed 1 and 3 days. */
  const struct hz_change quick[] = {
      CH(1, 1, "PAY-1", HZ_NEXT, HZ_NOW, FS_PLANNED, now - 9 * DAY),
      CH(2, 1, "PAY-1", HZ_NOW, HZ_NEXT, FS_PLANNED, now - 8 * DAY),
      CH(3, 2, "PAY-2", HZ_NEXT, HZ_NOW, FS_PLANNED, now - 9 * DAY),
      CH(4, 2, "PAY-2", HZ_NOW, HZ_LATER, FS_PLANNED, now - 6 * DAY),
  };
  struct focus_in in3 = {.now = now, .changes = quick, .nchanges = 4, .now_count = 20, .quarter_start = qs};
  focus_compute(a, &in3, &r);
  assert_int_equal(r.nwarnings, 1);
  assert_string_equal(r.warnings[0].code, "dwell");
  assert_true(r.dwell_median == 2);
  arena_free(a);
}

/* ---- app ---- */

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
  if (fixture_tmpdb(f->dir, sizeof f->dir, f->path, sizeof f->path, "focus")) return -1;
  if (db_open(f->path, DB_OPEN_CREATE, &f->d, &f->e)) return -1;
  f->a = arena_new(0);
  f->pm = (struct actor){fixture_add_user(f->d, "pm@example.com", ROLE_PM, T0), ROLE_PM, "Pat PM", "pm@example.com", 0};
  f->viewer = (struct actor){fixture_add_user(f->d, "v@example.com", ROLE_VIEWER, T0), ROLE_VIEWER, "Vic", "v@example.com", 0};
  struct app x = {f->d, f->a, &app_owner, T0, &f->e};
  struct product p;
  if (app_product_create(&x, "PAY", "Payments", "", &p)) return -1;
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

static struct app ctx(struct fx *f, const struct actor *who, int64_t at) {
  err_clear(&f->e);
  return (struct app){f->d, f->a, who, at, &f->e};
}

static int64_t count(struct fx *f, const char *sql) {
  int64_t n = fixture_count(f->d, sql);
  assert_true(n >= 0);
  return n;
}

/* Adds feature PAY-n with a RICE effort (0: none) in horizon h. */
static void add(struct fx *f, const char *title, double effort, enum horizon h) {
  struct app x = ctx(f, &f->pm, T0);
  struct feature_patch p = {.title = title, .has_horizon = h != HZ_UNPLANNED, .horizon = h};
  if (effort > 0)
    p.rice = (struct rice_patch){.has_reach = 1, .reach = 100, .has_impact = 1, .impact = 1, .has_confidence = 1,
                                 .confidence = 50, .has_effort = 1, .effort = effort};
  struct feature out;
  assert_int_equal(app_feature_create(&x, "PAY", &p, &out), KEEL_OK);
}

static int move(struct fx *f, const char *key, enum horizon h, const struct tradeoff_in *t) {
  struct app x = ctx(f, &f->pm, T0 + 60);
  struct feature_move m = {.has_horizon = 1, .horizon = h, .tradeoff = t};
  struct feature out;
  return app_feature_move(&x, key, &m, 0, &out);
}

static void test_every_path_records(void **state) {
  struct fx *f = *state;
  /* create with a horizon */
  add(f, "Payouts", 0, HZ_NEXT);
  assert_int_equal(count(f, "SELECT COUNT(*) FROM horizon_changes WHERE from_horizon = 'unplanned' AND to_horizon = 'next' "
                            "AND status = 'candidate' AND at = 1796000000"), 1);
  /* create without one: nothing to record */
  add(f, "Refunds", 0, HZ_UNPLANNED);
  assert_int_equal(count(f, "SELECT COUNT(*) FROM horizon_changes"), 1);
  /* the move */
  assert_int_equal(move(f, "PAY-2", HZ_LATER, NULL), KEEL_OK);
  assert_int_equal(count(f, "SELECT COUNT(*) FROM horizon_changes h JOIN users u ON u.id = h.actor_id "
                            "WHERE u.email = 'pm@example.com' AND from_horizon = 'unplanned' AND to_horizon = 'later'"), 1);
  /* a move that only ranks records nothing */
  struct app x = ctx(f, &f->pm, T0 + 70);
  struct feature_move top = {.to_top = 1};
  struct feature out;
  assert_int_equal(app_feature_move(&x, "PAY-2", &top, 0, &out), KEEL_OK);
  assert_int_equal(count(f, "SELECT COUNT(*) FROM horizon_changes"), 2);
  /* the edit (PATCH) with its status after */
  x = ctx(f, &f->pm, T0 + 80);
  struct feature_patch p = {.has_horizon = 1, .horizon = HZ_NOW, .has_status = 1, .status = FS_IN_PROGRESS};
  assert_int_equal(app_feature_update(&x, "PAY-1", &p, 0, &out), KEEL_OK);
  assert_int_equal(count(f, "SELECT COUNT(*) FROM horizon_changes WHERE from_horizon = 'next' AND to_horizon = 'now' "
                            "AND status = 'in_progress'"), 1);
  /* an edit that leaves the horizon records nothing */
  x = ctx(f, &f->pm, T0 + 90);
  struct feature_patch title = {.title = "Payouts v2"};
  assert_int_equal(app_feature_update(&x, "PAY-1", &title, 0, &out), KEEL_OK);
  assert_int_equal(count(f, "SELECT COUNT(*) FROM horizon_changes"), 3);
  /* promoting an idea makes an unplanned feature: nothing moves on the board */
  x = ctx(f, &f->pm, T0 + 100);
  struct idea_input ii = {.product = "PAY", .title = "Split payments", .source = "customer"};
  struct idea idea;
  assert_int_equal(app_idea_submit(&x, &ii, &idea), KEEL_OK);
  struct feature promoted;
  assert_int_equal(app_idea_promote(&x, idea.id, NULL, 0, &idea, &promoted), KEEL_OK);
  assert_int_equal(promoted.horizon, HZ_UNPLANNED);
  assert_int_equal(count(f, "SELECT COUNT(*) FROM horizon_changes"), 3);
  /* an import with a horizon column records each row's horizon */
  const char csv[] = "title,horizon\nImported one,now\nImported two,Later\nImported three,\n";
  FILE *fp = fmemopen((void *)csv, sizeof csv - 1, "rb");
  assert_non_null(fp);
  struct import_in in = {.kind = IMPORT_FEATURES, .name = "f.csv", .f = fp, .map = "title=title,horizon=horizon",
                         .product = "PAY", .horizon_map = "Later=later"};
  struct import_result r;
  x = ctx(f, &f->pm, T0 + 110);
  assert_int_equal(app_import(&x, &in, &r), KEEL_OK);
  fclose(fp);
  assert_int_equal(r.imported, 3);
  assert_int_equal(count(f, "SELECT COUNT(*) FROM horizon_changes WHERE at = 1796000110"), 2);
  /* every change is in the product's history, and focus reads them back in time order */
  x = ctx(f, &f->pm, T0 + 200);
  struct focus_view v;
  assert_int_equal(app_focus_get(&x, "PAY", &v), KEEL_OK);
  assert_int_equal(v.nchanges, 5);
  for (size_t i = 1; i < v.nchanges; i++) assert_true(v.changes[i - 1].at <= v.changes[i].at);
  assert_string_equal(v.changes[0].key, "PAY-1");
  assert_int_equal(v.report.entries, 2); /* PAY-1 by edit, the first import row */
}

static void test_count_rule_and_tradeoff(void **state) {
  struct fx *f = *state;
  struct app x = ctx(f, &f->pm, T0);
  struct product p;
  assert_int_equal(app_product_set_now_limit(&x, "PAY", 2, NULL, NULL, 0, &p), KEEL_OK);
  assert_int_equal(count(f, "SELECT now_limit FROM products WHERE key = 'PAY'"), 2);
  assert_int_equal(count(f, "SELECT COUNT(*) FROM audit WHERE action = 'product.update' AND after_json LIKE '%\"now_limit\":2}'"), 1);
  /* with a new name in the same change: one version, and a bad name changes nothing */
  int64_t v0 = p.version;
  assert_int_equal(app_product_set_now_limit(&x, "PAY", 2, "Payments EU", NULL, v0, &p), KEEL_OK);
  assert_int_equal(p.version, v0 + 1);
  assert_string_equal(p.name, "Payments EU");
  x = ctx(f, &f->pm, T0);
  assert_int_equal(app_product_set_now_limit(&x, "PAY", 9, "", NULL, 0, &p), KEEL_EINVAL);
  assert_int_equal(count(f, "SELECT now_limit FROM products WHERE key = 'PAY'"), 2);
  x = ctx(f, &f->viewer, T0);
  assert_int_equal(app_product_set_now_limit(&x, "PAY", 3, NULL, NULL, 0, &p), KEEL_EPERM);
  x = ctx(f, &f->pm, T0);
  assert_int_equal(app_product_set_now_limit(&x, "PAY", 3, NULL, NULL, p.version + 5, &p), KEEL_ESTALE);
  add(f, "One", 0, HZ_NOW);
  add(f, "Two", 0, HZ_NOW);
  add(f, "Three", 0, HZ_NEXT);
  int64_t audits = count(f, "SELECT COUNT(*) FROM audit"), changes = count(f, "SELECT COUNT(*) FROM horizon_changes");

  /* Full: refused, naming the capacity, with nothing changed. */
  struct now_state refusal = {0};
  struct tradeoff_in none = {.refusal = &refusal};
  assert_int_equal(move(f, "PAY-3", HZ_NOW, &none), KEEL_ECONFLICT);
  assert_string_equal(f->e.field, "displace");
  assert_non_null(strstr(f->e.msg, "2 of 2 features used; PAY-3 needs 1"));
  assert_string_equal(refusal.feature_key, "PAY-3");
  assert_int_equal(refusal.nitems, 2);
  assert_true(refusal.load == 2 && refusal.needed == 1 && refusal.limit.capacity == 2);
  assert_int_equal(move(f, "PAY-3", HZ_NOW, NULL), KEEL_ECONFLICT); /* the CLI's edit path gives no trade-off */
  struct app e = ctx(f, &f->pm, T0 + 5);
  struct feature_patch fp = {.has_horizon = 1, .horizon = HZ_NOW};
  struct feature out;
  assert_int_equal(app_feature_update(&e, "PAY-3", &fp, 0, &out), KEEL_ECONFLICT);
  /* A new feature straight into a full Now is refused too. */
  e = ctx(f, &f->pm, T0 + 5);
  struct feature_patch np = {.title = "Four", .has_horizon = 1, .horizon = HZ_NOW};
  assert_int_equal(app_feature_create(&e, "PAY", &np, &out), KEEL_ECONFLICT);
  const char *first[] = {"PAY-1"};
  struct tradeoff_in on_create = {.displace = first, .ndisplace = 1, .reason = "make room"};
  np.tradeoff = &on_create; /* trade-offs go with moves of existing features */
  e = ctx(f, &f->pm, T0 + 5);
  assert_int_equal(app_feature_create(&e, "PAY", &np, &out), KEEL_EINVAL);
  assert_string_equal(f->e.field, "displace");

  /* Bad trade-offs: no reason, a feature not in Now, itself, twice. */
  const char *one[] = {"PAY-1"}, *notnow[] = {"PAY-3"}, *twice[] = {"PAY-1", "PAY-1"}, *ghost[] = {"PAY-99"};
  struct tradeoff_in t = {.displace = one, .ndisplace = 1};
  assert_int_equal(move(f, "PAY-3", HZ_NOW, &t), KEEL_EINVAL);
  assert_string_equal(f->e.field, "reason");
  t.reason = "   ";
  assert_int_equal(move(f, "PAY-3", HZ_NOW, &t), KEEL_EINVAL);
  assert_string_equal(f->e.field, "reason");
  t = (struct tradeoff_in){.displace = notnow, .ndisplace = 1, .reason = "x"};
  assert_int_equal(move(f, "PAY-3", HZ_NOW, &t), KEEL_EINVAL);
  assert_string_equal(f->e.field, "displace");
  t = (struct tradeoff_in){.displace = ghost, .ndisplace = 1, .reason = "x"};
  assert_int_equal(move(f, "PAY-3", HZ_NOW, &t), KEEL_EINVAL);
  assert_string_equal(f->e.field, "displace");
  t = (struct tradeoff_in){.displace = twice, .ndisplace = 2, .reason = "x"};
  assert_int_equal(move(f, "PAY-3", HZ_NOW, &t), KEEL_EINVAL);
  t = (struct tradeoff_in){.displace = one, .ndisplace = 1, .reason = "x", .has_to = 1, .to = HZ_NOW};
  assert_int_equal(move(f, "PAY-3", HZ_NOW, &t), KEEL_EINVAL);
  assert_string_equal(f->e.field, "displace_to");
  t = (struct tradeoff_in){.displace = one, .ndisplace = 1, .reason = "x"};
  assert_int_equal(move(f, "PAY-3", HZ_LATER, &t), KEEL_EINVAL); /* displacing only goes with a move into Now */
  assert_int_equal(count(f, "SELECT COUNT(*) FROM audit"), audits);
  assert_int_equal(count(f, "SELECT COUNT(*) FROM horizon_changes"), changes);
  assert_int_equal(count(f, "SELECT COUNT(*) FROM features WHERE horizon = 'now'"), 2);

  /* The trade-off: PAY-1 goes to Later for PAY-3, all in one transaction. */
  t = (struct tradeoff_in){.displace = one, .ndisplace = 1, .reason = "the bank deadline", .has_to = 1, .to = HZ_LATER};
  assert_int_equal(move(f, "PAY-3", HZ_NOW, &t), KEEL_OK);
  assert_int_equal(count(f, "SELECT COUNT(*) FROM features WHERE horizon = 'now' AND number IN (2, 3)"), 2);
  assert_int_equal(count(f, "SELECT COUNT(*) FROM features WHERE horizon = 'later' AND number = 1 AND version = 2"), 1);
  assert_int_equal(count(f, "SELECT COUNT(*) FROM tradeoffs t JOIN features f ON f.id = t.feature_id "
                            "WHERE f.number = 3 AND t.reason = 'the bank deadline' AND t.horizon = 'now' "
                            "AND t.actor_id IS NOT NULL AND t.at = 1796000060"), 1);
  assert_int_equal(count(f, "SELECT COUNT(*) FROM tradeoff_displaced x JOIN features f ON f.id = x.feature_id "
                            "WHERE f.number = 1 AND x.to_horizon = 'later'"), 1);
  assert_int_equal(count(f, "SELECT COUNT(*) FROM horizon_changes"), changes + 2);
  assert_int_equal(count(f, "SELECT COUNT(*) FROM audit"), audits + 3); /* the displaced move, the decision, the move */
  assert_int_equal(count(f, "SELECT COUNT(*) FROM audit WHERE action = 'feature.tradeoff'"), 1);

  x = ctx(f, &f->viewer, T0 + 100);
  struct tradeoff *ts;
  size_t n;
  assert_int_equal(app_tradeoff_list(&x, "PAY", 10, &ts, &n), KEEL_OK);
  assert_int_equal(n, 1);
  assert_string_equal(ts[0].key, "PAY-3");
  assert_int_equal(ts[0].nout, 1);
  assert_string_equal(ts[0].out[0].key, "PAY-1");
  assert_int_equal(ts[0].out[0].to, HZ_LATER);
  assert_string_equal(ts[0].actor_name, "pm@example.com");
  assert_int_equal(app_tradeoff_list_feature(&x, "PAY-1", 10, &ts, &n), KEEL_OK); /* moved out */
  assert_int_equal(n, 1);
  assert_string_equal(ts[0].key, "PAY-3");
  assert_int_equal(app_tradeoff_list_feature(&x, "PAY-3", 10, &ts, &n), KEEL_OK); /* went in */
  assert_int_equal(n, 1);
  assert_int_equal(app_tradeoff_list_feature(&x, "PAY-2", 10, &ts, &n), KEEL_OK); /* stayed */
  assert_int_equal(n, 0);
  assert_int_equal(app_tradeoff_list_feature(&x, "PAY-99", 10, &ts, &n), KEEL_ENOTFOUND);
  assert_int_equal(app_tradeoff_list(&x, "NOPE", 10, &ts, &n), KEEL_ENOTFOUND);
  assert_int_equal(app_tradeoff_list(&x, "PAY", 0, &ts, &n), KEEL_EINVAL);

  /* Shipping frees room: a shipped feature in Now does not count. */
  x = ctx(f, &f->pm, T0 + 200);
  struct feature_patch ship = {.has_status = 1, .status = FS_SHIPPED};
  assert_int_equal(app_feature_update(&x, "PAY-2", &ship, 0, &out), KEEL_OK);
  assert_int_equal(move(f, "PAY-1", HZ_NOW, NULL), KEEL_OK);
  /* Clearing the limit: no limit at all. */
  x = ctx(f, &f->pm, T0 + 300);
  assert_int_equal(app_product_set_now_limit(&x, "PAY", -1, NULL, NULL, 0, &p), KEEL_OK);
  assert_int_equal(count(f, "SELECT COUNT(*) FROM products WHERE now_limit IS NULL"), 1);
  add(f, "Five", 0, HZ_NOW);
}

static void test_size_rule_with_team_capacity(void **state) {
  struct fx *f = *state;
  struct app x = ctx(f, &f->pm, T0);
  struct product p;
  assert_int_equal(app_product_set_now_limit(&x, "PAY", 1, NULL, NULL, 0, &p), KEEL_OK); /* ignored once teams have capacity */
  assert_int_equal(db_exec(f->d,
                           "INSERT INTO teams(id, product_id, name, wip_limit, created_at, updated_at) "
                           "SELECT 1, id, 'Core', 1, 0, 0 FROM products WHERE key = 'PAY';"
                           "INSERT INTO teams(id, product_id, name, wip_limit, created_at, updated_at) "
                           "SELECT 2, id, 'Edge', NULL, 0, 0 FROM products WHERE key = 'PAY';"
                           "INSERT INTO team_capacity(team_id, period, capacity) VALUES (1, '2026-Q4', 8), (2, '2026-Q4', 3), "
                           "(2, '2027-Q1', 50);",
                           &f->e),
                   KEEL_OK);
  add(f, "Big", 6, HZ_NOW);   /* RICE effort 6 */
  add(f, "Sized", 2, HZ_NOW); /* size 3 set below wins over effort 2 */
  add(f, "Unsized", 0, HZ_NOW);
  assert_int_equal(db_exec(f->d, "UPDATE features SET size = 3 WHERE number = 2", &f->e), KEEL_OK);
  add(f, "Next one", 3, HZ_NEXT);
  x = ctx(f, &f->pm, T0);
  struct now_state s;
  assert_int_equal(app_now_get(&x, "PAY", &p, &s), KEEL_OK);
  assert_int_equal(s.limit.basis, NOW_BY_SIZE);
  assert_true(s.limit.capacity == 11);
  assert_true(s.load == 10); /* 6 + 3 + 1 */
  assert_string_equal(s.period, "2026-Q4");

  struct now_state refusal = {0};
  struct tradeoff_in t = {.refusal = &refusal};
  assert_int_equal(move(f, "PAY-4", HZ_NOW, &t), KEEL_ECONFLICT);
  assert_non_null(strstr(f->e.msg, "10 of 11 person-months used; PAY-4 needs 3"));
  /* Displacing the unsized one frees 1: not enough. */
  const char *small[] = {"PAY-3"}, *big[] = {"PAY-1"};
  t = (struct tradeoff_in){.displace = small, .ndisplace = 1, .reason = "try", .refusal = &refusal};
  assert_int_equal(move(f, "PAY-4", HZ_NOW, &t), KEEL_ECONFLICT);
  assert_non_null(strstr(f->e.msg, "frees only 1"));
  assert_true(refusal.freed == 1);
  assert_int_equal(count(f, "SELECT COUNT(*) FROM features WHERE horizon = 'now'"), 3);
  assert_int_equal(count(f, "SELECT COUNT(*) FROM tradeoffs"), 0);
  t = (struct tradeoff_in){.displace = big, .ndisplace = 1, .reason = "smaller bet first"};
  assert_int_equal(move(f, "PAY-4", HZ_NOW, &t), KEEL_OK);
  assert_int_equal(count(f, "SELECT COUNT(*) FROM features WHERE horizon = 'next' AND number = 1"), 1);

  /* Focus: WIP per team against its limit. */
  assert_int_equal(db_exec(f->d, "UPDATE features SET team_id = 1, status = 'in_progress' WHERE number IN (2, 3)", &f->e),
                   KEEL_OK);
  x = ctx(f, &f->pm, T0 + 100);
  struct focus_view v;
  assert_int_equal(app_focus_get(&x, "PAY", &v), KEEL_OK);
  assert_int_equal(v.nteams, 2);
  assert_string_equal(v.teams[0].name, "Core");
  assert_int_equal(v.teams[0].in_progress, 2);
  assert_int_equal(v.teams[0].over, 1);
  assert_int_equal(v.teams[1].wip_limit, -1);
  int wip = 0;
  for (size_t i = 0; i < v.report.nwarnings; i++) wip += strcmp(v.report.warnings[i].code, "wip") == 0;
  assert_int_equal(wip, 1);
  buf b;
  buf_init(&b, 0);
  repr_focus(&b, &v);
  assert_non_null(strstr(buf_cstr(&b), "\"wip\":[{\"team\":\"Core\",\"in_progress\":2,\"limit\":1,\"over\":true}"));
  assert_non_null(strstr(buf_cstr(&b), "\"basis\":\"size\""));
  buf_free(&b);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_rule),
      cmocka_unit_test(test_focus_history),
      cmocka_unit_test_setup_teardown(test_every_path_records, setup, teardown),
      cmocka_unit_test_setup_teardown(test_count_rule_and_tradeoff, setup, teardown),
      cmocka_unit_test_setup_teardown(test_size_rule_with_team_capacity, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
