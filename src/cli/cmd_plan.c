/* cmd_plan.c — keel team ..., keel allocation ..., keel feature depends and
 * keel plan: teams and capacity, allocation targets, dependencies and the
 * planner. */
#include <string.h>

#include "app/plan.h"
#include "cli/cli.h"
#include "domain/score.h"

int cmd_team_add(struct cli *c, int argc, char **argv);
int cmd_team_list(struct cli *c, int argc, char **argv);
int cmd_team_edit(struct cli *c, int argc, char **argv);
int cmd_team_remove(struct cli *c, int argc, char **argv);
int cmd_team_capacity(struct cli *c, int argc, char **argv);
int cmd_feature_depends(struct cli *c, int argc, char **argv);
int cmd_allocation_set(struct cli *c, int argc, char **argv);
int cmd_allocation_show(struct cli *c, int argc, char **argv);
int cmd_plan(struct cli *c, int argc, char **argv);

int cli_plan_patch(const char *cmd, const char *team, const char *size, const char *category,
                   struct feature_plan_patch *p) {
  memset(p, 0, sizeof *p);
  p->team = team;
  p->category = category;
  if (size) {
    p->has_size = 1;
    if (strcmp(size, "none") != 0 && strcmp(size, "") != 0) {
      int rc = cli_number(cmd, "--size", size, &p->size);
      if (rc) return rc;
      if (p->size == 0) p->size = -1; /* 0 is "none" inside; refuse it as a size */
    }
  }
  return 0;
}

/* Reads --wip-limit: a number or "none" (-1). */
static int read_wip(const char *cmd, const char *s, int64_t *out) {
  if (!s || strcmp(s, "none") == 0) {
    *out = -1;
    return 0;
  }
  int rc = cli_integer(cmd, "--wip-limit", s, out);
  if (!rc && *out < 0) *out = -2; /* refused by the check, naming wip_limit */
  return rc;
}

static const char *num(struct cli *c, double v) { return arena_printf(c->a, "%g", v); }

/* A score rounded for reading (score_display); --json has the exact value. */
static const char *score_text(struct cli *c, double v) {
  buf b;
  buf_init(&b, 0);
  score_display(&b, v);
  const char *s = arena_strdup(c->a, buf_cstr(&b));
  buf_free(&b);
  return s;
}

static void print_team(struct cli *c, const struct team *t) {
  buf b;
  buf_init(&b, 0);
  if (c->json) {
    repr_team(&b, t);
    buf_putc(&b, '\n');
  } else {
    buf_printf(&b, "team %lld: %s", (long long)t->id, t->name);
    if (t->wip_limit >= 0) buf_printf(&b, "  WIP limit %lld", (long long)t->wip_limit);
    if (t->has_capacity) buf_printf(&b, "  capacity %g person-months", t->capacity);
    buf_printf(&b, "  (version %lld)\n", (long long)t->version);
  }
  cli_out(&b);
  buf_free(&b);
}

int cmd_team_add(struct cli *c, int argc, char **argv) {
  const char *product = NULL, *name = NULL, *wip = NULL, *pos[1];
  int npos;
  const struct cli_opt opts[] = {{"--product", 1, &product, NULL}, {"--name", 1, &name, NULL},
                                 {"--wip-limit", 1, &wip, NULL}, {NULL, 0, NULL, NULL}};
  int rc = cli_parse("team add", argc, argv, opts, pos, 1, &npos);
  if (rc) return rc;
  if (npos == 1 && !name) name = pos[0];
  if (!product || !name) return cli_usage("team add", "give --product KEY and --name NAME");
  int64_t w;
  if ((rc = read_wip("team add", wip, &w))) return rc;
  if ((rc = cli_open(c))) return rc;
  struct team t;
  rc = app_team_create(&c->x, product, name, w, &t);
  if (rc) return cli_fail(c, rc);
  print_team(c, &t);
  return 0;
}

