/* portal.c — who sees what in the customer portal, and how it reads. */
#include "domain/portal.h"

#include <string.h>

#include "domain/text.h"

int portal_setting_on(const char *v) {
  return v && (strcmp(v, "on") == 0 || strcmp(v, "yes") == 0 || strcmp(v, "true") == 0 || strcmp(v, "1") == 0);
}

int portal_visible(int is_public, int64_t submitted_by, int64_t reader_id) {
  return is_public || (reader_id != 0 && submitted_by == reader_id);
}

const char *portal_status_label(const struct portal_idea *i) {
  if (i->shipped) return "Shipped";
  if (i->merged) return "Merged";
  return idea_status_label(i->status);
}

const char *portal_author(int mine, int staff, const char *author_name) {
  if (mine) return "You";
  if (staff) return author_name && *author_name ? author_name : "The team";
  return "A customer";
}

const char *portal_title(const char *title, const char *public_title) {
  return public_title && *public_title ? public_title : title;
}

int portal_submitter_check(const char *name, const char *email, struct keel_err *e) {
  int rc = text_check_line("name", name, PORTAL_NAME_MAX_CHARS, 1, e);
  if (!rc) rc = email_check(email, e);
  return rc;
}
