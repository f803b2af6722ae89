/* test_store.c — unit tests for store/ against a temporary SQLite database:
 * migrations, products, users, sessions, API tokens, sign-in failures,
 * features (CRUD, version guards, ranks, every sort order paged through to the
 * end, filters, the stored derived scores), ideas and votes (the stored vote
 * count), comments and the audit trail. Each test gets a fresh database in a
 * mkdtemp() directory that is removed afterwards. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/arena.h"
#include "domain/rank.h"
#include "domain/score.h"
#include "store/audit.h"
#include "store/comments.h"
#include "store/db.h"
#include "store/features.h"
#include "store/ideas.h"
#include "store/products.h"
#include "store/users.h"

enum { T0 = 1700000000 };

struct fx {
  char dir[64];
  char path[128];
  db *d;
  arena *a;
  struct keel_err e;
};

static void fx_paths_remove(struct fx *f) {
  static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
  for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
    char p[160];
    snprintf(p, sizeof p, "%s%s", f->path, suffixes[i]);
    unlink(p);
  }
  rmdir(f->dir);
}

static int setup(void **state) {
  struct fx *f = calloc(1, sizeof *f);
  if (!f) return -1;
  snprintf(f->dir, sizeof f->dir, "/tmp/keel-store-XXXXXX");
  if (!mkdtemp(f->dir)) {
    free(f);
    return -1;
  }
  snprintf(f->path, sizeof f->path, "%s/keel.db", f->dir);
  if (db_open(f->path, DB_OPEN_CREATE, &f->d, &f->e) != KEEL_OK) {
    fprintf(stderr, "db_open: %s\n", f->e.msg);
    fx_paths_remove(f);
    free(f);
    return -1;
  }
  f->a = arena_new(0);
  *state = f;
  return 0;
}

static int teardown(void **state) {
  struct fx *f = *state;
  db_close(f->d);
  arena_free(f->a);
  fx_paths_remove(f);
  free(f);
  return 0;
}

/* Runs a one-value query with one optional integer parameter (bound, never formatted). */
static int64_t sql_int(db *d, const char *sql, int nparams, int64_t p1) {
  struct keel_err e;
  db_stmt *st = db_prepare(d, sql, &e);
  assert_non_null(st);
  if (nparams > 0) db_bind_int(st, 1, p1);
  assert_int_equal(db_step(st), 1);
  int64_t v = db_col_int(st, 0);
  db_done(st);
  return v;
}

static int64_t add_product(struct fx *f, const char *key) {
  struct product p = {.key = key, .name = key, .description = "", .created_at = T0, .updated_at = T0};
  assert_int_equal(store_product_insert(f->d, &p, &f->e), KEEL_OK);
  return p.id;
}

static int64_t add_user(struct fx *f, const char *email, const char *name, enum role role) {
  struct user u = {.email = email, .name = name, .role = role, .active = 1, .created_at = T0, .updated_at = T0};
  assert_int_equal(store_user_insert(f->d, &u, "$argon2id$fake", &f->e), KEEL_OK);
  return u.id;
}

/* ---------------------------------------------------------------- migrations */

static void test_migrations(void **state) {
  struct fx *f = *state;
  assert_int_equal(db_schema_version(f->d), db_schema_latest(f->d));
  assert_true(db_schema_latest(f->d) >= 3);
  assert_string_equal(db_backend_name(f->d), "sqlite");
  assert_int_equal(sql_int(f->d, "SELECT COUNT(*) FROM meta WHERE key = 'schema_version'", 0, 0), 1);
  add_product(f, "PAY");

  /* Reopening finds the schema current and changes nothing. */
  db_close(f->d);
  f->d = NULL;
  assert_int_equal(db_open(f->path, DB_OPEN_EXISTING, &f->d, &f->e), KEEL_OK);
  assert_int_equal(db_schema_version(f->d), db_schema_latest(f->d));
  assert_int_equal(sql_int(f->d, "SELECT COUNT(*) FROM meta", 0, 0), 1);
  assert_int_equal(sql_int(f->d, "SELECT COUNT(*) FROM products", 0, 0), 1);
  struct product p;
  assert_int_equal(store_product_get(f->d, f->a, "PAY", &p, &f->e), KEEL_OK);

  /* A second connection at the same time is fine too. */
  db *other = NULL;
  assert_int_equal(db_open(f->path, DB_OPEN_EXISTING, &other, &f->e), KEEL_OK);
  assert_int_equal(db_schema_version(other), db_schema_latest(other));
  db_close(other);

  /* Missing files are not created unless asked. */
  char missing[160];
  snprintf(missing, sizeof missing, "%s/missing.db", f->dir);
  db *m = NULL;
  err_clear(&f->e);
  assert_int_equal(db_open(missing, DB_OPEN_EXISTING, &m, &f->e), KEEL_ENOTFOUND);
  assert_null(m);
  assert_int_equal(access(missing, F_OK), -1);
  assert_int_equal(db_open("", DB_OPEN_CREATE, &m, &f->e), KEEL_EINVAL);
  assert_null(m);
}

static void test_newer_schema_refused(void **state) {
  struct fx *f = *state;
  struct keel_err e;
  db_stmt *st = db_prepare(f->d, "UPDATE meta SET value = ? WHERE key = 'schema_version'", &e);
  assert_non_null(st);
  db_bind_int(st, 1, 99);
  assert_int_equal(db_step_done(st, &e, "test"), KEEL_OK);
  db_close(f->d);
  f->d = NULL;
  assert_int_equal(db_open(f->path, DB_OPEN_EXISTING, &f->d, &f->e), KEEL_EDB);
  assert_null(f->d);
  assert_non_null(strstr(f->e.msg, "newer"));
}

/* ---------------------------------------------------------------- products */

static void test_products(void **state) {
  struct fx *f = *state;
  struct product p = {.key = "ZED", .name = "Zed", .description = "last", .created_at = T0, .updated_at = T0};
  assert_int_equal(store_product_insert(f->d, &p, &f->e), KEEL_OK);
  assert_true(p.id > 0);
  assert_int_equal(p.version, 1);
  int64_t zed = p.id;
  add_product(f, "ABC");
  add_product(f, "MID");

  struct product got;
  assert_int_equal(store_product_get(f->d, f->a, "ZED", &got, &f->e), KEEL_OK);
  assert_int_equal(got.id, zed);
  assert_string_equal(got.name, "Zed");
  assert_string_equal(got.description, "last");
  assert_int_equal(got.version, 1);
  assert_int_equal(got.feature_count, 0);
  assert_int_equal(got.created_at, T0);
  assert_int_equal(store_product_get_id(f->d, f->a, zed, &got, &f->e), KEEL_OK);
  assert_string_equal(got.key, "ZED");
  assert_int_equal(store_product_get(f->d, f->a, "NOPE", &got, &f->e), KEEL_ENOTFOUND);
  assert_int_equal(store_product_get_id(f->d, f->a, 9999, &got, &f->e), KEEL_ENOTFOUND);

  struct product *list;
  size_t n;
  assert_int_equal(store_product_list(f->d, f->a, &list, &n, &f->e), KEEL_OK);
  assert_int_equal(n, 3);
  assert_string_equal(list[0].key, "ABC");
  assert_string_equal(list[1].key, "MID");
  assert_string_equal(list[2].key, "ZED");

  /* Duplicate key. */
  struct product dup = {.key = "ABC", .name = "Again", .created_at = T0, .updated_at = T0};
  err_clear(&f->e);
  assert_int_equal(store_product_insert(f->d, &dup, &f->e), KEEL_EEXISTS);
  assert_string_equal(f->e.field, "key");
  assert_int_equal(sql_int(f->d, "SELECT COUNT(*) FROM products", 0, 0), 3);

  /* Update with the current version, then with a stale one. */
  got.id = zed;
  got.key = "ZED";
  got.name = "Zed renamed";
  got.description = "new";
  got.version = 1;
  got.updated_at = T0 + 5;
  assert_int_equal(store_product_update(f->d, &got, &f->e), KEEL_OK);
  assert_int_equal(got.version, 2);
  struct product stale = got;
  stale.version = 1;
  stale.name = "Lost update";
  err_clear(&f->e);
  assert_int_equal(store_product_update(f->d, &stale, &f->e), KEEL_ESTALE);
  assert_string_equal(f->e.field, "version");
  assert_int_equal(store_product_get(f->d, f->a, "ZED", &got, &f->e), KEEL_OK);
  assert_string_equal(got.name, "Zed renamed");
  assert_string_equal(got.description, "new");
  assert_int_equal(got.version, 2);
  assert_int_equal(got.updated_at, T0 + 5);
  assert_int_equal(got.created_at, T0);

  /* Feature numbers per product. */
  int64_t num = 0;
  assert_int_equal(store_product_next_number(f->d, zed, &num, &f->e), KEEL_OK);
  assert_int_equal(num, 1);
  assert_int_equal(store_product_next_number(f->d, zed, &num, &f->e), KEEL_OK);
  assert_int_equal(num, 2);
  int64_t abc = list[0].id;
  assert_int_equal(store_product_next_number(f->d, abc, &num, &f->e), KEEL_OK);
  assert_int_equal(num, 1);
  assert_int_equal(store_product_next_number(f->d, zed, &num, &f->e), KEEL_OK);
  assert_int_equal(num, 3);
  assert_int_equal(store_product_get(f->d, f->a, "ZED", &got, &f->e), KEEL_OK);
  assert_int_equal(got.feature_count, 3);
  assert_int_equal(store_product_next_number(f->d, 9999, &num, &f->e), KEEL_ENOTFOUND);
}

