/* features.c — creating, editing, ranking and listing features. */
#include <string.h>

#include "app/focus.h"
#include "app/internal.h"
#include "app/plan.h"
#include "domain/rank.h"
#include "domain/score.h"
#include "domain/text.h"
#include "store/features.h"
#include "store/products.h"

/* Merges a RICE patch into cur. A first score needs all four inputs. */
static int merge_rice(struct app *x, const struct rice *cur, const struct rice_patch *p, struct rice *out) {
  *out = *cur;
  if (p->clear) {
    memset(out, 0, sizeof *out);
    return KEEL_OK;
  }
  if (!(p->has_reach || p->has_impact || p->has_confidence || p->has_effort)) return KEEL_OK;
  if (!cur->set) {
    const char *missing = !p->has_reach ? "rice.reach" : !p->has_impact ? "rice.impact"
                        : !p->has_confidence ? "rice.confidence" : !p->has_effort ? "rice.effort" : NULL;
    if (missing)
      return err_set(x->e, KEEL_EINVAL, missing,
                     "%s is required: a RICE score needs reach, impact, confidence and effort", missing);
  }
  out->set = 1;
  if (p->has_reach) out->reach = p->reach;
  if (p->has_impact) out->impact = p->impact;
  if (p->has_confidence) out->confidence = p->confidence;
  if (p->has_effort) out->effort = p->effort;
  return KEEL_OK;
}

static int merge_ice(struct app *x, const struct ice *cur, const struct ice_patch *p, struct ice *out) {
  *out = *cur;
  if (p->clear) {
    memset(out, 0, sizeof *out);
    return KEEL_OK;
  }
  if (!(p->has_impact || p->has_confidence || p->has_ease)) return KEEL_OK;
  if (!cur->set) {
    const char *missing = !p->has_impact ? "ice.impact" : !p->has_confidence ? "ice.confidence"
                        : !p->has_ease ? "ice.ease" : NULL;
    if (missing)
      return err_set(x->e, KEEL_EINVAL, missing, "%s is required: an ICE score needs impact, confidence and ease",
                     missing);
  }
  out->set = 1;
  if (p->has_impact) out->impact = p->impact;
  if (p->has_confidence) out->confidence = p->confidence;
  if (p->has_ease) out->ease = p->ease;
  return KEEL_OK;
}

/* Applies a patch's fields to f (which holds the current values). */
static int apply_patch(struct app *x, struct feature *f, const struct feature_patch *p) {
  if (p->title) f->title = text_trim(x->a, p->title);
  if (p->description) f->description = text_trim(x->a, p->description);
  if (p->has_status) f->status = p->status;
  if (p->has_horizon) f->horizon = p->horizon;
  struct rice r;
  struct ice i;
  int rc = merge_rice(x, &f->rice, &p->rice, &r);
  if (!rc) rc = merge_ice(x, &f->ice, &p->ice, &i);
  if (rc) return rc;
  f->rice = r;
  f->ice = i;
  return feature_check(f, x->e);
}

int app_feature_insert_tx(struct app *x, const struct product *p, const struct feature_patch *fp, struct feature *out) {
  struct feature f = {
      .product_id = p->id,
      .product_key = p->key,
      .title = "",
      .description = "",
      .status = FS_CANDIDATE,
      .horizon = HZ_UNPLANNED,
      .created_by = x->actor ? x->actor->user_id : 0,
      .created_at = x->now,
      .updated_at = x->now,
  };
  int rc = apply_patch(x, &f, fp);
  if (rc) return rc;
  int64_t last = 0;
  int found = 0;
  rc = store_feature_neighbor(x->db, p->id, 0, 0, 0, -1, 1, &last, &found, x->e);
  if (rc) return rc;
  if (!rank_between(found, last, 0, 0, &f.rank)) f.rank = last + RANK_GAP;
  rc = store_product_next_number(x->db, p->id, &f.number, x->e);
  if (!rc) rc = store_feature_insert(x->db, &f, x->e);
  if (!rc) rc = store_feature_get_id(x->db, x->a, f.id, out, x->e);
  if (!rc && fp->plan) rc = app_feature_plan_apply_tx(x, out, fp->plan); /* planning (app/plan.c) */
  if (!rc) rc = app_horizon_record(x, NULL, out);
  if (!rc) rc = app_audit(x, "feature.create", "feature", out->id, out->key, NULL, snap_feature(x, out));
  return rc;
}

int app_feature_create(struct app *x, const char *product_key, const struct feature_patch *fp, struct feature *out) {
  int rc = app_require(x, CAP_PRODUCT, "add features");
  if (rc) return rc;
  if (!product_key || !*product_key) return err_set(x->e, KEEL_EINVAL, "product", "product is required");
  rc = app_begin(x);
  if (rc) return rc;
  struct product p;
  rc = store_product_get(x->db, x->a, product_key, &p, x->e);
  if (rc == KEEL_ENOTFOUND) rc = err_set(x->e, KEEL_EINVAL, "product", "there is no product %s", product_key);
  if (!rc && (fp->has_horizon || fp->tradeoff)) { /* focus: a new feature in Now counts against its capacity */
    struct feature nf = {.product_id = p.id, .horizon = HZ_UNPLANNED, .rice = {.set = fp->rice.has_effort, .effort = fp->rice.effort}};
    rc = app_now_admit(x, &nf, p.id, fp->has_horizon ? fp->horizon : HZ_UNPLANNED,
                       fp->has_status ? fp->status : FS_CANDIDATE, fp->tradeoff);
  }
  if (!rc) rc = app_feature_insert_tx(x, &p, fp, out);
  return app_finish(x, rc);
}

