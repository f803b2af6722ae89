/* focus.c — SQL for horizon changes, Now's load and capacity, the product's
 * now_limit, trade-offs, team work in progress and strategy ages. */
#include "store/focus.h"

#include <string.h>

static enum horizon col_horizon(db_stmt *st, int i, arena *a) {
  enum horizon h;
  if (horizon_parse(db_col_str0(st, i, a), &h)) h = HZ_UNPLANNED;
  return h;
}

static enum feature_status col_status(db_stmt *st, int i, arena *a) {
  enum feature_status s;
  if (feature_status_parse(db_col_str0(st, i, a), &s)) s = FS_CANDIDATE;
  return s;
}

int store_horizon_change_insert(db *d, int64_t feature_id, int64_t product_id, enum horizon from, enum horizon to,
                                enum feature_status status, int64_t actor_id, int64_t at, struct keel_err *e) {
  db_stmt *st = db_prepare(d,
                           "INSERT INTO horizon_changes(feature_id, product_id, from_horizon, to_horizon, status, "
                           "actor_id, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                           e);
  if (!st) return e->rc;
  db_bind_int(st, 1, feature_id);
  db_bind_int(st, 2, product_id);
  db_bind_text(st, 3, horizon_name(from));
  db_bind_text(st, 4, horizon_name(to));
  db_bind_text(st, 5, feature_status_name(status));
  if (actor_id) db_bind_int(st, 6, actor_id);
  else db_bind_null(st, 6);
  db_bind_int(st, 7, at);
  return db_step_done(st, e, "record horizon change");
}

int store_horizon_changes(db *d, arena *a, int64_t product_id, int64_t since, struct hz_change **out, size_t *n,
                          struct keel_err *e) {
  *out = NULL;
  *n = 0;
  db_stmt *st = db_prepare(d,
                           "SELECT h.id, h.feature_id, p.key, f.number, f.title, h.from_horizon, h.to_horizon, "
                           "h.status, h.actor_id, u.name, h.at FROM horizon_changes h "
                           "JOIN features f ON f.id = h.feature_id JOIN products p ON p.id = f.product_id "
                           "LEFT JOIN users u ON u.id = h.actor_id "
                           "WHERE h.product_id = ? AND h.at >= ? ORDER BY h.at DESC, h.id DESC LIMIT ?",
                           e);
  if (!st) return e->rc;
  db_bind_int(st, 1, product_id);
  db_bind_int(st, 2, since);
  db_bind_int(st, 3, FOCUS_CHANGES_MAX);
  size_t cap = 0;
  int r;
  while ((r = db_step(st)) > 0) {
    *out = arena_grow(a, *out, *n, &cap, sizeof **out);
    struct hz_change *c = &(*out)[(*n)++];
    c->id = db_col_int(st, 0);
    c->feature_id = db_col_int(st, 1);
    c->key = feature_key_format(a, db_col_str0(st, 2, a), db_col_int(st, 3));
    c->title = db_col_str0(st, 4, a);
    c->from = col_horizon(st, 5, a);
    c->to = col_horizon(st, 6, a);
    c->status = col_status(st, 7, a);
    c->actor_name = db_col_is_null(st, 8) ? "command line" : db_col_str0(st, 9, a);
    c->at = db_col_int(st, 10);
  }
  int rc = r < 0 ? db_fail(d, e, "read horizon changes") : KEEL_OK;
  db_done(st);
  for (size_t i = 0; !rc && i < *n / 2; i++) { /* newest first → time order */
    struct hz_change t = (*out)[i];
    (*out)[i] = (*out)[*n - 1 - i];
    (*out)[*n - 1 - i] = t;
  }
  return rc;
}

int store_product_lock(db *d, int64_t product_id, struct keel_err *e) {
  db_stmt *st = db_prepare(d, "UPDATE products SET feature_seq = feature_seq WHERE id = ? RETURNING id", e);
  if (!st) return e->rc;
  db_bind_int(st, 1, product_id);
  return db_step_returning(st, NULL, e, "lock product");
}

int store_now_items(db *d, arena *a, int64_t product_id, struct now_item **out, size_t *n, struct keel_err *e) {
  *out = NULL;
  *n = 0;
  db_stmt *st = db_prepare(d,
                           "SELECT f.id, p.key, f.number, f.title, f.status, f.size, f.rice_effort FROM features f "
                           "JOIN products p ON p.id = f.product_id WHERE f.product_id = ? AND f.horizon = 'now' "
                           "AND f.status NOT IN ('shipped', 'archived') ORDER BY f.backlog_rank, f.id",
                           e);
  if (!st) return e->rc;
  db_bind_int(st, 1, product_id);
  size_t cap = 0;
  int r;
  while ((r = db_step(st)) > 0) {
    *out = arena_grow(a, *out, *n, &cap, sizeof **out);
    struct now_item *it = &(*out)[(*n)++];
    it->id = db_col_int(st, 0);
    it->key = feature_key_format(a, db_col_str0(st, 1, a), db_col_int(st, 2));
    it->title = db_col_str0(st, 3, a);
    it->status = col_status(st, 4, a);
    it->size = db_col_is_null(st, 5) ? 0 : db_col_double(st, 5);
    it->effort = db_col_is_null(st, 6) ? 0 : db_col_double(st, 6);
  }
  int rc = r < 0 ? db_fail(d, e, "read Now") : KEEL_OK;
  db_done(st);
  return rc;
}

int store_feature_size(db *d, int64_t feature_id, double *size, double *effort, struct keel_err *e) {
  *size = *effort = 0;
  db_stmt *st = db_prepare(d, "SELECT size, rice_effort FROM features WHERE id = ?", e);
  if (!st) return e->rc;
  db_bind_int(st, 1, feature_id);
  int r = db_step(st), rc = KEEL_OK;
  if (r > 0) {
    *size = db_col_is_null(st, 0) ? 0 : db_col_double(st, 0);
    *effort = db_col_is_null(st, 1) ? 0 : db_col_double(st, 1);
  } else if (r == 0) {
    rc = err_set(e, KEEL_ENOTFOUND, NULL, "no feature with that id");
  } else {
    rc = db_fail(d, e, "read feature size");
  }
  db_done(st);
  return rc;
}

int store_now_capacity(db *d, int64_t product_id, const char *period, int *has, double *sum, struct keel_err *e) {
  *has = 0;
  *sum = 0;
  db_stmt *st = db_prepare(d,
                           "SELECT COUNT(*), COALESCE(SUM(c.capacity), 0) FROM team_capacity c "
                           "JOIN teams t ON t.id = c.team_id WHERE t.product_id = ? AND c.period = ?",
                           e);
  if (!st) return e->rc;
  db_bind_int(st, 1, product_id);
  db_bind_text(st, 2, period);
  int r = db_step(st), rc = KEEL_OK;
  if (r > 0) {
    *has = db_col_int(st, 0) > 0;
    *sum = db_col_double(st, 1);
  } else if (r < 0) {
    rc = db_fail(d, e, "read team capacity");
  }
  db_done(st);
  return rc;
}

int store_product_now_limit(db *d, int64_t product_id, int64_t *limit, struct keel_err *e) {
  *limit = -1;
  db_stmt *st = db_prepare(d, "SELECT now_limit FROM products WHERE id = ?", e);
  if (!st) return e->rc;
  db_bind_int(st, 1, product_id);
  int r = db_step(st), rc = KEEL_OK;
  if (r > 0) *limit = db_col_is_null(st, 0) ? -1 : db_col_int(st, 0);
  else if (r == 0) rc = err_set(e, KEEL_ENOTFOUND, NULL, "no product with that id");
  else rc = db_fail(d, e, "read product");
  db_done(st);
  return rc;
}

int store_product_set_now_limit(db *d, struct product *p, int64_t limit, struct keel_err *e) {
  db_stmt *st = db_prepare(d,
                           "UPDATE products SET name = ?, description = ?, now_limit = ?, updated_at = ?, "
                           "version = version + 1 WHERE id = ? AND version = ? RETURNING version",
                           e);
  if (!st) return e->rc;
  db_bind_text(st, 1, p->name);
  db_bind_text(st, 2, p->description ? p->description : "");
  if (limit >= 0) db_bind_int(st, 3, limit);
  else db_bind_null(st, 3);
  db_bind_int(st, 4, p->updated_at);
  db_bind_int(st, 5, p->id);
  db_bind_int(st, 6, p->version);
  int rc = db_step_returning(st, &p->version, e, "update product");
  if (rc == KEEL_ENOTFOUND) return err_set(e, KEEL_ESTALE, "version", "product %s was changed by someone else", p->key);
  return rc;
}

int store_tradeoff_insert(db *d, struct tradeoff *t, struct keel_err *e) {
  db_stmt *st = db_prepare(d,
                           "INSERT INTO tradeoffs(product_id, feature_id, horizon, reason, actor_id, at) "
                           "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                           e);
  if (!st) return e->rc;
  db_bind_int(st, 1, t->product_id);
  db_bind_int(st, 2, t->feature_id);
  db_bind_text(st, 3, horizon_name(t->horizon));
  db_bind_text(st, 4, t->reason);
  if (t->actor_id) db_bind_int(st, 5, t->actor_id);
  else db_bind_null(st, 5);
  db_bind_int(st, 6, t->at);
  int rc = db_step_returning(st, &t->id, e, "record trade-off");
  for (size_t i = 0; !rc && i < t->nout; i++) {
    st = db_prepare(d, "INSERT INTO tradeoff_displaced(tradeoff_id, feature_id, to_horizon) VALUES (?, ?, ?)", e);
    if (!st) return e->rc;
    db_bind_int(st, 1, t->id);
    db_bind_int(st, 2, t->out[i].feature_id);
    db_bind_text(st, 3, horizon_name(t->out[i].to));
    rc = db_step_done(st, e, "record trade-off");
  }
  return rc;
}

/* Reads what moved out for the trade-offs in ts (ids), attaching them. */
static int read_displaced(db *d, arena *a, struct tradeoff *ts, size_t n, struct keel_err *e) {
  if (n == 0) return KEEL_OK;
  db_stmt *st = db_prepare(d,
                           "SELECT x.tradeoff_id, x.feature_id, p.key, f.number, f.title, x.to_horizon "
                           "FROM tradeoff_displaced x JOIN tradeoffs t ON t.id = x.tradeoff_id "
                           "JOIN features f ON f.id = x.feature_id JOIN products p ON p.id = f.product_id "
                           "WHERE t.product_id = ? AND t.id BETWEEN ? AND ? ORDER BY x.tradeoff_id, f.number",
                           e);
  if (!st) return e->rc;
  int64_t lo = ts[0].id, hi = ts[0].id;
  for (size_t i = 1; i < n; i++) {
    if (ts[i].id < lo) lo = ts[i].id;
    if (ts[i].id > hi) hi = ts[i].id;
  }
  db_bind_int(st, 1, ts[0].product_id);
  db_bind_int(st, 2, lo);
  db_bind_int(st, 3, hi);
  int r;
  while ((r = db_step(st)) > 0) {
    int64_t tid = db_col_int(st, 0);
    struct tradeoff *t = NULL;
    for (size_t i = 0; i < n && !t; i++)
      if (ts[i].id == tid) t = &ts[i];
    if (!t) continue;
    t->out = arena_realloc(a, t->out, t->nout * sizeof *t->out, (t->nout + 1) * sizeof *t->out);
    struct tradeoff_out *o = &t->out[t->nout++];
    o->feature_id = db_col_int(st, 1);
    o->key = feature_key_format(a, db_col_str0(st, 2, a), db_col_int(st, 3));
    o->title = db_col_str0(st, 4, a);
    o->to = col_horizon(st, 5, a);
  }
  int rc = r < 0 ? db_fail(d, e, "read trade-offs") : KEEL_OK;
  db_done(st);
  return rc;
}

/* Lists trade-offs of a product, or of one feature (went in or moved out) when feature_id is not 0. */
static int tradeoff_list(db *d, arena *a, int64_t product_id, int64_t feature_id, int limit, struct tradeoff **out,
                         size_t *n, struct keel_err *e) {
  *out = NULL;
  *n = 0;
  db_stmt *st = db_prepare(d,
                           "SELECT t.id, t.feature_id, p.key, f.number, f.title, t.horizon, t.reason, t.actor_id, "
                           "u.name, t.at FROM tradeoffs t JOIN features f ON f.id = t.feature_id "
                           "JOIN products p ON p.id = f.product_id LEFT JOIN users u ON u.id = t.actor_id "
                           "WHERE t.product_id = ? AND (? = 0 OR t.feature_id = ? OR t.id IN "
                           "(SELECT tradeoff_id FROM tradeoff_displaced WHERE feature_id = ?)) "
                           "ORDER BY t.at DESC, t.id DESC LIMIT ?",
                           e);
  if (!st) return e->rc;
  db_bind_int(st, 1, product_id);
  db_bind_int(st, 2, feature_id);
  db_bind_int(st, 3, feature_id);
  db_bind_int(st, 4, feature_id);
  db_bind_int(st, 5, limit);
  size_t cap = 0;
  int r;
  while ((r = db_step(st)) > 0) {
    *out = arena_grow(a, *out, *n, &cap, sizeof **out);
    struct tradeoff *t = &(*out)[(*n)++];
    memset(t, 0, sizeof *t);
    t->id = db_col_int(st, 0);
    t->product_id = product_id;
    t->feature_id = db_col_int(st, 1);
    t->key = feature_key_format(a, db_col_str0(st, 2, a), db_col_int(st, 3));
    t->title = db_col_str0(st, 4, a);
    t->horizon = col_horizon(st, 5, a);
    t->reason = db_col_str0(st, 6, a);
    t->actor_id = db_col_is_null(st, 7) ? 0 : db_col_int(st, 7);
    t->actor_name = t->actor_id ? db_col_str0(st, 8, a) : "command line";
    t->at = db_col_int(st, 9);
  }
  int rc = r < 0 ? db_fail(d, e, "list trade-offs") : KEEL_OK;
  db_done(st);
  if (!rc) rc = read_displaced(d, a, *out, *n, e);
  return rc;
}

int store_tradeoff_list(db *d, arena *a, int64_t product_id, int limit, struct tradeoff **out, size_t *n,
                        struct keel_err *e) {
  return tradeoff_list(d, a, product_id, 0, limit, out, n, e);
}

int store_tradeoff_list_feature(db *d, arena *a, int64_t product_id, int64_t feature_id, int limit,
                                struct tradeoff **out, size_t *n, struct keel_err *e) {
  return tradeoff_list(d, a, product_id, feature_id, limit, out, n, e);
}

int store_team_wip(db *d, arena *a, int64_t product_id, struct team_wip **out, size_t *n, struct keel_err *e) {
  *out = NULL;
  *n = 0;
  db_stmt *st = db_prepare(d,
                           "SELECT t.id, t.name, t.wip_limit, (SELECT COUNT(*) FROM features f "
                           "WHERE f.team_id = t.id AND f.status = 'in_progress') FROM teams t "
                           "WHERE t.product_id = ? ORDER BY t.name, t.id",
                           e);
  if (!st) return e->rc;
  db_bind_int(st, 1, product_id);
  size_t cap = 0;
  int r;
  while ((r = db_step(st)) > 0) {
    *out = arena_grow(a, *out, *n, &cap, sizeof **out);
    struct team_wip *t = &(*out)[(*n)++];
    t->id = db_col_int(st, 0);
    t->name = db_col_str0(st, 1, a);
    t->wip_limit = db_col_is_null(st, 2) ? -1 : db_col_int(st, 2);
    t->in_progress = db_col_int(st, 3);
    t->over = 0;
  }
  int rc = r < 0 ? db_fail(d, e, "read teams") : KEEL_OK;
  db_done(st);
  return rc;
}

int store_vision_age(db *d, int64_t product_id, int64_t since, int *has, int64_t *revision, int64_t *at,
                     int64_t *changes, struct keel_err *e) {
  *has = 0;
  *revision = *at = *changes = 0;
  db_stmt *st = db_prepare(d,
                           "SELECT revision, created_at, (SELECT COUNT(*) FROM vision_revisions v2 "
                           "WHERE v2.product_id = v.product_id AND v2.created_at >= ?) FROM vision_revisions v "
                           "WHERE v.product_id = ? ORDER BY revision DESC LIMIT 1",
                           e);
  if (!st) return e->rc;
  db_bind_int(st, 1, since);
  db_bind_int(st, 2, product_id);
  int r = db_step(st), rc = KEEL_OK;
  if (r > 0) {
    *has = 1;
    *revision = db_col_int(st, 0);
    *at = db_col_int(st, 1);
    *changes = db_col_int(st, 2);
  } else if (r < 0) {
    rc = db_fail(d, e, "read vision");
  }
  db_done(st);
  return rc;
}

int store_objectives_age(db *d, int64_t product_id, const char *period, int64_t *count, int64_t *at,
                         struct keel_err *e) {
  *count = *at = 0;
  db_stmt *st = db_prepare(d,
                           "SELECT COUNT(*), COALESCE(MAX(updated_at), 0), COALESCE(MAX(created_at), 0) "
                           "FROM objectives WHERE product_id = ? AND period = ?",
                           e);
  if (!st) return e->rc;
  db_bind_int(st, 1, product_id);
  db_bind_text(st, 2, period);
  int r = db_step(st), rc = KEEL_OK;
  if (r > 0) {
    *count = db_col_int(st, 0);
    int64_t u = db_col_int(st, 1), c = db_col_int(st, 2);
    *at = u > c ? u : c;
  } else if (r < 0) {
    rc = db_fail(d, e, "read objectives");
  }
  db_done(st);
  return rc;
}
