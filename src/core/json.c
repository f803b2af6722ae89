/* json.c — JSON body parsing and field-table reading. */
#include "core/json.h"

#include <stdio.h>
#include <string.h>

#include "core/buf.h"

/* Returns the nesting depth of v (a scalar is 0). Stops counting past limit. */
static int json_depth(json_t *v, int limit) {
  if (limit < 0) return 1;
  int max = 0;
  if (json_is_object(v)) {
    const char *k;
    json_t *c;
    json_object_foreach(v, k, c) {
      int d = json_depth(c, limit - 1) + 1;
      if (d > max) max = d;
      if (max > limit) break;
    }
  } else if (json_is_array(v)) {
    size_t i;
    json_t *c;
    json_array_foreach(v, i, c) {
      int d = json_depth(c, limit - 1) + 1;
      if (d > max) max = d;
      if (max > limit) break;
    }
  }
  return max;
}

const char *json_error_words(const json_error_t *je) {
  if (json_error_code(je) == json_error_null_character) return "\\u0000 (a NUL character) is not allowed in text";
  return je->text;
}

int json_body_parse(const char *data, size_t len, json_t **out, struct keel_err *e) {
  *out = NULL;
  size_t i = 0;
  while (i < len && (data[i] == ' ' || data[i] == '\t' || data[i] == '\n' || data[i] == '\r')) i++;
  if (i == len) {
    *out = json_object();
    return KEEL_OK;
  }
  json_error_t je;
  json_t *v = json_loadb(data, len, JSON_REJECT_DUPLICATES, &je);
  if (!v)
    return err_set(e, KEEL_EPARSE, NULL, "malformed JSON at line %d, column %d: %s", je.line,
                   je.column, json_error_words(&je));
  if (!json_is_object(v)) {
    json_decref(v);
    return err_set(e, KEEL_EPARSE, NULL, "malformed JSON at line 1, column 1: the body must be a JSON object");
  }
  if (json_depth(v, JSON_MAX_DEPTH) > JSON_MAX_DEPTH) {
    json_decref(v);
    return err_set(e, KEEL_EPARSE, NULL, "malformed JSON: nested deeper than %d levels", JSON_MAX_DEPTH);
  }
  *out = v;
  return KEEL_OK;
}

static const char *kind_name(enum jkind k) {
  switch (k) {
  case JK_STRING: return "a string";
  case JK_INT: return "an integer";
  case JK_NUMBER: return "a number";
  case JK_BOOL: return "true or false";
  case JK_OBJECT: return "an object";
  case JK_ARRAY: return "an array";
  }
  return "a value";
}

int json_read(json_t *obj, const struct jfield *fields, size_t n, const char *prefix,
              struct keel_err *e) {
  if (!prefix) prefix = "";
  /* Unknown fields first: name every one of them. */
  const char *key;
  json_t *val;
  buf unknown;
  buf_init(&unknown, 4096);
  const char *first = NULL;
  json_object_foreach(obj, key, val) {
    size_t i;
    for (i = 0; i < n; i++)
      if (strcmp(fields[i].name, key) == 0) break;
    if (i == n) {
      if (!first) first = key;
      buf_printf(&unknown, "%s%s%s", unknown.len ? ", " : "", prefix, key);
    }
  }
  if (first) {
    char field[KEEL_ERR_FIELD_MAX];
    snprintf(field, sizeof field, "%s%s", prefix, first);
    err_set(e, KEEL_EUNKNOWN, field, "unknown field%s: %s", strchr(buf_cstr(&unknown), ',') ? "s" : "",
            buf_cstr(&unknown));
    buf_free(&unknown);
    return KEEL_EUNKNOWN;
  }
  buf_free(&unknown);

  for (size_t i = 0; i < n; i++) {
    const struct jfield *f = &fields[i];
    json_t *v = json_object_get(obj, f->name);
    char fname[KEEL_ERR_FIELD_MAX];
    snprintf(fname, sizeof fname, "%s%s", prefix, f->name);
    if (!v) {
      if (f->flags & JF_REQUIRED) return err_set(e, KEEL_EINVAL, fname, "%s is required", fname);
      continue;
    }
    if (f->present) *f->present = 1;
    if (json_is_null(v)) {
      /* Only strings, objects and arrays can be nullable: their out is a pointer. */
      int pointer_kind = f->kind == JK_STRING || f->kind == JK_OBJECT || f->kind == JK_ARRAY;
      if (!(f->flags & JF_NULLABLE) || !pointer_kind)
        return err_set(e, KEEL_EINVAL, fname, "%s must be %s, not null", fname, kind_name(f->kind));
      if (f->kind == JK_STRING) *(const char **)f->out = NULL;
      else *(json_t **)f->out = NULL;
      continue;
    }
    int ok = 0;
    switch (f->kind) {
    case JK_STRING:
      if ((ok = json_is_string(v))) *(const char **)f->out = json_string_value(v);
      break;
    case JK_INT:
      if ((ok = json_is_integer(v))) *(int64_t *)f->out = (int64_t)json_integer_value(v);
      break;
    case JK_NUMBER:
      if ((ok = json_is_number(v))) *(double *)f->out = json_number_value(v);
      break;
    case JK_BOOL:
      if ((ok = json_is_boolean(v))) *(int *)f->out = json_is_true(v);
      break;
    case JK_OBJECT:
      if ((ok = json_is_object(v))) *(json_t **)f->out = v;
      break;
    case JK_ARRAY:
      if ((ok = json_is_array(v))) *(json_t **)f->out = v;
      break;
    }
    if (!ok) return err_set(e, KEEL_EINVAL, fname, "%s must be %s", fname, kind_name(f->kind));
  }
  return KEEL_OK;
}
