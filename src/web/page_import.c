/* page_import.c — importing feedback from a file in the browser: upload
 * (/feedback/import), choose which column is which (the mapping step, over
 * the header and the first rows), then import (/feedback/import/run) and see
 * the counts, with the rejected rows to download. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "app/import.h"
#include "web/handlers.h"
#include "web/html.h"
#include "web/upload.h"

enum {
  REJECTS_INLINE_MAX = 1024 * 1024, /* bytes of rejected rows offered for download on the page */
  PREVIEW_CELL_MAX = 120,           /* characters of a cell shown in the preview */
};

/* The targets the mapping step offers for feedback, in this order. */
static const enum import_target fb_targets[] = {IT_TEXT,      IT_CUSTOMER, IT_CONTACT, IT_EMAIL, IT_DATE,
                                                IT_CHANNEL,   IT_REFERENCE, IT_TAGS,   IT_PRODUCT, IT_ATTRIBUTES};
static const char *const fb_target_labels[] = {"Text (what was said)", "Customer", "Contact name", "Contact e-mail",
                                               "Date", "Channel", "Reference", "Tags", "Product", "Attributes (JSON)"};
enum { FB_TARGETS = sizeof fb_targets / sizeof fb_targets[0] };

static const char *const channel_values[] = {"support", "survey", "interview", "sales_call", "review", "chat", "email", "other"};
static const char *const channel_labels[] = {"Support", "Survey", "Interview", "Sales call", "Review", "Chat", "E-mail", "Other"};

/* Returns a form field, or NULL when the form has none (form_get gives ""). */
static const char *field(struct req *r, const char *name) {
  return r->form_parsed ? kv_get(&r->form, name) : NULL;
}

static void upload_form(struct req *r) {
  buf *b = &r->out;
  html_printf(b, "<form method=\"post\" action=\"/feedback/import\" enctype=\"multipart/form-data\" class=\"import-upload\">");
  html_csrf(r);
  html_printf(b, "<label>CSV or TSV file <input type=\"file\" name=\"file\" accept=\".csv,.tsv,.txt,text/csv,"
                 "text/tab-separated-values\" required></label>"
                 "<label class=\"check\"><input type=\"checkbox\" name=\"no_quotes\" value=\"1\"> Quotes are plain text "
                 "(a tab-separated export that never quotes, like Google Forms')</label>"
                 "<button type=\"submit\">Upload and choose columns</button></form>");
}

int page_import_form(struct req *r) {
  int64_t max;
  int rc = app_import_max_bytes(&r->x, &max);
  if (rc) return rc;
  page_begin(r, "Import feedback", "feedback");
  html_printf(&r->out, "<h1>Import feedback</h1><p class=\"lead\">Upload a CSV or TSV file (a survey's answers, a support "
                       "tool's export): you then say which column holds the text, the customer, the date and the rest, "
                       "and see the first rows before anything is imported. Files up to %lld MiB.</p>",
              (long long)(max >> 20));
  upload_form(r);
  page_end(r, 200);
  return KEEL_OK;
}

/* Guesses the column of target t from the header (a header named like it). */
static int guess(const char *const *header, size_t n, enum import_target t) {
  const char *name = import_target_name(t);
  for (size_t i = 0; i < n; i++)
    if (strcasecmp(header[i], name) == 0 ||
        (t == IT_DATE && (strcasecmp(header[i], "received_at") == 0 || strcasecmp(header[i], "timestamp") == 0)) ||
        (t == IT_EMAIL && strcasecmp(header[i], "contact_email") == 0))
      return (int)i;
  return -1;
}

/* The mapping step: the header, the first rows, a select per target. */

/* The 0-based column a resent form chose ("1" is the first), or -1 for none
 * or anything that is not a column of the nh in the header. */
