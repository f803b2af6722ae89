/* page_portal.c — the customer portal's pages (/portal...): published ideas,
 * one idea with its votes and the comments meant for customers, submitting a
 * request (signed in, or anonymously when the workspace allows it), "My
 * requests" and the portal user's account; and, for PMs on an idea's page,
 * the panel that publishes it.
 *
 * The portal has its own layout and navigation. Everything it shows comes
 * from app_portal_* (what domain/portal.h lets a customer see); its error
 * pages are its own too, so that a portal user never meets the inside. */
#include <string.h>

#include "core/crypto.h"
#include "web/handlers.h"
#include "web/html.h"
#include "web/page_portal.h"

static const char *const status_values[] = {"all", "open", "new", "under_review", "planned", "declined", "duplicate"};
static const char *const status_labels[] = {"Any status", "Open (new, under review)", "New", "Under review", "Planned",
                                            "Declined", "Duplicate or merged"};
static const char *const sort_values[] = {"votes", "newest"};
static const char *const sort_labels[] = {"Most votes", "Newest"};

/* The cookie and field that protect the anonymous submission form, as the
 * sign-in form is protected (nobody is signed in, so there is no session
 * token): the form carries a random value that must match the cookie. */
#define ANON_COOKIE "keel_portal"
#define ANON_FIELD "portal_csrf"
enum { ANON_COOKIE_SECONDS = 3600 };

struct portal_nav {
  const char *id, *href, *label;
};

static const struct portal_nav nav_items[] = {
    {"ideas", "/portal", "Ideas"},
    {"submit", "/portal/submit", "Submit an idea"},
    {"requests", "/portal/requests", "My requests"},
    {"inbox", "/inbox", "Inbox"},
};

void portal_page_begin(struct req *r, const char *title, const char *nav) {
  buf *b = &r->out;
  buf_reset(b);
  int signed_in = r->actor.role != ROLE_NONE;
  html_printf(b,
              "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
              "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
              "<title>%h · Ideas portal</title><link rel=\"stylesheet\" href=\"/assets/app.css\">"
              "<script src=\"/assets/app.js\" defer></script>",
              title);
  if (r->via_session) html_printf(b, "<meta name=\"csrf-token\" content=\"%a\">", r->session.csrf);
  html_printf(b, "</head><body class=\"portal\"><header class=\"top portal-top\"><a class=\"brand\" href=\"/portal\">Ideas portal</a>");
  html_printf(b, "<nav aria-label=\"Portal\">");
  for (size_t i = 0; i < sizeof nav_items / sizeof nav_items[0]; i++) {
    const struct portal_nav *n = &nav_items[i];
    if (!signed_in && strcmp(n->id, "submit") != 0) continue;
    html_printf(b, "<a href=\"%a\"%R>%h</a>", n->href, nav && strcmp(nav, n->id) == 0 ? " aria-current=\"page\"" : "",
                n->label);
  }
  html_printf(b, "</nav><div class=\"who\">");
  if (signed_in) {
    html_printf(b, "<a href=\"/portal/account\" title=\"%a\">%h</a>", r->actor.email, r->actor.name);
    if (r->via_session) {
      html_printf(b, "<form method=\"post\" action=\"/logout\" class=\"inline\">");
      html_csrf(r);
      html_printf(b, "<button class=\"link\">Sign out</button></form>");
    }
  } else {
    html_printf(b, "<a href=\"/login?next=%u\">Sign in</a>", "/portal");
  }
  html_printf(b, "</div></header>");
  if (html_can(r, CAP_READ))
    html_printf(b, "<p class=\"portal-staff\" role=\"note\">You are seeing the portal as customers see it: published "
                   "ideas, and your own requests. <a href=\"/ideas\">Back to Keel</a></p>");
  html_printf(b, "<main class=\"portal-main\">");
}

void portal_page_end(struct req *r, int status) {
  html_printf(&r->out, "</main><footer>Keel %h</footer></body></html>\n", KEEL_VERSION);
  resp_html(r, status);
}

