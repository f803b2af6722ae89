// focus.test.mjs — trade-offs made explicit and focus health through the real
// binary: a product's Now limit (API and CLI), a move into a full Now refused
// with 409 naming the capacity, the load and what the feature needs, with
// nothing changed; bad trade-offs refused naming the field; a trade-off that
// names what moves out and why, recorded as a decision (API, CLI, and the
// board's no-JS form); and the focus figures after a scripted sequence of
// moves, the same from the API, the CLI and the focus page.
import { after, before, test } from 'node:test';

import { assert, assertHtmlDocument, checkCount, htmlDecode, Keel, PASSWORD, run } from './lib.mjs';

let k;
let T; // role -> API token
const HOSTILE = '<script>alert(1)</script> & "quotes"';

async function api(role, method, p, opts = {}) {
  return k.api(method, p, { token: T[role], ...opts });
}
async function ok(role, method, p, opts = {}, status = 200) {
  const r = await api(role, method, p, opts);
  assert.equal(r.status, status, `${method} ${p} as ${role}: ${r.text}`);
  return r.json;
}
const feature = (key) => ok('viewer', 'GET', `/api/v1/features/${key}`);
const inNow = async () =>
  (await ok('viewer', 'GET', '/api/v1/features?product=PAY&horizon=now&status=all')).items.map((f) => f.key).sort();
async function move(key, body, role = 'pm') {
  const f = await feature(key);
  return api(role, 'POST', `/api/v1/features/${key}/move`, { body, ifMatch: f.version });
}

before(async () => {
  k = await Keel.start();
  T = Object.fromEntries(Object.entries(k.users).map(([r, u]) => [r, u.token]));
  await ok('pm', 'POST', '/api/v1/products', { body: { key: 'PAY', name: 'Payments' } }, 201);
  for (const [title, effort] of [['Wallet', 2], ['Refunds', 3], ['Payouts', 1], ['Invoices', 5], ['Disputes', 2]]) {
    await ok('pm', 'POST', '/api/v1/features', {
      body: { product: 'PAY', title, rice: { reach: 100, impact: 1, confidence: 80, effort } },
    }, 201);
  }
});
after(async () => {
  await k?.stop();
});

test('the Now limit: set through the API and the CLI, bad values refused with the field named', async () => {
  const p = await ok('pm', 'GET', '/api/v1/products/PAY');
  for (const [body, status, field] of [
    [{ now_limit: -1 }, 422, 'now_limit'],
    [{ now_limit: 'two' }, 422, 'now_limit'],
    [{ now_limit: 1.5 }, 422, 'now_limit'],
    [{ now_limt: 2 }, 400, null],
  ]) {
    const r = await api('pm', 'PATCH', '/api/v1/products/PAY', { body, ifMatch: p.version });
    assert.equal(r.status, status, `${JSON.stringify(body)}: ${r.text}`);
    if (field) assert.equal(r.json.error.field, field);
  }
  const stale = await api('pm', 'PATCH', '/api/v1/products/PAY', { body: { now_limit: 2 }, ifMatch: p.version + 7 });
  assert.equal(stale.status, 412, stale.text);
  const viewer = await api('viewer', 'PATCH', '/api/v1/products/PAY', { body: { now_limit: 2 }, ifMatch: p.version });
  assert.equal(viewer.status, 403);
  const focus0 = await ok('viewer', 'GET', '/api/v1/focus?product=PAY');
  assert.equal(focus0.now.basis, 'none', 'nothing changed');
  assert.equal(focus0.now.capacity, null);

  const set = await ok('pm', 'PATCH', '/api/v1/products/PAY', { body: { now_limit: 5 }, ifMatch: p.version });
  assert.equal(set.version, p.version + 1);
  assert.equal((await ok('viewer', 'GET', '/api/v1/focus?product=PAY')).now.now_limit, 5);
  const cleared = await ok('pm', 'PATCH', '/api/v1/products/PAY', { body: { now_limit: null }, ifMatch: set.version });
  assert.equal((await ok('viewer', 'GET', '/api/v1/focus?product=PAY')).now.now_limit, null);
  assert.ok(cleared.version > set.version);
  // With the name in the same request: one change, one version; a bad name changes neither.
  const bad = await api('pm', 'PATCH', '/api/v1/products/PAY', { body: { name: '', now_limit: 4 }, ifMatch: cleared.version });
  assert.equal(bad.status, 422, bad.text);
  assert.equal((await ok('viewer', 'GET', '/api/v1/focus?product=PAY')).now.now_limit, null);
  const both = await ok('pm', 'PATCH', '/api/v1/products/PAY', { body: { name: 'Payments', now_limit: 4 }, ifMatch: cleared.version });
  assert.equal(both.version, cleared.version + 1);
  assert.equal((await ok('viewer', 'GET', '/api/v1/focus?product=PAY')).now.now_limit, 4);

  const badCli = await k.cli(['product', 'edit', 'PAY', '--now-limit', '-3']);
  assert.equal(badCli.code, 2, badCli.stderr);
  const cli = await k.cli(['product', 'edit', 'PAY', '--now-limit', '2']);
  assert.equal(cli.code, 0, cli.stderr);
  const f = await ok('viewer', 'GET', '/api/v1/focus?product=PAY');
  assert.equal(f.now.basis, 'count');
  assert.equal(f.now.capacity, 2);
  assert.equal(f.now.unit, 'features');
});

