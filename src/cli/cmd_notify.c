/* cmd_notify.c — keel idea follow|unfollow, keel inbox, keel webhook ...,
 * keel settings ...: closing the loop from the command line. */
#include <string.h>

#include "cli/cli.h"

int cmd_idea_follow(struct cli *c, int argc, char **argv);
int cmd_idea_unfollow(struct cli *c, int argc, char **argv);
int cmd_inbox(struct cli *c, int argc, char **argv);
int cmd_inbox_read(struct cli *c, int argc, char **argv);
int cmd_webhook_add(struct cli *c, int argc, char **argv);
int cmd_webhook_list(struct cli *c, int argc, char **argv);
int cmd_webhook_edit(struct cli *c, int argc, char **argv);
int cmd_webhook_remove(struct cli *c, int argc, char **argv);
int cmd_webhook_deliveries(struct cli *c, int argc, char **argv);
int cmd_webhook_test(struct cli *c, int argc, char **argv);
int cmd_settings_list(struct cli *c, int argc, char **argv);
int cmd_settings_get(struct cli *c, int argc, char **argv);
int cmd_settings_set(struct cli *c, int argc, char **argv);
int cmd_settings_unset(struct cli *c, int argc, char **argv);

/* Parses the one id a command takes. */
static int one_id(const char *cmd, int npos, const char **pos, const char *what, int64_t *id) {
  if (npos != 1) return cli_usage(cmd, "give the %s's number", what);
  return cli_integer(cmd, "ID", pos[0], id);
}

/* ---- following ---- */

static int follow(struct cli *c, const char *cmd, int on, int argc, char **argv) {
  const char *pos[1];
  int npos;
  int rc = cli_parse(cmd, argc, argv, NULL, pos, 1, &npos);
  if (rc) return rc;
  int64_t id;
  if ((rc = one_id(cmd, npos, pos, "idea", &id))) return rc;
  if ((rc = cli_open(c))) return rc;
  struct idea i;
  rc = app_idea_follow(&c->x, id, on, &i);
  if (rc) return cli_fail(c, rc);
  buf b;
  buf_init(&b, 0);
  if (c->json) {
    repr_idea(&b, &i, REPR_FULL);
    buf_putc(&b, '\n');
  } else {
    buf_printf(&b, "%s idea %lld: %s\n", on ? "following" : "no longer following", (long long)i.id, i.title);
  }
  cli_out(&b);
  buf_free(&b);
  return 0;
}

int cmd_idea_follow(struct cli *c, int argc, char **argv) { return follow(c, "idea follow", 1, argc, argv); }
int cmd_idea_unfollow(struct cli *c, int argc, char **argv) { return follow(c, "idea unfollow", 0, argc, argv); }

/* ---- the inbox ---- */

int cmd_inbox(struct cli *c, int argc, char **argv) {
  const char *limit = NULL, *before = NULL, *pos[1];
  int npos, unread = 0;
  const struct cli_opt opts[] = {{"--unread", 0, NULL, &unread}, {"--limit", 1, &limit, NULL}, {"--before", 1, &before, NULL},
                                 {NULL, 0, NULL, NULL}};
  int rc = cli_parse("inbox", argc, argv, opts, pos, 0, &npos);
  if (rc) return rc;
  int64_t before_id = 0;
  if (before && (rc = cli_integer("inbox", "--before", before, &before_id))) return rc;
  if ((rc = cli_open(c))) return rc;
  struct notification_page pg;
  rc = app_notification_list(&c->x, unread, before_id, limit, &pg);
  if (rc) return cli_fail(c, rc);
  buf b;
  buf_init(&b, 0);
  if (c->json) {
    buf_puts(&b, "{\"items\":[");
    for (size_t i = 0; i < pg.n; i++) {
      if (i) buf_putc(&b, ',');
      repr_notification(&b, &pg.items[i]);
    }
    buf_printf(&b, "],\"unread\":%lld,\"next\":", (long long)pg.unread);
    if (pg.next_before) buf_printf(&b, "\"%lld\"}\n", (long long)pg.next_before);
    else buf_puts(&b, "null}\n");
  } else {
    buf_printf(&b, "%lld unread\n", (long long)pg.unread);
    if (pg.n) {
      static const char *const head[] = {"ID", "", "WHEN", "IDEA", "WHAT"};
      struct table t;
      table_start(&t, c->a, 5, head);
      for (size_t i = 0; i < pg.n; i++) {
        const struct notification *n = &pg.items[i];
        const char *row[] = {arena_printf(c->a, "%lld", (long long)n->id), n->read_at ? "" : "*", cli_time(c, n->created_at),
                             n->idea_id ? arena_printf(c->a, "%lld", (long long)n->idea_id) : "", n->title};
        table_row(&t, c->a, row);
      }
      table_print(&t, &b, 100);
    }
    if (pg.next_before) buf_printf(&b, "more: keel inbox --before %lld\n", (long long)pg.next_before);
  }
  cli_out(&b);
  buf_free(&b);
  return 0;
}

