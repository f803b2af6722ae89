/* merge.c — SQL that moves votes, feedback links and followers from a merged
 * idea to its survivor, and finds the ideas merged into one. The statements
 * are plain SQL both SQLite and PostgreSQL run. */
#include "store/merge.h"

#include <string.h>

/* Runs sql binding the values of v (n of them) in order. */
static int run(db *d, const char *sql, const int64_t *v, int n, const char *what, struct keel_err *e) {
  db_stmt *st = db_prepare(d, sql, e);
  if (!st) return e->rc;
  for (int i = 0; i < n; i++) db_bind_int(st, i + 1, v[i]);
  return db_step_done(st, e, what);
}

static int count(db *d, const char *sql, int64_t id, int64_t *out, struct keel_err *e) {
  db_stmt *st = db_prepare(d, sql, e);
  if (!st) return e->rc;
  db_bind_int(st, 1, id);
  int r = db_step(st), rc = KEEL_OK;
  if (r > 0) *out = db_col_int(st, 0);
  else rc = db_fail(d, e, "count what an idea has");
  db_done(st);
  return rc;
}

int store_merge_counts(db *d, int64_t idea_id, struct merge_counts *out, struct keel_err *e) {
  memset(out, 0, sizeof *out);
  int rc = count(d, "SELECT COUNT(*) FROM votes WHERE idea_id = ?", idea_id, &out->votes, e);
  if (!rc) rc = count(d, "SELECT COUNT(*) FROM feedback_links WHERE idea_id = ?", idea_id, &out->feedback, e);
  if (!rc) rc = count(d, "SELECT COUNT(*) FROM followers WHERE idea_id = ?", idea_id, &out->followers, e);
  return rc;
}

int store_merge_votes(db *d, int64_t from, int64_t into, struct keel_err *e) {
  /* A voter of both keeps the survivor's vote, dated by the earlier of the two. */
  int64_t v1[] = {from, into, from};
  int rc = run(d,
               "UPDATE votes SET created_at = (SELECT o.created_at FROM votes o WHERE o.idea_id = ? "
               "AND o.user_id = votes.user_id) WHERE idea_id = ? AND created_at > "
               "(SELECT o.created_at FROM votes o WHERE o.idea_id = ? AND o.user_id = votes.user_id)",
               v1, 3, "keep the earlier vote", e);
  int64_t v2[] = {from, into};
  if (!rc)
    rc = run(d, "DELETE FROM votes WHERE idea_id = ? AND user_id IN (SELECT o.user_id FROM votes o WHERE o.idea_id = ?)",
             v2, 2, "drop double votes", e);
  int64_t v3[] = {into, from};
  if (!rc) rc = run(d, "UPDATE votes SET idea_id = ? WHERE idea_id = ?", v3, 2, "move votes", e);
  int64_t v4[] = {from, into};
  if (!rc)
    rc = run(d,
             "UPDATE ideas SET vote_count = (SELECT COUNT(*) FROM votes v WHERE v.idea_id = ideas.id) "
             "WHERE id IN (?, ?)",
             v4, 2, "recount votes", e);
  return rc;
}

/* The order of importance as a number (nice_to_have < important < critical). */
#define IMPORTANCE_RANK(col) "(CASE " col " WHEN 'critical' THEN 3 WHEN 'important' THEN 2 ELSE 1 END)"

