/* app.h — the operations a user can perform, shared by the CLI and the web.
 *
 * Every operation takes a struct app (who is acting, on which database, with
 * which arena, at what time) and:
 *   1. checks the actor's capability (and ownership where it matters),
 *   2. validates its input with domain/ rules,
 *   3. runs in one transaction, writing the audit record in it,
 *   4. returns KEEL_OK or an error code with x->e filled for the user.
 * Nothing is half-written: on error the transaction is rolled back.
 *
 * Results are allocated in x->a. Versions: an operation on an existing record
 * takes expect_version; 0 means "the current one" (the CLI's default), any
 * other value must match or the call fails with KEEL_ESTALE. */
#ifndef KEEL_APP_APP_H
#define KEEL_APP_APP_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "domain/audit.h"
#include "domain/comment.h"
#include "domain/customer.h"
#include "domain/feature.h"
#include "domain/feedback.h"
#include "domain/idea.h"
#include "domain/job.h"
#include "domain/listing.h"
#include "domain/portal.h"
#include "domain/notify.h"
#include "domain/product.h"
#include "domain/roles.h"
#include "domain/user.h"
#include "store/db.h"
#include "store/search.h"
#include "store/transfer.h"

/* Who is acting. user_id 0 is the workspace owner on the command line, who
 * holds every capability (they own the database file already). */
struct actor {
  int64_t user_id;
  enum role role;
  const char *name;
  const char *email;
  int64_t customer_id; /* a portal user's customer, or 0 */
};

struct app {
  db *db;
  arena *a;
  const struct actor *actor;
  int64_t now;
  struct keel_err *e;
};

/* The workspace owner acting from the command line. */
extern const struct actor app_owner;

/* Returns KEEL_OK when the actor holds cap, else KEEL_EAUTH (nobody signed in)
 * or KEEL_EPERM naming the role needed and what for. */
int app_require(struct app *x, enum cap c, const char *doing);

/* Returns KEEL_OK when the database answers (for health checks). */
int app_health(struct app *x);

/* Reads the workspace generation (see store_generation): equal generations
 * mean nothing visible changed in between. */
int app_generation(struct app *x, int64_t *out);

/* Opens and closes a read snapshot: every read in between sees the database
 * as of one moment (used to pair a generation with what was read at it). */
int app_snapshot_begin(struct app *x);
void app_snapshot_end(struct app *x);

/* ---- products ---- */
int app_product_create(struct app *x, const char *key, const char *name, const char *description,
                       struct product *out);
int app_product_get(struct app *x, const char *key, struct product *out);
int app_product_list(struct app *x, struct product **out, size_t *n);
/* name or description NULL: unchanged. */
int app_product_update(struct app *x, const char *key, const char *name, const char *description,
                       int64_t expect_version, struct product *out);

/* ---- users, sign-in, tokens ---- */
int app_user_create(struct app *x, const char *email, const char *name, enum role role, const char *password,
                    struct user *out);
/* Like app_user_create, for a portal user who speaks for a customer: customer
 * is its id or name (NULL or "" for none). KEEL_EINVAL (field "customer") when
 * there is no such customer or the role is not portal. */
int app_user_create_for(struct app *x, const char *email, const char *name, enum role role, const char *customer,
                        const char *password, struct user *out);
int app_user_list(struct app *x, struct user **out, size_t *n);
int app_user_get(struct app *x, int64_t id, struct user *out);
int app_user_get_by_email(struct app *x, const char *email, struct user *out);

struct user_patch {
  const char *name; /* NULL: unchanged */
  int has_role;
  enum role role;
  int has_active;
  int active;
  const char *customer; /* NULL: unchanged; "": none; else a customer's id or name (portal users only).
                         * A user who stops being a portal user stops speaking for a customer. */
};
/* Admins change name, role and active; users may change their own name.
 * The last active admin cannot be demoted or deactivated (KEEL_ECONFLICT). */
int app_user_update(struct app *x, int64_t id, const struct user_patch *p, int64_t expect_version, struct user *out);

