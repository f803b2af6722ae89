/* audit.c — field-level differences between two JSON snapshots. */
#include "domain/audit.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"

enum { AUDIT_DIFF_MAX = 64 };

static int ignored(const char *key) {
  static const char *const skip[] = {"id", "version", "created_at", "updated_at", "scores", "rank"};
  for (size_t i = 0; i < sizeof skip / sizeof skip[0]; i++)
    if (strcmp(key, skip[i]) == 0) return 1;
  return 0;
}

/* Returns a display string for a JSON value in the arena ("" for absent/null). */
static const char *display(arena *a, json_t *v) {
  if (!v || json_is_null(v)) return "";
  if (json_is_string(v)) return arena_strdup(a, json_string_value(v));
  if (json_is_true(v)) return "yes";
  if (json_is_false(v)) return "no";
  if (json_is_number(v)) {
    buf b;
    buf_init(&b, 64);
    buf_json_num(&b, json_number_value(v));
    const char *s = arena_strdup(a, buf_cstr(&b));
    buf_free(&b);
    return s;
  }
  char *txt = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS);
  const char *s = arena_strdup(a, txt ? txt : "");
  free(txt);
  return s;
}

static void add(arena *a, struct field_change *out, size_t *n, const char *field, json_t *b, json_t *af) {
  if (*n >= AUDIT_DIFF_MAX) return;
  out[*n].field = arena_strdup(a, field);
  out[*n].before = display(a, b);
  out[*n].after = display(a, af);
  (*n)++;
}

/* Writes "field." into sub; truncation only shortens very deep names. */
static void sub_prefix(char *sub, size_t n, const char *field) {
  size_t len = strnlen(field, n - 2);
  memcpy(sub, field, len);
  sub[len] = '.';
  sub[len + 1] = '\0';
}

static void diff_objects(arena *a, const char *prefix, json_t *b, json_t *af, struct field_change *out,
                         size_t *n) {
  const char *key;
  json_t *v;
  char field[128];
  /* Fields in before (changed or removed), then fields only in after. */
  if (b) json_object_foreach(b, key, v) {
      /* A null before is treated as absent: the loop over after reports it. */
      if (ignored(key) || json_is_null(v)) continue;
      json_t *w = af ? json_object_get(af, key) : NULL;
      snprintf(field, sizeof field, "%s%s", prefix, key);
      if (json_is_object(v) && json_is_object(w)) {
        char sub[130];
        sub_prefix(sub, sizeof sub, field);
        diff_objects(a, sub, v, w, out, n);
      } else if (json_is_object(v) && (!w || json_is_null(w))) {
        char sub[130];
        sub_prefix(sub, sizeof sub, field);
        diff_objects(a, sub, v, NULL, out, n);
      } else if (!w || !json_equal(v, w)) {
        add(a, out, n, field, v, w);
      }
    }
  if (af) json_object_foreach(af, key, v) {
      if (ignored(key) || (b && json_object_get(b, key) && !json_is_null(json_object_get(b, key)))) continue;
      if (json_is_null(v) || (json_is_string(v) && !*json_string_value(v))) continue;
      snprintf(field, sizeof field, "%s%s", prefix, key);
      if (json_is_object(v)) {
        char sub[130];
        sub_prefix(sub, sizeof sub, field);
        diff_objects(a, sub, NULL, v, out, n);
      } else {
        add(a, out, n, field, NULL, v);
      }
    }
}

size_t audit_diff(arena *a, const char *before, const char *after, struct field_change **out) {
  json_t *b = before ? json_loads(before, 0, NULL) : NULL;
  json_t *af = after ? json_loads(after, 0, NULL) : NULL;
  *out = arena_alloc(a, AUDIT_DIFF_MAX * sizeof **out);
  size_t n = 0;
  if ((before && !b) || (after && !af)) goto out; /* unreadable */
  if ((b && !json_is_object(b)) || (af && !json_is_object(af))) goto out;
  diff_objects(a, "", b, af, *out, &n);
out:
  json_decref(b);
  json_decref(af);
  return n;
}
