/* http.c — libmicrohttpd wiring: the request life cycle, limits, sign-in,
 * permission and CSRF checks, and sending responses.
 *
 * MHD calls on_uri() first (we allocate the request there, with the raw URI),
 * then on_request() once for the headers, again for each piece of the body,
 * and a last time when the body is complete: that is where we dispatch. We
 * answer on that later call, never the first, so connections stay alive. */
#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "core/crypto.h"
#include "core/json.h"
#include "core/log.h"
#include "core/mem.h"
#include "core/netaddr.h"
#include "core/timeutil.h"
#include "app/import.h"
#include "web/cache.h"
#include "web/handlers.h"
#include "web/html.h"
#include "web/routes.h"
#include "web/server.h"
#include "web/upload.h"
#include "web/worker.h"
#include "web/web.h"

enum { THREADS_MAX = 64, CONNECTION_LIMIT = 4096, CONNECTION_TIMEOUT_S = 30 };

static const char csp[] =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/* A fixed set of database connections, one per worker thread, each with the
 * response cache that only its holder uses. */
struct db_pool {
  pthread_mutex_t mu;
  pthread_cond_t cv;
  db **conns;
  struct resp_cache **caches;
  int *idle;
  int nidle, n;
};

struct web_server {
  struct MHD_Daemon *daemon;
  struct db_pool pool;
  struct job_worker *worker; /* NULL with --no-jobs */
  struct netaddr_list proxies; /* --trust-proxy; n == 0: believe no forwarding headers */
  char addr[64];
};

/* Each MHD worker thread binds one pool slot at its first request and keeps
 * it for its life, so requests take no lock. These thread-local variables are
 * never shared: each thread sees only its own binding. There are exactly as
 * many slots as worker threads (web_start sizes both from one number). */
static _Thread_local const struct web_server *bound_server;
static _Thread_local int bound_slot = -1;

static db *worker_db(struct web_server *s, struct resp_cache **cache) {
  struct db_pool *p = &s->pool;
  if (bound_server != s || bound_slot < 0) {
    pthread_mutex_lock(&p->mu);
    while (p->nidle == 0) pthread_cond_wait(&p->cv, &p->mu);
    bound_slot = p->idle[--p->nidle];
    pthread_mutex_unlock(&p->mu);
    bound_server = s;
  }
  *cache = p->caches[bound_slot];
  return p->conns[bound_slot];
}

/* ---- request helpers (web.h) ---- */

const char *req_header(struct req *r, const char *name) {
  return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

const char *req_cookie(struct req *r, const char *name) {
  return MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, name);
}

const char *req_query(struct req *r, const char *name) { return kv_get(&r->query, name); }

int req_json(struct req *r, json_t **out) { return json_body_parse(buf_cstr(&r->body), r->body.len, out, &r->e); }

int req_form(struct req *r, struct kvlist *out) { return form_parse(r->a, buf_cstr(&r->body), r->body.len, out, &r->e); }

int req_if_match(struct req *r, int64_t *version) {
  const char *h = req_header(r, "If-Match");
  if (!h) return err_set(&r->e, KEEL_ENEEDVERSION, "If-Match",
                         "this change needs an If-Match header with the ETag of the version you read");
  while (*h == ' ') h++;
  if (strcmp(h, "*") == 0) {
    *version = 0;
    return KEEL_OK;
  }
  if (strncmp(h, "W/", 2) == 0) h += 2;
  char *end;
  errno = 0;
  long long v = *h == '"' ? strtoll(h + 1, &end, 10) : -1;
  if (v < 1 || errno || *end != '"' || end[1] != '\0')
    return err_set(&r->e, KEEL_EPARSE, "If-Match", "If-Match must be an ETag from this server, like \"3\"");
  *version = v;
  return KEEL_OK;
}

int req_id_param(struct req *r, int i, int64_t *out) {
  const char *s = r->params[i];
  char *end;
  errno = 0;
  long long v = s ? strtoll(s, &end, 10) : 0;
  if (!s || end == s || *end || errno || v <= 0) return err_set(&r->e, KEEL_ENOTFOUND, NULL, "no such item: %s", s ? s : "");
  *out = v;
  return KEEL_OK;
}

