/* feedback.c — recording feedback, triaging it into links, and demand. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "app/internal.h"
#include "core/timeutil.h"
#include "domain/text.h"
#include "store/customers.h"
#include "store/feedback.h"
#include "store/features.h"
#include "store/ideas.h"
#include "store/products.h"

static int64_t viewer(const struct app *x) { return x->actor ? x->actor->user_id : 0; }

static const char *snap_feedback(struct app *x, const struct feedback *f) {
  buf b;
  buf_init(&b, 4096);
  repr_feedback(&b, f, 1);
  const char *s = arena_strdup(x->a, buf_cstr(&b));
  buf_free(&b);
  return s;
}

static const char *label(struct app *x, int64_t id) { return arena_printf(x->a, "feedback %lld", (long long)id); }

/* Normalises, de-duplicates and sorts tags into f. */
static int set_tags(struct app *x, struct feedback *f, const char *const *tags, size_t n) {
  if (n > FEEDBACK_TAGS_MAX) return err_set(x->e, KEEL_EINVAL, "tags", "at most %d tags", FEEDBACK_TAGS_MAX);
  const char **out = arena_alloc(x->a, (n ? n : 1) * sizeof *out);
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    char *t = feedback_tag_normal(x->a, tags[i]);
    if (!t)
      return err_set(x->e, KEEL_EINVAL, "tags",
                     "a tag is 1 to %d letters, digits or - _ . : / (\"%.40s\" is not)", FEEDBACK_TAG_MAX,
                     tags[i] ? tags[i] : "");
    size_t j = 0;
    while (j < k && strcmp(out[j], t) < 0) j++;
    if (j < k && strcmp(out[j], t) == 0) continue;
    memmove(&out[j + 1], &out[j], (k - j) * sizeof *out);
    out[j] = t;
    k++;
  }
  f->tags = out;
  f->ntags = k;
  return KEEL_OK;
}

/* Resolves customer and contact from in into f (creating a customer named for
 * the first time, and a contact by e-mail). */
static int set_who(struct app *x, struct feedback *f, const struct feedback_in *in) {
  int rc = KEEL_OK;
  if (in->clear_customer) {
    f->customer_id = 0;
    f->contact_id = 0;
  }
  if (in->customer_id) {
    struct customer c;
    rc = store_customer_get(x->db, x->a, in->customer_id, &c, x->e);
    if (rc == KEEL_ENOTFOUND)
      return err_set(x->e, KEEL_EINVAL, "customer", "there is no customer %lld", (long long)in->customer_id);
    if (rc) return rc;
    if (f->customer_id != c.id) f->contact_id = 0;
    f->customer_id = c.id;
    f->customer_name = c.name;
  } else if (in->customer_name) {
    const char *name = text_trim(x->a, in->customer_name);
    rc = text_check_line("customer", name, CUSTOMER_NAME_MAX, 1, x->e);
    if (rc) return rc;
    int64_t id;
    rc = app_customer_resolve(x, name, &id);
    if (rc) return rc;
    if (f->customer_id != id) f->contact_id = 0;
    f->customer_id = id;
    f->customer_name = name;
  }
  if (in->clear_contact) f->contact_id = 0;
  if (in->contact_id || (in->contact_email && *in->contact_email)) {
    if (!f->customer_id) return err_set(x->e, KEEL_EINVAL, "contact", "a contact belongs to a customer: name the customer too");
    struct contact c;
    if (in->contact_id) {
      rc = store_contact_get(x->db, x->a, in->contact_id, &c, x->e);
      if (rc == KEEL_ENOTFOUND || (!rc && c.customer_id != f->customer_id))
        return err_set(x->e, KEEL_EINVAL, "contact", "contact %lld is not one of %s's", (long long)in->contact_id,
                       f->customer_name ? f->customer_name : "the customer");
      if (rc) return rc;
    } else {
      char *em = (char *)text_trim(x->a, in->contact_email);
      for (char *p = em; *p; p++) *p = (char)tolower((unsigned char)*p);
      rc = store_contact_by_email(x->db, x->a, f->customer_id, em, &c, x->e);
      if (rc == KEEL_ENOTFOUND) {
        const char *name = in->contact_name && *in->contact_name ? text_trim(x->a, in->contact_name) : em;
        c = (struct contact){.customer_id = f->customer_id, .name = name, .email = em, .created_at = x->now,
                             .updated_at = x->now};
        rc = contact_check(&c, x->e);
        if (!rc) rc = store_contact_insert(x->db, &c, x->e);
      }
      if (rc) return rc;
    }
    f->contact_id = c.id;
    f->contact_name = c.name;
  }
  return KEEL_OK;
}

