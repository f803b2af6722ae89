// matrix.test.mjs — the impact vs effort matrix through the real binary, on
// SQLite and PostgreSQL: features scored in value vs effort land in the
// quadrant their scores say (the middle counts as high), best first; shipped
// features and features without the score stay off it (and are counted);
// the API, the CLI (text and --json, the same JSON) and the pages (the SVG
// inline and on its own, each point a link to its feature, stored text
// escaped); filters by product and team; bad filters refused.
import { after, before, test } from 'node:test';

import { assert, assertHtmlDocument, Keel, PASSWORD } from './lib.mjs';

let k;
let T; // role -> API token
const keys = {};

async function ok(method, p, { token = T.pm, body, ifMatch, status } = {}) {
  const r = await k.api(method, p, { token, body, ifMatch });
  if (status) assert.equal(r.status, status, `${method} ${p}: ${r.text}`);
  else assert.ok(r.status >= 200 && r.status < 300, `${method} ${p}: ${r.status} ${r.text}`);
  return r.json;
}

const feature = async (product, title) =>
  (await ok('POST', '/api/v1/features', { body: { product, title }, status: 201 })).key;
const score = (key, value, effort) =>
  ok('PUT', `/api/v1/features/${key}/scores/value_effort`, { body: { value, effort }, status: 200 });

before(async () => {
  k = await Keel.start();
  T = Object.fromEntries(Object.entries(k.users).map(([r, u]) => [r, u.token]));
  await ok('POST', '/api/v1/products', { body: { key: 'PAY', name: 'Payments' }, status: 201 });
  await ok('POST', '/api/v1/products', { body: { key: 'INS', name: 'Insights' }, status: 201 });
  keys.quick = await feature('PAY', 'Apple Pay <b>now</b>');
  keys.bet = await feature('PAY', 'Multi-currency');
  keys.mid = await feature('PAY', 'On the middle');
  keys.sink = await feature('PAY', 'Invoice logos');
  keys.fill = await feature('PAY', 'Remember the card');
  keys.unscored = await feature('PAY', 'Not scored yet');
  keys.shipped = await feature('PAY', 'Shipped already');
  keys.ins = await feature('INS', 'Dashboards');
  await score(keys.quick, 9, 2);
  await score(keys.bet, 8, 8);
  await score(keys.mid, 6, 5);
  await score(keys.sink, 2, 9);
  await score(keys.fill, 3, 2);
  await score(keys.shipped, 10, 1);
  await score(keys.ins, 7, 3);
  await ok('PATCH', `/api/v1/features/${keys.shipped}`, { body: { status: 'shipped' }, ifMatch: '*' });
});
after(async () => {
  await k?.stop();
});

test('the API puts each open scored feature in its quadrant, best first, and counts the unscored', async () => {
  const m = await ok('GET', '/api/v1/matrix?product=PAY', { token: T.viewer });
  assert.equal(m.product, 'PAY');
  assert.equal(m.midpoint, 5.5);
  assert.deepEqual(
    m.points.map((p) => [p.key, p.quadrant]),
    [
      [keys.quick, 'quick_wins'],
      [keys.bet, 'big_bets'],
      [keys.mid, 'quick_wins'], // 6 is high value, 5 low effort: the lines cross at 5.5
      [keys.fill, 'fill_ins'],
      [keys.sink, 'time_sinks'],
    ],
  );
  assert.deepEqual(
    Object.fromEntries(Object.entries(m.quadrants).map(([q, v]) => [q, v.count])),
    { quick_wins: 2, big_bets: 1, fill_ins: 1, time_sinks: 1 },
  );
  assert.equal(m.quadrants.quick_wins.label, 'Quick wins');
  assert.equal(m.unscored, 1); // keys.unscored; the shipped one is not open
  const p = m.points[0];
  assert.deepEqual(p, { key: keys.quick, title: 'Apple Pay <b>now</b>', status: 'candidate', value: 9, effort: 2, quadrant: 'quick_wins' });
  const all = await ok('GET', '/api/v1/matrix', { token: T.viewer });
  assert.equal(all.product, null);
  assert.equal(all.points.length, 6);
  assert.ok(all.points.some((x) => x.key === keys.ins));
  // A score changes: the point moves to its new quadrant.
  await score(keys.sink, 9, 9);
  const moved = await ok('GET', '/api/v1/matrix?product=PAY', { token: T.viewer });
  assert.equal(moved.points.find((x) => x.key === keys.sink).quadrant, 'big_bets');
  await score(keys.sink, 2, 9);
});

