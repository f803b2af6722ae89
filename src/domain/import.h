/* import.h — the rules of importing rows of a CSV/TSV file: which fields a
 * row can fill for each kind of record (the targets of a column mapping), the
 * mapping syntax, and how values in a file are read (channels, statuses,
 * tags, missing values). Pure: no file, no database.
 *
 * A mapping is a list of items separated by commas: TARGET=COLUMN (':' may
 * stand for '='). A key or value holding a comma, '=', ':' or a quote is
 * written in double quotes, with a quote inside doubled (CSV style):
 *   text=Qlike_best,customer="Company, Inc."
 * Spaces around unquoted keys and values are dropped. */
#ifndef KEEL_DOMAIN_IMPORT_H
#define KEEL_DOMAIN_IMPORT_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/err.h"
#include "domain/feature.h"
#include "domain/feedback.h"
#include "domain/idea.h"

enum import_kind { IMPORT_FEEDBACK, IMPORT_IDEAS, IMPORT_FEATURES, IMPORT_KIND_COUNT };

/* What a column can fill. Not every kind takes every target (import_target_parse). */
enum import_target {
  IT_TEXT,        /* feedback: what was said (required) */
  IT_TITLE,       /* ideas, features (required) */
  IT_DESCRIPTION, /* ideas, features */
  IT_CUSTOMER,    /* feedback, ideas: a customer's name (found, or added) */
  IT_CONTACT,     /* feedback, ideas: the contact's name */
  IT_EMAIL,       /* feedback, ideas: the contact's e-mail (found within the customer, or added) */
  IT_DATE,        /* feedback: when it was said; ideas: when submitted */
  IT_CHANNEL,     /* feedback */
  IT_REFERENCE,   /* all: the record's id elsewhere (a ticket, HIVE-123); a second import skips it */
  IT_TAGS,        /* feedback: split on ',' and ';' */
  IT_PRODUCT,     /* all: a product key (ideas and features: else --product) */
  IT_ATTRIBUTES,  /* feedback: a JSON object, merged with the --meta columns (as Keel exports it) */
  IT_SOURCE,      /* ideas */
  IT_STATUS,      /* ideas, features: through the status map */
  IT_HORIZON,     /* features: through the horizon map */
  IT_COUNT
};

enum {
  IMPORT_MAP_MAX = 64,       /* items in one mapping (--map, --meta, --status-map) */
  IMPORT_MAP_TEXT_MAX = 8192, /* bytes of one mapping's text */
  IMPORT_NA_MAX = 16,        /* missing-value markers */
  IMPORT_META_NAME_MAX = 200, /* characters of a --meta name */
};

struct import_pair {
  const char *key;   /* NULL when the item had none (--meta COLUMN) */
  const char *value;
  size_t at;         /* the item's position in the text (1-based character), for messages */
};

/* Parses a mapping (see above) into pairs in a. keys_optional allows items
 * without a key. Returns KEEL_OK, or KEEL_EINVAL naming field with the
 * position and what was expected (an unclosed quote, a missing key, an
 * empty item, more than IMPORT_MAP_MAX items or IMPORT_MAP_TEXT_MAX bytes). */
int import_pairs_parse(arena *a, const char *s, const char *field, int keys_optional, struct import_pair **out,
                       size_t *n, struct keel_err *e);

const char *import_kind_name(enum import_kind k);  /* "feedback", "ideas", "features" */
int import_kind_parse(const char *s, enum import_kind *out);
const char *import_target_name(enum import_target t); /* "text" */

/* Reads a target name for kind. Returns 0, or -1 when kind does not take it. */
int import_target_parse(enum import_kind k, const char *s, enum import_target *out);

/* Returns the target that must be mapped for kind (text or title). */
enum import_target import_required_target(enum import_kind k);

/* Writes the targets kind takes, comma-separated, into a ("text, customer, ..."). */
const char *import_targets_list(arena *a, enum import_kind k);

/* Reads a channel as files write it: its name or label in any case, with
 * spaces or '-' for '_' ("Sales call", "sales-call"), or "e-mail", "ticket".
 * Returns 0, or -1. */
int import_channel_parse(const char *s, enum feedback_channel *out);

/* Reads an idea source the same way ("Customer", "Engineering"). */
int import_source_parse(const char *s, enum idea_source *out);

/* Splits a tags cell on ',' and ';', trimming each and dropping empty ones;
 * returns how many (at most max) in out, allocated in a. */
size_t import_tags_split(arena *a, const char *s, const char **out, size_t max);

/* Parses the markers of a missing value ("NA,n/a"; "" for none) into a. */
int import_na_parse(arena *a, const char *s, const char ***out, size_t *n, struct keel_err *e);

/* Returns 1 when cell is missing: empty, only blanks, or exactly one of the markers. */
int import_missing(const char *cell, const char *const *na, size_t nna);

/* A status map's value: "declined:Closed in the tracker" names an idea
 * status and its reason; for features, a feature status. Returns KEEL_OK or
 * KEEL_EINVAL (field "status-map") saying which statuses can be imported
 * (planned and duplicate ideas need a feature or an original, so they
 * cannot; declined needs a reason). */
int import_idea_status_parse(arena *a, const char *value, enum idea_status *st, const char **reason,
                             struct keel_err *e);

#endif
