/* search.c — SQL for full-text search and duplicate candidates, one dialect
 * per backend (FTS5 on SQLite, tsvector on PostgreSQL). */
#include "store/search.h"

#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "domain/feature.h"
#include "domain/search.h"
#include "store/fts5_rank.h"

static const char *const type_names[ST_COUNT] = {"feedback", "idea", "feature"};

const char *search_type_name(enum search_type t) { return t >= 0 && t < ST_COUNT ? type_names[t] : "feedback"; }

int search_type_parse(const char *s, enum search_type *out) {
  for (int t = 0; t < ST_COUNT; t++)
    if (s && strcmp(s, type_names[t]) == 0) {
      *out = (enum search_type)t;
      return 0;
    }
  return -1;
}

static int is_pg(db *d) { return strcmp(db_backend_name(d), "postgresql") == 0; }


/* ts_headline options: the marks, and about SEARCH_SNIPPET_WORDS words in up
 * to two fragments. */
#define HEADLINE_OPTS "StartSel=\x01, StopSel=\x02, MaxWords=24, MinWords=12, ShortWord=3, MaxFragments=2, FragmentDelimiter=\" … \""
_Static_assert(SEARCH_SNIPPET_WORDS == 24, "the snippet sizes in the SQL below spell out SEARCH_SNIPPET_WORDS");
#define TITLE_OPTS "StartSel=\x01, StopSel=\x02, HighlightAll=true"

/* ---- SQLite ---- */

static const char *const fts_table[ST_COUNT] = {"feedback_fts", "ideas_fts", "features_fts"};
static const char *const base_table[ST_COUNT] = {"feedback", "ideas", "features"};

/* ---- PostgreSQL ---- */

/* The newest q->window matches, the best q->limit of them ranked, and only
 * those get headlines. Parameters: query, [product], window, limit, options
 * (and title options for ideas and features). */
