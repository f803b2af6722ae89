/* mail.c — composing plain-text e-mail: header encoding (RFC 2047), dates
 * (RFC 5322) and quoted-printable bodies (RFC 2045). */
#include "core/mail.h"

#include <sodium.h>
#include <string.h>
#include <time.h>

enum { HEADER_FOLD_AT = 78 };

static int printable_ascii(unsigned char c) { return c >= 0x20 && c < 0x7f; }

/* Appends one encoded-word holding s[0..n). */
static void encoded_word(buf *b, const unsigned char *s, size_t n) {
  char b64[sodium_base64_ENCODED_LEN(MAIL_WORD_BYTES, sodium_base64_VARIANT_ORIGINAL)];
  sodium_bin2base64(b64, sizeof b64, s, n, sodium_base64_VARIANT_ORIGINAL);
  buf_printf(b, "=?UTF-8?B?%s?=", b64);
}

/* Appends value as encoded-words, one per folded line; control characters become spaces. */
static void encode_words(buf *b, const unsigned char *v, size_t n) {
  unsigned char chunk[MAIL_WORD_BYTES];
  size_t i = 0;
  int first = 1;
  while (i < n || first) {
    size_t take = n - i < MAIL_WORD_BYTES ? n - i : MAIL_WORD_BYTES;
    /* Never split a UTF-8 sequence: back off continuation bytes. */
    if (i + take < n)
      while (take > 1 && (v[i + take] & 0xC0) == 0x80) take--;
    for (size_t k = 0; k < take; k++) chunk[k] = v[i + k] < 0x20 || v[i + k] == 0x7f ? ' ' : v[i + k];
    if (!first) buf_puts(b, "\r\n ");
    encoded_word(b, chunk, take);
    first = 0;
    i += take;
  }
}

void mail_header(buf *b, const char *name, const char *value) {
  const unsigned char *v = (const unsigned char *)(value ? value : "");
  size_t n = strlen((const char *)v);
  int plain = strlen(name) + 2 + n <= HEADER_FOLD_AT && !strstr((const char *)v, "=?");
  for (size_t i = 0; plain && i < n; i++)
    if (!printable_ascii(v[i])) plain = 0;
  buf_printf(b, "%s: ", name);
  if (plain) buf_append(b, v, n);
  else encode_words(b, v, n);
  buf_puts(b, "\r\n");
}

/* Appends an address, dropping anything that could end or break it. */
static void put_addr(buf *b, const char *addr) {
  for (const unsigned char *p = (const unsigned char *)(addr ? addr : ""); *p; p++)
    if (*p > 0x20 && *p < 0x7f && *p != '<' && *p != '>' && *p != ',') buf_putc(b, *p);
}

