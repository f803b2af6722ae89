/* repr_notify.c — the JSON form of notifications, webhooks, deliveries and
 * settings (the API and the CLI print the same). */
#include "app/app.h"
#include "core/timeutil.h"

static void time_field(buf *b, const char *name, int64_t t) {
  if (!t) {
    buf_printf(b, "\"%s\":null", name);
    return;
  }
  char iso[TIME_ISO_LEN];
  time_iso(t, iso);
  buf_printf(b, "\"%s\":\"%s\"", name, iso);
}

void repr_notification(buf *b, const struct notification *n) {
  buf_printf(b, "{\"id\":%lld,\"kind\":%J,", (long long)n->id, n->kind);
  if (n->idea_id) buf_printf(b, "\"idea\":%lld,", (long long)n->idea_id);
  else buf_puts(b, "\"idea\":null,");
  buf_printf(b, "\"title\":%J,\"body\":%J,\"read\":%s,", n->title, n->body, n->read_at ? "true" : "false");
  time_field(b, "created_at", n->created_at);
  buf_putc(b, ',');
  time_field(b, "read_at", n->read_at);
  buf_putc(b, '}');
}

void repr_webhook(buf *b, const struct webhook *w, int with_secret) {
  buf_printf(b, "{\"id\":%lld,\"url\":%J,\"events\":[", (long long)w->id, w->url);
  int first = 1;
  for (int ev = 0; ev < WE_COUNT; ev++)
    if (w->events & (1u << ev)) {
      buf_printf(b, "%s%J", first ? "" : ",", webhook_event_name((enum webhook_event)ev));
      first = 0;
    }
  buf_printf(b, "],\"active\":%s,", w->active ? "true" : "false");
  if (with_secret) buf_printf(b, "\"secret\":%J,", w->secret);
  buf_printf(b, "\"pending\":%lld,\"failed\":%lld,", (long long)w->pending, (long long)w->failed);
  time_field(b, "created_at", w->created_at);
  buf_putc(b, ',');
  time_field(b, "updated_at", w->updated_at);
  buf_printf(b, ",\"version\":%lld}", (long long)w->version);
}

void repr_delivery(buf *b, const struct delivery *d) {
  buf_printf(b, "{\"id\":%lld,\"webhook\":%lld,\"event\":%J,\"status\":%J,\"attempts\":%lld,", (long long)d->id,
             (long long)d->webhook_id, d->event, delivery_status_name(d->status), (long long)d->attempts);
  if (d->response_code) buf_printf(b, "\"response_code\":%lld,", (long long)d->response_code);
  else buf_puts(b, "\"response_code\":null,");
  buf_printf(b, "\"last_error\":%J,", d->last_error && *d->last_error ? d->last_error : NULL);
  time_field(b, "created_at", d->created_at);
  buf_putc(b, ',');
  time_field(b, "delivered_at", d->delivered_at);
  buf_putc(b, '}');
}

void repr_setting(buf *b, const struct setting_view *s) {
  buf_printf(b, "{\"key\":%J,\"value\":%J,\"set\":%s,\"secret\":%s,\"help\":%J,", s->key, s->value,
             s->is_set ? "true" : "false", s->secret ? "true" : "false", s->help);
  time_field(b, "updated_at", s->updated_at);
  buf_putc(b, '}');
}
