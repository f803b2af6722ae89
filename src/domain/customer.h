/* customer.h — the companies whose voices Keel collects, and their people.
 *
 * A customer has a segment (enterprise, mid-market, SMB or the workspace's own
 * words), annual recurring revenue (ARR, whole currency units) and a plan.
 * Names are unique regardless of case and surrounding spaces: "Acme " and
 * "acme" are one customer, so imports and forms find it again. A contact is a
 * person at a customer, with an optional e-mail address. */
#ifndef KEEL_DOMAIN_CUSTOMER_H
#define KEEL_DOMAIN_CUSTOMER_H

#include <stdint.h>

#include "core/arena.h"
#include "core/err.h"

enum {
  CUSTOMER_NAME_MAX = 200, /* characters, as the other single-line fields */
  CUSTOMER_SEGMENT_MAX = 40,
  CUSTOMER_PLAN_MAX = 60,
  CONTACT_NAME_MAX = 200,
  CONTACT_EMAIL_MAX = 254,
};

/* ARR is capped so that sums over every customer stay exact in a double
 * and in int64 (a trillion per customer, a million customers). */
#define CUSTOMER_ARR_MAX INT64_C(1000000000000)

struct customer {
  int64_t id;
  const char *name;
  const char *segment; /* "" when unknown; stored trimmed, in lower case ("enterprise") */
  int64_t arr;         /* >= 0 */
  const char *plan;    /* may be "" */
  int64_t created_at, updated_at, version;
  int64_t feedback_count; /* read-only: feedback items naming this customer */
};

struct contact {
  int64_t id;
  int64_t customer_id;
  const char *customer_name; /* read-only */
  const char *name;
  const char *email; /* lower case; "" when unknown */
  int64_t created_at, updated_at, version;
};

/* Returns name trimmed and folded to lower case (ASCII), in a: the key that
 * makes customer names unique. */
char *customer_name_key(arena *a, const char *name);

/* Returns segment trimmed, lower case, with runs of spaces, '-' and '_' as one
 * '-' ("Mid Market" and "mid_market" give "mid-market"), in a. */
char *customer_segment_normal(arena *a, const char *segment);

/* Checks a customer's fields (name 1..CUSTOMER_NAME_MAX after trimming, valid
 * UTF-8 without control characters; segment and plan lengths; 0 <= arr <=
 * CUSTOMER_ARR_MAX). Returns KEEL_OK or KEEL_EINVAL naming the field. */
int customer_check(const struct customer *c, struct keel_err *e);

/* Checks a contact's fields (name required, e-mail empty or one '@' with text
 * on both sides). Returns KEEL_OK or KEEL_EINVAL naming the field. */
int contact_check(const struct contact *c, struct keel_err *e);

#endif
