/* test_jobs.c — background jobs on a temporary SQLite workspace: queueing
 * (with the admin check and dedupe keys), claims that never hand one job to
 * two workers, finishing in the same transaction as the effect, retries and
 * their limit, stale claims given back, and what each job kind does. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "app/app.h"
#include "core/crypto.h"
#include "store/ideas.h"
#include "store/jobs.h"
#include "store/products.h"
#include "store/users.h"

struct fx {
  char dir[64], path[96];
  db *d;
  arena *a;
  struct keel_err e;
};

static int setup(void **state) {
  struct fx *f = calloc(1, sizeof *f);
  snprintf(f->dir, sizeof f->dir, "/tmp/keel-jobs-XXXXXX");
  if (!mkdtemp(f->dir)) return -1;
  snprintf(f->path, sizeof f->path, "%s/k.db", f->dir);
  if (db_open(f->path, DB_OPEN_CREATE, &f->d, &f->e)) return -1;
  f->a = arena_new(1 << 16);
  *state = f;
  return 0;
}

static int teardown(void **state) {
  struct fx *f = *state;
  db_close(f->d);
  arena_free(f->a);
  char p[128];
  const char *suffix[] = {"", "-wal", "-shm"};
  for (int i = 0; i < 3; i++) {
    snprintf(p, sizeof p, "%s%s", f->path, suffix[i]);
    unlink(p);
  }
  rmdir(f->dir);
  free(f);
  return 0;
}

static struct app ctx(struct fx *f, const struct actor *who, int64_t now) {
  err_clear(&f->e);
  return (struct app){.db = f->d, .a = f->a, .actor = who, .now = now, .e = &f->e};
}

static int64_t count(struct fx *f, const char *sql) {
  db_stmt *st = db_prepare(f->d, sql, &f->e);
  assert_non_null(st);
  assert_int_equal(db_step(st), 1);
  int64_t v = db_col_int(st, 0);
  db_done(st);
  return v;
}

static void test_enqueue_rules(void **state) {
  struct fx *f = *state;
  const struct actor pm = {7, ROLE_PM, "Pat", "pat@example.com", 0};
  struct app x = ctx(f, &pm, 1000);
  int64_t id;
  assert_int_equal(app_job_enqueue(&x, "recount", 0, &id), KEEL_EPERM);
  x = ctx(f, &app_owner, 1000);
  assert_int_equal(app_job_enqueue(&x, "defragment", 0, &id), KEEL_EINVAL);
  assert_string_equal(f->e.field, "kind");
  assert_int_equal(app_job_enqueue(&x, "recount", -5, &id), KEEL_EINVAL);
  assert_int_equal(count(f, "SELECT COUNT(*) FROM jobs"), 0);
  assert_int_equal(app_job_enqueue(&x, "recount", 60, &id), KEEL_OK);
  assert_true(id > 0);
  assert_int_equal(count(f, "SELECT COUNT(*) FROM audit WHERE action = 'job.add'"), 1);
  /* Not due for a minute: nothing to run yet. */
  int did = 1;
  x = ctx(f, NULL, 1000);
  assert_int_equal(app_jobs_work_one(&x, "w1", &did), KEEL_OK);
  assert_int_equal(did, 0);
  x = ctx(f, NULL, 1060);
  assert_int_equal(app_jobs_work_one(&x, "w1", &did), KEEL_OK);
  assert_int_equal(did, 1);
  struct job *js;
  size_t n;
  x = ctx(f, &app_owner, 1061);
  assert_int_equal(app_job_list(&x, "done", 10, &js, &n), KEEL_OK);
  assert_int_equal(n, 1);
  assert_int_equal(js[0].attempts, 1);
  assert_string_equal(js[0].claimed_by, "w1");
  assert_int_equal(js[0].finished_at, 1060);
}

