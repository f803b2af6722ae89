/* users.h — users, sessions, API tokens and sign-in failures in the database.
 * Results live in the caller's arena. Secrets are never stored: sessions and
 * tokens are found by the hex hash of the secret (core/crypto.h). */
#ifndef KEEL_STORE_USERS_H
#define KEEL_STORE_USERS_H

#include <stddef.h>

#include "domain/user.h"
#include "store/db.h"

/* Inserts u (with its customer_id, 0 for none) and the given password hash;
 * sets u->id and u->version.
 * Returns KEEL_OK or KEEL_EEXISTS (field "email") when the e-mail is taken. */
int store_user_insert(db *d, struct user *u, const char *password_hash, struct keel_err *e);

/* Reads a user by id or by (lower-case) e-mail. KEEL_ENOTFOUND when absent.
 * password_hash (may be NULL) receives the stored hash. */
int store_user_get(db *d, arena *a, int64_t id, struct user *out, struct keel_err *e);
int store_user_by_email(db *d, arena *a, const char *email, struct user *out, const char **password_hash,
                        struct keel_err *e);

/* Lists all users by name. */
int store_user_list(db *d, arena *a, struct user **out, size_t *n, struct keel_err *e);

/* Writes name, role, active and customer_id when u->version is current;
 * bumps u->version.
 * Returns KEEL_OK or KEEL_ESTALE. */
int store_user_update(db *d, struct user *u, struct keel_err *e);

/* Replaces a user's password hash and bumps the version. */
int store_user_set_password(db *d, int64_t user_id, const char *password_hash, int64_t now, struct keel_err *e);

/* Counts active admins (to refuse removing the last one). */
int store_user_count_admins(db *d, int64_t *out, struct keel_err *e);

/* Sessions. */
int store_session_insert(db *d, const char *token_hash, const struct session *s, struct keel_err *e);
/* Reads the session and its user. KEEL_ENOTFOUND when there is none (expiry
 * is the caller's rule: see session_valid()). */
int store_session_get(db *d, arena *a, const char *token_hash, struct session *s, struct user *u,
                      struct keel_err *e);
int store_session_touch(db *d, const char *token_hash, int64_t now, struct keel_err *e);
int store_session_delete(db *d, const char *token_hash, struct keel_err *e);
/* Deletes every session of a user (on password change or deactivation). */
int store_session_delete_user(db *d, int64_t user_id, struct keel_err *e);
/* Deletes sessions that can no longer be valid at time now. */
int store_session_purge(db *d, int64_t now, struct keel_err *e);

/* API tokens. */
int store_token_insert(db *d, const char *token_hash, struct api_token *t, struct keel_err *e);
/* Finds an unrevoked token and its (active) user. KEEL_ENOTFOUND otherwise. */
int store_token_lookup(db *d, arena *a, const char *token_hash, struct api_token *t, struct user *u,
                       struct keel_err *e);
int store_token_list(db *d, arena *a, int64_t user_id, struct api_token **out, size_t *n, struct keel_err *e);
int store_token_get(db *d, arena *a, int64_t id, struct api_token *t, struct keel_err *e);
int store_token_revoke(db *d, int64_t id, int64_t now, struct keel_err *e);
int store_token_touch(db *d, int64_t id, int64_t now, struct keel_err *e);

/* Sign-in failures, by subject ("email:..." or "addr:..."). */
int store_login_failure_add(db *d, const char *subject, int64_t now, struct keel_err *e);
int store_login_failure_count(db *d, const char *subject, int64_t since, int64_t *count, int64_t *oldest,
                              struct keel_err *e);
int store_login_failure_clear(db *d, const char *subject, struct keel_err *e);

#endif
