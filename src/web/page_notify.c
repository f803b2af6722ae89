/* page_notify.c — the inbox (/inbox), following an idea from its page, and
 * the admin pages for webhooks (/admin/webhooks) and workspace settings
 * (/admin/settings). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "web/handlers.h"
#include "web/html.h"
#include "web/page_portal.h"

/* ---- following ---- */

int page_idea_follow(struct req *r) {
  int64_t id;
  int rc = req_id_param(r, 0, &id);
  if (rc) return rc;
  int on = strcmp(form_get(r, "follow"), "off") != 0;
  struct idea i;
  rc = app_idea_follow(&r->x, id, on, &i);
  if (rc) return rc;
  html_done(r, arena_printf(r->a, "/ideas/%lld", (long long)id), on ? "followed" : "unfollowed");
  return KEEL_OK;
}

/* ---- the inbox ---- */

/* Parses a positive id from a query parameter; 0 when absent or malformed. */
static int64_t query_id(struct req *r, const char *name) {
  const char *v = req_query(r, name);
  if (!v) return 0;
  char *end;
  errno = 0;
  long long n = strtoll(v, &end, 10);
  return end == v || *end || errno || n < 1 ? 0 : n;
}

int page_inbox(struct req *r) {
  const char *u = req_query(r, "unread");
  int unread = u && (strcmp(u, "1") == 0 || strcmp(u, "true") == 0);
  struct notification_page pg;
  int rc = app_notification_list(&r->x, unread, query_id(r, "before"), NULL, &pg);
  if (rc) return rc;
  /* Portal users stay in the portal's layout, with links to its pages. */
  int portal = r->actor.role == ROLE_PORTAL;
  if (portal) portal_page_begin(r, "Inbox", "inbox");
  else page_begin(r, "Inbox", "inbox");
  buf *b = &r->out;
  html_printf(b, "<div class=\"page-head\"><h1>Inbox</h1><div class=\"actions\">");
  if (pg.unread) {
    html_printf(b, "<form method=\"post\" action=\"/inbox/read-all\" class=\"inline\">");
    html_csrf(r);
    html_printf(b, "<button type=\"submit\" class=\"secondary\">Mark all %lld as read</button></form>", (long long)pg.unread);
  }
  html_printf(b, "</div></div><p class=\"lead\">What happened to the ideas you submitted, voted for or follow.</p>");
  html_notice(r);
  html_printf(b, "<p class=\"filters\"><a href=\"/inbox\"%R>All</a> · <a href=\"/inbox?unread=1\"%R>Unread (%lld)</a></p>",
              unread ? "" : " aria-current=\"page\"", unread ? " aria-current=\"page\"" : "", (long long)pg.unread);
  if (pg.n == 0) {
    html_printf(b, "<p class=\"empty\">%h</p>", unread ? "Nothing unread." : "No notifications yet. Follow an idea to hear when its status changes.");
  } else {
    html_printf(b, "<ul class=\"inbox\">");
    for (size_t k = 0; k < pg.n; k++) {
      const struct notification *n = &pg.items[k];
      html_printf(b, "<li class=\"%a\" id=\"n%lld\"><p class=\"title\">", n->read_at ? "read" : "unread", (long long)n->id);
      if (n->idea_id && html_can(r, CAP_READ))
        html_printf(b, "<a href=\"/ideas/%lld\">%h</a>", (long long)n->idea_id, n->title);
      else if (n->idea_id && portal)
        html_printf(b, "<a href=\"/portal/ideas/%lld\">%h</a>", (long long)n->idea_id, n->title);
      else html_printf(b, "%h", n->title);
      html_printf(b, "</p>");
      if (*n->body) html_printf(b, "<p class=\"muted\">%h</p>", n->body);
      html_printf(b, "<div class=\"meta\">");
      html_time(r, n->created_at);
      if (!n->read_at) {
        html_printf(b, " <form method=\"post\" action=\"/inbox/%lld/read\" class=\"inline\">", (long long)n->id);
        html_csrf(r);
        html_printf(b, "<button type=\"submit\" class=\"link\">Mark as read</button></form>");
      }
      html_printf(b, "</div></li>");
    }
    html_printf(b, "</ul>");
  }
  if (pg.next_before)
    html_printf(b, "<nav class=\"pager\"><a class=\"button secondary\" href=\"/inbox?%Rbefore=%lld\">Older →</a></nav>",
                unread ? "unread=1&amp;" : "", (long long)pg.next_before);
  if (portal) portal_page_end(r, 200);
  else page_end(r, 200);
  return KEEL_OK;
}

