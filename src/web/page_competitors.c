/* page_competitors.c — a product's competitors and the capability comparison
 * table (capabilities × us and each competitor), one competitor's page, and
 * their forms. */
#include <stdlib.h>
#include <string.h>

#include "app/competitors.h"
#include "web/handlers.h"
#include "web/html.h"

static const char *const level_values[] = {"0", "1", "2", "3"};
static const char *const level_labels[] = {"0 — none", "1 — partial", "2 — on par", "3 — leading"};

static void level_cell(struct req *r, int level) {
  if (level < 0) html_printf(&r->out, "<td class=\"level muted\">–</td>");
  else html_printf(&r->out, "<td class=\"level lvl-%d\" title=\"%a\">%d <small>%h</small></td>", level,
                   capability_level_label(level), level, capability_level_label(level));
}

static void competitor_form(struct req *r, const char *action, const struct competitor *c, int editing) {
  buf *b = &r->out;
  html_printf(b, "<form method=\"post\" action=\"%a\" class=\"stack\">", action);
  html_csrf(r);
  if (editing) html_printf(b, "<input type=\"hidden\" name=\"version\" value=\"%lld\">", (long long)c->version);
  html_printf(b, "<label>Name <input name=\"name\" value=\"%a\" required maxlength=\"120\"></label>"
                 "<label>Website <input name=\"website\" value=\"%a\" placeholder=\"https://\"></label>"
                 "<label>Strengths <textarea name=\"strengths\" rows=\"2\">%h</textarea></label>"
                 "<label>Weaknesses <textarea name=\"weaknesses\" rows=\"2\">%h</textarea></label>"
                 "<div class=\"actions\"><button type=\"submit\">%h</button></div></form>",
              c->name, c->website, c->strengths, c->weaknesses, editing ? "Save" : "Add competitor");
}

