/* feedback.c — SQL for feedback items, tags, links and demand. */
#include "store/feedback.h"

#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/idset.h"

#define FEEDBACK_COLS                                                                                        \
  "f.id, f.text, f.channel, f.reference, f.customer_id, cu.name, f.contact_id, ct.name, f.product_id, p.key, " \
  "f.received_at, f.attributes, f.status, f.link_count, f.submitted_by, u.name, f.created_at, f.updated_at, "  \
  "f.version "
#define FEEDBACK_FROM                                                                                      \
  "FROM feedback f LEFT JOIN customers cu ON cu.id = f.customer_id LEFT JOIN contacts ct ON ct.id = f.contact_id " \
  "LEFT JOIN products p ON p.id = f.product_id LEFT JOIN users u ON u.id = f.submitted_by "

static int64_t opt_int(db_stmt *st, int i) { return db_col_is_null(st, i) ? 0 : db_col_int(st, i); }

static void bind_opt_id(db_stmt *st, int k, int64_t id) {
  if (id) db_bind_int(st, k, id);
  else db_bind_null(st, k);
}

static void read_row(db_stmt *st, arena *a, struct feedback *f) {
  memset(f, 0, sizeof *f);
  f->id = db_col_int(st, 0);
  f->text = db_col_str0(st, 1, a);
  if (feedback_channel_parse(db_col_str0(st, 2, a), &f->channel)) f->channel = FC_OTHER;
  f->reference = db_col_str0(st, 3, a);
  f->customer_id = opt_int(st, 4);
  f->customer_name = db_col_str0(st, 5, a);
  f->contact_id = opt_int(st, 6);
  f->contact_name = db_col_str0(st, 7, a);
  f->product_id = opt_int(st, 8);
  f->product_key = db_col_str0(st, 9, a);
  f->received_at = db_col_int(st, 10);
  f->attributes = db_col_str0(st, 11, a);
  if (feedback_status_parse(db_col_str0(st, 12, a), &f->status)) f->status = FBS_INBOX;
  f->link_count = db_col_int(st, 13);
  f->submitted_by = opt_int(st, 14);
  f->submitted_by_name = db_col_str0(st, 15, a);
  f->created_at = db_col_int(st, 16);
  f->updated_at = db_col_int(st, 17);
  f->version = db_col_int(st, 18);
}

static int insert_tags(db *d, int64_t id, const char **tags, size_t n, struct keel_err *e) {
  int rc = KEEL_OK;
  for (size_t i = 0; !rc && i < n; i++) {
    db_stmt *st = db_prepare(d, "INSERT INTO feedback_tags(feedback_id, tag) VALUES (?, ?) ON CONFLICT DO NOTHING", e);
    if (!st) return e->rc;
    db_bind_int(st, 1, id);
    db_bind_text(st, 2, tags[i]);
    rc = db_step_done(st, e, "tag feedback");
  }
  return rc;
}

/* Fills the tags of items[0..n) with one query per item (pages are small). */
static int read_tags(db *d, arena *a, struct feedback *items, size_t n, struct keel_err *e) {
  int rc = KEEL_OK;
  for (size_t i = 0; !rc && i < n; i++) {
    db_stmt *st = db_prepare(d, "SELECT tag FROM feedback_tags WHERE feedback_id = ? ORDER BY tag", e);
    if (!st) return e->rc;
    db_bind_int(st, 1, items[i].id);
    size_t cap = 0;
    int r;
    while ((r = db_step(st)) > 0) {
      if (items[i].ntags == cap) {
        size_t grown = cap ? cap * 2 : 4;
        items[i].tags = arena_realloc(a, items[i].tags, cap * sizeof *items[i].tags, grown * sizeof *items[i].tags);
        cap = grown;
      }
      items[i].tags[items[i].ntags++] = db_col_str0(st, 0, a);
    }
    if (r < 0) rc = db_fail(d, e, "read tags");
    db_done(st);
  }
  return rc;
}

