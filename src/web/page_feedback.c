/* page_feedback.c — the feedback inbox and list, recording feedback, one
 * item's page (its words, who said them, its links, triage and editing). */
#include <stdlib.h>
#include <string.h>

#include "core/timeutil.h"
#include "web/handlers.h"
#include "web/html.h"
#include "web/page_history.h"

static const char *const channel_values[] = {"support", "survey", "interview", "sales_call", "review", "chat", "email", "other"};
static const char *const channel_labels[] = {"Support ticket", "Survey", "Interview", "Sales call", "Review", "Chat", "E-mail", "Other"};
static const char *const status_values[] = {"inbox", "linked", "archived", "all"};
static const char *const status_labels[] = {"Inbox", "Linked", "Archived", "All"};
static const char *const importance_values[] = {"important", "critical", "nice_to_have"};
static const char *const importance_labels[] = {"Important", "Critical", "Nice to have"};

enum { EXCERPT_BYTES = 400 };

/* Writes the first EXCERPT_BYTES of text (cut at a character boundary). */
static void excerpt(struct req *r, const char *text) {
  size_t n = strlen(text);
  if (n <= EXCERPT_BYTES) {
    html_printf(&r->out, "%h", text);
    return;
  }
  size_t k = EXCERPT_BYTES;
  while (k && ((unsigned char)text[k] & 0xC0) == 0x80) k--;
  html_printf(&r->out, "%h…", arena_strndup(r->a, text, k));
}

static void tags(struct req *r, const struct feedback *f) {
  for (size_t i = 0; i < f->ntags; i++)
    html_printf(&r->out, " <a class=\"tag\" href=\"/feedback?status=all&amp;tag=%u\">%h</a>", f->tags[i], f->tags[i]);
}

static void feedback_cards(struct req *r, const struct feedback_page *pg) {
  buf *b = &r->out;
  if (pg->n == 0) {
    html_printf(b, "<p class=\"empty\">Nothing here. Feedback that is not linked to an idea or feature yet waits in the inbox.</p>");
    return;
  }
  html_printf(b, "<ul class=\"feedback-list\">");
  for (size_t i = 0; i < pg->n; i++) {
    const struct feedback *f = &pg->items[i];
    html_printf(b, "<li class=\"feedback-item is-%a\"><p class=\"quote-text\"><a href=\"/feedback/%lld\">", feedback_status_name(f->status),
                (long long)f->id);
    excerpt(r, f->text);
    html_printf(b, "</a></p><p class=\"meta\"><span class=\"badge\">%h</span> ", feedback_channel_label(f->channel));
    if (f->customer_id)
      html_printf(b, "<a href=\"/customers/%lld\">%h</a> · ", (long long)f->customer_id, f->customer_name);
    html_time(r, f->received_at);
    if (f->link_count) html_printf(b, " · %lld link%h", (long long)f->link_count, f->link_count == 1 ? "" : "s");
    tags(r, f);
    html_printf(b, "</p></li>");
  }
  html_printf(b, "</ul>");
}

