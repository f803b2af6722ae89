/* import.c — references elsewhere (HIVE-123, a ticket URL) for imports. */
#include "store/import.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"

int store_reference_exists(db *d, enum store_ref_table table, const char *reference, int *found, struct keel_err *e) {
  static const char *const sql[] = {
      [STORE_REF_FEEDBACK] = "SELECT 1 FROM feedback WHERE reference = ? AND reference <> '' LIMIT 1", /* feedback_reference */
      [STORE_REF_IDEAS] = "SELECT 1 FROM ideas WHERE reference = ? LIMIT 1",
      [STORE_REF_FEATURES] = "SELECT 1 FROM features WHERE reference = ? LIMIT 1",
  };
  *found = 0;
  db_stmt *st = db_prepare(d, sql[table], e);
  if (!st) return e->rc;
  db_bind_text(st, 1, reference);
  int r = db_step(st), rc = KEEL_OK;
  if (r < 0) rc = db_fail(d, e, "find reference");
  db_done(st);
  *found = r > 0;
  return rc;
}

int store_feature_set_reference(db *d, int64_t id, const char *reference, struct keel_err *e) {
  db_stmt *st = db_prepare(d, "UPDATE features SET reference = ? WHERE id = ? RETURNING id", e);
  if (!st) return e->rc;
  db_bind_text(st, 1, reference);
  db_bind_int(st, 2, id);
  int64_t got;
  return db_step_returning(st, &got, e, "set feature reference");
}

enum { TAG_CHUNK = 64 }; /* tags per INSERT when a batch has that many */

static const char tag_one[] = "INSERT INTO feedback_tags(feedback_id, tag) VALUES (?, ?) ON CONFLICT DO NOTHING";

static void bind_opt_id(db_stmt *st, int k, int64_t id) {
  if (id) db_bind_int(st, k, id);
  else db_bind_null(st, k);
}

static int by_id(const void *a, const void *b) {
  int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
  return (x > y) - (x < y);
}

enum { FEEDBACK_COLS_BOUND = 12 };

int store_feedback_insert_batch(db *d, struct feedback *fs, size_t n, struct keel_err *e) {
  if (n == 0) return KEEL_OK;
  if (n > STORE_FEEDBACK_BATCH) return err_set(e, KEEL_EINTERNAL, NULL, "a feedback batch of %zu rows", n);
  buf sql;
  buf_init(&sql, 0);
  buf_puts(&sql, "INSERT INTO feedback(text, channel, reference, customer_id, contact_id, product_id, received_at, "
                 "attributes, status, link_count, submitted_by, created_at, updated_at, version) VALUES ");
  for (size_t i = 0; i < n; i++) buf_puts(&sql, i ? ", (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, 1)" : "(?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, 1)");
  buf_puts(&sql, " RETURNING id");
  db_stmt *st = db_prepare(d, buf_cstr(&sql), e);
  buf_free(&sql);
  if (!st) return e->rc;
  for (size_t i = 0; i < n; i++) {
    const struct feedback *f = &fs[i];
    int k = (int)(i * FEEDBACK_COLS_BOUND);
    db_bind_text(st, k + 1, f->text);
    db_bind_text(st, k + 2, feedback_channel_name(f->channel));
    db_bind_text(st, k + 3, f->reference ? f->reference : "");
    bind_opt_id(st, k + 4, f->customer_id);
    bind_opt_id(st, k + 5, f->contact_id);
    bind_opt_id(st, k + 6, f->product_id);
    db_bind_int(st, k + 7, f->received_at);
    db_bind_text(st, k + 8, f->attributes && *f->attributes ? f->attributes : "{}");
    db_bind_text(st, k + 9, feedback_status_name(f->status == FBS_ARCHIVED ? FBS_ARCHIVED : FBS_INBOX));
    bind_opt_id(st, k + 10, f->submitted_by);
    db_bind_int(st, k + 11, f->created_at);
    db_bind_int(st, k + 12, f->updated_at);
  }
  int64_t ids[STORE_FEEDBACK_BATCH];
  size_t got = 0;
  int r, rc = KEEL_OK;
  while ((r = db_step(st)) > 0)
    if (got < n) ids[got++] = db_col_int(st, 0);
  if (r < 0) rc = db_fail(d, e, "add feedback");
  db_done(st);
  if (!rc && got != n) rc = err_set(e, KEEL_EDB, NULL, "adding %zu feedback items returned %zu ids", n, got);
  if (rc) return rc;
  qsort(ids, n, sizeof ids[0], by_id);
  for (size_t i = 0; i < n; i++) {
    fs[i].id = ids[i];
    fs[i].version = 1;
    fs[i].link_count = 0;
    if (fs[i].status == FBS_LINKED) fs[i].status = FBS_INBOX;
  }
  /* The tags: TAG_CHUNK pairs per statement, the rest one by one (a few statement texts, well cached). */
  size_t total = 0;
  for (size_t i = 0; i < n; i++) total += fs[i].ntags;
  buf chunk;
  buf_init(&chunk, 0);
  buf_puts(&chunk, "INSERT INTO feedback_tags(feedback_id, tag) VALUES (?, ?)");
  for (size_t j = 1; j < TAG_CHUNK; j++) buf_puts(&chunk, ", (?, ?)");
  buf_puts(&chunk, " ON CONFLICT DO NOTHING");
  size_t i = 0, t = 0;
  while (!rc && total) {
    size_t k = total >= TAG_CHUNK ? TAG_CHUNK : 1;
    st = db_prepare(d, k == 1 ? tag_one : buf_cstr(&chunk), e);
    if (!st) {
      buf_free(&chunk);
      return e->rc;
    }
    for (size_t j = 0; j < k; j++) {
      while (t == fs[i].ntags) {
        i++;
        t = 0;
      }
      db_bind_int(st, (int)(2 * j + 1), fs[i].id);
      db_bind_text(st, (int)(2 * j + 2), fs[i].tags[t++]);
    }
    rc = db_step_done(st, e, "tag feedback");
    total -= k;
  }
  buf_free(&chunk);
  return rc;
}

