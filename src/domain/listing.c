/* listing.c — sort names and cursor text. */
#include "domain/listing.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const fsort_names[FSORT_COUNT] = {"rank", "rice", "ice", "updated"};
static const char *const isort_names[ISORT_COUNT] = {"newest", "votes", "updated"};

const char *feature_sort_name(enum feature_sort s) { return s < FSORT_COUNT ? fsort_names[s] : "rank"; }
const char *idea_sort_name(enum idea_sort s) { return s < ISORT_COUNT ? isort_names[s] : "newest"; }

int feature_sort_parse(const char *s, enum feature_sort *out) {
  for (int i = 0; s && i < FSORT_COUNT; i++)
    if (strcmp(s, fsort_names[i]) == 0) {
      *out = (enum feature_sort)i;
      return 0;
    }
  return -1;
}

int idea_sort_parse(const char *s, enum idea_sort *out) {
  for (int i = 0; s && i < ISORT_COUNT; i++)
    if (strcmp(s, isort_names[i]) == 0) {
      *out = (enum idea_sort)i;
      return 0;
    }
  return -1;
}

void cursor_encode(buf *b, const char *sort, const struct cursor *c) {
  if (c->in_nulls) buf_printf(b, "%s:n:0:%lld", sort, (long long)c->id);
  else if (strcmp(sort, "rice") == 0 || strcmp(sort, "ice") == 0) buf_printf(b, "%s:s:%.17g:%lld", sort, c->score, (long long)c->id);
  else buf_printf(b, "%s:i:%lld:%lld", sort, (long long)c->ival, (long long)c->id);
}

static int bad(struct keel_err *e) {
  return err_set(e, KEEL_EINVAL, "after", "after must be the \"next\" value of a previous page of this list");
}

int cursor_decode(const char *s, const char *sort, struct cursor *out, struct keel_err *e) {
  memset(out, 0, sizeof *out);
  if (!s || !*s) return KEEL_OK;
  size_t sl = strlen(sort);
  if (strncmp(s, sort, sl) != 0 || s[sl] != ':') return bad(e);
  const char *p = s + sl + 1;
  char kind = *p;
  /* Only what cursor_encode writes for this order: s or n for scores, i otherwise. */
  int score_order = strcmp(sort, "rice") == 0 || strcmp(sort, "ice") == 0;
  if (!(score_order ? kind == 's' || kind == 'n' : kind == 'i') || p[1] != ':') return bad(e);
  p += 2;
  char *end;
  errno = 0;
  if (kind == 's') {
    out->score = strtod(p, &end);
    if (end == p || !isfinite(out->score)) return bad(e);
  } else {
    out->ival = strtoll(p, &end, 10);
    if (end == p) return bad(e);
  }
  if (*end != ':' || errno || (kind == 'n' && out->ival != 0)) return bad(e);
  p = end + 1;
  out->id = strtoll(p, &end, 10);
  if (end == p || *end || errno || out->id < 0) return bad(e);
  out->in_nulls = kind == 'n';
  out->set = 1;
  return KEEL_OK;
}

int page_limit_parse(const char *s, int *out, struct keel_err *e) {
  if (!s) {
    *out = PAGE_DEFAULT;
    return KEEL_OK;
  }
  char *end;
  errno = 0;
  long v = strtol(s, &end, 10);
  if (end == s || *end || errno || v < 1 || v > PAGE_MAX)
    return err_set(e, KEEL_EINVAL, "limit", "limit must be a whole number from 1 to %d", PAGE_MAX);
  *out = (int)v;
  return KEEL_OK;
}
