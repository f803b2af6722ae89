/* test_csv.c — unit tests for the CSV/TSV reader (core/csv.c): RFC 4180
 * quoting, line ends, the byte-order mark, every error with its line and
 * column, the caps, recovery after a bad row, reading through a callback in
 * tiny pieces, the formula guard round trip, and the real files in
 * ../shared/data (KEEL_DATA_DIR), whose record counts and a few known fields
 * must come out exactly. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/csv.h"
#include "core/err.h"

#ifndef KEEL_DATA_DIR
#error "KEEL_DATA_DIR must name the shared data directory"
#endif

/* A source handing out a string `step` bytes at a time. */
struct src {
  const char *s;
  size_t n, pos, step;
  int fail_at; /* > 0: fail once this many bytes were handed out */
};

static long src_fn(void *ctx, char *p, size_t n) {
  struct src *s = ctx;
  if (s->fail_at > 0 && s->pos >= (size_t)s->fail_at) return -1;
  size_t k = s->n - s->pos;
  if (k > n) k = n;
  if (s->step && k > s->step) k = s->step;
  memcpy(p, s->s + s->pos, k);
  s->pos += k;
  return (long)k;
}

/* Reads all of text with opts, in pieces of step bytes (0: as many as asked),
 * into a flat description: fields joined by '|', rows ended by '\n', each
 * error as "!MESSAGE\n" in place of (or before) its row. */
static char *read_all(const char *text, size_t n, const struct csv_opts *o, size_t step, int *nrows) {
  struct src s = {text, n, 0, step, 0};
  csv_reader *r = csv_open_fn(src_fn, &s, o);
  buf out;
  buf_init(&out, 0);
  int rows = 0;
  for (int guard = 0; guard < 100000; guard++) {
    struct csv_row row;
    int got;
    struct keel_err e = {0};
    int rc = csv_read(r, &row, &got, &e);
    if (rc) {
      assert_int_equal(e.rc, rc);
      buf_printf(&out, "!%s\n", e.msg);
    }
    if (!got) break;
    rows++;
    for (size_t i = 0; i < row.n; i++) {
      assert_int_equal(strlen(row.f[i]), row.len[i]);
      buf_printf(&out, "%s%s", i ? "|" : "", row.f[i]);
    }
    buf_putc(&out, '\n');
  }
  csv_close(r);
  if (nrows) *nrows = rows;
  size_t len;
  return buf_detach(&out, &len);
}

static char *rd(const char *text, int *nrows) { return read_all(text, strlen(text), NULL, 0, nrows); }

static void test_csv_basic(void **state) {
  (void)state;
  int n;
  char *s = rd("a,b,c\n1,2,3\n", &n);
  assert_string_equal(s, "a|b|c\n1|2|3\n");
  assert_int_equal(n, 2);
  free(s);
  /* No newline at the end, CRLF, a lone CR, blank lines between rows. */
  s = rd("a,b\r\n1,2\r\n\r\n3,4\r5,6", &n);
  assert_string_equal(s, "a|b\n1|2\n3|4\n5|6\n");
  free(s);
  /* Quoted fields: delimiters, doubled quotes, line ends inside, empty ones. */
  s = rd("k,v\n\"a,b\",\"say \"\"hi\"\"\"\n\"two\r\nlines\",\"\"\n,\n", &n);
  assert_string_equal(s, "k|v\na,b|say \"hi\"\ntwo\r\nlines|\n|\n");
  assert_int_equal(n, 4);
  free(s);
  /* A UTF-8 byte-order mark is skipped; text is kept byte for byte. */
  s = rd("\xEF\xBB\xBFname,note\n  Zoë ,\"中文 \"\n", &n);
  assert_string_equal(s, "name|note\n  Zoë |中文 \n");
  free(s);
  /* An empty input has no rows; so has one holding only line ends. */
  s = rd("", &n);
  assert_string_equal(s, "");
  assert_int_equal(n, 0);
  free(s);
  s = rd("\n\r\n\r", &n);
  assert_int_equal(n, 0);
  free(s);
}

