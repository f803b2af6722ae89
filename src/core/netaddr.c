/* netaddr.c — trusted proxies and the client behind them (see netaddr.h). */
#include "core/netaddr.h"

#include <arpa/inet.h>
#include <string.h>
#include <strings.h>

enum { ENTRY_MAX = 64 }; /* one list or header entry, as text */

static int is_space(char c) { return c == ' ' || c == '\t'; }

/* Copies s[0..len) without surrounding blanks into out (ENTRY_MAX bytes).
 * Returns 0 when it does not fit. */
static int trimmed(const char *s, size_t len, char out[ENTRY_MAX]) {
  while (len && is_space(*s)) s++, len--;
  while (len && is_space(s[len - 1])) len--;
  if (len >= ENTRY_MAX) return 0;
  memcpy(out, s, len);
  out[len] = '\0';
  return 1;
}

static int parse_v4(const char *s, uint32_t *host_order) {
  struct in_addr a;
  if (inet_pton(AF_INET, s, &a) != 1) return 0;
  *host_order = ntohl(a.s_addr);
  return 1;
}

/* Parses "A.B.C.D" or "A.B.C.D/BITS"; 0 when it is neither. */
static int parse_network(char *s, uint32_t *net, uint32_t *mask) {
  long bits = 32;
  char *slash = strchr(s, '/');
  if (slash) {
    *slash = '\0';
    const char *d = slash + 1;
    if (!*d || strlen(d) > 2) return 0;
    bits = 0;
    for (; *d; d++) {
      if (*d < '0' || *d > '9') return 0;
      bits = bits * 10 + (*d - '0');
    }
    if (bits > 32) return 0;
  }
  uint32_t a;
  if (!parse_v4(s, &a)) return 0;
  *mask = bits == 0 ? 0 : (uint32_t)(0xFFFFFFFFu << (32 - bits));
  *net = a & *mask;
  return 1;
}

int netaddr_list_parse(const char *text, struct netaddr_list *out, struct keel_err *e) {
  memset(out, 0, sizeof *out);
  const char *p = text ? text : "";
  for (;;) {
    const char *comma = strchr(p, ',');
    size_t len = comma ? (size_t)(comma - p) : strlen(p);
    char entry[ENTRY_MAX];
    if (!trimmed(p, len, entry))
      return err_set(e, KEEL_EINVAL, "trust-proxy", "a trusted proxy entry is too long: %.*s...", 20, p);
    if (*entry) {
      if (out->n == NETADDR_LIST_MAX)
        return err_set(e, KEEL_EINVAL, "trust-proxy", "at most %d trusted proxies or networks", NETADDR_LIST_MAX);
      char shown[ENTRY_MAX];
      memcpy(shown, entry, sizeof shown);
      if (!parse_network(entry, &out->net[out->n], &out->mask[out->n]))
        return err_set(e, KEEL_EINVAL, "trust-proxy",
                       "%s is not an IPv4 address or network (like 127.0.0.1 or 10.0.0.0/8)", shown);
      out->n++;
    }
    if (!comma) break;
    p = comma + 1;
  }
  if (!out->n) return err_set(e, KEEL_EINVAL, "trust-proxy", "name at least one proxy address, like 127.0.0.1");
  return KEEL_OK;
}

static int has_v4(const struct netaddr_list *l, uint32_t a) {
  for (int i = 0; i < l->n; i++)
    if ((a & l->mask[i]) == l->net[i]) return 1;
  return 0;
}

int netaddr_list_has(const struct netaddr_list *l, const char *addr) {
  uint32_t a;
  return l && addr && parse_v4(addr, &a) && has_v4(l, a);
}

/* Reads one X-Forwarded-For entry into its canonical text. Returns 1 with
 * *trusted set, or 0 when the entry is not an address. */
static int read_hop(char *s, const struct netaddr_list *trusted, char out[NETADDR_STRLEN], int *is_trusted) {
  if (*s == '[') { /* "[v6]" or "[v6]:port" */
    char *end = strchr(s, ']');
    if (!end || (end[1] && end[1] != ':')) return 0;
    *end = '\0';
    s++;
  } else { /* IPv4, maybe with ":port"; IPv6 has two colons or more */
    char *colon = strchr(s, ':');
    if (colon && !strchr(colon + 1, ':')) *colon = '\0';
  }
  unsigned char bin[16];
  if (inet_pton(AF_INET, s, bin) == 1) {
    uint32_t a;
    memcpy(&a, bin, 4);
    *is_trusted = has_v4(trusted, ntohl(a));
    return inet_ntop(AF_INET, bin, out, NETADDR_STRLEN) != NULL;
  }
  if (inet_pton(AF_INET6, s, bin) == 1) {
    *is_trusted = 0; /* proxies are named by IPv4 address */
    return inet_ntop(AF_INET6, bin, out, NETADDR_STRLEN) != NULL;
  }
  return 0;
}

const char *netaddr_forwarded_client(const char *xff, const struct netaddr_list *trusted,
                                     char out[NETADDR_STRLEN]) {
  if (!xff || !trusted) return NULL;
  size_t end = strlen(xff);
  if (end > NETADDR_HEADER_MAX) return NULL;
  for (int hops = 0; hops < NETADDR_HOPS_MAX; hops++) {
    size_t start = end;
    while (start && xff[start - 1] != ',') start--;
    char entry[ENTRY_MAX];
    if (!trimmed(xff + start, end - start, entry) || !*entry) return NULL;
    int is_trusted = 0;
    if (!read_hop(entry, trusted, out, &is_trusted)) return NULL;
    if (!is_trusted) return out;
    if (start == 0) return NULL; /* every hop was a trusted proxy */
    end = start - 1;             /* before the comma */
  }
  return NULL;
}

int netaddr_forwarded_https(const char *proto) {
  if (!proto) return 0;
  while (is_space(*proto)) proto++;
  if (strncasecmp(proto, "https", 5) != 0) return 0;
  proto += 5;
  while (is_space(*proto)) proto++;
  return *proto == '\0' || *proto == ',';
}
