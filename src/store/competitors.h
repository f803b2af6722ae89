/* competitors.h — competitors, capabilities and the levels between them in
 * the database. Results live in the caller's arena. */
#ifndef KEEL_STORE_COMPETITORS_H
#define KEEL_STORE_COMPETITORS_H

#include <stddef.h>

#include "domain/competitor.h"
#include "store/db.h"

/* Inserts c with version 1; sets id and version. KEEL_EEXISTS (field "name")
 * for a name the product already has. */
int store_competitor_insert(db *d, struct competitor *c, struct keel_err *e);
/* Reads by id, or by product and exact name. KEEL_ENOTFOUND when absent. */
int store_competitor_get(db *d, arena *a, int64_t id, struct competitor *out, struct keel_err *e);
int store_competitor_by_name(db *d, arena *a, int64_t product_id, const char *name, struct competitor *out,
                             struct keel_err *e);
/* Writes the fields when c->version is current and bumps it; KEEL_ESTALE otherwise. */
int store_competitor_update(db *d, struct competitor *c, struct keel_err *e);
/* Deletes a competitor and its levels. */
int store_competitor_delete(db *d, int64_t id, struct keel_err *e);
/* Lists a product's competitors by name. */
int store_competitor_list(db *d, arena *a, int64_t product_id, struct competitor **out, size_t *n, struct keel_err *e);

/* Inserts a capability with version 1; KEEL_EEXISTS (field "name") for a taken name. */
int store_capability_insert(db *d, struct capability *c, struct keel_err *e);
/* Reads by id, or by product and exact name. */
int store_capability_get(db *d, arena *a, int64_t id, struct capability *out, struct keel_err *e);
int store_capability_by_name(db *d, arena *a, int64_t product_id, const char *name, struct capability *out,
                             struct keel_err *e);
/* Writes name, ours and note when c->version is current and bumps it. */
int store_capability_update(db *d, struct capability *c, struct keel_err *e);
/* Lists a product's capabilities by name. */
int store_capability_list(db *d, arena *a, int64_t product_id, struct capability **out, size_t *n, struct keel_err *e);

/* Sets (or replaces) a competitor's level at a capability. */
int store_capability_level_set(db *d, const struct capability_level *l, struct keel_err *e);
/* Lists every level recorded for a product's capabilities. */
int store_capability_levels(db *d, arena *a, int64_t product_id, struct capability_level **out, size_t *n,
                            struct keel_err *e);

#endif
