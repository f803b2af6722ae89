/* feedback.h — feedback items, their tags and links, and demand, in the
 * database. Results live in the caller's arena. */
#ifndef KEEL_STORE_FEEDBACK_H
#define KEEL_STORE_FEEDBACK_H

#include <stddef.h>

#include "domain/feedback.h"
#include "store/db.h"

struct feedback_query {
  unsigned status_mask; /* bit (1u << status) per status wanted; 0: all */
  int channel;          /* -1: any, else enum feedback_channel */
  int64_t customer_id;  /* 0: any */
  int64_t product_id;   /* 0: any */
  const char *tag;      /* NULL: any; else a normalised tag */
  int64_t idea_id;      /* 0: any; else feedback linked to this idea */
  int64_t feature_id;   /* 0: any; else feedback linked to this feature (directly) */
  int with_tags;        /* fill each item's tags */
  /* Newest first by received_at, then id. */
  int64_t after_received; /* keyset: with after_id, the last item of the previous page */
  int64_t after_id;       /* 0: first page */
  int limit;
};

/* Inserts f (text, channel, reference, customer_id, contact_id, product_id,
 * received_at, attributes, submitted_by, times; status inbox or archived) and
 * its tags; sets f->id, f->version = 1, f->link_count = 0. */
int store_feedback_insert(db *d, struct feedback *f, struct keel_err *e);

/* Reads a feedback item with its tags. KEEL_ENOTFOUND when absent. */
int store_feedback_get(db *d, arena *a, int64_t id, struct feedback *out, struct keel_err *e);

/* Writes text, channel, reference, customer_id, contact_id, product_id,
 * received_at, attributes, status (inbox/archived; linked is kept by the
 * links) and replaces the tags, when f->version is current; bumps it.
 * KEEL_ESTALE otherwise. */
int store_feedback_update(db *d, struct feedback *f, struct keel_err *e);

/* Returns up to q->limit + 1 items, newest first, and in *total (when not
 * NULL) how many match q in all. */
int store_feedback_list(db *d, arena *a, const struct feedback_query *q, struct feedback **out, size_t *n,
                        int64_t *total, struct keel_err *e);

/* Adds a link (feedback_id, idea_id or feature_id, quote, importance,
 * created_by, created_at); sets l->id. Bumps the item's link_count and version
 * and makes it 'linked'. KEEL_EEXISTS when the item is already linked there. */
int store_feedback_link_insert(db *d, struct feedback_link *l, struct keel_err *e);

/* Reads one link. KEEL_ENOTFOUND when absent. */
int store_feedback_link_get(db *d, arena *a, int64_t id, struct feedback_link *out, struct keel_err *e);

/* Removes a link; the item goes back to the inbox when it was its last (its
 * version is bumped, updated_at set to now). KEEL_ENOTFOUND when absent. */
int store_feedback_link_delete(db *d, int64_t id, int64_t now, struct keel_err *e);

/* Lists a feedback item's links, oldest first. */
int store_feedback_links(db *d, arena *a, int64_t feedback_id, struct feedback_link **out, size_t *n,
                         struct keel_err *e);

/* Demand for a feature: feedback linked to it directly or to the ideas that
 * became or joined it, and the customers who submitted those ideas. Or for an
 * idea: feedback linked to it, and its own customer. */
int store_demand_feature(db *d, arena *a, int64_t feature_id, struct demand *out, struct keel_err *e);
int store_demand_idea(db *d, arena *a, int64_t idea_id, struct demand *out, struct keel_err *e);

#endif
