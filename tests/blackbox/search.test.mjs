// search.test.mjs — full-text search, duplicate suggestions and merging ideas
// through the real binary, on SQLite and PostgreSQL: the API contract
// (items with type, id, snippet and match offsets; type filter; paging; no
// match), search input that looks like engine syntax, similar ideas (the
// near-duplicate first, never the idea itself or a merged one), merging
// (votes, feedback links and followers move; refusals with the right status
// codes), the CLI, and the pages (highlights in <mark>, stored text escaped).
import { after, before, test } from 'node:test';

import { assert, assertHtmlDocument, checkCount, htmlDecode, Keel, PASSWORD, Web } from './lib.mjs';

let k;
let T; // role -> API token
const E = { viewer: 'viewer@keel.test', contributor: 'contributor@keel.test', pm: 'pm@keel.test', admin: 'admin@keel.test' };
const ideas = {};
let feature, fb, hostileFb, hostileIdea;

async function ok(method, p, { token = T.pm, body, ifMatch, status } = {}) {
  const r = await k.api(method, p, { token, body, ifMatch });
  if (status) assert.equal(r.status, status, `${method} ${p}: ${r.text}`);
  else assert.ok(r.status >= 200 && r.status < 300, `${method} ${p}: ${r.status} ${r.text}`);
  return r.json;
}

const idea = (title, description, product = 'PAY', token = T.contributor) =>
  ok('POST', '/api/v1/ideas', { token, body: { product, title, description, source: 'customer' }, status: 201 });

/** The text of each match of a search item's snippet (offsets count code points). */
const matched = (text, ranges) => ranges.map(([s, e]) => [...text].slice(s, e).join(''));

before(async () => {
  k = await Keel.start();
  T = Object.fromEntries(Object.entries(k.users).map(([r, u]) => [r, u.token]));
  await ok('POST', '/api/v1/products', { body: { key: 'PAY', name: 'Payments' }, status: 201 });
  await ok('POST', '/api/v1/products', { body: { key: 'HR', name: 'People' }, status: 201 });
  ideas.a = await idea('Export invoices to CSV', 'Finance wants to export every invoice as a CSV file each month for the accountants.');
  ideas.b = await idea('CSV export of invoices', 'Our accountants need the invoices exported to CSV every month.');
  ideas.c = await idea('Dark mode for the dashboard', 'The screen is far too bright at night.');
  for (let n = 1; n <= 5; n++) await idea(`Webhook retries, case ${n}`, `Deliveries fail when the receiver is down (${n}).`);
  feature = await ok('POST', '/api/v1/features', { body: { product: 'PAY', title: 'Invoice CSV export', description: 'Download invoices as a spreadsheet.' }, status: 201 });
  fb = await ok('POST', '/api/v1/feedback', { body: { text: 'We cannot export our invoices as CSV; finance copies the numbers by hand every month.', product: 'PAY' }, status: 201 });
  hostileFb = await ok('POST', '/api/v1/feedback', { body: { text: '<script>alert(1)</script> zebrafish & "quotes" everywhere' }, status: 201 });
  hostileIdea = await idea('<b>Zebrafish</b> tank', 'Fish <img src=x onerror=alert(2)>.', 'HR');
});
after(async () => {
  await k?.stop();
});

