/* focus.c — recording horizon changes, the Now capacity rule with its
 * trade-offs, the product's now_limit, trade-off decisions and focus health. */
#include "app/focus.h"

#include <string.h>

#include "app/internal.h"
#include "domain/text.h"
#include "store/features.h"
#include "store/products.h"

static int occupies_now(enum horizon h, enum feature_status s) {
  return h == HZ_NOW && s != FS_SHIPPED && s != FS_ARCHIVED;
}

int app_horizon_record(struct app *x, const struct feature *before, const struct feature *after) {
  enum horizon from = before ? before->horizon : HZ_UNPLANNED;
  if (from == after->horizon) return KEEL_OK;
  return store_horizon_change_insert(x->db, after->id, after->product_id, from, after->horizon, after->status,
                                     x->actor ? x->actor->user_id : 0, x->now, x->e);
}

int app_now_state(struct app *x, int64_t product_id, struct now_state *out) {
  memset(out, 0, sizeof *out);
  period_format(period_of(x->now), out->period);
  int rc = store_now_capacity(x->db, product_id, out->period, &out->has_team_capacity, &out->team_capacity, x->e);
  if (!rc) rc = store_product_now_limit(x->db, product_id, &out->now_limit, x->e);
  if (!rc) rc = store_now_items(x->db, x->a, product_id, &out->items, &out->nitems, x->e);
  if (rc) return rc;
  out->limit = now_limit_of(out->has_team_capacity, out->team_capacity, out->now_limit);
  out->weights = arena_alloc(x->a, (out->nitems ? out->nitems : 1) * sizeof *out->weights);
  for (size_t i = 0; i < out->nitems; i++) {
    out->weights[i] = now_weight(out->limit.basis, out->items[i].size, out->items[i].effort);
    out->load += out->weights[i];
  }
  return KEEL_OK;
}

int app_now_get(struct app *x, const char *product_key, struct product *p, struct now_state *out) {
  int rc = app_require(x, CAP_READ, "see the board");
  if (rc) return rc;
  rc = store_product_get(x->db, x->a, product_key ? product_key : "", p, x->e);
  if (rc == KEEL_ENOTFOUND) return err_set(x->e, KEEL_ENOTFOUND, "product", "there is no product %s", product_key);
  if (!rc) rc = app_now_state(x, p->id, out);
  return rc;
}

/* Checks the named displacements against Now: each a feature of the product
 * that occupies Now, named once, not the one coming in. Sets *freed. */
static int check_displaced(struct app *x, const struct now_state *s, int64_t feature_id, const struct tradeoff_in *t,
                           size_t *idx, double *freed) {
  *freed = 0;
  for (size_t i = 0; i < t->ndisplace; i++) {
    const char *key = t->displace[i];
    size_t k = s->nitems;
    for (size_t j = 0; j < s->nitems; j++)
      if (strcmp(s->items[j].key, key ? key : "") == 0) k = j;
    if (k == s->nitems || s->items[k].id == feature_id)
      return err_set(x->e, KEEL_EINVAL, "displace", "%.40s is not in Now; only what is in Now can move out for it",
                     key ? key : "");
    for (size_t j = 0; j < i; j++)
      if (idx[j] == k) return err_set(x->e, KEEL_EINVAL, "displace", "%s is named twice", key);
    idx[i] = k;
    *freed += s->weights[k];
  }
  return KEEL_OK;
}

/* Moves one displaced feature out of Now, with its horizon change and audit. */
static int displace_one(struct app *x, int64_t id, enum horizon to, const char *for_key) {
  struct feature cur, f;
  int rc = store_feature_get_id(x->db, x->a, id, &cur, x->e);
  if (rc) return rc;
  f = cur;
  f.horizon = to;
  f.updated_at = x->now;
  rc = store_feature_set_position(x->db, &f, x->e);
  if (!rc) rc = store_feature_get_id(x->db, x->a, id, &f, x->e);
  if (!rc) rc = app_horizon_record(x, &cur, &f);
  if (rc) return rc;
  const char *after = snap_feature(x, &f);
  buf b;
  buf_init(&b, 0);
  buf_printf(&b, "%.*s,\"position\":%J}", (int)(strlen(after) - 1), after,
             arena_printf(x->a, "moved out of Now for %s", for_key));
  after = arena_strdup(x->a, buf_cstr(&b));
  buf_free(&b);
  return app_audit(x, "feature.move", "feature", cur.id, cur.key, snap_feature(x, &cur), after);
}