int cmd_inbox_read(struct cli *c, int argc, char **argv) {
  const char *pos[1];
  int npos, all = 0;
  const struct cli_opt opts[] = {{"--all", 0, NULL, &all}, {NULL, 0, NULL, NULL}};
  int rc = cli_parse("inbox read", argc, argv, opts, pos, 1, &npos);
  if (rc) return rc;
  if (all == (npos == 1)) return cli_usage("inbox read", "give a notification's number, or --all");
  int64_t id = 0;
  if (!all && (rc = cli_integer("inbox read", "ID", pos[0], &id))) return rc;
  if ((rc = cli_open(c))) return rc;
  if (all) {
    int64_t n;
    rc = app_notification_read_all(&c->x, &n);
    if (rc) return cli_fail(c, rc);
    if (c->json) printf("{\"marked\":%lld,\"unread\":0}\n", (long long)n);
    else printf("marked %lld notification%s read\n", (long long)n, n == 1 ? "" : "s");
    return 0;
  }
  struct notification n;
  rc = app_notification_read(&c->x, id, &n);
  if (rc) return cli_fail(c, rc);
  buf b;
  buf_init(&b, 0);
  if (c->json) repr_notification(&b, &n);
  else buf_printf(&b, "read: %s", n.title);
  buf_putc(&b, '\n');
  cli_out(&b);
  buf_free(&b);
  return 0;
}

/* ---- webhooks ---- */

static void print_webhook(struct cli *c, const struct webhook *w, int with_secret) {
  buf b;
  buf_init(&b, 0);
  if (c->json) {
    repr_webhook(&b, w, with_secret);
    buf_putc(&b, '\n');
  } else {
    buf_printf(&b, "webhook %lld  %s\nevents: %s   %s   version: %lld\n", (long long)w->id, w->url,
               webhook_events_format(c->a, w->events), w->active ? "on" : "off", (long long)w->version);
    if (with_secret)
      buf_printf(&b, "secret: %s\n(shown only now: receivers check X-Keel-Signature with it)\n", w->secret);
  }
  cli_out(&b);
  buf_free(&b);
}

int cmd_webhook_add(struct cli *c, int argc, char **argv) {
  struct webhook_input in = {0};
  const char *pos[1];
  int npos, off = 0;
  const struct cli_opt opts[] = {{"--events", 1, &in.events, NULL}, {"--secret", 1, &in.secret, NULL},
                                 {"--off", 0, NULL, &off}, {NULL, 0, NULL, NULL}};
  int rc = cli_parse("webhook add", argc, argv, opts, pos, 1, &npos);
  if (rc) return rc;
  if (npos != 1) return cli_usage("webhook add", "give the URL to POST to");
  in.url = pos[0];
  if (off) {
    in.has_active = 1;
    in.active = 0;
  }
  if ((rc = cli_open(c))) return rc;
  struct webhook w;
  rc = app_webhook_create(&c->x, &in, &w);
  if (rc) return cli_fail(c, rc);
  print_webhook(c, &w, 1);
  return 0;
}

int cmd_webhook_edit(struct cli *c, int argc, char **argv) {
  struct webhook_input in = {0};
  const char *ver = NULL, *pos[1];
  int npos, on = 0, off = 0;
  const struct cli_opt opts[] = {{"--url", 1, &in.url, NULL},          {"--events", 1, &in.events, NULL},
                                 {"--secret", 1, &in.secret, NULL},    {"--on", 0, NULL, &on},
                                 {"--off", 0, NULL, &off},             {"--if-version", 1, &ver, NULL},
                                 {NULL, 0, NULL, NULL}};
  int rc = cli_parse("webhook edit", argc, argv, opts, pos, 1, &npos);
  if (rc) return rc;
  int64_t id, v = 0;
  if ((rc = one_id("webhook edit", npos, pos, "webhook", &id))) return rc;
  if (on && off) return cli_usage("webhook edit", "--on or --off, not both");
  if (on || off) {
    in.has_active = 1;
    in.active = on;
  }
  if (ver && (rc = cli_integer("webhook edit", "--if-version", ver, &v))) return rc;
  if ((rc = cli_open(c))) return rc;
  struct webhook w;
  rc = app_webhook_update(&c->x, id, &in, v, &w);
  if (rc) return cli_fail(c, rc);
  print_webhook(c, &w, 0);
  return 0;
}

