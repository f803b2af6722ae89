/* test_app.c — unit tests for app/, the operations shared by the CLI and the
 * web, on a temporary SQLite database: permission checks per role, the idea
 * life cycle (review, promote, decline, duplicate, reopen), votes, feature
 * creation and RICE/ICE merging, optimistic versions (a stale write changes
 * nothing), the audit trail (failures write none, successes exactly one),
 * ranking moves including forced renumbering, list paging, sign-in with
 * throttling, sessions, API tokens, the last-admin rule and history.
 *
 * Users are created once (argon2 is slow on purpose) in a template database
 * that each test copies. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/app.h"
#include "core/crypto.h"
#include "domain/rank.h"
#include "domain/score.h"
#include "store/audit.h"
#include "store/users.h"
#include "fixture.h"

enum { T0 = 1700000000 };

/* The template: five users (one per role, two contributors) and two products. */
static struct {
  char dir[64];
  char tmpl[128];
  int64_t admin, pm, c1, c2, viewer;
  int counter;
} W;

struct fx {
  char path[160];
  db *d;
  arena *a;
  struct keel_err e;
  int64_t now;
  struct actor admin, pm, c1, c2, viewer, nobody;
};

static const char *const PW_ADMIN = "admin-password", *const PW_PM = "pm-password", *const PW_C1 = "c1-password",
                  *const PW_VIEWER = "viewer-password";

static int group_setup(void **state) {
  (void)state;
  if (crypto_init()) return -1;
  snprintf(W.dir, sizeof W.dir, "/tmp/keel-app-XXXXXX");
  if (!mkdtemp(W.dir)) return -1;
  snprintf(W.tmpl, sizeof W.tmpl, "%s/template.db", W.dir);
  struct keel_err e;
  db *d = NULL;
  if (db_open(W.tmpl, DB_OPEN_CREATE, &d, &e)) return -1;
  arena *a = arena_new(0);
  struct app x = {d, a, &app_owner, T0, &e};
  struct user u;
  int rc = app_user_create(&x, "admin@example.com", "Ada Admin", ROLE_ADMIN, PW_ADMIN, &u);
  W.admin = u.id;
  if (!rc) rc = app_user_create(&x, "pm@example.com", "Pat PM", ROLE_PM, PW_PM, &u);
  W.pm = u.id;
  if (!rc) rc = app_user_create(&x, "c1@example.com", "Cora Contributor", ROLE_CONTRIBUTOR, PW_C1, &u);
  W.c1 = u.id;
  if (!rc) rc = app_user_create(&x, "c2@example.com", "Carl Contributor", ROLE_CONTRIBUTOR, "c2-password", &u);
  W.c2 = u.id;
  if (!rc) rc = app_user_create(&x, "viewer@example.com", "Vic Viewer", ROLE_VIEWER, PW_VIEWER, &u);
  W.viewer = u.id;
  struct product p;
  if (!rc) rc = app_product_create(&x, "PAY", "Payments", "Money in", &p);
  if (!rc) rc = app_product_create(&x, "OTH", "Other", "", &p);
  if (rc) fprintf(stderr, "template: %s\n", e.msg);
  arena_free(a);
  db_close(d);
  return rc ? -1 : 0;
}

static int group_teardown(void **state) {
  (void)state;
  fixture_remove(NULL, W.tmpl);
  rmdir(W.dir);
  return 0;
}

static int setup(void **state) {
  struct fx *f = calloc(1, sizeof *f);
  if (!f) return -1;
  snprintf(f->path, sizeof f->path, "%s/test-%d.db", W.dir, ++W.counter);
  if (fixture_copy_file(W.tmpl, f->path) || db_open(f->path, DB_OPEN_EXISTING, &f->d, &f->e)) {
    free(f);
    return -1;
  }
  f->a = arena_new(0);
  f->now = T0 + 1000;
  f->admin = (struct actor){W.admin, ROLE_ADMIN, "Ada Admin", "admin@example.com", 0};
  f->pm = (struct actor){W.pm, ROLE_PM, "Pat PM", "pm@example.com", 0};
  f->c1 = (struct actor){W.c1, ROLE_CONTRIBUTOR, "Cora Contributor", "c1@example.com", 0};
  f->c2 = (struct actor){W.c2, ROLE_CONTRIBUTOR, "Carl Contributor", "c2@example.com", 0};
  f->viewer = (struct actor){W.viewer, ROLE_VIEWER, "Vic Viewer", "viewer@example.com", 0};
  f->nobody = (struct actor){0, ROLE_NONE, "", "", 0};
  *state = f;
  return 0;
}

static int teardown(void **state) {
  struct fx *f = *state;
  db_close(f->d);
  arena_free(f->a);
  fixture_remove(NULL, f->path);
  free(f);
  return 0;
}

/* An operation context for who (NULL: nobody signed in), with a cleared error. */
static struct app ctx(struct fx *f, const struct actor *who) {
  err_clear(&f->e);
  struct app x = {f->d, f->a, who, f->now, &f->e};
  return x;
}

static int64_t audit_rows(struct fx *f) {
  struct keel_err e;
  db_stmt *st = db_prepare(f->d, "SELECT COUNT(*) FROM audit", &e);
  assert_non_null(st);
  assert_int_equal(db_step(st), 1);
  int64_t n = db_col_int(st, 0);
  db_done(st);
  return n;
}

/* Returns the newest audit entry. */
static struct audit_entry last_audit(struct fx *f) {
  struct audit_query q = {.limit = 1};
  struct audit_entry *list;
  size_t n;
  struct keel_err e;
  assert_int_equal(store_audit_list(f->d, f->a, &q, &list, &n, &e), KEEL_OK);
  assert_true(n >= 1);
  return list[0];
}

/* Returns the string member key of JSON text js, in the arena ("" when absent or null). */
static const char *json_str(struct fx *f, const char *js, const char *key) {
  assert_non_null(js);
  json_t *v = json_loads(js, 0, NULL);
  assert_non_null(v);
  json_t *m = json_object_get(v, key);
  const char *s = arena_strdup(f->a, json_is_string(m) ? json_string_value(m) : "");
  json_decref(v);
  return s;
}

static struct idea submit(struct fx *f, const struct actor *who, const char *title) {
  struct app x = ctx(f, who);
  struct idea_input in = {.product = "PAY", .title = title, .source = "customer", .customer = "Acme"};
  struct idea i;
  assert_int_equal(app_idea_submit(&x, &in, &i), KEEL_OK);
  return i;
}

static struct feature create_feature(struct fx *f, const char *product, const char *title) {
  struct app x = ctx(f, &f->pm);
  struct feature_patch p = {.title = title};
  struct feature ft;
  int rc = app_feature_create(&x, product, &p, &ft);
  if (rc) print_error("%s\n", f->e.msg);
  assert_int_equal(rc, KEEL_OK);
  return ft;
}

/* ---------------------------------------------------------------- permissions */

static void test_permissions(void **state) {
  struct fx *f = *state;
  int64_t rows = audit_rows(f);
  struct idea_input in = {.product = "PAY", .title = "Dark mode", .source = "support"};
  struct idea i;
  struct app x;

  /* Nobody signed in. */
  x = ctx(f, NULL);
  assert_int_equal(app_idea_submit(&x, &in, &i), KEEL_EAUTH);
  x = ctx(f, &f->nobody);
  assert_int_equal(app_idea_submit(&x, &in, &i), KEEL_EAUTH);
  struct feature_page page;
  struct feature_list_in lin = {0};
  x = ctx(f, NULL);
  assert_int_equal(app_feature_list(&x, &lin, &page), KEEL_EAUTH);
  struct product p;
  assert_int_equal(app_product_get(&x, "PAY", &p), KEEL_EAUTH);

  /* Viewer reads but cannot submit. */
  x = ctx(f, &f->viewer);
  assert_int_equal(app_idea_submit(&x, &in, &i), KEEL_EPERM);
  assert_non_null(strstr(f->e.msg, "contributor"));
  assert_int_equal(app_feature_list(&x, &lin, &page), KEEL_OK);
  assert_int_equal(app_product_get(&x, "PAY", &p), KEEL_OK);
  assert_string_equal(p.name, "Payments");
  assert_int_equal(audit_rows(f), rows);

  /* Contributor submits and votes, but does not create features or triage. */
  struct idea mine = submit(f, &f->c1, "Dark mode");
  assert_int_equal(audit_rows(f), rows + 2); /* the idea, and its new customer "Acme" */
  x = ctx(f, &f->c2);
  struct idea voted;
  assert_int_equal(app_idea_vote(&x, mine.id, 1, &voted), KEEL_OK);
  assert_int_equal(voted.votes, 1);
  struct feature_patch fp = {.title = "Dark mode"};
  struct feature ft;
  x = ctx(f, &f->c1);
  assert_int_equal(app_feature_create(&x, "PAY", &fp, &ft), KEEL_EPERM);
  assert_non_null(strstr(f->e.msg, "pm"));
  assert_int_equal(app_idea_review(&x, mine.id, 0, &i), KEEL_EPERM);
  assert_int_equal(app_product_create(&x, "NEW", "New", "", &p), KEEL_EPERM);
  x = ctx(f, &f->viewer);
  assert_int_equal(app_idea_vote(&x, mine.id, 1, &voted), KEEL_EPERM);
  rows = audit_rows(f);

  /* PM triages and creates features and products. */
  x = ctx(f, &f->pm);
  assert_int_equal(app_idea_review(&x, mine.id, 0, &i), KEEL_OK);
  assert_int_equal(i.status, IS_UNDER_REVIEW);
  assert_int_equal(app_feature_create(&x, "PAY", &fp, &ft), KEEL_OK);
  assert_int_equal(app_product_create(&x, "NEW", "New", "", &p), KEEL_OK);
  assert_int_equal(audit_rows(f), rows + 3);
  rows = audit_rows(f);

  /* Only admins add and list users. */
  struct user u;
  struct user *users;
  size_t n;
  x = ctx(f, &f->pm);
  assert_int_equal(app_user_create(&x, "new@example.com", "New", ROLE_VIEWER, "new-password", &u), KEEL_EPERM);
  assert_int_equal(app_user_list(&x, &users, &n), KEEL_EPERM);
  x = ctx(f, NULL);
  assert_int_equal(app_user_create(&x, "new@example.com", "New", ROLE_VIEWER, "new-password", &u), KEEL_EAUTH);
  assert_int_equal(audit_rows(f), rows);
  x = ctx(f, &f->admin);
  assert_int_equal(app_user_create(&x, "New@Example.com ", "New", ROLE_VIEWER, "new-password", &u), KEEL_OK);
  assert_string_equal(u.email, "new@example.com"); /* trimmed and lower-cased */
  assert_int_equal(audit_rows(f), rows + 1);
  assert_int_equal(app_user_list(&x, &users, &n), KEEL_OK);
  assert_int_equal(n, 6);
  /* Duplicate e-mail, bad role, short password. */
  assert_int_equal(app_user_create(&x, "NEW@example.com", "Again", ROLE_VIEWER, "new-password", &u), KEEL_EEXISTS);
  assert_int_equal(app_user_create(&x, "x@example.com", "X", ROLE_NONE, "new-password", &u), KEEL_EINVAL);
  assert_string_equal(f->e.field, "role");
  assert_int_equal(app_user_create(&x, "x@example.com", "X", ROLE_VIEWER, "short", &u), KEEL_EINVAL);
  assert_string_equal(f->e.field, "password");
  assert_int_equal(audit_rows(f), rows + 1);

  /* Users see themselves, not others. */
  x = ctx(f, &f->viewer);
  assert_int_equal(app_user_get(&x, W.viewer, &u), KEEL_OK);
  assert_string_equal(u.email, "viewer@example.com");
  assert_int_equal(app_user_get(&x, W.pm, &u), KEEL_EPERM);
}

