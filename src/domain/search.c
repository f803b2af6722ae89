/* search.c — the search query parser, its two renderings, and snippets. */
#include "domain/search.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"
#include "domain/similarity.h"

static int is_blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }

/* Cuts s[0..n) into words (as the index does) into c, in a. */
static int clause_words(arena *a, const char *s, size_t n, struct search_clause *c, struct keel_err *e) {
  const char *words[SEARCH_PHRASE_WORDS_MAX];
  size_t nw = 0, pos = 0, len;
  char w[SIM_WORD_MAX + 1];
  while ((len = sim_word_next(s, n, &pos, w, NULL)) > 0) {
    if (nw == SEARCH_PHRASE_WORDS_MAX)
      return err_set(e, KEEL_EINVAL, "q", "a phrase can hold at most %d words", SEARCH_PHRASE_WORDS_MAX);
    words[nw++] = arena_strndup(a, w, len);
  }
  c->nwords = nw;
  c->words = nw ? arena_alloc(a, nw * sizeof *c->words) : NULL;
  if (nw) memcpy(c->words, words, nw * sizeof *words);
  return KEEL_OK;
}

int search_query_parse(arena *a, const char *text, struct search_query *q, struct keel_err *e) {
  memset(q, 0, sizeof *q);
  size_t n = text ? strlen(text) : 0;
  if (!utf8_valid(text ? text : "", n)) return err_set(e, KEEL_EINVAL, "q", "the search is not valid UTF-8 text");
  if (utf8_count(text ? text : "", n) > SEARCH_QUERY_MAX_CHARS)
    return err_set(e, KEEL_EINVAL, "q", "a search can be at most %d characters long", SEARCH_QUERY_MAX_CHARS);
  for (size_t i = 0; i < n; i++)
    if ((unsigned char)text[i] < 0x20 && !is_blank(text[i]))
      return err_set(e, KEEL_EINVAL, "q", "the search contains a control character");
  size_t i = 0;
  int dropped = 0;
  while (i < n) {
    if (is_blank(text[i])) {
      i++;
      continue;
    }
    struct search_clause c = {0};
    if (text[i] == '-' && i + 1 < n && !is_blank(text[i + 1])) {
      c.negate = 1;
      i++;
    }
    size_t start, end;
    int phrase = text[i] == '"';
    if (phrase) {
      start = ++i;
      while (i < n && text[i] != '"') i++;
      end = i;
      if (i < n) i++; /* the closing quote */
    } else {
      start = i;
      while (i < n && !is_blank(text[i]) && text[i] != '"') i++;
      end = i;
    }
    /* A '*' right after the word or the closing quote asks for a prefix. */
    if (!phrase && end > start && text[end - 1] == '*') c.prefix = 1;
    if (phrase && i < n && text[i] == '*') {
      c.prefix = 1;
      i++;
    }
    int rc = clause_words(a, text + start, end - start, &c, e);
    if (rc) return rc;
    if (c.nwords == 0) continue;
    if (c.prefix && utf8_count(c.words[c.nwords - 1], strlen(c.words[c.nwords - 1])) < SEARCH_PREFIX_MIN) c.prefix = 0;
    if (c.nwords == 1 && !c.prefix && sim_is_stop_word(c.words[0])) {
      dropped = 1; /* the index of PostgreSQL has no such words; say nothing of them on either */
      continue;
    }
    if (q->n == SEARCH_CLAUSES_MAX)
      return err_set(e, KEEL_EINVAL, "q", "a search can hold at most %d words and phrases", SEARCH_CLAUSES_MAX);
    q->clauses[q->n++] = c;
    if (!c.negate) q->npositive++;
  }
  if (q->npositive == 0) {
    if (q->n) return err_set(e, KEEL_EINVAL, "q", "a search cannot only exclude words: add a word to look for");
    if (dropped) return err_set(e, KEEL_EINVAL, "q", "those words are too common to search for; add a more telling one");
    return err_set(e, KEEL_EINVAL, "q", "say what to look for: type a word or two");
  }
  return KEEL_OK;
}

/* "w1 w2" with the prefix star. The words hold only letters and digits. */
void search_clause_fts5(buf *b, const struct search_clause *c) {
  buf_putc(b, '"');
  for (size_t k = 0; k < c->nwords; k++) buf_printf(b, "%s%s", k ? " " : "", c->words[k]);
  buf_putc(b, '"');
  if (c->prefix) buf_putc(b, '*');
}

