/* products.c — creating, reading and editing products. */
#include "app/internal.h"
#include "domain/text.h"
#include "store/products.h"

int app_product_create(struct app *x, const char *key, const char *name, const char *description,
                       struct product *out) {
  int rc = app_require(x, CAP_PRODUCT, "add products");
  if (rc) return rc;
  struct product p = {
      .key = text_trim(x->a, key),
      .name = text_trim(x->a, name),
      .description = description ? text_trim(x->a, description) : "",
      .created_at = x->now,
      .updated_at = x->now,
  };
  rc = product_check(&p, x->e);
  if (rc) return rc;
  rc = app_begin(x);
  if (rc) return rc;
  rc = store_product_insert(x->db, &p, x->e);
  if (!rc) rc = app_audit(x, "product.create", "product", p.id, p.key, NULL, snap_product(x, &p));
  rc = app_finish(x, rc);
  if (!rc) *out = p;
  return rc;
}

int app_product_get(struct app *x, const char *key, struct product *out) {
  int rc = app_require(x, CAP_READ, "see products");
  if (rc) return rc;
  return store_product_get(x->db, x->a, key, out, x->e);
}

int app_product_list(struct app *x, struct product **out, size_t *n) {
  int rc = app_require(x, CAP_READ, "see products");
  if (rc) return rc;
  return store_product_list(x->db, x->a, out, n, x->e);
}

int app_product_update(struct app *x, const char *key, const char *name, const char *description,
                       int64_t expect_version, struct product *out) {
  int rc = app_require(x, CAP_PRODUCT, "edit products");
  if (rc) return rc;
  rc = app_begin(x);
  if (rc) return rc;
  struct product cur, p;
  rc = store_product_get(x->db, x->a, key, &cur, x->e);
  if (!rc) rc = app_check_version(x, cur.version, expect_version, cur.key);
  if (!rc) {
    p = cur;
    if (name) p.name = text_trim(x->a, name);
    if (description) p.description = text_trim(x->a, description);
    p.updated_at = x->now;
    rc = product_check(&p, x->e);
  }
  if (!rc) rc = store_product_update(x->db, &p, x->e);
  if (!rc) rc = app_audit(x, "product.update", "product", p.id, p.key, snap_product(x, &cur), snap_product(x, &p));
  rc = app_finish(x, rc);
  if (!rc) *out = p;
  return rc;
}
