/* test_portal.c — unit tests for the customer portal (app/portal.c,
 * store/portal.c, domain/portal.c) on a temporary SQLite database: who may
 * publish (PMs, with versions and audit), what a portal user may read (only
 * published ideas and their own requests; everything else is "not found", and
 * every internal operation is refused), submitting with the portal user's
 * customer, comments meant for customers, votes, "My requests" outcomes, and
 * anonymous submission (off by default, then on, checked and throttled).
 *
 * Users are created once (argon2 is slow on purpose) in a template database
 * that each test copies. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/app.h"
#include "core/crypto.h"
#include "domain/portal.h"
#include "store/audit.h"
#include "fixture.h"

enum { T0 = 1700000000 };

static struct {
  char dir[64];
  char tmpl[128];
  int64_t pm, viewer, p1, p2, acme, globex;
  int counter;
} W;

struct fx {
  char path[160];
  db *d;
  arena *a;
  struct keel_err e;
  int64_t now;
  struct actor pm, viewer, p1, p2, nobody;
};

static int group_setup(void **state) {
  (void)state;
  if (crypto_init()) return -1;
  snprintf(W.dir, sizeof W.dir, "/tmp/keel-portal-XXXXXX");
  if (!mkdtemp(W.dir)) return -1;
  snprintf(W.tmpl, sizeof W.tmpl, "%s/template.db", W.dir);
  struct keel_err e;
  db *d = NULL;
  if (db_open(W.tmpl, DB_OPEN_CREATE, &d, &e)) return -1;
  arena *a = arena_new(0);
  struct app x = {d, a, &app_owner, T0, &e};
  struct user u;
  struct customer c;
  struct product p;
  int rc = app_user_create(&x, "pm@example.com", "Pat PM", ROLE_PM, "pm-password", &u);
  W.pm = u.id;
  if (!rc) rc = app_user_create(&x, "viewer@example.com", "Vic Viewer", ROLE_VIEWER, "viewer-password", &u);
  W.viewer = u.id;
  if (!rc) rc = app_customer_create(&x, &(struct customer_patch){.name = "Acme"}, &c);
  W.acme = c.id;
  if (!rc) rc = app_customer_create(&x, &(struct customer_patch){.name = "Globex"}, &c);
  W.globex = c.id;
  if (!rc) rc = app_user_create_for(&x, "p1@acme.test", "Paula Acme", ROLE_PORTAL, "Acme", "p1-password", &u);
  W.p1 = u.id;
  if (!rc) rc = app_user_create_for(&x, "p2@globex.test", "Peter Globex", ROLE_PORTAL, "Globex", "p2-password", &u);
  W.p2 = u.id;
  if (!rc) rc = app_product_create(&x, "PAY", "Payments", "Money in", &p);
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
  f->pm = (struct actor){W.pm, ROLE_PM, "Pat PM", "pm@example.com", 0};
  f->viewer = (struct actor){W.viewer, ROLE_VIEWER, "Vic Viewer", "viewer@example.com", 0};
  f->p1 = (struct actor){W.p1, ROLE_PORTAL, "Paula Acme", "p1@acme.test", W.acme};
  f->p2 = (struct actor){W.p2, ROLE_PORTAL, "Peter Globex", "p2@globex.test", W.globex};
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

/* An idea the PM files internally (private). */
static struct idea internal_idea(struct fx *f, const char *title) {
  struct app x = ctx(f, &f->pm);
  struct idea_input in = {.product = "PAY", .title = title, .description = "internal notes", .source = "sales"};
  struct idea i;
  int rc = app_idea_submit(&x, &in, &i);
  if (rc) print_error("%s\n", f->e.msg);
  assert_int_equal(rc, KEEL_OK);
  return i;
}

static struct idea publish(struct fx *f, const struct idea *i, const char *title) {
  struct app x = ctx(f, &f->pm);
  struct idea out;
  assert_int_equal(app_idea_publish(&x, i->id, title, "What customers read", i->version, &out), KEEL_OK);
  return out;
}

