/* plan.c — teams and their capacity, allocation targets, a feature's
 * planning fields and dependencies (see app/plan.h). */
#include "app/plan.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "app/internal.h"
#include "domain/text.h"
#include "store/features.h"
#include "store/products.h"

int app_period(struct app *x, const char *period, char out[PERIOD_LEN]) {
  struct period p;
  if (!period || !*period) p = period_of(x->now);
  else if (period_parse(period, &p))
    return err_set(x->e, KEEL_EINVAL, "period", "period must be a quarter like 2026-Q4, not %s", period);
  period_format(p, out);
  return KEEL_OK;
}

static const char *snap_team(struct app *x, const struct team *t) {
  buf b;
  buf_init(&b, 0);
  repr_team(&b, t);
  const char *s = arena_strdup(x->a, buf_cstr(&b));
  buf_free(&b);
  return s;
}

void repr_team(buf *b, const struct team *t) {
  buf_printf(b, "{\"id\":%lld,\"name\":%J,\"wip_limit\":", (long long)t->id, t->name);
  if (t->wip_limit < 0) buf_puts(b, "null");
  else buf_printf(b, "%lld", (long long)t->wip_limit);
  buf_puts(b, ",\"capacity\":");
  if (t->has_capacity) buf_json_num(b, t->capacity);
  else buf_puts(b, "null");
  buf_printf(b, ",\"version\":%lld}", (long long)t->version);
}

static int find_product(struct app *x, const char *key, struct product *p) {
  if (!key || !*key) return err_set(x->e, KEEL_EINVAL, "product", "name the product (its key, like PAY)");
  int rc = store_product_get(x->db, x->a, key, p, x->e);
  if (rc == KEEL_ENOTFOUND) return err_set(x->e, rc, "product", "there is no product %s", key);
  return rc;
}

/* Finds a team by id, or by name in product_key. */
static int find_team(struct app *x, const char *product_key, const char *ref, const char *period, struct team *out) {
  const char *r = text_trim(x->a, ref ? ref : "");
  if (!*r) return err_set(x->e, KEEL_EINVAL, "team", "name a team (its id, or its name with the product)");
  char *end;
  long long id = strtoll(r, &end, 10);
  if (*end == '\0' && id > 0) {
    int rc = store_team_get(x->db, x->a, id, period, out, x->e);
    if (rc != KEEL_ENOTFOUND || !product_key) return rc;
  }
  if (!product_key || !*product_key)
    return err_set(x->e, KEEL_EINVAL, "product", "name the product of team %s (--product KEY)", r);
  struct product p;
  int rc = find_product(x, product_key, &p);
  return rc ? rc : store_team_by_name(x->db, x->a, p.id, r, period, out, x->e);
}

int app_team_create(struct app *x, const char *product_key, const char *name, int64_t wip_limit, struct team *out) {
  int rc = app_require(x, CAP_PRODUCT, "add teams");
  if (rc) return rc;
  struct team t = {.name = text_trim(x->a, name ? name : ""), .wip_limit = wip_limit, .created_at = x->now,
                   .updated_at = x->now};
  rc = team_check(t.name, t.wip_limit, x->e);
  if (rc) return rc;
  rc = app_begin(x);
  if (rc) return rc;
  struct product p;
  rc = find_product(x, product_key, &p);
  t.product_id = p.id;
  if (!rc) rc = store_team_insert(x->db, &t, x->e);
  if (!rc) rc = app_audit(x, "team.create", "team", t.id, t.name, NULL, snap_team(x, &t));
  rc = app_finish(x, rc);
  if (!rc) *out = t;
  return rc;
}

int app_team_get(struct app *x, const char *product_key, const char *ref, const char *period, struct team *out) {
  char pd[PERIOD_LEN];
  int rc = app_require(x, CAP_READ, "see teams");
  if (!rc) rc = app_period(x, period, pd);
  return rc ? rc : find_team(x, product_key, ref, pd, out);
}

