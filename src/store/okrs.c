/* okrs.c — SQL for objectives, their key results and the check-ins on them. */
#include "store/strategy.h"

#include <string.h>

#define OBJ_COLS                                                                                     \
  "o.id, o.product_id, p.key, o.period, o.title, o.description, o.owner_id, u.name, o.status, "      \
  "o.created_at, o.updated_at, o.version "
#define OBJ_FROM "FROM objectives o JOIN products p ON p.id = o.product_id LEFT JOIN users u ON u.id = o.owner_id "

static void read_objective(db_stmt *st, arena *a, struct objective *o) {
  memset(o, 0, sizeof *o);
  o->id = db_col_int(st, 0);
  o->product_id = db_col_int(st, 1);
  o->product_key = db_col_str0(st, 2, a);
  o->period = db_col_str0(st, 3, a);
  o->title = db_col_str0(st, 4, a);
  o->description = db_col_str0(st, 5, a);
  o->owner_id = db_col_is_null(st, 6) ? 0 : db_col_int(st, 6);
  o->owner_name = db_col_str0(st, 7, a);
  enum objective_status s = OBJ_ACTIVE;
  objective_status_parse(db_col_str0(st, 8, a), &s);
  o->status = s;
  o->created_at = db_col_int(st, 9);
  o->updated_at = db_col_int(st, 10);
  o->version = db_col_int(st, 11);
}

int store_objective_insert(db *d, struct objective *o, struct keel_err *e) {
  db_stmt *st = db_prepare(d,
                           "INSERT INTO objectives(product_id, period, title, description, owner_id, status, created_at, "
                           "updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1) RETURNING id",
                           e);
  if (!st) return e->rc;
  db_bind_int(st, 1, o->product_id);
  db_bind_text(st, 2, o->period);
  db_bind_text(st, 3, o->title);
  db_bind_text(st, 4, o->description ? o->description : "");
  if (o->owner_id) db_bind_int(st, 5, o->owner_id);
  else db_bind_null(st, 5);
  db_bind_text(st, 6, objective_status_name(o->status));
  db_bind_int(st, 7, o->created_at);
  db_bind_int(st, 8, o->updated_at);
  o->version = 1;
  return db_step_returning(st, &o->id, e, "add objective");
}

int store_objective_get(db *d, arena *a, int64_t id, struct objective *out, struct keel_err *e) {
  db_stmt *st = db_prepare(d, "SELECT " OBJ_COLS OBJ_FROM "WHERE o.id = ?", e);
  if (!st) return e->rc;
  db_bind_int(st, 1, id);
  int r = db_step(st), rc = KEEL_OK;
  if (r > 0) read_objective(st, a, out);
  else if (r == 0) rc = err_set(e, KEEL_ENOTFOUND, "objective", "there is no objective %lld", (long long)id);
  else rc = db_fail(d, e, "read objective");
  db_done(st);
  return rc;
}

int store_objective_update(db *d, struct objective *o, struct keel_err *e) {
  db_stmt *st = db_prepare(d,
                           "UPDATE objectives SET period = ?, title = ?, description = ?, owner_id = ?, status = ?, "
                           "updated_at = ?, version = version + 1 WHERE id = ? AND version = ? RETURNING version",
                           e);
  if (!st) return e->rc;
  db_bind_text(st, 1, o->period);
  db_bind_text(st, 2, o->title);
  db_bind_text(st, 3, o->description ? o->description : "");
  if (o->owner_id) db_bind_int(st, 4, o->owner_id);
  else db_bind_null(st, 4);
  db_bind_text(st, 5, objective_status_name(o->status));
  db_bind_int(st, 6, o->updated_at);
  db_bind_int(st, 7, o->id);
  db_bind_int(st, 8, o->version);
  int rc = db_step_returning(st, &o->version, e, "update objective");
  if (rc == KEEL_ENOTFOUND)
    return err_set(e, KEEL_ESTALE, "version", "objective %lld was changed by someone else", (long long)o->id);
  return rc;
}

