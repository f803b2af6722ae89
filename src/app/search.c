/* search.c — full-text search and duplicate suggestions. */
#include <stdlib.h>
#include <string.h>

#include "app/internal.h"
#include "core/timeutil.h"
#include "domain/search.h"
#include "domain/similarity.h"
#include "domain/text.h"
#include "store/ideas.h"
#include "store/products.h"

static int is_pg(const struct app *x) { return strcmp(db_backend_name(x->db), "postgresql") == 0; }

static int product_id_of(struct app *x, const char *key, int64_t *id) {
  *id = 0;
  if (!key || !*key) return KEEL_OK;
  struct product p;
  int rc = store_product_get(x->db, x->a, key, &p, x->e);
  if (rc == KEEL_ENOTFOUND) return err_set(x->e, KEEL_EINVAL, "product", "there is no product %s", key);
  if (!rc) *id = p.id;
  return rc;
}

/* Parses "feedback,idea" into a mask of (1u << type); NULL, "" or "all": every type. */
static int parse_types(struct app *x, const char *s, unsigned *mask) {
  *mask = 0;
  if (!s || !*s || strcmp(s, "all") == 0) {
    *mask = (1u << ST_COUNT) - 1;
    return KEEL_OK;
  }
  const char *p = s;
  while (*p) {
    const char *end = strchr(p, ',');
    size_t len = end ? (size_t)(end - p) : strlen(p);
    char name[16];
    enum search_type t;
    if (len >= sizeof name) return err_set(x->e, KEEL_EINVAL, "type", "type must be feedback, idea or feature (comma-separated)");
    memcpy(name, p, len);
    name[len] = '\0';
    if (search_type_parse(name, &t))
      return err_set(x->e, KEEL_EINVAL, "type", "type must be feedback, idea or feature (comma-separated)");
    *mask |= 1u << t;
    p += len;
    if (*p == ',') p++;
  }
  if (!*mask) return err_set(x->e, KEEL_EINVAL, "type", "type must be feedback, idea or feature (comma-separated)");
  return KEEL_OK;
}

static int parse_limit(struct app *x, const char *s, int *out) {
  *out = SEARCH_LIMIT_DEFAULT;
  if (!s || !*s) return KEEL_OK;
  char *end = NULL;
  long v = strtol(s, &end, 10);
  if (*end || end == s || v < 1 || v > SEARCH_LIMIT_MAX)
    return err_set(x->e, KEEL_EINVAL, "limit", "limit must be a whole number from 1 to %d", SEARCH_LIMIT_MAX);
  *out = (int)v;
  return KEEL_OK;
}

static int cmp_hit(const void *a, const void *b) {
  const struct search_hit *x = a, *y = b;
  if (x->score != y->score) return x->score > y->score ? -1 : 1;
  if (x->type != y->type) return x->type < y->type ? -1 : 1;
  return x->id > y->id ? -1 : x->id < y->id;
}

/* How many items of type hold each phrase of q (estimated: see
 * store_phrase_docs), in the order search_query_fts5 writes them: the
 * positive clauses, then the negated. */
static int phrase_docs(struct app *x, const struct search_query *q, enum search_type type, int64_t **out, size_t *n) {
  *out = arena_alloc(x->a, (q->n ? q->n : 1) * sizeof **out);
  *n = 0;
  buf b;
  buf_init(&b, 0);
  int rc = KEEL_OK;
  for (int pass = 0; pass < 2 && !rc; pass++)
    for (size_t i = 0; i < q->n && !rc; i++) {
      if (q->clauses[i].negate != pass) continue;
      buf_reset(&b);
      search_clause_fts5(&b, &q->clauses[i]);
      rc = store_phrase_docs(x->db, type, buf_cstr(&b), &(*out)[(*n)++], x->e);
    }
  buf_free(&b);
  return rc;
}

