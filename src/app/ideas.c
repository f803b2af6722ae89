/* ideas.c — submitting, triaging, voting on and listing ideas. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "app/internal.h"
#include "app/notify.h"
#include "domain/text.h"
#include "store/features.h"
#include "store/ideas.h"
#include "store/products.h"

static int64_t viewer(const struct app *x) { return x->actor ? x->actor->user_id : 0; }

static int idea_read(struct app *x, int64_t id, struct idea *out) {
  int rc = store_idea_get(x->db, x->a, id, viewer(x), out, x->e);
  if (!rc) rc = notify_fill_following(x, out, 1);
  return rc;
}

int app_idea_submit(struct app *x, const struct idea_input *in, struct idea *out) {
  int rc = app_require(x, CAP_SUBMIT, "submit ideas");
  if (rc) return rc;
  struct idea i = {
      .title = text_trim(x->a, in->title),
      .description = in->description ? text_trim(x->a, in->description) : "",
      .customer = in->customer ? text_trim(x->a, in->customer) : "",
      .status = IS_NEW,
      .submitted_by = viewer(x),
      .created_at = x->now,
      .updated_at = x->now,
  };
  if (!in->source || !*in->source)
    return err_set(x->e, KEEL_EINVAL, "source", "source is required: customer, sales, support, engineering, leadership or other");
  if (idea_source_parse(in->source, &i.source))
    return err_set(x->e, KEEL_EINVAL, "source", "source must be customer, sales, support, engineering, leadership or other");
  rc = idea_check(&i, x->e);
  if (rc) return rc;
  if (!in->product || !*in->product) return err_set(x->e, KEEL_EINVAL, "product", "product is required");
  rc = app_begin(x);
  if (rc) return rc;
  struct product p;
  rc = store_product_get(x->db, x->a, in->product, &p, x->e);
  if (rc == KEEL_ENOTFOUND) rc = err_set(x->e, KEEL_EINVAL, "product", "there is no product %s", in->product);
  if (!rc && *i.customer && !i.customer_id) rc = app_customer_resolve(x, i.customer, &i.customer_id);
  if (!rc) {
    i.product_id = p.id;
    rc = store_idea_insert(x->db, &i, x->e);
  }
  if (!rc) rc = idea_read(x, i.id, out);
  if (!rc) rc = app_audit(x, "idea.submit", "idea", out->id, arena_printf(x->a, "idea %lld", (long long)out->id), NULL,
                          snap_idea(x, out));
  return app_finish(x, rc);
}

int app_idea_get(struct app *x, int64_t id, struct idea *out) {
  int rc = app_require(x, CAP_READ, "see ideas");
  if (rc) return rc;
  return idea_read(x, id, out);
}

static const char *label(struct app *x, const struct idea *i) { return arena_printf(x->a, "idea %lld", (long long)i->id); }

int app_idea_update(struct app *x, int64_t id, const struct idea_input *in, int64_t expect_version, struct idea *out) {
  int rc = app_require(x, CAP_SUBMIT, "edit ideas");
  if (rc) return rc;
  rc = app_begin(x);
  if (rc) return rc;
  struct idea cur, i;
  rc = idea_read(x, id, &cur);
  if (!rc && !role_allows(x->actor->role, CAP_PRODUCT)) {
    if (cur.submitted_by != viewer(x) || !viewer(x))
      rc = err_set(x->e, KEEL_EPERM, NULL, "only the person who submitted an idea, or a PM, can edit it");
    else if (cur.status != IS_NEW)
      rc = err_set(x->e, KEEL_EPERM, NULL, "your idea is %s now; ask a PM to change it",
                   idea_status_label(cur.status));
  }
  if (!rc) rc = app_check_version(x, cur.version, expect_version, label(x, &cur));
  if (!rc) {
    i = cur;
    if (in->title) i.title = text_trim(x->a, in->title);
    if (in->description) i.description = text_trim(x->a, in->description);
    if (in->customer && strcmp(text_trim(x->a, in->customer), cur.customer) != 0) {
      i.customer = text_trim(x->a, in->customer);
      i.customer_id = 0;
      i.contact_id = 0;
      if (*i.customer && idea_check(&i, x->e) == KEEL_OK) rc = app_customer_resolve(x, i.customer, &i.customer_id);
    }
    if (!rc && in->source && idea_source_parse(in->source, &i.source))
      rc = err_set(x->e, KEEL_EINVAL, "source", "source must be customer, sales, support, engineering, leadership or other");
    if (in->product && strcmp(in->product, cur.product_key) != 0) {
      struct product p;
      if (!rc) rc = store_product_get(x->db, x->a, in->product, &p, x->e);
      if (rc == KEEL_ENOTFOUND) rc = err_set(x->e, KEEL_EINVAL, "product", "there is no product %s", in->product);
      if (!rc) {
        i.product_id = p.id;
        i.product_key = p.key;
      }
    }
    i.updated_at = x->now;
    if (!rc) rc = idea_check(&i, x->e);
  }
  if (!rc) rc = store_idea_update(x->db, &i, x->e);
  if (!rc) rc = idea_read(x, id, out);
  if (!rc) rc = app_audit(x, "idea.update", "idea", id, label(x, &cur), snap_idea(x, &cur), snap_idea(x, out));
  return app_finish(x, rc);
}

/* What a triage action changes besides the status. */
struct triage {
  enum idea_action action;
  const char *reason;        /* decline */
  int64_t duplicate_of;      /* duplicate */
  const char *feature_key;   /* promote: link to this feature, or NULL for a new one */
  struct feature *feature;   /* promote: receives the feature */
};

