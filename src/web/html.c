/* html.c — layout, notices, badges and form helpers for pages. */
#include "web/html.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/md.h"
#include "core/timeutil.h"
#include "domain/score.h"
#include "web/page_portal.h"

struct nav_item {
  const char *id, *href, *label;
  enum cap cap;
};

static const struct nav_item nav_items[] = {
    {"backlog", "/backlog", "Backlog", CAP_READ},   {"board", "/board", "Board", CAP_READ},
    {"ideas", "/ideas", "Ideas", CAP_READ},         {"feedback", "/feedback", "Feedback", CAP_READ},
    {"customers", "/customers", "Customers", CAP_READ}, {"mine", "/ideas/mine", "My ideas", CAP_READ},
    {"strategy", "/strategy", "Strategy", CAP_READ}, /* strategy: vision, personas, objectives */
    {"matrix", "/matrix", "Matrix", CAP_READ},
    {"plan", "/plan", "Plan", CAP_READ}, /* planning (page_plan.c) */
    {"products", "/products", "Products", CAP_READ}, {"history", "/history", "History", CAP_READ},
    {"users", "/admin/users", "Users", CAP_ADMIN},
};

int html_can(const struct req *r, enum cap c) { return role_allows(r->actor.role, c); }

void page_begin(struct req *r, const char *title, const char *nav) {
  buf *b = &r->out;
  buf_reset(b);
  html_printf(b,
              "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
              "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
              "<title>%h · Keel</title><link rel=\"stylesheet\" href=\"/assets/app.css\">"
              "<script src=\"/assets/app.js\" defer></script>",
              title);
  if (r->via_session) html_printf(b, "<meta name=\"csrf-token\" content=\"%a\">", r->session.csrf);
  html_printf(b, "</head><body><header class=\"top\"><a class=\"brand\" href=\"/\">Keel</a>");
  if (r->actor.role != ROLE_NONE) {
    html_printf(b, "<nav aria-label=\"Main\">");
    for (size_t i = 0; i < sizeof nav_items / sizeof nav_items[0]; i++) {
      const struct nav_item *n = &nav_items[i];
      if (!html_can(r, n->cap)) continue;
      html_printf(b, "<a href=\"%a\"%R>%h</a>", n->href,
                  nav && strcmp(nav, n->id) == 0 ? " aria-current=\"page\"" : "", n->label);
    }
    if (r->actor.user_id && r->x.db) { /* the inbox, with one indexed count of what is unread */
      struct keel_err ignored;
      struct app x = r->x;
      int64_t unread = 0;
      x.e = &ignored;
      if (app_notification_unread(&x, &unread)) unread = 0;
      html_printf(b, "<a href=\"/inbox\" class=\"inbox-link\"%R>Inbox", nav && strcmp(nav, "inbox") == 0 ? " aria-current=\"page\"" : "");
      if (unread) html_printf(b, " <span class=\"count\" title=\"unread\">%lld</span>", (long long)unread);
      html_printf(b, "</a>");
    }
    html_printf(b, "</nav>");
    if (html_can(r, CAP_READ)) /* search everything (page_search.c) */
      html_printf(b, "<form method=\"get\" action=\"/search\" class=\"top-search\" role=\"search\">"
                     "<input type=\"search\" name=\"q\" placeholder=\"Search\" aria-label=\"Search feedback, ideas and features\" "
                     "maxlength=\"200\"></form>");
    html_printf(b, "<div class=\"who\"><a href=\"%a\" title=\"%a\">%h</a> <span class=\"role\">%h</span>",
                html_can(r, CAP_READ) ? "/account" : "/portal/account", r->actor.email, r->actor.name,
                role_name(r->actor.role));
    if (r->via_session) {
      html_printf(b, "<form method=\"post\" action=\"/logout\" class=\"inline\">");
      html_csrf(r);
      html_printf(b, "<button class=\"link\">Sign out</button></form>");
    }
    html_printf(b, "</div>");
  }
  html_printf(b, "</header><main>");
}

void page_end(struct req *r, int status) {
  html_printf(&r->out, "</main><footer>Keel %h</footer></body></html>\n", KEEL_VERSION);
  resp_html(r, status);
}

void page_error(struct req *r, int rc) {
  if (strncmp(r->path, "/portal", 7) == 0 && (r->path[7] == '\0' || r->path[7] == '/')) {
    portal_page_error(r, rc);
    return;
  }
  int status = http_status_for(rc);
  static const char *const titles[] = {[400] = "Bad request", [401] = "Sign in", [403] = "Not allowed",
                                       [404] = "Not found", [409] = "Conflict", [412] = "Changed meanwhile",
                                       [413] = "Too large", [422] = "Invalid input", [428] = "Version needed",
                                       [429] = "Too many attempts", [500] = "Something went wrong",
                                       [503] = "Busy", [405] = "Not allowed here"};
  const char *title = status < (int)(sizeof titles / sizeof titles[0]) && titles[status] ? titles[status] : "Error";
  page_begin(r, title, NULL);
  html_printf(&r->out, "<section class=\"error-page\"><h1>%h</h1><p>%h</p><p>", title,
              r->e.msg[0] ? r->e.msg : err_code_name(rc));
  if (rc == KEEL_EAUTH) html_printf(&r->out, "<a class=\"button\" href=\"/login\">Sign in</a> ");
  if (html_can(r, CAP_READ) || r->actor.role == ROLE_NONE)
    html_printf(&r->out, "<a href=\"/backlog\">Back to the backlog</a></p></section>");
  else
    html_printf(&r->out, "<a href=\"/portal\">Back to the ideas portal</a></p></section>");
  page_end(r, status);
}