int app_search(struct app *x, const struct search_in *in, struct search_page *out) {
  memset(out, 0, sizeof *out);
  int rc = app_require(x, CAP_READ, "search");
  if (rc) return rc;
  struct search_query q;
  unsigned mask;
  int limit, offset;
  int64_t product_id;
  rc = search_query_parse(x->a, in->q, &q, x->e);
  if (!rc) rc = parse_types(x, in->type, &mask);
  if (!rc) rc = parse_limit(x, in->limit, &limit);
  if (!rc) rc = search_cursor_parse(in->after, &offset, x->e);
  if (!rc) rc = product_id_of(x, in->product, &product_id);
  if (rc) return rc;
  buf fts5, tsq;
  buf_init(&fts5, 0);
  buf_init(&tsq, 0);
  search_query_fts5(&fts5, &q);
  search_query_tsquery(&tsq, &q);
  struct search_request r = {.parsed = &q,
                             .fts5 = arena_strdup(x->a, buf_cstr(&fts5)),
                             .tsquery = arena_strdup(x->a, buf_cstr(&tsq)),
                             .product_id = product_id,
                             .window = SEARCH_WINDOW,
                             .limit = offset + limit + 1};
  buf_free(&fts5);
  buf_free(&tsq);
  struct search_hit *all = NULL;
  size_t n = 0, cap = 0;
  for (int t = 0; t < ST_COUNT && !rc; t++) {
    if (!(mask & (1u << t))) continue;
    r.type = (enum search_type)t;
    struct search_hit *h;
    size_t k;
    int64_t *docs;
    size_t nd;
    rc = phrase_docs(x, &q, r.type, &docs, &nd);
    if (rc) break;
    r.phrase_docs = docs;
    r.nphrases = nd;
    rc = store_search(x->db, x->a, &r, &h, &k, x->e);
    if (rc) break;
    if (n + k > cap) {
      size_t grown = n + k;
      all = arena_realloc(x->a, all, cap * sizeof *all, grown * sizeof *all);
      cap = grown;
    }
    if (k) memcpy(all + n, h, k * sizeof *h);
    n += k;
  }
  if (rc) return rc;
  if (n > 1) qsort(all, n, sizeof *all, cmp_hit);
  if ((size_t)offset >= n) return KEEL_OK;
  out->items = all + offset;
  out->n = n - (size_t)offset;
  if (out->n > (size_t)limit) {
    out->n = (size_t)limit;
    if (offset + limit <= SEARCH_OFFSET_MAX) {
      buf b;
      buf_init(&b, 32);
      search_cursor(&b, offset + limit);
      out->next = arena_strdup(x->a, buf_cstr(&b));
      buf_free(&b);
    }
  }
  return KEEL_OK;
}

/* ---- duplicate suggestions ---- */

struct ranked_term {
  const char *word;
  int64_t docs; /* items holding it; -1 unknown */
  double weight;
};

static int cmp_rarest(const void *a, const void *b) {
  const struct ranked_term *x = a, *y = b;
  /* Known counts first, fewest first; then the heavier term. */
  if ((x->docs < 0) != (y->docs < 0)) return x->docs < 0 ? 1 : -1;
  if (x->docs != y->docs) return x->docs < y->docs ? -1 : 1;
  if (x->weight != y->weight) return x->weight > y->weight ? -1 : 1;
  return strcmp(x->word, y->word);
}

static int cmp_weight(const void *a, const void *b) {
  const struct ranked_term *x = a, *y = b;
  if (x->weight != y->weight) return x->weight > y->weight ? -1 : 1;
  return strcmp(x->word, y->word);
}

static int cmp_similar(const void *a, const void *b) {
  const struct similar_hit *x = a, *y = b;
  if (x->similarity != y->similarity) return x->similarity > y->similarity ? -1 : 1;
  if (x->item.type != y->item.type) return x->item.type < y->item.type ? -1 : 1;
  return x->item.id > y->item.id ? -1 : x->item.id < y->item.id;
}

/* Appends to *out the items of type most like doc (at or above
 * SIM_THRESHOLD): candidates from the index by the rarest terms of doc, each
 * scored with sim_cosine. */
