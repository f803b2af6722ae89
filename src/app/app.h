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
#include "domain/feature.h"
#include "domain/idea.h"
#include "domain/job.h"
#include "domain/listing.h"
#include "domain/product.h"
#include "domain/roles.h"
#include "domain/user.h"
#include "store/db.h"
#include "store/transfer.h"

/* Who is acting. user_id 0 is the workspace owner on the command line, who
 * holds every capability (they own the database file already). */
struct actor {
  int64_t user_id;
  enum role role;
  const char *name;
  const char *email;
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
int app_user_list(struct app *x, struct user **out, size_t *n);
int app_user_get(struct app *x, int64_t id, struct user *out);
int app_user_get_by_email(struct app *x, const char *email, struct user *out);

struct user_patch {
  const char *name; /* NULL: unchanged */
  int has_role;
  enum role role;
  int has_active;
  int active;
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
struct feature_patch {
  const char *title;       /* NULL: unchanged */
  const char *description; /* NULL: unchanged */
  int has_status;
  enum feature_status status;
  int has_horizon;
  enum horizon horizon;
  struct rice_patch rice;
  struct ice_patch ice;
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
int app_history(struct app *x, const struct history_in *in, struct history_page *out);

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
