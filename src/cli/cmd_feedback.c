/* cmd_feedback.c — keel feedback ..., and demand (keel feature demand, keel idea demand). */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

int cmd_feedback_add(struct cli *c, int argc, char **argv);
int cmd_feedback_list(struct cli *c, int argc, char **argv);
int cmd_feedback_show(struct cli *c, int argc, char **argv);
int cmd_feedback_edit(struct cli *c, int argc, char **argv);
int cmd_feedback_link(struct cli *c, int argc, char **argv);
int cmd_feedback_unlink(struct cli *c, int argc, char **argv);
int cmd_feature_demand(struct cli *c, int argc, char **argv);
int cmd_feature_reach_from_demand(struct cli *c, int argc, char **argv);
int cmd_idea_demand(struct cli *c, int argc, char **argv);

enum { STDIN_TEXT_MAX = FEEDBACK_TEXT_MAX + 1 };

/* "-" reads the text from standard input (up to the limit, which the checks then refuse). */
static const char *text_arg(struct cli *c, const char *s) {
  if (!s || strcmp(s, "-") != 0) return s;
  char *t = arena_alloc(c->a, STDIN_TEXT_MAX + 1);
  size_t n = fread(t, 1, STDIN_TEXT_MAX, stdin);
  t[n] = '\0';
  return t;
}

/* Splits "a,b , c" into trimmed parts in the arena. */
static const char **split_list(struct cli *c, const char *s, size_t *n) {
  *n = 0;
  size_t cap = 1;
  for (const char *p = s; *p; p++) cap += *p == ',';
  const char **out = arena_alloc(c->a, cap * sizeof *out);
  const char *p = s;
  for (;;) {
    const char *comma = strchr(p, ',');
    size_t len = comma ? (size_t)(comma - p) : strlen(p);
    char *part = arena_alloc(c->a, len + 1);
    memcpy(part, p, len);
    part[len] = '\0';
    if (*part) out[(*n)++] = part;
    if (!comma) break;
    p = comma + 1;
  }
  return out;
}

/* --customer takes an id or a name. */
static void customer_arg(struct feedback_in *in, const char *s) {
  if (!s) return;
  char *end;
  long long id = strtoll(s, &end, 10);
  if (*s && !*end && id > 0) in->customer_id = id;
  else in->customer_name = s;
}

static void print_links(buf *b, const struct feedback_link *ls, size_t n) {
  for (size_t i = 0; i < n; i++) {
    const struct feedback_link *l = &ls[i];
    if (l->idea_id) buf_printf(b, "  link %lld → idea %lld \"%s\"", (long long)l->id, (long long)l->idea_id, l->idea_title);
    else buf_printf(b, "  link %lld → %s \"%s\"", (long long)l->id, l->feature_key, l->feature_title);
    buf_printf(b, " [%s]%s%s%s\n", importance_label(l->importance), *l->quote ? " “" : "", l->quote, *l->quote ? "”" : "");
  }
}

static void print_feedback(struct cli *c, const struct feedback *f, const struct feedback_link *ls, size_t n) {
  buf b;
  buf_init(&b, 0);
  if (c->json) {
    repr_feedback(&b, f, 1);
    if (ls) {
      b.len--;
      buf_puts(&b, ",\"linked\":[");
      for (size_t i = 0; i < n; i++) {
        if (i) buf_putc(&b, ',');
        repr_feedback_link(&b, &ls[i]);
      }
      buf_puts(&b, "]}");
    }
    buf_putc(&b, '\n');
  } else {
    buf_printf(&b, "feedback %lld  %s  %s  %s\n", (long long)f->id, feedback_status_label(f->status),
               feedback_channel_label(f->channel), cli_time(c, f->received_at));
    if (f->customer_id)
      buf_printf(&b, "from: %s%s%s\n", f->customer_name, f->contact_id ? ", " : "", f->contact_id ? f->contact_name : "");
    if (f->product_id) buf_printf(&b, "product: %s\n", f->product_key);
    if (*f->reference) buf_printf(&b, "reference: %s\n", f->reference);
    if (f->ntags) {
      buf_puts(&b, "tags:");
      for (size_t i = 0; i < f->ntags; i++) buf_printf(&b, " %s", f->tags[i]);
      buf_putc(&b, '\n');
    }
    buf_printf(&b, "\n%s\n\n", f->text);
    if (ls) print_links(&b, ls, n);
    buf_printf(&b, "version: %lld\n", (long long)f->version);
  }
  cli_out(&b);
  buf_free(&b);
}

