/* sqlite.c — the SQLite backend: connection settings, statement cache, errors.
 *
 * Connections run in WAL mode with foreign keys on and a busy timeout, so
 * readers never block the writer and a briefly locked database waits instead
 * of failing. Each connection is used by one thread at a time (NOMUTEX). */
#include <errno.h>
#include <sqlite3.h>

#include "store/fts5_rank.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/mem.h"
#include "store/db_backend.h"
#include "store/fts5_rank.h"
#include "store/transfer.h"

enum { STMT_CACHE_SLOTS = 256, STMT_CACHE_MAX = 192, BUSY_TIMEOUT_MS = 5000 };

struct sq_stmt {
  struct db_stmt base;
  sqlite3_stmt *st;
  char *sql;     /* owned copy, the cache key */
  uint64_t hash;
  int in_use;
  int temporary; /* not in the cache: finalized by done() */
};

struct sq_db {
  struct db base;
  sqlite3 *h;
  struct sq_stmt *slots[STMT_CACHE_SLOTS]; /* open addressing by hash */
  size_t cached;
};

/* Hashes SQL text eight bytes at a time (statements are long; this runs on
 * every prepare). Equal texts hash equally; the cache compares texts anyway. */
static uint64_t sql_hash(const char *s, size_t n) {
  uint64_t h = 1469598103934665603ULL ^ n;
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    memcpy(&w, s + i, 8);
    h = (h ^ w) * 1099511628211ULL;
    h ^= h >> 29;
  }
  for (; i < n; i++) h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
  return h;
}

static struct sq_db *SQ(db *d) { return (struct sq_db *)d; }
static struct sq_stmt *ST(db_stmt *s) { return (struct sq_stmt *)s; }

static void stmt_free(struct sq_stmt *s) {
  sqlite3_finalize(s->st);
  free(s->sql);
  free(s);
}

static void cache_clear(struct sq_db *d) {
  for (size_t i = 0; i < STMT_CACHE_SLOTS; i++) {
    struct sq_stmt *s = d->slots[i];
    if (!s) continue;
    if (s->in_use) {
      s->temporary = 1; /* finalized when handed back */
    } else {
      stmt_free(s);
    }
    d->slots[i] = NULL;
  }
  d->cached = 0;
}

static void sq_close(db *dd) {
  struct sq_db *d = SQ(dd);
  cache_clear(d);
  sqlite3_close_v2(d->h);
  free(d);
}

static int sq_fail(db *dd, struct keel_err *e, const char *what) {
  struct sq_db *d = SQ(dd);
  int code = sqlite3_extended_errcode(d->h);
  const char *msg = sqlite3_errmsg(d->h);
  switch (code & 0xff) {
  case SQLITE_BUSY:
  case SQLITE_LOCKED:
    if (e) e->retry_after = 1;
    return err_set(e, KEEL_EBUSY, NULL, "the database is busy (%s); try again", what);
  case SQLITE_CONSTRAINT:
    if (code == SQLITE_CONSTRAINT_UNIQUE || code == SQLITE_CONSTRAINT_PRIMARYKEY)
      return err_set(e, KEEL_EEXISTS, NULL, "%s: already exists", what);
    if (code == SQLITE_CONSTRAINT_FOREIGNKEY)
      return err_set(e, KEEL_ECONFLICT, NULL, "%s: it refers to something that does not exist or is still in use", what);
    return err_set(e, KEEL_EINVAL, NULL, "%s: %s", what, msg);
  default:
    return err_set(e, KEEL_EDB, NULL, "database error during %s: %s", what, msg);
  }
}

static db_stmt *sq_prepare(db *dd, const char *sql, struct keel_err *e) {
  struct sq_db *d = SQ(dd);
  size_t sql_len = strlen(sql);
  uint64_t h = sql_hash(sql, sql_len);
  size_t slot = (size_t)(h % STMT_CACHE_SLOTS);
  for (size_t probe = 0; probe < STMT_CACHE_SLOTS; probe++) {
    struct sq_stmt *s = d->slots[(slot + probe) % STMT_CACHE_SLOTS];
    if (!s) break;
    if (s->hash == h && strcmp(s->sql, sql) == 0) {
      if (!s->in_use) {
        s->in_use = 1;
        return &s->base;
      }
      break; /* busy (nested use of the same SQL): make a temporary one */
    }
  }
  sqlite3_stmt *raw = NULL;
  if (sqlite3_prepare_v3(d->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &raw, NULL) != SQLITE_OK) {
    sq_fail(dd, e, "prepare");
    return NULL;
  }
  struct sq_stmt *s = xcalloc(1, sizeof *s);
  s->base.d = dd;
  s->st = raw;
  s->sql = xstrdup(sql);
  s->hash = h;
  s->in_use = 1;
  /* Cache it unless an identical statement is busy or the cache is full. */
  int busy_twin = 0;
  size_t free_slot = STMT_CACHE_SLOTS;
  for (size_t probe = 0; probe < STMT_CACHE_SLOTS; probe++) {
    size_t k = (slot + probe) % STMT_CACHE_SLOTS;
    if (!d->slots[k]) {
      free_slot = k;
      break;
    }
    if (d->slots[k]->hash == h && strcmp(d->slots[k]->sql, sql) == 0) {
      busy_twin = 1;
      break;
    }
  }
  if (busy_twin || free_slot == STMT_CACHE_SLOTS) {
    s->temporary = 1;
  } else {
    if (d->cached >= STMT_CACHE_MAX) {
      cache_clear(d);
      free_slot = slot; /* the table is empty now */
    }
    d->slots[free_slot] = s;
    d->cached++;
  }
  return &s->base;
}

