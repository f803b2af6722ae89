/* cmd_user.c — keel user ... and keel token ... */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

int cmd_user_add(struct cli *c, int argc, char **argv);
int cmd_user_list(struct cli *c, int argc, char **argv);
int cmd_user_set(struct cli *c, int argc, char **argv);
int cmd_user_passwd(struct cli *c, int argc, char **argv);
int cmd_token_create(struct cli *c, int argc, char **argv);
int cmd_token_list(struct cli *c, int argc, char **argv);
int cmd_token_revoke(struct cli *c, int argc, char **argv);

static void print_user(struct cli *c, const struct user *u) {
  buf b;
  buf_init(&b, 0);
  if (c->json) {
    repr_user(&b, u);
    buf_putc(&b, '\n');
  } else {
    buf_printf(&b, "%s <%s>  %s%s  (id %lld)", u->name, u->email, role_name(u->role), u->active ? "" : ", deactivated",
               (long long)u->id);
    if (u->customer_id) buf_printf(&b, "  speaks for customer %lld", (long long)u->customer_id);
    buf_putc(&b, '\n');
  }
  cli_out(&b);
  buf_free(&b);
}

int cmd_user_add(struct cli *c, int argc, char **argv) {
  const char *name = NULL, *role = NULL, *customer = NULL, *pos[1];
  int npos;
  const struct cli_opt opts[] = {{"--name", 1, &name, NULL}, {"--role", 1, &role, NULL}, {"--customer", 1, &customer, NULL},
                                 {NULL, 0, NULL, NULL}};
  int rc = cli_parse("user add", argc, argv, opts, pos, 1, &npos);
  if (rc) return rc;
  if (npos != 1) return cli_usage("user add", "give the user's e-mail address");
  if (!name) return cli_usage("user add", "--name is required");
  if (!role) return cli_usage("user add", "--role is required (admin, pm, contributor, viewer or portal)");
  enum role r;
  if (role_parse(role, &r)) return cli_usage("user add", "--role must be admin, pm, contributor, viewer or portal");
  if (customer && r != ROLE_PORTAL)
    return cli_usage("user add", "--customer is for portal users (--role portal): staff speak for no customer");
  if ((rc = cli_open(c))) return rc;
  const char *pw;
  if ((rc = cli_read_password(c, "password for the new user", &pw))) return rc;
  struct user u;
  rc = app_user_create_for(&c->x, pos[0], name, r, customer, pw, &u);
  if (rc) return cli_fail(c, rc);
  print_user(c, &u);
  return 0;
}

int cmd_user_list(struct cli *c, int argc, char **argv) {
  const char *pos[1];
  int npos;
  int rc = cli_parse("user list", argc, argv, NULL, pos, 0, &npos);
  if (rc) return rc;
  if ((rc = cli_open(c))) return rc;
  struct user *us;
  size_t n;
  rc = app_user_list(&c->x, &us, &n);
  if (rc) return cli_fail(c, rc);
  buf b;
  buf_init(&b, 0);
  if (c->json) {
    buf_puts(&b, "{\"items\":[");
    for (size_t i = 0; i < n; i++) {
      if (i) buf_putc(&b, ',');
      repr_user(&b, &us[i]);
    }
    buf_puts(&b, "]}\n");
  } else {
    static const char *const head[] = {"ID", "EMAIL", "NAME", "ROLE", "ACTIVE", "CUSTOMER"};
    struct table t;
    table_start(&t, c->a, 6, head);
    for (size_t i = 0; i < n; i++) {
      const char *row[] = {arena_printf(c->a, "%lld", (long long)us[i].id), us[i].email, us[i].name,
                           role_name(us[i].role), us[i].active ? "yes" : "no",
                           us[i].customer_id ? arena_printf(c->a, "%lld", (long long)us[i].customer_id) : ""};
      table_row(&t, c->a, row);
    }
    table_print(&t, &b, 60);
  }
  cli_out(&b);
  buf_free(&b);
  return 0;
}

/* Resolves an e-mail address to a user for commands acting on someone. */
static int find_user(struct cli *c, const char *email, struct user *u) {
  int rc = app_user_get_by_email(&c->x, email, u);
  return rc ? cli_fail(c, rc) : 0;
}

