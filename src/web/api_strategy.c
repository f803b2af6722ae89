/* api_strategy.c — the JSON API of a product's strategy: vision (revisions and
 * comparison), personas and the personas a feature serves, objectives, key
 * results and check-ins. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "app/strategy.h"
#include "web/api.h"
#include "web/handlers.h"

enum { FEATURE_PERSONA_REFS_MAX = 64, ID_TEXT_MAX = 24 };

/* Reads query parameter name as a positive integer into *out (0 when absent). */
static int query_int(struct req *r, const char *name, int64_t *out) {
  const char *s = req_query(r, name);
  *out = 0;
  if (!s) return KEEL_OK;
  char *end;
  errno = 0;
  long long v = strtoll(s, &end, 10);
  if (!*s || *end || errno || v < 1) return err_set(&r->e, KEEL_EINVAL, name, "%s must be a whole number, 1 or more", name);
  *out = v;
  return KEEL_OK;
}

/* ---- vision ---- */

int api_vision_get(struct req *r) {
  static const char *const allowed[] = {"revision", NULL};
  int64_t n;
  int rc = api_check_query(r, allowed);
  if (!rc) rc = query_int(r, "revision", &n);
  if (rc) return rc;
  struct vision v;
  rc = app_vision_get(&r->x, r->params[0], n, &v);
  if (rc) return rc;
  repr_vision(&r->out, r->params[0], &v);
  api_send(r, 200, v.revision);
  return KEEL_OK;
}

int api_vision_put(struct req *r) {
  struct vision_patch p;
  memset(&p, 0, sizeof p);
  int64_t base = 0;
  int base_present = 0;
  struct jfield f[VISION_NFIELDS + 2];
  for (int i = 0; i < VISION_NFIELDS; i++)
    f[i] = (struct jfield){vision_field_names[i], JK_STRING, 0, &p.fields[i], NULL};
  f[VISION_NFIELDS] = (struct jfield){"reason", JK_STRING, 0, &p.reason, NULL};
  f[VISION_NFIELDS + 1] = (struct jfield){"base_revision", JK_INT, 0, &base, &base_present};
  json_t *body;
  int rc = api_read(r, f, VISION_NFIELDS + 2, &body);
  if (rc) return rc;
  if (base_present) {
    if (base < 0) rc = err_set(&r->e, KEEL_EINVAL, "base_revision", "base_revision must be 0 or more");
  } else {
    int64_t v;
    rc = req_if_match(r, &v);
    if (rc == KEEL_ENEEDVERSION)
      rc = err_set(&r->e, KEEL_ENEEDVERSION, "base_revision",
                   "say which revision your edit is based on: base_revision (0 for the first) or If-Match");
    base = v ? v : VISION_ANY_BASE;
  }
  struct vision out;
  if (!rc) rc = app_vision_save(&r->x, r->params[0], &p, base, &out);
  json_decref(body);
  if (rc) return rc;
  repr_vision(&r->out, r->params[0], &out);
  api_send(r, 200, out.revision);
  return KEEL_OK;
}

int api_vision_revisions(struct req *r) {
  int rc = api_check_query(r, NULL);
  if (rc) return rc;
  struct vision *vs;
  size_t n;
  rc = app_vision_history(&r->x, r->params[0], &vs, &n);
  if (rc) return rc;
  buf_puts(&r->out, "{\"items\":[");
  for (size_t i = 0; i < n; i++) {
    if (i) buf_putc(&r->out, ',');
    repr_vision(&r->out, r->params[0], &vs[i]);
  }
  buf_puts(&r->out, "]}");
  api_send(r, 200, 0);
  return KEEL_OK;
}

int api_vision_compare(struct req *r) {
  static const char *const allowed[] = {"from", "to", NULL};
  int64_t from, to;
  int rc = api_check_query(r, allowed);
  if (!rc) rc = query_int(r, "from", &from);
  if (!rc) rc = query_int(r, "to", &to);
  if (rc) return rc;
  struct vision a, b;
  rc = app_vision_compare(&r->x, r->params[0], from, to, &a, &b);
  if (rc) return rc;
  repr_vision_compare(&r->out, &a, &b);
  api_send(r, 200, 0);
  return KEEL_OK;
}

/* ---- personas ---- */

static int persona_body(struct req *r, int creating, struct persona_patch *p, json_t **body) {
  memset(p, 0, sizeof *p);
  struct jfield f[PERSONA_NFIELDS + 1];
  f[0] = (struct jfield){"name", JK_STRING, creating ? JF_REQUIRED : 0, &p->name, NULL};
  for (int i = 0; i < PERSONA_NFIELDS; i++)
    f[i + 1] = (struct jfield){persona_field_names[i], JK_STRING, 0, &p->fields[i], NULL};
  return api_read(r, f, PERSONA_NFIELDS + 1, body);
}

