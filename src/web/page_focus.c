/* page_focus.c — the focus page (/focus?product=PAY: figures, warnings, the
 * history behind them and the trade-off decisions), the form that moves a
 * feature into a full Now by naming what moves out (the board's dialog does
 * the same with the script), and the feature page's trade-off panel. */
#include <string.h>

#include "app/focus.h"
#include "web/handlers.h"
#include "web/html.h"

enum { FOCUS_PAGE_TRADEOFFS = 50, FEATURE_PAGE_TRADEOFFS = 10, SPARK_W = 260, SPARK_H = 48 };

static const char *const out_values[] = {"next", "later", "unplanned"};
static const char *const out_labels[] = {"Next", "Later", "Unplanned"};

/* Writes "11 of 12 person-months" (or "no limit"). */
static void capacity_text(struct req *r, const struct now_state *s) {
  if (s->limit.basis == NOW_UNLIMITED)
    html_printf(&r->out, "%g in Now; no limit (no team capacity for %h and no Now limit)", s->load, s->period);
  else
    html_printf(&r->out, "%g of %g %h used (%h, %h)", s->load, s->limit.capacity, now_basis_unit(s->limit.basis),
                s->limit.basis == NOW_BY_SIZE ? "team capacity" : "the product's Now limit", s->period);
}

void page_feature_focus(struct req *r, const struct feature *f) {
  buf *b = &r->out;
  struct tradeoff *ts = NULL;
  size_t nts = 0;
  if (app_tradeoff_list_feature(&r->x, f->key, FEATURE_PAGE_TRADEOFFS, &ts, &nts)) nts = 0;
  err_clear(&r->e);
  html_printf(b, "<section class=\"panel focus-panel\"><h2>Focus</h2>");
  if (nts) html_printf(b, "<ul class=\"tradeoffs\">");
  for (size_t i = 0; i < nts; i++) {
    const struct tradeoff *t = &ts[i];
    html_printf(b, "<li>");
    html_time(r, t->at);
    html_printf(b, " <a href=\"/features/%u\">%h</a> went into %h; out:", t->key, t->key, horizon_label(t->horizon));
    for (size_t k = 0; k < t->nout; k++)
      html_printf(b, "%R <a href=\"/features/%u\">%h</a> (to %h)", k ? "," : "", t->out[k].key, t->out[k].key,
                  horizon_label(t->out[k].to));
    html_printf(b, ". <q>%h</q> — %h</li>", t->reason, t->actor_name);
  }
  if (nts) html_printf(b, "</ul>");
  else html_printf(b, "<p class=\"empty\">No trade-offs involved this feature.</p>");
  html_printf(b, "<p>");
  if (f->horizon != HZ_NOW && html_can(r, CAP_PRODUCT))
    html_printf(b, "<a class=\"button\" href=\"/features/%u/tradeoff\">Move into Now…</a> ", f->key);
  html_printf(b, "<a href=\"/focus?product=%u\">Focus health and trade-offs of %h</a></p></section>", f->product_key,
              f->product_key);
}

void page_board_focus(struct req *r, const char *product_key) {
  struct product p;
  struct now_state s;
  html_printf(&r->out, "<p class=\"hint now-capacity\">");
  if (app_now_get(&r->x, product_key, &p, &s) == KEEL_OK) {
    html_printf(&r->out, "Now: ");
    capacity_text(r, &s);
    html_printf(&r->out, ". ");
  }
  err_clear(&r->e); /* the board shows without it */
  html_printf(&r->out, "<a href=\"/focus?product=%u\">Focus health and trade-offs</a></p>", product_key);
}