/* Returns 1 when page holds idea id. */
static int holds(const struct portal_page *pg, int64_t id) {
  for (size_t k = 0; k < pg->n; k++)
    if (pg->items[k].id == id) return 1;
  return 0;
}

static void test_domain_rules(void **state) {
  (void)state;
  assert_true(portal_visible(1, 0, 0));
  assert_true(portal_visible(0, 7, 7));
  assert_false(portal_visible(0, 7, 8));
  assert_false(portal_visible(0, 0, 0)); /* nobody is not the submitter of an anonymous idea */
  assert_string_equal(portal_title("Internal", ""), "Internal");
  assert_string_equal(portal_title("Internal", "Public"), "Public");
  assert_string_equal(portal_author(1, 0, "Paula"), "You");
  assert_string_equal(portal_author(0, 1, "Pat PM"), "Pat PM");
  assert_string_equal(portal_author(0, 0, "Paula"), "A customer");
  assert_true(portal_setting_on("on"));
  assert_false(portal_setting_on("off"));
  assert_false(portal_setting_on(NULL));
  struct portal_idea i = {.status = IS_PLANNED, .shipped = 1};
  assert_string_equal(portal_status_label(&i), "Shipped");
  struct keel_err e;
  assert_int_equal(portal_submitter_check("Nia", "nia@example.com", &e), KEEL_OK);
  assert_int_equal(portal_submitter_check("", "nia@example.com", &e), KEEL_EINVAL);
  assert_string_equal(e.field, "name");
  assert_int_equal(portal_submitter_check("Nia", "nia", &e), KEEL_EINVAL);
  assert_string_equal(e.field, "email");
  assert_int_equal(portal_submitter_check("Nia\nBcc: x", "nia@example.com", &e), KEEL_EINVAL);
}

static void test_publish_permissions(void **state) {
  struct fx *f = *state;
  struct idea i = internal_idea(f, "Internal codename"), out;
  int64_t rows = audit_rows(f);
  struct app x = ctx(f, &f->viewer);
  assert_int_equal(app_idea_publish(&x, i.id, "Public", NULL, i.version, &out), KEEL_EPERM);
  x = ctx(f, &f->p1);
  assert_int_equal(app_idea_publish(&x, i.id, "Public", NULL, i.version, &out), KEEL_EPERM);
  x = ctx(f, &f->nobody);
  assert_int_equal(app_idea_unpublish(&x, i.id, i.version, &out), KEEL_EAUTH);
  x = ctx(f, &f->pm);
  assert_int_equal(app_idea_publish(&x, i.id, "Public", NULL, i.version + 1, &out), KEEL_ESTALE);
  x = ctx(f, &f->pm);
  assert_int_equal(app_idea_publish(&x, i.id, "Two\nlines", NULL, i.version, &out), KEEL_EINVAL);
  assert_string_equal(f->e.field, "public_title");
  x = ctx(f, &f->pm);
  assert_int_equal(app_idea_unpublish(&x, i.id, i.version, &out), KEEL_ECONFLICT); /* not published */
  assert_int_equal(audit_rows(f), rows);                                        /* failures write nothing */

  struct idea p = publish(f, &i, "Faster exports");
  assert_true(p.is_public);
  assert_string_equal(p.public_title, "Faster exports");
  assert_string_equal(p.public_description, "What customers read");
  assert_int_equal(p.version, i.version + 1);
  assert_int_equal(audit_rows(f), rows + 1);
  x = ctx(f, &f->pm);
  assert_int_equal(app_idea_unpublish(&x, i.id, p.version, &out), KEEL_OK);
  assert_false(out.is_public);
  assert_string_equal(out.public_title, "Faster exports"); /* kept for publishing again */
  assert_int_equal(audit_rows(f), rows + 2);
}

