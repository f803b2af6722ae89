/* buf.c — growable buffer and the escaping printf engine. */
#include "core/buf.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/mem.h"

void buf_init(buf *b, size_t limit) {
  memset(b, 0, sizeof *b);
  b->limit = limit ? limit : BUF_DEFAULT_LIMIT;
}

void buf_free(buf *b) {
  free(b->data);
  size_t limit = b->limit;
  memset(b, 0, sizeof *b);
  b->limit = limit;
}

void buf_reset(buf *b) {
  b->len = 0;
  b->overflow = 0;
  if (b->data) b->data[0] = '\0';
}

/* Returns 1 when n more bytes (plus the NUL) fit, growing the buffer as needed. */
static int buf_grow(buf *b, size_t n) {
  size_t limit = b->limit ? b->limit : BUF_DEFAULT_LIMIT;
  if (b->overflow) return 0;
  if (n > limit || b->len > limit - n) {
    b->overflow = 1;
    return 0;
  }
  size_t need = b->len + n + 1;
  if (need <= b->cap) return 1;
  size_t cap = b->cap ? b->cap : 256;
  while (cap < need) cap *= 2;
  /* Never hold more than limit + 1 bytes, so the fast paths in buf_append and
   * buf_putc (which only compare with cap) cannot cross the limit. */
  if (cap > limit + 1) cap = limit + 1;
  b->data = xrealloc(b->data, cap);
  b->cap = cap;
  return 1;
}

void buf_reserve(buf *b, size_t n) { (void)buf_grow(b, n); }

void buf_append(buf *b, const void *p, size_t n) {
  if (n == 0) return;
  if (b->cap - b->len <= n || b->overflow) { /* slow path: grow, or hit the limit */
    if (!buf_grow(b, n)) return;
  }
  memcpy(b->data + b->len, p, n);
  b->len += n;
  b->data[b->len] = '\0';
}

void buf_puts(buf *b, const char *s) {
  if (s) buf_append(b, s, strlen(s));
}

void buf_putc(buf *b, int c) {
  if (b->cap - b->len <= 1 || b->overflow) {
    if (!buf_grow(b, 1)) return;
  }
  b->data[b->len++] = (char)c;
  b->data[b->len] = '\0';
}

const char *buf_cstr(const buf *b) { return b->data ? b->data : ""; }

char *buf_detach(buf *b, size_t *len) {
  char *d = b->data ? b->data : xstrdup("");
  if (len) *len = b->len;
  b->data = NULL;
  b->len = b->cap = 0;
  b->overflow = 0;
  return d;
}

/* Bytes that need escaping in HTML text and attributes: & < > " ' */
static const unsigned char html_special[256] = {['&'] = 1, ['<'] = 1, ['>'] = 1, ['"'] = 1, ['\''] = 1};

void buf_html_escape(buf *b, const char *s, size_t n) {
  size_t run = 0; /* start of the pending unescaped run */
  for (size_t i = 0; i < n; i++) {
    if (!html_special[(unsigned char)s[i]]) continue;
    const char *rep;
    switch (s[i]) {
    case '&': rep = "&amp;"; break;
    case '<': rep = "&lt;"; break;
    case '>': rep = "&gt;"; break;
    case '"': rep = "&quot;"; break;
    default: rep = "&#39;"; break;
    }
    buf_append(b, s + run, i - run);
    buf_puts(b, rep);
    run = i + 1;
  }
  buf_append(b, s + run, n - run);
}

void buf_url_escape(buf *b, const char *s, size_t n) {
  static const char hex[] = "0123456789ABCDEF";
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '_' || c == '.' || c == '~') {
      buf_putc(b, c);
    } else {
      char e[3] = {'%', hex[c >> 4], hex[c & 15]};
      buf_append(b, e, 3);
    }
  }
}

/* Bytes that need escaping in JSON strings: controls, '"', '\\' and DEL. */
static const unsigned char json_special[256] = {
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    ['"'] = 1, ['\\'] = 1, [0x7f] = 1};