int store_feedback_insert(db *d, struct feedback *f, struct keel_err *e) {
  db_stmt *st = db_prepare(d,
                           "INSERT INTO feedback(text, channel, reference, customer_id, contact_id, product_id, "
                           "received_at, attributes, status, link_count, submitted_by, created_at, updated_at, version) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, 1) RETURNING id",
                           e);
  if (!st) return e->rc;
  db_bind_text(st, 1, f->text);
  db_bind_text(st, 2, feedback_channel_name(f->channel));
  db_bind_text(st, 3, f->reference ? f->reference : "");
  bind_opt_id(st, 4, f->customer_id);
  bind_opt_id(st, 5, f->contact_id);
  bind_opt_id(st, 6, f->product_id);
  db_bind_int(st, 7, f->received_at);
  db_bind_text(st, 8, f->attributes && *f->attributes ? f->attributes : "{}");
  db_bind_text(st, 9, feedback_status_name(f->status == FBS_ARCHIVED ? FBS_ARCHIVED : FBS_INBOX));
  bind_opt_id(st, 10, f->submitted_by);
  db_bind_int(st, 11, f->created_at);
  db_bind_int(st, 12, f->updated_at);
  int rc = db_step_returning(st, &f->id, e, "add feedback");
  if (rc) return rc;
  f->version = 1;
  f->link_count = 0;
  if (f->status == FBS_LINKED) f->status = FBS_INBOX;
  return insert_tags(d, f->id, f->tags, f->ntags, e);
}

int store_feedback_get(db *d, arena *a, int64_t id, struct feedback *out, struct keel_err *e) {
  db_stmt *st = db_prepare(d, "SELECT " FEEDBACK_COLS FEEDBACK_FROM "WHERE f.id = ?", e);
  if (!st) return e->rc;
  db_bind_int(st, 1, id);
  int r = db_step(st), rc = KEEL_OK;
  if (r > 0) read_row(st, a, out);
  else if (r == 0) rc = err_set(e, KEEL_ENOTFOUND, NULL, "no feedback %lld", (long long)id);
  else rc = db_fail(d, e, "read feedback");
  db_done(st);
  return rc ? rc : read_tags(d, a, out, 1, e);
}

int store_feedback_update(db *d, struct feedback *f, struct keel_err *e) {
  db_stmt *st = db_prepare(d,
                           "UPDATE feedback SET text = ?, channel = ?, reference = ?, customer_id = ?, contact_id = ?, "
                           "product_id = ?, received_at = ?, attributes = ?, "
                           "status = CASE WHEN link_count > 0 THEN 'linked' ELSE ? END, updated_at = ?, "
                           "version = version + 1 WHERE id = ? AND version = ? RETURNING version",
                           e);
  if (!st) return e->rc;
  db_bind_text(st, 1, f->text);
  db_bind_text(st, 2, feedback_channel_name(f->channel));
  db_bind_text(st, 3, f->reference ? f->reference : "");
  bind_opt_id(st, 4, f->customer_id);
  bind_opt_id(st, 5, f->contact_id);
  bind_opt_id(st, 6, f->product_id);
  db_bind_int(st, 7, f->received_at);
  db_bind_text(st, 8, f->attributes && *f->attributes ? f->attributes : "{}");
  db_bind_text(st, 9, feedback_status_name(f->status == FBS_ARCHIVED ? FBS_ARCHIVED : FBS_INBOX));
  db_bind_int(st, 10, f->updated_at);
  db_bind_int(st, 11, f->id);
  db_bind_int(st, 12, f->version);
  int rc = db_step_returning(st, &f->version, e, "update feedback");
  if (rc == KEEL_ENOTFOUND)
    return err_set(e, KEEL_ESTALE, "version", "feedback %lld was changed by someone else", (long long)f->id);
  if (rc) return rc;
  st = db_prepare(d, "DELETE FROM feedback_tags WHERE feedback_id = ?", e);
  if (!st) return e->rc;
  db_bind_int(st, 1, f->id);
  rc = db_step_done(st, e, "replace tags");
  return rc ? rc : insert_tags(d, f->id, f->tags, f->ntags, e);
}