test('a move into a full Now is refused with 409 naming the capacity, and nothing changes', async () => {
  assert.equal((await move('PAY-1', { horizon: 'now' })).status, 200);
  assert.equal((await move('PAY-2', { horizon: 'now' })).status, 200);
  const before3 = await feature('PAY-3');
  const audits = await k.auditCount();
  const r = await move('PAY-3', { horizon: 'now' });
  assert.equal(r.status, 409, r.text);
  assert.equal(r.json.error.code, 'conflict');
  assert.equal(r.json.error.field, 'displace');
  assert.match(r.json.error.message, /Now is at capacity: 2 of 2 features used; PAY-3 needs 1/);
  assert.equal(r.json.capacity, 2);
  assert.equal(r.json.load, 2);
  assert.equal(r.json.needed, 1);
  assert.equal(r.json.feature, 'PAY-3');
  assert.deepEqual(r.json.now.in_now.map((x) => x.key), ['PAY-1', 'PAY-2']);
  // PATCH and creating straight into Now are held to the same rule.
  const patch = await api('pm', 'PATCH', '/api/v1/features/PAY-3', { body: { horizon: 'now' }, ifMatch: before3.version });
  assert.equal(patch.status, 409, patch.text);
  assert.equal(patch.json.capacity, 2);
  const create = await api('pm', 'POST', '/api/v1/features', { body: { product: 'PAY', title: 'Sneaky', horizon: 'now' } });
  assert.equal(create.status, 409, create.text);
  // The CLI says the same, with exit code 6 (conflict), and lists what is in Now.
  const cli = await k.cli(['feature', 'move', 'PAY-3', '--horizon', 'now']);
  assert.equal(cli.code, 6, cli.stderr);
  assert.match(cli.stderr, /2 of 2 features used; PAY-3 needs 1/);
  assert.match(cli.stderr, /PAY-1/);
  // Nothing changed.
  const after3 = await feature('PAY-3');
  assert.equal(after3.version, before3.version);
  assert.equal(after3.horizon, 'unplanned');
  assert.deepEqual(await inNow(), ['PAY-1', 'PAY-2']);
  assert.equal(await k.auditCount(), audits);
  assert.equal((await ok('viewer', 'GET', '/api/v1/features?product=PAY&status=all')).items.length, 5);
});

