/* page_strategy.c — the strategy overview of a product, its vision (editing,
 * history, side-by-side comparison with changed words marked) and the
 * strategy section of the feature page. */
#include <stdlib.h>
#include <string.h>

#include "app/competitors.h"
#include "app/strategy.h"
#include "domain/period.h"
#include "web/handlers.h"
#include "web/html.h"
#include "web/page_strategy.h"

enum { WORDDIFF_MAX_WORDS = 400, SUMMARY_MAX_BYTES = 280, SECONDS_PER_DAY = 86400, FORM_PERSONAS_MAX = 64 };

/* ---- word-level comparison ---- */

struct words {
  const char **w;
  size_t n;
};

/* Splits s at spaces into words (each keeps its trailing spaces). */
static struct words split_words(arena *a, const char *s) {
  struct words ws = {0};
  size_t cap = 0;
  const char *p = s;
  while (*p) {
    const char *start = p;
    while (*p && *p != ' ' && *p != '\n' && *p != '\t') p++;
    while (*p == ' ' || *p == '\n' || *p == '\t') p++;
    if (ws.n == cap) {
      size_t grown = cap ? cap * 2 : 32;
      ws.w = arena_realloc(a, ws.w, cap * sizeof *ws.w, grown * sizeof *ws.w);
      cap = grown;
    }
    ws.w[ws.n++] = arena_strndup(a, start, (size_t)(p - start));
  }
  return ws;
}

/* Writes one side of a comparison: words not in the longest common
 * subsequence with the other side are wrapped in mark (<del> for the old
 * side, <ins> for the new). Long texts are marked as a whole. */
static void diff_side(struct req *r, const char *mine, const char *other, int is_new) {
  buf *b = &r->out;
  struct words x = split_words(r->a, mine), y = split_words(r->a, other);
  const char *marked = is_new ? "<ins>%h</ins>" : "<del>%h</del>";
  if (x.n > WORDDIFF_MAX_WORDS || y.n > WORDDIFF_MAX_WORDS) {
    html_printf(b, marked, mine);
    return;
  }
  /* lcs[i][j]: common words of x[i..] and y[j..] */
  size_t cols = y.n + 1;
  unsigned short *lcs = arena_alloc(r->a, (x.n + 1) * cols * sizeof *lcs);
  for (size_t i = x.n + 1; i-- > 0;)
    for (size_t j = y.n + 1; j-- > 0;) {
      if (i == x.n || j == y.n) lcs[i * cols + j] = 0;
      else if (strcmp(x.w[i], y.w[j]) == 0) lcs[i * cols + j] = (unsigned short)(lcs[(i + 1) * cols + j + 1] + 1);
      else {
        unsigned short d = lcs[(i + 1) * cols + j], rt = lcs[i * cols + j + 1];
        lcs[i * cols + j] = d > rt ? d : rt;
      }
    }
  size_t i = 0, j = 0;
  while (i < x.n) {
    if (j < y.n && strcmp(x.w[i], y.w[j]) == 0) {
      html_printf(b, "%h", x.w[i]);
      i++, j++;
    } else if (j < y.n && lcs[i * cols + j + 1] >= lcs[(i + 1) * cols + j]) {
      j++;
    } else {
      html_printf(b, marked, x.w[i]);
      i++;
    }
  }
}

/* ---- the strategy overview ---- */

void html_strategy_head(struct req *r, const struct product *p, const char *title, const char *crumb_extra) {
  html_printf(&r->out,
              "<div class=\"page-head\"><div><p class=\"crumbs\"><a href=\"/strategy\">Strategy</a> · "
              "<a href=\"/products/%u/strategy\">%h</a>%h</p><h1>%h</h1></div></div>",
              p->key, p->key, crumb_extra ? crumb_extra : "", title);
  html_printf(&r->out,
              "<nav class=\"filters\" aria-label=\"Strategy\"><a href=\"/products/%u/strategy\">Overview</a> "
              "<a href=\"/products/%u/vision\">Vision</a> <a href=\"/products/%u/personas\">Personas</a> "
              "<a href=\"/products/%u/objectives\">Objectives</a> <a href=\"/products/%u/initiatives\">Initiatives</a> "
              "<a href=\"/products/%u/competitors\">Competitors</a></nav>",
              p->key, p->key, p->key, p->key, p->key, p->key);
}