/* ---------------------------------------------------------------- users */

static void test_users(void **state) {
  struct fx *f = *state;
  struct user u = {.email = "zoe@example.com", .name = "Zoe", .role = ROLE_ADMIN, .active = 1,
                   .created_at = T0, .updated_at = T0};
  assert_int_equal(store_user_insert(f->d, &u, "$argon2id$hash-1", &f->e), KEEL_OK);
  assert_true(u.id > 0);
  assert_int_equal(u.version, 1);
  int64_t bob = add_user(f, "bob@example.com", "Bob", ROLE_PM);
  int64_t amy = add_user(f, "amy@example.com", "Amy", ROLE_ADMIN);

  struct user got;
  assert_int_equal(store_user_get(f->d, f->a, u.id, &got, &f->e), KEEL_OK);
  assert_string_equal(got.email, "zoe@example.com");
  assert_string_equal(got.name, "Zoe");
  assert_int_equal(got.role, ROLE_ADMIN);
  assert_int_equal(got.active, 1);
  assert_int_equal(got.version, 1);
  assert_int_equal(store_user_get(f->d, f->a, 4242, &got, &f->e), KEEL_ENOTFOUND);

  const char *hash = NULL;
  assert_int_equal(store_user_by_email(f->d, f->a, "zoe@example.com", &got, &hash, &f->e), KEEL_OK);
  assert_int_equal(got.id, u.id);
  assert_string_equal(hash, "$argon2id$hash-1");
  assert_int_equal(store_user_by_email(f->d, f->a, "bob@example.com", &got, NULL, &f->e), KEEL_OK);
  assert_int_equal(got.id, bob);
  assert_int_equal(got.role, ROLE_PM);
  err_clear(&f->e);
  assert_int_equal(store_user_by_email(f->d, f->a, "nobody@example.com", &got, &hash, &f->e), KEEL_ENOTFOUND);
  assert_string_equal(f->e.field, "email");

  struct user *list;
  size_t n;
  assert_int_equal(store_user_list(f->d, f->a, &list, &n, &f->e), KEEL_OK);
  assert_int_equal(n, 3);
  assert_string_equal(list[0].name, "Amy");
  assert_string_equal(list[1].name, "Bob");
  assert_string_equal(list[2].name, "Zoe");

  /* Duplicate e-mail. */
  struct user dup = {.email = "bob@example.com", .name = "Other Bob", .role = ROLE_VIEWER, .active = 1};
  err_clear(&f->e);
  assert_int_equal(store_user_insert(f->d, &dup, "$argon2id$x", &f->e), KEEL_EEXISTS);
  assert_string_equal(f->e.field, "email");
  assert_int_equal(sql_int(f->d, "SELECT COUNT(*) FROM users", 0, 0), 3);

  /* Admins: two active. */
  int64_t admins = 0;
  assert_int_equal(store_user_count_admins(f->d, &admins, &f->e), KEEL_OK);
  assert_int_equal(admins, 2);

  /* Update with version guard: deactivate Amy. */
  assert_int_equal(store_user_get(f->d, f->a, amy, &got, &f->e), KEEL_OK);
  got.active = 0;
  got.name = "Amy A.";
  got.updated_at = T0 + 10;
  assert_int_equal(store_user_update(f->d, &got, &f->e), KEEL_OK);
  assert_int_equal(got.version, 2);
  assert_int_equal(store_user_count_admins(f->d, &admins, &f->e), KEEL_OK);
  assert_int_equal(admins, 1);
  got.version = 1;
  got.role = ROLE_VIEWER;
  assert_int_equal(store_user_update(f->d, &got, &f->e), KEEL_ESTALE);
  assert_int_equal(store_user_get(f->d, f->a, amy, &got, &f->e), KEEL_OK);
  assert_int_equal(got.role, ROLE_ADMIN);
  assert_string_equal(got.name, "Amy A.");
  assert_int_equal(got.active, 0);
  assert_int_equal(got.version, 2);

  /* Role change. */
  assert_int_equal(store_user_get(f->d, f->a, bob, &got, &f->e), KEEL_OK);
  got.role = ROLE_ADMIN;
  assert_int_equal(store_user_update(f->d, &got, &f->e), KEEL_OK);
  assert_int_equal(store_user_count_admins(f->d, &admins, &f->e), KEEL_OK);
  assert_int_equal(admins, 2);

  /* Password. */
  assert_int_equal(store_user_set_password(f->d, u.id, "$argon2id$hash-2", T0 + 20, &f->e), KEEL_OK);
  assert_int_equal(store_user_by_email(f->d, f->a, "zoe@example.com", &got, &hash, &f->e), KEEL_OK);
  assert_string_equal(hash, "$argon2id$hash-2");
  assert_int_equal(got.version, 2);
  assert_int_equal(got.updated_at, T0 + 20);
  assert_int_equal(store_user_set_password(f->d, 4242, "$x", T0, &f->e), KEEL_ENOTFOUND);
}

/* ---------------------------------------------------------------- sessions */

static void test_sessions(void **state) {
  struct fx *f = *state;
  int64_t ann = add_user(f, "ann@example.com", "Ann", ROLE_PM);
  int64_t ben = add_user(f, "ben@example.com", "Ben", ROLE_VIEWER);
  struct session s = {.user_id = ann, .csrf = "csrf-1", .created_at = T0, .last_seen_at = T0,
                      .expires_at = T0 + SESSION_ABSOLUTE_SECONDS};
  assert_int_equal(store_session_insert(f->d, "hash-ann", &s, &f->e), KEEL_OK);
  struct session s2 = s;
  s2.user_id = ben;
  s2.csrf = "csrf-2";
  assert_int_equal(store_session_insert(f->d, "hash-ben", &s2, &f->e), KEEL_OK);
  /* Same token hash twice is refused. */
  assert_int_equal(store_session_insert(f->d, "hash-ann", &s2, &f->e), KEEL_EEXISTS);

  struct session got;
  struct user u;
  assert_int_equal(store_session_get(f->d, f->a, "hash-ann", &got, &u, &f->e), KEEL_OK);
  assert_int_equal(got.user_id, ann);
  assert_string_equal(got.csrf, "csrf-1");
  assert_int_equal(got.created_at, T0);
  assert_int_equal(got.last_seen_at, T0);
  assert_int_equal(got.expires_at, T0 + SESSION_ABSOLUTE_SECONDS);
  assert_int_equal(u.id, ann);
  assert_string_equal(u.email, "ann@example.com");
  assert_int_equal(u.role, ROLE_PM);
  assert_int_equal(store_session_get(f->d, f->a, "no-such-hash", &got, &u, &f->e), KEEL_ENOTFOUND);

  assert_int_equal(store_session_touch(f->d, "hash-ann", T0 + 600, &f->e), KEEL_OK);
  assert_int_equal(store_session_get(f->d, f->a, "hash-ann", &got, &u, &f->e), KEEL_OK);
  assert_int_equal(got.last_seen_at, T0 + 600);
  assert_int_equal(store_session_get(f->d, f->a, "hash-ben", &got, &u, &f->e), KEEL_OK);
  assert_int_equal(got.last_seen_at, T0); /* only the touched one moved */

  /* Purge at a time when Ben's session is idle too long but Ann's is not. */
  int64_t now = T0 + SESSION_IDLE_SECONDS + 300;
  assert_int_equal(store_session_purge(f->d, now, &f->e), KEEL_OK);
  assert_int_equal(store_session_get(f->d, f->a, "hash-ann", &got, &u, &f->e), KEEL_OK);
  assert_int_equal(store_session_get(f->d, f->a, "hash-ben", &got, &u, &f->e), KEEL_ENOTFOUND);
  /* Past the absolute expiry everything goes, however recent. */
  assert_int_equal(store_session_touch(f->d, "hash-ann", T0 + SESSION_ABSOLUTE_SECONDS - 1, &f->e), KEEL_OK);
  assert_int_equal(store_session_purge(f->d, T0 + SESSION_ABSOLUTE_SECONDS - 1, &f->e), KEEL_OK);
  assert_int_equal(store_session_get(f->d, f->a, "hash-ann", &got, &u, &f->e), KEEL_OK);
  assert_int_equal(store_session_purge(f->d, T0 + SESSION_ABSOLUTE_SECONDS, &f->e), KEEL_OK);
  assert_int_equal(store_session_get(f->d, f->a, "hash-ann", &got, &u, &f->e), KEEL_ENOTFOUND);
  assert_int_equal(sql_int(f->d, "SELECT COUNT(*) FROM sessions", 0, 0), 0);

  /* Delete one, delete all of a user's. */
  assert_int_equal(store_session_insert(f->d, "h1", &s, &f->e), KEEL_OK);
  assert_int_equal(store_session_insert(f->d, "h2", &s, &f->e), KEEL_OK);
  assert_int_equal(store_session_insert(f->d, "h3", &s2, &f->e), KEEL_OK);
  assert_int_equal(store_session_delete(f->d, "h1", &f->e), KEEL_OK);
  assert_int_equal(store_session_get(f->d, f->a, "h1", &got, &u, &f->e), KEEL_ENOTFOUND);
  assert_int_equal(store_session_get(f->d, f->a, "h2", &got, &u, &f->e), KEEL_OK);
  assert_int_equal(store_session_delete(f->d, "h1", &f->e), KEEL_OK); /* idempotent */
  assert_int_equal(store_session_delete_user(f->d, ann, &f->e), KEEL_OK);
  assert_int_equal(store_session_get(f->d, f->a, "h2", &got, &u, &f->e), KEEL_ENOTFOUND);
  assert_int_equal(store_session_get(f->d, f->a, "h3", &got, &u, &f->e), KEEL_OK);

  /* A deactivated user's session is not found. */
  assert_int_equal(store_user_get(f->d, f->a, ben, &u, &f->e), KEEL_OK);
  u.active = 0;
  assert_int_equal(store_user_update(f->d, &u, &f->e), KEEL_OK);
  assert_int_equal(store_session_get(f->d, f->a, "h3", &got, &u, &f->e), KEEL_ENOTFOUND);
}