/* ---------------------------------------------------------------- ideas */

static void test_idea_submit_and_edit(void **state) {
  struct fx *f = *state;
  int64_t rows = audit_rows(f);
  struct app x = ctx(f, &f->c1);
  struct idea_input in = {.product = "PAY", .title = "  Export to CSV  ", .description = "Monthly", .source = "sales",
                          .customer = "Acme"};
  struct idea i;
  assert_int_equal(app_idea_submit(&x, &in, &i), KEEL_OK);
  assert_string_equal(i.title, "Export to CSV");
  assert_int_equal(i.status, IS_NEW);
  assert_int_equal(i.source, SRC_SALES);
  assert_int_equal(i.submitted_by, W.c1);
  assert_string_equal(i.product_key, "PAY");
  assert_int_equal(audit_rows(f), rows + 2); /* the new customer "Acme", then the idea */
  assert_true(i.customer_id > 0);
  struct audit_entry en = last_audit(f);
  assert_string_equal(en.action, "idea.submit");
  assert_int_equal(en.entity_id, i.id);
  assert_int_equal(en.actor_id, W.c1);
  assert_null(en.before);
  assert_string_equal(json_str(f, en.after, "title"), "Export to CSV");

  /* Invalid input: nothing written. */
  rows = audit_rows(f);
  struct idea_input bad = in;
  bad.source = "rumour";
  assert_int_equal(app_idea_submit(&x, &bad, &i), KEEL_EINVAL);
  assert_string_equal(f->e.field, "source");
  bad = in;
  bad.source = NULL;
  assert_int_equal(app_idea_submit(&x, &bad, &i), KEEL_EINVAL);
  assert_string_equal(f->e.field, "source");
  bad = in;
  bad.title = "   ";
  assert_int_equal(app_idea_submit(&x, &bad, &i), KEEL_EINVAL);
  assert_string_equal(f->e.field, "title");
  bad = in;
  bad.product = "NOPE";
  assert_int_equal(app_idea_submit(&x, &bad, &i), KEEL_EINVAL);
  assert_string_equal(f->e.field, "product");
  assert_int_equal(audit_rows(f), rows);

  /* The submitter edits their new idea; another contributor may not. */
  struct idea cur = submit(f, &f->c1, "Bulk edit");
  x = ctx(f, &f->c1);
  struct idea_input edit = {.title = "Bulk edit of features"};
  struct idea out;
  assert_int_equal(app_idea_update(&x, cur.id, &edit, cur.version, &out), KEEL_OK);
  assert_string_equal(out.title, "Bulk edit of features");
  assert_string_equal(out.customer, "Acme"); /* unchanged fields stay */
  assert_int_equal(out.version, cur.version + 1);
  rows = audit_rows(f);
  x = ctx(f, &f->c2);
  edit.title = "Hijacked";
  assert_int_equal(app_idea_update(&x, cur.id, &edit, 0, &out), KEEL_EPERM);
  x = ctx(f, &f->viewer);
  assert_int_equal(app_idea_update(&x, cur.id, &edit, 0, &out), KEEL_EPERM);
  assert_int_equal(audit_rows(f), rows);
  x = ctx(f, &f->c1);
  assert_int_equal(app_idea_get(&x, cur.id, &out), KEEL_OK);
  assert_string_equal(out.title, "Bulk edit of features");

  /* Stale version: refused, nothing changed. */
  edit.title = "Stale edit";
  assert_int_equal(app_idea_update(&x, cur.id, &edit, cur.version, &out), KEEL_ESTALE);
  assert_string_equal(f->e.field, "version");
  assert_int_equal(app_idea_get(&x, cur.id, &out), KEEL_OK);
  assert_string_equal(out.title, "Bulk edit of features");
  assert_int_equal(out.version, cur.version + 1);
  assert_int_equal(audit_rows(f), rows);

  /* Once under review, only a PM edits it. */
  x = ctx(f, &f->pm);
  assert_int_equal(app_idea_review(&x, cur.id, 0, &out), KEEL_OK);
  x = ctx(f, &f->c1);
  edit.title = "Late edit";
  assert_int_equal(app_idea_update(&x, cur.id, &edit, 0, &out), KEEL_EPERM);
  x = ctx(f, &f->pm);
  edit.title = "PM edit";
  edit.product = "OTH";
  assert_int_equal(app_idea_update(&x, cur.id, &edit, 0, &out), KEEL_OK);
  assert_string_equal(out.title, "PM edit");
  assert_string_equal(out.product_key, "OTH");
  edit.product = "NOPE";
  assert_int_equal(app_idea_update(&x, cur.id, &edit, 0, &out), KEEL_EINVAL);
  assert_string_equal(f->e.field, "product");
  assert_int_equal(app_idea_update(&x, 9999, &edit, 0, &out), KEEL_ENOTFOUND);
}

