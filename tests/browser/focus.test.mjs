// focus.test.mjs — a real browser drags a card into a full Now on the board:
// the dialog lists what is in Now, a PM ticks what moves out, says why, and
// the move goes through with the trade-off recorded; cancelling moves
// nothing. The refused first attempt (409) is the only console error allowed.
// A screenshot of the dialog is left in tests/browser/out/focus-dialog.png.
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

const api = async (p) => (await fetch(`${k.base}${p}`, { headers: { Authorization: `Bearer ${token}` } })).json();

before(async () => {
  k = await Keel.start({ demo: true });
  token = await k.token('pm@keel.test');
  browser = await launchBrowser();
  // Now is made exactly full: with team capacity for the quarter (the demo
  // sets some), one team gives up the room left; without, the limit is the
  // number of features Now holds.
  const focus = await api('/api/v1/focus?product=PAY');
  if (focus.now.basis === 'size') {
    const room = focus.now.capacity - focus.now.load;
    const teams = (await api(`/api/v1/teams?product=PAY&period=${focus.now.period}`)).items;
    const t = teams.find((x) => x.capacity >= room);
    assert.ok(t, 'a team whose capacity covers the room left');
    const r = await k.cli(['team', 'capacity', t.name, '--product', 'PAY', '--period', focus.now.period, '--capacity', String(t.capacity - room)]);
    assert.equal(r.code, 0, r.stderr);
  } else {
    const inNow = (await api('/api/v1/features?product=PAY&horizon=now&limit=200')).items.length;
    assert.ok(inNow > 0, 'the demo has features in Now');
    const r = await k.cli(['product', 'edit', 'PAY', '--now-limit', String(inNow)]);
    assert.equal(r.code, 0, r.stderr);
  }
  const full = await api('/api/v1/focus?product=PAY');
  assert.equal(full.now.load, full.now.capacity, 'Now is full');
});
after(async () => {
  await browser?.close();
  await k?.stop();
});

const columnKeys = (page, h) => page.locator(`section[data-horizon="${h}"] li[data-key]`).evaluateAll((els) => els.map((e) => e.dataset.key));

async function signIn() {
  const page = await openPage(browser, k, problems, { viewport: { width: 1400, height: 1000 } });
  await page.goto(`${k.base}/login?next=/board%3Fproduct%3DPAY`);
  await page.fill('input[name="email"]', 'pm@keel.test');
  await page.fill('input[name="password"]', DEMO_PASSWORD);
  await Promise.all([page.waitForURL(`${k.base}/board?product=PAY`), page.click('button[type="submit"]')]);
  await page.waitForFunction(() => document.documentElement.classList.contains('js'));
  return page;
}

async function dragIntoNow(page, key) {
  const nowList = page.locator('section[data-horizon="now"] ol.cards');
  const box = await nowList.boundingBox();
  await page.locator(`li[data-key="${key}"]`).dragTo(nowList, { targetPosition: { x: box.width / 2, y: box.height - 4 } });
}

test('dropping a card into a full Now asks what moves out; cancelling moves nothing', async () => {
  const page = await signIn();
  const nowBefore = await columnKeys(page, 'now');
  const key = (await columnKeys(page, 'next'))[0];
  const before = problems.length;
  await dragIntoNow(page, key);
  const dlg = page.locator('dialog.tradeoff-dialog');
  await dlg.waitFor({ state: 'visible', timeout: 15000 });
  assert.match(await dlg.textContent(), /Now is at capacity/);
  assert.equal(await dlg.locator('input[name="displace"]').count(), nowBefore.length, 'every card in Now is listed');
  const refused = problems.splice(before);
  assert.ok(refused.every((p) => /409/.test(p)), `only the expected 409 was logged: ${refused.join('; ')}`);
  await Promise.all([page.waitForEvent('load', { timeout: 15000 }), dlg.locator('button', { hasText: 'Cancel' }).click()]);
  assert.deepEqual(await columnKeys(page, 'now'), nowBefore, 'after cancelling, Now is as it was');
  assert.equal((await api(`/api/v1/features/${key}`)).horizon, 'next');
  await collectCsp(page, problems);
  await page.context().close();
});

test('ticking what moves out and saying why moves both and records the decision', async () => {
  const page = await signIn();
  const nowBefore = await columnKeys(page, 'now');
  const key = (await columnKeys(page, 'next'))[0];
  const out = nowBefore[0];
  const before = problems.length;
  await dragIntoNow(page, key);
  const dlg = page.locator('dialog.tradeoff-dialog');
  await dlg.waitFor({ state: 'visible', timeout: 15000 });
  problems.splice(before); // the 409 that opened the dialog
  // Without a reason the server says so inside the dialog.
  await dlg.locator(`input[value="${out}"]`).check();
  await dlg.locator('button[type="submit"]').click();
  await dlg.locator('p.error').filter({ hasText: 'reason' }).waitFor({ timeout: 15000 });
  problems.splice(before); // the 422
  await dlg.locator('select[name="displace_to"]').selectOption('later');
  await dlg.locator('textarea[name="reason"]').fill('the bank deadline moved up');
  fs.mkdirSync(OUT, { recursive: true });
  await page.screenshot({ path: path.join(OUT, 'focus-dialog.png') });
  await Promise.all([page.waitForEvent('load', { timeout: 15000 }), dlg.locator('button[type="submit"]').click()]);
  const nowAfter = await columnKeys(page, 'now');
  assert.ok(nowAfter.includes(key), 'the card is in Now');
  assert.ok(!nowAfter.includes(out), 'what moved out left Now');
  assert.ok((await columnKeys(page, 'later')).includes(out), 'and sits in Later');
  const t = (await api('/api/v1/tradeoffs?product=PAY')).items[0];
  assert.equal(t.in.key, key);
  assert.deepEqual(t.out.map((o) => [o.key, o.to]), [[out, 'later']]);
  assert.equal(t.reason, 'the bank deadline moved up');
  assert.equal(t.by, 'Priya Patel');
  await collectCsp(page, problems);
  await page.context().close();
});

test('no console errors, page errors or CSP violations', () => {
  assert.deepEqual(problems, []);
});

test('summary', (t) => {
  t.diagnostic(`${checkCount()} checks`);
});
