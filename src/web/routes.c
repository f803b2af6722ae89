/* routes.c — the route table, path matching and the OpenAPI description. */
#include "web/routes.h"

#include <string.h>

#include "web/handlers.h"

/* Keep API rows under /api/v1 and page rows grouped by area. */
const struct route routes[] = {
    /* JSON API */
    {"GET", "/api/v1/openapi.json", api_openapi, CAP_PUBLIC, RK_API, "This API's description (OpenAPI 3.0)", NULL, RC_NONE},
    {"GET", "/api/v1/me", api_me, CAP_PORTAL, RK_API, "The signed-in user", NULL, RC_NONE},
    {"POST", "/api/v1/me/password", api_me_password, CAP_PORTAL, RK_API, "Change your password (ends your sessions)",
     "current_password*,new_password*", RC_NONE},
    {"GET", "/api/v1/products", api_products_list, CAP_READ, RK_API, "List products", NULL, RC_SHARED},
    {"POST", "/api/v1/products", api_products_create, CAP_PRODUCT, RK_API, "Add a product", "key*,name*,description", RC_NONE},
    {"GET", "/api/v1/products/{key}", api_products_get, CAP_READ, RK_API, "Get a product (with ETag)", NULL, RC_NONE},
    {"PATCH", "/api/v1/products/{key}", api_products_update, CAP_PRODUCT, RK_API, "Edit a product (If-Match)",
     "name,description,now_limit", RC_NONE},
    {"GET", "/api/v1/features", api_features_list, CAP_READ, RK_API,
     "List the backlog: product, status (names, open, all), horizon, q, sort (rank, rice, ice, updated), after, limit, include=description",
     NULL, RC_SHARED},
    {"POST", "/api/v1/features", api_features_create, CAP_PRODUCT, RK_API, "Add a feature",
     "product*,title*,description,status,horizon,rice,ice", RC_NONE},
    {"GET", "/api/v1/features/{key}", api_features_get, CAP_READ, RK_API, "Get a feature with its scores (with ETag)",
     NULL, RC_NONE},
    {"PATCH", "/api/v1/features/{key}", api_features_update, CAP_PRODUCT, RK_API,
     "Edit a feature (If-Match); rice/ice merge, null clears", "title,description,status,horizon,rice,ice,displace,displace_to,reason", RC_NONE},
    {"POST", "/api/v1/features/{key}/move", api_features_move, CAP_PRODUCT, RK_API,
     "Rank a feature or move it on the board (If-Match); into a full Now, name what moves out",
     "horizon,before,after,position,displace,displace_to,reason", RC_NONE},
    /* focus: trade-offs made explicit and focus health */
    {"GET", "/api/v1/tradeoffs", api_tradeoffs_list, CAP_READ, RK_API, "Trade-off decisions of a product: product*, limit",
     NULL, RC_NONE},
    {"GET", "/api/v1/focus", api_focus, CAP_READ, RK_API,
     "Focus health of a product: churn of Now, dwell time, work in progress, strategy age; product*", NULL, RC_NONE},
    {"GET", "/api/v1/features/{key}/ideas", api_features_ideas, CAP_READ, RK_API, "Ideas linked to a feature", NULL, RC_NONE},
    {"GET", "/api/v1/features/{key}/comments", api_comments_list, CAP_READ, RK_API, "Comments on a feature", NULL, RC_NONE},
    {"POST", "/api/v1/features/{key}/comments", api_comments_add, CAP_SUBMIT, RK_API, "Comment on a feature", "body*", RC_NONE},
    {"GET", "/api/v1/features/{key}/history", api_entity_history, CAP_READ, RK_API, "A feature's history", NULL, RC_NONE},
    /* scoring frameworks: scores, criteria, main framework, ranking */
    {"GET", "/api/v1/features/{key}/scores", api_scores_list, CAP_READ, RK_API,
     "A feature's score in every framework, with the arithmetic, and the product's main framework", NULL, RC_NONE},
    {"PUT", "/api/v1/features/{key}/scores/{framework}", api_scores_put, CAP_PRODUCT, RK_API,
     "Score a feature in a framework (rice, ice, wsjf, weighted, value_effort, moscow, kano) with its inputs; If-Match optional",
     NULL, RC_NONE},
    {"DELETE", "/api/v1/features/{key}/scores/{framework}", api_scores_delete, CAP_PRODUCT, RK_API,
     "Clear a feature's score in a framework; If-Match optional", NULL, RC_NONE},
    {"GET", "/api/v1/products/{key}/criteria", api_criteria_list, CAP_READ, RK_API, "A product's weighted-scoring criteria",
     NULL, RC_NONE},
    {"POST", "/api/v1/products/{key}/criteria", api_criteria_create, CAP_PRODUCT, RK_API,
     "Add a criterion (weights >= 0, not all 0); weighted scores are recomputed", "name*,weight*,position,objective_id", RC_NONE},
    {"PATCH", "/api/v1/criteria/{id}", api_criteria_update, CAP_PRODUCT, RK_API,
     "Edit a criterion (If-Match); a new weight rescores the product", "name,weight,position,objective_id", RC_NONE},
    {"DELETE", "/api/v1/criteria/{id}", api_criteria_delete, CAP_PRODUCT, RK_API,
     "Remove a criterion (If-Match); the product is rescored", NULL, RC_NONE},
    {"PUT", "/api/v1/products/{key}/framework", api_products_framework, CAP_PRODUCT, RK_API,
     "Choose a product's main framework (If-Match)", "main_framework*", RC_NONE},
    {"GET", "/api/v1/products/{key}/ranking", api_products_ranking, CAP_READ, RK_API,
     "A product's features ranked by a framework, best first: framework (default: the main one), offset, limit", NULL,
     RC_NONE},
    {"GET", "/api/v1/ideas", api_ideas_list, CAP_READ, RK_API,
     "List ideas: product, status, source, feature, mine, q, sort (newest, votes, updated), after, limit, include=description", NULL,
     RC_USER},
    {"POST", "/api/v1/ideas", api_ideas_create, CAP_SUBMIT, RK_API, "Submit an idea",
     "product*,title*,description,source,customer", RC_NONE},
    {"GET", "/api/v1/matrix", api_matrix, CAP_READ, RK_API,
     "Impact vs effort matrix: quadrants and points of open features scored in value vs effort; product, initiative, "
     "team",
     NULL, RC_SHARED},
    {"GET", "/api/v1/search", api_search, CAP_READ, RK_API,
     "Search feedback, ideas and features: q (words, \"phrases\", -word, prefix*), type (feedback,idea,feature), product, "
     "limit, after",
     NULL, RC_NONE},
    {"GET", "/api/v1/ideas/similar", api_ideas_similar_text, CAP_READ, RK_API,
     "Ideas like a title and description not yet submitted: title, description, product", NULL, RC_NONE},
    {"GET", "/api/v1/ideas/{id}/similar", api_ideas_similar, CAP_READ, RK_API, "Ideas that may be the same as this one",
     NULL, RC_NONE},
    {"POST", "/api/v1/ideas/{id}/merge", api_ideas_merge, CAP_PRODUCT, RK_API,
     "Merge an idea into another (If-Match): votes, feedback links and followers move", "into*", RC_NONE},
    {"GET", "/api/v1/feedback/{id}/similar", api_feedback_similar, CAP_READ, RK_API,
     "Ideas and features a feedback item resembles", NULL, RC_NONE},
    {"GET", "/api/v1/ideas/{id}", api_ideas_get, CAP_READ, RK_API, "Get an idea (with ETag)", NULL, RC_NONE},
    {"PATCH", "/api/v1/ideas/{id}", api_ideas_update, CAP_SUBMIT, RK_API,
     "Edit an idea (If-Match; the submitter while new, or a PM)", "product,title,description,source,customer", RC_NONE},
    {"POST", "/api/v1/ideas/{id}/review", api_ideas_review, CAP_PRODUCT, RK_API, "Put an idea under review (If-Match)",
     NULL, RC_NONE},
    {"POST", "/api/v1/ideas/{id}/promote", api_ideas_promote, CAP_PRODUCT, RK_API,
     "Plan an idea: a new feature, or link to an existing one (If-Match)", "feature", RC_NONE},
    {"POST", "/api/v1/ideas/{id}/decline", api_ideas_decline, CAP_PRODUCT, RK_API, "Decline an idea with a reason (If-Match)",
     "reason*", RC_NONE},
    {"POST", "/api/v1/ideas/{id}/duplicate", api_ideas_duplicate, CAP_PRODUCT, RK_API,
     "Mark an idea as a duplicate of another (If-Match)", "of*", RC_NONE},
    {"POST", "/api/v1/ideas/{id}/reopen", api_ideas_reopen, CAP_PRODUCT, RK_API, "Put a closed idea back under review (If-Match)",
     NULL, RC_NONE},
    {"POST", "/api/v1/ideas/{id}/vote", api_ideas_vote, CAP_SUBMIT, RK_API, "Vote for an idea (once per user)", NULL, RC_NONE},
    {"DELETE", "/api/v1/ideas/{id}/vote", api_ideas_unvote, CAP_SUBMIT, RK_API, "Withdraw your vote", NULL, RC_NONE},
    {"GET", "/api/v1/ideas/{id}/comments", api_comments_list, CAP_READ, RK_API, "Comments on an idea", NULL, RC_NONE},
    {"POST", "/api/v1/ideas/{id}/comments", api_comments_add, CAP_SUBMIT, RK_API,
     "Comment on an idea (public: true shows it to customers in the portal)", "body*,public", RC_NONE},
    {"GET", "/api/v1/ideas/{id}/history", api_entity_history, CAP_READ, RK_API, "An idea's history", NULL, RC_NONE},
    {"POST", "/api/v1/ideas/{id}/publish", api_ideas_publish, CAP_PRODUCT, RK_API,
     "Publish an idea to the customer portal, or change its public text (If-Match)", "public_title,public_description",
     RC_NONE},
    {"POST", "/api/v1/ideas/{id}/unpublish", api_ideas_unpublish, CAP_PRODUCT, RK_API,
     "Take an idea off the customer portal (If-Match)", NULL, RC_NONE},
    {"GET", "/api/v1/history", api_history, CAP_READ, RK_API, "Recent changes across the workspace", NULL, RC_NONE},
    {"GET", "/api/v1/customers", api_customers_list, CAP_READ, RK_API,
     "List customers: q, segment, sort (name, arr), after, limit", NULL, RC_NONE},
    {"POST", "/api/v1/customers", api_customers_create, CAP_PRODUCT, RK_API, "Add a customer", "name*,segment,arr,plan",
     RC_NONE},
    {"GET", "/api/v1/customers/{ref}", api_customers_get, CAP_READ, RK_API, "Get a customer by id or name (with ETag)",
     NULL, RC_NONE},
    {"PATCH", "/api/v1/customers/{ref}", api_customers_update, CAP_PRODUCT, RK_API, "Edit a customer (If-Match)",
     "name,segment,arr,plan", RC_NONE},
    {"GET", "/api/v1/customers/{ref}/contacts", api_contacts_list, CAP_READ, RK_API, "A customer's contacts", NULL,
     RC_NONE},
    {"POST", "/api/v1/customers/{ref}/contacts", api_contacts_create, CAP_PRODUCT, RK_API, "Add a contact to a customer",
     "name*,email", RC_NONE},
    {"POST", "/api/v1/feedback/import", api_feedback_import, CAP_PRODUCT, RK_API,
     "Import feedback from a CSV/TSV file sent as the body (Content-Type text/csv or text/tab-separated-values; up to "
     "the setting import.max_bytes): map (text:COLUMN,customer:COLUMN,...), meta, na, channel, product, delimiter, "
     "quotes (rfc, none), dry_run, name. All or nothing: a bad row is a 422 naming line and column",
     NULL, RC_NONE},
    {"GET", "/api/v1/feedback/export", api_feedback_export, CAP_READ, RK_API,
     "Every feedback item as a file: format (csv, json); the CSV re-imports with the obvious mapping", NULL, RC_NONE},
    {"GET", "/api/v1/feedback", api_feedback_list, CAP_READ, RK_API,
     "List feedback, newest first: status (inbox, linked, archived, all), channel, customer, product, tag, idea, feature, "
     "after, limit; with the total",
     NULL, RC_NONE},
    {"POST", "/api/v1/feedback", api_feedback_create, CAP_SUBMIT, RK_API, "Record feedback",
     "text*,channel,reference,customer,customer_name,contact,contact_email,contact_name,product,received_at,tags,"
     "attributes,status",
     RC_NONE},
    {"GET", "/api/v1/feedback/{id}", api_feedback_get, CAP_READ, RK_API, "Get feedback with its links (with ETag)", NULL,
     RC_NONE},
    {"PATCH", "/api/v1/feedback/{id}", api_feedback_update, CAP_SUBMIT, RK_API,
     "Edit or triage feedback (If-Match; a PM, or its submitter while in the inbox)",
     "text,channel,reference,customer,customer_name,contact,contact_email,contact_name,product,received_at,tags,"
     "attributes,status",
     RC_NONE},
    {"POST", "/api/v1/feedback/{id}/link", api_feedback_link, CAP_PRODUCT, RK_API,
     "Link feedback to an idea or a feature, with the quote that matters", "idea,feature,quote,importance", RC_NONE},
    {"DELETE", "/api/v1/feedback/{id}/links/{link}", api_feedback_unlink, CAP_PRODUCT, RK_API, "Remove a link", NULL,
     RC_NONE},
    {"GET", "/api/v1/features/{key}/demand", api_features_demand, CAP_READ, RK_API,
     "Who wants a feature: customers, ARR, by segment, quotes", NULL, RC_SHARED},
    {"POST", "/api/v1/features/{key}/reach-from-demand", api_features_reach_from_demand, CAP_PRODUCT, RK_API,
     "Set RICE reach to the customers asking (If-Match)", NULL, RC_NONE},
    {"GET", "/api/v1/ideas/{id}/demand", api_ideas_demand, CAP_READ, RK_API,
     "Who wants an idea: customers, ARR, by segment, quotes", NULL, RC_SHARED},
    {"GET", "/api/v1/portal/ideas", api_portal_ideas, CAP_PORTAL, RK_API,
     "The customer portal: published ideas (public title and description only): product, status, sort (votes, newest), "
     "after, limit",
     NULL, RC_USER},
    {"POST", "/api/v1/portal/ideas", api_portal_submit, CAP_PORTAL, RK_API,
     "Submit a request: a new private idea from your customer", "product*,title*,description", RC_NONE},
    {"GET", "/api/v1/portal/ideas/{id}", api_portal_idea, CAP_PORTAL, RK_API,
     "A published idea, or one of your requests (404 for anything else)", NULL, RC_NONE},
    {"POST", "/api/v1/portal/ideas/{id}/vote", api_portal_vote, CAP_PORTAL, RK_API, "Vote for an idea in the portal", NULL,
     RC_NONE},
    {"DELETE", "/api/v1/portal/ideas/{id}/vote", api_portal_unvote, CAP_PORTAL, RK_API, "Withdraw your vote", NULL, RC_NONE},
    {"GET", "/api/v1/portal/ideas/{id}/comments", api_portal_comments, CAP_PORTAL, RK_API,
     "The comments customers read on an idea", NULL, RC_NONE},
    {"POST", "/api/v1/portal/ideas/{id}/comments", api_portal_comment, CAP_PORTAL, RK_API,
     "Comment on an idea (everyone who sees the idea reads it)", "body*", RC_NONE},
    {"GET", "/api/v1/portal/requests", api_portal_requests, CAP_PORTAL, RK_API,
     "My requests: ideas you submitted or voted for, with where each stands: product, status, after, limit", NULL,
     RC_NONE},
    {"GET", "/api/v1/portal/products", api_portal_products, CAP_PORTAL, RK_API, "Products to file requests under", NULL,
     RC_NONE},
    {"GET", "/api/v1/users", api_users_list, CAP_ADMIN, RK_API, "List users", NULL, RC_NONE},
    {"POST", "/api/v1/users", api_users_create, CAP_ADMIN, RK_API, "Add a user (customer: a portal user's customer id)",
     "email*,name*,role*,password*,customer", RC_NONE},
    {"GET", "/api/v1/users/{id}", api_users_get, CAP_ADMIN, RK_API, "Get a user (with ETag)", NULL, RC_NONE},
    {"PATCH", "/api/v1/users/{id}", api_users_update, CAP_ADMIN, RK_API,
     "Change a user's name, role, access or customer (If-Match)", "name,role,active,customer", RC_NONE},
    {"GET", "/api/v1/tokens", api_tokens_list, CAP_READ, RK_API, "Your API tokens", NULL, RC_NONE},
    {"POST", "/api/v1/tokens", api_tokens_create, CAP_READ, RK_API, "Create an API token (shown once)", "name", RC_NONE},
    {"DELETE", "/api/v1/tokens/{id}", api_tokens_revoke, CAP_READ, RK_API, "Revoke one of your API tokens", NULL, RC_NONE},
    {"GET", "/api/v1/jobs", api_jobs_list, CAP_ADMIN, RK_API, "Background jobs: status (names or all), limit", NULL, RC_NONE},
    {"POST", "/api/v1/jobs", api_jobs_create, CAP_ADMIN, RK_API, "Queue a background job (housekeeping, recount)",
     "kind*,in", RC_NONE},
    {"POST", "/api/v1/ideas/{id}/follow", api_ideas_follow, CAP_READ, RK_API, "Follow an idea: hear of its status changes",
     NULL, RC_NONE},
    {"DELETE", "/api/v1/ideas/{id}/follow", api_ideas_unfollow, CAP_READ, RK_API, "Stop following an idea", NULL, RC_NONE},
    {"GET", "/api/v1/notifications", api_notifications_list, CAP_PORTAL, RK_API,
     "Your notifications, newest first, with the unread count: unread (true, false), before, limit", NULL, RC_NONE},
    {"POST", "/api/v1/notifications/{id}/read", api_notifications_read, CAP_PORTAL, RK_API, "Mark one of your notifications read",
     NULL, RC_NONE},
    {"POST", "/api/v1/notifications/read-all", api_notifications_read_all, CAP_PORTAL, RK_API,
     "Mark all your notifications read", NULL, RC_NONE},
    {"GET", "/api/v1/webhooks", api_webhooks_list, CAP_ADMIN, RK_API, "Webhooks, with their waiting and failed deliveries",
     NULL, RC_NONE},
    {"POST", "/api/v1/webhooks", api_webhooks_create, CAP_ADMIN, RK_API,
     "Add a webhook; its secret (made when not given) is shown once", "url*,events,secret,active", RC_NONE},
    {"GET", "/api/v1/webhooks/{id}", api_webhooks_get, CAP_ADMIN, RK_API, "Get a webhook (with ETag)", NULL, RC_NONE},
    {"PATCH", "/api/v1/webhooks/{id}", api_webhooks_update, CAP_ADMIN, RK_API,
     "Change a webhook's URL, events, secret or whether it is on (If-Match)", "url,events,secret,active", RC_NONE},
    {"DELETE", "/api/v1/webhooks/{id}", api_webhooks_delete, CAP_ADMIN, RK_API, "Remove a webhook and its deliveries", NULL,
     RC_NONE},
    {"GET", "/api/v1/webhooks/{id}/deliveries", api_webhooks_deliveries, CAP_ADMIN, RK_API,
     "A webhook's deliveries, newest first: before, limit", NULL, RC_NONE},
    {"POST", "/api/v1/webhooks/{id}/test", api_webhooks_test, CAP_ADMIN, RK_API, "Queue a ping delivery to a webhook", NULL,
     RC_NONE},
    {"GET", "/api/v1/settings", api_settings_list, CAP_ADMIN, RK_API, "Workspace settings (secrets masked)", NULL, RC_NONE},
    {"GET", "/api/v1/settings/{key}", api_settings_get, CAP_ADMIN, RK_API, "One workspace setting", NULL, RC_NONE},
    {"PUT", "/api/v1/settings/{key}", api_settings_put, CAP_ADMIN, RK_API, "Set a workspace setting", "value*", RC_NONE},
    {"DELETE", "/api/v1/settings/{key}", api_settings_delete, CAP_ADMIN, RK_API, "Unset a workspace setting (its default applies)",
     NULL, RC_NONE},
    /* planning: teams, capacity, dependencies, allocation and the planner (api_plan.c) */
    {"GET", "/api/v1/teams", api_teams_list, CAP_READ, RK_API, "A product's teams with their capacity: product*, period",
     NULL, RC_NONE},
    {"POST", "/api/v1/teams", api_teams_create, CAP_PRODUCT, RK_API, "Add a team", "product*,name*,wip_limit", RC_NONE},
    {"GET", "/api/v1/teams/{id}", api_teams_get, CAP_READ, RK_API, "Get a team (with ETag): period", NULL, RC_NONE},
    {"PATCH", "/api/v1/teams/{id}", api_teams_update, CAP_PRODUCT, RK_API, "Rename a team or change its WIP limit (If-Match)",
     "name,wip_limit", RC_NONE},
    {"DELETE", "/api/v1/teams/{id}", api_teams_delete, CAP_PRODUCT, RK_API, "Remove a team (If-Match)", NULL, RC_NONE},
    {"PUT", "/api/v1/teams/{id}/capacity/{period}", api_teams_capacity, CAP_PRODUCT, RK_API,
     "Set a team's capacity for a quarter (person-months)", "capacity*", RC_NONE},
    {"GET", "/api/v1/features/{key}/dependencies", api_feature_deps_get, CAP_READ, RK_API,
     "A feature's team, size, category and dependencies", NULL, RC_NONE},
    {"POST", "/api/v1/features/{key}/dependencies", api_feature_deps_add, CAP_PRODUCT, RK_API,
     "Make a feature depend on another (a cycle is refused)", "on*", RC_NONE},
    {"DELETE", "/api/v1/features/{key}/dependencies", api_feature_deps_remove, CAP_PRODUCT, RK_API,
     "Remove a dependency (on in the body or the query)", "on", RC_NONE},
    {"GET", "/api/v1/products/{key}/allocation", api_allocation_get, CAP_READ, RK_API,
     "Allocation targets against the shares on Now, per team and in total: period", NULL, RC_NONE},
    {"PUT", "/api/v1/products/{key}/allocation", api_allocation_put, CAP_PRODUCT, RK_API,
     "Replace the allocation targets of a quarter (percent per category): period",
     "innovation,infrastructure,customer_requests,objectives,keep_the_lights_on", RC_NONE},
    {"GET", "/api/v1/plan", api_plan, CAP_READ, RK_API,
     "The planner's proposal: product*, period (default: this quarter)", NULL, RC_NONE},

    /* strategy: vision, personas, objectives and key results */
    {"GET", "/api/v1/products/{key}/vision", api_vision_get, CAP_READ, RK_API,
     "A product's vision: the newest revision, or revision=N (ETag: the revision)", NULL, RC_NONE},
    {"PUT", "/api/v1/products/{key}/vision", api_vision_put, CAP_PRODUCT, RK_API,
     "Save a new revision of the vision; base_revision (or If-Match) names the one it started from; reason from the second on",
     "why,how,what,value_proposition,target_personas,differentiation,alignment,reason,base_revision", RC_NONE},
    {"GET", "/api/v1/products/{key}/vision/revisions", api_vision_revisions, CAP_READ, RK_API,
     "Every revision of the vision, newest first", NULL, RC_NONE},
    {"GET", "/api/v1/products/{key}/vision/compare", api_vision_compare, CAP_READ, RK_API,
     "Two revisions field by field: from, to", NULL, RC_NONE},
    {"GET", "/api/v1/products/{key}/personas", api_personas_list, CAP_READ, RK_API, "A product's personas", NULL, RC_NONE},
    {"POST", "/api/v1/products/{key}/personas", api_personas_create, CAP_PRODUCT, RK_API, "Add a persona",
     "name*,description,says,thinks,does,feels,goals,pains", RC_NONE},
    {"GET", "/api/v1/personas/{id}", api_persona_get, CAP_READ, RK_API, "A persona and the features serving it (with ETag)",
     NULL, RC_NONE},
    {"PATCH", "/api/v1/personas/{id}", api_persona_update, CAP_PRODUCT, RK_API, "Edit a persona (If-Match)",
     "name,description,says,thinks,does,feels,goals,pains", RC_NONE},
    {"DELETE", "/api/v1/personas/{id}", api_persona_delete, CAP_PRODUCT, RK_API, "Remove a persona (If-Match)", NULL, RC_NONE},
    {"GET", "/api/v1/features/{key}/personas", api_feature_personas_get, CAP_READ, RK_API, "The personas a feature serves",
     NULL, RC_NONE},
    {"PUT", "/api/v1/features/{key}/personas", api_feature_personas_put, CAP_PRODUCT, RK_API,
     "Set the personas a feature serves (ids or names)", "personas*", RC_NONE},
    {"GET", "/api/v1/objectives", api_objectives_list, CAP_READ, RK_API,
     "Objectives with key results and progress: product, period (2026-Q4)", NULL, RC_NONE},
    {"POST", "/api/v1/objectives", api_objectives_create, CAP_PRODUCT, RK_API, "Add an objective",
     "product*,period*,title*,description,status,owner", RC_NONE},
    {"GET", "/api/v1/objectives/{id}", api_objective_get, CAP_READ, RK_API, "An objective with its key results (with ETag)",
     NULL, RC_NONE},
    {"PATCH", "/api/v1/objectives/{id}", api_objective_update, CAP_PRODUCT, RK_API, "Edit an objective (If-Match)",
     "period,title,description,status,owner", RC_NONE},
    {"GET", "/api/v1/objectives/{id}/key-results", api_objective_krs, CAP_READ, RK_API, "An objective's key results", NULL,
     RC_NONE},
    {"POST", "/api/v1/objectives/{id}/key-results", api_objective_krs_create, CAP_PRODUCT, RK_API,
     "Add a key result (target must differ from baseline)", "title*,metric,unit,baseline*,target*", RC_NONE},
    {"GET", "/api/v1/key-results/{id}", api_kr_get, CAP_READ, RK_API, "A key result with its check-ins (with ETag)", NULL,
     RC_NONE},
    {"PATCH", "/api/v1/key-results/{id}", api_kr_update, CAP_PRODUCT, RK_API, "Edit a key result (If-Match)",
     "title,metric,unit,baseline,target", RC_NONE},
    {"POST", "/api/v1/key-results/{id}/checkins", api_kr_checkin, CAP_PRODUCT, RK_API,
     "Check in a key result's value (If-Match optional)", "value*,comment", RC_NONE},

    {"GET", "/api/v1/products/{key}/initiatives", api_initiatives_list, CAP_READ, RK_API, "A product's initiatives", NULL,
     RC_NONE},
    {"POST", "/api/v1/products/{key}/initiatives", api_initiatives_create, CAP_PRODUCT, RK_API, "Add an initiative",
     "name*,description", RC_NONE},
    {"GET", "/api/v1/initiatives/{id}", api_initiative_get, CAP_READ, RK_API,
     "An initiative with the objectives it serves and its features (with ETag)", NULL, RC_NONE},
    {"PATCH", "/api/v1/initiatives/{id}", api_initiative_update, CAP_PRODUCT, RK_API, "Edit an initiative (If-Match)",
     "name,description", RC_NONE},
    {"POST", "/api/v1/initiatives/{id}/objectives", api_initiative_link, CAP_PRODUCT, RK_API,
     "Link an objective to an initiative (linked: false unlinks)", "objective*,linked", RC_NONE},
    {"GET", "/api/v1/features/{key}/initiative", api_feature_initiative_get, CAP_READ, RK_API,
     "A feature's initiative and the objectives it serves", NULL, RC_NONE},
    {"PUT", "/api/v1/features/{key}/initiative", api_feature_initiative_put, CAP_PRODUCT, RK_API,
     "Put a feature in an initiative (id or name; null for none)", "initiative*", RC_NONE},

    {"GET", "/api/v1/products/{key}/competitors", api_competitors_list, CAP_READ, RK_API, "A product's competitors", NULL,
     RC_NONE},
    {"POST", "/api/v1/products/{key}/competitors", api_competitors_create, CAP_PRODUCT, RK_API, "Add a competitor",
     "name*,website,strengths,weaknesses", RC_NONE},
    {"GET", "/api/v1/competitors/{id}", api_competitor_get, CAP_READ, RK_API, "A competitor (with ETag)", NULL, RC_NONE},
    {"PATCH", "/api/v1/competitors/{id}", api_competitor_update, CAP_PRODUCT, RK_API, "Edit a competitor (If-Match)",
     "name,website,strengths,weaknesses", RC_NONE},
    {"DELETE", "/api/v1/competitors/{id}", api_competitor_delete, CAP_PRODUCT, RK_API, "Remove a competitor (If-Match)", NULL,
     RC_NONE},
    {"GET", "/api/v1/products/{key}/capabilities", api_capabilities_list, CAP_READ, RK_API,
     "The capability comparison: capabilities with our level and each competitor's (0 none .. 3 leading)", NULL, RC_NONE},
    {"POST", "/api/v1/products/{key}/capabilities", api_capabilities_create, CAP_PRODUCT, RK_API,
     "Add a capability with our level", "name*,ours,note", RC_NONE},
    {"PATCH", "/api/v1/capabilities/{id}", api_capability_update, CAP_PRODUCT, RK_API,
     "Change our level or the note of a capability (If-Match)", "ours,note", RC_NONE},
    {"PUT", "/api/v1/capabilities/{id}/competitors/{competitor}", api_capability_level, CAP_PRODUCT, RK_API,
     "Set a competitor's level at a capability", "level*,note", RC_NONE},

    /* Pages */
    {"GET", "/", page_home, CAP_PORTAL, RK_PAGE, "Start page (the backlog; the portal for portal users)", NULL, RC_NONE},
    {"GET", "/healthz", page_health, CAP_PUBLIC, RK_PAGE, "Health check", NULL, RC_NONE},
    {"GET", "/login", page_login, CAP_PUBLIC, RK_PAGE, "Sign-in form", NULL, RC_NONE},
    {"POST", "/login", page_login_submit, CAP_PUBLIC, RK_PAGE, "Sign in", NULL, RC_NONE},
    {"POST", "/logout", page_logout, CAP_PORTAL, RK_PAGE, "Sign out", NULL, RC_NONE},
    {"GET", "/backlog", page_backlog, CAP_READ, RK_PAGE, "The ranked backlog", NULL, RC_SESSION},
    {"GET", "/backlog.csv", page_backlog_csv, CAP_READ, RK_PAGE, "The backlog as CSV", NULL, RC_NONE},
    {"GET", "/board", page_board, CAP_READ, RK_PAGE, "Now / Next / Later board", NULL, RC_SESSION},
    {"GET", "/features/new", page_feature_new, CAP_PRODUCT, RK_PAGE, "New feature form", NULL, RC_NONE},
    {"POST", "/features", page_feature_create, CAP_PRODUCT, RK_PAGE, "Add a feature", NULL, RC_NONE},
    {"GET", "/features/{key}", page_feature, CAP_READ, RK_PAGE, "A feature: scores, ideas, comments, history", NULL, RC_NONE},
    {"GET", "/features/{key}/edit", page_feature_edit, CAP_PRODUCT, RK_PAGE, "Edit form", NULL, RC_NONE},
    {"POST", "/features/{key}", page_feature_update, CAP_PRODUCT, RK_PAGE, "Save a feature", NULL, RC_NONE},
    {"POST", "/features/{key}/move", page_feature_move, CAP_PRODUCT, RK_PAGE, "Move a feature (form fallback)", NULL, RC_NONE},
    /* focus: the trade-off form and the focus page */
    {"GET", "/features/{key}/tradeoff", page_tradeoff_form, CAP_PRODUCT, RK_PAGE, "Move a feature into a full Now: what moves out",
     NULL, RC_NONE},
    {"POST", "/features/{key}/tradeoff", page_tradeoff_save, CAP_PRODUCT, RK_PAGE, "Move a feature into Now with a trade-off",
     NULL, RC_NONE},
    {"GET", "/focus", page_focus, CAP_READ, RK_PAGE, "Focus health and trade-off decisions of a product", NULL, RC_NONE},
    {"POST", "/features/{key}/comments", page_feature_comment, CAP_SUBMIT, RK_PAGE, "Comment on a feature", NULL, RC_NONE},
    {"GET", "/ideas", page_ideas, CAP_READ, RK_PAGE, "Ideas inbox", NULL, RC_SESSION},
    {"GET", "/ideas/mine", page_ideas_mine, CAP_READ, RK_PAGE, "My ideas and where they stand", NULL, RC_NONE},
    {"GET", "/search", page_search, CAP_READ, RK_PAGE, "Search feedback, ideas and features", NULL, RC_NONE},
    /* impact vs effort */
    {"GET", "/matrix", page_matrix, CAP_READ, RK_PAGE, "Impact vs effort matrix: product, initiative, team", NULL, RC_NONE},
    {"GET", "/matrix.svg", page_matrix_svg, CAP_READ, RK_PAGE, "The impact vs effort matrix as an SVG drawing", NULL,
     RC_SHARED},
    {"POST", "/ideas/{id}/merge", page_idea_merge, CAP_PRODUCT, RK_PAGE, "Merge an idea into another", NULL, RC_NONE},
    {"GET", "/ideas/new", page_idea_new, CAP_SUBMIT, RK_PAGE, "New idea form", NULL, RC_NONE},
    {"POST", "/ideas", page_idea_create, CAP_SUBMIT, RK_PAGE, "Submit an idea", NULL, RC_NONE},
    {"GET", "/ideas/{id}", page_idea, CAP_READ, RK_PAGE, "An idea: status, votes, comments, history", NULL, RC_NONE},
    {"GET", "/ideas/{id}/edit", page_idea_edit, CAP_SUBMIT, RK_PAGE, "Edit form", NULL, RC_NONE},
    {"POST", "/ideas/{id}", page_idea_update, CAP_SUBMIT, RK_PAGE, "Save an idea", NULL, RC_NONE},
    {"POST", "/ideas/{id}/triage", page_idea_triage, CAP_PRODUCT, RK_PAGE, "Review, promote, decline, mark duplicate, reopen",
     NULL, RC_NONE},
    {"POST", "/ideas/{id}/vote", page_idea_vote, CAP_SUBMIT, RK_PAGE, "Vote or withdraw a vote", NULL, RC_NONE},
    {"POST", "/ideas/{id}/follow", page_idea_follow, CAP_READ, RK_PAGE, "Follow an idea or stop following it", NULL, RC_NONE},
    {"POST", "/ideas/{id}/comments", page_idea_comment, CAP_SUBMIT, RK_PAGE, "Comment on an idea", NULL, RC_NONE},
    {"POST", "/ideas/{id}/publish", page_idea_publish, CAP_PRODUCT, RK_PAGE, "Publish an idea to the customer portal", NULL,
     RC_NONE},
    {"POST", "/ideas/{id}/unpublish", page_idea_unpublish, CAP_PRODUCT, RK_PAGE, "Take an idea off the customer portal",
     NULL, RC_NONE},
    {"GET", "/feedback", page_feedback_list, CAP_READ, RK_PAGE, "Feedback: the inbox and every item", NULL, RC_NONE},
    {"GET", "/feedback/import", page_import_form, CAP_PRODUCT, RK_PAGE, "Import feedback from a CSV/TSV file", NULL,
     RC_NONE},
    {"POST", "/feedback/import", page_import_upload, CAP_PRODUCT, RK_PAGE,
     "Upload a file to import (multipart/form-data), then choose its columns", NULL, RC_NONE},
    {"POST", "/feedback/import/run", page_import_run, CAP_PRODUCT, RK_PAGE, "Import an uploaded file with a mapping",
     NULL, RC_NONE},
    {"GET", "/feedback/new", page_feedback_new, CAP_SUBMIT, RK_PAGE, "Record feedback", NULL, RC_NONE},
    {"POST", "/feedback", page_feedback_create, CAP_SUBMIT, RK_PAGE, "Record feedback", NULL, RC_NONE},
    {"GET", "/feedback/{id}", page_feedback, CAP_READ, RK_PAGE, "A feedback item, its links and history", NULL, RC_NONE},
    {"POST", "/feedback/{id}", page_feedback_update, CAP_SUBMIT, RK_PAGE, "Edit feedback", NULL, RC_NONE},
    {"POST", "/feedback/{id}/status", page_feedback_status, CAP_PRODUCT, RK_PAGE, "Archive feedback or put it back in the inbox",
     NULL, RC_NONE},
    {"POST", "/feedback/{id}/link", page_feedback_link, CAP_PRODUCT, RK_PAGE, "Link feedback to an idea or feature", NULL,
     RC_NONE},
    {"POST", "/feedback/{id}/unlink", page_feedback_unlink, CAP_PRODUCT, RK_PAGE, "Remove a link", NULL, RC_NONE},
    {"GET", "/customers", page_customers, CAP_READ, RK_PAGE, "Customers", NULL, RC_NONE},
    {"POST", "/customers", page_customer_create, CAP_PRODUCT, RK_PAGE, "Add a customer", NULL, RC_NONE},
    {"GET", "/customers/{ref}", page_customer, CAP_READ, RK_PAGE, "A customer, its contacts and feedback", NULL, RC_NONE},
    {"POST", "/customers/{ref}", page_customer_update, CAP_PRODUCT, RK_PAGE, "Edit a customer", NULL, RC_NONE},
    {"POST", "/customers/{ref}/contacts", page_contact_create, CAP_PRODUCT, RK_PAGE, "Add a contact", NULL, RC_NONE},
    {"POST", "/features/{key}/reach", page_feature_reach, CAP_PRODUCT, RK_PAGE, "Use demand as a feature's RICE reach", NULL,
     RC_NONE},
    {"GET", "/portal", page_portal, CAP_PORTAL, RK_PAGE, "Customer portal: published ideas", NULL, RC_SESSION},
    {"GET", "/portal/ideas/{id}", page_portal_idea, CAP_PORTAL, RK_PAGE, "Customer portal: one idea, votes and comments",
     NULL, RC_NONE},
    {"POST", "/portal/ideas/{id}/vote", page_portal_vote, CAP_PORTAL, RK_PAGE, "Customer portal: vote or withdraw a vote",
     NULL, RC_NONE},
    {"POST", "/portal/ideas/{id}/comments", page_portal_comment, CAP_PORTAL, RK_PAGE, "Customer portal: comment", NULL,
     RC_NONE},
    {"GET", "/portal/submit", page_portal_submit_form, CAP_PUBLIC, RK_PAGE,
     "Customer portal: submit an idea (signed in, or anonymously when the workspace allows it)", NULL, RC_NONE},
    {"POST", "/portal/submit", page_portal_submit, CAP_PUBLIC, RK_PAGE,
     "Customer portal: submit an idea (signed in, or anonymously when the workspace allows it)", NULL, RC_NONE},
    {"GET", "/portal/requests", page_portal_requests, CAP_PORTAL, RK_PAGE, "Customer portal: my requests", NULL, RC_NONE},
    {"GET", "/portal/account", page_portal_account, CAP_PORTAL, RK_PAGE, "Customer portal: your account", NULL, RC_NONE},
    {"POST", "/portal/account/password", page_portal_password, CAP_PORTAL, RK_PAGE, "Customer portal: change your password",
     NULL, RC_NONE},
    {"GET", "/products", page_products, CAP_READ, RK_PAGE, "Products", NULL, RC_NONE},
    {"POST", "/products", page_product_create, CAP_PRODUCT, RK_PAGE, "Add a product", NULL, RC_NONE},
    {"GET", "/products/{key}", page_product, CAP_READ, RK_PAGE, "A product", NULL, RC_NONE},
    {"POST", "/products/{key}", page_product_update, CAP_PRODUCT, RK_PAGE, "Save a product", NULL, RC_NONE},
    /* scoring frameworks: score forms, a product's main framework and criteria */
    {"POST", "/features/{key}/scores/{framework}", page_score_save, CAP_PRODUCT, RK_PAGE, "Score a feature in a framework",
     NULL, RC_NONE},
    {"POST", "/features/{key}/scores/{framework}/clear", page_score_clear, CAP_PRODUCT, RK_PAGE,
     "Clear a feature's score in a framework", NULL, RC_NONE},
    {"GET", "/products/{key}/scoring", page_product_scoring, CAP_READ, RK_PAGE,
     "A product's scoring: main framework, criteria and weights, ranking", NULL, RC_NONE},
    {"POST", "/products/{key}/scoring/framework", page_product_framework, CAP_PRODUCT, RK_PAGE,
     "Choose a product's main framework", NULL, RC_NONE},
    {"POST", "/products/{key}/criteria", page_criterion_add, CAP_PRODUCT, RK_PAGE, "Add a criterion", NULL, RC_NONE},
    {"POST", "/criteria/{id}", page_criterion_save, CAP_PRODUCT, RK_PAGE, "Save a criterion", NULL, RC_NONE},
    {"POST", "/criteria/{id}/remove", page_criterion_remove, CAP_PRODUCT, RK_PAGE, "Remove a criterion", NULL, RC_NONE},
    /* strategy: overview, vision, personas, objectives */
    {"GET", "/strategy", page_strategy_index, CAP_READ, RK_PAGE, "Strategy: the products", NULL, RC_NONE},
    {"GET", "/products/{key}/strategy", page_strategy, CAP_READ, RK_PAGE,
     "A product's strategy: vision, this quarter's objectives, personas", NULL, RC_NONE},
    {"GET", "/products/{key}/vision", page_vision, CAP_READ, RK_PAGE, "A product's vision: revision, history, comparison",
     NULL, RC_NONE},
    {"POST", "/products/{key}/vision", page_vision_save, CAP_PRODUCT, RK_PAGE, "Save a new revision of the vision", NULL,
     RC_NONE},
    {"GET", "/products/{key}/personas", page_personas, CAP_READ, RK_PAGE, "A product's personas", NULL, RC_NONE},
    {"POST", "/products/{key}/personas", page_persona_create, CAP_PRODUCT, RK_PAGE, "Add a persona", NULL, RC_NONE},
    {"GET", "/personas/{id}", page_persona, CAP_READ, RK_PAGE, "A persona: empathy map, goals, pains, features", NULL,
     RC_NONE},
    {"POST", "/personas/{id}", page_persona_update, CAP_PRODUCT, RK_PAGE, "Edit a persona", NULL, RC_NONE},
    {"POST", "/personas/{id}/remove", page_persona_remove, CAP_PRODUCT, RK_PAGE, "Remove a persona", NULL, RC_NONE},
    {"POST", "/features/{key}/personas", page_feature_personas, CAP_PRODUCT, RK_PAGE, "Set the personas a feature serves",
     NULL, RC_NONE},
    {"GET", "/products/{key}/objectives", page_objectives, CAP_READ, RK_PAGE, "Objectives of a quarter with progress", NULL,
     RC_NONE},
    {"POST", "/products/{key}/objectives", page_objective_create, CAP_PRODUCT, RK_PAGE, "Add an objective", NULL, RC_NONE},
    {"GET", "/objectives/{id}", page_objective, CAP_READ, RK_PAGE, "An objective: key results, check-ins", NULL, RC_NONE},
    {"POST", "/objectives/{id}", page_objective_update, CAP_PRODUCT, RK_PAGE, "Edit an objective", NULL, RC_NONE},
    {"POST", "/objectives/{id}/key-results", page_kr_create, CAP_PRODUCT, RK_PAGE, "Add a key result", NULL, RC_NONE},
    {"POST", "/key-results/{id}/checkins", page_kr_checkin, CAP_PRODUCT, RK_PAGE, "Check in a key result", NULL, RC_NONE},
    {"GET", "/products/{key}/initiatives", page_initiatives, CAP_READ, RK_PAGE, "A product's initiatives", NULL, RC_NONE},
    {"POST", "/products/{key}/initiatives", page_initiative_create, CAP_PRODUCT, RK_PAGE, "Add an initiative", NULL, RC_NONE},
    {"GET", "/initiatives/{id}", page_initiative, CAP_READ, RK_PAGE, "An initiative: objectives and features", NULL, RC_NONE},
    {"POST", "/initiatives/{id}", page_initiative_update, CAP_PRODUCT, RK_PAGE, "Edit an initiative", NULL, RC_NONE},
    {"POST", "/objectives/{id}/initiatives", page_objective_link, CAP_PRODUCT, RK_PAGE, "Link an initiative to an objective",
     NULL, RC_NONE},
    {"POST", "/features/{key}/initiative", page_feature_initiative, CAP_PRODUCT, RK_PAGE, "Put a feature in an initiative",
     NULL, RC_NONE},
    {"GET", "/products/{key}/competitors", page_competitors, CAP_READ, RK_PAGE,
     "Competitors and the capability comparison", NULL, RC_NONE},
    {"POST", "/products/{key}/competitors", page_competitor_create, CAP_PRODUCT, RK_PAGE, "Add a competitor", NULL, RC_NONE},
    {"POST", "/products/{key}/capabilities", page_capability_create, CAP_PRODUCT, RK_PAGE, "Add a capability", NULL, RC_NONE},
    {"POST", "/products/{key}/capabilities/levels", page_capability_level, CAP_PRODUCT, RK_PAGE,
     "Set our or a competitor's level at a capability", NULL, RC_NONE},
    {"GET", "/competitors/{id}", page_competitor, CAP_READ, RK_PAGE, "A competitor", NULL, RC_NONE},
    {"POST", "/competitors/{id}", page_competitor_update, CAP_PRODUCT, RK_PAGE, "Edit a competitor", NULL, RC_NONE},
    {"POST", "/competitors/{id}/remove", page_competitor_remove, CAP_PRODUCT, RK_PAGE, "Remove a competitor", NULL, RC_NONE},
    {"GET", "/history", page_history, CAP_READ, RK_PAGE, "Recent changes", NULL, RC_NONE},
    {"GET", "/admin/users", page_users, CAP_ADMIN, RK_PAGE, "Users", NULL, RC_NONE},
    {"POST", "/admin/users", page_user_create, CAP_ADMIN, RK_PAGE, "Add a user", NULL, RC_NONE},
    {"POST", "/admin/users/{id}", page_user_update, CAP_ADMIN, RK_PAGE, "Change a user", NULL, RC_NONE},
    {"GET", "/admin/jobs", page_jobs, CAP_ADMIN, RK_PAGE, "Background jobs", NULL, RC_NONE},
    {"POST", "/admin/jobs", page_job_create, CAP_ADMIN, RK_PAGE, "Queue a background job", NULL, RC_NONE},
    {"GET", "/admin/webhooks", page_webhooks, CAP_ADMIN, RK_PAGE, "Webhooks", NULL, RC_NONE},
    {"POST", "/admin/webhooks", page_webhook_create, CAP_ADMIN, RK_PAGE, "Add a webhook (shows its secret once)", NULL, RC_NONE},
    {"GET", "/admin/webhooks/{id}", page_webhook, CAP_ADMIN, RK_PAGE, "A webhook and its deliveries", NULL, RC_NONE},
    {"POST", "/admin/webhooks/{id}", page_webhook_update, CAP_ADMIN, RK_PAGE, "Change a webhook", NULL, RC_NONE},
    {"POST", "/admin/webhooks/{id}/delete", page_webhook_delete, CAP_ADMIN, RK_PAGE, "Remove a webhook", NULL, RC_NONE},
    {"POST", "/admin/webhooks/{id}/test", page_webhook_test, CAP_ADMIN, RK_PAGE, "Send a test delivery", NULL, RC_NONE},
    {"GET", "/admin/settings", page_settings, CAP_ADMIN, RK_PAGE, "Workspace settings (SMTP, portal, webhooks)", NULL, RC_NONE},
    {"POST", "/admin/settings", page_settings_update, CAP_ADMIN, RK_PAGE, "Set or reset a workspace setting", NULL, RC_NONE},
    {"GET", "/inbox", page_inbox, CAP_PORTAL, RK_PAGE, "Your notifications", NULL, RC_NONE},
    {"POST", "/inbox/{id}/read", page_inbox_read, CAP_PORTAL, RK_PAGE, "Mark a notification read", NULL, RC_NONE},
    {"POST", "/inbox/read-all", page_inbox_read_all, CAP_PORTAL, RK_PAGE, "Mark all notifications read", NULL, RC_NONE},
    {"GET", "/account", page_account, CAP_READ, RK_PAGE, "Your account and API tokens", NULL, RC_NONE},
    {"POST", "/account/password", page_account_password, CAP_READ, RK_PAGE, "Change your password", NULL, RC_NONE},
    {"POST", "/account/tokens", page_account_token_create, CAP_READ, RK_PAGE, "Create an API token", NULL, RC_NONE},
    {"POST", "/account/tokens/{id}/revoke", page_account_token_revoke, CAP_READ, RK_PAGE, "Revoke an API token", NULL, RC_NONE},
    /* planning (page_plan.c) */
    {"GET", "/plan", page_plan, CAP_READ, RK_PAGE, "The plan: selection per team, cut line, misses and why", NULL, RC_NONE},
    {"POST", "/plan/capacity", page_plan_capacity, CAP_PRODUCT, RK_PAGE, "Set a team's capacity for a quarter", NULL, RC_NONE},

    /* Assets */
    {"GET", "/assets/app.css", asset_css, CAP_PUBLIC, RK_ASSET, "Style sheet", NULL, RC_NONE},
    {"GET", "/assets/app.js", asset_js, CAP_PUBLIC, RK_ASSET, "Drag and drop and inline edits", NULL, RC_NONE},
};
const size_t routes_count = sizeof routes / sizeof routes[0];

