/* scores.c — SQL for feature_scores, criteria and their values, weighted
 * scores computed from the values, rankings by framework and the products'
 * main framework. */
#include "store/scores.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/mem.h"
#include "domain/feature.h"

static void read_score(db_stmt *st, arena *a, struct score_row *s) {
  memset(s, 0, sizeof *s);
  s->feature_id = db_col_int(st, 0);
  char *fw = db_col_str0(st, 1, a);
  if (framework_parse(fw, &s->fw)) s->fw = FW_WSJF;
  s->inputs = db_col_str0(st, 2, a);
  s->has_score = !db_col_is_null(st, 3);
  s->score = s->has_score ? db_col_double(st, 3) : 0;
  s->label = db_col_str0(st, 4, a);
  s->updated_by = db_col_is_null(st, 5) ? 0 : db_col_int(st, 5);
  s->updated_at = db_col_int(st, 6);
}

#define SCORE_COLS "SELECT feature_id, framework, inputs, score, label, updated_by, updated_at FROM feature_scores "

int store_score_put(db *d, const struct score_row *s, struct keel_err *e) {
  db_stmt *st = db_prepare(d,
                           "INSERT INTO feature_scores(feature_id, framework, inputs, score, label, updated_by, updated_at) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (feature_id, framework) DO UPDATE SET "
                           "inputs = excluded.inputs, score = excluded.score, label = excluded.label, "
                           "updated_by = excluded.updated_by, updated_at = excluded.updated_at",
                           e);
  if (!st) return e->rc;
  db_bind_int(st, 1, s->feature_id);
  db_bind_text(st, 2, framework_name(s->fw));
  db_bind_text(st, 3, s->inputs ? s->inputs : "{}");
  if (s->has_score) db_bind_double(st, 4, s->score);
  else db_bind_null(st, 4);
  db_bind_text(st, 5, s->label ? s->label : "");
  if (s->updated_by) db_bind_int(st, 6, s->updated_by);
  else db_bind_null(st, 6);
  db_bind_int(st, 7, s->updated_at);
  return db_step_done(st, e, "save score");
}

int store_score_get(db *d, arena *a, int64_t feature_id, enum framework fw, struct score_row *out, struct keel_err *e) {
  db_stmt *st = db_prepare(d, SCORE_COLS "WHERE feature_id = ? AND framework = ?", e);
  if (!st) return e->rc;
  db_bind_int(st, 1, feature_id);
  db_bind_text(st, 2, framework_name(fw));
  int r = db_step(st), rc = KEEL_OK;
  if (r > 0) read_score(st, a, out);
  else if (r == 0) rc = err_set(e, KEEL_ENOTFOUND, "framework", "not scored in %s", framework_name(fw));
  else rc = db_fail(d, e, "read score");
  db_done(st);
  return rc;
}

int store_score_delete(db *d, int64_t feature_id, enum framework fw, int *found, struct keel_err *e) {
  *found = 0;
  db_stmt *st = db_prepare(d, "DELETE FROM feature_scores WHERE feature_id = ? AND framework = ? RETURNING feature_id", e);
  if (!st) return e->rc;
  db_bind_int(st, 1, feature_id);
  db_bind_text(st, 2, framework_name(fw));
  int rc = db_step_returning(st, NULL, e, "clear score");
  if (rc == KEEL_ENOTFOUND) rc = KEEL_OK;
  else if (rc == KEEL_OK) *found = 1;
  if (rc || fw != FW_WEIGHTED) return rc;
  st = db_prepare(d, "DELETE FROM feature_criterion_values WHERE feature_id = ?", e);
  if (!st) return e->rc;
  db_bind_int(st, 1, feature_id);
  return db_step_done(st, e, "clear criterion values");
}

int store_score_list(db *d, arena *a, int64_t feature_id, struct score_row **out, size_t *n, struct keel_err *e) {
  *out = NULL;
  *n = 0;
  db_stmt *st = db_prepare(d, SCORE_COLS "WHERE feature_id = ? ORDER BY framework", e);
  if (!st) return e->rc;
  db_bind_int(st, 1, feature_id);
  size_t cap = FW_COUNT;
  struct score_row *rows = arena_alloc(a, cap * sizeof *rows);
  int r, rc = KEEL_OK;
  while ((r = db_step(st)) > 0 && *n < cap) read_score(st, a, &rows[(*n)++]);
  if (r < 0) rc = db_fail(d, e, "list scores");
  db_done(st);
  *out = rows;
  return rc;
}

