/* webhooks.c — SQL for webhooks and webhook deliveries. */
#include "store/webhooks.h"

#include <string.h>

#define WEBHOOK_SELECT                                                                                  \
  "SELECT w.id, w.url, w.secret, w.events, w.active, w.created_by, w.created_at, w.updated_at, w.version, " \
  "(SELECT COUNT(*) FROM webhook_deliveries x WHERE x.webhook_id = w.id AND x.status = 'pending'), "          \
  "(SELECT COUNT(*) FROM webhook_deliveries x WHERE x.webhook_id = w.id AND x.status = 'failed') "            \
  "FROM webhooks w "

static void read_webhook(db_stmt *st, arena *a, struct webhook *w) {
  memset(w, 0, sizeof *w);
  w->id = db_col_int(st, 0);
  w->url = db_col_str0(st, 1, a);
  w->secret = db_col_str0(st, 2, a);
  struct keel_err ignored;
  if (webhook_events_parse(db_col_str0(st, 3, a), &w->events, &ignored)) w->events = 0; /* a name this build does not know */
  w->active = (int)db_col_int(st, 4);
  w->created_by = db_col_is_null(st, 5) ? 0 : db_col_int(st, 5);
  w->created_at = db_col_int(st, 6);
  w->updated_at = db_col_int(st, 7);
  w->version = db_col_int(st, 8);
  w->pending = db_col_int(st, 9);
  w->failed = db_col_int(st, 10);
}

int store_webhook_insert(db *d, struct webhook *w, struct keel_err *e) {
  db_stmt *st = db_prepare(d,
                           "INSERT INTO webhooks(url, secret, events, active, created_by, created_at, updated_at, version) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?, 1) RETURNING id",
                           e);
  if (!st) return e->rc;
  arena *a = arena_new(1024);
  db_bind_text(st, 1, w->url);
  db_bind_text(st, 2, w->secret);
  db_bind_text(st, 3, webhook_events_format(a, w->events));
  db_bind_int(st, 4, w->active ? 1 : 0);
  if (w->created_by) db_bind_int(st, 5, w->created_by);
  else db_bind_null(st, 5);
  db_bind_int(st, 6, w->created_at);
  db_bind_int(st, 7, w->updated_at);
  arena_free(a);
  w->version = 1;
  return db_step_returning(st, &w->id, e, "add webhook");
}

int store_webhook_get(db *d, arena *a, int64_t id, struct webhook *out, struct keel_err *e) {
  db_stmt *st = db_prepare(d, WEBHOOK_SELECT "WHERE w.id = ?", e);
  if (!st) return e->rc;
  db_bind_int(st, 1, id);
  int r = db_step(st), rc = KEEL_OK;
  if (r > 0) read_webhook(st, a, out);
  else if (r == 0) rc = err_set(e, KEEL_ENOTFOUND, NULL, "there is no webhook %lld", (long long)id);
  else rc = db_fail(d, e, "read webhook");
  db_done(st);
  return rc;
}

static int list(db *d, arena *a, const char *sql, struct webhook **out, size_t *n, struct keel_err *e) {
  *out = NULL;
  *n = 0;
  db_stmt *st = db_prepare(d, sql, e);
  if (!st) return e->rc;
  size_t cap = 0;
  int r;
  while ((r = db_step(st)) > 0) {
    if (*n == cap) {
      size_t grown = cap ? cap * 2 : 8;
      *out = arena_realloc(a, *out, cap * sizeof **out, grown * sizeof **out);
      cap = grown;
    }
    read_webhook(st, a, &(*out)[(*n)++]);
  }
  int rc = r < 0 ? db_fail(d, e, "list webhooks") : KEEL_OK;
  db_done(st);
  return rc;
}

int store_webhook_list(db *d, arena *a, struct webhook **out, size_t *n, struct keel_err *e) {
  return list(d, a, WEBHOOK_SELECT "ORDER BY w.id", out, n, e);
}

int store_webhook_subscribed(db *d, arena *a, enum webhook_event ev, struct webhook **out, size_t *n,
                             struct keel_err *e) {
  /* Few rows (WEBHOOKS_MAX); the event list is matched here rather than in SQL. */
  struct webhook *all;
  size_t na;
  *out = NULL;
  *n = 0;
  int rc = list(d, a, "SELECT id, url, secret, events, active, created_by, created_at, updated_at, version, 0, 0 "
                      "FROM webhooks WHERE active = 1 ORDER BY id",
                &all, &na, e);
  if (rc) return rc;
  for (size_t k = 0; k < na; k++)
    if (all[k].events & (1u << ev)) all[(*n)++] = all[k];
  *out = all;
  return KEEL_OK;
}

int store_webhook_count(db *d, int64_t *n, struct keel_err *e) {
  db_stmt *st = db_prepare(d, "SELECT COUNT(*) FROM webhooks", e);
  if (!st) return e->rc;
  return db_step_returning(st, n, e, "count webhooks");
}