void mail_date(int64_t t, char out[MAIL_DATE_LEN]) {
  static const char *const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  time_t tt = (time_t)t;
  struct tm tm;
  gmtime_r(&tt, &tm);
  snprintf(out, MAIL_DATE_LEN, "%s, %02d %s %04d %02d:%02d:%02d +0000", days[tm.tm_wday % 7], tm.tm_mday,
           months[tm.tm_mon % 12], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

static const char *trimmed(arena *a, const char *s, size_t n) {
  while (n && (*s == ' ' || *s == '\t')) s++, n--;
  while (n && (s[n - 1] == ' ' || s[n - 1] == '\t')) n--;
  return arena_strndup(a, s, n);
}

int mail_split_from(arena *a, const char *s, const char **name, const char **addr) {
  const char *lt = strchr(s, '<');
  if (!lt) {
    if (strchr(s, '>')) return -1;
    *name = "";
    *addr = trimmed(a, s, strlen(s));
    return 0;
  }
  const char *gt = strchr(lt + 1, '>');
  if (!gt || memchr(s, '>', (size_t)(lt - s)) || memchr(lt + 1, '<', (size_t)(gt - lt - 1))) return -1;
  for (const char *q = gt + 1; *q; q++)
    if (*q != ' ' && *q != '\t') return -1;
  *name = trimmed(a, s, (size_t)(lt - s));
  size_t nn = strlen(*name);
  if (nn >= 2 && (*name)[0] == '"' && (*name)[nn - 1] == '"') *name = arena_strndup(a, *name + 1, nn - 2);
  *addr = trimmed(a, lt + 1, (size_t)(gt - lt - 1));
  return 0;
}

/* Appends "From: Name <addr>" with the name quoted, or encoded when it is not plain ASCII. */
static void from_header(buf *b, const char *name, const char *addr) {
  buf_puts(b, "From: ");
  if (name && *name) {
    size_t n = strlen(name);
    int plain = n <= 60;
    for (const unsigned char *p = (const unsigned char *)name; plain && *p; p++)
      if (!printable_ascii(*p) || *p == '"' || *p == '\\') plain = 0;
    if (plain) buf_printf(b, "\"%s\"", name);
    else encode_words(b, (const unsigned char *)name, n);
    buf_puts(b, " <");
    put_addr(b, addr);
    buf_puts(b, ">\r\n");
    return;
  }
  put_addr(b, addr);
  buf_puts(b, "\r\n");
}

/* Returns 1 when body can go as 7bit: ASCII text in lines of at most MAIL_LINE_MAX. */
static int body_is_7bit(const char *s) {
  size_t line = 0;
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    if (*p == '\n') {
      line = 0;
      continue;
    }
    if (*p == '\r' && p[1] == '\n') continue;
    if (*p != '\t' && !printable_ascii(*p)) return 0;
    if (++line > MAIL_LINE_MAX) return 0;
  }
  return 1;
}

/* Appends the body with CRLF line ends, as is. */
static void body_7bit(buf *b, const char *s) {
  for (const char *p = s; *p; p++) {
    if (*p == '\r' && p[1] == '\n') continue;
    if (*p == '\n') buf_puts(b, "\r\n");
    else buf_putc(b, *p);
  }
}

/* Appends the body quoted-printable, CRLF line ends, lines of at most MAIL_QP_LINE_MAX. */
static void body_qp(buf *b, const char *s) {
  static const char hex[] = "0123456789ABCDEF";
  size_t col = 0;
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    if (*p == '\r' && p[1] == '\n') continue;
    if (*p == '\n') {
      buf_puts(b, "\r\n");
      col = 0;
      continue;
    }
    int at_eol = p[1] == '\0' || p[1] == '\n' || (p[1] == '\r' && p[2] == '\n');
    int literal = (*p >= 33 && *p <= 126 && *p != '=') || ((*p == ' ' || *p == '\t') && !at_eol);
    size_t w = literal ? 1 : 3;
    if (col + w > MAIL_QP_LINE_MAX - 1) { /* leave room for the soft break's '=' */
      buf_puts(b, "=\r\n");
      col = 0;
    }
    if (literal) buf_putc(b, *p);
    else {
      char enc[3] = {'=', hex[*p >> 4], hex[*p & 15]};
      buf_append(b, enc, 3);
    }
    col += w;
  }
}

void mail_compose(buf *b, const struct mail_msg *m) {
  char date[MAIL_DATE_LEN];
  mail_date(m->date, date);
  from_header(b, m->from_name, m->from_addr);
  buf_puts(b, "To: ");
  put_addr(b, m->to_addr);
  buf_puts(b, "\r\n");
  mail_header(b, "Subject", m->subject);
  buf_printf(b, "Date: %s\r\nMessage-ID: <", date);
  put_addr(b, m->message_id);
  buf_puts(b, ">\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n");
  const char *body = m->body ? m->body : "";
  int plain = body_is_7bit(body);
  buf_printf(b, "Content-Transfer-Encoding: %s\r\nAuto-Submitted: auto-generated\r\n\r\n", plain ? "7bit" : "quoted-printable");
  if (plain) body_7bit(b, body);
  else body_qp(b, body);
  if (b->len < 2 || memcmp(b->data + b->len - 2, "\r\n", 2) != 0) buf_puts(b, "\r\n");
}
