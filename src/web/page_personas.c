/* page_personas.c — a product's personas: the list, one persona's empathy map
 * with goals, pains and the features serving it, and their forms. */
#include <string.h>

#include "app/strategy.h"
#include "web/handlers.h"
#include "web/html.h"
#include "web/page_strategy.h"

/* ---- personas ---- */

static void persona_form(struct req *r, const char *action, const struct persona *p, int editing) {
  buf *b = &r->out;
  html_printf(b, "<form method=\"post\" action=\"%a\" class=\"stack\">", action);
  html_csrf(r);
  if (editing) html_printf(b, "<input type=\"hidden\" name=\"version\" value=\"%lld\">", (long long)p->version);
  html_printf(b, "<label>Name <input name=\"name\" value=\"%a\" required maxlength=\"120\"></label>", p->name);
  for (int i = 0; i < PERSONA_NFIELDS; i++)
    html_printf(b, "<label>%h <textarea name=\"%a\" rows=\"2\">%h</textarea></label>", persona_field_labels[i],
                persona_field_names[i], p->fields[i]);
  html_printf(b, "<div class=\"actions\"><button type=\"submit\">%h</button></div></form>", editing ? "Save" : "Add persona");
}

static void persona_from_form(struct req *r, struct persona_patch *p) {
  memset(p, 0, sizeof *p);
  p->name = form_get(r, "name");
  for (int i = 0; i < PERSONA_NFIELDS; i++) p->fields[i] = form_get(r, persona_field_names[i]);
}

static int personas_page(struct req *r, int status, const struct persona_patch *draft) {
  struct keel_err failed = r->e;
  struct product p;
  struct persona *ps;
  size_t n;
  int rc = app_product_get(&r->x, r->params[0], &p);
  if (!rc) rc = app_persona_list(&r->x, p.key, &ps, &n);
  if (rc) return rc;
  page_begin(r, arena_printf(r->a, "%s personas", p.name), "strategy");
  buf *b = &r->out;
  html_strategy_head(r, &p, "Personas", NULL);
  if (status != 200) html_form_error(r, &failed);
  html_notice(r);
  if (!n) html_printf(b, "<p class=\"empty\">No personas yet.</p>");
  else html_printf(b, "<table><thead><tr><th>Persona</th><th>Description</th><th class=\"num\">Features</th></tr></thead><tbody>");
  for (size_t i = 0; i < n; i++)
    html_printf(b, "<tr><td><a href=\"/personas/%lld\">%h</a></td><td>%h</td><td class=\"num\">%lld</td></tr>",
                (long long)ps[i].id, ps[i].name, ps[i].fields[PERSONA_DESCRIPTION], (long long)ps[i].feature_count);
  if (n) html_printf(b, "</tbody></table>");
  if (html_can(r, CAP_PRODUCT)) {
    struct persona d = {.name = draft && draft->name ? draft->name : ""};
    for (int i = 0; i < PERSONA_NFIELDS; i++) d.fields[i] = draft && draft->fields[i] ? draft->fields[i] : "";
    html_printf(b, "<section class=\"panel\"><h2>Add a persona</h2>");
    persona_form(r, arena_printf(r->a, "/products/%s/personas", p.key), &d, 0);
    html_printf(b, "</section>");
  }
  page_end(r, status);
  return KEEL_OK;
}

int page_personas(struct req *r) { return personas_page(r, 200, NULL); }

int page_persona_create(struct req *r) {
  struct persona_patch pp;
  persona_from_form(r, &pp);
  struct persona out;
  int rc = app_persona_create(&r->x, r->params[0], &pp, &out);
  if (rc == KEEL_OK) {
    html_done(r, arena_printf(r->a, "/personas/%lld", (long long)out.id), "created");
    return KEEL_OK;
  }
  if (rc != KEEL_EINVAL && rc != KEEL_EEXISTS) return rc;
  return personas_page(r, http_status_for(rc), &pp);
}

