/* transfer.c — SQL for moving a whole workspace: the fixed table list, paged
 * reads in key order, inserts that keep ids, the emptiness check, sequence
 * resets and the dispatch of the online backup to the backend.
 *
 * Statements are built from the names in the tables below (never from input)
 * and are the same text on every call, so the statement cache keeps them. */
#include "store/transfer.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/buf.h"
#include "store/db_backend.h"

#define COLS(a) a, sizeof a / sizeof a[0]

static const struct xfer_column meta_cols[] = {
    {"key", XT_TEXT, 0, 0},
    {"value", XT_TEXT, 0, 0},
};

static const struct xfer_column generation_cols[] = {
    {"id", XT_INT, 0, 0},
    {"value", XT_INT, 0, 0},
};

static const struct xfer_column users_cols[] = {
    {"id", XT_INT, 0, 0},         {"email", XT_TEXT, 0, 0},      {"name", XT_TEXT, 0, 0},
    {"role", XT_TEXT, 0, 0},      {"password_hash", XT_TEXT, 0, 0}, {"active", XT_INT, 0, 0},
    {"created_at", XT_INT, 0, 0}, {"updated_at", XT_INT, 0, 0},  {"version", XT_INT, 0, 0},
    {"customer_id", XT_INT, 1, 4},
};

static const struct xfer_column api_tokens_cols[] = {
    {"id", XT_INT, 0, 0},         {"token_hash", XT_TEXT, 0, 0},  {"user_id", XT_INT, 0, 0},  {"name", XT_TEXT, 0, 0},
    {"created_at", XT_INT, 0, 0}, {"last_used_at", XT_INT, 1, 0}, {"revoked_at", XT_INT, 1, 0},
};

static const struct xfer_column products_cols[] = {
    {"id", XT_INT, 0, 0},          {"key", XT_TEXT, 0, 0},       {"name", XT_TEXT, 0, 0},
    {"description", XT_TEXT, 0, 0}, {"feature_seq", XT_INT, 0, 0}, {"created_at", XT_INT, 0, 0},
    {"updated_at", XT_INT, 0, 0},  {"version", XT_INT, 0, 0},
    {"main_framework", XT_TEXT, 0, 7}, {"now_limit", XT_INT, 1, 7},
};

static const struct xfer_column features_cols[] = {
    {"id", XT_INT, 0, 0},
    {"product_id", XT_INT, 0, 0},
    {"number", XT_INT, 0, 0},
    {"title", XT_TEXT, 0, 0},
    {"description", XT_TEXT, 0, 0},
    {"status", XT_TEXT, 0, 0},
    {"horizon", XT_TEXT, 0, 0},
    {"backlog_rank", XT_INT, 0, 0},
    {"rice_reach", XT_REAL, 1, 0},
    {"rice_impact", XT_REAL, 1, 0},
    {"rice_confidence", XT_REAL, 1, 0},
    {"rice_effort", XT_REAL, 1, 0},
    {"rice_score", XT_REAL, 1, 0},
    {"ice_impact", XT_INT, 1, 0},
    {"ice_confidence", XT_INT, 1, 0},
    {"ice_ease", XT_INT, 1, 0},
    {"ice_score", XT_REAL, 1, 0},
    {"created_by", XT_INT, 1, 0},
    {"created_at", XT_INT, 0, 0},
    {"updated_at", XT_INT, 0, 0},
    {"version", XT_INT, 0, 0},
    {"reference", XT_TEXT, 0, 4},
    {"team_id", XT_INT, 1, 7},
    {"initiative_id", XT_INT, 1, 7},
    {"size", XT_REAL, 1, 7},
    {"category", XT_TEXT, 0, 7},
};

static const struct xfer_column ideas_cols[] = {
    {"id", XT_INT, 0, 0},
    {"product_id", XT_INT, 0, 0},
    {"title", XT_TEXT, 0, 0},
    {"description", XT_TEXT, 0, 0},
    {"source", XT_TEXT, 0, 0},
    {"customer", XT_TEXT, 0, 0},
    {"status", XT_TEXT, 0, 0},
    {"decline_reason", XT_TEXT, 0, 0},
    {"duplicate_of", XT_INT, 1, 0},
    {"feature_id", XT_INT, 1, 0},
    {"submitted_by", XT_INT, 1, 0},
    {"vote_count", XT_INT, 0, 0},
    {"created_at", XT_INT, 0, 0},
    {"updated_at", XT_INT, 0, 0},
    {"version", XT_INT, 0, 0},
    {"customer_id", XT_INT, 1, 4},
    {"contact_id", XT_INT, 1, 4},
    {"reference", XT_TEXT, 0, 4},
    {"public", XT_INT, 0, 4},
    {"public_title", XT_TEXT, 0, 4},
    {"public_description", XT_TEXT, 0, 4},
    {"submitter_email", XT_TEXT, 0, 4},
    {"merged_at", XT_INT, 1, 4},
};