static void test_csv_tsv(void **state) {
  (void)state;
  int n;
  /* A tab in the first line makes it TSV; commas are then plain text. */
  char *s = rd("a\tb, c\n1,5\t\"x\ty\"\n", &n);
  assert_string_equal(s, "a|b, c\n1,5|x\ty\n");
  free(s);
  /* Quotes as plain text: the Google Forms kind of TSV. */
  struct csv_opts o = {.quoting = CSV_QUOTES_NONE};
  const char *t = "q\tr\n\"eight\".\tsay \"x\"\n";
  s = read_all(t, strlen(t), &o, 0, &n);
  assert_string_equal(s, "q|r\n\"eight\".|say \"x\"\n");
  free(s);
  /* The delimiter can be forced. */
  o = (struct csv_opts){.delim = ','};
  s = read_all("a\tb,c\n", 6, &o, 0, &n);
  assert_string_equal(s, "a\tb|c\n");
  free(s);
}

/* The first error's message for text (with the default options). */
static void expect_error(const char *text, int rc, const char *msg) {
  struct src s = {text, strlen(text), 0, 0, 0};
  struct csv_opts o = {.name = "t.csv"};
  csv_reader *r = csv_open_fn(src_fn, &s, &o);
  struct keel_err e = {0};
  int got, first = 0;
  for (int i = 0; i < 100; i++) {
    struct csv_row row;
    int c = csv_read(r, &row, &got, &e);
    if (c) {
      first = c;
      break;
    }
    if (!got) break;
  }
  csv_close(r);
  if (first != rc || strcmp(e.msg, msg) != 0) print_message("got %d \"%s\"\n", first, e.msg);
  assert_int_equal(first, rc);
  assert_string_equal(e.msg, msg);
}

static void test_csv_errors(void **state) {
  (void)state;
  expect_error("a,b\n1,\"open\n2,3\n", KEEL_EPARSE,
               "t.csv, line 2, column 3: this quoted field is never closed (expected a closing \" before the end of "
               "the file; a quote inside a field must be doubled: \"\")");
  expect_error("a,b\n1,x\"y\"\n", KEEL_EPARSE,
               "t.csv, line 2, column 4: a quote inside a field that does not start with one (quote the whole field "
               "and double the quotes inside it: \"say \"\"hi\"\"\")");
  expect_error("a,b\n1,\"x\"y\n", KEEL_EPARSE,
               "t.csv, line 2, column 6: text after the closing quote of the field that opened at line 2, column 3 "
               "(expected a comma or the end of the line; a quote inside a field must be doubled: \"\")");
  expect_error("a,b,c\n1,2\n", KEEL_EPARSE,
               "t.csv, line 2, column 4: 2 fields where the header has 3 (expected a comma before the end of the "
               "line)");
  expect_error("a,b\n1,2,3\n", KEEL_EPARSE,
               "t.csv, line 2, column 5: a field too many: 3 fields where the header has 2 (should a field holding "
               "a comma be quoted?)");
  /* Columns count characters: "é" and "中" are one each. */
  expect_error("a,b\né中,x\xE9z\n", KEEL_EPARSE,
               "t.csv, line 2, column 6: invalid UTF-8: the character before this one is cut short (is the file in "
               "another encoding? save it as UTF-8)");
  expect_error("a,b\n1,\xFF\n", KEEL_EPARSE,
               "t.csv, line 2, column 3: invalid UTF-8 (byte 0xFF; is the file in another encoding? save it as "
               "UTF-8)");
  expect_error("a,b\n1,\xE4\xB8", KEEL_EPARSE, "t.csv, line 2, column 4: invalid UTF-8: the file ends inside a character");
  expect_error("\xFF\xFE" "a\0,\0", KEEL_EPARSE, "t.csv, line 1, column 1: the file is UTF-16 text; save it as UTF-8");
  /* Lines count inside quoted fields, and a lone CR is a line end too. */
  expect_error("a,b\r1,\"x\ry\r\nz\"\r2,3,4\n", KEEL_EPARSE,
               "t.csv, line 5, column 5: a field too many: 3 fields where the header has 2 (should a field holding a "
               "comma be quoted?)");
}

