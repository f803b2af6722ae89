/* cmd_idea.c — keel idea ... */
#include <string.h>

#include "cli/cli.h"

int cmd_idea_add(struct cli *c, int argc, char **argv);
int cmd_idea_list(struct cli *c, int argc, char **argv);
int cmd_idea_show(struct cli *c, int argc, char **argv);
int cmd_idea_edit(struct cli *c, int argc, char **argv);
int cmd_idea_review(struct cli *c, int argc, char **argv);
int cmd_idea_promote(struct cli *c, int argc, char **argv);
int cmd_idea_decline(struct cli *c, int argc, char **argv);
int cmd_idea_duplicate(struct cli *c, int argc, char **argv);
int cmd_idea_reopen(struct cli *c, int argc, char **argv);
int cmd_idea_vote(struct cli *c, int argc, char **argv);
int cmd_idea_comment(struct cli *c, int argc, char **argv);

/* The outcome line a submitter wants: where their idea stands and why. */
static const char *outcome(struct cli *c, const struct idea *i) {
  switch (i->status) {
  case IS_PLANNED:
    return arena_printf(c->a, "became %s (%s)", i->feature_key, feature_status_label(i->feature_status));
  case IS_DECLINED:
    return arena_printf(c->a, "declined: %s", i->decline_reason);
  case IS_DUPLICATE:
    return arena_printf(c->a, "%s idea %lld", i->merged_at ? "merged into" : "duplicate of", (long long)i->duplicate_of);
  default:
    return "";
  }
}

static void print_idea(struct cli *c, const struct idea *i) {
  buf b;
  buf_init(&b, 0);
  if (c->json) {
    repr_idea(&b, i, REPR_FULL);
    buf_putc(&b, '\n');
  } else {
    buf_printf(&b, "idea %lld  %s\n", (long long)i->id, i->title);
    buf_printf(&b, "product: %s   status: %s   source: %s", i->product_key, idea_status_label(i->status),
               idea_source_label(i->source));
    if (*i->customer) buf_printf(&b, "   customer: %s", i->customer);
    buf_printf(&b, "\nvotes: %lld   version: %lld   submitted %s by %s\n", (long long)i->votes, (long long)i->version,
               cli_time(c, i->created_at), i->submitted_by ? i->submitted_by_name : "the command line");
    const char *o = outcome(c, i);
    if (*o) buf_printf(&b, "outcome: %s\n", o);
    if (*i->description) buf_printf(&b, "\n%s\n", i->description);
  }
  cli_out(&b);
  buf_free(&b);
}

/* Parses the idea id in pos[0]. */
static int idea_id(const char *cmd, int npos, const char **pos, int64_t *id) {
  if (npos != 1) return cli_usage(cmd, "give the idea's number");
  return cli_integer(cmd, "ID", pos[0], id);
}

int cmd_idea_add(struct cli *c, int argc, char **argv) {
  struct idea_input in = {0};
  const char *pos[1];
  int npos;
  const struct cli_opt opts[] = {{"--product", 1, &in.product, NULL}, {"--title", 1, &in.title, NULL},
                                 {"--description", 1, &in.description, NULL}, {"--source", 1, &in.source, NULL},
                                 {"--customer", 1, &in.customer, NULL}, {NULL, 0, NULL, NULL}};
  int rc = cli_parse("idea add", argc, argv, opts, pos, 0, &npos);
  if (rc) return rc;
  if (!in.product) return cli_usage("idea add", "--product is required");
  if (!in.title) return cli_usage("idea add", "--title is required");
  if (!in.source) in.source = "other";
  if ((rc = cli_open(c))) return rc;
  struct idea i;
  rc = app_idea_submit(&c->x, &in, &i);
  if (rc) return cli_fail(c, rc);
  print_idea(c, &i);
  return 0;
}

