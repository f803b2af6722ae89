/* page_customer.c — the customer list, one customer's page (its contacts and
 * what it said), and the forms to add and edit customers and contacts; and
 * the demand panel that feature and idea pages show. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web/handlers.h"
#include "web/html.h"
#include "web/page_demand.h"

static const char *const sort_values[] = {"name", "arr"};
static const char *const sort_labels[] = {"Name", "ARR, highest first"};

/* Writes v with thousands separators (ARR reads better that way). */
static void money(struct req *r, int64_t v) {
  char digits[32];
  int n = snprintf(digits, sizeof digits, "%lld", (long long)v);
  char out[48];
  int k = 0;
  for (int i = 0; i < n; i++) {
    if (i && digits[i - 1] != '-' && (n - i) % 3 == 0) out[k++] = ',';
    out[k++] = digits[i];
  }
  out[k] = '\0';
  html_printf(&r->out, "%h", out);
}

static void customer_form(struct req *r, const struct customer *c, int editing) {
  buf *b = &r->out;
  if (editing) html_printf(b, "<form method=\"post\" action=\"/customers/%lld\" class=\"stack\">", (long long)c->id);
  else html_printf(b, "<form method=\"post\" action=\"/customers\" class=\"stack\">");
  html_csrf(r);
  if (editing) html_printf(b, "<input type=\"hidden\" name=\"version\" value=\"%lld\">", (long long)c->version);
  html_printf(b, "<label>Name <input name=\"name\" value=\"%a\" required maxlength=\"200\"></label><div class=\"row\">"
                 "<label>Segment <input name=\"segment\" value=\"%a\" list=\"segments\" placeholder=\"enterprise\"></label>"
                 "<datalist id=\"segments\"><option value=\"enterprise\"><option value=\"mid-market\"><option value=\"smb\"></datalist>"
                 "<label>ARR <small>annual recurring revenue</small><input name=\"arr\" inputmode=\"numeric\" value=\"%lld\"></label>"
                 "<label>Plan <input name=\"plan\" value=\"%a\"></label></div>"
                 "<div class=\"actions\"><button type=\"submit\">%h</button></div></form>",
              c->name ? c->name : "", c->segment ? c->segment : "", (long long)c->arr, c->plan ? c->plan : "",
              editing ? "Save" : "Add customer");
}

/* Reads the customer form. KEEL_EINVAL for an ARR that is not a whole number. */
static int patch_from_form(struct req *r, struct customer_patch *p) {
  memset(p, 0, sizeof *p);
  p->name = form_get(r, "name");
  p->segment = form_get(r, "segment");
  p->plan = form_get(r, "plan");
  const char *arr = form_get(r, "arr");
  if (*arr) {
    char *end;
    long long v = strtoll(arr, &end, 10);
    if (end == arr || *end) return err_set(&r->e, KEEL_EINVAL, "arr", "ARR must be a whole number, like 120000");
    p->has_arr = 1;
    p->arr = v;
  }
  return KEEL_OK;
}