void resp_header(struct req *r, const char *name, const char *value) {
  if (r->nhdr >= RESP_HEADERS_MAX) return;
  r->hdr_name[r->nhdr] = name;
  r->hdr_value[r->nhdr++] = value;
}

void resp_json(struct req *r, int status) {
  r->status = status;
  r->content_type = "application/json";
}

void resp_html(struct req *r, int status) {
  r->status = status;
  r->content_type = "text/html; charset=utf-8";
}

void resp_redirect(struct req *r, const char *location) {
  buf_reset(&r->out);
  r->status = 303;
  r->content_type = "text/plain; charset=utf-8";
  resp_header(r, "Location", location);
}

void resp_etag(struct req *r, int64_t version) {
  resp_header(r, "ETag", arena_printf(r->a, "\"%lld\"", (long long)version));
}

void resp_cookie(struct req *r, const char *name, const char *value, int64_t max_age) {
  resp_header(r, "Set-Cookie",
              arena_printf(r->a, "%s=%s; Path=/; HttpOnly; SameSite=Lax; Max-Age=%lld%s", name, value ? value : "",
                           (long long)max_age, r->https ? "; Secure" : ""));
}

int http_status_for(int rc) {
  switch (rc) {
  case KEEL_OK: return 200;
  case KEEL_EINVAL: return 422;
  case KEEL_EPARSE: case KEEL_EUNKNOWN: return 400;
  case KEEL_ENOTFOUND: return 404;
  case KEEL_EAUTH: return 401;
  case KEEL_EPERM: return 403;
  case KEEL_ESTALE: return 412;
  case KEEL_ENEEDVERSION: return 428;
  case KEEL_EEXISTS: case KEEL_ECONFLICT: return 409;
  case KEEL_ETOOBIG: return 413;
  case KEEL_ETHROTTLED: return 429;
  case KEEL_EBUSY: return 503;
  case KEEL_EMETHOD: return 405;
  default: return 500;
  }
}

void api_error(struct req *r, int rc) {
  buf_reset(&r->out);
  buf_printf(&r->out, "{\"error\":{\"code\":%J,\"message\":%J,\"field\":%J}}\n", err_code_name(rc),
             r->e.msg[0] ? r->e.msg : err_code_name(rc), r->e.field[0] ? r->e.field : NULL);
  resp_json(r, http_status_for(rc));
}

/* ---- dispatch ---- */

/* Renders an error the way the route's kind expects. */
static void render_error(struct req *r, int rc) {
  if (rc == KEEL_EINTERNAL || rc == KEEL_EDB || rc == KEEL_EIO)
    log_error("%s %s: %s", r->method, r->path, r->e.msg);
  if ((rc == KEEL_ETHROTTLED || rc == KEEL_EBUSY) && r->e.retry_after > 0)
    resp_header(r, "Retry-After", arena_printf(r->a, "%d", r->e.retry_after));
  if (rc == KEEL_EAUTH) resp_header(r, "WWW-Authenticate", "Bearer realm=\"keel\"");
  if (!r->route || r->route->kind == RK_API || strncmp(r->path, "/api/", 5) == 0) api_error(r, rc);
  else page_error(r, rc);
}

/* Identifies the caller. Returns KEEL_OK (possibly anonymous), KEEL_EAUTH for
 * a bearer token that is not valid (a script must hear about that), or the
 * database's error (KEEL_EBUSY: 503) when it could not check a token or session. */
static int identify(struct req *r) {
  r->actor.role = ROLE_NONE;
  const char *authz = req_header(r, "Authorization");
  if (authz) {
    if (strncasecmp(authz, "Bearer ", 7) != 0)
      return err_set(&r->e, KEEL_EAUTH, NULL, "Authorization must be: Bearer YOUR_TOKEN");
    return app_token_check(r->db, r->a, r->x.now, authz + 7, &r->actor, &r->touch, &r->e);
  }
  const char *cookie = req_cookie(r, "keel_session");
  if (cookie) {
    struct keel_err se;
    int rc = app_session_check(r->db, r->a, r->x.now, cookie, &r->actor, &r->session, &r->touch, &se);
    if (rc == KEEL_OK) {
      r->via_session = 1;
      r->session_token = cookie;
    } else if (rc == KEEL_EAUTH) {
      r->actor.role = ROLE_NONE;
      resp_cookie(r, "keel_session", "", 0); /* forget the stale cookie */
    } else {
      /* The database could not tell (it is away: 503): the session may well
       * be valid, so neither sign the browser out nor treat it as anonymous. */
      r->actor.role = ROLE_NONE;
      r->e = se;
      return rc;
    }
  }
  return KEEL_OK;
}

