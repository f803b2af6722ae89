/* plan_solve.c — the planner: branch and bound over team capacities,
 * dependencies and allocation caps (see plan.h for the rule it follows). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "domain/plan.h"
#include "domain/plan_solver.h"

static int better(const struct solver *s, size_t a, size_t b) {
  const struct plan_item *x = item(s, a), *y = item(s, b);
  double rx = x->score / x->size, ry = y->score / y->size;
  if (rx != ry) return rx > ry;
  if (x->score != y->score) return x->score > y->score;
  return a < b;
}

/* Sorts v[0..n) by better(), stable merge sort into scratch tmp. */
static void sort_items(struct solver *s, size_t *v, size_t *tmp, size_t n) {
  if (n < 2) return;
  size_t h = n / 2;
  sort_items(s, v, tmp, h);
  sort_items(s, v + h, tmp, n - h);
  size_t i = 0, j = h, k = 0;
  while (i < h && j < n) tmp[k++] = better(s, v[j], v[i]) ? v[j++] : v[i++];
  while (i < h) tmp[k++] = v[i++];
  while (j < n) tmp[k++] = v[j++];
  memcpy(v, tmp, n * sizeof *v);
}

/* Takes item i and every undecided feature it depends on, if all of them are
 * still possible and fit. Returns 1 when taken (pushed on the trail). */
static int take(struct solver *s, size_t i) {
  size_t top = 0, nlist = 0, start = s->ntrail;
  s->gen++;
  s->stack[top++] = i;
  s->stamp[i] = s->gen;
  double cneed[PC_COUNT] = {0};
  int ok = 1;
  while (top && ok) {
    size_t v = s->stack[--top];
    if (s->dec[v] < 0) ok = 0;
    if (s->dec[v] != 0) continue;
    s->trail[start + nlist++] = v; /* provisional, committed below */
    s->tneed[item(s, v)->team] += item(s, v)->size;
    cneed[item(s, v)->category] += item(s, v)->size;
    for (size_t k = s->dep_at[v]; k < s->dep_at[v + 1]; k++) {
      size_t d = s->dep[k];
      if (s->stamp[d] != s->gen) {
        s->stamp[d] = s->gen;
        s->stack[top++] = d;
      }
    }
  }
  for (size_t k = 0; k < nlist; k++) {
    size_t t = item(s, s->trail[start + k])->team;
    if (ok && s->used[t] + s->tneed[t] > s->in->teams[t].capacity + PLAN_TOL) ok = 0;
  }
  for (int c = 0; ok && c < PC_COUNT; c++)
    if (!cat_fits(s, c, cneed[c])) ok = 0;
  for (size_t k = 0; k < nlist; k++) s->tneed[item(s, s->trail[start + k])->team] = 0;
  if (!ok) return 0;
  for (size_t k = 0; k < nlist; k++) {
    size_t v = s->trail[start + k];
    s->dec[v] = 1;
    s->used[item(s, v)->team] += item(s, v)->size;
    s->cat_used[item(s, v)->category] += item(s, v)->size;
    s->cur += item(s, v)->score;
  }
  s->ntrail += nlist;
  return 1;
}

/* Leaves out item i and every undecided feature depending on it. */
static void leave(struct solver *s, size_t i) {
  size_t top = 0;
  s->stack[top++] = i;
  while (top) {
    size_t v = s->stack[--top];
    if (s->dec[v] != 0) continue;
    s->dec[v] = -1;
    s->trail[s->ntrail++] = v;
    for (size_t k = s->rdep_at[v]; k < s->rdep_at[v + 1]; k++)
      if (s->dec[s->rdep[k]] == 0) s->stack[top++] = s->rdep[k];
  }
}

static void undo(struct solver *s, size_t mark) {
  while (s->ntrail > mark) {
    size_t v = s->trail[--s->ntrail];
    if (s->dec[v] > 0) {
      s->used[item(s, v)->team] -= item(s, v)->size;
      s->cat_used[item(s, v)->category] -= item(s, v)->size;
      s->cur -= item(s, v)->score;
    }
    s->dec[v] = 0;
  }
}

