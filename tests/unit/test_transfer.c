/* test_transfer.c — unit tests for moving a workspace (app/transfer.c,
 * store/transfer.c) on temporary SQLite databases: export → import into a
 * fresh database → export again gives the same bytes (ids, versions, forward
 * references between ideas, fractional scores, awkward text); an import into
 * a workspace that has data is refused; bad files (unknown table or column,
 * a missing column, a wrong type late in the file, truncated or malformed
 * JSON, a newer schema, a duplicate key, a reference to nothing, tables out
 * of order) are refused with their line and change nothing; a job queue a
 * server made in the new workspace is replaced; the fixed table list matches the live schema; only admins
 * (or the owner) may move a workspace; the online backup is a checked, exact
 * copy.
 *
 * The source workspace is built once (argon2 is slow on purpose); each test
 * imports into databases of its own. */
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
#include "store/transfer.h"
#include "fixture.h"

enum { T0 = 1700000000, EXPORT_AT = T0 + 5000 };

static struct {
  char dir[64];
  char src[128];
  int counter;
  int64_t admin, pm, c1;
  int64_t dup_idea, target_idea; /* the duplicate points forward, to a later idea */
  char *export_text;             /* the source's export at EXPORT_AT */
  size_t export_len;
} W;

static int buf_sink(void *ctx, const char *data, size_t n) {
  buf_append(ctx, data, n);
  return ((buf *)ctx)->overflow ? -1 : 0;
}

/* Exports d as who at EXPORT_AT; returns the text (malloc'd) and its length. */
static int export_db(db *d, const struct actor *who, char **out, size_t *len, struct keel_err *e) {
  arena *a = arena_new(0);
  struct app x = {d, a, who, EXPORT_AT, e};
  buf b;
  buf_init(&b, 0);
  struct transfer_sink sink = {buf_sink, &b};
  struct transfer_stats st;
  int rc = app_workspace_export(&x, &sink, NULL, NULL, &st);
  arena_free(a);
  *out = buf_detach(&b, len);
  return rc;
}

/* Imports text into d as who. */
static int import_text(db *d, const struct actor *who, const char *text, size_t len, struct keel_err *e) {
  FILE *in = len ? fmemopen((void *)text, len, "r") : fopen("/dev/null", "r");
  assert_non_null(in);
  arena *a = arena_new(0);
  struct app x = {d, a, who, T0 + 9000, e};
  struct transfer_stats st;
  int rc = app_workspace_import(&x, in, "test.json", NULL, NULL, &st);
  arena_free(a);
  fclose(in);
  return rc;
}

