/* plan.c — SQL for teams, capacity, allocation targets, feature planning
 * fields, dependencies and the planner's reading of a product. */
#include "store/plan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/feature.h"
#include "store/scores.h"

#define TEAM_COLS "t.id, t.product_id, t.name, t.wip_limit, t.created_at, t.updated_at, t.version, c.capacity "
#define TEAM_FROM "FROM teams t LEFT JOIN team_capacity c ON c.team_id = t.id AND c.period = ? "

static void read_team(db_stmt *st, arena *a, struct team *t) {
  memset(t, 0, sizeof *t);
  t->id = db_col_int(st, 0);
  t->product_id = db_col_int(st, 1);
  t->name = db_col_str0(st, 2, a);
  t->wip_limit = db_col_is_null(st, 3) ? -1 : db_col_int(st, 3);
  t->created_at = db_col_int(st, 4);
  t->updated_at = db_col_int(st, 5);
  t->version = db_col_int(st, 6);
  t->has_capacity = !db_col_is_null(st, 7);
  t->capacity = t->has_capacity ? db_col_double(st, 7) : 0;
}

static void bind_wip(db_stmt *st, int i, int64_t wip) {
  if (wip < 0) db_bind_null(st, i);
  else db_bind_int(st, i, wip);
}

int store_team_insert(db *d, struct team *t, struct keel_err *e) {
  db_stmt *st = db_prepare(d,
                           "INSERT INTO teams(product_id, name, wip_limit, created_at, updated_at, version) "
                           "VALUES (?, ?, ?, ?, ?, 1) RETURNING id",
                           e);
  if (!st) return e->rc;
  db_bind_int(st, 1, t->product_id);
  db_bind_text(st, 2, t->name);
  bind_wip(st, 3, t->wip_limit);
  db_bind_int(st, 4, t->created_at);
  db_bind_int(st, 5, t->updated_at);
  int rc = db_step_returning(st, &t->id, e, "add team");
  if (rc == KEEL_EEXISTS) return err_set(e, rc, "name", "this product has a team named %s already", t->name);
  t->version = 1;
  return rc;
}

static int get_team(db_stmt *st, arena *a, struct team *out, struct keel_err *e, const char *what) {
  int r = db_step(st), rc = KEEL_OK;
  if (r > 0) read_team(st, a, out);
  else if (r == 0) rc = err_set(e, KEEL_ENOTFOUND, "team", "there is no team %s", what);
  else rc = db_fail(db_stmt_db(st), e, "read team");
  db_done(st);
  return rc;
}

int store_team_get(db *d, arena *a, int64_t id, const char *period, struct team *out, struct keel_err *e) {
  db_stmt *st = db_prepare(d, "SELECT " TEAM_COLS TEAM_FROM "WHERE t.id = ?", e);
  if (!st) return e->rc;
  db_bind_text(st, 1, period ? period : "");
  db_bind_int(st, 2, id);
  return get_team(st, a, out, e, "with that id");
}

int store_team_by_name(db *d, arena *a, int64_t product_id, const char *name, const char *period, struct team *out,
                       struct keel_err *e) {
  db_stmt *st = db_prepare(d, "SELECT " TEAM_COLS TEAM_FROM "WHERE t.product_id = ? AND t.name = ?", e);
  if (!st) return e->rc;
  db_bind_text(st, 1, period ? period : "");
  db_bind_int(st, 2, product_id);
  db_bind_text(st, 3, name);
  return get_team(st, a, out, e, name);
}

int store_team_update(db *d, struct team *t, struct keel_err *e) {
  db_stmt *st = db_prepare(d,
                           "UPDATE teams SET name = ?, wip_limit = ?, updated_at = ?, version = version + 1 "
                           "WHERE id = ? AND version = ? RETURNING version",
                           e);
  if (!st) return e->rc;
  db_bind_text(st, 1, t->name);
  bind_wip(st, 2, t->wip_limit);
  db_bind_int(st, 3, t->updated_at);
  db_bind_int(st, 4, t->id);
  db_bind_int(st, 5, t->version);
  int rc = db_step_returning(st, &t->version, e, "update team");
  if (rc == KEEL_EEXISTS) return err_set(e, rc, "name", "this product has a team named %s already", t->name);
  if (rc == KEEL_ENOTFOUND) return err_set(e, KEEL_ESTALE, "version", "team %s was changed by someone else", t->name);
  return rc;
}

