/* personas.c — SQL for personas and the features that serve them. */
#include "store/strategy.h"

#include <stdio.h>
#include <string.h>

#define PERSONA_COLS                                                                                 \
  "x.id, x.product_id, p.key, x.name, x.description, x.says, x.thinks, x.does, x.feels, x.goals, "   \
  "x.pains, x.created_at, x.updated_at, x.version, "                                                 \
  "(SELECT COUNT(*) FROM feature_personas fp WHERE fp.persona_id = x.id) "
#define PERSONA_FROM "FROM personas x JOIN products p ON p.id = x.product_id "

static void read_persona(db_stmt *st, arena *a, struct persona *x) {
  memset(x, 0, sizeof *x);
  x->id = db_col_int(st, 0);
  x->product_id = db_col_int(st, 1);
  x->product_key = db_col_str0(st, 2, a);
  x->name = db_col_str0(st, 3, a);
  for (int i = 0; i < PERSONA_NFIELDS; i++) x->fields[i] = db_col_str0(st, 4 + i, a);
  x->created_at = db_col_int(st, 11);
  x->updated_at = db_col_int(st, 12);
  x->version = db_col_int(st, 13);
  x->feature_count = db_col_int(st, 14);
}

static void bind_fields(db_stmt *st, int first, const struct persona *x) {
  for (int i = 0; i < PERSONA_NFIELDS; i++) db_bind_text(st, first + i, x->fields[i] ? x->fields[i] : "");
}

int store_persona_insert(db *d, struct persona *x, struct keel_err *e) {
  db_stmt *st = db_prepare(d,
                           "INSERT INTO personas(product_id, name, description, says, thinks, does, feels, goals, pains, "
                           "created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1) RETURNING id",
                           e);
  if (!st) return e->rc;
  db_bind_int(st, 1, x->product_id);
  db_bind_text(st, 2, x->name);
  bind_fields(st, 3, x);
  db_bind_int(st, 10, x->created_at);
  db_bind_int(st, 11, x->updated_at);
  int rc = db_step_returning(st, &x->id, e, "add persona");
  if (rc == KEEL_EEXISTS) return err_set(e, rc, "name", "a persona named %s already exists", x->name);
  x->version = 1;
  return rc;
}

static int get_one(db_stmt *st, arena *a, struct persona *out, struct keel_err *e) {
  int r = db_step(st), rc = KEEL_OK;
  if (r > 0) read_persona(st, a, out);
  else if (r == 0) rc = err_set(e, KEEL_ENOTFOUND, "persona", "there is no such persona");
  else rc = db_fail(db_stmt_db(st), e, "read persona");
  db_done(st);
  return rc;
}

int store_persona_get(db *d, arena *a, int64_t id, struct persona *out, struct keel_err *e) {
  db_stmt *st = db_prepare(d, "SELECT " PERSONA_COLS PERSONA_FROM "WHERE x.id = ?", e);
  if (!st) return e->rc;
  db_bind_int(st, 1, id);
  return get_one(st, a, out, e);
}

int store_persona_by_name(db *d, arena *a, int64_t product_id, const char *name, struct persona *out,
                          struct keel_err *e) {
  db_stmt *st = db_prepare(d, "SELECT " PERSONA_COLS PERSONA_FROM "WHERE x.product_id = ? AND x.name = ?", e);
  if (!st) return e->rc;
  db_bind_int(st, 1, product_id);
  db_bind_text(st, 2, name);
  return get_one(st, a, out, e);
}

int store_persona_update(db *d, struct persona *x, struct keel_err *e) {
  db_stmt *st = db_prepare(d,
                           "UPDATE personas SET name = ?, description = ?, says = ?, thinks = ?, does = ?, feels = ?, "
                           "goals = ?, pains = ?, updated_at = ?, version = version + 1 "
                           "WHERE id = ? AND version = ? RETURNING version",
                           e);
  if (!st) return e->rc;
  db_bind_text(st, 1, x->name);
  bind_fields(st, 2, x);
  db_bind_int(st, 9, x->updated_at);
  db_bind_int(st, 10, x->id);
  db_bind_int(st, 11, x->version);
  int rc = db_step_returning(st, &x->version, e, "update persona");
  if (rc == KEEL_EEXISTS) return err_set(e, rc, "name", "a persona named %s already exists", x->name);
  if (rc == KEEL_ENOTFOUND)
    return err_set(e, KEEL_ESTALE, "version", "persona %lld was changed by someone else", (long long)x->id);
  return rc;
}