int api_personas_list(struct req *r) {
  int rc = api_check_query(r, NULL);
  if (rc) return rc;
  struct persona *ps;
  size_t n;
  rc = app_persona_list(&r->x, r->params[0], &ps, &n);
  if (rc) return rc;
  buf_puts(&r->out, "{\"items\":[");
  for (size_t i = 0; i < n; i++) {
    if (i) buf_putc(&r->out, ',');
    repr_persona(&r->out, &ps[i]);
  }
  buf_puts(&r->out, "]}");
  api_send(r, 200, 0);
  return KEEL_OK;
}

int api_personas_create(struct req *r) {
  struct persona_patch p;
  json_t *body;
  int rc = persona_body(r, 1, &p, &body);
  if (rc) return rc;
  struct persona out;
  rc = app_persona_create(&r->x, r->params[0], &p, &out);
  json_decref(body);
  if (rc) return rc;
  resp_header(r, "Location", arena_printf(r->a, "/api/v1/personas/%lld", (long long)out.id));
  repr_persona(&r->out, &out);
  api_send(r, 201, out.version);
  return KEEL_OK;
}

int api_persona_get(struct req *r) {
  int64_t id;
  int rc = req_id_param(r, 0, &id);
  if (!rc) rc = api_check_query(r, NULL);
  if (rc) return rc;
  struct persona p;
  rc = app_persona_get(&r->x, NULL, r->params[0], &p);
  struct feature_ref *fs;
  size_t n;
  if (!rc) rc = app_persona_features(&r->x, p.id, &fs, &n);
  if (rc) return rc;
  repr_persona(&r->out, &p);
  r->out.len--;
  buf_puts(&r->out, ",\"serving\":[");
  for (size_t i = 0; i < n; i++)
    buf_printf(&r->out, "%s{\"key\":%J,\"title\":%J}", i ? "," : "", fs[i].key, fs[i].title);
  buf_puts(&r->out, "]}");
  api_send(r, 200, p.version);
  return KEEL_OK;
}

int api_persona_update(struct req *r) {
  int64_t id, version;
  int rc = req_id_param(r, 0, &id);
  if (rc) return rc;
  struct persona_patch p;
  json_t *body;
  rc = persona_body(r, 0, &p, &body);
  if (rc) return rc;
  struct persona out;
  rc = req_if_match(r, &version);
  if (!rc) rc = app_persona_update(&r->x, NULL, r->params[0], &p, version, &out);
  json_decref(body);
  if (rc) return rc;
  repr_persona(&r->out, &out);
  api_send(r, 200, out.version);
  return KEEL_OK;
}

int api_persona_delete(struct req *r) {
  int64_t id, version;
  json_t *body;
  int rc = req_id_param(r, 0, &id);
  if (!rc) rc = api_read(r, NULL, 0, &body);
  if (rc) return rc;
  json_decref(body);
  rc = req_if_match(r, &version);
  if (!rc) rc = app_persona_remove(&r->x, NULL, r->params[0], version);
  if (rc) return rc;
  buf_printf(&r->out, "{\"id\":%lld,\"deleted\":true}", (long long)id);
  api_send(r, 200, 0);
  return KEEL_OK;
}

static void send_personas(struct req *r, const struct persona *ps, size_t n) {
  buf_printf(&r->out, "{\"feature\":%J,\"personas\":[", r->params[0]);
  for (size_t i = 0; i < n; i++) {
    if (i) buf_putc(&r->out, ',');
    repr_persona(&r->out, &ps[i]);
  }
  buf_puts(&r->out, "]}");
  api_send(r, 200, 0);
}

int api_feature_personas_get(struct req *r) {
  int rc = api_check_query(r, NULL);
  if (rc) return rc;
  struct persona *ps;
  size_t n;
  rc = app_feature_personas_get(&r->x, r->params[0], &ps, &n);
  if (rc) return rc;
  send_personas(r, ps, n);
  return KEEL_OK;
}