void search_query_fts5(buf *b, const struct search_query *q) {
  int first = 1;
  buf_putc(b, '(');
  for (size_t i = 0; i < q->n; i++) {
    if (q->clauses[i].negate) continue;
    if (!first) buf_puts(b, " AND ");
    search_clause_fts5(b, &q->clauses[i]);
    first = 0;
  }
  buf_putc(b, ')');
  for (size_t i = 0; i < q->n; i++) {
    if (!q->clauses[i].negate) continue;
    buf_puts(b, " NOT ");
    search_clause_fts5(b, &q->clauses[i]);
  }
}

static void ts_clause(buf *b, const struct search_clause *c) {
  buf_puts(b, c->negate ? "!(" : "(");
  for (size_t k = 0; k < c->nwords; k++) buf_printf(b, "%s%s", k ? " <-> " : "", c->words[k]);
  if (c->prefix) buf_puts(b, ":*");
  buf_putc(b, ')');
}

void search_query_tsquery(buf *b, const struct search_query *q) {
  int first = 1;
  for (int pass = 0; pass < 2; pass++)
    for (size_t i = 0; i < q->n; i++) {
      if (q->clauses[i].negate != pass) continue;
      if (!first) buf_puts(b, " & ");
      ts_clause(b, &q->clauses[i]);
      first = 0;
    }
}

void search_words_any(buf *b, const char *const *words, size_t n, int tsquery) {
  for (size_t i = 0; i < n; i++) {
    if (tsquery) buf_printf(b, "%s%s", i ? " | " : "", words[i]);
    else buf_printf(b, "%s\"%s\"", i ? " OR " : "", words[i]);
  }
}

/* ---- marking matches (SQLite's snippets) ---- */

struct target {
  const char *word; /* stemmed, or the prefix as typed */
  int prefix;
};

struct textword {
  size_t start, end;
  int match;
};

static int word_matches(const struct target *t, size_t nt, const char *w, size_t len) {
  char stem[SIM_WORD_MAX + 1];
  memcpy(stem, w, len + 1);
  sim_stem(stem, len);
  for (size_t i = 0; i < nt; i++) {
    if (t[i].prefix ? strncmp(w, t[i].word, strlen(t[i].word)) == 0 : strcmp(stem, t[i].word) == 0) return 1;
  }
  return 0;
}

/* Appends s[from..to) to b, each match of words[w0..w1) between the marks. */
static void put_marked(buf *b, const char *s, const struct textword *words, size_t w0, size_t w1, size_t from,
                       size_t to) {
  size_t at = from;
  for (size_t i = w0; i < w1; i++) {
    if (!words[i].match) continue;
    buf_append(b, s + at, words[i].start - at);
    buf_putc(b, SEARCH_MARK_START);
    buf_append(b, s + words[i].start, words[i].end - words[i].start);
    buf_putc(b, SEARCH_MARK_END);
    at = words[i].end;
  }
  buf_append(b, s + at, to - at);
}

const char *search_mark(arena *a, const char *text, const struct search_query *q, int whole) {
  if (!text || !*text) return "";
  size_t nt = 0, cap = 0;
  for (size_t i = 0; i < q->n; i++)
    if (!q->clauses[i].negate) cap += q->clauses[i].nwords;
  struct target *t = arena_alloc(a, (cap ? cap : 1) * sizeof *t);
  for (size_t i = 0; i < q->n; i++) {
    const struct search_clause *c = &q->clauses[i];
    if (c->negate) continue;
    for (size_t k = 0; k < c->nwords; k++) {
      size_t len = strlen(c->words[k]);
      if (len > SIM_WORD_MAX) continue;
      int prefix = c->prefix && k + 1 == c->nwords;
      char *w = arena_strndup(a, c->words[k], len);
      if (!prefix) sim_stem(w, len);
      t[nt++] = (struct target){w, prefix};
    }
  }
  size_t n = strlen(text);
  if (n > SEARCH_MARK_SCAN_MAX) n = SEARCH_MARK_SCAN_MAX;
  size_t nw = 0, wcap = 0, pos = 0, start = 0, len;
  struct textword *words = NULL;
  char w[SIM_WORD_MAX + 1];
  while ((len = sim_word_next(text, n, &pos, w, &start)) > 0) {
    if (nw == wcap) {
      size_t grown = wcap ? wcap * 2 : 64;
      words = arena_realloc(a, words, wcap * sizeof *words, grown * sizeof *words);
      wcap = grown;
    }
    words[nw++] = (struct textword){start, pos, word_matches(t, nt, w, len)};
  }
  buf b;
  buf_init(&b, 0);
  size_t span = SEARCH_SNIPPET_WORDS;
  if (whole || nw <= span) {
    put_marked(&b, text, words, 0, nw, 0, strlen(text) > n ? n : strlen(text));
  } else {
    /* The window of span words holding the most matches (the first such). */
    size_t best = 0, best_count = 0, count = 0;
    for (size_t i = 0; i < nw; i++) {
      count += (size_t)words[i].match;
      if (i >= span) count -= (size_t)words[i - span].match;
      if (i + 1 >= span && count > best_count) {
        best_count = count;
        best = i + 1 - span;
      }
    }
    /* Start a little before its first match, when it has one. */
    size_t first = best;
    while (first < best + span && !words[first].match) first++;
    size_t from = first < best + span ? (first > 2 ? first - 2 : 0) : best;
    if (from + span > nw) from = nw - span;
    size_t to = from + span;
    if (from > 0) buf_puts(&b, "…");
    put_marked(&b, text, words, from, to, words[from].start, words[to - 1].end);
    if (to < nw) buf_puts(&b, "…");
  }
  const char *out = arena_strdup(a, buf_cstr(&b));
  buf_free(&b);
  return out;
}