/* Returns 1 when a state change made with a session carries its CSRF token
 * (X-CSRF-Token header for scripts, _csrf field for forms). */
static int csrf_ok(struct req *r) {
  const char *sent = req_header(r, "X-CSRF-Token");
  if (!sent && r->form_parsed) sent = kv_get(&r->form, "_csrf");
  const char *want = r->session.csrf;
  return sent && want && strlen(sent) == strlen(want) && ct_equal(sent, want, strlen(want));
}

static int is_safe_method(const char *m) { return strcmp(m, "GET") == 0 || strcmp(m, "HEAD") == 0; }

enum { PAGE_CACHE_SECONDS = 30 }; /* pages show relative times ("3 min ago") */

/* Runs a cacheable GET route inside the request's read snapshot: it reads
 * the workspace generation and either answers from this worker's cache or
 * runs the handler and keeps the answer, so a cached response is never older
 * than the last change. Responses that set cookies are not kept. */
static int run_cached(struct req *r) {
  int64_t gen;
  int rc = app_generation(&r->x, &gen);
  if (rc) return rc;
  buf key;
  buf_init(&key, 8192);
  buf_printf(&key, "%s?%s|", r->path, r->raw_query);
  /* A page asked for with a bearer token has no session: key it by the user,
   * or every token holder would share one entry (another's name and role). */
  if (r->route->cache == RC_USER || (r->route->cache == RC_SESSION && !r->session_token))
    buf_printf(&key, "u%lld", (long long)r->actor.user_id);
  else if (r->route->cache == RC_SESSION) buf_printf(&key, "s%s", r->session_token);
  int max_age = r->route->kind == RK_PAGE ? PAGE_CACHE_SECONDS : 0;
  const struct cache_entry *en = key.overflow ? NULL : cache_get(r->cache, buf_cstr(&key), gen, r->x.now, max_age);
  if (en) {
    r->status = en->status;
    r->content_type = arena_strdup(r->a, en->content_type);
    for (int i = 0; i < en->nhdr; i++) resp_header(r, arena_strdup(r->a, en->hdr_name[i]), arena_strdup(r->a, en->hdr_value[i]));
    buf_append(&r->out, en->body, en->len);
    resp_header(r, "X-Keel-Cache", "hit");
  } else {
    rc = r->route->handler(r);
    int cookie = 0;
    for (int i = 0; i < r->nhdr; i++)
      if (strcasecmp(r->hdr_name[i], "Set-Cookie") == 0) cookie = 1;
    if (!rc && r->status == 200 && !cookie && !key.overflow && !r->out.overflow)
      cache_put(r->cache, buf_cstr(&key), gen, r->x.now, r->status, r->content_type, r->nhdr, r->hdr_name,
                r->hdr_value, r->out.data ? r->out.data : "", r->out.len);
    resp_header(r, "X-Keel-Cache", "miss");
  }
  buf_free(&key);
  return rc;
}