test('bad trade-offs are refused naming the field, with nothing changed', async () => {
  const audits = await k.auditCount();
  for (const [body, status, field] of [
    [{ horizon: 'now', displace: ['PAY-1'] }, 422, 'reason'],
    [{ horizon: 'now', displace: ['PAY-1'], reason: '   ' }, 422, 'reason'],
    [{ horizon: 'now', displace: ['PAY-4'], reason: 'not in Now' }, 422, 'displace'],
    [{ horizon: 'now', displace: ['NOPE-1'], reason: 'no such feature' }, 422, 'displace'],
    [{ horizon: 'now', displace: ['PAY-1', 'PAY-1'], reason: 'twice' }, 422, 'displace'],
    [{ horizon: 'now', displace: [7], reason: 'a number' }, 422, 'displace'],
    [{ horizon: 'now', displace: 'PAY-1', reason: 'not a list' }, 422, 'displace'],
    [{ horizon: 'now', displace: ['PAY-1'], displace_to: 'now', reason: 'nowhere' }, 422, 'displace_to'],
    [{ horizon: 'now', displace: ['PAY-1'], displace_to: 'sideways', reason: 'nowhere' }, 422, 'displace_to'],
    [{ horizon: 'later', displace: ['PAY-1'], reason: 'not into Now' }, 422, 'displace'],
    [{ horizon: 'now', displace: ['PAY-1'], reason: 'x', why: 'unknown field' }, 400, null],
  ]) {
    const r = await move('PAY-3', body);
    assert.equal(r.status, status, `${JSON.stringify(body)}: ${r.text}`);
    if (field) assert.equal(r.json.error.field, field, JSON.stringify(body));
  }
  const stale = await api('pm', 'POST', '/api/v1/features/PAY-3/move', {
    body: { horizon: 'now', displace: ['PAY-1'], reason: 'stale' },
    ifMatch: (await feature('PAY-3')).version + 3,
  });
  assert.equal(stale.status, 412);
  for (const body of [{ product: 'PAY', title: 'Made room for', displace: ['PAY-1'], reason: 'x' },
    { product: 'PAY', title: 'Made room for', horizon: 'now', displace: ['PAY-1'], reason: 'x' }]) {
    const created = await api('pm', 'POST', '/api/v1/features', { body });
    assert.equal(created.status, 422, created.text);
    assert.equal(created.json.error.field, 'displace');
  }
  const viewer = await move('PAY-3', { horizon: 'now', displace: ['PAY-1'], reason: 'viewer' }, 'viewer');
  assert.equal(viewer.status, 403);
  assert.deepEqual(await inNow(), ['PAY-1', 'PAY-2']);
  assert.equal(await k.auditCount(), audits);
  assert.deepEqual((await ok('viewer', 'GET', '/api/v1/tradeoffs?product=PAY')).items, []);
});

test('naming what moves out and why moves both, and records the decision', async () => {
  const r = await move('PAY-3', { horizon: 'now', displace: ['PAY-1'], displace_to: 'later', reason: HOSTILE });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.horizon, 'now');
  assert.equal((await feature('PAY-1')).horizon, 'later');
  assert.deepEqual(await inNow(), ['PAY-2', 'PAY-3']);
  const list = await ok('viewer', 'GET', '/api/v1/tradeoffs?product=PAY');
  assert.equal(list.items.length, 1);
  const t = list.items[0];
  assert.deepEqual(t.in, { key: 'PAY-3', title: 'Payouts' });
  assert.deepEqual(t.out, [{ key: 'PAY-1', title: 'Wallet', to: 'later' }]);
  assert.equal(t.reason, HOSTILE);
  assert.equal(t.by, k.users.pm.name);
  assert.equal(t.horizon, 'now');
  // PATCH with a trade-off, default destination Next.
  const f4 = await feature('PAY-4');
  const p = await api('pm', 'PATCH', '/api/v1/features/PAY-4', {
    body: { horizon: 'now', displace: ['PAY-2'], reason: 'invoices before refunds' },
    ifMatch: f4.version,
  });
  assert.equal(p.status, 200, p.text);
  assert.equal((await feature('PAY-2')).horizon, 'next');
  // The CLI: --displace (repeatable) and --reason; --json lists the same decisions.
  const noReason = await k.cli(['feature', 'move', 'PAY-5', '--horizon', 'now', '--displace', 'PAY-3']);
  assert.equal(noReason.code, 3, noReason.stderr);
  assert.match(noReason.stderr, /reason/);
  const cli = await k.cli(['feature', 'move', 'PAY-5', '--horizon', 'now', '--displace', 'PAY-3', '--displace', 'PAY-4',
                           '--reason', 'disputes first', '--displace-to', 'unplanned']);
  assert.equal(cli.code, 0, cli.stderr);
  assert.deepEqual(await inNow(), ['PAY-5']);
  const json = await k.cliJson(['tradeoffs', '--product', 'PAY']);
  assert.equal(json.items.length, 3);
  assert.deepEqual(json.items[0].out.map((o) => [o.key, o.to]), [['PAY-3', 'unplanned'], ['PAY-4', 'unplanned']]);
  assert.equal(json.items[0].by, 'command line');
  assert.deepEqual(json.items, (await ok('viewer', 'GET', '/api/v1/tradeoffs?product=PAY')).items);
  const text = await k.cli(['tradeoffs', '--product', 'PAY']);
  assert.match(text.stdout, /PAY-5 into now, out: PAY-3 \(to unplanned\), PAY-4 \(to unplanned\)/);
  assert.match(text.stdout, /why: disputes first/);
  // Bad listings.
  assert.equal((await api('viewer', 'GET', '/api/v1/tradeoffs')).status, 422);
  assert.equal((await api('viewer', 'GET', '/api/v1/tradeoffs?product=NOPE')).status, 404);
  assert.equal((await api('viewer', 'GET', '/api/v1/tradeoffs?product=PAY&limit=0')).status, 422);
  assert.equal((await api('viewer', 'GET', '/api/v1/tradeoffs?product=PAY&sort=x')).status, 400);
  assert.equal((await k.api('GET', '/api/v1/tradeoffs?product=PAY')).status, 401);
});

