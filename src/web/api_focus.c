/* api_focus.c — /api/v1/focus and /api/v1/tradeoffs, and the trade-off
 * fields of feature moves with their 409 answer. */
#include <stdlib.h>
#include <string.h>

#include "web/api_focus.h"
#include "web/handlers.h"

int api_tradeoff_in(struct req *r, json_t *displace, const char *displace_to, const char *reason, struct tradeoff_in *t) {
  memset(t, 0, sizeof *t);
  t->reason = reason;
  if (displace_to) {
    if (horizon_parse(displace_to, &t->to) || t->to == HZ_NOW)
      return err_set(&r->e, KEEL_EINVAL, "displace_to", "displace_to must be next, later or unplanned");
    t->has_to = 1;
  }
  if (!displace) return KEEL_OK;
  size_t n = json_array_size(displace);
  if (n > TRADEOFF_DISPLACE_MAX)
    return err_set(&r->e, KEEL_EINVAL, "displace", "name at most %d features to move out", TRADEOFF_DISPLACE_MAX);
  const char **keys = arena_alloc(r->a, (n ? n : 1) * sizeof *keys);
  for (size_t i = 0; i < n; i++) {
    keys[i] = json_string_value(json_array_get(displace, i));
    if (!keys[i]) return err_set(&r->e, KEEL_EINVAL, "displace", "displace must be a list of feature keys, like [\"PAY-3\"]");
  }
  t->displace = keys;
  t->ndisplace = n;
  return KEEL_OK;
}

int api_tradeoff_refused(struct req *r, int rc, const struct tradeoff_in *t) {
  if (rc != KEEL_ECONFLICT || !t->refusal || !t->refusal->feature_key) return rc;
  const struct now_state *s = t->refusal;
  buf_reset(&r->out);
  buf_printf(&r->out, "{\"error\":{\"code\":%J,\"message\":%J,\"field\":\"displace\"},", err_code_name(rc), r->e.msg);
  buf_printf(&r->out, "\"capacity\":%N,\"load\":%N,\"needed\":%N,\"freed\":%N,\"feature\":%J,\"now\":", s->limit.capacity,
             s->load, s->needed, s->freed, s->feature_key);
  repr_now_state(&r->out, s);
  buf_puts(&r->out, "}\n");
  resp_json(r, 409);
  return KEEL_OK;
}

int api_tradeoffs_list(struct req *r) {
  static const char *const allowed[] = {"product", "limit", NULL};
  int rc = api_check_query(r, allowed);
  if (rc) return rc;
  int64_t limit = TRADEOFF_LIST_DEFAULT;
  const char *ls = req_query(r, "limit");
  if (ls) {
    char *end = NULL;
    long long v = strtoll(ls, &end, 10);
    if (!*ls || *end || v < 1 || v > TRADEOFF_LIST_MAX)
      return err_set(&r->e, KEEL_EINVAL, "limit", "limit must be 1 to %d", TRADEOFF_LIST_MAX);
    limit = v;
  }
  struct tradeoff *ts;
  size_t n;
  rc = app_tradeoff_list(&r->x, req_query(r, "product"), (int)limit, &ts, &n);
  if (rc) return rc;
  buf_puts(&r->out, "{\"items\":[");
  for (size_t i = 0; i < n; i++) {
    if (i) buf_putc(&r->out, ',');
    repr_tradeoff(&r->out, &ts[i]);
  }
  buf_puts(&r->out, "],\"next\":null}");
  api_send(r, 200, 0);
  return KEEL_OK;
}

int api_focus(struct req *r) {
  static const char *const allowed[] = {"product", NULL};
  int rc = api_check_query(r, allowed);
  if (rc) return rc;
  struct focus_view v;
  rc = app_focus_get(&r->x, req_query(r, "product"), &v);
  if (rc) return rc;
  repr_focus(&r->out, &v);
  api_send(r, 200, 0);
  return KEEL_OK;
}
