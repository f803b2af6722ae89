// strategy.test.mjs — a product's strategy through the real binary: the
// vision as append-only revisions (a stale base refused, a reason required
// from the second revision, comparison field by field), personas and the
// features serving them, objectives and key results with check-ins and
// progress (rising and falling metrics), through the API and the CLI, with
// bad input that changes nothing, and the pages (overview, vision with its
// comparison, persona, objectives, the feature page's section) escaping
// hostile text.
import { after, before, test } from 'node:test';

import { assert, assertHtmlDocument, checkCount, htmlDecode, Keel, PASSWORD, Web } from './lib.mjs';

let k;
let T; // role -> API token
const E = { viewer: 'viewer@keel.test', pm: 'pm@keel.test' };
const HOSTILE = '<script>alert(1)</script> & "quotes"';

before(async () => {
  k = await Keel.start();
  T = Object.fromEntries(Object.entries(k.users).map(([r, u]) => [r, u.token]));
  assert.equal((await k.api('POST', '/api/v1/products', { token: T.pm, body: { key: 'PAY', name: 'Payments' } })).status, 201);
  const f = await k.api('POST', '/api/v1/features', { token: T.pm, body: { product: 'PAY', title: 'Bulk refunds' } });
  assert.equal(f.status, 201, f.text);
});
after(async () => {
  await k?.stop();
});

const api = (method, p, opts = {}) => k.api(method, p, { token: T.pm, ...opts });

test('vision: revisions, a stale base refused, a reason from the second revision, comparison', async () => {
  const empty = await api('GET', '/api/v1/products/PAY/vision', { token: T.viewer });
  assert.equal(empty.status, 200, empty.text);
  assert.equal(empty.json.revision, 0);
  assert.equal(empty.json.why, '');

  const noBase = await api('PUT', '/api/v1/products/PAY/vision', { body: { why: 'x' } });
  assert.equal(noBase.status, 428, noBase.text);
  const first = await api('PUT', '/api/v1/products/PAY/vision', {
    body: { why: 'Money should move as fast as messages', value_proposition: 'Payouts in minutes', base_revision: 0 },
  });
  assert.equal(first.status, 200, first.text);
  assert.equal(first.json.revision, 1);
  assert.equal(first.etag, '"1"');
  assert.equal(first.json.author.name, k.users.pm.name);

  const audit = await k.auditCount();
  const stale = await api('PUT', '/api/v1/products/PAY/vision', { body: { why: 'late edit', reason: 'r', base_revision: 0 } });
  assert.equal(stale.status, 412, stale.text);
  assert.equal(stale.json.error.field, 'base_revision');
  const noReason = await api('PUT', '/api/v1/products/PAY/vision', { body: { why: 'Money moves instantly', base_revision: 1 } });
  assert.equal(noReason.status, 422, noReason.text);
  assert.equal(noReason.json.error.field, 'reason');
  const unknown = await api('PUT', '/api/v1/products/PAY/vision', { body: { wy: 'typo', base_revision: 1, reason: 'r' } });
  assert.equal(unknown.status, 400, unknown.text);
  const wrongType = await api('PUT', '/api/v1/products/PAY/vision', { body: { why: 3, base_revision: 1, reason: 'r' } });
  assert.ok([400, 422].includes(wrongType.status), wrongType.text);
  assert.equal(wrongType.json.error.field, 'why');
  const viewer = await api('PUT', '/api/v1/products/PAY/vision', { token: T.viewer, body: { why: 'v', base_revision: 1, reason: 'r' } });
  assert.equal(viewer.status, 403);
  const anon = await k.api('PUT', '/api/v1/products/PAY/vision', { body: { why: 'v', base_revision: 1, reason: 'r' } });
  assert.equal(anon.status, 401);
  assert.equal(await k.auditCount(), audit, 'refused edits write nothing');
  assert.equal((await api('GET', '/api/v1/products/PAY/vision')).json.revision, 1);

  const second = await api('PUT', '/api/v1/products/PAY/vision', {
    body: { why: 'Money should move as fast as a message', reason: 'Sharper wording' },
    ifMatch: 1,
  });
  assert.equal(second.status, 200, second.text);
  assert.equal(second.json.revision, 2);
  assert.equal(second.json.value_proposition, 'Payouts in minutes', 'fields not given keep their text');

  // The CLI edits on top of the API's revision and reads the same revisions.
  const cli = await k.cliJson(['vision', 'edit', 'PAY', '--differentiation', `No batch windows ${HOSTILE}`, '--reason', 'Competitors batch'], { user: E.pm });
  assert.equal(cli.revision, 3);
  assert.equal(cli.why, 'Money should move as fast as a message');
  const stuck = await k.cli(['vision', 'edit', 'PAY', '--why', 'x', '--reason', 'y', '--base', '1']);
  assert.equal(stuck.code, 6, stuck.stderr);
  const shown = await k.cliJson(['vision', 'show', 'PAY', '--revision', '1']);
  assert.equal(shown.why, 'Money should move as fast as messages');
  const hist = await api('GET', '/api/v1/products/PAY/vision/revisions', { token: T.viewer });
  assert.deepEqual(hist.json.items.map((v) => [v.revision, v.reason]), [[3, 'Competitors batch'], [2, 'Sharper wording'], [1, '']]);
  const cmp = await api('GET', '/api/v1/products/PAY/vision/compare?from=1&to=3', { token: T.viewer });
  assert.equal(cmp.status, 200, cmp.text);
  assert.deepEqual(cmp.json.changed, ['why', 'differentiation']);
  assert.equal(cmp.json.fields.why.from, 'Money should move as fast as messages');
  assert.equal(cmp.json.fields.why.to, 'Money should move as fast as a message');
  assert.equal(cmp.json.fields.value_proposition.changed, false);
  const cliCmp = await k.cliJson(['vision', 'compare', 'PAY', '1', '3']);
  assert.deepEqual(cliCmp.changed, cmp.json.changed);
  assert.equal((await api('GET', '/api/v1/products/PAY/vision/compare?from=1&to=9')).status, 404);
  assert.equal((await api('GET', '/api/v1/products/PAY/vision/compare?from=x&to=1')).status, 422);
  assert.equal((await api('GET', '/api/v1/products/NOPE/vision')).status, 404);
});

