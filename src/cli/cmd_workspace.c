/* cmd_workspace.c — keel init. */
#include <string.h>

#include "cli/cli.h"

/* keel init: creates the workspace database (or reports that it exists). */
int cmd_init(struct cli *c, int argc, char **argv);

int cmd_init(struct cli *c, int argc, char **argv) {
  const char *pos[1];
  int npos;
  int rc = cli_parse("init", argc, argv, NULL, pos, 0, &npos);
  if (rc) return rc;
  db *d = NULL;
  rc = db_open(c->db_path, DB_OPEN_EXISTING, &d, &c->e);
  if (rc == KEEL_OK) {
    printf("%s is already a Keel workspace (schema %d)\n", c->db_path, db_schema_version(d));
    db_close(d);
    return 0;
  }
  if (rc != KEEL_ENOTFOUND) return cli_fail(c, rc);
  rc = db_open(c->db_path, DB_OPEN_CREATE, &d, &c->e);
  if (rc) return cli_fail(c, rc);
  printf("created Keel workspace %s (schema %d)\n", c->db_path, db_schema_version(d));
  printf("next: keel --db %s user add you@example.com --name \"Your Name\" --role admin\n", c->db_path);
  db_close(d);
  return 0;
}
