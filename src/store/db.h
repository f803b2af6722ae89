/* db.h — the database interface: the only way the rest of store/ runs SQL.
 *
 * SQL is written once, in a dialect both backends accept, with `?` for every
 * value; values are only ever bound, never formatted into the text. A backend
 * (sqlite.c today) implements the operations below through struct db_backend.
 *
 * Prepared statements are cached per connection, keyed by their SQL text: a
 * statement from db_prepare() must be handed back with db_done() before the
 * same SQL is prepared again. A connection is used by one thread at a time. */
#ifndef KEEL_STORE_DB_H
#define KEEL_STORE_DB_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/err.h"

typedef struct db db;
typedef struct db_stmt db_stmt;

enum { DB_OPEN_EXISTING = 0, DB_OPEN_CREATE = 1 };

/* Configures the database libraries for this process. Call once from main()
 * before opening anything (it turns off SQLite's global memory statistics,
 * whose mutex every allocation would otherwise take). Returns 0 or -1. */
int db_global_init(void);

/* Opens the database named by url: a postgresql:// (or postgres://) URL
 * selects PostgreSQL, anything else is a SQLite file path. For SQLite, mode is
 * DB_OPEN_CREATE to create a missing file, else it must exist; a PostgreSQL
 * database must exist already (createdb). The schema is brought up to date.
 * Returns KEEL_OK with *out (caller db_close()s it), KEEL_ENOTFOUND when the
 * SQLite file is missing, KEEL_EBUSY when PostgreSQL cannot be reached,
 * KEEL_EDB otherwise. */
int db_open(const char *url, int mode, db **out, struct keel_err *e);

/* Closes the connection and its cached statements. NULL is ignored. */
void db_close(db *d);

/* Returns the backend's name ("sqlite"). */
const char *db_backend_name(const db *d);

/* Returns the schema version the database had when it was opened, before any
 * migration: 0 for a database Keel had never used. */
int db_version_at_open(const db *d);

/* Returns the newest schema version this build knows for d's backend. */
int db_schema_latest(const db *d);

/* Returns the schema version the database is at. */
int db_schema_version(db *d);

/* Returns a ready statement for sql, or NULL with e set (KEEL_EDB). */
db_stmt *db_prepare(db *d, const char *sql, struct keel_err *e);

/* Returns the connection a statement belongs to. */
db *db_stmt_db(db_stmt *st);

/* Binds parameter i (1-based). Text is copied; NULL text binds SQL NULL. */
void db_bind_int(db_stmt *st, int i, int64_t v);
void db_bind_double(db_stmt *st, int i, double v);
void db_bind_text(db_stmt *st, int i, const char *s);
void db_bind_null(db_stmt *st, int i);

/* Advances the statement. Returns 1 when a row is ready, 0 when done, -1 on
 * error (then call db_fail()). */
int db_step(db_stmt *st);

/* Resets the statement and returns it to the cache. NULL is ignored. */
void db_done(db_stmt *st);

/* Column readers for the current row (0-based). */
int64_t db_col_int(db_stmt *st, int i);
double db_col_double(db_stmt *st, int i);
int db_col_is_null(db_stmt *st, int i);

/* Returns column i copied into a, or NULL for SQL NULL. */
char *db_col_str(db_stmt *st, int i, arena *a);

/* Returns column i copied into a, with "" for SQL NULL. */
char *db_col_str0(db_stmt *st, int i, arena *a);

/* Checks that the database answers a trivial query. Returns KEEL_OK or an error. */
int db_ping(db *d, struct keel_err *e);

/* Runs SQL without parameters or results (schema, pragmas). */
int db_exec(db *d, const char *sql, struct keel_err *e);

/* Transactions. db_begin() starts a write transaction (it takes the write
 * lock at once, so two writers never deadlock); db_begin_read() a read
 * snapshot. Returns KEEL_OK, KEEL_EBUSY or KEEL_EDB. */
int db_begin(db *d, struct keel_err *e);
int db_begin_read(db *d, struct keel_err *e);
int db_commit(db *d, struct keel_err *e);
void db_rollback(db *d);

/* Describes the connection's last error in e and returns its code:
 * KEEL_EEXISTS for a unique-key violation, KEEL_EBUSY when locked,
 * KEEL_EDB otherwise. what names the operation for the message. */
int db_fail(db *d, struct keel_err *e, const char *what);

/* Runs a prepared single-statement write that must return one row (RETURNING),
 * then db_done()s it. Returns KEEL_OK and the first column of that row in
 * *out (if out != NULL), KEEL_ENOTFOUND when no row matched, or db_fail(). */
int db_step_returning(db_stmt *st, int64_t *out, struct keel_err *e, const char *what);

/* Runs a prepared statement that returns no rows, then db_done()s it. */
int db_step_done(db_stmt *st, struct keel_err *e, const char *what);

#endif