static int column_sent(const char *sent, size_t nh) {
  char *end;
  errno = 0;
  long v = strtol(sent, &end, 10);
  if (!*sent || *end || errno || v < 1 || (size_t)v > nh) return -1;
  return (int)(v - 1);
}
static int mapping_page(struct req *r, const char *token, const char *name, int no_quotes, const struct keel_err *err) {
  int64_t size;
  FILE *f = upload_open_kept(r, token, &size);
  if (!f) return KEEL_ENOTFOUND;
  const char **header, **rows;
  size_t nh, nr;
  int delim;
  int rc = app_import_preview(&r->x, f, no_quotes, &header, &nh, &rows, &nr, &delim);
  fclose(f);
  if (rc && !header) return rc == KEEL_EPARSE || rc == KEEL_ETOOBIG ? KEEL_EINVAL : rc;
  struct keel_err preview_err = r->e;
  buf *b = &r->out;
  page_begin(r, "Import feedback: choose columns", "feedback");
  html_printf(b, "<h1>Import feedback: choose columns</h1><p class=\"lead\">%h: %lld bytes, %h-separated, %lld columns. "
                 "Say which column holds what; nothing is imported until you press Import.</p>",
              name, (long long)size, delim == '\t' ? "tab" : "comma", (long long)nh);
  if (err) html_form_error(r, err);
  if (rc) html_form_error(r, &preview_err);
  html_printf(b, "<div class=\"table-scroll\"><table class=\"import-preview\"><thead><tr><th>#</th>");
  for (size_t i = 0; i < nh; i++) html_printf(b, "<th>%lld. %h</th>", (long long)(i + 1), header[i]);
  html_printf(b, "</tr></thead><tbody>");
  for (size_t k = 0; k < nr; k++) {
    html_printf(b, "<tr><td>%lld</td>", (long long)(k + 1));
    for (size_t i = 0; i < nh; i++) {
      const char *c = rows[k * nh + i];
      size_t len = strlen(c);
      html_printf(b, "<td>%h%h</td>", len > PREVIEW_CELL_MAX ? arena_strndup(r->a, c, PREVIEW_CELL_MAX) : c,
                  len > PREVIEW_CELL_MAX ? "…" : "");
    }
    html_printf(b, "</tr>");
  }
  html_printf(b, "</tbody></table></div>");
  html_printf(b, "<form method=\"post\" action=\"/feedback/import/run\" class=\"import-map\">");
  html_csrf(r);
  html_printf(b, "<input type=\"hidden\" name=\"upload\" value=\"%a\"><input type=\"hidden\" name=\"name\" value=\"%a\">"
                 "<input type=\"hidden\" name=\"no_quotes\" value=\"%a\"><fieldset><legend>Columns</legend>",
              token, name, no_quotes ? "1" : "");
  for (size_t t = 0; t < FB_TARGETS; t++) {
    const char *target = import_target_name(fb_targets[t]);
    const char *sent = err ? field(r, arena_printf(r->a, "map_%s", target)) : NULL;
    int sel = sent ? column_sent(sent, nh) : guess(header, nh, fb_targets[t]);
    html_printf(b, "<label>%h <select name=\"map_%a\"%a><option value=\"\">—</option>", fb_target_labels[t], target,
                fb_targets[t] == IT_TEXT ? " required" : "");
    for (size_t i = 0; i < nh; i++)
      html_printf(b, "<option value=\"%lld\"%a>%lld. %h</option>", (long long)(i + 1), (int)i == sel ? " selected" : "",
                  (long long)(i + 1), header[i]);
    html_printf(b, "</select></label>");
  }
  html_printf(b, "</fieldset><fieldset><legend>Keep with each item <small>(in its attributes)</small></legend>");
  for (size_t i = 0; i < nh; i++)
    html_printf(b, "<label class=\"check\"><input type=\"checkbox\" name=\"meta\" value=\"%lld\"> %h</label>",
                (long long)(i + 1), header[i]);
  /* The first time: NA marks a missing value, and rows without a channel are "other"; after an error, what was sent. */
  const char *na = err ? field(r, "na") : NULL, *channel = err ? field(r, "channel") : NULL, *skip = err ? field(r, "skip_bad") : NULL;
  html_printf(b, "</fieldset><div class=\"row\"><label>Channel of rows without one <select name=\"channel\">");
  html_options(r, channel_values, channel_labels, 8, channel && *channel ? channel : "other");
  html_printf(b, "</select></label><label>Missing-value markers <small>comma-separated; empty cells always are</small>"
                 "<input name=\"na\" value=\"%a\"></label></div>"
                 "<label class=\"check\"><input type=\"checkbox\" name=\"skip_bad\" value=\"1\"%a> Import the good rows and "
                 "let me download the bad ones (otherwise one bad row imports nothing)</label>"
                 "<button type=\"submit\">Import</button></form>",
              na ? na : "NA", skip && *skip ? " checked" : "");
  page_end(r, err ? 422 : 200);
  return KEEL_OK;
}

int page_import_upload(struct req *r) {
  struct upload *u = r->upload;
  if (!u || upload_size(u) == 0) {
    struct keel_err e;
    err_set(&e, KEEL_EINVAL, "file", "choose a file to upload (it was empty or missing)");
    page_begin(r, "Import feedback", "feedback");
    html_printf(&r->out, "<h1>Import feedback</h1>");
    html_form_error(r, &e);
    upload_form(r);
    page_end(r, 422);
    return KEEL_OK;
  }
  int rc = app_require(&r->x, CAP_PRODUCT, "import");
  if (rc) return rc;
  const char *token = upload_keep(r);
  if (!token) return KEEL_EIO;
  const char *name = *upload_filename(u) ? upload_filename(u) : "upload.csv";
  const char *nq = form_get(r, "no_quotes");
  return mapping_page(r, token, name, nq && *nq, NULL);
}

