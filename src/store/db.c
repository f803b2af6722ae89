/* db.c — dispatch from the database interface to the connection's backend. */
#include "store/db.h"

#include <string.h>

#include "store/db_backend.h"

int db_global_init(void) { return sqlite_backend_global_init(); }

int db_open(const char *url, int mode, db **out, struct keel_err *e) {
  *out = NULL;
  if (!url || !*url) return err_set(e, KEEL_EINVAL, "db", "no database given (use --db PATH or KEEL_DB)");
  db *d = NULL;
  int pg = strncmp(url, "postgresql://", 13) == 0 || strncmp(url, "postgres://", 11) == 0;
  int rc = pg ? pg_backend_open(url, mode, &d, e) : sqlite_backend_open(url, mode, &d, e);
  if (rc) return rc;
  rc = migrate_run(d, e);
  if (rc) {
    db_close(d);
    return rc;
  }
  *out = d;
  return KEEL_OK;
}

void db_close(db *d) {
  if (d) d->be->close(d);
}

const char *db_backend_name(const db *d) { return d->be->name; }

int db_version_at_open(const db *d) { return d->version_at_open; }

int db_schema_latest(const db *d) {
  size_t n = 0;
  const struct migration *m = d->be->migrations(&n);
  return n ? m[n - 1].version : 0;
}

db_stmt *db_prepare(db *d, const char *sql, struct keel_err *e) { return d->be->prepare(d, sql, e); }
db *db_stmt_db(db_stmt *st) { return st->d; }
void db_bind_int(db_stmt *st, int i, int64_t v) { st->d->be->bind_int(st, i, v); }
void db_bind_double(db_stmt *st, int i, double v) { st->d->be->bind_double(st, i, v); }
void db_bind_text(db_stmt *st, int i, const char *s) { st->d->be->bind_text(st, i, s); }
void db_bind_null(db_stmt *st, int i) { st->d->be->bind_null(st, i); }
int db_step(db_stmt *st) { return st->d->be->step(st); }

void db_done(db_stmt *st) {
  if (st) st->d->be->done(st);
}

int64_t db_col_int(db_stmt *st, int i) { return st->d->be->col_int(st, i); }
double db_col_double(db_stmt *st, int i) { return st->d->be->col_double(st, i); }
int db_col_is_null(db_stmt *st, int i) { return st->d->be->col_is_null(st, i); }

char *db_col_str(db_stmt *st, int i, arena *a) {
  size_t len = 0;
  const char *s = st->d->be->col_text(st, i, &len);
  return s ? arena_strndup(a, s, len) : NULL;
}

char *db_col_str0(db_stmt *st, int i, arena *a) {
  char *s = db_col_str(st, i, a);
  return s ? s : arena_strdup(a, "");
}

int db_exec(db *d, const char *sql, struct keel_err *e) { return d->be->exec(d, sql, e); }
int db_begin(db *d, struct keel_err *e) { return d->be->begin(d, 1, e); }
int db_begin_read(db *d, struct keel_err *e) { return d->be->begin(d, 0, e); }
int db_commit(db *d, struct keel_err *e) { return d->be->commit(d, e); }
void db_rollback(db *d) { d->be->rollback(d); }
int db_fail(db *d, struct keel_err *e, const char *what) { return d->be->fail(d, e, what); }

int db_step_returning(db_stmt *st, int64_t *out, struct keel_err *e, const char *what) {
  int r = db_step(st);
  int rc = KEEL_OK;
  if (r < 0) rc = db_fail(st->d, e, what);
  else if (r == 0) rc = KEEL_ENOTFOUND;
  else if (out) *out = db_col_int(st, 0);
  if (r > 0) {
    /* Drain so the write completes on every backend. */
    while ((r = db_step(st)) > 0) {}
    if (r < 0) rc = db_fail(st->d, e, what);
  }
  db_done(st);
  return rc;
}

int db_step_done(db_stmt *st, struct keel_err *e, const char *what) {
  int r;
  while ((r = db_step(st)) > 0) {}
  int rc = r < 0 ? db_fail(st->d, e, what) : KEEL_OK;
  db_done(st);
  return rc;
}

int db_schema_version(db *d) {
  struct keel_err e;
  db_stmt *st = db_prepare(d, "SELECT value FROM meta WHERE key = 'schema_version'", &e);
  if (!st) return 0;
  int v = 0;
  if (db_step(st) > 0) v = (int)db_col_int(st, 0);
  db_done(st);
  return v;
}

int db_ping(db *d, struct keel_err *e) {
  db_stmt *st = db_prepare(d, "SELECT 1", e);
  if (!st) return e->rc;
  int64_t one = 0;
  return db_step_returning(st, &one, e, "ping");
}