test('filters by team and initiative (ids or names within the product)', async () => {
  const core = await ok('POST', '/api/v1/teams', { body: { product: 'PAY', name: 'Core' }, status: 201 });
  await ok('POST', '/api/v1/teams', { body: { product: 'INS', name: 'Core' }, status: 201 });
  for (const key of [keys.quick, keys.sink, keys.unscored])
    await ok('PATCH', `/api/v1/features/${key}`, { body: { team: 'Core' }, ifMatch: '*' });
  const growth = await ok('POST', '/api/v1/products/PAY/initiatives', { body: { name: 'Growth' }, status: 201 });
  await ok('PUT', `/api/v1/features/${keys.bet}/initiative`, { body: { initiative: 'Growth' } });
  const byTeam = await ok('GET', '/api/v1/matrix?product=PAY&team=Core', { token: T.viewer });
  assert.deepEqual(byTeam.points.map((p) => p.key), [keys.quick, keys.sink]);
  assert.equal(byTeam.unscored, 1);
  const byId = await ok('GET', `/api/v1/matrix?team=${core.id}`, { token: T.viewer });
  assert.deepEqual(byId.points.map((p) => p.key), [keys.quick, keys.sink]);
  const byInitiative = await ok('GET', '/api/v1/matrix?product=PAY&initiative=Growth', { token: T.viewer });
  assert.deepEqual(byInitiative.points.map((p) => p.key), [keys.bet]);
  const both = await ok('GET', `/api/v1/matrix?product=PAY&team=Core&initiative=${growth.id}`, { token: T.viewer });
  assert.deepEqual(both.points, []);
  // The page offers the product's teams and initiatives, the chosen ones selected.
  const w = await k.session('viewer@keel.test', PASSWORD);
  const page = await w.get(`/matrix?product=PAY&team=${core.id}`);
  assert.equal(page.status, 200);
  assert.ok(page.text.includes(`<option value="${core.id}" selected>Core</option>`), 'the team is selected');
  assert.ok(page.text.includes(`<option value="${growth.id}">Growth</option>`), 'initiatives offered');
  assert.equal((page.text.match(/<circle /g) || []).length, 2);
  const cli = await k.cliJson(['matrix', '--product', 'PAY', '--team', 'Core']);
  assert.deepEqual(cli, byTeam);
});

test('bad filters are refused, naming the filter', async () => {
  let r = await k.api('GET', '/api/v1/matrix?product=NOPE', { token: T.viewer });
  assert.equal(r.status, 422, r.text);
  assert.equal(r.json.error.field, 'product');
  r = await k.api('GET', '/api/v1/matrix?product=PAY&team=Nobody', { token: T.viewer });
  assert.equal(r.status, 422, r.text);
  assert.equal(r.json.error.field, 'team');
  r = await k.api('GET', '/api/v1/matrix?initiative=999', { token: T.viewer });
  assert.equal(r.status, 422, r.text);
  assert.equal(r.json.error.field, 'initiative');
  r = await k.api('GET', '/api/v1/matrix?quadrant=quick_wins', { token: T.viewer });
  assert.equal(r.status, 400, r.text);
  assert.equal(r.json.error.field, 'quadrant');
  r = await k.api('GET', '/api/v1/matrix');
  assert.equal(r.status, 401, r.text);
});

test('keel matrix prints the quadrants, and --json is what the API returns', async () => {
  const r = await k.cli(['matrix', '--product', 'PAY']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /impact vs effort of PAY: 5 features/);
  assert.match(r.stdout, /Quick wins \(2\): high value, little effort/);
  assert.ok(r.stdout.includes(`${keys.quick}`) && r.stdout.includes('Apple Pay <b>now</b>'), r.stdout);
  assert.match(r.stdout, /1 open feature without a value vs effort score/);
  const j = await k.cliJson(['matrix', '--product', 'PAY']);
  const api = await ok('GET', '/api/v1/matrix?product=PAY', { token: T.viewer });
  assert.deepEqual(j, api);
  const bad = await k.cli(['matrix', '--product', 'NOPE']);
  assert.notEqual(bad.code, 0);
  assert.match(bad.stderr, /no product NOPE/);
});

test('the page draws the matrix: quadrants, a link per point, text escaped; the SVG stands alone', async () => {
  const w = await k.session('viewer@keel.test', PASSWORD);
  const page = await w.get('/matrix?product=PAY');
  assert.equal(page.status, 200);
  assertHtmlDocument(page.text, '/matrix');
  const svg = page.text.slice(page.text.indexOf('<svg'), page.text.indexOf('</svg>') + 6);
  assert.ok(svg.length > 100, 'an inline SVG');
  for (const label of ['Quick wins (2)', 'Big bets (1)', 'Fill-ins (1)', 'Time sinks (1)']) assert.ok(svg.includes(label), label);
  const links = [...svg.matchAll(/<a href="\/features\/([A-Z]+-\d+)"><circle /g)].map((m) => m[1]);
  assert.deepEqual(links.sort(), [keys.quick, keys.bet, keys.mid, keys.fill, keys.sink].sort());
  assert.ok(!page.text.includes('<b>now</b>'), 'titles are escaped');
  assert.ok(svg.includes('Apple Pay &lt;b&gt;now&lt;/b&gt; — value 9, effort 2'), svg);
  assert.ok(page.text.includes('1 open feature without a value vs effort score is not drawn'), 'unscored counted');
  assert.ok(page.text.includes('href="/matrix.svg?product=PAY"'));

  const alone = await w.get('/matrix.svg?product=PAY');
  assert.equal(alone.status, 200);
  assert.match(alone.headers.get('content-type'), /^image\/svg\+xml/);
  assert.ok(alone.text.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg"'));
  assert.equal((alone.text.match(/<circle /g) || []).length, 5);

  const bad = await w.get('/matrix?product=NOPE');
  assert.equal(bad.status, 422);
  assert.match(bad.text, /there is no product NOPE/);
});
