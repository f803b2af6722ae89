/* notify.c — SQL for followers, notification recipients and the inbox. */
#include "store/notify.h"

#include <string.h>

#include "core/buf.h"
#include "domain/listing.h"

int store_follow_add(db *d, int64_t idea_id, int64_t user_id, int64_t now, int *changed, struct keel_err *e) {
  *changed = 0;
  db_stmt *st = db_prepare(d,
                           "INSERT INTO followers(idea_id, user_id, created_at) VALUES (?, ?, ?) "
                           "ON CONFLICT (idea_id, user_id) DO NOTHING RETURNING idea_id",
                           e);
  if (!st) return e->rc;
  db_bind_int(st, 1, idea_id);
  db_bind_int(st, 2, user_id);
  db_bind_int(st, 3, now);
  int rc = db_step_returning(st, NULL, e, "follow idea");
  if (rc == KEEL_ENOTFOUND) return KEEL_OK; /* already following */
  if (!rc) *changed = 1;
  return rc;
}

int store_follow_remove(db *d, int64_t idea_id, int64_t user_id, int *changed, struct keel_err *e) {
  *changed = 0;
  db_stmt *st = db_prepare(d, "DELETE FROM followers WHERE idea_id = ? AND user_id = ? RETURNING idea_id", e);
  if (!st) return e->rc;
  db_bind_int(st, 1, idea_id);
  db_bind_int(st, 2, user_id);
  int rc = db_step_returning(st, NULL, e, "unfollow idea");
  if (rc == KEEL_ENOTFOUND) return KEEL_OK; /* was not following */
  if (!rc) *changed = 1;
  return rc;
}

int store_following(db *d, int64_t user_id, const int64_t *ids, size_t n, int *flags, struct keel_err *e) {
  for (size_t k = 0; k < n; k++) flags[k] = 0;
  if (n == 0 || !user_id) return KEEL_OK;
  if (n > PAGE_MAX + 1) return err_set(e, KEEL_EINTERNAL, NULL, "too many ideas for one follower lookup");
  buf sql;
  buf_init(&sql, 16 * 1024);
  buf_puts(&sql, "SELECT idea_id FROM followers WHERE user_id = ? AND idea_id IN (");
  for (size_t k = 0; k < n; k++) buf_puts(&sql, k ? ", ?" : "?");
  buf_putc(&sql, ')');
  db_stmt *st = db_prepare(d, buf_cstr(&sql), e);
  buf_free(&sql);
  if (!st) return e->rc;
  db_bind_int(st, 1, user_id);
  for (size_t k = 0; k < n; k++) db_bind_int(st, (int)k + 2, ids[k]);
  int r;
  while ((r = db_step(st)) > 0) {
    int64_t id = db_col_int(st, 0);
    for (size_t k = 0; k < n; k++)
      if (ids[k] == id) flags[k] = 1;
  }
  int rc = r < 0 ? db_fail(d, e, "read followers") : KEEL_OK;
  db_done(st);
  return rc;
}

int store_notify_recipients(db *d, arena *a, int64_t idea_id, int64_t exclude_user_id, struct notify_recipient **out,
                            size_t *n, struct keel_err *e) {
  *out = NULL;
  *n = 0;
  db_stmt *st = db_prepare(d,
                           "SELECT u.id, u.email, u.name, u.role, "
                           "CASE WHEN u.id = (SELECT submitted_by FROM ideas WHERE id = ?) THEN 1 ELSE 0 END "
                           "FROM users u WHERE u.active = 1 AND u.id <> ? AND u.id IN ("
                           "SELECT submitted_by FROM ideas WHERE id = ? AND submitted_by IS NOT NULL "
                           "UNION SELECT user_id FROM votes WHERE idea_id = ? "
                           "UNION SELECT user_id FROM followers WHERE idea_id = ?) ORDER BY u.id",
                           e);
  if (!st) return e->rc;
  db_bind_int(st, 1, idea_id);
  db_bind_int(st, 2, exclude_user_id);
  db_bind_int(st, 3, idea_id);
  db_bind_int(st, 4, idea_id);
  db_bind_int(st, 5, idea_id);
  size_t cap = 0;
  int r;
  while ((r = db_step(st)) > 0) {
    if (*n == cap) {
      size_t grown = cap ? cap * 2 : 16;
      *out = arena_realloc(a, *out, cap * sizeof **out, grown * sizeof **out);
      cap = grown;
    }
    struct notify_recipient *p = &(*out)[(*n)++];
    p->user_id = db_col_int(st, 0);
    p->email = db_col_str0(st, 1, a);
    p->name = db_col_str0(st, 2, a);
    p->portal = strcmp(db_col_str0(st, 3, a), "portal") == 0;
    p->submitter = (int)db_col_int(st, 4);
  }
  int rc = r < 0 ? db_fail(d, e, "find who to notify") : KEEL_OK;
  db_done(st);
  return rc;
}

