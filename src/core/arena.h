/* arena.h — region allocator: many small allocations, freed together.
 *
 * One arena lives for one HTTP request or one CLI command; everything a request
 * reads from the database (records, strings, lists) is allocated in it and
 * released by a single arena_free(). An arena is not thread-safe: one owner. */
#ifndef KEEL_CORE_ARENA_H
#define KEEL_CORE_ARENA_H

#include <stdarg.h>
#include <stddef.h>

typedef struct arena arena;

/* Returns a new arena whose first block holds about first_block bytes. Never NULL. */
arena *arena_new(size_t first_block);

/* Releases the arena and everything allocated in it. NULL is ignored. */
void arena_free(arena *a);

/* Returns n bytes aligned for any type, valid until arena_free(). Never NULL. */
void *arena_alloc(arena *a, size_t n);

/* Returns n zeroed bytes in the arena. */
void *arena_zalloc(arena *a, size_t n);

/* Returns a block of new_size bytes holding the first old_size bytes of p
 * (p may be NULL with old_size 0). The old block stays allocated until
 * arena_free(); use it for arrays that grow by doubling. */
void *arena_realloc(arena *a, void *p, size_t old_size, size_t new_size);

/* Makes room for one more element of elem bytes in the array p of n
 * elements and *cap allocated: returns p when n < *cap, else the array
 * doubled (16 to begin with) with *cap updated. For lists read row by row:
 * `*out = arena_grow(a, *out, *n, &cap, sizeof **out);`. */
void *arena_grow(arena *a, void *p, size_t n, size_t *cap, size_t elem);

/* Returns a copy of s in the arena (NULL gives NULL). */
char *arena_strdup(arena *a, const char *s);

/* Returns a NUL-terminated copy of the first n bytes of s in the arena. */
char *arena_strndup(arena *a, const char *s, size_t n);

/* Returns a formatted string (standard printf conversions) in the arena. */
char *arena_printf(arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Returns the total bytes currently reserved by the arena (for limits and tests). */
size_t arena_reserved(const arena *a);

#endif
