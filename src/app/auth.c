/* auth.c — signing in and out, sessions, API tokens and throttling. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "app/internal.h"
#include "core/crypto.h"
#include "core/timeutil.h"
#include "domain/text.h"
#include "store/users.h"

enum { API_TOKEN_PREFIX_LEN = 3 };
static const char api_token_prefix[] = "kt_";

/* Signing in is not a change to the workspace, so it is not audited; the
 * sessions table records it. */
static void actor_from_user(arena *a, const struct user *u, struct actor *out) {
  out->user_id = u->id;
  out->role = u->role;
  out->name = arena_strdup(a, u->name);
  out->email = arena_strdup(a, u->email);
  out->customer_id = u->customer_id;
}

int app_throttle_check(struct app *x, const char *subject, int64_t max, const char *what) {
  int64_t count = 0, oldest = 0;
  int rc = store_login_failure_count(x->db, subject, x->now - LOGIN_WINDOW_SECONDS, &count, &oldest, x->e);
  if (rc) return rc;
  if (count < max) return KEEL_OK;
  int64_t wait = oldest + LOGIN_WINDOW_SECONDS - x->now;
  if (wait < 1) wait = 1;
  err_set(x->e, KEEL_ETHROTTLED, NULL, "too many %s; try again in %lld minute%s", what,
          (long long)((wait + 59) / 60), wait > 60 ? "s" : "");
  x->e->retry_after = (int)wait;
  return KEEL_ETHROTTLED;
}

int app_throttle_count(struct app *x, const char *subject) {
  return store_login_failure_add(x->db, subject, x->now, x->e);
}

/* Returns KEEL_ETHROTTLED when subject has max or more recent failures. */
static int throttle_check(struct app *x, const char *subject, int64_t max) {
  return app_throttle_check(x, subject, max, "failed sign-ins");
}

int app_login(struct app *x, const char *email, const char *password, const char *client_addr,
              const char **token_out, struct session *s) {
  *token_out = NULL;
  char *em = (char *)text_trim(x->a, email ? email : "");
  for (char *p = em; *p; p++) *p = (char)tolower((unsigned char)*p);
  if (!*em || !password || !*password)
    return err_set(x->e, KEEL_EAUTH, NULL, "enter your e-mail address and password");
  if (strlen(password) > PASSWORD_MAX_LEN) return err_set(x->e, KEEL_EAUTH, NULL, "wrong e-mail address or password");
  const char *by_email = arena_printf(x->a, "email:%s", em);
  const char *by_addr = arena_printf(x->a, "addr:%s", client_addr ? client_addr : "unknown");
  int rc = throttle_check(x, by_email, LOGIN_MAX_FAILURES);
  if (!rc) rc = throttle_check(x, by_addr, LOGIN_MAX_FAILURES_PER_ADDRESS);
  if (rc) return rc;

  struct user u;
  const char *stored = NULL;
  struct keel_err lookup;
  rc = store_user_by_email(x->db, x->a, em, &u, &stored, &lookup);
  if (rc && rc != KEEL_ENOTFOUND) { /* the database could not say: not a failed attempt */
    *x->e = lookup;
    return rc;
  }
  int found = rc == KEEL_OK && u.active;
  int ok;
  if (found) {
    ok = password_verify(stored, password, strlen(password));
  } else {
    /* Spend the same time as a real check, so timing does not reveal accounts. */
    char scratch[PASSWORD_HASH_LEN];
    (void)password_hash(password, strlen(password), scratch);
    ok = 0;
  }
  rc = app_begin(x);
  if (rc) return rc;
  if (!ok) {
    rc = store_login_failure_add(x->db, by_email, x->now, x->e);
    if (!rc) rc = store_login_failure_add(x->db, by_addr, x->now, x->e);
    rc = app_finish(x, rc); /* the failure must be counted even though sign-in fails */
    return rc ? rc : err_set(x->e, KEEL_EAUTH, NULL, "wrong e-mail address or password");
  }
  char token[TOKEN_STR_LEN], hash[TOKEN_HASH_HEX_LEN], csrf[TOKEN_STR_LEN];
  token_generate(token);
  token_generate(csrf);
  token_hash(token, strlen(token), hash);
  struct session sess = {
      .user_id = u.id,
      .csrf = arena_strdup(x->a, csrf),
      .created_at = x->now,
      .last_seen_at = x->now,
      .expires_at = x->now + SESSION_ABSOLUTE_SECONDS,
  };
  rc = store_login_failure_clear(x->db, by_email, x->e);
  if (!rc) rc = store_session_purge(x->db, x->now, x->e);
  if (!rc) rc = store_session_insert(x->db, hash, &sess, x->e);
  rc = app_finish(x, rc);
  if (rc) return rc;
  *token_out = arena_strdup(x->a, token);
  *s = sess;
  return KEEL_OK;
}

