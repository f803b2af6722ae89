/* fuzz_json_body.c — libFuzzer target for JSON request bodies (core/json.c).
 *
 * The input is a request body. It goes through json_body_parse and, when that
 * succeeds, through json_read with the field table of the feature API body
 * (web/api_features.c) and the nested "rice." and "ice." tables
 * (web/api.c). Invariants checked (a violation traps):
 *   - a failure returns KEEL_EPARSE, KEEL_EUNKNOWN or KEEL_EINVAL, equal to
 *     e.rc, with a non-empty message, and leaves no document behind;
 *   - a success gives a JSON object; required fields are set after json_read;
 *     field errors in nested objects name the field with its prefix;
 *   - strings and numbers read from the body survive the writer: %J and %N
 *     output parses back to the same value. */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "core/buf.h"
#include "core/err.h"
#include "core/json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond) \
  do {              \
    if (!(cond)) __builtin_trap(); \
  } while (0)

/* Checks the error left by a failed call that may return any of rc_a..rc_c. */
static void check_err(int rc, const struct keel_err *e, int rc_a, int rc_b, int rc_c) {
  CHECK(rc == rc_a || rc == rc_b || rc == rc_c);
  CHECK(e->rc == rc);
  CHECK(e->msg[0] != '\0');
  CHECK(memchr(e->msg, '\0', sizeof e->msg) != NULL);
  CHECK(memchr(e->field, '\0', sizeof e->field) != NULL);
}

/* Writes s as a JSON string with %J, parses it back and checks it is unchanged. */
static void check_string_roundtrip(const char *s) {
  buf b;
  buf_init(&b, 0);
  buf_printf(&b, "{\"v\":%J}", s);
  json_t *doc = NULL;
  struct keel_err e = {0};
  CHECK(json_body_parse(buf_cstr(&b), b.len, &doc, &e) == KEEL_OK);
  json_t *v = json_object_get(doc, "v");
  if (s) CHECK(json_is_string(v) && strcmp(json_string_value(v), s) == 0);
  else CHECK(json_is_null(v));
  json_decref(doc);
  buf_free(&b);
}

/* Writes x with %N, parses it back and checks it reads back exactly. */
static void check_number_roundtrip(double x) {
  buf b;
  buf_init(&b, 0);
  buf_printf(&b, "{\"v\":%N}", x);
  json_t *doc = NULL;
  struct keel_err e = {0};
  CHECK(json_body_parse(buf_cstr(&b), b.len, &doc, &e) == KEEL_OK);
  json_t *v = json_object_get(doc, "v");
  if (isfinite(x)) CHECK(json_is_number(v) && json_number_value(v) == x);
  else CHECK(json_is_null(v));
  json_decref(doc);
  buf_free(&b);
}

/* Reads the nested "rice" object as web/api.c does. */
static void read_rice(json_t *rice) {
  double reach = 0, impact = 0, confidence = 0, effort = 0;
  int has[4] = {0, 0, 0, 0};
  const struct jfield f[] = {
      {"reach", JK_NUMBER, 0, &reach, &has[0]},
      {"impact", JK_NUMBER, 0, &impact, &has[1]},
      {"confidence", JK_NUMBER, 0, &confidence, &has[2]},
      {"effort", JK_NUMBER, 0, &effort, &has[3]},
  };
  struct keel_err e = {0};
  int rc = json_read(rice, f, 4, "rice.", &e);
  if (rc) {
    check_err(rc, &e, KEEL_EUNKNOWN, KEEL_EINVAL, KEEL_EINVAL);
    CHECK(strncmp(e.field, "rice.", 5) == 0);
    return;
  }
  if (has[0]) check_number_roundtrip(reach);
  if (has[1]) check_number_roundtrip(impact);
  if (has[2]) check_number_roundtrip(confidence);
  if (has[3]) check_number_roundtrip(effort);
}

/* Reads the nested "ice" object as web/api.c does. */
static void read_ice(json_t *ice) {
  int64_t impact = 0, confidence = 0, ease = 0;
  const struct jfield f[] = {
      {"impact", JK_INT, 0, &impact, NULL},
      {"confidence", JK_INT, 0, &confidence, NULL},
      {"ease", JK_INT, 0, &ease, NULL},
  };
  struct keel_err e = {0};
  int rc = json_read(ice, f, 3, "ice.", &e);
  if (rc) {
    check_err(rc, &e, KEEL_EUNKNOWN, KEEL_EINVAL, KEEL_EINVAL);
    CHECK(strncmp(e.field, "ice.", 4) == 0);
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  json_t *body = (json_t *)1; /* must be reset by the parser */
  struct keel_err e = {0};
  int rc = json_body_parse((const char *)data, size, &body, &e);
  if (rc) {
    check_err(rc, &e, KEEL_EPARSE, KEEL_EPARSE, KEEL_EPARSE);
    CHECK(body == NULL);
    return 0;
  }
  CHECK(body != NULL && json_is_object(body));

  const char *title = NULL, *description = NULL, *status = NULL, *horizon = NULL, *product = NULL;
  json_t *rice = NULL, *ice = NULL;
  int has_rice = 0, has_ice = 0;
  const struct jfield f[] = {
      {"title", JK_STRING, JF_REQUIRED, &title, NULL},
      {"description", JK_STRING, 0, &description, NULL},
      {"status", JK_STRING, 0, &status, NULL},
      {"horizon", JK_STRING, 0, &horizon, NULL},
      {"rice", JK_OBJECT, JF_NULLABLE, &rice, &has_rice},
      {"ice", JK_OBJECT, JF_NULLABLE, &ice, &has_ice},
      {"product", JK_STRING, 0, &product, NULL},
  };
  memset(&e, 0, sizeof e);
  rc = json_read(body, f, sizeof f / sizeof f[0], "", &e);
  if (rc) {
    check_err(rc, &e, KEEL_EUNKNOWN, KEEL_EINVAL, KEEL_EINVAL);
    CHECK(rc == KEEL_EUNKNOWN || e.field[0] != '\0'); /* an unknown key may be "" */
  } else {
    CHECK(title != NULL); /* required and not nullable */
    check_string_roundtrip(title);
    if (description) check_string_roundtrip(description);
    if (status) check_string_roundtrip(status);
    if (horizon) check_string_roundtrip(horizon);
    if (product) check_string_roundtrip(product);
    if (has_rice && rice) read_rice(rice);
    if (has_ice && ice) read_ice(ice);
  }
  json_decref(body);
  return 0;
}
