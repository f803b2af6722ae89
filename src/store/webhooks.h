/* webhooks.h — outgoing webhooks and their deliveries in the database.
 * Results live in the caller's arena. */
#ifndef KEEL_STORE_WEBHOOKS_H
#define KEEL_STORE_WEBHOOKS_H

#include <stddef.h>

#include "domain/notify.h"
#include "store/db.h"

/* Adds a webhook (url, secret, events, active, created_by (0: the command
 * line), times); sets w->id and w->version = 1. */
int store_webhook_insert(db *d, struct webhook *w, struct keel_err *e);

/* Reads a webhook with its delivery counts. KEEL_ENOTFOUND when absent. */
int store_webhook_get(db *d, arena *a, int64_t id, struct webhook *out, struct keel_err *e);

/* Lists every webhook by id, with delivery counts (at most WEBHOOKS_MAX exist). */
int store_webhook_list(db *d, arena *a, struct webhook **out, size_t *n, struct keel_err *e);

/* Lists the active webhooks subscribed to ev. */
int store_webhook_subscribed(db *d, arena *a, enum webhook_event ev, struct webhook **out, size_t *n,
                             struct keel_err *e);

/* Counts webhooks. */
int store_webhook_count(db *d, int64_t *n, struct keel_err *e);

/* Writes url, secret, events, active and updated_at when w->version is
 * current, and bumps it. KEEL_ESTALE otherwise. */
int store_webhook_update(db *d, struct webhook *w, struct keel_err *e);

/* Removes a webhook and its deliveries. KEEL_ENOTFOUND when absent. */
int store_webhook_delete(db *d, int64_t id, struct keel_err *e);

/* Adds a pending delivery (webhook_id, event, payload, created_at); sets dl->id. */
int store_delivery_insert(db *d, struct delivery *dl, struct keel_err *e);

/* Reads a delivery. KEEL_ENOTFOUND when absent. */
int store_delivery_get(db *d, arena *a, int64_t id, struct delivery *out, struct keel_err *e);

/* Lists webhook_id's deliveries newest first, with ids below before_id (0:
 * from the newest), up to limit + 1. Payloads are left out (NULL). */
int store_delivery_list(db *d, arena *a, int64_t webhook_id, int64_t before_id, int limit, struct delivery **out,
                        size_t *n, struct keel_err *e);

/* Records an attempt's outcome: status, attempts, response_code (0: none),
 * last_error and delivered_at (0: not delivered). */
int store_delivery_record(db *d, const struct delivery *dl, struct keel_err *e);

#endif
