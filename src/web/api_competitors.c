/* api_competitors.c — the JSON API of competitors and the capability
 * comparison. */
#include <string.h>

#include "app/competitors.h"
#include "web/api.h"
#include "web/handlers.h"

static int comp_body(struct req *r, int creating, struct competitor_patch *p, json_t **body) {
  memset(p, 0, sizeof *p);
  const struct jfield f[] = {
      {"name", JK_STRING, creating ? JF_REQUIRED : 0, &p->name, NULL},
      {"website", JK_STRING, 0, &p->website, NULL},
      {"strengths", JK_STRING, 0, &p->strengths, NULL},
      {"weaknesses", JK_STRING, 0, &p->weaknesses, NULL},
  };
  return api_read(r, f, 4, body);
}

int api_competitors_list(struct req *r) {
  int rc = api_check_query(r, NULL);
  if (rc) return rc;
  struct competitor *cs;
  size_t n;
  rc = app_competitor_list(&r->x, r->params[0], &cs, &n);
  if (rc) return rc;
  buf_puts(&r->out, "{\"items\":[");
  for (size_t i = 0; i < n; i++) {
    if (i) buf_putc(&r->out, ',');
    repr_competitor(&r->out, &cs[i]);
  }
  buf_puts(&r->out, "]}");
  api_send(r, 200, 0);
  return KEEL_OK;
}

int api_competitors_create(struct req *r) {
  struct competitor_patch p;
  json_t *body;
  int rc = comp_body(r, 1, &p, &body);
  if (rc) return rc;
  struct competitor c;
  rc = app_competitor_create(&r->x, r->params[0], &p, &c);
  json_decref(body);
  if (rc) return rc;
  resp_header(r, "Location", arena_printf(r->a, "/api/v1/competitors/%lld", (long long)c.id));
  repr_competitor(&r->out, &c);
  api_send(r, 201, c.version);
  return KEEL_OK;
}

int api_competitor_get(struct req *r) {
  int64_t id;
  int rc = req_id_param(r, 0, &id);
  if (!rc) rc = api_check_query(r, NULL);
  if (rc) return rc;
  struct competitor c;
  rc = app_competitor_get(&r->x, NULL, r->params[0], &c);
  if (rc) return rc;
  repr_competitor(&r->out, &c);
  api_send(r, 200, c.version);
  return KEEL_OK;
}

int api_competitor_update(struct req *r) {
  int64_t id, version;
  int rc = req_id_param(r, 0, &id);
  if (rc) return rc;
  struct competitor_patch p;
  json_t *body;
  rc = comp_body(r, 0, &p, &body);
  if (rc) return rc;
  struct competitor c;
  rc = req_if_match(r, &version);
  if (!rc) rc = app_competitor_update(&r->x, NULL, r->params[0], &p, version, &c);
  json_decref(body);
  if (rc) return rc;
  repr_competitor(&r->out, &c);
  api_send(r, 200, c.version);
  return KEEL_OK;
}

int api_competitor_delete(struct req *r) {
  int64_t id, version;
  json_t *body;
  int rc = req_id_param(r, 0, &id);
  if (!rc) rc = api_read(r, NULL, 0, &body);
  if (rc) return rc;
  json_decref(body);
  rc = req_if_match(r, &version);
  if (!rc) rc = app_competitor_remove(&r->x, NULL, r->params[0], version);
  if (rc) return rc;
  buf_printf(&r->out, "{\"id\":%lld,\"deleted\":true}", (long long)id);
  api_send(r, 200, 0);
  return KEEL_OK;
}

int api_capabilities_list(struct req *r) {
  int rc = api_check_query(r, NULL);
  if (rc) return rc;
  struct capability_matrix m;
  rc = app_capability_matrix(&r->x, r->params[0], &m);
  if (rc) return rc;
  repr_capability_matrix(&r->out, &m);
  api_send(r, 200, 0);
  return KEEL_OK;
}

int api_capabilities_create(struct req *r) {
  const char *name = NULL, *note = NULL;
  int64_t ours = 0;
  const struct jfield f[] = {{"name", JK_STRING, JF_REQUIRED, &name, NULL}, {"ours", JK_INT, 0, &ours, NULL},
                             {"note", JK_STRING, 0, &note, NULL}};
  json_t *body;
  int rc = api_read(r, f, 3, &body);
  if (rc) return rc;
  struct capability c;
  rc = (ours < LEVEL_MIN || ours > LEVEL_MAX) ? capability_level_check("ours", -1, &r->e)
                                              : app_capability_add(&r->x, r->params[0], name, (int)ours, note, &c);
  json_decref(body);
  if (rc) return rc;
  resp_header(r, "Location", arena_printf(r->a, "/api/v1/capabilities/%lld", (long long)c.id));
  repr_capability(&r->out, &c);
  api_send(r, 201, c.version);
  return KEEL_OK;
}

/* PATCH /api/v1/capabilities/{id}: ours, note (If-Match). */
int api_capability_update(struct req *r) {
  int64_t id, version, ours = 0;
  int has_ours = 0;
  const char *note = NULL;
  int rc = req_id_param(r, 0, &id);
  if (rc) return rc;
  const struct jfield f[] = {{"ours", JK_INT, 0, &ours, &has_ours}, {"note", JK_STRING, 0, &note, NULL}};
  json_t *body;
  rc = api_read(r, f, 2, &body);
  if (rc) return rc;
  struct capability_set s = {.ours = -1, .note = note};
  if (has_ours) {
    if (ours < LEVEL_MIN || ours > LEVEL_MAX) rc = capability_level_check("ours", -1, &r->e);
    else s.ours = (int)ours;
  }
  struct capability c;
  if (!rc) rc = req_if_match(r, &version);
  if (!rc) rc = app_capability_set(&r->x, NULL, r->params[0], &s, version, &c);
  json_decref(body);
  if (rc) return rc;
  repr_capability(&r->out, &c);
  api_send(r, 200, c.version);
  return KEEL_OK;
}

/* PUT /api/v1/capabilities/{id}/competitors/{competitor}: level*, note. */
int api_capability_level(struct req *r) {
  int64_t id, cid, level = -1;
  const char *note = NULL;
  int rc = req_id_param(r, 0, &id);
  if (!rc) rc = req_id_param(r, 1, &cid);
  if (rc) return rc;
  const struct jfield f[] = {{"level", JK_INT, JF_REQUIRED, &level, NULL}, {"note", JK_STRING, 0, &note, NULL}};
  json_t *body;
  rc = api_read(r, f, 2, &body);
  if (rc) return rc;
  struct capability_set s = {.ours = -1, .competitor = r->params[1], .level = (level < LEVEL_MIN || level > LEVEL_MAX) ? -1 : (int)level,
                             .note = note};
  struct capability c;
  rc = app_capability_set(&r->x, NULL, r->params[0], &s, 0, &c);
  json_decref(body);
  if (rc) return rc;
  buf_printf(&r->out, "{\"capability\":%lld,\"competitor\":%lld,\"level\":%d,\"label\":%J}", (long long)id, (long long)cid,
             s.level, capability_level_label(s.level));
  api_send(r, 200, 0);
  return KEEL_OK;
}