int app_feature_get(struct app *x, const char *key, struct feature *out) {
  int rc = app_require(x, CAP_READ, "see features");
  if (rc) return rc;
  return store_feature_get(x->db, x->a, key, out, x->e);
}

int app_feature_update(struct app *x, const char *key, const struct feature_patch *fp, int64_t expect_version,
                       struct feature *out) {
  int rc = app_require(x, CAP_PRODUCT, "edit features");
  if (rc) return rc;
  rc = app_begin(x);
  if (rc) return rc;
  struct feature cur, f;
  rc = store_feature_get(x->db, x->a, key, &cur, x->e);
  if (!rc) rc = app_check_version(x, cur.version, expect_version, cur.key);
  if (!rc) {
    f = cur;
    f.updated_at = x->now;
    rc = apply_patch(x, &f, fp);
  }
  if (!rc) rc = app_now_admit(x, &cur, cur.product_id, f.horizon, f.status, fp->tradeoff); /* focus */
  if (!rc) rc = store_feature_update(x->db, &f, x->e);
  if (!rc && fp->plan) rc = app_feature_plan_apply_tx(x, &f, fp->plan); /* planning (app/plan.c) */
  if (!rc) rc = store_feature_get_id(x->db, x->a, f.id, out, x->e);
  if (!rc) rc = app_horizon_record(x, &cur, out);
  if (!rc) rc = app_audit(x, "feature.update", "feature", cur.id, cur.key, snap_feature(x, &cur), snap_feature(x, out));
  return app_finish(x, rc);
}

/* Computes the new rank for a move; 0 in *ok means "renumber and retry". */
static int position_rank(struct app *x, const struct feature *f, const struct feature *target, const struct feature_move *m,
                         int64_t *rank, int *ok) {
  int64_t other = 0;
  int found = 0, rc;
  if (m->to_top) {
    rc = store_feature_neighbor(x->db, f->product_id, f->id, 0, 0, +1, 1, &other, &found, x->e);
    if (!rc) *ok = rank_between(0, 0, found, other, rank);
  } else if (m->to_bottom) {
    rc = store_feature_neighbor(x->db, f->product_id, f->id, 0, 0, -1, 1, &other, &found, x->e);
    if (!rc) *ok = rank_between(found, other, 0, 0, rank);
  } else if (m->before) {
    rc = store_feature_neighbor(x->db, f->product_id, f->id, target->rank, target->id, -1, 0, &other, &found, x->e);
    if (!rc) *ok = rank_between(found, other, 1, target->rank, rank);
  } else {
    rc = store_feature_neighbor(x->db, f->product_id, f->id, target->rank, target->id, +1, 0, &other, &found, x->e);
    if (!rc) *ok = rank_between(1, target->rank, found, other, rank);
  }
  return rc;
}

