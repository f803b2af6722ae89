/* competitors.c — SQL for competitors, capabilities and competitor levels. */
#include "store/competitors.h"

#include <string.h>

#define COMP_COLS \
  "c.id, c.product_id, p.key, c.name, c.website, c.strengths, c.weaknesses, c.created_at, c.updated_at, c.version "
#define COMP_FROM "FROM competitors c JOIN products p ON p.id = c.product_id "

static void read_comp(db_stmt *st, arena *a, struct competitor *c) {
  memset(c, 0, sizeof *c);
  c->id = db_col_int(st, 0);
  c->product_id = db_col_int(st, 1);
  c->product_key = db_col_str0(st, 2, a);
  c->name = db_col_str0(st, 3, a);
  c->website = db_col_str0(st, 4, a);
  c->strengths = db_col_str0(st, 5, a);
  c->weaknesses = db_col_str0(st, 6, a);
  c->created_at = db_col_int(st, 7);
  c->updated_at = db_col_int(st, 8);
  c->version = db_col_int(st, 9);
}

int store_competitor_insert(db *d, struct competitor *c, struct keel_err *e) {
  db_stmt *st = db_prepare(d,
                           "INSERT INTO competitors(product_id, name, website, strengths, weaknesses, created_at, updated_at, "
                           "version) VALUES (?, ?, ?, ?, ?, ?, ?, 1) RETURNING id",
                           e);
  if (!st) return e->rc;
  db_bind_int(st, 1, c->product_id);
  db_bind_text(st, 2, c->name);
  db_bind_text(st, 3, c->website ? c->website : "");
  db_bind_text(st, 4, c->strengths ? c->strengths : "");
  db_bind_text(st, 5, c->weaknesses ? c->weaknesses : "");
  db_bind_int(st, 6, c->created_at);
  db_bind_int(st, 7, c->updated_at);
  int rc = db_step_returning(st, &c->id, e, "add competitor");
  if (rc == KEEL_EEXISTS) return err_set(e, rc, "name", "a competitor named %s already exists", c->name);
  c->version = 1;
  return rc;
}

static int comp_one(db_stmt *st, arena *a, struct competitor *out, struct keel_err *e) {
  int r = db_step(st), rc = KEEL_OK;
  if (r > 0) read_comp(st, a, out);
  else if (r == 0) rc = err_set(e, KEEL_ENOTFOUND, "competitor", "there is no such competitor");
  else rc = db_fail(db_stmt_db(st), e, "read competitor");
  db_done(st);
  return rc;
}

int store_competitor_get(db *d, arena *a, int64_t id, struct competitor *out, struct keel_err *e) {
  db_stmt *st = db_prepare(d, "SELECT " COMP_COLS COMP_FROM "WHERE c.id = ?", e);
  if (!st) return e->rc;
  db_bind_int(st, 1, id);
  return comp_one(st, a, out, e);
}

int store_competitor_by_name(db *d, arena *a, int64_t product_id, const char *name, struct competitor *out,
                             struct keel_err *e) {
  db_stmt *st = db_prepare(d, "SELECT " COMP_COLS COMP_FROM "WHERE c.product_id = ? AND c.name = ?", e);
  if (!st) return e->rc;
  db_bind_int(st, 1, product_id);
  db_bind_text(st, 2, name);
  return comp_one(st, a, out, e);
}

int store_competitor_update(db *d, struct competitor *c, struct keel_err *e) {
  db_stmt *st = db_prepare(d,
                           "UPDATE competitors SET name = ?, website = ?, strengths = ?, weaknesses = ?, updated_at = ?, "
                           "version = version + 1 WHERE id = ? AND version = ? RETURNING version",
                           e);
  if (!st) return e->rc;
  db_bind_text(st, 1, c->name);
  db_bind_text(st, 2, c->website ? c->website : "");
  db_bind_text(st, 3, c->strengths ? c->strengths : "");
  db_bind_text(st, 4, c->weaknesses ? c->weaknesses : "");
  db_bind_int(st, 5, c->updated_at);
  db_bind_int(st, 6, c->id);
  db_bind_int(st, 7, c->version);
  int rc = db_step_returning(st, &c->version, e, "update competitor");
  if (rc == KEEL_EEXISTS) return err_set(e, rc, "name", "a competitor named %s already exists", c->name);
  if (rc == KEEL_ENOTFOUND)
    return err_set(e, KEEL_ESTALE, "version", "competitor %lld was changed by someone else", (long long)c->id);
  return rc;
}

