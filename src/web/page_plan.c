/* page_plan.c — the planning page (/plan: the planner's selection per team,
 * the cut line, what just missed and why, capacity bars drawn as SVG, the
 * allocation targets against what is planned) and the planning section of a
 * feature's page (team, size, category, dependencies). */
#include <stdlib.h>
#include <string.h>

#include "app/plan.h"
#include "web/handlers.h"
#include "web/html.h"
#include "web/page_plan.h"

enum {
  BAR_WIDTH = 320,   /* px, the capacity bar's full width */
  BAR_HEIGHT = 14,
  MISSED_SHOWN = 10, /* missed features listed per team */
};

/* A bar: used of capacity, drawn by the server (no script needed). */
static void capacity_bar(struct req *r, double used, double capacity) {
  double frac = capacity > 0 ? used / capacity : 0;
  if (frac > 1) frac = 1;
  int w = (int)(frac * BAR_WIDTH + 0.5);
  html_printf(&r->out,
              "<svg class=\"capacity-bar\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" "
              "aria-label=\"%g of %g person-months used\"><rect width=\"%d\" height=\"%d\" fill=\"#e4e7ec\"/>"
              "<rect width=\"%d\" height=\"%d\" fill=\"#2f5bd3\"/></svg>",
              BAR_WIDTH, BAR_HEIGHT, BAR_WIDTH, BAR_HEIGHT, used, capacity, BAR_WIDTH, BAR_HEIGHT, w, BAR_HEIGHT);
}

static void item_row(struct req *r, const struct plan_item *it, const char *why) {
  html_printf(&r->out, "<tr><td><a href=\"/features/%u\">%h</a></td><td>%h</td><td class=\"num\">%g</td><td class=\"num\">",
              it->key, it->key, it->title, it->size);
  if (it->scored) html_printf(&r->out, "%g", it->score);
  else html_printf(&r->out, "<span class=\"muted\">unscored</span>");
  html_printf(&r->out, "</td><td>%h</td><td>%h</td></tr>", plan_category_label(it->category), why ? why : "");
}

/* A PM's form to set the team's capacity for the period (no script needed). */
static void capacity_form(struct req *r, const struct plan_view *v, const struct plan_team *tm) {
  html_printf(&r->out, "<form method=\"post\" action=\"/plan/capacity\" class=\"inline capacity-form\">");
  html_csrf(r);
  html_printf(&r->out,
              "<input type=\"hidden\" name=\"product\" value=\"%a\"><input type=\"hidden\" name=\"period\" value=\"%a\">"
              "<input type=\"hidden\" name=\"team\" value=\"%lld\"><label>Capacity in %h "
              "<input name=\"capacity\" value=\"%g\" inputmode=\"decimal\" size=\"6\"></label> "
              "<button type=\"submit\" class=\"secondary\">Set</button></form>",
              v->product, v->period, (long long)tm->id, v->period, tm->capacity);
}

static void team_section(struct req *r, const struct plan_view *v, size_t t) {
  buf *b = &r->out;
  const struct plan_result *res = &v->r;
  const struct plan_team *tm = &v->teams[t];
  html_printf(b, "<section class=\"plan-team\"><h2>%h <span class=\"count\">%g of %g person-months</span></h2>", tm->name,
              res->used[t], tm->capacity);
  capacity_bar(r, res->used[t], tm->capacity);
  if (html_can(r, CAP_PRODUCT)) capacity_form(r, v, tm);
  html_printf(b, "<table><thead><tr><th>Key</th><th>Feature</th><th class=\"num\">Size</th><th class=\"num\">Score</th>"
                 "<th>Category</th><th>Why not</th></tr></thead><tbody>");
  int any = 0;
  for (size_t k = 0; k < res->nselected; k++)
    if (v->items[res->selected[k]].team == t) {
      item_row(r, &v->items[res->selected[k]], NULL);
      any = 1;
    }
  if (!any) html_printf(b, "<tr><td colspan=\"6\" class=\"empty\">Nothing selected.</td></tr>");
  html_printf(b, "<tr class=\"cut-line\"><td colspan=\"6\">Cut line: below it, what did not fit</td></tr>");
  size_t shown = 0, more = 0;
  for (size_t k = 0; k < res->nmissed; k++) {
    const struct plan_missed *m = &res->missed[k];
    if (v->items[m->item].team != t) continue;
    if (shown == MISSED_SHOWN) {
      more++;
      continue;
    }
    item_row(r, &v->items[m->item], plan_why_text(r->a, v, m));
    shown++;
  }
  html_printf(b, "</tbody></table>");
  if (more) html_printf(b, "<p class=\"muted\">and %zu more below the cut line</p>", more);
  html_printf(b, "</section>");
}

