/* cmd_import.c — keel import feedback|ideas|features FILE, and keel export
 * feedback|ideas [FILE]: CSV/TSV files in, CSV or JSON out. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/import.h"
#include "cli/cli.h"
#include "core/timeutil.h"

int cmd_import_feedback(struct cli *c, int argc, char **argv);
int cmd_import_ideas(struct cli *c, int argc, char **argv);
int cmd_import_features(struct cli *c, int argc, char **argv);
int cmd_export_feedback(struct cli *c, int argc, char **argv);
int cmd_export_ideas(struct cli *c, int argc, char **argv);

enum { BAR_WIDTH = 30 };

struct progress {
  int64_t size; /* bytes of the file, 0 when unknown */
  int64_t t0;   /* time_mono_ns() at the start */
};

/* Draws "[#####.....]  42%  123,456 rows  45,678 rows/s" on standard error. */
static void show_progress(void *ctx, int64_t rows, int64_t bytes) {
  const struct progress *p = ctx;
  double secs = (double)(time_mono_ns() - p->t0) / 1e9;
  int pct = p->size > 0 ? (int)(bytes * 100 / p->size) : 0;
  if (pct > 100) pct = 100;
  char bar[BAR_WIDTH + 1];
  int fill = pct * BAR_WIDTH / 100;
  for (int i = 0; i < BAR_WIDTH; i++) bar[i] = i < fill ? '#' : '.';
  bar[BAR_WIDTH] = '\0';
  fprintf(stderr, "\r[%s] %3d%%  %lld rows  %.0f rows/s ", bar, pct, (long long)rows, secs > 0 ? (double)rows / secs : 0.0);
  fflush(stderr);
}

static int write_file(void *ctx, const char *data, size_t n) {
  return fwrite(data, 1, n, (FILE *)ctx) == n ? 0 : -1;
}

static const char *const kind_words[IMPORT_KIND_COUNT] = {"feedback items", "ideas", "features"};

static int import_kind(struct cli *c, enum import_kind kind, int argc, char **argv) {
  const char *cmd = kind == IMPORT_FEEDBACK ? "import feedback" : kind == IMPORT_IDEAS ? "import ideas" : "import features";
  const char *map = NULL, *meta = NULL, *na = NULL, *channel = NULL, *product = NULL, *status_map = NULL,
             *horizon_map = NULL, *skip_bad = NULL, *delimiter = NULL, *pos[1];
  int npos, dry_run = 0, no_quotes = 0;
  const struct cli_opt opts[] = {
      {"--map", 1, &map, NULL},           {"--meta", 1, &meta, NULL},
      {"--na", 1, &na, NULL},             {"--channel", 1, &channel, NULL},
      {"--product", 1, &product, NULL},   {"--status-map", 1, &status_map, NULL},
      {"--horizon-map", 1, &horizon_map, NULL}, {"--skip-bad", 1, &skip_bad, NULL},
      {"--delimiter", 1, &delimiter, NULL}, {"--no-quotes", 0, NULL, &no_quotes},
      {"--dry-run", 0, NULL, &dry_run},   {NULL, 0, NULL, NULL}};
  int rc = cli_parse(cmd, argc, argv, opts, pos, 1, &npos);
  if (rc) return rc;
  if (npos != 1) return cli_usage(cmd, "say which file to import");
  if (!map) return cli_usage(cmd, "--map is required (%s=COLUMN,...)", kind == IMPORT_FEEDBACK ? "text" : "title");
  int delim = 0;
  if (delimiter) {
    if (strcmp(delimiter, "comma") == 0 || strcmp(delimiter, ",") == 0) delim = ',';
    else if (strcmp(delimiter, "tab") == 0 || strcmp(delimiter, "\\t") == 0) delim = '\t';
    else return cli_usage(cmd, "--delimiter is comma or tab");
  }
  const char *file = pos[0];
  struct stat sb;
  if (stat(file, &sb) != 0) {
    err_set(&c->e, KEEL_EIO, NULL, "cannot read %s: %s", file, strerror(errno));
    return cli_fail(c, KEEL_EIO);
  }
  if ((int64_t)sb.st_size > IMPORT_FILE_MAX) {
    err_set(&c->e, KEEL_ETOOBIG, NULL, "%s is %lld bytes; the largest file keel import reads is %lld bytes (%d MiB)",
            file, (long long)sb.st_size, (long long)IMPORT_FILE_MAX, (int)(IMPORT_FILE_MAX >> 20));
    return cli_fail(c, KEEL_ETOOBIG);
  }
  FILE *f = fopen(file, "rb");
  if (!f) {
    err_set(&c->e, KEEL_EIO, NULL, "cannot open %s: %s", file, strerror(errno));
    return cli_fail(c, KEEL_EIO);
  }
  FILE *rej = NULL;
  if (skip_bad && !(rej = fopen(skip_bad, "wb"))) {
    fclose(f);
    err_set(&c->e, KEEL_EIO, NULL, "cannot create %s: %s", skip_bad, strerror(errno));
    return cli_fail(c, KEEL_EIO);
  }
  if ((rc = cli_open(c))) {
    fclose(f);
    if (rej) fclose(rej);
    return rc;
  }
  const char *base = strrchr(file, '/');
  struct progress p = {(int64_t)sb.st_size, time_mono_ns()};
  int tty = isatty(STDERR_FILENO);
  struct import_in in = {.kind = kind, .name = base ? base + 1 : file, .f = f, .delim = delim, .no_quotes = no_quotes,
                         .map = map, .meta = meta, .na = na, .channel = channel, .product = product,
                         .status_map = status_map, .horizon_map = horizon_map, .dry_run = dry_run,
                         .reject = rej ? write_file : NULL, .reject_ctx = rej,
                         .progress = tty ? show_progress : NULL, .progress_ctx = &p};
  struct import_result res;
  rc = app_import(&c->x, &in, &res);
  if (tty) fprintf(stderr, "\r%*s\r", BAR_WIDTH + 50, "");
  fclose(f);
  if (rej && fclose(rej) != 0 && !rc) rc = err_set(&c->e, KEEL_EIO, NULL, "cannot write %s", skip_bad);
  if (rc) return cli_fail(c, rc);
  double secs = (double)(time_mono_ns() - p.t0) / 1e9;
  buf b;
  buf_init(&b, 0);
  if (c->json) {
    repr_import_result(&b, &res);
    buf_putc(&b, '\n');
  } else {
    buf_printf(&b, "%s %lld %s from %s (%lld rows", dry_run ? "would import" : "imported", (long long)res.imported,
               kind_words[kind], in.name, (long long)res.rows);
    if (res.empty) buf_printf(&b, "; %lld without %s", (long long)res.empty, kind == IMPORT_FEEDBACK ? "text" : "title");
    if (res.existing) buf_printf(&b, "; %lld already in Keel", (long long)res.existing);
    if (res.rejected) buf_printf(&b, "; %lld rejected, written to %s", (long long)res.rejected, skip_bad);
    buf_printf(&b, ") in %.1f s, %.0f rows/s\n", secs, secs > 0 ? (double)res.rows / secs : 0.0);
  }
  cli_out(&b);
  buf_free(&b);
  return 0;
}

