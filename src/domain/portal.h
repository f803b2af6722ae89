/* portal.h — the customer portal's rules: which ideas a customer may see, what
 * they see of one, how its state reads to them, and the limits of anonymous
 * submission.
 *
 * An idea is private until a PM publishes it. A customer sees a published
 * idea's public face only (its public title and description, its product, its
 * status, its votes and the comments meant for customers), and their own
 * submissions, published or not. Never: the internal title or description
 * (unless no public title was given), who asked (customers, contacts,
 * submitters), sources, references, features' keys, scores or plans,
 * feedback, internal comments, users. Everything else answers "not found",
 * exactly as an idea that does not exist. */
#ifndef KEEL_DOMAIN_PORTAL_H
#define KEEL_DOMAIN_PORTAL_H

#include <stdint.h>

#include "core/err.h"
#include "domain/idea.h"

enum {
  PORTAL_ANON_PER_ADDRESS = 5,     /* anonymous submissions per client address in PORTAL_ANON_WINDOW_SECONDS */
  PORTAL_ANON_WINDOW_SECONDS = 15 * 60, /* the sign-in throttling window (LOGIN_WINDOW_SECONDS) */
  PORTAL_NAME_MAX_CHARS = 120,     /* an anonymous submitter's name */
};

/* The setting that lets people without an account submit (off by default). */
#define PORTAL_ANONYMOUS_SETTING "portal.anonymous"

/* Returns 1 when a value of the portal.anonymous setting turns it on ("on",
 * "yes", "true", "1"); anything else, and no value, is off. */
int portal_setting_on(const char *value);

/* What the portal shows of an idea, and nothing more. Strings live in the
 * reader's arena. */
struct portal_idea {
  int64_t id;
  const char *product_key;
  const char *product_name;
  const char *title;          /* the public title, or the title when the PM gave none */
  const char *description;    /* the public description (Markdown), "" when none */
  enum idea_status status;
  const char *decline_reason; /* when declined, else "" (written for the people who asked) */
  int64_t duplicate_of;       /* the idea it is a duplicate of or was merged into, or 0 */
  const char *duplicate_title; /* that idea's title when the reader may see it, else NULL */
  int merged;                 /* merged into duplicate_of (not only marked a duplicate) */
  int shipped;                /* planned, and the feature it became has shipped */
  int64_t shipped_at;         /* when (the feature's last change), with shipped */
  int64_t votes;
  int voted;                  /* the reader voted for it */
  int mine;                   /* the reader submitted it */
  int is_public;
  int64_t created_at, updated_at;
};

/* A comment as the portal shows it: on a visible idea, meant for customers. */
struct portal_comment {
  int64_t id;
  const char *author; /* "You", a member of staff's name, or "A customer" (other customers' people stay anonymous) */
  int staff;          /* written by a member of staff (a reply from the team) */
  int mine;           /* written by the reader */
  const char *body;   /* Markdown */
  int64_t created_at;
};

/* Returns the name the portal shows for a comment's author: "You" for the
 * reader's own, the staff member's name, else "A customer" (so a customer
 * never learns who else asks). Static text or author_name. */
const char *portal_author(int mine, int staff, const char *author_name);

/* Returns 1 when the reader (user id, 0 for nobody) may see an idea that is
 * published (is_public) or was submitted by submitted_by (0: nobody known). */
int portal_visible(int is_public, int64_t submitted_by, int64_t reader_id);

/* Returns how the idea's state reads to a customer: "Shipped", "Merged", or
 * the status label ("Under review"). Static text. */
const char *portal_status_label(const struct portal_idea *i);

/* Returns the title a customer sees: public_title unless it is empty or NULL,
 * else title. */
const char *portal_title(const char *title, const char *public_title);

/* Checks what an anonymous submitter gives: a name (1..PORTAL_NAME_MAX_CHARS
 * characters, one line) and an e-mail address. Returns KEEL_OK or KEEL_EINVAL
 * naming "name" or "email". */
int portal_submitter_check(const char *name, const char *email, struct keel_err *e);

#endif
