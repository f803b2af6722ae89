/* page_demand.h — the "who wants it" panel of feature and idea pages (page_customer.c). */
#ifndef KEEL_WEB_PAGE_DEMAND_H
#define KEEL_WEB_PAGE_DEMAND_H

#include "web/web.h"

/* Writes the demand panel: customers, ARR, by segment, the quotes. With a
 * reach_action (a feature's "/features/KEY/reach" form target) and RICE
 * inputs, PMs get a button to use the customer count as RICE reach (or read
 * that it already is). */
void html_demand_panel(struct req *r, const struct demand *d, const char *reach_action, int64_t version,
                       double current_reach, int has_rice);

#endif
