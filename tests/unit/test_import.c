/* test_import.c — unit tests for importing files: the mapping syntax and the
 * value readers (domain/import.c), dates in the forms files use, and the
 * import operation (app/import.c) on a temporary SQLite workspace: the real
 * survey and Hive files, all-or-nothing (a bad row leaves no feedback, no
 * customer and no audit record behind), --skip-bad's rejected rows, a second
 * import skipping references it has, permissions, and the export's CSV read
 * back by the import. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/import.h"
#include "core/buf.h"
#include "core/timeutil.h"
#include "domain/import.h"
#include "fixture.h"

enum { T0 = 1780000000 };

struct fx {
  char dir[64], path[128];
  db *d;
  arena *a;
  struct keel_err e;
};

static int setup(void **state) {
  struct fx *f = calloc(1, sizeof *f);
  if (!f) return -1;
  if (fixture_tmpdb(f->dir, sizeof f->dir, f->path, sizeof f->path, "import")) return -1;
  if (db_open(f->path, DB_OPEN_CREATE, &f->d, &f->e)) return -1;
  f->a = arena_new(0);
  struct app x = {f->d, f->a, &app_owner, T0, &f->e};
  struct product p;
  if (app_product_create(&x, "HIVE", "Hive", "", &p)) return -1;
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

static int64_t count(struct fx *f, const char *sql) {
  db_stmt *st = db_prepare(f->d, sql, &f->e);
  assert_non_null(st);
  assert_int_equal(db_step(st), 1);
  int64_t n = db_col_int(st, 0);
  db_done(st);
  return n;
}

/* The search trigger's text as the schema holds it ("" when it is missing). */
static const char *search_trigger(struct fx *f) {
  db_stmt *st = db_prepare(f->d, "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'feedback_fts_insert'", &f->e);
  assert_non_null(st);
  const char *sql = db_step(st) > 0 ? db_col_str0(st, 0, f->a) : "";
  db_done(st);
  return sql;
}

/* A FILE over text (closed by the caller). */
static FILE *text_file(const char *s) {
  FILE *fp = tmpfile();
  assert_non_null(fp);
  fputs(s, fp);
  rewind(fp);
  return fp;
}

static int write_buf(void *ctx, const char *data, size_t n) {
  buf_append(ctx, data, n);
  return 0;
}

/* ---- domain ---- */

static void test_map_syntax(void **state) {
  (void)state;
  arena *a = arena_new(0);
  struct keel_err e;
  struct import_pair *p;
  size_t n;
  assert_int_equal(import_pairs_parse(a, " text = Qlike_best , date:Qtime,customer=\"Company, Inc.\",x=\"a \"\"b\"\"\"",
                                      "map", 0, &p, &n, &e), KEEL_OK);
  assert_int_equal(n, 4);
  assert_string_equal(p[0].key, "text");
  assert_string_equal(p[0].value, "Qlike_best");
  assert_string_equal(p[1].key, "date");
  assert_string_equal(p[1].value, "Qtime");
  assert_string_equal(p[2].value, "Company, Inc.");
  assert_string_equal(p[3].value, "a \"b\"");
  assert_int_equal(import_pairs_parse(a, "Qcountry,\"Affected Versions\",", "meta", 1, &p, &n, &e), KEEL_OK);
  assert_int_equal(n, 2);
  assert_null(p[0].key);
  assert_string_equal(p[1].value, "Affected Versions");
  /* Errors say where and what was expected. */
  assert_int_equal(import_pairs_parse(a, "text=\"open", "map", 0, &p, &n, &e), KEEL_EINVAL);
  assert_string_equal(e.field, "map");
  assert_non_null(strstr(e.msg, "character 6 is never closed"));
  assert_int_equal(import_pairs_parse(a, "text", "map", 0, &p, &n, &e), KEEL_EINVAL);
  assert_non_null(strstr(e.msg, "expected NAME=COLUMN"));
  assert_int_equal(import_pairs_parse(a, "=x", "map", 0, &p, &n, &e), KEEL_EINVAL);
  assert_int_equal(import_pairs_parse(a, "a,,b", "meta", 1, &p, &n, &e), KEEL_EINVAL);
  assert_int_equal(import_pairs_parse(a, "t=\"x\"y", "map", 0, &p, &n, &e), KEEL_EINVAL);
  assert_non_null(strstr(e.msg, "character 6"));
  /* Targets per kind. */
  enum import_target t;
  assert_int_equal(import_target_parse(IMPORT_FEEDBACK, "text", &t), 0);
  assert_int_equal(t, IT_TEXT);
  assert_int_equal(import_target_parse(IMPORT_FEEDBACK, "title", &t), -1);
  assert_int_equal(import_target_parse(IMPORT_IDEAS, "status", &t), 0);
  assert_int_equal(import_target_parse(IMPORT_FEATURES, "horizon", &t), 0);
  assert_int_equal(import_target_parse(IMPORT_IDEAS, "horizon", &t), -1);
  arena_free(a);
}

