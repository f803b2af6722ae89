/* scores.c — scoring features in every framework, the criteria of weighted
 * scoring (with rescoring when they change), the main framework of a
 * product, and rankings. See app/scores.h. */
#include "app/scores.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "app/internal.h"
#include "domain/score.h"
#include "domain/text.h"
#include "store/features.h"
#include "store/products.h"
#include "store/scores.h"

enum { RANK_LIMIT_DEFAULT = 50, RANK_LIMIT_MAX = 1000 };

int app_score_pairs_from_json(arena *a, json_t *obj, struct fw_pair **pairs, size_t *n, struct keel_err *e) {
  *n = 0;
  size_t count = json_object_size(obj);
  if (count > FW_PAIRS_MAX) return err_set(e, KEEL_EINVAL, "inputs", "at most %d inputs", FW_PAIRS_MAX);
  struct fw_pair *p = arena_zalloc(a, (count ? count : 1) * sizeof *p);
  const char *k;
  json_t *v;
  json_object_foreach(obj, k, v) {
    struct fw_pair *x = &p[(*n)++];
    x->name = k;
    if (json_is_number(v)) {
      x->is_num = 1;
      x->num = json_number_value(v);
    } else if (json_is_string(v)) {
      x->str = json_string_value(v);
    } else {
      return err_set(e, KEEL_EINVAL, k, "%s must be a number or a name", k);
    }
  }
  *pairs = p;
  return KEEL_OK;
}

int app_framework_parse(struct app *x, const char *name, enum framework *out) {
  if (framework_parse(name, out))
    return err_set(x->e, KEEL_ENOTFOUND, "framework",
                   "there is no framework %s (rice, ice, wsjf, weighted, value_effort, moscow, kano)", name ? name : "");
  return KEEL_OK;
}

/* Re-reads stored inputs into a view's display and explanation. */
static void view_from_inputs(struct app *x, struct score_view *v) {
  buf b;
  buf_init(&b, 4096);
  json_t *obj = json_loads(v->inputs, 0, NULL);
  struct fw_pair *pairs;
  size_t n;
  struct fw_inputs in;
  struct keel_err ignore;
  if (obj && json_is_object(obj) && !app_score_pairs_from_json(x->a, obj, &pairs, &n, &ignore) &&
      !fw_parse(v->fw, pairs, n, &in, &ignore)) {
    fw_display(&b, &in);
    v->display = arena_strdup(x->a, buf_cstr(&b));
    buf_reset(&b);
    fw_explain(&b, &in);
    v->explain = arena_strdup(x->a, buf_cstr(&b));
  } else {
    score_display(&b, v->score);
    v->display = arena_strdup(x->a, buf_cstr(&b));
    v->explain = v->display;
  }
  json_decref(obj);
  buf_free(&b);
}

/* Fills a view from checked inputs. */
static void view_from(struct app *x, const struct fw_inputs *in, struct score_view *v) {
  memset(v, 0, sizeof *v);
  v->fw = in->fw;
  v->set = v->has_score = 1;
  v->score = fw_score(in);
  v->label = fw_label(in);
  buf b;
  buf_init(&b, 4096);
  fw_display(&b, in);
  v->display = arena_strdup(x->a, buf_cstr(&b));
  buf_reset(&b);
  fw_explain(&b, in);
  v->explain = arena_strdup(x->a, buf_cstr(&b));
  buf_reset(&b);
  fw_inputs_json(&b, in);
  v->inputs = arena_strdup(x->a, buf_cstr(&b));
  buf_free(&b);
}

