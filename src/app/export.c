/* export.c — feedback and ideas as CSV or JSON, written page by page. */
#include <string.h>

#include "app/import.h"
#include "app/internal.h"
#include "core/csv.h"
#include "core/timeutil.h"
#include "store/customers.h"
#include "store/feedback.h"
#include "store/ideas.h"

enum {
  EXPORT_PAGE = 500,          /* records read at a time */
  EXPORT_FLUSH = 256 * 1024,  /* bytes gathered before they are written */
};

int export_format_parse(const char *s, enum export_format *out) {
  if (!s || strcmp(s, "csv") == 0) *out = EXPORT_CSV;
  else if (strcmp(s, "json") == 0) *out = EXPORT_JSON;
  else return -1;
  return 0;
}

static int flush(struct app *x, buf *b, import_write_fn write, void *ctx, int force) {
  if (!b->len || (!force && b->len < EXPORT_FLUSH)) return KEEL_OK;
  int bad = write(ctx, b->data, b->len);
  buf_reset(b);
  return bad ? err_set(x->e, KEEL_EIO, NULL, "cannot write the export") : KEEL_OK;
}

static const char *iso(arena *a, int64_t t) {
  char s[TIME_ISO_LEN];
  time_iso(t, s);
  return arena_strdup(a, s);
}

static const char *const feedback_columns[] = {"id", "received_at", "channel", "status", "customer", "contact",
                                               "contact_email", "product", "reference", "tags", "links",
                                               "attributes", "text", "created_at"};

/* One item as a CSV row or a JSON object (with its links). */
static int feedback_out(struct app *x, arena *a, buf *b, enum export_format fmt, const struct feedback *f, int first) {
  struct feedback_link *ls = NULL;
  size_t nl = 0;
  int rc = f->link_count ? store_feedback_links(x->db, a, f->id, &ls, &nl, x->e) : KEEL_OK;
  if (rc) return rc;
  if (fmt == EXPORT_JSON) {
    if (!first) buf_putc(b, ',');
    buf_puts(b, "\n");
    repr_feedback(b, f, 1);
    b->len--;
    buf_puts(b, ",\"links\":[");
    for (size_t i = 0; i < nl; i++) {
      if (i) buf_putc(b, ',');
      repr_feedback_link(b, &ls[i]);
    }
    buf_puts(b, "]}");
    return KEEL_OK;
  }
  const char *email = "";
  if (f->contact_id) {
    struct contact c;
    rc = store_contact_get(x->db, a, f->contact_id, &c, x->e);
    if (rc && rc != KEEL_ENOTFOUND) return rc;
    if (!rc) email = c.email;
  }
  buf tags, links;
  buf_init(&tags, 0);
  buf_init(&links, 0);
  for (size_t i = 0; i < f->ntags; i++) buf_printf(&tags, "%s%s", i ? ";" : "", f->tags[i]);
  for (size_t i = 0; i < nl; i++) {
    if (ls[i].idea_id) buf_printf(&links, "%sidea %lld", i ? ";" : "", (long long)ls[i].idea_id);
    else buf_printf(&links, "%s%s", i ? ";" : "", ls[i].feature_key);
  }
  const char *cells[] = {arena_printf(a, "%lld", (long long)f->id),
                         iso(a, f->received_at),
                         feedback_channel_name(f->channel),
                         feedback_status_name(f->status),
                         f->customer_name ? f->customer_name : "",
                         f->contact_name ? f->contact_name : "",
                         email,
                         f->product_key ? f->product_key : "",
                         f->reference ? f->reference : "",
                         buf_cstr(&tags),
                         buf_cstr(&links),
                         f->attributes && strcmp(f->attributes, "{}") != 0 ? f->attributes : "",
                         f->text,
                         iso(a, f->created_at)};
  for (size_t i = 0; i < sizeof cells / sizeof cells[0]; i++) csv_field(b, cells[i], i == 0);
  csv_end_row(b);
  buf_free(&tags);
  buf_free(&links);
  return KEEL_OK;
}

