/* page_history.h — the history list shared by feature, idea and workspace pages. */
#ifndef KEEL_WEB_PAGE_HISTORY_H
#define KEEL_WEB_PAGE_HISTORY_H

#include "web/web.h"

/* Writes the audit entries as a list of who did what, when, and which fields
 * changed from what to what. with_entity adds a link to each entity. */
void html_history(struct req *r, const struct audit_entry *items, size_t n, int with_entity);

/* Writes an entity's comments and, for those allowed, the form to add one. */
void html_comments(struct req *r, const struct comment *cs, size_t n, const char *post_path);

#endif
