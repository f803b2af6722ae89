/* util.c — option parsing, errors, passwords and output for commands. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/crypto.h"
#include "core/timeutil.h"
#include "core/utf8.h"
#include "store/users.h"

int cli_open(struct cli *c) {
  int rc = db_open(c->db_path, DB_OPEN_EXISTING, &c->db, &c->e);
  if (rc) return cli_fail(c, rc);
  c->x.db = c->db;
  c->actor = app_owner;
  if (c->user) {
    struct user u;
    char *email = arena_strdup(c->a, c->user);
    for (char *p = email; *p; p++) *p = (char)((*p >= 'A' && *p <= 'Z') ? *p + 32 : *p);
    rc = store_user_by_email(c->db, c->a, email, &u, NULL, &c->e);
    if (rc == KEEL_ENOTFOUND) {
      err_set(&c->e, KEEL_EINVAL, "user", "--user %s: there is no such user", c->user);
      return cli_fail(c, KEEL_EINVAL);
    }
    if (rc) return cli_fail(c, rc);
    if (!u.active) {
      err_set(&c->e, KEEL_EPERM, "user", "--user %s: the account is deactivated", c->user);
      return cli_fail(c, KEEL_EPERM);
    }
    c->actor = (struct actor){u.id, u.role, u.name, u.email, u.customer_id};
  }
  return 0;
}

int cli_fail(struct cli *c, int rc) {
  if (rc == KEEL_OK) return 0;
  fprintf(stderr, "keel: %s\n", c->e.msg[0] ? c->e.msg : err_code_name(rc));
  switch (rc) {
  case KEEL_EINVAL: case KEEL_EPARSE: case KEEL_EUNKNOWN: case KEEL_ETOOBIG: return 3;
  case KEEL_ENOTFOUND: return 4;
  case KEEL_EAUTH: case KEEL_EPERM: return 5;
  case KEEL_ESTALE: case KEEL_ENEEDVERSION: case KEEL_EEXISTS: case KEEL_ECONFLICT: return 6;
  case KEEL_ETHROTTLED: case KEEL_EBUSY: return 7;
  default: return 1;
  }
}

int cli_usage(const char *cmd, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fprintf(stderr, "keel %s: ", cmd);
  vfprintf(stderr, fmt, ap);
  fprintf(stderr, " (see: keel help %s)\n", cmd);
  va_end(ap);
  return EXIT_USAGE;
}

int cli_parse(const char *cmd, int argc, char **argv, const struct cli_opt *opts, const char **pos, int max_pos,
              int *npos) {
  *npos = 0;
  int only_pos = 0;
  for (int i = 1; i < argc; i++) {
    const char *w = argv[i];
    if (!only_pos && strcmp(w, "--") == 0) {
      only_pos = 1;
      continue;
    }
    if (only_pos || w[0] != '-' || w[1] == '\0' || (w[1] >= '0' && w[1] <= '9')) {
      if (*npos >= max_pos) return cli_usage(cmd, "unexpected argument '%s'", w);
      pos[(*npos)++] = w;
      continue;
    }
    const char *eq = strchr(w, '=');
    size_t nlen = eq ? (size_t)(eq - w) : strlen(w);
    const struct cli_opt *o = NULL;
    for (const struct cli_opt *p = opts; p && p->name; p++)
      if (strlen(p->name) == nlen && strncmp(p->name, w, nlen) == 0) o = p;
    if (!o) return cli_usage(cmd, "unknown option '%.*s'", (int)nlen, w);
    if (o->want_arg) {
      if (eq) *o->str = eq + 1;
      else if (i + 1 < argc) *o->str = argv[++i];
      else return cli_usage(cmd, "%s needs a value", o->name);
    } else {
      if (eq) return cli_usage(cmd, "%s takes no value", o->name);
      *o->flag = 1;
    }
  }
  return 0;
}

int cli_number(const char *cmd, const char *opt, const char *s, double *out) {
  char *end;
  errno = 0;
  double v = strtod(s, &end);
  if (end == s || *end || errno || !isfinite(v)) return cli_usage(cmd, "%s must be a number, not '%s'", opt, s);
  *out = v;
  return 0;
}

int cli_integer(const char *cmd, const char *opt, const char *s, int64_t *out) {
  char *end;
  errno = 0;
  long long v = strtoll(s, &end, 10);
  if (end == s || *end || errno) return cli_usage(cmd, "%s must be a whole number, not '%s'", opt, s);
  *out = v;
  return 0;
}

void cli_out(const buf *b) {
  fwrite(buf_cstr(b), 1, b->len, stdout);
}

static int read_line(FILE *f, char *out, size_t cap) {
  if (!fgets(out, (int)cap, f)) return -1;
  size_t n = strlen(out);
  if (n == cap - 1 && out[n - 1] != '\n') return -2; /* too long */
  while (n > 0 && (out[n - 1] == '\n' || out[n - 1] == '\r')) out[--n] = '\0';
  return 0;
}

