/* cmd_workspace.c — keel init. */
#include <string.h>

#include "cli/cli.h"

/* keel init: creates the workspace database (or reports that it exists). */
int cmd_init(struct cli *c, int argc, char **argv);

/* Returns url without a password ("postgresql://user:secret@h/db" shows as
 * "postgresql://user@h/db"), in the arena, for messages. */
static const char *shown_url(struct cli *c, const char *url) {
  const char *scheme = strstr(url, "://");
  const char *at = scheme ? strchr(scheme + 3, '@') : NULL;
  const char *colon = scheme ? strchr(scheme + 3, ':') : NULL;
  if (!at || !colon || colon > at) return url;
  return arena_printf(c->a, "%.*s%s", (int)(colon - url), url, at);
}

int cmd_init(struct cli *c, int argc, char **argv) {
  const char *pos[1];
  int npos;
  int rc = cli_parse("init", argc, argv, NULL, pos, 0, &npos);
  if (rc) return rc;
  db *d = NULL;
  rc = db_open(c->db_path, DB_OPEN_CREATE, &d, &c->e);
  if (rc) return cli_fail(c, rc);
  const char *where = shown_url(c, c->db_path);
  if (db_version_at_open(d)) {
    printf("%s is already a Keel workspace (schema %d)\n", where, db_schema_version(d));
  } else {
    printf("created Keel workspace %s (schema %d, %s)\n", where, db_schema_version(d), db_backend_name(d));
    printf("next: keel --db %s user add you@example.com --name \"Your Name\" --role admin\n", where);
  }
  db_close(d);
  return 0;
}