void portal_page_error(struct req *r, int rc) {
  int status = http_status_for(rc);
  const char *title = status == 404   ? "Not found"
                      : status == 401 ? "Sign in"
                      : status == 403 ? "Not allowed"
                      : status == 429 ? "Too many attempts"
                      : status == 503 ? "Busy"
                      : status >= 500 ? "Something went wrong"
                                      : "Not done";
  portal_page_begin(r, title, NULL);
  html_printf(&r->out, "<section class=\"error-page\"><h1>%h</h1><p>%h</p><p>", title,
              r->e.msg[0] ? r->e.msg : err_code_name(rc));
  if (rc == KEEL_EAUTH) html_printf(&r->out, "<a class=\"button\" href=\"/login?next=%u\">Sign in</a> ", "/portal");
  html_printf(&r->out, "<a href=\"/portal\">Back to the ideas</a></p></section>");
  portal_page_end(r, status);
}

/* Writes a notice for ?done=... after a redirect (a fixed set of messages). */
static void portal_notice(struct req *r) {
  static const char *const notices[][2] = {
      {"voted", "Vote recorded."},
      {"unvoted", "Vote withdrawn."},
      {"commented", "Comment added."},
      {"submitted", "Thanks — your idea is in. It is listed here while the team looks at it."},
      {"received", "Thanks — your idea is in. The team reads every one."},
  };
  const char *done = req_query(r, "done");
  if (!done) return;
  for (size_t i = 0; i < sizeof notices / sizeof notices[0]; i++)
    if (strcmp(done, notices[i][0]) == 0) html_printf(&r->out, "<p class=\"notice\" role=\"status\">%h</p>", notices[i][1]);
}

/* The status as customers read it, as a badge. */
static void status_badge(struct req *r, const struct portal_idea *i) {
  const char *cls = i->shipped ? "shipped" : i->merged ? "duplicate" : idea_status_name(i->status);
  html_printf(&r->out, "<span class=\"badge is-%a\">%h</span>", cls, portal_status_label(i));
}

/* Where the idea ended up, for those who asked: the reason, the original, the ship date. */
static void portal_outcome(struct req *r, const struct portal_idea *i) {
  buf *b = &r->out;
  if (i->status == IS_DECLINED && *i->decline_reason) {
    html_printf(b, "<span class=\"reason\">Declined: %h</span>", i->decline_reason);
  } else if (i->status == IS_DUPLICATE) {
    html_printf(b, "%h ", i->merged ? "Merged into" : "Same as");
    if (i->duplicate_title)
      html_printf(b, "<a href=\"/portal/ideas/%lld\">%h</a>", (long long)i->duplicate_of, i->duplicate_title);
    else html_printf(b, "another request");
  } else if (i->shipped) {
    html_printf(b, "Shipped ");
    html_time(r, i->shipped_at);
  } else if (i->status == IS_PLANNED) {
    html_printf(b, "Planned");
  }
}

/* The vote button for an idea (or the count alone when it takes no votes). */
static void vote_form(struct req *r, const struct portal_idea *i, const char *back) {
  buf *b = &r->out;
  html_printf(b, "<div class=\"portal-votes\"><strong data-votes>%lld</strong> <span class=\"muted\">vote%h</span>",
              (long long)i->votes, i->votes == 1 ? "" : "s");
  int closed = i->status == IS_DECLINED || i->status == IS_DUPLICATE;
  if (r->actor.user_id && (i->voted || !closed)) {
    html_printf(b, "<form method=\"post\" action=\"/portal/ideas/%lld/vote\" class=\"inline\">", (long long)i->id);
    html_csrf(r);
    html_printf(b, "<input type=\"hidden\" name=\"vote\" value=\"%a\"><input type=\"hidden\" name=\"back\" value=\"%a\">"
                   "<button type=\"submit\" class=\"small %a\">%h</button></form>",
                i->voted ? "off" : "on", back, i->voted ? "secondary" : "", i->voted ? "Withdraw my vote" : "Vote");
  }
  html_printf(b, "</div>");
}

/* ---- the list of published ideas ---- */