int page_inbox_read(struct req *r) {
  int64_t id;
  int rc = req_id_param(r, 0, &id);
  struct notification n;
  if (!rc) rc = app_notification_read(&r->x, id, &n);
  if (rc) return rc;
  html_done(r, "/inbox", "read");
  return KEEL_OK;
}

int page_inbox_read_all(struct req *r) {
  int64_t n;
  int rc = app_notification_read_all(&r->x, &n);
  if (rc) return rc;
  html_done(r, "/inbox", "read");
  return KEEL_OK;
}

/* ---- webhooks (admins) ---- */

static void events_list(struct req *r, unsigned mask) {
  int first = 1;
  for (int ev = 0; ev < WE_COUNT; ev++)
    if (mask & (1u << ev)) {
      html_printf(&r->out, "%h<code>%h</code>", first ? "" : ", ", webhook_event_name((enum webhook_event)ev));
      first = 0;
    }
}

static void delivery_status(struct req *r, const struct delivery *d) {
  html_printf(&r->out, "<span class=\"badge dl-%a\">%h</span>", delivery_status_name(d->status), delivery_status_name(d->status));
}

static int webhooks_page(struct req *r, const struct keel_err *failed, const struct webhook *created, const char *url,
                         int status) {
  struct webhook *ws;
  size_t n;
  int rc = app_webhook_list(&r->x, &ws, &n);
  if (rc) return rc;
  page_begin(r, "Webhooks", "users");
  buf *b = &r->out;
  html_printf(b, "<div class=\"page-head\"><h1>Webhooks</h1><div class=\"actions\"><a class=\"button secondary\" "
                 "href=\"/admin/settings\">Settings</a> <a class=\"button secondary\" href=\"/admin/users\">Users</a></div></div>"
                 "<p class=\"lead\">Keel POSTs a signed JSON message to each URL below when an idea's status changes. "
                 "Check the <code>X-Keel-Signature</code> header with the webhook's secret.</p>");
  html_notice(r);
  if (created)
    html_printf(b, "<div class=\"notice token\" role=\"status\"><strong>Webhook %lld added.</strong> Its signing secret — copy it "
                   "now, it is shown only once:<pre><code>%h</code></pre></div>",
                (long long)created->id, created->secret);
  if (n == 0) html_printf(b, "<p class=\"empty\">No webhooks yet.</p>");
  else {
    html_printf(b, "<table class=\"webhooks\"><thead><tr><th>#</th><th>URL</th><th>Events</th><th>State</th>"
                   "<th class=\"num\">Waiting</th><th class=\"num\">Failed</th></tr></thead><tbody>");
    for (size_t i = 0; i < n; i++) {
      html_printf(b, "<tr%R><td>%lld</td><td><a href=\"/admin/webhooks/%lld\">%h</a></td><td>", ws[i].active ? "" : " class=\"inactive\"",
                  (long long)ws[i].id, (long long)ws[i].id, ws[i].url);
      events_list(r, ws[i].events);
      html_printf(b, "</td><td>%h</td><td class=\"num\">%lld</td><td class=\"num\">%lld</td></tr>", ws[i].active ? "on" : "off",
                  (long long)ws[i].pending, (long long)ws[i].failed);
    }
    html_printf(b, "</tbody></table>");
  }
  html_printf(b, "<section class=\"panel\"><h2>Add a webhook</h2>");
  if (failed) html_form_error(r, failed);
  html_printf(b, "<form method=\"post\" action=\"/admin/webhooks\" class=\"stack\">");
  html_csrf(r);
  html_printf(b, "<label>URL <small>http:// or https://</small><input name=\"url\" type=\"url\" value=\"%a\" required "
                 "placeholder=\"https://hooks.example.com/keel\"></label>"
                 "<label class=\"check\"><input type=\"checkbox\" name=\"events\" value=\"idea.status\" checked> idea.status — an idea's status changed</label>"
                 "<label>Secret <small>optional: leave empty and Keel makes one</small><input name=\"secret\" autocomplete=\"off\"></label>"
                 "<button type=\"submit\">Add webhook</button></form></section>",
              url ? url : "");
  page_end(r, status);
  return KEEL_OK;
}

int page_webhooks(struct req *r) { return webhooks_page(r, NULL, NULL, NULL, 200); }

