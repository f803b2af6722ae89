/* cmd_feature.c — keel feature ... */
#include <string.h>

#include "app/focus.h"
#include "app/plan.h"
#include "cli/cli.h"
#include "core/csv.h"
#include "domain/score.h"

int cmd_feature_add(struct cli *c, int argc, char **argv);
int cmd_feature_list(struct cli *c, int argc, char **argv);
int cmd_feature_show(struct cli *c, int argc, char **argv);
int cmd_feature_edit(struct cli *c, int argc, char **argv);
int cmd_feature_move(struct cli *c, int argc, char **argv);
int cmd_feature_comment(struct cli *c, int argc, char **argv);

/* Options shared by add and edit, and their translation into a patch. */
struct feature_opts {
  const char *product, *title, *description, *status, *horizon;
  const char *reach, *impact, *confidence, *effort;
  const char *ice_impact, *ice_confidence, *ice_ease;
  int no_rice, no_ice;
  const char *if_version;
};

static int to_patch(const char *cmd, const struct feature_opts *o, struct feature_patch *p) {
  memset(p, 0, sizeof *p);
  p->title = o->title;
  p->description = o->description;
  int rc = 0;
  if (o->status) {
    if (feature_status_parse(o->status, &p->status))
      return cli_usage(cmd, "--status must be candidate, planned, in_progress, shipped or archived");
    p->has_status = 1;
  }
  if (o->horizon) {
    if (horizon_parse(o->horizon, &p->horizon)) return cli_usage(cmd, "--horizon must be now, next, later or unplanned");
    p->has_horizon = 1;
  }
  struct rice_patch *r = &p->rice;
  r->clear = o->no_rice;
  if (o->reach && !(rc = cli_number(cmd, "--reach", o->reach, &r->reach))) r->has_reach = 1;
  if (!rc && o->impact && !(rc = cli_number(cmd, "--impact", o->impact, &r->impact))) r->has_impact = 1;
  if (!rc && o->confidence && !(rc = cli_number(cmd, "--confidence", o->confidence, &r->confidence))) r->has_confidence = 1;
  if (!rc && o->effort && !(rc = cli_number(cmd, "--effort", o->effort, &r->effort))) r->has_effort = 1;
  struct ice_patch *i = &p->ice;
  i->clear = o->no_ice;
  int64_t v;
  if (!rc && o->ice_impact && !(rc = cli_integer(cmd, "--ice-impact", o->ice_impact, &v))) {
    i->has_impact = 1;
    i->impact = v < -1000 || v > 1000 ? -1 : (int)v;
  }
  if (!rc && o->ice_confidence && !(rc = cli_integer(cmd, "--ice-confidence", o->ice_confidence, &v))) {
    i->has_confidence = 1;
    i->confidence = v < -1000 || v > 1000 ? -1 : (int)v;
  }
  if (!rc && o->ice_ease && !(rc = cli_integer(cmd, "--ice-ease", o->ice_ease, &v))) {
    i->has_ease = 1;
    i->ease = v < -1000 || v > 1000 ? -1 : (int)v;
  }
  if (!rc && r->clear && (r->has_reach || r->has_impact || r->has_confidence || r->has_effort))
    return cli_usage(cmd, "--no-rice cannot be combined with RICE inputs");
  if (!rc && i->clear && (i->has_impact || i->has_confidence || i->has_ease))
    return cli_usage(cmd, "--no-ice cannot be combined with ICE inputs");
  return rc;
}

enum { FEATURE_OPT_COUNT = 14 };

/* Fills out[0..FEATURE_OPT_COUNT) with the options add and edit share. */
static void feature_opt_table(struct feature_opts *o, struct cli_opt *out) {
  const struct cli_opt t[FEATURE_OPT_COUNT] = {
      {"--product", 1, &o->product, NULL},     {"--title", 1, &o->title, NULL},
      {"--description", 1, &o->description, NULL}, {"--status", 1, &o->status, NULL},
      {"--horizon", 1, &o->horizon, NULL},     {"--reach", 1, &o->reach, NULL},
      {"--impact", 1, &o->impact, NULL},       {"--confidence", 1, &o->confidence, NULL},
      {"--effort", 1, &o->effort, NULL},       {"--ice-impact", 1, &o->ice_impact, NULL},
      {"--ice-confidence", 1, &o->ice_confidence, NULL}, {"--ice-ease", 1, &o->ice_ease, NULL},
      {"--no-rice", 0, NULL, &o->no_rice},     {"--no-ice", 0, NULL, &o->no_ice},
  };
  memcpy(out, t, sizeof t);
}

