/* comments.c — SQL for comments. */
#include "store/comments.h"

int store_comment_insert(db *d, struct comment *c, struct keel_err *e) {
  db_stmt *st = db_prepare(d,
                           "INSERT INTO comments(entity_type, entity_id, author_id, body, created_at, public) "
                           "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                           e);
  if (!st) return e->rc;
  db_bind_text(st, 1, c->entity_type);
  db_bind_int(st, 2, c->entity_id);
  if (c->author_id) db_bind_int(st, 3, c->author_id);
  else db_bind_null(st, 3);
  db_bind_text(st, 4, c->body);
  db_bind_int(st, 5, c->created_at);
  db_bind_int(st, 6, c->is_public ? 1 : 0);
  return db_step_returning(st, &c->id, e, "add comment");
}

int store_comment_list(db *d, arena *a, const char *entity_type, int64_t entity_id, struct comment **out,
                       size_t *n, struct keel_err *e) {
  *out = NULL;
  *n = 0;
  db_stmt *st = db_prepare(d,
                           "SELECT c.id, c.entity_type, c.entity_id, c.author_id, u.name, c.body, c.created_at, c.public "
                           "FROM comments c LEFT JOIN users u ON u.id = c.author_id "
                           "WHERE c.entity_type = ? AND c.entity_id = ? ORDER BY c.id",
                           e);
  if (!st) return e->rc;
  db_bind_text(st, 1, entity_type);
  db_bind_int(st, 2, entity_id);
  size_t cap = 0;
  int r;
  while ((r = db_step(st)) > 0) {
    if (*n == cap) {
      size_t grown = cap ? cap * 2 : 16;
      *out = arena_realloc(a, *out, cap * sizeof **out, grown * sizeof **out);
      cap = grown;
    }
    struct comment *c = &(*out)[(*n)++];
    c->id = db_col_int(st, 0);
    c->entity_type = db_col_str0(st, 1, a);
    c->entity_id = db_col_int(st, 2);
    c->author_id = db_col_is_null(st, 3) ? 0 : db_col_int(st, 3);
    c->author_name = db_col_str0(st, 4, a);
    c->body = db_col_str0(st, 5, a);
    c->created_at = db_col_int(st, 6);
    c->is_public = (int)db_col_int(st, 7);
  }
  int rc = r < 0 ? db_fail(d, e, "list comments") : KEEL_OK;
  db_done(st);
  return rc;
}
