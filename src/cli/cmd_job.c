/* cmd_job.c — keel job ...: queue, list and run background jobs. */
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/timeutil.h"

int cmd_job_add(struct cli *c, int argc, char **argv);
int cmd_job_list(struct cli *c, int argc, char **argv);
int cmd_job_run(struct cli *c, int argc, char **argv);

int cmd_job_add(struct cli *c, int argc, char **argv) {
  const char *in = NULL, *pos[1];
  int npos;
  const struct cli_opt opts[] = {{"--in", 1, &in, NULL}, {NULL, 0, NULL, NULL}};
  int rc = cli_parse("job add", argc, argv, opts, pos, 1, &npos);
  if (rc) return rc;
  if (npos != 1) return cli_usage("job add", "give the kind of job: housekeeping or recount");
  int64_t delay = 0, id;
  if (in && (rc = cli_integer("job add", "--in", in, &delay))) return rc;
  if ((rc = cli_open(c))) return rc;
  rc = app_job_enqueue(&c->x, pos[0], delay, &id);
  if (rc) return cli_fail(c, rc);
  if (c->json) printf("{\"id\":%lld}\n", (long long)id);
  else printf("job %lld queued (%s)\n", (long long)id, pos[0]);
  return 0;
}

int cmd_job_list(struct cli *c, int argc, char **argv) {
  const char *status = NULL, *limit = NULL, *pos[1];
  int npos;
  const struct cli_opt opts[] = {{"--status", 1, &status, NULL}, {"--limit", 1, &limit, NULL}, {NULL, 0, NULL, NULL}};
  int rc = cli_parse("job list", argc, argv, opts, pos, 0, &npos);
  if (rc) return rc;
  int64_t lim = 50;
  if (limit && (rc = cli_integer("job list", "--limit", limit, &lim))) return rc;
  if ((rc = cli_open(c))) return rc;
  struct job *js;
  size_t n;
  rc = app_job_list(&c->x, status, (int)lim, &js, &n);
  if (rc) return cli_fail(c, rc);
  buf b;
  buf_init(&b, 0);
  if (c->json) {
    buf_puts(&b, "{\"items\":[");
    for (size_t i = 0; i < n; i++) {
      if (i) buf_putc(&b, ',');
      repr_job(&b, &js[i]);
    }
    buf_puts(&b, "]}\n");
  } else {
    static const char *const head[] = {"ID", "KIND", "STATUS", "TRIES", "BY", "FINISHED", "RESULT"};
    struct table t;
    table_start(&t, c->a, 7, head);
    for (size_t i = 0; i < n; i++) {
      const struct job *j = &js[i];
      const char *row[] = {arena_printf(c->a, "%lld", (long long)j->id), job_kind_name(j->kind),
                           job_status_name(j->status), arena_printf(c->a, "%lld", (long long)j->attempts),
                           j->claimed_by, cli_time(c, j->finished_at), j->result};
      table_row(&t, c->a, row);
    }
    table_print(&t, &b, 60);
  }
  cli_out(&b);
  buf_free(&b);
  return 0;
}

int cmd_job_run(struct cli *c, int argc, char **argv) {
  const char *pos[1];
  int npos;
  int rc = cli_parse("job run", argc, argv, NULL, pos, 0, &npos);
  if (rc) return rc;
  if ((rc = cli_open(c))) return rc;
  rc = app_require(&c->x, CAP_ADMIN, "run background jobs");
  if (rc) return cli_fail(c, rc);
  char name[64];
  snprintf(name, sizeof name, "cli:%ld", (long)getpid());
  int ran = 0, failed = 0, did;
  do {
    c->x.now = time_now();
    rc = app_jobs_work_one(&c->x, name, &did);
    if (did) ran++;
    if (rc) {
      failed++;
      fprintf(stderr, "keel: a job failed: %s\n", c->e.msg);
    }
  } while (did);
  printf("ran %d job%s, %d failed\n", ran, ran == 1 ? "" : "s", failed);
  return failed ? 1 : 0;
}
