/* api_search.c — /api/v1/search, duplicate suggestions and merging ideas. */
#include <string.h>

#include "web/api.h"
#include "web/handlers.h"

int api_search(struct req *r) {
  static const char *const allowed[] = {"q", "type", "product", "limit", "after", NULL};
  int rc = api_check_query(r, allowed);
  if (rc) return rc;
  struct search_in in = {
      .q = req_query(r, "q"),
      .type = req_query(r, "type"),
      .product = req_query(r, "product"),
      .limit = req_query(r, "limit"),
      .after = req_query(r, "after"),
  };
  struct search_page pg;
  rc = app_search(&r->x, &in, &pg);
  if (rc) return rc;
  buf_puts(&r->out, "{\"items\":[");
  for (size_t i = 0; i < pg.n; i++) {
    if (i) buf_putc(&r->out, ',');
    repr_search_hit(&r->out, r->a, &pg.items[i]);
  }
  buf_printf(&r->out, "],\"next\":%J}", pg.next);
  api_send(r, 200, 0);
  return KEEL_OK;
}

static void send_similar(struct req *r, const struct similar_hit *h, size_t n) {
  buf_puts(&r->out, "{\"items\":[");
  for (size_t i = 0; i < n; i++) {
    if (i) buf_putc(&r->out, ',');
    repr_similar_hit(&r->out, r->a, &h[i]);
  }
  buf_puts(&r->out, "]}");
  api_send(r, 200, 0);
}

int api_ideas_similar(struct req *r) {
  int64_t id;
  int rc = api_check_query(r, NULL);
  if (!rc) rc = req_id_param(r, 0, &id);
  if (rc) return rc;
  struct similar_hit *h;
  size_t n;
  rc = app_idea_similar(&r->x, id, &h, &n);
  if (rc) return rc;
  send_similar(r, h, n);
  return KEEL_OK;
}

int api_ideas_similar_text(struct req *r) {
  static const char *const allowed[] = {"title", "description", "product", NULL};
  int rc = api_check_query(r, allowed);
  if (rc) return rc;
  struct similar_hit *h;
  size_t n;
  rc = app_idea_similar_text(&r->x, req_query(r, "title"), req_query(r, "description"), req_query(r, "product"), &h,
                             &n);
  if (rc) return rc;
  send_similar(r, h, n);
  return KEEL_OK;
}

int api_feedback_similar(struct req *r) {
  int64_t id;
  int rc = api_check_query(r, NULL);
  if (!rc) rc = req_id_param(r, 0, &id);
  if (rc) return rc;
  struct similar_hit *h;
  size_t n;
  rc = app_feedback_similar(&r->x, id, &h, &n);
  if (rc) return rc;
  send_similar(r, h, n);
  return KEEL_OK;
}

int api_ideas_merge(struct req *r) {
  int64_t id, version, into = 0;
  int rc = req_id_param(r, 0, &id);
  if (rc) return rc;
  const struct jfield f[] = {{"into", JK_INT, JF_REQUIRED, &into, NULL}};
  json_t *body;
  rc = api_read(r, f, 1, &body);
  if (rc) return rc;
  struct idea i;
  rc = req_if_match(r, &version);
  if (!rc) rc = app_idea_merge(&r->x, id, into, version, &i, NULL);
  json_decref(body);
  if (rc) return rc;
  repr_idea(&r->out, &i, REPR_FULL);
  api_send(r, 200, i.version);
  return KEEL_OK;
}
