// import.test.mjs — importing feedback and ideas from real CSV/TSV files and
// exporting feedback back, through the real binary: the R community survey
// (TSV, NA for missing, answers spanning lines; and the raw Google Forms
// export, CRLF, never quoted) as feedback with its metadata, the Apache Hive
// bug list as ideas (doubled quotes, Chinese text, references that make a
// second import skip every row), malformed files refused with line and column
// and nothing imported, --skip-bad, the API upload (and its size limit), the
// web upload with its mapping step, and the export re-imported elsewhere.
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { assert, htmlDecode, Keel, KEEL_ROOT } from './lib.mjs';

const DATA = path.resolve(KEEL_ROOT, '..', 'shared', 'data');
const SURVEY = path.join(DATA, 'r-community-survey-2019', 'survey_combined_coded.tsv');
const RAW = path.join(DATA, 'r-community-survey-2019', 'responses_english_raw.tsv');
const HIVE = path.join(DATA, 'apache-hive-jira-bugs', 'hive_bugs.csv');

let k;
let T; // role -> API token

before(async () => {
  for (const f of [SURVEY, RAW, HIVE]) assert.ok(fs.existsSync(f), `the test data ${f} is missing`);
  k = await Keel.start();
  T = Object.fromEntries(Object.entries(k.users).map(([r, u]) => [r, u.token]));
  assert.equal((await k.api('POST', '/api/v1/products', { token: T.pm, body: { key: 'HIVE', name: 'Hive' } })).status, 201);
});
after(async () => {
  await k?.stop();
});

/** Every feedback item through the API (pages of 500), newest first. */
async function allFeedback(token = T.viewer) {
  const out = [];
  let after = null;
  for (;;) {
    const r = await k.api('GET', `/api/v1/feedback?status=all&limit=500${after ? `&after=${encodeURIComponent(after)}` : ''}`, { token });
    assert.equal(r.status, 200, r.text);
    out.push(...r.json.items);
    if (!r.json.next) return { items: out, total: r.json.total };
    after = r.json.next;
  }
}

async function feedbackTotal() {
  const r = await k.api('GET', '/api/v1/feedback?status=all&limit=1', { token: T.viewer });
  assert.equal(r.status, 200, r.text);
  return r.json.total;
}

async function allIdeas() {
  const out = [];
  let after = null;
  for (;;) {
    const r = await k.api('GET', `/api/v1/ideas?product=HIVE&status=all&limit=500&include=description${after ? `&after=${encodeURIComponent(after)}` : ''}`,
      { token: T.viewer });
    assert.equal(r.status, 200, r.text);
    out.push(...r.json.items);
    if (!r.json.next) return out;
    after = r.json.next;
  }
}

test('the survey TSV imports as feedback: 1,637 answers, 383 blank skipped, metadata kept, multi-line answers intact', async () => {
  const audit0 = await k.auditCount();
  const r = await k.cli(['import', 'feedback', SURVEY, '--map', 'text=Qlike_best,date=Qtime', '--channel', 'survey',
    '--meta', 'Qcountry,Qindustry,Qtitle,Qr_experience,Qrecommend'], { user: k.users.pm.email });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /imported 1637 feedback items from survey_combined_coded\.tsv \(2020 rows; 383 without text\)/);
  assert.equal(await feedbackTotal(), 1637);
  // One audit record for the whole import, with its counts and the file's name.
  assert.equal(await k.auditCount(), audit0 + 1);
  const log = await k.cliJson(['log', '--limit', '1']);
  assert.equal(log.items[0].action, 'feedback.import');
  assert.match(JSON.stringify(log.items[0]), /survey_combined_coded\.tsv/);
  const { items } = await allFeedback();
  const first = items.find((f) => f.received_at === '2019-12-13T14:50:30Z');
  assert.ok(first, 'the first response is there, dated from Qtime');
  assert.equal(first.text, 'The speed of experimentation and relative lack of dependency hell. CRAN! Rcpp! The community.');
  assert.equal(first.channel, 'survey');
  const full = await k.api('GET', `/api/v1/feedback/${first.id}`, { token: T.viewer });
  assert.deepEqual(full.json.attributes, {
    Qcountry: 'United States of America', Qindustry: 'Education', Qr_experience: 'Expert', Qrecommend: '10',
  }, 'NA (Qtitle) is left out; the others are kept');
  // An answer spanning lines comes in byte for byte (trailing newline and space included).
  const multi = items.find((f) => f.received_at === '2019-12-16T15:33:23Z' && f.text.startsWith('The facility it offers'));
  assert.ok(multi, 'the multi-line answer is there');
  assert.equal(multi.text, 'The facility it offers to wrangle data. \nData visualization quality\nThe facility to diffuse the '
    + 'analysis through web dashboards and apps\n');
  assert.equal(items.filter((f) => f.text.includes('\n')).length >= 6, true);
});

