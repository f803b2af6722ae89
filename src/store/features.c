/* features.c — SQL for features, including keyset-paged backlog queries. */
#include "store/features.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/mem.h"
#include "domain/rank.h"
#include "domain/score.h"

/* Columns 0..20 of a feature; FEATURE_SELECT adds 21 and 22 (linked ideas
 * and their votes) with correlated subqueries, fine for one row. Lists read
 * FEATURE_SELECT_PAGE and fetch those counts for the whole page at once. */
#define FEATURE_COLS_HEAD "SELECT f.id, f.product_id, p.key, f.number, f.title, "
#define FEATURE_COLS_TAIL                                                                                     \
  ", f.status, f.horizon, f.backlog_rank, f.rice_reach, f.rice_impact, f.rice_confidence, f.rice_effort, "   \
  "f.ice_impact, f.ice_confidence, f.ice_ease, f.created_by, u.name, f.created_at, f.updated_at, f.version"
#define FEATURE_COLS FEATURE_COLS_HEAD "f.description" FEATURE_COLS_TAIL
#define FEATURE_FROM "FROM features f JOIN products p ON p.id = f.product_id LEFT JOIN users u ON u.id = f.created_by "
#define FEATURE_SELECT                                                                                        \
  FEATURE_COLS ", (SELECT COUNT(*) FROM ideas i WHERE i.feature_id = f.id), "                                 \
               "(SELECT SUM(i.vote_count) FROM ideas i WHERE i.feature_id = f.id) " FEATURE_FROM
#define FEATURE_SELECT_PAGE FEATURE_COLS " " FEATURE_FROM
/* Without the description (NULL in column 5): list pages that do not show it. */
#define FEATURE_SELECT_PAGE_LEAN FEATURE_COLS_HEAD "NULL" FEATURE_COLS_TAIL " " FEATURE_FROM

static void read_row(db_stmt *st, arena *a, struct feature *f, int with_counts) {
  memset(f, 0, sizeof *f);
  f->id = db_col_int(st, 0);
  f->product_id = db_col_int(st, 1);
  f->product_key = db_col_str0(st, 2, a);
  f->number = db_col_int(st, 3);
  f->key = feature_key_format(a, f->product_key, f->number);
  f->title = db_col_str0(st, 4, a);
  f->description = db_col_str(st, 5, a); /* NULL when the query left it out */
  char *s = db_col_str0(st, 6, a);
  if (feature_status_parse(s, &f->status)) f->status = FS_CANDIDATE;
  s = db_col_str0(st, 7, a);
  if (horizon_parse(s, &f->horizon)) f->horizon = HZ_UNPLANNED;
  f->rank = db_col_int(st, 8);
  if (!db_col_is_null(st, 9)) {
    f->rice.set = 1;
    f->rice.reach = db_col_double(st, 9);
    f->rice.impact = db_col_double(st, 10);
    f->rice.confidence = db_col_double(st, 11);
    f->rice.effort = db_col_double(st, 12);
  }
  if (!db_col_is_null(st, 13)) {
    f->ice.set = 1;
    f->ice.impact = (int)db_col_int(st, 13);
    f->ice.confidence = (int)db_col_int(st, 14);
    f->ice.ease = (int)db_col_int(st, 15);
  }
  f->created_by = db_col_is_null(st, 16) ? 0 : db_col_int(st, 16);
  f->created_by_name = db_col_str0(st, 17, a);
  f->created_at = db_col_int(st, 18);
  f->updated_at = db_col_int(st, 19);
  f->version = db_col_int(st, 20);
  if (with_counts) {
    f->idea_count = db_col_int(st, 21);
    f->vote_count = db_col_is_null(st, 22) ? 0 : db_col_int(st, 22);
  }
}

