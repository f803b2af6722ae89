// similar.test.mjs — a real browser (Debian's chromium, driven by
// playwright-core) writes a new idea: as the title is typed, assets/app.js
// asks GET /api/v1/ideas/similar and lists the ideas it may duplicate, with
// links; text from the server is shown as text, never run. Then a PM merges
// one suggestion from the idea page's "Possibly the same as…" panel and lands
// on the survivor. Any console error, page error or Content-Security-Policy
// violation fails the test. A screenshot is left in tests/browser/out/similar.png.
//
// Needs `npm ci` in tests/browser first (playwright-core; no browser download).
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { assert, checkCount, Keel, PASSWORD } from '../blackbox/lib.mjs';
import { collectCsp, launchBrowser, newPage as openPage, OUT } from './harness.mjs';

let k;
let browser;
let T;
const problems = [];
const ideas = {};

async function api(method, p, body, token = T.pm, ifMatch) {
  const r = await k.api(method, p, { token, body, ifMatch });
  assert.ok(r.status >= 200 && r.status < 300, `${method} ${p}: ${r.status} ${r.text}`);
  return r.json;
}

before(async () => {
  k = await Keel.start();
  T = Object.fromEntries(Object.entries(k.users).map(([r, u]) => [r, u.token]));
  await api('POST', '/api/v1/products', { key: 'PAY', name: 'Payments' });
  ideas.csv = await api('POST', '/api/v1/ideas', { product: 'PAY', title: 'Export invoices to CSV <img src=x onerror=alert(1)>', description: 'Finance wants every invoice as a CSV file each month.', source: 'customer' });
  ideas.dup = await api('POST', '/api/v1/ideas', { product: 'PAY', title: 'CSV export of all invoices', description: 'The accountants need the invoices as CSV.', source: 'customer' });
  await api('POST', '/api/v1/ideas', { product: 'PAY', title: 'Dark mode', description: 'Too bright at night.', source: 'customer' });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await k?.stop();
});

const newPage = () => openPage(browser, k, problems, { viewport: { width: 1300, height: 1000 }, countAlerts: true });

async function signIn(page, email, next) {
  await page.goto(`${k.base}/login?next=${encodeURIComponent(next)}`);
  await page.fill('input[name="email"]', email);
  await page.fill('input[name="password"]', PASSWORD);
  await Promise.all([page.waitForURL(`${k.base}${next}`), page.click('button[type="submit"]')]);
}

test('typing a title lists the ideas it may duplicate; a PM merges one from the idea page', async () => {
  const page = await newPage();
  await signIn(page, 'contributor@keel.test', '/ideas/new');
  await page.waitForFunction(() => document.documentElement.classList.contains('js'));
  await page.selectOption('select[name="product"]', 'PAY');
  await page.locator('input[name="title"]').pressSequentially('Invoices as CSV export', { delay: 20 });
  const list = page.locator('#similar-live ul.similar li');
  await list.first().waitFor({ timeout: 15000 });
  const texts = await list.allTextContents();
  assert.ok(texts.length >= 2, texts.join(' | '));
  assert.ok(texts.some((t) => t.includes(`#${ideas.dup.id} CSV export of all invoices`)), texts.join(' | '));
  assert.ok(texts.some((t) => t.includes('<img src=x onerror=alert(1)>')), 'the title is shown as text');
  assert.ok(!texts.some((t) => t.includes('Dark mode')));
  assert.match(texts[0], /\d+%/);
  assert.equal(await page.locator('#similar-live img').count(), 0, 'no markup from the server');
  assert.equal(await page.locator('#similar-live a').first().getAttribute('href'), `/ideas/${texts[0].includes(`#${ideas.dup.id} `) ? ideas.dup.id : ideas.csv.id}`);
  fs.mkdirSync(OUT, { recursive: true });
  await page.screenshot({ path: path.join(OUT, 'similar.png'), fullPage: true });
  assert.equal(await page.evaluate(() => window.__alerts), 0);
  await collectCsp(page, problems);
  await page.context().close();

  // A PM merges the duplicate into the first idea from its page.
  const pm = await newPage();
  await signIn(pm, 'pm@keel.test', `/ideas/${ideas.dup.id}`);
  const panel = pm.locator('section.similar-panel');
  assert.match(await panel.locator('h2').textContent(), /Possibly the same as/);
  await Promise.all([
    pm.waitForURL(`${k.base}/ideas/${ideas.csv.id}?done=merged`),
    panel.locator(`form[action="/ideas/${ideas.dup.id}/merge"] button`, { hasText: `Merge into #${ideas.csv.id}` }).click(),
  ]);
  const merged = await api('GET', `/api/v1/ideas/${ideas.dup.id}`);
  assert.equal(merged.merged_into, ideas.csv.id);
  assert.equal(merged.status, 'duplicate');
  await collectCsp(pm, problems);
  await pm.context().close();
});

test('no console errors, page errors, CSP violations or outside requests', () => {
  assert.deepEqual(problems, []);
  assert.ok(checkCount() > 10);
});
