/* fuzz_markdown.c — libFuzzer target for Markdown rendering (core/md.c).
 *
 * The input is Markdown source (a PRD, a comment). md_render turns it into
 * HTML in safe mode, and this file checks that the HTML is safe to embed:
 *   - no "<script" anywhere (any case);
 *   - every tag is one cmark-gfm itself writes (paragraphs, headings, lists,
 *     links, images, emphasis, code, quotes, rules, tables, strikethrough,
 *     task-list checkboxes) with only the attributes it writes, and the only
 *     comment is the "raw HTML omitted" placeholder — so raw HTML from the
 *     source never gets through;
 *   - no href or src starts with a javascript:, vbscript:, file: or data:
 *     scheme (data:image/png, gif, jpeg and webp excepted, as cmark allows),
 *     read the way a browser reads it: entities decoded, leading spaces and
 *     control characters skipped, tabs and newlines removed, any case;
 *   - the output holds no NUL byte.
 * A violation traps. */
#include <stdint.h>
#include <string.h>

#include "core/buf.h"
#include "core/md.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond) \
  do {              \
    if (!(cond)) __builtin_trap(); \
  } while (0)

static const char *const allowed_tags[] = {
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "a", "img", "em", "strong", "code",
    "pre", "blockquote", "hr", "br", "table", "thead", "tbody", "tr", "th", "td", "del", "input",
    NULL,
};

static const char *const allowed_attrs[] = {
    "href", "src", "alt", "title", "type", "checked", "disabled", "align", "start", "class", NULL,
};

static int in_list(const char *const *list, const char *s, size_t n) {
  for (size_t i = 0; list[i]; i++)
    if (strlen(list[i]) == n && memcmp(list[i], s, n) == 0) return 1;
  return 0;
}

static int lower(int c) { return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c; }

static int is_name_char(int c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
}

/* Returns 1 when s (NUL-terminated) contains needle, ignoring ASCII case. */
static int contains_nocase(const char *s, const char *needle) {
  size_t n = strlen(needle);
  for (; *s; s++) {
    size_t i = 0;
    while (i < n && s[i] && lower((unsigned char)s[i]) == needle[i]) i++;
    if (i == n) return 1;
  }
  return 0;
}

/* Decodes the HTML character reference at v[*i] ('&'), advancing *i past it.
 * Returns the code point, or '&' itself when it is not a reference. */
static long decode_entity(const char *v, size_t n, size_t *i) {
  size_t j = *i + 1;
  long cp = 0;
  if (j < n && v[j] == '#') {
    j++;
    int base = 10;
    if (j < n && (v[j] == 'x' || v[j] == 'X')) {
      base = 16;
      j++;
    }
    size_t digits = 0;
    for (; j < n; j++, digits++) {
      int c = lower((unsigned char)v[j]), d;
      if (c >= '0' && c <= '9') d = c - '0';
      else if (base == 16 && c >= 'a' && c <= 'f') d = c - 'a' + 10;
      else break;
      if (cp < 0x110000) cp = cp * base + d;
    }
    if (digits == 0) return '&';
    if (j < n && v[j] == ';') j++;
    *i = j;
    return cp;
  }
  static const struct {
    const char *name;
    long cp;
  } named[] = {{"amp;", '&'}, {"quot;", '"'}, {"lt;", '<'}, {"gt;", '>'}, {"apos;", '\''},
               {"tab;", '\t'}, {"newline;", '\n'}, {"colon;", ':'}};
  for (size_t k = 0; k < sizeof named / sizeof named[0]; k++) {
    size_t len = strlen(named[k].name);
    if (n - j >= len && memcmp(v + j, named[k].name, len) == 0) {
      *i = j + len;
      return named[k].cp;
    }
  }
  return '&';
}

/* Checks a URL attribute value v[0..n) as a browser would read its scheme. */
static void check_url(const char *v, size_t n) {
  char scheme[32];
  size_t m = 0, i = 0;
  int started = 0;
  while (i < n && m < sizeof scheme - 1) {
    long c;
    if (v[i] == '&') c = decode_entity(v, n, &i);
    else c = (unsigned char)v[i++];
    if (!started && c >= 0 && c <= 0x20) continue; /* leading C0 controls and spaces */
    started = 1;
    if (c == '\t' || c == '\n' || c == '\r') continue;
    scheme[m++] = (char)(c < 0x80 ? lower((int)c) : 0x80);
  }
  scheme[m] = '\0';
  CHECK(strncmp(scheme, "javascript:", 11) != 0);
  CHECK(strncmp(scheme, "vbscript:", 9) != 0);
  CHECK(strncmp(scheme, "file:", 5) != 0);
  if (strncmp(scheme, "data:", 5) == 0)
    CHECK(strncmp(scheme, "data:image/png", 14) == 0 || strncmp(scheme, "data:image/gif", 14) == 0 ||
          strncmp(scheme, "data:image/jpeg", 15) == 0 || strncmp(scheme, "data:image/webp", 15) == 0);
}

/* Checks the tag starting at html[*i] ('<') and moves *i past it. */
static void check_tag(const char *html, size_t len, size_t *i) {
  static const char omitted[] = "<!-- raw HTML omitted -->";
  size_t p = *i + 1;
  if (p < len && html[p] == '!') {
    CHECK(len - *i >= sizeof omitted - 1 && memcmp(html + *i, omitted, sizeof omitted - 1) == 0);
    *i += sizeof omitted - 1;
    return;
  }
  if (p < len && html[p] == '/') p++;
  size_t name = p;
  while (p < len && is_name_char((unsigned char)html[p])) p++;
  CHECK(p > name && in_list(allowed_tags, html + name, p - name));
  for (;;) {
    while (p < len && html[p] == ' ') p++;
    CHECK(p < len);
    if (html[p] == '>') break;
    if (html[p] == '/' && p + 1 < len && html[p + 1] == '>') {
      p++;
      break;
    }
    size_t an = p;
    while (p < len && is_name_char((unsigned char)html[p])) p++;
    CHECK(p > an && in_list(allowed_attrs, html + an, p - an));
    int is_url = (p - an == 4 && memcmp(html + an, "href", 4) == 0) ||
                 (p - an == 3 && memcmp(html + an, "src", 3) == 0);
    CHECK(p + 1 < len && html[p] == '=' && html[p + 1] == '"');
    p += 2;
    size_t v = p;
    while (p < len && html[p] != '"') {
      CHECK(html[p] != '<' && html[p] != '>');
      p++;
    }
    CHECK(p < len);
    if (is_url) check_url(html + v, p - v);
    p++;
  }
  *i = p + 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static int ready;
  if (!ready) {
    md_init();
    ready = 1;
  }
  buf out;
  buf_init(&out, 0);
  md_render(&out, (const char *)data, size);
  CHECK(!out.overflow);
  const char *html = buf_cstr(&out);
  CHECK(strlen(html) == out.len);
  CHECK(!contains_nocase(html, "<script"));
  for (size_t i = 0; i < out.len;) {
    if (html[i] == '<') check_tag(html, out.len, &i);
    else i++;
  }
  buf_free(&out);
  return 0;
}
