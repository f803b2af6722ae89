/* fuzz_csv.c — libFuzzer target for the CSV/TSV reader (core/csv.c).
 *
 * The first input byte chooses the options (bits 0-1: delimiter guessed,
 * comma or tab; bit 2: quotes as plain text; bit 3: small caps, so that the
 * cap errors are reached in short inputs), the second how many bytes the
 * source hands out per read (1..64, or everything). The rest is the text.
 *
 * Every row is read twice, through that source and through one handing out
 * everything at once: the rows and errors must be identical (chunk
 * boundaries change nothing). A failure is KEEL_EPARSE, KEEL_ETOOBIG (a
 * cap) with "line L, column C" in the message, equal to e.rc; after one that
 * gives no row, every later call fails the same way. Every row holds at most
 * the field cap's fields, each NUL-free valid UTF-8 of the length given and
 * within three times the field cap (bad bytes become 3-byte U+FFFD); lines
 * only grow; the offset never passes the input's size. Rows read without
 * error, written back with csv_field and read again, give the same fields.
 * A violation traps. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/csv.h"
#include "core/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond) \
  do {              \
    if (!(cond)) __builtin_trap(); \
  } while (0)

struct src {
  const uint8_t *s;
  size_t n, pos, step;
};

static long src_fn(void *ctx, char *p, size_t n) {
  struct src *s = ctx;
  size_t k = s->n - s->pos;
  if (k > n) k = n;
  if (s->step && k > s->step) k = s->step;
  memcpy(p, s->s + s->pos, k);
  s->pos += k;
  return (long)k;
}

/* Reads everything, describing rows and errors in out; good rows (no error)
 * are also written as CSV into good when it is not NULL. */
static void read_all(const uint8_t *text, size_t n, const struct csv_opts *o, size_t step, buf *out, buf *good,
                     int unguard, size_t *ngood, int *lone_empty) {
  struct src s = {text, n, 0, step};
  csv_reader *r = csv_open_fn(src_fn, &s, o);
  size_t field_max = o->field_max ? o->field_max : CSV_FIELD_MAX;
  size_t fields_max = o->fields_max ? o->fields_max : CSV_FIELDS_MAX;
  long last_line = 0;
  int64_t last_off = 0;
  *ngood = 0;
  *lone_empty = 0;
  for (int i = 0;; i++) {
    CHECK(i <= (int)n + 1); /* every row consumes input */
    struct csv_row row;
    int got;
    struct keel_err e = {0};
    int rc = csv_read(r, &row, &got, &e);
    int64_t off = csv_offset(r);
    CHECK(off >= last_off && off <= (int64_t)n);
    last_off = off;
    if (rc) {
      CHECK(rc == KEEL_EPARSE || rc == KEEL_ETOOBIG);
      CHECK(e.rc == rc && strstr(e.msg, "line ") && strstr(e.msg, "column "));
      buf_printf(out, "!%d %s\n", rc, e.msg);
      if (!got) {
        struct keel_err e2 = {0};
        CHECK(csv_read(r, &row, &got, &e2) == rc && !got && strcmp(e.msg, e2.msg) == 0);
        break;
      }
    }
    if (!got) break;
    CHECK(row.n >= 1 && row.n <= fields_max);
    CHECK(row.line >= last_line && row.end_line >= row.line);
    last_line = row.end_line;
    buf_printf(out, "%ld-%ld:", row.line, row.end_line);
    for (size_t k = 0; k < row.n; k++) {
      CHECK(strlen(row.f[k]) == row.len[k]);
      CHECK(row.len[k] <= 3 * field_max);
      CHECK(utf8_valid(row.f[k], row.len[k]));
      buf_printf(out, "%zu:", row.len[k]);
      buf_append(out, row.f[k], row.len[k]);
      if (!rc && good) csv_field(good, unguard ? csv_unguard(row.f[k]) : row.f[k], k == 0);
    }
    buf_putc(out, '\n');
    if (!rc && good) {
      if (row.n == 1 && row.len[0] == 0) *lone_empty = 1; /* written as an empty line, which is skipped */
      csv_end_row(good);
      (*ngood)++;
    }
  }
  csv_close(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 2) return 0;
  struct csv_opts o = {0};
  o.delim = (data[0] & 3) == 1 ? ',' : (data[0] & 3) == 2 ? '\t' : 0;
  o.quoting = data[0] & 4 ? CSV_QUOTES_NONE : CSV_QUOTES_RFC;
  if (data[0] & 8) {
    o.field_max = 16;
    o.fields_max = 6;
    o.row_max = 48;
  }
  size_t step = data[1] % 65;
  const uint8_t *text = data + 2;
  size_t n = size - 2;

  buf a, b, good, again;
  buf_init(&a, 0);
  buf_init(&b, 0);
  buf_init(&good, 0);
  buf_init(&again, 0);
  size_t ngood, nagain;
  int lone_empty, ignored;
  read_all(text, n, &o, step, &a, &good, 0, &ngood, &lone_empty);
  read_all(text, n, &o, 0, &b, NULL, 0, &nagain, &ignored);
  CHECK(a.len == b.len && (a.len == 0 || memcmp(a.data, b.data, a.len) == 0));

  /* The rows read cleanly survive the writer: read back (as CSV, without the
   * formula guard) and written again, they give the same text. */
  if (ngood && !lone_empty) {
    struct csv_opts o2 = {.delim = ','};
    buf first;
    buf_init(&first, 0);
    size_t n1;
    read_all((const uint8_t *)good.data, good.len, &o2, 0, &again, &first, 1, &n1, &ignored);
    CHECK(n1 == ngood);
    CHECK(first.len == good.len && memcmp(first.data, good.data, good.len) == 0);
    buf_free(&first);
  }
  buf_free(&a);
  buf_free(&b);
  buf_free(&good);
  buf_free(&again);
  return 0;
}
