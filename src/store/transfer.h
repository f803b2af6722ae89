/* transfer.h — the whole workspace in and out of the database: the fixed list
 * of tables that move with a workspace (every column, in a fixed order),
 * reading a table in primary-key order page by page, inserting rows with
 * their own ids and versions, the emptiness check before an import, putting
 * id sequences after imported ids, and the online backup of a SQLite file.
 *
 * Table and column names only ever come from the list in transfer.c, never
 * from input; every value is bound. The JSON form lives in app/transfer.c. */
#ifndef KEEL_STORE_TRANSFER_H
#define KEEL_STORE_TRANSFER_H

#include <stddef.h>
#include <stdint.h>

#include "store/db.h"

/* Rows read per statement while exporting: bounds memory on PostgreSQL, whose
 * client library holds a whole result. */
enum { XFER_PAGE_ROWS = 2000 };

/* The most columns a table of the list has, and primary-key columns. */
enum { XFER_MAX_COLS = 32, XFER_MAX_PK = 4 };

enum xfer_type { XT_INT, XT_REAL, XT_TEXT };

struct xfer_column {
  const char *name;
  enum xfer_type type;
  int nullable;
  int since; /* 0: as old as its table; else the schema version that added it to the
              * table: an export of an older schema lacks it, and the import gives it
              * its default (NULL when nullable, else 0 or '') */
};

struct xfer_table {
  const char *name;
  const struct xfer_column *cols;
  size_t ncols;
  size_t npk;           /* the first npk columns are the primary key, in order */
  int since;            /* the schema version that created the table */
  int identity;         /* "id" is handed out by the database (a sequence on PostgreSQL) */
  int upsert;           /* the target already has rows (meta, generation): replace them */
  const char *self_ref; /* a column referring to another row of the same table, or NULL */
  int replace;          /* rows a new workspace makes by itself (the job queue): an import replaces them */
};

/* One value of a row. Text is borrowed (valid during a callback, or owned by
 * the caller when inserting) and need not be NUL-terminated. */
struct xfer_value {
  int null;
  int64_t i;    /* XT_INT */
  double d;     /* XT_REAL */
  const char *s; /* XT_TEXT */
  size_t len;
};

/* Returns the tables that move with a workspace, in an order in which each
 * refers only to earlier ones (sessions and login failures stay behind), and
 * their number in *n. Static data. */
const struct xfer_table *store_xfer_tables(size_t *n);

/* Returns the table named name from that list, or NULL. */
const struct xfer_table *store_xfer_table(const char *name);

/* Sets *exists for a table of the list (tables newer than the database's
 * schema are absent). Returns KEEL_OK or a database error. */
int store_xfer_present(db *d, const struct xfer_table *t, int *exists, struct keel_err *e);

/* Calls row(ctx, t, values) for every row of t in primary-key order, reading
 * XFER_PAGE_ROWS rows per statement; values[i] is column t->cols[i] and lives
 * until row() returns. Run it inside a read transaction for one snapshot.
 * Returns KEEL_OK, row()'s first non-zero return, or a database error. */
int store_xfer_scan(db *d, const struct xfer_table *t,
                    int (*row)(void *ctx, const struct xfer_table *t, const struct xfer_value *values), void *ctx,
                    struct keel_err *e);

/* Rows per multi-row INSERT while importing: one round trip to PostgreSQL
 * per batch instead of per row. */
enum { XFER_BATCH_ROWS = 100 };

/* The insert statements for one table, built once for all its rows. */
struct xfer_insert {
  const struct xfer_table *t;
  char *one;   /* one row (owned) */
  char *batch; /* XFER_BATCH_ROWS rows (owned) */
};

/* Prepares ins for rows of t; release it with store_xfer_insert_end(). */
void store_xfer_insert_begin(struct xfer_insert *ins, const struct xfer_table *t);
void store_xfer_insert_end(struct xfer_insert *ins);

