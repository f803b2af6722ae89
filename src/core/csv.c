/* csv.c — CSV field quoting, and the streaming CSV/TSV reader.
 *
 * The reader keeps one chunk of input and the row being read. Bytes are
 * taken one at a time through take(), which counts lines and columns and
 * checks UTF-8 as it goes; runs of plain ASCII (no quote, delimiter or line
 * end) are copied a run at a time. A malformed row is read to its end anyway,
 * leniently (a stray quote is kept as text, text after a closing quote joins
 * the field, bad bytes become U+FFFD), with its first error remembered, so
 * that a caller may skip the row and go on. */
#include "core/csv.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "core/mem.h"

/* ---- writing ---- */

static int formula_start(int c) { return c == '=' || c == '+' || c == '-' || c == '@'; }

/* Returns 1 when s is apostrophes then a formula character: what a guard
 * looks like, so such text is guarded again (and csv_unguard removes one). */
static int looks_guarded(const char *s) {
  if (s[0] != '\'') return 0;
  while (*s == '\'') s++;
  return formula_start(*s);
}

void csv_field(buf *b, const char *s, int first) {
  if (!first) buf_putc(b, ',');
  if (!s) return;
  int formula = formula_start(s[0]);
  /* A leading '-' on a plain number is a negative number, not a formula. */
  if (s[0] == '-' && s[1] >= '0' && s[1] <= '9' && strspn(s + 1, "0123456789.") == strlen(s + 1)) formula = 0;
  /* Text that already looks guarded is guarded again, so csv_unguard gives it back. */
  if (looks_guarded(s)) formula = 1;
  /* A byte-order mark first in a file would be taken for the file's own. */
  int quote = formula || strpbrk(s, ",\"\r\n") != NULL || strncmp(s, "\xEF\xBB\xBF", 3) == 0;
  if (!quote) {
    buf_puts(b, s);
    return;
  }
  buf_putc(b, '"');
  if (formula) buf_putc(b, '\'');
  for (const char *p = s; *p; p++) {
    if (*p == '"') buf_putc(b, '"');
    buf_putc(b, *p);
  }
  buf_putc(b, '"');
}

void csv_end_row(buf *b) { buf_puts(b, "\r\n"); }

const char *csv_unguard(const char *s) {
  if (s && looks_guarded(s)) return s + 1;
  return s;
}

/* ---- reading ---- */

struct csv_reader {
  FILE *f;
  csv_read_fn fn;
  void *ctx;
  const char *name;
  int delim;
  int quotes; /* CSV_QUOTES_RFC: quoted fields are read as such */
  size_t field_max, fields_max, row_max;

  unsigned char *chunk;
  size_t pos, len;
  int64_t base; /* input offset of chunk[0] */
  int eof, ioerr, started;

  long line, col;   /* where the next character is */
  long cline, ccol; /* where the character take() returned last is */
  int u8need;       /* continuation bytes still due */
  int u8lo, u8hi;   /* the range the next one must be in */
  unsigned char plain_u[256], plain_q[256]; /* bytes copied as runs, outside and inside quotes */

  /* The row being read. */
  char *data;
  size_t dlen, dcap, dmax;
  size_t *start, *flen;
  long *fline, *fcol;
  char **ptr;
  size_t nf;        /* fields kept */
  size_t total;     /* fields seen (more than nf past fields_max) */
  size_t rowbytes;  /* field text kept */
  size_t width;     /* fields per row, from the first row; 0 before it */
  int discard;      /* past fields_max: fields are read but not kept */
  int repair;       /* the row's text needs invalid UTF-8 replaced */
  long xline, xcol; /* where the first field past width started */
  char *fixed;      /* the repaired text, when repair was needed */
  size_t fixcap;

  /* The first error of the current row. */
  int rc;
  long eline, ecol;
  char msg[CSV_MSG_MAX];

  /* An error the reader cannot continue from. */
  int fatal;
  struct keel_err fatal_e;
};

