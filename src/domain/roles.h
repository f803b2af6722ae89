/* roles.h — who may do what.
 *
 * Five roles, each including the one below it: a portal user (a customer's
 * person) sees only the customer portal — the ideas a PM published, their own
 * requests — and votes, comments and submits there; a viewer reads everything
 * inside; a contributor also submits ideas, votes and comments; a PM does all
 * product work; an admin also manages users. Routes and commands declare the
 * capability they need; app/ checks it for every operation, so the CLI, the
 * API and the pages agree. */
#ifndef KEEL_DOMAIN_ROLES_H
#define KEEL_DOMAIN_ROLES_H

enum role { ROLE_NONE = 0, ROLE_PORTAL, ROLE_VIEWER, ROLE_CONTRIBUTOR, ROLE_PM, ROLE_ADMIN, ROLE_COUNT };

enum cap {
  CAP_PUBLIC = 0, /* no sign-in needed */
  CAP_PORTAL,     /* the customer portal: portal users, and staff (who see it as a customer would) */
  CAP_READ,       /* any signed-in member of staff (viewer and up): everything inside */
  CAP_SUBMIT,     /* submit ideas, vote, comment */
  CAP_PRODUCT,    /* triage ideas, edit features, products and the board */
  CAP_ADMIN,      /* manage users */
  CAP_COUNT
};

/* Returns "portal", "viewer", "contributor", "pm", "admin" (or "none"). */
const char *role_name(enum role r);

/* Parses a role name. Returns 0 and *out, or -1 when s is not a role. */
int role_parse(const char *s, enum role *out);

/* Returns 1 when role r has capability c. */
int role_allows(enum role r, enum cap c);

/* Returns the least role holding c (ROLE_NONE for CAP_PUBLIC). */
enum role cap_min_role(enum cap c);

/* Returns the capability's name ("public", "portal", "read", "submit", "product", "admin"). */
const char *cap_name(enum cap c);

#endif
