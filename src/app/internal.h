/* internal.h — helpers shared by the operations in app/ (not for callers). */
#ifndef KEEL_APP_INTERNAL_H
#define KEEL_APP_INTERNAL_H

#include "app/app.h"

/* Starts the operation's write transaction. */
int app_begin(struct app *x);

/* Ends the transaction: commits when rc is KEEL_OK, else rolls back. Returns
 * rc, or the commit's error. */
int app_finish(struct app *x, int rc);

/* Records an audit entry for the current transaction. before/after are JSON
 * text or NULL. */
int app_audit(struct app *x, const char *action, const char *entity_type, int64_t entity_id, const char *label,
              const char *before, const char *after);

/* Throttling by subject ("email:...", "addr:...", "portal-addr:..."), over the
 * sign-in failure records (app/auth.c): app_throttle_check returns KEEL_OK,
 * or KEEL_ETHROTTLED with retry_after when subject was counted max or more
 * times in the last LOGIN_WINDOW_SECONDS ("too many <what>"), or a database
 * error; app_throttle_count counts one more, in the caller's transaction. */
int app_throttle_check(struct app *x, const char *subject, int64_t max, const char *what);
int app_throttle_count(struct app *x, const char *subject);

/* Returns KEEL_OK when expect is 0 or equals current, else KEEL_ESTALE. */
int app_check_version(struct app *x, int64_t current, int64_t expect, const char *what);

/* Returns the snapshot JSON of a record, in the arena. */
const char *snap_product(struct app *x, const struct product *p);
const char *snap_feature(struct app *x, const struct feature *f);
const char *snap_idea(struct app *x, const struct idea *i);
const char *snap_user(struct app *x, const struct user *u);

/* Parses a comma-separated list of names into a bit mask with parse();
 * "all" gives 0 (no filter), "open" gives open_mask, NULL gives dflt.
 * Returns KEEL_OK or KEEL_EINVAL naming field. */
int app_parse_mask(struct app *x, const char *s, const char *field, unsigned open_mask, unsigned dflt,
                   int (*parse)(const char *name, int *out), unsigned *mask);

/* Creates a feature in product p inside the caller's transaction, writing its
 * audit record; out receives the stored feature. */
int app_feature_insert_tx(struct app *x, const struct product *p, const struct feature_patch *fp, struct feature *out);

/* Finds the entity named by type ("idea", "feature", "product", "user") and
 * ref (id, or key for features). Returns KEEL_OK with its id and label,
 * KEEL_EINVAL for an unknown type, or KEEL_ENOTFOUND. */
int app_resolve_entity(struct app *x, const char *type, const char *ref, int64_t *id, const char **label);

/* Finds the customer named name (any case), adding it (no segment, ARR 0)
 * with its audit record when there is none, inside the caller's transaction.
 * name must be checked already. Sets *id. */
int app_customer_resolve(struct app *x, const char *name, int64_t *id);

#endif