static void print_feature(struct cli *c, const struct feature *f) {
  buf b;
  buf_init(&b, 0);
  if (c->json) {
    repr_feature(&b, f, REPR_FULL);
    buf_putc(&b, '\n');
    cli_out(&b);
    buf_free(&b);
    return;
  }
  buf_printf(&b, "%s  %s\n", f->key, f->title);
  buf_printf(&b, "status: %s   horizon: %s   version: %lld\n", feature_status_label(f->status),
             horizon_label(f->horizon), (long long)f->version);
  if (f->rice.set) {
    buf_puts(&b, "RICE: ");
    score_rice_explain(&b, &f->rice);
    buf_putc(&b, '\n');
  } else {
    buf_puts(&b, "RICE: not scored\n");
  }
  if (f->ice.set) {
    buf_puts(&b, "ICE:  ");
    score_ice_explain(&b, &f->ice);
    buf_putc(&b, '\n');
  } else {
    buf_puts(&b, "ICE:  not scored\n");
  }
  buf_printf(&b, "ideas: %lld linked, %lld votes\n", (long long)f->idea_count, (long long)f->vote_count);
  buf_printf(&b, "created %s by %s, updated %s\n", cli_time(c, f->created_at),
             f->created_by ? f->created_by_name : "the command line", cli_time(c, f->updated_at));
  if (*f->description) buf_printf(&b, "\n%s\n", f->description);
  cli_out(&b);
  buf_free(&b);
}

int cmd_feature_add(struct cli *c, int argc, char **argv) {
  struct feature_opts o = {0};
  const char *pos[1];
  int npos;
  struct cli_opt opts[FEATURE_OPT_COUNT + 1] = {{0}};
  feature_opt_table(&o, opts);
  int rc = cli_parse("feature add", argc, argv, opts, pos, 0, &npos);
  if (rc) return rc;
  if (!o.product) return cli_usage("feature add", "--product is required");
  if (!o.title) return cli_usage("feature add", "--title is required");
  struct feature_patch p;
  if ((rc = to_patch("feature add", &o, &p))) return rc;
  if ((rc = cli_open(c))) return rc;
  struct feature f;
  rc = app_feature_create(&c->x, o.product, &p, &f);
  if (rc) return cli_fail(c, rc);
  print_feature(c, &f);
  return 0;
}

int cmd_feature_edit(struct cli *c, int argc, char **argv) {
  struct feature_opts o = {0};
  const char *pos[1];
  int npos;
  struct cli_opt opts[FEATURE_OPT_COUNT + 5] = {{0}};
  feature_opt_table(&o, opts);
  opts[FEATURE_OPT_COUNT] = (struct cli_opt){"--if-version", 1, &o.if_version, NULL};
  /* planning (cmd_plan.c): --team, --size, --category */
  struct feature_plan_patch pp;
  const char *team = NULL, *size = NULL, *category = NULL;
  opts[FEATURE_OPT_COUNT + 1] = (struct cli_opt){"--team", 1, &team, NULL};
  opts[FEATURE_OPT_COUNT + 2] = (struct cli_opt){"--size", 1, &size, NULL};
  opts[FEATURE_OPT_COUNT + 3] = (struct cli_opt){"--category", 1, &category, NULL};
  int rc = cli_parse("feature edit", argc, argv, opts, pos, 1, &npos);
  if (rc) return rc;
  if (npos != 1) return cli_usage("feature edit", "give the feature key, like PAY-12");
  if (o.product) return cli_usage("feature edit", "a feature cannot change product");
  struct feature_patch p;
  if ((rc = to_patch("feature edit", &o, &p))) return rc;
  if ((rc = cli_plan_patch("feature edit", team, size, category, &pp))) return rc;
  if (team || size || category) p.plan = &pp;
  int64_t v = 0;
  if (o.if_version && (rc = cli_integer("feature edit", "--if-version", o.if_version, &v))) return rc;
  if ((rc = cli_open(c))) return rc;
  struct feature f;
  rc = app_feature_update(&c->x, pos[0], &p, v, &f);
  if (rc) return cli_fail(c, rc);
  print_feature(c, &f);
  return 0;
}

