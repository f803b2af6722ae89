/* page_backlog.c — the ranked backlog (HTML and CSV) and the Now / Next /
 * Later board. Both rank by drag and drop with a script, and by small forms
 * without one. */
#include <string.h>

#include "core/csv.h"
#include "core/timeutil.h"
#include "domain/score.h"
#include "web/handlers.h"
#include "web/html.h"

static const char *const status_values[] = {"open", "all", "candidate", "planned", "in_progress", "shipped", "archived"};
static const char *const status_labels[] = {"Open (not shipped)", "All", "Candidate", "Planned", "In progress", "Shipped", "Archived"};
static const char *const horizon_values[] = {"", "now", "next", "later", "unplanned"};
static const char *const horizon_labels[] = {"Any horizon", "Now", "Next", "Later", "Unplanned"};
static const char *const sort_values[] = {"rank", "rice", "ice", "updated"};
static const char *const sort_labels[] = {"Manual rank", "RICE score", "ICE score", "Last update"};

/* The backlog's filters, as given in the query string. */
static struct feature_list_in filters(struct req *r) {
  struct feature_list_in in = {
      .product = req_query(r, "product"),
      .status = req_query(r, "status"),
      .horizon = req_query(r, "horizon"),
      .text = req_query(r, "q"),
      .sort = req_query(r, "sort"),
      .after = req_query(r, "after"),
      .limit = req_query(r, "limit"),
  };
  if (in.product && !*in.product) in.product = NULL;
  if (in.horizon && !*in.horizon) in.horizon = NULL;
  return in;
}

/* Appends the filters (without the cursor) as a query string to q. */
static void filter_query(buf *q, const struct feature_list_in *in) {
  const char *names[] = {"product", "status", "horizon", "q", "sort"};
  const char *vals[] = {in->product, in->status, in->horizon, in->text, in->sort};
  int first = 1;
  for (int i = 0; i < 5; i++) {
    if (!vals[i] || !*vals[i]) continue;
    buf_printf(q, "%s%s=%u", first ? "" : "&", names[i], vals[i]);
    first = 0;
  }
}

static void product_select(struct req *r, struct product *ps, size_t n, const char *current, int allow_all) {
  html_printf(&r->out, "<label>Product <select name=\"product\">");
  if (allow_all) html_printf(&r->out, "<option value=\"\">All products</option>");
  for (size_t i = 0; i < n; i++)
    html_printf(&r->out, "<option value=\"%a\"%a>%h — %h</option>", ps[i].key,
                current && strcmp(current, ps[i].key) == 0 ? " selected" : "", ps[i].key, ps[i].name);
  html_printf(&r->out, "</select></label>");
}