/* Applies the plain fields of in to f. */
static int set_fields(struct app *x, struct feedback *f, const struct feedback_in *in) {
  int rc;
  if (in->text) f->text = text_trim(x->a, in->text);
  if (in->channel) {
    if (feedback_channel_parse(in->channel, &f->channel))
      return err_set(x->e, KEEL_EINVAL, "channel",
                     "channel must be support, survey, interview, sales_call, review, chat, email or other");
  }
  if (in->reference) f->reference = text_trim(x->a, in->reference);
  if (in->received_at) {
    if (time_parse(in->received_at, &f->received_at))
      return err_set(x->e, KEEL_EINVAL, "received_at",
                     "received_at must be a date like 2026-11-22 or 2026-11-22T14:05:00Z");
  }
  if (in->attributes) f->attributes = in->attributes;
  if (in->clear_product) {
    f->product_id = 0;
    f->product_key = "";
  }
  if (in->product && *in->product) {
    struct product p;
    rc = store_product_get(x->db, x->a, in->product, &p, x->e);
    if (rc == KEEL_ENOTFOUND) return err_set(x->e, KEEL_EINVAL, "product", "there is no product %s", in->product);
    if (rc) return rc;
    f->product_id = p.id;
    f->product_key = p.key;
  }
  if (in->has_tags && (rc = set_tags(x, f, in->tags, in->ntags))) return rc;
  return KEEL_OK;
}

int app_feedback_create(struct app *x, const struct feedback_in *in, struct feedback *out) {
  int rc = app_require(x, CAP_SUBMIT, "record feedback");
  if (rc) return rc;
  if (in->status && strcmp(in->status, "inbox") != 0 && strcmp(in->status, "archived") != 0)
    return err_set(x->e, KEEL_EINVAL, "status", "new feedback is inbox or archived");
  struct feedback f = {.channel = FC_OTHER, .reference = "", .attributes = "{}", .status = FBS_INBOX,
                       .received_at = x->now, .submitted_by = viewer(x), .created_at = x->now, .updated_at = x->now};
  if (in->status && strcmp(in->status, "archived") == 0) f.status = FBS_ARCHIVED;
  rc = set_fields(x, &f, in);
  if (!rc) rc = feedback_check(&f, x->e);
  if (rc) return rc;
  rc = app_begin(x);
  if (rc) return rc;
  rc = set_who(x, &f, in);
  if (!rc) rc = store_feedback_insert(x->db, &f, x->e);
  if (!rc) rc = store_feedback_get(x->db, x->a, f.id, out, x->e);
  if (!rc) rc = app_audit(x, "feedback.create", "feedback", f.id, label(x, f.id), NULL, snap_feedback(x, out));
  return app_finish(x, rc);
}

int app_feedback_get(struct app *x, int64_t id, struct feedback *out, struct feedback_link **links, size_t *nlinks) {
  int rc = app_require(x, CAP_READ, "see feedback");
  if (!rc) rc = store_feedback_get(x->db, x->a, id, out, x->e);
  if (!rc && links) rc = store_feedback_links(x->db, x->a, id, links, nlinks, x->e);
  return rc;
}

int app_feedback_update(struct app *x, int64_t id, const struct feedback_in *in, int64_t expect_version,
                        struct feedback *out) {
  int rc = app_require(x, CAP_SUBMIT, "edit feedback");
  if (rc) return rc;
  rc = app_begin(x);
  if (rc) return rc;
  struct feedback cur, f;
  rc = store_feedback_get(x->db, x->a, id, &cur, x->e);
  if (!rc && !role_allows(x->actor->role, CAP_PRODUCT) &&
      !(cur.submitted_by && cur.submitted_by == viewer(x) && cur.status == FBS_INBOX))
    rc = err_set(x->e, KEEL_EPERM, NULL, "only a PM, or its submitter while it is in the inbox, can edit feedback %lld",
                 (long long)id);
  if (!rc) rc = app_check_version(x, cur.version, expect_version, label(x, id));
  if (!rc) {
    f = cur;
    f.updated_at = x->now;
    rc = set_fields(x, &f, in);
  }
  if (!rc && in->status) {
    if (strcmp(in->status, "archived") == 0) {
      if (cur.link_count > 0)
        rc = err_set(x->e, KEEL_ECONFLICT, "status", "feedback %lld is linked: unlink it before archiving it",
                     (long long)id);
      f.status = FBS_ARCHIVED;
    } else if (strcmp(in->status, "inbox") == 0) {
      f.status = cur.link_count > 0 ? FBS_LINKED : FBS_INBOX;
    } else {
      rc = err_set(x->e, KEEL_EINVAL, "status", "status must be inbox or archived (linked follows from links)");
    }
  }
  if (!rc) rc = feedback_check(&f, x->e);
  if (!rc) rc = set_who(x, &f, in);
  if (!rc) rc = store_feedback_update(x->db, &f, x->e);
  if (!rc) rc = store_feedback_get(x->db, x->a, id, out, x->e);
  if (!rc) rc = app_audit(x, "feedback.update", "feedback", id, label(x, id), snap_feedback(x, &cur), snap_feedback(x, out));
  return app_finish(x, rc);
}