static int similar_of_type(struct app *x, const struct sim_doc *doc, enum search_type type, int64_t product_id,
                           int64_t exclude_id, struct similar_hit **out, size_t *n, size_t *cap) {
  if (!doc->n) return KEEL_OK;
  /* The heaviest terms are the ones worth counting in the vocabulary. */
  enum { CONSIDER = 2 * SIM_QUERY_TERMS };
  /* Features have no vocabulary table: how rare a word is among the ideas
   * (the same products' language) stands in, scaled to the features. */
  enum search_type vocab = type == ST_FEATURE ? ST_IDEA : type;
  int64_t items, vocab_items;
  int rc0 = store_item_count_estimate(x->db, type, &items, x->e);
  vocab_items = items;
  if (!rc0 && vocab != type) rc0 = store_item_count_estimate(x->db, vocab, &vocab_items, x->e);
  if (rc0) return rc0;
  struct ranked_term *t = arena_alloc(x->a, doc->n * sizeof *t);
  for (size_t i = 0; i < doc->n; i++) t[i] = (struct ranked_term){doc->terms[i].word, -1, doc->terms[i].weight};
  qsort(t, doc->n, sizeof *t, cmp_weight);
  size_t m = doc->n < CONSIDER ? doc->n : CONSIDER, keep = 0;
  for (size_t i = 0; i < m; i++) {
    char stem[SIM_WORD_MAX + 1];
    size_t len = strlen(t[i].word);
    if (len > SIM_WORD_MAX) continue;
    memcpy(stem, t[i].word, len + 1);
    sim_stem(stem, len);
    int rc = store_term_docs(x->db, vocab, stem, &t[i].docs, x->e);
    if (rc) return rc;
    if (t[i].docs == 0 && vocab == type) continue; /* nothing holds it */
    if (t[i].docs == 0) t[i].docs = 1;              /* no idea says it: rare, as far as we can tell */
    t[keep++] = t[i];
  }
  if (!keep) return KEEL_OK;
  qsort(t, keep, sizeof *t, cmp_rarest);
  /* Words in more than SIM_DF_MAX_PERMILLE of the items tell nothing apart
   * (and would bring half the index as candidates): leave them out, unless
   * nothing rarer is left (then the SIM_DF_FALLBACK rarest). */
  int64_t ceiling = vocab_items * SIM_DF_MAX_PERMILLE / 1000;
  if (ceiling < SIM_DF_FLOOR) ceiling = SIM_DF_FLOOR;
  size_t telling = 0;
  while (telling < keep && t[telling].docs <= ceiling) telling++; /* unknown counts (-1) sort last: see below */
  for (size_t i = telling; i < keep; i++)
    if (t[i].docs < 0) t[telling++] = t[i];
  keep = telling ? telling : (keep < SIM_DF_FALLBACK ? keep : SIM_DF_FALLBACK);
  if (keep > SIM_QUERY_TERMS) keep = SIM_QUERY_TERMS;
  const char *words[SIM_QUERY_TERMS];
  int64_t docs[SIM_QUERY_TERMS];
  for (size_t i = 0; i < keep; i++) {
    words[i] = t[i].word;
    docs[i] = t[i].docs < 0 || vocab == type || vocab_items <= 0
                  ? t[i].docs
                  : (int64_t)((double)t[i].docs * (double)items / (double)vocab_items);
  }
  buf q;
  buf_init(&q, 0);
  search_words_any(&q, words, keep, is_pg(x));
  struct similar_request r = {.type = type,
                              .fts5 = arena_strdup(x->a, buf_cstr(&q)),
                              .tsquery = arena_strdup(x->a, buf_cstr(&q)),
                              .product_id = product_id,
                              .exclude_id = exclude_id,
                              .limit = SIM_CANDIDATES,
                              .word_docs = docs,
                              .nwords = keep};
  buf_free(&q);
  struct similar_candidate *c;
  size_t k;
  int rc = store_similar_candidates(x->db, x->a, &r, &c, &k, x->e);
  if (rc) return rc;
  for (size_t i = 0; i < k; i++) {
    struct sim_doc other;
    sim_doc_build(x->a, c[i].title, c[i].body, &other);
    double s = sim_cosine(doc, &other);
    if (s < SIM_THRESHOLD) continue;
    if (*n == *cap) {
      size_t grown = *cap ? *cap * 2 : 16;
      *out = arena_realloc(x->a, *out, *cap * sizeof **out, grown * sizeof **out);
      *cap = grown;
    }
    (*out)[(*n)++] = (struct similar_hit){c[i], s};
  }
  return KEEL_OK;
}

/* Suggestions of the types in mask for a title and body, best first. */
static int similar(struct app *x, const char *title, const char *body, unsigned mask, int64_t product_id,
                   int64_t exclude_idea, struct similar_hit **out, size_t *n) {
  *out = NULL;
  *n = 0;
  struct sim_doc doc;
  sim_doc_build(x->a, title, body, &doc);
  size_t cap = 0;
  int rc = KEEL_OK;
  for (int t = 0; t < ST_COUNT && !rc; t++)
    if (mask & (1u << t))
      rc = similar_of_type(x, &doc, (enum search_type)t, product_id, t == ST_IDEA ? exclude_idea : 0, out, n, &cap);
  if (rc) return rc;
  if (*n > 1) qsort(*out, *n, sizeof **out, cmp_similar);
  if (*n > SIM_RESULTS_MAX) *n = SIM_RESULTS_MAX;
  return KEEL_OK;
}

int app_idea_similar(struct app *x, int64_t id, struct similar_hit **out, size_t *n) {
  *out = NULL;
  *n = 0;
  int rc = app_require(x, CAP_READ, "see ideas");
  if (rc) return rc;
  struct idea i;
  rc = store_idea_get(x->db, x->a, id, 0, &i, x->e);
  if (rc) return rc;
  return similar(x, i.title, i.description, 1u << ST_IDEA, i.product_id, i.id, out, n);
}