static void record(struct solver *s, double *best) {
  *best = s->cur;
  for (size_t k = 0; k < s->m; k++) s->best_in[s->order[k]] = s->dec[s->order[k]] > 0;
}

/* Depth-first branch and bound over the component (order[0..m)); records the
 * best selection in best_in and returns the component's upper bound. */
/* The greedy start: in order of score per person-month, each feature whose
 * dependencies are already taken and that fits. Records it as the best so
 * far (the search then only looks for better) and returns its score. */
static double greedy_start(struct solver *s) {
  double total = 0;
  for (size_t k = 0; k < s->m; k++) {
    size_t v = s->order[k];
    const struct plan_item *it = item(s, v);
    int ok = s->used[it->team] + it->size <= s->in->teams[it->team].capacity + PLAN_TOL && cat_fits(s, it->category, it->size);
    for (size_t j = s->dep_at[v]; ok && j < s->dep_at[v + 1]; j++) ok = s->best_in[s->dep[j]];
    s->best_in[v] = (char)ok;
    if (!ok) continue;
    s->used[it->team] += it->size;
    s->cat_used[it->category] += it->size;
    total += it->score;
  }
  for (size_t k = 0; k < s->m; k++) {
    size_t v = s->order[k];
    if (!s->best_in[v]) continue;
    s->used[item(s, v)->team] -= item(s, v)->size;
    s->cat_used[item(s, v)->category] -= item(s, v)->size;
  }
  for (size_t k = 0; k < s->nteams; k++) s->used[s->teams[k]] = 0; /* exact zero again */
  return total;
}

static double search(struct solver *s, struct frame *fs, int *optimal) {
  double best = greedy_start(s);
  double root_ub = plan_root_bound(s, best);
  if (no_better(root_ub, best)) { /* nothing can beat the greedy choice */
    *optimal = 1;
    return best;
  }
  size_t nf = 0;
  fs[nf++] = (struct frame){0, s->ntrail, 0, HUGE_VAL};
  int stopped = 0;
  while (nf) {
    struct frame *f = &fs[nf - 1];
    if (f->stage == 0) {
      if (s->nodes >= s->budget || s->work >= s->work_budget) {
        stopped = 1;
        if (s->cur > best) record(s, &best);
        break;
      }
      s->nodes++;
      s->work++;
      while (f->p < s->m && s->dec[s->order[f->p]] != 0) f->p++;
      if (f->p == s->m) {
        /* A leaf. Scores are >= 0, so a node better than the best so far is
         * never pruned and its leaves score at least as much: recording at
         * leaves only is enough. */
        if (s->cur > best) record(s, &best);
        f->stage = 3;
        continue;
      }
      f->bound = plan_bound(s, f->p);
      if (no_better(f->bound, best)) {
        f->stage = 3;
        continue;
      }
      f->stage = 1;
      if (take(s, s->order[f->p])) {
        fs[nf++] = (struct frame){f->p + 1, s->ntrail, 0, f->bound};
        continue;
      }
    }
    if (f->stage == 1) {
      undo(s, f->mark);
      f->stage = 2;
      if (!no_better(f->bound, best)) {
        leave(s, s->order[f->p]);
        fs[nf++] = (struct frame){f->p + 1, s->ntrail, 0, f->bound};
        continue;
      }
    }
    undo(s, f->mark);
    nf--;
  }
  double ub = best;
  if (stopped) {
    /* Unexplored: the exclude branch of every node still at stage 1, and the
     * node about to be entered (bounded by its parent's bound). */
    for (size_t k = 0; k < nf; k++)
      if (fs[k].stage == 1 || (k == nf - 1 && fs[k].stage == 0)) ub = fmax(ub, fs[k].bound);
    undo(s, fs[0].mark);
    ub = fmax(best, fmin(ub, root_ub));
  }
  *optimal = !stopped || no_better(ub, best);
  if (*optimal) ub = best;
  return ub;
}

/* suf[l[j]] = the smallest size among l[j..n). */
static void suffix_min(struct solver *s, const size_t *l, size_t n, double *suf) {
  double m = HUGE_VAL;
  for (size_t j = n; j-- > 0;) {
    if (item(s, l[j])->size < m) m = item(s, l[j])->size;
    suf[l[j]] = m;
  }
}