static void test_schedule_once_per_hour(void **state) {
  struct fx *f = *state;
  int64_t t = 3600 * 500 + 10;
  for (int i = 0; i < 5; i++) { /* five servers, or one server five times, in the same hour */
    struct app x = ctx(f, NULL, t + i);
    assert_int_equal(app_jobs_schedule(&x), KEEL_OK);
  }
  assert_int_equal(count(f, "SELECT COUNT(*) FROM jobs WHERE kind = 'housekeeping'"), 1);
  struct app x = ctx(f, NULL, t + 3600);
  assert_int_equal(app_jobs_schedule(&x), KEEL_OK);
  assert_int_equal(count(f, "SELECT COUNT(*) FROM jobs WHERE kind = 'housekeeping'"), 2);
}

static void test_claims_are_exclusive(void **state) {
  struct fx *f = *state;
  struct app x = ctx(f, &app_owner, 100);
  int64_t id;
  for (int i = 0; i < 30; i++) assert_int_equal(app_job_enqueue(&x, i % 2 ? "recount" : "housekeeping", 0, &id), KEEL_OK);
  /* Two connections take turns claiming, as two servers would. */
  db *other;
  assert_int_equal(db_open(f->path, DB_OPEN_EXISTING, &other, &f->e), KEEL_OK);
  int ran = 0, did;
  do {
    struct app a1 = ctx(f, NULL, 200);
    assert_int_equal(app_jobs_work_one(&a1, "node-a", &did), KEEL_OK);
    ran += did;
    struct app a2 = {.db = other, .a = f->a, .actor = NULL, .now = 200, .e = &f->e};
    int did2;
    assert_int_equal(app_jobs_work_one(&a2, "node-b", &did2), KEEL_OK);
    ran += did2;
    did = did || did2;
  } while (did);
  db_close(other);
  assert_int_equal(ran, 30);
  assert_int_equal(count(f, "SELECT COUNT(*) FROM jobs WHERE status = 'done' AND attempts = 1"), 30);
  assert_int_equal(count(f, "SELECT COUNT(*) FROM jobs WHERE claimed_by = 'node-a'"), 15);
  assert_int_equal(count(f, "SELECT COUNT(*) FROM jobs WHERE claimed_by = 'node-b'"), 15);
}

static void test_stale_claim_given_back(void **state) {
  struct fx *f = *state;
  struct app x = ctx(f, &app_owner, 100);
  int64_t id;
  assert_int_equal(app_job_enqueue(&x, "housekeeping", 0, &id), KEEL_OK);
  /* A worker claims it and dies before finishing. */
  struct job j;
  int found;
  assert_int_equal(db_begin(f->d, &f->e), KEEL_OK);
  assert_int_equal(store_job_claim(f->d, f->a, "dead-node", 100, &j, &found, &f->e), KEEL_OK);
  assert_int_equal(db_commit(f->d, &f->e), KEEL_OK);
  assert_int_equal(found, 1);
  int did;
  x = ctx(f, NULL, 100 + JOB_LEASE_SECONDS - 1);
  assert_int_equal(app_jobs_work_one(&x, "live-node", &did), KEEL_OK);
  assert_int_equal(did, 0); /* still within its lease */
  x = ctx(f, NULL, 100 + JOB_LEASE_SECONDS + 1);
  assert_int_equal(app_jobs_work_one(&x, "live-node", &did), KEEL_OK);
  assert_int_equal(did, 1);
  assert_int_equal(count(f, "SELECT attempts FROM jobs"), 2);
  assert_int_equal(count(f, "SELECT COUNT(*) FROM jobs WHERE status = 'done' AND claimed_by = 'live-node'"), 1);
}

