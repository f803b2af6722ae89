/* schema_sqlite.c — the SQLite schema, as an append-only list of migrations.
 *
 * Never edit a migration that has shipped: add a new one. Columns marked
 * "kept for sorting" are derived values stored so that an index can order by
 * them; store/ maintains them in the same statement or transaction as the
 * values they derive from, and tests check the invariant. */
#include "store/db_backend.h"

static const char schema_v1[] =
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);\n"

    "CREATE TABLE users(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  email TEXT NOT NULL UNIQUE,\n" /* stored in lower case */
    "  name TEXT NOT NULL,\n"
    "  role TEXT NOT NULL CHECK (role IN ('viewer','contributor','pm','admin')),\n"
    "  password_hash TEXT NOT NULL,\n"
    "  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),\n"
    "  created_at INTEGER NOT NULL,\n"
    "  updated_at INTEGER NOT NULL,\n"
    "  version INTEGER NOT NULL DEFAULT 1);\n"

    "CREATE TABLE sessions(\n"
    "  token_hash TEXT PRIMARY KEY,\n"
    "  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,\n"
    "  csrf TEXT NOT NULL,\n"
    "  created_at INTEGER NOT NULL,\n"
    "  last_seen_at INTEGER NOT NULL,\n"
    "  expires_at INTEGER NOT NULL);\n"
    "CREATE INDEX sessions_user ON sessions(user_id);\n"

    "CREATE TABLE api_tokens(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  token_hash TEXT NOT NULL UNIQUE,\n"
    "  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,\n"
    "  name TEXT NOT NULL,\n"
    "  created_at INTEGER NOT NULL,\n"
    "  last_used_at INTEGER,\n"
    "  revoked_at INTEGER);\n"
    "CREATE INDEX api_tokens_user ON api_tokens(user_id);\n"

    "CREATE TABLE login_failures(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  subject TEXT NOT NULL,\n" /* 'email:x@y' or 'addr:127.0.0.1' */
    "  at INTEGER NOT NULL);\n"
    "CREATE INDEX login_failures_subject ON login_failures(subject, at);\n"

    "CREATE TABLE products(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  key TEXT NOT NULL UNIQUE,\n"
    "  name TEXT NOT NULL,\n"
    "  description TEXT NOT NULL DEFAULT '',\n"
    "  feature_seq INTEGER NOT NULL DEFAULT 0,\n" /* last feature number handed out */
    "  created_at INTEGER NOT NULL,\n"
    "  updated_at INTEGER NOT NULL,\n"
    "  version INTEGER NOT NULL DEFAULT 1);\n"

    "CREATE TABLE features(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  product_id INTEGER NOT NULL REFERENCES products(id),\n"
    "  number INTEGER NOT NULL,\n"
    "  title TEXT NOT NULL,\n"
    "  description TEXT NOT NULL DEFAULT '',\n"
    "  status TEXT NOT NULL CHECK (status IN ('candidate','planned','in_progress','shipped','archived')),\n"
    "  horizon TEXT NOT NULL CHECK (horizon IN ('now','next','later','unplanned')),\n"
    "  backlog_rank INTEGER NOT NULL,\n"
    "  rice_reach REAL,\n"
    "  rice_impact REAL,\n"
    "  rice_confidence REAL,\n"
    "  rice_effort REAL,\n"
    "  rice_score REAL,\n" /* kept for sorting: reach*impact*confidence/100/effort */
    "  ice_impact INTEGER,\n"
    "  ice_confidence INTEGER,\n"
    "  ice_ease INTEGER,\n"
    "  ice_score REAL,\n" /* kept for sorting: impact*confidence*ease */
    "  created_by INTEGER REFERENCES users(id),\n"
    "  created_at INTEGER NOT NULL,\n"
    "  updated_at INTEGER NOT NULL,\n"
    "  version INTEGER NOT NULL DEFAULT 1,\n"
    "  UNIQUE (product_id, number),\n"
    "  CHECK ((rice_reach IS NULL) = (rice_score IS NULL)),\n"
    "  CHECK ((ice_impact IS NULL) = (ice_score IS NULL)));\n"
    "CREATE INDEX features_product_rank ON features(product_id, backlog_rank, id);\n"
    "CREATE INDEX features_rank ON features(backlog_rank, id);\n"
    "CREATE INDEX features_rice ON features(rice_score, id);\n"
    "CREATE INDEX features_product_rice ON features(product_id, rice_score, id);\n"
    "CREATE INDEX features_ice ON features(ice_score, id);\n"
    "CREATE INDEX features_product_ice ON features(product_id, ice_score, id);\n"
    "CREATE INDEX features_updated ON features(updated_at, id);\n"
    "CREATE INDEX features_product_updated ON features(product_id, updated_at, id);\n"

    "CREATE TABLE ideas(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  product_id INTEGER NOT NULL REFERENCES products(id),\n"
    "  title TEXT NOT NULL,\n"
    "  description TEXT NOT NULL DEFAULT '',\n"
    "  source TEXT NOT NULL CHECK (source IN ('customer','sales','support','engineering','leadership','other')),\n"
    "  customer TEXT NOT NULL DEFAULT '',\n"
    "  status TEXT NOT NULL CHECK (status IN ('new','under_review','planned','declined','duplicate')),\n"
    "  decline_reason TEXT NOT NULL DEFAULT '',\n"
    "  duplicate_of INTEGER REFERENCES ideas(id),\n"
    "  feature_id INTEGER REFERENCES features(id),\n"
    "  submitted_by INTEGER REFERENCES users(id),\n" /* NULL: the workspace owner on the CLI */
    "  vote_count INTEGER NOT NULL DEFAULT 0,\n"     /* kept for sorting: COUNT of votes */
    "  created_at INTEGER NOT NULL,\n"
    "  updated_at INTEGER NOT NULL,\n"
    "  version INTEGER NOT NULL DEFAULT 1,\n"
    "  CHECK (status <> 'declined' OR decline_reason <> ''),\n"
    "  CHECK (status <> 'duplicate' OR duplicate_of IS NOT NULL),\n"
    "  CHECK (status <> 'planned' OR feature_id IS NOT NULL));\n"
    "CREATE INDEX ideas_created ON ideas(created_at, id);\n"
    "CREATE INDEX ideas_product_created ON ideas(product_id, created_at, id);\n"
    "CREATE INDEX ideas_votes ON ideas(vote_count, id);\n"
    "CREATE INDEX ideas_product_votes ON ideas(product_id, vote_count, id);\n"
    "CREATE INDEX ideas_submitter ON ideas(submitted_by, created_at, id);\n"
    "CREATE INDEX ideas_feature ON ideas(feature_id, vote_count);\n" /* covers the per-feature counts */
    "CREATE INDEX ideas_duplicate ON ideas(duplicate_of);\n"

    "CREATE TABLE votes(\n"
    "  idea_id INTEGER NOT NULL REFERENCES ideas(id) ON DELETE CASCADE,\n"
    "  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,\n"
    "  created_at INTEGER NOT NULL,\n"
    "  PRIMARY KEY (idea_id, user_id));\n"
    "CREATE INDEX votes_user ON votes(user_id);\n"

    "CREATE TABLE comments(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  entity_type TEXT NOT NULL CHECK (entity_type IN ('idea','feature')),\n"
    "  entity_id INTEGER NOT NULL,\n"
    "  author_id INTEGER REFERENCES users(id),\n"
    "  body TEXT NOT NULL,\n"
    "  created_at INTEGER NOT NULL);\n"
    "CREATE INDEX comments_entity ON comments(entity_type, entity_id, id);\n"

    "CREATE TABLE audit(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  at INTEGER NOT NULL,\n"
    "  actor_id INTEGER REFERENCES users(id),\n"
    "  action TEXT NOT NULL,\n"
    "  entity_type TEXT NOT NULL,\n"
    "  entity_id INTEGER NOT NULL,\n"
    "  entity_label TEXT NOT NULL,\n"
    "  before_json TEXT,\n"
    "  after_json TEXT);\n"
    "CREATE INDEX audit_entity ON audit(entity_type, entity_id, id);\n"
    "CREATE INDEX audit_actor ON audit(actor_id, id);\n";