int app_logout(struct app *x, const char *session_token) {
  if (!session_token) return KEEL_OK;
  char hash[TOKEN_HASH_HEX_LEN];
  token_hash(session_token, strlen(session_token), hash);
  return store_session_delete(x->db, hash, x->e);
}

int app_session_check(db *d, arena *a, int64_t now, const char *token, struct actor *out, struct session *s,
                      struct touch_later *later, struct keel_err *e) {
  memset(later, 0, sizeof *later);
  if (!token || strlen(token) != TOKEN_STR_LEN - 1) return err_set(e, KEEL_EAUTH, NULL, "sign in first");
  char hash[TOKEN_HASH_HEX_LEN];
  token_hash(token, strlen(token), hash);
  struct user u;
  int rc = store_session_get(d, a, hash, s, &u, e);
  if (rc == KEEL_ENOTFOUND || (!rc && !session_valid(s, now)))
    return err_set(e, KEEL_EAUTH, NULL, "your session has ended; sign in again");
  if (rc) return rc;
  if (session_needs_touch(s, now)) {
    later->pending = 1;
    memcpy(later->session_hash, hash, sizeof later->session_hash);
  }
  actor_from_user(a, &u, out);
  return KEEL_OK;
}

int app_token_check(db *d, arena *a, int64_t now, const char *token, struct actor *out, struct touch_later *later,
                    struct keel_err *e) {
  memset(later, 0, sizeof *later);
  if (!token || strncmp(token, api_token_prefix, API_TOKEN_PREFIX_LEN) != 0 ||
      strlen(token) != API_TOKEN_PREFIX_LEN + TOKEN_STR_LEN - 1)
    return err_set(e, KEEL_EAUTH, NULL, "the API token is not valid");
  char hash[TOKEN_HASH_HEX_LEN];
  token_hash(token, strlen(token), hash);
  struct api_token t;
  struct user u;
  int rc = store_token_lookup(d, a, hash, &t, &u, e);
  if (rc == KEEL_ENOTFOUND) return err_set(e, KEEL_EAUTH, NULL, "the API token is not valid or was revoked");
  if (rc) return rc;
  if (now - t.last_used_at >= SESSION_TOUCH_SECONDS) {
    later->pending = 1;
    later->token_id = t.id;
  }
  actor_from_user(a, &u, out);
  return KEEL_OK;
}

int app_touch_apply(db *d, int64_t now, const struct touch_later *later, struct keel_err *e) {
  if (!later->pending) return KEEL_OK;
  int rc = later->token_id ? store_token_touch(d, later->token_id, now, e)
                           : store_session_touch(d, later->session_hash, now, e);
  return rc == KEEL_EBUSY ? KEEL_OK : rc;
}

int app_session_resolve(db *d, arena *a, int64_t now, const char *token, struct actor *out, struct session *s,
                        struct keel_err *e) {
  struct touch_later later;
  int rc = app_session_check(d, a, now, token, out, s, &later, e);
  return rc ? rc : app_touch_apply(d, now, &later, e);
}

