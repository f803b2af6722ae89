/* cmd_serve.c — keel serve: the web UI and JSON API. */
#include <malloc.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/log.h"
#include "web/server.h"

enum { SERVE_CACHE_MB_DEFAULT = 16 };

/* Freed memory the server keeps for the next requests (see cmd_serve). */
enum { SERVE_MALLOC_KEEP_BYTES = 64 * 1024 * 1024 };

int cmd_serve(struct cli *c, int argc, char **argv) {
  const char *listen = "127.0.0.1:8080", *threads = NULL, *cache_mb = NULL, *proxies = NULL, *pos[1];
  int npos, no_jobs = 0;
  const struct cli_opt opts[] = {{"--listen", 1, &listen, NULL}, {"--threads", 1, &threads, NULL},
                                 {"--cache-mb", 1, &cache_mb, NULL}, {"--no-jobs", 0, NULL, &no_jobs},
                                 {"--trust-proxy", 1, &proxies, NULL}, {NULL, 0, NULL, NULL}};
  int rc = cli_parse("serve", argc, argv, opts, pos, 0, &npos);
  if (rc) return rc;
  struct web_config cfg = {.db_path = c->db_path, .listen = listen, .threads = 0, .no_jobs = no_jobs, .trusted_proxies = proxies,
                           .cache_bytes = (size_t)SERVE_CACHE_MB_DEFAULT * 1024 * 1024};
  if (cache_mb) {
    int64_t mb;
    if ((rc = cli_integer("serve", "--cache-mb", cache_mb, &mb))) return rc;
    if (mb < 0 || mb > 4096) return cli_usage("serve", "--cache-mb must be from 0 (no cache) to 4096");
    cfg.cache_bytes = (size_t)mb * 1024 * 1024;
  }
  if (threads) {
    int64_t t;
    if ((rc = cli_integer("serve", "--threads", threads, &t))) return rc;
    if (t < 1 || t > 64) return cli_usage("serve", "--threads must be from 1 to 64");
    cfg.threads = (int)t;
  }
  /* Block the stop signals in every thread; this one waits for them below. */
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGINT);
  sigaddset(&stop, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop, NULL);
  signal(SIGPIPE, SIG_IGN);
  /* Each request builds its answer in an arena freed at its end. With
   * glibc's defaults, blocks that large go back to the system and the next
   * request faults them in again page by page, which made big pages (the
   * matrix of 5,000 features, bench/run-matrix.sh) half again as slow. Keep
   * up to SERVE_MALLOC_KEEP_BYTES of freed memory in the process instead. */
  mallopt(M_MMAP_THRESHOLD, SERVE_MALLOC_KEEP_BYTES / 2);
  mallopt(M_TRIM_THRESHOLD, SERVE_MALLOC_KEEP_BYTES);

  struct web_server *srv = NULL;
  rc = web_start(&cfg, &srv, &c->e);
  if (rc) return cli_fail(c, rc);
  printf("keel is serving %s on http://%s/\n", c->db_path, web_address(srv));
  fflush(stdout);
  int sig = 0;
  sigwait(&stop, &sig);
  log_info("stopping (signal %d)", sig);
  web_stop(srv);
  return 0;
}
