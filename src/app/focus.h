/* focus.h — trade-offs made explicit and focus health: the operations.
 *
 * Every path that changes a feature's horizon records it with
 * app_horizon_record in its own transaction. Moving a feature into a Now
 * horizon that is at capacity (domain/focus.h) must name what moves out
 * (struct tradeoff_in); the moves, their horizon changes, the trade-off
 * decision and the audit records are written in the caller's transaction. */
#ifndef KEEL_APP_FOCUS_H
#define KEEL_APP_FOCUS_H

#include "app/app.h"
#include "domain/focus.h"
#include "domain/period.h"
#include "store/focus.h"

enum { TRADEOFF_DISPLACE_MAX = 50, TRADEOFF_LIST_MAX = 200, TRADEOFF_LIST_DEFAULT = 50 };

/* Where Now stands for a product: the rule in force, what occupies Now and
 * its load; when a move is refused, what the feature needed and what the
 * named displacements would have freed. */
struct now_state {
  char period[PERIOD_LEN];
  struct now_limit limit;
  double team_capacity; /* person-months set for the period (0 when none) */
  int has_team_capacity;
  int64_t now_limit;    /* the product's, -1 when unset */
  struct now_item *items;
  double *weights;      /* each item's weight under the rule */
  size_t nitems;
  double load;
  /* filled on a refusal */
  const char *feature_key;
  double needed, freed;
};

/* A trade-off named with a move into Now. */
struct tradeoff_in {
  const char *const *displace; /* feature keys that move out */
  size_t ndisplace;
  int has_to;                  /* 0: they go to Next */
  enum horizon to;
  const char *reason;          /* required when displacing */
  struct now_state *refusal;   /* when not NULL, filled when the move is refused for capacity */
};

/* Records a horizon change of after (before NULL: a new feature, from
 * unplanned) when the horizon differs, in the caller's transaction. */
int app_horizon_record(struct app *x, const struct feature *before, const struct feature *after);

/* Applies the Now rule to a change of feature cur (id 0 for one being
 * created in product_id) to horizon to with status status, in the caller's
 * transaction, before the change is written: when the feature comes to
 * occupy Now, checks the capacity, moves the named features out (recording
 * their horizon changes and audit) and records the trade-off. Returns
 * KEEL_OK, KEEL_ECONFLICT when Now would be over capacity (t->refusal
 * filled), KEEL_EINVAL naming "displace", "displace_to" or "reason". */
int app_now_admit(struct app *x, const struct feature *cur, int64_t product_id, enum horizon to,
                  enum feature_status status, const struct tradeoff_in *t);

/* Reads where Now stands for a product (by id), in the caller's transaction. */
int app_now_state(struct app *x, int64_t product_id, struct now_state *out);

/* Reads where Now stands for product_key (CAP_READ). */
int app_now_get(struct app *x, const char *product_key, struct product *p, struct now_state *out);

/* Sets (limit >= 0) or clears (limit < 0) the product's now_limit: features
 * allowed in Now when no team capacity is set; with name and description
 * (NULL: unchanged) in the same change, so a product edit that sets both is
 * one transaction and one version. CAP_PRODUCT; audited. */
int app_product_set_now_limit(struct app *x, const char *product_key, int64_t limit, const char *name,
                              const char *description, int64_t expect_version, struct product *out);

/* Lists a product's trade-off decisions, newest first, at most limit
 * (1..TRADEOFF_LIST_MAX). CAP_READ. */
int app_tradeoff_list(struct app *x, const char *product_key, int limit, struct tradeoff **out, size_t *n);

/* Lists the trade-offs feature_key took part in (went in, or moved out),
 * newest first, at most limit (1..TRADEOFF_LIST_MAX). CAP_READ. */
int app_tradeoff_list_feature(struct app *x, const char *feature_key, int limit, struct tradeoff **out, size_t *n);

/* Focus health of a product: the figures and the history behind them. */
struct focus_view {
  struct product product;
  struct now_state now;
  struct hz_change *changes; /* read for the report: the last FOCUS_DWELL_WINDOW_DAYS and more */
  size_t nchanges;
  struct team_wip *teams;
  size_t nteams;
  int has_vision;
  int64_t vision_revision, vision_at, vision_changes;
  int64_t objectives, objectives_at;
  struct focus_report report;
};

/* Computes focus health for product_key at x->now. CAP_READ. */
int app_focus_get(struct app *x, const char *product_key, struct focus_view *out);

/* JSON forms (shared by the API and the CLI's --json). */
void repr_now_state(buf *b, const struct now_state *s);
void repr_tradeoff(buf *b, const struct tradeoff *t);
void repr_focus(buf *b, const struct focus_view *v);

#endif