int page_feedback_list(struct req *r) {
  struct feedback_list_in in = {
      .status = req_query(r, "status"), .channel = req_query(r, "channel"), .customer = req_query(r, "customer"),
      .product = req_query(r, "product"), .tag = req_query(r, "tag"), .after = req_query(r, "after"),
  };
  if (!in.status || !*in.status) in.status = "inbox";
  if (in.channel && !*in.channel) in.channel = NULL;
  if (in.customer && !*in.customer) in.customer = NULL;
  if (in.product && !*in.product) in.product = NULL;
  if (in.tag && !*in.tag) in.tag = NULL;
  struct feedback_page pg;
  int rc = app_feedback_list(&r->x, &in, &pg);
  if (rc) return rc;
  struct product *ps;
  size_t np;
  rc = app_product_list(&r->x, &ps, &np);
  if (rc) return rc;
  page_begin(r, "Feedback", "feedback");
  buf *b = &r->out;
  html_printf(b, "<div class=\"page-head\"><h1>Feedback</h1><div class=\"actions\">");
  if (html_can(r, CAP_SUBMIT)) html_printf(b, "<a class=\"button\" href=\"/feedback/new\">Record feedback</a>");
  if (html_can(r, CAP_PRODUCT)) html_printf(b, "<a class=\"button secondary\" href=\"/feedback/import\">Import a file</a>");
  html_printf(b, "</div></div><p class=\"lead\">What customers, sales and support actually said. Link each item to the "
                 "idea or feature it is evidence for; what links nowhere waits in the inbox.</p>");
  html_notice(r);
  html_printf(b, "<nav class=\"tabs\">");
  for (int i = 0; i < 4; i++)
    html_printf(b, "<a href=\"/feedback?status=%u\"%a>%h</a>", status_values[i],
                strcmp(in.status, status_values[i]) == 0 ? " aria-current=\"page\"" : "", status_labels[i]);
  html_printf(b, "</nav><form method=\"get\" action=\"/feedback\" class=\"filters\">"
                 "<input type=\"hidden\" name=\"status\" value=\"%a\"><label>Channel <select name=\"channel\">"
                 "<option value=\"\">Any channel</option>",
              in.status);
  html_options(r, channel_values, channel_labels, 8, in.channel);
  html_printf(b, "</select></label><label>Product <select name=\"product\"><option value=\"\">Any product</option>");
  for (size_t i = 0; i < np; i++)
    html_printf(b, "<option value=\"%a\"%a>%h</option>", ps[i].key,
                in.product && strcmp(in.product, ps[i].key) == 0 ? " selected" : "", ps[i].key);
  html_printf(b, "</select></label><label>Customer <input name=\"customer\" value=\"%a\" placeholder=\"name or id\"></label>"
                 "<label>Tag <input name=\"tag\" value=\"%a\"></label><button type=\"submit\">Apply</button></form>",
              in.customer ? in.customer : "", in.tag ? in.tag : "");
  html_printf(b, "<p class=\"count\">%lld item%h</p>", (long long)pg.total, pg.total == 1 ? "" : "s");
  feedback_cards(r, &pg);
  if (pg.next) {
    buf q;
    buf_init(&q, 2048);
    const char *names[] = {"status", "channel", "customer", "product", "tag"};
    const char *vals[] = {in.status, in.channel, in.customer, in.product, in.tag};
    for (int i = 0; i < 5; i++)
      if (vals[i] && *vals[i]) buf_printf(&q, "%s=%u&", names[i], vals[i]);
    buf_printf(&q, "after=%u", pg.next);
    html_printf(b, "<nav class=\"pager\"><a class=\"button secondary\" href=\"/feedback?%a\">Next page →</a></nav>", buf_cstr(&q));
    buf_free(&q);
  }
  page_end(r, 200);
  return KEEL_OK;
}

/* The fields a form sends, as the app wants them. */
static struct feedback_in input_from_form(struct req *r, const char **tag_list) {
  struct feedback_in in = {
      .text = form_get(r, "text"),
      .channel = form_get(r, "channel"),
      .reference = form_get(r, "reference"),
      .received_at = *form_get(r, "received_at") ? form_get(r, "received_at") : NULL,
      .product = form_get(r, "product"),
      .customer_name = *form_get(r, "customer") ? form_get(r, "customer") : NULL,
      .contact_email = *form_get(r, "contact_email") ? form_get(r, "contact_email") : NULL,
      .contact_name = form_get(r, "contact_name"),
  };
  in.clear_product = !*in.product;
  in.clear_customer = !in.customer_name;
  in.clear_contact = !in.contact_email;
  /* Tags: one field, separated by commas. */
  const char *t = form_get(r, "tags");
  size_t n = 0;
  const char **list = tag_list;
  while (*t && n < FEEDBACK_TAGS_MAX + 1) {
    size_t len = strcspn(t, ",");
    const char *part = arena_strndup(r->a, t, len);
    if (strspn(part, " \t") < len) list[n++] = part;
    t += len;
    if (*t == ',') t++;
  }
  in.has_tags = 1;
  in.tags = list;
  in.ntags = n;
  return in;
}

