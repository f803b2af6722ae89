/* search.h — what a user types into a search box, made safe for the
 * full-text engines, and the highlighted snippets that come back.
 *
 * The query language is small: words (all must occur, in any order, stemmed:
 * "exports" finds "exported"), "quoted phrases" (words next to each other),
 * -word or -"a phrase" (must not occur), and word* (a prefix of at least
 * SEARCH_PREFIX_MIN characters). Words are cut at anything that is not a
 * letter or digit, as the index cuts them ("e-mail" is the phrase "e mail").
 * Common English words alone ("the", "with") are dropped, as PostgreSQL
 * drops them. Anything else is ordinary text: no character can reach the
 * engines as syntax, because the query is rebuilt from the words alone
 * (SQLite FTS5: each word in double quotes; PostgreSQL: to_tsquery operands
 * that hold only letters and digits).
 *
 * Snippets come back from the engines with a match marked by SEARCH_MARK_START
 * and SEARCH_MARK_END (two control characters no stored text contains); the
 * functions below turn them into plain text with match ranges, or segments
 * for a page to wrap in <mark>. */
#ifndef KEEL_DOMAIN_SEARCH_H
#define KEEL_DOMAIN_SEARCH_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"

enum {
  SEARCH_QUERY_MAX_CHARS = 200, /* the query as typed */
  SEARCH_CLAUSES_MAX = 16,      /* words and phrases in one query */
  SEARCH_PHRASE_WORDS_MAX = 16, /* words in one phrase */
  SEARCH_PREFIX_MIN = 2,        /* characters before a '*' */
  SEARCH_LIMIT_DEFAULT = 20,
  SEARCH_LIMIT_MAX = 100,       /* results per page */
  SEARCH_OFFSET_MAX = 1000,     /* how deep paging goes */
  SEARCH_WINDOW = 1000,         /* per type, the newest matches ranked (see docs/guide.md) */
  SEARCH_SNIPPET_WORDS = 24,    /* words around the best match */
};

#define SEARCH_MARK_START '\x01'
#define SEARCH_MARK_END '\x02'

/* One word or phrase of a query. */
struct search_clause {
  const char **words; /* lower case, letters and digits only (UTF-8) */
  size_t nwords;
  int negate; /* -word: must not occur */
  int prefix; /* word*: the last word is a prefix */
};

struct search_query {
  struct search_clause clauses[SEARCH_CLAUSES_MAX];
  size_t n;
  size_t npositive; /* clauses that must occur (at least one) */
};

/* Parses text (a search box's contents) into q, words in a. Returns KEEL_OK;
 * KEEL_EINVAL on field "q" when text is not valid UTF-8 text of at most
 * SEARCH_QUERY_MAX_CHARS characters, has more than SEARCH_CLAUSES_MAX words
 * and phrases, or leaves nothing to look for (only exclusions, punctuation or
 * common words). */
int search_query_parse(arena *a, const char *text, struct search_query *q, struct keel_err *e);

/* Writes q as an FTS5 MATCH expression: ("w1" AND "p1 p2"*) NOT "w3". */
void search_query_fts5(buf *b, const struct search_query *q);

/* Writes one clause as an FTS5 phrase: "w1 w2", with * for a prefix (the
 * negation is left out). */
void search_clause_fts5(buf *b, const struct search_clause *c);

/* Writes q as a PostgreSQL to_tsquery expression: (w1) & (p1 <-> p2:*) & !(w3). */
void search_query_tsquery(buf *b, const struct search_query *q);

/* Writes the words as an FTS5 expression that any of them matches
 * ("w1" OR "w2"), or a to_tsquery one (w1 | w2) when tsquery is set. Each word
 * must hold letters and digits only (as sim_word_next gives them). */
void search_words_any(buf *b, const char *const *words, size_t n, int tsquery);

enum { SEARCH_MARK_SCAN_MAX = 64 * 1024 }; /* bytes of a text looked at for matches */

/* Marks in text the words that match q's words to find (as the index
 * matches them: folded, lower case, stemmed; a prefix clause's last word by
 * its start), in a. whole: all of the text (a title); else the
 * SEARCH_SNIPPET_WORDS words around the most matches, with "…" where it was
 * cut. Only the first SEARCH_MARK_SCAN_MAX bytes are looked at. */
const char *search_mark(arena *a, const char *text, const struct search_query *q, int whole);

/* A piece of a snippet: text, and whether it is a match. */
struct search_segment {
  const char *text;
  int mark;
};

/* Cuts a marked snippet into segments (in a, text without the marks, empty
 * pieces left out). Unbalanced marks are tolerated: a start inside a match or
 * an end outside one is dropped, and an open match ends with the text. */
size_t search_segments(arena *a, const char *marked, struct search_segment **out);

/* A match in a plain snippet: [start, end) counted in Unicode code points. */
struct search_range {
  size_t start, end;
};

/* Removes the marks from a snippet: *plain receives the text (in a), *ranges
 * the matches in order (n in *nranges). */
void search_unmark(arena *a, const char *marked, const char **plain, struct search_range **ranges, size_t *nranges);

/* Parses the "after" of a search page (made by search_cursor) into an offset
 * 0..SEARCH_OFFSET_MAX. NULL or "" gives 0. Returns KEEL_OK or KEEL_EINVAL
 * (field "after"). */
int search_cursor_parse(const char *s, int *offset, struct keel_err *e);

/* Appends the cursor for the page starting at offset. */
void search_cursor(buf *b, int offset);

#endif
