/* gen.c — benchmark data: a workspace with N features and M ideas.
 *
 * usage: keel-bench-gen DB FEATURES IDEAS
 * Creates DB (which must not exist) through store/, in one transaction:
 * 4 products, FEATURES features spread over them (80% with RICE inputs, 60%
 * with ICE, every horizon and status), IDEAS ideas (60% linked to a feature
 * and planned, the rest new or under review), 50 users and votes on 20% of
 * the ideas. Titles are ~60 characters and descriptions ~300, as in the peer
 * benchmarks. Prints the user with an API token to use. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/crypto.h"
#include "core/timeutil.h"
#include "domain/rank.h"
#include "store/features.h"
#include "store/ideas.h"
#include "store/products.h"
#include "store/users.h"

static const char *const words[] = {"checkout", "refund", "invoice", "dashboard", "export", "payout", "wallet",
                                    "report", "alert", "retention", "cohort", "mobile", "search", "filter",
                                    "currency", "tax", "receipt", "webhook", "limit", "onboarding", "fraud",
                                    "subscription", "discount", "shipping", "analytics", "latency", "login"};
enum { NWORDS = sizeof words / sizeof words[0] };

static unsigned long long rng = 88172645463325252ULL;
static unsigned rnd(unsigned n) {
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return (unsigned)(rng % n);
}

/* Writes text of about len characters made of words into out. */
static void text(char *out, size_t len, const char *lead) {
  size_t n = (size_t)snprintf(out, len + 1, "%s", lead);
  while (n + 12 < len) n += (size_t)snprintf(out + n, len + 1 - n, " %s", words[rnd(NWORDS)]);
  out[n] = '\0';
}

static int fail(const char *what, const struct keel_err *e) {
  fprintf(stderr, "gen: %s: %s\n", what, e->msg);
  return 1;
}

int main(int argc, char **argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: %s DB FEATURES IDEAS\n", argv[0]);
    return 2;
  }
  long nf = strtol(argv[2], NULL, 10), ni = strtol(argv[3], NULL, 10);
  if (crypto_init()) return 1;
  struct keel_err e = {0};
  db *d;
  if (db_open(argv[1], DB_OPEN_CREATE, &d, &e)) return fail("open", &e);
  arena *a = arena_new(1 << 20);
  int64_t now = time_now();
  char hash[PASSWORD_HASH_LEN];
  if (password_hash("bench-password", 14, hash)) return 1;
  if (db_begin(d, &e)) return fail("begin", &e);

  enum { NUSERS = 50, NPRODUCTS = 4, GEN_BATCH = 1000 };
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
  static const double impacts[] = {0.25, 0.5, 1, 2, 3};
  int64_t *feature_ids = malloc((size_t)(nf > 0 ? nf : 1) * sizeof *feature_ids);
  int64_t rank[NPRODUCTS] = {0};
  char title[128], desc[512];
  for (long i = 0; i < nf; i++) {
    int p = (int)(i % NPRODUCTS);
    text(title, 60, "Improve");
    text(desc, 300, "Merchants ask for this because");
    struct feature f = {.product_id = products[p].id, .title = title, .description = desc,
                        .status = (enum feature_status)rnd(FS_COUNT), .horizon = (enum horizon)rnd(HZ_COUNT),
                        .created_by = users[0], .created_at = now - rnd(86400 * 365), .updated_at = now - rnd(86400 * 90)};
    if (store_product_next_number(d, products[p].id, &f.number, &e)) return fail("number", &e);
    rank[p] += RANK_GAP;
    f.rank = rank[p];
    if (rnd(100) < 80)
      f.rice = (struct rice){1, (double)(rnd(20000) + 10), impacts[rnd(5)], (double)(50 + rnd(51)), 0.5 + rnd(24) / 2.0};
    if (rnd(100) < 60) f.ice = (struct ice){1, (int)rnd(10) + 1, (int)rnd(10) + 1, (int)rnd(10) + 1};
    if (store_feature_insert(d, &f, &e)) return fail("feature", &e);
    feature_ids[i] = f.id;
    /* Commit in batches: each feature bumps its product's feature_seq, and
     * PostgreSQL must walk every version of that row made earlier in the same
     * transaction, so one transaction for all would take quadratic time. */
    if (i % GEN_BATCH == GEN_BATCH - 1 && (db_commit(d, &e) || db_begin(d, &e))) return fail("batch", &e);
  }
  for (long i = 0; i < ni; i++) {
    int p = (int)(i % NPRODUCTS);
    text(title, 60, "Please add");
    text(desc, 300, "Our customers keep asking about");
    struct idea it = {.product_id = products[p].id, .title = title, .description = desc,
                      .source = (enum idea_source)rnd(SRC_COUNT), .customer = rnd(2) ? "Northwind Traders" : "",
                      .status = rnd(2) ? IS_NEW : IS_UNDER_REVIEW, .submitted_by = users[rnd(NUSERS)],
                      .created_at = now - rnd(86400 * 365), .updated_at = now - rnd(86400 * 30)};
    if (store_idea_insert(d, &it, &e)) return fail("idea", &e);
    if (nf > 0 && rnd(100) < 60) {
      it.status = IS_PLANNED;
      it.feature_id = feature_ids[rnd((unsigned)nf)];
      if (store_idea_update(d, &it, &e)) return fail("link idea", &e);
    }
    if (rnd(100) < 20) {
      unsigned votes = 1 + rnd(10);
      for (unsigned v = 0; v < votes; v++) {
        int changed;
        if (store_vote_add(d, it.id, users[rnd(NUSERS)], now, &changed, &e)) return fail("vote", &e);
      }
    }
    if (i % GEN_BATCH == GEN_BATCH - 1 && (db_commit(d, &e) || db_begin(d, &e))) return fail("batch", &e);
  }
  if (db_commit(d, &e)) return fail("commit", &e);
  printf("generated %ld features and %ld ideas in %s\n", nf, ni, argv[1]);
  free(feature_ids);
  arena_free(a);
  db_close(d);
  return 0;
}
