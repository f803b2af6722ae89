/* page_admin.c — products, users (admins) and your own account. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "web/handlers.h"
#include "web/html.h"

static const char *const role_values[] = {"portal", "viewer", "contributor", "pm", "admin"};
static const char *const role_labels[] = {"Portal — a customer's person: the customer portal only",
                                          "Viewer — reads", "Contributor — also submits, votes, comments",
                                          "PM — all product work", "Admin — also manages users"};

/* ---- products ---- */

static int products_page(struct req *r, const struct keel_err *failed, const char *key, const char *name,
                         const char *desc, int status) {
  struct product *ps;
  size_t n;
  int rc = app_product_list(&r->x, &ps, &n);
  if (rc) return rc;
  page_begin(r, "Products", "products");
  buf *b = &r->out;
  html_printf(b, "<div class=\"page-head\"><h1>Products</h1></div>");
  html_notice(r);
  if (n == 0) html_printf(b, "<p class=\"empty\">No products yet.</p>");
  else {
    html_printf(b, "<table><thead><tr><th>Key</th><th>Name</th><th class=\"num\">Features</th><th></th></tr></thead><tbody>");
    for (size_t i = 0; i < n; i++)
      html_printf(b, "<tr><td><a href=\"/products/%u\">%h</a></td><td>%h</td><td class=\"num\">%lld</td>"
                     "<td><a href=\"/backlog?product=%u\">Backlog</a> · <a href=\"/board?product=%u\">Board</a> · "
                     "<a href=\"/ideas?product=%u\">Ideas</a></td></tr>",
                  ps[i].key, ps[i].key, ps[i].name, (long long)ps[i].feature_count, ps[i].key, ps[i].key, ps[i].key);
    html_printf(b, "</tbody></table>");
  }
  if (html_can(r, CAP_PRODUCT)) {
    html_printf(b, "<section class=\"panel\"><h2>Add a product</h2>");
    if (failed) html_form_error(r, failed);
    html_printf(b, "<form method=\"post\" action=\"/products\" class=\"stack\">");
    html_csrf(r);
    html_printf(b, "<div class=\"row\"><label>Key <small>2–10 capitals, like PAY</small><input name=\"key\" value=\"%a\" required "
                   "pattern=\"[A-Z][A-Z0-9]{1,9}\"></label><label>Name <input name=\"name\" value=\"%a\" required></label></div>"
                   "<label>Description (Markdown) <textarea name=\"description\" rows=\"3\">%h</textarea></label>"
                   "<button type=\"submit\">Add product</button></form></section>",
                key ? key : "", name ? name : "", desc ? desc : "");
  }
  page_end(r, status);
  return KEEL_OK;
}

int page_products(struct req *r) { return products_page(r, NULL, NULL, NULL, NULL, 200); }

int page_product_create(struct req *r) {
  struct product p;
  int rc = app_product_create(&r->x, form_get(r, "key"), form_get(r, "name"), form_get(r, "description"), &p);
  if (rc == KEEL_OK) {
    html_done(r, arena_printf(r->a, "/products/%s", p.key), "created");
    return KEEL_OK;
  }
  if (rc != KEEL_EINVAL && rc != KEEL_EEXISTS) return rc;
  struct keel_err failed = r->e;
  return products_page(r, &failed, form_get(r, "key"), form_get(r, "name"), form_get(r, "description"), http_status_for(rc));
}

static int product_page(struct req *r, const struct keel_err *failed, int status) {
  struct product p;
  int rc = app_product_get(&r->x, r->params[0], &p);
  if (rc) return rc;
  page_begin(r, p.name, "products");
  buf *b = &r->out;
  html_printf(b, "<div class=\"page-head\"><div><p class=\"crumbs\"><a href=\"/products\">Products</a></p>"
                 "<h1><span class=\"key\">%h</span> %h</h1></div><div class=\"actions\">"
                 "<a class=\"button secondary\" href=\"/backlog?product=%u\">Backlog</a> "
                 "<a class=\"button secondary\" href=\"/board?product=%u\">Board</a> "
                 "<a class=\"button secondary\" href=\"/ideas?product=%u\">Ideas</a></div></div>",
              p.key, p.name, p.key, p.key, p.key);
  html_notice(r);
  if (*p.description) html_markdown(r, p.description);
  html_printf(b, "<p class=\"muted\">%lld features · version %lld · updated ", (long long)p.feature_count, (long long)p.version);
  html_time(r, p.updated_at);
  html_printf(b, "</p>");
  if (html_can(r, CAP_PRODUCT)) {
    html_printf(b, "<section class=\"panel\"><h2>Edit</h2>");
    if (failed) html_form_error(r, failed);
    html_printf(b, "<form method=\"post\" action=\"/products/%u\" class=\"stack\">", p.key);
    html_csrf(r);
    html_printf(b, "<input type=\"hidden\" name=\"version\" value=\"%lld\"><label>Name <input name=\"name\" value=\"%a\" required></label>"
                   "<label>Description (Markdown) <textarea name=\"description\" rows=\"4\">%h</textarea></label>"
                   "<button type=\"submit\">Save</button></form></section>",
                (long long)p.version, p.name, p.description);
  }
  page_end(r, status);
  return KEEL_OK;
}