static void test_idea_lifecycle(void **state) {
  struct fx *f = *state;
  struct idea a = submit(f, &f->c1, "One-click refunds");
  struct app x = ctx(f, &f->pm);
  struct idea out;
  int64_t rows = audit_rows(f);

  /* Review, then review again is a conflict. */
  assert_int_equal(app_idea_review(&x, a.id, a.version, &out), KEEL_OK);
  assert_int_equal(out.status, IS_UNDER_REVIEW);
  assert_int_equal(audit_rows(f), rows + 1);
  struct audit_entry en = last_audit(f);
  assert_string_equal(en.action, "idea.review");
  assert_string_equal(json_str(f, en.before, "status"), "new");
  assert_string_equal(json_str(f, en.after, "status"), "under_review");
  rows = audit_rows(f);
  assert_int_equal(app_idea_review(&x, a.id, 0, &out), KEEL_ECONFLICT);
  assert_int_equal(audit_rows(f), rows);

  /* Promote into a new feature: same title, linked, audited (feature + idea). */
  struct feature ft;
  assert_int_equal(app_idea_promote(&x, a.id, NULL, 0, &out, &ft), KEEL_OK);
  assert_int_equal(out.status, IS_PLANNED);
  assert_string_equal(ft.title, "One-click refunds");
  assert_string_equal(ft.key, "PAY-1");
  assert_int_equal(ft.status, FS_CANDIDATE);
  assert_int_equal(out.feature_id, ft.id);
  assert_string_equal(out.feature_key, "PAY-1");
  assert_int_equal(audit_rows(f), rows + 2);
  en = last_audit(f);
  assert_string_equal(en.action, "idea.promote");
  assert_string_equal(json_str(f, en.after, "feature"), "PAY-1");
  struct feature got;
  assert_int_equal(app_feature_get(&x, "PAY-1", &got), KEEL_OK);
  assert_int_equal(got.idea_count, 1);

  /* A second idea joins the existing feature by key. */
  struct idea b = submit(f, &f->c2, "Refund button");
  x = ctx(f, &f->c1);
  assert_int_equal(app_idea_vote(&x, b.id, 1, &out), KEEL_OK);
  x = ctx(f, &f->pm);
  struct feature linked;
  assert_int_equal(app_idea_promote(&x, b.id, "PAY-1", 0, &out, &linked), KEEL_OK);
  assert_int_equal(out.status, IS_PLANNED);
  assert_int_equal(out.feature_id, ft.id);
  assert_int_equal(linked.id, ft.id);
  assert_int_equal(app_feature_get(&x, "PAY-1", &got), KEEL_OK);
  assert_int_equal(got.idea_count, 2);
  assert_int_equal(got.vote_count, 1);
  /* Promoting to a feature that does not exist or is archived. */
  struct idea c = submit(f, &f->c1, "Partial refunds");
  x = ctx(f, &f->pm);
  rows = audit_rows(f);
  assert_int_equal(app_idea_promote(&x, c.id, "PAY-99", 0, &out, NULL), KEEL_EINVAL);
  assert_string_equal(f->e.field, "feature");
  struct feature_patch arch = {.has_status = 1, .status = FS_ARCHIVED};
  struct feature archived = create_feature(f, "PAY", "Old idea");
  x = ctx(f, &f->pm);
  assert_int_equal(app_feature_update(&x, archived.key, &arch, 0, &archived), KEEL_OK);
  rows = audit_rows(f);
  assert_int_equal(app_idea_promote(&x, c.id, archived.key, 0, &out, NULL), KEEL_ECONFLICT);
  assert_int_equal(audit_rows(f), rows);
  assert_int_equal(app_idea_get(&x, c.id, &out), KEEL_OK);
  assert_int_equal(out.status, IS_NEW);
  assert_int_equal(out.feature_id, 0);

  /* Decline needs a reason. */
  assert_int_equal(app_idea_decline(&x, c.id, "", 0, &out), KEEL_EINVAL);
  assert_string_equal(f->e.field, "reason");
  assert_int_equal(app_idea_decline(&x, c.id, "   ", 0, &out), KEEL_EINVAL);
  assert_string_equal(f->e.field, "reason");
  assert_int_equal(app_idea_decline(&x, c.id, NULL, 0, &out), KEEL_EINVAL);
  assert_string_equal(f->e.field, "reason");
  assert_int_equal(audit_rows(f), rows);
  assert_int_equal(app_idea_get(&x, c.id, &out), KEEL_OK);
  assert_int_equal(out.status, IS_NEW);
  assert_int_equal(out.version, c.version);
  assert_int_equal(app_idea_decline(&x, c.id, " Not for this year ", 0, &out), KEEL_OK);
  assert_int_equal(out.status, IS_DECLINED);
  assert_string_equal(out.decline_reason, "Not for this year");
  assert_int_equal(audit_rows(f), rows + 1);
  /* Declined ideas take no votes and no further triage except reopening. */
  x = ctx(f, &f->c2);
  assert_int_equal(app_idea_vote(&x, c.id, 1, &out), KEEL_ECONFLICT);
  x = ctx(f, &f->pm);
  assert_int_equal(app_idea_promote(&x, c.id, NULL, 0, &out, NULL), KEEL_ECONFLICT);
  assert_int_equal(app_idea_decline(&x, c.id, "again", 0, &out), KEEL_ECONFLICT);
  assert_int_equal(app_idea_review(&x, c.id, 0, &out), KEEL_ECONFLICT);
  assert_int_equal(app_idea_decline(&x, a.id, "planned already", 0, &out), KEEL_ECONFLICT);

  /* Reopen clears the outcome. */
  assert_int_equal(app_idea_reopen(&x, c.id, 0, &out), KEEL_OK);
  assert_int_equal(out.status, IS_UNDER_REVIEW);
  assert_string_equal(out.decline_reason, "");
  assert_int_equal(app_idea_reopen(&x, a.id, 0, &out), KEEL_OK);
  assert_int_equal(out.status, IS_UNDER_REVIEW);
  assert_int_equal(out.feature_id, 0);
  assert_null(out.feature_key);
  assert_int_equal(app_feature_get(&x, "PAY-1", &got), KEEL_OK);
  assert_int_equal(got.idea_count, 1); /* only b stays linked */
  assert_int_equal(app_idea_reopen(&x, c.id, 0, &out), KEEL_ECONFLICT); /* already open */

  /* Duplicates resolve to the original. */
  struct idea d1 = submit(f, &f->c1, "Refunds please");
  struct idea d2 = submit(f, &f->c2, "Refunds please!!");
  x = ctx(f, &f->pm);
  assert_int_equal(app_idea_mark_duplicate(&x, d1.id, c.id, 0, &out), KEEL_OK);
  assert_int_equal(out.status, IS_DUPLICATE);
  assert_int_equal(out.duplicate_of, c.id);
  assert_int_equal(app_idea_mark_duplicate(&x, d2.id, d1.id, 0, &out), KEEL_OK);
  assert_int_equal(out.duplicate_of, c.id); /* not d1, itself a copy */
  rows = audit_rows(f);
  struct idea d3 = submit(f, &f->c2, "Me too");
  x = ctx(f, &f->pm);
  rows = audit_rows(f);
  assert_int_equal(app_idea_mark_duplicate(&x, d3.id, d3.id, 0, &out), KEEL_EINVAL);
  assert_string_equal(f->e.field, "of");
  assert_int_equal(app_idea_mark_duplicate(&x, d3.id, 9999, 0, &out), KEEL_EINVAL);
  assert_string_equal(f->e.field, "of");
  assert_int_equal(audit_rows(f), rows);
  x = ctx(f, &f->c1);
  assert_int_equal(app_idea_vote(&x, d1.id, 1, &out), KEEL_ECONFLICT);
  x = ctx(f, &f->pm);
  assert_int_equal(app_idea_reopen(&x, d2.id, 0, &out), KEEL_OK);
  assert_int_equal(out.duplicate_of, 0);
  assert_int_equal(out.status, IS_UNDER_REVIEW);

  /* A stale version on a triage action changes nothing. */
  assert_int_equal(app_idea_get(&x, d3.id, &out), KEEL_OK);
  rows = audit_rows(f);
  assert_int_equal(app_idea_review(&x, d3.id, out.version + 1, &out), KEEL_ESTALE);
  assert_int_equal(audit_rows(f), rows);
  assert_int_equal(app_idea_get(&x, d3.id, &out), KEEL_OK);
  assert_int_equal(out.status, IS_NEW);
  assert_int_equal(app_idea_review(&x, 9999, 0, &out), KEEL_ENOTFOUND);
}

static void test_votes(void **state) {
  struct fx *f = *state;
  struct idea i = submit(f, &f->c1, "Vote on me");
  struct idea out;
  int64_t rows = audit_rows(f);
  struct app x = ctx(f, &f->c1);
  assert_int_equal(app_idea_vote(&x, i.id, 1, &out), KEEL_OK);
  assert_int_equal(out.votes, 1);
  assert_int_equal(out.voted, 1);
  assert_int_equal(app_idea_vote(&x, i.id, 1, &out), KEEL_OK); /* once per user */
  assert_int_equal(out.votes, 1);
  assert_int_equal(audit_rows(f), rows + 1); /* the repeat changed nothing, so no record */
  struct audit_entry en = last_audit(f);
  assert_string_equal(en.action, "idea.vote");
  assert_string_equal(en.before, "{\"votes\":0}");
  assert_string_equal(en.after, "{\"votes\":1}");
  x = ctx(f, &f->c2);
  assert_int_equal(app_idea_vote(&x, i.id, 1, &out), KEEL_OK);
  assert_int_equal(out.votes, 2);
  x = ctx(f, &f->pm);
  assert_int_equal(app_idea_vote(&x, i.id, 1, &out), KEEL_OK);
  assert_int_equal(out.votes, 3);
  x = ctx(f, &f->viewer);
  assert_int_equal(app_idea_get(&x, i.id, &out), KEEL_OK);
  assert_int_equal(out.votes, 3);
  assert_int_equal(out.voted, 0);
  x = ctx(f, &f->c2);
  assert_int_equal(app_idea_vote(&x, i.id, 0, &out), KEEL_OK);
  assert_int_equal(out.votes, 2);
  assert_int_equal(out.voted, 0);
  rows = audit_rows(f);
  assert_int_equal(app_idea_vote(&x, i.id, 0, &out), KEEL_OK); /* idempotent */
  assert_int_equal(out.votes, 2);
  assert_int_equal(audit_rows(f), rows);
  /* The command line owner is nobody in particular: no vote. */
  x = ctx(f, &app_owner);
  assert_int_equal(app_idea_vote(&x, i.id, 1, &out), KEEL_EINVAL);
  assert_string_equal(f->e.field, "user");
  x = ctx(f, &f->c1);
  assert_int_equal(app_idea_vote(&x, 9999, 1, &out), KEEL_ENOTFOUND);
  assert_int_equal(audit_rows(f), rows);
  /* The stored count equals the votes. */
  struct keel_err e;
  db_stmt *st = db_prepare(f->d, "SELECT vote_count, (SELECT COUNT(*) FROM votes WHERE idea_id = ?) FROM ideas WHERE id = ?", &e);
  assert_non_null(st);
  db_bind_int(st, 1, i.id);
  db_bind_int(st, 2, i.id);
  assert_int_equal(db_step(st), 1);
  assert_int_equal(db_col_int(st, 0), 2);
  assert_int_equal(db_col_int(st, 1), 2);
  db_done(st);

  /* The votes sort and the "mine" filter. */
  struct idea j = submit(f, &f->c2, "No votes");
  x = ctx(f, &f->c2);
  struct idea_list_in lin = {.sort = "votes"};
  struct idea_page page;
  assert_int_equal(app_idea_list(&x, &lin, &page), KEEL_OK);
  assert_int_equal(page.n, 2);
  assert_int_equal(page.items[0].id, i.id);
  lin = (struct idea_list_in){.mine = 1};
  assert_int_equal(app_idea_list(&x, &lin, &page), KEEL_OK);
  assert_int_equal(page.n, 1);
  assert_int_equal(page.items[0].id, j.id);
  lin.sort = "popular";
  assert_int_equal(app_idea_list(&x, &lin, &page), KEEL_EINVAL);
  assert_string_equal(f->e.field, "sort");

  /* Paging through the "next" cursors sees every idea once, in order. */
  for (int k = 0; k < 7; k++) submit(f, k % 2 ? &f->c1 : &f->c2, arena_printf(f->a, "Paged %d", k));
  const char *sorts[] = {"newest", "votes", "updated"};
  for (int s = 0; s < 3; s++) {
    struct idea_list_in pin = {.sort = sorts[s], .limit = "2"};
    int64_t seen[16];
    size_t ns = 0;
    for (int pages = 0; pages < 20; pages++) {
      x = ctx(f, &f->viewer);
      assert_int_equal(app_idea_list(&x, &pin, &page), KEEL_OK);
      for (size_t k = 0; k < page.n; k++) seen[ns++] = page.items[k].id;
      if (!page.next) break;
      pin.after = page.next;
    }
    assert_int_equal(ns, 9);
    /* Every idea here has the same times, so newest and updated fall back to
     * id, newest first; by votes the only idea with votes leads. */
    size_t from = 0;
    if (s == 1) {
      assert_int_equal(seen[0], i.id);
      from = 1;
    }
    for (size_t a = from + 1; a < ns; a++) assert_true(seen[a] < seen[a - 1]);
  }
}

