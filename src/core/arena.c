/* arena.c — bump allocator over a chain of malloc'd blocks. */
#include "core/arena.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/mem.h"

enum { ARENA_ALIGN = 16, ARENA_MIN_BLOCK = 4096 };

struct block {
  struct block *next;
  size_t size; /* usable bytes after the header */
  size_t used;
  _Alignas(16) unsigned char data[];
};

struct arena {
  struct block *head; /* the block being filled */
  size_t reserved;
};

static struct block *block_new(size_t size) {
  if (size > SIZE_MAX / 2) abort(); /* no sane request is this large */
  struct block *b = xmalloc(sizeof *b + size);
  b->next = NULL;
  b->size = size;
  b->used = 0;
  return b;
}

arena *arena_new(size_t first_block) {
  arena *a = xmalloc(sizeof *a);
  if (first_block < ARENA_MIN_BLOCK) first_block = ARENA_MIN_BLOCK;
  a->head = block_new(first_block);
  a->reserved = first_block;
  return a;
}

void arena_free(arena *a) {
  if (!a) return;
  struct block *b = a->head;
  while (b) {
    struct block *next = b->next;
    free(b);
    b = next;
  }
  free(a);
}

void *arena_alloc(arena *a, size_t n) {
  size_t need = (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
  if (need < n) need = SIZE_MAX; /* overflow: xmalloc below aborts */
  struct block *b = a->head;
  if (b->size - b->used < need) {
    size_t size = b->size * 2;
    if (size < need) size = need;
    struct block *nb = block_new(size);
    nb->next = b;
    a->head = nb;
    a->reserved += size;
    b = nb;
  }
  void *p = b->data + b->used;
  b->used += need;
  return p;
}

void *arena_zalloc(arena *a, size_t n) {
  void *p = arena_alloc(a, n);
  memset(p, 0, n);
  return p;
}

void *arena_realloc(arena *a, void *p, size_t old_size, size_t new_size) {
  void *q = arena_alloc(a, new_size);
  if (p && old_size) memcpy(q, p, old_size < new_size ? old_size : new_size);
  return q;
}

char *arena_strndup(arena *a, const char *s, size_t n) {
  char *d = arena_alloc(a, n + 1);
  memcpy(d, s, n);
  d[n] = '\0';
  return d;
}

char *arena_strdup(arena *a, const char *s) {
  if (!s) return NULL;
  return arena_strndup(a, s, strlen(s));
}

char *arena_printf(arena *a, const char *fmt, ...) {
  va_list ap, ap2;
  va_start(ap, fmt);
  va_copy(ap2, ap);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0) n = 0;
  char *d = arena_alloc(a, (size_t)n + 1);
  vsnprintf(d, (size_t)n + 1, fmt, ap2);
  va_end(ap2);
  return d;
}

size_t arena_reserved(const arena *a) { return a->reserved; }

void *arena_grow(arena *a, void *p, size_t n, size_t *cap, size_t elem) {
  if (n < *cap) return p;
  size_t grown = *cap ? *cap * 2 : 16;
  p = arena_realloc(a, p, *cap * elem, grown * elem);
  *cap = grown;
  return p;
}