int store_objective_list(db *d, arena *a, int64_t product_id, const char *period, struct objective **out, size_t *n,
                         struct keel_err *e) {
  *out = NULL;
  *n = 0;
  const char *sql;
  if (product_id && period) sql = "SELECT " OBJ_COLS OBJ_FROM "WHERE o.product_id = ? AND o.period = ? ORDER BY o.period, o.id";
  else if (product_id) sql = "SELECT " OBJ_COLS OBJ_FROM "WHERE o.product_id = ? ORDER BY o.period, o.id";
  else if (period) sql = "SELECT " OBJ_COLS OBJ_FROM "WHERE o.period = ? ORDER BY o.period, o.id";
  else sql = "SELECT " OBJ_COLS OBJ_FROM "ORDER BY o.period, o.id";
  db_stmt *st = db_prepare(d, sql, e);
  if (!st) return e->rc;
  int k = 1;
  if (product_id) db_bind_int(st, k++, product_id);
  if (period) db_bind_text(st, k, period);
  size_t cap = 0;
  int r;
  while ((r = db_step(st)) > 0) {
    *out = arena_grow(a, *out, *n, &cap, sizeof **out);
    read_objective(st, a, &(*out)[(*n)++]);
  }
  int rc = r < 0 ? db_fail(d, e, "list objectives") : KEEL_OK;
  db_done(st);
  return rc;
}

#define KR_COLS \
  "k.id, k.objective_id, k.title, k.metric, k.unit, k.baseline, k.target, k.current, k.created_at, k.updated_at, k.version "

static void read_kr(db_stmt *st, arena *a, struct key_result *k) {
  memset(k, 0, sizeof *k);
  k->id = db_col_int(st, 0);
  k->objective_id = db_col_int(st, 1);
  k->title = db_col_str0(st, 2, a);
  k->metric = db_col_str0(st, 3, a);
  k->unit = db_col_str0(st, 4, a);
  k->baseline = db_col_double(st, 5);
  k->target = db_col_double(st, 6);
  k->current = db_col_double(st, 7);
  k->created_at = db_col_int(st, 8);
  k->updated_at = db_col_int(st, 9);
  k->version = db_col_int(st, 10);
}

int store_kr_insert(db *d, struct key_result *k, struct keel_err *e) {
  db_stmt *st = db_prepare(d,
                           "INSERT INTO key_results(objective_id, title, metric, unit, baseline, target, current, "
                           "created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1) RETURNING id",
                           e);
  if (!st) return e->rc;
  db_bind_int(st, 1, k->objective_id);
  db_bind_text(st, 2, k->title);
  db_bind_text(st, 3, k->metric ? k->metric : "");
  db_bind_text(st, 4, k->unit ? k->unit : "");
  db_bind_double(st, 5, k->baseline);
  db_bind_double(st, 6, k->target);
  db_bind_double(st, 7, k->current);
  db_bind_int(st, 8, k->created_at);
  db_bind_int(st, 9, k->updated_at);
  k->version = 1;
  return db_step_returning(st, &k->id, e, "add key result");
}

int store_kr_get(db *d, arena *a, int64_t id, struct key_result *out, struct keel_err *e) {
  db_stmt *st = db_prepare(d, "SELECT " KR_COLS "FROM key_results k WHERE k.id = ?", e);
  if (!st) return e->rc;
  db_bind_int(st, 1, id);
  int r = db_step(st), rc = KEEL_OK;
  if (r > 0) read_kr(st, a, out);
  else if (r == 0) rc = err_set(e, KEEL_ENOTFOUND, "key_result", "there is no key result %lld", (long long)id);
  else rc = db_fail(d, e, "read key result");
  db_done(st);
  return rc;
}