static int customers_page(struct req *r, int status, const struct customer *draft) {
  struct keel_err failed = r->e;
  struct customer_list_in in = {.q = req_query(r, "q"), .segment = req_query(r, "segment"), .sort = req_query(r, "sort"),
                                .after = req_query(r, "after")};
  if (in.segment && !*in.segment) in.segment = NULL;
  if (in.sort && !*in.sort) in.sort = NULL;
  struct customer_page pg;
  int rc = app_customer_list(&r->x, &in, &pg);
  if (rc) return rc;
  page_begin(r, "Customers", "customers");
  buf *b = &r->out;
  html_printf(b, "<div class=\"page-head\"><h1>Customers</h1></div><p class=\"lead\">The companies whose feedback and "
                 "revenue weigh in on what is built next.</p>");
  if (status != 200) html_form_error(r, &failed);
  html_notice(r);
  html_printf(b, "<form method=\"get\" action=\"/customers\" class=\"filters\"><label>Name contains <input type=\"search\" name=\"q\" value=\"%a\"></label>"
                 "<label>Segment <input name=\"segment\" value=\"%a\"></label><label>Sort <select name=\"sort\">",
              in.q ? in.q : "", in.segment ? in.segment : "");
  html_options(r, sort_values, sort_labels, 2, in.sort ? in.sort : "name");
  html_printf(b, "</select></label><button type=\"submit\">Apply</button></form>");
  if (!pg.n) {
    html_printf(b, "<p class=\"empty\">No customers yet. They are added here, by recording feedback for them, or by importing feedback.</p>");
  } else {
    html_printf(b, "<table><thead><tr><th>Customer</th><th>Segment</th><th class=\"num\">ARR</th><th>Plan</th>"
                   "<th class=\"num\">Feedback</th></tr></thead><tbody>");
    for (size_t i = 0; i < pg.n; i++) {
      const struct customer *c = &pg.items[i];
      html_printf(b, "<tr><td><a href=\"/customers/%lld\">%h</a></td><td>%h</td><td class=\"num\">", (long long)c->id, c->name,
                  c->segment);
      money(r, c->arr);
      html_printf(b, "</td><td>%h</td><td class=\"num\"><a href=\"/feedback?status=all&amp;customer=%lld\">%lld</a></td></tr>",
                  c->plan, (long long)c->id, (long long)c->feedback_count);
    }
    html_printf(b, "</tbody></table>");
  }
  if (pg.next) {
    buf q;
    buf_init(&q, 1024);
    if (in.q && *in.q) buf_printf(&q, "q=%u&", in.q);
    if (in.segment) buf_printf(&q, "segment=%u&", in.segment);
    if (in.sort) buf_printf(&q, "sort=%u&", in.sort);
    buf_printf(&q, "after=%u", pg.next);
    html_printf(b, "<nav class=\"pager\"><a class=\"button secondary\" href=\"/customers?%a\">Next page →</a></nav>", buf_cstr(&q));
    buf_free(&q);
  }
  if (html_can(r, CAP_PRODUCT)) {
    struct customer empty = {.name = "", .segment = "", .plan = ""};
    html_printf(b, "<section class=\"panel\"><h2>Add a customer</h2>");
    customer_form(r, draft ? draft : &empty, 0);
    html_printf(b, "</section>");
  }
  page_end(r, status);
  return KEEL_OK;
}

int page_customers(struct req *r) { return customers_page(r, 200, NULL); }

int page_customer_create(struct req *r) {
  struct customer_patch p;
  struct customer c;
  int rc = patch_from_form(r, &p);
  if (!rc) rc = app_customer_create(&r->x, &p, &c);
  if (rc == KEEL_OK) {
    html_done(r, arena_printf(r->a, "/customers/%lld", (long long)c.id), "created");
    return KEEL_OK;
  }
  if (rc != KEEL_EINVAL && rc != KEEL_EEXISTS) return rc;
  struct customer draft = {.name = p.name, .segment = p.segment, .plan = p.plan, .arr = p.arr};
  return customers_page(r, http_status_for(rc), &draft);
}