int api_feature_personas_put(struct req *r) {
  json_t *list = NULL, *body;
  const struct jfield f[] = {{"personas", JK_ARRAY, JF_REQUIRED, &list, NULL}};
  int rc = api_read(r, f, 1, &body);
  if (rc) return rc;
  size_t n = list ? json_array_size(list) : 0;
  const char *refs[FEATURE_PERSONA_REFS_MAX];
  if (!list) rc = err_set(&r->e, KEEL_EINVAL, "personas", "personas must be a list of persona ids or names");
  else if (n > FEATURE_PERSONA_REFS_MAX)
    rc = err_set(&r->e, KEEL_EINVAL, "personas", "at most %d personas", FEATURE_PERSONA_REFS_MAX);
  for (size_t i = 0; !rc && i < n; i++) {
    json_t *v = json_array_get(list, i);
    if (json_is_string(v)) refs[i] = arena_strdup(r->a, json_string_value(v));
    else if (json_is_integer(v) && json_integer_value(v) > 0)
      refs[i] = arena_printf(r->a, "%lld", (long long)json_integer_value(v));
    else rc = err_set(&r->e, KEEL_EINVAL, "personas", "personas[%zu] must be a persona id or name", i);
  }
  struct persona *ps;
  size_t np;
  if (!rc) rc = app_feature_personas(&r->x, r->params[0], PERSONAS_SET, refs, n, &ps, &np);
  json_decref(body);
  if (rc) return rc;
  send_personas(r, ps, np);
  return KEEL_OK;
}

/* ---- objectives and key results ---- */

static int objective_body(struct req *r, int creating, const char **product, struct objective_patch *p, json_t **body) {
  memset(p, 0, sizeof *p);
  const struct jfield f[] = {
      {"product", JK_STRING, JF_REQUIRED, product, NULL},
      {"period", JK_STRING, creating ? JF_REQUIRED : 0, &p->period, NULL},
      {"title", JK_STRING, creating ? JF_REQUIRED : 0, &p->title, NULL},
      {"description", JK_STRING, 0, &p->description, NULL},
      {"status", JK_STRING, 0, &p->status, NULL},
      {"owner", JK_STRING, JF_NULLABLE, &p->owner, NULL},
  };
  return creating ? api_read(r, f, 6, body) : api_read(r, f + 1, 5, body);
}

int api_objectives_list(struct req *r) {
  static const char *const allowed[] = {"product", "period", NULL};
  int rc = api_check_query(r, allowed);
  if (rc) return rc;
  struct objective_view *vs;
  size_t n;
  rc = app_objective_list(&r->x, req_query(r, "product"), req_query(r, "period"), &vs, &n);
  if (rc) return rc;
  buf_puts(&r->out, "{\"items\":[");
  for (size_t i = 0; i < n; i++) {
    if (i) buf_putc(&r->out, ',');
    repr_objective(&r->out, &vs[i]);
  }
  buf_puts(&r->out, "]}");
  api_send(r, 200, 0);
  return KEEL_OK;
}

int api_objectives_create(struct req *r) {
  const char *product = NULL;
  struct objective_patch p;
  json_t *body;
  int rc = objective_body(r, 1, &product, &p, &body);
  if (rc) return rc;
  struct objective_view v;
  rc = app_objective_create(&r->x, product, &p, &v);
  json_decref(body);
  if (rc) return rc;
  resp_header(r, "Location", arena_printf(r->a, "/api/v1/objectives/%lld", (long long)v.o.id));
  repr_objective(&r->out, &v);
  api_send(r, 201, v.o.version);
  return KEEL_OK;
}

int api_objective_get(struct req *r) {
  int64_t id;
  int rc = req_id_param(r, 0, &id);
  if (!rc) rc = api_check_query(r, NULL);
  if (rc) return rc;
  struct objective_view v;
  struct initiative *ini;
  struct feature_ref *fs;
  size_t ni, nf;
  rc = app_objective_get(&r->x, id, &v);
  if (!rc) rc = app_objective_serving(&r->x, id, &ini, &ni, &fs, &nf);
  if (rc) return rc;
  repr_objective(&r->out, &v);
  r->out.len--;
  buf_puts(&r->out, ",\"initiatives\":[");
  for (size_t i = 0; i < ni; i++) buf_printf(&r->out, "%s{\"id\":%lld,\"name\":%J}", i ? "," : "", (long long)ini[i].id, ini[i].name);
  buf_puts(&r->out, "],\"features\":[");
  for (size_t i = 0; i < nf; i++) buf_printf(&r->out, "%s{\"key\":%J,\"title\":%J}", i ? "," : "", fs[i].key, fs[i].title);
  buf_puts(&r->out, "]}");
  api_send(r, 200, v.o.version);
  return KEEL_OK;
}

int api_objective_update(struct req *r) {
  int64_t id, version;
  int rc = req_id_param(r, 0, &id);
  if (rc) return rc;
  struct objective_patch p;
  json_t *body;
  rc = objective_body(r, 0, NULL, &p, &body);
  if (rc) return rc;
  if (p.owner == NULL && body && json_object_get(body, "owner")) p.owner = "";
  struct objective_view v;
  rc = req_if_match(r, &version);
  if (!rc) rc = app_objective_update(&r->x, id, &p, version, &v);
  json_decref(body);
  if (rc) return rc;
  repr_objective(&r->out, &v);
  api_send(r, 200, v.o.version);
  return KEEL_OK;
}