/* Appends q's conditions; binds come in the same order from bind_query. */
static void query_where(buf *sql, const struct feedback_query *q) {
  buf_puts(sql, "WHERE 1 = 1");
  if (q->status_mask) {
    buf_puts(sql, " AND f.status IN (");
    int first = 1;
    for (int s = 0; s < FBS_COUNT; s++)
      if (q->status_mask & (1u << s)) {
        buf_puts(sql, first ? "?" : ", ?");
        first = 0;
      }
    buf_putc(sql, ')');
  }
  if (q->channel >= 0) buf_puts(sql, " AND f.channel = ?");
  if (q->customer_id) buf_puts(sql, " AND f.customer_id = ?");
  if (q->product_id) buf_puts(sql, " AND f.product_id = ?");
  if (q->tag) buf_puts(sql, " AND f.id IN (SELECT feedback_id FROM feedback_tags WHERE tag = ?)");
  if (q->idea_id) buf_puts(sql, " AND f.id IN (SELECT feedback_id FROM feedback_links WHERE idea_id = ?)");
  if (q->feature_id) buf_puts(sql, " AND f.id IN (SELECT feedback_id FROM feedback_links WHERE feature_id = ?)");
}

static int bind_query(db_stmt *st, const struct feedback_query *q) {
  int k = 1;
  for (int s = 0; s < FBS_COUNT; s++)
    if (q->status_mask & (1u << s)) db_bind_text(st, k++, feedback_status_name((enum feedback_status)s));
  if (q->channel >= 0) db_bind_text(st, k++, feedback_channel_name((enum feedback_channel)q->channel));
  if (q->customer_id) db_bind_int(st, k++, q->customer_id);
  if (q->product_id) db_bind_int(st, k++, q->product_id);
  if (q->tag) db_bind_text(st, k++, q->tag);
  if (q->idea_id) db_bind_int(st, k++, q->idea_id);
  if (q->feature_id) db_bind_int(st, k++, q->feature_id);
  return k;
}