int cmd_user_set(struct cli *c, int argc, char **argv) {
  const char *name = NULL, *role = NULL, *active = NULL, *customer = NULL, *pos[1];
  int npos;
  const struct cli_opt opts[] = {{"--name", 1, &name, NULL}, {"--role", 1, &role, NULL},
                                 {"--active", 1, &active, NULL}, {"--customer", 1, &customer, NULL},
                                 {NULL, 0, NULL, NULL}};
  int rc = cli_parse("user set", argc, argv, opts, pos, 1, &npos);
  if (rc) return rc;
  if (npos != 1) return cli_usage("user set", "give the user's e-mail address");
  struct user_patch p = {.name = name, .customer = customer};
  if (role) {
    if (role_parse(role, &p.role)) return cli_usage("user set", "--role must be admin, pm, contributor, viewer or portal");
    p.has_role = 1;
  }
  if (active) {
    if (strcmp(active, "yes") != 0 && strcmp(active, "no") != 0) return cli_usage("user set", "--active must be yes or no");
    p.has_active = 1;
    p.active = strcmp(active, "yes") == 0;
  }
  if (!name && !role && !active && !customer)
    return cli_usage("user set", "nothing to change: give --name, --role, --active or --customer");
  if ((rc = cli_open(c))) return rc;
  struct user u;
  if ((rc = find_user(c, pos[0], &u))) return rc;
  rc = app_user_update(&c->x, u.id, &p, 0, &u);
  if (rc) return cli_fail(c, rc);
  print_user(c, &u);
  return 0;
}

int cmd_user_passwd(struct cli *c, int argc, char **argv) {
  const char *pos[1];
  int npos;
  int rc = cli_parse("user passwd", argc, argv, NULL, pos, 1, &npos);
  if (rc) return rc;
  if (npos != 1) return cli_usage("user passwd", "give the user's e-mail address");
  if ((rc = cli_open(c))) return rc;
  struct user u;
  if ((rc = find_user(c, pos[0], &u))) return rc;
  const char *pw;
  if ((rc = cli_read_password(c, "new password", &pw))) return rc;
  rc = app_user_set_password(&c->x, u.id, NULL, pw);
  if (rc) return cli_fail(c, rc);
  printf("password changed for %s; their sessions were ended\n", u.email);
  return 0;
}

int cmd_token_create(struct cli *c, int argc, char **argv) {
  const char *name = NULL, *pos[1];
  int npos;
  const struct cli_opt opts[] = {{"--name", 1, &name, NULL}, {NULL, 0, NULL, NULL}};
  int rc = cli_parse("token create", argc, argv, opts, pos, 1, &npos);
  if (rc) return rc;
  if (npos != 1) return cli_usage("token create", "give the e-mail address of the user the token acts as");
  if ((rc = cli_open(c))) return rc;
  struct user u;
  if ((rc = find_user(c, pos[0], &u))) return rc;
  const char *token;
  struct api_token t;
  rc = app_token_create(&c->x, u.id, name, &token, &t);
  if (rc) return cli_fail(c, rc);
  if (c->json) {
    buf b;
    buf_init(&b, 0);
    buf_printf(&b, "{\"token\":%J,\"info\":", token);
    repr_token(&b, &t);
    buf_puts(&b, "}\n");
    cli_out(&b);
    buf_free(&b);
  } else {
    printf("%s\n", token); /* alone on standard output, for scripts */
  }
  return 0;
}

int cmd_token_list(struct cli *c, int argc, char **argv) {
  const char *pos[1];
  int npos;
  int rc = cli_parse("token list", argc, argv, NULL, pos, 1, &npos);
  if (rc) return rc;
  if (npos != 1) return cli_usage("token list", "give the user's e-mail address");
  if ((rc = cli_open(c))) return rc;
  struct user u;
  if ((rc = find_user(c, pos[0], &u))) return rc;
  struct api_token *ts;
  size_t n;
  rc = app_token_list(&c->x, u.id, &ts, &n);
  if (rc) return cli_fail(c, rc);
  buf b;
  buf_init(&b, 0);
  if (c->json) {
    buf_puts(&b, "{\"items\":[");
    for (size_t i = 0; i < n; i++) {
      if (i) buf_putc(&b, ',');
      repr_token(&b, &ts[i]);
    }
    buf_puts(&b, "]}\n");
  } else {
    static const char *const head[] = {"ID", "NAME", "CREATED", "LAST USED", "REVOKED"};
    struct table t;
    table_start(&t, c->a, 5, head);
    for (size_t i = 0; i < n; i++) {
      const char *row[] = {arena_printf(c->a, "%lld", (long long)ts[i].id), ts[i].name, cli_time(c, ts[i].created_at),
                           cli_time(c, ts[i].last_used_at), cli_time(c, ts[i].revoked_at)};
      table_row(&t, c->a, row);
    }
    table_print(&t, &b, 60);
  }
  cli_out(&b);
  buf_free(&b);
  return 0;
}

int cmd_token_revoke(struct cli *c, int argc, char **argv) {
  const char *pos[1];
  int npos;
  int rc = cli_parse("token revoke", argc, argv, NULL, pos, 1, &npos);
  if (rc) return rc;
  int64_t id;
  if (npos != 1) return cli_usage("token revoke", "give the token's id (see keel token list)");
  if ((rc = cli_integer("token revoke", "ID", pos[0], &id))) return rc;
  if ((rc = cli_open(c))) return rc;
  rc = app_token_revoke(&c->x, id);
  if (rc) return cli_fail(c, rc);
  printf("token %lld revoked\n", (long long)id);
  return 0;
}
