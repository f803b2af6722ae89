/* initiatives.c — initiatives (themes): the objectives they serve and the
 * features that belong to them. */
#include <stdlib.h>
#include <string.h>

#include "app/internal.h"
#include "app/strategy.h"
#include "domain/text.h"
#include "store/features.h"
#include "store/products.h"

static const char *snap(struct app *x, const struct initiative *i) {
  buf b;
  buf_init(&b, 512);
  repr_initiative(&b, i);
  const char *s = arena_strdup(x->a, buf_cstr(&b));
  buf_free(&b);
  return s;
}

/* Finds an initiative by id, or by name within product_id (0: ids only). */
static int find(struct app *x, int64_t product_id, const char *ref, struct initiative *out) {
  const char *r = text_trim(x->a, ref ? ref : "");
  if (!*r) return err_set(x->e, KEEL_EINVAL, "initiative", "name an initiative (its id or name)");
  char *end;
  long long id = strtoll(r, &end, 10);
  int rc = KEEL_ENOTFOUND;
  if (*end == '\0' && id > 0) {
    rc = store_initiative_get(x->db, x->a, id, out, x->e);
    if (!rc && product_id && out->product_id != product_id) rc = KEEL_ENOTFOUND;
  }
  if (rc == KEEL_ENOTFOUND && product_id) rc = store_initiative_by_name(x->db, x->a, product_id, r, out, x->e);
  if (rc == KEEL_ENOTFOUND) return err_set(x->e, KEEL_ENOTFOUND, "initiative", "there is no initiative %s", r);
  return rc;
}

static int product_id_of(struct app *x, const char *product_key, int64_t *id) {
  *id = 0;
  if (!product_key || !*product_key) return KEEL_OK;
  struct product p;
  int rc = store_product_get(x->db, x->a, product_key, &p, x->e);
  if (!rc) *id = p.id;
  return rc;
}

static int load_view(struct app *x, struct initiative_view *v) {
  int rc = store_initiative_objectives(x->db, x->a, v->i.id, &v->objectives, &v->nobjectives, x->e);
  return rc ? rc : store_initiative_features(x->db, x->a, v->i.id, &v->features, &v->nfeatures, x->e);
}

static int apply(struct app *x, struct initiative *i, const struct initiative_patch *p) {
  if (p->name) i->name = text_trim(x->a, p->name);
  if (p->description) i->description = text_trim(x->a, p->description);
  return initiative_check(i, x->e);
}

int app_initiative_get(struct app *x, const char *product_key, const char *ref, struct initiative_view *out) {
  memset(out, 0, sizeof *out);
  int rc = app_require(x, CAP_READ, "see initiatives");
  int64_t pid;
  if (!rc) rc = product_id_of(x, product_key, &pid);
  if (!rc) rc = find(x, pid, ref, &out->i);
  return rc ? rc : load_view(x, out);
}

int app_initiative_create(struct app *x, const char *product_key, const struct initiative_patch *p,
                          struct initiative *out) {
  int rc = app_require(x, CAP_PRODUCT, "add initiatives");
  if (rc) return rc;
  rc = app_begin(x);
  if (rc) return rc;
  struct product pr;
  struct initiative i = {.description = "", .created_at = x->now, .updated_at = x->now};
  rc = store_product_get(x->db, x->a, product_key, &pr, x->e);
  if (!rc) {
    i.product_id = pr.id;
    i.product_key = pr.key;
    rc = apply(x, &i, p);
  }
  if (!rc) rc = store_initiative_insert(x->db, &i, x->e);
  if (!rc) rc = app_audit(x, "initiative.create", "initiative", i.id, i.name, NULL, snap(x, &i));
  rc = app_finish(x, rc);
  if (!rc) *out = i;
  return rc;
}

int app_initiative_update(struct app *x, const char *product_key, const char *ref, const struct initiative_patch *p,
                          int64_t expect_version, struct initiative *out) {
  int rc = app_require(x, CAP_PRODUCT, "edit initiatives");
  if (rc) return rc;
  rc = app_begin(x);
  if (rc) return rc;
  int64_t pid;
  struct initiative cur, i;
  rc = product_id_of(x, product_key, &pid);
  if (!rc) rc = find(x, pid, ref, &cur);
  if (!rc) rc = app_check_version(x, cur.version, expect_version, cur.name);
  if (!rc) {
    i = cur;
    i.updated_at = x->now;
    rc = apply(x, &i, p);
  }
  if (!rc) rc = store_initiative_update(x->db, &i, x->e);
  if (!rc) rc = app_audit(x, "initiative.update", "initiative", i.id, i.name, snap(x, &cur), snap(x, &i));
  rc = app_finish(x, rc);
  if (!rc) *out = i;
  return rc;
}

