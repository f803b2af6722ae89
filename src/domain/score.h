/* score.h — prioritisation scores, computed here and nowhere else.
 *
 * RICE = reach × impact × (confidence / 100) ÷ effort (Intercom, McBride 2016).
 * ICE  = impact × confidence × ease, each 1–10, so 1..1000.
 * The exact value is what is stored, sorted on and returned by the API; the
 * displayed value is rounded for reading (see score_display). */
#ifndef KEEL_DOMAIN_SCORE_H
#define KEEL_DOMAIN_SCORE_H

#include "core/buf.h"
#include "domain/feature.h"

/* Returns the RICE score of r (r->set must be true and r valid). */
double score_rice(const struct rice *r);

/* Returns the ICE score of i (i->set must be true and i valid). */
double score_ice(const struct ice *i);

/* Appends v rounded for display: whole numbers from 100 up, one decimal from
 * 10 up, two below; trailing zeros dropped ("675", "83.3", "0.25"). */
void score_display(buf *b, double v);

/* Appends the arithmetic behind the RICE score, e.g.
 * "450 reach × 3 impact × 100% confidence ÷ 2 person-months = 675". */
void score_rice_explain(buf *b, const struct rice *r);

/* Appends the arithmetic behind the ICE score, e.g. "8 impact × 6 confidence × 5 ease = 240". */
void score_ice_explain(buf *b, const struct ice *i);

#endif