test('personas: add, edit with versions, features serving them, remove; bad input changes nothing', async () => {
  const p = await api('POST', '/api/v1/products/PAY/personas', {
    body: { name: 'Fiona Finance', says: 'Where is my money?', thinks: 'Month end is coming', does: 'Exports CSVs',
            feels: 'Anxious', goals: 'Close the books in a day', pains: 'Manual refunds' },
  });
  assert.equal(p.status, 201, p.text);
  assert.equal(p.location, `/api/v1/personas/${p.json.id}`);
  const dup = await api('POST', '/api/v1/products/PAY/personas', { body: { name: 'Fiona Finance' } });
  assert.equal(dup.status, 409, dup.text);
  const empty = await api('POST', '/api/v1/products/PAY/personas', { body: { name: '  ' } });
  assert.equal(empty.status, 422);
  assert.equal(empty.json.error.field, 'name');
  const cli = await k.cliJson(['persona', 'add', 'PAY', 'Sam Support', '--pains', HOSTILE], { user: E.pm });
  assert.equal(cli.name, 'Sam Support');
  const list = await api('GET', '/api/v1/products/PAY/personas', { token: T.viewer });
  assert.deepEqual(list.json.items.map((x) => x.name), ['Fiona Finance', 'Sam Support']);

  const stale = await api('PATCH', `/api/v1/personas/${p.json.id}`, { body: { feels: 'calm' }, ifMatch: 7 });
  assert.equal(stale.status, 412);
  const noVersion = await api('PATCH', `/api/v1/personas/${p.json.id}`, { body: { feels: 'calm' } });
  assert.equal(noVersion.status, 428);
  const edited = await api('PATCH', `/api/v1/personas/${p.json.id}`, { body: { feels: 'Calm' }, ifMatch: 1 });
  assert.equal(edited.status, 200, edited.text);
  assert.equal(edited.json.version, 2);
  assert.equal(edited.json.says, 'Where is my money?');

  const set = await api('PUT', '/api/v1/features/PAY-1/personas', { body: { personas: ['Fiona Finance', cli.id] } });
  assert.equal(set.status, 200, set.text);
  assert.deepEqual(set.json.personas.map((x) => x.name), ['Fiona Finance', 'Sam Support']);
  const bad = await api('PUT', '/api/v1/features/PAY-1/personas', { body: { personas: ['Fiona Finance', 'Nobody'] } });
  assert.equal(bad.status, 422, bad.text);
  assert.equal(bad.json.error.field, 'personas');
  const badType = await api('PUT', '/api/v1/features/PAY-1/personas', { body: { personas: [true] } });
  assert.equal(badType.status, 422);
  const still = await api('GET', '/api/v1/features/PAY-1/personas', { token: T.viewer });
  assert.equal(still.json.personas.length, 2, 'a refused change leaves the personas as they were');
  const removed = await k.cliJson(['feature', 'personas', 'PAY-1', '--remove', 'Sam Support']);
  assert.deepEqual(removed.personas.map((x) => x.name), ['Fiona Finance']);
  const serving = await api('GET', `/api/v1/personas/${p.json.id}`, { token: T.viewer });
  assert.deepEqual(serving.json.serving.map((f) => f.key), ['PAY-1']);
  assert.equal(serving.etag, '"2"');

  const del = await api('DELETE', `/api/v1/personas/${cli.id}`, { ifMatch: 1 });
  assert.equal(del.status, 200, del.text);
  assert.equal((await api('GET', `/api/v1/personas/${cli.id}`)).status, 404);
  const cliShow = await k.cli(['persona', 'show', 'PAY', 'Fiona Finance']);
  assert.equal(cliShow.code, 0, cliShow.stderr);
  assert.match(cliShow.stdout, /PAY-1\s+Bulk refunds/);
});

