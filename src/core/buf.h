/* buf.h — growable byte buffer with a hard cap, and the escaping printf.
 *
 * buf_printf() understands the standard integer, double and char conversions
 * (%d %ld %lld %zu %x %c %f %g with flags, width and precision) and these:
 *
 *   %s  raw text                    %R  raw, trusted HTML (rendered Markdown, fragments)
 *   %h  HTML text, escaped          %a  HTML attribute value, escaped
 *   %u  URL component, %-encoded    %j  JSON string contents, escaped (no quotes)
 *   %J  JSON string with quotes, or null for a NULL pointer
 *   %N  JSON number (double): shortest text that reads back exactly; null if not finite
 *
 * String conversions accept a precision (%.*h takes an int length first). NULL
 * strings print as empty (except %J). html_printf() is the same engine for HTML
 * output: there %s escapes like %h, so forgetting to choose cannot inject
 * markup; a build check also rejects %s in HTML code. Neither function is
 * checked by the compiler's format checker, so each call site must pass exactly
 * the types listed above.
 *
 * A buf never grows past its limit: the write that would cross it is dropped and
 * the buf is marked overflowed, which callers turn into an error. */
#ifndef KEEL_CORE_BUF_H
#define KEEL_CORE_BUF_H

#include <stdarg.h>
#include <stddef.h>

enum { BUF_DEFAULT_LIMIT = 256 * 1024 * 1024 };

typedef struct buf {
  char *data;   /* NUL-terminated whenever len > 0; NULL before the first write */
  size_t len;
  size_t cap;
  size_t limit; /* 0 means BUF_DEFAULT_LIMIT */
  int overflow; /* set once a write was dropped because of the limit */
} buf;

/* Prepares b with the given size limit (0 = default). No allocation happens yet. */
void buf_init(buf *b, size_t limit);

/* Releases b's memory; b may be reused after buf_init(). */
void buf_free(buf *b);

/* Empties b and clears the overflow mark, keeping its memory. */
void buf_reset(buf *b);

/* Makes sure n more bytes fit without reallocation (subject to the limit). */
void buf_reserve(buf *b, size_t n);

/* Appends n bytes. */
void buf_append(buf *b, const void *p, size_t n);

/* Appends a NUL-terminated string (NULL appends nothing). */
void buf_puts(buf *b, const char *s);

/* Appends one byte. */
void buf_putc(buf *b, int c);

/* Appends formatted text; see the conversions above. */
void buf_printf(buf *b, const char *fmt, ...);
void buf_vprintf(buf *b, const char *fmt, va_list ap);

/* Appends formatted HTML: like buf_printf, but %s escapes as %h. */
void html_printf(buf *b, const char *fmt, ...);

/* Escapers, also used by the conversions above. n is the input length. */
void buf_html_escape(buf *b, const char *s, size_t n);
void buf_url_escape(buf *b, const char *s, size_t n);
void buf_json_escape(buf *b, const char *s, size_t n);

/* Appends v as a JSON number (shortest exact form; "null" when not finite). */
void buf_json_num(buf *b, double v);

/* Returns the contents as a C string ("" when empty). Valid until the next write. */
const char *buf_cstr(const buf *b);

/* Returns the malloc'd contents (caller frees; never NULL) and leaves b empty. */
char *buf_detach(buf *b, size_t *len);

#endif
