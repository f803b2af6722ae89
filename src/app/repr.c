/* repr.c — the JSON form of each record: what the API returns and what the
 * audit trail stores. One writer per record keeps the two identical. */
#include <jansson.h>

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
  if (i->merged_at && i->duplicate_of) buf_printf(b, "\"merged_into\":%lld,", (long long)i->duplicate_of);
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
    buf_printf(b, "\"following\":%s,", i->following ? "true" : "false");
    buf_printf(b, "\"submitted_by\":%J,", i->submitted_by ? i->submitted_by_name : NULL);
    if (i->submitter_email && *i->submitter_email) buf_printf(b, "\"submitter_email\":%J,", i->submitter_email);
  }
  time_field(b, "created_at", i->created_at);
  buf_putc(b, ',');
  time_field(b, "updated_at", i->updated_at);
  buf_printf(b, ",\"version\":%lld}", (long long)i->version);
}

void repr_user(buf *b, const struct user *u) {
  buf_printf(b, "{\"id\":%lld,\"email\":%J,\"name\":%J,\"role\":%J,\"active\":%s,", (long long)u->id, u->email,
             u->name, role_name(u->role), u->active ? "true" : "false");
  id_field(b, "customer_id", u->customer_id);
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
  buf_printf(b, "{\"id\":%lld,\"author\":%J,\"body\":%J,\"public\":%s,", (long long)c->id,
             c->author_id ? c->author_name : NULL, c->body, c->is_public ? "true" : "false");
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

void repr_customer(buf *b, const struct customer *c) {
  buf_printf(b, "{\"id\":%lld,\"name\":%J,\"segment\":%J,\"arr\":%lld,\"plan\":%J,\"feedback\":%lld,", (long long)c->id,
             c->name, c->segment, (long long)c->arr, c->plan, (long long)c->feedback_count);
  time_field(b, "created_at", c->created_at);
  buf_putc(b, ',');
  time_field(b, "updated_at", c->updated_at);
  buf_printf(b, ",\"version\":%lld}", (long long)c->version);
}

void repr_contact(buf *b, const struct contact *c) {
  buf_printf(b, "{\"id\":%lld,\"customer_id\":%lld,\"name\":%J,\"email\":%J,", (long long)c->id,
             (long long)c->customer_id, c->name, c->email);
  time_field(b, "created_at", c->created_at);
  buf_printf(b, ",\"version\":%lld}", (long long)c->version);
}

void repr_feedback(buf *b, const struct feedback *f, int full) {
  buf_printf(b, "{\"id\":%lld,\"text\":%J,\"channel\":%J,\"reference\":%J,\"status\":%J,", (long long)f->id, f->text,
             feedback_channel_name(f->channel), f->reference, feedback_status_name(f->status));
  if (f->customer_id) buf_printf(b, "\"customer\":{\"id\":%lld,\"name\":%J},", (long long)f->customer_id, f->customer_name);
  else buf_puts(b, "\"customer\":null,");
  if (f->contact_id) buf_printf(b, "\"contact\":{\"id\":%lld,\"name\":%J},", (long long)f->contact_id, f->contact_name);
  else buf_puts(b, "\"contact\":null,");
  buf_printf(b, "\"product\":%J,\"links\":%lld,\"tags\":[", f->product_id ? f->product_key : NULL,
             (long long)f->link_count);
  for (size_t i = 0; i < f->ntags; i++) buf_printf(b, "%s%J", i ? "," : "", f->tags[i]);
  buf_puts(b, "],");
  if (full) { /* stored as checked JSON text; re-checked so a bad row can never break the document */
    json_t *v = f->attributes ? json_loads(f->attributes, JSON_REJECT_DUPLICATES, NULL) : NULL;
    buf_printf(b, "\"attributes\":%s,", json_is_object(v) ? f->attributes : "{}");
    json_decref(v);
  }
  buf_printf(b, "\"submitted_by\":%J,", f->submitted_by ? f->submitted_by_name : NULL);
  time_field(b, "received_at", f->received_at);
  buf_putc(b, ',');
  time_field(b, "created_at", f->created_at);
  buf_putc(b, ',');
  time_field(b, "updated_at", f->updated_at);
  buf_printf(b, ",\"version\":%lld}", (long long)f->version);
}

void repr_feedback_link(buf *b, const struct feedback_link *l) {
  buf_printf(b, "{\"id\":%lld,\"feedback_id\":%lld,", (long long)l->id, (long long)l->feedback_id);
  if (l->idea_id) buf_printf(b, "\"idea\":%lld,\"idea_title\":%J,\"feature\":null,", (long long)l->idea_id, l->idea_title);
  else buf_printf(b, "\"idea\":null,\"feature\":%J,\"feature_title\":%J,", l->feature_key, l->feature_title);
  buf_printf(b, "\"quote\":%J,\"importance\":%J,", l->quote, importance_name(l->importance));
  time_field(b, "created_at", l->created_at);
  buf_putc(b, '}');
}

void repr_demand(buf *b, const struct demand *d) {
  buf_printf(b, "{\"customers\":%lld,\"arr\":%lld,\"feedback\":%lld,\"critical\":%lld,\"by_segment\":{",
             (long long)d->customers, (long long)d->arr, (long long)d->feedback, (long long)d->critical);
  for (size_t i = 0; i < d->nsegments; i++)
    buf_printf(b, "%s%J:{\"customers\":%lld,\"arr\":%lld}", i ? "," : "",
               *d->segments[i].segment ? d->segments[i].segment : "(none)", (long long)d->segments[i].customers,
               (long long)d->segments[i].arr);
  buf_puts(b, "},\"quotes\":[");
  for (size_t i = 0; i < d->nquotes; i++) {
    const struct demand_quote *q = &d->quotes[i];
    buf_printf(b, "%s{\"feedback_id\":%lld,\"quote\":%J,\"importance\":%J,", i ? "," : "", (long long)q->feedback_id,
               q->quote, importance_name(q->importance));
    if (q->customer_id)
      buf_printf(b, "\"customer\":{\"id\":%lld,\"name\":%J,\"segment\":%J,\"arr\":%lld},", (long long)q->customer_id,
                 q->customer_name, q->segment, (long long)q->arr);
    else buf_puts(b, "\"customer\":null,");
    buf_printf(b, "\"channel\":%J,\"via\":%J,", feedback_channel_name(q->channel), *q->via ? q->via : NULL);
    time_field(b, "received_at", q->received_at);
    buf_putc(b, '}');
  }
  buf_puts(b, "]}");
}