/* ---------------------------------------------------------------- tokens */

static void test_tokens(void **state) {
  struct fx *f = *state;
  int64_t ann = add_user(f, "ann@example.com", "Ann", ROLE_PM);
  int64_t ben = add_user(f, "ben@example.com", "Ben", ROLE_VIEWER);
  struct api_token t1 = {.user_id = ann, .name = "ci", .created_at = T0};
  struct api_token t2 = {.user_id = ann, .name = "laptop", .created_at = T0 + 1};
  struct api_token t3 = {.user_id = ben, .name = "ben's", .created_at = T0 + 2};
  assert_int_equal(store_token_insert(f->d, "th1", &t1, &f->e), KEEL_OK);
  assert_int_equal(store_token_insert(f->d, "th2", &t2, &f->e), KEEL_OK);
  assert_int_equal(store_token_insert(f->d, "th3", &t3, &f->e), KEEL_OK);
  assert_true(t1.id > 0 && t2.id > t1.id && t3.id > t2.id);
  assert_int_equal(store_token_insert(f->d, "th1", &t3, &f->e), KEEL_EEXISTS);

  struct api_token got;
  struct user u;
  assert_int_equal(store_token_lookup(f->d, f->a, "th2", &got, &u, &f->e), KEEL_OK);
  assert_int_equal(got.id, t2.id);
  assert_int_equal(got.user_id, ann);
  assert_string_equal(got.name, "laptop");
  assert_int_equal(got.created_at, T0 + 1);
  assert_int_equal(got.last_used_at, 0);
  assert_int_equal(got.revoked_at, 0);
  assert_int_equal(u.id, ann);
  assert_string_equal(u.email, "ann@example.com");
  assert_int_equal(store_token_lookup(f->d, f->a, "nope", &got, &u, &f->e), KEEL_ENOTFOUND);

  struct api_token *list;
  size_t n;
  assert_int_equal(store_token_list(f->d, f->a, ann, &list, &n, &f->e), KEEL_OK);
  assert_int_equal(n, 2);
  assert_int_equal(list[0].id, t1.id);
  assert_int_equal(list[1].id, t2.id);
  assert_int_equal(store_token_list(f->d, f->a, ben, &list, &n, &f->e), KEEL_OK);
  assert_int_equal(n, 1);

  assert_int_equal(store_token_touch(f->d, t1.id, T0 + 100, &f->e), KEEL_OK);
  assert_int_equal(store_token_get(f->d, f->a, t1.id, &got, &f->e), KEEL_OK);
  assert_int_equal(got.last_used_at, T0 + 100);
  assert_int_equal(store_token_get(f->d, f->a, 999, &got, &f->e), KEEL_ENOTFOUND);

  /* Revoked tokens are no longer found by lookup, but stay listed. */
  assert_int_equal(store_token_revoke(f->d, t1.id, T0 + 200, &f->e), KEEL_OK);
  assert_int_equal(store_token_lookup(f->d, f->a, "th1", &got, &u, &f->e), KEEL_ENOTFOUND);
  assert_int_equal(store_token_lookup(f->d, f->a, "th2", &got, &u, &f->e), KEEL_OK);
  assert_int_equal(store_token_get(f->d, f->a, t1.id, &got, &f->e), KEEL_OK);
  assert_int_equal(got.revoked_at, T0 + 200);
  assert_int_equal(store_token_revoke(f->d, t1.id, T0 + 300, &f->e), KEEL_ECONFLICT);
  assert_int_equal(store_token_get(f->d, f->a, t1.id, &got, &f->e), KEEL_OK);
  assert_int_equal(got.revoked_at, T0 + 200); /* the first revocation time stays */
  assert_int_equal(store_token_list(f->d, f->a, ann, &list, &n, &f->e), KEEL_OK);
  assert_int_equal(n, 2);

  /* A deactivated user's tokens do not work. */
  assert_int_equal(store_user_get(f->d, f->a, ben, &u, &f->e), KEEL_OK);
  u.active = 0;
  assert_int_equal(store_user_update(f->d, &u, &f->e), KEEL_OK);
  assert_int_equal(store_token_lookup(f->d, f->a, "th3", &got, &u, &f->e), KEEL_ENOTFOUND);
}

static void test_login_failures(void **state) {
  struct fx *f = *state;
  int64_t count = -1, oldest = -1;
  assert_int_equal(store_login_failure_count(f->d, "email:a@b.co", 0, &count, &oldest, &f->e), KEEL_OK);
  assert_int_equal(count, 0);
  assert_int_equal(oldest, 0);
  assert_int_equal(store_login_failure_add(f->d, "email:a@b.co", T0 + 100, &f->e), KEEL_OK);
  assert_int_equal(store_login_failure_add(f->d, "email:a@b.co", T0 + 200, &f->e), KEEL_OK);
  assert_int_equal(store_login_failure_add(f->d, "email:a@b.co", T0 + 300, &f->e), KEEL_OK);
  assert_int_equal(store_login_failure_add(f->d, "addr:127.0.0.1", T0 + 300, &f->e), KEEL_OK);
  assert_int_equal(store_login_failure_count(f->d, "email:a@b.co", T0 + 150, &count, &oldest, &f->e), KEEL_OK);
  assert_int_equal(count, 2);
  assert_int_equal(oldest, T0 + 200);
  assert_int_equal(store_login_failure_count(f->d, "email:a@b.co", T0, &count, &oldest, &f->e), KEEL_OK);
  assert_int_equal(count, 3);
  assert_int_equal(oldest, T0 + 100);
  /* "since" is exclusive. */
  assert_int_equal(store_login_failure_count(f->d, "email:a@b.co", T0 + 300, &count, &oldest, &f->e), KEEL_OK);
  assert_int_equal(count, 0);
  assert_int_equal(store_login_failure_clear(f->d, "email:a@b.co", &f->e), KEEL_OK);
  assert_int_equal(store_login_failure_count(f->d, "email:a@b.co", 0, &count, &oldest, &f->e), KEEL_OK);
  assert_int_equal(count, 0);
  assert_int_equal(store_login_failure_count(f->d, "addr:127.0.0.1", 0, &count, &oldest, &f->e), KEEL_OK);
  assert_int_equal(count, 1);
}

/* ---------------------------------------------------------------- features */

static struct feature new_feature(struct fx *f, int64_t product_id, const char *title, int64_t rank) {
  struct feature ft = {.product_id = product_id, .title = title, .description = "", .status = FS_CANDIDATE,
                       .horizon = HZ_UNPLANNED, .rank = rank, .created_at = T0, .updated_at = T0};
  assert_int_equal(store_product_next_number(f->d, product_id, &ft.number, &f->e), KEEL_OK);
  return ft;
}

static void check_stored_scores(struct fx *f, int64_t id) {
  struct feature ft;
  assert_int_equal(store_feature_get_id(f->d, f->a, id, &ft, &f->e), KEEL_OK);
  struct keel_err e;
  db_stmt *st = db_prepare(f->d, "SELECT rice_score, ice_score FROM features WHERE id = ?", &e);
  assert_non_null(st);
  db_bind_int(st, 1, id);
  assert_int_equal(db_step(st), 1);
  if (ft.rice.set) {
    assert_false(db_col_is_null(st, 0));
    assert_true(db_col_double(st, 0) == score_rice(&ft.rice));
  } else {
    assert_true(db_col_is_null(st, 0));
  }
  if (ft.ice.set) {
    assert_false(db_col_is_null(st, 1));
    assert_true(db_col_double(st, 1) == score_ice(&ft.ice));
  } else {
    assert_true(db_col_is_null(st, 1));
  }
  db_done(st);
}

