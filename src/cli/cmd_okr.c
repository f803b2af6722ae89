/* cmd_okr.c — keel objective ... and keel kr ...: objectives per quarter,
 * their key results, check-ins and progress. */
#include <string.h>

#include "app/strategy.h"
#include "cli/cli.h"

int cmd_objective_add(struct cli *c, int argc, char **argv);
int cmd_objective_list(struct cli *c, int argc, char **argv);
int cmd_objective_show(struct cli *c, int argc, char **argv);
int cmd_objective_edit(struct cli *c, int argc, char **argv);
int cmd_kr_add(struct cli *c, int argc, char **argv);
int cmd_kr_edit(struct cli *c, int argc, char **argv);
int cmd_kr_checkin(struct cli *c, int argc, char **argv);
int cmd_kr_history(struct cli *c, int argc, char **argv);

static const char *pct(struct cli *c, double p) { return arena_printf(c->a, "%.0f%%", p); }

static void kr_line(struct cli *c, buf *b, const struct key_result *k) {
  double raw = kr_progress(k);
  buf_printf(b, "  KR %lld  %s: %g → %g%s%s, now %g  %s", (long long)k->id, k->title, k->baseline, k->target,
             *k->unit ? " " : "", k->unit, k->current, pct(c, progress_clamp(raw)));
  if (raw < 0 || raw > 100) buf_printf(b, " (raw %.1f%%)", raw);
  buf_putc(b, '\n');
}

static void print_objective(struct cli *c, const struct objective_view *v) {
  buf b;
  buf_init(&b, 0);
  if (c->json) {
    repr_objective(&b, v);
    buf_putc(&b, '\n');
  } else {
    const struct objective *o = &v->o;
    buf_printf(&b, "objective %lld  %s  %s  [%s]  %s\n", (long long)o->id, o->product_key, o->period,
               objective_status_name(o->status), pct(c, v->progress));
    buf_printf(&b, "%s\n", o->title);
    if (*o->description) buf_printf(&b, "%s\n", o->description);
    buf_printf(&b, "owner: %s   version: %lld\n", *o->owner_name ? o->owner_name : "-", (long long)o->version);
    for (size_t i = 0; i < v->nkr; i++) kr_line(c, &b, &v->krs[i]);
  }
  cli_out(&b);
  buf_free(&b);
}

static int read_id(const char *cmd, const char **pos, int npos, const char *what, int64_t *id) {
  if (npos != 1) return cli_usage(cmd, "give the %s's id", what);
  return cli_integer(cmd, what, pos[0], id);
}

int cmd_objective_add(struct cli *c, int argc, char **argv) {
  struct objective_patch p = {0};
  const char *pos[1];
  const struct cli_opt opts[] = {{"--period", 1, &p.period, NULL}, {"--title", 1, &p.title, NULL},
                                 {"--description", 1, &p.description, NULL}, {"--status", 1, &p.status, NULL},
                                 {"--owner", 1, &p.owner, NULL}, {NULL, 0, NULL, NULL}};
  int npos;
  int rc = cli_parse("objective add", argc, argv, opts, pos, 1, &npos);
  if (rc) return rc;
  if (npos != 1) return cli_usage("objective add", "give the product's key");
  if (!p.period) return cli_usage("objective add", "give --period (a quarter like 2026-Q4)");
  if (!p.title) return cli_usage("objective add", "give --title");
  if ((rc = cli_open(c))) return rc;
  struct objective_view v;
  rc = app_objective_create(&c->x, pos[0], &p, &v);
  if (rc) return cli_fail(c, rc);
  print_objective(c, &v);
  return 0;
}

int cmd_objective_list(struct cli *c, int argc, char **argv) {
  const char *product = NULL, *period = NULL, *pos[1];
  const struct cli_opt opts[] = {{"--product", 1, &product, NULL}, {"--period", 1, &period, NULL}, {NULL, 0, NULL, NULL}};
  int npos;
  int rc = cli_parse("objective list", argc, argv, opts, pos, 1, &npos);
  if (rc) return rc;
  if (npos == 1 && !product) product = pos[0];
  if ((rc = cli_open(c))) return rc;
  struct objective_view *vs;
  size_t n;
  rc = app_objective_list(&c->x, product, period, &vs, &n);
  if (rc) return cli_fail(c, rc);
  buf b;
  buf_init(&b, 0);
  if (c->json) {
    buf_puts(&b, "{\"items\":[");
    for (size_t i = 0; i < n; i++) {
      if (i) buf_putc(&b, ',');
      repr_objective(&b, &vs[i]);
    }
    buf_puts(&b, "]}\n");
  } else {
    static const char *const head[] = {"ID", "PRODUCT", "PERIOD", "STATUS", "PROGRESS", "KRS", "TITLE"};
    struct table t;
    table_start(&t, c->a, 7, head);
    for (size_t i = 0; i < n; i++) {
      const struct objective *o = &vs[i].o;
      const char *row[] = {arena_printf(c->a, "%lld", (long long)o->id), o->product_key, o->period,
                           objective_status_name(o->status), pct(c, vs[i].progress),
                           arena_printf(c->a, "%zu", vs[i].nkr), o->title};
      table_row(&t, c->a, row);
    }
    table_print(&t, &b, 60);
  }
  cli_out(&b);
  buf_free(&b);
  return 0;
}

