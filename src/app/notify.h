/* notify.h — for operations in app/ (not for callers): telling the people
 * who asked for an idea that its status changed, the reader's "following"
 * flags, workspace settings with their defaults, and the job step that sends
 * webhooks and e-mail. */
#ifndef KEEL_APP_NOTIFY_H
#define KEEL_APP_NOTIFY_H

#include "app/internal.h"

/* Call inside the transaction of any change of an idea's status (triage,
 * merge), after the idea is written, with the idea before and after. In that
 * transaction it adds one notification per person who asked for the idea —
 * its submitter, voters and followers, each once, never the actor — one
 * webhook delivery (and its job) per active webhook subscribed to
 * idea.status, and, when smtp.url is set, one e-mail job per recipient with
 * an address (and to an anonymous submitter's address). Does nothing when
 * the status did not change. Returns KEEL_OK or a database error (the caller
 * then rolls back the whole change). */
int notify_idea_status(struct app *x, const struct idea *before, const struct idea *after);

/* Queues one pending delivery of payload (JSON text) for event to webhook w,
 * with the job that sends it, inside the caller's transaction; out (may be
 * NULL) receives the delivery. Returns KEEL_OK or a database error. */
int notify_queue_delivery(struct app *x, const struct webhook *w, const char *event, const char *payload,
                          struct delivery *out);

/* Sets items[k].following for the acting user (all 0 for the command-line
 * owner). Returns KEEL_OK or a database error. */
int notify_fill_following(struct app *x, struct idea *items, size_t n);

/* Reads setting key, or its default when unset (see domain/setting.h), into
 * *value (in x->a). Returns KEEL_OK or a database error. */
int app_setting_value(struct app *x, const char *key, const char **value);

/* Runs a claimed outbound job (webhook or email; see job_kind_outbound): reads
 * what to send, sends it with no transaction open, then records the outcome
 * and finishes the job — done, queued for a retry (delivery_retry_at), or
 * failed — in one transaction. Returns KEEL_OK when sent (or when there is
 * nothing left to send), else the failure (the job is already rescheduled
 * or failed). */
int deliver_run(struct app *x, const struct job *j);

#endif
