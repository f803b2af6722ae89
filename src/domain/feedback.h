/* feedback.h — what someone actually said, and what it is evidence for.
 *
 * A feedback item is a customer's (or anyone's) words as they were said: in a
 * support ticket, a survey answer, an interview, a sales call, a review, a
 * chat or an e-mail. PMs link it to the ideas and features it supports,
 * keeping the quote that matters and how much it matters to the customer.
 * Feedback that links nowhere waits in the inbox until someone links or
 * archives it. Demand — who wants an idea or feature, and how much revenue
 * stands behind it — is computed from these links. */
#ifndef KEEL_DOMAIN_FEEDBACK_H
#define KEEL_DOMAIN_FEEDBACK_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/err.h"

enum feedback_channel { FC_SUPPORT, FC_SURVEY, FC_INTERVIEW, FC_SALES_CALL, FC_REVIEW, FC_CHAT, FC_EMAIL, FC_OTHER, FC_COUNT };
enum feedback_status { FBS_INBOX, FBS_LINKED, FBS_ARCHIVED, FBS_COUNT };
enum importance { IMP_NICE_TO_HAVE, IMP_IMPORTANT, IMP_CRITICAL, IMP_COUNT };

enum {
  FEEDBACK_TEXT_MAX = 20000,      /* bytes of what was said */
  FEEDBACK_REFERENCE_MAX = 500,   /* characters: a ticket number or URL */
  FEEDBACK_TAGS_MAX = 20,         /* tags per item */
  FEEDBACK_TAG_MAX = 40,          /* characters per tag */
  FEEDBACK_ATTRIBUTES_MAX = 8192, /* bytes of the attributes JSON object */
  FEEDBACK_QUOTE_MAX = 2000,
  DEMAND_QUOTES_MAX = 50,         /* quotes shown with demand */
  DEMAND_SEGMENTS_MAX = 64,       /* segments listed; the rest are summed as "other" */
};

struct feedback {
  int64_t id;
  const char *text;
  enum feedback_channel channel;
  const char *reference; /* may be "" */
  int64_t customer_id;   /* 0: none */
  const char *customer_name; /* read-only, "" when none */
  int64_t contact_id;    /* 0: none; when set, a contact of customer_id */
  const char *contact_name;  /* read-only */
  int64_t product_id;    /* 0: none */
  const char *product_key;   /* read-only */
  int64_t received_at;   /* when it was said (Unix seconds) */
  const char *attributes; /* a JSON object (text), "{}" when none: metadata kept from an import */
  enum feedback_status status;
  int64_t link_count;    /* read-only: links to ideas and features */
  int64_t submitted_by;  /* 0: the workspace owner on the CLI, or an import */
  const char *submitted_by_name; /* read-only */
  const char **tags;     /* normalised (see feedback_tag_normal), sorted, no repeats */
  size_t ntags;
  int64_t created_at, updated_at, version;
};

/* A link from a feedback item to an idea or a feature (exactly one of the two). */
struct feedback_link {
  int64_t id;
  int64_t feedback_id;
  int64_t idea_id;          /* 0 when linked to a feature */
  const char *idea_title;   /* read-only */
  int64_t feature_id;       /* 0 when linked to an idea */
  const char *feature_key;  /* read-only: "PAY-3" */
  const char *feature_title; /* read-only */
  const char *quote;        /* the words that matter, "" when the whole text does */
  enum importance importance;
  int64_t created_by;
  int64_t created_at;
};

/* Demand behind an idea or feature: distinct customers and their ARR, by
 * segment, and the quotes. A customer counts once however many times it asked. */
struct demand_segment {
  const char *segment; /* "" for customers without one */
  int64_t customers;
  int64_t arr;
};

struct demand_quote {
  int64_t feedback_id;
  const char *quote;    /* the link's quote, or the feedback text when it has none */
  enum importance importance;
  int64_t customer_id;  /* 0: nobody named */
  const char *customer_name;
  const char *segment;
  int64_t arr;
  int64_t received_at;
  enum feedback_channel channel;
  const char *via;      /* "" when linked directly; else the idea it is linked through ("idea 12") */
};

struct demand {
  int64_t customers;     /* distinct customers */
  int64_t arr;           /* their ARR, each counted once */
  int64_t feedback;      /* feedback items linked (directly or through ideas) */
  int64_t critical;      /* of those links, how many say critical */
  struct demand_segment *segments; /* by ARR, highest first */
  size_t nsegments;
  struct demand_quote *quotes;     /* most important first, then newest; at most DEMAND_QUOTES_MAX */
  size_t nquotes;
};

const char *feedback_channel_name(enum feedback_channel c); /* "sales_call" */
const char *feedback_channel_label(enum feedback_channel c); /* "Sales call" */
int feedback_channel_parse(const char *s, enum feedback_channel *out);
const char *feedback_status_name(enum feedback_status s);
const char *feedback_status_label(enum feedback_status s);
int feedback_status_parse(const char *s, enum feedback_status *out);
const char *importance_name(enum importance i);  /* "nice_to_have" */
const char *importance_label(enum importance i); /* "Nice to have" */
int importance_parse(const char *s, enum importance *out);

/* Returns tag trimmed and in lower case with inner blanks as '-', in a; NULL
 * when it is empty, longer than FEEDBACK_TAG_MAX, or holds characters other
 * than letters (any script), digits, '-', '_', '.', ':' and '/'. */
char *feedback_tag_normal(arena *a, const char *tag);

/* Checks a feedback item's fields (text 1..FEEDBACK_TEXT_MAX, valid UTF-8;
 * reference length; tags; attributes a JSON object of at most
 * FEEDBACK_ATTRIBUTES_MAX bytes). Returns KEEL_OK or KEEL_EINVAL naming the
 * field. */
int feedback_check(const struct feedback *f, struct keel_err *e);

/* Checks a link's quote (at most FEEDBACK_QUOTE_MAX bytes, valid UTF-8). */
int feedback_link_check(const struct feedback_link *l, struct keel_err *e);

#endif