int page_backlog(struct req *r) {
  struct feature_list_in in = filters(r);
  struct feature_page pg;
  int rc = app_feature_list(&r->x, &in, &pg);
  if (rc) return rc;
  struct product *ps;
  size_t np;
  rc = app_product_list(&r->x, &ps, &np);
  if (rc) return rc;
  int pm = html_can(r, CAP_PRODUCT);
  int draggable = pm && pg.sort == FSORT_RANK && in.product;

  page_begin(r, "Backlog", "backlog");
  buf *b = &r->out;
  html_printf(b, "<div class=\"page-head\"><h1>Backlog</h1><div class=\"actions\">");
  if (pm) html_printf(b, "<a class=\"button\" href=\"/features/new%a%u\">New feature</a>", in.product ? "?product=" : "",
                      in.product ? in.product : "");
  buf q;
  buf_init(&q, 4096);
  filter_query(&q, &in);
  html_printf(b, "<a class=\"button secondary\" href=\"/backlog.csv?%a\">Export CSV</a></div></div>", buf_cstr(&q));
  html_notice(r);
  html_printf(b, "<form method=\"get\" action=\"/backlog\" class=\"filters\">");
  product_select(r, ps, np, in.product, 1);
  html_printf(b, "<label>Status <select name=\"status\">");
  html_options(r, status_values, status_labels, 7, in.status ? in.status : "open");
  html_printf(b, "</select></label><label>Horizon <select name=\"horizon\">");
  html_options(r, horizon_values, horizon_labels, 5, in.horizon ? in.horizon : "");
  html_printf(b, "</select></label><label>Sort <select name=\"sort\">");
  html_options(r, sort_values, sort_labels, 4, feature_sort_name(pg.sort));
  html_printf(b, "</select></label><label>Title contains <input type=\"search\" name=\"q\" value=\"%a\"></label>"
                 "<button type=\"submit\">Apply</button></form>",
              in.text ? in.text : "");
  if (pm && pg.sort == FSORT_RANK && !in.product)
    html_printf(b, "<p class=\"hint\">Pick a product to rank its features by dragging them.</p>");

  if (pg.n == 0) {
    html_printf(b, "<p class=\"empty\">No features match these filters.</p>");
  } else {
    html_printf(b, "<table class=\"backlog\"><thead><tr>%R<th>Key</th><th>Title</th><th>Status</th><th>Horizon</th>"
                   "<th class=\"num\" title=\"reach × impact × confidence ÷ effort\">RICE</th>"
                   "<th class=\"num\" title=\"impact × confidence × ease\">ICE</th><th class=\"num\">Votes</th>"
                   "<th>Updated</th>%R</tr></thead><tbody%R>",
                draggable ? "<th class=\"grip-col\"><span class=\"sr-only\">Drag</span></th>" : "",
                draggable ? "<th><span class=\"sr-only\">Move</span></th>" : "",
                draggable ? " data-drag-list=\"rank\"" : "");
    for (size_t i = 0; i < pg.n; i++) {
      const struct feature *f = &pg.items[i];
      html_printf(b, "<tr data-key=\"%a\" data-version=\"%lld\"%R>", f->key, (long long)f->version,
                  draggable ? " draggable=\"true\"" : "");
      if (draggable) html_printf(b, "<td class=\"grip\" aria-hidden=\"true\">⋮⋮</td>");
      html_printf(b, "<td><a href=\"/features/%u\">%h</a></td><td><a href=\"/features/%u\">%h</a></td><td>", f->key,
                  f->key, f->key, f->title);
      html_feature_status(r, f->status);
      html_printf(b, "</td><td>");
      html_horizon(r, f->horizon);
      html_printf(b, "</td><td class=\"num\">");
      html_score(r, f->rice.set, f->rice.set ? score_rice(&f->rice) : 0);
      html_printf(b, "</td><td class=\"num\">");
      html_score(r, f->ice.set, f->ice.set ? score_ice(&f->ice) : 0);
      html_printf(b, "</td><td class=\"num\">%lld</td><td>", (long long)f->vote_count);
      html_time(r, f->updated_at);
      html_printf(b, "</td>");
      if (draggable) {
        /* Without a script: one step up or down, relative to the neighbours shown. */
        html_printf(b, "<td class=\"move\">");
        if (i > 0) {
          html_printf(b, "<form method=\"post\" action=\"/features/%u/move\" class=\"inline\">", f->key);
          html_csrf(r);
          html_printf(b, "<input type=\"hidden\" name=\"version\" value=\"%lld\"><input type=\"hidden\" name=\"before\" "
                         "value=\"%a\"><input type=\"hidden\" name=\"back\" value=\"/backlog?%a\">"
                         "<button class=\"icon\" title=\"Move up\" aria-label=\"Move %a up\">↑</button></form>",
                      (long long)f->version, pg.items[i - 1].key, buf_cstr(&q), f->key);
        }
        if (i + 1 < pg.n) {
          html_printf(b, "<form method=\"post\" action=\"/features/%u/move\" class=\"inline\">", f->key);
          html_csrf(r);
          html_printf(b, "<input type=\"hidden\" name=\"version\" value=\"%lld\"><input type=\"hidden\" name=\"after\" "
                         "value=\"%a\"><input type=\"hidden\" name=\"back\" value=\"/backlog?%a\">"
                         "<button class=\"icon\" title=\"Move down\" aria-label=\"Move %a down\">↓</button></form>",
                      (long long)f->version, pg.items[i + 1].key, buf_cstr(&q), f->key);
        }
        html_printf(b, "</td>");
      }
      html_printf(b, "</tr>");
    }
    html_printf(b, "</tbody></table>");
  }
  if (pg.next) {
    html_printf(b, "<nav class=\"pager\"><a class=\"button secondary\" href=\"/backlog?%a%a%u\">Next page →</a></nav>",
                buf_cstr(&q), q.len ? "&after=" : "after=", pg.next);
  }
  html_printf(b, "<p class=\"status-line\" data-live aria-live=\"polite\"></p>");
  buf_free(&q);
  page_end(r, 200);
  return KEEL_OK;
}

