/* setting.h — the workspace settings Keel knows: their names, what each
 * means, which values it takes, and which are secret (never shown back).
 * Values are stored as text (store/settings.h); this module only checks them. */
#ifndef KEEL_DOMAIN_SETTING_H
#define KEEL_DOMAIN_SETTING_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

enum setting_kind {
  SK_TEXT,     /* one line */
  SK_SMTP_URL, /* smtp://host[:port] or smtps://host[:port] */
  SK_FROM,     /* an e-mail address, or Name <address> */
  SK_SECRET,   /* one line, never shown back */
  SK_BOOL,     /* yes or no */
  SK_SECONDS,  /* a whole number of seconds in [min, max] */
  SK_SITE_URL, /* http:// or https:// base address */
  SK_BYTES,    /* a whole number of bytes in [min, max] */
};

enum { SETTING_VALUE_MAX_CHARS = 500, SETTING_SECRET_MASK_LEN = 8 };

struct setting_def {
  const char *key;
  enum setting_kind kind;
  const char *help;   /* one line for lists and the settings page */
  const char *dflt;   /* the value when unset, "" for none */
  int64_t min, max;   /* SK_SECONDS */
};

/* Returns the definition of key, or NULL when Keel has no such setting. */
const struct setting_def *setting_find(const char *key);

/* Returns every known setting, in key order (count in *n). */
const struct setting_def *setting_defs(size_t *n);

/* Checks value for def. Returns KEEL_OK, or KEEL_EINVAL naming field "value"
 * and saying what the setting takes. */
int setting_check(const struct setting_def *def, const char *value, struct keel_err *e);

/* Returns 1 for "yes" (also "true", "on", "1"), 0 otherwise. */
int setting_bool(const char *value);

#endif
