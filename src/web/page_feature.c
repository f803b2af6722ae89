/* page_feature.c — a feature's page, its forms (new, edit, move, comment). */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "app/focus.h"
#include "domain/score.h"
#include "web/handlers.h"
#include "web/html.h"
#include "web/page_plan.h"
#include "web/page_demand.h"
#include "web/page_history.h"
#include "web/page_scores.h"
#include "web/page_strategy.h" /* strategy: personas served */

static const char *const status_values[] = {"candidate", "planned", "in_progress", "shipped", "archived"};
static const char *const status_labels[] = {"Candidate", "Planned", "In progress", "Shipped", "Archived"};
static const char *const horizon_values[] = {"now", "next", "later", "unplanned"};
static const char *const horizon_labels[] = {"Now", "Next", "Later", "Unplanned"};
static const char *const impact_values[] = {"", "3", "2", "1", "0.5", "0.25"};
static const char *const impact_labels[] = {"–", "3 massive", "2 high", "1 medium", "0.5 low", "0.25 minimal"};

/* Text of a number for a form field ("" when unset). */
static const char *num_text(struct req *r, int set, double v) {
  if (!set) return "";
  buf b;
  buf_init(&b, 64);
  buf_json_num(&b, v);
  const char *s = arena_strdup(r->a, buf_cstr(&b));
  buf_free(&b);
  return s;
}

/* What the form shows: stored values, or what the user typed. */
struct feature_form {
  const char *product, *title, *description, *status, *horizon;
  const char *reach, *impact, *confidence, *effort, *ice_impact, *ice_confidence, *ice_ease;
};

static struct feature_form form_from_feature(struct req *r, const struct feature *f) {
  struct feature_form v = {
      .product = f->product_key,
      .title = f->title,
      .description = f->description,
      .status = feature_status_name(f->status),
      .horizon = horizon_name(f->horizon),
      .reach = num_text(r, f->rice.set, f->rice.reach),
      .impact = num_text(r, f->rice.set, f->rice.impact),
      .confidence = num_text(r, f->rice.set, f->rice.confidence),
      .effort = num_text(r, f->rice.set, f->rice.effort),
      .ice_impact = f->ice.set ? arena_printf(r->a, "%d", f->ice.impact) : "",
      .ice_confidence = f->ice.set ? arena_printf(r->a, "%d", f->ice.confidence) : "",
      .ice_ease = f->ice.set ? arena_printf(r->a, "%d", f->ice.ease) : "",
  };
  return v;
}

static struct feature_form form_from_request(struct req *r) {
  struct feature_form v = {
      .product = form_get(r, "product"),
      .title = form_get(r, "title"),
      .description = form_get(r, "description"),
      .status = form_get(r, "status"),
      .horizon = form_get(r, "horizon"),
      .reach = form_get(r, "reach"),
      .impact = form_get(r, "impact"),
      .confidence = form_get(r, "confidence"),
      .effort = form_get(r, "effort"),
      .ice_impact = form_get(r, "ice_impact"),
      .ice_confidence = form_get(r, "ice_confidence"),
      .ice_ease = form_get(r, "ice_ease"),
  };
  return v;
}

/* Parses one optional number field. Returns KEEL_OK (has = 0 when empty). */
static int parse_number(struct req *r, const char *field, const char *s, int *has, double *out) {
  *has = 0;
  while (*s == ' ') s++;
  if (!*s) return KEEL_OK;
  char *end;
  errno = 0;
  double v = strtod(s, &end);
  while (*end == ' ') end++;
  if (end == s || *end || errno || !isfinite(v)) return err_set(&r->e, KEEL_EINVAL, field, "%s must be a number", field);
  *has = 1;
  *out = v;
  return KEEL_OK;
}

/* Builds a patch from the submitted form: every field is sent, so empty
 * score inputs mean "not scored". */
