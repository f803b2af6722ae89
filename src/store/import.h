/* import.h — what importing files needs from the database beyond the
 * aggregates' own files: finding records by their reference elsewhere, and
 * setting a feature's reference. */
#ifndef KEEL_STORE_IMPORT_H
#define KEEL_STORE_IMPORT_H

#include <stdint.h>

#include "domain/feedback.h"
#include "store/db.h"

/* The tables whose rows carry a reference (ideas.reference, features.reference,
 * feedback.reference). */
enum store_ref_table { STORE_REF_FEEDBACK, STORE_REF_IDEAS, STORE_REF_FEATURES };

/* Sets *found to 1 when a row of table has exactly this reference (which must
 * not be ""), else 0. Returns KEEL_OK or KEEL_EDB. */
int store_reference_exists(db *d, enum store_ref_table table, const char *reference, int *found, struct keel_err *e);

/* Sets feature id's reference without changing its version (an import sets it
 * in the transaction that created the feature). KEEL_ENOTFOUND when absent. */
int store_feature_set_reference(db *d, int64_t id, const char *reference, struct keel_err *e);

enum { STORE_IMPORT_CACHE_KIB = 64 * 1024 }; /* SQLite page cache during an import */

/* Gives a SQLite connection a larger page cache (STORE_IMPORT_CACHE_KIB) for
 * an import, so that the indexes being filled stay in memory; *saved
 * receives the setting to give back to store_import_cache_end. Nothing on
 * PostgreSQL. Returns KEEL_OK or the database's error. */
int store_import_cache_begin(db *d, int64_t *saved, struct keel_err *e);
void store_import_cache_end(db *d, int64_t saved);

enum { STORE_FEEDBACK_BATCH = 200 }; /* feedback rows per INSERT in store_feedback_insert_batch */

/* Inserts fs[0..n) (1 <= n <= STORE_FEEDBACK_BATCH) as store_feedback_insert
 * does, with one INSERT statement for the items (so the full-text index is
 * updated once per batch, not once per row: an FTS5 table flushes what it
 * holds at every statement) and their tags; sets each id, version 1 and
 * link_count 0. Ids come back sorted and are given out in order: both
 * backends number the rows of one INSERT in the order of its VALUES. Returns
 * KEEL_OK or the database's error. */
int store_feedback_insert_batch(db *d, struct feedback *fs, size_t n, struct keel_err *e);

/* The full-text index of feedback, filled once at the end of an import
 * rather than row by row. On SQLite, store_feedback_fts_defer drops the
 * trigger that indexes each new row, keeping its text in *trigger_sql (in a)
 * and the highest feedback id so far in *after_id; store_feedback_fts_catch_up
 * indexes every row above after_id with one INSERT ... SELECT (an FTS5 table
 * builds a few large segments that way, instead of one per statement) and
 * puts the trigger back from its kept text. Both run inside the import's
 * transaction, so no other connection ever sees the trigger missing, and a
 * rollback restores it. On PostgreSQL the index is a generated column: both
 * do nothing. Return KEEL_OK or the database's error. */
enum { STORE_FTS_CATCH_UP_ROWS = 20000 }; /* feedback ids indexed per statement by store_feedback_fts_catch_up */
int store_feedback_fts_defer(db *d, arena *a, const char **trigger_sql, int64_t *after_id, struct keel_err *e);
int store_feedback_fts_catch_up(db *d, const char *trigger_sql, int64_t after_id, struct keel_err *e);

#endif