int page_product(struct req *r) { return product_page(r, NULL, 200); }

int page_product_update(struct req *r) {
  int64_t version;
  struct product p;
  int rc = form_version(r, &version);
  if (!rc) rc = app_product_update(&r->x, r->params[0], form_get(r, "name"), form_get(r, "description"), version, &p);
  if (rc == KEEL_OK) {
    html_done(r, arena_printf(r->a, "/products/%s", p.key), "saved");
    return KEEL_OK;
  }
  if (rc != KEEL_EINVAL && rc != KEEL_ESTALE) return rc;
  struct keel_err failed = r->e;
  return product_page(r, &failed, http_status_for(rc));
}

/* ---- users (admins) ---- */

static int users_page(struct req *r, const struct keel_err *failed, int status) {
  struct user *us;
  size_t n;
  int rc = app_user_list(&r->x, &us, &n);
  if (rc) return rc;
  page_begin(r, "Users", "users");
  buf *b = &r->out;
  html_printf(b, "<div class=\"page-head\"><h1>Users</h1><div class=\"actions\"><a class=\"button secondary\" "
                 "href=\"/admin/jobs\">Background jobs</a> <a class=\"button secondary\" href=\"/admin/webhooks\">Webhooks</a> "
                 "<a class=\"button secondary\" href=\"/admin/settings\">Settings</a></div></div>");
  html_notice(r);
  if (failed) html_form_error(r, failed);
  html_printf(b, "<table class=\"users\"><thead><tr><th>Name</th><th>E-mail</th><th>Role and access</th></tr></thead><tbody>");
  for (size_t i = 0; i < n; i++) {
    html_printf(b, "<tr%R><td>%h</td><td>%h</td><td><form method=\"post\" action=\"/admin/users/%lld\" class=\"inline\">",
                us[i].active ? "" : " class=\"inactive\"", us[i].name, us[i].email, (long long)us[i].id);
    html_csrf(r);
    html_printf(b, "<input type=\"hidden\" name=\"version\" value=\"%lld\"><select name=\"role\" aria-label=\"Role of %a\">",
                (long long)us[i].version, us[i].email);
    html_options(r, role_values, role_values, 5, role_name(us[i].role));
    html_printf(b, "</select> ");
    if (us[i].role == ROLE_PORTAL)
      html_printf(b, "<input name=\"customer\" value=\"%a\" size=\"10\" placeholder=\"customer\" aria-label=\"Customer of %a "
                     "(id or name)\" title=\"the customer this portal user speaks for (id or name)\"> ",
                  us[i].customer_id ? arena_printf(r->a, "%lld", (long long)us[i].customer_id) : "", us[i].email);
    html_printf(b, "<label class=\"check\"><input type=\"checkbox\" name=\"active\" value=\"yes\"%a> active</label> "
                   "<button type=\"submit\" class=\"small\">Save</button></form></td></tr>",
                us[i].active ? " checked" : "");
  }
  html_printf(b, "</tbody></table><section class=\"panel\"><h2>Add a user</h2><form method=\"post\" action=\"/admin/users\" class=\"stack\">");
  html_csrf(r);
  html_printf(b, "<div class=\"row\"><label>E-mail <input type=\"email\" name=\"email\" required></label>"
                 "<label>Name <input name=\"name\" required></label></div><label>Role <select name=\"role\">");
  html_options(r, role_values, role_labels, 5, "contributor");
  html_printf(b, "</select></label><label>Customer <small>portal users only: the customer they speak for (id or name)</small>"
                 "<input name=\"customer\"></label><label>First password <small>at least 8 characters; they can change it</small>"
                 "<input type=\"password\" name=\"password\" required minlength=\"8\" autocomplete=\"new-password\"></label>"
                 "<button type=\"submit\">Add user</button></form></section>");
  page_end(r, status);
  return KEEL_OK;
}

