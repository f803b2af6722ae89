/* fuzz_import_map.c — libFuzzer target for the import mapping syntax
 * (domain/import.c: import_pairs_parse, behind --map, --meta, --status-map
 * and the API's map= parameter), and the value readers around it
 * (import_na_parse, import_tags_split, import_channel_parse,
 * import_source_parse, import_idea_status_parse).
 *
 * The first input byte chooses whether keys are optional (bit 0, as --meta)
 * and the import kind (bits 1-2) for target names; the rest, up to its first
 * NUL, is the text. A failure is KEEL_EINVAL on the field given, equal to
 * e.rc, with a message, and gives no pairs. A success gives at most
 * IMPORT_MAP_MAX pairs; keys are present unless optional; every key and
 * value is NUL-terminated text no longer than the input; the positions
 * increase and stay within the input's characters. Writing the pairs back
 * (each key and value quoted CSV-style) and parsing again gives the same
 * pairs. A violation traps. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/utf8.h"
#include "domain/import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond) \
  do {              \
    if (!(cond)) __builtin_trap(); \
  } while (0)

static void quoted(buf *b, const char *s) {
  buf_putc(b, '"');
  for (; *s; s++) {
    if (*s == '"') buf_putc(b, '"');
    buf_putc(b, *s);
  }
  buf_putc(b, '"');
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1) return 0;
  int keys_optional = data[0] & 1;
  enum import_kind kind = (enum import_kind)((data[0] >> 1) % IMPORT_KIND_COUNT);
  size_t n = 0;
  while (1 + n < size && data[1 + n]) n++;
  char *text = malloc(n + 1);
  memcpy(text, data + 1, n);
  text[n] = '\0';
  arena *a = arena_new(4096);
  struct keel_err e = {0};
  struct import_pair *p;
  size_t np;
  int rc = import_pairs_parse(a, text, "map", keys_optional, &p, &np, &e);
  if (rc) {
    CHECK(rc == KEEL_EINVAL && e.rc == rc && e.msg[0] && strcmp(e.field, "map") == 0 && np == 0);
  } else {
    CHECK(np <= IMPORT_MAP_MAX);
    size_t chars = utf8_count(text, n), last = 0;
    buf b;
    buf_init(&b, 0);
    for (size_t i = 0; i < np; i++) {
      CHECK(keys_optional || p[i].key);
      CHECK(p[i].value && strlen(p[i].value) <= n);
      CHECK(!p[i].key || strlen(p[i].key) <= n);
      CHECK(p[i].at >= 1 && p[i].at <= chars + 1 && p[i].at > last);
      last = p[i].at;
      if (i) buf_putc(&b, ',');
      if (p[i].key) {
        quoted(&b, p[i].key);
        buf_putc(&b, '=');
      }
      quoted(&b, p[i].value);
      enum import_target t;
      if (p[i].key && import_target_parse(kind, p[i].key, &t) == 0)
        CHECK(strcmp(import_target_name(t), p[i].key) == 0);
    }
    struct import_pair *q;
    size_t nq;
    struct keel_err e2 = {0};
    if (b.len <= IMPORT_MAP_TEXT_MAX) {
      CHECK(import_pairs_parse(a, buf_cstr(&b), "map", keys_optional, &q, &nq, &e2) == KEEL_OK && nq == np);
      for (size_t i = 0; i < np; i++) {
        CHECK(strcmp(q[i].value, p[i].value) == 0);
        CHECK(!p[i].key == !q[i].key && (!p[i].key || strcmp(q[i].key, p[i].key) == 0));
      }
    }
    buf_free(&b);
  }
  /* The value readers take any text. */
  const char **na;
  size_t nna;
  struct keel_err e3 = {0};
  if (import_na_parse(a, text, &na, &nna, &e3) == KEEL_OK) CHECK(nna <= IMPORT_NA_MAX);
  const char *tags[8];
  CHECK(import_tags_split(a, text, tags, 7) <= 8);
  enum feedback_channel ch;
  if (import_channel_parse(text, &ch) == 0) CHECK(ch < FC_COUNT);
  enum idea_source src;
  if (import_source_parse(text, &src) == 0) CHECK(src < SRC_COUNT);
  enum idea_status st;
  const char *reason;
  struct keel_err e4 = {0};
  if (import_idea_status_parse(a, text, &st, &reason, &e4) == KEEL_OK)
    CHECK(st == IS_NEW || st == IS_UNDER_REVIEW || (st == IS_DECLINED && *reason));
  else
    CHECK(e4.rc == KEEL_EINVAL && e4.msg[0]);
  arena_free(a);
  free(text);
  return 0;
}
