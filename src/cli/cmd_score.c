/* cmd_score.c — keel feature score|scores|rank, keel criterion
 * add|list|edit|remove, keel product framework. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "app/scores.h"
#include "cli/cli.h"

int cmd_feature_score(struct cli *c, int argc, char **argv);
int cmd_feature_scores(struct cli *c, int argc, char **argv);
int cmd_feature_rank(struct cli *c, int argc, char **argv);
int cmd_criterion_add(struct cli *c, int argc, char **argv);
int cmd_criterion_list(struct cli *c, int argc, char **argv);
int cmd_criterion_edit(struct cli *c, int argc, char **argv);
int cmd_criterion_remove(struct cli *c, int argc, char **argv);
int cmd_product_framework(struct cli *c, int argc, char **argv);

enum { SCORE_ARGS_MAX = 2 + FW_PAIRS_MAX };

/* Reads --if-version into *v (0 when absent). */
static int if_version(const char *cmd, const char *s, int64_t *v) {
  *v = 0;
  return s ? cli_integer(cmd, "--if-version", s, v) : 0;
}

/* Turns name=value words into inputs: numbers where the value reads as one. */
static int words_to_pairs(struct cli *c, const char **words, int n, struct fw_pair *out) {
  for (int i = 0; i < n; i++) {
    const char *eq = strchr(words[i], '=');
    if (!eq || eq == words[i]) return cli_usage("feature score", "write each input as name=value (got %s)", words[i]);
    out[i].name = arena_strndup(c->a, words[i], (size_t)(eq - words[i]));
    const char *v = eq + 1;
    char *end;
    errno = 0;
    double d = strtod(v, &end);
    if (*v && end != v && !*end && !errno && isfinite(d)) {
      out[i].is_num = 1;
      out[i].num = d;
    } else {
      out[i].str = v;
    }
  }
  return 0;
}

int cmd_feature_score(struct cli *c, int argc, char **argv) {
  const char *ver = NULL, *pos[SCORE_ARGS_MAX];
  int clear = 0, npos;
  const struct cli_opt opts[] = {{"--clear", 0, NULL, &clear}, {"--if-version", 1, &ver, NULL}, {NULL, 0, NULL, NULL}};
  int rc = cli_parse("feature score", argc, argv, opts, pos, SCORE_ARGS_MAX, &npos);
  if (rc) return rc;
  if (npos < 2) return cli_usage("feature score", "give the feature key and a framework, like PAY-1 wsjf business_value=8 ...");
  if (clear && npos != 2) return cli_usage("feature score", "--clear takes only the key and the framework");
  int64_t v;
  if ((rc = if_version("feature score", ver, &v))) return rc;
  struct fw_pair pairs[FW_PAIRS_MAX];
  memset(pairs, 0, sizeof pairs);
  if (!clear && (rc = words_to_pairs(c, pos + 2, npos - 2, pairs))) return rc;
  if ((rc = cli_open(c))) return rc;
  buf b;
  buf_init(&b, 0);
  if (clear) {
    rc = app_score_clear(&c->x, pos[0], pos[1], v);
    if (rc) return cli_fail(c, rc);
    if (c->json) buf_printf(&b, "{\"feature\":%J,\"framework\":%J,\"scored\":false}\n", pos[0], pos[1]);
    else buf_printf(&b, "%s: %s score cleared\n", pos[0], pos[1]);
  } else {
    struct score_view sv;
    rc = app_score_set(&c->x, pos[0], pos[1], pairs, (size_t)(npos - 2), v, &sv);
    if (rc) return cli_fail(c, rc);
    if (c->json) {
      repr_score_view(&b, &sv);
      buf_putc(&b, '\n');
    } else {
      buf_printf(&b, "%s %s: %s\n", pos[0], framework_label(sv.fw), sv.explain);
    }
  }
  cli_out(&b);
  buf_free(&b);
  return 0;
}

int cmd_feature_scores(struct cli *c, int argc, char **argv) {
  const char *pos[1];
  int npos;
  int rc = cli_parse("feature scores", argc, argv, NULL, pos, 1, &npos);
  if (rc) return rc;
  if (npos != 1) return cli_usage("feature scores", "give the feature key, like PAY-12");
  if ((rc = cli_open(c))) return rc;
  struct feature_scores fs;
  rc = app_scores_get(&c->x, pos[0], &fs);
  if (rc) return cli_fail(c, rc);
  buf b;
  buf_init(&b, 0);
  if (c->json) {
    buf_printf(&b, "{\"feature\":%J,\"main_framework\":%J,\"items\":[", fs.feature.key, framework_name(fs.main));
    for (int i = 0; i < FW_COUNT; i++) {
      if (i) buf_putc(&b, ',');
      repr_score_view(&b, &fs.items[i]);
    }
    buf_puts(&b, "]}\n");
  } else {
    buf_printf(&b, "%s %s — main framework: %s\n", fs.feature.key, fs.feature.title, framework_label(fs.main));
    struct table t;
    static const char *const head[] = {"FRAMEWORK", "SCORE", "ARITHMETIC"};
    table_start(&t, c->a, 3, head);
    for (int i = 0; i < FW_COUNT; i++) {
      const struct score_view *v = &fs.items[i];
      const char *name = fs.main == (enum framework)i ? arena_printf(c->a, "%s *", framework_label(v->fw))
                                                        : framework_label(v->fw);
      const char *cells[3] = {name, v->set && v->has_score ? v->display : "-", v->set ? v->explain : "not scored"};
      table_row(&t, c->a, cells);
    }
    table_print(&t, &b, 80);
  }
  cli_out(&b);
  buf_free(&b);
  return 0;
}

