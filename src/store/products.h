/* products.h — products in the database. Results live in the caller's arena. */
#ifndef KEEL_STORE_PRODUCTS_H
#define KEEL_STORE_PRODUCTS_H

#include <stddef.h>

#include "domain/product.h"
#include "store/db.h"

/* Inserts p (key, name, description, created_at, updated_at) with version 1 and
 * sets p->id and p->version. Returns KEEL_OK, KEEL_EEXISTS for a taken key, or
 * a database error. */
int store_product_insert(db *d, struct product *p, struct keel_err *e);

/* Reads the product with this key (or id). Returns KEEL_OK or KEEL_ENOTFOUND. */
int store_product_get(db *d, arena *a, const char *key, struct product *out, struct keel_err *e);
int store_product_get_id(db *d, arena *a, int64_t id, struct product *out, struct keel_err *e);

/* Lists all products by key. */
int store_product_list(db *d, arena *a, struct product **out, size_t *n, struct keel_err *e);

/* Writes name and description when p->version is still the stored version,
 * then sets p->version to the new version. Returns KEEL_OK or KEEL_ESTALE. */
int store_product_update(db *d, struct product *p, struct keel_err *e);

/* Hands out the product's next feature number. Call inside a write transaction. */
int store_product_next_number(db *d, int64_t product_id, int64_t *out, struct keel_err *e);

#endif