static int patch_from_form(struct req *r, const struct feature_form *v, struct feature_patch *p) {
  memset(p, 0, sizeof *p);
  p->title = v->title;
  p->description = v->description;
  int rc = KEEL_OK;
  if (*v->status) {
    if (feature_status_parse(v->status, &p->status)) return err_set(&r->e, KEEL_EINVAL, "status", "unknown status");
    p->has_status = 1;
  }
  if (*v->horizon) {
    if (horizon_parse(v->horizon, &p->horizon)) return err_set(&r->e, KEEL_EINVAL, "horizon", "unknown horizon");
    p->has_horizon = 1;
  }
  struct rice_patch *rp = &p->rice;
  rc = parse_number(r, "rice.reach", v->reach, &rp->has_reach, &rp->reach);
  if (!rc) rc = parse_number(r, "rice.impact", v->impact, &rp->has_impact, &rp->impact);
  if (!rc) rc = parse_number(r, "rice.confidence", v->confidence, &rp->has_confidence, &rp->confidence);
  if (!rc) rc = parse_number(r, "rice.effort", v->effort, &rp->has_effort, &rp->effort);
  if (rc) return rc;
  int any_rice = rp->has_reach || rp->has_impact || rp->has_confidence || rp->has_effort;
  int all_rice = rp->has_reach && rp->has_impact && rp->has_confidence && rp->has_effort;
  if (!any_rice) rp->clear = 1;
  else if (!all_rice)
    return err_set(&r->e, KEEL_EINVAL, "rice", "fill in all four RICE inputs (reach, impact, confidence, effort) or none");
  struct ice_patch *ip = &p->ice;
  double d;
  int has;
  const char *ice_in[3] = {v->ice_impact, v->ice_confidence, v->ice_ease};
  int *ice_has[3] = {&ip->has_impact, &ip->has_confidence, &ip->has_ease};
  int *ice_val[3] = {&ip->impact, &ip->confidence, &ip->ease};
  const char *ice_names[3] = {"ice.impact", "ice.confidence", "ice.ease"};
  for (int k = 0; k < 3; k++) {
    rc = parse_number(r, ice_names[k], ice_in[k], &has, &d);
    if (rc) return rc;
    *ice_has[k] = has;
    *ice_val[k] = has && d == floor(d) && d >= 1 && d <= 10 ? (int)d : -1;
  }
  int any_ice = ip->has_impact || ip->has_confidence || ip->has_ease;
  if (!any_ice) ip->clear = 1;
  else if (!(ip->has_impact && ip->has_confidence && ip->has_ease))
    return err_set(&r->e, KEEL_EINVAL, "ice", "fill in all three ICE inputs (impact, confidence, ease) or none");
  return KEEL_OK;
}

/* Writes the feature form. key NULL: a new feature (with a product choice). */
static void feature_form(struct req *r, const char *key, int64_t version, const struct feature_form *v,
                         struct product *ps, size_t np) {
  buf *b = &r->out;
  if (key) html_printf(b, "<form method=\"post\" action=\"/features/%u\" class=\"stack feature-form\">", key);
  else html_printf(b, "<form method=\"post\" action=\"/features\" class=\"stack feature-form\">");
  html_csrf(r);
  if (key) html_printf(b, "<input type=\"hidden\" name=\"version\" value=\"%lld\">", (long long)version);
  if (!key) {
    html_printf(b, "<label>Product <select name=\"product\" required>");
    for (size_t i = 0; i < np; i++)
      html_printf(b, "<option value=\"%a\"%a>%h — %h</option>", ps[i].key,
                  v->product && strcmp(v->product, ps[i].key) == 0 ? " selected" : "", ps[i].key, ps[i].name);
    html_printf(b, "</select></label>");
  }
  html_printf(b, "<label>Title <input name=\"title\" value=\"%a\" required maxlength=\"200\"></label>"
                 "<label>Description (Markdown) <textarea name=\"description\" rows=\"8\">%h</textarea></label>"
                 "<div class=\"row\"><label>Status <select name=\"status\">",
              v->title, v->description);
  html_options(r, status_values, status_labels, 5, *v->status ? v->status : "candidate");
  html_printf(b, "</select></label><label>Horizon <select name=\"horizon\">");
  html_options(r, horizon_values, horizon_labels, 4, *v->horizon ? v->horizon : "unplanned");
  html_printf(b, "</select></label></div>"
                 "<fieldset><legend>RICE</legend><div class=\"row\">"
                 "<label>Reach <small>people per quarter</small><input name=\"reach\" inputmode=\"decimal\" value=\"%a\"></label>"
                 "<label>Impact <select name=\"impact\">",
              v->reach);
  html_options(r, impact_values, impact_labels, 6, v->impact);
  html_printf(b, "</select></label>"
                 "<label>Confidence <small>%%</small><input name=\"confidence\" inputmode=\"decimal\" value=\"%a\"></label>"
                 "<label>Effort <small>person-months</small><input name=\"effort\" inputmode=\"decimal\" value=\"%a\"></label>"
                 "</div><p class=\"hint\">Leave all four empty for no RICE score.</p></fieldset>"
                 "<fieldset><legend>ICE</legend><div class=\"row\">"
                 "<label>Impact <small>1–10</small><input name=\"ice_impact\" type=\"number\" min=\"1\" max=\"10\" value=\"%a\"></label>"
                 "<label>Confidence <small>1–10</small><input name=\"ice_confidence\" type=\"number\" min=\"1\" max=\"10\" value=\"%a\"></label>"
                 "<label>Ease <small>1–10</small><input name=\"ice_ease\" type=\"number\" min=\"1\" max=\"10\" value=\"%a\"></label>"
                 "</div></fieldset><div class=\"actions\"><button type=\"submit\">%h</button> <a href=\"%a\">Cancel</a></div></form>",
              v->confidence, v->effort, v->ice_impact, v->ice_confidence, v->ice_ease, key ? "Save" : "Add feature",
              key ? arena_printf(r->a, "/features/%s", key) : "/backlog");
}