static void test_portal_user_sees_only_the_portal(void **state) {
  struct fx *f = *state;
  struct idea priv = internal_idea(f, "Private bet");
  struct idea pub = publish(f, &(struct idea){.id = internal_idea(f, "Internal codename").id, .version = 1}, "");
  struct app x = ctx(f, &f->p1);
  struct portal_idea pi;
  assert_int_equal(app_portal_get(&x, priv.id, &pi), KEEL_ENOTFOUND);
  x = ctx(f, &f->p1);
  assert_int_equal(app_portal_get(&x, 99999, &pi), KEEL_ENOTFOUND);
  x = ctx(f, &f->p1);
  assert_int_equal(app_portal_get(&x, pub.id, &pi), KEEL_OK);
  assert_string_equal(pi.title, "Internal codename"); /* no public title: the title */
  assert_string_equal(pi.description, "What customers read");
  x = ctx(f, &f->p1);
  struct portal_page pg;
  assert_int_equal(app_portal_list(&x, &(struct portal_list_in){0}, &pg), KEEL_OK);
  assert_true(holds(&pg, pub.id));
  assert_false(holds(&pg, priv.id));
  x = ctx(f, &f->p1);
  assert_int_equal(app_portal_list(&x, &(struct portal_list_in){.sort = "score"}, &pg), KEEL_EINVAL);

  /* Everything inside is refused. */
  struct idea i;
  x = ctx(f, &f->p1);
  assert_int_equal(app_idea_get(&x, pub.id, &i), KEEL_EPERM);
  struct idea_page ip;
  x = ctx(f, &f->p1);
  assert_int_equal(app_idea_list(&x, &(struct idea_list_in){0}, &ip), KEEL_EPERM);
  struct customer_page cp;
  x = ctx(f, &f->p1);
  assert_int_equal(app_customer_list(&x, &(struct customer_list_in){0}, &cp), KEEL_EPERM);
  struct user *us;
  size_t nu;
  x = ctx(f, &f->p1);
  assert_int_equal(app_user_list(&x, &us, &nu), KEEL_EPERM);
  x = ctx(f, &f->p1);
  assert_int_equal(app_idea_submit(&x, &(struct idea_input){.product = "PAY", .title = "x"}, &i), KEEL_EPERM);
  struct comment c;
  x = ctx(f, &f->p1);
  assert_int_equal(app_comment_add(&x, "idea", arena_printf(f->a, "%lld", (long long)pub.id), "hi", &c), KEEL_EPERM);
  /* Nobody signed in reads nothing of the portal. */
  x = ctx(f, &f->nobody);
  assert_int_equal(app_portal_list(&x, &(struct portal_list_in){0}, &pg), KEEL_EAUTH);
  x = ctx(f, &f->nobody);
  assert_int_equal(app_portal_get(&x, pub.id, &pi), KEEL_EAUTH);
  /* Staff see the portal as a customer would. */
  x = ctx(f, &f->viewer);
  assert_int_equal(app_portal_list(&x, &(struct portal_list_in){0}, &pg), KEEL_OK);
  assert_false(holds(&pg, priv.id));
}

