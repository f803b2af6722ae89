/* api_notify.c — following ideas (/api/v1/ideas/{id}/follow), the inbox
 * (/api/v1/notifications), webhooks (/api/v1/webhooks, admins) and
 * workspace settings (/api/v1/settings, admins). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "web/api.h"
#include "web/handlers.h"

/* ---- following ---- */

static int follow(struct req *r, int on) {
  int64_t id;
  json_t *body;
  int rc = req_id_param(r, 0, &id);
  if (!rc) rc = api_read(r, NULL, 0, &body);
  if (rc) return rc;
  json_decref(body);
  struct idea i;
  rc = app_idea_follow(&r->x, id, on, &i);
  if (rc) return rc;
  repr_idea(&r->out, &i, REPR_FULL);
  api_send(r, 200, i.version);
  return KEEL_OK;
}

int api_ideas_follow(struct req *r) { return follow(r, 1); }
int api_ideas_unfollow(struct req *r) { return follow(r, 0); }

/* ---- query helpers ---- */

/* Reads a true/false query parameter (absent: 0). */
static int query_bool(struct req *r, const char *name, int *out) {
  const char *v = req_query(r, name);
  *out = 0;
  if (!v) return KEEL_OK;
  if (strcmp(v, "true") == 0 || strcmp(v, "1") == 0) *out = 1;
  else if (strcmp(v, "false") != 0 && strcmp(v, "0") != 0)
    return err_set(&r->e, KEEL_EINVAL, name, "%s must be true or false", name);
  return KEEL_OK;
}

/* Reads a positive id query parameter (absent: 0). */
static int query_id(struct req *r, const char *name, int64_t *out) {
  const char *v = req_query(r, name);
  *out = 0;
  if (!v) return KEEL_OK;
  char *end;
  errno = 0;
  long long n = strtoll(v, &end, 10);
  if (end == v || *end || errno || n < 1) return err_set(&r->e, KEEL_EINVAL, name, "%s must be an id from a previous page", name);
  *out = n;
  return KEEL_OK;
}

/* ---- the inbox ---- */

int api_notifications_list(struct req *r) {
  static const char *const allowed[] = {"unread", "before", "limit", NULL};
  int unread;
  int64_t before;
  int rc = api_check_query(r, allowed);
  if (!rc) rc = query_bool(r, "unread", &unread);
  if (!rc) rc = query_id(r, "before", &before);
  if (rc) return rc;
  struct notification_page pg;
  rc = app_notification_list(&r->x, unread, before, req_query(r, "limit"), &pg);
  if (rc) return rc;
  buf_puts(&r->out, "{\"items\":[");
  for (size_t i = 0; i < pg.n; i++) {
    if (i) buf_putc(&r->out, ',');
    repr_notification(&r->out, &pg.items[i]);
  }
  buf_printf(&r->out, "],\"unread\":%lld,\"next\":", (long long)pg.unread);
  if (pg.next_before) buf_printf(&r->out, "\"%lld\"}", (long long)pg.next_before);
  else buf_puts(&r->out, "null}");
  api_send(r, 200, 0);
  return KEEL_OK;
}

int api_notifications_read(struct req *r) {
  int64_t id;
  json_t *body;
  int rc = req_id_param(r, 0, &id);
  if (!rc) rc = api_read(r, NULL, 0, &body);
  if (rc) return rc;
  json_decref(body);
  struct notification n;
  rc = app_notification_read(&r->x, id, &n);
  if (rc) return rc;
  repr_notification(&r->out, &n);
  api_send(r, 200, 0);
  return KEEL_OK;
}

int api_notifications_read_all(struct req *r) {
  json_t *body;
  int rc = api_read(r, NULL, 0, &body);
  if (rc) return rc;
  json_decref(body);
  int64_t n;
  rc = app_notification_read_all(&r->x, &n);
  if (rc) return rc;
  buf_printf(&r->out, "{\"marked\":%lld,\"unread\":0}", (long long)n);
  api_send(r, 200, 0);
  return KEEL_OK;
}