int store_team_delete(db *d, int64_t id, struct keel_err *e) {
  db_stmt *st = db_prepare(d, "UPDATE features SET team_id = NULL WHERE team_id = ?", e);
  if (!st) return e->rc;
  db_bind_int(st, 1, id);
  int rc = db_step_done(st, e, "release the team's features");
  if (!rc) rc = (st = db_prepare(d, "DELETE FROM team_capacity WHERE team_id = ?", e)) ? KEEL_OK : e->rc;
  if (!rc) {
    db_bind_int(st, 1, id);
    rc = db_step_done(st, e, "remove the team's capacity");
  }
  if (!rc) rc = (st = db_prepare(d, "DELETE FROM teams WHERE id = ? RETURNING id", e)) ? KEEL_OK : e->rc;
  if (!rc) {
    db_bind_int(st, 1, id);
    rc = db_step_returning(st, NULL, e, "remove team");
  }
  return rc;
}

int store_team_list(db *d, arena *a, int64_t product_id, const char *period, struct team **out, size_t *n,
                    struct keel_err *e) {
  *out = NULL;
  *n = 0;
  db_stmt *st = db_prepare(d, "SELECT " TEAM_COLS TEAM_FROM "WHERE t.product_id = ? ORDER BY t.name, t.id", e);
  if (!st) return e->rc;
  db_bind_text(st, 1, period ? period : "");
  db_bind_int(st, 2, product_id);
  size_t cap = 0;
  int r;
  while ((r = db_step(st)) > 0) {
    *out = arena_grow(a, *out, *n, &cap, sizeof **out);
    read_team(st, a, &(*out)[(*n)++]);
  }
  int rc = r < 0 ? db_fail(d, e, "list teams") : KEEL_OK;
  db_done(st);
  return rc;
}

int store_team_capacity_set(db *d, int64_t team_id, const char *period, double capacity, int *had, double *before,
                            struct keel_err *e) {
  *had = 0;
  *before = 0;
  db_stmt *st = db_prepare(d, "SELECT capacity FROM team_capacity WHERE team_id = ? AND period = ?", e);
  if (!st) return e->rc;
  db_bind_int(st, 1, team_id);
  db_bind_text(st, 2, period);
  int r = db_step(st);
  if (r > 0) {
    *had = 1;
    *before = db_col_double(st, 0);
  }
  db_done(st);
  if (r < 0) return db_fail(d, e, "read capacity");
  st = db_prepare(d,
                  "INSERT INTO team_capacity(team_id, period, capacity) VALUES (?, ?, ?) "
                  "ON CONFLICT (team_id, period) DO UPDATE SET capacity = excluded.capacity",
                  e);
  if (!st) return e->rc;
  db_bind_int(st, 1, team_id);
  db_bind_text(st, 2, period);
  db_bind_double(st, 3, capacity);
  return db_step_done(st, e, "set capacity");
}

int store_targets_get(db *d, int64_t product_id, const char *period, double share[PC_COUNT], int set[PC_COUNT],
                      struct keel_err *e) {
  memset(set, 0, PC_COUNT * sizeof *set);
  memset(share, 0, PC_COUNT * sizeof *share);
  db_stmt *st = db_prepare(d, "SELECT category, share FROM allocation_targets WHERE product_id = ? AND period = ?", e);
  if (!st) return e->rc;
  db_bind_int(st, 1, product_id);
  db_bind_text(st, 2, period);
  int r;
  arena *tmp = arena_new(256); /* the category names, read and dropped */
  while ((r = db_step(st)) > 0) {
    int c;
    if (plan_category_parse(db_col_str0(st, 0, tmp), &c) == 0 && c != PC_NONE) {
      set[c] = 1;
      share[c] = db_col_double(st, 1);
    }
  }
  arena_free(tmp);
  int rc = r < 0 ? db_fail(d, e, "read allocation targets") : KEEL_OK;
  db_done(st);
  return rc;
}

int store_targets_replace(db *d, int64_t product_id, const char *period, const double share[PC_COUNT],
                          const int set[PC_COUNT], struct keel_err *e) {
  db_stmt *st = db_prepare(d, "DELETE FROM allocation_targets WHERE product_id = ? AND period = ?", e);
  if (!st) return e->rc;
  db_bind_int(st, 1, product_id);
  db_bind_text(st, 2, period);
  int rc = db_step_done(st, e, "clear allocation targets");
  for (int c = 1; !rc && c < PC_COUNT; c++) {
    if (!set[c]) continue;
    st = db_prepare(d, "INSERT INTO allocation_targets(product_id, period, category, share) VALUES (?, ?, ?, ?)", e);
    if (!st) return e->rc;
    db_bind_int(st, 1, product_id);
    db_bind_text(st, 2, period);
    db_bind_text(st, 3, plan_category_name(c));
    db_bind_double(st, 4, share[c]);
    rc = db_step_done(st, e, "set allocation target");
  }
  return rc;
}

