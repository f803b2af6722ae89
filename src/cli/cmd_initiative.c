/* cmd_initiative.c — keel initiative ... and keel feature initiative:
 * initiatives (themes) linking objectives to features. */
#include <string.h>

#include "app/strategy.h"
#include "cli/cli.h"

int cmd_initiative_add(struct cli *c, int argc, char **argv);
int cmd_initiative_list(struct cli *c, int argc, char **argv);
int cmd_initiative_show(struct cli *c, int argc, char **argv);
int cmd_initiative_edit(struct cli *c, int argc, char **argv);
int cmd_initiative_link(struct cli *c, int argc, char **argv);
int cmd_feature_initiative(struct cli *c, int argc, char **argv);

static void print_view(struct cli *c, const struct initiative_view *v) {
  buf b;
  buf_init(&b, 0);
  if (c->json) {
    repr_initiative_view(&b, v);
    buf_putc(&b, '\n');
  } else {
    buf_printf(&b, "%s (initiative %lld of %s, version %lld)\n", v->i.name, (long long)v->i.id, v->i.product_key,
               (long long)v->i.version);
    if (*v->i.description) buf_printf(&b, "%s\n", v->i.description);
    for (size_t i = 0; i < v->nobjectives; i++)
      buf_printf(&b, "%sobjective %lld  %s  %s\n", i ? "" : "serves:\n", (long long)v->objectives[i].id,
                 v->objectives[i].period, v->objectives[i].title);
    for (size_t i = 0; i < v->nfeatures; i++)
      buf_printf(&b, "%s%s  %s\n", i ? "" : "features:\n", v->features[i].key, v->features[i].title);
  }
  cli_out(&b);
  buf_free(&b);
}

/* Reads "ID" or "PRODUCT NAME". */
static int ref_of(const char *cmd, const char **pos, int npos, const char **product, const char **ref) {
  if (npos == 1) *product = NULL, *ref = pos[0];
  else if (npos == 2) *product = pos[0], *ref = pos[1];
  else return cli_usage(cmd, "give the initiative's id, or the product's key and the initiative's name");
  return 0;
}

int cmd_initiative_add(struct cli *c, int argc, char **argv) {
  struct initiative_patch p = {0};
  const char *pos[2];
  const struct cli_opt opts[] = {{"--description", 1, &p.description, NULL}, {NULL, 0, NULL, NULL}};
  int npos;
  int rc = cli_parse("initiative add", argc, argv, opts, pos, 2, &npos);
  if (rc) return rc;
  if (npos != 2) return cli_usage("initiative add", "give the product's key and the initiative's name");
  p.name = pos[1];
  if ((rc = cli_open(c))) return rc;
  struct initiative out;
  rc = app_initiative_create(&c->x, pos[0], &p, &out);
  if (rc) return cli_fail(c, rc);
  struct initiative_view v = {.i = out};
  print_view(c, &v);
  return 0;
}

int cmd_initiative_list(struct cli *c, int argc, char **argv) {
  const char *pos[1];
  int npos;
  int rc = cli_parse("initiative list", argc, argv, NULL, pos, 1, &npos);
  if (rc) return rc;
  if (npos != 1) return cli_usage("initiative list", "give the product's key");
  if ((rc = cli_open(c))) return rc;
  struct initiative *is;
  size_t n;
  rc = app_initiative_list(&c->x, pos[0], &is, &n);
  if (rc) return cli_fail(c, rc);
  buf b;
  buf_init(&b, 0);
  if (c->json) {
    buf_puts(&b, "{\"items\":[");
    for (size_t i = 0; i < n; i++) {
      if (i) buf_putc(&b, ',');
      repr_initiative(&b, &is[i]);
    }
    buf_puts(&b, "]}\n");
  } else {
    static const char *const head[] = {"ID", "NAME", "OBJECTIVES", "FEATURES"};
    struct table t;
    table_start(&t, c->a, 4, head);
    for (size_t i = 0; i < n; i++) {
      const char *row[] = {arena_printf(c->a, "%lld", (long long)is[i].id), is[i].name,
                           arena_printf(c->a, "%lld", (long long)is[i].objective_count),
                           arena_printf(c->a, "%lld", (long long)is[i].feature_count)};
      table_row(&t, c->a, row);
    }
    table_print(&t, &b, 60);
  }
  cli_out(&b);
  buf_free(&b);
  return 0;
}