int page_portal(struct req *r) {
  struct portal_list_in in = {
      .product = req_query(r, "product"),
      .status = req_query(r, "status"),
      .sort = req_query(r, "sort"),
      .after = req_query(r, "after"),
  };
  if (in.product && !*in.product) in.product = NULL;
  struct portal_page pg;
  int rc = app_portal_list(&r->x, &in, &pg);
  if (rc) return rc;
  struct product *ps;
  size_t np;
  rc = app_portal_products(&r->x, &ps, &np);
  if (rc) return rc;
  portal_page_begin(r, "Ideas", "ideas");
  buf *b = &r->out;
  html_printf(b, "<div class=\"page-head\"><h1>Ideas</h1><div class=\"actions\"><a class=\"button\" href=\"/portal/submit\">"
                 "Submit an idea</a></div></div><p class=\"lead\">What the team is considering. Vote for what matters to "
                 "you, and follow what happens on <a href=\"/portal/requests\">My requests</a>.</p>");
  portal_notice(r);
  html_printf(b, "<form method=\"get\" action=\"/portal\" class=\"filters\"><label>Product <select name=\"product\">"
                 "<option value=\"\">All products</option>");
  for (size_t i = 0; i < np; i++)
    html_printf(b, "<option value=\"%a\"%a>%h</option>", ps[i].key,
                in.product && strcmp(in.product, ps[i].key) == 0 ? " selected" : "", ps[i].name);
  html_printf(b, "</select></label><label>Status <select name=\"status\">");
  html_options(r, status_values, status_labels, 7, in.status && *in.status ? in.status : "all");
  html_printf(b, "</select></label><label>Sort <select name=\"sort\">");
  html_options(r, sort_values, sort_labels, 2, in.sort && *in.sort ? in.sort : "votes");
  html_printf(b, "</select></label><button type=\"submit\">Apply</button></form>");
  if (pg.n == 0) html_printf(b, "<p class=\"empty\">No ideas here yet.</p>");
  else html_printf(b, "<ol class=\"portal-list\">");
  for (size_t k = 0; k < pg.n; k++) {
    const struct portal_idea *i = &pg.items[k];
    html_printf(b, "<li class=\"portal-card\" id=\"idea-%lld\">", (long long)i->id);
    vote_form(r, i, r->raw_query && *r->raw_query ? arena_printf(r->a, "/portal?%s", r->raw_query) : "/portal");
    html_printf(b, "<div class=\"portal-body\"><h2><a href=\"/portal/ideas/%lld\">%h</a></h2><p class=\"badges\">",
                (long long)i->id, i->title);
    status_badge(r, i);
    html_printf(b, " <span class=\"muted\">%h</span>", i->product_name);
    if (i->voted) html_printf(b, " <span class=\"muted\">· you voted</span>");
    if (i->mine) html_printf(b, " <span class=\"muted\">· you asked</span>");
    html_printf(b, "</p>");
    html_markdown(r, i->description);
    html_printf(b, "<p class=\"outcome-line\">");
    portal_outcome(r, i);
    html_printf(b, "</p></div></li>");
  }
  if (pg.n) html_printf(b, "</ol>");
  if (pg.next) {
    buf q;
    buf_init(&q, 2048);
    const char *names[] = {"product", "status", "sort"};
    const char *vals[] = {in.product, in.status, in.sort};
    for (int i = 0; i < 3; i++)
      if (vals[i] && *vals[i]) buf_printf(&q, "%s=%u&", names[i], vals[i]);
    buf_printf(&q, "after=%u", pg.next);
    html_printf(b, "<nav class=\"pager\"><a class=\"button secondary\" href=\"/portal?%a\">Next page →</a></nav>", buf_cstr(&q));
    buf_free(&q);
  }
  portal_page_end(r, 200);
  return KEEL_OK;
}

/* ---- one idea ---- */