/* A weighted view from the criteria and a feature's values. */
static void view_weighted(struct app *x, const struct criterion *cs, size_t n, const double *v, const int *has,
                          struct score_view *out) {
  out->fw = FW_WEIGHTED;
  double *w = arena_alloc(x->a, (n ? n : 1) * sizeof *w);
  for (size_t i = 0; i < n; i++) w[i] = cs[i].weight;
  out->has_score = weighted_score(w, v, has, n, &out->score) == 0;
  buf b;
  buf_init(&b, 64 * 1024);
  if (out->has_score) score_display(&b, out->score);
  else buf_puts(&b, "–");
  out->display = arena_strdup(x->a, buf_cstr(&b));
  buf_reset(&b);
  weighted_explain(&b, w, v, has, n);
  out->explain = arena_strdup(x->a, buf_cstr(&b));
  buf_reset(&b);
  buf_putc(&b, '{');
  int first = 1;
  for (size_t i = 0; i < n; i++) {
    if (!has[i]) continue;
    buf_printf(&b, "%s%J:%N", first ? "" : ",", cs[i].name, v[i]);
    first = 0;
  }
  buf_putc(&b, '}');
  out->inputs = arena_strdup(x->a, buf_cstr(&b));
  out->label = "";
  buf_free(&b);
}

void repr_score_view(buf *b, const struct score_view *s) {
  buf_printf(b, "{\"framework\":%J,\"scored\":%s", framework_name(s->fw), s->set ? "true" : "false");
  if (s->set && s->has_score) buf_printf(b, ",\"score\":%N,\"display\":%J", s->score, s->display);
  else buf_puts(b, ",\"score\":null,\"display\":null");
  buf_printf(b, ",\"explain\":%J,\"label\":%J,\"inputs\":%s}", s->set ? s->explain : NULL,
             s->label && *s->label ? s->label : NULL, s->set && s->inputs ? s->inputs : "null");
}

/* The audit snapshot of a score: {"wsjf":{...inputs,"score":"3.2"}}. */
static const char *snap_score(struct app *x, const struct score_view *v) {
  if (!v || !v->set) return NULL;
  buf b;
  buf_init(&b, 64 * 1024);
  buf_printf(&b, "{%J:", framework_name(v->fw));
  const char *in = v->inputs && v->inputs[0] == '{' ? v->inputs : "{}";
  size_t len = strlen(in);
  buf_append(&b, in, len - 1); /* without the closing brace */
  buf_printf(&b, "%s\"score\":%J}}", len > 2 ? "," : "", v->has_score ? v->display : NULL);
  const char *s = arena_strdup(x->a, buf_cstr(&b));
  buf_free(&b);
  return s;
}

/* Reads a feature's current view in a framework kept in feature_scores. */
static int stored_view(struct app *x, const struct feature *f, enum framework fw, struct score_view *v) {
  memset(v, 0, sizeof *v);
  v->fw = fw;
  if (fw == FW_WEIGHTED) {
    struct score_row row;
    int rc = store_score_get(x->db, x->a, f->id, fw, &row, x->e);
    if (rc == KEEL_ENOTFOUND) return KEEL_OK;
    if (rc) return rc;
    struct criterion *cs;
    size_t n;
    rc = store_criterion_list(x->db, x->a, f->product_id, &cs, &n, x->e);
    if (rc) return rc;
    double *vals = arena_alloc(x->a, (n ? n : 1) * sizeof *vals);
    int *has = arena_alloc(x->a, (n ? n : 1) * sizeof *has);
    rc = store_criterion_values_get(x->db, f->id, cs, n, vals, has, x->e);
    if (rc) return rc;
    view_weighted(x, cs, n, vals, has, v);
    v->set = 1;
    v->updated_at = row.updated_at;
    return KEEL_OK;
  }
  struct score_row row;
  int rc = store_score_get(x->db, x->a, f->id, fw, &row, x->e);
  if (rc == KEEL_ENOTFOUND) return KEEL_OK;
  if (rc) return rc;
  v->set = 1;
  v->has_score = row.has_score;
  v->score = row.score;
  v->label = row.label;
  v->inputs = row.inputs;
  v->updated_at = row.updated_at;
  view_from_inputs(x, v);
  return KEEL_OK;
}

/* Bumps the feature's version (a score is part of its state). */
static int bump_feature(struct app *x, struct feature *f, int64_t expect_version) {
  int rc = app_check_version(x, f->version, expect_version, f->key);
  if (!rc) rc = store_feature_touch(x->db, f->id, f->version, x->now, &f->version, x->e);
  return rc;
}