test('objectives and key results: progress rising and falling, check-ins, bad input, stale versions', async () => {
  const badPeriod = await api('POST', '/api/v1/objectives', { body: { product: 'PAY', period: '2026-Q5', title: 'x' } });
  assert.equal(badPeriod.status, 422);
  assert.equal(badPeriod.json.error.field, 'period');
  const noTitle = await api('POST', '/api/v1/objectives', { body: { product: 'PAY', period: '2026-Q4', title: '' } });
  assert.equal(noTitle.status, 422);
  assert.equal(noTitle.json.error.field, 'title');
  const o = await api('POST', '/api/v1/objectives', {
    body: { product: 'PAY', period: '2026-q4', title: 'Payouts people can count on', owner: 'PM@keel.test' },
  });
  assert.equal(o.status, 201, o.text);
  assert.equal(o.json.period, '2026-Q4');
  assert.equal(o.json.owner.name, k.users.pm.name);
  const oid = o.json.id;
  const audit = await k.auditCount();
  const same = await api('POST', `/api/v1/objectives/${oid}/key-results`, { body: { title: 'Flat', baseline: 5, target: 5 } });
  assert.equal(same.status, 422);
  assert.equal(same.json.error.field, 'target');
  const noBaseline = await api('POST', `/api/v1/objectives/${oid}/key-results`, { body: { title: 'x', target: 5 } });
  assert.equal(noBaseline.status, 422);
  assert.equal(noBaseline.json.error.field, 'baseline');
  const viewer = await api('POST', `/api/v1/objectives/${oid}/key-results`, { token: T.viewer, body: { title: 'x', baseline: 0, target: 1 } });
  assert.equal(viewer.status, 403);
  assert.equal(await k.auditCount(), audit);

  // Falling metric: payout time from 48 h to 24 h.
  const down = await api('POST', `/api/v1/objectives/${oid}/key-results`, {
    body: { title: 'Payout time', metric: 'median payout', unit: 'h', baseline: 48, target: 24 },
  });
  assert.equal(down.status, 201, down.text);
  assert.equal(down.json.current, 48);
  assert.equal(down.json.progress, 0);
  const up = await k.cliJson(['kr', 'add', String(oid), '--title', 'Adoption', '--unit', '%', '--baseline', '0', '--target', '40'], { user: E.pm });
  const ck = await api('POST', `/api/v1/key-results/${down.json.id}/checkins`, { body: { value: 30, comment: 'New batcher' } });
  assert.equal(ck.status, 201, ck.text);
  assert.equal(ck.json.key_result.current, 30);
  assert.equal(ck.json.key_result.progress, 75);
  const over = await k.cliJson(['kr', 'checkin', String(up.id), '--value', '50', '--comment', 'Launch week'], { user: E.pm });
  assert.equal(over.progress, 125, 'raw progress may pass 100');
  assert.equal(over.progress_clamped, 100);
  const worse = await api('POST', `/api/v1/key-results/${down.json.id}/checkins`, { body: { value: 60 } });
  assert.equal(worse.json.key_result.progress, -50);
  assert.equal(worse.json.key_result.progress_clamped, 0);
  const back = await api('POST', `/api/v1/key-results/${down.json.id}/checkins`, { body: { value: 36 }, ifMatch: worse.json.key_result.version });
  assert.equal(back.status, 201, back.text);
  const staleCk = await api('POST', `/api/v1/key-results/${down.json.id}/checkins`, { body: { value: 1 }, ifMatch: 1 });
  assert.equal(staleCk.status, 412);
  const badValue = await api('POST', `/api/v1/key-results/${down.json.id}/checkins`, { body: { value: '12' } });
  assert.ok([400, 422].includes(badValue.status), badValue.text);

  const got = await api('GET', `/api/v1/objectives/${oid}`, { token: T.viewer });
  assert.equal(got.json.key_results.length, 2);
  assert.equal(got.json.progress, 75, 'the mean of 50 % and 100 % (clamped)');
  const hist = await api('GET', `/api/v1/key-results/${down.json.id}`, { token: T.viewer });
  assert.deepEqual(hist.json.checkins.map((c) => c.value), [30, 60, 36]);
  assert.equal(hist.json.checkins[0].comment, 'New batcher');
  const cliHist = await k.cliJson(['kr', 'history', String(down.json.id)]);
  assert.equal(cliHist.checkins.length, 3);

  const stale = await api('PATCH', `/api/v1/objectives/${oid}`, { body: { status: 'achieved' }, ifMatch: 9 });
  assert.equal(stale.status, 412);
  const badStatus = await api('PATCH', `/api/v1/objectives/${oid}`, { body: { status: 'done' }, ifMatch: 1 });
  assert.equal(badStatus.status, 422);
  assert.equal(badStatus.json.error.field, 'status');
  const ok = await api('PATCH', `/api/v1/objectives/${oid}`, { body: { status: 'achieved' }, ifMatch: 1 });
  assert.equal(ok.status, 200, ok.text);
  await api('POST', '/api/v1/objectives', { body: { product: 'PAY', period: '2027-Q1', title: 'Next year' } });
  const q4 = await api('GET', '/api/v1/objectives?product=PAY&period=2026-Q4', { token: T.viewer });
  assert.deepEqual(q4.json.items.map((x) => x.title), ['Payouts people can count on']);
  const all = await k.cliJson(['objective', 'list', 'PAY']);
  assert.equal(all.items.length, 2);
  assert.equal((await api('GET', '/api/v1/objectives?period=Q4')).status, 422);
  assert.equal((await api('GET', '/api/v1/objectives?colour=red')).status, 400);
  assert.equal((await api('GET', '/api/v1/objectives/999')).status, 404);
  const cliBad = await k.cli(['objective', 'add', 'PAY', '--period', '26Q4', '--title', 'x']);
  assert.equal(cliBad.code, 3);
  assert.match(cliBad.stderr, /period/);
});