static int build_source(void) {
  struct keel_err e;
  db *d = NULL;
  if (db_open(W.src, DB_OPEN_CREATE, &d, &e)) return -1;
  arena *a = arena_new(0);
  struct app x = {d, a, &app_owner, T0, &e};
  struct user u;
  int rc = app_user_create(&x, "admin@example.com", "Ada Admin", ROLE_ADMIN, "admin-password", &u);
  W.admin = u.id;
  if (!rc) rc = app_user_create(&x, "pm@example.com", "Pat \"PM\" Ünal", ROLE_PM, "pm-password", &u);
  W.pm = u.id;
  if (!rc) rc = app_user_create(&x, "c1@example.com", "Cora ✓ Contributor", ROLE_CONTRIBUTOR, "c1-password", &u);
  W.c1 = u.id;
  struct actor pm = {W.pm, ROLE_PM, "Pat", "pm@example.com", 0};
  struct actor c1 = {W.c1, ROLE_CONTRIBUTOR, "Cora", "c1@example.com", 0};
  struct product p;
  x.now = T0 + 10;
  if (!rc) rc = app_product_create(&x, "PAY", "Payments", "Money in \\ out, \"quoted\",\n<b>ünïcödé</b> ✓ 𝄞", &p);
  if (!rc) rc = app_product_create(&x, "OTH", "Other", "", &p);
  x.actor = &pm;
  struct feature ft;
  struct feature_patch f1 = {.title = "Wallet checkout", .description = "tab\there", .has_horizon = 1,
                             .horizon = HZ_NOW,
                             .rice = {.has_reach = 1, .reach = 1234.5, .has_impact = 1, .impact = 0.25,
                                      .has_confidence = 1, .confidence = 33, .has_effort = 1, .effort = 0.7},
                             .ice = {.has_impact = 1, .impact = 8, .has_confidence = 1, .confidence = 7,
                                     .has_ease = 1, .ease = 5}};
  struct feature_patch f2 = {.title = "Saved cards",
                             .rice = {.has_reach = 1, .reach = 450, .has_impact = 1, .impact = 3,
                                      .has_confidence = 1, .confidence = 100, .has_effort = 1, .effort = 1.5}};
  struct feature_patch f3 = {.title = "No scores at all"};
  if (!rc) rc = app_feature_create(&x, "PAY", &f1, &ft);
  if (!rc) rc = app_feature_create(&x, "PAY", &f2, &ft);
  if (!rc) rc = app_feature_create(&x, "OTH", &f3, &ft);
  struct feature_patch edit = {.title = "Saved cards, tokenised"};
  if (!rc) rc = app_feature_update(&x, ft.key, &edit, 0, &ft);
  /* Ideas: the first becomes a duplicate of the third (a forward reference). */
  x.actor = &c1;
  struct idea i1, i2, i3, out;
  struct idea_input in = {.product = "PAY", .title = "Apple Pay", .source = "customer", .customer = "Acme"};
  if (!rc) rc = app_idea_submit(&x, &in, &i1);
  in.title = "Crypto";
  if (!rc) rc = app_idea_submit(&x, &in, &i2);
  in.title = "Wallets";
  if (!rc) rc = app_idea_submit(&x, &in, &i3);
  if (!rc) rc = app_idea_vote(&x, i3.id, 1, &out);
  const char *secret;
  struct api_token tok;
  if (!rc) rc = app_token_create(&x, 0, "ci", &secret, &tok);
  struct comment cm;
  if (!rc) rc = app_comment_add(&x, "feature", "PAY-1", "When? \"soon\"", &cm);
  x.actor = &pm;
  if (!rc) rc = app_idea_vote(&x, i3.id, 1, &out);
  if (!rc) rc = app_idea_mark_duplicate(&x, i1.id, i3.id, 0, &out);
  if (!rc) rc = app_idea_decline(&x, i2.id, "Not this year", 0, &out);
  if (!rc) rc = app_idea_promote(&x, i3.id, NULL, 0, &out, &ft);
  x.now = T0 + 20;
  if (!rc) rc = app_jobs_schedule(&x); /* a job row, as a running server queues one */
  W.dup_idea = i1.id;
  W.target_idea = i3.id;
  if (rc) fprintf(stderr, "source: %s\n", e.msg);
  if (!rc) rc = export_db(d, &app_owner, &W.export_text, &W.export_len, &e);
  if (rc) fprintf(stderr, "export: %s\n", e.msg);
  arena_free(a);
  db_close(d);
  return rc;
}

static int group_setup(void **state) {
  (void)state;
  if (crypto_init()) return -1;
  snprintf(W.dir, sizeof W.dir, "/tmp/keel-transfer-XXXXXX");
  if (!mkdtemp(W.dir)) return -1;
  snprintf(W.src, sizeof W.src, "%s/source.db", W.dir);
  return build_source() ? -1 : 0;
}

static int group_teardown(void **state) {
  (void)state;
  fixture_remove(NULL, W.src);
  free(W.export_text);
  rmdir(W.dir);
  return 0;
}

struct fx {
  char path[160];
  db *d;
  struct keel_err e;
};

static int setup(void **state) {
  struct fx *f = calloc(1, sizeof *f);
  if (!f) return -1;
  snprintf(f->path, sizeof f->path, "%s/target-%d.db", W.dir, ++W.counter);
  if (db_open(f->path, DB_OPEN_CREATE, &f->d, &f->e)) {
    free(f);
    return -1;
  }
  *state = f;
  return 0;
}

static int teardown(void **state) {
  struct fx *f = *state;
  db_close(f->d);
  fixture_remove(NULL, f->path);
  free(f);
  return 0;
}

static int64_t count_rows(db *d, const char *sql) {
  struct keel_err e;
  db_stmt *st = db_prepare(d, sql, &e);
  assert_non_null(st);
  assert_int_equal(db_step(st), 1);
  int64_t n = db_col_int(st, 0);
  db_done(st);
  return n;
}

