/* cmd_customer.c — keel customer ... and keel contact ... */
#include "cli/cli.h"

int cmd_customer_add(struct cli *c, int argc, char **argv);
int cmd_customer_list(struct cli *c, int argc, char **argv);
int cmd_customer_show(struct cli *c, int argc, char **argv);
int cmd_customer_edit(struct cli *c, int argc, char **argv);
int cmd_contact_add(struct cli *c, int argc, char **argv);

static const char *money(struct cli *c, int64_t v) {
  /* 1234567 → "1,234,567": readable ARR in tables */
  char digits[32];
  int n = snprintf(digits, sizeof digits, "%lld", (long long)v);
  buf b;
  buf_init(&b, 64);
  for (int i = 0; i < n; i++) {
    if (i && digits[i] != '-' && (n - i) % 3 == 0 && digits[i - 1] != '-') buf_putc(&b, ',');
    buf_putc(&b, digits[i]);
  }
  const char *s = arena_strdup(c->a, buf_cstr(&b));
  buf_free(&b);
  return s;
}

/* with_contacts: the JSON gains "contacts" (ks[0..nk), possibly none). */
static void print_customer(struct cli *c, const struct customer *cu, const struct contact *ks, size_t nk,
                           int with_contacts) {
  buf b;
  buf_init(&b, 0);
  if (c->json) {
    repr_customer(&b, cu);
    if (with_contacts) {
      b.len--;
      buf_puts(&b, ",\"contacts\":[");
      for (size_t i = 0; i < nk; i++) {
        if (i) buf_putc(&b, ',');
        repr_contact(&b, &ks[i]);
      }
      buf_puts(&b, "]}");
    }
    buf_putc(&b, '\n');
  } else {
    buf_printf(&b, "%s (customer %lld)\n", cu->name, (long long)cu->id);
    buf_printf(&b, "segment: %s   ARR: %s   plan: %s\n", *cu->segment ? cu->segment : "-", money(c, cu->arr),
               *cu->plan ? cu->plan : "-");
    buf_printf(&b, "feedback: %lld   version: %lld   updated: %s\n", (long long)cu->feedback_count,
               (long long)cu->version, cli_time(c, cu->updated_at));
    for (size_t i = 0; i < nk; i++)
      buf_printf(&b, "%s%s%s%s\n", i ? "" : "contacts:\n", ks[i].name, *ks[i].email ? "  " : "", ks[i].email);
  }
  cli_out(&b);
  buf_free(&b);
}

/* Reads --arr into p (whole currency units). */
static int read_arr(const char *cmd, const char *arr, struct customer_patch *p) {
  if (!arr) return 0;
  int rc = cli_integer(cmd, "--arr", arr, &p->arr);
  if (!rc) p->has_arr = 1;
  return rc;
}

int cmd_customer_add(struct cli *c, int argc, char **argv) {
  const char *segment = NULL, *arr = NULL, *plan = NULL, *pos[1];
  int npos;
  const struct cli_opt opts[] = {{"--segment", 1, &segment, NULL}, {"--arr", 1, &arr, NULL},
                                 {"--plan", 1, &plan, NULL}, {NULL, 0, NULL, NULL}};
  int rc = cli_parse("customer add", argc, argv, opts, pos, 1, &npos);
  if (rc) return rc;
  if (npos != 1) return cli_usage("customer add", "give the customer's name");
  struct customer_patch p = {.name = pos[0], .segment = segment, .plan = plan};
  if ((rc = read_arr("customer add", arr, &p))) return rc;
  if ((rc = cli_open(c))) return rc;
  struct customer cu;
  rc = app_customer_create(&c->x, &p, &cu);
  if (rc) return cli_fail(c, rc);
  print_customer(c, &cu, NULL, 0, 0);
  return 0;
}