test('search finds feedback, ideas and features by their words, with the matches marked', async () => {
  const r = await k.api('GET', '/api/v1/search?q=export%20csv', { token: T.viewer });
  assert.equal(r.status, 200, r.text);
  const types = new Set(r.json.items.map((i) => i.type));
  assert.deepEqual([...types].sort(), ['feature', 'feedback', 'idea']);
  const ids = (t) => r.json.items.filter((i) => i.type === t).map((i) => i.id).sort((x, y) => x - y);
  assert.deepEqual(ids('idea'), [ideas.a.id, ideas.b.id]);
  assert.deepEqual(ids('feedback'), [fb.id]);
  const f = r.json.items.find((i) => i.type === 'feature');
  assert.equal(f.key, feature.key);
  assert.equal(f.url, `/features/${feature.key}`);
  assert.equal(f.title, 'Invoice CSV export');
  assert.deepEqual(matched(f.title, f.title_matches), ['CSV', 'export']);
  const item = r.json.items.find((i) => i.type === 'feedback');
  assert.equal(item.url, `/feedback/${fb.id}`);
  assert.equal(item.title, null);
  assert.ok(item.snippet.includes('export our invoices as CSV'), item.snippet);
  assert.deepEqual(matched(item.snippet, item.matches).map((m) => m.toLowerCase()), ['export', 'csv']);
  const a = r.json.items.find((i) => i.id === ideas.a.id && i.type === 'idea');
  assert.equal(a.url, `/ideas/${ideas.a.id}`);
  assert.equal(a.product, 'PAY');
  assert.equal(a.status, 'new');
  assert.equal(typeof a.rank, 'number');
  // Stemming: "exported" in idea b's description matched "export".
  const b = r.json.items.find((i) => i.id === ideas.b.id && i.type === 'idea');
  assert.ok(matched(b.snippet, b.matches).includes('exported'), JSON.stringify(b));
  // Ranked best first: the ranks never go up.
  for (let i = 1; i < r.json.items.length; i++) assert.ok(r.json.items[i - 1].rank >= r.json.items[i].rank);
  assert.equal(r.json.next, null);
});

test('search: type filter, product filter, phrases, exclusions, prefixes, no match', async () => {
  const get = async (q) => {
    const r = await k.api('GET', `/api/v1/search?${q}`, { token: T.viewer });
    assert.equal(r.status, 200, `${q}: ${r.text}`);
    return r.json.items;
  };
  assert.deepEqual((await get('q=invoices&type=feedback')).map((i) => [i.type, i.id]), [['feedback', fb.id]]);
  const two = await get('q=invoices&type=idea,feature');
  assert.deepEqual([...new Set(two.map((i) => i.type))].sort(), ['feature', 'idea']);
  assert.deepEqual(await get('q=invoices&product=HR'), []);
  // A phrase: the words next to each other, in order.
  assert.deepEqual((await get('q=%22csv%20export%22&type=idea')).map((i) => i.id), [ideas.b.id]);
  // -word leaves out what holds it.
  const notA = (await get('q=invoices%20-finance&type=idea')).map((i) => i.id);
  assert.deepEqual(notA, [ideas.b.id]);
  // prefix*
  assert.deepEqual((await get('q=dashb*')).map((i) => i.id), [ideas.c.id]);
  assert.deepEqual(await get('q=xylophone'), []);
  // Text that is syntax to the engines is only words here.
  for (const q of ['"unbalanced', 'csv OR dark', 'NEAR(csv dark)', 'title:csv', 'csv AND -', '^csv', "csv') OR 1=1 --", 'csv:* & !', '(csv']) {
    const r = await k.api('GET', `/api/v1/search?q=${encodeURIComponent(q)}`, { token: T.viewer });
    assert.equal(r.status, 200, `${q}: ${r.text}`);
  }
  // OR is a word like any other: nothing holds "csv", "or" and "dark"... "or" is a common word, dropped.
  assert.deepEqual((await get('q=csv%20OR%20dark')), []);
});

test('search pages through results with limit and after', async () => {
  const seen = [];
  let after = '';
  for (let page = 0; page < 5; page++) {
    const r = await k.api('GET', `/api/v1/search?q=webhook&limit=2${after ? `&after=${encodeURIComponent(after)}` : ''}`, { token: T.viewer });
    assert.equal(r.status, 200, r.text);
    assert.ok(r.json.items.length <= 2);
    seen.push(...r.json.items.map((i) => i.id));
    if (!r.json.next) break;
    after = r.json.next;
  }
  assert.equal(seen.length, 5);
  assert.equal(new Set(seen).size, 5);
});

