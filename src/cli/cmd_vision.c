/* cmd_vision.c — keel vision ..., keel persona ... and keel feature personas. */
#include <string.h>

#include "app/strategy.h"
#include "cli/cli.h"

int cmd_vision_show(struct cli *c, int argc, char **argv);
int cmd_vision_edit(struct cli *c, int argc, char **argv);
int cmd_vision_history(struct cli *c, int argc, char **argv);
int cmd_vision_compare(struct cli *c, int argc, char **argv);
int cmd_persona_add(struct cli *c, int argc, char **argv);
int cmd_persona_list(struct cli *c, int argc, char **argv);
int cmd_persona_show(struct cli *c, int argc, char **argv);
int cmd_persona_edit(struct cli *c, int argc, char **argv);
int cmd_persona_remove(struct cli *c, int argc, char **argv);
int cmd_feature_personas(struct cli *c, int argc, char **argv);

static void print_vision(struct cli *c, const char *key, const struct vision *v) {
  buf b;
  buf_init(&b, 0);
  if (c->json) {
    repr_vision(&b, key, v);
    buf_putc(&b, '\n');
  } else if (!v->revision) {
    buf_printf(&b, "%s has no vision yet (keel vision edit %s --why ...)\n", key, key);
  } else {
    buf_printf(&b, "%s vision, revision %lld by %s, %s\n", key, (long long)v->revision,
               *v->author_name ? v->author_name : "the workspace owner", cli_time(c, v->created_at));
    if (*v->reason) buf_printf(&b, "reason: %s\n", v->reason);
    for (int i = 0; i < VISION_NFIELDS; i++)
      buf_printf(&b, "\n%s:\n%s\n", vision_field_labels[i], *v->fields[i] ? v->fields[i] : "-");
  }
  cli_out(&b);
  buf_free(&b);
}

int cmd_vision_show(struct cli *c, int argc, char **argv) {
  const char *rev = NULL, *pos[1];
  int npos;
  const struct cli_opt opts[] = {{"--revision", 1, &rev, NULL}, {NULL, 0, NULL, NULL}};
  int rc = cli_parse("vision show", argc, argv, opts, pos, 1, &npos);
  if (rc) return rc;
  if (npos != 1) return cli_usage("vision show", "give the product's key");
  int64_t n = 0;
  if (rev && (rc = cli_integer("vision show", "--revision", rev, &n))) return rc;
  if (rev && n < 1) return cli_usage("vision show", "--revision must be 1 or more");
  if ((rc = cli_open(c))) return rc;
  struct vision v;
  rc = app_vision_get(&c->x, pos[0], n, &v);
  if (rc) return cli_fail(c, rc);
  print_vision(c, pos[0], &v);
  return 0;
}

int cmd_vision_edit(struct cli *c, int argc, char **argv) {
  struct vision_patch p;
  memset(&p, 0, sizeof p);
  const char *base = NULL, *pos[1];
  struct cli_opt opts[VISION_NFIELDS + 3];
  for (int i = 0; i < VISION_NFIELDS; i++) {
    char *name = arena_printf(c->a, "--%s", vision_field_names[i]);
    for (char *s = name + 2; *s; s++)
      if (*s == '_') *s = '-';
    opts[i] = (struct cli_opt){name, 1, &p.fields[i], NULL};
  }
  opts[VISION_NFIELDS] = (struct cli_opt){"--reason", 1, &p.reason, NULL};
  opts[VISION_NFIELDS + 1] = (struct cli_opt){"--base", 1, &base, NULL};
  opts[VISION_NFIELDS + 2] = (struct cli_opt){NULL, 0, NULL, NULL};
  int npos;
  int rc = cli_parse("vision edit", argc, argv, opts, pos, 1, &npos);
  if (rc) return rc;
  if (npos != 1) return cli_usage("vision edit", "give the product's key");
  int64_t b = VISION_ANY_BASE;
  if (base && (rc = cli_integer("vision edit", "--base", base, &b))) return rc;
  if ((rc = cli_open(c))) return rc;
  struct vision v;
  rc = app_vision_save(&c->x, pos[0], &p, b, &v);
  if (rc) return cli_fail(c, rc);
  print_vision(c, pos[0], &v);
  return 0;
}