static size_t uf_find(size_t *up, size_t x) {
  while (up[x] != x) x = up[x] = up[up[x]];
  return x;
}

/* Marks which candidates can be selected at all (Kahn's order over pending
 * dependencies); sets s->why for the others. Returns how many were settled,
 * in queue[0..] in that order (a feature after those it depends on). */
static size_t viability(struct solver *s, size_t *queue) {
  const struct plan_input *in = s->in;
  size_t *pending = queue + s->n; /* second half of the scratch */
  size_t qh = 0, qt = 0;
  for (size_t i = 0; i < s->n; i++) {
    const struct plan_item *it = item(s, i);
    pending[i] = s->dep_at[i + 1] - s->dep_at[i];
    s->state[i] = ST_UNKNOWN;
    if (!it->candidate) {
      s->state[i] = ST_OUT;
      continue;
    }
    s->why[i].item = i;
    if (it->size > in->teams[it->team].capacity + PLAN_TOL) {
      s->state[i] = ST_OUT;
      s->why[i].why = PW_CAPACITY;
      s->why[i].room = in->teams[it->team].capacity;
    } else if (s->capped[it->category] && it->size > s->cat_cap[it->category] + PLAN_TOL) {
      s->state[i] = ST_OUT;
      s->why[i].why = PW_ALLOCATION;
      s->why[i].room = s->cat_cap[it->category];
    } else {
      for (size_t k = 0; k < it->ndeps; k++) {
        const struct plan_item *d = item(s, it->deps[k]);
        if (!d->satisfies && !d->candidate) {
          s->state[i] = ST_OUT;
          s->why[i].why = PW_DEPENDENCY;
          s->why[i].dep = it->deps[k];
          break;
        }
      }
    }
    if (s->state[i] == ST_OUT) queue[qt++] = i;
    else if (pending[i] == 0) {
      s->state[i] = ST_VIABLE;
      queue[qt++] = i;
    }
  }
  while (qh < qt) {
    size_t v = queue[qh++];
    for (size_t k = s->rdep_at[v]; k < s->rdep_at[v + 1]; k++) {
      size_t w = s->rdep[k];
      if (s->state[w] != ST_UNKNOWN) continue;
      if (s->state[v] == ST_OUT) {
        s->state[w] = ST_OUT;
        s->why[w].why = PW_DEPENDENCY;
        s->why[w].dep = v;
        queue[qt++] = w;
      } else if (--pending[w] == 0) {
        s->state[w] = ST_VIABLE;
        queue[qt++] = w;
      }
    }
  }
  for (size_t i = 0; i < s->n; i++)
    if (s->state[i] == ST_UNKNOWN) {
      s->state[i] = ST_OUT;
      s->why[i].why = PW_CYCLE;
    }
  return qt;
}

/* Builds the pending-dependency graph (dependencies on candidates that are
 * not shipped or in progress) and its reverse. */
static int build_graph(arena *a, struct solver *s, struct keel_err *e) {
  const struct plan_input *in = s->in;
  size_t ne = 0;
  for (size_t i = 0; i < s->n; i++) {
    const struct plan_item *it = item(s, i);
    if (it->candidate && it->team >= s->nt)
      return err_set(e, KEEL_EINVAL, "team", "feature %s names a team that is not in the plan", it->key);
    for (size_t k = 0; k < it->ndeps; k++) {
      if (it->deps[k] >= s->n)
        return err_set(e, KEEL_EINVAL, "depends_on", "feature %s depends on a feature that is not in the plan", it->key);
      if (it->candidate && in->items[it->deps[k]].candidate && !in->items[it->deps[k]].satisfies) ne++;
    }
  }
  s->dep_at = arena_zalloc(a, (s->n + 1) * sizeof(size_t));
  s->rdep_at = arena_zalloc(a, (s->n + 2) * sizeof(size_t));
  s->dep = arena_alloc(a, (ne + 1) * sizeof(size_t));
  s->rdep = arena_alloc(a, (ne + 1) * sizeof(size_t));
  size_t k2 = 0;
  for (size_t i = 0; i < s->n; i++) {
    const struct plan_item *it = item(s, i);
    s->dep_at[i] = k2;
    if (!it->candidate) continue;
    for (size_t k = 0; k < it->ndeps; k++) {
      size_t d = it->deps[k];
      if (in->items[d].candidate && !in->items[d].satisfies) {
        s->dep[k2++] = d;
        s->rdep_at[d + 2]++;
      }
    }
  }
  s->dep_at[s->n] = k2;
  for (size_t i = 0; i < s->n; i++) s->rdep_at[i + 2] += s->rdep_at[i + 1];
  for (size_t i = 0; i < s->n; i++)
    for (size_t k = s->dep_at[i]; k < s->dep_at[i + 1]; k++) s->rdep[s->rdep_at[s->dep[k] + 1]++] = i;
  return KEEL_OK;
}

