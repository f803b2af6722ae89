// scores.test.mjs — scoring frameworks through the real binary: the API
// contract (PUT /api/v1/features/{key}/scores/{framework} with the score, its
// exact value and its display), every framework including RICE and ICE
// written to the feature, bad input refused naming the field with nothing
// changed, versions (412), roles (401, 403), criteria and rescoring when a
// weight changes, the main framework, rankings with stable ties, the CLI
// reading what the API wrote and the other way round, the history, and the
// pages (the feature's section, the product's scoring page, forms).
import { after, before, test } from 'node:test';

import { assert, assertHtmlDocument, checkCount, htmlDecode, Keel, PASSWORD } from './lib.mjs';

let k;
let T; // role -> API token
const WSJF = { business_value: 8, time_criticality: 5, risk_reduction: 3, job_size: 5 };
const HOSTILE = '<script>alert(1)</script> & "q"';

before(async () => {
  k = await Keel.start();
  T = Object.fromEntries(Object.entries(k.users).map(([r, u]) => [r, u.token]));
  assert.equal((await k.api('POST', '/api/v1/products', { token: T.pm, body: { key: 'PAY', name: 'Payments' } })).status, 201);
  for (const title of ['Wallet checkout', 'Bulk refunds', 'Saved cards', 'Invoices']) {
    const r = await k.api('POST', '/api/v1/features', { token: T.pm, body: { product: 'PAY', title } });
    assert.equal(r.status, 201, r.text);
  }
});
after(async () => {
  await k?.stop();
});

const put = (key, fw, body, opts = {}) => k.api('PUT', `/api/v1/features/${key}/scores/${fw}`, { token: T.pm, body, ...opts });
const scores = async (key) => (await k.api('GET', `/api/v1/features/${key}/scores`, { token: T.viewer })).json;
const item = (s, fw) => s.items.find((x) => x.framework === fw);

test('WSJF through the API: the contract, exact and displayed values, the arithmetic', async () => {
  const before = await k.api('GET', '/api/v1/features/PAY-1', { token: T.pm });
  const r = await put('PAY-1', 'wsjf', WSJF);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.framework, 'wsjf');
  assert.equal(r.json.score, 3.2);
  assert.equal(r.json.display, '3.2');
  assert.equal(r.json.explain, '(8 + 5 + 3) ÷ 5 = 3.2');
  assert.deepEqual(r.json.inputs, WSJF);
  assert.equal(r.etag, `"${before.json.version + 1}"`, 'a score change moves the feature version');
  // An exact half: 3 ÷ 20 = 0.15 shows as 0.2; the raw value stays exact.
  const half = await put('PAY-2', 'wsjf', { business_value: 1, time_criticality: 1, risk_reduction: 1, job_size: 20 });
  assert.equal(half.status, 200, half.text);
  assert.equal(half.json.score, 0.15);
  assert.equal(half.json.display, '0.2');
  const s = await scores('PAY-1');
  assert.equal(s.main_framework, 'rice');
  assert.equal(item(s, 'wsjf').display, '3.2');
  assert.equal(item(s, 'rice').scored, false);
  assert.equal(item(s, 'rice').main, true);
  assert.equal(s.items.length, 7);
});

