/* mail.h — plain-text e-mail messages as RFC 5322 wants them.
 *
 * Header values that are not plain ASCII become RFC 2047 encoded-words
 * (=?UTF-8?B?...?=), split on character boundaries and folded; control
 * characters in a value (CR and LF among them) become spaces, so no value can
 * add a header line of its own. Bodies are sent as 7bit when they are short
 * lines of ASCII, else quoted-printable; lines end in CRLF. */
#ifndef KEEL_CORE_MAIL_H
#define KEEL_CORE_MAIL_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/buf.h"

enum {
  MAIL_DATE_LEN = 40,      /* "Tue, 05 May 2026 10:00:00 +0000" plus NUL, with room */
  MAIL_LINE_MAX = 998,     /* RFC 5322's hard limit on a line, CRLF excluded */
  MAIL_WORD_BYTES = 39,    /* bytes of text per encoded-word: 52 base64 characters */
  MAIL_QP_LINE_MAX = 76,   /* quoted-printable line length (RFC 2045) */
};

struct mail_msg {
  const char *from_name; /* display name, may be NULL or "" */
  const char *from_addr; /* local@domain, printable ASCII */
  const char *to_addr;
  const char *subject;   /* UTF-8 */
  const char *body;      /* UTF-8 text; LF or CRLF line ends */
  int64_t date;          /* Unix seconds */
  const char *message_id; /* local@domain, without the angle brackets */
};

/* Appends "name: value" and CRLF, value written as an unstructured header
 * field body: as is when it is short printable ASCII, else as encoded-words,
 * one per folded line. */
void mail_header(buf *b, const char *name, const char *value);

/* Writes t as an RFC 5322 date in UTC ("Tue, 05 May 2026 10:00:00 +0000"). */
void mail_date(int64_t t, char out[MAIL_DATE_LEN]);

/* Splits a sender written "address" or "Name <address>" into its display
 * name ("" when none) and address, both in a. Returns 0, or -1 when the
 * angle brackets do not pair up. */
int mail_split_from(arena *a, const char *s, const char **name, const char **addr);

/* Appends the whole message: From, To, Subject, Date, Message-ID,
 * MIME-Version, Content-Type (text/plain; charset=utf-8),
 * Content-Transfer-Encoding and Auto-Submitted headers, a blank line and the
 * body, every line ending in CRLF and none longer than MAIL_LINE_MAX. */
void mail_compose(buf *b, const struct mail_msg *m);

#endif
