/* customers.c — adding, reading and editing customers and their contacts. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "app/internal.h"
#include "domain/text.h"
#include "store/customers.h"

static const char *snap_customer(struct app *x, const struct customer *c) {
  buf b;
  buf_init(&b, 1024);
  repr_customer(&b, c);
  const char *s = arena_strdup(x->a, buf_cstr(&b));
  buf_free(&b);
  return s;
}

/* Finds a customer by id ("12") or name. KEEL_ENOTFOUND names ref. */
static int find_customer(struct app *x, const char *ref, struct customer *out) {
  const char *r = text_trim(x->a, ref ? ref : "");
  if (!*r) return err_set(x->e, KEEL_EINVAL, "customer", "name a customer (its id or name)");
  char *end;
  long long id = strtoll(r, &end, 10);
  int rc;
  if (*end == '\0' && id > 0) {
    rc = store_customer_get(x->db, x->a, id, out, x->e);
    if (rc != KEEL_ENOTFOUND) return rc;
  }
  rc = store_customer_by_name(x->db, x->a, r, out, x->e);
  if (rc == KEEL_ENOTFOUND) return err_set(x->e, KEEL_ENOTFOUND, "customer", "there is no customer %s", r);
  return rc;
}

static int apply(struct app *x, struct customer *c, const struct customer_patch *p) {
  if (p->name) c->name = text_trim(x->a, p->name);
  if (p->segment) c->segment = customer_segment_normal(x->a, p->segment);
  if (p->plan) c->plan = text_trim(x->a, p->plan);
  if (p->has_arr) c->arr = p->arr;
  return customer_check(c, x->e);
}

int app_customer_create(struct app *x, const struct customer_patch *p, struct customer *out) {
  int rc = app_require(x, CAP_PRODUCT, "add customers");
  if (rc) return rc;
  struct customer c = {.segment = "", .plan = "", .created_at = x->now, .updated_at = x->now};
  rc = apply(x, &c, p);
  if (rc) return rc;
  rc = app_begin(x);
  if (rc) return rc;
  rc = store_customer_insert(x->db, &c, x->e);
  if (!rc) rc = app_audit(x, "customer.create", "customer", c.id, c.name, NULL, snap_customer(x, &c));
  rc = app_finish(x, rc);
  if (!rc) *out = c;
  return rc;
}

int app_customer_get(struct app *x, const char *ref, struct customer *out) {
  int rc = app_require(x, CAP_READ, "see customers");
  return rc ? rc : find_customer(x, ref, out);
}

int app_customer_update(struct app *x, const char *ref, const struct customer_patch *p, int64_t expect_version,
                        struct customer *out) {
  int rc = app_require(x, CAP_PRODUCT, "edit customers");
  if (rc) return rc;
  rc = app_begin(x);
  if (rc) return rc;
  struct customer cur, c;
  rc = find_customer(x, ref, &cur);
  if (!rc) rc = app_check_version(x, cur.version, expect_version, cur.name);
  if (!rc) {
    c = cur;
    c.updated_at = x->now;
    rc = apply(x, &c, p);
  }
  if (!rc) rc = store_customer_update(x->db, &c, x->e);
  if (!rc) rc = app_audit(x, "customer.update", "customer", c.id, c.name, snap_customer(x, &cur), snap_customer(x, &c));
  rc = app_finish(x, rc);
  if (!rc) *out = c;
  return rc;
}

int app_customer_list(struct app *x, const struct customer_list_in *in, struct customer_page *out) {
  memset(out, 0, sizeof *out);
  int rc = app_require(x, CAP_READ, "see customers");
  if (rc) return rc;
  struct customer_query q = {0};
  const char *sort = in->sort && *in->sort ? in->sort : "name";
  if (strcmp(sort, "arr") == 0) q.by_arr = 1;
  else if (strcmp(sort, "name") != 0) return err_set(x->e, KEEL_EINVAL, "sort", "sort must be name or arr");
  if (in->q && *in->q) {
    q.text = text_trim(x->a, in->q);
    rc = text_check_line("q", q.text, SEARCH_MAX_CHARS, 0, x->e);
    if (rc) return rc;
  }
  if (in->segment && *in->segment) q.segment = customer_segment_normal(x->a, in->segment);
  struct cursor c;
  rc = cursor_decode(in->after, sort, &c, x->e);
  if (!rc) rc = page_limit_parse(in->limit, &q.limit, x->e);
  if (rc) return rc;
  q.after_id = c.set ? c.id : 0;
  rc = store_customer_list(x->db, x->a, &q, &out->items, &out->n, x->e);
  if (rc) return rc;
  if (out->n > (size_t)q.limit) {
    out->n = (size_t)q.limit;
    struct cursor next = {.set = 1, .id = out->items[out->n - 1].id, .ival = q.by_arr ? out->items[out->n - 1].arr : 0};
    buf b;
    buf_init(&b, 128);
    cursor_encode(&b, sort, &next);
    out->next = arena_strdup(x->a, buf_cstr(&b));
    buf_free(&b);
  }
  return KEEL_OK;
}

int app_contact_create(struct app *x, const char *customer_ref, const char *name, const char *email,
                       struct contact *out) {
  int rc = app_require(x, CAP_PRODUCT, "add contacts");
  if (rc) return rc;
  rc = app_begin(x);
  if (rc) return rc;
  struct customer cu;
  rc = find_customer(x, customer_ref, &cu);
  struct contact c = {.customer_id = cu.id, .customer_name = cu.name, .name = text_trim(x->a, name),
                      .created_at = x->now, .updated_at = x->now};
  if (!rc) {
    char *em = (char *)text_trim(x->a, email ? email : "");
    for (char *p = em; *p; p++) *p = (char)tolower((unsigned char)*p);
    c.email = em;
    rc = contact_check(&c, x->e);
  }
  if (!rc) rc = store_contact_insert(x->db, &c, x->e);
  if (!rc) {
    buf b;
    buf_init(&b, 512);
    repr_contact(&b, &c);
    rc = app_audit(x, "contact.create", "customer", cu.id, cu.name, NULL, arena_strdup(x->a, buf_cstr(&b)));
    buf_free(&b);
  }
  rc = app_finish(x, rc);
  if (!rc) *out = c;
  return rc;
}

int app_contact_list(struct app *x, const char *customer_ref, struct contact **out, size_t *n) {
  int rc = app_require(x, CAP_READ, "see contacts");
  if (rc) return rc;
  struct customer cu;
  rc = find_customer(x, customer_ref, &cu);
  return rc ? rc : store_contact_list(x->db, x->a, cu.id, out, n, x->e);
}

int app_customer_resolve(struct app *x, const char *name, int64_t *id) {
  int created;
  int rc = store_customer_find_or_add(x->db, name, x->now, id, &created, x->e);
  if (!rc && created) {
    struct customer c;
    rc = store_customer_get(x->db, x->a, *id, &c, x->e);
    if (!rc) rc = app_audit(x, "customer.create", "customer", c.id, c.name, NULL, snap_customer(x, &c));
  }
  return rc;
}
