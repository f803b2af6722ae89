/* audit.c — SQL for the audit trail. */
#include "store/audit.h"

#include "core/buf.h"

int store_audit_insert(db *d, struct audit_entry *en, struct keel_err *e) {
  db_stmt *st = db_prepare(d,
                           "INSERT INTO audit(at, actor_id, action, entity_type, entity_id, entity_label, before_json, "
                           "after_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                           e);
  if (!st) return e->rc;
  db_bind_int(st, 1, en->at);
  if (en->actor_id) db_bind_int(st, 2, en->actor_id);
  else db_bind_null(st, 2);
  db_bind_text(st, 3, en->action);
  db_bind_text(st, 4, en->entity_type);
  db_bind_int(st, 5, en->entity_id);
  db_bind_text(st, 6, en->entity_label);
  db_bind_text(st, 7, en->before);
  db_bind_text(st, 8, en->after);
  int rc = db_step_returning(st, &en->id, e, "record history");
  return rc ? rc : store_generation_advance(d, e);
}

int store_generation_advance(db *d, struct keel_err *e) {
  db_stmt *st = db_prepare(d, "UPDATE generation SET value = value + 1 WHERE id = 1", e);
  if (!st) return e->rc;
  return db_step_done(st, e, "advance generation");
}

int store_audit_list(db *d, arena *a, const struct audit_query *q, struct audit_entry **out, size_t *n,
                     struct keel_err *e) {
  *out = NULL;
  *n = 0;
  buf sql;
  buf_init(&sql, 4096);
  buf_puts(&sql, "SELECT a.id, a.at, a.actor_id, u.name, a.action, a.entity_type, a.entity_id, a.entity_label, "
                 "a.before_json, a.after_json FROM audit a LEFT JOIN users u ON u.id = a.actor_id WHERE 1 = 1");
  if (q->entity_type) buf_puts(&sql, " AND a.entity_type = ?");
  if (q->entity_type && q->entity_id) {
    buf_puts(&sql, " AND a.entity_id IN (?");
    for (size_t i = 0; i < q->nalso; i++) buf_puts(&sql, ", ?");
    buf_puts(&sql, ")");
  }
  if (q->actor_id) buf_puts(&sql, " AND a.actor_id = ?");
  if (q->before_id) buf_puts(&sql, " AND a.id < ?");
  buf_puts(&sql, " ORDER BY a.id DESC LIMIT ?");
  db_stmt *st = db_prepare(d, buf_cstr(&sql), e);
  buf_free(&sql);
  if (!st) return e->rc;
  int k = 1;
  if (q->entity_type) db_bind_text(st, k++, q->entity_type);
  if (q->entity_type && q->entity_id) {
    db_bind_int(st, k++, q->entity_id);
    for (size_t i = 0; i < q->nalso; i++) db_bind_int(st, k++, q->also_ids[i]);
  }
  if (q->actor_id) db_bind_int(st, k++, q->actor_id);
  if (q->before_id) db_bind_int(st, k++, q->before_id);
  db_bind_int(st, k, q->limit + 1);
  size_t cap = 0;
  int r;
  while ((r = db_step(st)) > 0) {
    if (*n == cap) {
      size_t grown = cap ? cap * 2 : 32;
      *out = arena_realloc(a, *out, cap * sizeof **out, grown * sizeof **out);
      cap = grown;
    }
    struct audit_entry *en = &(*out)[(*n)++];
    en->id = db_col_int(st, 0);
    en->at = db_col_int(st, 1);
    en->actor_id = db_col_is_null(st, 2) ? 0 : db_col_int(st, 2);
    en->actor_name = en->actor_id ? db_col_str0(st, 3, a) : "command line";
    en->action = db_col_str0(st, 4, a);
    en->entity_type = db_col_str0(st, 5, a);
    en->entity_id = db_col_int(st, 6);
    en->entity_label = db_col_str0(st, 7, a);
    en->before = db_col_str(st, 8, a);
    en->after = db_col_str(st, 9, a);
  }
  int rc = r < 0 ? db_fail(d, e, "read history") : KEEL_OK;
  db_done(st);
  return rc;
}

int store_generation(db *d, int64_t *out, struct keel_err *e) {
  db_stmt *st = db_prepare(d, "SELECT value FROM generation WHERE id = 1", e);
  if (!st) return e->rc;
  return db_step_returning(st, out, e, "read generation");
}
