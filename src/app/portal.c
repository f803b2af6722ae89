/* portal.c — the customer portal: publishing ideas (PMs), and what portal
 * users (and staff looking through their eyes) read, vote on, comment on and
 * submit. What a customer may see is decided in domain/portal.c and read by
 * store/portal.c, which selects nothing else. */
#include <string.h>

#include "app/internal.h"
#include "core/timeutil.h"
#include "domain/text.h"
#include "store/comments.h"
#include "store/customers.h"
#include "store/ideas.h"
#include "store/portal.h"
#include "store/products.h"
#include "store/settings.h"

static int64_t reader(const struct app *x) { return x->actor ? x->actor->user_id : 0; }

static const char *label(struct app *x, int64_t id) { return arena_printf(x->a, "idea %lld", (long long)id); }

/* ---- publishing (PMs) ---- */

/* Reads idea id for a change by a PM, checking the version. Inside a transaction. */
static int publish_read(struct app *x, int64_t id, int64_t expect_version, struct idea *cur) {
  int rc = store_idea_get(x->db, x->a, id, reader(x), cur, x->e);
  if (!rc) rc = app_check_version(x, cur->version, expect_version, label(x, id));
  return rc;
}

/* Writes i, reads it back into out and audits action. Inside a transaction. */
static int publish_write(struct app *x, const char *action, const struct idea *cur, struct idea *i, struct idea *out) {
  i->updated_at = x->now;
  int rc = store_idea_update(x->db, i, x->e);
  if (!rc) rc = store_idea_get(x->db, x->a, i->id, reader(x), out, x->e);
  if (!rc) rc = app_audit(x, action, "idea", i->id, label(x, i->id), snap_idea(x, cur), snap_idea(x, out));
  return rc;
}

int app_idea_publish(struct app *x, int64_t id, const char *public_title, const char *public_description,
                     int64_t expect_version, struct idea *out) {
  int rc = app_require(x, CAP_PRODUCT, "publish ideas to the customer portal");
  if (rc) return rc;
  const char *pt = public_title ? text_trim(x->a, public_title) : NULL;
  const char *pd = public_description ? text_trim(x->a, public_description) : NULL;
  if (pt) rc = text_check_line("public_title", pt, TITLE_MAX_CHARS, 0, x->e);
  if (!rc && pd) rc = text_check_body("public_description", pd, DESCRIPTION_MAX_BYTES, 0, x->e);
  if (rc) return rc;
  rc = app_begin(x);
  if (rc) return rc;
  struct idea cur, i;
  rc = publish_read(x, id, expect_version, &cur);
  if (!rc) {
    i = cur;
    i.is_public = 1;
    if (pt) i.public_title = pt;
    if (pd) i.public_description = pd;
    rc = publish_write(x, "idea.publish", &cur, &i, out);
  }
  return app_finish(x, rc);
}

int app_idea_unpublish(struct app *x, int64_t id, int64_t expect_version, struct idea *out) {
  int rc = app_require(x, CAP_PRODUCT, "take ideas off the customer portal");
  if (rc) return rc;
  rc = app_begin(x);
  if (rc) return rc;
  struct idea cur, i;
  rc = publish_read(x, id, expect_version, &cur);
  if (!rc && !cur.is_public)
    rc = err_set(x->e, KEEL_ECONFLICT, "public", "idea %lld is not published; customers do not see it", (long long)id);
  if (!rc) {
    i = cur;
    i.is_public = 0; /* the public texts stay, ready for publishing again */
    rc = publish_write(x, "idea.unpublish", &cur, &i, out);
  }
  return app_finish(x, rc);
}

/* ---- reading ---- */

/* Fills duplicate_title for an idea merged into (or a duplicate of) another
 * that the reader may see. */
static int fill_duplicate(struct app *x, struct portal_idea *i) {
  if (!i->duplicate_of) return KEEL_OK;
  struct portal_idea of;
  struct keel_err ignored;
  int rc = store_portal_get(x->db, x->a, i->duplicate_of, reader(x), &of, &ignored);
  if (rc == KEEL_OK) i->duplicate_title = of.title;
  else if (rc != KEEL_ENOTFOUND) {
    *x->e = ignored;
    return rc;
  }
  return KEEL_OK;
}

/* The one answer for an idea that is absent and for one the reader may not
 * see, so that probing ids tells nothing. */
static int not_here(struct app *x, int64_t id) {
  return err_set(x->e, KEEL_ENOTFOUND, NULL, "there is no idea %lld in the portal", (long long)id);
}