int cmd_feature_show(struct cli *c, int argc, char **argv) {
  const char *pos[1];
  int npos;
  int rc = cli_parse("feature show", argc, argv, NULL, pos, 1, &npos);
  if (rc) return rc;
  if (npos != 1) return cli_usage("feature show", "give the feature key, like PAY-12");
  if ((rc = cli_open(c))) return rc;
  struct feature f;
  rc = app_feature_get(&c->x, pos[0], &f);
  if (rc) return cli_fail(c, rc);
  print_feature(c, &f);
  return 0;
}

int cmd_feature_list(struct cli *c, int argc, char **argv) {
  struct feature_list_in in = {0};
  int csv = 0;
  const char *pos[1];
  int npos;
  const struct cli_opt opts[] = {{"--product", 1, &in.product, NULL}, {"--status", 1, &in.status, NULL},
                                 {"--horizon", 1, &in.horizon, NULL}, {"--q", 1, &in.text, NULL},
                                 {"--sort", 1, &in.sort, NULL},       {"--after", 1, &in.after, NULL},
                                 {"--limit", 1, &in.limit, NULL},     {"--csv", 0, NULL, &csv},
                                 {"--with-description", 0, NULL, &in.with_description},
                                 {NULL, 0, NULL, NULL}};
  int rc = cli_parse("feature list", argc, argv, opts, pos, 0, &npos);
  if (rc) return rc;
  if ((rc = cli_open(c))) return rc;
  struct feature_page pg;
  rc = app_feature_list(&c->x, &in, &pg);
  if (rc) return cli_fail(c, rc);
  buf b;
  buf_init(&b, 0);
  if (c->json) {
    buf_puts(&b, "{\"items\":[");
    for (size_t i = 0; i < pg.n; i++) {
      if (i) buf_putc(&b, ',');
      repr_feature(&b, &pg.items[i], REPR_FULL);
    }
    buf_printf(&b, "],\"next\":%J}\n", pg.next);
  } else if (csv) {
    static const char *const head[] = {"key", "title", "status", "horizon", "rice", "ice", "reach", "impact",
                                       "confidence", "effort", "ideas", "votes"};
    for (size_t k = 0; k < 12; k++) csv_field(&b, head[k], k == 0);
    csv_end_row(&b);
    for (size_t i = 0; i < pg.n; i++) {
      const struct feature *f = &pg.items[i];
      buf num;
      buf_init(&num, 0);
      const char *cells[12] = {f->key, f->title, feature_status_name(f->status), horizon_name(f->horizon)};
      if (f->rice.set) {
        buf_json_num(&num, score_rice(&f->rice));
        cells[4] = arena_strdup(c->a, buf_cstr(&num));
        cells[6] = arena_printf(c->a, "%g", f->rice.reach);
        cells[7] = arena_printf(c->a, "%g", f->rice.impact);
        cells[8] = arena_printf(c->a, "%g", f->rice.confidence);
        cells[9] = arena_printf(c->a, "%g", f->rice.effort);
      }
      if (f->ice.set) cells[5] = arena_printf(c->a, "%g", score_ice(&f->ice));
      cells[10] = arena_printf(c->a, "%lld", (long long)f->idea_count);
      cells[11] = arena_printf(c->a, "%lld", (long long)f->vote_count);
      buf_free(&num);
      for (size_t k = 0; k < 12; k++) csv_field(&b, cells[k] ? cells[k] : "", k == 0);
      csv_end_row(&b);
    }
  } else {
    static const char *const head[] = {"KEY", "STATUS", "HORIZON", "RICE", "ICE", "VOTES", "TITLE"};
    struct table t;
    table_start(&t, c->a, 7, head);
    for (size_t i = 0; i < pg.n; i++) {
      const struct feature *f = &pg.items[i];
      buf s1, s2;
      buf_init(&s1, 0);
      buf_init(&s2, 0);
      if (f->rice.set) score_display(&s1, score_rice(&f->rice));
      else buf_puts(&s1, "-");
      if (f->ice.set) score_display(&s2, score_ice(&f->ice));
      else buf_puts(&s2, "-");
      const char *row[] = {f->key, feature_status_name(f->status), horizon_name(f->horizon),
                           arena_strdup(c->a, buf_cstr(&s1)), arena_strdup(c->a, buf_cstr(&s2)),
                           arena_printf(c->a, "%lld", (long long)f->vote_count), f->title};
      buf_free(&s1);
      buf_free(&s2);
      table_row(&t, c->a, row);
    }
    table_print(&t, &b, 70);
    if (pg.next) buf_printf(&b, "more: keel feature list --after '%s' (with the same filters)\n", pg.next);
  }
  cli_out(&b);
  buf_free(&b);
  return 0;
}