static void sq_bind_int(db_stmt *s, int i, int64_t v) { sqlite3_bind_int64(ST(s)->st, i, v); }
static void sq_bind_double(db_stmt *s, int i, double v) { sqlite3_bind_double(ST(s)->st, i, v); }
static void sq_bind_text(db_stmt *s, int i, const char *t) {
  if (t) sqlite3_bind_text(ST(s)->st, i, t, -1, SQLITE_TRANSIENT);
  else sqlite3_bind_null(ST(s)->st, i);
}
static void sq_bind_null(db_stmt *s, int i) { sqlite3_bind_null(ST(s)->st, i); }

static int sq_step(db_stmt *s) {
  int rc = sqlite3_step(ST(s)->st);
  if (rc == SQLITE_ROW) return 1;
  if (rc == SQLITE_DONE) return 0;
  return -1;
}

static void sq_done(db_stmt *ss) {
  struct sq_stmt *s = ST(ss);
  if (s->temporary) {
    stmt_free(s);
    return;
  }
  sqlite3_reset(s->st);
  sqlite3_clear_bindings(s->st);
  s->in_use = 0;
}

static int64_t sq_col_int(db_stmt *s, int i) { return sqlite3_column_int64(ST(s)->st, i); }
static double sq_col_double(db_stmt *s, int i) { return sqlite3_column_double(ST(s)->st, i); }
static int sq_col_is_null(db_stmt *s, int i) { return sqlite3_column_type(ST(s)->st, i) == SQLITE_NULL; }
static const char *sq_col_text(db_stmt *s, int i, size_t *len) {
  const unsigned char *t = sqlite3_column_text(ST(s)->st, i);
  *len = t ? (size_t)sqlite3_column_bytes(ST(s)->st, i) : 0;
  return (const char *)t;
}

static int sq_exec(db *dd, const char *sql, struct keel_err *e) {
  if (sqlite3_exec(SQ(dd)->h, sql, NULL, NULL, NULL) != SQLITE_OK) return sq_fail(dd, e, "exec");
  return KEEL_OK;
}

/* Runs one of the transaction statements through the statement cache, so
 * BEGIN and COMMIT (twice per request) are parsed once per connection. */
static int run_control(db *dd, const char *sql, struct keel_err *e, const char *what) {
  db_stmt *st = sq_prepare(dd, sql, e);
  if (!st) return e->rc;
  int r = sq_step(st);
  int rc = r < 0 ? sq_fail(dd, e, what) : KEEL_OK;
  sq_done(st);
  return rc;
}

static int sq_begin(db *dd, int write, struct keel_err *e) {
  return run_control(dd, write ? "BEGIN IMMEDIATE" : "BEGIN", e, "begin");
}

static int sq_commit(db *dd, struct keel_err *e) {
  int rc = run_control(dd, "COMMIT", e, "commit");
  if (rc && !sqlite3_get_autocommit(SQ(dd)->h)) {
    struct keel_err ignored;
    run_control(dd, "ROLLBACK", &ignored, "rollback");
  }
  return rc;
}

static void sq_rollback(db *dd) {
  struct keel_err ignored;
  if (!sqlite3_get_autocommit(SQ(dd)->h)) run_control(dd, "ROLLBACK", &ignored, "rollback");
}