static int portal_idea_page(struct req *r, int64_t id, const struct keel_err *failed, const char *draft, int status) {
  struct portal_idea i;
  int rc = app_portal_get(&r->x, id, &i);
  if (rc) return rc;
  struct portal_comment *cs;
  size_t nc;
  rc = app_portal_comments(&r->x, id, &cs, &nc);
  if (rc) return rc;
  portal_page_begin(r, i.title, "ideas");
  buf *b = &r->out;
  html_printf(b, "<p class=\"crumbs\"><a href=\"/portal?product=%u\">%h</a></p><div class=\"page-head\"><div><h1>%h</h1>"
                 "<p class=\"badges\">",
              i.product_key, i.product_name, i.title);
  status_badge(r, &i);
  if (i.mine) html_printf(b, " <span class=\"muted\">You asked for this%h</span>", i.is_public ? "" : " · only you and the team see it");
  html_printf(b, "</p></div></div>");
  if (failed) html_form_error(r, failed);
  portal_notice(r);
  html_printf(b, "<div class=\"columns\"><div class=\"main-col\">");
  if (i.status != IS_NEW && i.status != IS_UNDER_REVIEW) {
    html_printf(b, "<div class=\"outcome is-%a\">", idea_status_name(i.status));
    portal_outcome(r, &i);
    html_printf(b, "</div>");
  }
  if (*i.description) html_markdown(r, i.description);
  html_printf(b, "<section class=\"comments\"><h2>Discussion</h2>");
  if (nc == 0) html_printf(b, "<p class=\"empty\">No comments yet.</p>");
  for (size_t k = 0; k < nc; k++) {
    html_printf(b, "<article class=\"comment%R\" id=\"c%lld\"><header><strong>%h</strong>%R · ", cs[k].staff ? " team" : "",
                (long long)cs[k].id, cs[k].author, cs[k].staff ? " <span class=\"badge\">Team</span>" : "");
    html_time(r, cs[k].created_at);
    html_printf(b, "</header>");
    html_markdown(r, cs[k].body);
    html_printf(b, "</article>");
  }
  if (r->actor.user_id) {
    html_printf(b, "<form method=\"post\" action=\"/portal/ideas/%lld/comments\" class=\"stack\">", (long long)i.id);
    html_csrf(r);
    html_printf(b, "<label>Add a comment <small>everyone who can see this idea reads it</small>"
                   "<textarea name=\"body\" rows=\"3\" required>%h</textarea></label><button type=\"submit\">Comment</button></form>",
                draft ? draft : "");
  }
  html_printf(b, "</section></div><aside class=\"side-col\"><section class=\"panel votes\"><h2>Votes</h2>");
  vote_form(r, &i, arena_printf(r->a, "/portal/ideas/%lld", (long long)i.id));
  html_printf(b, "</section></aside></div>");
  portal_page_end(r, status);
  return KEEL_OK;
}

int page_portal_idea(struct req *r) {
  int64_t id;
  int rc = req_id_param(r, 0, &id);
  if (rc) return rc;
  return portal_idea_page(r, id, NULL, NULL, 200);
}

int page_portal_vote(struct req *r) {
  int64_t id;
  int rc = req_id_param(r, 0, &id);
  if (rc) return rc;
  int on = strcmp(form_get(r, "vote"), "off") != 0;
  struct portal_idea i;
  rc = app_portal_vote(&r->x, id, on, &i);
  if (rc == KEEL_ECONFLICT) {
    struct keel_err failed = r->e;
    return portal_idea_page(r, id, &failed, NULL, 409);
  }
  if (rc) return rc;
  const char *back = form_get(r, "back");
  if (!html_local_path(back) || strncmp(back, "/portal", 7) != 0) back = arena_printf(r->a, "/portal/ideas/%lld", (long long)id);
  html_done(r, back, on ? "voted" : "unvoted");
  return KEEL_OK;
}

int page_portal_comment(struct req *r) {
  int64_t id;
  int rc = req_id_param(r, 0, &id);
  if (rc) return rc;
  struct portal_comment c;
  rc = app_portal_comment(&r->x, id, form_get(r, "body"), &c);
  if (rc == KEEL_EINVAL) {
    struct keel_err failed = r->e;
    return portal_idea_page(r, id, &failed, form_get(r, "body"), 422);
  }
  if (rc) return rc;
  html_done(r, arena_printf(r->a, "/portal/ideas/%lld", (long long)id), "commented");
  return KEEL_OK;
}

/* ---- submitting ---- */