/* The form: what is in Now, to tick what moves out, where to, and why. */
static int tradeoff_page(struct req *r, const struct feature *f, const struct keel_err *err, int status) {
  struct product p;
  struct now_state s;
  int rc = app_now_get(&r->x, f->product_key, &p, &s);
  if (rc) return rc;
  buf *b = &r->out;
  page_begin(r, arena_printf(r->a, "Move %s into Now", f->key), "board");
  html_printf(b, "<p class=\"crumbs\"><a href=\"/features/%u\">%h</a></p><h1>Move <span class=\"key\">%h</span> %h into Now</h1>",
              f->key, f->key, f->key, f->title);
  if (err) html_form_error(r, err);
  html_printf(b, "<p>Now: ");
  capacity_text(r, &s);
  html_printf(b, ".</p>");
  if (f->horizon == HZ_NOW)
    html_printf(b, "<p class=\"empty\">%h is in Now already.</p>", f->key);
  html_printf(b, "<form method=\"post\" action=\"/features/%u/tradeoff\" class=\"stack tradeoff-form\">", f->key);
  html_csrf(r);
  html_printf(b, "<input type=\"hidden\" name=\"version\" value=\"%lld\">", (long long)f->version);
  html_printf(b, "<fieldset><legend>What moves out of Now for it</legend>");
  if (s.nitems == 0) html_printf(b, "<p class=\"empty\">Nothing is in Now.</p>");
  else
    html_printf(b, "<table><thead><tr><th></th><th>Feature</th><th>Status</th><th class=\"num\">%h</th></tr></thead><tbody>",
                s.limit.basis == NOW_BY_COUNT ? "Counts" : "Size (person-months)");
  for (size_t i = 0; i < s.nitems; i++) {
    const struct now_item *it = &s.items[i];
    int checked = 0;
    for (size_t k = 0; k < r->form.n; k++)
      if (strcmp(r->form.items[k].key, "displace") == 0 && strcmp(r->form.items[k].val, it->key) == 0) checked = 1;
    html_printf(b, "<tr><td><input type=\"checkbox\" name=\"displace\" value=\"%a\" id=\"d-%a\"%R></td>"
                   "<td><label for=\"d-%a\"><span class=\"key\">%h</span> %h</label></td><td>",
                it->key, it->key, checked ? " checked" : "", it->key, it->key, it->title);
    html_feature_status(r, it->status);
    html_printf(b, "</td><td class=\"num\">%g</td></tr>", s.weights[i]);
  }
  if (s.nitems) html_printf(b, "</tbody></table>");
  html_printf(b, "</fieldset><label>They go to <select name=\"displace_to\">");
  const char *to = r->form_parsed ? form_get(r, "displace_to") : "next";
  html_options(r, out_values, out_labels, 3, *to ? to : "next");
  html_printf(b, "</select></label><label>Why (required when something moves out) "
                 "<textarea name=\"reason\" rows=\"3\" maxlength=\"2000\">%h</textarea></label>"
                 "<button type=\"submit\">Move into Now</button> <a href=\"/features/%u\">Cancel</a></form>",
              r->form_parsed ? form_get(r, "reason") : "", f->key);
  page_end(r, status);
  return KEEL_OK;
}

int page_tradeoff_form(struct req *r) {
  struct feature f;
  int rc = app_feature_get(&r->x, r->params[0], &f);
  if (rc) return rc;
  return tradeoff_page(r, &f, NULL, 200);
}

int page_tradeoff_save(struct req *r) {
  int64_t version;
  int rc = form_version(r, &version);
  if (rc) return rc;
  size_t n = 0;
  const char **keys = arena_alloc(r->a, (r->form.n ? r->form.n : 1) * sizeof *keys);
  for (size_t k = 0; k < r->form.n; k++)
    if (strcmp(r->form.items[k].key, "displace") == 0) keys[n++] = r->form.items[k].val;
  struct now_state refusal = {0};
  struct tradeoff_in t = {.displace = keys, .ndisplace = n, .reason = form_get(r, "reason"), .refusal = &refusal};
  const char *to = form_get(r, "displace_to");
  if (*to && (horizon_parse(to, &t.to) || t.to == HZ_NOW))
    rc = err_set(&r->e, KEEL_EINVAL, "displace_to", "choose Next, Later or Unplanned");
  t.has_to = *to != 0;
  struct feature_move m = {.has_horizon = 1, .horizon = HZ_NOW, .tradeoff = &t};
  struct feature f;
  if (!rc) rc = app_feature_move(&r->x, r->params[0], &m, version, &f);
  if (!rc) {
    html_done(r, arena_printf(r->a, "/features/%s", f.key), "moved");
    return KEEL_OK;
  }
  if (rc != KEEL_ECONFLICT && rc != KEEL_EINVAL && rc != KEEL_ESTALE) return rc;
  struct keel_err err = r->e;
  err_clear(&r->e);
  rc = app_feature_get(&r->x, r->params[0], &f);
  if (rc) return rc;
  return tradeoff_page(r, &f, &err, http_status_for(err.rc));
}

/* A sparkline of churn per week, drawn here: one point per week, oldest first. */
static void sparkline(struct req *r, const int64_t *weekly) {
  int64_t max = 1;
  for (int i = 0; i < FOCUS_WEEKS; i++)
    if (weekly[i] > max) max = weekly[i];
  buf *b = &r->out;
  html_printf(b, "<svg class=\"sparkline\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\">"
                 "<title>Entries into and exits from Now per week, last %d weeks</title><polyline fill=\"none\" "
                 "stroke=\"currentColor\" stroke-width=\"2\" points=\"",
              SPARK_W, SPARK_H, SPARK_W, SPARK_H, FOCUS_WEEKS);
  for (int i = 0; i < FOCUS_WEEKS; i++) {
    double x = 4 + (double)i * (SPARK_W - 8) / (FOCUS_WEEKS - 1);
    double y = SPARK_H - 4 - (double)weekly[i] * (SPARK_H - 8) / (double)max;
    html_printf(b, "%R%.1f,%.1f", i ? " " : "", x, y);
  }
  html_printf(b, "\"/></svg>");
}