static const struct xfer_column votes_cols[] = {
    {"idea_id", XT_INT, 0, 0},
    {"user_id", XT_INT, 0, 0},
    {"created_at", XT_INT, 0, 0},
};

static const struct xfer_column comments_cols[] = {
    {"id", XT_INT, 0, 0},        {"entity_type", XT_TEXT, 0, 0}, {"entity_id", XT_INT, 0, 0},
    {"author_id", XT_INT, 1, 0}, {"body", XT_TEXT, 0, 0},        {"created_at", XT_INT, 0, 0},
    {"public", XT_INT, 0, 5},
};

static const struct xfer_column audit_cols[] = {
    {"id", XT_INT, 0, 0},           {"at", XT_INT, 0, 0},           {"actor_id", XT_INT, 1, 0},
    {"action", XT_TEXT, 0, 0},      {"entity_type", XT_TEXT, 0, 0}, {"entity_id", XT_INT, 0, 0},
    {"entity_label", XT_TEXT, 0, 0}, {"before_json", XT_TEXT, 1, 0}, {"after_json", XT_TEXT, 1, 0},
};

static const struct xfer_column jobs_cols[] = {
    {"id", XT_INT, 0, 0},         {"kind", XT_TEXT, 0, 0},       {"payload", XT_TEXT, 0, 0},     {"dedupe_key", XT_TEXT, 1, 0},
    {"status", XT_TEXT, 0, 0},    {"run_after", XT_INT, 0, 0},   {"attempts", XT_INT, 0, 0},     {"claimed_by", XT_TEXT, 0, 0},
    {"claimed_at", XT_INT, 1, 0}, {"finished_at", XT_INT, 1, 0}, {"result", XT_TEXT, 0, 0},      {"created_at", XT_INT, 0, 0},
};

static const struct xfer_column customers_cols[] = {
    {"id", XT_INT, 0, 0},         {"name", XT_TEXT, 0, 0},       {"name_key", XT_TEXT, 0, 0},
    {"segment", XT_TEXT, 0, 0},   {"arr", XT_INT, 0, 0},         {"plan", XT_TEXT, 0, 0},
    {"created_at", XT_INT, 0, 0}, {"updated_at", XT_INT, 0, 0}, {"version", XT_INT, 0, 0},
};

static const struct xfer_column contacts_cols[] = {
    {"id", XT_INT, 0, 0},         {"customer_id", XT_INT, 0, 0}, {"name", XT_TEXT, 0, 0},  {"email", XT_TEXT, 0, 0},
    {"created_at", XT_INT, 0, 0}, {"updated_at", XT_INT, 0, 0}, {"version", XT_INT, 0, 0},
};

static const struct xfer_column feedback_cols[] = {
    {"id", XT_INT, 0, 0},          {"text", XT_TEXT, 0, 0},        {"channel", XT_TEXT, 0, 0},
    {"reference", XT_TEXT, 0, 0},  {"customer_id", XT_INT, 1, 0},  {"contact_id", XT_INT, 1, 0},
    {"product_id", XT_INT, 1, 0},  {"received_at", XT_INT, 0, 0},  {"attributes", XT_TEXT, 0, 0},
    {"status", XT_TEXT, 0, 0},     {"link_count", XT_INT, 0, 0},   {"submitted_by", XT_INT, 1, 0},
    {"created_at", XT_INT, 0, 0},  {"updated_at", XT_INT, 0, 0},   {"version", XT_INT, 0, 0},
};

static const struct xfer_column feedback_tags_cols[] = {
    {"feedback_id", XT_INT, 0, 0},
    {"tag", XT_TEXT, 0, 0},
};

static const struct xfer_column feedback_links_cols[] = {
    {"id", XT_INT, 0, 0},         {"feedback_id", XT_INT, 0, 0}, {"idea_id", XT_INT, 1, 0},
    {"feature_id", XT_INT, 1, 0}, {"quote", XT_TEXT, 0, 0},      {"importance", XT_TEXT, 0, 0},
    {"created_by", XT_INT, 1, 0}, {"created_at", XT_INT, 0, 0},
};