/* Asserts that d holds nothing but what a new workspace has. */
static void assert_empty(db *d) {
  static const char *const sql[] = {
      "SELECT COUNT(*) FROM users",    "SELECT COUNT(*) FROM api_tokens", "SELECT COUNT(*) FROM products",
      "SELECT COUNT(*) FROM features", "SELECT COUNT(*) FROM ideas",      "SELECT COUNT(*) FROM votes",
      "SELECT COUNT(*) FROM comments", "SELECT COUNT(*) FROM audit",      "SELECT value FROM generation",
  };
  for (size_t i = 0; i < sizeof sql / sizeof sql[0]; i++) {
    int64_t n = count_rows(d, sql[i]);
    if (n) print_error("%s: %lld\n", sql[i], (long long)n);
    assert_int_equal(n, 0);
  }
}

static void test_roundtrip(void **state) {
  struct fx *f = *state;
  assert_int_equal(import_text(f->d, &app_owner, W.export_text, W.export_len, &f->e), KEEL_OK);
  char *again;
  size_t len;
  assert_int_equal(export_db(f->d, &app_owner, &again, &len, &f->e), KEEL_OK);
  assert_int_equal(len, W.export_len);
  assert_memory_equal(again, W.export_text, len);
  free(again);

  /* The text is JSON with the promised shape and number forms. */
  json_error_t je;
  json_t *doc = json_loadb(W.export_text, W.export_len, 0, &je);
  assert_non_null(doc);
  assert_int_equal(json_integer_value(json_object_get(doc, "keel_export")), 1);
  assert_int_equal(json_integer_value(json_object_get(doc, "schema")), db_schema_version(f->d));
  assert_string_equal(json_string_value(json_object_get(doc, "exported_at")), "2023-11-14T23:36:40Z");
  json_t *tables = json_object_get(doc, "tables");
  assert_null(json_object_get(tables, "sessions"));
  assert_null(json_object_get(tables, "login_failures"));
  assert_int_equal(json_array_size(json_object_get(tables, "users")), 3);
  assert_int_equal(json_array_size(json_object_get(tables, "api_tokens")), 1);
  assert_int_equal(json_array_size(json_object_get(tables, "votes")), 2);
  json_t *ideas = json_object_get(tables, "ideas");
  json_t *dup = json_array_get(ideas, 0);
  assert_int_equal(json_integer_value(json_object_get(dup, "id")), W.dup_idea);
  assert_int_equal(json_integer_value(json_object_get(dup, "duplicate_of")), W.target_idea);
  json_decref(doc);
  assert_non_null(strstr(W.export_text, "\"rice_effort\":1.5,"));
  assert_non_null(strstr(W.export_text, "\"rice_impact\":0.25,"));
  assert_non_null(strstr(W.export_text, "\"rice_score\":null"));
  assert_non_null(strstr(W.export_text, "\"password_hash\":\"$argon2id$"));

  /* New rows continue after the imported ids. */
  arena *a = arena_new(0);
  struct app x = {f->d, a, &app_owner, T0 + 9999, &f->e};
  struct product p;
  assert_int_equal(app_product_create(&x, "NEW", "New", "", &p), KEEL_OK);
  assert_int_equal(p.id, 3);
  arena_free(a);
}

/* A server started on the new workspace before the import has queued its
 * housekeeping: the imported job queue replaces it. */
static void test_replaces_job_queue(void **state) {
  struct fx *f = *state;
  arena *a = arena_new(0);
  struct app x = {f->d, a, &app_owner, T0 + 20, &f->e};
  assert_int_equal(app_jobs_schedule(&x), KEEL_OK);
  assert_int_equal(count_rows(f->d, "SELECT COUNT(*) FROM jobs"), 1);
  arena_free(a);
  assert_int_equal(import_text(f->d, &app_owner, W.export_text, W.export_len, &f->e), KEEL_OK);
  char *again;
  size_t len;
  assert_int_equal(export_db(f->d, &app_owner, &again, &len, &f->e), KEEL_OK);
  assert_int_equal(len, W.export_len);
  assert_memory_equal(again, W.export_text, len);
  free(again);
  assert_non_null(strstr(W.export_text, "\"jobs\":[\n{\"id\":1,\"kind\":\"housekeeping\""));
}