int store_feature_touch(db *d, int64_t feature_id, int64_t version, int64_t now, int64_t *new_version,
                        struct keel_err *e) {
  db_stmt *st = db_prepare(d,
                           "UPDATE features SET version = version + 1, updated_at = ? WHERE id = ? AND version = ? "
                           "RETURNING version",
                           e);
  if (!st) return e->rc;
  db_bind_int(st, 1, now);
  db_bind_int(st, 2, feature_id);
  db_bind_int(st, 3, version);
  int rc = db_step_returning(st, new_version, e, "update feature");
  if (rc == KEEL_ENOTFOUND) return err_set(e, KEEL_ESTALE, "version", "the feature was changed by someone else");
  return rc;
}

/* ---- criteria ---- */

#define CRITERION_COLS \
  "SELECT id, product_id, name, weight, objective_id, position, created_at, updated_at, version FROM criteria "

static void read_criterion(db_stmt *st, arena *a, struct criterion *c) {
  memset(c, 0, sizeof *c);
  c->id = db_col_int(st, 0);
  c->product_id = db_col_int(st, 1);
  c->name = db_col_str0(st, 2, a);
  c->weight = db_col_double(st, 3);
  c->objective_id = db_col_is_null(st, 4) ? 0 : db_col_int(st, 4);
  c->position = db_col_int(st, 5);
  c->created_at = db_col_int(st, 6);
  c->updated_at = db_col_int(st, 7);
  c->version = db_col_int(st, 8);
}

int store_criterion_insert(db *d, struct criterion *c, struct keel_err *e) {
  db_stmt *st = db_prepare(d,
                           "INSERT INTO criteria(product_id, name, weight, objective_id, position, created_at, updated_at, "
                           "version) VALUES (?, ?, ?, ?, ?, ?, ?, 1) RETURNING id",
                           e);
  if (!st) return e->rc;
  db_bind_int(st, 1, c->product_id);
  db_bind_text(st, 2, c->name);
  db_bind_double(st, 3, c->weight);
  if (c->objective_id) db_bind_int(st, 4, c->objective_id);
  else db_bind_null(st, 4);
  db_bind_int(st, 5, c->position);
  db_bind_int(st, 6, c->created_at);
  db_bind_int(st, 7, c->updated_at);
  int rc = db_step_returning(st, &c->id, e, "add criterion");
  if (rc == KEEL_EEXISTS) return err_set(e, rc, "name", "this product already has a criterion named %s", c->name);
  c->version = 1;
  return rc;
}

int store_objective_of_product(db *d, int64_t id, int64_t product_id, int *found, struct keel_err *e) {
  *found = 0;
  db_stmt *st = db_prepare(d, "SELECT 1 FROM objectives WHERE id = ? AND product_id = ?", e);
  if (!st) return e->rc;
  db_bind_int(st, 1, id);
  db_bind_int(st, 2, product_id);
  int r = db_step(st), rc = KEEL_OK;
  if (r > 0) *found = 1;
  else if (r < 0) rc = db_fail(d, e, "read objective");
  db_done(st);
  return rc;
}

int store_criterion_get(db *d, arena *a, int64_t id, struct criterion *out, struct keel_err *e) {
  db_stmt *st = db_prepare(d, CRITERION_COLS "WHERE id = ?", e);
  if (!st) return e->rc;
  db_bind_int(st, 1, id);
  int r = db_step(st), rc = KEEL_OK;
  if (r > 0) read_criterion(st, a, out);
  else if (r == 0) rc = err_set(e, KEEL_ENOTFOUND, "criterion", "there is no criterion %lld", (long long)id);
  else rc = db_fail(d, e, "read criterion");
  db_done(st);
  return rc;
}