static void init(csv_reader *r, const struct csv_opts *o) {
  r->name = o && o->name ? o->name : "input";
  r->delim = o ? o->delim : 0;
  r->quotes = !o || o->quoting == CSV_QUOTES_RFC;
  r->field_max = o && o->field_max ? o->field_max : CSV_FIELD_MAX;
  r->fields_max = o && o->fields_max ? o->fields_max : CSV_FIELDS_MAX;
  r->row_max = o && o->row_max ? o->row_max : CSV_ROW_MAX;
  r->chunk = xmalloc(CSV_CHUNK);
  r->line = 1;
  r->col = 1;
  r->u8lo = 0x80;
  r->u8hi = 0xBF;
  r->dmax = r->row_max + r->fields_max + 1; /* the text plus a NUL after each field */
  r->start = xcalloc(r->fields_max, sizeof *r->start);
  r->flen = xcalloc(r->fields_max, sizeof *r->flen);
  r->fline = xcalloc(r->fields_max, sizeof *r->fline);
  r->fcol = xcalloc(r->fields_max, sizeof *r->fcol);
  r->ptr = xcalloc(r->fields_max, sizeof *r->ptr);
}

csv_reader *csv_open(FILE *f, const struct csv_opts *o) {
  csv_reader *r = xcalloc(1, sizeof *r);
  r->f = f;
  init(r, o);
  return r;
}

csv_reader *csv_open_fn(csv_read_fn fn, void *ctx, const struct csv_opts *o) {
  csv_reader *r = xcalloc(1, sizeof *r);
  r->fn = fn;
  r->ctx = ctx;
  init(r, o);
  return r;
}

void csv_close(csv_reader *r) {
  if (!r) return;
  free(r->chunk);
  free(r->data);
  free(r->fixed);
  free(r->start);
  free(r->flen);
  free(r->fline);
  free(r->fcol);
  free(r->ptr);
  free(r);
}

int csv_delim(const csv_reader *r) { return r->delim; }

int64_t csv_offset(const csv_reader *r) { return r->base + (int64_t)r->pos; }

/* Reads up to n bytes of input into p: the count, 0 at the end, -1 on error. */
static long src_read(csv_reader *r, unsigned char *p, size_t n) {
  if (r->fn) return r->fn(r->ctx, (char *)p, n);
  size_t got = fread(p, 1, n, r->f);
  if (got == 0 && ferror(r->f)) return -1;
  return (long)got;
}

/* Replaces the consumed chunk with the next one. Returns 0 at the end. */
static int fill(csv_reader *r) {
  if (r->eof) return 0;
  r->base += (int64_t)r->len;
  r->pos = r->len = 0;
  long n = src_read(r, r->chunk, CSV_CHUNK);
  if (n <= 0) {
    r->eof = 1;
    r->ioerr = n < 0;
    return 0;
  }
  r->len = (size_t)n;
  return 1;
}

static int peek(csv_reader *r) {
  if (r->pos == r->len && !fill(r)) return -1;
  return r->chunk[r->pos];
}

