// planning.test.mjs — teams, capacity, allocation, dependencies and the
// planner through the real binary, on SQLite and PostgreSQL: the CLI and the
// API as a user drives them, bad input refused naming the field with nothing
// changed (negative capacity, shares over 100, a dependency cycle, stale
// versions, unknown fields), who may change what, the planner's answer on a
// case where the greedy choice is wrong (same answer from CLI and API), and
// the /plan page and the feature page's planning section (stored text escaped).
import { after, before, test } from 'node:test';

import { assert, assertHtmlDocument, checkCount, htmlDecode, Keel, PASSWORD } from './lib.mjs';

let k;
let T; // role -> API token
const Q = '2026-Q4';

async function ok(method, p, { token = T.pm, body, ifMatch, status } = {}) {
  const r = await k.api(method, p, { token, body, ifMatch });
  if (status) assert.equal(r.status, status, `${method} ${p}: ${r.text}`);
  else assert.ok(r.status >= 200 && r.status < 300, `${method} ${p}: ${r.status} ${r.text}`);
  return r.json;
}

function isError(r, status, field, message) {
  assert.equal(r.status, status, `expected ${status}, got ${r.status}: ${r.text}`);
  assert.ok(r.json && r.json.error, `an error body: ${r.text}`);
  if (field !== undefined) assert.equal(r.json.error.field, field, `field of ${r.text}`);
  if (message) assert.match(r.json.error.message, message);
}

/** Everything planning keeps, to check that a refused change left it alone. */
async function snapshot() {
  const teams = await ok('GET', `/api/v1/teams?product=PAY&period=${Q}`);
  const alloc = await ok('GET', `/api/v1/products/PAY/allocation?period=${Q}`);
  const deps = [];
  for (let n = 1; n <= 6; n++) deps.push(await ok('GET', `/api/v1/features/PAY-${n}/dependencies`));
  const audit = await k.auditCount();
  return { teams, alloc, deps, audit };
}

async function unchanged(what, fn) {
  const before = await snapshot();
  await fn();
  assert.deepEqual(await snapshot(), before, `${what}: something changed`);
}

const feature = (title, reach, effort) =>
  ok('POST', '/api/v1/features', {
    body: { product: 'PAY', title, rice: { reach, impact: 1, confidence: 100, effort } },
    status: 201,
  });

before(async () => {
  k = await Keel.start();
  T = Object.fromEntries(Object.entries(k.users).map(([r, u]) => [r, u.token]));
  await ok('POST', '/api/v1/products', { body: { key: 'PAY', name: 'Payments' }, status: 201 });
  // RICE scores: reach / effort (impact 1, confidence 100%).
  await feature('Small quick win', 20, 2); // PAY-1: score 10, size 2 (ratio 5)
  await feature('Big one A', 81, 9); //       PAY-2: score 9, size 9 (ratio 1)
  await feature('Big one B', 81, 9); //       PAY-3: score 9, size 9
  await feature('<script>alert(1)</script> & co', 30, 3); // PAY-4: score 10, size 3, on Edge
  await feature('Needs the hostile one', 40, 1); // PAY-5: score 40, size 1, will depend on PAY-4
  await feature('Unscored', 1, 1); // PAY-6: its RICE score is cleared below
});
after(async () => {
  await k?.stop();
});