int store_criterion_list(db *d, arena *a, int64_t product_id, struct criterion **out, size_t *n, struct keel_err *e) {
  *out = NULL;
  *n = 0;
  db_stmt *st = db_prepare(d, CRITERION_COLS "WHERE product_id = ? ORDER BY position, id", e);
  if (!st) return e->rc;
  db_bind_int(st, 1, product_id);
  size_t cap = 8;
  struct criterion *cs = arena_alloc(a, cap * sizeof *cs);
  int r, rc = KEEL_OK;
  while ((r = db_step(st)) > 0) {
    if (*n == cap) {
      struct criterion *more = arena_alloc(a, 2 * cap * sizeof *more);
      memcpy(more, cs, cap * sizeof *cs);
      cs = more;
      cap *= 2;
    }
    read_criterion(st, a, &cs[(*n)++]);
  }
  if (r < 0) rc = db_fail(d, e, "list criteria");
  db_done(st);
  *out = cs;
  return rc;
}

int store_criterion_update(db *d, struct criterion *c, struct keel_err *e) {
  db_stmt *st = db_prepare(d,
                           "UPDATE criteria SET name = ?, weight = ?, objective_id = ?, position = ?, updated_at = ?, "
                           "version = version + 1 WHERE id = ? AND version = ? RETURNING version",
                           e);
  if (!st) return e->rc;
  db_bind_text(st, 1, c->name);
  db_bind_double(st, 2, c->weight);
  if (c->objective_id) db_bind_int(st, 3, c->objective_id);
  else db_bind_null(st, 3);
  db_bind_int(st, 4, c->position);
  db_bind_int(st, 5, c->updated_at);
  db_bind_int(st, 6, c->id);
  db_bind_int(st, 7, c->version);
  int rc = db_step_returning(st, &c->version, e, "update criterion");
  if (rc == KEEL_EEXISTS) return err_set(e, rc, "name", "this product already has a criterion named %s", c->name);
  if (rc == KEEL_ENOTFOUND)
    return err_set(e, KEEL_ESTALE, "version", "criterion %lld was changed by someone else", (long long)c->id);
  return rc;
}

int store_criterion_delete(db *d, int64_t id, int64_t version, struct keel_err *e) {
  db_stmt *st = db_prepare(d, "DELETE FROM criteria WHERE id = ? AND version = ? RETURNING id", e);
  if (!st) return e->rc;
  db_bind_int(st, 1, id);
  db_bind_int(st, 2, version);
  int rc = db_step_returning(st, NULL, e, "remove criterion");
  if (rc == KEEL_ENOTFOUND)
    return err_set(e, KEEL_ESTALE, "version", "criterion %lld was changed by someone else", (long long)id);
  return rc;
}

int store_criterion_values_put(db *d, int64_t feature_id, const int64_t *ids, const double *v, size_t n,
                               struct keel_err *e) {
  db_stmt *st = db_prepare(d, "DELETE FROM feature_criterion_values WHERE feature_id = ?", e);
  if (!st) return e->rc;
  db_bind_int(st, 1, feature_id);
  int rc = db_step_done(st, e, "replace criterion values");
  for (size_t i = 0; !rc && i < n; i++) {
    st = db_prepare(d, "INSERT INTO feature_criterion_values(feature_id, criterion_id, value) VALUES (?, ?, ?)", e);
    if (!st) return e->rc;
    db_bind_int(st, 1, feature_id);
    db_bind_int(st, 2, ids[i]);
    db_bind_double(st, 3, v[i]);
    rc = db_step_done(st, e, "save criterion value");
  }
  return rc;
}

int store_criterion_values_get(db *d, int64_t feature_id, const struct criterion *cs, size_t n, double *v, int *has,
                               struct keel_err *e) {
  for (size_t i = 0; i < n; i++) {
    v[i] = 0;
    has[i] = 0;
  }
  db_stmt *st = db_prepare(d, "SELECT criterion_id, value FROM feature_criterion_values WHERE feature_id = ?", e);
  if (!st) return e->rc;
  db_bind_int(st, 1, feature_id);
  int r, rc = KEEL_OK;
  while ((r = db_step(st)) > 0) {
    int64_t cid = db_col_int(st, 0);
    for (size_t i = 0; i < n; i++)
      if (cs[i].id == cid) {
        v[i] = db_col_double(st, 1);
        has[i] = 1;
      }
  }
  if (r < 0) rc = db_fail(d, e, "read criterion values");
  db_done(st);
  return rc;
}

