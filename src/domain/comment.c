/* comment.c — comment rules. */
#include "domain/comment.h"

#include "domain/text.h"

int comment_check(const struct comment *c, struct keel_err *e) {
  return text_check_body("body", c->body, COMMENT_MAX_BYTES, 1, e);
}
