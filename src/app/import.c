/* import.c — importing feedback, ideas and features from CSV/TSV files:
 * resolving the mapping against the header, reading each row into a record,
 * and writing them all in one transaction with one audit record. */
#include "app/import.h"

#include <ctype.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "app/internal.h"
#include "core/timeutil.h"
#include "domain/text.h"
#include "store/customers.h"
#include "store/feedback.h"
#include "store/ideas.h"
#include "store/import.h"
#include "store/products.h"
#include "store/settings.h"

enum {
  PROGRESS_EVERY = 4096,   /* rows between progress reports */
  CUSTOMER_CACHE = 1024,   /* customers remembered by name during an import (direct-mapped) */
  CUSTOMER_CACHE_NAME = 256, /* bytes of a name the cache keeps (longer ones always ask the database) */
  REJECT_FLUSH = 64 * 1024, /* bytes of rejects buffered before they are written */
};

/* A status (or horizon) map's entry: a name in the file and what it becomes. */
struct value_map {
  const char *from;
  int to;
  const char *reason; /* ideas: a declined idea's reason */
};

struct cached_customer {
  int64_t id; /* 0: empty */
  char name[CUSTOMER_CACHE_NAME];
};

struct run {
  struct app *x;
  const struct import_in *in;
  struct import_result *res;
  const char *name;
  int col[IT_COUNT];        /* the column of each target, or -1 */
  size_t *meta;             /* --meta columns */
  size_t nmeta;
  const char **na;
  size_t nna;
  size_t ncols;
  const char **header;      /* the header's names, in x->a */
  struct value_map *status;
  size_t nstatus;
  struct value_map *horizon;
  size_t nhorizon;
  enum feedback_channel channel;
  struct product product;   /* the default product (id 0: none) */
  int64_t last_id;          /* the last product named in a column */
  char last_key[PRODUCT_KEY_MAX + 1];
  buf rejects;
  const struct csv_row *row;
  struct feedback *batch;   /* feedback rows checked and waiting for one INSERT */
  size_t nbatch;
  struct cached_customer *customers; /* CUSTOMER_CACHE entries */
};

/* ---- messages ---- */

/* Sets x->e to "NAME, line L, column C (HEADER): what" for column col of the
 * current row and returns rc. */