/* Sets a password. An admin (or the owner) may set anyone's; a user may set
 * their own only with the current one (current_password). Ends the user's
 * other sessions. */
int app_user_set_password(struct app *x, int64_t id, const char *current_password, const char *new_password);

/* Signs in. On success returns the session secret (for the cookie) in
 * *token_out and the session in *s. Failures are counted per e-mail and per
 * client address; past LOGIN_MAX_FAILURES for the e-mail (or
 * LOGIN_MAX_FAILURES_PER_ADDRESS for the address) in LOGIN_WINDOW_SECONDS the
 * answer is KEEL_ETHROTTLED with retry_after set, even for a right password. */
int app_login(struct app *x, const char *email, const char *password, const char *client_addr,
              const char **token_out, struct session *s);
int app_logout(struct app *x, const char *session_token);

/* Resolves a session cookie or an API token to an actor (allocated in a).
 * Returns KEEL_OK, or KEEL_EAUTH when unknown, expired or revoked. Writes only
 * when the last-seen time is older than SESSION_TOUCH_SECONDS. */
int app_session_resolve(db *d, arena *a, int64_t now, const char *token, struct actor *out, struct session *s,
                        struct keel_err *e);
int app_token_resolve(db *d, arena *a, int64_t now, const char *token, struct actor *out, struct keel_err *e);

/* The last-seen write a resolved credential still owes (see the _check forms). */
struct touch_later {
  int pending;
  int64_t token_id;      /* an API token's id, or 0 */
  char session_hash[65]; /* a session's token hash, or "" */
};

/* Like app_session_resolve and app_token_resolve, but they only read: the
 * last-seen write, when due, is described in *later for app_touch_apply() to
 * do after the caller's read snapshot ends. */
int app_session_check(db *d, arena *a, int64_t now, const char *token, struct actor *out, struct session *s,
                      struct touch_later *later, struct keel_err *e);
int app_token_check(db *d, arena *a, int64_t now, const char *token, struct actor *out, struct touch_later *later,
                    struct keel_err *e);

/* Writes a pending last-seen time. A busy database only delays it: KEEL_OK. */
int app_touch_apply(db *d, int64_t now, const struct touch_later *later, struct keel_err *e);

/* Creates an API token for user_id (0: the actor). Returns the secret once in
 * *token_out; only its hash is kept. */
int app_token_create(struct app *x, int64_t user_id, const char *name, const char **token_out,
                     struct api_token *out);
int app_token_list(struct app *x, int64_t user_id, struct api_token **out, size_t *n);
int app_token_revoke(struct app *x, int64_t token_id);

/* ---- features ---- */
struct rice_patch {
  int clear; /* remove the RICE score */
  int has_reach, has_impact, has_confidence, has_effort;
  double reach, impact, confidence, effort;
};
struct ice_patch {
  int clear;
  int has_impact, has_confidence, has_ease;
  int impact, confidence, ease;
};
struct feature_plan_patch; /* planning (app/plan.h) */
struct tradeoff_in;        /* focus (app/focus.h) */
struct feature_patch {
  const char *title;       /* NULL: unchanged */
  const char *description; /* NULL: unchanged */
  int has_status;
  enum feature_status status;
  int has_horizon;
  enum horizon horizon;
  struct rice_patch rice;
  struct ice_patch ice;
  /* planning: team, size and category (app/plan.h); NULL leaves them */
  const struct feature_plan_patch *plan;
  /* focus: what moves out of a full Now for this one (app/focus.h); NULL: nothing */
  const struct tradeoff_in *tradeoff;
};

/* Creates a feature in product_key from p (title required; status defaults to
 * candidate, horizon to unplanned); it goes to the bottom of the backlog. */
int app_feature_create(struct app *x, const char *product_key, const struct feature_patch *p, struct feature *out);
int app_feature_get(struct app *x, const char *key, struct feature *out);
int app_feature_update(struct app *x, const char *key, const struct feature_patch *p, int64_t expect_version,
                       struct feature *out);