/* The largest number of criteria a product's weighted scoring reads at once. */
enum { WEIGHTED_CRITERIA_MAX = 256 };

int store_weighted_scores(db *d, arena *a, int64_t product_id, struct weighted_score **out, size_t *n,
                          struct keel_err *e) {
  *out = NULL;
  *n = 0;
  int64_t ids[WEIGHTED_CRITERIA_MAX];
  double w[WEIGHTED_CRITERIA_MAX], total = 0;
  size_t nc = 0;
  db_stmt *st = db_prepare(d, "SELECT id, weight FROM criteria WHERE product_id = ? ORDER BY id", e);
  if (!st) return e->rc;
  db_bind_int(st, 1, product_id);
  int r;
  while ((r = db_step(st)) > 0 && nc < WEIGHTED_CRITERIA_MAX) {
    ids[nc] = db_col_int(st, 0);
    w[nc] = db_col_double(st, 1);
    total += w[nc++];
  }
  db_done(st);
  if (r < 0) return db_fail(d, e, "read the criteria");
  if (nc == 0 || !(total > 0)) return KEEL_OK;
  /* One pass over every value in key order, so that each feature's values
   * come together (on SQLite the table is WITHOUT ROWID: this is its own
   * order, no sort). Values of other products' criteria are skipped (ids
   * sorted, binary search). */
  st = db_prepare(d, "SELECT feature_id, criterion_id, value FROM feature_criterion_values "
                     "ORDER BY feature_id, criterion_id", e);
  if (!st) return e->rc;
  struct weighted_score *ws = NULL;
  size_t cap = 0, k = 0;
  int64_t cur = 0;
  double sum = 0;
  while ((r = db_step(st)) > 0) {
    int64_t c = db_col_int(st, 1);
    size_t lo = 0, hi = nc;
    while (lo < hi) {
      size_t mid = (lo + hi) / 2;
      if (ids[mid] < c) lo = mid + 1;
      else hi = mid;
    }
    if (lo == nc || ids[lo] != c) continue;
    int64_t fid = db_col_int(st, 0);
    if (fid != cur) {
      if (cur) {
        if (k == cap) {
          size_t grown = cap ? cap * 2 : 4096;
          ws = arena_realloc(a, ws, cap * sizeof *ws, grown * sizeof *ws);
          cap = grown;
        }
        ws[k++] = (struct weighted_score){cur, sum / total};
      }
      cur = fid;
      sum = 0;
    }
    sum += w[lo] * db_col_double(st, 2);
  }
  db_done(st);
  if (r < 0) return db_fail(d, e, "read the criterion values");
  if (cur) {
    if (k == cap) ws = arena_realloc(a, ws, cap * sizeof *ws, (cap + 1) * sizeof *ws);
    ws[k++] = (struct weighted_score){cur, sum / total};
  }
  *out = ws;
  *n = k;
  return KEEL_OK;
}

int store_weighted_prune(db *d, int64_t product_id, struct keel_err *e) {
  db_stmt *st = db_prepare(d,
                           "DELETE FROM feature_scores WHERE framework = 'weighted' "
                           "AND feature_id IN (SELECT id FROM features WHERE product_id = ?) "
                           "AND NOT EXISTS (SELECT 1 FROM feature_criterion_values v "
                           "WHERE v.feature_id = feature_scores.feature_id)",
                           e);
  if (!st) return e->rc;
  db_bind_int(st, 1, product_id);
  return db_step_done(st, e, "drop weighted scores without values");
}

/* ---- rankings ---- */

/* A candidate place in a weighted ranking, with what breaks ties. */
struct wplace {
  int64_t feature_id, backlog_rank, number;
  double score;
  const char *title;
};