static int sq_has_table(db *dd, const char *name, int *exists, struct keel_err *e) {
  db_stmt *st = sq_prepare(dd, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?", e);
  if (!st) return e->rc;
  sq_bind_text(st, 1, name);
  int r = sq_step(st);
  *exists = r > 0 && sq_col_int(st, 0) > 0;
  int rc = r < 0 ? sq_fail(dd, e, "read schema") : KEEL_OK;
  sq_done(st);
  return rc;
}

static int sq_foreign_keys(db *dd, int on, struct keel_err *e) {
  return sq_exec(dd, on ? "PRAGMA foreign_keys=ON" : "PRAGMA foreign_keys=OFF", e);
}

/* BEGIN IMMEDIATE already excludes every other writer. */
static int sq_lock_migrations(db *dd, struct keel_err *e) { return KEEL_OK; }

/* Removes a file SQLite made and the journals that may sit beside it. */
static void remove_db_files(const char *path) {
  static const char *const suffixes[] = {"", "-journal", "-wal", "-shm"};
  for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
    char p[4096];
    if ((size_t)snprintf(p, sizeof p, "%s%s", path, suffixes[i]) < sizeof p) unlink(p);
  }
}

/* Runs PRAGMA integrity_check on the file at path, from a connection of its
 * own, and writes "ok" or its first findings ("; "-separated) into out. */
static int integrity_check(const char *path, char *out, size_t cap, struct keel_err *e) {
  out[0] = '\0';
  sqlite3 *h = NULL;
  sqlite3_stmt *st = NULL;
  int rc = KEEL_OK;
  if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2(h, "PRAGMA integrity_check(20)", -1, &st, NULL) != SQLITE_OK) {
    rc = err_set(e, KEEL_EDB, NULL, "cannot check the copy %s: %s", path, h ? sqlite3_errmsg(h) : "out of memory");
    goto out;
  }
  size_t n = 0;
  int r;
  while ((r = sqlite3_step(st)) == SQLITE_ROW) {
    const char *line = (const char *)sqlite3_column_text(st, 0);
    if (!line) continue;
    int w = snprintf(out + n, cap - n, "%s%s", n ? "; " : "", line);
    if (w < 0 || (size_t)w >= cap - n) break; /* the first findings are enough */
    n += (size_t)w;
  }
  if (r != SQLITE_ROW && r != SQLITE_DONE)
    rc = err_set(e, KEEL_EDB, NULL, "the integrity check of %s failed to run: %s", path, sqlite3_errmsg(h));
out:
  sqlite3_finalize(st);
  sqlite3_close_v2(h);
  return rc;
}

/* The online backup: a stepwise copy with pauses (see store_backup), into a
 * temporary file beside dest that becomes dest once it passes the check. */
