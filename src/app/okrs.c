/* okrs.c — objectives per quarter, their key results and check-ins. */
#include <ctype.h>
#include <string.h>

#include "app/internal.h"
#include "app/strategy.h"
#include "domain/period.h"
#include "domain/text.h"
#include "store/products.h"
#include "store/users.h"

static const char *snap(struct app *x, void (*fn)(buf *, const void *), const void *v) {
  buf b;
  buf_init(&b, 1024);
  fn(&b, v);
  const char *s = arena_strdup(x->a, buf_cstr(&b));
  buf_free(&b);
  return s;
}
static void repr_obj_any(buf *b, const void *v) { repr_objective(b, v); }
static void repr_kr_any(buf *b, const void *v) { repr_key_result(b, v); }

/* Fills v's key results and progress for v->o. */
static int load_krs(struct app *x, struct objective_view *v) {
  int rc = store_kr_list(x->db, x->a, v->o.id, &v->krs, &v->nkr, x->e);
  if (!rc) v->progress = objective_progress(v->krs, v->nkr);
  return rc;
}

/* Applies p to o: trims text, normalises the period ("2026-q4" → "2026-Q4"),
 * resolves the owner's e-mail, then checks. */
static int apply(struct app *x, struct objective *o, const struct objective_patch *p) {
  if (p->title) o->title = text_trim(x->a, p->title);
  if (p->description) o->description = text_trim(x->a, p->description);
  if (p->period) {
    struct period q;
    const char *s = text_trim(x->a, p->period);
    if (period_parse(s, &q) != 0) return err_set(x->e, KEEL_EINVAL, "period", "period must be a quarter like 2026-Q4");
    char *out = arena_alloc(x->a, PERIOD_LEN);
    period_format(q, out);
    o->period = out;
  }
  if (p->status) {
    enum objective_status s;
    if (objective_status_parse(p->status, &s) != 0)
      return err_set(x->e, KEEL_EINVAL, "status", "status must be active, achieved, missed or dropped");
    o->status = s;
  }
  if (p->owner) {
    char *em = (char *)text_trim(x->a, p->owner);
    for (char *c = em; *c; c++) *c = (char)tolower((unsigned char)*c);
    if (!*em) {
      o->owner_id = 0;
      o->owner_name = "";
    } else {
      struct user u;
      int rc = store_user_by_email(x->db, x->a, em, &u, NULL, x->e);
      if (rc == KEEL_ENOTFOUND) return err_set(x->e, KEEL_EINVAL, "owner", "there is no user with e-mail %s", em);
      if (rc) return rc;
      o->owner_id = u.id;
      o->owner_name = u.name;
    }
  }
  return objective_check(o, x->e);
}

int app_objective_create(struct app *x, const char *product_key, const struct objective_patch *p,
                         struct objective_view *out) {
  int rc = app_require(x, CAP_PRODUCT, "add objectives");
  if (rc) return rc;
  rc = app_begin(x);
  if (rc) return rc;
  struct product pr;
  struct objective_view v = {0};
  v.o = (struct objective){.description = "", .owner_id = x->actor->user_id,
                           .owner_name = x->actor->user_id && x->actor->name ? x->actor->name : "", .status = OBJ_ACTIVE,
                           .created_at = x->now, .updated_at = x->now};
  rc = store_product_get(x->db, x->a, product_key, &pr, x->e);
  if (!rc) {
    v.o.product_id = pr.id;
    v.o.product_key = pr.key;
    rc = apply(x, &v.o, p);
  }
  if (!rc) rc = store_objective_insert(x->db, &v.o, x->e);
  if (!rc) rc = app_audit(x, "objective.create", "objective", v.o.id, v.o.title, NULL, snap(x, repr_obj_any, &v));
  rc = app_finish(x, rc);
  if (!rc) *out = v;
  return rc;
}

int app_objective_get(struct app *x, int64_t id, struct objective_view *out) {
  memset(out, 0, sizeof *out);
  int rc = app_require(x, CAP_READ, "see objectives");
  if (!rc) rc = store_objective_get(x->db, x->a, id, &out->o, x->e);
  return rc ? rc : load_krs(x, out);
}

int app_objective_update(struct app *x, int64_t id, const struct objective_patch *p, int64_t expect_version,
                         struct objective_view *out) {
  int rc = app_require(x, CAP_PRODUCT, "edit objectives");
  if (rc) return rc;
  rc = app_begin(x);
  if (rc) return rc;
  struct objective_view cur = {0}, v;
  rc = store_objective_get(x->db, x->a, id, &cur.o, x->e);
  if (!rc) rc = load_krs(x, &cur);
  if (!rc) rc = app_check_version(x, cur.o.version, expect_version, cur.o.title);
  if (!rc) {
    v = cur;
    v.o.updated_at = x->now;
    rc = apply(x, &v.o, p);
  }
  if (!rc) rc = store_objective_update(x->db, &v.o, x->e);
  if (!rc)
    rc = app_audit(x, "objective.update", "objective", v.o.id, v.o.title, snap(x, repr_obj_any, &cur),
                   snap(x, repr_obj_any, &v));
  rc = app_finish(x, rc);
  if (!rc) *out = v;
  return rc;
}

