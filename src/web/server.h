/* server.h — starting and stopping Keel's HTTP server (web UI and JSON API). */
#ifndef KEEL_WEB_SERVER_H
#define KEEL_WEB_SERVER_H

#include "core/err.h"

struct web_config {
  const char *db_path;
  const char *listen; /* "127.0.0.1:8080"; port 0 picks a free one */
  int threads;        /* worker threads (and database connections); 0: one per core */
  size_t cache_bytes; /* response cache for all workers together; 0: no cache */
  int no_jobs;        /* do not run the background job worker */
  const char *trusted_proxies; /* "127.0.0.1,10.0.0.0/8": whose X-Forwarded-For and
                                * X-Forwarded-Proto to believe; NULL: nobody's */
};

struct web_server;

/* Opens one database connection per worker and starts listening. Returns
 * KEEL_OK with *out, or an error (bad address, port in use, no database). */
int web_start(const struct web_config *cfg, struct web_server **out, struct keel_err *e);

/* Returns "127.0.0.1:8080" with the port actually bound. */
const char *web_address(const struct web_server *s);

/* Stops accepting, finishes requests in flight, closes the databases. */
void web_stop(struct web_server *s);

#endif
