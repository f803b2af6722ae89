/* matrix.c — SQL for the impact vs effort matrix. */
#include "store/matrix.h"

#include <jansson.h>
#include <string.h>

#include "core/buf.h"
#include "domain/feature.h"

/* Appends the filter's conditions on features f; binds follow in the same
 * order (see bind_filter). */
static void filter_sql(buf *sql, const struct matrix_filter *f) {
  buf_puts(sql, " WHERE f.status NOT IN ('shipped', 'archived')");
  if (f->product_id) buf_puts(sql, " AND f.product_id = ?");
  if (f->initiative_id) buf_puts(sql, " AND f.initiative_id = ?");
  if (f->team_id) buf_puts(sql, " AND f.team_id = ?");
}

static int bind_filter(db_stmt *st, int k, const struct matrix_filter *f) {
  if (f->product_id) db_bind_int(st, k++, f->product_id);
  if (f->initiative_id) db_bind_int(st, k++, f->initiative_id);
  if (f->team_id) db_bind_int(st, k++, f->team_id);
  return k;
}

/* Reads "value" and "effort" of a stored value vs effort score. Returns 0, or
 * -1 when they are missing or out of range. */
static int parse_inputs(const char *text, double *value, double *effort) {
  json_t *o = json_loads(text ? text : "", JSON_REJECT_DUPLICATES, NULL);
  if (!o) return -1;
  json_t *v = json_object_get(o, "value"), *ef = json_object_get(o, "effort");
  int ok = json_is_number(v) && json_is_number(ef);
  if (ok) {
    *value = json_number_value(v);
    *effort = json_number_value(ef);
    ok = *value >= MATRIX_MIN && *value <= MATRIX_MAX && *effort >= MATRIX_MIN && *effort <= MATRIX_MAX;
  }
  json_decref(o);
  return ok ? 0 : -1;
}

int store_matrix_read(db *d, arena *a, const struct matrix_filter *f, struct matrix_read *out, struct keel_err *e) {
  memset(out, 0, sizeof *out);
  buf sql;
  buf_init(&sql, 1024);
  buf_puts(&sql, "SELECT f.id, p.key, f.number, f.title, f.status, s.inputs FROM features f "
                 "JOIN products p ON p.id = f.product_id "
                 "JOIN feature_scores s ON s.feature_id = f.id AND s.framework = 'value_effort'");
  filter_sql(&sql, f);
  buf_puts(&sql, " ORDER BY f.id");
  db_stmt *st = db_prepare(d, buf_cstr(&sql), e);
  int rc = st ? KEEL_OK : e->rc;
  if (st) {
    bind_filter(st, 1, f);
    size_t cap = 0;
    int r;
    while ((r = db_step(st)) > 0) {
      struct matrix_point pt = {0};
      if (parse_inputs((const char *)db_col_str(st, 5, a), &pt.value, &pt.effort)) {
        out->unscored++;
        continue;
      }
      if (out->n == MATRIX_POINTS_MAX) {
        out->left_out++;
        continue;
      }
      pt.id = db_col_int(st, 0);
      pt.key = feature_key_format(a, db_col_str0(st, 1, a), db_col_int(st, 2));
      pt.title = db_col_str0(st, 3, a);
      pt.status = db_col_str0(st, 4, a);
      if (out->n == cap) {
        size_t grown = cap ? cap * 2 : 256;
        out->points = arena_realloc(a, out->points, cap * sizeof *out->points, grown * sizeof *out->points);
        cap = grown;
      }
      out->points[out->n++] = pt;
    }
    if (r < 0) rc = db_fail(d, e, "read the matrix");
    db_done(st);
  }
  if (!rc) {
    buf_reset(&sql);
    buf_puts(&sql, "SELECT COUNT(*) FROM features f");
    filter_sql(&sql, f);
    buf_puts(&sql, " AND NOT EXISTS (SELECT 1 FROM feature_scores s WHERE s.feature_id = f.id "
                   "AND s.framework = 'value_effort')");
    st = db_prepare(d, buf_cstr(&sql), e);
    if (!st) rc = e->rc;
    else {
      bind_filter(st, 1, f);
      int r = db_step(st);
      if (r > 0) out->unscored += db_col_int(st, 0);
      else rc = db_fail(d, e, "count unscored features");
      db_done(st);
    }
  }
  buf_free(&sql);
  return rc;
}
