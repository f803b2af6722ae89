/* repr_focus.c — the JSON form of Now's state, trade-off decisions and focus
 * health, shared by the API and the CLI's --json. */
#include "app/focus.h"
#include "core/timeutil.h"

static void time_value(buf *b, int64_t t) {
  if (!t) {
    buf_puts(b, "null");
    return;
  }
  char iso[TIME_ISO_LEN];
  time_iso(t, iso);
  buf_printf(b, "%J", iso);
}

void repr_now_state(buf *b, const struct now_state *s) {
  buf_printf(b, "{\"period\":%J,\"basis\":%J,\"unit\":%J,", s->period, now_basis_name(s->limit.basis),
             now_basis_unit(s->limit.basis));
  if (s->limit.basis == NOW_UNLIMITED) buf_puts(b, "\"capacity\":null,");
  else buf_printf(b, "\"capacity\":%N,", s->limit.capacity);
  buf_printf(b, "\"load\":%N,", s->load);
  if (s->has_team_capacity) buf_printf(b, "\"team_capacity\":%N,", s->team_capacity);
  else buf_puts(b, "\"team_capacity\":null,");
  if (s->now_limit >= 0) buf_printf(b, "\"now_limit\":%lld,", (long long)s->now_limit);
  else buf_puts(b, "\"now_limit\":null,");
  buf_puts(b, "\"in_now\":[");
  for (size_t i = 0; i < s->nitems; i++) {
    const struct now_item *it = &s->items[i];
    buf_printf(b, "%s{\"key\":%J,\"title\":%J,\"status\":%J,", i ? "," : "", it->key, it->title,
               feature_status_name(it->status));
    if (it->size > 0) buf_printf(b, "\"size\":%N,", it->size);
    else buf_puts(b, "\"size\":null,");
    if (it->effort > 0) buf_printf(b, "\"rice_effort\":%N,", it->effort);
    else buf_puts(b, "\"rice_effort\":null,");
    buf_printf(b, "\"weight\":%N}", s->weights[i]);
  }
  buf_putc(b, ']');
  buf_putc(b, '}');
}

void repr_tradeoff(buf *b, const struct tradeoff *t) {
  buf_printf(b, "{\"id\":%lld,\"in\":{\"key\":%J,\"title\":%J},\"horizon\":%J,\"out\":[", (long long)t->id, t->key,
             t->title, horizon_name(t->horizon));
  for (size_t i = 0; i < t->nout; i++)
    buf_printf(b, "%s{\"key\":%J,\"title\":%J,\"to\":%J}", i ? "," : "", t->out[i].key, t->out[i].title,
               horizon_name(t->out[i].to));
  buf_printf(b, "],\"reason\":%J,\"by\":%J,\"at\":", t->reason, t->actor_name);
  time_value(b, t->at);
  buf_putc(b, '}');
}

static void change_json(buf *b, const struct hz_change *c) {
  buf_printf(b, "{\"key\":%J,\"title\":%J,\"from\":%J,\"to\":%J,\"status\":%J,\"by\":%J,\"at\":", c->key, c->title,
             horizon_name(c->from), horizon_name(c->to), feature_status_name(c->status), c->actor_name);
  time_value(b, c->at);
  buf_putc(b, '}');
}

static void days_value(buf *b, double d) {
  if (d < 0) buf_puts(b, "null");
  else buf_printf(b, "%.1f", d);
}

