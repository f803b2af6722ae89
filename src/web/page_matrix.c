/* page_matrix.c — the impact vs effort matrix: the page with its filters,
 * and the SVG drawn by the server (inline on the page, and on its own at
 * /matrix.svg for slides and documents). */
#include <string.h>

#include "app/matrix.h"
#include "web/handlers.h"
#include "web/html.h"

/* Geometry of the drawing, in SVG units. The axes run from 0.5 to 10.5 so
 * that points on 1 and 10, spread by up to MATRIX_SPREAD, stay inside. */
enum { SVG_W = 720, SVG_H = 540, PAD_L = 56, PAD_R = 16, PAD_T = 16, PAD_B = 52 };
#define PLOT_W ((double)(SVG_W - PAD_L - PAD_R))
#define PLOT_H ((double)(SVG_H - PAD_T - PAD_B))
#define AXIS_LO 0.5
#define AXIS_SPAN 10.0

static double px_x(double effort) { return PAD_L + (effort - AXIS_LO) / AXIS_SPAN * PLOT_W; }
static double px_y(double value) { return PAD_T + (AXIS_LO + AXIS_SPAN - value) / AXIS_SPAN * PLOT_H; }

/* Colours as presentation attributes, so that the drawing looks the same on
 * its own as on the page: area and point colour per quadrant. */
static const char *const quad_fill[Q_COUNT] = {"#eefbf3", "#e8f0ff", "#f2f4f7", "#fef3f2"};
static const char *const point_fill[Q_COUNT] = {"#067647", "#2f5bd3", "#667085", "#b42318"};

/* A point's radius: smaller as the matrix fills up, so that crowded
 * positions stay readable. */
static double point_radius(size_t n) { return n > 2000 ? 2.5 : n > 500 ? 3.5 : 5.0; }

/* The query string of the current filters ("product=PAY&team=3"), "" for none. */
static const char *filter_query(struct req *r, const struct matrix_view *v) {
  buf q;
  buf_init(&q, 0);
  if (v->product) buf_printf(&q, "product=%u", v->product->key);
  if (v->initiative_id) buf_printf(&q, "%sinitiative=%lld", q.len ? "&" : "", (long long)v->initiative_id);
  if (v->team_id) buf_printf(&q, "%steam=%lld", q.len ? "&" : "", (long long)v->team_id);
  const char *s = arena_strdup(r->a, q.len ? buf_cstr(&q) : "");
  buf_free(&q);
  return s;
}

/* Writes the matrix as one <svg> element (with the XML namespace, so that it
 * also stands alone). Every text goes through the escaping printf. */