struct feature_move {
  int has_horizon;
  enum horizon horizon;
  const char *before; /* key of the feature to go just before, or NULL */
  const char *after;  /* key of the feature to go just after, or NULL */
  int to_top, to_bottom;
  /* focus: what moves out of a full Now for this one (app/focus.h); NULL: nothing */
  const struct tradeoff_in *tradeoff;
};
/* Moves a feature in its product's ranking and/or to another horizon. With
 * only a horizon, the feature keeps its rank. */
int app_feature_move(struct app *x, const char *key, const struct feature_move *m, int64_t expect_version,
                     struct feature *out);

struct feature_list_in {
  const char *product; /* key or NULL */
  const char *status;  /* comma-separated names, "open" (default), or "all" */
  const char *horizon; /* name or NULL */
  const char *text;
  const char *sort;    /* "rank" (default), "rice", "ice", "updated" */
  const char *after;   /* cursor */
  const char *limit;   /* text as received, or NULL for the default */
  int with_description; /* items carry their description (else it is NULL) */
};
struct feature_page {
  struct feature *items;
  size_t n;
  const char *next; /* cursor for the next page, or NULL on the last */
  enum feature_sort sort;
  int64_t product_id;
};
int app_feature_list(struct app *x, const struct feature_list_in *in, struct feature_page *out);

/* ---- ideas ---- */
struct idea_input {
  const char *product; /* key; required when submitting */
  const char *title;
  const char *description;
  const char *source; /* name; required when submitting */
  const char *customer;
};
int app_idea_submit(struct app *x, const struct idea_input *in, struct idea *out);
int app_idea_get(struct app *x, int64_t id, struct idea *out);
/* The submitter may edit while the idea is new; PMs always. NULL fields are unchanged. */
int app_idea_update(struct app *x, int64_t id, const struct idea_input *in, int64_t expect_version, struct idea *out);
int app_idea_review(struct app *x, int64_t id, int64_t expect_version, struct idea *out);
/* Promotes into a new feature (feature_key NULL) or links to an existing one.
 * feature_out (may be NULL) receives the feature. */
int app_idea_promote(struct app *x, int64_t id, const char *feature_key, int64_t expect_version, struct idea *out,
                     struct feature *feature_out);
int app_idea_decline(struct app *x, int64_t id, const char *reason, int64_t expect_version, struct idea *out);
int app_idea_mark_duplicate(struct app *x, int64_t id, int64_t of_id, int64_t expect_version, struct idea *out);
int app_idea_reopen(struct app *x, int64_t id, int64_t expect_version, struct idea *out);
/* Votes (once per user) or withdraws the vote; idempotent. */
int app_idea_vote(struct app *x, int64_t id, int on, struct idea *out);

struct idea_list_in {
  const char *product;
  const char *status; /* comma-separated names, "open", or "all" (default) */
  const char *source;
  const char *feature; /* key: ideas linked to this feature */
  int mine;            /* only the actor's own ideas */
  const char *text;
  const char *sort;    /* "newest" (default), "votes", "updated" */
  const char *after;
  const char *limit;
  int with_description; /* items carry their description (else it is NULL) */
};
struct idea_page {
  struct idea *items;
  size_t n;
  const char *next;
};
int app_idea_list(struct app *x, const struct idea_list_in *in, struct idea_page *out);

/* ---- comments ---- */
/* entity_type is "idea" (ref: the id as text) or "feature" (ref: the key). */
int app_comment_add(struct app *x, const char *entity_type, const char *ref, const char *body, struct comment *out);
/* Like app_comment_add; is_public 1 writes a reply customers read in the
 * portal (ideas only: KEEL_EINVAL for "public" on a feature). */
int app_comment_write(struct app *x, const char *entity_type, const char *ref, const char *body, int is_public,
                      struct comment *out);
int app_comment_list(struct app *x, const char *entity_type, int64_t entity_id, struct comment **out, size_t *n);

/* ---- history ---- */
struct history_in {
  const char *entity_type; /* NULL: everything */
  const char *ref;         /* id or key of the entity, with entity_type */
  int64_t before_id;       /* paging: entries older than this id */
  int limit;               /* 1..PAGE_MAX */
};
struct history_page {
  struct audit_entry *items;
  size_t n;
  int64_t next_before; /* 0 on the last page */
};
/* An idea's history (entity_type "idea") includes the entries of the ideas
 * merged into it, directly or through others. */