/* ---- webhooks ---- */

/* Reads a webhook body; events is an array of names. */
static int webhook_body(struct req *r, int creating, struct webhook_input *in, json_t **body) {
  memset(in, 0, sizeof *in);
  json_t *events = NULL;
  int has_events = 0;
  const struct jfield f[] = {
      {"url", JK_STRING, creating ? JF_REQUIRED : 0, &in->url, NULL},
      {"events", JK_ARRAY, 0, &events, &has_events},
      {"secret", JK_STRING, creating ? JF_NULLABLE : 0, &in->secret, NULL},
      {"active", JK_BOOL, 0, &in->active, &in->has_active},
  };
  int rc = api_read(r, f, 4, body);
  if (rc) return rc;
  if (has_events) {
    buf b;
    buf_init(&b, 4096);
    size_t i;
    json_t *v;
    json_array_foreach(events, i, v) {
      if (!json_is_string(v)) rc = err_set(&r->e, KEEL_EINVAL, "events", "events must be an array of event names, like [\"idea.status\"]");
      else buf_printf(&b, "%s%s", b.len ? "," : "", json_string_value(v));
    }
    if (!rc && (b.overflow || !b.len)) rc = err_set(&r->e, KEEL_EINVAL, "events", "events must name at least one event: idea.status");
    if (!rc) in->events = arena_strdup(r->a, buf_cstr(&b));
    buf_free(&b);
  }
  if (rc) {
    json_decref(*body);
    *body = NULL;
  }
  return rc;
}

int api_webhooks_list(struct req *r) {
  int rc = api_check_query(r, NULL);
  if (rc) return rc;
  struct webhook *ws;
  size_t n;
  rc = app_webhook_list(&r->x, &ws, &n);
  if (rc) return rc;
  buf_puts(&r->out, "{\"items\":[");
  for (size_t i = 0; i < n; i++) {
    if (i) buf_putc(&r->out, ',');
    repr_webhook(&r->out, &ws[i], 0);
  }
  buf_puts(&r->out, "],\"next\":null}");
  api_send(r, 200, 0);
  return KEEL_OK;
}

int api_webhooks_create(struct req *r) {
  struct webhook_input in;
  json_t *body;
  int rc = webhook_body(r, 1, &in, &body);
  if (rc) return rc;
  struct webhook w;
  rc = app_webhook_create(&r->x, &in, &w);
  json_decref(body);
  if (rc) return rc;
  resp_header(r, "Location", arena_printf(r->a, "/api/v1/webhooks/%lld", (long long)w.id));
  repr_webhook(&r->out, &w, 1);
  api_send(r, 201, w.version);
  return KEEL_OK;
}

int api_webhooks_get(struct req *r) {
  int64_t id;
  int rc = api_check_query(r, NULL);
  if (!rc) rc = req_id_param(r, 0, &id);
  if (rc) return rc;
  struct webhook w;
  rc = app_webhook_get(&r->x, id, &w);
  if (rc) return rc;
  repr_webhook(&r->out, &w, 0);
  api_send(r, 200, w.version);
  return KEEL_OK;
}

int api_webhooks_update(struct req *r) {
  int64_t id, version;
  int rc = req_id_param(r, 0, &id);
  if (rc) return rc;
  struct webhook_input in;
  json_t *body;
  rc = webhook_body(r, 0, &in, &body);
  if (rc) return rc;
  struct webhook w;
  rc = req_if_match(r, &version);
  if (!rc) rc = app_webhook_update(&r->x, id, &in, version, &w);
  json_decref(body);
  if (rc) return rc;
  repr_webhook(&r->out, &w, 0);
  api_send(r, 200, w.version);
  return KEEL_OK;
}

