/* outbound.c — libcurl wrappers for webhooks (HTTP POST) and e-mail (SMTP). */
#include "app/outbound.h"

#include <curl/curl.h>
#include <stdio.h>
#include <string.h>

#include "app/app.h"

int app_outbound_init(void) { return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? 0 : -1; }

/* Drops a response body. */
static size_t discard(char *p, size_t size, size_t n, void *ctx) { return size * n; }

struct upload {
  const char *data;
  size_t len, off;
};

static size_t feed(char *out, size_t size, size_t n, void *ctx) {
  struct upload *u = ctx;
  size_t room = size * n, left = u->len - u->off;
  size_t k = left < room ? left : room;
  memcpy(out, u->data + u->off, k);
  u->off += k;
  return k;
}

/* Settings every call shares: no signals (threads), bounded time, no redirects. */
static void common(CURL *c, char *errbuf, long connect_ms, long total_ms) {
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, connect_ms);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, total_ms);
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(c, CURLOPT_NOPROGRESS, 1L);
}

static void describe(struct outbound_result *res, CURLcode cc, const char *errbuf) {
  snprintf(res->error, sizeof res->error, "%s", *errbuf ? errbuf : curl_easy_strerror(cc));
}

int outbound_post(const char *url, const char *const *headers, size_t nheaders, const char *body, size_t len,
                  long connect_ms, long total_ms, struct outbound_result *res) {
  memset(res, 0, sizeof *res);
  CURL *c = curl_easy_init();
  if (!c) {
    snprintf(res->error, sizeof res->error, "the HTTP client could not start");
    return -1;
  }
  char errbuf[CURL_ERROR_SIZE] = "";
  common(c, errbuf, connect_ms, total_ms);
  struct curl_slist *h = NULL;
  for (size_t i = 0; i < nheaders && i < OUTBOUND_HEADERS_MAX; i++) h = curl_slist_append(h, headers[i]);
  h = curl_slist_append(h, "Expect:"); /* send the body at once, without waiting for 100 Continue */
  curl_easy_setopt(c, CURLOPT_URL, url);
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_USERAGENT, "keel/" KEEL_VERSION);
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
  curl_easy_setopt(c, CURLOPT_POST, 1L);
  curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
  curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
  CURLcode cc = curl_easy_perform(c);
  int rc = 0;
  if (cc == CURLE_OK) curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &res->status);
  else {
    describe(res, cc, errbuf);
    rc = -1;
  }
  curl_slist_free_all(h);
  curl_easy_cleanup(c);
  return rc;
}

int outbound_smtp(const struct smtp_params *p, const char *message, size_t len, long connect_ms, long total_ms,
                  struct outbound_result *res) {
  memset(res, 0, sizeof *res);
  CURL *c = curl_easy_init();
  if (!c) {
    snprintf(res->error, sizeof res->error, "the SMTP client could not start");
    return -1;
  }
  char errbuf[CURL_ERROR_SIZE] = "";
  common(c, errbuf, connect_ms, total_ms);
  struct upload up = {message, len, 0};
  char from[300], to[300];
  snprintf(from, sizeof from, "<%s>", p->from);
  snprintf(to, sizeof to, "<%s>", p->to);
  struct curl_slist *rcpt = curl_slist_append(NULL, to);
  curl_easy_setopt(c, CURLOPT_URL, p->url);
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  if (p->user && *p->user) curl_easy_setopt(c, CURLOPT_USERNAME, p->user);
  if (p->password && *p->password) {
    curl_easy_setopt(c, CURLOPT_PASSWORD, p->password);
    curl_easy_setopt(c, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL); /* never a password in the clear */
  } else {
    curl_easy_setopt(c, CURLOPT_USE_SSL, (long)CURLUSESSL_TRY);
  }
  curl_easy_setopt(c, CURLOPT_MAIL_FROM, from);
  curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
  curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(c, CURLOPT_READFUNCTION, feed);
  curl_easy_setopt(c, CURLOPT_READDATA, &up);
  curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, (curl_off_t)len);
  CURLcode cc = curl_easy_perform(c);
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &res->status);
  int rc = 0;
  if (cc != CURLE_OK) {
    describe(res, cc, errbuf);
    rc = -1;
  }
  curl_slist_free_all(rcpt);
  curl_easy_cleanup(c);
  return rc;
}