int app_history(struct app *x, const struct history_in *in, struct history_page *out);

/* ---- customers and contacts (app/customers.c) ---- */
/* A change to a customer: NULL strings and has_arr 0 leave a field as it is. */
struct customer_patch {
  const char *name, *segment, *plan;
  int has_arr;
  int64_t arr;
};
/* PMs add and edit customers (CAP_PRODUCT); anyone signed in reads them. ref
 * is an id ("12") or a name in any case. */
int app_customer_create(struct app *x, const struct customer_patch *p, struct customer *out);
int app_customer_get(struct app *x, const char *ref, struct customer *out);
int app_customer_update(struct app *x, const char *ref, const struct customer_patch *p, int64_t expect_version,
                        struct customer *out);
struct customer_list_in {
  const char *q, *segment, *sort; /* sort: "name" (default) or "arr" */
  const char *after, *limit;
};
struct customer_page {
  struct customer *items;
  size_t n;
  const char *next; /* cursor for the next page, or NULL */
};
int app_customer_list(struct app *x, const struct customer_list_in *in, struct customer_page *out);
/* Contacts belong to a customer; PMs add them, anyone signed in reads them. */
int app_contact_create(struct app *x, const char *customer_ref, const char *name, const char *email,
                       struct contact *out);
int app_contact_list(struct app *x, const char *customer_ref, struct contact **out, size_t *n);

/* ---- feedback, links and demand (app/feedback.c) ---- */
/* Fields of a feedback item as a client gives them. For a change, NULL (and
 * has_* 0) leaves a field as it is; clear_* empties it. */
struct feedback_in {
  const char *text, *channel, *reference, *received_at, *attributes;
  const char *product; /* a product key */
  int64_t customer_id;       /* a customer by id, or */
  const char *customer_name; /* by name: found, or added when new */
  int64_t contact_id;        /* a contact of that customer by id, or */
  const char *contact_email; /* by e-mail, added (with contact_name) when new */
  const char *contact_name;
  int has_tags;
  const char *const *tags;
  size_t ntags;
  const char *status;        /* changes only: "inbox" or "archived" */
  int clear_customer, clear_contact, clear_product;
};
/* Anyone who may submit ideas records feedback (CAP_SUBMIT). */
int app_feedback_create(struct app *x, const struct feedback_in *in, struct feedback *out);
/* Reads an item with its links (links may be NULL when not wanted). */
int app_feedback_get(struct app *x, int64_t id, struct feedback *out, struct feedback_link **links, size_t *nlinks);
/* PMs edit and triage any item; its submitter may edit it while in the inbox. */
int app_feedback_update(struct app *x, int64_t id, const struct feedback_in *in, int64_t expect_version,
                        struct feedback *out);
struct feedback_list_in {
  const char *status, *channel, *customer, *product, *tag, *idea, *feature;
  const char *after, *limit;
};
struct feedback_page {
  struct feedback *items;
  size_t n;
  int64_t total;    /* items matching the filters, in all */
  const char *next; /* cursor for the next page, or NULL */
};
int app_feedback_list(struct app *x, const struct feedback_list_in *in, struct feedback_page *out);
/* Links an item to an idea (idea: its id) or a feature (feature: its key),
 * keeping the quote that matters (a passage of the text, or "") and its
 * importance ("nice_to_have", "important" (default), "critical"). PMs only. */
int app_feedback_link(struct app *x, int64_t feedback_id, const char *idea, const char *feature, const char *quote,
                      const char *importance, struct feedback_link *out);
int app_feedback_unlink(struct app *x, int64_t feedback_id, int64_t link_id);
/* Who wants a feature (by key) or an idea: distinct customers, ARR, by
 * segment, and the quotes. */