void buf_json_escape(buf *b, const char *s, size_t n) {
  static const char hex[] = "0123456789abcdef";
  size_t run = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (!json_special[c]) continue;
    char esc[6];
    size_t elen = 2;
    esc[0] = '\\';
    if (c == '"' || c == '\\') esc[1] = (char)c;
    else if (c == '\n') esc[1] = 'n';
    else if (c == '\r') esc[1] = 'r';
    else if (c == '\t') esc[1] = 't';
    else {
      memcpy(esc, "\\u00", 4);
      esc[4] = hex[c >> 4];
      esc[5] = hex[c & 15];
      elen = 6;
    }
    buf_append(b, s + run, i - run);
    buf_append(b, esc, elen);
    run = i + 1;
  }
  buf_append(b, s + run, n - run);
}

/* Appends an integer in decimal without printf; negative when neg is set. */
static void put_uint(buf *b, unsigned long long u, int neg) {
  char tmp[24];
  size_t i = sizeof tmp;
  do {
    tmp[--i] = (char)('0' + u % 10);
    u /= 10;
  } while (u);
  if (neg) tmp[--i] = '-';
  buf_append(b, tmp + i, sizeof tmp - i);
}

static void put_int(buf *b, long long v) {
  put_uint(b, v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v, v < 0);
}

void buf_json_num(buf *b, double v) {
  char tmp[40];
  if (!isfinite(v)) {
    buf_puts(b, "null");
    return;
  }
  if (v == 0) {
    buf_putc(b, '0'); /* also folds -0 */
    return;
  }
  if (fabs(v) < 1e13) {
    if (v == floor(v)) {
      put_int(b, (long long)v);
      return;
    }
    /* Values with at most two decimals (0.25, 12.5, 83.33) without printf,
     * when that text reads back as exactly v. */
    double cents = v * 100;
    if (cents == floor(cents) && (double)(long long)cents / 100 == v) {
      long long c = (long long)cents;
      unsigned long long a = c < 0 ? 0ULL - (unsigned long long)c : (unsigned long long)c;
      put_uint(b, a / 100, c < 0);
      buf_putc(b, '.');
      buf_putc(b, (char)('0' + (a % 100) / 10));
      if (a % 10) buf_putc(b, (char)('0' + a % 10));
      return;
    }
  }
  for (int prec = 15; prec <= 17; prec++) {
    snprintf(tmp, sizeof tmp, "%.*g", prec, v);
    if (strtod(tmp, NULL) == v) break;
  }
  buf_puts(b, tmp);
}

