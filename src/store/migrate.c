/* migrate.c — bringing a database's schema up to date, once and atomically.
 *
 * The schema version lives in meta('schema_version'). Opening a database reads
 * it without locking; only when it is behind does a write transaction take the
 * backend's migration lock, re-read it and apply the missing migrations, so
 * concurrent openers (several servers starting together) apply each one
 * exactly once. */
#include <stdio.h>
#include <string.h>

#include "store/db_backend.h"

/* Reads the schema version; 0 for an empty database (no meta table yet).
 * The backend is asked whether meta exists rather than trying to read it: a
 * failed statement would abort a PostgreSQL transaction. */
static int read_version(db *d, int *out, struct keel_err *e) {
  *out = 0;
  int exists = 0;
  int rc = d->be->has_table(d, "meta", &exists, e);
  if (rc || !exists) return rc;
  db_stmt *st = db_prepare(d, "SELECT value FROM meta WHERE key = 'schema_version'", e);
  if (!st) return e->rc;
  int r = db_step(st);
  if (r > 0) *out = (int)db_col_int(st, 0);
  rc = r < 0 ? db_fail(d, e, "read schema version") : KEEL_OK;
  db_done(st);
  return rc;
}

/* After a rebuild with foreign keys off: KEEL_EDB naming the first row that
 * refers to something missing, or KEEL_OK. */
static int check_foreign_keys(db *d, struct keel_err *e) {
  db_stmt *st = db_prepare(d, "PRAGMA foreign_key_check", e);
  if (!st) return e->rc;
  int r = db_step(st);
  int rc = KEEL_OK;
  if (r > 0) {
    arena *a = arena_new(256);
    rc = err_set(e, KEEL_EDB, "db", "a migration left table %s row %lld referring to a missing %s row",
                 db_col_str0(st, 0, a), (long long)db_col_int(st, 1), db_col_str0(st, 2, a));
    arena_free(a);
  }
  else if (r < 0)
    rc = db_fail(d, e, "check foreign keys");
  db_done(st);
  return rc;
}

int migrate_run(db *d, struct keel_err *e) {
  size_t n = 0;
  const struct migration *m = d->be->migrations(&n);
  int latest = n ? m[n - 1].version : 0;
  int v;
  int rc = read_version(d, &v, e);
  if (rc) return rc;
  d->version_at_open = v;
  if (v > latest)
    return err_set(e, KEEL_EDB, "db", "this database uses schema %d, newer than this keel (%d); upgrade keel", v, latest);
  if (v == latest) return KEEL_OK;

  /* A migration that rebuilds a referenced table runs with foreign keys off
   * (SQLite's documented procedure); they are checked before commit. */
  int fk_off = 0;
  for (size_t i = 0; i < n; i++)
    if (m[i].version > v && m[i].rebuilds && d->be->foreign_keys) fk_off = 1;
  if (fk_off && (rc = d->be->foreign_keys(d, 0, e))) return rc;
  rc = db_begin(d, e);
  if (rc) {
    struct keel_err ignored;
    if (fk_off) d->be->foreign_keys(d, 1, &ignored);
    return rc;
  }
  /* Several servers may start together: one migrates, the others wait here
   * and then find the schema current. */
  rc = d->be->lock_migrations(d, e);
  if (!rc) rc = read_version(d, &v, e); /* someone may have migrated meanwhile */
  if (!rc) d->version_at_open = v;       /* then this opener found it made, not new */
  for (size_t i = 0; !rc && i < n; i++) {
    if (m[i].version <= v) continue;
    rc = db_exec(d, m[i].sql, e);
    if (rc) {
      char why[sizeof e->msg]; /* e->msg cannot be both the message and its own argument */
      snprintf(why, sizeof why, "%s", e->msg);
      err_set(e, rc, "db", "migration %d (%s) failed: %s", m[i].version, m[i].name, why);
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
  if (!rc && fk_off) rc = check_foreign_keys(d, e);
  if (!rc) rc = db_commit(d, e);
  else db_rollback(d);
  if (fk_off) {
    struct keel_err ignored;
    int rc2 = d->be->foreign_keys(d, 1, rc ? &ignored : e);
    if (!rc) rc = rc2;
  }
  return rc;
}
