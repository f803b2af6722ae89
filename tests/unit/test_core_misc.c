/* test_core_misc.c — unit tests for the rest of core/: the arena allocator,
 * UTF-8 checks, form/query decoding, CSV field quoting, strict JSON body
 * parsing and field-table reading, tokens and password hashes, the names
 * of error codes, time formatting and safe Markdown rendering. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/crypto.h"
#include "core/csv.h"
#include "core/err.h"
#include "core/form.h"
#include "core/idset.h"
#include "core/json.h"
#include "core/md.h"
#include "core/netaddr.h"
#include "core/timeutil.h"
#include "core/utf8.h"

/* ---------------------------------------------------------------- arena */

static void test_arena_many_allocs(void **state) {
  (void)state;
  arena *a = arena_new(0);
  assert_true(arena_reserved(a) >= 4096);
  enum { N = 5000 };
  static unsigned char *ptrs[N];
  static size_t sizes[N];
  for (size_t i = 0; i < N; i++) {
    sizes[i] = 1 + (i * 37) % 301;
    ptrs[i] = arena_alloc(a, sizes[i]);
    assert_non_null(ptrs[i]);
    assert_int_equal((uintptr_t)ptrs[i] % 16, 0);
    memset(ptrs[i], (int)(i & 0xff), sizes[i]);
  }
  /* No allocation overlapped another: every pattern is intact. */
  for (size_t i = 0; i < N; i++)
    for (size_t k = 0; k < sizes[i]; k++) assert_int_equal(ptrs[i][k], (unsigned char)(i & 0xff));
  assert_true(arena_reserved(a) > 4096);
  /* A block bigger than any so far. */
  size_t before = arena_reserved(a);
  unsigned char *big = arena_alloc(a, 1u << 20);
  assert_int_equal((uintptr_t)big % 16, 0);
  memset(big, 0xAB, 1u << 20);
  assert_true(arena_reserved(a) >= before + (1u << 20));
  /* Zero-size allocations are still distinct valid pointers or at least aligned. */
  void *z = arena_alloc(a, 0);
  assert_int_equal((uintptr_t)z % 16, 0);
  arena_free(a);
  arena_free(NULL);
}

static void test_arena_zalloc_realloc(void **state) {
  (void)state;
  arena *a = arena_new(64);
  /* Dirty the arena, then zalloc must still give zeroes. */
  memset(arena_alloc(a, 200), 0xFF, 200);
  unsigned char *z = arena_zalloc(a, 500);
  for (int i = 0; i < 500; i++) assert_int_equal(z[i], 0);

  char *p = arena_alloc(a, 10);
  memcpy(p, "0123456789", 10);
  char *q = arena_realloc(a, p, 10, 5000);
  assert_memory_equal(q, "0123456789", 10);
  memset(q + 10, 'x', 4990); /* the whole new size is usable */
  assert_memory_equal(p, "0123456789", 10); /* the old block stays valid */
  char *r = arena_realloc(a, q, 5000, 4);
  assert_memory_equal(r, "0123", 4);
  int *arr = arena_realloc(a, NULL, 0, 8 * sizeof *arr);
  for (int i = 0; i < 8; i++) arr[i] = i * i;
  arr = arena_realloc(a, arr, 8 * sizeof *arr, 64 * sizeof *arr);
  for (int i = 0; i < 8; i++) assert_int_equal(arr[i], i * i);
  /* arena_grow: room for one more, doubling from 16, the values kept. */
  int64_t *list = NULL;
  size_t n = 0, cap = 0;
  for (int64_t i = 0; i < 100; i++) {
    list = arena_grow(a, list, n, &cap, sizeof *list);
    assert_true(n < cap);
    list[n++] = i * 3;
  }
  assert_int_equal(cap, 128); /* 16, 32, 64, 128 */
  for (size_t i = 0; i < n; i++) assert_int_equal(list[i], (int64_t)i * 3);
  assert_ptr_equal(arena_grow(a, list, n, &cap, sizeof *list), list); /* room left: the same array */
  arena_free(a);
}

static void test_arena_strings(void **state) {
  (void)state;
  arena *a = arena_new(0);
  assert_null(arena_strdup(a, NULL));
  char src[] = "hello world";
  char *d = arena_strdup(a, src);
  assert_string_equal(d, "hello world");
  assert_ptr_not_equal(d, src);
  src[0] = 'J';
  assert_string_equal(d, "hello world");
  assert_string_equal(arena_strndup(a, "hello", 3), "hel");
  assert_string_equal(arena_strndup(a, "hello", 0), "");
  char raw[4] = {'a', 'b', 'c', 'd'}; /* not terminated */
  assert_string_equal(arena_strndup(a, raw, 4), "abcd");
  assert_string_equal(arena_printf(a, "%s-%d-%05.1f", "x", 42, 3.14159), "x-42-003.1");
  char longer[3000];
  memset(longer, 'k', sizeof longer - 1);
  longer[sizeof longer - 1] = '\0';
  char *lp = arena_printf(a, "[%s]", longer);
  assert_int_equal(strlen(lp), 3001);
  assert_int_equal(lp[0], '[');
  assert_int_equal(lp[3000], ']');
  arena_free(a);
}

/* ---------------------------------------------------------------- utf8 */

#define VALID(s) utf8_valid((s), sizeof(s) - 1)