static void test_csv_nul(void **state) {
  (void)state;
  /* strlen() would stop at the NUL: read with the real length. */
  const char text[] = "a,b\n1,x\0y\n2,z\n";
  int n;
  char *s = read_all(text, sizeof text - 1, NULL, 0, &n);
  assert_string_equal(s, "a|b\n!input, line 2, column 4: a NUL byte (is this a binary or UTF-16 file? save it as UTF-8 "
                         "text)\n1|xy\n2|z\n");
  assert_int_equal(n, 3);
  free(s);
}

static void test_csv_recovery(void **state) {
  (void)state;
  /* A bad row is reported and still returned (as best read); reading goes on. */
  int n;
  char *s = rd("a,b\n1,x\"y\n2\n\"p\"q,\xC3(\n3,4\n", &n);
  assert_string_equal(s,
                      "a|b\n"
                      "!input, line 2, column 4: a quote inside a field that does not start with one (quote the whole "
                      "field and double the quotes inside it: \"say \"\"hi\"\"\")\n"
                      "1|x\"y\n"
                      "!input, line 3, column 2: 1 field where the header has 2 (expected a comma before the end of "
                      "the line)\n"
                      "2\n"
                      "!input, line 4, column 4: text after the closing quote of the field that opened at line 4, "
                      "column 1 (expected a comma or the end of the line; a quote inside a field must be doubled: "
                      "\"\")\n"
                      "pq|\xEF\xBF\xBD(\n"
                      "3|4\n");
  assert_int_equal(n, 5);
  free(s);
  /* An unclosed quote cannot be recovered from: the same error again. */
  struct src src = {"a\n\"x\n", 5, 0, 0, 0};
  csv_reader *r = csv_open_fn(src_fn, &src, NULL);
  struct csv_row row;
  int got;
  struct keel_err e;
  assert_int_equal(csv_read(r, &row, &got, &e), KEEL_OK);
  assert_int_equal(got, 1);
  assert_int_equal(csv_read(r, &row, &got, &e), KEEL_EPARSE);
  assert_int_equal(got, 0);
  assert_int_equal(csv_read(r, &row, &got, &e), KEEL_EPARSE);
  assert_int_equal(got, 0);
  assert_non_null(strstr(e.msg, "line 2, column 1: this quoted field is never closed"));
  csv_close(r);
}

static void test_csv_caps(void **state) {
  (void)state;
  struct csv_opts o = {.field_max = 4, .fields_max = 3, .row_max = 6, .name = "c"};
  int n;
  const char *t = "a,b,c\nabcd,ef,\n\"abcde\",x,y\nab,cd,efg\n1,2,3,4,5\n";
  char *s = read_all(t, strlen(t), &o, 0, &n);
  assert_string_equal(s, "a|b|c\n"
                         "abcd|ef|\n"
                         "!c, line 3, column 6: a field longer than 4 bytes (is a quote missing?)\n"
                         "abcd|x|y\n"
                         "!c, line 4, column 9: a row longer than 6 bytes (is a quote missing?)\n"
                         "ab|cd|ef\n"
                         "!c, line 5, column 7: more than 3 fields in a row\n"
                         "1|2|3\n");
  assert_int_equal(n, 5);
  free(s);
  /* A cut never leaves half a character behind. */
  o = (struct csv_opts){.field_max = 4};
  s = read_all("x\nab中\n", 8, &o, 0, &n);
  assert_string_equal(s, "x\n!input, line 2, column 3: a field longer than 4 bytes (is a quote missing?)\n"
                         "ab\xEF\xBF\xBD\xEF\xBF\xBD\n");
  free(s);
}