/* The record/edit form. id 0: new feedback; v holds what to show. */
static void feedback_form(struct req *r, int64_t id, int64_t version, const struct feedback_in *v, const char *tag_text,
                          struct product *ps, size_t np) {
  buf *b = &r->out;
  if (id) html_printf(b, "<form method=\"post\" action=\"/feedback/%lld\" class=\"stack\">", (long long)id);
  else html_printf(b, "<form method=\"post\" action=\"/feedback\" class=\"stack\">");
  html_csrf(r);
  if (id) html_printf(b, "<input type=\"hidden\" name=\"version\" value=\"%lld\">", (long long)version);
  html_printf(b, "<label>What they said <small>their words, as they said them</small>"
                 "<textarea name=\"text\" rows=\"8\" required>%h</textarea></label><div class=\"row\"><label>Channel <select name=\"channel\">",
              v->text ? v->text : "");
  html_options(r, channel_values, channel_labels, 8, v->channel && *v->channel ? v->channel : "support");
  html_printf(b, "</select></label><label>Received <small>date</small><input name=\"received_at\" value=\"%a\" placeholder=\"2026-11-22\"></label>"
                 "<label>Reference <small>ticket or URL</small><input name=\"reference\" value=\"%a\" maxlength=\"500\"></label></div>"
                 "<div class=\"row\"><label>Customer <small>added when new</small><input name=\"customer\" value=\"%a\" maxlength=\"200\"></label>"
                 "<label>Contact e-mail <input type=\"email\" name=\"contact_email\" value=\"%a\"></label>"
                 "<label>Contact name <input name=\"contact_name\" value=\"%a\"></label></div>"
                 "<div class=\"row\"><label>Product <select name=\"product\"><option value=\"\">None</option>",
              v->received_at ? v->received_at : "", v->reference ? v->reference : "", v->customer_name ? v->customer_name : "",
              v->contact_email ? v->contact_email : "", v->contact_name ? v->contact_name : "");
  for (size_t i = 0; i < np; i++)
    html_printf(b, "<option value=\"%a\"%a>%h — %h</option>", ps[i].key,
                v->product && strcmp(v->product, ps[i].key) == 0 ? " selected" : "", ps[i].key, ps[i].name);
  html_printf(b, "</select></label><label>Tags <small>comma-separated</small><input name=\"tags\" value=\"%a\"></label></div>"
                 "<div class=\"actions\"><button type=\"submit\">%h</button> <a href=\"%a\">Cancel</a></div></form>",
              tag_text ? tag_text : "", id ? "Save" : "Record feedback",
              id ? arena_printf(r->a, "/feedback/%lld", (long long)id) : "/feedback");
}

int page_feedback_new(struct req *r) {
  struct product *ps;
  size_t np;
  int rc = app_product_list(&r->x, &ps, &np);
  if (rc) return rc;
  struct feedback_in v = {.customer_name = req_query(r, "customer")};
  page_begin(r, "Record feedback", "feedback");
  html_printf(&r->out, "<h1>Record feedback</h1><p class=\"lead\">Paste what the customer wrote or said. Keep their "
                       "words; the quote that matters is picked when you link it.</p>");
  feedback_form(r, 0, 0, &v, "", ps, np);
  page_end(r, 200);
  return KEEL_OK;
}

int page_feedback_create(struct req *r) {
  const char *list[FEEDBACK_TAGS_MAX + 1];
  struct feedback_in in = input_from_form(r, list);
  in.clear_product = in.clear_customer = in.clear_contact = 0;
  struct feedback f;
  int rc = app_feedback_create(&r->x, &in, &f);
  if (rc == KEEL_OK) {
    html_done(r, arena_printf(r->a, "/feedback/%lld", (long long)f.id), "saved");
    return KEEL_OK;
  }
  if (rc != KEEL_EINVAL) return rc;
  struct keel_err saved = r->e;
  struct product *ps;
  size_t np;
  int rc2 = app_product_list(&r->x, &ps, &np);
  if (rc2) return rc2;
  page_begin(r, "Record feedback", "feedback");
  html_printf(&r->out, "<h1>Record feedback</h1>");
  html_form_error(r, &saved);
  feedback_form(r, 0, 0, &in, form_get(r, "tags"), ps, np);
  page_end(r, 422);
  return KEEL_OK;
}

/* Writes a feedback item's links, with unlink buttons for PMs. */
static void links_section(struct req *r, const struct feedback *f, const struct feedback_link *ls, size_t n, int pm) {
  buf *b = &r->out;
  html_printf(b, "<section><h2>Evidence for</h2>");
  if (!n) html_printf(b, "<p class=\"empty\">Not linked yet: this item is in the inbox.</p>");
  else html_printf(b, "<ul class=\"links\">");
  for (size_t i = 0; i < n; i++) {
    const struct feedback_link *l = &ls[i];
    html_printf(b, "<li><span class=\"badge importance-%a\">%h</span> ", importance_name(l->importance),
                importance_label(l->importance));
    if (l->idea_id) html_printf(b, "<a href=\"/ideas/%lld\">idea #%lld %h</a>", (long long)l->idea_id, (long long)l->idea_id, l->idea_title);
    else html_printf(b, "<a href=\"/features/%u\">%h %h</a>", l->feature_key, l->feature_key, l->feature_title);
    if (*l->quote) html_printf(b, "<blockquote>%h</blockquote>", l->quote);
    if (pm) {
      html_printf(b, "<form method=\"post\" action=\"/feedback/%lld/unlink\" class=\"inline\">", (long long)f->id);
      html_csrf(r);
      html_printf(b, "<input type=\"hidden\" name=\"link\" value=\"%lld\"><button type=\"submit\" class=\"secondary small\">Unlink</button></form>",
                  (long long)l->id);
    }
    html_printf(b, "</li>");
  }
  if (n) html_printf(b, "</ul>");
  html_printf(b, "</section>");
}

