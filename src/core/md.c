/* md.c — cmark-gfm wrapper; CMARK_OPT_UNSAFE is never set. */
#include "core/md.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <stdlib.h>

static const char *const md_extensions[] = {"table", "tasklist", "strikethrough", "autolink", "tagfilter"};

void md_init(void) { cmark_gfm_core_extensions_ensure_registered(); }

void md_render(buf *out, const char *src, size_t len) {
  if (len > MD_MAX_INPUT) len = MD_MAX_INPUT;
  const int opts = CMARK_OPT_DEFAULT | CMARK_OPT_STRIKETHROUGH_DOUBLE_TILDE;
  cmark_parser *p = cmark_parser_new(opts);
  for (size_t i = 0; i < sizeof md_extensions / sizeof md_extensions[0]; i++) {
    cmark_syntax_extension *ext = cmark_find_syntax_extension(md_extensions[i]);
    if (ext) cmark_parser_attach_syntax_extension(p, ext);
  }
  cmark_parser_feed(p, src, len);
  cmark_node *doc = cmark_parser_finish(p);
  char *html = cmark_render_html(doc, opts, cmark_parser_get_syntax_extensions(p));
  buf_puts(out, html);
  free(html);
  cmark_node_free(doc);
  cmark_parser_free(p);
}
