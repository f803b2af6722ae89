/* err.c — error records and their stable names. */
#include "core/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int err_set(struct keel_err *e, int rc, const char *field, const char *fmt, ...) {
  if (!e) return rc;
  e->rc = rc;
  snprintf(e->field, sizeof e->field, "%s", field ? field : "");
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(e->msg, sizeof e->msg, fmt, ap);
  va_end(ap);
  return rc;
}

void err_clear(struct keel_err *e) {
  if (e) memset(e, 0, sizeof *e);
}

const char *err_code_name(int rc) {
  static const char *const names[KEEL_RC_COUNT] = {
      [KEEL_OK] = "ok",
      [KEEL_EINVAL] = "invalid",
      [KEEL_EPARSE] = "malformed",
      [KEEL_EUNKNOWN] = "unknown_field",
      [KEEL_ENOTFOUND] = "not_found",
      [KEEL_EAUTH] = "unauthenticated",
      [KEEL_EPERM] = "forbidden",
      [KEEL_ESTALE] = "stale_version",
      [KEEL_ENEEDVERSION] = "version_required",
      [KEEL_EEXISTS] = "already_exists",
      [KEEL_ECONFLICT] = "conflict",
      [KEEL_ETOOBIG] = "too_large",
      [KEEL_ETHROTTLED] = "throttled",
      [KEEL_EBUSY] = "busy",
      [KEEL_EDB] = "database_error",
      [KEEL_EIO] = "io_error",
      [KEEL_EINTERNAL] = "internal_error",
      [KEEL_EMETHOD] = "method_not_allowed",
  };
  if (rc < 0 || rc >= KEEL_RC_COUNT || !names[rc]) return "internal_error";
  return names[rc];
}