int cmd_feature_move(struct cli *c, int argc, char **argv) {
  const char *before = NULL, *after = NULL, *horizon = NULL, *ver = NULL, *pos[1];
  const char *displace_to = NULL, *reason = NULL, **displace; /* focus: what moves out of a full Now */
  size_t ndisplace;
  int top = 0, bottom = 0, npos;
  int rc = cli_take_displace(c, &argc, argv, &displace, &ndisplace);
  if (rc) return rc;
  const struct cli_opt opts[] = {{"--before", 1, &before, NULL}, {"--after", 1, &after, NULL},
                                 {"--top", 0, NULL, &top},       {"--bottom", 0, NULL, &bottom},
                                 {"--horizon", 1, &horizon, NULL}, {"--if-version", 1, &ver, NULL},
                                 {"--displace-to", 1, &displace_to, NULL}, {"--reason", 1, &reason, NULL},
                                 {NULL, 0, NULL, NULL}};
  rc = cli_parse("feature move", argc, argv, opts, pos, 1, &npos);
  if (rc) return rc;
  if (npos != 1) return cli_usage("feature move", "give the feature key, like PAY-12");
  struct feature_move m = {.before = before, .after = after, .to_top = top, .to_bottom = bottom};
  if (horizon) {
    if (horizon_parse(horizon, &m.horizon)) return cli_usage("feature move", "--horizon must be now, next, later or unplanned");
    m.has_horizon = 1;
  }
  struct now_state refusal = {0};
  struct tradeoff_in t = {.displace = displace, .ndisplace = ndisplace, .reason = reason, .refusal = &refusal};
  if (displace_to) {
    if (horizon_parse(displace_to, &t.to) || t.to == HZ_NOW)
      return cli_usage("feature move", "--displace-to must be next, later or unplanned");
    t.has_to = 1;
  }
  m.tradeoff = &t;
  int64_t v = 0;
  if (ver && (rc = cli_integer("feature move", "--if-version", ver, &v))) return rc;
  if ((rc = cli_open(c))) return rc;
  struct feature f;
  rc = app_feature_move(&c->x, pos[0], &m, v, &f);
  if (rc) {
    int code = cli_fail(c, rc);
    if (rc == KEEL_ECONFLICT && refusal.feature_key) cli_print_refusal(&refusal);
    return code;
  }
  if (c->json) {
    print_feature(c, &f);
  } else {
    printf("%s is now in %s", f.key, horizon_label(f.horizon));
    if (before || after) printf(", %s %s", before ? "before" : "after", before ? before : after);
    else if (top || bottom) printf(", at the %s of the backlog", top ? "top" : "bottom");
    printf("\n");
  }
  return 0;
}

int cmd_feature_comment(struct cli *c, int argc, char **argv) {
  const char *body = NULL, *pos[1];
  int npos;
  const struct cli_opt opts[] = {{"--body", 1, &body, NULL}, {NULL, 0, NULL, NULL}};
  int rc = cli_parse("feature comment", argc, argv, opts, pos, 1, &npos);
  if (rc) return rc;
  if (npos != 1 || !body) return cli_usage("feature comment", "give the feature key and --body TEXT");
  if ((rc = cli_open(c))) return rc;
  struct comment cm;
  rc = app_comment_add(&c->x, "feature", pos[0], body, &cm);
  if (rc) return cli_fail(c, rc);
  printf("comment %lld added to %s\n", (long long)cm.id, pos[0]);
  return 0;
}
