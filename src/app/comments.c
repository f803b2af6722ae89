/* comments.c — discussing ideas and features. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "app/internal.h"
#include "domain/text.h"
#include "store/comments.h"
#include "store/customers.h"
#include "store/feedback.h"
#include "store/features.h"
#include "store/ideas.h"

int app_resolve_entity(struct app *x, const char *type, const char *ref, int64_t *id, const char **label) {
  if (type && strcmp(type, "feature") == 0) {
    struct feature f;
    int rc = store_feature_get(x->db, x->a, ref, &f, x->e);
    if (rc) return rc;
    *id = f.id;
    *label = f.key;
    return KEEL_OK;
  }
  if (type && (strcmp(type, "idea") == 0 || strcmp(type, "product") == 0 || strcmp(type, "user") == 0 ||
               strcmp(type, "feedback") == 0 || strcmp(type, "customer") == 0)) {
    char *end;
    errno = 0;
    long long v = ref ? strtoll(ref, &end, 10) : 0;
    if (!ref || end == ref || *end || errno || v <= 0)
      return err_set(x->e, KEEL_ENOTFOUND, NULL, "no %s %s", type, ref ? ref : "");
    if (strcmp(type, "idea") == 0) {
      struct idea i;
      int rc = store_idea_get(x->db, x->a, v, 0, &i, x->e);
      if (rc) return rc;
      *label = arena_printf(x->a, "idea %lld", v);
    } else if (strcmp(type, "feedback") == 0) {
      struct feedback f;
      int rc = store_feedback_get(x->db, x->a, v, &f, x->e);
      if (rc) return rc;
      *label = arena_printf(x->a, "feedback %lld", v);
    } else if (strcmp(type, "customer") == 0) {
      struct customer c;
      int rc = store_customer_get(x->db, x->a, v, &c, x->e);
      if (rc) return rc;
      *label = c.name;
    } else {
      *label = arena_printf(x->a, "%s %lld", type, v);
    }
    *id = v;
    return KEEL_OK;
  }
  return err_set(x->e, KEEL_EINVAL, "entity", "comments and history belong to an idea or a feature");
}

int app_comment_add(struct app *x, const char *entity_type, const char *ref, const char *body, struct comment *out) {
  return app_comment_write(x, entity_type, ref, body, 0, out);
}

int app_comment_write(struct app *x, const char *entity_type, const char *ref, const char *body, int is_public,
                      struct comment *out) {
  int rc = app_require(x, CAP_SUBMIT, "comment");
  if (rc) return rc;
  if (!entity_type || (strcmp(entity_type, "idea") != 0 && strcmp(entity_type, "feature") != 0))
    return err_set(x->e, KEEL_EINVAL, "entity", "comments belong to an idea or a feature");
  if (is_public && strcmp(entity_type, "idea") != 0)
    return err_set(x->e, KEEL_EINVAL, "public", "only comments on ideas can be shown to customers");
  struct comment c = {
      .entity_type = entity_type,
      .author_id = x->actor->user_id,
      .author_name = x->actor->name,
      .body = text_trim(x->a, body ? body : ""),
      .created_at = x->now,
      .is_public = is_public ? 1 : 0,
  };
  rc = comment_check(&c, x->e);
  if (rc) return rc;
  rc = app_begin(x);
  if (rc) return rc;
  const char *lbl = NULL;
  rc = app_resolve_entity(x, entity_type, ref, &c.entity_id, &lbl);
  if (!rc) rc = store_comment_insert(x->db, &c, x->e);
  if (!rc) {
    buf b;
    buf_init(&b, 0);
    if (c.is_public) buf_printf(&b, "{\"comment\":%J,\"public\":true}", c.body);
    else buf_printf(&b, "{\"comment\":%J}", c.body);
    rc = app_audit(x, "comment.add", entity_type, c.entity_id, lbl, NULL, arena_strdup(x->a, buf_cstr(&b)));
    buf_free(&b);
  }
  rc = app_finish(x, rc);
  if (!rc) *out = c;
  return rc;
}

int app_comment_list(struct app *x, const char *entity_type, int64_t entity_id, struct comment **out, size_t *n) {
  int rc = app_require(x, CAP_READ, "read comments");
  if (rc) return rc;
  return store_comment_list(x->db, x->a, entity_type, entity_id, out, n, x->e);
}
