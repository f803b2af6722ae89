/* page_search.h — pieces of the idea pages that come from search, duplicate
 * suggestions and merging (page_search.c). */
#ifndef KEEL_WEB_PAGE_SEARCH_H
#define KEEL_WEB_PAGE_SEARCH_H

#include "web/web.h"

/* Writes the "Possibly the same as…" panel of idea i: its closest ideas with
 * how alike they are, and for PMs the forms that merge i into one of them or
 * into any idea by number. Writes nothing for a merged idea. A failure to
 * look them up leaves the panel out (the page still shows). */
void html_similar_panel(struct req *r, const struct idea *i);

/* Writes the suggestions for an idea being written (a title and
 * description): a list with links, or a line saying there are none. */
void html_similar_list(struct req *r, const struct similar_hit *h, size_t n);

/* Writes the comments of the ideas merged into idea id, each marked "from
 * merged idea N" (nothing when none were merged). */
void html_merged_comments(struct req *r, int64_t id);

#endif