int store_kr_update(db *d, struct key_result *k, struct keel_err *e) {
  db_stmt *st = db_prepare(d,
                           "UPDATE key_results SET title = ?, metric = ?, unit = ?, baseline = ?, target = ?, current = ?, "
                           "updated_at = ?, version = version + 1 WHERE id = ? AND version = ? RETURNING version",
                           e);
  if (!st) return e->rc;
  db_bind_text(st, 1, k->title);
  db_bind_text(st, 2, k->metric ? k->metric : "");
  db_bind_text(st, 3, k->unit ? k->unit : "");
  db_bind_double(st, 4, k->baseline);
  db_bind_double(st, 5, k->target);
  db_bind_double(st, 6, k->current);
  db_bind_int(st, 7, k->updated_at);
  db_bind_int(st, 8, k->id);
  db_bind_int(st, 9, k->version);
  int rc = db_step_returning(st, &k->version, e, "update key result");
  if (rc == KEEL_ENOTFOUND)
    return err_set(e, KEEL_ESTALE, "version", "key result %lld was changed by someone else", (long long)k->id);
  return rc;
}

int store_kr_list(db *d, arena *a, int64_t objective_id, struct key_result **out, size_t *n, struct keel_err *e) {
  *out = NULL;
  *n = 0;
  db_stmt *st = db_prepare(d, "SELECT " KR_COLS "FROM key_results k WHERE k.objective_id = ? ORDER BY k.id", e);
  if (!st) return e->rc;
  db_bind_int(st, 1, objective_id);
  size_t cap = 0;
  int r;
  while ((r = db_step(st)) > 0) {
    *out = arena_grow(a, *out, *n, &cap, sizeof **out);
    read_kr(st, a, &(*out)[(*n)++]);
  }
  int rc = r < 0 ? db_fail(d, e, "list key results") : KEEL_OK;
  db_done(st);
  return rc;
}

int store_checkin_insert(db *d, struct kr_checkin *c, struct keel_err *e) {
  db_stmt *st = db_prepare(d,
                           "INSERT INTO kr_checkins(key_result_id, value, comment, author_id, at) VALUES (?, ?, ?, ?, ?) "
                           "RETURNING id",
                           e);
  if (!st) return e->rc;
  db_bind_int(st, 1, c->key_result_id);
  db_bind_double(st, 2, c->value);
  db_bind_text(st, 3, c->comment ? c->comment : "");
  if (c->author_id) db_bind_int(st, 4, c->author_id);
  else db_bind_null(st, 4);
  db_bind_int(st, 5, c->at);
  return db_step_returning(st, &c->id, e, "add check-in");
}

int store_checkin_list(db *d, arena *a, int64_t kr_id, struct kr_checkin **out, size_t *n, struct keel_err *e) {
  *out = NULL;
  *n = 0;
  db_stmt *st = db_prepare(d,
                           "SELECT c.id, c.key_result_id, c.value, c.comment, c.author_id, u.name, c.at FROM kr_checkins c "
                           "LEFT JOIN users u ON u.id = c.author_id WHERE c.key_result_id = ? ORDER BY c.at, c.id",
                           e);
  if (!st) return e->rc;
  db_bind_int(st, 1, kr_id);
  size_t cap = 0;
  int r;
  while ((r = db_step(st)) > 0) {
    *out = arena_grow(a, *out, *n, &cap, sizeof **out);
    struct kr_checkin *c = &(*out)[(*n)++];
    c->id = db_col_int(st, 0);
    c->key_result_id = db_col_int(st, 1);
    c->value = db_col_double(st, 2);
    c->comment = db_col_str0(st, 3, a);
    c->author_id = db_col_is_null(st, 4) ? 0 : db_col_int(st, 4);
    c->author_name = db_col_str0(st, 5, a);
    c->at = db_col_int(st, 6);
  }
  int rc = r < 0 ? db_fail(d, e, "list check-ins") : KEEL_OK;
  db_done(st);
  return rc;
}