static int by_place(const void *pa, const void *pb) {
  const struct wplace *x = pa, *y = pb;
  if (x->score != y->score) return x->score > y->score ? -1 : 1;
  if (x->backlog_rank != y->backlog_rank) return x->backlog_rank < y->backlog_rank ? -1 : 1;
  return (x->feature_id > y->feature_id) - (x->feature_id < y->feature_id);
}

/* Returns the k-th largest of v[0..n) (1 <= k <= n): a min-heap of the k
 * largest seen so far, O(n log k), heap scratch freed before return. */
static double kth_largest(const double *v, size_t n, size_t k) {
  double *h = xmalloc(k * sizeof *h);
  size_t m = 0;
  for (size_t i = 0; i < n; i++) {
    if (m < k) { /* push and sift up */
      size_t j = m++;
      h[j] = v[i];
      while (j > 0 && h[(j - 1) / 2] > h[j]) {
        double t = h[j];
        h[j] = h[(j - 1) / 2];
        h[(j - 1) / 2] = t;
        j = (j - 1) / 2;
      }
    } else if (v[i] > h[0]) { /* replace the smallest and sift down */
      h[0] = v[i];
      size_t j = 0;
      for (;;) {
        size_t l = 2 * j + 1, r = l + 1, s = j;
        if (l < m && h[l] < h[s]) s = l;
        if (r < m && h[r] < h[s]) s = r;
        if (s == j) break;
        double t = h[j];
        h[j] = h[s];
        h[s] = t;
        j = s;
      }
    }
  }
  double kth = h[0];
  free(h);
  return kth;
}

/* The weighted ranking: every score computed in one pass, the score of the
 * last place wanted found by selection, and only the features scoring at
 * least that (the places wanted and their ties) read and sorted in full. */
static int rank_weighted(db *d, arena *a, int64_t product_id, const char *product_key, int64_t offset, int limit,
                         struct rank_row **out, size_t *n, struct keel_err *e) {
  struct weighted_score *ws;
  size_t nw;
  int rc = store_weighted_scores(d, a, product_id, &ws, &nw, e);
  if (rc) return rc;
  size_t want = (size_t)offset + (size_t)limit;
  *out = arena_alloc(a, (size_t)(limit > 0 ? limit : 1) * sizeof **out);
  if (nw == 0 || limit <= 0 || (size_t)offset >= nw) return KEEL_OK;
  double floor_score = -HUGE_VAL;
  if (want < nw) {
    double *v = xmalloc(nw * sizeof *v);
    for (size_t i = 0; i < nw; i++) v[i] = ws[i].score;
    floor_score = kth_largest(v, nw, want);
    free(v);
  }
  size_t nc = 0;
  for (size_t i = 0; i < nw; i++)
    if (ws[i].score >= floor_score) nc++;
  struct wplace *c = arena_alloc(a, nc * sizeof *c);
  size_t k = 0;
  for (size_t i = 0; i < nw && !rc; i++) {
    if (ws[i].score < floor_score) continue;
    db_stmt *st = db_prepare(d, "SELECT backlog_rank, number, title FROM features WHERE id = ?", e);
    if (!st) return e->rc;
    db_bind_int(st, 1, ws[i].feature_id);
    int r = db_step(st);
    if (r > 0)
      c[k++] = (struct wplace){ws[i].feature_id, db_col_int(st, 0), db_col_int(st, 1), ws[i].score,
                               db_col_str0(st, 2, a)};
    else if (r < 0)
      rc = db_fail(d, e, "read ranked features");
    db_done(st);
  }
  if (rc) return rc;
  qsort(c, k, sizeof *c, by_place);
  for (size_t i = (size_t)offset; i < k && *n < (size_t)limit; i++) {
    struct rank_row *x = &(*out)[(*n)++];
    x->feature_id = c[i].feature_id;
    x->key = feature_key_format(a, product_key, c[i].number);
    x->title = c[i].title;
    x->score = c[i].score;
    x->label = "";
    x->inputs = NULL;
  }
  return KEEL_OK;
}

