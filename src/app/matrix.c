/* matrix.c — the impact vs effort matrix: filters resolved, points read,
 * sorted and laid out. */
#include "app/matrix.h"

#include <stdlib.h>
#include <string.h>

#include "app/internal.h"
#include "store/products.h"

/* Reads ref as an id ("12"); 0 when it is not one. */
static int64_t ref_id(const char *ref) {
  char *end;
  long long n = strtoll(ref, &end, 10);
  return *ref && *end == '\0' && n > 0 ? n : 0;
}

/* Resolves the team filter: an id (of product_id, when not 0), or a name
 * within product_id. KEEL_EINVAL naming "team" when it names none. */
static int find_team(struct app *x, const char *ref, int64_t product_id, int64_t *id) {
  *id = 0;
  if (!ref || !*ref) return KEEL_OK;
  struct team t;
  int64_t n = ref_id(ref);
  int rc = n ? store_team_get(x->db, x->a, n, NULL, &t, x->e)
             : product_id ? store_team_by_name(x->db, x->a, product_id, ref, NULL, &t, x->e) : KEEL_ENOTFOUND;
  if (!rc && product_id && t.product_id != product_id) rc = KEEL_ENOTFOUND;
  if (rc == KEEL_ENOTFOUND)
    return err_set(x->e, KEEL_EINVAL, "team", product_id ? "there is no team %s in this product" : "there is no team %s", ref);
  if (!rc) *id = t.id;
  return rc;
}

/* The same for the initiative filter. */
static int find_initiative(struct app *x, const char *ref, int64_t product_id, int64_t *id) {
  *id = 0;
  if (!ref || !*ref) return KEEL_OK;
  struct initiative in;
  int64_t n = ref_id(ref);
  int rc = n ? store_initiative_get(x->db, x->a, n, &in, x->e)
             : product_id ? store_initiative_by_name(x->db, x->a, product_id, ref, &in, x->e) : KEEL_ENOTFOUND;
  if (!rc && product_id && in.product_id != product_id) rc = KEEL_ENOTFOUND;
  if (rc == KEEL_ENOTFOUND)
    return err_set(x->e, KEEL_EINVAL, "initiative",
                   product_id ? "there is no initiative %s in this product" : "there is no initiative %s", ref);
  if (!rc) *id = in.id;
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
  if ((rc = find_initiative(x, in->initiative, f.product_id, &f.initiative_id))) return rc;
  if ((rc = find_team(x, in->team, f.product_id, &f.team_id))) return rc;
  out->initiative_id = f.initiative_id;
  out->team_id = f.team_id;
  if (f.product_id) {
    rc = store_team_list(x->db, x->a, f.product_id, NULL, &out->teams, &out->nteams, x->e);
    if (!rc) rc = store_initiative_list(x->db, x->a, f.product_id, &out->initiatives, &out->ninitiatives, x->e);
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