static void dispatch(struct req *r) {
  struct web_server *s = r->srv;
  r->x = (struct app){.a = r->a, .actor = &r->actor, .now = time_now(), .e = &r->e};
  int other_method = 0;
  r->route = route_match(r->method, r->path, r->a, r->params, &other_method);
  if (!r->route) {
    if (other_method) {
      const char *allow = route_methods(r->path, r->a);
      err_set(&r->e, KEEL_EMETHOD, NULL, "%s is not allowed on %s (use %s)", r->method, r->path, allow);
      resp_header(r, "Allow", allow);
      render_error(r, KEEL_EMETHOD);
    } else {
      err_set(&r->e, KEEL_ENOTFOUND, NULL, "nothing here: %s", r->path);
      render_error(r, KEEL_ENOTFOUND);
    }
    return;
  }
  if (r->route->kind == RK_ASSET) {
    int rc = r->route->handler(r);
    if (rc) render_error(r, rc);
    return;
  }
  if (r->body_too_big) {
    if (r->upload_cap)
      err_set(&r->e, KEEL_ETOOBIG, "file", "the file is larger than %lld bytes, the most this workspace takes (setting "
              "import.max_bytes)", (long long)r->upload_cap);
    else
      err_set(&r->e, KEEL_ETOOBIG, NULL, "the request body is larger than %d bytes", BODY_MAX);
    render_error(r, KEEL_ETOOBIG);
    return;
  }
  int rc = form_parse(r->a, r->raw_query, strlen(r->raw_query), &r->query, &r->e);
  if (rc) {
    render_error(r, rc);
    return;
  }
  const char *ctype = req_header(r, "Content-Type");
  if (r->route->kind == RK_PAGE && !is_safe_method(r->method) && ctype && strncasecmp(ctype, "application/x-www-form-urlencoded", 33) == 0) {
    rc = req_form(r, &r->form);
    if (rc) {
      render_error(r, rc);
      return;
    }
    r->form_parsed = 1;
  }
  if (r->upload && (rc = upload_finish(r))) {
    render_error(r, rc);
    return;
  }

  r->db = worker_db(s, &r->cache);
  r->x.db = r->db;
  /* A GET reads everything in one snapshot (one read transaction, and one
   * set of WAL locks, instead of one per statement); writes owed by sign-in
   * checks wait until it ends. */
  int snapshot = is_safe_method(r->method) && app_snapshot_begin(&r->x) == KEEL_OK;
  /* The health check answers load balancers, which send no credentials that
   * matter: it must not depend on (or be turned into an error by) checking them. */
  rc = r->route->handler == page_health ? KEEL_OK : identify(r);
  if (!rc && !role_allows(r->actor.role, r->route->cap)) {
    if (r->actor.role == ROLE_NONE) {
      rc = err_set(&r->e, KEEL_EAUTH, NULL, "sign in first (a session cookie or Authorization: Bearer TOKEN)");
      if (r->route->kind == RK_PAGE && is_safe_method(r->method)) {
        buf next;
        buf_init(&next, 4096);
        buf_puts(&next, "/login?next=");
        buf_url_escape(&next, r->path, strlen(r->path));
        if (*r->raw_query) {
          buf_url_escape(&next, "?", 1);
          buf_url_escape(&next, r->raw_query, strlen(r->raw_query));
        }
        resp_redirect(r, arena_strdup(r->a, buf_cstr(&next)));
        buf_free(&next);
        goto done;
      }
    } else {
      rc = err_set(&r->e, KEEL_EPERM, NULL, "you need the %s role for this (you are %s)",
                   role_name(cap_min_role(r->route->cap)), role_name(r->actor.role));
    }
  }
  if (!rc && r->via_session && !is_safe_method(r->method) && !csrf_ok(r))
    rc = err_set(&r->e, KEEL_EPERM, "_csrf", "the form's security token is missing or out of date; reload the page and try again");
  if (!rc) {
    if (r->cache && r->route->cache != RC_NONE && is_safe_method(r->method)) rc = run_cached(r);
    else rc = r->route->handler(r);
  }
  if (rc) render_error(r, rc);
done:
  if (snapshot) app_snapshot_end(&r->x);
  if (r->touch.pending) {
    struct keel_err ignored;
    (void)app_touch_apply(r->db, r->x.now, &r->touch, &ignored); /* best effort: only a last-seen time */
  }
  r->db = NULL;
}

/* The role of whoever sent r's credentials, read without touching r (no
 * cookie reset, no last-seen update): used before a file upload is spooled,
 * so that only callers who may use the route have a body written to disk.
 * ROLE_NONE when the credentials are missing, wrong, or cannot be checked. */