static void allocation_section(struct req *r, const struct plan_view *v, const struct allocation_view *al) {
  buf *b = &r->out;
  html_printf(b, "<section class=\"allocation\"><h2>Allocation</h2>");
  if (!al->has_targets) {
    html_printf(b, "<p class=\"empty\">No allocation targets for %h. Set them with <code>keel allocation set</code> or "
                   "PUT /api/v1/products/%h/allocation.</p></section>",
                v->period, v->product);
    return;
  }
  double sel = 0;
  for (size_t k = 0; k < v->r.nselected; k++) sel += v->items[v->r.selected[k]].size;
  html_printf(b, "<table><thead><tr><th>Category</th><th class=\"num\">Target %%</th><th class=\"num\">On Now %%</th>"
                 "<th class=\"num\">Gap</th><th class=\"num\">This plan %%</th></tr></thead><tbody>");
  for (int c = 1; c < PC_COUNT; c++) {
    const struct allocation_row *row = &al->total.rows[c];
    double mine = sel > 0 ? 100.0 * v->r.cat_used[c] / sel : 0;
    html_printf(b, "<tr><td>%h</td><td class=\"num\">", plan_category_label(c));
    if (row->has_target) html_printf(b, "%g", row->target);
    else html_printf(b, "–");
    html_printf(b, "</td><td class=\"num\">%.1f</td><td class=\"num\">", row->actual);
    if (row->has_target) html_printf(b, "%+.1f", row->gap);
    else html_printf(b, "–");
    html_printf(b, "</td><td class=\"num\">%.1f</td></tr>", mine);
  }
  html_printf(b, "</tbody></table><p class=\"muted\">On Now: open features on the Now horizon with a size. This plan: "
                 "the selection above. Shares are of the person-months planned.</p></section>");
}

/* The plan page for product and period; status is 200, or the status of a
 * refused capacity form (its error shown). */
static int plan_page(struct req *r, const char *product, const char *period, int status) {
  struct keel_err failed = r->e;
  struct product *ps;
  size_t np;
  int rc = app_product_list(&r->x, &ps, &np);
  if (rc) return rc;
  if ((!product || !*product) && np) product = ps[0].key;
  page_begin(r, "Plan", "plan");
  buf *b = &r->out;
  html_printf(b, "<div class=\"page-head\"><h1>Plan</h1></div><p class=\"lead\">The features with the highest total "
                 "score that fit each team's capacity, respecting dependencies and allocation targets.</p>");
  if (status != 200) html_form_error(r, &failed);
  html_notice(r);
  html_printf(b, "<form method=\"get\" action=\"/plan\" class=\"filters\"><label>Product <select name=\"product\">");
  for (size_t i = 0; i < np; i++)
    html_printf(b, "<option value=\"%a\"%R>%h</option>", ps[i].key,
                product && strcmp(product, ps[i].key) == 0 ? " selected" : "", ps[i].name);
  html_printf(b, "</select></label><label>Quarter <input name=\"period\" value=\"%a\" placeholder=\"2026-Q4\" "
                 "pattern=\"[0-9]{4}-[Qq][1-4]\"></label><button type=\"submit\">Plan</button></form>",
              period ? period : "");
  if (!np) {
    html_printf(b, "<p class=\"empty\">Add a <a href=\"/products\">product</a> first.</p>");
    page_end(r, status);
    return KEEL_OK;
  }
  struct plan_view v;
  struct allocation_view al;
  rc = app_plan(&r->x, product, period, &v);
  if (!rc) rc = app_allocation_show(&r->x, product, period, &al);
  if (rc == KEEL_EINVAL || rc == KEEL_ENOTFOUND) {
    html_form_error(r, &r->e);
    page_end(r, rc == KEEL_EINVAL ? 422 : 404);
    return KEEL_OK;
  }
  if (rc) return rc;
  const struct plan_result *res = &v.r;
  html_printf(b, "<p class=\"plan-summary\"><strong>%h, %h</strong>: %zu features selected, total score %g "
                 "(score: %h). ",
              v.product, v.period, res->nselected, res->total_score, v.framework);
  if (res->optimal) html_printf(b, "<span class=\"badge ok\">optimal</span>");
  else
    html_printf(b, "<span class=\"badge warn\">best found; the optimum is at most %g (gap %g)</span>", res->upper_bound,
                res->gap);
  html_printf(b, "</p>");
  if (!v.nteams)
    html_printf(b, "<p class=\"empty\">%h has no teams yet: add them with <code>keel team add</code>.</p>", v.product);
  for (size_t t = 0; t < v.nteams; t++) team_section(r, &v, t);
  allocation_section(r, &v, &al);
  if (res->nunscored) {
    html_printf(b, "<section><h2>Unscored candidates</h2><p>These count with a score of 0:");
    for (size_t k = 0; k < res->nunscored; k++) {
      const struct plan_item *it = &v.items[res->unscored[k]];
      html_printf(b, " <a href=\"/features/%u\">%h</a>", it->key, it->key);
    }
    html_printf(b, "</p></section>");
  }
  if (v.nincomplete) {
    html_printf(b, "<section><h2>Not planned</h2><p>Open features without a team or a size (give them one to plan "
                   "them):");
    for (size_t k = 0; k < v.nincomplete; k++) {
      const struct plan_item *it = &v.items[v.incomplete[k]];
      html_printf(b, " <a href=\"/features/%u\">%h</a>", it->key, it->key);
    }
    html_printf(b, "</p></section>");
  }
  page_end(r, status);
  return KEEL_OK;
}

