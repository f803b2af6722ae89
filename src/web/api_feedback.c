/* api_feedback.c — /api/v1/feedback, its links, and demand. */
#include <stdlib.h>
#include <string.h>

#include "web/api.h"
#include "web/handlers.h"

/* Reads a feedback body. Strings borrowed from *body, arrays copied into the
 * request arena; the caller json_decref()s *body. */
static int feedback_body(struct req *r, int creating, struct feedback_in *in, json_t **body) {
  memset(in, 0, sizeof *in);
  json_t *tags = NULL, *attributes = NULL;
  int tags_present = 0, customer_present = 0, contact_present = 0, product_present = 0;
  const struct jfield f[] = {
      {"text", JK_STRING, creating ? JF_REQUIRED : 0, &in->text, NULL},
      {"channel", JK_STRING, 0, &in->channel, NULL},
      {"reference", JK_STRING, 0, &in->reference, NULL},
      {"customer", JK_INT, JF_NULLABLE, &in->customer_id, &customer_present},
      {"customer_name", JK_STRING, 0, &in->customer_name, NULL},
      {"contact", JK_INT, JF_NULLABLE, &in->contact_id, &contact_present},
      {"contact_email", JK_STRING, 0, &in->contact_email, NULL},
      {"contact_name", JK_STRING, 0, &in->contact_name, NULL},
      {"product", JK_STRING, JF_NULLABLE, &in->product, &product_present},
      {"received_at", JK_STRING, 0, &in->received_at, NULL},
      {"tags", JK_ARRAY, 0, &tags, &tags_present},
      {"attributes", JK_OBJECT, 0, &attributes, NULL},
      {"status", JK_STRING, 0, &in->status, NULL},
  };
  int rc = api_read(r, f, sizeof f / sizeof f[0], body);
  if (rc) return rc;
  if (in->customer_id && in->customer_name) {
    json_decref(*body);
    return err_set(&r->e, KEEL_EINVAL, "customer", "give customer (an id) or customer_name, not both");
  }
  in->clear_customer = customer_present && !in->customer_id && !in->customer_name;
  in->clear_contact = contact_present && !in->contact_id && !in->contact_email;
  in->clear_product = product_present && !in->product;
  if (tags_present) {
    size_t n = json_array_size(tags);
    const char **t = arena_alloc(r->a, (n ? n : 1) * sizeof *t);
    for (size_t i = 0; i < n; i++) {
      t[i] = json_string_value(json_array_get(tags, i));
      if (!t[i]) {
        json_decref(*body);
        return err_set(&r->e, KEEL_EINVAL, "tags", "tags must be an array of strings");
      }
    }
    in->has_tags = 1;
    in->tags = t;
    in->ntags = n;
  }
  if (attributes) {
    char *s = json_dumps(attributes, JSON_COMPACT | JSON_PRESERVE_ORDER);
    in->attributes = s ? arena_strdup(r->a, s) : "{}";
    free(s);
  }
  return KEEL_OK;
}

static void send_feedback(struct req *r, int status, const struct feedback *f, const struct feedback_link *links,
                          size_t nlinks, int with_links) {
  repr_feedback(&r->out, f, 1);
  if (with_links) { /* splice the links in before the closing brace */
    r->out.len--;
    buf_puts(&r->out, ",\"linked\":[");
    for (size_t i = 0; i < nlinks; i++) {
      if (i) buf_putc(&r->out, ',');
      repr_feedback_link(&r->out, &links[i]);
    }
    buf_puts(&r->out, "]}");
  }
  api_send(r, status, f->version);
}

int api_feedback_list(struct req *r) {
  static const char *const allowed[] = {"status", "channel", "customer", "product", "tag",
                                        "idea",   "feature", "after",    "limit",   NULL};
  int rc = api_check_query(r, allowed);
  if (rc) return rc;
  struct feedback_list_in in = {
      .status = req_query(r, "status"),     .channel = req_query(r, "channel"), .customer = req_query(r, "customer"),
      .product = req_query(r, "product"),   .tag = req_query(r, "tag"),         .idea = req_query(r, "idea"),
      .feature = req_query(r, "feature"),   .after = req_query(r, "after"),     .limit = req_query(r, "limit"),
  };
  if (!in.status) in.status = "all";
  struct feedback_page pg;
  rc = app_feedback_list(&r->x, &in, &pg);
  if (rc) return rc;
  buf_puts(&r->out, "{\"items\":[");
  for (size_t i = 0; i < pg.n; i++) {
    if (i) buf_putc(&r->out, ',');
    repr_feedback(&r->out, &pg.items[i], 0);
  }
  buf_printf(&r->out, "],\"total\":%lld,\"next\":%J}", (long long)pg.total, pg.next);
  api_send(r, 200, 0);
  return KEEL_OK;
}

