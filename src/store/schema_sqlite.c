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

/* Customer feedback and the closed loop (issue 4).
 *
 * customers and their contacts; feedback (what someone actually said) with
 * tags and links to ideas or features (the quote that matters, how much it
 * matters); ideas gain a customer, a contact, an external reference, a public
 * face for the customer portal and a merge mark; followers, the in-app
 * notification inbox, outgoing webhooks and their deliveries, and workspace
 * settings (SMTP, the portal). Users gain the 'portal' role and the customer
 * a portal user speaks for: SQLite cannot change a CHECK in place, so users
 * is rebuilt (with foreign keys off; see migrate.c). Full-text search is
 * FTS5 over external content, kept in step by triggers, with fts5vocab
 * tables for term frequencies (duplicate suggestions). */
static const char schema_v4[] =
    "CREATE TABLE customers(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  name TEXT NOT NULL,\n"
    "  name_key TEXT NOT NULL UNIQUE,\n" /* the name trimmed and in lower case: one customer per name */
    "  segment TEXT NOT NULL DEFAULT '',\n"
    "  arr INTEGER NOT NULL DEFAULT 0 CHECK (arr >= 0),\n" /* annual recurring revenue, whole currency units */
    "  plan TEXT NOT NULL DEFAULT '',\n"
    "  created_at INTEGER NOT NULL,\n"
    "  updated_at INTEGER NOT NULL,\n"
    "  version INTEGER NOT NULL DEFAULT 1);\n"
    "CREATE INDEX customers_segment ON customers(segment, id);\n"

    "CREATE TABLE contacts(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,\n"
    "  name TEXT NOT NULL,\n"
    "  email TEXT NOT NULL DEFAULT '',\n" /* lower case; '' when unknown */
    "  created_at INTEGER NOT NULL,\n"
    "  updated_at INTEGER NOT NULL,\n"
    "  version INTEGER NOT NULL DEFAULT 1);\n"
    "CREATE INDEX contacts_customer ON contacts(customer_id, id);\n"
    "CREATE INDEX contacts_email ON contacts(email);\n"

    "CREATE TABLE users_v4(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  email TEXT NOT NULL UNIQUE,\n"
    "  name TEXT NOT NULL,\n"
    "  role TEXT NOT NULL CHECK (role IN ('portal','viewer','contributor','pm','admin')),\n"
    "  password_hash TEXT NOT NULL,\n"
    "  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),\n"
    "  created_at INTEGER NOT NULL,\n"
    "  updated_at INTEGER NOT NULL,\n"
    "  version INTEGER NOT NULL DEFAULT 1,\n"
    "  customer_id INTEGER REFERENCES customers(id),\n" /* the customer a portal user speaks for */
    "  CHECK (role = 'portal' OR customer_id IS NULL));\n"
    "INSERT INTO users_v4(id, email, name, role, password_hash, active, created_at, updated_at, version)\n"
    "  SELECT id, email, name, role, password_hash, active, created_at, updated_at, version FROM users;\n"
    "DROP TABLE users;\n"
    "ALTER TABLE users_v4 RENAME TO users;\n"
    "CREATE INDEX users_customer ON users(customer_id);\n"

    "ALTER TABLE ideas ADD COLUMN customer_id INTEGER REFERENCES customers(id);\n"
    "ALTER TABLE ideas ADD COLUMN contact_id INTEGER REFERENCES contacts(id);\n"
    "ALTER TABLE ideas ADD COLUMN reference TEXT NOT NULL DEFAULT '';\n" /* in another system: HIVE-123, a URL */
    "ALTER TABLE ideas ADD COLUMN public INTEGER NOT NULL DEFAULT 0 CHECK (public IN (0,1));\n"
    "ALTER TABLE ideas ADD COLUMN public_title TEXT NOT NULL DEFAULT '';\n"       /* '' : the title */
    "ALTER TABLE ideas ADD COLUMN public_description TEXT NOT NULL DEFAULT '';\n" /* '' : none shown */
    "ALTER TABLE ideas ADD COLUMN submitter_email TEXT NOT NULL DEFAULT '';\n"    /* anonymous portal submissions */
    "ALTER TABLE ideas ADD COLUMN merged_at INTEGER;\n" /* set when merged into duplicate_of */
    "CREATE INDEX ideas_customer ON ideas(customer_id);\n"
    "CREATE INDEX ideas_public ON ideas(public, vote_count, id);\n"
    "CREATE INDEX ideas_reference ON ideas(reference);\n"
    "ALTER TABLE features ADD COLUMN reference TEXT NOT NULL DEFAULT '';\n"
    "CREATE INDEX features_reference ON features(reference);\n"

    "CREATE TABLE feedback(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  text TEXT NOT NULL,\n"
    "  channel TEXT NOT NULL CHECK (channel IN ('support','survey','interview','sales_call','review','chat','email','other')),\n"
    "  reference TEXT NOT NULL DEFAULT '',\n" /* ticket number or URL */
    "  customer_id INTEGER REFERENCES customers(id),\n"
    "  contact_id INTEGER REFERENCES contacts(id),\n"
    "  product_id INTEGER REFERENCES products(id),\n"
    "  received_at INTEGER NOT NULL,\n" /* when it was said */
    "  attributes TEXT NOT NULL DEFAULT '{}',\n" /* JSON object: metadata kept from an import */
    "  status TEXT NOT NULL CHECK (status IN ('inbox','linked','archived')),\n"
    "  link_count INTEGER NOT NULL DEFAULT 0,\n" /* kept for sorting: COUNT of feedback_links */
    "  submitted_by INTEGER REFERENCES users(id),\n"
    "  created_at INTEGER NOT NULL,\n"
    "  updated_at INTEGER NOT NULL,\n"
    "  version INTEGER NOT NULL DEFAULT 1,\n"
    "  CHECK ((status = 'linked') = (link_count > 0)));\n"
    "CREATE INDEX feedback_received ON feedback(received_at, id);\n"
    "CREATE INDEX feedback_status ON feedback(status, received_at, id);\n"
    "CREATE INDEX feedback_customer ON feedback(customer_id, received_at, id);\n"
    "CREATE INDEX feedback_product ON feedback(product_id, received_at, id);\n"

    "CREATE TABLE feedback_tags(\n"
    "  feedback_id INTEGER NOT NULL REFERENCES feedback(id) ON DELETE CASCADE,\n"
    "  tag TEXT NOT NULL,\n" /* lower case */
    "  PRIMARY KEY (feedback_id, tag));\n"
    "CREATE INDEX feedback_tags_tag ON feedback_tags(tag, feedback_id);\n"

    "CREATE TABLE feedback_links(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  feedback_id INTEGER NOT NULL REFERENCES feedback(id) ON DELETE CASCADE,\n"
    "  idea_id INTEGER REFERENCES ideas(id),\n"
    "  feature_id INTEGER REFERENCES features(id),\n"
    "  quote TEXT NOT NULL DEFAULT '',\n"
    "  importance TEXT NOT NULL CHECK (importance IN ('nice_to_have','important','critical')),\n"
    "  created_by INTEGER REFERENCES users(id),\n"
    "  created_at INTEGER NOT NULL,\n"
    "  CHECK ((idea_id IS NULL) <> (feature_id IS NULL)),\n"
    "  UNIQUE (feedback_id, idea_id),\n"
    "  UNIQUE (feedback_id, feature_id));\n"
    "CREATE INDEX feedback_links_idea ON feedback_links(idea_id, feedback_id);\n"
    "CREATE INDEX feedback_links_feature ON feedback_links(feature_id, feedback_id);\n"

    "CREATE TABLE followers(\n"
    "  idea_id INTEGER NOT NULL REFERENCES ideas(id) ON DELETE CASCADE,\n"
    "  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,\n"
    "  created_at INTEGER NOT NULL,\n"
    "  PRIMARY KEY (idea_id, user_id));\n"
    "CREATE INDEX followers_user ON followers(user_id);\n"

    "CREATE TABLE notifications(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,\n"
    "  kind TEXT NOT NULL,\n" /* 'idea.status', ... */
    "  idea_id INTEGER REFERENCES ideas(id) ON DELETE CASCADE,\n"
    "  title TEXT NOT NULL,\n"
    "  body TEXT NOT NULL DEFAULT '',\n"
    "  created_at INTEGER NOT NULL,\n"
    "  read_at INTEGER);\n"
    "CREATE INDEX notifications_user ON notifications(user_id, id);\n"
    "CREATE INDEX notifications_unread ON notifications(user_id, read_at, id);\n"

    "CREATE TABLE webhooks(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  url TEXT NOT NULL,\n"
    "  secret TEXT NOT NULL,\n" /* HMAC-SHA256 key for the signature header */
    "  events TEXT NOT NULL DEFAULT 'idea.status',\n" /* comma-separated event names */
    "  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),\n"
    "  created_by INTEGER REFERENCES users(id),\n"
    "  created_at INTEGER NOT NULL,\n"
    "  updated_at INTEGER NOT NULL,\n"
    "  version INTEGER NOT NULL DEFAULT 1);\n"

    "CREATE TABLE webhook_deliveries(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  webhook_id INTEGER NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,\n"
    "  event TEXT NOT NULL,\n"
    "  payload TEXT NOT NULL,\n" /* the JSON body sent, exactly */
    "  status TEXT NOT NULL CHECK (status IN ('pending','delivered','failed')),\n"
    "  attempts INTEGER NOT NULL DEFAULT 0,\n"
    "  response_code INTEGER,\n"
    "  last_error TEXT NOT NULL DEFAULT '',\n"
    "  created_at INTEGER NOT NULL,\n"
    "  delivered_at INTEGER);\n"
    "CREATE INDEX webhook_deliveries_hook ON webhook_deliveries(webhook_id, id);\n"

    "CREATE TABLE settings(\n"
    "  key TEXT PRIMARY KEY,\n"
    "  value TEXT NOT NULL,\n"
    "  updated_at INTEGER NOT NULL);\n"

    "CREATE VIRTUAL TABLE feedback_fts USING fts5(text, content='feedback', content_rowid='id',\n"
    "  tokenize='porter unicode61 remove_diacritics 2');\n"
    "CREATE TRIGGER feedback_fts_insert AFTER INSERT ON feedback BEGIN\n"
    "  INSERT INTO feedback_fts(rowid, text) VALUES (new.id, new.text); END;\n"
    "CREATE TRIGGER feedback_fts_delete AFTER DELETE ON feedback BEGIN\n"
    "  INSERT INTO feedback_fts(feedback_fts, rowid, text) VALUES ('delete', old.id, old.text); END;\n"
    "CREATE TRIGGER feedback_fts_update AFTER UPDATE OF text ON feedback BEGIN\n"
    "  INSERT INTO feedback_fts(feedback_fts, rowid, text) VALUES ('delete', old.id, old.text);\n"
    "  INSERT INTO feedback_fts(rowid, text) VALUES (new.id, new.text); END;\n"
    "CREATE VIRTUAL TABLE feedback_terms USING fts5vocab(feedback_fts, 'row');\n"

    "CREATE VIRTUAL TABLE ideas_fts USING fts5(title, description, content='ideas', content_rowid='id',\n"
    "  tokenize='porter unicode61 remove_diacritics 2');\n"
    "INSERT INTO ideas_fts(ideas_fts) VALUES ('rebuild');\n"
    "CREATE TRIGGER ideas_fts_insert AFTER INSERT ON ideas BEGIN\n"
    "  INSERT INTO ideas_fts(rowid, title, description) VALUES (new.id, new.title, new.description); END;\n"
    "CREATE TRIGGER ideas_fts_delete AFTER DELETE ON ideas BEGIN\n"
    "  INSERT INTO ideas_fts(ideas_fts, rowid, title, description) VALUES ('delete', old.id, old.title, old.description); END;\n"
    "CREATE TRIGGER ideas_fts_update AFTER UPDATE OF title, description ON ideas BEGIN\n"
    "  INSERT INTO ideas_fts(ideas_fts, rowid, title, description) VALUES ('delete', old.id, old.title, old.description);\n"
    "  INSERT INTO ideas_fts(rowid, title, description) VALUES (new.id, new.title, new.description); END;\n"
    "CREATE VIRTUAL TABLE ideas_terms USING fts5vocab(ideas_fts, 'row');\n"

    "CREATE VIRTUAL TABLE features_fts USING fts5(title, description, content='features', content_rowid='id',\n"
    "  tokenize='porter unicode61 remove_diacritics 2');\n"
    "INSERT INTO features_fts(features_fts) VALUES ('rebuild');\n"
    "CREATE TRIGGER features_fts_insert AFTER INSERT ON features BEGIN\n"
    "  INSERT INTO features_fts(rowid, title, description) VALUES (new.id, new.title, new.description); END;\n"
    "CREATE TRIGGER features_fts_delete AFTER DELETE ON features BEGIN\n"
    "  INSERT INTO features_fts(features_fts, rowid, title, description) VALUES ('delete', old.id, old.title, old.description); END;\n"
    "CREATE TRIGGER features_fts_update AFTER UPDATE OF title, description ON features BEGIN\n"
    "  INSERT INTO features_fts(features_fts, rowid, title, description) VALUES ('delete', old.id, old.title, old.description);\n"
    "  INSERT INTO features_fts(rowid, title, description) VALUES (new.id, new.title, new.description); END;\n";

