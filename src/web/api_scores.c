/* api_scores.c — scores in every framework, criteria of weighted scoring,
 * a product's main framework and its ranking by framework:
 *   GET    /api/v1/features/{key}/scores
 *   PUT    /api/v1/features/{key}/scores/{framework}
 *   DELETE /api/v1/features/{key}/scores/{framework}
 *   GET    /api/v1/products/{key}/criteria, POST the same
 *   PATCH  /api/v1/criteria/{id}, DELETE the same
 *   PUT    /api/v1/products/{key}/framework
 *   GET    /api/v1/products/{key}/ranking */
#include <string.h>

#include "app/scores.h"
#include "web/api.h"
#include "web/handlers.h"

/* If-Match is optional on score changes (a PUT replaces the whole score):
 * without it the current version is meant. */
static int optional_if_match(struct req *r, int64_t *version) {
  *version = 0;
  return req_header(r, "If-Match") ? req_if_match(r, version) : KEEL_OK;
}

/* Sends the feature's ETag after a score change (its version moved). */
static int feature_etag(struct req *r, const char *key, int64_t *version) {
  struct feature f;
  int rc = app_feature_get(&r->x, key, &f);
  if (!rc) *version = f.version;
  return rc;
}

int api_scores_list(struct req *r) {
  int rc = api_check_query(r, NULL);
  if (rc) return rc;
  struct feature_scores fs;
  rc = app_scores_get(&r->x, r->params[0], &fs);
  if (rc) return rc;
  buf *b = &r->out;
  buf_printf(b, "{\"feature\":%J,\"version\":%lld,\"main_framework\":%J,\"items\":[", fs.feature.key,
             (long long)fs.feature.version, framework_name(fs.main));
  for (int i = 0; i < FW_COUNT; i++) {
    if (i) buf_putc(b, ',');
    repr_score_view(b, &fs.items[i]);
    b->len--; /* add "main" inside the object */
    buf_printf(b, ",\"main\":%s}", fs.main == (enum framework)i ? "true" : "false");
  }
  buf_puts(b, "],\"criteria\":[");
  for (size_t i = 0; i < fs.ncriteria; i++) {
    const struct criterion *c = &fs.criteria[i];
    buf_printf(b, "%s{\"id\":%lld,\"name\":%J,\"weight\":%N,\"value\":", i ? "," : "", (long long)c->id, c->name,
               c->weight);
    if (fs.has_value[i]) buf_printf(b, "%N}", fs.values[i]);
    else buf_puts(b, "null}");
  }
  buf_puts(b, "]}");
  api_send(r, 200, fs.feature.version);
  return KEEL_OK;
}

int api_scores_put(struct req *r) {
  enum framework fw;
  int rc = api_check_query(r, NULL);
  if (!rc) rc = app_framework_parse(&r->x, r->params[1], &fw);
  json_t *body = NULL;
  if (!rc) rc = req_json(r, &body);
  if (rc) return rc;
  struct fw_pair *pairs;
  size_t n;
  int64_t version;
  struct score_view v;
  rc = app_score_pairs_from_json(r->a, body, &pairs, &n, &r->e);
  if (!rc) rc = optional_if_match(r, &version);
  if (!rc) rc = app_score_set(&r->x, r->params[0], r->params[1], pairs, n, version, &v);
  json_decref(body);
  if (!rc) rc = feature_etag(r, r->params[0], &version);
  if (rc) return rc;
  repr_score_view(&r->out, &v);
  api_send(r, 200, version);
  return KEEL_OK;
}

int api_scores_delete(struct req *r) {
  int64_t version;
  int rc = api_check_query(r, NULL);
  if (!rc) rc = optional_if_match(r, &version);
  if (!rc) rc = app_score_clear(&r->x, r->params[0], r->params[1], version);
  if (!rc) rc = feature_etag(r, r->params[0], &version);
  if (rc) return rc;
  enum framework fw;
  framework_parse(r->params[1], &fw);
  buf_printf(&r->out, "{\"framework\":%J,\"scored\":false}", framework_name(fw));
  api_send(r, 200, version);
  return KEEL_OK;
}

/* Reads a criterion body. */
static int criterion_body(struct req *r, int creating, struct criterion_patch *p, json_t **body) {
  memset(p, 0, sizeof *p);
  int has_objective = 0;
  const struct jfield f[] = {
      {"name", JK_STRING, creating ? JF_REQUIRED : 0, &p->name, NULL},
      {"weight", JK_NUMBER, creating ? JF_REQUIRED : 0, &p->weight, &p->has_weight},
      {"position", JK_INT, 0, &p->position, &p->has_position},
      {"objective_id", JK_INT, JF_NULLABLE, &p->objective_id, &has_objective},
  };
  int rc = api_read(r, f, 4, body);
  p->has_objective = has_objective;
  return rc;
}