static int feedback_page(struct req *r, int64_t id, int status) {
  struct keel_err failed = r->e;
  struct feedback f;
  struct feedback_link *ls;
  size_t nl;
  int rc = app_feedback_get(&r->x, id, &f, &ls, &nl);
  if (rc) return rc;
  const char *ref = arena_printf(r->a, "%lld", (long long)id);
  struct history_in hin = {.entity_type = "feedback", .ref = ref, .limit = 50};
  struct history_page hist;
  rc = app_history(&r->x, &hin, &hist);
  if (rc) return rc;
  int pm = html_can(r, CAP_PRODUCT);
  int own = f.submitted_by && f.submitted_by == r->actor.user_id && f.status == FBS_INBOX;

  page_begin(r, arena_printf(r->a, "Feedback %lld", (long long)id), "feedback");
  buf *b = &r->out;
  html_printf(b, "<div class=\"page-head\"><div><p class=\"crumbs\"><a href=\"/feedback\">Feedback</a></p>"
                 "<h1>Feedback #%lld</h1><p class=\"badges\"><span class=\"badge status-%a\">%h</span> <span class=\"badge\">%h</span> "
                 "<span class=\"muted\">received ",
              (long long)id, feedback_status_name(f.status), feedback_status_label(f.status), feedback_channel_label(f.channel));
  html_time(r, f.received_at);
  if (f.customer_id)
    html_printf(b, " from <a href=\"/customers/%lld\">%h</a>%h%h", (long long)f.customer_id, f.customer_name,
                f.contact_id ? ", " : "", f.contact_id ? f.contact_name : "");
  html_printf(b, " · recorded by %h</span></p></div></div>", f.submitted_by ? f.submitted_by_name : "the command line or an import");
  if (status != 200) html_form_error(r, &failed);
  html_notice(r);
  html_printf(b, "<div class=\"columns\"><div class=\"main-col\"><section><blockquote class=\"said\">%h</blockquote>", f.text);
  if (*f.reference) {
    int url = strncmp(f.reference, "https://", 8) == 0 || strncmp(f.reference, "http://", 7) == 0;
    if (url) html_printf(b, "<p>Reference: <a href=\"%a\" rel=\"noopener noreferrer\">%h</a></p>", f.reference, f.reference);
    else html_printf(b, "<p>Reference: %h</p>", f.reference);
  }
  if (f.product_id) html_printf(b, "<p>Product: <a href=\"/backlog?product=%u\">%h</a></p>", f.product_key, f.product_key);
  if (f.ntags) {
    html_printf(b, "<p>Tags:");
    tags(r, &f);
    html_printf(b, "</p>");
  }
  if (strcmp(f.attributes, "{}") != 0) html_printf(b, "<details><summary>Imported details</summary><pre>%h</pre></details>", f.attributes);
  html_printf(b, "</section>");
  links_section(r, &f, ls, nl, pm);
  html_printf(b, "</div><aside class=\"side-col\">");
  if (pm) {
    html_printf(b, "<section class=\"panel\"><h2>Link it</h2><form method=\"post\" action=\"/feedback/%lld/link\" class=\"stack\">",
                (long long)id);
    html_csrf(r);
    html_printf(b, "<label>Idea # <input name=\"idea\" inputmode=\"numeric\"></label><label>or feature <input name=\"feature\" placeholder=\"PAY-3\"></label>"
                   "<label>The quote that matters <small>words from the text (select them above); empty: all of it</small>"
                   "<textarea name=\"quote\" rows=\"3\"></textarea></label><label>How much it matters to them <select name=\"importance\">");
    html_options(r, importance_values, importance_labels, 3, "important");
    html_printf(b, "</select></label><button type=\"submit\">Link</button></form></section>");
    html_printf(b, "<section class=\"panel\"><h2>Triage</h2><form method=\"post\" action=\"/feedback/%lld/status\" class=\"inline\">", (long long)id);
    html_csrf(r);
    if (f.status == FBS_ARCHIVED)
      html_printf(b, "<input type=\"hidden\" name=\"version\" value=\"%lld\"><input type=\"hidden\" name=\"status\" value=\"inbox\">"
                     "<button type=\"submit\" class=\"secondary\">Back to the inbox</button></form>",
                  (long long)f.version);
    else if (f.status == FBS_INBOX)
      html_printf(b, "<input type=\"hidden\" name=\"version\" value=\"%lld\"><input type=\"hidden\" name=\"status\" value=\"archived\">"
                     "<button type=\"submit\" class=\"secondary\">Archive: nothing to act on</button></form>",
                  (long long)f.version);
    else
      html_printf(b, "</form><p class=\"muted\">Linked items leave the inbox by themselves.</p>");
    html_printf(b, "</section>");
  }
  if (pm || own) {
    struct product *ps;
    size_t np;
    rc = app_product_list(&r->x, &ps, &np);
    if (rc) return rc;
    buf tagtext;
    buf_init(&tagtext, 512);
    for (size_t i = 0; i < f.ntags; i++) buf_printf(&tagtext, "%s%s", i ? ", " : "", f.tags[i]);
    struct feedback_in v = {.text = f.text, .channel = feedback_channel_name(f.channel), .reference = f.reference,
                            .product = f.product_key,
                            .customer_name = f.customer_id ? f.customer_name : ""};
    char iso[TIME_ISO_LEN];
    time_iso(f.received_at, iso);
    v.received_at = arena_strdup(r->a, iso);
    html_printf(b, "<section class=\"panel\"><details><summary>Edit</summary>");
    feedback_form(r, id, f.version, &v, arena_strdup(r->a, buf_cstr(&tagtext)), ps, np);
    html_printf(b, "</details></section>");
    buf_free(&tagtext);
  }
  html_printf(b, "<section class=\"panel\"><h2>History</h2>");
  html_history(r, hist.items, hist.n, 0);
  html_printf(b, "</section></aside></div>");
  page_end(r, status);
  return KEEL_OK;
}

