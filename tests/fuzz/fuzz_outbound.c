/* fuzz_outbound.c — libFuzzer target for what reaches other systems: webhook
 * URLs, event lists and secrets (domain/notify.c), workspace setting values
 * (domain/setting.c), and e-mail header values and senders (core/mail.c).
 *
 * The whole input is one text, tried on every parser. Checks (a violation
 * traps):
 *   - webhook_url_check accepts only http:// or https:// text of printable
 *     ASCII without spaces and without '@' before the path, else fails with
 *     KEEL_EINVAL on field "url";
 *   - webhook_events_parse gives a non-empty mask that survives
 *     webhook_events_format and a second parse, else KEEL_EINVAL on "events";
 *   - webhook_secret_check and setting_check fail only with KEEL_EINVAL;
 *   - mail_header writes only printable ASCII, CR only as part of CRLF, every
 *     CRLF but the last followed by a folding space, no line longer than
 *     MAIL_LINE_MAX: no value can add a header or break the message;
 *   - mail_split_from gives 0 with an address, or -1. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/mail.h"
#include "domain/notify.h"
#include "domain/setting.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond) \
  do {              \
    if (!(cond)) __builtin_trap(); \
  } while (0)

enum { FUZZ_INPUT_MAX = 8192 };

static int starts_nocase(const char *s, const char *pre) {
  for (; *pre; s++, pre++) {
    int c = (unsigned char)*s;
    if (c >= 'A' && c <= 'Z') c += 32;
    if (c != *pre) return 0;
  }
  return 1;
}

static void check_url(const char *s) {
  struct keel_err e = {0};
  int rc = webhook_url_check(s, &e);
  if (rc != KEEL_OK) {
    CHECK(rc == KEEL_EINVAL && strcmp(e.field, "url") == 0);
    return;
  }
  CHECK(starts_nocase(s, "http://") || starts_nocase(s, "https://"));
  const char *host = strstr(s, "://") + 3;
  int in_authority = 1;
  for (const char *p = s; *p; p++) {
    CHECK((unsigned char)*p > 0x20 && (unsigned char)*p < 0x7f);
    if (p >= host && (*p == '/' || *p == '?' || *p == '#')) in_authority = 0;
    if (p >= host && in_authority) CHECK(*p != '@');
  }
  CHECK(strlen(s) <= WEBHOOK_URL_MAX_CHARS);
}

static void check_events(const char *s) {
  struct keel_err e = {0};
  unsigned mask;
  int rc = webhook_events_parse(s, &mask, &e);
  if (rc != KEEL_OK) {
    CHECK(rc == KEEL_EINVAL && strcmp(e.field, "events") == 0);
    return;
  }
  CHECK(mask != 0);
  arena *a = arena_new(1024);
  unsigned again;
  CHECK(webhook_events_parse(webhook_events_format(a, mask), &again, &e) == KEEL_OK);
  CHECK(again == mask);
  arena_free(a);
}

static void check_header(const char *s) {
  buf b;
  buf_init(&b, 1 << 20);
  mail_header(&b, "Subject", s);
  const char *out = buf_cstr(&b);
  size_t n = b.len, line = 0;
  CHECK(n >= 2 && out[n - 2] == '\r' && out[n - 1] == '\n');
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)out[i];
    if (c == '\r') {
      CHECK(i + 1 < n && out[i + 1] == '\n');
      CHECK(i + 2 == n || out[i + 2] == ' ' || out[i + 2] == '\t');
      CHECK(line <= MAIL_LINE_MAX);
      line = 0;
      i++;
      continue;
    }
    CHECK(c != '\n');
    CHECK(c >= 0x20 && c < 0x7f);
    line++;
  }
  buf_free(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > FUZZ_INPUT_MAX) return 0;
  char *s = malloc(size + 1);
  if (!s) abort();
  if (size) memcpy(s, data, size);
  s[size] = '\0'; /* the text ends at its first NUL, as it would in a C string */

  check_url(s);
  check_events(s);
  struct keel_err e = {0};
  int rc = webhook_secret_check(s, &e);
  CHECK(rc == KEEL_OK || rc == KEEL_EINVAL);
  size_t nd;
  const struct setting_def *defs = setting_defs(&nd);
  for (size_t i = 0; i < nd; i++) {
    rc = setting_check(&defs[i], s, &e);
    CHECK(rc == KEEL_OK || rc == KEEL_EINVAL);
  }
  check_header(s);
  arena *a = arena_new(1024);
  const char *name = NULL, *addr = NULL;
  rc = mail_split_from(a, s, &name, &addr);
  CHECK(rc == 0 || rc == -1);
  if (rc == 0) CHECK(name && addr);
  arena_free(a);
  free(s);
  return 0;
}
