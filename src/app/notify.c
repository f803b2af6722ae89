/* notify.c — following ideas, the in-app inbox, and the hook every status
 * change of an idea calls: notifications, webhook deliveries and e-mails,
 * all queued in the transaction of the change itself. */
#include "app/notify.h"

#include <string.h>

#include "core/timeutil.h"
#include "core/utf8.h"
#include "store/audit.h"
#include "store/ideas.h"
#include "store/jobs.h"
#include "store/notify.h"
#include "store/webhooks.h"

static int64_t viewer(const struct app *x) { return x->actor ? x->actor->user_id : 0; }

int notify_fill_following(struct app *x, struct idea *items, size_t n) {
  int64_t user = viewer(x);
  if (!user || n == 0) {
    for (size_t k = 0; k < n; k++) items[k].following = 0;
    return KEEL_OK;
  }
  int64_t *ids = arena_alloc(x->a, n * sizeof *ids);
  int *flags = arena_alloc(x->a, n * sizeof *flags);
  for (size_t k = 0; k < n; k++) ids[k] = items[k].id;
  int rc = store_following(x->db, user, ids, n, flags, x->e);
  for (size_t k = 0; !rc && k < n; k++) items[k].following = flags[k];
  return rc;
}

int app_idea_follow(struct app *x, int64_t id, int on, struct idea *out) {
  int rc = app_require(x, CAP_READ, "follow ideas");
  if (rc) return rc;
  if (!viewer(x))
    return err_set(x->e, KEEL_EINVAL, "user", "following belongs to a person: name yourself with --user EMAIL");
  rc = app_begin(x);
  if (rc) return rc;
  int changed = 0;
  rc = store_idea_get(x->db, x->a, id, viewer(x), out, x->e);
  if (!rc) rc = on ? store_follow_add(x->db, id, viewer(x), x->now, &changed, x->e)
                   : store_follow_remove(x->db, id, viewer(x), &changed, x->e);
  if (!rc) out->following = on;
  /* Recorded like a vote: lists that show "following" move on with the generation. */
  if (!rc && changed)
    rc = app_audit(x, on ? "idea.follow" : "idea.unfollow", "idea", id, arena_printf(x->a, "idea %lld", (long long)id),
                   NULL, NULL);
  return app_finish(x, rc);
}

/* ---- the inbox ---- */

static int need_person(struct app *x) {
  int rc = app_require(x, CAP_PORTAL, "read notifications");
  if (rc) return rc;
  if (!viewer(x))
    return err_set(x->e, KEEL_EINVAL, "user", "the inbox belongs to a person: name yourself with --user EMAIL");
  return KEEL_OK;
}

int app_notification_list(struct app *x, int unread_only, int64_t before_id, const char *limit,
                          struct notification_page *out) {
  memset(out, 0, sizeof *out);
  int rc = need_person(x);
  if (rc) return rc;
  int lim;
  rc = page_limit_parse(limit, &lim, x->e);
  if (rc) return rc;
  if (before_id < 0) return err_set(x->e, KEEL_EINVAL, "before", "before must be a notification id");
  rc = store_notification_list(x->db, x->a, viewer(x), unread_only, before_id, lim, &out->items, &out->n, x->e);
  if (!rc && out->n > (size_t)lim) {
    out->n = (size_t)lim;
    out->next_before = out->items[out->n - 1].id;
  }
  if (!rc) rc = store_notification_unread(x->db, viewer(x), &out->unread, x->e);
  return rc;
}

int app_notification_unread(struct app *x, int64_t *count) {
  *count = 0;
  if (!viewer(x) || !x->actor || x->actor->role == ROLE_NONE) return KEEL_OK;
  return store_notification_unread(x->db, viewer(x), count, x->e);
}

int app_notification_read(struct app *x, int64_t id, struct notification *out) {
  int rc = need_person(x);
  if (rc) return rc;
  rc = app_begin(x);
  if (rc) return rc;
  int changed = 0;
  rc = store_notification_get(x->db, x->a, viewer(x), id, out, x->e);
  if (!rc) rc = store_notification_read(x->db, viewer(x), id, x->now, &changed, x->e);
  if (!rc && changed) {
    out->read_at = x->now;
    /* The unread count shows on every page: move the generation so cached
     * pages follow. Reading is not history: no audit entry. */
    rc = store_generation_advance(x->db, x->e);
  }
  return app_finish(x, rc);
}

int app_notification_read_all(struct app *x, int64_t *count) {
  *count = 0;
  int rc = need_person(x);
  if (rc) return rc;
  rc = app_begin(x);
  if (rc) return rc;
  rc = store_notification_read_all(x->db, viewer(x), x->now, count, x->e);
  if (!rc && *count) rc = store_generation_advance(x->db, x->e); /* as in app_notification_read */
  return app_finish(x, rc);
}

/* ---- the status-change hook ---- */

/* The idea status change as a webhook payload (see docs/api.md). */
static const char *status_payload(struct app *x, const struct idea *before, const struct idea *after, const char *message) {
  char iso[TIME_ISO_LEN];
  time_iso(x->now, iso);
  buf b;
  buf_init(&b, 0);
  buf_printf(&b, "{\"event\":\"idea.status\",\"occurred_at\":\"%s\",\"action\":%J,\"from\":%J,\"to\":%J,", iso,
             notify_status_action(before, after), idea_status_name(before->status), idea_status_name(after->status));
  if (viewer(x)) buf_printf(&b, "\"actor\":{\"id\":%lld,\"name\":%J},", (long long)viewer(x), x->actor->name);
  else buf_puts(&b, "\"actor\":null,");
  buf_printf(&b, "\"message\":%J,\"idea\":", message);
  repr_idea(&b, after, REPR_SNAPSHOT);
  buf_puts(&b, "}");
  const char *out = arena_strdup(x->a, buf_cstr(&b));
  buf_free(&b);
  return out;
}