int page_webhook_create(struct req *r) {
  struct webhook_input in = {.url = form_get(r, "url"), .events = form_get(r, "events")};
  const char *secret = form_get(r, "secret");
  if (*secret) in.secret = secret;
  struct webhook w;
  int rc = app_webhook_create(&r->x, &in, &w);
  if (rc == KEEL_OK) return webhooks_page(r, NULL, &w, NULL, 201);
  if (rc != KEEL_EINVAL && rc != KEEL_ECONFLICT) return rc;
  struct keel_err failed = r->e;
  return webhooks_page(r, &failed, NULL, in.url, http_status_for(rc));
}

static int webhook_page(struct req *r, int64_t id, const struct keel_err *failed, int status) {
  struct webhook w;
  int rc = app_webhook_get(&r->x, id, &w);
  struct delivery_page pg;
  if (!rc) rc = app_webhook_deliveries(&r->x, id, query_id(r, "before"), NULL, &pg);
  if (rc) return rc;
  page_begin(r, arena_printf(r->a, "Webhook %lld", (long long)id), "users");
  buf *b = &r->out;
  html_printf(b, "<div class=\"page-head\"><div><p class=\"crumbs\"><a href=\"/admin/webhooks\">Webhooks</a></p>"
                 "<h1><span class=\"key\">#%lld</span> %h</h1><p class=\"muted\">",
              (long long)w.id, w.url);
  events_list(r, w.events);
  html_printf(b, " · %h</p></div><div class=\"actions\">", w.active ? "on" : "off");
  html_printf(b, "<form method=\"post\" action=\"/admin/webhooks/%lld/test\" class=\"inline\">", (long long)w.id);
  html_csrf(r);
  html_printf(b, "<button type=\"submit\" class=\"secondary\">Send a test</button></form> ");
  html_printf(b, "<form method=\"post\" action=\"/admin/webhooks/%lld/delete\" class=\"inline\">", (long long)w.id);
  html_csrf(r);
  html_printf(b, "<button type=\"submit\" class=\"danger\">Remove</button></form></div></div>");
  html_notice(r);
  if (failed) html_form_error(r, failed);
  html_printf(b, "<div class=\"columns\"><section class=\"main-col\"><h2>Deliveries</h2>");
  if (pg.n == 0) html_printf(b, "<p class=\"empty\">Nothing sent yet.</p>");
  else {
    html_printf(b, "<table class=\"deliveries\"><thead><tr><th>#</th><th>Event</th><th>Status</th><th class=\"num\">Attempts</th>"
                   "<th>Response</th><th>Last error</th><th>Queued</th></tr></thead><tbody>");
    for (size_t i = 0; i < pg.n; i++) {
      const struct delivery *d = &pg.items[i];
      html_printf(b, "<tr><td>%lld</td><td><code>%h</code></td><td>", (long long)d->id, d->event);
      delivery_status(r, d);
      html_printf(b, "</td><td class=\"num\">%lld</td><td>", (long long)d->attempts);
      if (d->response_code) html_printf(b, "%lld", (long long)d->response_code);
      else html_printf(b, "–");
      html_printf(b, "</td><td>%h</td><td>", d->last_error);
      html_time(r, d->created_at);
      html_printf(b, "</td></tr>");
    }
    html_printf(b, "</tbody></table>");
    if (pg.next_before)
      html_printf(b, "<nav class=\"pager\"><a class=\"button secondary\" href=\"/admin/webhooks/%lld?before=%lld\">Older →</a></nav>",
                  (long long)w.id, (long long)pg.next_before);
  }
  html_printf(b, "</section><aside class=\"side-col\"><section class=\"panel\"><h2>Change</h2>"
                 "<form method=\"post\" action=\"/admin/webhooks/%lld\" class=\"stack\">",
              (long long)w.id);
  html_csrf(r);
  html_printf(b, "<input type=\"hidden\" name=\"version\" value=\"%lld\">"
                 "<label>URL <input name=\"url\" type=\"url\" value=\"%a\" required></label>"
                 "<label class=\"check\"><input type=\"checkbox\" name=\"active\" value=\"yes\"%R> On: send deliveries</label>"
                 "<label>New secret <small>optional: replaces the current one</small><input name=\"secret\" autocomplete=\"off\"></label>"
                 "<button type=\"submit\">Save</button></form></section></aside></div>",
              (long long)w.version, w.url, w.active ? " checked" : "");
  page_end(r, status);
  return KEEL_OK;
}

int page_webhook(struct req *r) {
  int64_t id;
  int rc = req_id_param(r, 0, &id);
  if (rc) return rc;
  return webhook_page(r, id, NULL, 200);
}

