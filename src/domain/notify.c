/* notify.c — notification wording, webhook URL and event rules, and the
 * delivery retry policy. */
#include "domain/notify.h"

#include <string.h>

#include "core/buf.h"

static const char *const event_names[WE_COUNT] = {"idea.status", "ping"};
static const unsigned subscribable = 1u << WE_IDEA_STATUS;
static const char *const delivery_names[DS_COUNT] = {"pending", "delivered", "failed"};

const char *webhook_event_name(enum webhook_event ev) { return ev < WE_COUNT ? event_names[ev] : "ping"; }
const char *delivery_status_name(enum delivery_status s) { return s < DS_COUNT ? delivery_names[s] : "pending"; }

int delivery_status_parse(const char *s, enum delivery_status *out) {
  for (int i = 0; s && i < DS_COUNT; i++)
    if (strcmp(s, delivery_names[i]) == 0) {
      *out = (enum delivery_status)i;
      return 0;
    }
  return -1;
}

int webhook_events_parse(const char *s, unsigned *mask, struct keel_err *e) {
  *mask = 0;
  if (!s || !*s) {
    *mask = subscribable;
    return KEEL_OK;
  }
  const char *p = s;
  while (*p) {
    while (*p == ' ' || *p == ',') p++;
    if (!*p) break;
    const char *end = p;
    while (*end && *end != ',' && *end != ' ') end++;
    size_t n = (size_t)(end - p);
    int found = -1;
    for (int i = 0; i < WE_COUNT; i++)
      if (strlen(event_names[i]) == n && strncmp(event_names[i], p, n) == 0) found = i;
    if (found < 0 || !(subscribable & (1u << found)))
      return err_set(e, KEEL_EINVAL, "events", "unknown event \"%.*s\": webhooks can subscribe to idea.status",
                     (int)(n > 60 ? 60 : n), p);
    *mask |= 1u << found;
    p = end;
  }
  if (!*mask) *mask = subscribable;
  return KEEL_OK;
}

const char *webhook_events_format(arena *a, unsigned mask) {
  buf b;
  buf_init(&b, 1024);
  for (int i = 0; i < WE_COUNT; i++)
    if (mask & (1u << i)) buf_printf(&b, "%s%s", b.len ? "," : "", event_names[i]);
  const char *out = arena_strdup(a, buf_cstr(&b));
  buf_free(&b);
  return out;
}

static int lower(int c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

static int prefix_nocase(const char *s, const char *pre) {
  for (; *pre; s++, pre++)
    if (lower((unsigned char)*s) != *pre) return 0;
  return 1;
}

static int is_alnum(int c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

int webhook_url_check(const char *url, struct keel_err *e) {
  if (!url || !*url) return err_set(e, KEEL_EINVAL, "url", "url is required: the http:// or https:// address to POST to");
  size_t n = strlen(url);
  if (n > WEBHOOK_URL_MAX_CHARS) return err_set(e, KEEL_EINVAL, "url", "url is longer than %d characters", WEBHOOK_URL_MAX_CHARS);
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)url[i];
    if (c <= 0x20 || c >= 0x7f)
      return err_set(e, KEEL_EINVAL, "url", "url may hold only printable ASCII without spaces (percent-encode the rest)");
  }
  const char *p;
  if (prefix_nocase(url, "https://")) p = url + 8;
  else if (prefix_nocase(url, "http://")) p = url + 7;
  else return err_set(e, KEEL_EINVAL, "url", "url must start with http:// or https://");
  const char *end = p;
  while (*end && *end != '/' && *end != '?' && *end != '#') end++;
  for (const char *q = p; q < end; q++)
    if (*q == '@') return err_set(e, KEEL_EINVAL, "url", "url must not hold a user name or password: the signature tells receivers it is Keel");
  const char *port = NULL;
  if (*p == '[') { /* an IPv6 literal */
    const char *close = p + 1;
    while (close < end && *close != ']') close++;
    if (close >= end || close == p + 1) return err_set(e, KEEL_EINVAL, "url", "url has an unterminated [IPv6] host");
    for (const char *q = p + 1; q < close; q++)
      if (!(is_alnum((unsigned char)*q) || *q == ':' || *q == '.')) return err_set(e, KEEL_EINVAL, "url", "url has a malformed [IPv6] host");
    if (close + 1 < end) {
      if (close[1] != ':') return err_set(e, KEEL_EINVAL, "url", "url has characters after its [IPv6] host");
      port = close + 2;
    }
  } else {
    const char *q = p;
    for (; q < end && *q != ':'; q++)
      if (!(is_alnum((unsigned char)*q) || *q == '.' || *q == '-' || *q == '_'))
        return err_set(e, KEEL_EINVAL, "url", "url has a host name with a character not allowed there: '%c'", *q);
    if (q == p) return err_set(e, KEEL_EINVAL, "url", "url names no host");
    if (q < end) port = q + 1;
  }
  if (port) {
    long v = 0;
    const char *q = port;
    for (; q < end; q++) {
      if (*q < '0' || *q > '9' || v > 65535) return err_set(e, KEEL_EINVAL, "url", "url has a port that is not a number from 1 to 65535");
      v = v * 10 + (*q - '0');
    }
    if (q == port || v < 1 || v > 65535) return err_set(e, KEEL_EINVAL, "url", "url has a port that is not a number from 1 to 65535");
  }
  return KEEL_OK;
}