int cmd_feedback_add(struct cli *c, int argc, char **argv) {
  const char *text = NULL, *channel = NULL, *customer = NULL, *email = NULL, *cname = NULL, *product = NULL,
             *reference = NULL, *date = NULL, *tags = NULL, *pos[1];
  int npos, archived = 0;
  const struct cli_opt opts[] = {
      {"--text", 1, &text, NULL},          {"--channel", 1, &channel, NULL},   {"--customer", 1, &customer, NULL},
      {"--contact-email", 1, &email, NULL}, {"--contact-name", 1, &cname, NULL}, {"--product", 1, &product, NULL},
      {"--reference", 1, &reference, NULL}, {"--date", 1, &date, NULL},       {"--tags", 1, &tags, NULL},
      {"--archived", 0, NULL, &archived},   {NULL, 0, NULL, NULL}};
  int rc = cli_parse("feedback add", argc, argv, opts, pos, 0, &npos);
  if (rc) return rc;
  if (!text) return cli_usage("feedback add", "--text is required (\"-\" reads it from standard input)");
  struct feedback_in in = {.text = text_arg(c, text), .channel = channel, .contact_email = email, .contact_name = cname,
                           .product = product, .reference = reference, .received_at = date,
                           .status = archived ? "archived" : NULL};
  customer_arg(&in, customer);
  if (tags) {
    in.has_tags = 1;
    in.tags = split_list(c, tags, &in.ntags);
  }
  if ((rc = cli_open(c))) return rc;
  struct feedback f;
  rc = app_feedback_create(&c->x, &in, &f);
  if (rc) return cli_fail(c, rc);
  print_feedback(c, &f, NULL, 0);
  return 0;
}

int cmd_feedback_list(struct cli *c, int argc, char **argv) {
  const char *status = NULL, *channel = NULL, *customer = NULL, *product = NULL, *tag = NULL, *idea = NULL,
             *feature = NULL, *after = NULL, *limit = NULL, *pos[1];
  int npos;
  const struct cli_opt opts[] = {
      {"--status", 1, &status, NULL}, {"--channel", 1, &channel, NULL}, {"--customer", 1, &customer, NULL},
      {"--product", 1, &product, NULL}, {"--tag", 1, &tag, NULL},       {"--idea", 1, &idea, NULL},
      {"--feature", 1, &feature, NULL}, {"--after", 1, &after, NULL},   {"--limit", 1, &limit, NULL},
      {NULL, 0, NULL, NULL}};
  int rc = cli_parse("feedback list", argc, argv, opts, pos, 0, &npos);
  if (rc) return rc;
  if ((rc = cli_open(c))) return rc;
  struct feedback_list_in in = {.status = status ? status : (idea || feature ? "all" : "inbox"), .channel = channel,
                                .customer = customer, .product = product, .tag = tag, .idea = idea,
                                .feature = feature, .after = after, .limit = limit};
  struct feedback_page pg;
  rc = app_feedback_list(&c->x, &in, &pg);
  if (rc) return cli_fail(c, rc);
  buf b;
  buf_init(&b, 0);
  if (c->json) {
    buf_puts(&b, "{\"items\":[");
    for (size_t i = 0; i < pg.n; i++) {
      if (i) buf_putc(&b, ',');
      repr_feedback(&b, &pg.items[i], 0);
    }
    buf_printf(&b, "],\"total\":%lld,\"next\":%J}\n", (long long)pg.total, pg.next);
  } else {
    static const char *const head[] = {"ID", "STATUS", "CHANNEL", "RECEIVED", "CUSTOMER", "TEXT"};
    struct table t;
    table_start(&t, c->a, 6, head);
    for (size_t i = 0; i < pg.n; i++) {
      const struct feedback *f = &pg.items[i];
      char *one = arena_strdup(c->a, f->text);
      for (char *p = one; *p; p++)
        if (*p == '\n' || *p == '\r' || *p == '\t') *p = ' ';
      const char *row[] = {arena_printf(c->a, "%lld", (long long)f->id), feedback_status_name(f->status),
                           feedback_channel_name(f->channel), cli_time(c, f->received_at), f->customer_name, one};
      table_row(&t, c->a, row);
    }
    table_print(&t, &b, 60);
    buf_printf(&b, "%lld in all%s%s\n", (long long)pg.total, pg.next ? "; more: --after " : "", pg.next ? pg.next : "");
  }
  cli_out(&b);
  buf_free(&b);
  return 0;
}