test('search refuses bad input with the field at fault', async () => {
  const cases = [
    ['q=', 422, 'q'],
    ['type=idea', 422, 'q'],
    ['q=the%20and', 422, 'q'],
    ['q=-csv', 422, 'q'],
    [`q=${'a'.repeat(201)}`, 422, 'q'],
    ['q=csv&type=bugs', 422, 'type'],
    ['q=csv&limit=0', 422, 'limit'],
    ['q=csv&limit=101', 422, 'limit'],
    ['q=csv&after=12', 422, 'after'],
    ['q=csv&product=NOPE', 422, 'product'],
    ['q=csv&sort=new', 400, null],
  ];
  for (const [q, status, field] of cases) {
    const r = await k.api('GET', `/api/v1/search?${q}`, { token: T.viewer });
    assert.equal(r.status, status, `${q}: ${r.text}`);
    if (field) assert.equal(r.json.error.field, field, q);
  }
  assert.equal((await k.api('GET', '/api/v1/search?q=csv')).status, 401);
  await k.addUser('portal', 'portal@keel.test', 'Polly Portal');
  const portal = await k.token('portal@keel.test');
  assert.equal((await k.api('GET', '/api/v1/search?q=csv', { token: portal })).status, 403);
  assert.equal((await k.api('GET', `/api/v1/ideas/${ideas.a.id}/similar`, { token: portal })).status, 403);
});

test('similar ideas: the near-duplicate first, never the idea itself', async () => {
  const r = await k.api('GET', `/api/v1/ideas/${ideas.a.id}/similar`, { token: T.viewer });
  assert.equal(r.status, 200, r.text);
  assert.ok(r.json.items.length >= 1);
  assert.equal(r.json.items[0].id, ideas.b.id);
  assert.equal(r.json.items[0].title, 'CSV export of invoices');
  assert.equal(r.json.items[0].type, 'idea');
  assert.ok(r.json.items[0].similarity > 0.3 && r.json.items[0].similarity <= 1, JSON.stringify(r.json));
  assert.ok(!r.json.items.some((i) => i.id === ideas.a.id));
  assert.ok(!r.json.items.some((i) => i.id === ideas.c.id));
  const none = await k.api('GET', `/api/v1/ideas/${ideas.c.id}/similar`, { token: T.viewer });
  assert.deepEqual(none.json.items, []);
  assert.equal((await k.api('GET', '/api/v1/ideas/9999/similar', { token: T.viewer })).status, 404);
  // Before submitting: the same shape, for a title and description being typed.
  const t = await k.api('GET', `/api/v1/ideas/similar?title=${encodeURIComponent('Invoices as CSV export')}&product=PAY`, { token: T.contributor });
  assert.equal(t.status, 200, t.text);
  assert.deepEqual(t.json.items.slice(0, 2).map((i) => i.id).sort((x, y) => x - y), [ideas.a.id, ideas.b.id]);
  const same = await k.api('GET', `/api/v1/ideas/similar?title=${encodeURIComponent('CSV export of invoices')}&description=${encodeURIComponent('Our accountants need the invoices exported to CSV every month.')}`, { token: T.viewer });
  assert.equal(same.json.items[0].id, ideas.b.id);
  assert.equal(same.json.items[0].similarity, 1);
  const other = await k.api('GET', `/api/v1/ideas/similar?title=${encodeURIComponent('Invoices as CSV export')}&product=HR`, { token: T.viewer });
  assert.deepEqual(other.json.items, []);
  const empty = await k.api('GET', '/api/v1/ideas/similar?title=%20', { token: T.viewer });
  assert.equal(empty.status, 422);
  assert.equal(empty.json.error.field, 'title');
  assert.equal((await k.api('GET', '/api/v1/ideas/similar?title=x&colour=red', { token: T.viewer })).status, 400);
  // Feedback: the ideas and features its text resembles.
  const f = await k.api('GET', `/api/v1/feedback/${fb.id}/similar`, { token: T.viewer });
  assert.equal(f.status, 200, f.text);
  const kinds = f.json.items.map((i) => `${i.type}:${i.type === 'feature' ? i.key : i.id}`);
  assert.ok(kinds.includes(`idea:${ideas.a.id}`), kinds.join());
  assert.ok(kinds.includes(`feature:${feature.key}`) || kinds.includes(`idea:${ideas.b.id}`), kinds.join());
  // CLI: keel idea similar
  const cli = await k.cliJson(['idea', 'similar', String(ideas.a.id)]);
  assert.equal(cli.items[0].id, ideas.b.id);
});

