/* gen_feedback.c — benchmark data for search and duplicate suggestions.
 *
 * usage: keel-bench-gen-feedback DB N [IDEAS [FEATURES]]
 *        keel-bench-gen-feedback --queries COUNT      (search queries, one a line)
 *        keel-bench-gen-feedback --items COUNT        (new feedback texts, one a line)
 *
 * The first form creates DB (which must not exist) through store/ and fills
 * it with N feedback items, IDEAS ideas (default N / 50) and FEATURES
 * features (default N / 500), in transactions of GEN_BATCH rows, keeping the
 * full-text index up to date as Keel does (its triggers). Text is English-like:
 * a vocabulary of about 3,000 word forms (function words, then some 700
 * product and support words with their inflections) drawn with Zipf
 * frequencies (the r-th most common word about 1/r as often as the first), in
 * sentences of 4 to 18 words; a feedback item has 20 to 400 words
 * (log-uniform: median about 90), an idea a title of 4 to 9 words and a
 * description of 20 to 120. Items name one of 500 customers and one of 4
 * products, with dates over two years. The same seed gives the same data.
 *
 * The other forms print text drawn from the same vocabulary (with another
 * seed), for the benchmark's requests: queries of 1 to 3 content words of
 * middling frequency, and new items like the feedback. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/crypto.h"
#include "core/timeutil.h"
#include "domain/rank.h"
#include "store/customers.h"
#include "store/features.h"
#include "store/feedback.h"
#include "store/ideas.h"
#include "store/products.h"
#include "store/users.h"

enum {
  GEN_BATCH = 1000,        /* rows per transaction */
  NUSERS = 20,
  NPRODUCTS = 4,
  NCUSTOMERS = 500,
  TEXT_MAX = 4096,         /* bytes of one generated text (400 words fit) */
  WORDS_MIN = 20,
  WORDS_MAX = 400,
  VOCAB_MAX = 8192,
};

/* The most common English words, most common first. */
static const char *const function_words[] = {
    "the", "to", "and", "a", "of", "it", "we", "is", "in", "i", "that", "for", "you", "this", "our", "with", "on",
    "be", "not", "have", "are", "when", "can", "but", "as", "they", "would", "so", "do", "if", "from", "at", "all",
    "an", "or", "there", "was", "my", "will", "just", "no", "more", "what", "one", "out", "about", "like", "get",
    "has", "every", "some", "which", "your", "also", "only", "them", "been", "now", "then", "than", "other", "very",
    "because", "could", "into", "after", "still", "even", "their", "time", "need", "us", "me", "way", "again",
    "should", "any", "much", "really", "before", "make", "know", "see", "too", "use", "want", "back", "day",
    "lot", "same", "here", "over", "first", "each", "why", "how", "while", "without", "always", "never",
};