static int customer_page(struct req *r, const char *ref, int status) {
  struct keel_err failed = r->e;
  struct customer c;
  int rc = app_customer_get(&r->x, ref, &c);
  if (rc) return rc;
  struct contact *ks;
  size_t nk;
  rc = app_contact_list(&r->x, ref, &ks, &nk);
  if (rc) return rc;
  struct feedback_list_in fin = {.status = "all", .customer = arena_printf(r->a, "%lld", (long long)c.id), .limit = "20"};
  struct feedback_page fp;
  rc = app_feedback_list(&r->x, &fin, &fp);
  if (rc) return rc;
  int pm = html_can(r, CAP_PRODUCT);
  page_begin(r, c.name, "customers");
  buf *b = &r->out;
  html_printf(b, "<div class=\"page-head\"><div><p class=\"crumbs\"><a href=\"/customers\">Customers</a></p><h1>%h</h1>"
                 "<p class=\"badges\">%h%h ARR ",
              c.name, *c.segment ? c.segment : "", *c.segment ? " ·" : "");
  money(r, c.arr);
  html_printf(b, "%h%h</p></div><div class=\"actions\"><a class=\"button\" href=\"/feedback/new?customer=%u\">Record feedback</a></div></div>",
              *c.plan ? " · plan " : "", c.plan, c.name);
  if (status != 200) html_form_error(r, &failed);
  html_notice(r);
  html_printf(b, "<div class=\"columns\"><div class=\"main-col\"><section><h2>What they said <small>%lld in all</small></h2>",
              (long long)fp.total);
  if (!fp.n) html_printf(b, "<p class=\"empty\">No feedback from %h yet.</p>", c.name);
  else html_printf(b, "<ul class=\"feedback-list\">");
  for (size_t i = 0; i < fp.n; i++) {
    const struct feedback *f = &fp.items[i];
    size_t len = strlen(f->text), cut = len > 300 ? 300 : len;
    while (cut < len && cut && ((unsigned char)f->text[cut] & 0xC0) == 0x80) cut--;
    html_printf(b, "<li><a href=\"/feedback/%lld\">%h%h</a> <span class=\"muted\">%h · ", (long long)f->id,
                arena_strndup(r->a, f->text, cut), cut < len ? "…" : "", feedback_status_label(f->status));
    html_time(r, f->received_at);
    html_printf(b, "</span></li>");
  }
  if (fp.n) html_printf(b, "</ul>");
  if (fp.next) html_printf(b, "<p><a href=\"/feedback?status=all&amp;customer=%lld\">All their feedback →</a></p>", (long long)c.id);
  html_printf(b, "</section></div><aside class=\"side-col\"><section class=\"panel\"><h2>Contacts</h2>");
  if (!nk) html_printf(b, "<p class=\"empty\">No contacts yet.</p>");
  else html_printf(b, "<ul>");
  for (size_t i = 0; i < nk; i++) {
    html_printf(b, "<li>%h", ks[i].name);
    if (*ks[i].email) html_printf(b, " <a href=\"mailto:%a\">%h</a>", ks[i].email, ks[i].email);
    html_printf(b, "</li>");
  }
  if (nk) html_printf(b, "</ul>");
  if (pm) {
    html_printf(b, "<form method=\"post\" action=\"/customers/%lld/contacts\" class=\"stack\">", (long long)c.id);
    html_csrf(r);
    html_printf(b, "<label>Name <input name=\"name\" required></label><label>E-mail <input type=\"email\" name=\"email\"></label>"
                   "<button type=\"submit\" class=\"secondary\">Add contact</button></form>");
  }
  html_printf(b, "</section>");
  if (pm) {
    html_printf(b, "<section class=\"panel\"><details><summary>Edit</summary>");
    customer_form(r, &c, 1);
    html_printf(b, "</details></section>");
  }
  html_printf(b, "</aside></div>");
  page_end(r, status);
  return KEEL_OK;
}

int page_customer(struct req *r) { return customer_page(r, r->params[0], 200); }

int page_customer_update(struct req *r) {
  int64_t version;
  struct customer_patch p;
  int rc = form_version(r, &version);
  if (!rc) rc = patch_from_form(r, &p);
  struct customer c;
  if (!rc) rc = app_customer_update(&r->x, r->params[0], &p, version, &c);
  if (rc == KEEL_OK) {
    html_done(r, arena_printf(r->a, "/customers/%lld", (long long)c.id), "saved");
    return KEEL_OK;
  }
  if (rc == KEEL_EINVAL || rc == KEEL_ESTALE || rc == KEEL_EEXISTS) return customer_page(r, r->params[0], http_status_for(rc));
  return rc;
}

