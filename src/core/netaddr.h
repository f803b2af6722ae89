/* netaddr.h — who is the client behind a reverse proxy.
 *
 * Keel sees nginx's address on every request that nginx passes on. nginx
 * says who its client was in X-Forwarded-For ("client, proxy1, proxy2": each
 * hop appends the address it received from) and how it was reached in
 * X-Forwarded-Proto. Both are plain request headers that anyone can send, so
 * they are believed only from a proxy the operator named, and only as far as
 * the chain of named proxies goes: reading from the right, the first address
 * that is not a trusted proxy is the client. */
#ifndef KEEL_CORE_NETADDR_H
#define KEEL_CORE_NETADDR_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

enum {
  NETADDR_LIST_MAX = 16,     /* trusted proxy entries */
  NETADDR_STRLEN = 46,       /* INET6_ADDRSTRLEN: the longest printed address, with NUL */
  NETADDR_HOPS_MAX = 32,     /* X-Forwarded-For entries looked at, from the right */
  NETADDR_HEADER_MAX = 2048, /* longer X-Forwarded-For headers are not believed */
};

/* IPv4 networks: an address (a /32) or ADDRESS/BITS. */
struct netaddr_list {
  uint32_t net[NETADDR_LIST_MAX]; /* host byte order, host bits cleared */
  uint32_t mask[NETADDR_LIST_MAX];
  int n;
};

/* Parses "127.0.0.1,10.0.0.0/8" (commas, optional spaces) into *out.
 * Returns KEEL_OK, or KEEL_EINVAL naming the entry that is not an IPv4
 * address or network (IPv6 is refused: keel serve listens on IPv4 only, so
 * a proxy always reaches it over IPv4), a prefix over 32, an empty list or
 * more than NETADDR_LIST_MAX entries. */
int netaddr_list_parse(const char *text, struct netaddr_list *out, struct keel_err *e);

/* 1 when the printed IPv4 address addr is in one of l's networks. */
int netaddr_list_has(const struct netaddr_list *l, const char *addr);

/* Finds the client in an X-Forwarded-For value that a trusted proxy sent:
 * walking from the right, skips entries in trusted and returns the first
 * other entry, printed in canonical form in out (IPv4 or IPv6; a port after
 * an IPv4 address or a bracketed IPv6 one is dropped). Returns out, or NULL
 * when there is no such entry (empty header, every hop trusted, over
 * NETADDR_HOPS_MAX hops or NETADDR_HEADER_MAX bytes) or the first untrusted
 * entry is not an address — then the caller keeps the address it saw. */
const char *netaddr_forwarded_client(const char *xff, const struct netaddr_list *trusted,
                                     char out[NETADDR_STRLEN]);

/* 1 when an X-Forwarded-Proto value says the client used HTTPS ("https",
 * any case; with several values, the first, which the outermost proxy set). */
int netaddr_forwarded_https(const char *proto);

#endif