int page_backlog_csv(struct req *r) {
  struct feature_list_in in = filters(r);
  if (!in.limit) in.limit = "500";
  struct feature_page pg;
  int rc = app_feature_list(&r->x, &in, &pg);
  if (rc) return rc;
  static const char *const head[] = {"key", "title", "status", "horizon", "rice", "ice", "reach", "impact",
                                     "confidence", "effort", "ideas", "votes", "updated_at"};
  for (size_t k = 0; k < 13; k++) csv_field(&r->out, head[k], k == 0);
  csv_end_row(&r->out);
  for (size_t i = 0; i < pg.n; i++) {
    const struct feature *f = &pg.items[i];
    csv_field(&r->out, f->key, 1);
    csv_field(&r->out, f->title, 0);
    csv_field(&r->out, feature_status_name(f->status), 0);
    csv_field(&r->out, horizon_name(f->horizon), 0);
    buf n;
    buf_init(&n, 256);
    const double vals[] = {f->rice.set ? score_rice(&f->rice) : 0, f->ice.set ? score_ice(&f->ice) : 0,
                           f->rice.reach, f->rice.impact, f->rice.confidence, f->rice.effort};
    const int set[] = {f->rice.set, f->ice.set, f->rice.set, f->rice.set, f->rice.set, f->rice.set};
    for (int k = 0; k < 6; k++) {
      buf_reset(&n);
      if (set[k]) buf_json_num(&n, vals[k]);
      csv_field(&r->out, buf_cstr(&n), 0);
    }
    buf_reset(&n);
    buf_printf(&n, "%lld", (long long)f->idea_count);
    csv_field(&r->out, buf_cstr(&n), 0);
    buf_reset(&n);
    buf_printf(&n, "%lld", (long long)f->vote_count);
    csv_field(&r->out, buf_cstr(&n), 0);
    buf_free(&n);
    char iso[32];
    time_iso(f->updated_at, iso);
    csv_field(&r->out, iso, 0);
    csv_end_row(&r->out);
  }
  r->status = 200;
  r->content_type = "text/csv; charset=utf-8";
  resp_header(r, "Content-Disposition", "attachment; filename=\"backlog.csv\"");
  if (pg.next) resp_header(r, "Link", arena_printf(r->a, "</backlog.csv?after=%s>; rel=\"next\"", pg.next));
  return KEEL_OK;
}

enum { BOARD_COLUMN_MAX = 200 };

