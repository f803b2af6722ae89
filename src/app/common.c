/* common.c — permission checks, transactions and audit records for app/. */
#include <string.h>

#include "app/internal.h"
#include "store/audit.h"

const struct actor app_owner = {0, ROLE_ADMIN, "command line", "", 0};

int app_require(struct app *x, enum cap c, const char *doing) {
  const struct actor *who = x->actor;
  if (c == CAP_PUBLIC) return KEEL_OK;
  if (!who || who->role == ROLE_NONE) return err_set(x->e, KEEL_EAUTH, NULL, "sign in to %s", doing);
  if (role_allows(who->role, c)) return KEEL_OK;
  const char *need = role_name(cap_min_role(c));
  return err_set(x->e, KEEL_EPERM, NULL, "you need the %s role to %s (you are %s %s)", need, doing,
                 who->role == ROLE_ADMIN ? "an" : "a", role_name(who->role));
}

int app_health(struct app *x) { return db_ping(x->db, x->e); }

int app_generation(struct app *x, int64_t *out) { return store_generation(x->db, out, x->e); }

int app_snapshot_begin(struct app *x) { return db_begin_read(x->db, x->e); }

void app_snapshot_end(struct app *x) {
  struct keel_err ignored;
  if (db_commit(x->db, &ignored)) db_rollback(x->db); /* nothing was written: either ends it */
}

int app_begin(struct app *x) { return db_begin(x->db, x->e); }

int app_finish(struct app *x, int rc) {
  if (rc) {
    db_rollback(x->db);
    return rc;
  }
  return db_commit(x->db, x->e);
}

int app_audit(struct app *x, const char *action, const char *entity_type, int64_t entity_id, const char *label,
              const char *before, const char *after) {
  struct audit_entry en = {
      .at = x->now,
      .actor_id = x->actor ? x->actor->user_id : 0,
      .action = action,
      .entity_type = entity_type,
      .entity_id = entity_id,
      .entity_label = label,
      .before = before,
      .after = after,
  };
  return store_audit_insert(x->db, &en, x->e);
}

int app_check_version(struct app *x, int64_t current, int64_t expect, const char *what) {
  if (expect == 0 || expect == current) return KEEL_OK;
  return err_set(x->e, KEEL_ESTALE, "version",
                 "%s was changed by someone else since you loaded it (you had version %lld, it is now %lld); "
                 "reload it and apply your change again",
                 what, (long long)expect, (long long)current);
}

static const char *snap(struct app *x, buf *b) {
  const char *s = arena_strdup(x->a, buf_cstr(b));
  buf_free(b);
  return s;
}

const char *snap_product(struct app *x, const struct product *p) {
  buf b;
  buf_init(&b, 0);
  repr_product(&b, p, REPR_SNAPSHOT);
  return snap(x, &b);
}

const char *snap_feature(struct app *x, const struct feature *f) {
  buf b;
  buf_init(&b, 0);
  repr_feature(&b, f, REPR_SNAPSHOT);
  return snap(x, &b);
}

const char *snap_idea(struct app *x, const struct idea *i) {
  buf b;
  buf_init(&b, 0);
  repr_idea(&b, i, REPR_SNAPSHOT);
  return snap(x, &b);
}

const char *snap_user(struct app *x, const struct user *u) {
  buf b;
  buf_init(&b, 0);
  repr_user(&b, u);
  return snap(x, &b);
}

int app_parse_mask(struct app *x, const char *s, const char *field, unsigned open_mask, unsigned dflt,
                   int (*parse)(const char *name, int *out), unsigned *mask) {
  if (!s || !*s) {
    *mask = dflt;
    return KEEL_OK;
  }
  if (strcmp(s, "all") == 0) {
    *mask = 0;
    return KEEL_OK;
  }
  if (strcmp(s, "open") == 0) {
    *mask = open_mask;
    return KEEL_OK;
  }
  unsigned m = 0;
  const char *p = s;
  while (*p) {
    const char *comma = strchr(p, ',');
    size_t n = comma ? (size_t)(comma - p) : strlen(p);
    char *name = arena_strndup(x->a, p, n);
    int v;
    if (parse(name, &v)) return err_set(x->e, KEEL_EINVAL, field, "%s has an unknown value: %s", field, name);
    m |= 1u << v;
    p += n;
    if (*p == ',') p++;
  }
  *mask = m;
  return KEEL_OK;
}