int app_feature_move(struct app *x, const char *key, const struct feature_move *m, int64_t expect_version,
                     struct feature *out) {
  int rc = app_require(x, CAP_PRODUCT, "rank features and move them on the board");
  if (rc) return rc;
  int places = (m->before != NULL) + (m->after != NULL) + (m->to_top != 0) + (m->to_bottom != 0);
  if (places > 1) return err_set(x->e, KEEL_EINVAL, "before", "give only one of before, after, top and bottom");
  if (places == 0 && !m->has_horizon)
    return err_set(x->e, KEEL_EINVAL, "horizon", "say where to move the feature: a horizon, or before/after another feature");
  rc = app_begin(x);
  if (rc) return rc;
  struct feature cur, f, target;
  const char *position = NULL;
  rc = store_feature_get(x->db, x->a, key, &cur, x->e);
  if (!rc) rc = app_check_version(x, cur.version, expect_version, cur.key);
  f = cur;
  if (!rc && (m->before || m->after)) {
    const char *tkey = m->before ? m->before : m->after;
    rc = store_feature_get(x->db, x->a, tkey, &target, x->e);
    if (rc == KEEL_ENOTFOUND) rc = err_set(x->e, KEEL_EINVAL, m->before ? "before" : "after", "there is no feature %s", tkey);
    else if (!rc && target.id == cur.id)
      rc = err_set(x->e, KEEL_EINVAL, m->before ? "before" : "after", "a feature cannot move next to itself");
    else if (!rc && target.product_id != cur.product_id)
      rc = err_set(x->e, KEEL_EINVAL, m->before ? "before" : "after",
                   "%s belongs to %s; features are ranked within their own product", target.key, target.product_key);
    if (!rc) position = arena_printf(x->a, "%s %s", m->before ? "before" : "after", target.key);
  }
  if (!rc && places) {
    int ok = 0;
    rc = position_rank(x, &cur, &target, m, &f.rank, &ok);
    if (!rc && !ok) {
      rc = store_feature_renumber(x->db, cur.product_id, x->e);
      if (!rc && (m->before || m->after)) rc = store_feature_get_id(x->db, x->a, target.id, &target, x->e);
      if (!rc) rc = position_rank(x, &cur, &target, m, &f.rank, &ok);
      if (!rc && !ok) rc = err_set(x->e, KEEL_EINTERNAL, NULL, "could not find room in the ranking");
    }
    if (!position) position = m->to_top ? "top of the backlog" : "bottom of the backlog";
  }
  if (!rc) {
    if (m->has_horizon) f.horizon = m->horizon;
    f.updated_at = x->now;
    rc = app_now_admit(x, &cur, cur.product_id, f.horizon, f.status, m->tradeoff); /* focus */
    if (!rc) rc = store_feature_set_position(x->db, &f, x->e);
  }
  if (!rc) rc = store_feature_get_id(x->db, x->a, f.id, out, x->e);
  if (!rc) rc = app_horizon_record(x, &cur, out);
  if (!rc) {
    const char *after = snap_feature(x, out);
    if (position) {
      /* Name the new place in the history: ranks themselves mean nothing to a reader. */
      buf b;
      buf_init(&b, 0);
      buf_printf(&b, "%.*s,\"position\":%J}", (int)(strlen(after) - 1), after, position);
      after = arena_strdup(x->a, buf_cstr(&b));
      buf_free(&b);
    }
    rc = app_audit(x, "feature.move", "feature", cur.id, cur.key, snap_feature(x, &cur), after);
  }
  return app_finish(x, rc);
}

static int parse_status(const char *s, int *out) {
  enum feature_status v;
  if (feature_status_parse(s, &v)) return -1;
  *out = (int)v;
  return 0;
}

enum { FEATURE_OPEN_MASK = (1u << FS_CANDIDATE) | (1u << FS_PLANNED) | (1u << FS_IN_PROGRESS) };

int app_feature_list(struct app *x, const struct feature_list_in *in, struct feature_page *out) {
  memset(out, 0, sizeof *out);
  int rc = app_require(x, CAP_READ, "see features");
  if (rc) return rc;
  struct feature_query q = {.horizon = -1, .sort = FSORT_RANK, .with_description = in->with_description};
  if (in->product && *in->product) {
    struct product p;
    rc = store_product_get(x->db, x->a, in->product, &p, x->e);
    if (rc == KEEL_ENOTFOUND) return err_set(x->e, KEEL_EINVAL, "product", "there is no product %s", in->product);
    if (rc) return rc;
    q.product_id = p.id;
  }
  rc = app_parse_mask(x, in->status, "status", FEATURE_OPEN_MASK, FEATURE_OPEN_MASK, parse_status, &q.status_mask);
  if (rc) return rc;
  if (in->horizon && *in->horizon) {
    enum horizon h;
    if (horizon_parse(in->horizon, &h))
      return err_set(x->e, KEEL_EINVAL, "horizon", "horizon must be now, next, later or unplanned");
    q.horizon = (int)h;
  }
  if (in->text && *in->text) {
    q.text = text_trim(x->a, in->text);
    rc = text_check_line("q", q.text, SEARCH_MAX_CHARS, 0, x->e);
    if (rc) return rc;
  }
  if (in->sort && *in->sort && feature_sort_parse(in->sort, &q.sort))
    return err_set(x->e, KEEL_EINVAL, "sort", "sort must be rank, rice, ice or updated");
  rc = cursor_decode(in->after, feature_sort_name(q.sort), &q.after, x->e);
  if (!rc) rc = page_limit_parse(in->limit, &q.limit, x->e);
  if (rc) return rc;
  rc = store_feature_list(x->db, x->a, &q, &out->items, &out->n, x->e);
  if (rc) return rc;
  out->sort = q.sort;
  out->product_id = q.product_id;
  if (out->n > (size_t)q.limit) {
    out->n = (size_t)q.limit;
    const struct feature *last = &out->items[out->n - 1];
    struct cursor c = {.set = 1, .id = last->id};
    if (q.sort == FSORT_RANK) c.ival = last->rank;
    else if (q.sort == FSORT_UPDATED) c.ival = last->updated_at;
    else if (q.sort == FSORT_RICE) {
      c.in_nulls = !last->rice.set;
      c.score = last->rice.set ? score_rice(&last->rice) : 0;
    } else {
      c.in_nulls = !last->ice.set;
      c.score = last->ice.set ? score_ice(&last->ice) : 0;
    }
    buf b;
    buf_init(&b, 256);
    cursor_encode(&b, feature_sort_name(q.sort), &c);
    out->next = arena_strdup(x->a, buf_cstr(&b));
    buf_free(&b);
  }
  return KEEL_OK;
}
