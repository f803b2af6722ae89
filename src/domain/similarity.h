/* similarity.h — words of a text, and how alike two texts are.
 *
 * Duplicate suggestions ("this idea looks like idea 12") compare texts as bags
 * of words. A text is cut into words at anything that is not a letter or a
 * digit (UTF-8: Latin letters with accents fold to their base letter, other
 * letters are kept as they are, punctuation and symbols separate), words go to
 * lower case, common English words ("the", "and", "with") are dropped and the
 * rest are stemmed with the Porter algorithm, as the full-text index stems
 * them (so "exports", "exported" and "exporting" are one term, and the term
 * is the one the index's vocabulary lists).
 *
 * The similarity of two texts is the cosine of their term-count vectors, a
 * title's words counting SIM_TITLE_WEIGHT times: symmetric, in [0, 1], 1 for
 * texts with the same terms in the same proportions and 0 for texts with
 * none in common. */
#ifndef KEEL_DOMAIN_SIMILARITY_H
#define KEEL_DOMAIN_SIMILARITY_H

#include <stddef.h>

#include "core/arena.h"

enum {
  SIM_WORD_MAX = 64,       /* bytes of a word; longer runs of letters are not words (the index's stemming limit) */
  SIM_TERMS_MAX = 4096,    /* distinct terms kept from one text (the first ones) */
  SIM_SCAN_MAX = 64 * 1024, /* bytes of a text looked at */
  SIM_TITLE_WEIGHT = 2,    /* a title word counts this many times */
  SIM_QUERY_TERMS = 8,     /* the rarest terms of a text that look for candidates */
  SIM_CANDIDATES = 100,    /* candidates scored per type */
  SIM_RESULTS_MAX = 10,    /* suggestions shown */
  SIM_DF_MAX_PERMILLE = 50, /* a word in more than 5% of the items does not pick candidates */
  SIM_DF_FLOOR = 20,       /* ... though any word in at most this many items does */
  SIM_DF_FALLBACK = 2,     /* when every word is that common, the rarest this many do */
};

/* Suggestions less alike than this are not shown. */
#define SIM_THRESHOLD 0.2

/* Reads the next word of s[0..n) from *pos: writes it folded to lower case
 * (NUL-terminated, at most SIM_WORD_MAX bytes) into out, which holds
 * SIM_WORD_MAX + 1 bytes, moves *pos past it and returns its length in bytes.
 * Returns 0 at the end of the text. Runs of letters longer than SIM_WORD_MAX
 * bytes are skipped. *start (when not NULL) receives where the word began in s. */
size_t sim_word_next(const char *s, size_t n, size_t *pos, char *out, size_t *start);

/* Returns 1 when w (lower case) is a common English word that says nothing
 * about a text's subject (the list PostgreSQL's 'english' configuration
 * drops), else 0. */
int sim_is_stop_word(const char *w);

/* Stems w (lower case, as sim_word_next writes it) in place with the Porter
 * algorithm, as SQLite's porter tokenizer does, and returns its new length.
 * Words shorter than 3 or longer than SIM_WORD_MAX bytes stay as they are. */
size_t sim_stem(char *w, size_t len);

/* One term of a text and how often it occurs (weighted). */
struct sim_term {
  const char *term; /* stemmed */
  const char *word; /* the first word that gave it, unstemmed (lower case) */
  double weight;
};

/* A text as a sorted set of distinct terms with their weights. */
struct sim_doc {
  struct sim_term *terms; /* sorted by term (strcmp) */
  size_t n;
  double norm; /* Euclidean length of the weights */
};

/* Builds the terms of a title and a body (either may be NULL), in a: title
 * words weigh SIM_TITLE_WEIGHT, body words 1; stop words are left out. At
 * most SIM_SCAN_MAX bytes of each and SIM_TERMS_MAX terms are kept. */
void sim_doc_build(arena *a, const char *title, const char *body, struct sim_doc *out);

/* Returns the cosine similarity of a and b: in [0, 1], symmetric, 1.0 when
 * both have the same terms in the same proportions, 0 when either is empty. */
double sim_cosine(const struct sim_doc *a, const struct sim_doc *b);

#endif