test('teams: CLI and API add, list, edit, capacity; duplicates, bad values and stale versions refused', async () => {
  const add = await k.cli(['team', 'add', '--product', 'PAY', '--name', 'Core', '--wip-limit', '3', '--json']);
  assert.equal(add.code, 0, add.stderr);
  const core = JSON.parse(add.stdout);
  assert.equal(core.name, 'Core');
  assert.equal(core.wip_limit, 3);
  const edge = await ok('POST', '/api/v1/teams', { body: { product: 'PAY', name: 'Edge' }, status: 201 });
  assert.equal(edge.wip_limit, null);
  const cap = await k.cli(['team', 'capacity', 'Core', '--product', 'PAY', '--period', Q, '--capacity', '18']);
  assert.equal(cap.code, 0, cap.stderr);
  const e2 = await ok('PUT', `/api/v1/teams/${edge.id}/capacity/${Q}`, { body: { capacity: 3 } });
  assert.equal(e2.capacity, 3);
  const list = await ok('GET', `/api/v1/teams?product=PAY&period=${Q}`, { token: T.viewer });
  assert.equal(list.period, Q);
  assert.deepEqual(list.items.map((t) => [t.name, t.capacity]), [['Core', 18], ['Edge', 3]]);
  const other = await ok('GET', '/api/v1/teams?product=PAY&period=2027-Q1');
  assert.deepEqual(other.items.map((t) => t.capacity), [null, null]);
  const table = await k.cli(['team', 'list', '--product', 'PAY', '--period', Q]);
  assert.match(table.stdout, /Core\s+3\s+18/);

  await unchanged('bad team input', async () => {
    isError(await k.api('POST', '/api/v1/teams', { token: T.pm, body: { product: 'PAY', name: 'Core ' } }), 409, 'name');
    isError(await k.api('POST', '/api/v1/teams', { token: T.pm, body: { product: 'PAY', name: '' } }), 422, 'name');
    isError(await k.api('POST', '/api/v1/teams', { token: T.pm, body: { product: 'PAY', name: 'X', wip_limit: -3 } }), 422, 'wip_limit');
    isError(await k.api('POST', '/api/v1/teams', { token: T.pm, body: { product: 'NOPE', name: 'X' } }), 404, 'product');
    isError(await k.api('POST', '/api/v1/teams', { token: T.pm, body: { product: 'PAY', name: 'X', colour: 'red' } }), 400);
    isError(await k.api('PUT', `/api/v1/teams/${edge.id}/capacity/${Q}`, { token: T.pm, body: { capacity: -1 } }), 422, 'capacity');
    isError(await k.api('PUT', `/api/v1/teams/${edge.id}/capacity/${Q}`, { token: T.pm, body: { capacity: '3' } }), 422, 'capacity');
    isError(await k.api('PUT', `/api/v1/teams/${edge.id}/capacity/2026-Q5`, { token: T.pm, body: { capacity: 3 } }), 422, 'period');
    isError(await k.api('PUT', `/api/v1/teams/999/capacity/${Q}`, { token: T.pm, body: { capacity: 3 } }), 404);
    const neg = await k.cli(['team', 'capacity', 'Edge', '--product', 'PAY', '--period', Q, '--capacity', '-2']);
    assert.notEqual(neg.code, 0);
    assert.match(neg.stderr, /capacity/);
    isError(await k.api('PATCH', `/api/v1/teams/${edge.id}`, { token: T.pm, body: { name: 'Edgy' } }), 428);
    isError(await k.api('PATCH', `/api/v1/teams/${edge.id}`, { token: T.pm, body: { name: 'Edgy' }, ifMatch: 7 }), 412, 'version');
    isError(await k.api('PATCH', `/api/v1/teams/${edge.id}`, { token: T.pm, body: { name: 'Core' }, ifMatch: 1 }), 409, 'name');
    isError(await k.api('POST', '/api/v1/teams', { token: T.viewer, body: { product: 'PAY', name: 'Viewers' } }), 403);
    isError(await k.api('POST', '/api/v1/teams', { body: { product: 'PAY', name: 'Anon' } }), 401);
    isError(await k.api('DELETE', `/api/v1/teams/${edge.id}`, { token: T.pm, ifMatch: 9 }), 412);
  });
  const renamed = await ok('PATCH', `/api/v1/teams/${edge.id}`, { body: { name: 'Edge', wip_limit: 2 }, ifMatch: 1 });
  assert.equal(renamed.version, 2);
  assert.equal(renamed.wip_limit, 2);
  // A team that goes away leaves its features without a team.
  const tmp = await ok('POST', '/api/v1/teams', { body: { product: 'PAY', name: 'Temporary' }, status: 201 });
  await ok('PATCH', '/api/v1/features/PAY-6', { body: { team: 'Temporary' }, ifMatch: '*' });
  await ok('DELETE', `/api/v1/teams/${tmp.id}`, { ifMatch: tmp.version });
  assert.equal((await ok('GET', '/api/v1/features/PAY-6/dependencies')).team, null);
  isError(await k.api('GET', `/api/v1/teams/${tmp.id}`, { token: T.pm }), 404);
});