static int parse_status(const char *s, int *out) {
  enum feedback_status v;
  if (feedback_status_parse(s, &v)) return -1;
  *out = (int)v;
  return 0;
}

static int parse_id(struct app *x, const char *s, const char *field, int64_t *out) {
  char *end;
  long long v = strtoll(s, &end, 10);
  if (end == s || *end || v <= 0) return err_set(x->e, KEEL_EINVAL, field, "%s must be an id (a whole number)", field);
  *out = v;
  return KEEL_OK;
}

int app_feedback_list(struct app *x, const struct feedback_list_in *in, struct feedback_page *out) {
  memset(out, 0, sizeof *out);
  int rc = app_require(x, CAP_READ, "see feedback");
  if (rc) return rc;
  struct feedback_query q = {.channel = -1, .with_tags = 1};
  rc = app_parse_mask(x, in->status, "status", 1u << FBS_INBOX, 0, parse_status, &q.status_mask);
  if (rc) return rc;
  if (in->channel && *in->channel) {
    enum feedback_channel c;
    if (feedback_channel_parse(in->channel, &c))
      return err_set(x->e, KEEL_EINVAL, "channel",
                     "channel must be support, survey, interview, sales_call, review, chat, email or other");
    q.channel = (int)c;
  }
  if (in->customer && *in->customer) {
    struct customer c;
    rc = app_customer_get(x, in->customer, &c);
    if (rc == KEEL_ENOTFOUND) return err_set(x->e, KEEL_EINVAL, "customer", "there is no customer %s", in->customer);
    if (rc) return rc;
    q.customer_id = c.id;
  }
  if (in->product && *in->product) {
    struct product p;
    rc = store_product_get(x->db, x->a, in->product, &p, x->e);
    if (rc == KEEL_ENOTFOUND) return err_set(x->e, KEEL_EINVAL, "product", "there is no product %s", in->product);
    if (rc) return rc;
    q.product_id = p.id;
  }
  if (in->tag && *in->tag) {
    q.tag = feedback_tag_normal(x->a, in->tag);
    if (!q.tag) return err_set(x->e, KEEL_EINVAL, "tag", "%.40s is not a tag", in->tag);
  }
  if (in->idea && *in->idea && (rc = parse_id(x, in->idea, "idea", &q.idea_id))) return rc;
  if (in->feature && *in->feature) {
    struct feature f;
    rc = store_feature_get(x->db, x->a, in->feature, &f, x->e);
    if (rc == KEEL_ENOTFOUND) return err_set(x->e, KEEL_EINVAL, "feature", "there is no feature %s", in->feature);
    if (rc) return rc;
    q.feature_id = f.id;
  }
  struct cursor c;
  rc = cursor_decode(in->after, "received", &c, x->e);
  if (!rc) rc = page_limit_parse(in->limit, &q.limit, x->e);
  if (rc) return rc;
  if (c.set) {
    q.after_received = c.ival;
    q.after_id = c.id;
  }
  rc = store_feedback_list(x->db, x->a, &q, &out->items, &out->n, &out->total, x->e);
  if (rc) return rc;
  if (out->n > (size_t)q.limit) {
    out->n = (size_t)q.limit;
    const struct feedback *last = &out->items[out->n - 1];
    struct cursor next = {.set = 1, .id = last->id, .ival = last->received_at};
    buf b;
    buf_init(&b, 128);
    cursor_encode(&b, "received", &next);
    out->next = arena_strdup(x->a, buf_cstr(&b));
    buf_free(&b);
  }
  return KEEL_OK;
}

static const char *snap_link(struct app *x, const struct feedback_link *l) {
  buf b;
  buf_init(&b, 1024);
  repr_feedback_link(&b, l);
  const char *s = arena_strdup(x->a, buf_cstr(&b));
  buf_free(&b);
  return s;
}

