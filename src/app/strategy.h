/* strategy.h — the operations on a product's strategy: its vision (append-only
 * revisions), personas and the features that serve them, objectives with key
 * results and check-ins; and their JSON forms.
 *
 * Everyone signed in (CAP_READ) reads; PMs and admins (CAP_PRODUCT) write.
 * Every write runs in one transaction with its audit record. Results live in
 * x->a. */
#ifndef KEEL_APP_STRATEGY_H
#define KEEL_APP_STRATEGY_H

#include "app/app.h"
#include "domain/strategy.h"
#include "store/strategy.h"

/* ---- vision (app/vision.c) ---- */

/* base_revision value meaning "whatever is current" (the CLI's default). */
enum { VISION_ANY_BASE = -1 };

/* A new revision: NULL fields keep the previous revision's text. */
struct vision_patch {
  const char *fields[VISION_NFIELDS];
  const char *reason;
};

/* Reads product_key's vision: revision n, or the newest when n is 0. A
 * product without a vision gives KEEL_OK with revision 0 and empty fields
 * (when n is 0). KEEL_ENOTFOUND for an unknown product or revision. */
int app_vision_get(struct app *x, const char *product_key, int64_t n, struct vision *out);

/* Saves a new revision made from the newest one and p. base_revision names the
 * revision the edit started from (0 when there was none yet, VISION_ANY_BASE
 * for the current one): another gives KEEL_ESTALE and nothing is written.
 * From the second revision on, p->reason is required (field "reason").
 * Returns the stored revision in *out. */
int app_vision_save(struct app *x, const char *product_key, const struct vision_patch *p, int64_t base_revision,
                    struct vision *out);

/* Lists every revision, newest first. */
int app_vision_history(struct app *x, const char *product_key, struct vision **out, size_t *n);

/* Reads revisions from and to for a side-by-side comparison. */
int app_vision_compare(struct app *x, const char *product_key, int64_t from, int64_t to, struct vision *a,
                       struct vision *b);

/* ---- personas (app/personas.c) ---- */

/* NULL leaves a field as it is. */
struct persona_patch {
  const char *name;
  const char *fields[PERSONA_NFIELDS];
};

/* Finds a persona: ref is its id, or its name within product_key (which may
 * then not be NULL). KEEL_ENOTFOUND (field "persona") when there is none. */
int app_persona_get(struct app *x, const char *product_key, const char *ref, struct persona *out);

/* Adds a persona to product_key (name required, unique in the product:
 * KEEL_EEXISTS). Returns the stored persona in *out. */
int app_persona_create(struct app *x, const char *product_key, const struct persona_patch *p, struct persona *out);
/* Changes a persona's name and fields; KEEL_ESTALE when expect_version is not
 * the current one. Returns the stored persona in *out. */
int app_persona_update(struct app *x, const char *product_key, const char *ref, const struct persona_patch *p,
                       int64_t expect_version, struct persona *out);
/* Removes a persona; features stop naming it. */
int app_persona_remove(struct app *x, const char *product_key, const char *ref, int64_t expect_version);
/* Lists a product's personas by name. */
int app_persona_list(struct app *x, const char *product_key, struct persona **out, size_t *n);
/* Lists the features serving a persona. */
int app_persona_features(struct app *x, int64_t persona_id, struct feature_ref **out, size_t *n);

enum persona_op { PERSONAS_SET, PERSONAS_ADD, PERSONAS_REMOVE };

/* Changes which personas feature_key serves: refs[0..n) (ids or names of the
 * feature's product's personas) become the set, are added or are removed.
 * KEEL_EINVAL (field "personas") names an unknown one; nothing changes then.
 * Returns the resulting personas in *out. */
int app_feature_personas(struct app *x, const char *feature_key, enum persona_op op, const char *const *refs, size_t n,
                         struct persona **out, size_t *nout);

/* Lists the personas feature_key serves. */
int app_feature_personas_get(struct app *x, const char *feature_key, struct persona **out, size_t *n);

/* ---- objectives and key results (app/okrs.c) ---- */

/* NULL leaves a field as it is; owner is a user's e-mail, or "" for none. */
struct objective_patch {
  const char *period, *title, *description, *status, *owner;
};

/* An objective with its key results and its progress (mean clamped percent). */
struct objective_view {
  struct objective o;
  struct key_result *krs;
  size_t nkr;
  double progress;
};

/* Adds an objective to product_key (period and title required; the owner is
 * the actor unless p->owner says otherwise). Returns it in *out. */
int app_objective_create(struct app *x, const char *product_key, const struct objective_patch *p,
                         struct objective_view *out);
