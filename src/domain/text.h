/* text.h — limits and checks for text that users type.
 *
 * Lengths of single-line fields are counted in characters (code points);
 * multi-line bodies in bytes. Text is stored exactly as typed (after trimming
 * surrounding whitespace): escaping is the presenter's job, never the store's. */
#ifndef KEEL_DOMAIN_TEXT_H
#define KEEL_DOMAIN_TEXT_H

#include <stddef.h>

#include "core/arena.h"
#include "core/err.h"

enum {
  TITLE_MAX_CHARS = 200,
  NAME_MAX_CHARS = 120,
  CUSTOMER_MAX_CHARS = 200,
  REASON_MAX_CHARS = 2000,
  EMAIL_MAX_CHARS = 254,
  DESCRIPTION_MAX_BYTES = 64 * 1024,
  COMMENT_MAX_BYTES = 16 * 1024,
  SEARCH_MAX_CHARS = 200,
};

/* Returns s without leading and trailing ASCII whitespace, in the arena (NULL stays NULL). */
const char *text_trim(arena *a, const char *s);

/* Checks a single-line field: valid UTF-8, no control characters, at most
 * max_chars characters, and non-empty when required. Returns KEEL_OK or
 * KEEL_EINVAL naming field. NULL counts as empty. */
int text_check_line(const char *field, const char *s, size_t max_chars, int required,
                    struct keel_err *e);

/* Checks a multi-line field: like text_check_line but newlines and tabs are
 * allowed and the limit is max_bytes. */
int text_check_body(const char *field, const char *s, size_t max_bytes, int required,
                    struct keel_err *e);

/* Checks an e-mail address: one '@', a dot in the domain, no spaces, at most
 * EMAIL_MAX_CHARS. Returns KEEL_OK or KEEL_EINVAL for field "email". */
int email_check(const char *s, struct keel_err *e);

#endif