static void test_refuse_nonempty(void **state) {
  struct fx *f = *state;
  assert_int_equal(import_text(f->d, &app_owner, W.export_text, W.export_len, &f->e), KEEL_OK);
  assert_int_equal(import_text(f->d, &app_owner, W.export_text, W.export_len, &f->e), KEEL_ECONFLICT);
  assert_non_null(strstr(f->e.msg, "not empty"));
  char *again;
  size_t len;
  assert_int_equal(export_db(f->d, &app_owner, &again, &len, &f->e), KEEL_OK);
  assert_int_equal(len, W.export_len);
  assert_memory_equal(again, W.export_text, len);
  free(again);

  /* A workspace with only a product is not empty either. */
  struct fx g = {0};
  snprintf(g.path, sizeof g.path, "%s/one-user.db", W.dir);
  assert_int_equal(db_open(g.path, DB_OPEN_CREATE, &g.d, &g.e), KEEL_OK);
  arena *a = arena_new(0);
  struct app x = {g.d, a, &app_owner, T0, &g.e};
  struct product p;
  assert_int_equal(app_product_create(&x, "ONE", "One", "", &p), KEEL_OK);
  assert_int_equal(import_text(g.d, &app_owner, W.export_text, W.export_len, &g.e), KEEL_ECONFLICT);
  assert_int_equal(count_rows(g.d, "SELECT COUNT(*) FROM products"), 1);
  arena_free(a);
  db_close(g.d);
  fixture_remove(NULL, g.path);
}

/* Returns the export with the first occurrence of from (at or after anchor)
 * replaced by to; malloc'd. */
static char *edited(const char *anchor, const char *from, const char *to, size_t *len) {
  const char *start = anchor ? strstr(W.export_text, anchor) : W.export_text;
  assert_non_null(start);
  const char *at = strstr(start, from);
  assert_non_null(at);
  size_t head = (size_t)(at - W.export_text), fl = strlen(from), tl = strlen(to);
  *len = W.export_len - fl + tl;
  char *s = malloc(*len + 1);
  assert_non_null(s);
  memcpy(s, W.export_text, head);
  memcpy(s + head, to, tl);
  memcpy(s + head + tl, at + fl, W.export_len - head - fl);
  s[*len] = '\0';
  return s;
}

static void expect_refused(struct fx *f, const char *text, size_t len, int rc, const char *words) {
  err_clear(&f->e);
  int got = import_text(f->d, &app_owner, text, len, &f->e);
  if (got != rc || !strstr(f->e.msg, words))
    print_error("expected %d with \"%s\", got %d: %s\n", rc, words, got, f->e.msg);
  assert_int_equal(got, rc);
  assert_non_null(strstr(f->e.msg, words));
  assert_empty(f->d);
}

