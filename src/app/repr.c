/* repr.c — the JSON form of each record: what the API returns and what the
 * audit trail stores. One writer per record keeps the two identical. */
#include "app/app.h"
#include "core/timeutil.h"
#include "domain/score.h"

static void time_field(buf *b, const char *name, int64_t t) {
  if (!t) {
    buf_printf(b, "\"%s\":null", name);
    return;
  }
  char iso[TIME_ISO_LEN];
  time_iso(t, iso);
  buf_printf(b, "\"%s\":\"%s\"", name, iso);
}

void repr_product(buf *b, const struct product *p, int mode) {
  buf_printf(b, "{\"id\":%lld,\"key\":%J,\"name\":%J,\"description\":%J,", (long long)p->id, p->key, p->name,
             p->description);
  if (mode == REPR_FULL) buf_printf(b, "\"features\":%lld,", (long long)p->feature_count);
  time_field(b, "created_at", p->created_at);
  buf_putc(b, ',');
  time_field(b, "updated_at", p->updated_at);
  buf_printf(b, ",\"version\":%lld}", (long long)p->version);
}

void repr_feature(buf *b, const struct feature *f, int mode) {
  buf_printf(b, "{\"id\":%lld,\"key\":%J,\"product\":%J,\"title\":%J,", (long long)f->id, f->key, f->product_key,
             f->title);
  if (f->description) buf_printf(b, "\"description\":%J,", f->description); /* lists leave it out */
  buf_printf(b, "\"status\":%J,\"horizon\":%J,", feature_status_name(f->status), horizon_name(f->horizon));
  if (mode == REPR_FULL) buf_printf(b, "\"rank\":%lld,", (long long)f->rank);
  if (f->rice.set)
    buf_printf(b, "\"rice\":{\"reach\":%N,\"impact\":%N,\"confidence\":%N,\"effort\":%N},", f->rice.reach,
               f->rice.impact, f->rice.confidence, f->rice.effort);
  else
    buf_puts(b, "\"rice\":null,");
  if (f->ice.set)
    buf_printf(b, "\"ice\":{\"impact\":%d,\"confidence\":%d,\"ease\":%d},", f->ice.impact, f->ice.confidence,
               f->ice.ease);
  else
    buf_puts(b, "\"ice\":null,");
  if (mode == REPR_FULL) {
    buf_puts(b, "\"scores\":{\"rice\":");
    if (f->rice.set) buf_json_num(b, score_rice(&f->rice));
    else buf_puts(b, "null");
    buf_puts(b, ",\"ice\":");
    if (f->ice.set) buf_json_num(b, score_ice(&f->ice));
    else buf_puts(b, "null");
    buf_printf(b, "},\"ideas\":%lld,\"votes\":%lld,", (long long)f->idea_count, (long long)f->vote_count);
    buf_printf(b, "\"created_by\":%J,", f->created_by ? f->created_by_name : NULL);
  }
  time_field(b, "created_at", f->created_at);
  buf_putc(b, ',');
  time_field(b, "updated_at", f->updated_at);
  buf_printf(b, ",\"version\":%lld}", (long long)f->version);
}

/* "name":ID, or "name":null for 0, and a comma. */
static void id_field(buf *b, const char *name, int64_t id) {
  if (id) buf_printf(b, "\"%s\":%lld,", name, (long long)id);
  else buf_printf(b, "\"%s\":null,", name);
}

