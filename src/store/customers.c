/* customers.c — SQL for customers and contacts. */
#include "store/customers.h"

#include <ctype.h>
#include <string.h>

#include "core/buf.h"

#define CUSTOMER_COLS                                                                              \
  "c.id, c.name, c.segment, c.arr, c.plan, c.created_at, c.updated_at, c.version, "               \
  "(SELECT COUNT(*) FROM feedback f WHERE f.customer_id = c.id) "

static void read_customer(db_stmt *st, arena *a, struct customer *c) {
  memset(c, 0, sizeof *c);
  c->id = db_col_int(st, 0);
  c->name = db_col_str0(st, 1, a);
  c->segment = db_col_str0(st, 2, a);
  c->arr = db_col_int(st, 3);
  c->plan = db_col_str0(st, 4, a);
  c->created_at = db_col_int(st, 5);
  c->updated_at = db_col_int(st, 6);
  c->version = db_col_int(st, 7);
  c->feedback_count = db_col_int(st, 8);
}

/* The uniqueness key, as domain/customer.c makes it, without an arena. */
static void name_key(buf *b, const char *name) {
  const char *s = name ? name : "";
  size_t n = strlen(s);
  while (n && isspace((unsigned char)s[n - 1])) n--;
  while (n && isspace((unsigned char)*s)) s++, n--;
  for (size_t i = 0; i < n; i++) buf_putc(b, (char)tolower((unsigned char)s[i]));
}

int store_customer_insert(db *d, struct customer *c, struct keel_err *e) {
  db_stmt *st = db_prepare(d,
                           "INSERT INTO customers(name, name_key, segment, arr, plan, created_at, updated_at, version) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?, 1) RETURNING id",
                           e);
  if (!st) return e->rc;
  buf key;
  buf_init(&key, 1024);
  name_key(&key, c->name);
  db_bind_text(st, 1, c->name);
  db_bind_text(st, 2, buf_cstr(&key));
  db_bind_text(st, 3, c->segment ? c->segment : "");
  db_bind_int(st, 4, c->arr);
  db_bind_text(st, 5, c->plan ? c->plan : "");
  db_bind_int(st, 6, c->created_at);
  db_bind_int(st, 7, c->updated_at);
  int rc = db_step_returning(st, &c->id, e, "add customer");
  buf_free(&key);
  if (rc == KEEL_EEXISTS) return err_set(e, rc, "name", "a customer named %s already exists", c->name);
  c->version = 1;
  return rc;
}

static int get_one(db_stmt *st, arena *a, struct customer *out, struct keel_err *e, const char *what) {
  int r = db_step(st), rc = KEEL_OK;
  if (r > 0) read_customer(st, a, out);
  else if (r == 0) rc = err_set(e, KEEL_ENOTFOUND, NULL, "no customer %s", what);
  else rc = db_fail(db_stmt_db(st), e, "read customer");
  db_done(st);
  return rc;
}

int store_customer_get(db *d, arena *a, int64_t id, struct customer *out, struct keel_err *e) {
  db_stmt *st = db_prepare(d, "SELECT " CUSTOMER_COLS "FROM customers c WHERE c.id = ?", e);
  if (!st) return e->rc;
  db_bind_int(st, 1, id);
  return get_one(st, a, out, e, "with that id");
}

int store_customer_by_name(db *d, arena *a, const char *name, struct customer *out, struct keel_err *e) {
  db_stmt *st = db_prepare(d, "SELECT " CUSTOMER_COLS "FROM customers c WHERE c.name_key = ?", e);
  if (!st) return e->rc;
  buf key;
  buf_init(&key, 1024);
  name_key(&key, name);
  db_bind_text(st, 1, buf_cstr(&key));
  int rc = get_one(st, a, out, e, name ? name : "");
  buf_free(&key);
  return rc;
}

int store_customer_find_or_add(db *d, const char *name, int64_t now, int64_t *id, int *created, struct keel_err *e) {
  *created = 0;
  buf key;
  buf_init(&key, 1024);
  name_key(&key, name);
  db_stmt *st = db_prepare(d, "SELECT id FROM customers WHERE name_key = ?", e);
  int rc = st ? KEEL_OK : e->rc;
  if (st) {
    db_bind_text(st, 1, buf_cstr(&key));
    int r = db_step(st);
    if (r > 0) *id = db_col_int(st, 0);
    else if (r < 0) rc = db_fail(d, e, "find customer");
    db_done(st);
    if (!rc && r == 0) {
      const char *s = name;
      while (isspace((unsigned char)*s)) s++;
      buf trimmed;
      buf_init(&trimmed, 1024);
      buf_puts(&trimmed, s);
      while (trimmed.len && isspace((unsigned char)trimmed.data[trimmed.len - 1])) trimmed.len--;
      struct customer c = {.name = buf_cstr(&trimmed), .segment = "", .plan = "", .created_at = now, .updated_at = now};
      rc = store_customer_insert(d, &c, e);
      if (!rc) {
        *id = c.id;
        *created = 1;
      }
      buf_free(&trimmed);
    }
  }
  buf_free(&key);
  return rc;
}