int page_strategy_index(struct req *r) {
  struct product *ps;
  size_t n;
  int rc = app_product_list(&r->x, &ps, &n);
  if (rc) return rc;
  page_begin(r, "Strategy", "strategy");
  buf *b = &r->out;
  html_printf(b, "<div class=\"page-head\"><h1>Strategy</h1></div><p class=\"lead\">Each product's vision, personas "
                 "and objectives: why it is built, for whom, and what this quarter should change.</p>");
  if (!n) html_printf(b, "<p class=\"empty\">No products yet. <a href=\"/products\">Add one</a>.</p>");
  else html_printf(b, "<ul>");
  for (size_t i = 0; i < n; i++)
    html_printf(b, "<li><a href=\"/products/%u/strategy\"><span class=\"key\">%h</span> %h</a></li>", ps[i].key, ps[i].key,
                ps[i].name);
  if (n) html_printf(b, "</ul>");
  page_end(r, 200);
  return KEEL_OK;
}

/* Writes the first SUMMARY_MAX_BYTES of s (cut at a character boundary). */
static void summary(struct req *r, const char *s) {
  size_t len = strlen(s), cut = len > SUMMARY_MAX_BYTES ? SUMMARY_MAX_BYTES : len;
  while (cut < len && cut && ((unsigned char)s[cut] & 0xC0) == 0x80) cut--;
  html_printf(&r->out, "%h%h", arena_strndup(r->a, s, cut), cut < len ? "…" : "");
}

int page_strategy(struct req *r) {
  struct product p;
  struct vision v;
  struct persona *ps;
  struct initiative *is;
  struct competitor *cs;
  size_t np, ni, nc;
  int rc = app_product_get(&r->x, r->params[0], &p);
  if (!rc) rc = app_vision_get(&r->x, p.key, 0, &v);
  if (!rc) rc = app_persona_list(&r->x, p.key, &ps, &np);
  if (!rc) rc = app_initiative_list(&r->x, p.key, &is, &ni);
  if (!rc) rc = app_competitor_list(&r->x, p.key, &cs, &nc);
  if (rc) return rc;
  char period[PERIOD_LEN];
  period_format(period_of(r->x.now), period);
  page_begin(r, arena_printf(r->a, "%s strategy", p.name), "strategy");
  buf *b = &r->out;
  html_strategy_head(r, &p, arena_printf(r->a, "%s strategy", p.name), NULL);
  html_printf(b, "<div class=\"columns\"><div class=\"main-col\"><section class=\"panel strategy\"><h2>Vision</h2>");
  if (!v.revision) {
    html_printf(b, "<p class=\"empty\">No vision yet. <a href=\"/products/%u/vision\">Write it</a>.</p>", p.key);
  } else {
    for (int i = 0; i < VISION_NFIELDS; i++) {
      if (!*v.fields[i]) continue;
      html_printf(b, "<h3>%h</h3><p>", vision_field_labels[i]);
      summary(r, v.fields[i]);
      html_printf(b, "</p>");
    }
    int64_t days = (r->x.now - v.created_at) / SECONDS_PER_DAY;
    html_printf(b, "<p class=\"muted\">Revision %lld, standing for %lld day%h (since ", (long long)v.revision,
                (long long)days, days == 1 ? "" : "s");
    html_time(r, v.created_at);
    html_printf(b, "). <a href=\"/products/%u/vision\">Full vision and history</a></p>", p.key);
  }
  html_printf(b, "</section><section class=\"panel\"><h2>Objectives for %h</h2>", period);
  html_objectives_summary(r, p.key, period);
  html_printf(b, "<p><a href=\"/products/%u/objectives?period=%u\">All objectives</a></p></section></div>"
                 "<aside class=\"side-col\"><section class=\"panel\"><h2>Personas</h2>",
              p.key, period);
  if (!np) html_printf(b, "<p class=\"empty\">No personas yet.</p>");
  else html_printf(b, "<ul>");
  for (size_t i = 0; i < np; i++)
    html_printf(b, "<li><a href=\"/personas/%lld\">%h</a> <span class=\"muted\">%lld feature%h</span></li>",
                (long long)ps[i].id, ps[i].name, (long long)ps[i].feature_count, ps[i].feature_count == 1 ? "" : "s");
  if (np) html_printf(b, "</ul>");
  html_printf(b, "<p><a href=\"/products/%u/personas\">Manage personas</a></p></section>"
                 "<section class=\"panel\"><h2>Initiatives</h2>", p.key);
  if (!ni) html_printf(b, "<p class=\"empty\">No initiatives yet.</p>");
  else html_printf(b, "<ul>");
  for (size_t i = 0; i < ni; i++)
    html_printf(b, "<li><a href=\"/initiatives/%lld\">%h</a> <span class=\"muted\">%lld objective%h · %lld feature%h</span></li>",
                (long long)is[i].id, is[i].name, (long long)is[i].objective_count, is[i].objective_count == 1 ? "" : "s",
                (long long)is[i].feature_count, is[i].feature_count == 1 ? "" : "s");
  if (ni) html_printf(b, "</ul>");
  html_printf(b, "<p><a href=\"/products/%u/initiatives\">Manage initiatives</a></p></section>"
                 "<section class=\"panel\"><h2>Competitors</h2>", p.key);
  if (!nc) html_printf(b, "<p class=\"empty\">No competitors yet.</p>");
  else html_printf(b, "<ul>");
  for (size_t i = 0; i < nc; i++)
    html_printf(b, "<li><a href=\"/competitors/%lld\">%h</a></li>", (long long)cs[i].id, cs[i].name);
  if (nc) html_printf(b, "</ul>");
  html_printf(b, "<p><a href=\"/products/%u/competitors\">Capability comparison</a></p></section></aside></div>", p.key);
  page_end(r, 200);
  return KEEL_OK;
}