static int competitors_page(struct req *r, int status) {
  struct keel_err failed = r->e;
  struct product p;
  struct capability_matrix m;
  int rc = app_product_get(&r->x, r->params[0], &p);
  if (!rc) rc = app_capability_matrix(&r->x, p.key, &m);
  if (rc) return rc;
  page_begin(r, arena_printf(r->a, "%s competitors", p.name), "strategy");
  buf *b = &r->out;
  html_printf(b, "<div class=\"page-head\"><div><p class=\"crumbs\"><a href=\"/strategy\">Strategy</a> · "
                 "<a href=\"/products/%u/strategy\">%h</a></p><h1>Competitors</h1></div></div>",
              p.key, p.key);
  if (status != 200) html_form_error(r, &failed);
  html_notice(r);
  html_printf(b, "<section class=\"panel\"><h2>Capabilities compared</h2>");
  if (!m.ncaps) {
    html_printf(b, "<p class=\"empty\">No capabilities yet.</p>");
  } else {
    html_printf(b, "<div class=\"table-scroll\"><table class=\"capabilities\"><thead><tr><th>Capability</th><th>%h (us)</th>", p.name);
    for (size_t j = 0; j < m.ncomps; j++)
      html_printf(b, "<th><a href=\"/competitors/%lld\">%h</a></th>", (long long)m.comps[j].id, m.comps[j].name);
    html_printf(b, "</tr></thead><tbody>");
    for (size_t i = 0; i < m.ncaps; i++) {
      html_printf(b, "<tr><th>%h", m.caps[i].name);
      if (*m.caps[i].note) html_printf(b, " <small class=\"muted\">%h</small>", m.caps[i].note);
      html_printf(b, "</th>");
      level_cell(r, m.caps[i].ours);
      for (size_t j = 0; j < m.ncomps; j++) level_cell(r, m.levels[i * m.ncomps + j]);
      html_printf(b, "</tr>");
    }
    html_printf(b, "</tbody></table></div><p class=\"muted\">Levels: 0 none, 1 partial, 2 on par, 3 leading.</p>");
  }
  html_printf(b, "</section><section class=\"panel\"><h2>Competitors</h2>");
  if (!m.ncomps) html_printf(b, "<p class=\"empty\">No competitors yet.</p>");
  else html_printf(b, "<table><thead><tr><th>Competitor</th><th>Strengths</th><th>Weaknesses</th></tr></thead><tbody>");
  for (size_t j = 0; j < m.ncomps; j++)
    html_printf(b, "<tr><td><a href=\"/competitors/%lld\">%h</a></td><td>%h</td><td>%h</td></tr>", (long long)m.comps[j].id,
                m.comps[j].name, m.comps[j].strengths, m.comps[j].weaknesses);
  if (m.ncomps) html_printf(b, "</tbody></table>");
  html_printf(b, "</section>");
  if (html_can(r, CAP_PRODUCT)) {
    struct competitor empty = {.name = "", .website = "", .strengths = "", .weaknesses = ""};
    html_printf(b, "<div class=\"columns\"><div class=\"main-col\"><section class=\"panel\"><h2>Add a competitor</h2>");
    competitor_form(r, arena_printf(r->a, "/products/%s/competitors", p.key), &empty, 0);
    html_printf(b, "</section></div><aside class=\"side-col\"><section class=\"panel\"><h2>Add a capability</h2>"
                   "<form method=\"post\" action=\"/products/%u/capabilities\" class=\"stack\">", p.key);
    html_csrf(r);
    html_printf(b, "<label>Name <input name=\"name\" required maxlength=\"120\"></label><label>Our level <select name=\"ours\">");
    html_options(r, level_values, level_labels, 4, "0");
    html_printf(b, "</select></label><label>Note <input name=\"note\" maxlength=\"300\"></label>"
                   "<button type=\"submit\" class=\"secondary\">Add capability</button></form></section>");
    if (m.ncaps) {
      html_printf(b, "<section class=\"panel\"><h2>Set a level</h2><form method=\"post\" action=\"/products/%u/capabilities/levels\" "
                     "class=\"stack\">", p.key);
      html_csrf(r);
      html_printf(b, "<label>Capability <select name=\"capability\">");
      for (size_t i = 0; i < m.ncaps; i++) html_printf(b, "<option value=\"%lld\">%h</option>", (long long)m.caps[i].id, m.caps[i].name);
      html_printf(b, "</select></label><label>Who <select name=\"competitor\"><option value=\"\">Us (%h)</option>", p.name);
      for (size_t j = 0; j < m.ncomps; j++) html_printf(b, "<option value=\"%lld\">%h</option>", (long long)m.comps[j].id, m.comps[j].name);
      html_printf(b, "</select></label><label>Level <select name=\"level\">");
      html_options(r, level_values, level_labels, 4, "2");
      html_printf(b, "</select></label><button type=\"submit\" class=\"secondary\">Set level</button></form></section>");
    }
    html_printf(b, "</aside></div>");
  }
  page_end(r, status);
  return KEEL_OK;
}

int page_competitors(struct req *r) { return competitors_page(r, 200); }

static void patch_from_form(struct req *r, struct competitor_patch *p) {
  p->name = form_get(r, "name");
  p->website = form_get(r, "website");
  p->strengths = form_get(r, "strengths");
  p->weaknesses = form_get(r, "weaknesses");
}

int page_competitor_create(struct req *r) {
  struct competitor_patch p;
  patch_from_form(r, &p);
  struct competitor c;
  int rc = app_competitor_create(&r->x, r->params[0], &p, &c);
  if (rc == KEEL_OK) {
    html_done(r, arena_printf(r->a, "/products/%s/competitors", r->params[0]), "created");
    return KEEL_OK;
  }
  if (rc != KEEL_EINVAL && rc != KEEL_EEXISTS) return rc;
  return competitors_page(r, http_status_for(rc));
}

/* Reads a level field: KEEL_EINVAL naming it when it is not 0..3. */
static int form_level(struct req *r, const char *name, int *out) {
  if (capability_level_parse(form_get(r, name), out) != 0)
    return err_set(&r->e, KEEL_EINVAL, name, "%s must be 0 (none), 1 (partial), 2 (on par) or 3 (leading)", name);
  return KEEL_OK;
}

int page_capability_create(struct req *r) {
  int ours;
  struct capability c;
  int rc = form_level(r, "ours", &ours);
  if (!rc) rc = app_capability_add(&r->x, r->params[0], form_get(r, "name"), ours, form_get(r, "note"), &c);
  if (rc == KEEL_OK) {
    html_done(r, arena_printf(r->a, "/products/%s/competitors", r->params[0]), "created");
    return KEEL_OK;
  }
  if (rc != KEEL_EINVAL && rc != KEEL_EEXISTS) return rc;
  return competitors_page(r, http_status_for(rc));
}