int store_customer_update(db *d, struct customer *c, struct keel_err *e) {
  db_stmt *st = db_prepare(d,
                           "UPDATE customers SET name = ?, name_key = ?, segment = ?, arr = ?, plan = ?, updated_at = ?, "
                           "version = version + 1 WHERE id = ? AND version = ? RETURNING version",
                           e);
  if (!st) return e->rc;
  buf key;
  buf_init(&key, 1024);
  name_key(&key, c->name);
  db_bind_text(st, 1, c->name);
  db_bind_text(st, 2, buf_cstr(&key));
  db_bind_text(st, 3, c->segment ? c->segment : "");
  db_bind_int(st, 4, c->arr);
  db_bind_text(st, 5, c->plan ? c->plan : "");
  db_bind_int(st, 6, c->updated_at);
  db_bind_int(st, 7, c->id);
  db_bind_int(st, 8, c->version);
  int rc = db_step_returning(st, &c->version, e, "update customer");
  buf_free(&key);
  if (rc == KEEL_EEXISTS) return err_set(e, rc, "name", "a customer named %s already exists", c->name);
  if (rc == KEEL_ENOTFOUND)
    return err_set(e, KEEL_ESTALE, "version", "customer %lld was changed by someone else", (long long)c->id);
  return rc;
}

int store_customer_list(db *d, arena *a, const struct customer_query *q, struct customer **out, size_t *n,
                        struct keel_err *e) {
  *out = NULL;
  *n = 0;
  buf sql, pat;
  buf_init(&sql, 4096);
  buf_init(&pat, 1024);
  buf_puts(&sql, "SELECT " CUSTOMER_COLS "FROM customers c WHERE 1 = 1");
  if (q->text && *q->text) {
    buf_puts(&sql, " AND c.name_key LIKE ? ESCAPE '\\'");
    buf_putc(&pat, '%');
    for (const char *p = q->text; *p; p++) {
      if (*p == '%' || *p == '_' || *p == '\\') buf_putc(&pat, '\\');
      buf_putc(&pat, (char)tolower((unsigned char)*p));
    }
    buf_putc(&pat, '%');
  }
  if (q->segment) buf_puts(&sql, " AND c.segment = ?");
  if (q->after_id)
    buf_puts(&sql, q->by_arr ? " AND (c.arr < (SELECT arr FROM customers WHERE id = ?) OR "
                               "(c.arr = (SELECT arr FROM customers WHERE id = ?) AND c.id > ?))"
                             : " AND (c.name_key > (SELECT name_key FROM customers WHERE id = ?) OR "
                               "(c.name_key = (SELECT name_key FROM customers WHERE id = ?) AND c.id > ?))");
  buf_puts(&sql, q->by_arr ? " ORDER BY c.arr DESC, c.id" : " ORDER BY c.name_key, c.id");
  buf_puts(&sql, " LIMIT ?");
  db_stmt *st = db_prepare(d, buf_cstr(&sql), e);
  int rc = st ? KEEL_OK : e->rc;
  if (st) {
    int k = 1;
    if (q->text && *q->text) db_bind_text(st, k++, buf_cstr(&pat));
    if (q->segment) db_bind_text(st, k++, q->segment);
    if (q->after_id)
      for (int i = 0; i < 3; i++) db_bind_int(st, k++, q->after_id);
    db_bind_int(st, k, q->limit + 1);
    size_t cap = 0;
    int r;
    while ((r = db_step(st)) > 0) {
      if (*n == cap) {
        size_t grown = cap ? cap * 2 : 32;
        *out = arena_realloc(a, *out, cap * sizeof **out, grown * sizeof **out);
        cap = grown;
      }
      read_customer(st, a, &(*out)[(*n)++]);
    }
    if (r < 0) rc = db_fail(d, e, "list customers");
    db_done(st);
  }
  buf_free(&sql);
  buf_free(&pat);
  return rc;
}