test('feature planning fields through PATCH and feature edit; bad values refused naming the field', async () => {
  for (const n of [1, 2, 3]) await ok('PATCH', `/api/v1/features/PAY-${n}`, { body: { team: 'Core', category: 'innovation' }, ifMatch: '*' });
  const e = await k.cli(['feature', 'edit', 'PAY-4', '--team', 'Edge', '--size', '3', '--category', 'infrastructure']);
  assert.equal(e.code, 0, e.stderr);
  await ok('PATCH', '/api/v1/features/PAY-5', { body: { team: 'Core', size: 1, category: 'customer_requests' }, ifMatch: '*' });
  await ok('PATCH', '/api/v1/features/PAY-6', { body: { team: 'Core', rice: null, size: 1 }, ifMatch: '*' });
  const p4 = await ok('GET', '/api/v1/features/PAY-4/dependencies');
  assert.deepEqual([p4.team.name, p4.size, p4.category], ['Edge', 3, 'infrastructure']);
  const before = await ok('GET', '/api/v1/features/PAY-4');
  await unchanged('bad feature planning fields', async () => {
    const v = before.version;
    isError(await k.api('PATCH', '/api/v1/features/PAY-4', { token: T.pm, body: { category: 'fun' }, ifMatch: v }), 422, 'category');
    isError(await k.api('PATCH', '/api/v1/features/PAY-4', { token: T.pm, body: { team: 'Nobody' }, ifMatch: v }), 422, 'team');
    isError(await k.api('PATCH', '/api/v1/features/PAY-4', { token: T.pm, body: { size: -2 }, ifMatch: v }), 422, 'size');
    isError(await k.api('PATCH', '/api/v1/features/PAY-4', { token: T.pm, body: { size: 'big' }, ifMatch: v }), 422, 'size');
    isError(await k.api('PATCH', '/api/v1/features/PAY-4', { token: T.pm, body: { team: 'Core' }, ifMatch: v - 1 }), 412);
    const cli = await k.cli(['feature', 'edit', 'PAY-4', '--size', '0']);
    assert.notEqual(cli.code, 0);
    assert.match(cli.stderr, /size/);
  });
  assert.equal((await ok('GET', '/api/v1/features/PAY-4')).version, before.version);
});

test('dependencies: add, list, remove; a cycle is refused naming depends_on and the cycle', async () => {
  const r = await ok('POST', '/api/v1/features/PAY-5/dependencies', { body: { on: 'PAY-4' }, status: 201 });
  assert.deepEqual(r.depends_on, ['PAY-4']);
  const c = await k.cli(['feature', 'depends', 'PAY-3', '--on', 'PAY-5', '--json']);
  assert.equal(c.code, 0, c.stderr);
  assert.deepEqual(JSON.parse(c.stdout).depends_on, ['PAY-5']);
  assert.deepEqual((await ok('GET', '/api/v1/features/PAY-4/dependencies')).needed_by, ['PAY-5']);
  await unchanged('bad dependencies', async () => {
    const cyc = await k.api('POST', '/api/v1/features/PAY-4/dependencies', { token: T.pm, body: { on: 'PAY-3' } });
    isError(cyc, 409, 'depends_on', /PAY-4 -> PAY-3 -> PAY-5 -> PAY-4/);
    const cli = await k.cli(['feature', 'depends', 'PAY-4', '--on', 'PAY-3']);
    assert.equal(cli.code, 6, cli.stderr);
    assert.match(cli.stderr, /cycle/);
    isError(await k.api('POST', '/api/v1/features/PAY-4/dependencies', { token: T.pm, body: { on: 'PAY-4' } }), 409, 'depends_on');
    isError(await k.api('POST', '/api/v1/features/PAY-5/dependencies', { token: T.pm, body: { on: 'PAY-4' } }), 409);
    isError(await k.api('POST', '/api/v1/features/PAY-5/dependencies', { token: T.pm, body: { on: 'PAY-99' } }), 422, 'on');
    isError(await k.api('POST', '/api/v1/features/PAY-5/dependencies', { token: T.pm, body: {} }), 422, 'on');
    isError(await k.api('POST', '/api/v1/features/PAY-5/dependencies', { token: T.pm, body: { on: 4 } }), 422, 'on');
    isError(await k.api('DELETE', '/api/v1/features/PAY-5/dependencies?on=PAY-1', { token: T.pm }), 404);
    isError(await k.api('POST', '/api/v1/features/PAY-5/dependencies', { token: T.viewer, body: { on: 'PAY-1' } }), 403);
  });
  await ok('DELETE', '/api/v1/features/PAY-3/dependencies?on=PAY-5');
  assert.deepEqual((await ok('GET', '/api/v1/features/PAY-3/dependencies')).depends_on, []);
});