static int kr_body(struct req *r, struct kr_patch *p, json_t **body) {
  memset(p, 0, sizeof *p);
  const struct jfield f[] = {
      {"title", JK_STRING, 0, &p->title, NULL},       {"metric", JK_STRING, 0, &p->metric, NULL},
      {"unit", JK_STRING, 0, &p->unit, NULL},         {"baseline", JK_NUMBER, 0, &p->baseline, &p->has_baseline},
      {"target", JK_NUMBER, 0, &p->target, &p->has_target},
  };
  return api_read(r, f, 5, body);
}

int api_objective_krs(struct req *r) {
  int64_t id;
  int rc = req_id_param(r, 0, &id);
  if (!rc) rc = api_check_query(r, NULL);
  if (rc) return rc;
  struct objective_view v;
  rc = app_objective_get(&r->x, id, &v);
  if (rc) return rc;
  buf_puts(&r->out, "{\"items\":[");
  for (size_t i = 0; i < v.nkr; i++) {
    if (i) buf_putc(&r->out, ',');
    repr_key_result(&r->out, &v.krs[i]);
  }
  buf_printf(&r->out, "],\"progress\":%N}", v.progress);
  api_send(r, 200, 0);
  return KEEL_OK;
}

int api_objective_krs_create(struct req *r) {
  int64_t id;
  int rc = req_id_param(r, 0, &id);
  if (rc) return rc;
  struct kr_patch p;
  json_t *body;
  rc = kr_body(r, &p, &body);
  if (rc) return rc;
  if (!p.title) rc = err_set(&r->e, KEEL_EINVAL, "title", "title is required");
  struct key_result k;
  if (!rc) rc = app_kr_create(&r->x, id, &p, &k);
  json_decref(body);
  if (rc) return rc;
  resp_header(r, "Location", arena_printf(r->a, "/api/v1/key-results/%lld", (long long)k.id));
  repr_key_result(&r->out, &k);
  api_send(r, 201, k.version);
  return KEEL_OK;
}

int api_kr_get(struct req *r) {
  int64_t id;
  int rc = req_id_param(r, 0, &id);
  if (!rc) rc = api_check_query(r, NULL);
  if (rc) return rc;
  struct key_result k;
  struct kr_checkin *cs;
  size_t n;
  rc = app_kr_history(&r->x, id, &k, &cs, &n);
  if (rc) return rc;
  repr_key_result(&r->out, &k);
  r->out.len--;
  buf_puts(&r->out, ",\"checkins\":[");
  for (size_t i = 0; i < n; i++) {
    if (i) buf_putc(&r->out, ',');
    repr_checkin(&r->out, &cs[i]);
  }
  buf_puts(&r->out, "]}");
  api_send(r, 200, k.version);
  return KEEL_OK;
}

int api_kr_update(struct req *r) {
  int64_t id, version;
  int rc = req_id_param(r, 0, &id);
  if (rc) return rc;
  struct kr_patch p;
  json_t *body;
  rc = kr_body(r, &p, &body);
  if (rc) return rc;
  struct key_result k;
  rc = req_if_match(r, &version);
  if (!rc) rc = app_kr_update(&r->x, id, &p, version, &k);
  json_decref(body);
  if (rc) return rc;
  repr_key_result(&r->out, &k);
  api_send(r, 200, k.version);
  return KEEL_OK;
}

int api_kr_checkin(struct req *r) {
  int64_t id, version = 0;
  int rc = req_id_param(r, 0, &id);
  if (rc) return rc;
  double value = 0;
  const char *comment = NULL;
  const struct jfield f[] = {{"value", JK_NUMBER, JF_REQUIRED, &value, NULL}, {"comment", JK_STRING, 0, &comment, NULL}};
  json_t *body;
  rc = api_read(r, f, 2, &body);
  if (rc) return rc;
  if (req_header(r, "If-Match")) rc = req_if_match(r, &version);
  struct kr_checkin c;
  struct key_result k;
  if (!rc) rc = app_kr_checkin(&r->x, id, value, comment, version, &c, &k);
  json_decref(body);
  if (rc) return rc;
  buf_puts(&r->out, "{\"checkin\":");
  repr_checkin(&r->out, &c);
  buf_puts(&r->out, ",\"key_result\":");
  repr_key_result(&r->out, &k);
  buf_putc(&r->out, '}');
  api_send(r, 201, k.version);
  return KEEL_OK;
}
