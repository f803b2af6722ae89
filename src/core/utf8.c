/* utf8.c — UTF-8 validation and counting (RFC 3629). */
#include "core/utf8.h"

int utf8_valid(const char *str, size_t n) {
  const unsigned char *s = (const unsigned char *)str;
  size_t i = 0;
  while (i < n) {
    unsigned char c = s[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    size_t len;
    unsigned int cp, min;
    if ((c & 0xE0) == 0xC0) {
      len = 2; cp = c & 0x1F; min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3; cp = c & 0x0F; min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4; cp = c & 0x07; min = 0x10000;
    } else {
      return 0;
    }
    if (n - i < len) return 0;
    for (size_t k = 1; k < len; k++) {
      if ((s[i + k] & 0xC0) != 0x80) return 0;
      cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    i += len;
  }
  return 1;
}

size_t utf8_count(const char *str, size_t n) {
  const unsigned char *s = (const unsigned char *)str;
  size_t count = 0;
  for (size_t i = 0; i < n; i++)
    if ((s[i] & 0xC0) != 0x80) count++;
  return count;
}

size_t utf8_prefix(const char *str, size_t n, size_t max_chars) {
  const unsigned char *s = (const unsigned char *)str;
  size_t chars = 0;
  for (size_t i = 0; i < n; i++) {
    if ((s[i] & 0xC0) != 0x80) {
      if (chars == max_chars) return i;
      chars++;
    }
  }
  return n;
}