/* Inserts one row (values[i] for column i, typed as the column says; text
 * NUL-terminated), replacing the row with the same key when the table is
 * t->upsert. what names the row in error messages. Returns KEEL_OK or
 * db_fail()'s code: KEEL_EEXISTS, KEEL_ECONFLICT for a reference to a
 * missing row, KEEL_EINVAL for a broken rule, ... */
int store_xfer_insert(db *d, const struct xfer_insert *ins, const struct xfer_value *values, const char *what,
                      struct keel_err *e);

/* Inserts n rows (1..XFER_BATCH_ROWS; row r's values start at
 * values[r * t->ncols]) in one statement. Returns KEEL_OK or db_fail()'s
 * code, without saying which row failed: run it inside store_xfer_savepoint()
 * and retry the rows one by one to find out. */
int store_xfer_insert_many(db *d, const struct xfer_insert *ins, const struct xfer_value *values, size_t n,
                           struct keel_err *e);

/* Inside a write transaction: marks a point to return to after a failed
 * statement (which on PostgreSQL would otherwise spoil the whole
 * transaction), forgets the mark, or returns to it. */
int store_xfer_savepoint(db *d, struct keel_err *e);
int store_xfer_release(db *d, struct keel_err *e);
int store_xfer_rollback_to(db *d, struct keel_err *e);

/* Sets t->self_ref of the row with this id to ref (a reference inserted as
 * the row's own id because it pointed forward). Returns KEEL_OK or an error. */
int store_xfer_set_self_ref(db *d, const struct xfer_table *t, int64_t id, int64_t ref, const char *what,
                            struct keel_err *e);

/* Deletes every row of t, a table marked replace. Returns KEEL_OK or an error. */
int store_xfer_clear(db *d, const struct xfer_table *t, struct keel_err *e);

/* Sets *what to the first of products, users and audit that holds rows, or
 * NULL when the workspace is empty. Returns KEEL_OK or a database error. */
int store_xfer_first_nonempty(db *d, const char **what, struct keel_err *e);

/* After an import with explicit ids: makes t's id sequence continue after its
 * largest id (PostgreSQL; nothing to do on SQLite). Returns KEEL_OK or an error. */
int store_xfer_reset_ids(db *d, const struct xfer_table *t, struct keel_err *e);

/* ---- online backup (SQLite) ---- */

/* Pages copied per backup step and the pause between steps, so a running
 * server keeps its turn at the file; after BACKUP_MAX_RESTARTS restarts
 * (every write by another connection restarts a stepwise copy) the rest is
 * copied in one step from one read snapshot, which WAL lets writers continue
 * beside. */
enum { BACKUP_STEP_PAGES = 256, BACKUP_SLEEP_MS = 5, BACKUP_MAX_RESTARTS = 4 };

struct store_backup {
  /* in: called after each step (may be NULL) */
  void (*progress)(void *ctx, int64_t pages_done, int64_t pages_total);
  void *ctx;
  /* out */
  int64_t pages;     /* pages in the copy */
  int64_t bytes;     /* size of the copy */
  int restarts;      /* times a write by someone else restarted the copy */
  int single_step;   /* the copy finished in one step after too many restarts */
  char integrity[256]; /* PRAGMA integrity_check on the copy: "ok" or its first findings */
};

/* Copies the open database to the new file dest (which must not exist) while
 * others keep writing, from a connection of its own; the copy holds every
 * transaction committed before the call. The copy is written under a
 * temporary name, checked with PRAGMA integrity_check and renamed to dest
 * only when the check says ok. Returns KEEL_OK; KEEL_EEXISTS when dest exists;
 * KEEL_EINVAL when the backend has no online backup (PostgreSQL: use
 * pg_dump); KEEL_EIO or KEEL_EDB when copying or checking fails (b->integrity
 * then says what the check found, dest is not created). */
int store_backup(db *d, const char *dest, struct store_backup *b, struct keel_err *e);

#endif