static const struct xfer_column followers_cols[] = {
    {"idea_id", XT_INT, 0, 0},
    {"user_id", XT_INT, 0, 0},
    {"created_at", XT_INT, 0, 0},
};

static const struct xfer_column notifications_cols[] = {
    {"id", XT_INT, 0, 0},    {"user_id", XT_INT, 0, 0},    {"kind", XT_TEXT, 0, 0},   {"idea_id", XT_INT, 1, 0},
    {"title", XT_TEXT, 0, 0}, {"body", XT_TEXT, 0, 0},     {"created_at", XT_INT, 0, 0}, {"read_at", XT_INT, 1, 0},
};

static const struct xfer_column webhooks_cols[] = {
    {"id", XT_INT, 0, 0},         {"url", XT_TEXT, 0, 0},        {"secret", XT_TEXT, 0, 0},
    {"events", XT_TEXT, 0, 0},    {"active", XT_INT, 0, 0},      {"created_by", XT_INT, 1, 0},
    {"created_at", XT_INT, 0, 0}, {"updated_at", XT_INT, 0, 0}, {"version", XT_INT, 0, 0},
};

static const struct xfer_column webhook_deliveries_cols[] = {
    {"id", XT_INT, 0, 0},         {"webhook_id", XT_INT, 0, 0},    {"event", XT_TEXT, 0, 0},
    {"payload", XT_TEXT, 0, 0},   {"status", XT_TEXT, 0, 0},       {"attempts", XT_INT, 0, 0},
    {"response_code", XT_INT, 1, 0}, {"last_error", XT_TEXT, 0, 0}, {"created_at", XT_INT, 0, 0},
    {"delivered_at", XT_INT, 1, 0},
};

static const struct xfer_column settings_cols[] = {
    {"key", XT_TEXT, 0, 0},
    {"value", XT_TEXT, 0, 0},
    {"updated_at", XT_INT, 0, 0},
};

/* Strategy and prioritisation (version 7). */
static const struct xfer_column teams_cols[] = {
    {"id", XT_INT, 0, 0},         {"product_id", XT_INT, 0, 0}, {"name", XT_TEXT, 0, 0}, {"wip_limit", XT_INT, 1, 0},
    {"created_at", XT_INT, 0, 0}, {"updated_at", XT_INT, 0, 0}, {"version", XT_INT, 0, 0},
};

static const struct xfer_column initiatives_cols[] = {
    {"id", XT_INT, 0, 0},         {"product_id", XT_INT, 0, 0}, {"name", XT_TEXT, 0, 0}, {"description", XT_TEXT, 0, 0},
    {"created_at", XT_INT, 0, 0}, {"updated_at", XT_INT, 0, 0}, {"version", XT_INT, 0, 0},
};

static const struct xfer_column vision_revisions_cols[] = {
    {"id", XT_INT, 0, 0},           {"product_id", XT_INT, 0, 0},         {"revision", XT_INT, 0, 0},
    {"why", XT_TEXT, 0, 0},         {"how", XT_TEXT, 0, 0},               {"what", XT_TEXT, 0, 0},
    {"value_proposition", XT_TEXT, 0, 0}, {"target_personas", XT_TEXT, 0, 0}, {"differentiation", XT_TEXT, 0, 0},
    {"alignment", XT_TEXT, 0, 0},   {"reason", XT_TEXT, 0, 0},            {"author_id", XT_INT, 1, 0},
    {"created_at", XT_INT, 0, 0},
};

static const struct xfer_column personas_cols[] = {
    {"id", XT_INT, 0, 0},        {"product_id", XT_INT, 0, 0}, {"name", XT_TEXT, 0, 0},   {"description", XT_TEXT, 0, 0},
    {"says", XT_TEXT, 0, 0},     {"thinks", XT_TEXT, 0, 0},    {"does", XT_TEXT, 0, 0},   {"feels", XT_TEXT, 0, 0},
    {"goals", XT_TEXT, 0, 0},    {"pains", XT_TEXT, 0, 0},     {"created_at", XT_INT, 0, 0}, {"updated_at", XT_INT, 0, 0},
    {"version", XT_INT, 0, 0},
};

