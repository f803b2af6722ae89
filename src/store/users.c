/* users.c — SQL for users, sessions, API tokens and sign-in failures. */
#include "store/users.h"

#include <string.h>

#define USER_COLS "u.id, u.email, u.name, u.role, u.active, u.created_at, u.updated_at, u.version, u.customer_id"
enum { USER_NCOLS = 9 }; /* columns in USER_COLS */

/* Reads USER_COLS starting at column c. */
static void read_user(db_stmt *st, arena *a, int c, struct user *u) {
  u->id = db_col_int(st, c);
  u->email = db_col_str0(st, c + 1, a);
  u->name = db_col_str0(st, c + 2, a);
  char *role = db_col_str0(st, c + 3, a);
  if (role_parse(role, &u->role)) u->role = ROLE_PORTAL; /* the least a known user can be */
  u->active = (int)db_col_int(st, c + 4);
  u->created_at = db_col_int(st, c + 5);
  u->updated_at = db_col_int(st, c + 6);
  u->version = db_col_int(st, c + 7);
  u->customer_id = db_col_is_null(st, c + 8) ? 0 : db_col_int(st, c + 8);
}

int store_user_insert(db *d, struct user *u, const char *password_hash, struct keel_err *e) {
  db_stmt *st = db_prepare(d,
                           "INSERT INTO users(email, name, role, password_hash, active, created_at, updated_at, version, "
                           "customer_id) VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?) RETURNING id",
                           e);
  if (!st) return e->rc;
  db_bind_text(st, 1, u->email);
  db_bind_text(st, 2, u->name);
  db_bind_text(st, 3, role_name(u->role));
  db_bind_text(st, 4, password_hash);
  db_bind_int(st, 5, u->active);
  db_bind_int(st, 6, u->created_at);
  db_bind_int(st, 7, u->updated_at);
  if (u->customer_id) db_bind_int(st, 8, u->customer_id);
  else db_bind_null(st, 8);
  int rc = db_step_returning(st, &u->id, e, "add user");
  if (rc == KEEL_EEXISTS) return err_set(e, rc, "email", "a user with e-mail %s already exists", u->email);
  u->version = 1;
  return rc;
}

int store_user_get(db *d, arena *a, int64_t id, struct user *out, struct keel_err *e) {
  db_stmt *st = db_prepare(d, "SELECT " USER_COLS " FROM users u WHERE u.id = ?", e);
  if (!st) return e->rc;
  db_bind_int(st, 1, id);
  int r = db_step(st), rc = KEEL_OK;
  if (r > 0) read_user(st, a, 0, out);
  else if (r == 0) rc = err_set(e, KEEL_ENOTFOUND, NULL, "no user with id %lld", (long long)id);
  else rc = db_fail(d, e, "read user");
  db_done(st);
  return rc;
}

int store_user_by_email(db *d, arena *a, const char *email, struct user *out, const char **password_hash,
                        struct keel_err *e) {
  db_stmt *st = db_prepare(d, "SELECT " USER_COLS ", u.password_hash FROM users u WHERE u.email = ?", e);
  if (!st) return e->rc;
  db_bind_text(st, 1, email);
  int r = db_step(st), rc = KEEL_OK;
  if (r > 0) {
    read_user(st, a, 0, out);
    if (password_hash) *password_hash = db_col_str0(st, USER_NCOLS, a);
  } else if (r == 0) {
    rc = err_set(e, KEEL_ENOTFOUND, "email", "no user with e-mail %s", email);
  } else {
    rc = db_fail(d, e, "read user");
  }
  db_done(st);
  return rc;
}

int store_user_list(db *d, arena *a, struct user **out, size_t *n, struct keel_err *e) {
  *out = NULL;
  *n = 0;
  db_stmt *st = db_prepare(d, "SELECT " USER_COLS " FROM users u ORDER BY u.name, u.id", e);
  if (!st) return e->rc;
  size_t cap = 0;
  int r;
  while ((r = db_step(st)) > 0) {
    if (*n == cap) {
      size_t grown = cap ? cap * 2 : 16;
      *out = arena_realloc(a, *out, cap * sizeof **out, grown * sizeof **out);
      cap = grown;
    }
    read_user(st, a, 0, &(*out)[(*n)++]);
  }
  int rc = r < 0 ? db_fail(d, e, "list users") : KEEL_OK;
  db_done(st);
  return rc;
}

int store_user_update(db *d, struct user *u, struct keel_err *e) {
  db_stmt *st = db_prepare(d,
                           "UPDATE users SET name = ?, role = ?, active = ?, updated_at = ?, customer_id = ?, "
                           "version = version + 1 WHERE id = ? AND version = ? RETURNING version",
                           e);
  if (!st) return e->rc;
  db_bind_text(st, 1, u->name);
  db_bind_text(st, 2, role_name(u->role));
  db_bind_int(st, 3, u->active);
  db_bind_int(st, 4, u->updated_at);
  if (u->customer_id) db_bind_int(st, 5, u->customer_id);
  else db_bind_null(st, 5);
  db_bind_int(st, 6, u->id);
  db_bind_int(st, 7, u->version);
  int rc = db_step_returning(st, &u->version, e, "update user");
  if (rc == KEEL_ENOTFOUND) return err_set(e, KEEL_ESTALE, "version", "user %s was changed by someone else", u->email);
  return rc;
}