int cmd_team_list(struct cli *c, int argc, char **argv) {
  const char *product = NULL, *period = NULL, *pos[1];
  int npos;
  const struct cli_opt opts[] = {{"--product", 1, &product, NULL}, {"--period", 1, &period, NULL},
                                 {NULL, 0, NULL, NULL}};
  int rc = cli_parse("team list", argc, argv, opts, pos, 0, &npos);
  if (rc) return rc;
  if (!product) return cli_usage("team list", "give --product KEY");
  if ((rc = cli_open(c))) return rc;
  struct team *ts;
  size_t n;
  const char *pd;
  rc = app_team_list(&c->x, product, period, &ts, &n, &pd);
  if (rc) return cli_fail(c, rc);
  buf b;
  buf_init(&b, 0);
  if (c->json) {
    buf_printf(&b, "{\"period\":%J,\"items\":[", pd);
    for (size_t i = 0; i < n; i++) {
      if (i) buf_putc(&b, ',');
      repr_team(&b, &ts[i]);
    }
    buf_puts(&b, "]}\n");
  } else {
    const char *head[] = {"ID", "TEAM", "WIP LIMIT", arena_printf(c->a, "CAPACITY %s", pd)};
    struct table t;
    table_start(&t, c->a, 4, head);
    for (size_t i = 0; i < n; i++) {
      const char *row[] = {arena_printf(c->a, "%lld", (long long)ts[i].id), ts[i].name,
                           ts[i].wip_limit < 0 ? "-" : arena_printf(c->a, "%lld", (long long)ts[i].wip_limit),
                           ts[i].has_capacity ? num(c, ts[i].capacity) : "-"};
      table_row(&t, c->a, row);
    }
    table_print(&t, &b, 60);
  }
  cli_out(&b);
  buf_free(&b);
  return 0;
}

int cmd_team_edit(struct cli *c, int argc, char **argv) {
  const char *product = NULL, *name = NULL, *wip = NULL, *ver = NULL, *pos[1];
  int npos;
  const struct cli_opt opts[] = {{"--product", 1, &product, NULL}, {"--name", 1, &name, NULL},
                                 {"--wip-limit", 1, &wip, NULL}, {"--if-version", 1, &ver, NULL},
                                 {NULL, 0, NULL, NULL}};
  int rc = cli_parse("team edit", argc, argv, opts, pos, 1, &npos);
  if (rc) return rc;
  if (npos != 1) return cli_usage("team edit", "give the team's id, or its name with --product");
  if (!name && !wip) return cli_usage("team edit", "nothing to change: give --name or --wip-limit");
  struct team_patch p = {.name = name, .has_wip = wip != NULL};
  int64_t v = 0;
  if (wip && (rc = read_wip("team edit", wip, &p.wip_limit))) return rc;
  if (ver && (rc = cli_integer("team edit", "--if-version", ver, &v))) return rc;
  if ((rc = cli_open(c))) return rc;
  struct team t;
  rc = app_team_update(&c->x, product, pos[0], &p, v, &t);
  if (rc) return cli_fail(c, rc);
  print_team(c, &t);
  return 0;
}

int cmd_team_remove(struct cli *c, int argc, char **argv) {
  const char *product = NULL, *ver = NULL, *pos[1];
  int npos;
  const struct cli_opt opts[] = {{"--product", 1, &product, NULL}, {"--if-version", 1, &ver, NULL},
                                 {NULL, 0, NULL, NULL}};
  int rc = cli_parse("team remove", argc, argv, opts, pos, 1, &npos);
  if (rc) return rc;
  if (npos != 1) return cli_usage("team remove", "give the team's id, or its name with --product");
  int64_t v = 0;
  if (ver && (rc = cli_integer("team remove", "--if-version", ver, &v))) return rc;
  if ((rc = cli_open(c))) return rc;
  rc = app_team_remove(&c->x, product, pos[0], v);
  if (rc) return cli_fail(c, rc);
  if (!c->json) {
    buf b;
    buf_init(&b, 0);
    buf_printf(&b, "removed team %s\n", pos[0]);
    cli_out(&b);
    buf_free(&b);
  }
  return 0;
}

int cmd_team_capacity(struct cli *c, int argc, char **argv) {
  const char *product = NULL, *period = NULL, *cap = NULL, *pos[1];
  int npos;
  const struct cli_opt opts[] = {{"--product", 1, &product, NULL}, {"--period", 1, &period, NULL},
                                 {"--capacity", 1, &cap, NULL}, {NULL, 0, NULL, NULL}};
  int rc = cli_parse("team capacity", argc, argv, opts, pos, 1, &npos);
  if (rc) return rc;
  if (npos != 1 || !cap) return cli_usage("team capacity", "give the team and --capacity PERSON-MONTHS");
  double v;
  if ((rc = cli_number("team capacity", "--capacity", cap, &v))) return rc;
  if ((rc = cli_open(c))) return rc;
  struct team t;
  rc = app_team_capacity_set(&c->x, product, pos[0], period, v, &t);
  if (rc) return cli_fail(c, rc);
  print_team(c, &t);
  return 0;
}

