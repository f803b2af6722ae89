/* page_plan.h — the planning section a feature's page shows (page_plan.c). */
#ifndef KEEL_WEB_PAGE_PLAN_H
#define KEEL_WEB_PAGE_PLAN_H

#include "web/web.h"

/* Appends f's team, size, category and dependencies to r->out. Shows nothing
 * when they cannot be read (the page stays usable). */
void page_feature_planning(struct req *r, const struct feature *f);

#endif