int page_feature_new(struct req *r) {
  struct product *ps;
  size_t np;
  int rc = app_product_list(&r->x, &ps, &np);
  if (rc) return rc;
  struct feature_form v = {.product = req_query(r, "product"), .title = "", .description = "", .status = "",
                           .horizon = "", .reach = "", .impact = "", .confidence = "", .effort = "",
                           .ice_impact = "", .ice_confidence = "", .ice_ease = ""};
  page_begin(r, "New feature", "backlog");
  html_printf(&r->out, "<h1>New feature</h1>");
  if (!np) html_printf(&r->out, "<p class=\"empty\">Add a <a href=\"/products\">product</a> first.</p>");
  else feature_form(r, NULL, 0, &v, ps, np);
  page_end(r, 200);
  return KEEL_OK;
}

int page_feature_create(struct req *r) {
  struct feature_form v = form_from_request(r);
  struct feature_patch p;
  struct feature f;
  int rc = patch_from_form(r, &v, &p);
  if (!rc) rc = app_feature_create(&r->x, v.product, &p, &f);
  if (rc == KEEL_OK) {
    html_done(r, arena_printf(r->a, "/features/%s", f.key), "created");
    return KEEL_OK;
  }
  if (rc != KEEL_EINVAL) return rc;
  struct product *ps;
  size_t np;
  int rc2 = app_product_list(&r->x, &ps, &np);
  if (rc2) return rc2;
  page_begin(r, "New feature", "backlog");
  html_printf(&r->out, "<h1>New feature</h1>");
  html_form_error(r, &r->e);
  feature_form(r, NULL, 0, &v, ps, np);
  page_end(r, 422);
  return KEEL_OK;
}