static int at_column(struct run *r, size_t col, int rc, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int at_column(struct run *r, size_t col, int rc, const char *fmt, ...) {
  char what[KEEL_ERR_MSG_MAX];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(what, sizeof what, fmt, ap);
  va_end(ap);
  const struct csv_row *row = r->row;
  long line = col < row->n ? row->fline[col] : row->line, column = col < row->n ? row->fcol[col] : 1;
  return err_set(r->x->e, rc, col < r->ncols ? r->header[col] : "", "%s, line %ld, column %ld (%s): %s", r->name, line,
                 column, col < r->ncols ? r->header[col] : "?", what);
}

/* Rewrites the error a check left in x->e as one at the column of target t
 * (or, when t is not mapped, at the row). */
static int relocate(struct run *r, enum import_target t, int rc) {
  char what[KEEL_ERR_MSG_MAX];
  snprintf(what, sizeof what, "%s", r->x->e->msg);
  int c = r->col[t];
  return at_column(r, c >= 0 ? (size_t)c : r->ncols, rc, "%s", what);
}

/* ---- the mapping ---- */

/* Finds a column by header name (exactly, then trimmed and in any case) or
 * 1-based number. Returns its index, or -1. */
static int find_column(const struct run *r, const char *name) {
  for (size_t i = 0; i < r->ncols; i++)
    if (strcmp(r->header[i], name) == 0) return (int)i;
  for (size_t i = 0; i < r->ncols; i++) {
    const char *h = text_trim(r->x->a, r->header[i]);
    if (strcasecmp(h, name) == 0) return (int)i;
  }
  char *end;
  long n = strtol(name, &end, 10);
  if (*name && !*end && n >= 1 && (size_t)n <= r->ncols) return (int)(n - 1);
  return -1;
}

static int no_column(struct run *r, const char *field, const char *name) {
  buf b;
  buf_init(&b, 2048);
  for (size_t i = 0; i < r->ncols && b.len < 300; i++) buf_printf(&b, "%s\"%.60s\"", i ? ", " : "", r->header[i]);
  if (b.len >= 300) buf_puts(&b, ", ...");
  int rc = err_set(r->x->e, KEEL_EINVAL, field, "%s: %s has no column \"%.80s\" (its columns: %s; or give a number from 1 to %zu)",
                   field, r->name, name, buf_cstr(&b), r->ncols);
  buf_free(&b);
  return rc;
}

static int resolve_map(struct run *r) {
  struct app *x = r->x;
  const struct import_in *in = r->in;
  for (int t = 0; t < IT_COUNT; t++) r->col[t] = -1;
  if (!in->map || !*in->map) {
    return err_set(x->e, KEEL_EINVAL, "map", "map is required: TARGET=COLUMN,... with at least %s (targets: %s)",
                   import_target_name(import_required_target(in->kind)), import_targets_list(x->a, in->kind));
  }
  struct import_pair *p;
  size_t n;
  int rc = import_pairs_parse(x->a, in->map, "map", 0, &p, &n, x->e);
  if (rc) return rc;
  for (size_t i = 0; i < n; i++) {
    enum import_target t;
    if (import_target_parse(in->kind, p[i].key, &t))
      return err_set(x->e, KEEL_EINVAL, "map", "map: %s cannot be imported into %s (it takes %s)", p[i].key,
                     import_kind_name(in->kind), import_targets_list(x->a, in->kind));
    if (r->col[t] >= 0) return err_set(x->e, KEEL_EINVAL, "map", "map: %s is mapped twice", p[i].key);
    int c = find_column(r, p[i].value);
    if (c < 0) return no_column(r, "map", p[i].value);
    r->col[t] = c;
  }
  enum import_target req = import_required_target(in->kind);
  if (r->col[req] < 0)
    return err_set(x->e, KEEL_EINVAL, "map", "map: say which column holds the %s (%s=COLUMN)", import_target_name(req),
                   import_target_name(req));
  rc = import_pairs_parse(x->a, in->meta, "meta", 1, &p, &n, x->e);
  if (rc) return rc;
  r->meta = arena_alloc(x->a, (n ? n : 1) * sizeof *r->meta);
  for (size_t i = 0; i < n; i++) {
    if (p[i].key) return err_set(x->e, KEEL_EINVAL, "meta", "meta takes column names: COLUMN,COLUMN,...");
    int c = find_column(r, p[i].value);
    if (c < 0) return no_column(r, "meta", p[i].value);
    r->meta[r->nmeta++] = (size_t)c;
  }
  return KEEL_OK;
}

static int resolve_status_map(struct run *r) {
  struct app *x = r->x;
  const struct import_in *in = r->in;
  struct import_pair *p;
  size_t n;
  int rc = import_pairs_parse(x->a, in->status_map, "status-map", 0, &p, &n, x->e);
  if (rc) return rc;
  if (n && in->kind == IMPORT_FEEDBACK)
    return err_set(x->e, KEEL_EINVAL, "status-map", "feedback has no status to map (it comes in as inbox)");
  r->status = arena_alloc(x->a, (n ? n : 1) * sizeof *r->status);
  for (size_t i = 0; i < n; i++) {
    struct value_map *m = &r->status[r->nstatus++];
    m->from = p[i].key;
    m->reason = "";
    if (in->kind == IMPORT_IDEAS) {
      enum idea_status st;
      rc = import_idea_status_parse(x->a, p[i].value, &st, &m->reason, x->e);
      if (rc) return rc;
      m->to = (int)st;
    } else {
      enum feature_status st;
      if (feature_status_parse(text_trim(x->a, p[i].value), &st))
        return err_set(x->e, KEEL_EINVAL, "status-map", "status-map: \"%.60s\" is not a feature status", p[i].value);
      m->to = (int)st;
    }
  }
  rc = import_pairs_parse(x->a, in->horizon_map, "horizon-map", 0, &p, &n, x->e);
  if (rc) return rc;
  if (n && in->kind != IMPORT_FEATURES)
    return err_set(x->e, KEEL_EINVAL, "horizon-map", "only features have a horizon");
  r->horizon = arena_alloc(x->a, (n ? n : 1) * sizeof *r->horizon);
  for (size_t i = 0; i < n; i++) {
    enum horizon h;
    if (horizon_parse(text_trim(x->a, p[i].value), &h))
      return err_set(x->e, KEEL_EINVAL, "horizon-map", "horizon-map: \"%.60s\" is not a horizon (now, next, later, unplanned)",
                     p[i].value);
    r->horizon[r->nhorizon++] = (struct value_map){p[i].key, (int)h, ""};
  }
  return KEEL_OK;
}

/* ---- cells ---- */

/* Returns the cell of target t in the current row, or NULL when t is not
 * mapped or the cell is missing. */
static const char *cell(struct run *r, enum import_target t) {
  int c = r->col[t];
  if (c < 0 || (size_t)c >= r->row->n) return NULL;
  const char *s = r->row->f[c];
  return import_missing(s, r->na, r->nna) ? NULL : csv_unguard(s);
}

/* The trimmed cell of t, copied into a, or NULL. */
static const char *cell_trim(struct run *r, arena *a, enum import_target t) {
  const char *s = cell(r, t);
  return s ? text_trim(a, s) : NULL;
}

/* Looks a value up in a status or horizon map (exactly, then in any case). */
static const struct value_map *map_find(const struct value_map *m, size_t n, const char *v) {
  for (size_t i = 0; i < n; i++)
    if (strcmp(m[i].from, v) == 0) return &m[i];
  for (size_t i = 0; i < n; i++)
    if (strcasecmp(m[i].from, v) == 0) return &m[i];
  return NULL;
}

/* The product of the row: its product column, else the default. */
static int row_product(struct run *r, arena *a, int64_t *id, const char **key) {
  const char *k = cell_trim(r, a, IT_PRODUCT);
  if (!k) {
    *id = r->product.id;
    *key = r->product.key;
    return KEEL_OK;
  }
  if (!r->last_id || strcmp(r->last_key, k) != 0) {
    struct product p;
    int rc = store_product_get(r->x->db, a, k, &p, r->x->e);
    if (rc == KEEL_ENOTFOUND)
      return at_column(r, (size_t)r->col[IT_PRODUCT], KEEL_EINVAL, "there is no product %.40s (expected a product key)", k);
    if (rc) return rc;
    r->last_id = p.id;
    snprintf(r->last_key, sizeof r->last_key, "%s", p.key);
  }
  *id = r->last_id;
  *key = r->last_key;
  return KEEL_OK;
}

/* Reads the date cell into *t (unchanged when missing). */
static int row_date(struct run *r, int64_t *t) {
  const char *s = cell(r, IT_DATE);
  if (s && time_parse(s, t))
    return at_column(r, (size_t)r->col[IT_DATE], KEEL_EINVAL,
                     "\"%.40s\" is not a date (expected 2019-12-13, 2019-12-13T14:50:30Z or 12/13/2019 9:50:30)", s);
  return KEEL_OK;
}

/* Checks the customer, contact and e-mail cells (before anything is written). */
static int row_who_check(struct run *r, arena *a, const char **customer, const char **email, const char **contact) {
  *customer = cell_trim(r, a, IT_CUSTOMER);
  *email = cell_trim(r, a, IT_EMAIL);
  *contact = cell_trim(r, a, IT_CONTACT);
  struct keel_err *e = r->x->e;
  if (*customer && text_check_line("customer", *customer, CUSTOMER_NAME_MAX, 1, e))
    return relocate(r, IT_CUSTOMER, KEEL_EINVAL);
  if (*contact && text_check_line("contact", *contact, CONTACT_NAME_MAX, 1, e)) return relocate(r, IT_CONTACT, KEEL_EINVAL);
  if (*email) {
    char *em = arena_strdup(a, *email);
    for (char *p = em; *p; p++) *p = (char)tolower((unsigned char)*p);
    *email = em;
    if (!*customer)
      return at_column(r, (size_t)r->col[IT_EMAIL], KEEL_EINVAL,
                       "a contact belongs to a customer, and this row names none (map customer=COLUMN)");
    if (email_check(em, e)) return relocate(r, IT_EMAIL, KEEL_EINVAL);
  }
  return KEEL_OK;
}

/* Finds or adds the customer and the contact (in the transaction). */
static int row_who(struct run *r, arena *a, const char *customer, const char *email, const char *contact,
                   int64_t *customer_id, int64_t *contact_id) {
  *customer_id = *contact_id = 0;
  if (!customer) return KEEL_OK;
  struct app *x = r->x;
  size_t len = strlen(customer);
  struct cached_customer *slot = NULL;
  if (len < CUSTOMER_CACHE_NAME) {
    uint32_t h = 2166136261u; /* FNV-1a */
    for (size_t i = 0; i < len; i++) h = (h ^ (unsigned char)customer[i]) * 16777619u;
    slot = &r->customers[h % CUSTOMER_CACHE];
  }
  int rc = KEEL_OK;
  if (slot && slot->id && strcmp(slot->name, customer) == 0) {
    *customer_id = slot->id;
  } else {
    rc = app_customer_resolve(x, customer, customer_id);
    if (!rc && slot) {
      slot->id = *customer_id;
      memcpy(slot->name, customer, len + 1);
    }
  }
  if (rc || !email) return rc;
  struct contact c;
  rc = store_contact_by_email(x->db, a, *customer_id, email, &c, x->e);
  if (rc == KEEL_ENOTFOUND) {
    c = (struct contact){.customer_id = *customer_id, .name = contact ? contact : email, .email = email,
                         .created_at = x->now, .updated_at = x->now};
    rc = contact_check(&c, x->e);
    if (rc) return relocate(r, IT_EMAIL, rc);
    rc = store_contact_insert(x->db, &c, x->e);
  }
  if (!rc) *contact_id = c.id;
  return rc;
}

/* Sets *skip when the row's reference is in Keel already. */
static int row_reference(struct run *r, arena *a, enum store_ref_table table, size_t max, const char **ref, int *skip) {
  *skip = 0;
  *ref = cell_trim(r, a, IT_REFERENCE);
  if (!*ref) {
    *ref = "";
    return KEEL_OK;
  }
  if (text_check_line("reference", *ref, max, 0, r->x->e)) return relocate(r, IT_REFERENCE, KEEL_EINVAL);
  int found;
  int rc = store_reference_exists(r->x->db, table, *ref, &found, r->x->e);
  if (!rc && found) *skip = 1;
  return rc;
}

/* Appends "- NAME: VALUE" lines for the --meta columns to b. */
static void meta_list(struct run *r, buf *b) {
  int first = 1;
  for (size_t i = 0; i < r->nmeta; i++) {
    const char *v = csv_unguard(r->row->f[r->meta[i]]);
    if (import_missing(v, r->na, r->nna)) continue;
    if (first && b->len) buf_puts(b, "\n\n");
    first = 0;
    buf_printf(b, "- %s: ", r->header[r->meta[i]]);
    for (const char *p = v; *p; p++) buf_putc(b, *p == '\n' || *p == '\r' ? ' ' : *p);
    buf_putc(b, '\n');
  }
}

/* ---- one row of each kind ---- */

/* Writes the feedback rows waiting in the batch. */
static int flush_batch(struct run *r) {
  int rc = store_feedback_insert_batch(r->x->db, r->batch, r->nbatch, r->x->e);
  r->nbatch = 0;
  return rc;
}

static int row_feedback(struct run *r, arena *a) {
  struct app *x = r->x;
  const char *text = cell(r, IT_TEXT);
  if (!text) {
    r->res->empty++;
    return KEEL_OK;
  }
  struct feedback f = {.text = arena_strdup(a, text), .channel = r->channel, .reference = "", .attributes = "{}",
                       .status = FBS_INBOX, .received_at = x->now, .submitted_by = x->actor ? x->actor->user_id : 0,
                       .created_at = x->now, .updated_at = x->now};
  int rc = row_date(r, &f.received_at);
  if (rc) return rc;
  const char *ch = cell_trim(r, a, IT_CHANNEL);
  if (ch && import_channel_parse(ch, &f.channel))
    return at_column(r, (size_t)r->col[IT_CHANNEL], KEEL_EINVAL,
                     "\"%.40s\" is not a channel (expected support, survey, interview, sales call, review, chat, "
                     "email or other)", ch);
  const char *tags = cell(r, IT_TAGS);
  if (tags) {
    const char *raw[FEEDBACK_TAGS_MAX + 1];
    size_t n = import_tags_split(a, tags, raw, FEEDBACK_TAGS_MAX);
    if (n > FEEDBACK_TAGS_MAX)
      return at_column(r, (size_t)r->col[IT_TAGS], KEEL_EINVAL, "more than %d tags", FEEDBACK_TAGS_MAX);
    const char **t = arena_alloc(a, (n ? n : 1) * sizeof *t);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
      char *norm = feedback_tag_normal(a, raw[i]);
      if (!norm)
        return at_column(r, (size_t)r->col[IT_TAGS], KEEL_EINVAL,
                         "\"%.40s\" is not a tag (1 to %d letters, digits or - _ . : /)", raw[i], FEEDBACK_TAG_MAX);
      size_t j = 0;
      while (j < k && strcmp(t[j], norm) < 0) j++;
      if (j < k && strcmp(t[j], norm) == 0) continue;
      memmove(&t[j + 1], &t[j], (k - j) * sizeof *t);
      t[j] = norm;
      k++;
    }
    f.tags = t;
    f.ntags = k;
  }
  const char *attrs = cell(r, IT_ATTRIBUTES);
  if (attrs || r->nmeta) {
    json_t *o;
    if (attrs) {
      json_error_t je;
      o = json_loads(attrs, JSON_REJECT_DUPLICATES, &je);
      if (!json_is_object(o)) {
        json_decref(o);
        return at_column(r, (size_t)r->col[IT_ATTRIBUTES], KEEL_EINVAL, "attributes must be a JSON object");
      }
    } else {
      o = json_object();
    }
    for (size_t i = 0; i < r->nmeta; i++) {
      const char *v = csv_unguard(r->row->f[r->meta[i]]);
      if (!import_missing(v, r->na, r->nna)) json_object_set_new(o, r->header[r->meta[i]], json_string(v));
    }
    char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(o);
    f.attributes = arena_strdup(a, s ? s : "{}");
    free(s);
  }
  const char *customer, *email, *contact;
  if ((rc = row_who_check(r, a, &customer, &email, &contact))) return rc;
  int skip;
  if ((rc = row_reference(r, a, STORE_REF_FEEDBACK, FEEDBACK_REFERENCE_MAX, &f.reference, &skip))) return rc;
  if ((rc = row_product(r, a, &f.product_id, &f.product_key))) return rc;
  if (feedback_check(&f, x->e)) {
    enum import_target t = strcmp(x->e->field, "attributes") == 0 ? (r->col[IT_ATTRIBUTES] >= 0 ? IT_ATTRIBUTES : IT_TEXT)
                           : strcmp(x->e->field, "reference") == 0 ? IT_REFERENCE
                                                                    : IT_TEXT;
    return relocate(r, t, KEEL_EINVAL);
  }
  if (skip) {
    r->res->existing++;
    return KEEL_OK;
  }
  if ((rc = row_who(r, a, customer, email, contact, &f.customer_id, &f.contact_id))) return rc;
  r->batch[r->nbatch++] = f;
  r->res->imported++;
  /* With references, each row is written before the next is checked (a file may repeat one). */
  if (r->nbatch == STORE_FEEDBACK_BATCH || r->col[IT_REFERENCE] >= 0) rc = flush_batch(r);
  return rc;
}