static void change_row(struct req *r, const struct hz_change *c) {
  html_printf(&r->out, "<tr><td>");
  html_time(r, c->at);
  html_printf(&r->out, "</td><td><a href=\"/features/%u\"><span class=\"key\">%h</span> %h</a></td><td>", c->key, c->key,
              c->title);
  html_horizon(r, c->from);
  html_printf(&r->out, " → ");
  html_horizon(r, c->to);
  html_printf(&r->out, "</td><td>%h</td></tr>", c->actor_name);
}

static void focus_body(struct req *r, const struct focus_view *v, const struct tradeoff *ts, size_t nts) {
  buf *b = &r->out;
  const struct focus_report *fr = &v->report;
  html_printf(b, "<h1>Focus health of %h</h1><p class=\"crumbs\"><a href=\"/board?product=%u\">%h board</a></p>",
              v->product.key, v->product.key, v->product.key);
  if (fr->nwarnings) {
    html_printf(b, "<div class=\"conflict\" role=\"alert\"><strong>Focus is eroding</strong><ul>");
    for (size_t i = 0; i < fr->nwarnings; i++) html_printf(b, "<li>%h</li>", fr->warnings[i].message);
    html_printf(b, "</ul></div>");
  } else {
    html_printf(b, "<p class=\"notice\">No warnings: Now, work in progress and strategy are holding steady.</p>");
  }
  html_printf(b, "<dl class=\"focus-figures\"><dt>Now</dt><dd>");
  capacity_text(r, &v->now);
  html_printf(b, "</dd><dt>Churn (%d days)</dt><dd>%lld changes: %lld in, %lld out — %.0f%% of the %lld in Now ",
              FOCUS_WINDOW_DAYS, (long long)(fr->entries + fr->exits), (long long)fr->entries, (long long)fr->exits,
              fr->churn_percent, (long long)v->now.nitems);
  sparkline(r, fr->weekly);
  html_printf(b, "</dd><dt>Dwell before leaving unshipped (%d days)</dt><dd>", FOCUS_DWELL_WINDOW_DAYS);
  if (fr->dwell_known)
    html_printf(b, "median %.1f days, mean %.1f days, over %lld items", fr->dwell_median, fr->dwell_mean,
                (long long)fr->dwell_known);
  else html_printf(b, "nothing left Now unshipped");
  html_printf(b, "</dd><dt>Vision</dt><dd>");
  if (v->has_vision)
    html_printf(b, "revision %lld has stood %.0f days (%lld revisions in %d days)", (long long)v->vision_revision,
                fr->vision_age_days, (long long)v->vision_changes, FOCUS_WINDOW_DAYS);
  else html_printf(b, "no vision written yet");
  html_printf(b, "</dd><dt>Objectives of %h</dt><dd>", v->now.period);
  if (v->objectives)
    html_printf(b, "%lld objectives, unchanged for %.0f days", (long long)v->objectives, fr->objectives_age_days);
  else html_printf(b, "no objectives for this quarter");
  html_printf(b, "</dd></dl>");

  html_printf(b, "<section><h2>Work in progress per team</h2>");
  if (!v->nteams) html_printf(b, "<p class=\"empty\">No teams.</p>");
  else {
    html_printf(b, "<table><thead><tr><th>Team</th><th class=\"num\">In progress</th><th class=\"num\">Limit</th></tr></thead><tbody>");
    for (size_t i = 0; i < v->nteams; i++) {
      const struct team_wip *t = &v->teams[i];
      html_printf(b, "<tr%R><td>%h</td><td class=\"num\">%lld</td><td class=\"num\">", t->over ? " class=\"over\"" : "",
                  t->name, (long long)t->in_progress);
      if (t->wip_limit >= 0) html_printf(b, "%lld", (long long)t->wip_limit);
      else html_printf(b, "–");
      html_printf(b, "</td></tr>");
    }
    html_printf(b, "</tbody></table>");
  }
  html_printf(b, "</section><section><h2>Trade-off decisions</h2>");
  if (!nts) html_printf(b, "<p class=\"empty\">No trade-offs recorded.</p>");
  else {
    html_printf(b, "<table class=\"tradeoffs\"><thead><tr><th>When</th><th>In</th><th>Out</th><th>Why</th><th>Who</th></tr></thead><tbody>");
    for (size_t i = 0; i < nts; i++) {
      const struct tradeoff *t = &ts[i];
      html_printf(b, "<tr><td>");
      html_time(r, t->at);
      html_printf(b, "</td><td><a href=\"/features/%u\">%h</a> %h</td><td>", t->key, t->key, t->title);
      for (size_t k = 0; k < t->nout; k++)
        html_printf(b, "%R<a href=\"/features/%u\">%h</a> → %h", k ? ", " : "", t->out[k].key, t->out[k].key,
                    horizon_label(t->out[k].to));
      html_printf(b, "</td><td>%h</td><td>%h</td></tr>", t->reason, t->actor_name);
    }
    html_printf(b, "</tbody></table>");
  }
  html_printf(b, "</section><section><h2>Changes of Now counted (%d days)</h2>", FOCUS_WINDOW_DAYS);
  if (!fr->ncounted) html_printf(b, "<p class=\"empty\">Nothing entered or left Now.</p>");
  else {
    html_printf(b, "<table><thead><tr><th>When</th><th>Feature</th><th>Move</th><th>Who</th></tr></thead><tbody>");
    for (size_t i = fr->ncounted; i-- > 0;) change_row(r, fr->counted[i]);
    html_printf(b, "</tbody></table>");
  }
  html_printf(b, "</section><section><h2>Left Now unshipped (%d days)</h2>", FOCUS_DWELL_WINDOW_DAYS);
  if (!fr->ndwell) html_printf(b, "<p class=\"empty\">Nothing.</p>");
  else {
    html_printf(b, "<table><thead><tr><th>Feature</th><th>Entered</th><th>Left</th><th class=\"num\">Days in Now</th></tr></thead><tbody>");
    for (size_t i = 0; i < fr->ndwell; i++) {
      const struct focus_dwell *d = &fr->dwell[i];
      html_printf(b, "<tr><td><a href=\"/features/%u\"><span class=\"key\">%h</span> %h</a></td><td>", d->left_now->key,
                  d->left_now->key, d->left_now->title);
      if (d->entered) html_time(r, d->entered);
      else html_printf(b, "unknown");
      html_printf(b, "</td><td>");
      html_time(r, d->left_now->at);
      if (d->entered) html_printf(b, "</td><td class=\"num\">%.1f</td></tr>", d->days);
      else html_printf(b, "</td><td class=\"num\">–</td></tr>");
    }
    html_printf(b, "</tbody></table>");
  }
  html_printf(b, "</section><p class=\"muted\">Warnings: churn over %d%% of Now in %d days (at least %d changes); "
                 "a median dwell under %d days (at least %d items); a team over its WIP limit; the vision changed "
                 "more than %d times in %d days; the quarter's objectives changed in the last %d days, mid-quarter.</p>",
              FOCUS_CHURN_WARN_PERCENT, FOCUS_WINDOW_DAYS, FOCUS_CHURN_MIN_CHANGES, FOCUS_DWELL_WARN_DAYS,
              FOCUS_DWELL_MIN_ITEMS, FOCUS_VISION_CHANGES_WARN, FOCUS_WINDOW_DAYS, FOCUS_OBJECTIVES_SETTLE_DAYS);
}

int page_focus(struct req *r) {
  const char *key = req_query(r, "product");
  if (!key || !*key) {
    struct product *ps;
    size_t n;
    int rc = app_product_list(&r->x, &ps, &n);
    if (rc) return rc;
    page_begin(r, "Focus health", "board");
    html_printf(&r->out, "<h1>Focus health</h1><ul>");
    for (size_t i = 0; i < n; i++)
      html_printf(&r->out, "<li><a href=\"/focus?product=%u\">%h</a> %h</li>", ps[i].key, ps[i].key, ps[i].name);
    html_printf(&r->out, "</ul>");
    page_end(r, 200);
    return KEEL_OK;
  }
  struct focus_view v;
  int rc = app_focus_get(&r->x, key, &v);
  struct tradeoff *ts = NULL;
  size_t nts = 0;
  if (!rc) rc = app_tradeoff_list(&r->x, key, FOCUS_PAGE_TRADEOFFS, &ts, &nts);
  if (rc) return rc;
  page_begin(r, arena_printf(r->a, "Focus health of %s", v.product.key), "board");
  focus_body(r, &v, ts, nts);
  page_end(r, 200);
  return KEEL_OK;
}
