/* worker.c — the job worker thread: claim, run, repeat; wait when idle. */
#include "web/worker.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/app.h"
#include "core/log.h"
#include "core/mem.h"
#include "core/timeutil.h"

enum {
  WORKER_IDLE_MS = 1000,       /* the longest wait when nothing is due */
  WORKER_MIN_WAIT_MS = 20,     /* the shortest: a job due now but locked by another server's claim */
  WORKER_SCHEDULE_SECONDS = 60
};

struct job_worker {
  pthread_t thread;
  pthread_mutex_t mu; /* guards stopping */
  pthread_cond_t cv;
  int stopping;
  db *db;
  char name[128];
};

static int should_stop(struct job_worker *w) {
  pthread_mutex_lock(&w->mu);
  int s = w->stopping;
  pthread_mutex_unlock(&w->mu);
  return s;
}

/* Sleeps up to ms, waking early when asked to stop. */
static void idle(struct job_worker *w, int ms) {
  struct timespec until;
  clock_gettime(CLOCK_REALTIME, &until);
  until.tv_sec += ms / 1000;
  until.tv_nsec += (long)(ms % 1000) * 1000000L;
  if (until.tv_nsec >= 1000000000L) {
    until.tv_sec++;
    until.tv_nsec -= 1000000000L;
  }
  pthread_mutex_lock(&w->mu);
  while (!w->stopping && pthread_cond_timedwait(&w->cv, &w->mu, &until) != ETIMEDOUT) {}
  pthread_mutex_unlock(&w->mu);
}

/* Milliseconds from now until the start of second `due` (Unix time), between
 * WORKER_MIN_WAIT_MS and cap. */
static int until_ms(int64_t due, int cap) {
  struct timespec now;
  clock_gettime(CLOCK_REALTIME, &now);
  int64_t ms = (due - (int64_t)now.tv_sec) * 1000 - now.tv_nsec / 1000000;
  return ms <= WORKER_MIN_WAIT_MS ? WORKER_MIN_WAIT_MS : ms >= cap ? cap : (int)ms;
}

static void *run(void *arg) {
  struct job_worker *w = arg;
  int64_t scheduled = 0;
  while (!should_stop(w)) {
    struct keel_err e = {0};
    arena *a = arena_new(16 * 1024);
    struct app x = {.db = w->db, .a = a, .actor = NULL, .now = time_now(), .e = &e};
    if (x.now - scheduled >= WORKER_SCHEDULE_SECONDS) {
      if (app_jobs_schedule(&x) == KEEL_OK) scheduled = x.now;
    }
    int did = 0;
    int rc = app_jobs_work_one(&x, w->name, &did);
    if (rc && rc != KEEL_EBUSY) log_warn("job worker %s: %s", w->name, e.msg);
    /* Nothing due, or the database is away: wait a poll, or less when a
     * queued job falls due sooner, so that every server wakes for it then. */
    int wait_ms = WORKER_IDLE_MS;
    int64_t due = 0;
    if (!did && !rc && app_jobs_next_due(&x, &due) == KEEL_OK && due > 0) wait_ms = until_ms(due, wait_ms);
    arena_free(a);
    if (!did || rc) idle(w, wait_ms);
  }
  return NULL;
}

int worker_start(const char *db_path, const char *name, struct job_worker **out, struct keel_err *e) {
  *out = NULL;
  struct job_worker *w = xcalloc(1, sizeof *w);
  int rc = db_open(db_path, DB_OPEN_EXISTING, &w->db, e);
  if (rc) {
    free(w);
    return rc;
  }
  snprintf(w->name, sizeof w->name, "%s", name);
  pthread_mutex_init(&w->mu, NULL);
  pthread_cond_init(&w->cv, NULL);
  if (pthread_create(&w->thread, NULL, run, w) != 0) {
    db_close(w->db);
    pthread_mutex_destroy(&w->mu);
    pthread_cond_destroy(&w->cv);
    free(w);
    return err_set(e, KEEL_EINTERNAL, NULL, "cannot start the job worker thread");
  }
  *out = w;
  return KEEL_OK;
}

void worker_stop(struct job_worker *w) {
  if (!w) return;
  pthread_mutex_lock(&w->mu);
  w->stopping = 1;
  pthread_cond_signal(&w->cv);
  pthread_mutex_unlock(&w->mu);
  pthread_join(w->thread, NULL);
  db_close(w->db);
  pthread_mutex_destroy(&w->mu);
  pthread_cond_destroy(&w->cv);
  free(w);
}