int cmd_vision_history(struct cli *c, int argc, char **argv) {
  const char *pos[1];
  int npos;
  int rc = cli_parse("vision history", argc, argv, NULL, pos, 1, &npos);
  if (rc) return rc;
  if (npos != 1) return cli_usage("vision history", "give the product's key");
  if ((rc = cli_open(c))) return rc;
  struct vision *vs;
  size_t n;
  rc = app_vision_history(&c->x, pos[0], &vs, &n);
  if (rc) return cli_fail(c, rc);
  buf b;
  buf_init(&b, 0);
  if (c->json) {
    buf_puts(&b, "{\"items\":[");
    for (size_t i = 0; i < n; i++) {
      if (i) buf_putc(&b, ',');
      repr_vision(&b, pos[0], &vs[i]);
    }
    buf_puts(&b, "]}\n");
  } else {
    static const char *const head[] = {"REVISION", "WHEN", "WHO", "REASON"};
    struct table t;
    table_start(&t, c->a, 4, head);
    for (size_t i = 0; i < n; i++) {
      const char *row[] = {arena_printf(c->a, "%lld", (long long)vs[i].revision), cli_time(c, vs[i].created_at),
                           *vs[i].author_name ? vs[i].author_name : "owner", vs[i].reason};
      table_row(&t, c->a, row);
    }
    table_print(&t, &b, 70);
  }
  cli_out(&b);
  buf_free(&b);
  return 0;
}

int cmd_vision_compare(struct cli *c, int argc, char **argv) {
  const char *pos[3];
  int npos;
  int rc = cli_parse("vision compare", argc, argv, NULL, pos, 3, &npos);
  if (rc) return rc;
  if (npos != 3) return cli_usage("vision compare", "give the product's key and two revision numbers");
  int64_t from, to;
  if ((rc = cli_integer("vision compare", "FROM", pos[1], &from)) || (rc = cli_integer("vision compare", "TO", pos[2], &to)))
    return rc;
  if ((rc = cli_open(c))) return rc;
  struct vision a, v;
  rc = app_vision_compare(&c->x, pos[0], from, to, &a, &v);
  if (rc) return cli_fail(c, rc);
  buf b;
  buf_init(&b, 0);
  if (c->json) {
    repr_vision_compare(&b, &a, &v);
    buf_putc(&b, '\n');
  } else {
    buf_printf(&b, "%s vision: revision %lld → %lld\n", pos[0], (long long)from, (long long)to);
    for (int i = 0; i < VISION_NFIELDS; i++) {
      if (!vision_field_changed(&a, &v, i)) {
        buf_printf(&b, "\n%s: unchanged\n", vision_field_labels[i]);
        continue;
      }
      buf_printf(&b, "\n%s: changed\n- %s\n+ %s\n", vision_field_labels[i], a.fields[i], v.fields[i]);
    }
  }
  cli_out(&b);
  buf_free(&b);
  return 0;
}

/* ---- personas ---- */

static void print_persona(struct cli *c, const struct persona *p, const struct feature_ref *fs, size_t nf) {
  buf b;
  buf_init(&b, 0);
  if (c->json) {
    repr_persona(&b, p);
    if (fs) {
      b.len--;
      buf_puts(&b, ",\"serving\":[");
      for (size_t i = 0; i < nf; i++) buf_printf(&b, "%s{\"key\":%J,\"title\":%J}", i ? "," : "", fs[i].key, fs[i].title);
      buf_puts(&b, "]}");
    }
    buf_putc(&b, '\n');
  } else {
    buf_printf(&b, "%s (persona %lld of %s, version %lld)\n", p->name, (long long)p->id, p->product_key,
               (long long)p->version);
    for (int i = 0; i < PERSONA_NFIELDS; i++)
      if (*p->fields[i]) buf_printf(&b, "%s: %s\n", persona_field_labels[i], p->fields[i]);
    for (size_t i = 0; i < nf; i++) buf_printf(&b, "%s%s  %s\n", i ? "" : "features serving it:\n", fs[i].key, fs[i].title);
  }
  cli_out(&b);
  buf_free(&b);
}

