/* api_products.c — /api/v1/products */
#include "app/focus.h"
#include "web/api.h"
#include "web/handlers.h"

int api_products_list(struct req *r) {
  int rc = api_check_query(r, NULL);
  if (rc) return rc;
  struct product *ps;
  size_t n;
  rc = app_product_list(&r->x, &ps, &n);
  if (rc) return rc;
  buf_puts(&r->out, "{\"items\":[");
  for (size_t i = 0; i < n; i++) {
    if (i) buf_putc(&r->out, ',');
    repr_product(&r->out, &ps[i], REPR_FULL);
  }
  buf_puts(&r->out, "],\"next\":null}");
  api_send(r, 200, 0);
  return KEEL_OK;
}

int api_products_create(struct req *r) {
  const char *key = NULL, *name = NULL, *desc = NULL;
  const struct jfield f[] = {
      {"key", JK_STRING, JF_REQUIRED, &key, NULL},
      {"name", JK_STRING, JF_REQUIRED, &name, NULL},
      {"description", JK_STRING, JF_NULLABLE, &desc, NULL},
  };
  json_t *body;
  int rc = api_read(r, f, 3, &body);
  if (rc) return rc;
  struct product p;
  rc = app_product_create(&r->x, key, name, desc, &p);
  json_decref(body);
  if (rc) return rc;
  repr_product(&r->out, &p, REPR_FULL);
  resp_header(r, "Location", arena_printf(r->a, "/api/v1/products/%s", p.key));
  api_send(r, 201, p.version);
  return KEEL_OK;
}

int api_products_get(struct req *r) {
  int rc = api_check_query(r, NULL);
  if (rc) return rc;
  struct product p;
  rc = app_product_get(&r->x, r->params[0], &p);
  if (rc) return rc;
  repr_product(&r->out, &p, REPR_FULL);
  api_send(r, 200, p.version);
  return KEEL_OK;
}

int api_products_update(struct req *r) {
  const char *name = NULL, *desc = NULL;
  int64_t now_limit = INT64_MIN; /* focus: features allowed in Now without team capacity; null clears */
  int has_now_limit = 0;
  const struct jfield f[] = {
      {"name", JK_STRING, 0, &name, NULL},
      {"description", JK_STRING, JF_NULLABLE, &desc, NULL},
      {"now_limit", JK_INT, JF_NULLABLE, &now_limit, &has_now_limit},
  };
  /* null clears now_limit; the generic reader takes null only for strings, objects and arrays */
  json_t *body;
  int rc = req_json(r, &body);
  int clear_now_limit = !rc && json_is_null(json_object_get(body, "now_limit"));
  if (clear_now_limit) json_object_del(body, "now_limit");
  if (!rc) rc = json_read(body, f, 3, "", &r->e);
  if (rc) {
    json_decref(body);
    return rc;
  }
  if (clear_now_limit) has_now_limit = 1;
  if (has_now_limit && now_limit != INT64_MIN && now_limit < 0)
    rc = err_set(&r->e, KEEL_EINVAL, "now_limit", "now_limit must be a number of features, 0 or more (null: no limit)");
  int64_t version;
  if (!rc) rc = req_if_match(r, &version);
  struct product p;
  if (!rc && has_now_limit)
    rc = app_product_set_now_limit(&r->x, r->params[0], now_limit == INT64_MIN ? -1 : now_limit, name, desc, version, &p);
  else if (!rc)
    rc = app_product_update(&r->x, r->params[0], name, desc, version, &p);
  json_decref(body);
  if (rc) return rc;
  repr_product(&r->out, &p, REPR_FULL);
  api_send(r, 200, p.version);
  return KEEL_OK;
}
