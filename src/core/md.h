/* md.h — Markdown to HTML in safe mode (cmark-gfm).
 *
 * GitHub-flavoured extensions are on (tables, task lists, strikethrough,
 * autolinks, tag filter). Raw HTML in the source is never passed through and
 * javascript:/data: links are dropped: the output is safe to embed in a page. */
#ifndef KEEL_CORE_MD_H
#define KEEL_CORE_MD_H

#include <stddef.h>

#include "core/buf.h"

enum { MD_MAX_INPUT = 256 * 1024 };

/* Registers the extensions. Call once from main() before threads start. */
void md_init(void);

/* Appends the safe HTML rendering of src[0..len) to out. Input beyond
 * MD_MAX_INPUT bytes is not rendered (callers validate lengths first). */
void md_render(buf *out, const char *src, size_t len);

#endif