static void matrix_svg(buf *b, const struct matrix_view *v) {
  buf_reserve(b, 4096 + v->n * 200); /* about what a point takes: one growth instead of a dozen copies */
  html_printf(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"matrix\" viewBox=\"0 0 %d %d\" "
                 "width=\"%d\" height=\"%d\" role=\"img\" aria-labelledby=\"matrix-title\" "
                 "font-family=\"system-ui, sans-serif\">"
                 "<title id=\"matrix-title\">Impact vs effort: %zu feature%h</title>",
              SVG_W, SVG_H, SVG_W, SVG_H, v->n, v->n == 1 ? "" : "s");
  double mx = px_x(MATRIX_MID), my = px_y(MATRIX_MID);
  double x0 = PAD_L, y0 = PAD_T, x1 = PAD_L + PLOT_W, y1 = PAD_T + PLOT_H;
  struct {
    enum quadrant q;
    double x, y, w, h;
    double tx, ty;
    const char *anchor;
  } quads[] = {
      {Q_QUICK_WINS, x0, y0, mx - x0, my - y0, x0 + 8, y0 + 18, "start"},
      {Q_BIG_BETS, mx, y0, x1 - mx, my - y0, x1 - 8, y0 + 18, "end"},
      {Q_FILL_INS, x0, my, mx - x0, y1 - my, x0 + 8, y1 - 10, "start"},
      {Q_TIME_SINKS, mx, my, x1 - mx, y1 - my, x1 - 8, y1 - 10, "end"},
  };
  for (size_t i = 0; i < 4; i++)
    html_printf(b, "<rect class=\"quad q-%a\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%a\"/>"
                   "<text class=\"quad-label\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"%a\" fill=\"%a\" "
                   "font-size=\"14\" font-weight=\"600\">%h (%zu)</text>",
                quadrant_name(quads[i].q), quads[i].x, quads[i].y, quads[i].w, quads[i].h, quad_fill[quads[i].q],
                quads[i].tx, quads[i].ty, quads[i].anchor, point_fill[quads[i].q], quadrant_label(quads[i].q),
                v->count[quads[i].q]);
  html_printf(b, "<path d=\"M%.1f %.1fV%.1fM%.1f %.1fH%.1f\" stroke=\"#98a2b3\" stroke-dasharray=\"4 3\" fill=\"none\"/>"
                 "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"none\" stroke=\"#d0d5dd\"/>",
              mx, y0, y1, x0, my, x1, x0, y0, PLOT_W, PLOT_H);
  for (int t = 1; t <= 10; t++) {
    html_printf(b, "<text class=\"tick\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" fill=\"#667085\" font-size=\"12\">%d</text>", px_x(t), y1 + 16, t);
    html_printf(b, "<text class=\"tick\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" fill=\"#667085\" font-size=\"12\">%d</text>", x0 - 8, px_y(t) + 4, t);
  }
  html_printf(b, "<text class=\"axis\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#1d2330\" font-size=\"13\">Effort →</text>",
              x0 + PLOT_W / 2, SVG_H - 8);
  html_printf(b, "<text class=\"axis\" x=\"14\" y=\"%.1f\" text-anchor=\"middle\" fill=\"#1d2330\" font-size=\"13\" transform=\"rotate(-90 14 %.1f)\">"
                 "Value →</text>",
              y0 + PLOT_H / 2, y0 + PLOT_H / 2);
  /* Points grouped by quadrant, so that colour and outline are said once;
   * coordinates in whole tenths of a unit (integer conversions are cheaper
   * than floating ones, and a tenth is finer than a screen shows). */
  int rad10 = (int)(point_radius(v->n) * 10 + 0.5);
  for (int q = 0; q < Q_COUNT; q++) {
    if (!v->count[q]) continue;
    html_printf(b, "<g class=\"pts q-%a\" fill=\"%a\" stroke=\"#fff\" stroke-width=\"0.75\">",
                quadrant_name((enum quadrant)q), point_fill[q]);
    for (size_t i = 0; i < v->n; i++) {
      const struct matrix_point *p = &v->points[i];
      if ((int)p->quadrant != q) continue;
      int cx = (int)(px_x(p->effort + p->dx) * 10 + 0.5), cy = (int)(px_y(p->value + p->dy) * 10 + 0.5);
      html_printf(b, "<a href=\"/features/%u\"><circle cx=\"%d.%d\" cy=\"%d.%d\" r=\"%d.%d\">"
                     "<title>%h %h — value %g, effort %g</title></circle></a>",
                  p->key, cx / 10, cx % 10, cy / 10, cy % 10, rad10 / 10, rad10 % 10, p->key, p->title, p->value,
                  p->effort);
    }
    html_printf(b, "</g>");
  }
  html_printf(b, "</svg>");
}

/* Reads the matrix for the request's filters. */
static int read_view(struct req *r, struct matrix_view *v) {
  struct matrix_in in = {req_query(r, "product"), req_query(r, "initiative"), req_query(r, "team")};
  return app_matrix(&r->x, &in, v);
}

/* A quadrant's list under the drawing: its best features first. */
enum { LIST_PER_QUADRANT = 25 };

static void quadrant_list(struct req *r, const struct matrix_view *v, enum quadrant q) {
  buf *b = &r->out;
  html_printf(b, "<section class=\"quad-list q-%a\"><h2>%h <span class=\"count\">%zu</span></h2><p class=\"muted\">%h</p>",
              quadrant_name(q), quadrant_label(q), v->count[q], quadrant_advice(q));
  size_t shown = 0;
  html_printf(b, "<ol>");
  for (size_t i = 0; i < v->n && shown < LIST_PER_QUADRANT; i++) {
    const struct matrix_point *p = &v->points[i];
    if (p->quadrant != q) continue;
    html_printf(b, "<li><a href=\"/features/%u\"><span class=\"key\">%h</span> %h</a> "
                   "<span class=\"muted\">value %g · effort %g</span></li>",
                p->key, p->key, p->title, p->value, p->effort);
    shown++;
  }
  html_printf(b, "</ol>");
  if (v->count[q] > shown) html_printf(b, "<p class=\"muted\">and %zu more on the drawing</p>", v->count[q] - shown);
  html_printf(b, "</section>");
}

