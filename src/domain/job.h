/* job.h — background jobs: kinds, statuses and the retry policy.
 *
 * A job is work that must happen once across every server on the database,
 * whichever picks it up: housekeeping (purging expired sessions and old
 * sign-in failures, scheduled hourly) and recounts (recomputing the vote
 * counts kept for sorting from the votes themselves), webhook deliveries and
 * e-mails (app/deliver.c). */
#ifndef KEEL_DOMAIN_JOB_H
#define KEEL_DOMAIN_JOB_H

#include <stdint.h>

enum job_kind { JOB_HOUSEKEEPING, JOB_RECOUNT, JOB_WEBHOOK, JOB_EMAIL, JOB_KIND_COUNT };
enum job_status { JOB_QUEUED, JOB_RUNNING, JOB_DONE, JOB_FAILED, JOB_STATUS_COUNT };

enum {
  JOB_LEASE_SECONDS = 300,        /* a running job not finished by then is given back */
  JOB_MAX_ATTEMPTS = 3,           /* then it stays failed */
  JOB_RETRY_SECONDS = 30,         /* wait before a retry, times the attempt number */
  JOB_HOUSEKEEPING_PERIOD = 3600, /* one housekeeping job per hour */
};

struct job {
  int64_t id;
  enum job_kind kind;
  const char *payload;
  const char *dedupe_key; /* may be NULL */
  enum job_status status;
  int64_t run_after;
  int64_t attempts;
  const char *claimed_by;
  int64_t claimed_at, finished_at, created_at;
  const char *result; /* what it did, or why it failed */
};

const char *job_kind_name(enum job_kind k);
int job_kind_parse(const char *s, enum job_kind *out);
const char *job_status_name(enum job_status s);
int job_status_parse(const char *s, enum job_status *out);

/* Returns 1 for kinds an admin may queue by hand (housekeeping, recount);
 * webhook and e-mail jobs are queued only with the delivery they carry. */
int job_kind_manual(enum job_kind k);

/* Returns 1 for kinds whose work talks to another system (webhook, email):
 * they run outside any database transaction, with their own retry policy
 * (domain/notify.h). */
int job_kind_outbound(enum job_kind k);

/* Returns when a job that failed on attempt n should run again, or 0 when it
 * should not (n reached JOB_MAX_ATTEMPTS). */
int64_t job_retry_at(int64_t now, int64_t attempts);

#endif
