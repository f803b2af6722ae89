/* api_portal.c — /api/v1/portal (the customer portal's JSON API) and
 * publishing ideas to it (/api/v1/ideas/{id}/publish, .../unpublish). */
#include <string.h>

#include "web/api.h"
#include "web/handlers.h"

/* ---- publishing (PMs) ---- */

static void send_idea(struct req *r, const struct idea *i) {
  repr_idea(&r->out, i, REPR_FULL);
  api_send(r, 200, i->version);
}

int api_ideas_publish(struct req *r) {
  int64_t id, version;
  int rc = req_id_param(r, 0, &id);
  if (rc) return rc;
  const char *title = NULL, *description = NULL;
  const struct jfield f[] = {
      {"public_title", JK_STRING, JF_NULLABLE, &title, NULL},
      {"public_description", JK_STRING, JF_NULLABLE, &description, NULL},
  };
  json_t *body;
  rc = api_read(r, f, 2, &body);
  if (rc) return rc;
  struct idea i;
  rc = req_if_match(r, &version);
  if (!rc) rc = app_idea_publish(&r->x, id, title, description, version, &i);
  json_decref(body);
  if (rc) return rc;
  send_idea(r, &i);
  return KEEL_OK;
}

int api_ideas_unpublish(struct req *r) {
  int64_t id, version;
  json_t *body;
  int rc = req_id_param(r, 0, &id);
  if (!rc) rc = api_read(r, NULL, 0, &body);
  if (rc) return rc;
  json_decref(body);
  struct idea i;
  rc = req_if_match(r, &version);
  if (!rc) rc = app_idea_unpublish(&r->x, id, version, &i);
  if (rc) return rc;
  send_idea(r, &i);
  return KEEL_OK;
}

/* ---- the portal ---- */

static void send_page(struct req *r, const struct portal_page *pg) {
  buf_puts(&r->out, "{\"items\":[");
  for (size_t i = 0; i < pg->n; i++) {
    if (i) buf_putc(&r->out, ',');
    repr_portal_idea(&r->out, &pg->items[i]);
  }
  buf_printf(&r->out, "],\"next\":%J}", pg->next);
  api_send(r, 200, 0);
}

static void send_portal_idea(struct req *r, int status, const struct portal_idea *i) {
  repr_portal_idea(&r->out, i);
  api_send(r, status, 0);
}

int api_portal_ideas(struct req *r) {
  static const char *const allowed[] = {"product", "status", "sort", "after", "limit", NULL};
  int rc = api_check_query(r, allowed);
  if (rc) return rc;
  struct portal_list_in in = {
      .product = req_query(r, "product"),
      .status = req_query(r, "status"),
      .sort = req_query(r, "sort"),
      .after = req_query(r, "after"),
      .limit = req_query(r, "limit"),
  };
  struct portal_page pg;
  rc = app_portal_list(&r->x, &in, &pg);
  if (rc) return rc;
  send_page(r, &pg);
  return KEEL_OK;
}

int api_portal_requests(struct req *r) {
  static const char *const allowed[] = {"product", "status", "after", "limit", NULL};
  int rc = api_check_query(r, allowed);
  if (rc) return rc;
  struct portal_list_in in = {
      .product = req_query(r, "product"),
      .status = req_query(r, "status"),
      .after = req_query(r, "after"),
      .limit = req_query(r, "limit"),
  };
  struct portal_page pg;
  rc = app_portal_requests(&r->x, &in, &pg);
  if (rc) return rc;
  send_page(r, &pg);
  return KEEL_OK;
}

int api_portal_idea(struct req *r) {
  int64_t id;
  int rc = api_check_query(r, NULL);
  if (!rc) rc = req_id_param(r, 0, &id);
  if (rc) return rc;
  struct portal_idea i;
  rc = app_portal_get(&r->x, id, &i);
  if (rc) return rc;
  send_portal_idea(r, 200, &i);
  return KEEL_OK;
}

int api_portal_submit(struct req *r) {
  struct portal_submission in = {.client_addr = r->client_addr};
  const struct jfield f[] = {
      {"product", JK_STRING, JF_REQUIRED, &in.product, NULL},
      {"title", JK_STRING, JF_REQUIRED, &in.title, NULL},
      {"description", JK_STRING, 0, &in.description, NULL},
  };
  json_t *body;
  int rc = api_read(r, f, 3, &body);
  if (rc) return rc;
  struct portal_idea i;
  rc = app_portal_submit(&r->x, &in, &i);
  json_decref(body);
  if (rc) return rc;
  resp_header(r, "Location", arena_printf(r->a, "/api/v1/portal/ideas/%lld", (long long)i.id));
  send_portal_idea(r, 201, &i);
  return KEEL_OK;
}

static int vote(struct req *r, int on) {
  int64_t id;
  json_t *body;
  int rc = req_id_param(r, 0, &id);
  if (!rc) rc = api_read(r, NULL, 0, &body);
  if (rc) return rc;
  json_decref(body);
  struct portal_idea i;
  rc = app_portal_vote(&r->x, id, on, &i);
  if (rc) return rc;
  send_portal_idea(r, 200, &i);
  return KEEL_OK;
}

int api_portal_vote(struct req *r) { return vote(r, 1); }
int api_portal_unvote(struct req *r) { return vote(r, 0); }

int api_portal_comments(struct req *r) {
  int64_t id;
  int rc = api_check_query(r, NULL);
  if (!rc) rc = req_id_param(r, 0, &id);
  if (rc) return rc;
  struct portal_comment *cs;
  size_t n;
  rc = app_portal_comments(&r->x, id, &cs, &n);
  if (rc) return rc;
  buf_puts(&r->out, "{\"items\":[");
  for (size_t i = 0; i < n; i++) {
    if (i) buf_putc(&r->out, ',');
    repr_portal_comment(&r->out, &cs[i]);
  }
  buf_puts(&r->out, "],\"next\":null}");
  api_send(r, 200, 0);
  return KEEL_OK;
}

int api_portal_comment(struct req *r) {
  int64_t id;
  int rc = req_id_param(r, 0, &id);
  if (rc) return rc;
  const char *text = NULL;
  const struct jfield f[] = {{"body", JK_STRING, JF_REQUIRED, &text, NULL}};
  json_t *body;
  rc = api_read(r, f, 1, &body);
  if (rc) return rc;
  struct portal_comment c;
  rc = app_portal_comment(&r->x, id, text, &c);
  json_decref(body);
  if (rc) return rc;
  repr_portal_comment(&r->out, &c);
  api_send(r, 201, 0);
  return KEEL_OK;
}

int api_portal_products(struct req *r) {
  int rc = api_check_query(r, NULL);
  if (rc) return rc;
  struct product *ps;
  size_t n;
  rc = app_portal_products(&r->x, &ps, &n);
  if (rc) return rc;
  buf_puts(&r->out, "{\"items\":[");
  for (size_t i = 0; i < n; i++) /* the key and the name: nothing internal */
    buf_printf(&r->out, "%s{\"key\":%J,\"name\":%J}", i ? "," : "", ps[i].key, ps[i].name);
  buf_puts(&r->out, "],\"next\":null}");
  api_send(r, 200, 0);
  return KEEL_OK;
}
