/* products.c — SQL for products. */
#include "store/products.h"

#define PRODUCT_COLS "id, key, name, description, feature_seq, created_at, updated_at, version"

static void read_row(db_stmt *st, arena *a, struct product *p) {
  p->id = db_col_int(st, 0);
  p->key = db_col_str0(st, 1, a);
  p->name = db_col_str0(st, 2, a);
  p->description = db_col_str0(st, 3, a);
  p->feature_count = db_col_int(st, 4);
  p->created_at = db_col_int(st, 5);
  p->updated_at = db_col_int(st, 6);
  p->version = db_col_int(st, 7);
}

int store_product_insert(db *d, struct product *p, struct keel_err *e) {
  db_stmt *st = db_prepare(d,
                           "INSERT INTO products(key, name, description, created_at, updated_at, version) "
                           "VALUES (?, ?, ?, ?, ?, 1) RETURNING id",
                           e);
  if (!st) return e->rc;
  db_bind_text(st, 1, p->key);
  db_bind_text(st, 2, p->name);
  db_bind_text(st, 3, p->description ? p->description : "");
  db_bind_int(st, 4, p->created_at);
  db_bind_int(st, 5, p->updated_at);
  int rc = db_step_returning(st, &p->id, e, "add product");
  if (rc == KEEL_EEXISTS) return err_set(e, rc, "key", "a product with key %s already exists", p->key);
  p->version = 1;
  return rc;
}

static int get_one(db_stmt *st, arena *a, struct product *out, struct keel_err *e, const char *what) {
  int r = db_step(st);
  int rc = KEEL_OK;
  if (r > 0) read_row(st, a, out);
  else if (r == 0) rc = err_set(e, KEEL_ENOTFOUND, NULL, "no product %s", what);
  else rc = db_fail(db_stmt_db(st), e, "read product");
  db_done(st);
  return rc;
}

int store_product_get(db *d, arena *a, const char *key, struct product *out, struct keel_err *e) {
  db_stmt *st = db_prepare(d, "SELECT " PRODUCT_COLS " FROM products WHERE key = ?", e);
  if (!st) return e->rc;
  db_bind_text(st, 1, key);
  return get_one(st, a, out, e, key);
}

int store_product_get_id(db *d, arena *a, int64_t id, struct product *out, struct keel_err *e) {
  db_stmt *st = db_prepare(d, "SELECT " PRODUCT_COLS " FROM products WHERE id = ?", e);
  if (!st) return e->rc;
  db_bind_int(st, 1, id);
  return get_one(st, a, out, e, "with that id");
}

int store_product_list(db *d, arena *a, struct product **out, size_t *n, struct keel_err *e) {
  *out = NULL;
  *n = 0;
  db_stmt *st = db_prepare(d, "SELECT " PRODUCT_COLS " FROM products ORDER BY key", e);
  if (!st) return e->rc;
  size_t cap = 0;
  int r;
  while ((r = db_step(st)) > 0) {
    if (*n == cap) {
      size_t grown = cap ? cap * 2 : 16;
      *out = arena_realloc(a, *out, cap * sizeof **out, grown * sizeof **out);
      cap = grown;
    }
    read_row(st, a, &(*out)[(*n)++]);
  }
  int rc = r < 0 ? db_fail(d, e, "list products") : KEEL_OK;
  db_done(st);
  return rc;
}

int store_product_update(db *d, struct product *p, struct keel_err *e) {
  db_stmt *st = db_prepare(d,
                           "UPDATE products SET name = ?, description = ?, updated_at = ?, version = version + 1 "
                           "WHERE id = ? AND version = ? RETURNING version",
                           e);
  if (!st) return e->rc;
  db_bind_text(st, 1, p->name);
  db_bind_text(st, 2, p->description ? p->description : "");
  db_bind_int(st, 3, p->updated_at);
  db_bind_int(st, 4, p->id);
  db_bind_int(st, 5, p->version);
  int rc = db_step_returning(st, &p->version, e, "update product");
  if (rc == KEEL_ENOTFOUND) return err_set(e, KEEL_ESTALE, "version", "product %s was changed by someone else", p->key);
  return rc;
}

int store_product_next_number(db *d, int64_t product_id, int64_t *out, struct keel_err *e) {
  db_stmt *st = db_prepare(d, "UPDATE products SET feature_seq = feature_seq + 1 WHERE id = ? RETURNING feature_seq", e);
  if (!st) return e->rc;
  db_bind_int(st, 1, product_id);
  return db_step_returning(st, out, e, "number feature");
}