int store_user_set_password(db *d, int64_t user_id, const char *password_hash, int64_t now, struct keel_err *e) {
  db_stmt *st = db_prepare(d,
                           "UPDATE users SET password_hash = ?, updated_at = ?, version = version + 1 WHERE id = ? "
                           "RETURNING id",
                           e);
  if (!st) return e->rc;
  db_bind_text(st, 1, password_hash);
  db_bind_int(st, 2, now);
  db_bind_int(st, 3, user_id);
  int rc = db_step_returning(st, NULL, e, "set password");
  if (rc == KEEL_ENOTFOUND) return err_set(e, rc, NULL, "no such user");
  return rc;
}

int store_user_count_admins(db *d, int64_t *out, struct keel_err *e) {
  db_stmt *st = db_prepare(d, "SELECT COUNT(*) FROM users WHERE role = 'admin' AND active = 1", e);
  if (!st) return e->rc;
  return db_step_returning(st, out, e, "count admins");
}

int store_session_insert(db *d, const char *token_hash, const struct session *s, struct keel_err *e) {
  db_stmt *st = db_prepare(d,
                           "INSERT INTO sessions(token_hash, user_id, csrf, created_at, last_seen_at, expires_at) "
                           "VALUES (?, ?, ?, ?, ?, ?)",
                           e);
  if (!st) return e->rc;
  db_bind_text(st, 1, token_hash);
  db_bind_int(st, 2, s->user_id);
  db_bind_text(st, 3, s->csrf);
  db_bind_int(st, 4, s->created_at);
  db_bind_int(st, 5, s->last_seen_at);
  db_bind_int(st, 6, s->expires_at);
  return db_step_done(st, e, "create session");
}

int store_session_get(db *d, arena *a, const char *token_hash, struct session *s, struct user *u,
                      struct keel_err *e) {
  db_stmt *st = db_prepare(d,
                           "SELECT s.user_id, s.csrf, s.created_at, s.last_seen_at, s.expires_at, " USER_COLS
                           " FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ? AND u.active = 1",
                           e);
  if (!st) return e->rc;
  db_bind_text(st, 1, token_hash);
  int r = db_step(st), rc = KEEL_OK;
  if (r > 0) {
    s->user_id = db_col_int(st, 0);
    s->csrf = db_col_str0(st, 1, a);
    s->created_at = db_col_int(st, 2);
    s->last_seen_at = db_col_int(st, 3);
    s->expires_at = db_col_int(st, 4);
    read_user(st, a, 5, u);
  } else if (r == 0) {
    rc = err_set(e, KEEL_ENOTFOUND, NULL, "no such session");
  } else {
    rc = db_fail(d, e, "read session");
  }
  db_done(st);
  return rc;
}

int store_session_touch(db *d, const char *token_hash, int64_t now, struct keel_err *e) {
  db_stmt *st = db_prepare(d, "UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?", e);
  if (!st) return e->rc;
  db_bind_int(st, 1, now);
  db_bind_text(st, 2, token_hash);
  return db_step_done(st, e, "touch session");
}

int store_session_delete(db *d, const char *token_hash, struct keel_err *e) {
  db_stmt *st = db_prepare(d, "DELETE FROM sessions WHERE token_hash = ?", e);
  if (!st) return e->rc;
  db_bind_text(st, 1, token_hash);
  return db_step_done(st, e, "end session");
}

int store_session_delete_user(db *d, int64_t user_id, struct keel_err *e) {
  db_stmt *st = db_prepare(d, "DELETE FROM sessions WHERE user_id = ?", e);
  if (!st) return e->rc;
  db_bind_int(st, 1, user_id);
  return db_step_done(st, e, "end sessions");
}

int store_session_purge(db *d, int64_t now, struct keel_err *e) {
  db_stmt *st = db_prepare(d, "DELETE FROM sessions WHERE expires_at <= ? OR last_seen_at <= ?", e);
  if (!st) return e->rc;
  db_bind_int(st, 1, now);
  db_bind_int(st, 2, now - SESSION_IDLE_SECONDS);
  return db_step_done(st, e, "purge sessions");
}

#define TOKEN_COLS "t.id, t.user_id, t.name, t.created_at, t.last_used_at, t.revoked_at"

static void read_token(db_stmt *st, arena *a, struct api_token *t) {
  t->id = db_col_int(st, 0);
  t->user_id = db_col_int(st, 1);
  t->name = db_col_str0(st, 2, a);
  t->created_at = db_col_int(st, 3);
  t->last_used_at = db_col_is_null(st, 4) ? 0 : db_col_int(st, 4);
  t->revoked_at = db_col_is_null(st, 5) ? 0 : db_col_int(st, 5);
}

