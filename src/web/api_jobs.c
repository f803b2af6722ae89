/* api_jobs.c — /api/v1/jobs (admins): background jobs. */
#include <errno.h>
#include <stdlib.h>

#include "web/api.h"
#include "web/handlers.h"

int api_jobs_list(struct req *r) {
  static const char *const allowed[] = {"status", "limit", NULL};
  int rc = api_check_query(r, allowed);
  int limit = PAGE_DEFAULT;
  if (!rc) rc = page_limit_parse(req_query(r, "limit"), &limit, &r->e);
  if (rc) return rc;
  struct job *js;
  size_t n;
  rc = app_job_list(&r->x, req_query(r, "status"), limit, &js, &n);
  if (rc) return rc;
  buf_puts(&r->out, "{\"items\":[");
  for (size_t i = 0; i < n; i++) {
    if (i) buf_putc(&r->out, ',');
    repr_job(&r->out, &js[i]);
  }
  buf_puts(&r->out, "],\"next\":null}");
  api_send(r, 200, 0);
  return KEEL_OK;
}

int api_jobs_create(struct req *r) {
  const char *kind = NULL;
  int64_t in = 0, id;
  const struct jfield f[] = {
      {"kind", JK_STRING, JF_REQUIRED, &kind, NULL},
      {"in", JK_INT, 0, &in, NULL},
  };
  json_t *body;
  int rc = api_read(r, f, 2, &body);
  if (rc) return rc;
  rc = app_job_enqueue(&r->x, kind, in, &id);
  json_decref(body);
  if (rc) return rc;
  buf_printf(&r->out, "{\"id\":%lld,\"status\":\"queued\"}", (long long)id);
  api_send(r, 201, 0);
  return KEEL_OK;
}