test('merge: votes, feedback links and followers move; the merged idea says where it went', async () => {
  const x = await idea('Bulk refunds from the order list', 'Refund many orders in one go from the order list.');
  const y = await idea('Refund several orders at once', 'Select orders and refund them together.', 'PAY', T.pm);
  // Votes: contributor and pm on x, pm on y (pm voted for both: counts once).
  for (const role of ['contributor', 'pm']) await ok('POST', `/api/v1/ideas/${x.id}/vote`, { token: T[role] });
  await ok('POST', `/api/v1/ideas/${y.id}/vote`, { token: T.pm });
  // Feedback linked to both (x: critical, no quote; y: nice to have, a quote) and to x only.
  const f1 = await ok('POST', '/api/v1/feedback', { body: { text: 'Refunding orders one by one takes all day.', product: 'PAY' }, status: 201 });
  const f2 = await ok('POST', '/api/v1/feedback', { body: { text: 'Please let us refund in bulk.', product: 'PAY' }, status: 201 });
  await ok('POST', `/api/v1/feedback/${f1.id}/link`, { body: { idea: x.id, importance: 'critical' } });
  await ok('POST', `/api/v1/feedback/${f1.id}/link`, { body: { idea: y.id, importance: 'nice_to_have', quote: 'one by one' } });
  await ok('POST', `/api/v1/feedback/${f2.id}/link`, { body: { idea: x.id, importance: 'important', quote: 'refund in bulk' } });
  // Followers: the admin follows x; the viewer follows both.
  await ok('POST', `/api/v1/ideas/${x.id}/follow`, { token: T.admin });
  await ok('POST', `/api/v1/ideas/${x.id}/follow`, { token: T.viewer });
  await ok('POST', `/api/v1/ideas/${y.id}/follow`, { token: T.viewer });
  const hr = await idea('Refund orders in HR', 'Not the same product.', 'HR');
  const cur = await ok('GET', `/api/v1/ideas/${x.id}`);
  const audit0 = await k.auditCount();

  // Refusals change nothing.
  const merge = (id, body, { token = T.pm, ifMatch } = {}) => k.api('POST', `/api/v1/ideas/${id}/merge`, { token, body, ifMatch });
  assert.equal((await merge(x.id, { into: y.id }, { token: T.viewer, ifMatch: cur.version })).status, 403);
  assert.equal((await merge(x.id, { into: y.id }, { token: T.contributor, ifMatch: cur.version })).status, 403);
  assert.equal((await merge(x.id, { into: y.id })).status, 428);
  assert.equal((await merge(x.id, { into: y.id }, { ifMatch: cur.version + 7 })).status, 412);
  let r = await merge(x.id, { into: x.id }, { ifMatch: cur.version });
  assert.equal(r.status, 422, r.text);
  assert.equal(r.json.error.field, 'into');
  r = await merge(x.id, { into: 99999 }, { ifMatch: cur.version });
  assert.equal(r.status, 422);
  assert.equal(r.json.error.field, 'into');
  r = await merge(x.id, { into: 'two' }, { ifMatch: cur.version });
  assert.equal(r.status, 422);
  assert.equal(r.json.error.field, 'into');
  assert.equal((await merge(x.id, { into: y.id, also: 1 }, { ifMatch: cur.version })).status, 400);
  assert.equal((await merge(x.id, {}, { ifMatch: cur.version })).status, 422);
  r = await merge(x.id, { into: hr.id }, { ifMatch: cur.version });
  assert.equal(r.status, 409, r.text);
  assert.equal(await k.auditCount(), audit0);
  assert.equal((await ok('GET', `/api/v1/ideas/${x.id}`)).version, cur.version);

  // The merge.
  r = await merge(x.id, { into: y.id }, { ifMatch: cur.version });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.status, 'duplicate');
  assert.equal(r.json.duplicate_of, y.id);
  assert.equal(r.json.merged_into, y.id);
  assert.equal(typeof r.json.merged_at, 'string');
  assert.equal(r.json.votes, 0);
  assert.equal(r.etag, `"${r.json.version}"`);
  assert.equal(await k.auditCount(), audit0 + 2);
  const yy = await ok('GET', `/api/v1/ideas/${y.id}`, { token: T.contributor });
  assert.equal(yy.votes, 2); // contributor and pm, each once
  assert.equal(yy.voted, true);
  assert.equal(yy.following, true); // x's submitter follows the survivor
  assert.equal((await ok('GET', `/api/v1/ideas/${y.id}`, { token: T.admin })).following, true);
  assert.equal((await ok('GET', `/api/v1/ideas/${y.id}`, { token: T.viewer })).following, true);
  assert.equal((await ok('GET', `/api/v1/ideas/${x.id}`, { token: T.admin })).following, false);
  const g1 = await ok('GET', `/api/v1/feedback/${f1.id}`);
  assert.equal(g1.links, 1);
  assert.equal(g1.linked.length, 1);
  assert.equal(g1.linked[0].idea, y.id);
  assert.equal(g1.linked[0].importance, 'critical');
  assert.equal(g1.linked[0].quote, 'one by one');
  assert.ok(g1.version > f1.version);
  const g2 = await ok('GET', `/api/v1/feedback/${f2.id}`);
  assert.deepEqual(g2.linked.map((l) => [l.idea, l.quote, l.importance]), [[y.id, 'refund in bulk', 'important']]);
  // Both histories tell it.
  const hx = await ok('GET', `/api/v1/ideas/${x.id}/history`);
  assert.equal(hx.items[0].action, 'idea.merge');
  const hy = await ok('GET', `/api/v1/ideas/${y.id}/history`);
  assert.equal(hy.items[0].action, 'idea.merge_in');
  // The survivor's history holds the merged idea's entries too.
  assert.ok(hy.items.some((e) => e.action === 'idea.merge' && e.entity_id === x.id), JSON.stringify(hy.items.map((e) => [e.action, e.entity_id])));
  assert.ok(hy.items.some((e) => e.action === 'idea.submit' && e.entity_id === x.id));
  // A merged idea is out of the suggestions, and cannot be merged again or into.
  const sim = await ok('GET', `/api/v1/ideas/${y.id}/similar`);
  assert.ok(!sim.items.some((i) => i.id === x.id));
  const merged = await ok('GET', `/api/v1/ideas/${x.id}`);
  r = await merge(x.id, { into: y.id }, { ifMatch: merged.version });
  assert.equal(r.status, 409, r.text);
  const z = await idea('Refund orders in bulk, again', 'Same thing.');
  r = await merge(z.id, { into: x.id }, { ifMatch: z.version });
  assert.equal(r.status, 409, r.text);
  assert.equal(r.json.error.field, 'into');
  assert.ok(r.json.error.message.includes(`idea ${y.id}`), r.text);
  // CLI: keel idea merge
  const cli = await k.cli(['idea', 'merge', String(z.id), '--into', String(y.id)], { user: E.pm });
  assert.equal(cli.code, 0, cli.stderr);
  assert.match(cli.stdout, new RegExp(`idea ${z.id} merged into idea ${y.id}`));
  const shown = await k.cliJson(['idea', 'show', String(z.id)]);
  assert.equal(shown.merged_into, y.id);
  const viewerCli = await k.cli(['idea', 'merge', String(ideas.c.id), '--into', String(y.id)], { user: E.viewer });
  assert.equal(viewerCli.code, 5, viewerCli.stderr);
});

