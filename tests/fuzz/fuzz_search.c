/* fuzz_search.c — libFuzzer target for the search box (domain/search.c):
 * search_query_parse and its renderings for FTS5 MATCH and PostgreSQL
 * to_tsquery, search_cursor_parse, and the snippet helpers.
 *
 * Checks (a violation traps):
 *   - the parser fails only with KEEL_EINVAL on field "q", with a message;
 *   - a parsed query has 1..SEARCH_CLAUSES_MAX clauses, at least one to find,
 *     and every word is non-empty and holds no ASCII character but letters
 *     and digits (so no quote, star, colon, bracket or operator of either
 *     engine can come from the user);
 *   - the FTS5 rendering holds double quotes only around words (an even
 *     number of them, each word between a pair), and nothing outside the
 *     quotes but spaces, parentheses, '*' and the words AND and NOT;
 *   - the tsquery rendering holds, outside the words, only spaces, ( ) & ! |
 *     and the operators <-> and :*;
 *   - search_cursor_parse fails only with KEEL_EINVAL on "after", else gives
 *     0..SEARCH_OFFSET_MAX, and a cursor it reads prints back the same;
 *   - search_mark on the input with its own query keeps the text (whole)
 *     and writes balanced marks (snippet);
 *   - search_unmark gives text without marks whose ranges are ordered,
 *     non-empty and within the text (counted in code points). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/utf8.h"
#include "domain/search.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond) \
  do {              \
    if (!(cond)) __builtin_trap(); \
  } while (0)

static int ascii_word_char(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80;
}

static void check_fts5(const char *s) {
  size_t n = strlen(s), quotes = 0;
  int in = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '"') {
      quotes++;
      in = !in;
      continue;
    }
    if (in) {
      CHECK(ascii_word_char(c) || c == ' ');
      continue;
    }
    if (c == ' ' || c == '(' || c == ')' || c == '*') continue;
    CHECK(strncmp(s + i, "AND", 3) == 0 || strncmp(s + i, "NOT", 3) == 0);
    i += 2;
  }
  CHECK(!in && quotes % 2 == 0 && quotes >= 2);
}

static void check_tsquery(const char *s) {
  size_t n = strlen(s);
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (ascii_word_char(c) || c == ' ' || c == '(' || c == ')' || c == '&' || c == '!' || c == '|') continue;
    if (strncmp(s + i, "<->", 3) == 0) {
      i += 2;
      continue;
    }
    CHECK(strncmp(s + i, ":*", 2) == 0);
    i++;
  }
}

static void check_query(arena *a, const char *text) {
  struct search_query q;
  struct keel_err e = {0};
  int rc = search_query_parse(a, text, &q, &e);
  if (rc) {
    CHECK(rc == KEEL_EINVAL && e.rc == rc && strcmp(e.field, "q") == 0 && e.msg[0]);
    return;
  }
  CHECK(q.n >= 1 && q.n <= SEARCH_CLAUSES_MAX && q.npositive >= 1 && q.npositive <= q.n);
  for (size_t i = 0; i < q.n; i++) {
    CHECK(q.clauses[i].nwords >= 1 && q.clauses[i].nwords <= SEARCH_PHRASE_WORDS_MAX);
    for (size_t k = 0; k < q.clauses[i].nwords; k++) {
      const char *w = q.clauses[i].words[k];
      CHECK(*w);
      for (const char *p = w; *p; p++) CHECK(ascii_word_char((unsigned char)*p));
      CHECK(utf8_valid(w, strlen(w)));
    }
  }
  /* Marking the input with its own query: every match is marked, the text
   * around them kept (snippets may cut it), and the marks balance. */
  if (utf8_valid(text, strlen(text)) && !strchr(text, SEARCH_MARK_START) && !strchr(text, SEARCH_MARK_END)) {
    const char *whole = search_mark(a, text, &q, 1), *snip = search_mark(a, text, &q, 0);
    const char *plain;
    struct search_range *r;
    size_t nr;
    search_unmark(a, whole, &plain, &r, &nr);
    CHECK(strlen(text) > SEARCH_MARK_SCAN_MAX || strcmp(plain, text) == 0);
    size_t opened = 0, closed = 0;
    for (const char *p = snip; *p; p++) {
      opened += *p == SEARCH_MARK_START;
      closed += *p == SEARCH_MARK_END;
      CHECK(closed <= opened && opened <= closed + 1);
    }
    CHECK(opened == closed);
  }
  buf b;
  buf_init(&b, 0);
  search_query_fts5(&b, &q);
  check_fts5(buf_cstr(&b));
  buf_reset(&b);
  search_query_tsquery(&b, &q);
  check_tsquery(buf_cstr(&b));
  buf_free(&b);
}

static void check_cursor(const char *text) {
  int offset = -1;
  struct keel_err e = {0};
  int rc = search_cursor_parse(text, &offset, &e);
  if (rc) {
    CHECK(rc == KEEL_EINVAL && strcmp(e.field, "after") == 0 && e.msg[0]);
    return;
  }
  CHECK(offset >= 0 && offset <= SEARCH_OFFSET_MAX);
  if (!*text) return;
  buf b;
  buf_init(&b, 0);
  search_cursor(&b, offset);
  CHECK(strcmp(buf_cstr(&b), text) == 0);
  buf_free(&b);
}

static void check_unmark(arena *a, const char *text) {
  const char *plain;
  struct search_range *r;
  size_t nr;
  search_unmark(a, text, &plain, &r, &nr);
  CHECK(!strchr(plain, SEARCH_MARK_START) && !strchr(plain, SEARCH_MARK_END));
  size_t chars = utf8_valid(plain, strlen(plain)) ? utf8_count(plain, strlen(plain)) : (size_t)-1;
  for (size_t i = 0; i < nr; i++) {
    CHECK(r[i].start < r[i].end);
    if (i) CHECK(r[i - 1].end <= r[i].start);
    if (chars != (size_t)-1) CHECK(r[i].end <= chars);
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > 4096) return 0;
  char *text = malloc(size + 1);
  if (!text) abort();
  if (size) memcpy(text, data, size);
  text[size] = '\0';
  arena *a = arena_new(0);
  check_query(a, text);
  check_cursor(text);
  if (utf8_valid(text, strlen(text))) check_unmark(a, text);
  arena_free(a);
  free(text);
  return 0;
}
