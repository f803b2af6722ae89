/* competitors.h — the operations on a product's competitors and the
 * capability comparison (us and each competitor at a level 0..3), and their
 * JSON forms. Everyone signed in reads; PMs and admins write. */
#ifndef KEEL_APP_COMPETITORS_H
#define KEEL_APP_COMPETITORS_H

#include "app/app.h"
#include "domain/competitor.h"
#include "store/competitors.h"

/* NULL leaves a field as it is. */
struct competitor_patch {
  const char *name, *website, *strengths, *weaknesses;
};

/* Finds a competitor: ref is its id, or its name within product_key (which may
 * then not be NULL). KEEL_ENOTFOUND (field "competitor") when none. */
int app_competitor_get(struct app *x, const char *product_key, const char *ref, struct competitor *out);
/* Adds a competitor (name required and unique in the product; website empty
 * or http(s)://). Returns it in *out. */
int app_competitor_create(struct app *x, const char *product_key, const struct competitor_patch *p,
                          struct competitor *out);
/* Changes a competitor; KEEL_ESTALE for a stale expect_version. */
int app_competitor_update(struct app *x, const char *product_key, const char *ref, const struct competitor_patch *p,
                          int64_t expect_version, struct competitor *out);
/* Removes a competitor and its levels. */
int app_competitor_remove(struct app *x, const char *product_key, const char *ref, int64_t expect_version);
/* Lists a product's competitors by name. */
int app_competitor_list(struct app *x, const char *product_key, struct competitor **out, size_t *n);

/* Adds a capability with our level (LEVEL_MIN..LEVEL_MAX) and a note. */
int app_capability_add(struct app *x, const char *product_key, const char *name, int ours, const char *note,
                       struct capability *out);

/* A change of the comparison: our level (ours >= 0), a competitor's level
 * (competitor != NULL, level), the note (not NULL). */
struct capability_set {
  int ours;               /* -1: unchanged */
  const char *competitor; /* id or name, or NULL */
  int level;
  const char *note;
};

/* Applies s to the capability ref (id, or name within product_key).
 * expect_version as elsewhere (0: current). KEEL_EINVAL names "ours",
 * "level" or "competitor". */
int app_capability_set(struct app *x, const char *product_key, const char *ref, const struct capability_set *s,
                       int64_t expect_version, struct capability *out);

/* The comparison table: capabilities (rows) × competitors (columns);
 * levels[row * ncomp + col] is -1 where nothing is recorded. */
struct capability_matrix {
  struct capability *caps;
  size_t ncaps;
  struct competitor *comps;
  size_t ncomps;
  int *levels;
};
/* Fills *out for product_key; everything lives in x->a. */
int app_capability_matrix(struct app *x, const char *product_key, struct capability_matrix *out);

/* Append one JSON object to b. */
void repr_competitor(buf *b, const struct competitor *c);
void repr_capability(buf *b, const struct capability *c);
/* {"competitors":[...],"items":[capability + "levels":{"<competitor id>":level}]} */
void repr_capability_matrix(buf *b, const struct capability_matrix *m);

#endif