test('CLI: keel search prints matches in brackets, and JSON like the API', async () => {
  const r = await k.cli(['search', 'export csv', '--type', 'idea']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /\[CSV\] \[export\] of invoices/);
  const j = await k.cliJson(['search', 'invoices', '--type', 'feedback']);
  assert.deepEqual(j.items.map((i) => i.id), [fb.id]);
  const bad = await k.cli(['search', 'the and']);
  assert.equal(bad.code, 3, bad.stderr);
});

test('pages: /search highlights with <mark> and escapes stored text; the idea page offers merging to PMs', async () => {
  const pm = await k.session(E.pm, PASSWORD);
  const viewer = await k.session(E.viewer, PASSWORD);
  const s = await viewer.get('/search?q=zebrafish');
  assert.equal(s.status, 200);
  assertHtmlDocument(s.text, '/search');
  assert.ok(!s.text.includes('<script>alert'), 'stored text is escaped');
  assert.ok(s.text.includes('<mark>zebrafish</mark> &amp; &quot;quotes&quot;'), s.text);
  // A title with markup in it: escaped, the match marked.
  assert.ok(s.text.includes(`href="/ideas/${hostileIdea.id}"`), s.text);
  assert.ok(s.text.includes('&lt;b&gt;<mark>Zebrafish</mark>&lt;/b&gt; tank'), s.text);
  assert.ok(s.text.includes(`href="/feedback/${hostileFb.id}"`));
  assert.match(s.text, /class="badge type-feedback">Feedback</);
  const mixed = await viewer.get('/search?q=invoices');
  assert.match(mixed.text, /class="badge type-idea">Idea</);
  assert.match(mixed.text, /class="badge type-feature">Feature</);
  assert.ok(mixed.text.includes(`href="/features/${feature.key}"`));
  const typed = await viewer.get('/search?q=invoices&type=feature');
  assert.ok(!typed.text.includes('type-idea'));
  const none = await viewer.get('/search?q=xylophone');
  assert.ok(htmlDecode(none.text).includes('Nothing matches “xylophone”'));
  const bad = await viewer.get('/search?q=-csv');
  assert.equal(bad.status, 422);
  // The search box in the top navigation, for staff.
  assert.match(s.text, /<form method="get" action="\/search" class="top-search"/);

  // The idea page: "Possibly the same as…" with a merge button for PMs only.
  const page = await pm.get(`/ideas/${ideas.a.id}`);
  assert.ok(page.text.includes('Possibly the same as'), 'panel');
  assert.ok(page.text.includes(`href="/ideas/${ideas.b.id}"`));
  assert.match(page.text, /class="badge sim"[^>]*>\d+%</);
  assert.ok(page.text.includes(`action="/ideas/${ideas.a.id}/merge"`));
  const vpage = await viewer.get(`/ideas/${ideas.a.id}`);
  assert.ok(vpage.text.includes('Possibly the same as'));
  assert.ok(!vpage.text.includes('/merge"'));

  // The submission form checks for duplicates without submitting.
  const contributor = await k.session(E.contributor, PASSWORD);
  const count = (await ok('GET', '/api/v1/ideas?status=all&limit=500')).items.length;
  const check = await contributor.post('/ideas', { product: 'PAY', title: 'CSV export of the invoices', description: '', source: 'customer', check: '1' });
  assert.equal(check.status, 200, check.text.slice(0, 500));
  assert.ok(check.text.includes('Possibly the same as'));
  assert.ok(check.text.includes(`href="/ideas/${ideas.b.id}"`));
  assert.ok(check.text.includes('value="CSV export of the invoices"'), 'the form keeps what was typed');
  assert.equal((await ok('GET', '/api/v1/ideas?status=all&limit=500')).items.length, count);

  // Merging through the form; the survivor shows the merged idea's comments.
  const p = await idea('Pay by bank transfer', 'Customers want to pay invoices by bank transfer.');
  const q = await idea('Bank transfer payments', 'Allow bank transfers for paying invoices.');
  await ok('POST', `/api/v1/ideas/${p.id}/comments`, { body: { body: 'Comment on the idea that goes away' }, status: 201 });
  const stale = await pm.post(`/ideas/${p.id}/merge`, { version: String(p.version + 5), into: String(q.id) });
  assert.equal(stale.status, 412);
  const self = await pm.post(`/ideas/${p.id}/merge`, { version: String(p.version), into: String(p.id) });
  assert.equal(self.status, 422);
  const done = await pm.post(`/ideas/${p.id}/merge`, { version: String(p.version), into: String(q.id) });
  assert.equal(done.status, 303, done.text.slice(0, 300));
  assert.equal(done.location, `/ideas/${q.id}?done=merged`);
  const survivor = await pm.get(`/ideas/${q.id}`);
  assert.ok(survivor.text.includes(`From merged idea <a href="/ideas/${p.id}">#${p.id}</a>`));
  assert.ok(survivor.text.includes('Comment on the idea that goes away'));
  assert.ok(survivor.text.includes(`merged <a href="/ideas/${p.id}">idea ${p.id}</a>`), 'its history too, naming the idea');
  assert.ok(survivor.text.includes(`submitted <a href="/ideas/${p.id}">idea ${p.id}</a>`), survivor.text);
  const gone = await pm.get(`/ideas/${p.id}`);
  assert.ok(gone.text.includes(`merged into <a href="/ideas/${q.id}">idea ${q.id}</a>`));
  assert.ok(!gone.text.includes('Possibly the same as'));
});

test('summary', () => {
  assert.ok(checkCount() > 100, `only ${checkCount()} checks`);
});