static const struct xfer_column feature_personas_cols[] = {
    {"feature_id", XT_INT, 0, 0},
    {"persona_id", XT_INT, 0, 0},
};

static const struct xfer_column objectives_cols[] = {
    {"id", XT_INT, 0, 0},         {"product_id", XT_INT, 0, 0}, {"period", XT_TEXT, 0, 0},  {"title", XT_TEXT, 0, 0},
    {"description", XT_TEXT, 0, 0}, {"owner_id", XT_INT, 1, 0}, {"status", XT_TEXT, 0, 0},  {"created_at", XT_INT, 0, 0},
    {"updated_at", XT_INT, 0, 0}, {"version", XT_INT, 0, 0},
};

static const struct xfer_column key_results_cols[] = {
    {"id", XT_INT, 0, 0},          {"objective_id", XT_INT, 0, 0}, {"title", XT_TEXT, 0, 0},
    {"metric", XT_TEXT, 0, 0},     {"unit", XT_TEXT, 0, 0},        {"baseline", XT_REAL, 0, 0},
    {"target", XT_REAL, 0, 0},     {"current", XT_REAL, 0, 0},     {"created_at", XT_INT, 0, 0},
    {"updated_at", XT_INT, 0, 0},  {"version", XT_INT, 0, 0},
};

static const struct xfer_column kr_checkins_cols[] = {
    {"id", XT_INT, 0, 0},      {"key_result_id", XT_INT, 0, 0}, {"value", XT_REAL, 0, 0},
    {"comment", XT_TEXT, 0, 0}, {"author_id", XT_INT, 1, 0},    {"at", XT_INT, 0, 0},
};

static const struct xfer_column initiative_objectives_cols[] = {
    {"initiative_id", XT_INT, 0, 0},
    {"objective_id", XT_INT, 0, 0},
};

static const struct xfer_column competitors_cols[] = {
    {"id", XT_INT, 0, 0},         {"product_id", XT_INT, 0, 0},  {"name", XT_TEXT, 0, 0},
    {"website", XT_TEXT, 0, 0},   {"strengths", XT_TEXT, 0, 0},  {"weaknesses", XT_TEXT, 0, 0},
    {"created_at", XT_INT, 0, 0}, {"updated_at", XT_INT, 0, 0}, {"version", XT_INT, 0, 0},
};

static const struct xfer_column capabilities_cols[] = {
    {"id", XT_INT, 0, 0},         {"product_id", XT_INT, 0, 0}, {"name", XT_TEXT, 0, 0},  {"ours", XT_INT, 0, 0},
    {"note", XT_TEXT, 0, 0},      {"created_at", XT_INT, 0, 0}, {"updated_at", XT_INT, 0, 0}, {"version", XT_INT, 0, 0},
};

static const struct xfer_column competitor_capabilities_cols[] = {
    {"competitor_id", XT_INT, 0, 0}, {"capability_id", XT_INT, 0, 0}, {"level", XT_INT, 0, 0}, {"note", XT_TEXT, 0, 0},
};

static const struct xfer_column team_capacity_cols[] = {
    {"team_id", XT_INT, 0, 0},
    {"period", XT_TEXT, 0, 0},
    {"capacity", XT_REAL, 0, 0},
};

static const struct xfer_column allocation_targets_cols[] = {
    {"product_id", XT_INT, 0, 0},
    {"period", XT_TEXT, 0, 0},
    {"category", XT_TEXT, 0, 0},
    {"share", XT_REAL, 0, 0},
};

static const struct xfer_column feature_deps_cols[] = {
    {"feature_id", XT_INT, 0, 0},
    {"depends_on", XT_INT, 0, 0},
    {"created_at", XT_INT, 0, 0},
};

static const struct xfer_column criteria_cols[] = {
    {"id", XT_INT, 0, 0},         {"product_id", XT_INT, 0, 0}, {"name", XT_TEXT, 0, 0},    {"weight", XT_REAL, 0, 0},
    {"objective_id", XT_INT, 1, 0}, {"position", XT_INT, 0, 0}, {"created_at", XT_INT, 0, 0}, {"updated_at", XT_INT, 0, 0},
    {"version", XT_INT, 0, 0},
};

static const struct xfer_column feature_scores_cols[] = {
    {"feature_id", XT_INT, 0, 0}, {"framework", XT_TEXT, 0, 0}, {"inputs", XT_TEXT, 0, 0},
    {"score", XT_REAL, 1, 0},     {"label", XT_TEXT, 0, 0},     {"updated_by", XT_INT, 1, 0},
    {"updated_at", XT_INT, 0, 0},
};

