/* competitors.c — competitors and the capability comparison. */
#include "app/competitors.h"

#include <stdlib.h>
#include <string.h>

#include "app/internal.h"
#include "core/timeutil.h"
#include "domain/text.h"
#include "store/products.h"

void repr_competitor(buf *b, const struct competitor *c) {
  char iso[TIME_ISO_LEN];
  time_iso(c->updated_at, iso);
  buf_printf(b,
             "{\"id\":%lld,\"product\":%J,\"name\":%J,\"website\":%J,\"strengths\":%J,\"weaknesses\":%J,"
             "\"updated_at\":\"%s\",\"version\":%lld}",
             (long long)c->id, c->product_key, c->name, c->website, c->strengths, c->weaknesses, iso, (long long)c->version);
}

void repr_capability(buf *b, const struct capability *c) {
  buf_printf(b, "{\"id\":%lld,\"name\":%J,\"ours\":%d,\"ours_label\":%J,\"note\":%J,\"version\":%lld}", (long long)c->id,
             c->name, c->ours, capability_level_label(c->ours), c->note, (long long)c->version);
}

void repr_capability_matrix(buf *b, const struct capability_matrix *m) {
  buf_puts(b, "{\"competitors\":[");
  for (size_t j = 0; j < m->ncomps; j++) {
    if (j) buf_putc(b, ',');
    repr_competitor(b, &m->comps[j]);
  }
  buf_puts(b, "],\"items\":[");
  for (size_t i = 0; i < m->ncaps; i++) {
    if (i) buf_putc(b, ',');
    repr_capability(b, &m->caps[i]);
    b->len--;
    buf_puts(b, ",\"levels\":{");
    int k = 0;
    for (size_t j = 0; j < m->ncomps; j++) {
      int l = m->levels[i * m->ncomps + j];
      if (l >= 0) buf_printf(b, "%s\"%lld\":%d", k++ ? "," : "", (long long)m->comps[j].id, l);
    }
    buf_puts(b, "}}");
  }
  buf_puts(b, "]}");
}

static const char *snap_comp(struct app *x, const struct competitor *c) {
  buf b;
  buf_init(&b, 512);
  repr_competitor(&b, c);
  const char *s = arena_strdup(x->a, buf_cstr(&b));
  buf_free(&b);
  return s;
}

static const char *snap_cap(struct app *x, const struct capability *c) {
  buf b;
  buf_init(&b, 256);
  repr_capability(&b, c);
  const char *s = arena_strdup(x->a, buf_cstr(&b));
  buf_free(&b);
  return s;
}

static int product_id_of(struct app *x, const char *product_key, int64_t *id) {
  *id = 0;
  if (!product_key || !*product_key) return KEEL_OK;
  struct product p;
  int rc = store_product_get(x->db, x->a, product_key, &p, x->e);
  if (!rc) *id = p.id;
  return rc;
}

/* Reads ref as a positive id, or 0. */
static int64_t id_of(const char *r) {
  char *end;
  long long id = strtoll(r, &end, 10);
  return *end == '\0' && id > 0 ? id : 0;
}

static int find_comp(struct app *x, int64_t product_id, const char *ref, struct competitor *out) {
  const char *r = text_trim(x->a, ref ? ref : "");
  if (!*r) return err_set(x->e, KEEL_EINVAL, "competitor", "name a competitor (its id or name)");
  int64_t id = id_of(r);
  int rc = KEEL_ENOTFOUND;
  if (id) {
    rc = store_competitor_get(x->db, x->a, id, out, x->e);
    if (!rc && product_id && out->product_id != product_id) rc = KEEL_ENOTFOUND;
  }
  if (rc == KEEL_ENOTFOUND && product_id) rc = store_competitor_by_name(x->db, x->a, product_id, r, out, x->e);
  if (rc == KEEL_ENOTFOUND) return err_set(x->e, KEEL_ENOTFOUND, "competitor", "there is no competitor %s", r);
  return rc;
}

static int find_cap(struct app *x, int64_t product_id, const char *ref, struct capability *out) {
  const char *r = text_trim(x->a, ref ? ref : "");
  if (!*r) return err_set(x->e, KEEL_EINVAL, "capability", "name a capability (its id or name)");
  int64_t id = id_of(r);
  int rc = KEEL_ENOTFOUND;
  if (id) {
    rc = store_capability_get(x->db, x->a, id, out, x->e);
    if (!rc && product_id && out->product_id != product_id) rc = KEEL_ENOTFOUND;
  }
  if (rc == KEEL_ENOTFOUND && product_id) rc = store_capability_by_name(x->db, x->a, product_id, r, out, x->e);
  if (rc == KEEL_ENOTFOUND) return err_set(x->e, KEEL_ENOTFOUND, "capability", "there is no capability %s", r);
  return rc;
}