test('the planner: the optimum across teams and dependencies, the cut line, misses and why, on CLI and API', async () => {
  // Core has 18 person-months: PAY-1 (score 10, size 2), PAY-2 and PAY-3 (9
  // each, size 9), PAY-5 (40, size 1, needs PAY-4 on Edge), PAY-6 (unscored,
  // size 1). Edge has 3: PAY-4 (10, size 3). Both big ones together (18) would
  // leave no room for PAY-5 and PAY-1 (50), so the optimum takes PAY-5, PAY-1,
  // PAY-6 and one big one on Core (13 of 18) and PAY-4 on Edge: 69.
  const plan = await ok('GET', `/api/v1/plan?product=PAY&period=${Q}`, { token: T.viewer });
  assert.equal(plan.optimal, true);
  assert.equal(plan.gap, 0);
  assert.equal(plan.framework, 'rice');
  assert.equal(plan.total_score, 40 + 10 + 10 + 9);
  const sel = plan.selected.map((f) => f.key);
  assert.equal(sel[0], 'PAY-5');
  assert.ok(sel.includes('PAY-4') && sel.includes('PAY-1') && sel.includes('PAY-6'), JSON.stringify(sel));
  assert.equal(sel.filter((x) => x === 'PAY-2' || x === 'PAY-3').length, 1);
  assert.deepEqual(plan.capacity, { Core: { capacity: 18, used: 13 }, Edge: { capacity: 3, used: 3 } });
  assert.equal(plan.missed.length, 1);
  assert.equal(plan.missed[0].why, 'capacity');
  assert.match(plan.missed[0].reason, /capacity of team Core: 5 of 18 person-months left, needs 9/);
  assert.deepEqual(plan.unscored, ['PAY-6']);
  assert.deepEqual(plan.incomplete, []);
  assert.equal(plan.cut_line.after, sel[sel.length - 1]);
  const cli = await k.cli(['plan', '--product', 'PAY', '--period', Q, '--json']);
  assert.equal(cli.code, 0, cli.stderr);
  const fromCli = JSON.parse(cli.stdout);
  assert.deepEqual(fromCli.selected, plan.selected);
  assert.deepEqual(fromCli.missed, plan.missed);
  const text = await k.cli(['plan', '--product', 'PAY', '--period', Q]);
  assert.match(text.stdout, /optimal/);
  assert.match(text.stdout, /--- cut line/);
  // Less room on Edge: PAY-4 misses, and PAY-5 with it, for the dependency.
  await ok('PUT', `/api/v1/teams/${(await ok('GET', '/api/v1/teams?product=PAY')).items[1].id}/capacity/${Q}`, { body: { capacity: 2 } });
  const tight = await ok('GET', `/api/v1/plan?product=PAY&period=${Q}`);
  const why = Object.fromEntries(tight.missed.map((m) => [m.key, m]));
  assert.equal(why['PAY-4'].why, 'capacity');
  assert.equal(why['PAY-5'].why, 'dependency');
  assert.equal(why['PAY-5'].dependency, 'PAY-4');
  // Core: PAY-1, one big one and PAY-6 (10 + 9) beat both big ones (18).
  assert.equal(tight.total_score, 10 + 9);
  // A feature without a team is not a candidate: listed as incomplete.
  await ok('POST', '/api/v1/features', { body: { product: 'PAY', title: 'No team yet' }, status: 201 });
  assert.deepEqual((await ok('GET', `/api/v1/plan?product=PAY&period=${Q}`)).incomplete, ['PAY-7']);
  // Bad requests.
  isError(await k.api('GET', '/api/v1/plan?product=PAY&period=Q4', { token: T.pm }), 422, 'period');
  isError(await k.api('GET', '/api/v1/plan?product=NOPE', { token: T.pm }), 404, 'product');
  isError(await k.api('GET', '/api/v1/plan', { token: T.pm }), 422, 'product');
  isError(await k.api('GET', '/api/v1/plan?product=PAY&colour=red', { token: T.pm }), 400);
  isError(await k.api('GET', '/api/v1/plan?product=PAY'), 401);
  // Without a period: the current quarter (no capacity set there: nothing fits).
  const now = await ok('GET', '/api/v1/plan?product=PAY');
  assert.match(now.period, /^\d{4}-Q[1-4]$/);
});

