/* test_feedback.c — unit tests for customers, contacts, feedback, links and
 * demand: the domain rules (names, segments, tags, dates, checks), the store
 * (tags, totals, link counts and the inbox status they keep), and the app
 * operations on a temporary SQLite database (who may record, edit, link and
 * archive; quotes must be the customer's words; one audit record per change)
 * down to the demand arithmetic: distinct customers, each one's ARR once, by
 * segment, through feedback, ideas that joined a feature, and portal votes. */
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
#include "core/timeutil.h"
#include "store/audit.h"
#include "store/customers.h"
#include "store/ideas.h"
#include "store/feedback.h"
#include "store/users.h"
#include "fixture.h"

enum { T0 = 1780000000 };

struct fx {
  char dir[64], path[128];
  db *d;
  arena *a;
  struct keel_err e;
  struct actor pm, c1, c2, viewer;
};

static int64_t add_user(db *d, const char *email, enum role role) {
  int64_t id = fixture_add_user(d, email, role, T0);
  assert_true(id > 0);
  return id;
}

static int setup(void **state) {
  struct fx *f = calloc(1, sizeof *f);
  if (!f) return -1;
  if (fixture_tmpdb(f->dir, sizeof f->dir, f->path, sizeof f->path, "feedback")) return -1;
  if (db_open(f->path, DB_OPEN_CREATE, &f->d, &f->e)) return -1;
  f->a = arena_new(0);
  f->pm = (struct actor){add_user(f->d, "pm@example.com", ROLE_PM), ROLE_PM, "Pat PM", "pm@example.com", 0};
  f->c1 = (struct actor){add_user(f->d, "c1@example.com", ROLE_CONTRIBUTOR), ROLE_CONTRIBUTOR, "Cora", "c1@example.com", 0};
  f->c2 = (struct actor){add_user(f->d, "c2@example.com", ROLE_CONTRIBUTOR), ROLE_CONTRIBUTOR, "Carl", "c2@example.com", 0};
  f->viewer = (struct actor){add_user(f->d, "v@example.com", ROLE_VIEWER), ROLE_VIEWER, "Vic", "v@example.com", 0};
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

static struct app ctx(struct fx *f, const struct actor *who) {
  err_clear(&f->e);
  return (struct app){f->d, f->a, who, T0 + 100, &f->e};
}

static int64_t audit_rows(struct fx *f) {
  int64_t n = fixture_count(f->d, "SELECT COUNT(*) FROM audit");
  assert_true(n >= 0);
  return n;
}

/* ---- domain ---- */

static void test_rules(void **state) {
  (void)state;
  arena *a = arena_new(0);
  assert_string_equal(customer_name_key(a, "  Acme Corp \t"), "acme corp");
  assert_string_equal(customer_segment_normal(a, " Mid Market "), "mid-market");
  assert_string_equal(customer_segment_normal(a, "mid_market"), "mid-market");
  assert_string_equal(customer_segment_normal(a, "SMB"), "smb");
  assert_string_equal(customer_segment_normal(a, ""), "");

  assert_string_equal(feedback_tag_normal(a, " Billing Issues "), "billing-issues");
  assert_string_equal(feedback_tag_normal(a, "API/v2"), "api/v2");
  assert_string_equal(feedback_tag_normal(a, "Überweisung"), "Überweisung"); /* non-ASCII kept as written */
  assert_null(feedback_tag_normal(a, ""));
  assert_null(feedback_tag_normal(a, "   "));
  assert_null(feedback_tag_normal(a, "a,b"));
  assert_null(feedback_tag_normal(a, "<script>"));
  assert_null(feedback_tag_normal(a, "\xff\xfe"));
  char long_tag[64];
  memset(long_tag, 'x', 41);
  long_tag[41] = '\0';
  assert_null(feedback_tag_normal(a, long_tag));
  long_tag[40] = '\0';
  assert_non_null(feedback_tag_normal(a, long_tag));

  struct keel_err e;
  struct customer c = {.name = "Acme", .segment = "", .plan = "", .arr = 0};
  assert_int_equal(customer_check(&c, &e), KEEL_OK);
  c.arr = -1;
  assert_int_equal(customer_check(&c, &e), KEEL_EINVAL);
  assert_string_equal(e.field, "arr");
  c.arr = CUSTOMER_ARR_MAX + 1;
  assert_int_equal(customer_check(&c, &e), KEEL_EINVAL);
  c.arr = CUSTOMER_ARR_MAX;
  c.name = "";
  assert_int_equal(customer_check(&c, &e), KEEL_EINVAL);
  assert_string_equal(e.field, "name");
  struct contact k = {.name = "Jo", .email = "jo@acme.test"};
  assert_int_equal(contact_check(&k, &e), KEEL_OK);
  k.email = "not an address";
  assert_int_equal(contact_check(&k, &e), KEEL_EINVAL);

  struct feedback fb = {.text = "It is slow", .channel = FC_SUPPORT, .reference = "", .attributes = "{\"country\":\"NL\"}"};
  assert_int_equal(feedback_check(&fb, &e), KEEL_OK);
  fb.attributes = "[1,2]";
  assert_int_equal(feedback_check(&fb, &e), KEEL_EINVAL);
  assert_string_equal(e.field, "attributes");
  fb.attributes = "{}";
  fb.text = ""; /* app/ trims first */
  assert_int_equal(feedback_check(&fb, &e), KEEL_EINVAL);
  assert_string_equal(e.field, "text");

  enum feedback_channel ch;
  assert_int_equal(feedback_channel_parse("sales_call", &ch), 0);
  assert_int_equal(ch, FC_SALES_CALL);
  assert_string_equal(feedback_channel_label(ch), "Sales call");
  assert_int_equal(feedback_channel_parse("fax", &ch), -1);
  enum importance im;
  assert_int_equal(importance_parse("critical", &im), 0);
  assert_int_equal(im, IMP_CRITICAL);
  arena_free(a);
}

static void test_time_parse(void **state) {
  (void)state;
  int64_t t;
  assert_int_equal(time_parse("1970-01-01", &t), 0);
  assert_int_equal(t, 0);
  assert_int_equal(time_parse("2019-12-13T14:50:30Z", &t), 0);
  assert_int_equal(t, 1576248630);
  assert_int_equal(time_parse(" 2019-12-13 14:50:30 ", &t), 0);
  assert_int_equal(t, 1576248630);
  assert_int_equal(time_parse("2019-12-13T15:50:30+01:00", &t), 0);
  assert_int_equal(t, 1576248630);
  assert_int_equal(time_parse("2019-12-13T14:50:30.250Z", &t), 0);
  assert_int_equal(t, 1576248630);
  assert_int_equal(time_parse("2019-12-13T14:50", &t), 0);
  assert_int_equal(t, 1576248600);
  assert_int_equal(time_parse("12/13/2019 9:50:30", &t), 0); /* the survey's raw export: US, month first */
  assert_int_equal(t, 1576230630);
  assert_int_equal(time_parse("1/2/2020", &t), 0);
  assert_int_equal(t, 1577923200);
  assert_int_equal(time_parse("2020-02-29", &t), 0);
  assert_int_equal(time_parse("2019-02-29", &t), -1);
  assert_int_equal(time_parse("2019-13-01", &t), -1);
  assert_int_equal(time_parse("13/13/2019", &t), -1);
  assert_int_equal(time_parse("2019-12-13T25:00", &t), -1);
  assert_int_equal(time_parse("2019-12-13 junk", &t), -1);
  assert_int_equal(time_parse("NA", &t), -1);
  assert_int_equal(time_parse("", &t), -1);
  assert_int_equal(time_parse(NULL, &t), -1);
}

/* ---- customers ---- */

static void test_customers(void **state) {
  struct fx *f = *state;
  struct app x = ctx(f, &f->pm);
  struct customer a, b, c;
  struct customer_patch p = {.name = "Acme", .segment = "Enterprise", .has_arr = 1, .arr = 120000, .plan = "Gold"};
  assert_int_equal(app_customer_create(&x, &p, &a), KEEL_OK);
  assert_string_equal(a.segment, "enterprise");
  p = (struct customer_patch){.name = "  acme "};
  assert_int_equal(app_customer_create(&x, &p, &b), KEEL_EEXISTS); /* one customer per name, in any case */
  p = (struct customer_patch){.name = "Birch", .segment = "smb", .has_arr = 1, .arr = 5000};
  assert_int_equal(app_customer_create(&x, &p, &b), KEEL_OK);
  p = (struct customer_patch){.name = "Cobalt", .segment = "mid market", .has_arr = 1, .arr = 40000};
  assert_int_equal(app_customer_create(&x, &p, &c), KEEL_OK);
  assert_string_equal(c.segment, "mid-market");

  x = ctx(f, &f->c1);
  p = (struct customer_patch){.name = "Delta"};
  assert_int_equal(app_customer_create(&x, &p, &c), KEEL_EPERM);
  assert_int_equal(app_customer_get(&x, "ACME", &c), KEEL_OK); /* by name, any case */
  assert_int_equal(c.id, a.id);
  assert_int_equal(app_customer_get(&x, "nobody", &c), KEEL_ENOTFOUND);

  /* By ARR, highest first, in pages of 2. */
  struct customer_page pg;
  struct customer_list_in in = {.sort = "arr", .limit = "2"};
  assert_int_equal(app_customer_list(&x, &in, &pg), KEEL_OK);
  assert_int_equal(pg.n, 2);
  assert_string_equal(pg.items[0].name, "Acme");
  assert_string_equal(pg.items[1].name, "Cobalt");
  assert_non_null(pg.next);
  in.after = pg.next;
  assert_int_equal(app_customer_list(&x, &in, &pg), KEEL_OK);
  assert_int_equal(pg.n, 1);
  assert_string_equal(pg.items[0].name, "Birch");
  assert_null(pg.next);
  /* By name, filtered. */
  in = (struct customer_list_in){.q = "C", .limit = "10"};
  assert_int_equal(app_customer_list(&x, &in, &pg), KEEL_OK);
  assert_int_equal(pg.n, 3); /* Acme, Birch, Cobalt: "c" anywhere, any case */
  assert_string_equal(pg.items[0].name, "Acme");
  in = (struct customer_list_in){.q = "OB", .limit = "10"};
  assert_int_equal(app_customer_list(&x, &in, &pg), KEEL_OK);
  assert_int_equal(pg.n, 1);
  assert_string_equal(pg.items[0].name, "Cobalt");
  in = (struct customer_list_in){.segment = "Mid-Market"};
  assert_int_equal(app_customer_list(&x, &in, &pg), KEEL_OK);
  assert_int_equal(pg.n, 1);

  /* Edits need the current version. */
  x = ctx(f, &f->pm);
  p = (struct customer_patch){.has_arr = 1, .arr = 150000};
  assert_int_equal(app_customer_update(&x, "Acme", &p, a.version + 1, &c), KEEL_ESTALE);
  assert_int_equal(app_customer_update(&x, "Acme", &p, a.version, &c), KEEL_OK);
  assert_int_equal(c.arr, 150000);
  assert_int_equal(c.version, a.version + 1);
  p = (struct customer_patch){.name = "birch"};
  assert_int_equal(app_customer_update(&x, "Acme", &p, 0, &c), KEEL_EEXISTS);

  struct contact k;
  assert_int_equal(app_contact_create(&x, "Acme", "Jo Bloggs", " Jo@Acme.test ", &k), KEEL_OK);
  assert_string_equal(k.email, "jo@acme.test");
  assert_int_equal(app_contact_create(&x, "Acme", "", "", &k), KEEL_EINVAL);
  struct contact *ks;
  size_t nk;
  assert_int_equal(app_contact_list(&x, "acme", &ks, &nk), KEEL_OK);
  assert_int_equal(nk, 1);
}

/* ---- feedback ---- */

static void test_feedback_record_and_edit(void **state) {
  struct fx *f = *state;
  struct app x = ctx(f, &f->c1);
  const char *tags[] = {"Billing", "checkout", " billing ", "Slow Pages"};
  struct feedback_in in = {.text = "  Checkout times out when the basket has 40 items.  ", .channel = "support",
                           .customer_name = "Acme", .contact_email = "JO@acme.test", .contact_name = "Jo",
                           .product = "PAY", .received_at = "2025-11-20", .reference = "ZD-4411",
                           .has_tags = 1, .tags = tags, .ntags = 4};
  int64_t before = audit_rows(f);
  struct feedback fb;
  assert_int_equal(app_feedback_create(&x, &in, &fb), KEEL_OK);
  assert_string_equal(fb.text, "Checkout times out when the basket has 40 items.");
  assert_int_equal(fb.status, FBS_INBOX);
  assert_string_equal(fb.customer_name, "Acme");
  assert_true(fb.contact_id > 0);
  assert_string_equal(fb.contact_name, "Jo");
  assert_string_equal(fb.product_key, "PAY");
  assert_int_equal(fb.received_at, 1763596800);
  assert_int_equal(fb.ntags, 3); /* normalised, repeats dropped, sorted */
  assert_string_equal(fb.tags[0], "billing");
  assert_string_equal(fb.tags[1], "checkout");
  assert_string_equal(fb.tags[2], "slow-pages");
  assert_int_equal(audit_rows(f), before + 2); /* the new customer, the feedback */

  /* The same customer and contact are found again, in any case. */
  struct feedback fb2;
  in = (struct feedback_in){.text = "Please add Apple Pay", .customer_name = "ACME", .contact_email = "jo@acme.test"};
  assert_int_equal(app_feedback_create(&x, &in, &fb2), KEEL_OK);
  assert_int_equal(fb2.customer_id, fb.customer_id);
  assert_int_equal(fb2.contact_id, fb.contact_id);
  assert_int_equal(fb2.channel, FC_OTHER);
  assert_int_equal(fb2.received_at, T0 + 100);

  /* Bad input changes nothing. */
  int64_t rows = audit_rows(f);
  in = (struct feedback_in){.text = ""};
  assert_int_equal(app_feedback_create(&x, &in, &fb2), KEEL_EINVAL);
  in = (struct feedback_in){.text = "x", .channel = "fax"};
  assert_int_equal(app_feedback_create(&x, &in, &fb2), KEEL_EINVAL);
  assert_string_equal(f->e.field, "channel");
  in = (struct feedback_in){.text = "x", .received_at = "yesterday"};
  assert_int_equal(app_feedback_create(&x, &in, &fb2), KEEL_EINVAL);
  in = (struct feedback_in){.text = "x", .product = "NOPE"};
  assert_int_equal(app_feedback_create(&x, &in, &fb2), KEEL_EINVAL);
  in = (struct feedback_in){.text = "x", .customer_id = 999};
  assert_int_equal(app_feedback_create(&x, &in, &fb2), KEEL_EINVAL);
  in = (struct feedback_in){.text = "x", .contact_email = "a@b.test"}; /* a contact needs a customer */
  assert_int_equal(app_feedback_create(&x, &in, &fb2), KEEL_EINVAL);
  const char *bad_tags[] = {"ok", "not,ok"};
  in = (struct feedback_in){.text = "x", .has_tags = 1, .tags = bad_tags, .ntags = 2};
  assert_int_equal(app_feedback_create(&x, &in, &fb2), KEEL_EINVAL);
  assert_int_equal(audit_rows(f), rows);
  x = ctx(f, &f->viewer);
  in = (struct feedback_in){.text = "x"};
  assert_int_equal(app_feedback_create(&x, &in, &fb2), KEEL_EPERM);

  /* Its submitter edits it while in the inbox; another contributor cannot. */
  x = ctx(f, &f->c2);
  in = (struct feedback_in){.reference = "ZD-1"};
  assert_int_equal(app_feedback_update(&x, fb.id, &in, 0, &fb2), KEEL_EPERM);
  x = ctx(f, &f->c1);
  assert_int_equal(app_feedback_update(&x, fb.id, &in, fb.version + 5, &fb2), KEEL_ESTALE);
  assert_int_equal(app_feedback_update(&x, fb.id, &in, fb.version, &fb2), KEEL_OK);
  assert_string_equal(fb2.reference, "ZD-1");
  assert_int_equal(fb2.ntags, 3); /* tags untouched when not given */
  assert_int_equal(fb2.version, fb.version + 1);

  /* Listing: the inbox by default in the app is all; filters; total. */
  struct feedback_page pg;
  struct feedback_list_in lin = {.status = "inbox", .limit = "1"};
  assert_int_equal(app_feedback_list(&x, &lin, &pg), KEEL_OK);
  assert_int_equal(pg.total, 2);
  assert_int_equal(pg.n, 1);
  assert_string_equal(pg.items[0].text, "Please add Apple Pay"); /* received later: first */
  assert_non_null(pg.next);
  lin.after = pg.next;
  assert_int_equal(app_feedback_list(&x, &lin, &pg), KEEL_OK);
  assert_int_equal(pg.n, 1);
  assert_int_equal(pg.items[0].id, fb.id);
  assert_null(pg.next);
  lin = (struct feedback_list_in){.tag = "Billing"};
  assert_int_equal(app_feedback_list(&x, &lin, &pg), KEEL_OK);
  assert_int_equal(pg.total, 1);
  lin = (struct feedback_list_in){.customer = "acme", .channel = "support"};
  assert_int_equal(app_feedback_list(&x, &lin, &pg), KEEL_OK);
  assert_int_equal(pg.total, 1);
  lin = (struct feedback_list_in){.customer = "nobody"};
  assert_int_equal(app_feedback_list(&x, &lin, &pg), KEEL_EINVAL);
  lin = (struct feedback_list_in){.after = "received:x"};
  assert_int_equal(app_feedback_list(&x, &lin, &pg), KEEL_EINVAL);
}

static void test_links_and_inbox(void **state) {
  struct fx *f = *state;
  struct app x = ctx(f, &f->c1);
  struct feedback fb;
  struct feedback_in in = {.text = "Exporting invoices to CSV takes a whole afternoon every month.",
                           .customer_name = "Acme"};
  assert_int_equal(app_feedback_create(&x, &in, &fb), KEEL_OK);
  struct idea_input ii = {.product = "PAY", .title = "Faster invoice export", .source = "customer"};
  struct idea idea;
  assert_int_equal(app_idea_submit(&x, &ii, &idea), KEEL_OK);
  x = ctx(f, &f->pm);
  struct feature_patch fpch = {.title = "Invoice export"};
  struct feature feat;
  assert_int_equal(app_feature_create(&x, "PAY", &fpch, &feat), KEEL_OK);

  /* Contributors record; PMs link. */
  struct feedback_link l, l2;
  x = ctx(f, &f->c1);
  assert_int_equal(app_feedback_link(&x, fb.id, "1", NULL, NULL, NULL, &l), KEEL_EPERM);
  x = ctx(f, &f->pm);
  int64_t rows = audit_rows(f);
  assert_int_equal(app_feedback_link(&x, fb.id, arena_printf(f->a, "%lld", (long long)idea.id), NULL, "a whole afternoon",
                                     "critical", &l), KEEL_OK);
  assert_int_equal(l.importance, IMP_CRITICAL);
  assert_int_equal(audit_rows(f), rows + 1);
  struct feedback now;
  assert_int_equal(app_feedback_get(&x, fb.id, &now, NULL, NULL), KEEL_OK);
  assert_int_equal(now.status, FBS_LINKED);
  assert_int_equal(now.link_count, 1);
  assert_int_equal(now.version, fb.version + 1);

  /* Quotes are the customer's words; one link per idea or feature; bad targets. */
  rows = audit_rows(f);
  assert_int_equal(app_feedback_link(&x, fb.id, NULL, feat.key, "a whole evening", NULL, &l2), KEEL_EINVAL);
  assert_string_equal(f->e.field, "quote");
  assert_int_equal(app_feedback_link(&x, fb.id, arena_printf(f->a, "%lld", (long long)idea.id), NULL, NULL, NULL, &l2),
                   KEEL_EEXISTS);
  assert_int_equal(app_feedback_link(&x, fb.id, NULL, "PAY-99", NULL, NULL, &l2), KEEL_EINVAL);
  assert_int_equal(app_feedback_link(&x, fb.id, "999", NULL, NULL, NULL, &l2), KEEL_EINVAL);
  assert_int_equal(app_feedback_link(&x, fb.id, "1", feat.key, NULL, NULL, &l2), KEEL_EINVAL);
  assert_int_equal(app_feedback_link(&x, fb.id, NULL, feat.key, NULL, "urgent", &l2), KEEL_EINVAL);
  assert_int_equal(app_feedback_link(&x, 999, NULL, feat.key, NULL, NULL, &l2), KEEL_ENOTFOUND);
  assert_int_equal(audit_rows(f), rows);
  assert_int_equal(app_feedback_link(&x, fb.id, NULL, feat.key, "", "nice_to_have", &l2), KEEL_OK);

  struct feedback_link *ls;
  size_t nl;
  assert_int_equal(app_feedback_get(&x, fb.id, &now, &ls, &nl), KEEL_OK);
  assert_int_equal(nl, 2);
  assert_int_equal(now.link_count, 2);
  assert_string_equal(ls[1].feature_key, "PAY-1");

  /* Linked items cannot be archived; unlinking the last one puts it back in the inbox. */
  struct feedback_in arch = {.status = "archived"};
  assert_int_equal(app_feedback_update(&x, fb.id, &arch, 0, &now), KEEL_ECONFLICT);
  assert_int_equal(app_feedback_unlink(&x, fb.id, l.id), KEEL_OK);
  assert_int_equal(app_feedback_unlink(&x, fb.id, l.id), KEEL_ENOTFOUND);
  assert_int_equal(app_feedback_unlink(&x, fb.id + 1, l2.id), KEEL_ENOTFOUND); /* not that item's link */
  assert_int_equal(app_feedback_get(&x, fb.id, &now, NULL, NULL), KEEL_OK);
  assert_int_equal(now.status, FBS_LINKED);
  assert_int_equal(app_feedback_unlink(&x, fb.id, l2.id), KEEL_OK);
  assert_int_equal(app_feedback_get(&x, fb.id, &now, NULL, NULL), KEEL_OK);
  assert_int_equal(now.status, FBS_INBOX);
  assert_int_equal(now.link_count, 0);
  assert_int_equal(app_feedback_update(&x, fb.id, &arch, now.version, &now), KEEL_OK);
  assert_int_equal(now.status, FBS_ARCHIVED);
  struct feedback_in back = {.status = "inbox"};
  assert_int_equal(app_feedback_update(&x, fb.id, &back, now.version, &now), KEEL_OK);
  assert_int_equal(now.status, FBS_INBOX);
  struct feedback_in linked = {.status = "linked"};
  assert_int_equal(app_feedback_update(&x, fb.id, &linked, 0, &now), KEEL_EINVAL);
  /* The submitter may not edit it once a PM has triaged it away from the inbox. */
  assert_int_equal(app_feedback_update(&x, fb.id, &arch, now.version, &now), KEEL_OK);
  x = ctx(f, &f->c1);
  struct feedback_in edit = {.text = "changed"};
  assert_int_equal(app_feedback_update(&x, fb.id, &edit, 0, &now), KEEL_EPERM);
}

/* Adds a customer directly. */
static int64_t customer(struct fx *f, const char *name, const char *segment, int64_t arr) {
  struct customer c = {.name = name, .segment = segment, .plan = "", .arr = arr, .created_at = T0, .updated_at = T0};
  assert_int_equal(store_customer_insert(f->d, &c, &f->e), KEEL_OK);
  return c.id;
}

static int64_t said(struct fx *f, int64_t customer_id, const char *text, int64_t at) {
  struct feedback fb = {.text = text, .channel = FC_INTERVIEW, .reference = "", .customer_id = customer_id,
                        .received_at = at, .attributes = "{}", .created_at = at, .updated_at = at};
  assert_int_equal(store_feedback_insert(f->d, &fb, &f->e), KEEL_OK);
  return fb.id;
}

static void test_demand(void **state) {
  struct fx *f = *state;
  int64_t acme = customer(f, "Acme", "enterprise", 100000), birch = customer(f, "Birch", "smb", 10000),
          cobalt = customer(f, "Cobalt", "enterprise", 50000), delta = customer(f, "Delta", "mid-market", 7000);
  customer(f, "Echo", "enterprise", 999999); /* never asks */
  struct app x = ctx(f, &f->pm);
  struct feature_patch fpch = {.title = "Bulk refunds"};
  struct feature feat;
  assert_int_equal(app_feature_create(&x, "PAY", &fpch, &feat), KEEL_OK);
  struct idea_input ii = {.product = "PAY", .title = "Refund many orders at once", .source = "customer", .customer = "cobalt"};
  struct idea idea;
  assert_int_equal(app_idea_submit(&x, &ii, &idea), KEEL_OK);
  assert_int_equal(idea.customer_id, cobalt); /* the idea names an existing customer */
  assert_int_equal(app_idea_promote(&x, idea.id, feat.key, idea.version, &idea, NULL), KEEL_OK);

  /* A portal user of Delta votes for the idea. */
  struct user pu = {.email = "d@delta.test", .name = "Dee", .role = ROLE_PORTAL, .active = 1, .customer_id = delta,
                    .created_at = T0, .updated_at = T0};
  assert_int_equal(store_user_insert(f->d, &pu, "$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$aGFzaA", &f->e), KEEL_OK);
  int changed;
  assert_int_equal(store_vote_add(f->d, idea.id, pu.id, T0, &changed, &f->e), KEEL_OK);

  const char *idea_ref = arena_printf(f->a, "%lld", (long long)idea.id);
  struct feedback_link l;
  int64_t f1 = said(f, acme, "We refund 300 orders by hand after every outage.", T0 + 10);
  int64_t f2 = said(f, acme, "Refunds one by one are killing our support team.", T0 + 20);
  int64_t f3 = said(f, birch, "A bulk refund button would save us hours.", T0 + 30);
  int64_t f4 = said(f, 0, "Someone at a trade show wanted bulk refunds.", T0 + 40);
  assert_int_equal(app_feedback_link(&x, f1, NULL, feat.key, "300 orders by hand", "critical", &l), KEEL_OK);
  assert_int_equal(app_feedback_link(&x, f2, idea_ref, NULL, NULL, "important", &l), KEEL_OK);
  assert_int_equal(app_feedback_link(&x, f3, idea_ref, NULL, NULL, "nice_to_have", &l), KEEL_OK);
  assert_int_equal(app_feedback_link(&x, f4, NULL, feat.key, NULL, "important", &l), KEEL_OK);

  struct demand d;
  assert_int_equal(app_demand_feature(&x, feat.key, &d), KEEL_OK);
  assert_int_equal(d.customers, 4);            /* Acme (twice), Birch, Cobalt (the idea), Delta (a vote) */
  assert_int_equal(d.arr, 100000 + 10000 + 50000 + 7000); /* Acme counted once */
  assert_int_equal(d.feedback, 4);
  assert_int_equal(d.critical, 1);
  assert_int_equal(d.nsegments, 3);
  assert_string_equal(d.segments[0].segment, "enterprise");
  assert_int_equal(d.segments[0].customers, 2);
  assert_int_equal(d.segments[0].arr, 150000);
  assert_string_equal(d.segments[1].segment, "smb");
  assert_string_equal(d.segments[2].segment, "mid-market");
  assert_int_equal(d.nquotes, 4);
  assert_string_equal(d.quotes[0].quote, "300 orders by hand"); /* critical first */
  assert_string_equal(d.quotes[0].customer_name, "Acme");
  assert_string_equal(d.quotes[0].via, "");
  assert_string_equal(d.quotes[1].quote, "Someone at a trade show wanted bulk refunds."); /* then newest */
  assert_int_equal(d.quotes[1].customer_id, 0);
  assert_string_equal(d.quotes[2].via, arena_printf(f->a, "idea %lld", (long long)idea.id));
  assert_int_equal(d.quotes[3].importance, IMP_NICE_TO_HAVE);

  assert_int_equal(app_demand_idea(&x, idea.id, &d), KEEL_OK);
  assert_int_equal(d.customers, 4); /* Acme, Birch by feedback; Cobalt its own; Delta its vote */
  assert_int_equal(d.feedback, 2);
  assert_int_equal(d.critical, 0);
  assert_int_equal(app_demand_feature(&x, "PAY-99", &d), KEEL_ENOTFOUND);

  /* Demand as RICE reach: only for a scored feature, shown in its score. */
  struct feature out;
  assert_int_equal(app_feature_reach_from_demand(&x, feat.key, 0, &out), KEEL_ECONFLICT);
  struct feature_patch score = {.rice = {.has_reach = 1, .reach = 1000, .has_impact = 1, .impact = 2, .has_confidence = 1,
                                         .confidence = 50, .has_effort = 1, .effort = 2}};
  assert_int_equal(app_feature_update(&x, feat.key, &score, 0, &out), KEEL_OK);
  assert_int_equal(app_feature_reach_from_demand(&x, feat.key, out.version + 3, &out), KEEL_ESTALE);
  assert_int_equal(app_feature_reach_from_demand(&x, feat.key, 0, &out), KEEL_OK);
  assert_true(out.rice.reach == 4.0);
  assert_true(out.rice.impact == 2.0 && out.rice.effort == 2.0);
  x = ctx(f, &f->c1);
  assert_int_equal(app_feature_reach_from_demand(&x, feat.key, 0, &out), KEEL_EPERM);
  x = ctx(f, &f->viewer);
  assert_int_equal(app_demand_feature(&x, feat.key, &d), KEEL_OK);
}

/* Many links: the quotes are the best DEMAND_QUOTES_MAX by importance, then
 * date, then link; an item linked directly and through an idea counts once;
 * segments past DEMAND_SEGMENTS_MAX are summed. Checked against counts kept
 * by the test itself. */
static void test_demand_many(void **state) {
  struct fx *f = *state;
  struct app x = ctx(f, &f->pm);
  struct feature_patch fpch = {.title = "Audit log export"};
  struct feature feat;
  assert_int_equal(app_feature_create(&x, "PAY", &fpch, &feat), KEEL_OK);
  struct idea_input ii = {.product = "PAY", .title = "Export the audit log", .source = "engineering"};
  struct idea idea;
  assert_int_equal(app_idea_submit(&x, &ii, &idea), KEEL_OK);
  assert_int_equal(app_idea_promote(&x, idea.id, feat.key, idea.version, &idea, NULL), KEEL_OK);
  const char *idea_ref = arena_printf(f->a, "%lld", (long long)idea.id);

  enum { NSEG = DEMAND_SEGMENTS_MAX + 6, NITEMS = 3 * DEMAND_QUOTES_MAX };
  int64_t cust[NSEG], want_arr = 0;
  for (int i = 0; i < NSEG; i++) {
    cust[i] = customer(f, arena_printf(f->a, "Customer %02d", i), arena_printf(f->a, "seg-%02d", i), 1000 + i);
    want_arr += 1000 + i;
  }
  int critical = 0;
  int64_t want_first_critical_newest = 0;
  for (int i = 0; i < NITEMS; i++) {
    const char *imp = i % 5 == 0 ? "critical" : i % 5 <= 2 ? "important" : "nice_to_have";
    int64_t fb = said(f, cust[i % NSEG], arena_printf(f->a, "Item %d asks for an audit export", i), T0 + i);
    struct feedback_link l;
    assert_int_equal(app_feedback_link(&x, fb, NULL, feat.key, NULL, imp, &l), KEEL_OK);
    if (i % 5 == 0) {
      critical++;
      want_first_critical_newest = fb; /* the newest critical item */
    }
    if (i % 10 == 0) /* also through the idea: still one item */
      assert_int_equal(app_feedback_link(&x, fb, idea_ref, NULL, NULL, "nice_to_have", &l), KEEL_OK);
  }
  struct demand d;
  assert_int_equal(app_demand_feature(&x, feat.key, &d), KEEL_OK);
  assert_int_equal(d.feedback, NITEMS);
  assert_int_equal(d.critical, critical);
  assert_int_equal(d.customers, NSEG);
  assert_int_equal(d.arr, want_arr);
  assert_int_equal(d.nsegments, DEMAND_SEGMENTS_MAX);
  int64_t seg_customers = 0, seg_arr = 0;
  for (size_t i = 0; i < d.nsegments; i++) {
    seg_customers += d.segments[i].customers;
    seg_arr += d.segments[i].arr;
    if (i > 0 && i + 1 < d.nsegments) assert_true(d.segments[i - 1].arr >= d.segments[i].arr);
  }
  assert_int_equal(seg_customers, NSEG);
  assert_int_equal(seg_arr, want_arr);
  assert_string_equal(d.segments[0].segment, "seg-69"); /* the highest ARR: 1000 + NSEG - 1 */
  assert_string_equal(d.segments[d.nsegments - 1].segment, "(other segments)");
  assert_int_equal(d.segments[d.nsegments - 1].customers, 7);

  assert_int_equal(d.nquotes, DEMAND_QUOTES_MAX);
  assert_int_equal(d.quotes[0].feedback_id, want_first_critical_newest);
  for (size_t i = 1; i < d.nquotes; i++) {
    assert_true(d.quotes[i - 1].importance >= d.quotes[i].importance);
    if (d.quotes[i - 1].importance == d.quotes[i].importance)
      assert_true(d.quotes[i - 1].received_at >= d.quotes[i].received_at);
    assert_true(strstr(d.quotes[i].quote, "asks for an audit export") != NULL);
  }
  /* The NITEMS / 5 critical items fill the first places, then the important. */
  assert_int_equal(d.quotes[NITEMS / 5 - 1].importance, IMP_CRITICAL);
  assert_int_equal(d.quotes[NITEMS / 5].importance, IMP_IMPORTANT);
  assert_int_equal(d.quotes[DEMAND_QUOTES_MAX - 1].importance, IMP_IMPORTANT);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_rules),
      cmocka_unit_test(test_time_parse),
      cmocka_unit_test_setup_teardown(test_customers, setup, teardown),
      cmocka_unit_test_setup_teardown(test_feedback_record_and_edit, setup, teardown),
      cmocka_unit_test_setup_teardown(test_links_and_inbox, setup, teardown),
      cmocka_unit_test_setup_teardown(test_demand, setup, teardown),
      cmocka_unit_test_setup_teardown(test_demand_many, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
