/* ideas.c — SQL for ideas and votes. */
#include "store/ideas.h"

#include <ctype.h>
#include <string.h>

#include "core/buf.h"

/* Parameter 1 is always the viewer's user id (for the voted flag). */
#define IDEA_SELECT IDEA_SELECT_HEAD "i.description" IDEA_SELECT_TAIL
#define IDEA_SELECT_LEAN IDEA_SELECT_HEAD "NULL" IDEA_SELECT_TAIL
#define IDEA_SELECT_HEAD "SELECT i.id, i.product_id, p.key, i.title, "
#define IDEA_SELECT_TAIL                                                                                  \
  ", i.source, i.customer, i.status, "                                                                  \
  "i.decline_reason, i.duplicate_of, i.feature_id, fp.key, f.number, f.title, f.status, i.submitted_by, " \
  "u.name, i.created_at, i.updated_at, i.version, i.vote_count, "                                       \
  "EXISTS (SELECT 1 FROM votes v WHERE v.idea_id = i.id AND v.user_id = ?), "                           \
  "i.customer_id, cu.name, i.contact_id, ct.name, i.reference, i.public, i.public_title, "              \
  "i.public_description, i.submitter_email, i.merged_at "                                               \
  "FROM ideas i JOIN products p ON p.id = i.product_id "                                                \
  "LEFT JOIN features f ON f.id = i.feature_id LEFT JOIN products fp ON fp.id = f.product_id "          \
  "LEFT JOIN users u ON u.id = i.submitted_by LEFT JOIN customers cu ON cu.id = i.customer_id "         \
  "LEFT JOIN contacts ct ON ct.id = i.contact_id "

static void read_row(db_stmt *st, arena *a, struct idea *i) {
  memset(i, 0, sizeof *i);
  i->id = db_col_int(st, 0);
  i->product_id = db_col_int(st, 1);
  i->product_key = db_col_str0(st, 2, a);
  i->title = db_col_str0(st, 3, a);
  i->description = db_col_str(st, 4, a); /* NULL when the query left it out */
  if (idea_source_parse(db_col_str0(st, 5, a), &i->source)) i->source = SRC_OTHER;
  i->customer = db_col_str0(st, 6, a);
  if (idea_status_parse(db_col_str0(st, 7, a), &i->status)) i->status = IS_NEW;
  i->decline_reason = db_col_str0(st, 8, a);
  i->duplicate_of = db_col_is_null(st, 9) ? 0 : db_col_int(st, 9);
  i->feature_id = db_col_is_null(st, 10) ? 0 : db_col_int(st, 10);
  if (i->feature_id) {
    i->feature_key = feature_key_format(a, db_col_str0(st, 11, a), db_col_int(st, 12));
    i->feature_title = db_col_str0(st, 13, a);
    if (feature_status_parse(db_col_str0(st, 14, a), &i->feature_status)) i->feature_status = FS_CANDIDATE;
  }
  i->submitted_by = db_col_is_null(st, 15) ? 0 : db_col_int(st, 15);
  i->submitted_by_name = db_col_str0(st, 16, a);
  i->created_at = db_col_int(st, 17);
  i->updated_at = db_col_int(st, 18);
  i->version = db_col_int(st, 19);
  i->votes = db_col_int(st, 20);
  i->voted = (int)db_col_int(st, 21);
  i->customer_id = db_col_is_null(st, 22) ? 0 : db_col_int(st, 22);
  i->customer_name = db_col_str0(st, 23, a);
  i->contact_id = db_col_is_null(st, 24) ? 0 : db_col_int(st, 24);
  i->contact_name = db_col_str0(st, 25, a);
  i->reference = db_col_str0(st, 26, a);
  i->is_public = (int)db_col_int(st, 27);
  i->public_title = db_col_str0(st, 28, a);
  i->public_description = db_col_str0(st, 29, a);
  i->submitter_email = db_col_str0(st, 30, a);
  i->merged_at = db_col_is_null(st, 31) ? 0 : db_col_int(st, 31);
}

static void bind_opt_id(db_stmt *st, int k, int64_t id) {
  if (id) db_bind_int(st, k, id);
  else db_bind_null(st, k);
}