/* ---------------------------------------------------------------- features */

static void test_feature_create_update(void **state) {
  struct fx *f = *state;
  struct app x = ctx(f, &f->pm);
  int64_t rows = audit_rows(f);
  struct feature a;
  struct feature_patch p = {.title = "Saved carts", .description = "Keep them for 30 days"};
  assert_int_equal(app_feature_create(&x, "PAY", &p, &a), KEEL_OK);
  assert_string_equal(a.key, "PAY-1");
  assert_int_equal(a.status, FS_CANDIDATE);
  assert_int_equal(a.horizon, HZ_UNPLANNED);
  assert_int_equal(a.rank, RANK_GAP);
  assert_int_equal(a.rice.set, 0);
  assert_int_equal(a.created_by, W.pm);
  assert_int_equal(audit_rows(f), rows + 1);
  struct audit_entry en = last_audit(f);
  assert_string_equal(en.action, "feature.create");
  assert_string_equal(en.entity_label, "PAY-1");
  assert_null(en.before);
  assert_string_equal(json_str(f, en.after, "title"), "Saved carts");

  /* A first RICE score needs every input; the missing one is named. */
  struct {
    int r, i, c, e;
    const char *missing;
  } partial[] = {
      {0, 1, 1, 1, "rice.reach"}, {1, 0, 1, 1, "rice.impact"}, {1, 1, 0, 1, "rice.confidence"},
      {1, 1, 1, 0, "rice.effort"}, {1, 1, 0, 0, "rice.confidence"},
  };
  rows = audit_rows(f);
  for (size_t k = 0; k < sizeof partial / sizeof partial[0]; k++) {
    struct feature_patch q = {.title = "Scored"};
    q.rice = (struct rice_patch){.has_reach = partial[k].r, .reach = 450, .has_impact = partial[k].i, .impact = 3,
                                 .has_confidence = partial[k].c, .confidence = 100, .has_effort = partial[k].e,
                                 .effort = 2};
    struct feature out;
    x = ctx(f, &f->pm);
    assert_int_equal(app_feature_create(&x, "PAY", &q, &out), KEEL_EINVAL);
    assert_string_equal(f->e.field, partial[k].missing);
  }
  /* Out-of-range inputs. */
  struct feature_patch q = {.title = "Scored"};
  q.rice = (struct rice_patch){0, 1, 1, 1, 1, 450, 7, 100, 2}; /* impact 7 */
  struct feature b;
  x = ctx(f, &f->pm);
  assert_int_equal(app_feature_create(&x, "PAY", &q, &b), KEEL_EINVAL);
  assert_string_equal(f->e.field, "rice.impact");
  q.rice.impact = 3;
  q.rice.confidence = 150;
  assert_int_equal(app_feature_create(&x, "PAY", &q, &b), KEEL_EINVAL);
  assert_string_equal(f->e.field, "rice.confidence");
  q.rice.confidence = 100;
  q.ice = (struct ice_patch){.has_impact = 1, .impact = 8, .has_confidence = 1, .confidence = 6};
  assert_int_equal(app_feature_create(&x, "PAY", &q, &b), KEEL_EINVAL);
  assert_string_equal(f->e.field, "ice.ease");
  assert_int_equal(app_feature_create(&x, "NOPE", &q, &b), KEEL_EINVAL);
  assert_string_equal(f->e.field, "product");
  struct feature_patch untitled = {.title = "  "};
  assert_int_equal(app_feature_create(&x, "PAY", &untitled, &b), KEEL_EINVAL);
  assert_string_equal(f->e.field, "title");
  assert_int_equal(audit_rows(f), rows); /* no failure left a record */

  /* Intercom's Project 1, with ICE 8 x 6 x 5. */
  q.ice.has_ease = 1;
  q.ice.ease = 5;
  assert_int_equal(app_feature_create(&x, "PAY", &q, &b), KEEL_OK);
  assert_string_equal(b.key, "PAY-2"); /* the failures used up no numbers */
  assert_int_equal(b.rank, 2 * RANK_GAP); /* new features go to the bottom */
  assert_true(b.rice.set && b.ice.set);
  assert_true(score_rice(&b.rice) == 675);
  assert_true(score_ice(&b.ice) == 240);
  assert_int_equal(audit_rows(f), rows + 1);

  /* Update merges: only effort changes, the rest of RICE stays. */
  rows = audit_rows(f);
  struct feature_patch u = {.rice = {.has_effort = 1, .effort = 1}};
  struct feature out;
  f->now += 60;
  x = ctx(f, &f->pm);
  assert_int_equal(app_feature_update(&x, "PAY-2", &u, b.version, &out), KEEL_OK);
  assert_true(out.rice.reach == 450 && out.rice.impact == 3 && out.rice.confidence == 100);
  assert_true(out.rice.effort == 1);
  assert_true(score_rice(&out.rice) == 1350);
  assert_int_equal(out.ice.ease, 5);
  assert_int_equal(out.version, b.version + 1);
  assert_int_equal(out.updated_at, f->now);
  assert_int_equal(audit_rows(f), rows + 1);
  en = last_audit(f);
  assert_string_equal(en.action, "feature.update");
  assert_string_equal(en.entity_label, "PAY-2");
  assert_int_equal(en.actor_id, W.pm);
  assert_non_null(en.before);
  assert_non_null(en.after);
  struct field_change *changes;
  size_t nc = audit_diff(f->a, en.before, en.after, &changes);
  assert_int_equal(nc, 1);
  assert_string_equal(changes[0].field, "rice.effort");
  assert_string_equal(changes[0].before, "2");
  assert_string_equal(changes[0].after, "1");

  /* A stale version changes nothing at all. */
  struct feature before;
  assert_int_equal(app_feature_get(&x, "PAY-2", &before), KEEL_OK);
  rows = audit_rows(f);
  struct feature_patch stale = {.title = "Should not land", .has_status = 1, .status = FS_SHIPPED,
                                .rice = {.clear = 1}, .ice = {.has_ease = 1, .ease = 1}};
  f->now += 60;
  x = ctx(f, &f->pm);
  assert_int_equal(app_feature_update(&x, "PAY-2", &stale, b.version, &out), KEEL_ESTALE);
  assert_string_equal(f->e.field, "version");
  struct feature after;
  assert_int_equal(app_feature_get(&x, "PAY-2", &after), KEEL_OK);
  assert_string_equal(after.title, before.title);
  assert_int_equal(after.status, before.status);
  assert_int_equal(after.version, before.version);
  assert_int_equal(after.updated_at, before.updated_at);
  assert_true(after.rice.set && after.rice.effort == before.rice.effort);
  assert_int_equal(after.ice.ease, before.ice.ease);
  assert_int_equal(audit_rows(f), rows);

  /* Invalid patches change nothing either. */
  struct feature_patch badp = {.title = "Fine title", .rice = {.has_impact = 1, .impact = 7}};
  assert_int_equal(app_feature_update(&x, "PAY-2", &badp, 0, &out), KEEL_EINVAL);
  assert_string_equal(f->e.field, "rice.impact");
  assert_int_equal(app_feature_get(&x, "PAY-2", &after), KEEL_OK);
  assert_string_equal(after.title, before.title);
  assert_int_equal(after.version, before.version);
  assert_int_equal(audit_rows(f), rows);
  assert_int_equal(app_feature_update(&x, "PAY-99", &u, 0, &out), KEEL_ENOTFOUND);

  /* expect_version 0 applies to the current version; clear removes a score. */
  struct feature_patch clr = {.title = "Saved carts v2", .rice = {.clear = 1}, .has_horizon = 1, .horizon = HZ_NOW};
  assert_int_equal(app_feature_update(&x, "PAY-2", &clr, 0, &out), KEEL_OK);
  assert_string_equal(out.title, "Saved carts v2");
  assert_int_equal(out.rice.set, 0);
  assert_int_equal(out.ice.set, 1);
  assert_int_equal(out.horizon, HZ_NOW);
  assert_int_equal(audit_rows(f), rows + 1);
  /* A later RICE score needs all inputs again. */
  struct feature_patch again = {.rice = {.has_reach = 1, .reach = 10}};
  assert_int_equal(app_feature_update(&x, "PAY-2", &again, 0, &out), KEEL_EINVAL);
  assert_string_equal(f->e.field, "rice.impact");

  /* Contributors cannot edit features. */
  x = ctx(f, &f->c1);
  assert_int_equal(app_feature_update(&x, "PAY-2", &clr, 0, &out), KEEL_EPERM);
}

