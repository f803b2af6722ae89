/* worker.h — the background job worker that every `keel serve` runs.
 *
 * One thread with its own database connection: it queues the hourly
 * housekeeping (once per hour across all servers), then claims and runs due
 * jobs one after another, and sleeps a second when there are none. */
#ifndef KEEL_WEB_WORKER_H
#define KEEL_WEB_WORKER_H

#include "core/err.h"

struct job_worker;

/* Starts the worker on the database at db_path, naming itself `name` in the
 * jobs it claims. Returns KEEL_OK with *out, or an error (no database). */
int worker_start(const char *db_path, const char *name, struct job_worker **out, struct keel_err *e);

/* Stops the worker after the job it is running, and frees it. NULL is ignored. */
void worker_stop(struct job_worker *w);

#endif