/* Binds the score inputs and derived scores at parameters i..i+8. */
static void bind_scores(db_stmt *st, int i, const struct feature *f) {
  if (f->rice.set) {
    db_bind_double(st, i, f->rice.reach);
    db_bind_double(st, i + 1, f->rice.impact);
    db_bind_double(st, i + 2, f->rice.confidence);
    db_bind_double(st, i + 3, f->rice.effort);
    db_bind_double(st, i + 4, score_rice(&f->rice));
  } else {
    for (int k = 0; k < 5; k++) db_bind_null(st, i + k);
  }
  if (f->ice.set) {
    db_bind_int(st, i + 5, f->ice.impact);
    db_bind_int(st, i + 6, f->ice.confidence);
    db_bind_int(st, i + 7, f->ice.ease);
    db_bind_double(st, i + 8, score_ice(&f->ice));
  } else {
    for (int k = 5; k < 9; k++) db_bind_null(st, i + k);
  }
}

int store_feature_insert(db *d, struct feature *f, struct keel_err *e) {
  db_stmt *st = db_prepare(d,
                           "INSERT INTO features(product_id, number, title, description, status, horizon, backlog_rank, "
                           "rice_reach, rice_impact, rice_confidence, rice_effort, rice_score, "
                           "ice_impact, ice_confidence, ice_ease, ice_score, created_by, created_at, updated_at, version) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1) RETURNING id",
                           e);
  if (!st) return e->rc;
  db_bind_int(st, 1, f->product_id);
  db_bind_int(st, 2, f->number);
  db_bind_text(st, 3, f->title);
  db_bind_text(st, 4, f->description ? f->description : "");
  db_bind_text(st, 5, feature_status_name(f->status));
  db_bind_text(st, 6, horizon_name(f->horizon));
  db_bind_int(st, 7, f->rank);
  bind_scores(st, 8, f);
  if (f->created_by) db_bind_int(st, 17, f->created_by);
  else db_bind_null(st, 17);
  db_bind_int(st, 18, f->created_at);
  db_bind_int(st, 19, f->updated_at);
  int rc = db_step_returning(st, &f->id, e, "add feature");
  f->version = 1;
  return rc;
}

static int get_one(db_stmt *st, arena *a, struct feature *out, struct keel_err *e, const char *what) {
  int r = db_step(st), rc = KEEL_OK;
  if (r > 0) read_row(st, a, out, 1);
  else if (r == 0) rc = err_set(e, KEEL_ENOTFOUND, NULL, "no feature %s", what);
  else rc = db_fail(db_stmt_db(st), e, "read feature");
  db_done(st);
  return rc;
}

int store_feature_get(db *d, arena *a, const char *key, struct feature *out, struct keel_err *e) {
  char pkey[PRODUCT_KEY_MAX + 1];
  int64_t number;
  if (feature_key_parse(key, pkey, &number))
    return err_set(e, KEEL_ENOTFOUND, NULL, "no feature %s (feature keys look like PAY-12)", key ? key : "");
  db_stmt *st = db_prepare(d, FEATURE_SELECT "WHERE p.key = ? AND f.number = ?", e);
  if (!st) return e->rc;
  db_bind_text(st, 1, pkey);
  db_bind_int(st, 2, number);
  return get_one(st, a, out, e, key);
}

int store_feature_get_id(db *d, arena *a, int64_t id, struct feature *out, struct keel_err *e) {
  db_stmt *st = db_prepare(d, FEATURE_SELECT "WHERE f.id = ?", e);
  if (!st) return e->rc;
  db_bind_int(st, 1, id);
  return get_one(st, a, out, e, "with that id");
}

