/* json.h — strict reading of JSON request bodies (over jansson).
 *
 * A body is parsed into an object, then read against a table of expected
 * fields: unknown fields, missing required fields and wrong types each give a
 * precise error naming the field. Output is written with buf_printf's %J/%N. */
#ifndef KEEL_CORE_JSON_H
#define KEEL_CORE_JSON_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

enum { JSON_MAX_DEPTH = 16 };

enum jkind {
  JK_STRING, /* out: const char ** (borrowed from the json_t, NULL for JSON null) */
  JK_INT,    /* out: int64_t *; JSON integers only */
  JK_NUMBER, /* out: double *; integers or reals */
  JK_BOOL,   /* out: int * (0 or 1) */
  JK_OBJECT, /* out: json_t ** (borrowed; NULL for JSON null) */
  JK_ARRAY,  /* out: json_t ** (borrowed; NULL for JSON null) */
};

enum { JF_REQUIRED = 1, JF_NULLABLE = 2 };

struct jfield {
  const char *name;
  enum jkind kind;
  unsigned flags;
  void *out;    /* see enum jkind; left untouched when the field is absent */
  int *present; /* optional: set to 1 when the field appears (even as null) */
};

/* Parses data[0..len) as a JSON document whose top level is an object.
 * Returns KEEL_OK with *out set (caller json_decref()s it), or KEEL_EPARSE
 * with "line L, column C: reason" (duplicate keys, trailing text, nesting
 * deeper than JSON_MAX_DEPTH and a non-object top level are errors too). An
 * empty body (len 0 or only whitespace) parses as an empty object. */
int json_body_parse(const char *data, size_t len, json_t **out, struct keel_err *e);

/* The text of a jansson parse error, in words for the person who wrote the
 * input (jansson's own text names its flags in one case). Never NULL; points
 * into je or to a static string. */
const char *json_error_words(const json_error_t *je);

/* Reads obj against fields[0..n). prefix ("" or e.g. "rice.") is put in front
 * of field names in errors. Returns KEEL_OK, KEEL_EUNKNOWN naming every field
 * not in the table, or KEEL_EINVAL naming a missing or mistyped field. */
int json_read(json_t *obj, const struct jfield *fields, size_t n, const char *prefix,
              struct keel_err *e);

#endif