test('the no-JS path: a move into a full Now leads to the trade-off form, which moves and records', async () => {
  const web = await k.session(k.users.pm.email, PASSWORD);
  // Now holds PAY-5 only (1 of 2): PAY-1 fits, through the trade-off form too, without naming anything.
  const f1 = await feature('PAY-1');
  const fits = await web.post('/features/PAY-1/tradeoff', { version: `${f1.version}`, displace_to: 'next', reason: '' });
  assert.equal(fits.status, 303, fits.text);
  assert.deepEqual(await inNow(), ['PAY-1', 'PAY-5']);
  // The board's form fallback: a move into the full Now leads to the trade-off form.
  const f2 = await feature('PAY-2');
  const moved = await web.post('/features/PAY-2/move', { version: `${f2.version}`, horizon: 'now' });
  assert.equal(moved.status, 303, moved.text);
  assert.equal(moved.headers.get('location'), '/features/PAY-2/tradeoff');
  assert.equal((await feature('PAY-2')).version, f2.version, 'nothing moved');
  const page = await web.get('/features/PAY-2/tradeoff');
  assert.equal(page.status, 200);
  assertHtmlDocument(page.text, 'trade-off form');
  assert.match(page.text, /2 of 2 features used/);
  assert.match(page.text, /name="displace" value="PAY-1"/);
  assert.match(page.text, /name="displace" value="PAY-5"/);
  assert.match(page.text, /name="reason"/);
  // Without a reason the form comes back with the error and what was ticked, and nothing changes.
  const form = [['_csrf', web.csrf], ['version', `${f2.version}`], ['displace', 'PAY-5'], ['displace_to', 'later'], ['reason', '']];
  const noReason = await web.request('POST', '/features/PAY-2/tradeoff', { form });
  assert.equal(noReason.status, 422, noReason.text);
  assert.match(noReason.text, /reason is required/);
  assert.match(noReason.text, /value="PAY-5" id="d-PAY-5" checked/);
  assert.deepEqual(await inNow(), ['PAY-1', 'PAY-5']);
  const nothing = await web.request('POST', '/features/PAY-2/tradeoff', { form: [['_csrf', web.csrf], ['version', `${f2.version}`], ['reason', 'x']] });
  assert.equal(nothing.status, 409, nothing.text);
  assert.match(htmlDecode(nothing.text), /Now is at capacity: 2 of 2 features used; PAY-2 needs 1/);
  form[4] = ['reason', 'refunds are back'];
  const done = await web.request('POST', '/features/PAY-2/tradeoff', { form });
  assert.equal(done.status, 303, done.text);
  assert.equal(done.headers.get('location'), '/features/PAY-2?done=moved');
  assert.deepEqual(await inNow(), ['PAY-1', 'PAY-2']);
  assert.equal((await feature('PAY-5')).horizon, 'later');
  const last = (await ok('viewer', 'GET', '/api/v1/tradeoffs?product=PAY&limit=1')).items;
  assert.equal(last.length, 1);
  assert.equal(last[0].reason, 'refunds are back');
  assert.equal(last[0].by, k.users.pm.name);
  // The edit form into a full Now comes back with the message and what was typed.
  const f3 = await feature('PAY-3');
  const edit = await web.post('/features/PAY-3', { version: `${f3.version}`, title: 'Payouts, typed', status: 'candidate', horizon: 'now' });
  assert.equal(edit.status, 409, edit.text);
  assert.match(htmlDecode(edit.text), /Now is at capacity: 2 of 2 features used; PAY-3 needs 1/);
  assert.match(htmlDecode(edit.text), /Payouts, typed/);
  assert.equal((await feature('PAY-3')).version, f3.version);
  // Without the CSRF token the form is refused.
  const csrf = await web.request('POST', '/features/PAY-2/tradeoff', { form: [['version', '1']] });
  assert.equal(csrf.status, 403);
  // The board says how full Now is and links to focus health.
  const board = await web.get('/board?product=PAY');
  assert.match(board.text, /Now: 2 of 2 features used/);
  assert.match(board.text, /href="\/focus\?product=PAY"/);
  // The feature page lists the trade-offs it took part in.
  const outPage = htmlDecode((await web.get('/features/PAY-5')).text.replace(/<[^>]+>/g, ''));
  assert.match(outPage, /PAY-2 went into Now; out: PAY-5 \(to Later\)\. refunds are back — Pia Productowner/);
  // The feature page links to the form.
  const fp = await web.get('/features/PAY-4');
  assert.match(fp.text, /href="\/features\/PAY-4\/tradeoff"/);
  assert.match(fp.text, /href="\/focus\?product=PAY"/);
});