/* Product and support nouns; each also appears in the plural. */
static const char *const nouns[] = {
    "account", "activity", "address", "admin", "agent", "alert", "analytics", "answer", "api", "app", "approval",
    "archive", "attachment", "audit", "automation", "avatar", "backlog", "backup", "badge", "balance", "bank",
    "banner", "batch", "billing", "board", "bookmark", "bot", "branch", "browser", "budget", "bug", "build",
    "bundle", "button", "cache", "calendar", "campaign", "card", "cart", "category", "change", "channel", "chart",
    "chat", "checkbox", "checkout", "client", "cloud", "column", "comment", "company", "compliance", "config",
    "connection", "contact", "contract", "cookie", "copy", "cost", "country", "coupon", "crash", "credit",
    "currency", "customer", "dashboard", "data", "database", "date", "deadline", "delay", "delivery", "deploy",
    "design", "desktop", "detail", "device", "discount", "document", "domain", "download", "draft", "dropdown",
    "editor", "email", "employee", "endpoint", "error", "event", "export", "feature", "feed", "fee", "field",
    "file", "filter", "folder", "font", "form", "format", "fraud", "gateway", "graph", "group", "guest", "header",
    "history", "holiday", "icon", "image", "import", "inbox", "integration", "interface", "inventory", "invoice",
    "issue", "item", "job", "key", "label", "language", "layout", "ledger", "license", "limit", "link", "list",
    "load", "locale", "location", "lock", "log", "login", "logo", "manager", "map", "margin", "member", "menu",
    "merchant", "message", "method", "metric", "migration", "mobile", "mode", "model", "module", "month", "network",
    "note", "notification", "number", "option", "order", "owner", "package", "page", "panel", "partner", "password",
    "payment", "payout", "pdf", "permission", "phone", "picture", "pipeline", "plan", "platform", "plugin", "policy",
    "portal", "post", "preview", "price", "printer", "privacy", "process", "product", "profile", "project",
    "prompt", "provider", "purchase", "query", "queue", "quote", "rate", "receipt", "record", "refund", "region",
    "release", "reminder", "report", "request", "resource", "response", "result", "role", "route", "row", "rule",
    "sale", "schedule", "schema", "screen", "script", "search", "season", "section", "sector", "segment", "seller",
    "server", "service", "session", "setting", "shipment", "shop", "signature", "site", "size", "slot", "snapshot",
    "source", "space", "spreadsheet", "status", "step", "stock", "storage", "store", "subscription", "summary",
    "supplier", "survey", "sync", "system", "tab", "table", "tag", "task", "tax", "team", "template", "tenant",
    "test", "theme", "thread", "ticket", "timeline", "timezone", "token", "tool", "total", "tracking", "transfer",
    "trial", "upload", "upgrade", "user", "value", "vendor", "version", "video", "view", "wallet", "warehouse",
    "webhook", "week", "widget", "window", "workflow", "workspace", "year", "zone",
    "afternoon", "agency", "amount", "answer", "approach", "area", "article", "aspect", "assistant", "attempt",
    "audience", "author", "behaviour", "benefit", "bill", "bit", "book", "boss", "box", "brand", "business",
    "call", "case", "cause", "center", "chance", "choice", "city", "class", "colleague", "community", "computer",
    "condition", "conference", "consumer", "control", "conversation", "course", "culture", "deal", "decision",
    "department", "description", "development", "difference", "direction", "director", "discussion", "effort",
    "element", "end", "engineer", "environment", "evening", "evidence", "example", "experience", "expert",
    "fact", "factor", "family", "feeling", "figure", "friend", "function", "future", "game", "goal", "growth",
    "hand", "head", "help", "home", "hour", "idea", "impact", "industry", "information", "interest", "kind",
    "knowledge", "leader", "level", "line", "lunch", "machine", "market", "matter", "meeting", "memory",
    "minute", "moment", "morning", "name", "need", "news", "night", "office", "opportunity", "organization",
    "part", "people", "period", "person", "piece", "place", "point", "position", "practice", "problem",
    "program", "progress", "purpose", "quality", "question", "reason", "relationship", "research", "risk",
    "room", "sense", "series", "share", "side", "situation", "skill", "solution", "sort", "speed", "staff",
    "stage", "standard", "story", "strategy", "structure", "student", "study", "style", "subject", "success",
    "suggestion", "term", "thing", "thought", "topic", "training", "trouble", "truth", "type", "unit", "vacation",
    "word", "world",
};

/* Verbs; each also appears with -s, -ed and -ing. */
static const char *const verbs[] = {
    "access", "add", "allow", "apply", "approve", "assign", "block", "break", "calculate", "cancel", "charge",
    "check", "click", "close", "configure", "confirm", "connect", "convert", "create", "decline", "delete",
    "disable", "display", "duplicate", "edit", "enable", "expect", "expire", "fail", "fix", "follow", "generate",
    "hide", "ignore", "improve", "include", "install", "invite", "keep", "launch", "lose", "manage", "mark",
    "merge", "miss", "move", "notify", "open", "pay", "print", "publish", "read", "receive", "refresh", "reject",
    "remove", "rename", "reopen", "repeat", "replace", "reset", "resize", "restore", "retry", "return", "review",
    "save", "scan", "scroll", "select", "send", "share", "show", "sign", "sort", "split", "start", "stop",
    "submit", "support", "switch", "track", "translate", "trigger", "try", "undo", "update", "validate", "verify",
    "wait", "work", "write",
    "accept", "act", "agree", "appear", "ask", "attach", "avoid", "believe", "book", "bring", "call", "care",
    "change", "claim", "collect", "compare", "complain", "complete", "consider", "contain", "continue", "cover",
    "deal", "decide", "depend", "describe", "develop", "discuss", "end", "enjoy", "enter", "explain", "fill",
    "finish", "handle", "happen", "hear", "help", "hope", "join", "jump", "kill", "last", "learn", "leave",
    "like", "listen", "live", "look", "love", "matter", "mention", "mind", "need", "offer", "order", "own",
    "pass", "perform", "pick", "plan", "play", "point", "prefer", "prepare", "present", "prevent", "produce",
    "protect", "provide", "pull", "push", "reach", "realize", "recommend", "reduce", "remember", "report",
    "require", "respond", "result", "seem", "serve", "set", "settle", "solve", "spend", "stay", "struggle",
    "suggest", "talk", "tell", "test", "thank", "turn", "use", "visit", "walk", "want", "wish", "wonder", "worry",
};

