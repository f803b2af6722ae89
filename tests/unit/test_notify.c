/* test_notify.c — closing the loop: who hears of an idea's status change
 * (submitter, voters and followers, each once, never the actor, never an
 * inactive user), what is queued with it (notifications, webhook deliveries,
 * e-mails) in the same transaction, the inbox being each user's own,
 * HMAC-SHA256 against RFC 4231, e-mail header encoding (RFC 2047) and
 * composition, the retry policy, webhook URL and event rules, settings, and
 * a failed delivery recorded and rescheduled. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sodium.h>

#include "app/app.h"
#include "core/crypto.h"
#include "core/mail.h"
#include "domain/notify.h"
#include "domain/setting.h"
#include "store/ideas.h"
#include "store/notify.h"
#include "store/products.h"
#include "store/settings.h"
#include "store/users.h"
#include "fixture.h"

struct fx {
  char dir[64], path[96];
  db *d;
  arena *a;
  struct keel_err e;
  int64_t submitter, voter, follower, both, actor, inactive, stranger;
  struct idea idea;
};

static int64_t add_user(struct fx *f, const char *email, enum role role, int active) {
  char hash[PASSWORD_HASH_LEN] = "$argon2id$placeholder";
  struct user u = {.email = email, .name = email, .role = role, .active = active};
  if (store_user_insert(f->d, &u, hash, &f->e)) return 0;
  return u.id;
}

static int setup(void **state) {
  struct fx *f = calloc(1, sizeof *f);
  if (!f || fixture_tmpdb(f->dir, sizeof f->dir, f->path, sizeof f->path, "notify")) return -1;
  if (db_open(f->path, DB_OPEN_CREATE, &f->d, &f->e)) return -1;
  f->a = arena_new(1 << 16);
  f->submitter = add_user(f, "sub@example.com", ROLE_CONTRIBUTOR, 1);
  f->voter = add_user(f, "voter@example.com", ROLE_CONTRIBUTOR, 1);
  f->follower = add_user(f, "follower@example.com", ROLE_VIEWER, 1);
  f->both = add_user(f, "both@example.com", ROLE_CONTRIBUTOR, 1);
  f->actor = add_user(f, "pm@example.com", ROLE_PM, 1);
  f->inactive = add_user(f, "gone@example.com", ROLE_CONTRIBUTOR, 0);
  f->stranger = add_user(f, "stranger@example.com", ROLE_VIEWER, 1);
  struct product p = {.key = "PAY", .name = "Payments", .description = ""};
  if (store_product_insert(f->d, &p, &f->e)) return -1;
  f->idea = (struct idea){.product_id = p.id, .title = "Apple Pay", .description = "", .source = SRC_CUSTOMER,
                          .customer = "", .status = IS_NEW, .submitted_by = f->submitter};
  if (store_idea_insert(f->d, &f->idea, &f->e)) return -1;
  int changed;
  int64_t id = f->idea.id;
  /* The submitter also votes and follows; "both" votes and follows; the actor votes. */
  const int64_t voters[] = {f->submitter, f->voter, f->both, f->actor, f->inactive};
  for (size_t i = 0; i < sizeof voters / sizeof voters[0]; i++)
    if (store_vote_add(f->d, id, voters[i], 1, &changed, &f->e)) return -1;
  const struct actor follower = {f->follower, ROLE_VIEWER, "F", "follower@example.com", 0};
  const struct actor both = {f->both, ROLE_CONTRIBUTOR, "B", "both@example.com", 0};
  const struct actor sub = {f->submitter, ROLE_CONTRIBUTOR, "S", "sub@example.com", 0};
  const struct actor *fs[] = {&follower, &both, &sub};
  for (size_t i = 0; i < 3; i++) {
    struct app x = {.db = f->d, .a = f->a, .actor = fs[i], .now = 10, .e = &f->e};
    struct idea out;
    if (app_idea_follow(&x, id, 1, &out) || !out.following) return -1;
  }
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

static struct app ctx(struct fx *f, const struct actor *who, int64_t now) {
  err_clear(&f->e);
  return (struct app){.db = f->d, .a = f->a, .actor = who, .now = now, .e = &f->e};
}

static int64_t count(struct fx *f, const char *sql, int64_t arg) {
  db_stmt *st = db_prepare(f->d, sql, &f->e);
  assert_non_null(st);
  if (strchr(sql, '?')) db_bind_int(st, 1, arg);
  assert_int_equal(db_step(st), 1);
  int64_t v = db_col_int(st, 0);
  db_done(st);
  return v;
}

