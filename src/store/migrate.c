/* migrate.c — bringing a database's schema up to date, once and atomically.
 *
 * The schema version lives in meta('schema_version'). Opening a database reads
 * it without locking; only when it is behind does a write transaction re-read
 * it and apply the missing migrations, so concurrent openers apply each one
 * exactly once. */
#include <string.h>

#include "store/db_backend.h"

/* Reads the schema version; 0 for an empty database (no meta table yet). */
static int read_version(db *d, int *out) {
  struct keel_err ignored;
  *out = 0;
  db_stmt *st = db_prepare(d, "SELECT value FROM meta WHERE key = 'schema_version'", &ignored);
  if (!st) return KEEL_OK; /* no meta table: nothing applied yet */
  if (db_step(st) > 0) *out = (int)db_col_int(st, 0);
  db_done(st);
  return KEEL_OK;
}

int migrate_run(db *d, struct keel_err *e) {
  size_t n = 0;
  const struct migration *m = d->be->migrations(&n);
  int latest = n ? m[n - 1].version : 0;
  int v;
  int rc = read_version(d, &v);
  if (rc) return rc;
  if (v > latest)
    return err_set(e, KEEL_EDB, "db", "this database uses schema %d, newer than this keel (%d); upgrade keel", v, latest);
  if (v == latest) return KEEL_OK;

  rc = db_begin(d, e);
  if (rc) return rc;
  rc = read_version(d, &v); /* someone may have migrated meanwhile */
  for (size_t i = 0; !rc && i < n; i++) {
    if (m[i].version <= v) continue;
    rc = db_exec(d, m[i].sql, e);
    if (rc) {
      err_set(e, rc, "db", "migration %d (%s) failed: %s", m[i].version, m[i].name, e->msg);
      break;
    }
    db_stmt *st = db_prepare(d, "INSERT INTO meta(key, value) VALUES ('schema_version', ?) "
                                "ON CONFLICT(key) DO UPDATE SET value = excluded.value", e);
    if (!st) {
      rc = e->rc;
      break;
    }
    db_bind_int(st, 1, m[i].version);
    rc = db_step_done(st, e, "record schema version");
  }
  if (rc) {
    db_rollback(d);
    return rc;
  }
  return db_commit(d, e);
}