int cmd_customer_list(struct cli *c, int argc, char **argv) {
  const char *q = NULL, *segment = NULL, *sort = NULL, *after = NULL, *limit = NULL, *pos[1];
  int npos;
  const struct cli_opt opts[] = {{"--q", 1, &q, NULL},         {"--segment", 1, &segment, NULL},
                                 {"--sort", 1, &sort, NULL},   {"--after", 1, &after, NULL},
                                 {"--limit", 1, &limit, NULL}, {NULL, 0, NULL, NULL}};
  int rc = cli_parse("customer list", argc, argv, opts, pos, 0, &npos);
  if (rc) return rc;
  if ((rc = cli_open(c))) return rc;
  struct customer_list_in in = {.q = q, .segment = segment, .sort = sort, .after = after, .limit = limit};
  struct customer_page pg;
  rc = app_customer_list(&c->x, &in, &pg);
  if (rc) return cli_fail(c, rc);
  buf b;
  buf_init(&b, 0);
  if (c->json) {
    buf_puts(&b, "{\"items\":[");
    for (size_t i = 0; i < pg.n; i++) {
      if (i) buf_putc(&b, ',');
      repr_customer(&b, &pg.items[i]);
    }
    buf_printf(&b, "],\"next\":%J}\n", pg.next);
  } else {
    static const char *const head[] = {"ID", "NAME", "SEGMENT", "ARR", "PLAN", "FEEDBACK"};
    struct table t;
    table_start(&t, c->a, 6, head);
    for (size_t i = 0; i < pg.n; i++) {
      const struct customer *cu = &pg.items[i];
      const char *row[] = {arena_printf(c->a, "%lld", (long long)cu->id), cu->name, cu->segment, money(c, cu->arr),
                           cu->plan, arena_printf(c->a, "%lld", (long long)cu->feedback_count)};
      table_row(&t, c->a, row);
    }
    table_print(&t, &b, 60);
    if (pg.next) buf_printf(&b, "more: --after %s\n", pg.next);
  }
  cli_out(&b);
  buf_free(&b);
  return 0;
}

int cmd_customer_show(struct cli *c, int argc, char **argv) {
  const char *pos[1];
  int npos;
  int rc = cli_parse("customer show", argc, argv, NULL, pos, 1, &npos);
  if (rc) return rc;
  if (npos != 1) return cli_usage("customer show", "give the customer's id or name");
  if ((rc = cli_open(c))) return rc;
  struct customer cu;
  struct contact *ks = NULL;
  size_t nk = 0;
  rc = app_customer_get(&c->x, pos[0], &cu);
  if (!rc) rc = app_contact_list(&c->x, pos[0], &ks, &nk);
  if (rc) return cli_fail(c, rc);
  print_customer(c, &cu, ks, nk, 1);
  return 0;
}

int cmd_customer_edit(struct cli *c, int argc, char **argv) {
  const char *name = NULL, *segment = NULL, *arr = NULL, *plan = NULL, *ver = NULL, *pos[1];
  int npos;
  const struct cli_opt opts[] = {{"--name", 1, &name, NULL}, {"--segment", 1, &segment, NULL},
                                 {"--arr", 1, &arr, NULL},   {"--plan", 1, &plan, NULL},
                                 {"--if-version", 1, &ver, NULL}, {NULL, 0, NULL, NULL}};
  int rc = cli_parse("customer edit", argc, argv, opts, pos, 1, &npos);
  if (rc) return rc;
  if (npos != 1) return cli_usage("customer edit", "give the customer's id or name");
  if (!name && !segment && !arr && !plan)
    return cli_usage("customer edit", "nothing to change: give --name, --segment, --arr or --plan");
  struct customer_patch p = {.name = name, .segment = segment, .plan = plan};
  int64_t v = 0;
  if ((rc = read_arr("customer edit", arr, &p))) return rc;
  if (ver && (rc = cli_integer("customer edit", "--if-version", ver, &v))) return rc;
  if ((rc = cli_open(c))) return rc;
  struct customer cu;
  rc = app_customer_update(&c->x, pos[0], &p, v, &cu);
  if (rc) return cli_fail(c, rc);
  print_customer(c, &cu, NULL, 0, 0);
  return 0;
}

int cmd_contact_add(struct cli *c, int argc, char **argv) {
  const char *name = NULL, *email = NULL, *pos[1];
  int npos;
  const struct cli_opt opts[] = {{"--name", 1, &name, NULL}, {"--email", 1, &email, NULL}, {NULL, 0, NULL, NULL}};
  int rc = cli_parse("contact add", argc, argv, opts, pos, 1, &npos);
  if (rc) return rc;
  if (npos != 1) return cli_usage("contact add", "give the customer's id or name");
  if (!name) return cli_usage("contact add", "--name is required");
  if ((rc = cli_open(c))) return rc;
  struct contact k;
  rc = app_contact_create(&c->x, pos[0], name, email, &k);
  if (rc) return cli_fail(c, rc);
  buf b;
  buf_init(&b, 0);
  if (c->json) {
    repr_contact(&b, &k);
    buf_putc(&b, '\n');
  } else {
    buf_printf(&b, "added contact %lld: %s%s%s at %s\n", (long long)k.id, k.name, *k.email ? " " : "", k.email,
               k.customer_name);
  }
  cli_out(&b);
  buf_free(&b);
  return 0;
}
