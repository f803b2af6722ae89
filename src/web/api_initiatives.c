/* api_initiatives.c — the JSON API of initiatives (themes): the objectives
 * they serve and the features that belong to them. */
#include <string.h>

#include "app/strategy.h"
#include "web/api.h"
#include "web/handlers.h"

/* ---- initiatives ---- */

static int initiative_body(struct req *r, int creating, struct initiative_patch *p, json_t **body) {
  memset(p, 0, sizeof *p);
  const struct jfield f[] = {{"name", JK_STRING, creating ? JF_REQUIRED : 0, &p->name, NULL},
                             {"description", JK_STRING, 0, &p->description, NULL}};
  return api_read(r, f, 2, body);
}

int api_initiatives_list(struct req *r) {
  int rc = api_check_query(r, NULL);
  if (rc) return rc;
  struct initiative *is;
  size_t n;
  rc = app_initiative_list(&r->x, r->params[0], &is, &n);
  if (rc) return rc;
  buf_puts(&r->out, "{\"items\":[");
  for (size_t i = 0; i < n; i++) {
    if (i) buf_putc(&r->out, ',');
    repr_initiative(&r->out, &is[i]);
  }
  buf_puts(&r->out, "]}");
  api_send(r, 200, 0);
  return KEEL_OK;
}

int api_initiatives_create(struct req *r) {
  struct initiative_patch p;
  json_t *body;
  int rc = initiative_body(r, 1, &p, &body);
  if (rc) return rc;
  struct initiative out;
  rc = app_initiative_create(&r->x, r->params[0], &p, &out);
  json_decref(body);
  if (rc) return rc;
  resp_header(r, "Location", arena_printf(r->a, "/api/v1/initiatives/%lld", (long long)out.id));
  repr_initiative(&r->out, &out);
  api_send(r, 201, out.version);
  return KEEL_OK;
}

int api_initiative_get(struct req *r) {
  int64_t id;
  int rc = req_id_param(r, 0, &id);
  if (!rc) rc = api_check_query(r, NULL);
  if (rc) return rc;
  struct initiative_view v;
  rc = app_initiative_get(&r->x, NULL, r->params[0], &v);
  if (rc) return rc;
  repr_initiative_view(&r->out, &v);
  api_send(r, 200, v.i.version);
  return KEEL_OK;
}

int api_initiative_update(struct req *r) {
  int64_t id, version;
  int rc = req_id_param(r, 0, &id);
  if (rc) return rc;
  struct initiative_patch p;
  json_t *body;
  rc = initiative_body(r, 0, &p, &body);
  if (rc) return rc;
  struct initiative out;
  rc = req_if_match(r, &version);
  if (!rc) rc = app_initiative_update(&r->x, NULL, r->params[0], &p, version, &out);
  json_decref(body);
  if (rc) return rc;
  repr_initiative(&r->out, &out);
  api_send(r, 200, out.version);
  return KEEL_OK;
}

int api_initiative_link(struct req *r) {
  int64_t id, objective = 0;
  int linked = 1;
  int rc = req_id_param(r, 0, &id);
  if (rc) return rc;
  const struct jfield f[] = {{"objective", JK_INT, JF_REQUIRED, &objective, NULL}, {"linked", JK_BOOL, 0, &linked, NULL}};
  json_t *body;
  rc = api_read(r, f, 2, &body);
  if (rc) return rc;
  struct initiative_view v;
  rc = app_initiative_link(&r->x, r->params[0], objective, linked, &v);
  json_decref(body);
  if (rc) return rc;
  repr_initiative_view(&r->out, &v);
  api_send(r, 200, v.i.version);
  return KEEL_OK;
}

static void send_feature_initiative(struct req *r, const struct initiative_view *v) {
  buf_printf(&r->out, "{\"feature\":%J,\"initiative\":", r->params[0]);
  if (v->i.id) repr_initiative_view(&r->out, v);
  else buf_puts(&r->out, "null");
  buf_putc(&r->out, '}');
  api_send(r, 200, 0);
}

int api_feature_initiative_get(struct req *r) {
  int rc = api_check_query(r, NULL);
  if (rc) return rc;
  struct initiative_view v;
  rc = app_feature_strategy(&r->x, r->params[0], &v);
  if (rc) return rc;
  send_feature_initiative(r, &v);
  return KEEL_OK;
}

int api_feature_initiative_put(struct req *r) {
  const char *ref = NULL;
  int present = 0;
  const struct jfield f[] = {{"initiative", JK_STRING, JF_REQUIRED | JF_NULLABLE, &ref, &present}};
  json_t *body;
  int rc = api_read(r, f, 1, &body);
  if (rc) return rc;
  struct initiative ini;
  rc = app_feature_initiative(&r->x, r->params[0], ref, &ini);
  json_decref(body);
  struct initiative_view v;
  if (!rc) rc = app_feature_strategy(&r->x, r->params[0], &v);
  if (rc) return rc;
  send_feature_initiative(r, &v);
  return KEEL_OK;
}