static void test_utf8_valid(void **state) {
  (void)state;
  assert_true(VALID(""));
  assert_true(VALID("plain ascii"));
  assert_true(VALID("caf\xc3\xa9"));                /* é */
  assert_true(VALID("\xe2\x82\xac"));               /* € */
  assert_true(VALID("\xf0\x9f\x98\x80"));           /* 😀 */
  assert_true(VALID("\xc2\x80"));                   /* U+0080, smallest 2-byte */
  assert_true(VALID("\xe0\xa0\x80"));               /* U+0800, smallest 3-byte */
  assert_true(VALID("\xf0\x90\x80\x80"));           /* U+10000, smallest 4-byte */
  assert_true(VALID("\xed\x9f\xbf"));               /* U+D7FF, just below surrogates */
  assert_true(VALID("\xee\x80\x80"));               /* U+E000, just above */
  assert_true(VALID("\xef\xbf\xbf"));               /* U+FFFF */
  assert_true(VALID("\xf4\x8f\xbf\xbf"));           /* U+10FFFF, the last code point */

  /* Overlong encodings. */
  assert_false(VALID("\xc0\x80"));
  assert_false(VALID("\xc1\xbf"));
  assert_false(VALID("\xe0\x80\x80"));
  assert_false(VALID("\xe0\x9f\xbf"));
  assert_false(VALID("\xf0\x80\x80\x80"));
  assert_false(VALID("\xf0\x8f\xbf\xbf"));
  /* UTF-16 surrogates. */
  assert_false(VALID("\xed\xa0\x80"));
  assert_false(VALID("\xed\xbf\xbf"));
  assert_false(VALID("a\xed\xb0\x80z"));
  /* Beyond U+10FFFF and bytes that never start a sequence. */
  assert_false(VALID("\xf4\x90\x80\x80"));
  assert_false(VALID("\xf5\x80\x80\x80"));
  assert_false(VALID("\xf8\x88\x80\x80\x80"));
  assert_false(VALID("\xfe"));
  assert_false(VALID("\xff"));
  /* Truncated sequences and stray continuation bytes. */
  assert_false(VALID("\xc3"));
  assert_false(VALID("\xe2\x82"));
  assert_false(VALID("\xf0\x9f\x98"));
  assert_false(VALID("abc\xe2\x82"));
  assert_false(VALID("\x80"));
  assert_false(VALID("a\xbf"));
  assert_false(VALID("\xc3\x28"));
  assert_false(VALID("\xe2\x28\xa1"));
  /* The length bounds the check: a valid prefix of a longer buffer. */
  assert_true(utf8_valid("ab\xc3", 2));
  assert_false(utf8_valid("ab\xc3\xa9", 3));
}

static void test_utf8_count_prefix(void **state) {
  (void)state;
  const char *s = "h\xc3\xa9llo\xf0\x9f\x98\x80!"; /* h é l l o 😀 ! */
  size_t n = strlen(s);
  assert_int_equal(n, 11);
  assert_int_equal(utf8_count(s, n), 7);
  assert_int_equal(utf8_count("", 0), 0);
  assert_int_equal(utf8_count("\xe2\x82\xac\xe2\x82\xac", 6), 2);
  assert_int_equal(utf8_prefix(s, n, 0), 0);
  assert_int_equal(utf8_prefix(s, n, 1), 1);
  assert_int_equal(utf8_prefix(s, n, 2), 3);  /* never splits é */
  assert_int_equal(utf8_prefix(s, n, 5), 6);
  assert_int_equal(utf8_prefix(s, n, 6), 10); /* the whole emoji */
  assert_int_equal(utf8_prefix(s, n, 7), 11);
  assert_int_equal(utf8_prefix(s, n, 100), 11);
  assert_int_equal(utf8_prefix("\xf0\x9f\x98\x80\xf0\x9f\x98\x80", 8, 1), 4);
}

/* ---------------------------------------------------------------- form */

static int form(arena *a, const char *s, struct kvlist *out, struct keel_err *e) {
  err_clear(e);
  return form_parse(a, s, strlen(s), out, e);
}

static void test_form_basic(void **state) {
  (void)state;
  arena *a = arena_new(0);
  struct kvlist l;
  struct keel_err e;
  assert_int_equal(form(a, "a=1&b=x+y%21", &l, &e), KEEL_OK);
  assert_int_equal(l.n, 2);
  assert_string_equal(l.items[0].key, "a");
  assert_string_equal(l.items[0].val, "1");
  assert_string_equal(l.items[1].key, "b");
  assert_string_equal(l.items[1].val, "x y!");
  assert_string_equal(kv_get(&l, "b"), "x y!");
  assert_null(kv_get(&l, "c"));

  /* Empty pairs are skipped, a key alone has value "", only the first '=' splits. */
  assert_int_equal(form(a, "&&a=1&&flag&&x=b=c&", &l, &e), KEEL_OK);
  assert_int_equal(l.n, 3);
  assert_string_equal(l.items[0].key, "a");
  assert_string_equal(l.items[1].key, "flag");
  assert_string_equal(l.items[1].val, "");
  assert_string_equal(kv_get(&l, "flag"), "");
  assert_string_equal(kv_get(&l, "x"), "b=c");

  /* Repeated keys keep input order; kv_get gives the first. */
  assert_int_equal(form(a, "t=one&t=two", &l, &e), KEEL_OK);
  assert_int_equal(l.n, 2);
  assert_string_equal(kv_get(&l, "t"), "one");
  assert_string_equal(l.items[1].val, "two");

  /* ';' is not a separator; encoded '&', '=' and '+' are data. */
  assert_int_equal(form(a, "a=1;b=2&q=%26%3D%2B", &l, &e), KEEL_OK);
  assert_int_equal(l.n, 2);
  assert_string_equal(kv_get(&l, "a"), "1;b=2");
  assert_string_equal(kv_get(&l, "q"), "&=+");

  /* Escapes in keys, lower-case hex, multi-byte UTF-8. */
  assert_int_equal(form(a, "na%6De=caf%c3%a9&=v", &l, &e), KEEL_OK);
  assert_int_equal(l.n, 2);
  assert_string_equal(kv_get(&l, "name"), "caf\xc3\xa9");
  assert_string_equal(kv_get(&l, ""), "v");

  /* Nothing at all. */
  assert_int_equal(form(a, "", &l, &e), KEEL_OK);
  assert_int_equal(l.n, 0);
  assert_null(kv_get(&l, "a"));
  assert_int_equal(form(a, "&&&", &l, &e), KEEL_OK);
  assert_int_equal(l.n, 0);

  /* The length bounds the input. */
  err_clear(&e);
  assert_int_equal(form_parse(a, "a=1&b=2", 3, &l, &e), KEEL_OK);
  assert_int_equal(l.n, 1);
  assert_string_equal(kv_get(&l, "a"), "1");
  arena_free(a);
}

