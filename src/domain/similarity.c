/* similarity.c — words, stop words, Porter stemming and cosine similarity. */
#include "domain/similarity.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- characters ---- */

/* Decodes one UTF-8 character at s[i..n): returns its length and the code
 * point in *cp, or 0 when the bytes there are not well-formed UTF-8. */
static size_t decode(const unsigned char *s, size_t n, size_t i, uint32_t *cp) {
  unsigned char c = s[i];
  size_t len;
  uint32_t v, min;
  if (c < 0x80) {
    *cp = c;
    return 1;
  }
  if ((c & 0xE0) == 0xC0) {
    len = 2; v = c & 0x1F; min = 0x80;
  } else if ((c & 0xF0) == 0xE0) {
    len = 3; v = c & 0x0F; min = 0x800;
  } else if ((c & 0xF8) == 0xF0) {
    len = 4; v = c & 0x07; min = 0x10000;
  } else {
    return 0;
  }
  if (n - i < len) return 0;
  for (size_t k = 1; k < len; k++) {
    if ((s[i + k] & 0xC0) != 0x80) return 0;
    v = (v << 6) | (s[i + k] & 0x3F);
  }
  if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return 0;
  *cp = v;
  return len;
}

static size_t encode(uint32_t cp, char *out) {
  if (cp < 0x80) {
    out[0] = (char)cp;
    return 1;
  }
  if (cp < 0x800) {
    out[0] = (char)(0xC0 | (cp >> 6));
    out[1] = (char)(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    out[0] = (char)(0xE0 | (cp >> 12));
    out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[2] = (char)(0x80 | (cp & 0x3F));
    return 3;
  }
  out[0] = (char)(0xF0 | (cp >> 18));
  out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
  out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
  out[3] = (char)(0x80 | (cp & 0x3F));
  return 4;
}

/* Non-ASCII ranges that separate words: punctuation, spaces, symbols,
 * combining marks and emoji (an approximation of Unicode's P, Z, S and M
 * categories, which the full-text index also treats as separators). */
static const struct {
  uint32_t lo, hi;
} separators[] = {
    {0x0080, 0x00A9}, {0x00AB, 0x00B1}, {0x00B4, 0x00B4}, {0x00B6, 0x00B8}, {0x00BB, 0x00BB},
    {0x00BF, 0x00BF}, {0x00D7, 0x00D7}, {0x00F7, 0x00F7}, {0x02C2, 0x02C5}, {0x02D2, 0x02DF},
    {0x02E5, 0x02EB}, {0x02ED, 0x02ED}, {0x02EF, 0x036F}, {0x037E, 0x037E}, {0x0387, 0x0387},
    {0x055A, 0x055F}, {0x0589, 0x058A}, {0x05BE, 0x05BE}, {0x05C0, 0x05C0}, {0x05F3, 0x05F4},
    {0x060C, 0x060D}, {0x061B, 0x061F}, {0x066A, 0x066D}, {0x06D4, 0x06D4}, {0x0964, 0x0965},
    {0x2000, 0x206F}, {0x20A0, 0x214F}, {0x2190, 0x2BFF}, {0x2E00, 0x2E7F}, {0x3000, 0x3004},
    {0x3008, 0x3020}, {0x3030, 0x3030}, {0xFD3E, 0xFD3F}, {0xFE10, 0xFE1F}, {0xFE30, 0xFE6F},
    {0xFEFF, 0xFEFF}, {0xFF00, 0xFF0F}, {0xFF1A, 0xFF20}, {0xFF3B, 0xFF40}, {0xFF5B, 0xFF65},
    {0xFFF0, 0xFFFF}, {0x1F000, 0x1FAFF}, {0xE0000, 0xE007F},
};

static int is_separator(uint32_t cp) {
  if (cp < 0x80) return !((cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z'));
  size_t lo = 0, hi = sizeof separators / sizeof separators[0];
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (cp < separators[mid].lo) hi = mid;
    else if (cp > separators[mid].hi) lo = mid + 1;
    else return 1;
  }
  return 0;
}

/* Base letters of U+00C0..U+00FF: a letter without its accent, '=' for a
 * letter kept as it is (lower-cased), ' ' for a separator. */
static const char latin1[] = "aaaaaa=ceeeeiiii=nooooo =uuuuy=="  /* U+00C0..U+00DF */
                             "aaaaaa=ceeeeiiii=nooooo =uuuuy=y"; /* U+00E0..U+00FF */

/* Base letters of U+0100..U+017F (Latin Extended-A), or '=' as above. */
static const char latin_ext_a[] = "aaaaaaccccccccdd"  /* U+0100 */
                                  "==eeeeeeeeeegggg"  /* U+0110 */
                                  "gggghh==iiiiiiii"  /* U+0120 */
                                  "i===jjkk=llllll="  /* U+0130 */
                                  "===nnnnnn===oooo"  /* U+0140 */
                                  "oo==rrrrrrssssss"  /* U+0150 */
                                  "sstttt==uuuuuuuu"  /* U+0160 */
                                  "uuuuwwyyyzzzzzz="; /* U+0170 */

/* Returns cp in lower case, for the letters whose case is kept. */
static uint32_t lower(uint32_t cp) {
  if (cp >= 'A' && cp <= 'Z') return cp + 32;
  if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) return cp + 32;
  if (cp >= 0x100 && cp <= 0x137) return cp | 1;
  if (cp >= 0x139 && cp <= 0x148) return (cp & 1) ? cp + 1 : cp;
  if (cp >= 0x14A && cp <= 0x177) return cp | 1;
  if (cp == 0x178) return 0xFF;
  if (cp >= 0x179 && cp <= 0x17E) return (cp & 1) ? cp + 1 : cp;
  if (cp >= 0x391 && cp <= 0x3AB && cp != 0x3A2) return cp + 32; /* Greek */
  if (cp >= 0x410 && cp <= 0x42F) return cp + 32;                /* Cyrillic */
  if (cp >= 0x400 && cp <= 0x40F) return cp + 80;
  return cp;
}

/* Appends the folded form of letter cp to out[*len], if it fits in
 * SIM_WORD_MAX bytes; returns 0 when it does not. */
static int put_letter(uint32_t cp, char *out, size_t *len) {
  char tmp[4];
  size_t k;
  char base = 0;
  if (cp >= 0xC0 && cp <= 0xFF) base = latin1[cp - 0xC0];
  else if (cp >= 0x100 && cp <= 0x17F) base = latin_ext_a[cp - 0x100];
  if (base && base != '=' && base != ' ') {
    tmp[0] = base;
    k = 1;
  } else {
    k = encode(lower(cp), tmp);
  }
  if (*len + k > SIM_WORD_MAX) return 0;
  memcpy(out + *len, tmp, k);
  *len += k;
  return 1;
}

size_t sim_word_next(const char *str, size_t n, size_t *pos, char *out, size_t *start) {
  const unsigned char *s = (const unsigned char *)str;
  size_t i = *pos;
  for (;;) {
    /* Skip separators (and bytes that are not UTF-8). */
    uint32_t cp = 0;
    size_t k = 0;
    while (i < n) {
      k = decode(s, n, i, &cp);
      if (k && !is_separator(cp)) break;
      i += k ? k : 1;
    }
    if (i >= n) {
      *pos = n;
      out[0] = '\0';
      return 0;
    }
    size_t begin = i, len = 0;
    int fits = 1;
    while (i < n) {
      k = decode(s, n, i, &cp);
      if (!k || is_separator(cp)) break;
      if (fits) fits = put_letter(cp, out, &len);
      i += k;
    }
    if (!fits) continue; /* too long to be a word */
    out[len] = '\0';
    *pos = i;
    if (start) *start = begin;
    return len;
  }
}

/* ---- stop words ---- */

/* PostgreSQL's 'english' stop words (Snowball's list), sorted for bsearch. */
static const char *const stop_words[] = {
    "a",       "about",   "above",   "after",     "again",      "against", "all",     "am",     "an",    "and",
    "any",     "are",     "as",      "at",        "be",         "because", "been",    "before", "being", "below",
    "between", "both",    "but",     "by",        "can",        "did",     "do",      "does",   "doing", "don",
    "down",    "during",  "each",    "few",       "for",        "from",    "further", "had",    "has",   "have",
    "having",  "he",      "her",     "here",      "hers",       "herself", "him",     "himself", "his",  "how",
    "i",       "if",      "in",      "into",      "is",         "it",      "its",     "itself", "just",  "me",
    "more",    "most",    "my",      "myself",    "no",         "nor",     "not",     "now",    "of",    "off",
    "on",      "once",    "only",    "or",        "other",      "our",     "ours",    "ourselves", "out", "over",
    "own",     "s",       "same",    "she",       "should",     "so",      "some",    "such",   "t",     "than",
    "that",    "the",     "their",   "theirs",    "them",       "themselves", "then", "there",  "these", "they",
    "this",    "those",   "through", "to",        "too",        "under",   "until",   "up",     "very",  "was",
    "we",      "were",    "what",    "when",      "where",      "which",   "while",   "who",    "whom",  "why",
    "will",    "with",    "you",     "your",      "yours",      "yourself", "yourselves",
};

static int cmp_str(const void *a, const void *b) { return strcmp(*(const char *const *)a, *(const char *const *)b); }

int sim_is_stop_word(const char *w) {
  return bsearch(&w, stop_words, sizeof stop_words / sizeof stop_words[0], sizeof stop_words[0], cmp_str) != NULL;
}

/* ---- the Porter stemmer ----
 *
 * M. F. Porter, "An algorithm for suffix stripping", Program 14(3), 1980, with
 * the two departures of Porter's own later versions that SQLite's porter
 * tokenizer also makes ("bli" → "ble", "logi" → "log" in step 2). A letter is
 * a vowel when it is a, e, i, o or u, or a y after a consonant. */

static int vowel(char c, int prev_consonant) {
  return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || (c == 'y' && prev_consonant);
}

/* Skips one vowel-consonant sequence of w[0..n): returns the length up to and
 * including the first consonant after a vowel, or 0 when there is none.
 * prev_consonant says what came before w. */
static size_t vc_prefix(const char *w, size_t n, int prev_consonant) {
  int cons = prev_consonant;
  size_t i = 0;
  for (; i < n; i++) {
    cons = !vowel(w[i], cons);
    if (!cons) break;
  }
  for (i++; i < n; i++) {
    cons = !vowel(w[i], cons);
    if (cons) return i + 1;
  }
  return 0;
}

/* The measure m of w[0..n) (the number of VC sequences), capped at 2. */
static int measure(const char *w, size_t n) {
  size_t k = vc_prefix(w, n, 0);
  if (!k) return 0;
  return vc_prefix(w + k, n - k, 1) ? 2 : 1;
}

/* Whether w[0..n) contains a vowel. */
static int has_vowel(const char *w, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (vowel(w[i], i > 0)) return 1;
  return 0;
}

/* *o: w[0..n) ends consonant-vowel-consonant, the last not w, x or y. */
static int ends_cvc(const char *w, size_t n) {
  if (n < 3) return 0;
  char last = w[n - 1];
  if (last == 'w' || last == 'x' || last == 'y') return 0;
  int cons = 0, c1 = 0, c2 = 0, c3 = 0;
  for (size_t i = 0; i < n; i++) {
    cons = !vowel(w[i], cons);
    c1 = c2;
    c2 = c3;
    c3 = cons;
  }
  return c1 && !c2 && c3;
}

static int ends(const char *w, size_t n, const char *suffix) {
  size_t k = strlen(suffix);
  return n > k && memcmp(w + n - k, suffix, k) == 0;
}

/* A rule: when the word ends in from and the stem before it passes the
 * condition, replace from with to. */
struct rule {
  const char *from, *to;
};

/* Applies the first rule of rules whose suffix ends w (only that one): when
 * the stem's measure is above min_m the suffix is replaced. Returns 1 when a
 * suffix matched, whether or not it was replaced. */
static int apply(char *w, size_t *n, const struct rule *rules, size_t nrules, int min_m) {
  for (size_t i = 0; i < nrules; i++) {
    if (!ends(w, *n, rules[i].from)) continue;
    size_t stem = *n - strlen(rules[i].from);
    if (measure(w, stem) > min_m) {
      size_t k = strlen(rules[i].to);
      memcpy(w + stem, rules[i].to, k);
      *n = stem + k;
    }
    return 1;
  }
  return 0;
}

static void step1a(char *w, size_t *n) {
  if (w[*n - 1] != 's') return;
  if (ends(w, *n, "sses") || ends(w, *n, "ies")) *n -= 2;
  else if (w[*n - 2] != 's') *n -= 1;
}

static void step1b(char *w, size_t *n) {
  int more = 0;
  if (ends(w, *n, "eed")) {
    if (measure(w, *n - 3) > 0) *n -= 1;
  } else if (ends(w, *n, "ed") && has_vowel(w, *n - 2)) {
    *n -= 2;
    more = 1;
  } else if (ends(w, *n, "ing") && has_vowel(w, *n - 3)) {
    *n -= 3;
    more = 1;
  }
  if (!more) return;
  if (ends(w, *n, "at") || ends(w, *n, "bl") || ends(w, *n, "iz")) {
    w[(*n)++] = 'e';
    return;
  }
  char c = w[*n - 1];
  if (*n >= 2 && c == w[*n - 2] && !vowel(c, 0) && c != 'l' && c != 's' && c != 'z') *n -= 1;
  else if (measure(w, *n) == 1 && ends_cvc(w, *n)) w[(*n)++] = 'e';
}

static void step1c(char *w, size_t *n) {
  if (w[*n - 1] == 'y' && has_vowel(w, *n - 1)) w[*n - 1] = 'i';
}

static const struct rule step2_rules[] = {
    {"ational", "ate"}, {"tional", "tion"}, {"enci", "ence"},  {"anci", "ance"},  {"izer", "ize"},
    {"bli", "ble"},     {"alli", "al"},     {"entli", "ent"},  {"eli", "e"},      {"ousli", "ous"},
    {"ization", "ize"}, {"ation", "ate"},   {"ator", "ate"},   {"alism", "al"},   {"iveness", "ive"},
    {"fulness", "ful"}, {"ousness", "ous"}, {"aliti", "al"},   {"iviti", "ive"},  {"biliti", "ble"},
    {"logi", "log"},
};

static const struct rule step3_rules[] = {
    {"icate", "ic"}, {"ative", ""}, {"alize", "al"}, {"iciti", "ic"}, {"ical", "ic"}, {"ful", ""}, {"ness", ""},
};

/* Step 4 removes a suffix when the stem's m > 1; "ion" only after s or t. */
static const char *const step4_suffixes[] = {"al",  "ance", "ence", "er",  "ic",  "able", "ible", "ant", "ement", "ment",
                                             "ent", "ion",  "ou",   "ism", "ate", "iti",  "ous",  "ive", "ize"};

static void step4(char *w, size_t *n) {
  /* The longest suffix that ends the word is the one considered (Porter
   * groups them by their second-to-last letter; among those that end the
   * same word, the longer comes first). */
  const char *best = NULL;
  for (size_t i = 0; i < sizeof step4_suffixes / sizeof step4_suffixes[0]; i++) {
    const char *sfx = step4_suffixes[i];
    if (!ends(w, *n, sfx)) continue;
    if (!best || strlen(sfx) > strlen(best)) best = sfx;
  }
  if (!best) return;
  size_t stem = *n - strlen(best);
  if (strcmp(best, "ion") == 0 && !(stem > 0 && (w[stem - 1] == 's' || w[stem - 1] == 't'))) return;
  if (measure(w, stem) > 1) *n = stem;
}

static void step5(char *w, size_t *n) {
  if (w[*n - 1] == 'e') {
    int m = measure(w, *n - 1);
    if (m > 1 || (m == 1 && !ends_cvc(w, *n - 1))) *n -= 1;
  }
  if (*n > 1 && w[*n - 1] == 'l' && w[*n - 2] == 'l' && measure(w, *n - 1) > 1) *n -= 1;
}

size_t sim_stem(char *w, size_t len) {
  if (len < 3 || len > SIM_WORD_MAX) return len;
  size_t n = len;
  step1a(w, &n);
  step1b(w, &n);
  step1c(w, &n);
  apply(w, &n, step2_rules, sizeof step2_rules / sizeof step2_rules[0], 0);
  apply(w, &n, step3_rules, sizeof step3_rules / sizeof step3_rules[0], 0);
  step4(w, &n);
  step5(w, &n);
  w[n] = '\0';
  return n;
}

/* ---- documents ---- */

/* A term as read, with its place in the text (equal terms keep the first word). */
struct item {
  struct sim_term t;
  size_t seq;
};

struct acc {
  arena *a;
  struct item *it;
  size_t n, cap;
};

static void add_text(struct acc *acc, const char *text, double weight) {
  if (!text) return;
  size_t n = strlen(text), pos = 0;
  if (n > SIM_SCAN_MAX) n = SIM_SCAN_MAX;
  char word[SIM_WORD_MAX + 1], stem[SIM_WORD_MAX + 1];
  size_t len;
  while ((len = sim_word_next(text, n, &pos, word, NULL)) > 0) {
    if (sim_is_stop_word(word)) continue;
    memcpy(stem, word, len + 1);
    sim_stem(stem, len);
    if (acc->n == acc->cap) {
      size_t grown = acc->cap ? acc->cap * 2 : 64;
      acc->it = arena_realloc(acc->a, acc->it, acc->cap * sizeof *acc->it, grown * sizeof *acc->it);
      acc->cap = grown;
    }
    acc->it[acc->n] = (struct item){{arena_strdup(acc->a, stem), arena_strdup(acc->a, word), weight}, acc->n};
    acc->n++;
  }
}

static int cmp_item(const void *a, const void *b) {
  const struct item *x = a, *y = b;
  int c = strcmp(x->t.term, y->t.term);
  if (c) return c;
  return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static int cmp_seq(const void *a, const void *b) {
  const struct item *x = a, *y = b;
  return x->seq < y->seq ? -1 : x->seq > y->seq;
}

void sim_doc_build(arena *a, const char *title, const char *body, struct sim_doc *out) {
  struct acc acc = {a, NULL, 0, 0};
  add_text(&acc, title, SIM_TITLE_WEIGHT);
  add_text(&acc, body, 1);
  out->terms = NULL;
  out->n = 0;
  out->norm = 0;
  if (!acc.n) return;
  /* Sum the weights of equal terms into the first occurrence. */
  qsort(acc.it, acc.n, sizeof *acc.it, cmp_item);
  size_t k = 0;
  for (size_t i = 0; i < acc.n; i++) {
    if (k && strcmp(acc.it[k - 1].t.term, acc.it[i].t.term) == 0) acc.it[k - 1].t.weight += acc.it[i].t.weight;
    else acc.it[k++] = acc.it[i];
  }
  /* Keep the SIM_TERMS_MAX terms that came first in the text. */
  if (k > SIM_TERMS_MAX) {
    qsort(acc.it, k, sizeof *acc.it, cmp_seq);
    k = SIM_TERMS_MAX;
    qsort(acc.it, k, sizeof *acc.it, cmp_item);
  }
  out->terms = arena_alloc(a, k * sizeof *out->terms);
  double sq = 0;
  for (size_t i = 0; i < k; i++) {
    out->terms[i] = acc.it[i].t;
    sq += acc.it[i].t.weight * acc.it[i].t.weight;
  }
  out->n = k;
  out->norm = sqrt(sq);
}

double sim_cosine(const struct sim_doc *a, const struct sim_doc *b) {
  if (!a->n || !b->n || a->norm <= 0 || b->norm <= 0) return 0;
  double dot = 0;
  size_t i = 0, j = 0;
  while (i < a->n && j < b->n) {
    int c = strcmp(a->terms[i].term, b->terms[j].term);
    if (c == 0) dot += a->terms[i++].weight * b->terms[j++].weight;
    else if (c < 0) i++;
    else j++;
  }
  double s = dot / (a->norm * b->norm);
  if (s > 1) s = 1; /* rounding */
  if (s < 0) s = 0;
  return s;
}
