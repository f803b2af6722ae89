/* notify.h — followers of ideas, who hears of an idea's changes, and the
 * in-app notification inbox, in the database. Results live in the caller's
 * arena. */
#ifndef KEEL_STORE_NOTIFY_H
#define KEEL_STORE_NOTIFY_H

#include <stddef.h>

#include "domain/notify.h"
#include "store/db.h"

/* Someone who asked for an idea: its submitter, a voter or a follower. */
struct notify_recipient {
  int64_t user_id;
  const char *email;
  const char *name;
  int portal;    /* a customer-portal user: reads the public wording */
  int submitter; /* submitted the idea */
};

/* Starts following (*changed = 1) or finds it already followed (*changed = 0). */
int store_follow_add(db *d, int64_t idea_id, int64_t user_id, int64_t now, int *changed, struct keel_err *e);

/* Stops following if followed (*changed tells). */
int store_follow_remove(db *d, int64_t idea_id, int64_t user_id, int *changed, struct keel_err *e);

/* Sets flags[k] to 1 when user_id follows ids[k], else 0, for n ids (at most
 * PAGE_MAX + 1 per call). */
int store_following(db *d, int64_t user_id, const int64_t *ids, size_t n, int *flags, struct keel_err *e);

/* Lists the active users who asked for idea_id — its submitter, its voters
 * and its followers — each once, in id order, leaving out exclude_user_id
 * (the person making the change; 0 leaves out nobody). */
int store_notify_recipients(db *d, arena *a, int64_t idea_id, int64_t exclude_user_id, struct notify_recipient **out,
                            size_t *n, struct keel_err *e);

/* Adds a notification (user_id, kind, idea_id (0: none), title, body,
 * created_at); sets n->id. */
int store_notification_insert(db *d, struct notification *n, struct keel_err *e);

/* Lists user_id's notifications newest first: those with id below before_id
 * (0: from the newest), only unread ones when unread_only, up to limit + 1
 * (to tell whether more exist). */
int store_notification_list(db *d, arena *a, int64_t user_id, int unread_only, int64_t before_id, int limit,
                            struct notification **out, size_t *n, struct keel_err *e);

/* Counts user_id's unread notifications (one indexed count). */
int store_notification_unread(db *d, int64_t user_id, int64_t *count, struct keel_err *e);

/* Reads notification id when it is user_id's; KEEL_ENOTFOUND otherwise
 * (someone else's notification does not exist for this user). */
int store_notification_get(db *d, arena *a, int64_t user_id, int64_t id, struct notification *out, struct keel_err *e);

/* Marks user_id's notification id read at now unless it is already;
 * *changed tells (0 also when it is not user_id's: check with
 * store_notification_get first). */
int store_notification_read(db *d, int64_t user_id, int64_t id, int64_t now, int *changed, struct keel_err *e);

/* Marks all of user_id's unread notifications read; *count says how many. */
int store_notification_read_all(db *d, int64_t user_id, int64_t now, int64_t *count, struct keel_err *e);

#endif