static enum role caller_role(struct req *r, db *d) {
  struct actor who = {0};
  struct touch_later touch = {0};
  struct keel_err e;
  const char *authz = req_header(r, "Authorization");
  if (authz) {
    if (strncasecmp(authz, "Bearer ", 7) != 0) return ROLE_NONE;
    return app_token_check(d, r->a, time_now(), authz + 7, &who, &touch, &e) ? ROLE_NONE : who.role;
  }
  const char *cookie = req_cookie(r, "keel_session");
  struct session session;
  if (cookie && app_session_check(d, r->a, time_now(), cookie, &who, &session, &touch, &e) == KEEL_OK) return who.role;
  return ROLE_NONE;
}

/* ---- MHD callbacks ---- */

static void *on_uri(void *cls, const char *uri, struct MHD_Connection *conn) {
  struct req *r = xcalloc(1, sizeof *r);
  r->a = arena_new(16 * 1024);
  r->srv = cls;
  r->conn = conn;
  const char *q = strchr(uri, '?');
  r->path = q ? arena_strndup(r->a, uri, (size_t)(q - uri)) : arena_strdup(r->a, uri);
  r->raw_query = q ? arena_strdup(r->a, q + 1) : "";
  buf_init(&r->body, BODY_MAX);
  buf_init(&r->out, 0);
  return r;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls, enum MHD_RequestTerminationCode toe) {
  struct req *r = *con_cls;
  if (!r) return;
  upload_free(r->upload);
  if (r->out_fd > 0) close(r->out_fd);
  buf_free(&r->body);
  buf_free(&r->out);
  arena_free(r->a);
  free(r);
  *con_cls = NULL;
}

