/* ideas.h — ideas and votes in the database. Results live in the caller's arena. */
#ifndef KEEL_STORE_IDEAS_H
#define KEEL_STORE_IDEAS_H

#include <stddef.h>

#include "domain/idea.h"
#include "domain/listing.h"
#include "store/db.h"

struct idea_query {
  int64_t product_id;   /* 0: every product */
  unsigned status_mask; /* bit (1u << status) per status wanted; 0: all */
  int source;           /* -1: any, else enum idea_source */
  int64_t submitted_by; /* 0: anyone */
  int64_t feature_id;   /* 0: any */
  const char *text;     /* NULL, or text the title must contain (case-insensitive) */
  int64_t viewer_id;    /* whose votes fill idea.voted (0: nobody) */
  int with_description; /* 0: items come back with description NULL */
  enum idea_sort sort;
  struct cursor after;
  int limit;
};

/* Inserts i (product_id, title, description, source, customer, status,
 * submitted_by, times, customer_id, contact_id, reference, is_public,
 * public_title, public_description, submitter_email); sets i->id and
 * i->version = 1. */
int store_idea_insert(db *d, struct idea *i, struct keel_err *e);

/* Reads an idea; viewer_id decides idea.voted. KEEL_ENOTFOUND when absent. */
int store_idea_get(db *d, arena *a, int64_t id, int64_t viewer_id, struct idea *out, struct keel_err *e);

/* Writes every mutable column (product_id, title, description, source,
 * customer, status, decline_reason, duplicate_of, feature_id, customer_id,
 * contact_id, reference, is_public, public_title, public_description,
 * merged_at) when i->version is current and bumps it. KEEL_ESTALE otherwise. */
int store_idea_update(db *d, struct idea *i, struct keel_err *e);

/* Returns up to q->limit + 1 ideas in q's order after q->after. */
int store_idea_list(db *d, arena *a, const struct idea_query *q, struct idea **out, size_t *n,
                    struct keel_err *e);

/* Adds a vote (*changed = 1) or finds it already there (*changed = 0); keeps
 * ideas.vote_count equal to the number of votes. */
int store_vote_add(db *d, int64_t idea_id, int64_t user_id, int64_t now, int *changed, struct keel_err *e);

/* Removes a vote if present (*changed tells), keeping vote_count in step. */
int store_vote_remove(db *d, int64_t idea_id, int64_t user_id, int *changed, struct keel_err *e);

#endif