static int64_t notes_of(struct fx *f, int64_t user) {
  return count(f, "SELECT COUNT(*) FROM notifications WHERE user_id = ?", user);
}

/* ---- recipients and the hook ---- */

static void test_recipients_each_once_never_the_actor(void **state) {
  struct fx *f = *state;
  const struct actor pm = {f->actor, ROLE_PM, "Pat PM", "pm@example.com", 0};
  struct app x = ctx(f, &pm, 100);
  /* A webhook on, one off: one delivery. */
  struct webhook_input on = {.url = "http://127.0.0.1:9/on"}, off = {.url = "http://127.0.0.1:9/off", .has_active = 1};
  struct webhook w;
  x = ctx(f, &app_owner, 100);
  assert_int_equal(app_webhook_create(&x, &on, &w), KEEL_OK);
  assert_int_equal(app_webhook_create(&x, &off, &w), KEEL_OK);
  assert_false(w.active);
  assert_int_equal(app_setting_set(&x, "smtp.url", "smtp://127.0.0.1:2525", NULL), KEEL_OK);

  /* Declining without a reason is refused, and nothing is queued. */
  x = ctx(f, &pm, 100);
  struct idea out;
  assert_int_equal(app_idea_decline(&x, f->idea.id, "  ", 0, &out), KEEL_EINVAL);
  assert_string_equal(f->e.field, "reason");
  x = ctx(f, &pm, 100);
  assert_int_equal(app_idea_mark_duplicate(&x, f->idea.id, 0, 0, &out), KEEL_EINVAL);
  assert_string_equal(f->e.field, "of");
  assert_int_equal(count(f, "SELECT COUNT(*) FROM notifications", 0), 0);

  x = ctx(f, &pm, 100);
  assert_int_equal(app_idea_decline(&x, f->idea.id, "Too costly", 0, &out), KEEL_OK);
  assert_int_equal(notes_of(f, f->submitter), 1); /* submitter, voter and follower: once */
  assert_int_equal(notes_of(f, f->voter), 1);
  assert_int_equal(notes_of(f, f->follower), 1);
  assert_int_equal(notes_of(f, f->both), 1);
  assert_int_equal(notes_of(f, f->actor), 0); /* never the one who made the change */
  assert_int_equal(notes_of(f, f->inactive), 0);
  assert_int_equal(notes_of(f, f->stranger), 0);
  assert_int_equal(count(f, "SELECT COUNT(*) FROM notifications WHERE title = '“Apple Pay” was declined: Too costly' "
                            "AND kind = 'idea.status' AND idea_id = ?", f->idea.id), 4);
  assert_int_equal(count(f, "SELECT COUNT(*) FROM webhook_deliveries", 0), 1);
  assert_int_equal(count(f, "SELECT COUNT(*) FROM jobs WHERE kind = 'webhook'", 0), 1);
  assert_int_equal(count(f, "SELECT COUNT(*) FROM jobs WHERE kind = 'email'", 0), 4); /* one per recipient */

  /* The store lists the same people, in id order, each once. */
  struct notify_recipient *rs;
  size_t n;
  assert_int_equal(store_notify_recipients(f->d, f->a, f->idea.id, f->actor, &rs, &n, &f->e), KEEL_OK);
  assert_int_equal(n, 4);
  const int64_t want[] = {f->submitter, f->voter, f->follower, f->both};
  for (size_t i = 0; i < n; i++) assert_int_equal(rs[i].user_id, want[i]);
  assert_true(rs[0].submitter);
  assert_false(rs[1].submitter);
  /* Nobody left out: the actor is a voter too. */
  assert_int_equal(store_notify_recipients(f->d, f->a, f->idea.id, 0, &rs, &n, &f->e), KEEL_OK);
  assert_int_equal(n, 5);

  /* The inbox is each user's own. */
  const struct actor follower = {f->follower, ROLE_VIEWER, "F", "follower@example.com", 0};
  const struct actor sub = {f->submitter, ROLE_CONTRIBUTOR, "S", "sub@example.com", 0};
  struct notification_page pg;
  x = ctx(f, &sub, 200);
  assert_int_equal(app_notification_list(&x, 1, 0, NULL, &pg), KEEL_OK);
  assert_int_equal(pg.n, 1);
  assert_int_equal(pg.unread, 1);
  int64_t subs_note = pg.items[0].id;
  struct notification note;
  x = ctx(f, &follower, 200);
  assert_int_equal(app_notification_read(&x, subs_note, &note), KEEL_ENOTFOUND);
  x = ctx(f, &sub, 200);
  assert_int_equal(app_notification_read(&x, subs_note, &note), KEEL_OK);
  assert_int_equal(note.read_at, 200);
  int64_t unread;
  assert_int_equal(app_notification_unread(&x, &unread), KEEL_OK);
  assert_int_equal(unread, 0);
  x = ctx(f, &follower, 200);
  assert_int_equal(app_notification_unread(&x, &unread), KEEL_OK);
  assert_int_equal(unread, 1); /* the follower's stays unread */
}