int app_idea_similar_text(struct app *x, const char *title, const char *description, const char *product,
                          struct similar_hit **out, size_t *n) {
  *out = NULL;
  *n = 0;
  int rc = app_require(x, CAP_READ, "see ideas");
  if (rc) return rc;
  title = title ? text_trim(x->a, title) : "";
  description = description ? description : "";
  rc = text_check_line("title", title, TITLE_MAX_CHARS, 0, x->e);
  if (!rc) rc = text_check_body("description", description, DESCRIPTION_MAX_BYTES, 0, x->e);
  if (rc) return rc;
  if (!*title && !*text_trim(x->a, description))
    return err_set(x->e, KEEL_EINVAL, "title", "give a title or a description to compare");
  int64_t product_id;
  rc = product_id_of(x, product, &product_id);
  if (rc) return rc;
  return similar(x, title, description, 1u << ST_IDEA, product_id, 0, out, n);
}

int app_feedback_similar(struct app *x, int64_t id, struct similar_hit **out, size_t *n) {
  *out = NULL;
  *n = 0;
  int rc = app_require(x, CAP_READ, "see feedback");
  if (rc) return rc;
  const char *text;
  int64_t product_id;
  rc = store_feedback_text(x->db, x->a, id, &text, &product_id, x->e);
  if (rc) return rc;
  return similar(x, NULL, text, (1u << ST_IDEA) | (1u << ST_FEATURE), product_id, 0, out, n);
}

/* ---- JSON ---- */

const char *search_item_url(arena *a, enum search_type type, int64_t id, const char *key) {
  switch (type) {
  case ST_FEATURE:
    return arena_printf(a, "/features/%s", key ? key : "");
  case ST_IDEA:
    return arena_printf(a, "/ideas/%lld", (long long)id);
  default:
    return arena_printf(a, "/feedback/%lld", (long long)id);
  }
}

/* "name":"plain text","name_matches":[[s,e],...], from a marked text. */
static void marked_fields(buf *b, arena *a, const char *name, const char *marked) {
  const char *plain;
  struct search_range *r;
  size_t nr;
  search_unmark(a, marked, &plain, &r, &nr);
  buf_printf(b, "%J:%J,\"%s_matches\":[", name, plain, name);
  for (size_t i = 0; i < nr; i++) buf_printf(b, "%s[%zu,%zu]", i ? "," : "", r[i].start, r[i].end);
  buf_puts(b, "],");
}

void repr_search_hit(buf *b, arena *a, const struct search_hit *h) {
  buf_printf(b, "{\"type\":%J,\"id\":%lld,", search_type_name(h->type), (long long)h->id);
  if (h->type == ST_FEATURE) buf_printf(b, "\"key\":%J,", h->key);
  if (h->title) {
    marked_fields(b, a, "title", h->title);
  } else {
    buf_puts(b, "\"title\":null,\"title_matches\":[],");
  }
  /* "snippet" and "matches" (not "snippet_matches"): the contract's names. */
  const char *plain;
  struct search_range *r;
  size_t nr;
  search_unmark(a, h->snippet, &plain, &r, &nr);
  buf_printf(b, "\"snippet\":%J,\"matches\":[", plain);
  for (size_t i = 0; i < nr; i++) buf_printf(b, "%s[%zu,%zu]", i ? "," : "", r[i].start, r[i].end);
  buf_printf(b, "],\"url\":%J,\"rank\":%N,\"product\":%J,\"status\":%J,", search_item_url(a, h->type, h->id, h->key),
             h->score, h->product_key && *h->product_key ? h->product_key : NULL, h->status);
  if (h->type == ST_FEEDBACK)
    buf_printf(b, "\"customer\":%J,\"channel\":%J,", h->customer && *h->customer ? h->customer : NULL, h->channel);
  char iso[TIME_ISO_LEN];
  time_iso(h->at, iso);
  buf_printf(b, "\"at\":\"%s\"}", iso);
}

void repr_similar_hit(buf *b, arena *a, const struct similar_hit *h) {
  const struct similar_candidate *c = &h->item;
  buf_printf(b, "{\"type\":%J,\"id\":%lld,", search_type_name(c->type), (long long)c->id);
  if (c->type == ST_FEATURE) buf_printf(b, "\"key\":%J,", c->key);
  double pct = (double)(int64_t)(h->similarity * 1000 + 0.5) / 1000; /* three decimals */
  buf_printf(b, "\"title\":%J,\"similarity\":%.3f,\"status\":%J,\"product\":%J,\"url\":%J}", c->title, pct, c->status,
             c->product_key && *c->product_key ? c->product_key : NULL, search_item_url(a, c->type, c->id, c->key));
}
