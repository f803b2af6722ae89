/* page_okrs.c — objectives per product and quarter with server-drawn progress
 * bars, one objective's key results with their check-in forms and history,
 * and the forms to add and edit objectives and key results. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "app/strategy.h"
#include "domain/period.h"
#include "web/handlers.h"
#include "web/html.h"
#include "web/page_strategy.h"

enum { BAR_WIDTH = 160, BAR_HEIGHT = 10 };

static const char *const status_values[] = {"active", "achieved", "missed", "dropped"};
static const char *const status_labels[] = {"Active", "Achieved", "Missed", "Dropped"};

void html_progress_bar(struct req *r, double percent) {
  double p = progress_clamp(percent);
  html_printf(&r->out,
              "<span class=\"progress\"><svg width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" "
              "aria-label=\"%.0f percent\"><rect width=\"%d\" height=\"%d\" rx=\"3\" fill=\"#e5e7eb\"/>"
              "<rect width=\"%.1f\" height=\"%d\" rx=\"3\" fill=\"#2563eb\"/></svg> %.0f%%</span>",
              BAR_WIDTH, BAR_HEIGHT, BAR_WIDTH, BAR_HEIGHT, p, BAR_WIDTH, BAR_HEIGHT, p * BAR_WIDTH / 100.0, BAR_HEIGHT, p);
}

/* Writes a number the way people write it (no trailing zeros). */
static void num(struct req *r, double v) { html_printf(&r->out, "%h", arena_printf(r->a, "%g", v)); }

static void kr_row(struct req *r, const struct key_result *k) {
  double raw = kr_progress(k);
  html_printf(&r->out, "<tr><td>%h", k->title);
  if (*k->metric) html_printf(&r->out, " <span class=\"muted\">%h</span>", k->metric);
  html_printf(&r->out, "</td><td class=\"num\">");
  num(r, k->baseline);
  html_printf(&r->out, "</td><td class=\"num\">");
  num(r, k->target);
  html_printf(&r->out, "</td><td class=\"num\">");
  num(r, k->current);
  html_printf(&r->out, " %h</td><td>", k->unit);
  html_progress_bar(r, raw);
  if (raw < 0 || raw > 100) html_printf(&r->out, " <span class=\"muted\">(raw %.1f%%)</span>", raw);
  html_printf(&r->out, "</td></tr>");
}

void html_objectives_summary(struct req *r, const char *product_key, const char *period) {
  struct objective_view *vs;
  size_t n;
  struct keel_err saved = r->e;
  if (app_objective_list(&r->x, product_key, period, &vs, &n)) {
    html_form_error(r, &r->e);
    r->e = saved;
    return;
  }
  if (!n) {
    html_printf(&r->out, "<p class=\"empty\">No objectives for %h.</p>", period);
    return;
  }
  html_printf(&r->out, "<ul class=\"objectives\">");
  for (size_t i = 0; i < n; i++) {
    html_printf(&r->out, "<li><a href=\"/objectives/%lld\">%h</a> ", (long long)vs[i].o.id, vs[i].o.title);
    html_progress_bar(r, vs[i].progress);
    html_printf(&r->out, " <span class=\"muted\">%h · %zu key result%h</span></li>", objective_status_name(vs[i].o.status),
                vs[i].nkr, vs[i].nkr == 1 ? "" : "s");
  }
  html_printf(&r->out, "</ul>");
}

static void objective_form(struct req *r, const char *action, const struct objective *o, int editing) {
  buf *b = &r->out;
  html_printf(b, "<form method=\"post\" action=\"%a\" class=\"stack\">", action);
  html_csrf(r);
  if (editing) html_printf(b, "<input type=\"hidden\" name=\"version\" value=\"%lld\">", (long long)o->version);
  html_printf(b, "<div class=\"row\"><label>Quarter <input name=\"period\" value=\"%a\" required placeholder=\"2026-Q4\"></label>"
                 "<label>Status <select name=\"status\">",
              o->period);
  html_options(r, status_values, status_labels, 4, objective_status_name(o->status));
  html_printf(b, "</select></label></div><label>Title <input name=\"title\" value=\"%a\" required maxlength=\"200\"></label>"
                 "<label>Description <textarea name=\"description\" rows=\"2\">%h</textarea></label>"
                 "<div class=\"actions\"><button type=\"submit\">%h</button></div></form>",
              o->title, o->description, editing ? "Save" : "Add objective");
}

