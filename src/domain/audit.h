/* audit.h — the history of every change: who, when, what, before and after.
 *
 * Before and after are JSON snapshots of the record (null for a creation or a
 * deletion). audit_diff() turns a pair into the list of fields that changed,
 * which is what history pages and `keel log` show. */
#ifndef KEEL_DOMAIN_AUDIT_H
#define KEEL_DOMAIN_AUDIT_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"

struct audit_entry {
  int64_t id;
  int64_t at;
  int64_t actor_id; /* 0 for the command line acting as the workspace owner */
  const char *actor_name;
  const char *action;      /* "feature.update", "idea.decline", ... */
  const char *entity_type; /* "feature", "idea", "product", "user", ... */
  int64_t entity_id;
  const char *entity_label; /* "PAY-12", "idea 42", ... */
  const char *before;       /* JSON text or NULL */
  const char *after;        /* JSON text or NULL */
};

struct field_change {
  const char *field;  /* "title", "rice.effort", ... */
  const char *before; /* display text, "" when absent */
  const char *after;
};

/* Computes the fields whose values differ between the before and after
 * snapshots (nested objects are compared field by field; the bookkeeping
 * fields id, version, created_at, updated_at, rank and scores are left out,
 * and so are empty values in a creation). Returns the number of changes and sets *out to
 * an array in a; 0 when nothing differs or the snapshots cannot be read. */
size_t audit_diff(arena *a, const char *before, const char *after, struct field_change **out);

#endif
