/* api_customers.c — /api/v1/customers and their contacts. */
#include <string.h>

#include "web/api.h"
#include "web/handlers.h"

static int customer_body(struct req *r, int creating, struct customer_patch *p, json_t **body) {
  memset(p, 0, sizeof *p);
  int arr_present = 0;
  const struct jfield f[] = {
      {"name", JK_STRING, creating ? JF_REQUIRED : 0, &p->name, NULL},
      {"segment", JK_STRING, 0, &p->segment, NULL},
      {"arr", JK_INT, 0, &p->arr, &arr_present},
      {"plan", JK_STRING, 0, &p->plan, NULL},
  };
  int rc = api_read(r, f, 4, body);
  p->has_arr = arr_present;
  return rc;
}

static void send_customer(struct req *r, int status, const struct customer *c) {
  repr_customer(&r->out, c);
  api_send(r, status, c->version);
}

int api_customers_list(struct req *r) {
  static const char *const allowed[] = {"q", "segment", "sort", "after", "limit", NULL};
  int rc = api_check_query(r, allowed);
  if (rc) return rc;
  struct customer_list_in in = {.q = req_query(r, "q"), .segment = req_query(r, "segment"),
                                .sort = req_query(r, "sort"), .after = req_query(r, "after"),
                                .limit = req_query(r, "limit")};
  struct customer_page pg;
  rc = app_customer_list(&r->x, &in, &pg);
  if (rc) return rc;
  buf_puts(&r->out, "{\"items\":[");
  for (size_t i = 0; i < pg.n; i++) {
    if (i) buf_putc(&r->out, ',');
    repr_customer(&r->out, &pg.items[i]);
  }
  buf_printf(&r->out, "],\"next\":%J}", pg.next);
  api_send(r, 200, 0);
  return KEEL_OK;
}

int api_customers_create(struct req *r) {
  struct customer_patch p;
  json_t *body;
  int rc = customer_body(r, 1, &p, &body);
  if (rc) return rc;
  struct customer c;
  rc = app_customer_create(&r->x, &p, &c);
  json_decref(body);
  if (rc) return rc;
  resp_header(r, "Location", arena_printf(r->a, "/api/v1/customers/%lld", (long long)c.id));
  send_customer(r, 201, &c);
  return KEEL_OK;
}

int api_customers_get(struct req *r) {
  int rc = api_check_query(r, NULL);
  if (rc) return rc;
  struct customer c;
  rc = app_customer_get(&r->x, r->params[0], &c);
  if (rc) return rc;
  send_customer(r, 200, &c);
  return KEEL_OK;
}

int api_customers_update(struct req *r) {
  struct customer_patch p;
  json_t *body;
  int64_t version;
  int rc = customer_body(r, 0, &p, &body);
  if (rc) return rc;
  struct customer c;
  rc = req_if_match(r, &version);
  if (!rc) rc = app_customer_update(&r->x, r->params[0], &p, version, &c);
  json_decref(body);
  if (rc) return rc;
  send_customer(r, 200, &c);
  return KEEL_OK;
}

int api_contacts_list(struct req *r) {
  int rc = api_check_query(r, NULL);
  if (rc) return rc;
  struct contact *cs;
  size_t n;
  rc = app_contact_list(&r->x, r->params[0], &cs, &n);
  if (rc) return rc;
  buf_puts(&r->out, "{\"items\":[");
  for (size_t i = 0; i < n; i++) {
    if (i) buf_putc(&r->out, ',');
    repr_contact(&r->out, &cs[i]);
  }
  buf_puts(&r->out, "]}");
  api_send(r, 200, 0);
  return KEEL_OK;
}

int api_contacts_create(struct req *r) {
  const char *name = NULL, *email = NULL;
  const struct jfield f[] = {
      {"name", JK_STRING, JF_REQUIRED, &name, NULL},
      {"email", JK_STRING, 0, &email, NULL},
  };
  json_t *body;
  int rc = api_read(r, f, 2, &body);
  if (rc) return rc;
  struct contact c;
  rc = app_contact_create(&r->x, r->params[0], name, email, &c);
  json_decref(body);
  if (rc) return rc;
  repr_contact(&r->out, &c);
  api_send(r, 201, c.version);
  return KEEL_OK;
}