static int apply(struct app *x, struct competitor *c, const struct competitor_patch *p) {
  if (p->name) c->name = text_trim(x->a, p->name);
  if (p->website) c->website = text_trim(x->a, p->website);
  if (p->strengths) c->strengths = text_trim(x->a, p->strengths);
  if (p->weaknesses) c->weaknesses = text_trim(x->a, p->weaknesses);
  return competitor_check(c, x->e);
}

int app_competitor_get(struct app *x, const char *product_key, const char *ref, struct competitor *out) {
  int rc = app_require(x, CAP_READ, "see competitors");
  int64_t pid;
  if (!rc) rc = product_id_of(x, product_key, &pid);
  return rc ? rc : find_comp(x, pid, ref, out);
}

int app_competitor_create(struct app *x, const char *product_key, const struct competitor_patch *p,
                          struct competitor *out) {
  int rc = app_require(x, CAP_PRODUCT, "add competitors");
  if (rc) return rc;
  rc = app_begin(x);
  if (rc) return rc;
  struct product pr;
  struct competitor c = {.website = "", .strengths = "", .weaknesses = "", .created_at = x->now, .updated_at = x->now};
  rc = store_product_get(x->db, x->a, product_key, &pr, x->e);
  if (!rc) {
    c.product_id = pr.id;
    c.product_key = pr.key;
    rc = apply(x, &c, p);
  }
  if (!rc) rc = store_competitor_insert(x->db, &c, x->e);
  if (!rc) rc = app_audit(x, "competitor.create", "competitor", c.id, c.name, NULL, snap_comp(x, &c));
  rc = app_finish(x, rc);
  if (!rc) *out = c;
  return rc;
}

int app_competitor_update(struct app *x, const char *product_key, const char *ref, const struct competitor_patch *p,
                          int64_t expect_version, struct competitor *out) {
  int rc = app_require(x, CAP_PRODUCT, "edit competitors");
  if (rc) return rc;
  rc = app_begin(x);
  if (rc) return rc;
  int64_t pid;
  struct competitor cur, c;
  rc = product_id_of(x, product_key, &pid);
  if (!rc) rc = find_comp(x, pid, ref, &cur);
  if (!rc) rc = app_check_version(x, cur.version, expect_version, cur.name);
  if (!rc) {
    c = cur;
    c.updated_at = x->now;
    rc = apply(x, &c, p);
  }
  if (!rc) rc = store_competitor_update(x->db, &c, x->e);
  if (!rc) rc = app_audit(x, "competitor.update", "competitor", c.id, c.name, snap_comp(x, &cur), snap_comp(x, &c));
  rc = app_finish(x, rc);
  if (!rc) *out = c;
  return rc;
}

int app_competitor_remove(struct app *x, const char *product_key, const char *ref, int64_t expect_version) {
  int rc = app_require(x, CAP_PRODUCT, "remove competitors");
  if (rc) return rc;
  rc = app_begin(x);
  if (rc) return rc;
  int64_t pid;
  struct competitor cur;
  rc = product_id_of(x, product_key, &pid);
  if (!rc) rc = find_comp(x, pid, ref, &cur);
  if (!rc) rc = app_check_version(x, cur.version, expect_version, cur.name);
  if (!rc) rc = store_competitor_delete(x->db, cur.id, x->e);
  if (!rc) rc = app_audit(x, "competitor.remove", "competitor", cur.id, cur.name, snap_comp(x, &cur), NULL);
  return app_finish(x, rc);
}

int app_competitor_list(struct app *x, const char *product_key, struct competitor **out, size_t *n) {
  int rc = app_require(x, CAP_READ, "see competitors");
  if (rc) return rc;
  struct product p;
  rc = store_product_get(x->db, x->a, product_key, &p, x->e);
  return rc ? rc : store_competitor_list(x->db, x->a, p.id, out, n, x->e);
}

int app_capability_add(struct app *x, const char *product_key, const char *name, int ours, const char *note,
                       struct capability *out) {
  int rc = app_require(x, CAP_PRODUCT, "add capabilities");
  if (rc) return rc;
  rc = app_begin(x);
  if (rc) return rc;
  struct product p;
  struct capability c = {.name = text_trim(x->a, name ? name : ""), .ours = ours, .note = text_trim(x->a, note ? note : ""),
                         .created_at = x->now, .updated_at = x->now};
  rc = store_product_get(x->db, x->a, product_key, &p, x->e);
  if (!rc) {
    c.product_id = p.id;
    rc = capability_check(&c, x->e);
  }
  if (!rc) rc = store_capability_insert(x->db, &c, x->e);
  if (!rc) rc = app_audit(x, "capability.create", "product", p.id, p.key, NULL, snap_cap(x, &c));
  rc = app_finish(x, rc);
  if (!rc) *out = c;
  return rc;
}

