/* page_portal.h — the customer portal's pieces other pages use (page_portal.c). */
#ifndef KEEL_WEB_PAGE_PORTAL_H
#define KEEL_WEB_PAGE_PORTAL_H

#include "web/web.h"

/* Starts a page in the portal's own layout: head, top bar, the portal's
 * navigation with nav ("ideas", "submit", "requests", "inbox" or NULL)
 * marked current; for portal users' pages outside /portal too (the inbox). */
void portal_page_begin(struct req *r, const char *title, const char *nav);

/* Ends a page begun with portal_page_begin and answers with status. */
void portal_page_end(struct req *r, int status);

/* Renders an error as a whole page in the portal's own layout (for paths
 * under /portal, so that a customer never meets the inside). */
void portal_page_error(struct req *r, int rc);

/* Writes, for PMs only, the panel of an idea's page that publishes it to the
 * portal (public title and description) or takes it off. */
void html_publish_panel(struct req *r, const struct idea *i);

#endif
