/* plan.c — categories, team checks and the planner (see plan.h). */
#include "domain/plan.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "domain/text.h"

#define PLAN_TOL 1e-9 /* person-months: sums of sizes may round */

static const char *const cat_names[PC_COUNT] = {"", "innovation", "infrastructure", "customer_requests", "objectives",
                                                "keep_the_lights_on"};
static const char *const cat_labels[PC_COUNT] = {"None", "Innovation", "Infrastructure", "Customer requests",
                                                 "Objectives", "Keep the lights on"};

const char *plan_category_name(int c) { return c >= 0 && c < PC_COUNT ? cat_names[c] : ""; }

const char *plan_category_label(int c) { return c >= 0 && c < PC_COUNT ? cat_labels[c] : "None"; }

int plan_category_parse(const char *s, int *out) {
  for (int c = 0; c < PC_COUNT; c++)
    if (s && strcmp(s, cat_names[c]) == 0) {
      *out = c;
      return 0;
    }
  return -1;
}

int team_check(const char *name, int64_t wip_limit, struct keel_err *e) {
  int rc = text_check_line("name", name, TEAM_NAME_MAX, 1, e);
  if (!rc && (wip_limit < -1 || wip_limit > TEAM_WIP_MAX))
    rc = err_set(e, KEEL_EINVAL, "wip_limit", "wip_limit must be from 0 to %d (or none)", TEAM_WIP_MAX);
  return rc;
}

int team_capacity_check(double capacity, struct keel_err *e) {
  if (!isfinite(capacity) || capacity < 0 || capacity > TEAM_CAPACITY_MAX)
    return err_set(e, KEEL_EINVAL, "capacity", "capacity must be from 0 to %g person-months", TEAM_CAPACITY_MAX);
  return KEEL_OK;
}

int feature_size_check(double size, struct keel_err *e) {
  if (!isfinite(size) || size <= 0 || size > FEATURE_SIZE_MAX)
    return err_set(e, KEEL_EINVAL, "size", "size must be over 0 and at most %g person-months", FEATURE_SIZE_MAX);
  return KEEL_OK;
}

int plan_targets_check(const double share[PC_COUNT], const int set[PC_COUNT], struct keel_err *e) {
  double sum = 0;
  for (int c = 1; c < PC_COUNT; c++) {
    if (!set[c]) continue;
    if (!isfinite(share[c]) || share[c] < 0 || share[c] > 100)
      return err_set(e, KEEL_EINVAL, cat_names[c], "the share of %s must be from 0 to 100 percent", cat_names[c]);
    sum += share[c];
  }
  if (sum > 100 + PLAN_TOL)
    return err_set(e, KEEL_EINVAL, "share", "the shares add up to %g percent; at most 100 is possible", sum);
  return KEEL_OK;
}

/* ---- the solver ---- */

enum { ST_UNKNOWN, ST_VIABLE, ST_OUT };

struct frame {
  size_t p;     /* first position not decided at this node */
  size_t mark;  /* trail length on entry */
  int stage;    /* 0: enter; 1: include explored next; 2: exclude explored next; 3: leave */
  double bound; /* the node's upper bound */
};

struct solver {
  const struct plan_input *in;
  size_t n, nt;
  /* pending dependencies (candidates not shipped or in progress), as CSR */
  size_t *dep_at, *dep;
  size_t *rdep_at, *rdep;
  int *state;
  struct plan_missed *why; /* for items that cannot be selected at all */
  signed char *dec;        /* 0 undecided, 1 in, -1 out */
  char *best_in;
  size_t *pos;   /* position in the component's order */
  double *suf_t, *suf_c;
  size_t *topo, ntopo; /* viable items, each after the features it depends on */
  size_t *ctopo, nctopo; /* those of the component being solved */
  double *acc;          /* scratch per item for lagrange_bound */
  double *crit, *lambda; /* per team, for root_bound */
  double *sval, *use_t;  /* per item / per team, for the subgradient steps */ /* per item: the smallest size from it to the end of its team's / category's list */
  double *used;  /* per team */
  double cat_used[PC_COUNT], cat_cap[PC_COUNT];
  int capped[PC_COUNT];
  double cur;
  size_t *trail;
  size_t ntrail;
  size_t *stack; /* scratch for closures */
  unsigned *stamp;
  unsigned gen;
  double *tneed; /* per team, scratch */
  /* the component being solved */
  size_t *order;
  size_t m;
  size_t *teams; /* teams of the component */
  size_t nteams;
  size_t **tlist; /* per team: its items of the component in order */
  size_t *tlen;
  size_t *clist[PC_COUNT]; /* per category: its items of the component in order */
  size_t clen[PC_COUNT];
  int64_t nodes, budget;
  int64_t work, work_budget; /* nodes plus items looked at by bounds: the time spent */
};