static int row_idea(struct run *r, arena *a) {
  struct app *x = r->x;
  const char *title = cell_trim(r, a, IT_TITLE);
  if (!title) {
    r->res->empty++;
    return KEEL_OK;
  }
  struct idea i = {.title = title, .description = "", .source = SRC_OTHER, .customer = "", .status = IS_NEW,
                   .decline_reason = "", .reference = "", .public_title = "", .public_description = "",
                   .submitter_email = "", .submitted_by = x->actor ? x->actor->user_id : 0, .created_at = x->now};
  int rc = row_date(r, &i.created_at);
  if (rc) return rc;
  i.updated_at = i.created_at;
  buf d;
  buf_init(&d, 0);
  const char *desc = cell(r, IT_DESCRIPTION);
  if (desc) buf_puts(&d, desc);
  meta_list(r, &d);
  i.description = arena_strdup(a, buf_cstr(&d));
  buf_free(&d);
  const char *src = cell_trim(r, a, IT_SOURCE);
  if (src && import_source_parse(src, &i.source))
    return at_column(r, (size_t)r->col[IT_SOURCE], KEEL_EINVAL,
                     "\"%.40s\" is not a source (expected customer, sales, support, engineering, leadership or other)", src);
  const char *st = cell_trim(r, a, IT_STATUS);
  if (st) {
    const struct value_map *m = map_find(r->status, r->nstatus, st);
    if (m) {
      i.status = (enum idea_status)m->to;
      i.decline_reason = m->reason;
    } else if (idea_status_parse(st, &i.status) || (i.status != IS_NEW && i.status != IS_UNDER_REVIEW)) {
      return at_column(r, (size_t)r->col[IT_STATUS], KEEL_EINVAL,
                       "status \"%.40s\" is not in the status map (add it: --status-map '%.40s=new' or "
                       "'%.40s=declined:REASON')", st, st, st);
    }
  }
  const char *customer, *email, *contact;
  if ((rc = row_who_check(r, a, &customer, &email, &contact))) return rc;
  if (customer) i.customer = customer;
  int skip;
  if ((rc = row_reference(r, a, STORE_REF_IDEAS, FEEDBACK_REFERENCE_MAX, &i.reference, &skip))) return rc;
  if ((rc = row_product(r, a, &i.product_id, &i.product_key))) return rc;
  if (!i.product_id)
    return at_column(r, r->ncols, KEEL_EINVAL, "this row names no product (give --product KEY or map product=COLUMN)");
  if (idea_check(&i, x->e)) {
    enum import_target t = strcmp(x->e->field, "description") == 0 ? IT_DESCRIPTION
                           : strcmp(x->e->field, "customer") == 0  ? IT_CUSTOMER
                                                                   : IT_TITLE;
    return relocate(r, t, KEEL_EINVAL);
  }
  if (skip) {
    r->res->existing++;
    return KEEL_OK;
  }
  if ((rc = row_who(r, a, customer, email, contact, &i.customer_id, &i.contact_id))) return rc;
  enum idea_status want = i.status;
  const char *reason = i.decline_reason;
  if (want == IS_DECLINED) i.status = IS_NEW; /* the insert does not take a reason: set it next */
  rc = store_idea_insert(x->db, &i, x->e);
  if (!rc && want == IS_DECLINED) {
    i.status = want;
    i.decline_reason = reason;
    rc = store_idea_update(x->db, &i, x->e);
  }
  if (!rc) r->res->imported++;
  return rc;
}

