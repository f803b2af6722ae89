/* portal.h — the customer portal's reads. Each statement selects only what a
 * customer may see of an idea (domain/portal.h), and only ideas the reader
 * may see: published ones, and the reader's own submissions. The internal
 * title is read only as the fallback for an idea without a public title.
 * Results live in the caller's arena. */
#ifndef KEEL_STORE_PORTAL_H
#define KEEL_STORE_PORTAL_H

#include <stddef.h>

#include "domain/listing.h"
#include "domain/portal.h"
#include "store/db.h"

/* The portal's orders: most votes first, newest first, last update first. */
enum portal_sort { PSORT_VOTES, PSORT_NEWEST, PSORT_UPDATED };

struct portal_query {
  int64_t reader_id;    /* whose votes fill voted and mine; who may see unpublished own ideas */
  int requests;         /* 1: the reader's requests (ideas they submitted, or voted for while they can see them);
                         * 0: published ideas */
  int64_t product_id;   /* 0: every product */
  unsigned status_mask; /* bit (1u << status) per status wanted; 0: all */
  enum portal_sort sort;
  struct cursor after;  /* ival: the sort value, id: the tie-breaker */
  int limit;
};

/* Returns up to q->limit + 1 ideas in q's order after q->after. */
int store_portal_list(db *d, arena *a, const struct portal_query *q, struct portal_idea **out, size_t *n,
                      struct keel_err *e);

/* Reads idea id as the portal shows it to reader_id. KEEL_ENOTFOUND when there
 * is no such idea or the reader may not see it (the same answer for both). */
int store_portal_get(db *d, arena *a, int64_t id, int64_t reader_id, struct portal_idea *out, struct keel_err *e);

/* Lists the public comments on idea_id, oldest first, with each author's
 * name as the portal shows it (see portal_author). The caller has checked
 * that reader_id may see the idea. */
int store_portal_comments(db *d, arena *a, int64_t idea_id, int64_t reader_id, struct portal_comment **out, size_t *n,
                          struct keel_err *e);

#endif
