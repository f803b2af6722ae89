/* competitor.c — checks for competitors and capability levels. */
#include "domain/competitor.h"

#include <string.h>

#include "domain/text.h"

static const char *const labels[] = {"none", "partial", "on par", "leading"};

const char *capability_level_label(int level) {
  return level >= LEVEL_MIN && level <= LEVEL_MAX ? labels[level] : "?";
}

int capability_level_parse(const char *s, int *out) {
  if (!s) return -1;
  if (s[0] >= '0' && s[0] <= '3' && s[1] == '\0') {
    *out = s[0] - '0';
    return 0;
  }
  static const char *const names[][2] = {{"none", "none"}, {"partial", "partial"}, {"on-par", "on par"}, {"leading", "leading"}};
  for (int i = 0; i <= LEVEL_MAX; i++)
    if (strcmp(s, names[i][0]) == 0 || strcmp(s, names[i][1]) == 0 || (i == 2 && strcmp(s, "on_par") == 0)) {
      *out = i;
      return 0;
    }
  return -1;
}

int capability_level_check(const char *field, int level, struct keel_err *e) {
  if (level < LEVEL_MIN || level > LEVEL_MAX)
    return err_set(e, KEEL_EINVAL, field, "%s must be 0 (none), 1 (partial), 2 (on par) or 3 (leading)", field);
  return KEEL_OK;
}

int competitor_check(const struct competitor *c, struct keel_err *e) {
  int rc = text_check_line("name", c->name, COMPETITOR_NAME_MAX, 1, e);
  if (!rc) rc = text_check_line("website", c->website, COMPETITOR_WEBSITE_MAX, 0, e);
  if (!rc && c->website && *c->website && strncmp(c->website, "http://", 7) != 0 && strncmp(c->website, "https://", 8) != 0)
    rc = err_set(e, KEEL_EINVAL, "website", "website must start with http:// or https://");
  if (!rc) rc = text_check_body("strengths", c->strengths, COMPETITOR_TEXT_MAX_BYTES, 0, e);
  if (!rc) rc = text_check_body("weaknesses", c->weaknesses, COMPETITOR_TEXT_MAX_BYTES, 0, e);
  return rc;
}

int capability_check(const struct capability *c, struct keel_err *e) {
  int rc = text_check_line("name", c->name, CAPABILITY_NAME_MAX, 1, e);
  if (!rc) rc = capability_level_check("ours", c->ours, e);
  if (!rc) rc = text_check_line("note", c->note, CAPABILITY_NOTE_MAX, 0, e);
  return rc;
}