int cmd_feature_depends(struct cli *c, int argc, char **argv) {
  const char *on = NULL, *pos[1];
  int npos, remove = 0;
  const struct cli_opt opts[] = {{"--on", 1, &on, NULL}, {"--remove", 0, NULL, &remove}, {NULL, 0, NULL, NULL}};
  int rc = cli_parse("feature depends", argc, argv, opts, pos, 1, &npos);
  if (rc) return rc;
  if (npos != 1) return cli_usage("feature depends", "give the feature key, like PAY-7");
  if (remove && !on) return cli_usage("feature depends", "--remove needs --on KEY");
  if ((rc = cli_open(c))) return rc;
  if (on && (rc = app_feature_depend(&c->x, pos[0], on, remove))) return cli_fail(c, rc);
  struct feature_planning fp;
  if ((rc = app_feature_planning(&c->x, pos[0], &fp))) return cli_fail(c, rc);
  buf b;
  buf_init(&b, 0);
  if (c->json) {
    repr_feature_planning(&b, &fp);
    buf_putc(&b, '\n');
  } else {
    buf_printf(&b, "%s depends on:", pos[0]);
    for (size_t i = 0; i < fp.ndepends_on; i++) buf_printf(&b, " %s", fp.depends_on[i]);
    buf_puts(&b, fp.ndepends_on ? "\nneeded by:" : " nothing\nneeded by:");
    for (size_t i = 0; i < fp.nneeded_by; i++) buf_printf(&b, " %s", fp.needed_by[i]);
    buf_puts(&b, fp.nneeded_by ? "\n" : " nothing\n");
  }
  cli_out(&b);
  buf_free(&b);
  return 0;
}

static int print_allocation(struct cli *c, const char *product, const char *period);

int cmd_allocation_set(struct cli *c, int argc, char **argv) {
  enum { MAX_WORDS = PC_COUNT + 1 };
  const char *product = NULL, *period = NULL, *pos[MAX_WORDS];
  int npos;
  const struct cli_opt opts[] = {{"--product", 1, &product, NULL}, {"--period", 1, &period, NULL},
                                 {NULL, 0, NULL, NULL}};
  int rc = cli_parse("allocation set", argc, argv, opts, pos, MAX_WORDS, &npos);
  if (rc) return rc;
  if (!product) return cli_usage("allocation set", "give --product KEY");
  double share[PC_COUNT] = {0};
  int set[PC_COUNT] = {0};
  for (int i = 0; i < npos; i++) {
    const char *eq = strchr(pos[i], '=');
    int cat;
    char name[40];
    size_t len = eq ? (size_t)(eq - pos[i]) : 0;
    if (!eq || len >= sizeof name) return cli_usage("allocation set", "write each target as CATEGORY=PERCENT");
    memcpy(name, pos[i], len);
    name[len] = '\0';
    if (plan_category_parse(name, &cat) || cat == PC_NONE)
      return cli_usage("allocation set",
                       "unknown category %s (innovation, infrastructure, customer_requests, objectives, "
                       "keep_the_lights_on)",
                       name);
    if ((rc = cli_number("allocation set", name, eq + 1, &share[cat]))) return rc;
    set[cat] = 1;
  }
  if ((rc = cli_open(c))) return rc;
  rc = app_allocation_set(&c->x, product, period, share, set);
  if (rc) return cli_fail(c, rc);
  return print_allocation(c, product, period);
}

int cmd_allocation_show(struct cli *c, int argc, char **argv) {
  enum { MAX_WORDS = PC_COUNT + 1 };
  const char *product = NULL, *period = NULL, *pos[MAX_WORDS];
  int npos;
  const struct cli_opt opts[] = {{"--product", 1, &product, NULL}, {"--period", 1, &period, NULL},
                                 {NULL, 0, NULL, NULL}};
  int rc = cli_parse("allocation show", argc, argv, opts, pos, MAX_WORDS, &npos);
  if (rc) return rc;
  if (!product) return cli_usage("allocation show", "give --product KEY");
  if ((rc = cli_open(c))) return rc;
  return print_allocation(c, product, period);
}