static void test_failures_retry_then_stop(void **state) {
  struct fx *f = *state;
  int64_t id, now = 5000;
  int created;
  /* A job whose work fails: recount on a database where votes were dropped
   * is fine, so simulate failure with a claimed job finished as failed. */
  assert_int_equal(store_job_enqueue(f->d, JOB_RECOUNT, "", NULL, now, now, &id, &created, &f->e), KEEL_OK);
  for (int attempt = 1; attempt <= JOB_MAX_ATTEMPTS; attempt++) {
    struct job j;
    int found;
    assert_int_equal(db_begin(f->d, &f->e), KEEL_OK);
    assert_int_equal(store_job_claim(f->d, f->a, "w", now, &j, &found, &f->e), KEEL_OK);
    assert_int_equal(db_commit(f->d, &f->e), KEEL_OK);
    assert_int_equal(found, 1);
    assert_int_equal(j.attempts, attempt);
    int64_t retry = job_retry_at(now, j.attempts);
    assert_int_equal(store_job_finish(f->d, j.id, 0, "boom", now, retry, &f->e), KEEL_OK);
    if (attempt < JOB_MAX_ATTEMPTS) {
      assert_true(retry > now);
      assert_int_equal(count(f, "SELECT COUNT(*) FROM jobs WHERE status = 'queued'"), 1);
      now = retry;
    } else {
      assert_int_equal(retry, 0);
      assert_int_equal(count(f, "SELECT COUNT(*) FROM jobs WHERE status = 'failed'"), 1);
    }
  }
  /* Finishing a job that is not running is refused. */
  assert_int_equal(store_job_finish(f->d, id, 1, "", now, 0, &f->e), KEEL_ECONFLICT);
}

static void test_recount_fixes_drift(void **state) {
  struct fx *f = *state;
  char hash[PASSWORD_HASH_LEN] = "$argon2id$placeholder";
  struct user u = {.email = "v@example.com", .name = "V", .role = ROLE_CONTRIBUTOR, .active = 1};
  assert_int_equal(store_user_insert(f->d, &u, hash, &f->e), KEEL_OK);
  struct product p = {.key = "PAY", .name = "Payments", .description = ""};
  assert_int_equal(store_product_insert(f->d, &p, &f->e), KEEL_OK);
  struct idea i = {.product_id = p.id, .title = "T", .description = "", .source = SRC_OTHER, .customer = "", .status = IS_NEW};
  assert_int_equal(store_idea_insert(f->d, &i, &f->e), KEEL_OK);
  int changed;
  assert_int_equal(store_vote_add(f->d, i.id, u.id, 1, &changed, &f->e), KEEL_OK);
  assert_int_equal(db_exec(f->d, "UPDATE ideas SET vote_count = 9", &f->e), KEEL_OK); /* drifted */
  struct app x = ctx(f, &app_owner, 100);
  int64_t id;
  assert_int_equal(app_job_enqueue(&x, "recount", 0, &id), KEEL_OK);
  int64_t gen0;
  assert_int_equal(app_generation(&x, &gen0), KEEL_OK);
  int did;
  x = ctx(f, NULL, 101);
  assert_int_equal(app_jobs_work_one(&x, "w", &did), KEEL_OK);
  assert_int_equal(did, 1);
  assert_int_equal(count(f, "SELECT vote_count FROM ideas"), 1);
  int64_t gen1;
  assert_int_equal(app_generation(&x, &gen1), KEEL_OK);
  assert_true(gen1 > gen0); /* lists that show votes must be refreshed */
  struct job *js;
  size_t n;
  x = ctx(f, &app_owner, 102);
  assert_int_equal(app_job_list(&x, "done", 5, &js, &n), KEEL_OK);
  assert_int_equal(n, 1);
  assert_string_equal(js[0].result, "corrected the vote count of 1 idea");
}

int main(void) {
  crypto_init();
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_enqueue_rules, setup, teardown),
      cmocka_unit_test_setup_teardown(test_schedule_once_per_hour, setup, teardown),
      cmocka_unit_test_setup_teardown(test_claims_are_exclusive, setup, teardown),
      cmocka_unit_test_setup_teardown(test_stale_claim_given_back, setup, teardown),
      cmocka_unit_test_setup_teardown(test_failures_retry_then_stop, setup, teardown),
      cmocka_unit_test_setup_teardown(test_recount_fixes_drift, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