static void test_bad_inputs(void **state) {
  struct fx *f = *state;
  size_t len;
  char *s;

  s = edited("\"votes\":[", "\"votes\":[", "\"voters\":[", &len);
  expect_refused(f, s, len, KEEL_EUNKNOWN, "unknown table \"voters\"");
  free(s);

  /* A wrong type in the last rows, after every other table went in. */
  s = edited("\"audit\":[", "\"at\":1700000000", "\"at\":\"1700000000\"", &len);
  expect_refused(f, s, len, KEEL_EINVAL, "audit row 1 (id 1): column \"at\" must be an integer, not text");
  free(s);
  s = edited("\"audit\":[", "\"entity_id\":", "\"was\":true,\"entity_id\":", &len);
  expect_refused(f, s, len, KEEL_EUNKNOWN, "unknown column \"was\"");
  free(s);
  s = edited("\"comments\":[", "\"entity_id\":1", "\"entity_id\":1.5", &len);
  expect_refused(f, s, len, KEEL_EINVAL, "column \"entity_id\" must be an integer, not a fractional number");
  free(s);
  s = edited("\"users\":[", "\"active\":1,", "", &len);
  expect_refused(f, s, len, KEEL_EINVAL, "users row 1 (id 1): column \"active\" is missing");
  free(s);
  s = edited("\"products\":[", "\"feature_seq\":", "\"feature_sequence\":", &len);
  expect_refused(f, s, len, KEEL_EUNKNOWN, "unknown column \"feature_sequence\"");
  free(s);
  s = edited("\"users\":[", "\"name\":\"Ada Admin\"", "\"name\":null", &len);
  expect_refused(f, s, len, KEEL_EINVAL, "column \"name\" must be text, not null");
  free(s);

  /* Truncated anywhere: in a row, between rows, before the end. */
  expect_refused(f, W.export_text, W.export_len / 2, KEEL_EPARSE, "cut short");
  expect_refused(f, W.export_text, W.export_len - 4, KEEL_EPARSE, "cut short");
  expect_refused(f, W.export_text, 10, KEEL_EPARSE, "line 1, column 11");
  expect_refused(f, "", 0, KEEL_EPARSE, "empty");

  /* Malformed JSON, with where. */
  s = edited("\"features\":[", "},\n{", "}\n{", &len);
  expect_refused(f, s, len, KEEL_EPARSE, "expected ',' or ']' after a row");
  free(s);
  s = edited("\"products\":[", "\"name\":\"Payments\"", "\"name\":\"Pay\\xments\"", &len);
  expect_refused(f, s, len, KEEL_EPARSE, "malformed JSON");
  {
    /* The error names the line of the products row. */
    const char *at = strstr(W.export_text, "\"name\":\"Payments\"");
    assert_non_null(at);
    int line = 1;
    for (const char *p = W.export_text; p < at; p++) line += *p == '\n';
    char want[32];
    snprintf(want, sizeof want, "line %d, column", line);
    assert_non_null(strstr(f->e.msg, want));
  }
  free(s);

  /* A newer schema; a duplicate key (found by the database, named by row). */
  char newer[32], now_schema[32];
  snprintf(now_schema, sizeof now_schema, "\"schema\":%d,", db_schema_version(f->d));
  snprintf(newer, sizeof newer, "\"schema\":%d,", db_schema_version(f->d) + 1);
  s = edited(NULL, now_schema, newer, &len);
  expect_refused(f, s, len, KEEL_EINVAL, "newer than this keel");
  free(s);
  s = edited("\"products\":[", "\"id\":2,\"key\":\"OTH\"", "\"id\":1,\"key\":\"OTH\"", &len);
  expect_refused(f, s, len, KEEL_EEXISTS, "products row 2 (id 1): already exists");
  free(s);
  /* A reference to nothing, found when the forward references are set. */
  char ref[64], bad[64];
  snprintf(ref, sizeof ref, "\"duplicate_of\":%lld,", (long long)W.target_idea);
  snprintf(bad, sizeof bad, "\"duplicate_of\":%lld,", (long long)W.target_idea + 1000);
  s = edited("\"ideas\":[", ref, bad, &len);
  expect_refused(f, s, len, KEEL_ECONFLICT, "refers to something that does not exist");
  free(s);

  /* Tables out of order (a table would refer to one not yet there). */
  char doc[200];
  snprintf(doc, sizeof doc, "{\"keel_export\":1,\"schema\":%d,\"tables\":{\"users\":[]}}", db_schema_version(f->d));
  expect_refused(f, doc, strlen(doc), KEEL_EINVAL, "table \"users\" comes before \"meta\"");

  /* After all that, the workspace still takes the good file. */
  assert_int_equal(import_text(f->d, &app_owner, W.export_text, W.export_len, &f->e), KEEL_OK);
}

/* The fixed table list must follow the schema: every table is either in it
 * (same columns, order, types and nullability) or ephemeral. */
