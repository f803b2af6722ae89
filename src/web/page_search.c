/* page_search.c — the search page, duplicate suggestions on the idea pages,
 * and what merged ideas left on their survivor's page. */
#include <string.h>

#include "domain/search.h"
#include "web/handlers.h"
#include "web/html.h"
#include "web/page_history.h"
#include "web/page_search.h"

static const char *const type_values[] = {"all", "feedback", "idea", "feature"};
static const char *const type_labels[] = {"Everything", "Feedback", "Ideas", "Features"};

/* Writes a marked text (SEARCH_MARK_*) with each match in <mark>, escaped. */
static void marked(struct req *r, const char *text) {
  struct search_segment *seg;
  size_t n = search_segments(r->a, text, &seg);
  for (size_t i = 0; i < n; i++) {
    if (seg[i].mark) html_printf(&r->out, "<mark>%h</mark>", seg[i].text);
    else html_printf(&r->out, "%h", seg[i].text);
  }
}

static const char *type_badge(enum search_type t) {
  switch (t) {
  case ST_IDEA: return "Idea";
  case ST_FEATURE: return "Feature";
  default: return "Feedback";
  }
}

static void hit_item(struct req *r, const struct search_hit *h) {
  buf *b = &r->out;
  html_printf(b, "<li class=\"hit hit-%a\"><p class=\"hit-head\"><span class=\"badge type-%a\">%h</span> ",
              search_type_name(h->type), search_type_name(h->type), type_badge(h->type));
  html_printf(b, "<a href=\"%a\">", search_item_url(r->a, h->type, h->id, h->key));
  if (h->type == ST_FEATURE) html_printf(b, "<span class=\"key\">%h</span> ", h->key);
  else if (h->type == ST_IDEA) html_printf(b, "<span class=\"key\">#%lld</span> ", (long long)h->id);
  if (h->title) marked(r, h->title);
  else html_printf(b, "Feedback %lld", (long long)h->id);
  html_printf(b, "</a></p>");
  if (h->snippet && *h->snippet) {
    html_printf(b, "<p class=\"snippet\">");
    marked(r, h->snippet);
    html_printf(b, "</p>");
  }
  html_printf(b, "<p class=\"muted hit-meta\">");
  if (h->product_key && *h->product_key) html_printf(b, "%h · ", h->product_key);
  html_printf(b, "%h", h->status);
  if (h->customer && *h->customer) html_printf(b, " · %h", h->customer);
  if (h->channel) html_printf(b, " · %h", h->channel);
  html_printf(b, " · ");
  html_time(r, h->at);
  html_printf(b, "</p></li>");
}

int page_search(struct req *r) {
  struct search_in in = {
      .q = req_query(r, "q"),
      .type = req_query(r, "type"),
      .product = req_query(r, "product"),
      .after = req_query(r, "after"),
  };
  if (in.product && !*in.product) in.product = NULL;
  if (in.type && (!*in.type || strcmp(in.type, "all") == 0)) in.type = NULL;
  struct product *ps;
  size_t np;
  int rc = app_product_list(&r->x, &ps, &np);
  if (rc) return rc;
  struct search_page pg = {0};
  struct keel_err failed = {0};
  int status = 200, asked = in.q && *in.q;
  if (asked) {
    rc = app_search(&r->x, &in, &pg);
    if (rc == KEEL_EINVAL) {
      failed = r->e;
      status = 422;
    } else if (rc) {
      return rc;
    }
  }
  page_begin(r, asked ? arena_printf(r->a, "Search: %s", in.q) : "Search", "search");
  buf *b = &r->out;
  html_printf(b, "<div class=\"page-head\"><h1>Search</h1></div>");
  html_printf(b, "<form method=\"get\" action=\"/search\" class=\"filters search-form\" role=\"search\">"
                 "<label class=\"grow\">Words <input type=\"search\" name=\"q\" value=\"%a\" maxlength=\"200\" autofocus "
                 "placeholder=\"export csv -pdf &quot;single sign&quot; integr*\"></label><label>Type <select name=\"type\">",
              in.q ? in.q : "");
  html_options(r, type_values, type_labels, 4, in.type ? in.type : "all");
  html_printf(b, "</select></label><label>Product <select name=\"product\"><option value=\"\">All products</option>");
  for (size_t i = 0; i < np; i++)
    html_printf(b, "<option value=\"%a\"%a>%h</option>", ps[i].key,
                in.product && strcmp(in.product, ps[i].key) == 0 ? " selected" : "", ps[i].key);
  html_printf(b, "</select></label><button type=\"submit\">Search</button></form>");
  if (status != 200) html_form_error(r, &failed);
  if (!asked) {
    html_printf(b, "<p class=\"lead\">Finds feedback, ideas and features by their words: all words must occur; "
                   "&quot;quoted words&quot; must occur together; -word leaves out what holds it; expo* finds words "
                   "starting with expo.</p>");
  } else if (status == 200 && pg.n == 0) {
    html_printf(b, "<p class=\"empty\">Nothing matches “%h”. Try fewer or other words.</p>", in.q);
  } else if (status == 200) {
    html_printf(b, "<ol class=\"hits\">");
    for (size_t i = 0; i < pg.n; i++) hit_item(r, &pg.items[i]);
    html_printf(b, "</ol>");
    if (pg.next) {
      buf q;
      buf_init(&q, 0);
      buf_printf(&q, "q=%u", in.q);
      if (in.type) buf_printf(&q, "&type=%u", in.type);
      if (in.product) buf_printf(&q, "&product=%u", in.product);
      buf_printf(&q, "&after=%u", pg.next);
      html_printf(b, "<nav class=\"pager\"><a class=\"button secondary\" href=\"/search?%a\">Next page →</a></nav>",
                  buf_cstr(&q));
      buf_free(&q);
    }
  }
  page_end(r, status);
  return KEEL_OK;
}