/* Returns the keys of product's features in rank order, comma-separated. */
static const char *rank_order(struct fx *f, const char *product) {
  struct app x = ctx(f, &f->viewer);
  struct feature_list_in in = {.product = product, .status = "all", .sort = "rank", .limit = "500"};
  struct feature_page page;
  assert_int_equal(app_feature_list(&x, &in, &page), KEEL_OK);
  buf b;
  buf_init(&b, 0);
  for (size_t i = 0; i < page.n; i++) {
    buf_printf(&b, "%s%s", i ? "," : "", page.items[i].key);
    if (i) assert_true(page.items[i].rank > page.items[i - 1].rank); /* ranks strictly increase */
  }
  const char *s = arena_strdup(f->a, buf_cstr(&b));
  buf_free(&b);
  return s;
}

static int move(struct fx *f, const char *key, const char *before, const char *after, int top, int bottom) {
  struct app x = ctx(f, &f->pm);
  struct feature_move m = {.before = before, .after = after, .to_top = top, .to_bottom = bottom};
  struct feature out;
  return app_feature_move(&x, key, &m, 0, &out);
}

static void test_feature_move(void **state) {
  struct fx *f = *state;
  for (int i = 0; i < 5; i++) create_feature(f, "PAY", arena_printf(f->a, "Feature %c", 'A' + i));
  create_feature(f, "OTH", "Elsewhere");
  assert_string_equal(rank_order(f, "PAY"), "PAY-1,PAY-2,PAY-3,PAY-4,PAY-5");

  int64_t rows = audit_rows(f);
  assert_int_equal(move(f, "PAY-5", "PAY-2", NULL, 0, 0), KEEL_OK);
  assert_string_equal(rank_order(f, "PAY"), "PAY-1,PAY-5,PAY-2,PAY-3,PAY-4");
  assert_int_equal(audit_rows(f), rows + 1);
  struct audit_entry en = last_audit(f);
  assert_string_equal(en.action, "feature.move");
  assert_string_equal(en.entity_label, "PAY-5");
  assert_string_equal(json_str(f, en.after, "position"), "before PAY-2");
  assert_int_equal(move(f, "PAY-1", NULL, "PAY-4", 0, 0), KEEL_OK);
  assert_string_equal(rank_order(f, "PAY"), "PAY-5,PAY-2,PAY-3,PAY-4,PAY-1");
  assert_int_equal(move(f, "PAY-3", NULL, NULL, 1, 0), KEEL_OK);
  assert_string_equal(rank_order(f, "PAY"), "PAY-3,PAY-5,PAY-2,PAY-4,PAY-1");
  assert_string_equal(json_str(f, last_audit(f).after, "position"), "top of the backlog");
  assert_int_equal(move(f, "PAY-5", NULL, NULL, 0, 1), KEEL_OK);
  assert_string_equal(rank_order(f, "PAY"), "PAY-3,PAY-2,PAY-4,PAY-1,PAY-5");
  assert_int_equal(move(f, "PAY-2", NULL, "PAY-3", 0, 0), KEEL_OK); /* already there */
  assert_string_equal(rank_order(f, "PAY"), "PAY-3,PAY-2,PAY-4,PAY-1,PAY-5");
  assert_int_equal(move(f, "PAY-3", "PAY-2", NULL, 0, 0), KEEL_OK);
  assert_string_equal(rank_order(f, "PAY"), "PAY-3,PAY-2,PAY-4,PAY-1,PAY-5");
  assert_int_equal(move(f, "PAY-3", NULL, "PAY-5", 0, 0), KEEL_OK); /* after the last */
  assert_string_equal(rank_order(f, "PAY"), "PAY-2,PAY-4,PAY-1,PAY-5,PAY-3");
  assert_int_equal(move(f, "PAY-3", "PAY-2", NULL, 0, 0), KEEL_OK); /* before the first */
  assert_string_equal(rank_order(f, "PAY"), "PAY-3,PAY-2,PAY-4,PAY-1,PAY-5");

  /* Refused moves change nothing and record nothing. */
  struct feature before;
  struct app x = ctx(f, &f->pm);
  assert_int_equal(app_feature_get(&x, "PAY-4", &before), KEEL_OK);
  rows = audit_rows(f);
  assert_int_equal(move(f, "PAY-4", "OTH-1", NULL, 0, 0), KEEL_EINVAL);
  assert_string_equal(f->e.field, "before");
  assert_int_equal(move(f, "PAY-4", NULL, "OTH-1", 0, 0), KEEL_EINVAL);
  assert_string_equal(f->e.field, "after");
  assert_int_equal(move(f, "PAY-4", "PAY-4", NULL, 0, 0), KEEL_EINVAL);
  assert_int_equal(move(f, "PAY-4", "PAY-77", NULL, 0, 0), KEEL_EINVAL);
  assert_int_equal(move(f, "PAY-4", "PAY-1", "PAY-2", 0, 0), KEEL_EINVAL);
  assert_int_equal(move(f, "PAY-4", NULL, NULL, 1, 1), KEEL_EINVAL);
  assert_int_equal(move(f, "PAY-4", NULL, NULL, 0, 0), KEEL_EINVAL);
  assert_string_equal(f->e.field, "horizon");
  assert_int_equal(move(f, "PAY-77", NULL, NULL, 1, 0), KEEL_ENOTFOUND);
  x = ctx(f, &f->c1);
  struct feature_move m = {.to_top = 1};
  struct feature out;
  assert_int_equal(app_feature_move(&x, "PAY-4", &m, 0, &out), KEEL_EPERM);
  x = ctx(f, &f->pm);
  assert_int_equal(app_feature_move(&x, "PAY-4", &m, before.version + 1, &out), KEEL_ESTALE);
  assert_int_equal(audit_rows(f), rows);
  struct feature after;
  assert_int_equal(app_feature_get(&x, "PAY-4", &after), KEEL_OK);
  assert_int_equal(after.rank, before.rank);
  assert_int_equal(after.version, before.version);
  assert_string_equal(rank_order(f, "PAY"), "PAY-3,PAY-2,PAY-4,PAY-1,PAY-5");

  /* Only a horizon: the rank stays. */
  struct feature_move hz = {.has_horizon = 1, .horizon = HZ_NEXT};
  x = ctx(f, &f->pm);
  assert_int_equal(app_feature_move(&x, "PAY-4", &hz, before.version, &out), KEEL_OK);
  assert_int_equal(out.horizon, HZ_NEXT);
  assert_int_equal(out.rank, before.rank);
  assert_int_equal(out.version, before.version + 1);
  /* Horizon and place together. */
  struct feature_move both = {.has_horizon = 1, .horizon = HZ_NOW, .to_top = 1};
  assert_int_equal(app_feature_move(&x, "PAY-5", &both, 0, &out), KEEL_OK);
  assert_int_equal(out.horizon, HZ_NOW);
  assert_string_equal(rank_order(f, "PAY"), "PAY-5,PAY-3,PAY-2,PAY-4,PAY-1");
}

static void test_feature_move_renumber(void **state) {
  struct fx *f = *state;
  enum { N = 6, MOVES = 24 };
  char keys[N][16];
  int order[N]; /* model: indexes into keys, in rank order */
  for (int i = 0; i < N; i++) {
    struct feature ft = create_feature(f, "PAY", arena_printf(f->a, "F%d", i));
    snprintf(keys[i], sizeof keys[i], "%s", ft.key);
    order[i] = i;
  }
  /* Keep moving the last feature to just after the first: every move halves the
   * same gap, so after about 16 moves the ranks must be renumbered. */
  for (int k = 0; k < MOVES; k++) {
    int moving = order[N - 1];
    assert_int_equal(move(f, keys[moving], NULL, keys[order[0]], 0, 0), KEEL_OK);
    for (int i = N - 1; i > 1; i--) order[i] = order[i - 1];
    order[1] = moving;
    buf b;
    buf_init(&b, 0);
    for (int i = 0; i < N; i++) buf_printf(&b, "%s%s", i ? "," : "", keys[order[i]]);
    assert_string_equal(rank_order(f, "PAY"), buf_cstr(&b));
    buf_free(&b);
  }
  /* And the same squeezing from the top with "before". */
  for (int k = 0; k < MOVES; k++) {
    int moving = order[0];
    assert_int_equal(move(f, keys[moving], keys[order[N - 1]], NULL, 0, 0), KEEL_OK);
    for (int i = 0; i < N - 2; i++) order[i] = order[i + 1];
    order[N - 2] = moving;
    buf b;
    buf_init(&b, 0);
    for (int i = 0; i < N; i++) buf_printf(&b, "%s%s", i ? "," : "", keys[order[i]]);
    assert_string_equal(rank_order(f, "PAY"), buf_cstr(&b));
    buf_free(&b);
  }
  /* Every move was recorded once, renumbering or not. */
  struct keel_err e;
  db_stmt *st = db_prepare(f->d, "SELECT COUNT(*) FROM audit WHERE action = ?", &e);
  assert_non_null(st);
  db_bind_text(st, 1, "feature.move");
  assert_int_equal(db_step(st), 1);
  assert_int_equal(db_col_int(st, 0), 2 * MOVES);
  db_done(st);
}