static void row_error(csv_reader *r, long line, long col, int rc, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static void row_error(csv_reader *r, long line, long col, int rc, const char *fmt, ...) {
  if (r->rc) return; /* the first error of a row is the one reported */
  r->rc = rc;
  r->eline = line;
  r->ecol = col;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(r->msg, sizeof r->msg, fmt, ap);
  va_end(ap);
}

/* Consumes the next byte: counts lines (LF, CRLF or a lone CR) and columns
 * (characters), and checks UTF-8. Returns the byte, or -1 at the end. */
static int take(csv_reader *r) {
  int c = peek(r);
  if (c < 0) return -1;
  r->pos++;
  if (r->u8need) {
    if (c >= r->u8lo && c <= r->u8hi) {
      r->u8need--;
      r->u8lo = 0x80;
      r->u8hi = 0xBF;
      return c; /* a continuation byte: the same character, the same column */
    }
    r->u8need = 0;
    r->u8lo = 0x80;
    r->u8hi = 0xBF;
    r->repair = 1;
    row_error(r, r->line, r->col, KEEL_EPARSE, "invalid UTF-8: the character before this one is cut short "
                                               "(is the file in another encoding? save it as UTF-8)");
  }
  r->cline = r->line;
  r->ccol = r->col;
  if (c == '\n') {
    r->line++;
    r->col = 1;
  } else if (c == '\r') {
    if (peek(r) == '\n') {
      r->col++;
    } else {
      r->line++;
      r->col = 1;
    }
  } else {
    r->col++;
  }
  if (c >= 0x80) {
    if (c >= 0xC2 && c <= 0xDF) r->u8need = 1;
    else if (c == 0xE0) r->u8need = 2, r->u8lo = 0xA0;
    else if (c == 0xED) r->u8need = 2, r->u8hi = 0x9F; /* no surrogates */
    else if (c >= 0xE1 && c <= 0xEF) r->u8need = 2;
    else if (c == 0xF0) r->u8need = 3, r->u8lo = 0x90;
    else if (c == 0xF4) r->u8need = 3, r->u8hi = 0x8F; /* nothing above U+10FFFF */
    else if (c >= 0xF1 && c <= 0xF3) r->u8need = 3;
    else {
      r->repair = 1;
      row_error(r, r->cline, r->ccol, KEEL_EPARSE,
                "invalid UTF-8 (byte 0x%02X; is the file in another encoding? save it as UTF-8)", (unsigned)c);
    }
  }
  return c;
}

static void grow(csv_reader *r, size_t need) {
  if (need <= r->dcap) return;
  size_t cap = r->dcap ? r->dcap : 4096;
  while (cap < need) cap *= 2;
  if (cap > r->dmax) cap = r->dmax;
  if (cap < need) cap = need; /* not reached: the caps keep need within dmax */
  r->data = xrealloc(r->data, cap);
  r->dcap = cap;
}

/* Appends n bytes to the current field, within the caps. col is the column
 * of the first of them (each counts one: runs are ASCII, single bytes are
 * placed at the current character), for the message when a cap cuts them. */
static void put(csv_reader *r, const unsigned char *p, size_t n, long col) {
  if (r->discard || n == 0) return;
  size_t have = r->dlen - r->start[r->nf];
  size_t field_room = r->field_max - have, row_room = r->row_max - r->rowbytes;
  size_t room = field_room <= row_room ? field_room : row_room;
  if (n > room) {
    long at = n > 1 ? col + (long)room : col;
    if (field_room <= row_room) /* the cap the first byte too many crosses */
      row_error(r, r->cline, at, KEEL_ETOOBIG, "a field longer than %zu bytes (is a quote missing?)", r->field_max);
    else
      row_error(r, r->cline, at, KEEL_ETOOBIG, "a row longer than %zu bytes (is a quote missing?)", r->row_max);
    n = room;
    r->repair = 1; /* the cut may split a character */
  }
  grow(r, r->dlen + n + 1);
  memcpy(r->data + r->dlen, p, n);
  r->dlen += n;
  r->rowbytes += n;
}

/* Appends one byte taken by take(); a NUL is refused. */
static void put_byte(csv_reader *r, int c) {
  if (c == 0) {
    row_error(r, r->cline, r->ccol, KEEL_EPARSE,
              "a NUL byte (is this a binary or UTF-16 file? save it as UTF-8 text)");
    return;
  }
  unsigned char b = (unsigned char)c;
  put(r, &b, 1, r->ccol);
}

/* Copies the run of plain bytes at the read position (ASCII text without a
 * quote, delimiter or line end; inside quotes the delimiter too). */
static void put_run(csv_reader *r, const unsigned char *plain) {
  for (;;) {
    if (r->pos == r->len && peek(r) < 0) return;
    if (r->u8need) return;
    const unsigned char *s = r->chunk + r->pos, *end = r->chunk + r->len, *p = s;
    while (p < end && plain[*p]) p++;
    size_t n = (size_t)(p - s);
    if (n == 0) return;
    r->cline = r->line;
    put(r, s, n, r->col);
    r->ccol = r->col + (long)n - 1;
    r->pos += n;
    r->col += (long)n;
    if (p < end) return;
  }
}

static void field_begin(csv_reader *r) {
  if (r->width && r->total == r->width) {
    r->xline = r->line;
    r->xcol = r->col;
  }
  if (!r->discard && r->nf == r->fields_max) {
    row_error(r, r->line, r->col, KEEL_ETOOBIG, "more than %zu fields in a row", r->fields_max);
    r->discard = 1;
  }
  r->total++;
  if (!r->discard) {
    grow(r, r->dlen + 1);
    r->start[r->nf] = r->dlen;
    r->fline[r->nf] = r->line;
    r->fcol[r->nf] = r->col;
  }
}

static void field_end(csv_reader *r) {
  if (r->discard) return;
  grow(r, r->dlen + 1);
  r->flen[r->nf] = r->dlen - r->start[r->nf];
  r->data[r->dlen++] = '\0';
  r->nf++;
}

static const char *delim_name(int d) { return d == '\t' ? "a tab" : "a comma"; }

/* Sets up the reader on the first call: UTF-16 is refused, a UTF-8
 * byte-order mark skipped, and the delimiter guessed when not given. */
static void start(csv_reader *r) {
  r->started = 1;
  /* Have the first line in the chunk (or a full chunk), however the source
   * hands it out: the byte-order mark and the delimiter are decided on it. */
  while (!r->eof && r->len < CSV_CHUNK && !memchr(r->chunk, '\n', r->len) && !memchr(r->chunk, '\r', r->len)) {
    long n = src_read(r, r->chunk + r->len, CSV_CHUNK - r->len);
    if (n <= 0) {
      r->eof = 1;
      r->ioerr = n < 0;
    } else {
      r->len += (size_t)n;
    }
  }
  if (r->ioerr) return;
  const unsigned char *c = r->chunk;
  if (r->len >= 2 && ((c[0] == 0xFF && c[1] == 0xFE) || (c[0] == 0xFE && c[1] == 0xFF))) {
    r->fatal = 1;
    err_set(&r->fatal_e, KEEL_EPARSE, NULL, "%s, line 1, column 1: the file is UTF-16 text; save it as UTF-8",
            r->name);
    return;
  }
  if (r->len >= 3 && c[0] == 0xEF && c[1] == 0xBB && c[2] == 0xBF) r->pos = 3;
  if (!r->delim) {
    r->delim = ',';
    for (size_t i = r->pos; i < r->len && c[i] != '\n' && c[i] != '\r'; i++)
      if (c[i] == '\t') {
        r->delim = '\t';
        break;
      }
  }
  for (int b = 0; b < 256; b++) {
    int text = (b >= 0x20 && b < 0x7F) || b == '\t';
    r->plain_u[b] = (unsigned char)(text && (b != '"' || !r->quotes) && b != r->delim);
    r->plain_q[b] = (unsigned char)(text && b != '"');
  }
}

/* Copies the row's fields into r->fixed with each invalid UTF-8 sequence
 * replaced by U+FFFD, and points the row at the copies. */
static void repair(csv_reader *r) {
  size_t need = 3 * r->dlen + 1;
  if (need > r->fixcap) {
    r->fixed = xrealloc(r->fixed, need);
    r->fixcap = need;
  }
  size_t k = 0;
  for (size_t i = 0; i < r->nf; i++) {
    const unsigned char *s = (const unsigned char *)r->data + r->start[i];
    size_t n = r->flen[i], j = 0, at = k;
    while (j < n) {
      size_t len = 1;
      unsigned c = s[j];
      int ok = c < 0x80;
      if (!ok) {
        unsigned lo = 0x80, hi = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) len = 2;
        else if (c >= 0xE0 && c <= 0xEF) len = 3, lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
        else if (c >= 0xF0 && c <= 0xF4) len = 4, lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
        else len = 0;
        ok = len > 0 && j + len <= n && s[j + 1] >= lo && s[j + 1] <= hi;
        for (size_t q = 2; ok && q < len; q++) ok = s[j + q] >= 0x80 && s[j + q] <= 0xBF;
        if (!ok) len = 1;
      }
      if (ok) {
        memcpy(r->fixed + k, s + j, len);
        k += len;
      } else {
        memcpy(r->fixed + k, "\xEF\xBF\xBD", 3);
        k += 3;
      }
      j += len;
    }
    r->fixed[k++] = '\0';
    r->ptr[i] = r->fixed + at;
    r->flen[i] = k - at - 1;
  }
}

