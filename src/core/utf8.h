/* utf8.h — UTF-8 checks for text that arrives from users. */
#ifndef KEEL_CORE_UTF8_H
#define KEEL_CORE_UTF8_H

#include <stddef.h>

/* Returns 1 when s[0..n) is well-formed UTF-8 (no overlongs, no surrogates,
 * nothing above U+10FFFF), else 0. */
int utf8_valid(const char *s, size_t n);

/* Returns the number of code points in well-formed UTF-8 text s[0..n). */
size_t utf8_count(const char *s, size_t n);

/* Returns the byte length of the longest prefix of s[0..n) holding at most
 * max_chars code points, never splitting a character. */
size_t utf8_prefix(const char *s, size_t n, size_t max_chars);

#endif