/* Reads weighted inputs: one value per criterion of the product, by name. */
static int weighted_values(struct app *x, const struct feature *f, const struct fw_pair *pairs, size_t n,
                           struct criterion **cs, size_t *nc, double **vals, int **has) {
  int rc = store_criterion_list(x->db, x->a, f->product_id, cs, nc, x->e);
  if (rc) return rc;
  if (*nc == 0)
    return err_set(x->e, KEEL_ECONFLICT, "framework", "product %s has no criteria yet: add some before weighted scoring",
                   f->product_key);
  *vals = arena_zalloc(x->a, *nc * sizeof **vals);
  *has = arena_zalloc(x->a, *nc * sizeof **has);
  for (size_t i = 0; i < n; i++) {
    size_t k = 0;
    while (k < *nc && strcmp((*cs)[k].name, pairs[i].name) != 0) k++;
    if (k == *nc)
      return err_set(x->e, KEEL_EUNKNOWN, pairs[i].name, "product %s has no criterion named %s", f->product_key,
                     pairs[i].name);
    if (!pairs[i].is_num) return err_set(x->e, KEEL_EINVAL, pairs[i].name, "%s must be a number", pairs[i].name);
    if ((*has)[k]) return err_set(x->e, KEEL_EINVAL, pairs[i].name, "%s is given twice", pairs[i].name);
    rc = criterion_value_check(pairs[i].name, pairs[i].num, x->e);
    if (rc) return rc;
    (*vals)[k] = pairs[i].num;
    (*has)[k] = 1;
  }
  for (size_t k = 0; k < *nc; k++)
    if (!(*has)[k])
      return err_set(x->e, KEEL_EINVAL, (*cs)[k].name, "%s is required (a value from 0 to %d)", (*cs)[k].name,
                     CRITERION_VALUE_MAX);
  return KEEL_OK;
}

/* RICE and ICE live in the feature's columns: their change is a feature update. */
static int set_column_score(struct app *x, const char *key, const struct fw_inputs *in, int clear,
                            int64_t expect_version, struct score_view *out) {
  struct feature_patch p;
  memset(&p, 0, sizeof p);
  if (in->fw == FW_RICE) {
    p.rice = (struct rice_patch){.clear = clear, .has_reach = !clear, .has_impact = !clear, .has_confidence = !clear,
                                 .has_effort = !clear, .reach = in->rice_reach, .impact = in->rice_impact,
                                 .confidence = in->rice_confidence, .effort = in->rice_effort};
  } else {
    p.ice = (struct ice_patch){.clear = clear, .has_impact = !clear, .has_confidence = !clear, .has_ease = !clear,
                               .impact = in->ice_impact, .confidence = in->ice_confidence, .ease = in->ice_ease};
  }
  struct feature f;
  int rc = app_feature_update(x, key, &p, expect_version, &f);
  if (!rc && out) view_from(x, in, out);
  return rc;
}

