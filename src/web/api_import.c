/* api_import.c — POST /api/v1/feedback/import (a CSV/TSV file as the body)
 * and GET /api/v1/feedback/export (CSV or JSON, sent from a temporary file). */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/import.h"
#include "web/api.h"
#include "web/handlers.h"
#include "web/upload.h"

int api_feedback_import(struct req *r) {
  static const char *const allowed[] = {"map", "meta", "na", "channel", "product", "delimiter", "quotes", "dry_run",
                                        "name", NULL};
  int rc = api_check_query(r, allowed);
  if (rc) return rc;
  const char *ctype = req_header(r, "Content-Type");
  int delim = 0;
  if (ctype && strncasecmp(ctype, "text/tab-separated-values", 25) == 0) delim = '\t';
  else if (ctype && strncasecmp(ctype, "text/csv", 8) == 0) delim = ',';
  else
    return err_set(&r->e, KEEL_EINVAL, "Content-Type",
                   "send the file as the body with Content-Type text/csv or text/tab-separated-values");
  const char *d = req_query(r, "delimiter");
  if (d && strcmp(d, "comma") == 0) delim = ',';
  else if (d && strcmp(d, "tab") == 0) delim = '\t';
  else if (d) return err_set(&r->e, KEEL_EINVAL, "delimiter", "delimiter is comma or tab");
  const char *quotes = req_query(r, "quotes"), *dry = req_query(r, "dry_run");
  if (quotes && strcmp(quotes, "rfc") != 0 && strcmp(quotes, "none") != 0)
    return err_set(&r->e, KEEL_EINVAL, "quotes", "quotes is rfc (the default) or none");
  if (dry && strcmp(dry, "true") != 0 && strcmp(dry, "false") != 0)
    return err_set(&r->e, KEEL_EINVAL, "dry_run", "dry_run is true or false");
  if (!r->upload) return err_set(&r->e, KEEL_EINTERNAL, NULL, "the upload was not spooled");
  const char *name = req_query(r, "name");
  struct import_in in = {.kind = IMPORT_FEEDBACK, .name = name && *name ? name : "upload", .f = upload_file(r->upload),
                         .delim = delim, .no_quotes = quotes && strcmp(quotes, "none") == 0,
                         .map = req_query(r, "map"), .meta = req_query(r, "meta"), .na = req_query(r, "na"),
                         .channel = req_query(r, "channel"), .product = req_query(r, "product"),
                         .dry_run = dry && strcmp(dry, "true") == 0};
  struct import_result res;
  rc = app_import(&r->x, &in, &res);
  if (rc == KEEL_EPARSE) rc = KEEL_EINVAL; /* a malformed file is bad input like a bad row: 422, nothing imported */
  if (rc) return rc;
  repr_import_result(&r->out, &res);
  api_send(r, 200, 0);
  return KEEL_OK;
}

static int write_fd(void *ctx, const char *data, size_t n) {
  int fd = *(int *)ctx;
  while (n) {
    ssize_t w = write(fd, data, n);
    if (w <= 0) return -1;
    data += w;
    n -= (size_t)w;
  }
  return 0;
}

int api_feedback_export(struct req *r) {
  static const char *const allowed[] = {"format", NULL};
  int rc = api_check_query(r, allowed);
  if (rc) return rc;
  enum export_format fmt;
  if (export_format_parse(req_query(r, "format"), &fmt))
    return err_set(&r->e, KEEL_EINVAL, "format", "format is csv or json");
  /* Written to an unlinked temporary file, then sent from it: memory stays
   * small however much feedback there is. */
  const char *tmp = getenv("TMPDIR");
  char path[512];
  snprintf(path, sizeof path, "%s/keel-export-XXXXXX", tmp && *tmp ? tmp : "/tmp");
  int fd = mkstemp(path);
  if (fd < 0) return err_set(&r->e, KEEL_EIO, NULL, "cannot make a temporary file for the export");
  unlink(path);
  rc = app_feedback_export(&r->x, fmt, write_fd, &fd);
  if (rc) {
    close(fd);
    return rc;
  }
  r->out_fd = fd;
  r->status = 200;
  r->content_type = fmt == EXPORT_CSV ? "text/csv; charset=utf-8" : "application/json";
  resp_header(r, "Content-Disposition", fmt == EXPORT_CSV ? "attachment; filename=\"feedback.csv\""
                                                           : "attachment; filename=\"feedback.json\"");
  return KEEL_OK;
}