void repr_focus(buf *b, const struct focus_view *v) {
  const struct focus_report *r = &v->report;
  buf_printf(b, "{\"product\":%J,\"at\":", v->product.key);
  time_value(b, r->window_start + (int64_t)FOCUS_WINDOW_DAYS * FOCUS_DAY);
  buf_puts(b, ",\"now\":");
  repr_now_state(b, &v->now);
  buf_printf(b, ",\"churn\":{\"window_days\":%d,\"since\":", FOCUS_WINDOW_DAYS);
  time_value(b, r->window_start);
  buf_printf(b, ",\"entries\":%lld,\"exits\":%lld,\"changes\":%lld,\"now_size\":%zu,\"percent_of_now\":%.1f,",
             (long long)r->entries, (long long)r->exits, (long long)(r->entries + r->exits), v->now.nitems,
             r->churn_percent);
  buf_puts(b, "\"weekly\":[");
  for (int i = 0; i < FOCUS_WEEKS; i++) buf_printf(b, "%s%lld", i ? "," : "", (long long)r->weekly[i]);
  buf_puts(b, "],\"history\":[");
  for (size_t i = 0; i < r->ncounted; i++) {
    if (i) buf_putc(b, ',');
    change_json(b, r->counted[i]);
  }
  buf_printf(b, "]},\"dwell\":{\"window_days\":%d,\"items\":%zu,\"known\":%zu,", FOCUS_DWELL_WINDOW_DAYS, r->ndwell,
             r->dwell_known);
  if (r->dwell_known) buf_printf(b, "\"median_days\":%.1f,\"mean_days\":%.1f,", r->dwell_median, r->dwell_mean);
  else buf_puts(b, "\"median_days\":null,\"mean_days\":null,");
  buf_puts(b, "\"history\":[");
  for (size_t i = 0; i < r->ndwell; i++) {
    const struct focus_dwell *d = &r->dwell[i];
    buf_printf(b, "%s{\"key\":%J,\"title\":%J,\"entered\":", i ? "," : "", d->left_now->key, d->left_now->title);
    time_value(b, d->entered);
    buf_puts(b, ",\"left\":");
    time_value(b, d->left_now->at);
    buf_printf(b, ",\"to\":%J,\"status\":%J,\"days\":", horizon_name(d->left_now->to), feature_status_name(d->left_now->status));
    if (d->entered) buf_printf(b, "%.1f}", d->days);
    else buf_puts(b, "null}");
  }
  buf_puts(b, "]},\"wip\":[");
  for (size_t i = 0; i < v->nteams; i++) {
    const struct team_wip *t = &v->teams[i];
    buf_printf(b, "%s{\"team\":%J,\"in_progress\":%lld,", i ? "," : "", t->name, (long long)t->in_progress);
    if (t->wip_limit >= 0) buf_printf(b, "\"limit\":%lld,", (long long)t->wip_limit);
    else buf_puts(b, "\"limit\":null,");
    buf_printf(b, "\"over\":%s}", t->over ? "true" : "false");
  }
  buf_puts(b, "],\"strategy\":{\"vision\":");
  if (v->has_vision) {
    buf_printf(b, "{\"revision\":%lld,\"since\":", (long long)v->vision_revision);
    time_value(b, v->vision_at);
    buf_puts(b, ",\"age_days\":");
    days_value(b, r->vision_age_days);
    buf_printf(b, ",\"changes_in_window\":%lld}", (long long)v->vision_changes);
  } else {
    buf_puts(b, "null");
  }
  buf_printf(b, ",\"objectives\":{\"period\":%J,\"count\":%lld,\"since\":", v->now.period, (long long)v->objectives);
  time_value(b, v->objectives ? v->objectives_at : 0);
  buf_puts(b, ",\"age_days\":");
  days_value(b, r->objectives_age_days);
  buf_puts(b, "}},\"warnings\":[");
  for (size_t i = 0; i < r->nwarnings; i++)
    buf_printf(b, "%s{\"code\":%J,\"message\":%J}", i ? "," : "", r->warnings[i].code, r->warnings[i].message);
  buf_printf(b, "],\"thresholds\":{\"churn_percent\":%d,\"churn_min_changes\":%d,\"dwell_days\":%d,"
                "\"dwell_min_items\":%d,\"vision_changes\":%d,\"objectives_settle_days\":%d}}",
             FOCUS_CHURN_WARN_PERCENT, FOCUS_CHURN_MIN_CHANGES, FOCUS_DWELL_WARN_DAYS, FOCUS_DWELL_MIN_ITEMS,
             FOCUS_VISION_CHANGES_WARN, FOCUS_OBJECTIVES_SETTLE_DAYS);
}
