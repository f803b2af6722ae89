/* api_plan.c — /api/v1/teams, team capacity, feature dependencies,
 * /api/v1/products/{key}/allocation and /api/v1/plan. */
#include <string.h>

#include "app/plan.h"
#include "web/api.h"
#include "web/handlers.h"

static void send_team(struct req *r, int status, const struct team *t) {
  repr_team(&r->out, t);
  api_send(r, status, t->version);
}

int api_teams_list(struct req *r) {
  static const char *const allowed[] = {"product", "period", NULL};
  int rc = api_check_query(r, allowed);
  if (rc) return rc;
  struct team *ts;
  size_t n;
  const char *pd;
  rc = app_team_list(&r->x, req_query(r, "product"), req_query(r, "period"), &ts, &n, &pd);
  if (rc) return rc;
  buf_printf(&r->out, "{\"period\":%J,\"items\":[", pd);
  for (size_t i = 0; i < n; i++) {
    if (i) buf_putc(&r->out, ',');
    repr_team(&r->out, &ts[i]);
  }
  buf_puts(&r->out, "]}");
  api_send(r, 200, 0);
  return KEEL_OK;
}

int api_teams_create(struct req *r) {
  const char *product = NULL, *name = NULL;
  int64_t wip = -1;
  const struct jfield f[] = {
      {"product", JK_STRING, JF_REQUIRED, &product, NULL},
      {"name", JK_STRING, JF_REQUIRED, &name, NULL},
      {"wip_limit", JK_INT, 0, &wip, NULL},
  };
  json_t *body;
  int rc = api_read(r, f, 3, &body);
  if (rc) return rc;
  if (wip < -1) wip = -2; /* refused by the check, naming wip_limit */
  struct team t;
  rc = app_team_create(&r->x, product, name, wip, &t);
  json_decref(body);
  if (rc) return rc;
  resp_header(r, "Location", arena_printf(r->a, "/api/v1/teams/%lld", (long long)t.id));
  send_team(r, 201, &t);
  return KEEL_OK;
}

/* The team in the path must be an id. */
static int team_ref(struct req *r, const char **ref) {
  int64_t id;
  int rc = req_id_param(r, 0, &id);
  if (rc) return err_set(&r->e, KEEL_ENOTFOUND, "team", "there is no team %s", r->params[0]);
  *ref = arena_printf(r->a, "%lld", (long long)id);
  return KEEL_OK;
}

int api_teams_get(struct req *r) {
  static const char *const allowed[] = {"period", NULL};
  const char *ref = NULL;
  int rc = api_check_query(r, allowed);
  if (!rc) rc = team_ref(r, &ref);
  struct team t;
  if (!rc) rc = app_team_get(&r->x, NULL, ref, req_query(r, "period"), &t);
  if (rc) return rc;
  send_team(r, 200, &t);
  return KEEL_OK;
}

int api_teams_update(struct req *r) {
  struct team_patch p = {0};
  int has_wip = 0;
  const struct jfield f[] = {
      {"name", JK_STRING, 0, &p.name, NULL},
      {"wip_limit", JK_INT, 0, &p.wip_limit, &has_wip},
  };
  const char *ref = NULL;
  int rc = team_ref(r, &ref);
  if (rc) return rc;
  json_t *body;
  rc = api_read(r, f, 2, &body);
  if (rc) return rc;
  p.has_wip = has_wip;
  if (p.wip_limit < -1) p.wip_limit = -2;
  int64_t version;
  struct team t;
  rc = req_if_match(r, &version);
  if (!rc) rc = app_team_update(&r->x, NULL, ref, &p, version, &t);
  json_decref(body);
  if (rc) return rc;
  send_team(r, 200, &t);
  return KEEL_OK;
}

int api_teams_delete(struct req *r) {
  const char *ref = NULL;
  int64_t version;
  int rc = api_check_query(r, NULL);
  if (!rc) rc = team_ref(r, &ref);
  if (!rc) rc = req_if_match(r, &version);
  if (!rc) rc = app_team_remove(&r->x, NULL, ref, version);
  if (rc) return rc;
  buf_puts(&r->out, "{\"removed\":true}");
  api_send(r, 200, 0);
  return KEEL_OK;
}