static void test_values(void **state) {
  (void)state;
  arena *a = arena_new(0);
  struct keel_err e;
  const char **na;
  size_t nna;
  assert_int_equal(import_na_parse(a, NULL, &na, &nna, &e), KEEL_OK);
  assert_int_equal(nna, 1);
  assert_true(import_missing("NA", na, nna));
  assert_true(import_missing("  ", na, nna));
  assert_false(import_missing("NA ", na, nna));
  assert_false(import_missing("N/A", na, nna));
  assert_int_equal(import_na_parse(a, "", &na, &nna, &e), KEEL_OK);
  assert_false(import_missing("NA", na, nna));
  const char *tags[4];
  assert_int_equal(import_tags_split(a, " export; performance,,sso ", tags, 3), 3);
  assert_string_equal(tags[1], "performance");
  assert_int_equal(import_tags_split(a, "a,b,c,d", tags, 3), 4); /* one too many: refused by the caller */
  enum feedback_channel ch;
  assert_int_equal(import_channel_parse("Sales call", &ch), 0);
  assert_int_equal(ch, FC_SALES_CALL);
  assert_int_equal(import_channel_parse("e-mail", &ch), 0);
  assert_int_equal(ch, FC_EMAIL);
  assert_int_equal(import_channel_parse("carrier pigeon", &ch), -1);
  enum idea_status st;
  const char *reason;
  assert_int_equal(import_idea_status_parse(a, "declined: Closed in the tracker", &st, &reason, &e), KEEL_OK);
  assert_int_equal(st, IS_DECLINED);
  assert_string_equal(reason, "Closed in the tracker");
  assert_int_equal(import_idea_status_parse(a, "declined", &st, &reason, &e), KEEL_EINVAL);
  assert_int_equal(import_idea_status_parse(a, "planned", &st, &reason, &e), KEEL_EINVAL);
  assert_int_equal(import_idea_status_parse(a, "Under review", &st, &reason, &e), KEEL_OK);
  assert_int_equal(st, IS_UNDER_REVIEW);
  arena_free(a);
}

static void test_dates(void **state) {
  (void)state;
  int64_t t;
  assert_int_equal(time_parse("2019-12-13T14:50:30Z", &t), 0);
  assert_int_equal(t, 1576248630);
  assert_int_equal(time_parse("12/13/2019 9:50:30", &t), 0);
  assert_int_equal(t, 1576230630);
  assert_int_equal(time_parse("1/3/2020 1:33:17", &t), 0);
  assert_int_equal(t, 1578015197);
  assert_int_equal(time_parse("2019-12-13", &t), 0);
  assert_int_equal(t, 1576195200);
  assert_int_equal(time_parse("31/12/2020", &t), -1);
  assert_int_equal(time_parse("yesterday", &t), -1);
}

/* ---- app ---- */