/* Comments customers may read: portal users' own comments, and the replies
 * staff write for them. Every comment before this is internal. And the
 * portal's lists of published ideas (by votes or newest, of one product or
 * all), which would otherwise walk every idea of a product with few
 * published ones, or sort every published idea: partial indexes over the
 * published ideas only (public leads, so that the planner prefers them to
 * ideas_public for these orders). */
static const char schema_v5[] =
    "ALTER TABLE comments ADD COLUMN public INTEGER NOT NULL DEFAULT 0 CHECK (public IN (0,1));\n"
    "CREATE INDEX ideas_public_product_votes ON ideas(public, product_id, vote_count, id) WHERE public = 1;\n"
    "CREATE INDEX ideas_public_product_created ON ideas(public, product_id, created_at, id) WHERE public = 1;\n"
    "CREATE INDEX ideas_public_created ON ideas(public, created_at, id) WHERE public = 1;\n";

/* Version 6: feedback found by its reference (a ticket number or URL), so
 * that an import mapping a reference column skips the rows already there
 * without reading the table once per row. Partial: most items have none. */
static const char schema_v6[] =
    "CREATE INDEX feedback_reference ON feedback(reference) WHERE reference <> '';\n";

/* Version 7: strategy and prioritisation. A product's vision as append-only
 * revisions; personas; objectives, key results and their check-ins;
 * initiatives linking objectives to features; competitors and the
 * capabilities compared; scores in further frameworks and the weighted
 * criteria; teams, their capacity per period, allocation targets and
 * dependencies for planning; trade-offs (what went into a horizon and what
 * moved out for it) and every horizon change, which focus health reads.
 * Periods are quarters written "2026-Q4". Sizes and capacities are
 * person-months, like RICE effort. Horizon changes before this version are
 * not known: each feature already on the board is given one entry dated at its
 * last change (actor NULL). */