test('the raw Google Forms export (CRLF, never quoted, long headers, empty cells missing) imports with --no-quotes', async () => {
  const before = await feedbackTotal();
  const r = await k.cliJson(['import', 'feedback', RAW, '--no-quotes', '--na', '', '--channel', 'survey',
    '--map', 'text=What do you like best about using R?,date=Timestamp', '--dry-run']);
  assert.deepEqual([r.rows, r.imported, r.empty, r.dry_run], [1838, 1454, 384, true]);
  assert.equal(await feedbackTotal(), before, 'a dry run writes nothing');
  // With the default --na (NA), the respondent who answered "NA" counts as blank.
  const r2 = await k.cliJson(['import', 'feedback', RAW, '--no-quotes', '--map', 'text=23', '--dry-run']);
  assert.equal(r2.imported, 1453);
});

test('the Hive bug list imports as ideas: references, statuses mapped, doubled quotes and Chinese intact; a second import skips all', async () => {
  const r = await k.cliJson(['import', 'ideas', HIVE, '--product', 'HIVE', '--map', 'title=Summary,reference=Key,status=Status',
    '--meta', 'Priority,Affected Versions', '--status-map', 'Closed=declined:Closed in the Hive tracker,Resolved=under_review']);
  assert.deepEqual([r.rows, r.imported, r.existing], [2164, 2164, 0]);
  const ideas = await allIdeas();
  assert.equal(ideas.length, 2164);
  const byRef = new Map(ideas.map((i) => [i.reference, i]));
  const q = byRef.get('HIVE-27071');
  assert.equal(q.title, 'Select query with LIMIT clause can fail if there are marker files like "_SUCCESS" and "_MANIFEST"');
  assert.equal(q.status, 'declined');
  assert.equal(q.description, '- Priority: Major\n- Affected Versions: 4.0.0\n');
  const zh = byRef.get('HIVE-25156');
  assert.equal(zh.title, 'reduce数设置为2后，查出的数据减少一半');
  assert.equal(zh.status, 'under_review');
  assert.equal(byRef.get('HIVE-28366').title, 'Iceberg: Concurrent Insert and IOW produce incorrect result', 'titles are trimmed');
  const declined = await k.api('GET', `/api/v1/ideas/${q.id}`, { token: T.viewer });
  assert.equal(declined.json.decline_reason, 'Closed in the Hive tracker');
  const again = await k.cliJson(['import', 'ideas', HIVE, '--product', 'HIVE', '--map', 'title=Summary,reference=Key']);
  assert.deepEqual([again.rows, again.imported, again.existing], [2164, 0, 2164]);
  assert.equal((await allIdeas()).length, 2164);
  // A status the map does not name is a bad row, and nothing is imported.
  const bad = await k.cli(['import', 'ideas', HIVE, '--product', 'HIVE', '--map', 'title=Summary,status=Status']);
  assert.equal(bad.code, 3);
  assert.match(bad.stderr, /hive_bugs\.csv, line 2, column \d+ \(Status\): status "Resolved" is not in the status map/);
});