int notify_queue_delivery(struct app *x, const struct webhook *w, const char *event, const char *payload,
                          struct delivery *out) {
  struct delivery dl = {.webhook_id = w->id, .event = event, .payload = payload, .created_at = x->now};
  int rc = store_delivery_insert(x->db, &dl, x->e);
  int64_t job;
  int created;
  if (!rc)
    rc = store_job_enqueue(x->db, JOB_WEBHOOK, arena_printf(x->a, "{\"delivery\":%lld}", (long long)dl.id), NULL, x->now,
                           x->now, &job, &created, x->e);
  if (!rc && out) *out = dl;
  return rc;
}

/* Cuts s to NOTIFY_SUBJECT_MAX_CHARS characters, ending in "…" when cut. */
static const char *subject_of(struct app *x, const char *s) {
  size_t n = strlen(s), keep = utf8_prefix(s, n, NOTIFY_SUBJECT_MAX_CHARS - 1);
  if (keep >= n || utf8_count(s, n) <= NOTIFY_SUBJECT_MAX_CHARS) return s;
  return arena_printf(x->a, "%.*s…", (int)keep, s);
}

/* Queues one e-mail: the worker composes and sends it (app/deliver.c). */
static int queue_email(struct app *x, const char *to, const char *subject, const char *body, int64_t notification) {
  buf p;
  buf_init(&p, 0);
  buf_printf(&p, "{\"to\":%J,\"subject\":%J,\"body\":%J,\"notification\":", to, subject_of(x, subject), body);
  if (notification) buf_printf(&p, "%lld}", (long long)notification);
  else buf_puts(&p, "null}");
  int64_t job;
  int created;
  int rc = store_job_enqueue(x->db, JOB_EMAIL, buf_cstr(&p), NULL, x->now, x->now, &job, &created, x->e);
  buf_free(&p);
  return rc;
}

/* The e-mail text around a notification. */
static const char *email_body(struct app *x, const char *title, const char *body, const char *link, const char *why) {
  buf b;
  buf_init(&b, 0);
  buf_printf(&b, "%s\n\n", title);
  if (body && *body) buf_printf(&b, "%s\n\n", body);
  if (link && *link) buf_printf(&b, "%s\n\n", link);
  buf_printf(&b, "-- \nYou get this e-mail because %s.\n", why);
  const char *out = arena_strdup(x->a, buf_cstr(&b));
  buf_free(&b);
  return out;
}

int notify_idea_status(struct app *x, const struct idea *before, const struct idea *after) {
  if (before->status == after->status) return KEEL_OK;
  const char *internal = notify_status_title(x->a, before, after, 0);
  const char *smtp, *site;
  int rc = app_setting_value(x, "smtp.url", &smtp);
  if (!rc) rc = app_setting_value(x, "site.url", &site);
  if (rc) return rc;
  size_t sn = strlen(site);
  if (sn && site[sn - 1] == '/') site = arena_strndup(x->a, site, sn - 1);

  struct notify_recipient *rs;
  size_t nr;
  rc = store_notify_recipients(x->db, x->a, after->id, viewer(x), &rs, &nr, x->e);
  for (size_t k = 0; !rc && k < nr; k++) {
    const struct notify_recipient *p = &rs[k];
    /* A customer hears only of ideas the portal shows them, or of their own. */
    if (p->portal && !after->is_public && !p->submitter) continue;
    struct notification n = {
        .user_id = p->user_id,
        .kind = "idea.status",
        .idea_id = after->id,
        .title = p->portal ? notify_status_title(x->a, before, after, 1) : internal,
        .body = p->portal ? "" : arena_printf(x->a, "%s moved idea %lld (%s) from %s to %s.",
                                              viewer(x) ? x->actor->name : "The workspace owner", (long long)after->id,
                                              after->product_key ? after->product_key : "", idea_status_label(before->status),
                                              idea_status_label(after->status)),
        .created_at = x->now,
    };
    rc = store_notification_insert(x->db, &n, x->e);
    if (!rc && *smtp && *p->email) {
      const char *link = *site && !p->portal ? arena_printf(x->a, "Open it: %s/ideas/%lld", site, (long long)after->id) : "";
      rc = queue_email(x, p->email, n.title, email_body(x, n.title, n.body, link,
                                                        p->submitter ? "you submitted this idea"
                                                                     : "you voted for or follow this idea"),
                       n.id);
    }
  }
  /* Someone who submitted through the portal without an account hears by e-mail. */
  if (!rc && *smtp && !after->submitted_by && after->submitter_email && *after->submitter_email) {
    const char *title = notify_status_title(x->a, before, after, 1);
    rc = queue_email(x, after->submitter_email, title, email_body(x, title, "", "", "you submitted this request"), 0);
  }

  struct webhook *ws;
  size_t nw;
  if (!rc) rc = store_webhook_subscribed(x->db, x->a, WE_IDEA_STATUS, &ws, &nw, x->e);
  if (!rc && nw) {
    const char *payload = status_payload(x, before, after, internal);
    for (size_t k = 0; !rc && k < nw; k++) rc = notify_queue_delivery(x, &ws[k], "idea.status", payload, NULL);
  }
  return rc;
}
