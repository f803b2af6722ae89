/* feedback.c — feedback rules: channels, statuses, importance, tags, checks. */
#include "domain/feedback.h"

#include <ctype.h>
#include <string.h>

#include "core/json.h"
#include "core/utf8.h"
#include "domain/text.h"

static const char *const channel_names[FC_COUNT] = {"support", "survey", "interview", "sales_call",
                                                    "review",  "chat",   "email",     "other"};
static const char *const channel_labels[FC_COUNT] = {"Support ticket", "Survey", "Interview", "Sales call",
                                                     "Review",         "Chat",   "E-mail",    "Other"};
static const char *const status_names[FBS_COUNT] = {"inbox", "linked", "archived"};
static const char *const status_labels[FBS_COUNT] = {"Inbox", "Linked", "Archived"};
static const char *const importance_names[IMP_COUNT] = {"nice_to_have", "important", "critical"};
static const char *const importance_labels[IMP_COUNT] = {"Nice to have", "Important", "Critical"};

static int parse_name(const char *const *names, int n, const char *s, int *out) {
  for (int i = 0; s && i < n; i++)
    if (strcmp(names[i], s) == 0) {
      *out = i;
      return 0;
    }
  return -1;
}

const char *feedback_channel_name(enum feedback_channel c) { return c < FC_COUNT ? channel_names[c] : "other"; }
const char *feedback_channel_label(enum feedback_channel c) { return c < FC_COUNT ? channel_labels[c] : "Other"; }
int feedback_channel_parse(const char *s, enum feedback_channel *out) {
  int i;
  if (parse_name(channel_names, FC_COUNT, s, &i)) return -1;
  *out = (enum feedback_channel)i;
  return 0;
}

const char *feedback_status_name(enum feedback_status s) { return s < FBS_COUNT ? status_names[s] : "inbox"; }
const char *feedback_status_label(enum feedback_status s) { return s < FBS_COUNT ? status_labels[s] : "Inbox"; }
int feedback_status_parse(const char *s, enum feedback_status *out) {
  int i;
  if (parse_name(status_names, FBS_COUNT, s, &i)) return -1;
  *out = (enum feedback_status)i;
  return 0;
}

const char *importance_name(enum importance i) { return i < IMP_COUNT ? importance_names[i] : "important"; }
const char *importance_label(enum importance i) { return i < IMP_COUNT ? importance_labels[i] : "Important"; }
int importance_parse(const char *s, enum importance *out) {
  int i;
  if (parse_name(importance_names, IMP_COUNT, s, &i)) return -1;
  *out = (enum importance)i;
  return 0;
}

char *feedback_tag_normal(arena *a, const char *tag) {
  const char *t = text_trim(a, tag ? tag : "");
  size_t n = strlen(t);
  if (n == 0 || !utf8_valid(t, n)) return NULL;
  char *out = arena_alloc(a, n + 1);
  size_t k = 0, chars = 0;
  int gap = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)t[i];
    if (c == ' ' || c == '\t') {
      gap = 1;
      continue;
    }
    if (c < 0x80 && !isalnum(c) && !strchr("-_.:/", c)) return NULL;
    if (gap) {
      out[k++] = '-';
      chars++;
    }
    gap = 0;
    out[k++] = (char)(c < 0x80 ? tolower(c) : c);
    if ((c & 0xC0) != 0x80) chars++; /* count characters, not continuation bytes */
  }
  out[k] = '\0';
  return chars <= FEEDBACK_TAG_MAX ? out : NULL;
}

int feedback_check(const struct feedback *f, struct keel_err *e) {
  int rc = text_check_body("text", f->text, FEEDBACK_TEXT_MAX, 1, e);
  if (!rc) rc = text_check_line("reference", f->reference, FEEDBACK_REFERENCE_MAX, 0, e);
  if (!rc && (f->channel < 0 || f->channel >= FC_COUNT))
    rc = err_set(e, KEEL_EINVAL, "channel", "channel must be one of support, survey, interview, sales_call, "
                                             "review, chat, email, other");
  if (!rc && f->ntags > FEEDBACK_TAGS_MAX)
    rc = err_set(e, KEEL_EINVAL, "tags", "at most %d tags", FEEDBACK_TAGS_MAX);
  if (!rc && f->attributes && strcmp(f->attributes, "{}") != 0) {
    size_t n = strlen(f->attributes);
    json_t *v = NULL;
    struct keel_err je;
    if (n > FEEDBACK_ATTRIBUTES_MAX)
      rc = err_set(e, KEEL_EINVAL, "attributes", "attributes may hold at most %d bytes of JSON",
                   FEEDBACK_ATTRIBUTES_MAX);
    else if (json_body_parse(f->attributes, n, &v, &je))
      rc = err_set(e, KEEL_EINVAL, "attributes", "attributes must be a JSON object: %s", je.msg);
    json_decref(v);
  }
  return rc;
}

int feedback_link_check(const struct feedback_link *l, struct keel_err *e) {
  int rc = text_check_body("quote", l->quote, FEEDBACK_QUOTE_MAX, 0, e);
  if (!rc && (l->importance < 0 || l->importance >= IMP_COUNT))
    rc = err_set(e, KEEL_EINVAL, "importance", "importance must be nice_to_have, important or critical");
  if (!rc && !l->idea_id == !l->feature_id)
    rc = err_set(e, KEEL_EINVAL, "feature", "link to one idea or one feature");
  return rc;
}
