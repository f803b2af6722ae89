/* page_idea.c — the ideas inbox, "My ideas", an idea's page and its forms
 * (submit, edit, triage, vote, comment). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "web/handlers.h"
#include "web/html.h"
#include "web/page_demand.h"
#include "web/page_history.h"
#include "web/page_portal.h"
#include "web/page_search.h"

static const char *const source_values[] = {"customer", "sales", "support", "engineering", "leadership", "other"};
static const char *const source_labels[] = {"Customer", "Sales", "Support", "Engineering", "Leadership", "Other"};
static const char *const status_values[] = {"open", "all", "new", "under_review", "planned", "declined", "duplicate"};
static const char *const status_labels[] = {"Open (new, under review)", "All", "New", "Under review", "Planned", "Declined", "Duplicate"};
static const char *const sort_values[] = {"newest", "votes", "updated"};
static const char *const sort_labels[] = {"Newest", "Most votes", "Last update"};

/* Writes where an idea stands for its submitter: the reason, the feature, or the original. */
static void outcome(struct req *r, const struct idea *i) {
  buf *b = &r->out;
  switch (i->status) {
  case IS_PLANNED:
    html_printf(b, "became <a href=\"/features/%u\">%h</a> ", i->feature_key, i->feature_key);
    html_feature_status(r, i->feature_status);
    break;
  case IS_DECLINED:
    html_printf(b, "<span class=\"reason\">%h</span>", i->decline_reason);
    break;
  case IS_DUPLICATE:
    html_printf(b, "%h <a href=\"/ideas/%lld\">idea %lld</a>", i->merged_at ? "merged into" : "same as",
                (long long)i->duplicate_of, (long long)i->duplicate_of);
    break;
  default:
    html_printf(b, "<span class=\"muted\">waiting for a PM</span>");
    break;
  }
}

static void idea_table(struct req *r, const struct idea_page *pg, int mine) {
  buf *b = &r->out;
  if (pg->n == 0) {
    html_printf(b, "<p class=\"empty\">%h</p>", mine ? "You have not submitted any ideas yet." : "No ideas match these filters.");
    return;
  }
  html_printf(b, "<table class=\"ideas\"><thead><tr><th>#</th><th>Idea</th><th>Product</th><th>Source</th>%R<th>Status</th>"
                 "<th>Outcome</th><th class=\"num\">Votes</th><th>Submitted</th></tr></thead><tbody>",
              mine ? "" : "<th>From</th>");
  for (size_t k = 0; k < pg->n; k++) {
    const struct idea *i = &pg->items[k];
    html_printf(b, "<tr><td>%lld</td><td><a href=\"/ideas/%lld\">%h</a>", (long long)i->id, (long long)i->id, i->title);
    if (*i->customer) html_printf(b, " <span class=\"muted\">· %h</span>", i->customer);
    html_printf(b, "</td><td>%h</td><td>%h</td>", i->product_key, idea_source_label(i->source));
    if (!mine) html_printf(b, "<td>%h</td>", i->submitted_by ? i->submitted_by_name : "command line");
    html_printf(b, "<td>");
    html_idea_status(r, i->status);
    html_printf(b, "</td><td>");
    outcome(r, i);
    html_printf(b, "</td><td class=\"num\">%lld%R</td><td>", (long long)i->votes, i->voted ? " <span title=\"you voted\">✓</span>" : "");
    html_time(r, i->created_at);
    html_printf(b, "</td></tr>");
  }
  html_printf(b, "</tbody></table>");
}