static void test_form_errors(void **state) {
  (void)state;
  arena *a = arena_new(0);
  struct kvlist l;
  struct keel_err e;
  assert_int_equal(form(a, "a=%2", &l, &e), KEEL_EPARSE);
  assert_int_equal(e.rc, KEEL_EPARSE);
  assert_non_null(strstr(e.msg, "byte 3")); /* the '%' is the third byte */
  assert_int_equal(form(a, "x=1&a=%zz", &l, &e), KEEL_EPARSE);
  assert_non_null(strstr(e.msg, "byte 7"));
  assert_int_equal(form(a, "bad%g1=1", &l, &e), KEEL_EPARSE);
  assert_non_null(strstr(e.msg, "byte 4"));
  assert_int_equal(form(a, "a=b%", &l, &e), KEEL_EPARSE);
  assert_non_null(strstr(e.msg, "byte 4"));
  /* NUL bytes are refused. */
  assert_int_equal(form(a, "a=x%00y", &l, &e), KEEL_EPARSE);
  assert_non_null(strstr(e.msg, "NUL"));
  assert_int_equal(form(a, "k%00=1", &l, &e), KEEL_EPARSE);
  err_clear(&e);
  assert_int_equal(form_parse(a, "a=x\0y", 5, &l, &e), KEEL_EPARSE); /* a raw NUL too */
  assert_non_null(strstr(e.msg, "byte 4"));
  /* Invalid UTF-8, raw or escaped. */
  assert_int_equal(form(a, "a=%C3%28", &l, &e), KEEL_EPARSE);
  assert_non_null(strstr(e.msg, "UTF-8"));
  assert_int_equal(form(a, "a=%ED%A0%80", &l, &e), KEEL_EPARSE); /* surrogate */
  assert_int_equal(form(a, "a=\xff", &l, &e), KEEL_EPARSE);
  assert_int_equal(form(a, "%C0%80=1", &l, &e), KEEL_EPARSE); /* overlong NUL */
  arena_free(a);
}

static void test_form_limits(void **state) {
  (void)state;
  arena *a = arena_new(0);
  buf b;
  buf_init(&b, 0);
  for (int i = 0; i < FORM_MAX_PAIRS; i++) buf_printf(&b, "%sk%d=%d", i ? "&" : "", i, i);
  struct kvlist l;
  struct keel_err e;
  assert_int_equal(form(a, buf_cstr(&b), &l, &e), KEEL_OK);
  assert_int_equal(l.n, FORM_MAX_PAIRS);
  assert_string_equal(kv_get(&l, "k255"), "255");
  /* Empty pairs do not count toward the limit. */
  buf_puts(&b, "&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&");
  assert_int_equal(form(a, buf_cstr(&b), &l, &e), KEEL_OK);
  assert_int_equal(l.n, FORM_MAX_PAIRS);
  /* One more real pair is too many. */
  buf_puts(&b, "extra=1");
  assert_int_equal(form(a, buf_cstr(&b), &l, &e), KEEL_ETOOBIG);
  assert_int_equal(e.rc, KEEL_ETOOBIG);
  buf_free(&b);
  arena_free(a);
}

/* ---------------------------------------------------------------- csv */