void repr_idea(buf *b, const struct idea *i, int mode) {
  buf_printf(b, "{\"id\":%lld,\"product\":%J,\"title\":%J,", (long long)i->id, i->product_key, i->title);
  if (i->description) buf_printf(b, "\"description\":%J,", i->description); /* lists leave it out */
  buf_printf(b, "\"source\":%J,\"customer\":%J,\"status\":%J,\"decline_reason\":%J,", idea_source_name(i->source),
             i->customer, idea_status_name(i->status), i->status == IS_DECLINED ? i->decline_reason : NULL);
  if (i->duplicate_of) buf_printf(b, "\"duplicate_of\":%lld,", (long long)i->duplicate_of);
  else buf_puts(b, "\"duplicate_of\":null,");
  buf_printf(b, "\"feature\":%J,", i->feature_id ? i->feature_key : NULL);
  id_field(b, "customer_id", i->customer_id);
  buf_printf(b, "\"reference\":%J,\"public\":%s,", i->reference ? i->reference : "", i->is_public ? "true" : "false");
  if (mode == REPR_FULL) {
    id_field(b, "contact_id", i->contact_id);
    buf_printf(b, "\"public_title\":%J,\"public_description\":%J,", i->public_title ? i->public_title : "",
               i->public_description ? i->public_description : "");
    if (i->merged_at) {
      time_field(b, "merged_at", i->merged_at);
      buf_putc(b, ',');
    }
    if (i->feature_id)
      buf_printf(b, "\"feature_title\":%J,\"feature_status\":%J,", i->feature_title,
                 feature_status_name(i->feature_status));
    buf_printf(b, "\"votes\":%lld,\"voted\":%s,", (long long)i->votes, i->voted ? "true" : "false");
    buf_printf(b, "\"submitted_by\":%J,", i->submitted_by ? i->submitted_by_name : NULL);
  }
  time_field(b, "created_at", i->created_at);
  buf_putc(b, ',');
  time_field(b, "updated_at", i->updated_at);
  buf_printf(b, ",\"version\":%lld}", (long long)i->version);
}

void repr_user(buf *b, const struct user *u) {
  buf_printf(b, "{\"id\":%lld,\"email\":%J,\"name\":%J,\"role\":%J,\"active\":%s,", (long long)u->id, u->email,
             u->name, role_name(u->role), u->active ? "true" : "false");
  time_field(b, "created_at", u->created_at);
  buf_putc(b, ',');
  time_field(b, "updated_at", u->updated_at);
  buf_printf(b, ",\"version\":%lld}", (long long)u->version);
}

void repr_token(buf *b, const struct api_token *t) {
  buf_printf(b, "{\"id\":%lld,\"user_id\":%lld,\"name\":%J,", (long long)t->id, (long long)t->user_id, t->name);
  time_field(b, "created_at", t->created_at);
  buf_putc(b, ',');
  time_field(b, "last_used_at", t->last_used_at);
  buf_putc(b, ',');
  time_field(b, "revoked_at", t->revoked_at);
  buf_putc(b, '}');
}

void repr_comment(buf *b, const struct comment *c) {
  buf_printf(b, "{\"id\":%lld,\"author\":%J,\"body\":%J,", (long long)c->id, c->author_id ? c->author_name : NULL,
             c->body);
  time_field(b, "created_at", c->created_at);
  buf_putc(b, '}');
}

void repr_audit(buf *b, const struct audit_entry *en) {
  buf_printf(b, "{\"id\":%lld,", (long long)en->id);
  time_field(b, "at", en->at);
  buf_printf(b, ",\"actor\":%J,\"action\":%J,\"entity_type\":%J,\"entity_id\":%lld,\"entity\":%J,",
             en->actor_name, en->action, en->entity_type, (long long)en->entity_id, en->entity_label);
  buf_printf(b, "\"before\":%s,\"after\":%s}", en->before ? en->before : "null", en->after ? en->after : "null");
}

void repr_job(buf *b, const struct job *j) {
  buf_printf(b, "{\"id\":%lld,\"kind\":%J,\"status\":%J,\"attempts\":%lld,\"claimed_by\":%J,\"result\":%J,"
                "\"schedule\":%J,",
             (long long)j->id, job_kind_name(j->kind), job_status_name(j->status), (long long)j->attempts,
             *j->claimed_by ? j->claimed_by : NULL, j->result, j->dedupe_key);
  time_field(b, "run_after", j->run_after);
  buf_putc(b, ',');
  time_field(b, "claimed_at", j->claimed_at);
  buf_putc(b, ',');
  time_field(b, "finished_at", j->finished_at);
  buf_putc(b, ',');
  time_field(b, "created_at", j->created_at);
  buf_putc(b, '}');
}
