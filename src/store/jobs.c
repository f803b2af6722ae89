/* jobs.c — SQL for the jobs table, and the work the job kinds do. The claim
 * is the one statement that differs between backends. */
#include "store/jobs.h"

#include <string.h>

#include "core/buf.h"

#define JOB_COLS                                                                                    \
  "id, kind, payload, dedupe_key, status, run_after, attempts, claimed_by, claimed_at, finished_at, " \
  "result, created_at"

static void read_row(db_stmt *st, arena *a, struct job *j) {
  memset(j, 0, sizeof *j);
  j->id = db_col_int(st, 0);
  if (job_kind_parse(db_col_str0(st, 1, a), &j->kind)) j->kind = JOB_HOUSEKEEPING;
  j->payload = db_col_str0(st, 2, a);
  j->dedupe_key = db_col_str(st, 3, a);
  if (job_status_parse(db_col_str0(st, 4, a), &j->status)) j->status = JOB_QUEUED;
  j->run_after = db_col_int(st, 5);
  j->attempts = db_col_int(st, 6);
  j->claimed_by = db_col_str0(st, 7, a);
  j->claimed_at = db_col_is_null(st, 8) ? 0 : db_col_int(st, 8);
  j->finished_at = db_col_is_null(st, 9) ? 0 : db_col_int(st, 9);
  j->result = db_col_str0(st, 10, a);
  j->created_at = db_col_int(st, 11);
}

int store_job_enqueue(db *d, enum job_kind kind, const char *payload, const char *dedupe_key, int64_t run_after,
                      int64_t now, int64_t *id, int *created, struct keel_err *e) {
  *id = 0;
  *created = 0;
  db_stmt *st = db_prepare(d,
                           "INSERT INTO jobs(kind, payload, dedupe_key, status, run_after, created_at) "
                           "VALUES (?, ?, ?, 'queued', ?, ?) ON CONFLICT (dedupe_key) DO NOTHING RETURNING id",
                           e);
  if (!st) return e->rc;
  db_bind_text(st, 1, job_kind_name(kind));
  db_bind_text(st, 2, payload ? payload : "");
  db_bind_text(st, 3, dedupe_key);
  db_bind_int(st, 4, run_after);
  db_bind_int(st, 5, now);
  int rc = db_step_returning(st, id, e, "queue job");
  if (rc == KEEL_ENOTFOUND) return KEEL_OK; /* that dedupe key is taken: already queued */
  if (!rc) *created = 1;
  return rc;
}

int store_job_claim(db *d, arena *a, const char *by, int64_t now, struct job *out, int *found, struct keel_err *e) {
  *found = 0;
  /* The same statement on both backends, but for the row lock that lets
   * concurrent workers on PostgreSQL skip each other's jobs. */
  const char *sql =
      strcmp(db_backend_name(d), "postgresql") == 0
          ? "UPDATE jobs SET status = 'running', attempts = attempts + 1, claimed_by = ?, claimed_at = ? "
            "WHERE id = (SELECT id FROM jobs WHERE status = 'queued' AND run_after <= ? "
            "ORDER BY run_after, id LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING " JOB_COLS
          : "UPDATE jobs SET status = 'running', attempts = attempts + 1, claimed_by = ?, claimed_at = ? "
            "WHERE id = (SELECT id FROM jobs WHERE status = 'queued' AND run_after <= ? "
            "ORDER BY run_after, id LIMIT 1) RETURNING " JOB_COLS;
  db_stmt *st = db_prepare(d, sql, e);
  if (!st) return e->rc;
  db_bind_text(st, 1, by);
  db_bind_int(st, 2, now);
  db_bind_int(st, 3, now);
  int r = db_step(st), rc = KEEL_OK;
  if (r > 0) {
    read_row(st, a, out);
    *found = 1;
    while ((r = db_step(st)) > 0) {}
  }
  if (r < 0) rc = db_fail(d, e, "claim job");
  db_done(st);
  return rc;
}

