/* planner.c — the planner's proposal for a product and period: reads the
 * features, teams, capacities and targets, runs the planner (domain/plan_solve.c) and describes
 * the result (see app/plan.h). */
#include <math.h>
#include <string.h>

#include "app/internal.h"
#include "app/plan.h"
#include "core/timeutil.h"
#include "domain/feature.h"
#include "store/products.h"

int app_plan(struct app *x, const char *product_key, const char *period, struct plan_view *out) {
  memset(out, 0, sizeof *out);
  char pd[PERIOD_LEN];
  int rc = app_require(x, CAP_READ, "see the plan");
  if (!rc) rc = app_period(x, period, pd);
  if (rc) return rc;
  if (!product_key || !*product_key) return err_set(x->e, KEEL_EINVAL, "product", "name the product (its key, like PAY)");
  int64_t t0 = time_mono_ns();
  struct product p;
  struct team *ts = NULL;
  size_t nt = 0, nr = 0, ne = 0;
  struct plan_row *rows = NULL;
  struct plan_edge *ed = NULL;
  rc = store_product_get(x->db, x->a, product_key, &p, x->e);
  if (rc == KEEL_ENOTFOUND) rc = err_set(x->e, rc, "product", "there is no product %s", product_key);
  if (!rc) rc = store_product_framework_name(x->db, x->a, p.id, &out->framework, x->e);
  if (!rc) rc = store_team_list(x->db, x->a, p.id, pd, &ts, &nt, x->e);
  if (!rc) rc = store_targets_get(x->db, p.id, pd, out->in.share, out->in.target_set, x->e);
  if (!rc) rc = store_plan_rows(x->db, x->a, p.id, out->framework, &rows, &nr, x->e);
  if (!rc) rc = store_dep_edges(x->db, x->a, p.id, &ed, &ne, x->e);
  if (rc) return rc;

  out->product = p.key;
  out->period = arena_strdup(x->a, pd);
  out->teams = arena_zalloc(x->a, (nt + 1) * sizeof *out->teams);
  for (size_t k = 0; k < nt; k++)
    out->teams[k] = (struct plan_team){ts[k].id, ts[k].name, ts[k].capacity};
  out->nteams = nt;
  out->items = arena_zalloc(x->a, (nr + 1) * sizeof *out->items);
  out->nitems = nr;
  out->rows = rows;
  out->incomplete = arena_alloc(x->a, (nr + 1) * sizeof *out->incomplete);
  /* Rows come by number; edges by feature id. Index both by id. */
  size_t *deps = arena_alloc(x->a, (ne + 1) * sizeof *deps);
  size_t e0 = 0;
  for (size_t i = 0; i < nr; i++) {
    const struct plan_row *w = &rows[i];
    struct plan_item *it = &out->items[i];
    it->id = w->id;
    it->key = feature_key_format(x->a, p.key, w->number);
    it->title = w->title;
    it->satisfies = w->status == FS_SHIPPED || w->status == FS_IN_PROGRESS;
    it->score = w->score;
    it->scored = w->has_score;
    it->category = w->category;
    it->size = w->size;
    it->team = nt;
    for (size_t k = 0; k < nt; k++)
      if (ts[k].id == w->team_id) it->team = k;
    int open = w->status != FS_SHIPPED && w->status != FS_ARCHIVED;
    it->candidate = open && it->team < nt && w->size > 0;
    if (open && !it->candidate) out->incomplete[out->nincomplete++] = i;
    if (!it->candidate) it->team = 0;
  }
  /* ids ascend with numbers within a product as features are numbered on
   * insert, but do not rely on it: binary search a sorted copy. */
  struct idx {
    int64_t id;
    size_t i;
  } *byid = arena_alloc(x->a, (nr + 1) * sizeof *byid);
  for (size_t i = 0; i < nr; i++) byid[i] = (struct idx){rows[i].id, i};
  for (size_t i = 1; i < nr; i++) /* insertion sort; nearly sorted already */
    for (size_t j = i; j > 0 && byid[j - 1].id > byid[j].id; j--) {
      struct idx t = byid[j];
      byid[j] = byid[j - 1];
      byid[j - 1] = t;
    }
  for (size_t k = 0; k < ne;) {
    size_t from = nr;
    int64_t fid = ed[k].from;
    size_t lo = 0, hi = nr;
    while (lo < hi) {
      size_t mid = (lo + hi) / 2;
      if (byid[mid].id < fid) lo = mid + 1;
      else hi = mid;
    }
    if (lo < nr && byid[lo].id == fid) from = byid[lo].i;
    size_t start = e0;
    for (; k < ne && ed[k].from == fid; k++) {
      lo = 0, hi = nr;
      while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (byid[mid].id < ed[k].to) lo = mid + 1;
        else hi = mid;
      }
      if (lo < nr && byid[lo].id == ed[k].to) deps[e0++] = byid[lo].i;
    }
    if (from < nr) {
      out->items[from].deps = deps + start;
      out->items[from].ndeps = e0 - start;
    }
  }
  out->in.teams = out->teams;
  out->in.nteams = nt;
  out->in.items = out->items;
  out->in.nitems = nr;
  for (int c = 1; c < PC_COUNT; c++) out->in.has_targets |= out->in.target_set[c];
  rc = plan_solve(x->a, &out->in, &out->r, x->e);
  out->elapsed_ms = (double)(time_mono_ns() - t0) / 1e6;
  return rc;
}