int store_feature_plan_get(db *d, arena *a, int64_t feature_id, struct feature_plan *out, struct keel_err *e) {
  memset(out, 0, sizeof *out);
  out->team_name = "";
  db_stmt *st = db_prepare(d,
                           "SELECT f.team_id, t.name, f.size, f.category FROM features f "
                           "LEFT JOIN teams t ON t.id = f.team_id WHERE f.id = ?",
                           e);
  if (!st) return e->rc;
  db_bind_int(st, 1, feature_id);
  int r = db_step(st), rc = KEEL_OK;
  if (r > 0) {
    out->team_id = db_col_is_null(st, 0) ? 0 : db_col_int(st, 0);
    out->team_name = db_col_str0(st, 1, a);
    out->size = db_col_is_null(st, 2) ? 0 : db_col_double(st, 2);
    if (plan_category_parse(db_col_str0(st, 3, a), &out->category)) out->category = PC_NONE;
  } else if (r == 0) rc = err_set(e, KEEL_ENOTFOUND, NULL, "no such feature");
  else rc = db_fail(d, e, "read planning fields");
  db_done(st);
  return rc;
}

int store_feature_plan_set(db *d, int64_t feature_id, const struct feature_plan *p, struct keel_err *e) {
  db_stmt *st = db_prepare(d, "UPDATE features SET team_id = ?, size = ?, category = ? WHERE id = ?", e);
  if (!st) return e->rc;
  if (p->team_id) db_bind_int(st, 1, p->team_id);
  else db_bind_null(st, 1);
  if (p->size > 0) db_bind_double(st, 2, p->size);
  else db_bind_null(st, 2);
  db_bind_text(st, 3, plan_category_name(p->category));
  db_bind_int(st, 4, feature_id);
  return db_step_done(st, e, "set planning fields");
}

int store_dep_add(db *d, int64_t feature_id, int64_t on_id, int64_t now, struct keel_err *e) {
  db_stmt *st = db_prepare(d, "INSERT INTO feature_deps(feature_id, depends_on, created_at) VALUES (?, ?, ?)", e);
  if (!st) return e->rc;
  db_bind_int(st, 1, feature_id);
  db_bind_int(st, 2, on_id);
  db_bind_int(st, 3, now);
  int rc = db_step_done(st, e, "add dependency");
  if (rc == KEEL_EEXISTS) return err_set(e, rc, "on", "that dependency exists already");
  return rc;
}

int store_dep_remove(db *d, int64_t feature_id, int64_t on_id, struct keel_err *e) {
  db_stmt *st = db_prepare(d, "DELETE FROM feature_deps WHERE feature_id = ? AND depends_on = ? RETURNING feature_id", e);
  if (!st) return e->rc;
  db_bind_int(st, 1, feature_id);
  db_bind_int(st, 2, on_id);
  int rc = db_step_returning(st, NULL, e, "remove dependency");
  if (rc == KEEL_ENOTFOUND) return err_set(e, rc, "on", "there is no such dependency");
  return rc;
}

int store_dep_edges(db *d, arena *a, int64_t product_id, struct plan_edge **out, size_t *n, struct keel_err *e) {
  *out = NULL;
  *n = 0;
  db_stmt *st = db_prepare(d,
                           "SELECT x.feature_id, x.depends_on FROM feature_deps x JOIN features f ON f.id = x.feature_id "
                           "WHERE f.product_id = ? ORDER BY x.feature_id, x.depends_on",
                           e);
  if (!st) return e->rc;
  db_bind_int(st, 1, product_id);
  size_t cap = 0;
  int r;
  while ((r = db_step(st)) > 0) {
    *out = arena_grow(a, *out, *n, &cap, sizeof **out);
    (*out)[(*n)++] = (struct plan_edge){db_col_int(st, 0), db_col_int(st, 1)};
  }
  int rc = r < 0 ? db_fail(d, e, "read dependencies") : KEEL_OK;
  db_done(st);
  return rc;
}

