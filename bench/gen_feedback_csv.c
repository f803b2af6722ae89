/* gen_feedback_csv.c — a CSV of feedback rows for the import benchmark.
 *
 * usage: keel-bench-gen-feedback-csv ROWS [SEED] > feedback.csv
 *
 * Columns: text, customer, date, channel, tags. A text is 1 to 5 sentences
 * of 4 to 12 words (about 25 to 400 bytes, on average about 120) drawn from a
 * small product-feedback vocabulary; about one text in five holds a comma
 * clause, one in twenty a "quoted phrase" (doubled quotes in the file), one
 * in fifty a line break (a quoted field spanning lines). Customers are one of
 * 2,000 names (some with commas, so quoted), dates ISO 8601 over two years,
 * channels one of six, tags 0 to 3 of twenty, joined with ';'. The same seed
 * gives the same file. Written with core/csv.c, as Keel writes CSV. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/buf.h"
#include "core/csv.h"
#include "core/timeutil.h"

enum {
  CUSTOMERS = 2000,
  FLUSH_BYTES = 1 << 20, /* bytes gathered before they are written */
  DATE_SPAN = 2 * 365 * 86400,
  DATE_FROM = 1704067200, /* 2024-01-01 */
};

static const char *const words[] = {
    "the", "export", "takes", "too", "long", "when", "we", "have", "many", "orders", "and", "it", "is", "hard",
    "to", "find", "invoices", "from", "last", "month", "our", "team", "needs", "a", "way", "filter", "by",
    "customer", "dashboard", "loads", "slowly", "on", "mobile", "would", "love", "see", "bulk", "refunds",
    "report", "in", "CSV", "sync", "with", "Salesforce", "keeps", "failing", "after", "update", "please", "add",
    "single", "sign-on", "for", "contractors", "search", "does", "not", "match", "partial", "names", "this",
    "blocks", "renewal", "every", "week", "someone", "asks", "about", "dark", "mode", "API", "rate", "limits",
    "are", "too", "strict", "nightly", "jobs", "time", "out", "notifications", "arrive", "twice", "billing",
    "page", "confuses", "new", "admins", "onboarding", "was", "smooth", "but", "permissions", "unclear",
};
static const char *const channels[] = {"support", "survey", "interview", "sales call", "review", "chat"};
static const char *const tags[] = {"export",  "billing", "performance", "sso",     "mobile", "search", "api",
                                   "reports", "refunds", "onboarding",  "sync",    "alerts", "ux",     "admin",
                                   "pricing", "security", "integrations", "docs", "outage", "permissions"};
static const char *const first[] = {"Acme", "Northwind", "Birch", "Cedar", "Dune", "Elm", "Fjord", "Granite",
                                    "Harbor", "Iris"};
static const char *const last[] = {"Traders", "Bakery", "Logistics", "Health", "Labs", "Foods", "Energy",
                                   "Studios", "Partners", "Systems"};

static uint64_t rng = 88172645463325252ULL;
static uint64_t next(void) { /* xorshift64 */
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return rng;
}
static unsigned pick(unsigned n) { return (unsigned)(next() % n); }

static void sentence(buf *t) {
  int n = 4 + (int)pick(9), comma = pick(5) == 0 ? 2 + (int)pick((unsigned)n - 3) : -1;
  int quote = pick(20) == 0 ? 1 + (int)pick((unsigned)n - 2) : -1;
  for (int i = 0; i < n; i++) {
    const char *w = words[pick(sizeof words / sizeof words[0])];
    if (i) buf_putc(t, ' ');
    if (i == quote) buf_putc(t, '"');
    if (i == 0) buf_printf(t, "%c%s", w[0] >= 'a' && w[0] <= 'z' ? w[0] - 32 : w[0], w + 1);
    else buf_puts(t, w);
    if (i == quote) buf_putc(t, '"');
    if (i == comma) buf_putc(t, ',');
  }
  buf_putc(t, pick(8) == 0 ? '!' : '.');
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: keel-bench-gen-feedback-csv ROWS [SEED] > feedback.csv\n");
    return 2;
  }
  long rows = strtol(argv[1], NULL, 10);
  if (argc > 2) rng ^= (uint64_t)strtoull(argv[2], NULL, 10) * 0x9E3779B97F4A7C15ULL;
  buf out, t, tg;
  buf_init(&out, 0);
  buf_init(&t, 0);
  buf_init(&tg, 0);
  csv_field(&out, "text", 1);
  csv_field(&out, "customer", 0);
  csv_field(&out, "date", 0);
  csv_field(&out, "channel", 0);
  csv_field(&out, "tags", 0);
  csv_end_row(&out);
  for (long r = 0; r < rows; r++) {
    buf_reset(&t);
    unsigned ns = 1 + pick(2) + pick(2) + (pick(4) == 0 ? pick(3) : 0); /* 1..5, mostly 2 */
    for (unsigned i = 0; i < ns; i++) {
      if (i) buf_puts(&t, pick(50) == 0 ? "\n" : " ");
      sentence(&t);
    }
    unsigned c = pick(CUSTOMERS);
    char customer[80];
    if (c % 10 == 0) snprintf(customer, sizeof customer, "%s %s, Inc. %u", first[c % 10], last[(c / 10) % 10], c);
    else snprintf(customer, sizeof customer, "%s %s %u", first[c % 10], last[(c / 10) % 10], c);
    char date[TIME_ISO_LEN];
    time_iso(DATE_FROM + (int64_t)(next() % DATE_SPAN), date);
    buf_reset(&tg);
    unsigned nt = pick(4);
    for (unsigned i = 0; i < nt; i++) buf_printf(&tg, "%s%s", i ? ";" : "", tags[pick(sizeof tags / sizeof tags[0])]);
    csv_field(&out, buf_cstr(&t), 1);
    csv_field(&out, customer, 0);
    csv_field(&out, date, 0);
    csv_field(&out, channels[pick(sizeof channels / sizeof channels[0])], 0);
    csv_field(&out, buf_cstr(&tg), 0);
    csv_end_row(&out);
    if (out.len > FLUSH_BYTES) {
      if (fwrite(out.data, 1, out.len, stdout) != out.len) return 1;
      buf_reset(&out);
    }
  }
  if (out.len && fwrite(out.data, 1, out.len, stdout) != out.len) return 1;
  buf_free(&out);
  buf_free(&t);
  buf_free(&tg);
  return fflush(stdout) ? 1 : 0;
}