static void test_csv(void **state) {
  (void)state;
  buf b;
  buf_init(&b, 0);
  csv_field(&b, "plain", 1);
  csv_field(&b, "a,b", 0);
  csv_field(&b, "say \"hi\"", 0);
  csv_field(&b, "two\nlines", 0);
  csv_field(&b, "cr\rhere", 0);
  csv_field(&b, NULL, 0);
  csv_field(&b, "", 0);
  csv_end_row(&b);
  assert_string_equal(buf_cstr(&b), "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\rhere\",,\r\n");

  /* Formula prefixes. */
  struct {
    const char *in, *out;
  } cases[] = {
      {"=SUM(A1:A9)", "\"'=SUM(A1:A9)\""},
      {"+1", "\"'+1\""},
      {"@cmd", "\"'@cmd\""},
      {"-x", "\"'-x\""},
      {"-", "\"'-\""},
      {"-1+2", "\"'-1+2\""},
      {"-2*cmd|' /C calc'!A0", "\"'-2*cmd|' /C calc'!A0\""},
      {"=\"x\",1", "\"'=\"\"x\"\",1\""},
      {"-12", "-12"},
      {"-1.5", "-1.5"},
      {"-0", "-0"},
      {"12", "12"},
      {"a=b", "a=b"},
      {" =x", " =x"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    buf_reset(&b);
    csv_field(&b, cases[i].in, 1);
    assert_string_equal(buf_cstr(&b), cases[i].out);
  }
  buf_free(&b);
}

/* ---------------------------------------------------------------- json */

static int parse(const char *s, json_t **out, struct keel_err *e) {
  err_clear(e);
  return json_body_parse(s, strlen(s), out, e);
}

static void test_json_body_parse(void **state) {
  (void)state;
  json_t *v = NULL;
  struct keel_err e;
  assert_int_equal(parse("", &v, &e), KEEL_OK);
  assert_true(json_is_object(v));
  assert_int_equal(json_object_size(v), 0);
  json_decref(v);
  assert_int_equal(parse(" \r\n\t ", &v, &e), KEEL_OK);
  assert_true(json_is_object(v) && json_object_size(v) == 0);
  json_decref(v);
  assert_int_equal(json_body_parse(NULL, 0, &v, &e), KEEL_OK);
  assert_true(json_is_object(v));
  json_decref(v);

  assert_int_equal(parse("{\"a\": 1, \"b\": [true, null]}", &v, &e), KEEL_OK);
  assert_int_equal(json_integer_value(json_object_get(v, "a")), 1);
  json_decref(v);

  /* Malformed: position in the message. */
  assert_int_equal(parse("{\n  \"a\": tru\n}", &v, &e), KEEL_EPARSE);
  assert_null(v);
  assert_non_null(strstr(e.msg, "line 2, column "));
  assert_int_equal(parse("{\"a\":", &v, &e), KEEL_EPARSE);
  assert_non_null(strstr(e.msg, "line 1, column "));
  assert_int_equal(parse("{} trailing", &v, &e), KEEL_EPARSE);
  assert_null(v);
  assert_non_null(strstr(e.msg, "line "));
  /* Duplicate keys, non-object tops. */
  assert_int_equal(parse("{\"a\":1,\"a\":2}", &v, &e), KEEL_EPARSE);
  assert_null(v);
  assert_int_equal(parse("[1,2]", &v, &e), KEEL_EPARSE);
  assert_null(v);
  assert_non_null(strstr(e.msg, "line 1, column 1"));
  assert_int_equal(parse("42", &v, &e), KEEL_EPARSE);
  assert_int_equal(parse("\"x\"", &v, &e), KEEL_EPARSE);
  assert_int_equal(parse("null", &v, &e), KEEL_EPARSE);
  /* Invalid UTF-8 inside a string. */
  assert_int_equal(parse("{\"a\":\"\xff\"}", &v, &e), KEEL_EPARSE);
  /* An escaped NUL is refused in words, not in jansson's flag names. */
  assert_int_equal(parse("{\"a\":\"x\\u0000y\"}", &v, &e), KEEL_EPARSE);
  assert_null(v);
  assert_non_null(strstr(e.msg, "NUL character"));
  assert_null(strstr(e.msg, "JSON_ALLOW_NUL"));
}

/* Builds {"a":{"a":...{"a":1}...}} with `levels` objects. */
static void nested(buf *b, int levels, int arrays) {
  buf_reset(b);
  for (int i = 0; i < levels; i++) {
    if (i == 0 || !arrays) buf_puts(b, i ? "{\"a\":" : "{\"a\":");
    else buf_puts(b, "[");
  }
  buf_puts(b, "1");
  for (int i = levels - 1; i >= 0; i--) buf_puts(b, i == 0 || !arrays ? "}" : "]");
}

static void test_json_depth(void **state) {
  (void)state;
  buf b;
  buf_init(&b, 0);
  json_t *v = NULL;
  struct keel_err e;
  nested(&b, JSON_MAX_DEPTH, 0);
  assert_int_equal(parse(buf_cstr(&b), &v, &e), KEEL_OK);
  json_decref(v);
  nested(&b, JSON_MAX_DEPTH + 1, 0);
  assert_int_equal(parse(buf_cstr(&b), &v, &e), KEEL_EPARSE);
  assert_null(v);
  assert_non_null(strstr(e.msg, "deeper"));
  nested(&b, JSON_MAX_DEPTH, 1);
  assert_int_equal(parse(buf_cstr(&b), &v, &e), KEEL_OK);
  json_decref(v);
  nested(&b, JSON_MAX_DEPTH + 1, 1);
  assert_int_equal(parse(buf_cstr(&b), &v, &e), KEEL_EPARSE);
  nested(&b, 500, 1);
  assert_int_equal(parse(buf_cstr(&b), &v, &e), KEEL_EPARSE);
  assert_null(v);
  buf_free(&b);
}

struct rice_in {
  double reach, effort;
  int64_t impact;
  const char *note;
  int flag;
  json_t *obj, *arr;
  int p_reach, p_note;
};

static int read_into(const char *text, const char *prefix, unsigned note_flags, struct rice_in *r,
                     struct keel_err *e) {
  json_t *v = NULL;
  err_clear(e);
  int rc = json_body_parse(text, strlen(text), &v, e);
  assert_int_equal(rc, KEEL_OK);
  const struct jfield fields[] = {
      {"reach", JK_NUMBER, JF_REQUIRED, &r->reach, &r->p_reach},
      {"impact", JK_INT, 0, &r->impact, NULL},
      {"effort", JK_NUMBER, 0, &r->effort, NULL},
      {"note", JK_STRING, note_flags, &r->note, &r->p_note},
      {"flag", JK_BOOL, 0, &r->flag, NULL},
      {"obj", JK_OBJECT, JF_NULLABLE, &r->obj, NULL},
      {"arr", JK_ARRAY, 0, &r->arr, NULL},
  };
  rc = json_read(v, fields, sizeof fields / sizeof fields[0], prefix, e);
  json_decref(v); /* the tests below only look at scalars after this */
  return rc;
}

static void test_json_read(void **state) {
  (void)state;
  struct keel_err e;
  struct rice_in r;

  memset(&r, 0, sizeof r);
  r.effort = -7; /* untouched when absent */
  assert_int_equal(read_into("{\"reach\": 450, \"impact\": 3, \"flag\": true, \"note\": \"hi\"}", "", 0, &r, &e),
                   KEEL_OK);
  assert_true(r.reach == 450.0);
  assert_int_equal(r.impact, 3);
  assert_int_equal(r.flag, 1);
  assert_true(r.effort == -7);
  assert_int_equal(r.p_reach, 1);
  assert_int_equal(r.p_note, 1);
  assert_null(r.obj);

  /* Reals for JK_NUMBER. */
  memset(&r, 0, sizeof r);
  assert_int_equal(read_into("{\"reach\": 0.5, \"effort\": 2}", "", 0, &r, &e), KEEL_OK);
  assert_true(r.reach == 0.5);
  assert_true(r.effort == 2.0);
  assert_int_equal(r.p_note, 0);

  /* Unknown fields: all named in the message, the first in e.field. */
  memset(&r, 0, sizeof r);
  assert_int_equal(read_into("{\"reach\":1,\"bogus\":1,\"other\":2,\"zzz\":null}", "rice.", 0, &r, &e), KEEL_EUNKNOWN);
  assert_int_equal(e.rc, KEEL_EUNKNOWN);
  assert_string_equal(e.field, "rice.bogus");
  assert_non_null(strstr(e.msg, "unknown fields"));
  assert_non_null(strstr(e.msg, "rice.bogus"));
  assert_non_null(strstr(e.msg, "rice.other"));
  assert_non_null(strstr(e.msg, "rice.zzz"));
  assert_null(strstr(e.msg, "reach"));
  /* A single unknown field reads in the singular. */
  assert_int_equal(read_into("{\"reach\":1,\"colour\":\"red\"}", "", 0, &r, &e), KEEL_EUNKNOWN);
  assert_string_equal(e.field, "colour");
  assert_non_null(strstr(e.msg, "unknown field: colour"));
  /* Unknown fields are reported before missing required ones. */
  assert_int_equal(read_into("{\"x\":1}", "", 0, &r, &e), KEEL_EUNKNOWN);

  /* Missing required field. */
  assert_int_equal(read_into("{\"impact\":1}", "rice.", 0, &r, &e), KEEL_EINVAL);
  assert_string_equal(e.field, "rice.reach");
  assert_non_null(strstr(e.msg, "rice.reach is required"));

  /* Wrong types. */
  assert_int_equal(read_into("{\"reach\":\"many\"}", "rice.", 0, &r, &e), KEEL_EINVAL);
  assert_string_equal(e.field, "rice.reach");
  assert_non_null(strstr(e.msg, "must be a number"));
  assert_int_equal(read_into("{\"reach\":1,\"impact\":1.5}", "", 0, &r, &e), KEEL_EINVAL);
  assert_string_equal(e.field, "impact");
  assert_non_null(strstr(e.msg, "impact must be an integer"));
  assert_int_equal(read_into("{\"reach\":1,\"flag\":1}", "", 0, &r, &e), KEEL_EINVAL);
  assert_string_equal(e.field, "flag");
  assert_non_null(strstr(e.msg, "must be true or false"));
  assert_int_equal(read_into("{\"reach\":1,\"note\":5}", "", 0, &r, &e), KEEL_EINVAL);
  assert_non_null(strstr(e.msg, "must be a string"));
  assert_int_equal(read_into("{\"reach\":1,\"arr\":{}}", "", 0, &r, &e), KEEL_EINVAL);
  assert_non_null(strstr(e.msg, "must be an array"));
  assert_int_equal(read_into("{\"reach\":1,\"obj\":[]}", "", 0, &r, &e), KEEL_EINVAL);
  assert_non_null(strstr(e.msg, "must be an object"));
  assert_int_equal(read_into("{\"reach\":true}", "", 0, &r, &e), KEEL_EINVAL);

  /* null: only with JF_NULLABLE, and only for pointer kinds. */
  assert_int_equal(read_into("{\"reach\":1,\"note\":null}", "", 0, &r, &e), KEEL_EINVAL);
  assert_string_equal(e.field, "note");
  assert_non_null(strstr(e.msg, "not null"));
  memset(&r, 0, sizeof r);
  r.note = "before";
  assert_int_equal(read_into("{\"reach\":1,\"note\":null,\"obj\":null}", "", JF_NULLABLE, &r, &e), KEEL_OK);
  assert_null(r.note);
  assert_int_equal(r.p_note, 1);
  assert_null(r.obj);
  assert_int_equal(read_into("{\"reach\":null}", "", 0, &r, &e), KEEL_EINVAL);
  assert_string_equal(e.field, "reach");
  assert_int_equal(read_into("{\"reach\":1,\"impact\":null}", "rice.", 0, &r, &e), KEEL_EINVAL);
  assert_string_equal(e.field, "rice.impact");
}

/* ---------------------------------------------------------------- crypto */

static void test_tokens(void **state) {
  (void)state;
  assert_int_equal(crypto_init(), 0);
  char t1[TOKEN_STR_LEN], t2[TOKEN_STR_LEN];
  token_generate(t1);
  token_generate(t2);
  assert_int_equal(strlen(t1), 43);
  assert_int_equal(strlen(t2), 43);
  assert_string_not_equal(t1, t2);
  for (size_t i = 0; i < 43; i++)
    assert_non_null(strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", t1[i]));

  char h[TOKEN_HASH_HEX_LEN], h2[TOKEN_HASH_HEX_LEN];
  token_hash("", 0, h);
  assert_string_equal(h, "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8"); /* BLAKE2b-256("") */
  token_hash("abc", 3, h);
  assert_string_equal(h, "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319"); /* BLAKE2b-256("abc") */
  token_hash(t1, strlen(t1), h);
  token_hash(t1, strlen(t1), h2);
  assert_int_equal(strlen(h), 64);
  assert_string_equal(h, h2);
  assert_int_equal(strspn(h, "0123456789abcdef"), 64);
  token_hash(t2, strlen(t2), h2);
  assert_string_not_equal(h, h2);

  assert_true(ct_equal("abcd", "abcd", 4));
  assert_false(ct_equal("abcd", "abce", 4));
  assert_true(ct_equal("abcd", "abce", 3));
}

static void test_passwords(void **state) {
  (void)state;
  assert_int_equal(crypto_init(), 0);
  char h1[PASSWORD_HASH_LEN], h2[PASSWORD_HASH_LEN];
  const char *pw = "correct horse battery staple";
  assert_int_equal(password_hash(pw, strlen(pw), h1), 0);
  assert_int_equal(password_hash(pw, strlen(pw), h2), 0);
  assert_int_equal(strncmp(h1, "$argon2id$", 10), 0);
  assert_string_not_equal(h1, h2); /* salted */
  assert_true(password_verify(h1, pw, strlen(pw)));
  assert_true(password_verify(h2, pw, strlen(pw)));
  assert_false(password_verify(h1, "correct horse battery stapl", strlen(pw) - 1));
  assert_false(password_verify(h1, "Correct horse battery staple", strlen(pw)));
  assert_false(password_verify(h1, "", 0));
  assert_false(password_verify("not a hash", pw, strlen(pw)));
  /* The length, not a NUL, ends the password. */
  assert_false(password_verify(h1, pw, 7));
}

/* ---------------------------------------------------------------- err */

static void test_err(void **state) {
  (void)state;
  static const char *const names[KEEL_RC_COUNT] = {
      "ok", "invalid", "malformed", "unknown_field", "not_found", "unauthenticated", "forbidden",
      "stale_version", "version_required", "already_exists", "conflict", "too_large", "throttled", "busy",
      "database_error", "io_error", "internal_error", "method_not_allowed"};
  for (int rc = 0; rc < KEEL_RC_COUNT; rc++) assert_string_equal(err_code_name(rc), names[rc]);
  assert_string_equal(err_code_name(KEEL_ENOTFOUND), "not_found");
  assert_string_equal(err_code_name(-1), "internal_error");
  assert_string_equal(err_code_name(KEEL_RC_COUNT), "internal_error");
  assert_string_equal(err_code_name(1000), "internal_error");

  struct keel_err e;
  err_clear(&e);
  assert_int_equal(err_set(&e, KEEL_EINVAL, "title", "title is %s", "bad"), KEEL_EINVAL);
  assert_int_equal(e.rc, KEEL_EINVAL);
  assert_string_equal(e.field, "title");
  assert_string_equal(e.msg, "title is bad");
  assert_int_equal(err_set(&e, KEEL_EPERM, NULL, "no"), KEEL_EPERM);
  assert_string_equal(e.field, "");
  assert_int_equal(err_set(NULL, KEEL_EDB, NULL, "x"), KEEL_EDB);
  /* Long messages are truncated, never overflow. */
  char longmsg[2000];
  memset(longmsg, 'm', sizeof longmsg - 1);
  longmsg[sizeof longmsg - 1] = '\0';
  err_set(&e, KEEL_EINVAL, longmsg, "%s", longmsg);
  assert_int_equal(strlen(e.msg), KEEL_ERR_MSG_MAX - 1);
  assert_int_equal(strlen(e.field), KEEL_ERR_FIELD_MAX - 1);
  err_clear(&e);
  assert_int_equal(e.rc, 0);
  assert_string_equal(e.msg, "");
}

/* ---------------------------------------------------------------- time, markdown */

static void test_time(void **state) {
  (void)state;
  char iso[TIME_ISO_LEN];
  time_iso(0, iso);
  assert_string_equal(iso, "1970-01-01T00:00:00Z");
  time_iso(1700000000, iso);
  assert_string_equal(iso, "2023-11-14T22:13:20Z");
  assert_true(time_now() > 1700000000);
  int64_t a = time_mono_ns(), b = time_mono_ns();
  assert_true(b >= a);

  struct {
    int64_t ago;
    const char *want;
  } cases[] = {
      {0, "just now"},         {59, "just now"},       {60, "1 min ago"},     {3599, "59 min ago"},
      {3600, "1 h ago"},       {86399, "23 h ago"},    {86400, "yesterday"},  {2 * 86400, "2 days ago"},
      {30 * 86400, "30 days ago"}, {-100, "just now"}, /* clocks disagree: never "in the future" */
  };
  buf bf;
  buf_init(&bf, 0);
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    buf_reset(&bf);
    time_ago(&bf, 1700000000, 1700000000 - cases[i].ago);
    assert_string_equal(buf_cstr(&bf), cases[i].want);
  }
  buf_reset(&bf);
  time_ago(&bf, 1700000000, 1700000000 - 40 * 86400);
  assert_string_equal(buf_cstr(&bf), "2023-10-05");
  buf_free(&bf);
}

static const char *render(buf *b, const char *md) {
  buf_reset(b);
  md_render(b, md, strlen(md));
  return buf_cstr(b);
}

static void test_markdown(void **state) {
  (void)state;
  md_init();
  buf b;
  buf_init(&b, 0);
  assert_non_null(strstr(render(&b, "# Title\n\n**bold**"), "<strong>bold</strong>"));
  /* Raw HTML and script never pass through. */
  const char *out = render(&b, "<script>alert(1)</script>\n\nHi <img src=x onerror=alert(1)>");
  assert_null(strstr(out, "<script"));
  assert_null(strstr(out, "<img"));
  assert_null(strstr(out, "onerror=alert"));
  /* javascript: links are dropped. */
  out = render(&b, "[click](javascript:alert(1)) and [x](JavaScript:alert(2)) ![i](javascript:alert(3))");
  assert_null(strstr(out, "avascript:alert"));
  assert_non_null(strstr(out, "<a href=\"\">click</a>"));
  out = render(&b, "[ok](https://example.com/a?b=1&c=2)");
  assert_non_null(strstr(out, "href=\"https://example.com/a?b=1&amp;c=2\""));
  /* GFM extensions. */
  assert_non_null(strstr(render(&b, "| a | b |\n|---|---|\n| 1 | 2 |\n"), "<table>"));
  assert_non_null(strstr(render(&b, "- [x] done\n- [ ] open\n"), "checkbox"));
  assert_non_null(strstr(render(&b, "~~gone~~"), "<del>gone</del>"));
  assert_non_null(strstr(render(&b, "see https://example.com now"), "<a href=\"https://example.com\""));
  /* Text is escaped. */
  assert_non_null(strstr(render(&b, "a < b & c"), "a &lt; b &amp; c"));
  buf_free(&b);
}

static void test_netaddr_list(void **state) {
  (void)state;
  struct netaddr_list l;
  struct keel_err e;
  assert_int_equal(netaddr_list_parse("127.0.0.1", &l, &e), KEEL_OK);
  assert_int_equal(l.n, 1);
  assert_true(netaddr_list_has(&l, "127.0.0.1"));
  assert_false(netaddr_list_has(&l, "127.0.0.2"));
  assert_false(netaddr_list_has(&l, "not an address"));
  assert_false(netaddr_list_has(&l, NULL));
  assert_int_equal(netaddr_list_parse(" 10.0.0.0/8 , 192.168.1.7,,127.0.0.1/32 ", &l, &e), KEEL_OK);
  assert_int_equal(l.n, 3);
  assert_true(netaddr_list_has(&l, "10.200.3.4"));
  assert_false(netaddr_list_has(&l, "11.0.0.1"));
  assert_true(netaddr_list_has(&l, "192.168.1.7"));
  assert_false(netaddr_list_has(&l, "192.168.1.8"));
  /* Host bits in the network are cleared; /0 is everything. */
  assert_int_equal(netaddr_list_parse("10.1.2.3/16", &l, &e), KEEL_OK);
  assert_true(netaddr_list_has(&l, "10.1.200.1"));
  assert_int_equal(netaddr_list_parse("0.0.0.0/0", &l, &e), KEEL_OK);
  assert_true(netaddr_list_has(&l, "203.0.113.9"));
  /* Refused, with the entry named. */
  const char *bad[] = {"", " , ", "localhost", "::1", "10.0.0.0/33", "10.0.0.0/", "10.0.0.0/x",
                       "10.0.0.1/8/8", "256.0.0.1", "1.2.3"};
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    err_clear(&e);
    assert_int_equal(netaddr_list_parse(bad[i], &l, &e), KEEL_EINVAL);
    assert_true(e.msg[0]);
  }
  assert_int_equal(netaddr_list_parse("127.0.0.1, localhost", &l, &e), KEEL_EINVAL);
  assert_non_null(strstr(e.msg, "localhost is not an IPv4 address"));
  char many[400] = "";
  for (int i = 0; i <= NETADDR_LIST_MAX; i++) snprintf(many + strlen(many), sizeof many - strlen(many), "10.0.0.%d,", i);
  assert_int_equal(netaddr_list_parse(many, &l, &e), KEEL_EINVAL);
}