int store_feedback_list(db *d, arena *a, const struct feedback_query *q, struct feedback **out, size_t *n,
                        int64_t *total, struct keel_err *e) {
  *out = NULL;
  *n = 0;
  buf sql;
  buf_init(&sql, 4096);
  buf_puts(&sql, "SELECT " FEEDBACK_COLS FEEDBACK_FROM);
  query_where(&sql, q);
  if (q->after_id) buf_puts(&sql, " AND (f.received_at < ? OR (f.received_at = ? AND f.id < ?))");
  buf_puts(&sql, " ORDER BY f.received_at DESC, f.id DESC LIMIT ?");
  db_stmt *st = db_prepare(d, buf_cstr(&sql), e);
  int rc = st ? KEEL_OK : e->rc;
  if (st) {
    int k = bind_query(st, q);
    if (q->after_id) {
      db_bind_int(st, k++, q->after_received);
      db_bind_int(st, k++, q->after_received);
      db_bind_int(st, k++, q->after_id);
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
    if (r < 0) rc = db_fail(d, e, "list feedback");
    db_done(st);
  }
  if (!rc && total) {
    buf_reset(&sql);
    buf_puts(&sql, "SELECT COUNT(*) FROM feedback f ");
    query_where(&sql, q);
    st = db_prepare(d, buf_cstr(&sql), e);
    if (!st) rc = e->rc;
    else {
      bind_query(st, q);
      int r = db_step(st);
      if (r > 0) *total = db_col_int(st, 0);
      else rc = db_fail(d, e, "count feedback");
      db_done(st);
    }
  }
  buf_free(&sql);
  if (!rc && q->with_tags) rc = read_tags(d, a, *out, *n, e);
  return rc;
}

#define LINK_COLS                                                                                           \
  "l.id, l.feedback_id, l.idea_id, i.title, l.feature_id, fp.key, fe.number, fe.title, l.quote, l.importance, " \
  "l.created_by, l.created_at "
#define LINK_FROM                                                                                           \
  "FROM feedback_links l LEFT JOIN ideas i ON i.id = l.idea_id LEFT JOIN features fe ON fe.id = l.feature_id " \
  "LEFT JOIN products fp ON fp.id = fe.product_id "

static void read_link(db_stmt *st, arena *a, struct feedback_link *l) {
  memset(l, 0, sizeof *l);
  l->id = db_col_int(st, 0);
  l->feedback_id = db_col_int(st, 1);
  l->idea_id = opt_int(st, 2);
  l->idea_title = db_col_str0(st, 3, a);
  l->feature_id = opt_int(st, 4);
  if (l->feature_id) l->feature_key = arena_printf(a, "%s-%lld", db_col_str0(st, 5, a), (long long)db_col_int(st, 6));
  l->feature_title = db_col_str0(st, 7, a);
  l->quote = db_col_str0(st, 8, a);
  if (importance_parse(db_col_str0(st, 9, a), &l->importance)) l->importance = IMP_IMPORTANT;
  l->created_by = opt_int(st, 10);
  l->created_at = db_col_int(st, 11);
}

/* Moves link_count by delta and the status with it; bumps the version. */
static int count_links(db *d, int64_t feedback_id, int delta, int64_t now, struct keel_err *e) {
  db_stmt *st = db_prepare(d,
                           "UPDATE feedback SET link_count = link_count + ?, "
                           "status = CASE WHEN link_count + ? > 0 THEN 'linked' "
                           "WHEN status = 'linked' THEN 'inbox' ELSE status END, "
                           "updated_at = ?, version = version + 1 WHERE id = ?",
                           e);
  if (!st) return e->rc;
  db_bind_int(st, 1, delta);
  db_bind_int(st, 2, delta);
  db_bind_int(st, 3, now);
  db_bind_int(st, 4, feedback_id);
  return db_step_done(st, e, "count links");
}

int store_feedback_link_insert(db *d, struct feedback_link *l, struct keel_err *e) {
  db_stmt *st = db_prepare(d,
                           "INSERT INTO feedback_links(feedback_id, idea_id, feature_id, quote, importance, created_by, "
                           "created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                           e);
  if (!st) return e->rc;
  db_bind_int(st, 1, l->feedback_id);
  bind_opt_id(st, 2, l->idea_id);
  bind_opt_id(st, 3, l->feature_id);
  db_bind_text(st, 4, l->quote ? l->quote : "");
  db_bind_text(st, 5, importance_name(l->importance));
  bind_opt_id(st, 6, l->created_by);
  db_bind_int(st, 7, l->created_at);
  int rc = db_step_returning(st, &l->id, e, "link feedback");
  if (rc == KEEL_EEXISTS)
    return err_set(e, rc, l->idea_id ? "idea" : "feature", "feedback %lld is already linked to that %s",
                   (long long)l->feedback_id, l->idea_id ? "idea" : "feature");
  return rc ? rc : count_links(d, l->feedback_id, 1, l->created_at, e);
}

int store_feedback_link_get(db *d, arena *a, int64_t id, struct feedback_link *out, struct keel_err *e) {
  db_stmt *st = db_prepare(d, "SELECT " LINK_COLS LINK_FROM "WHERE l.id = ?", e);
  if (!st) return e->rc;
  db_bind_int(st, 1, id);
  int r = db_step(st), rc = KEEL_OK;
  if (r > 0) read_link(st, a, out);
  else if (r == 0) rc = err_set(e, KEEL_ENOTFOUND, NULL, "no link %lld", (long long)id);
  else rc = db_fail(d, e, "read link");
  db_done(st);
  return rc;
}

int store_feedback_link_delete(db *d, int64_t id, int64_t now, struct keel_err *e) {
  db_stmt *st = db_prepare(d, "DELETE FROM feedback_links WHERE id = ? RETURNING feedback_id", e);
  if (!st) return e->rc;
  db_bind_int(st, 1, id);
  int64_t feedback_id = 0;
  int rc = db_step_returning(st, &feedback_id, e, "unlink feedback");
  if (rc == KEEL_ENOTFOUND) return err_set(e, rc, NULL, "no link %lld", (long long)id);
  return rc ? rc : count_links(d, feedback_id, -1, now, e);
}

int store_feedback_links(db *d, arena *a, int64_t feedback_id, struct feedback_link **out, size_t *n,
                         struct keel_err *e) {
  *out = NULL;
  *n = 0;
  db_stmt *st = db_prepare(d, "SELECT " LINK_COLS LINK_FROM "WHERE l.feedback_id = ? ORDER BY l.id", e);
  if (!st) return e->rc;
  db_bind_int(st, 1, feedback_id);
  size_t cap = 0;
  int r;
  while ((r = db_step(st)) > 0) {
    if (*n == cap) {
      size_t grown = cap ? cap * 2 : 8;
      *out = arena_realloc(a, *out, cap * sizeof **out, grown * sizeof **out);
      cap = grown;
    }
    read_link(st, a, &(*out)[(*n)++]);
  }
  int rc = r < 0 ? db_fail(d, e, "list links") : KEEL_OK;
  db_done(st);
  return rc;
}

/* ---- demand ---- */

/* The links that count for a feature: to it, and to the ideas that became or
 * joined it. For an idea: to it. Each statement binds the id once and yields:
 * link id, feedback id, importance (2 critical, 1 important, 0 nice to have),
 * via idea id (0 when direct), the item's customer id, its date, and that
 * customer's segment and ARR. Separate statements rather than one UNION: a
 * compound subquery would be materialised, which triples the cost. */
#define LINK_COLUMNS                                                                                   \
  "SELECT l.id, l.feedback_id, CASE l.importance WHEN 'critical' THEN 2 WHEN 'important' THEN 1 ELSE 0 END, "
#define LINK_JOINS                                                                                     \
  ", f.customer_id, f.received_at, c.segment, c.arr FROM feedback_links l "                           \
  "JOIN feedback f ON f.id = l.feedback_id LEFT JOIN customers c ON c.id = f.customer_id "
static const char *const feature_links[] = {
    LINK_COLUMNS "0" LINK_JOINS "WHERE l.feature_id = ?",
    LINK_COLUMNS "i.id" LINK_JOINS "JOIN ideas i ON i.id = l.idea_id WHERE i.feature_id = ?",
    NULL};
static const char *const idea_links[] = {LINK_COLUMNS "0" LINK_JOINS "WHERE l.idea_id = ?", NULL};

/* The customers who asked other than through feedback: as the submitters of
 * the ideas, and as portal users who voted for them. Columns: customer id,
 * segment, ARR. One bind (the id) per "?". */
#define FEATURE_ASKERS                                                                               \
  "SELECT c.id, c.segment, c.arr FROM ideas i JOIN customers c ON c.id = i.customer_id "             \
  "WHERE i.feature_id = ? UNION ALL "                                                                \
  "SELECT c.id, c.segment, c.arr FROM ideas i JOIN votes v ON v.idea_id = i.id "                     \
  "JOIN users u ON u.id = v.user_id JOIN customers c ON c.id = u.customer_id WHERE i.feature_id = ?"
#define IDEA_ASKERS                                                                                  \
  "SELECT c.id, c.segment, c.arr FROM ideas i JOIN customers c ON c.id = i.customer_id "             \
  "WHERE i.id = ? UNION ALL "                                                                        \
  "SELECT c.id, c.segment, c.arr FROM votes v JOIN users u ON u.id = v.user_id "                     \
  "JOIN customers c ON c.id = u.customer_id WHERE v.idea_id = ?"

static db_stmt *prepare_bound(db *d, const char *sql, int64_t id, int binds, struct keel_err *e) {
  db_stmt *st = db_prepare(d, sql, e);
  if (st)
    for (int k = 1; k <= binds; k++) db_bind_int(st, k, id);
  return st;
}

/* A link that may be quoted, ranked by importance, then newest, then latest link. */
struct quote_pick {
  int64_t link_id, feedback_id, customer_id, received_at, via;
  int importance; /* enum importance */
};

/* Returns 1 when a ranks before b among the quotes. */
static int quote_before(const struct quote_pick *a, const struct quote_pick *b) {
  if (a->importance != b->importance) return a->importance > b->importance;
  if (a->received_at != b->received_at) return a->received_at > b->received_at;
  return a->link_id > b->link_id;
}

/* Keeps picks[0..*n) sorted best first and at most DEMAND_QUOTES_MAX long. */
static void quote_offer(struct quote_pick *picks, size_t *n, const struct quote_pick *q) {
  if (*n == DEMAND_QUOTES_MAX && !quote_before(q, &picks[*n - 1])) return;
  size_t i = *n < DEMAND_QUOTES_MAX ? (*n)++ : *n - 1;
  while (i > 0 && quote_before(q, &picks[i - 1])) {
    picks[i] = picks[i - 1];
    i--;
  }
  picks[i] = *q;
}

/* Sums a customer seen for the first time into its segment. */
struct segment_sum {
  struct demand_segment *list;
  size_t n, cap;
};

static void segment_add(struct segment_sum *ss, arena *a, db_stmt *st, int segment_col, int64_t arr) {
  const char *segment = db_col_is_null(st, segment_col) ? "" : db_col_str0(st, segment_col, a);
  for (size_t i = 0; i < ss->n; i++)
    if (strcmp(ss->list[i].segment, segment) == 0) {
      ss->list[i].customers++;
      ss->list[i].arr += arr;
      return;
    }
  if (ss->n == ss->cap) {
    size_t grown = ss->cap ? ss->cap * 2 : 8;
    ss->list = arena_realloc(a, ss->list, ss->cap * sizeof *ss->list, grown * sizeof *ss->list);
    ss->cap = grown;
  }
  ss->list[ss->n++] = (struct demand_segment){.segment = segment, .customers = 1, .arr = arr};
}

static int segment_cmp(const void *pa, const void *pb) {
  const struct demand_segment *a = pa, *b = pb;
  if (a->arr != b->arr) return a->arr > b->arr ? -1 : 1;
  return strcmp(a->segment, b->segment);
}

/* Reads the text and customer of the chosen quotes, in one statement. */
static int read_quotes(db *d, arena *a, const struct quote_pick *picks, size_t n, struct demand *out,
                       struct keel_err *e) {
  out->quotes = arena_zalloc(a, DEMAND_QUOTES_MAX * sizeof *out->quotes);
  if (!n) return KEEL_OK;
  buf sql;
  buf_init(&sql, 4096);
  buf_puts(&sql, "SELECT l.id, CASE WHEN l.quote <> '' THEN l.quote ELSE SUBSTR(f.text, 1, 500) END, f.channel, "
                 "c.name, c.segment, c.arr FROM feedback_links l JOIN feedback f ON f.id = l.feedback_id "
                 "LEFT JOIN customers c ON c.id = f.customer_id WHERE l.id IN (");
  for (size_t i = 0; i < n; i++) buf_puts(&sql, i ? ",?" : "?");
  buf_puts(&sql, ")");
  db_stmt *st = db_prepare(d, buf_cstr(&sql), e);
  buf_free(&sql);
  if (!st) return e->rc;
  for (size_t i = 0; i < n; i++) db_bind_int(st, (int)i + 1, picks[i].link_id);
  for (size_t i = 0; i < n; i++) {
    struct demand_quote *q = &out->quotes[i];
    q->feedback_id = picks[i].feedback_id;
    q->importance = (enum importance)picks[i].importance;
    q->customer_id = picks[i].customer_id;
    q->received_at = picks[i].received_at;
    q->via = picks[i].via ? arena_printf(a, "idea %lld", (long long)picks[i].via) : "";
    q->quote = q->customer_name = q->segment = "";
    q->channel = FC_OTHER;
  }
  out->nquotes = n;
  int r;
  while ((r = db_step(st)) > 0) {
    int64_t link = db_col_int(st, 0);
    for (size_t i = 0; i < n; i++) {
      if (picks[i].link_id != link) continue;
      struct demand_quote *q = &out->quotes[i];
      q->quote = db_col_str0(st, 1, a);
      if (feedback_channel_parse(db_col_str0(st, 2, a), &q->channel)) q->channel = FC_OTHER;
      q->customer_name = db_col_str0(st, 3, a);
      q->segment = db_col_str0(st, 4, a);
      q->arr = opt_int(st, 5);
      break;
    }
  }
  int rc = r < 0 ? db_fail(d, e, "read quotes") : KEEL_OK;
  db_done(st);
  return rc;
}

/* Demand in one pass over the links: each row carries the feedback item's
 * customer (with segment and ARR) and date, so distinct customers, distinct
 * feedback items, the critical ones and the best DEMAND_QUOTES_MAX quotes are
 * all counted while streaming — no sort of the links, and no second scan. A
 * feature with 10,000 linked items costs one indexed walk of its links. */
static int demand(db *d, arena *a, int64_t id, const char *const *links, const char *askers, int asker_binds,
                  struct demand *out, struct keel_err *e) {
  _Static_assert(IMP_NICE_TO_HAVE == 0 && IMP_IMPORTANT == 1 && IMP_CRITICAL == 2, "LINK_COLUMNS maps importance");
  memset(out, 0, sizeof *out);
  struct idset customers, items, critical;
  idset_init(&customers, a);
  idset_init(&items, a);
  idset_init(&critical, a);
  struct segment_sum ss = {0};
  struct quote_pick picks[DEMAND_QUOTES_MAX];
  size_t npicks = 0;

  int rc = KEEL_OK, r;
  db_stmt *st;
  for (size_t k = 0; links[k] && !rc; k++) {
    st = prepare_bound(d, links[k], id, 1, e);
    if (!st) return e->rc;
    while ((r = db_step(st)) > 0) {
      struct quote_pick q = {.link_id = db_col_int(st, 0), .feedback_id = db_col_int(st, 1),
                             .importance = (int)db_col_int(st, 2), .via = db_col_int(st, 3),
                             .customer_id = opt_int(st, 4), .received_at = db_col_int(st, 5)};
      if (idset_add(&items, q.feedback_id) == 1) out->feedback++;
      if (q.importance == IMP_CRITICAL && idset_add(&critical, q.feedback_id) == 1) out->critical++;
      if (q.customer_id && idset_add(&customers, q.customer_id) == 1) segment_add(&ss, a, st, 6, opt_int(st, 7));
      quote_offer(picks, &npicks, &q);
    }
    if (r < 0) rc = db_fail(d, e, "count demand");
    db_done(st);
  }

  if (!rc) {
    st = prepare_bound(d, askers, id, asker_binds, e);
    if (!st) rc = e->rc;
    else {
      while ((r = db_step(st)) > 0)
        if (idset_add(&customers, db_col_int(st, 0)) == 1) segment_add(&ss, a, st, 1, opt_int(st, 2));
      if (r < 0) rc = db_fail(d, e, "count askers");
      db_done(st);
    }
  }
  if (rc) return rc;

  /* By ARR, highest first; past DEMAND_SEGMENTS_MAX the rest are summed. */
  if (ss.n) qsort(ss.list, ss.n, sizeof *ss.list, segment_cmp);
  for (size_t i = 0; i < ss.n; i++) {
    out->customers += ss.list[i].customers;
    out->arr += ss.list[i].arr;
  }
  if (ss.n > DEMAND_SEGMENTS_MAX) {
    struct demand_segment *rest = &ss.list[DEMAND_SEGMENTS_MAX - 1];
    for (size_t i = DEMAND_SEGMENTS_MAX; i < ss.n; i++) {
      rest->customers += ss.list[i].customers;
      rest->arr += ss.list[i].arr;
    }
    rest->segment = "(other segments)";
    ss.n = DEMAND_SEGMENTS_MAX;
  }
  out->segments = ss.list;
  out->nsegments = ss.n;
  return read_quotes(d, a, picks, npicks, out, e);
}

int store_demand_feature(db *d, arena *a, int64_t feature_id, struct demand *out, struct keel_err *e) {
  return demand(d, a, feature_id, feature_links, FEATURE_ASKERS, 2, out, e);
}

int store_demand_idea(db *d, arena *a, int64_t idea_id, struct demand *out, struct keel_err *e) {
  return demand(d, a, idea_id, idea_links, IDEA_ASKERS, 2, out, e);
}
