/* bare.c — the reference server for the benchmark: libmicrohttpd answering a
 * fixed 2 KB HTML page, configured like keel serve (epoll, thread pool of
 * one thread per core, answer on the second callback so connections stay
 * alive). Whatever keel spends beyond this is Keel's own cost.
 * usage: keel-bench-bare PORT   (runs until SIGINT/SIGTERM) */
#include <arpa/inet.h>
#include <microhttpd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static enum MHD_Result answer(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                              const char *version, const char *upload, size_t *upload_size, void **state) {
  static int marker;
  if (!*state) {
    *state = &marker;
    return MHD_YES;
  }
  return MHD_queue_response(c, MHD_HTTP_OK, (struct MHD_Response *)cls);
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s PORT\n", argv[0]);
    return 2;
  }
  static char page[2048];
  const char *head = "<!doctype html><html><head><meta charset=\"utf-8\"><title>bare</title></head><body><p>";
  const char *tail = "</p></body></html>\n";
  size_t hl = strlen(head), tl = strlen(tail);
  memcpy(page, head, hl);
  for (size_t i = hl; i < sizeof page - tl; i++) page[i] = "lorem ipsum "[(i - hl) % 12];
  memcpy(page + sizeof page - tl, tail, tl);
  struct MHD_Response *resp = MHD_create_response_from_buffer(sizeof page, page, MHD_RESPMEM_PERSISTENT);
  MHD_add_response_header(resp, "Content-Type", "text/html; charset=utf-8");

  struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)strtol(argv[1], NULL, 10))};
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  long cores = sysconf(_SC_NPROCESSORS_ONLN);
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGINT);
  sigaddset(&stop, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop, NULL);
  struct MHD_Daemon *dm = MHD_start_daemon(MHD_USE_EPOLL_INTERNAL_THREAD, 0, NULL, NULL, answer, resp,
                                           MHD_OPTION_THREAD_POOL_SIZE, (unsigned int)(cores > 0 ? cores : 2),
                                           MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
                                           MHD_OPTION_CONNECTION_LIMIT, (unsigned int)4096, MHD_OPTION_END);
  if (!dm) {
    fprintf(stderr, "bare: cannot listen\n");
    return 1;
  }
  printf("bare responder on 127.0.0.1:%s\n", argv[1]);
  fflush(stdout);
  int sig;
  sigwait(&stop, &sig);
  MHD_stop_daemon(dm);
  MHD_destroy_response(resp);
  return 0;
}