int api_webhooks_delete(struct req *r) {
  int64_t id;
  json_t *body;
  int rc = req_id_param(r, 0, &id);
  if (!rc) rc = api_read(r, NULL, 0, &body);
  if (rc) return rc;
  json_decref(body);
  rc = app_webhook_delete(&r->x, id);
  if (rc) return rc;
  buf_printf(&r->out, "{\"id\":%lld,\"deleted\":true}", (long long)id);
  api_send(r, 200, 0);
  return KEEL_OK;
}

int api_webhooks_deliveries(struct req *r) {
  static const char *const allowed[] = {"before", "limit", NULL};
  int64_t id, before;
  int rc = api_check_query(r, allowed);
  if (!rc) rc = req_id_param(r, 0, &id);
  if (!rc) rc = query_id(r, "before", &before);
  if (rc) return rc;
  struct delivery_page pg;
  rc = app_webhook_deliveries(&r->x, id, before, req_query(r, "limit"), &pg);
  if (rc) return rc;
  buf_puts(&r->out, "{\"items\":[");
  for (size_t i = 0; i < pg.n; i++) {
    if (i) buf_putc(&r->out, ',');
    repr_delivery(&r->out, &pg.items[i]);
  }
  buf_puts(&r->out, "],\"next\":");
  if (pg.next_before) buf_printf(&r->out, "\"%lld\"}", (long long)pg.next_before);
  else buf_puts(&r->out, "null}");
  api_send(r, 200, 0);
  return KEEL_OK;
}

int api_webhooks_test(struct req *r) {
  int64_t id;
  json_t *body;
  int rc = req_id_param(r, 0, &id);
  if (!rc) rc = api_read(r, NULL, 0, &body);
  if (rc) return rc;
  json_decref(body);
  struct delivery d;
  rc = app_webhook_test(&r->x, id, &d);
  if (rc) return rc;
  repr_delivery(&r->out, &d);
  api_send(r, 202, 0);
  return KEEL_OK;
}

/* ---- settings ---- */

int api_settings_list(struct req *r) {
  int rc = api_check_query(r, NULL);
  if (rc) return rc;
  struct setting_view *ss;
  size_t n;
  rc = app_setting_list(&r->x, &ss, &n);
  if (rc) return rc;
  buf_puts(&r->out, "{\"items\":[");
  for (size_t i = 0; i < n; i++) {
    if (i) buf_putc(&r->out, ',');
    repr_setting(&r->out, &ss[i]);
  }
  buf_puts(&r->out, "]}");
  api_send(r, 200, 0);
  return KEEL_OK;
}

int api_settings_get(struct req *r) {
  int rc = api_check_query(r, NULL);
  if (rc) return rc;
  struct setting_view s;
  rc = app_setting_get(&r->x, r->params[0], &s);
  if (rc == KEEL_EINVAL) rc = KEEL_ENOTFOUND; /* an unknown key in a path is a page that does not exist */
  if (rc) return rc;
  repr_setting(&r->out, &s);
  api_send(r, 200, 0);
  return KEEL_OK;
}

int api_settings_put(struct req *r) {
  const char *value = NULL;
  const struct jfield f[] = {{"value", JK_STRING, JF_REQUIRED, &value, NULL}};
  json_t *body;
  int rc = api_read(r, f, 1, &body);
  if (rc) return rc;
  struct setting_view s;
  rc = app_setting_set(&r->x, r->params[0], value, &s);
  json_decref(body);
  if (rc) return rc;
  repr_setting(&r->out, &s);
  api_send(r, 200, 0);
  return KEEL_OK;
}

int api_settings_delete(struct req *r) {
  json_t *body;
  int rc = api_read(r, NULL, 0, &body);
  if (rc) return rc;
  json_decref(body);
  rc = app_setting_unset(&r->x, r->params[0]);
  if (rc) return rc;
  struct setting_view s;
  rc = app_setting_get(&r->x, r->params[0], &s);
  if (rc) return rc;
  repr_setting(&r->out, &s);
  api_send(r, 200, 0);
  return KEEL_OK;
}
