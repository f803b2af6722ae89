/* test_search.c — unit tests for search, duplicate suggestions and merging:
 * the words, stemming and cosine similarity of domain/similarity.c with
 * hand-computed cases; the query parser and its FTS5 and tsquery renderings
 * (domain/search.c), snippets and cursors; then on a temporary SQLite
 * database the store's search (ranking, snippet markers, type and product
 * filters, paging), duplicate candidates, and merging in app/ (votes counted
 * once, feedback links combined, followers moved, refusals that change
 * nothing, one audit record on each idea). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/app.h"
#include "domain/search.h"
#include "domain/similarity.h"
#include "store/ideas.h"
#include "store/merge.h"
#include "store/search.h"
#include "store/users.h"
#include "fixture.h"

enum { T0 = 1780000000 };

/* ---- domain: words, stems, similarity ---- */

static void test_words(void **state) {
  (void)state;
  const char *s = "Crème-brûlée, e-mail & NAÏVE café 42x! 日本";
  size_t pos = 0, start = 0, len;
  char w[SIM_WORD_MAX + 1];
  const char *want[] = {"creme", "brulee", "e", "mail", "naive", "cafe", "42x", "日本"};
  size_t k = 0;
  while ((len = sim_word_next(s, strlen(s), &pos, w, &start)) > 0) {
    assert_true(k < sizeof want / sizeof want[0]);
    assert_string_equal(w, want[k]);
    assert_int_equal(len, strlen(want[k]));
    k++;
  }
  assert_int_equal(k, sizeof want / sizeof want[0]);
  /* A run of letters longer than SIM_WORD_MAX is no word. */
  char longw[SIM_WORD_MAX + 10];
  memset(longw, 'a', sizeof longw - 1);
  longw[sizeof longw - 1] = '\0';
  char buf2[200];
  snprintf(buf2, sizeof buf2, "%s ok", longw);
  pos = 0;
  assert_int_equal(sim_word_next(buf2, strlen(buf2), &pos, w, NULL), 2);
  assert_string_equal(w, "ok");
  assert_true(sim_is_stop_word("the"));
  assert_true(sim_is_stop_word("with"));
  assert_false(sim_is_stop_word("export"));
}

