/* cmd_transfer.c — keel export, keel import-workspace and keel backup: the
 * whole workspace as JSON, loading such a file into a new workspace of either
 * backend, and copying a SQLite workspace while a server keeps writing.
 *
 * Progress (rows per table, pages copied) goes to standard error, and only
 * when it is a terminal. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/timeutil.h"

/* keel export [FILE]: the workspace as JSON, to FILE (written under a
 * temporary name and renamed when complete) or standard output. */
int cmd_export(struct cli *c, int argc, char **argv);

/* keel import-workspace FILE: loads an export into a new, empty workspace. */
int cmd_import_workspace(struct cli *c, int argc, char **argv);

/* keel backup FILE: an online, checked copy of a SQLite workspace. */
int cmd_backup(struct cli *c, int argc, char **argv);

struct progress {
  const char *verb;
};

static void show_rows(void *ctx, const char *table, int64_t rows, int done) {
  const struct progress *p = ctx;
  fprintf(stderr, "\r%s %-12s %10lld rows%s", p->verb, table, (long long)rows, done ? "\n" : "");
  fflush(stderr);
}

static void show_pages(void *ctx, int64_t done, int64_t total) {
  (void)ctx;
  fprintf(stderr, "\rbackup: %lld of %lld pages", (long long)done, (long long)total);
  fflush(stderr);
}

static int write_file(void *ctx, const char *data, size_t n) {
  return fwrite(data, 1, n, (FILE *)ctx) == n ? 0 : -1;
}

static double seconds_since(int64_t t0) { return (double)(time_mono_ns() - t0) / 1e9; }

static int is_pg(const char *url) {
  return strncmp(url, "postgresql://", 13) == 0 || strncmp(url, "postgres://", 11) == 0;
}

int cmd_export(struct cli *c, int argc, char **argv) {
  const char *pos[1] = {NULL};
  int npos;
  int rc = cli_parse("export", argc, argv, NULL, pos, 1, &npos);
  if (rc) return rc;
  if ((rc = cli_open(c))) return rc;
  const char *file = npos && strcmp(pos[0], "-") != 0 ? pos[0] : NULL;
  FILE *out = stdout;
  char *tmp = NULL;
  if (file) {
    tmp = arena_printf(c->a, "%s.part-XXXXXX", file);
    int fd = mkstemp(tmp); /* 0600: the export holds password and token hashes */
    if (fd < 0 || !(out = fdopen(fd, "w"))) {
      err_set(&c->e, KEEL_EIO, NULL, "cannot create %s: %s", tmp, strerror(errno));
      if (fd >= 0) {
        close(fd);
        unlink(tmp);
      }
      return cli_fail(c, KEEL_EIO);
    }
  }
  struct progress p = {"export:"};
  struct transfer_sink sink = {write_file, out};
  struct transfer_stats st;
  int64_t t0 = time_mono_ns();
  rc = app_workspace_export(&c->x, &sink, isatty(STDERR_FILENO) ? show_rows : NULL, &p, &st);
  if (fflush(out) != 0 && !rc) rc = err_set(&c->e, KEEL_EIO, NULL, "cannot write the export: %s", strerror(errno));
  if (file) {
    if (!rc && fsync(fileno(out)) != 0)
      rc = err_set(&c->e, KEEL_EIO, NULL, "cannot write %s: %s", file, strerror(errno));
    if (fclose(out) != 0 && !rc) rc = err_set(&c->e, KEEL_EIO, NULL, "cannot write %s: %s", file, strerror(errno));
    if (!rc && rename(tmp, file) != 0)
      rc = err_set(&c->e, KEEL_EIO, NULL, "cannot rename the export to %s: %s", file, strerror(errno));
    if (rc) unlink(tmp);
  }
  if (rc) return cli_fail(c, rc);
  if (file && c->json) {
    buf b;
    buf_init(&b, 0);
    buf_printf(&b, "{\"file\":%J,\"tables\":%d,\"rows\":%lld,\"seconds\":%N}\n", file, st.tables, (long long)st.rows,
               seconds_since(t0));
    cli_out(&b);
    buf_free(&b);
  } else if (file)
    printf("exported %lld rows of %d tables to %s in %.2f s\n", (long long)st.rows, st.tables, file, seconds_since(t0));
  return 0;
}