/* ---- vision ---- */

static void vision_form(struct req *r, const struct product *p, const struct vision *v, const struct vision_patch *draft) {
  buf *b = &r->out;
  html_printf(b, "<form method=\"post\" action=\"/products/%u/vision\" class=\"stack\">", p->key);
  html_csrf(r);
  html_printf(b, "<input type=\"hidden\" name=\"base_revision\" value=\"%lld\">", (long long)v->revision);
  for (int i = 0; i < VISION_NFIELDS; i++) {
    const char *text = draft && draft->fields[i] ? draft->fields[i] : v->fields[i];
    html_printf(b, "<label>%h <textarea name=\"%a\" rows=\"3\">%h</textarea></label>", vision_field_labels[i],
                vision_field_names[i], text);
  }
  html_printf(b, "<label>Reason for the change%h <input name=\"reason\" value=\"%a\"%h></label>",
              v->revision ? "" : " (optional for the first revision)", draft && draft->reason ? draft->reason : "",
              v->revision ? " required" : "");
  html_printf(b, "<div class=\"actions\"><button type=\"submit\">Save as revision %lld</button></div></form>",
              (long long)v->revision + 1);
}

static int vision_page(struct req *r, int status, const struct vision_patch *draft) {
  struct keel_err failed = r->e;
  struct product p;
  struct vision v, *hist;
  size_t nh;
  int64_t want = 0, from = 0, to = 0;
  const char *q;
  if ((q = req_query(r, "revision")) && *q) want = strtoll(q, NULL, 10);
  if ((q = req_query(r, "from")) && *q) from = strtoll(q, NULL, 10);
  if ((q = req_query(r, "to")) && *q) to = strtoll(q, NULL, 10);
  int rc = app_product_get(&r->x, r->params[0], &p);
  if (!rc) rc = app_vision_get(&r->x, p.key, want > 0 ? want : 0, &v);
  if (!rc) rc = app_vision_history(&r->x, p.key, &hist, &nh);
  if (rc) return rc;
  struct vision ca, cb;
  int comparing = 0;
  if (from > 0 && to > 0) {
    rc = app_vision_compare(&r->x, p.key, from, to, &ca, &cb);
    if (rc) return rc;
    comparing = 1;
  }
  page_begin(r, arena_printf(r->a, "%s vision", p.name), "strategy");
  buf *b = &r->out;
  html_strategy_head(r, &p, "Vision", NULL);
  if (status != 200) html_form_error(r, &failed);
  html_notice(r);
  if (comparing) {
    html_printf(b, "<section class=\"panel\"><h2>Revision %lld compared with revision %lld</h2>"
                   "<table class=\"vision-compare\"><thead><tr><th>Field</th><th>Revision %lld</th><th>Revision %lld</th>"
                   "</tr></thead><tbody>",
                (long long)from, (long long)to, (long long)from, (long long)to);
    for (int i = 0; i < VISION_NFIELDS; i++) {
      int ch = vision_field_changed(&ca, &cb, i);
      html_printf(b, "<tr%R><th>%h%h</th><td>", ch ? " class=\"changed\"" : "", vision_field_labels[i],
                  ch ? " (changed)" : "");
      if (ch) diff_side(r, ca.fields[i], cb.fields[i], 0);
      else html_printf(b, "%h", ca.fields[i]);
      html_printf(b, "</td><td>");
      if (ch) diff_side(r, cb.fields[i], ca.fields[i], 1);
      else html_printf(b, "%h", cb.fields[i]);
      html_printf(b, "</td></tr>");
    }
    html_printf(b, "</tbody></table></section>");
  }
  html_printf(b, "<div class=\"columns\"><div class=\"main-col\"><section class=\"panel\">");
  if (!v.revision) {
    html_printf(b, "<h2>No vision yet</h2><p class=\"empty\">Say why %h exists, how it will get there and for whom.</p>", p.name);
  } else {
    html_printf(b, "<h2>Revision %lld</h2><p class=\"muted\">By %h, ", (long long)v.revision,
                *v.author_name ? v.author_name : "the workspace owner");
    html_time(r, v.created_at);
    if (*v.reason) html_printf(b, " — %h", v.reason);
    html_printf(b, "</p>");
    for (int i = 0; i < VISION_NFIELDS; i++) {
      html_printf(b, "<h3>%h</h3>", vision_field_labels[i]);
      if (*v.fields[i]) html_markdown(r, v.fields[i]);
      else html_printf(b, "<p class=\"empty\">Not written yet.</p>");
    }
  }
  html_printf(b, "</section>");
  if (html_can(r, CAP_PRODUCT)) {
    struct vision latest;
    rc = want > 0 ? app_vision_get(&r->x, p.key, 0, &latest) : (latest = v, KEEL_OK);
    if (rc) return rc;
    html_printf(b, "<section class=\"panel\"><h2>Edit</h2>");
    vision_form(r, &p, &latest, draft);
    html_printf(b, "</section>");
  }
  html_printf(b, "</div><aside class=\"side-col\"><section class=\"panel\"><h2>History</h2>");
  if (!nh) html_printf(b, "<p class=\"empty\">No revisions yet.</p>");
  else html_printf(b, "<table><thead><tr><th>Rev.</th><th>Who, when</th><th>Why</th></tr></thead><tbody>");
  for (size_t i = 0; i < nh; i++) {
    html_printf(b, "<tr><td><a href=\"/products/%u/vision?revision=%lld\">%lld</a></td><td>%h<br>", p.key,
                (long long)hist[i].revision, (long long)hist[i].revision,
                *hist[i].author_name ? hist[i].author_name : "workspace owner");
    html_time(r, hist[i].created_at);
    html_printf(b, "</td><td>%h</td></tr>", hist[i].reason);
  }
  if (nh) html_printf(b, "</tbody></table>");
  if (nh > 1) {
    html_printf(b, "<form method=\"get\" action=\"/products/%u/vision\" class=\"stack\"><div class=\"row\">"
                   "<label>From <input name=\"from\" inputmode=\"numeric\" value=\"%lld\"></label>"
                   "<label>To <input name=\"to\" inputmode=\"numeric\" value=\"%lld\"></label></div>"
                   "<button type=\"submit\" class=\"secondary\">Compare</button></form>",
                p.key, (long long)hist[1].revision, (long long)hist[0].revision);
  }
  html_printf(b, "</section></aside></div>");
  page_end(r, status);
  return KEEL_OK;
}