/* The submit form; anonymous forms ask for a name and an e-mail and carry
 * the value of a fresh ANON_COOKIE. */
static int submit_page(struct req *r, const struct portal_submission *v, const struct keel_err *failed, int status) {
  struct product *ps;
  size_t np;
  int anonymous = r->actor.role == ROLE_NONE;
  int rc = app_portal_products(&r->x, &ps, &np);
  if (rc) return rc;
  portal_page_begin(r, "Submit an idea", "submit");
  buf *b = &r->out;
  html_printf(b, "<h1>Submit an idea</h1><p class=\"lead\">Describe the problem you have, and why it matters to you. "
                 "The team reads every request%h</p>",
              anonymous ? "." : "; you can follow yours on My requests.");
  portal_notice(r);
  if (failed) html_form_error(r, failed);
  if (np == 0) {
    html_printf(b, "<p class=\"empty\">There is nothing to submit ideas for yet.</p>");
    portal_page_end(r, status);
    return KEEL_OK;
  }
  html_printf(b, "<form method=\"post\" action=\"/portal/submit\" class=\"stack\">");
  html_csrf(r);
  if (anonymous) {
    char tok[TOKEN_STR_LEN];
    token_generate(tok);
    resp_cookie(r, ANON_COOKIE, tok, ANON_COOKIE_SECONDS);
    html_printf(b, "<input type=\"hidden\" name=\"" ANON_FIELD "\" value=\"%a\"><div class=\"row\">"
                   "<label>Your name <input name=\"name\" value=\"%a\" required maxlength=\"120\" autocomplete=\"name\"></label>"
                   "<label>Your e-mail <small>for the team to reach you</small><input type=\"email\" name=\"email\" value=\"%a\" "
                   "required autocomplete=\"email\"></label></div>",
                tok, v->name ? v->name : "", v->email ? v->email : "");
  }
  html_printf(b, "<label>Product <select name=\"product\" required>");
  for (size_t i = 0; i < np; i++)
    html_printf(b, "<option value=\"%a\"%a>%h</option>", ps[i].key,
                v->product && strcmp(v->product, ps[i].key) == 0 ? " selected" : "", ps[i].name);
  html_printf(b, "</select></label><label>Title <input name=\"title\" value=\"%a\" required maxlength=\"200\"></label>"
                 "<label>What problem would it solve? (Markdown) <textarea name=\"description\" rows=\"6\">%h</textarea></label>"
                 "<div class=\"actions\"><button type=\"submit\">Submit idea</button> <a href=\"%a\">Cancel</a></div></form>",
              v->title ? v->title : "", v->description ? v->description : "", anonymous ? "/portal/submit" : "/portal");
  portal_page_end(r, status);
  return KEEL_OK;
}

/* Answers an anonymous caller when the workspace takes no anonymous ideas:
 * the sign-in page for a GET (as for any page), 401 for a POST. */
static int anonymous_refused(struct req *r, int *refused) {
  *refused = 0;
  if (r->actor.role != ROLE_NONE) return KEEL_OK;
  int on = 0;
  int rc = app_portal_anonymous(&r->x, &on);
  if (rc || on) return rc;
  *refused = 1;
  if (strcmp(r->method, "POST") == 0) return err_set(&r->e, KEEL_EAUTH, NULL, "sign in to submit ideas");
  resp_redirect(r, "/login?next=%2Fportal%2Fsubmit");
  return KEEL_OK;
}

int page_portal_submit_form(struct req *r) {
  int refused;
  int rc = anonymous_refused(r, &refused);
  if (rc || refused) return rc;
  struct portal_submission v = {.product = req_query(r, "product")};
  return submit_page(r, &v, NULL, 200);
}

