/* pg.c — the PostgreSQL backend (libpq): statements, transactions, errors,
 * and surviving a lost connection.
 *
 * SQL arrives with `?` placeholders (the common dialect of store/) and is
 * rewritten to $1, $2... once, when a statement is first prepared on a
 * connection; prepared statements are cached per connection like SQLite's.
 * Values travel as text. A statement runs when it is first stepped and its
 * rows are read from the result.
 *
 * When the server goes away, the failing operation answers KEEL_EBUSY (503
 * with Retry-After upstream); the next operation resets the connection, and
 * prepared statements, which died with it, are prepared again. */
#include <libpq-fe.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/mem.h"
#include "store/db_backend.h"
#include "store/transfer.h"

enum { PG_CACHE_SLOTS = 256, PG_CACHE_MAX = 192, PG_RETRY_AFTER_S = 2 };

struct pg_stmt {
  struct db_stmt base;
  char *sql; /* as given, with ? placeholders: the cache key */
  uint64_t hash;
  char name[24];
  int in_use, temporary;
  int nparams;
  char **params; /* text values, NULL for SQL NULL */
  PGresult *res;
  int executed, row, nrows;
};

struct pg_db {
  struct db base;
  PGconn *c;
  struct pg_stmt *slots[PG_CACHE_SLOTS];
  size_t cached;
  unsigned next_name;
  /* The last failure, for pg_fail(). */
  char state[6];
  char msg[512];
  int lost; /* the connection failed */
};

static struct pg_db *PG(db *d) { return (struct pg_db *)d; }
static struct pg_stmt *PS(db_stmt *s) { return (struct pg_stmt *)s; }

static uint64_t sql_hash(const char *s) {
  uint64_t h = 1469598103934665603ULL;
  for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ULL;
  return h;
}

/* Remembers why the last operation failed (from a result, or the connection). */
static void note_failure(struct pg_db *d, const PGresult *res) {
  const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
  const char *msg = res ? PQresultErrorMessage(res) : NULL;
  if (!msg || !*msg) msg = PQerrorMessage(d->c);
  snprintf(d->state, sizeof d->state, "%s", state ? state : "");
  snprintf(d->msg, sizeof d->msg, "%s", msg ? msg : "unknown error");
  size_t n = strlen(d->msg);
  while (n > 0 && (d->msg[n - 1] == '\n' || d->msg[n - 1] == ' ')) d->msg[--n] = '\0';
  d->lost = PQstatus(d->c) != CONNECTION_OK || (state && strncmp(state, "08", 2) == 0) ||
            (state && (strcmp(state, "57P01") == 0 || strcmp(state, "57P02") == 0 || strcmp(state, "57P03") == 0));
}

static int pg_fail(db *dd, struct keel_err *e, const char *what) {
  struct pg_db *d = PG(dd);
  if (d->lost || strcmp(d->state, "40001") == 0 || strcmp(d->state, "40P01") == 0 || strcmp(d->state, "55P03") == 0) {
    if (e) e->retry_after = PG_RETRY_AFTER_S;
    return err_set(e, KEEL_EBUSY, NULL, d->lost ? "the database is unavailable (%s); try again shortly"
                                                : "the database is busy (%s); try again",
                   what);
  }
  if (strcmp(d->state, "23505") == 0) return err_set(e, KEEL_EEXISTS, NULL, "%s: already exists", what);
  if (strcmp(d->state, "23503") == 0)
    return err_set(e, KEEL_ECONFLICT, NULL, "%s: it refers to something that does not exist or is still in use", what);
  if (strncmp(d->state, "23", 2) == 0) return err_set(e, KEEL_EINVAL, NULL, "%s: %s", what, d->msg);
  return err_set(e, KEEL_EDB, NULL, "database error during %s: %s", what, d->msg);
}

static void stmt_clear(struct pg_stmt *s) {
  PQclear(s->res);
  s->res = NULL;
  for (int i = 0; i < s->nparams; i++) {
    free(s->params[i]);
    s->params[i] = NULL;
  }
  s->executed = 0;
  s->row = -1;
  s->nrows = 0;
}

static void stmt_free(struct pg_stmt *s) {
  stmt_clear(s);
  free(s->params);
  free(s->sql);
  free(s);
}

/* Forgets every cached statement (after a reset the server has none). */
static void cache_clear(struct pg_db *d) {
  for (size_t i = 0; i < PG_CACHE_SLOTS; i++) {
    struct pg_stmt *s = d->slots[i];
    if (!s) continue;
    if (s->in_use) s->temporary = 1; /* freed when handed back */
    else stmt_free(s);
    d->slots[i] = NULL;
  }
  d->cached = 0;
}

