/* portal.c — SQL for the customer portal's reads. */
#include "store/portal.h"

#include <string.h>

#include "core/buf.h"

/* Parameters 1 and 2 are the reader's user id (voted, mine). */
#define PORTAL_SELECT                                                                                          \
  "SELECT i.id, p.key, p.name, CASE WHEN i.public_title <> '' THEN i.public_title ELSE i.title END, "          \
  "i.public_description, i.status, i.decline_reason, i.duplicate_of, i.merged_at, f.status, f.updated_at, "    \
  "i.vote_count, EXISTS (SELECT 1 FROM votes v WHERE v.idea_id = i.id AND v.user_id = ?), "                    \
  "CASE WHEN i.submitted_by = ? THEN 1 ELSE 0 END, i.public, i.created_at, i.updated_at "                      \
  "FROM ideas i JOIN products p ON p.id = i.product_id LEFT JOIN features f ON f.id = i.feature_id "

static void read_row(db_stmt *st, arena *a, struct portal_idea *i) {
  memset(i, 0, sizeof *i);
  i->id = db_col_int(st, 0);
  i->product_key = db_col_str0(st, 1, a);
  i->product_name = db_col_str0(st, 2, a);
  i->title = db_col_str0(st, 3, a);
  i->description = db_col_str0(st, 4, a);
  if (idea_status_parse(db_col_str0(st, 5, a), &i->status)) i->status = IS_NEW;
  i->decline_reason = i->status == IS_DECLINED ? db_col_str0(st, 6, a) : "";
  i->duplicate_of = i->status == IS_DUPLICATE && !db_col_is_null(st, 7) ? db_col_int(st, 7) : 0;
  i->merged = i->duplicate_of && !db_col_is_null(st, 8);
  enum feature_status fs;
  if (i->status == IS_PLANNED && !db_col_is_null(st, 9) && feature_status_parse(db_col_str0(st, 9, a), &fs) == 0 &&
      fs == FS_SHIPPED) {
    i->shipped = 1;
    i->shipped_at = db_col_int(st, 10);
  }
  i->votes = db_col_int(st, 11);
  i->voted = (int)db_col_int(st, 12);
  i->mine = (int)db_col_int(st, 13);
  i->is_public = (int)db_col_int(st, 14);
  i->created_at = db_col_int(st, 15);
  i->updated_at = db_col_int(st, 16);
}

static const char *sort_column(enum portal_sort s) {
  return s == PSORT_VOTES ? "i.vote_count" : s == PSORT_UPDATED ? "i.updated_at" : "i.created_at";
}

int store_portal_list(db *d, arena *a, const struct portal_query *q, struct portal_idea **out, size_t *n,
                      struct keel_err *e) {
  *out = NULL;
  *n = 0;
  buf sql;
  buf_init(&sql, 8192);
  buf_puts(&sql, PORTAL_SELECT);
  if (q->requests)
    /* Submitted, or voted for, and still visible: an idea a PM unpublished
     * after the vote drops out, one the reader submitted never does. */
    buf_puts(&sql, "WHERE i.id IN (SELECT s.id FROM ideas s WHERE s.submitted_by = ? "
                   "UNION SELECT v.idea_id FROM votes v WHERE v.user_id = ?) "
                   "AND (i.public = 1 OR i.submitted_by = ?)");
  else
    buf_puts(&sql, "WHERE i.public = 1");
  if (q->product_id) buf_puts(&sql, " AND i.product_id = ?");
  if (q->status_mask) {
    buf_puts(&sql, " AND i.status IN (");
    int first = 1;
    for (int s = 0; s < IS_COUNT; s++)
      if (q->status_mask & (1u << s)) {
        buf_puts(&sql, first ? "?" : ", ?");
        first = 0;
      }
    buf_putc(&sql, ')');
  }
  const char *col = sort_column(q->sort);
  if (q->after.set) buf_printf(&sql, " AND (%s, i.id) < (?, ?)", col);
  buf_printf(&sql, " ORDER BY %s DESC, i.id DESC LIMIT ?", col);

  int rc = KEEL_OK;
  db_stmt *st = db_prepare(d, buf_cstr(&sql), e);
  if (!st) {
    rc = e->rc;
    goto out;
  }
  int k = 1;
  db_bind_int(st, k++, q->reader_id);
  db_bind_int(st, k++, q->reader_id);
  if (q->requests) {
    db_bind_int(st, k++, q->reader_id);
    db_bind_int(st, k++, q->reader_id);
    db_bind_int(st, k++, q->reader_id);
  }
  if (q->product_id) db_bind_int(st, k++, q->product_id);
  for (int s = 0; s < IS_COUNT; s++)
    if (q->status_mask & (1u << s)) db_bind_text(st, k++, idea_status_name((enum idea_status)s));
  if (q->after.set) {
    db_bind_int(st, k++, q->after.ival);
    db_bind_int(st, k++, q->after.id);
  }
  db_bind_int(st, k, q->limit + 1);
  size_t cap = 0;
  int r;
  while ((r = db_step(st)) > 0) {
    if (*n == cap) {
      size_t grown = cap ? cap * 2 : 32;
      *out = arena_realloc(a, *out, cap * sizeof **out, grown * sizeof **out);
      cap = grown;
    }
    read_row(st, a, &(*out)[(*n)++]);
  }
  if (r < 0) rc = db_fail(d, e, "list portal ideas");
  db_done(st);
out:
  buf_free(&sql);
  return rc;
}

