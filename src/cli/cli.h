/* cli.h — what every command shares: the invocation, option parsing,
 * output helpers and the mapping from errors to exit codes.
 *
 * Exit codes: 0 success, 1 internal or database failure, 2 usage error,
 * 3 invalid input, 4 not found, 5 not allowed (not signed in / wrong role),
 * 6 conflict (stale version, duplicate key, wrong state), 7 busy, try again. */
#ifndef KEEL_CLI_CLI_H
#define KEEL_CLI_CLI_H

#include <stdio.h>

#include "app/app.h"

enum { EXIT_USAGE = 2 };

struct cli {
  const char *db_path;   /* --db or KEEL_DB or ./keel.db */
  const char *user;      /* --user: act as this person instead of the workspace owner */
  int json;              /* --json: machine-readable output */
  db *db;                /* opened by open_workspace() */
  arena *a;              /* lives for the command */
  struct actor actor;
  struct keel_err e;
  struct app x;
};

struct cli_cmd {
  const char *name; /* "feature" */
  const char *sub;  /* "add", or NULL for a command without subcommands */
  int (*run)(struct cli *c, int argc, char **argv);
  const char *usage; /* arguments after the command name */
  const char *help;  /* one line */
};

/* The command table (main.c), ending with a row whose name is NULL. */
extern const struct cli_cmd cli_commands[];

/* Opens the workspace database and resolves --user into the actor. Returns an
 * exit code (0 when ready). */
int cli_open(struct cli *c);

/* Prints "keel: message" for the current error and returns its exit code. */
int cli_fail(struct cli *c, int rc);

/* Prints a usage error for a command and returns EXIT_USAGE. */
int cli_usage(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Option specs for cli_parse(). An option with want_arg reads the next word
 * (or --opt=value) into *str; a flag sets *flag to 1. */
struct cli_opt {
  const char *name; /* "--title" */
  int want_arg;
  const char **str;
  int *flag;
};

/* Parses argv[1..argc) against opts, collecting up to max_pos positional
 * words into pos (count in *npos). Returns 0, or EXIT_USAGE after printing
 * what is wrong. */
int cli_parse(const char *cmd, int argc, char **argv, const struct cli_opt *opts, const char **pos, int max_pos,
              int *npos);

/* Parses a number for an option. Returns 0 or prints a usage error and returns EXIT_USAGE. */
int cli_number(const char *cmd, const char *opt, const char *s, double *out);
int cli_integer(const char *cmd, const char *opt, const char *s, int64_t *out);

/* Writes text to standard output (with a newline for cli_line). */
void cli_out(const buf *b);

/* Reads a password: from the terminal with echo off (asked twice) when
 * standard input is a terminal, else one line from standard input. Returns
 * 0 with the password in the arena, or an exit code. */
int cli_read_password(struct cli *c, const char *prompt, const char **out);

/* Formats a timestamp as "2026-11-22 01:04" into the arena. */
const char *cli_time(struct cli *c, int64_t t);

/* planning (cmd_plan.c): reads feature edit's --team, --size (a number, or
 * "none") and --category into p. Returns 0 or EXIT_USAGE. */
struct feature_plan_patch;
int cli_plan_patch(const char *cmd, const char *team, const char *size, const char *category,
                   struct feature_plan_patch *p);

/* The serve command (cmd_serve.c). */
int cmd_serve(struct cli *c, int argc, char **argv);

/* focus (cmd_focus.c): takes every --displace KEY (repeatable, or KEY,KEY) out
 * of argv into *keys (arena); prints what is in Now after a capacity refusal. */
struct now_state;
int cli_take_displace(struct cli *c, int *argc, char **argv, const char ***keys, size_t *n);
void cli_print_refusal(const struct now_state *s);

/* A text table: columns padded to their widest cell (in characters). */
struct table {
  size_t ncols, nrows, cap;
  const char **cells;
};

/* Starts a table with a header row of ncols names. */
void table_start(struct table *t, arena *a, size_t ncols, const char *const *header);

/* Adds a row of ncols cells (copied pointers; cells must outlive printing). */
void table_row(struct table *t, arena *a, const char *const *cells);

/* Appends the table to b, cells longer than max_width characters cut with "…". */
void table_print(const struct table *t, buf *b, size_t max_width);

#endif
