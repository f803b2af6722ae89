// portal.test.mjs — a real browser (Debian's chromium, driven by playwright-core)
// as a customer's person: opening the portal asks for a sign-in and lands back
// in the portal; they vote for a published idea (the count moves, the button
// turns into "Withdraw my vote"), submit an idea of their own through the
// form, and find both under My requests — their request marked private to
// them and the team. The API agrees. Any console error, page error or
// Content-Security-Policy violation fails the test. A screenshot of My
// requests is left in tests/browser/out/portal.png.
//
// Needs `npm ci` in tests/browser first (playwright-core; no browser download).
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { assert, checkCount, Keel, PASSWORD } from '../blackbox/lib.mjs';
import { collectCsp, launchBrowser, newPage as openPage, OUT } from './harness.mjs';

let k;
let browser;
const ctx = {};
const problems = []; // console errors, page errors, CSP violations

async function admin(method, p, body, ifMatch) {
  const r = await k.api(method, p, { token: k.users.admin.token, body, ifMatch });
  assert.ok(r.status >= 200 && r.status < 300, `${method} ${p}: ${r.status} ${r.text}`);
  return r.json;
}

before(async () => {
  k = await Keel.start();
  await admin('POST', '/api/v1/products', { key: 'PAY', name: 'Payments' });
  const acme = await admin('POST', '/api/v1/customers', { name: 'Acme Rockets' });
  await admin('POST', '/api/v1/users', { email: 'paula@acme.test', name: 'Paula Acme', role: 'portal', customer: acme.id, password: PASSWORD });
  ctx.token = await k.token('paula@acme.test');
  const i = await admin('POST', '/api/v1/ideas', { product: 'PAY', title: 'Internal: wallet v2 codename Osprey' });
  ctx.idea = (await admin('POST', `/api/v1/ideas/${i.id}/publish`, { public_title: 'Pay with a wallet', public_description: 'Apple Pay and **Google Pay**.' }, i.version)).id;
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await k?.stop();
});

const newPage = () => openPage(browser, k, problems, { viewport: { width: 1200, height: 900 } });

test('a portal user signs in, votes, submits an idea and finds both under My requests', async () => {
  const page = await newPage();
  await page.goto(`${k.base}/portal`);
  assert.match(page.url(), /\/login\?next=%2Fportal$/, 'the portal asks for a sign-in first');
  await page.fill('input[name="email"]', 'paula@acme.test');
  await page.fill('input[name="password"]', PASSWORD);
  await Promise.all([page.waitForURL(`${k.base}/portal`), page.click('button[type="submit"]')]);
  assert.equal(await page.locator('.who a').first().textContent(), 'Paula Acme');
  assert.equal(await page.locator('a[href="/backlog"]').count(), 0, 'no way inside');

  // The published idea, by its public face; vote for it.
  const card = page.locator(`#idea-${ctx.idea}`);
  assert.equal(await card.locator('h2').textContent(), 'Pay with a wallet');
  assert.equal(await card.locator('strong', { hasText: 'Google Pay' }).count(), 1, 'the description is rendered Markdown');
  assert.equal(await card.locator('[data-votes]').textContent(), '0');
  await Promise.all([page.waitForURL(/\/portal\?done=voted/), card.locator('button', { hasText: 'Vote' }).click()]);
  assert.equal(await page.locator('.notice').textContent(), 'Vote recorded.');
  assert.equal(await page.locator(`#idea-${ctx.idea} [data-votes]`).textContent(), '1');
  assert.equal(await page.locator(`#idea-${ctx.idea} button`).textContent(), 'Withdraw my vote');

  // Submit an idea through the navigation and the form.
  await Promise.all([page.waitForURL(`${k.base}/portal/submit`), page.locator('nav a', { hasText: 'Submit an idea' }).click()]);
  await page.selectOption('select[name="product"]', 'PAY');
  await page.fill('input[name="title"]', 'Refunds in bulk');
  await page.fill('textarea[name="description"]', 'We refund about 300 orders a week, one by one.');
  await Promise.all([page.waitForURL(/\/portal\/requests\?done=submitted/), page.click('form.stack button[type="submit"]')]);
  assert.match(await page.locator('.notice').textContent(), /your idea is in/);

  // My requests: the new request and the idea voted for, with their states.
  const rows = page.locator('table.portal-requests tbody tr');
  assert.equal(await rows.count(), 2);
  const titles = await rows.locator('td:first-child a').allTextContents();
  assert.deepEqual(titles.sort(), ['Pay with a wallet', 'Refunds in bulk']);
  const mine = rows.filter({ hasText: 'Refunds in bulk' });
  assert.match(await mine.textContent(), /New/);
  assert.match(await mine.textContent(), /asked/);
  const voted = rows.filter({ hasText: 'Pay with a wallet' });
  assert.match(await voted.textContent(), /voted/);

  // Open the request: only its submitter (and the team) see it.
  await Promise.all([page.waitForURL(/\/portal\/ideas\/\d+$/), mine.locator('a').click()]);
  assert.match(await page.locator('.badges').textContent(), /only you and the team see it/);

  // The API agrees: one vote, and a private request from Acme.
  const one = await k.api('GET', `/api/v1/portal/ideas/${ctx.idea}`, { token: ctx.token });
  assert.equal(one.json.votes, 1);
  assert.equal(one.json.voted, true);
  const reqs = await k.api('GET', '/api/v1/portal/requests', { token: ctx.token });
  const submitted = reqs.json.items.find((i) => i.title === 'Refunds in bulk');
  const inside = await admin('GET', `/api/v1/ideas/${submitted.id}`);
  assert.equal(inside.customer, 'Acme Rockets');
  assert.equal(inside.public, false);

  await page.goto(`${k.base}/portal/requests`);
  fs.mkdirSync(OUT, { recursive: true });
  await page.screenshot({ path: path.join(OUT, 'portal.png'), fullPage: true });
  assert.ok(fs.statSync(path.join(OUT, 'portal.png')).size > 10000, 'a screenshot of My requests');
  await collectCsp(page, problems);
  await page.context().close();
});

test('no console errors, page errors or CSP violations', () => {
  assert.deepEqual(problems, []);
});

test('summary', (t) => {
  t.diagnostic(`${checkCount()} checks`);
});