test('pages: overview, vision with its comparison, persona, objectives and the feature page; text escaped', async () => {
  const web = new Web(k);
  await web.login(E.pm, PASSWORD);
  const index = await web.get('/strategy');
  assert.equal(index.status, 200);
  assertHtmlDocument(index.text, '/strategy');
  assert.match(index.text, /href="\/products\/PAY\/strategy"/);
  const overview = await web.get('/products/PAY/strategy');
  assert.equal(overview.status, 200);
  assertHtmlDocument(overview.text, 'strategy overview');
  assert.match(htmlDecode(overview.text), /Money should move as fast as a message/);
  assert.match(htmlDecode(overview.text), /Fiona Finance/);

  const vision = await web.get('/products/PAY/vision?from=1&to=3');
  assert.equal(vision.status, 200);
  assertHtmlDocument(vision.text, 'vision');
  assert.ok(!vision.text.includes('<script>alert(1)'), 'the vision escapes what was typed');
  assert.match(vision.text, /<del>messages<\/del>/);
  assert.match(vision.text, /<ins>a <\/ins>/);
  assert.match(htmlDecode(vision.text), /Competitors batch/);
  // A stale form is refused with the reason, nothing is written.
  const stale = await web.post('/products/PAY/vision', { base_revision: '1', why: 'old form', reason: 'late' });
  assert.equal(stale.status, 412);
  assert.match(htmlDecode(stale.text), /revised since you loaded it/);
  const saved = await web.post('/products/PAY/vision', { base_revision: '3', why: 'From the form', reason: 'Web edit' });
  assert.equal(saved.status, 303, saved.text.slice(0, 300));
  assert.equal((await api('GET', '/api/v1/products/PAY/vision')).json.revision, 4);

  const personas = await k.cliJson(['persona', 'list', 'PAY']);
  const fiona = personas.items.find((p) => p.name === 'Fiona Finance');
  const page = await web.get(`/personas/${fiona.id}`);
  assert.equal(page.status, 200);
  assertHtmlDocument(page.text, 'persona');
  assert.match(page.text, /class="empathy-map"/);
  assert.match(htmlDecode(page.text), /Where is my money\?/);
  assert.match(page.text, /href="\/features\/PAY-1"/);

  const objectives = await web.get('/products/PAY/objectives?period=2026-Q4');
  assert.equal(objectives.status, 200);
  assertHtmlDocument(objectives.text, 'objectives');
  assert.match(objectives.text, /<svg[^>]*role="img"/);
  const o = (await api('GET', '/api/v1/objectives?product=PAY&period=2026-Q4')).json.items[0];
  const kr = o.key_results[0];
  const checkin = await web.post(`/key-results/${kr.id}/checkins`, { version: String(kr.version), value: '24', comment: HOSTILE });
  assert.equal(checkin.status, 303, checkin.text.slice(0, 300));
  const objPage = await web.get(`/objectives/${o.id}`);
  assert.equal(objPage.status, 200);
  assertHtmlDocument(objPage.text, 'objective');
  assert.ok(!objPage.text.includes('<script>alert(1)'));
  assert.match(htmlDecode(objPage.text), /alert\(1\)/);
  const staleCk = await web.post(`/key-results/${kr.id}/checkins`, { version: String(kr.version), value: '1' });
  assert.equal(staleCk.status, 412);
  const badKr = await web.post(`/objectives/${o.id}/key-results`, { title: 'Flat', baseline: '3', target: '3' });
  assert.equal(badKr.status, 422);
  assert.match(htmlDecode(badKr.text), /target must differ/);

  const feature = await web.get('/features/PAY-1');
  assert.equal(feature.status, 200);
  assert.match(feature.text, new RegExp(`href="/personas/${fiona.id}"`));
  const setForm = await web.post('/features/PAY-1/personas', {});
  assert.equal(setForm.status, 303);
  assert.equal((await api('GET', '/api/v1/features/PAY-1/personas')).json.personas.length, 0);

  const viewer = new Web(k);
  await viewer.login(E.viewer, PASSWORD);
  const vpage = await viewer.get('/products/PAY/vision');
  assert.equal(vpage.status, 200);
  assert.ok(!vpage.text.includes('method="post" action="/products/PAY/vision"'), 'viewers get no edit form');
  const vpost = await viewer.post('/products/PAY/vision', { base_revision: '4', why: 'v', reason: 'v' });
  assert.equal(vpost.status, 403);
});