static const struct plan_item *item(const struct solver *s, size_t i) { return &s->in->items[i]; }

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

static int cat_fits(const struct solver *s, int c, double need) {
  return !s->capped[c] || s->cat_used[c] + need <= s->cat_cap[c] + PLAN_TOL;
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

/* First index in l[0..n) at position >= p (l is in position order). */
static size_t first_at(const struct solver *s, const size_t *l, size_t n, size_t p) {
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (s->pos[l[mid]] < p) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/* The fractional knapsack over the undecided items of l from index lo that
 * could still fit (size within room and their category's room), with
 * capacity room, skipping capped categories when uncapped_only. */
static double lp_fill(struct solver *s, const size_t *l, size_t n, size_t lo, double room, int uncapped_only,
                      const double *suf) {
  double b = 0, rem = room;
  for (size_t j = lo; j < n && rem > PLAN_TOL; j++) {
    size_t v = l[j];
    if (suf[v] > room + PLAN_TOL) break; /* nothing further in l could fit at all */
    s->work++;
    const struct plan_item *it = item(s, v);
    if (s->dec[v] != 0 || it->size > room + PLAN_TOL || !cat_fits(s, it->category, it->size)) continue;
    if (uncapped_only && s->capped[it->category]) continue;
    if (it->size <= rem + PLAN_TOL) {
      rem -= it->size;
      b += it->score;
    } else {
      b += it->score * rem / it->size;
      rem = 0;
    }
  }
  return b;
}

/* An upper bound for the node whose undecided items all sit at positions >= p:
 * the smaller of two relaxations, each a sum of fractional knapsacks in
 * order of score per person-month:
 *   - per team, over its items (allocation caps only as far as an item alone
 *     must fit its category's room);
 *   - per capped category, over its items with the category's room, plus per
 *     team over its items in uncapped categories (team rooms relaxed for
 *     capped items).
 * Both drop constraints of the real problem, so both bound it. */
static double bound(struct solver *s, size_t p) {
  double by_team = 0, by_cat = 0;
  int any_cap = 0;
  for (int c = 0; c < PC_COUNT; c++) any_cap |= s->capped[c];
  for (size_t k = 0; k < s->nteams; k++) {
    size_t t = s->teams[k];
    size_t lo = first_at(s, s->tlist[t], s->tlen[t], p);
    double room = s->in->teams[t].capacity - s->used[t];
    by_team += lp_fill(s, s->tlist[t], s->tlen[t], lo, room, 0, s->suf_t);
    if (any_cap) by_cat += lp_fill(s, s->tlist[t], s->tlen[t], lo, room, 1, s->suf_t);
  }
  if (!any_cap) return s->cur + by_team;
  for (int c = 1; c < PC_COUNT; c++) {
    if (!s->capped[c]) continue;
    size_t lo = first_at(s, s->clist[c], s->clen[c], p);
    by_cat += lp_fill(s, s->clist[c], s->clen[c], lo, s->cat_cap[c] - s->cat_used[c], 0, s->suf_c);
  }
  return s->cur + fmin(by_team, by_cat);
}

static int no_better(double bnd, double best) { return bnd <= best + 1e-9 * fmax(1.0, fabs(best)); }

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

static double root_bound(struct solver *s, double lower);

static double search(struct solver *s, struct frame *fs, int *optimal) {
  double best = greedy_start(s);
  double root_ub = root_bound(s, best);
  if (no_better(root_ub, best)) { /* the greedy choice is already as good as it gets */
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
      f->bound = bound(s, f->p);
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

/* An upper bound that keeps part of the dependencies: the Lagrangian
 * relaxation of the team capacities with multipliers lambda[t] >= 0, over a
 * forest that keeps each feature's first pending dependency (dropping the
 * others only relaxes more). For any such lambda the optimum is at most
 *   sum_t lambda_t * capacity_t + the best closed set under weights
 *   score - lambda_team * size,
 * and on a forest that best closed set is a sum over roots of each subtree's
 * best, computed children first. Allocation caps are relaxed the same way,
 * with multipliers mu[c] (0 for a category without a cap). */
static double lagrange_bound(struct solver *s, const double *lambda, const double *mu) {
  double total = 0;
  for (size_t k = 0; k < s->nctopo; k++) s->acc[s->ctopo[k]] = 0;
  for (size_t k = s->nctopo; k-- > 0;) {
    size_t v = s->ctopo[k];
    const struct plan_item *it = item(s, v);
    double val = s->acc[v] + it->score - (lambda[it->team] + mu[it->category]) * it->size;
    s->sval[v] = val;
    if (s->dep_at[v] < s->dep_at[v + 1]) s->acc[s->dep[s->dep_at[v]]] += fmax(0, val);
    else total += fmax(0, val);
  }
  s->work += (int64_t)s->nctopo;
  for (size_t k = 0; k < s->nteams; k++) total += lambda[s->teams[k]] * s->in->teams[s->teams[k]].capacity;
  for (int c = 0; c < PC_COUNT; c++) total += mu[c] * s->cat_cap[c]; /* mu is 0 where there is no cap */
  return total;
}

/* The person-months per team (use_t) and category (use_c) of the closed set
 * the last lagrange_bound() chose: a feature is in when its subtree is worth
 * something and its kept dependency is in (marked with the current stamp). */
static void lagrange_usage(struct solver *s, double *use_t, double use_c[PC_COUNT]) {
  for (size_t k = 0; k < s->nteams; k++) use_t[s->teams[k]] = 0;
  memset(use_c, 0, PC_COUNT * sizeof *use_c);
  s->gen++;
  for (size_t k = 0; k < s->nctopo; k++) {
    size_t v = s->ctopo[k];
    int in = s->sval[v] > 0 && (s->dep_at[v] == s->dep_at[v + 1] || s->stamp[s->dep[s->dep_at[v]]] == s->gen);
    if (!in) continue;
    s->stamp[v] = s->gen;
    use_t[item(s, v)->team] += item(s, v)->size;
    use_c[item(s, v)->category] += item(s, v)->size;
  }
}

/* The component's bound at the root: the smallest of the fractional bound
 * and lagrange_bound() for multipliers around each team's and capped
 * category's critical ratio (score per person-month of the first feature that
 * does not fit when filling in order), improved by subgradient steps toward
 * lower (a score known to be reachable). */
static double root_bound(struct solver *s, double lower) {
  static const double scale[] = {0.5, 0.7, 0.85, 1.0, 1.15, 1.3, 1.6, 2.0};
  double *crit = s->crit, *lambda = s->lambda;
  for (size_t k = 0; k < s->nteams; k++) {
    size_t t = s->teams[k];
    double rem = s->in->teams[t].capacity;
    crit[t] = 0;
    for (size_t j = 0; j < s->tlen[t]; j++) {
      const struct plan_item *it = item(s, s->tlist[t][j]);
      if (it->size <= rem + PLAN_TOL) rem -= it->size;
      else {
        crit[t] = it->score / it->size;
        break;
      }
    }
  }
  /* the same for capped categories */
  double ccrit[PC_COUNT] = {0}, mu[PC_COUNT] = {0};
  for (int c = 1; c < PC_COUNT; c++) {
    if (!s->capped[c]) continue;
    double rem = s->cat_cap[c];
    for (size_t j = 0; j < s->clen[c]; j++) {
      const struct plan_item *it = item(s, s->clist[c][j]);
      if (it->size <= rem + PLAN_TOL) rem -= it->size;
      else {
        ccrit[c] = it->score / it->size;
        break;
      }
    }
  }
  static const double cscale[] = {0, 0.5, 1.0};
  double best = bound(s, 0);
  for (size_t q = 0; q < sizeof scale / sizeof scale[0]; q++) {
    for (size_t k = 0; k < s->nteams; k++) lambda[s->teams[k]] = crit[s->teams[k]] * scale[q];
    for (size_t w = 0; w < sizeof cscale / sizeof cscale[0]; w++) {
      for (int c = 0; c < PC_COUNT; c++) mu[c] = ccrit[c] * cscale[w];
      best = fmin(best, lagrange_bound(s, lambda, mu));
      if (w == 0 && !ccrit[1] && !ccrit[2] && !ccrit[3] && !ccrit[4] && !ccrit[5]) break; /* no caps bind */
    }
  }
  /* Subgradient steps from the best multipliers of the grid (Polyak's step
   * toward lower, halved when PLAN_SUBGRADIENT_PATIENCE steps bring nothing). */
  double *lam = s->lambda, theta = 1.0;
  double bmu[PC_COUNT] = {0};
  int found = 0, stale = 0;
  for (size_t q = 0; q < sizeof scale / sizeof scale[0] && !found; q++) {
    for (size_t k = 0; k < s->nteams; k++) lam[s->teams[k]] = crit[s->teams[k]] * scale[q];
    for (size_t w = 0; w < sizeof cscale / sizeof cscale[0] && !found; w++) {
      for (int c = 0; c < PC_COUNT; c++) bmu[c] = ccrit[c] * cscale[w];
      found = lagrange_bound(s, lam, bmu) <= best + 1e-9 * fmax(1.0, best);
    }
  }
  for (int step = 0; found && step < PLAN_SUBGRADIENT_STEPS; step++) {
    double l = lagrange_bound(s, lam, bmu);
    if (l < best - 1e-12 * fmax(1.0, best)) {
      best = l;
      stale = 0;
    } else if (++stale >= PLAN_SUBGRADIENT_PATIENCE) {
      theta /= 2;
      stale = 0;
    }
    double use_c[PC_COUNT];
    lagrange_usage(s, s->use_t, use_c);
    double norm = 0;
    for (size_t k = 0; k < s->nteams; k++) {
      double g = s->in->teams[s->teams[k]].capacity - s->use_t[s->teams[k]];
      norm += g * g;
    }
    for (int c = 1; c < PC_COUNT; c++)
      if (s->capped[c]) norm += (s->cat_cap[c] - use_c[c]) * (s->cat_cap[c] - use_c[c]);
    if (norm <= 0 || l - lower <= 0) break;
    double t = theta * (l - lower) / norm;
    for (size_t k = 0; k < s->nteams; k++) {
      size_t tm = s->teams[k];
      lam[tm] = fmax(0, lam[tm] - t * (s->in->teams[tm].capacity - s->use_t[tm]));
    }
    for (int c = 1; c < PC_COUNT; c++)
      if (s->capped[c]) bmu[c] = fmax(0, bmu[c] - t * (s->cat_cap[c] - use_c[c]));
  }
  return best;
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

static int edge_cmp(const void *pa, const void *pb) {
  const struct plan_edge *a = pa, *b = pb;
  if (a->from != b->from) return a->from < b->from ? -1 : 1;
  return (a->to > b->to) - (a->to < b->to);
}

/* The first index of an edge from id in e[0..n) (sorted by from), or n. */
static size_t edges_from(const struct plan_edge *e, size_t n, int64_t id) {
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (e[mid].from < id) lo = mid + 1;
    else hi = mid;
  }
  return lo < n && e[lo].from == id ? lo : n;
}

size_t plan_dep_path(arena *a, const struct plan_edge *edges, size_t n, int64_t from, int64_t to, int64_t **path) {
  *path = NULL;
  if (from == to) {
    *path = arena_alloc(a, sizeof **path);
    (*path)[0] = from;
    return 1;
  }
  /* Breadth-first over the edges sorted by their start; an edge is queued
   * once, when the first edge into its start is taken (seen marks the start's
   * run of edges), and prev[k] is the edge that led to edges[k]. */
  struct plan_edge *e = arena_alloc(a, (n + 1) * sizeof *e);
  if (n) memcpy(e, edges, n * sizeof *e);
  qsort(e, n, sizeof *e, edge_cmp);
  size_t *queue = arena_alloc(a, (n + 1) * sizeof *queue);
  size_t *prev = arena_alloc(a, (n + 1) * sizeof *prev);
  char *seen = arena_zalloc(a, n + 1);
  size_t qh = 0, qt = 0;
  size_t start = edges_from(e, n, from);
  if (start < n) seen[start] = 1;
  for (size_t k = start; k < n && e[k].from == from; k++) {
    prev[k] = n;
    queue[qt++] = k;
  }
  while (qh < qt) {
    size_t k = queue[qh++];
    if (e[k].to == to) {
      size_t len = 1;
      for (size_t j = k; j != n; j = prev[j]) len++;
      int64_t *p = arena_alloc(a, len * sizeof *p);
      size_t at = len;
      p[--at] = to;
      for (size_t j = k; j != n; j = prev[j]) p[--at] = e[j].from;
      *path = p;
      return len;
    }
    size_t next = edges_from(e, n, e[k].to);
    if (next == n || seen[next]) continue;
    seen[next] = 1;
    for (size_t j = next; j < n && e[j].from == e[k].to; j++) {
      prev[j] = k;
      queue[qt++] = j;
    }
  }
  return 0;
}
