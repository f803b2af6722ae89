/* jobs.h — the jobs table. Results live in the caller's arena. */
#ifndef KEEL_STORE_JOBS_H
#define KEEL_STORE_JOBS_H

#include <stddef.h>

#include "domain/job.h"
#include "store/db.h"

/* Queues a job. With a dedupe_key already used, nothing is added and
 * *created is 0. Sets *id (0 when not created). */
int store_job_enqueue(db *d, enum job_kind kind, const char *payload, const char *dedupe_key, int64_t run_after,
                      int64_t now, int64_t *id, int *created, struct keel_err *e);

/* Claims the oldest due job for worker `by`: queued → running, attempts + 1.
 * On PostgreSQL the row is locked FOR UPDATE SKIP LOCKED, so workers on many
 * servers never take the same job; on SQLite call it inside a write
 * transaction (the single writer lock does the same). *found is 0 when no job
 * is due. */
int store_job_claim(db *d, arena *a, const char *by, int64_t now, struct job *out, int *found, struct keel_err *e);

/* Finishes a claimed job: done, or failed (retried at retry_at when not 0). */
int store_job_finish(db *d, int64_t id, int ok, const char *result, int64_t now, int64_t retry_at,
                     struct keel_err *e);

/* The earliest run_after of a queued job in *at, or 0 when none is queued. */
int store_job_next_due(db *d, int64_t *at, struct keel_err *e);

/* Gives back running jobs claimed before `before` (their worker died). */
int store_job_release_stale(db *d, int64_t before, int64_t *released, struct keel_err *e);

/* Lists jobs newest first (status_mask 0: all), up to limit. */
int store_job_list(db *d, arena *a, unsigned status_mask, int limit, struct job **out, size_t *n, struct keel_err *e);

/* Housekeeping: deletes sign-in failures older than `before`. */
int store_login_failure_purge(db *d, int64_t before, struct keel_err *e);

/* Recount: sets every idea's vote_count to its number of votes; *fixed counts
 * the ideas that were wrong. */
int store_votes_recount(db *d, int64_t *fixed, struct keel_err *e);

#endif