static const char *pg_search_sql(enum search_type t, int by_product) {
  switch (t) {
  case ST_FEEDBACK:
    return by_product
               ? "WITH q AS (SELECT to_tsquery('english', ?) AS q), "
                 "m AS (SELECT f.id FROM feedback f, q WHERE f.search @@ q.q AND f.product_id = ? ORDER BY f.id DESC LIMIT ?), "
                 "top AS (SELECT f.id, ts_rank_cd(f.search, q.q) AS s FROM m JOIN feedback f ON f.id = m.id CROSS JOIN q "
                 "ORDER BY s DESC, f.id DESC LIMIT ?) "
                 "SELECT f.id, top.s, NULL, ts_headline('english', f.text, q.q, ?), f.status, f.received_at, "
                 "COALESCE(p.key, ''), COALESCE(cu.name, ''), f.channel, 0 "
                 "FROM top JOIN feedback f ON f.id = top.id CROSS JOIN q LEFT JOIN products p ON p.id = f.product_id "
                 "LEFT JOIN customers cu ON cu.id = f.customer_id ORDER BY top.s DESC, top.id DESC"
               : "WITH q AS (SELECT to_tsquery('english', ?) AS q), "
                 "m AS (SELECT f.id FROM feedback f, q WHERE f.search @@ q.q ORDER BY f.id DESC LIMIT ?), "
                 "top AS (SELECT f.id, ts_rank_cd(f.search, q.q) AS s FROM m JOIN feedback f ON f.id = m.id CROSS JOIN q "
                 "ORDER BY s DESC, f.id DESC LIMIT ?) "
                 "SELECT f.id, top.s, NULL, ts_headline('english', f.text, q.q, ?), f.status, f.received_at, "
                 "COALESCE(p.key, ''), COALESCE(cu.name, ''), f.channel, 0 "
                 "FROM top JOIN feedback f ON f.id = top.id CROSS JOIN q LEFT JOIN products p ON p.id = f.product_id "
                 "LEFT JOIN customers cu ON cu.id = f.customer_id ORDER BY top.s DESC, top.id DESC";
  case ST_IDEA:
    return by_product
               ? "WITH q AS (SELECT to_tsquery('english', ?) AS q), "
                 "m AS (SELECT i.id FROM ideas i, q WHERE i.search @@ q.q AND i.product_id = ? ORDER BY i.id DESC LIMIT ?), "
                 "top AS (SELECT i.id, ts_rank_cd(i.search, q.q) AS s FROM m JOIN ideas i ON i.id = m.id CROSS JOIN q "
                 "ORDER BY s DESC, i.id DESC LIMIT ?) "
                 "SELECT i.id, top.s, ts_headline('english', i.title, q.q, ?), ts_headline('english', i.description, q.q, ?), "
                 "i.status, i.created_at, p.key, NULL, NULL, 0 "
                 "FROM top JOIN ideas i ON i.id = top.id CROSS JOIN q JOIN products p ON p.id = i.product_id "
                 "ORDER BY top.s DESC, top.id DESC"
               : "WITH q AS (SELECT to_tsquery('english', ?) AS q), "
                 "m AS (SELECT i.id FROM ideas i, q WHERE i.search @@ q.q ORDER BY i.id DESC LIMIT ?), "
                 "top AS (SELECT i.id, ts_rank_cd(i.search, q.q) AS s FROM m JOIN ideas i ON i.id = m.id CROSS JOIN q "
                 "ORDER BY s DESC, i.id DESC LIMIT ?) "
                 "SELECT i.id, top.s, ts_headline('english', i.title, q.q, ?), ts_headline('english', i.description, q.q, ?), "
                 "i.status, i.created_at, p.key, NULL, NULL, 0 "
                 "FROM top JOIN ideas i ON i.id = top.id CROSS JOIN q JOIN products p ON p.id = i.product_id "
                 "ORDER BY top.s DESC, top.id DESC";
  case ST_FEATURE:
  case ST_COUNT:
    break;
  }
  return by_product
             ? "WITH q AS (SELECT to_tsquery('english', ?) AS q), "
               "m AS (SELECT f.id FROM features f, q WHERE f.search @@ q.q AND f.product_id = ? ORDER BY f.id DESC LIMIT ?), "
               "top AS (SELECT f.id, ts_rank_cd(f.search, q.q) AS s FROM m JOIN features f ON f.id = m.id CROSS JOIN q "
               "ORDER BY s DESC, f.id DESC LIMIT ?) "
               "SELECT f.id, top.s, ts_headline('english', f.title, q.q, ?), ts_headline('english', f.description, q.q, ?), "
               "f.status, f.created_at, p.key, NULL, NULL, f.number "
               "FROM top JOIN features f ON f.id = top.id CROSS JOIN q JOIN products p ON p.id = f.product_id "
               "ORDER BY top.s DESC, top.id DESC"
             : "WITH q AS (SELECT to_tsquery('english', ?) AS q), "
               "m AS (SELECT f.id FROM features f, q WHERE f.search @@ q.q ORDER BY f.id DESC LIMIT ?), "
               "top AS (SELECT f.id, ts_rank_cd(f.search, q.q) AS s FROM m JOIN features f ON f.id = m.id CROSS JOIN q "
               "ORDER BY s DESC, f.id DESC LIMIT ?) "
               "SELECT f.id, top.s, ts_headline('english', f.title, q.q, ?), ts_headline('english', f.description, q.q, ?), "
               "f.status, f.created_at, p.key, NULL, NULL, f.number "
               "FROM top JOIN features f ON f.id = top.id CROSS JOIN q JOIN products p ON p.id = f.product_id "
               "ORDER BY top.s DESC, top.id DESC";
}

