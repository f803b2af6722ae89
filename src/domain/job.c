/* job.c — job names and the retry policy. */
#include "domain/job.h"

#include <string.h>

static const char *const kind_names[JOB_KIND_COUNT] = {"housekeeping", "recount", "webhook", "email"};
static const char *const status_names[JOB_STATUS_COUNT] = {"queued", "running", "done", "failed"};

const char *job_kind_name(enum job_kind k) { return k < JOB_KIND_COUNT ? kind_names[k] : "housekeeping"; }
const char *job_status_name(enum job_status s) { return s < JOB_STATUS_COUNT ? status_names[s] : "queued"; }

int job_kind_parse(const char *s, enum job_kind *out) {
  for (int i = 0; s && i < JOB_KIND_COUNT; i++)
    if (strcmp(s, kind_names[i]) == 0) {
      *out = (enum job_kind)i;
      return 0;
    }
  return -1;
}

int job_kind_manual(enum job_kind k) { return k == JOB_HOUSEKEEPING || k == JOB_RECOUNT; }

int job_kind_outbound(enum job_kind k) { return k == JOB_WEBHOOK || k == JOB_EMAIL; }

int job_status_parse(const char *s, enum job_status *out) {
  for (int i = 0; s && i < JOB_STATUS_COUNT; i++)
    if (strcmp(s, status_names[i]) == 0) {
      *out = (enum job_status)i;
      return 0;
    }
  return -1;
}

int64_t job_retry_at(int64_t now, int64_t attempts) {
  if (attempts >= JOB_MAX_ATTEMPTS) return 0;
  return now + JOB_RETRY_SECONDS * (attempts > 0 ? attempts : 1);
}