int cli_read_password(struct cli *c, const char *prompt, const char **out) {
  char first[PASSWORD_MAX_LEN + 2], second[PASSWORD_MAX_LEN + 2];
  if (!isatty(STDIN_FILENO)) {
    if (read_line(stdin, first, sizeof first)) {
      err_set(&c->e, KEEL_EINVAL, "password", "no password on standard input");
      return cli_fail(c, KEEL_EINVAL);
    }
    *out = arena_strdup(c->a, first);
    return 0;
  }
  struct termios old, quiet;
  tcgetattr(STDIN_FILENO, &old);
  quiet = old;
  quiet.c_lflag &= ~(tcflag_t)ECHO;
  tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
  fprintf(stderr, "%s: ", prompt);
  int r1 = read_line(stdin, first, sizeof first);
  fprintf(stderr, "\nagain: ");
  int r2 = r1 ? -1 : read_line(stdin, second, sizeof second);
  fprintf(stderr, "\n");
  tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
  if (r1 || r2) {
    err_set(&c->e, KEEL_EINVAL, "password", "no password given");
    return cli_fail(c, KEEL_EINVAL);
  }
  if (strcmp(first, second) != 0) {
    err_set(&c->e, KEEL_EINVAL, "password", "the two passwords differ");
    return cli_fail(c, KEEL_EINVAL);
  }
  *out = arena_strdup(c->a, first);
  return 0;
}

const char *cli_time(struct cli *c, int64_t t) {
  if (!t) return "-";
  char iso[TIME_ISO_LEN];
  time_iso(t, iso);
  return arena_printf(c->a, "%.10s %.5s", iso, iso + 11);
}

void table_start(struct table *t, arena *a, size_t ncols, const char *const *header) {
  t->ncols = ncols;
  t->nrows = 0;
  t->cap = 0;
  t->cells = NULL;
  table_row(t, a, header);
}

void table_row(struct table *t, arena *a, const char *const *cells) {
  if (t->nrows == t->cap) {
    size_t grown = t->cap ? t->cap * 2 : 32;
    t->cells = arena_realloc(a, t->cells, t->cap * t->ncols * sizeof *t->cells, grown * t->ncols * sizeof *t->cells);
    t->cap = grown;
  }
  for (size_t i = 0; i < t->ncols; i++) t->cells[t->nrows * t->ncols + i] = cells[i] ? cells[i] : "";
  t->nrows++;
}

void table_print(const struct table *t, buf *b, size_t max_width) {
  size_t width[16] = {0};
  size_t ncols = t->ncols < 16 ? t->ncols : 16;
  for (size_t r = 0; r < t->nrows; r++)
    for (size_t i = 0; i < ncols; i++) {
      const char *s = t->cells[r * t->ncols + i];
      size_t w = utf8_count(s, strlen(s));
      if (w > max_width) w = max_width;
      if (w > width[i]) width[i] = w;
    }
  for (size_t r = 0; r < t->nrows; r++) {
    for (size_t i = 0; i < ncols; i++) {
      const char *s = t->cells[r * t->ncols + i];
      size_t len = strlen(s), w = utf8_count(s, len);
      if (w > max_width) {
        size_t cut = utf8_prefix(s, len, max_width - 1);
        buf_append(b, s, cut);
        buf_puts(b, "…");
        w = max_width;
      } else {
        buf_append(b, s, len);
      }
      if (i + 1 < ncols)
        for (size_t k = w; k < width[i] + 2; k++) buf_putc(b, ' ');
    }
    buf_putc(b, '\n');
  }
}