/* Adds, in rounds, any candidate that still fits with its dependencies
 * selected (scores are >= 0, so this never lowers the total; it makes every
 * miss explainable). */
static void fill(struct solver *s, char *sel) {
  for (int changed = 1, round = 0; changed && round < 64; round++) {
    changed = 0;
    for (size_t i = 0; i < s->n; i++) {
      if (s->state[i] != ST_VIABLE || sel[i]) continue;
      const struct plan_item *it = item(s, i);
      int ok = 1;
      for (size_t k = s->dep_at[i]; k < s->dep_at[i + 1] && ok; k++) ok = sel[s->dep[k]];
      if (!ok || s->used[it->team] + it->size > s->in->teams[it->team].capacity + PLAN_TOL ||
          !cat_fits(s, it->category, it->size))
        continue;
      sel[i] = 1;
      s->used[it->team] += it->size;
      s->cat_used[it->category] += it->size;
      changed = 1;
    }
  }
}

struct rank_ent {
  double score, size;
  size_t idx;
};

static int rank_cmp(const void *pa, const void *pb) {
  const struct rank_ent *a = pa, *b = pb;
  if (a->score != b->score) return a->score > b->score ? -1 : 1;
  if (a->size != b->size) return a->size < b->size ? -1 : 1;
  return a->idx < b->idx ? -1 : a->idx > b->idx;
}

static void rank_sort(const struct solver *s, size_t *v, size_t n, struct rank_ent *tmp) {
  for (size_t k = 0; k < n; k++) tmp[k] = (struct rank_ent){item(s, v[k])->score, item(s, v[k])->size, v[k]};
  qsort(tmp, n, sizeof *tmp, rank_cmp);
  for (size_t k = 0; k < n; k++) v[k] = tmp[k].idx;
}

/* Explains why viable candidate i is not in sel. */
static struct plan_missed explain(const struct solver *s, const char *sel, size_t i) {
  const struct plan_item *it = item(s, i);
  struct plan_missed m = {.item = i, .why = PW_CAPACITY};
  for (size_t k = s->dep_at[i]; k < s->dep_at[i + 1]; k++)
    if (!sel[s->dep[k]]) {
      m.why = PW_DEPENDENCY;
      m.dep = s->dep[k];
      return m;
    }
  double room = s->in->teams[it->team].capacity - s->used[it->team];
  if (it->size > room + PLAN_TOL || !s->capped[it->category]) {
    m.room = fmax(0, room);
    return m;
  }
  m.why = PW_ALLOCATION;
  m.room = fmax(0, s->cat_cap[it->category] - s->cat_used[it->category]);
  return m;
}