int page_portal_submit(struct req *r) {
  int refused;
  int rc = anonymous_refused(r, &refused);
  if (rc || refused) return rc;
  int anonymous = r->actor.role == ROLE_NONE;
  if (anonymous) {
    const char *cookie = req_cookie(r, ANON_COOKIE);
    const char *sent = form_get(r, ANON_FIELD);
    if (!cookie || !*sent || strlen(cookie) != strlen(sent) || !ct_equal(cookie, sent, strlen(sent)))
      return err_set(&r->e, KEEL_EPERM, "_csrf", "the form expired; reload the page and try again");
  }
  struct portal_submission in = {
      .product = form_get(r, "product"),
      .title = form_get(r, "title"),
      .description = form_get(r, "description"),
      .name = anonymous ? form_get(r, "name") : NULL,
      .email = anonymous ? form_get(r, "email") : NULL,
      .client_addr = r->client_addr,
  };
  struct portal_idea i;
  rc = app_portal_submit(&r->x, &in, &i);
  if (rc == KEEL_OK) {
    if (anonymous) {
      resp_cookie(r, ANON_COOKIE, "", 0);
      html_done(r, "/portal/submit", "received");
    } else {
      html_done(r, "/portal/requests", "submitted");
    }
    return KEEL_OK;
  }
  if (rc != KEEL_EINVAL && rc != KEEL_ETHROTTLED) return rc;
  struct keel_err failed = r->e;
  if (rc == KEEL_ETHROTTLED) resp_header(r, "Retry-After", arena_printf(r->a, "%d", failed.retry_after));
  return submit_page(r, &in, &failed, http_status_for(rc));
}

/* ---- My requests ---- */

int page_portal_requests(struct req *r) {
  struct portal_list_in in = {.after = req_query(r, "after")};
  struct portal_page pg;
  int rc = app_portal_requests(&r->x, &in, &pg);
  if (rc) return rc;
  portal_page_begin(r, "My requests", "requests");
  buf *b = &r->out;
  html_printf(b, "<div class=\"page-head\"><h1>My requests</h1><div class=\"actions\"><a class=\"button\" href=\"/portal/submit\">"
                 "Submit an idea</a></div></div><p class=\"lead\">Every idea you submitted or voted for: where it stands, "
                 "and why.</p>");
  portal_notice(r);
  if (pg.n == 0) {
    html_printf(b, "<p class=\"empty\">Nothing yet: submit an idea, or vote for one on the <a href=\"/portal\">ideas</a> page.</p>");
  } else {
    html_printf(b, "<table class=\"portal-requests\"><thead><tr><th>Idea</th><th>Product</th><th>Status</th><th>Outcome</th>"
                   "<th class=\"num\">Votes</th><th>You</th><th>Last change</th></tr></thead><tbody>");
    for (size_t k = 0; k < pg.n; k++) {
      const struct portal_idea *i = &pg.items[k];
      html_printf(b, "<tr id=\"request-%lld\"><td><a href=\"/portal/ideas/%lld\">%h</a></td><td>%h</td><td>", (long long)i->id,
                  (long long)i->id, i->title, i->product_name);
      status_badge(r, i);
      html_printf(b, "</td><td>");
      portal_outcome(r, i);
      html_printf(b, "</td><td class=\"num\">%lld</td><td>%h%h%h</td><td>", (long long)i->votes, i->mine ? "asked" : "",
                  i->mine && i->voted ? ", " : "", i->voted ? "voted" : "");
      html_time(r, i->updated_at);
      html_printf(b, "</td></tr>");
    }
    html_printf(b, "</tbody></table>");
  }
  if (pg.next)
    html_printf(b, "<nav class=\"pager\"><a class=\"button secondary\" href=\"/portal/requests?after=%u\">Next page →</a></nav>",
                pg.next);
  portal_page_end(r, 200);
  return KEEL_OK;
}

/* ---- the portal user's account ---- */

static int account_page(struct req *r, const struct keel_err *failed, int status) {
  portal_page_begin(r, "Your account", NULL);
  buf *b = &r->out;
  html_printf(b, "<h1>%h</h1><p class=\"muted\">%h</p>", r->actor.name, r->actor.email);
  if (failed) html_form_error(r, failed);
  html_printf(b, "<section class=\"panel narrow\"><h2>Change password</h2><form method=\"post\" action=\"/portal/account/password\" "
                 "class=\"stack\">");
  html_csrf(r);
  html_printf(b, "<label>Current password <input type=\"password\" name=\"current_password\" required autocomplete=\"current-password\"></label>"
                 "<label>New password <input type=\"password\" name=\"new_password\" required minlength=\"8\" autocomplete=\"new-password\"></label>"
                 "<button type=\"submit\">Change password</button></form></section>");
  portal_page_end(r, status);
  return KEEL_OK;
}

