/* strategy.h — a product's vision revisions, personas, objectives, key results
 * and check-ins in the database. Results live in the caller's arena. */
#ifndef KEEL_STORE_STRATEGY_H
#define KEEL_STORE_STRATEGY_H

#include <stddef.h>

#include "domain/strategy.h"
#include "store/db.h"

/* A feature named in a list (a persona's features). */
struct feature_ref {
  int64_t id;
  const char *key, *title;
};

/* ---- vision (store/vision.c) ---- */

/* Reads the newest revision of product_id's vision, or revision n when n > 0.
 * KEEL_ENOTFOUND when there is none. */
int store_vision_get(db *d, arena *a, int64_t product_id, int64_t n, struct vision *out, struct keel_err *e);

/* Inserts v (product_id, revision, fields, reason, author_id, created_at) and
 * sets v->id. KEEL_EEXISTS when that revision number is taken already. */
int store_vision_insert(db *d, struct vision *v, struct keel_err *e);

/* Lists every revision of product_id's vision, newest first. */
int store_vision_list(db *d, arena *a, int64_t product_id, struct vision **out, size_t *n, struct keel_err *e);

/* ---- personas (store/personas.c) ---- */

/* Inserts p with version 1; sets id and version. KEEL_EEXISTS (field "name")
 * when the product has a persona of that name. */
int store_persona_insert(db *d, struct persona *p, struct keel_err *e);

/* Reads a persona by id, or by product and exact name. KEEL_ENOTFOUND when absent. */
int store_persona_get(db *d, arena *a, int64_t id, struct persona *out, struct keel_err *e);
int store_persona_by_name(db *d, arena *a, int64_t product_id, const char *name, struct persona *out,
                          struct keel_err *e);

/* Writes name and fields when p->version is current and bumps it.
 * KEEL_ESTALE otherwise; KEEL_EEXISTS for a taken name. */
int store_persona_update(db *d, struct persona *p, struct keel_err *e);

/* Deletes a persona (its feature links go with it). */
int store_persona_delete(db *d, int64_t id, struct keel_err *e);

/* Lists product_id's personas by name, each with feature_count. */
int store_persona_list(db *d, arena *a, int64_t product_id, struct persona **out, size_t *n, struct keel_err *e);

/* Lists the personas a feature serves, by name. */
int store_persona_list_for_feature(db *d, arena *a, int64_t feature_id, struct persona **out, size_t *n,
                                   struct keel_err *e);

/* Lists the features serving a persona, by key. */
int store_persona_features(db *d, arena *a, int64_t persona_id, struct feature_ref **out, size_t *n,
                           struct keel_err *e);

/* Makes ids[0..n) exactly the personas feature_id serves. */
int store_feature_personas_set(db *d, int64_t feature_id, const int64_t *ids, size_t n, struct keel_err *e);

/* ---- objectives, key results, check-ins (store/okrs.c) ---- */

/* Inserts o with version 1; sets id and version. */
int store_objective_insert(db *d, struct objective *o, struct keel_err *e);

/* Reads an objective. KEEL_ENOTFOUND when absent. */
int store_objective_get(db *d, arena *a, int64_t id, struct objective *out, struct keel_err *e);

/* Writes period, title, description, owner and status when o->version is
 * current and bumps it; KEEL_ESTALE otherwise. */
int store_objective_update(db *d, struct objective *o, struct keel_err *e);

/* Lists objectives by period then id: of product_id (0: all products) and
 * period (NULL: all periods). */
int store_objective_list(db *d, arena *a, int64_t product_id, const char *period, struct objective **out, size_t *n,
                         struct keel_err *e);

/* Inserts k with version 1; sets id and version. */
int store_kr_insert(db *d, struct key_result *k, struct keel_err *e);

/* Reads a key result. KEEL_ENOTFOUND when absent. */
int store_kr_get(db *d, arena *a, int64_t id, struct key_result *out, struct keel_err *e);

/* Writes title, metric, unit, baseline, target and current when k->version is
 * current and bumps it; KEEL_ESTALE otherwise. */
int store_kr_update(db *d, struct key_result *k, struct keel_err *e);

/* Lists an objective's key results by id. */
int store_kr_list(db *d, arena *a, int64_t objective_id, struct key_result **out, size_t *n, struct keel_err *e);

/* Inserts a check-in; sets c->id. */
int store_checkin_insert(db *d, struct kr_checkin *c, struct keel_err *e);

/* Lists a key result's check-ins, oldest first. */
int store_checkin_list(db *d, arena *a, int64_t kr_id, struct kr_checkin **out, size_t *n, struct keel_err *e);

/* ---- initiatives (store/initiatives.c) ---- */

/* An objective named in a list (an initiative's objectives). */
struct objective_ref {
  int64_t id;
  const char *period, *title;
};

/* Inserts i with version 1; sets id and version. KEEL_EEXISTS (field "name")
 * when the product has an initiative of that name. */
int store_initiative_insert(db *d, struct initiative *i, struct keel_err *e);

/* Reads an initiative by id, or by product and exact name. KEEL_ENOTFOUND when absent. */
int store_initiative_get(db *d, arena *a, int64_t id, struct initiative *out, struct keel_err *e);
int store_initiative_by_name(db *d, arena *a, int64_t product_id, const char *name, struct initiative *out,
                             struct keel_err *e);

/* Writes name and description when i->version is current and bumps it;
 * KEEL_ESTALE otherwise, KEEL_EEXISTS for a taken name. */
int store_initiative_update(db *d, struct initiative *i, struct keel_err *e);

/* Lists a product's initiatives by name, with their counts. */
int store_initiative_list(db *d, arena *a, int64_t product_id, struct initiative **out, size_t *n, struct keel_err *e);

/* Links (on = 1) or unlinks an objective. Linking twice is no change. */
int store_initiative_link(db *d, int64_t initiative_id, int64_t objective_id, int on, struct keel_err *e);

/* Lists the objectives an initiative serves, by period and id. */
int store_initiative_objectives(db *d, arena *a, int64_t initiative_id, struct objective_ref **out, size_t *n,
                                struct keel_err *e);

/* Lists the initiatives linked to an objective, by name. */
int store_objective_initiatives(db *d, arena *a, int64_t objective_id, struct initiative **out, size_t *n,
                                struct keel_err *e);

/* Lists the features of an initiative, by key. */
int store_initiative_features(db *d, arena *a, int64_t initiative_id, struct feature_ref **out, size_t *n,
                              struct keel_err *e);

/* Lists the features serving an objective: those of its initiatives, by key. */
int store_objective_features(db *d, arena *a, int64_t objective_id, struct feature_ref **out, size_t *n,
                             struct keel_err *e);

/* Sets a feature's initiative (0: none). */
int store_feature_set_initiative(db *d, int64_t feature_id, int64_t initiative_id, struct keel_err *e);

/* Reads the initiative of a feature; KEEL_ENOTFOUND when it has none. */
int store_feature_initiative(db *d, arena *a, int64_t feature_id, struct initiative *out, struct keel_err *e);

#endif