static void test_csv_pieces(void **state) {
  (void)state;
  /* Read one byte at a time, and two, and all at once: the same rows and errors. */
  const char *t = "\xEF\xBB\xBFk,v\r\n\"a\r\nb\",\"中\"\"文\"\r\n\r\nx,y\"z\r\n1,2,3\r\nlast,\xE2\x82\xAC";
  char *whole = read_all(t, strlen(t), NULL, 0, NULL);
  for (size_t step = 1; step <= 7; step++) {
    char *p = read_all(t, strlen(t), NULL, step, NULL);
    assert_string_equal(p, whole);
    free(p);
  }
  assert_non_null(strstr(whole, "last|€\n"));
  free(whole);
  /* A read error is reported, once and for all. */
  struct src s = {"a,b\n1,2\n3,4\n", 12, 0, 3, 6}; /* fails in the middle of "1,2" */
  csv_reader *r = csv_open_fn(src_fn, &s, &(struct csv_opts){.name = "f"});
  struct csv_row row;
  int got;
  struct keel_err e;
  assert_int_equal(csv_read(r, &row, &got, &e), KEEL_OK);
  assert_int_equal(csv_read(r, &row, &got, &e), KEEL_EIO);
  assert_int_equal(got, 0);
  assert_string_equal(e.msg, "cannot read f");
  assert_int_equal(csv_read(r, &row, &got, &e), KEEL_EIO);
  csv_close(r);
}

static void test_csv_positions(void **state) {
  (void)state;
  struct src s = {"h\n\"a\nb\nc\"\nd\n", 12, 0, 0, 0};
  csv_reader *r = csv_open_fn(src_fn, &s, NULL);
  struct csv_row row;
  int got;
  struct keel_err e;
  assert_int_equal(csv_delim(r), 0);
  assert_int_equal(csv_read(r, &row, &got, &e), KEEL_OK);
  assert_int_equal(csv_delim(r), ',');
  assert_int_equal(row.line, 1);
  assert_int_equal(csv_read(r, &row, &got, &e), KEEL_OK);
  assert_int_equal(row.line, 2);
  assert_int_equal(row.end_line, 4);
  assert_string_equal(row.f[0], "a\nb\nc");
  assert_int_equal(row.fline[0], 2);
  assert_int_equal(row.fcol[0], 1);
  assert_int_equal(csv_offset(r), 10);
  assert_int_equal(csv_read(r, &row, &got, &e), KEEL_OK);
  assert_int_equal(row.line, 5);
  assert_int_equal(csv_read(r, &row, &got, &e), KEEL_OK);
  assert_int_equal(got, 0);
  assert_int_equal(csv_offset(r), 12);
  csv_close(r);
}

static void test_csv_guard(void **state) {
  (void)state;
  /* What csv_field guards, csv_unguard gives back, including text that
   * already started with an apostrophe. */
  const char *cases[] = {"=1+2", "+x", "-", "@me", "'=x", "''-y", "'''@z", "'-12", "'plain", "-12", "plain", "", "'"};
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    buf b;
    buf_init(&b, 0);
    csv_field(&b, cases[i], 1);
    csv_end_row(&b);
    struct src s = {b.data ? b.data : "", b.len, 0, 0, 0};
    csv_reader *r = csv_open_fn(src_fn, &s, &(struct csv_opts){.delim = ','});
    struct csv_row row;
    int got;
    struct keel_err e;
    assert_int_equal(csv_read(r, &row, &got, &e), KEEL_OK);
    if (*cases[i]) {
      assert_int_equal(got, 1);
      assert_string_equal(csv_unguard(row.f[0]), cases[i]);
    } else {
      assert_int_equal(got, 0); /* an empty line is skipped */
    }
    csv_close(r);
    buf_free(&b);
  }
}

/* ---- the real files ---- */

struct table {
  size_t rows;      /* records, the header not counted */
  size_t width;
  char **cells;     /* rows+1 × width, the header first */
  long *lines;      /* the line each record starts on */
};

static void table_free(struct table *t) {
  for (size_t i = 0; i < (t->rows + 1) * t->width; i++) free(t->cells[i]);
  free(t->cells);
  free(t->lines);
}

static const char *cell(const struct table *t, size_t row, const char *col) {
  for (size_t c = 0; c < t->width; c++)
    if (strcmp(t->cells[c], col) == 0) return t->cells[(row + 1) * t->width + c];
  fail_msg("no column %s", col);
  return NULL;
}

