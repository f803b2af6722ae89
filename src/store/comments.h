/* comments.h — comments on ideas and features in the database. */
#ifndef KEEL_STORE_COMMENTS_H
#define KEEL_STORE_COMMENTS_H

#include <stddef.h>

#include "domain/comment.h"
#include "store/db.h"

/* Inserts c (entity_type, entity_id, author_id, body, created_at, is_public); sets c->id. */
int store_comment_insert(db *d, struct comment *c, struct keel_err *e);

/* Lists an entity's comments, oldest first, in the arena. */
int store_comment_list(db *d, arena *a, const char *entity_type, int64_t entity_id, struct comment **out,
                       size_t *n, struct keel_err *e);

#endif
