/* transfer.c — moving a whole workspace: the JSON export (streamed from one
 * read snapshot), the import into an empty workspace, and the online backup.
 *
 * The import streams too: the document's outline (the top-level object, the
 * tables object, each table's array) is scanned here, one byte at a time with
 * line and column counted, and each value in it — a row, a name, a header
 * field — is cut out and parsed by jansson. Memory holds one row at a time
 * (at most TRANSFER_ROW_MAX bytes of its text), so a workspace of any size
 * imports in the same space. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "app/internal.h"
#include "core/json.h"
#include "core/mem.h"
#include "core/timeutil.h"
#include "core/utf8.h"

enum { EXPORT_FLUSH_BYTES = 256 * 1024, READ_CHUNK = 64 * 1024, SCALAR_MAX = 64 };

/* Appends " (id 5)" or " (idea_id 3, user_id 7)": a row's key, for messages. */
static void key_text(buf *b, const struct xfer_table *t, const struct xfer_value *v) {
  buf_puts(b, " (");
  for (size_t p = 0; p < t->npk; p++) {
    buf_printf(b, "%s%s ", p ? ", " : "", t->cols[p].name);
    if (t->cols[p].type == XT_TEXT) buf_printf(b, "\"%.*s\"", (int)(v[p].len < 40 ? v[p].len : 40), v[p].s);
    else buf_printf(b, "%lld", (long long)v[p].i);
  }
  buf_puts(b, ")");
}

/* ---- export ---- */

struct exporter {
  struct app *x;
  const struct transfer_sink *out;
  buf b;
  int64_t rows; /* of the current table */
  transfer_progress progress;
  void *ctx;
};

/* Hands the buffered text to the sink once it holds at least at_least bytes. */
static int ex_flush(struct exporter *c, size_t at_least) {
  if (c->b.overflow) return err_set(c->x->e, KEEL_ETOOBIG, NULL, "a row is too large to export");
  if (c->b.len == 0 || c->b.len < at_least) return KEEL_OK;
  if (c->out->write(c->out->ctx, c->b.data, c->b.len) != 0)
    return err_set(c->x->e, KEEL_EIO, NULL, "cannot write the export");
  buf_reset(&c->b);
  return KEEL_OK;
}

static int ex_row(void *ctx, const struct xfer_table *t, const struct xfer_value *v) {
  struct exporter *c = ctx;
  buf *b = &c->b;
  buf_puts(b, c->rows ? ",\n{" : "\n{");
  for (size_t i = 0; i < t->ncols; i++) {
    if (i) buf_putc(b, ',');
    buf_putc(b, '"');
    buf_puts(b, t->cols[i].name);
    buf_puts(b, "\":");
    if (v[i].null) {
      buf_puts(b, "null");
      continue;
    }
    switch (t->cols[i].type) {
    case XT_INT: buf_printf(b, "%lld", (long long)v[i].i); break;
    case XT_REAL: buf_json_num(b, v[i].d); break;
    case XT_TEXT:
      if (!utf8_valid(v[i].s, v[i].len)) {
        buf where;
        buf_init(&where, 0);
        key_text(&where, t, v);
        err_set(c->x->e, KEEL_EINVAL, NULL, "%s%s: %s is not valid UTF-8 text, so it cannot be exported as JSON",
                t->name, buf_cstr(&where), t->cols[i].name);
        buf_free(&where);
        return KEEL_EINVAL;
      }
      buf_putc(b, '"');
      buf_json_escape(b, v[i].s, v[i].len);
      buf_putc(b, '"');
      break;
    }
  }
  buf_putc(b, '}');
  c->rows++;
  if (c->progress && c->rows % TRANSFER_PROGRESS_ROWS == 0) c->progress(c->ctx, t->name, c->rows, 0);
  return ex_flush(c, EXPORT_FLUSH_BYTES);
}