int cmd_idea_edit(struct cli *c, int argc, char **argv) {
  struct idea_input in = {0};
  const char *ver = NULL, *pos[1];
  int npos;
  const struct cli_opt opts[] = {{"--product", 1, &in.product, NULL}, {"--title", 1, &in.title, NULL},
                                 {"--description", 1, &in.description, NULL}, {"--source", 1, &in.source, NULL},
                                 {"--customer", 1, &in.customer, NULL}, {"--if-version", 1, &ver, NULL},
                                 {NULL, 0, NULL, NULL}};
  int rc = cli_parse("idea edit", argc, argv, opts, pos, 1, &npos);
  if (rc) return rc;
  int64_t id, v = 0;
  if ((rc = idea_id("idea edit", npos, pos, &id))) return rc;
  if (ver && (rc = cli_integer("idea edit", "--if-version", ver, &v))) return rc;
  if ((rc = cli_open(c))) return rc;
  struct idea i;
  rc = app_idea_update(&c->x, id, &in, v, &i);
  if (rc) return cli_fail(c, rc);
  print_idea(c, &i);
  return 0;
}

int cmd_idea_show(struct cli *c, int argc, char **argv) {
  const char *pos[1];
  int npos;
  int rc = cli_parse("idea show", argc, argv, NULL, pos, 1, &npos);
  if (rc) return rc;
  int64_t id;
  if ((rc = idea_id("idea show", npos, pos, &id))) return rc;
  if ((rc = cli_open(c))) return rc;
  struct idea i;
  rc = app_idea_get(&c->x, id, &i);
  if (rc) return cli_fail(c, rc);
  print_idea(c, &i);
  return 0;
}

int cmd_idea_list(struct cli *c, int argc, char **argv) {
  struct idea_list_in in = {0};
  const char *pos[1];
  int npos;
  const struct cli_opt opts[] = {{"--product", 1, &in.product, NULL}, {"--status", 1, &in.status, NULL},
                                 {"--source", 1, &in.source, NULL},   {"--feature", 1, &in.feature, NULL},
                                 {"--mine", 0, NULL, &in.mine},       {"--q", 1, &in.text, NULL},
                                 {"--sort", 1, &in.sort, NULL},       {"--after", 1, &in.after, NULL},
                                 {"--limit", 1, &in.limit, NULL},     {"--with-description", 0, NULL, &in.with_description},
                                 {NULL, 0, NULL, NULL}};
  int rc = cli_parse("idea list", argc, argv, opts, pos, 0, &npos);
  if (rc) return rc;
  if ((rc = cli_open(c))) return rc;
  struct idea_page pg;
  rc = app_idea_list(&c->x, &in, &pg);
  if (rc) return cli_fail(c, rc);
  buf b;
  buf_init(&b, 0);
  if (c->json) {
    buf_puts(&b, "{\"items\":[");
    for (size_t i = 0; i < pg.n; i++) {
      if (i) buf_putc(&b, ',');
      repr_idea(&b, &pg.items[i], REPR_FULL);
    }
    buf_printf(&b, "],\"next\":%J}\n", pg.next);
  } else {
    static const char *const head[] = {"ID", "PRODUCT", "STATUS", "SOURCE", "VOTES", "TITLE", "OUTCOME"};
    struct table t;
    table_start(&t, c->a, 7, head);
    for (size_t i = 0; i < pg.n; i++) {
      const struct idea *it = &pg.items[i];
      const char *row[] = {arena_printf(c->a, "%lld", (long long)it->id), it->product_key, idea_status_name(it->status),
                           idea_source_name(it->source), arena_printf(c->a, "%lld", (long long)it->votes), it->title,
                           outcome(c, it)};
      table_row(&t, c->a, row);
    }
    table_print(&t, &b, 60);
    if (pg.next) buf_printf(&b, "more: keel idea list --after '%s' (with the same filters)\n", pg.next);
  }
  cli_out(&b);
  buf_free(&b);
  return 0;
}

