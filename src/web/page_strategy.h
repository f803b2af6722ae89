/* page_strategy.h — pieces of the strategy pages that other pages use. */
#ifndef KEEL_WEB_PAGE_STRATEGY_H
#define KEEL_WEB_PAGE_STRATEGY_H

#include "web/web.h"

/* Writes the feature page's strategy section: the personas feature f serves,
 * with a form to change them for PMs. Errors are shown in the section. */
void html_strategy_feature_section(struct req *r, const struct feature *f);

/* Writes a progress bar as server-drawn SVG for a percentage (clamped to
 * 0..100 for drawing), with the number beside it. */
void html_progress_bar(struct req *r, double percent);

/* Writes the objectives of product_key in period with their progress (for
 * the strategy overview). */
void html_objectives_summary(struct req *r, const char *product_key, const char *period);

/* Writes the initiative of feature f and the objectives it serves, with a
 * form to change it for PMs (inside the feature's strategy section). */
void html_feature_initiative(struct req *r, const struct feature *f);

/* Writes the initiatives and features serving an objective, with a form to
 * link another initiative for PMs. */
void html_objective_serving(struct req *r, int64_t objective_id, const char *product_key);

/* Writes the head of a strategy page of product p: crumbs (with crumb_extra
 * after the product, may be NULL), the title and the strategy sub-navigation. */
void html_strategy_head(struct req *r, const struct product *p, const char *title, const char *crumb_extra);

#endif