static void test_real_files(void **state) {
  struct fx *f = *state;
  struct app x = ctx(f, &app_owner);
  FILE *fp = fopen(KEEL_DATA_DIR "/r-community-survey-2019/survey_combined_coded.tsv", "rb");
  assert_non_null(fp);
  struct import_in in = {.kind = IMPORT_FEEDBACK, .name = "survey.tsv", .f = fp, .map = "text=Qlike_best,date=Qtime",
                         .meta = "Qcountry,Qrecommend", .channel = "survey"};
  struct import_result r;
  assert_int_equal(app_import(&x, &in, &r), KEEL_OK);
  fclose(fp);
  assert_int_equal(r.rows, 2020);
  assert_int_equal(r.imported, 1637);
  assert_int_equal(r.empty, 383);
  assert_int_equal(count(f, "SELECT COUNT(*) FROM feedback WHERE channel = 'survey'"), 1637);
  assert_int_equal(count(f, "SELECT COUNT(*) FROM feedback WHERE attributes = '{\"Qcountry\":\"United States of America\","
                            "\"Qrecommend\":\"10\"}' AND received_at = 1576248630"), 1);
  assert_int_equal(count(f, "SELECT COUNT(*) FROM audit WHERE action = 'feedback.import'"), 1);

  x = ctx(f, &app_owner);
  fp = fopen(KEEL_DATA_DIR "/apache-hive-jira-bugs/hive_bugs.csv", "rb");
  assert_non_null(fp);
  struct import_in ii = {.kind = IMPORT_IDEAS, .name = "hive_bugs.csv", .f = fp, .map = "title=Summary,reference=Key",
                         .meta = "Status,Priority", .product = "HIVE"};
  assert_int_equal(app_import(&x, &ii, &r), KEEL_OK);
  assert_int_equal(r.imported, 2164);
  assert_int_equal(count(f, "SELECT COUNT(*) FROM ideas WHERE reference = 'HIVE-27071' AND title = 'Select query with "
                            "LIMIT clause can fail if there are marker files like \"_SUCCESS\" and \"_MANIFEST\"' AND "
                            "description = '- Status: Closed\n- Priority: Major\n'"), 1);
  /* Again: every reference is there already. */
  rewind(fp);
  x = ctx(f, &app_owner);
  assert_int_equal(app_import(&x, &ii, &r), KEEL_OK);
  fclose(fp);
  assert_int_equal(r.imported, 0);
  assert_int_equal(r.existing, 2164);
  assert_int_equal(count(f, "SELECT COUNT(*) FROM ideas"), 2164);
}

static void test_all_or_nothing(void **state) {
  struct fx *f = *state;
  int64_t audit0 = count(f, "SELECT COUNT(*) FROM audit");
  const char *trigger = search_trigger(f);
  assert_non_null(strstr(trigger, "CREATE TRIGGER feedback_fts_insert AFTER INSERT ON feedback"));
  FILE *fp = text_file("text,customer,tags\nfine,Acme,a\nfine too,Beta,b\nbad tag,Gamma,\"ok, #!\"\n");
  struct app x = ctx(f, &app_owner);
  struct import_in in = {.kind = IMPORT_FEEDBACK, .name = "t.csv", .f = fp, .map = "text=text,customer=customer,tags=tags"};
  struct import_result r;
  assert_int_equal(app_import(&x, &in, &r), KEEL_EINVAL);
  assert_string_equal(f->e.msg, "t.csv, line 4, column 15 (tags): \"#!\" is not a tag (1 to 40 letters, digits or - _ . : /)");
  assert_int_equal(count(f, "SELECT COUNT(*) FROM feedback"), 0);
  assert_int_equal(count(f, "SELECT COUNT(*) FROM customers"), 0);
  assert_int_equal(count(f, "SELECT COUNT(*) FROM audit"), audit0);
  assert_string_equal(search_trigger(f), trigger); /* dropped for the import, restored by its rollback */
  /* A malformed file: the same. */
  fclose(fp);
  fp = text_file("text\nfine\n\"never closed\nmore\n");
  x = ctx(f, &app_owner);
  in.f = fp;
  in.map = "text=text";
  assert_int_equal(app_import(&x, &in, &r), KEEL_EPARSE);
  assert_non_null(strstr(f->e.msg, "t.csv, line 3, column 1"));
  assert_int_equal(count(f, "SELECT COUNT(*) FROM feedback"), 0);
  fclose(fp);
  /* A dry run counts and writes nothing. */
  fp = text_file("text,customer\none,Acme\ntwo,Acme\n");
  x = ctx(f, &app_owner);
  in.f = fp;
  in.map = "text=1,customer=2";
  in.dry_run = 1;
  assert_int_equal(app_import(&x, &in, &r), KEEL_OK);
  assert_int_equal(r.imported, 2);
  assert_int_equal(count(f, "SELECT COUNT(*) FROM feedback"), 0);
  assert_int_equal(count(f, "SELECT COUNT(*) FROM customers"), 0);
  fclose(fp);
  assert_string_equal(search_trigger(f), trigger);
}