int cmd_import_feedback(struct cli *c, int argc, char **argv) { return import_kind(c, IMPORT_FEEDBACK, argc, argv); }
int cmd_import_ideas(struct cli *c, int argc, char **argv) { return import_kind(c, IMPORT_IDEAS, argc, argv); }
int cmd_import_features(struct cli *c, int argc, char **argv) { return import_kind(c, IMPORT_FEATURES, argc, argv); }

static int export_kind(struct cli *c, int ideas, int argc, char **argv) {
  const char *cmd = ideas ? "export ideas" : "export feedback";
  const char *format = NULL, *pos[1] = {NULL};
  int npos;
  const struct cli_opt opts[] = {{"--format", 1, &format, NULL}, {NULL, 0, NULL, NULL}};
  int rc = cli_parse(cmd, argc, argv, opts, pos, 1, &npos);
  if (rc) return rc;
  enum export_format fmt;
  if (export_format_parse(format, &fmt)) return cli_usage(cmd, "--format is csv or json");
  if ((rc = cli_open(c))) return rc;
  const char *file = npos && strcmp(pos[0], "-") != 0 ? pos[0] : NULL;
  FILE *out = stdout;
  char *tmp = NULL;
  if (file) {
    tmp = arena_printf(c->a, "%s.part-XXXXXX", file);
    int fd = mkstemp(tmp);
    if (fd < 0 || !(out = fdopen(fd, "w"))) {
      err_set(&c->e, KEEL_EIO, NULL, "cannot create %s: %s", tmp, strerror(errno));
      if (fd >= 0) {
        close(fd);
        unlink(tmp);
      }
      return cli_fail(c, KEEL_EIO);
    }
  }
  rc = app_snapshot_begin(&c->x);
  if (!rc) {
    rc = ideas ? app_ideas_export(&c->x, fmt, write_file, out) : app_feedback_export(&c->x, fmt, write_file, out);
    app_snapshot_end(&c->x);
  }
  if (file) {
    if (fclose(out) != 0 && !rc) rc = err_set(&c->e, KEEL_EIO, NULL, "cannot write %s", tmp);
    if (!rc && rename(tmp, file) != 0) rc = err_set(&c->e, KEEL_EIO, NULL, "cannot write %s: %s", file, strerror(errno));
    if (rc) unlink(tmp);
  } else if (fflush(stdout) != 0 && !rc) {
    rc = err_set(&c->e, KEEL_EIO, NULL, "cannot write the export");
  }
  return rc ? cli_fail(c, rc) : 0;
}

int cmd_export_feedback(struct cli *c, int argc, char **argv) { return export_kind(c, 0, argc, argv); }
int cmd_export_ideas(struct cli *c, int argc, char **argv) { return export_kind(c, 1, argc, argv); }
