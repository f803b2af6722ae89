/* settings.c — SQL for workspace settings. */
#include "store/settings.h"

int store_setting_get(db *d, arena *a, const char *key, const char **value, struct keel_err *e) {
  *value = NULL;
  db_stmt *st = db_prepare(d, "SELECT value FROM settings WHERE key = ?", e);
  if (!st) return e->rc;
  db_bind_text(st, 1, key);
  int r = db_step(st), rc = KEEL_OK;
  if (r > 0) *value = db_col_str0(st, 0, a);
  else if (r == 0) rc = err_set(e, KEEL_ENOTFOUND, "key", "setting %s is not set", key);
  else rc = db_fail(d, e, "read setting");
  db_done(st);
  return rc;
}

int store_setting_put(db *d, const char *key, const char *value, int64_t now, struct keel_err *e) {
  db_stmt *st = db_prepare(d,
                           "INSERT INTO settings(key, value, updated_at) VALUES (?, ?, ?) "
                           "ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
                           e);
  if (!st) return e->rc;
  db_bind_text(st, 1, key);
  db_bind_text(st, 2, value);
  db_bind_int(st, 3, now);
  return db_step_done(st, e, "write setting");
}

int store_setting_delete(db *d, const char *key, int *removed, struct keel_err *e) {
  *removed = 0;
  db_stmt *st = db_prepare(d, "DELETE FROM settings WHERE key = ? RETURNING key", e);
  if (!st) return e->rc;
  db_bind_text(st, 1, key);
  int r = db_step(st);
  if (r > 0) *removed = 1;
  int rc = r < 0 ? db_fail(d, e, "remove setting") : KEEL_OK;
  db_done(st);
  return rc;
}

int store_setting_list(db *d, arena *a, struct setting **out, size_t *n, struct keel_err *e) {
  *out = NULL;
  *n = 0;
  db_stmt *st = db_prepare(d, "SELECT key, value, updated_at FROM settings ORDER BY key", e);
  if (!st) return e->rc;
  size_t cap = 0;
  int r;
  while ((r = db_step(st)) > 0) {
    if (*n == cap) {
      size_t grown = cap ? cap * 2 : 16;
      *out = arena_realloc(a, *out, cap * sizeof **out, grown * sizeof **out);
      cap = grown;
    }
    struct setting *s = &(*out)[(*n)++];
    s->key = db_col_str0(st, 0, a);
    s->value = db_col_str0(st, 1, a);
    s->updated_at = db_col_int(st, 2);
  }
  int rc = r < 0 ? db_fail(d, e, "list settings") : KEEL_OK;
  db_done(st);
  return rc;
}