/* Reads an objective with its key results and progress; KEEL_ENOTFOUND. */
int app_objective_get(struct app *x, int64_t id, struct objective_view *out);
/* Changes an objective's fields; KEEL_ESTALE for a stale expect_version. */
int app_objective_update(struct app *x, int64_t id, const struct objective_patch *p, int64_t expect_version,
                         struct objective_view *out);
/* Lists objectives of product_key (NULL: all) in period (NULL: all), by
 * period, each with its key results. KEEL_EINVAL for a malformed period. */
int app_objective_list(struct app *x, const char *product_key, const char *period, struct objective_view **out,
                       size_t *n);

/* A key result's fields; has_* say which numbers are given. */
struct kr_patch {
  const char *title, *metric, *unit;
  int has_baseline, has_target;
  double baseline, target;
};

/* Adds a key result to an objective; its current value starts at the baseline. */
int app_kr_create(struct app *x, int64_t objective_id, const struct kr_patch *p, struct key_result *out);
/* Reads a key result; KEEL_ENOTFOUND. */
int app_kr_get(struct app *x, int64_t id, struct key_result *out);
/* Changes a key result's fields (target must still differ from the
 * baseline); KEEL_ESTALE for a stale expect_version. */
int app_kr_update(struct app *x, int64_t id, const struct kr_patch *p, int64_t expect_version, struct key_result *out);
/* Records a check-in and makes value the key result's current value, in one
 * transaction. expect_version as elsewhere (0: current). */
int app_kr_checkin(struct app *x, int64_t id, double value, const char *comment, int64_t expect_version,
                   struct kr_checkin *out, struct key_result *kr);
/* Reads a key result and its check-ins, oldest first. */
int app_kr_history(struct app *x, int64_t id, struct key_result *kr, struct kr_checkin **out, size_t *n);

/* ---- JSON forms (app/repr_strategy.c): each appends one JSON object to b ---- */
void repr_vision(buf *b, const char *product_key, const struct vision *v);
/* {"from","to","fields":{name:{"from","to","changed"}},"changed":[names]} */
void repr_vision_compare(buf *b, const struct vision *a, const struct vision *c);
void repr_persona(buf *b, const struct persona *p);
void repr_key_result(buf *b, const struct key_result *k);
void repr_checkin(buf *b, const struct kr_checkin *c);
void repr_objective(buf *b, const struct objective_view *v);

/* ---- initiatives (app/initiatives.c) ---- */

/* NULL leaves a field as it is. */
struct initiative_patch {
  const char *name, *description;
};

/* An initiative with the objectives it serves and its features. */
struct initiative_view {
  struct initiative i;
  struct objective_ref *objectives;
  size_t nobjectives;
  struct feature_ref *features;
  size_t nfeatures;
};

/* Finds an initiative: ref is its id, or its name within product_key (which
 * may then not be NULL). KEEL_ENOTFOUND (field "initiative") when none. */
int app_initiative_get(struct app *x, const char *product_key, const char *ref, struct initiative_view *out);
/* Adds an initiative (name required, unique in the product: KEEL_EEXISTS). */
int app_initiative_create(struct app *x, const char *product_key, const struct initiative_patch *p,
                          struct initiative *out);
/* Changes an initiative's name or description; KEEL_ESTALE when stale. */
int app_initiative_update(struct app *x, const char *product_key, const char *ref, const struct initiative_patch *p,
                          int64_t expect_version, struct initiative *out);
/* Lists a product's initiatives by name. */
int app_initiative_list(struct app *x, const char *product_key, struct initiative **out, size_t *n);
/* Links (on = 1) or unlinks an objective of the same product. ref is an id,
 * or a name within the objective's product. KEEL_EINVAL (field "objective")
 * for an objective of another product. */
int app_initiative_link(struct app *x, const char *ref, int64_t objective_id, int on, struct initiative_view *out);
/* Puts a feature in an initiative of its product (ref an id or name), or in
 * none (ref NULL or ""). *out gets the initiative (id 0 for none). */
int app_feature_initiative(struct app *x, const char *feature_key, const char *ref, struct initiative *out);
/* Reads a feature's initiative (id 0 when none) and the objectives it serves. */
int app_feature_strategy(struct app *x, const char *feature_key, struct initiative_view *out);
/* Lists the initiatives and features serving an objective. */
int app_objective_serving(struct app *x, int64_t objective_id, struct initiative **ini, size_t *nini,
                          struct feature_ref **features, size_t *nfeatures);

/* Appends an initiative as JSON to b (with its counts). */
void repr_initiative(buf *b, const struct initiative *i);
/* repr_initiative plus "objectives" and "features". */
void repr_initiative_view(buf *b, const struct initiative_view *v);

#endif