static int row_feature(struct run *r, arena *a) {
  struct app *x = r->x;
  const char *title = cell_trim(r, a, IT_TITLE);
  if (!title) {
    r->res->empty++;
    return KEEL_OK;
  }
  struct feature_patch fp = {.title = title};
  buf d;
  buf_init(&d, 0);
  const char *desc = cell(r, IT_DESCRIPTION);
  if (desc) buf_puts(&d, desc);
  meta_list(r, &d);
  fp.description = arena_strdup(a, buf_cstr(&d));
  buf_free(&d);
  const char *st = cell_trim(r, a, IT_STATUS);
  if (st) {
    const struct value_map *m = map_find(r->status, r->nstatus, st);
    enum feature_status fs;
    if (m) fs = (enum feature_status)m->to;
    else if (feature_status_parse(st, &fs))
      return at_column(r, (size_t)r->col[IT_STATUS], KEEL_EINVAL,
                       "status \"%.40s\" is not a feature status nor in the status map (--status-map '%.40s=STATUS')",
                       st, st);
    fp.has_status = 1;
    fp.status = fs;
  }
  const char *hz = cell_trim(r, a, IT_HORIZON);
  if (hz) {
    const struct value_map *m = map_find(r->horizon, r->nhorizon, hz);
    enum horizon h;
    if (m) h = (enum horizon)m->to;
    else if (horizon_parse(hz, &h))
      return at_column(r, (size_t)r->col[IT_HORIZON], KEEL_EINVAL,
                       "\"%.40s\" is not a horizon (now, next, later, unplanned) nor in the horizon map", hz);
    fp.has_horizon = 1;
    fp.horizon = h;
  }
  const char *ref;
  int skip, rc;
  if ((rc = row_reference(r, a, STORE_REF_FEATURES, FEEDBACK_REFERENCE_MAX, &ref, &skip))) return rc;
  int64_t pid;
  const char *pkey;
  if ((rc = row_product(r, a, &pid, &pkey))) return rc;
  if (!pid) return at_column(r, r->ncols, KEEL_EINVAL, "this row names no product (give --product KEY or map product=COLUMN)");
  struct feature chk = {.title = fp.title, .description = fp.description, .status = fp.has_status ? fp.status : FS_CANDIDATE,
                        .horizon = fp.has_horizon ? fp.horizon : HZ_UNPLANNED};
  if (feature_check(&chk, x->e))
    return relocate(r, strcmp(x->e->field, "description") == 0 ? IT_DESCRIPTION : IT_TITLE, KEEL_EINVAL);
  if (skip) {
    r->res->existing++;
    return KEEL_OK;
  }
  struct product p = r->product;
  if (pid != r->product.id) p = (struct product){.id = pid, .key = pkey};
  struct feature out;
  rc = app_feature_insert_tx(x, &p, &fp, &out);
  if (rc == KEEL_EINVAL) return relocate(r, IT_TITLE, rc);
  if (!rc && *ref) rc = store_feature_set_reference(x->db, out.id, ref, x->e);
  if (!rc) r->res->imported++;
  return rc;
}

