/* csv.h — reading and writing RFC 4180 CSV, and tab-separated TSV.
 *
 * Writing: fields holding a comma, quote, CR or LF are quoted with doubled
 * quotes; fields starting with = + - @ are prefixed with a quote character so
 * that spreadsheets do not evaluate them as formulas, and so are fields that
 * look guarded already (apostrophes, then one of those), so that removing one
 * apostrophe (csv_unguard) always gives the text back. Rows end with CRLF.
 *
 * Reading is streaming: one row at a time from a FILE* or a read callback,
 * in memory bounded by the caps below whatever the size of the input. It
 * accepts quoted fields with doubled quotes, fields spanning lines, CRLF, LF
 * or a lone CR as line ends, a UTF-8 byte-order mark at the start and an
 * optional newline at the end; blank lines between rows are skipped. Errors
 * name the input, the line and the column (both 1-based; columns count
 * characters, not bytes, so they match what an editor shows) and say what was
 * expected. */
#ifndef KEEL_CORE_CSV_H
#define KEEL_CORE_CSV_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/buf.h"
#include "core/err.h"

/* Appends one field; first != 0 means it starts a row (no leading comma). */
void csv_field(buf *b, const char *s, int first);

/* Ends the current row. */
void csv_end_row(buf *b);

/* Returns s without the formula guard csv_field adds (one leading apostrophe
 * when apostrophes are followed by = + - or @), pointing into s; other text
 * is returned as it is. NULL gives NULL. */
const char *csv_unguard(const char *s);

/* ---- reading ---- */

enum {
  CSV_FIELD_MAX = 256 * 1024,  /* bytes in one field */
  CSV_FIELDS_MAX = 1024,       /* fields in one row */
  CSV_ROW_MAX = 1024 * 1024,   /* bytes of field text in one row */
  CSV_CHUNK = 64 * 1024,       /* bytes read from the input at a time */
  CSV_MSG_MAX = 240,           /* bytes of a row error's description */
};

typedef struct csv_reader csv_reader;

/* Reads up to n bytes into p. Returns how many (0 at the end of the input),
 * or -1 on a read error. */
typedef long (*csv_read_fn)(void *ctx, char *p, size_t n);

enum csv_quoting {
  CSV_QUOTES_RFC = 0, /* RFC 4180: a field may be quoted, with doubled quotes inside */
  CSV_QUOTES_NONE,    /* quotes are plain text; no field holds the delimiter or a line end
                         (tab-separated exports that never quote, such as Google Forms') */
};

struct csv_opts {
  int delim;        /* ',' or '\t'; 0: a tab in the first line means TSV, else CSV */
  enum csv_quoting quoting;
  const char *name; /* the input's name for messages ("survey.tsv"); NULL: "input" */
  size_t field_max; /* 0: CSV_FIELD_MAX */
  size_t fields_max; /* 0: CSV_FIELDS_MAX */
  size_t row_max;   /* 0: CSV_ROW_MAX */
};

/* One row. The field texts are NUL-terminated, hold no NUL and are valid
 * UTF-8 (a malformed row's bad bytes read as U+FFFD). They live in the
 * reader until the next csv_read or csv_close. */
struct csv_row {
  size_t n;              /* fields */
  char *const *f;        /* the fields' text */
  const size_t *len;     /* their lengths in bytes */
  const long *fline;     /* the line each field starts on */
  const long *fcol;      /* and its column (that of its opening quote when quoted) */
  long line;             /* the line the row starts on */
  long end_line;         /* the line it ends on (greater for fields spanning lines) */
};

/* Starts reading f (which stays the caller's to close) or, with csv_open_fn,
 * whatever fn(ctx, ...) returns. o may be NULL for the defaults. Never NULL;
 * the caller csv_close()s it. */
csv_reader *csv_open(FILE *f, const struct csv_opts *o);
csv_reader *csv_open_fn(csv_read_fn fn, void *ctx, const struct csv_opts *o);

/* Releases the reader and its buffers. NULL is ignored. */
void csv_close(csv_reader *r);

/* Reads the next row. The first row read fixes the number of fields (the
 * header's); every later row must have as many.
 *
 * Returns KEEL_OK with *got = 1 and row filled, or KEEL_OK with *got = 0 at
 * the end of the input. A malformed row returns KEEL_EPARSE (a stray or
 * unterminated quote, text after a closing quote, a different number of
 * fields, invalid UTF-8, a NUL byte) or KEEL_ETOOBIG (over a cap), with e's
 * message "NAME, line L, column C: what is wrong and what was expected". When
 * the row's end could still be found, *got is 1, row holds its fields as
 * best read (over-long text cut at the cap), and the next call reads the next
 * row: the caller may skip it. Otherwise (a quote still open at the end of
 * the input, reported where it opened; KEEL_EIO on a read error) *got is 0
 * and every later call fails the same way. */
int csv_read(csv_reader *r, struct csv_row *row, int *got, struct keel_err *e);

/* Returns the delimiter in use (',' or '\t'); before the first csv_read, the
 * one given in the options or 0. */
int csv_delim(const csv_reader *r);

/* Returns how many bytes of the input have been consumed (for progress). */
int64_t csv_offset(const csv_reader *r);

#endif
