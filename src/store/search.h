/* search.h — full-text search and duplicate candidates in the database.
 *
 * SQLite: the FTS5 tables feedback_fts (text), ideas_fts and features_fts
 * (title, description), kept by triggers, ranked by BM25 (keel_rank, see
 * store/fts5_rank.h) with a title match weighing SEARCH_TITLE_WEIGHT times
 * one in the description; snippets from FTS5's snippet() and highlight(). PostgreSQL: the stored tsvector columns
 * `search` ('english', titles weighted A) with their GIN indexes, ranked by
 * ts_rank_cd; ts_headline makes the snippets of the rows returned only.
 * Matches in snippets are marked with SEARCH_MARK_START / SEARCH_MARK_END.
 *
 * The queries arrive already rendered by domain/search.h (never raw user
 * text) and are bound as parameters. Results live in the caller's arena. */
#ifndef KEEL_STORE_SEARCH_H
#define KEEL_STORE_SEARCH_H

#include <stddef.h>
#include <stdint.h>

#include "domain/search.h"
#include "store/db.h"

enum search_type { ST_FEEDBACK, ST_IDEA, ST_FEATURE, ST_COUNT };

enum { SEARCH_TITLE_WEIGHT = 10 };

/* Returns "feedback", "idea" or "feature". */
const char *search_type_name(enum search_type t);

/* Parses a type name. Returns 0 and *out, or -1. */
int search_type_parse(const char *s, enum search_type *out);

/* One match. */
struct search_hit {
  enum search_type type;
  int64_t id;
  const char *key;         /* features: "PAY-3"; else NULL */
  const char *title;       /* ideas and features: the title with matches marked; feedback: NULL */
  const char *snippet;     /* the text (feedback) or description around the best match, marked */
  double score;            /* higher is better (bm25 or ts_rank_cd; comparable within a type) */
  const char *product_key; /* "" when none */
  const char *status;      /* the record's status name */
  const char *customer;    /* feedback: the customer's name, "" when none; else NULL */
  const char *channel;     /* feedback: the channel name; else NULL */
  int64_t at;              /* feedback: when it was said; else when created */
};

struct search_request {
  enum search_type type;
  const char *fts5;    /* the query for SQLite (search_query_fts5) */
  const char *tsquery; /* the query for PostgreSQL (search_query_tsquery) */
  int64_t product_id;  /* 0: every product */
  int window;          /* rank only the newest `window` matches */
  int limit;           /* best matches wanted */
  /* SQLite: how many items hold each phrase of fts5, in the order the
   * phrases appear in it (-1: unknown), for keel_rank (store/fts5_rank.h).
   * NULL: every count unknown. */
  const int64_t *phrase_docs;
  size_t nphrases;
  const struct search_query *parsed; /* SQLite: marks titles and snippets (search_mark); NULL: unmarked */
};

/* Returns up to q->limit best matches of type q->type among the newest
 * q->window matches, best first. */
int store_search(db *d, arena *a, const struct search_request *q, struct search_hit **out, size_t *n,
                 struct keel_err *e);

/* Reads from the index's vocabulary how many items of type hold stem (a
 * term as sim_stem() makes it): *docs, 0 when none. *docs is -1 when there is
 * no vocabulary to ask (PostgreSQL; features on SQLite). */
int store_term_docs(db *d, enum search_type type, const char *stem, int64_t *docs, struct keel_err *e);

enum { SEARCH_DF_SAMPLE = 200 }; /* matches walked to estimate how many items hold a phrase */

/* Estimates how many items of type match phrase (one FTS5 phrase, as
 * search_clause_fts5 writes it) on SQLite: exactly when fewer than
 * SEARCH_DF_SAMPLE do, else from how far back the SEARCH_DF_SAMPLE-th newest
 * one lies (ids grow with time, so matches spread evenly enough). Cheap at
 * any size, unlike counting a common word's every row. *docs is -1 on
 * PostgreSQL (its ranking needs no count). */
int store_phrase_docs(db *d, enum search_type type, const char *phrase, int64_t *docs, struct keel_err *e);

/* Estimates how many items of type there are (the highest id: cheap at any
 * size; deletions are rare). */
int store_item_count_estimate(db *d, enum search_type type, int64_t *n, struct keel_err *e);

/* A candidate duplicate: an item whose text shares words with another. */
struct similar_candidate {
  enum search_type type;
  int64_t id;
  const char *key;         /* features: "PAY-3" */
  const char *title;       /* ideas and features; NULL for feedback */
  const char *body;        /* description, or the feedback's text */
  const char *status;
  const char *product_key; /* "" when none */
  int64_t product_id;      /* 0 when none */
};

struct similar_request {
  enum search_type type;
  const char *fts5;    /* words ORed (search_words_any), for SQLite */
  const char *tsquery; /* the same for PostgreSQL */
  int64_t product_id;  /* 0: every product */
  int64_t exclude_id;  /* an item of this type to leave out, or 0 */
  int limit;
  /* SQLite: how many items hold each word of fts5, in order (-1: unknown),
   * for keel_rank (store/fts5_rank.h); NULL: unknown. */
  const int64_t *word_docs;
  size_t nwords;
};

/* Returns up to q->limit items of q->type that share the most telling words
 * with the query (keel_rank / ts_rank order), leaving out merged ideas. */
int store_similar_candidates(db *d, arena *a, const struct similar_request *q, struct similar_candidate **out,
                             size_t *n, struct keel_err *e);

/* Reads the text of a feedback item: *text and *product_id (0 when none).
 * KEEL_ENOTFOUND when there is no such item. */
int store_feedback_text(db *d, arena *a, int64_t id, const char **text, int64_t *product_id, struct keel_err *e);

#endif
