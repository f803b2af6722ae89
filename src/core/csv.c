/* csv.c — CSV field quoting. */
#include "core/csv.h"

#include <string.h>

void csv_field(buf *b, const char *s, int first) {
  if (!first) buf_putc(b, ',');
  if (!s) return;
  int formula = s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@';
  /* A leading '-' on a plain number is a negative number, not a formula. */
  if (s[0] == '-' && s[1] >= '0' && s[1] <= '9' && strspn(s + 1, "0123456789.") == strlen(s + 1)) formula = 0;
  int quote = formula || strpbrk(s, ",\"\r\n") != NULL;
  if (!quote) {
    buf_puts(b, s);
    return;
  }
  buf_putc(b, '"');
  if (formula) buf_putc(b, '\'');
  for (const char *p = s; *p; p++) {
    if (*p == '"') buf_putc(b, '"');
    buf_putc(b, *p);
  }
  buf_putc(b, '"');
}

void csv_end_row(buf *b) { buf_puts(b, "\r\n"); }