static void test_feature_list(void **state) {
  struct fx *f = *state;
  struct app x;
  const int N = 13;
  for (int i = 0; i < N; i++) {
    struct feature_patch p = {.title = arena_printf(f->a, "Item %02d", i)};
    if (i % 3 != 0) p.rice = (struct rice_patch){0, 1, 1, 1, 1, 100.0 * (i % 4), 1, 50, 1};
    if (i == 4) p.has_status = 1, p.status = FS_SHIPPED;
    struct feature ft;
    x = ctx(f, &f->pm);
    assert_int_equal(app_feature_create(&x, "PAY", &p, &ft), KEEL_OK);
  }
  create_feature(f, "OTH", "Elsewhere");

  const char *sorts[] = {"rank", "rice", "ice", "updated"};
  for (size_t s = 0; s < 4; s++) {
    struct feature_list_in in = {.product = "PAY", .sort = sorts[s], .limit = "5"};
    int64_t seen[32];
    size_t ns = 0;
    for (int pages = 0; pages < 10; pages++) {
      struct feature_page page;
      x = ctx(f, &f->viewer);
      assert_int_equal(app_feature_list(&x, &in, &page), KEEL_OK);
      assert_true(page.n <= 5);
      for (size_t i = 0; i < page.n; i++) {
        assert_string_equal(page.items[i].product_key, "PAY");
        assert_int_not_equal(page.items[i].status, FS_SHIPPED); /* default: open features */
        seen[ns++] = page.items[i].id;
      }
      if (!page.next) break;
      assert_int_equal(page.n, 5);
      in.after = page.next;
    }
    assert_int_equal(ns, (size_t)N - 1);
    for (size_t i = 0; i < ns; i++)
      for (size_t k = i + 1; k < ns; k++) assert_int_not_equal(seen[i], seen[k]);
  }
  /* RICE order on one page: scores never increase, unscored last. */
  struct feature_list_in in = {.product = "PAY", .status = "all", .sort = "rice"};
  struct feature_page page;
  x = ctx(f, &f->viewer);
  assert_int_equal(app_feature_list(&x, &in, &page), KEEL_OK);
  assert_int_equal(page.n, (size_t)N);
  assert_null(page.next);
  int tail = 0;
  for (size_t i = 0; i < page.n; i++) {
    if (!page.items[i].rice.set) tail = 1;
    else assert_false(tail);
    if (i && page.items[i].rice.set) assert_true(score_rice(&page.items[i - 1].rice) >= score_rice(&page.items[i].rice));
  }
  assert_true(tail);

  /* Input errors. */
  struct feature_list_in bad = {.sort = "popular"};
  assert_int_equal(app_feature_list(&x, &bad, &page), KEEL_EINVAL);
  assert_string_equal(f->e.field, "sort");
  bad = (struct feature_list_in){.limit = "0"};
  x = ctx(f, &f->viewer);
  assert_int_equal(app_feature_list(&x, &bad, &page), KEEL_EINVAL);
  assert_string_equal(f->e.field, "limit");
  bad = (struct feature_list_in){.after = "rank:i:65536:1", .sort = "rice"};
  x = ctx(f, &f->viewer);
  assert_int_equal(app_feature_list(&x, &bad, &page), KEEL_EINVAL);
  assert_string_equal(f->e.field, "after");
  bad = (struct feature_list_in){.status = "open,done"};
  x = ctx(f, &f->viewer);
  assert_int_equal(app_feature_list(&x, &bad, &page), KEEL_EINVAL);
  assert_string_equal(f->e.field, "status");
  bad = (struct feature_list_in){.product = "NOPE"};
  x = ctx(f, &f->viewer);
  assert_int_equal(app_feature_list(&x, &bad, &page), KEEL_EINVAL);
  assert_string_equal(f->e.field, "product");
  bad = (struct feature_list_in){.horizon = "soon"};
  x = ctx(f, &f->viewer);
  assert_int_equal(app_feature_list(&x, &bad, &page), KEEL_EINVAL);
  assert_string_equal(f->e.field, "horizon");
  /* Status lists and text. */
  struct feature_list_in st = {.status = "shipped"};
  x = ctx(f, &f->viewer);
  assert_int_equal(app_feature_list(&x, &st, &page), KEEL_OK);
  assert_int_equal(page.n, 1);
  assert_string_equal(page.items[0].title, "Item 04");
  st = (struct feature_list_in){.status = "all", .text = " item 1"};
  assert_int_equal(app_feature_list(&x, &st, &page), KEEL_OK);
  assert_int_equal(page.n, 3); /* Item 10, 11, 12 */
}

/* ---------------------------------------------------------------- products, comments */

static void test_products_comments(void **state) {
  struct fx *f = *state;
  struct app x = ctx(f, &f->pm);
  struct product p;
  assert_int_equal(app_product_create(&x, "PAY", "Again", "", &p), KEEL_EEXISTS);
  assert_int_equal(app_product_create(&x, "pay2", "Lower", "", &p), KEEL_EINVAL);
  assert_string_equal(f->e.field, "key");
  assert_int_equal(app_product_get(&x, "PAY", &p), KEEL_OK);
  struct product out;
  int64_t rows = audit_rows(f);
  assert_int_equal(app_product_update(&x, "PAY", "Payments & Billing", NULL, p.version, &out), KEEL_OK);
  assert_string_equal(out.name, "Payments & Billing");
  assert_string_equal(out.description, "Money in");
  assert_int_equal(out.version, p.version + 1);
  assert_int_equal(audit_rows(f), rows + 1);
  assert_int_equal(app_product_update(&x, "PAY", "Lost", NULL, p.version, &out), KEEL_ESTALE);
  assert_int_equal(app_product_get(&x, "PAY", &p), KEEL_OK);
  assert_string_equal(p.name, "Payments & Billing");
  assert_int_equal(audit_rows(f), rows + 1);
  struct product *list;
  size_t n;
  assert_int_equal(app_product_list(&x, &list, &n), KEEL_OK);
  assert_int_equal(n, 2);
  assert_string_equal(list[0].key, "OTH");

  struct idea i = submit(f, &f->c1, "Comment on me");
  struct feature ft = create_feature(f, "PAY", "Discussed");
  struct comment c;
  x = ctx(f, &f->c2);
  char ref[32];
  snprintf(ref, sizeof ref, "%lld", (long long)i.id);
  rows = audit_rows(f);
  assert_int_equal(app_comment_add(&x, "idea", ref, "  Yes please  ", &c), KEEL_OK);
  assert_string_equal(c.body, "Yes please");
  assert_int_equal(app_comment_add(&x, "feature", ft.key, "When?", &c), KEEL_OK);
  assert_int_equal(audit_rows(f), rows + 2);
  assert_string_equal(last_audit(f).action, "comment.add");
  assert_int_equal(app_comment_add(&x, "idea", ref, "   ", &c), KEEL_EINVAL);
  assert_string_equal(f->e.field, "body");
  assert_int_equal(app_comment_add(&x, "idea", "9999", "Hello", &c), KEEL_ENOTFOUND);
  assert_int_equal(app_comment_add(&x, "idea", "x1", "Hello", &c), KEEL_ENOTFOUND);
  assert_int_equal(app_comment_add(&x, "feature", "PAY-99", "Hello", &c), KEEL_ENOTFOUND);
  assert_int_equal(app_comment_add(&x, "product", "1", "Hello", &c), KEEL_EINVAL);
  x = ctx(f, &f->viewer);
  assert_int_equal(app_comment_add(&x, "idea", ref, "Me too", &c), KEEL_EPERM);
  assert_int_equal(audit_rows(f), rows + 2);
  struct comment *cl;
  assert_int_equal(app_comment_list(&x, "idea", i.id, &cl, &n), KEEL_OK);
  assert_int_equal(n, 1);
  assert_string_equal(cl[0].body, "Yes please");
  assert_string_equal(cl[0].author_name, "Carl Contributor");
}

/* ---------------------------------------------------------------- sign-in */

