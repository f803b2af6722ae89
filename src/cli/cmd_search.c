/* cmd_search.c — keel search, keel idea similar, keel idea merge. */
#include <string.h>

#include "cli/cli.h"
#include "domain/search.h"

int cmd_search(struct cli *c, int argc, char **argv);
int cmd_idea_similar(struct cli *c, int argc, char **argv);
int cmd_idea_merge(struct cli *c, int argc, char **argv);

/* Appends a marked text with matches in [brackets]. */
static void put_marked(struct cli *c, buf *b, const char *text) {
  struct search_segment *seg;
  size_t n = search_segments(c->a, text, &seg);
  for (size_t i = 0; i < n; i++) buf_printf(b, seg[i].mark ? "[%s]" : "%s", seg[i].text);
}

int cmd_search(struct cli *c, int argc, char **argv) {
  struct search_in in = {0};
  const char *pos[1];
  int npos;
  const struct cli_opt opts[] = {{"--type", 1, &in.type, NULL},   {"--product", 1, &in.product, NULL},
                                 {"--limit", 1, &in.limit, NULL}, {"--after", 1, &in.after, NULL},
                                 {NULL, 0, NULL, NULL}};
  int rc = cli_parse("search", argc, argv, opts, pos, 1, &npos);
  if (rc) return rc;
  if (npos != 1) return cli_usage("search", "give what to look for, in quotes when it is several words");
  in.q = pos[0];
  if ((rc = cli_open(c))) return rc;
  struct search_page pg;
  rc = app_search(&c->x, &in, &pg);
  if (rc) return cli_fail(c, rc);
  buf b;
  buf_init(&b, 0);
  if (c->json) {
    buf_puts(&b, "{\"items\":[");
    for (size_t i = 0; i < pg.n; i++) {
      if (i) buf_putc(&b, ',');
      repr_search_hit(&b, c->a, &pg.items[i]);
    }
    buf_printf(&b, "],\"next\":%J}\n", pg.next);
  } else {
    if (!pg.n) buf_puts(&b, "nothing matches\n");
    for (size_t i = 0; i < pg.n; i++) {
      const struct search_hit *h = &pg.items[i];
      if (h->type == ST_FEATURE) buf_printf(&b, "feature %s  ", h->key);
      else buf_printf(&b, "%s %lld  ", search_type_name(h->type), (long long)h->id);
      if (h->title) put_marked(c, &b, h->title);
      buf_printf(&b, "   (%s%s%s)\n", h->product_key && *h->product_key ? h->product_key : "",
                 h->product_key && *h->product_key ? ", " : "", h->status);
      if (h->snippet && *h->snippet) {
        buf_puts(&b, "    ");
        put_marked(c, &b, h->snippet);
        buf_putc(&b, '\n');
      }
    }
    if (pg.next) buf_printf(&b, "more: --after %s\n", pg.next);
  }
  cli_out(&b);
  buf_free(&b);
  return 0;
}

int cmd_idea_similar(struct cli *c, int argc, char **argv) {
  const char *pos[1];
  int npos;
  int rc = cli_parse("idea similar", argc, argv, NULL, pos, 1, &npos);
  if (rc) return rc;
  int64_t id;
  if (npos != 1) return cli_usage("idea similar", "give the idea's number");
  if ((rc = cli_integer("idea similar", "ID", pos[0], &id))) return rc;
  if ((rc = cli_open(c))) return rc;
  struct similar_hit *h;
  size_t n;
  rc = app_idea_similar(&c->x, id, &h, &n);
  if (rc) return cli_fail(c, rc);
  buf b;
  buf_init(&b, 0);
  if (c->json) {
    buf_puts(&b, "{\"items\":[");
    for (size_t i = 0; i < n; i++) {
      if (i) buf_putc(&b, ',');
      repr_similar_hit(&b, c->a, &h[i]);
    }
    buf_puts(&b, "]}\n");
  } else {
    if (!n) buf_puts(&b, "no similar ideas\n");
    for (size_t i = 0; i < n; i++)
      buf_printf(&b, "%3d%%  idea %lld  %s   (%s)\n", (int)(h[i].similarity * 100 + 0.5), (long long)h[i].item.id,
                 h[i].item.title ? h[i].item.title : "", h[i].item.status);
  }
  cli_out(&b);
  buf_free(&b);
  return 0;
}

int cmd_idea_merge(struct cli *c, int argc, char **argv) {
  const char *into_s = NULL, *ver = NULL, *pos[1];
  int npos;
  const struct cli_opt opts[] = {{"--into", 1, &into_s, NULL}, {"--if-version", 1, &ver, NULL}, {NULL, 0, NULL, NULL}};
  int rc = cli_parse("idea merge", argc, argv, opts, pos, 1, &npos);
  if (rc) return rc;
  int64_t id, into, v = 0;
  if (npos != 1) return cli_usage("idea merge", "give the number of the idea to merge");
  if (!into_s) return cli_usage("idea merge", "--into is required: the idea that stays");
  if ((rc = cli_integer("idea merge", "ID", pos[0], &id))) return rc;
  if ((rc = cli_integer("idea merge", "--into", into_s, &into))) return rc;
  if (ver && (rc = cli_integer("idea merge", "--if-version", ver, &v))) return rc;
  if ((rc = cli_open(c))) return rc;
  struct idea i, s;
  rc = app_idea_merge(&c->x, id, into, v, &i, &s);
  if (rc) return cli_fail(c, rc);
  buf b;
  buf_init(&b, 0);
  if (c->json) {
    repr_idea(&b, &i, REPR_FULL);
    buf_putc(&b, '\n');
  } else {
    buf_printf(&b, "idea %lld merged into idea %lld  %s\nidea %lld now has %lld vote%s\n", (long long)id, (long long)into,
               s.title, (long long)into, (long long)s.votes, s.votes == 1 ? "" : "s");
  }
  cli_out(&b);
  buf_free(&b);
  return 0;
}