static const struct xfer_column feature_criterion_values_cols[] = {
    {"feature_id", XT_INT, 0, 0},
    {"criterion_id", XT_INT, 0, 0},
    {"value", XT_REAL, 0, 0},
};

static const struct xfer_column tradeoffs_cols[] = {
    {"id", XT_INT, 0, 0},      {"product_id", XT_INT, 0, 0}, {"feature_id", XT_INT, 0, 0}, {"horizon", XT_TEXT, 0, 0},
    {"reason", XT_TEXT, 0, 0}, {"actor_id", XT_INT, 1, 0},   {"at", XT_INT, 0, 0},
};

static const struct xfer_column tradeoff_displaced_cols[] = {
    {"tradeoff_id", XT_INT, 0, 0},
    {"feature_id", XT_INT, 0, 0},
    {"to_horizon", XT_TEXT, 0, 0},
};

static const struct xfer_column horizon_changes_cols[] = {
    {"id", XT_INT, 0, 0},           {"feature_id", XT_INT, 0, 0}, {"product_id", XT_INT, 0, 0},
    {"from_horizon", XT_TEXT, 0, 0}, {"to_horizon", XT_TEXT, 0, 0}, {"status", XT_TEXT, 0, 0},
    {"actor_id", XT_INT, 1, 0},     {"at", XT_INT, 0, 0},
};

/* Each table refers only to tables above it. sessions and login_failures are
 * ephemeral and stay behind. Fields: name, columns, key columns, since,
 * identity, upsert, self_ref, replace (see transfer.h). */
static const struct xfer_table tables[] = {
    {"meta", COLS(meta_cols), 1, 1, 0, 1, NULL, 0},
    {"generation", COLS(generation_cols), 1, 2, 0, 1, NULL, 0},
    {"customers", COLS(customers_cols), 1, 4, 1, 0, NULL, 0},
    {"contacts", COLS(contacts_cols), 1, 4, 1, 0, NULL, 0},
    {"users", COLS(users_cols), 1, 1, 1, 0, NULL, 0},
    {"api_tokens", COLS(api_tokens_cols), 1, 1, 1, 0, NULL, 0},
    {"products", COLS(products_cols), 1, 1, 1, 0, NULL, 0},
    {"teams", COLS(teams_cols), 1, 7, 1, 0, NULL, 0},
    {"initiatives", COLS(initiatives_cols), 1, 7, 1, 0, NULL, 0},
    {"features", COLS(features_cols), 1, 1, 1, 0, NULL, 0},
    {"ideas", COLS(ideas_cols), 1, 1, 1, 0, "duplicate_of", 0},
    {"votes", COLS(votes_cols), 2, 1, 0, 0, NULL, 0},
    {"followers", COLS(followers_cols), 2, 4, 0, 0, NULL, 0},
    {"feedback", COLS(feedback_cols), 1, 4, 1, 0, NULL, 0},
    {"feedback_tags", COLS(feedback_tags_cols), 2, 4, 0, 0, NULL, 0},
    {"feedback_links", COLS(feedback_links_cols), 1, 4, 1, 0, NULL, 0},
    {"comments", COLS(comments_cols), 1, 1, 1, 0, NULL, 0},
    {"notifications", COLS(notifications_cols), 1, 4, 1, 0, NULL, 0},
    {"webhooks", COLS(webhooks_cols), 1, 4, 1, 0, NULL, 0},
    {"webhook_deliveries", COLS(webhook_deliveries_cols), 1, 4, 1, 0, NULL, 0},
    {"settings", COLS(settings_cols), 1, 4, 0, 0, NULL, 0},
    {"vision_revisions", COLS(vision_revisions_cols), 1, 7, 1, 0, NULL, 0},
    {"personas", COLS(personas_cols), 1, 7, 1, 0, NULL, 0},
    {"feature_personas", COLS(feature_personas_cols), 2, 7, 0, 0, NULL, 0},
    {"objectives", COLS(objectives_cols), 1, 7, 1, 0, NULL, 0},
    {"key_results", COLS(key_results_cols), 1, 7, 1, 0, NULL, 0},
    {"kr_checkins", COLS(kr_checkins_cols), 1, 7, 1, 0, NULL, 0},
    {"initiative_objectives", COLS(initiative_objectives_cols), 2, 7, 0, 0, NULL, 0},
    {"competitors", COLS(competitors_cols), 1, 7, 1, 0, NULL, 0},
    {"capabilities", COLS(capabilities_cols), 1, 7, 1, 0, NULL, 0},
    {"competitor_capabilities", COLS(competitor_capabilities_cols), 2, 7, 0, 0, NULL, 0},
    {"team_capacity", COLS(team_capacity_cols), 2, 7, 0, 0, NULL, 0},
    {"allocation_targets", COLS(allocation_targets_cols), 3, 7, 0, 0, NULL, 0},
    {"feature_deps", COLS(feature_deps_cols), 2, 7, 0, 0, NULL, 0},
    {"criteria", COLS(criteria_cols), 1, 7, 1, 0, NULL, 0},
    {"feature_scores", COLS(feature_scores_cols), 2, 7, 0, 0, NULL, 0},
    {"feature_criterion_values", COLS(feature_criterion_values_cols), 2, 7, 0, 0, NULL, 0},
    {"tradeoffs", COLS(tradeoffs_cols), 1, 7, 1, 0, NULL, 0},
    {"tradeoff_displaced", COLS(tradeoff_displaced_cols), 2, 7, 0, 0, NULL, 0},
    {"horizon_changes", COLS(horizon_changes_cols), 1, 7, 1, 0, NULL, 0},
    {"audit", COLS(audit_cols), 1, 1, 1, 0, NULL, 0},
    {"jobs", COLS(jobs_cols), 1, 3, 1, 0, NULL, 1},
};