static void test_login(void **state) {
  struct fx *f = *state;
  struct app x = ctx(f, NULL);
  const char *token = NULL;
  struct session s;
  assert_int_equal(app_login(&x, " PM@Example.com ", PW_PM, "10.0.0.1", &token, &s), KEEL_OK);
  assert_non_null(token);
  assert_int_equal(strlen(token), TOKEN_STR_LEN - 1);
  assert_int_equal(s.user_id, W.pm);
  assert_int_equal(s.expires_at, f->now + SESSION_ABSOLUTE_SECONDS);
  assert_int_equal(strlen(s.csrf), TOKEN_STR_LEN - 1);
  struct actor who;
  struct session rs;
  assert_int_equal(app_session_resolve(f->d, f->a, f->now + 1, token, &who, &rs, &f->e), KEEL_OK);
  assert_int_equal(who.user_id, W.pm);
  assert_int_equal(who.role, ROLE_PM);
  assert_string_equal(who.email, "pm@example.com");
  assert_string_equal(rs.csrf, s.csrf);
  /* The secret itself is not stored. */
  struct keel_err e;
  db_stmt *st = db_prepare(f->d, "SELECT COUNT(*) FROM sessions WHERE token_hash = ?", &e);
  assert_non_null(st);
  db_bind_text(st, 1, token);
  assert_int_equal(db_step(st), 1);
  assert_int_equal(db_col_int(st, 0), 0);
  db_done(st);

  /* Wrong password and unknown account answer alike. */
  x = ctx(f, NULL);
  assert_int_equal(app_login(&x, "pm@example.com", "wrong-password", "10.0.0.1", &token, &s), KEEL_EAUTH);
  assert_null(token);
  char msg[KEEL_ERR_MSG_MAX];
  snprintf(msg, sizeof msg, "%s", f->e.msg);
  x = ctx(f, NULL);
  assert_int_equal(app_login(&x, "ghost@example.com", "whatever-pw", "10.0.0.1", &token, &s), KEEL_EAUTH);
  assert_string_equal(f->e.msg, msg);
  x = ctx(f, NULL);
  assert_int_equal(app_login(&x, "", PW_PM, "10.0.0.1", &token, &s), KEEL_EAUTH);
  assert_int_equal(app_login(&x, "pm@example.com", "", "10.0.0.1", &token, &s), KEEL_EAUTH);
  /* A success clears the account's failures. */
  int64_t failures = 0, oldest = 0;
  assert_int_equal(store_login_failure_count(f->d, "email:pm@example.com", 0, &failures, &oldest, &e), KEEL_OK);
  assert_int_equal(failures, 1);
  x = ctx(f, NULL);
  assert_int_equal(app_login(&x, "pm@example.com", PW_PM, "10.0.0.1", &token, &s), KEEL_OK);
  assert_int_equal(store_login_failure_count(f->d, "email:pm@example.com", 0, &failures, &oldest, &e), KEEL_OK);
  assert_int_equal(failures, 0);

  /* Throttling per account: after LOGIN_MAX_FAILURES failures even the right password is refused. */
  for (int i = 0; i < LOGIN_MAX_FAILURES; i++) {
    x = ctx(f, NULL);
    assert_int_equal(app_login(&x, "viewer@example.com", "not-it-at-all", "10.0.0.2", &token, &s), KEEL_EAUTH);
    f->now += 10;
  }
  x = ctx(f, NULL);
  assert_int_equal(app_login(&x, "viewer@example.com", PW_VIEWER, "10.0.0.3", &token, &s), KEEL_ETHROTTLED);
  assert_null(token);
  assert_true(f->e.retry_after > 0);
  assert_true(f->e.retry_after <= LOGIN_WINDOW_SECONDS);
  assert_int_equal(f->e.retry_after, LOGIN_WINDOW_SECONDS - LOGIN_MAX_FAILURES * 10);
  /* Other accounts are not affected... */
  x = ctx(f, NULL);
  assert_int_equal(app_login(&x, "c1@example.com", PW_C1, "10.0.0.3", &token, &s), KEEL_OK);
  /* ... and the window passes. */
  f->now += LOGIN_WINDOW_SECONDS;
  x = ctx(f, NULL);
  assert_int_equal(app_login(&x, "viewer@example.com", PW_VIEWER, "10.0.0.3", &token, &s), KEEL_OK);

  /* Throttling per client address, across accounts (a higher limit: offices share addresses). */
  for (int i = 0; i < LOGIN_MAX_FAILURES_PER_ADDRESS; i++) {
    x = ctx(f, NULL);
    const char *email = arena_printf(f->a, "nobody%d@example.com", i);
    assert_int_equal(app_login(&x, email, "guessing-pw", "192.0.2.7", &token, &s), KEEL_EAUTH);
  }
  x = ctx(f, NULL);
  assert_int_equal(app_login(&x, "admin@example.com", PW_ADMIN, "192.0.2.7", &token, &s), KEEL_ETHROTTLED);
  assert_true(f->e.retry_after > 0);
  x = ctx(f, NULL);
  assert_int_equal(app_login(&x, "admin@example.com", PW_ADMIN, "192.0.2.8", &token, &s), KEEL_OK);
}

static void test_sessions(void **state) {
  struct fx *f = *state;
  struct app x = ctx(f, NULL);
  const char *token = NULL;
  struct session s;
  int64_t t = f->now;
  assert_int_equal(app_login(&x, "c1@example.com", PW_C1, "10.0.0.1", &token, &s), KEEL_OK);
  struct actor who;
  struct session rs;
  struct keel_err e;
  assert_int_equal(app_session_resolve(f->d, f->a, t + 1, token, &who, &rs, &e), KEEL_OK);
  assert_int_equal(who.role, ROLE_CONTRIBUTOR);
  /* Touching keeps an active session alive past the idle limit... */
  assert_int_equal(app_session_resolve(f->d, f->a, t + SESSION_IDLE_SECONDS - 1, token, &who, &rs, &e), KEEL_OK);
  assert_int_equal(app_session_resolve(f->d, f->a, t + SESSION_IDLE_SECONDS + 100, token, &who, &rs, &e), KEEL_OK);
  /* ... and idleness ends it. */
  err_clear(&e);
  assert_int_equal(app_session_resolve(f->d, f->a, t + 3 * SESSION_IDLE_SECONDS, token, &who, &rs, &e), KEEL_EAUTH);
  assert_int_equal(e.rc, KEEL_EAUTH);

  /* The absolute limit ends even a busy session. */
  x = ctx(f, NULL);
  assert_int_equal(app_login(&x, "c1@example.com", PW_C1, "10.0.0.1", &token, &s), KEEL_OK);
  for (int64_t at = t; at < t + SESSION_ABSOLUTE_SECONDS; at += SESSION_IDLE_SECONDS - 3600)
    assert_int_equal(app_session_resolve(f->d, f->a, at, token, &who, &rs, &e), KEEL_OK);
  assert_int_equal(app_session_resolve(f->d, f->a, t + SESSION_ABSOLUTE_SECONDS - 1, token, &who, &rs, &e), KEEL_OK);
  assert_int_equal(app_session_resolve(f->d, f->a, t + SESSION_ABSOLUTE_SECONDS, token, &who, &rs, &e), KEEL_EAUTH);

  /* Garbage and logged-out tokens. */
  assert_int_equal(app_session_resolve(f->d, f->a, t, NULL, &who, &rs, &e), KEEL_EAUTH);
  assert_int_equal(app_session_resolve(f->d, f->a, t, "short", &who, &rs, &e), KEEL_EAUTH);
  assert_int_equal(app_session_resolve(f->d, f->a, t, "0123456789012345678901234567890123456789012", &who, &rs, &e),
                   KEEL_EAUTH);
  x = ctx(f, NULL);
  assert_int_equal(app_login(&x, "c1@example.com", PW_C1, "10.0.0.1", &token, &s), KEEL_OK);
  assert_int_equal(app_session_resolve(f->d, f->a, t, token, &who, &rs, &e), KEEL_OK);
  x = ctx(f, &who);
  assert_int_equal(app_logout(&x, token), KEEL_OK);
  assert_int_equal(app_session_resolve(f->d, f->a, t, token, &who, &rs, &e), KEEL_EAUTH);

  /* Deactivating a user ends their sessions. */
  x = ctx(f, NULL);
  assert_int_equal(app_login(&x, "c1@example.com", PW_C1, "10.0.0.1", &token, &s), KEEL_OK);
  x = ctx(f, &f->admin);
  struct user_patch up = {.has_active = 1, .active = 0};
  struct user u;
  assert_int_equal(app_user_update(&x, W.c1, &up, 0, &u), KEEL_OK);
  assert_int_equal(app_session_resolve(f->d, f->a, t, token, &who, &rs, &e), KEEL_EAUTH);
  x = ctx(f, NULL);
  assert_int_equal(app_login(&x, "c1@example.com", PW_C1, "10.0.0.1", &token, &s), KEEL_EAUTH);
}

static void test_password_change(void **state) {
  struct fx *f = *state;
  struct app x = ctx(f, &f->c1);
  assert_int_equal(app_user_set_password(&x, W.c1, "not-current", "brand-new-password"), KEEL_EPERM);
  assert_string_equal(f->e.field, "current_password");
  x = ctx(f, &f->c1);
  assert_int_equal(app_user_set_password(&x, W.c1, PW_C1, "short"), KEEL_EINVAL);
  x = ctx(f, &f->c1);
  assert_int_equal(app_user_set_password(&x, W.c2, NULL, "brand-new-password"), KEEL_EPERM);
  x = ctx(f, &f->c1);
  assert_int_equal(app_user_set_password(&x, W.c1, PW_C1, "brand-new-password"), KEEL_OK);
  const char *token;
  struct session s;
  x = ctx(f, NULL);
  assert_int_equal(app_login(&x, "c1@example.com", PW_C1, "10.0.0.1", &token, &s), KEEL_EAUTH);
  x = ctx(f, NULL);
  assert_int_equal(app_login(&x, "c1@example.com", "brand-new-password", "10.0.0.1", &token, &s), KEEL_OK);
}

