/* vision.c — SQL for a product's vision revisions (append-only). */
#include "store/strategy.h"

#include <string.h>

#define VISION_COLS                                                                                  \
  "v.id, v.product_id, v.revision, v.why, v.how, v.what, v.value_proposition, v.target_personas, "  \
  "v.differentiation, v.alignment, v.reason, v.author_id, u.name, v.created_at "
#define VISION_FROM "FROM vision_revisions v LEFT JOIN users u ON u.id = v.author_id "

static void read_vision(db_stmt *st, arena *a, struct vision *v) {
  memset(v, 0, sizeof *v);
  v->id = db_col_int(st, 0);
  v->product_id = db_col_int(st, 1);
  v->revision = db_col_int(st, 2);
  for (int i = 0; i < VISION_NFIELDS; i++) v->fields[i] = db_col_str0(st, 3 + i, a);
  v->reason = db_col_str0(st, 10, a);
  v->author_id = db_col_is_null(st, 11) ? 0 : db_col_int(st, 11);
  v->author_name = db_col_str0(st, 12, a);
  v->created_at = db_col_int(st, 13);
}

int store_vision_get(db *d, arena *a, int64_t product_id, int64_t n, struct vision *out, struct keel_err *e) {
  db_stmt *st = db_prepare(d,
                           n > 0 ? "SELECT " VISION_COLS VISION_FROM "WHERE v.product_id = ? AND v.revision = ?"
                                 : "SELECT " VISION_COLS VISION_FROM "WHERE v.product_id = ? ORDER BY v.revision DESC LIMIT 1",
                           e);
  if (!st) return e->rc;
  db_bind_int(st, 1, product_id);
  if (n > 0) db_bind_int(st, 2, n);
  int r = db_step(st), rc = KEEL_OK;
  if (r > 0) read_vision(st, a, out);
  else if (r == 0) rc = n > 0 ? err_set(e, KEEL_ENOTFOUND, "revision", "there is no revision %lld", (long long)n)
                              : err_set(e, KEEL_ENOTFOUND, NULL, "this product has no vision yet");
  else rc = db_fail(d, e, "read vision");
  db_done(st);
  return rc;
}

int store_vision_insert(db *d, struct vision *v, struct keel_err *e) {
  db_stmt *st = db_prepare(d,
                           "INSERT INTO vision_revisions(product_id, revision, why, how, what, value_proposition, "
                           "target_personas, differentiation, alignment, reason, author_id, created_at) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                           e);
  if (!st) return e->rc;
  db_bind_int(st, 1, v->product_id);
  db_bind_int(st, 2, v->revision);
  for (int i = 0; i < VISION_NFIELDS; i++) db_bind_text(st, 3 + i, v->fields[i] ? v->fields[i] : "");
  db_bind_text(st, 10, v->reason ? v->reason : "");
  if (v->author_id) db_bind_int(st, 11, v->author_id);
  else db_bind_null(st, 11);
  db_bind_int(st, 12, v->created_at);
  return db_step_returning(st, &v->id, e, "save vision");
}

int store_vision_list(db *d, arena *a, int64_t product_id, struct vision **out, size_t *n, struct keel_err *e) {
  *out = NULL;
  *n = 0;
  db_stmt *st = db_prepare(d, "SELECT " VISION_COLS VISION_FROM "WHERE v.product_id = ? ORDER BY v.revision DESC", e);
  if (!st) return e->rc;
  db_bind_int(st, 1, product_id);
  size_t cap = 0;
  int r;
  while ((r = db_step(st)) > 0) {
    if (*n == cap) {
      size_t grown = cap ? cap * 2 : 16;
      *out = arena_realloc(a, *out, cap * sizeof **out, grown * sizeof **out);
      cap = grown;
    }
    read_vision(st, a, &(*out)[(*n)++]);
  }
  int rc = r < 0 ? db_fail(d, e, "list vision revisions") : KEEL_OK;
  db_done(st);
  return rc;
}
