/* vision.c — reading, revising and comparing a product's vision. */
#include <string.h>

#include "app/internal.h"
#include "app/strategy.h"
#include "domain/text.h"
#include "store/products.h"

static const char *snap_vision(struct app *x, const char *key, const struct vision *v) {
  buf b;
  buf_init(&b, 1024);
  repr_vision(&b, key, v);
  const char *s = arena_strdup(x->a, buf_cstr(&b));
  buf_free(&b);
  return s;
}

int app_vision_get(struct app *x, const char *product_key, int64_t n, struct vision *out) {
  int rc = app_require(x, CAP_READ, "see the vision");
  if (rc) return rc;
  struct product p;
  rc = store_product_get(x->db, x->a, product_key, &p, x->e);
  if (rc) return rc;
  rc = store_vision_get(x->db, x->a, p.id, n, out, x->e);
  if (rc == KEEL_ENOTFOUND && n == 0) {
    err_clear(x->e);
    memset(out, 0, sizeof *out);
    out->product_id = p.id;
    for (int i = 0; i < VISION_NFIELDS; i++) out->fields[i] = "";
    out->reason = "";
    out->author_name = "";
    return KEEL_OK;
  }
  return rc;
}

int app_vision_save(struct app *x, const char *product_key, const struct vision_patch *vp, int64_t base_revision,
                    struct vision *out) {
  int rc = app_require(x, CAP_PRODUCT, "edit the vision");
  if (rc) return rc;
  rc = app_begin(x);
  if (rc) return rc;
  struct product p;
  struct vision cur, v;
  int had = 0;
  rc = store_product_get(x->db, x->a, product_key, &p, x->e);
  if (!rc) {
    rc = store_vision_get(x->db, x->a, p.id, 0, &cur, x->e);
    if (rc == KEEL_ENOTFOUND) {
      err_clear(x->e);
      rc = KEEL_OK;
      memset(&cur, 0, sizeof cur);
      for (int i = 0; i < VISION_NFIELDS; i++) cur.fields[i] = "";
    } else if (!rc) {
      had = 1;
    }
  }
  if (!rc && base_revision != VISION_ANY_BASE && base_revision != cur.revision)
    rc = err_set(x->e, KEEL_ESTALE, "base_revision",
                 "the vision was revised since you loaded it (you started from revision %lld, it is now at %lld); "
                 "reload it and apply your change again",
                 (long long)base_revision, (long long)cur.revision);
  if (!rc) {
    v = cur;
    v.id = 0;
    v.product_id = p.id;
    v.revision = cur.revision + 1;
    for (int i = 0; i < VISION_NFIELDS; i++)
      if (vp->fields[i]) v.fields[i] = text_trim(x->a, vp->fields[i]);
    v.reason = text_trim(x->a, vp->reason ? vp->reason : "");
    v.author_id = x->actor->user_id;
    v.author_name = x->actor->user_id && x->actor->name ? x->actor->name : "";
    v.created_at = x->now;
    rc = vision_check(&v, x->e);
  }
  if (!rc) {
    rc = store_vision_insert(x->db, &v, x->e);
    if (rc == KEEL_EEXISTS)
      rc = err_set(x->e, KEEL_ESTALE, "base_revision", "the vision was revised at the same moment; reload it");
  }
  if (!rc)
    rc = app_audit(x, "vision.revise", "product", p.id, p.key, had ? snap_vision(x, p.key, &cur) : NULL,
                   snap_vision(x, p.key, &v));
  rc = app_finish(x, rc);
  if (!rc) *out = v;
  return rc;
}

int app_vision_history(struct app *x, const char *product_key, struct vision **out, size_t *n) {
  int rc = app_require(x, CAP_READ, "see the vision");
  if (rc) return rc;
  struct product p;
  rc = store_product_get(x->db, x->a, product_key, &p, x->e);
  return rc ? rc : store_vision_list(x->db, x->a, p.id, out, n, x->e);
}

int app_vision_compare(struct app *x, const char *product_key, int64_t from, int64_t to, struct vision *a,
                       struct vision *b) {
  int rc = app_require(x, CAP_READ, "see the vision");
  if (rc) return rc;
  if (from < 1) return err_set(x->e, KEEL_EINVAL, "from", "from must be a revision number (1 or more)");
  if (to < 1) return err_set(x->e, KEEL_EINVAL, "to", "to must be a revision number (1 or more)");
  struct product p;
  rc = store_product_get(x->db, x->a, product_key, &p, x->e);
  if (!rc) rc = store_vision_get(x->db, x->a, p.id, from, a, x->e);
  if (!rc) rc = store_vision_get(x->db, x->a, p.id, to, b, x->e);
  return rc;
}