int app_workspace_export(struct app *x, const struct transfer_sink *out, transfer_progress progress, void *ctx,
                         struct transfer_stats *st) {
  struct transfer_stats stats = {0, 0};
  if (st) *st = stats;
  int rc = app_require(x, CAP_ADMIN, "export the workspace");
  if (rc) return rc;
  rc = db_begin_read(x->db, x->e);
  if (rc) return rc;
  struct exporter c = {.x = x, .out = out, .progress = progress, .ctx = ctx};
  buf_init(&c.b, 0);
  char iso[TIME_ISO_LEN];
  time_iso(x->now, iso);
  buf_printf(&c.b, "{\"keel_export\":1,\"schema\":%d,\"exported_at\":\"%s\",\"tables\":{", db_schema_version(x->db),
             iso);
  size_t n;
  const struct xfer_table *t = store_xfer_tables(&n);
  for (size_t i = 0; i < n && !rc; i++) {
    int exists = 0;
    rc = store_xfer_present(x->db, &t[i], &exists, x->e);
    if (rc || !exists) continue;
    buf_printf(&c.b, "%s\n\"%s\":[", stats.tables ? "," : "", t[i].name);
    c.rows = 0;
    rc = store_xfer_scan(x->db, &t[i], ex_row, &c, x->e);
    if (rc) break;
    buf_puts(&c.b, c.rows ? "\n]" : "]");
    stats.tables++;
    stats.rows += c.rows;
    if (progress) progress(ctx, t[i].name, c.rows, 1);
  }
  if (!rc) {
    buf_puts(&c.b, "\n}}\n");
    rc = ex_flush(&c, 0);
  }
  app_snapshot_end(x);
  buf_free(&c.b);
  if (st) *st = stats;
  return rc;
}

/* ---- import: reading the document ---- */

struct reader {
  FILE *f;
  const char *name; /* the file, for messages */
  unsigned char *chunk;
  size_t pos, len;
  int eof, ioerr;
  long line, col; /* of the next character; columns count characters, as jansson's do */
  buf val;        /* the text of the value being read */
  struct keel_err *e;
};

static int rd_peek(struct reader *r) {
  if (r->pos == r->len) {
    if (r->eof) return EOF;
    r->len = fread(r->chunk, 1, READ_CHUNK, r->f);
    r->pos = 0;
    if (r->len == 0) {
      r->eof = 1;
      r->ioerr = ferror(r->f) != 0;
      return EOF;
    }
  }
  return r->chunk[r->pos];
}

static int rd_next(struct reader *r) {
  int c = rd_peek(r);
  if (c == EOF) return EOF;
  r->pos++;
  if (c == '\n') {
    r->line++;
    r->col = 1;
  } else if ((c & 0xC0) != 0x80) {
    r->col++;
  }
  return c;
}

static void rd_ws(struct reader *r) {
  for (int c = rd_peek(r); c == ' ' || c == '\t' || c == '\n' || c == '\r'; c = rd_peek(r)) rd_next(r);
}