static void test_unfollow_and_reopen(void **state) {
  struct fx *f = *state;
  const struct actor follower = {f->follower, ROLE_VIEWER, "F", "follower@example.com", 0};
  const struct actor pm = {f->actor, ROLE_PM, "Pat PM", "pm@example.com", 0};
  struct app x = ctx(f, &follower, 50);
  struct idea out;
  assert_int_equal(app_idea_follow(&x, f->idea.id, 0, &out), KEEL_OK);
  assert_false(out.following);
  x = ctx(f, &follower, 50);
  assert_int_equal(app_idea_follow(&x, 999999, 1, &out), KEEL_ENOTFOUND);
  x = ctx(f, &app_owner, 50);
  assert_int_equal(app_idea_follow(&x, f->idea.id, 1, &out), KEEL_EINVAL); /* the owner is nobody to notify */
  x = ctx(f, &pm, 100);
  assert_int_equal(app_idea_review(&x, f->idea.id, 0, &out), KEEL_OK);
  assert_int_equal(notes_of(f, f->follower), 0);
  assert_int_equal(notes_of(f, f->both), 1);
  assert_int_equal(count(f, "SELECT COUNT(*) FROM notifications WHERE title = '“Apple Pay” is under review'", 0), 3);
  assert_int_equal(count(f, "SELECT COUNT(*) FROM jobs", 0), 0); /* no webhook, no SMTP: nothing else queued */
}

/* ---- a delivery that fails ---- */

static void test_failed_delivery_recorded_and_retried(void **state) {
  struct fx *f = *state;
  struct app x = ctx(f, &app_owner, 1000);
  struct webhook_input in = {.url = "http://127.0.0.1:9/refused", .secret = "0123456789abcdef"};
  struct webhook w;
  assert_int_equal(app_webhook_create(&x, &in, &w), KEEL_OK);
  assert_string_equal(w.secret, "0123456789abcdef");
  struct delivery d;
  x = ctx(f, &app_owner, 1000);
  assert_int_equal(app_webhook_test(&x, w.id, &d), KEEL_OK);
  int did = 0;
  x = ctx(f, NULL, 1000);
  assert_int_not_equal(app_jobs_work_one(&x, "t", &did), KEEL_OK); /* nobody listens on port 9 */
  assert_int_equal(did, 1);
  assert_int_equal(count(f, "SELECT attempts FROM webhook_deliveries WHERE id = ?", d.id), 1);
  assert_int_equal(count(f, "SELECT COUNT(*) FROM webhook_deliveries WHERE status = 'pending' AND last_error <> '' "
                            "AND response_code IS NULL AND id = ?", d.id), 1);
  /* Queued again 30 s on (the clock moved while the call ran: allow a little). */
  int64_t after = count(f, "SELECT run_after FROM jobs WHERE kind = 'webhook' AND status = 'queued'", 0);
  assert_true(after >= 1030);
  assert_true(after < 1030 + 86400LL * 365 * 100);
}

/* ---- pure rules ---- */