/* Fills opts[0..PERSONA_NFIELDS + 1) with --name and the field options. */
static void persona_opts(struct cli *c, struct cli_opt *opts, struct persona_patch *p) {
  opts[0] = (struct cli_opt){"--name", 1, &p->name, NULL};
  for (int i = 0; i < PERSONA_NFIELDS; i++)
    opts[i + 1] = (struct cli_opt){arena_printf(c->a, "--%s", persona_field_names[i]), 1, &p->fields[i], NULL};
}

int cmd_persona_add(struct cli *c, int argc, char **argv) {
  struct persona_patch p;
  memset(&p, 0, sizeof p);
  struct cli_opt opts[PERSONA_NFIELDS + 2];
  persona_opts(c, opts, &p);
  opts[PERSONA_NFIELDS + 1] = (struct cli_opt){NULL, 0, NULL, NULL};
  const char *pos[2];
  int npos;
  int rc = cli_parse("persona add", argc, argv, opts + 1, pos, 2, &npos);
  if (rc) return rc;
  if (npos != 2) return cli_usage("persona add", "give the product's key and the persona's name");
  p.name = pos[1];
  if ((rc = cli_open(c))) return rc;
  struct persona out;
  rc = app_persona_create(&c->x, pos[0], &p, &out);
  if (rc) return cli_fail(c, rc);
  print_persona(c, &out, NULL, 0);
  return 0;
}

int cmd_persona_list(struct cli *c, int argc, char **argv) {
  const char *pos[1];
  int npos;
  int rc = cli_parse("persona list", argc, argv, NULL, pos, 1, &npos);
  if (rc) return rc;
  if (npos != 1) return cli_usage("persona list", "give the product's key");
  if ((rc = cli_open(c))) return rc;
  struct persona *ps;
  size_t n;
  rc = app_persona_list(&c->x, pos[0], &ps, &n);
  if (rc) return cli_fail(c, rc);
  buf b;
  buf_init(&b, 0);
  if (c->json) {
    buf_puts(&b, "{\"items\":[");
    for (size_t i = 0; i < n; i++) {
      if (i) buf_putc(&b, ',');
      repr_persona(&b, &ps[i]);
    }
    buf_puts(&b, "]}\n");
  } else {
    static const char *const head[] = {"ID", "NAME", "FEATURES", "DESCRIPTION"};
    struct table t;
    table_start(&t, c->a, 4, head);
    for (size_t i = 0; i < n; i++) {
      const char *row[] = {arena_printf(c->a, "%lld", (long long)ps[i].id), ps[i].name,
                           arena_printf(c->a, "%lld", (long long)ps[i].feature_count), ps[i].fields[PERSONA_DESCRIPTION]};
      table_row(&t, c->a, row);
    }
    table_print(&t, &b, 60);
  }
  cli_out(&b);
  buf_free(&b);
  return 0;
}

/* Reads "ID" or "PRODUCT NAME" from the positional words. */
static int persona_ref(const char *cmd, const char **pos, int npos, const char **product, const char **ref) {
  if (npos == 1) {
    *product = NULL;
    *ref = pos[0];
  } else if (npos == 2) {
    *product = pos[0];
    *ref = pos[1];
  } else {
    return cli_usage(cmd, "give the persona's id, or the product's key and the persona's name");
  }
  return 0;
}

int cmd_persona_show(struct cli *c, int argc, char **argv) {
  const char *pos[2], *product = NULL, *ref = NULL;
  int npos;
  int rc = cli_parse("persona show", argc, argv, NULL, pos, 2, &npos);
  if (!rc) rc = persona_ref("persona show", pos, npos, &product, &ref);
  if (rc) return rc;
  if ((rc = cli_open(c))) return rc;
  struct persona p;
  struct feature_ref *fs;
  size_t nf;
  rc = app_persona_get(&c->x, product, ref, &p);
  if (!rc) rc = app_persona_features(&c->x, p.id, &fs, &nf);
  if (rc) return cli_fail(c, rc);
  print_persona(c, &p, fs, nf);
  return 0;
}

