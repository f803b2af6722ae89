/* jobs.c — queueing background jobs, and the worker step that runs them.
 *
 * A worker claims a job in one transaction and runs it in another, which also
 * marks it done: a job's effect and its "done" commit together, so a worker
 * that dies mid-job leaves no half-done work, and the job is given back after
 * its lease and runs again. Claims are exclusive across servers (store/jobs.c),
 * so each job's effect happens exactly once. */
#include <stdio.h>
#include <string.h>

#include "app/internal.h"
#include "app/notify.h"
#include "store/jobs.h"
#include "store/users.h"

static int parse_status(const char *s, int *out) {
  enum job_status v;
  if (job_status_parse(s, &v)) return -1;
  *out = (int)v;
  return 0;
}

int app_job_enqueue(struct app *x, const char *kind, int64_t delay, int64_t *id) {
  int rc = app_require(x, CAP_ADMIN, "queue background jobs");
  if (rc) return rc;
  enum job_kind k;
  if (!kind || job_kind_parse(kind, &k) || !job_kind_manual(k))
    return err_set(x->e, KEEL_EINVAL, "kind", "kind must be housekeeping or recount");
  if (delay < 0 || delay > 30 * 86400)
    return err_set(x->e, KEEL_EINVAL, "in", "a job can start now or within 30 days (seconds from now)");
  rc = app_begin(x);
  if (rc) return rc;
  int created;
  rc = store_job_enqueue(x->db, k, "", NULL, x->now + delay, x->now, id, &created, x->e);
  if (!rc) {
    const char *after = arena_printf(x->a, "{\"kind\":\"%s\",\"run_after\":%lld}", job_kind_name(k), (long long)(x->now + delay));
    rc = app_audit(x, "job.add", "job", *id, arena_printf(x->a, "job %lld", (long long)*id), NULL, after);
  }
  return app_finish(x, rc);
}

int app_job_list(struct app *x, const char *status, int limit, struct job **out, size_t *n) {
  int rc = app_require(x, CAP_ADMIN, "see background jobs");
  if (rc) return rc;
  unsigned mask;
  rc = app_parse_mask(x, status, "status", 0, 0, parse_status, &mask);
  if (rc) return rc;
  if (limit < 1 || limit > PAGE_MAX) limit = PAGE_DEFAULT;
  return store_job_list(x->db, x->a, mask, limit, out, n, x->e);
}

int app_jobs_schedule(struct app *x) {
  int64_t hour = x->now / JOB_HOUSEKEEPING_PERIOD;
  const char *key = arena_printf(x->a, "housekeeping:%lld", (long long)hour);
  int64_t id;
  int created;
  int rc = app_begin(x);
  if (rc) return rc;
  rc = store_job_enqueue(x->db, JOB_HOUSEKEEPING, "", key, x->now, x->now, &id, &created, x->e);
  return app_finish(x, rc);
}

/* Does a job's work inside the caller's transaction; *result says what. */
static int run_job(struct app *x, const struct job *j, const char **result) {
  int rc;
  switch (j->kind) {
  case JOB_HOUSEKEEPING:
    rc = store_session_purge(x->db, x->now, x->e);
    if (!rc) rc = store_login_failure_purge(x->db, x->now - LOGIN_WINDOW_SECONDS, x->e);
    *result = "purged ended sessions and old sign-in failures";
    return rc;
  case JOB_RECOUNT: {
    int64_t fixed = 0;
    rc = store_votes_recount(x->db, &fixed, x->e);
    *result = arena_printf(x->a, "corrected the vote count of %lld idea%s", (long long)fixed, fixed == 1 ? "" : "s");
    /* Corrected counts change what lists show: record it, which also moves the generation. */
    if (!rc && fixed)
      rc = app_audit(x, "job.recount", "job", j->id, arena_printf(x->a, "job %lld", (long long)j->id), NULL,
                     arena_printf(x->a, "{\"fixed\":%lld}", (long long)fixed));
    return rc;
  }
  case JOB_WEBHOOK:
  case JOB_EMAIL: /* outbound: run by deliver_run(), outside any transaction */
  case JOB_KIND_COUNT:
    break;
  }
  return err_set(x->e, KEEL_EINTERNAL, NULL, "unknown job kind");
}

int app_jobs_next_due(struct app *x, int64_t *at) { return store_job_next_due(x->db, at, x->e); }

int app_jobs_work_one(struct app *x, const char *worker, int *did) {
  *did = 0;
  struct job j;
  int found = 0, rc = app_begin(x);
  if (rc) return rc;
  int64_t released = 0;
  rc = store_job_release_stale(x->db, x->now - JOB_LEASE_SECONDS, &released, x->e);
  if (!rc) rc = store_job_claim(x->db, x->a, worker, x->now, &j, &found, x->e);
  rc = app_finish(x, rc);
  if (rc || !found) return rc;
  *did = 1;
  if (job_kind_outbound(j.kind)) return deliver_run(x, &j);

  const char *result = "";
  rc = app_begin(x);
  if (!rc) rc = run_job(x, &j, &result);
  if (!rc) rc = store_job_finish(x->db, j.id, 1, result, x->now, 0, x->e);
  rc = app_finish(x, rc);
  if (!rc) return KEEL_OK;

  /* The work rolled back: record the failure, and a retry while attempts remain. */
  struct keel_err failed = *x->e;
  int rc2 = app_begin(x);
  if (!rc2) rc2 = store_job_finish(x->db, j.id, 0, failed.msg, x->now, job_retry_at(x->now, j.attempts), x->e);
  rc2 = app_finish(x, rc2);
  *x->e = failed;
  return rc2 ? rc2 : rc;
}
