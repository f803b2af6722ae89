/* import.h — importing feedback, ideas and features from CSV/TSV files, and
 * exporting feedback and ideas as CSV or JSON (app/import.c, app/export.c).
 *
 * An import reads a file row by row (core/csv.h) in bounded memory, maps
 * columns to fields (domain/import.h) and writes every row in ONE
 * transaction with ONE audit record ("feedback.import", "idea.import",
 * "feature.import") holding the counts and the file's name. By default it is
 * all-or-nothing: the first bad row stops it with an error naming the file,
 * the line and the column (1-based, in characters), and nothing is written.
 * With a reject sink, bad rows are written there as CSV (their fields and a
 * "reason" column) and the others are imported. */
#ifndef KEEL_APP_IMPORT_H
#define KEEL_APP_IMPORT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "app/app.h"
#include "core/csv.h"
#include "domain/import.h"

enum {
  IMPORT_ROWS_PER_ARENA = 512, /* rows whose scratch memory is kept before it is released */
  IMPORT_PREVIEW_ROWS = 5,     /* rows shown by app_import_preview */
  IMPORT_REASON_MAX = 400,     /* bytes of a rejected row's reason */
};

/* The CLI's largest file (the web's comes from the setting import.max_bytes). */
#define IMPORT_FILE_MAX (INT64_C(256) * 1024 * 1024)
/* The default of the setting import.max_bytes: the largest upload. */
#define IMPORT_UPLOAD_MAX_DEFAULT (INT64_C(32) * 1024 * 1024)

/* Writes n bytes; returns 0, or -1 on failure. */
typedef int (*import_write_fn)(void *ctx, const char *data, size_t n);
/* Reports progress: rows read so far and bytes of the input consumed. */
typedef void (*import_progress_fn)(void *ctx, int64_t rows, int64_t bytes);

struct import_in {
  enum import_kind kind;
  const char *name;          /* the file's name for messages and the audit record */
  FILE *f;                   /* the input, or NULL to read through read_fn */
  csv_read_fn read_fn;
  void *read_ctx;
  int delim;                 /* ',' or '\t'; 0: guessed from the first line */
  int no_quotes;             /* quotes are plain text (tab-separated exports that never quote) */
  const char *map;           /* TARGET=COLUMN,...: COLUMN a header name or a 1-based number (required) */
  const char *meta;          /* COLUMN,...: feedback keeps them in attributes; ideas and features list
                              * them under the description */
  const char *na;            /* missing-value markers, comma-separated; NULL: "NA"; "": none */
  const char *channel;       /* feedback: the channel of rows without one (default other) */
  const char *product;       /* a product key: ideas and features need one (or a product column) */
  const char *status_map;    /* NAME=STATUS[:REASON],...: statuses in the file to Keel's */
  const char *horizon_map;   /* features: NAME=HORIZON,... */
  int dry_run;               /* check and count every row, then write nothing */
  import_write_fn reject;    /* non-NULL: skip bad rows, writing them here as CSV */
  void *reject_ctx;
  import_progress_fn progress; /* may be NULL; called every few thousand rows and at the end */
  void *progress_ctx;
};

struct import_result {
  enum import_kind kind;
  int64_t rows;      /* data rows read (the header not counted) */
  int64_t imported;  /* records written (or that would be, in a dry run) */
  int64_t empty;     /* skipped: no text (feedback) or no title */
  int64_t existing;  /* skipped: the reference exists already */
  int64_t rejected;  /* bad rows written to the reject sink */
  int64_t customers; /* customers added */
  int64_t bytes;     /* bytes of the input read */
  int dry_run;
};

/* Imports a file as in describes. PMs and admins (CAP_PRODUCT). Returns
 * KEEL_OK with out filled, or an error with x->e set and nothing written:
 * KEEL_EINVAL for a bad mapping (field "map", "meta", "status-map"...) or a
 * bad row ("NAME, line L, column C: ..."), KEEL_EPARSE/KEEL_ETOOBIG for a
 * malformed file (same form), KEEL_EIO when the input or the reject sink
 * fails. Everything allocated lives in x->a (per-row memory is released as
 * the import goes). */
int app_import(struct app *x, const struct import_in *in, struct import_result *out);

/* Appends {"kind":...,"rows":...,...} to b. */
void repr_import_result(buf *b, const struct import_result *r);

/* Reads the largest upload the web takes (setting import.max_bytes, default
 * IMPORT_UPLOAD_MAX_DEFAULT) into *out. Returns KEEL_OK, or a database error. */
int app_import_max_bytes(struct app *x, int64_t *out);

/* The first rows of a file, for choosing a mapping: the header in *header
 * (nheader fields) and up to IMPORT_PREVIEW_ROWS rows of it in rows (each
 * nheader fields), in x->a. CAP_PRODUCT. Returns KEEL_OK, or the reader's
 * error (KEEL_EPARSE, KEEL_ETOOBIG) when the file is malformed there. */
int app_import_preview(struct app *x, FILE *f, int no_quotes, const char ***header, size_t *nheader,
                       const char ***rows, size_t *nrows, int *delim);

/* ---- export (app/export.c) ---- */

enum export_format { EXPORT_CSV, EXPORT_JSON };

/* Writes every feedback item, oldest first, as CSV (a header row, then
 * id, received_at, channel, status, customer, contact, contact_email,
 * product, reference, tags ("a;b"), links ("PAY-3;idea 12"), attributes
 * (JSON), text, created_at) or as a JSON array of the API's objects with
 * "links" added, through write in pages (memory stays bounded). Readers
 * (CAP_READ). Run it inside a read snapshot (app_snapshot_begin) for a
 * consistent file; the web's GET requests have one already. Returns KEEL_OK, KEEL_EIO when write fails, or a database error. */
int app_feedback_export(struct app *x, enum export_format fmt, import_write_fn write, void *ctx);

/* Writes every idea, oldest first, as CSV (id, product, title, status,
 * source, customer, reference, votes, description, decline_reason,
 * created_at) or as a JSON array of the API's objects. CAP_READ. */
int app_ideas_export(struct app *x, enum export_format fmt, import_write_fn write, void *ctx);

/* Reads "csv" or "json". Returns 0, or -1. */
int export_format_parse(const char *s, enum export_format *out);

#endif