int app_demand_feature(struct app *x, const char *key, struct demand *out);
int app_demand_idea(struct app *x, int64_t id, struct demand *out);
/* Sets a feature's RICE reach to the number of distinct customers asking for
 * it (its other RICE inputs stay; the feature must have RICE inputs already). */
int app_feature_reach_from_demand(struct app *x, const char *key, int64_t expect_version, struct feature *out);

void repr_customer(buf *b, const struct customer *c);
void repr_contact(buf *b, const struct contact *c);
/* full: with tags and attributes (lists leave attributes out). */
void repr_feedback(buf *b, const struct feedback *f, int full);
void repr_feedback_link(buf *b, const struct feedback_link *l);
void repr_demand(buf *b, const struct demand *d);

/* ---- background jobs (see app/jobs.c) ---- */
/* Queues a job of kind ("housekeeping", "recount") to run delay seconds from
 * now (admins); *id receives it. */
int app_job_enqueue(struct app *x, const char *kind, int64_t delay, int64_t *id);
/* Lists jobs, newest first (admins). status: comma-separated names or NULL/"all". */
int app_job_list(struct app *x, const char *status, int limit, struct job **out, size_t *n);
/* Queues this hour's housekeeping unless some server already did (workers). */
int app_jobs_schedule(struct app *x);
/* Claims one due job for worker and runs it; *did tells whether there was one.
 * For workers: needs no actor. Returns the job's error if it failed (the job
 * is then marked failed or queued for a retry). */
int app_jobs_work_one(struct app *x, const char *worker, int *did);
/* When the next queued job falls due (Unix seconds) in *at, 0 when none is
 * queued: an idle worker sleeps until then rather than a whole poll, so jobs
 * due together start together on every server. For workers: needs no actor. */
int app_jobs_next_due(struct app *x, int64_t *at);

/* ---- followers, the inbox, webhooks and settings (app/notify.c, app/webhooks.c, app/settings.c) ---- */
/* Follows (on) or stops following an idea, for the acting user (viewers and
 * up; idempotent; KEEL_EINVAL for the command-line owner, who is nobody to
 * notify). Followers hear of every status change of the idea. */
int app_idea_follow(struct app *x, int64_t id, int on, struct idea *out);

struct notification_page {
  struct notification *items;
  size_t n;
  int64_t next_before; /* pass as before_id for the next page; 0 on the last */
  int64_t unread;      /* the actor's unread notifications in all */
};
/* The acting user's own notifications (any signed-in role, portal users
 * included), newest first: only unread ones when
 * unread_only, ids below before_id (0: from the newest), limit as text (NULL:
 * PAGE_DEFAULT). KEEL_EINVAL for the command-line owner, who has no inbox. */
int app_notification_list(struct app *x, int unread_only, int64_t before_id, const char *limit,
                          struct notification_page *out);
/* Counts the acting user's unread notifications (0 when nobody is signed in). */
int app_notification_unread(struct app *x, int64_t *count);
/* Marks one of the actor's notifications read; KEEL_ENOTFOUND for anyone else's. */
int app_notification_read(struct app *x, int64_t id, struct notification *out);
/* Marks all the actor's notifications read; *count says how many were unread. */
int app_notification_read_all(struct app *x, int64_t *count);

/* A webhook as an admin gives it. NULL fields (and has_active 0) are
 * unchanged when editing; when creating, events default to every
 * subscribable one and a missing secret is generated. */
struct webhook_input {
  const char *url;
  const char *events; /* comma-separated: "idea.status" */
  const char *secret;
  int has_active;
  int active;
};
/* Admins only. Create returns the webhook with its secret in out->secret
 * (the one time it is shown); the others return it with out->secret "". */
int app_webhook_create(struct app *x, const struct webhook_input *in, struct webhook *out);
int app_webhook_get(struct app *x, int64_t id, struct webhook *out);
int app_webhook_list(struct app *x, struct webhook **out, size_t *n);
int app_webhook_update(struct app *x, int64_t id, const struct webhook_input *in, int64_t expect_version,
                       struct webhook *out);
