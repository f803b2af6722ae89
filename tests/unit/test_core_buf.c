/* test_core_buf.c — unit tests for core/buf: growth, the hard size limit,
 * buf_detach, the standard printf conversions and the escaping ones
 * (%h %a %u %j %J %N, precision forms) and html_printf. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"

/* Formats with buf_printf into a fresh unlimited buf and compares with want. */
static void check_fmt(const char *want, const char *fmt, ...) {
  buf b;
  buf_init(&b, 0);
  va_list ap;
  va_start(ap, fmt);
  buf_vprintf(&b, fmt, ap);
  va_end(ap);
  assert_int_equal(b.overflow, 0);
  assert_string_equal(buf_cstr(&b), want);
  assert_int_equal(b.len, strlen(want));
  buf_free(&b);
}

static void test_empty_and_init(void **state) {
  (void)state;
  buf b;
  buf_init(&b, 0);
  assert_null(b.data);
  assert_int_equal(b.len, 0);
  assert_int_equal(b.limit, BUF_DEFAULT_LIMIT);
  assert_string_equal(buf_cstr(&b), "");
  buf_puts(&b, NULL); /* appends nothing */
  buf_append(&b, "x", 0);
  assert_int_equal(b.len, 0);
  buf_free(&b);
  assert_int_equal(b.limit, BUF_DEFAULT_LIMIT); /* the limit survives buf_free */
}

static void test_growth(void **state) {
  (void)state;
  buf b;
  buf_init(&b, 0);
  /* 10000 single bytes force many reallocations; contents must survive all of them. */
  for (int i = 0; i < 10000; i++) buf_putc(&b, 'a' + i % 26);
  assert_int_equal(b.len, 10000);
  assert_true(b.cap > b.len);
  assert_int_equal(b.data[b.len], '\0');
  for (int i = 0; i < 10000; i++) assert_int_equal(b.data[i], 'a' + i % 26);
  assert_int_equal(strlen(buf_cstr(&b)), 10000);
  /* Appending a big block at once. */
  char big[70000];
  memset(big, 'z', sizeof big);
  buf_append(&b, big, sizeof big);
  assert_int_equal(b.len, 80000);
  assert_int_equal(b.data[79999], 'z');
  assert_int_equal(b.data[9999], 'a' + 9999 % 26);
  assert_int_equal(b.overflow, 0);
  buf_reset(&b);
  assert_int_equal(b.len, 0);
  assert_string_equal(buf_cstr(&b), "");
  buf_puts(&b, "again");
  assert_string_equal(buf_cstr(&b), "again");
  buf_free(&b);
}

static void test_limit(void **state) {
  (void)state;
  buf b;
  buf_init(&b, 10);
  buf_puts(&b, "12345");
  buf_puts(&b, "6789");
  assert_int_equal(b.len, 9);
  assert_int_equal(b.overflow, 0);
  buf_puts(&b, "AB"); /* would make 11 > 10: dropped whole */
  assert_int_equal(b.overflow, 1);
  assert_int_equal(b.len, 9);
  assert_string_equal(buf_cstr(&b), "123456789");
  /* Once overflowed, even writes that would fit are dropped. */
  buf_putc(&b, 'x');
  assert_int_equal(b.len, 9);
  assert_string_equal(buf_cstr(&b), "123456789");
  /* Reset clears the mark; exactly reaching the limit is allowed. */
  buf_reset(&b);
  assert_int_equal(b.overflow, 0);
  buf_puts(&b, "0123456789");
  assert_int_equal(b.overflow, 0);
  assert_int_equal(b.len, 10);
  assert_string_equal(buf_cstr(&b), "0123456789");
  buf_putc(&b, '!');
  assert_int_equal(b.overflow, 1);
  assert_int_equal(b.len, 10);
  buf_free(&b);

  /* printf output and escaping respect the limit too. */
  buf_init(&b, 16);
  buf_printf(&b, "%s", "this text is longer than sixteen bytes");
  assert_int_equal(b.overflow, 1);
  assert_true(b.len <= 16);
  buf_free(&b);

  buf_init(&b, 8);
  buf_html_escape(&b, "<<<<<", 5); /* 20 bytes of entities */
  assert_int_equal(b.overflow, 1);
  assert_true(b.len <= 8);
  assert_null(strchr(buf_cstr(&b), '<'));
  buf_free(&b);

  /* A single write larger than the limit on an empty buf. */
  buf_init(&b, 4);
  char big[100];
  memset(big, 'q', sizeof big);
  buf_append(&b, big, sizeof big);
  assert_int_equal(b.overflow, 1);
  assert_int_equal(b.len, 0);
  assert_string_equal(buf_cstr(&b), "");
  buf_free(&b);
}