int store_persona_delete(db *d, int64_t id, struct keel_err *e) {
  db_stmt *st = db_prepare(d, "DELETE FROM feature_personas WHERE persona_id = ?", e);
  if (!st) return e->rc;
  db_bind_int(st, 1, id);
  int rc = db_step_done(st, e, "remove persona");
  if (rc) return rc;
  st = db_prepare(d, "DELETE FROM personas WHERE id = ? RETURNING id", e);
  if (!st) return e->rc;
  db_bind_int(st, 1, id);
  return db_step_returning(st, NULL, e, "remove persona");
}

static int list(db_stmt *st, arena *a, struct persona **out, size_t *n, struct keel_err *e) {
  *out = NULL;
  *n = 0;
  size_t cap = 0;
  int r;
  while ((r = db_step(st)) > 0) {
    if (*n == cap) {
      size_t grown = cap ? cap * 2 : 16;
      *out = arena_realloc(a, *out, cap * sizeof **out, grown * sizeof **out);
      cap = grown;
    }
    read_persona(st, a, &(*out)[(*n)++]);
  }
  int rc = r < 0 ? db_fail(db_stmt_db(st), e, "list personas") : KEEL_OK;
  db_done(st);
  return rc;
}

int store_persona_list(db *d, arena *a, int64_t product_id, struct persona **out, size_t *n, struct keel_err *e) {
  db_stmt *st = db_prepare(d, "SELECT " PERSONA_COLS PERSONA_FROM "WHERE x.product_id = ? ORDER BY x.name, x.id", e);
  if (!st) return e->rc;
  db_bind_int(st, 1, product_id);
  return list(st, a, out, n, e);
}

int store_persona_list_for_feature(db *d, arena *a, int64_t feature_id, struct persona **out, size_t *n,
                                   struct keel_err *e) {
  db_stmt *st = db_prepare(d,
                           "SELECT " PERSONA_COLS PERSONA_FROM
                           "JOIN feature_personas l ON l.persona_id = x.id WHERE l.feature_id = ? ORDER BY x.name, x.id",
                           e);
  if (!st) return e->rc;
  db_bind_int(st, 1, feature_id);
  return list(st, a, out, n, e);
}

int store_persona_features(db *d, arena *a, int64_t persona_id, struct feature_ref **out, size_t *n,
                           struct keel_err *e) {
  *out = NULL;
  *n = 0;
  db_stmt *st = db_prepare(d,
                           "SELECT f.id, p.key, f.number, f.title FROM feature_personas l "
                           "JOIN features f ON f.id = l.feature_id JOIN products p ON p.id = f.product_id "
                           "WHERE l.persona_id = ? ORDER BY p.key, f.number",
                           e);
  if (!st) return e->rc;
  db_bind_int(st, 1, persona_id);
  size_t cap = 0;
  int r;
  while ((r = db_step(st)) > 0) {
    if (*n == cap) {
      size_t grown = cap ? cap * 2 : 16;
      *out = arena_realloc(a, *out, cap * sizeof **out, grown * sizeof **out);
      cap = grown;
    }
    struct feature_ref *f = &(*out)[(*n)++];
    f->id = db_col_int(st, 0);
    f->key = arena_printf(a, "%s-%lld", db_col_str0(st, 1, a), (long long)db_col_int(st, 2));
    f->title = db_col_str0(st, 3, a);
  }
  int rc = r < 0 ? db_fail(d, e, "list a persona's features") : KEEL_OK;
  db_done(st);
  return rc;
}

int store_feature_personas_set(db *d, int64_t feature_id, const int64_t *ids, size_t n, struct keel_err *e) {
  db_stmt *st = db_prepare(d, "DELETE FROM feature_personas WHERE feature_id = ?", e);
  if (!st) return e->rc;
  db_bind_int(st, 1, feature_id);
  int rc = db_step_done(st, e, "set a feature's personas");
  for (size_t i = 0; !rc && i < n; i++) {
    st = db_prepare(d, "INSERT INTO feature_personas(feature_id, persona_id) VALUES (?, ?) ON CONFLICT DO NOTHING", e);
    if (!st) return e->rc;
    db_bind_int(st, 1, feature_id);
    db_bind_int(st, 2, ids[i]);
    rc = db_step_done(st, e, "set a feature's personas");
  }
  return rc;
}