test('features import into a backlog with mapped statuses and horizons; a second import skips them', async () => {
  const dir = fs.mkdtempSync(path.join(k.dir, 'feat-'));
  const f = path.join(dir, 'roadmap.csv');
  fs.writeFileSync(f, 'Id,Title,State,When,Notes\n'
    + 'RM-1,Bulk refunds,Doing,Q1,"Refund many orders, at once"\n'
    + 'RM-2,  Invoice export  ,Done,Q2,\n'
    + 'RM-3,Dark mode,Idea,,NA\n');
  const r = await k.cliJson(['import', 'features', f, '--product', 'HIVE', '--map',
    'title=Title,reference=Id,status=State,horizon=When,description=Notes',
    '--status-map', 'Doing=in_progress,Done=shipped,Idea=candidate', '--horizon-map', 'Q1=now,Q2=next']);
  assert.deepEqual([r.rows, r.imported], [3, 3]);
  const list = await k.api('GET', '/api/v1/features?product=HIVE&status=all&include=description', { token: T.viewer });
  assert.equal(list.status, 200, list.text);
  const byTitle = new Map(list.json.items.map((x) => [x.title, x]));
  assert.equal(byTitle.get('Bulk refunds').status, 'in_progress');
  assert.equal(byTitle.get('Bulk refunds').horizon, 'now');
  assert.equal(byTitle.get('Bulk refunds').description, 'Refund many orders, at once');
  assert.equal(byTitle.get('Invoice export').status, 'shipped');
  assert.equal(byTitle.get('Invoice export').horizon, 'next');
  assert.equal(byTitle.get('Dark mode').horizon, 'unplanned');
  const again = await k.cliJson(['import', 'features', f, '--product', 'HIVE', '--map', 'title=Title,reference=Id']);
  assert.deepEqual([again.imported, again.existing], [0, 3]);
  const bad = await k.cli(['import', 'features', f, '--product', 'HIVE', '--map', 'title=Title,horizon=When']);
  assert.equal(bad.code, 3);
  assert.match(bad.stderr, /roadmap\.csv, line 2, column \d+ \(When\): "Q1" is not a horizon/);
});