static void test_feature_crud(void **state) {
  struct fx *f = *state;
  int64_t pay = add_product(f, "PAY");
  int64_t ann = add_user(f, "ann@example.com", "Ann", ROLE_PM);
  struct feature ft = new_feature(f, pay, "Faster checkout", RANK_GAP);
  ft.description = "Cut steps";
  ft.status = FS_PLANNED;
  ft.horizon = HZ_NEXT;
  ft.rice = (struct rice){1, 450, 3, 100, 2};
  ft.ice = (struct ice){1, 8, 6, 5};
  ft.created_by = ann;
  assert_int_equal(store_feature_insert(f->d, &ft, &f->e), KEEL_OK);
  assert_true(ft.id > 0);
  assert_int_equal(ft.version, 1);

  struct feature got;
  assert_int_equal(store_feature_get(f->d, f->a, "PAY-1", &got, &f->e), KEEL_OK);
  assert_int_equal(got.id, ft.id);
  assert_string_equal(got.key, "PAY-1");
  assert_string_equal(got.product_key, "PAY");
  assert_int_equal(got.number, 1);
  assert_string_equal(got.title, "Faster checkout");
  assert_string_equal(got.description, "Cut steps");
  assert_int_equal(got.status, FS_PLANNED);
  assert_int_equal(got.horizon, HZ_NEXT);
  assert_int_equal(got.rank, RANK_GAP);
  assert_int_equal(got.rice.set, 1);
  assert_true(got.rice.reach == 450 && got.rice.impact == 3 && got.rice.confidence == 100 && got.rice.effort == 2);
  assert_int_equal(got.ice.set, 1);
  assert_int_equal(got.ice.impact, 8);
  assert_int_equal(got.ice.confidence, 6);
  assert_int_equal(got.ice.ease, 5);
  assert_int_equal(got.created_by, ann);
  assert_string_equal(got.created_by_name, "Ann");
  assert_int_equal(got.version, 1);
  assert_int_equal(got.idea_count, 0);
  assert_int_equal(got.vote_count, 0);
  check_stored_scores(f, ft.id);
  /* The stored score is the Intercom example's 675. */
  assert_true(sql_int(f->d, "SELECT CAST(rice_score AS INTEGER) FROM features WHERE id = ?", 1, ft.id) == 675);
  assert_true(sql_int(f->d, "SELECT CAST(ice_score AS INTEGER) FROM features WHERE id = ?", 1, ft.id) == 240);

  struct feature by_id;
  assert_int_equal(store_feature_get_id(f->d, f->a, ft.id, &by_id, &f->e), KEEL_OK);
  assert_string_equal(by_id.key, "PAY-1");
  assert_int_equal(store_feature_get(f->d, f->a, "PAY-2", &got, &f->e), KEEL_ENOTFOUND);
  assert_int_equal(store_feature_get(f->d, f->a, "XYZ-1", &got, &f->e), KEEL_ENOTFOUND);
  assert_int_equal(store_feature_get(f->d, f->a, "pay-1", &got, &f->e), KEEL_ENOTFOUND);
  assert_int_equal(store_feature_get(f->d, f->a, NULL, &got, &f->e), KEEL_ENOTFOUND);
  assert_int_equal(store_feature_get_id(f->d, f->a, 9999, &got, &f->e), KEEL_ENOTFOUND);

  /* Update: change scores, keep the derived columns in step. */
  assert_int_equal(store_feature_get(f->d, f->a, "PAY-1", &got, &f->e), KEEL_OK);
  got.title = "Faster checkout v2";
  got.rice.effort = 0.5;
  got.ice.ease = 9;
  got.status = FS_IN_PROGRESS;
  got.updated_at = T0 + 60;
  assert_int_equal(store_feature_update(f->d, &got, &f->e), KEEL_OK);
  assert_int_equal(got.version, 2);
  check_stored_scores(f, ft.id);
  assert_true(sql_int(f->d, "SELECT CAST(rice_score AS INTEGER) FROM features WHERE id = ?", 1, ft.id) == 2700);

  /* Stale update: refused, nothing changed. */
  struct feature stale = got;
  stale.version = 1;
  stale.title = "Lost";
  stale.rice.set = 0;
  err_clear(&f->e);
  assert_int_equal(store_feature_update(f->d, &stale, &f->e), KEEL_ESTALE);
  assert_string_equal(f->e.field, "version");
  assert_int_equal(store_feature_get_id(f->d, f->a, ft.id, &got, &f->e), KEEL_OK);
  assert_string_equal(got.title, "Faster checkout v2");
  assert_int_equal(got.rice.set, 1);
  assert_int_equal(got.version, 2);
  assert_int_equal(got.status, FS_IN_PROGRESS);
  assert_int_equal(got.updated_at, T0 + 60);

  /* Clearing scores nulls the derived columns. */
  got.rice.set = 0;
  got.ice.set = 0;
  assert_int_equal(store_feature_update(f->d, &got, &f->e), KEEL_OK);
  check_stored_scores(f, ft.id);
  assert_int_equal(sql_int(f->d, "SELECT COUNT(*) FROM features WHERE rice_score IS NULL AND rice_reach IS NULL "
                                 "AND ice_score IS NULL AND ice_impact IS NULL",
                           0, 0),
                   1);

  /* Position changes with a version guard. */
  got.rank = 5;
  got.horizon = HZ_NOW;
  int64_t v = got.version;
  assert_int_equal(store_feature_set_position(f->d, &got, &f->e), KEEL_OK);
  assert_int_equal(got.version, v + 1);
  got.version = v; /* stale */
  got.rank = 7;
  assert_int_equal(store_feature_set_position(f->d, &got, &f->e), KEEL_ESTALE);
  assert_int_equal(store_feature_get_id(f->d, f->a, ft.id, &got, &f->e), KEEL_OK);
  assert_int_equal(got.rank, 5);
  assert_int_equal(got.horizon, HZ_NOW);

  /* Duplicate (product, number). */
  struct feature twin = ft;
  twin.id = 0;
  assert_int_equal(store_feature_insert(f->d, &twin, &f->e), KEEL_EEXISTS);
}

static void test_feature_neighbor_renumber(void **state) {
  struct fx *f = *state;
  int64_t pay = add_product(f, "PAY");
  int64_t other = add_product(f, "OTH");
  /* Ranks with a tie (B and C share 20): order is (rank, id). */
  const int64_t ranks[] = {10, 20, 20, 30, 31};
  int64_t ids[5];
  for (int i = 0; i < 5; i++) {
    struct feature ft = new_feature(f, pay, "F", ranks[i]);
    assert_int_equal(store_feature_insert(f->d, &ft, &f->e), KEEL_OK);
    ids[i] = ft.id;
  }
  struct feature o = new_feature(f, other, "Other product", 15);
  assert_int_equal(store_feature_insert(f->d, &o, &f->e), KEEL_OK);

  int64_t r = 0;
  int found = -1;
  /* First and last of the product, ignoring the other product's 15. */
  assert_int_equal(store_feature_neighbor(f->d, pay, 0, 0, 0, +1, 1, &r, &found, &f->e), KEEL_OK);
  assert_int_equal(found, 1);
  assert_int_equal(r, 10);
  assert_int_equal(store_feature_neighbor(f->d, pay, 0, 0, 0, -1, 1, &r, &found, &f->e), KEEL_OK);
  assert_int_equal(r, 31);
  /* Excluding the last one. */
  assert_int_equal(store_feature_neighbor(f->d, pay, ids[4], 0, 0, -1, 1, &r, &found, &f->e), KEEL_OK);
  assert_int_equal(r, 30);
  /* Next after B (20, id B) is C (20, id C); previous of C is B. */
  assert_int_equal(store_feature_neighbor(f->d, pay, 0, 20, ids[1], +1, 0, &r, &found, &f->e), KEEL_OK);
  assert_int_equal(found, 1);
  assert_int_equal(r, 20);
  assert_int_equal(store_feature_neighbor(f->d, pay, 0, 20, ids[2], +1, 0, &r, &found, &f->e), KEEL_OK);
  assert_int_equal(r, 30);
  assert_int_equal(store_feature_neighbor(f->d, pay, 0, 20, ids[1], -1, 0, &r, &found, &f->e), KEEL_OK);
  assert_int_equal(r, 10);
  /* Nothing before the first, nothing after the last. */
  assert_int_equal(store_feature_neighbor(f->d, pay, 0, 10, ids[0], -1, 0, &r, &found, &f->e), KEEL_OK);
  assert_int_equal(found, 0);
  assert_int_equal(store_feature_neighbor(f->d, pay, 0, 31, ids[4], +1, 0, &r, &found, &f->e), KEEL_OK);
  assert_int_equal(found, 0);
  /* An empty product. */
  int64_t empty = add_product(f, "EMP");
  assert_int_equal(store_feature_neighbor(f->d, empty, 0, 0, 0, +1, 1, &r, &found, &f->e), KEEL_OK);
  assert_int_equal(found, 0);

  /* Renumber: same order, RANK_GAP apart, versions untouched, other product untouched. */
  assert_int_equal(store_feature_renumber(f->d, pay, &f->e), KEEL_OK);
  for (int i = 0; i < 5; i++) {
    struct feature got;
    assert_int_equal(store_feature_get_id(f->d, f->a, ids[i], &got, &f->e), KEEL_OK);
    assert_int_equal(got.rank, (int64_t)(i + 1) * RANK_GAP);
    assert_int_equal(got.version, 1);
  }
  struct feature og;
  assert_int_equal(store_feature_get_id(f->d, f->a, o.id, &og, &f->e), KEEL_OK);
  assert_int_equal(og.rank, 15);
}

/* A feature as the list tests expect to see it. */
struct exp {
  int64_t id, product_id, rank, updated_at;
  int status, horizon;
  int rice_set, ice_set;
  double rice, ice;
  const char *title;
};

static enum feature_sort cmp_sort;