int page_plan(struct req *r) { return plan_page(r, req_query(r, "product"), req_query(r, "period"), 200); }

int page_plan_capacity(struct req *r) {
  const char *product = form_get(r, "product"), *period = form_get(r, "period"), *cap = form_get(r, "capacity");
  char *end;
  double v = strtod(cap, &end);
  struct team t;
  int rc = KEEL_OK;
  if (!*cap || *end) rc = err_set(&r->e, KEEL_EINVAL, "capacity", "capacity must be a number of person-months, like 6");
  if (!rc) rc = app_team_capacity_set(&r->x, product, form_get(r, "team"), period, v, &t);
  if (rc == KEEL_OK) {
    buf loc;
    buf_init(&loc, 1024);
    buf_printf(&loc, "/plan?product=%u&period=%u", product, period);
    html_done(r, arena_strdup(r->a, buf_cstr(&loc)), "saved");
    buf_free(&loc);
    return KEEL_OK;
  }
  if (rc == KEEL_EINVAL || rc == KEEL_ENOTFOUND) return plan_page(r, product, period, http_status_for(rc));
  return rc;
}

void page_feature_planning(struct req *r, const struct feature *f) {
  struct feature_planning fp;
  buf *b = &r->out;
  struct keel_err saved = r->e;
  if (app_feature_planning(&r->x, f->key, &fp)) {
    r->e = saved;
    return;
  }
  html_printf(b, "<section class=\"planning\"><h2>Planning</h2><dl><dt>Team</dt><dd>%h</dd><dt>Size</dt><dd>",
              fp.plan.team_id ? fp.plan.team_name : "none");
  if (fp.plan.size > 0) html_printf(b, "%g person-months", fp.plan.size);
  else if (f->rice.set) html_printf(b, "%g person-months (the RICE effort)", f->rice.effort);
  else html_printf(b, "<span class=\"muted\">not set</span>");
  html_printf(b, "</dd><dt>Category</dt><dd>%h</dd><dt>Depends on</dt><dd>", plan_category_label(fp.plan.category));
  for (size_t i = 0; i < fp.ndepends_on; i++)
    html_printf(b, "%R<a href=\"/features/%u\">%h</a>", i ? ", " : "", fp.depends_on[i], fp.depends_on[i]);
  if (!fp.ndepends_on) html_printf(b, "<span class=\"muted\">nothing</span>");
  html_printf(b, "</dd><dt>Needed by</dt><dd>");
  for (size_t i = 0; i < fp.nneeded_by; i++)
    html_printf(b, "%R<a href=\"/features/%u\">%h</a>", i ? ", " : "", fp.needed_by[i], fp.needed_by[i]);
  if (!fp.nneeded_by) html_printf(b, "<span class=\"muted\">nothing</span>");
  html_printf(b, "</dd></dl><p><a href=\"/plan?product=%u\">See the plan</a></p></section>", f->product_key);
}