static int objectives_page(struct req *r, int status, const struct objective *draft) {
  struct keel_err failed = r->e;
  struct product p;
  int rc = app_product_get(&r->x, r->params[0], &p);
  if (rc) return rc;
  char cur[PERIOD_LEN];
  period_format(period_of(r->x.now), cur);
  const char *period = req_query(r, "period");
  struct period q;
  if (!period || !*period) period = cur;
  else if (period_parse(period, &q) != 0) return err_set(&r->e, KEEL_EINVAL, "period", "period must be a quarter like 2026-Q4");
  struct objective_view *vs;
  size_t n;
  rc = app_objective_list(&r->x, p.key, period, &vs, &n);
  if (rc) return rc;
  page_begin(r, arena_printf(r->a, "%s objectives %s", p.name, period), "strategy");
  buf *b = &r->out;
  html_printf(b, "<div class=\"page-head\"><div><p class=\"crumbs\"><a href=\"/strategy\">Strategy</a> · "
                 "<a href=\"/products/%u/strategy\">%h</a></p><h1>Objectives, %h</h1></div></div>",
              p.key, p.key, period);
  if (status != 200) html_form_error(r, &failed);
  html_notice(r);
  struct period pq;
  period_parse(period, &pq);
  char prev[PERIOD_LEN], next[PERIOD_LEN];
  period_format(period_add(pq, -1), prev);
  period_format(period_add(pq, 1), next);
  html_printf(b, "<nav class=\"filters\"><a href=\"/products/%u/objectives?period=%u\">← %h</a> "
                 "<a href=\"/products/%u/objectives?period=%u\">%h →</a></nav>",
              p.key, prev, prev, p.key, next, next);
  if (!n) html_printf(b, "<p class=\"empty\">No objectives for %h yet.</p>", period);
  for (size_t i = 0; i < n; i++) {
    const struct objective_view *v = &vs[i];
    html_printf(b, "<section class=\"panel objective\"><h2><a href=\"/objectives/%lld\">%h</a></h2><p>", (long long)v->o.id,
                v->o.title);
    html_progress_bar(r, v->progress);
    html_printf(b, " <span class=\"muted\">%h%h%h</span></p>", objective_status_name(v->o.status),
                *v->o.owner_name ? " · " : "", v->o.owner_name);
    if (v->nkr) {
      html_printf(b, "<table><thead><tr><th>Key result</th><th class=\"num\">Baseline</th><th class=\"num\">Target</th>"
                     "<th class=\"num\">Current</th><th>Progress</th></tr></thead><tbody>");
      for (size_t k = 0; k < v->nkr; k++) kr_row(r, &v->krs[k]);
      html_printf(b, "</tbody></table>");
    }
    html_printf(b, "</section>");
  }
  if (html_can(r, CAP_PRODUCT)) {
    struct objective d = {.period = period, .title = "", .description = ""};
    if (draft) d = *draft;
    html_printf(b, "<section class=\"panel\"><h2>Add an objective</h2>");
    objective_form(r, arena_printf(r->a, "/products/%s/objectives", p.key), &d, 0);
    html_printf(b, "</section>");
  }
  page_end(r, status);
  return KEEL_OK;
}

int page_objectives(struct req *r) { return objectives_page(r, 200, NULL); }

int page_objective_create(struct req *r) {
  struct objective_patch p = {.period = form_get(r, "period"), .title = form_get(r, "title"),
                              .description = form_get(r, "description"), .status = form_get(r, "status")};
  if (!*p.status) p.status = NULL;
  struct objective_view v;
  int rc = app_objective_create(&r->x, r->params[0], &p, &v);
  if (rc == KEEL_OK) {
    html_done(r, arena_printf(r->a, "/objectives/%lld", (long long)v.o.id), "created");
    return KEEL_OK;
  }
  if (rc != KEEL_EINVAL) return rc;
  struct objective d = {.period = p.period, .title = p.title, .description = p.description};
  return objectives_page(r, http_status_for(rc), &d);
}