int app_objective_list(struct app *x, const char *product_key, const char *period, struct objective_view **out,
                       size_t *n) {
  *out = NULL;
  *n = 0;
  int rc = app_require(x, CAP_READ, "see objectives");
  if (rc) return rc;
  int64_t pid = 0;
  if (product_key && *product_key) {
    struct product pr;
    rc = store_product_get(x->db, x->a, product_key, &pr, x->e);
    if (rc) return rc;
    pid = pr.id;
  }
  char norm[PERIOD_LEN];
  if (period && *period) {
    struct period q;
    if (period_parse(period, &q) != 0) return err_set(x->e, KEEL_EINVAL, "period", "period must be a quarter like 2026-Q4");
    period_format(q, norm);
    period = norm;
  } else {
    period = NULL;
  }
  struct objective *os;
  size_t no;
  rc = store_objective_list(x->db, x->a, pid, period, &os, &no, x->e);
  if (rc) return rc;
  struct objective_view *vs = no ? arena_alloc(x->a, no * sizeof *vs) : NULL;
  for (size_t i = 0; !rc && i < no; i++) {
    memset(&vs[i], 0, sizeof vs[i]);
    vs[i].o = os[i];
    rc = load_krs(x, &vs[i]);
  }
  if (!rc) {
    *out = vs;
    *n = no;
  }
  return rc;
}

static int kr_apply(struct app *x, struct key_result *k, const struct kr_patch *p) {
  if (p->title) k->title = text_trim(x->a, p->title);
  if (p->metric) k->metric = text_trim(x->a, p->metric);
  if (p->unit) k->unit = text_trim(x->a, p->unit);
  if (p->has_baseline) k->baseline = p->baseline;
  if (p->has_target) k->target = p->target;
  return kr_check(k, x->e);
}

int app_kr_create(struct app *x, int64_t objective_id, const struct kr_patch *p, struct key_result *out) {
  int rc = app_require(x, CAP_PRODUCT, "add key results");
  if (rc) return rc;
  if (!p->has_baseline) return err_set(x->e, KEEL_EINVAL, "baseline", "give the baseline (the value at the start)");
  if (!p->has_target) return err_set(x->e, KEEL_EINVAL, "target", "give the target");
  rc = app_begin(x);
  if (rc) return rc;
  struct objective o;
  struct key_result k = {.objective_id = objective_id, .metric = "", .unit = "", .created_at = x->now,
                         .updated_at = x->now};
  rc = store_objective_get(x->db, x->a, objective_id, &o, x->e);
  if (!rc) {
    rc = kr_apply(x, &k, p);
    k.current = k.baseline;
  }
  if (!rc) rc = store_kr_insert(x->db, &k, x->e);
  if (!rc) rc = app_audit(x, "key_result.create", "objective", o.id, o.title, NULL, snap(x, repr_kr_any, &k));
  rc = app_finish(x, rc);
  if (!rc) *out = k;
  return rc;
}

int app_kr_get(struct app *x, int64_t id, struct key_result *out) {
  int rc = app_require(x, CAP_READ, "see key results");
  return rc ? rc : store_kr_get(x->db, x->a, id, out, x->e);
}

int app_kr_update(struct app *x, int64_t id, const struct kr_patch *p, int64_t expect_version, struct key_result *out) {
  int rc = app_require(x, CAP_PRODUCT, "edit key results");
  if (rc) return rc;
  rc = app_begin(x);
  if (rc) return rc;
  struct key_result cur, k;
  rc = store_kr_get(x->db, x->a, id, &cur, x->e);
  if (!rc) rc = app_check_version(x, cur.version, expect_version, cur.title);
  if (!rc) {
    k = cur;
    k.updated_at = x->now;
    rc = kr_apply(x, &k, p);
  }
  if (!rc) rc = store_kr_update(x->db, &k, x->e);
  if (!rc)
    rc = app_audit(x, "key_result.update", "objective", k.objective_id, k.title, snap(x, repr_kr_any, &cur),
                   snap(x, repr_kr_any, &k));
  rc = app_finish(x, rc);
  if (!rc) *out = k;
  return rc;
}

int app_kr_checkin(struct app *x, int64_t id, double value, const char *comment, int64_t expect_version,
                   struct kr_checkin *out, struct key_result *kr) {
  int rc = app_require(x, CAP_PRODUCT, "check in on key results");
  if (rc) return rc;
  struct kr_checkin c = {.key_result_id = id, .value = value, .comment = text_trim(x->a, comment ? comment : ""),
                         .author_id = x->actor->user_id, .author_name = x->actor->user_id && x->actor->name ? x->actor->name : "",
                         .at = x->now};
  rc = kr_checkin_check(&c, x->e);
  if (rc) return rc;
  rc = app_begin(x);
  if (rc) return rc;
  struct key_result cur, k;
  rc = store_kr_get(x->db, x->a, id, &cur, x->e);
  if (!rc) rc = app_check_version(x, cur.version, expect_version, cur.title);
  if (!rc) {
    k = cur;
    k.current = value;
    k.updated_at = x->now;
    rc = store_checkin_insert(x->db, &c, x->e);
  }
  if (!rc) rc = store_kr_update(x->db, &k, x->e);
  if (!rc)
    rc = app_audit(x, "key_result.checkin", "objective", k.objective_id, k.title, snap(x, repr_kr_any, &cur),
                   snap(x, repr_kr_any, &k));
  rc = app_finish(x, rc);
  if (!rc) {
    *out = c;
    *kr = k;
  }
  return rc;
}

int app_kr_history(struct app *x, int64_t id, struct key_result *kr, struct kr_checkin **out, size_t *n) {
  int rc = app_require(x, CAP_READ, "see key results");
  if (!rc) rc = store_kr_get(x->db, x->a, id, kr, x->e);
  return rc ? rc : store_checkin_list(x->db, x->a, id, out, n, x->e);
}
