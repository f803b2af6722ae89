/* initiatives.c — SQL for initiatives, the objectives they serve and the
 * features that belong to them. */
#include "store/strategy.h"

#include <string.h>

#define INI_COLS                                                                                     \
  "i.id, i.product_id, p.key, i.name, i.description, i.created_at, i.updated_at, i.version, "        \
  "(SELECT COUNT(*) FROM features f WHERE f.initiative_id = i.id), "                                 \
  "(SELECT COUNT(*) FROM initiative_objectives io WHERE io.initiative_id = i.id) "
#define INI_FROM "FROM initiatives i JOIN products p ON p.id = i.product_id "

static void read_ini(db_stmt *st, arena *a, struct initiative *i) {
  memset(i, 0, sizeof *i);
  i->id = db_col_int(st, 0);
  i->product_id = db_col_int(st, 1);
  i->product_key = db_col_str0(st, 2, a);
  i->name = db_col_str0(st, 3, a);
  i->description = db_col_str0(st, 4, a);
  i->created_at = db_col_int(st, 5);
  i->updated_at = db_col_int(st, 6);
  i->version = db_col_int(st, 7);
  i->feature_count = db_col_int(st, 8);
  i->objective_count = db_col_int(st, 9);
}

int store_initiative_insert(db *d, struct initiative *i, struct keel_err *e) {
  db_stmt *st = db_prepare(d,
                           "INSERT INTO initiatives(product_id, name, description, created_at, updated_at, version) "
                           "VALUES (?, ?, ?, ?, ?, 1) RETURNING id",
                           e);
  if (!st) return e->rc;
  db_bind_int(st, 1, i->product_id);
  db_bind_text(st, 2, i->name);
  db_bind_text(st, 3, i->description ? i->description : "");
  db_bind_int(st, 4, i->created_at);
  db_bind_int(st, 5, i->updated_at);
  int rc = db_step_returning(st, &i->id, e, "add initiative");
  if (rc == KEEL_EEXISTS) return err_set(e, rc, "name", "an initiative named %s already exists", i->name);
  i->version = 1;
  return rc;
}

static int get_one(db_stmt *st, arena *a, struct initiative *out, struct keel_err *e) {
  int r = db_step(st), rc = KEEL_OK;
  if (r > 0) read_ini(st, a, out);
  else if (r == 0) rc = err_set(e, KEEL_ENOTFOUND, "initiative", "there is no such initiative");
  else rc = db_fail(db_stmt_db(st), e, "read initiative");
  db_done(st);
  return rc;
}

int store_initiative_get(db *d, arena *a, int64_t id, struct initiative *out, struct keel_err *e) {
  db_stmt *st = db_prepare(d, "SELECT " INI_COLS INI_FROM "WHERE i.id = ?", e);
  if (!st) return e->rc;
  db_bind_int(st, 1, id);
  return get_one(st, a, out, e);
}

int store_initiative_by_name(db *d, arena *a, int64_t product_id, const char *name, struct initiative *out,
                             struct keel_err *e) {
  db_stmt *st = db_prepare(d, "SELECT " INI_COLS INI_FROM "WHERE i.product_id = ? AND i.name = ?", e);
  if (!st) return e->rc;
  db_bind_int(st, 1, product_id);
  db_bind_text(st, 2, name);
  return get_one(st, a, out, e);
}

int store_initiative_update(db *d, struct initiative *i, struct keel_err *e) {
  db_stmt *st = db_prepare(d,
                           "UPDATE initiatives SET name = ?, description = ?, updated_at = ?, version = version + 1 "
                           "WHERE id = ? AND version = ? RETURNING version",
                           e);
  if (!st) return e->rc;
  db_bind_text(st, 1, i->name);
  db_bind_text(st, 2, i->description ? i->description : "");
  db_bind_int(st, 3, i->updated_at);
  db_bind_int(st, 4, i->id);
  db_bind_int(st, 5, i->version);
  int rc = db_step_returning(st, &i->version, e, "update initiative");
  if (rc == KEEL_EEXISTS) return err_set(e, rc, "name", "an initiative named %s already exists", i->name);
  if (rc == KEEL_ENOTFOUND)
    return err_set(e, KEEL_ESTALE, "version", "initiative %lld was changed by someone else", (long long)i->id);
  return rc;
}

static int list(db_stmt *st, arena *a, struct initiative **out, size_t *n, struct keel_err *e) {
  *out = NULL;
  *n = 0;
  size_t cap = 0;
  int r;
  while ((r = db_step(st)) > 0) {
    *out = arena_grow(a, *out, *n, &cap, sizeof **out);
    read_ini(st, a, &(*out)[(*n)++]);
  }
  int rc = r < 0 ? db_fail(db_stmt_db(st), e, "list initiatives") : KEEL_OK;
  db_done(st);
  return rc;
}

int store_initiative_list(db *d, arena *a, int64_t product_id, struct initiative **out, size_t *n, struct keel_err *e) {
  db_stmt *st = db_prepare(d, "SELECT " INI_COLS INI_FROM "WHERE i.product_id = ? ORDER BY i.name, i.id", e);
  if (!st) return e->rc;
  db_bind_int(st, 1, product_id);
  return list(st, a, out, n, e);
}