int app_score_set(struct app *x, const char *key, const char *framework, const struct fw_pair *pairs, size_t n,
                  int64_t expect_version, struct score_view *out) {
  int rc = app_require(x, CAP_PRODUCT, "score features");
  enum framework fw;
  if (!rc) rc = app_framework_parse(x, framework, &fw);
  if (rc) return rc;
  struct fw_inputs in;
  memset(&in, 0, sizeof in);
  if (fw != FW_WEIGHTED) {
    rc = fw_parse(fw, pairs, n, &in, x->e);
    if (rc) return rc;
  }
  if (fw == FW_RICE || fw == FW_ICE) return set_column_score(x, key, &in, 0, expect_version, out);
  rc = app_begin(x);
  if (rc) return rc;
  struct feature f;
  struct score_view before, after;
  rc = store_feature_get(x->db, x->a, key, &f, x->e);
  if (!rc) rc = stored_view(x, &f, fw, &before);
  if (!rc && fw == FW_WEIGHTED) {
    struct criterion *cs = NULL;
    size_t nc = 0;
    double *vals = NULL;
    int *has = NULL;
    rc = weighted_values(x, &f, pairs, n, &cs, &nc, &vals, &has);
    if (!rc) {
      memset(&after, 0, sizeof after);
      view_weighted(x, cs, nc, vals, has, &after);
      after.set = 1;
      int64_t *ids = arena_alloc(x->a, nc * sizeof *ids);
      for (size_t i = 0; i < nc; i++) ids[i] = cs[i].id;
      rc = store_criterion_values_put(x->db, f.id, ids, vals, nc, x->e);
    }
  } else if (!rc) {
    view_from(x, &in, &after);
  }
  if (!rc) rc = bump_feature(x, &f, expect_version);
  if (!rc) {
    /* A weighted score is computed when read (store/scores.h): its row keeps no number. */
    struct score_row row = {.feature_id = f.id, .fw = fw, .inputs = after.inputs,
                            .has_score = fw == FW_WEIGHTED ? 0 : after.has_score, .score = after.score,
                            .label = after.label, .updated_by = x->actor->user_id, .updated_at = x->now};
    rc = store_score_put(x->db, &row, x->e);
  }
  if (!rc) rc = app_audit(x, "feature.score", "feature", f.id, f.key, snap_score(x, &before), snap_score(x, &after));
  rc = app_finish(x, rc);
  if (!rc && out) {
    after.updated_at = x->now;
    *out = after;
  }
  return rc;
}

int app_score_clear(struct app *x, const char *key, const char *framework, int64_t expect_version) {
  int rc = app_require(x, CAP_PRODUCT, "score features");
  enum framework fw;
  if (!rc) rc = app_framework_parse(x, framework, &fw);
  if (rc) return rc;
  if (fw == FW_RICE || fw == FW_ICE) {
    struct feature f;
    rc = store_feature_get(x->db, x->a, key, &f, x->e);
    if (rc) return rc;
    if (!(fw == FW_RICE ? f.rice.set : f.ice.set))
      return err_set(x->e, KEEL_ENOTFOUND, "framework", "%s has no %s score", f.key, framework_label(fw));
    struct fw_inputs in = {.fw = fw};
    return set_column_score(x, key, &in, 1, expect_version, NULL);
  }
  rc = app_begin(x);
  if (rc) return rc;
  struct feature f;
  struct score_view before;
  int found = 0;
  rc = store_feature_get(x->db, x->a, key, &f, x->e);
  if (!rc) rc = stored_view(x, &f, fw, &before);
  if (!rc && !before.set) rc = err_set(x->e, KEEL_ENOTFOUND, "framework", "%s has no %s score", f.key, framework_label(fw));
  if (!rc) rc = bump_feature(x, &f, expect_version);
  if (!rc) rc = store_score_delete(x->db, f.id, fw, &found, x->e);
  if (!rc) rc = app_audit(x, "feature.unscore", "feature", f.id, f.key, snap_score(x, &before), NULL);
  return app_finish(x, rc);
}

int app_scores_get(struct app *x, const char *key, struct feature_scores *out) {
  memset(out, 0, sizeof *out);
  int rc = app_require(x, CAP_READ, "see scores");
  if (!rc) rc = store_feature_get(x->db, x->a, key, &out->feature, x->e);
  if (rc) return rc;
  struct feature *f = &out->feature;
  struct product p;
  rc = store_product_get(x->db, x->a, f->product_key, &p, x->e);
  if (!rc) rc = store_product_framework(x->db, x->a, f->product_id, &out->main, x->e);
  if (rc) return rc;
  out->product_version = p.version;
  for (int i = 0; i < FW_COUNT; i++) {
    struct score_view *v = &out->items[i];
    memset(v, 0, sizeof *v);
    v->fw = (enum framework)i;
    v->inputs = "{}";
    v->label = "";
  }
  if (f->rice.set) {
    struct fw_inputs in = {.fw = FW_RICE, .rice_reach = f->rice.reach, .rice_impact = f->rice.impact,
                           .rice_confidence = f->rice.confidence, .rice_effort = f->rice.effort};
    view_from(x, &in, &out->items[FW_RICE]);
  }
  if (f->ice.set) {
    struct fw_inputs in = {.fw = FW_ICE, .ice_impact = f->ice.impact, .ice_confidence = f->ice.confidence,
                           .ice_ease = f->ice.ease};
    view_from(x, &in, &out->items[FW_ICE]);
  }
  for (int i = FW_WSJF; i < FW_COUNT && !rc; i++) rc = stored_view(x, f, (enum framework)i, &out->items[i]);
  if (rc) return rc;
  rc = store_criterion_list(x->db, x->a, f->product_id, &out->criteria, &out->ncriteria, x->e);
  if (rc) return rc;
  size_t nc = out->ncriteria ? out->ncriteria : 1;
  out->values = arena_zalloc(x->a, nc * sizeof *out->values);
  out->has_value = arena_zalloc(x->a, nc * sizeof *out->has_value);
  return store_criterion_values_get(x->db, f->id, out->criteria, out->ncriteria, out->values, out->has_value, x->e);
}

