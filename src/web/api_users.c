/* api_users.c — /api/v1/users, /api/v1/me and /api/v1/tokens */
#include "web/api.h"
#include "web/handlers.h"

/* Reads the body like api_read, taking "customer" (a portal user's customer:
 * its id, or null for none) out first: *customer is NULL when absent, "" for
 * null, else the id as text. */
static int read_with_customer(struct req *r, const struct jfield *f, size_t n, json_t **body, const char **customer) {
  *customer = NULL;
  int rc = req_json(r, body);
  if (rc) return rc;
  json_t *v = json_object_get(*body, "customer");
  if (v) {
    if (json_is_null(v)) *customer = "";
    else if (json_is_integer(v) && json_integer_value(v) > 0)
      *customer = arena_printf(r->a, "%lld", (long long)json_integer_value(v));
    else rc = err_set(&r->e, KEEL_EINVAL, "customer", "customer must be a customer's id, or null for none");
    if (!rc) json_object_del(*body, "customer");
  }
  if (!rc) rc = json_read(*body, f, n, "", &r->e);
  if (rc) {
    json_decref(*body);
    *body = NULL;
  }
  return rc;
}

static void send_user(struct req *r, int status, const struct user *u) {
  repr_user(&r->out, u);
  api_send(r, status, u->version);
}

int api_users_list(struct req *r) {
  int rc = api_check_query(r, NULL);
  if (rc) return rc;
  struct user *us;
  size_t n;
  rc = app_user_list(&r->x, &us, &n);
  if (rc) return rc;
  buf_puts(&r->out, "{\"items\":[");
  for (size_t i = 0; i < n; i++) {
    if (i) buf_putc(&r->out, ',');
    repr_user(&r->out, &us[i]);
  }
  buf_puts(&r->out, "],\"next\":null}");
  api_send(r, 200, 0);
  return KEEL_OK;
}

int api_users_create(struct req *r) {
  const char *email = NULL, *name = NULL, *role = NULL, *password = NULL, *customer = NULL;
  const struct jfield f[] = {
      {"email", JK_STRING, JF_REQUIRED, &email, NULL},
      {"name", JK_STRING, JF_REQUIRED, &name, NULL},
      {"role", JK_STRING, JF_REQUIRED, &role, NULL},
      {"password", JK_STRING, JF_REQUIRED, &password, NULL},
  };
  json_t *body;
  int rc = read_with_customer(r, f, 4, &body, &customer);
  if (rc) return rc;
  enum role ro;
  struct user u;
  if (role_parse(role, &ro)) rc = err_set(&r->e, KEEL_EINVAL, "role", "role must be admin, pm, contributor, viewer or portal");
  if (!rc) rc = app_user_create_for(&r->x, email, name, ro, customer, password, &u);
  json_decref(body);
  if (rc) return rc;
  resp_header(r, "Location", arena_printf(r->a, "/api/v1/users/%lld", (long long)u.id));
  send_user(r, 201, &u);
  return KEEL_OK;
}

int api_users_get(struct req *r) {
  int64_t id;
  int rc = api_check_query(r, NULL);
  if (!rc) rc = req_id_param(r, 0, &id);
  if (rc) return rc;
  struct user u;
  rc = app_user_get(&r->x, id, &u);
  if (rc) return rc;
  send_user(r, 200, &u);
  return KEEL_OK;
}

int api_users_update(struct req *r) {
  int64_t id, version;
  int rc = req_id_param(r, 0, &id);
  if (rc) return rc;
  const char *name = NULL, *role = NULL;
  int active = 0, has_active = 0;
  const struct jfield f[] = {
      {"name", JK_STRING, 0, &name, NULL},
      {"role", JK_STRING, 0, &role, NULL},
      {"active", JK_BOOL, 0, &active, &has_active},
  };
  json_t *body;
  const char *customer;
  rc = read_with_customer(r, f, 3, &body, &customer);
  if (rc) return rc;
  struct user_patch p = {.name = name, .has_active = has_active, .active = active, .customer = customer};
  if (role) {
    p.has_role = 1;
    if (role_parse(role, &p.role))
      rc = err_set(&r->e, KEEL_EINVAL, "role", "role must be admin, pm, contributor, viewer or portal");
  }
  struct user u;
  if (!rc) rc = req_if_match(r, &version);
  if (!rc) rc = app_user_update(&r->x, id, &p, version, &u);
  json_decref(body);
  if (rc) return rc;
  send_user(r, 200, &u);
  return KEEL_OK;
}

int api_me(struct req *r) {
  int rc = api_check_query(r, NULL);
  if (rc) return rc;
  struct user u;
  rc = app_user_get(&r->x, r->actor.user_id, &u);
  if (rc) return rc;
  send_user(r, 200, &u);
  return KEEL_OK;
}

int api_me_password(struct req *r) {
  const char *current = NULL, *next = NULL;
  const struct jfield f[] = {
      {"current_password", JK_STRING, JF_REQUIRED, &current, NULL},
      {"new_password", JK_STRING, JF_REQUIRED, &next, NULL},
  };
  json_t *body;
  int rc = api_read(r, f, 2, &body);
  if (rc) return rc;
  rc = app_user_set_password(&r->x, r->actor.user_id, current, next);
  json_decref(body);
  if (rc) return rc;
  buf_puts(&r->out, "{\"changed\":true}");
  api_send(r, 200, 0);
  return KEEL_OK;
}

int api_tokens_list(struct req *r) {
  int rc = api_check_query(r, NULL);
  if (rc) return rc;
  struct api_token *ts;
  size_t n;
  rc = app_token_list(&r->x, 0, &ts, &n);
  if (rc) return rc;
  buf_puts(&r->out, "{\"items\":[");
  for (size_t i = 0; i < n; i++) {
    if (i) buf_putc(&r->out, ',');
    repr_token(&r->out, &ts[i]);
  }
  buf_puts(&r->out, "],\"next\":null}");
  api_send(r, 200, 0);
  return KEEL_OK;
}

int api_tokens_create(struct req *r) {
  const char *name = NULL;
  const struct jfield f[] = {{"name", JK_STRING, 0, &name, NULL}};
  json_t *body;
  int rc = api_read(r, f, 1, &body);
  if (rc) return rc;
  const char *token;
  struct api_token t;
  rc = app_token_create(&r->x, 0, name, &token, &t);
  json_decref(body);
  if (rc) return rc;
  buf_printf(&r->out, "{\"token\":%J,\"id\":%lld,\"name\":%J}", token, (long long)t.id, t.name);
  api_send(r, 201, 0);
  return KEEL_OK;
}

int api_tokens_revoke(struct req *r) {
  int64_t id;
  int rc = req_id_param(r, 0, &id);
  if (rc) return rc;
  rc = app_token_revoke(&r->x, id);
  if (rc) return rc;
  buf_printf(&r->out, "{\"revoked\":%lld}", (long long)id);
  api_send(r, 200, 0);
  return KEEL_OK;
}