int api_feedback_create(struct req *r) {
  struct feedback_in in;
  json_t *body;
  int rc = feedback_body(r, 1, &in, &body);
  if (rc) return rc;
  struct feedback f;
  rc = app_feedback_create(&r->x, &in, &f);
  json_decref(body);
  if (rc) return rc;
  resp_header(r, "Location", arena_printf(r->a, "/api/v1/feedback/%lld", (long long)f.id));
  send_feedback(r, 201, &f, NULL, 0, 0);
  return KEEL_OK;
}

int api_feedback_get(struct req *r) {
  int64_t id;
  int rc = api_check_query(r, NULL);
  if (!rc) rc = req_id_param(r, 0, &id);
  if (rc) return rc;
  struct feedback f;
  struct feedback_link *links;
  size_t n;
  rc = app_feedback_get(&r->x, id, &f, &links, &n);
  if (rc) return rc;
  send_feedback(r, 200, &f, links, n, 1);
  return KEEL_OK;
}

int api_feedback_update(struct req *r) {
  int64_t id, version;
  int rc = req_id_param(r, 0, &id);
  if (rc) return rc;
  struct feedback_in in;
  json_t *body;
  rc = feedback_body(r, 0, &in, &body);
  if (rc) return rc;
  struct feedback f;
  rc = req_if_match(r, &version);
  if (!rc) rc = app_feedback_update(&r->x, id, &in, version, &f);
  json_decref(body);
  if (rc) return rc;
  send_feedback(r, 200, &f, NULL, 0, 0);
  return KEEL_OK;
}

int api_feedback_link(struct req *r) {
  int64_t id, idea = 0;
  int rc = req_id_param(r, 0, &id);
  if (rc) return rc;
  const char *feature = NULL, *quote = NULL, *importance = NULL;
  int idea_present = 0;
  const struct jfield f[] = {
      {"idea", JK_INT, 0, &idea, &idea_present},
      {"feature", JK_STRING, 0, &feature, NULL},
      {"quote", JK_STRING, 0, &quote, NULL},
      {"importance", JK_STRING, 0, &importance, NULL},
  };
  json_t *body;
  rc = api_read(r, f, 4, &body);
  if (rc) return rc;
  const char *idea_ref = idea_present ? arena_printf(r->a, "%lld", (long long)idea) : NULL;
  struct feedback_link l;
  rc = app_feedback_link(&r->x, id, idea_ref, feature, quote, importance, &l);
  json_decref(body);
  if (rc) return rc;
  repr_feedback_link(&r->out, &l);
  api_send(r, 201, 0);
  return KEEL_OK;
}

int api_feedback_unlink(struct req *r) {
  int64_t id, link;
  int rc = api_check_query(r, NULL);
  if (!rc) rc = req_id_param(r, 0, &id);
  if (!rc) rc = req_id_param(r, 1, &link);
  if (!rc) rc = app_feedback_unlink(&r->x, id, link);
  if (rc) return rc;
  buf_puts(&r->out, "{\"unlinked\":true}");
  api_send(r, 200, 0);
  return KEEL_OK;
}

int api_features_demand(struct req *r) {
  int rc = api_check_query(r, NULL);
  if (rc) return rc;
  struct demand d;
  rc = app_demand_feature(&r->x, r->params[0], &d);
  if (rc) return rc;
  repr_demand(&r->out, &d);
  api_send(r, 200, 0);
  return KEEL_OK;
}

int api_ideas_demand(struct req *r) {
  int64_t id;
  int rc = api_check_query(r, NULL);
  if (!rc) rc = req_id_param(r, 0, &id);
  if (rc) return rc;
  struct demand d;
  rc = app_demand_idea(&r->x, id, &d);
  if (rc) return rc;
  repr_demand(&r->out, &d);
  api_send(r, 200, 0);
  return KEEL_OK;
}

int api_features_reach_from_demand(struct req *r) {
  int64_t version;
  json_t *body;
  int rc = api_read(r, NULL, 0, &body);
  if (rc) return rc;
  json_decref(body);
  rc = req_if_match(r, &version);
  struct feature f;
  if (!rc) rc = app_feature_reach_from_demand(&r->x, r->params[0], version, &f);
  if (rc) return rc;
  repr_feature(&r->out, &f, REPR_FULL);
  api_send(r, 200, f.version);
  return KEEL_OK;
}
