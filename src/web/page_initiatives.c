/* page_initiatives.c — a product's initiatives (themes), one initiative with
 * the objectives it serves and its features, the forms that link them, and
 * the initiative part of the feature page's strategy section. */
#include <stdlib.h>
#include <string.h>

#include "app/strategy.h"
#include "web/handlers.h"
#include "web/html.h"
#include "web/page_strategy.h"

static void initiative_form(struct req *r, const char *action, const struct initiative *i, int editing) {
  buf *b = &r->out;
  html_printf(b, "<form method=\"post\" action=\"%a\" class=\"stack\">", action);
  html_csrf(r);
  if (editing) html_printf(b, "<input type=\"hidden\" name=\"version\" value=\"%lld\">", (long long)i->version);
  html_printf(b, "<label>Name <input name=\"name\" value=\"%a\" required maxlength=\"120\"></label>"
                 "<label>Description <textarea name=\"description\" rows=\"2\">%h</textarea></label>"
                 "<div class=\"actions\"><button type=\"submit\">%h</button></div></form>",
              i->name, i->description, editing ? "Save" : "Add initiative");
}

static int initiatives_page(struct req *r, int status, const struct initiative *draft) {
  struct keel_err failed = r->e;
  struct product p;
  struct initiative *is;
  size_t n;
  int rc = app_product_get(&r->x, r->params[0], &p);
  if (!rc) rc = app_initiative_list(&r->x, p.key, &is, &n);
  if (rc) return rc;
  page_begin(r, arena_printf(r->a, "%s initiatives", p.name), "strategy");
  buf *b = &r->out;
  html_printf(b, "<div class=\"page-head\"><div><p class=\"crumbs\"><a href=\"/strategy\">Strategy</a> · "
                 "<a href=\"/products/%u/strategy\">%h</a></p><h1>Initiatives</h1></div></div>"
                 "<p class=\"lead\">Themes that tie objectives to the features built for them.</p>",
              p.key, p.key);
  if (status != 200) html_form_error(r, &failed);
  html_notice(r);
  if (!n) html_printf(b, "<p class=\"empty\">No initiatives yet.</p>");
  else html_printf(b, "<table><thead><tr><th>Initiative</th><th class=\"num\">Objectives</th><th class=\"num\">Features</th>"
                      "</tr></thead><tbody>");
  for (size_t i = 0; i < n; i++)
    html_printf(b, "<tr><td><a href=\"/initiatives/%lld\">%h</a></td><td class=\"num\">%lld</td><td class=\"num\">%lld</td></tr>",
                (long long)is[i].id, is[i].name, (long long)is[i].objective_count, (long long)is[i].feature_count);
  if (n) html_printf(b, "</tbody></table>");
  if (html_can(r, CAP_PRODUCT)) {
    struct initiative d = {.name = "", .description = ""};
    if (draft) d = *draft;
    html_printf(b, "<section class=\"panel\"><h2>Add an initiative</h2>");
    initiative_form(r, arena_printf(r->a, "/products/%s/initiatives", p.key), &d, 0);
    html_printf(b, "</section>");
  }
  page_end(r, status);
  return KEEL_OK;
}

int page_initiatives(struct req *r) { return initiatives_page(r, 200, NULL); }

int page_initiative_create(struct req *r) {
  struct initiative_patch p = {.name = form_get(r, "name"), .description = form_get(r, "description")};
  struct initiative out;
  int rc = app_initiative_create(&r->x, r->params[0], &p, &out);
  if (rc == KEEL_OK) {
    html_done(r, arena_printf(r->a, "/initiatives/%lld", (long long)out.id), "created");
    return KEEL_OK;
  }
  if (rc != KEEL_EINVAL && rc != KEEL_EEXISTS) return rc;
  struct initiative d = {.name = p.name, .description = p.description};
  return initiatives_page(r, http_status_for(rc), &d);
}