/* ---- criteria ---- */

void repr_criterion(buf *b, const struct criterion *c) {
  buf_printf(b, "{\"id\":%lld,\"name\":%J,\"weight\":%N,\"objective_id\":", (long long)c->id, c->name, c->weight);
  if (c->objective_id) buf_printf(b, "%lld", (long long)c->objective_id);
  else buf_puts(b, "null");
  buf_printf(b, ",\"position\":%lld,\"version\":%lld}", (long long)c->position, (long long)c->version);
}

static const char *snap_criterion(struct app *x, const struct criterion *c) {
  buf b;
  buf_init(&b, 4096);
  buf_printf(&b, "{\"criterion\":{\"name\":%J,\"weight\":%N,\"position\":%lld}}", c->name, c->weight,
             (long long)c->position);
  const char *s = arena_strdup(x->a, buf_cstr(&b));
  buf_free(&b);
  return s;
}

/* Checks a product's weights with one criterion changed (or removed: skip_id
 * with no replacement): none negative, not all 0. */
static int reweigh(struct app *x, int64_t product_id, int64_t skip_id, const struct criterion *changed) {
  struct criterion *cs;
  size_t n;
  int rc = store_criterion_list(x->db, x->a, product_id, &cs, &n, x->e);
  if (rc) return rc;
  double *w = arena_alloc(x->a, (n + 1) * sizeof *w);
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    if (cs[i].id == skip_id) continue;
    w[k++] = cs[i].weight;
  }
  if (changed) w[k++] = changed->weight;
  return criteria_weights_check(w, k, x->e);
}

static int apply_criterion(struct app *x, struct criterion *c, const struct criterion_patch *p) {
  if (p->name) c->name = text_trim(x->a, p->name);
  if (p->has_weight) c->weight = p->weight;
  if (p->has_position) c->position = p->position;
  if (p->has_objective) c->objective_id = p->objective_id;
  int rc = criterion_check(c, x->e);
  if (!rc && p->has_objective && c->objective_id) {
    int found;
    rc = store_objective_of_product(x->db, c->objective_id, c->product_id, &found, x->e);
    if (!rc && !found)
      rc = err_set(x->e, KEEL_EINVAL, "objective_id", "there is no objective %lld in this product",
                   (long long)c->objective_id);
  }
  return rc;
}

int app_criterion_add(struct app *x, const char *product_key, const struct criterion_patch *p, struct criterion *out) {
  int rc = app_require(x, CAP_PRODUCT, "edit criteria");
  if (rc) return rc;
  if (!p->name) return err_set(x->e, KEEL_EINVAL, "name", "name is required");
  if (!p->has_weight) return err_set(x->e, KEEL_EINVAL, "weight", "weight is required");
  rc = app_begin(x);
  if (rc) return rc;
  struct product prod;
  struct criterion c = {.created_at = x->now, .updated_at = x->now};
  struct criterion *cs;
  size_t n = 0;
  rc = store_product_get(x->db, x->a, product_key, &prod, x->e);
  if (!rc) rc = store_criterion_list(x->db, x->a, prod.id, &cs, &n, x->e);
  if (!rc && n >= CRITERIA_MAX) rc = err_set(x->e, KEEL_ECONFLICT, "name", "a product has at most %d criteria", CRITERIA_MAX);
  if (!rc) {
    c.product_id = prod.id;
    c.position = n ? cs[n - 1].position + 1 : 1;
    rc = apply_criterion(x, &c, p);
  }
  if (!rc) rc = reweigh(x, prod.id, 0, &c);
  if (!rc) rc = store_criterion_insert(x->db, &c, x->e);
  if (!rc) rc = app_audit(x, "criterion.add", "product", prod.id, prod.key, NULL, snap_criterion(x, &c));
  rc = app_finish(x, rc);
  if (!rc) *out = c;
  return rc;
}

