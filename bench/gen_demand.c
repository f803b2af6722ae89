/* gen_demand.c — benchmark data for the demand view: one feature that many
 * customers asked for.
 *
 * usage: keel-bench-gen-demand DB LINKS CUSTOMERS
 * Creates DB (which must not exist) through store/: product DEM with 20
 * features, CUSTOMERS customers (segments enterprise / mid-market / smb /
 * unknown, ARR 0–1,000,000), LINKS feedback items (100–600 characters each,
 * every channel, 70% naming a customer) linked to DEM-1 with a quote and an
 * importance, and the same number again linked to the other features. One
 * in five of DEM-1's items is linked through one of 200 ideas that became
 * DEM-1, so the demand query walks both paths. A PM user0@bench.test with
 * password bench-password. Commits every 1000 rows. */
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

static const char *const words[] = {"checkout", "refund",  "invoice",  "dashboard", "export",    "payout",
                                    "wallet",   "report",  "alert",    "retention", "cohort",    "mobile",
                                    "search",   "filter",  "currency", "tax",       "receipt",   "webhook",
                                    "limit",    "slow",    "fraud",    "renewal",   "discount",  "shipping",
                                    "the",      "we",      "need",     "our",       "customers", "every"};
enum { NWORDS = sizeof words / sizeof words[0] };

static unsigned long long rng = 88172645463325252ULL;
static unsigned rnd(unsigned n) {
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return (unsigned)(rng % n);
}

/* Writes text of about len characters made of words into out (len < cap). */
static void text(char *out, size_t len, const char *lead) {
  size_t n = (size_t)snprintf(out, len + 1, "%s", lead);
  while (n + 12 < len) n += (size_t)snprintf(out + n, len + 1 - n, " %s", words[rnd(NWORDS)]);
  out[n] = '\0';
}

static int fail(const char *what, const struct keel_err *e) {
  fprintf(stderr, "gen-demand: %s: %s\n", what, e->msg);
  return 1;
}

enum { GEN_BATCH = 1000, NFEATURES = 20, NIDEAS = 200, TEXT_CAP = 640 };

/* Inserts one feedback item and links it to the feature (or, when idea_id is
 * set, to that idea). */
static int feedback_linked(db *d, int64_t now, int64_t customer, int64_t feature_id, int64_t idea_id, int64_t user,
                           struct keel_err *e) {
  char body[TEXT_CAP + 1];
  text(body, 100 + rnd(500), "Customers say");
  struct feedback f = {.text = body, .channel = (enum feedback_channel)rnd(FC_COUNT), .reference = "",
                       .customer_id = customer, .received_at = now - rnd(86400 * 365), .attributes = "{}",
                       .status = FBS_INBOX, .submitted_by = user, .created_at = now, .updated_at = now};
  if (store_feedback_insert(d, &f, e)) return -1;
  /* The quote is a substring of the text, as the app requires. */
  char quote[80];
  size_t qn = strlen(body) < 60 ? strlen(body) : 60;
  memcpy(quote, body, qn);
  quote[qn] = '\0';
  struct feedback_link l = {.feedback_id = f.id, .feature_id = idea_id ? 0 : feature_id, .idea_id = idea_id,
                            .quote = quote, .importance = (enum importance)rnd(IMP_COUNT), .created_by = user,
                            .created_at = now};
  return store_feedback_link_insert(d, &l, e);
}

int main(int argc, char **argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: %s DB LINKS CUSTOMERS\n", argv[0]);
    return 2;
  }
  long nlinks = strtol(argv[2], NULL, 10), ncust = strtol(argv[3], NULL, 10);
  if (nlinks < 1 || ncust < 1) {
    fprintf(stderr, "gen-demand: LINKS and CUSTOMERS must be positive\n");
    return 2;
  }
  if (crypto_init()) return 1;
  struct keel_err e = {0};
  db *d;
  if (db_open(argv[1], DB_OPEN_CREATE, &d, &e)) return fail("open", &e);
  int64_t now = time_now();
  char hash[PASSWORD_HASH_LEN];
  if (password_hash("bench-password", 14, hash)) return 1;
  if (db_begin(d, &e)) return fail("begin", &e);

  struct user u = {.email = "user0@bench.test", .name = "Bench PM", .role = ROLE_PM, .active = 1,
                   .created_at = now, .updated_at = now};
  if (store_user_insert(d, &u, hash, &e)) return fail("user", &e);
  struct product p = {.key = "DEM", .name = "Demand", .description = "", .created_at = now, .updated_at = now};
  if (store_product_insert(d, &p, &e)) return fail("product", &e);
  int64_t features[NFEATURES];
  char title[128], desc[512];
  for (int i = 0; i < NFEATURES; i++) {
    text(title, 60, "Improve");
    text(desc, 300, "Merchants ask for this because");
    struct feature f = {.product_id = p.id, .title = title, .description = desc, .status = FS_CANDIDATE,
                        .horizon = HZ_NEXT, .created_by = u.id, .created_at = now, .updated_at = now,
                        .rank = (int64_t)(i + 1) * RANK_GAP};
    f.rice = (struct rice){1, 1000, 2, 80, 3};
    if (store_product_next_number(d, p.id, &f.number, &e)) return fail("number", &e);
    if (store_feature_insert(d, &f, &e)) return fail("feature", &e);
    features[i] = f.id;
  }
  static const char *const segments[] = {"enterprise", "mid-market", "smb", ""};
  int64_t *customers = malloc((size_t)ncust * sizeof *customers);
  if (!customers) return 1;
  for (long i = 0; i < ncust; i++) {
    char name[64];
    snprintf(name, sizeof name, "Customer %05ld", i);
    struct customer c = {.name = name, .segment = segments[rnd(4)], .arr = (int64_t)rnd(1000001), .plan = "",
                         .created_at = now, .updated_at = now};
    if (store_customer_insert(d, &c, &e)) return fail("customer", &e);
    customers[i] = c.id;
  }
  int64_t ideas[NIDEAS];
  for (int i = 0; i < NIDEAS; i++) {
    text(title, 60, "Please add");
    struct idea it = {.product_id = p.id, .title = title, .description = "", .source = SRC_CUSTOMER,
                      .customer = "", .status = IS_NEW, .submitted_by = u.id, .created_at = now, .updated_at = now};
    if (store_idea_insert(d, &it, &e)) return fail("idea", &e);
    it.status = IS_PLANNED;
    it.feature_id = features[0];
    if (store_idea_update(d, &it, &e)) return fail("promote idea", &e);
    ideas[i] = it.id;
  }
  if (db_commit(d, &e) || db_begin(d, &e)) return fail("commit", &e);
  for (long i = 0; i < 2 * nlinks; i++) {
    int64_t customer = rnd(10) < 7 ? customers[rnd((unsigned)ncust)] : 0;
    int64_t feature = i < nlinks ? features[0] : features[1 + rnd(NFEATURES - 1)];
    int64_t idea = i < nlinks && rnd(5) == 0 ? ideas[rnd(NIDEAS)] : 0;
    if (feedback_linked(d, now, customer, feature, idea, u.id, &e)) return fail("feedback", &e);
    if (i % GEN_BATCH == GEN_BATCH - 1 && (db_commit(d, &e) || db_begin(d, &e))) return fail("batch", &e);
  }
  if (db_commit(d, &e)) return fail("commit", &e);
  printf("generated %ld feedback items linked to DEM-1 (and %ld to other features), %ld customers, in %s\n", nlinks,
         nlinks, ncust, argv[1]);
  free(customers);
  db_close(d);
  return 0;
}