int page_users(struct req *r) { return users_page(r, NULL, 200); }

int page_user_create(struct req *r) {
  enum role role;
  struct user u;
  int rc = role_parse(form_get(r, "role"), &role) ? err_set(&r->e, KEEL_EINVAL, "role", "choose a role") : KEEL_OK;
  if (!rc)
    rc = app_user_create_for(&r->x, form_get(r, "email"), form_get(r, "name"), role, form_get(r, "customer"),
                             form_get(r, "password"), &u);
  if (rc == KEEL_OK) {
    html_done(r, "/admin/users", "created");
    return KEEL_OK;
  }
  if (rc != KEEL_EINVAL && rc != KEEL_EEXISTS) return rc;
  struct keel_err failed = r->e;
  return users_page(r, &failed, http_status_for(rc));
}

int page_user_update(struct req *r) {
  int64_t id, version;
  int rc = req_id_param(r, 0, &id);
  if (!rc) rc = form_version(r, &version);
  if (rc) return rc;
  struct user_patch p = {.has_active = 1, .active = strcmp(form_get(r, "active"), "yes") == 0};
  if (*form_get(r, "role")) {
    p.has_role = 1;
    if (role_parse(form_get(r, "role"), &p.role)) rc = err_set(&r->e, KEEL_EINVAL, "role", "unknown role");
  }
  /* The customer field of a portal user's row ("": none); a user made staff
   * speaks for no customer whatever the field says. */
  if (r->form_parsed && kv_get(&r->form, "customer") && (!p.has_role || p.role == ROLE_PORTAL))
    p.customer = form_get(r, "customer");
  struct user u;
  if (!rc) rc = app_user_update(&r->x, id, &p, version, &u);
  if (rc == KEEL_OK) {
    html_done(r, "/admin/users", "saved");
    return KEEL_OK;
  }
  if (rc != KEEL_EINVAL && rc != KEEL_ESTALE && rc != KEEL_ECONFLICT) return rc;
  struct keel_err failed = r->e;
  return users_page(r, &failed, http_status_for(rc));
}

/* ---- background jobs (admins) ---- */

static int jobs_page(struct req *r, const struct keel_err *failed, int status) {
  struct job *js;
  size_t n;
  int rc = app_job_list(&r->x, NULL, 100, &js, &n);
  if (rc) return rc;
  page_begin(r, "Background jobs", "users");
  buf *b = &r->out;
  html_printf(b, "<div class=\"page-head\"><h1>Background jobs</h1></div><p class=\"lead\">Work every server on this "
                 "workspace shares: each job runs once, on whichever server claims it. Housekeeping is queued hourly.</p>");
  html_notice(r);
  if (failed) html_form_error(r, failed);
  html_printf(b, "<form method=\"post\" action=\"/admin/jobs\" class=\"row\">");
  html_csrf(r);
  html_printf(b, "<label>Job <select name=\"kind\"><option value=\"housekeeping\">Housekeeping: purge ended sessions</option>"
                 "<option value=\"recount\">Recount votes</option></select></label><button type=\"submit\">Queue now</button></form>");
  if (n == 0) {
    html_printf(b, "<p class=\"empty\">No jobs yet.</p>");
  } else {
    html_printf(b, "<table><thead><tr><th>#</th><th>Kind</th><th>Status</th><th class=\"num\">Tries</th><th>Server</th>"
                   "<th>Finished</th><th>Result</th></tr></thead><tbody>");
    for (size_t i = 0; i < n; i++) {
      const struct job *j = &js[i];
      html_printf(b, "<tr><td>%lld</td><td>%h</td><td>%h</td><td class=\"num\">%lld</td><td>%h</td><td>", (long long)j->id,
                  job_kind_name(j->kind), job_status_name(j->status), (long long)j->attempts, j->claimed_by);
      if (j->finished_at) html_time(r, j->finished_at);
      html_printf(b, "</td><td>%h</td></tr>", j->result);
    }
    html_printf(b, "</tbody></table>");
  }
  page_end(r, status);
  return KEEL_OK;
}

int page_jobs(struct req *r) { return jobs_page(r, NULL, 200); }

int page_job_create(struct req *r) {
  int64_t id;
  int rc = app_job_enqueue(&r->x, form_get(r, "kind"), 0, &id);
  if (rc == KEEL_OK) {
    html_done(r, "/admin/jobs", "created");
    return KEEL_OK;
  }
  if (rc != KEEL_EINVAL) return rc;
  struct keel_err failed = r->e;
  return jobs_page(r, &failed, 422);
}