int page_webhook_update(struct req *r) {
  int64_t id, version;
  int rc = req_id_param(r, 0, &id);
  if (!rc) rc = form_version(r, &version);
  if (rc) return rc;
  struct webhook_input in = {.url = form_get(r, "url"), .has_active = 1, .active = strcmp(form_get(r, "active"), "yes") == 0};
  if (*form_get(r, "secret")) in.secret = form_get(r, "secret");
  struct webhook w;
  rc = app_webhook_update(&r->x, id, &in, version, &w);
  if (rc == KEEL_OK) {
    html_done(r, arena_printf(r->a, "/admin/webhooks/%lld", (long long)id), "saved");
    return KEEL_OK;
  }
  if (rc != KEEL_EINVAL && rc != KEEL_ESTALE) return rc;
  struct keel_err failed = r->e;
  return webhook_page(r, id, &failed, http_status_for(rc));
}

int page_webhook_delete(struct req *r) {
  int64_t id;
  int rc = req_id_param(r, 0, &id);
  if (!rc) rc = app_webhook_delete(&r->x, id);
  if (rc) return rc;
  html_done(r, "/admin/webhooks", "removed");
  return KEEL_OK;
}

int page_webhook_test(struct req *r) {
  int64_t id;
  int rc = req_id_param(r, 0, &id);
  struct delivery d;
  if (!rc) rc = app_webhook_test(&r->x, id, &d);
  if (rc) return rc;
  html_done(r, arena_printf(r->a, "/admin/webhooks/%lld", (long long)id), "queued");
  return KEEL_OK;
}

/* ---- settings (admins) ---- */

static int settings_page(struct req *r, const struct keel_err *failed, int status) {
  struct setting_view *ss;
  size_t n;
  int rc = app_setting_list(&r->x, &ss, &n);
  if (rc) return rc;
  page_begin(r, "Settings", "users");
  buf *b = &r->out;
  html_printf(b, "<div class=\"page-head\"><h1>Workspace settings</h1><div class=\"actions\"><a class=\"button secondary\" "
                 "href=\"/admin/webhooks\">Webhooks</a> <a class=\"button secondary\" href=\"/admin/users\">Users</a></div></div>"
                 "<p class=\"lead\">Every server of this workspace reads these from the database.</p>");
  html_notice(r);
  if (failed) html_form_error(r, failed);
  html_printf(b, "<table class=\"settings\"><thead><tr><th>Setting</th><th>Value</th><th></th></tr></thead><tbody>");
  for (size_t i = 0; i < n; i++) {
    const struct setting_view *s = &ss[i];
    html_printf(b, "<tr id=\"%a\"><td><code>%h</code><br><small class=\"muted\">%h</small></td><td>", s->key, s->key, s->help);
    html_printf(b, "<form method=\"post\" action=\"/admin/settings\" class=\"row\">");
    html_csrf(r);
    html_printf(b, "<input type=\"hidden\" name=\"key\" value=\"%a\"><input type=\"hidden\" name=\"action\" value=\"set\">"
                   "<input name=\"value\" type=\"%a\" value=\"%a\" placeholder=\"%a\" aria-label=\"%a\">"
                   "<button type=\"submit\" class=\"small\">Save</button></form></td><td>",
                s->key, s->secret ? "password" : "text", s->secret || !s->is_set ? "" : s->value,
                s->secret && s->is_set ? "(set; type to replace)" : s->value, s->key);
    if (s->is_set) {
      html_printf(b, "<form method=\"post\" action=\"/admin/settings\" class=\"inline\">");
      html_csrf(r);
      html_printf(b, "<input type=\"hidden\" name=\"key\" value=\"%a\"><input type=\"hidden\" name=\"action\" value=\"unset\">"
                     "<button type=\"submit\" class=\"small secondary\">Reset</button></form>",
                  s->key);
    } else {
      html_printf(b, "<span class=\"muted\">default</span>");
    }
    html_printf(b, "</td></tr>");
  }
  html_printf(b, "</tbody></table>");
  page_end(r, status);
  return KEEL_OK;
}

int page_settings(struct req *r) { return settings_page(r, NULL, 200); }

int page_settings_update(struct req *r) {
  const char *key = form_get(r, "key"), *action = form_get(r, "action");
  int rc;
  if (strcmp(action, "unset") == 0) rc = app_setting_unset(&r->x, key);
  else rc = app_setting_set(&r->x, key, form_get(r, "value"), NULL);
  if (rc == KEEL_OK) {
    html_done(r, "/admin/settings", "saved");
    return KEEL_OK;
  }
  if (rc != KEEL_EINVAL) return rc;
  struct keel_err failed = r->e;
  return settings_page(r, &failed, 422);
}