/* Makes sure the connection is up, resetting it after a loss. */
static int ensure_connected(struct pg_db *d, struct keel_err *e) {
  if (PQstatus(d->c) == CONNECTION_OK) return KEEL_OK;
  cache_clear(d);
  PQreset(d->c);
  if (PQstatus(d->c) == CONNECTION_OK) {
    PQclear(PQexec(d->c, "SET client_min_messages = warning"));
    return KEEL_OK;
  }
  note_failure(d, NULL);
  d->lost = 1;
  return pg_fail(&d->base, e, "connect");
}

/* Rewrites ? placeholders to $1.. outside quotes and comments; counts them. */
static char *placeholders(const char *sql, int *count) {
  buf b;
  buf_init(&b, 0);
  int n = 0;
  for (const char *p = sql; *p; p++) {
    if (*p == '\'' || *p == '"') {
      char q = *p;
      buf_putc(&b, *p);
      for (p++; *p; p++) {
        buf_putc(&b, *p);
        if (*p == q) {
          if (p[1] == q) buf_putc(&b, *++p); /* doubled quote */
          else break;
        }
      }
      if (!*p) break;
    } else if (*p == '-' && p[1] == '-') {
      while (*p && *p != '\n') buf_putc(&b, *p++);
      if (!*p) break;
      buf_putc(&b, *p);
    } else if (*p == '?') {
      buf_printf(&b, "$%d", ++n);
    } else {
      buf_putc(&b, *p);
    }
  }
  *count = n;
  return buf_detach(&b, NULL);
}

static db_stmt *pg_prepare(db *dd, const char *sql, struct keel_err *e) {
  struct pg_db *d = PG(dd);
  if (ensure_connected(d, e)) return NULL;
  uint64_t h = sql_hash(sql);
  size_t slot = (size_t)(h % PG_CACHE_SLOTS), free_slot = PG_CACHE_SLOTS;
  int busy_twin = 0;
  for (size_t probe = 0; probe < PG_CACHE_SLOTS; probe++) {
    size_t k = (slot + probe) % PG_CACHE_SLOTS;
    struct pg_stmt *s = d->slots[k];
    if (!s) {
      free_slot = k;
      break;
    }
    if (s->hash == h && strcmp(s->sql, sql) == 0) {
      if (!s->in_use) {
        s->in_use = 1;
        return &s->base;
      }
      busy_twin = 1; /* nested use of the same SQL: a temporary twin */
      break;
    }
  }
  struct pg_stmt *s = xcalloc(1, sizeof *s);
  s->base.d = dd;
  s->sql = xstrdup(sql);
  s->hash = h;
  s->in_use = 1;
  s->row = -1;
  snprintf(s->name, sizeof s->name, "k%u", d->next_name++);
  char *text = placeholders(sql, &s->nparams);
  s->params = xcalloc((size_t)(s->nparams ? s->nparams : 1), sizeof *s->params);
  PGresult *res = PQprepare(d->c, s->name, text, 0, NULL);
  free(text);
  if (PQresultStatus(res) != PGRES_COMMAND_OK) {
    note_failure(d, res);
    PQclear(res);
    pg_fail(dd, e, "prepare");
    stmt_free(s);
    return NULL;
  }
  PQclear(res);
  if (busy_twin || free_slot == PG_CACHE_SLOTS || d->cached >= PG_CACHE_MAX) {
    s->temporary = 1; /* pg_done deallocates it */
  } else {
    d->slots[free_slot] = s;
    d->cached++;
  }
  return &s->base;
}

static void set_param(db_stmt *ss, int i, char *value) {
  struct pg_stmt *s = PS(ss);
  if (i < 1 || i > s->nparams) {
    free(value);
    return;
  }
  free(s->params[i - 1]);
  s->params[i - 1] = value;
}

static void pg_bind_int(db_stmt *s, int i, int64_t v) {
  char tmp[24];
  snprintf(tmp, sizeof tmp, "%lld", (long long)v);
  set_param(s, i, xstrdup(tmp));
}

static void pg_bind_double(db_stmt *s, int i, double v) {
  char tmp[40];
  snprintf(tmp, sizeof tmp, "%.17g", v);
  set_param(s, i, xstrdup(tmp));
}

static void pg_bind_text(db_stmt *s, int i, const char *t) { set_param(s, i, t ? xstrdup(t) : NULL); }
static void pg_bind_null(db_stmt *s, int i) { set_param(s, i, NULL); }