static const char schema_v7[] =
    "ALTER TABLE products ADD COLUMN main_framework TEXT NOT NULL DEFAULT 'rice'"
    " CHECK (main_framework IN ('rice','ice','wsjf','weighted','value_effort','moscow','kano'));\n"
    "ALTER TABLE products ADD COLUMN now_limit INTEGER CHECK (now_limit IS NULL OR now_limit >= 0);\n" /* features in Now when no team capacity is set */

    "CREATE TABLE vision_revisions(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  product_id INTEGER NOT NULL REFERENCES products(id),\n"
    "  revision INTEGER NOT NULL CHECK (revision >= 1),\n"
    "  why TEXT NOT NULL DEFAULT '',\n"
    "  how TEXT NOT NULL DEFAULT '',\n"
    "  what TEXT NOT NULL DEFAULT '',\n"
    "  value_proposition TEXT NOT NULL DEFAULT '',\n"
    "  target_personas TEXT NOT NULL DEFAULT '',\n"
    "  differentiation TEXT NOT NULL DEFAULT '',\n"
    "  alignment TEXT NOT NULL DEFAULT '',\n"
    "  reason TEXT NOT NULL DEFAULT '',\n" /* why this revision was made ('' only for the first) */
    "  author_id INTEGER REFERENCES users(id),\n"
    "  created_at INTEGER NOT NULL,\n"
    "  UNIQUE (product_id, revision));\n"

    "CREATE TABLE personas(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  product_id INTEGER NOT NULL REFERENCES products(id),\n"
    "  name TEXT NOT NULL,\n"
    "  description TEXT NOT NULL DEFAULT '',\n"
    "  says TEXT NOT NULL DEFAULT '',\n"
    "  thinks TEXT NOT NULL DEFAULT '',\n"
    "  does TEXT NOT NULL DEFAULT '',\n"
    "  feels TEXT NOT NULL DEFAULT '',\n"
    "  goals TEXT NOT NULL DEFAULT '',\n"
    "  pains TEXT NOT NULL DEFAULT '',\n"
    "  created_at INTEGER NOT NULL,\n"
    "  updated_at INTEGER NOT NULL,\n"
    "  version INTEGER NOT NULL DEFAULT 1,\n"
    "  UNIQUE (product_id, name));\n"
    "CREATE TABLE feature_personas(\n"
    "  feature_id INTEGER NOT NULL REFERENCES features(id) ON DELETE CASCADE,\n"
    "  persona_id INTEGER NOT NULL REFERENCES personas(id) ON DELETE CASCADE,\n"
    "  PRIMARY KEY (feature_id, persona_id));\n"
    "CREATE INDEX feature_personas_persona ON feature_personas(persona_id, feature_id);\n"

    "CREATE TABLE objectives(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  product_id INTEGER NOT NULL REFERENCES products(id),\n"
    "  period TEXT NOT NULL,\n" /* "2026-Q4" */
    "  title TEXT NOT NULL,\n"
    "  description TEXT NOT NULL DEFAULT '',\n"
    "  owner_id INTEGER REFERENCES users(id),\n"
    "  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','achieved','missed','dropped')),\n"
    "  created_at INTEGER NOT NULL,\n"
    "  updated_at INTEGER NOT NULL,\n"
    "  version INTEGER NOT NULL DEFAULT 1);\n"
    "CREATE INDEX objectives_product_period ON objectives(product_id, period, id);\n"
    "CREATE TABLE key_results(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  objective_id INTEGER NOT NULL REFERENCES objectives(id) ON DELETE CASCADE,\n"
    "  title TEXT NOT NULL,\n"
    "  metric TEXT NOT NULL DEFAULT '',\n"
    "  unit TEXT NOT NULL DEFAULT '',\n"
    "  baseline REAL NOT NULL,\n"
    "  target REAL NOT NULL,\n"
    "  current REAL NOT NULL,\n" /* kept for reading: the value of the latest check-in, else the baseline */
    "  created_at INTEGER NOT NULL,\n"
    "  updated_at INTEGER NOT NULL,\n"
    "  version INTEGER NOT NULL DEFAULT 1,\n"
    "  CHECK (target <> baseline));\n"
    "CREATE INDEX key_results_objective ON key_results(objective_id, id);\n"
    "CREATE TABLE kr_checkins(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  key_result_id INTEGER NOT NULL REFERENCES key_results(id) ON DELETE CASCADE,\n"
    "  value REAL NOT NULL,\n"
    "  comment TEXT NOT NULL DEFAULT '',\n"
    "  author_id INTEGER REFERENCES users(id),\n"
    "  at INTEGER NOT NULL);\n"
    "CREATE INDEX kr_checkins_kr ON kr_checkins(key_result_id, at, id);\n"

    "CREATE TABLE initiatives(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  product_id INTEGER NOT NULL REFERENCES products(id),\n"
    "  name TEXT NOT NULL,\n"
    "  description TEXT NOT NULL DEFAULT '',\n"
    "  created_at INTEGER NOT NULL,\n"
    "  updated_at INTEGER NOT NULL,\n"
    "  version INTEGER NOT NULL DEFAULT 1,\n"
    "  UNIQUE (product_id, name));\n"
    "CREATE TABLE initiative_objectives(\n"
    "  initiative_id INTEGER NOT NULL REFERENCES initiatives(id) ON DELETE CASCADE,\n"
    "  objective_id INTEGER NOT NULL REFERENCES objectives(id) ON DELETE CASCADE,\n"
    "  PRIMARY KEY (initiative_id, objective_id));\n"
    "CREATE INDEX initiative_objectives_objective ON initiative_objectives(objective_id, initiative_id);\n"

    "CREATE TABLE competitors(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  product_id INTEGER NOT NULL REFERENCES products(id),\n"
    "  name TEXT NOT NULL,\n"
    "  website TEXT NOT NULL DEFAULT '',\n"
    "  strengths TEXT NOT NULL DEFAULT '',\n"
    "  weaknesses TEXT NOT NULL DEFAULT '',\n"
    "  created_at INTEGER NOT NULL,\n"
    "  updated_at INTEGER NOT NULL,\n"
    "  version INTEGER NOT NULL DEFAULT 1,\n"
    "  UNIQUE (product_id, name));\n"
    "CREATE TABLE capabilities(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  product_id INTEGER NOT NULL REFERENCES products(id),\n"
    "  name TEXT NOT NULL,\n"
    "  ours INTEGER NOT NULL DEFAULT 0 CHECK (ours BETWEEN 0 AND 3),\n" /* 0 none, 1 partial, 2 on par, 3 leading */
    "  note TEXT NOT NULL DEFAULT '',\n"
    "  created_at INTEGER NOT NULL,\n"
    "  updated_at INTEGER NOT NULL,\n"
    "  version INTEGER NOT NULL DEFAULT 1,\n"
    "  UNIQUE (product_id, name));\n"
    "CREATE TABLE competitor_capabilities(\n"
    "  competitor_id INTEGER NOT NULL REFERENCES competitors(id) ON DELETE CASCADE,\n"
    "  capability_id INTEGER NOT NULL REFERENCES capabilities(id) ON DELETE CASCADE,\n"
    "  level INTEGER NOT NULL CHECK (level BETWEEN 0 AND 3),\n" /* as capabilities.ours */
    "  note TEXT NOT NULL DEFAULT '',\n"
    "  PRIMARY KEY (competitor_id, capability_id));\n"
    "CREATE INDEX competitor_capabilities_capability ON competitor_capabilities(capability_id, competitor_id);\n"

    "CREATE TABLE teams(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  product_id INTEGER NOT NULL REFERENCES products(id),\n"
    "  name TEXT NOT NULL,\n"
    "  wip_limit INTEGER CHECK (wip_limit IS NULL OR wip_limit >= 0),\n" /* features in progress at once */
    "  created_at INTEGER NOT NULL,\n"
    "  updated_at INTEGER NOT NULL,\n"
    "  version INTEGER NOT NULL DEFAULT 1,\n"
    "  UNIQUE (product_id, name));\n"
    "CREATE TABLE team_capacity(\n"
    "  team_id INTEGER NOT NULL REFERENCES teams(id) ON DELETE CASCADE,\n"
    "  period TEXT NOT NULL,\n"
    "  capacity REAL NOT NULL CHECK (capacity >= 0),\n" /* person-months */
    "  PRIMARY KEY (team_id, period));\n"
    "CREATE TABLE allocation_targets(\n"
    "  product_id INTEGER NOT NULL REFERENCES products(id),\n"
    "  period TEXT NOT NULL,\n"
    "  category TEXT NOT NULL CHECK (category IN ('innovation','infrastructure','customer_requests','objectives','keep_the_lights_on')),\n"
    "  share REAL NOT NULL CHECK (share >= 0 AND share <= 100),\n" /* percent of capacity */
    "  PRIMARY KEY (product_id, period, category));\n"

    "ALTER TABLE features ADD COLUMN team_id INTEGER REFERENCES teams(id);\n"
    "ALTER TABLE features ADD COLUMN initiative_id INTEGER REFERENCES initiatives(id);\n"
    "ALTER TABLE features ADD COLUMN size REAL CHECK (size IS NULL OR size > 0);\n" /* person-months; NULL: the RICE effort */
    "ALTER TABLE features ADD COLUMN category TEXT NOT NULL DEFAULT '' CHECK (category IN "
    "('','innovation','infrastructure','customer_requests','objectives','keep_the_lights_on'));\n"
    "CREATE INDEX features_team ON features(team_id, horizon);\n"
    "CREATE INDEX features_initiative ON features(initiative_id);\n"
    "CREATE TABLE feature_deps(\n"
    "  feature_id INTEGER NOT NULL REFERENCES features(id) ON DELETE CASCADE,\n"
    "  depends_on INTEGER NOT NULL REFERENCES features(id) ON DELETE CASCADE,\n"
    "  created_at INTEGER NOT NULL,\n"
    "  PRIMARY KEY (feature_id, depends_on),\n"
    "  CHECK (feature_id <> depends_on));\n"
    "CREATE INDEX feature_deps_on ON feature_deps(depends_on, feature_id);\n"

    "CREATE TABLE criteria(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  product_id INTEGER NOT NULL REFERENCES products(id),\n"
    "  name TEXT NOT NULL,\n"
    "  weight REAL NOT NULL CHECK (weight >= 0),\n"
    "  objective_id INTEGER REFERENCES objectives(id) ON DELETE SET NULL,\n"
    "  position INTEGER NOT NULL DEFAULT 0,\n"
    "  created_at INTEGER NOT NULL,\n"
    "  updated_at INTEGER NOT NULL,\n"
    "  version INTEGER NOT NULL DEFAULT 1,\n"
    "  UNIQUE (product_id, name));\n"
    "CREATE TABLE feature_scores(\n"
    "  feature_id INTEGER NOT NULL REFERENCES features(id) ON DELETE CASCADE,\n"
    "  framework TEXT NOT NULL CHECK (framework IN ('wsjf','weighted','value_effort','moscow','kano')),\n"
    "  inputs TEXT NOT NULL,\n" /* JSON object: the inputs as given, for display and the API */
    "  score REAL,\n"            /* the exact value; kept for sorting (MoSCoW and Kano: the category's order) */
    "  label TEXT NOT NULL DEFAULT '',\n" /* MoSCoW and Kano: the category */
    "  updated_by INTEGER REFERENCES users(id),\n"
    "  updated_at INTEGER NOT NULL,\n"
    "  PRIMARY KEY (feature_id, framework));\n"
    "CREATE INDEX feature_scores_rank ON feature_scores(framework, score, feature_id);\n"
    "CREATE TABLE feature_criterion_values(\n"
    "  feature_id INTEGER NOT NULL REFERENCES features(id) ON DELETE CASCADE,\n"
    "  criterion_id INTEGER NOT NULL REFERENCES criteria(id) ON DELETE CASCADE,\n"
    "  value REAL NOT NULL,\n"
    "  PRIMARY KEY (feature_id, criterion_id)) WITHOUT ROWID;\n" /* read in key order to compute weighted scores */
    "CREATE INDEX feature_criterion_values_criterion ON feature_criterion_values(criterion_id, feature_id);\n"

    "CREATE TABLE tradeoffs(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  product_id INTEGER NOT NULL REFERENCES products(id),\n"
    "  feature_id INTEGER NOT NULL REFERENCES features(id),\n" /* what went in */
    "  horizon TEXT NOT NULL CHECK (horizon IN ('now','next','later')),\n"
    "  reason TEXT NOT NULL,\n"
    "  actor_id INTEGER REFERENCES users(id),\n"
    "  at INTEGER NOT NULL);\n"
    "CREATE INDEX tradeoffs_product ON tradeoffs(product_id, at, id);\n"
    "CREATE INDEX tradeoffs_feature ON tradeoffs(feature_id, id);\n"
    "CREATE TABLE tradeoff_displaced(\n"
    "  tradeoff_id INTEGER NOT NULL REFERENCES tradeoffs(id) ON DELETE CASCADE,\n"
    "  feature_id INTEGER NOT NULL REFERENCES features(id),\n" /* what moved out */
    "  to_horizon TEXT NOT NULL CHECK (to_horizon IN ('now','next','later','unplanned')),\n"
    "  PRIMARY KEY (tradeoff_id, feature_id));\n"
    "CREATE INDEX tradeoff_displaced_feature ON tradeoff_displaced(feature_id);\n"

    "CREATE TABLE horizon_changes(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  feature_id INTEGER NOT NULL REFERENCES features(id) ON DELETE CASCADE,\n"
    "  product_id INTEGER NOT NULL REFERENCES products(id),\n"
    "  from_horizon TEXT NOT NULL CHECK (from_horizon IN ('now','next','later','unplanned')),\n"
    "  to_horizon TEXT NOT NULL CHECK (to_horizon IN ('now','next','later','unplanned')),\n"
    "  status TEXT NOT NULL,\n" /* the feature's status after the change */
    "  actor_id INTEGER REFERENCES users(id),\n"
    "  at INTEGER NOT NULL);\n"
    "CREATE INDEX horizon_changes_product ON horizon_changes(product_id, at, id);\n"
    "CREATE INDEX horizon_changes_feature ON horizon_changes(feature_id, at, id);\n"
    "INSERT INTO horizon_changes(feature_id, product_id, from_horizon, to_horizon, status, actor_id, at)\n"
    "  SELECT id, product_id, 'unplanned', horizon, status, NULL, updated_at FROM features WHERE horizon <> 'unplanned';\n";

static const struct migration migrations[] = {
    {1, "foundation: users, sessions, tokens, products, features, ideas, votes, comments, audit", schema_v1, 0},
    {2, "workspace generation counter", schema_v2, 0},
    {3, "background jobs", schema_v3, 0},
    {4, "customers, feedback, links, portal, notifications, webhooks, settings, search", schema_v4, 1},
    {5, "public comments for the customer portal", schema_v5, 0},
    {6, "feedback by reference", schema_v6, 0},
    {7, "strategy and prioritisation: vision, personas, objectives, initiatives, competitors, frameworks, teams, capacity, trade-offs, horizon changes", schema_v7, 0},
};

const struct migration *sqlite_migrations(size_t *n) {
  *n = sizeof migrations / sizeof migrations[0];
  return migrations;
}