int app_team_list(struct app *x, const char *product_key, const char *period, struct team **out, size_t *n,
                  const char **period_out) {
  char pd[PERIOD_LEN];
  int rc = app_require(x, CAP_READ, "see teams");
  if (!rc) rc = app_period(x, period, pd);
  struct product p;
  if (!rc) rc = find_product(x, product_key, &p);
  if (!rc) rc = store_team_list(x->db, x->a, p.id, pd, out, n, x->e);
  if (!rc) *period_out = arena_strdup(x->a, pd);
  return rc;
}

int app_team_update(struct app *x, const char *product_key, const char *ref, const struct team_patch *p,
                    int64_t expect_version, struct team *out) {
  int rc = app_require(x, CAP_PRODUCT, "edit teams");
  if (rc) return rc;
  rc = app_begin(x);
  if (rc) return rc;
  struct team cur, t;
  rc = find_team(x, product_key, ref, NULL, &cur);
  if (!rc) rc = app_check_version(x, cur.version, expect_version, cur.name);
  if (!rc) {
    t = cur;
    if (p->name) t.name = text_trim(x->a, p->name);
    if (p->has_wip) t.wip_limit = p->wip_limit;
    t.updated_at = x->now;
    rc = team_check(t.name, t.wip_limit, x->e);
  }
  if (!rc) rc = store_team_update(x->db, &t, x->e);
  if (!rc) rc = app_audit(x, "team.update", "team", t.id, t.name, snap_team(x, &cur), snap_team(x, &t));
  rc = app_finish(x, rc);
  if (!rc) *out = t;
  return rc;
}

int app_team_remove(struct app *x, const char *product_key, const char *ref, int64_t expect_version) {
  int rc = app_require(x, CAP_PRODUCT, "remove teams");
  if (rc) return rc;
  rc = app_begin(x);
  if (rc) return rc;
  struct team cur;
  rc = find_team(x, product_key, ref, NULL, &cur);
  if (!rc) rc = app_check_version(x, cur.version, expect_version, cur.name);
  if (!rc) rc = store_team_delete(x->db, cur.id, x->e);
  if (!rc) rc = app_audit(x, "team.remove", "team", cur.id, cur.name, snap_team(x, &cur), NULL);
  return app_finish(x, rc);
}

int app_team_capacity_set(struct app *x, const char *product_key, const char *ref, const char *period, double capacity,
                          struct team *out) {
  char pd[PERIOD_LEN];
  int rc = app_require(x, CAP_PRODUCT, "set team capacity");
  if (!rc) rc = app_period(x, period, pd);
  if (!rc) rc = team_capacity_check(capacity, x->e);
  if (rc) return rc;
  rc = app_begin(x);
  if (rc) return rc;
  struct team t;
  int had = 0;
  double before = 0;
  rc = find_team(x, product_key, ref, pd, &t);
  if (!rc) rc = store_team_capacity_set(x->db, t.id, pd, capacity, &had, &before, x->e);
  if (!rc) {
    buf b1, b2;
    buf_init(&b1, 0);
    buf_init(&b2, 0);
    if (had) {
      buf_printf(&b1, "{\"period\":%J,\"capacity\":", pd);
      buf_json_num(&b1, before);
      buf_putc(&b1, '}');
    }
    buf_printf(&b2, "{\"period\":%J,\"capacity\":", pd);
    buf_json_num(&b2, capacity);
    buf_putc(&b2, '}');
    rc = app_audit(x, "team.capacity", "team", t.id, t.name, had ? arena_strdup(x->a, buf_cstr(&b1)) : NULL,
                   arena_strdup(x->a, buf_cstr(&b2)));
    buf_free(&b1);
    buf_free(&b2);
  }
  rc = app_finish(x, rc);
  if (!rc) {
    t.has_capacity = 1;
    t.capacity = capacity;
    *out = t;
  }
  return rc;
}

/* ---- a feature's planning fields and dependencies ---- */