/* Removes a SQLite workspace this command created, after a failed import. */
static void remove_created(const char *path) {
  static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
  for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
    char p[4096];
    if ((size_t)snprintf(p, sizeof p, "%s%s", path, suffixes[i]) < sizeof p) unlink(p);
  }
}

int cmd_import_workspace(struct cli *c, int argc, char **argv) {
  const char *pos[1] = {NULL};
  int npos;
  int rc = cli_parse("import-workspace", argc, argv, NULL, pos, 1, &npos);
  if (rc) return rc;
  if (npos != 1) return cli_usage("import-workspace", "say which export to load (FILE, or - for standard input)");
  if (c->user) return cli_usage("import-workspace", "an import acts as the workspace owner: leave out --user");
  const char *file = pos[0];
  int from_stdin = strcmp(file, "-") == 0;
  FILE *in = from_stdin ? stdin : fopen(file, "rb");
  if (!in) {
    int code = errno == ENOENT ? KEEL_ENOTFOUND : KEEL_EIO;
    err_set(&c->e, code, NULL, "cannot open %s: %s", file, strerror(errno));
    return cli_fail(c, code);
  }
  /* A new SQLite file is created; if the import fails it is removed again. */
  struct stat sb;
  int created = !is_pg(c->db_path) && stat(c->db_path, &sb) != 0;
  rc = db_open(c->db_path, DB_OPEN_CREATE, &c->db, &c->e);
  if (rc) {
    if (!from_stdin) fclose(in);
    if (created) remove_created(c->db_path);
    return cli_fail(c, rc);
  }
  c->x.db = c->db;
  c->actor = app_owner;
  struct progress p = {"import:"};
  struct transfer_stats st;
  int64_t t0 = time_mono_ns();
  rc = app_workspace_import(&c->x, in, from_stdin ? "standard input" : file, isatty(STDERR_FILENO) ? show_rows : NULL,
                            &p, &st);
  if (!from_stdin) fclose(in);
  if (rc) {
    int code = cli_fail(c, rc);
    if (created) {
      db_close(c->db);
      c->db = NULL;
      remove_created(c->db_path);
    }
    return code;
  }
  if (c->json) {
    buf b;
    buf_init(&b, 0);
    buf_printf(&b, "{\"tables\":%d,\"rows\":%lld,\"backend\":%J,\"seconds\":%N}\n", st.tables, (long long)st.rows,
               db_backend_name(c->db), seconds_since(t0));
    cli_out(&b);
    buf_free(&b);
  } else
    printf("imported %lld rows of %d tables into the %s workspace in %.2f s\n", (long long)st.rows, st.tables,
           db_backend_name(c->db), seconds_since(t0));
  return 0;
}

int cmd_backup(struct cli *c, int argc, char **argv) {
  const char *pos[1] = {NULL};
  int npos;
  int rc = cli_parse("backup", argc, argv, NULL, pos, 1, &npos);
  if (rc) return rc;
  if (npos != 1) return cli_usage("backup", "say where the copy goes (a new file)");
  if ((rc = cli_open(c))) return rc;
  struct store_backup b = {0};
  if (isatty(STDERR_FILENO)) b.progress = show_pages;
  int64_t t0 = time_mono_ns();
  rc = app_workspace_backup(&c->x, pos[0], &b);
  if (b.progress && b.pages) fprintf(stderr, "\n");
  if (rc) return cli_fail(c, rc);
  double secs = seconds_since(t0);
  if (c->json) {
    buf out;
    buf_init(&out, 0);
    buf_printf(&out, "{\"file\":%J,\"pages\":%lld,\"bytes\":%lld,\"restarts\":%d,\"single_step\":%s,"
                     "\"integrity_check\":%J,\"seconds\":%N}\n",
               pos[0], (long long)b.pages, (long long)b.bytes, b.restarts, b.single_step ? "true" : "false", b.integrity,
               secs);
    cli_out(&out);
    buf_free(&out);
    return 0;
  }
  printf("backed up to %s: %lld pages, %.1f MiB in %.2f s; integrity check: %s\n", pos[0], (long long)b.pages,
         (double)b.bytes / (1024.0 * 1024.0), secs, b.integrity);
  if (b.restarts)
    printf("(writes during the copy restarted it %d time%s%s)\n", b.restarts, b.restarts == 1 ? "" : "s",
           b.single_step ? "; the rest was copied in one step" : "");
  return 0;
}
