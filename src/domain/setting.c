/* setting.c — the table of workspace settings and their value checks. */
#include "domain/setting.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "domain/notify.h"
#include "domain/text.h"

/* In key order. */
static const struct setting_def defs[] = {
    {"import.max_bytes", SK_BYTES, "the largest file the web takes for an import (bytes; the CLI reads files up to 256 MiB)",
     "33554432", 1024, INT64_C(1073741824)},
    {"portal.anonymous", SK_BOOL, "let people without an account submit ideas in the customer portal (on or off)", "off", 0, 0},
    {"site.url", SK_SITE_URL, "the address people open Keel at, for links in e-mails (https://keel.example.com)", "", 0, 0},
    {"smtp.from", SK_FROM, "the sender of e-mails: keel@example.com or Keel <keel@example.com>", "", 0, 0},
    {"smtp.password", SK_SECRET, "the SMTP password (with smtp.user; needs TLS unless the server is smtps://)", "", 0, 0},
    {"smtp.url", SK_SMTP_URL, "the SMTP server that sends e-mail: smtp://host:587 (STARTTLS when offered) or smtps://host:465; unset: no e-mail", "", 0, 0},
    {"smtp.user", SK_TEXT, "the SMTP user name, when the server wants one", "", 0, 0},
    {"webhook.retry_seconds", SK_SECONDS, "the wait before the first retry of a failed webhook or e-mail; it doubles after each failure", "30", 1,
     DELIVERY_RETRY_SECONDS_MAX},
};

const struct setting_def *setting_find(const char *key) {
  for (size_t i = 0; key && i < sizeof defs / sizeof defs[0]; i++)
    if (strcmp(defs[i].key, key) == 0) return &defs[i];
  return NULL;
}

const struct setting_def *setting_defs(size_t *n) {
  *n = sizeof defs / sizeof defs[0];
  return defs;
}

int setting_bool(const char *v) {
  return v && (strcmp(v, "yes") == 0 || strcmp(v, "true") == 0 || strcmp(v, "on") == 0 || strcmp(v, "1") == 0);
}

static int host_port_ok(const char *p, const char *end) {
  const char *q = p;
  if (*q == '[') {
    while (q < end && *q != ']') q++;
    if (q >= end) return 0;
    q++;
  } else {
    for (; q < end && *q != ':'; q++)
      if (!((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') || (*q >= '0' && *q <= '9') || *q == '.' || *q == '-' || *q == '_'))
        return 0;
  }
  if (q == p) return 0;
  if (q < end) {
    if (*q != ':' || q + 1 == end) return 0;
    long v = 0;
    for (q++; q < end; q++) {
      if (*q < '0' || *q > '9' || v > 65535) return 0;
      v = v * 10 + (*q - '0');
    }
    if (v < 1 || v > 65535) return 0;
  }
  return 1;
}

static int smtp_url_ok(const char *s) {
  const char *p;
  if (strncmp(s, "smtp://", 7) == 0) p = s + 7;
  else if (strncmp(s, "smtps://", 8) == 0) p = s + 8;
  else return 0;
  const char *end = p + strlen(p);
  if (end > p && end[-1] == '/') end--;
  for (const char *q = p; q < end; q++)
    if (*q == '/' || *q == '@' || *q == '?' || *q == '#') return 0;
  return host_port_ok(p, end);
}

/* An address Keel writes into mail headers as is: printable ASCII, one '@',
 * none of the characters that end or quote an address. */
static int address_ok(const char *s, size_t n) {
  if (n == 0 || n > EMAIL_MAX_CHARS) return 0;
  int at = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c <= 0x20 || c >= 0x7f || strchr("<>()[]\\,;:\"", c)) return 0;
    if (c == '@') at++;
  }
  const char *a = memchr(s, '@', n);
  return at == 1 && a != s && a != s + n - 1;
}

static int from_ok(const char *s) {
  const char *lt = strchr(s, '<');
  if (!lt) return address_ok(s, strlen(s));
  const char *gt = strchr(lt, '>');
  if (!gt || gt[1] != '\0') return 0;
  for (const char *q = s; q < lt; q++)
    if (*q == '"' || *q == '>') return 0;
  return address_ok(lt + 1, (size_t)(gt - lt - 1));
}

int setting_check(const struct setting_def *def, const char *value, struct keel_err *e) {
  int rc = text_check_line("value", value, SETTING_VALUE_MAX_CHARS, 1, e);
  if (rc) return rc;
  switch (def->kind) {
  case SK_TEXT:
  case SK_SECRET:
    return KEEL_OK;
  case SK_BOOL:
    if (strcmp(value, "yes") && strcmp(value, "no") && strcmp(value, "true") && strcmp(value, "false") &&
        strcmp(value, "on") && strcmp(value, "off") && strcmp(value, "1") && strcmp(value, "0"))
      return err_set(e, KEEL_EINVAL, "value", "%s takes yes or no", def->key);
    return KEEL_OK;
  case SK_SECONDS: {
    char *end;
    errno = 0;
    long long v = strtoll(value, &end, 10);
    if (end == value || *end || errno || v < def->min || v > def->max)
      return err_set(e, KEEL_EINVAL, "value", "%s takes a whole number of seconds from %lld to %lld", def->key,
                     (long long)def->min, (long long)def->max);
    return KEEL_OK;
  }
  case SK_BYTES: {
    char *end;
    errno = 0;
    long long v = strtoll(value, &end, 10);
    if (end == value || *end || errno || v < def->min || v > def->max)
      return err_set(e, KEEL_EINVAL, "value", "%s takes a whole number of bytes from %lld to %lld", def->key,
                     (long long)def->min, (long long)def->max);
    return KEEL_OK;
  }
  case SK_SMTP_URL:
    if (!smtp_url_ok(value))
      return err_set(e, KEEL_EINVAL, "value",
                     "%s takes smtp://HOST[:PORT] or smtps://HOST[:PORT], without user or password (set smtp.user and smtp.password)",
                     def->key);
    return KEEL_OK;
  case SK_FROM:
    if (!from_ok(value))
      return err_set(e, KEEL_EINVAL, "value", "%s takes an address (keel@example.com) or a name and an address (Keel <keel@example.com>)",
                     def->key);
    return KEEL_OK;
  case SK_SITE_URL: {
    struct keel_err ignored;
    if (webhook_url_check(value, &ignored) != KEEL_OK)
      return err_set(e, KEEL_EINVAL, "value", "%s takes an http:// or https:// address, like https://keel.example.com", def->key);
    return KEEL_OK;
  }
  }
  return err_set(e, KEEL_EINTERNAL, NULL, "unknown setting kind");
}
