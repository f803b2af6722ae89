/* api_discussion.c — comments and history of ideas and features, and the
 * workspace's recent changes. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "web/api.h"
#include "web/handlers.h"
#include "web/routes.h"

/* Resolves the entity in the route ("ideas/{id}" or "features/{key}"). */
static int entity(struct req *r, const char **type, int64_t *id) {
  if (strncmp(r->route->path, "/api/v1/ideas/", 14) == 0) {
    *type = "idea";
    int rc = req_id_param(r, 0, id);
    if (rc) return rc;
    struct idea i;
    return app_idea_get(&r->x, *id, &i);
  }
  *type = "feature";
  struct feature f;
  int rc = app_feature_get(&r->x, r->params[0], &f);
  if (!rc) *id = f.id;
  return rc;
}

int api_comments_list(struct req *r) {
  const char *type;
  int64_t id;
  int rc = api_check_query(r, NULL);
  if (!rc) rc = entity(r, &type, &id);
  if (rc) return rc;
  struct comment *cs;
  size_t n;
  rc = app_comment_list(&r->x, type, id, &cs, &n);
  if (rc) return rc;
  buf_puts(&r->out, "{\"items\":[");
  for (size_t i = 0; i < n; i++) {
    if (i) buf_putc(&r->out, ',');
    repr_comment(&r->out, &cs[i]);
  }
  buf_puts(&r->out, "],\"next\":null}");
  api_send(r, 200, 0);
  return KEEL_OK;
}

int api_comments_add(struct req *r) {
  const char *text = NULL;
  int public = 0;
  const struct jfield f[] = {{"body", JK_STRING, JF_REQUIRED, &text, NULL}, {"public", JK_BOOL, 0, &public, NULL}};
  int is_idea = strncmp(r->route->path, "/api/v1/ideas/", 14) == 0;
  json_t *body;
  int rc = api_read(r, f, is_idea ? 2 : 1, &body); /* only ideas are in the portal */
  if (rc) return rc;
  struct comment c;
  rc = app_comment_write(&r->x, is_idea ? "idea" : "feature", r->params[0], text, public, &c);
  json_decref(body);
  if (rc) return rc;
  repr_comment(&r->out, &c);
  api_send(r, 201, 0);
  return KEEL_OK;
}

/* Writes a history page as {"items":[...],"next":before_id|null}. */
static int history(struct req *r, const char *type, const char *ref) {
  struct history_in in = {.entity_type = type, .ref = ref, .limit = PAGE_DEFAULT};
  const char *before = req_query(r, "before"), *limit = req_query(r, "limit");
  if (before) {
    char *end;
    errno = 0;
    in.before_id = strtoll(before, &end, 10);
    if (end == before || *end || errno || in.before_id < 1)
      return err_set(&r->e, KEEL_EINVAL, "before", "before must be the \"next\" value of a previous page");
  }
  int rc = page_limit_parse(limit, &in.limit, &r->e);
  if (rc) return rc;
  struct history_page pg;
  rc = app_history(&r->x, &in, &pg);
  if (rc) return rc;
  buf_puts(&r->out, "{\"items\":[");
  for (size_t i = 0; i < pg.n; i++) {
    if (i) buf_putc(&r->out, ',');
    repr_audit(&r->out, &pg.items[i]);
  }
  buf_puts(&r->out, "],\"next\":");
  if (pg.next_before) buf_printf(&r->out, "%lld", (long long)pg.next_before);
  else buf_puts(&r->out, "null");
  buf_putc(&r->out, '}');
  api_send(r, 200, 0);
  return KEEL_OK;
}

int api_entity_history(struct req *r) {
  static const char *const allowed[] = {"before", "limit", NULL};
  const char *type;
  int64_t id;
  int rc = api_check_query(r, allowed);
  if (!rc) rc = entity(r, &type, &id);
  if (rc) return rc;
  return history(r, type, r->params[0]);
}

int api_history(struct req *r) {
  static const char *const allowed[] = {"before", "limit", NULL};
  int rc = api_check_query(r, allowed);
  if (rc) return rc;
  return history(r, NULL, NULL);
}
