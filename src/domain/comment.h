/* comment.h — a comment on an idea or a feature (Markdown). */
#ifndef KEEL_DOMAIN_COMMENT_H
#define KEEL_DOMAIN_COMMENT_H

#include <stdint.h>

#include "core/err.h"

struct comment {
  int64_t id;
  const char *entity_type; /* "idea" or "feature" */
  int64_t entity_id;
  int64_t author_id;
  const char *author_name;
  const char *body;
  int64_t created_at;
  int is_public; /* shown in the customer portal (ideas only): portal users' comments and staff replies meant for them */
};

/* Checks a comment body: required, at most COMMENT_MAX_BYTES. */
int comment_check(const struct comment *c, struct keel_err *e);

#endif