int page_matrix(struct req *r) {
  struct matrix_view v;
  struct product *ps;
  size_t np;
  int rc = app_product_list(&r->x, &ps, &np);
  if (rc) return rc;
  struct keel_err failed = {0};
  int status = 200;
  rc = read_view(r, &v);
  if (rc == KEEL_EINVAL) {
    failed = r->e;
    status = 422;
    memset(&v, 0, sizeof v);
  } else if (rc) {
    return rc;
  }
  page_begin(r, v.product ? arena_printf(r->a, "Impact vs effort: %s", v.product->key) : "Impact vs effort", "matrix");
  buf *b = &r->out;
  html_printf(b, "<div class=\"page-head\"><h1>Impact vs effort</h1></div>");
  html_printf(b, "<form method=\"get\" action=\"/matrix\" class=\"filters\"><label>Product <select name=\"product\">"
                 "<option value=\"\">All products</option>");
  for (size_t i = 0; i < np; i++)
    html_printf(b, "<option value=\"%a\"%a>%h — %h</option>", ps[i].key,
                v.product && strcmp(v.product->key, ps[i].key) == 0 ? " selected" : "", ps[i].key, ps[i].name);
  html_printf(b, "</select></label>");
  if (v.product) {
    html_printf(b, "<label>Initiative <select name=\"initiative\"><option value=\"\">Any</option>");
    for (size_t i = 0; i < v.ninitiatives; i++)
      html_printf(b, "<option value=\"%lld\"%a>%h</option>", (long long)v.initiatives[i].id,
                  v.initiatives[i].id == v.initiative_id ? " selected" : "", v.initiatives[i].name);
    html_printf(b, "</select></label><label>Team <select name=\"team\"><option value=\"\">Any</option>");
    for (size_t i = 0; i < v.nteams; i++)
      html_printf(b, "<option value=\"%lld\"%a>%h</option>", (long long)v.teams[i].id,
                  v.teams[i].id == v.team_id ? " selected" : "", v.teams[i].name);
    html_printf(b, "</select></label>");
  }
  html_printf(b, "<button type=\"submit\">Show</button></form>");
  if (status != 200) {
    html_form_error(r, &failed);
    page_end(r, status);
    return KEEL_OK;
  }
  html_printf(b, "<p class=\"lead\">Open features scored in value vs effort (each 1–10); the lines cross at %g. "
                 "Each point links to its feature.",
              MATRIX_MID);
  if (v.unscored)
    html_printf(b, " %lld open feature%h without a value vs effort score %h not drawn.", (long long)v.unscored,
                v.unscored == 1 ? "" : "s", v.unscored == 1 ? "is" : "are");
  if (v.left_out) html_printf(b, " %lld more are left out of the drawing (it holds %d).", (long long)v.left_out, MATRIX_POINTS_MAX);
  html_printf(b, "</p><figure class=\"matrix-figure\">");
  matrix_svg(b, &v);
  const char *q = filter_query(r, &v);
  html_printf(b, "<figcaption><a href=\"/matrix.svg%a%a\">The drawing on its own (SVG)</a> · "
                 "<a href=\"/api/v1/matrix%a%a\">as JSON</a></figcaption></figure>",
              *q ? "?" : "", q, *q ? "?" : "", q);
  html_printf(b, "<div class=\"quad-lists\">");
  for (int k = 0; k < Q_COUNT; k++) quadrant_list(r, &v, (enum quadrant)k);
  html_printf(b, "</div>");
  page_end(r, 200);
  return KEEL_OK;
}

int page_matrix_svg(struct req *r) {
  struct matrix_view v;
  int rc = read_view(r, &v);
  if (rc) return rc;
  buf_reset(&r->out);
  html_printf(&r->out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
  matrix_svg(&r->out, &v);
  html_printf(&r->out, "\n");
  r->status = 200;
  r->content_type = "image/svg+xml; charset=utf-8";
  return KEEL_OK;
}