int page_board(struct req *r) {
  struct product *ps;
  size_t np;
  int rc = app_product_list(&r->x, &ps, &np);
  if (rc) return rc;
  const char *product = req_query(r, "product");
  if ((!product || !*product) && np) product = ps[0].key;
  int pm = html_can(r, CAP_PRODUCT);
  page_begin(r, "Board", "board");
  buf *b = &r->out;
  html_printf(b, "<div class=\"page-head\"><h1>Now / Next / Later</h1></div>");
  html_notice(r);
  if (!np) {
    html_printf(b, "<p class=\"empty\">There are no products yet. <a href=\"/products\">Add one</a>.</p>");
    page_end(r, 200);
    return KEEL_OK;
  }
  html_printf(b, "<form method=\"get\" action=\"/board\" class=\"filters\">");
  product_select(r, ps, np, product, 0);
  html_printf(b, "<button type=\"submit\">Show</button></form>");
  page_board_focus(r, product); /* focus: Now's load against its capacity, and the way to focus health */
  if (pm) html_printf(b, "<p class=\"hint\">Drag a card to another column or place, or use its Move form.</p>");
  html_printf(b, "<div class=\"board\"%R>", pm ? " data-board" : "");
  for (int h = HZ_NOW; h < HZ_COUNT; h++) {
    char limit[16];
    snprintf(limit, sizeof limit, "%d", BOARD_COLUMN_MAX);
    struct feature_list_in in = {.product = product, .horizon = horizon_name((enum horizon)h), .sort = "rank",
                                 .limit = limit};
    struct feature_page pg;
    rc = app_feature_list(&r->x, &in, &pg);
    if (rc) return rc;
    html_printf(b, "<section class=\"column hz-%a\" data-horizon=\"%a\" aria-label=\"%a\"><h2>%h <span class=\"count\">%zu%h</span></h2>"
                   "<ol class=\"cards\" data-drag-list=\"board\">",
                horizon_name((enum horizon)h), horizon_name((enum horizon)h), horizon_label((enum horizon)h),
                horizon_label((enum horizon)h), pg.n, pg.next ? "+" : "");
    for (size_t i = 0; i < pg.n; i++) {
      const struct feature *f = &pg.items[i];
      html_printf(b, "<li class=\"card\" data-key=\"%a\" data-version=\"%lld\"%R><a class=\"key\" href=\"/features/%u\">%h</a> "
                     "<span class=\"title\">%h</span><div class=\"meta\">",
                  f->key, (long long)f->version, pm ? " draggable=\"true\"" : "", f->key, f->key, f->title);
      html_feature_status(r, f->status);
      if (f->rice.set) {
        html_printf(b, " <span class=\"score\">RICE ");
        html_score(r, 1, score_rice(&f->rice));
        html_printf(b, "</span>");
      }
      if (f->vote_count) html_printf(b, " <span class=\"votes\">%lld votes</span>", (long long)f->vote_count);
      html_printf(b, "</div>");
      if (pm) {
        html_printf(b, "<form method=\"post\" action=\"/features/%u/move\" class=\"card-move\">", f->key);
        html_csrf(r);
        html_printf(b, "<input type=\"hidden\" name=\"version\" value=\"%lld\"><input type=\"hidden\" name=\"back\" "
                       "value=\"/board?product=%a\"><label class=\"sr-only\" for=\"mv-%a\">Move %a to</label>"
                       "<select id=\"mv-%a\" name=\"horizon\">",
                    (long long)f->version, product, f->key, f->key, f->key);
        for (int k = HZ_NOW; k < HZ_COUNT; k++)
          html_printf(b, "<option value=\"%a\"%a>%h</option>", horizon_name((enum horizon)k), k == h ? " selected" : "",
                      horizon_label((enum horizon)k));
        html_printf(b, "</select><button type=\"submit\" class=\"small\">Move</button></form>");
      }
      html_printf(b, "</li>");
    }
    html_printf(b, "</ol>");
    if (pg.next)
      html_printf(b, "<p class=\"more\"><a href=\"/backlog?product=%u&amp;horizon=%u\">All of %h in the backlog →</a></p>",
                  product, horizon_name((enum horizon)h), horizon_label((enum horizon)h));
    html_printf(b, "</section>");
  }
  html_printf(b, "</div><p class=\"status-line\" data-live aria-live=\"polite\"></p>");
  page_end(r, 200);
  return KEEL_OK;
}