/* The printf engine. html != 0 makes %s escape like %h. */
static void buf_format(buf *b, int html, const char *fmt, va_list ap) {
  const char *p = fmt;
  while (*p) {
    const char *pct = strchr(p, '%');
    if (!pct) {
      buf_puts(b, p);
      return;
    }
    buf_append(b, p, (size_t)(pct - p));
    p = pct + 1;

    /* Collect "%[flags][width][.precision][length]conv" for numeric pass-through. */
    char spec[32];
    size_t sl = 0;
    spec[sl++] = '%';
    while (*p && strchr("-+ #0", *p) && sl < 8) spec[sl++] = *p++;
    int width = -1, prec = -1;
    if (*p == '*') {
      width = va_arg(ap, int);
      p++;
    } else {
      while (*p >= '0' && *p <= '9' && sl < 16) spec[sl++] = *p++;
    }
    if (*p == '.') {
      p++;
      if (*p == '*') {
        prec = va_arg(ap, int);
        p++;
      } else {
        prec = 0;
        while (*p >= '0' && *p <= '9') prec = prec * 10 + (*p++ - '0');
      }
    }
    int lmod = 0; /* 1 = l, 2 = ll, 3 = z */
    if (*p == 'l') {
      lmod = 1;
      p++;
      if (*p == 'l') {
        lmod = 2;
        p++;
      }
    } else if (*p == 'z') {
      lmod = 3;
      p++;
    }
    char conv = *p ? *p++ : '\0';
    /* With a length modifier 'u' is the unsigned integer conversion (%zu %lu
     * %llu); a bare %u stays the URL escape. */
    if (conv == 'u' && lmod) conv = 'U';
    if (width >= 0) sl += (size_t)snprintf(spec + sl, sizeof spec - sl, "%d", width);
    if (prec >= 0 && sl < 20) sl += (size_t)snprintf(spec + sl, sizeof spec - sl, ".%d", prec);

    switch (conv) {
    case '%':
      buf_putc(b, '%');
      break;
    case 's': case 'R': case 'h': case 'a': case 'u': case 'j': case 'J': {
      const char *s = va_arg(ap, const char *);
      if (conv == 'J' && !s) {
        buf_puts(b, "null");
        break;
      }
      if (!s) s = "";
      size_t n = prec >= 0 ? strnlen(s, (size_t)prec) : strlen(s);
      if (conv == 's' && html) conv = 'h';
      switch (conv) {
      case 's': case 'R': buf_append(b, s, n); break;
      case 'h': case 'a': buf_html_escape(b, s, n); break;
      case 'u': buf_url_escape(b, s, n); break;
      case 'j': buf_json_escape(b, s, n); break;
      case 'J':
        buf_putc(b, '"');
        buf_json_escape(b, s, n);
        buf_putc(b, '"');
        break;
      }
      break;
    }
    case 'N':
      buf_json_num(b, va_arg(ap, double));
      break;
    case 'c':
      buf_putc(b, va_arg(ap, int));
      break;
    case 'd': case 'i': case 'x': case 'X': case 'o': case 'U': {
      if (sl == 1 && conv != 'x' && conv != 'X' && conv != 'o') { /* the common case, without printf */
        if (conv == 'U')
          put_uint(b, lmod == 1 ? va_arg(ap, unsigned long) : lmod == 2 ? va_arg(ap, unsigned long long)
                                                                          : (unsigned long long)va_arg(ap, size_t), 0);
        else if (lmod == 1) put_int(b, va_arg(ap, long));
        else if (lmod == 2) put_int(b, va_arg(ap, long long));
        else if (lmod == 3) put_int(b, (long long)va_arg(ap, size_t));
        else put_int(b, va_arg(ap, int));
        break;
      }
      char tmp[64];
      const char *lm = lmod == 1 ? "l" : lmod == 2 ? "ll" : lmod == 3 ? "z" : "";
      if (sl + strlen(lm) + 2 > sizeof spec) break;
      memcpy(spec + sl, lm, strlen(lm));
      sl += strlen(lm);
      spec[sl++] = conv == 'U' ? 'u' : conv;
      spec[sl] = '\0';
      int n;
      if (conv == 'U' && lmod == 1) n = snprintf(tmp, sizeof tmp, spec, va_arg(ap, unsigned long));
      else if (conv == 'U' && lmod == 2) n = snprintf(tmp, sizeof tmp, spec, va_arg(ap, unsigned long long));
      else if (lmod == 1) n = snprintf(tmp, sizeof tmp, spec, va_arg(ap, long));
      else if (lmod == 2) n = snprintf(tmp, sizeof tmp, spec, va_arg(ap, long long));
      else if (lmod == 3) n = snprintf(tmp, sizeof tmp, spec, va_arg(ap, size_t));
      else n = snprintf(tmp, sizeof tmp, spec, va_arg(ap, int));
      if (n > 0) buf_append(b, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
      break;
    }
    case 'f': case 'g': case 'e': {
      char tmp[128];
      spec[sl++] = conv;
      spec[sl] = '\0';
      int n = snprintf(tmp, sizeof tmp, spec, va_arg(ap, double));
      if (n > 0) buf_append(b, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
      break;
    }
    default:
      /* Unknown conversion: print it literally so the mistake is visible. */
      buf_putc(b, '%');
      if (conv) buf_putc(b, conv);
      if (!conv) return;
      break;
    }
  }
}

void buf_vprintf(buf *b, const char *fmt, va_list ap) {
  va_list cp;
  va_copy(cp, ap);
  buf_format(b, 0, fmt, cp);
  va_end(cp);
}

void buf_printf(buf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  buf_format(b, 0, fmt, ap);
  va_end(ap);
}

void html_printf(buf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  buf_format(b, 1, fmt, ap);
  va_end(ap);
}
