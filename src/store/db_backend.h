/* db_backend.h — what a database backend provides to db.c (store-private).
 *
 * A backend's connection and statement structs start with struct db and
 * struct db_stmt respectively, so db.c can dispatch through be. */
#ifndef KEEL_STORE_DB_BACKEND_H
#define KEEL_STORE_DB_BACKEND_H

#include "store/db.h"

struct store_backup; /* store/transfer.h */

struct migration {
  int version;
  const char *name;
  const char *sql; /* one or more statements */
  int rebuilds;    /* SQLite: rebuilds a table others refer to (to change a CHECK), which
                    * SQLite allows only with foreign keys off; they are checked before commit */
};

struct db_backend {
  const char *name;
  const struct migration *(*migrations)(size_t *n); /* ascending versions */
  void (*close)(db *d);
  db_stmt *(*prepare)(db *d, const char *sql, struct keel_err *e);
  void (*bind_int)(db_stmt *st, int i, int64_t v);
  void (*bind_double)(db_stmt *st, int i, double v);
  void (*bind_text)(db_stmt *st, int i, const char *s);
  void (*bind_null)(db_stmt *st, int i);
  int (*step)(db_stmt *st);
  void (*done)(db_stmt *st);
  int64_t (*col_int)(db_stmt *st, int i);
  double (*col_double)(db_stmt *st, int i);
  const char *(*col_text)(db_stmt *st, int i, size_t *len); /* NULL for SQL NULL */
  int (*col_is_null)(db_stmt *st, int i);
  int (*exec)(db *d, const char *sql, struct keel_err *e);
  int (*begin)(db *d, int write, struct keel_err *e);
  int (*commit)(db *d, struct keel_err *e);
  void (*rollback)(db *d);
  int (*fail)(db *d, struct keel_err *e, const char *what);
  /* Sets *exists for a table of this name. */
  int (*has_table)(db *d, const char *name, int *exists, struct keel_err *e);
  /* Outside a transaction: turns foreign key enforcement off or back on.
   * NULL when a migration never needs it off (PostgreSQL alters constraints
   * in place). */
  int (*foreign_keys)(db *d, int on, struct keel_err *e);
  /* Inside a write transaction: waits until no other migration runs. */
  int (*lock_migrations)(db *d, struct keel_err *e);
  /* After an import with explicit ids: makes table's id sequence continue
   * after its largest id. table is a name from store/transfer.c's fixed list.
   * NULL when nothing is needed (SQLite hands out MAX(id) + 1 anyway). */
  int (*reset_ids)(db *d, const char *table, struct keel_err *e);
  /* Copies the database to the new file dest while others keep writing (see
   * store_backup). NULL when the backend has its own tools (pg_dump). */
  int (*backup)(db *d, const char *dest, struct store_backup *b, struct keel_err *e);
};

struct db {
  const struct db_backend *be;
  int version_at_open; /* the schema version found before migrating (0: new) */
};

struct db_stmt {
  db *d;
};

/* Opens a PostgreSQL database by URL (pg.c). */
int pg_backend_open(const char *url, int mode, db **out, struct keel_err *e);

/* Returns the PostgreSQL schema history and its length (schema_pg.c). */
const struct migration *pg_migrations(size_t *n);

/* Process-wide SQLite settings, before any connection (sqlite.c). */
int sqlite_backend_global_init(void);

/* Opens a SQLite database file (sqlite.c). */
int sqlite_backend_open(const char *path, int mode, db **out, struct keel_err *e);

/* Brings the schema up to date inside one write transaction (migrate.c). */
int migrate_run(db *d, struct keel_err *e);

/* Returns the SQLite schema history and its length (schema_sqlite.c). */
const struct migration *sqlite_migrations(size_t *n);

#endif