test('focus figures after the scripted moves: API, CLI and page agree', async () => {
  // Every entry into and exit from Now so far (all within the last minutes):
  // in: PAY-1, PAY-2, PAY-3, PAY-4, PAY-5, PAY-1, PAY-2 (7); out: PAY-1, PAY-2, PAY-3, PAY-4, PAY-5 (5).
  const f = await ok('viewer', 'GET', '/api/v1/focus?product=PAY');
  assert.equal(f.product, 'PAY');
  assert.equal(f.churn.entries, 7);
  assert.equal(f.churn.exits, 5);
  assert.equal(f.churn.changes, 12);
  assert.equal(f.churn.now_size, 2);
  assert.equal(f.churn.percent_of_now, 600);
  assert.equal(f.churn.history.length, 12);
  assert.deepEqual(f.churn.history.slice(0, 2).map((h) => [h.key, h.from, h.to]), [['PAY-1', 'unplanned', 'now'], ['PAY-2', 'unplanned', 'now']]);
  assert.equal(f.churn.weekly.length, 13);
  assert.equal(f.churn.weekly[12], 12);
  // Each of the five exits was unshipped; each stayed well under a day.
  assert.equal(f.dwell.items, 5);
  assert.equal(f.dwell.known, 5);
  assert.equal(f.dwell.median_days, 0);
  assert.deepEqual(f.dwell.history.map((d) => d.key), ['PAY-1', 'PAY-2', 'PAY-3', 'PAY-4', 'PAY-5']);
  assert.deepEqual(f.wip, []);
  assert.equal(f.strategy.vision, null);
  assert.equal(f.strategy.objectives.count, 0);
  assert.deepEqual(f.warnings.map((w) => w.code), ['churn', 'dwell']);
  assert.equal(f.thresholds.churn_percent, 50);
  // Shipping out of Now is not a dwell: PAY-1 shipped, then taken off the board.
  const f1 = await feature('PAY-1');
  await ok('pm', 'PATCH', '/api/v1/features/PAY-1', { body: { status: 'shipped', horizon: 'unplanned' }, ifMatch: f1.version });
  const g = await ok('viewer', 'GET', '/api/v1/focus?product=PAY');
  assert.equal(g.churn.exits, 6);
  assert.equal(g.dwell.items, 5);
  // The CLI gives the same figures.
  const cli = await k.cliJson(['focus', '--product', 'PAY']);
  assert.deepEqual({ ...cli.churn, since: null }, { ...g.churn, since: null });
  assert.deepEqual(cli.dwell, g.dwell);
  assert.deepEqual(cli.warnings, g.warnings);
  const text = await k.cli(['focus', '--product', 'PAY']);
  assert.match(text.stdout, /Churn: +13 changes in 30 days \(7 in, 6 out\)/);
  assert.match(text.stdout, /WARNING: +Now changed 13 times/);
  // Bad requests.
  assert.equal((await api('viewer', 'GET', '/api/v1/focus')).status, 422);
  assert.equal((await api('viewer', 'GET', '/api/v1/focus?product=NOPE')).status, 404);
  assert.equal((await api('viewer', 'GET', '/api/v1/focus?product=PAY&window=7')).status, 400);
  assert.equal((await k.cli(['focus'])).code, 2);
  assert.equal((await k.cli(['focus', '--product', 'NOPE'])).code, 4);
  // The page: figures, warnings, the history and the decisions, escaped.
  const web = await k.session(k.users.viewer.email, PASSWORD);
  const page = await web.get('/focus?product=PAY');
  assert.equal(page.status, 200);
  assertHtmlDocument(page.text, 'focus page');
  assert.match(page.text, /<svg class="sparkline"/);
  assert.match(page.text, /Focus is eroding/);
  assert.match(page.text, /13 changes: 7 in, 6 out/);
  assert.ok(!page.text.includes('<script>alert(1)'), 'the reason is escaped');
  assert.ok(htmlDecode(page.text).includes(HOSTILE));
  assert.match(page.text, /disputes first/);
  const index = await web.get('/focus');
  assert.match(index.text, /href="\/focus\?product=PAY"/);
  assert.equal((await web.get('/focus?product=NOPE')).status, 404);
  // A viewer sees no way to move features into Now.
  const fp = await web.get('/features/PAY-4');
  assert.ok(!fp.text.includes('/features/PAY-4/tradeoff'));
});

