/* repr_strategy.c — the JSON form of visions, personas, objectives, key
 * results and check-ins, shared by the API, the CLI and the audit trail. */
#include "app/strategy.h"
#include "core/timeutil.h"

static void time_field(buf *b, const char *name, int64_t t) {
  if (!t) {
    buf_printf(b, "\"%s\":null", name);
    return;
  }
  char iso[TIME_ISO_LEN];
  time_iso(t, iso);
  buf_printf(b, "\"%s\":\"%s\"", name, iso);
}

void repr_vision(buf *b, const char *product_key, const struct vision *v) {
  buf_printf(b, "{\"product\":%J,\"revision\":%lld,", product_key, (long long)v->revision);
  for (int i = 0; i < VISION_NFIELDS; i++) buf_printf(b, "\"%s\":%J,", vision_field_names[i], v->fields[i]);
  buf_printf(b, "\"reason\":%J,\"author\":", v->reason);
  if (v->author_id) buf_printf(b, "{\"id\":%lld,\"name\":%J}", (long long)v->author_id, v->author_name);
  else buf_puts(b, "null");
  buf_putc(b, ',');
  time_field(b, "created_at", v->created_at);
  buf_putc(b, '}');
}

void repr_vision_compare(buf *b, const struct vision *a, const struct vision *c) {
  buf_printf(b, "{\"from\":%lld,\"to\":%lld,\"fields\":{", (long long)a->revision, (long long)c->revision);
  for (int i = 0; i < VISION_NFIELDS; i++)
    buf_printf(b, "%s\"%s\":{\"from\":%J,\"to\":%J,\"changed\":%s}", i ? "," : "", vision_field_names[i], a->fields[i],
               c->fields[i], vision_field_changed(a, c, i) ? "true" : "false");
  buf_puts(b, "},\"changed\":[");
  int k = 0;
  for (int i = 0; i < VISION_NFIELDS; i++)
    if (vision_field_changed(a, c, i)) buf_printf(b, "%s\"%s\"", k++ ? "," : "", vision_field_names[i]);
  buf_puts(b, "]}");
}

void repr_persona(buf *b, const struct persona *p) {
  buf_printf(b, "{\"id\":%lld,\"product\":%J,\"name\":%J,", (long long)p->id, p->product_key, p->name);
  for (int i = 0; i < PERSONA_NFIELDS; i++) buf_printf(b, "\"%s\":%J,", persona_field_names[i], p->fields[i]);
  buf_printf(b, "\"features\":%lld,", (long long)p->feature_count);
  time_field(b, "created_at", p->created_at);
  buf_putc(b, ',');
  time_field(b, "updated_at", p->updated_at);
  buf_printf(b, ",\"version\":%lld}", (long long)p->version);
}

void repr_key_result(buf *b, const struct key_result *k) {
  double raw = kr_progress(k);
  buf_printf(b,
             "{\"id\":%lld,\"objective_id\":%lld,\"title\":%J,\"metric\":%J,\"unit\":%J,\"baseline\":%N,\"target\":%N,"
             "\"current\":%N,\"progress\":%N,\"progress_clamped\":%N,",
             (long long)k->id, (long long)k->objective_id, k->title, k->metric, k->unit, k->baseline, k->target,
             k->current, raw, progress_clamp(raw));
  time_field(b, "updated_at", k->updated_at);
  buf_printf(b, ",\"version\":%lld}", (long long)k->version);
}

void repr_checkin(buf *b, const struct kr_checkin *c) {
  buf_printf(b, "{\"id\":%lld,\"key_result_id\":%lld,\"value\":%N,\"comment\":%J,\"author\":", (long long)c->id,
             (long long)c->key_result_id, c->value, c->comment);
  if (c->author_id) buf_printf(b, "{\"id\":%lld,\"name\":%J}", (long long)c->author_id, c->author_name);
  else buf_puts(b, "null");
  buf_putc(b, ',');
  time_field(b, "at", c->at);
  buf_putc(b, '}');
}

void repr_objective(buf *b, const struct objective_view *v) {
  const struct objective *o = &v->o;
  buf_printf(b, "{\"id\":%lld,\"product\":%J,\"period\":%J,\"title\":%J,\"description\":%J,\"status\":%J,\"owner\":",
             (long long)o->id, o->product_key, o->period, o->title, o->description, objective_status_name(o->status));
  if (o->owner_id) buf_printf(b, "{\"id\":%lld,\"name\":%J}", (long long)o->owner_id, o->owner_name);
  else buf_puts(b, "null");
  buf_printf(b, ",\"progress\":%N,\"key_results\":[", v->progress);
  for (size_t i = 0; i < v->nkr; i++) {
    if (i) buf_putc(b, ',');
    repr_key_result(b, &v->krs[i]);
  }
  buf_puts(b, "],");
  time_field(b, "created_at", o->created_at);
  buf_putc(b, ',');
  time_field(b, "updated_at", o->updated_at);
  buf_printf(b, ",\"version\":%lld}", (long long)o->version);
}

void repr_initiative(buf *b, const struct initiative *i) {
  buf_printf(b, "{\"id\":%lld,\"product\":%J,\"name\":%J,\"description\":%J,\"features\":%lld,\"objectives\":%lld,",
             (long long)i->id, i->product_key, i->name, i->description, (long long)i->feature_count,
             (long long)i->objective_count);
  time_field(b, "updated_at", i->updated_at);
  buf_printf(b, ",\"version\":%lld}", (long long)i->version);
}

void repr_initiative_view(buf *b, const struct initiative_view *v) {
  repr_initiative(b, &v->i);
  b->len--;
  buf_puts(b, ",\"serves\":[");
  for (size_t k = 0; k < v->nobjectives; k++)
    buf_printf(b, "%s{\"id\":%lld,\"period\":%J,\"title\":%J}", k ? "," : "", (long long)v->objectives[k].id,
               v->objectives[k].period, v->objectives[k].title);
  buf_puts(b, "],\"feature_keys\":[");
  for (size_t k = 0; k < v->nfeatures; k++) buf_printf(b, "%s%J", k ? "," : "", v->features[k].key);
  buf_puts(b, "]}");
}