static void read_hit(db_stmt *st, arena *a, enum search_type t, int pg, struct search_hit *h) {
  memset(h, 0, sizeof *h);
  h->type = t;
  h->id = db_col_int(st, 0);
  double rank = db_col_double(st, 1);
  h->score = pg ? rank : -rank; /* bm25 is lower for better matches */
  h->title = db_col_str(st, 2, a);
  h->snippet = db_col_str0(st, 3, a);
  h->status = db_col_str0(st, 4, a);
  h->at = db_col_int(st, 5);
  h->product_key = db_col_str0(st, 6, a);
  if (t == ST_FEEDBACK) {
    h->title = NULL;
    h->customer = db_col_str0(st, 7, a);
    h->channel = db_col_str0(st, 8, a);
  }
  if (t == ST_FEATURE) h->key = feature_key_format(a, h->product_key, db_col_int(st, 9));
}

/* ---- SQLite, feedback and ideas: ranked by keel_rank ---- */

/* One item of the window and its score. */
struct scored {
  int64_t rowid;
  double score; /* higher is better */
};

static int cmp_scored(const void *a, const void *b) {
  const struct scored *x = a, *y = b;
  if (x->score != y->score) return x->score > y->score ? -1 : 1;
  return x->rowid > y->rowid ? -1 : x->rowid < y->rowid;
}

/* The details of one item, with its text (marked by search_mark afterwards:
 * FTS5's snippet() would have to find the row in the index again, which
 * costs more than the whole ranking at a million rows). */
static const char *sqlite_detail_sql(enum search_type t) {
  switch (t) {
  case ST_FEEDBACK:
    return "SELECT f.id, 0, NULL, f.text, f.status, f.received_at, COALESCE(p.key, ''), COALESCE(cu.name, ''), "
           "f.channel, 0 FROM feedback f LEFT JOIN products p ON p.id = f.product_id "
           "LEFT JOIN customers cu ON cu.id = f.customer_id WHERE f.id = ?";
  case ST_IDEA:
    return "SELECT i.id, 0, i.title, i.description, i.status, i.created_at, p.key, NULL, NULL, 0 "
           "FROM ideas i JOIN products p ON p.id = i.product_id WHERE i.id = ?";
  case ST_FEATURE:
  case ST_COUNT:
    break;
  }
  return "SELECT f.id, 0, f.title, f.description, f.status, f.created_at, p.key, NULL, NULL, f.number "
         "FROM features f JOIN products p ON p.id = f.product_id WHERE f.id = ?";
}

static void read_hit(db_stmt *st, arena *a, enum search_type t, int pg, struct search_hit *h);

/* Scores the newest q->window matches in one pass over the index (newest
 * first, keel_rank with the phrase counts given), keeps the best q->limit and
 * reads only those rows, marking their matches with search_mark. */
static int sqlite_search_ranked(db *d, arena *a, const struct search_request *q, struct search_hit **out, size_t *n,
                                struct keel_err *e) {
  const char *fts = fts_table[q->type];
  size_t np = q->phrase_docs ? q->nphrases : 0;
  if (np > FTS5_RANK_PHRASES_MAX) np = FTS5_RANK_PHRASES_MAX;
  buf sql;
  buf_init(&sql, 0);
  buf_printf(&sql, "SELECT %s.rowid, keel_rank(%s, %d.0", fts, fts, (int)SEARCH_TITLE_WEIGHT);
  for (size_t i = 0; i < np; i++) buf_puts(&sql, ", ?");
  buf_printf(&sql, ") FROM %s", fts);
  if (q->product_id) buf_printf(&sql, " JOIN %s x ON x.id = %s.rowid", base_table[q->type], fts);
  buf_printf(&sql, " WHERE %s MATCH ?", fts);
  if (q->product_id) buf_puts(&sql, " AND x.product_id = ?");
  buf_printf(&sql, " ORDER BY %s.rowid DESC LIMIT ?", fts);
  db_stmt *st = db_prepare(d, buf_cstr(&sql), e);
  buf_free(&sql);
  if (!st) return e->rc;
  int k = 1;
  for (size_t i = 0; i < np; i++) db_bind_int(st, k++, q->phrase_docs[i]);
  db_bind_text(st, k++, q->fts5);
  if (q->product_id) db_bind_int(st, k++, q->product_id);
  db_bind_int(st, k, q->window);
  struct scored *sc = arena_alloc(a, (size_t)q->window * sizeof *sc);
  size_t m = 0;
  int r;
  while ((r = db_step(st)) > 0 && m < (size_t)q->window) {
    sc[m].rowid = db_col_int(st, 0);
    sc[m].score = -db_col_double(st, 1); /* keel_rank is lower for better matches */
    m++;
  }
  int rc = r < 0 ? db_fail(d, e, "search") : KEEL_OK;
  db_done(st);
  if (rc || !m) return rc;
  qsort(sc, m, sizeof *sc, cmp_scored);
  if (m > (size_t)q->limit) m = (size_t)q->limit;
  *out = arena_alloc(a, m * sizeof **out);
  for (size_t i = 0; i < m && !rc; i++) {
    st = db_prepare(d, sqlite_detail_sql(q->type), e);
    if (!st) return e->rc;
    db_bind_int(st, 1, sc[i].rowid);
    r = db_step(st);
    if (r > 0) {
      struct search_hit *h = &(*out)[(*n)++];
      read_hit(st, a, q->type, 0, h);
      h->score = sc[i].score;
      if (q->parsed) {
        if (h->title) h->title = search_mark(a, h->title, q->parsed, 1);
        h->snippet = search_mark(a, h->snippet, q->parsed, 0);
      }
    } else if (r < 0) {
      rc = db_fail(d, e, "search");
    }
    db_done(st);
  }
  return rc;
}

