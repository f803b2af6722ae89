/* fts5_rank.h — keel_rank(), an FTS5 ranking function for SQLite connections
 * (store/sqlite.c registers it; store/search.c uses it).
 *
 * keel_rank(fts_table, title_weight, docs_1, docs_2, ...) is Okapi BM25 like
 * FTS5's bm25() (k1 = 1.2, b = 0.75; lower is better, so ORDER BY it
 * ascending), with column 0 weighing title_weight when the table has more
 * than one column. The difference: the number of rows holding each phrase of
 * the query comes in as docs_i (from the fts5vocab table, -1 when unknown),
 * where bm25() counts them by reading each phrase's whole doclist on its
 * first call — at a million rows that count cost more than the ranking. */
#ifndef KEEL_STORE_FTS5_RANK_H
#define KEEL_STORE_FTS5_RANK_H

#include <sqlite3.h>

enum { FTS5_RANK_PHRASES_MAX = 64 }; /* phrases scored; more are ignored */

/* Registers keel_rank on connection h. Returns SQLITE_OK or an SQLite error code. */
int fts5_rank_register(sqlite3 *h);

#endif