static void test_skip_bad(void **state) {
  struct fx *f = *state;
  FILE *fp = text_file("text,when\ngood,2020-01-01\nbad,01.01.2020\n\"stray \"quote\",2020-01-02\n,2020-01-03\nalso good,\n");
  buf rej;
  buf_init(&rej, 0);
  struct app x = ctx(f, &app_owner);
  struct import_in in = {.kind = IMPORT_FEEDBACK, .name = "s.csv", .f = fp, .map = "text=text,date=when",
                         .reject = write_buf, .reject_ctx = &rej};
  struct import_result r;
  assert_int_equal(app_import(&x, &in, &r), KEEL_OK);
  fclose(fp);
  assert_int_equal(r.rows, 5);
  assert_int_equal(r.imported, 2);
  assert_int_equal(r.empty, 1);
  assert_int_equal(r.rejected, 2);
  assert_int_equal(count(f, "SELECT COUNT(*) FROM feedback"), 2);
  const char *s = buf_cstr(&rej);
  assert_true(strncmp(s, "text,when,reason\r\nbad,01.01.2020,\"s.csv, line 3, column 5 (when): \"\"01.01.2020\"\" is not a date",
                      90) == 0);
  assert_non_null(strstr(s, "\r\n\"stray quote\"\"\",2020-01-02,\"s.csv, line 4, column 9: text after the closing quote"));
  buf_free(&rej);
}

static void test_permissions_and_mapping(void **state) {
  struct fx *f = *state;
  struct actor viewer = {0, ROLE_VIEWER, "Vic", "v@example.com", 0};
  FILE *fp = text_file("text\nhello\n");
  struct app x = ctx(f, &viewer);
  struct import_in in = {.kind = IMPORT_FEEDBACK, .name = "p.csv", .f = fp, .map = "text=text"};
  struct import_result r;
  assert_int_equal(app_import(&x, &in, &r), KEEL_EPERM);
  x = ctx(f, &app_owner);
  in.map = "title=text";
  assert_int_equal(app_import(&x, &in, &r), KEEL_EINVAL);
  assert_string_equal(f->e.field, "map");
  rewind(fp);
  x = ctx(f, &app_owner);
  in.map = "customer=text";
  assert_int_equal(app_import(&x, &in, &r), KEEL_EINVAL);
  assert_non_null(strstr(f->e.msg, "text=COLUMN"));
  rewind(fp);
  x = ctx(f, &app_owner);
  in.kind = IMPORT_IDEAS;
  in.map = "title=text";
  assert_int_equal(app_import(&x, &in, &r), KEEL_EINVAL);
  assert_string_equal(f->e.field, "product");
  fclose(fp);
  assert_int_equal(count(f, "SELECT COUNT(*) FROM feedback"), 0);
}

static void test_export_reimports(void **state) {
  struct fx *f = *state;
  FILE *fp = text_file("said,who,mail,tags,when,country\n"
                       "\"=1+1 is \"\"math\"\", not a formula\",Acme,Ann@Acme.test,\"x;y\",2020-01-01T10:00:00Z,NL\n"
                       "\"two\nlines\",Beta,,,2020-01-02,\n");
  struct app x = ctx(f, &app_owner);
  struct import_in in = {.kind = IMPORT_FEEDBACK, .name = "e.csv", .f = fp,
                         .map = "text=said,customer=who,email=mail,tags=tags,date=when", .meta = "country"};
  struct import_result r;
  assert_int_equal(app_import(&x, &in, &r), KEEL_OK);
  fclose(fp);
  buf out;
  buf_init(&out, 0);
  x = ctx(f, &app_owner);
  assert_int_equal(app_feedback_export(&x, EXPORT_CSV, write_buf, &out), KEEL_OK);
  assert_non_null(strstr(buf_cstr(&out), ",\"'=1+1 is \"\"math\"\", not a formula\","));
  /* Read it back (into the same workspace: the mapping is the obvious one). */
  fp = text_file(buf_cstr(&out));
  x = ctx(f, &app_owner);
  struct import_in back = {.kind = IMPORT_FEEDBACK, .name = "export.csv", .f = fp, .na = "",
                           .map = "text=text,customer=customer,contact=contact,email=contact_email,date=received_at,"
                                  "channel=channel,reference=reference,tags=tags,attributes=attributes"};
  assert_int_equal(app_import(&x, &back, &r), KEEL_OK);
  fclose(fp);
  assert_int_equal(r.imported, 2);
  assert_int_equal(count(f, "SELECT COUNT(*) FROM feedback WHERE text = '=1+1 is \"math\", not a formula' AND "
                            "attributes = '{\"country\":\"NL\"}' AND received_at = 1577872800"), 2);
  assert_int_equal(count(f, "SELECT COUNT(*) FROM feedback WHERE text = 'two\nlines'"), 2);
  assert_int_equal(count(f, "SELECT COUNT(*) FROM contacts WHERE email = 'ann@acme.test'"), 1);
  assert_int_equal(count(f, "SELECT COUNT(*) FROM feedback_tags WHERE tag IN ('x', 'y')"), 4);
  buf_reset(&out);
  x = ctx(f, &app_owner);
  assert_int_equal(app_feedback_export(&x, EXPORT_JSON, write_buf, &out), KEEL_OK);
  assert_true(out.len > 2 && out.data[0] == '[');
  buf_free(&out);
}