/* Reads idea id as the reader sees it, or not_here(). */
static int portal_read(struct app *x, int64_t id, struct portal_idea *out) {
  int rc = store_portal_get(x->db, x->a, id, reader(x), out, x->e);
  if (rc == KEEL_ENOTFOUND) return not_here(x, id);
  if (!rc) rc = fill_duplicate(x, out);
  return rc;
}

static int parse_status(const char *s, int *out) {
  enum idea_status v;
  if (idea_status_parse(s, &v)) return -1;
  *out = (int)v;
  return 0;
}

enum { PORTAL_OPEN_MASK = (1u << IS_NEW) | (1u << IS_UNDER_REVIEW) };

static const char *sort_name(enum portal_sort s) {
  return s == PSORT_VOTES ? "votes" : s == PSORT_NEWEST ? "newest" : "updated";
}

static int portal_page_run(struct app *x, const struct portal_list_in *in, int requests, struct portal_page *out) {
  memset(out, 0, sizeof *out);
  int rc = app_require(x, CAP_PORTAL, requests ? "see your requests" : "see the customer portal");
  if (rc) return rc;
  struct portal_query q = {.reader_id = reader(x), .requests = requests, .sort = requests ? PSORT_UPDATED : PSORT_VOTES};
  if (in->product && *in->product) {
    struct product p;
    rc = store_product_get(x->db, x->a, in->product, &p, x->e);
    if (rc == KEEL_ENOTFOUND) return err_set(x->e, KEEL_EINVAL, "product", "there is no product %s", in->product);
    if (rc) return rc;
    q.product_id = p.id;
  }
  rc = app_parse_mask(x, in->status, "status", PORTAL_OPEN_MASK, 0, parse_status, &q.status_mask);
  if (rc) return rc;
  if (!requests && in->sort && *in->sort) {
    if (strcmp(in->sort, "votes") == 0) q.sort = PSORT_VOTES;
    else if (strcmp(in->sort, "newest") == 0) q.sort = PSORT_NEWEST;
    else return err_set(x->e, KEEL_EINVAL, "sort", "sort must be votes or newest");
  }
  rc = cursor_decode(in->after, sort_name(q.sort), &q.after, x->e);
  if (!rc) rc = page_limit_parse(in->limit, &q.limit, x->e);
  if (!rc) rc = store_portal_list(x->db, x->a, &q, &out->items, &out->n, x->e);
  if (rc) return rc;
  if (out->n > (size_t)q.limit) {
    out->n = (size_t)q.limit;
    const struct portal_idea *last = &out->items[out->n - 1];
    struct cursor c = {.set = 1, .id = last->id};
    c.ival = q.sort == PSORT_VOTES ? last->votes : q.sort == PSORT_UPDATED ? last->updated_at : last->created_at;
    buf b;
    buf_init(&b, 256);
    cursor_encode(&b, sort_name(q.sort), &c);
    out->next = arena_strdup(x->a, buf_cstr(&b));
    buf_free(&b);
  }
  for (size_t k = 0; !rc && k < out->n; k++) rc = fill_duplicate(x, &out->items[k]);
  return rc;
}

int app_portal_list(struct app *x, const struct portal_list_in *in, struct portal_page *out) {
  return portal_page_run(x, in, 0, out);
}

int app_portal_requests(struct app *x, const struct portal_list_in *in, struct portal_page *out) {
  return portal_page_run(x, in, 1, out);
}

int app_portal_get(struct app *x, int64_t id, struct portal_idea *out) {
  int rc = app_require(x, CAP_PORTAL, "see the customer portal");
  if (rc) return rc;
  return portal_read(x, id, out);
}

int app_portal_comments(struct app *x, int64_t id, struct portal_comment **out, size_t *n) {
  *out = NULL;
  *n = 0;
  struct portal_idea i;
  int rc = app_portal_get(x, id, &i);
  if (!rc) rc = store_portal_comments(x->db, x->a, id, reader(x), out, n, x->e);
  return rc;
}

int app_portal_products(struct app *x, struct product **out, size_t *n) {
  *out = NULL;
  *n = 0;
  int rc;
  if (!x->actor || x->actor->role == ROLE_NONE) { /* the anonymous submission form, when it is open */
    int on = 0;
    rc = app_portal_anonymous(x, &on);
    if (!rc && !on) rc = err_set(x->e, KEEL_EAUTH, NULL, "sign in to see the customer portal");
  } else {
    rc = app_require(x, CAP_PORTAL, "see the customer portal");
  }
  if (rc) return rc;
  return store_product_list(x->db, x->a, out, n, x->e);
}

/* ---- voting and commenting ---- */

