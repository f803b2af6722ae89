/* page_history.c — history and comment lists, and the workspace history page. */
#include "web/page_history.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "web/handlers.h"
#include "web/html.h"

/* A readable sentence for an audit action. */
static const char *action_label(const char *action) {
  static const char *const labels[][2] = {
      {"feature.create", "created"},   {"feature.update", "edited"},       {"feature.move", "moved"},
      {"idea.submit", "submitted"},    {"idea.update", "edited"},          {"idea.review", "put under review"},
      {"idea.promote", "planned"},     {"idea.decline", "declined"},       {"idea.duplicate", "marked as duplicate"},
      {"idea.reopen", "reopened"},     {"idea.vote", "voted for"},         {"idea.unvote", "withdrew a vote from"},
      {"comment.add", "commented on"}, {"product.create", "created"},      {"product.update", "edited"},
      {"user.create", "added"},        {"user.update", "changed"},         {"user.password", "changed the password of"},
      {"token.create", "created a token for"}, {"token.revoke", "revoked a token of"},
      {"idea.merge", "merged"},        {"idea.merge_in", "merged a duplicate into"},
      {"feature.tradeoff", "made room in Now for"}, /* focus: a trade-off decision */
  };
  for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
    if (strcmp(action, labels[i][0]) == 0) return labels[i][1];
  return action;
}

static void entity_link(struct req *r, const struct audit_entry *en) {
  if (strcmp(en->entity_type, "feature") == 0)
    html_printf(&r->out, "<a href=\"/features/%u\">%h</a>", en->entity_label, en->entity_label);
  else if (strcmp(en->entity_type, "idea") == 0)
    html_printf(&r->out, "<a href=\"/ideas/%lld\">%h</a>", (long long)en->entity_id, en->entity_label);
  else
    html_printf(&r->out, "%h", en->entity_label);
}

void html_history(struct req *r, const struct audit_entry *items, size_t n, int with_entity) {
  buf *b = &r->out;
  if (n == 0) {
    html_printf(b, "<p class=\"empty\">No changes recorded yet.</p>");
    return;
  }
  html_printf(b, "<ol class=\"history\">");
  for (size_t i = 0; i < n; i++) {
    const struct audit_entry *en = &items[i];
    html_printf(b, "<li><div class=\"what\"><strong>%h</strong> %h ", en->actor_name, action_label(en->action));
    if (with_entity) entity_link(r, en);
    else html_printf(b, "this");
    html_printf(b, " · ");
    html_time(r, en->at);
    html_printf(b, "</div>");
    struct field_change *ch;
    size_t nch = audit_diff(r->a, en->before, en->after, &ch);
    if (nch) {
      html_printf(b, "<ul class=\"changes\">");
      for (size_t k = 0; k < nch; k++) {
        if (strcmp(ch[k].field, "description") == 0 || strcmp(ch[k].field, "comment") == 0) {
          html_printf(b, "<li><span class=\"field\">%h</span> %h</li>", ch[k].field,
                      en->before && *ch[k].before ? "changed" : "written");
          continue;
        }
        html_printf(b, "<li><span class=\"field\">%h</span> ", ch[k].field);
        if (en->before && *ch[k].before) html_printf(b, "<del>%.*h</del> → ", 120, ch[k].before);
        html_printf(b, "<ins>%.*h</ins></li>", 120, *ch[k].after ? ch[k].after : "(none)");
      }
      html_printf(b, "</ul>");
    }
    html_printf(b, "</li>");
  }
  html_printf(b, "</ol>");
}

void html_comments(struct req *r, const struct comment *cs, size_t n, const char *post_path) {
  buf *b = &r->out;
  html_printf(b, "<section class=\"comments\"><h2>Discussion</h2>");
  if (n == 0) html_printf(b, "<p class=\"empty\">No comments yet.</p>");
  for (size_t i = 0; i < n; i++) {
    html_printf(b, "<article class=\"comment\" id=\"c%lld\"><header><strong>%h</strong>%R · ", (long long)cs[i].id,
                cs[i].author_id ? cs[i].author_name : "command line",
                cs[i].is_public ? " <span class=\"badge public\" title=\"customers read it in the portal\">Public</span>" : "");
    html_time(r, cs[i].created_at);
    html_printf(b, "</header>");
    html_markdown(r, cs[i].body);
    html_printf(b, "</article>");
  }
  if (html_can(r, CAP_SUBMIT)) {
    html_printf(b, "<form method=\"post\" action=\"%a\" class=\"stack\">", post_path);
    html_csrf(r);
    html_printf(b, "<label>Add a comment (Markdown) <textarea name=\"body\" rows=\"3\" required></textarea></label>");
    if (strncmp(post_path, "/ideas/", 7) == 0)
      html_printf(b, "<label class=\"check\"><input type=\"checkbox\" name=\"public\" value=\"yes\"> "
                     "a reply for customers: show it in the portal</label>");
    html_printf(b, "<button type=\"submit\">Comment</button></form>");
  }
  html_printf(b, "</section>");
}

int page_history(struct req *r) {
  struct history_in in = {.limit = PAGE_DEFAULT};
  const char *before = req_query(r, "before");
  if (before) {
    char *end;
    errno = 0;
    in.before_id = strtoll(before, &end, 10);
    if (end == before || *end || errno || in.before_id < 1) in.before_id = 0;
  }
  struct history_page pg;
  int rc = app_history(&r->x, &in, &pg);
  if (rc) return rc;
  page_begin(r, "History", "history");
  html_printf(&r->out, "<div class=\"page-head\"><h1>Recent changes</h1></div>");
  html_history(r, pg.items, pg.n, 1);
  if (pg.next_before)
    html_printf(&r->out, "<nav class=\"pager\"><a class=\"button secondary\" href=\"/history?before=%lld\">Older →</a></nav>",
                (long long)pg.next_before);
  page_end(r, 200);
  return KEEL_OK;
}