int api_criteria_list(struct req *r) {
  int rc = api_check_query(r, NULL);
  if (rc) return rc;
  struct criterion *cs;
  size_t n;
  rc = app_criterion_list(&r->x, r->params[0], &cs, &n);
  if (rc) return rc;
  buf_puts(&r->out, "{\"items\":[");
  for (size_t i = 0; i < n; i++) {
    if (i) buf_putc(&r->out, ',');
    repr_criterion(&r->out, &cs[i]);
  }
  buf_puts(&r->out, "]}");
  api_send(r, 200, 0);
  return KEEL_OK;
}

int api_criteria_create(struct req *r) {
  struct criterion_patch p;
  json_t *body;
  int rc = criterion_body(r, 1, &p, &body);
  if (rc) return rc;
  struct criterion c;
  rc = app_criterion_add(&r->x, r->params[0], &p, &c);
  json_decref(body);
  if (rc) return rc;
  resp_header(r, "Location", arena_printf(r->a, "/api/v1/criteria/%lld", (long long)c.id));
  repr_criterion(&r->out, &c);
  api_send(r, 201, c.version);
  return KEEL_OK;
}

int api_criteria_update(struct req *r) {
  int64_t id, version;
  int rc = req_id_param(r, 0, &id);
  if (rc) return rc;
  struct criterion_patch p;
  json_t *body;
  rc = criterion_body(r, 0, &p, &body);
  if (rc) return rc;
  struct criterion c;
  rc = req_if_match(r, &version);
  if (!rc) rc = app_criterion_update(&r->x, id, &p, version, &c);
  json_decref(body);
  if (rc) return rc;
  repr_criterion(&r->out, &c);
  api_send(r, 200, c.version);
  return KEEL_OK;
}

int api_criteria_delete(struct req *r) {
  int64_t id, version;
  int rc = req_id_param(r, 0, &id);
  if (!rc) rc = api_check_query(r, NULL);
  if (!rc) rc = req_if_match(r, &version);
  if (!rc) rc = app_criterion_remove(&r->x, id, version);
  if (rc) return rc;
  buf_printf(&r->out, "{\"id\":%lld,\"removed\":true}", (long long)id);
  api_send(r, 200, 0);
  return KEEL_OK;
}

int api_products_framework(struct req *r) {
  const char *fw = NULL;
  const struct jfield f[] = {{"main_framework", JK_STRING, JF_REQUIRED, &fw, NULL}};
  json_t *body;
  int rc = api_read(r, f, 1, &body);
  if (rc) return rc;
  int64_t version, new_version = 0;
  rc = req_if_match(r, &version);
  if (!rc) rc = app_product_framework_set(&r->x, r->params[0], fw, version, &new_version);
  if (!rc) buf_printf(&r->out, "{\"product\":%J,\"main_framework\":%J,\"version\":%lld}", r->params[0], fw,
                      (long long)new_version);
  json_decref(body);
  if (rc) return rc;
  api_send(r, 200, new_version);
  return KEEL_OK;
}

int api_products_ranking(struct req *r) {
  static const char *const allowed[] = {"framework", "offset", "limit", NULL};
  int rc = api_check_query(r, allowed);
  if (rc) return rc;
  struct rank_in in = {.product = r->params[0], .framework = req_query(r, "framework"),
                       .offset = req_query(r, "offset"), .limit = req_query(r, "limit")};
  struct rank_page pg;
  rc = app_rank(&r->x, &in, &pg);
  if (rc) return rc;
  buf *b = &r->out;
  buf_reserve(b, pg.n * 200 + 128);
  buf_printf(b, "{\"product\":%J,\"framework\":%J,\"items\":[", r->params[0], framework_name(pg.fw));
  for (size_t i = 0; i < pg.n; i++) {
    const struct rank_item *it = &pg.items[i];
    buf_printf(b, "%s{\"place\":%lld,\"key\":%J,\"title\":%J,\"score\":%N,\"display\":%J,\"label\":%J}", i ? "," : "",
               (long long)it->place, it->key, it->title, it->score, it->display, *it->label ? it->label : NULL);
  }
  buf_puts(b, "],\"next_offset\":");
  if (pg.next_offset >= 0) buf_printf(b, "%lld}", (long long)pg.next_offset);
  else buf_puts(b, "null}");
  api_send(r, 200, 0);
  return KEEL_OK;
}