test('bad input: 400/422 naming the field, 404 for an unknown framework or feature, nothing changed', async () => {
  const was = await scores('PAY-1');
  const audit = await k.auditCount();
  for (const [body, status, field] of [
    [{ ...WSJF, job_size: 4 }, 422, 'job_size'],
    [{ ...WSJF, business_value: 0 }, 422, 'business_value'],
    [{ ...WSJF, business_value: 21 }, 422, 'business_value'],
    [{ ...WSJF, time_criticality: '5' }, 422, 'time_criticality'],
    [{ ...WSJF, risk_reduction: [3] }, 422, 'risk_reduction'],
    [{ business_value: 8, time_criticality: 5, risk_reduction: 3 }, 422, 'job_size'],
    [{ ...WSJF, colour: 'red' }, 400, 'colour'],
  ]) {
    const r = await put('PAY-1', 'wsjf', body);
    assert.equal(r.status, status, `${JSON.stringify(body)}: ${r.text}`);
    assert.equal(r.json.error.field, field, r.text);
  }
  assert.equal((await put('PAY-1', 'value_effort', { value: 11, effort: 2 })).json.error.field, 'value');
  assert.equal((await put('PAY-1', 'moscow', { category: 'maybe' })).json.error.field, 'category');
  assert.equal((await put('PAY-1', 'kano', { functional: 'like', dysfunctional: 'hate' })).json.error.field, 'dysfunctional');
  assert.equal((await put('PAY-1', 'rice', { reach: 10, impact: 4, confidence: 50, effort: 1 })).json.error.field, 'rice.impact');
  assert.equal((await put('PAY-1', 'ice', { impact: 8, confidence: 6 })).json.error.field, 'ease');
  const badJson = await put('PAY-1', 'wsjf', '{"business_value": 8,');
  assert.equal(badJson.status, 400, badJson.text);
  const unknown = await put('PAY-1', 'magic', WSJF);
  assert.equal(unknown.status, 404, unknown.text);
  assert.equal(unknown.json.error.field, 'framework');
  assert.equal((await put('PAY-99', 'wsjf', WSJF)).status, 404);
  assert.equal((await k.api('DELETE', '/api/v1/features/PAY-1/scores/kano', { token: T.pm })).status, 404);
  // Stale version: 412; roles: 403 and 401.
  const stale = await put('PAY-1', 'wsjf', { ...WSJF, job_size: 8 }, { ifMatch: 1 });
  assert.equal(stale.status, 412, stale.text);
  assert.equal((await put('PAY-1', 'wsjf', WSJF, { token: T.contributor })).status, 403);
  assert.equal((await put('PAY-1', 'wsjf', WSJF, { token: T.viewer })).status, 403);
  assert.equal((await k.api('PUT', '/api/v1/features/PAY-1/scores/wsjf', { body: WSJF })).status, 401);
  assert.equal((await k.api('GET', '/api/v1/features/PAY-1/scores')).status, 401);
  assert.deepEqual(await scores('PAY-1'), was, 'nothing changed');
  assert.equal(await k.auditCount(), audit, 'no audit record');
});

test('every framework: value vs effort, MoSCoW, Kano by answers or category, RICE and ICE in the feature', async () => {
  let r = await put('PAY-3', 'value_effort', { value: 1, effort: 8 });
  assert.equal(r.json.score, 0.125);
  assert.equal(r.json.display, '0.13');
  r = await put('PAY-3', 'moscow', { category: 'should' });
  assert.equal(r.json.display, 'should');
  assert.equal(r.json.label, 'should');
  assert.equal(r.json.score, 3);
  r = await put('PAY-3', 'kano', { functional: 'neutral', dysfunctional: 'dislike' });
  assert.equal(r.json.label, 'must_be');
  assert.equal(r.json.explain, 'functional neutral, dysfunctional dislike → must_be = 5 of 5');
  r = await put('PAY-4', 'kano', { category: 'attractive' });
  assert.equal(r.json.score, 3);
  // RICE (Intercom's example) through the new route lands in the feature's columns.
  r = await put('PAY-3', 'rice', { reach: 450, impact: 3, confidence: 100, effort: 2 });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.score, 675);
  const f = await k.api('GET', '/api/v1/features/PAY-3', { token: T.viewer });
  assert.equal(f.json.rice.reach, 450);
  r = await put('PAY-3', 'ice', { impact: 8, confidence: 6, ease: 5 });
  assert.equal(r.json.display, '240');
  const s = await scores('PAY-3');
  assert.deepEqual(s.items.filter((x) => x.scored).map((x) => x.framework), ['rice', 'ice', 'value_effort', 'moscow', 'kano']);
  const del = await k.api('DELETE', '/api/v1/features/PAY-3/scores/ice', { token: T.pm });
  assert.equal(del.status, 200, del.text);
  assert.equal((await k.api('GET', '/api/v1/features/PAY-3', { token: T.viewer })).json.ice, null);
  // The CLI reads what the API wrote.
  const cli = await k.cliJson(['feature', 'scores', 'PAY-3']);
  assert.equal(cli.items.find((x) => x.framework === 'kano').label, 'must_be');
});