int api_teams_capacity(struct req *r) {
  double cap = 0;
  const struct jfield f[] = {{"capacity", JK_NUMBER, JF_REQUIRED, &cap, NULL}};
  const char *ref = NULL;
  int rc = team_ref(r, &ref);
  if (rc) return rc;
  json_t *body;
  rc = api_read(r, f, 1, &body);
  if (rc) return rc;
  struct team t;
  const char *period = r->params[1];
  if (!*period) rc = err_set(&r->e, KEEL_EINVAL, "period", "give the period, like 2026-Q4");
  if (!rc) rc = app_team_capacity_set(&r->x, NULL, ref, period, cap, &t);
  json_decref(body);
  if (rc) return rc;
  send_team(r, 200, &t);
  return KEEL_OK;
}

static int send_planning(struct req *r, int status) {
  struct feature_planning fp;
  int rc = app_feature_planning(&r->x, r->params[0], &fp);
  if (rc) return rc;
  repr_feature_planning(&r->out, &fp);
  api_send(r, status, 0);
  return KEEL_OK;
}

int api_feature_deps_get(struct req *r) {
  int rc = api_check_query(r, NULL);
  return rc ? rc : send_planning(r, 200);
}

/* POST adds, DELETE removes; the other feature is "on" in the body (or, for
 * DELETE, the query). */
static int change_dep(struct req *r, int remove) {
  const char *on = NULL;
  json_t *body = NULL;
  int rc;
  if (remove && req_query(r, "on")) {
    static const char *const allowed[] = {"on", NULL};
    rc = api_check_query(r, allowed);
    on = req_query(r, "on");
  } else {
    const struct jfield f[] = {{"on", JK_STRING, JF_REQUIRED, &on, NULL}};
    rc = api_check_query(r, NULL);
    if (!rc) rc = api_read(r, f, 1, &body);
  }
  if (!rc) rc = app_feature_depend(&r->x, r->params[0], on, remove);
  json_decref(body);
  return rc ? rc : send_planning(r, remove ? 200 : 201);
}

int api_feature_deps_add(struct req *r) { return change_dep(r, 0); }
int api_feature_deps_remove(struct req *r) { return change_dep(r, 1); }

int api_allocation_get(struct req *r) {
  static const char *const allowed[] = {"period", NULL};
  int rc = api_check_query(r, allowed);
  struct allocation_view v;
  if (!rc) rc = app_allocation_show(&r->x, r->params[0], req_query(r, "period"), &v);
  if (rc) return rc;
  repr_allocation(&r->out, &v);
  api_send(r, 200, 0);
  return KEEL_OK;
}

int api_allocation_put(struct req *r) {
  static const char *const allowed[] = {"period", NULL};
  double share[PC_COUNT] = {0};
  int set[PC_COUNT] = {0};
  struct jfield f[PC_COUNT - 1];
  for (int c = 1; c < PC_COUNT; c++) f[c - 1] = (struct jfield){plan_category_name(c), JK_NUMBER, 0, &share[c], &set[c]};
  int rc = api_check_query(r, allowed);
  if (rc) return rc;
  json_t *body;
  rc = api_read(r, f, PC_COUNT - 1, &body);
  if (rc) return rc;
  rc = app_allocation_set(&r->x, r->params[0], req_query(r, "period"), share, set);
  json_decref(body);
  return rc ? rc : api_allocation_get(r);
}

int api_plan(struct req *r) {
  static const char *const allowed[] = {"product", "period", NULL};
  int rc = api_check_query(r, allowed);
  struct plan_view v;
  if (!rc) rc = app_plan(&r->x, req_query(r, "product"), req_query(r, "period"), &v);
  if (rc) return rc;
  repr_plan(&r->out, &v);
  api_send(r, 200, 0);
  return KEEL_OK;
}