static int one_id(const char *cmd, int npos, const char **pos, int64_t *id) {
  if (npos < 1) return cli_usage(cmd, "give the feedback id");
  return cli_integer(cmd, "ID", pos[0], id);
}

int cmd_feedback_show(struct cli *c, int argc, char **argv) {
  const char *pos[1];
  int npos;
  int64_t id;
  int rc = cli_parse("feedback show", argc, argv, NULL, pos, 1, &npos);
  if (!rc) rc = one_id("feedback show", npos, pos, &id);
  if (rc) return rc;
  if ((rc = cli_open(c))) return rc;
  struct feedback f;
  struct feedback_link *ls;
  size_t n;
  rc = app_feedback_get(&c->x, id, &f, &ls, &n);
  if (rc) return cli_fail(c, rc);
  print_feedback(c, &f, ls, n);
  return 0;
}

int cmd_feedback_edit(struct cli *c, int argc, char **argv) {
  const char *text = NULL, *channel = NULL, *customer = NULL, *email = NULL, *cname = NULL, *product = NULL,
             *reference = NULL, *date = NULL, *tags = NULL, *ver = NULL, *pos[1];
  int npos, archive = 0, unarchive = 0;
  int64_t id, v = 0;
  const struct cli_opt opts[] = {
      {"--text", 1, &text, NULL},          {"--channel", 1, &channel, NULL},   {"--customer", 1, &customer, NULL},
      {"--contact-email", 1, &email, NULL}, {"--contact-name", 1, &cname, NULL}, {"--product", 1, &product, NULL},
      {"--reference", 1, &reference, NULL}, {"--date", 1, &date, NULL},       {"--tags", 1, &tags, NULL},
      {"--archive", 0, NULL, &archive},     {"--unarchive", 0, NULL, &unarchive}, {"--if-version", 1, &ver, NULL},
      {NULL, 0, NULL, NULL}};
  int rc = cli_parse("feedback edit", argc, argv, opts, pos, 1, &npos);
  if (!rc) rc = one_id("feedback edit", npos, pos, &id);
  if (!rc && ver) rc = cli_integer("feedback edit", "--if-version", ver, &v);
  if (rc) return rc;
  if (archive && unarchive) return cli_usage("feedback edit", "--archive or --unarchive, not both");
  struct feedback_in in = {.text = text_arg(c, text), .channel = channel, .contact_email = email, .contact_name = cname,
                           .product = product, .reference = reference, .received_at = date,
                           .status = archive ? "archived" : unarchive ? "inbox" : NULL};
  customer_arg(&in, customer);
  if (tags) {
    in.has_tags = 1;
    in.tags = split_list(c, tags, &in.ntags);
  }
  if ((rc = cli_open(c))) return rc;
  struct feedback f;
  rc = app_feedback_update(&c->x, id, &in, v, &f);
  if (rc) return cli_fail(c, rc);
  print_feedback(c, &f, NULL, 0);
  return 0;
}

int cmd_feedback_link(struct cli *c, int argc, char **argv) {
  const char *idea = NULL, *feature = NULL, *quote = NULL, *importance = NULL, *pos[1];
  int npos;
  int64_t id;
  const struct cli_opt opts[] = {{"--idea", 1, &idea, NULL},     {"--feature", 1, &feature, NULL},
                                 {"--quote", 1, &quote, NULL},   {"--importance", 1, &importance, NULL},
                                 {NULL, 0, NULL, NULL}};
  int rc = cli_parse("feedback link", argc, argv, opts, pos, 1, &npos);
  if (!rc) rc = one_id("feedback link", npos, pos, &id);
  if (rc) return rc;
  if (!idea == !feature) return cli_usage("feedback link", "give --idea ID or --feature KEY");
  if ((rc = cli_open(c))) return rc;
  struct feedback_link l;
  rc = app_feedback_link(&c->x, id, idea, feature, quote, importance, &l);
  if (rc) return cli_fail(c, rc);
  buf b;
  buf_init(&b, 0);
  if (c->json) {
    repr_feedback_link(&b, &l);
    buf_putc(&b, '\n');
  } else {
    buf_printf(&b, "linked feedback %lld:\n", (long long)id);
    print_links(&b, &l, 1);
  }
  cli_out(&b);
  buf_free(&b);
  return 0;
}