int store_competitor_delete(db *d, int64_t id, struct keel_err *e) {
  db_stmt *st = db_prepare(d, "DELETE FROM competitor_capabilities WHERE competitor_id = ?", e);
  if (!st) return e->rc;
  db_bind_int(st, 1, id);
  int rc = db_step_done(st, e, "remove competitor");
  if (rc) return rc;
  st = db_prepare(d, "DELETE FROM competitors WHERE id = ? RETURNING id", e);
  if (!st) return e->rc;
  db_bind_int(st, 1, id);
  return db_step_returning(st, NULL, e, "remove competitor");
}

int store_competitor_list(db *d, arena *a, int64_t product_id, struct competitor **out, size_t *n, struct keel_err *e) {
  *out = NULL;
  *n = 0;
  db_stmt *st = db_prepare(d, "SELECT " COMP_COLS COMP_FROM "WHERE c.product_id = ? ORDER BY c.name, c.id", e);
  if (!st) return e->rc;
  db_bind_int(st, 1, product_id);
  size_t cap = 0;
  int r;
  while ((r = db_step(st)) > 0) {
    *out = arena_grow(a, *out, *n, &cap, sizeof **out);
    read_comp(st, a, &(*out)[(*n)++]);
  }
  int rc = r < 0 ? db_fail(d, e, "list competitors") : KEEL_OK;
  db_done(st);
  return rc;
}

#define CAP_COLS "k.id, k.product_id, k.name, k.ours, k.note, k.created_at, k.updated_at, k.version "

static void read_cap(db_stmt *st, arena *a, struct capability *c) {
  memset(c, 0, sizeof *c);
  c->id = db_col_int(st, 0);
  c->product_id = db_col_int(st, 1);
  c->name = db_col_str0(st, 2, a);
  c->ours = (int)db_col_int(st, 3);
  c->note = db_col_str0(st, 4, a);
  c->created_at = db_col_int(st, 5);
  c->updated_at = db_col_int(st, 6);
  c->version = db_col_int(st, 7);
}

int store_capability_insert(db *d, struct capability *c, struct keel_err *e) {
  db_stmt *st = db_prepare(d,
                           "INSERT INTO capabilities(product_id, name, ours, note, created_at, updated_at, version) "
                           "VALUES (?, ?, ?, ?, ?, ?, 1) RETURNING id",
                           e);
  if (!st) return e->rc;
  db_bind_int(st, 1, c->product_id);
  db_bind_text(st, 2, c->name);
  db_bind_int(st, 3, c->ours);
  db_bind_text(st, 4, c->note ? c->note : "");
  db_bind_int(st, 5, c->created_at);
  db_bind_int(st, 6, c->updated_at);
  int rc = db_step_returning(st, &c->id, e, "add capability");
  if (rc == KEEL_EEXISTS) return err_set(e, rc, "name", "a capability named %s already exists", c->name);
  c->version = 1;
  return rc;
}

static int cap_one(db_stmt *st, arena *a, struct capability *out, struct keel_err *e) {
  int r = db_step(st), rc = KEEL_OK;
  if (r > 0) read_cap(st, a, out);
  else if (r == 0) rc = err_set(e, KEEL_ENOTFOUND, "capability", "there is no such capability");
  else rc = db_fail(db_stmt_db(st), e, "read capability");
  db_done(st);
  return rc;
}

int store_capability_get(db *d, arena *a, int64_t id, struct capability *out, struct keel_err *e) {
  db_stmt *st = db_prepare(d, "SELECT " CAP_COLS "FROM capabilities k WHERE k.id = ?", e);
  if (!st) return e->rc;
  db_bind_int(st, 1, id);
  return cap_one(st, a, out, e);
}