int webhook_secret_check(const char *secret, struct keel_err *e) {
  size_t n = secret ? strlen(secret) : 0;
  if (n < WEBHOOK_SECRET_MIN_CHARS || n > WEBHOOK_SECRET_MAX_CHARS)
    return err_set(e, KEEL_EINVAL, "secret", "secret must be %d to %d characters (leave it out and Keel makes one)",
                   WEBHOOK_SECRET_MIN_CHARS, WEBHOOK_SECRET_MAX_CHARS);
  for (size_t i = 0; i < n; i++)
    if ((unsigned char)secret[i] <= 0x20 || (unsigned char)secret[i] >= 0x7f)
      return err_set(e, KEEL_EINVAL, "secret", "secret may hold only printable ASCII without spaces");
  return KEEL_OK;
}

int64_t delivery_retry_at(int64_t now, int64_t attempts, int64_t base) {
  if (attempts >= DELIVERY_MAX_ATTEMPTS) return 0;
  if (base < 1) base = DELIVERY_RETRY_SECONDS;
  if (attempts < 1) attempts = 1;
  return now + base * ((int64_t)1 << (attempts - 1));
}

/* The title the reader knows the idea by. */
static const char *shown_title(const struct idea *i, int public_view) {
  if (public_view && i->public_title && *i->public_title) return i->public_title;
  return i->title ? i->title : "";
}

const char *notify_status_action(const struct idea *before, const struct idea *after) {
  switch (after->status) {
  case IS_UNDER_REVIEW:
    return before->status == IS_NEW ? "review" : "reopen";
  case IS_PLANNED:
    return "promote";
  case IS_DECLINED:
    return "decline";
  case IS_DUPLICATE:
    return after->merged_at ? "merge" : "duplicate";
  case IS_NEW:
    return before->status == IS_NEW ? "status" : "reopen";
  case IS_COUNT:
    break;
  }
  return "status";
}

const char *notify_status_title(arena *a, const struct idea *before, const struct idea *after, int public_view) {
  const char *t = shown_title(after, public_view);
  switch (after->status) {
  case IS_UNDER_REVIEW:
    if (before->status == IS_NEW) return arena_printf(a, "“%s” is under review", t);
    return arena_printf(a, "“%s” was reopened: it is under review again", t);
  case IS_PLANNED:
    if (public_view || !after->feature_id) return arena_printf(a, "“%s” is now planned", t);
    return arena_printf(a, "“%s” is now planned: it became %s", t, after->feature_key ? after->feature_key : "a feature");
  case IS_DECLINED:
    return arena_printf(a, "“%s” was declined: %s", t, after->decline_reason ? after->decline_reason : "");
  case IS_DUPLICATE:
    if (public_view)
      return arena_printf(a, "“%s” %s", t,
                          after->merged_at ? "was merged into a request like it" : "is the same as another request");
    return arena_printf(a, "“%s” %s idea %lld", t, after->merged_at ? "was merged into" : "is a duplicate of",
                        (long long)after->duplicate_of);
  case IS_NEW:
  case IS_COUNT:
    break;
  }
  return arena_printf(a, "“%s” is %s", t, idea_status_label(after->status));
}