int cmd_persona_edit(struct cli *c, int argc, char **argv) {
  struct persona_patch p;
  memset(&p, 0, sizeof p);
  const char *ver = NULL, *pos[2], *product = NULL, *ref = NULL;
  struct cli_opt opts[PERSONA_NFIELDS + 3];
  persona_opts(c, opts, &p);
  opts[PERSONA_NFIELDS + 1] = (struct cli_opt){"--if-version", 1, &ver, NULL};
  opts[PERSONA_NFIELDS + 2] = (struct cli_opt){NULL, 0, NULL, NULL};
  int npos;
  int rc = cli_parse("persona edit", argc, argv, opts, pos, 2, &npos);
  if (!rc) rc = persona_ref("persona edit", pos, npos, &product, &ref);
  if (rc) return rc;
  int64_t v = 0;
  if (ver && (rc = cli_integer("persona edit", "--if-version", ver, &v))) return rc;
  if ((rc = cli_open(c))) return rc;
  struct persona out;
  rc = app_persona_update(&c->x, product, ref, &p, v, &out);
  if (rc) return cli_fail(c, rc);
  print_persona(c, &out, NULL, 0);
  return 0;
}

int cmd_persona_remove(struct cli *c, int argc, char **argv) {
  const char *ver = NULL, *pos[2], *product = NULL, *ref = NULL;
  const struct cli_opt opts[] = {{"--if-version", 1, &ver, NULL}, {NULL, 0, NULL, NULL}};
  int npos;
  int rc = cli_parse("persona remove", argc, argv, opts, pos, 2, &npos);
  if (!rc) rc = persona_ref("persona remove", pos, npos, &product, &ref);
  if (rc) return rc;
  int64_t v = 0;
  if (ver && (rc = cli_integer("persona remove", "--if-version", ver, &v))) return rc;
  if ((rc = cli_open(c))) return rc;
  rc = app_persona_remove(&c->x, product, ref, v);
  if (rc) return cli_fail(c, rc);
  buf b;
  buf_init(&b, 0);
  if (c->json) buf_printf(&b, "{\"persona\":%J,\"deleted\":true}\n", ref);
  else buf_printf(&b, "removed persona %s\n", ref);
  cli_out(&b);
  buf_free(&b);
  return 0;
}

int cmd_feature_personas(struct cli *c, int argc, char **argv) {
  const char *add = NULL, *del = NULL, *pos[1];
  const struct cli_opt opts[] = {{"--add", 1, &add, NULL}, {"--remove", 1, &del, NULL}, {NULL, 0, NULL, NULL}};
  int npos;
  int rc = cli_parse("feature personas", argc, argv, opts, pos, 1, &npos);
  if (rc) return rc;
  if (npos != 1) return cli_usage("feature personas", "give the feature's key");
  if (add && del) return cli_usage("feature personas", "give --add or --remove, not both");
  if ((rc = cli_open(c))) return rc;
  struct persona *ps;
  size_t n;
  if (add || del) {
    const char *refs[1] = {add ? add : del};
    rc = app_feature_personas(&c->x, pos[0], add ? PERSONAS_ADD : PERSONAS_REMOVE, refs, 1, &ps, &n);
  } else {
    rc = app_feature_personas_get(&c->x, pos[0], &ps, &n);
  }
  if (rc) return cli_fail(c, rc);
  buf b;
  buf_init(&b, 0);
  if (c->json) {
    buf_printf(&b, "{\"feature\":%J,\"personas\":[", pos[0]);
    for (size_t i = 0; i < n; i++) {
      if (i) buf_putc(&b, ',');
      repr_persona(&b, &ps[i]);
    }
    buf_puts(&b, "]}\n");
  } else {
    if (!n) buf_printf(&b, "%s serves no persona yet\n", pos[0]);
    for (size_t i = 0; i < n; i++) buf_printf(&b, "%s%s\n", i ? "" : "personas served:\n", ps[i].name);
  }
  cli_out(&b);
  buf_free(&b);
  return 0;
}
