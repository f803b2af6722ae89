/* cmd_competitor.c — keel competitor ... and keel capability ...: competitors
 * and the capability comparison. */
#include <string.h>

#include "app/competitors.h"
#include "cli/cli.h"

int cmd_competitor_add(struct cli *c, int argc, char **argv);
int cmd_competitor_list(struct cli *c, int argc, char **argv);
int cmd_competitor_show(struct cli *c, int argc, char **argv);
int cmd_competitor_edit(struct cli *c, int argc, char **argv);
int cmd_competitor_remove(struct cli *c, int argc, char **argv);
int cmd_capability_add(struct cli *c, int argc, char **argv);
int cmd_capability_set(struct cli *c, int argc, char **argv);
int cmd_capability_list(struct cli *c, int argc, char **argv);

static void print_comp(struct cli *c, const struct competitor *k) {
  buf b;
  buf_init(&b, 0);
  if (c->json) {
    repr_competitor(&b, k);
    buf_putc(&b, '\n');
  } else {
    buf_printf(&b, "%s (competitor %lld of %s, version %lld)\n", k->name, (long long)k->id, k->product_key,
               (long long)k->version);
    if (*k->website) buf_printf(&b, "website: %s\n", k->website);
    if (*k->strengths) buf_printf(&b, "strengths: %s\n", k->strengths);
    if (*k->weaknesses) buf_printf(&b, "weaknesses: %s\n", k->weaknesses);
  }
  cli_out(&b);
  buf_free(&b);
}

static int ref_of(const char *cmd, const char **pos, int npos, const char **product, const char **ref) {
  if (npos == 1) *product = NULL, *ref = pos[0];
  else if (npos == 2) *product = pos[0], *ref = pos[1];
  else return cli_usage(cmd, "give the competitor's id, or the product's key and the competitor's name");
  return 0;
}

int cmd_competitor_add(struct cli *c, int argc, char **argv) {
  struct competitor_patch p = {0};
  const char *pos[2];
  const struct cli_opt opts[] = {{"--website", 1, &p.website, NULL}, {"--strengths", 1, &p.strengths, NULL},
                                 {"--weaknesses", 1, &p.weaknesses, NULL}, {NULL, 0, NULL, NULL}};
  int npos;
  int rc = cli_parse("competitor add", argc, argv, opts, pos, 2, &npos);
  if (rc) return rc;
  if (npos != 2) return cli_usage("competitor add", "give the product's key and the competitor's name");
  p.name = pos[1];
  if ((rc = cli_open(c))) return rc;
  struct competitor k;
  rc = app_competitor_create(&c->x, pos[0], &p, &k);
  if (rc) return cli_fail(c, rc);
  print_comp(c, &k);
  return 0;
}

int cmd_competitor_list(struct cli *c, int argc, char **argv) {
  const char *pos[1];
  int npos;
  int rc = cli_parse("competitor list", argc, argv, NULL, pos, 1, &npos);
  if (rc) return rc;
  if (npos != 1) return cli_usage("competitor list", "give the product's key");
  if ((rc = cli_open(c))) return rc;
  struct competitor *ks;
  size_t n;
  rc = app_competitor_list(&c->x, pos[0], &ks, &n);
  if (rc) return cli_fail(c, rc);
  buf b;
  buf_init(&b, 0);
  if (c->json) {
    buf_puts(&b, "{\"items\":[");
    for (size_t i = 0; i < n; i++) {
      if (i) buf_putc(&b, ',');
      repr_competitor(&b, &ks[i]);
    }
    buf_puts(&b, "]}\n");
  } else {
    static const char *const head[] = {"ID", "NAME", "WEBSITE", "STRENGTHS"};
    struct table t;
    table_start(&t, c->a, 4, head);
    for (size_t i = 0; i < n; i++) {
      const char *row[] = {arena_printf(c->a, "%lld", (long long)ks[i].id), ks[i].name, ks[i].website, ks[i].strengths};
      table_row(&t, c->a, row);
    }
    table_print(&t, &b, 50);
  }
  cli_out(&b);
  buf_free(&b);
  return 0;
}