static enum MHD_Result send_response(struct req *r) {
  size_t len;
  char *body = buf_detach(&r->out, &len);
  struct MHD_Response *resp;
  if (r->out_fd > 0) { /* a file answer (an export): sent from disk, the descriptor now MHD's */
    free(body);
    off_t end = lseek(r->out_fd, 0, SEEK_END);
    resp = end >= 0 ? MHD_create_response_from_fd64((uint64_t)end, r->out_fd) : NULL;
    if (!resp) return MHD_NO;
    r->out_fd = 0;
  } else {
    resp = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
    if (!resp) {
      free(body);
      return MHD_NO;
    }
  }
  MHD_add_response_header(resp, "Content-Type", r->content_type ? r->content_type : "text/plain; charset=utf-8");
  MHD_add_response_header(resp, "Content-Security-Policy", csp);
  MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
  MHD_add_response_header(resp, "X-Frame-Options", "DENY");
  MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
  int has_cache = 0;
  for (int i = 0; i < r->nhdr; i++) {
    MHD_add_response_header(resp, r->hdr_name[i], r->hdr_value[i]);
    if (strcasecmp(r->hdr_name[i], "Cache-Control") == 0) has_cache = 1;
  }
  if (!has_cache) MHD_add_response_header(resp, "Cache-Control", "no-store");
  enum MHD_Result ret = MHD_queue_response(r->conn, (unsigned)(r->status ? r->status : 200), resp);
  MHD_destroy_response(resp);
  return ret;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
                                  const char *version, const char *upload, size_t *upload_size, void **con_cls) {
  struct req *r = *con_cls;
  if (!r) return MHD_NO;
  if (!r->method) {
    r->method = arena_strdup(r->a, method);
    const char *clen = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
    int other_method;
    const struct route *rt = route_match(r->method, r->path, r->a, r->params, &other_method);
    if (route_is_upload(rt) && (req_header(r, "Authorization") || req_cookie(r, "keel_session"))) {
      /* A file upload: its limit is the workspace's setting, checked before reading. (Without
       * any credentials the body takes the ordinary path: capped in memory, then refused 401.) */
      struct app x = {.db = worker_db(r->srv, &r->cache), .a = r->a, .now = time_now(), .e = &r->e};
      r->cache = NULL;
      if (!role_allows(caller_role(r, x.db), rt->cap)) {
        /* Nothing is written for a caller who may not import: the body is
         * read and dropped, and dispatch answers 401 or 403 as for any route. */
        r->body_dropped = 1;
        return MHD_YES;
      }
      if (app_import_max_bytes(&x, &r->upload_cap)) r->upload_cap = IMPORT_UPLOAD_MAX_DEFAULT;
      if (clen && strtoull(clen, NULL, 10) > (unsigned long long)r->upload_cap + UPLOAD_FIELDS_MAX) {
        const char *expect = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Expect");
        if (expect && strcasecmp(expect, "100-continue") == 0) {
          err_set(&r->e, KEEL_ETOOBIG, "file", "the file is larger than %lld bytes, the most this workspace takes "
                  "(setting import.max_bytes)", (long long)r->upload_cap);
          api_error(r, KEEL_ETOOBIG);
          return send_response(r);
        }
        r->body_too_big = 1; /* read and drop it, then answer 413 (as below) */
        return MHD_YES;
      }
      r->upload = upload_start(r, conn, r->upload_cap);
      if (!r->upload) {
        api_error(r, KEEL_EIO);
        return send_response(r);
      }
      return MHD_YES;
    }
    if (clen && strtoull(clen, NULL, 10) > BODY_MAX) {
      const char *expect = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Expect");
      if (expect && strcasecmp(expect, "100-continue") == 0) {
        /* The client waits for our word before it sends the body: refuse at once. */
        err_set(&r->e, KEEL_ETOOBIG, NULL, "the request body is larger than %d bytes", BODY_MAX);
        api_error(r, KEEL_ETOOBIG);
        return send_response(r);
      }
      /* The body is already on its way. Answering now and closing while the
       * client still sends makes its kernel reset the connection, and the
       * client (a browser, say) sees that instead of the 413: read and drop
       * the body, as for a chunked one, and answer when it is complete. */
      r->body_too_big = 1;
    }
    return MHD_YES;
  }
  if (*upload_size && r->body_dropped) {
    *upload_size = 0;
    return MHD_YES;
  }
  if (*upload_size && r->upload) {
    if (!r->body_too_big && upload_feed(r->upload, upload, *upload_size) && upload_over_cap(r->upload))
      r->body_too_big = 1; /* a malformed body is refused by upload_finish instead */
    *upload_size = 0;
    return MHD_YES;
  }
  if (*upload_size) {
    if (!r->body_too_big) {
      if (r->body.len + *upload_size > BODY_MAX) r->body_too_big = 1;
      else buf_append(&r->body, upload, *upload_size);
    }
    *upload_size = 0;
    return MHD_YES;
  }
  const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
  char addr[INET6_ADDRSTRLEN] = "unknown";
  if (ci && ci->client_addr && ci->client_addr->sa_family == AF_INET)
    inet_ntop(AF_INET, &((const struct sockaddr_in *)ci->client_addr)->sin_addr, addr, sizeof addr);
  r->client_addr = arena_strdup(r->a, addr);
  if (r->srv->proxies.n && netaddr_list_has(&r->srv->proxies, addr)) {
    /* A proxy the operator named: believe what it says of its client. */
    char client[NETADDR_STRLEN];
    if (netaddr_forwarded_client(req_header(r, "X-Forwarded-For"), &r->srv->proxies, client))
      r->client_addr = arena_strdup(r->a, client);
    r->https = netaddr_forwarded_https(req_header(r, "X-Forwarded-Proto"));
  }
  dispatch(r);
  return send_response(r);
}

/* ---- start and stop ---- */

static int parse_listen(const char *s, struct sockaddr_in *sa, struct keel_err *e) {
  memset(sa, 0, sizeof *sa);
  sa->sin_family = AF_INET;
  const char *colon = strrchr(s, ':');
  if (!colon) return err_set(e, KEEL_EINVAL, "listen", "--listen must be ADDRESS:PORT, like 127.0.0.1:8080");
  char host[64];
  size_t hl = (size_t)(colon - s);
  if (hl == 0 || hl >= sizeof host) return err_set(e, KEEL_EINVAL, "listen", "--listen must be ADDRESS:PORT, like 127.0.0.1:8080");
  memcpy(host, s, hl);
  host[hl] = '\0';
  if (inet_pton(AF_INET, host, &sa->sin_addr) != 1)
    return err_set(e, KEEL_EINVAL, "listen", "%s is not an IPv4 address", host);
  char *end;
  errno = 0;
  long port = strtol(colon + 1, &end, 10);
  if (end == colon + 1 || *end || errno || port < 0 || port > 65535)
    return err_set(e, KEEL_EINVAL, "listen", "%s is not a port number", colon + 1);
  sa->sin_port = htons((uint16_t)port);
  return KEEL_OK;
}