int page_feature(struct req *r) {
  struct feature f;
  int rc = app_feature_get(&r->x, r->params[0], &f);
  if (rc) return rc;
  struct idea_list_in in = {.feature = f.key, .sort = "votes", .limit = "200"};
  struct idea_page ideas;
  rc = app_idea_list(&r->x, &in, &ideas);
  if (rc) return rc;
  struct demand demand;
  rc = app_demand_feature(&r->x, f.key, &demand);
  if (rc) return rc;
  struct comment *cs;
  size_t nc;
  rc = app_comment_list(&r->x, "feature", f.id, &cs, &nc);
  if (rc) return rc;
  struct history_in hin = {.entity_type = "feature", .ref = f.key, .limit = 50};
  struct history_page hist;
  rc = app_history(&r->x, &hin, &hist);
  if (rc) return rc;
  int pm = html_can(r, CAP_PRODUCT);

  page_begin(r, arena_printf(r->a, "%s %s", f.key, f.title), "backlog");
  buf *b = &r->out;
  html_printf(b, "<div class=\"page-head\"><div><p class=\"crumbs\"><a href=\"/backlog?product=%u\">%h backlog</a></p>"
                 "<h1><span class=\"key\">%h</span> %h</h1><p class=\"badges\">",
              f.product_key, f.product_key, f.key, f.title);
  html_feature_status(r, f.status);
  html_printf(b, " ");
  html_horizon(r, f.horizon);
  html_printf(b, " <span class=\"muted\">version %lld · updated ", (long long)f.version);
  html_time(r, f.updated_at);
  html_printf(b, "</span></p></div><div class=\"actions\">");
  if (pm) html_printf(b, "<a class=\"button\" href=\"/features/%u/edit\">Edit</a>", f.key);
  html_printf(b, "</div></div>");
  html_notice(r);

  html_printf(b, "<div class=\"columns\"><div class=\"main-col\">");
  html_printf(b, "<section class=\"scores\"><h2>Scores</h2><dl>");
  html_printf(b, "<dt>RICE</dt><dd>");
  if (f.rice.set) {
    buf ex;
    buf_init(&ex, 256);
    score_rice_explain(&ex, &f.rice);
    html_printf(b, "<strong class=\"score-big\">");
    html_score(r, 1, score_rice(&f.rice));
    html_printf(b, "</strong> <span class=\"arith\">%h</span>", buf_cstr(&ex));
    buf_free(&ex);
  } else {
    html_printf(b, "<span class=\"muted\">not scored</span>");
  }
  html_printf(b, "</dd><dt>ICE</dt><dd>");
  if (f.ice.set) {
    buf ex;
    buf_init(&ex, 256);
    score_ice_explain(&ex, &f.ice);
    html_printf(b, "<strong class=\"score-big\">");
    html_score(r, 1, score_ice(&f.ice));
    html_printf(b, "</strong> <span class=\"arith\">%h</span>", buf_cstr(&ex));
    buf_free(&ex);
  } else {
    html_printf(b, "<span class=\"muted\">not scored</span>");
  }
  html_printf(b, "</dd></dl></section>");
  html_scores_section(r, &f, pm);
  page_feature_planning(r, &f); /* planning (page_plan.c) */
  html_printf(b, "<section><h2>Description</h2>");
  if (*f.description) html_markdown(r, f.description);
  else html_printf(b, "<p class=\"empty\">No description yet.</p>");
  html_printf(b, "</section>");

  html_printf(b, "<section class=\"linked-ideas\"><h2>Ideas behind it <span class=\"count\">%lld ideas · %lld votes</span></h2>",
              (long long)f.idea_count, (long long)f.vote_count);
  if (ideas.n == 0) {
    html_printf(b, "<p class=\"empty\">No ideas are linked to this feature.</p>");
  } else {
    html_printf(b, "<table><thead><tr><th>#</th><th>Idea</th><th>Source</th><th>Customer</th><th class=\"num\">Votes</th>"
                   "<th>Submitted by</th></tr></thead><tbody>");
    for (size_t i = 0; i < ideas.n; i++) {
      const struct idea *it = &ideas.items[i];
      html_printf(b, "<tr><td>%lld</td><td><a href=\"/ideas/%lld\">%h</a></td><td>%h</td><td>%h</td><td class=\"num\">%lld</td><td>%h</td></tr>",
                  (long long)it->id, (long long)it->id, it->title, idea_source_label(it->source), it->customer,
                  (long long)it->votes, it->submitted_by ? it->submitted_by_name : "command line");
    }
    html_printf(b, "</tbody></table>");
  }
  html_printf(b, "</section>");
  html_comments(r, cs, nc, arena_printf(r->a, "/features/%s/comments", f.key));
  html_printf(b, "</div><aside class=\"side-col\">");
  html_demand_panel(r, &demand, arena_printf(r->a, "/features/%s/reach", f.key), f.version, f.rice.reach, f.rice.set);
  html_strategy_feature_section(r, &f); /* strategy: personas served */
  if (pm) {
    html_printf(b, "<section class=\"panel\"><h2>Move</h2><form method=\"post\" action=\"/features/%u/move\" class=\"stack\">", f.key);
    html_csrf(r);
    html_printf(b, "<input type=\"hidden\" name=\"version\" value=\"%lld\"><label>Horizon <select name=\"horizon\">",
                (long long)f.version);
    html_options(r, horizon_values, horizon_labels, 4, horizon_name(f.horizon));
    html_printf(b, "</select></label><label>Place in backlog <select name=\"position\"><option value=\"\">Keep its rank</option>"
                   "<option value=\"top\">Top</option><option value=\"bottom\">Bottom</option></select></label>"
                   "<button type=\"submit\">Move</button></form></section>");
  }
  page_feature_focus(r, &f); /* focus: trade-offs this feature was part of, and the way into a full Now */
  html_printf(b, "<section class=\"panel\"><h2>History</h2>");
  html_history(r, hist.items, hist.n, 0);
  html_printf(b, "</section></aside></div>");
  page_end(r, 200);
  return KEEL_OK;
}