int store_capability_by_name(db *d, arena *a, int64_t product_id, const char *name, struct capability *out,
                             struct keel_err *e) {
  db_stmt *st = db_prepare(d, "SELECT " CAP_COLS "FROM capabilities k WHERE k.product_id = ? AND k.name = ?", e);
  if (!st) return e->rc;
  db_bind_int(st, 1, product_id);
  db_bind_text(st, 2, name);
  return cap_one(st, a, out, e);
}

int store_capability_update(db *d, struct capability *c, struct keel_err *e) {
  db_stmt *st = db_prepare(d,
                           "UPDATE capabilities SET name = ?, ours = ?, note = ?, updated_at = ?, version = version + 1 "
                           "WHERE id = ? AND version = ? RETURNING version",
                           e);
  if (!st) return e->rc;
  db_bind_text(st, 1, c->name);
  db_bind_int(st, 2, c->ours);
  db_bind_text(st, 3, c->note ? c->note : "");
  db_bind_int(st, 4, c->updated_at);
  db_bind_int(st, 5, c->id);
  db_bind_int(st, 6, c->version);
  int rc = db_step_returning(st, &c->version, e, "update capability");
  if (rc == KEEL_EEXISTS) return err_set(e, rc, "name", "a capability named %s already exists", c->name);
  if (rc == KEEL_ENOTFOUND)
    return err_set(e, KEEL_ESTALE, "version", "capability %lld was changed by someone else", (long long)c->id);
  return rc;
}

int store_capability_list(db *d, arena *a, int64_t product_id, struct capability **out, size_t *n, struct keel_err *e) {
  *out = NULL;
  *n = 0;
  db_stmt *st = db_prepare(d, "SELECT " CAP_COLS "FROM capabilities k WHERE k.product_id = ? ORDER BY k.name, k.id", e);
  if (!st) return e->rc;
  db_bind_int(st, 1, product_id);
  size_t cap = 0;
  int r;
  while ((r = db_step(st)) > 0) {
    *out = arena_grow(a, *out, *n, &cap, sizeof **out);
    read_cap(st, a, &(*out)[(*n)++]);
  }
  int rc = r < 0 ? db_fail(d, e, "list capabilities") : KEEL_OK;
  db_done(st);
  return rc;
}

int store_capability_level_set(db *d, const struct capability_level *l, struct keel_err *e) {
  db_stmt *st = db_prepare(d,
                           "INSERT INTO competitor_capabilities(competitor_id, capability_id, level, note) VALUES (?, ?, ?, ?) "
                           "ON CONFLICT (competitor_id, capability_id) DO UPDATE SET level = excluded.level, note = excluded.note",
                           e);
  if (!st) return e->rc;
  db_bind_int(st, 1, l->competitor_id);
  db_bind_int(st, 2, l->capability_id);
  db_bind_int(st, 3, l->level);
  db_bind_text(st, 4, l->note ? l->note : "");
  return db_step_done(st, e, "set a competitor's level");
}

int store_capability_levels(db *d, arena *a, int64_t product_id, struct capability_level **out, size_t *n,
                            struct keel_err *e) {
  *out = NULL;
  *n = 0;
  db_stmt *st = db_prepare(d,
                           "SELECT l.competitor_id, l.capability_id, l.level, l.note FROM competitor_capabilities l "
                           "JOIN capabilities k ON k.id = l.capability_id WHERE k.product_id = ?",
                           e);
  if (!st) return e->rc;
  db_bind_int(st, 1, product_id);
  size_t cap = 0;
  int r;
  while ((r = db_step(st)) > 0) {
    *out = arena_grow(a, *out, *n, &cap, sizeof **out);
    struct capability_level *l = &(*out)[(*n)++];
    l->competitor_id = db_col_int(st, 0);
    l->capability_id = db_col_int(st, 1);
    l->level = (int)db_col_int(st, 2);
    l->note = db_col_str0(st, 3, a);
  }
  int rc = r < 0 ? db_fail(d, e, "list capability levels") : KEEL_OK;
  db_done(st);
  return rc;
}