int store_job_finish(db *d, int64_t id, int ok, const char *result, int64_t now, int64_t retry_at,
                     struct keel_err *e) {
  db_stmt *st = db_prepare(d,
                           "UPDATE jobs SET status = ?, result = ?, finished_at = ?, run_after = ?, claimed_by = "
                           "CASE WHEN ? = 'queued' THEN '' ELSE claimed_by END WHERE id = ? AND status = 'running' "
                           "RETURNING id",
                           e);
  if (!st) return e->rc;
  const char *status = ok ? "done" : retry_at ? "queued" : "failed";
  db_bind_text(st, 1, status);
  db_bind_text(st, 2, result ? result : "");
  db_bind_int(st, 3, now);
  db_bind_int(st, 4, retry_at ? retry_at : now);
  db_bind_text(st, 5, status);
  db_bind_int(st, 6, id);
  int rc = db_step_returning(st, NULL, e, "finish job");
  if (rc == KEEL_ENOTFOUND) return err_set(e, KEEL_ECONFLICT, NULL, "job %lld is not running any more", (long long)id);
  return rc;
}

int store_job_release_stale(db *d, int64_t before, int64_t *released, struct keel_err *e) {
  *released = 0;
  db_stmt *st = db_prepare(d,
                           "UPDATE jobs SET status = 'queued', claimed_by = '' WHERE status = 'running' AND claimed_at < ? "
                           "RETURNING id",
                           e);
  if (!st) return e->rc;
  db_bind_int(st, 1, before);
  int r;
  while ((r = db_step(st)) > 0) (*released)++;
  int rc = r < 0 ? db_fail(d, e, "release stale jobs") : KEEL_OK;
  db_done(st);
  return rc;
}

int store_job_list(db *d, arena *a, unsigned status_mask, int limit, struct job **out, size_t *n, struct keel_err *e) {
  *out = NULL;
  *n = 0;
  buf sql;
  buf_init(&sql, 1024);
  buf_puts(&sql, "SELECT " JOB_COLS " FROM jobs");
  if (status_mask) {
    buf_puts(&sql, " WHERE status IN (");
    int first = 1;
    for (int s = 0; s < JOB_STATUS_COUNT; s++)
      if (status_mask & (1u << s)) {
        buf_puts(&sql, first ? "?" : ", ?");
        first = 0;
      }
    buf_putc(&sql, ')');
  }
  buf_puts(&sql, " ORDER BY id DESC LIMIT ?");
  db_stmt *st = db_prepare(d, buf_cstr(&sql), e);
  buf_free(&sql);
  if (!st) return e->rc;
  int k = 1;
  for (int s = 0; s < JOB_STATUS_COUNT; s++)
    if (status_mask & (1u << s)) db_bind_text(st, k++, job_status_name((enum job_status)s));
  db_bind_int(st, k, limit);
  size_t cap = 0;
  int r;
  while ((r = db_step(st)) > 0) {
    if (*n == cap) {
      size_t grown = cap ? cap * 2 : 32;
      *out = arena_realloc(a, *out, cap * sizeof **out, grown * sizeof **out);
      cap = grown;
    }
    read_row(st, a, &(*out)[(*n)++]);
  }
  int rc = r < 0 ? db_fail(d, e, "list jobs") : KEEL_OK;
  db_done(st);
  return rc;
}

int store_login_failure_purge(db *d, int64_t before, struct keel_err *e) {
  db_stmt *st = db_prepare(d, "DELETE FROM login_failures WHERE at < ?", e);
  if (!st) return e->rc;
  db_bind_int(st, 1, before);
  return db_step_done(st, e, "purge sign-in failures");
}

int store_votes_recount(db *d, int64_t *fixed, struct keel_err *e) {
  *fixed = 0;
  db_stmt *st = db_prepare(d,
                           "UPDATE ideas SET vote_count = (SELECT COUNT(*) FROM votes v WHERE v.idea_id = ideas.id) "
                           "WHERE vote_count <> (SELECT COUNT(*) FROM votes v WHERE v.idea_id = ideas.id) RETURNING id",
                           e);
  if (!st) return e->rc;
  int r;
  while ((r = db_step(st)) > 0) (*fixed)++;
  int rc = r < 0 ? db_fail(d, e, "recount votes") : KEEL_OK;
  db_done(st);
  return rc;
}

int store_job_next_due(db *d, int64_t *at, struct keel_err *e) {
  db_stmt *st = db_prepare(d, "SELECT COALESCE(MIN(run_after), 0) FROM jobs WHERE status = 'queued'", e); /* jobs_queue */
  if (!st) return e->rc;
  return db_step_returning(st, at, e, "read when the next job is due");
}
