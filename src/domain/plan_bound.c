/* plan_bound.c — the planner's upper bounds: fractional knapsacks per team
 * and per capped category at every node, and at the root a Lagrangian bound
 * that keeps the dependencies (see plan_solver.h). */
#include <math.h>
#include <string.h>

#include "domain/plan.h"
#include "domain/plan_solver.h"

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
double plan_bound(struct solver *s, size_t p) {
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
double plan_root_bound(struct solver *s, double lower) {
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
  double best = plan_bound(s, 0);
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