int app_feedback_export(struct app *x, enum export_format fmt, import_write_fn write, void *ctx) {
  int rc = app_require(x, CAP_READ, "export feedback");
  if (rc) return rc;
  buf b;
  buf_init(&b, 0);
  if (fmt == EXPORT_CSV) {
    for (size_t i = 0; i < sizeof feedback_columns / sizeof feedback_columns[0]; i++)
      csv_field(&b, feedback_columns[i], i == 0);
    csv_end_row(&b);
  } else {
    buf_putc(&b, '[');
  }
  struct feedback_query q = {.channel = -1, .with_tags = 1, .limit = EXPORT_PAGE};
  int first = 1;
  for (;;) {
    arena *a = arena_new(64 * 1024);
    struct feedback *items;
    size_t n;
    rc = store_feedback_list(x->db, a, &q, &items, &n, NULL, x->e);
    size_t take = n > EXPORT_PAGE ? EXPORT_PAGE : n;
    for (size_t i = 0; !rc && i < take; i++) {
      rc = feedback_out(x, a, &b, fmt, &items[i], first);
      first = 0;
      if (!rc) rc = flush(x, &b, write, ctx, 0);
    }
    if (!rc && take) {
      q.after_received = items[take - 1].received_at;
      q.after_id = items[take - 1].id;
    }
    arena_free(a);
    if (rc || n <= EXPORT_PAGE) break;
  }
  if (!rc && fmt == EXPORT_JSON) buf_puts(&b, "\n]\n");
  if (!rc) rc = flush(x, &b, write, ctx, 1);
  buf_free(&b);
  return rc;
}

static const char *const idea_columns[] = {"id", "product", "title", "status", "source", "customer", "reference",
                                           "votes", "description", "decline_reason", "created_at"};

int app_ideas_export(struct app *x, enum export_format fmt, import_write_fn write, void *ctx) {
  int rc = app_require(x, CAP_READ, "export ideas");
  if (rc) return rc;
  buf b;
  buf_init(&b, 0);
  if (fmt == EXPORT_CSV) {
    for (size_t i = 0; i < sizeof idea_columns / sizeof idea_columns[0]; i++) csv_field(&b, idea_columns[i], i == 0);
    csv_end_row(&b);
  } else {
    buf_putc(&b, '[');
  }
  struct idea_query q = {.source = -1, .with_description = 1, .sort = ISORT_NEWEST, .limit = EXPORT_PAGE};
  int first = 1;
  for (;;) {
    arena *a = arena_new(64 * 1024);
    struct idea *items;
    size_t n;
    rc = store_idea_list(x->db, a, &q, &items, &n, x->e);
    size_t take = n > EXPORT_PAGE ? EXPORT_PAGE : n;
    for (size_t i = 0; !rc && i < take; i++) {
      const struct idea *it = &items[i];
      if (fmt == EXPORT_JSON) {
        if (!first) buf_putc(&b, ',');
        buf_putc(&b, '\n');
        repr_idea(&b, it, REPR_FULL);
      } else {
        const char *cells[] = {arena_printf(a, "%lld", (long long)it->id),
                               it->product_key ? it->product_key : "",
                               it->title,
                               idea_status_name(it->status),
                               idea_source_name(it->source),
                               it->customer_name && *it->customer_name ? it->customer_name : it->customer ? it->customer : "",
                               it->reference ? it->reference : "",
                               arena_printf(a, "%lld", (long long)it->votes),
                               it->description ? it->description : "",
                               it->decline_reason ? it->decline_reason : "",
                               iso(a, it->created_at)};
        for (size_t k = 0; k < sizeof cells / sizeof cells[0]; k++) csv_field(&b, cells[k], k == 0);
        csv_end_row(&b);
      }
      first = 0;
      rc = flush(x, &b, write, ctx, 0);
    }
    if (!rc && take) q.after = (struct cursor){.set = 1, .ival = items[take - 1].created_at, .id = items[take - 1].id};
    arena_free(a);
    if (rc || n <= EXPORT_PAGE) break;
  }
  if (!rc && fmt == EXPORT_JSON) buf_puts(&b, "\n]\n");
  if (!rc) rc = flush(x, &b, write, ctx, 1);
  buf_free(&b);
  return rc;
}