int app_now_admit(struct app *x, const struct feature *cur, int64_t product_id, enum horizon to,
                  enum feature_status status, const struct tradeoff_in *t) {
  size_t nd = t ? t->ndisplace : 0;
  int entering = occupies_now(to, status) && !(cur->id && occupies_now(cur->horizon, cur->status));
  if (nd && !entering)
    return err_set(x->e, KEEL_EINVAL, "displace", "displace only applies when a feature moves into Now");
  if (!entering) return KEEL_OK;
  if (nd && !cur->id) return err_set(x->e, KEEL_EINVAL, "displace", "create the feature first, then move it into Now");
  if (nd > TRADEOFF_DISPLACE_MAX)
    return err_set(x->e, KEEL_EINVAL, "displace", "name at most %d features to move out", TRADEOFF_DISPLACE_MAX);
  enum horizon out_to = t && t->has_to ? t->to : HZ_NEXT;
  if (out_to == HZ_NOW) return err_set(x->e, KEEL_EINVAL, "displace_to", "displace_to must be next, later or unplanned");
  const char *reason = t && t->reason ? text_trim(x->a, t->reason) : "";
  if (nd && !*reason)
    return err_set(x->e, KEEL_EINVAL, "reason", "say why: a reason is required when features move out of Now");
  if (nd) {
    int rc = text_check_line("reason", reason, REASON_MAX_CHARS, 1, x->e);
    if (rc) return rc;
  }
  int rc = store_product_lock(x->db, product_id, x->e);
  struct now_state s;
  if (!rc) rc = app_now_state(x, product_id, &s);
  if (rc) return rc;
  double size = 0, effort = 0;
  if (cur->id) rc = store_feature_size(x->db, cur->id, &size, &effort, x->e);
  else effort = cur->rice.set ? cur->rice.effort : 0;
  if (rc) return rc;
  size_t *idx = arena_alloc(x->a, (nd ? nd : 1) * sizeof *idx);
  double freed = 0;
  if (nd) rc = check_displaced(x, &s, cur->id, t, idx, &freed);
  if (rc) return rc;
  double needed = now_weight(s.limit.basis, size, effort);
  const char *key = cur->id ? cur->key : "the new feature";
  if (!now_fits(&s.limit, s.load - freed, needed)) {
    if (t && t->refusal) {
      *t->refusal = s;
      t->refusal->feature_key = key;
      t->refusal->needed = needed;
      t->refusal->freed = freed;
    }
    const char *unit = now_basis_unit(s.limit.basis);
    if (!nd)
      return err_set(x->e, KEEL_ECONFLICT, "displace",
                     "Now is at capacity: %g of %g %s used; %s needs %g. Name what moves out (displace) and why",
                     s.load, s.limit.capacity, unit, key, needed);
    return err_set(x->e, KEEL_ECONFLICT, "displace",
                   "Now is at capacity: %g of %g %s used; %s needs %g and what you named frees only %g", s.load,
                   s.limit.capacity, unit, key, needed, freed);
  }
  if (!nd) return KEEL_OK;
  struct tradeoff td = {.product_id = product_id, .feature_id = cur->id, .horizon = HZ_NOW, .reason = reason,
                        .actor_id = x->actor ? x->actor->user_id : 0, .at = x->now, .nout = nd};
  td.out = arena_alloc(x->a, nd * sizeof *td.out);
  buf b;
  buf_init(&b, 0);
  buf_printf(&b, "{\"in\":%J,\"horizon\":\"now\",\"out\":[", key);
  for (size_t i = 0; !rc && i < nd; i++) {
    const struct now_item *it = &s.items[idx[i]];
    td.out[i] = (struct tradeoff_out){it->id, it->key, it->title, out_to};
    buf_printf(&b, "%s{\"key\":%J,\"to\":%J}", i ? "," : "", it->key, horizon_name(out_to));
    rc = displace_one(x, it->id, out_to, key);
  }
  buf_printf(&b, "],\"reason\":%J}", reason);
  const char *after = arena_strdup(x->a, buf_cstr(&b));
  buf_free(&b);
  if (!rc) rc = store_tradeoff_insert(x->db, &td, x->e);
  if (!rc) rc = app_audit(x, "feature.tradeoff", "feature", cur->id, key, NULL, after);
  return rc;
}

/* The product's snapshot with its now_limit added, for the audit trail. */
static const char *snap_with_limit(struct app *x, const struct product *p, int64_t limit) {
  const char *snap = snap_product(x, p);
  if (limit < 0) return arena_printf(x->a, "%.*s,\"now_limit\":null}", (int)(strlen(snap) - 1), snap);
  return arena_printf(x->a, "%.*s,\"now_limit\":%lld}", (int)(strlen(snap) - 1), snap, (long long)limit);
}