int app_capability_set(struct app *x, const char *product_key, const char *ref, const struct capability_set *s,
                       int64_t expect_version, struct capability *out) {
  int rc = app_require(x, CAP_PRODUCT, "compare capabilities");
  if (rc) return rc;
  if (s->ours != -1) rc = capability_level_check("ours", s->ours, x->e);
  if (!rc && s->competitor) rc = capability_level_check("level", s->level, x->e);
  if (rc) return rc;
  rc = app_begin(x);
  if (rc) return rc;
  int64_t pid;
  struct capability cur = {0}, c = {0};
  struct competitor comp = {0};
  rc = product_id_of(x, product_key, &pid);
  if (!rc) rc = find_cap(x, pid, ref, &cur);
  if (!rc) rc = app_check_version(x, cur.version, expect_version, cur.name);
  if (!rc && s->competitor) {
    rc = find_comp(x, cur.product_id, s->competitor, &comp);
    if (rc == KEEL_ENOTFOUND) rc = err_set(x->e, KEEL_EINVAL, "competitor", "there is no competitor %s", s->competitor);
  }
  if (!rc) {
    c = cur;
    c.updated_at = x->now;
    if (s->ours != -1) c.ours = s->ours;
    if (s->note && !s->competitor) c.note = text_trim(x->a, s->note);
    rc = capability_check(&c, x->e);
  }
  if (!rc) rc = store_capability_update(x->db, &c, x->e);
  int prev_level = -1;
  if (!rc && s->competitor) {
    struct capability_level *ls;
    size_t nl;
    rc = store_capability_levels(x->db, x->a, cur.product_id, &ls, &nl, x->e);
    for (size_t k = 0; !rc && k < nl; k++)
      if (ls[k].capability_id == cur.id && ls[k].competitor_id == comp.id) prev_level = ls[k].level;
  }
  if (!rc && s->competitor) {
    struct capability_level l = {.competitor_id = comp.id, .capability_id = c.id, .level = s->level,
                                 .note = text_trim(x->a, s->note ? s->note : "")};
    rc = text_check_line("note", l.note, CAPABILITY_NOTE_MAX, 0, x->e);
    if (!rc) rc = store_capability_level_set(x->db, &l, x->e);
  }
  if (!rc) {
    const char *before = snap_cap(x, &cur), *after = snap_cap(x, &c);
    if (s->competitor) {
      /* both sides name the competitor and its level, so the history shows the level's change */
      before = arena_printf(x->a, "{\"capability\":%s,\"competitor\":%lld,\"level\":%s}", before, (long long)comp.id,
                            prev_level < 0 ? "null" : arena_printf(x->a, "%d", prev_level));
      after = arena_printf(x->a, "{\"capability\":%s,\"competitor\":%lld,\"level\":%d}", after, (long long)comp.id, s->level);
    }
    rc = app_audit(x, "capability.set", "product", c.product_id, c.name, before, after);
  }
  rc = app_finish(x, rc);
  if (!rc) *out = c;
  return rc;
}

int app_capability_matrix(struct app *x, const char *product_key, struct capability_matrix *out) {
  memset(out, 0, sizeof *out);
  int rc = app_require(x, CAP_READ, "see competitors");
  if (rc) return rc;
  struct product p;
  struct capability_level *ls;
  size_t nl;
  rc = store_product_get(x->db, x->a, product_key, &p, x->e);
  if (!rc) rc = store_capability_list(x->db, x->a, p.id, &out->caps, &out->ncaps, x->e);
  if (!rc) rc = store_competitor_list(x->db, x->a, p.id, &out->comps, &out->ncomps, x->e);
  if (!rc) rc = store_capability_levels(x->db, x->a, p.id, &ls, &nl, x->e);
  if (rc) return rc;
  size_t cells = out->ncaps * out->ncomps;
  out->levels = arena_alloc(x->a, (cells ? cells : 1) * sizeof *out->levels);
  for (size_t i = 0; i < cells; i++) out->levels[i] = -1;
  for (size_t k = 0; k < nl; k++) {
    size_t i = 0, j = 0;
    while (i < out->ncaps && out->caps[i].id != ls[k].capability_id) i++;
    while (j < out->ncomps && out->comps[j].id != ls[k].competitor_id) j++;
    if (i < out->ncaps && j < out->ncomps) out->levels[i * out->ncomps + j] = ls[k].level;
  }
  return KEEL_OK;
}
