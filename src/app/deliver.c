/* deliver.c — the job worker's outbound step: POSTing a webhook delivery
 * with its signature, or sending an e-mail over SMTP.
 *
 * The network call happens with no transaction open (a slow endpoint holds
 * no lock), on the worker's thread (never a request's). Its outcome — the
 * delivery record and the job's end (done, queued for a retry, or failed) —
 * is written afterwards in one transaction. Delivery is at least once: if
 * that last transaction is lost, the job's lease runs out and it is sent
 * again, with the same X-Keel-Delivery id for receivers to recognise. */
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "app/notify.h"
#include "app/outbound.h"
#include "core/crypto.h"
#include "core/mail.h"
#include "core/timeutil.h"
#include "store/jobs.h"
#include "store/webhooks.h"

/* The wait before the first retry (setting webhook.retry_seconds). */
static int64_t retry_base(struct app *x) {
  const char *v;
  if (app_setting_value(x, "webhook.retry_seconds", &v)) return DELIVERY_RETRY_SECONDS;
  char *end;
  errno = 0;
  long long n = strtoll(v, &end, 10);
  return end == v || *end || errno || n < 1 ? DELIVERY_RETRY_SECONDS : (int64_t)n;
}

/* Ends the job (and records the delivery when dl is not NULL) in one transaction. */
static int finish(struct app *x, const struct job *j, struct delivery *dl, int ok, const char *result, int64_t retry_at) {
  int rc = app_begin(x);
  if (!rc && dl) rc = store_delivery_record(x->db, dl, x->e);
  if (!rc) rc = store_job_finish(x->db, j->id, ok, result, x->now, retry_at, x->e);
  return app_finish(x, rc);
}

/* Records a failed attempt: retried later while attempts remain. Returns KEEL_EIO describing it. */
static int failed(struct app *x, const struct job *j, struct delivery *dl, const char *what, const char *why) {
  int64_t retry_at = delivery_retry_at(x->now, j->attempts, retry_base(x));
  const char *result = retry_at ? arena_printf(x->a, "%s (attempt %lld of %d; next in %lld s)", why, (long long)j->attempts,
                                               DELIVERY_MAX_ATTEMPTS, (long long)(retry_at - x->now))
                                : arena_printf(x->a, "%s (attempt %lld of %d; giving up)", why, (long long)j->attempts,
                                               DELIVERY_MAX_ATTEMPTS);
  if (dl) {
    dl->status = retry_at ? DS_PENDING : DS_FAILED;
    dl->attempts = j->attempts;
    dl->last_error = arena_printf(x->a, "%.*s", DELIVERY_ERROR_MAX_CHARS, why);
  }
  int rc = finish(x, j, dl, 0, result, retry_at);
  if (rc) return rc;
  return err_set(x->e, KEEL_EIO, NULL, "%s: %s", what, result);
}

static int run_webhook(struct app *x, const struct job *j, json_t *payload) {
  int64_t id = json_integer_value(json_object_get(payload, "delivery"));
  struct delivery dl;
  struct webhook w;
  int rc = store_delivery_get(x->db, x->a, id, &dl, x->e);
  if (!rc) rc = store_webhook_get(x->db, x->a, dl.webhook_id, &w, x->e);
  if (rc == KEEL_ENOTFOUND) return finish(x, j, NULL, 1, "the webhook was removed: nothing sent", 0);
  if (rc) return rc;
  if (dl.status != DS_PENDING) return finish(x, j, NULL, 1, "already delivered", 0);
  const char *what = arena_printf(x->a, "webhook %lld, delivery %lld", (long long)w.id, (long long)dl.id);
  if (!w.active && strcmp(dl.event, "ping") != 0) {
    dl.status = DS_FAILED;
    dl.last_error = "the webhook is turned off";
    return finish(x, j, &dl, 1, "not sent: the webhook is turned off", 0);
  }

  char sig[HMAC_HEX_LEN];
  size_t len = strlen(dl.payload);
  hmac_sha256_hex(w.secret, strlen(w.secret), dl.payload, len, sig);
  const char *headers[] = {
      "Content-Type: application/json",
      arena_printf(x->a, "X-Keel-Event: %s", dl.event),
      arena_printf(x->a, "X-Keel-Delivery: %lld", (long long)dl.id),
      arena_printf(x->a, "X-Keel-Signature: sha256=%s", sig),
  };
  struct outbound_result res;
  int sent = outbound_post(w.url, headers, sizeof headers / sizeof headers[0], dl.payload, len,
                           DELIVERY_CONNECT_TIMEOUT_MS, DELIVERY_TIMEOUT_MS, &res);
  x->now = time_now(); /* the call may have taken seconds */
  dl.response_code = res.status;
  if (sent == 0 && res.status >= 200 && res.status < 300) {
    dl.status = DS_DELIVERED;
    dl.attempts = j->attempts;
    dl.delivered_at = x->now;
    dl.last_error = "";
    return finish(x, j, &dl, 1, arena_printf(x->a, "delivered: HTTP %ld", res.status), 0);
  }
  return failed(x, j, &dl, what, sent == 0 ? arena_printf(x->a, "HTTP %ld", res.status) : res.error);
}