int page_contact_create(struct req *r) {
  struct contact k;
  int rc = app_contact_create(&r->x, r->params[0], form_get(r, "name"), form_get(r, "email"), &k);
  if (rc == KEEL_OK) {
    html_done(r, arena_printf(r->a, "/customers/%lld", (long long)k.customer_id), "saved");
    return KEEL_OK;
  }
  if (rc == KEEL_EINVAL) return customer_page(r, r->params[0], 422);
  return rc;
}

void html_demand_panel(struct req *r, const struct demand *d, const char *reach_action, int64_t version,
                       double current_reach, int has_rice) {
  buf *b = &r->out;
  html_printf(b, "<section class=\"panel demand\"><h2>Who wants it</h2>");
  if (!d->customers && !d->feedback) {
    html_printf(b, "<p class=\"empty\">No customer feedback is linked yet.</p></section>");
    return;
  }
  html_printf(b, "<p class=\"demand-total\"><strong>%lld</strong> customer%h · ARR <strong>", (long long)d->customers,
              d->customers == 1 ? "" : "s");
  money(r, d->arr);
  html_printf(b, "</strong> · %lld feedback item%h", (long long)d->feedback, d->feedback == 1 ? "" : "s");
  if (d->critical) html_printf(b, " · <span class=\"badge importance-critical\">%lld critical</span>", (long long)d->critical);
  html_printf(b, "</p>");
  if (d->nsegments) {
    html_printf(b, "<table class=\"segments\"><thead><tr><th>Segment</th><th class=\"num\">Customers</th><th class=\"num\">ARR</th>"
                   "</tr></thead><tbody>");
    for (size_t i = 0; i < d->nsegments; i++) {
      html_printf(b, "<tr><td>%h</td><td class=\"num\">%lld</td><td class=\"num\">",
                  *d->segments[i].segment ? d->segments[i].segment : "(no segment)", (long long)d->segments[i].customers);
      money(r, d->segments[i].arr);
      html_printf(b, "</td></tr>");
    }
    html_printf(b, "</tbody></table>");
  }
  if (reach_action && has_rice) {
    if (current_reach == (double)d->customers) {
      html_printf(b, "<p class=\"muted\">RICE reach is %lld: the customers asking.</p>", (long long)d->customers);
    } else if (d->customers && html_can(r, CAP_PRODUCT)) {
      html_printf(b, "<form method=\"post\" action=\"%a\" class=\"inline\">", reach_action);
      html_csrf(r);
      html_printf(b, "<input type=\"hidden\" name=\"version\" value=\"%lld\"><button type=\"submit\" class=\"secondary small\">"
                     "Use as RICE reach (%lld instead of %.0f)</button></form>",
                  (long long)version, (long long)d->customers, current_reach);
    }
  }
  if (d->nquotes) html_printf(b, "<ul class=\"quotes\">");
  for (size_t i = 0; i < d->nquotes; i++) {
    const struct demand_quote *q = &d->quotes[i];
    html_printf(b, "<li><blockquote>%h</blockquote><p class=\"meta\"><span class=\"badge importance-%a\">%h</span> ", q->quote,
                importance_name(q->importance), importance_label(q->importance));
    if (q->customer_id) html_printf(b, "<a href=\"/customers/%lld\">%h</a> · ", (long long)q->customer_id, q->customer_name);
    html_printf(b, "<a href=\"/feedback/%lld\">%h</a>", (long long)q->feedback_id, feedback_channel_label(q->channel));
    if (*q->via) html_printf(b, " · via %h", q->via);
    html_printf(b, "</p></li>");
  }
  if (d->nquotes) html_printf(b, "</ul>");
  html_printf(b, "</section>");
}

int page_feature_reach(struct req *r) {
  int64_t version;
  int rc = form_version(r, &version);
  if (rc) return rc;
  struct feature f;
  rc = app_feature_reach_from_demand(&r->x, r->params[0], version, &f);
  if (rc) return rc;
  html_done(r, arena_printf(r->a, "/features/%s", f.key), "saved");
  return KEEL_OK;
}