int plan_solve(arena *a, const struct plan_input *in, struct plan_result *out, struct keel_err *e) {
  memset(out, 0, sizeof *out);
  struct solver S = {.in = in, .n = in->nitems, .nt = in->nteams};
  struct solver *s = &S;
  size_t n = s->n, nt = s->nt;
  s->budget = in->node_budget > 0 ? in->node_budget : PLAN_NODE_BUDGET;
  int rc = build_graph(a, s, e);
  if (rc) return rc;
  for (size_t t = 0; t < nt; t++) out->total_capacity += in->teams[t].capacity;
  for (int c = 1; c < PC_COUNT; c++)
    if (in->has_targets && in->target_set[c]) {
      s->capped[c] = 1;
      s->cat_cap[c] = in->share[c] / 100.0 * out->total_capacity;
      out->cat_cap[c] = s->cat_cap[c];
    }
  size_t cells = n + 1;
  s->state = arena_zalloc(a, cells * sizeof *s->state);
  s->why = arena_zalloc(a, cells * sizeof *s->why);
  s->dec = arena_zalloc(a, cells);
  s->best_in = arena_zalloc(a, cells);
  s->pos = arena_zalloc(a, cells * sizeof *s->pos);
  s->suf_t = arena_zalloc(a, cells * sizeof *s->suf_t);
  s->suf_c = arena_zalloc(a, cells * sizeof *s->suf_c);
  s->trail = arena_alloc(a, cells * sizeof *s->trail);
  s->stack = arena_alloc(a, (s->dep_at[n] + cells) * sizeof *s->stack);
  s->stamp = arena_zalloc(a, cells * sizeof *s->stamp);
  s->used = arena_zalloc(a, (nt + 1) * sizeof *s->used);
  s->tneed = arena_zalloc(a, (nt + 1) * sizeof *s->tneed);
  s->crit = arena_zalloc(a, (nt + 1) * sizeof *s->crit);
  s->lambda = arena_zalloc(a, (nt + 1) * sizeof *s->lambda);
  s->sval = arena_zalloc(a, cells * sizeof *s->sval);
  s->use_t = arena_zalloc(a, (nt + 1) * sizeof *s->use_t);
  s->tlist = arena_zalloc(a, (nt + 1) * sizeof *s->tlist);
  s->tlen = arena_zalloc(a, (nt + 1) * sizeof *s->tlen);
  size_t *scratch = arena_alloc(a, 2 * cells * sizeof *scratch);
  size_t settled = viability(s, scratch);
  s->topo = arena_alloc(a, cells * sizeof *s->topo);
  s->ctopo = arena_alloc(a, cells * sizeof *s->ctopo);
  s->acc = arena_zalloc(a, cells * sizeof *s->acc);
  for (size_t k = 0; k < settled; k++) /* the queue: candidates in the order they were settled */
    if (s->state[scratch[k]] == ST_VIABLE) s->topo[s->ntopo++] = scratch[k];

  /* Components of teams tied by dependencies or by a shared category cap. */
  size_t *up = arena_alloc(a, (nt + 1) * sizeof *up);
  for (size_t t = 0; t < nt; t++) up[t] = t;
  size_t capped_team = nt;
  for (size_t i = 0; i < n; i++) {
    if (s->state[i] != ST_VIABLE) continue;
    size_t t = item(s, i)->team;
    for (size_t k = s->dep_at[i]; k < s->dep_at[i + 1]; k++) up[uf_find(up, t)] = uf_find(up, item(s, s->dep[k])->team);
    if (s->capped[item(s, i)->category]) {
      if (capped_team == nt) capped_team = t;
      up[uf_find(up, t)] = uf_find(up, capped_team);
    }
  }
  /* Items of each component in order, and each team's items in that order. */
  size_t *all = arena_alloc(a, cells * sizeof *all), nall = 0;
  for (size_t i = 0; i < n; i++)
    if (s->state[i] == ST_VIABLE) all[nall++] = i;
  sort_items(s, all, scratch, nall);
  size_t *roots = arena_alloc(a, (nt + 1) * sizeof *roots), nroots = 0;
  for (size_t t = 0; t < nt; t++)
    if (uf_find(up, t) == t) roots[nroots++] = t;
  for (size_t k = 0; k < nall; k++) s->tlen[item(s, all[k])->team]++;
  for (size_t t = 0; t < nt; t++) {
    s->tlist[t] = arena_alloc(a, (s->tlen[t] + 1) * sizeof(size_t));
    s->tlen[t] = 0;
  }
  for (int c = 0; c < PC_COUNT; c++) s->clist[c] = arena_alloc(a, (nall + 1) * sizeof(size_t));
  struct frame *fs = arena_alloc(a, (nall + 2) * sizeof *fs);
  s->order = arena_alloc(a, cells * sizeof *s->order);
  s->teams = arena_alloc(a, (nt + 1) * sizeof *s->teams);
  int optimal = 1;
  int64_t per = nroots ? s->budget / (int64_t)nroots : s->budget;
  int64_t wbudget = in->work_budget > 0 ? in->work_budget : PLAN_WORK_BUDGET;
  int64_t wper = nroots ? wbudget / (int64_t)nroots : wbudget;
  for (size_t r = 0; r < nroots; r++) {
    s->m = 0;
    s->nteams = 0;
    memset(s->clen, 0, sizeof s->clen);
    for (size_t t = 0; t < nt; t++)
      if (uf_find(up, t) == roots[r]) s->teams[s->nteams++] = t;
    for (size_t k = 0; k < nall; k++) {
      size_t v = all[k], t = item(s, v)->team;
      if (uf_find(up, t) != roots[r]) continue;
      s->pos[v] = s->m;
      s->order[s->m++] = v;
      s->tlist[t][s->tlen[t]++] = v;
      s->clist[item(s, v)->category][s->clen[item(s, v)->category]++] = v;
    }
    if (!s->m) continue;
    for (size_t k = 0; k < s->nteams; k++) suffix_min(s, s->tlist[s->teams[k]], s->tlen[s->teams[k]], s->suf_t);
    for (int c = 0; c < PC_COUNT; c++) suffix_min(s, s->clist[c], s->clen[c], s->suf_c);
    s->nodes = 0;
    s->work = 0;
    s->budget = per > 1 ? per : 1;
    s->work_budget = wper > 1 ? wper : 1;
    s->nctopo = 0;
    for (size_t k = 0; k < s->ntopo; k++)
      if (uf_find(up, item(s, s->topo[k])->team) == roots[r]) s->ctopo[s->nctopo++] = s->topo[k];
    int opt;
    out->upper_bound += search(s, fs, &opt);
    out->nodes += s->nodes;
    optimal &= opt;
  }

  /* The selection, completed, ranked and explained. */
  char *sel = s->best_in;
  memset(s->used, 0, nt * sizeof *s->used);
  memset(s->cat_used, 0, sizeof s->cat_used);
  for (size_t i = 0; i < n; i++)
    if (sel[i]) {
      s->used[item(s, i)->team] += item(s, i)->size;
      s->cat_used[item(s, i)->category] += item(s, i)->size;
    }
  fill(s, sel);
  struct rank_ent *tmp = arena_alloc(a, cells * sizeof *tmp);
  out->selected = arena_alloc(a, cells * sizeof *out->selected);
  size_t *missed = arena_alloc(a, cells * sizeof *missed), nmissed = 0;
  out->unscored = arena_alloc(a, cells * sizeof *out->unscored);
  for (size_t i = 0; i < n; i++) {
    if (!item(s, i)->candidate) continue;
    if (!item(s, i)->scored) out->unscored[out->nunscored++] = i;
    if (sel[i]) {
      out->selected[out->nselected++] = i;
      out->total_score += item(s, i)->score;
    } else missed[nmissed++] = i;
  }
  rank_sort(s, out->selected, out->nselected, tmp);
  rank_sort(s, missed, nmissed, tmp);
  out->missed = arena_alloc(a, cells * sizeof *out->missed);
  for (size_t k = 0; k < nmissed; k++) {
    size_t i = missed[k];
    out->missed[k] = s->state[i] == ST_VIABLE ? explain(s, sel, i) : s->why[i];
    out->missed[k].item = i;
  }
  out->nmissed = nmissed;
  out->used = arena_alloc(a, (nt + 1) * sizeof *out->used);
  memcpy(out->used, s->used, (nt + 1) * sizeof *out->used);
  memcpy(out->cat_used, s->cat_used, sizeof out->cat_used);
  out->optimal = optimal;
  if (out->upper_bound < out->total_score) out->upper_bound = out->total_score;
  out->gap = optimal ? 0 : out->upper_bound - out->total_score;
  if (optimal) out->upper_bound = out->total_score;
  return KEEL_OK;
}