static void repr_fplan(buf *b, const struct feature_plan *p) {
  buf_puts(b, "{\"team\":");
  if (p->team_id) buf_printf(b, "{\"id\":%lld,\"name\":%J}", (long long)p->team_id, p->team_name);
  else buf_puts(b, "null");
  buf_puts(b, ",\"size\":");
  if (p->size > 0) buf_json_num(b, p->size);
  else buf_puts(b, "null");
  buf_printf(b, ",\"category\":%J}", plan_category_name(p->category));
}

int app_feature_plan_apply_tx(struct app *x, const struct feature *f, const struct feature_plan_patch *p) {
  struct feature_plan cur, nw;
  int rc = store_feature_plan_get(x->db, x->a, f->id, &cur, x->e);
  if (rc) return rc;
  nw = cur;
  if (p->team) {
    const char *t = text_trim(x->a, p->team);
    if (!*t) {
      nw.team_id = 0;
      nw.team_name = "";
    } else {
      struct team tm;
      rc = find_team(x, f->product_key, t, NULL, &tm);
      if (rc == KEEL_ENOTFOUND || (!rc && tm.product_id != f->product_id))
        return err_set(x->e, KEEL_EINVAL, "team", "product %s has no team %s", f->product_key, t);
      if (rc) return rc;
      nw.team_id = tm.id;
      nw.team_name = tm.name;
    }
  }
  if (p->has_size) {
    if (p->size != 0) {
      rc = feature_size_check(p->size, x->e);
      if (rc) return rc;
    }
    nw.size = p->size;
  }
  if (p->category && plan_category_parse(p->category, &nw.category))
    return err_set(x->e, KEEL_EINVAL, "category",
                   "category must be innovation, infrastructure, customer_requests, objectives, keep_the_lights_on "
                   "or empty, not %s",
                   p->category);
  rc = store_feature_plan_set(x->db, f->id, &nw, x->e);
  if (rc) return rc;
  buf b1, b2;
  buf_init(&b1, 0);
  buf_init(&b2, 0);
  repr_fplan(&b1, &cur);
  repr_fplan(&b2, &nw);
  rc = app_audit(x, "feature.plan", "feature", f->id, f->key, arena_strdup(x->a, buf_cstr(&b1)),
                 arena_strdup(x->a, buf_cstr(&b2)));
  buf_free(&b1);
  buf_free(&b2);
  return rc;
}

int app_feature_planning(struct app *x, const char *key, struct feature_planning *out) {
  memset(out, 0, sizeof *out);
  int rc = app_require(x, CAP_READ, "see features");
  if (rc) return rc;
  struct feature f;
  rc = store_feature_get(x->db, x->a, key, &f, x->e);
  if (!rc) rc = store_feature_plan_get(x->db, x->a, f.id, &out->plan, x->e);
  if (!rc) rc = store_dep_keys(x->db, x->a, f.id, 0, &out->depends_on, &out->ndepends_on, x->e);
  if (!rc) rc = store_dep_keys(x->db, x->a, f.id, 1, &out->needed_by, &out->nneeded_by, x->e);
  return rc;
}

void repr_feature_planning(buf *b, const struct feature_planning *p) {
  repr_fplan(b, &p->plan);
  b->len--; /* reopen the object */
  buf_puts(b, ",\"depends_on\":[");
  for (size_t i = 0; i < p->ndepends_on; i++) buf_printf(b, "%s%J", i ? "," : "", p->depends_on[i]);
  buf_puts(b, "],\"needed_by\":[");
  for (size_t i = 0; i < p->nneeded_by; i++) buf_printf(b, "%s%J", i ? "," : "", p->needed_by[i]);
  buf_puts(b, "]}");
}