int app_feedback_link(struct app *x, int64_t feedback_id, const char *idea, const char *feature, const char *quote,
                      const char *importance, struct feedback_link *out) {
  int rc = app_require(x, CAP_PRODUCT, "link feedback");
  if (rc) return rc;
  int has_idea = idea && *idea, has_feature = feature && *feature;
  if (has_idea == has_feature)
    return err_set(x->e, KEEL_EINVAL, has_idea ? "feature" : "idea", "link to one idea (its id) or one feature (its key)");
  struct feedback_link l = {.feedback_id = feedback_id, .quote = text_trim(x->a, quote ? quote : ""),
                            .importance = IMP_IMPORTANT, .created_by = viewer(x), .created_at = x->now};
  if (importance && *importance && importance_parse(importance, &l.importance))
    return err_set(x->e, KEEL_EINVAL, "importance", "importance must be nice_to_have, important or critical");
  int64_t idea_id = 0;
  if (has_idea && (rc = parse_id(x, idea, "idea", &idea_id))) return rc;
  rc = app_begin(x);
  if (rc) return rc;
  struct feedback f;
  rc = store_feedback_get(x->db, x->a, feedback_id, &f, x->e);
  if (!rc && *l.quote && !strstr(f.text, l.quote))
    rc = err_set(x->e, KEEL_EINVAL, "quote", "the quote must be words from the feedback's text, as they are written");
  if (!rc && has_idea) {
    struct idea i;
    rc = store_idea_get(x->db, x->a, idea_id, 0, &i, x->e);
    if (rc == KEEL_ENOTFOUND) rc = err_set(x->e, KEEL_EINVAL, "idea", "there is no idea %lld", (long long)idea_id);
    if (!rc && i.merged_at)
      rc = err_set(x->e, KEEL_ECONFLICT, "idea", "idea %lld was merged into idea %lld: link to that one",
                   (long long)i.id, (long long)i.duplicate_of);
    l.idea_id = i.id;
    l.idea_title = i.title;
  }
  if (!rc && has_feature) {
    struct feature fe;
    rc = store_feature_get(x->db, x->a, feature, &fe, x->e);
    if (rc == KEEL_ENOTFOUND) rc = err_set(x->e, KEEL_EINVAL, "feature", "there is no feature %s", feature);
    l.feature_id = fe.id;
    l.feature_key = fe.key;
    l.feature_title = fe.title;
  }
  if (!rc) rc = feedback_link_check(&l, x->e);
  if (!rc) rc = store_feedback_link_insert(x->db, &l, x->e);
  if (!rc) rc = app_audit(x, "feedback.link", "feedback", feedback_id, label(x, feedback_id), NULL, snap_link(x, &l));
  rc = app_finish(x, rc);
  if (!rc) *out = l;
  return rc;
}

int app_feedback_unlink(struct app *x, int64_t feedback_id, int64_t link_id) {
  int rc = app_require(x, CAP_PRODUCT, "unlink feedback");
  if (rc) return rc;
  rc = app_begin(x);
  if (rc) return rc;
  struct feedback_link l;
  rc = store_feedback_link_get(x->db, x->a, link_id, &l, x->e);
  if (!rc && l.feedback_id != feedback_id)
    rc = err_set(x->e, KEEL_ENOTFOUND, NULL, "feedback %lld has no link %lld", (long long)feedback_id, (long long)link_id);
  if (!rc) rc = store_feedback_link_delete(x->db, link_id, x->now, x->e);
  if (!rc) rc = app_audit(x, "feedback.unlink", "feedback", feedback_id, label(x, feedback_id), snap_link(x, &l), NULL);
  return app_finish(x, rc);
}

int app_demand_feature(struct app *x, const char *key, struct demand *out) {
  int rc = app_require(x, CAP_READ, "see demand");
  if (rc) return rc;
  struct feature f;
  rc = store_feature_get(x->db, x->a, key, &f, x->e);
  return rc ? rc : store_demand_feature(x->db, x->a, f.id, out, x->e);
}

int app_demand_idea(struct app *x, int64_t id, struct demand *out) {
  int rc = app_require(x, CAP_READ, "see demand");
  if (rc) return rc;
  struct idea i;
  rc = store_idea_get(x->db, x->a, id, 0, &i, x->e);
  return rc ? rc : store_demand_idea(x->db, x->a, id, out, x->e);
}

int app_feature_reach_from_demand(struct app *x, const char *key, int64_t expect_version, struct feature *out) {
  int rc = app_require(x, CAP_PRODUCT, "score features");
  if (rc) return rc;
  struct feature f;
  struct demand d;
  rc = store_feature_get(x->db, x->a, key, &f, x->e);
  if (!rc && !f.rice.set)
    rc = err_set(x->e, KEEL_ECONFLICT, "rice", "%s has no RICE score yet: give it impact, confidence and effort first",
                 f.key);
  if (!rc) rc = store_demand_feature(x->db, x->a, f.id, &d, x->e);
  if (!rc && d.customers == 0)
    rc = err_set(x->e, KEEL_ECONFLICT, "rice", "no customer has asked for %s yet: link feedback to it first", f.key);
  if (rc) return rc;
  struct feature_patch p = {.rice = {.has_reach = 1, .reach = (double)d.customers}};
  return app_feature_update(x, key, &p, expect_version, out);
}
