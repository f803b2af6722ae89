/* api_features.c — /api/v1/features */
#include <string.h>

#include "app/plan.h"
#include "web/api.h"
#include "web/api_focus.h"
#include "web/handlers.h"

/* Reads the fields shared by create and update into a patch. */
static int feature_body(struct req *r, int creating, const char **product, struct feature_patch *p, json_t **body,
                        struct tradeoff_in *t) {
  memset(p, 0, sizeof *p);
  struct feature_plan_patch *pl = arena_zalloc(r->a, sizeof *pl);
  int has_team = 0;
  const char *status = NULL, *horizon = NULL;
  json_t *rice = NULL, *ice = NULL;
  int has_rice = 0, has_ice = 0;
  const char *displace_to = NULL, *reason = NULL; /* focus: a trade-off named with a move into Now */
  json_t *displace = NULL;
  const struct jfield f[] = {
      {"displace", JK_ARRAY, 0, &displace, NULL},
      {"displace_to", JK_STRING, 0, &displace_to, NULL},
      {"reason", JK_STRING, 0, &reason, NULL},
      {"title", JK_STRING, creating ? JF_REQUIRED : 0, &p->title, NULL},
      {"description", JK_STRING, 0, &p->description, NULL},
      {"status", JK_STRING, 0, &status, NULL},
      {"horizon", JK_STRING, 0, &horizon, NULL},
      {"rice", JK_OBJECT, JF_NULLABLE, &rice, &has_rice},
      {"ice", JK_OBJECT, JF_NULLABLE, &ice, &has_ice},
      /* planning (app/plan.h): team (name or id; null or "": none), size (person-months; 0: none), category */
      {"team", JK_STRING, JF_NULLABLE, &pl->team, &has_team},
      {"size", JK_NUMBER, 0, &pl->size, &pl->has_size},
      {"category", JK_STRING, 0, &pl->category, NULL},
      {"product", JK_STRING, JF_REQUIRED, product, NULL},
  };
  size_t nf = sizeof f / sizeof f[0];
  int rc = api_read(r, f, creating ? nf : nf - 1, body); /* "product" last: only when creating */
  if (rc) return rc;
  if (has_team && !pl->team) pl->team = "";
  if (has_team || pl->has_size || pl->category) p->plan = pl;
  rc = api_tradeoff_in(r, displace, displace_to, reason, t);
  p->tradeoff = t;
  if (!rc && status && feature_status_parse(status, &p->status))
    rc = err_set(&r->e, KEEL_EINVAL, "status", "status must be candidate, planned, in_progress, shipped or archived");
  p->has_status = status != NULL;
  if (!rc && horizon && horizon_parse(horizon, &p->horizon))
    rc = err_set(&r->e, KEEL_EINVAL, "horizon", "horizon must be now, next, later or unplanned");
  p->has_horizon = horizon != NULL;
  if (!rc) rc = api_rice(r, rice, has_rice, &p->rice);
  if (!rc) rc = api_ice(r, ice, has_ice, &p->ice);
  if (rc) {
    json_decref(*body);
    *body = NULL;
  }
  return rc;
}

static void send_feature(struct req *r, int status, const struct feature *f) {
  repr_feature(&r->out, f, REPR_FULL);
  api_send(r, status, f->version);
}

int api_features_list(struct req *r) {
  static const char *const allowed[] = {"product", "status", "horizon", "q", "sort", "after", "limit", "include", NULL};
  int with_description;
  int rc = api_check_query(r, allowed);
  if (!rc) rc = api_include(r, &with_description);
  if (rc) return rc;
  struct feature_list_in in = {
      .with_description = with_description,
      .product = req_query(r, "product"),
      .status = req_query(r, "status"),
      .horizon = req_query(r, "horizon"),
      .text = req_query(r, "q"),
      .sort = req_query(r, "sort"),
      .after = req_query(r, "after"),
      .limit = req_query(r, "limit"),
  };
  struct feature_page pg;
  rc = app_feature_list(&r->x, &in, &pg);
  if (rc) return rc;
  buf_reserve(&r->out, pg.n * 700 + 64);
  buf_puts(&r->out, "{\"items\":[");
  for (size_t i = 0; i < pg.n; i++) {
    if (i) buf_putc(&r->out, ',');
    repr_feature(&r->out, &pg.items[i], REPR_FULL);
  }
  buf_printf(&r->out, "],\"next\":%J}", pg.next);
  api_send(r, 200, 0);
  return KEEL_OK;
}