static void test_tokens(void **state) {
  struct fx *f = *state;
  struct app x = ctx(f, &f->c1);
  const char *secret = NULL;
  struct api_token t;
  int64_t rows = audit_rows(f);
  assert_int_equal(app_token_create(&x, 0, "ci", &secret, &t), KEEL_OK);
  assert_non_null(secret);
  assert_int_equal(strncmp(secret, "kt_", 3), 0);
  assert_int_equal(strlen(secret), 3 + TOKEN_STR_LEN - 1);
  assert_int_equal(t.user_id, W.c1);
  assert_string_equal(t.name, "ci");
  assert_int_equal(audit_rows(f), rows + 1);
  assert_string_equal(last_audit(f).action, "token.create");
  assert_null(strstr(last_audit(f).after, secret + 3)); /* the secret is never recorded */

  struct actor who;
  struct keel_err e;
  assert_int_equal(app_token_resolve(f->d, f->a, f->now, secret, &who, &e), KEEL_OK);
  assert_int_equal(who.user_id, W.c1);
  assert_int_equal(who.role, ROLE_CONTRIBUTOR);
  assert_int_equal(app_token_resolve(f->d, f->a, f->now, secret + 3, &who, &e), KEEL_EAUTH);
  char forged[64];
  snprintf(forged, sizeof forged, "%s", secret);
  forged[10] = forged[10] == 'A' ? 'B' : 'A';
  assert_int_equal(app_token_resolve(f->d, f->a, f->now, forged, &who, &e), KEEL_EAUTH);
  assert_int_equal(app_token_resolve(f->d, f->a, f->now, NULL, &who, &e), KEEL_EAUTH);

  struct api_token *list;
  size_t n;
  x = ctx(f, &f->c1);
  assert_int_equal(app_token_list(&x, 0, &list, &n), KEEL_OK);
  assert_int_equal(n, 1);
  assert_int_equal(list[0].last_used_at, f->now); /* the resolve touched it */
  /* Someone else's tokens: not for contributors. */
  x = ctx(f, &f->c2);
  assert_int_equal(app_token_list(&x, W.c1, &list, &n), KEEL_EPERM);
  assert_int_equal(app_token_create(&x, W.c1, "sneaky", &secret, &t), KEEL_EPERM);
  rows = audit_rows(f);
  assert_int_equal(app_token_revoke(&x, list[0].id), KEEL_ENOTFOUND);
  assert_int_equal(audit_rows(f), rows);
  /* Admins may make tokens for others. */
  x = ctx(f, &f->admin);
  const char *admin_made;
  struct api_token t2;
  assert_int_equal(app_token_create(&x, W.c2, NULL, &admin_made, &t2), KEEL_OK);
  assert_int_equal(t2.user_id, W.c2);
  assert_non_null(strstr(t2.name, "token created"));
  assert_int_equal(app_token_resolve(f->d, f->a, f->now, admin_made, &who, &e), KEEL_OK);
  assert_int_equal(who.user_id, W.c2);

  /* Revoking. */
  x = ctx(f, &f->c1);
  assert_int_equal(app_token_revoke(&x, t.id), KEEL_OK);
  assert_string_equal(last_audit(f).action, "token.revoke");
  assert_int_equal(app_token_resolve(f->d, f->a, f->now, secret, &who, &e), KEEL_EAUTH);
  assert_int_equal(app_token_revoke(&x, t.id), KEEL_ECONFLICT);
  x = ctx(f, &f->admin);
  assert_int_equal(app_token_revoke(&x, t2.id), KEEL_OK);
  assert_int_equal(app_token_resolve(f->d, f->a, f->now, admin_made, &who, &e), KEEL_EAUTH);
  assert_int_equal(app_token_revoke(&x, 9999), KEEL_ENOTFOUND);
}

/* ---------------------------------------------------------------- users */

static void test_last_admin(void **state) {
  struct fx *f = *state;
  int64_t rows = audit_rows(f);
  struct user before, u;
  struct app x = ctx(f, &f->admin);
  assert_int_equal(app_user_get(&x, W.admin, &before), KEEL_OK);
  struct user_patch demote = {.has_role = 1, .role = ROLE_PM};
  assert_int_equal(app_user_update(&x, W.admin, &demote, 0, &u), KEEL_ECONFLICT);
  assert_string_equal(f->e.field, "role");
  struct user_patch off = {.has_active = 1, .active = 0};
  x = ctx(f, &app_owner);
  assert_int_equal(app_user_update(&x, W.admin, &off, 0, &u), KEEL_ECONFLICT);
  assert_string_equal(f->e.field, "active");
  assert_int_equal(audit_rows(f), rows);
  assert_int_equal(app_user_get(&x, W.admin, &u), KEEL_OK);
  assert_int_equal(u.role, ROLE_ADMIN);
  assert_int_equal(u.active, 1);
  assert_int_equal(u.version, before.version);

  /* With a second admin the first may step down. */
  struct user_patch promote = {.has_role = 1, .role = ROLE_ADMIN};
  x = ctx(f, &f->admin);
  assert_int_equal(app_user_update(&x, W.pm, &promote, 0, &u), KEEL_OK);
  assert_int_equal(u.role, ROLE_ADMIN);
  assert_int_equal(audit_rows(f), rows + 1);
  assert_string_equal(last_audit(f).action, "user.update");
  assert_int_equal(app_user_update(&x, W.admin, &demote, before.version, &u), KEEL_OK);
  assert_int_equal(u.role, ROLE_PM);
  /* Now the former PM is the last admin. */
  x = ctx(f, &app_owner);
  assert_int_equal(app_user_update(&x, W.pm, &demote, 0, &u), KEEL_ECONFLICT);

  /* People rename themselves but do not change their own role. */
  struct user_patch rename = {.name = "  Cora C.  "};
  x = ctx(f, &f->c1);
  assert_int_equal(app_user_update(&x, W.c1, &rename, 0, &u), KEEL_OK);
  assert_string_equal(u.name, "Cora C.");
  x = ctx(f, &f->c1);
  assert_int_equal(app_user_update(&x, W.c1, &promote, 0, &u), KEEL_EPERM);
  x = ctx(f, &f->c1);
  assert_int_equal(app_user_update(&x, W.c2, &rename, 0, &u), KEEL_EPERM);
  /* Stale version. */
  x = ctx(f, &f->admin);
  assert_int_equal(app_user_update(&x, W.c2, &rename, 42, &u), KEEL_ESTALE);
}

/* ---------------------------------------------------------------- history */

static void test_history(void **state) {
  struct fx *f = *state;
  struct feature ft = create_feature(f, "PAY", "Tracked");
  struct app x;
  for (int i = 0; i < 4; i++) {
    f->now += 10;
    x = ctx(f, &f->pm);
    struct feature_patch p = {.title = arena_printf(f->a, "Tracked v%d", i + 2)};
    struct feature out;
    assert_int_equal(app_feature_update(&x, "PAY-1", &p, 0, &out), KEEL_OK);
  }
  struct idea i = submit(f, &f->c1, "Unrelated");
  x = ctx(f, &f->viewer);
  struct history_in in = {.entity_type = "feature", .ref = "PAY-1", .limit = 2};
  struct history_page page;
  assert_int_equal(app_history(&x, &in, &page), KEEL_OK);
  assert_int_equal(page.n, 2);
  assert_true(page.next_before > 0);
  assert_string_equal(page.items[0].action, "feature.update");
  assert_string_equal(json_str(f, page.items[0].after, "title"), "Tracked v5");
  assert_string_equal(json_str(f, page.items[0].before, "title"), "Tracked v4");
  assert_string_equal(page.items[0].actor_name, "Pat PM");
  assert_int_equal(page.items[0].entity_id, ft.id);
  /* Page to the end: 4 updates and the creation. */
  size_t total = page.n;
  const char *last_action = NULL;
  while (page.next_before) {
    in.before_id = page.next_before;
    assert_int_equal(app_history(&x, &in, &page), KEEL_OK);
    total += page.n;
    if (page.n) last_action = page.items[page.n - 1].action;
  }
  assert_int_equal(total, 5);
  assert_string_equal(last_action, "feature.create");

  /* An idea's history, everything, and bad references. */
  char ref[32];
  snprintf(ref, sizeof ref, "%lld", (long long)i.id);
  in = (struct history_in){.entity_type = "idea", .ref = ref, .limit = 50};
  assert_int_equal(app_history(&x, &in, &page), KEEL_OK);
  assert_int_equal(page.n, 1);
  assert_string_equal(page.items[0].action, "idea.submit");
  assert_int_equal(page.next_before, 0);
  in = (struct history_in){.limit = 500};
  assert_int_equal(app_history(&x, &in, &page), KEEL_OK);
  assert_int_equal((int64_t)page.n, audit_rows(f));
  in = (struct history_in){.entity_type = "feature", .ref = "PAY-9", .limit = 5};
  assert_int_equal(app_history(&x, &in, &page), KEEL_ENOTFOUND);
  in = (struct history_in){.entity_type = "planet", .ref = "1", .limit = 5};
  assert_int_equal(app_history(&x, &in, &page), KEEL_EINVAL);
  x = ctx(f, NULL);
  in = (struct history_in){.limit = 5};
  assert_int_equal(app_history(&x, &in, &page), KEEL_EAUTH);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_permissions, setup, teardown),
      cmocka_unit_test_setup_teardown(test_idea_submit_and_edit, setup, teardown),
      cmocka_unit_test_setup_teardown(test_idea_lifecycle, setup, teardown),
      cmocka_unit_test_setup_teardown(test_votes, setup, teardown),
      cmocka_unit_test_setup_teardown(test_feature_create_update, setup, teardown),
      cmocka_unit_test_setup_teardown(test_feature_move, setup, teardown),
      cmocka_unit_test_setup_teardown(test_feature_move_renumber, setup, teardown),
      cmocka_unit_test_setup_teardown(test_feature_list, setup, teardown),
      cmocka_unit_test_setup_teardown(test_products_comments, setup, teardown),
      cmocka_unit_test_setup_teardown(test_login, setup, teardown),
      cmocka_unit_test_setup_teardown(test_sessions, setup, teardown),
      cmocka_unit_test_setup_teardown(test_password_change, setup, teardown),
      cmocka_unit_test_setup_teardown(test_tokens, setup, teardown),
      cmocka_unit_test_setup_teardown(test_last_admin, setup, teardown),
      cmocka_unit_test_setup_teardown(test_history, setup, teardown),
  };
  return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
