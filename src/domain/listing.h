/* listing.h — sort orders and page cursors for lists of features and ideas.
 *
 * Lists are paged by keyset: a cursor names the last item of a page by its
 * sort value and id, so the next page starts right after it however many rows
 * come before, and rows added meanwhile do not shift pages. A cursor is an
 * opaque string to clients ("rice:s:675:12"); it is bound to its sort order. */
#ifndef KEEL_DOMAIN_LISTING_H
#define KEEL_DOMAIN_LISTING_H

#include <stdint.h>

#include "core/buf.h"
#include "core/err.h"

enum { PAGE_DEFAULT = 50, PAGE_MAX = 500 };

/* Feature orders: manual rank (ascending), RICE and ICE (highest first,
 * unscored last), last update (newest first). */
enum feature_sort { FSORT_RANK, FSORT_RICE, FSORT_ICE, FSORT_UPDATED, FSORT_COUNT };

/* Idea orders: newest first, most votes first, last update first. */
enum idea_sort { ISORT_NEWEST, ISORT_VOTES, ISORT_UPDATED, ISORT_COUNT };

struct cursor {
  int set;      /* 0: first page */
  int in_nulls; /* the last item had no score (only for score orders) */
  double score; /* sort value for score orders */
  int64_t ival; /* sort value for integer orders (rank, time, votes) */
  int64_t id;   /* tie-breaker */
};

const char *feature_sort_name(enum feature_sort s);
int feature_sort_parse(const char *s, enum feature_sort *out);
const char *idea_sort_name(enum idea_sort s);
int idea_sort_parse(const char *s, enum idea_sort *out);

/* Appends the cursor for sort order `sort` (a name from above). */
void cursor_encode(buf *b, const char *sort, const struct cursor *c);

/* Parses a cursor made by cursor_encode for the same sort order. Returns
 * KEEL_OK or KEEL_EINVAL (field "after"). NULL or "" gives an unset cursor. */
int cursor_decode(const char *s, const char *sort, struct cursor *out, struct keel_err *e);

/* Parses a page size: NULL gives PAGE_DEFAULT; otherwise 1..PAGE_MAX.
 * Returns KEEL_OK or KEEL_EINVAL (field "limit"). */
int page_limit_parse(const char *s, int *out, struct keel_err *e);

#endif