static int objective_page(struct req *r, int64_t id, int status) {
  struct keel_err failed = r->e;
  struct objective_view v;
  int rc = app_objective_get(&r->x, id, &v);
  if (rc) return rc;
  int pm = html_can(r, CAP_PRODUCT);
  page_begin(r, v.o.title, "strategy");
  buf *b = &r->out;
  html_printf(b, "<div class=\"page-head\"><div><p class=\"crumbs\"><a href=\"/strategy\">Strategy</a> · "
                 "<a href=\"/products/%u/strategy\">%h</a> · <a href=\"/products/%u/objectives?period=%u\">%h</a></p>"
                 "<h1>%h</h1><p class=\"badges\">%h%h%h</p></div></div>",
              v.o.product_key, v.o.product_key, v.o.product_key, v.o.period, v.o.period, v.o.title,
              objective_status_name(v.o.status), *v.o.owner_name ? " · owner " : "", v.o.owner_name);
  if (status != 200) html_form_error(r, &failed);
  html_notice(r);
  if (*v.o.description) html_markdown(r, v.o.description);
  html_printf(b, "<p>Progress: ");
  html_progress_bar(r, v.progress);
  html_printf(b, " <span class=\"muted\">the mean of its key results, each counted between 0 and 100%%</span></p>");
  for (size_t i = 0; i < v.nkr; i++) {
    const struct key_result *k = &v.krs[i];
    struct key_result kk;
    struct kr_checkin *cs;
    size_t nc;
    rc = app_kr_history(&r->x, k->id, &kk, &cs, &nc);
    if (rc) return rc;
    html_printf(b, "<section class=\"panel kr\" id=\"kr-%lld\"><h2>%h</h2><table><thead><tr><th>Key result</th>"
                   "<th class=\"num\">Baseline</th><th class=\"num\">Target</th><th class=\"num\">Current</th><th>Progress</th>"
                   "</tr></thead><tbody>",
                (long long)k->id, k->title);
    kr_row(r, k);
    html_printf(b, "</tbody></table>");
    if (nc) {
      html_printf(b, "<h3>Check-ins</h3><table><thead><tr><th>When</th><th class=\"num\">Value</th><th>Who</th><th>Comment</th>"
                     "</tr></thead><tbody>");
      for (size_t c = nc; c-- > 0;) {
        html_printf(b, "<tr><td>");
        html_time(r, cs[c].at);
        html_printf(b, "</td><td class=\"num\">");
        num(r, cs[c].value);
        html_printf(b, "</td><td>%h</td><td>%h</td></tr>", *cs[c].author_name ? cs[c].author_name : "workspace owner",
                    cs[c].comment);
      }
      html_printf(b, "</tbody></table>");
    }
    if (pm) {
      html_printf(b, "<form method=\"post\" action=\"/key-results/%lld/checkins\" class=\"inline\">", (long long)k->id);
      html_csrf(r);
      html_printf(b, "<input type=\"hidden\" name=\"version\" value=\"%lld\"><label>Value <input name=\"value\" "
                     "inputmode=\"decimal\" required></label> <label>Comment <input name=\"comment\"></label> "
                     "<button type=\"submit\" class=\"secondary small\">Check in</button></form>",
                  (long long)k->version);
    }
    html_printf(b, "</section>");
  }
  if (!v.nkr) html_printf(b, "<p class=\"empty\">No key results yet: say how you will know the objective is met.</p>");
  html_objective_serving(r, v.o.id, v.o.product_key);
  if (pm) {
    html_printf(b, "<section class=\"panel\"><h2>Add a key result</h2><form method=\"post\" action=\"/objectives/%lld/key-results\" "
                   "class=\"stack\">",
                (long long)v.o.id);
    html_csrf(r);
    html_printf(b, "<label>Title <input name=\"title\" required maxlength=\"200\"></label><div class=\"row\">"
                   "<label>Metric <input name=\"metric\"></label><label>Unit <input name=\"unit\" maxlength=\"20\"></label>"
                   "<label>Baseline <input name=\"baseline\" inputmode=\"decimal\" required></label>"
                   "<label>Target <input name=\"target\" inputmode=\"decimal\" required></label></div>"
                   "<div class=\"actions\"><button type=\"submit\">Add key result</button></div></form></section>");
    html_printf(b, "<section class=\"panel\"><details><summary>Edit objective</summary>");
    objective_form(r, arena_printf(r->a, "/objectives/%lld", (long long)v.o.id), &v.o, 1);
    html_printf(b, "</details></section>");
  }
  page_end(r, status);
  return KEEL_OK;
}