int api_features_create(struct req *r) {
  const char *product = NULL;
  struct feature_patch p;
  struct tradeoff_in t;
  struct now_state refusal = {0};
  json_t *body;
  int rc = feature_body(r, 1, &product, &p, &body, &t);
  if (rc) return rc;
  t.refusal = &refusal;
  struct feature f;
  rc = app_feature_create(&r->x, product, &p, &f);
  json_decref(body);
  if (rc) return api_tradeoff_refused(r, rc, &t);
  resp_header(r, "Location", arena_printf(r->a, "/api/v1/features/%s", f.key));
  send_feature(r, 201, &f);
  return KEEL_OK;
}

int api_features_get(struct req *r) {
  int rc = api_check_query(r, NULL);
  if (rc) return rc;
  struct feature f;
  rc = app_feature_get(&r->x, r->params[0], &f);
  if (rc) return rc;
  send_feature(r, 200, &f);
  return KEEL_OK;
}

int api_features_update(struct req *r) {
  struct feature_patch p;
  struct tradeoff_in t;
  struct now_state refusal = {0};
  json_t *body;
  int rc = feature_body(r, 0, NULL, &p, &body, &t);
  if (rc) return rc;
  t.refusal = &refusal;
  int64_t version;
  struct feature f;
  rc = req_if_match(r, &version);
  if (!rc) rc = app_feature_update(&r->x, r->params[0], &p, version, &f);
  json_decref(body);
  if (rc) return api_tradeoff_refused(r, rc, &t);
  send_feature(r, 200, &f);
  return KEEL_OK;
}

int api_features_move(struct req *r) {
  const char *horizon = NULL, *position = NULL;
  const char *displace_to = NULL, *reason = NULL; /* focus: a trade-off named with a move into Now */
  json_t *displace = NULL;
  struct feature_move m = {0};
  const struct jfield f[] = {
      {"horizon", JK_STRING, 0, &horizon, NULL},
      {"before", JK_STRING, 0, &m.before, NULL},
      {"after", JK_STRING, 0, &m.after, NULL},
      {"position", JK_STRING, 0, &position, NULL},
      {"displace", JK_ARRAY, 0, &displace, NULL},
      {"displace_to", JK_STRING, 0, &displace_to, NULL},
      {"reason", JK_STRING, 0, &reason, NULL},
  };
  json_t *body;
  int rc = api_read(r, f, 7, &body);
  if (rc) return rc;
  struct tradeoff_in t;
  struct now_state refusal = {0};
  rc = api_tradeoff_in(r, displace, displace_to, reason, &t);
  t.refusal = &refusal;
  m.tradeoff = &t;
  if (!rc && horizon) {
    if (horizon_parse(horizon, &m.horizon)) rc = err_set(&r->e, KEEL_EINVAL, "horizon", "horizon must be now, next, later or unplanned");
    m.has_horizon = 1;
  }
  if (!rc && position) {
    if (strcmp(position, "top") == 0) m.to_top = 1;
    else if (strcmp(position, "bottom") == 0) m.to_bottom = 1;
    else rc = err_set(&r->e, KEEL_EINVAL, "position", "position must be top or bottom");
  }
  int64_t version;
  struct feature out;
  if (!rc) rc = req_if_match(r, &version);
  if (!rc) rc = app_feature_move(&r->x, r->params[0], &m, version, &out);
  json_decref(body);
  if (rc) return api_tradeoff_refused(r, rc, &t);
  send_feature(r, 200, &out);
  return KEEL_OK;
}

int api_features_ideas(struct req *r) {
  static const char *const allowed[] = {"status", "sort", "after", "limit", "include", NULL};
  int with_description;
  int rc = api_check_query(r, allowed);
  if (!rc) rc = api_include(r, &with_description);
  if (rc) return rc;
  struct feature f;
  rc = app_feature_get(&r->x, r->params[0], &f);
  if (rc) return rc;
  struct idea_list_in in = {
      .with_description = with_description,
      .feature = f.key,
      .status = req_query(r, "status"),
      .sort = req_query(r, "sort"),
      .after = req_query(r, "after"),
      .limit = req_query(r, "limit"),
  };
  struct idea_page pg;
  rc = app_idea_list(&r->x, &in, &pg);
  if (rc) return rc;
  buf_puts(&r->out, "{\"items\":[");
  for (size_t i = 0; i < pg.n; i++) {
    if (i) buf_putc(&r->out, ',');
    repr_idea(&r->out, &pg.items[i], REPR_FULL);
  }
  buf_printf(&r->out, "],\"next\":%J}", pg.next);
  api_send(r, 200, 0);
  return KEEL_OK;
}