int page_ideas(struct req *r) {
  struct idea_list_in in = {
      .product = req_query(r, "product"),
      .status = req_query(r, "status"),
      .source = req_query(r, "source"),
      .text = req_query(r, "q"),
      .sort = req_query(r, "sort"),
      .after = req_query(r, "after"),
  };
  if (in.product && !*in.product) in.product = NULL;
  if (in.source && !*in.source) in.source = NULL;
  if (!in.status) in.status = "open";
  struct idea_page pg;
  int rc = app_idea_list(&r->x, &in, &pg);
  if (rc) return rc;
  struct product *ps;
  size_t np;
  rc = app_product_list(&r->x, &ps, &np);
  if (rc) return rc;
  page_begin(r, "Ideas", "ideas");
  buf *b = &r->out;
  html_printf(b, "<div class=\"page-head\"><h1>Ideas</h1><div class=\"actions\">");
  if (html_can(r, CAP_SUBMIT)) html_printf(b, "<a class=\"button\" href=\"/ideas/new\">Submit an idea</a>");
  html_printf(b, "</div></div>");
  html_notice(r);
  html_printf(b, "<form method=\"get\" action=\"/ideas\" class=\"filters\"><label>Product <select name=\"product\">"
                 "<option value=\"\">All products</option>");
  for (size_t i = 0; i < np; i++)
    html_printf(b, "<option value=\"%a\"%a>%h</option>", ps[i].key,
                in.product && strcmp(in.product, ps[i].key) == 0 ? " selected" : "", ps[i].key);
  html_printf(b, "</select></label><label>Status <select name=\"status\">");
  html_options(r, status_values, status_labels, 7, in.status);
  html_printf(b, "</select></label><label>Source <select name=\"source\"><option value=\"\">Any source</option>");
  html_options(r, source_values, source_labels, 6, in.source);
  html_printf(b, "</select></label><label>Sort <select name=\"sort\">");
  html_options(r, sort_values, sort_labels, 3, in.sort ? in.sort : "newest");
  html_printf(b, "</select></label><label>Title contains <input type=\"search\" name=\"q\" value=\"%a\"></label>"
                 "<button type=\"submit\">Apply</button></form>",
              in.text ? in.text : "");
  idea_table(r, &pg, 0);
  if (pg.next) {
    buf q;
    buf_init(&q, 2048);
    const char *names[] = {"product", "status", "source", "q", "sort"};
    const char *vals[] = {in.product, in.status, in.source, in.text, in.sort};
    for (int i = 0; i < 5; i++)
      if (vals[i] && *vals[i]) buf_printf(&q, "%s=%u&", names[i], vals[i]);
    buf_printf(&q, "after=%u", pg.next);
    html_printf(b, "<nav class=\"pager\"><a class=\"button secondary\" href=\"/ideas?%a\">Next page →</a></nav>", buf_cstr(&q));
    buf_free(&q);
  }
  page_end(r, 200);
  return KEEL_OK;
}

int page_ideas_mine(struct req *r) {
  struct idea_list_in in = {.mine = 1, .status = "all", .after = req_query(r, "after")};
  struct idea_page pg;
  int rc = app_idea_list(&r->x, &in, &pg);
  if (rc) return rc;
  page_begin(r, "My ideas", "mine");
  buf *b = &r->out;
  html_printf(b, "<div class=\"page-head\"><h1>My ideas</h1><div class=\"actions\">");
  if (html_can(r, CAP_SUBMIT)) html_printf(b, "<a class=\"button\" href=\"/ideas/new\">Submit an idea</a>");
  html_printf(b, "</div></div><p class=\"lead\">Every idea you sent, where it stands, and why.</p>");
  html_notice(r);
  idea_table(r, &pg, 1);
  if (pg.next)
    html_printf(b, "<nav class=\"pager\"><a class=\"button secondary\" href=\"/ideas/mine?after=%u\">Next page →</a></nav>", pg.next);
  page_end(r, 200);
  return KEEL_OK;
}

/* The submit/edit form. id 0: a new idea. */
static void idea_form(struct req *r, int64_t id, int64_t version, const struct idea_input *v, struct product *ps, size_t np) {
  buf *b = &r->out;
  if (id) html_printf(b, "<form method=\"post\" action=\"/ideas/%lld\" class=\"stack\">", (long long)id);
  else html_printf(b, "<form method=\"post\" action=\"/ideas\" class=\"stack\">");
  html_csrf(r);
  if (id) html_printf(b, "<input type=\"hidden\" name=\"version\" value=\"%lld\">", (long long)version);
  html_printf(b, "<label>Product <select name=\"product\" required>");
  for (size_t i = 0; i < np; i++)
    html_printf(b, "<option value=\"%a\"%a>%h — %h</option>", ps[i].key,
                v->product && strcmp(v->product, ps[i].key) == 0 ? " selected" : "", ps[i].key, ps[i].name);
  html_printf(b, "</select></label><label>Title <input name=\"title\" value=\"%a\" required maxlength=\"200\"></label>"
                 "<label>What problem would it solve? (Markdown) <textarea name=\"description\" rows=\"6\">%h</textarea></label>"
                 "<div class=\"row\"><label>Source <select name=\"source\">",
              v->title ? v->title : "", v->description ? v->description : "");
  html_options(r, source_values, source_labels, 6, v->source && *v->source ? v->source : "customer");
  html_printf(b, "</select></label><label>Customer <small>optional</small><input name=\"customer\" value=\"%a\" maxlength=\"200\"></label></div>"
                 "<div class=\"actions\"><button type=\"submit\">%h</button> %R<a href=\"%a\">Cancel</a></div></form>",
              v->customer ? v->customer : "", id ? "Save" : "Submit idea",
              id ? "" : "<button type=\"submit\" name=\"check\" value=\"1\" class=\"secondary\" formnovalidate>"
                        "Check for duplicates</button> ",
              id ? arena_printf(r->a, "/ideas/%lld", (long long)id) : "/ideas");
  if (!id) html_printf(b, "<div id=\"similar-live\" class=\"similar-live\" aria-live=\"polite\"></div>");
}

