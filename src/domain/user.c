/* user.c — user and session rules. */
#include "domain/user.h"

#include <string.h>

#include "core/crypto.h"
#include "domain/text.h"

int user_check(const struct user *u, struct keel_err *e) {
  int rc = email_check(u->email, e);
  if (!rc) rc = text_check_line("name", u->name, NAME_MAX_CHARS, 1, e);
  if (!rc && (u->role <= ROLE_NONE || u->role >= ROLE_COUNT))
    rc = err_set(e, KEEL_EINVAL, "role", "role must be admin, pm, contributor, viewer or portal");
  if (!rc && u->customer_id && u->role != ROLE_PORTAL)
    rc = err_set(e, KEEL_EINVAL, "customer", "only portal users speak for a customer; staff have none");
  return rc;
}

int password_check(const char *pw, struct keel_err *e) {
  size_t n = pw ? strlen(pw) : 0;
  if (n < PASSWORD_MIN_LEN)
    return err_set(e, KEEL_EINVAL, "password", "password must be at least %d characters", PASSWORD_MIN_LEN);
  if (n > PASSWORD_MAX_LEN)
    return err_set(e, KEEL_EINVAL, "password", "password must be at most %d characters", PASSWORD_MAX_LEN);
  return KEEL_OK;
}

int session_valid(const struct session *s, int64_t now) {
  return now < s->expires_at && now - s->last_seen_at < SESSION_IDLE_SECONDS;
}

int session_needs_touch(const struct session *s, int64_t now) {
  return now - s->last_seen_at >= SESSION_TOUCH_SECONDS;
}
