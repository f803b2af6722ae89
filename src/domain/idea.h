/* idea.h — an idea: a request or suggestion from anyone, triaged by PMs.
 *
 * Life cycle: new → under review → planned (became or joined a feature),
 * declined (always with a reason) or duplicate (of another idea). A PM can
 * reopen a closed idea, which puts it back under review. */
#ifndef KEEL_DOMAIN_IDEA_H
#define KEEL_DOMAIN_IDEA_H

#include <stdint.h>

#include "core/err.h"
#include "domain/feature.h"

enum idea_status { IS_NEW, IS_UNDER_REVIEW, IS_PLANNED, IS_DECLINED, IS_DUPLICATE, IS_COUNT };
enum idea_source { SRC_CUSTOMER, SRC_SALES, SRC_SUPPORT, SRC_ENGINEERING, SRC_LEADERSHIP, SRC_OTHER, SRC_COUNT };

struct idea {
  int64_t id;
  int64_t product_id;
  const char *product_key;
  const char *title;
  const char *description; /* Markdown, may be "" */
  enum idea_source source;
  const char *customer; /* may be "" */
  enum idea_status status;
  const char *decline_reason; /* set when declined, else "" */
  int64_t duplicate_of;       /* idea id when duplicate, else 0 */
  int64_t feature_id;         /* feature it became or joined when planned, else 0 */
  const char *feature_key;    /* "PAY-3" when feature_id != 0 (read-only) */
  const char *feature_title;  /* read-only */
  enum feature_status feature_status; /* read-only, meaningful when feature_id != 0 */
  int64_t submitted_by;
  const char *submitted_by_name;
  int64_t created_at, updated_at, version;
  int64_t votes; /* read-only */
  int voted;     /* read-only: the reading user voted */
  int following; /* read-only: the reading user follows it (set by app/, not store/) */
  /* Since schema 4: who asked, where else it lives, and its public face. */
  int64_t customer_id;             /* the customer who asked, or 0 */
  const char *customer_name;       /* read-only: the customer's name, "" when none */
  int64_t contact_id;              /* the contact who asked (of that customer), or 0 */
  const char *contact_name;        /* read-only */
  const char *reference;           /* in another system ("HIVE-123", a URL), or "" */
  int is_public;                   /* shown in the customer portal */
  const char *public_title;        /* the portal's title; "" means the title */
  const char *public_description;  /* the portal's description; "" shows none */
  const char *submitter_email;     /* an anonymous portal submission's e-mail, or "" */
  int64_t merged_at;               /* when merged into duplicate_of, or 0 */
};

/* Triage actions, each a transition between statuses. */
enum idea_action { IA_REVIEW, IA_PROMOTE, IA_DECLINE, IA_DUPLICATE, IA_REOPEN, IA_COUNT };

const char *idea_status_name(enum idea_status s);
const char *idea_status_label(enum idea_status s); /* "Under review" */
int idea_status_parse(const char *s, enum idea_status *out);
const char *idea_source_name(enum idea_source s);
const char *idea_source_label(enum idea_source s);
int idea_source_parse(const char *s, enum idea_source *out);
const char *idea_action_name(enum idea_action a);

/* Returns the status an action leads to. */
enum idea_status idea_action_target(enum idea_action a);

/* Checks that action a may be taken on an idea in status from. Returns KEEL_OK
 * or KEEL_ECONFLICT with a message saying why not and what to do. */
int idea_action_check(enum idea_action a, enum idea_status from, struct keel_err *e);

/* Checks an idea's user-editable fields (title, description, customer, source). */
int idea_check(const struct idea *i, struct keel_err *e);

#endif