int page_portal_account(struct req *r) { return account_page(r, NULL, 200); }

int page_portal_password(struct req *r) {
  int rc = app_user_set_password(&r->x, r->actor.user_id, form_get(r, "current_password"), form_get(r, "new_password"));
  if (rc == KEEL_OK) {
    resp_redirect(r, "/login?done=password");
    resp_cookie(r, "keel_session", "", 0);
    return KEEL_OK;
  }
  if (rc != KEEL_EINVAL && rc != KEEL_EPERM) return rc;
  struct keel_err failed = r->e;
  return account_page(r, &failed, http_status_for(rc));
}

/* ---- publishing, on an idea's page (PMs) ---- */

void html_publish_panel(struct req *r, const struct idea *i) {
  if (!html_can(r, CAP_PRODUCT)) return;
  buf *b = &r->out;
  html_printf(b, "<section class=\"panel publish\"><h2>Customer portal</h2>");
  if (i->is_public) {
    html_printf(b, "<p><span class=\"badge is-planned\">Published</span> Customers see it as "
                   "<a href=\"/portal/ideas/%lld\">“%h”</a>.</p>",
                (long long)i->id, portal_title(i->title, i->public_title));
  } else {
    html_printf(b, "<p class=\"muted\">Private: customers do not see this idea%h.</p>",
                i->submitted_by ? " (unless they submitted it)" : "");
  }
  html_printf(b, "<form method=\"post\" action=\"/ideas/%lld/publish\" class=\"stack\">", (long long)i->id);
  html_csrf(r);
  html_printf(b, "<input type=\"hidden\" name=\"version\" value=\"%lld\">"
                 "<label>Public title <small>empty: the title above</small><input name=\"public_title\" value=\"%a\" maxlength=\"200\" "
                 "placeholder=\"%a\"></label>"
                 "<label>Public description <small>Markdown; customers see only this</small>"
                 "<textarea name=\"public_description\" rows=\"4\">%h</textarea></label>"
                 "<button type=\"submit\" class=\"%a\">%h</button></form>",
              (long long)i->version, i->public_title ? i->public_title : "", i->title,
              i->public_description ? i->public_description : "", i->is_public ? "secondary" : "",
              i->is_public ? "Save public text" : "Publish to the portal");
  if (i->is_public) {
    html_printf(b, "<form method=\"post\" action=\"/ideas/%lld/unpublish\" class=\"inline\">", (long long)i->id);
    html_csrf(r);
    html_printf(b, "<input type=\"hidden\" name=\"version\" value=\"%lld\"><button type=\"submit\" class=\"secondary small\">"
                   "Unpublish</button></form>",
                (long long)i->version);
  }
  if (*i->submitter_email)
    html_printf(b, "<p class=\"muted\">Sent from the portal by %h &lt;<a href=\"mailto:%a\">%h</a>&gt;</p>", i->customer,
                i->submitter_email, i->submitter_email);
  html_printf(b, "</section>");
}

/* Publishes or unpublishes from the idea page's form, then shows the idea again. */
static int publish_form(struct req *r, int publish) {
  int64_t id, version;
  int rc = req_id_param(r, 0, &id);
  if (!rc) rc = form_version(r, &version);
  if (rc) return rc;
  struct idea i;
  if (publish) rc = app_idea_publish(&r->x, id, form_get(r, "public_title"), form_get(r, "public_description"), version, &i);
  else rc = app_idea_unpublish(&r->x, id, version, &i);
  if (rc) return rc;
  html_done(r, arena_printf(r->a, "/ideas/%lld", (long long)id), publish ? "published" : "unpublished");
  return KEEL_OK;
}

int page_idea_publish(struct req *r) { return publish_form(r, 1); }
int page_idea_unpublish(struct req *r) { return publish_form(r, 0); }