static int cmp_exp(const void *pa, const void *pb) {
  const struct exp *a = pa, *b = pb;
  switch (cmp_sort) {
  case FSORT_RANK:
    if (a->rank != b->rank) return a->rank < b->rank ? -1 : 1;
    return a->id < b->id ? -1 : a->id > b->id;
  case FSORT_UPDATED:
    if (a->updated_at != b->updated_at) return a->updated_at > b->updated_at ? -1 : 1;
    return a->id > b->id ? -1 : a->id < b->id;
  case FSORT_RICE:
  case FSORT_ICE: {
    int as = cmp_sort == FSORT_RICE ? a->rice_set : a->ice_set;
    int bs = cmp_sort == FSORT_RICE ? b->rice_set : b->ice_set;
    double av = cmp_sort == FSORT_RICE ? a->rice : a->ice;
    double bv = cmp_sort == FSORT_RICE ? b->rice : b->ice;
    if (as != bs) return as ? -1 : 1; /* scored first */
    if (as && av != bv) return av > bv ? -1 : 1;
    return a->id > b->id ? -1 : a->id < b->id;
  }
  default:
    return 0;
  }
}

static int matches(const struct exp *x, const struct feature_query *q) {
  if (q->product_id && x->product_id != q->product_id) return 0;
  if (q->status_mask && !(q->status_mask & (1u << x->status))) return 0;
  if (q->horizon >= 0 && x->horizon != q->horizon) return 0;
  return 1;
}

/* Pages through q's list `limit` rows at a time, building each cursor from the
 * last row as app/ does. Returns the ids seen in order. */
static size_t page_features(struct fx *f, struct feature_query q, int limit, int64_t *ids, size_t max) {
  q.limit = limit;
  memset(&q.after, 0, sizeof q.after);
  size_t total = 0;
  int64_t expected_next = 0;
  for (int pages = 0; pages < 1000; pages++) {
    struct feature *items;
    size_t n;
    assert_int_equal(store_feature_list(f->d, f->a, &q, &items, &n, &f->e), KEEL_OK);
    assert_true(n <= (size_t)limit + 1);
    if (expected_next) {
      assert_true(n > 0);
      assert_int_equal(items[0].id, expected_next); /* the extra row was the next page's first */
    }
    size_t take = n > (size_t)limit ? (size_t)limit : n;
    for (size_t i = 0; i < take; i++) {
      assert_true(total < max);
      ids[total++] = items[i].id;
    }
    if (n <= (size_t)limit) return total;
    expected_next = items[limit].id;
    const struct feature *last = &items[limit - 1];
    struct cursor c = {.set = 1, .id = last->id};
    switch (q.sort) {
    case FSORT_RANK: c.ival = last->rank; break;
    case FSORT_UPDATED: c.ival = last->updated_at; break;
    case FSORT_RICE:
      c.in_nulls = !last->rice.set;
      c.score = last->rice.set ? score_rice(&last->rice) : 0;
      break;
    case FSORT_ICE:
      c.in_nulls = !last->ice.set;
      c.score = last->ice.set ? score_ice(&last->ice) : 0;
      break;
    default: break;
    }
    q.after = c;
  }
  fail_msg("paging did not end");
  return total;
}

enum { NFEAT = 47 };

/* Creates NFEAT features over two products with many ties in every sort key. */
static void make_features(struct fx *f, int64_t pa, int64_t pb, struct exp *ex) {
  static const double reaches[] = {100, 200, 400};
  static const double impacts[] = {0.5, 1, 2};
  static const double confs[] = {50, 100};
  static const double efforts[] = {1, 2, 0.5};
  for (int i = 0; i < NFEAT; i++) {
    int64_t prod = i % 4 == 3 ? pb : pa;
    struct feature ft = new_feature(f, prod, "", (int64_t)(i % 9) * 1000);
    ft.title = arena_printf(f->a, "Feature %d", i);
    ft.status = (enum feature_status)(i % FS_COUNT);
    ft.horizon = (enum horizon)((i / 2) % HZ_COUNT);
    ft.updated_at = T0 + (i * 7) % 11;
    if (i % 3 != 0) ft.rice = (struct rice){1, reaches[i % 3], impacts[(i / 3) % 3], confs[i % 2], efforts[(i / 2) % 3]};
    if (i % 2 == 0) ft.ice = (struct ice){1, 1 + i % 3, 2 + (i / 3) % 2, 3};
    assert_int_equal(store_feature_insert(f->d, &ft, &f->e), KEEL_OK);
    ex[i] = (struct exp){ft.id, prod, ft.rank, ft.updated_at, ft.status, ft.horizon, ft.rice.set, ft.ice.set,
                         ft.rice.set ? score_rice(&ft.rice) : 0, ft.ice.set ? score_ice(&ft.ice) : 0, ft.title};
  }
}

static void check_listing(struct fx *f, const struct exp *ex, struct feature_query q, int limit) {
  struct exp want[NFEAT];
  size_t nw = 0;
  for (int i = 0; i < NFEAT; i++)
    if (matches(&ex[i], &q)) want[nw++] = ex[i];
  cmp_sort = q.sort;
  qsort(want, nw, sizeof want[0], cmp_exp);
  int64_t got[NFEAT + 1];
  size_t ng = page_features(f, q, limit, got, NFEAT + 1);
  assert_int_equal(ng, nw);
  for (size_t i = 0; i < nw; i++) {
    if (got[i] != want[i].id) print_error("sort %d limit %d: position %zu\n", (int)q.sort, limit, i);
    assert_int_equal(got[i], want[i].id);
  }
  /* Every feature exactly once. */
  for (size_t i = 0; i < ng; i++)
    for (size_t k = i + 1; k < ng; k++) assert_int_not_equal(got[i], got[k]);
}

static void test_feature_list_paging(void **state) {
  struct fx *f = *state;
  int64_t pa = add_product(f, "AAA"), pb = add_product(f, "BBB");
  struct exp ex[NFEAT];
  make_features(f, pa, pb, ex);
  /* Sanity: the data has scored and unscored rows and score ties. */
  int rice_set = 0, ice_set = 0, rice_ties = 0;
  for (int i = 0; i < NFEAT; i++) {
    rice_set += ex[i].rice_set;
    ice_set += ex[i].ice_set;
    for (int k = i + 1; k < NFEAT; k++) rice_ties += ex[i].rice_set && ex[k].rice_set && ex[i].rice == ex[k].rice;
  }
  assert_true(rice_set > 10 && rice_set < NFEAT);
  assert_true(ice_set > 10 && ice_set < NFEAT);
  assert_true(rice_ties > 5);

  const int limits[] = {1, 2, 5, 7, 46, 47, 100};
  for (int s = 0; s < FSORT_COUNT; s++)
    for (size_t li = 0; li < sizeof limits / sizeof limits[0]; li++) {
      struct feature_query q = {.horizon = -1, .sort = (enum feature_sort)s};
      check_listing(f, ex, q, limits[li]);
    }
  /* With filters too. */
  for (int s = 0; s < FSORT_COUNT; s++) {
    struct feature_query q = {.product_id = pa, .horizon = -1, .sort = (enum feature_sort)s};
    check_listing(f, ex, q, 3);
    q.status_mask = (1u << FS_CANDIDATE) | (1u << FS_PLANNED) | (1u << FS_IN_PROGRESS);
    check_listing(f, ex, q, 4);
    q.product_id = 0;
    q.horizon = HZ_NEXT;
    check_listing(f, ex, q, 2);
    q.status_mask = 1u << FS_SHIPPED;
    q.horizon = -1;
    q.product_id = pb;
    check_listing(f, ex, q, 1);
  }
}

static void test_feature_list_rice_order(void **state) {
  struct fx *f = *state;
  int64_t p = add_product(f, "PAY");
  /* Intercom's three projects, plus one unscored: 3 (800), 1 (675), 2 (400), then unscored. */
  struct rice rs[] = {{1, 450, 3, 100, 2}, {1, 2000, 1, 80, 4}, {1, 800, 2, 50, 1}, {0, 0, 0, 0, 0}};
  int64_t ids[4];
  for (int i = 0; i < 4; i++) {
    struct feature ft = new_feature(f, p, "Project", RANK_GAP * (i + 1));
    ft.rice = rs[i];
    assert_int_equal(store_feature_insert(f->d, &ft, &f->e), KEEL_OK);
    ids[i] = ft.id;
    check_stored_scores(f, ft.id);
  }
  struct feature_query q = {.horizon = -1, .sort = FSORT_RICE, .limit = 10};
  struct feature *items;
  size_t n;
  assert_int_equal(store_feature_list(f->d, f->a, &q, &items, &n, &f->e), KEEL_OK);
  assert_int_equal(n, 4);
  assert_int_equal(items[0].id, ids[2]);
  assert_int_equal(items[1].id, ids[0]);
  assert_int_equal(items[2].id, ids[1]);
  assert_int_equal(items[3].id, ids[3]);
  assert_int_equal(items[3].rice.set, 0);
}

