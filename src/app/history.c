/* history.c — reading the audit trail. */
#include <string.h>

#include "app/internal.h"
#include "store/audit.h"
#include "store/merge.h"

int app_history(struct app *x, const struct history_in *in, struct history_page *out) {
  memset(out, 0, sizeof *out);
  int rc = app_require(x, CAP_READ, "see history");
  if (rc) return rc;
  struct audit_query q = {.entity_type = in->entity_type, .before_id = in->before_id, .limit = in->limit};
  if (q.limit < 1 || q.limit > PAGE_MAX) q.limit = PAGE_DEFAULT;
  if (in->entity_type && in->ref) {
    const char *label;
    rc = app_resolve_entity(x, in->entity_type, in->ref, &q.entity_id, &label);
    if (rc) return rc;
    /* An idea's history holds that of the ideas merged into it (app/merge.c). */
    int64_t *merged;
    if (strcmp(in->entity_type, "idea") == 0) {
      rc = store_merged_ids(x->db, x->a, q.entity_id, &merged, &q.nalso, x->e);
      if (rc) return rc;
      q.also_ids = merged;
    }
  }
  rc = store_audit_list(x->db, x->a, &q, &out->items, &out->n, x->e);
  if (rc) return rc;
  if (out->n > (size_t)q.limit) {
    out->n = (size_t)q.limit;
    out->next_before = out->items[out->n - 1].id;
  }
  return KEEL_OK;
}