static int print_allocation(struct cli *c, const char *product, const char *period) {
  int rc;
  struct allocation_view v;
  rc = app_allocation_show(&c->x, product, period, &v);
  if (rc) return cli_fail(c, rc);
  buf b;
  buf_init(&b, 0);
  if (c->json) {
    repr_allocation(&b, &v);
    buf_putc(&b, '\n');
  } else {
    buf_printf(&b, "%s %s: targets against what is on Now (%g person-months)\n", v.product, v.period, v.total.planned);
    static const char *const head[] = {"TEAM", "CATEGORY", "TARGET %", "PLANNED", "ACTUAL %", "GAP"};
    struct table t;
    table_start(&t, c->a, 6, head);
    for (size_t k = 0; k <= v.nteams; k++) {
      const struct allocation_part *pt = k < v.nteams ? &v.teams[k] : &v.total;
      for (int cat = 0; cat < PC_COUNT; cat++) {
        const struct allocation_row *r = &pt->rows[cat];
        if (!r->has_target && r->planned <= 0) continue;
        const char *row[] = {pt->name, plan_category_label(cat), r->has_target ? num(c, r->target) : "-",
                             num(c, r->planned), arena_printf(c->a, "%.1f", r->actual),
                             r->has_target ? arena_printf(c->a, "%+.1f", r->gap) : "-"};
        table_row(&t, c->a, row);
      }
    }
    table_print(&t, &b, 40);
  }
  cli_out(&b);
  buf_free(&b);
  return 0;
}

int cmd_plan(struct cli *c, int argc, char **argv) {
  const char *product = NULL, *period = NULL, *pos[1];
  int npos;
  const struct cli_opt opts[] = {{"--product", 1, &product, NULL}, {"--period", 1, &period, NULL},
                                 {NULL, 0, NULL, NULL}};
  int rc = cli_parse("plan", argc, argv, opts, pos, 0, &npos);
  if (rc) return rc;
  if (!product) return cli_usage("plan", "give --product KEY");
  if ((rc = cli_open(c))) return rc;
  struct plan_view v;
  rc = app_plan(&c->x, product, period, &v);
  if (rc) return cli_fail(c, rc);
  buf b;
  buf_init(&b, 0);
  const struct plan_result *r = &v.r;
  if (c->json) {
    repr_plan(&b, &v);
    buf_putc(&b, '\n');
  } else {
    buf_printf(&b, "Plan for %s, %s (score: %s): total %s, %s\n", v.product, v.period, v.framework, score_text(c, r->total_score),
               r->optimal ? "optimal" : arena_printf(c->a, "best found; the optimum is at most %g", r->upper_bound));
    for (size_t t = 0; t < v.nteams; t++)
      buf_printf(&b, "  %s: %g of %g person-months\n", v.teams[t].name, r->used[t], v.teams[t].capacity);
    static const char *const head[] = {"KEY", "TEAM", "SIZE", "SCORE", "TITLE / WHY MISSED"};
    struct table t;
    table_start(&t, c->a, 5, head);
    for (size_t k = 0; k < r->nselected; k++) {
      const struct plan_item *it = &v.items[r->selected[k]];
      const char *row[] = {it->key, v.teams[it->team].name, num(c, it->size), it->scored ? score_text(c, it->score) : "-",
                           it->title};
      table_row(&t, c->a, row);
    }
    const char *line[] = {"--- cut line", "", "", "", ""};
    table_row(&t, c->a, line);
    for (size_t k = 0; k < r->nmissed; k++) {
      const struct plan_item *it = &v.items[r->missed[k].item];
      const char *row[] = {it->key, v.teams[it->team].name, num(c, it->size), it->scored ? score_text(c, it->score) : "-",
                           plan_why_text(c->a, &v, &r->missed[k])};
      table_row(&t, c->a, row);
    }
    table_print(&t, &b, 90);
    if (r->nunscored) buf_printf(&b, "%zu candidates have no score (counted as 0)\n", r->nunscored);
    if (v.nincomplete) {
      buf_printf(&b, "not planned, without a team or a size:");
      for (size_t k = 0; k < v.nincomplete; k++) buf_printf(&b, " %s", v.items[v.incomplete[k]].key);
      buf_putc(&b, '\n');
    }
  }
  cli_out(&b);
  buf_free(&b);
  return 0;
}