/* Runs one triage action on idea id in a transaction. */
static int triage_run(struct app *x, int64_t id, int64_t expect_version, struct triage *t, struct idea *out) {
  int rc = app_require(x, CAP_PRODUCT, "triage ideas");
  if (rc) return rc;
  rc = app_begin(x);
  if (rc) return rc;
  struct idea cur, i;
  rc = idea_read(x, id, &cur);
  if (!rc) rc = app_check_version(x, cur.version, expect_version, label(x, &cur));
  if (!rc) rc = idea_action_check(t->action, cur.status, x->e);
  i = cur;
  if (!rc) switch (t->action) {
    case IA_REVIEW:
      break;
    case IA_DECLINE:
      i.decline_reason = text_trim(x->a, t->reason ? t->reason : "");
      if (!*i.decline_reason)
        rc = err_set(x->e, KEEL_EINVAL, "reason", "a reason is required to decline an idea: the submitter will see it");
      else
        rc = text_check_line("reason", i.decline_reason, REASON_MAX_CHARS, 1, x->e);
      break;
    case IA_DUPLICATE: {
      int64_t target = t->duplicate_of;
      struct idea of;
      for (int hops = 0; !rc && hops < 16; hops++) {
        if (target == id) {
          rc = err_set(x->e, KEEL_EINVAL, "of", "an idea cannot be a duplicate of itself");
          break;
        }
        rc = idea_read(x, target, &of);
        if (rc == KEEL_ENOTFOUND) rc = err_set(x->e, KEEL_EINVAL, "of", "there is no idea %lld", (long long)target);
        if (rc || of.status != IS_DUPLICATE) break;
        target = of.duplicate_of; /* point at the original, not at another copy */
      }
      i.duplicate_of = target;
      break;
    }
    case IA_PROMOTE: {
      struct feature f;
      if (t->feature_key && *t->feature_key) {
        rc = store_feature_get(x->db, x->a, t->feature_key, &f, x->e);
        if (rc == KEEL_ENOTFOUND) rc = err_set(x->e, KEEL_EINVAL, "feature", "there is no feature %s", t->feature_key);
        if (!rc && f.status == FS_ARCHIVED)
          rc = err_set(x->e, KEEL_ECONFLICT, "feature", "%s is archived; pick a live feature", f.key);
      } else {
        struct product p;
        struct feature_patch fp = {.title = cur.title, .description = cur.description};
        rc = store_product_get_id(x->db, x->a, cur.product_id, &p, x->e);
        if (!rc) rc = app_feature_insert_tx(x, &p, &fp, &f);
      }
      if (!rc) {
        i.feature_id = f.id;
        if (t->feature) *t->feature = f;
      }
      break;
    }
    case IA_REOPEN:
      i.decline_reason = "";
      i.duplicate_of = 0;
      i.feature_id = 0;
      break;
    case IA_COUNT:
      rc = err_set(x->e, KEEL_EINTERNAL, NULL, "unknown action");
      break;
    }
  if (!rc) {
    i.status = idea_action_target(t->action);
    i.updated_at = x->now;
    rc = store_idea_update(x->db, &i, x->e);
  }
  if (!rc) rc = idea_read(x, id, out);
  if (!rc) rc = notify_idea_status(x, &cur, out); /* submitter, voters, followers; webhooks; e-mail */
  if (!rc) {
    const char *action = arena_printf(x->a, "idea.%s", idea_action_name(t->action));
    rc = app_audit(x, action, "idea", id, label(x, &cur), snap_idea(x, &cur), snap_idea(x, out));
  }
  return app_finish(x, rc);
}

int app_idea_review(struct app *x, int64_t id, int64_t expect_version, struct idea *out) {
  struct triage t = {.action = IA_REVIEW};
  return triage_run(x, id, expect_version, &t, out);
}

int app_idea_promote(struct app *x, int64_t id, const char *feature_key, int64_t expect_version, struct idea *out,
                     struct feature *feature_out) {
  struct triage t = {.action = IA_PROMOTE, .feature_key = feature_key, .feature = feature_out};
  return triage_run(x, id, expect_version, &t, out);
}

int app_idea_decline(struct app *x, int64_t id, const char *reason, int64_t expect_version, struct idea *out) {
  struct triage t = {.action = IA_DECLINE, .reason = reason};
  return triage_run(x, id, expect_version, &t, out);
}

int app_idea_mark_duplicate(struct app *x, int64_t id, int64_t of_id, int64_t expect_version, struct idea *out) {
  struct triage t = {.action = IA_DUPLICATE, .duplicate_of = of_id};
  return triage_run(x, id, expect_version, &t, out);
}