int app_portal_vote(struct app *x, int64_t id, int on, struct portal_idea *out) {
  int rc = app_require(x, CAP_PORTAL, "vote");
  if (rc) return rc;
  if (!reader(x)) return err_set(x->e, KEEL_EINVAL, "user", "a vote belongs to a person: name the voter with --user EMAIL");
  rc = app_begin(x);
  if (rc) return rc;
  struct portal_idea cur;
  int changed = 0;
  rc = portal_read(x, id, &cur);
  if (!rc && on && (cur.status == IS_DECLINED || cur.status == IS_DUPLICATE))
    rc = err_set(x->e, KEEL_ECONFLICT, "status", "this idea is %s; it takes no more votes",
                 cur.status == IS_DECLINED ? "declined" : cur.merged ? "merged into another" : "a duplicate of another");
  if (!rc) rc = on ? store_vote_add(x->db, id, reader(x), x->now, &changed, x->e)
                   : store_vote_remove(x->db, id, reader(x), &changed, x->e);
  if (!rc) rc = portal_read(x, id, out);
  if (!rc && changed) {
    const char *before = arena_printf(x->a, "{\"votes\":%lld}", (long long)cur.votes);
    const char *after = arena_printf(x->a, "{\"votes\":%lld}", (long long)out->votes);
    rc = app_audit(x, on ? "idea.vote" : "idea.unvote", "idea", id, label(x, id), before, after);
  }
  return app_finish(x, rc);
}

int app_portal_comment(struct app *x, int64_t id, const char *body, struct portal_comment *out) {
  int rc = app_require(x, CAP_PORTAL, "comment");
  if (rc) return rc;
  if (!reader(x)) return err_set(x->e, KEEL_EINVAL, "user", "a comment belongs to a person: name its author with --user EMAIL");
  struct comment c = {
      .entity_type = "idea",
      .entity_id = id,
      .author_id = reader(x),
      .author_name = x->actor->name,
      .body = text_trim(x->a, body ? body : ""),
      .created_at = x->now,
      .is_public = 1,
  };
  rc = comment_check(&c, x->e);
  if (rc) return rc;
  rc = app_begin(x);
  if (rc) return rc;
  struct portal_idea i;
  rc = portal_read(x, id, &i);
  if (!rc) rc = store_comment_insert(x->db, &c, x->e);
  if (!rc) {
    buf b;
    buf_init(&b, 0);
    buf_printf(&b, "{\"comment\":%J,\"public\":true}", c.body);
    rc = app_audit(x, "comment.add", "idea", id, label(x, id), NULL, arena_strdup(x->a, buf_cstr(&b)));
    buf_free(&b);
  }
  rc = app_finish(x, rc);
  if (rc) return rc;
  int staff = role_allows(x->actor->role, CAP_READ);
  *out = (struct portal_comment){.id = c.id, .author = portal_author(1, staff, c.author_name), .staff = staff,
                                 .mine = 1, .body = c.body, .created_at = c.created_at};
  return KEEL_OK;
}

/* ---- submitting ---- */

int app_portal_anonymous(struct app *x, int *on) {
  const char *v = NULL;
  struct keel_err e;
  *on = 0;
  int rc = store_setting_get(x->db, x->a, PORTAL_ANONYMOUS_SETTING, &v, &e);
  if (rc == KEEL_ENOTFOUND) return KEEL_OK; /* off unless an admin turned it on */
  if (rc) {
    *x->e = e;
    return rc;
  }
  *on = portal_setting_on(v);
  return KEEL_OK;
}