int store_dep_keys(db *d, arena *a, int64_t feature_id, int dir, const char ***out, size_t *n, struct keel_err *e) {
  *out = NULL;
  *n = 0;
  db_stmt *st = db_prepare(d,
                           dir == 0 ? "SELECT p.key, f.number FROM feature_deps x JOIN features f ON f.id = x.depends_on "
                                      "JOIN products p ON p.id = f.product_id WHERE x.feature_id = ? ORDER BY f.number"
                                    : "SELECT p.key, f.number FROM feature_deps x JOIN features f ON f.id = x.feature_id "
                                      "JOIN products p ON p.id = f.product_id WHERE x.depends_on = ? ORDER BY f.number",
                           e);
  if (!st) return e->rc;
  db_bind_int(st, 1, feature_id);
  size_t cap = 0;
  int r;
  while ((r = db_step(st)) > 0) {
    *out = arena_grow(a, *out, *n, &cap, sizeof **out);
    (*out)[(*n)++] = feature_key_format(a, db_col_str0(st, 0, a), db_col_int(st, 1));
  }
  int rc = r < 0 ? db_fail(d, e, "read dependencies") : KEEL_OK;
  db_done(st);
  return rc;
}

int store_product_framework_name(db *d, arena *a, int64_t product_id, const char **out, struct keel_err *e) {
  *out = "rice";
  db_stmt *st = db_prepare(d, "SELECT main_framework FROM products WHERE id = ?", e);
  if (!st) return e->rc;
  db_bind_int(st, 1, product_id);
  int r = db_step(st);
  if (r > 0) *out = db_col_str0(st, 0, a);
  db_done(st);
  return r < 0 ? db_fail(d, e, "read the main framework") : KEEL_OK;
}

static int by_feature_id(const void *pa, const void *pb) {
  const struct weighted_score *x = pa, *y = pb;
  return (x->feature_id > y->feature_id) - (x->feature_id < y->feature_id);
}

/* Weighted scores are computed when read (store/scores.h): sets each row's
 * score from them (rows without one stay unscored). */
static int fill_weighted(db *d, arena *a, int64_t product_id, struct plan_row *rows, size_t n, struct keel_err *e) {
  struct weighted_score *ws;
  size_t nw;
  int rc = store_weighted_scores(d, a, product_id, &ws, &nw, e);
  if (rc || nw == 0) return rc;
  /* ws is by feature id already */
  for (size_t i = 0; i < n; i++) {
    struct weighted_score key = {rows[i].id, 0};
    const struct weighted_score *hit = bsearch(&key, ws, nw, sizeof *ws, by_feature_id);
    rows[i].has_score = hit != NULL;
    rows[i].score = hit && hit->score > 0 ? hit->score : 0;
  }
  return KEEL_OK;
}

int store_plan_rows(db *d, arena *a, int64_t product_id, const char *framework, struct plan_row **out, size_t *n,
                    struct keel_err *e) {
  *out = NULL;
  *n = 0;
  db_stmt *st = db_prepare(d,
                           "SELECT f.id, f.number, f.title, f.status, f.horizon, f.team_id, COALESCE(f.size, f.rice_effort), "
                           "f.category, f.rice_score, f.ice_score, s.score FROM features f "
                           "LEFT JOIN feature_scores s ON s.feature_id = f.id AND s.framework = ? "
                           "WHERE f.product_id = ? ORDER BY f.number",
                           e);
  if (!st) return e->rc;
  db_bind_text(st, 1, framework);
  db_bind_int(st, 2, product_id);
  int col = strcmp(framework, "rice") == 0 ? 8 : strcmp(framework, "ice") == 0 ? 9 : 10;
  size_t cap = 0;
  int r;
  while ((r = db_step(st)) > 0) {
    *out = arena_grow(a, *out, *n, &cap, sizeof **out);
    struct plan_row *w = &(*out)[(*n)++];
    memset(w, 0, sizeof *w);
    w->id = db_col_int(st, 0);
    w->number = db_col_int(st, 1);
    w->title = db_col_str0(st, 2, a);
    enum feature_status fs = FS_CANDIDATE;
    enum horizon hz = HZ_UNPLANNED;
    if (feature_status_parse(db_col_str0(st, 3, a), &fs)) fs = FS_CANDIDATE;
    if (horizon_parse(db_col_str0(st, 4, a), &hz)) hz = HZ_UNPLANNED;
    if (plan_category_parse(db_col_str0(st, 7, a), &w->category)) w->category = PC_NONE;
    w->status = (int)fs;
    w->horizon = (int)hz;
    w->team_id = db_col_is_null(st, 5) ? 0 : db_col_int(st, 5);
    w->size = db_col_is_null(st, 6) ? 0 : db_col_double(st, 6);
    w->has_score = !db_col_is_null(st, col);
    w->score = w->has_score ? db_col_double(st, col) : 0;
    if (w->score < 0) w->score = 0;
  }
  int rc = r < 0 ? db_fail(d, e, "read the product's features") : KEEL_OK;
  db_done(st);
  if (!rc && strcmp(framework, "weighted") == 0) rc = fill_weighted(d, a, product_id, *out, *n, e);
  return rc;
}