static int pg_step(db_stmt *ss) {
  struct pg_stmt *s = PS(ss);
  struct pg_db *d = PG(ss->d);
  if (!s->executed) {
    s->executed = 1;
    s->res = PQexecPrepared(d->c, s->name, s->nparams, (const char *const *)s->params, NULL, NULL, 0);
    ExecStatusType st = PQresultStatus(s->res);
    if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
      note_failure(d, s->res);
      return -1;
    }
    s->nrows = st == PGRES_TUPLES_OK ? PQntuples(s->res) : 0;
    s->row = -1;
  }
  if (s->row + 1 >= s->nrows) {
    s->row = s->nrows;
    return 0;
  }
  s->row++;
  return 1;
}

static void pg_done(db_stmt *ss) {
  struct pg_stmt *s = PS(ss);
  if (s->temporary) {
    /* Not in the cache: free its server-side statement too (harmless to fail
     * after a reset, when the server has none). */
    struct pg_db *d = PG(ss->d);
    if (PQstatus(d->c) == CONNECTION_OK && PQtransactionStatus(d->c) != PQTRANS_INERROR) {
      char sql[48];
      snprintf(sql, sizeof sql, "DEALLOCATE %s", s->name);
      PQclear(PQexec(d->c, sql));
    }
    stmt_free(s);
    return;
  }
  stmt_clear(s);
  s->in_use = 0;
}

static const char *value(db_stmt *ss, int i) {
  struct pg_stmt *s = PS(ss);
  if (!s->res || s->row < 0 || s->row >= s->nrows || i >= PQnfields(s->res) || PQgetisnull(s->res, s->row, i))
    return NULL;
  return PQgetvalue(s->res, s->row, i);
}

static int64_t pg_col_int(db_stmt *s, int i) {
  const char *v = value(s, i);
  if (!v) return 0;
  if (v[0] == 't' && !v[1]) return 1; /* booleans (EXISTS) */
  if (v[0] == 'f' && !v[1]) return 0;
  return strtoll(v, NULL, 10);
}

static double pg_col_double(db_stmt *s, int i) {
  const char *v = value(s, i);
  return v ? strtod(v, NULL) : 0;
}

static int pg_col_is_null(db_stmt *s, int i) { return value(s, i) == NULL; }

static const char *pg_col_text(db_stmt *ss, int i, size_t *len) {
  const char *v = value(ss, i);
  *len = v ? (size_t)PQgetlength(PS(ss)->res, PS(ss)->row, i) : 0;
  return v;
}

/* Runs SQL without parameters; a COMMIT the server turned into ROLLBACK fails. */
static int run(struct pg_db *d, const char *sql, struct keel_err *e, const char *what) {
  if (ensure_connected(d, e)) return e->rc;
  PGresult *res = PQexec(d->c, sql);
  ExecStatusType st = PQresultStatus(res);
  int rc = KEEL_OK;
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
    note_failure(d, res);
    rc = pg_fail(&d->base, e, what);
  } else if (strcmp(sql, "COMMIT") == 0 && strcmp(PQcmdStatus(res), "ROLLBACK") == 0) {
    snprintf(d->state, sizeof d->state, "25P02");
    snprintf(d->msg, sizeof d->msg, "the transaction was rolled back");
    d->lost = 0;
    rc = pg_fail(&d->base, e, what);
  }
  PQclear(res);
  return rc;
}

static int pg_exec(db *dd, const char *sql, struct keel_err *e) { return run(PG(dd), sql, e, "exec"); }