const struct xfer_table *store_xfer_tables(size_t *n) {
  *n = sizeof tables / sizeof tables[0];
  return tables;
}

const struct xfer_table *store_xfer_table(const char *name) {
  for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++)
    if (strcmp(tables[i].name, name) == 0) return &tables[i];
  return NULL;
}

int store_xfer_present(db *d, const struct xfer_table *t, int *exists, struct keel_err *e) {
  *exists = 0;
  return d->be->has_table(d, t->name, exists, e);
}

/* Appends "a, b, c" (the first n columns of t). */
static void column_list(buf *b, const struct xfer_table *t, size_t n) {
  for (size_t i = 0; i < n; i++) buf_printf(b, "%s%s", i ? ", " : "", t->cols[i].name);
}

/* Builds the page query: after the first page, rows whose key is greater than
 * the last one read (a row value for a composite key). */
static void scan_sql(buf *b, const struct xfer_table *t, int first) {
  buf_puts(b, "SELECT ");
  column_list(b, t, t->ncols);
  buf_printf(b, " FROM %s", t->name);
  if (!first) {
    if (t->npk == 1) {
      buf_printf(b, " WHERE %s > ?", t->cols[0].name);
    } else {
      buf_puts(b, " WHERE (");
      column_list(b, t, t->npk);
      buf_puts(b, ") > (");
      for (size_t i = 0; i < t->npk; i++) buf_puts(b, i ? ", ?" : "?");
      buf_puts(b, ")");
    }
  }
  buf_puts(b, " ORDER BY ");
  column_list(b, t, t->npk);
  buf_puts(b, " LIMIT ?");
}

/* The key of the last row read, to start the next page after it. */
struct last_key {
  int64_t i[XFER_MAX_PK];
  buf s[XFER_MAX_PK];
};

static void read_row(db *d, db_stmt *st, const struct xfer_table *t, struct xfer_value *v) {
  for (size_t c = 0; c < t->ncols; c++) {
    struct xfer_value *x = &v[c];
    memset(x, 0, sizeof *x);
    if (d->be->col_is_null(st, (int)c)) {
      x->null = 1;
      continue;
    }
    switch (t->cols[c].type) {
    case XT_INT: x->i = d->be->col_int(st, (int)c); break;
    case XT_REAL: x->d = d->be->col_double(st, (int)c); break;
    case XT_TEXT:
      x->s = d->be->col_text(st, (int)c, &x->len);
      if (!x->s) {
        x->s = "";
        x->len = 0;
      }
      break;
    }
  }
}