static void test_stem(void **state) {
  (void)state;
  const char *cases[][2] = {
      {"exports", "export"}, {"exported", "export"}, {"exporting", "export"}, {"running", "run"},
      {"caresses", "caress"}, {"ponies", "poni"},    {"relational", "relat"}, {"hopeful", "hope"},
      {"invoices", "invoic"}, {"as", "as"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char w[SIM_WORD_MAX + 1];
    snprintf(w, sizeof w, "%s", cases[i][0]);
    size_t n = sim_stem(w, strlen(w));
    assert_string_equal(w, cases[i][1]);
    assert_int_equal(n, strlen(cases[i][1]));
  }
}

static double sim(arena *a, const char *t1, const char *b1, const char *t2, const char *b2) {
  struct sim_doc x, y;
  sim_doc_build(a, t1, b1, &x);
  sim_doc_build(a, t2, b2, &y);
  double s = sim_cosine(&x, &y);
  assert_true(fabs(s - sim_cosine(&y, &x)) < 1e-12); /* symmetric */
  assert_true(s >= 0 && s <= 1);
  return s;
}

static void test_similarity(void **state) {
  (void)state;
  arena *a = arena_new(0);
  /* Same terms: 1, whatever the stop words, case, order and word forms. */
  assert_true(fabs(sim(a, NULL, "Export the invoices", NULL, "invoice exported") - 1.0) < 1e-12);
  /* {apple:1, banana:1} · {apple:1, cherry:1} = 1, norms √2 · √2: 0.5. */
  assert_true(fabs(sim(a, NULL, "apple banana", NULL, "apple cherry") - 0.5) < 1e-12);
  /* A title word weighs SIM_TITLE_WEIGHT (2): {apple:2, banana:1} · {apple:1} = 2 / (√5 · 1). */
  assert_true(fabs(sim(a, "apple", "banana", NULL, "apple") - 2.0 / sqrt(5.0)) < 1e-12);
  /* Counts: {apple:2, banana:1} · {apple:1, banana:1} = 3 / (√5 · √2). */
  assert_true(fabs(sim(a, NULL, "apple apple banana", NULL, "banana apple") - 3.0 / sqrt(10.0)) < 1e-12);
  /* Nothing in common, or nothing at all: 0. */
  assert_true(sim(a, NULL, "apple", NULL, "cherry") == 0);
  assert_true(sim(a, NULL, "", NULL, "cherry") == 0);
  assert_true(sim(a, NULL, "the and of", NULL, "the and of") == 0);
  arena_free(a);
}

/* ---- domain: the query ---- */

static const char *fts5(arena *a, const char *text) {
  struct search_query q;
  struct keel_err e = {0};
  if (search_query_parse(a, text, &q, &e)) return NULL;
  buf b;
  buf_init(&b, 0);
  search_query_fts5(&b, &q);
  const char *s = arena_strdup(a, buf_cstr(&b));
  buf_free(&b);
  return s;
}

static const char *tsq(arena *a, const char *text) {
  struct search_query q;
  struct keel_err e = {0};
  if (search_query_parse(a, text, &q, &e)) return NULL;
  buf b;
  buf_init(&b, 0);
  search_query_tsquery(&b, &q);
  const char *s = arena_strdup(a, buf_cstr(&b));
  buf_free(&b);
  return s;
}

static void parse_fails(arena *a, const char *text) {
  struct search_query q;
  struct keel_err e = {0};
  assert_int_equal(search_query_parse(a, text, &q, &e), KEEL_EINVAL);
  assert_string_equal(e.field, "q");
  assert_true(e.msg[0] != '\0');
}

static void test_query(void **state) {
  (void)state;
  arena *a = arena_new(0);
  assert_string_equal(fts5(a, "Export CSV"), "(\"export\" AND \"csv\")");
  assert_string_equal(tsq(a, "Export CSV"), "(export) & (csv)");
  assert_string_equal(fts5(a, "\"single sign on\" -okta integr*"), "(\"single sign on\" AND \"integr\"*) NOT \"okta\"");
  assert_string_equal(tsq(a, "\"single sign on\" -okta integr*"), "(single <-> sign <-> on) & (integr:*) & !(okta)");
  /* Stop words alone are dropped; inside a phrase they stay. */
  assert_string_equal(fts5(a, "the export"), "(\"export\")");
  /* Engine syntax is only text: the words come out, nothing else. */
  /* (A token cut by punctuation is a phrase, as "e-mail" is; "or" is a common word.) */
  assert_string_equal(fts5(a, "csv OR NEAR(a b) title:x ^y \"z"),
                      "(\"csv\" AND \"near a\" AND \"b\" AND \"title x\" AND \"y\" AND \"z\")");
  assert_string_equal(tsq(a, "a:* & !b | c <-> d ')--"), "(b) & (c) & (d)");
  assert_string_equal(fts5(a, "e-mail"), "(\"e mail\")");
  /* A one-letter prefix is a plain word. */
  assert_string_equal(fts5(a, "x*"), "(\"x\")");
  assert_string_equal(fts5(a, "Café"), "(\"cafe\")");
  parse_fails(a, "");
  parse_fails(a, "   ");
  parse_fails(a, "-csv -pdf");
  parse_fails(a, "the and of");
  parse_fails(a, "!!! ???");
  parse_fails(a, "bad \xff utf8");
  parse_fails(a, "tab\x01 control");
  char many[400] = "";
  for (int i = 0; i <= SEARCH_CLAUSES_MAX; i++) snprintf(many + strlen(many), sizeof many - strlen(many), "w%d ", i);
  parse_fails(a, many);
  char lng[SEARCH_QUERY_MAX_CHARS + 2];
  memset(lng, 'a', sizeof lng - 1);
  lng[sizeof lng - 1] = '\0';
  parse_fails(a, lng);
  memset(lng, ' ', SEARCH_QUERY_MAX_CHARS);
  memcpy(lng, "csv", 3);
  lng[SEARCH_QUERY_MAX_CHARS] = '\0';
  assert_string_equal(fts5(a, lng), "(\"csv\")"); /* exactly the limit */
  /* Any words: ORed. */
  const char *w[] = {"export", "csv"};
  buf b;
  buf_init(&b, 0);
  search_words_any(&b, w, 2, 0);
  assert_string_equal(buf_cstr(&b), "\"export\" OR \"csv\"");
  buf_reset(&b);
  search_words_any(&b, w, 2, 1);
  assert_string_equal(buf_cstr(&b), "export | csv");
  buf_free(&b);
  arena_free(a);
}

static void test_snippets_and_cursor(void **state) {
  (void)state;
  arena *a = arena_new(0);
  const char *plain;
  struct search_range *r;
  size_t n;
  search_unmark(a, "we \x01" "export\x02 to \x01" "CSV\x02.", &plain, &r, &n);
  assert_string_equal(plain, "we export to CSV.");
  assert_int_equal(n, 2);
  assert_int_equal(r[0].start, 3);
  assert_int_equal(r[0].end, 9);
  assert_int_equal(r[1].start, 13);
  assert_int_equal(r[1].end, 16);
  /* Offsets count code points, not bytes. */
  search_unmark(a, "café \x01" "crème\x02", &plain, &r, &n);
  assert_int_equal(n, 1);
  assert_int_equal(r[0].start, 5);
  assert_int_equal(r[0].end, 10);
  /* Stray marks are dropped; an open match ends with the text. */
  struct search_segment *seg;
  n = search_segments(a, "a\x02 b \x01" "c\x01" "d", &seg);
  assert_int_equal(n, 2);
  assert_string_equal(seg[0].text, "a b ");
  assert_false(seg[0].mark);
  assert_string_equal(seg[1].text, "cd");
  assert_true(seg[1].mark);
  /* Marking matches as the index finds them: stems, folded letters, prefixes. */
  struct search_query q;
  struct keel_err e = {0};
  assert_int_equal(search_query_parse(a, "exports CAFE integr* -dark", &q, &e), KEEL_OK);
  assert_string_equal(search_mark(a, "Exported to the Café, integrations & dark", &q, 1),
                      "\x01" "Exported\x02 to the \x01" "Café\x02, \x01" "integrations\x02 & dark");
  /* A snippet: SEARCH_SNIPPET_WORDS words around the most matches, cut with "…". */
  char longtext[2048] = "";
  for (int i = 0; i < 60; i++) snprintf(longtext + strlen(longtext), sizeof longtext - strlen(longtext), "w%d ", i);
  snprintf(longtext + strlen(longtext), sizeof longtext - strlen(longtext), "we export it. ");
  for (int i = 60; i < 120; i++) snprintf(longtext + strlen(longtext), sizeof longtext - strlen(longtext), "w%d ", i);
  const char *snip = search_mark(a, longtext, &q, 0);
  assert_true(strncmp(snip, "…w59 we \x01" "export\x02 it. w60", strlen("…w59 we \x01" "export\x02 it. w60")) == 0);
  assert_non_null(strstr(snip, "w79…"));
  assert_null(strstr(snip, "w80"));
  /* No match (another form the index would not find either): the start. */
  assert_string_equal(search_mark(a, "nothing here", &q, 0), "nothing here");
  assert_string_equal(search_mark(a, "", &q, 0), "");
  int off;
  assert_int_equal(search_cursor_parse(NULL, &off, &e), KEEL_OK);
  assert_int_equal(off, 0);
  assert_int_equal(search_cursor_parse("search:40", &off, &e), KEEL_OK);
  assert_int_equal(off, 40);
  assert_int_equal(search_cursor_parse("search:1001", &off, &e), KEEL_EINVAL);
  assert_int_equal(search_cursor_parse("search:-1", &off, &e), KEEL_EINVAL);
  assert_int_equal(search_cursor_parse("40", &off, &e), KEEL_EINVAL);
  assert_int_equal(search_cursor_parse("search:040", &off, &e), KEEL_EINVAL);
  assert_int_equal(search_cursor_parse("search:0", &off, &e), KEEL_OK);
  assert_string_equal(e.field, "after");
  arena_free(a);
}

/* ---- store and app on a temporary database ---- */

struct fx {
  char dir[64], path[128];
  db *d;
  arena *a;
  struct keel_err e;
  struct actor pm, c1, c2, viewer;
};

static int64_t add_user(db *d, const char *email, enum role role) {
  int64_t id = fixture_add_user(d, email, role, T0);
  assert_true(id > 0);
  return id;
}

static int setup(void **state) {
  struct fx *f = calloc(1, sizeof *f);
  if (!f) return -1;
  if (fixture_tmpdb(f->dir, sizeof f->dir, f->path, sizeof f->path, "search")) return -1;
  if (db_open(f->path, DB_OPEN_CREATE, &f->d, &f->e)) return -1;
  f->a = arena_new(0);
  f->pm = (struct actor){add_user(f->d, "pm@example.com", ROLE_PM), ROLE_PM, "Pat PM", "pm@example.com", 0};
  f->c1 = (struct actor){add_user(f->d, "c1@example.com", ROLE_CONTRIBUTOR), ROLE_CONTRIBUTOR, "Cora", "c1@example.com", 0};
  f->c2 = (struct actor){add_user(f->d, "c2@example.com", ROLE_CONTRIBUTOR), ROLE_CONTRIBUTOR, "Carl", "c2@example.com", 0};
  f->viewer = (struct actor){add_user(f->d, "v@example.com", ROLE_VIEWER), ROLE_VIEWER, "Vic", "v@example.com", 0};
  struct app x = {f->d, f->a, &app_owner, T0, &f->e};
  struct product p;
  if (app_product_create(&x, "PAY", "Payments", "", &p)) return -1;
  if (app_product_create(&x, "HR", "People", "", &p)) return -1;
  *state = f;
  return 0;
}

static int teardown(void **state) {
  struct fx *f = *state;
  db_close(f->d);
  arena_free(f->a);
  fixture_remove(f->dir, f->path);
  free(f);
  return 0;
}

static struct app ctx(struct fx *f, const struct actor *who) {
  err_clear(&f->e);
  return (struct app){f->d, f->a, who, T0 + 100, &f->e};
}

static int64_t audit_rows(struct fx *f) {
  int64_t n = fixture_count(f->d, "SELECT COUNT(*) FROM audit");
  assert_true(n >= 0);
  return n;
}

static struct idea add_idea(struct fx *f, const struct actor *who, const char *product, const char *title,
                            const char *description) {
  struct app x = ctx(f, who);
  struct idea_input in = {.product = product, .title = title, .description = description, .source = "customer"};
  struct idea i;
  assert_int_equal(app_idea_submit(&x, &in, &i), KEEL_OK);
  return i;
}

static int64_t add_feedback(struct fx *f, const char *text, const char *product) {
  struct app x = ctx(f, &f->pm);
  struct feedback_in in = {.text = text, .product = product};
  struct feedback fb;
  assert_int_equal(app_feedback_create(&x, &in, &fb), KEEL_OK);
  return fb.id;
}

static void test_search_store(void **state) {
  struct fx *f = *state;
  struct idea a = add_idea(f, &f->c1, "PAY", "Export invoices to CSV", "Finance exports every invoice each month.");
  struct idea b = add_idea(f, &f->c1, "PAY", "Dark mode", "Too bright; exporting is fine though.");
  add_idea(f, &f->c1, "HR", "Export payslips", "Payslips as CSV files.");
  int64_t fb = add_feedback(f, "Please let us export invoices as CSV.", "PAY");
  struct app x = ctx(f, &f->c1);
  struct feature_patch fp = {.title = "CSV export", .description = "Invoices as a spreadsheet."};
  struct feature feat;
  x = ctx(f, &f->pm);
  assert_int_equal(app_feature_create(&x, "PAY", &fp, &feat), KEEL_OK);

  /* The store: ideas matching both words, the title weighing more. */
  struct search_query q;
  assert_int_equal(search_query_parse(f->a, "export csv", &q, &f->e), KEEL_OK);
  buf b1;
  buf_init(&b1, 0);
  search_query_fts5(&b1, &q);
  struct search_request r = {.type = ST_IDEA, .fts5 = arena_strdup(f->a, buf_cstr(&b1)), .window = SEARCH_WINDOW, .limit = 10,
                             .parsed = &q};
  buf_free(&b1);
  struct search_hit *h;
  size_t n;
  assert_int_equal(store_search(f->d, f->a, &r, &h, &n, &f->e), KEEL_OK);
  assert_int_equal(n, 2); /* PAY's and HR's; not "Dark mode" (no csv) */
  assert_int_equal(h[0].id, a.id);
  assert_string_equal(h[0].title, "\x01" "Export\x02 invoices to \x01" "CSV\x02");
  assert_non_null(strstr(h[0].snippet, "\x01" "exports\x02"));
  assert_true(h[0].score >= h[1].score);
  r.product_id = a.product_id;
  assert_int_equal(store_search(f->d, f->a, &r, &h, &n, &f->e), KEEL_OK);
  assert_int_equal(n, 1);
  r.product_id = 0;
  r.type = ST_FEEDBACK;
  assert_int_equal(store_search(f->d, f->a, &r, &h, &n, &f->e), KEEL_OK);
  assert_int_equal(n, 1);
  assert_int_equal(h[0].id, fb);
  assert_null(h[0].title);
  assert_string_equal(h[0].snippet, "Please let us \x01" "export\x02 invoices as \x01" "CSV\x02.");
  r.type = ST_FEATURE;
  assert_int_equal(store_search(f->d, f->a, &r, &h, &n, &f->e), KEEL_OK);
  assert_int_equal(n, 1);
  assert_string_equal(h[0].key, feat.key);

  /* The app: every type, ranked; type and product filters; paging. */
  x = ctx(f, &f->viewer);
  struct search_in in = {.q = "export"};
  struct search_page pg;
  assert_int_equal(app_search(&x, &in, &pg), KEEL_OK);
  assert_int_equal(pg.n, 5); /* three ideas (b by "exporting"), the feedback, the feature */
  assert_null(pg.next);
  for (size_t i = 1; i < pg.n; i++) assert_true(pg.items[i - 1].score >= pg.items[i].score);
  in.type = "idea";
  in.product = "PAY";
  assert_int_equal(app_search(&x, &in, &pg), KEEL_OK);
  assert_int_equal(pg.n, 2);
  in.limit = "1";
  assert_int_equal(app_search(&x, &in, &pg), KEEL_OK);
  assert_int_equal(pg.n, 1);
  assert_string_equal(pg.next, "search:1");
  int64_t first = pg.items[0].id;
  in.after = pg.next;
  assert_int_equal(app_search(&x, &in, &pg), KEEL_OK);
  assert_int_equal(pg.n, 1);
  assert_null(pg.next);
  assert_true(pg.items[0].id != first && (pg.items[0].id == a.id || pg.items[0].id == b.id));
  struct search_in bad = {.q = "export", .type = "ideas"};
  assert_int_equal(app_search(&x, &bad, &pg), KEEL_EINVAL);
  assert_string_equal(f->e.field, "type");
  bad = (struct search_in){.q = "export", .product = "NOPE"};
  assert_int_equal(app_search(&x, &bad, &pg), KEEL_EINVAL);
  assert_string_equal(f->e.field, "product");
  bad = (struct search_in){.q = "export", .limit = "101"};
  assert_int_equal(app_search(&x, &bad, &pg), KEEL_EINVAL);
  assert_string_equal(f->e.field, "limit");
  /* Nobody signed in, or a portal user: no search. */
  struct actor nobody = {0};
  x = ctx(f, &nobody);
  assert_int_equal(app_search(&x, &in, &pg), KEEL_EAUTH);
  struct actor portal = {0, ROLE_PORTAL, "P", "p@example.com", 0};
  x = ctx(f, &portal);
  assert_int_equal(app_search(&x, &in, &pg), KEEL_EPERM);
}

static void test_similar(void **state) {
  struct fx *f = *state;
  struct idea a = add_idea(f, &f->c1, "PAY", "Export invoices to CSV", "Finance wants every invoice as a CSV file each month.");
  struct idea b = add_idea(f, &f->c1, "PAY", "CSV export of invoices", "Accountants need invoices exported as CSV every month.");
  add_idea(f, &f->c1, "PAY", "Dark mode", "The screen is too bright at night.");
  struct idea hr = add_idea(f, &f->c1, "HR", "Export invoices to CSV", "Finance wants every invoice as a CSV file each month.");
  struct app x = ctx(f, &f->viewer);
  struct similar_hit *h;
  size_t n;
  assert_int_equal(app_idea_similar(&x, a.id, &h, &n), KEEL_OK);
  assert_int_equal(n, 1); /* b; not itself, not dark mode, not HR's copy */
  assert_int_equal(h[0].item.id, b.id);
  assert_true(h[0].similarity > 0.5 && h[0].similarity < 1);
  assert_int_equal(app_idea_similar_text(&x, "Export invoices to CSV", "Finance wants every invoice as a CSV file each month.",
                                         "HR", &h, &n),
                   KEEL_OK);
  assert_int_equal(n, 1);
  assert_int_equal(h[0].item.id, hr.id);
  assert_true(fabs(h[0].similarity - 1.0) < 1e-9);
  assert_int_equal(app_idea_similar_text(&x, "  ", NULL, NULL, &h, &n), KEEL_EINVAL);
  assert_string_equal(f->e.field, "title");
  int64_t fb = add_feedback(f, "We need our invoices as CSV files for finance.", "PAY");
  assert_int_equal(app_feedback_similar(&x, fb, &h, &n), KEEL_OK);
  assert_true(n >= 1);
  for (size_t i = 0; i < n; i++) {
    assert_int_equal(h[i].item.type, ST_IDEA);
    assert_true(h[i].item.id == a.id || h[i].item.id == b.id);
    if (i) assert_true(h[i - 1].similarity >= h[i].similarity);
  }
  assert_int_equal(app_idea_similar(&x, 9999, &h, &n), KEEL_ENOTFOUND);
}

static int64_t count_where(struct fx *f, const char *sql, int64_t v) {
  db_stmt *st = db_prepare(f->d, sql, &f->e);
  assert_non_null(st);
  db_bind_int(st, 1, v);
  assert_int_equal(db_step(st), 1);
  int64_t n = db_col_int(st, 0);
  db_done(st);
  return n;
}

static void test_merge(void **state) {
  struct fx *f = *state;
  struct idea from = add_idea(f, &f->c1, "PAY", "Bulk refunds", "Refund many orders at once.");
  struct idea into = add_idea(f, &f->c2, "PAY", "Refund several orders", "Select and refund.");
  struct idea other = add_idea(f, &f->c2, "HR", "Refunds in HR", "Elsewhere.");
  struct idea ignored;
  /* Votes: c1 and c2 on from; c2 on into (counts once). */
  struct app x = ctx(f, &f->c1);
  assert_int_equal(app_idea_vote(&x, from.id, 1, &ignored), KEEL_OK);
  x = ctx(f, &f->c2);
  assert_int_equal(app_idea_vote(&x, from.id, 1, &ignored), KEEL_OK);
  assert_int_equal(app_idea_vote(&x, into.id, 1, &ignored), KEEL_OK);
  /* Links: f1 to both (from critical with no quote, into nice to have with a quote); f2 to from. */
  int64_t f1 = add_feedback(f, "Refunding orders one by one takes all day.", "PAY");
  int64_t f2 = add_feedback(f, "Please let us refund in bulk.", "PAY");
  struct feedback_link l;
  char id_from[24], id_into[24];
  snprintf(id_from, sizeof id_from, "%lld", (long long)from.id);
  snprintf(id_into, sizeof id_into, "%lld", (long long)into.id);
  x = ctx(f, &f->pm);
  assert_int_equal(app_feedback_link(&x, f1, id_from, NULL, "", "critical", &l), KEEL_OK);
  x = ctx(f, &f->pm);
  assert_int_equal(app_feedback_link(&x, f1, id_into, NULL, "one by one", "nice_to_have", &l), KEEL_OK);
  x = ctx(f, &f->pm);
  assert_int_equal(app_feedback_link(&x, f2, id_from, NULL, "refund in bulk", "important", &l), KEEL_OK);
  /* Followers: the viewer follows both. */
  x = ctx(f, &f->viewer);
  assert_int_equal(app_idea_follow(&x, from.id, 1, &ignored), KEEL_OK);
  assert_int_equal(app_idea_follow(&x, into.id, 1, &ignored), KEEL_OK);
  x = ctx(f, &f->pm);
  struct idea cur;
  assert_int_equal(app_idea_get(&x, from.id, &cur), KEEL_OK);

  /* Refusals change nothing. */
  int64_t audit0 = audit_rows(f);
  struct idea out, surv;
  x = ctx(f, &f->c1);
  assert_int_equal(app_idea_merge(&x, from.id, into.id, 0, &out, NULL), KEEL_EPERM);
  x = ctx(f, &f->pm);
  assert_int_equal(app_idea_merge(&x, from.id, from.id, 0, &out, NULL), KEEL_EINVAL);
  assert_string_equal(f->e.field, "into");
  x = ctx(f, &f->pm);
  assert_int_equal(app_idea_merge(&x, from.id, 9999, 0, &out, NULL), KEEL_EINVAL);
  x = ctx(f, &f->pm);
  assert_int_equal(app_idea_merge(&x, from.id, other.id, 0, &out, NULL), KEEL_ECONFLICT);
  x = ctx(f, &f->pm);
  assert_int_equal(app_idea_merge(&x, from.id, into.id, cur.version + 1, &out, NULL), KEEL_ESTALE);
  assert_int_equal(audit_rows(f), audit0);

  x = ctx(f, &f->pm);
  assert_int_equal(app_idea_merge(&x, from.id, into.id, cur.version, &out, &surv), KEEL_OK);
  assert_int_equal(audit_rows(f), audit0 + 2);
  assert_int_equal(out.status, IS_DUPLICATE);
  assert_int_equal(out.duplicate_of, into.id);
  assert_int_equal(out.merged_at, T0 + 100);
  assert_int_equal(out.votes, 0);
  assert_int_equal(surv.votes, 2);
  assert_int_equal(count_where(f, "SELECT COUNT(*) FROM votes WHERE idea_id = ?", into.id), 2);
  assert_int_equal(count_where(f, "SELECT vote_count FROM ideas WHERE id = ?", into.id), 2);
  assert_int_equal(count_where(f, "SELECT vote_count FROM ideas WHERE id = ?", from.id), 0);
  /* Links: f1 keeps one link (critical, the quote), f2's moved; link counts right. */
  assert_int_equal(count_where(f, "SELECT COUNT(*) FROM feedback_links WHERE idea_id = ?", from.id), 0);
  assert_int_equal(count_where(f, "SELECT COUNT(*) FROM feedback_links WHERE feedback_id = ?", f1), 1);
  assert_int_equal(count_where(f, "SELECT link_count FROM feedback WHERE id = ?", f1), 1);
  assert_int_equal(count_where(f, "SELECT COUNT(*) FROM feedback_links WHERE feedback_id = ? AND importance = 'critical' "
                                  "AND quote = 'one by one'", f1),
                   1);
  assert_int_equal(count_where(f, "SELECT idea_id FROM feedback_links WHERE feedback_id = ?", f2), into.id);
  /* Followers: the viewer once, and from's submitter (c1). */
  assert_int_equal(count_where(f, "SELECT COUNT(*) FROM followers WHERE idea_id = ?", from.id), 0);
  assert_int_equal(count_where(f, "SELECT COUNT(*) FROM followers WHERE idea_id = ?", into.id), 2);
  assert_int_equal(count_where(f, "SELECT COUNT(*) FROM followers WHERE user_id = ?", f->c1.user_id), 1);
  /* The survivor's history holds both ideas' entries. */
  char ref[24];
  snprintf(ref, sizeof ref, "%lld", (long long)into.id);
  struct history_in hin = {.entity_type = "idea", .ref = ref, .limit = 50};
  struct history_page hist;
  x = ctx(f, &f->viewer);
  assert_int_equal(app_history(&x, &hin, &hist), KEEL_OK);
  int saw_merge = 0, saw_merge_in = 0, saw_submit_from = 0;
  for (size_t i = 0; i < hist.n; i++) {
    if (strcmp(hist.items[i].action, "idea.merge") == 0 && hist.items[i].entity_id == from.id) saw_merge = 1;
    if (strcmp(hist.items[i].action, "idea.merge_in") == 0 && hist.items[i].entity_id == into.id) saw_merge_in = 1;
    if (strcmp(hist.items[i].action, "idea.submit") == 0 && hist.items[i].entity_id == from.id) saw_submit_from = 1;
  }
  assert_true(saw_merge && saw_merge_in && saw_submit_from);
  /* The survivor lists what was merged into it; chains are refused. */
  int64_t *ids;
  size_t n;
  x = ctx(f, &f->viewer);
  assert_int_equal(app_idea_merged_ids(&x, into.id, &ids, &n), KEEL_OK);
  assert_int_equal(n, 1);
  assert_int_equal(ids[0], from.id);
  struct idea third = add_idea(f, &f->c1, "PAY", "Refund them all", "Same.");
  x = ctx(f, &f->pm);
  assert_int_equal(app_idea_merge(&x, third.id, from.id, 0, &out, NULL), KEEL_ECONFLICT);
  assert_string_equal(f->e.field, "into");
  x = ctx(f, &f->pm);
  assert_int_equal(app_idea_merge(&x, from.id, third.id, 0, &out, NULL), KEEL_ECONFLICT);
  /* Merged ideas are no suggestions any more. */
  struct similar_hit *h;
  x = ctx(f, &f->viewer);
  assert_int_equal(app_idea_similar(&x, third.id, &h, &n), KEEL_OK);
  for (size_t i = 0; i < n; i++) assert_true(h[i].item.id != from.id);
  /* store_merge_counts reads what is there. */
  struct merge_counts mc;
  assert_int_equal(store_merge_counts(f->d, into.id, &mc, &f->e), KEEL_OK);
  assert_int_equal(mc.votes, 2);
  assert_int_equal(mc.feedback, 2);
  assert_int_equal(mc.followers, 2);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_words),
      cmocka_unit_test(test_stem),
      cmocka_unit_test(test_similarity),
      cmocka_unit_test(test_query),
      cmocka_unit_test(test_snippets_and_cursor),
      cmocka_unit_test_setup_teardown(test_search_store, setup, teardown),
      cmocka_unit_test_setup_teardown(test_similar, setup, teardown),
      cmocka_unit_test_setup_teardown(test_merge, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
