/* mem.h — allocation that cannot fail: out-of-memory aborts here, in one place.
 *
 * Every heap allocation in Keel goes through these functions (directly or via an
 * arena or a buf), so callers never check for NULL. */
#ifndef KEEL_CORE_MEM_H
#define KEEL_CORE_MEM_H

#include <stddef.h>

/* Returns n bytes of uninitialised memory (n may be 0). Never NULL; aborts on OOM. */
void *xmalloc(size_t n);

/* Returns nmemb*size zeroed bytes. Never NULL; aborts on OOM or on overflow. */
void *xcalloc(size_t nmemb, size_t size);

/* Resizes p to n bytes. Never NULL; aborts on OOM. */
void *xrealloc(void *p, size_t n);

/* Returns a heap copy of s (NULL gives NULL). Caller frees. */
char *xstrdup(const char *s);

#endif