int store_xfer_scan(db *d, const struct xfer_table *t,
                    int (*row)(void *ctx, const struct xfer_table *t, const struct xfer_value *values), void *ctx,
                    struct keel_err *e) {
  if (t->ncols > XFER_MAX_COLS || t->npk > XFER_MAX_PK)
    return err_set(e, KEEL_EINTERNAL, NULL, "table %s has more columns than the export handles", t->name);
  struct xfer_value v[XFER_MAX_COLS];
  struct last_key last;
  for (size_t k = 0; k < XFER_MAX_PK; k++) buf_init(&last.s[k], 0);
  buf first_sql, next_sql;
  buf_init(&first_sql, 0);
  buf_init(&next_sql, 0);
  scan_sql(&first_sql, t, 1);
  scan_sql(&next_sql, t, 0);
  int rc = KEEL_OK, first = 1;
  for (;;) {
    db_stmt *st = db_prepare(d, buf_cstr(first ? &first_sql : &next_sql), e);
    if (!st) {
      rc = e->rc;
      break;
    }
    int k = 1;
    if (!first)
      for (size_t p = 0; p < t->npk; p++) {
        if (t->cols[p].type == XT_TEXT) db_bind_text(st, k++, buf_cstr(&last.s[p]));
        else db_bind_int(st, k++, last.i[p]);
      }
    db_bind_int(st, k, XFER_PAGE_ROWS);
    int r, nrows = 0;
    while ((r = db_step(st)) > 0) {
      read_row(d, st, t, v);
      nrows++;
      rc = row(ctx, t, v);
      if (rc) break;
      for (size_t p = 0; p < t->npk; p++) {
        if (t->cols[p].type == XT_TEXT) {
          buf_reset(&last.s[p]);
          buf_append(&last.s[p], v[p].s, v[p].len);
        } else {
          last.i[p] = v[p].i;
        }
      }
    }
    if (!rc && r < 0) rc = db_fail(d, e, "export");
    db_done(st);
    first = 0;
    if (rc || nrows < XFER_PAGE_ROWS) break;
  }
  buf_free(&first_sql);
  buf_free(&next_sql);
  for (size_t k = 0; k < XFER_MAX_PK; k++) buf_free(&last.s[k]);
  return rc;
}

/* Builds INSERT INTO t(columns) VALUES (?, ...) for nrows rows, with the
 * upsert clause for tables that already have rows. */
static char *insert_sql(const struct xfer_table *t, size_t nrows) {
  buf b;
  buf_init(&b, 0);
  buf_printf(&b, "INSERT INTO %s(", t->name);
  column_list(&b, t, t->ncols);
  buf_puts(&b, ") VALUES ");
  for (size_t r = 0; r < nrows; r++) {
    buf_puts(&b, r ? ", (" : "(");
    for (size_t i = 0; i < t->ncols; i++) buf_puts(&b, i ? ", ?" : "?");
    buf_puts(&b, ")");
  }
  if (t->upsert && t->ncols > t->npk) {
    buf_puts(&b, " ON CONFLICT(");
    column_list(&b, t, t->npk);
    buf_puts(&b, ") DO UPDATE SET ");
    for (size_t i = t->npk; i < t->ncols; i++)
      buf_printf(&b, "%s%s = excluded.%s", i > t->npk ? ", " : "", t->cols[i].name, t->cols[i].name);
  }
  return buf_detach(&b, NULL);
}

void store_xfer_insert_begin(struct xfer_insert *ins, const struct xfer_table *t) {
  ins->t = t;
  ins->one = insert_sql(t, 1);
  ins->batch = insert_sql(t, XFER_BATCH_ROWS);
}

void store_xfer_insert_end(struct xfer_insert *ins) {
  free(ins->one);
  free(ins->batch);
  ins->one = ins->batch = NULL;
}

/* Binds nrows rows of values from parameter 1 on. */
static void bind_rows(db_stmt *st, const struct xfer_table *t, const struct xfer_value *values, size_t nrows) {
  int k = 1;
  for (size_t r = 0; r < nrows; r++)
    for (size_t c = 0; c < t->ncols; c++, k++) {
      const struct xfer_value *v = &values[r * t->ncols + c];
      if (v->null) {
        db_bind_null(st, k);
        continue;
      }
      switch (t->cols[c].type) {
      case XT_INT: db_bind_int(st, k, v->i); break;
      case XT_REAL: db_bind_double(st, k, v->d); break;
      case XT_TEXT: db_bind_text(st, k, v->s); break;
      }
    }
}

int store_xfer_insert(db *d, const struct xfer_insert *ins, const struct xfer_value *values, const char *what,
                      struct keel_err *e) {
  db_stmt *st = db_prepare(d, ins->one, e);
  if (!st) return e->rc;
  bind_rows(st, ins->t, values, 1);
  return db_step_done(st, e, what);
}