size_t search_segments(arena *a, const char *marked, struct search_segment **out) {
  *out = NULL;
  if (!marked || !*marked) return 0;
  size_t n = strlen(marked), count = 0;
  /* At most one segment per mark, plus one. */
  size_t cap = 1;
  for (size_t i = 0; i < n; i++)
    if (marked[i] == SEARCH_MARK_START || marked[i] == SEARCH_MARK_END) cap++;
  struct search_segment *seg = arena_alloc(a, cap * sizeof *seg);
  int in = 0;
  size_t from = 0;
  for (size_t i = 0; i <= n; i++) {
    char c = i < n ? marked[i] : '\0';
    int boundary = i == n || (c == SEARCH_MARK_START && !in) || (c == SEARCH_MARK_END && in);
    int stray = (c == SEARCH_MARK_START && in) || (c == SEARCH_MARK_END && !in);
    if (!boundary && !stray) continue;
    /* Close the piece before this mark (skipping stray marks inside it). */
    if (i > from && boundary) {
      char *t = arena_alloc(a, i - from + 1);
      size_t k = 0;
      for (size_t j = from; j < i; j++)
        if (marked[j] != SEARCH_MARK_START && marked[j] != SEARCH_MARK_END) t[k++] = marked[j];
      t[k] = '\0';
      if (k) seg[count++] = (struct search_segment){t, in};
    }
    if (boundary) {
      from = i + 1;
      if (i < n) in = !in;
    }
  }
  *out = seg;
  return count;
}

void search_unmark(arena *a, const char *marked, const char **plain, struct search_range **ranges, size_t *nranges) {
  struct search_segment *seg;
  size_t n = search_segments(a, marked, &seg), len = 0, nr = 0;
  for (size_t i = 0; i < n; i++) {
    len += strlen(seg[i].text);
    if (seg[i].mark) nr++;
  }
  char *p = arena_alloc(a, len + 1);
  struct search_range *r = nr ? arena_alloc(a, nr * sizeof *r) : NULL;
  size_t at = 0, chars = 0, k = 0;
  for (size_t i = 0; i < n; i++) {
    size_t l = strlen(seg[i].text), c = utf8_count(seg[i].text, l);
    memcpy(p + at, seg[i].text, l);
    at += l;
    if (seg[i].mark) r[k++] = (struct search_range){chars, chars + c};
    chars += c;
  }
  p[at] = '\0';
  *plain = p;
  *ranges = r;
  *nranges = nr;
}

int search_cursor_parse(const char *s, int *offset, struct keel_err *e) {
  *offset = 0;
  if (!s || !*s) return KEEL_OK;
  static const char prefix[] = "search:";
  char *end = NULL;
  errno = 0;
  long v = -1;
  const char *digits = s + sizeof prefix - 1;
  if (strncmp(s, prefix, sizeof prefix - 1) == 0 && digits[0] >= '0' && digits[0] <= '9' &&
      !(digits[0] == '0' && digits[1] != '\0')) /* one spelling per offset: no leading zeros */
    v = strtol(digits, &end, 10);
  if (v < 0 || errno || *end || v > SEARCH_OFFSET_MAX)
    return err_set(e, KEEL_EINVAL, "after", "after must be the \"next\" value of a previous page of these results");
  *offset = (int)v;
  return KEEL_OK;
}

void search_cursor(buf *b, int offset) { buf_printf(b, "search:%d", offset); }