int store_import_cache_begin(db *d, int64_t *saved, struct keel_err *e) {
  *saved = 0;
  if (strcmp(db_backend_name(d), "sqlite") != 0) return KEEL_OK;
  db_stmt *st = db_prepare(d, "PRAGMA cache_size", e);
  if (!st) return e->rc;
  int r = db_step(st), rc = KEEL_OK;
  if (r > 0) *saved = db_col_int(st, 0);
  else if (r < 0) rc = db_fail(d, e, "read the cache size");
  db_done(st);
  if (rc) return rc;
  char sql[64];
  snprintf(sql, sizeof sql, "PRAGMA cache_size=-%d", STORE_IMPORT_CACHE_KIB); /* a constant: no value of the caller's */
  return db_exec(d, sql, e);
}

void store_import_cache_end(db *d, int64_t saved) {
  if (!saved || strcmp(db_backend_name(d), "sqlite") != 0) return;
  char sql[64];
  snprintf(sql, sizeof sql, "PRAGMA cache_size=%lld", (long long)saved); /* the value read back above */
  struct keel_err ignored;
  (void)db_exec(d, sql, &ignored);
}

int store_feedback_fts_defer(db *d, arena *a, const char **trigger_sql, int64_t *after_id, struct keel_err *e) {
  *trigger_sql = NULL;
  *after_id = 0;
  if (strcmp(db_backend_name(d), "sqlite") != 0) return KEEL_OK;
  db_stmt *st = db_prepare(d, "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'feedback_fts_insert'", e);
  if (!st) return e->rc;
  int r = db_step(st), rc = KEEL_OK;
  if (r > 0) *trigger_sql = db_col_str0(st, 0, a);
  else rc = r < 0 ? db_fail(d, e, "read the search trigger") : err_set(e, KEEL_EINTERNAL, NULL, "the search trigger is missing");
  db_done(st);
  if (rc) return rc;
  st = db_prepare(d, "SELECT COALESCE(MAX(id), 0) FROM feedback", e);
  if (!st) return e->rc;
  if ((rc = db_step_returning(st, after_id, e, "read the last feedback id"))) return rc;
  return db_exec(d, "DROP TRIGGER feedback_fts_insert", e);
}

int store_feedback_fts_catch_up(db *d, const char *trigger_sql, int64_t after_id, struct keel_err *e) {
  if (!trigger_sql) return KEEL_OK;
  int64_t last;
  db_stmt *st = db_prepare(d, "SELECT COALESCE(MAX(id), 0) FROM feedback", e);
  if (!st) return e->rc;
  int rc = db_step_returning(st, &last, e, "read the last feedback id");
  /* STORE_FTS_CATCH_UP_ROWS ids per statement: FTS5 holds a statement's terms
   * in memory until it ends, so one statement for a million rows would hold
   * them all. */
  for (int64_t from = after_id; !rc && from < last; from += STORE_FTS_CATCH_UP_ROWS) {
    st = db_prepare(d, "INSERT INTO feedback_fts(rowid, text) SELECT id, text FROM feedback WHERE id > ? AND id <= ? ORDER BY id", e);
    if (!st) return e->rc;
    db_bind_int(st, 1, from);
    db_bind_int(st, 2, from + STORE_FTS_CATCH_UP_ROWS);
    rc = db_step_done(st, e, "index the imported feedback");
  }
  /* The trigger's own text, as the schema stored it: no value of anyone's. */
  return rc ? rc : db_exec(d, trigger_sql, e);
}