/* ---- your account ---- */

static int account_page(struct req *r, const struct keel_err *failed, const char *new_token, int status) {
  struct api_token *ts;
  size_t n;
  int rc = app_token_list(&r->x, 0, &ts, &n);
  if (rc) return rc;
  page_begin(r, "Your account", NULL);
  buf *b = &r->out;
  html_printf(b, "<div class=\"page-head\"><h1>%h</h1></div><p class=\"muted\">%h · %h</p>", r->actor.name, r->actor.email,
              role_name(r->actor.role));
  html_notice(r);
  if (failed) html_form_error(r, failed);
  if (new_token)
    html_printf(b, "<div class=\"notice token\" role=\"status\"><strong>Your new API token</strong> — copy it now, it is shown only once:"
                   "<pre><code>%h</code></pre>Use it as <code>Authorization: Bearer %h</code>.</div>",
                new_token, new_token);
  html_printf(b, "<div class=\"columns\"><section class=\"main-col\"><h2>API tokens</h2>");
  if (n == 0) html_printf(b, "<p class=\"empty\">No tokens yet.</p>");
  else {
    html_printf(b, "<table><thead><tr><th>Name</th><th>Created</th><th>Last used</th><th></th></tr></thead><tbody>");
    for (size_t i = 0; i < n; i++) {
      html_printf(b, "<tr%R><td>%h</td><td>", ts[i].revoked_at ? " class=\"inactive\"" : "", ts[i].name);
      html_time(r, ts[i].created_at);
      html_printf(b, "</td><td>");
      if (ts[i].last_used_at) html_time(r, ts[i].last_used_at);
      else html_printf(b, "never");
      html_printf(b, "</td><td>");
      if (ts[i].revoked_at) html_printf(b, "revoked");
      else {
        html_printf(b, "<form method=\"post\" action=\"/account/tokens/%lld/revoke\" class=\"inline\">", (long long)ts[i].id);
        html_csrf(r);
        html_printf(b, "<button type=\"submit\" class=\"small danger\">Revoke</button></form>");
      }
      html_printf(b, "</td></tr>");
    }
    html_printf(b, "</tbody></table>");
  }
  html_printf(b, "<form method=\"post\" action=\"/account/tokens\" class=\"row\">");
  html_csrf(r);
  html_printf(b, "<label>Name <input name=\"name\" placeholder=\"e.g. CI export script\"></label><button type=\"submit\">Create token</button></form>"
                 "</section><aside class=\"side-col\"><section class=\"panel\"><h2>Change password</h2>"
                 "<form method=\"post\" action=\"/account/password\" class=\"stack\">");
  html_csrf(r);
  html_printf(b, "<label>Current password <input type=\"password\" name=\"current_password\" required autocomplete=\"current-password\"></label>"
                 "<label>New password <input type=\"password\" name=\"new_password\" required minlength=\"8\" autocomplete=\"new-password\"></label>"
                 "<button type=\"submit\">Change password</button></form></section></aside></div>");
  page_end(r, status);
  return KEEL_OK;
}

int page_account(struct req *r) { return account_page(r, NULL, NULL, 200); }

int page_account_password(struct req *r) {
  int rc = app_user_set_password(&r->x, r->actor.user_id, form_get(r, "current_password"), form_get(r, "new_password"));
  if (rc == KEEL_OK) {
    resp_redirect(r, "/login?done=password");
    resp_cookie(r, "keel_session", "", 0);
    return KEEL_OK;
  }
  if (rc != KEEL_EINVAL && rc != KEEL_EPERM) return rc;
  struct keel_err failed = r->e;
  return account_page(r, &failed, NULL, http_status_for(rc));
}

int page_account_token_create(struct req *r) {
  const char *token;
  struct api_token t;
  int rc = app_token_create(&r->x, 0, form_get(r, "name"), &token, &t);
  if (rc == KEEL_EINVAL) {
    struct keel_err failed = r->e;
    return account_page(r, &failed, NULL, 422);
  }
  if (rc) return rc;
  return account_page(r, NULL, token, 201);
}

int page_account_token_revoke(struct req *r) {
  int64_t id;
  int rc = req_id_param(r, 0, &id);
  if (!rc) rc = app_token_revoke(&r->x, id);
  if (rc) return rc;
  html_done(r, "/account", "revoked");
  return KEEL_OK;
}