static struct idea_input input_from_form(struct req *r) {
  struct idea_input in = {
      .product = form_get(r, "product"),
      .title = form_get(r, "title"),
      .description = form_get(r, "description"),
      .source = form_get(r, "source"),
      .customer = form_get(r, "customer"),
  };
  return in;
}

int page_idea_new(struct req *r) {
  struct product *ps;
  size_t np;
  int rc = app_product_list(&r->x, &ps, &np);
  if (rc) return rc;
  struct idea_input v = {.product = req_query(r, "product")};
  page_begin(r, "Submit an idea", "ideas");
  html_printf(&r->out, "<h1>Submit an idea</h1><p class=\"lead\">Describe the problem, who has it and why it matters. "
                       "You can follow what happens to it on <a href=\"/ideas/mine\">My ideas</a>.</p>");
  if (!np) html_printf(&r->out, "<p class=\"empty\">There are no products yet; ask a PM to add one.</p>");
  else idea_form(r, 0, 0, &v, ps, np);
  page_end(r, 200);
  return KEEL_OK;
}

/* The submit form again, with the ideas its title and description resemble
 * (the "Check for duplicates" button: nothing is submitted). */
static int idea_check_page(struct req *r, const struct idea_input *in) {
  struct similar_hit *h;
  size_t n, np;
  struct product *ps;
  int rc = app_idea_similar_text(&r->x, in->title, in->description, in->product, &h, &n);
  struct keel_err failed = r->e;
  if (rc && rc != KEEL_EINVAL) return rc;
  int rc2 = app_product_list(&r->x, &ps, &np);
  if (rc2) return rc2;
  page_begin(r, "Submit an idea", "ideas");
  html_printf(&r->out, "<h1>Submit an idea</h1>");
  if (rc) {
    html_form_error(r, &failed);
  } else {
    html_printf(&r->out, "<section class=\"panel similar-panel\"><h2>Possibly the same as…</h2>"
                         "<p class=\"muted\">If one of these is your idea, vote for it instead.</p>");
    html_similar_list(r, h, n);
    html_printf(&r->out, "</section>");
  }
  idea_form(r, 0, 0, in, ps, np);
  page_end(r, rc ? 422 : 200);
  return KEEL_OK;
}

int page_idea_create(struct req *r) {
  struct idea_input in = input_from_form(r);
  if (*form_get(r, "check")) return idea_check_page(r, &in);
  struct idea i;
  int rc = app_idea_submit(&r->x, &in, &i);
  if (rc == KEEL_OK) {
    html_done(r, arena_printf(r->a, "/ideas/%lld", (long long)i.id), "submitted");
    return KEEL_OK;
  }
  if (rc != KEEL_EINVAL) return rc;
  struct product *ps;
  size_t np;
  struct keel_err saved = r->e;
  int rc2 = app_product_list(&r->x, &ps, &np);
  if (rc2) return rc2;
  page_begin(r, "Submit an idea", "ideas");
  html_printf(&r->out, "<h1>Submit an idea</h1>");
  html_form_error(r, &saved);
  idea_form(r, 0, 0, &in, ps, np);
  page_end(r, 422);
  return KEEL_OK;
}

/* Writes a one-button triage form. */
static void triage_button(struct req *r, const struct idea *i, const char *action, const char *label, const char *cls) {
  html_printf(&r->out, "<form method=\"post\" action=\"/ideas/%lld/triage\" class=\"inline\">", (long long)i->id);
  html_csrf(r);
  html_printf(&r->out, "<input type=\"hidden\" name=\"version\" value=\"%lld\"><input type=\"hidden\" name=\"action\" value=\"%a\">"
                       "<button type=\"submit\" class=\"%a\">%h</button></form> ",
              (long long)i->version, action, cls, label);
}