/* Adjectives and adverbs, as they are. */
static const char *const adjectives[] = {
    "annual", "automatic", "available", "bad", "better", "broken", "bulk", "clear", "complex", "confusing",
    "correct", "critical", "current", "custom", "daily", "dark", "default", "difficult", "easy", "empty",
    "enterprise", "entire", "expensive", "external", "fast", "faster", "free", "frequent", "full", "global",
    "good", "great", "hard", "helpful", "hidden", "huge", "important", "incorrect", "internal", "invalid",
    "large", "late", "latest", "live", "local", "long", "manual", "missing", "monthly", "multiple", "new", "nice",
    "offline", "old", "online", "partial", "pending", "possible", "previous", "private", "public", "quick",
    "random", "recent", "recurring", "regular", "reliable", "remote", "responsive", "secure", "separate",
    "shared", "short", "simple", "slow", "small", "smooth", "specific", "stable", "strange", "terrible",
    "unclear", "unusable", "urgent", "useful", "valid", "visible", "weekly", "wrong", "yearly", "quickly",
    "slowly", "sometimes", "often", "usually", "suddenly", "randomly", "already", "finally", "currently",
};

static const char *vocab[VOCAB_MAX];
static double cumulative[VOCAB_MAX];
static size_t nvocab, nfunction;

static unsigned long long rng = 0x9E3779B97F4A7C15ULL;
static unsigned long long next_rand(void) {
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return rng;
}
static double uniform(void) { return (double)(next_rand() >> 11) / 9007199254740992.0; }
static unsigned rnd(unsigned n) { return (unsigned)(next_rand() % n); }

static const char *inflect(const char *w, const char *suffix) {
  size_t n = strlen(w);
  char out[64];
  if (strcmp(suffix, "s") == 0 && (w[n - 1] == 's' || w[n - 1] == 'x' || w[n - 1] == 'h'))
    snprintf(out, sizeof out, "%ses", w);
  else if (strcmp(suffix, "s") == 0 && w[n - 1] == 'y' && !strchr("aeiou", w[n - 2]))
    snprintf(out, sizeof out, "%.*sies", (int)n - 1, w);
  else if (suffix[0] == 'e' && w[n - 1] == 'e') /* save → saved */
    snprintf(out, sizeof out, "%s%s", w, suffix + 1);
  else if (suffix[0] == 'i' && w[n - 1] == 'e' && n > 2) /* save → saving */
    snprintf(out, sizeof out, "%.*s%s", (int)n - 1, w, suffix);
  else
    snprintf(out, sizeof out, "%s%s", w, suffix);
  return strdup(out);
}

/* The vocabulary in Zipf order: function words first, then the content words
 * and their inflections shuffled (seeded), each less likely than the last. */
static void build_vocab(void) {
  for (size_t i = 0; i < sizeof function_words / sizeof function_words[0]; i++) vocab[nvocab++] = function_words[i];
  nfunction = nvocab;
  size_t first = nvocab;
  for (size_t i = 0; i < sizeof nouns / sizeof nouns[0]; i++) {
    vocab[nvocab++] = nouns[i];
    vocab[nvocab++] = inflect(nouns[i], "s");
  }
  static const char *const verb_suffixes[] = {"s", "ed", "ing"};
  for (size_t i = 0; i < sizeof verbs / sizeof verbs[0]; i++) {
    vocab[nvocab++] = verbs[i];
    for (size_t k = 0; k < 3; k++) vocab[nvocab++] = inflect(verbs[i], verb_suffixes[k]);
  }
  for (size_t i = 0; i < sizeof adjectives / sizeof adjectives[0]; i++) vocab[nvocab++] = adjectives[i];
  /* Ticket numbers, versions and error codes: a long tail of rare tokens. */
  for (int i = 0; i < 600; i++) {
    char code[32];
    snprintf(code, sizeof code, i % 3 == 0 ? "v%d" : i % 3 == 1 ? "e%d" : "%d", i % 3 == 0 ? i / 3 : 100 + i);
    vocab[nvocab++] = strdup(code);
  }
  for (size_t i = nvocab - 1; i > first; i--) {
    size_t j = first + rnd((unsigned)(i - first + 1));
    const char *t = vocab[i];
    vocab[i] = vocab[j];
    vocab[j] = t;
  }
  double sum = 0;
  for (size_t r = 0; r < nvocab; r++) {
    sum += 1.0 / ((double)r + 2.7);
    cumulative[r] = sum;
  }
  for (size_t r = 0; r < nvocab; r++) cumulative[r] /= sum;
}