int page_vision(struct req *r) { return vision_page(r, 200, NULL); }

int page_vision_save(struct req *r) {
  struct vision_patch p;
  memset(&p, 0, sizeof p);
  for (int i = 0; i < VISION_NFIELDS; i++) p.fields[i] = form_get(r, vision_field_names[i]);
  p.reason = form_get(r, "reason");
  const char *base = form_get(r, "base_revision");
  char *end;
  long long bv = strtoll(base, &end, 10);
  int rc = (!*base || *end || bv < 0)
               ? err_set(&r->e, KEEL_ENEEDVERSION, "base_revision", "the form must say which revision it edits")
               : KEEL_OK;
  struct vision v;
  if (!rc) rc = app_vision_save(&r->x, r->params[0], &p, bv, &v);
  if (rc == KEEL_OK) {
    html_done(r, arena_printf(r->a, "/products/%s/vision", r->params[0]), "saved");
    return KEEL_OK;
  }
  if (rc != KEEL_EINVAL && rc != KEEL_ESTALE) return rc;
  return vision_page(r, http_status_for(rc), &p);
}

/* ---- the feature page's section ---- */

void html_strategy_feature_section(struct req *r, const struct feature *f) {
  buf *b = &r->out;
  struct persona *mine, *all;
  size_t nm, na;
  struct keel_err saved = r->e;
  int rc = app_feature_personas_get(&r->x, f->key, &mine, &nm);
  if (!rc) rc = app_persona_list(&r->x, f->product_key, &all, &na);
  html_printf(b, "<section class=\"panel strategy\"><h2>Strategy</h2><h3>Personas served</h3>");
  if (rc) {
    html_form_error(r, &r->e);
    r->e = saved;
    html_printf(b, "</section>");
    return;
  }
  if (!nm) html_printf(b, "<p class=\"empty\">No persona named yet.</p>");
  else html_printf(b, "<ul>");
  for (size_t i = 0; i < nm; i++) html_printf(b, "<li><a href=\"/personas/%lld\">%h</a></li>", (long long)mine[i].id, mine[i].name);
  if (nm) html_printf(b, "</ul>");
  if (html_can(r, CAP_PRODUCT) && na) {
    html_printf(b, "<details><summary>Choose personas</summary><form method=\"post\" action=\"/features/%u/personas\" "
                   "class=\"stack\">", f->key);
    html_csrf(r);
    for (size_t i = 0; i < na; i++) {
      int on = 0;
      for (size_t k = 0; k < nm; k++) on |= mine[k].id == all[i].id;
      html_printf(b, "<label><input type=\"checkbox\" name=\"persona\" value=\"%lld\"%R> %h</label>", (long long)all[i].id,
                  on ? " checked" : "", all[i].name);
    }
    html_printf(b, "<button type=\"submit\" class=\"secondary small\">Save personas</button></form></details>");
  }
  html_feature_initiative(r, f);
  html_printf(b, "<p><a href=\"/products/%u/strategy\">%h strategy</a></p></section>", f->product_key, f->product_key);
}

int page_feature_personas(struct req *r) {
  const char *refs[FORM_PERSONAS_MAX];
  size_t n = 0;
  for (size_t i = 0; r->form_parsed && i < r->form.n && n < FORM_PERSONAS_MAX; i++)
    if (strcmp(r->form.items[i].key, "persona") == 0) refs[n++] = r->form.items[i].val;
  struct persona *ps;
  size_t np;
  int rc = app_feature_personas(&r->x, r->params[0], PERSONAS_SET, refs, n, &ps, &np);
  if (rc) return rc;
  html_done(r, arena_printf(r->a, "/features/%s", r->params[0]), "saved");
  return KEEL_OK;
}
