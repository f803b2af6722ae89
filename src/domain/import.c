/* import.c — import targets, the mapping syntax, and reading values from files. */
#include "domain/import.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "core/utf8.h"
#include "domain/text.h"

static const char *const kind_names[IMPORT_KIND_COUNT] = {"feedback", "ideas", "features"};

static const char *const target_names[IT_COUNT] = {
    "text", "title", "description", "customer", "contact", "email", "date", "channel",
    "reference", "tags", "product", "attributes", "source", "status", "horizon",
};

/* takes[kind][target]: may kind be given that target? */
static const unsigned char takes[IMPORT_KIND_COUNT][IT_COUNT] = {
    /*             text title desc cust cont mail date chan ref tags prod attr src stat hzn */
    [IMPORT_FEEDBACK] = {1, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0},
    [IMPORT_IDEAS] = {0, 1, 1, 1, 1, 1, 1, 0, 1, 0, 1, 0, 1, 1, 0},
    [IMPORT_FEATURES] = {0, 1, 1, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 1, 1},
};

const char *import_kind_name(enum import_kind k) { return k < IMPORT_KIND_COUNT ? kind_names[k] : "feedback"; }

int import_kind_parse(const char *s, enum import_kind *out) {
  for (int i = 0; s && i < IMPORT_KIND_COUNT; i++)
    if (strcmp(s, kind_names[i]) == 0) {
      *out = (enum import_kind)i;
      return 0;
    }
  return -1;
}

const char *import_target_name(enum import_target t) { return t < IT_COUNT ? target_names[t] : "text"; }

int import_target_parse(enum import_kind k, const char *s, enum import_target *out) {
  for (int i = 0; s && k < IMPORT_KIND_COUNT && i < IT_COUNT; i++)
    if (takes[k][i] && strcmp(s, target_names[i]) == 0) {
      *out = (enum import_target)i;
      return 0;
    }
  return -1;
}

enum import_target import_required_target(enum import_kind k) { return k == IMPORT_FEEDBACK ? IT_TEXT : IT_TITLE; }

const char *import_targets_list(arena *a, enum import_kind k) {
  buf b;
  buf_init(&b, 1024);
  for (int i = 0; k < IMPORT_KIND_COUNT && i < IT_COUNT; i++)
    if (takes[k][i]) buf_printf(&b, "%s%s", b.len ? ", " : "", target_names[i]);
  const char *s = arena_strdup(a, buf_cstr(&b));
  buf_free(&b);
  return s;
}

/* ---- the mapping syntax ---- */

struct lexer {
  const char *s;
  size_t i;
  const char *field;
  struct keel_err *e;
};

/* The 1-based character position of byte offset i. */
static size_t char_at(const char *s, size_t i) { return utf8_count(s, i) + 1; }

static void skip_spaces(struct lexer *l) {
  while (l->s[l->i] == ' ' || l->s[l->i] == '\t') l->i++;
}

/* Reads a quoted token at l->i (on its opening quote) into b. */
static int quoted(struct lexer *l, buf *b) {
  size_t open = l->i++;
  for (;;) {
    char c = l->s[l->i];
    if (c == '\0')
      return err_set(l->e, KEEL_EINVAL, l->field, "%s: the quote at character %zu is never closed (expected a closing \")",
                     l->field, char_at(l->s, open));
    l->i++;
    if (c == '"') {
      if (l->s[l->i] != '"') break;
      l->i++;
    }
    buf_putc(b, c);
  }
  skip_spaces(l);
  return KEEL_OK;
}

/* Reads an unquoted token up to one of stop (or the end), trimmed. */
static void bare(struct lexer *l, const char *stop, buf *b) {
  size_t start = l->i;
  while (l->s[l->i] && !strchr(stop, l->s[l->i])) l->i++;
  size_t end = l->i;
  while (end > start && (l->s[end - 1] == ' ' || l->s[end - 1] == '\t')) end--;
  buf_append(b, l->s + start, end - start);
}

