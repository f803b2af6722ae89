/* idea.c — idea rules, names and the triage transition table. */
#include "domain/idea.h"

#include <string.h>

#include "domain/text.h"

static const char *const status_names[IS_COUNT] = {"new", "under_review", "planned", "declined", "duplicate"};
static const char *const status_labels[IS_COUNT] = {"New", "Under review", "Planned", "Declined", "Duplicate"};
static const char *const source_names[SRC_COUNT] = {"customer", "sales", "support", "engineering", "leadership", "other"};
static const char *const source_labels[SRC_COUNT] = {"Customer", "Sales", "Support", "Engineering", "Leadership", "Other"};
static const char *const action_names[IA_COUNT] = {"review", "promote", "decline", "duplicate", "reopen"};

/* allowed[action][from]: may the action be taken from that status? */
static const unsigned char allowed[IA_COUNT][IS_COUNT] = {
    /*                new under_review planned declined duplicate */
    [IA_REVIEW] = {1, 0, 0, 0, 0},
    [IA_PROMOTE] = {1, 1, 0, 0, 0},
    [IA_DECLINE] = {1, 1, 0, 0, 0},
    [IA_DUPLICATE] = {1, 1, 0, 0, 0},
    [IA_REOPEN] = {0, 0, 1, 1, 1},
};
static const enum idea_status targets[IA_COUNT] = {IS_UNDER_REVIEW, IS_PLANNED, IS_DECLINED, IS_DUPLICATE,
                                                   IS_UNDER_REVIEW};

static int parse_name(const char *s, const char *const *names, int count) {
  for (int i = 0; s && i < count; i++)
    if (strcmp(s, names[i]) == 0) return i;
  return -1;
}

const char *idea_status_name(enum idea_status s) { return s < IS_COUNT ? status_names[s] : "new"; }
const char *idea_status_label(enum idea_status s) { return s < IS_COUNT ? status_labels[s] : "New"; }
const char *idea_source_name(enum idea_source s) { return s < SRC_COUNT ? source_names[s] : "other"; }
const char *idea_source_label(enum idea_source s) { return s < SRC_COUNT ? source_labels[s] : "Other"; }
const char *idea_action_name(enum idea_action a) { return a < IA_COUNT ? action_names[a] : "review"; }

int idea_status_parse(const char *s, enum idea_status *out) {
  int i = parse_name(s, status_names, IS_COUNT);
  if (i < 0) return -1;
  *out = (enum idea_status)i;
  return 0;
}

int idea_source_parse(const char *s, enum idea_source *out) {
  int i = parse_name(s, source_names, SRC_COUNT);
  if (i < 0) return -1;
  *out = (enum idea_source)i;
  return 0;
}

enum idea_status idea_action_target(enum idea_action a) { return a < IA_COUNT ? targets[a] : IS_NEW; }

int idea_action_check(enum idea_action a, enum idea_status from, struct keel_err *e) {
  if (a >= IA_COUNT || from >= IS_COUNT) return err_set(e, KEEL_EINTERNAL, NULL, "unknown idea action");
  if (allowed[a][from]) return KEEL_OK;
  if (a == IA_REOPEN) return err_set(e, KEEL_ECONFLICT, "status", "the idea is still open (%s); there is nothing to reopen", status_labels[from]);
  if (a == IA_REVIEW && from == IS_UNDER_REVIEW)
    return err_set(e, KEEL_ECONFLICT, "status", "the idea is already under review");
  return err_set(e, KEEL_ECONFLICT, "status", "the idea is %s; reopen it before you %s it", status_labels[from],
                 action_names[a]);
}

int idea_check(const struct idea *i, struct keel_err *e) {
  int rc = text_check_line("title", i->title, TITLE_MAX_CHARS, 1, e);
  if (!rc) rc = text_check_body("description", i->description, DESCRIPTION_MAX_BYTES, 0, e);
  if (!rc) rc = text_check_line("customer", i->customer, CUSTOMER_MAX_CHARS, 0, e);
  if (!rc && (i->source < 0 || i->source >= SRC_COUNT))
    rc = err_set(e, KEEL_EINVAL, "source", "unknown source");
  return rc;
}