int app_initiative_list(struct app *x, const char *product_key, struct initiative **out, size_t *n) {
  int rc = app_require(x, CAP_READ, "see initiatives");
  if (rc) return rc;
  struct product p;
  rc = store_product_get(x->db, x->a, product_key, &p, x->e);
  return rc ? rc : store_initiative_list(x->db, x->a, p.id, out, n, x->e);
}

int app_initiative_link(struct app *x, const char *ref, int64_t objective_id, int on, struct initiative_view *out) {
  memset(out, 0, sizeof *out);
  int rc = app_require(x, CAP_PRODUCT, "link initiatives");
  if (rc) return rc;
  rc = app_begin(x);
  if (rc) return rc;
  struct objective o;
  rc = store_objective_get(x->db, x->a, objective_id, &o, x->e);
  if (rc == KEEL_ENOTFOUND) rc = err_set(x->e, KEEL_EINVAL, "objective", "there is no objective %lld", (long long)objective_id);
  if (!rc) rc = find(x, o.product_id, ref, &out->i);
  if (!rc && out->i.product_id != o.product_id)
    rc = err_set(x->e, KEEL_EINVAL, "objective", "objective %lld belongs to another product", (long long)objective_id);
  if (!rc) rc = store_initiative_link(x->db, out->i.id, o.id, on, x->e);
  if (!rc) {
    const char *after = arena_printf(x->a, "{\"objective\":%lld,\"linked\":%s}", (long long)o.id, on ? "true" : "false");
    rc = app_audit(x, on ? "initiative.link" : "initiative.unlink", "initiative", out->i.id, out->i.name, NULL, after);
  }
  if (!rc) rc = store_initiative_get(x->db, x->a, out->i.id, &out->i, x->e);
  if (!rc) rc = load_view(x, out);
  return app_finish(x, rc);
}

int app_feature_initiative(struct app *x, const char *feature_key, const char *ref, struct initiative *out) {
  memset(out, 0, sizeof *out);
  int rc = app_require(x, CAP_PRODUCT, "edit features");
  if (rc) return rc;
  rc = app_begin(x);
  if (rc) return rc;
  struct feature f;
  struct initiative before = {0};
  rc = store_feature_get(x->db, x->a, feature_key, &f, x->e);
  if (!rc) {
    rc = store_feature_initiative(x->db, x->a, f.id, &before, x->e);
    if (rc == KEEL_ENOTFOUND) {
      err_clear(x->e);
      rc = KEEL_OK;
      before.name = NULL;
    }
  }
  if (!rc && ref && *ref) {
    rc = find(x, f.product_id, ref, out);
    if (rc == KEEL_ENOTFOUND)
      rc = err_set(x->e, KEEL_EINVAL, "initiative", "product %s has no initiative %s", f.product_key, ref);
  }
  if (!rc) rc = store_feature_set_initiative(x->db, f.id, out->id, x->e);
  if (!rc)
    rc = app_audit(x, "feature.initiative", "feature", f.id, f.key,
                   arena_printf(x->a, "{\"initiative\":%s}", before.id ? arena_printf(x->a, "%lld", (long long)before.id) : "null"),
                   arena_printf(x->a, "{\"initiative\":%s}", out->id ? arena_printf(x->a, "%lld", (long long)out->id) : "null"));
  return app_finish(x, rc);
}

int app_feature_strategy(struct app *x, const char *feature_key, struct initiative_view *out) {
  memset(out, 0, sizeof *out);
  int rc = app_require(x, CAP_READ, "see features");
  if (rc) return rc;
  struct feature f = {0};
  rc = store_feature_get(x->db, x->a, feature_key, &f, x->e);
  if (!rc) rc = store_feature_initiative(x->db, x->a, f.id, &out->i, x->e);
  if (rc == KEEL_ENOTFOUND && f.id) {
    err_clear(x->e);
    memset(out, 0, sizeof *out);
    return KEEL_OK;
  }
  return rc ? rc : load_view(x, out);
}

int app_objective_serving(struct app *x, int64_t objective_id, struct initiative **ini, size_t *nini,
                          struct feature_ref **features, size_t *nfeatures) {
  int rc = app_require(x, CAP_READ, "see objectives");
  if (!rc) rc = store_objective_initiatives(x->db, x->a, objective_id, ini, nini, x->e);
  return rc ? rc : store_objective_features(x->db, x->a, objective_id, features, nfeatures, x->e);
}