/* ---- rejects ---- */

static int flush_rejects(struct run *r, int force) {
  if (!r->rejects.len || (!force && r->rejects.len < REJECT_FLUSH)) return KEEL_OK;
  int bad = r->in->reject(r->in->reject_ctx, r->rejects.data, r->rejects.len);
  buf_reset(&r->rejects);
  return bad ? err_set(r->x->e, KEEL_EIO, NULL, "cannot write the rejected rows") : KEEL_OK;
}

/* Writes the current row and why it was refused. */
static int reject_row(struct run *r, const char *reason) {
  const struct csv_row *row = r->row;
  for (size_t i = 0; i < r->ncols; i++) csv_field(&r->rejects, i < row->n ? row->f[i] : "", i == 0);
  csv_field(&r->rejects, reason, r->ncols == 0);
  csv_end_row(&r->rejects);
  r->res->rejected++;
  return flush_rejects(r, 0);
}

/* ---- the import ---- */

static long read_file(void *ctx, char *p, size_t n) {
  FILE *f = ctx;
  size_t got = fread(p, 1, n, f);
  return got == 0 && ferror(f) ? -1 : (long)got;
}

int app_import(struct app *x, const struct import_in *in, struct import_result *out) {
  *out = (struct import_result){.kind = in->kind, .dry_run = in->dry_run};
  int rc = app_require(x, CAP_PRODUCT, "import");
  if (rc) return rc;
  struct run r = {.x = x, .in = in, .res = out, .name = in->name && *in->name ? in->name : "input",
                  .channel = FC_OTHER};
  buf_init(&r.rejects, 0);
  if (in->channel && import_channel_parse(in->channel, &r.channel))
    return err_set(x->e, KEEL_EINVAL, "channel",
                   "channel must be support, survey, interview, sales_call, review, chat, email or other");
  if ((rc = import_na_parse(x->a, in->na, &r.na, &r.nna, x->e))) return rc;
  if ((rc = resolve_status_map(&r))) return rc;
  struct csv_opts o = {.delim = in->delim, .quoting = in->no_quotes ? CSV_QUOTES_NONE : CSV_QUOTES_RFC, .name = r.name};
  csv_reader *rd = in->f ? csv_open(in->f, &o) : csv_open_fn(in->read_fn ? in->read_fn : read_file, in->read_ctx, &o);
  struct csv_row row;
  int got = 0, began = 0;
  int64_t cache_saved = 0;
  arena *scratch = NULL, *keep = x->a;
  rc = csv_read(rd, &row, &got, x->e);
  if (!rc && !got) rc = err_set(x->e, KEEL_EINVAL, NULL, "%s is empty (expected a header row, then data)", r.name);
  if (rc) goto out;
  r.ncols = row.n;
  r.header = arena_alloc(x->a, row.n * sizeof *r.header);
  for (size_t i = 0; i < row.n; i++) r.header[i] = arena_strdup(x->a, row.f[i]);
  r.row = &row;
  if ((rc = resolve_map(&r))) goto out;
  if (in->product && *in->product) {
    rc = store_product_get(x->db, x->a, in->product, &r.product, x->e);
    if (rc == KEEL_ENOTFOUND) rc = err_set(x->e, KEEL_EINVAL, "product", "there is no product %s", in->product);
    if (rc) goto out;
  } else if (in->kind != IMPORT_FEEDBACK && r.col[IT_PRODUCT] < 0) {
    rc = err_set(x->e, KEEL_EINVAL, "product", "%s go into a product: give --product KEY or map product=COLUMN",
                 import_kind_name(in->kind));
    goto out;
  }
  if (in->reject) {
    for (size_t i = 0; i < r.ncols; i++) csv_field(&r.rejects, r.header[i], i == 0);
    csv_field(&r.rejects, "reason", r.ncols == 0);
    csv_end_row(&r.rejects);
  }
  r.batch = arena_alloc(x->a, STORE_FEEDBACK_BATCH * sizeof *r.batch);
  r.customers = arena_zalloc(x->a, CUSTOMER_CACHE * sizeof *r.customers);
  if ((rc = store_import_cache_begin(x->db, &cache_saved, x->e))) goto out;
  if ((rc = app_begin(x))) goto out;
  began = 1;
  /* Feedback is indexed for search once, after its rows (see store/import.h). */
  const char *fts_trigger = NULL;
  int64_t fts_after = 0;
  if (in->kind == IMPORT_FEEDBACK && (rc = store_feedback_fts_defer(x->db, keep, &fts_trigger, &fts_after, x->e)))
    goto out;
  for (;;) {
    if (!scratch || out->rows % IMPORT_ROWS_PER_ARENA == 0) {
      if (r.nbatch && (rc = flush_batch(&r))) break; /* its rows live in the scratch arena */
      arena_free(scratch);
      scratch = arena_new(64 * 1024);
    }
    rc = csv_read(rd, &row, &got, x->e);
    if (rc && got && in->reject) { /* a malformed row whose end was found: skip it */
      out->rows++;
      rc = reject_row(&r, x->e->msg);
      if (rc) break;
      continue;
    }
    if (rc || !got) break;
    out->rows++;
    x->a = scratch;
    switch (in->kind) {
    case IMPORT_FEEDBACK: rc = row_feedback(&r, scratch); break;
    case IMPORT_IDEAS: rc = row_idea(&r, scratch); break;
    default: rc = row_feature(&r, scratch); break;
    }
    x->a = keep;
    if (rc == KEEL_EINVAL && in->reject) rc = reject_row(&r, x->e->msg);
    if (rc) break;
    if (in->progress && out->rows % PROGRESS_EVERY == 0) in->progress(in->progress_ctx, out->rows, csv_offset(rd));
  }
  x->a = keep;
  out->bytes = csv_offset(rd);
  if (!rc && r.nbatch) rc = flush_batch(&r);
  if (!rc) rc = store_feedback_fts_catch_up(x->db, fts_trigger, fts_after, x->e);
  if (!rc) rc = flush_rejects(&r, 1);
  if (!rc && in->progress) in->progress(in->progress_ctx, out->rows, out->bytes);
  if (!rc) {
    static const char *const actions[IMPORT_KIND_COUNT] = {"feedback.import", "idea.import", "feature.import"};
    static const char *const entities[IMPORT_KIND_COUNT] = {"feedback", "idea", "feature"};
    buf b;
    buf_init(&b, 0);
    repr_import_result(&b, out);
    b.len--;
    buf_puts(&b, ",\"file\":\"");
    buf_json_escape(&b, r.name, strlen(r.name));
    buf_puts(&b, "\"}");
    rc = app_audit(x, actions[in->kind], entities[in->kind], 0, arena_printf(x->a, "import of %s", r.name), NULL,
                   buf_cstr(&b));
    buf_free(&b);
  }
out:
  x->a = keep;
  arena_free(scratch);
  csv_close(rd);
  buf_free(&r.rejects);
  if (!began) {
    store_import_cache_end(x->db, cache_saved);
    return rc;
  }
  if (!rc && in->dry_run) {
    db_rollback(x->db);
    rc = KEEL_OK;
  } else {
    rc = app_finish(x, rc);
  }
  store_import_cache_end(x->db, cache_saved);
  return rc;
}

