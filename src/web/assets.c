/* assets.c — the style sheet and script, compiled into the binary. */
#include <stddef.h>
#include <string.h>

#include "web/handlers.h"

/* From the generated assets_data.c (tools/embed.c). The arrays start with a
 * padding byte and end with a NUL, neither part of the file. */
extern const unsigned char asset_app_css[], asset_app_js[];
extern const size_t asset_app_css_len, asset_app_js_len;
extern const char asset_app_css_etag[], asset_app_js_etag[];

static int serve(struct req *r, const unsigned char *data, size_t len, const char *etag, const char *type) {
  resp_header(r, "ETag", etag);
  resp_header(r, "Cache-Control", "public, max-age=3600, must-revalidate");
  const char *inm = req_header(r, "If-None-Match");
  if (inm && strcmp(inm, etag) == 0) {
    r->status = 304;
    r->content_type = type;
    return KEEL_OK;
  }
  buf_append(&r->out, data + 1, len);
  r->status = 200;
  r->content_type = type;
  return KEEL_OK;
}

int asset_css(struct req *r) {
  return serve(r, asset_app_css, asset_app_css_len, asset_app_css_etag, "text/css; charset=utf-8");
}

int asset_js(struct req *r) {
  return serve(r, asset_app_js, asset_app_js_len, asset_app_js_etag, "text/javascript; charset=utf-8");
}
