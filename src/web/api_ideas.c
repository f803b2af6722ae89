/* api_ideas.c — /api/v1/ideas */
#include <string.h>

#include "web/api.h"
#include "web/handlers.h"

static void send_idea(struct req *r, int status, const struct idea *i) {
  repr_idea(&r->out, i, REPR_FULL);
  api_send(r, status, i->version);
}

int api_ideas_list(struct req *r) {
  static const char *const allowed[] = {"product", "status", "source", "feature", "mine", "q",
                                        "sort",    "after",  "limit",  "include", NULL};
  int with_description;
  int rc = api_check_query(r, allowed);
  if (!rc) rc = api_include(r, &with_description);
  if (rc) return rc;
  const char *mine = req_query(r, "mine");
  if (mine && strcmp(mine, "true") != 0 && strcmp(mine, "1") != 0 && strcmp(mine, "false") != 0 && strcmp(mine, "0") != 0)
    return err_set(&r->e, KEEL_EINVAL, "mine", "mine must be true or false");
  struct idea_list_in in = {
      .with_description = with_description,
      .product = req_query(r, "product"),
      .status = req_query(r, "status"),
      .source = req_query(r, "source"),
      .feature = req_query(r, "feature"),
      .mine = mine && (strcmp(mine, "true") == 0 || strcmp(mine, "1") == 0),
      .text = req_query(r, "q"),
      .sort = req_query(r, "sort"),
      .after = req_query(r, "after"),
      .limit = req_query(r, "limit"),
  };
  struct idea_page pg;
  rc = app_idea_list(&r->x, &in, &pg);
  if (rc) return rc;
  buf_puts(&r->out, "{\"items\":[");
  for (size_t i = 0; i < pg.n; i++) {
    if (i) buf_putc(&r->out, ',');
    repr_idea(&r->out, &pg.items[i], REPR_FULL);
  }
  buf_printf(&r->out, "],\"next\":%J}", pg.next);
  api_send(r, 200, 0);
  return KEEL_OK;
}

/* Reads an idea body; creating makes title and product required. */
static int idea_body(struct req *r, int creating, struct idea_input *in, json_t **body) {
  memset(in, 0, sizeof *in);
  const struct jfield f[] = {
      {"product", JK_STRING, creating ? JF_REQUIRED : 0, &in->product, NULL},
      {"title", JK_STRING, creating ? JF_REQUIRED : 0, &in->title, NULL},
      {"description", JK_STRING, 0, &in->description, NULL},
      {"source", JK_STRING, 0, &in->source, NULL},
      {"customer", JK_STRING, JF_NULLABLE, &in->customer, NULL},
  };
  return api_read(r, f, 5, body);
}

int api_ideas_create(struct req *r) {
  struct idea_input in;
  json_t *body;
  int rc = idea_body(r, 1, &in, &body);
  if (rc) return rc;
  if (!in.source) in.source = "other";
  struct idea i;
  rc = app_idea_submit(&r->x, &in, &i);
  json_decref(body);
  if (rc) return rc;
  resp_header(r, "Location", arena_printf(r->a, "/api/v1/ideas/%lld", (long long)i.id));
  send_idea(r, 201, &i);
  return KEEL_OK;
}

int api_ideas_get(struct req *r) {
  int64_t id;
  int rc = api_check_query(r, NULL);
  if (!rc) rc = req_id_param(r, 0, &id);
  if (rc) return rc;
  struct idea i;
  rc = app_idea_get(&r->x, id, &i);
  if (rc) return rc;
  send_idea(r, 200, &i);
  return KEEL_OK;
}

int api_ideas_update(struct req *r) {
  int64_t id, version;
  int rc = req_id_param(r, 0, &id);
  if (rc) return rc;
  struct idea_input in;
  json_t *body;
  rc = idea_body(r, 0, &in, &body);
  if (rc) return rc;
  struct idea i;
  rc = req_if_match(r, &version);
  if (!rc) rc = app_idea_update(&r->x, id, &in, version, &i);
  json_decref(body);
  if (rc) return rc;
  send_idea(r, 200, &i);
  return KEEL_OK;
}

/* The triage actions: same shape, different body and operation. */
static int triage(struct req *r, enum idea_action action) {
  int64_t id, version, of = 0;
  int rc = req_id_param(r, 0, &id);
  if (rc) return rc;
  const char *reason = NULL, *feature = NULL;
  struct jfield f[1];
  size_t nf = 0;
  if (action == IA_DECLINE) f[nf++] = (struct jfield){"reason", JK_STRING, 0, &reason, NULL};
  if (action == IA_PROMOTE) f[nf++] = (struct jfield){"feature", JK_STRING, JF_NULLABLE, &feature, NULL};
  if (action == IA_DUPLICATE) f[nf++] = (struct jfield){"of", JK_INT, JF_REQUIRED, &of, NULL};
  json_t *body;
  rc = api_read(r, f, nf, &body);
  if (rc) return rc;
  if (action == IA_DECLINE && (!reason || !*reason))
    rc = err_set(&r->e, KEEL_EINVAL, "reason", "a reason is required to decline an idea: the submitter will see it");
  if (!rc) rc = req_if_match(r, &version);
  struct idea i;
  if (!rc) switch (action) {
    case IA_REVIEW: rc = app_idea_review(&r->x, id, version, &i); break;
    case IA_PROMOTE: rc = app_idea_promote(&r->x, id, feature, version, &i, NULL); break;
    case IA_DECLINE: rc = app_idea_decline(&r->x, id, reason, version, &i); break;
    case IA_DUPLICATE: rc = app_idea_mark_duplicate(&r->x, id, of, version, &i); break;
    case IA_REOPEN: rc = app_idea_reopen(&r->x, id, version, &i); break;
    case IA_COUNT: rc = KEEL_EINTERNAL; break;
    }
  json_decref(body);
  if (rc) return rc;
  send_idea(r, 200, &i);
  return KEEL_OK;
}

int api_ideas_review(struct req *r) { return triage(r, IA_REVIEW); }
int api_ideas_promote(struct req *r) { return triage(r, IA_PROMOTE); }
int api_ideas_decline(struct req *r) { return triage(r, IA_DECLINE); }
int api_ideas_duplicate(struct req *r) { return triage(r, IA_DUPLICATE); }
int api_ideas_reopen(struct req *r) { return triage(r, IA_REOPEN); }

static int vote(struct req *r, int on) {
  int64_t id;
  json_t *body;
  int rc = req_id_param(r, 0, &id);
  if (!rc) rc = api_read(r, NULL, 0, &body);
  if (rc) return rc;
  json_decref(body);
  struct idea i;
  rc = app_idea_vote(&r->x, id, on, &i);
  if (rc) return rc;
  send_idea(r, 200, &i);
  return KEEL_OK;
}

int api_ideas_vote(struct req *r) { return vote(r, 1); }
int api_ideas_unvote(struct req *r) { return vote(r, 0); }