test('criteria: weights, rescoring in the same change, refusals, versions', async () => {
  const add = (body, token = T.pm) => k.api('POST', '/api/v1/products/PAY/criteria', { token, body });
  const rev = await add({ name: 'Revenue', weight: 3 });
  assert.equal(rev.status, 201, rev.text);
  assert.equal(rev.etag, '"1"');
  const fit = await add({ name: 'Strategic fit', weight: 1 });
  assert.equal(fit.status, 201, fit.text);
  assert.equal((await add({ name: 'Revenue', weight: 2 })).status, 409);
  for (const [body, field] of [
    [{ name: 'Neg', weight: -1 }, 'weight'],
    [{ name: '', weight: 1 }, 'name'],
    [{ name: 'W' }, 'weight'],
    [{ name: 'W', weight: 'heavy' }, 'weight'],
    [{ name: 'W', weight: 1, objective_id: 999 }, 'objective_id'],
  ]) {
    const bad = await add(body);
    assert.equal(bad.status, 422, bad.text);
    assert.equal(bad.json.error.field, field);
  }
  assert.equal((await add({ name: 'X', weight: 1 }, T.contributor)).status, 403);
  let r = await put('PAY-1', 'weighted', { Revenue: 8, 'Strategic fit': 5 });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.score, 7.25);
  assert.equal(r.json.explain, '(3 × 8 + 1 × 5) ÷ 4 = 7.25');
  r = await put('PAY-2', 'weighted', { Revenue: 2, 'Strategic fit': 10 });
  assert.equal(r.json.score, 4);
  assert.equal((await put('PAY-3', 'weighted', { Revenue: 2 })).json.error.field, 'Strategic fit');
  assert.equal((await put('PAY-3', 'weighted', { Revenue: 2, 'Strategic fit': 11 })).json.error.field, 'Strategic fit');
  assert.equal((await put('PAY-3', 'weighted', { Revenue: 2, 'Strategic fit': 1, Speed: 3 })).status, 400);
  let rank = await k.api('GET', '/api/v1/products/PAY/ranking?framework=weighted', { token: T.viewer });
  assert.deepEqual(rank.json.items.map((x) => x.key), ['PAY-1', 'PAY-2']);
  // A new weight rescores both at once: PAY-1 = (24 + 45) / 12 = 5.75, PAY-2 = (6 + 90) / 12 = 8.
  const stale = await k.api('PATCH', `/api/v1/criteria/${fit.json.id}`, { token: T.pm, body: { weight: 9 }, ifMatch: 7 });
  assert.equal(stale.status, 412, stale.text);
  const noVersion = await k.api('PATCH', `/api/v1/criteria/${fit.json.id}`, { token: T.pm, body: { weight: 9 } });
  assert.equal(noVersion.status, 428, noVersion.text);
  const w = await k.api('PATCH', `/api/v1/criteria/${fit.json.id}`, { token: T.pm, body: { weight: 9 }, ifMatch: 1 });
  assert.equal(w.status, 200, w.text);
  assert.equal(w.etag, '"2"');
  rank = await k.api('GET', '/api/v1/products/PAY/ranking?framework=weighted', { token: T.viewer });
  assert.deepEqual(rank.json.items.map((x) => [x.key, x.score]), [['PAY-2', 8], ['PAY-1', 5.75]]);
  // All weights 0 is refused and changes nothing.
  const z1 = await k.api('PATCH', `/api/v1/criteria/${rev.json.id}`, { token: T.pm, body: { weight: 0 }, ifMatch: 1 });
  assert.equal(z1.status, 200, z1.text);
  const z2 = await k.api('PATCH', `/api/v1/criteria/${fit.json.id}`, { token: T.pm, body: { weight: 0 }, ifMatch: 2 });
  assert.equal(z2.status, 422, z2.text);
  assert.equal(z2.json.error.field, 'weight');
  const list = await k.api('GET', '/api/v1/products/PAY/criteria', { token: T.viewer });
  assert.deepEqual(list.json.items.map((c) => [c.name, c.weight]), [['Revenue', 0], ['Strategic fit', 9]]);
  // Removing Revenue through the CLI rescores: only Strategic fit counts.
  const rm = await k.cli(['criterion', 'remove', String(rev.json.id), '--if-version', '2']);
  assert.equal(rm.code, 0, rm.stderr);
  rank = await k.cliJson(['feature', 'rank', '--product', 'PAY', '--by', 'weighted']);
  assert.deepEqual(rank.items.map((x) => [x.key, x.score]), [['PAY-2', 10], ['PAY-1', 5]]);
  const del = await k.api('DELETE', `/api/v1/criteria/${fit.json.id}`, { token: T.pm, ifMatch: 1 });
  assert.equal(del.status, 412, del.text);
  const cliAdd = await k.cliJson(['criterion', 'add', '--product', 'PAY', '--name', 'Reach', '--weight', '2']);
  assert.equal(cliAdd.weight, 2);
  const bad = await k.cli(['criterion', 'edit', String(cliAdd.id), '--weight', '-2']);
  assert.equal(bad.code, 3, bad.stderr);
  assert.match(bad.stderr, /weight/);
});