int app_portal_submit(struct app *x, const struct portal_submission *in, struct portal_idea *out) {
  int anonymous = !x->actor || x->actor->role == ROLE_NONE;
  int rc;
  if (anonymous) {
    int on = 0;
    rc = app_portal_anonymous(x, &on);
    if (rc) return rc;
    if (!on) return err_set(x->e, KEEL_EAUTH, NULL, "sign in to submit ideas");
  } else {
    rc = app_require(x, CAP_PORTAL, "submit ideas");
    if (rc) return rc;
  }
  struct idea i = {
      .title = text_trim(x->a, in->title ? in->title : ""),
      .description = text_trim(x->a, in->description ? in->description : ""),
      .customer = "",
      .source = SRC_CUSTOMER,
      .status = IS_NEW,
      .submitted_by = reader(x),
      .created_at = x->now,
      .updated_at = x->now,
  };
  const char *subject = NULL;
  if (anonymous) {
    /* The name goes where PMs read who asked (the idea's customer line). */
    i.customer = text_trim(x->a, in->name ? in->name : "");
    i.submitter_email = text_trim(x->a, in->email ? in->email : "");
    rc = portal_submitter_check(i.customer, i.submitter_email, x->e);
    if (rc) return rc;
    subject = arena_printf(x->a, "portal-addr:%s", in->client_addr && *in->client_addr ? in->client_addr : "unknown");
  }
  rc = idea_check(&i, x->e);
  if (rc) return rc;
  if (!in->product || !*in->product) return err_set(x->e, KEEL_EINVAL, "product", "choose the product this is about");
  rc = app_begin(x);
  if (rc) return rc;
  if (subject) rc = app_throttle_check(x, subject, PORTAL_ANON_PER_ADDRESS, "ideas sent from your address");
  struct product p;
  if (!rc) rc = store_product_get(x->db, x->a, in->product, &p, x->e);
  if (rc == KEEL_ENOTFOUND) rc = err_set(x->e, KEEL_EINVAL, "product", "there is no product %s", in->product);
  if (!anonymous) i.customer_id = x->actor->customer_id; /* the customer the portal user speaks for, if any */
  if (!rc && i.customer_id) {
    struct customer cu;
    rc = store_customer_get(x->db, x->a, i.customer_id, &cu, x->e);
    if (!rc) i.customer = cu.name;
  }
  struct idea stored;
  if (!rc) {
    i.product_id = p.id;
    rc = store_idea_insert(x->db, &i, x->e);
  }
  if (!rc) rc = store_idea_get(x->db, x->a, i.id, 0, &stored, x->e);
  if (!rc) rc = app_audit(x, "idea.submit", "idea", i.id, label(x, i.id), NULL, snap_idea(x, &stored));
  if (!rc && subject) rc = app_throttle_count(x, subject);
  rc = app_finish(x, rc);
  if (rc) return rc;
  /* What its submitter sees of it (an anonymous one cannot read it back). */
  *out = (struct portal_idea){.id = stored.id, .product_key = p.key, .product_name = p.name,
                              .title = portal_title(stored.title, stored.public_title), .description = "",
                              .status = stored.status, .decline_reason = "", .mine = 1,
                              .created_at = stored.created_at, .updated_at = stored.updated_at};
  return KEEL_OK;
}

/* ---- JSON ---- */

static void time_member(buf *b, const char *name, int64_t t) {
  if (!t) {
    buf_printf(b, "\"%s\":null", name);
    return;
  }
  char iso[TIME_ISO_LEN];
  time_iso(t, iso);
  buf_printf(b, "\"%s\":\"%s\"", name, iso);
}

void repr_portal_idea(buf *b, const struct portal_idea *i) {
  buf_printf(b, "{\"id\":%lld,\"product\":%J,\"product_name\":%J,\"title\":%J,\"description\":%J,\"status\":%J,"
                "\"status_label\":%J,\"decline_reason\":%J,",
             (long long)i->id, i->product_key, i->product_name, i->title, i->description ? i->description : "",
             idea_status_name(i->status), portal_status_label(i), i->status == IS_DECLINED ? i->decline_reason : NULL);
  /* The original is named only when the reader may see it. */
  if (i->duplicate_of && i->duplicate_title)
    buf_printf(b, "\"duplicate_of\":{\"id\":%lld,\"title\":%J,\"merged\":%s},", (long long)i->duplicate_of,
               i->duplicate_title, i->merged ? "true" : "false");
  else if (i->duplicate_of)
    buf_printf(b, "\"duplicate_of\":{\"id\":null,\"title\":null,\"merged\":%s},", i->merged ? "true" : "false");
  else buf_puts(b, "\"duplicate_of\":null,");
  buf_printf(b, "\"shipped\":%s,", i->shipped ? "true" : "false");
  time_member(b, "shipped_at", i->shipped ? i->shipped_at : 0);
  buf_printf(b, ",\"votes\":%lld,\"voted\":%s,\"mine\":%s,\"public\":%s,", (long long)i->votes, i->voted ? "true" : "false",
             i->mine ? "true" : "false", i->is_public ? "true" : "false");
  time_member(b, "created_at", i->created_at);
  buf_putc(b, ',');
  time_member(b, "updated_at", i->updated_at);
  buf_putc(b, '}');
}

void repr_portal_comment(buf *b, const struct portal_comment *c) {
  buf_printf(b, "{\"id\":%lld,\"author\":%J,\"team\":%s,\"mine\":%s,\"body\":%J,", (long long)c->id, c->author,
             c->staff ? "true" : "false", c->mine ? "true" : "false", c->body);
  time_member(b, "created_at", c->created_at);
  buf_putc(b, '}');
}