static const char *zipf_word(void) {
  double u = uniform();
  size_t lo = 0, hi = nvocab - 1;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (cumulative[mid] < u) lo = mid + 1;
    else hi = mid;
  }
  return vocab[lo];
}

/* Writes nwords words in sentences into out (TEXT_MAX bytes). */
static void sentences(char *out, int nwords) {
  size_t n = 0;
  int left = 0;
  for (int i = 0; i < nwords && n + 40 < TEXT_MAX; i++) {
    const char *w = zipf_word();
    if (left == 0) {
      left = 4 + (int)rnd(15);
      if (i) n += (size_t)snprintf(out + n, TEXT_MAX - n, ". ");
      n += (size_t)snprintf(out + n, TEXT_MAX - n, "%c%s", w[0] >= 'a' && w[0] <= 'z' ? w[0] - 32 : w[0], w + 1);
    } else {
      n += (size_t)snprintf(out + n, TEXT_MAX - n, "%s%s", rnd(12) == 0 ? ", " : " ", w);
    }
    left--;
  }
  snprintf(out + n, TEXT_MAX - n, ".");
}

static int words_log_uniform(int lo, int hi) {
  return (int)exp(log((double)lo) + uniform() * (log((double)hi + 1) - log((double)lo)));
}

static int fail(const char *what, const struct keel_err *e) {
  fprintf(stderr, "gen: %s: %s\n", what, e->msg);
  return 1;
}

/* A content word of middling frequency (ranks 30 to 600 among the content
 * words), for queries that match a fair share of the items. */
static const char *middling_word(void) { return vocab[nfunction + 30 + rnd(570)]; }

static int sample(const char *what, long count) {
  rng = 0xD1B54A32D192ED03ULL;
  char text[TEXT_MAX];
  for (long i = 0; i < count; i++) {
    if (strcmp(what, "--queries") == 0) {
      int words = 1 + (int)rnd(3);
      for (int k = 0; k < words; k++) printf("%s%s", k ? " " : "", middling_word());
      printf("\n");
    } else {
      sentences(text, words_log_uniform(WORDS_MIN, WORDS_MAX));
      printf("%s\n", text);
    }
  }
  return 0;
}