static void test_detach(void **state) {
  (void)state;
  buf b;
  buf_init(&b, 0);
  buf_puts(&b, "hello");
  size_t n = 0;
  char *s = buf_detach(&b, &n);
  assert_int_equal(n, 5);
  assert_string_equal(s, "hello");
  assert_null(b.data);
  assert_int_equal(b.len, 0);
  assert_string_equal(buf_cstr(&b), "");
  free(s);
  /* The buf is usable again after detaching. */
  buf_puts(&b, "x");
  assert_string_equal(buf_cstr(&b), "x");
  buf_free(&b);
  /* Detaching an empty buf gives "" that the caller frees. */
  buf_init(&b, 0);
  s = buf_detach(&b, &n);
  assert_non_null(s);
  assert_int_equal(n, 0);
  assert_string_equal(s, "");
  free(s);
  s = buf_detach(&b, NULL);
  assert_string_equal(s, "");
  free(s);
}

static void test_standard_conversions(void **state) {
  (void)state;
  check_fmt("plain text", "plain text");
  check_fmt("a-b", "%s-%s", "a", "b");
  check_fmt("", "%s", (const char *)NULL);
  check_fmt("100%", "%d%%", 100);
  check_fmt("-42", "%d", -42);
  check_fmt("-2147483648", "%d", INT32_MIN);
  check_fmt("  7|7  |007", "%3d|%-3d|%03d", 7, 7, 7);
  check_fmt("+5", "%+d", 5);
  check_fmt("[   42]", "[%*d]", 5, 42);
  check_fmt("-9223372036854775808", "%lld", (long long)INT64_MIN);
  check_fmt("9223372036854775807", "%lld", (long long)INT64_MAX);
  check_fmt("123456789012", "%ld", 123456789012L);
  check_fmt("ff FF 0x1f", "%x %X %#x", 255u, 255u, 31u);
  check_fmt("deadbeefcafe", "%llx", 0xdeadbeefcafeULL);
  check_fmt("A", "%c", 'A');
  check_fmt("x=3.500000", "x=%f", 3.5);
  check_fmt("3.14", "%.2f", 3.14159);
  check_fmt("2.00", "%.2f", 1.999);
  check_fmt("0.1 1e+20 100000", "%g %g %g", 0.1, 1e20, 100000.0);
  check_fmt("1.5e+03", "%.1e", 1500.0);
  check_fmt("  2.5", "%5.1f", 2.5);
  /* A literal unknown conversion stays visible rather than eating an argument. */
  check_fmt("%y 5", "%y %d", 5);
}

static void test_size_t_conversion(void **state) {
  (void)state;
  /* %zu is documented; it must print a size_t, not be mistaken for %u (URL). */
  check_fmt("0", "%zu", (size_t)0);
  check_fmt("18446744073709551615", "%zu", SIZE_MAX);
  check_fmt("n=12345 ok", "n=%zu ok", (size_t)12345);
  check_fmt("4294967296", "%lu", 4294967296UL);
  check_fmt("18446744073709551615", "%llu", 18446744073709551615ULL);
}

static void test_html_escape(void **state) {
  (void)state;
  check_fmt("&amp;&lt;&gt;&quot;&#39;", "%h", "&<>\"'");
  check_fmt("&amp;&lt;&gt;&quot;&#39;", "%a", "&<>\"'");
  check_fmt("a &lt;b&gt; c", "%h", "a <b> c");
  check_fmt("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;", "%h", "<script>alert('x')</script>");
  check_fmt("caf\xc3\xa9 \xe2\x82\xac", "%h", "caf\xc3\xa9 \xe2\x82\xac"); /* UTF-8 passes through */
  check_fmt("", "%h", (const char *)NULL);
  check_fmt("&amp;amp;", "%h", "&amp;"); /* escaped again, never trusted */
  /* %R is raw, trusted HTML. */
  check_fmt("<b>x</b>", "%R", "<b>x</b>");
  /* The escaper on its own, with an explicit length. */
  buf b;
  buf_init(&b, 0);
  buf_html_escape(&b, "<a>&", 2);
  assert_string_equal(buf_cstr(&b), "&lt;a");
  buf_free(&b);
}

static void test_url_escape(void **state) {
  (void)state;
  check_fmt("AZaz09-_.~", "%u", "AZaz09-_.~");
  check_fmt("a%20b%26c%3Dd%2Fe%3F%23%25%2B", "%u", "a b&c=d/e?#%+");
  check_fmt("%C3%A9", "%u", "\xc3\xa9");
  check_fmt("", "%.*u", 5, ""); /* precision is a maximum: stops at the NUL */
  check_fmt("%21%2A%27%28%29%3B%3A%40%24%2C%5B%5D", "%u", "!*'();:@$,[]");
  check_fmt("%0A%7F%FF", "%u", "\n\x7f\xff");
  check_fmt("", "%u", (const char *)NULL);
}