int app_webhook_delete(struct app *x, int64_t id);
struct delivery_page {
  struct delivery *items;
  size_t n;
  int64_t next_before; /* 0 on the last page */
};
/* A webhook's deliveries, newest first (ids below before_id; 0: the newest). */
int app_webhook_deliveries(struct app *x, int64_t id, int64_t before_id, const char *limit, struct delivery_page *out);
/* Queues a "ping" delivery to the webhook (even when inactive); out receives it. */
int app_webhook_test(struct app *x, int64_t id, struct delivery *out);

/* A workspace setting as admins see it: secret values come back masked. */
struct setting_view {
  const char *key;
  const char *value; /* the value, the default when unset, or a mask for a set secret */
  const char *help;
  int is_set;
  int secret;
  int64_t updated_at; /* 0 when unset */
};
/* Admins only. Keys are those of domain/setting.h (KEEL_EINVAL, field "key",
 * for others); values are checked before anything is written. */
int app_setting_list(struct app *x, struct setting_view **out, size_t *n);
int app_setting_get(struct app *x, const char *key, struct setting_view *out);
int app_setting_set(struct app *x, const char *key, const char *value, struct setting_view *out);
int app_setting_unset(struct app *x, const char *key);

/* Sets up the outgoing-HTTP and SMTP library (libcurl). Call once from main()
 * before any thread starts. Returns 0, or -1 when it cannot start. */
int app_outbound_init(void);

void repr_notification(buf *b, const struct notification *n);
/* with_secret: include "secret" (only in the answer that creates it). */
void repr_webhook(buf *b, const struct webhook *w, int with_secret);
/* The payload is left out (it is what was sent; see the delivery's webhook). */
void repr_delivery(buf *b, const struct delivery *d);
void repr_setting(buf *b, const struct setting_view *s);

/* ---- the customer portal (app/portal.c) ---- */
/* Publishing (PMs): an idea is private until published. public_title and
 * public_description (Markdown) are what customers see; NULL keeps the
 * current text, "" for the title means "show the title". Publishing an idea
 * that is already public changes its public texts. Unpublishing a private
 * idea is KEEL_ECONFLICT. Both are audited and bump the version. */
int app_idea_publish(struct app *x, int64_t id, const char *public_title, const char *public_description,
                     int64_t expect_version, struct idea *out);
int app_idea_unpublish(struct app *x, int64_t id, int64_t expect_version, struct idea *out);

/* Everything below needs CAP_PORTAL (portal users, and staff who see the
 * portal as a customer would) and shows only what domain/portal.h allows: an
 * idea the reader may not see is KEEL_ENOTFOUND, like one that does not exist. */
struct portal_list_in {
  const char *product; /* key, or NULL/"" for every product */
  const char *status;  /* comma-separated status names, "open", or "all" (default) */
  const char *sort;    /* "votes" (default) or "newest" */
  const char *after;   /* cursor */
  const char *limit;   /* as received, or NULL for the default */
};
struct portal_page {
  struct portal_idea *items;
  size_t n;
  const char *next; /* cursor for the next page, or NULL on the last */
};
/* Published ideas. */
int app_portal_list(struct app *x, const struct portal_list_in *in, struct portal_page *out);
/* "My requests": ideas the reader submitted, or voted for and can still see,
 * last changed first (in->status and in->product filter; in->sort is ignored). */
int app_portal_requests(struct app *x, const struct portal_list_in *in, struct portal_page *out);
int app_portal_get(struct app *x, int64_t id, struct portal_idea *out);
/* Votes for a visible idea (on = 1) or withdraws the vote; idempotent. A
 * declined or duplicate idea takes no new votes (KEEL_ECONFLICT). */
int app_portal_vote(struct app *x, int64_t id, int on, struct portal_idea *out);
/* The comments customers may read on a visible idea, oldest first. */
int app_portal_comments(struct app *x, int64_t id, struct portal_comment **out, size_t *n);
/* Comments on a visible idea; the comment is public (customers read it). */
int app_portal_comment(struct app *x, int64_t id, const char *body, struct portal_comment *out);
/* Products a request can be filed under (key and name only are shown); with
 * nobody signed in, only while anonymous submission is on (else KEEL_EAUTH). */