int store_search(db *d, arena *a, const struct search_request *q, struct search_hit **out, size_t *n,
                 struct keel_err *e) {
  *out = NULL;
  *n = 0;
  if (q->type < 0 || q->type >= ST_COUNT || q->limit < 1 || q->window < 1)
    return err_set(e, KEEL_EINTERNAL, NULL, "bad search request");
  if (!is_pg(d)) return sqlite_search_ranked(d, a, q, out, n, e);
  db_stmt *st = db_prepare(d, pg_search_sql(q->type, q->product_id != 0), e);
  if (!st) return e->rc;
  int k = 1;
  db_bind_text(st, k++, q->tsquery);
  if (q->product_id) db_bind_int(st, k++, q->product_id);
  db_bind_int(st, k++, q->window);
  db_bind_int(st, k++, q->limit);
  if (q->type != ST_FEEDBACK) db_bind_text(st, k++, TITLE_OPTS);
  db_bind_text(st, k++, HEADLINE_OPTS);
  size_t cap = 0;
  int r, rc = KEEL_OK;
  while ((r = db_step(st)) > 0) {
    if (*n == cap) {
      size_t grown = cap ? cap * 2 : 16;
      *out = arena_realloc(a, *out, cap * sizeof **out, grown * sizeof **out);
      cap = grown;
    }
    read_hit(st, a, q->type, 1, &(*out)[(*n)++]);
  }
  if (r < 0) rc = db_fail(d, e, "search");
  db_done(st);
  return rc;
}

int store_phrase_docs(db *d, enum search_type type, const char *phrase, int64_t *docs, struct keel_err *e) {
  *docs = -1;
  if (is_pg(d) || type < 0 || type >= ST_COUNT) return KEEL_OK;
  const char *fts = fts_table[type];
  buf sql;
  buf_init(&sql, 512);
  buf_printf(&sql, "SELECT %s.rowid, (SELECT MAX(id) FROM %s) FROM %s WHERE %s MATCH ? ORDER BY %s.rowid DESC LIMIT 1 OFFSET ?",
             fts, base_table[type], fts, fts, fts);
  db_stmt *st = db_prepare(d, buf_cstr(&sql), e);
  buf_free(&sql);
  if (!st) return e->rc;
  db_bind_text(st, 1, phrase);
  db_bind_int(st, 2, SEARCH_DF_SAMPLE - 1);
  int r = db_step(st), rc = KEEL_OK;
  if (r > 0) {
    int64_t at = db_col_int(st, 0), max = db_col_int(st, 1);
    int64_t span = max - at + 1;
    *docs = span > 0 ? (int64_t)((double)SEARCH_DF_SAMPLE * (double)max / (double)span) : max;
    if (*docs > max) *docs = max;
  } else if (r < 0) {
    rc = db_fail(d, e, "search");
  }
  db_done(st);
  if (rc || r > 0) return rc;
  /* Fewer than SEARCH_DF_SAMPLE: count them. */
  buf_init(&sql, 256);
  buf_printf(&sql, "SELECT COUNT(*) FROM %s WHERE %s MATCH ?", fts, fts);
  st = db_prepare(d, buf_cstr(&sql), e);
  buf_free(&sql);
  if (!st) return e->rc;
  db_bind_text(st, 1, phrase);
  r = db_step(st);
  if (r > 0) *docs = db_col_int(st, 0);
  else rc = db_fail(d, e, "search");
  db_done(st);
  return rc;
}

