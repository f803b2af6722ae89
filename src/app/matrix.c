/* matrix.c — the impact vs effort matrix: filters resolved, points read,
 * sorted and laid out. */
#include "app/matrix.h"

#include <stdlib.h>
#include <string.h>

#include "app/internal.h"
#include "store/products.h"

/* Resolves a team or initiative reference. field names it in errors. */
static int find_option(struct app *x, const char *table, const char *field, const char *ref, int64_t product_id,
                       int64_t *id) {
  *id = 0;
  if (!ref || !*ref) return KEEL_OK;
  int rc = store_matrix_option_find(x->db, table, product_id, ref, id, x->e);
  if (rc == KEEL_ENOTFOUND)
    return err_set(x->e, KEEL_EINVAL, field, product_id ? "there is no %s %s in this product" : "there is no %s %s",
                   field, ref);
  return rc;
}

int app_matrix(struct app *x, const struct matrix_in *in, struct matrix_view *out) {
  memset(out, 0, sizeof *out);
  int rc = app_require(x, CAP_READ, "see the impact vs effort matrix");
  if (rc) return rc;
  struct matrix_filter f = {0};
  if (in->product && *in->product) {
    struct product *p = arena_alloc(x->a, sizeof *p);
    rc = store_product_get(x->db, x->a, in->product, p, x->e);
    if (rc == KEEL_ENOTFOUND) return err_set(x->e, KEEL_EINVAL, "product", "there is no product %s", in->product);
    if (rc) return rc;
    out->product = p;
    f.product_id = p->id;
  }
  if ((rc = find_option(x, "initiatives", "initiative", in->initiative, f.product_id, &f.initiative_id))) return rc;
  if ((rc = find_option(x, "teams", "team", in->team, f.product_id, &f.team_id))) return rc;
  out->initiative_id = f.initiative_id;
  out->team_id = f.team_id;
  if (f.product_id) {
    rc = store_matrix_options(x->db, x->a, "teams", f.product_id, &out->teams, &out->nteams, x->e);
    if (!rc) rc = store_matrix_options(x->db, x->a, "initiatives", f.product_id, &out->initiatives, &out->ninitiatives, x->e);
    if (rc) return rc;
  }
  struct matrix_read mr;
  if ((rc = store_matrix_read(x->db, x->a, &f, &mr, x->e))) return rc;
  if (mr.n) qsort(mr.points, mr.n, sizeof *mr.points, matrix_point_cmp);
  matrix_layout(mr.points, mr.n);
  out->points = mr.points;
  out->n = mr.n;
  out->unscored = mr.unscored;
  out->left_out = mr.left_out;
  for (size_t i = 0; i < mr.n; i++) out->count[mr.points[i].quadrant]++;
  return KEEL_OK;
}

void repr_matrix(buf *b, const struct matrix_view *v) {
  buf_printf(b, "{\"product\":%J,\"midpoint\":%N,\"quadrants\":{", v->product ? v->product->key : NULL, MATRIX_MID);
  for (int q = 0; q < Q_COUNT; q++)
    buf_printf(b, "%s%J:{\"label\":%J,\"count\":%zu}", q ? "," : "", quadrant_name((enum quadrant)q),
               quadrant_label((enum quadrant)q), v->count[q]);
  buf_puts(b, "},\"points\":[");
  for (size_t i = 0; i < v->n; i++) {
    const struct matrix_point *p = &v->points[i];
    buf_printf(b, "%s{\"key\":%J,\"title\":%J,\"status\":%J,\"value\":%N,\"effort\":%N,\"quadrant\":%J}",
               i ? "," : "", p->key, p->title, p->status, p->value, p->effort, quadrant_name(p->quadrant));
  }
  buf_printf(b, "],\"unscored\":%lld,\"left_out\":%lld}", (long long)v->unscored, (long long)v->left_out);
}