int import_pairs_parse(arena *a, const char *s, const char *field, int keys_optional, struct import_pair **out,
                       size_t *n, struct keel_err *e) {
  *out = NULL;
  *n = 0;
  if (!s) return KEEL_OK;
  size_t len = strlen(s);
  if (len > IMPORT_MAP_TEXT_MAX) return err_set(e, KEEL_EINVAL, field, "%s is longer than %d bytes", field, IMPORT_MAP_TEXT_MAX);
  if (!utf8_valid(s, len)) return err_set(e, KEEL_EINVAL, field, "%s is not valid UTF-8 text", field);
  struct import_pair *pairs = arena_alloc(a, IMPORT_MAP_MAX * sizeof *pairs);
  struct lexer l = {s, 0, field, e};
  buf key, val;
  buf_init(&key, 0);
  buf_init(&val, 0);
  int rc = KEEL_OK;
  skip_spaces(&l);
  while (!rc && s[l.i]) {
    buf_reset(&key);
    buf_reset(&val);
    size_t at = l.i;
    if (*n == IMPORT_MAP_MAX) {
      rc = err_set(e, KEEL_EINVAL, field, "%s has more than %d items", field, IMPORT_MAP_MAX);
      break;
    }
    int has_key = 0, first_quoted = s[l.i] == '"';
    /* The first token: a key, or (keys_optional) the value itself. */
    if (first_quoted) rc = quoted(&l, &key);
    else bare(&l, ",=:", &key);
    if (rc) break;
    if (s[l.i] == '=' || s[l.i] == ':') {
      has_key = 1;
      l.i++;
      skip_spaces(&l);
      if (s[l.i] == '"') {
        rc = quoted(&l, &val);
        if (rc) break;
      } else {
        bare(&l, ",", &val);
      }
    }
    if (s[l.i] && s[l.i] != ',') {
      rc = err_set(e, KEEL_EINVAL, field, "%s: unexpected %c at character %zu (expected a comma between items; quote a "
                   "name holding one)", field, s[l.i], char_at(s, l.i));
      break;
    }
    if (!has_key) {
      if (!keys_optional) {
        rc = err_set(e, KEEL_EINVAL, field, "%s: item %zu (\"%.60s\") has no '=' (expected NAME=COLUMN)", field, *n + 1,
                     buf_cstr(&key));
        break;
      }
      if (key.len == 0 && !first_quoted) {
        rc = err_set(e, KEEL_EINVAL, field, "%s: item %zu is empty (expected a column)", field, *n + 1);
        break;
      }
      pairs[*n] = (struct import_pair){NULL, arena_strdup(a, buf_cstr(&key)), char_at(s, at)};
    } else {
      if (key.len == 0) {
        rc = err_set(e, KEEL_EINVAL, field, "%s: item %zu has nothing before its '=' (expected NAME=COLUMN)", field,
                     *n + 1);
        break;
      }
      pairs[*n] = (struct import_pair){arena_strdup(a, buf_cstr(&key)), arena_strdup(a, buf_cstr(&val)), char_at(s, at)};
    }
    (*n)++;
    if (s[l.i] == ',') {
      l.i++;
      skip_spaces(&l);
      if (!s[l.i]) break; /* a trailing comma */
    }
  }
  buf_free(&key);
  buf_free(&val);
  if (rc) *n = 0;
  else *out = pairs;
  return rc;
}

/* ---- values ---- */

/* Copies s lower-cased and trimmed, with ' ' and '-' as '_', into a small buffer. */
static int folded(const char *s, char *out, size_t cap) {
  while (*s == ' ' || *s == '\t') s++;
  size_t n = 0;
  for (; *s && n + 1 < cap; s++) out[n++] = (char)(*s == ' ' || *s == '-' ? '_' : tolower((unsigned char)*s));
  if (*s) return -1;
  while (n > 0 && out[n - 1] == '_') n--;
  out[n] = '\0';
  return 0;
}