int app_criterion_list(struct app *x, const char *product_key, struct criterion **out, size_t *n) {
  int rc = app_require(x, CAP_READ, "see criteria");
  struct product prod;
  if (!rc) rc = store_product_get(x->db, x->a, product_key, &prod, x->e);
  return rc ? rc : store_criterion_list(x->db, x->a, prod.id, out, n, x->e);
}

static int find_criterion(struct app *x, int64_t id, struct criterion *c, struct product *prod) {
  int rc = store_criterion_get(x->db, x->a, id, c, x->e);
  if (!rc) rc = store_product_get_id(x->db, x->a, c->product_id, prod, x->e);
  return rc;
}

int app_criterion_get(struct app *x, int64_t id, struct criterion *out, const char **product_key) {
  int rc = app_require(x, CAP_READ, "see criteria");
  struct product prod;
  if (!rc) rc = find_criterion(x, id, out, &prod);
  if (!rc) *product_key = prod.key;
  return rc;
}

int app_criterion_update(struct app *x, int64_t id, const struct criterion_patch *p, int64_t expect_version,
                         struct criterion *out) {
  int rc = app_require(x, CAP_PRODUCT, "edit criteria");
  if (rc) return rc;
  rc = app_begin(x);
  if (rc) return rc;
  struct criterion cur, c;
  struct product prod;
  rc = find_criterion(x, id, &cur, &prod);
  if (!rc) rc = app_check_version(x, cur.version, expect_version, arena_printf(x->a, "criterion %s", cur.name));
  if (!rc) {
    c = cur;
    c.updated_at = x->now;
    rc = apply_criterion(x, &c, p);
  }
  if (!rc) rc = reweigh(x, prod.id, c.id, &c);
  if (!rc) rc = store_criterion_update(x->db, &c, x->e);
  if (!rc) rc = app_audit(x, "criterion.update", "product", prod.id, prod.key, snap_criterion(x, &cur), snap_criterion(x, &c));
  rc = app_finish(x, rc);
  if (!rc) *out = c;
  return rc;
}

int app_criterion_remove(struct app *x, int64_t id, int64_t expect_version) {
  int rc = app_require(x, CAP_PRODUCT, "edit criteria");
  if (rc) return rc;
  rc = app_begin(x);
  if (rc) return rc;
  struct criterion cur;
  struct product prod;
  rc = find_criterion(x, id, &cur, &prod);
  if (!rc) rc = app_check_version(x, cur.version, expect_version, arena_printf(x->a, "criterion %s", cur.name));
  if (!rc) rc = reweigh(x, prod.id, cur.id, NULL);
  if (!rc) rc = store_criterion_delete(x->db, cur.id, cur.version, x->e);
  /* features left without any value are no longer scored in weighted */
  if (!rc) rc = store_weighted_prune(x->db, prod.id, x->e);
  if (!rc) rc = app_audit(x, "criterion.remove", "product", prod.id, prod.key, snap_criterion(x, &cur), NULL);
  return app_finish(x, rc);
}

/* ---- main framework and rankings ---- */