int store_feature_update(db *d, struct feature *f, struct keel_err *e) {
  db_stmt *st = db_prepare(d,
                           "UPDATE features SET title = ?, description = ?, status = ?, horizon = ?, "
                           "rice_reach = ?, rice_impact = ?, rice_confidence = ?, rice_effort = ?, rice_score = ?, "
                           "ice_impact = ?, ice_confidence = ?, ice_ease = ?, ice_score = ?, "
                           "updated_at = ?, version = version + 1 WHERE id = ? AND version = ? RETURNING version",
                           e);
  if (!st) return e->rc;
  db_bind_text(st, 1, f->title);
  db_bind_text(st, 2, f->description ? f->description : "");
  db_bind_text(st, 3, feature_status_name(f->status));
  db_bind_text(st, 4, horizon_name(f->horizon));
  bind_scores(st, 5, f);
  db_bind_int(st, 14, f->updated_at);
  db_bind_int(st, 15, f->id);
  db_bind_int(st, 16, f->version);
  int rc = db_step_returning(st, &f->version, e, "update feature");
  if (rc == KEEL_ENOTFOUND) return err_set(e, KEEL_ESTALE, "version", "%s was changed by someone else", f->key);
  return rc;
}

int store_feature_set_position(db *d, struct feature *f, struct keel_err *e) {
  db_stmt *st = db_prepare(d,
                           "UPDATE features SET horizon = ?, backlog_rank = ?, updated_at = ?, version = version + 1 "
                           "WHERE id = ? AND version = ? RETURNING version",
                           e);
  if (!st) return e->rc;
  db_bind_text(st, 1, horizon_name(f->horizon));
  db_bind_int(st, 2, f->rank);
  db_bind_int(st, 3, f->updated_at);
  db_bind_int(st, 4, f->id);
  db_bind_int(st, 5, f->version);
  int rc = db_step_returning(st, &f->version, e, "move feature");
  if (rc == KEEL_ENOTFOUND) return err_set(e, KEEL_ESTALE, "version", "%s was changed by someone else", f->key);
  return rc;
}

/* Appends the LIKE pattern for a text filter: lower-case, wildcards escaped. */
static void like_pattern(buf *b, const char *text) {
  buf_putc(b, '%');
  for (const char *p = text; *p; p++) {
    if (*p == '%' || *p == '_' || *p == '\\') buf_putc(b, '\\');
    buf_putc(b, tolower((unsigned char)*p));
  }
  buf_putc(b, '%');
}

/* Runs one list query built in sql with the filter parameters; appends rows.
 * cursor_kind: 0 none, 1 integer value and id, 2 score and id, 3 id only. */
static int run_list(db *d, arena *a, const char *sql, const struct feature_query *q, const char *pattern,
                    int cursor_kind, int limit, struct feature **out, size_t *n, size_t *cap, struct keel_err *e) {
  db_stmt *st = db_prepare(d, sql, e);
  if (!st) return e->rc;
  int i = 1;
  if (q->product_id) db_bind_int(st, i++, q->product_id);
  if (q->status_mask) {
    for (int s = 0; s < FS_COUNT; s++)
      if (q->status_mask & (1u << s)) db_bind_text(st, i++, feature_status_name((enum feature_status)s));
  }
  if (q->horizon >= 0) db_bind_text(st, i++, horizon_name((enum horizon)q->horizon));
  if (pattern) db_bind_text(st, i++, pattern);
  if (cursor_kind == 1) { /* integer sort value */
    db_bind_int(st, i++, q->after.ival);
    db_bind_int(st, i++, q->after.id);
  } else if (cursor_kind == 2) { /* score */
    db_bind_double(st, i++, q->after.score);
    db_bind_int(st, i++, q->after.id);
  } else if (cursor_kind == 3) { /* inside the unscored tail */
    db_bind_int(st, i++, q->after.id);
  }
  db_bind_int(st, i, limit);
  int r;
  while ((r = db_step(st)) > 0) {
    if (*n == *cap) {
      size_t grown = *cap ? *cap * 2 : 64;
      *out = arena_realloc(a, *out, *cap * sizeof **out, grown * sizeof **out);
      *cap = grown;
    }
    read_row(st, a, &(*out)[(*n)++], 0);
  }
  int rc = r < 0 ? db_fail(d, e, "list features") : KEEL_OK;
  db_done(st);
  return rc;
}