int page_feedback(struct req *r) {
  int64_t id;
  int rc = req_id_param(r, 0, &id);
  return rc ? rc : feedback_page(r, id, 200);
}

int page_feedback_update(struct req *r) {
  int64_t id, version;
  int rc = req_id_param(r, 0, &id);
  if (!rc) rc = form_version(r, &version);
  if (rc) return rc;
  const char *list[FEEDBACK_TAGS_MAX + 1];
  struct feedback_in in = input_from_form(r, list);
  struct feedback f;
  rc = app_feedback_update(&r->x, id, &in, version, &f);
  if (rc == KEEL_OK) {
    html_done(r, arena_printf(r->a, "/feedback/%lld", (long long)id), "saved");
    return KEEL_OK;
  }
  if (rc == KEEL_EINVAL || rc == KEEL_ESTALE || rc == KEEL_ECONFLICT) return feedback_page(r, id, http_status_for(rc));
  return rc;
}

int page_feedback_status(struct req *r) {
  int64_t id, version;
  int rc = req_id_param(r, 0, &id);
  if (!rc) rc = form_version(r, &version);
  if (rc) return rc;
  struct feedback_in in = {.status = form_get(r, "status")};
  struct feedback f;
  rc = app_feedback_update(&r->x, id, &in, version, &f);
  if (rc == KEEL_OK) {
    html_done(r, arena_printf(r->a, "/feedback/%lld", (long long)id), "saved");
    return KEEL_OK;
  }
  if (rc == KEEL_EINVAL || rc == KEEL_ESTALE || rc == KEEL_ECONFLICT) return feedback_page(r, id, http_status_for(rc));
  return rc;
}

int page_feedback_link(struct req *r) {
  int64_t id;
  int rc = req_id_param(r, 0, &id);
  if (rc) return rc;
  const char *idea = form_get(r, "idea"), *feature = form_get(r, "feature");
  struct feedback_link l;
  rc = app_feedback_link(&r->x, id, *idea ? idea : NULL, *feature ? feature : NULL, form_get(r, "quote"),
                         form_get(r, "importance"), &l);
  if (rc == KEEL_OK) {
    html_done(r, arena_printf(r->a, "/feedback/%lld", (long long)id), "linked");
    return KEEL_OK;
  }
  if (rc == KEEL_EINVAL || rc == KEEL_EEXISTS || rc == KEEL_ECONFLICT) return feedback_page(r, id, http_status_for(rc));
  return rc;
}

int page_feedback_unlink(struct req *r) {
  int64_t id;
  int rc = req_id_param(r, 0, &id);
  if (rc) return rc;
  const char *link = form_get(r, "link");
  char *end;
  long long l = strtoll(link, &end, 10);
  if (end == link || *end || l < 1) return err_set(&r->e, KEEL_EINVAL, "link", "which link?");
  rc = app_feedback_unlink(&r->x, id, l);
  if (rc) return rc;
  html_done(r, arena_printf(r->a, "/feedback/%lld", (long long)id), "unlinked");
  return KEEL_OK;
}