/** Runs SQL on the workspace directly (teams and their capacity are another area's commands). */
async function sql(statements) {
  const r = process.env.KEEL_BACKEND === 'postgresql'
    ? await run('psql', [k.db, '-v', 'ON_ERROR_STOP=1', '-q', '-c', statements])
    : await run('sqlite3', [k.db, statements]);
  assert.equal(r.code, 0, r.stderr);
}

test('with team capacity for the quarter, Now is measured in person-months; WIP and strategy age', async () => {
  await ok('pm', 'POST', '/api/v1/products', { body: { key: 'CAP', name: 'Capacity' } }, 201);
  for (const [title, effort] of [['Ledger', 5], ['Payroll', 4], ['Audit log', 1]]) {
    await ok('pm', 'POST', '/api/v1/features', {
      body: { product: 'CAP', title, rice: { reach: 10, impact: 1, confidence: 50, effort } },
    }, 201);
  }
  const d = new Date();
  const period = `${d.getUTCFullYear()}-Q${Math.floor(d.getUTCMonth() / 3) + 1}`;
  const now = Math.floor(Date.now() / 1000);
  const cap = "(SELECT id FROM products WHERE key = 'CAP')";
  await sql(`INSERT INTO teams(product_id, name, wip_limit, created_at, updated_at) VALUES (${cap}, 'Core', 1, ${now}, ${now});
    INSERT INTO team_capacity(team_id, period, capacity) SELECT id, '${period}', 6.5 FROM teams WHERE name = 'Core';
    INSERT INTO team_capacity(team_id, period, capacity) SELECT id, '1999-Q1', 100 FROM teams WHERE name = 'Core';
    INSERT INTO vision_revisions(product_id, revision, why, created_at) VALUES (${cap}, 1, 'first', ${now - 20 * 86400});
    INSERT INTO vision_revisions(product_id, revision, why, reason, created_at) VALUES (${cap}, 2, 'second', 'sharper', ${now - 10 * 86400});
    INSERT INTO objectives(product_id, period, title, created_at, updated_at) VALUES (${cap}, '${period}', 'Close books faster', ${now - 5 * 86400}, ${now - 3 * 86400});`);
  // 6.5 person-months: Ledger (5) fits, Payroll (4) does not; Audit log (1) fits beside Ledger.
  assert.equal((await move('CAP-1', { horizon: 'now' })).status, 200);
  const r = await move('CAP-2', { horizon: 'now' });
  assert.equal(r.status, 409, r.text);
  assert.match(r.json.error.message, /Now is at capacity: 5 of 6\.5 person-months used; CAP-2 needs 4/);
  assert.equal(r.json.capacity, 6.5);
  assert.equal(r.json.load, 5);
  assert.equal(r.json.needed, 4);
  assert.equal(r.json.now.basis, 'size');
  assert.equal(r.json.now.team_capacity, 6.5);
  assert.deepEqual(r.json.now.in_now.map((x) => [x.key, x.rice_effort, x.weight]), [['CAP-1', 5, 5]]);
  assert.equal((await move('CAP-3', { horizon: 'now' })).status, 200);
  // Displacing the small one frees too little: 409 naming what it frees.
  const little = await move('CAP-2', { horizon: 'now', displace: ['CAP-3'], reason: 'try' });
  assert.equal(little.status, 409, little.text);
  assert.equal(little.json.freed, 1);
  assert.match(little.json.error.message, /frees only 1/);
  const done = await move('CAP-2', { horizon: 'now', displace: ['CAP-1'], reason: 'payroll first' });
  assert.equal(done.status, 200, done.text);
  // Work in progress of the team, over its limit of 1.
  await sql("UPDATE features SET team_id = (SELECT id FROM teams WHERE name = 'Core'), status = 'in_progress' WHERE title IN ('Payroll', 'Audit log')");
  const f = await ok('viewer', 'GET', '/api/v1/focus?product=CAP');
  assert.deepEqual(f.wip, [{ team: 'Core', in_progress: 2, limit: 1, over: true }]);
  assert.ok(f.warnings.some((w) => w.code === 'wip' && /Core has 2 features in progress/.test(w.message)));
  assert.equal(f.strategy.vision.revision, 2);
  assert.ok(f.strategy.vision.age_days >= 10 && f.strategy.vision.age_days < 10.1);
  assert.equal(f.strategy.vision.changes_in_window, 2);
  assert.equal(f.strategy.objectives.period, period);
  assert.equal(f.strategy.objectives.count, 1);
  assert.ok(f.strategy.objectives.age_days >= 3 && f.strategy.objectives.age_days < 3.1);
  assert.equal(f.now.load, 5); // Payroll 4 + Audit log 1
  const web = await k.session(k.users.viewer.email, PASSWORD);
  const page = await web.get('/focus?product=CAP');
  assert.match(page.text, /<tr class="over"><td>Core<\/td>/);
  assert.match(page.text, /5 of 6\.5 person-months used/);
});

