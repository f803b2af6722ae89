/* user.h — people, their sessions and their API tokens, and the rules for
 * signing in. */
#ifndef KEEL_DOMAIN_USER_H
#define KEEL_DOMAIN_USER_H

#include <stdint.h>

#include "core/err.h"
#include "domain/roles.h"

enum {
  SESSION_IDLE_SECONDS = 12 * 3600,          /* signed out after 12 h without a request */
  SESSION_ABSOLUTE_SECONDS = 7 * 24 * 3600,  /* and after 7 days whatever happens */
  SESSION_TOUCH_SECONDS = 300,               /* last-seen is written at most every 5 min */
  LOGIN_MAX_FAILURES = 5,                    /* failed sign-ins per account ... */
  LOGIN_MAX_FAILURES_PER_ADDRESS = 20,       /* ... or per client address (offices share one) ... */
  LOGIN_WINDOW_SECONDS = 15 * 60,            /* ... within 15 minutes before refusing */
  TOKEN_NAME_MAX_CHARS = 80,
};

struct user {
  int64_t id;
  const char *email;
  const char *name;
  enum role role;
  int active;
  int64_t created_at, updated_at, version;
  int64_t customer_id; /* portal users: the customer they speak for, or 0 (staff never have one) */
};

struct session {
  int64_t user_id;
  const char *csrf; /* per-session CSRF token, compared in constant time */
  int64_t created_at, last_seen_at, expires_at;
};

struct api_token {
  int64_t id;
  int64_t user_id;
  const char *name;
  int64_t created_at, last_used_at, revoked_at;
};

/* Checks a user's editable fields (email, name, role, and that only a portal
 * user speaks for a customer). */
int user_check(const struct user *u, struct keel_err *e);

/* Checks a new password's length. Returns KEEL_OK or KEEL_EINVAL for "password". */
int password_check(const char *pw, struct keel_err *e);

/* Returns 1 when a session is still valid at time now (not idle too long and
 * not past its absolute expiry). */
int session_valid(const struct session *s, int64_t now);

/* Returns 1 when the session's last-seen time should be written now. */
int session_needs_touch(const struct session *s, int64_t now);

#endif
