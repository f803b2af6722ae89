/* outbound.h — talking to other systems: an HTTP POST (webhooks) and an SMTP
 * submission (e-mail), over libcurl, the only place that uses it. Each call
 * is bounded by a connect timeout and a total timeout, follows no redirects
 * and speaks only the protocols named (http/https, smtp/smtps). Not for use
 * inside a database transaction. For app/ only. */
#ifndef KEEL_APP_OUTBOUND_H
#define KEEL_APP_OUTBOUND_H

#include <stddef.h>

enum { OUTBOUND_ERROR_MAX = 256, OUTBOUND_HEADERS_MAX = 8 };

struct outbound_result {
  long status;                     /* HTTP status, or the SMTP server's last reply code; 0 when none came */
  char error[OUTBOUND_ERROR_MAX];  /* why it failed, for the delivery record ("" on success) */
};

/* POSTs body[0..len) to url with headers ("Name: value", at most
 * OUTBOUND_HEADERS_MAX) and the User-Agent keel/VERSION. Returns 0 when a
 * response came back (whatever its status, in res->status), -1 when none did
 * (res->error says why: refused, timed out, bad TLS...). The response body is
 * read and dropped. */
int outbound_post(const char *url, const char *const *headers, size_t nheaders, const char *body, size_t len,
                  long connect_ms, long total_ms, struct outbound_result *res);

struct smtp_params {
  const char *url;      /* smtp://host[:port] or smtps://host[:port] */
  const char *user;     /* "" for none */
  const char *password; /* "" for none; with a password, smtp:// must upgrade with STARTTLS */
  const char *from;     /* envelope sender address */
  const char *to;       /* envelope recipient address */
};

/* Submits message[0..len) (a whole RFC 5322 message, CRLF line ends) over
 * SMTP. Returns 0 when the server accepted it, -1 otherwise (res->error and
 * res->status say why; the password is never part of the error). */
int outbound_smtp(const struct smtp_params *p, const char *message, size_t len, long connect_ms, long total_ms,
                  struct outbound_result *res);

#endif
