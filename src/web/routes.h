/* routes.h — the route table: one row per method and path.
 *
 * The table is data: http.c dispatches from it, the OpenAPI description and
 * `keel routes` are printed from it, and the permission tests walk it. Each
 * row declares the capability a caller needs; app/ checks the same
 * capability again for the operation itself. */
#ifndef KEEL_WEB_ROUTES_H
#define KEEL_WEB_ROUTES_H

#include <stddef.h>

#include "core/arena.h"
#include "domain/roles.h"
#include "web/web.h"

enum route_kind {
  RK_API,   /* JSON under /api/v1; errors as JSON; 401 when not signed in */
  RK_PAGE,  /* HTML; errors as pages; sign-in redirect when not signed in */
  RK_ASSET, /* static file compiled into the binary; no database */
};

/* How a GET route's responses may be cached (see web/cache.h). */
enum route_cache {
  RC_NONE = 0,
  RC_SHARED,  /* the same for every caller allowed to see it */
  RC_USER,    /* differs per user (e.g. "you voted") */
  RC_SESSION, /* differs per session (pages embed the CSRF token) */
};

struct route {
  const char *method;
  const char *path; /* "{name}" stands for one path segment */
  int (*handler)(struct req *r);
  enum cap cap;
  enum route_kind kind;
  const char *summary;
  const char *body; /* JSON fields the body takes ("title*" = required), or NULL */
  enum route_cache cache;
};

/* Returns 1 when rt's body is a file, spooled to disk up to the setting
 * import.max_bytes (web/upload.h), not read into memory; 0 otherwise. */
int route_is_upload(const struct route *rt);

extern const struct route routes[];
extern const size_t routes_count;

/* Finds the route for method and path, filling params with the decoded path
 * parameters (in the arena). HEAD matches GET routes. Returns NULL when
 * nothing matches; *other_method is then set when the path exists for some
 * other method (a 405, not a 404). */
const struct route *route_match(const char *method, const char *path, arena *a, const char **params,
                                int *other_method);

/* Returns the methods the table has for path ("GET, HEAD, POST"), in the arena. */
const char *route_methods(const char *path, arena *a);

/* Writes the OpenAPI 3.0 description of the API routes. */
void routes_openapi(buf *b);

#endif