int store_objective_initiatives(db *d, arena *a, int64_t objective_id, struct initiative **out, size_t *n,
                                struct keel_err *e) {
  db_stmt *st = db_prepare(d,
                           "SELECT " INI_COLS INI_FROM
                           "JOIN initiative_objectives l ON l.initiative_id = i.id WHERE l.objective_id = ? "
                           "ORDER BY i.name, i.id",
                           e);
  if (!st) return e->rc;
  db_bind_int(st, 1, objective_id);
  return list(st, a, out, n, e);
}

int store_initiative_link(db *d, int64_t initiative_id, int64_t objective_id, int on, struct keel_err *e) {
  db_stmt *st = db_prepare(d,
                           on ? "INSERT INTO initiative_objectives(initiative_id, objective_id) VALUES (?, ?) "
                                "ON CONFLICT DO NOTHING"
                              : "DELETE FROM initiative_objectives WHERE initiative_id = ? AND objective_id = ?",
                           e);
  if (!st) return e->rc;
  db_bind_int(st, 1, initiative_id);
  db_bind_int(st, 2, objective_id);
  return db_step_done(st, e, on ? "link objective" : "unlink objective");
}

int store_initiative_objectives(db *d, arena *a, int64_t initiative_id, struct objective_ref **out, size_t *n,
                                struct keel_err *e) {
  *out = NULL;
  *n = 0;
  db_stmt *st = db_prepare(d,
                           "SELECT o.id, o.period, o.title FROM initiative_objectives l JOIN objectives o ON o.id = l.objective_id "
                           "WHERE l.initiative_id = ? ORDER BY o.period, o.id",
                           e);
  if (!st) return e->rc;
  db_bind_int(st, 1, initiative_id);
  size_t cap = 0;
  int r;
  while ((r = db_step(st)) > 0) {
    *out = arena_grow(a, *out, *n, &cap, sizeof **out);
    struct objective_ref *o = &(*out)[(*n)++];
    o->id = db_col_int(st, 0);
    o->period = db_col_str0(st, 1, a);
    o->title = db_col_str0(st, 2, a);
  }
  int rc = r < 0 ? db_fail(d, e, "list an initiative's objectives") : KEEL_OK;
  db_done(st);
  return rc;
}

static int feature_refs(db_stmt *st, arena *a, struct feature_ref **out, size_t *n, struct keel_err *e) {
  *out = NULL;
  *n = 0;
  size_t cap = 0;
  int r;
  while ((r = db_step(st)) > 0) {
    *out = arena_grow(a, *out, *n, &cap, sizeof **out);
    struct feature_ref *f = &(*out)[(*n)++];
    f->id = db_col_int(st, 0);
    f->key = arena_printf(a, "%s-%lld", db_col_str0(st, 1, a), (long long)db_col_int(st, 2));
    f->title = db_col_str0(st, 3, a);
  }
  int rc = r < 0 ? db_fail(db_stmt_db(st), e, "list features") : KEEL_OK;
  db_done(st);
  return rc;
}

int store_initiative_features(db *d, arena *a, int64_t initiative_id, struct feature_ref **out, size_t *n,
                              struct keel_err *e) {
  db_stmt *st = db_prepare(d,
                           "SELECT f.id, p.key, f.number, f.title FROM features f JOIN products p ON p.id = f.product_id "
                           "WHERE f.initiative_id = ? ORDER BY p.key, f.number",
                           e);
  if (!st) return e->rc;
  db_bind_int(st, 1, initiative_id);
  return feature_refs(st, a, out, n, e);
}

int store_objective_features(db *d, arena *a, int64_t objective_id, struct feature_ref **out, size_t *n,
                             struct keel_err *e) {
  db_stmt *st = db_prepare(d,
                           "SELECT f.id, p.key, f.number, f.title FROM initiative_objectives l "
                           "JOIN features f ON f.initiative_id = l.initiative_id JOIN products p ON p.id = f.product_id "
                           "WHERE l.objective_id = ? ORDER BY p.key, f.number",
                           e);
  if (!st) return e->rc;
  db_bind_int(st, 1, objective_id);
  return feature_refs(st, a, out, n, e);
}

int store_feature_set_initiative(db *d, int64_t feature_id, int64_t initiative_id, struct keel_err *e) {
  db_stmt *st = db_prepare(d, "UPDATE features SET initiative_id = ? WHERE id = ?", e);
  if (!st) return e->rc;
  if (initiative_id) db_bind_int(st, 1, initiative_id);
  else db_bind_null(st, 1);
  db_bind_int(st, 2, feature_id);
  return db_step_done(st, e, "set a feature's initiative");
}

int store_feature_initiative(db *d, arena *a, int64_t feature_id, struct initiative *out, struct keel_err *e) {
  db_stmt *st = db_prepare(d, "SELECT " INI_COLS INI_FROM "JOIN features ft ON ft.initiative_id = i.id WHERE ft.id = ?", e);
  if (!st) return e->rc;
  db_bind_int(st, 1, feature_id);
  return get_one(st, a, out, e);
}