static void test_submit_and_requests(void **state) {
  struct fx *f = *state;
  struct app x = ctx(f, &f->p1);
  struct portal_idea mine;
  struct portal_submission s = {.product = "PAY", .title = "Bulk refunds", .description = "300 a week"};
  int64_t rows = audit_rows(f);
  assert_int_equal(app_portal_submit(&x, &s, &mine), KEEL_OK);
  assert_int_equal(audit_rows(f), rows + 1);
  assert_true(mine.mine);
  x = ctx(f, &f->pm);
  struct idea in;
  assert_int_equal(app_idea_get(&x, mine.id, &in), KEEL_OK);
  assert_int_equal(in.source, SRC_CUSTOMER);
  assert_int_equal(in.customer_id, W.acme);
  assert_string_equal(in.customer, "Acme");
  assert_int_equal(in.submitted_by, W.p1);
  assert_false(in.is_public);
  x = ctx(f, &f->p1);
  s.product = "NOPE";
  struct portal_idea other;
  assert_int_equal(app_portal_submit(&x, &s, &other), KEEL_EINVAL);
  assert_string_equal(f->e.field, "product");

  /* The other customer's person cannot see it, vote on it or comment on it. */
  x = ctx(f, &f->p2);
  struct portal_idea pi;
  assert_int_equal(app_portal_get(&x, mine.id, &pi), KEEL_ENOTFOUND);
  x = ctx(f, &f->p2);
  assert_int_equal(app_portal_vote(&x, mine.id, 1, &pi), KEEL_ENOTFOUND);
  struct portal_comment pc;
  x = ctx(f, &f->p2);
  assert_int_equal(app_portal_comment(&x, mine.id, "me too", &pc), KEEL_ENOTFOUND);

  /* Declined: My requests shows the reason to its submitter. */
  x = ctx(f, &f->pm);
  struct idea dec;
  assert_int_equal(app_idea_decline(&x, mine.id, "Your bank does this", in.version, &dec), KEEL_OK);
  x = ctx(f, &f->p1);
  struct portal_page pg;
  assert_int_equal(app_portal_requests(&x, &(struct portal_list_in){0}, &pg), KEEL_OK);
  assert_int_equal(pg.n, 1);
  assert_int_equal(pg.items[0].status, IS_DECLINED);
  assert_string_equal(pg.items[0].decline_reason, "Your bank does this");
  x = ctx(f, &f->p2);
  assert_int_equal(app_portal_requests(&x, &(struct portal_list_in){0}, &pg), KEEL_OK);
  assert_int_equal(pg.n, 0);
}

static void test_votes_and_comments(void **state) {
  struct fx *f = *state;
  struct idea i = internal_idea(f, "Internal codename");
  struct idea pub = publish(f, &i, "Faster exports");
  const char *ref = arena_printf(f->a, "%lld", (long long)pub.id);
  struct app x = ctx(f, &f->pm);
  struct comment c;
  assert_int_equal(app_comment_write(&x, "idea", ref, "internal: churn risk", 0, &c), KEEL_OK);
  x = ctx(f, &f->pm);
  assert_int_equal(app_comment_write(&x, "idea", ref, "We are on it", 1, &c), KEEL_OK);
  x = ctx(f, &f->p1);
  struct portal_comment pc;
  assert_int_equal(app_portal_comment(&x, pub.id, "  ", &pc), KEEL_EINVAL);
  x = ctx(f, &f->p1);
  assert_int_equal(app_portal_comment(&x, pub.id, "We need it", &pc), KEEL_OK);
  assert_string_equal(pc.author, "You");
  x = ctx(f, &f->p2);
  struct portal_comment *cs;
  size_t n;
  assert_int_equal(app_portal_comments(&x, pub.id, &cs, &n), KEEL_OK);
  assert_int_equal(n, 2);
  assert_string_equal(cs[0].body, "We are on it");
  assert_string_equal(cs[0].author, "Pat PM");
  assert_true(cs[0].staff);
  assert_string_equal(cs[1].body, "We need it");
  assert_string_equal(cs[1].author, "A customer");
  assert_false(cs[1].staff);

  struct portal_idea v;
  x = ctx(f, &f->p1);
  assert_int_equal(app_portal_vote(&x, pub.id, 1, &v), KEEL_OK);
  x = ctx(f, &f->p1);
  assert_int_equal(app_portal_vote(&x, pub.id, 1, &v), KEEL_OK);
  x = ctx(f, &f->p2);
  assert_int_equal(app_portal_vote(&x, pub.id, 1, &v), KEEL_OK);
  assert_int_equal(v.votes, 2);
  assert_true(v.voted);
  x = ctx(f, &f->p2);
  assert_int_equal(app_portal_vote(&x, pub.id, 0, &v), KEEL_OK);
  assert_int_equal(v.votes, 1);
  assert_false(v.voted);
  /* p1's vote puts it on p1's requests; unpublishing takes it off. */
  x = ctx(f, &f->p1);
  struct portal_page pg;
  assert_int_equal(app_portal_requests(&x, &(struct portal_list_in){0}, &pg), KEEL_OK);
  assert_true(holds(&pg, pub.id));
  x = ctx(f, &f->pm);
  struct idea cur, dec;
  assert_int_equal(app_idea_get(&x, pub.id, &cur), KEEL_OK);
  x = ctx(f, &f->pm);
  assert_int_equal(app_idea_decline(&x, pub.id, "Not now", cur.version, &dec), KEEL_OK);
  x = ctx(f, &f->p2);
  assert_int_equal(app_portal_vote(&x, pub.id, 1, &v), KEEL_ECONFLICT); /* declined: no new votes */
  x = ctx(f, &f->pm);
  assert_int_equal(app_idea_unpublish(&x, pub.id, dec.version, &dec), KEEL_OK);
  x = ctx(f, &f->p1);
  assert_int_equal(app_portal_requests(&x, &(struct portal_list_in){0}, &pg), KEEL_OK);
  assert_false(holds(&pg, pub.id));
}