void repr_import_result(buf *b, const struct import_result *r) {
  buf_printf(b,
             "{\"kind\":\"%s\",\"rows\":%lld,\"imported\":%lld,\"empty\":%lld,\"existing\":%lld,\"rejected\":%lld,"
             "\"bytes\":%lld,\"dry_run\":%s}",
             import_kind_name(r->kind), (long long)r->rows, (long long)r->imported, (long long)r->empty,
             (long long)r->existing, (long long)r->rejected, (long long)r->bytes, r->dry_run ? "true" : "false");
}

int app_import_max_bytes(struct app *x, int64_t *out) {
  *out = IMPORT_UPLOAD_MAX_DEFAULT;
  const char *v;
  int rc = store_setting_get(x->db, x->a, "import.max_bytes", &v, x->e);
  if (rc == KEEL_ENOTFOUND) return KEEL_OK;
  if (rc) return rc;
  char *end;
  long long n = strtoll(v, &end, 10);
  if (end != v && !*end && n > 0) *out = n;
  return KEEL_OK;
}

int app_import_preview(struct app *x, FILE *f, int no_quotes, const char ***header, size_t *nheader,
                       const char ***rows, size_t *nrows, int *delim) {
  *header = NULL;
  *rows = NULL;
  *nheader = *nrows = 0;
  int rc = app_require(x, CAP_PRODUCT, "import");
  if (rc) return rc;
  struct csv_opts o = {.quoting = no_quotes ? CSV_QUOTES_NONE : CSV_QUOTES_RFC, .name = "the file"};
  csv_reader *rd = csv_open(f, &o);
  struct csv_row row;
  int got;
  rc = csv_read(rd, &row, &got, x->e);
  if (!rc && !got) rc = err_set(x->e, KEEL_EINVAL, NULL, "the file is empty (expected a header row, then data)");
  if (!rc) {
    *nheader = row.n;
    const char **h = arena_alloc(x->a, row.n * sizeof *h);
    for (size_t i = 0; i < row.n; i++) h[i] = arena_strdup(x->a, row.f[i]);
    *header = h;
    const char **cells = arena_alloc(x->a, IMPORT_PREVIEW_ROWS * row.n * sizeof *cells);
    while (*nrows < IMPORT_PREVIEW_ROWS) {
      rc = csv_read(rd, &row, &got, x->e);
      if (rc || !got) break;
      for (size_t i = 0; i < *nheader; i++) cells[*nrows * *nheader + i] = arena_strdup(x->a, row.f[i]);
      (*nrows)++;
    }
    *rows = cells;
  }
  *delim = csv_delim(rd);
  csv_close(rd);
  return rc;
}
