// outage.test.mjs — PostgreSQL goes away under one `keel serve` node and comes
// back (cluster.mjs; requests straight to the node). While clients write and
// read, the cluster is stopped (pg_ctl stop -m fast) and started again on the
// same port. Meanwhile every request must get 503 with Retry-After and a JSON
// error — no crash, no connection reset, no 2xx for something not stored, no
// signing out of web sessions — /healthz says 503; afterwards the same process
// serves again within seconds, and every write it acknowledged is there.
import { after, before, test } from 'node:test';

import { assert, checkCount, PASSWORD } from './lib.mjs';
import { Cluster, sleep } from './cluster.mjs';

const CLIENTS = 3;
const RECOVERY_MS = 10000; // "within a few seconds", with room for a sanitizer build

let c, k, T;

before(async () => {
  c = await Cluster.start({ nodes: 1, nginx: false });
  k = c.nodes[0];
  T = c.tokens;
  const p = await k.api('POST', '/api/v1/products', { token: T.pm, body: { key: 'OUT', name: 'Outage' } });
  assert.equal(p.status, 201, p.text);
});
after(async () => {
  await c?.stop(); // throws if the node crashed or printed a sanitizer report
});

/** Asserts r is the answer to "the database is away": 503, Retry-After, a JSON error. */
function assertBusy(r, what) {
  assert.equal(r.status, 503, `${what}: ${r.status} ${r.text.slice(0, 200)}`);
  const ra = r.headers.get('retry-after');
  assert.match(ra || '', /^[1-9][0-9]*$/, `${what}: Retry-After is ${JSON.stringify(ra)}`);
  assert.match(r.headers.get('content-type') || '', /^application\/json/, `${what}: not JSON`);
  assert.equal(r.json.error.code, 'busy', `${what}: ${r.text}`);
  assert.ok(r.json.error.message.length > 0, `${what}: no message`);
}

/** All features of product OUT, through the API (every page). */
async function listAll(token = T.viewer) {
  const items = [];
  let after = '';
  for (;;) {
    const r = await k.api('GET', `/api/v1/features?product=OUT&status=all&sort=rank&limit=500${after}`, { token });
    assert.equal(r.status, 200, r.text);
    items.push(...r.json.items);
    if (r.json.next === null) return items;
    after = `&after=${encodeURIComponent(r.json.next)}`;
  }
}

