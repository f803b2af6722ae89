/* handlers.h — every route handler, named after its route (see routes.c). */
#ifndef KEEL_WEB_HANDLERS_H
#define KEEL_WEB_HANDLERS_H

#include "web/web.h"

/* JSON API (api_*.c) */
int api_openapi(struct req *r);
int api_me(struct req *r);
int api_me_password(struct req *r);
int api_products_list(struct req *r);
int api_products_create(struct req *r);
int api_products_get(struct req *r);
int api_products_update(struct req *r);
int api_features_list(struct req *r);
int api_features_create(struct req *r);
int api_features_get(struct req *r);
int api_features_update(struct req *r);
int api_features_move(struct req *r);
int api_features_ideas(struct req *r);
int api_ideas_list(struct req *r);
int api_ideas_create(struct req *r);
int api_ideas_get(struct req *r);
int api_ideas_update(struct req *r);
int api_ideas_review(struct req *r);
int api_ideas_promote(struct req *r);
int api_ideas_decline(struct req *r);
int api_ideas_duplicate(struct req *r);
int api_ideas_reopen(struct req *r);
int api_ideas_vote(struct req *r);
int api_ideas_unvote(struct req *r);
int api_comments_list(struct req *r);
int api_comments_add(struct req *r);
int api_entity_history(struct req *r);
int api_history(struct req *r);
int api_users_list(struct req *r);
int api_users_create(struct req *r);
int api_users_get(struct req *r);
int api_users_update(struct req *r);
int api_tokens_list(struct req *r);
int api_tokens_create(struct req *r);
int api_tokens_revoke(struct req *r);
int api_jobs_list(struct req *r);
int api_jobs_create(struct req *r);

/* Pages (page_*.c) */
int page_home(struct req *r);
int page_health(struct req *r);
int page_login(struct req *r);
int page_login_submit(struct req *r);
int page_logout(struct req *r);
int page_backlog(struct req *r);
int page_backlog_csv(struct req *r);
int page_board(struct req *r);
int page_feature_new(struct req *r);
int page_feature_create(struct req *r);
int page_feature(struct req *r);
int page_feature_edit(struct req *r);
int page_feature_update(struct req *r);
int page_feature_move(struct req *r);
int page_feature_comment(struct req *r);
int page_ideas(struct req *r);
int page_ideas_mine(struct req *r);
int page_idea_new(struct req *r);
int page_idea_create(struct req *r);
int page_idea(struct req *r);
int page_idea_edit(struct req *r);
int page_idea_update(struct req *r);
int page_idea_triage(struct req *r);
int page_idea_vote(struct req *r);
int page_idea_comment(struct req *r);
int page_products(struct req *r);
int page_product_create(struct req *r);
int page_product(struct req *r);
int page_product_update(struct req *r);
int page_history(struct req *r);
int page_users(struct req *r);
int page_user_create(struct req *r);
int page_user_update(struct req *r);
int page_jobs(struct req *r);
int page_job_create(struct req *r);
int page_account(struct req *r);
int page_account_password(struct req *r);
int page_account_token_create(struct req *r);
int page_account_token_revoke(struct req *r);

/* Static assets (assets.c) */
int asset_css(struct req *r);
int asset_js(struct req *r);

#endif