test('main framework and rankings: default, ties in backlog order, paging, bad parameters', async () => {
  await put('PAY-4', 'wsjf', WSJF); // 3.2, the same as PAY-1: PAY-1 is higher in the backlog
  await put('PAY-3', 'wsjf', { business_value: 20, time_criticality: 20, risk_reduction: 20, job_size: 1 });
  const p = await k.api('GET', '/api/v1/products/PAY', { token: T.pm });
  const noMatch = await k.api('PUT', '/api/v1/products/PAY/framework', { token: T.pm, body: { main_framework: 'wsjf' } });
  assert.equal(noMatch.status, 428, noMatch.text);
  const bad = await k.api('PUT', '/api/v1/products/PAY/framework', { token: T.pm, body: { main_framework: 'best' }, ifMatch: p.json.version });
  assert.equal(bad.status, 422, bad.text);
  assert.equal(bad.json.error.field, 'main_framework');
  const ok = await k.api('PUT', '/api/v1/products/PAY/framework', { token: T.pm, body: { main_framework: 'wsjf' }, ifMatch: p.json.version });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.etag, `"${p.json.version + 1}"`);
  const stale = await k.api('PUT', '/api/v1/products/PAY/framework', { token: T.pm, body: { main_framework: 'kano' }, ifMatch: p.json.version });
  assert.equal(stale.status, 412, stale.text);
  let rank = await k.api('GET', '/api/v1/products/PAY/ranking', { token: T.viewer });
  assert.equal(rank.json.framework, 'wsjf');
  assert.deepEqual(rank.json.items.map((x) => [x.place, x.key, x.display]), [[1, 'PAY-3', '60'], [2, 'PAY-1', '3.2'], [3, 'PAY-4', '3.2'], [4, 'PAY-2', '0.2']]);
  rank = await k.api('GET', '/api/v1/products/PAY/ranking?limit=2&offset=2', { token: T.viewer });
  assert.deepEqual(rank.json.items.map((x) => x.key), ['PAY-4', 'PAY-2']);
  assert.equal(rank.json.next_offset, null);
  for (const [q, status] of [['?limit=0', 422], ['?limit=x', 422], ['?framework=magic', 404], ['?sort=wsjf', 400]]) {
    const r = await k.api('GET', `/api/v1/products/PAY/ranking${q}`, { token: T.viewer });
    assert.equal(r.status, status, `${q}: ${r.text}`);
  }
  assert.equal((await k.api('GET', '/api/v1/products/NOPE/ranking', { token: T.viewer })).status, 404);
  assert.equal((await scores('PAY-1')).main_framework, 'wsjf');
  const cli = await k.cli(['product', 'framework', 'PAY', 'moscow', '--user', 'contributor@keel.test']);
  assert.equal(cli.code, 5, cli.stderr);
  const shown = await k.cliJson(['product', 'framework', 'PAY']);
  assert.equal(shown.main_framework, 'wsjf');
});