test('PostgreSQL stops and starts under load: 503 + Retry-After meanwhile, never a wrong answer; acknowledged writes survive', async (t) => {
  // What each client knows of the features it made (only it writes them, one request at a time):
  // key -> {version, title} as last acknowledged, and pending: titles answered 503, perhaps stored.
  const known = new Map();
  let phase = 'before'; // before | stopping | down | starting | after
  const tally = {};
  const count = (p, what) => (tally[`${p} ${what}`] = (tally[`${p} ${what}`] || 0) + 1);
  const problems = []; // wrong answers, collected (asserting inside the loops would only stop one client)
  let running = true;

  /** Classifies an answer: 'ok' (okStatus), 'busy' (a proper 503) or 'other'. An answer is judged by
   * the phase it was asked in and the one it came in: only a request wholly inside the outage must
   * fail, and only one wholly before it must succeed. */
  function classify(r, what, okStatus) {
    const [asked, answered] = r.phases;
    const within = (p) => asked === p && answered === p;
    if (r.status === okStatus) {
      if (within('down')) problems.push(`${what}: ${r.status} while PostgreSQL was down`);
      count(asked, 'ok');
      return 'ok';
    }
    if (r.status === 503) {
      try {
        assertBusy(r, what);
      } catch (e) {
        problems.push(e.message);
      }
      if (within('before')) problems.push(`${what}: 503 before the outage: ${r.text}`);
      count(asked, 'busy');
      return 'busy';
    }
    count(asked, String(r.status));
    return 'other';
  }

  async function request(method, p, opts, what) {
    const asked = phase;
    try {
      const r = await k.api(method, p, opts);
      r.phases = [asked, phase];
      return r;
    } catch (e) {
      problems.push(`${what}: ${method} ${p} failed at the connection (${asked} → ${phase}): ${e.cause?.code || ''} ${e.message}`);
      count(asked, 'reset');
      return null;
    }
  }

  /** The state a GET returned must be the acknowledged one, or one of the writes left in doubt. */
  function checkState(key, got, what) {
    const s = known.get(key);
    if (got.version === s.version && got.title === s.title) return;
    if (got.version > s.version && s.pending.includes(got.title)) return;
    problems.push(`${what}: ${key} is version ${got.version} "${got.title}"; acknowledged: version ${s.version} "${s.title}", in doubt: ${JSON.stringify(s.pending)}`);
  }

  async function client(n) {
    const mine = [];
    for (let i = 0; running; i++) {
      // A write: a new feature, or a change to one of mine.
      if (mine.length === 0 || i % 3 === 0) {
        const title = `c${n}-${i} new`;
        const r = await request('POST', '/api/v1/features', { token: T.pm, body: { product: 'OUT', title } }, `client ${n} create`);
        if (r && classify(r, `client ${n} create`, 201) === 'ok') {
          if (r.json.title !== title || r.json.version !== 1) problems.push(`create answered ${r.text}`);
          known.set(r.json.key, { version: 1, title, pending: [] });
          mine.push(r.json.key);
        } else if (r && r.status !== 503) problems.push(`client ${n} create: ${r.status} ${r.text}`);
      } else {
        const key = mine[i % mine.length];
        const s = known.get(key);
        const title = `c${n}-${i} edit`;
        const r = await request('PATCH', `/api/v1/features/${key}`, { token: T.pm, ifMatch: s.version, body: { title } }, `client ${n} edit`);
        if (r) {
          const kind = classify(r, `client ${n} edit ${key}`, 200);
          if (kind === 'ok') {
            if (r.json.title !== title || r.json.version !== s.version + 1) problems.push(`edit ${key} answered ${r.text}`);
            Object.assign(s, { version: r.json.version, title, pending: [] });
          } else if (kind === 'busy') {
            s.pending.push(title);
          } else if (r.status === 412 && s.pending.length) {
            // An earlier edit answered 503 was stored after all: learn the current state.
            const g = await request('GET', `/api/v1/features/${key}`, { token: T.viewer }, `client ${n} resync`);
            if (g && g.status === 200) {
              checkState(key, g.json, `client ${n} resync`);
              Object.assign(s, { version: g.json.version, title: g.json.title, pending: [] });
            }
          } else {
            problems.push(`client ${n} edit ${key} (If-Match ${s.version}): ${r.status} ${r.text}`);
          }
        }
      }
      // A read of one of mine, and the list (cached per worker until the workspace changes).
      if (mine.length) {
        const key = mine[(i * 7) % mine.length];
        const r = await request('GET', `/api/v1/features/${key}`, { token: T.viewer }, `client ${n} read`);
        if (r && classify(r, `client ${n} read ${key}`, 200) === 'ok') checkState(key, r.json, `client ${n} read`);
        else if (r && r.status !== 503) problems.push(`client ${n} read ${key}: ${r.status} ${r.text}`);
      }
      if (i % 5 === 0) {
        const r = await request('GET', '/api/v1/features?product=OUT&status=all&limit=500', { token: T.viewer }, `client ${n} list`);
        if (r && classify(r, `client ${n} list`, 200) === 'ok') {
          const byKey = new Map(r.json.items.map((f) => [f.key, f]));
          for (const key of mine) {
            const s = known.get(key);
            if (s.version === 1 && s.pending.length === 0 && r.json.next !== null) continue; // may be on a later page
            if (!byKey.has(key)) {
              if (r.json.next === null) problems.push(`client ${n} list: ${key} is missing`);
              continue;
            }
            checkState(key, byKey.get(key), `client ${n} list`);
          }
        } else if (r && r.status !== 503) problems.push(`client ${n} list: ${r.status} ${r.text}`);
      }
      await sleep(15);
    }
  }

  // A web session, signed in before the outage, must survive it.
  const web = await k.session(c.users.pm.email, PASSWORD);
  const cookie = web.cookies.get('keel_session');

  /** Runs the outage while the clients work; returns how long recovery took (ms). */
  async function outage() {
    await sleep(1500);
    phase = 'stopping';
    await c.pg.stop();
    phase = 'down';
    await sleep(1000);
    assert.equal(k.proc.exitCode, null, 'keel is still running');
    const health = await k.api('GET', '/healthz');
    assert.equal(health.status, 503, `/healthz while PostgreSQL is down: ${health.text}`);
    assert.match(health.text, /unavailable/);
    assert.ok(health.headers.get('retry-after'), '/healthz while down has Retry-After');
    // A probe that happens to carry credentials gets the same plain answer:
    // the health check does not ask the (absent) database about them.
    const probe = await k.api('GET', '/healthz', { headers: { Authorization: 'Bearer not-checked', Cookie: 'keel_session=x' } });
    assert.equal(probe.status, 503);
    assert.match(probe.text, /^database unavailable/);
    assert.equal(probe.headers.get('set-cookie'), null, '/healthz does not touch the session cookie');
    // A signed-in browser is not signed out because the database cannot be asked about its session.
    const me = await web.get('/api/v1/me');
    assertBusy(me, 'GET /api/v1/me with a session');
    const page = await web.get('/backlog');
    assert.equal(page.status, 503, `GET /backlog with a session: ${page.status} ${page.location || ''}`);
    assert.ok(page.headers.get('retry-after'), 'the busy page has Retry-After');
    assert.equal(web.cookies.get('keel_session'), cookie, 'the session cookie was kept');
    const form = await web.post('/ideas', { product: 'OUT', title: 'during the outage' });
    assert.equal(form.status, 503, `a form post during the outage: ${form.status}`);
    assert.equal(web.cookies.get('keel_session'), cookie, 'the session cookie was kept');
    await sleep(1000);
    assert.equal(k.proc.exitCode, null, 'keel is still running');

    phase = 'starting';
    await c.pg.start(c.pg.port);
    const back = Date.now();
    phase = 'after';
    // The clients notice by themselves; wait until writes succeed again.
    while (!(tally['after ok'] > CLIENTS * 3)) {
      if (!running) throw new Error(`the clients stopped: ${problems[problems.length - 1]}`);
      assert.ok(Date.now() - back < RECOVERY_MS, `no success ${RECOVERY_MS} ms after PostgreSQL came back: ${JSON.stringify(tally)}`);
      await sleep(50);
    }
    const took = Date.now() - back;
    await sleep(1500);
    return took;
  }

  const clients = Array.from({ length: CLIENTS }, (_, n) => client(n));
  // The clients stop when the test does, however it ends; and at once if keel dies.
  k.exited.then((st) => {
    if (running) problems.push(`keel serve died: ${JSON.stringify(st)}\n${k.serverStderr.slice(-3000)}`);
    running = false;
  });
  let recovered;
  try {
    recovered = await outage();
  } finally {
    running = false;
    await Promise.all(clients);
  }

  t.diagnostic(`answers: ${JSON.stringify(tally)}; recovered ${recovered} ms after PostgreSQL was back`);
  assert.deepEqual(problems, [], problems.slice(0, 20).join('\n'));
  assert.ok(tally['before ok'] > 20, 'the clients worked before the outage');
  assert.ok(tally['down busy'] > 20, 'the clients met the outage');
  assert.equal(tally['down ok'], undefined, 'nothing succeeded while PostgreSQL was down');
  assert.ok(tally['after ok'] > 20, 'the clients worked after the outage');

  // Once back, everything answers: no 503 left over on any worker's connection.
  for (let i = 0; i < 20; i++) {
    const r = await k.api('GET', `/api/v1/features?product=OUT&status=all&limit=${i + 1}`, { token: T.viewer });
    assert.equal(r.status, 200, `request ${i} after recovery: ${r.text}`);
  }
  assert.equal((await k.api('GET', '/healthz')).status, 200);
  const me2 = await web.get('/api/v1/me');
  assert.equal(me2.status, 200, `the session works again: ${me2.text}`);
  assert.equal(me2.json.email, c.users.pm.email);

  // Every acknowledged write is there (the API, and a separate process reading the database).
  const listed = new Map((await listAll()).map((f) => [f.key, f]));
  const cli = await k.cliJson(['feature', 'list', '--product', 'OUT', '--status', 'all', '--limit', '500']);
  const viaCli = new Map(cli.items.map((f) => [f.key, f]));
  assert.ok(known.size > 20, `only ${known.size} features were acknowledged`);
  for (const [key, s] of known) {
    const f = listed.get(key);
    assert.ok(f, `${key} was acknowledged but is gone`);
    if (s.pending.length) assert.ok(f.version >= s.version && (f.version === s.version ? f.title === s.title : s.pending.includes(f.title)), `${key}: ${JSON.stringify(f)} vs ${JSON.stringify(s)}`);
    else {
      assert.equal(f.version, s.version, `${key} version`);
      assert.equal(f.title, s.title, `${key} title`);
    }
    if (cli.next === null) assert.deepEqual(viaCli.get(key)?.version, f.version, `${key} through the CLI`);
  }

  // Changes and their audit records were stored together or not at all.
  for (const f of listed.values()) {
    const h = await k.api('GET', `/api/v1/features/${f.key}/history?limit=500`, { token: T.viewer });
    assert.equal(h.status, 200, h.text);
    const actions = h.json.items.map((e) => e.action);
    assert.equal(actions.filter((a) => a === 'feature.create').length, 1, `${f.key} creation audited once`);
    assert.equal(actions.filter((a) => a === 'feature.update').length, f.version - 1, `${f.key}: one audit entry per version`);
  }
});

test('summary', (t) => {
  t.diagnostic(`${checkCount()} checks`);
});