int store_webhook_update(db *d, struct webhook *w, struct keel_err *e) {
  db_stmt *st = db_prepare(d,
                           "UPDATE webhooks SET url = ?, secret = ?, events = ?, active = ?, updated_at = ?, "
                           "version = version + 1 WHERE id = ? AND version = ? RETURNING version",
                           e);
  if (!st) return e->rc;
  arena *a = arena_new(1024);
  db_bind_text(st, 1, w->url);
  db_bind_text(st, 2, w->secret);
  db_bind_text(st, 3, webhook_events_format(a, w->events));
  db_bind_int(st, 4, w->active ? 1 : 0);
  db_bind_int(st, 5, w->updated_at);
  db_bind_int(st, 6, w->id);
  db_bind_int(st, 7, w->version);
  arena_free(a);
  int rc = db_step_returning(st, &w->version, e, "update webhook");
  if (rc == KEEL_ENOTFOUND)
    return err_set(e, KEEL_ESTALE, "version", "webhook %lld was changed by someone else; reload it", (long long)w->id);
  return rc;
}

int store_webhook_delete(db *d, int64_t id, struct keel_err *e) {
  db_stmt *st = db_prepare(d, "DELETE FROM webhook_deliveries WHERE webhook_id = ?", e);
  if (!st) return e->rc;
  db_bind_int(st, 1, id);
  int rc = db_step_done(st, e, "remove deliveries");
  if (rc) return rc;
  st = db_prepare(d, "DELETE FROM webhooks WHERE id = ? RETURNING id", e);
  if (!st) return e->rc;
  db_bind_int(st, 1, id);
  rc = db_step_returning(st, NULL, e, "remove webhook");
  if (rc == KEEL_ENOTFOUND) return err_set(e, KEEL_ENOTFOUND, NULL, "there is no webhook %lld", (long long)id);
  return rc;
}

static void read_delivery(db_stmt *st, arena *a, struct delivery *dl) {
  memset(dl, 0, sizeof *dl);
  dl->id = db_col_int(st, 0);
  dl->webhook_id = db_col_int(st, 1);
  dl->event = db_col_str0(st, 2, a);
  dl->payload = db_col_str(st, 3, a);
  if (delivery_status_parse(db_col_str0(st, 4, a), &dl->status)) dl->status = DS_PENDING;
  dl->attempts = db_col_int(st, 5);
  dl->response_code = db_col_is_null(st, 6) ? 0 : db_col_int(st, 6);
  dl->last_error = db_col_str0(st, 7, a);
  dl->created_at = db_col_int(st, 8);
  dl->delivered_at = db_col_is_null(st, 9) ? 0 : db_col_int(st, 9);
}

int store_delivery_insert(db *d, struct delivery *dl, struct keel_err *e) {
  db_stmt *st = db_prepare(d,
                           "INSERT INTO webhook_deliveries(webhook_id, event, payload, status, attempts, created_at) "
                           "VALUES (?, ?, ?, 'pending', 0, ?) RETURNING id",
                           e);
  if (!st) return e->rc;
  db_bind_int(st, 1, dl->webhook_id);
  db_bind_text(st, 2, dl->event);
  db_bind_text(st, 3, dl->payload);
  db_bind_int(st, 4, dl->created_at);
  dl->status = DS_PENDING;
  return db_step_returning(st, &dl->id, e, "add delivery");
}

int store_delivery_get(db *d, arena *a, int64_t id, struct delivery *out, struct keel_err *e) {
  db_stmt *st = db_prepare(d,
                           "SELECT id, webhook_id, event, payload, status, attempts, response_code, last_error, "
                           "created_at, delivered_at FROM webhook_deliveries WHERE id = ?",
                           e);
  if (!st) return e->rc;
  db_bind_int(st, 1, id);
  int r = db_step(st), rc = KEEL_OK;
  if (r > 0) read_delivery(st, a, out);
  else if (r == 0) rc = err_set(e, KEEL_ENOTFOUND, NULL, "there is no delivery %lld", (long long)id);
  else rc = db_fail(d, e, "read delivery");
  db_done(st);
  return rc;
}

int store_delivery_list(db *d, arena *a, int64_t webhook_id, int64_t before_id, int limit, struct delivery **out,
                        size_t *n, struct keel_err *e) {
  *out = NULL;
  *n = 0;
  db_stmt *st = db_prepare(d,
                           "SELECT id, webhook_id, event, NULL, status, attempts, response_code, last_error, "
                           "created_at, delivered_at FROM webhook_deliveries WHERE webhook_id = ? AND id < ? "
                           "ORDER BY id DESC LIMIT ?",
                           e);
  if (!st) return e->rc;
  db_bind_int(st, 1, webhook_id);
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
    read_delivery(st, a, &(*out)[(*n)++]);
  }
  int rc = r < 0 ? db_fail(d, e, "list deliveries") : KEEL_OK;
  db_done(st);
  return rc;
}

int store_delivery_record(db *d, const struct delivery *dl, struct keel_err *e) {
  db_stmt *st = db_prepare(d,
                           "UPDATE webhook_deliveries SET status = ?, attempts = ?, response_code = ?, last_error = ?, "
                           "delivered_at = ? WHERE id = ? RETURNING id",
                           e);
  if (!st) return e->rc;
  db_bind_text(st, 1, delivery_status_name(dl->status));
  db_bind_int(st, 2, dl->attempts);
  if (dl->response_code) db_bind_int(st, 3, dl->response_code);
  else db_bind_null(st, 3);
  db_bind_text(st, 4, dl->last_error ? dl->last_error : "");
  if (dl->delivered_at) db_bind_int(st, 5, dl->delivered_at);
  else db_bind_null(st, 5);
  db_bind_int(st, 6, dl->id);
  return db_step_returning(st, NULL, e, "record delivery");
}
