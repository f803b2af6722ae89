/* personas.c — personas of a product, and which features serve them. */
#include <stdlib.h>
#include <string.h>

#include "app/internal.h"
#include "app/strategy.h"
#include "domain/text.h"
#include "store/features.h"
#include "store/products.h"

enum { PERSONAS_PER_FEATURE_MAX = 64 };

static const char *snap_persona(struct app *x, const struct persona *p) {
  buf b;
  buf_init(&b, 1024);
  repr_persona(&b, p);
  const char *s = arena_strdup(x->a, buf_cstr(&b));
  buf_free(&b);
  return s;
}

/* Finds a persona by id, or by name within product_id (0: ids only). */
static int find(struct app *x, int64_t product_id, const char *ref, struct persona *out) {
  const char *r = text_trim(x->a, ref ? ref : "");
  if (!*r) return err_set(x->e, KEEL_EINVAL, "persona", "name a persona (its id or name)");
  char *end;
  long long id = strtoll(r, &end, 10);
  int rc = KEEL_ENOTFOUND;
  if (*end == '\0' && id > 0) {
    rc = store_persona_get(x->db, x->a, id, out, x->e);
    if (!rc && product_id && out->product_id != product_id) rc = KEEL_ENOTFOUND;
  }
  if (rc == KEEL_ENOTFOUND && product_id) rc = store_persona_by_name(x->db, x->a, product_id, r, out, x->e);
  if (rc == KEEL_ENOTFOUND) return err_set(x->e, KEEL_ENOTFOUND, "persona", "there is no persona %s", r);
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

static int apply(struct app *x, struct persona *c, const struct persona_patch *p) {
  if (p->name) c->name = text_trim(x->a, p->name);
  for (int i = 0; i < PERSONA_NFIELDS; i++)
    if (p->fields[i]) c->fields[i] = text_trim(x->a, p->fields[i]);
  return persona_check(c, x->e);
}

int app_persona_get(struct app *x, const char *product_key, const char *ref, struct persona *out) {
  int rc = app_require(x, CAP_READ, "see personas");
  int64_t pid;
  if (!rc) rc = product_id_of(x, product_key, &pid);
  return rc ? rc : find(x, pid, ref, out);
}

int app_persona_create(struct app *x, const char *product_key, const struct persona_patch *pp, struct persona *out) {
  int rc = app_require(x, CAP_PRODUCT, "add personas");
  if (rc) return rc;
  rc = app_begin(x);
  if (rc) return rc;
  struct product p;
  struct persona c = {.created_at = x->now, .updated_at = x->now};
  for (int i = 0; i < PERSONA_NFIELDS; i++) c.fields[i] = "";
  rc = store_product_get(x->db, x->a, product_key, &p, x->e);
  if (!rc) {
    c.product_id = p.id;
    c.product_key = p.key;
    rc = apply(x, &c, pp);
  }
  if (!rc) rc = store_persona_insert(x->db, &c, x->e);
  if (!rc) rc = app_audit(x, "persona.create", "persona", c.id, c.name, NULL, snap_persona(x, &c));
  rc = app_finish(x, rc);
  if (!rc) *out = c;
  return rc;
}

int app_persona_update(struct app *x, const char *product_key, const char *ref, const struct persona_patch *pp,
                       int64_t expect_version, struct persona *out) {
  int rc = app_require(x, CAP_PRODUCT, "edit personas");
  if (rc) return rc;
  rc = app_begin(x);
  if (rc) return rc;
  int64_t pid;
  struct persona cur, c;
  rc = product_id_of(x, product_key, &pid);
  if (!rc) rc = find(x, pid, ref, &cur);
  if (!rc) rc = app_check_version(x, cur.version, expect_version, cur.name);
  if (!rc) {
    c = cur;
    c.updated_at = x->now;
    rc = apply(x, &c, pp);
  }
  if (!rc) rc = store_persona_update(x->db, &c, x->e);
  if (!rc) rc = app_audit(x, "persona.update", "persona", c.id, c.name, snap_persona(x, &cur), snap_persona(x, &c));
  rc = app_finish(x, rc);
  if (!rc) *out = c;
  return rc;
}

int app_persona_remove(struct app *x, const char *product_key, const char *ref, int64_t expect_version) {
  int rc = app_require(x, CAP_PRODUCT, "remove personas");
  if (rc) return rc;
  rc = app_begin(x);
  if (rc) return rc;
  int64_t pid;
  struct persona cur;
  rc = product_id_of(x, product_key, &pid);
  if (!rc) rc = find(x, pid, ref, &cur);
  if (!rc) rc = app_check_version(x, cur.version, expect_version, cur.name);
  if (!rc) rc = store_persona_delete(x->db, cur.id, x->e);
  if (!rc) rc = app_audit(x, "persona.remove", "persona", cur.id, cur.name, snap_persona(x, &cur), NULL);
  return app_finish(x, rc);
}

int app_persona_list(struct app *x, const char *product_key, struct persona **out, size_t *n) {
  int rc = app_require(x, CAP_READ, "see personas");
  if (rc) return rc;
  struct product p;
  rc = store_product_get(x->db, x->a, product_key, &p, x->e);
  return rc ? rc : store_persona_list(x->db, x->a, p.id, out, n, x->e);
}

int app_persona_features(struct app *x, int64_t persona_id, struct feature_ref **out, size_t *n) {
  int rc = app_require(x, CAP_READ, "see personas");
  return rc ? rc : store_persona_features(x->db, x->a, persona_id, out, n, x->e);
}

int app_feature_personas_get(struct app *x, const char *feature_key, struct persona **out, size_t *n) {
  int rc = app_require(x, CAP_READ, "see features");
  if (rc) return rc;
  struct feature f;
  rc = store_feature_get(x->db, x->a, feature_key, &f, x->e);
  return rc ? rc : store_persona_list_for_feature(x->db, x->a, f.id, out, n, x->e);
}

static const char *names_json(struct app *x, const struct persona *ps, size_t n) {
  buf b;
  buf_init(&b, 256);
  buf_putc(&b, '[');
  for (size_t i = 0; i < n; i++) buf_printf(&b, "%s%J", i ? "," : "", ps[i].name);
  buf_putc(&b, ']');
  const char *s = arena_printf(x->a, "{\"personas\":%s}", buf_cstr(&b));
  buf_free(&b);
  return s;
}

int app_feature_personas(struct app *x, const char *feature_key, enum persona_op op, const char *const *refs, size_t n,
                         struct persona **out, size_t *nout) {
  int rc = app_require(x, CAP_PRODUCT, "edit features");
  if (rc) return rc;
  if (n > PERSONAS_PER_FEATURE_MAX)
    return err_set(x->e, KEEL_EINVAL, "personas", "a feature serves at most %d personas", PERSONAS_PER_FEATURE_MAX);
  rc = app_begin(x);
  if (rc) return rc;
  struct feature f;
  struct persona *cur = NULL;
  size_t ncur = 0;
  int64_t ids[2 * PERSONAS_PER_FEATURE_MAX];
  size_t nids = 0;
  rc = store_feature_get(x->db, x->a, feature_key, &f, x->e);
  if (!rc) rc = store_persona_list_for_feature(x->db, x->a, f.id, &cur, &ncur, x->e);
  if (!rc && op != PERSONAS_SET)
    for (size_t i = 0; i < ncur; i++) ids[nids++] = cur[i].id;
  for (size_t i = 0; !rc && i < n; i++) {
    struct persona p;
    rc = find(x, f.product_id, refs[i], &p);
    if (rc == KEEL_ENOTFOUND)
      rc = err_set(x->e, KEEL_EINVAL, "personas", "product %s has no persona %s", f.product_key, refs[i]);
    if (rc) break;
    size_t k = 0;
    while (k < nids && ids[k] != p.id) k++;
    if (op == PERSONAS_REMOVE) {
      if (k < nids) ids[k] = ids[--nids];
    } else if (k == nids) {
      if (nids == PERSONAS_PER_FEATURE_MAX)
        rc = err_set(x->e, KEEL_EINVAL, "personas", "a feature serves at most %d personas", PERSONAS_PER_FEATURE_MAX);
      else ids[nids++] = p.id;
    }
  }
  if (!rc) rc = store_feature_personas_set(x->db, f.id, ids, nids, x->e);
  if (!rc) rc = store_persona_list_for_feature(x->db, x->a, f.id, out, nout, x->e);
  if (!rc)
    rc = app_audit(x, "feature.personas", "feature", f.id, f.key, names_json(x, cur, ncur), names_json(x, *out, *nout));
  return app_finish(x, rc);
}
