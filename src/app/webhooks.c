/* webhooks.c — admins configure outgoing webhooks: add, change, remove,
 * look at deliveries, send a test. Sending happens in app/deliver.c. */
#include <string.h>

#include "app/notify.h"
#include "core/crypto.h"
#include "core/timeutil.h"
#include "domain/text.h"
#include "store/webhooks.h"

static const char *label(struct app *x, int64_t id) { return arena_printf(x->a, "webhook %lld", (long long)id); }

/* The audit snapshot: everything but the secret. */
static const char *snap(struct app *x, const struct webhook *w) {
  buf b;
  buf_init(&b, 0);
  repr_webhook(&b, w, 0);
  const char *s = arena_strdup(x->a, buf_cstr(&b));
  buf_free(&b);
  return s;
}

/* Checks and applies in's fields to w. */
static int apply(struct app *x, const struct webhook_input *in, struct webhook *w, int creating) {
  if (in->url || creating) {
    const char *url = text_trim(x->a, in->url ? in->url : "");
    int rc = webhook_url_check(url, x->e);
    if (rc) return rc;
    w->url = url;
  }
  if (in->events || creating) {
    int rc = webhook_events_parse(in->events, &w->events, x->e);
    if (rc) return rc;
  }
  if (in->secret) {
    int rc = webhook_secret_check(in->secret, x->e);
    if (rc) return rc;
    w->secret = arena_strdup(x->a, in->secret);
  } else if (creating) {
    char tok[TOKEN_STR_LEN];
    token_generate(tok);
    w->secret = arena_printf(x->a, "whsec_%s", tok);
  }
  if (in->has_active) w->active = in->active ? 1 : 0;
  return KEEL_OK;
}

int app_webhook_create(struct app *x, const struct webhook_input *in, struct webhook *out) {
  int rc = app_require(x, CAP_ADMIN, "configure webhooks");
  if (rc) return rc;
  struct webhook w = {.active = 1, .created_by = x->actor->user_id, .created_at = x->now, .updated_at = x->now};
  rc = apply(x, in, &w, 1);
  if (rc) return rc;
  rc = app_begin(x);
  if (rc) return rc;
  int64_t count;
  rc = store_webhook_count(x->db, &count, x->e);
  if (!rc && count >= WEBHOOKS_MAX)
    rc = err_set(x->e, KEEL_ECONFLICT, NULL, "there are %d webhooks already, the most a workspace has; remove one first",
                 WEBHOOKS_MAX);
  if (!rc) rc = store_webhook_insert(x->db, &w, x->e);
  if (!rc) rc = app_audit(x, "webhook.create", "webhook", w.id, label(x, w.id), NULL, snap(x, &w));
  rc = app_finish(x, rc);
  if (!rc) *out = w;
  return rc;
}

int app_webhook_get(struct app *x, int64_t id, struct webhook *out) {
  int rc = app_require(x, CAP_ADMIN, "see webhooks");
  if (!rc) rc = store_webhook_get(x->db, x->a, id, out, x->e);
  if (!rc) out->secret = "";
  return rc;
}

int app_webhook_list(struct app *x, struct webhook **out, size_t *n) {
  int rc = app_require(x, CAP_ADMIN, "see webhooks");
  if (!rc) rc = store_webhook_list(x->db, x->a, out, n, x->e);
  for (size_t k = 0; !rc && k < *n; k++) (*out)[k].secret = "";
  return rc;
}

int app_webhook_update(struct app *x, int64_t id, const struct webhook_input *in, int64_t expect_version,
                       struct webhook *out) {
  int rc = app_require(x, CAP_ADMIN, "configure webhooks");
  if (rc) return rc;
  rc = app_begin(x);
  if (rc) return rc;
  struct webhook cur, w;
  rc = store_webhook_get(x->db, x->a, id, &cur, x->e);
  if (!rc) rc = app_check_version(x, cur.version, expect_version, label(x, id));
  if (!rc) {
    w = cur;
    w.updated_at = x->now;
    rc = apply(x, in, &w, 0);
  }
  if (!rc) rc = store_webhook_update(x->db, &w, x->e);
  if (!rc) rc = app_audit(x, in->secret ? "webhook.update_secret" : "webhook.update", "webhook", id, label(x, id),
                          snap(x, &cur), snap(x, &w));
  rc = app_finish(x, rc);
  if (!rc) {
    *out = w;
    out->secret = "";
  }
  return rc;
}

int app_webhook_delete(struct app *x, int64_t id) {
  int rc = app_require(x, CAP_ADMIN, "configure webhooks");
  if (rc) return rc;
  rc = app_begin(x);
  if (rc) return rc;
  struct webhook cur;
  rc = store_webhook_get(x->db, x->a, id, &cur, x->e);
  if (!rc) rc = store_webhook_delete(x->db, id, x->e);
  if (!rc) rc = app_audit(x, "webhook.delete", "webhook", id, label(x, id), snap(x, &cur), NULL);
  return app_finish(x, rc);
}

int app_webhook_deliveries(struct app *x, int64_t id, int64_t before_id, const char *limit, struct delivery_page *out) {
  memset(out, 0, sizeof *out);
  int rc = app_require(x, CAP_ADMIN, "see webhook deliveries");
  if (rc) return rc;
  int lim;
  rc = page_limit_parse(limit, &lim, x->e);
  if (rc) return rc;
  if (before_id < 0) return err_set(x->e, KEEL_EINVAL, "before", "before must be a delivery id");
  struct webhook w;
  rc = store_webhook_get(x->db, x->a, id, &w, x->e);
  if (!rc) rc = store_delivery_list(x->db, x->a, id, before_id, lim, &out->items, &out->n, x->e);
  if (!rc && out->n > (size_t)lim) {
    out->n = (size_t)lim;
    out->next_before = out->items[out->n - 1].id;
  }
  return rc;
}

int app_webhook_test(struct app *x, int64_t id, struct delivery *out) {
  int rc = app_require(x, CAP_ADMIN, "test webhooks");
  if (rc) return rc;
  rc = app_begin(x);
  if (rc) return rc;
  struct webhook w;
  rc = store_webhook_get(x->db, x->a, id, &w, x->e);
  if (!rc) {
    char iso[TIME_ISO_LEN];
    time_iso(x->now, iso);
    buf p;
    buf_init(&p, 0);
    buf_printf(&p, "{\"event\":\"ping\",\"occurred_at\":\"%s\",\"webhook\":%lld,\"message\":%J}", iso, (long long)id,
               "A test from Keel: this endpoint receives its webhooks.");
    rc = notify_queue_delivery(x, &w, "ping", arena_strdup(x->a, buf_cstr(&p)), out);
    buf_free(&p);
  }
  if (!rc) rc = app_audit(x, "webhook.test", "webhook", id, label(x, id), NULL,
                          arena_printf(x->a, "{\"delivery\":%lld}", (long long)out->id));
  return app_finish(x, rc);
}
