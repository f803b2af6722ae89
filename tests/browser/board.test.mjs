// board.test.mjs — a real browser (Debian's chromium, driven by playwright-core)
// signs in through the form as a PM, drags a card from Next to Now on the
// board (HTML5 drag and drop, handled by assets/app.js), and the move sticks:
// after a reload the card is in Now, and the API says so too. Any console
// error, page error or Content-Security-Policy violation fails the test.
// A screenshot of the board is left in tests/browser/out/board.png.
//
// Needs `npm ci` in tests/browser first (playwright-core; no browser download).
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { assert, checkCount, DEMO_PASSWORD, Keel } from '../blackbox/lib.mjs';
import { collectCsp, launchBrowser, newPage as openPage, OUT } from './harness.mjs';

let k;
let browser;
let token;
const problems = []; // console errors, page errors, CSP violations

before(async () => {
  k = await Keel.start({ demo: true });
  token = await k.token('pm@keel.test');
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await k?.stop();
});

const newPage = () => openPage(browser, k, problems, { viewport: { width: 1400, height: 1000 } });

const columnKeys = (page, h) => page.locator(`section[data-horizon="${h}"] li[data-key]`).evaluateAll((els) => els.map((e) => e.dataset.key));

test('a PM drags a card from Next to Now; it stays there after a reload and in the API', async () => {
  const page = await newPage();
  // Sign in through the form.
  await page.goto(`${k.base}/board?product=PAY`);
  assert.match(page.url(), /\/login\?next=%2Fboard%3Fproduct%3DPAY$/, 'the board asks for a sign-in first');
  await page.fill('input[name="email"]', 'pm@keel.test');
  await page.fill('input[name="password"]', DEMO_PASSWORD);
  await Promise.all([page.waitForURL(`${k.base}/board?product=PAY`), page.click('button[type="submit"]')]);
  assert.equal(await page.locator('.who a').textContent(), 'Priya Patel');
  const cookies = await page.context().cookies();
  const session = cookies.find((c) => c.name === 'keel_session');
  assert.ok(session && session.httpOnly && session.sameSite === 'Lax', 'an HttpOnly, SameSite=Lax session cookie');
  assert.equal(await page.evaluate(() => document.cookie.includes('keel_session')), false, 'scripts cannot read the session');

  // The script is running (it marks <html class="js">), the board is draggable.
  await page.waitForFunction(() => document.documentElement.classList.contains('js'));
  assert.equal(await page.locator('[data-board]').count(), 1);
  const nowBefore = await columnKeys(page, 'now');
  const nextBefore = await columnKeys(page, 'next');
  assert.ok(nextBefore.length > 0, 'the Next column has cards');
  const key = nextBefore[0];
  const card = page.locator(`section[data-horizon="next"] li[data-key="${key}"]`);
  assert.equal(await card.getAttribute('draggable'), 'true');
  const before = await (await fetch(`${k.base}/api/v1/features/${key}`, { headers: { Authorization: `Bearer ${token}` } })).json();
  assert.equal(before.horizon, 'next');

  // Drag it into Now, below the last card there.
  const nowList = page.locator('section[data-horizon="now"] ol.cards');
  const box = await nowList.boundingBox();
  assert.ok(box, 'the Now column is on screen');
  await card.dragTo(nowList, { targetPosition: { x: box.width / 2, y: box.height - 4 } });
  await page.locator('[data-live]').filter({ hasText: `${key} moved.` }).waitFor({ timeout: 15000 });
  assert.equal(await page.locator('[data-live]').evaluate((e) => e.classList.contains('error')), false);
  assert.deepEqual(await columnKeys(page, 'now'), [...nowBefore, key], 'the card sits at the end of Now at once');

  // It stays there.
  await page.reload();
  assert.deepEqual(await columnKeys(page, 'now'), [...nowBefore, key], 'after a reload the card is in Now, last');
  assert.deepEqual(await columnKeys(page, 'next'), nextBefore.slice(1), 'and no longer in Next');
  const res = await fetch(`${k.base}/api/v1/features/${key}`, { headers: { Authorization: `Bearer ${token}` } });
  assert.equal(res.status, 200);
  const after = await res.json();
  assert.equal(after.horizon, 'now', 'the API agrees');
  assert.equal(after.version, before.version + 1, 'one change, one version');
  // "after <the last Now card>" is in the history, by the PM.
  const hist = await (await fetch(`${k.base}/api/v1/features/${key}/history?limit=1`, { headers: { Authorization: `Bearer ${token}` } })).json();
  assert.equal(hist.items[0].action, 'feature.move');
  assert.equal(hist.items[0].actor, 'Priya Patel');
  assert.equal(hist.items[0].after.position, `after ${nowBefore[nowBefore.length - 1]}`);

  fs.mkdirSync(OUT, { recursive: true });
  await page.screenshot({ path: path.join(OUT, 'board.png'), fullPage: true });
  assert.ok(fs.statSync(path.join(OUT, 'board.png')).size > 10000, 'a screenshot of the board');

  await collectCsp(page, problems);
  await page.context().close();
});

test('a stale card: the page says so and reloads, and nothing moves', async () => {
  const page = await newPage();
  await page.goto(`${k.base}/login?next=/board%3Fproduct%3DINS`);
  await page.fill('input[name="email"]', 'pm2@keel.test');
  await page.fill('input[name="password"]', DEMO_PASSWORD);
  await Promise.all([page.waitForURL(`${k.base}/board?product=INS`), page.click('button[type="submit"]')]);
  await page.waitForFunction(() => document.documentElement.classList.contains('js'));
  const key = (await columnKeys(page, 'later'))[0];
  // Someone else edits it after the page loaded.
  const cur = await (await fetch(`${k.base}/api/v1/features/${key}`, { headers: { Authorization: `Bearer ${token}` } })).json();
  const patch = await fetch(`${k.base}/api/v1/features/${key}`, {
    method: 'PATCH',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'If-Match': `"${cur.version}"` },
    body: JSON.stringify({ description: 'changed meanwhile' }),
  });
  assert.equal(patch.status, 200);
  const nowList = page.locator('section[data-horizon="now"] ol.cards');
  const box = await nowList.boundingBox();
  // The browser logs the refused fetch (412) as a console error: expected here, so count it apart.
  const before = problems.length;
  await page.locator(`section[data-horizon="later"] li[data-key="${key}"]`).dragTo(nowList, { targetPosition: { x: box.width / 2, y: box.height - 4 } });
  await page.locator('[data-live].error').filter({ hasText: 'changed by someone else' }).waitFor({ timeout: 15000 });
  const refused = problems.splice(before);
  assert.ok(refused.every((p) => /412/.test(p)), `only the expected 412 was logged: ${refused.join('; ')}`);
  await page.waitForEvent('load', { timeout: 15000 }); // the page reloads itself
  assert.ok((await columnKeys(page, 'later')).includes(key), 'after the reload the card is back in Later');
  const after = await (await fetch(`${k.base}/api/v1/features/${key}`, { headers: { Authorization: `Bearer ${token}` } })).json();
  assert.equal(after.horizon, 'later', 'nothing moved');
  assert.equal(after.version, cur.version + 1);
  await collectCsp(page, problems);
  await page.context().close();
});

test('no console errors, page errors or CSP violations', () => {
  assert.deepEqual(problems, []);
});

test('summary', (t) => {
  t.diagnostic(`${checkCount()} checks`);
});