/* Finds the record whose column col equals value. */
static size_t find(const struct table *t, const char *col, const char *value) {
  for (size_t r = 0; r < t->rows; r++)
    if (strcmp(cell(t, r, col), value) == 0) return r;
  fail_msg("no record with %s = %s", col, value);
  return 0;
}

static void load(const char *file, enum csv_quoting q, struct table *t) {
  char path[1024];
  snprintf(path, sizeof path, "%s/%s", KEEL_DATA_DIR, file);
  FILE *f = fopen(path, "rb");
  if (!f) fail_msg("cannot open %s: the shared data directory is part of the test setup", path);
  csv_reader *r = csv_open(f, &(struct csv_opts){.quoting = q, .name = file});
  memset(t, 0, sizeof *t);
  size_t cap = 0;
  for (;;) {
    struct csv_row row;
    int got;
    struct keel_err e = {0};
    int rc = csv_read(r, &row, &got, &e);
    if (rc) fail_msg("%s", e.msg);
    if (!got) break;
    if (!t->width) t->width = row.n;
    assert_int_equal(row.n, t->width);
    size_t k = t->rows + 1; /* rows read so far, the header included */
    if (k >= cap) {
      cap = cap ? cap * 2 : 1024;
      t->cells = realloc(t->cells, cap * t->width * sizeof *t->cells);
      t->lines = realloc(t->lines, cap * sizeof *t->lines);
    }
    for (size_t i = 0; i < row.n; i++) t->cells[(k - 1) * t->width + i] = strdup(row.f[i]);
    t->lines[k - 1] = row.line;
    t->rows = k;
  }
  t->rows--; /* the header */
  csv_close(r);
  fclose(f);
}

static void test_csv_hive(void **state) {
  (void)state;
  /* Field positions, in characters: "中" counts one. */
  struct src s = {"a,b,c\n中,\"x\ny\",z\n", 18, 0, 0, 0};
  csv_reader *rd = csv_open_fn(src_fn, &s, NULL);
  struct csv_row row;
  int got;
  struct keel_err e;
  assert_int_equal(csv_read(rd, &row, &got, &e), KEEL_OK);
  assert_int_equal(csv_read(rd, &row, &got, &e), KEEL_OK);
  assert_int_equal(row.fcol[1], 3);
  assert_int_equal(row.fline[2], 3);
  assert_int_equal(row.fcol[2], 4);
  csv_close(rd);

  struct table t;
  load("apache-hive-jira-bugs/hive_bugs.csv", CSV_QUOTES_RFC, &t);
  assert_int_equal(t.rows, 2164);
  assert_int_equal(t.width, 5);
  assert_string_equal(t.cells[4], "Affected Versions");
  size_t r = find(&t, "Key", "HIVE-27071");
  assert_string_equal(cell(&t, r, "Summary"),
                      "Select query with LIMIT clause can fail if there are marker files like \"_SUCCESS\" and "
                      "\"_MANIFEST\"");
  r = find(&t, "Key", "HIVE-25156");
  assert_string_equal(cell(&t, r, "Summary"), "reduce数设置为2后，查出的数据减少一半");
  assert_int_equal(t.lines[r + 1], 149);
  r = find(&t, "Key", "HIVE-16907");
  assert_string_equal(cell(&t, r, "Summary"),
                      " \"INSERT INTO\"  overwrite old data when destination table encapsulated by backquote ");
  assert_string_equal(cell(&t, r, "Affected Versions"), "1.1.0, 2.1.1");
  r = find(&t, "Key", "HIVE-23717");
  assert_string_equal(cell(&t, r, "Summary"), "In jdbcUrl add config to create External + purge table by default\t");
  size_t closed = 0;
  for (size_t i = 0; i < t.rows; i++) closed += strcmp(cell(&t, i, "Status"), "Closed") == 0;
  assert_int_equal(closed, 1609);
  table_free(&t);
}