static void test_anonymous_submission(void **state) {
  struct fx *f = *state;
  struct portal_submission s = {.product = "PAY", .title = "Invoices in Danish", .name = "Nia", .email = "nia@example.com",
                                .client_addr = "192.0.2.7"};
  struct portal_idea out;
  struct app x = ctx(f, &f->nobody);
  assert_int_equal(app_portal_submit(&x, &s, &out), KEEL_EAUTH); /* off by default */
  struct product *ps;
  size_t np;
  x = ctx(f, &f->nobody);
  assert_int_equal(app_portal_products(&x, &ps, &np), KEEL_EAUTH);
  x = ctx(f, &f->pm);
  struct setting_view sv;
  assert_int_equal(app_setting_set(&x, PORTAL_ANONYMOUS_SETTING, "on", &sv), KEEL_EPERM); /* admins only */
  x = ctx(f, &app_owner);
  assert_int_equal(app_setting_set(&x, PORTAL_ANONYMOUS_SETTING, "on", &sv), KEEL_OK);
  x = ctx(f, &f->nobody);
  assert_int_equal(app_portal_products(&x, &ps, &np), KEEL_OK);
  assert_int_equal(np, 1);
  x = ctx(f, &f->nobody);
  s.email = "not an address";
  assert_int_equal(app_portal_submit(&x, &s, &out), KEEL_EINVAL);
  assert_string_equal(f->e.field, "email");
  s.email = "nia@example.com";
  for (int k = 0; k < PORTAL_ANON_PER_ADDRESS; k++) {
    x = ctx(f, &f->nobody);
    int rc = app_portal_submit(&x, &s, &out);
    if (rc) print_error("%s\n", f->e.msg);
    assert_int_equal(rc, KEEL_OK);
  }
  x = ctx(f, &f->pm);
  struct idea i;
  assert_int_equal(app_idea_get(&x, out.id, &i), KEEL_OK);
  assert_string_equal(i.submitter_email, "nia@example.com");
  assert_int_equal(i.submitted_by, 0);
  assert_int_equal(i.customer_id, 0);
  x = ctx(f, &f->nobody);
  assert_int_equal(app_portal_submit(&x, &s, &out), KEEL_ETHROTTLED);
  assert_true(f->e.retry_after > 0);
  /* Another address is not held back. */
  s.client_addr = "192.0.2.8";
  x = ctx(f, &f->nobody);
  assert_int_equal(app_portal_submit(&x, &s, &out), KEEL_OK);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_domain_rules),
      cmocka_unit_test_setup_teardown(test_publish_permissions, setup, teardown),
      cmocka_unit_test_setup_teardown(test_portal_user_sees_only_the_portal, setup, teardown),
      cmocka_unit_test_setup_teardown(test_submit_and_requests, setup, teardown),
      cmocka_unit_test_setup_teardown(test_votes_and_comments, setup, teardown),
      cmocka_unit_test_setup_teardown(test_anonymous_submission, setup, teardown),
  };
  return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