int cmd_objective_show(struct cli *c, int argc, char **argv) {
  const char *pos[1];
  int npos;
  int64_t id;
  int rc = cli_parse("objective show", argc, argv, NULL, pos, 1, &npos);
  if (!rc) rc = read_id("objective show", pos, npos, "objective", &id);
  if (rc) return rc;
  if ((rc = cli_open(c))) return rc;
  struct objective_view v;
  struct initiative *ini;
  struct feature_ref *fs;
  size_t ni, nf;
  rc = app_objective_get(&c->x, id, &v);
  if (!rc) rc = app_objective_serving(&c->x, id, &ini, &ni, &fs, &nf);
  if (rc) return cli_fail(c, rc);
  if (!c->json) {
    print_objective(c, &v);
  }
  buf b;
  buf_init(&b, 0);
  if (c->json) {
    repr_objective(&b, &v);
    b.len--;
    buf_puts(&b, ",\"initiatives\":[");
    for (size_t i = 0; i < ni; i++) buf_printf(&b, "%s{\"id\":%lld,\"name\":%J}", i ? "," : "", (long long)ini[i].id, ini[i].name);
    buf_puts(&b, "],\"features\":[");
    for (size_t i = 0; i < nf; i++) buf_printf(&b, "%s{\"key\":%J,\"title\":%J}", i ? "," : "", fs[i].key, fs[i].title);
    buf_puts(&b, "]}\n");
  } else {
    for (size_t i = 0; i < ni; i++) buf_printf(&b, "%s%s\n", i ? "" : "initiatives:\n", ini[i].name);
    for (size_t i = 0; i < nf; i++) buf_printf(&b, "%s%s  %s\n", i ? "" : "features serving it:\n", fs[i].key, fs[i].title);
  }
  cli_out(&b);
  buf_free(&b);
  return 0;
}

int cmd_objective_edit(struct cli *c, int argc, char **argv) {
  struct objective_patch p = {0};
  const char *ver = NULL, *pos[1];
  const struct cli_opt opts[] = {{"--period", 1, &p.period, NULL},  {"--title", 1, &p.title, NULL},
                                 {"--description", 1, &p.description, NULL}, {"--status", 1, &p.status, NULL},
                                 {"--owner", 1, &p.owner, NULL},    {"--if-version", 1, &ver, NULL},
                                 {NULL, 0, NULL, NULL}};
  int npos;
  int64_t id, v = 0;
  int rc = cli_parse("objective edit", argc, argv, opts, pos, 1, &npos);
  if (!rc) rc = read_id("objective edit", pos, npos, "objective", &id);
  if (!rc && ver) rc = cli_integer("objective edit", "--if-version", ver, &v);
  if (rc) return rc;
  if ((rc = cli_open(c))) return rc;
  struct objective_view out;
  rc = app_objective_update(&c->x, id, &p, v, &out);
  if (rc) return cli_fail(c, rc);
  print_objective(c, &out);
  return 0;
}

static void print_kr(struct cli *c, const struct key_result *k) {
  buf b;
  buf_init(&b, 0);
  if (c->json) {
    repr_key_result(&b, k);
    buf_putc(&b, '\n');
  } else {
    kr_line(c, &b, k);
  }
  cli_out(&b);
  buf_free(&b);
}

/* Reads the key-result options into p. */
static int kr_opts(const char *cmd, int argc, char **argv, struct kr_patch *p, const char **ver, const char **pos,
                   int *npos) {
  const char *base = NULL, *target = NULL;
  const struct cli_opt opts[] = {{"--title", 1, &p->title, NULL},   {"--metric", 1, &p->metric, NULL},
                                 {"--unit", 1, &p->unit, NULL},     {"--baseline", 1, &base, NULL},
                                 {"--target", 1, &target, NULL},    {"--if-version", 1, ver, NULL},
                                 {NULL, 0, NULL, NULL}};
  int rc = cli_parse(cmd, argc, argv, opts, pos, 1, npos);
  if (!rc && base) {
    rc = cli_number(cmd, "--baseline", base, &p->baseline);
    p->has_baseline = 1;
  }
  if (!rc && target) {
    rc = cli_number(cmd, "--target", target, &p->target);
    p->has_target = 1;
  }
  return rc;
}