static int pg_begin(db *dd, int write, struct keel_err *e) {
  /* Reads see one snapshot (the response cache pairs it with the generation);
   * writes run at READ COMMITTED and rely on row locks and version guards. */
  return run(PG(dd), write ? "BEGIN" : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", e, "begin");
}

static int pg_commit(db *dd, struct keel_err *e) {
  int rc = run(PG(dd), "COMMIT", e, "commit");
  if (rc && PQtransactionStatus(PG(dd)->c) != PQTRANS_IDLE) {
    struct keel_err ignored;
    run(PG(dd), "ROLLBACK", &ignored, "rollback");
  }
  return rc;
}

static void pg_rollback(db *dd) {
  struct pg_db *d = PG(dd);
  if (PQstatus(d->c) != CONNECTION_OK || PQtransactionStatus(d->c) == PQTRANS_IDLE) return;
  struct keel_err ignored;
  run(d, "ROLLBACK", &ignored, "rollback");
}

/* Reads pg_class with the statement's snapshot, not to_regclass(): that one
 * consults the backend's catalog cache, which may still remember "no such
 * table" from before another server's migration committed (found when
 * several servers start together on a new database: the second to get the
 * migration lock still saw no meta table and failed creating it). */
static int pg_has_table(db *dd, const char *name, int *exists, struct keel_err *e) {
  db_stmt *st = pg_prepare(dd,
                           "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_class c "
                           "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
                           "WHERE c.relname = ? AND n.nspname = ANY (current_schemas(false)))",
                           e);
  if (!st) return e->rc;
  pg_bind_text(st, 1, name);
  int r = pg_step(st);
  *exists = r > 0 && pg_col_int(st, 0);
  int rc = r < 0 ? pg_fail(dd, e, "read schema") : KEEL_OK;
  pg_done(st);
  return rc;
}

/* A transaction-scoped advisory lock: released at COMMIT or ROLLBACK. */
static int pg_lock_migrations(db *dd, struct keel_err *e) {
  return run(PG(dd), "SELECT pg_advisory_xact_lock(7001)", e, "lock for migration");
}

/* Makes table's identity continue after its largest id (after an import with
 * explicit ids). A table name cannot be bound in FROM, so only names from
 * store/transfer.c's fixed list are accepted, and only plain identifiers. */
static int pg_reset_ids(db *dd, const char *table, struct keel_err *e) {
  const struct xfer_table *t = store_xfer_table(table);
  if (!t || !t->identity) return err_set(e, KEEL_EINTERNAL, NULL, "reset ids: '%s' is not a table with ids", table);
  for (const char *p = table; *p; p++)
    if (!((*p >= 'a' && *p <= 'z') || *p == '_'))
      return err_set(e, KEEL_EINTERNAL, NULL, "reset ids: '%s' is not a table name", table);
  buf sql;
  buf_init(&sql, 0);
  buf_printf(&sql, "SELECT setval(pg_get_serial_sequence(?, 'id'), COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) FROM \"%s\"",
             table);
  db_stmt *st = pg_prepare(dd, buf_cstr(&sql), e);
  buf_free(&sql);
  if (!st) return e->rc;
  pg_bind_text(st, 1, table);
  int r;
  while ((r = pg_step(st)) > 0) {}
  int rc = r < 0 ? pg_fail(dd, e, "reset the id sequence") : KEEL_OK;
  pg_done(st);
  return rc;
}

static void pg_close(db *dd) {
  struct pg_db *d = PG(dd);
  cache_clear(d);
  PQfinish(d->c);
  free(d);
}

static const struct db_backend pg_backend = {
    .name = "postgresql",
    .migrations = pg_migrations,
    .close = pg_close,
    .prepare = pg_prepare,
    .bind_int = pg_bind_int,
    .bind_double = pg_bind_double,
    .bind_text = pg_bind_text,
    .bind_null = pg_bind_null,
    .step = pg_step,
    .done = pg_done,
    .col_int = pg_col_int,
    .col_double = pg_col_double,
    .col_text = pg_col_text,
    .col_is_null = pg_col_is_null,
    .exec = pg_exec,
    .begin = pg_begin,
    .commit = pg_commit,
    .rollback = pg_rollback,
    .fail = pg_fail,
    .has_table = pg_has_table,
    .lock_migrations = pg_lock_migrations,
    .reset_ids = pg_reset_ids,
};

int pg_backend_open(const char *url, int mode, db **out, struct keel_err *e) {
  (void)mode; /* the database itself is created by its administrator (createdb) */
  *out = NULL;
  PGconn *c = PQconnectdb(url);
  if (PQstatus(c) != CONNECTION_OK) {
    char msg[512];
    snprintf(msg, sizeof msg, "%s", PQerrorMessage(c));
    size_t n = strlen(msg);
    while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' ')) msg[--n] = '\0';
    PQfinish(c);
    if (strstr(msg, "does not exist"))
      return err_set(e, KEEL_ENOTFOUND, "db", "cannot connect to PostgreSQL: %s (create the database first, e.g. createdb)", msg);
    if (e) e->retry_after = PG_RETRY_AFTER_S;
    return err_set(e, KEEL_EBUSY, "db", "cannot connect to PostgreSQL: %s", msg);
  }
  PQclear(PQexec(c, "SET client_min_messages = warning"));
  struct pg_db *d = xcalloc(1, sizeof *d);
  d->c = c;
  d->base.be = &pg_backend;
  *out = &d->base;
  return KEEL_OK;
}
