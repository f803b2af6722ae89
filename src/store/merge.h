/* merge.h — moving what belongs to one idea onto another when a PM merges
 * duplicates, and finding the ideas merged into one. Call the moves inside
 * the merge's transaction; results live in the caller's arena. */
#ifndef KEEL_STORE_MERGE_H
#define KEEL_STORE_MERGE_H

#include <stddef.h>
#include <stdint.h>

#include "store/db.h"

enum { MERGED_IDS_MAX = 1000 }; /* ideas gathered into one survivor (directly or through others) */

/* What an idea has that a merge moves. */
struct merge_counts {
  int64_t votes, feedback, followers;
};

/* Counts an idea's votes, feedback links and followers. */
int store_merge_counts(db *d, int64_t idea_id, struct merge_counts *out, struct keel_err *e);

/* Moves the votes of idea from to idea into: a voter of both keeps one vote
 * (the earlier), and both ideas' vote_count are recounted. */
int store_merge_votes(db *d, int64_t from, int64_t into, struct keel_err *e);

/* Moves the feedback links of idea from to idea into. A feedback item linked
 * to both keeps the survivor's link, with the higher importance of the two
 * and the survivor's quote unless it is empty (then the merged link's); its
 * link_count drops by one. Every feedback item whose links changed gets a new
 * version and updated_at = now. */
int store_merge_links(db *d, int64_t from, int64_t into, int64_t now, struct keel_err *e);

/* Moves the followers of idea from to idea into (each once) and adds
 * extra_user (0: nobody) as a follower of into, at now. */
int store_merge_followers(db *d, int64_t from, int64_t into, int64_t extra_user, int64_t now, struct keel_err *e);

/* Lists the ideas merged into survivor, directly or through ideas merged
 * into it, nearest first (at most MERGED_IDS_MAX). */
int store_merged_ids(db *d, arena *a, int64_t survivor, int64_t **ids, size_t *n, struct keel_err *e);

#endif