int cmd_kr_add(struct cli *c, int argc, char **argv) {
  struct kr_patch p = {0};
  const char *ver = NULL, *pos[1];
  int npos;
  int64_t id;
  int rc = kr_opts("kr add", argc, argv, &p, &ver, pos, &npos);
  if (!rc) rc = read_id("kr add", pos, npos, "objective", &id);
  if (rc) return rc;
  if (!p.title) return cli_usage("kr add", "give --title");
  if ((rc = cli_open(c))) return rc;
  struct key_result k;
  rc = app_kr_create(&c->x, id, &p, &k);
  if (rc) return cli_fail(c, rc);
  print_kr(c, &k);
  return 0;
}

int cmd_kr_edit(struct cli *c, int argc, char **argv) {
  struct kr_patch p = {0};
  const char *ver = NULL, *pos[1];
  int npos;
  int64_t id, v = 0;
  int rc = kr_opts("kr edit", argc, argv, &p, &ver, pos, &npos);
  if (!rc) rc = read_id("kr edit", pos, npos, "key result", &id);
  if (!rc && ver) rc = cli_integer("kr edit", "--if-version", ver, &v);
  if (rc) return rc;
  if ((rc = cli_open(c))) return rc;
  struct key_result k;
  rc = app_kr_update(&c->x, id, &p, v, &k);
  if (rc) return cli_fail(c, rc);
  print_kr(c, &k);
  return 0;
}

int cmd_kr_checkin(struct cli *c, int argc, char **argv) {
  const char *value = NULL, *comment = NULL, *ver = NULL, *pos[1];
  const struct cli_opt opts[] = {{"--value", 1, &value, NULL}, {"--comment", 1, &comment, NULL},
                                 {"--if-version", 1, &ver, NULL}, {NULL, 0, NULL, NULL}};
  int npos;
  int64_t id, v = 0;
  double val = 0;
  int rc = cli_parse("kr checkin", argc, argv, opts, pos, 1, &npos);
  if (!rc) rc = read_id("kr checkin", pos, npos, "key result", &id);
  if (!rc && !value) rc = cli_usage("kr checkin", "give --value");
  if (!rc) rc = cli_number("kr checkin", "--value", value, &val);
  if (!rc && ver) rc = cli_integer("kr checkin", "--if-version", ver, &v);
  if (rc) return rc;
  if ((rc = cli_open(c))) return rc;
  struct kr_checkin ck;
  struct key_result k;
  rc = app_kr_checkin(&c->x, id, val, comment, v, &ck, &k);
  if (rc) return cli_fail(c, rc);
  print_kr(c, &k);
  return 0;
}

int cmd_kr_history(struct cli *c, int argc, char **argv) {
  const char *pos[1];
  int npos;
  int64_t id;
  int rc = cli_parse("kr history", argc, argv, NULL, pos, 1, &npos);
  if (!rc) rc = read_id("kr history", pos, npos, "key result", &id);
  if (rc) return rc;
  if ((rc = cli_open(c))) return rc;
  struct key_result k;
  struct kr_checkin *cs;
  size_t n;
  rc = app_kr_history(&c->x, id, &k, &cs, &n);
  if (rc) return cli_fail(c, rc);
  buf b;
  buf_init(&b, 0);
  if (c->json) {
    repr_key_result(&b, &k);
    b.len--;
    buf_puts(&b, ",\"checkins\":[");
    for (size_t i = 0; i < n; i++) {
      if (i) buf_putc(&b, ',');
      repr_checkin(&b, &cs[i]);
    }
    buf_puts(&b, "]}\n");
  } else {
    kr_line(c, &b, &k);
    static const char *const head[] = {"WHEN", "VALUE", "WHO", "COMMENT"};
    struct table t;
    table_start(&t, c->a, 4, head);
    for (size_t i = 0; i < n; i++) {
      const char *row[] = {cli_time(c, cs[i].at), arena_printf(c->a, "%g", cs[i].value),
                           *cs[i].author_name ? cs[i].author_name : "owner", cs[i].comment};
      table_row(&t, c->a, row);
    }
    table_print(&t, &b, 60);
  }
  cli_out(&b);
  buf_free(&b);
  return 0;
}
