/* api.c — query checks, body reading and sending for the JSON API. */
#include "web/api.h"

#include <string.h>

int api_check_query(struct req *r, const char *const *allowed) {
  buf bad;
  buf_init(&bad, 4096);
  const char *first = NULL;
  for (size_t i = 0; i < r->query.n; i++) {
    const char *k = r->query.items[i].key;
    int ok = 0;
    for (const char *const *a = allowed; a && *a; a++)
      if (strcmp(*a, k) == 0) ok = 1;
    if (!ok) {
      if (!first) first = k;
      buf_printf(&bad, "%s%s", bad.len ? ", " : "", k);
    }
  }
  int rc = KEEL_OK;
  if (first) rc = err_set(&r->e, KEEL_EUNKNOWN, first, "unknown query parameter%s: %s", strchr(buf_cstr(&bad), ',') ? "s" : "",
                          buf_cstr(&bad));
  buf_free(&bad);
  return rc;
}

int api_include(struct req *r, int *with_description) {
  const char *inc = req_query(r, "include");
  *with_description = 0;
  if (!inc) return KEEL_OK;
  if (strcmp(inc, "description") != 0)
    return err_set(&r->e, KEEL_EINVAL, "include", "include can only be \"description\"");
  *with_description = 1;
  return KEEL_OK;
}

int api_read(struct req *r, const struct jfield *fields, size_t n, json_t **body) {
  *body = NULL;
  /* The body is read as JSON whatever Content-Type says (curl -d sends a form
   * type); cross-site forms cannot reach here with a session, since API
   * changes made with a cookie need the X-CSRF-Token header. */
  int rc = req_json(r, body);
  if (rc) return rc;
  rc = json_read(*body, fields, n, "", &r->e);
  if (rc) {
    json_decref(*body);
    *body = NULL;
  }
  return rc;
}

int api_rice(struct req *r, json_t *v, int present, struct rice_patch *p) {
  memset(p, 0, sizeof *p);
  if (!present) return KEEL_OK;
  if (!v) {
    p->clear = 1;
    return KEEL_OK;
  }
  const struct jfield f[] = {
      {"reach", JK_NUMBER, 0, &p->reach, &p->has_reach},
      {"impact", JK_NUMBER, 0, &p->impact, &p->has_impact},
      {"confidence", JK_NUMBER, 0, &p->confidence, &p->has_confidence},
      {"effort", JK_NUMBER, 0, &p->effort, &p->has_effort},
  };
  return json_read(v, f, 4, "rice.", &r->e);
}

int api_ice(struct req *r, json_t *v, int present, struct ice_patch *p) {
  memset(p, 0, sizeof *p);
  if (!present) return KEEL_OK;
  if (!v) {
    p->clear = 1;
    return KEEL_OK;
  }
  int64_t impact = 0, confidence = 0, ease = 0;
  const struct jfield f[] = {
      {"impact", JK_INT, 0, &impact, &p->has_impact},
      {"confidence", JK_INT, 0, &confidence, &p->has_confidence},
      {"ease", JK_INT, 0, &ease, &p->has_ease},
  };
  int rc = json_read(v, f, 3, "ice.", &r->e);
  if (rc) return rc;
  /* Out-of-range values become -1 so the domain check names the field. */
  p->impact = impact < 1 || impact > 10 ? -1 : (int)impact;
  p->confidence = confidence < 1 || confidence > 10 ? -1 : (int)confidence;
  p->ease = ease < 1 || ease > 10 ? -1 : (int)ease;
  return KEEL_OK;
}

void api_send(struct req *r, int status, int64_t version) {
  buf_putc(&r->out, '\n');
  if (version) resp_etag(r, version);
  resp_json(r, status);
}