int store_item_count_estimate(db *d, enum search_type type, int64_t *n, struct keel_err *e) {
  *n = 0;
  if (type < 0 || type >= ST_COUNT) return err_set(e, KEEL_EINTERNAL, NULL, "bad type");
  buf sql;
  buf_init(&sql, 0);
  buf_printf(&sql, "SELECT COALESCE(MAX(id), 0) FROM %s", base_table[type]);
  db_stmt *st = db_prepare(d, buf_cstr(&sql), e);
  buf_free(&sql);
  if (!st) return e->rc;
  int r = db_step(st), rc = KEEL_OK;
  if (r > 0) *n = db_col_int(st, 0);
  else rc = db_fail(d, e, "count items");
  db_done(st);
  return rc;
}

int store_term_docs(db *d, enum search_type type, const char *stem, int64_t *docs, struct keel_err *e) {
  *docs = -1;
  if (is_pg(d) || (type != ST_FEEDBACK && type != ST_IDEA)) return KEEL_OK; /* no vocabulary table */
  db_stmt *st = db_prepare(d, type == ST_IDEA ? "SELECT doc FROM ideas_terms WHERE term = ?"
                                              : "SELECT doc FROM feedback_terms WHERE term = ?",
                           e);
  if (!st) return e->rc;
  db_bind_text(st, 1, stem);
  int r = db_step(st), rc = KEEL_OK;
  if (r > 0) *docs = db_col_int(st, 0);
  else if (r == 0) *docs = 0;
  else rc = db_fail(d, e, "read the index's vocabulary");
  db_done(st);
  return rc;
}

