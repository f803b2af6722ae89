/* score.c — RICE and ICE arithmetic and its presentation. */
#include "domain/score.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

double score_rice(const struct rice *r) { return r->reach * r->impact * (r->confidence / 100.0) / r->effort; }

double score_ice(const struct ice *i) { return (double)i->impact * i->confidence * i->ease; }

/* Appends v with at most `decimals` decimals, trailing zeros removed. */
static void number_trimmed(buf *b, double v, int decimals) {
  char tmp[64];
  snprintf(tmp, sizeof tmp, "%.*f", decimals, v);
  if (strchr(tmp, '.')) {
    size_t n = strlen(tmp);
    while (n > 0 && tmp[n - 1] == '0') tmp[--n] = '\0';
    if (n > 0 && tmp[n - 1] == '.') tmp[--n] = '\0';
  }
  if (strcmp(tmp, "-0") == 0) memmove(tmp, tmp + 1, 2);
  buf_puts(b, tmp);
}

void score_display(buf *b, double v) {
  double a = fabs(v);
  number_trimmed(b, v, a >= 100 ? 0 : a >= 10 ? 1 : 2);
}

void score_rice_explain(buf *b, const struct rice *r) {
  number_trimmed(b, r->reach, 2);
  buf_puts(b, " reach × ");
  number_trimmed(b, r->impact, 2);
  buf_puts(b, " impact × ");
  number_trimmed(b, r->confidence, 2);
  buf_puts(b, "% confidence ÷ ");
  number_trimmed(b, r->effort, 2);
  buf_puts(b, " person-months = ");
  score_display(b, score_rice(r));
}

void score_ice_explain(buf *b, const struct ice *i) {
  buf_printf(b, "%d impact × %d confidence × %d ease = ", i->impact, i->confidence, i->ease);
  score_display(b, score_ice(i));
}