test('initiatives: objectives linked to features; the feature and objective show each other', async () => {
  const ini = await api('POST', '/api/v1/products/PAY/initiatives', { body: { name: 'Instant payouts', description: 'Speed everywhere' } });
  assert.equal(ini.status, 201, ini.text);
  assert.equal((await api('POST', '/api/v1/products/PAY/initiatives', { body: { name: 'Instant payouts' } })).status, 409);
  assert.equal((await api('POST', '/api/v1/products/PAY/initiatives', { body: { name: '' } })).status, 422);
  const o = (await api('GET', '/api/v1/objectives?product=PAY&period=2026-Q4')).json.items[0];
  const link = await k.cliJson(['initiative', 'link', 'Instant payouts', '--objective', String(o.id)], { user: E.pm });
  assert.deepEqual(link.serves.map((x) => x.id), [o.id]);
  const bad = await api('POST', `/api/v1/initiatives/${ini.json.id}/objectives`, { body: { objective: 999 } });
  assert.equal(bad.status, 422);
  assert.equal(bad.json.error.field, 'objective');
  const set = await api('PUT', '/api/v1/features/PAY-1/initiative', { body: { initiative: 'Instant payouts' } });
  assert.equal(set.status, 200, set.text);
  assert.equal(set.json.initiative.name, 'Instant payouts');
  const unknown = await api('PUT', '/api/v1/features/PAY-1/initiative', { body: { initiative: 'Nope' } });
  assert.equal(unknown.status, 422);
  assert.equal(unknown.json.error.field, 'initiative');
  const cli = await k.cliJson(['feature', 'initiative', 'PAY-1']);
  assert.equal(cli.initiative.name, 'Instant payouts', 'a refused change leaves the initiative');
  assert.deepEqual(cli.initiative.serves.map((x) => x.title), [o.title]);
  const obj = await api('GET', `/api/v1/objectives/${o.id}`, { token: T.viewer });
  assert.deepEqual(obj.json.initiatives.map((x) => x.name), ['Instant payouts']);
  assert.deepEqual(obj.json.features.map((x) => x.key), ['PAY-1']);
  const stale = await api('PATCH', `/api/v1/initiatives/${ini.json.id}`, { body: { name: 'x' }, ifMatch: 5 });
  assert.equal(stale.status, 412);

  const web = new Web(k);
  await web.login(E.viewer, PASSWORD);
  const feature = await web.get('/features/PAY-1');
  assert.match(feature.text, new RegExp(`href="/initiatives/${ini.json.id}"`));
  assert.match(feature.text, new RegExp(`href="/objectives/${o.id}"`));
  const objPage = await web.get(`/objectives/${o.id}`);
  assert.match(objPage.text, /href="\/features\/PAY-1"/);
  const page = await web.get(`/initiatives/${ini.json.id}`);
  assert.equal(page.status, 200);
  assertHtmlDocument(page.text, 'initiative');
  const none = await k.cliJson(['feature', 'initiative', 'PAY-1', '--none'], { user: E.pm });
  assert.equal(none.initiative, null);
});

