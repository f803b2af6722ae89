/* roles.c — the role ladder. */
#include "domain/roles.h"

#include <string.h>

static const char *const role_names[ROLE_COUNT] = {"none", "portal", "viewer", "contributor", "pm", "admin"};
static const enum role cap_roles[CAP_COUNT] = {ROLE_NONE, ROLE_PORTAL, ROLE_VIEWER, ROLE_CONTRIBUTOR, ROLE_PM, ROLE_ADMIN};
static const char *const cap_names[CAP_COUNT] = {"public", "portal", "read", "submit", "product", "admin"};

const char *role_name(enum role r) { return r >= 0 && r < ROLE_COUNT ? role_names[r] : "none"; }

int role_parse(const char *s, enum role *out) {
  for (int r = ROLE_PORTAL; r < ROLE_COUNT; r++)
    if (s && strcmp(s, role_names[r]) == 0) {
      *out = (enum role)r;
      return 0;
    }
  return -1;
}

enum role cap_min_role(enum cap c) { return c >= 0 && c < CAP_COUNT ? cap_roles[c] : ROLE_ADMIN; }

int role_allows(enum role r, enum cap c) {
  if (c == CAP_PUBLIC) return 1;
  return r != ROLE_NONE && r >= cap_min_role(c);
}

const char *cap_name(enum cap c) { return c >= 0 && c < CAP_COUNT ? cap_names[c] : "admin"; }