int app_feature_depend(struct app *x, const char *key, const char *on, int remove) {
  int rc = app_require(x, CAP_PRODUCT, "change dependencies");
  if (rc) return rc;
  if (!on || !*on) return err_set(x->e, KEEL_EINVAL, "on", "name the feature it depends on (like PAY-3)");
  rc = app_begin(x);
  if (rc) return rc;
  struct feature f, g;
  rc = store_feature_get(x->db, x->a, key, &f, x->e);
  if (!rc) {
    rc = store_feature_get(x->db, x->a, on, &g, x->e);
    if (rc == KEEL_ENOTFOUND) rc = err_set(x->e, KEEL_EINVAL, "on", "there is no feature %s", on);
  }
  if (!rc && !remove && g.product_id != f.product_id)
    rc = err_set(x->e, KEEL_EINVAL, "on", "%s may depend only on features of product %s, not on %s", f.key,
                 f.product_key, g.key);
  if (!rc && !remove && g.id == f.id)
    rc = err_set(x->e, KEEL_ECONFLICT, "depends_on", "%s cannot depend on itself", f.key);
  if (!rc && !remove) {
    struct plan_edge *ed;
    size_t ne;
    int64_t *path;
    rc = store_dep_edges(x->db, x->a, f.product_id, &ed, &ne, x->e);
    size_t len = rc ? 0 : plan_dep_path(x->a, ed, ne, g.id, f.id, &path);
    if (len) {
      buf b;
      buf_init(&b, 0);
      buf_printf(&b, "%s", f.key);
      for (size_t i = 0; i < len; i++) {
        struct feature h;
        if (store_feature_get_id(x->db, x->a, path[i], &h, x->e) == KEEL_OK) buf_printf(&b, " -> %s", h.key);
      }
      rc = err_set(x->e, KEEL_ECONFLICT, "depends_on", "that would make a dependency cycle: %s", buf_cstr(&b));
      buf_free(&b);
    }
  }
  if (!rc) rc = remove ? store_dep_remove(x->db, f.id, g.id, x->e) : store_dep_add(x->db, f.id, g.id, x->now, x->e);
  if (!rc) {
    const char *j = arena_printf(x->a, "{\"depends_on\":\"%s\"}", g.key);
    rc = app_audit(x, remove ? "feature.undepend" : "feature.depend", "feature", f.id, f.key, remove ? j : NULL,
                   remove ? NULL : j);
  }
  return app_finish(x, rc);
}

/* ---- allocation ---- */

int app_allocation_set(struct app *x, const char *product_key, const char *period, const double share[PC_COUNT],
                       const int set[PC_COUNT]) {
  char pd[PERIOD_LEN];
  int rc = app_require(x, CAP_PRODUCT, "set allocation targets");
  if (!rc) rc = app_period(x, period, pd);
  if (!rc) rc = plan_targets_check(share, set, x->e);
  if (rc) return rc;
  rc = app_begin(x);
  if (rc) return rc;
  struct product p;
  double old[PC_COUNT];
  int had[PC_COUNT];
  rc = find_product(x, product_key, &p);
  if (!rc) rc = store_targets_get(x->db, p.id, pd, old, had, x->e);
  if (!rc) rc = store_targets_replace(x->db, p.id, pd, share, set, x->e);
  if (!rc) {
    buf b1, b2;
    buf_init(&b1, 0);
    buf_init(&b2, 0);
    buf_printf(&b1, "{\"period\":%J", pd);
    buf_printf(&b2, "{\"period\":%J", pd);
    for (int c = 1; c < PC_COUNT; c++) {
      if (had[c]) {
        buf_printf(&b1, ",%J:", plan_category_name(c));
        buf_json_num(&b1, old[c]);
      }
      if (set[c]) {
        buf_printf(&b2, ",%J:", plan_category_name(c));
        buf_json_num(&b2, share[c]);
      }
    }
    buf_putc(&b1, '}');
    buf_putc(&b2, '}');
    rc = app_audit(x, "allocation.set", "product", p.id, p.key, arena_strdup(x->a, buf_cstr(&b1)),
                   arena_strdup(x->a, buf_cstr(&b2)));
    buf_free(&b1);
    buf_free(&b2);
  }
  return app_finish(x, rc);
}

static void finish_part(struct allocation_part *pt, const double share[PC_COUNT], const int set[PC_COUNT]) {
  for (int c = 0; c < PC_COUNT; c++) {
    struct allocation_row *r = &pt->rows[c];
    r->has_target = c != PC_NONE && set[c];
    r->target = r->has_target ? share[c] : 0;
    r->actual = pt->planned > 0 ? 100.0 * r->planned / pt->planned : 0;
    r->gap = r->has_target ? r->actual - r->target : 0;
  }
}