static void test_schema_matches_list(void **state) {
  struct fx *f = *state;
  struct keel_err e;
  arena *a = arena_new(0);
  db_stmt *st = db_prepare(f->d, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' "
                                 /* full-text indexes are derived, rebuilt by triggers on import */
                                 "AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' AND name NOT LIKE '%\\_fts\\_%' ESCAPE '\\' "
                                 "ORDER BY name", &e);
  assert_non_null(st);
  const char *names[64];
  size_t n = 0;
  while (db_step(st) > 0 && n < 64) names[n++] = db_col_str(st, 0, a);
  db_done(st);
  size_t listed = 0;
  for (size_t i = 0; i < n; i++) {
    if (strcmp(names[i], "sessions") == 0 || strcmp(names[i], "login_failures") == 0) continue;
    const struct xfer_table *t = store_xfer_table(names[i]);
    if (!t) print_error("table %s is not in store/transfer.c's list\n", names[i]);
    assert_non_null(t);
    listed++;
    st = db_prepare(f->d, "SELECT name, type, \"notnull\", pk FROM pragma_table_info(?) ORDER BY cid", &e);
    assert_non_null(st);
    db_bind_text(st, 1, names[i]);
    size_t c = 0;
    while (db_step(st) > 0) {
      assert_true(c < t->ncols);
      const char *col = db_col_str(st, 0, a), *type = db_col_str(st, 1, a);
      int notnull = db_col_int(st, 2) || db_col_int(st, 3);
      if (strcmp(col, t->cols[c].name) != 0) print_error("%s column %zu: %s in the schema\n", names[i], c, col);
      assert_string_equal(col, t->cols[c].name);
      enum xfer_type want = strcmp(type, "INTEGER") == 0 ? XT_INT : strcmp(type, "REAL") == 0 ? XT_REAL : XT_TEXT;
      assert_int_equal(t->cols[c].type, want);
      assert_int_equal(t->cols[c].nullable, !notnull);
      c++;
    }
    db_done(st);
    assert_int_equal(c, t->ncols);
  }
  size_t total;
  store_xfer_tables(&total);
  assert_int_equal(listed, total); /* and nothing listed is missing from a new workspace */
  arena_free(a);
}

static void test_permissions(void **state) {
  struct fx *f = *state;
  struct actor viewer = {1, ROLE_VIEWER, "V", "v@example.com", 0};
  struct actor pm = {2, ROLE_PM, "P", "p@example.com", 0};
  struct actor admin = {3, ROLE_ADMIN, "A", "a@example.com", 0};
  char *text;
  size_t len;
  assert_int_equal(export_db(f->d, &viewer, &text, &len, &f->e), KEEL_EPERM);
  free(text);
  assert_int_equal(export_db(f->d, &pm, &text, &len, &f->e), KEEL_EPERM);
  free(text);
  assert_int_equal(import_text(f->d, &pm, W.export_text, W.export_len, &f->e), KEEL_EPERM);
  assert_empty(f->d);
  assert_int_equal(import_text(f->d, &admin, W.export_text, W.export_len, &f->e), KEEL_OK);
  assert_int_equal(export_db(f->d, &admin, &text, &len, &f->e), KEEL_OK);
  free(text);
}

static void test_backup(void **state) {
  struct fx *f = *state;
  assert_int_equal(import_text(f->d, &app_owner, W.export_text, W.export_len, &f->e), KEEL_OK);
  char copy[200];
  snprintf(copy, sizeof copy, "%s/copy-%d.db", W.dir, W.counter);
  arena *a = arena_new(0);
  struct app x = {f->d, a, &app_owner, T0, &f->e};
  struct store_backup b = {0};
  int rc = app_workspace_backup(&x, copy, &b);
  if (rc) print_error("%s\n", f->e.msg);
  assert_int_equal(rc, KEEL_OK);
  assert_string_equal(b.integrity, "ok");
  assert_true(b.pages > 0);
  assert_true(b.bytes > 0);
  struct store_backup again = {0};
  assert_int_equal(app_workspace_backup(&x, copy, &again), KEEL_EEXISTS);
  struct actor pm = {2, ROLE_PM, "P", "p@example.com", 0};
  x.actor = &pm;
  assert_int_equal(app_workspace_backup(&x, copy, &again), KEEL_EPERM);
  arena_free(a);

  db *c = NULL;
  assert_int_equal(db_open(copy, DB_OPEN_EXISTING, &c, &f->e), KEEL_OK);
  char *text;
  size_t len;
  assert_int_equal(export_db(c, &app_owner, &text, &len, &f->e), KEEL_OK);
  assert_int_equal(len, W.export_len);
  assert_memory_equal(text, W.export_text, len);
  free(text);
  db_close(c);
  fixture_remove(NULL, copy);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_roundtrip, setup, teardown),
      cmocka_unit_test_setup_teardown(test_replaces_job_queue, setup, teardown),
      cmocka_unit_test_setup_teardown(test_refuse_nonempty, setup, teardown),
      cmocka_unit_test_setup_teardown(test_bad_inputs, setup, teardown),
      cmocka_unit_test_setup_teardown(test_schema_matches_list, setup, teardown),
      cmocka_unit_test_setup_teardown(test_permissions, setup, teardown),
      cmocka_unit_test_setup_teardown(test_backup, setup, teardown),
  };
  return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