/* The workspace generation: a counter every audited change increments in its
 * own transaction. Readers pair it with what they read (the response cache);
 * a row lock orders writers, so it moves in commit order on every backend. */
static const char schema_v2[] =
    "CREATE TABLE generation(id INTEGER PRIMARY KEY CHECK (id = 1), value INTEGER NOT NULL);\n"
    "INSERT INTO generation(id, value) SELECT 1, COALESCE(MAX(id), 0) FROM audit;\n";

/* Background jobs: work that must run once across every server on the
 * database. A job is claimed (queued → running, attempts + 1) by one worker
 * and finished in the same transaction as its effect; a claim older than the
 * lease is given back. dedupe_key makes scheduled jobs idempotent. */
static const char schema_v3[] =
    "CREATE TABLE jobs(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  kind TEXT NOT NULL,\n"
    "  payload TEXT NOT NULL DEFAULT '',\n"
    "  dedupe_key TEXT UNIQUE,\n"
    "  status TEXT NOT NULL CHECK (status IN ('queued','running','done','failed')),\n"
    "  run_after INTEGER NOT NULL,\n"
    "  attempts INTEGER NOT NULL DEFAULT 0,\n"
    "  claimed_by TEXT NOT NULL DEFAULT '',\n"
    "  claimed_at INTEGER,\n"
    "  finished_at INTEGER,\n"
    "  result TEXT NOT NULL DEFAULT '',\n"
    "  created_at INTEGER NOT NULL);\n"
    "CREATE INDEX jobs_queue ON jobs(status, run_after, id);\n";

static const struct migration migrations[] = {
    {1, "foundation: users, sessions, tokens, products, features, ideas, votes, comments, audit", schema_v1},
    {2, "workspace generation counter", schema_v2},
    {3, "background jobs", schema_v3},
};

const struct migration *sqlite_migrations(size_t *n) {
  *n = sizeof migrations / sizeof migrations[0];
  return migrations;
}