int cmd_competitor_show(struct cli *c, int argc, char **argv) {
  const char *pos[2], *product = NULL, *ref = NULL;
  int npos;
  int rc = cli_parse("competitor show", argc, argv, NULL, pos, 2, &npos);
  if (!rc) rc = ref_of("competitor show", pos, npos, &product, &ref);
  if (rc) return rc;
  if ((rc = cli_open(c))) return rc;
  struct competitor k;
  rc = app_competitor_get(&c->x, product, ref, &k);
  if (rc) return cli_fail(c, rc);
  print_comp(c, &k);
  return 0;
}

int cmd_competitor_edit(struct cli *c, int argc, char **argv) {
  struct competitor_patch p = {0};
  const char *ver = NULL, *pos[2], *product = NULL, *ref = NULL;
  const struct cli_opt opts[] = {{"--name", 1, &p.name, NULL},           {"--website", 1, &p.website, NULL},
                                 {"--strengths", 1, &p.strengths, NULL}, {"--weaknesses", 1, &p.weaknesses, NULL},
                                 {"--if-version", 1, &ver, NULL},        {NULL, 0, NULL, NULL}};
  int npos;
  int64_t v = 0;
  int rc = cli_parse("competitor edit", argc, argv, opts, pos, 2, &npos);
  if (!rc) rc = ref_of("competitor edit", pos, npos, &product, &ref);
  if (!rc && ver) rc = cli_integer("competitor edit", "--if-version", ver, &v);
  if (rc) return rc;
  if ((rc = cli_open(c))) return rc;
  struct competitor k;
  rc = app_competitor_update(&c->x, product, ref, &p, v, &k);
  if (rc) return cli_fail(c, rc);
  print_comp(c, &k);
  return 0;
}

int cmd_competitor_remove(struct cli *c, int argc, char **argv) {
  const char *ver = NULL, *pos[2], *product = NULL, *ref = NULL;
  const struct cli_opt opts[] = {{"--if-version", 1, &ver, NULL}, {NULL, 0, NULL, NULL}};
  int npos;
  int64_t v = 0;
  int rc = cli_parse("competitor remove", argc, argv, opts, pos, 2, &npos);
  if (!rc) rc = ref_of("competitor remove", pos, npos, &product, &ref);
  if (!rc && ver) rc = cli_integer("competitor remove", "--if-version", ver, &v);
  if (rc) return rc;
  if ((rc = cli_open(c))) return rc;
  rc = app_competitor_remove(&c->x, product, ref, v);
  if (rc) return cli_fail(c, rc);
  buf b;
  buf_init(&b, 0);
  if (c->json) buf_printf(&b, "{\"competitor\":%J,\"deleted\":true}\n", ref);
  else buf_printf(&b, "removed competitor %s\n", ref);
  cli_out(&b);
  buf_free(&b);
  return 0;
}

static int print_matrix(struct cli *c, const char *product_key);

/* Reads a level option (0..3 or its name). */
static int level_opt(const char *cmd, const char *opt, const char *s, int *out) {
  if (capability_level_parse(s, out) != 0)
    return cli_usage(cmd, "%s must be 0..3 or none, partial, on-par, leading (not '%s')", opt, s);
  return 0;
}

