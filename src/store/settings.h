/* settings.h — workspace settings: named text values kept in the database, so
 * that every node of a cluster sees the same (SMTP server, customer portal
 * options, import limits). Names and their meaning belong to app/. */
#ifndef KEEL_STORE_SETTINGS_H
#define KEEL_STORE_SETTINGS_H

#include <stddef.h>

#include "store/db.h"

struct setting {
  const char *key;
  const char *value;
  int64_t updated_at;
};

/* Reads a setting into *value (in a). Returns KEEL_OK, or KEEL_ENOTFOUND with
 * *value = NULL when it was never set. */
int store_setting_get(db *d, arena *a, const char *key, const char **value, struct keel_err *e);

/* Sets (or replaces) a setting. */
int store_setting_put(db *d, const char *key, const char *value, int64_t now, struct keel_err *e);

/* Removes a setting (its default applies again). *removed tells whether it was set. */
int store_setting_delete(db *d, const char *key, int *removed, struct keel_err *e);

/* Lists every setting by key. */
int store_setting_list(db *d, arena *a, struct setting **out, size_t *n, struct keel_err *e);

#endif
