// scores.test.mjs — a real browser (Debian's chromium, driven by playwright-core)
// scores features as a PM through the forms: WSJF on the feature page shows
// its arithmetic after the save, a stale form is refused and says so, and on
// the product's scoring page a new criterion weight reorders the ranking.
// Any console error, page error or Content-Security-Policy violation fails
// the test. A screenshot of the feature page is left in
// tests/browser/out/scores.png.
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

before(async () => {
  k = await Keel.start();
  T = k.users.pm.token;
  const ok = async (method, p, body, ifMatch) => {
    const r = await k.api(method, p, { token: T, body, ifMatch });
    assert.ok(r.status < 300, `${method} ${p}: ${r.status} ${r.text}`);
    return r.json;
  };
  await ok('POST', '/api/v1/products', { key: 'PAY', name: 'Payments' });
  await ok('POST', '/api/v1/features', { product: 'PAY', title: 'Wallet checkout' });
  await ok('POST', '/api/v1/features', { product: 'PAY', title: 'Bulk refunds' });
  await ok('POST', '/api/v1/products/PAY/criteria', { name: 'Revenue', weight: 3 });
  await ok('POST', '/api/v1/products/PAY/criteria', { name: 'Fit', weight: 1 });
  await ok('PUT', '/api/v1/features/PAY-1/scores/weighted', { Revenue: 8, Fit: 2 });
  await ok('PUT', '/api/v1/features/PAY-2/scores/weighted', { Revenue: 2, Fit: 9 });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await k?.stop();
});

async function signIn(page) {
  await page.goto(`${k.base}/login`);
  await page.fill('input[name="email"]', 'pm@keel.test');
  await page.fill('input[name="password"]', PASSWORD);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login')), page.click('button[type="submit"]')]);
}

test('a PM scores WSJF through the form and sees the arithmetic; a stale form is refused', async () => {
  const page = await openPage(browser, k, problems);
  await signIn(page);
  await page.goto(`${k.base}/features/PAY-1`);
  const section = page.locator('section#frameworks');
  assert.equal(await section.locator('h2').textContent(), 'Scoring frameworks');
  const form = section.locator('form[action="/features/PAY-1/scores/wsjf"]');
  await section.locator('summary', { hasText: 'Score in WSJF' }).click();
  await form.locator('select[name="business_value"]').selectOption('8');
  await form.locator('select[name="time_criticality"]').selectOption('5');
  await form.locator('select[name="risk_reduction"]').selectOption('3');
  await form.locator('select[name="job_size"]').selectOption('5');
  await Promise.all([page.waitForURL(/\/features\/PAY-1\?done=saved/), form.locator('button[type="submit"]').click()]);
  const row = page.locator('section#frameworks tr', { hasText: 'WSJF' });
  assert.match(await row.textContent(), /3\.2\s*\(8 \+ 5 \+ 3\) ÷ 5 = 3\.2/);
  fs.mkdirSync(OUT, { recursive: true });
  await page.screenshot({ path: path.join(OUT, 'scores.png'), fullPage: true });

  // Someone else changes the feature; this page's form is now stale.
  const other = await k.api('PUT', '/api/v1/features/PAY-1/scores/moscow', { token: T, body: { category: 'must' } });
  assert.equal(other.status, 200, other.text);
  await section.locator('summary', { hasText: 'Score in WSJF' }).click();
  await form.locator('select[name="job_size"]').selectOption('8');
  const [res] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/features/PAY-1/scores/wsjf')), form.locator('button[type="submit"]').click()]);
  assert.equal(res.status(), 412);
  assert.match(await page.locator('main').textContent(), /changed by someone else/, 'the page says why');
  // The browser logs the 412 itself; that one is expected.
  const expected = problems.findIndex((p) => /scores\/wsjf: Failed to load resource: .* 412/.test(p));
  assert.ok(expected >= 0, problems.join('\n'));
  problems.splice(expected, 1);
  const api = await k.api('GET', '/api/v1/features/PAY-1/scores', { token: T });
  assert.equal(api.json.items.find((x) => x.framework === 'wsjf').display, '3.2', 'nothing changed');
  await collectCsp(page, problems);
  await page.close();
});

test('a new weight on the scoring page reorders the ranking', async () => {
  const page = await openPage(browser, k, problems);
  await signIn(page);
  await page.goto(`${k.base}/products/PAY/scoring?framework=weighted`);
  const ranking = () => page.locator('table.ranking tbody tr td:nth-child(2) .key').allTextContents();
  assert.deepEqual(await ranking(), ['PAY-1', 'PAY-2'], 'Revenue weighs most: PAY-1 first');
  const fitRow = page.locator('form[action^="/criteria/"]', { has: page.locator('input[name="name"][value="Fit"]') });
  await fitRow.locator('input[name="weight"]').fill('10');
  await Promise.all([page.waitForURL(/\/products\/PAY\/scoring\?done=saved/), fitRow.locator('button[type="submit"]').click()]);
  await page.goto(`${k.base}/products/PAY/scoring?framework=weighted`);
  assert.deepEqual(await ranking(), ['PAY-2', 'PAY-1'], 'Fit weighs most now: PAY-2 first');
  await collectCsp(page, problems);
  await page.close();
  assert.deepEqual(problems, [], problems.join('\n'));
  console.log(`browser scores: ${checkCount()} checks`);
});