int app_product_set_now_limit(struct app *x, const char *product_key, int64_t limit, const char *name,
                              const char *description, int64_t expect_version, struct product *out) {
  int rc = app_require(x, CAP_PRODUCT, "edit products");
  if (rc) return rc;
  if (limit > INT32_MAX) return err_set(x->e, KEEL_EINVAL, "now_limit", "now_limit must be a number of features, 0 or more");
  if (limit < 0) limit = -1;
  rc = app_begin(x);
  if (rc) return rc;
  struct product cur, p;
  int64_t before = -1;
  rc = store_product_get(x->db, x->a, product_key ? product_key : "", &cur, x->e);
  if (!rc) rc = app_check_version(x, cur.version, expect_version, cur.key);
  if (!rc) rc = store_product_now_limit(x->db, cur.id, &before, x->e);
  if (!rc) {
    p = cur;
    if (name) p.name = text_trim(x->a, name);
    if (description) p.description = text_trim(x->a, description);
    p.updated_at = x->now;
    rc = product_check(&p, x->e);
  }
  if (!rc) rc = store_product_set_now_limit(x->db, &p, limit, x->e);
  if (!rc)
    rc = app_audit(x, "product.update", "product", p.id, p.key, snap_with_limit(x, &cur, before),
                   snap_with_limit(x, &p, limit));
  rc = app_finish(x, rc);
  if (!rc) *out = p;
  return rc;
}

/* Finds a product by key for a read, naming the field when absent. */
static int read_product(struct app *x, const char *product_key, struct product *p) {
  if (!product_key || !*product_key) return err_set(x->e, KEEL_EINVAL, "product", "product is required");
  int rc = store_product_get(x->db, x->a, product_key, p, x->e);
  if (rc == KEEL_ENOTFOUND) return err_set(x->e, KEEL_ENOTFOUND, "product", "there is no product %.40s", product_key);
  return rc;
}

int app_tradeoff_list(struct app *x, const char *product_key, int limit, struct tradeoff **out, size_t *n) {
  *out = NULL;
  *n = 0;
  int rc = app_require(x, CAP_READ, "see trade-offs");
  if (rc) return rc;
  if (limit < 1 || limit > TRADEOFF_LIST_MAX)
    return err_set(x->e, KEEL_EINVAL, "limit", "limit must be 1 to %d", TRADEOFF_LIST_MAX);
  struct product p;
  rc = read_product(x, product_key, &p);
  if (!rc) rc = store_tradeoff_list(x->db, x->a, p.id, limit, out, n, x->e);
  return rc;
}

int app_tradeoff_list_feature(struct app *x, const char *feature_key, int limit, struct tradeoff **out, size_t *n) {
  *out = NULL;
  *n = 0;
  int rc = app_require(x, CAP_READ, "see trade-offs");
  if (rc) return rc;
  if (limit < 1 || limit > TRADEOFF_LIST_MAX)
    return err_set(x->e, KEEL_EINVAL, "limit", "limit must be 1 to %d", TRADEOFF_LIST_MAX);
  struct feature f;
  rc = store_feature_get(x->db, x->a, feature_key, &f, x->e);
  if (!rc) rc = store_tradeoff_list_feature(x->db, x->a, f.product_id, f.id, limit, out, n, x->e);
  return rc;
}

int app_focus_get(struct app *x, const char *product_key, struct focus_view *out) {
  memset(out, 0, sizeof *out);
  int rc = app_require(x, CAP_READ, "see focus health");
  if (rc) return rc;
  rc = read_product(x, product_key, &out->product);
  if (rc) return rc;
  int64_t pid = out->product.id;
  struct period q = period_of(x->now);
  int64_t qstart, qend;
  period_bounds(q, &qstart, &qend);
  rc = app_now_state(x, pid, &out->now);
  if (!rc) rc = store_horizon_changes(x->db, x->a, pid, 0, &out->changes, &out->nchanges, x->e);
  if (!rc) rc = store_team_wip(x->db, x->a, pid, &out->teams, &out->nteams, x->e);
  if (!rc)
    rc = store_vision_age(x->db, pid, x->now - (int64_t)FOCUS_WINDOW_DAYS * FOCUS_DAY, &out->has_vision,
                          &out->vision_revision, &out->vision_at, &out->vision_changes, x->e);
  if (!rc) rc = store_objectives_age(x->db, pid, out->now.period, &out->objectives, &out->objectives_at, x->e);
  if (rc) return rc;
  struct focus_in in = {
      .now = x->now,
      .changes = out->changes,
      .nchanges = out->nchanges,
      .now_count = (int64_t)out->now.nitems,
      .teams = out->teams,
      .nteams = out->nteams,
      .has_vision = out->has_vision,
      .vision_at = out->vision_at,
      .vision_revision = out->vision_revision,
      .vision_changes = out->vision_changes,
      .objectives = out->objectives,
      .objectives_at = out->objectives_at,
      .quarter_start = qstart,
  };
  focus_compute(x->a, &in, &out->report);
  return KEEL_OK;
}
