/* text.c — user text validation. */
#include "domain/text.h"

#include <string.h>

#include "core/utf8.h"

static int is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }

const char *text_trim(arena *a, const char *s) {
  if (!s) return NULL;
  while (is_space(*s)) s++;
  size_t n = strlen(s);
  while (n > 0 && is_space(s[n - 1])) n--;
  return arena_strndup(a, s, n);
}

static int check_common(const char *field, const char *s, size_t n, int multiline, struct keel_err *e) {
  if (!utf8_valid(s, n)) return err_set(e, KEEL_EINVAL, field, "%s is not valid UTF-8 text", field);
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == 0x7f || (c < 0x20 && !(multiline && (c == '\n' || c == '\r' || c == '\t'))))
      return err_set(e, KEEL_EINVAL, field, "%s contains a control character", field);
  }
  return KEEL_OK;
}

int text_check_line(const char *field, const char *s, size_t max_chars, int required,
                    struct keel_err *e) {
  size_t n = s ? strlen(s) : 0;
  if (n == 0) return required ? err_set(e, KEEL_EINVAL, field, "%s is required", field) : KEEL_OK;
  int rc = check_common(field, s, n, 0, e);
  if (rc) return rc;
  if (utf8_count(s, n) > max_chars)
    return err_set(e, KEEL_EINVAL, field, "%s is longer than %zu characters", field, max_chars);
  return KEEL_OK;
}

int text_check_body(const char *field, const char *s, size_t max_bytes, int required,
                    struct keel_err *e) {
  size_t n = s ? strlen(s) : 0;
  if (n == 0) return required ? err_set(e, KEEL_EINVAL, field, "%s is required", field) : KEEL_OK;
  if (n > max_bytes) return err_set(e, KEEL_EINVAL, field, "%s is longer than %zu bytes", field, max_bytes);
  return check_common(field, s, n, 1, e);
}

int email_check(const char *s, struct keel_err *e) {
  int rc = text_check_line("email", s, EMAIL_MAX_CHARS, 1, e);
  if (rc) return rc;
  const char *at = strchr(s, '@');
  if (!at || at == s || strchr(at + 1, '@') || strchr(s, ' ') || !strchr(at + 1, '.') ||
      at[1] == '.' || s[strlen(s) - 1] == '.')
    return err_set(e, KEEL_EINVAL, "email", "email must look like name@example.com");
  return KEEL_OK;
}