int app_portal_products(struct app *x, struct product **out, size_t *n);

/* What a submission carries. name and email are for anonymous submissions
 * only (nobody signed in); client_addr is whom they are throttled by. */
struct portal_submission {
  const char *product; /* key, required */
  const char *title;   /* required */
  const char *description;
  const char *name, *email;
  const char *client_addr;
};
/* Submits a request: a new, private idea with source "customer", submitted by
 * the reader, naming the reader's customer (customer_id and its name). With
 * nobody signed in it needs the portal.anonymous setting (else KEEL_EAUTH),
 * a name and an e-mail (kept as submitter_email), and is throttled per client
 * address (KEEL_ETHROTTLED with retry_after past PORTAL_ANON_PER_ADDRESS).
 * out receives the request as its submitter sees it. */
int app_portal_submit(struct app *x, const struct portal_submission *in, struct portal_idea *out);
/* Reads the portal.anonymous setting (no sign-in needed): *on = 1 when
 * people without an account may submit. */
int app_portal_anonymous(struct app *x, int *on);
/* Append the JSON a customer reads of an idea / a comment to b (only the
 * fields of struct portal_idea / portal_comment; see docs/api.md). */
void repr_portal_idea(buf *b, const struct portal_idea *i);
void repr_portal_comment(buf *b, const struct portal_comment *c);

/* ---- search, duplicate suggestions, merging ideas (app/search.c, app/merge.c) ---- */
/* Full-text search over feedback, ideas and features (staff: CAP_READ).
 * Fields are as typed (NULL: default): q the query (domain/search.h's
 * language), type a comma-separated list of feedback, idea, feature (NULL or
 * "all": every type), product a key, limit 1..SEARCH_LIMIT_MAX (default
 * SEARCH_LIMIT_DEFAULT), after the "next" of the page before. */
struct search_in {
  const char *q, *type, *product, *limit, *after;
};
struct search_page {
  struct search_hit *items; /* best first; snippets and titles marked (SEARCH_MARK_*) */
  size_t n;
  const char *next; /* the cursor of the next page, or NULL on the last */
};
/* Runs a search. KEEL_EINVAL names the field at fault (q, type, product,
 * limit, after). Results rank by score across types. */
int app_search(struct app *x, const struct search_in *in, struct search_page *out);

/* A duplicate suggestion: an item and how alike it is, in [0, 1]. */
struct similar_hit {
  struct similar_candidate item;
  double similarity;
};
/* Ideas like idea id (not itself, not merged ones), most alike first, at most
 * SIM_RESULTS_MAX above SIM_THRESHOLD. KEEL_ENOTFOUND when there is no idea. */
int app_idea_similar(struct app *x, int64_t id, struct similar_hit **out, size_t *n);
/* Ideas like a title and description not yet submitted, in product (a key,
 * or NULL/"" for all). KEEL_EINVAL (field title) when neither says anything. */
int app_idea_similar_text(struct app *x, const char *title, const char *description, const char *product,
                          struct similar_hit **out, size_t *n);
/* Ideas and features the text of feedback item id resembles. */
int app_feedback_similar(struct app *x, int64_t id, struct similar_hit **out, size_t *n);

/* Merges idea id into idea into (PMs): in one transaction its votes,
 * feedback links and followers move to into (see store/merge.h), its
 * submitter follows into, and it becomes a duplicate of into with merged_at
 * set; both ideas get an audit record and the people who asked for it hear
 * of it. Refused: into itself or a missing idea (KEEL_EINVAL, field into), an
 * idea merged already, into an idea that is a duplicate or merged itself, or
 * into another product (KEEL_ECONFLICT). out receives the merged idea,
 * survivor_out (may be NULL) the survivor. */
int app_idea_merge(struct app *x, int64_t id, int64_t into, int64_t expect_version, struct idea *out,
                   struct idea *survivor_out);
/* The ideas merged into idea id, directly or through others, nearest first. */
int app_idea_merged_ids(struct app *x, int64_t id, int64_t **ids, size_t *n);

