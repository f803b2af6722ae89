/* audit.h — the audit trail in the database. Written only inside the
 * transaction of the change it records. */
#ifndef KEEL_STORE_AUDIT_H
#define KEEL_STORE_AUDIT_H

#include <stddef.h>

#include "domain/audit.h"
#include "store/db.h"

struct audit_query {
  const char *entity_type; /* NULL: every type */
  int64_t entity_id;       /* 0: every entity (with entity_type) */
  const int64_t *also_ids; /* with entity_id: entries of these entities (of the same type) too */
  size_t nalso;
  int64_t actor_id;        /* 0: anyone */
  int64_t before_id;       /* 0: newest first; else entries older than this id */
  int limit;
};

/* Appends an entry (at, actor_id, action, entity_type, entity_id,
 * entity_label, before, after) and advances the generation; sets en->id.
 * Call inside the transaction of the change it records. */
int store_audit_insert(db *d, struct audit_entry *en, struct keel_err *e);

/* Reads the workspace generation: a counter that every audit entry advances
 * inside the transaction of its change, so it moves, in commit order, whenever
 * anything a reader can see has changed. */
int store_generation(db *d, int64_t *out, struct keel_err *e);

/* Advances the generation without a history entry: for changes a reader can
 * see but nobody needs in the history (a notification marked read). Call
 * inside the transaction of the change. */
int store_generation_advance(db *d, struct keel_err *e);

/* Lists entries newest first: up to q->limit + 1, to tell whether more exist. */
int store_audit_list(db *d, arena *a, const struct audit_query *q, struct audit_entry **out, size_t *n,
                     struct keel_err *e);

#endif
