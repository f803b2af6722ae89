/* page_scores.c — scoring in the web UI: the feature page's section with a
 * form per framework, and a product's scoring page (main framework, criteria
 * and weights, the ranking). Works without JavaScript. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "app/scores.h"
#include "web/handlers.h"
#include "web/html.h"
#include "web/page_scores.h"

/* Places of the ranking on a product's scoring page. */
#define SCORING_PAGE_RANK_LIMIT "100"

static const char *const fib_values[] = {"", "1", "2", "3", "5", "8", "13", "20"};
static const char *const fib_labels[] = {"–", "1", "2", "3", "5", "8", "13", "20"};
static const char *const ten_values[] = {"", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10"};
static const char *const ten_labels[] = {"–", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10"};
static const char *const moscow_values[] = {"must", "should", "could", "wont"};
static const char *const moscow_labels[] = {"Must have", "Should have", "Could have", "Won't have (this time)"};
static const char *const kano_values[] = {"", "must_be", "performance", "attractive", "indifferent", "reverse", "questionable"};
static const char *const kano_labels[] = {"– (from the answers)", "Must-be", "Performance", "Attractive", "Indifferent",
                                          "Reverse", "Questionable"};
static const char *const answer_values[] = {"", "like", "expect", "neutral", "live_with", "dislike"};
static const char *const answer_labels[] = {"–", "I like it", "I expect it", "I am neutral", "I can live with it",
                                            "I dislike it"};
static const char *const fw_values[] = {"rice", "ice", "wsjf", "weighted", "value_effort", "moscow", "kano"};
static const char *const fw_labels_ui[] = {"RICE", "ICE", "WSJF", "Weighted criteria", "Value vs effort", "MoSCoW", "Kano"};

/* Reads a stored input back for a form field ("" when absent). */
static const char *input_text(struct req *r, const struct score_view *v, const char *name) {
  if (!v->set || !v->inputs) return "";
  json_t *o = json_loads(v->inputs, 0, NULL);
  const char *out = "";
  json_t *x = o ? json_object_get(o, name) : NULL;
  if (json_is_string(x)) out = arena_strdup(r->a, json_string_value(x));
  else if (json_is_number(x)) {
    buf b;
    buf_init(&b, 64);
    buf_json_num(&b, json_number_value(x));
    out = arena_strdup(r->a, buf_cstr(&b));
    buf_free(&b);
  }
  json_decref(o);
  return out;
}

static void select_field(struct req *r, const char *label, const char *name, const char *const *values,
                         const char *const *labels, int n, const char *current) {
  html_printf(&r->out, "<label>%h <select name=\"%a\">", label, name);
  html_options(r, values, labels, n, current);
  html_printf(&r->out, "</select></label>");
}

static void number_field(struct req *r, const char *label, const char *name, const char *value) {
  html_printf(&r->out, "<label>%h <input name=\"%a\" inputmode=\"decimal\" size=\"6\" value=\"%a\"></label>", label, name,
              value);
}

/* The inputs of one framework's form. */
static void framework_inputs(struct req *r, const struct feature_scores *fs, enum framework fw) {
  const struct score_view *v = &fs->items[fw];
  switch (fw) {
  case FW_RICE:
    number_field(r, "Reach", "reach", input_text(r, v, "reach"));
    number_field(r, "Impact (0.25–3)", "impact", input_text(r, v, "impact"));
    number_field(r, "Confidence %", "confidence", input_text(r, v, "confidence"));
    number_field(r, "Effort (person-months)", "effort", input_text(r, v, "effort"));
    break;
  case FW_ICE:
    select_field(r, "Impact", "impact", ten_values, ten_labels, 11, input_text(r, v, "impact"));
    select_field(r, "Confidence", "confidence", ten_values, ten_labels, 11, input_text(r, v, "confidence"));
    select_field(r, "Ease", "ease", ten_values, ten_labels, 11, input_text(r, v, "ease"));
    break;
  case FW_WSJF:
    select_field(r, "Business value", "business_value", fib_values, fib_labels, 8, input_text(r, v, "business_value"));
    select_field(r, "Time criticality", "time_criticality", fib_values, fib_labels, 8, input_text(r, v, "time_criticality"));
    select_field(r, "Risk reduction / opportunity", "risk_reduction", fib_values, fib_labels, 8,
                 input_text(r, v, "risk_reduction"));
    select_field(r, "Job size", "job_size", fib_values, fib_labels, 8, input_text(r, v, "job_size"));
    break;
  case FW_WEIGHTED:
    for (size_t i = 0; i < fs->ncriteria; i++) {
      const char *val = "";
      if (fs->has_value[i]) {
        buf b;
        buf_init(&b, 64);
        buf_json_num(&b, fs->values[i]);
        val = arena_strdup(r->a, buf_cstr(&b));
        buf_free(&b);
      }
      html_printf(&r->out, "<label>%h <small>× %N</small> <input name=\"c%lld\" inputmode=\"decimal\" size=\"4\" value=\"%a\"></label>",
                  fs->criteria[i].name, fs->criteria[i].weight, (long long)fs->criteria[i].id, val);
    }
    break;
  case FW_VALUE_EFFORT:
    select_field(r, "Value", "value", ten_values, ten_labels, 11, input_text(r, v, "value"));
    select_field(r, "Effort", "effort", ten_values, ten_labels, 11, input_text(r, v, "effort"));
    break;
  case FW_MOSCOW: select_field(r, "Category", "category", moscow_values, moscow_labels, 4, v->label); break;
  case FW_KANO:
    select_field(r, "Functional answer", "functional", answer_values, answer_labels, 6, input_text(r, v, "functional"));
    select_field(r, "Dysfunctional answer", "dysfunctional", answer_values, answer_labels, 6,
                 input_text(r, v, "dysfunctional"));
    select_field(r, "or the category", "category", kano_values, kano_labels, 7, input_text(r, v, "category"));
    break;
  default: break;
  }
}

void html_scores_section(struct req *r, const struct feature *f, int pm) {
  buf *b = &r->out;
  struct feature_scores fs;
  struct keel_err saved = r->e;
  int rc = app_scores_get(&r->x, f->key, &fs);
  html_printf(b, "<section class=\"frameworks\" id=\"frameworks\"><h2>Scoring frameworks</h2>");
  if (rc) {
    html_printf(b, "<p class=\"error\">%h</p></section>", r->e.msg);
    r->e = saved;
    return;
  }
  html_printf(b, "<p class=\"hint\">Main framework of %h: <strong>%h</strong> · <a href=\"/products/%u/scoring\">criteria, "
                 "main framework and ranking</a></p><table class=\"scores-table\"><thead><tr><th>Framework</th>"
                 "<th class=\"num\">Score</th><th>Arithmetic</th></tr></thead><tbody>",
              f->product_key, framework_label(fs.main), f->product_key);
  for (int i = 0; i < FW_COUNT; i++) {
    const struct score_view *v = &fs.items[i];
    int main = fs.main == (enum framework)i;
    html_printf(b, "<tr class=\"%a\"><th scope=\"row\">%h%h</th><td class=\"num\">", main ? "main" : "",
                framework_label(v->fw), main ? " (main)" : "");
    if (v->set && v->has_score) html_printf(b, "<strong title=\"%N\">%h</strong>", v->score, v->display);
    else html_printf(b, "<span class=\"muted\">not scored</span>");
    html_printf(b, "</td><td class=\"arith\">%h</td></tr>", v->set ? v->explain : "");
  }
  html_printf(b, "</tbody></table>");
  if (pm) {
    for (int i = 0; i < FW_COUNT; i++) {
      enum framework fw = (enum framework)i;
      const struct score_view *v = &fs.items[i];
      html_printf(b, "<details class=\"score-form\"><summary>Score in %h</summary>", framework_label(fw));
      if (fw == FW_WEIGHTED && fs.ncriteria == 0) {
        html_printf(b, "<p class=\"hint\">%h has no criteria yet: <a href=\"/products/%u/scoring\">add some</a>.</p></details>",
                    f->product_key, f->product_key);
        continue;
      }
      html_printf(b, "<form method=\"post\" action=\"/features/%u/scores/%u\" class=\"row\">", f->key, framework_name(fw));
      html_csrf(r);
      html_printf(b, "<input type=\"hidden\" name=\"version\" value=\"%lld\">", (long long)fs.feature.version);
      framework_inputs(r, &fs, fw);
      html_printf(b, "<button type=\"submit\">Save</button></form>");
      if (v->set) {
        html_printf(b, "<form method=\"post\" action=\"/features/%u/scores/%u/clear\">", f->key, framework_name(fw));
        html_csrf(r);
        html_printf(b, "<input type=\"hidden\" name=\"version\" value=\"%lld\"><button type=\"submit\" class=\"link\">"
                       "Clear the %h score</button></form>",
                    (long long)fs.feature.version, framework_label(fw));
      }
      html_printf(b, "</details>");
    }
  }
  html_printf(b, "</section>");
}

/* Builds the inputs from the submitted form: every field but _csrf and
 * version, empty ones left out; weighted fields "c<id>" name criteria. */
static int pairs_from_form(struct req *r, enum framework fw, struct fw_pair **out, size_t *n) {
  *n = 0;
  struct criterion *cs = NULL;
  size_t nc = 0;
  if (fw == FW_WEIGHTED) {
    struct feature f;
    int rc = app_feature_get(&r->x, r->params[0], &f);
    if (!rc) rc = app_criterion_list(&r->x, f.product_key, &cs, &nc);
    if (rc) return rc;
  }
  struct fw_pair *p = arena_zalloc(r->a, (r->form.n ? r->form.n : 1) * sizeof *p);
  for (size_t i = 0; i < r->form.n; i++) {
    const char *k = r->form.items[i].key, *v = r->form.items[i].val;
    if (strcmp(k, "_csrf") == 0 || strcmp(k, "version") == 0 || !*v) continue;
    if (fw == FW_WEIGHTED && k[0] == 'c') {
      long long id = strtoll(k + 1, NULL, 10);
      for (size_t j = 0; j < nc; j++)
        if (cs[j].id == id) k = cs[j].name;
    }
    struct fw_pair *x = &p[(*n)++];
    x->name = k;
    char *end;
    errno = 0;
    double d = strtod(v, &end);
    if (end != v && !*end && !errno && isfinite(d)) {
      x->is_num = 1;
      x->num = d;
    } else {
      x->str = v;
    }
  }
  *out = p;
  return KEEL_OK;
}

int page_score_save(struct req *r) {
  int64_t version;
  enum framework fw;
  int rc = form_version(r, &version);
  if (!rc) rc = app_framework_parse(&r->x, r->params[1], &fw);
  struct fw_pair *pairs;
  size_t n;
  if (!rc) rc = pairs_from_form(r, fw, &pairs, &n);
  struct score_view v;
  if (!rc) rc = app_score_set(&r->x, r->params[0], r->params[1], pairs, n, version, &v);
  if (rc) return rc;
  resp_redirect(r, arena_printf(r->a, "/features/%s?done=saved#frameworks", r->params[0]));
  return KEEL_OK;
}

int page_score_clear(struct req *r) {
  int64_t version;
  int rc = form_version(r, &version);
  if (!rc) rc = app_score_clear(&r->x, r->params[0], r->params[1], version);
  if (rc) return rc;
  resp_redirect(r, arena_printf(r->a, "/features/%s?done=removed#frameworks", r->params[0]));
  return KEEL_OK;
}

/* ---- a product's scoring page ---- */

int page_product_scoring(struct req *r) {
  struct product p;
  int rc = app_product_get(&r->x, r->params[0], &p);
  struct criterion *cs;
  size_t nc;
  if (!rc) rc = app_criterion_list(&r->x, p.key, &cs, &nc);
  enum framework main;
  if (!rc) rc = app_product_framework(&r->x, p.key, &main);
  if (rc) return rc;
  const char *fwq = req_query(r, "framework");
  struct rank_in in = {.product = p.key, .framework = fwq, .limit = SCORING_PAGE_RANK_LIMIT};
  struct rank_page rank;
  rc = app_rank(&r->x, &in, &rank);
  if (rc) return rc;
  int pm = html_can(r, CAP_PRODUCT);
  buf *b = &r->out;
  page_begin(r, arena_printf(r->a, "%s scoring", p.key), "backlog");
  html_printf(b, "<p class=\"crumbs\"><a href=\"/backlog?product=%u\">%h backlog</a></p><h1>Scoring for %h</h1>", p.key,
              p.key, p.name);
  html_notice(r);
  html_printf(b, "<section><h2>Main framework</h2><p>Features of %h are compared by <strong>%h</strong> unless you ask "
                 "for another.</p>",
              p.key, framework_label(main));
  if (pm) {
    html_printf(b, "<form method=\"post\" action=\"/products/%u/scoring/framework\" class=\"row\">", p.key);
    html_csrf(r);
    html_printf(b, "<input type=\"hidden\" name=\"version\" value=\"%lld\">", (long long)p.version);
    select_field(r, "Main framework", "main_framework", fw_values, fw_labels_ui, FW_COUNT, framework_name(main));
    html_printf(b, "<button type=\"submit\">Save</button></form>");
  }
  html_printf(b, "</section><section><h2>Criteria for weighted scoring</h2>"
                 "<p class=\"hint\">Score = Σ(weight × value) ÷ Σ weight; each value 0–10. Changing a weight rescores "
                 "every feature at once.</p>");
  if (!nc) html_printf(b, "<p class=\"empty\">No criteria yet.</p>");
  else {
    html_printf(b, "<table><thead><tr><th>Position</th><th>Criterion</th><th class=\"num\">Weight</th><th></th></tr></thead><tbody>");
    for (size_t i = 0; i < nc; i++) {
      const struct criterion *c = &cs[i];
      if (pm) {
        html_printf(b, "<tr><td colspan=\"3\"><form method=\"post\" action=\"/criteria/%lld\" class=\"row\">", (long long)c->id);
        html_csrf(r);
        html_printf(b, "<input type=\"hidden\" name=\"version\" value=\"%lld\">"
                       "<input name=\"position\" size=\"3\" value=\"%lld\" aria-label=\"Position\">"
                       "<input name=\"name\" value=\"%a\" aria-label=\"Name\" maxlength=\"80\">"
                       "<input name=\"weight\" inputmode=\"decimal\" size=\"5\" value=\"%N\" aria-label=\"Weight\">"
                       "<button type=\"submit\">Save</button></form></td><td>"
                       "<form method=\"post\" action=\"/criteria/%lld/remove\">",
                    (long long)c->version, (long long)c->position, c->name, c->weight, (long long)c->id);
        html_csrf(r);
        html_printf(b, "<input type=\"hidden\" name=\"version\" value=\"%lld\"><button type=\"submit\" class=\"link\">Remove</button>"
                       "</form></td></tr>",
                    (long long)c->version);
      } else {
        html_printf(b, "<tr><td>%lld</td><td>%h</td><td class=\"num\">%N</td><td></td></tr>", (long long)c->position, c->name,
                    c->weight);
      }
    }
    html_printf(b, "</tbody></table>");
  }
  if (pm) {
    html_printf(b, "<form method=\"post\" action=\"/products/%u/criteria\" class=\"row\">", p.key);
    html_csrf(r);
    html_printf(b, "<label>Name <input name=\"name\" required maxlength=\"80\"></label>"
                   "<label>Weight <input name=\"weight\" inputmode=\"decimal\" size=\"5\" required></label>"
                   "<button type=\"submit\">Add criterion</button></form>");
  }
  html_printf(b, "</section><section><h2>Ranking by %h</h2><form method=\"get\" class=\"row\">", framework_label(rank.fw));
  select_field(r, "Framework", "framework", fw_values, fw_labels_ui, FW_COUNT, framework_name(rank.fw));
  html_printf(b, "<button type=\"submit\">Show</button></form>");
  if (!rank.n) html_printf(b, "<p class=\"empty\">No feature of %h is scored in %h yet.</p>", p.key, framework_label(rank.fw));
  else {
    html_printf(b, "<table class=\"ranking\"><thead><tr><th class=\"num\">#</th><th>Feature</th><th class=\"num\">Score</th>"
                   "</tr></thead><tbody>");
    for (size_t i = 0; i < rank.n; i++) {
      const struct rank_item *it = &rank.items[i];
      html_printf(b, "<tr><td class=\"num\">%lld</td><td><a href=\"/features/%u\"><span class=\"key\">%h</span> %h</a></td>"
                     "<td class=\"num\" title=\"%N\">%h</td></tr>",
                  (long long)it->place, it->key, it->key, it->title, it->score, it->display);
    }
    html_printf(b, "</tbody></table>");
  }
  html_printf(b, "</section>");
  page_end(r, 200);
  return KEEL_OK;
}

int page_product_framework(struct req *r) {
  int64_t version, new_version;
  int rc = form_version(r, &version);
  if (!rc) rc = app_product_framework_set(&r->x, r->params[0], form_get(r, "main_framework"), version, &new_version);
  if (rc) return rc;
  html_done(r, arena_printf(r->a, "/products/%s/scoring", r->params[0]), "saved");
  return KEEL_OK;
}

/* Reads name, weight and position from the form into a patch. */
static int criterion_form(struct req *r, struct criterion_patch *p) {
  memset(p, 0, sizeof *p);
  const char *name = form_get(r, "name"), *w = form_get(r, "weight"), *pos = form_get(r, "position");
  if (*name) p->name = name;
  if (*w) {
    char *end;
    errno = 0;
    p->weight = strtod(w, &end);
    if (end == w || *end || errno || !isfinite(p->weight))
      return err_set(&r->e, KEEL_EINVAL, "weight", "weight must be a number");
    p->has_weight = 1;
  }
  if (*pos) {
    char *end;
    errno = 0;
    p->position = strtoll(pos, &end, 10);
    if (end == pos || *end || errno) return err_set(&r->e, KEEL_EINVAL, "position", "position must be a whole number");
    p->has_position = 1;
  }
  return KEEL_OK;
}

int page_criterion_add(struct req *r) {
  struct criterion_patch p;
  struct criterion c;
  int rc = criterion_form(r, &p);
  if (!rc) rc = app_criterion_add(&r->x, r->params[0], &p, &c);
  if (rc) return rc;
  html_done(r, arena_printf(r->a, "/products/%s/scoring", r->params[0]), "created");
  return KEEL_OK;
}

int page_criterion_save(struct req *r) {
  int64_t id, version;
  struct criterion_patch p;
  struct criterion c;
  const char *product = "";
  int rc = req_id_param(r, 0, &id);
  if (!rc) rc = form_version(r, &version);
  if (!rc) rc = criterion_form(r, &p);
  if (!rc) rc = app_criterion_get(&r->x, id, &c, &product);
  if (!rc) rc = app_criterion_update(&r->x, id, &p, version, &c);
  if (rc) return rc;
  html_done(r, arena_printf(r->a, "/products/%s/scoring", product), "saved");
  return KEEL_OK;
}

int page_criterion_remove(struct req *r) {
  int64_t id, version;
  struct criterion c;
  const char *product = "";
  int rc = req_id_param(r, 0, &id);
  if (!rc) rc = form_version(r, &version);
  if (!rc) rc = app_criterion_get(&r->x, id, &c, &product);
  if (!rc) rc = app_criterion_remove(&r->x, id, version);
  if (rc) return rc;
  html_done(r, arena_printf(r->a, "/products/%s/scoring", product), "removed");
  return KEEL_OK;
}
