/* csv.h — writing RFC 4180 CSV (reading arrives with the importers).
 *
 * Fields holding a comma, quote, CR or LF are quoted with doubled quotes;
 * fields starting with = + - @ are prefixed with a quote character so that
 * spreadsheets do not evaluate them as formulas. Rows end with CRLF. */
#ifndef KEEL_CORE_CSV_H
#define KEEL_CORE_CSV_H

#include "core/buf.h"

/* Appends one field; first != 0 means it starts a row (no leading comma). */
void csv_field(buf *b, const char *s, int first);

/* Ends the current row. */
void csv_end_row(buf *b);

#endif