int app_idea_reopen(struct app *x, int64_t id, int64_t expect_version, struct idea *out) {
  struct triage t = {.action = IA_REOPEN};
  return triage_run(x, id, expect_version, &t, out);
}

int app_idea_vote(struct app *x, int64_t id, int on, struct idea *out) {
  int rc = app_require(x, CAP_SUBMIT, "vote");
  if (rc) return rc;
  if (!viewer(x)) return err_set(x->e, KEEL_EINVAL, "user", "a vote belongs to a person: name the voter with --user EMAIL");
  rc = app_begin(x);
  if (rc) return rc;
  struct idea cur;
  int changed = 0;
  rc = idea_read(x, id, &cur);
  if (!rc && on && (cur.status == IS_DECLINED || cur.status == IS_DUPLICATE))
    rc = err_set(x->e, KEEL_ECONFLICT, "status", "the idea is %s; it takes no more votes",
                 cur.status == IS_DECLINED ? "declined" : "a duplicate (vote on the original)");
  if (!rc) rc = on ? store_vote_add(x->db, id, viewer(x), x->now, &changed, x->e)
                   : store_vote_remove(x->db, id, viewer(x), &changed, x->e);
  if (!rc) rc = idea_read(x, id, out);
  if (!rc && changed) {
    const char *before = arena_printf(x->a, "{\"votes\":%lld}", (long long)cur.votes);
    const char *after = arena_printf(x->a, "{\"votes\":%lld}", (long long)out->votes);
    rc = app_audit(x, on ? "idea.vote" : "idea.unvote", "idea", id, label(x, &cur), before, after);
  }
  return app_finish(x, rc);
}

static int parse_status(const char *s, int *out) {
  enum idea_status v;
  if (idea_status_parse(s, &v)) return -1;
  *out = (int)v;
  return 0;
}

enum { IDEA_OPEN_MASK = (1u << IS_NEW) | (1u << IS_UNDER_REVIEW) };

int app_idea_list(struct app *x, const struct idea_list_in *in, struct idea_page *out) {
  memset(out, 0, sizeof *out);
  int rc = app_require(x, CAP_READ, "see ideas");
  if (rc) return rc;
  struct idea_query q = {.source = -1, .viewer_id = viewer(x), .sort = ISORT_NEWEST,
                         .with_description = in->with_description};
  if (in->product && *in->product) {
    struct product p;
    rc = store_product_get(x->db, x->a, in->product, &p, x->e);
    if (rc == KEEL_ENOTFOUND) return err_set(x->e, KEEL_EINVAL, "product", "there is no product %s", in->product);
    if (rc) return rc;
    q.product_id = p.id;
  }
  if (in->feature && *in->feature) {
    struct feature f;
    rc = store_feature_get(x->db, x->a, in->feature, &f, x->e);
    if (rc == KEEL_ENOTFOUND) return err_set(x->e, KEEL_EINVAL, "feature", "there is no feature %s", in->feature);
    if (rc) return rc;
    q.feature_id = f.id;
  }
  rc = app_parse_mask(x, in->status, "status", IDEA_OPEN_MASK, 0, parse_status, &q.status_mask);
  if (rc) return rc;
  if (in->source && *in->source) {
    enum idea_source s;
    if (idea_source_parse(in->source, &s))
      return err_set(x->e, KEEL_EINVAL, "source", "source must be customer, sales, support, engineering, leadership or other");
    q.source = (int)s;
  }
  if (in->mine) {
    if (!viewer(x)) return err_set(x->e, KEEL_EINVAL, "mine", "\"mine\" needs a person: name yourself with --user EMAIL");
    q.submitted_by = viewer(x);
  }
  if (in->text && *in->text) {
    q.text = text_trim(x->a, in->text);
    rc = text_check_line("q", q.text, SEARCH_MAX_CHARS, 0, x->e);
    if (rc) return rc;
  }
  if (in->sort && *in->sort && idea_sort_parse(in->sort, &q.sort))
    return err_set(x->e, KEEL_EINVAL, "sort", "sort must be newest, votes or updated");
  rc = cursor_decode(in->after, idea_sort_name(q.sort), &q.after, x->e);
  if (!rc) rc = page_limit_parse(in->limit, &q.limit, x->e);
  if (rc) return rc;
  rc = store_idea_list(x->db, x->a, &q, &out->items, &out->n, x->e);
  if (!rc) rc = notify_fill_following(x, out->items, out->n);
  if (rc) return rc;
  if (out->n > (size_t)q.limit) {
    out->n = (size_t)q.limit;
    const struct idea *last = &out->items[out->n - 1];
    struct cursor c = {.set = 1, .id = last->id};
    c.ival = q.sort == ISORT_VOTES ? last->votes : q.sort == ISORT_UPDATED ? last->updated_at : last->created_at;
    buf b;
    buf_init(&b, 256);
    cursor_encode(&b, idea_sort_name(q.sort), &c);
    out->next = arena_strdup(x->a, buf_cstr(&b));
    buf_free(&b);
  }
  return KEEL_OK;
}