static int idea_page(struct req *r, int64_t id, int status) {
  struct keel_err failed = r->e; /* why the form was refused, when status != 200 */
  struct idea i;
  int rc = app_idea_get(&r->x, id, &i);
  if (rc) return rc;
  struct comment *cs;
  size_t nc;
  rc = app_comment_list(&r->x, "idea", i.id, &cs, &nc);
  if (rc) return rc;
  const char *ref = arena_printf(r->a, "%lld", (long long)i.id);
  struct history_in hin = {.entity_type = "idea", .ref = ref, .limit = 50};
  struct history_page hist;
  rc = app_history(&r->x, &hin, &hist);
  if (rc) return rc;
  int pm = html_can(r, CAP_PRODUCT);
  int own = i.submitted_by && i.submitted_by == r->actor.user_id;
  struct demand demand;
  rc = app_demand_idea(&r->x, i.id, &demand);
  if (rc) return rc;

  page_begin(r, arena_printf(r->a, "Idea %lld", (long long)i.id), "ideas");
  buf *b = &r->out;
  html_printf(b, "<div class=\"page-head\"><div><p class=\"crumbs\"><a href=\"/ideas?product=%u\">%h ideas</a></p>"
                 "<h1><span class=\"key\">#%lld</span> %h</h1><p class=\"badges\">",
              i.product_key, i.product_key, (long long)i.id, i.title);
  html_idea_status(r, i.status);
  html_printf(b, " <span class=\"muted\">from %h", idea_source_label(i.source));
  if (*i.customer) html_printf(b, " · %h", i.customer);
  html_printf(b, " · submitted by %h ", i.submitted_by ? i.submitted_by_name : "the command line");
  html_time(r, i.created_at);
  html_printf(b, "</span></p></div><div class=\"actions\">");
  if (pm || (own && i.status == IS_NEW)) html_printf(b, "<a class=\"button secondary\" href=\"/ideas/%lld/edit\">Edit</a>", (long long)i.id);
  html_printf(b, "</div></div>");
  if (status != 200) html_form_error(r, &failed);
  html_notice(r);
  if (i.status != IS_NEW && i.status != IS_UNDER_REVIEW) {
    html_printf(b, "<div class=\"outcome is-%a\"><strong>%h:</strong> ", idea_status_name(i.status), idea_status_label(i.status));
    outcome(r, &i);
    html_printf(b, "</div>");
  }
  html_printf(b, "<div class=\"columns\"><div class=\"main-col\"><section>");
  if (*i.description) html_markdown(r, i.description);
  else html_printf(b, "<p class=\"empty\">No description.</p>");
  html_printf(b, "</section>");
  html_comments(r, cs, nc, arena_printf(r->a, "/ideas/%lld/comments", (long long)i.id));
  html_merged_comments(r, i.id); /* page_search.c */
  html_printf(b, "</div><aside class=\"side-col\"><section class=\"panel votes\"><h2>%lld vote%h</h2>", (long long)i.votes,
              i.votes == 1 ? "" : "s");
  if (html_can(r, CAP_SUBMIT) && r->actor.user_id && (i.voted || (i.status != IS_DECLINED && i.status != IS_DUPLICATE))) {
    html_printf(b, "<form method=\"post\" action=\"/ideas/%lld/vote\">", (long long)i.id);
    html_csrf(r);
    html_printf(b, "<input type=\"hidden\" name=\"vote\" value=\"%a\"><button type=\"submit\" class=\"%a\">%h</button></form>",
                i.voted ? "off" : "on", i.voted ? "secondary" : "", i.voted ? "Withdraw my vote" : "Vote for this");
  }
  if (r->actor.user_id) { /* follow: hear of every status change (page_notify.c) */
    html_printf(b, "<form method=\"post\" action=\"/ideas/%lld/follow\" class=\"follow\">", (long long)i.id);
    html_csrf(r);
    html_printf(b, "<input type=\"hidden\" name=\"follow\" value=\"%a\"><button type=\"submit\" class=\"secondary\">%h</button></form>",
                i.following ? "off" : "on", i.following ? "Stop following" : "Follow");
  }
  html_printf(b, "</section>");
  if (pm) {
    html_printf(b, "<section class=\"panel triage\"><h2>Triage</h2>");
    if (i.status == IS_NEW) triage_button(r, &i, "review", "Start review", "secondary");
    if (i.status == IS_NEW || i.status == IS_UNDER_REVIEW) {
      triage_button(r, &i, "promote", "Promote to a new feature", "");
      html_printf(b, "<form method=\"post\" action=\"/ideas/%lld/triage\" class=\"stack\">", (long long)i.id);
      html_csrf(r);
      html_printf(b, "<input type=\"hidden\" name=\"version\" value=\"%lld\"><input type=\"hidden\" name=\"action\" value=\"promote\">"
                     "<label>Or link to feature <input name=\"feature\" placeholder=\"%a-1\" required></label>"
                     "<button type=\"submit\" class=\"secondary\">Link</button></form>",
                  (long long)i.version, i.product_key);
      html_printf(b, "<form method=\"post\" action=\"/ideas/%lld/triage\" class=\"stack\">", (long long)i.id);
      html_csrf(r);
      html_printf(b, "<input type=\"hidden\" name=\"version\" value=\"%lld\"><input type=\"hidden\" name=\"action\" value=\"decline\">"
                     "<label>Decline, because… <small>the submitter sees this</small><textarea name=\"reason\" rows=\"2\" required></textarea></label>"
                     "<button type=\"submit\" class=\"danger\">Decline</button></form>",
                  (long long)i.version);
      html_printf(b, "<form method=\"post\" action=\"/ideas/%lld/triage\" class=\"stack\">", (long long)i.id);
      html_csrf(r);
      html_printf(b, "<input type=\"hidden\" name=\"version\" value=\"%lld\"><input type=\"hidden\" name=\"action\" value=\"duplicate\">"
                     "<label>Duplicate of idea # <input name=\"of\" inputmode=\"numeric\" required></label>"
                     "<button type=\"submit\" class=\"secondary\">Mark duplicate</button></form>",
                  (long long)i.version);
    } else {
      triage_button(r, &i, "reopen", "Reopen for review", "secondary");
    }
    html_printf(b, "</section>");
  }
  html_similar_panel(r, &i); /* page_search.c: possible duplicates, merging */
  html_demand_panel(r, &demand, NULL, 0, 0, 0);
  html_publish_panel(r, &i);
  html_printf(b, "<section class=\"panel\"><h2>History</h2>");
  int mixed = 0; /* entries of ideas merged into this one: say which idea each is about */
  for (size_t k = 0; k < hist.n; k++)
    if (hist.items[k].entity_id != i.id) mixed = 1;
  html_history(r, hist.items, hist.n, mixed);
  html_printf(b, "</section></aside></div>");
  page_end(r, status);
  return KEEL_OK;
}