static void test_netaddr_forwarded(void **state) {
  (void)state;
  struct netaddr_list l;
  struct keel_err e;
  char out[NETADDR_STRLEN];
  assert_int_equal(netaddr_list_parse("127.0.0.1,10.0.0.0/8", &l, &e), KEEL_OK);
  /* The rightmost address that is not a trusted proxy is the client. */
  assert_string_equal(netaddr_forwarded_client("203.0.113.5", &l, out), "203.0.113.5");
  assert_string_equal(netaddr_forwarded_client("198.51.100.1, 203.0.113.5, 10.1.1.1", &l, out), "203.0.113.5");
  assert_string_equal(netaddr_forwarded_client("203.0.113.5,127.0.0.1", &l, out), "203.0.113.5");
  /* A spoofed entry left of the real client is never reached. */
  assert_string_equal(netaddr_forwarded_client("127.0.0.1, 203.0.113.5", &l, out), "203.0.113.5");
  assert_string_equal(netaddr_forwarded_client("evil, 203.0.113.5", &l, out), "203.0.113.5");
  /* Canonical form; ports dropped; IPv6, bracketed or not. */
  assert_string_equal(netaddr_forwarded_client("203.0.113.5:4711", &l, out), "203.0.113.5");
  assert_string_equal(netaddr_forwarded_client("2001:DB8:0:0::1", &l, out), "2001:db8::1");
  assert_string_equal(netaddr_forwarded_client("[2001:db8::1]:443", &l, out), "2001:db8::1");
  assert_string_equal(netaddr_forwarded_client("[2001:db8::2]", &l, out), "2001:db8::2");
  assert_string_equal(netaddr_forwarded_client("::ffff:203.0.113.5", &l, out), "::ffff:203.0.113.5");
  /* No answer: the caller keeps the address it saw. */
  const char *none[] = {"", " ", ",", "127.0.0.1", "10.0.0.1, 127.0.0.1", "203.0.113.5, junk",
                        "203.0.113.5, ", "[2001:db8::1", "[2001:db8::1]x", "1.2.3.4.5", "::1::2",
                        "203.0.113.5,,127.0.0.1"};
  for (size_t i = 0; i < sizeof none / sizeof *none; i++) assert_null(netaddr_forwarded_client(none[i], &l, out));
  assert_null(netaddr_forwarded_client(NULL, &l, out));
  /* Chains longer than NETADDR_HOPS_MAX trusted hops are not followed. */
  char chain[1024] = "203.0.113.5";
  for (int i = 0; i < NETADDR_HOPS_MAX; i++) strcat(chain, ", 10.0.0.1");
  assert_null(netaddr_forwarded_client(chain, &l, out));
  char longest[NETADDR_HEADER_MAX + 16];
  memset(longest, ' ', sizeof longest - 1);
  longest[sizeof longest - 1] = '\0';
  memcpy(longest + sizeof longest - 12, "203.0.113.5", 11);
  assert_null(netaddr_forwarded_client(longest, &l, out));

  assert_true(netaddr_forwarded_https("https"));
  assert_true(netaddr_forwarded_https(" HTTPS "));
  assert_true(netaddr_forwarded_https("https, http"));
  assert_false(netaddr_forwarded_https("http"));
  assert_false(netaddr_forwarded_https("http, https"));
  assert_false(netaddr_forwarded_https("httpsx"));
  assert_false(netaddr_forwarded_https(""));
  assert_false(netaddr_forwarded_https(NULL));
}