static void test_hmac_rfc4231(void **state) {
  (void)state;
  char out[HMAC_HEX_LEN];
  unsigned char key1[20];
  memset(key1, 0x0b, sizeof key1);
  hmac_sha256_hex(key1, sizeof key1, "Hi There", 8, out); /* test case 1 */
  assert_string_equal(out, "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
  const char *m2 = "what do ya want for nothing?";
  hmac_sha256_hex("Jefe", 4, m2, strlen(m2), out); /* test case 2 */
  assert_string_equal(out, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  unsigned char key6[131];
  memset(key6, 0xaa, sizeof key6);
  const char *m6 = "Test Using Larger Than Block-Size Key - Hash Key First";
  hmac_sha256_hex(key6, sizeof key6, m6, strlen(m6), out); /* test case 6: a key longer than a block */
  assert_string_equal(out, "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

static void test_mail_headers(void **state) {
  (void)state;
  buf b;
  buf_init(&b, 1 << 16);
  mail_header(&b, "Subject", "Plain words");
  assert_string_equal(buf_cstr(&b), "Subject: Plain words\r\n");
  b.len = 0;
  mail_header(&b, "Subject", "Café");
  assert_string_equal(buf_cstr(&b), "Subject: =?UTF-8?B?Q2Fmw6k=?=\r\n");
  /* No value can add a header of its own. */
  b.len = 0;
  mail_header(&b, "Subject", "hi\r\nBcc: evil@example.com");
  assert_null(strstr(buf_cstr(&b), "\r\nBcc"));
  assert_non_null(strstr(buf_cstr(&b), "=?UTF-8?B?"));
  /* A long value folds into several encoded-words, never splitting a character. */
  char v[200] = "";
  for (int i = 0; i < 30; i++) strcat(v, "é");
  b.len = 0;
  mail_header(&b, "Subject", v);
  const char *s = buf_cstr(&b);
  assert_non_null(strstr(s, "\r\n =?UTF-8?B?"));
  const char *w = strstr(s, "=?UTF-8?B?") + 10, *end = strstr(w, "?=");
  unsigned char bin[64];
  size_t binlen;
  assert_int_equal(sodium_base642bin(bin, sizeof bin, w, (size_t)(end - w), NULL, &binlen, NULL,
                                     sodium_base64_VARIANT_ORIGINAL), 0);
  assert_int_equal(binlen, 38); /* 19 whole "é", not 39 bytes with half a character */
  for (const char *line = s; *line;) {
    const char *nl = strstr(line, "\r\n");
    assert_non_null(nl);
    assert_true(nl - line <= 78);
    line = nl + 2;
  }
  buf_free(&b);

  char date[MAIL_DATE_LEN];
  mail_date(0, date);
  assert_string_equal(date, "Thu, 01 Jan 1970 00:00:00 +0000");
  mail_date(1779451200, date);
  assert_string_equal(date, "Fri, 22 May 2026 12:00:00 +0000");

  arena *a = arena_new(1024);
  const char *name, *addr;
  assert_int_equal(mail_split_from(a, "Keel <keel@example.com>", &name, &addr), 0);
  assert_string_equal(name, "Keel");
  assert_string_equal(addr, "keel@example.com");
  assert_int_equal(mail_split_from(a, "keel@example.com", &name, &addr), 0);
  assert_string_equal(name, "");
  assert_string_equal(addr, "keel@example.com");
  assert_int_equal(mail_split_from(a, "Keel <keel@example.com", &name, &addr), -1);
  arena_free(a);
}

static void test_mail_compose(void **state) {
  (void)state;
  buf b;
  buf_init(&b, 1 << 16);
  struct mail_msg m = {.from_name = "Kéel",
                       .from_addr = "keel@example.com",
                       .to_addr = "ann@example.com",
                       .subject = "“Apple Pay” is now planned",
                       .body = "Line one\nLine two\n",
                       .date = 0,
                       .message_id = "1.2@example.com"};
  mail_compose(&b, &m);
  const char *s = buf_cstr(&b);
  assert_non_null(strstr(s, "From: =?UTF-8?B?S8OpZWw=?= <keel@example.com>\r\n"));
  assert_non_null(strstr(s, "To: ann@example.com\r\n"));
  assert_non_null(strstr(s, "Subject: =?UTF-8?B?"));
  assert_non_null(strstr(s, "Date: Thu, 01 Jan 1970 00:00:00 +0000\r\n"));
  assert_non_null(strstr(s, "Message-ID: <1.2@example.com>\r\n"));
  assert_non_null(strstr(s, "MIME-Version: 1.0\r\n"));
  assert_non_null(strstr(s, "Content-Type: text/plain; charset=utf-8\r\n"));
  assert_non_null(strstr(s, "\r\n\r\nLine one\r\nLine two\r\n"));
  for (size_t i = 0; s[i]; i++)
    if (s[i] == '\n') assert_int_equal(s[i - 1], '\r'); /* every line ends in CRLF */
  buf_free(&b);
}

static void test_retry_backoff(void **state) {
  (void)state;
  assert_int_equal(delivery_retry_at(1000, 1, 30), 1030);
  assert_int_equal(delivery_retry_at(1000, 2, 30), 1060);
  assert_int_equal(delivery_retry_at(1000, 3, 30), 1120);
  assert_int_equal(delivery_retry_at(1000, 4, 30), 1240);
  assert_int_equal(delivery_retry_at(1000, DELIVERY_MAX_ATTEMPTS, 30), 0); /* given up */
  assert_int_equal(delivery_retry_at(1000, 1, 0), 1000 + DELIVERY_RETRY_SECONDS);
  assert_int_equal(delivery_retry_at(1000, 2, 1), 1002);
}

static void test_webhook_rules(void **state) {
  (void)state;
  struct keel_err e = {0};
  const char *good[] = {"http://127.0.0.1:8080/hook", "https://hooks.example.com/x?y=1", "HTTPS://example.com",
                        "http://[::1]:9000/h"};
  for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) assert_int_equal(webhook_url_check(good[i], &e), KEEL_OK);
  const char *bad[] = {"", "ftp://example.com", "javascript:alert(1)", "http://", "http://user:pw@example.com/",
                       "http://exa mple.com", "http://example.com:0/", "http://example.com:65536/", "http://[::1/",
                       "http://ex\xc3\xa9.com/", "//example.com"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    assert_int_equal(webhook_url_check(bad[i], &e), KEEL_EINVAL);
    assert_string_equal(e.field, "url");
  }
  unsigned mask;
  assert_int_equal(webhook_events_parse("idea.status", &mask, &e), KEEL_OK);
  assert_int_equal(mask, 1u << WE_IDEA_STATUS);
  assert_int_equal(webhook_events_parse(NULL, &mask, &e), KEEL_OK);
  assert_int_equal(mask, 1u << WE_IDEA_STATUS);
  assert_int_equal(webhook_events_parse("idea.status,ping", &mask, &e), KEEL_EINVAL); /* ping is not subscribable */
  assert_int_equal(webhook_events_parse("idea.statu", &mask, &e), KEEL_EINVAL);
  assert_string_equal(e.field, "events");
  assert_int_equal(webhook_secret_check("short", &e), KEEL_EINVAL);
  assert_int_equal(webhook_secret_check("sixteen-chars-ok", &e), KEEL_OK);
  assert_int_equal(webhook_secret_check("sixteen chars no", &e), KEEL_EINVAL);
}

static void test_setting_rules(void **state) {
  (void)state;
  struct keel_err e = {0};
  const struct setting_def *url = setting_find("smtp.url"), *from = setting_find("smtp.from");
  assert_non_null(url);
  assert_null(setting_find("smtp.nope"));
  assert_int_equal(setting_check(url, "smtp://127.0.0.1:2525", &e), KEEL_OK);
  assert_int_equal(setting_check(url, "smtps://mail.example.com:465", &e), KEEL_OK);
  assert_int_equal(setting_check(url, "http://mail.example.com", &e), KEEL_EINVAL);
  assert_int_equal(setting_check(from, "Keel <keel@example.com>", &e), KEEL_OK);
  assert_int_equal(setting_check(from, "not an address", &e), KEEL_EINVAL);
  assert_int_equal(setting_check(setting_find("webhook.retry_seconds"), "0", &e), KEEL_EINVAL);
  assert_int_equal(setting_check(setting_find("webhook.retry_seconds"), "60", &e), KEEL_OK);
}

static void test_status_titles(void **state) {
  (void)state;
  arena *a = arena_new(1024);
  struct idea before = {.title = "Apple Pay", .status = IS_UNDER_REVIEW};
  struct idea after = before;
  after.status = IS_PLANNED;
  after.feature_id = 3;
  after.feature_key = "PAY-12";
  assert_string_equal(notify_status_title(a, &before, &after, 0), "“Apple Pay” is now planned: it became PAY-12");
  after.public_title = "Pay with Apple";
  assert_string_equal(notify_status_title(a, &before, &after, 1), "“Pay with Apple” is now planned");
  assert_string_equal(notify_status_action(&before, &after), "promote");
  after.status = IS_DUPLICATE;
  after.duplicate_of = 7;
  assert_string_equal(notify_status_title(a, &before, &after, 0), "“Apple Pay” is a duplicate of idea 7");
  assert_string_equal(notify_status_title(a, &before, &after, 1), "“Pay with Apple” is the same as another request");
  arena_free(a);
}

int main(void) {
  if (crypto_init() || app_outbound_init()) return 1;
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_recipients_each_once_never_the_actor, setup, teardown),
      cmocka_unit_test_setup_teardown(test_unfollow_and_reopen, setup, teardown),
      cmocka_unit_test_setup_teardown(test_failed_delivery_recorded_and_retried, setup, teardown),
      cmocka_unit_test(test_hmac_rfc4231),
      cmocka_unit_test(test_mail_headers),
      cmocka_unit_test(test_mail_compose),
      cmocka_unit_test(test_retry_backoff),
      cmocka_unit_test(test_webhook_rules),
      cmocka_unit_test(test_setting_rules),
      cmocka_unit_test(test_status_titles),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