int app_allocation_show(struct app *x, const char *product_key, const char *period, struct allocation_view *out) {
  memset(out, 0, sizeof *out);
  char pd[PERIOD_LEN];
  int rc = app_require(x, CAP_READ, "see allocation");
  if (!rc) rc = app_period(x, period, pd);
  if (rc) return rc;
  struct product p;
  double share[PC_COUNT];
  int set[PC_COUNT];
  struct team *ts;
  size_t nt;
  struct plan_row *rows;
  size_t nr;
  rc = find_product(x, product_key, &p);
  if (!rc) rc = store_targets_get(x->db, p.id, pd, share, set, x->e);
  if (!rc) rc = store_team_list(x->db, x->a, p.id, pd, &ts, &nt, x->e);
  if (!rc) rc = store_plan_rows(x->db, x->a, p.id, "rice", &rows, &nr, x->e);
  if (rc) return rc;
  out->product = p.key;
  out->period = arena_strdup(x->a, pd);
  for (int c = 1; c < PC_COUNT; c++) out->has_targets |= set[c];
  out->teams = arena_zalloc(x->a, (nt + 1) * sizeof *out->teams);
  for (size_t k = 0; k < nt; k++) {
    out->teams[k].team_id = ts[k].id;
    out->teams[k].name = ts[k].name;
  }
  out->teams[nt].name = "No team";
  out->total.name = "Total";
  for (size_t i = 0; i < nr; i++) {
    const struct plan_row *w = &rows[i];
    if (w->horizon != HZ_NOW || w->status == FS_SHIPPED || w->status == FS_ARCHIVED || w->size <= 0) continue;
    size_t k = nt;
    for (size_t j = 0; j < nt; j++)
      if (ts[j].id == w->team_id) k = j;
    out->teams[k].planned += w->size;
    out->teams[k].rows[w->category].planned += w->size;
    out->total.planned += w->size;
    out->total.rows[w->category].planned += w->size;
  }
  out->nteams = nt + (out->teams[nt].planned > 0);
  for (size_t k = 0; k < out->nteams; k++) finish_part(&out->teams[k], share, set);
  finish_part(&out->total, share, set);
  return KEEL_OK;
}

static void repr_part(buf *b, const struct allocation_part *pt) {
  buf_puts(b, "{\"team\":");
  if (pt->team_id) buf_printf(b, "{\"id\":%lld,\"name\":%J}", (long long)pt->team_id, pt->name);
  else buf_puts(b, "null");
  buf_puts(b, ",\"planned\":");
  buf_json_num(b, pt->planned);
  buf_puts(b, ",\"categories\":[");
  for (int c = 0; c < PC_COUNT; c++) {
    const struct allocation_row *r = &pt->rows[c];
    buf_printf(b, "%s{\"category\":%J,\"target\":", c ? "," : "", plan_category_name(c));
    if (r->has_target) buf_json_num(b, r->target);
    else buf_puts(b, "null");
    buf_puts(b, ",\"planned\":");
    buf_json_num(b, r->planned);
    buf_puts(b, ",\"actual\":");
    buf_json_num(b, round(r->actual * 100) / 100);
    buf_puts(b, ",\"gap\":");
    if (r->has_target) buf_json_num(b, round(r->gap * 100) / 100);
    else buf_puts(b, "null");
    buf_putc(b, '}');
  }
  buf_puts(b, "]}");
}

void repr_allocation(buf *b, const struct allocation_view *v) {
  buf_printf(b, "{\"product\":%J,\"period\":%J,\"basis\":\"now\",\"total\":", v->product, v->period);
  repr_part(b, &v->total);
  buf_puts(b, ",\"teams\":[");
  for (size_t k = 0; k < v->nteams; k++) {
    if (k) buf_putc(b, ',');
    repr_part(b, &v->teams[k]);
  }
  buf_puts(b, "]}");
}