int cmd_feedback_unlink(struct cli *c, int argc, char **argv) {
  const char *pos[2];
  int npos;
  int64_t id, link;
  int rc = cli_parse("feedback unlink", argc, argv, NULL, pos, 2, &npos);
  if (rc) return rc;
  if (npos != 2) return cli_usage("feedback unlink", "give the feedback id and the link id (see keel feedback show)");
  if ((rc = cli_integer("feedback unlink", "ID", pos[0], &id)) || (rc = cli_integer("feedback unlink", "LINK", pos[1], &link)))
    return rc;
  if ((rc = cli_open(c))) return rc;
  rc = app_feedback_unlink(&c->x, id, link);
  if (rc) return cli_fail(c, rc);
  buf b;
  buf_init(&b, 0);
  buf_printf(&b, c->json ? "{\"unlinked\":true}\n" : "removed link %lld\n", (long long)link);
  cli_out(&b);
  buf_free(&b);
  return 0;
}

static void print_demand(struct cli *c, const char *what, const struct demand *d) {
  buf b;
  buf_init(&b, 0);
  if (c->json) {
    repr_demand(&b, d);
    buf_putc(&b, '\n');
  } else {
    buf_printf(&b, "%s: %lld customer%s, ARR %lld, %lld feedback item%s (%lld critical)\n", what,
               (long long)d->customers, d->customers == 1 ? "" : "s", (long long)d->arr, (long long)d->feedback,
               d->feedback == 1 ? "" : "s", (long long)d->critical);
    for (size_t i = 0; i < d->nsegments; i++)
      buf_printf(&b, "  %-16s %lld customer%s, ARR %lld\n", *d->segments[i].segment ? d->segments[i].segment : "(none)",
                 (long long)d->segments[i].customers, d->segments[i].customers == 1 ? "" : "s",
                 (long long)d->segments[i].arr);
    for (size_t i = 0; i < d->nquotes; i++) {
      const struct demand_quote *q = &d->quotes[i];
      buf_printf(&b, "%s  [%s] “%s” — %s%s%s (feedback %lld)\n", i ? "" : "quotes:\n", importance_label(q->importance),
                 q->quote, q->customer_id ? q->customer_name : "someone", *q->via ? ", via " : "", q->via,
                 (long long)q->feedback_id);
    }
  }
  cli_out(&b);
  buf_free(&b);
}

int cmd_feature_demand(struct cli *c, int argc, char **argv) {
  const char *pos[1];
  int npos;
  int rc = cli_parse("feature demand", argc, argv, NULL, pos, 1, &npos);
  if (rc) return rc;
  if (npos != 1) return cli_usage("feature demand", "give the feature key, like PAY-3");
  if ((rc = cli_open(c))) return rc;
  struct demand d;
  rc = app_demand_feature(&c->x, pos[0], &d);
  if (rc) return cli_fail(c, rc);
  print_demand(c, pos[0], &d);
  return 0;
}

int cmd_idea_demand(struct cli *c, int argc, char **argv) {
  const char *pos[1];
  int npos;
  int64_t id;
  int rc = cli_parse("idea demand", argc, argv, NULL, pos, 1, &npos);
  if (rc) return rc;
  if (npos != 1) return cli_usage("idea demand", "give the idea id");
  if ((rc = cli_integer("idea demand", "ID", pos[0], &id))) return rc;
  if ((rc = cli_open(c))) return rc;
  struct demand d;
  rc = app_demand_idea(&c->x, id, &d);
  if (rc) return cli_fail(c, rc);
  print_demand(c, arena_printf(c->a, "idea %lld", (long long)id), &d);
  return 0;
}

int cmd_feature_reach_from_demand(struct cli *c, int argc, char **argv) {
  const char *ver = NULL, *pos[1];
  int npos;
  int64_t v = 0;
  const struct cli_opt opts[] = {{"--if-version", 1, &ver, NULL}, {NULL, 0, NULL, NULL}};
  int rc = cli_parse("feature reach-from-demand", argc, argv, opts, pos, 1, &npos);
  if (rc) return rc;
  if (npos != 1) return cli_usage("feature reach-from-demand", "give the feature key, like PAY-3");
  if (ver && (rc = cli_integer("feature reach-from-demand", "--if-version", ver, &v))) return rc;
  if ((rc = cli_open(c))) return rc;
  struct feature f;
  rc = app_feature_reach_from_demand(&c->x, pos[0], v, &f);
  if (rc) return cli_fail(c, rc);
  buf b;
  buf_init(&b, 0);
  if (c->json) {
    repr_feature(&b, &f, REPR_FULL);
    buf_putc(&b, '\n');
  } else {
    buf_printf(&b, "%s: RICE reach is now %.0f (the customers asking)\n", f.key, f.rice.reach);
  }
  cli_out(&b);
  buf_free(&b);
  return 0;
}
