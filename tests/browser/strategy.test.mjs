// strategy.test.mjs — a real browser (Debian's chromium, driven by
// playwright-core) signs in as a PM and works on a product's strategy only
// through the pages, on a product with no vision yet (the demo writes one
// for Payments only): writes the first vision, revises it with a reason,
// compares the two revisions (changed words marked), adds an objective and a
// key result, checks in a value and sees the progress bar drawn by the server,
// then finds it all on the strategy overview. Any console error, page error or
// Content-Security-Policy violation fails the test. A screenshot of the
// comparison is left in tests/browser/out/strategy-compare.png.
//
// Needs `npm ci` in tests/browser first (playwright-core; no browser download).
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { assert, checkCount, DEMO_PASSWORD, Keel } from '../blackbox/lib.mjs';
import { collectCsp, launchBrowser, newPage as openPage, OUT } from './harness.mjs';

let k;
let browser;
const problems = [];

before(async () => {
  k = await Keel.start({ demo: true });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await k?.stop();
});

test('a PM writes and revises the vision, compares revisions, sets an objective and checks in', async () => {
  const page = await openPage(browser, k, problems);
  await page.goto(`${k.base}/products/INS/vision`);
  await page.fill('input[name="email"]', 'pm@keel.test');
  await page.fill('input[name="password"]', DEMO_PASSWORD);
  await Promise.all([page.waitForURL(`${k.base}/products/INS/vision`), page.click('button[type="submit"]')]);

  // The first revision needs no reason.
  await page.fill('textarea[name="why"]', 'Small businesses wait days for their own money');
  await page.fill('textarea[name="value_proposition"]', 'Your money, the same day');
  await Promise.all([page.waitForURL(/done=saved/), page.click('button:has-text("Save as revision 1")')]);
  assert.match(await page.locator('main').textContent(), /Revision 1/);

  // The second one does: without it the browser's own check stops the form.
  await page.fill('textarea[name="why"]', 'Small businesses should not wait for their own money');
  assert.equal(await page.locator('input[name="reason"]').getAttribute('required'), '');
  await page.fill('input[name="reason"]', 'Said positively');
  await Promise.all([page.waitForURL(/done=saved/), page.click('button:has-text("Save as revision 2")')]);
  assert.match(await page.locator('main').textContent(), /Said positively/);

  // Compare through the history form.
  await Promise.all([page.waitForURL(/from=1&to=2/), page.click('button:has-text("Compare")')]);
  const row = page.locator('table.vision-compare tr.changed');
  assert.equal(await row.count(), 1, 'one field changed');
  assert.deepEqual(await row.locator('del').allTextContents(), ['days ']);
  assert.equal((await row.locator('ins').allTextContents()).join(''), 'should not ');
  fs.mkdirSync(OUT, { recursive: true });
  await page.screenshot({ path: path.join(OUT, 'strategy-compare.png'), fullPage: true });

  // An objective for this quarter, a key result, a check-in.
  await page.goto(`${k.base}/products/INS/objectives`);
  await page.fill('form[action="/products/INS/objectives"] input[name="title"]', 'Payouts people can count on');
  await Promise.all([page.waitForURL(/\/objectives\/\d+\?done=created/), page.click('button:has-text("Add objective")')]);
  await page.fill('input[name="title"]', 'Median payout time');
  await page.fill('input[name="unit"]', 'h');
  await page.fill('input[name="baseline"]', '48');
  await page.fill('input[name="target"]', '24');
  await Promise.all([page.waitForURL(/done=created/), page.click('button:has-text("Add key result")')]);
  await page.fill('form[action$="/checkins"] input[name="value"]', '30');
  await page.fill('form[action$="/checkins"] input[name="comment"]', 'Hourly batches');
  await Promise.all([page.waitForURL(/done=saved/), page.click('button:has-text("Check in")')]);
  const bar = page.locator('section.kr svg[role="img"]').first();
  assert.equal(await bar.getAttribute('aria-label'), '75 percent');
  assert.match(await page.locator('section.kr').textContent(), /Hourly batches/);

  // The overview shows the vision and the objective with its progress.
  await page.click('nav[aria-label="Main"] a:has-text("Strategy")');
  await Promise.all([page.waitForURL(/\/products\/INS\/strategy$/), page.click('a[href="/products/INS/strategy"]')]);
  const main = await page.locator('main').textContent();
  assert.match(main, /should not wait for their own money/);
  assert.match(main, /Payouts people can count on/);
  assert.match(main, /Revision 2, standing for 0 days/);
  await collectCsp(page, problems);
  assert.deepEqual(problems, [], 'no console errors, page errors, outside requests or CSP violations');
});

test('checks ran', (t) => {
  t.diagnostic(`${checkCount()} checks`);
});