int store_idea_insert(db *d, struct idea *i, struct keel_err *e) {
  db_stmt *st = db_prepare(d,
                           "INSERT INTO ideas(product_id, title, description, source, customer, status, submitted_by, "
                           "created_at, updated_at, version, customer_id, contact_id, reference, public, public_title, "
                           "public_description, submitter_email) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                           e);
  if (!st) return e->rc;
  db_bind_int(st, 1, i->product_id);
  db_bind_text(st, 2, i->title);
  db_bind_text(st, 3, i->description ? i->description : "");
  db_bind_text(st, 4, idea_source_name(i->source));
  db_bind_text(st, 5, i->customer ? i->customer : "");
  db_bind_text(st, 6, idea_status_name(i->status));
  bind_opt_id(st, 7, i->submitted_by);
  db_bind_int(st, 8, i->created_at);
  db_bind_int(st, 9, i->updated_at);
  bind_opt_id(st, 10, i->customer_id);
  bind_opt_id(st, 11, i->contact_id);
  db_bind_text(st, 12, i->reference ? i->reference : "");
  db_bind_int(st, 13, i->is_public ? 1 : 0);
  db_bind_text(st, 14, i->public_title ? i->public_title : "");
  db_bind_text(st, 15, i->public_description ? i->public_description : "");
  db_bind_text(st, 16, i->submitter_email ? i->submitter_email : "");
  int rc = db_step_returning(st, &i->id, e, "add idea");
  i->version = 1;
  return rc;
}

int store_idea_get(db *d, arena *a, int64_t id, int64_t viewer_id, struct idea *out, struct keel_err *e) {
  db_stmt *st = db_prepare(d, IDEA_SELECT "WHERE i.id = ?", e);
  if (!st) return e->rc;
  db_bind_int(st, 1, viewer_id);
  db_bind_int(st, 2, id);
  int r = db_step(st), rc = KEEL_OK;
  if (r > 0) read_row(st, a, out);
  else if (r == 0) rc = err_set(e, KEEL_ENOTFOUND, NULL, "no idea %lld", (long long)id);
  else rc = db_fail(d, e, "read idea");
  db_done(st);
  return rc;
}

int store_idea_update(db *d, struct idea *i, struct keel_err *e) {
  db_stmt *st = db_prepare(d,
                           "UPDATE ideas SET title = ?, description = ?, source = ?, customer = ?, status = ?, "
                           "decline_reason = ?, duplicate_of = ?, feature_id = ?, updated_at = ?, product_id = ?, "
                           "customer_id = ?, contact_id = ?, reference = ?, public = ?, public_title = ?, "
                           "public_description = ?, merged_at = ?, "
                           "version = version + 1 WHERE id = ? AND version = ? RETURNING version",
                           e);
  if (!st) return e->rc;
  db_bind_text(st, 1, i->title);
  db_bind_text(st, 2, i->description ? i->description : "");
  db_bind_text(st, 3, idea_source_name(i->source));
  db_bind_text(st, 4, i->customer ? i->customer : "");
  db_bind_text(st, 5, idea_status_name(i->status));
  db_bind_text(st, 6, i->decline_reason ? i->decline_reason : "");
  bind_opt_id(st, 7, i->duplicate_of);
  bind_opt_id(st, 8, i->feature_id);
  db_bind_int(st, 9, i->updated_at);
  db_bind_int(st, 10, i->product_id);
  bind_opt_id(st, 11, i->customer_id);
  bind_opt_id(st, 12, i->contact_id);
  db_bind_text(st, 13, i->reference ? i->reference : "");
  db_bind_int(st, 14, i->is_public ? 1 : 0);
  db_bind_text(st, 15, i->public_title ? i->public_title : "");
  db_bind_text(st, 16, i->public_description ? i->public_description : "");
  bind_opt_id(st, 17, i->merged_at);
  db_bind_int(st, 18, i->id);
  db_bind_int(st, 19, i->version);
  int rc = db_step_returning(st, &i->version, e, "update idea");
  if (rc == KEEL_ENOTFOUND)
    return err_set(e, KEEL_ESTALE, "version", "idea %lld was changed by someone else", (long long)i->id);
  return rc;
}

int store_idea_list(db *d, arena *a, const struct idea_query *q, struct idea **out, size_t *n,
                    struct keel_err *e) {
  *out = NULL;
  *n = 0;
  buf sql, pat;
  buf_init(&sql, 8192);
  buf_init(&pat, 4096);
  buf_puts(&sql, q->with_description ? IDEA_SELECT : IDEA_SELECT_LEAN);
  buf_puts(&sql, "WHERE 1 = 1");
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
  if (q->source >= 0) buf_puts(&sql, " AND i.source = ?");
  if (q->submitted_by) buf_puts(&sql, " AND i.submitted_by = ?");
  if (q->feature_id) buf_puts(&sql, " AND i.feature_id = ?");
  if (q->text && *q->text) {
    buf_puts(&sql, " AND LOWER(i.title) LIKE ? ESCAPE '\\'");
    buf_putc(&pat, '%');
    for (const char *p = q->text; *p; p++) {
      if (*p == '%' || *p == '_' || *p == '\\') buf_putc(&pat, '\\');
      buf_putc(&pat, tolower((unsigned char)*p));
    }
    buf_putc(&pat, '%');
  }
  const char *col = q->sort == ISORT_VOTES ? "i.vote_count" : q->sort == ISORT_UPDATED ? "i.updated_at" : "i.created_at";
  if (q->after.set) buf_printf(&sql, " AND (%s, i.id) < (?, ?)", col);
  buf_printf(&sql, " ORDER BY %s DESC, i.id DESC LIMIT ?", col);

  int rc = KEEL_OK;
  db_stmt *st = db_prepare(d, buf_cstr(&sql), e);
  if (!st) {
    rc = e->rc;
    goto out;
  }
  int k = 1;
  db_bind_int(st, k++, q->viewer_id);
  if (q->product_id) db_bind_int(st, k++, q->product_id);
  for (int s = 0; s < IS_COUNT; s++)
    if (q->status_mask & (1u << s)) db_bind_text(st, k++, idea_status_name((enum idea_status)s));
  if (q->source >= 0) db_bind_text(st, k++, idea_source_name((enum idea_source)q->source));
  if (q->submitted_by) db_bind_int(st, k++, q->submitted_by);
  if (q->feature_id) db_bind_int(st, k++, q->feature_id);
  if (q->text && *q->text) db_bind_text(st, k++, buf_cstr(&pat));
  if (q->after.set) {
    db_bind_int(st, k++, q->after.ival);
    db_bind_int(st, k++, q->after.id);
  }
  db_bind_int(st, k, q->limit + 1);
  size_t cap = 0;
  int r;
  while ((r = db_step(st)) > 0) {
    if (*n == cap) {
      size_t grown = cap ? cap * 2 : 64;
      *out = arena_realloc(a, *out, cap * sizeof **out, grown * sizeof **out);
      cap = grown;
    }
    read_row(st, a, &(*out)[(*n)++]);
  }
  if (r < 0) rc = db_fail(d, e, "list ideas");
  db_done(st);
out:
  buf_free(&sql);
  buf_free(&pat);
  return rc;
}

int store_vote_add(db *d, int64_t idea_id, int64_t user_id, int64_t now, int *changed, struct keel_err *e) {
  *changed = 0;
  db_stmt *st = db_prepare(d,
                           "INSERT INTO votes(idea_id, user_id, created_at) VALUES (?, ?, ?) "
                           "ON CONFLICT (idea_id, user_id) DO NOTHING RETURNING idea_id",
                           e);
  if (!st) return e->rc;
  db_bind_int(st, 1, idea_id);
  db_bind_int(st, 2, user_id);
  db_bind_int(st, 3, now);
  int rc = db_step_returning(st, NULL, e, "vote");
  if (rc == KEEL_ENOTFOUND) return KEEL_OK; /* already voted */
  if (rc) return rc;
  *changed = 1;
  st = db_prepare(d, "UPDATE ideas SET vote_count = vote_count + 1 WHERE id = ?", e);
  if (!st) return e->rc;
  db_bind_int(st, 1, idea_id);
  return db_step_done(st, e, "count vote");
}

int store_vote_remove(db *d, int64_t idea_id, int64_t user_id, int *changed, struct keel_err *e) {
  *changed = 0;
  db_stmt *st = db_prepare(d, "DELETE FROM votes WHERE idea_id = ? AND user_id = ? RETURNING idea_id", e);
  if (!st) return e->rc;
  db_bind_int(st, 1, idea_id);
  db_bind_int(st, 2, user_id);
  int rc = db_step_returning(st, NULL, e, "remove vote");
  if (rc == KEEL_ENOTFOUND) return KEEL_OK;
  if (rc) return rc;
  *changed = 1;
  st = db_prepare(d, "UPDATE ideas SET vote_count = vote_count - 1 WHERE id = ?", e);
  if (!st) return e->rc;
  db_bind_int(st, 1, idea_id);
  return db_step_done(st, e, "count vote");
}
