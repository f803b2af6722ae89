/* cmd_focus.c — keel focus, keel tradeoffs, and the trade-off options of
 * keel feature move (--displace KEY, repeatable, --displace-to, --reason). */
#include <string.h>

#include "app/focus.h"
#include "cli/cli.h"

int cmd_focus(struct cli *c, int argc, char **argv);
int cmd_tradeoffs(struct cli *c, int argc, char **argv);

/* Takes every "--displace KEY" / "--displace=KEY" (KEY may be a comma-separated
 * list) out of argv, so cli_parse sees the rest. Returns 0 or EXIT_USAGE. */
int cli_take_displace(struct cli *c, int *argc, char **argv, const char ***keys, size_t *n) {
  *keys = NULL;
  *n = 0;
  size_t cap = 0;
  int out = 0;
  for (int i = 0; i < *argc; i++) {
    const char *v = NULL;
    if (i > 0 && strcmp(argv[i], "--displace") == 0) {
      if (i + 1 >= *argc) return cli_usage("feature move", "--displace needs a feature key, like PAY-3");
      v = argv[++i];
    } else if (i > 0 && strncmp(argv[i], "--displace=", 11) == 0) {
      v = argv[i] + 11;
    } else {
      argv[out++] = argv[i];
      continue;
    }
    const char *p = v;
    while (*p) {
      const char *comma = strchr(p, ',');
      size_t len = comma ? (size_t)(comma - p) : strlen(p);
      if (len) {
        if (*n == cap) {
          size_t grown = cap ? cap * 2 : 8;
          *keys = arena_realloc(c->a, (void *)*keys, cap * sizeof **keys, grown * sizeof **keys);
          cap = grown;
        }
        (*keys)[(*n)++] = arena_strndup(c->a, p, len);
      }
      p += len;
      if (*p == ',') p++;
    }
  }
  *argc = out;
  return 0;
}

/* Prints what is in Now after a refusal for capacity. */
void cli_print_refusal(const struct now_state *s) {
  fprintf(stderr, "in Now (%s, %s):\n", s->period, now_basis_unit(s->limit.basis));
  for (size_t i = 0; i < s->nitems; i++)
    fprintf(stderr, "  %-10s %6g  %s\n", s->items[i].key, s->weights[i], s->items[i].title);
  fprintf(stderr, "name what moves out: keel feature move %s --horizon now --displace KEY --reason TEXT\n",
          s->feature_key);
}

static const char *days_text(struct cli *c, double d) {
  return d < 0 ? "-" : arena_printf(c->a, "%.0f days", d);
}