/* ---------------------------------------------------------------- idset */

static void test_idset(void **state) {
  (void)state;
  arena *a = arena_new(1024);
  struct idset s;
  idset_init(&s, a);
  assert_int_equal(idset_has(&s, 1), 0);
  assert_int_equal(idset_add(&s, 0), -1); /* ids are positive */
  assert_int_equal(idset_add(&s, -5), -1);
  assert_int_equal(s.n, 0);
  /* Enough ids to grow the table several times, in an order that collides:
   * multiples of the table sizes. */
  for (int64_t i = 1; i <= 5000; i++) assert_int_equal(idset_add(&s, i * 64), 1);
  for (int64_t i = 1; i <= 5000; i++) assert_int_equal(idset_add(&s, i * 64), 0);
  assert_int_equal(s.n, 5000);
  for (int64_t i = 1; i <= 5000; i++) {
    assert_int_equal(idset_has(&s, i * 64), 1);
    assert_int_equal(idset_has(&s, i * 64 + 1), 0);
  }
  assert_true(s.cap >= 2 * s.n);                    /* never more than half full */
  assert_int_equal(idset_add(&s, INT64_MAX), 1);   /* the largest id */
  assert_int_equal(idset_has(&s, INT64_MAX), 1);
  arena_free(a);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_arena_many_allocs), cmocka_unit_test(test_arena_zalloc_realloc),
      cmocka_unit_test(test_arena_strings),     cmocka_unit_test(test_utf8_valid),
      cmocka_unit_test(test_utf8_count_prefix), cmocka_unit_test(test_form_basic),
      cmocka_unit_test(test_form_errors),       cmocka_unit_test(test_form_limits),
      cmocka_unit_test(test_csv),               cmocka_unit_test(test_json_body_parse),
      cmocka_unit_test(test_json_depth),        cmocka_unit_test(test_json_read),
      cmocka_unit_test(test_tokens),            cmocka_unit_test(test_passwords),
      cmocka_unit_test(test_err),               cmocka_unit_test(test_time),
      cmocka_unit_test(test_markdown),          cmocka_unit_test(test_netaddr_list),
      cmocka_unit_test(test_netaddr_forwarded), cmocka_unit_test(test_idset),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