test('CLI: scoring prints the arithmetic; the API reads it; --clear; usage errors', async () => {
  const r = await k.cli(['feature', 'score', 'PAY-4', 'value_effort', 'value=9', 'effort=2']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /9 value ÷ 2 effort = 4\.5/);
  assert.equal(item(await scores('PAY-4'), 'value_effort').score, 4.5);
  const bad = await k.cli(['feature', 'score', 'PAY-4', 'wsjf', 'business_value=8', 'time_criticality=5', 'risk_reduction=3', 'job_size=6']);
  assert.equal(bad.code, 3, bad.stderr);
  assert.match(bad.stderr, /job_size/);
  assert.equal(item(await scores('PAY-4'), 'wsjf').display, '3.2', 'unchanged');
  assert.equal((await k.cli(['feature', 'score', 'PAY-4', 'wsjf', 'business_value'])).code, 2);
  assert.equal((await k.cli(['feature', 'score', 'PAY-4', 'nope', 'a=1'])).code, 4);
  const clear = await k.cli(['feature', 'score', 'PAY-4', '--clear', 'value_effort']);
  assert.equal(clear.code, 0, clear.stderr);
  assert.equal(item(await scores('PAY-4'), 'value_effort').scored, false);
  const table = await k.cli(['feature', 'scores', 'PAY-4']);
  assert.match(table.stdout, /WSJF \*\s+3\.2\s+\(8 \+ 5 \+ 3\) ÷ 5 = 3\.2/);
});

test('history: score changes are in the feature history with before and after', async () => {
  await put('PAY-2', 'wsjf', { business_value: 2, time_criticality: 2, risk_reduction: 1, job_size: 20 });
  const h = await k.api('GET', '/api/v1/features/PAY-2/history', { token: T.viewer });
  assert.equal(h.status, 200, h.text);
  const e = h.json.items.find((x) => x.action === 'feature.score' && JSON.stringify(x).includes('0.3'));
  assert.ok(e, h.text.slice(0, 500));
  assert.ok(JSON.stringify(e).includes('0.2'), 'the score before is kept');
});

test('pages: the feature section, the forms, the product scoring page, hostile names escaped', async () => {
  const web = await k.session('pm@keel.test', PASSWORD);
  const add = await k.api('POST', '/api/v1/products/PAY/criteria', { token: T.pm, body: { name: HOSTILE, weight: 1 } });
  assert.equal(add.status, 201, add.text);
  let page = await web.get('/features/PAY-1');
  assert.equal(page.status, 200);
  assertHtmlDocument(page.text, 'feature page');
  assert.match(page.text, /<h2>Scoring frameworks<\/h2>/);
  assert.match(htmlDecode(page.text), /\(8 \+ 5 \+ 3\) ÷ 5 = 3\.2/);
  assert.match(page.text, /<tr class="main"><th scope="row">WSJF \(main\)<\/th>/);
  assert.ok(!page.text.includes('<script>alert(1)'), 'criterion name escaped');
  await web.refreshCsrf('/features/PAY-1');
  const v = (await k.api('GET', '/api/v1/features/PAY-1', { token: T.pm })).json.version;
  let r = await web.post('/features/PAY-1/scores/moscow', { version: String(v), category: 'could' });
  assert.equal(r.status, 303, r.text.slice(0, 300));
  assert.equal(item(await scores('PAY-1'), 'moscow').label, 'could');
  r = await web.post('/features/PAY-1/scores/moscow', { version: String(v), category: 'must' });
  assert.equal(r.status, 412, 'a stale form is refused');
  r = await web.post('/features/PAY-1/scores/wsjf', { version: String(v + 1), business_value: '8', time_criticality: '5', risk_reduction: '3', job_size: '7' });
  assert.equal(r.status, 422);
  assert.match(htmlDecode(r.text), /job_size/);
  assert.equal(item(await scores('PAY-1'), 'moscow').label, 'could');
  r = await web.post('/features/PAY-1/scores/moscow', { version: String(v + 1) }, { csrf: null });
  assert.equal(r.status, 403, 'no CSRF token');
  page = await web.get('/products/PAY/scoring');
  assert.equal(page.status, 200);
  assert.match(page.text, /Ranking by WSJF/);
  assert.match(page.text, /href="\/features\/PAY-3"/);
  assert.ok(!page.text.includes('<script>alert(1)'));
  const viewerWeb = await k.session('viewer@keel.test', PASSWORD);
  const vp = await viewerWeb.get('/features/PAY-1');
  assert.equal(vp.status, 200);
  assert.ok(!vp.text.includes('action="/features/PAY-1/scores/'), 'no score forms for a viewer');
  console.log(`scores: ${checkCount()} checks`);
});