static void test_json_escape(void **state) {
  (void)state;
  check_fmt("a\\\"b\\\\c", "%j", "a\"b\\c");
  check_fmt("\\n\\r\\t", "%j", "\n\r\t");
  check_fmt("\\u0001\\u001f\\u0008\\u000c\\u007f", "%j", "\x01\x1f\b\f\x7f");
  check_fmt("</script> & 'x'", "%j", "</script> & 'x'");
  check_fmt("caf\xc3\xa9", "%j", "caf\xc3\xa9");
  check_fmt("\"x\\\"y\"", "%J", "x\"y");
  check_fmt("null", "%J", (const char *)NULL);
  check_fmt("\"\"", "%J", "");
  check_fmt("", "%j", (const char *)NULL);
  check_fmt("{\"k\":\"v\\n\"}", "{%J:%J}", "k", "v\n");
}

static void test_json_number(void **state) {
  (void)state;
  check_fmt("0.1", "%N", 0.1);
  check_fmt("675", "%N", 675.0);
  check_fmt("-3", "%N", -3.0);
  check_fmt("0", "%N", 0.0);
  check_fmt("0", "%N", -0.0);
  check_fmt("null", "%N", (double)NAN);
  check_fmt("null", "%N", (double)INFINITY);
  check_fmt("null", "%N", -(double)INFINITY);
  check_fmt("0.25", "%N", 0.25);
  check_fmt("83.33333333333333", "%N", 250.0 / 3.0);
  check_fmt("1e+300", "%N", 1e300);
  check_fmt("123456789012345", "%N", 123456789012345.0);
  /* Every value must read back exactly. */
  const double vals[] = {0.1, 1.0 / 3.0, 2.0 / 3.0, 1e-7, 123.456, 5e-324, 1.7976931348623157e308, 0.30000000000000004,
                         -2.5e-10, 9007199254740993.0};
  for (size_t i = 0; i < sizeof vals / sizeof vals[0]; i++) {
    buf b;
    buf_init(&b, 0);
    buf_json_num(&b, vals[i]);
    char *end;
    double back = strtod(buf_cstr(&b), &end);
    assert_int_equal(*end, '\0');
    assert_true(back == vals[i]);
    assert_true(b.len <= 24);
    buf_free(&b);
  }
  /* Shortest: 0.3 must not come out as 0.29999999999999999. */
  check_fmt("0.3", "%N", 0.3);
  check_fmt("1.1", "%N", 1.1);
}

static void test_precision_strings(void **state) {
  (void)state;
  check_fmt("&lt;a", "%.*h", 2, "<ab>");
  check_fmt("ab", "%.*s", 2, "abcdef");
  check_fmt("abc", "%.3s", "abcdef");
  check_fmt("abc", "%.*s", 10, "abc"); /* precision beyond the string */
  check_fmt("%20", "%.*u", 1, " x");
  check_fmt("\\\"", "%.*j", 1, "\"\"");
  check_fmt("\"ab\"", "%.*J", 2, "abc");
  check_fmt("", "%.*s", 0, "abc");
  /* Precision must not read past it: the tail need not be terminated. */
  char raw[3] = {'x', 'y', 'z'};
  check_fmt("xy", "%.*s", 2, raw);
}

static void test_html_printf(void **state) {
  (void)state;
  buf b;
  buf_init(&b, 0);
  html_printf(&b, "<p title=\"%a\">%s and %h</p>", "\"q\"", "<b>bold</b>", "&");
  assert_string_equal(buf_cstr(&b), "<p title=\"&quot;q&quot;\">&lt;b&gt;bold&lt;/b&gt; and &amp;</p>");
  buf_reset(&b);
  /* %R stays raw in HTML mode (trusted fragments); %u still URL-encodes. */
  html_printf(&b, "<a href=\"/f/%u\">%R</a> %d", "A B", "<i>x</i>", 3);
  assert_string_equal(buf_cstr(&b), "<a href=\"/f/A%20B\"><i>x</i></a> 3");
  buf_reset(&b);
  html_printf(&b, "%.*s", 3, "<<<<<");
  assert_string_equal(buf_cstr(&b), "&lt;&lt;&lt;");
  buf_free(&b);
  /* buf_printf's %s is raw by contrast. */
  check_fmt("<b>", "%s", "<b>");
}

static void test_mixed_appends(void **state) {
  (void)state;
  buf b;
  buf_init(&b, 0);
  buf_printf(&b, "%d", 1);
  buf_printf(&b, "-%s-", "two");
  buf_putc(&b, '3');
  buf_printf(&b, "%J", "4");
  assert_string_equal(buf_cstr(&b), "1-two-3\"4\"");
  buf_free(&b);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_empty_and_init),   cmocka_unit_test(test_growth),
      cmocka_unit_test(test_limit),            cmocka_unit_test(test_detach),
      cmocka_unit_test(test_standard_conversions), cmocka_unit_test(test_size_t_conversion),
      cmocka_unit_test(test_html_escape),      cmocka_unit_test(test_url_escape),
      cmocka_unit_test(test_json_escape),      cmocka_unit_test(test_json_number),
      cmocka_unit_test(test_precision_strings), cmocka_unit_test(test_html_printf),
      cmocka_unit_test(test_mixed_appends),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
