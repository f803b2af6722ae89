/* users.c — managing users and their passwords. */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "app/internal.h"
#include "core/crypto.h"
#include "domain/text.h"
#include "store/customers.h"
#include "store/users.h"

/* Returns a trimmed, lower-cased copy of an e-mail address in the arena. */
static const char *email_norm(struct app *x, const char *email) {
  char *s = (char *)text_trim(x->a, email);
  for (char *p = s; p && *p; p++) *p = (char)tolower((unsigned char)*p);
  return s;
}

/* Finds the customer named by ref (an id, else a name in any case) for a
 * portal user; "" or NULL gives 0. KEEL_EINVAL (field "customer") when none. */
static int customer_ref(struct app *x, const char *ref, int64_t *id) {
  *id = 0;
  if (!ref || !*ref) return KEEL_OK;
  struct customer c;
  char *end;
  errno = 0;
  long long v = strtoll(ref, &end, 10);
  int rc = KEEL_ENOTFOUND;
  if (end != ref && !*end && !errno && v > 0) rc = store_customer_get(x->db, x->a, v, &c, x->e);
  if (rc == KEEL_ENOTFOUND) rc = store_customer_by_name(x->db, x->a, ref, &c, x->e);
  if (rc == KEEL_ENOTFOUND) return err_set(x->e, KEEL_EINVAL, "customer", "there is no customer %s", ref);
  if (!rc) *id = c.id;
  return rc;
}

int app_user_create(struct app *x, const char *email, const char *name, enum role role, const char *password,
                    struct user *out) {
  return app_user_create_for(x, email, name, role, NULL, password, out);
}

int app_user_create_for(struct app *x, const char *email, const char *name, enum role role, const char *customer,
                        const char *password, struct user *out) {
  int rc = app_require(x, CAP_ADMIN, "add users");
  if (rc) return rc;
  struct user u = {
      .email = email_norm(x, email),
      .name = text_trim(x->a, name),
      .role = role,
      .active = 1,
      .created_at = x->now,
      .updated_at = x->now,
  };
  rc = user_check(&u, x->e);
  if (!rc) rc = password_check(password, x->e);
  if (rc) return rc;
  char hash[PASSWORD_HASH_LEN];
  if (password_hash(password, strlen(password), hash))
    return err_set(x->e, KEEL_EINTERNAL, NULL, "could not hash the password (out of memory)");
  rc = app_begin(x);
  if (rc) return rc;
  rc = customer_ref(x, customer, &u.customer_id);
  if (!rc) rc = user_check(&u, x->e);
  if (!rc) rc = store_user_insert(x->db, &u, hash, x->e);
  if (!rc) rc = app_audit(x, "user.create", "user", u.id, u.email, NULL, snap_user(x, &u));
  rc = app_finish(x, rc);
  if (!rc) *out = u;
  return rc;
}

int app_user_list(struct app *x, struct user **out, size_t *n) {
  int rc = app_require(x, CAP_ADMIN, "list users");
  if (rc) return rc;
  return store_user_list(x->db, x->a, out, n, x->e);
}

/* Users may read themselves; admins anyone. */
static int may_see_user(struct app *x, int64_t id) {
  if (x->actor && x->actor->user_id == id && id != 0) return app_require(x, CAP_PORTAL, "see your account");
  return app_require(x, CAP_ADMIN, "see other users");
}

int app_user_get(struct app *x, int64_t id, struct user *out) {
  int rc = may_see_user(x, id);
  if (rc) return rc;
  return store_user_get(x->db, x->a, id, out, x->e);
}

int app_user_get_by_email(struct app *x, const char *email, struct user *out) {
  struct user u;
  int rc = store_user_by_email(x->db, x->a, email_norm(x, email), &u, NULL, x->e);
  if (rc == KEEL_ENOTFOUND && !role_allows(x->actor ? x->actor->role : ROLE_NONE, CAP_ADMIN))
    return app_require(x, CAP_ADMIN, "look up users"); /* do not reveal who exists */
  if (rc) return rc;
  rc = may_see_user(x, u.id);
  if (!rc) *out = u;
  return rc;
}

int app_user_update(struct app *x, int64_t id, const struct user_patch *p, int64_t expect_version, struct user *out) {
  int self = x->actor && x->actor->user_id == id && id != 0;
  int admin_change = p->has_role || p->has_active || p->customer || !self;
  int rc = admin_change ? app_require(x, CAP_ADMIN, "change other users, roles or access")
                        : app_require(x, CAP_READ, "change your name");
  if (rc) return rc;
  rc = app_begin(x);
  if (rc) return rc;
  struct user cur, u;
  rc = store_user_get(x->db, x->a, id, &cur, x->e);
  if (!rc) rc = app_check_version(x, cur.version, expect_version, cur.email);
  if (!rc) {
    u = cur;
    if (p->name) u.name = text_trim(x->a, p->name);
    if (p->has_role) u.role = p->role;
    if (p->has_active) u.active = p->active ? 1 : 0;
    if (u.role != ROLE_PORTAL) u.customer_id = 0; /* staff speak for no customer */
    if (p->customer) rc = customer_ref(x, p->customer, &u.customer_id);
    u.updated_at = x->now;
    if (!rc) rc = user_check(&u, x->e);
  }
  if (!rc && cur.role == ROLE_ADMIN && cur.active && (u.role != ROLE_ADMIN || !u.active)) {
    int64_t admins = 0;
    rc = store_user_count_admins(x->db, &admins, x->e);
    if (!rc && admins <= 1)
      rc = err_set(x->e, KEEL_ECONFLICT, p->has_role ? "role" : "active",
                   "%s is the last active admin; make someone else an admin first", cur.email);
  }
  if (!rc) rc = store_user_update(x->db, &u, x->e);
  if (!rc && !u.active) rc = store_session_delete_user(x->db, u.id, x->e);
  if (!rc) rc = app_audit(x, "user.update", "user", u.id, u.email, snap_user(x, &cur), snap_user(x, &u));
  rc = app_finish(x, rc);
  if (!rc) *out = u;
  return rc;
}

int app_user_set_password(struct app *x, int64_t id, const char *current_password, const char *new_password) {
  int self = x->actor && x->actor->user_id == id && id != 0;
  int rc = self ? app_require(x, CAP_PORTAL, "change your password") : app_require(x, CAP_ADMIN, "set passwords");
  if (rc) return rc;
  rc = password_check(new_password, x->e);
  if (rc) return rc;
  struct user u;
  const char *stored = NULL;
  rc = store_user_get(x->db, x->a, id, &u, x->e);
  if (!rc) rc = store_user_by_email(x->db, x->a, u.email, &u, &stored, x->e);
  if (rc) return rc;
  if (self && !role_allows(x->actor->role, CAP_ADMIN)) {
    if (!current_password || !password_verify(stored, current_password, strlen(current_password)))
      return err_set(x->e, KEEL_EPERM, "current_password", "the current password is not right");
  }
  char hash[PASSWORD_HASH_LEN];
  if (password_hash(new_password, strlen(new_password), hash))
    return err_set(x->e, KEEL_EINTERNAL, NULL, "could not hash the password (out of memory)");
  rc = app_begin(x);
  if (rc) return rc;
  rc = store_user_set_password(x->db, id, hash, x->now, x->e);
  if (!rc) rc = store_session_delete_user(x->db, id, x->e);
  if (!rc) rc = app_audit(x, "user.password", "user", id, u.email, NULL, NULL);
  return app_finish(x, rc);
}
