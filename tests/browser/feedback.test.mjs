// feedback.test.mjs — a real browser (Debian's chromium, driven by playwright-core)
// triages customer feedback as a PM: opens the feedback inbox, opens an item,
// selects the words that matter in what the customer said (the script copies
// them into the link form), links the item to a feature as critical, and
// finds the customer, their ARR and the quote in the feature's "Who wants it"
// panel; then uses the demand as RICE reach. Any console error, page error or
// Content-Security-Policy violation fails the test. A screenshot of the
// feature page is left in tests/browser/out/demand.png.
//
// Needs `npm ci` in tests/browser first (playwright-core; no browser download).
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { assert, checkCount, Keel, PASSWORD } from '../blackbox/lib.mjs';
import { collectCsp, launchBrowser, newPage as openPage, OUT } from './harness.mjs';

let k;
let browser;
let item;
let feature;
const problems = []; // console errors, page errors, CSP violations
const SAID = 'We refund 300 orders by hand after every outage. A bulk refund button would save our support team a day.';
const QUOTE = 'A bulk refund button would save our support team a day';

async function api(role, method, p, body, ifMatch) {
  const r = await k.api(method, p, { token: k.users[role].token, body, ifMatch });
  assert.ok(r.status >= 200 && r.status < 300, `${method} ${p}: ${r.status} ${r.text}`);
  return r.json;
}

before(async () => {
  k = await Keel.start();
  await api('pm', 'POST', '/api/v1/products', { key: 'PAY', name: 'Payments' });
  feature = await api('pm', 'POST', '/api/v1/features', {
    product: 'PAY', title: 'Bulk refunds', rice: { reach: 10, impact: 2, confidence: 80, effort: 2 },
  });
  const acme = await api('pm', 'POST', '/api/v1/customers', { name: 'Acme Corp', segment: 'enterprise', arr: 420000 });
  item = await api('contributor', 'POST', '/api/v1/feedback', { text: SAID, channel: 'support', customer: acme.id, reference: 'ZD-1042' });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await k?.stop();
});

const newPage = () => openPage(browser, k, problems);

test('a PM highlights the quote in an item from the inbox, links it, and sees the demand on the feature', async () => {
  const page = await newPage();
  await page.goto(`${k.base}/login?next=/feedback`);
  await page.fill('input[name="email"]', 'pm@keel.test');
  await page.fill('input[name="password"]', PASSWORD);
  await Promise.all([page.waitForURL(`${k.base}/feedback`), page.click('button[type="submit"]')]);

  // The inbox lists the item; open it.
  const row = page.locator(`a[href="/feedback/${item.id}"]`).first();
  assert.equal(await row.count(), 1, 'the new item is in the inbox');
  await Promise.all([page.waitForURL(`${k.base}/feedback/${item.id}`), row.click()]);
  const said = page.locator('blockquote.said');
  assert.equal((await said.textContent()).trim(), SAID);

  // Select the words that matter, as a mouse would; the script copies them into the form.
  await page.evaluate((quote) => {
    const el = document.querySelector('blockquote.said');
    const text = el.firstChild;
    const start = text.data.indexOf(quote);
    const range = document.createRange();
    range.setStart(text, start);
    range.setEnd(text, start + quote.length);
    const sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(range);
    el.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
  }, QUOTE);
  const quote = page.locator('form[action$="/link"] textarea[name="quote"]');
  assert.equal(await quote.inputValue(), QUOTE);

  // Link it to the feature as critical.
  await page.fill('form[action$="/link"] input[name="feature"]', feature.key);
  await page.selectOption('form[action$="/link"] select[name="importance"]', 'critical');
  await Promise.all([page.waitForURL(new RegExp(`/feedback/${item.id}\\?done=linked`)), page.click('form[action$="/link"] button[type="submit"]')]);
  assert.match(await page.locator('.notice').first().textContent(), /[Ll]inked/);
  const got = await api('pm', 'GET', `/api/v1/feedback/${item.id}`);
  assert.equal(got.status, 'linked');
  assert.equal(got.linked[0].quote, QUOTE);
  assert.equal(got.linked[0].importance, 'critical');

  // The feature's page says who wants it, with the quote.
  await page.goto(`${k.base}/features/${feature.key}`);
  const panel = page.locator('section.demand');
  assert.match(await panel.locator('.demand-total').textContent(), /1\s*customer\b.*420,000.*1 feedback item.*1 critical/s);
  assert.equal((await panel.locator('ul.quotes blockquote').first().textContent()).trim(), QUOTE);
  assert.equal((await panel.locator('ul.quotes a[href^="/customers/"]').first().textContent()).trim(), 'Acme Corp');
  fs.mkdirSync(OUT, { recursive: true });
  await page.screenshot({ path: path.join(OUT, 'demand.png'), fullPage: true });

  // Demand as RICE reach, from the panel.
  await Promise.all([page.waitForURL(new RegExp(`/features/${feature.key}`)), panel.locator('button', { hasText: 'Use as RICE reach' }).click()]);
  assert.match(await page.locator('section.demand').textContent(), /RICE reach is 1: the customers asking/);
  assert.equal((await api('pm', 'GET', `/api/v1/features/${feature.key}`)).rice.reach, 1);

  await collectCsp(page, problems);
  await page.context().close();
});

test('no console errors, page errors or CSP violations', () => {
  assert.deepEqual(problems, []);
});

test('summary', (t) => {
  t.diagnostic(`${checkCount()} checks`);
});
