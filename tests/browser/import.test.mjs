// import.test.mjs — a real browser (Debian's chromium, driven by playwright-core)
// imports feedback as a PM: it uploads the R community survey's TSV through
// the form on /feedback/import (a real multipart upload, spooled by the
// server), chooses the columns over the preview, imports, and reads the
// counts; then a small file with a bad row, imported with "skip bad rows",
// whose rejected rows download as CSV from the result page. Any console
// error, page error or Content-Security-Policy violation fails the test.
// A screenshot of the mapping step is left in tests/browser/out/import-map.png.
//
// Needs `npm ci` in tests/browser first (playwright-core; no browser download).
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { assert, Keel, KEEL_ROOT, PASSWORD } from '../blackbox/lib.mjs';
import { collectCsp, launchBrowser, newPage as openPage, OUT } from './harness.mjs';

const SURVEY = path.resolve(KEEL_ROOT, '..', 'shared', 'data', 'r-community-survey-2019', 'survey_combined_coded.tsv');

let k;
let browser;
const problems = [];

before(async () => {
  assert.ok(fs.existsSync(SURVEY), `the test data ${SURVEY} is missing`);
  k = await Keel.start();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await k?.stop();
});

// The rejected rows download from a data: URL, and a download ends its request as aborted.
const newPage = () => openPage(browser, k, problems,
  { viewport: { width: 1400, height: 1000 }, acceptDownloads: true, allowData: true, watchFailedRequests: false });

async function total() {
  const r = await k.api('GET', '/api/v1/feedback?status=all&limit=1', { token: k.users.viewer.token });
  return r.json.total;
}

test('a PM uploads the survey, maps its columns over the preview, and imports 1,637 answers', async () => {
  const page = await newPage();
  await page.goto(`${k.base}/login?next=/feedback`);
  await page.fill('input[name="email"]', k.users.pm.email);
  await page.fill('input[name="password"]', PASSWORD);
  await Promise.all([page.waitForURL(`${k.base}/feedback`), page.click('button[type="submit"]')]);
  await Promise.all([page.waitForURL(`${k.base}/feedback/import`), page.click('a[href="/feedback/import"]')]);

  await page.setInputFiles('input[name="file"]', SURVEY);
  await Promise.all([page.waitForSelector('form.import-map'), page.click('form.import-upload button[type="submit"]')]);
  assert.match(await page.locator('h1').textContent(), /choose columns/);
  assert.match(await page.locator('.lead').textContent(), /survey_combined_coded\.tsv: 2922582 bytes, tab-separated, 59 columns/);
  assert.equal(await page.locator('table.import-preview tbody tr').count(), 5, 'the first five rows');
  await page.selectOption('select[name="map_text"]', { label: '23. Qlike_best' });
  await page.selectOption('select[name="map_date"]', { label: '1. Qtime' });
  await page.selectOption('select[name="channel"]', 'survey');
  await page.check('input[name="meta"][value="46"]'); // Qcountry
  fs.mkdirSync(OUT, { recursive: true });
  await page.screenshot({ path: path.join(OUT, 'import-map.png'), fullPage: false });
  await Promise.all([page.waitForSelector('.import-result'), page.click('form.import-map button[type="submit"]')]);
  assert.equal(await page.locator('#import-rows').textContent(), '2020');
  assert.equal(await page.locator('#import-imported').textContent(), '1637');
  assert.equal(await page.locator('#import-empty').textContent(), '383');
  assert.equal(await total(), 1637);
  const exp = await k.api('GET', '/api/v1/feedback/export?format=json', { token: k.users.viewer.token });
  const first = JSON.parse(exp.text).find((f) => f.received_at === '2019-12-13T14:50:30Z');
  assert.equal(first.text, 'The speed of experimentation and relative lack of dependency hell. CRAN! Rcpp! The community.');
  assert.equal(first.channel, 'survey');
  assert.deepEqual(first.attributes, { Qcountry: 'United States of America' });
  await collectCsp(page, problems);
  await page.context().close();
});

test('skip bad rows: the good ones are imported and the bad ones download as CSV with a reason', async () => {
  const page = await newPage();
  await page.goto(`${k.base}/login?next=/feedback/import`);
  await page.fill('input[name="email"]', k.users.pm.email);
  await page.fill('input[name="password"]', PASSWORD);
  await Promise.all([page.waitForURL(`${k.base}/feedback/import`), page.click('button[type="submit"]')]);
  const file = path.join(k.dir, 'notes.csv');
  fs.writeFileSync(file, 'note,when\n"Works, mostly",2020-01-01\nBroken date,tomorrow\n');
  await page.setInputFiles('input[name="file"]', file);
  await Promise.all([page.waitForSelector('form.import-map'), page.click('form.import-upload button[type="submit"]')]);
  // The columns named like the fields are chosen already? "note" is not; pick it.
  await page.selectOption('select[name="map_text"]', { label: '1. note' });
  await page.selectOption('select[name="map_date"]', { label: '2. when' });
  await page.check('input[name="skip_bad"]');
  const before = await total();
  await Promise.all([page.waitForSelector('.import-result'), page.click('form.import-map button[type="submit"]')]);
  assert.equal(await page.locator('#import-imported').textContent(), '1');
  assert.equal(await page.locator('#import-rejected').textContent(), '1');
  assert.equal(await total(), before + 1);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('a[download="rejected-rows.csv"]')]);
  const saved = path.join(k.dir, 'rejected.csv');
  await download.saveAs(saved);
  const text = fs.readFileSync(saved, 'utf8');
  assert.match(text, /^note,when,reason\r\nBroken date,tomorrow,"notes\.csv, line 3, column 13 \(when\): ""tomorrow"" is not a date/);
  await collectCsp(page, problems);
  await page.context().close();
});

test('no console errors, page errors or CSP violations', () => {
  assert.deepEqual(problems, []);
});
