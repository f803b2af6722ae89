/* cmd_product.c — keel product ... */
#include <string.h>

#include "app/focus.h"
#include "cli/cli.h"

int cmd_product_add(struct cli *c, int argc, char **argv);
int cmd_product_list(struct cli *c, int argc, char **argv);
int cmd_product_show(struct cli *c, int argc, char **argv);
int cmd_product_edit(struct cli *c, int argc, char **argv);

static void print_product(struct cli *c, const struct product *p) {
  buf b;
  buf_init(&b, 0);
  if (c->json) {
    repr_product(&b, p, REPR_FULL);
    buf_putc(&b, '\n');
  } else {
    buf_printf(&b, "%s  %s\n", p->key, p->name);
    if (*p->description) buf_printf(&b, "\n%s\n\n", p->description);
    buf_printf(&b, "features: %lld   version: %lld   updated: %s\n", (long long)p->feature_count,
               (long long)p->version, cli_time(c, p->updated_at));
  }
  cli_out(&b);
  buf_free(&b);
}

int cmd_product_add(struct cli *c, int argc, char **argv) {
  const char *name = NULL, *desc = NULL, *pos[1];
  int npos;
  const struct cli_opt opts[] = {{"--name", 1, &name, NULL}, {"--description", 1, &desc, NULL}, {NULL, 0, NULL, NULL}};
  int rc = cli_parse("product add", argc, argv, opts, pos, 1, &npos);
  if (rc) return rc;
  if (npos != 1) return cli_usage("product add", "give the product key, like PAY");
  if (!name) return cli_usage("product add", "--name is required");
  if ((rc = cli_open(c))) return rc;
  struct product p;
  rc = app_product_create(&c->x, pos[0], name, desc, &p);
  if (rc) return cli_fail(c, rc);
  print_product(c, &p);
  return 0;
}

int cmd_product_list(struct cli *c, int argc, char **argv) {
  const char *pos[1];
  int npos;
  int rc = cli_parse("product list", argc, argv, NULL, pos, 0, &npos);
  if (rc) return rc;
  if ((rc = cli_open(c))) return rc;
  struct product *ps;
  size_t n;
  rc = app_product_list(&c->x, &ps, &n);
  if (rc) return cli_fail(c, rc);
  buf b;
  buf_init(&b, 0);
  if (c->json) {
    buf_puts(&b, "{\"items\":[");
    for (size_t i = 0; i < n; i++) {
      if (i) buf_putc(&b, ',');
      repr_product(&b, &ps[i], REPR_FULL);
    }
    buf_puts(&b, "]}\n");
  } else {
    static const char *const head[] = {"KEY", "NAME", "FEATURES"};
    struct table t;
    table_start(&t, c->a, 3, head);
    for (size_t i = 0; i < n; i++) {
      const char *row[] = {ps[i].key, ps[i].name, arena_printf(c->a, "%lld", (long long)ps[i].feature_count)};
      table_row(&t, c->a, row);
    }
    table_print(&t, &b, 60);
  }
  cli_out(&b);
  buf_free(&b);
  return 0;
}

int cmd_product_show(struct cli *c, int argc, char **argv) {
  const char *pos[1];
  int npos;
  int rc = cli_parse("product show", argc, argv, NULL, pos, 1, &npos);
  if (rc) return rc;
  if (npos != 1) return cli_usage("product show", "give the product key");
  if ((rc = cli_open(c))) return rc;
  struct product p;
  rc = app_product_get(&c->x, pos[0], &p);
  if (rc) return cli_fail(c, rc);
  print_product(c, &p);
  return 0;
}

int cmd_product_edit(struct cli *c, int argc, char **argv) {
  const char *name = NULL, *desc = NULL, *ver = NULL, *now_limit = NULL, *pos[1];
  int npos;
  const struct cli_opt opts[] = {{"--name", 1, &name, NULL}, {"--description", 1, &desc, NULL},
                                 {"--if-version", 1, &ver, NULL}, {"--now-limit", 1, &now_limit, NULL},
                                 {NULL, 0, NULL, NULL}};
  int rc = cli_parse("product edit", argc, argv, opts, pos, 1, &npos);
  if (rc) return rc;
  if (npos != 1) return cli_usage("product edit", "give the product key");
  if (!name && !desc && !now_limit)
    return cli_usage("product edit", "nothing to change: give --name, --description or --now-limit");
  int64_t v = 0, limit = -1; /* focus: --now-limit N features in Now without team capacity; "none" clears */
  if (ver && (rc = cli_integer("product edit", "--if-version", ver, &v))) return rc;
  if (now_limit && strcmp(now_limit, "none") != 0) {
    if ((rc = cli_integer("product edit", "--now-limit", now_limit, &limit))) return rc;
    if (limit < 0) return cli_usage("product edit", "--now-limit must be 0 or more, or none");
  }
  if ((rc = cli_open(c))) return rc;
  struct product p;
  if (now_limit) rc = app_product_set_now_limit(&c->x, pos[0], limit, name, desc, v, &p);
  else rc = app_product_update(&c->x, pos[0], name, desc, v, &p);
  if (rc) return cli_fail(c, rc);
  print_product(c, &p);
  return 0;
}
