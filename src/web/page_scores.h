/* page_scores.h — the scoring frameworks' part of the feature page. */
#ifndef KEEL_WEB_PAGE_SCORES_H
#define KEEL_WEB_PAGE_SCORES_H

#include "web/web.h"

/* Writes the "Scoring frameworks" section for feature f: every framework's
 * value, displayed value and arithmetic, the product's main framework
 * marked, and (when pm) a form per framework. Errors reading the scores are
 * shown inside the section rather than failing the page. */
void html_scores_section(struct req *r, const struct feature *f, int pm);

#endif