int cmd_capability_add(struct cli *c, int argc, char **argv) {
  const char *ours = NULL, *note = NULL, *pos[2];
  const struct cli_opt opts[] = {{"--ours", 1, &ours, NULL}, {"--note", 1, &note, NULL}, {NULL, 0, NULL, NULL}};
  int npos, level = 0;
  int rc = cli_parse("capability add", argc, argv, opts, pos, 2, &npos);
  if (rc) return rc;
  if (npos != 2) return cli_usage("capability add", "give the product's key and the capability's name");
  if (ours && (rc = level_opt("capability add", "--ours", ours, &level))) return rc;
  if ((rc = cli_open(c))) return rc;
  struct capability k;
  rc = app_capability_add(&c->x, pos[0], pos[1], level, note, &k);
  if (rc) return cli_fail(c, rc);
  buf b;
  buf_init(&b, 0);
  if (c->json) repr_capability(&b, &k);
  else buf_printf(&b, "capability %lld %s: ours %d (%s)", (long long)k.id, k.name, k.ours, capability_level_label(k.ours));
  buf_putc(&b, '\n');
  cli_out(&b);
  buf_free(&b);
  return 0;
}

int cmd_capability_set(struct cli *c, int argc, char **argv) {
  const char *ours = NULL, *comp = NULL, *level = NULL, *note = NULL, *pos[2];
  const struct cli_opt opts[] = {{"--ours", 1, &ours, NULL},   {"--competitor", 1, &comp, NULL},
                                 {"--level", 1, &level, NULL}, {"--note", 1, &note, NULL},
                                 {NULL, 0, NULL, NULL}};
  int npos;
  int rc = cli_parse("capability set", argc, argv, opts, pos, 2, &npos);
  if (rc) return rc;
  if (npos != 2) return cli_usage("capability set", "give the product's key and the capability's name");
  if (!!comp != !!level) return cli_usage("capability set", "give --competitor and --level together");
  if (!ours && !comp && !note) return cli_usage("capability set", "give --ours, or --competitor with --level, or --note");
  struct capability_set s = {.ours = -1, .competitor = comp, .note = note};
  if (ours && (rc = level_opt("capability set", "--ours", ours, &s.ours))) return rc;
  if (level && (rc = level_opt("capability set", "--level", level, &s.level))) return rc;
  if ((rc = cli_open(c))) return rc;
  struct capability k;
  rc = app_capability_set(&c->x, pos[0], pos[1], &s, 0, &k);
  if (rc) return cli_fail(c, rc);
  return print_matrix(c, pos[0]);
}

int cmd_capability_list(struct cli *c, int argc, char **argv) {
  const char *pos[1];
  int npos;
  int rc = cli_parse("capability list", argc, argv, NULL, pos, 1, &npos);
  if (rc) return rc;
  if (npos != 1) return cli_usage("capability list", "give the product's key");
  if ((rc = cli_open(c))) return rc;
  return print_matrix(c, pos[0]);
}

/* Prints the comparison of product_key (the workspace is open). */
static int print_matrix(struct cli *c, const char *product_key) {
  struct capability_matrix m;
  int rc = app_capability_matrix(&c->x, product_key, &m);
  if (rc) return cli_fail(c, rc);
  buf b;
  buf_init(&b, 0);
  if (c->json) {
    repr_capability_matrix(&b, &m);
    buf_putc(&b, '\n');
  } else {
    size_t cols = m.ncomps + 2;
    const char **head = arena_alloc(c->a, cols * sizeof *head);
    head[0] = "CAPABILITY";
    head[1] = "US";
    for (size_t j = 0; j < m.ncomps; j++) head[j + 2] = m.comps[j].name;
    struct table t;
    table_start(&t, c->a, cols, head);
    for (size_t i = 0; i < m.ncaps; i++) {
      const char **row = arena_alloc(c->a, cols * sizeof *row);
      row[0] = m.caps[i].name;
      row[1] = arena_printf(c->a, "%d %s", m.caps[i].ours, capability_level_label(m.caps[i].ours));
      for (size_t j = 0; j < m.ncomps; j++) {
        int l = m.levels[i * m.ncomps + j];
        row[j + 2] = l < 0 ? "-" : arena_printf(c->a, "%d %s", l, capability_level_label(l));
      }
      table_row(&t, c->a, row);
    }
    table_print(&t, &b, 40);
  }
  cli_out(&b);
  buf_free(&b);
  return 0;
}
