/* web.h — the request, as handlers see it, and the helpers to answer it.
 *
 * A request flows: http.c receives it and finds its route (routes.c); the
 * caller is identified from a bearer token or the session cookie; the route's
 * capability and, for state changes made with a session, the CSRF token are
 * checked; then the handler runs with a database connection and an arena
 * that live until the response is sent. A handler either writes a response
 * (resp_*) and returns KEEL_OK, or returns an error code with r->e filled,
 * which http.c renders as JSON (API routes) or as a page. */
#ifndef KEEL_WEB_WEB_H
#define KEEL_WEB_WEB_H

#include <jansson.h>
#include <stdint.h>

#include "app/app.h"
#include "core/buf.h"
#include "core/form.h"

enum { BODY_MAX = 1024 * 1024, RESP_HEADERS_MAX = 8, ROUTE_PARAMS_MAX = 3 };

struct route;
struct web_server;

struct req {
  arena *a;
  struct web_server *srv;
  void *conn;          /* the MHD connection */
  const char *method;  /* "GET", ... */
  const char *path;    /* raw path, without the query */
  const char *raw_query;
  struct kvlist query; /* parsed query string */
  struct kvlist form;  /* parsed urlencoded body (when form_parsed) */
  int form_parsed;
  buf body;
  int body_too_big;
  struct upload *upload;   /* an upload route's body, spooled to disk (web/upload.h), or NULL */
  int64_t upload_cap;      /* that route's body limit (setting import.max_bytes) */
  int body_dropped;        /* the caller may not use the upload route: its body is read and thrown away */
  int out_fd;              /* > 0: send this file (opened, unlinked) as the response body instead of out */
  const char *client_addr; /* the peer, or the client a trusted proxy names */
  int https;               /* a trusted proxy says the client used HTTPS */

  const struct route *route;
  const char *params[ROUTE_PARAMS_MAX]; /* path parameters, %-decoded, in order */

  db *db;
  struct resp_cache *cache; /* this worker's response cache, or NULL */
  struct keel_err e;
  struct actor actor;   /* ROLE_NONE when nobody is signed in */
  int via_session;      /* authenticated by the session cookie (CSRF applies) */
  struct session session;
  const char *session_token;
  struct touch_later touch; /* a last-seen write owed once the read snapshot ends */
  struct app x;         /* ready for app_* calls: db, arena, actor, now, error */

  /* The response. */
  int status;
  buf out;
  const char *content_type;
  const char *hdr_name[RESP_HEADERS_MAX];
  const char *hdr_value[RESP_HEADERS_MAX];
  int nhdr;
};

/* ---- reading the request ---- */

/* Returns a request header's value, or NULL. */
const char *req_header(struct req *r, const char *name);

/* Returns a cookie's value, or NULL. */
const char *req_cookie(struct req *r, const char *name);

/* Returns a query-string parameter's value, or NULL. */
const char *req_query(struct req *r, const char *name);

/* Parses the body as a JSON object (empty body = {}). KEEL_EPARSE with line
 * and column otherwise. Caller json_decref()s *out. */
int req_json(struct req *r, json_t **out);

/* Parses the body as an urlencoded form into *out (arena). */
int req_form(struct req *r, struct kvlist *out);

/* Reads If-Match as a record version: KEEL_OK with *version, KEEL_ENEEDVERSION
 * when absent, KEEL_EPARSE when it is not an ETag Keel issued. "*" gives 0
 * (any version). */
int req_if_match(struct req *r, int64_t *version);

/* Parses a positive id from a path parameter; KEEL_ENOTFOUND when it is not one. */
int req_id_param(struct req *r, int i, int64_t *out);

/* ---- answering ---- */

/* Adds a response header (name and value must outlive the request: literals
 * or arena strings). */
void resp_header(struct req *r, const char *name, const char *value);

/* Sends r->out as JSON / HTML / plain text with the status. */
void resp_json(struct req *r, int status);
void resp_html(struct req *r, int status);

/* Sends a 303 See Other to a local path (given as arena or literal text). */
void resp_redirect(struct req *r, const char *location);

/* Adds ETag: "<version>". */
void resp_etag(struct req *r, int64_t version);

/* Sets a cookie (HttpOnly, SameSite=Lax, Path=/, and Secure when r->https);
 * max_age 0 deletes it. */
void resp_cookie(struct req *r, const char *name, const char *value, int64_t max_age);

/* Returns the HTTP status for an error code. */
int http_status_for(int rc);

/* Writes the error in r->e as {"error":{"code","message","field"}}. */
void api_error(struct req *r, int rc);

#endif
