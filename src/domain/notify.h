/* notify.h — the rules of closing the loop: what the people who asked for an
 * idea read when its status changes, which webhook URLs and events are
 * accepted, and how an outgoing delivery (webhook or e-mail) is retried.
 * Pure: no I/O. */
#ifndef KEEL_DOMAIN_NOTIFY_H
#define KEEL_DOMAIN_NOTIFY_H

#include <stdint.h>

#include "core/arena.h"
#include "core/err.h"
#include "domain/idea.h"

enum {
  WEBHOOK_URL_MAX_CHARS = 2000,
  WEBHOOK_SECRET_MIN_CHARS = 16,   /* a shorter shared secret is guessable */
  WEBHOOK_SECRET_MAX_CHARS = 200,
  WEBHOOKS_MAX = 50,               /* per workspace: each status change queues one delivery per webhook */
  DELIVERY_MAX_ATTEMPTS = 5,       /* then the delivery is failed for good */
  DELIVERY_RETRY_SECONDS = 30,     /* the wait after the first failure; it doubles after each */
  DELIVERY_RETRY_SECONDS_MAX = 3600,
  DELIVERY_CONNECT_TIMEOUT_MS = 5000,
  DELIVERY_TIMEOUT_MS = 10000,     /* the whole exchange, connection included */
  DELIVERY_ERROR_MAX_CHARS = 300,  /* what is kept of a failure's description */
  NOTIFY_SUBJECT_MAX_CHARS = 150,  /* an e-mail subject longer than this is cut, with "…" */
};

/* The events a webhook can subscribe to, and "ping" (a test a webhook always gets). */
enum webhook_event { WE_IDEA_STATUS, WE_PING, WE_COUNT };
enum delivery_status { DS_PENDING, DS_DELIVERED, DS_FAILED, DS_COUNT };

struct webhook {
  int64_t id;
  const char *url;
  const char *secret;  /* the HMAC-SHA256 key; shown only when created */
  unsigned events;     /* bit (1u << enum webhook_event) per subscribed event */
  int active;
  int64_t created_by;
  int64_t created_at, updated_at, version;
  int64_t pending, failed; /* read-only: deliveries waiting and failed for good */
};

struct delivery {
  int64_t id;
  int64_t webhook_id;
  const char *event;
  const char *payload; /* the JSON body sent, exactly */
  enum delivery_status status;
  int64_t attempts;
  int64_t response_code; /* of the last attempt, 0 when none came back */
  const char *last_error;
  int64_t created_at, delivered_at;
};

struct notification {
  int64_t id;
  int64_t user_id;
  const char *kind; /* "idea.status" */
  int64_t idea_id;  /* 0 when about no idea */
  const char *title;
  const char *body;
  int64_t created_at, read_at;
};

const char *webhook_event_name(enum webhook_event ev);
const char *delivery_status_name(enum delivery_status s);
int delivery_status_parse(const char *s, enum delivery_status *out);

/* Parses a comma-separated list of event names ("idea.status") into a mask.
 * NULL or "" gives the default (every subscribable event). Returns KEEL_OK, or
 * KEEL_EINVAL naming field "events" for an unknown or unsubscribable name. */
int webhook_events_parse(const char *s, unsigned *mask, struct keel_err *e);

/* Returns the comma-separated names of mask's events, in the arena. */
const char *webhook_events_format(arena *a, unsigned mask);

/* Checks a webhook URL: http:// or https://, a host (name, IPv4 or [IPv6])
 * with an optional port, no user name or password, only printable ASCII
 * without spaces, at most WEBHOOK_URL_MAX_CHARS. Returns KEEL_OK or
 * KEEL_EINVAL naming field "url". */
int webhook_url_check(const char *url, struct keel_err *e);

/* Checks a webhook secret given by an admin: printable ASCII without spaces,
 * WEBHOOK_SECRET_MIN_CHARS to WEBHOOK_SECRET_MAX_CHARS long. Returns KEEL_OK
 * or KEEL_EINVAL naming field "secret". */
int webhook_secret_check(const char *secret, struct keel_err *e);

/* Returns when a delivery that failed on attempt `attempts` (1 = the first)
 * is tried again: base × 2^(attempts − 1) seconds after now; or 0 when
 * attempts reached DELIVERY_MAX_ATTEMPTS and it is not tried again. base
 * below 1 counts as DELIVERY_RETRY_SECONDS. */
int64_t delivery_retry_at(int64_t now, int64_t attempts, int64_t base);

/* What a person who asked for an idea reads about its status change from
 * `before` to `after`: one line, like "“Apple Pay” is now planned: it became
 * PAY-12" or "“Apple Pay” was declined: <reason>". public_view words it for a
 * customer (portal user): their public title, and no internal references
 * (feature keys, other ideas' numbers). The result lives in a. */
const char *notify_status_title(arena *a, const struct idea *before, const struct idea *after, int public_view);

/* The action word of the change ("review", "promote", "decline",
 * "duplicate", "merge", "reopen", or "status" when none fits), for payloads. */
const char *notify_status_action(const struct idea *before, const struct idea *after);

#endif