int import_channel_parse(const char *s, enum feedback_channel *out) {
  char f[64];
  if (!s || folded(s, f, sizeof f)) return -1;
  if (strcmp(f, "e_mail") == 0 || strcmp(f, "mail") == 0) snprintf(f, sizeof f, "email");
  if (strcmp(f, "ticket") == 0 || strcmp(f, "support_ticket") == 0) snprintf(f, sizeof f, "support");
  for (int i = 0; i < FC_COUNT; i++) {
    char lab[64];
    if (strcmp(f, feedback_channel_name((enum feedback_channel)i)) == 0 ||
        (folded(feedback_channel_label((enum feedback_channel)i), lab, sizeof lab) == 0 && strcmp(f, lab) == 0)) {
      *out = (enum feedback_channel)i;
      return 0;
    }
  }
  return -1;
}

int import_source_parse(const char *s, enum idea_source *out) {
  char f[64];
  if (!s || folded(s, f, sizeof f)) return -1;
  return idea_source_parse(f, out);
}

size_t import_tags_split(arena *a, const char *s, const char **out, size_t max) {
  size_t n = 0;
  while (s && *s) {
    size_t k = strcspn(s, ",;");
    const char *t = text_trim(a, arena_strndup(a, s, k));
    if (*t) {
      if (n == max) return n + 1; /* one too many: the caller refuses it */
      out[n++] = t;
    }
    s += k;
    if (*s) s++;
  }
  return n;
}

int import_na_parse(arena *a, const char *s, const char ***out, size_t *n, struct keel_err *e) {
  *n = 0;
  *out = arena_alloc(a, IMPORT_NA_MAX * sizeof **out);
  if (!s) s = "NA";
  while (*s) {
    size_t k = strcspn(s, ",");
    const char *t = text_trim(a, arena_strndup(a, s, k));
    if (*t) {
      if (*n == IMPORT_NA_MAX) return err_set(e, KEEL_EINVAL, "na", "at most %d missing-value markers", IMPORT_NA_MAX);
      (*out)[(*n)++] = t;
    }
    s += k;
    if (*s) s++;
  }
  return KEEL_OK;
}

int import_missing(const char *cell, const char *const *na, size_t nna) {
  const char *p = cell;
  while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') p++;
  if (!*p) return 1;
  for (size_t i = 0; i < nna; i++)
    if (strcmp(cell, na[i]) == 0) return 1;
  return 0;
}

int import_idea_status_parse(arena *a, const char *value, enum idea_status *st, const char **reason,
                             struct keel_err *e) {
  const char *colon = strchr(value, ':');
  const char *name = text_trim(a, colon ? arena_strndup(a, value, (size_t)(colon - value)) : value);
  *reason = colon ? text_trim(a, colon + 1) : "";
  char f[64];
  if (folded(name, f, sizeof f) || idea_status_parse(f, st))
    return err_set(e, KEEL_EINVAL, "status-map", "status-map: \"%.60s\" is not an idea status (new, under_review or "
                   "declined:REASON)", name);
  if (*st == IS_PLANNED || *st == IS_DUPLICATE)
    return err_set(e, KEEL_EINVAL, "status-map", "status-map: ideas cannot be imported as %s (that needs %s); import "
                   "them as new or under_review and triage them in Keel",
                   idea_status_name(*st), *st == IS_PLANNED ? "a feature" : "the original idea");
  if (*st == IS_DECLINED && !**reason)
    return err_set(e, KEEL_EINVAL, "status-map", "status-map: declined needs a reason the submitter will see: "
                   "declined:REASON");
  if (*st == IS_DECLINED) return text_check_line("status-map", *reason, REASON_MAX_CHARS, 1, e);
  return KEEL_OK;
}
