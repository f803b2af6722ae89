/* plan.c — categories, the checks on teams, capacity, sizes and targets,
 * and finding dependency cycles (the planner itself is in plan_solve.c). */
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

/* ---- dependency cycles ---- */

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