int cmd_feature_rank(struct cli *c, int argc, char **argv) {
  struct rank_in in = {0};
  const struct cli_opt opts[] = {{"--product", 1, &in.product, NULL}, {"--by", 1, &in.framework, NULL},
                                 {"--limit", 1, &in.limit, NULL},     {"--offset", 1, &in.offset, NULL},
                                 {NULL, 0, NULL, NULL}};
  int npos;
  int rc = cli_parse("feature rank", argc, argv, opts, NULL, 0, &npos);
  if (rc) return rc;
  if (!in.product) return cli_usage("feature rank", "give --product KEY");
  if ((rc = cli_open(c))) return rc;
  struct rank_page pg;
  rc = app_rank(&c->x, &in, &pg);
  if (rc) return cli_fail(c, rc);
  buf b;
  buf_init(&b, 0);
  if (c->json) {
    buf_printf(&b, "{\"product\":%J,\"framework\":%J,\"items\":[", in.product, framework_name(pg.fw));
    for (size_t i = 0; i < pg.n; i++)
      buf_printf(&b, "%s{\"place\":%lld,\"key\":%J,\"title\":%J,\"score\":%N,\"display\":%J}", i ? "," : "",
                 (long long)pg.items[i].place, pg.items[i].key, pg.items[i].title, pg.items[i].score, pg.items[i].display);
    buf_puts(&b, "],\"next_offset\":");
    if (pg.next_offset >= 0) buf_printf(&b, "%lld}\n", (long long)pg.next_offset);
    else buf_puts(&b, "null}\n");
  } else {
    buf_printf(&b, "%s ranked by %s\n", in.product, framework_label(pg.fw));
    struct table t;
    static const char *const head[] = {"#", "KEY", "SCORE", "TITLE"};
    table_start(&t, c->a, 4, head);
    for (size_t i = 0; i < pg.n; i++) {
      const char *cells[4] = {arena_printf(c->a, "%lld", (long long)pg.items[i].place), pg.items[i].key,
                              pg.items[i].display, pg.items[i].title};
      table_row(&t, c->a, cells);
    }
    table_print(&t, &b, 60);
    if (pg.next_offset >= 0) buf_printf(&b, "more: --offset %lld\n", (long long)pg.next_offset);
  }
  cli_out(&b);
  buf_free(&b);
  return 0;
}

/* Reads --name, --weight, --position into a patch. */
static int criterion_opts(const char *cmd, const char *name, const char *weight, const char *position,
                          struct criterion_patch *p) {
  memset(p, 0, sizeof *p);
  p->name = name;
  int rc = 0;
  if (weight && !(rc = cli_number(cmd, "--weight", weight, &p->weight))) p->has_weight = 1;
  if (!rc && position && !(rc = cli_integer(cmd, "--position", position, &p->position))) p->has_position = 1;
  return rc;
}

static void print_criterion(struct cli *c, const struct criterion *cr, const char *verb) {
  buf b;
  buf_init(&b, 0);
  if (c->json) {
    repr_criterion(&b, cr);
    buf_putc(&b, '\n');
  } else {
    buf_printf(&b, "criterion %lld %s: %s, weight %g (version %lld)\n", (long long)cr->id, verb, cr->name, cr->weight,
               (long long)cr->version);
  }
  cli_out(&b);
  buf_free(&b);
}

int cmd_criterion_add(struct cli *c, int argc, char **argv) {
  const char *product = NULL, *name = NULL, *weight = NULL, *position = NULL;
  const struct cli_opt opts[] = {{"--product", 1, &product, NULL}, {"--name", 1, &name, NULL},
                                 {"--weight", 1, &weight, NULL},   {"--position", 1, &position, NULL},
                                 {NULL, 0, NULL, NULL}};
  int npos;
  int rc = cli_parse("criterion add", argc, argv, opts, NULL, 0, &npos);
  if (rc) return rc;
  if (!product || !name || !weight) return cli_usage("criterion add", "give --product KEY --name NAME --weight W");
  struct criterion_patch p;
  if ((rc = criterion_opts("criterion add", name, weight, position, &p))) return rc;
  if ((rc = cli_open(c))) return rc;
  struct criterion cr;
  rc = app_criterion_add(&c->x, product, &p, &cr);
  if (rc) return cli_fail(c, rc);
  print_criterion(c, &cr, "added");
  return 0;
}