static int persona_page(struct req *r, int status) {
  struct keel_err failed = r->e;
  struct persona p;
  struct feature_ref *fs;
  size_t nf;
  int64_t id;
  int rc = req_id_param(r, 0, &id);
  if (!rc) rc = app_persona_get(&r->x, NULL, r->params[0], &p);
  if (!rc) rc = app_persona_features(&r->x, p.id, &fs, &nf);
  struct product pr;
  if (!rc) rc = app_product_get(&r->x, p.product_key, &pr);
  if (rc) return rc;
  page_begin(r, p.name, "strategy");
  buf *b = &r->out;
  html_strategy_head(r, &pr, p.name, " · personas");
  if (status != 200) html_form_error(r, &failed);
  html_notice(r);
  if (*p.fields[PERSONA_DESCRIPTION]) html_printf(b, "<p class=\"lead\">%h</p>", p.fields[PERSONA_DESCRIPTION]);
  html_printf(b, "<section class=\"panel\"><h2>Empathy map</h2><div class=\"empathy-map\">");
  static const int quad[] = {PERSONA_SAYS, PERSONA_THINKS, PERSONA_DOES, PERSONA_FEELS};
  for (size_t i = 0; i < 4; i++)
    html_printf(b, "<div class=\"quadrant\"><h3>%h</h3><p>%h</p></div>", persona_field_labels[quad[i]],
                *p.fields[quad[i]] ? p.fields[quad[i]] : "–");
  html_printf(b, "</div></section><div class=\"columns\"><div class=\"main-col\"><section class=\"panel\"><h2>Goals</h2><p>%h</p>"
                 "</section><section class=\"panel\"><h2>Pains</h2><p>%h</p></section></div>"
                 "<aside class=\"side-col\"><section class=\"panel\"><h2>Features serving %h</h2>",
              *p.fields[PERSONA_GOALS] ? p.fields[PERSONA_GOALS] : "–", *p.fields[PERSONA_PAINS] ? p.fields[PERSONA_PAINS] : "–",
              p.name);
  if (!nf) html_printf(b, "<p class=\"empty\">No feature names this persona yet.</p>");
  else html_printf(b, "<ul>");
  for (size_t i = 0; i < nf; i++)
    html_printf(b, "<li><a href=\"/features/%u\"><span class=\"key\">%h</span> %h</a></li>", fs[i].key, fs[i].key, fs[i].title);
  if (nf) html_printf(b, "</ul>");
  html_printf(b, "</section>");
  if (html_can(r, CAP_PRODUCT)) {
    html_printf(b, "<section class=\"panel\"><details><summary>Edit</summary>");
    persona_form(r, arena_printf(r->a, "/personas/%lld", (long long)p.id), &p, 1);
    html_printf(b, "</details><form method=\"post\" action=\"/personas/%lld/remove\" class=\"inline\">", (long long)p.id);
    html_csrf(r);
    html_printf(b, "<input type=\"hidden\" name=\"version\" value=\"%lld\"><button type=\"submit\" class=\"secondary small\">"
                   "Remove persona</button></form></section>",
                (long long)p.version);
  }
  html_printf(b, "</aside></div>");
  page_end(r, status);
  return KEEL_OK;
}

int page_persona(struct req *r) { return persona_page(r, 200); }

int page_persona_update(struct req *r) {
  int64_t version;
  struct persona_patch pp;
  persona_from_form(r, &pp);
  int rc = form_version(r, &version);
  struct persona out;
  if (!rc) rc = app_persona_update(&r->x, NULL, r->params[0], &pp, version, &out);
  if (rc == KEEL_OK) {
    html_done(r, arena_printf(r->a, "/personas/%lld", (long long)out.id), "saved");
    return KEEL_OK;
  }
  if (rc != KEEL_EINVAL && rc != KEEL_ESTALE && rc != KEEL_EEXISTS) return rc;
  return persona_page(r, http_status_for(rc));
}

int page_persona_remove(struct req *r) {
  int64_t version;
  struct persona p;
  int rc = form_version(r, &version);
  if (!rc) rc = app_persona_get(&r->x, NULL, r->params[0], &p);
  if (!rc) rc = app_persona_remove(&r->x, NULL, r->params[0], version);
  if (rc == KEEL_ESTALE) return persona_page(r, 412);
  if (rc) return rc;
  html_done(r, arena_printf(r->a, "/products/%s/personas", p.product_key), "removed");
  return KEEL_OK;
}

