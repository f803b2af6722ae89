/* upload.h — request bodies that are files: spooled to disk as they arrive,
 * never held in memory whole.
 *
 * Routes marked upload in the route table take a body up to the workspace
 * setting import.max_bytes (checked against Content-Length before anything is
 * read: 413). A raw body (text/csv) is written to a temporary file as it
 * comes; a multipart/form-data body goes through libmicrohttpd's post
 * processor: its file part is written to the temporary file and its other
 * fields (at most UPLOAD_FIELDS_MAX bytes) become the request's form, so the
 * CSRF check and handlers read them as usual. Temporary files live in a
 * private directory (0700) under $TMPDIR; a handler may keep one for a later
 * request under a random token (the import's mapping step), for at most
 * UPLOAD_KEEP_SECONDS. */
#ifndef KEEL_WEB_UPLOAD_H
#define KEEL_WEB_UPLOAD_H

#include <stdint.h>
#include <stdio.h>

#include "web/web.h"

enum {
  UPLOAD_FIELDS_MAX = 64 * 1024, /* bytes of a multipart body's non-file fields */
  UPLOAD_KEEP_SECONDS = 3600,    /* how long a kept upload may wait for its next step */
  UPLOAD_NAME_MAX = 200,         /* bytes of the file name kept from the form */
};

struct upload;

/* Starts spooling r's body (cap bytes at most). conn is the MHD connection.
 * Returns NULL with r->e set when no temporary file can be made. */
struct upload *upload_start(struct req *r, void *conn, int64_t cap);

/* Takes the next n bytes of the body. Returns 0, or -1 when the body goes
 * over the cap or is malformed (the rest is then dropped). */
int upload_feed(struct upload *u, const char *data, size_t n);

/* Returns 1 when the body went over the cap (a 413), 0 otherwise (a
 * malformed body is reported by upload_finish). */
int upload_over_cap(const struct upload *u);

/* Ends the body: for multipart, parses the non-file fields into r->form
 * (form_parsed = 1). Returns KEEL_OK, or KEEL_EPARSE/KEEL_ETOOBIG with r->e. */
int upload_finish(struct req *r);

/* The spooled file, rewound (the file part of a multipart body; the whole
 * body otherwise), its size, and the file name the form gave ("" if none). */
FILE *upload_file(struct upload *u);
int64_t upload_size(const struct upload *u);
const char *upload_filename(const struct upload *u);

/* Keeps the spooled file for a later request: returns its token (in r->a),
 * or NULL with r->e set. The upload no longer owns the file. */
const char *upload_keep(struct req *r);

/* Opens a kept upload by token (read-only). Returns the FILE (the caller
 * fcloses it) or NULL with r->e set (KEEL_ENOTFOUND: unknown or expired). */
FILE *upload_open_kept(struct req *r, const char *token, int64_t *size);

/* Removes a kept upload (when its import is done). */
void upload_remove_kept(const char *token);

/* Releases the upload and removes its file unless kept. NULL is ignored. */
void upload_free(struct upload *u);

#endif