test('a malformed file is refused with line and column, and nothing is imported', async () => {
  const dir = fs.mkdtempSync(path.join(k.dir, 'bad-'));
  const f = path.join(dir, 'bad.csv');
  fs.writeFileSync(f, 'text,customer\n"fine",Acme\n"also fine",Acme\nbroken "quote",Acme\n');
  const before = await feedbackTotal();
  const audit0 = await k.auditCount();
  const r = await k.cli(['import', 'feedback', f, '--map', 'text=text,customer=customer']);
  assert.equal(r.code, 3, r.stderr);
  assert.match(r.stderr, /bad\.csv, line 4, column 8: /);
  assert.equal(await feedbackTotal(), before);
  assert.equal(await k.auditCount(), audit0, 'no customer, no audit record either');
  const list = await k.api('GET', '/api/v1/customers?q=Acme', { token: T.viewer });
  assert.equal(list.json.items.length, 0);
  // A bad value: the row, the column and what was expected.
  fs.writeFileSync(f, 'text,when\nhello,2020-01-01\nworld,31/12/2020\n');
  const d = await k.cli(['import', 'feedback', f, '--map', 'text=text,date=when']);
  assert.equal(d.code, 3);
  assert.match(d.stderr, /bad\.csv, line 3, column 7 \(when\): "31\/12\/2020" is not a date/);
  // A file over the command line's limit (256 MiB) is refused before it is read (a sparse file).
  const huge = path.join(dir, 'huge.csv');
  fs.writeFileSync(huge, 'text\nhello\n');
  fs.truncateSync(huge, 300 * 1024 * 1024);
  const h = await k.cli(['import', 'feedback', huge, '--map', 'text=text']);
  assert.equal(h.code, 3);
  assert.match(h.stderr, /huge\.csv is 314572800 bytes; the largest file keel import reads is 268435456 bytes \(256 MiB\)/);
  fs.rmSync(huge);
  // Mapping mistakes name the column that is not there.
  const m = await k.cli(['import', 'feedback', f, '--map', 'text=nope']);
  assert.equal(m.code, 3);
  assert.match(m.stderr, /has no column "nope" \(its columns: "text", "when"/);
  assert.equal(await feedbackTotal(), before);
});

test('--skip-bad imports the good rows and writes the bad ones with a reason', async () => {
  const dir = fs.mkdtempSync(path.join(k.dir, 'skip-'));
  const f = path.join(dir, 'mixed.csv');
  const rej = path.join(dir, 'rejects.csv');
  fs.writeFileSync(f, 'text,customer,email,tags,date\n'
    + 'Exports time out,Birch,ann@birch.test,"export; performance",2020-02-01\n'
    + 'Bad date here,Birch,,,yesterday\n'
    + 'Stray "quote,Birch,,,2020-02-02\n'
    + ',Birch,,,2020-02-03\n'
    + 'Needs SSO,Birch,bob@birch.test,sso,2020-02-04\n');
  const before = await feedbackTotal();
  const r = await k.cliJson(['import', 'feedback', f, '--map', 'text=text,customer=customer,email=email,tags=tags,date=date',
    '--skip-bad', rej]);
  assert.deepEqual([r.rows, r.imported, r.empty, r.rejected], [5, 2, 1, 2]);
  assert.equal(await feedbackTotal(), before + 2);
  const lines = fs.readFileSync(rej, 'utf8').split('\r\n');
  assert.equal(lines[0], 'text,customer,email,tags,date,reason');
  assert.match(lines[1], /^Bad date here,Birch,,,yesterday,"mixed\.csv, line 3, column \d+ \(date\): ""yesterday"" is not a date/);
  assert.match(lines[2], /^"Stray ""quote",Birch,,,2020-02-02,"mixed\.csv, line 4, column 7: a quote inside a field/);
  const cust = await k.api('GET', '/api/v1/customers/Birch', { token: T.viewer });
  assert.equal(cust.status, 200);
  const list = await k.api('GET', `/api/v1/feedback?customer=${cust.json.id}&status=all`, { token: T.viewer });
  assert.deepEqual(list.json.items.map((i) => i.text).sort(), ['Exports time out', 'Needs SSO']);
  const exp = list.json.items.find((i) => i.text === 'Exports time out');
  assert.deepEqual(exp.tags, ['export', 'performance']);
  assert.equal(exp.contact.name, 'ann@birch.test');
});

test('API: a file as the body imports (PMs only); a bad row is a 422 with line and column; too big is a 413', async () => {
  const csv = 'Comment,Company\n"Love the board, but ""Later"" is vague",Cedar\n';
  const url = '/api/v1/feedback/import?map=text:Comment,customer:Company&channel=review&name=reviews.csv';
  for (const [role, status] of [['viewer', 403], ['contributor', 403]]) {
    const r = await k.api('POST', url, { token: T[role], body: csv, headers: { 'Content-Type': 'text/csv' } });
    assert.equal(r.status, status, `${role}: ${r.text}`);
  }
  const anon = await k.api('POST', url, { body: csv, headers: { 'Content-Type': 'text/csv' } });
  assert.equal(anon.status, 401);
  const before = await feedbackTotal();
  const r = await k.api('POST', url, { token: T.pm, body: csv, headers: { 'Content-Type': 'text/csv' } });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual([r.json.rows, r.json.imported], [1, 1]);
  const list = await k.api('GET', '/api/v1/feedback?channel=review', { token: T.viewer });
  assert.equal(list.json.items[0].text, 'Love the board, but "Later" is vague');
  assert.equal(list.json.items[0].customer.name, 'Cedar');
  const bad = await k.api('POST', url, { token: T.pm, body: 'Comment,Company\nok,Cedar\n"never closed,Cedar\n',
    headers: { 'Content-Type': 'text/csv' } });
  assert.equal(bad.status, 422, bad.text);
  assert.match(bad.json.error.message, /reviews\.csv, line 3, column 1: .*never closed/);
  const wrongType = await k.api('POST', url, { token: T.pm, body: csv, headers: { 'Content-Type': 'application/json' } });
  assert.equal(wrongType.status, 422);
  const unknown = await k.api('POST', url + '&colour=blue', { token: T.pm, body: csv, headers: { 'Content-Type': 'text/csv' } });
  assert.equal(unknown.status, 400, unknown.text);
  assert.equal(await feedbackTotal(), before + 1);
  // The limit comes from the workspace setting, checked before the body is read.
  const s = await k.cli(['settings', 'set', 'import.max_bytes', '2048']);
  assert.equal(s.code, 0, s.stderr);
  try {
    const big = await k.api('POST', url, { token: T.pm, body: fs.readFileSync(HIVE), headers: { 'Content-Type': 'text/csv' } });
    assert.equal(big.status, 413, big.text);
    assert.match(big.json.error.message, /larger than 2048 bytes.*import\.max_bytes/);
    assert.equal(await feedbackTotal(), before + 1);
    // Who may not import is told so before anything of the body is kept: a
    // 403 (not the limit's 413), the body read and dropped.
    const viewerBig = await k.api('POST', url, { token: T.viewer, body: fs.readFileSync(HIVE), headers: { 'Content-Type': 'text/csv' } });
    assert.equal(viewerBig.status, 403, viewerBig.text);
    const badToken = await k.api('POST', url, { token: 'kt_not-a-token', body: fs.readFileSync(HIVE), headers: { 'Content-Type': 'text/csv' } });
    assert.equal(badToken.status, 401, badToken.text);
  } finally {
    await k.cli(['settings', 'unset', 'import.max_bytes']);
  }
});

test('web: upload a file, choose its columns over a preview, import, and download the rejected rows', async () => {
  const w = await k.session(k.users.pm.email, k.users.pm.password);
  const form = await w.get('/feedback/import');
  assert.equal(form.status, 200);
  assert.match(form.text, /enctype="multipart\/form-data"/);
  const viewer = await k.session(k.users.viewer.email, k.users.viewer.password);
  assert.equal((await viewer.get('/feedback/import')).status, 403);
  const csv = 'Said,Who,Country\n"Dark mode <b>please</b>",Dune,NZ\n"Offline, too",Dune,AU\n"Bad tag",Dune,#!\n';
  const fd = new FormData();
  fd.append('_csrf', w.csrf);
  fd.append('file', new Blob([csv], { type: 'text/csv' }), 'web-upload.csv');
  const up = await w.request('POST', '/feedback/import', { body: fd });
  assert.equal(up.status, 200, up.text.slice(0, 500));
  assert.match(up.text, /web-upload\.csv/);
  assert.match(up.text, /<th>1\. Said<\/th><th>2\. Who<\/th><th>3\. Country<\/th>/);
  assert.match(up.text, /Dark mode &lt;b&gt;please&lt;\/b&gt;/, 'the preview escapes what the file holds');
  assert.match(up.text, /<input name="na" value="NA">/, 'NA marks a missing value unless the PM says otherwise');
  assert.doesNotMatch(up.text, /name="skip_bad" value="1" checked/, 'all or nothing unless the PM asks');
  const token = htmlDecode(up.text.match(/name="upload" value="([^"]*)"/)[1]);
  // Without the CSRF token the upload is refused.
  const fd2 = new FormData();
  fd2.append('file', new Blob([csv], { type: 'text/csv' }), 'x.csv');
  assert.equal((await w.request('POST', '/feedback/import', { body: fd2 })).status, 403);
  const before = await feedbackTotal();
  const run = await w.post('/feedback/import/run', {
    upload: token, name: 'web-upload.csv', map_text: '1', map_customer: '2', map_tags: '3', meta: '3', channel: 'chat',
    na: 'NA', skip_bad: '1',
  });
  assert.equal(run.status, 200, run.text.slice(0, 800));
  assert.match(run.text, /id="import-rows">3</);
  assert.match(run.text, /id="import-imported">2</);
  assert.match(run.text, /id="import-rejected">1</);
  const href = htmlDecode(run.text.match(/download="rejected-rows\.csv" href="([^"]*)"/)[1]);
  const rejected = decodeURIComponent(href.replace(/^data:text\/csv;charset=utf-8,/, ''));
  assert.match(rejected, /^Said,Who,Country,reason\r\nBad tag,Dune,#!,"web-upload\.csv, line 4, column \d+ \(Country\): ""#!"" is not a tag/);
  assert.equal(await feedbackTotal(), before + 2);
  const list = await k.api('GET', '/api/v1/feedback?channel=chat', { token: T.viewer });
  const dark = list.json.items.find((i) => i.text.startsWith('Dark mode'));
  assert.deepEqual(dark.tags, ['nz']);
  assert.equal(dark.customer.name, 'Dune');
  // The upload is gone once imported.
  const again = await w.post('/feedback/import/run', { upload: token, map_text: '1' });
  assert.equal(again.status, 404);
});

test('export: CSV and JSON through the API and the CLI; the CSV re-imports into another workspace as it was', async () => {
  const anon = await k.api('GET', '/api/v1/feedback/export?format=csv');
  assert.equal(anon.status, 401);
  const csv = await k.api('GET', '/api/v1/feedback/export?format=csv', { token: T.viewer });
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get('content-type'), /^text\/csv/);
  assert.match(csv.text, /^id,received_at,channel,status,customer,contact,contact_email,product,reference,tags,links,attributes,text,created_at\r\n/);
  const json = await k.api('GET', '/api/v1/feedback/export?format=json', { token: T.viewer });
  assert.equal(json.status, 200);
  const all = JSON.parse(json.text);
  const total = await feedbackTotal();
  assert.equal(all.length, total);
  assert.equal((await k.api('GET', '/api/v1/feedback/export?format=xml', { token: T.viewer })).status, 422);
  // A link shows up in the export.
  const item = all.find((f) => f.text === 'Exports time out');
  const idea = (await allIdeas())[0];
  const l = await k.api('POST', `/api/v1/feedback/${item.id}/link`, { token: T.pm, body: { idea: idea.id } });
  assert.equal(l.status, 201, l.text);
  const file = path.join(k.dir, 'feedback-export.csv');
  const r = await k.cli(['export', 'feedback', file, '--format', 'csv']);
  assert.equal(r.code, 0, r.stderr);
  const text = fs.readFileSync(file, 'utf8');
  assert.match(text, new RegExp(`,idea ${idea.id},`));
  // Into a fresh workspace, with the obvious mapping.
  const k2 = new Keel();
  await k2.init({ users: false });
  const imp = await k2.cliJson(['import', 'feedback', file, '--na', '', '--map',
    'text=text,customer=customer,contact=contact,email=contact_email,date=received_at,channel=channel,reference=reference,'
    + 'tags=tags,attributes=attributes']);
  assert.deepEqual([imp.rows, imp.imported, imp.rejected], [total, total, 0]);
  const back = await k2.cli(['export', 'feedback', '--format', 'json']);
  assert.equal(back.code, 0, back.stderr);
  const key = (f) => JSON.stringify([f.text, f.received_at, f.channel, f.customer?.name ?? null, f.tags, f.attributes,
    f.contact?.name ?? null]);
  const a = all.map(key).sort();
  const b = JSON.parse(back.stdout).map(key).sort();
  assert.deepEqual(b, a);
  fs.rmSync(k2.dir, { recursive: true, force: true });
});