int store_token_insert(db *d, const char *token_hash, struct api_token *t, struct keel_err *e) {
  db_stmt *st = db_prepare(d, "INSERT INTO api_tokens(token_hash, user_id, name, created_at) VALUES (?, ?, ?, ?) RETURNING id", e);
  if (!st) return e->rc;
  db_bind_text(st, 1, token_hash);
  db_bind_int(st, 2, t->user_id);
  db_bind_text(st, 3, t->name);
  db_bind_int(st, 4, t->created_at);
  return db_step_returning(st, &t->id, e, "create token");
}

int store_token_lookup(db *d, arena *a, const char *token_hash, struct api_token *t, struct user *u,
                       struct keel_err *e) {
  db_stmt *st = db_prepare(d,
                           "SELECT " TOKEN_COLS ", " USER_COLS " FROM api_tokens t JOIN users u ON u.id = t.user_id "
                           "WHERE t.token_hash = ? AND t.revoked_at IS NULL AND u.active = 1",
                           e);
  if (!st) return e->rc;
  db_bind_text(st, 1, token_hash);
  int r = db_step(st), rc = KEEL_OK;
  if (r > 0) {
    read_token(st, a, t);
    read_user(st, a, 6, u);
  } else if (r == 0) {
    rc = err_set(e, KEEL_ENOTFOUND, NULL, "no such token");
  } else {
    rc = db_fail(d, e, "read token");
  }
  db_done(st);
  return rc;
}

int store_token_list(db *d, arena *a, int64_t user_id, struct api_token **out, size_t *n, struct keel_err *e) {
  *out = NULL;
  *n = 0;
  db_stmt *st = db_prepare(d, "SELECT " TOKEN_COLS " FROM api_tokens t WHERE t.user_id = ? ORDER BY t.id", e);
  if (!st) return e->rc;
  db_bind_int(st, 1, user_id);
  size_t cap = 0;
  int r;
  while ((r = db_step(st)) > 0) {
    if (*n == cap) {
      size_t grown = cap ? cap * 2 : 8;
      *out = arena_realloc(a, *out, cap * sizeof **out, grown * sizeof **out);
      cap = grown;
    }
    read_token(st, a, &(*out)[(*n)++]);
  }
  int rc = r < 0 ? db_fail(d, e, "list tokens") : KEEL_OK;
  db_done(st);
  return rc;
}

int store_token_get(db *d, arena *a, int64_t id, struct api_token *t, struct keel_err *e) {
  db_stmt *st = db_prepare(d, "SELECT " TOKEN_COLS " FROM api_tokens t WHERE t.id = ?", e);
  if (!st) return e->rc;
  db_bind_int(st, 1, id);
  int r = db_step(st), rc = KEEL_OK;
  if (r > 0) read_token(st, a, t);
  else if (r == 0) rc = err_set(e, KEEL_ENOTFOUND, NULL, "no token with id %lld", (long long)id);
  else rc = db_fail(d, e, "read token");
  db_done(st);
  return rc;
}

int store_token_revoke(db *d, int64_t id, int64_t now, struct keel_err *e) {
  db_stmt *st = db_prepare(d, "UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL RETURNING id", e);
  if (!st) return e->rc;
  db_bind_int(st, 1, now);
  db_bind_int(st, 2, id);
  int rc = db_step_returning(st, NULL, e, "revoke token");
  if (rc == KEEL_ENOTFOUND) return err_set(e, KEEL_ECONFLICT, NULL, "token %lld is already revoked", (long long)id);
  return rc;
}

int store_token_touch(db *d, int64_t id, int64_t now, struct keel_err *e) {
  db_stmt *st = db_prepare(d, "UPDATE api_tokens SET last_used_at = ? WHERE id = ?", e);
  if (!st) return e->rc;
  db_bind_int(st, 1, now);
  db_bind_int(st, 2, id);
  return db_step_done(st, e, "touch token");
}

int store_login_failure_add(db *d, const char *subject, int64_t now, struct keel_err *e) {
  db_stmt *st = db_prepare(d, "INSERT INTO login_failures(subject, at) VALUES (?, ?)", e);
  if (!st) return e->rc;
  db_bind_text(st, 1, subject);
  db_bind_int(st, 2, now);
  return db_step_done(st, e, "record failed sign-in");
}

int store_login_failure_count(db *d, const char *subject, int64_t since, int64_t *count, int64_t *oldest,
                              struct keel_err *e) {
  db_stmt *st = db_prepare(d, "SELECT COUNT(*), MIN(at) FROM login_failures WHERE subject = ? AND at > ?", e);
  if (!st) return e->rc;
  db_bind_text(st, 1, subject);
  db_bind_int(st, 2, since);
  int r = db_step(st), rc = KEEL_OK;
  if (r > 0) {
    *count = db_col_int(st, 0);
    *oldest = db_col_is_null(st, 1) ? 0 : db_col_int(st, 1);
  } else {
    rc = db_fail(d, e, "count failed sign-ins");
  }
  db_done(st);
  return rc;
}

int store_login_failure_clear(db *d, const char *subject, struct keel_err *e) {
  db_stmt *st = db_prepare(d, "DELETE FROM login_failures WHERE subject = ?", e);
  if (!st) return e->rc;
  db_bind_text(st, 1, subject);
  return db_step_done(st, e, "clear failed sign-ins");
}