static int hexval(int c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* Decodes one path segment s[0..n) into the arena; NULL when malformed. */
static const char *decode_segment(arena *a, const char *s, size_t n) {
  char *d = arena_alloc(a, n + 1);
  size_t j = 0;
  for (size_t i = 0; i < n; i++) {
    if (s[i] == '%') {
      int hi = i + 2 < n ? hexval((unsigned char)s[i + 1]) : -1;
      int lo = i + 2 < n ? hexval((unsigned char)s[i + 2]) : -1;
      if (hi < 0 || lo < 0 || (hi == 0 && lo == 0)) return NULL;
      d[j++] = (char)(hi * 16 + lo);
      i += 2;
    } else {
      d[j++] = s[i];
    }
  }
  d[j] = '\0';
  return d;
}

/* Returns 1 when path matches pattern, filling params. */
static int match(const char *pat, const char *path, arena *a, const char **params) {
  int np = 0;
  while (*pat && *path) {
    if (*pat == '{') {
      const char *pe = strchr(pat, '}');
      const char *se = strchr(path, '/');
      size_t sn = se ? (size_t)(se - path) : strlen(path);
      if (!pe || sn == 0 || np >= ROUTE_PARAMS_MAX) return 0;
      if (params) {
        params[np] = decode_segment(a, path, sn);
        if (!params[np]) return 0;
      }
      np++;
      pat = pe + 1;
      path += sn;
    } else {
      if (*pat != *path) return 0;
      pat++;
      path++;
    }
  }
  return *pat == '\0' && *path == '\0';
}

/* The routes whose body is a file (see route_is_upload). */
static int (*const upload_handlers[])(struct req *r) = {api_feedback_import, page_import_upload};

int route_is_upload(const struct route *rt) {
  for (size_t i = 0; rt && i < sizeof upload_handlers / sizeof upload_handlers[0]; i++)
    if (rt->handler == upload_handlers[i]) return 1;
  return 0;
}

const struct route *route_match(const char *method, const char *path, arena *a, const char **params,
                                int *other_method) {
  *other_method = 0;
  if (strcmp(method, "HEAD") == 0) method = "GET";
  for (size_t i = 0; i < routes_count; i++) {
    const struct route *rt = &routes[i];
    if (strcmp(rt->method, method) != 0) {
      if (!*other_method && match(rt->path, path, a, NULL)) *other_method = 1;
      continue;
    }
    if (match(rt->path, path, a, params)) return rt;
  }
  return NULL;
}

const char *route_methods(const char *path, arena *a) {
  buf b;
  buf_init(&b, 256);
  for (size_t i = 0; i < routes_count; i++) {
    if (!match(routes[i].path, path, a, NULL) || strstr(buf_cstr(&b), routes[i].method)) continue;
    buf_printf(&b, "%s%s", b.len ? ", " : "", routes[i].method);
    if (strcmp(routes[i].method, "GET") == 0) buf_puts(&b, ", HEAD");
  }
  const char *out = arena_strdup(a, buf_cstr(&b));
  buf_free(&b);
  return out;
}

static void openapi_roles(buf *b, enum cap c) {
  buf_puts(b, "[");
  int first = 1;
  for (int ro = ROLE_PORTAL; ro < ROLE_COUNT; ro++)
    if (role_allows((enum role)ro, c)) {
      buf_printf(b, "%s%J", first ? "" : ",", role_name((enum role)ro));
      first = 0;
    }
  buf_puts(b, "]");
}

void routes_openapi(buf *b) {
  buf_puts(b, "{\"openapi\":\"3.0.3\",\"info\":{\"title\":\"Keel API\",\"version\":\"1\",\"description\":"
              "\"Ideas, features, a ranked backlog and a Now/Next/Later board. Authenticate with "
              "Authorization: Bearer TOKEN (keel token create EMAIL). Changes to existing records need "
              "If-Match with the ETag you read; a stale one is refused with 412. Errors are "
              "{\\\"error\\\":{\\\"code\\\",\\\"message\\\",\\\"field\\\"}}.\"},");
  buf_puts(b, "\"components\":{\"securitySchemes\":{\"bearer\":{\"type\":\"http\",\"scheme\":\"bearer\"}},"
              "\"schemas\":{\"Error\":{\"type\":\"object\",\"properties\":{\"error\":{\"type\":\"object\","
              "\"properties\":{\"code\":{\"type\":\"string\"},\"message\":{\"type\":\"string\"},"
              "\"field\":{\"type\":\"string\",\"nullable\":true}}}}}}},");
  buf_puts(b, "\"paths\":{");
  int first_path = 1;
  for (size_t i = 0; i < routes_count; i++) {
    const struct route *rt = &routes[i];
    if (rt->kind != RK_API) continue;
    /* Group each path's methods once, at its first row. */
    int seen = 0;
    for (size_t k = 0; k < i; k++)
      if (routes[k].kind == RK_API && strcmp(routes[k].path, rt->path) == 0) seen = 1;
    if (seen) continue;
    buf_printf(b, "%s%J:{", first_path ? "" : ",", rt->path);
    first_path = 0;
    int first_op = 1;
    for (size_t k = i; k < routes_count; k++) {
      const struct route *op = &routes[k];
      if (op->kind != RK_API || strcmp(op->path, rt->path) != 0) continue;
      char method[8];
      size_t m = 0;
      for (; op->method[m] && m < sizeof method - 1; m++) method[m] = (char)(op->method[m] | 0x20);
      method[m] = '\0';
      buf_printf(b, "%s\"%s\":{\"summary\":%J,\"x-keel-capability\":%J,\"x-keel-roles\":", first_op ? "" : ",",
                 method, op->summary, cap_name(op->cap));
      first_op = 0;
      openapi_roles(b, op->cap);
      if (op->cap != CAP_PUBLIC) buf_puts(b, ",\"security\":[{\"bearer\":[]}]");
      /* Path parameters. */
      buf_puts(b, ",\"parameters\":[");
      int first_param = 1;
      for (const char *p = strchr(op->path, '{'); p; p = strchr(p + 1, '{')) {
        const char *e = strchr(p, '}');
        buf_printf(b, "%s{\"name\":\"%.*j\",\"in\":\"path\",\"required\":true,\"schema\":{\"type\":\"string\"}}",
                   first_param ? "" : ",", (int)(e - p - 1), p + 1);
        first_param = 0;
      }
      if (strcmp(op->method, "PATCH") == 0 || (op->body && strstr(op->summary, "If-Match")))
        buf_printf(b, "%s{\"name\":\"If-Match\",\"in\":\"header\",\"required\":true,\"schema\":{\"type\":\"string\"}}",
                   first_param ? "" : ",");
      buf_puts(b, "]");
      if (op->body) {
        buf_puts(b, ",\"requestBody\":{\"required\":true,\"content\":{\"application/json\":{\"schema\":{\"type\":\"object\","
                    "\"additionalProperties\":false,\"properties\":{");
        const char *f = op->body;
        int first_f = 1;
        buf req;
        buf_init(&req, 1024);
        while (*f) {
          const char *comma = strchr(f, ',');
          size_t n = comma ? (size_t)(comma - f) : strlen(f);
          int required = n && f[n - 1] == '*';
          size_t nn = required ? n - 1 : n;
          buf_printf(b, "%s\"%.*j\":{}", first_f ? "" : ",", (int)nn, f);
          if (required) buf_printf(&req, "%s\"%.*j\"", req.len ? "," : "", (int)nn, f);
          first_f = 0;
          f += n;
          if (*f == ',') f++;
        }
        buf_puts(b, "}");
        if (req.len) buf_printf(b, ",\"required\":[%s]", buf_cstr(&req));
        buf_puts(b, "}}}}");
        buf_free(&req);
      }
      buf_puts(b, ",\"responses\":{\"200\":{\"description\":\"OK\"},\"default\":{\"description\":\"Error\","
                  "\"content\":{\"application/json\":{\"schema\":{\"$ref\":\"#/components/schemas/Error\"}}}}}}");
    }
    buf_puts(b, "}");
  }
  buf_puts(b, "}}\n");
}

int api_openapi(struct req *r) {
  routes_openapi(&r->out);
  resp_header(r, "Cache-Control", "public, max-age=300");
  resp_json(r, 200);
  return KEEL_OK;
}