void html_csrf(struct req *r) {
  if (r->via_session) html_printf(&r->out, "<input type=\"hidden\" name=\"_csrf\" value=\"%a\">", r->session.csrf);
}

void html_notice(struct req *r) {
  static const char *const notices[][2] = {
      {"saved", "Saved."},
      {"created", "Created."},
      {"moved", "Moved."},
      {"submitted", "Thanks — your idea is in. You can follow it on My ideas."},
      {"triaged", "Idea updated; the submitter will see its new status."},
      {"voted", "Vote recorded."},
      {"unvoted", "Vote withdrawn."},
      {"commented", "Comment added."},
      {"followed", "You follow this idea: your inbox tells you when its status changes."},
      {"unfollowed", "You no longer follow this idea."},
      {"read", "Marked as read."},
      {"queued", "Queued: the job worker sends it within seconds."},
      {"removed", "Removed."},
      {"linked", "Linked. The demand behind that idea or feature now counts this customer."},
      {"unlinked", "Link removed."},
      {"password", "Password changed. Sign in again with the new one."},
      {"revoked", "Token revoked."},
      {"signedout", "You are signed out."},
      {"published", "Published: customers see it in the portal."},
      {"unpublished", "Taken off the portal: customers no longer see it."},
      {"merged", "Merged: its votes, feedback and followers now count here."},
  };
  const char *done = req_query(r, "done");
  if (!done) return;
  for (size_t i = 0; i < sizeof notices / sizeof notices[0]; i++)
    if (strcmp(done, notices[i][0]) == 0)
      html_printf(&r->out, "<p class=\"notice\" role=\"status\">%h</p>", notices[i][1]);
}

void html_markdown(struct req *r, const char *text) {
  if (!text || !*text) return;
  buf md;
  buf_init(&md, 0);
  md_render(&md, text, strlen(text));
  html_printf(&r->out, "<div class=\"md\">%R</div>", buf_cstr(&md));
  buf_free(&md);
}

void html_time(struct req *r, int64_t t) {
  char iso[TIME_ISO_LEN];
  time_iso(t, iso);
  buf ago;
  buf_init(&ago, 128);
  time_ago(&ago, r->x.now, t);
  html_printf(&r->out, "<time datetime=\"%a\" title=\"%a\">%h</time>", iso, iso, buf_cstr(&ago));
  buf_free(&ago);
}

void html_form_error(struct req *r, const struct keel_err *e) {
  html_printf(&r->out, "<div class=\"form-error\" role=\"alert\"><strong>Not saved.</strong> %h</div>", e->msg);
}

void html_options(struct req *r, const char *const *values, const char *const *labels, int n, const char *current) {
  for (int i = 0; i < n; i++)
    html_printf(&r->out, "<option value=\"%a\"%a>%h</option>", values[i],
                current && strcmp(current, values[i]) == 0 ? " selected" : "", labels[i]);
}

void html_feature_status(struct req *r, enum feature_status s) {
  html_printf(&r->out, "<span class=\"badge st-%a\">%h</span>", feature_status_name(s), feature_status_label(s));
}

void html_horizon(struct req *r, enum horizon h) {
  html_printf(&r->out, "<span class=\"badge hz-%a\">%h</span>", horizon_name(h), horizon_label(h));
}

void html_idea_status(struct req *r, enum idea_status s) {
  html_printf(&r->out, "<span class=\"badge is-%a\">%h</span>", idea_status_name(s), idea_status_label(s));
}

void html_score(struct req *r, int set, double v) {
  if (!set) {
    html_printf(&r->out, "<span class=\"muted\" title=\"not scored\">–</span>");
    return;
  }
  buf shown, exact;
  buf_init(&shown, 64);
  buf_init(&exact, 64);
  score_display(&shown, v);
  buf_json_num(&exact, v);
  html_printf(&r->out, "<span title=\"%a\">%h</span>", buf_cstr(&exact), buf_cstr(&shown));
  buf_free(&shown);
  buf_free(&exact);
}

const char *form_get(struct req *r, const char *name) {
  const char *v = r->form_parsed ? kv_get(&r->form, name) : NULL;
  return v ? v : "";
}

int form_version(struct req *r, int64_t *out) {
  const char *v = form_get(r, "version");
  char *end;
  errno = 0;
  long long n = strtoll(v, &end, 10);
  if (end == v || *end || errno || n < 1)
    return err_set(&r->e, KEEL_ENEEDVERSION, "version", "the form did not say which version it edits; reload the page");
  *out = n;
  return KEEL_OK;
}

int html_local_path(const char *s) {
  if (!s || s[0] != '/' || s[1] == '/' || s[1] == '\\') return 0;
  for (const char *p = s; *p; p++)
    if ((unsigned char)*p < 0x20 || *p == 0x7f || *p == '\\') return 0;
  return 1;
}

void html_done(struct req *r, const char *path, const char *what) {
  resp_redirect(r, arena_printf(r->a, "%s%sdone=%s", path, strchr(path, '?') ? "&" : "?", what));
}