/* Where an item lives in the web UI: "/ideas/12", "/features/PAY-3",
 * "/feedback/7" (in a). */
const char *search_item_url(arena *a, enum search_type type, int64_t id, const char *key);
/* A search hit as JSON: {"type","id","key" (features),"title","title_matches",
 * "snippet","matches","url","rank","product","status","customer","channel"
 * (feedback),"at"}. title and snippet are plain text; *_matches list the
 * matches as [start, end) pairs counted in Unicode code points. */
void repr_search_hit(buf *b, arena *a, const struct search_hit *h);
/* A suggestion as JSON: {"type","id","key" (features),"title","similarity",
 * "status","product","url"} (feedback hits have no title). */
void repr_similar_hit(buf *b, arena *a, const struct similar_hit *h);

/* ---- JSON representations (shared by the API and the audit trail) ---- */
enum { REPR_FULL = 0, REPR_SNAPSHOT = 1 }; /* SNAPSHOT leaves out read-only counters */
void repr_product(buf *b, const struct product *p, int mode);
void repr_feature(buf *b, const struct feature *f, int mode);
void repr_idea(buf *b, const struct idea *i, int mode);
void repr_user(buf *b, const struct user *u);
void repr_token(buf *b, const struct api_token *t);
void repr_comment(buf *b, const struct comment *c);
void repr_audit(buf *b, const struct audit_entry *en);
void repr_job(buf *b, const struct job *j);

/* ---- moving a workspace (app/transfer.c): the workspace owner or an admin ---- */

/* Limits of an import: the JSON text of one row, and how often progress is told. */
enum { TRANSFER_ROW_MAX = 16 * 1024 * 1024, TRANSFER_PROGRESS_ROWS = 10000 };

/* Where an export goes: write(ctx, data, n) returns 0, or -1 to stop it. */
struct transfer_sink {
  int (*write)(void *ctx, const char *data, size_t n);
  void *ctx;
};

/* Told rows (so far) of table every TRANSFER_PROGRESS_ROWS rows, and once
 * with done = 1 when the table is finished. May be NULL. */
typedef void (*transfer_progress)(void *ctx, const char *table, int64_t rows, int done);

struct transfer_stats {
  int tables;
  int64_t rows;
};

/* Writes the whole workspace as JSON to out, streaming, from one read
 * snapshot: {"keel_export":1,"schema":N,"exported_at":ISO (x->now),"tables":
 * {NAME:[{column:value,...},...],...}} with every table of store_xfer_tables()
 * the database has, rows in primary-key order, columns in a fixed order, one
 * row a line. The same data gives the same bytes on every backend. Returns
 * KEEL_OK, KEEL_EPERM, KEEL_EIO when out refused, or a database error. */
int app_workspace_export(struct app *x, const struct transfer_sink *out, transfer_progress progress, void *ctx,
                         struct transfer_stats *st);

/* Loads an export (read from in; name is shown in errors) into this empty
 * workspace in one transaction, keeping every id, version and timestamp, and
 * moves id sequences past the imported ids. Nothing is written on error.
 * Returns KEEL_OK; KEEL_ECONFLICT when the workspace holds products, users or
 * history; KEEL_EPARSE (malformed JSON, with line and column), KEEL_EUNKNOWN
 * (unknown table or column) or KEEL_EINVAL (missing column, wrong type, a
 * schema newer than this keel, a broken rule), KEEL_EEXISTS (a row repeating
 * an id or unique key), each naming the table, row and line; KEEL_ETOOBIG for a row over TRANSFER_ROW_MAX; KEEL_EIO on a read error. */
int app_workspace_import(struct app *x, FILE *in, const char *name, transfer_progress progress, void *ctx,
                         struct transfer_stats *st);

/* Copies a SQLite workspace to the new file dest while others keep writing
 * and checks the copy (see store_backup; b says how it went). Returns
 * KEEL_OK, KEEL_EPERM, KEEL_EINVAL on PostgreSQL (the message names pg_dump),
 * or store_backup()'s errors. */
int app_workspace_backup(struct app *x, const char *dest, struct store_backup *b);

#endif