int store_portal_get(db *d, arena *a, int64_t id, int64_t reader_id, struct portal_idea *out, struct keel_err *e) {
  db_stmt *st = db_prepare(d, PORTAL_SELECT "WHERE i.id = ? AND (i.public = 1 OR i.submitted_by = ?)", e);
  if (!st) return e->rc;
  db_bind_int(st, 1, reader_id);
  db_bind_int(st, 2, reader_id);
  db_bind_int(st, 3, id);
  db_bind_int(st, 4, reader_id);
  int r = db_step(st), rc = KEEL_OK;
  if (r > 0) read_row(st, a, out);
  else if (r == 0) rc = err_set(e, KEEL_ENOTFOUND, NULL, "no idea %lld here", (long long)id);
  else rc = db_fail(d, e, "read portal idea");
  db_done(st);
  return rc;
}

int store_portal_comments(db *d, arena *a, int64_t idea_id, int64_t reader_id, struct portal_comment **out, size_t *n,
                          struct keel_err *e) {
  *out = NULL;
  *n = 0;
  /* Authors who are not portal users are staff (or the command line's owner). */
  db_stmt *st = db_prepare(d,
                           "SELECT c.id, CASE WHEN c.author_id = ? THEN 1 ELSE 0 END, "
                           "CASE WHEN u.role = 'portal' THEN 0 ELSE 1 END, "
                           "CASE WHEN u.role = 'portal' THEN '' ELSE u.name END, c.body, c.created_at "
                           "FROM comments c LEFT JOIN users u ON u.id = c.author_id "
                           "WHERE c.entity_type = 'idea' AND c.entity_id = ? AND c.public = 1 ORDER BY c.id",
                           e);
  if (!st) return e->rc;
  db_bind_int(st, 1, reader_id);
  db_bind_int(st, 2, idea_id);
  size_t cap = 0;
  int r;
  while ((r = db_step(st)) > 0) {
    if (*n == cap) {
      size_t grown = cap ? cap * 2 : 16;
      *out = arena_realloc(a, *out, cap * sizeof **out, grown * sizeof **out);
      cap = grown;
    }
    struct portal_comment *c = &(*out)[(*n)++];
    c->id = db_col_int(st, 0);
    c->mine = (int)db_col_int(st, 1);
    c->staff = (int)db_col_int(st, 2);
    const char *name = db_col_is_null(st, 3) ? "" : db_col_str0(st, 3, a);
    c->author = portal_author(c->mine, c->staff, name);
    c->body = db_col_str0(st, 4, a);
    c->created_at = db_col_int(st, 5);
  }
  int rc = r < 0 ? db_fail(d, e, "list portal comments") : KEEL_OK;
  db_done(st);
  return rc;
}
