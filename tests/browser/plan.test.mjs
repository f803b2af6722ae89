// plan.test.mjs — a real browser (Debian's chromium, driven by
// playwright-core) reads the planning page: a viewer chooses the product and
// the quarter in the form, sees each team's capacity bar (SVG from the
// server), the selected features, the cut line and what missed with the
// reason, and follows a feature's link to its planning section. Titles from
// the server are shown as text, never run. Any console error, page error or
// Content-Security-Policy violation fails the test. A screenshot is left in
// tests/browser/out/plan.png.
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

async function api(method, p, body, ifMatch) {
  const r = await k.api(method, p, { token: T.pm, body, ifMatch });
  assert.ok(r.status >= 200 && r.status < 300, `${method} ${p}: ${r.status} ${r.text}`);
  return r.json;
}

before(async () => {
  k = await Keel.start();
  T = Object.fromEntries(Object.entries(k.users).map(([r, u]) => [r, u.token]));
  await api('POST', '/api/v1/products', { key: 'PAY', name: 'Payments' });
  await api('POST', '/api/v1/products', { key: 'HR', name: 'People' });
  const core = await api('POST', '/api/v1/teams', { product: 'PAY', name: 'Core' });
  await api('PUT', `/api/v1/teams/${core.id}/capacity/2026-Q4`, { capacity: 5 });
  const rice = (reach, effort) => ({ reach, impact: 1, confidence: 100, effort });
  await api('POST', '/api/v1/features', { product: 'PAY', title: 'Apple Pay <img src=x onerror=alert(1)>', rice: rice(300, 3), team: 'Core' });
  await api('POST', '/api/v1/features', { product: 'PAY', title: 'Refunds API', rice: rice(200, 2), team: 'Core' });
  await api('POST', '/api/v1/features', { product: 'PAY', title: 'Ledger rewrite', rice: rice(100, 4), team: 'Core' });
  await api('POST', '/api/v1/features/PAY-2/dependencies', { on: 'PAY-1' });
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

test('the planning page: the form, capacity bars, the cut line and why a feature missed', async () => {
  const page = await newPage();
  await signIn(page, 'viewer@keel.test', '/plan');
  await page.selectOption('select[name="product"]', 'PAY');
  await page.fill('input[name="period"]', '2026-Q4');
  await Promise.all([page.waitForURL(/\/plan\?product=PAY&period=2026-Q4$/), page.click('form.filters button[type="submit"]')]);
  assert.match(await page.locator('p.plan-summary').textContent(), /PAY, 2026-Q4: 2 features selected, total score 200/);
  assert.match(await page.locator('p.plan-summary').textContent(), /optimal/);
  const bar = page.locator('section.plan-team svg.capacity-bar');
  assert.equal(await bar.count(), 1);
  assert.equal(await bar.getAttribute('aria-label'), '5 of 5 person-months used');
  const rows = await page.locator('section.plan-team tbody tr').allTextContents();
  // Apple Pay (100) and the Refunds API (100, needs Apple Pay) fill Core's 5
  // person-months; equal scores list the smaller first.
  assert.match(rows[0], /PAY-2Refunds API/);
  assert.match(rows[1], /PAY-1Apple Pay <img src=x onerror=alert\(1\)>/);
  assert.match(rows[2], /Cut line/);
  assert.match(rows[3], /PAY-3Ledger rewrite.*capacity of team Core: 0 of 5 person-months left, needs 4/);
  assert.equal(await page.locator('section.plan-team img').count(), 0, 'no markup from a title');
  fs.mkdirSync(OUT, { recursive: true });
  await page.screenshot({ path: path.join(OUT, 'plan.png'), fullPage: true });
  await Promise.all([page.waitForURL(`${k.base}/features/PAY-2`), page.click('section.plan-team a[href="/features/PAY-2"]')]);
  const planning = page.locator('section.planning');
  assert.match(await planning.textContent(), /TeamCore/);
  assert.match(await planning.textContent(), /Depends onPAY-1/);
  assert.equal(await page.evaluate(() => window.__alerts), 0);
  await collectCsp(page, problems);
  await page.context().close();
});

test('no console errors, page errors, CSP violations or outside requests', () => {
  assert.deepEqual(problems, []);
  assert.ok(checkCount() > 10);
});
