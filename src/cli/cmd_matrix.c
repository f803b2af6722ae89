/* cmd_matrix.c — keel matrix: the impact vs effort quadrants in a terminal. */
#include "app/matrix.h"
#include "cli/cli.h"

int cmd_matrix(struct cli *c, int argc, char **argv);

/* Features listed per quadrant in the text output (--json gives all). */
enum { CLI_PER_QUADRANT = 10 };

int cmd_matrix(struct cli *c, int argc, char **argv) {
  struct matrix_in in = {0};
  const struct cli_opt opts[] = {{"--product", 1, &in.product, NULL},
                                 {"--initiative", 1, &in.initiative, NULL},
                                 {"--team", 1, &in.team, NULL},
                                 {NULL, 0, NULL, NULL}};
  int npos;
  int rc = cli_parse("matrix", argc, argv, opts, NULL, 0, &npos);
  if (rc) return rc;
  if ((rc = cli_open(c))) return rc;
  struct matrix_view v;
  if ((rc = app_matrix(&c->x, &in, &v))) return cli_fail(c, rc);
  buf b;
  buf_init(&b, 0);
  if (c->json) {
    repr_matrix(&b, &v);
    buf_putc(&b, '\n');
  } else {
    buf_printf(&b, "impact vs effort%s%s: %zu feature%s (value and effort 1-10, split at %g)\n",
               v.product ? " of " : "", v.product ? v.product->key : "", v.n, v.n == 1 ? "" : "s", MATRIX_MID);
    for (int q = 0; q < Q_COUNT; q++) {
      buf_printf(&b, "\n%s (%zu): %s\n", quadrant_label((enum quadrant)q), v.count[q],
                 quadrant_advice((enum quadrant)q));
      size_t shown = 0;
      for (size_t i = 0; i < v.n && shown < CLI_PER_QUADRANT; i++) {
        const struct matrix_point *p = &v.points[i];
        if ((int)p->quadrant != q) continue;
        size_t at = b.len;
        buf_printf(&b, "  %s", p->key);
        while (b.len < at + 12) buf_putc(&b, ' ');
        buf_printf(&b, " value %g, effort %g  %s\n", p->value, p->effort, p->title);
        shown++;
      }
      if (v.count[q] > shown) buf_printf(&b, "  ... and %zu more (--json lists all)\n", v.count[q] - shown);
    }
    if (v.unscored)
      buf_printf(&b, "\n%lld open feature%s without a value vs effort score (keel feature score KEY value_effort "
                     "value=N effort=N)\n",
                 (long long)v.unscored, v.unscored == 1 ? "" : "s");
    if (v.left_out) buf_printf(&b, "%lld more left out (the matrix holds %d)\n", (long long)v.left_out, MATRIX_POINTS_MAX);
  }
  cli_out(&b);
  buf_free(&b);
  return 0;
}