int cmd_webhook_list(struct cli *c, int argc, char **argv) {
  const char *pos[1];
  int npos;
  int rc = cli_parse("webhook list", argc, argv, NULL, pos, 0, &npos);
  if (rc) return rc;
  if ((rc = cli_open(c))) return rc;
  struct webhook *ws;
  size_t n;
  rc = app_webhook_list(&c->x, &ws, &n);
  if (rc) return cli_fail(c, rc);
  buf b;
  buf_init(&b, 0);
  if (c->json) {
    buf_puts(&b, "{\"items\":[");
    for (size_t i = 0; i < n; i++) {
      if (i) buf_putc(&b, ',');
      repr_webhook(&b, &ws[i], 0);
    }
    buf_puts(&b, "]}\n");
  } else {
    static const char *const head[] = {"ID", "STATE", "EVENTS", "WAITING", "FAILED", "URL"};
    struct table t;
    table_start(&t, c->a, 6, head);
    for (size_t i = 0; i < n; i++) {
      const char *row[] = {arena_printf(c->a, "%lld", (long long)ws[i].id), ws[i].active ? "on" : "off",
                           webhook_events_format(c->a, ws[i].events), arena_printf(c->a, "%lld", (long long)ws[i].pending),
                           arena_printf(c->a, "%lld", (long long)ws[i].failed), ws[i].url};
      table_row(&t, c->a, row);
    }
    table_print(&t, &b, 80);
  }
  cli_out(&b);
  buf_free(&b);
  return 0;
}

int cmd_webhook_remove(struct cli *c, int argc, char **argv) {
  const char *pos[1];
  int npos;
  int rc = cli_parse("webhook remove", argc, argv, NULL, pos, 1, &npos);
  if (rc) return rc;
  int64_t id;
  if ((rc = one_id("webhook remove", npos, pos, "webhook", &id))) return rc;
  if ((rc = cli_open(c))) return rc;
  rc = app_webhook_delete(&c->x, id);
  if (rc) return cli_fail(c, rc);
  if (c->json) printf("{\"id\":%lld,\"deleted\":true}\n", (long long)id);
  else printf("webhook %lld removed\n", (long long)id);
  return 0;
}

int cmd_webhook_deliveries(struct cli *c, int argc, char **argv) {
  const char *limit = NULL, *before = NULL, *pos[1];
  int npos;
  const struct cli_opt opts[] = {{"--limit", 1, &limit, NULL}, {"--before", 1, &before, NULL}, {NULL, 0, NULL, NULL}};
  int rc = cli_parse("webhook deliveries", argc, argv, opts, pos, 1, &npos);
  if (rc) return rc;
  int64_t id, before_id = 0;
  if ((rc = one_id("webhook deliveries", npos, pos, "webhook", &id))) return rc;
  if (before && (rc = cli_integer("webhook deliveries", "--before", before, &before_id))) return rc;
  if ((rc = cli_open(c))) return rc;
  struct delivery_page pg;
  rc = app_webhook_deliveries(&c->x, id, before_id, limit, &pg);
  if (rc) return cli_fail(c, rc);
  buf b;
  buf_init(&b, 0);
  if (c->json) {
    buf_puts(&b, "{\"items\":[");
    for (size_t i = 0; i < pg.n; i++) {
      if (i) buf_putc(&b, ',');
      repr_delivery(&b, &pg.items[i]);
    }
    buf_puts(&b, "],\"next\":");
    if (pg.next_before) buf_printf(&b, "\"%lld\"}\n", (long long)pg.next_before);
    else buf_puts(&b, "null}\n");
  } else {
    static const char *const head[] = {"ID", "EVENT", "STATUS", "TRIES", "CODE", "QUEUED", "LAST ERROR"};
    struct table t;
    table_start(&t, c->a, 7, head);
    for (size_t i = 0; i < pg.n; i++) {
      const struct delivery *d = &pg.items[i];
      const char *row[] = {arena_printf(c->a, "%lld", (long long)d->id), d->event, delivery_status_name(d->status),
                           arena_printf(c->a, "%lld", (long long)d->attempts),
                           d->response_code ? arena_printf(c->a, "%lld", (long long)d->response_code) : "",
                           cli_time(c, d->created_at), d->last_error};
      table_row(&t, c->a, row);
    }
    table_print(&t, &b, 60);
    if (pg.next_before) buf_printf(&b, "more: keel webhook deliveries %lld --before %lld\n", (long long)id, (long long)pg.next_before);
  }
  cli_out(&b);
  buf_free(&b);
  return 0;
}