int page_idea(struct req *r) {
  int64_t id;
  int rc = req_id_param(r, 0, &id);
  if (rc) return rc;
  return idea_page(r, id, 200);
}

int page_idea_edit(struct req *r) {
  int64_t id;
  int rc = req_id_param(r, 0, &id);
  if (rc) return rc;
  struct idea i;
  rc = app_idea_get(&r->x, id, &i);
  if (rc) return rc;
  if (!html_can(r, CAP_PRODUCT) && !(i.submitted_by == r->actor.user_id && i.status == IS_NEW))
    return err_set(&r->e, KEEL_EPERM, NULL, "only the person who submitted an idea (while it is new), or a PM, can edit it");
  struct product *ps;
  size_t np;
  rc = app_product_list(&r->x, &ps, &np);
  if (rc) return rc;
  struct idea_input v = {i.product_key, i.title, i.description, idea_source_name(i.source), i.customer};
  page_begin(r, arena_printf(r->a, "Edit idea %lld", (long long)id), "ideas");
  html_printf(&r->out, "<h1>Edit idea #%lld</h1>", (long long)id);
  idea_form(r, id, i.version, &v, ps, np);
  page_end(r, 200);
  return KEEL_OK;
}

int page_idea_update(struct req *r) {
  int64_t id, version;
  int rc = req_id_param(r, 0, &id);
  if (!rc) rc = form_version(r, &version);
  if (rc) return rc;
  struct idea_input in = input_from_form(r);
  struct idea i;
  rc = app_idea_update(&r->x, id, &in, version, &i);
  if (rc == KEEL_OK) {
    html_done(r, arena_printf(r->a, "/ideas/%lld", (long long)id), "saved");
    return KEEL_OK;
  }
  if (rc != KEEL_EINVAL && rc != KEEL_ESTALE) return rc;
  struct keel_err saved = r->e;
  struct product *ps;
  size_t np;
  int rc2 = app_idea_get(&r->x, id, &i);
  if (!rc2) rc2 = app_product_list(&r->x, &ps, &np);
  if (rc2) return rc2;
  page_begin(r, arena_printf(r->a, "Edit idea %lld", (long long)id), "ideas");
  html_printf(&r->out, "<h1>Edit idea #%lld</h1>", (long long)id);
  if (rc == KEEL_ESTALE)
    html_printf(&r->out, "<div class=\"conflict\" role=\"alert\"><strong>Someone else changed this idea while you were editing.</strong> "
                         "Your text is below; it is now titled “%h” and is %h. Save again to replace their version, or "
                         "<a href=\"/ideas/%lld\">discard your changes</a>.</div>",
                i.title, idea_status_label(i.status), (long long)id);
  else
    html_form_error(r, &saved);
  idea_form(r, id, rc == KEEL_ESTALE ? i.version : version, &in, ps, np);
  page_end(r, http_status_for(rc));
  return KEEL_OK;
}

