/* settings.c — reading and changing workspace settings (admins), with
 * secrets masked on the way out and in the audit trail. */
#include <string.h>

#include "app/notify.h"
#include "domain/setting.h"
#include "domain/text.h"
#include "store/settings.h"

static const char secret_mask[] = "********";

int app_setting_value(struct app *x, const char *key, const char **value) {
  const struct setting_def *def = setting_find(key);
  int rc = store_setting_get(x->db, x->a, key, value, x->e);
  if (rc == KEEL_ENOTFOUND) {
    *value = def ? def->dflt : "";
    return KEEL_OK;
  }
  return rc;
}

static void view_of(const struct setting_def *def, const struct setting *s, struct setting_view *out) {
  memset(out, 0, sizeof *out);
  out->key = def->key;
  out->help = def->help;
  out->secret = def->kind == SK_SECRET;
  out->is_set = s != NULL;
  out->value = s ? (out->secret ? secret_mask : s->value) : def->dflt;
  out->updated_at = s ? s->updated_at : 0;
}

static int find_def(struct app *x, const char *key, const struct setting_def **def) {
  *def = setting_find(key);
  if (*def) return KEEL_OK;
  size_t n;
  const struct setting_def *all = setting_defs(&n);
  buf b;
  buf_init(&b, 4096);
  for (size_t i = 0; i < n; i++) buf_printf(&b, "%s%s", i ? ", " : "", all[i].key);
  int rc = err_set(x->e, KEEL_EINVAL, "key", "there is no setting %.100s; the settings are %s", key ? key : "", buf_cstr(&b));
  buf_free(&b);
  return rc;
}

int app_setting_list(struct app *x, struct setting_view **out, size_t *n) {
  int rc = app_require(x, CAP_ADMIN, "see workspace settings");
  if (rc) return rc;
  struct setting *stored;
  size_t ns, nd;
  rc = store_setting_list(x->db, x->a, &stored, &ns, x->e);
  if (rc) return rc;
  const struct setting_def *defs = setting_defs(&nd);
  *out = arena_alloc(x->a, (nd ? nd : 1) * sizeof **out);
  *n = nd;
  for (size_t i = 0; i < nd; i++) {
    const struct setting *s = NULL;
    for (size_t k = 0; k < ns; k++)
      if (strcmp(stored[k].key, defs[i].key) == 0) s = &stored[k];
    view_of(&defs[i], s, &(*out)[i]);
  }
  return KEEL_OK;
}

int app_setting_get(struct app *x, const char *key, struct setting_view *out) {
  int rc = app_require(x, CAP_ADMIN, "see workspace settings");
  const struct setting_def *def;
  if (!rc) rc = find_def(x, key, &def);
  if (rc) return rc;
  struct setting s = {.key = key};
  rc = store_setting_get(x->db, x->a, key, &s.value, x->e);
  if (rc && rc != KEEL_ENOTFOUND) return rc;
  view_of(def, rc ? NULL : &s, out);
  return KEEL_OK;
}

/* The audit snapshot of a setting: its key and value, a secret masked. */
static const char *snap(struct app *x, const struct setting_def *def, const char *value) {
  buf b;
  buf_init(&b, 0);
  buf_printf(&b, "{\"key\":%J,\"value\":%J}", def->key, value && def->kind == SK_SECRET ? secret_mask : value);
  const char *s = arena_strdup(x->a, buf_cstr(&b));
  buf_free(&b);
  return s;
}

int app_setting_set(struct app *x, const char *key, const char *value, struct setting_view *out) {
  int rc = app_require(x, CAP_ADMIN, "change workspace settings");
  const struct setting_def *def;
  if (!rc) rc = find_def(x, key, &def);
  if (rc) return rc;
  const char *v = def->kind == SK_SECRET ? value : text_trim(x->a, value);
  rc = setting_check(def, v, x->e);
  if (rc) return rc;
  rc = app_begin(x);
  if (rc) return rc;
  const char *before = NULL;
  rc = store_setting_get(x->db, x->a, key, &before, x->e);
  if (rc == KEEL_ENOTFOUND) rc = KEEL_OK;
  if (!rc) rc = store_setting_put(x->db, key, v, x->now, x->e);
  if (!rc) rc = app_audit(x, "setting.set", "setting", 0, key, before ? snap(x, def, before) : NULL, snap(x, def, v));
  rc = app_finish(x, rc);
  if (!rc && out) {
    struct setting s = {.key = key, .value = v, .updated_at = x->now};
    view_of(def, &s, out);
  }
  return rc;
}

int app_setting_unset(struct app *x, const char *key) {
  int rc = app_require(x, CAP_ADMIN, "change workspace settings");
  const struct setting_def *def;
  if (!rc) rc = find_def(x, key, &def);
  if (rc) return rc;
  rc = app_begin(x);
  if (rc) return rc;
  const char *before = NULL;
  int removed = 0;
  rc = store_setting_get(x->db, x->a, key, &before, x->e);
  if (rc == KEEL_ENOTFOUND) rc = KEEL_OK;
  if (!rc) rc = store_setting_delete(x->db, key, &removed, x->e);
  if (!rc && removed) rc = app_audit(x, "setting.unset", "setting", 0, key, snap(x, def, before), NULL);
  return app_finish(x, rc);
}
