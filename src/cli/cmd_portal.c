/* cmd_portal.c — keel idea publish / unpublish: what customers see in the portal. */
#include "cli/cli.h"

int cmd_idea_publish(struct cli *c, int argc, char **argv);
int cmd_idea_unpublish(struct cli *c, int argc, char **argv);

static void print_public(struct cli *c, const struct idea *i) {
  buf b;
  buf_init(&b, 0);
  if (c->json) {
    repr_idea(&b, i, REPR_FULL);
    buf_putc(&b, '\n');
  } else if (i->is_public) {
    buf_printf(&b, "idea %lld is published; customers see it as \"%s\"\n", (long long)i->id,
               portal_title(i->title, i->public_title));
    if (*i->public_description) buf_printf(&b, "\n%s\n", i->public_description);
    else buf_puts(&b, "(no public description)\n");
  } else {
    buf_printf(&b, "idea %lld is private: customers do not see it%s\n", (long long)i->id,
               i->submitted_by ? " (its submitter still does)" : "");
  }
  cli_out(&b);
  buf_free(&b);
}

/* Reads ID and --if-version; the options in extra (may be NULL) too. */
static int parse(const char *cmd, int argc, char **argv, const struct cli_opt *extra, size_t nextra, int64_t *id,
                 int64_t *version) {
  const char *ver = NULL, *pos[1];
  struct cli_opt opts[4] = {{"--if-version", 1, &ver, NULL}};
  for (size_t k = 0; k < nextra && k < 2; k++) opts[k + 1] = extra[k];
  int npos;
  int rc = cli_parse(cmd, argc, argv, opts, pos, 1, &npos);
  if (rc) return rc;
  if (npos != 1) return cli_usage(cmd, "give the idea's number");
  if ((rc = cli_integer(cmd, "ID", pos[0], id))) return rc;
  *version = 0;
  if (ver && (rc = cli_integer(cmd, "--if-version", ver, version))) return rc;
  return 0;
}

int cmd_idea_publish(struct cli *c, int argc, char **argv) {
  const char *title = NULL, *description = NULL;
  const struct cli_opt extra[] = {{"--title", 1, &title, NULL}, {"--description", 1, &description, NULL}};
  int64_t id, version;
  int rc = parse("idea publish", argc, argv, extra, 2, &id, &version);
  if (rc) return rc;
  if ((rc = cli_open(c))) return rc;
  struct idea i;
  rc = app_idea_publish(&c->x, id, title, description, version, &i);
  if (rc) return cli_fail(c, rc);
  print_public(c, &i);
  return 0;
}

int cmd_idea_unpublish(struct cli *c, int argc, char **argv) {
  int64_t id, version;
  int rc = parse("idea unpublish", argc, argv, NULL, 0, &id, &version);
  if (rc) return rc;
  if ((rc = cli_open(c))) return rc;
  struct idea i;
  rc = app_idea_unpublish(&c->x, id, version, &i);
  if (rc) return cli_fail(c, rc);
  print_public(c, &i);
  return 0;
}