int cmd_initiative_show(struct cli *c, int argc, char **argv) {
  const char *pos[2], *product = NULL, *ref = NULL;
  int npos;
  int rc = cli_parse("initiative show", argc, argv, NULL, pos, 2, &npos);
  if (!rc) rc = ref_of("initiative show", pos, npos, &product, &ref);
  if (rc) return rc;
  if ((rc = cli_open(c))) return rc;
  struct initiative_view v;
  rc = app_initiative_get(&c->x, product, ref, &v);
  if (rc) return cli_fail(c, rc);
  print_view(c, &v);
  return 0;
}

int cmd_initiative_edit(struct cli *c, int argc, char **argv) {
  struct initiative_patch p = {0};
  const char *ver = NULL, *pos[2], *product = NULL, *ref = NULL;
  const struct cli_opt opts[] = {{"--name", 1, &p.name, NULL}, {"--description", 1, &p.description, NULL},
                                 {"--if-version", 1, &ver, NULL}, {NULL, 0, NULL, NULL}};
  int npos;
  int64_t v = 0;
  int rc = cli_parse("initiative edit", argc, argv, opts, pos, 2, &npos);
  if (!rc) rc = ref_of("initiative edit", pos, npos, &product, &ref);
  if (!rc && ver) rc = cli_integer("initiative edit", "--if-version", ver, &v);
  if (rc) return rc;
  if ((rc = cli_open(c))) return rc;
  struct initiative out;
  rc = app_initiative_update(&c->x, product, ref, &p, v, &out);
  if (rc) return cli_fail(c, rc);
  struct initiative_view view = {.i = out};
  print_view(c, &view);
  return 0;
}

int cmd_initiative_link(struct cli *c, int argc, char **argv) {
  const char *obj = NULL, *pos[1];
  int unlink = 0;
  const struct cli_opt opts[] = {{"--objective", 1, &obj, NULL}, {"--unlink", 0, NULL, &unlink}, {NULL, 0, NULL, NULL}};
  int npos;
  int64_t oid = 0;
  int rc = cli_parse("initiative link", argc, argv, opts, pos, 1, &npos);
  if (rc) return rc;
  if (npos != 1) return cli_usage("initiative link", "give the initiative's id or name");
  if (!obj) return cli_usage("initiative link", "give --objective ID");
  if ((rc = cli_integer("initiative link", "--objective", obj, &oid))) return rc;
  if ((rc = cli_open(c))) return rc;
  struct initiative_view v;
  rc = app_initiative_link(&c->x, pos[0], oid, !unlink, &v);
  if (rc) return cli_fail(c, rc);
  print_view(c, &v);
  return 0;
}

int cmd_feature_initiative(struct cli *c, int argc, char **argv) {
  const char *pos[2];
  int none = 0;
  const struct cli_opt opts[] = {{"--none", 0, NULL, &none}, {NULL, 0, NULL, NULL}};
  int npos;
  int rc = cli_parse("feature initiative", argc, argv, opts, pos, 2, &npos);
  if (rc) return rc;
  if (npos < 1) return cli_usage("feature initiative", "give the feature's key");
  if (npos == 2 && none) return cli_usage("feature initiative", "give an initiative or --none, not both");
  if ((rc = cli_open(c))) return rc;
  if (npos == 2 || none) {
    struct initiative ini;
    rc = app_feature_initiative(&c->x, pos[0], none ? NULL : pos[1], &ini);
    if (rc) return cli_fail(c, rc);
  }
  struct initiative_view v;
  rc = app_feature_strategy(&c->x, pos[0], &v);
  if (rc) return cli_fail(c, rc);
  buf b;
  buf_init(&b, 0);
  if (c->json) {
    buf_printf(&b, "{\"feature\":%J,\"initiative\":", pos[0]);
    if (v.i.id) repr_initiative_view(&b, &v);
    else buf_puts(&b, "null");
    buf_puts(&b, "}\n");
    cli_out(&b);
  } else if (!v.i.id) {
    buf_printf(&b, "%s is in no initiative\n", pos[0]);
    cli_out(&b);
  } else {
    print_view(c, &v);
  }
  buf_free(&b);
  return 0;
}