int page_objective(struct req *r) {
  int64_t id;
  int rc = req_id_param(r, 0, &id);
  return rc ? rc : objective_page(r, id, 200);
}

int page_objective_update(struct req *r) {
  int64_t id, version;
  int rc = req_id_param(r, 0, &id);
  if (rc) return rc;
  struct objective_patch p = {.period = form_get(r, "period"), .title = form_get(r, "title"),
                              .description = form_get(r, "description"), .status = form_get(r, "status")};
  rc = form_version(r, &version);
  struct objective_view v;
  if (!rc) rc = app_objective_update(&r->x, id, &p, version, &v);
  if (rc == KEEL_OK) {
    html_done(r, arena_printf(r->a, "/objectives/%lld", (long long)id), "saved");
    return KEEL_OK;
  }
  if (rc != KEEL_EINVAL && rc != KEEL_ESTALE) return rc;
  return objective_page(r, id, http_status_for(rc));
}

/* Reads a number field of a form; KEEL_EINVAL naming it when it is not one. */
static int form_number(struct req *r, const char *name, double *out) {
  const char *s = form_get(r, name);
  char *end;
  errno = 0;
  double v = strtod(s, &end);
  if (!*s || *end || errno || !isfinite(v)) return err_set(&r->e, KEEL_EINVAL, name, "%s must be a number", name);
  *out = v;
  return KEEL_OK;
}

int page_kr_create(struct req *r) {
  int64_t id;
  int rc = req_id_param(r, 0, &id);
  if (rc) return rc;
  struct kr_patch p = {.title = form_get(r, "title"), .metric = form_get(r, "metric"), .unit = form_get(r, "unit"),
                       .has_baseline = 1, .has_target = 1};
  rc = form_number(r, "baseline", &p.baseline);
  if (!rc) rc = form_number(r, "target", &p.target);
  struct key_result k;
  if (!rc) rc = app_kr_create(&r->x, id, &p, &k);
  if (rc == KEEL_OK) {
    html_done(r, arena_printf(r->a, "/objectives/%lld", (long long)id), "created");
    return KEEL_OK;
  }
  if (rc != KEEL_EINVAL) return rc;
  return objective_page(r, id, http_status_for(rc));
}

int page_kr_checkin(struct req *r) {
  int64_t id, version;
  int rc = req_id_param(r, 0, &id);
  if (rc) return rc;
  double value = 0;
  rc = form_version(r, &version);
  if (!rc) rc = form_number(r, "value", &value);
  struct kr_checkin c;
  struct key_result k;
  if (!rc) rc = app_kr_checkin(&r->x, id, value, form_get(r, "comment"), version, &c, &k);
  if (rc == KEEL_OK) {
    html_done(r, arena_printf(r->a, "/objectives/%lld#kr-%lld", (long long)k.objective_id, (long long)id), "saved");
    return KEEL_OK;
  }
  if (rc != KEEL_EINVAL && rc != KEEL_ESTALE) return rc;
  struct keel_err failed = r->e;
  struct key_result cur;
  if (app_kr_get(&r->x, id, &cur)) return rc;
  r->e = failed;
  return objective_page(r, cur.objective_id, http_status_for(rc));
}