int cmd_criterion_list(struct cli *c, int argc, char **argv) {
  const char *product = NULL;
  const struct cli_opt opts[] = {{"--product", 1, &product, NULL}, {NULL, 0, NULL, NULL}};
  int npos;
  int rc = cli_parse("criterion list", argc, argv, opts, NULL, 0, &npos);
  if (rc) return rc;
  if (!product) return cli_usage("criterion list", "give --product KEY");
  if ((rc = cli_open(c))) return rc;
  struct criterion *cs;
  size_t n;
  rc = app_criterion_list(&c->x, product, &cs, &n);
  if (rc) return cli_fail(c, rc);
  buf b;
  buf_init(&b, 0);
  if (c->json) {
    buf_puts(&b, "{\"items\":[");
    for (size_t i = 0; i < n; i++) {
      if (i) buf_putc(&b, ',');
      repr_criterion(&b, &cs[i]);
    }
    buf_puts(&b, "]}\n");
  } else {
    struct table t;
    static const char *const head[] = {"ID", "POSITION", "NAME", "WEIGHT", "VERSION"};
    table_start(&t, c->a, 5, head);
    for (size_t i = 0; i < n; i++) {
      const char *cells[5] = {arena_printf(c->a, "%lld", (long long)cs[i].id),
                              arena_printf(c->a, "%lld", (long long)cs[i].position), cs[i].name,
                              arena_printf(c->a, "%g", cs[i].weight), arena_printf(c->a, "%lld", (long long)cs[i].version)};
      table_row(&t, c->a, cells);
    }
    table_print(&t, &b, 60);
  }
  cli_out(&b);
  buf_free(&b);
  return 0;
}

int cmd_criterion_edit(struct cli *c, int argc, char **argv) {
  const char *name = NULL, *weight = NULL, *position = NULL, *ver = NULL, *pos[1];
  const struct cli_opt opts[] = {{"--name", 1, &name, NULL},         {"--weight", 1, &weight, NULL},
                                 {"--position", 1, &position, NULL}, {"--if-version", 1, &ver, NULL},
                                 {NULL, 0, NULL, NULL}};
  int npos;
  int rc = cli_parse("criterion edit", argc, argv, opts, pos, 1, &npos);
  if (rc) return rc;
  if (npos != 1) return cli_usage("criterion edit", "give the criterion's id");
  int64_t id, v;
  struct criterion_patch p;
  if ((rc = cli_integer("criterion edit", "ID", pos[0], &id))) return rc;
  if ((rc = if_version("criterion edit", ver, &v))) return rc;
  if ((rc = criterion_opts("criterion edit", name, weight, position, &p))) return rc;
  if ((rc = cli_open(c))) return rc;
  struct criterion cr;
  rc = app_criterion_update(&c->x, id, &p, v, &cr);
  if (rc) return cli_fail(c, rc);
  print_criterion(c, &cr, "saved");
  return 0;
}

int cmd_criterion_remove(struct cli *c, int argc, char **argv) {
  const char *ver = NULL, *pos[1];
  const struct cli_opt opts[] = {{"--if-version", 1, &ver, NULL}, {NULL, 0, NULL, NULL}};
  int npos;
  int rc = cli_parse("criterion remove", argc, argv, opts, pos, 1, &npos);
  if (rc) return rc;
  if (npos != 1) return cli_usage("criterion remove", "give the criterion's id");
  int64_t id, v;
  if ((rc = cli_integer("criterion remove", "ID", pos[0], &id))) return rc;
  if ((rc = if_version("criterion remove", ver, &v))) return rc;
  if ((rc = cli_open(c))) return rc;
  rc = app_criterion_remove(&c->x, id, v);
  if (rc) return cli_fail(c, rc);
  buf b;
  buf_init(&b, 0);
  if (c->json) buf_printf(&b, "{\"id\":%lld,\"removed\":true}\n", (long long)id);
  else buf_printf(&b, "criterion %lld removed; weighted scores recomputed\n", (long long)id);
  cli_out(&b);
  buf_free(&b);
  return 0;
}

int cmd_product_framework(struct cli *c, int argc, char **argv) {
  const char *ver = NULL, *pos[2];
  const struct cli_opt opts[] = {{"--if-version", 1, &ver, NULL}, {NULL, 0, NULL, NULL}};
  int npos;
  int rc = cli_parse("product framework", argc, argv, opts, pos, 2, &npos);
  if (rc) return rc;
  if (npos < 1) return cli_usage("product framework", "give the product key, and a framework to set it");
  int64_t v, new_version = 0;
  if ((rc = if_version("product framework", ver, &v))) return rc;
  if ((rc = cli_open(c))) return rc;
  enum framework fw;
  if (npos == 2) {
    rc = app_product_framework_set(&c->x, pos[0], pos[1], v, &new_version);
    if (!rc) rc = app_product_framework(&c->x, pos[0], &fw);
  } else {
    rc = app_product_framework(&c->x, pos[0], &fw);
  }
  if (rc) return cli_fail(c, rc);
  buf b;
  buf_init(&b, 0);
  if (c->json) buf_printf(&b, "{\"product\":%J,\"main_framework\":%J}\n", pos[0], framework_name(fw));
  else buf_printf(&b, "%s: main framework %s\n", pos[0], framework_name(fw));
  cli_out(&b);
  buf_free(&b);
  return 0;
}