int csv_read(csv_reader *r, struct csv_row *row, int *got, struct keel_err *e) {
  *got = 0;
  memset(row, 0, sizeof *row);
  if (!r->started) start(r);
  if (!r->fatal && r->ioerr) {
    r->fatal = 1;
    err_set(&r->fatal_e, KEEL_EIO, NULL, "cannot read %s", r->name);
  }
  if (r->fatal) {
    if (e) *e = r->fatal_e;
    return r->fatal_e.rc;
  }
  r->nf = r->total = r->dlen = r->rowbytes = 0;
  r->discard = r->repair = 0;
  r->rc = 0;
  r->xline = r->xcol = 0;
  for (int c = peek(r); c == '\n' || c == '\r'; c = peek(r)) take(r); /* blank lines */
  if (peek(r) < 0) {
    if (r->ioerr) {
      r->fatal = 1;
      err_set(&r->fatal_e, KEEL_EIO, NULL, "cannot read %s", r->name);
      if (e) *e = r->fatal_e;
      return KEEL_EIO;
    }
    return KEEL_OK;
  }
  row->line = r->line;
  const int d = r->delim;
  long end_line, end_col;
  for (;;) {
    field_begin(r);
    int c = peek(r), quoted = c == '"' && r->quotes;
    if (quoted) {
      take(r);
      long qline = r->cline, qcol = r->ccol;
      for (;;) {
        put_run(r, r->plain_q);
        c = take(r);
        if (c < 0) {
          r->fatal = 1;
          if (r->ioerr)
            err_set(&r->fatal_e, KEEL_EIO, NULL, "cannot read %s", r->name);
          else
            err_set(&r->fatal_e, KEEL_EPARSE, NULL,
                    "%s, line %ld, column %ld: this quoted field is never closed (expected a closing \" before the "
                    "end of the file; a quote inside a field must be doubled: \"\")",
                    r->name, qline, qcol);
          if (e) *e = r->fatal_e;
          return r->fatal_e.rc;
        }
        if (c == '"') {
          if (peek(r) != '"') break;
          take(r);
        }
        put_byte(r, c);
      }
      c = peek(r);
      if (c >= 0 && c != d && c != '\n' && c != '\r') {
        row_error(r, r->line, r->col, KEEL_EPARSE,
                  "text after the closing quote of the field that opened at line %ld, column %ld (expected %s or "
                  "the end of the line; a quote inside a field must be doubled: \"\")",
                  qline, qcol, delim_name(d));
        quoted = 0; /* read on as text, to the field's end */
      }
    }
    if (!quoted) {
      for (;;) {
        put_run(r, r->plain_u);
        c = peek(r);
        if (c < 0 || c == d || c == '\n' || c == '\r') break;
        take(r);
        if (c == '"' && r->quotes)
          row_error(r, r->cline, r->ccol, KEEL_EPARSE,
                    "a quote inside a field that does not start with one (quote the whole field and double the "
                    "quotes inside it: \"say \"\"hi\"\"\")");
        put_byte(r, c);
      }
    }
    field_end(r);
    c = peek(r);
    if (c == d) {
      take(r);
      continue;
    }
    end_line = r->line;
    end_col = r->col;
    if (c < 0 && r->u8need) {
      r->repair = 1;
      r->u8need = 0;
      row_error(r, r->line, r->col, KEEL_EPARSE, "invalid UTF-8: the file ends inside a character");
    }
    if (c == '\r') {
      take(r);
      if (peek(r) == '\n') take(r);
    } else if (c == '\n') {
      take(r);
    }
    break;
  }
  if (r->ioerr) {
    r->fatal = 1;
    err_set(&r->fatal_e, KEEL_EIO, NULL, "cannot read %s", r->name);
    if (e) *e = r->fatal_e;
    return KEEL_EIO;
  }
  if (!r->width) {
    r->width = r->total;
  } else if (r->total > r->width) {
    row_error(r, r->xline, r->xcol, KEEL_EPARSE,
              "a field too many: %zu fields where the header has %zu (should a field holding %s be quoted?)",
              r->total, r->width, delim_name(d));
  } else if (r->total < r->width) {
    row_error(r, end_line, end_col, KEEL_EPARSE,
              "%zu field%s where the header has %zu (expected %s before the end of the line)", r->total,
              r->total == 1 ? "" : "s", r->width, delim_name(d));
  }
  for (size_t i = 0; i < r->nf; i++) r->ptr[i] = r->data + r->start[i];
  if (r->repair) repair(r);
  row->n = r->nf;
  row->f = r->ptr;
  row->len = r->flen;
  row->fline = r->fline;
  row->fcol = r->fcol;
  row->end_line = end_line;
  *got = 1;
  if (r->rc) {
    err_set(e, r->rc, NULL, "%s, line %ld, column %ld: %s", r->name, r->eline, r->ecol, r->msg);
    return r->rc;
  }
  return KEEL_OK;
}
