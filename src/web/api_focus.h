/* api_focus.h — the trade-off part of feature bodies, shared by the feature
 * handlers (api_features.c) and the focus API (api_focus.c). */
#ifndef KEEL_WEB_API_FOCUS_H
#define KEEL_WEB_API_FOCUS_H

#include "app/focus.h"
#include "web/api.h"

/* Reads "displace" (array of feature keys, or absent), "displace_to" and
 * "reason" into t (t->refusal NULL). Strings are borrowed from the body;
 * the key list lives in the request arena. Returns KEEL_OK or KEEL_EINVAL
 * naming the field. */
int api_tradeoff_in(struct req *r, json_t *displace, const char *displace_to, const char *reason, struct tradeoff_in *t);

/* After an operation that returned rc with t: when it was refused for
 * capacity (t->refusal filled), writes the 409 answer naming the capacity,
 * the load, what the feature needs and what is in Now, and returns KEEL_OK;
 * otherwise returns rc unchanged for the usual error answer. */
int api_tradeoff_refused(struct req *r, int rc, const struct tradeoff_in *t);

#endif