int store_similar_candidates(db *d, arena *a, const struct similar_request *q, struct similar_candidate **out,
                             size_t *n, struct keel_err *e) {
  *out = NULL;
  *n = 0;
  if (q->type < 0 || q->type >= ST_COUNT || q->limit < 1) return err_set(e, KEEL_EINTERNAL, NULL, "bad similar request");
  int pg = is_pg(d);
  size_t nw = q->word_docs ? q->nwords : 0;
  if (nw > FTS5_RANK_PHRASES_MAX) nw = FTS5_RANK_PHRASES_MAX;
  buf sql;
  buf_init(&sql, 0);
  const char *cols, *from, *join, *alias;
  switch (q->type) {
  case ST_IDEA:
    alias = "i";
    cols = "i.id, i.title, i.description, i.status, p.key, i.product_id, 0";
    from = "ideas i";
    join = "JOIN products p ON p.id = i.product_id";
    break;
  case ST_FEATURE:
    alias = "f";
    cols = "f.id, f.title, f.description, f.status, p.key, f.product_id, f.number";
    from = "features f";
    join = "JOIN products p ON p.id = f.product_id";
    break;
  default:
    alias = "f";
    cols = "f.id, NULL, f.text, f.status, COALESCE(p.key, ''), f.product_id, 0";
    from = "feedback f";
    join = "LEFT JOIN products p ON p.id = f.product_id";
    break;
  }
  if (pg) {
    buf_printf(&sql, "SELECT %s FROM %s %s CROSS JOIN to_tsquery('english', ?) q WHERE %s.search @@ q", cols, from, join,
               alias);
    const char *order = "ts_rank(%s.search, q) DESC, %s.id DESC";
    if (q->type == ST_IDEA) buf_puts(&sql, " AND i.merged_at IS NULL");
    if (q->exclude_id) buf_printf(&sql, " AND %s.id <> ?", alias);
    if (q->product_id) buf_printf(&sql, " AND %s.product_id = ?", alias);
    buf_puts(&sql, " ORDER BY ");
    buf_printf(&sql, order, alias, alias);
    buf_puts(&sql, " LIMIT ?");
  } else {
    /* Rank in the index (only small columns read), then read the best rows. */
    const char *fts = fts_table[q->type];
    buf_printf(&sql, "SELECT %s FROM (SELECT %s.rowid AS id, keel_rank(%s, %d.0", cols, fts, fts, (int)SEARCH_TITLE_WEIGHT);
    for (size_t i = 0; i < nw; i++) buf_puts(&sql, ", ?");
    buf_printf(&sql, ") AS r FROM %s JOIN %s x ON x.id = %s.rowid WHERE %s MATCH ?", fts, base_table[q->type], fts, fts);
    if (q->type == ST_IDEA) buf_puts(&sql, " AND x.merged_at IS NULL");
    if (q->exclude_id) buf_puts(&sql, " AND x.id <> ?");
    if (q->product_id) buf_puts(&sql, " AND x.product_id = ?");
    buf_printf(&sql, " ORDER BY r, %s.rowid DESC LIMIT ?) top JOIN %s ON %s.id = top.id %s ORDER BY top.r, top.id DESC", fts,
               from, alias, join);
  }
  db_stmt *st = db_prepare(d, buf_cstr(&sql), e);
  buf_free(&sql);
  if (!st) return e->rc;
  int k = 1;
  if (!pg)
    for (size_t i = 0; i < nw; i++) db_bind_int(st, k++, q->word_docs[i]);
  db_bind_text(st, k++, pg ? q->tsquery : q->fts5);
  if (q->exclude_id) db_bind_int(st, k++, q->exclude_id);
  if (q->product_id) db_bind_int(st, k++, q->product_id);
  db_bind_int(st, k, q->limit);
  size_t cap = 0;
  int r, rc = KEEL_OK;
  while ((r = db_step(st)) > 0) {
    if (*n == cap) {
      size_t grown = cap ? cap * 2 : 32;
      *out = arena_realloc(a, *out, cap * sizeof **out, grown * sizeof **out);
      cap = grown;
    }
    struct similar_candidate *c = &(*out)[(*n)++];
    memset(c, 0, sizeof *c);
    c->type = q->type;
    c->id = db_col_int(st, 0);
    c->title = db_col_str(st, 1, a);
    c->body = db_col_str0(st, 2, a);
    c->status = db_col_str0(st, 3, a);
    c->product_key = db_col_str0(st, 4, a);
    c->product_id = db_col_is_null(st, 5) ? 0 : db_col_int(st, 5);
    if (q->type == ST_FEATURE) c->key = feature_key_format(a, c->product_key, db_col_int(st, 6));
  }
  if (r < 0) rc = db_fail(d, e, "find similar items");
  db_done(st);
  return rc;
}

int store_feedback_text(db *d, arena *a, int64_t id, const char **text, int64_t *product_id, struct keel_err *e) {
  db_stmt *st = db_prepare(d, "SELECT text, product_id FROM feedback WHERE id = ?", e);
  if (!st) return e->rc;
  db_bind_int(st, 1, id);
  int r = db_step(st), rc = KEEL_OK;
  if (r > 0) {
    *text = db_col_str0(st, 0, a);
    *product_id = db_col_is_null(st, 1) ? 0 : db_col_int(st, 1);
  } else if (r == 0) {
    rc = err_set(e, KEEL_ENOTFOUND, NULL, "no feedback %lld", (long long)id);
  } else {
    rc = db_fail(d, e, "read feedback");
  }
  db_done(st);
  return rc;
}