static void test_csv_survey_coded(void **state) {
  (void)state;
  struct table t;
  load("r-community-survey-2019/survey_combined_coded.tsv", CSV_QUOTES_RFC, &t);
  assert_int_equal(t.rows, 2020);
  assert_int_equal(t.width, 59);
  size_t multi = 0, na = 0;
  for (size_t i = 0; i < t.rows; i++) {
    for (size_t c = 0; c < t.width; c++)
      if (strchr(t.cells[(i + 1) * t.width + c], '\n')) {
        multi++;
        break;
      }
    na += strcmp(cell(&t, i, "Qlike_best"), "NA") == 0;
  }
  assert_int_equal(multi, 20);
  assert_int_equal(t.rows - na, 1637);
  assert_string_equal(cell(&t, 0, "Qtime"), "2019-12-13T14:50:30Z");
  assert_string_equal(cell(&t, 0, "Qcountry"), "United States of America");
  assert_string_equal(cell(&t, 0, "Qlike_best"),
                      "The speed of experimentation and relative lack of dependency hell. CRAN! Rcpp! The community.");
  /* A multi-line answer, to its last newline. */
  assert_string_equal(cell(&t, 278, "Qlike_best"),
                      "The facility it offers to wrangle data. \nData visualization quality\nThe facility to diffuse the "
                      "analysis through web dashboards and apps\n");
  assert_true(t.lines[279] < t.lines[280] - 1); /* that record spans lines */
  assert_string_equal(cell(&t, t.rows - 1, "number_responses"), "2020");
  table_free(&t);
}

static void test_csv_survey_raw(void **state) {
  (void)state;
  /* Google Forms' TSV never quotes: with RFC quoting its header already has a
   * quote in the middle of a field. */
  char path[1024];
  snprintf(path, sizeof path, "%s/r-community-survey-2019/responses_english_raw.tsv", KEEL_DATA_DIR);
  FILE *f = fopen(path, "rb");
  if (!f) fail_msg("cannot open %s", path);
  csv_reader *r = csv_open(f, &(struct csv_opts){.name = "raw.tsv"});
  struct csv_row row;
  int got;
  struct keel_err e;
  assert_int_equal(csv_read(r, &row, &got, &e), KEEL_EPARSE);
  assert_int_equal(got, 1);
  assert_non_null(strstr(e.msg, "raw.tsv, line 1, column 865: a quote inside a field"));
  csv_close(r);
  fclose(f);

  struct table t;
  load("r-community-survey-2019/responses_english_raw.tsv", CSV_QUOTES_NONE, &t);
  assert_int_equal(t.rows, 1838);
  assert_int_equal(t.width, 52);
  assert_string_equal(t.cells[0], "Timestamp");
  assert_string_equal(t.cells[22], "What do you like best about using R?");
  assert_non_null(strstr(t.cells[28], "the word \"analysis\" in the text box"));
  assert_string_equal(cell(&t, 0, "Timestamp"), "12/13/2019 9:50:30");
  /* CRLF is the line end, not part of the last field; empty cells stay empty. */
  for (size_t i = 0; i < t.rows; i++) assert_null(strchr(t.cells[(i + 1) * t.width + 51], '\r'));
  size_t empty = 0;
  for (size_t i = 0; i < t.rows; i++) empty += t.cells[(i + 1) * t.width + 22][0] == '\0';
  assert_true(empty > 0);
  /* Quotes are text, kept where they are. */
  size_t q = 0;
  for (size_t i = 0; i < t.rows; i++)
    if (strcmp(t.cells[(i + 1) * t.width + 28], "\"eight\".") == 0) q++;
  assert_int_equal(q, 1);
  table_free(&t);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_csv_basic),        cmocka_unit_test(test_csv_tsv),
      cmocka_unit_test(test_csv_errors),       cmocka_unit_test(test_csv_nul),
      cmocka_unit_test(test_csv_recovery),     cmocka_unit_test(test_csv_caps),
      cmocka_unit_test(test_csv_pieces),       cmocka_unit_test(test_csv_positions),
      cmocka_unit_test(test_csv_guard),        cmocka_unit_test(test_csv_hive),
      cmocka_unit_test(test_csv_survey_coded), cmocka_unit_test(test_csv_survey_raw),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