/* Fills idea_count and vote_count of a page of features with one query. */
static int fill_counts(db *d, struct feature *fs, size_t n, buf *sql, struct keel_err *e) {
  buf_reset(sql);
  buf_puts(sql, "SELECT feature_id, COUNT(*), SUM(vote_count) FROM ideas WHERE feature_id IN (");
  for (size_t i = 0; i < n; i++) buf_puts(sql, i ? ", ?" : "?");
  buf_puts(sql, ") GROUP BY feature_id");
  db_stmt *st = db_prepare(d, buf_cstr(sql), e);
  if (!st) return e->rc;
  for (size_t i = 0; i < n; i++) db_bind_int(st, (int)i + 1, fs[i].id);
  int r;
  while ((r = db_step(st)) > 0) {
    int64_t id = db_col_int(st, 0);
    for (size_t i = 0; i < n; i++)
      if (fs[i].id == id) {
        fs[i].idea_count = db_col_int(st, 1);
        fs[i].vote_count = db_col_int(st, 2);
      }
  }
  int rc = r < 0 ? db_fail(d, e, "count linked ideas") : KEEL_OK;
  db_done(st);
  return rc;
}

/* Appends the WHERE conditions shared by every page query. */
static void filters(buf *sql, const struct feature_query *q, int has_text) {
  buf_puts(sql, "WHERE 1 = 1");
  if (q->product_id) buf_puts(sql, " AND f.product_id = ?");
  if (q->status_mask) {
    buf_puts(sql, " AND f.status IN (");
    int first = 1;
    for (int s = 0; s < FS_COUNT; s++)
      if (q->status_mask & (1u << s)) {
        buf_puts(sql, first ? "?" : ", ?");
        first = 0;
      }
    buf_putc(sql, ')');
  }
  if (q->horizon >= 0) buf_puts(sql, " AND f.horizon = ?");
  if (has_text) buf_puts(sql, " AND LOWER(f.title) LIKE ? ESCAPE '\\'");
}

int store_feature_list(db *d, arena *a, const struct feature_query *q, struct feature **out, size_t *n,
                       struct keel_err *e) {
  *out = NULL;
  *n = 0;
  size_t cap = 0;
  int want = q->limit + 1;
  const char *pattern = NULL;
  buf pat;
  buf_init(&pat, 4096);
  if (q->text && *q->text) {
    like_pattern(&pat, q->text);
    pattern = buf_cstr(&pat);
  }
  buf sql;
  buf_init(&sql, 8192);
  int rc = KEEL_OK;
  if (q->sort == FSORT_RANK || q->sort == FSORT_UPDATED) {
    const char *col = q->sort == FSORT_RANK ? "f.backlog_rank" : "f.updated_at";
    const char *cmp = q->sort == FSORT_RANK ? ">" : "<";
    const char *dir = q->sort == FSORT_RANK ? "ASC" : "DESC";
    buf_puts(&sql, q->with_description ? FEATURE_SELECT_PAGE : FEATURE_SELECT_PAGE_LEAN);
    filters(&sql, q, pattern != NULL);
    if (q->after.set) buf_printf(&sql, " AND (%s, f.id) %s (?, ?)", col, cmp);
    buf_printf(&sql, " ORDER BY %s %s, f.id %s LIMIT ?", col, dir, dir);
    rc = run_list(d, a, buf_cstr(&sql), q, pattern, q->after.set ? 1 : 0, want, out, n, &cap, e);
  } else {
    /* Score orders: scored rows (highest first), then the unscored tail by id. */
    const char *col = q->sort == FSORT_RICE ? "f.rice_score" : "f.ice_score";
    if (!q->after.set || !q->after.in_nulls) {
      buf_puts(&sql, q->with_description ? FEATURE_SELECT_PAGE : FEATURE_SELECT_PAGE_LEAN);
      filters(&sql, q, pattern != NULL);
      buf_printf(&sql, " AND %s IS NOT NULL", col);
      if (q->after.set) buf_printf(&sql, " AND (%s, f.id) < (?, ?)", col);
      buf_printf(&sql, " ORDER BY %s DESC, f.id DESC LIMIT ?", col);
      rc = run_list(d, a, buf_cstr(&sql), q, pattern, q->after.set ? 2 : 0, want, out, n, &cap, e);
    }
    if (!rc && (int)*n < want) {
      buf_reset(&sql);
      buf_puts(&sql, q->with_description ? FEATURE_SELECT_PAGE : FEATURE_SELECT_PAGE_LEAN);
      filters(&sql, q, pattern != NULL);
      buf_printf(&sql, " AND %s IS NULL", col);
      int in_tail = q->after.set && q->after.in_nulls;
      if (in_tail) buf_puts(&sql, " AND f.id < ?");
      buf_puts(&sql, " ORDER BY f.id DESC LIMIT ?");
      rc = run_list(d, a, buf_cstr(&sql), q, pattern, in_tail ? 3 : 0, want - (int)*n, out, n, &cap, e);
    }
  }
  if (!rc && *n) rc = fill_counts(d, *out, *n, &sql, e);
  buf_free(&sql);
  buf_free(&pat);
  return rc;
}