int store_xfer_insert_many(db *d, const struct xfer_insert *ins, const struct xfer_value *values, size_t n,
                           struct keel_err *e) {
  if (n == 0) return KEEL_OK;
  if (n > XFER_BATCH_ROWS) return err_set(e, KEEL_EINTERNAL, NULL, "a batch of %zu rows is too large", n);
  char *sql = n == XFER_BATCH_ROWS ? ins->batch : insert_sql(ins->t, n);
  db_stmt *st = db_prepare(d, sql, e);
  if (sql != ins->batch) free(sql);
  if (!st) return e->rc;
  bind_rows(st, ins->t, values, n);
  return db_step_done(st, e, "import");
}

/* Runs a statement without parameters through the statement cache. */
static int run_simple(db *d, const char *sql, const char *what, struct keel_err *e) {
  db_stmt *st = db_prepare(d, sql, e);
  if (!st) return e->rc;
  return db_step_done(st, e, what);
}

int store_xfer_savepoint(db *d, struct keel_err *e) { return run_simple(d, "SAVEPOINT keel_import", "savepoint", e); }

int store_xfer_release(db *d, struct keel_err *e) {
  return run_simple(d, "RELEASE SAVEPOINT keel_import", "savepoint", e);
}

int store_xfer_rollback_to(db *d, struct keel_err *e) {
  return run_simple(d, "ROLLBACK TO SAVEPOINT keel_import", "savepoint", e);
}

int store_xfer_set_self_ref(db *d, const struct xfer_table *t, int64_t id, int64_t ref, const char *what,
                            struct keel_err *e) {
  if (!t->self_ref) return KEEL_OK;
  buf sql;
  buf_init(&sql, 0);
  buf_printf(&sql, "UPDATE %s SET %s = ? WHERE id = ?", t->name, t->self_ref);
  db_stmt *st = db_prepare(d, buf_cstr(&sql), e);
  buf_free(&sql);
  if (!st) return e->rc;
  db_bind_int(st, 1, ref);
  db_bind_int(st, 2, id);
  return db_step_done(st, e, what);
}

int store_xfer_clear(db *d, const struct xfer_table *t, struct keel_err *e) {
  if (!t->replace) return err_set(e, KEEL_EINTERNAL, NULL, "%s is not a table an import replaces", t->name);
  buf sql;
  buf_init(&sql, 0);
  buf_printf(&sql, "DELETE FROM %s", t->name);
  int rc = run_simple(d, buf_cstr(&sql), "clear the job queue", e);
  buf_free(&sql);
  return rc;
}

int store_xfer_first_nonempty(db *d, const char **what, struct keel_err *e) {
  static const struct {
    const char *name, *sql;
  } checks[] = {
      {"products", "SELECT 1 FROM products LIMIT 1"},
      {"users", "SELECT 1 FROM users LIMIT 1"},
      {"audit", "SELECT 1 FROM audit LIMIT 1"},
  };
  *what = NULL;
  for (size_t i = 0; i < sizeof checks / sizeof checks[0]; i++) {
    db_stmt *st = db_prepare(d, checks[i].sql, e);
    if (!st) return e->rc;
    int r = db_step(st);
    int rc = r < 0 ? db_fail(d, e, "check that the workspace is empty") : KEEL_OK;
    db_done(st);
    if (rc) return rc;
    if (r > 0) {
      *what = checks[i].name;
      return KEEL_OK;
    }
  }
  return KEEL_OK;
}

int store_xfer_reset_ids(db *d, const struct xfer_table *t, struct keel_err *e) {
  if (!t->identity || !d->be->reset_ids) return KEEL_OK;
  return d->be->reset_ids(d, t->name, e);
}

int store_backup(db *d, const char *dest, struct store_backup *b, struct keel_err *e) {
  if (!d->be->backup)
    return err_set(e, KEEL_EINVAL, NULL,
                   "keel backup copies SQLite workspaces; back up PostgreSQL with its own tools, e.g. "
                   "pg_dump -Fc -f keel.dump 'postgresql://user@host/keel' (restore with pg_restore)");
  struct stat sb;
  if (stat(dest, &sb) == 0)
    return err_set(e, KEEL_EEXISTS, NULL, "%s already exists; choose a new file name for the backup", dest);
  return d->be->backup(d, dest, b, e);
}