int main(int argc, char **argv) {
  build_vocab();
  if (argc == 3 && (strcmp(argv[1], "--queries") == 0 || strcmp(argv[1], "--items") == 0))
    return sample(argv[1], strtol(argv[2], NULL, 10));
  if (argc < 3 || argc > 5) {
    fprintf(stderr, "usage: %s DB N [IDEAS [FEATURES]] | --queries COUNT | --items COUNT\n", argv[0]);
    return 2;
  }
  long nfb = strtol(argv[2], NULL, 10);
  long ni = argc > 3 ? strtol(argv[3], NULL, 10) : nfb / 50;
  long nf = argc > 4 ? strtol(argv[4], NULL, 10) : nfb / 500;
  if (nfb < 0 || ni < 0 || nf < 0) return 2;
  if (crypto_init()) return 1;
  struct keel_err e = {0};
  db *d;
  if (db_open(argv[1], DB_OPEN_CREATE, &d, &e)) return fail("open", &e);
  int64_t now = time_now();
  char hash[PASSWORD_HASH_LEN];
  if (password_hash("bench-password", 14, hash)) return 1;
  if (db_begin(d, &e)) return fail("begin", &e);

  int64_t users[NUSERS];
  for (int i = 0; i < NUSERS; i++) {
    char email[64], name[64];
    snprintf(email, sizeof email, "user%d@bench.test", i);
    snprintf(name, sizeof name, "Bench User %d", i);
    struct user u = {.email = email, .name = name, .role = i == 0 ? ROLE_PM : ROLE_CONTRIBUTOR, .active = 1,
                     .created_at = now, .updated_at = now};
    if (store_user_insert(d, &u, hash, &e)) return fail("user", &e);
    users[i] = u.id;
  }
  static const char *const keys[NPRODUCTS] = {"PAY", "INS", "MOB", "OPS"};
  static const char *const names[NPRODUCTS] = {"Payments", "Insights", "Mobile", "Operations"};
  struct product products[NPRODUCTS];
  for (int i = 0; i < NPRODUCTS; i++) {
    products[i] = (struct product){.key = keys[i], .name = names[i], .description = "", .created_at = now, .updated_at = now};
    if (store_product_insert(d, &products[i], &e)) return fail("product", &e);
  }
  static const char *const segments[] = {"enterprise", "mid-market", "smb"};
  int64_t customers[NCUSTOMERS];
  for (int i = 0; i < NCUSTOMERS; i++) {
    char name[64];
    snprintf(name, sizeof name, "Customer %03d", i);
    struct customer c = {.name = name, .segment = segments[i % 3], .arr = 1000 * (int64_t)(1 + rnd(500)), .plan = "",
                         .created_at = now, .updated_at = now};
    if (store_customer_insert(d, &c, &e)) return fail("customer", &e);
    customers[i] = c.id;
  }
  if (db_commit(d, &e)) return fail("commit", &e);

  char title[TEXT_MAX], text[TEXT_MAX];
  long done = 0;
  for (long i = 0; i < nf; i++, done++) {
    if (done % GEN_BATCH == 0 && db_begin(d, &e)) return fail("begin", &e);
    int p = (int)(i % NPRODUCTS);
    sentences(title, 3 + (int)rnd(6));
    title[strlen(title) - 1] = '\0'; /* no full stop */
    sentences(text, words_log_uniform(20, 120));
    struct feature f = {.product_id = products[p].id, .title = title, .description = text,
                        .status = (enum feature_status)rnd(FS_COUNT), .horizon = (enum horizon)rnd(HZ_COUNT),
                        .created_by = users[0], .created_at = now - rnd(86400 * 730), .updated_at = now};
    if (store_product_next_number(d, products[p].id, &f.number, &e)) return fail("number", &e);
    f.rank = (int64_t)(i / NPRODUCTS + 1) * RANK_GAP;
    if (store_feature_insert(d, &f, &e)) return fail("feature", &e);
    if (done % GEN_BATCH == GEN_BATCH - 1 && db_commit(d, &e)) return fail("commit", &e);
  }
  for (long i = 0; i < ni; i++, done++) {
    if (done % GEN_BATCH == 0 && db_begin(d, &e)) return fail("begin", &e);
    sentences(title, 4 + (int)rnd(6));
    title[strlen(title) - 1] = '\0';
    sentences(text, words_log_uniform(20, 120));
    struct idea it = {.product_id = products[rnd(NPRODUCTS)].id, .title = title, .description = text,
                      .source = (enum idea_source)rnd(SRC_COUNT), .customer = "",
                      .status = rnd(2) ? IS_NEW : IS_UNDER_REVIEW, .submitted_by = users[rnd(NUSERS)],
                      .created_at = now - rnd(86400 * 730), .updated_at = now,
                      .customer_id = rnd(2) ? customers[rnd(NCUSTOMERS)] : 0};
    if (store_idea_insert(d, &it, &e)) return fail("idea", &e);
    if (done % GEN_BATCH == GEN_BATCH - 1 && db_commit(d, &e)) return fail("commit", &e);
  }
  static const enum feedback_channel channels[] = {FC_SUPPORT, FC_SUPPORT, FC_SUPPORT, FC_SURVEY, FC_SURVEY,
                                                   FC_INTERVIEW, FC_SALES_CALL, FC_REVIEW, FC_CHAT, FC_EMAIL};
  for (long i = 0; i < nfb; i++, done++) {
    if (done % GEN_BATCH == 0 && db_begin(d, &e)) return fail("begin", &e);
    sentences(text, words_log_uniform(WORDS_MIN, WORDS_MAX));
    int64_t at = now - 86400 * 730 + (int64_t)(i * (86400.0 * 730 / (double)(nfb ? nfb : 1)));
    struct feedback f = {.text = text, .channel = channels[rnd(10)], .reference = "",
                         .customer_id = rnd(10) < 8 ? customers[rnd(NCUSTOMERS)] : 0,
                         .product_id = products[rnd(NPRODUCTS)].id, .received_at = at, .attributes = "{}",
                         .status = FBS_INBOX, .created_at = at, .updated_at = at};
    if (store_feedback_insert(d, &f, &e)) return fail("feedback", &e);
    if (done % GEN_BATCH == GEN_BATCH - 1 && db_commit(d, &e)) return fail("commit", &e);
    if (i % 100000 == 99999) {
      fprintf(stderr, "gen: %ld feedback items\n", i + 1);
    }
  }
  if (done % GEN_BATCH != 0 && db_commit(d, &e)) return fail("commit", &e);
  printf("generated %ld feedback items, %ld ideas and %ld features (vocabulary: %zu words) in %s\n", nfb, ni, nf,
         nvocab, argv[1]);
  db_close(d);
  return 0;
}
