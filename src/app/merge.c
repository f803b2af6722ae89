/* merge.c — merging a duplicate idea into the one that survives. */
#include <string.h>

#include "app/internal.h"
#include "app/notify.h"
#include "store/ideas.h"
#include "store/merge.h"

static int64_t viewer(const struct app *x) { return x->actor ? x->actor->user_id : 0; }

/* What the survivor's audit record shows of it. */
static const char *survivor_snap(struct app *x, const struct idea *i, const struct merge_counts *c, int64_t merged) {
  return arena_printf(x->a, "{\"votes\":%lld,\"feedback\":%lld,\"followers\":%lld%s}", (long long)i->votes,
                      (long long)c->feedback, (long long)c->followers,
                      merged ? arena_printf(x->a, ",\"merged\":%lld", (long long)merged) : "");
}

int app_idea_merge(struct app *x, int64_t id, int64_t into, int64_t expect_version, struct idea *out,
                   struct idea *survivor_out) {
  int rc = app_require(x, CAP_PRODUCT, "merge ideas");
  if (rc) return rc;
  if (into <= 0) return err_set(x->e, KEEL_EINVAL, "into", "into must be the id of the idea to merge into");
  if (into == id) return err_set(x->e, KEEL_EINVAL, "into", "an idea cannot be merged into itself");
  rc = app_begin(x);
  if (rc) return rc;
  struct idea cur, target, i, after_target;
  struct merge_counts before_counts, after_counts;
  rc = store_idea_get(x->db, x->a, id, viewer(x), &cur, x->e);
  if (!rc) {
    rc = store_idea_get(x->db, x->a, into, viewer(x), &target, x->e);
    if (rc == KEEL_ENOTFOUND) rc = err_set(x->e, KEEL_EINVAL, "into", "there is no idea %lld", (long long)into);
  }
  if (!rc) rc = app_check_version(x, cur.version, expect_version, arena_printf(x->a, "idea %lld", (long long)id));
  if (!rc && cur.merged_at)
    rc = err_set(x->e, KEEL_ECONFLICT, NULL, "idea %lld was merged into idea %lld already", (long long)id,
                 (long long)cur.duplicate_of);
  if (!rc && target.merged_at)
    rc = err_set(x->e, KEEL_ECONFLICT, "into", "idea %lld was merged into idea %lld; merge into that one",
                 (long long)into, (long long)target.duplicate_of);
  else if (!rc && target.status == IS_DUPLICATE)
    rc = err_set(x->e, KEEL_ECONFLICT, "into", "idea %lld is a duplicate of idea %lld; merge into that one",
                 (long long)into, (long long)target.duplicate_of);
  if (!rc && target.product_id != cur.product_id)
    rc = err_set(x->e, KEEL_ECONFLICT, "into",
                 "idea %lld is in %s and idea %lld in %s: move one to the other's product first", (long long)id,
                 cur.product_key, (long long)into, target.product_key);
  if (!rc) rc = store_merge_counts(x->db, into, &before_counts, x->e);
  /* The idea first, and the news of it to whoever asked for it, while its
   * voters and followers are still its own. */
  if (!rc) {
    i = cur;
    i.status = IS_DUPLICATE;
    i.duplicate_of = into;
    i.merged_at = x->now;
    i.updated_at = x->now;
    rc = store_idea_update(x->db, &i, x->e);
  }
  if (!rc) rc = store_idea_get(x->db, x->a, id, viewer(x), out, x->e);
  if (!rc) rc = notify_idea_status(x, &cur, out);
  if (!rc) rc = store_merge_votes(x->db, id, into, x->e);
  if (!rc) rc = store_merge_links(x->db, id, into, x->now, x->e);
  if (!rc) rc = store_merge_followers(x->db, id, into, cur.submitted_by, x->now, x->e);
  if (!rc) rc = store_idea_get(x->db, x->a, id, viewer(x), out, x->e);
  if (!rc) rc = notify_fill_following(x, out, 1);
  if (!rc) rc = store_idea_get(x->db, x->a, into, viewer(x), &after_target, x->e);
  if (!rc) rc = notify_fill_following(x, &after_target, 1);
  if (!rc) rc = store_merge_counts(x->db, into, &after_counts, x->e);
  if (!rc)
    rc = app_audit(x, "idea.merge", "idea", id, arena_printf(x->a, "idea %lld", (long long)id), snap_idea(x, &cur),
                   snap_idea(x, out));
  if (!rc)
    rc = app_audit(x, "idea.merge_in", "idea", into, arena_printf(x->a, "idea %lld", (long long)into),
                   survivor_snap(x, &target, &before_counts, 0), survivor_snap(x, &after_target, &after_counts, id));
  rc = app_finish(x, rc);
  if (!rc && survivor_out) *survivor_out = after_target;
  return rc;
}

int app_idea_merged_ids(struct app *x, int64_t id, int64_t **ids, size_t *n) {
  *ids = NULL;
  *n = 0;
  int rc = app_require(x, CAP_READ, "see ideas");
  if (rc) return rc;
  return store_merged_ids(x->db, x->a, id, ids, n, x->e);
}