/* Returns 1 for an address safe to hand to the SMTP server as is. */
static int address_ok(const char *s) {
  if (!*s || strlen(s) > 254 || !strchr(s, '@')) return 0;
  for (const unsigned char *p = (const unsigned char *)s; *p; p++)
    if (*p <= 0x20 || *p >= 0x7f || *p == '<' || *p == '>' || *p == ',') return 0;
  return 1;
}

/* Returns the domain of an address ("example.com"), for Message-ID. */
static const char *domain_of(const char *addr) {
  const char *at = strrchr(addr, '@');
  return at && at[1] ? at + 1 : "localhost";
}

static int run_email(struct app *x, const struct job *j, json_t *payload) {
  const char *to = json_string_value(json_object_get(payload, "to"));
  const char *subject = json_string_value(json_object_get(payload, "subject"));
  const char *body = json_string_value(json_object_get(payload, "body"));
  if (!to || !subject || !body || !address_ok(to))
    return finish(x, j, NULL, 0, "the e-mail job is malformed or its address unusable: nothing sent", 0);
  const char *url, *from, *user, *password;
  int rc = app_setting_value(x, "smtp.url", &url);
  if (!rc) rc = app_setting_value(x, "smtp.from", &from);
  if (!rc) rc = app_setting_value(x, "smtp.user", &user);
  if (!rc) rc = app_setting_value(x, "smtp.password", &password);
  if (rc) return rc;
  if (!*url) return finish(x, j, NULL, 1, "not sent: e-mail is off (smtp.url is not set)", 0);
  const char *what = arena_printf(x->a, "e-mail job %lld", (long long)j->id);
  const char *from_name, *from_addr;
  if (!*from || mail_split_from(x->a, from, &from_name, &from_addr) || !*from_addr)
    return failed(x, j, NULL, what, "smtp.from is not set: say who e-mails come from (keel settings set smtp.from ADDRESS)");

  struct mail_msg m = {
      .from_name = from_name,
      .from_addr = from_addr,
      .to_addr = to,
      .subject = subject,
      .body = body,
      .date = x->now,
      .message_id = arena_printf(x->a, "keel.%lld.%lld@%s", (long long)j->id, (long long)x->now, domain_of(from_addr)),
  };
  buf msg;
  buf_init(&msg, 0);
  mail_compose(&msg, &m);
  struct smtp_params p = {.url = url, .user = user, .password = password, .from = from_addr, .to = to};
  struct outbound_result res;
  int sent = outbound_smtp(&p, buf_cstr(&msg), msg.len, DELIVERY_CONNECT_TIMEOUT_MS, DELIVERY_TIMEOUT_MS, &res);
  buf_free(&msg);
  x->now = time_now();
  if (sent == 0) return finish(x, j, NULL, 1, "sent", 0);
  return failed(x, j, NULL, what, res.status ? arena_printf(x->a, "%s (SMTP %ld)", res.error, res.status) : res.error);
}

int deliver_run(struct app *x, const struct job *j) {
  json_t *payload = json_loads(j->payload, JSON_REJECT_DUPLICATES, NULL);
  int rc;
  if (!json_is_object(payload)) rc = finish(x, j, NULL, 0, "the job's payload is malformed: nothing sent", 0);
  else if (j->kind == JOB_WEBHOOK) rc = run_webhook(x, j, payload);
  else rc = run_email(x, j, payload);
  json_decref(payload);
  return rc;
}