int store_feature_neighbor(db *d, int64_t product_id, int64_t exclude_id, int64_t rank, int64_t id, int dir,
                           int from_end, int64_t *rank_out, int *found, struct keel_err *e) {
  const char *sql;
  if (from_end)
    sql = dir > 0 ? "SELECT backlog_rank FROM features WHERE product_id = ? AND id <> ? "
                    "ORDER BY backlog_rank ASC, id ASC LIMIT 1"
                  : "SELECT backlog_rank FROM features WHERE product_id = ? AND id <> ? "
                    "ORDER BY backlog_rank DESC, id DESC LIMIT 1";
  else
    sql = dir > 0 ? "SELECT backlog_rank FROM features WHERE product_id = ? AND id <> ? "
                    "AND (backlog_rank, id) > (?, ?) ORDER BY backlog_rank ASC, id ASC LIMIT 1"
                  : "SELECT backlog_rank FROM features WHERE product_id = ? AND id <> ? "
                    "AND (backlog_rank, id) < (?, ?) ORDER BY backlog_rank DESC, id DESC LIMIT 1";
  db_stmt *st = db_prepare(d, sql, e);
  if (!st) return e->rc;
  db_bind_int(st, 1, product_id);
  db_bind_int(st, 2, exclude_id);
  if (!from_end) {
    db_bind_int(st, 3, rank);
    db_bind_int(st, 4, id);
  }
  int r = db_step(st), rc = KEEL_OK;
  *found = r > 0;
  if (r > 0) *rank_out = db_col_int(st, 0);
  else if (r < 0) rc = db_fail(d, e, "find neighbour");
  db_done(st);
  return rc;
}

int store_feature_renumber(db *d, int64_t product_id, struct keel_err *e) {
  /* Read the order first, then write: one statement must not read rows another is moving. */
  db_stmt *st = db_prepare(d, "SELECT id FROM features WHERE product_id = ? ORDER BY backlog_rank, id", e);
  if (!st) return e->rc;
  db_bind_int(st, 1, product_id);
  size_t n = 0, cap = 0;
  int64_t *ids = NULL;
  int r;
  while ((r = db_step(st)) > 0) {
    if (n == cap) {
      cap = cap ? cap * 2 : 256;
      ids = xrealloc(ids, cap * sizeof *ids);
    }
    ids[n++] = db_col_int(st, 0);
  }
  int rc = r < 0 ? db_fail(d, e, "read ranks") : KEEL_OK;
  db_done(st);
  for (size_t i = 0; !rc && i < n; i++) {
    st = db_prepare(d, "UPDATE features SET backlog_rank = ? WHERE id = ?", e);
    if (!st) {
      rc = e->rc;
      break;
    }
    db_bind_int(st, 1, (int64_t)(i + 1) * RANK_GAP);
    db_bind_int(st, 2, ids[i]);
    rc = db_step_done(st, e, "renumber ranks");
  }
  free(ids);
  return rc;
}