int page_idea_triage(struct req *r) {
  int64_t id, version;
  int rc = req_id_param(r, 0, &id);
  if (!rc) rc = form_version(r, &version);
  if (rc) return rc;
  const char *action = form_get(r, "action");
  struct idea i;
  if (strcmp(action, "review") == 0) rc = app_idea_review(&r->x, id, version, &i);
  else if (strcmp(action, "promote") == 0) rc = app_idea_promote(&r->x, id, *form_get(r, "feature") ? form_get(r, "feature") : NULL, version, &i, NULL);
  else if (strcmp(action, "decline") == 0) rc = app_idea_decline(&r->x, id, form_get(r, "reason"), version, &i);
  else if (strcmp(action, "reopen") == 0) rc = app_idea_reopen(&r->x, id, version, &i);
  else if (strcmp(action, "duplicate") == 0) {
    const char *of = form_get(r, "of");
    char *end;
    errno = 0;
    long long v = strtoll(of, &end, 10);
    if (end == of || *end || errno || v < 1) rc = err_set(&r->e, KEEL_EINVAL, "of", "give the number of the original idea");
    else rc = app_idea_mark_duplicate(&r->x, id, v, version, &i);
  } else {
    rc = err_set(&r->e, KEEL_EINVAL, "action", "unknown triage action");
  }
  if (rc == KEEL_OK) {
    html_done(r, arena_printf(r->a, "/ideas/%lld", (long long)id), "triaged");
    return KEEL_OK;
  }
  if (rc == KEEL_EINVAL || rc == KEEL_ESTALE || rc == KEEL_ECONFLICT) return idea_page(r, id, http_status_for(rc));
  return rc;
}

int page_idea_vote(struct req *r) {
  int64_t id;
  int rc = req_id_param(r, 0, &id);
  if (rc) return rc;
  int on = strcmp(form_get(r, "vote"), "off") != 0;
  struct idea i;
  rc = app_idea_vote(&r->x, id, on, &i);
  if (rc == KEEL_ECONFLICT) return idea_page(r, id, 409);
  if (rc) return rc;
  html_done(r, arena_printf(r->a, "/ideas/%lld", (long long)id), on ? "voted" : "unvoted");
  return KEEL_OK;
}

int page_idea_comment(struct req *r) {
  int64_t id;
  int rc = req_id_param(r, 0, &id);
  if (rc) return rc;
  struct comment c;
  rc = app_comment_write(&r->x, "idea", r->params[0], form_get(r, "body"), strcmp(form_get(r, "public"), "yes") == 0, &c);
  if (rc == KEEL_EINVAL) return idea_page(r, id, 422);
  if (rc) return rc;
  html_done(r, arena_printf(r->a, "/ideas/%lld", (long long)id), "commented");
  return KEEL_OK;
}

int page_idea_merge(struct req *r) {
  int64_t id, version;
  int rc = req_id_param(r, 0, &id);
  if (!rc) rc = form_version(r, &version);
  if (rc) return rc;
  const char *into = form_get(r, "into");
  char *end;
  errno = 0;
  long long v = strtoll(into, &end, 10);
  struct idea i, survivor;
  if (end == into || *end || errno || v < 1) rc = err_set(&r->e, KEEL_EINVAL, "into", "give the number of the idea to merge into");
  else rc = app_idea_merge(&r->x, id, v, version, &i, &survivor);
  if (rc == KEEL_OK) {
    html_done(r, arena_printf(r->a, "/ideas/%lld", v), "merged");
    return KEEL_OK;
  }
  if (rc == KEEL_EINVAL || rc == KEEL_ESTALE || rc == KEEL_ECONFLICT) return idea_page(r, id, http_status_for(rc));
  return rc;
}
