// inbox.test.mjs — a real browser (Debian's chromium, driven by playwright-core)
// follows an idea from its page as a viewer; a PM declines the idea through
// the API; after a reload the top navigation shows one unread notification,
// the inbox shows what happened, and "Mark as read" clears the count. Any
// console error, page error or Content-Security-Policy violation fails the
// test. A screenshot of the inbox is left in tests/browser/out/inbox.png.
//
// Needs `npm ci` in tests/browser first (playwright-core; no browser download).
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { assert, checkCount, Keel, PASSWORD } from '../blackbox/lib.mjs';
import { collectCsp, launchBrowser, newPage as openPage, OUT } from './harness.mjs';

let k;
let browser;
let idea;
const problems = []; // console errors, page errors, CSP violations

async function api(role, method, p, body, ifMatch) {
  const r = await k.api(method, p, { token: k.users[role].token, body, ifMatch });
  assert.ok(r.status >= 200 && r.status < 300, `${method} ${p}: ${r.status} ${r.text}`);
  return r.json;
}

before(async () => {
  k = await Keel.start();
  await api('pm', 'POST', '/api/v1/products', { key: 'PAY', name: 'Payments' });
  idea = await api('contributor', 'POST', '/api/v1/ideas', { product: 'PAY', title: 'Pay by bank transfer', source: 'customer' });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await k?.stop();
});

const newPage = () => openPage(browser, k, problems);

test('a viewer follows an idea, hears that it was declined, and marks it read', async () => {
  const page = await newPage();
  await page.goto(`${k.base}/login?next=/ideas/${idea.id}`);
  await page.fill('input[name="email"]', 'viewer@keel.test');
  await page.fill('input[name="password"]', PASSWORD);
  await Promise.all([page.waitForURL(`${k.base}/ideas/${idea.id}`), page.click('button[type="submit"]')]);
  const inboxLink = page.locator('a.inbox-link');
  assert.equal((await inboxLink.textContent()).trim(), 'Inbox', 'nothing unread yet');

  // Follow from the idea's page.
  await Promise.all([page.waitForURL(/\/ideas\/\d+\?done=followed/), page.click('form.follow button')]);
  assert.match(await page.locator('.notice').first().textContent(), /You follow this idea/);
  assert.equal((await page.locator('form.follow button').textContent()).trim(), 'Stop following');
  assert.equal((await api('viewer', 'GET', `/api/v1/ideas/${idea.id}`)).following, true);

  // A PM declines it elsewhere; the next page shows the count.
  await api('pm', 'POST', `/api/v1/ideas/${idea.id}/decline`, { reason: 'Banks charge too much' }, idea.version);
  await page.reload();
  assert.equal((await inboxLink.locator('.count').textContent()).trim(), '1');

  // The inbox says what happened; marking it read clears the count.
  await Promise.all([page.waitForURL(`${k.base}/inbox`), inboxLink.click()]);
  const item = page.locator('ul.inbox li.unread');
  assert.equal(await item.count(), 1);
  assert.equal((await item.locator('.title').textContent()).trim(), '“Pay by bank transfer” was declined: Banks charge too much');
  fs.mkdirSync(OUT, { recursive: true });
  await page.screenshot({ path: path.join(OUT, 'inbox.png'), fullPage: true });
  await Promise.all([page.waitForURL(/\/inbox\?done=read/), item.locator('button', { hasText: 'Mark as read' }).click()]);
  assert.equal(await page.locator('ul.inbox li.unread').count(), 0);
  assert.equal(await page.locator('ul.inbox li.read').count(), 1);
  assert.equal(await page.locator('a.inbox-link .count').count(), 0, 'no unread count any more');

  // The title links to the idea, which shows the outcome.
  await Promise.all([page.waitForURL(`${k.base}/ideas/${idea.id}`), page.locator('ul.inbox li.read .title a').click()]);
  assert.match(await page.locator('body').textContent(), /Banks charge too much/);

  await collectCsp(page, problems);
  await page.context().close();
});

test('no console errors, page errors or CSP violations', () => {
  assert.deepEqual(problems, []);
});

test('summary', (t) => {
  t.diagnostic(`${checkCount()} checks`);
});
