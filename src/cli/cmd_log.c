/* cmd_log.c — keel log: recent changes, or one entity's history. */
#include <string.h>

#include "cli/cli.h"

int cmd_log(struct cli *c, int argc, char **argv);

int cmd_log(struct cli *c, int argc, char **argv) {
  const char *entity = NULL, *limit = NULL, *before = NULL, *pos[1];
  int npos;
  const struct cli_opt opts[] = {{"--entity", 1, &entity, NULL}, {"--limit", 1, &limit, NULL},
                                 {"--before", 1, &before, NULL}, {NULL, 0, NULL, NULL}};
  int rc = cli_parse("log", argc, argv, opts, pos, 0, &npos);
  if (rc) return rc;
  struct history_in in = {.limit = 20};
  if (entity) {
    const char *colon = strchr(entity, ':');
    if (!colon) return cli_usage("log", "--entity must look like feature:PAY-3 or idea:42");
    in.entity_type = arena_strndup(c->a, entity, (size_t)(colon - entity));
    in.ref = colon + 1;
  }
  int64_t v;
  if (limit) {
    if ((rc = cli_integer("log", "--limit", limit, &v))) return rc;
    if (v < 1 || v > PAGE_MAX) return cli_usage("log", "--limit must be from 1 to %d", PAGE_MAX);
    in.limit = (int)v;
  }
  if (before && (rc = cli_integer("log", "--before", before, &in.before_id))) return rc;
  if ((rc = cli_open(c))) return rc;
  struct history_page pg;
  rc = app_history(&c->x, &in, &pg);
  if (rc) return cli_fail(c, rc);
  buf b;
  buf_init(&b, 0);
  if (c->json) {
    buf_puts(&b, "{\"items\":[");
    for (size_t i = 0; i < pg.n; i++) {
      if (i) buf_putc(&b, ',');
      repr_audit(&b, &pg.items[i]);
    }
    buf_puts(&b, "],\"next\":");
    if (pg.next_before) buf_printf(&b, "%lld", (long long)pg.next_before);
    else buf_puts(&b, "null");
    buf_puts(&b, "}\n");
  } else {
    for (size_t i = 0; i < pg.n; i++) {
      const struct audit_entry *en = &pg.items[i];
      buf_printf(&b, "%s  %-16s %-14s %s\n", cli_time(c, en->at), en->action, en->entity_label, en->actor_name);
      struct field_change *ch;
      size_t nch = audit_diff(c->a, en->before, en->after, &ch);
      for (size_t k = 0; k < nch; k++) {
        if (!en->before) buf_printf(&b, "    %s: %.60s\n", ch[k].field, ch[k].after);
        else buf_printf(&b, "    %s: %.40s -> %.40s\n", ch[k].field, *ch[k].before ? ch[k].before : "(none)",
                        *ch[k].after ? ch[k].after : "(none)");
      }
    }
    if (pg.next_before) buf_printf(&b, "older: keel log --before %lld\n", (long long)pg.next_before);
  }
  cli_out(&b);
  buf_free(&b);
  return 0;
}