static int rd_fail(struct reader *r, long line, long col, int rc, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static int rd_fail(struct reader *r, long line, long col, int rc, const char *fmt, ...) {
  char msg[KEEL_ERR_MSG_MAX];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  return err_set(r->e, rc, NULL, "%s, line %ld, column %ld: %s", r->name, line, col, msg);
}

/* The file ended (or could not be read) where more was due. */
static int rd_fail_end(struct reader *r, const char *want) {
  if (r->ioerr) return err_set(r->e, KEEL_EIO, NULL, "cannot read %s", r->name);
  return rd_fail(r, r->line, r->col, KEEL_EPARSE, "the file ends where %s should be (is it cut short?)", want);
}

/* Describes the next character for "expected X, found Y" messages. */
static const char *rd_found(struct reader *r, char tmp[24]) {
  int c = rd_peek(r);
  if (c == EOF) return "the end of the file";
  if (c >= 0x20 && c < 0x7f) snprintf(tmp, 24, "'%c'", c);
  else snprintf(tmp, 24, "byte %d", c);
  return tmp;
}

static int rd_expect(struct reader *r, int ch, const char *what) {
  rd_ws(r);
  int c = rd_peek(r);
  if (c == ch) {
    rd_next(r);
    return KEEL_OK;
  }
  if (c == EOF) return rd_fail_end(r, what);
  char tmp[24];
  return rd_fail(r, r->line, r->col, KEEL_EPARSE, "expected %s, found %s", what, rd_found(r, tmp));
}

static int rd_take(struct reader *r, int c) {
  buf_putc(&r->val, c);
  if (r->val.len > TRANSFER_ROW_MAX)
    return err_set(r->e, KEEL_ETOOBIG, NULL, "%s, line %ld: a value longer than %d MiB", r->name, r->line,
                   TRANSFER_ROW_MAX / (1024 * 1024));
  return KEEL_OK;
}

/* Cuts the next JSON value out of the stream into r->val (noting where it
 * starts) and parses it with jansson into *out (caller json_decref()s it).
 * Brackets are matched outside strings; jansson checks everything else. */
static int rd_value(struct reader *r, const char *want, json_t **out, long *line, long *col) {
  *out = NULL;
  rd_ws(r);
  *line = r->line;
  *col = r->col;
  buf_reset(&r->val);
  int c = rd_peek(r), rc = KEEL_OK;
  if (c == EOF) return rd_fail_end(r, want);
  if (c == '{' || c == '[') {
    int depth = 0, in_str = 0, esc = 0;
    do {
      c = rd_next(r);
      if (c == EOF) return rd_fail_end(r, in_str ? "the end of a string" : depth > 0 ? "a closing } or ]" : want);
      if ((rc = rd_take(r, c))) return rc;
      if (in_str) {
        if (esc) esc = 0;
        else if (c == '\\') esc = 1;
        else if (c == '"') in_str = 0;
      } else if (c == '"') {
        in_str = 1;
      } else if (c == '{' || c == '[') {
        depth++;
      } else if (c == '}' || c == ']') {
        depth--;
      }
    } while (depth > 0);
  } else if (c == '"') {
    int esc = 0;
    rd_next(r);
    if ((rc = rd_take(r, c))) return rc;
    for (;;) {
      c = rd_next(r);
      if (c == EOF) return rd_fail_end(r, "the end of a string");
      if ((rc = rd_take(r, c))) return rc;
      if (esc) esc = 0;
      else if (c == '\\') esc = 1;
      else if (c == '"') break;
    }
  } else {
    while (c != EOF && !strchr(",:]} \t\r\n{[\"", c)) {
      if (r->val.len >= SCALAR_MAX) return rd_fail(r, *line, *col, KEEL_EPARSE, "a value that is too long");
      buf_putc(&r->val, rd_next(r));
      c = rd_peek(r);
    }
    if (r->val.len == 0) {
      char tmp[24];
      return rd_fail(r, *line, *col, KEEL_EPARSE, "expected %s, found %s", want, rd_found(r, tmp));
    }
  }
  json_error_t je;
  json_t *v = json_loadb(r->val.data, r->val.len, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, &je);
  if (!v) {
    long l = *line, k = *col;
    if (je.line > 0) {
      l = *line + je.line - 1;
      k = je.line == 1 ? *col + (je.column > 0 ? je.column - 1 : 0) : je.column;
    }
    return rd_fail(r, l, k, KEEL_EPARSE, "malformed JSON: %s", json_error_words(&je));
  }
  *out = v;
  return KEEL_OK;
}

/* Steps through an object's members: after '{' (*first set) or after a
 * member's value. Returns KEEL_OK with the member's name in *key (a JSON
 * string the caller json_decref()s) and the ':' read, or with *key NULL at
 * the closing '}'. On error *key is NULL: nothing is left to release. */
static int rd_member(struct reader *r, int *first, json_t **key, long *line, long *col) {
  *key = NULL;
  rd_ws(r);
  int c = rd_peek(r);
  if (c == '}') {
    rd_next(r);
    return KEEL_OK;
  }
  if (!*first) {
    if (c == EOF) return rd_fail_end(r, "',' or '}'");
    if (c != ',') {
      char tmp[24];
      return rd_fail(r, r->line, r->col, KEEL_EPARSE, "expected ',' or '}' after a value, found %s", rd_found(r, tmp));
    }
    rd_next(r);
  }
  *first = 0;
  int rc = rd_value(r, "a name in quotes", key, line, col);
  if (rc) return rc;
  if (!json_is_string(*key)) {
    json_decref(*key);
    *key = NULL;
    return rd_fail(r, *line, *col, KEEL_EPARSE, "expected a name in quotes");
  }
  rc = rd_expect(r, ':', "':' after a name");
  if (rc) {
    json_decref(*key);
    *key = NULL;
  }
  return rc;
}

/* Steps through an array: after '[' (*first set) or after an element. Sets
 * *more when an element follows (the caller reads it), 0 at the closing ']'. */
static int rd_element(struct reader *r, int *first, int *more) {
  *more = 0;
  rd_ws(r);
  int c = rd_peek(r);
  if (c == ']') {
    rd_next(r);
    return KEEL_OK;
  }
  if (!*first) {
    if (c == EOF) return rd_fail_end(r, "',' or ']'");
    if (c != ',') {
      char tmp[24];
      return rd_fail(r, r->line, r->col, KEEL_EPARSE, "expected ',' or ']' after a row, found %s", rd_found(r, tmp));
    }
    rd_next(r);
  }
  *first = 0;
  *more = 1;
  return KEEL_OK;
}

/* ---- import: the rows ---- */

/* A reference to a later row of the same table, set once that row exists. */
struct forward_ref {
  int64_t id, ref, rowno;
  long line, col;
};

struct importer {
  struct app *x;
  struct reader *r;
  int schema;  /* the file's */
  int latest;  /* this keel's (the workspace was just brought up to it) */
  transfer_progress progress;
  void *ctx;
  struct transfer_stats stats;
  unsigned char seen[64];    /* per table of store_xfer_tables() */
  unsigned char present[64]; /* the workspace has it */
  struct forward_ref *fw;
  size_t nfw, capfw;
  /* The batch of checked rows waiting to be inserted. Text values point into
   * the rows' JSON, which is kept until the batch is written. */
  size_t nb;
  json_t *brow[XFER_BATCH_ROWS];
  int64_t bno[XFER_BATCH_ROWS];
  long bline[XFER_BATCH_ROWS], bcol[XFER_BATCH_ROWS];
  struct xfer_value *bval; /* XFER_BATCH_ROWS rows of t->ncols values */
};

static const char *json_kind(const json_t *v) {
  switch (json_typeof(v)) {
  case JSON_OBJECT: return "an object";
  case JSON_ARRAY: return "a list";
  case JSON_STRING: return "text";
  case JSON_INTEGER: return "an integer";
  case JSON_REAL: return "a fractional number";
  case JSON_TRUE:
  case JSON_FALSE: return "true or false";
  case JSON_NULL: return "null";
  }
  return "a value";
}

static const char *type_want(enum xfer_type t) {
  switch (t) {
  case XT_INT: return "an integer";
  case XT_REAL: return "a number";
  case XT_TEXT: return "text";
  }
  return "a value";
}

/* Writes "features row 17 (id 123)" into out, from the row's key columns as
 * far as they are there. */
static void row_name(char *out, size_t cap, const struct xfer_table *t, int64_t rowno, json_t *obj) {
  buf b;
  buf_init(&b, 0);
  buf_printf(&b, "%s row %lld", t->name, (long long)rowno);
  if (json_is_object(obj)) {
    int any = 0;
    for (size_t p = 0; p < t->npk; p++) {
      json_t *v = json_object_get(obj, t->cols[p].name);
      if (json_is_integer(v))
        buf_printf(&b, "%s%s %lld", any++ ? ", " : " (", t->cols[p].name, (long long)json_integer_value(v));
      else if (json_is_string(v))
        buf_printf(&b, "%s%s \"%s\"", any++ ? ", " : " (", t->cols[p].name, json_string_value(v));
    }
    if (any) buf_putc(&b, ')');
  }
  snprintf(out, cap, "%s", buf_cstr(&b));
  buf_free(&b);
}

/* Wraps the error in x->e with where the row is: its first line, without
 * PostgreSQL's "ERROR:" (the DETAIL lines after it repeat the whole row). */
static int row_fail(struct importer *m, long line, long col, int rc) {
  char msg[KEEL_ERR_MSG_MAX];
  snprintf(msg, sizeof msg, "%s", m->x->e->msg);
  char *nl = strchr(msg, '\n');
  if (nl) *nl = '\0';
  char *sev = strstr(msg, "ERROR:  ");
  if (sev) memmove(sev, sev + 8, strlen(sev + 8) + 1);
  return rd_fail(m->r, line, col, rc, "%s", msg);
}

/* Writes the batch: one statement for all its rows; when that fails, the
 * rows again one by one (after returning to the savepoint) to name the one
 * at fault. */
static int flush_batch(struct importer *m, const struct xfer_insert *ins) {
  if (m->nb == 0) return KEEL_OK;
  const struct xfer_table *t = ins->t;
  db *d = m->x->db;
  int rc = store_xfer_savepoint(d, m->x->e);
  if (rc) goto out;
  rc = store_xfer_insert_many(d, ins, m->bval, m->nb, m->x->e);
  if (rc) {
    struct keel_err first = *m->x->e;
    if (store_xfer_rollback_to(d, m->x->e)) {
      *m->x->e = first;
      rc = row_fail(m, m->bline[0], m->bcol[0], first.rc);
      goto out;
    }
    rc = KEEL_OK;
    for (size_t i = 0; i < m->nb && !rc; i++) {
      char what[200];
      row_name(what, sizeof what, t, m->bno[i], m->brow[i]);
      rc = store_xfer_insert(d, ins, &m->bval[i * t->ncols], what, m->x->e);
      if (rc) rc = row_fail(m, m->bline[i], m->bcol[i], rc);
    }
  }
  if (!rc) rc = store_xfer_release(d, m->x->e);
out:
  for (size_t i = 0; i < m->nb; i++) json_decref(m->brow[i]);
  m->nb = 0;
  return rc;
}

/* Checks one row against the table's columns and adds it to the batch
 * (taking a reference to obj), writing the batch when it is full. */
static int import_row(struct importer *m, const struct xfer_insert *ins, json_t *obj, int64_t rowno, long line,
                      long col) {
  const struct xfer_table *t = ins->t;
  struct reader *r = m->r;
  char what[200];
  if (!json_is_object(obj)) {
    row_name(what, sizeof what, t, rowno, obj);
    return rd_fail(r, line, col, KEEL_EINVAL, "%s: a row must be an object, not %s", what, json_kind(obj));
  }
  const char *key;
  json_t *val;
  json_object_foreach(obj, key, val) {
    size_t i;
    for (i = 0; i < t->ncols; i++)
      if (strcmp(t->cols[i].name, key) == 0) break;
    if (i == t->ncols) {
      row_name(what, sizeof what, t, rowno, obj);
      return rd_fail(r, line, col, KEEL_EUNKNOWN, "%s: unknown column \"%s\"", what, key);
    }
  }
  struct xfer_value *v = &m->bval[m->nb * t->ncols];
  memset(v, 0, t->ncols * sizeof *v);
  for (size_t i = 0; i < t->ncols; i++) {
    const struct xfer_column *c = &t->cols[i];
    json_t *j = json_object_get(obj, c->name);
    int ok = 1;
    if (!j && c->since > m->schema) { /* added after the export's schema: its default */
      v[i].null = c->nullable;
      v[i].s = "";
      continue;
    }
    if (!j) {
      row_name(what, sizeof what, t, rowno, obj);
      return rd_fail(r, line, col, KEEL_EINVAL, "%s: column \"%s\" is missing", what, c->name);
    }
    if (json_is_null(j)) {
      v[i].null = 1;
      ok = c->nullable;
    } else if (c->type == XT_INT) {
      ok = json_is_integer(j);
      v[i].i = ok ? (int64_t)json_integer_value(j) : 0;
    } else if (c->type == XT_REAL) {
      ok = json_is_number(j);
      v[i].d = ok ? json_number_value(j) : 0;
    } else {
      ok = json_is_string(j);
      v[i].s = ok ? json_string_value(j) : NULL;
      v[i].len = ok ? json_string_length(j) : 0;
    }
    if (!ok) {
      row_name(what, sizeof what, t, rowno, obj);
      return rd_fail(r, line, col, KEEL_EINVAL, "%s: column \"%s\" must be %s%s, not %s", what, c->name,
                     type_want(c->type), c->nullable ? " or null" : "", json_kind(j));
    }
  }
  /* The schema version is the workspace's own; the file's must agree with its header. */
  if (strcmp(t->name, "meta") == 0 && strcmp(v[0].s, "schema_version") == 0) {
    char want[16];
    snprintf(want, sizeof want, "%d", m->schema);
    if (strcmp(v[1].s, want) == 0) return KEEL_OK;
    row_name(what, sizeof what, t, rowno, obj);
    return rd_fail(r, line, col, KEEL_EINVAL, "%s: schema_version is \"%s\" but the file's header says schema %d",
                   what, v[1].s, m->schema);
  }
  /* A reference to a later row of the same table points at the row itself
   * until that row exists. */
  if (t->self_ref) {
    for (size_t i = 0; i < t->ncols; i++) {
      if (strcmp(t->cols[i].name, t->self_ref) != 0 || v[i].null || v[i].i <= v[0].i) continue;
      if (m->nfw == m->capfw) {
        m->capfw = m->capfw ? m->capfw * 2 : 64;
        m->fw = xrealloc(m->fw, m->capfw * sizeof *m->fw);
      }
      m->fw[m->nfw++] = (struct forward_ref){v[0].i, v[i].i, rowno, line, col};
      v[i].i = v[0].i;
    }
  }
  m->brow[m->nb] = json_incref(obj);
  m->bno[m->nb] = rowno;
  m->bline[m->nb] = line;
  m->bcol[m->nb] = col;
  m->nb++;
  return m->nb == XFER_BATCH_ROWS ? flush_batch(m, ins) : KEEL_OK;
}

/* Sets the forward references recorded while t's rows went in. */
static int apply_forward_refs(struct importer *m, const struct xfer_table *t) {
  for (size_t i = 0; i < m->nfw; i++) {
    const struct forward_ref *f = &m->fw[i];
    char what[200];
    snprintf(what, sizeof what, "%s row %lld (id %lld): %s %lld", t->name, (long long)f->rowno, (long long)f->id,
             t->self_ref, (long long)f->ref);
    int rc = store_xfer_set_self_ref(m->x->db, t, f->id, f->ref, what, m->x->e);
    if (rc) {
      char msg[KEEL_ERR_MSG_MAX];
      snprintf(msg, sizeof msg, "%s", m->x->e->msg);
      return rd_fail(m->r, f->line, f->col, rc, "%s", msg);
    }
  }
  m->nfw = 0;
  return KEEL_OK;
}

/* Reads one table's array of rows and inserts them. */
static int import_table(struct importer *m, const struct xfer_table *t) {
  struct reader *r = m->r;
  char want[80];
  snprintf(want, sizeof want, "'[' opening the rows of %s", t->name);
  int rc = rd_expect(r, '[', want);
  if (rc) return rc;
  struct xfer_insert ins;
  store_xfer_insert_begin(&ins, t);
  int first = 1, more = 0;
  int64_t rowno = 0;
  while (!(rc = rd_element(r, &first, &more)) && more) {
    json_t *row;
    long line, col;
    rc = rd_value(r, "a row", &row, &line, &col);
    if (rc) break;
    rowno++;
    rc = import_row(m, &ins, row, rowno, line, col);
    json_decref(row);
    if (rc) break;
    if (m->progress && rowno % TRANSFER_PROGRESS_ROWS == 0) m->progress(m->ctx, t->name, rowno, 0);
  }
  if (!rc) rc = flush_batch(m, &ins);
  for (size_t i = 0; i < m->nb; i++) json_decref(m->brow[i]); /* after an error */
  m->nb = 0;
  store_xfer_insert_end(&ins);
  if (!rc) rc = apply_forward_refs(m, t);
  if (rc) return rc;
  m->stats.tables++;
  m->stats.rows += rowno;
  if (m->progress) m->progress(m->ctx, t->name, rowno, 1);
  return KEEL_OK;
}

/* Tables go in in the list's order (each refers only to earlier ones):
 * returns the first table before ti the file should have had by now, or ti. */
static size_t earlier_missing(const struct importer *m, const struct xfer_table *tables, size_t ti) {
  for (size_t j = 0; j < ti; j++)
    if (m->present[j] && !m->seen[j] && tables[j].since <= m->schema) return j;
  return ti;
}

static int import_tables(struct importer *m) {
  struct reader *r = m->r;
  size_t n;
  const struct xfer_table *tables = store_xfer_tables(&n);
  int rc = rd_expect(r, '{', "'{' opening the tables");
  int first = 1;
  while (!rc) {
    json_t *key;
    long line, col;
    rc = rd_member(r, &first, &key, &line, &col);
    if (rc || !key) break;
    const char *name = json_string_value(key);
    const struct xfer_table *t = store_xfer_table(name);
    size_t ti = t ? (size_t)(t - tables) : 0, missing;
    if (!t) {
      int ephemeral = strcmp(name, "sessions") == 0 || strcmp(name, "login_failures") == 0;
      rc = rd_fail(r, line, col, KEEL_EUNKNOWN, "unknown table \"%s\"%s", name,
                   ephemeral ? " (sessions and sign-in failures are not part of an export)" : "");
    } else if (!m->present[ti]) {
      rc = rd_fail(r, line, col, KEEL_EUNKNOWN, "table \"%s\" does not exist in this workspace (schema %d)", name,
                   m->latest);
    } else if (m->seen[ti]) {
      rc = rd_fail(r, line, col, KEEL_EPARSE, "table \"%s\" appears twice", name);
    } else if ((missing = earlier_missing(m, tables, ti)) < ti) {
      buf order;
      buf_init(&order, 0);
      for (size_t i = 0; i < n; i++) buf_printf(&order, "%s%s", i ? ", " : "", tables[i].name);
      rc = rd_fail(r, line, col, KEEL_EINVAL,
                   "table \"%s\" comes before \"%s\"; tables must be in the order keel export writes them (%s)",
                   name, tables[missing].name, buf_cstr(&order));
      buf_free(&order);
    } else {
      m->seen[ti] = 1;
      rc = import_table(m, t);
    }
    json_decref(key);
  }
  return rc;
}

/* Reads a header value that must be an integer. */
static int header_int(struct importer *m, const char *field, int64_t *out, long *line, long *col) {
  json_t *v;
  int rc = rd_value(m->r, "a number", &v, line, col);
  if (rc) return rc;
  int ok = json_is_integer(v);
  *out = ok ? (int64_t)json_integer_value(v) : 0;
  if (!ok) rc = rd_fail(m->r, *line, *col, KEEL_EINVAL, "\"%s\" must be an integer, not %s", field, json_kind(v));
  json_decref(v);
  return rc;
}

static int import_document(struct importer *m) {
  struct reader *r = m->r;
  rd_ws(r);
  if (rd_peek(r) == EOF && !r->ioerr)
    return err_set(m->x->e, KEEL_EPARSE, NULL, "%s is empty: it is not a Keel export", r->name);
  int rc = rd_expect(r, '{', "'{' (a Keel export is a JSON object)");
  int first = 1, magic = 0, tables = 0;
  m->schema = 0;
  while (!rc) {
    json_t *key;
    long line, col, vline, vcol;
    rc = rd_member(r, &first, &key, &line, &col);
    if (rc || !key) break;
    const char *name = json_string_value(key);
    int64_t n = 0;
    if (strcmp(name, "keel_export") == 0) {
      rc = header_int(m, name, &n, &vline, &vcol);
      if (!rc && n != 1)
        rc = rd_fail(r, vline, vcol, KEEL_EINVAL, "keel_export is %lld; this keel reads format 1", (long long)n);
      magic = 1;
    } else if (strcmp(name, "schema") == 0) {
      rc = header_int(m, name, &n, &vline, &vcol);
      if (!rc && n > m->latest)
        rc = rd_fail(r, vline, vcol, KEEL_EINVAL,
                     "the export is of schema %lld, newer than this keel's (%d); import it with a newer keel",
                     (long long)n, m->latest);
      else if (!rc && n < 1)
        rc = rd_fail(r, vline, vcol, KEEL_EINVAL, "schema %lld does not exist", (long long)n);
      m->schema = (int)n;
    } else if (strcmp(name, "exported_at") == 0) {
      json_t *v;
      rc = rd_value(r, "text", &v, &vline, &vcol);
      if (!rc && !json_is_string(v))
        rc = rd_fail(r, vline, vcol, KEEL_EINVAL, "\"exported_at\" must be text, not %s", json_kind(v));
      json_decref(v);
    } else if (strcmp(name, "tables") == 0) {
      if (!magic || !m->schema)
        rc = rd_fail(r, line, col, KEEL_EINVAL, "\"keel_export\" and \"schema\" must come before \"tables\"");
      else if (tables)
        rc = rd_fail(r, line, col, KEEL_EPARSE, "\"tables\" appears twice");
      else
        rc = import_tables(m);
      tables = 1;
    } else {
      rc = rd_fail(r, line, col, KEEL_EUNKNOWN, "unknown field \"%s\" (an export has keel_export, schema, "
                   "exported_at and tables)", name);
    }
    json_decref(key);
  }
  if (rc) return rc;
  if (!magic) return err_set(m->x->e, KEEL_EINVAL, NULL, "%s is not a Keel export (no \"keel_export\")", r->name);
  if (!tables) return err_set(m->x->e, KEEL_EINVAL, NULL, "%s has no \"tables\"", r->name);
  rd_ws(r);
  if (rd_peek(r) != EOF)
    return rd_fail(r, r->line, r->col, KEEL_EPARSE, "unexpected text after the end of the export");
  if (r->ioerr) return err_set(m->x->e, KEEL_EIO, NULL, "cannot read %s", r->name);
  size_t n;
  const struct xfer_table *t = store_xfer_tables(&n);
  for (size_t i = 0; i < n; i++)
    if (m->present[i] && !m->seen[i] && t[i].since <= m->schema)
      return err_set(m->x->e, KEEL_EINVAL, NULL, "%s: the export has no \"%s\" table (schema %d has one)", r->name,
                     t[i].name, m->schema);
  return KEEL_OK;
}

int app_workspace_import(struct app *x, FILE *in, const char *name, transfer_progress progress, void *ctx,
                         struct transfer_stats *st) {
  struct transfer_stats zero = {0, 0};
  if (st) *st = zero;
  int rc = app_require(x, CAP_ADMIN, "import a workspace");
  if (rc) return rc;
  size_t n;
  const struct xfer_table *tables = store_xfer_tables(&n);
  struct importer m = {.x = x, .progress = progress, .ctx = ctx};
  if (n > sizeof m.seen) return err_set(x->e, KEEL_EINTERNAL, NULL, "too many tables");
  rc = app_begin(x);
  if (rc) return rc;
  const char *full = NULL;
  rc = store_xfer_first_nonempty(x->db, &full, x->e);
  if (!rc && full)
    rc = err_set(x->e, KEEL_ECONFLICT, NULL,
                 "this workspace is not empty (it has %s); import into a new one: keel --db NEW.db "
                 "import-workspace FILE, or a new PostgreSQL database (createdb)",
                 strcmp(full, "audit") == 0 ? "history" : full);
  for (size_t i = 0; i < n && !rc; i++) {
    int exists = 0;
    rc = store_xfer_present(x->db, &tables[i], &exists, x->e);
    m.present[i] = (unsigned char)exists;
    /* A server already running on the new workspace may have queued its
     * housekeeping: the imported queue replaces it. */
    if (!rc && exists && tables[i].replace) rc = store_xfer_clear(x->db, &tables[i], x->e);
  }
  struct reader *r = NULL;
  if (!rc) {
    m.latest = db_schema_version(x->db);
    r = xcalloc(1, sizeof *r);
    r->f = in;
    r->name = name;
    r->chunk = xmalloc(READ_CHUNK);
    r->line = 1;
    r->col = 1;
    r->e = x->e;
    buf_init(&r->val, TRANSFER_ROW_MAX + 2);
    m.r = r;
    m.bval = xmalloc(XFER_BATCH_ROWS * XFER_MAX_COLS * sizeof *m.bval);
    rc = import_document(&m);
  }
  for (size_t i = 0; i < n && !rc; i++)
    if (m.present[i]) rc = store_xfer_reset_ids(x->db, &tables[i], x->e);
  rc = app_finish(x, rc);
  if (r) {
    buf_free(&r->val);
    free(r->chunk);
    free(r);
  }
  free(m.fw);
  free(m.bval);
  if (st && !rc) *st = m.stats;
  return rc;
}

/* ---- backup ---- */

int app_workspace_backup(struct app *x, const char *dest, struct store_backup *b) {
  int rc = app_require(x, CAP_ADMIN, "back up the workspace");
  if (rc) return rc;
  return store_backup(x->db, dest, b, x->e);
}
