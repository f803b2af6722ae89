/* plan_solver.h — the planner's working state, shared by its search
 * (plan_solve.c) and its bounds (plan_bound.c). Internal to domain/. */
#ifndef KEEL_DOMAIN_PLAN_SOLVER_H
#define KEEL_DOMAIN_PLAN_SOLVER_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/plan.h"

#define PLAN_TOL 1e-9 /* person-months: sums of sizes may round */

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
  double *suf_t, *suf_c; /* per item: the smallest size from it to the end of its team's / category's list */
  size_t *topo, ntopo; /* viable items, each after the features it depends on */
  size_t *ctopo, nctopo; /* those of the component being solved */
  double *acc;          /* scratch per item for lagrange_bound */
  double *crit, *lambda; /* per team, for root_bound */
  double *sval, *use_t;  /* per item / per team, for the subgradient steps */
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

static inline const struct plan_item *item(const struct solver *s, size_t i) { return &s->in->items[i]; }

/* 1 when need more person-months fit category c's cap (or c has none). */
static inline int cat_fits(const struct solver *s, int c, double need) {
  return !s->capped[c] || s->cat_used[c] + need <= s->cat_cap[c] + PLAN_TOL;
}

/* 1 when a bound bnd cannot beat best (within rounding). */
static inline int no_better(double bnd, double best) { return bnd <= best + 1e-9 * fmax(1.0, fabs(best)); }

/* Returns an upper bound for the node whose undecided features all sit at
 * positions >= p of the component's order: cur plus the smaller of two sums
 * of fractional knapsacks (see plan_bound.c). Adds what it looked at to work. */
double plan_bound(struct solver *s, size_t p);

/* Returns an upper bound for the component at the root, where nothing is
 * decided: the smallest of plan_bound() and Lagrangian bounds that keep the
 * dependencies, their multipliers improved by steps toward lower (a score
 * known to be reachable). Uses crit, lambda, sval, use_t, acc and stamps. */
double plan_root_bound(struct solver *s, double lower);

#endif