static int percent(double s) { return (int)(s * 100 + 0.5); }

void html_similar_list(struct req *r, const struct similar_hit *h, size_t n) {
  buf *b = &r->out;
  if (!n) {
    html_printf(b, "<p class=\"muted\">No similar ideas found.</p>");
    return;
  }
  html_printf(b, "<ul class=\"similar\">");
  for (size_t k = 0; k < n; k++) {
    const struct similar_candidate *c = &h[k].item;
    html_printf(b, "<li><a href=\"%a\">", search_item_url(r->a, c->type, c->id, c->key));
    if (c->type == ST_FEATURE) html_printf(b, "<span class=\"key\">%h</span> ", c->key);
    else html_printf(b, "<span class=\"key\">#%lld</span> ", (long long)c->id);
    html_printf(b, "%h</a> <span class=\"badge sim\" title=\"how alike the words are\">%d%%</span> "
                   "<span class=\"muted\">%h</span></li>",
                c->title ? c->title : "", percent(h[k].similarity), c->status);
  }
  html_printf(b, "</ul>");
}

void html_similar_panel(struct req *r, const struct idea *i) {
  if (i->merged_at) return;
  struct similar_hit *h;
  size_t n;
  struct keel_err saved = r->e;
  if (app_idea_similar(&r->x, i->id, &h, &n)) {
    r->e = saved; /* a side panel: leave it out rather than fail the page */
    return;
  }
  int pm = html_can(r, CAP_PRODUCT);
  if (!n && !pm) return;
  buf *b = &r->out;
  html_printf(b, "<section class=\"panel similar-panel\"><h2>Possibly the same as…</h2>");
  if (!n) html_printf(b, "<p class=\"muted\">No similar ideas found.</p>");
  else html_printf(b, "<ul class=\"similar\">");
  for (size_t k = 0; k < n; k++) {
    const struct similar_candidate *c = &h[k].item;
    html_printf(b, "<li><a href=\"/ideas/%lld\"><span class=\"key\">#%lld</span> %h</a> "
                   "<span class=\"badge sim\" title=\"how alike the words are\">%d%%</span> <span class=\"muted\">%h</span>",
                (long long)c->id, (long long)c->id, c->title, percent(h[k].similarity), c->status);
    if (pm) {
      html_printf(b, "<form method=\"post\" action=\"/ideas/%lld/merge\" class=\"inline\">", (long long)i->id);
      html_csrf(r);
      html_printf(b, "<input type=\"hidden\" name=\"version\" value=\"%lld\"><input type=\"hidden\" name=\"into\" value=\"%lld\">"
                     "<button type=\"submit\" class=\"secondary small\">Merge into #%lld</button></form>",
                  (long long)i->version, (long long)c->id, (long long)c->id);
    }
    html_printf(b, "</li>");
  }
  if (n) html_printf(b, "</ul>");
  if (pm) {
    html_printf(b, "<form method=\"post\" action=\"/ideas/%lld/merge\" class=\"stack\">", (long long)i->id);
    html_csrf(r);
    html_printf(b, "<input type=\"hidden\" name=\"version\" value=\"%lld\">"
                   "<label>Merge this idea into idea # <small>its votes, feedback and followers move there</small>"
                   "<input name=\"into\" inputmode=\"numeric\" required></label>"
                   "<button type=\"submit\" class=\"secondary\">Merge</button></form>",
                (long long)i->version);
  }
  html_printf(b, "</section>");
}

void html_merged_comments(struct req *r, int64_t id) {
  int64_t *ids;
  size_t n;
  struct keel_err saved = r->e;
  if (app_idea_merged_ids(&r->x, id, &ids, &n)) {
    r->e = saved;
    return;
  }
  buf *b = &r->out;
  for (size_t k = 0; k < n; k++) {
    struct comment *cs;
    size_t nc;
    if (app_comment_list(&r->x, "idea", ids[k], &cs, &nc)) {
      r->e = saved;
      continue;
    }
    if (!nc) continue;
    html_printf(b, "<section class=\"comments merged\"><h2>From merged idea <a href=\"/ideas/%lld\">#%lld</a></h2>",
                (long long)ids[k], (long long)ids[k]);
    for (size_t i = 0; i < nc; i++) {
      html_printf(b, "<article class=\"comment\" id=\"c%lld\"><header><strong>%h</strong> · from merged idea %lld · ",
                  (long long)cs[i].id, cs[i].author_id ? cs[i].author_name : "command line", (long long)ids[k]);
      html_time(r, cs[i].created_at);
      html_printf(b, "</header>");
      html_markdown(r, cs[i].body);
      html_printf(b, "</article>");
    }
    html_printf(b, "</section>");
  }
}