static int initiative_page(struct req *r, int status) {
  struct keel_err failed = r->e;
  int64_t id;
  struct initiative_view v;
  int rc = req_id_param(r, 0, &id);
  if (!rc) rc = app_initiative_get(&r->x, NULL, r->params[0], &v);
  if (rc) return rc;
  page_begin(r, v.i.name, "strategy");
  buf *b = &r->out;
  html_printf(b, "<div class=\"page-head\"><div><p class=\"crumbs\"><a href=\"/strategy\">Strategy</a> · "
                 "<a href=\"/products/%u/strategy\">%h</a> · <a href=\"/products/%u/initiatives\">Initiatives</a></p>"
                 "<h1>%h</h1></div></div>",
              v.i.product_key, v.i.product_key, v.i.product_key, v.i.name);
  if (status != 200) html_form_error(r, &failed);
  html_notice(r);
  if (*v.i.description) html_markdown(r, v.i.description);
  html_printf(b, "<div class=\"columns\"><div class=\"main-col\"><section class=\"panel\"><h2>Objectives it serves</h2>");
  if (!v.nobjectives) html_printf(b, "<p class=\"empty\">No objective linked yet.</p>");
  else html_printf(b, "<ul>");
  for (size_t i = 0; i < v.nobjectives; i++)
    html_printf(b, "<li><a href=\"/objectives/%lld\">%h</a> <span class=\"muted\">%h</span></li>", (long long)v.objectives[i].id,
                v.objectives[i].title, v.objectives[i].period);
  if (v.nobjectives) html_printf(b, "</ul>");
  html_printf(b, "</section><section class=\"panel\"><h2>Features</h2>");
  if (!v.nfeatures) html_printf(b, "<p class=\"empty\">No feature belongs to it yet.</p>");
  else html_printf(b, "<ul>");
  for (size_t i = 0; i < v.nfeatures; i++)
    html_printf(b, "<li><a href=\"/features/%u\"><span class=\"key\">%h</span> %h</a></li>", v.features[i].key,
                v.features[i].key, v.features[i].title);
  if (v.nfeatures) html_printf(b, "</ul>");
  html_printf(b, "</section></div><aside class=\"side-col\">");
  if (html_can(r, CAP_PRODUCT)) {
    html_printf(b, "<section class=\"panel\"><h2>Edit</h2>");
    initiative_form(r, arena_printf(r->a, "/initiatives/%lld", (long long)v.i.id), &v.i, 1);
    html_printf(b, "</section>");
  }
  html_printf(b, "</aside></div>");
  page_end(r, status);
  return KEEL_OK;
}

int page_initiative(struct req *r) { return initiative_page(r, 200); }

int page_initiative_update(struct req *r) {
  int64_t version;
  struct initiative_patch p = {.name = form_get(r, "name"), .description = form_get(r, "description")};
  int rc = form_version(r, &version);
  struct initiative out;
  if (!rc) rc = app_initiative_update(&r->x, NULL, r->params[0], &p, version, &out);
  if (rc == KEEL_OK) {
    html_done(r, arena_printf(r->a, "/initiatives/%lld", (long long)out.id), "saved");
    return KEEL_OK;
  }
  if (rc != KEEL_EINVAL && rc != KEEL_ESTALE && rc != KEEL_EEXISTS) return rc;
  return initiative_page(r, http_status_for(rc));
}

int page_objective_link(struct req *r) {
  int64_t id;
  int rc = req_id_param(r, 0, &id);
  if (rc) return rc;
  int on = strcmp(form_get(r, "linked"), "0") != 0;
  struct initiative_view v;
  rc = app_initiative_link(&r->x, form_get(r, "initiative"), id, on, &v);
  if (rc) return rc;
  html_done(r, arena_printf(r->a, "/objectives/%lld", (long long)id), "saved");
  return KEEL_OK;
}

int page_feature_initiative(struct req *r) {
  struct initiative ini;
  int rc = app_feature_initiative(&r->x, r->params[0], form_get(r, "initiative"), &ini);
  if (rc) return rc;
  html_done(r, arena_printf(r->a, "/features/%s", r->params[0]), "saved");
  return KEEL_OK;
}