test('competitors and the capability comparison: levels 0..3, bad input refused, the table page', async () => {
  const st = await api('POST', '/api/v1/products/PAY/competitors', {
    body: { name: 'Stripe', website: 'https://stripe.com', strengths: 'Docs', weaknesses: `Price ${HOSTILE}` },
  });
  assert.equal(st.status, 201, st.text);
  const badSite = await api('POST', '/api/v1/products/PAY/competitors', { body: { name: 'Adyen', website: 'javascript:alert(1)' } });
  assert.equal(badSite.status, 422);
  assert.equal(badSite.json.error.field, 'website');
  assert.equal((await api('POST', '/api/v1/products/PAY/competitors', { body: { name: 'Stripe' } })).status, 409);
  const ad = await k.cliJson(['competitor', 'add', 'PAY', 'Adyen', '--strengths', 'Enterprise'], { user: E.pm });
  const cap = await api('POST', '/api/v1/products/PAY/capabilities', { body: { name: 'Instant payouts', ours: 3 } });
  assert.equal(cap.status, 201, cap.text);
  const outOfRange = await api('POST', '/api/v1/products/PAY/capabilities', { body: { name: 'Refunds', ours: 4 } });
  assert.equal(outOfRange.status, 422);
  assert.equal(outOfRange.json.error.field, 'ours');
  const lvl = await api('PUT', `/api/v1/capabilities/${cap.json.id}/competitors/${st.json.id}`, { body: { level: 2 } });
  assert.equal(lvl.status, 200, lvl.text);
  const badLvl = await api('PUT', `/api/v1/capabilities/${cap.json.id}/competitors/${ad.id}`, { body: { level: -1 } });
  assert.equal(badLvl.status, 422);
  assert.equal(badLvl.json.error.field, 'level');
  const cli = await k.cli(['capability', 'set', 'PAY', 'Instant payouts', '--competitor', 'Adyen', '--level', 'partial'], { user: E.pm });
  assert.equal(cli.code, 0, cli.stderr);
  assert.match(cli.stdout, /Instant payouts\s+3 leading\s+1 partial\s+2 on par/);
  const cliBad = await k.cli(['capability', 'add', 'PAY', 'X', '--ours', '7']);
  assert.equal(cliBad.code, 2);
  const m = await api('GET', '/api/v1/products/PAY/capabilities', { token: T.viewer });
  assert.deepEqual(m.json.competitors.map((c) => c.name), ['Adyen', 'Stripe']);
  assert.deepEqual(m.json.items[0].levels, { [ad.id]: 1, [st.json.id]: 2 });
  const stale = await api('PATCH', `/api/v1/capabilities/${cap.json.id}`, { body: { ours: 1 }, ifMatch: 1 });
  assert.equal(stale.status, 412);

  const web = new Web(k);
  await web.login(E.viewer, PASSWORD);
  const page = await web.get('/products/PAY/competitors');
  assert.equal(page.status, 200);
  assertHtmlDocument(page.text, 'competitors');
  assert.match(page.text, /<table class="capabilities">/);
  assert.ok(!page.text.includes('<script>alert(1)'));
  assert.match(htmlDecode(page.text), /Price <script>/);
  const overview = await web.get('/products/PAY/strategy');
  assert.match(htmlDecode(overview.text), /Stripe/);
  assert.match(htmlDecode(overview.text), /Instant payouts/);

  const del = await api('DELETE', `/api/v1/competitors/${ad.id}`, { ifMatch: 1 });
  assert.equal(del.status, 200, del.text);
  const after = await api('GET', '/api/v1/products/PAY/capabilities');
  assert.deepEqual(after.json.items[0].levels, { [st.json.id]: 2 }, 'a removed competitor takes its levels with it');
});

test('checks ran', (t) => {
  t.diagnostic(`${checkCount()} checks`);
});