int app_product_framework_set(struct app *x, const char *product_key, const char *framework, int64_t expect_version,
                              int64_t *new_version) {
  int rc = app_require(x, CAP_PRODUCT, "choose the main framework");
  enum framework fw, old;
  if (!rc) rc = framework_parse(framework, &fw)
                    ? err_set(x->e, KEEL_EINVAL, "main_framework",
                              "main_framework must be rice, ice, wsjf, weighted, value_effort, moscow or kano")
                    : KEEL_OK;
  if (rc) return rc;
  rc = app_begin(x);
  if (rc) return rc;
  struct product p;
  rc = store_product_get(x->db, x->a, product_key, &p, x->e);
  if (!rc) rc = app_check_version(x, p.version, expect_version, p.key);
  if (!rc) rc = store_product_framework(x->db, x->a, p.id, &old, x->e);
  if (!rc) rc = store_product_framework_set(x->db, p.id, fw, p.version, x->now, new_version, x->e);
  if (!rc)
    rc = app_audit(x, "product.framework", "product", p.id, p.key,
                   arena_printf(x->a, "{\"main_framework\":\"%s\"}", framework_name(old)),
                   arena_printf(x->a, "{\"main_framework\":\"%s\"}", framework_name(fw)));
  return app_finish(x, rc);
}

int app_product_framework(struct app *x, const char *product_key, enum framework *out) {
  int rc = app_require(x, CAP_READ, "see products");
  struct product p;
  if (!rc) rc = store_product_get(x->db, x->a, product_key, &p, x->e);
  return rc ? rc : store_product_framework(x->db, x->a, p.id, out, x->e);
}

/* Parses a whole number >= 0 from s for field. */
static int parse_count(struct app *x, const char *s, const char *field, int64_t *out) {
  char *end;
  errno = 0;
  long long v = strtoll(s, &end, 10);
  if (!*s || *end || errno || v < 0) return err_set(x->e, KEEL_EINVAL, field, "%s must be a whole number from 0", field);
  *out = v;
  return KEEL_OK;
}

int app_rank(struct app *x, const struct rank_in *in, struct rank_page *out) {
  memset(out, 0, sizeof *out);
  int rc = app_require(x, CAP_READ, "see rankings");
  if (rc) return rc;
  if (!in->product || !*in->product) return err_set(x->e, KEEL_EINVAL, "product", "name a product");
  struct product p;
  rc = store_product_get(x->db, x->a, in->product, &p, x->e);
  if (rc) return rc;
  if (in->framework && *in->framework) rc = app_framework_parse(x, in->framework, &out->fw);
  else rc = store_product_framework(x->db, x->a, p.id, &out->fw, x->e);
  int64_t offset = 0, limit = RANK_LIMIT_DEFAULT;
  if (!rc && in->offset && *in->offset) rc = parse_count(x, in->offset, "offset", &offset);
  if (!rc && in->limit && *in->limit) {
    rc = parse_count(x, in->limit, "limit", &limit);
    if (!rc && (limit < 1 || limit > RANK_LIMIT_MAX))
      rc = err_set(x->e, KEEL_EINVAL, "limit", "limit must be from 1 to %d", RANK_LIMIT_MAX);
  }
  if (rc) return rc;
  struct rank_row *rows;
  size_t n;
  rc = store_rank(x->db, x->a, p.id, p.key, out->fw, offset, (int)limit + 1, &rows, &n, x->e);
  if (rc) return rc;
  out->next_offset = n > (size_t)limit ? offset + limit : -1;
  if (n > (size_t)limit) n = (size_t)limit;
  out->items = arena_zalloc(x->a, (n ? n : 1) * sizeof *out->items);
  out->n = n;
  for (size_t i = 0; i < n; i++) {
    struct rank_item *it = &out->items[i];
    it->place = offset + (int64_t)i + 1;
    it->key = rows[i].key;
    it->title = rows[i].title;
    it->score = rows[i].score;
    it->label = rows[i].label;
    struct score_view v = {.fw = out->fw, .score = rows[i].score, .inputs = rows[i].inputs};
    if (rows[i].inputs && out->fw != FW_WEIGHTED) {
      view_from_inputs(x, &v);
      it->display = v.display;
    } else {
      buf b;
      buf_init(&b, 64);
      score_display(&b, rows[i].score);
      it->display = arena_strdup(x->a, buf_cstr(&b));
      buf_free(&b);
    }
  }
  return KEEL_OK;
}