int cmd_webhook_test(struct cli *c, int argc, char **argv) {
  const char *pos[1];
  int npos;
  int rc = cli_parse("webhook test", argc, argv, NULL, pos, 1, &npos);
  if (rc) return rc;
  int64_t id;
  if ((rc = one_id("webhook test", npos, pos, "webhook", &id))) return rc;
  if ((rc = cli_open(c))) return rc;
  struct delivery d;
  rc = app_webhook_test(&c->x, id, &d);
  if (rc) return cli_fail(c, rc);
  buf b;
  buf_init(&b, 0);
  if (c->json) repr_delivery(&b, &d);
  else buf_printf(&b, "ping queued as delivery %lld (a running server sends it; or: keel job run)", (long long)d.id);
  buf_putc(&b, '\n');
  cli_out(&b);
  buf_free(&b);
  return 0;
}

/* ---- settings ---- */

static void print_setting(struct cli *c, buf *b, const struct setting_view *s) {
  if (c->json) repr_setting(b, s);
  else buf_printf(b, "%s = %s%s", s->key, s->value, s->is_set ? "" : "   (default)");
  buf_putc(b, '\n');
}

int cmd_settings_list(struct cli *c, int argc, char **argv) {
  const char *pos[1];
  int npos;
  int rc = cli_parse("settings list", argc, argv, NULL, pos, 0, &npos);
  if (rc) return rc;
  if ((rc = cli_open(c))) return rc;
  struct setting_view *ss;
  size_t n;
  rc = app_setting_list(&c->x, &ss, &n);
  if (rc) return cli_fail(c, rc);
  buf b;
  buf_init(&b, 0);
  if (c->json) {
    buf_puts(&b, "{\"items\":[");
    for (size_t i = 0; i < n; i++) {
      if (i) buf_putc(&b, ',');
      repr_setting(&b, &ss[i]);
    }
    buf_puts(&b, "]}\n");
  } else {
    static const char *const head[] = {"KEY", "VALUE", "", "MEANING"};
    struct table t;
    table_start(&t, c->a, 4, head);
    for (size_t i = 0; i < n; i++) {
      const char *row[] = {ss[i].key, ss[i].value, ss[i].is_set ? "" : "(default)", ss[i].help};
      table_row(&t, c->a, row);
    }
    table_print(&t, &b, 70);
  }
  cli_out(&b);
  buf_free(&b);
  return 0;
}

int cmd_settings_get(struct cli *c, int argc, char **argv) {
  const char *pos[1];
  int npos;
  int rc = cli_parse("settings get", argc, argv, NULL, pos, 1, &npos);
  if (rc) return rc;
  if (npos != 1) return cli_usage("settings get", "give the setting's name (see: keel settings list)");
  if ((rc = cli_open(c))) return rc;
  struct setting_view s;
  rc = app_setting_get(&c->x, pos[0], &s);
  if (rc) return cli_fail(c, rc);
  buf b;
  buf_init(&b, 0);
  print_setting(c, &b, &s);
  cli_out(&b);
  buf_free(&b);
  return 0;
}

int cmd_settings_set(struct cli *c, int argc, char **argv) {
  const char *pos[2];
  int npos;
  int rc = cli_parse("settings set", argc, argv, NULL, pos, 2, &npos);
  if (rc) return rc;
  if (npos < 1) return cli_usage("settings set", "give the setting's name and its value (see: keel settings list)");
  if ((rc = cli_open(c))) return rc;
  const char *value = npos == 2 ? pos[1] : NULL;
  /* A secret is better not typed on the command line: without a value (or
   * with "-"), it is read from standard input, unechoed on a terminal. */
  if (!value || strcmp(value, "-") == 0) {
    if ((rc = cli_read_password(c, pos[0], &value))) return rc;
  }
  struct setting_view s;
  rc = app_setting_set(&c->x, pos[0], value, &s);
  if (rc) return cli_fail(c, rc);
  buf b;
  buf_init(&b, 0);
  print_setting(c, &b, &s);
  cli_out(&b);
  buf_free(&b);
  return 0;
}

int cmd_settings_unset(struct cli *c, int argc, char **argv) {
  const char *pos[1];
  int npos;
  int rc = cli_parse("settings unset", argc, argv, NULL, pos, 1, &npos);
  if (rc) return rc;
  if (npos != 1) return cli_usage("settings unset", "give the setting's name");
  if ((rc = cli_open(c))) return rc;
  rc = app_setting_unset(&c->x, pos[0]);
  struct setting_view s;
  if (!rc) rc = app_setting_get(&c->x, pos[0], &s);
  if (rc) return cli_fail(c, rc);
  buf b;
  buf_init(&b, 0);
  print_setting(c, &b, &s);
  cli_out(&b);
  buf_free(&b);
  return 0;
}