int app_token_resolve(db *d, arena *a, int64_t now, const char *token, struct actor *out, struct keel_err *e) {
  struct touch_later later;
  int rc = app_token_check(d, a, now, token, out, &later, e);
  return rc ? rc : app_touch_apply(d, now, &later, e);
}

int app_token_create(struct app *x, int64_t user_id, const char *name, const char **token_out,
                     struct api_token *out) {
  *token_out = NULL;
  int self = user_id == 0 || (x->actor && x->actor->user_id == user_id);
  if (user_id == 0) user_id = x->actor ? x->actor->user_id : 0;
  int rc = self && user_id ? app_require(x, CAP_READ, "create API tokens")
                           : app_require(x, CAP_ADMIN, "create API tokens for other users");
  if (rc) return rc;
  if (!user_id) return err_set(x->e, KEEL_EINVAL, "user", "name the user the token acts as");
  struct user u;
  rc = store_user_get(x->db, x->a, user_id, &u, x->e);
  if (rc) return rc;
  if (!u.active) return err_set(x->e, KEEL_ECONFLICT, "user", "%s is deactivated", u.email);
  const char *nm = name ? text_trim(x->a, name) : "";
  if (!*nm) {
    char iso[TIME_ISO_LEN];
    time_iso(x->now, iso);
    nm = arena_printf(x->a, "token created %.10s", iso);
  }
  rc = text_check_line("name", nm, TOKEN_NAME_MAX_CHARS, 1, x->e);
  if (rc) return rc;
  char raw[TOKEN_STR_LEN], hash[TOKEN_HASH_HEX_LEN];
  token_generate(raw);
  const char *token = arena_printf(x->a, "%s%s", api_token_prefix, raw);
  token_hash(token, strlen(token), hash);
  struct api_token t = {.user_id = user_id, .name = nm, .created_at = x->now};
  rc = app_begin(x);
  if (rc) return rc;
  rc = store_token_insert(x->db, hash, &t, x->e);
  if (!rc) {
    buf b;
    buf_init(&b, 0);
    repr_token(&b, &t);
    rc = app_audit(x, "token.create", "user", user_id, u.email, NULL, arena_strdup(x->a, buf_cstr(&b)));
    buf_free(&b);
  }
  rc = app_finish(x, rc);
  if (rc) return rc;
  *token_out = token;
  *out = t;
  return KEEL_OK;
}

int app_token_list(struct app *x, int64_t user_id, struct api_token **out, size_t *n) {
  int self = user_id == 0 || (x->actor && x->actor->user_id == user_id);
  if (user_id == 0) user_id = x->actor ? x->actor->user_id : 0;
  int rc = self && user_id ? app_require(x, CAP_READ, "see your API tokens")
                           : app_require(x, CAP_ADMIN, "see other users' API tokens");
  if (rc) return rc;
  return store_token_list(x->db, x->a, user_id, out, n, x->e);
}

int app_token_revoke(struct app *x, int64_t token_id) {
  int rc = app_require(x, CAP_READ, "revoke API tokens");
  if (rc) return rc;
  struct api_token t;
  rc = store_token_get(x->db, x->a, token_id, &t, x->e);
  if (rc) return rc;
  if (!(x->actor->user_id == t.user_id) && !role_allows(x->actor->role, CAP_ADMIN))
    return err_set(x->e, KEEL_ENOTFOUND, NULL, "no token with id %lld", (long long)token_id);
  struct user u;
  rc = store_user_get(x->db, x->a, t.user_id, &u, x->e);
  if (rc) return rc;
  rc = app_begin(x);
  if (rc) return rc;
  rc = store_token_revoke(x->db, token_id, x->now, x->e);
  if (!rc) rc = app_audit(x, "token.revoke", "user", t.user_id, u.email, NULL, NULL);
  return app_finish(x, rc);
}