test('allocation targets: set, shown against what is on Now; bad shares refused', async () => {
  const set = await k.cli(['allocation', 'set', '--product', 'PAY', '--period', Q, 'innovation=50', 'infrastructure=30', '--json']);
  assert.equal(set.code, 0, set.stderr);
  await ok('POST', '/api/v1/features/PAY-1/move', { body: { horizon: 'now' }, ifMatch: '*' });
  await ok('POST', '/api/v1/features/PAY-4/move', { body: { horizon: 'now' }, ifMatch: '*' });
  const a = await ok('GET', `/api/v1/products/PAY/allocation?period=${Q}`, { token: T.viewer });
  assert.equal(a.basis, 'now');
  assert.equal(a.total.planned, 5);
  const cat = Object.fromEntries(a.total.categories.map((c) => [c.category, c]));
  assert.deepEqual([cat.innovation.target, cat.innovation.actual, cat.innovation.gap], [50, 40, -10]);
  assert.deepEqual([cat.infrastructure.target, cat.infrastructure.actual, cat.infrastructure.gap], [30, 60, 30]);
  assert.equal(cat.objectives.target, null);
  const core = a.teams.find((t) => t.team && t.team.name === 'Core');
  assert.equal(core.planned, 2);
  await unchanged('bad shares', async () => {
    const p = `/api/v1/products/PAY/allocation?period=${Q}`;
    isError(await k.api('PUT', p, { token: T.pm, body: { innovation: 70, infrastructure: 40 } }), 422, 'share');
    isError(await k.api('PUT', p, { token: T.pm, body: { innovation: -5 } }), 422, 'innovation');
    isError(await k.api('PUT', p, { token: T.pm, body: { objectives: 101 } }), 422, 'objectives');
    isError(await k.api('PUT', p, { token: T.pm, body: { fun: 10 } }), 400);
    isError(await k.api('PUT', `/api/v1/products/PAY/allocation?period=2026-Q9`, { token: T.pm, body: { innovation: 5 } }), 422, 'period');
    isError(await k.api('PUT', p, { token: T.viewer, body: { innovation: 5 } }), 403);
    const cli = await k.cli(['allocation', 'set', '--product', 'PAY', '--period', Q, 'innovation=80', 'objectives=30']);
    assert.notEqual(cli.code, 0);
    assert.match(cli.stderr, /100/);
  });
  // The targets bind the planner: innovation may use 50% of 20 = 10 person-months.
  const plan = await ok('GET', `/api/v1/plan?product=PAY&period=${Q}`);
  assert.equal(plan.allocation.innovation.cap, 10);
  assert.ok(plan.allocation.innovation.used <= 10);
});

test('the /plan page and the feature page show the plan, escaped, without a script', async () => {
  const web = await k.session(k.users.viewer.email, PASSWORD);
  const r = await web.get(`/plan?product=PAY&period=${Q}`);
  assert.equal(r.status, 200);
  assertHtmlDocument(r.text, '/plan');
  assert.ok(r.text.includes('<svg class="capacity-bar"'), 'capacity bars');
  assert.ok(r.text.includes('Cut line'), 'cut line');
  assert.ok(!r.text.includes('<script>alert(1)'), 'hostile title escaped');
  assert.ok(htmlDecode(r.text).includes('<script>alert(1)</script> & co'));
  assert.match(htmlDecode(r.text), /allocation target of category innovation: \d+ person-months left/);
  const bad = await web.get('/plan?product=PAY&period=nope');
  assert.equal(bad.status, 422);
  assert.ok(!r.text.includes('action="/plan/capacity"'), 'a viewer gets no capacity form');
  // A PM sets a capacity from the page; a negative one is refused and changes nothing.
  const pm = await k.session(k.users.pm.email, PASSWORD);
  const page = await pm.get(`/plan?product=PAY&period=${Q}`);
  assert.ok(page.text.includes('action="/plan/capacity"'));
  const edge = (await ok('GET', `/api/v1/teams?product=PAY&period=${Q}`)).items.find((t) => t.name === 'Edge');
  const refused = await pm.post('/plan/capacity', { product: 'PAY', period: Q, team: String(edge.id), capacity: '-4' });
  assert.equal(refused.status, 422);
  assert.match(htmlDecode(refused.text), /capacity must be from 0/);
  assert.equal((await ok('GET', `/api/v1/teams/${edge.id}?period=${Q}`)).capacity, edge.capacity);
  const noCsrf = await pm.post('/plan/capacity', { product: 'PAY', period: Q, team: String(edge.id), capacity: '4' }, { csrf: null });
  assert.equal(noCsrf.status, 403);
  const set = await pm.post('/plan/capacity', { product: 'PAY', period: Q, team: String(edge.id), capacity: '4' });
  assert.equal(set.status, 303);
  assert.equal(set.location, `/plan?product=PAY&period=${Q}&done=saved`);
  assert.equal((await ok('GET', `/api/v1/teams/${edge.id}?period=${Q}`)).capacity, 4);
  const f = await web.get('/features/PAY-5');
  assert.equal(f.status, 200);
  assert.ok(f.text.includes('<h2>Planning</h2>'));
  assert.ok(f.text.includes('href="/features/PAY-4"'));
});

test('summary', () => {
  assert.ok(checkCount() > 80, `only ${checkCount()} checks`);
});