static int sq_backup(db *dd, const char *dest, struct store_backup *b, struct keel_err *e) {
  const char *src_path = sqlite3_db_filename(SQ(dd)->h, "main");
  if (!src_path || !*src_path) return err_set(e, KEEL_EINVAL, NULL, "this database has no file to back up");
  size_t tmp_len = strlen(dest) + 16;
  char *tmp = xmalloc(tmp_len);
  snprintf(tmp, tmp_len, "%s.part-XXXXXX", dest);
  int fd = mkstemp(tmp); /* 0600: a backup holds password hashes */
  if (fd < 0) {
    int rc = err_set(e, KEEL_EIO, NULL, "cannot create a file beside %s: %s", dest, strerror(errno));
    free(tmp);
    return rc;
  }
  close(fd);
  sqlite3 *src = NULL, *dst = NULL;
  sqlite3_backup *bk = NULL;
  int rc = KEEL_OK;
  if (sqlite3_open_v2(src_path, &src, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
    rc = err_set(e, KEEL_EDB, NULL, "cannot open %s for the backup: %s", src_path, src ? sqlite3_errmsg(src) : "out of memory");
    goto out;
  }
  sqlite3_busy_timeout(src, BUSY_TIMEOUT_MS);
  if (sqlite3_open_v2(tmp, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK ||
      !(bk = sqlite3_backup_init(dst, "main", src, "main"))) {
    rc = err_set(e, KEEL_EDB, NULL, "cannot start the backup into %s: %s", tmp, dst ? sqlite3_errmsg(dst) : "out of memory");
    goto out;
  }
  int step = BACKUP_STEP_PAGES, busy = 0, prev_remaining = -1;
  for (;;) {
    int r = sqlite3_backup_step(bk, step);
    int remaining = sqlite3_backup_remaining(bk), total = sqlite3_backup_pagecount(bk);
    if (b->progress) b->progress(b->ctx, total - remaining, total);
    if (r == SQLITE_DONE) break;
    if (r == SQLITE_BUSY || r == SQLITE_LOCKED) {
      if (++busy * BACKUP_SLEEP_MS > BUSY_TIMEOUT_MS) {
        e->retry_after = 1;
        rc = err_set(e, KEEL_EBUSY, NULL, "the database stayed locked during the backup; try again");
        goto out;
      }
    } else if (r != SQLITE_OK) {
      rc = err_set(e, KEEL_EIO, NULL, "the backup into %s failed: %s", tmp, sqlite3_errstr(r));
      goto out;
    } else {
      busy = 0;
      /* Fewer pages to go than before means progress; more means a write by
       * another connection restarted the copy. */
      if (prev_remaining >= 0 && remaining > prev_remaining && ++b->restarts >= BACKUP_MAX_RESTARTS) {
        step = -1; /* the rest in one step, from one read snapshot */
        b->single_step = 1;
      }
      prev_remaining = remaining;
    }
    sqlite3_sleep(BACKUP_SLEEP_MS);
  }
  b->pages = sqlite3_backup_pagecount(bk);
  sqlite3_backup_finish(bk);
  bk = NULL;
  if (sqlite3_errcode(dst) != SQLITE_OK) {
    rc = err_set(e, KEEL_EIO, NULL, "the backup into %s failed: %s", tmp, sqlite3_errmsg(dst));
    goto out;
  }
  sqlite3_close_v2(dst);
  dst = NULL;
  rc = integrity_check(tmp, b->integrity, sizeof b->integrity, e);
  if (rc) goto out;
  if (strcmp(b->integrity, "ok") != 0) {
    rc = err_set(e, KEEL_EDB, NULL, "the copy failed its integrity check (%s); %s was not written", b->integrity, dest);
    goto out;
  }
  struct stat sb;
  if (stat(tmp, &sb) == 0) b->bytes = (int64_t)sb.st_size;
  /* link() does not replace a file that appeared meanwhile; rename() where
   * the file system has no hard links. */
  if (link(tmp, dest) == 0) {
    unlink(tmp);
  } else if (errno == EEXIST) {
    rc = err_set(e, KEEL_EEXISTS, NULL, "%s already exists; choose a new file name for the backup", dest);
  } else if (rename(tmp, dest) != 0) {
    rc = err_set(e, KEEL_EIO, NULL, "cannot rename the copy to %s: %s", dest, strerror(errno));
  }
out:
  if (bk) sqlite3_backup_finish(bk);
  sqlite3_close_v2(dst);
  sqlite3_close_v2(src);
  if (rc) remove_db_files(tmp);
  free(tmp);
  return rc;
}

static const struct db_backend sqlite_backend = {
    .name = "sqlite",
    .migrations = sqlite_migrations,
    .close = sq_close,
    .prepare = sq_prepare,
    .bind_int = sq_bind_int,
    .bind_double = sq_bind_double,
    .bind_text = sq_bind_text,
    .bind_null = sq_bind_null,
    .step = sq_step,
    .done = sq_done,
    .col_int = sq_col_int,
    .col_double = sq_col_double,
    .col_text = sq_col_text,
    .col_is_null = sq_col_is_null,
    .exec = sq_exec,
    .begin = sq_begin,
    .commit = sq_commit,
    .rollback = sq_rollback,
    .fail = sq_fail,
    .has_table = sq_has_table,
    .foreign_keys = sq_foreign_keys,
    .lock_migrations = sq_lock_migrations,
    .backup = sq_backup,
};

int sqlite_backend_global_init(void) {
  if (sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) != SQLITE_OK) return -1;
  return sqlite3_initialize() == SQLITE_OK ? 0 : -1;
}

int sqlite_backend_open(const char *path, int mode, db **out, struct keel_err *e) {
  *out = NULL;
  struct stat sb;
  if (mode != DB_OPEN_CREATE && stat(path, &sb) != 0)
    return err_set(e, KEEL_ENOTFOUND, "db", "no Keel workspace at %s (create one with: keel init --db %s)", path, path);
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (mode == DB_OPEN_CREATE ? SQLITE_OPEN_CREATE : 0);
  sqlite3 *h = NULL;
  if (sqlite3_open_v2(path, &h, flags, NULL) != SQLITE_OK) {
    err_set(e, KEEL_EDB, "db", "cannot open %s: %s", path, h ? sqlite3_errmsg(h) : "out of memory");
    sqlite3_close_v2(h);
    return KEEL_EDB;
  }
  sqlite3_busy_timeout(h, BUSY_TIMEOUT_MS);
  sqlite3_extended_result_codes(h, 1);
  struct sq_db *d = xcalloc(1, sizeof *d);
  d->h = h;
  d->base.be = &sqlite_backend;
  static const char pragmas[] =
      "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY; "
      "PRAGMA cache_size=-8192;"; /* 8 MiB of pages per connection: the hot indexes stay in memory */
  int rc = sq_exec(&d->base, pragmas, e);
  if (!rc && fts5_rank_register(h) != SQLITE_OK) rc = KEEL_EDB; /* search ranking (store/search.c) */
  if (rc) {
    err_set(e, rc, "db", "%s is not a usable database: %s", path, sqlite3_errmsg(h));
    sq_close(&d->base);
    return rc;
  }
  *out = &d->base;
  return KEEL_OK;
}