void html_feature_initiative(struct req *r, const struct feature *f) {
  buf *b = &r->out;
  struct initiative_view v;
  struct initiative *all = NULL;
  size_t na = 0;
  struct keel_err saved = r->e;
  int rc = app_feature_strategy(&r->x, f->key, &v);
  if (!rc && html_can(r, CAP_PRODUCT)) rc = app_initiative_list(&r->x, f->product_key, &all, &na);
  if (rc) {
    html_form_error(r, &r->e);
    r->e = saved;
    return;
  }
  html_printf(b, "<h3>Initiative</h3>");
  if (!v.i.id) {
    html_printf(b, "<p class=\"empty\">In no initiative.</p>");
  } else {
    html_printf(b, "<p><a href=\"/initiatives/%lld\">%h</a></p>", (long long)v.i.id, v.i.name);
    if (v.nobjectives) html_printf(b, "<p class=\"muted\">Serves:</p><ul>");
    for (size_t i = 0; i < v.nobjectives; i++)
      html_printf(b, "<li><a href=\"/objectives/%lld\">%h</a> <span class=\"muted\">%h</span></li>",
                  (long long)v.objectives[i].id, v.objectives[i].title, v.objectives[i].period);
    if (v.nobjectives) html_printf(b, "</ul>");
  }
  if (na) {
    html_printf(b, "<form method=\"post\" action=\"/features/%u/initiative\" class=\"inline\">", f->key);
    html_csrf(r);
    html_printf(b, "<select name=\"initiative\" aria-label=\"Initiative\"><option value=\"\">None</option>");
    for (size_t i = 0; i < na; i++)
      html_printf(b, "<option value=\"%lld\"%R>%h</option>", (long long)all[i].id, all[i].id == v.i.id ? " selected" : "",
                  all[i].name);
    html_printf(b, "</select> <button type=\"submit\" class=\"secondary small\">Set</button></form>");
  }
}

void html_objective_serving(struct req *r, int64_t objective_id, const char *product_key) {
  buf *b = &r->out;
  struct initiative *ini, *all = NULL;
  struct feature_ref *fs;
  size_t ni, nf, na = 0;
  struct keel_err saved = r->e;
  int rc = app_objective_serving(&r->x, objective_id, &ini, &ni, &fs, &nf);
  if (!rc && html_can(r, CAP_PRODUCT)) rc = app_initiative_list(&r->x, product_key, &all, &na);
  if (rc) {
    html_form_error(r, &r->e);
    r->e = saved;
    return;
  }
  html_printf(b, "<section class=\"panel strategy\"><h2>Serving this objective</h2><h3>Initiatives</h3>");
  if (!ni) html_printf(b, "<p class=\"empty\">No initiative is linked yet.</p>");
  else html_printf(b, "<ul>");
  for (size_t i = 0; i < ni; i++)
    html_printf(b, "<li><a href=\"/initiatives/%lld\">%h</a></li>", (long long)ini[i].id, ini[i].name);
  if (ni) html_printf(b, "</ul>");
  html_printf(b, "<h3>Features</h3>");
  if (!nf) html_printf(b, "<p class=\"empty\">No feature serves it yet.</p>");
  else html_printf(b, "<ul>");
  for (size_t i = 0; i < nf; i++)
    html_printf(b, "<li><a href=\"/features/%u\"><span class=\"key\">%h</span> %h</a></li>", fs[i].key, fs[i].key, fs[i].title);
  if (nf) html_printf(b, "</ul>");
  if (na) {
    html_printf(b, "<form method=\"post\" action=\"/objectives/%lld/initiatives\" class=\"inline\">", (long long)objective_id);
    html_csrf(r);
    html_printf(b, "<select name=\"initiative\" aria-label=\"Initiative\">");
    for (size_t i = 0; i < na; i++) html_printf(b, "<option value=\"%lld\">%h</option>", (long long)all[i].id, all[i].name);
    html_printf(b, "</select> <button type=\"submit\" class=\"secondary small\">Link initiative</button></form>");
  }
  html_printf(b, "</section>");
}