static void test_feature_filters(void **state) {
  struct fx *f = *state;
  int64_t p = add_product(f, "PAY"), o = add_product(f, "OTH");
  const char *titles[] = {"100% done", "100 percent", "snake_case name", "snakeXcase name", "back\\slash",
                          "Mixed CASE Title", "plain"};
  int64_t ids[7];
  for (int i = 0; i < 7; i++) {
    struct feature ft = new_feature(f, i == 6 ? o : p, titles[i], RANK_GAP * (i + 1));
    ft.status = i == 1 ? FS_SHIPPED : FS_CANDIDATE;
    ft.horizon = i == 2 ? HZ_NOW : HZ_LATER;
    assert_int_equal(store_feature_insert(f->d, &ft, &f->e), KEEL_OK);
    ids[i] = ft.id;
  }
  struct {
    const char *text;
    int expect[7];
    size_t n;
  } cases[] = {
      {"%", {0}, 1},           /* a literal percent sign, not "anything" */
      {"_", {2}, 1},           /* a literal underscore, not "any character" */
      {"100%", {0}, 1},
      {"100", {0, 1}, 2},
      {"snake", {2, 3}, 2},
      {"SNAKE_CASE", {2}, 1},  /* case-insensitive */
      {"e_c", {2}, 1},
      {"\\", {4}, 1},          /* the escape character itself */
      {"mixed case", {5}, 1},
      {"nothing like it", {0}, 0},
  };
  for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
    struct feature_query q = {.horizon = -1, .sort = FSORT_RANK, .limit = 50, .text = cases[c].text};
    struct feature *items;
    size_t n;
    assert_int_equal(store_feature_list(f->d, f->a, &q, &items, &n, &f->e), KEEL_OK);
    if (n != cases[c].n) print_error("text %s\n", cases[c].text);
    assert_int_equal(n, cases[c].n);
    for (size_t i = 0; i < n; i++) assert_int_equal(items[i].id, ids[cases[c].expect[i]]);
  }
  /* Product, status and horizon filters. */
  struct feature_query q = {.product_id = o, .horizon = -1, .sort = FSORT_RANK, .limit = 50};
  struct feature *items;
  size_t n;
  assert_int_equal(store_feature_list(f->d, f->a, &q, &items, &n, &f->e), KEEL_OK);
  assert_int_equal(n, 1);
  assert_int_equal(items[0].id, ids[6]);
  q.product_id = p;
  q.status_mask = 1u << FS_SHIPPED;
  assert_int_equal(store_feature_list(f->d, f->a, &q, &items, &n, &f->e), KEEL_OK);
  assert_int_equal(n, 1);
  assert_int_equal(items[0].id, ids[1]);
  q.status_mask = (1u << FS_CANDIDATE) | (1u << FS_ARCHIVED);
  assert_int_equal(store_feature_list(f->d, f->a, &q, &items, &n, &f->e), KEEL_OK);
  assert_int_equal(n, 5);
  q.horizon = HZ_NOW;
  assert_int_equal(store_feature_list(f->d, f->a, &q, &items, &n, &f->e), KEEL_OK);
  assert_int_equal(n, 1);
  assert_int_equal(items[0].id, ids[2]);
  q.text = "snakeX";
  assert_int_equal(store_feature_list(f->d, f->a, &q, &items, &n, &f->e), KEEL_OK);
  assert_int_equal(n, 0);
}

/* ---------------------------------------------------------------- ideas */

static struct idea new_idea(int64_t product_id, const char *title, int64_t by, int64_t at) {
  struct idea i = {.product_id = product_id, .title = title, .description = "", .source = SRC_CUSTOMER,
                   .customer = "", .status = IS_NEW, .submitted_by = by, .created_at = at, .updated_at = at};
  return i;
}

static void check_vote_counts(struct fx *f) {
  assert_int_equal(sql_int(f->d,
                           "SELECT COUNT(*) FROM ideas i WHERE i.vote_count <> "
                           "(SELECT COUNT(*) FROM votes v WHERE v.idea_id = i.id)",
                           0, 0),
                   0);
}

static void test_ideas_crud_votes(void **state) {
  struct fx *f = *state;
  int64_t p = add_product(f, "PAY");
  int64_t ann = add_user(f, "ann@example.com", "Ann", ROLE_CONTRIBUTOR);
  int64_t ben = add_user(f, "ben@example.com", "Ben", ROLE_CONTRIBUTOR);
  struct idea i = new_idea(p, "Export to CSV", ann, T0);
  i.description = "Please";
  i.customer = "Acme";
  i.source = SRC_SALES;
  assert_int_equal(store_idea_insert(f->d, &i, &f->e), KEEL_OK);
  assert_true(i.id > 0);
  assert_int_equal(i.version, 1);
  struct idea anon = new_idea(p, "From the CLI", 0, T0 + 1);
  assert_int_equal(store_idea_insert(f->d, &anon, &f->e), KEEL_OK);

  struct idea got;
  assert_int_equal(store_idea_get(f->d, f->a, i.id, ann, &got, &f->e), KEEL_OK);
  assert_string_equal(got.title, "Export to CSV");
  assert_string_equal(got.description, "Please");
  assert_string_equal(got.customer, "Acme");
  assert_int_equal(got.source, SRC_SALES);
  assert_int_equal(got.status, IS_NEW);
  assert_string_equal(got.product_key, "PAY");
  assert_int_equal(got.submitted_by, ann);
  assert_string_equal(got.submitted_by_name, "Ann");
  assert_int_equal(got.votes, 0);
  assert_int_equal(got.voted, 0);
  assert_int_equal(got.feature_id, 0);
  assert_null(got.feature_key);
  assert_int_equal(store_idea_get(f->d, f->a, anon.id, 0, &got, &f->e), KEEL_OK);
  assert_int_equal(got.submitted_by, 0);
  assert_string_equal(got.submitted_by_name, "");
  assert_int_equal(store_idea_get(f->d, f->a, 9999, 0, &got, &f->e), KEEL_ENOTFOUND);

  /* Votes. */
  int changed = -1;
  assert_int_equal(store_vote_add(f->d, i.id, ann, T0, &changed, &f->e), KEEL_OK);
  assert_int_equal(changed, 1);
  assert_int_equal(store_vote_add(f->d, i.id, ann, T0 + 1, &changed, &f->e), KEEL_OK);
  assert_int_equal(changed, 0);
  assert_int_equal(store_vote_add(f->d, i.id, ben, T0, &changed, &f->e), KEEL_OK);
  assert_int_equal(changed, 1);
  assert_int_equal(store_vote_add(f->d, anon.id, ben, T0, &changed, &f->e), KEEL_OK);
  check_vote_counts(f);
  assert_int_equal(store_idea_get(f->d, f->a, i.id, ann, &got, &f->e), KEEL_OK);
  assert_int_equal(got.votes, 2);
  assert_int_equal(got.voted, 1);
  assert_int_equal(store_idea_get(f->d, f->a, anon.id, ann, &got, &f->e), KEEL_OK);
  assert_int_equal(got.votes, 1);
  assert_int_equal(got.voted, 0);
  assert_int_equal(store_vote_remove(f->d, i.id, ann, &changed, &f->e), KEEL_OK);
  assert_int_equal(changed, 1);
  assert_int_equal(store_vote_remove(f->d, i.id, ann, &changed, &f->e), KEEL_OK);
  assert_int_equal(changed, 0);
  check_vote_counts(f);
  assert_int_equal(store_idea_get(f->d, f->a, i.id, ann, &got, &f->e), KEEL_OK);
  assert_int_equal(got.votes, 1);
  assert_int_equal(got.voted, 0);
  /* Votes for missing ideas or users are refused by the foreign keys. */
  assert_int_not_equal(store_vote_add(f->d, 9999, ann, T0, &changed, &f->e), KEEL_OK);
  check_vote_counts(f);

  /* Update with the version guard. */
  assert_int_equal(store_idea_get(f->d, f->a, i.id, 0, &got, &f->e), KEEL_OK);
  got.status = IS_DECLINED;
  got.decline_reason = "Out of scope";
  got.updated_at = T0 + 50;
  assert_int_equal(store_idea_update(f->d, &got, &f->e), KEEL_OK);
  assert_int_equal(got.version, 2);
  struct idea stale = got;
  stale.version = 1;
  stale.title = "Lost";
  err_clear(&f->e);
  assert_int_equal(store_idea_update(f->d, &stale, &f->e), KEEL_ESTALE);
  assert_string_equal(f->e.field, "version");
  assert_int_equal(store_idea_get(f->d, f->a, i.id, 0, &got, &f->e), KEEL_OK);
  assert_string_equal(got.title, "Export to CSV");
  assert_int_equal(got.status, IS_DECLINED);
  assert_string_equal(got.decline_reason, "Out of scope");
  assert_int_equal(got.votes, 1); /* updates never touch the vote count */
  /* Moving an idea to another product is written too. */
  int64_t oth = add_product(f, "OTH");
  got.product_id = oth;
  assert_int_equal(store_idea_update(f->d, &got, &f->e), KEEL_OK);
  assert_int_equal(store_idea_get(f->d, f->a, i.id, 0, &got, &f->e), KEEL_OK);
  assert_int_equal(got.product_id, oth);
  assert_string_equal(got.product_key, "OTH");
  assert_int_equal(got.version, 3);
  /* The schema refuses states the rules forbid: declined without a reason, ... */
  got.decline_reason = "";
  assert_int_not_equal(store_idea_update(f->d, &got, &f->e), KEEL_OK);
  /* ... planned without a feature, duplicate of nothing. */
  assert_int_equal(store_idea_get(f->d, f->a, anon.id, 0, &got, &f->e), KEEL_OK);
  got.status = IS_PLANNED;
  assert_int_not_equal(store_idea_update(f->d, &got, &f->e), KEEL_OK);
  got.status = IS_DUPLICATE;
  assert_int_not_equal(store_idea_update(f->d, &got, &f->e), KEEL_OK);
  got.duplicate_of = i.id;
  assert_int_equal(store_idea_update(f->d, &got, &f->e), KEEL_OK);
  assert_int_equal(store_idea_get(f->d, f->a, anon.id, 0, &got, &f->e), KEEL_OK);
  assert_int_equal(got.status, IS_DUPLICATE);
  assert_int_equal(got.duplicate_of, i.id);

  /* Linking to a feature fills the read-only feature fields and the feature's counters. */
  struct feature ft = new_feature(f, p, "CSV export", RANK_GAP);
  ft.status = FS_PLANNED;
  assert_int_equal(store_feature_insert(f->d, &ft, &f->e), KEEL_OK);
  struct idea third = new_idea(p, "Excel export", ben, T0 + 2);
  assert_int_equal(store_idea_insert(f->d, &third, &f->e), KEEL_OK);
  assert_int_equal(store_vote_add(f->d, third.id, ann, T0, &changed, &f->e), KEEL_OK);
  assert_int_equal(store_vote_add(f->d, third.id, ben, T0, &changed, &f->e), KEEL_OK);
  third.status = IS_PLANNED;
  third.feature_id = ft.id;
  assert_int_equal(store_idea_update(f->d, &third, &f->e), KEEL_OK);
  assert_int_equal(store_idea_get(f->d, f->a, third.id, 0, &got, &f->e), KEEL_OK);
  assert_int_equal(got.feature_id, ft.id);
  assert_string_equal(got.feature_key, "PAY-1");
  assert_string_equal(got.feature_title, "CSV export");
  assert_int_equal(got.feature_status, FS_PLANNED);
  struct feature fg;
  assert_int_equal(store_feature_get_id(f->d, f->a, ft.id, &fg, &f->e), KEEL_OK);
  assert_int_equal(fg.idea_count, 1);
  assert_int_equal(fg.vote_count, 2);
  check_vote_counts(f);
}