int store_rank(db *d, arena *a, int64_t product_id, const char *product_key, enum framework fw, int64_t offset,
               int limit, struct rank_row **out, size_t *n, struct keel_err *e) {
  *out = NULL;
  *n = 0;
  if (fw == FW_WEIGHTED) return rank_weighted(d, a, product_id, product_key, offset, limit, out, n, e);
  /* No join with products (the caller knows the key): the rank index then
   * leads the plan and only ties are sorted ("right part of ORDER BY"). */
  db_stmt *st;
  if (fw == FW_RICE || fw == FW_ICE) {
    st = db_prepare(d,
                    fw == FW_RICE
                        ? "SELECT f.id, f.number, f.title, f.rice_score, '', NULL FROM features f "
                          "WHERE f.product_id = ? AND f.rice_score IS NOT NULL "
                          "ORDER BY f.rice_score DESC, f.backlog_rank, f.id LIMIT ? OFFSET ?"
                        : "SELECT f.id, f.number, f.title, f.ice_score, '', NULL FROM features f "
                          "WHERE f.product_id = ? AND f.ice_score IS NOT NULL "
                          "ORDER BY f.ice_score DESC, f.backlog_rank, f.id LIMIT ? OFFSET ?",
                    e);
    if (!st) return e->rc;
    db_bind_int(st, 1, product_id);
    db_bind_int(st, 2, limit);
    db_bind_int(st, 3, offset);
  } else {
    st = db_prepare(d,
                    "SELECT f.id, f.number, f.title, s.score, s.label, s.inputs FROM feature_scores s "
                    "JOIN features f ON f.id = s.feature_id "
                    "WHERE s.framework = ? AND f.product_id = ? AND s.score IS NOT NULL "
                    "ORDER BY s.score DESC, f.backlog_rank, f.id LIMIT ? OFFSET ?",
                    e);
    if (!st) return e->rc;
    db_bind_text(st, 1, framework_name(fw));
    db_bind_int(st, 2, product_id);
    db_bind_int(st, 3, limit);
    db_bind_int(st, 4, offset);
  }
  struct rank_row *rows = arena_alloc(a, (size_t)(limit > 0 ? limit : 1) * sizeof *rows);
  int r, rc = KEEL_OK;
  while ((r = db_step(st)) > 0 && *n < (size_t)limit) {
    struct rank_row *x = &rows[(*n)++];
    x->feature_id = db_col_int(st, 0);
    x->key = feature_key_format(a, product_key, db_col_int(st, 1));
    x->title = db_col_str0(st, 2, a);
    x->score = db_col_double(st, 3);
    x->label = db_col_str0(st, 4, a);
    x->inputs = db_col_str(st, 5, a);
  }
  if (r < 0) rc = db_fail(d, e, "rank features");
  db_done(st);
  *out = rows;
  return rc;
}

int store_product_framework(db *d, arena *a, int64_t product_id, enum framework *out, struct keel_err *e) {
  db_stmt *st = db_prepare(d, "SELECT main_framework FROM products WHERE id = ?", e);
  if (!st) return e->rc;
  db_bind_int(st, 1, product_id);
  int r = db_step(st), rc = KEEL_OK;
  *out = FW_RICE;
  if (r > 0) {
    if (framework_parse(db_col_str0(st, 0, a), out)) *out = FW_RICE;
  } else if (r == 0) {
    rc = err_set(e, KEEL_ENOTFOUND, "product", "no such product");
  } else {
    rc = db_fail(d, e, "read main framework");
  }
  db_done(st);
  return rc;
}

int store_product_framework_set(db *d, int64_t product_id, enum framework fw, int64_t version, int64_t now,
                                int64_t *new_version, struct keel_err *e) {
  db_stmt *st = db_prepare(d,
                           "UPDATE products SET main_framework = ?, updated_at = ?, version = version + 1 "
                           "WHERE id = ? AND version = ? RETURNING version",
                           e);
  if (!st) return e->rc;
  db_bind_text(st, 1, framework_name(fw));
  db_bind_int(st, 2, now);
  db_bind_int(st, 3, product_id);
  db_bind_int(st, 4, version);
  int rc = db_step_returning(st, new_version, e, "set main framework");
  if (rc == KEEL_ENOTFOUND) return err_set(e, KEEL_ESTALE, "version", "the product was changed by someone else");
  return rc;
}
