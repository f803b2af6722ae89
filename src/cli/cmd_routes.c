/* cmd_routes.c — keel routes: the HTTP route table with who may use each route. */
#include "cli/cli.h"
#include "web/routes.h"

int cmd_routes(struct cli *c, int argc, char **argv);

int cmd_routes(struct cli *c, int argc, char **argv) {
  const char *pos[1];
  int npos;
  int rc = cli_parse("routes", argc, argv, NULL, pos, 0, &npos);
  if (rc) return rc;
  static const char *const kinds[] = {"api", "page", "asset"};
  buf b;
  buf_init(&b, 0);
  if (c->json) {
    buf_puts(&b, "{\"items\":[");
    for (size_t i = 0; i < routes_count; i++) {
      const struct route *rt = &routes[i];
      buf_printf(&b, "%s{\"method\":%J,\"path\":%J,\"kind\":%J,\"capability\":%J,\"roles\":[", i ? "," : "", rt->method,
                 rt->path, kinds[rt->kind], cap_name(rt->cap));
      int first = 1;
      for (int ro = ROLE_PORTAL; ro < ROLE_COUNT; ro++)
        if (role_allows((enum role)ro, rt->cap)) {
          buf_printf(&b, "%s%J", first ? "" : ",", role_name((enum role)ro));
          first = 0;
        }
      buf_printf(&b, "],\"public\":%s,\"summary\":%J}", rt->cap == CAP_PUBLIC ? "true" : "false", rt->summary);
    }
    buf_puts(&b, "]}\n");
  } else {
    for (size_t i = 0; i < routes_count; i++) {
      const struct route *rt = &routes[i];
      buf_printf(&b, "%-6s %-36s %-7s %s\n", rt->method, rt->path,
                 rt->cap == CAP_PUBLIC ? "anyone" : role_name(cap_min_role(rt->cap)), rt->summary);
    }
    buf_puts(&b, "\nA role can use every route marked with its own role or a lower one (portal < viewer < contributor < pm < admin).\n");
  }
  cli_out(&b);
  buf_free(&b);
  return 0;
}