/* The triage commands share this shape: ID, options, one app call. */
static int triage_cmd(struct cli *c, const char *cmd, int argc, char **argv, const char *optname, const char **optval,
                      int required) {
  const char *ver = NULL, *pos[1];
  int npos;
  const struct cli_opt opts[] = {{optname ? optname : "--if-version", 1, optname ? optval : &ver, NULL},
                                 {"--if-version", 1, &ver, NULL}, {NULL, 0, NULL, NULL}};
  int rc = cli_parse(cmd, argc, argv, opts, pos, 1, &npos);
  if (rc) return rc;
  int64_t id, v = 0;
  if ((rc = idea_id(cmd, npos, pos, &id))) return rc;
  if (required && optname && !*optval) return cli_usage(cmd, "%s is required", optname);
  if (ver && (rc = cli_integer(cmd, "--if-version", ver, &v))) return rc;
  if ((rc = cli_open(c))) return rc;
  struct idea i;
  if (strcmp(cmd, "idea review") == 0) rc = app_idea_review(&c->x, id, v, &i);
  else if (strcmp(cmd, "idea reopen") == 0) rc = app_idea_reopen(&c->x, id, v, &i);
  else if (strcmp(cmd, "idea decline") == 0) rc = app_idea_decline(&c->x, id, *optval, v, &i);
  else if (strcmp(cmd, "idea promote") == 0) rc = app_idea_promote(&c->x, id, *optval, v, &i, NULL);
  else {
    int64_t of;
    if ((rc = cli_integer(cmd, "--of", *optval, &of))) return rc;
    rc = app_idea_mark_duplicate(&c->x, id, of, v, &i);
  }
  if (rc) return cli_fail(c, rc);
  print_idea(c, &i);
  return 0;
}

int cmd_idea_review(struct cli *c, int argc, char **argv) { return triage_cmd(c, "idea review", argc, argv, NULL, NULL, 0); }
int cmd_idea_reopen(struct cli *c, int argc, char **argv) { return triage_cmd(c, "idea reopen", argc, argv, NULL, NULL, 0); }

int cmd_idea_promote(struct cli *c, int argc, char **argv) {
  const char *feature = NULL;
  return triage_cmd(c, "idea promote", argc, argv, "--feature", &feature, 0);
}

int cmd_idea_decline(struct cli *c, int argc, char **argv) {
  const char *reason = NULL;
  return triage_cmd(c, "idea decline", argc, argv, "--reason", &reason, 1);
}

int cmd_idea_duplicate(struct cli *c, int argc, char **argv) {
  const char *of = NULL;
  return triage_cmd(c, "idea duplicate", argc, argv, "--of", &of, 1);
}

int cmd_idea_vote(struct cli *c, int argc, char **argv) {
  int undo = 0, npos;
  const char *pos[1];
  const struct cli_opt opts[] = {{"--undo", 0, NULL, &undo}, {NULL, 0, NULL, NULL}};
  int rc = cli_parse("idea vote", argc, argv, opts, pos, 1, &npos);
  if (rc) return rc;
  int64_t id;
  if ((rc = idea_id("idea vote", npos, pos, &id))) return rc;
  if ((rc = cli_open(c))) return rc;
  struct idea i;
  rc = app_idea_vote(&c->x, id, !undo, &i);
  if (rc) return cli_fail(c, rc);
  if (c->json) print_idea(c, &i);
  else printf("idea %lld: %lld vote%s%s\n", (long long)i.id, (long long)i.votes, i.votes == 1 ? "" : "s",
              i.voted ? ", including yours" : "");
  return 0;
}

int cmd_idea_comment(struct cli *c, int argc, char **argv) {
  const char *body = NULL, *pos[1];
  int npos, public = 0;
  const struct cli_opt opts[] = {{"--body", 1, &body, NULL}, {"--public", 0, NULL, &public}, {NULL, 0, NULL, NULL}};
  int rc = cli_parse("idea comment", argc, argv, opts, pos, 1, &npos);
  if (rc) return rc;
  if (npos != 1 || !body) return cli_usage("idea comment", "give the idea's number and --body TEXT");
  if ((rc = cli_open(c))) return rc;
  struct comment cm;
  rc = app_comment_write(&c->x, "idea", pos[0], body, public, &cm);
  if (rc) return cli_fail(c, rc);
  printf("comment %lld added to idea %s%s\n", (long long)cm.id, pos[0], public ? " (customers read it in the portal)" : "");
  return 0;
}
