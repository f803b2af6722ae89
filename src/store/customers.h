/* customers.h — customers and contacts in the database. Results live in the
 * caller's arena. */
#ifndef KEEL_STORE_CUSTOMERS_H
#define KEEL_STORE_CUSTOMERS_H

#include <stddef.h>

#include "domain/customer.h"
#include "store/db.h"

struct customer_query {
  const char *text;    /* NULL, or text the name must contain (case-insensitive) */
  const char *segment; /* NULL: any; else this (normalised) segment */
  int by_arr;          /* 0: by name; 1: by ARR, highest first */
  int64_t after_id;    /* keyset: 0 for the first page; else the last id of the previous page
                        * (the page continues after that customer in this order) */
  int limit;
};

/* Inserts c (name, segment, arr, plan, times) with version 1; sets c->id and
 * c->version. KEEL_EEXISTS (field "name") when a customer of that name (in
 * any case) exists. */
int store_customer_insert(db *d, struct customer *c, struct keel_err *e);

/* Reads a customer by id, or by name in any case with surrounding spaces.
 * KEEL_ENOTFOUND when absent. */
int store_customer_get(db *d, arena *a, int64_t id, struct customer *out, struct keel_err *e);
int store_customer_by_name(db *d, arena *a, const char *name, struct customer *out, struct keel_err *e);

/* Returns the id of the customer of that name, adding it (segment "", arr 0,
 * plan "") when there is none; *created says which. For imports. */
int store_customer_find_or_add(db *d, const char *name, int64_t now, int64_t *id, int *created, struct keel_err *e);

/* Writes name, segment, arr and plan when c->version is current and bumps it.
 * KEEL_ESTALE otherwise; KEEL_EEXISTS when the new name is taken. */
int store_customer_update(db *d, struct customer *c, struct keel_err *e);

/* Returns up to q->limit + 1 customers in q's order, each with feedback_count. */
int store_customer_list(db *d, arena *a, const struct customer_query *q, struct customer **out, size_t *n,
                        struct keel_err *e);

/* Inserts a contact (customer_id, name, email, times); sets id and version. */
int store_contact_insert(db *d, struct contact *c, struct keel_err *e);

/* Reads a contact. KEEL_ENOTFOUND when absent. */
int store_contact_get(db *d, arena *a, int64_t id, struct contact *out, struct keel_err *e);

/* Finds a contact of customer_id by e-mail (lower case). KEEL_ENOTFOUND when none. */
int store_contact_by_email(db *d, arena *a, int64_t customer_id, const char *email, struct contact *out,
                           struct keel_err *e);

/* Writes name and email when c->version is current and bumps it; KEEL_ESTALE otherwise. */
int store_contact_update(db *d, struct contact *c, struct keel_err *e);

/* Lists a customer's contacts by name. */
int store_contact_list(db *d, arena *a, int64_t customer_id, struct contact **out, size_t *n, struct keel_err *e);

#endif