static void pool_close(struct db_pool *p) {
  for (int i = 0; i < p->n; i++) {
    db_close(p->conns[i]);
    cache_free(p->caches[i]);
  }
  free(p->conns);
  free(p->caches);
  free(p->idle);
  pthread_mutex_destroy(&p->mu);
  pthread_cond_destroy(&p->cv);
}

int web_start(const struct web_config *cfg, struct web_server **out, struct keel_err *e) {
  *out = NULL;
  struct sockaddr_in sa;
  int rc = parse_listen(cfg->listen, &sa, e);
  if (rc) return rc;
  struct netaddr_list proxies = {.n = 0};
  if (cfg->trusted_proxies && (rc = netaddr_list_parse(cfg->trusted_proxies, &proxies, e))) return rc;
  int threads = cfg->threads;
  if (threads <= 0) {
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    threads = cores > 0 ? (int)cores : 2;
  }
  if (threads > THREADS_MAX) threads = THREADS_MAX;

  struct web_server *s = xcalloc(1, sizeof *s);
  s->proxies = proxies;
  pthread_mutex_init(&s->pool.mu, NULL);
  pthread_cond_init(&s->pool.cv, NULL);
  s->pool.conns = xcalloc((size_t)threads, sizeof *s->pool.conns);
  s->pool.idle = xcalloc((size_t)threads, sizeof *s->pool.idle);
  s->pool.caches = xcalloc((size_t)threads, sizeof *s->pool.caches);
  for (int i = 0; i < threads; i++) {
    rc = db_open(cfg->db_path, DB_OPEN_EXISTING, &s->pool.conns[i], e);
    if (rc) {
      pool_close(&s->pool);
      free(s);
      return rc;
    }
    if (cfg->cache_bytes) s->pool.caches[i] = cache_new(cfg->cache_bytes / (size_t)threads);
    s->pool.n++;
    s->pool.idle[s->pool.nidle++] = i;
  }
  unsigned int flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ERROR_LOG;
  s->daemon = MHD_start_daemon(flags, 0, NULL, NULL, on_request, s,
                               MHD_OPTION_THREAD_POOL_SIZE, (unsigned int)threads,
                               MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
                               MHD_OPTION_CONNECTION_LIMIT, (unsigned int)CONNECTION_LIMIT,
                               MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)CONNECTION_TIMEOUT_S,
                               MHD_OPTION_URI_LOG_CALLBACK, on_uri, s,
                               MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
                               MHD_OPTION_END);
  if (!s->daemon) {
    pool_close(&s->pool);
    free(s);
    return err_set(e, KEEL_EIO, "listen", "cannot listen on %s (is the port in use?)", cfg->listen);
  }
  const union MHD_DaemonInfo *di = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
  char host[INET_ADDRSTRLEN];
  inet_ntop(AF_INET, &sa.sin_addr, host, sizeof host);
  snprintf(s->addr, sizeof s->addr, "%s:%u", host, di ? (unsigned)di->port : (unsigned)ntohs(sa.sin_port));
  if (!cfg->no_jobs) {
    char host_name[64] = "keel", name[192]; /* host:pid:address, each bounded */
    gethostname(host_name, sizeof host_name - 1);
    snprintf(name, sizeof name, "%s:%ld:%s", host_name, (long)getpid(), s->addr);
    rc = worker_start(cfg->db_path, name, &s->worker, e);
    if (rc) {
      MHD_stop_daemon(s->daemon);
      pool_close(&s->pool);
      free(s);
      return rc;
    }
  }
  *out = s;
  return KEEL_OK;
}

const char *web_address(const struct web_server *s) { return s->addr; }

void web_stop(struct web_server *s) {
  if (!s) return;
  worker_stop(s->worker);
  MHD_stop_daemon(s->daemon);
  pool_close(&s->pool);
  free(s);
}