/* Many rows: written in batches (and scratch memory recycled), each row's
 * tags and search entry on the right item. */
static void test_batches(void **state) {
  struct fx *f = *state;
  /* An item already there is indexed once, by the trigger, and stays so. */
  struct app x0 = ctx(f, &app_owner);
  struct feedback_in fi = {.text = "item before the import", .channel = "email"};
  struct feedback before;
  assert_int_equal(app_feedback_create(&x0, &fi, &before), KEEL_OK);
  const char *trigger = search_trigger(f);
  buf csv;
  buf_init(&csv, 0);
  buf_puts(&csv, "text,tags,who\n");
  enum { ROWS = 1100 };
  for (int i = 0; i < ROWS; i++) buf_printf(&csv, "item %d,\"t%d;n%d\",Customer %d\n", i, i % 7, i, i % 13);
  FILE *fp = text_file(buf_cstr(&csv));
  buf_free(&csv);
  struct app x = ctx(f, &app_owner);
  struct import_in in = {.kind = IMPORT_FEEDBACK, .name = "many.csv", .f = fp, .map = "text=text,tags=tags,customer=who"};
  struct import_result r;
  assert_int_equal(app_import(&x, &in, &r), KEEL_OK);
  fclose(fp);
  assert_int_equal(r.imported, ROWS);
  assert_int_equal(count(f, "SELECT COUNT(*) FROM feedback"), ROWS + 1); /* and the one before */
  assert_int_equal(count(f, "SELECT COUNT(*) FROM feedback_tags"), 2 * ROWS);
  assert_int_equal(count(f, "SELECT COUNT(*) FROM feedback fb JOIN feedback_tags t ON t.feedback_id = fb.id "
                            "WHERE t.tag = 'n' || substr(fb.text, 6)"), ROWS);
  assert_int_equal(count(f, "SELECT COUNT(*) FROM customers"), 13);
  assert_int_equal(count(f, "SELECT COUNT(*) FROM feedback fb JOIN customers c ON c.id = fb.customer_id "
                            "WHERE c.name = 'Customer ' || (CAST(substr(fb.text, 6) AS INTEGER) % 13)"), ROWS);
  assert_int_equal(count(f, "SELECT COUNT(*) FROM feedback_fts WHERE feedback_fts MATCH '\"item\" AND \"1099\"'"), 1);
  /* The search index holds every row once (the import indexed its rows in one
   * statement at the end), agrees with the table, and the trigger is back as
   * it was, indexing what comes next. */
  assert_int_equal(count(f, "SELECT COUNT(*) FROM feedback_fts WHERE feedback_fts MATCH 'item'"), ROWS + 1);
  assert_int_equal(count(f, "SELECT COUNT(*) FROM feedback_fts WHERE feedback_fts MATCH 'before'"), 1);
  assert_int_equal(db_exec(f->d, "INSERT INTO feedback_fts(feedback_fts, rank) VALUES ('integrity-check', 1)", &f->e), KEEL_OK);
  assert_string_equal(search_trigger(f), trigger);
  x0 = ctx(f, &app_owner);
  fi.text = "afterwards zebra";
  assert_int_equal(app_feedback_create(&x0, &fi, &before), KEEL_OK);
  assert_int_equal(count(f, "SELECT COUNT(*) FROM feedback_fts WHERE feedback_fts MATCH 'zebra'"), 1);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_map_syntax),
      cmocka_unit_test(test_values),
      cmocka_unit_test(test_dates),
      cmocka_unit_test_setup_teardown(test_real_files, setup, teardown),
      cmocka_unit_test_setup_teardown(test_all_or_nothing, setup, teardown),
      cmocka_unit_test_setup_teardown(test_skip_bad, setup, teardown),
      cmocka_unit_test_setup_teardown(test_permissions_and_mapping, setup, teardown),
      cmocka_unit_test_setup_teardown(test_export_reimports, setup, teardown),
      cmocka_unit_test_setup_teardown(test_batches, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