test('moves into the last place in Now at once: one goes in, the others are refused', async () => {
  for (let round = 0; round < 5; round++) {
    const key = `RACE${round}`;
    await ok('pm', 'POST', '/api/v1/products', { body: { key, name: `Race ${round}` } }, 201);
    const p = await ok('pm', 'GET', `/api/v1/products/${key}`);
    await ok('pm', 'PATCH', `/api/v1/products/${key}`, { body: { now_limit: 1 }, ifMatch: p.version });
    const n = 6;
    for (let i = 1; i <= n; i++) await ok('pm', 'POST', '/api/v1/features', { body: { product: key, title: `Racer ${i}` } }, 201);
    const versions = await Promise.all([...Array(n).keys()].map((i) => feature(`${key}-${i + 1}`)));
    const answers = await Promise.all(versions.map((f) => api('pm', 'POST', `/api/v1/features/${f.key}/move`, {
      body: { horizon: 'now' }, ifMatch: f.version })));
    const statuses = answers.map((r) => r.status).sort();
    assert.deepEqual(statuses, [200, ...Array(n - 1).fill(409)], `round ${round}: ${answers.map((r) => r.text).join(' / ')}`);
    const f = await ok('viewer', 'GET', `/api/v1/focus?product=${key}`);
    assert.equal(f.now.load, 1);
  }
});

test('summary', (t) => {
  t.diagnostic(`${checkCount()} checks`);
});