int cmd_focus(struct cli *c, int argc, char **argv) {
  const char *product = NULL, *pos[1];
  int npos;
  const struct cli_opt opts[] = {{"--product", 1, &product, NULL}, {NULL, 0, NULL, NULL}};
  int rc = cli_parse("focus", argc, argv, opts, pos, 0, &npos);
  if (rc) return rc;
  if (!product) return cli_usage("focus", "--product KEY is required");
  if ((rc = cli_open(c))) return rc;
  struct focus_view v;
  rc = app_focus_get(&c->x, product, &v);
  if (rc) return cli_fail(c, rc);
  buf b;
  buf_init(&b, 0);
  if (c->json) {
    repr_focus(&b, &v);
    buf_putc(&b, '\n');
  } else {
    const struct focus_report *r = &v.report;
    buf_printf(&b, "Focus health of %s\n\n", v.product.key);
    if (v.now.limit.basis == NOW_UNLIMITED) buf_printf(&b, "Now:        %g in Now, no limit\n", v.now.load);
    else
      buf_printf(&b, "Now:        %g of %g %s used (%s)\n", v.now.load, v.now.limit.capacity,
                 now_basis_unit(v.now.limit.basis), v.now.period);
    buf_printf(&b, "Churn:      %lld changes in %d days (%lld in, %lld out), %.0f%% of the %zu in Now\n",
               (long long)(r->entries + r->exits), FOCUS_WINDOW_DAYS, (long long)r->entries, (long long)r->exits,
               r->churn_percent, v.now.nitems);
    buf_puts(&b, "Per week:   ");
    for (int i = 0; i < FOCUS_WEEKS; i++) buf_printf(&b, "%s%lld", i ? " " : "", (long long)r->weekly[i]);
    buf_putc(&b, '\n');
    if (r->dwell_known)
      buf_printf(&b, "Dwell:      median %.1f days, mean %.1f days before leaving unshipped (%zu items, %d days)\n",
                 r->dwell_median, r->dwell_mean, r->dwell_known, FOCUS_DWELL_WINDOW_DAYS);
    else buf_printf(&b, "Dwell:      nothing left Now unshipped in %d days\n", FOCUS_DWELL_WINDOW_DAYS);
    for (size_t i = 0; i < v.nteams; i++) {
      const struct team_wip *t = &v.teams[i];
      buf_printf(&b, "WIP:        %s %lld in progress", t->name, (long long)t->in_progress);
      if (t->wip_limit >= 0) buf_printf(&b, " of %lld%s", (long long)t->wip_limit, t->over ? "  OVER" : "");
      buf_putc(&b, '\n');
    }
    if (v.has_vision)
      buf_printf(&b, "Vision:     revision %lld, stood %s (%lld revisions in %d days)\n", (long long)v.vision_revision,
                 days_text(c, r->vision_age_days), (long long)v.vision_changes, FOCUS_WINDOW_DAYS);
    else buf_puts(&b, "Vision:     none\n");
    buf_printf(&b, "Objectives: %lld for %s, unchanged for %s\n", (long long)v.objectives, v.now.period,
               days_text(c, r->objectives_age_days));
    for (size_t i = 0; i < r->nwarnings; i++) buf_printf(&b, "WARNING:    %s\n", r->warnings[i].message);
    if (r->ncounted) buf_printf(&b, "\nChanges of Now in %d days:\n", FOCUS_WINDOW_DAYS);
    for (size_t i = 0; i < r->ncounted; i++) {
      const struct hz_change *h = r->counted[i];
      buf_printf(&b, "  %s  %-10s %s -> %s  %s\n", cli_time(c, h->at), h->key, horizon_name(h->from),
                 horizon_name(h->to), h->actor_name);
    }
    if (r->ndwell) buf_puts(&b, "\nLeft Now unshipped:\n");
    for (size_t i = 0; i < r->ndwell; i++) {
      const struct focus_dwell *d = &r->dwell[i];
      if (d->entered) buf_printf(&b, "  %-10s %.1f days in Now, left %s\n", d->left_now->key, d->days, cli_time(c, d->left_now->at));
      else buf_printf(&b, "  %-10s entry unknown, left %s\n", d->left_now->key, cli_time(c, d->left_now->at));
    }
  }
  cli_out(&b);
  buf_free(&b);
  return 0;
}

int cmd_tradeoffs(struct cli *c, int argc, char **argv) {
  const char *product = NULL, *limit = NULL, *pos[1];
  int npos;
  const struct cli_opt opts[] = {{"--product", 1, &product, NULL}, {"--limit", 1, &limit, NULL}, {NULL, 0, NULL, NULL}};
  int rc = cli_parse("tradeoffs", argc, argv, opts, pos, 0, &npos);
  if (rc) return rc;
  if (!product) return cli_usage("tradeoffs", "--product KEY is required");
  int64_t lim = TRADEOFF_LIST_DEFAULT;
  if (limit && (rc = cli_integer("tradeoffs", "--limit", limit, &lim))) return rc;
  if ((rc = cli_open(c))) return rc;
  struct tradeoff *ts;
  size_t n;
  rc = app_tradeoff_list(&c->x, product, lim > TRADEOFF_LIST_MAX || lim < 1 ? 0 : (int)lim, &ts, &n);
  if (rc) return cli_fail(c, rc);
  buf b;
  buf_init(&b, 0);
  if (c->json) {
    buf_puts(&b, "{\"items\":[");
    for (size_t i = 0; i < n; i++) {
      if (i) buf_putc(&b, ',');
      repr_tradeoff(&b, &ts[i]);
    }
    buf_puts(&b, "]}\n");
  } else if (!n) {
    buf_printf(&b, "no trade-offs recorded for %s\n", product);
  } else {
    for (size_t i = 0; i < n; i++) {
      const struct tradeoff *t = &ts[i];
      buf_printf(&b, "%s  %s into %s, out:", cli_time(c, t->at), t->key, horizon_name(t->horizon));
      for (size_t k = 0; k < t->nout; k++)
        buf_printf(&b, "%s %s (to %s)", k ? "," : "", t->out[k].key, horizon_name(t->out[k].to));
      buf_printf(&b, "  by %s\n    why: %s\n", t->actor_name, t->reason);
    }
  }
  cli_out(&b);
  buf_free(&b);
  return 0;
}
