/* fuzz_forwarded.c — libFuzzer target for core/netaddr.c: the --trust-proxy
 * list and the X-Forwarded-For / X-Forwarded-Proto headers a proxy sends.
 *
 * The input is split at its first newline into a trusted-proxy list and a
 * header value; without a newline the list is "127.0.0.1,10.0.0.0/8" and the
 * whole input is the header. Checks (a violation traps):
 *   - the list parses, or fails with KEEL_EINVAL, field "trust-proxy" and a
 *     message; a parsed list has 1..NETADDR_LIST_MAX entries, each network
 *     with its host bits clear;
 *   - a client found in the header is a printable address shorter than
 *     NETADDR_STRLEN that parses back as IPv4 or IPv6, prints the same way
 *     again, and is not itself a trusted proxy; nothing is found in a header
 *     over NETADDR_HEADER_MAX bytes;
 *   - netaddr_forwarded_https answers 0 or 1, and 1 only when the header
 *     contains "https" in some case. */
#include <arpa/inet.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/netaddr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond) \
  do {              \
    if (!(cond)) __builtin_trap(); \
  } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > 8192) return 0;
  char *text = malloc(size + 1);
  CHECK(text != NULL);
  memcpy(text, data, size);
  text[size] = '\0'; /* headers are C strings: a NUL ends them early, as in MHD */
  const char *list = "127.0.0.1,10.0.0.0/8", *header = text;
  char *nl = memchr(text, '\n', size);
  if (nl) {
    *nl = '\0';
    list = text;
    header = nl + 1;
  }
  struct netaddr_list l;
  struct keel_err e = {0};
  int rc = netaddr_list_parse(list, &l, &e);
  if (rc) {
    CHECK(rc == KEEL_EINVAL && e.rc == rc && e.msg[0] && strcmp(e.field, "trust-proxy") == 0);
    free(text);
    return 0;
  }
  CHECK(l.n >= 1 && l.n <= NETADDR_LIST_MAX);
  for (int i = 0; i < l.n; i++) CHECK((l.net[i] & ~l.mask[i]) == 0);

  char out[NETADDR_STRLEN];
  memset(out, 'x', sizeof out);
  const char *client = netaddr_forwarded_client(header, &l, out);
  if (client) {
    CHECK(client == out);
    size_t n = strnlen(out, sizeof out);
    CHECK(n > 0 && n < sizeof out);
    unsigned char bin[16];
    char again[NETADDR_STRLEN];
    int family = inet_pton(AF_INET, out, bin) == 1 ? AF_INET : inet_pton(AF_INET6, out, bin) == 1 ? AF_INET6 : 0;
    CHECK(family != 0);
    CHECK(inet_ntop(family, bin, again, sizeof again) && strcmp(again, out) == 0);
    CHECK(!netaddr_list_has(&l, out));
    CHECK(strlen(header) <= NETADDR_HEADER_MAX);
  }
  int https = netaddr_forwarded_https(header);
  CHECK(https == 0 || https == 1);
  if (https) CHECK(strcasestr(header, "https") != NULL);
  free(text);
  return 0;
}