/* Collects the rejected rows for the page. */
static int keep_rejects(void *ctx, const char *data, size_t n) {
  buf *rejects = ctx;
  if (rejects->len + n <= REJECTS_INLINE_MAX) buf_append(rejects, data, n);
  else rejects->overflow = 1;
  return 0;
}

int page_import_run(struct req *r) {
  const char *token = form_get(r, "upload"), *name = form_get(r, "name"), *nq = form_get(r, "no_quotes");
  if (!name || !*name) name = "upload.csv";
  int no_quotes = nq && *nq;
  /* The mapping: each select names a column by number. */
  buf map, meta;
  buf_init(&map, 0);
  buf_init(&meta, 0);
  for (size_t t = 0; t < FB_TARGETS; t++) {
    const char *v = form_get(r, arena_printf(r->a, "map_%s", import_target_name(fb_targets[t])));
    if (v && *v) buf_printf(&map, "%s%s=\"%s\"", map.len ? "," : "", import_target_name(fb_targets[t]), v);
  }
  for (size_t i = 0; i < r->form.n; i++)
    if (strcmp(r->form.items[i].key, "meta") == 0 && *r->form.items[i].val)
      buf_printf(&meta, "%s\"%s\"", meta.len ? "," : "", r->form.items[i].val);
  int64_t size;
  FILE *f = upload_open_kept(r, token, &size);
  if (!f) {
    buf_free(&map);
    buf_free(&meta);
    return KEEL_ENOTFOUND;
  }
  buf rejects;
  buf_init(&rejects, REJECTS_INLINE_MAX + 1);
  const char *skip = form_get(r, "skip_bad");
  struct import_in in = {.kind = IMPORT_FEEDBACK, .name = name, .f = f, .no_quotes = no_quotes,
                         .map = arena_strdup(r->a, buf_cstr(&map)), .meta = arena_strdup(r->a, buf_cstr(&meta)),
                         .na = form_get(r, "na"), .channel = form_get(r, "channel"),
                         .reject = skip && *skip ? keep_rejects : NULL, .reject_ctx = &rejects};
  if (in.channel && !*in.channel) in.channel = NULL;
  struct import_result res;
  int rc = app_import(&r->x, &in, &res);
  fclose(f);
  buf_free(&map);
  buf_free(&meta);
  if (rc == KEEL_EINVAL || rc == KEEL_EPARSE || rc == KEEL_ETOOBIG) {
    buf_free(&rejects);
    struct keel_err saved = r->e;
    return mapping_page(r, token, name, no_quotes, &saved);
  }
  if (rc) {
    buf_free(&rejects);
    return rc;
  }
  upload_remove_kept(token);
  buf *b = &r->out;
  page_begin(r, "Feedback imported", "feedback");
  html_printf(b, "<h1>Feedback imported</h1><p class=\"lead\">From %h.</p><dl class=\"import-result\">"
                 "<dt>Rows read</dt><dd id=\"import-rows\">%lld</dd><dt>Imported</dt><dd id=\"import-imported\">%lld</dd>"
                 "<dt>Without text (skipped)</dt><dd id=\"import-empty\">%lld</dd>"
                 "<dt>Already in Keel (same reference)</dt><dd id=\"import-existing\">%lld</dd>"
                 "<dt>Rejected</dt><dd id=\"import-rejected\">%lld</dd></dl>",
              name, (long long)res.rows, (long long)res.imported, (long long)res.empty, (long long)res.existing,
              (long long)res.rejected);
  if (res.rejected) {
    html_printf(b, "<p><a class=\"button\" download=\"rejected-rows.csv\" href=\"data:text/csv;charset=utf-8,%u\">"
                   "Download the rejected rows</a> (CSV: their fields and a reason column)%h</p>"
                   "<details><summary>Show them</summary><pre class=\"rejects\">%h</pre></details>",
                buf_cstr(&rejects), rejects.overflow ? " — the first megabyte of them" : "", buf_cstr(&rejects));
  }
  html_printf(b, "<p><a href=\"/feedback\">Go to the inbox</a> · <a href=\"/feedback/import\">Import another file</a></p>");
  buf_free(&rejects);
  page_end(r, 200);
  return KEEL_OK;
}