static int64_t idea_sort_val(const struct idea *i, enum idea_sort s) {
  return s == ISORT_VOTES ? i->votes : s == ISORT_UPDATED ? i->updated_at : i->created_at;
}

static void test_idea_list(void **state) {
  struct fx *f = *state;
  int64_t p = add_product(f, "PAY"), o = add_product(f, "OTH");
  int64_t users[4];
  users[0] = add_user(f, "a@example.com", "A", ROLE_CONTRIBUTOR);
  users[1] = add_user(f, "b@example.com", "B", ROLE_CONTRIBUTOR);
  users[2] = add_user(f, "c@example.com", "C", ROLE_CONTRIBUTOR);
  users[3] = add_user(f, "d@example.com", "D", ROLE_CONTRIBUTOR);
  enum { NI = 29 };
  struct idea ideas[NI];
  for (int k = 0; k < NI; k++) {
    const char *title = k == 5 ? "100% uptime" : k == 6 ? "under_score" : arena_printf(f->a, "Idea %d", k);
    struct idea i = new_idea(k % 3 == 2 ? o : p, title, users[k % 4], T0 + k / 3); /* created_at ties */
    i.source = (enum idea_source)(k % SRC_COUNT);
    i.updated_at = T0 + (k * 5) % 7;
    assert_int_equal(store_idea_insert(f->d, &i, &f->e), KEEL_OK);
    int changed;
    for (int v = 0; v < k % 5; v++) assert_int_equal(store_vote_add(f->d, i.id, users[v % 4], T0, &changed, &f->e), KEEL_OK);
    if (k % 7 == 3) {
      i.status = IS_UNDER_REVIEW;
      assert_int_equal(store_idea_update(f->d, &i, &f->e), KEEL_OK);
    }
    assert_int_equal(store_idea_get(f->d, f->a, i.id, 0, &ideas[k], &f->e), KEEL_OK);
  }
  check_vote_counts(f);

  for (int s = 0; s < ISORT_COUNT; s++) {
    for (int limit = 1; limit <= 30; limit += 6) {
      for (int filt = 0; filt < 3; filt++) {
        struct idea_query q = {.source = -1, .sort = (enum idea_sort)s, .limit = limit, .viewer_id = users[0]};
        if (filt == 1) q.product_id = p;
        if (filt == 2) q.status_mask = 1u << IS_NEW;
        /* Expected: filtered, by (value DESC, id DESC). */
        int64_t want[NI];
        size_t nw = 0;
        for (int k = 0; k < NI; k++) {
          if (q.product_id && ideas[k].product_id != q.product_id) continue;
          if (q.status_mask && !(q.status_mask & (1u << ideas[k].status))) continue;
          want[nw++] = k;
        }
        for (size_t a1 = 0; a1 < nw; a1++)
          for (size_t b1 = a1 + 1; b1 < nw; b1++) {
            const struct idea *x = &ideas[want[a1]], *y = &ideas[want[b1]];
            int64_t xv = idea_sort_val(x, q.sort), yv = idea_sort_val(y, q.sort);
            if (yv > xv || (yv == xv && y->id > x->id)) {
              int64_t t = want[a1];
              want[a1] = want[b1];
              want[b1] = t;
            }
          }
        size_t seen = 0;
        for (int pages = 0; pages < 100; pages++) {
          struct idea *items;
          size_t n;
          assert_int_equal(store_idea_list(f->d, f->a, &q, &items, &n, &f->e), KEEL_OK);
          size_t take = n > (size_t)limit ? (size_t)limit : n;
          for (size_t k = 0; k < take; k++) {
            assert_true(seen < nw);
            assert_int_equal(items[k].id, ideas[want[seen]].id);
            assert_int_equal(items[k].votes, ideas[want[seen]].votes);
            seen++;
          }
          if (n <= (size_t)limit) break;
          const struct idea *last = &items[limit - 1];
          q.after = (struct cursor){.set = 1, .ival = idea_sort_val(last, q.sort), .id = last->id};
        }
        assert_int_equal(seen, nw);
      }
    }
  }

  /* Filters: source, submitter, text (LIKE wildcards literal), voted flag. */
  struct idea_query q = {.source = SRC_SUPPORT, .sort = ISORT_NEWEST, .limit = 100};
  struct idea *items;
  size_t n;
  assert_int_equal(store_idea_list(f->d, f->a, &q, &items, &n, &f->e), KEEL_OK);
  size_t want_n = 0;
  for (int k = 0; k < NI; k++) want_n += ideas[k].source == SRC_SUPPORT;
  assert_int_equal(n, want_n);
  for (size_t k = 0; k < n; k++) assert_int_equal(items[k].source, SRC_SUPPORT);
  q = (struct idea_query){.source = -1, .submitted_by = users[1], .sort = ISORT_NEWEST, .limit = 100};
  assert_int_equal(store_idea_list(f->d, f->a, &q, &items, &n, &f->e), KEEL_OK);
  assert_true(n > 0);
  for (size_t k = 0; k < n; k++) assert_int_equal(items[k].submitted_by, users[1]);
  q = (struct idea_query){.source = -1, .text = "%", .sort = ISORT_NEWEST, .limit = 100};
  assert_int_equal(store_idea_list(f->d, f->a, &q, &items, &n, &f->e), KEEL_OK);
  assert_int_equal(n, 1);
  assert_string_equal(items[0].title, "100% uptime");
  q.text = "_";
  assert_int_equal(store_idea_list(f->d, f->a, &q, &items, &n, &f->e), KEEL_OK);
  assert_int_equal(n, 1);
  assert_string_equal(items[0].title, "under_score");
  q.text = "IDEA 1";
  assert_int_equal(store_idea_list(f->d, f->a, &q, &items, &n, &f->e), KEEL_OK);
  assert_int_equal(n, 11); /* Idea 1, 10..19 */
  q = (struct idea_query){.source = -1, .viewer_id = users[0], .sort = ISORT_NEWEST, .limit = 100};
  assert_int_equal(store_idea_list(f->d, f->a, &q, &items, &n, &f->e), KEEL_OK);
  assert_int_equal(n, NI);
  for (size_t k = 0; k < n; k++) {
    struct keel_err e;
    db_stmt *st = db_prepare(f->d, "SELECT COUNT(*) FROM votes WHERE idea_id = ? AND user_id = ?", &e);
    assert_non_null(st);
    db_bind_int(st, 1, items[k].id);
    db_bind_int(st, 2, users[0]);
    assert_int_equal(db_step(st), 1);
    int voted = (int)db_col_int(st, 0);
    db_done(st);
    assert_int_equal(items[k].voted, voted);
  }
  /* Linked to a feature. */
  struct feature ft = new_feature(f, p, "F", RANK_GAP);
  assert_int_equal(store_feature_insert(f->d, &ft, &f->e), KEEL_OK);
  struct idea linked = ideas[0];
  linked.status = IS_PLANNED;
  linked.feature_id = ft.id;
  assert_int_equal(store_idea_update(f->d, &linked, &f->e), KEEL_OK);
  q = (struct idea_query){.source = -1, .feature_id = ft.id, .sort = ISORT_NEWEST, .limit = 100};
  assert_int_equal(store_idea_list(f->d, f->a, &q, &items, &n, &f->e), KEEL_OK);
  assert_int_equal(n, 1);
  assert_int_equal(items[0].id, ideas[0].id);
}

/* ---------------------------------------------------------------- comments, audit */