int store_notification_insert(db *d, struct notification *n, struct keel_err *e) {
  db_stmt *st = db_prepare(d,
                           "INSERT INTO notifications(user_id, kind, idea_id, title, body, created_at) "
                           "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                           e);
  if (!st) return e->rc;
  db_bind_int(st, 1, n->user_id);
  db_bind_text(st, 2, n->kind);
  if (n->idea_id) db_bind_int(st, 3, n->idea_id);
  else db_bind_null(st, 3);
  db_bind_text(st, 4, n->title);
  db_bind_text(st, 5, n->body ? n->body : "");
  db_bind_int(st, 6, n->created_at);
  return db_step_returning(st, &n->id, e, "add notification");
}

#define NOTIFICATION_COLS "id, user_id, kind, idea_id, title, body, created_at, read_at"

static void read_row(db_stmt *st, arena *a, struct notification *n) {
  memset(n, 0, sizeof *n);
  n->id = db_col_int(st, 0);
  n->user_id = db_col_int(st, 1);
  n->kind = db_col_str0(st, 2, a);
  n->idea_id = db_col_is_null(st, 3) ? 0 : db_col_int(st, 3);
  n->title = db_col_str0(st, 4, a);
  n->body = db_col_str0(st, 5, a);
  n->created_at = db_col_int(st, 6);
  n->read_at = db_col_is_null(st, 7) ? 0 : db_col_int(st, 7);
}

int store_notification_list(db *d, arena *a, int64_t user_id, int unread_only, int64_t before_id, int limit,
                            struct notification **out, size_t *n, struct keel_err *e) {
  *out = NULL;
  *n = 0;
  const char *sql = unread_only ? "SELECT " NOTIFICATION_COLS " FROM notifications WHERE user_id = ? AND read_at IS NULL "
                                  "AND id < ? ORDER BY id DESC LIMIT ?"
                                : "SELECT " NOTIFICATION_COLS " FROM notifications WHERE user_id = ? AND id < ? "
                                  "ORDER BY id DESC LIMIT ?";
  db_stmt *st = db_prepare(d, sql, e);
  if (!st) return e->rc;
  db_bind_int(st, 1, user_id);
  db_bind_int(st, 2, before_id > 0 ? before_id : INT64_MAX);
  db_bind_int(st, 3, limit + 1);
  size_t cap = 0;
  int r;
  while ((r = db_step(st)) > 0) {
    if (*n == cap) {
      size_t grown = cap ? cap * 2 : 32;
      *out = arena_realloc(a, *out, cap * sizeof **out, grown * sizeof **out);
      cap = grown;
    }
    read_row(st, a, &(*out)[(*n)++]);
  }
  int rc = r < 0 ? db_fail(d, e, "list notifications") : KEEL_OK;
  db_done(st);
  return rc;
}

int store_notification_unread(db *d, int64_t user_id, int64_t *count, struct keel_err *e) {
  *count = 0;
  db_stmt *st = db_prepare(d, "SELECT COUNT(*) FROM notifications WHERE user_id = ? AND read_at IS NULL", e);
  if (!st) return e->rc;
  db_bind_int(st, 1, user_id);
  return db_step_returning(st, count, e, "count unread notifications");
}

int store_notification_get(db *d, arena *a, int64_t user_id, int64_t id, struct notification *out, struct keel_err *e) {
  db_stmt *st = db_prepare(d, "SELECT " NOTIFICATION_COLS " FROM notifications WHERE id = ? AND user_id = ?", e);
  if (!st) return e->rc;
  db_bind_int(st, 1, id);
  db_bind_int(st, 2, user_id);
  int r = db_step(st), rc = KEEL_OK;
  if (r > 0) read_row(st, a, out);
  else if (r == 0) rc = err_set(e, KEEL_ENOTFOUND, NULL, "you have no notification %lld", (long long)id);
  else rc = db_fail(d, e, "read notification");
  db_done(st);
  return rc;
}

int store_notification_read(db *d, int64_t user_id, int64_t id, int64_t now, int *changed, struct keel_err *e) {
  *changed = 0;
  db_stmt *st = db_prepare(d,
                           "UPDATE notifications SET read_at = ? WHERE id = ? AND user_id = ? AND read_at IS NULL "
                           "RETURNING id",
                           e);
  if (!st) return e->rc;
  db_bind_int(st, 1, now);
  db_bind_int(st, 2, id);
  db_bind_int(st, 3, user_id);
  int rc = db_step_returning(st, NULL, e, "mark notification read");
  if (rc == KEEL_ENOTFOUND) return KEEL_OK; /* read already, or not this user's (see store_notification_get) */
  if (!rc) *changed = 1;
  return rc;
}

int store_notification_read_all(db *d, int64_t user_id, int64_t now, int64_t *count, struct keel_err *e) {
  *count = 0;
  db_stmt *st = db_prepare(d, "UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL RETURNING id", e);
  if (!st) return e->rc;
  db_bind_int(st, 1, now);
  db_bind_int(st, 2, user_id);
  int r;
  while ((r = db_step(st)) > 0) (*count)++;
  int rc = r < 0 ? db_fail(d, e, "mark notifications read") : KEEL_OK;
  db_done(st);
  return rc;
}