#define CONTACT_COLS "k.id, k.customer_id, c.name, k.name, k.email, k.created_at, k.updated_at, k.version "
#define CONTACT_FROM "FROM contacts k JOIN customers c ON c.id = k.customer_id "

static void read_contact(db_stmt *st, arena *a, struct contact *c) {
  memset(c, 0, sizeof *c);
  c->id = db_col_int(st, 0);
  c->customer_id = db_col_int(st, 1);
  c->customer_name = db_col_str0(st, 2, a);
  c->name = db_col_str0(st, 3, a);
  c->email = db_col_str0(st, 4, a);
  c->created_at = db_col_int(st, 5);
  c->updated_at = db_col_int(st, 6);
  c->version = db_col_int(st, 7);
}

int store_contact_insert(db *d, struct contact *c, struct keel_err *e) {
  db_stmt *st = db_prepare(d,
                           "INSERT INTO contacts(customer_id, name, email, created_at, updated_at, version) "
                           "VALUES (?, ?, ?, ?, ?, 1) RETURNING id",
                           e);
  if (!st) return e->rc;
  db_bind_int(st, 1, c->customer_id);
  db_bind_text(st, 2, c->name);
  db_bind_text(st, 3, c->email ? c->email : "");
  db_bind_int(st, 4, c->created_at);
  db_bind_int(st, 5, c->updated_at);
  int rc = db_step_returning(st, &c->id, e, "add contact");
  c->version = 1;
  return rc;
}

static int get_contact(db_stmt *st, arena *a, struct contact *out, struct keel_err *e) {
  int r = db_step(st), rc = KEEL_OK;
  if (r > 0) read_contact(st, a, out);
  else if (r == 0) rc = err_set(e, KEEL_ENOTFOUND, NULL, "no such contact");
  else rc = db_fail(db_stmt_db(st), e, "read contact");
  db_done(st);
  return rc;
}

int store_contact_get(db *d, arena *a, int64_t id, struct contact *out, struct keel_err *e) {
  db_stmt *st = db_prepare(d, "SELECT " CONTACT_COLS CONTACT_FROM "WHERE k.id = ?", e);
  if (!st) return e->rc;
  db_bind_int(st, 1, id);
  return get_contact(st, a, out, e);
}

int store_contact_by_email(db *d, arena *a, int64_t customer_id, const char *email, struct contact *out,
                           struct keel_err *e) {
  db_stmt *st = db_prepare(d, "SELECT " CONTACT_COLS CONTACT_FROM "WHERE k.customer_id = ? AND k.email = ? "
                              "ORDER BY k.id LIMIT 1", e);
  if (!st) return e->rc;
  db_bind_int(st, 1, customer_id);
  db_bind_text(st, 2, email);
  return get_contact(st, a, out, e);
}

int store_contact_update(db *d, struct contact *c, struct keel_err *e) {
  db_stmt *st = db_prepare(d,
                           "UPDATE contacts SET name = ?, email = ?, updated_at = ?, version = version + 1 "
                           "WHERE id = ? AND version = ? RETURNING version",
                           e);
  if (!st) return e->rc;
  db_bind_text(st, 1, c->name);
  db_bind_text(st, 2, c->email ? c->email : "");
  db_bind_int(st, 3, c->updated_at);
  db_bind_int(st, 4, c->id);
  db_bind_int(st, 5, c->version);
  int rc = db_step_returning(st, &c->version, e, "update contact");
  if (rc == KEEL_ENOTFOUND)
    return err_set(e, KEEL_ESTALE, "version", "contact %lld was changed by someone else", (long long)c->id);
  return rc;
}

int store_contact_list(db *d, arena *a, int64_t customer_id, struct contact **out, size_t *n, struct keel_err *e) {
  *out = NULL;
  *n = 0;
  db_stmt *st = db_prepare(d, "SELECT " CONTACT_COLS CONTACT_FROM "WHERE k.customer_id = ? ORDER BY k.name, k.id", e);
  if (!st) return e->rc;
  db_bind_int(st, 1, customer_id);
  size_t cap = 0;
  int r;
  while ((r = db_step(st)) > 0) {
    if (*n == cap) {
      size_t grown = cap ? cap * 2 : 16;
      *out = arena_realloc(a, *out, cap * sizeof **out, grown * sizeof **out);
      cap = grown;
    }
    read_contact(st, a, &(*out)[(*n)++]);
  }
  int rc = r < 0 ? db_fail(d, e, "list contacts") : KEEL_OK;
  db_done(st);
  return rc;
}