int page_capability_level(struct req *r) {
  int level;
  int rc = form_level(r, "level", &level);
  const char *who = form_get(r, "competitor");
  struct capability_set s = {.ours = *who ? -1 : level, .competitor = *who ? who : NULL, .level = level};
  struct capability c;
  if (!rc) rc = app_capability_set(&r->x, r->params[0], form_get(r, "capability"), &s, 0, &c);
  if (rc == KEEL_OK) {
    html_done(r, arena_printf(r->a, "/products/%s/competitors", r->params[0]), "saved");
    return KEEL_OK;
  }
  if (rc != KEEL_EINVAL) return rc;
  return competitors_page(r, http_status_for(rc));
}

static int competitor_page(struct req *r, int status) {
  struct keel_err failed = r->e;
  int64_t id;
  struct competitor c;
  int rc = req_id_param(r, 0, &id);
  if (!rc) rc = app_competitor_get(&r->x, NULL, r->params[0], &c);
  if (rc) return rc;
  page_begin(r, c.name, "strategy");
  buf *b = &r->out;
  html_printf(b, "<div class=\"page-head\"><div><p class=\"crumbs\"><a href=\"/strategy\">Strategy</a> · "
                 "<a href=\"/products/%u/competitors\">%h competitors</a></p><h1>%h</h1></div></div>",
              c.product_key, c.product_key, c.name);
  if (status != 200) html_form_error(r, &failed);
  html_notice(r);
  if (*c.website) html_printf(b, "<p><a href=\"%a\" rel=\"noopener noreferrer\">%h</a></p>", c.website, c.website);
  html_printf(b, "<div class=\"columns\"><div class=\"main-col\"><section class=\"panel\"><h2>Strengths</h2><p>%h</p></section>"
                 "<section class=\"panel\"><h2>Weaknesses</h2><p>%h</p></section></div><aside class=\"side-col\">",
              *c.strengths ? c.strengths : "–", *c.weaknesses ? c.weaknesses : "–");
  if (html_can(r, CAP_PRODUCT)) {
    html_printf(b, "<section class=\"panel\"><h2>Edit</h2>");
    competitor_form(r, arena_printf(r->a, "/competitors/%lld", (long long)c.id), &c, 1);
    html_printf(b, "<form method=\"post\" action=\"/competitors/%lld/remove\" class=\"inline\">", (long long)c.id);
    html_csrf(r);
    html_printf(b, "<input type=\"hidden\" name=\"version\" value=\"%lld\"><button type=\"submit\" class=\"secondary small\">"
                   "Remove competitor</button></form></section>",
                (long long)c.version);
  }
  html_printf(b, "</aside></div>");
  page_end(r, status);
  return KEEL_OK;
}

int page_competitor(struct req *r) { return competitor_page(r, 200); }

int page_competitor_update(struct req *r) {
  int64_t version;
  struct competitor_patch p;
  patch_from_form(r, &p);
  int rc = form_version(r, &version);
  struct competitor c;
  if (!rc) rc = app_competitor_update(&r->x, NULL, r->params[0], &p, version, &c);
  if (rc == KEEL_OK) {
    html_done(r, arena_printf(r->a, "/competitors/%lld", (long long)c.id), "saved");
    return KEEL_OK;
  }
  if (rc != KEEL_EINVAL && rc != KEEL_ESTALE && rc != KEEL_EEXISTS) return rc;
  return competitor_page(r, http_status_for(rc));
}

int page_competitor_remove(struct req *r) {
  int64_t version;
  struct competitor c;
  int rc = form_version(r, &version);
  if (!rc) rc = app_competitor_get(&r->x, NULL, r->params[0], &c);
  if (!rc) rc = app_competitor_remove(&r->x, NULL, r->params[0], version);
  if (rc == KEEL_ESTALE) return competitor_page(r, 412);
  if (rc) return rc;
  html_done(r, arena_printf(r->a, "/products/%s/competitors", c.product_key), "removed");
  return KEEL_OK;
}