const char *plan_why_name(const struct plan_missed *m) {
  switch (m->why) {
  case PW_CAPACITY: return "capacity";
  case PW_DEPENDENCY: return "dependency";
  case PW_ALLOCATION: return "allocation";
  case PW_CYCLE: return "cycle";
  }
  return "capacity";
}

const char *plan_why_text(arena *a, const struct plan_view *v, const struct plan_missed *m) {
  const struct plan_item *it = &v->items[m->item];
  switch (m->why) {
  case PW_DEPENDENCY: {
    const struct plan_item *d = &v->items[m->dep];
    const char *state = d->candidate ? "not selected" : "not plannable (archived, or without a team or a size)";
    return arena_printf(a, "dependency on %s %s", d->key, state);
  }
  case PW_ALLOCATION:
    return arena_printf(a, "allocation target of category %s: %g person-months left, needs %g",
                        plan_category_name(it->category), m->room, it->size);
  case PW_CYCLE: return arena_printf(a, "its dependencies form a cycle");
  case PW_CAPACITY: break;
  }
  const struct plan_team *t = &v->teams[it->team];
  return arena_printf(a, "capacity of team %s: %g of %g person-months left, needs %g", t->name, m->room, t->capacity,
                      it->size);
}

static void item_json(buf *b, const struct plan_view *v, size_t i) {
  const struct plan_item *it = &v->items[i];
  buf_printf(b, "{\"key\":%J,\"title\":%J,\"team\":%J,\"size\":", it->key, it->title, v->teams[it->team].name);
  buf_json_num(b, it->size);
  buf_puts(b, ",\"score\":");
  if (it->scored) buf_json_num(b, it->score);
  else buf_puts(b, "null");
  buf_printf(b, ",\"category\":%J", plan_category_name(it->category));
}

void repr_plan(buf *b, const struct plan_view *v) {
  const struct plan_result *r = &v->r;
  buf_printf(b, "{\"product\":%J,\"period\":%J,\"framework\":%J,\"selected\":[", v->product, v->period, v->framework);
  for (size_t k = 0; k < r->nselected; k++) {
    if (k) buf_putc(b, ',');
    item_json(b, v, r->selected[k]);
    buf_putc(b, '}');
  }
  buf_puts(b, "],\"cut_line\":");
  if (r->nselected) {
    const struct plan_item *last = &v->items[r->selected[r->nselected - 1]];
    buf_printf(b, "{\"after\":%J,\"score\":", last->key);
    buf_json_num(b, last->score);
    buf_putc(b, '}');
  } else buf_puts(b, "null");
  buf_puts(b, ",\"missed\":[");
  arena *tmp = arena_new(4096);
  for (size_t k = 0; k < r->nmissed; k++) {
    const struct plan_missed *m = &r->missed[k];
    if (k) buf_putc(b, ',');
    item_json(b, v, m->item);
    buf_printf(b, ",\"why\":%J,\"reason\":%J", plan_why_name(m), plan_why_text(tmp, v, m));
    if (m->why == PW_DEPENDENCY) buf_printf(b, ",\"dependency\":%J", v->items[m->dep].key);
    buf_putc(b, '}');
  }
  arena_free(tmp);
  buf_puts(b, "],\"unscored\":[");
  for (size_t k = 0; k < r->nunscored; k++) buf_printf(b, "%s%J", k ? "," : "", v->items[r->unscored[k]].key);
  buf_puts(b, "],\"incomplete\":[");
  for (size_t k = 0; k < v->nincomplete; k++) buf_printf(b, "%s%J", k ? "," : "", v->items[v->incomplete[k]].key);
  buf_puts(b, "],\"total_score\":");
  buf_json_num(b, r->total_score);
  buf_puts(b, ",\"capacity\":{");
  for (size_t t = 0; t < v->nteams; t++) {
    buf_printf(b, "%s%J:{\"capacity\":", t ? "," : "", v->teams[t].name);
    buf_json_num(b, v->teams[t].capacity);
    buf_puts(b, ",\"used\":");
    buf_json_num(b, r->used[t]);
    buf_putc(b, '}');
  }
  buf_puts(b, "},\"allocation\":{");
  int first = 1;
  for (int c = 1; c < PC_COUNT; c++) {
    if (!v->in.target_set[c]) continue;
    buf_printf(b, "%s%J:{\"share\":", first ? "" : ",", plan_category_name(c));
    buf_json_num(b, v->in.share[c]);
    buf_puts(b, ",\"cap\":");
    buf_json_num(b, round(r->cat_cap[c] * 1e6) / 1e6); /* 20% of 12 is 2.4, not 2.4000000000000004 */
    buf_puts(b, ",\"used\":");
    buf_json_num(b, r->cat_used[c]);
    buf_putc(b, '}');
    first = 0;
  }
  buf_printf(b, "},\"optimal\":%s,\"gap\":", r->optimal ? "true" : "false");
  buf_json_num(b, r->gap);
  buf_puts(b, ",\"upper_bound\":");
  buf_json_num(b, r->upper_bound);
  buf_printf(b, ",\"nodes\":%lld}", (long long)r->nodes);
}