/* Renders the edit page, optionally with an error or a conflict. */
static int edit_page(struct req *r, const struct feature *f, const struct feature_form *v, int status) {
  page_begin(r, arena_printf(r->a, "Edit %s", f->key), "backlog");
  html_printf(&r->out, "<h1>Edit <span class=\"key\">%h</span></h1>", f->key);
  if (status == 412) {
    struct feature_form cur = form_from_feature(r, f);
    html_printf(&r->out, "<div class=\"conflict\" role=\"alert\"><strong>Someone else changed %h while you were editing.</strong> "
                         "Your changes were not saved. The form below still holds what you typed; the current values are:<ul>",
                f->key);
    const char *names[] = {"Title", "Status", "Horizon", "Reach", "Impact", "Confidence", "Effort"};
    const char *mine[] = {v->title, v->status, v->horizon, v->reach, v->impact, v->confidence, v->effort};
    const char *theirs[] = {cur.title, cur.status, cur.horizon, cur.reach, cur.impact, cur.confidence, cur.effort};
    for (int i = 0; i < 7; i++)
      if (strcmp(mine[i], theirs[i]) != 0)
        html_printf(&r->out, "<li>%h is now <strong>%h</strong> (you entered %h)</li>", names[i],
                    *theirs[i] ? theirs[i] : "empty", *mine[i] ? mine[i] : "nothing");
    if (strcmp(v->description, cur.description) != 0) html_printf(&r->out, "<li>The description changed too.</li>");
    html_printf(&r->out, "</ul>Save again to replace their version with yours, or <a href=\"/features/%u\">discard your changes</a>.</div>",
                f->key);
  } else if (status != 200) {
    html_form_error(r, &r->e);
  }
  feature_form(r, f->key, f->version, v, NULL, 0);
  page_end(r, status);
  return KEEL_OK;
}

int page_feature_edit(struct req *r) {
  struct feature f;
  int rc = app_feature_get(&r->x, r->params[0], &f);
  if (rc) return rc;
  struct feature_form v = form_from_feature(r, &f);
  return edit_page(r, &f, &v, 200);
}

int page_feature_update(struct req *r) {
  struct feature_form v = form_from_request(r);
  int64_t version;
  struct feature_patch p;
  struct feature f;
  int rc = form_version(r, &version);
  if (!rc) rc = patch_from_form(r, &v, &p);
  if (!rc) rc = app_feature_update(&r->x, r->params[0], &p, version, &f);
  if (rc == KEEL_OK) {
    html_done(r, arena_printf(r->a, "/features/%s", f.key), "saved");
    return KEEL_OK;
  }
  /* focus: a full Now (409) comes back on the form like a bad value, with what was typed */
  if (rc != KEEL_EINVAL && rc != KEEL_ESTALE && rc != KEEL_ECONFLICT) return rc;
  struct keel_err saved = r->e;
  int rc2 = app_feature_get(&r->x, r->params[0], &f);
  if (rc2) return rc2;
  r->e = saved;
  if (rc != KEEL_ESTALE) f.version = version; /* keep the version they were editing */
  return edit_page(r, &f, &v, http_status_for(rc));
}

int page_feature_move(struct req *r) {
  int64_t version;
  int rc = form_version(r, &version);
  if (rc) return rc;
  struct feature_move m = {0};
  const char *h = form_get(r, "horizon"), *pos = form_get(r, "position");
  if (*h) {
    if (horizon_parse(h, &m.horizon)) return err_set(&r->e, KEEL_EINVAL, "horizon", "unknown horizon");
    m.has_horizon = 1;
  }
  if (*form_get(r, "before")) m.before = form_get(r, "before");
  if (*form_get(r, "after")) m.after = form_get(r, "after");
  if (strcmp(pos, "top") == 0) m.to_top = 1;
  if (strcmp(pos, "bottom") == 0) m.to_bottom = 1;
  struct feature f;
  struct tradeoff_in t = {0}; /* focus: a full Now leads to the form naming what moves out */
  struct now_state refusal = {0};
  t.refusal = &refusal;
  m.tradeoff = &t;
  rc = app_feature_move(&r->x, r->params[0], &m, version, &f);
  if (rc == KEEL_ECONFLICT && refusal.feature_key) {
    resp_redirect(r, arena_printf(r->a, "/features/%s/tradeoff", r->params[0]));
    return KEEL_OK;
  }
  if (rc == KEEL_ESTALE) {
    /* Say plainly what happened and where to look, rather than moving anyway. */
    page_begin(r, "Changed meanwhile", "board");
    html_printf(&r->out, "<div class=\"conflict\" role=\"alert\"><strong>%h was changed by someone else since you loaded the page.</strong> "
                         "Nothing was moved. <a href=\"/features/%u\">See its current state</a> and try again.</div>",
                r->params[0], r->params[0]);
    page_end(r, 412);
    return KEEL_OK;
  }
  if (rc) return rc;
  const char *back = form_get(r, "back");
  if (!html_local_path(back)) back = arena_printf(r->a, "/features/%s", f.key);
  html_done(r, back, "moved");
  return KEEL_OK;
}

int page_feature_comment(struct req *r) {
  struct comment c;
  int rc = app_comment_add(&r->x, "feature", r->params[0], form_get(r, "body"), &c);
  if (rc) return rc;
  html_done(r, arena_printf(r->a, "/features/%s", r->params[0]), "commented");
  return KEEL_OK;
}