int store_merge_links(db *d, int64_t from, int64_t into, int64_t now, struct keel_err *e) {
  /* Every feedback item linked to the merged idea changes: a new version. */
  int64_t v0[] = {now, from};
  int rc = run(d,
               "UPDATE feedback SET updated_at = ?, version = version + 1 "
               "WHERE id IN (SELECT l.feedback_id FROM feedback_links l WHERE l.idea_id = ?)",
               v0, 2, "touch linked feedback", e);
  /* Linked to both: the survivor's link takes the higher importance and, when
   * its own is empty, the merged link's quote. */
  int64_t v1[] = {from, from, into, from};
  if (!rc)
    rc = run(d,
             "UPDATE feedback_links SET "
             "importance = (SELECT CASE WHEN " IMPORTANCE_RANK("o.importance") " > " IMPORTANCE_RANK(
                 "feedback_links.importance") " THEN o.importance ELSE feedback_links.importance END "
                                              "FROM feedback_links o WHERE o.idea_id = ? AND o.feedback_id = "
                                              "feedback_links.feedback_id), "
             "quote = (SELECT CASE WHEN feedback_links.quote = '' THEN o.quote ELSE feedback_links.quote END "
             "FROM feedback_links o WHERE o.idea_id = ? AND o.feedback_id = feedback_links.feedback_id) "
             "WHERE idea_id = ? AND feedback_id IN (SELECT o.feedback_id FROM feedback_links o WHERE o.idea_id = ?)",
             v1, 4, "combine links", e);
  /* Those items lose the merged idea's link: one link fewer (still linked). */
  int64_t v2[] = {from, into};
  if (!rc)
    rc = run(d,
             "UPDATE feedback SET link_count = link_count - 1 WHERE id IN (SELECT l.feedback_id FROM feedback_links l "
             "WHERE l.idea_id = ?) AND id IN (SELECT l.feedback_id FROM feedback_links l WHERE l.idea_id = ?)",
             v2, 2, "count links", e);
  if (!rc)
    rc = run(d,
             "DELETE FROM feedback_links WHERE idea_id = ? AND feedback_id IN "
             "(SELECT o.feedback_id FROM feedback_links o WHERE o.idea_id = ?)",
             v2, 2, "drop double links", e);
  int64_t v3[] = {into, from};
  if (!rc) rc = run(d, "UPDATE feedback_links SET idea_id = ? WHERE idea_id = ?", v3, 2, "move links", e);
  return rc;
}

int store_merge_followers(db *d, int64_t from, int64_t into, int64_t extra_user, int64_t now, struct keel_err *e) {
  int64_t v1[] = {into, from};
  int rc = run(d,
               "INSERT INTO followers(idea_id, user_id, created_at) SELECT ?, f.user_id, f.created_at "
               "FROM followers f WHERE f.idea_id = ? ON CONFLICT (idea_id, user_id) DO NOTHING",
               v1, 2, "move followers", e);
  int64_t v2[] = {from};
  if (!rc) rc = run(d, "DELETE FROM followers WHERE idea_id = ?", v2, 1, "move followers", e);
  int64_t v3[] = {into, extra_user, now};
  if (!rc && extra_user)
    rc = run(d,
             "INSERT INTO followers(idea_id, user_id, created_at) VALUES (?, ?, ?) "
             "ON CONFLICT (idea_id, user_id) DO NOTHING",
             v3, 3, "follow the survivor", e);
  return rc;
}

int store_merged_ids(db *d, arena *a, int64_t survivor, int64_t **ids, size_t *n, struct keel_err *e) {
  *ids = NULL;
  *n = 0;
  db_stmt *st = db_prepare(d,
                           "WITH RECURSIVE m(id, depth) AS ("
                           "SELECT i.id, 1 FROM ideas i WHERE i.duplicate_of = ? AND i.merged_at IS NOT NULL "
                           "UNION ALL SELECT i.id, m.depth + 1 FROM ideas i JOIN m ON i.duplicate_of = m.id "
                           "WHERE i.merged_at IS NOT NULL AND m.depth < ?) "
                           "SELECT id FROM m ORDER BY depth, id LIMIT ?",
                           e);
  if (!st) return e->rc;
  db_bind_int(st, 1, survivor);
  db_bind_int(st, 2, MERGED_IDS_MAX);
  db_bind_int(st, 3, MERGED_IDS_MAX);
  size_t cap = 0;
  int r, rc = KEEL_OK;
  while ((r = db_step(st)) > 0) {
    if (*n == cap) {
      size_t grown = cap ? cap * 2 : 8;
      *ids = arena_realloc(a, *ids, cap * sizeof **ids, grown * sizeof **ids);
      cap = grown;
    }
    (*ids)[(*n)++] = db_col_int(st, 0);
  }
  if (r < 0) rc = db_fail(d, e, "find merged ideas");
  db_done(st);
  return rc;
}