static void test_comments(void **state) {
  struct fx *f = *state;
  int64_t ann = add_user(f, "ann@example.com", "Ann", ROLE_CONTRIBUTOR);
  struct comment c1 = {.entity_type = "idea", .entity_id = 1, .author_id = ann, .body = "first", .created_at = T0};
  struct comment c2 = {.entity_type = "idea", .entity_id = 1, .author_id = 0, .body = "second", .created_at = T0 + 1};
  struct comment c3 = {.entity_type = "feature", .entity_id = 1, .author_id = ann, .body = "on a feature",
                       .created_at = T0 + 2};
  struct comment c4 = {.entity_type = "idea", .entity_id = 2, .author_id = ann, .body = "other idea",
                       .created_at = T0 + 3};
  assert_int_equal(store_comment_insert(f->d, &c1, &f->e), KEEL_OK);
  assert_int_equal(store_comment_insert(f->d, &c2, &f->e), KEEL_OK);
  assert_int_equal(store_comment_insert(f->d, &c3, &f->e), KEEL_OK);
  assert_int_equal(store_comment_insert(f->d, &c4, &f->e), KEEL_OK);
  assert_true(c1.id > 0 && c2.id > c1.id);
  struct comment bad = {.entity_type = "product", .entity_id = 1, .body = "x", .created_at = T0};
  assert_int_not_equal(store_comment_insert(f->d, &bad, &f->e), KEEL_OK);

  struct comment *list;
  size_t n;
  assert_int_equal(store_comment_list(f->d, f->a, "idea", 1, &list, &n, &f->e), KEEL_OK);
  assert_int_equal(n, 2);
  assert_int_equal(list[0].id, c1.id);
  assert_string_equal(list[0].body, "first");
  assert_string_equal(list[0].author_name, "Ann");
  assert_int_equal(list[0].author_id, ann);
  assert_string_equal(list[0].entity_type, "idea");
  assert_int_equal(list[0].created_at, T0);
  assert_int_equal(list[1].id, c2.id);
  assert_int_equal(list[1].author_id, 0);
  assert_string_equal(list[1].author_name, "");
  assert_int_equal(store_comment_list(f->d, f->a, "feature", 1, &list, &n, &f->e), KEEL_OK);
  assert_int_equal(n, 1);
  assert_string_equal(list[0].body, "on a feature");
  assert_int_equal(store_comment_list(f->d, f->a, "feature", 2, &list, &n, &f->e), KEEL_OK);
  assert_int_equal(n, 0);
}

static void test_audit(void **state) {
  struct fx *f = *state;
  int64_t ann = add_user(f, "ann@example.com", "Ann", ROLE_PM);
  int64_t ids[12];
  int64_t gen0, gen;
  assert_int_equal(store_generation(f->d, &gen0, &f->e), KEEL_OK);
  for (int k = 0; k < 12; k++) {
    struct audit_entry en = {.at = T0 + k, .actor_id = k % 3 == 0 ? 0 : ann,
                             .action = k % 2 ? "feature.update" : "idea.submit",
                             .entity_type = k % 2 ? "feature" : "idea", .entity_id = 1 + k % 4,
                             .entity_label = arena_printf(f->a, "label %d", k),
                             .before = k % 2 ? "{\"title\":\"a\"}" : NULL, .after = "{\"title\":\"b\"}"};
    assert_int_equal(store_audit_insert(f->d, &en, &f->e), KEEL_OK);
    ids[k] = en.id;
    if (k) assert_true(ids[k] > ids[k - 1]);
    /* Every entry advances the generation by exactly one. */
    assert_int_equal(store_generation(f->d, &gen, &f->e), KEEL_OK);
    assert_int_equal(gen, gen0 + k + 1);
  }
  struct audit_entry *list;
  size_t n;
  struct audit_query q = {.limit = 50};
  assert_int_equal(store_audit_list(f->d, f->a, &q, &list, &n, &f->e), KEEL_OK);
  assert_int_equal(n, 12);
  for (size_t k = 0; k < n; k++) assert_int_equal(list[k].id, ids[11 - k]); /* newest first */
  assert_int_equal(list[0].at, T0 + 11);
  assert_string_equal(list[0].action, "feature.update");
  assert_string_equal(list[0].entity_label, "label 11");
  assert_string_equal(list[0].before, "{\"title\":\"a\"}");
  assert_string_equal(list[0].after, "{\"title\":\"b\"}");
  assert_string_equal(list[0].actor_name, "Ann");
  assert_null(list[1].before); /* k = 10: NULL before stays NULL */
  assert_int_equal(list[2].actor_id, 0); /* k = 9 */
  assert_string_equal(list[2].actor_name, "command line");

  /* limit + 1 rows tell there is more. */
  q.limit = 5;
  assert_int_equal(store_audit_list(f->d, f->a, &q, &list, &n, &f->e), KEEL_OK);
  assert_int_equal(n, 6);
  /* Paging with before_id walks every entry once. */
  size_t seen = 0;
  q.before_id = 0;
  for (int pages = 0; pages < 10; pages++) {
    assert_int_equal(store_audit_list(f->d, f->a, &q, &list, &n, &f->e), KEEL_OK);
    size_t take = n > 5 ? 5 : n;
    for (size_t k = 0; k < take; k++) assert_int_equal(list[k].id, ids[11 - seen++]);
    if (n <= 5) break;
    q.before_id = list[4].id;
  }
  assert_int_equal(seen, 12);

  /* Entity filters. */
  q = (struct audit_query){.entity_type = "feature", .limit = 50};
  assert_int_equal(store_audit_list(f->d, f->a, &q, &list, &n, &f->e), KEEL_OK);
  assert_int_equal(n, 6);
  for (size_t k = 0; k < n; k++) assert_string_equal(list[k].entity_type, "feature");
  q.entity_id = 2; /* k = 1, 5, 9 */
  assert_int_equal(store_audit_list(f->d, f->a, &q, &list, &n, &f->e), KEEL_OK);
  assert_int_equal(n, 3);
  assert_int_equal(list[0].id, ids[9]);
  assert_int_equal(list[1].id, ids[5]);
  assert_int_equal(list[2].id, ids[1]);
  q = (struct audit_query){.entity_type = "idea", .entity_id = 2, .limit = 50};
  assert_int_equal(store_audit_list(f->d, f->a, &q, &list, &n, &f->e), KEEL_OK);
  assert_int_equal(n, 0);
  q = (struct audit_query){.actor_id = ann, .limit = 50};
  assert_int_equal(store_audit_list(f->d, f->a, &q, &list, &n, &f->e), KEEL_OK);
  assert_int_equal(n, 8);
  for (size_t k = 0; k < n; k++) assert_int_equal(list[k].actor_id, ann);
  q = (struct audit_query){.entity_type = "feature", .before_id = ids[5], .limit = 50};
  assert_int_equal(store_audit_list(f->d, f->a, &q, &list, &n, &f->e), KEEL_OK);
  assert_int_equal(n, 2); /* k = 3, 1 */
  assert_int_equal(list[0].id, ids[3]);
}

static void test_transactions(void **state) {
  struct fx *f = *state;
  assert_int_equal(db_begin(f->d, &f->e), KEEL_OK);
  add_product(f, "ONE");
  db_rollback(f->d);
  assert_int_equal(sql_int(f->d, "SELECT COUNT(*) FROM products", 0, 0), 0);
  assert_int_equal(db_begin(f->d, &f->e), KEEL_OK);
  add_product(f, "TWO");
  assert_int_equal(db_commit(f->d, &f->e), KEEL_OK);
  assert_int_equal(sql_int(f->d, "SELECT COUNT(*) FROM products", 0, 0), 1);
  /* Nested use of the same statement text gives a working second statement. */
  struct keel_err e;
  db_stmt *a1 = db_prepare(f->d, "SELECT key FROM products", &e);
  db_stmt *a2 = db_prepare(f->d, "SELECT key FROM products", &e);
  assert_non_null(a1);
  assert_non_null(a2);
  assert_ptr_not_equal(a1, a2);
  assert_int_equal(db_step(a1), 1);
  assert_int_equal(db_step(a2), 1);
  assert_string_equal(db_col_str(a1, 0, f->a), "TWO");
  assert_string_equal(db_col_str(a2, 0, f->a), "TWO");
  db_done(a2);
  db_done(a1);
  /* Bad SQL is an error, not a crash. */
  err_clear(&e);
  assert_null(db_prepare(f->d, "SELEKT nonsense", &e));
  assert_int_equal(e.rc, KEEL_EDB);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_migrations, setup, teardown),
      cmocka_unit_test_setup_teardown(test_newer_schema_refused, setup, teardown),
      cmocka_unit_test_setup_teardown(test_products, setup, teardown),
      cmocka_unit_test_setup_teardown(test_users, setup, teardown),
      cmocka_unit_test_setup_teardown(test_sessions, setup, teardown),
      cmocka_unit_test_setup_teardown(test_tokens, setup, teardown),
      cmocka_unit_test_setup_teardown(test_login_failures, setup, teardown),
      cmocka_unit_test_setup_teardown(test_feature_crud, setup, teardown),
      cmocka_unit_test_setup_teardown(test_feature_neighbor_renumber, setup, teardown),
      cmocka_unit_test_setup_teardown(test_feature_list_paging, setup, teardown),
      cmocka_unit_test_setup_teardown(test_feature_list_rice_order, setup, teardown),
      cmocka_unit_test_setup_teardown(test_feature_filters, setup, teardown),
      cmocka_unit_test_setup_teardown(test_ideas_crud_votes, setup, teardown),
      cmocka_unit_test_setup_teardown(test_idea_list, setup, teardown),
      cmocka_unit_test_setup_teardown(test_comments, setup, teardown),
      cmocka_unit_test_setup_teardown(test_audit, setup, teardown),
      cmocka_unit_test_setup_teardown(test_transactions, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
